//! One key press: a key code and the Ctrl/Alt/Shift modifiers held with it.
//!
//! Keys are written in keymap files as `j`, `G`, `<C-p>`, `<A-Left>`,
//! `<S-Tab>`, `<lt>` and so on; [`Key`] parses ([`FromStr`]) and prints
//! ([`Display`](fmt::Display)) that notation, and converts from crossterm's
//! key events. Both roads end in one normal form, so a key typed on the
//! terminal equals the key written in the file: a character carries no Shift
//! (`G` is the character G, whatever produced it) and Shift+Tab is `<S-Tab>`.
//!
//! This module only describes keys; it never reads files, binds keys to
//! actions or talks to the terminal.

use std::fmt;
use std::str::FromStr;

/// The key itself, without modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyCode {
    /// A character, as typed (so `G`, not Shift+g; `' '` is the space bar).
    Char(char),
    Tab,
    Enter,
    Esc,
    Backspace,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    Delete,
    Insert,
    /// A function key, `F1` to `F24`.
    F(u8),
    /// A key that cannot be written in a keymap (media keys, Caps Lock, a
    /// key pressed with Super). It never matches a binding.
    Unbindable,
}

/// The modifiers held with a key. Alt and Meta are the same modifier.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Modifiers {
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
}

impl Modifiers {
    /// No modifier held.
    pub const NONE: Modifiers = Modifiers {
        ctrl: false,
        alt: false,
        shift: false,
    };

    fn is_empty(self) -> bool {
        self == Modifiers::NONE
    }
}

/// A key press in normal form (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: Modifiers,
}

/// Names that may stand inside `<…>`, compared case-insensitively; the first
/// name of each code is the one [`Key`]'s `Display` writes.
const NAMED_KEYS: &[(&str, KeyCode)] = &[
    ("Tab", KeyCode::Tab),
    ("Enter", KeyCode::Enter),
    ("Return", KeyCode::Enter),
    ("CR", KeyCode::Enter),
    ("Esc", KeyCode::Esc),
    ("Escape", KeyCode::Esc),
    ("Space", KeyCode::Char(' ')),
    ("Backspace", KeyCode::Backspace),
    ("BS", KeyCode::Backspace),
    ("Up", KeyCode::Up),
    ("Down", KeyCode::Down),
    ("Left", KeyCode::Left),
    ("Right", KeyCode::Right),
    ("PageUp", KeyCode::PageUp),
    ("PageDown", KeyCode::PageDown),
    ("Home", KeyCode::Home),
    ("End", KeyCode::End),
    ("Delete", KeyCode::Delete),
    ("Del", KeyCode::Delete),
    ("Insert", KeyCode::Insert),
    ("lt", KeyCode::Char('<')),
    ("gt", KeyCode::Char('>')),
];

/// The highest function key a keymap may name.
const MAX_F: u8 = 24;

impl Key {
    /// A key with no modifiers.
    pub const fn plain(code: KeyCode) -> Key {
        Key {
            code,
            modifiers: Modifiers::NONE,
        }
    }

    /// The character `c` with Ctrl held (`<C-c>`).
    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            modifiers: Modifiers {
                ctrl: true,
                alt: false,
                shift: false,
            },
        }
    }

    /// A key from its parts, brought to normal form: Shift on a letter makes
    /// it upper case and Shift on any other character is dropped (the
    /// character already says what Shift did).
    pub fn new(code: KeyCode, modifiers: Modifiers) -> Key {
        match code {
            KeyCode::Char(c) if modifiers.shift => Key {
                code: KeyCode::Char(upper_if_single(c)),
                modifiers: Modifiers {
                    shift: false,
                    ..modifiers
                },
            },
            _ => Key { code, modifiers },
        }
    }

    /// The key of a crossterm event, or `None` for a key release (terminals
    /// that report releases send every key twice).
    pub fn from_press(event: &crossterm::event::KeyEvent) -> Option<Key> {
        match event.kind {
            crossterm::event::KeyEventKind::Release => None,
            _ => Some(Key::from(*event)),
        }
    }

    /// The character this key types into a text field (the finder's query),
    /// if it is a printable character without Ctrl or Alt.
    pub fn typed_char(self) -> Option<char> {
        match self.code {
            KeyCode::Char(c) if !self.modifiers.ctrl && !self.modifiers.alt && !c.is_control() => {
                Some(c)
            }
            _ => None,
        }
    }
}

