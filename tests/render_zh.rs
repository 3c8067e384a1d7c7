//! The reader's screens in Chinese (`--lang zh`, or a Chinese locale): every
//! text of the interface comes in Chinese, so a screen speaks one language.
//! A test binary of its own: the language is chosen for the whole process.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use std::sync::Arc;
use wikiread::app::{Action, App, Input};
use wikiread::corpus::Corpus;
use wikiread::i18n::{Lang, set_lang};
use wikiread::keymap;
use wikiread::ui::{self, Theme};

fn app(title: &str, width: u16, height: u16) -> App {
    set_lang(Lang::Zh);
    let corpus = Arc::new(Corpus::builtin());
    let start = corpus.resolve_title(title);
    App::new(
        corpus,
        start,
        Rect {
            x: 0,
            y: 0,
            width,
            height,
        },
    )
}

/// The screen as text, one line per row (wide characters once).
fn screen(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
    let keymap = keymap::preset("default").expect("the default keymap");
    terminal
        .draw(|frame| {
            ui::draw(frame, app, &keymap, Theme { color: false });
        })
        .expect("draws");
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..height {
        let mut skip = 0;
        for x in 0..width {
            if skip > 0 {
                skip -= 1; // the second cell of a double-width character
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
            out.push_str(symbol);
        }
        out.push('\n');
    }
    out
}

/// English words of the interface that must not be on a Chinese screen.
const ENGLISH: [&str; 14] = [
    "help",
    "Footnotes",
    "cited",
    "Entities",
    "Categories",
    "Find",
    "articles",
    "Everywhere",
    "Quit",
    "Scroll",
    "Resume",
    "no text",
    "not in the corpus",
    "indexing",
];

fn assert_chinese(text: &str, what: &str) {
    for word in ENGLISH {
        assert!(!text.contains(word), "{what}: {word:?} in\n{text}");
    }
}

#[test]
fn the_reader_speaks_chinese_in_every_pane() {
    let mut app = app("東突厥斯坦共和國", 120, 40);
    let text = screen(&app, 120, 40);
    assert!(text.contains("注释 · 屏幕上引用"), "{text}");
    assert!(text.contains("实体 220"), "{text}");
    assert!(text.contains("帮助"), "{text}");
    assert!(text.contains("（原文无注释内容）"), "{text}");
    assert_chinese(&text, "the article");

    app.update(Action::NextLink);
    app.update(Action::NextLink);
    let text = screen(&app, 120, 40);
    assert!(text.contains("不在语料库中"), "{text}");
    assert_chinese(&text, "a focused link");

    app.update(Action::Help);
    let text = screen(&app, 120, 40);
    assert!(
        text.contains("帮助 · 按键") && text.contains("全局"),
        "{text}"
    );
    assert!(text.contains("退出"), "{text}");
    assert_chinese(&text, "the help");
    app.update(Action::FocusArticle);

    app.update(Action::Finder);
    for c in "zzt".chars() {
        app.apply(Input::Typed(c));
    }
    let text = screen(&app, 120, 40);
    assert!(text.contains("查找 · 条目"), "{text}");
    assert_chinese(&text, "the finder");
}

#[test]
fn messages_and_the_sidebar_speak_chinese() {
    let mut app = app("伊犁危機", 120, 40);
    app.update(Action::SearchNext);
    let text = screen(&app, 120, 40);
    assert!(text.contains("没有搜索"), "{text}");
    app.update(Action::FocusSidebar);
    app.update(Action::Bottom);
    let text = screen(&app, 120, 40);
    assert!(text.contains("分类"), "{text}");
    assert_chinese(&text, "the sidebar");
    // Enter on a category lists its members in the finder's category scope.
    app.update(Action::Follow);
    let text = screen(&app, 120, 40);
    assert!(text.contains("查找 · 分类"), "{text}");
    assert_chinese(&text, "the category's finder");
}
