//! End-to-end tests of the interactive reader: `wikiread` runs in a pseudo-
//! terminal, keys are typed as a terminal sends them, and a `vt100` parser
//! shows what a person would see (see `e2e/harness.rs`). Every step waits
//! for a screen condition; nothing sleeps for correctness.

#[path = "e2e/harness.rs"]
mod harness;

use harness::{
    BACKSPACE, ENTER, ESC, SHIFT_TAB, TAB, Tui, position, row_has_inverse, rows, show, status,
};
use std::process::{Command, Stdio};

const EAST_TURKESTAN: &str = "東突厥斯坦共和國";
const RUSSIAN_INVASION: &str = "俄羅斯入侵突厥斯坦";
const ILI_CRISIS: &str = "伊犁危機";

/// The status bar starts with the title, padded by a space each side.
fn titled(screen: &vt100::Screen, title: &str) -> bool {
    status(screen).starts_with(&format!(" {title} "))
}

/// Presses Tab until the status bar satisfies `cond` (at most `limit` times).
fn tab_until(tui: &mut Tui, what: &str, limit: usize, cond: impl Fn(&str) -> bool) -> String {
    for _ in 0..limit {
        let screen = tui.press(TAB);
        let bar = status(&screen);
        if cond(&bar) {
            return bar;
        }
    }
    panic!(
        "no {what} after {limit} Tabs; the screen:\n{}",
        show(&tui.screen())
    );
}

/// The footnote pane's title row (` Footnotes · …`).
fn footnote_title_row(screen: &vt100::Screen) -> Option<usize> {
    rows(screen)
        .iter()
        .position(|r| r.starts_with(" Footnotes"))
}

/// True when the footnote pane's title is drawn as the active pane's (bold).
fn footnote_pane_active(screen: &vt100::Screen) -> bool {
    footnote_title_row(screen).is_some_and(|row| {
        // Column 1 holds 注, after the title's leading space.
        screen.cell(row as u16, 1).is_some_and(|c| c.bold())
    })
}

#[test]
fn opening_an_article_shows_its_footnotes_without_a_key() {
    let tui = Tui::spawn(&["--open", EAST_TURKESTAN], 24, 80);
    let screen = tui.wait_for("footnote 3 in the footnote pane", |s| {
        footnote_title_row(s).is_some_and(|title| {
            rows(s)[title + 1..]
                .iter()
                .any(|r| r.starts_with("[3] 劉學銚，新疆史論"))
        })
    });
    assert!(titled(&screen, EAST_TURKESTAN), "{}", show(&screen));
}

#[test]
fn following_a_link_and_going_back_returns_to_the_same_place() {
    let mut tui = Tui::spawn(&["--open", RUSSIAN_INVASION], 30, 100);
    tui.wait_for("the article", |s| titled(s, RUSSIAN_INVASION));
    let bar = tab_until(&mut tui, "link to 伊犁危機", 80, |bar| {
        bar.contains(&format!("→ {ILI_CRISIS}"))
    });
    let before = position(&bar).unwrap_or_else(|| panic!("no position in {bar:?}"));

    tui.send(ENTER);
    let screen = tui.wait_for("伊犁危機 opened", |s| {
        titled(s, ILI_CRISIS) && rows(s)[0].trim_start().starts_with(ILI_CRISIS)
    });
    assert!(status(&screen).contains("←1"), "{}", show(&screen));

    tui.send(BACKSPACE);
    let screen = tui.wait_for("back at the link", |s| {
        titled(s, RUSSIAN_INVASION) && position(&status(s)).as_deref() == Some(&before)
    });
    assert!(
        status(&screen).contains(&format!("→ {ILI_CRISIS}")),
        "the link is focused again:\n{}",
        show(&screen)
    );

    // Shift-Tab leaves the link, Tab comes back to it.
    tui.send(SHIFT_TAB);
    tui.wait_for("the previous link", |s| {
        !status(s).contains(&format!("→ {ILI_CRISIS}"))
    });
    tui.send(TAB);
    tui.wait_for("the link again", |s| {
        status(s).contains(&format!("→ {ILI_CRISIS}"))
            && position(&status(s)) == Some(before.clone())
    });
}