/// `c` in upper case when that is a single character (letters), else `c`.
fn upper_if_single(c: char) -> char {
    let mut upper = c.to_uppercase();
    match (upper.next(), upper.next()) {
        (Some(u), None) => u,
        _ => c,
    }
}

/// Why a key name could not be read. Its `Display` is the whole message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyParseError(String);

impl fmt::Display for KeyParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for KeyParseError {}

impl FromStr for Key {
    type Err = KeyParseError;

    fn from_str(text: &str) -> Result<Key, KeyParseError> {
        let mut chars = text.chars();
        match (chars.next(), chars.next()) {
            (None, _) => Err(KeyParseError(
                "empty key name \"\" (write \"<Space>\" for the space bar)".to_string(),
            )),
            (Some(c), None) => parse_single_char(c, text),
            (Some('<'), Some(_)) => parse_bracketed(text),
            _ => Err(KeyParseError(format!(
                "\"{text}\" is more than one key (write each key as its own string, \
                 as in [\"g\", \"g\"])"
            ))),
        }
    }
}

fn parse_single_char(c: char, text: &str) -> Result<Key, KeyParseError> {
    if c.is_control() {
        return Err(unknown_key(text));
    }
    Ok(Key::plain(KeyCode::Char(c)))
}

fn unknown_key(text: &str) -> KeyParseError {
    KeyParseError(format!("unknown key name \"{}\"", text.escape_debug()))
}

/// `<…>`: modifiers (`C-`, `A-`, `M-`, `S-`, any case) then a key name.
fn parse_bracketed(text: &str) -> Result<Key, KeyParseError> {
    let Some(inner) = text.strip_prefix('<').and_then(|t| t.strip_suffix('>')) else {
        return Err(KeyParseError(format!(
            "unknown key name \"{text}\" (no closing \">\"; write \"<lt>\" for the < key)"
        )));
    };
    let (modifiers, name) = split_modifiers(inner);
    let code = parse_code(name).ok_or_else(|| unknown_key(text))?;
    if modifiers.shift && matches!(code, KeyCode::Char(c) if !c.is_alphabetic() && c != ' ') {
        return Err(KeyParseError(format!(
            "Shift with \"{name}\" in \"{text}\": write the character Shift gives instead"
        )));
    }
    Ok(Key::new(code, modifiers))
}

/// Takes leading `X-` modifier prefixes off `inner`; the key name is what
/// remains (never empty, so `<C-->` is Ctrl with the `-` key).
fn split_modifiers(mut inner: &str) -> (Modifiers, &str) {
    let mut modifiers = Modifiers::NONE;
    while let Some((flag, rest)) = modifier_prefix(inner) {
        match flag {
            'c' => modifiers.ctrl = true,
            's' => modifiers.shift = true,
            _ => modifiers.alt = true,
        }
        inner = rest;
    }
    (modifiers, inner)
}

/// The modifier letter (lower case) at the start of `text` and the text
/// after its `-`, if `text` starts with one and something follows.
fn modifier_prefix(text: &str) -> Option<(char, &str)> {
    let mut chars = text.chars();
    let flag = chars.next()?.to_ascii_lowercase();
    let rest = chars.as_str().strip_prefix('-')?;
    let is_modifier = matches!(flag, 'c' | 'a' | 'm' | 's');
    (is_modifier && !rest.is_empty()).then_some((flag, rest))
}

/// A key name inside `<…>`: one character (kept as written) or a name
/// (case-insensitive).
fn parse_code(name: &str) -> Option<KeyCode> {
    let mut chars = name.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return (!c.is_control()).then_some(KeyCode::Char(c));
    }
    if let Some(&(_, code)) = NAMED_KEYS
        .iter()
        .find(|(known, _)| known.eq_ignore_ascii_case(name))
    {
        return Some(code);
    }
    parse_function_key(name)
}

