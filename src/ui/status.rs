//! The status bar: title, position, history depth, where the focused link
//! leads (or the latest message), and the help key. Reads state only.

use super::sidebar::truncate;
use super::theme::Theme;
use crate::app::App;
use crate::corpus::Resolution;
use crate::i18n::Text;
use crate::layout::wrap::text_width;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// The title of the article the focused link names, if it names one.
fn focused_title(page: &crate::app::page::Page) -> Option<&str> {
    match page.focus.and_then(|t| page.layout.targets.get(t))? {
        crate::layout::Target::Link(crate::document::LinkTarget::Article { title, .. }) => {
            Some(title.as_str())
        }
        _ => None,
    }
}

/// An address without its scheme (`zh.wikipedia.org/wiki/…`).
fn short_address(url: &str) -> &str {
    url.split_once("://").map_or(url, |(_, rest)| rest)
}

/// Draws the status bar in `area`.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let width = usize::from(area.width);
    let Some(page) = app.page() else {
        // Why no article is open, when something says so.
        let text = match app.message() {
            Some(message) => format!(" {message} "),
            None => crate::tr!(Text::StatusNoArticle),
        };
        let text = truncate(&text, width);
        frame.render_widget(Paragraph::new(text).style(theme.status()), area);
        return;
    };
    let height = app.article_height();
    let total = page.layout.lines.len().max(1);
    let last_visible = (page.scroll + height).min(total);
    let percent = if page.max_scroll(height) == 0 {
        100
    } else {
        last_visible * 100 / total
    };
    let position = format!("{percent}% {last_visible}/{total}");
    let history = match (app.history().back_len(), app.history().forward_len()) {
        (0, 0) => String::new(),
        (back, 0) => format!(" ←{back}"),
        (0, forward) => format!(" →{forward}"),
        (back, forward) => format!(" ←{back} →{forward}"),
    };
    let indexing = app
        .indexing()
        .and_then(|i| i.progress.as_ref())
        .map(|p| format!("{}  ", crate::app::indexing::progress_label(p)))
        .or_else(|| {
            // The full-text index, once the corpus's own is done.
            let full_text = app.full_text();
            let progress = full_text.progress.filter(|_| full_text.is_building())?;
            let percent = (progress.done * 100)
                .checked_div(progress.total)
                .unwrap_or(100);
            Some(format!("{}  ", crate::tr!(Text::SearchIndexing, percent)))
        })
        .unwrap_or_default();
    let help = app.key_name(crate::app::Action::Help);
    let help = crate::tr!(Text::StatusHelp, help);
    let right = format!("{indexing}{position}{history}  {help} ");
    let search_state = app.search().map(|search| match search.current {
        Some(i) => format!("/{}  {}/{}", search.query, i + 1, search.matches.len()),
        None => format!(
            "/{}  {}",
            search.query,
            crate::tr!(Text::StatusMatches, search.matches.len())
        ),
    });
    let middle = match (app.message(), page.focused_resolution()) {
        _ if app.input().is_some() => app.input().map_or_else(String::new, |line| {
            let at = line.cursor.min(line.text.len());
            let prompt = if app.is_note_input() {
                crate::tr!(Text::NotePrompt)
            } else {
                "/".to_string()
            };
            format!("{prompt}{}▏{}", &line.text[..at], &line.text[at..])
        }),
        _ if app.hints().is_some() => {
            crate::tr!(Text::StatusHint, app.hints().unwrap_or(""))
        }
        (Some(message), _) => message.to_string(),
        _ if app.is_opening() => crate::tr!(Text::OpeningArticle),
        (None, None) if search_state.is_some() => search_state.unwrap_or_default(),
        (None, Some(Resolution::InCorpus(id))) => {
            let title = app.corpus().entry(*id).map_or("", |e| e.title);
            format!("→ {}", page.script.show(title))
        }
        (None, Some(Resolution::NotInCorpus { url })) => {
            // The title first: the address is what gives way.
            let readable = crate::wiki::titles::readable_url(url);
            let address = short_address(&readable);
            match focused_title(page) {
                Some(title) => crate::tr!(
                    Text::StatusTitleNotInCorpus,
                    page.script.show(title),
                    address
                ),
                None => crate::tr!(Text::StatusNotInCorpus, address),
            }
        }
        (None, Some(Resolution::External { url })) => {
            format!("↗ {}", crate::wiki::titles::readable_url(url))
        }
        (None, None) => match page.focus.and_then(|t| page.layout.targets.get(t)) {
            Some(crate::layout::Target::Citation(n)) => {
                let follow = app.key_name(crate::app::Action::Follow);
                crate::tr!(Text::StatusCitation, n, follow)
            }
            _ => String::new(),
        },
    };
    // What the user is typing, or a message, matters more than the title.
    let urgent = app.input().is_some() || app.hints().is_some() || app.message().is_some();
    let title = if urgent {
        " ".to_string()
    } else {
        format!(" {} ", page.script.show(&page.article.title))
    };
    let room = width.saturating_sub(text_width(&right));
    let title = truncate(&title, room.min(width / 2).max(1));
    let middle_room = room.saturating_sub(text_width(&title) + 1);
    let middle = truncate(&middle, middle_room);
    let gap = room.saturating_sub(text_width(&title) + text_width(&middle));
    let text = format!("{title}{middle}{}{right}", " ".repeat(gap));
    let text = truncate(&text, width);
    frame.render_widget(Paragraph::new(Line::raw(text)).style(theme.status()), area);
}