#[test]
fn following_a_citation_and_going_back_refocuses_it() {
    let mut tui = Tui::spawn(&["--open", EAST_TURKESTAN], 24, 80);
    tui.wait_for("the article", |s| titled(s, EAST_TURKESTAN));
    let bar = tab_until(&mut tui, "citation", 40, |bar| bar.contains("citation ["));
    let number: String = bar
        .split("citation [")
        .nth(1)
        .and_then(|rest| rest.split(']').next())
        .unwrap_or_default()
        .to_string();
    assert!(number.parse::<u32>().is_ok(), "citation number in {bar:?}");
    let marker = format!("[{number}] ");
    let bar_text = format!("citation [{number}]");

    tui.send(ENTER);
    let screen = tui.wait_for("the footnote selected in its pane", |s| {
        let Some(title) = footnote_title_row(s) else {
            return false;
        };
        let rows = rows(s);
        let first = title + 1;
        footnote_pane_active(s)
            && rows
                .get(first)
                .is_some_and(|r| r.starts_with(&marker) && r.trim_end().len() > marker.len())
            && row_has_inverse(s, first as u16)
    });
    assert!(status(&screen).contains(&bar_text), "{}", show(&screen));

    tui.send(BACKSPACE);
    let screen = tui.wait_for("the citation focused again", |s| {
        let Some(title) = footnote_title_row(s) else {
            return false;
        };
        let last = rows(s).len() - 1;
        status(s).contains(&bar_text)
            && !footnote_pane_active(s)
            // No footnote highlighted; the citation in the article is.
            && (title + 1..last).all(|r| !row_has_inverse(s, r as u16))
            && (0..title).any(|r| row_has_inverse(s, r as u16))
    });
    assert!(titled(&screen, EAST_TURKESTAN), "{}", show(&screen));
}

#[test]
fn help_opens_with_question_mark_and_closes_with_escape() {
    let mut tui = Tui::spawn(&["--open", EAST_TURKESTAN], 24, 80);
    tui.wait_for("the article", |s| titled(s, EAST_TURKESTAN));
    tui.send("?");
    tui.wait_text(" Help · keys ");
    tui.wait_text("Quit");
    tui.send(ESC);
    tui.wait_for("the help closed", |s| {
        let text = s.contents();
        !text.contains(" Help · keys ") && !text.contains("Quit") && titled(s, EAST_TURKESTAN)
    });
}

#[test]
fn resizing_to_tiny_and_back_keeps_reading() {
    let mut tui = Tui::spawn(&["--open", EAST_TURKESTAN], 24, 80);
    tui.wait_for("the article", |s| titled(s, EAST_TURKESTAN));
    tui.resize(6, 20);
    let screen = tui.wait_for("the article in 20×6", |s| {
        rows(s)[0].contains("东突厥斯坦") && status(s).contains('%')
    });
    assert!(!screen.contents().contains("terminal too small"));
    tui.resize(4, 19);
    tui.wait_text("terminal too small");
    tui.resize(24, 80);
    let screen = tui.wait_for("the reader at full size", |s| {
        titled(s, EAST_TURKESTAN) && s.contents().contains("Footnotes")
    });
    assert!(!screen.contents().contains("terminal too small"));
}

/// The bytes after the last "leave the alternate screen" hold no text: only
/// escape sequences (showing the cursor, resetting modes).
fn assert_left_alternate_screen_last(raw: &[u8]) {
    const ENTER_ALT: &[u8] = b"\x1b[?1049h";
    const LEAVE_ALT: &[u8] = b"\x1b[?1049l";
    let find_last = |needle: &[u8]| raw.windows(needle.len()).rposition(|w| w == needle);
    let entered = find_last(ENTER_ALT).expect("the reader entered the alternate screen");
    let left = find_last(LEAVE_ALT).expect("the reader left the alternate screen");
    assert!(left > entered, "the alternate screen was entered again");
    let tail = &raw[left + LEAVE_ALT.len()..];
    let tail_text = String::from_utf8_lossy(tail);
    let mut rest = tail;
    while let Some(&first) = rest.first() {
        assert_eq!(
            first, 0x1b,
            "only escape sequences follow leaving the alternate screen: {tail_text:?}"
        );
        // ESC [ params final
        assert_eq!(rest.get(1), Some(&b'['), "a CSI sequence: {tail_text:?}");
        let end = rest[2..]
            .iter()
            .position(|b| (0x40..=0x7e).contains(b))
            .unwrap_or_else(|| panic!("an unfinished sequence: {tail_text:?}"));
        rest = &rest[2 + end + 1..];
    }
}

/// True when the `Debug` text of the pty's local modes names `flag`.
fn has_mode(modes: &str, flag: &str) -> bool {
    modes
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|word| word == flag)
}

fn assert_cooked(tui: &Tui) {
    let modes = tui.local_modes();
    assert!(
        has_mode(&modes, "ICANON") && has_mode(&modes, "ECHO"),
        "raw mode is off: {modes}"
    );
}