fn parse_function_key(name: &str) -> Option<KeyCode> {
    let digits = name.strip_prefix(['F', 'f'])?;
    if digits.starts_with('0') || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u8 = digits.parse().ok()?;
    (1..=MAX_F).contains(&n).then_some(KeyCode::F(n))
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let KeyCode::Char(c) = self.code
            && self.modifiers.is_empty()
            && is_plain_char(c)
        {
            return write!(f, "{c}");
        }
        f.write_str("<")?;
        for (held, prefix) in [
            (self.modifiers.ctrl, "C-"),
            (self.modifiers.alt, "A-"),
            (self.modifiers.shift, "S-"),
        ] {
            if held {
                f.write_str(prefix)?;
            }
        }
        write_code(self.code, f)?;
        f.write_str(">")
    }
}

/// A character written as itself outside `<…>`.
fn is_plain_char(c: char) -> bool {
    !matches!(c, '<' | '>') && !c.is_whitespace() && !c.is_control()
}

fn write_code(code: KeyCode, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    if let Some((name, _)) = NAMED_KEYS.iter().find(|(_, known)| *known == code) {
        return f.write_str(name);
    }
    match code {
        KeyCode::Char(c) => write!(f, "{c}"),
        KeyCode::F(n) => write!(f, "F{n}"),
        _ => f.write_str("Unbindable"),
    }
}

/// Formats a key sequence as help shows it: keys separated by spaces
/// (`g g`, `<C-x> <C-c>`).
pub fn format_keys(keys: &[Key]) -> String {
    let parts: Vec<String> = keys.iter().map(Key::to_string).collect();
    parts.join(" ")
}

impl From<crossterm::event::KeyEvent> for Key {
    /// The key of a terminal event in normal form. The event's kind (press,
    /// repeat, release) is not looked at: see [`Key::from_press`].
    fn from(event: crossterm::event::KeyEvent) -> Key {
        use crossterm::event::KeyModifiers as M;
        let held = event.modifiers;
        if held.intersects(M::SUPER | M::HYPER) {
            return Key::plain(KeyCode::Unbindable);
        }
        let mut modifiers = Modifiers {
            ctrl: held.contains(M::CONTROL),
            alt: held.intersects(M::ALT | M::META),
            shift: held.contains(M::SHIFT),
        };
        let code = match event.code {
            crossterm::event::KeyCode::BackTab => {
                modifiers.shift = true;
                KeyCode::Tab
            }
            other => convert_code(other),
        };
        Key::new(code, modifiers)
    }
}