#[test]
fn quitting_restores_the_terminal() {
    let mut tui = Tui::spawn(&["--open", EAST_TURKESTAN], 24, 80);
    let screen = tui.wait_for("the article", |s| titled(s, EAST_TURKESTAN));
    assert!(screen.alternate_screen());
    let modes = tui.local_modes();
    assert!(
        !has_mode(&modes, "ICANON") && !has_mode(&modes, "ECHO"),
        "raw mode while reading: {modes}"
    );
    assert!(has_mode(&modes, "ECHOE"), "the modes are named: {modes}");

    tui.send("q");
    let status = tui.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    let screen = tui.screen();
    assert!(!screen.alternate_screen(), "still on the alternate screen");
    assert!(!screen.hide_cursor(), "the cursor is still hidden");
    assert_left_alternate_screen_last(&tui.raw());
    assert_cooked(&tui);
}

fn signal_restores_the_terminal(signal: &str, number: u32) {
    let mut tui = Tui::spawn(&["--open", EAST_TURKESTAN], 24, 80);
    tui.wait_for("the article", |s| titled(s, EAST_TURKESTAN));
    tui.signal(signal);
    let status = tui.wait_exit();
    assert_eq!(
        (status.exit_code(), status.signal()),
        (128 + number, None),
        "SIG{signal} exits with 128 + {number}"
    );
    let screen = tui.screen();
    assert!(!screen.alternate_screen(), "still on the alternate screen");
    assert_left_alternate_screen_last(&tui.raw());
    assert_cooked(&tui);
}

#[test]
fn sigterm_restores_the_terminal() {
    signal_restores_the_terminal("TERM", 15);
}

#[test]
fn sighup_restores_the_terminal() {
    signal_restores_the_terminal("HUP", 1);
}

#[test]
fn sigint_and_sigquit_from_outside_restore_the_terminal() {
    // Before, both left the terminal raw, in the alternate screen.
    signal_restores_the_terminal("INT", 2);
    signal_restores_the_terminal("QUIT", 3);
}

/// The saved sessions (reading places) in the state directory of `tui`.
fn saved_sessions(tui: &Tui) -> Vec<String> {
    let dir = tui.state_dir().join("wikiread");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("session-"))
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .collect()
}

#[test]
fn a_dropped_connection_or_sigterm_saves_the_reading_place() {
    // Before, the place was saved only on `q`.
    for (signal, number) in [("HUP", 1), ("TERM", 15)] {
        let mut tui = Tui::spawn(&["--open", EAST_TURKESTAN], 24, 80);
        tui.wait_for("the article", |s| titled(s, EAST_TURKESTAN));
        tui.send("   ");
        tui.wait_for("three pages down", |s| {
            position(&status(s)).is_some_and(|p| !p.starts_with("4%"))
        });
        assert!(saved_sessions(&tui).is_empty(), "nothing saved yet");
        tui.signal(signal);
        let status = tui.wait_exit();
        assert_eq!(status.exit_code(), 128 + number, "SIG{signal}");
        let saved = saved_sessions(&tui);
        assert_eq!(saved.len(), 1, "SIG{signal}: {saved:?}");
        assert!(saved[0].contains("\"scroll\""), "{}", saved[0]);
        assert!(!saved[0].contains("\"scroll\": 0"), "{}", saved[0]);
    }
}

#[test]
fn a_stopped_reader_takes_the_terminal_again_when_continued() {
    let mut tui = Tui::spawn(&["--open", EAST_TURKESTAN], 24, 80);
    tui.wait_for("the article", |s| titled(s, EAST_TURKESTAN));
    tui.signal("TSTP");
    tui.wait_for("the main screen while stopped", |s| !s.alternate_screen());
    assert_cooked(&tui);
    tui.signal("CONT");
    let screen = tui.wait_for("the article drawn again", |s| {
        s.alternate_screen() && titled(s, EAST_TURKESTAN)
    });
    assert!(
        screen.contents().contains("东突厥斯坦"),
        "{}",
        show(&screen)
    );
    let modes = tui.local_modes();
    assert!(!has_mode(&modes, "ICANON"), "raw again: {modes}");
    tui.send("q");
    assert!(tui.wait_exit().success());
}

/// The OSC sequences (`ESC ]` … BEL or `ESC \\`) in `raw`.
fn osc_sequences(raw: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(raw);
    text.match_indices("\u{1b}]")
        .map(|(at, _)| {
            let rest = &text[at..];
            let end = rest
                .find(['\u{7}', '\u{9c}'])
                .or_else(|| rest.find("\u{1b}\\"))
                .map_or(rest.len(), |end| end + 1);
            rest[..end].to_string()
        })
        .collect()
}

/// No BEL, C1 CSI/OSC or OSC sequence anywhere in `raw`.
fn assert_no_stray_controls(raw: &[u8], when: &str) {
    let text = String::from_utf8_lossy(raw);
    assert_eq!(osc_sequences(raw), Vec::<String>::new(), "OSC {when}");
    assert!(!raw.contains(&0x07), "a BEL reached the terminal {when}");
    assert!(
        !text.contains(['\u{9b}', '\u{9d}']),
        "a C1 control reached the terminal {when}"
    );
}

#[test]
fn control_bytes_in_an_article_never_reach_the_terminal() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("Evil.md"),
        "start \u{1b}]52;c;SGVsbG8=\u{7} osc \u{1b}[2J clear \u{9b}31m csi \u{7} bell end\n\n\
         [copy me](https://example.org/a\u{1b}]52;c;SGVsbG8=\u{7}b)\n",
    )
    .expect("write the article");
    // A title (from the file name) with an escape sequence in it.
    std::fs::write(dir.path().join("Esc\u{1b}[31mRed.md"), "red\n").expect("write the article");
    let corpus = dir.path().to_string_lossy().into_owned();
    let mut tui = Tui::spawn(&[&corpus, "--open", "Evil"], 24, 80);
    let screen = tui.wait_for("the article with stand-ins", |s| {
        titled(s, "Evil") && s.contents().contains("copy me")
    });
    let text = screen.contents();
    assert!(
        text.contains("start ␛]52;c;SGVsbG8=␇ osc"),
        "{}",
        show(&screen)
    );
    assert!(text.contains("␛[2J clear"), "{}", show(&screen));
    assert!(text.contains("␇ bell end"), "{}", show(&screen));
    assert_no_stray_controls(&tui.raw(), "showing the article");

    // The finder lists the file-name title without its escape.
    tui.send("o");
    tui.wait_for("the finder", |s| {
        s.contents().contains(" Find · articles ") && s.contents().contains("Red")
    });
    tui.send(ESC);
    tui.wait_for("the popup closed", |s| !s.contents().contains(" Find "));
    assert!(
        !tui.raw().windows(5).any(|w| w == b"\x1b[31m"),
        "the title's escape reached the terminal"
    );
    assert_no_stray_controls(&tui.raw(), "listing titles");

    // The one OSC the reader sends itself: `y` copies the focused URL,
    // base64-encoded, so the URL's own controls stay inert.
    tab_until(&mut tui, "the link", 5, |bar| bar.contains("example.org"));
    tui.send("y");
    tui.wait_for("the URL copied", |s| status(s).contains("copied"));
    let osc = osc_sequences(&tui.raw());
    assert_eq!(osc.len(), 1, "one OSC 52 for one copy: {osc:?}");
    let payload = osc[0]
        .strip_prefix("\u{1b}]52;c;")
        .and_then(|rest| rest.strip_suffix('\u{7}'))
        .unwrap_or_else(|| panic!("an OSC 52 copy: {:?}", osc[0]));
    use base64::Engine;
    let copied = base64::engine::general_purpose::STANDARD
        .decode(payload)
        .expect("base64");
    let copied = String::from_utf8(copied).expect("UTF-8");
    assert!(copied.starts_with("https://example.org/a"), "{copied:?}");
}

#[test]
fn without_a_terminal_the_reader_exits_with_2_and_one_line() {
    let home = tempfile::tempdir().expect("temp dir");
    let output = Command::new(env!("CARGO_BIN_EXE_wikiread"))
        .args(["--open", EAST_TURKESTAN])
        .env("XDG_CACHE_HOME", home.path())
        .env("XDG_STATE_HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("the binary runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty(), "nothing on stdout");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr:?}");
    assert!(stderr.starts_with("wikiread: "), "{stderr:?}");
    assert!(stderr.contains("terminal"), "{stderr:?}");
}

#[test]
fn signals_leave_the_cursor_visible() {
    for signal in ["TERM", "HUP"] {
        let mut tui = Tui::spawn(&["--open", EAST_TURKESTAN], 24, 80);
        tui.wait_for("the article", |s| titled(s, EAST_TURKESTAN));
        tui.signal(signal);
        tui.wait_exit();
        assert!(
            !tui.screen().hide_cursor(),
            "SIG{signal} left the cursor hidden"
        );
    }
}

#[test]
fn a_citation_in_a_short_terminal_shows_its_footnote() {
    let mut tui = Tui::spawn(&["--open", EAST_TURKESTAN], 10, 80);
    tui.wait_for("the article", |s| titled(s, EAST_TURKESTAN));
    tab_until(&mut tui, "citation [1]", 40, |bar| {
        bar.contains("citation [1]")
    });
    tui.send(ENTER);
    tui.wait_text("(no text in the source)");
}