fn convert_code(code: crossterm::event::KeyCode) -> KeyCode {
    use crossterm::event::KeyCode as C;
    match code {
        C::Char(c) if !c.is_control() => KeyCode::Char(c),
        C::Tab => KeyCode::Tab,
        C::Enter => KeyCode::Enter,
        C::Esc => KeyCode::Esc,
        C::Backspace => KeyCode::Backspace,
        C::Up => KeyCode::Up,
        C::Down => KeyCode::Down,
        C::Left => KeyCode::Left,
        C::Right => KeyCode::Right,
        C::PageUp => KeyCode::PageUp,
        C::PageDown => KeyCode::PageDown,
        C::Home => KeyCode::Home,
        C::End => KeyCode::End,
        C::Delete => KeyCode::Delete,
        C::Insert => KeyCode::Insert,
        C::F(n) if (1..=MAX_F).contains(&n) => KeyCode::F(n),
        _ => KeyCode::Unbindable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode as C, KeyEvent, KeyEventKind, KeyModifiers as M};

    fn key(text: &str) -> Key {
        text.parse()
            .unwrap_or_else(|e| panic!("{text:?} should parse: {e}"))
    }

    fn error(text: &str) -> String {
        match text.parse::<Key>() {
            Ok(k) => panic!("{text:?} parsed as {k:?}"),
            Err(e) => e.to_string(),
        }
    }

    fn with(code: KeyCode, ctrl: bool, alt: bool, shift: bool) -> Key {
        Key {
            code,
            modifiers: Modifiers { ctrl, alt, shift },
        }
    }

    fn event(code: C, modifiers: M) -> Key {
        Key::from(KeyEvent::new(code, modifiers))
    }

    #[test]
    fn plain_characters() {
        assert_eq!(key("j"), Key::plain(KeyCode::Char('j')));
        assert_eq!(key("G"), Key::plain(KeyCode::Char('G')));
        for c in ["?", "/", "[", "]", "-", "<", ">", "é", "中"] {
            let parsed = key(c);
            assert_eq!(parsed.modifiers, Modifiers::NONE, "{c}");
            assert_eq!(parsed.code, KeyCode::Char(c.chars().next().unwrap_or(' ')));
        }
    }

    #[test]
    fn every_named_key() {
        let cases = [
            ("<Tab>", KeyCode::Tab),
            ("<Enter>", KeyCode::Enter),
            ("<Esc>", KeyCode::Esc),
            ("<Space>", KeyCode::Char(' ')),
            ("<Backspace>", KeyCode::Backspace),
            ("<Up>", KeyCode::Up),
            ("<Down>", KeyCode::Down),
            ("<Left>", KeyCode::Left),
            ("<Right>", KeyCode::Right),
            ("<PageUp>", KeyCode::PageUp),
            ("<PageDown>", KeyCode::PageDown),
            ("<Home>", KeyCode::Home),
            ("<End>", KeyCode::End),
            ("<Delete>", KeyCode::Delete),
            ("<Insert>", KeyCode::Insert),
            ("<lt>", KeyCode::Char('<')),
            ("<gt>", KeyCode::Char('>')),
        ];
        for (text, code) in cases {
            assert_eq!(key(text), Key::plain(code), "{text}");
            assert_eq!(key(&text.to_uppercase()), Key::plain(code), "{text}");
            assert_eq!(key(&text.to_lowercase()), Key::plain(code), "{text}");
        }
        for n in 1..=12 {
            assert_eq!(key(&format!("<F{n}>")), Key::plain(KeyCode::F(n)));
            assert_eq!(key(&format!("<f{n}>")), Key::plain(KeyCode::F(n)));
        }
    }

    #[test]
    fn synonyms() {
        assert_eq!(key("<Return>"), key("<Enter>"));
        assert_eq!(key("<CR>"), key("<Enter>"));
        assert_eq!(key("<Escape>"), key("<Esc>"));
        assert_eq!(key("<Del>"), key("<Delete>"));
        assert_eq!(key("<BS>"), key("<Backspace>"));
        assert_eq!(key("<M-x>"), key("<A-x>"));
        assert_eq!(key("<m-x>"), key("<A-x>"));
        assert_eq!(key("<"), key("<lt>"));
        assert_eq!(key(">"), key("<gt>"));
    }

    #[test]
    fn modifiers() {
        assert_eq!(key("<C-p>"), Key::ctrl('p'));
        assert_eq!(key("<c-d>"), Key::ctrl('d'));
        assert_eq!(key("<A-Left>"), with(KeyCode::Left, false, true, false));
        assert_eq!(key("<a-f>"), with(KeyCode::Char('f'), false, true, false));
        assert_eq!(key("<S-Tab>"), with(KeyCode::Tab, false, false, true));
        assert_eq!(key("<C-A-S-Up>"), with(KeyCode::Up, true, true, true));
        assert_eq!(key("<S-C-Up>"), with(KeyCode::Up, true, false, true));
        assert_eq!(key("<A-lt>"), with(KeyCode::Char('<'), false, true, false));
        assert_eq!(key("<C-->"), Key::ctrl('-'));
        assert_eq!(key("<C-Space>"), Key::ctrl(' '));
        // The character keeps its case: Ctrl+P is not Ctrl+p.
        assert_ne!(key("<C-P>"), key("<C-p>"));
        // Shift on a letter is its capital.
        assert_eq!(key("<S-g>"), key("G"));
        assert_eq!(key("<C-S-p>"), key("<C-P>"));
        // One letter after a dash is a character, not a modifier.
        assert_eq!(key("<C-a>"), Key::ctrl('a'));
        assert_eq!(key("<C-s>"), Key::ctrl('s'));
    }

    #[test]
    fn display_round_trips() {
        let texts = [
            "j",
            "G",
            "?",
            "/",
            "[",
            "]",
            "-",
            "<lt>",
            "<gt>",
            "<Space>",
            "<Tab>",
            "<S-Tab>",
            "<Enter>",
            "<Esc>",
            "<Backspace>",
            "<Up>",
            "<Down>",
            "<Left>",
            "<Right>",
            "<PageUp>",
            "<PageDown>",
            "<Home>",
            "<End>",
            "<Delete>",
            "<Insert>",
            "<F1>",
            "<F12>",
            "<C-p>",
            "<C-d>",
            "<A-Left>",
            "<A-f>",
            "<A-lt>",
            "<A-gt>",
            "<C-Space>",
            "<C-->",
            "<C-A-S-Up>",
            "<C-P>",
        ];
        for text in texts {
            let parsed = key(text);
            assert_eq!(parsed.to_string(), text);
            assert_eq!(key(&parsed.to_string()), parsed);
        }
    }

    #[test]
    fn display_is_canonical() {
        assert_eq!(key("<M-x>").to_string(), "<A-x>");
        assert_eq!(key("<s-c-up>").to_string(), "<C-S-Up>");
        assert_eq!(key("<").to_string(), "<lt>");
        assert_eq!(key("<escape>").to_string(), "<Esc>");
        assert_eq!(key("<S-g>").to_string(), "G");
        assert_eq!(format_keys(&[key("g"), key("g")]), "g g");
        assert_eq!(format_keys(&[key("<C-x>"), key("<C-c>")]), "<C-x> <C-c>");
    }

    #[test]
    fn errors() {
        assert_eq!(error("<Foo>"), "unknown key name \"<Foo>\"");
        assert_eq!(error("<X-a>"), "unknown key name \"<X-a>\"");
        assert_eq!(error("<>"), "unknown key name \"<>\"");
        assert_eq!(error("<F0>"), "unknown key name \"<F0>\"");
        assert_eq!(error("<F25>"), "unknown key name \"<F25>\"");
        assert_eq!(error("<F01>"), "unknown key name \"<F01>\"");
        assert_eq!(error("<C->"), "unknown key name \"<C->\"");
        assert_eq!(error("\t"), "unknown key name \"\\t\"");
        assert!(error("").starts_with("empty key name"));
        assert!(error("gg").starts_with("\"gg\" is more than one key"));
        assert!(error("<C-a").contains("no closing"));
        assert!(error("<S-1>").starts_with("Shift with \"1\""));
    }

    #[test]
    fn crossterm_events_are_normalised() {
        assert_eq!(event(C::Char('G'), M::SHIFT), key("G"));
        assert_eq!(event(C::Char('G'), M::NONE), key("G"));
        assert_eq!(event(C::Char('g'), M::SHIFT), key("G"));
        assert_eq!(event(C::Char('?'), M::SHIFT), key("?"));
        assert_eq!(event(C::Char('p'), M::CONTROL), key("<C-p>"));
        assert_eq!(event(C::Char('x'), M::META), key("<A-x>"));
        assert_eq!(event(C::Left, M::ALT), key("<A-Left>"));
        assert_eq!(event(C::BackTab, M::SHIFT), key("<S-Tab>"));
        assert_eq!(event(C::BackTab, M::NONE), key("<S-Tab>"));
        assert_eq!(event(C::Tab, M::SHIFT), key("<S-Tab>"));
        assert_eq!(event(C::Char(' '), M::NONE), key("<Space>"));
        assert_eq!(event(C::Char('<'), M::SHIFT), key("<lt>"));
        assert_eq!(event(C::F(5), M::NONE), key("<F5>"));
        assert_eq!(event(C::Enter, M::NONE), key("<Enter>"));
        assert_eq!(event(C::Char('j'), M::SUPER).code, KeyCode::Unbindable);
        assert_eq!(event(C::CapsLock, M::NONE).code, KeyCode::Unbindable);
    }

    #[test]
    fn releases_are_not_presses() {
        let mut release = KeyEvent::new(C::Char('j'), M::NONE);
        release.kind = KeyEventKind::Release;
        assert_eq!(Key::from_press(&release), None);
        let press = KeyEvent::new(C::Char('j'), M::NONE);
        assert_eq!(Key::from_press(&press), Some(key("j")));
    }

    #[test]
    fn typed_chars() {
        assert_eq!(key("a").typed_char(), Some('a'));
        assert_eq!(key("<Space>").typed_char(), Some(' '));
        assert_eq!(key("<lt>").typed_char(), Some('<'));
        assert_eq!(key("<C-a>").typed_char(), None);
        assert_eq!(key("<Tab>").typed_char(), None);
    }
}