/// User plus system CPU ticks a process has used (Linux `/proc`).
fn cpu_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name (which may hold spaces) start after ')'.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let user: u64 = fields.get(11)?.parse().ok()?;
    let system: u64 = fields.get(12)?.parse().ok()?;
    Some(user + system)
}

#[test]
fn an_idle_reader_uses_no_cpu() {
    let mut tui = Tui::spawn(&["--open", EAST_TURKESTAN], 24, 80);
    tui.wait_for("the article", |s| titled(s, EAST_TURKESTAN));
    // Start-up work off the interface thread (the finder's title index is
    // built in the background) may still be finishing as the article
    // appears: idle means after it.
    std::thread::sleep(std::time::Duration::from_millis(500));
    let Some(before) = cpu_ticks(tui.pid()) else {
        eprintln!("no /proc here: nothing to measure");
        return;
    };
    // Not a timing goal: over a second of waiting, a reader that redraws on a
    // timer would spend ticks; one that blocks on input spends none.
    std::thread::sleep(std::time::Duration::from_secs(1));
    let after = cpu_ticks(tui.pid()).unwrap_or(before);
    assert!(
        after - before <= 1,
        "an idle reader used {} CPU ticks in a second",
        after - before
    );
    tui.send("q");
    tui.wait_exit();
}

/// The screen cell (row, column) where `needle` starts, counting display width.
fn find_on_screen(screen: &vt100::Screen, needle: &str) -> Option<(u16, u16)> {
    rows(screen).iter().enumerate().find_map(|(row, text)| {
        let at = text.find(needle)?;
        let column = unicode_width::UnicodeWidthStr::width(&text[..at]);
        Some((u16::try_from(row).ok()?, u16::try_from(column).ok()?))
    })
}

/// A left click at (row, column) as an SGR mouse report (1-based on the wire).
fn click(tui: &mut Tui, row: u16, column: u16) {
    tui.send(&format!(
        "\x1b[<0;{};{}M\x1b[<0;{};{}m",
        column + 1,
        row + 1,
        column + 1,
        row + 1
    ));
}

#[test]
fn the_mouse_follows_links_and_selects_entities() {
    let mut tui = Tui::spawn(&["--open", RUSSIAN_INVASION], 40, 120);
    let screen = tui.wait_for("the article", |s| titled(s, RUSSIAN_INVASION));
    // The sidebar lists 突厥斯坦 first; clicking it selects it (drawn reversed).
    let (row, column) = find_on_screen(&screen, "突厥斯坦 ×").expect("an entity row");
    click(&mut tui, row, column);
    tui.wait_for("the entity selected", |s| row_has_inverse(s, row));
    // Scroll the 伊犁危機 link into view with the wheel, then click it.
    let mut found = find_on_screen(&tui.screen(), "伊犁危機");
    for _ in 0..30 {
        if found.is_some_and(|(_, c)| c < 80) {
            break;
        }
        tui.send("\x1b[<65;10;5M"); // wheel down over the article
        std::thread::sleep(std::time::Duration::from_millis(30));
        found = find_on_screen(&tui.screen(), "伊犁危機").filter(|&(_, c)| c < 80);
    }
    let (row, column) = found.expect("the link scrolled into view");
    click(&mut tui, row, column + 1);
    tui.wait_for("伊犁危機 opened", |s| titled(s, ILI_CRISIS));
}

#[test]
fn the_finder_opens_an_article_typed_as_pinyin_initials() {
    let mut tui = Tui::spawn(&["--open", RUSSIAN_INVASION], 24, 80);
    tui.wait_for("the article", |s| titled(s, RUSSIAN_INVASION));
    tui.send("\x10"); // Ctrl-p
    tui.wait_text("Find · articles");
    tui.send("ylwj");
    tui.wait_for("伊犁危機 as the one match", |s| {
        let rows = rows(s);
        rows.iter()
            .any(|r| r.contains("› ylwj") && r.contains("1/1"))
            && rows.iter().any(|r| r.contains(&format!("  {ILI_CRISIS}")))
    });
    tui.send(ENTER);
    tui.wait_for("伊犁危機 open and the finder closed", |s| {
        titled(s, ILI_CRISIS) && !s.contents().contains("Find · ")
    });
}

#[test]
fn the_finder_edits_its_query_and_closes_with_escape() {
    let mut tui = Tui::spawn(&["--open", RUSSIAN_INVASION], 24, 80);
    tui.wait_for("the article", |s| titled(s, RUSSIAN_INVASION));
    tui.send("o");
    tui.wait_text("Find · articles");
    tui.send("zuo zong xyz");
    tui.wait_text("› zuo zong xyz");
    tui.send("\x17"); // Ctrl-w deletes the last word
    tui.wait_for("the last word deleted", |s| {
        rows(s)
            .iter()
            .any(|r| r.contains("› zuo zong ") && !r.contains("xyz"))
    });
    tui.send("\x1bb"); // Alt-b: a word left, then type at the cursor
    tui.send("@");
    tui.wait_text("› zuo @zong");
    tui.send("\x15"); // Ctrl-u deletes to the start
    tui.wait_for("the query from the cursor on", |s| {
        rows(s).iter().any(|r| r.contains("› zong "))
    });
    tui.send(ESC);
    tui.wait_for("the finder closed", |s| {
        titled(s, RUSSIAN_INVASION) && !s.contents().contains("Find · ")
    });
}

#[test]
fn the_finder_settles_the_count_it_first_gives_as_an_upper_bound() {
    // Enough titles beginning with `xin` for them alone to rank, and titles
    // with the letter pairs of `xin` but not its letters in order (`因西`,
    // yin xi): the count first reads `≤700`, then settles at 600.
    let dir = tempfile::tempdir().expect("a temporary directory");
    let titles = (0..300)
        .map(|i| format!("新{i}"))
        .chain((0..300).map(|i| format!("西{i}宁")))
        .chain((0..100).map(|i| format!("因西{i}")));
    for title in titles {
        std::fs::write(dir.path().join(format!("{title}.md")), "text\n").expect("a file");
    }
    let corpus = dir.path().to_string_lossy().to_string();
    let mut tui = Tui::spawn(&[&corpus, "--open", "新0"], 24, 80);
    tui.wait_text("新0");
    tui.send("\x10"); // Ctrl-p
    tui.wait_text("Find · articles");
    tui.send("xin");
    tui.wait_for("the settled count", |s| {
        rows(s)
            .iter()
            .any(|r| r.contains("› xin") && r.contains("60/600"))
    });
}

#[test]
fn a_corpus_that_opens_at_once_shows_no_opening_screen() {
    // The articles directory opens in milliseconds (its index is built
    // once, in this run's own cache): the first frame is the reader's.
    // (Before, a status message from the opening drew the opening screen
    // and the reader then waited a tenth of a second for a key.)
    let tui = Tui::spawn(&["articles", "--open", ILI_CRISIS], 24, 80);
    tui.wait_for("the article", |s| titled(s, ILI_CRISIS));
    let raw = String::from_utf8_lossy(&tui.raw()).into_owned();
    assert!(!raw.contains("q quits"), "the opening screen was drawn");
}

/// A dump without its index file, read whole before the reader can start:
/// long enough for the opening screen at any speed.
fn slow_dump(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("big.xml");
    let mut xml = String::from("<mediawiki>\n");
    let body = "文字。".repeat(20_000);
    for i in 0..2_000 {
        xml.push_str(&format!(
            "<page><title>條目{i}</title><ns>0</ns><id>{i}</id><revision><text>{body}</text></revision></page>\n"
        ));
    }
    xml.push_str("</mediawiki>\n");
    std::fs::write(&path, xml).expect("write");
    path
}

#[test]
fn a_slow_opening_shows_what_it_does_and_q_leaves() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = slow_dump(dir.path());
    let mut tui = Tui::spawn(&[&path.to_string_lossy()], 24, 80);
    tui.wait_for("the opening screen or the reader", |s| {
        s.contents().contains("q quits") || s.contents().contains("? help")
    });
    tui.send("q");
    let status = tui.wait_exit();
    assert!(status.success(), "{status:?}");
}

#[test]
fn keys_typed_on_the_opening_screen_reach_the_reader() {
    // Before, the opening screen read every key and kept only the ones
    // that leave: a query typed while a big corpus opened was lost.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = slow_dump(dir.path());
    let mut tui = Tui::spawn(&[&path.to_string_lossy()], 24, 80);
    // Typed on the opening screen while the big dump is read (on a machine
    // fast enough to open it before the screen shows, the reader takes
    // them just the same).
    tui.wait_for("the opening screen or the reader", |s| {
        s.contents().contains("q quits") || s.contents().contains("help")
    });
    tui.send("o");
    tui.send("條目1999");
    tui.wait_for("the finder with the query typed ahead", |s| {
        rows(s).iter().any(|r| r.contains("› 條目1999"))
    });
}

#[test]
fn a_burst_of_input_is_read_whole_without_waiting_for_another_key() {
    // Before, crossterm's reader stalled on input of more than about 1 KB
    // sent at once (2000 `j` stopped at 82%; a 9 KB paste left 2.8 KB
    // unread) until the next key came. The burst's last key opens the help.
    let mut tui = Tui::spawn(&["--open", EAST_TURKESTAN], 24, 80);
    tui.wait_for("the article", |s| titled(s, EAST_TURKESTAN));
    tui.send(&format!("{}?", "j".repeat(9000)));
    let screen = tui.wait_for("the help the burst ends with", |s| {
        s.contents().contains("Show the keys")
    });
    assert!(
        position(&status(&screen)).is_some_and(|p| p.starts_with("100%")),
        "{}",
        show(&screen)
    );
}

#[test]
fn with_the_emacs_keymap_a_second_c_s_goes_to_the_next_match() {
    // Before, C-s only started a search, and messages named `/`.
    let mut tui = Tui::spawn(&["--keymap", "emacs", "--open", EAST_TURKESTAN], 24, 80);
    tui.wait_for("the article", |s| titled(s, EAST_TURKESTAN));
    tui.send("\x13");
    tui.send("苏联");
    tui.send("\x13");
    tui.wait_for("the first match", |s| status(s).contains("/苏联  1/"));
    tui.send("\x13");
    tui.wait_for("the second match", |s| status(s).contains("/苏联  2/"));
    tui.send("\x12");
    tui.wait_for("back to the first", |s| status(s).contains("/苏联  1/"));
    // With no search, the message names the keymap's own key.
    tui.send("\x07");
    tui.send("\x1b[6~"); // any key that clears the search state's status
    tui.send("n");
    tui.wait_for("a message naming C-s", |s| {
        status(s).contains("C-s starts one")
    });
}

#[test]
fn a_place_that_cannot_be_saved_is_said_at_the_quit() {
    // Before, a failed save (a read-only state directory) was silent.
    let mut tui = Tui::spawn(&["--open", EAST_TURKESTAN], 24, 80);
    tui.wait_for("the article", |s| titled(s, EAST_TURKESTAN));
    // Where the state directory should be, a file: nothing can be saved.
    std::fs::create_dir_all(tui.state_dir()).expect("state home");
    std::fs::write(tui.state_dir().join("wikiread"), b"not a directory").expect("blocker");
    tui.send(" q");
    let status = tui.wait_exit();
    assert!(status.success(), "{status:?}");
    let raw = String::from_utf8_lossy(&tui.raw()).into_owned();
    assert!(
        raw.contains("could not save the reading place"),
        "{}",
        show(&tui.screen())
    );
}

#[test]
fn an_article_that_cannot_be_opened_says_why() {
    // Before, `--open` on an unreadable article said "The corpus holds no
    // article." and nothing else.
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("伊犁危機.wiki"), "'''伊犁危機'''").expect("write");
    let big = std::fs::File::create(dir.path().join("巨文.md")).expect("create");
    big.set_len(wikiread::corpus::MAX_ARTICLE_BYTES + 1)
        .expect("sparse file");
    drop(big);
    let corpus = dir.path().to_string_lossy().into_owned();
    let tui = Tui::spawn(&[&corpus, "--open", "巨文"], 24, 100);
    let screen = tui.wait_for("the reason", |s| s.contents().contains("too large to open"));
    assert!(
        !screen.contents().contains("holds no article"),
        "{}",
        show(&screen)
    );
    assert!(
        screen.contents().contains("opens the finder"),
        "{}",
        show(&screen)
    );
}

#[test]
fn the_interface_speaks_the_locales_language_or_the_one_asked_for() {
    for tui in [
        Tui::spawn(&["--lang", "zh", "--open", EAST_TURKESTAN], 24, 100),
        Tui::spawn_env(
            &["--open", EAST_TURKESTAN],
            24,
            100,
            &[("LC_ALL", "zh_CN.UTF-8")],
        ),
    ] {
        let screen = tui.wait_for("the article in Chinese", |s| {
            titled(s, EAST_TURKESTAN) && status(s).contains("? 帮助")
        });
        let text = screen.contents();
        assert!(text.contains(" 注释 · 屏幕上引用"), "{}", show(&screen));
        assert!(
            !text.contains("help") && !text.contains("cited"),
            "{}",
            show(&screen)
        );
    }
    // And English when asked, whatever the locale.
    let tui = Tui::spawn_env(
        &["--lang", "en", "--open", EAST_TURKESTAN],
        24,
        100,
        &[("LC_ALL", "zh_CN.UTF-8")],
    );
    tui.wait_for("the article in English", |s| status(s).contains("? help"));
}

#[test]
fn the_pointer_moving_is_not_asked_for_and_costs_nothing() {
    // Before, any-motion tracking (?1003h) was on and every motion drew the
    // whole screen again.
    let mut tui = Tui::spawn(&["--open", EAST_TURKESTAN], 24, 80);
    tui.wait_for("the article", |s| titled(s, EAST_TURKESTAN));
    let raw = String::from_utf8_lossy(&tui.raw()).into_owned();
    assert!(
        raw.contains("\x1b[?1000h") && raw.contains("\x1b[?1006h"),
        "buttons and wheel"
    );
    assert!(
        !raw.contains("\x1b[?1003h") && !raw.contains("\x1b[?1002h"),
        "no motion"
    );
    std::thread::sleep(std::time::Duration::from_millis(500));
    let Some(before) = cpu_ticks(tui.pid()) else {
        eprintln!("no /proc here: nothing to measure");
        return;
    };
    // A terminal that reports motion anyway: SGR "moved" events as a hand
    // moves the pointer (one every 4 ms for a second), then a key that
    // shows they were all read.
    for i in 0..250 {
        tui.send(&format!("\x1b[<35;{};5M", i % 70 + 1));
        std::thread::sleep(std::time::Duration::from_millis(4));
    }
    tui.send("j");
    tui.wait_for("the scroll", |s| {
        position(&status(s)).is_some_and(|p| p.contains("19/"))
    });
    let used = cpu_ticks(tui.pid()).unwrap_or(before) - before;
    eprintln!("250 motions and a key: {used} CPU ticks");
    assert!(used <= 5, "{used} CPU ticks for 250 motions and a key");
}

#[test]
fn the_search_line_takes_the_query_lines_editing_keys() {
    let mut tui = Tui::spawn(&["--open", EAST_TURKESTAN], 24, 80);
    tui.wait_for("the article", |s| titled(s, EAST_TURKESTAN));
    tui.send("/苏x联");
    tui.send("\x1b[D"); // Left
    tui.send(BACKSPACE);
    tui.wait_for("the cursor in the line", |s| status(s).contains("/苏▏联"));
    tui.send(ENTER);
    tui.wait_for("the search", |s| status(s).contains("/苏联  1/"));
}

#[test]
fn the_help_and_the_headings_take_keys_of_their_own() {
    // Before, both read the article's keys.
    let mut tui = Tui::spawn(&["--open", EAST_TURKESTAN], 24, 80);
    tui.wait_for("the article", |s| titled(s, EAST_TURKESTAN));
    tui.send("t");
    tui.wait_text(" Contents ");
    tui.send("t");
    tui.wait_for("the list closed", |s| !s.contents().contains(" Contents "));
    tui.send("?");
    tui.wait_text(" Help · keys ");
    tui.send(ENTER);
    tui.wait_for("the help closed", |s| {
        !s.contents().contains(" Help · keys ")
    });
}

#[test]
fn a_key_that_changes_nothing_draws_nothing() {
    // Before, every event drew the screen again.
    let mut tui = Tui::spawn(&["--open", EAST_TURKESTAN], 24, 80);
    tui.wait_for("the article", |s| titled(s, EAST_TURKESTAN));
    std::thread::sleep(std::time::Duration::from_millis(300));
    let before = tui.raw().len();
    // `z` is bound to nothing; `k` at the top moves nothing.
    tui.send("zkzk");
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert_eq!(tui.raw().len(), before, "something was drawn");
    tui.send("j");
    tui.wait_for("the scroll", |s| {
        position(&status(s)).is_some_and(|p| p.contains("19/"))
    });
}

#[test]
fn ctrl_z_suspends_the_reader_as_in_a_shell() {
    // Before, raw mode swallowed Ctrl-Z and nothing happened.
    let mut tui = Tui::spawn(&["--open", EAST_TURKESTAN], 24, 80);
    tui.wait_for("the article", |s| titled(s, EAST_TURKESTAN));
    tui.send("\x1a");
    tui.wait_for("the main screen while stopped", |s| !s.alternate_screen());
    assert_cooked(&tui);
    tui.signal("CONT");
    tui.wait_for("the article again", |s| {
        s.alternate_screen() && titled(s, EAST_TURKESTAN)
    });
    tui.send("q");
    assert!(tui.wait_exit().success());
}

#[test]
fn full_text_search_works_while_its_index_is_built_in_the_background() {
    // A fresh cache: the reader builds the full-text index itself.
    let mut tui = Tui::spawn_cold(&["--open", EAST_TURKESTAN], 24, 100);
    tui.wait_for("the article", |s| titled(s, EAST_TURKESTAN));
    tui.send("o");
    tui.send("/左宗棠");
    // Its one result, with the count (a title list would show all five).
    tui.wait_for("the full-text result", |s| {
        let screen = s.contents();
        screen.contains("/左宗棠") && screen.contains("1/1") && screen.contains("清军收复新疆之战")
    });
    tui.send(ENTER);
    tui.wait_for("the article searched", |s| {
        status(s).contains("/左宗棠  1/")
    });
    tui.send("n");
    tui.wait_for("the next match", |s| status(s).contains("/左宗棠  2/"));
}
