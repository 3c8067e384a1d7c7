//! Readable TeX: the source of a formula (`<math>` in wikitext, `\(…\)` and
//! `\[…\]` in the Markdown conversions) as one line of plain Unicode text a
//! terminal can show: `\forall x \in \mathbb{R}` → `∀x ∈ ℝ`, `x^{10}` →
//! `x¹⁰`, `\frac{a+b}{2}` → `(a + b)/2`, `\operatorname{max}(a,b)` →
//! `max(a,b)`.
//!
//! Symbols become their characters, braces vanish, a script becomes Unicode
//! superscripts or subscripts when every one of its characters has one
//! (`x^{n-1}` → `xⁿ⁻¹`) and `^(…)` / `_(…)` otherwise, and a command it does
//! not know keeps its whole name (`\foo` → `foo`), never a piece of it.
//!
//! A pure function of its input. It must never panic, never take more than
//! linear time and never recurse deeper than a fixed limit (unbalanced
//! braces, a megabyte of `\frac{` are only bad input), and never return a
//! line break or a control character.

mod symbols;

use symbols::{FUNCTIONS, double_struck, subscript_char, superscript_char, symbol};

/// Groups and arguments nested deeper than this are read flat.
const MAX_DEPTH: usize = 32;

/// The formula `source` as readable text (see the module documentation).
pub fn readable_tex(source: &str) -> String {
    let mut parser = Parser {
        tokens: lex(source),
        pos: 0,
        environments: Vec::new(),
    };
    let mut out = Out::new(Mode::Math);
    parser.sequence(&mut out, 0, Stop::End);
    out.finish()
}

// ---------------------------------------------------------------------------
// Tokens.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token<'a> {
    /// `\name`: a control word (letters only).
    Word(&'a str),
    /// `\,` `\{` `\\` …: a control symbol.
    Symbol(char),
    Open,
    Close,
    Sup,
    Sub,
    /// A run of whitespace.
    Space,
    Char(char),
}

fn lex(source: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::with_capacity(source.len() / 2);
    let mut rest = source;
    while let Some(c) = rest.chars().next() {
        rest = &rest[c.len_utf8()..];
        let token = match c {
            '\\' => {
                let letters = rest.bytes().take_while(|b| b.is_ascii_alphabetic()).count();
                if letters > 0 {
                    let name = &rest[..letters];
                    // TeX drops the spaces that end a control word.
                    rest = rest[letters..].trim_start();
                    Token::Word(name)
                } else if let Some(symbol) = rest.chars().next() {
                    rest = &rest[symbol.len_utf8()..];
                    Token::Symbol(symbol)
                } else {
                    continue;
                }
            }
            '{' => Token::Open,
            '}' => Token::Close,
            '^' => Token::Sup,
            '_' => Token::Sub,
            c if c.is_whitespace() => {
                rest = rest.trim_start();
                Token::Space
            }
            c => Token::Char(c),
        };
        tokens.push(token);
    }
    tokens
}

// ---------------------------------------------------------------------------
// Output.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Spaces around relations and binary operators.
    Math,
    /// Inside a script: nothing spaced, source spaces dropped.
    Compact,
    /// `\text{…}`: characters as written, spaces kept.
    Text,
}

/// What the last thing written was, for spacing and for telling a unary minus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Nothing yet.
    Start,
    Ord,
    Bin,
    Rel,
    Open,
    Close,
    Punct,
}

struct Out {
    text: String,
    mode: Mode,
    last: Class,
    /// Spaces owed before the next thing written (collapsed, dropped at the ends).
    spaces: usize,
    /// A name was written (`sin`): a letter or digit next is set apart by a space.
    after_name: bool,
}

impl Out {
    fn new(mode: Mode) -> Out {
        Out {
            text: String::new(),
            mode,
            last: Class::Start,
            spaces: 0,
            after_name: false,
        }
    }

    fn finish(self) -> String {
        let text = self.text.trim_end();
        text.chars()
            .map(|c| {
                if c.is_whitespace() {
                    ' '
                } else if crate::document::model::is_unsafe_control(c) {
                    crate::document::model::visible_control(c)
                } else {
                    c
                }
            })
            .collect()
    }

    fn space(&mut self, count: usize) {
        if self.mode != Mode::Compact {
            self.spaces = self.spaces.max(count);
        }
    }

    fn flush_spaces(&mut self) {
        let owed = std::mem::take(&mut self.spaces);
        if !self.text.is_empty() && self.last != Class::Open {
            for _ in 0..owed {
                self.text.push(' ');
            }
        }
    }

    fn write(&mut self, text: &str, class: Class) {
        if text.is_empty() {
            return;
        }
        if self.after_name
            && text.starts_with(|c: char| c.is_alphanumeric())
            && self.mode != Mode::Compact
        {
            self.spaces = self.spaces.max(1);
        }
        self.after_name = false;
        self.flush_spaces();
        self.text.push_str(text);
        self.last = class;
    }

    fn ord(&mut self, text: &str) {
        self.write(text, Class::Ord);
    }

    /// A function or unknown command's name: set apart from a letter after it.
    fn name(&mut self, name: &str) {
        self.ord(name);
        self.after_name = !name.is_empty();
    }

    /// A relation or binary operator, spaced in math; `+`/`−` after an
    /// operator, an opening bracket or at the start are signs, not spaced.
    fn operator(&mut self, text: &str, class: Class) {
        let sign = class == Class::Bin
            && matches!(text, "+" | "−" | "±" | "∓")
            && matches!(
                self.last,
                Class::Start | Class::Open | Class::Punct | Class::Rel | Class::Bin
            );
        let spaced = self.mode == Mode::Math && !sign;
        if spaced {
            self.space(1);
        }
        self.after_name = false;
        self.write(text, class);
        if spaced {
            self.space(1);
        }
    }

    fn open(&mut self, text: &str) {
        self.write(text, Class::Open);
    }

    /// A closing bracket or punctuation: never after a space owed.
    fn close(&mut self, text: &str, class: Class) {
        self.spaces = 0;
        self.after_name = false;
        self.write(text, class);
    }

    /// A script or a prime: it hangs on what comes before.
    fn attach(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        self.spaces = 0;
        self.text.push_str(text);
        if self.last == Class::Start {
            self.last = Class::Ord;
        }
    }

    fn script(&mut self, superscript: bool, argument: &str) {
        let argument = argument.trim();
        if argument.is_empty() {
            return;
        }
        let map = if superscript {
            superscript_char
        } else {
            subscript_char
        };
        let mapped: Option<String> = argument.chars().map(map).collect();
        match mapped {
            Some(mapped) => self.attach(&mapped),
            None => {
                let mark = if superscript { '^' } else { '_' };
                if argument.chars().count() == 1 {
                    self.attach(&format!("{mark}{argument}"));
                } else {
                    self.attach(&format!("{mark}({argument})"));
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Reading.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    End,
    /// The `}` of the group being read.
    Close,
    /// The `]` of an optional argument (`\sqrt[3]{x}`).
    Bracket,
}

struct Parser<'a> {
    tokens: Vec<Token<'a>>,
    pos: usize,
    /// Open `\begin{…}` environments, innermost last.
    environments: Vec<String>,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<Token<'a>> {
        self.tokens.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<Token<'a>> {
        let token = self.peek();
        if token.is_some() {
            self.pos += 1;
        }
        token
    }

    fn skip_spaces(&mut self) {
        while self.peek() == Some(Token::Space) {
            self.pos += 1;
        }
    }

    /// Reads tokens into `out` until `stop`. Every turn of the loop takes at
    /// least one token, and recursion goes one level deeper per group.
    fn sequence(&mut self, out: &mut Out, depth: usize, stop: Stop) {
        // Groups opened beyond the depth limit, read flat.
        let mut flat_groups = 0usize;
        while let Some(token) = self.next() {
            match token {
                Token::Close => {
                    if flat_groups > 0 {
                        flat_groups -= 1;
                    } else if stop == Stop::Close {
                        return;
                    }
                }
                Token::Char(']') if stop == Stop::Bracket && flat_groups == 0 => return,
                Token::Open => {
                    if depth >= MAX_DEPTH {
                        flat_groups += 1;
                    } else {
                        self.sequence(out, depth + 1, Stop::Close);
                    }
                }
                Token::Sup | Token::Sub => {
                    let argument = self.argument(depth + 1, Mode::Compact);
                    out.script(token == Token::Sup, &argument);
                }
                Token::Space => out.space(1),
                Token::Char(c) => self.character(out, c),
                Token::Symbol(c) => self.symbol(out, c),
                Token::Word(name) => self.command(out, name, depth),
            }
        }
    }

    /// One argument (a group, a command with its own arguments, or a
    /// character) read on its own, as text in `mode`.
    fn argument(&mut self, depth: usize, mode: Mode) -> String {
        let mut out = Out::new(mode);
        self.skip_spaces();
        match self.peek() {
            None | Some(Token::Close) => {}
            Some(_) if depth >= MAX_DEPTH => {
                // Too deep: one token, read flat.
                match self.next() {
                    Some(Token::Char(c)) => self.character(&mut out, c),
                    Some(Token::Symbol(c)) => self.symbol(&mut out, c),
                    Some(Token::Word(name)) => {
                        if let Some((text, _)) = symbol(name) {
                            out.ord(text);
                        } else if !is_structural(name) {
                            out.name(name);
                        }
                    }
                    _ => {}
                }
            }
            Some(Token::Open) => {
                self.pos += 1;
                self.sequence(&mut out, depth + 1, Stop::Close);
            }
            Some(Token::Word(name)) => {
                self.pos += 1;
                self.command(&mut out, name, depth + 1);
            }
            Some(Token::Symbol(c)) => {
                self.pos += 1;
                self.symbol(&mut out, c);
            }
            Some(Token::Char(c)) => {
                self.pos += 1;
                self.character(&mut out, c);
            }
            Some(Token::Sup | Token::Sub | Token::Space) => self.pos += 1,
        }
        out.finish()
    }

    /// `[…]` after `\sqrt`, if there is one.
    fn optional_argument(&mut self, depth: usize) -> Option<String> {
        let save = self.pos;
        self.skip_spaces();
        if self.peek() != Some(Token::Char('[')) || depth >= MAX_DEPTH {
            self.pos = save;
            return None;
        }
        self.pos += 1;
        let mut out = Out::new(Mode::Compact);
        self.sequence(&mut out, depth + 1, Stop::Bracket);
        Some(out.finish())
    }

    /// The letters of a `{name}` argument (`\begin{cases}`), as written.
    fn raw_name(&mut self) -> String {
        self.skip_spaces();
        let mut name = String::new();
        if self.peek() != Some(Token::Open) {
            return name;
        }
        self.pos += 1;
        while let Some(token) = self.next() {
            match token {
                Token::Close => break,
                Token::Char(c) if name.len() < 40 => name.push(c),
                Token::Word(word) if name.len() < 40 => name.push_str(word),
                _ => {}
            }
        }
        name
    }

    fn character(&mut self, out: &mut Out, c: char) {
        if out.mode == Mode::Text {
            match c {
                '~' => out.space(1),
                '$' => {}
                c => out.ord(c.encode_utf8(&mut [0; 4])),
            }
            return;
        }
        match c {
            '+' => out.operator("+", Class::Bin),
            '-' | '−' => out.operator("−", Class::Bin),
            '*' => out.operator("∗", Class::Bin),
            '=' | '<' | '>' => out.operator(c.encode_utf8(&mut [0; 4]), Class::Rel),
            '(' | '[' => out.open(c.encode_utf8(&mut [0; 4])),
            ')' | ']' => out.close(c.encode_utf8(&mut [0; 4]), Class::Close),
            ',' | ';' | ':' => out.close(c.encode_utf8(&mut [0; 4]), Class::Punct),
            '!' => out.close("!", Class::Close),
            '\'' => out.attach("′"),
            '~' | '&' => out.space(1),
            '$' => {}
            c => out.ord(c.encode_utf8(&mut [0; 4])),
        }
    }

    fn symbol(&mut self, out: &mut Out, c: char) {
        match c {
            ',' | ':' | ';' | ' ' | '>' => out.space(1),
            '!' | '/' | '-' => {}
            '\\' => {
                out.close(";", Class::Punct);
                out.space(1);
            }
            '{' => out.open("{"),
            '}' => out.close("}", Class::Close),
            '|' => out.ord("‖"),
            c => out.ord(c.encode_utf8(&mut [0; 4])),
        }
    }

    fn command(&mut self, out: &mut Out, name: &'a str, depth: usize) {
        if let Some((text, class)) = symbol(name) {
            match class {
                Class::Bin | Class::Rel => out.operator(text, class),
                Class::Open => out.open(text),
                Class::Close | Class::Punct => out.close(text, class),
                Class::Ord | Class::Start => out.ord(text),
            }
            return;
        }
        if FUNCTIONS.contains(&name) {
            out.name(name);
            return;
        }
        let mode = match out.mode {
            Mode::Text => Mode::Math,
            mode => mode,
        };
        match name {
            "frac" | "dfrac" | "tfrac" | "cfrac" => {
                let numerator = self.argument(depth + 1, mode);
                let denominator = self.argument(depth + 1, mode);
                if out.text.ends_with(|c: char| c.is_alphanumeric()) {
                    out.space(1);
                }
                // `1/2a` would read as `(1/2)a`: a product below is bracketed.
                let product = denominator.chars().any(|c| c.is_ascii_digit())
                    && denominator.chars().any(|c| !c.is_ascii_digit());
                let denominator = if product && !is_one_bracketed_group(&denominator) {
                    format!("({denominator})")
                } else {
                    parenthesized(&denominator)
                };
                out.ord(&format!("{}/{denominator}", parenthesized(&numerator)));
            }
            "sqrt" => {
                let index = self.optional_argument(depth + 1);
                let radicand = self.argument(depth + 1, mode);
                let root = match index.as_deref().map(str::trim) {
                    None | Some("" | "2") => "√".to_string(),
                    Some("3") => "∛".to_string(),
                    Some("4") => "∜".to_string(),
                    Some(index) => match index
                        .chars()
                        .map(superscript_char)
                        .collect::<Option<String>>()
                    {
                        Some(index) => format!("{index}√"),
                        None => format!("({index})√"),
                    },
                };
                out.ord(&format!("{root}{}", parenthesized(&radicand)));
            }
            "binom" | "dbinom" | "tbinom" => {
                let n = self.argument(depth + 1, mode);
                let k = self.argument(depth + 1, mode);
                out.ord(&format!("C({n},{k})"));
            }
            "operatorname" => {
                self.skip_spaces();
                if self.peek() == Some(Token::Char('*')) {
                    self.pos += 1;
                }
                let name = self.argument(depth + 1, Mode::Compact);
                out.name(&name);
            }
            "mathrm" | "mathit" | "mathbf" | "mathsf" | "mathtt" | "mathnormal" | "boldsymbol"
            | "bm" | "mathcal" | "mathscr" | "mathfrak" | "boxed" | "underbrace" | "overbrace"
            | "displaystyle" | "textstyle" | "scriptstyle" | "scriptscriptstyle" | "pmb" => {
                if matches!(
                    name,
                    "displaystyle" | "textstyle" | "scriptstyle" | "scriptscriptstyle"
                ) {
                    return;
                }
                let content = self.argument(depth + 1, mode);
                out.ord(&content);
            }
            "text" | "textrm" | "textit" | "textbf" | "textsf" | "texttt" | "textnormal"
            | "mbox" | "hbox" | "textup" | "emph" => {
                self.skip_spaces();
                let content = if self.peek() == Some(Token::Open) {
                    self.argument(depth + 1, Mode::Text)
                } else {
                    self.argument(depth + 1, mode)
                };
                out.ord(&content);
            }
            "mathbb" | "Bbb" | "mathbbm" => {
                let content = self.argument(depth + 1, Mode::Compact);
                let struck: String = content.chars().map(double_struck).collect();
                out.ord(&struck);
            }
            "left" | "right" | "middle" | "bigl" | "bigr" | "bigm" | "Bigl" | "Bigr" | "Bigm"
            | "biggl" | "biggr" | "biggm" | "Biggl" | "Biggr" | "Biggm" | "big" | "Big"
            | "bigg" | "Bigg" => {
                // The delimiter that follows shows itself; `.` is none.
                self.skip_spaces();
                if self.peek() == Some(Token::Char('.')) {
                    self.pos += 1;
                }
            }
            "begin" => {
                let environment = self.raw_name();
                let (open, _) = environment_brackets(&environment);
                if !open.is_empty() {
                    out.open(open);
                }
                self.environments.push(environment);
            }
            "end" => {
                let environment = self.raw_name();
                if self.environments.last() == Some(&environment) {
                    self.environments.pop();
                }
                // The row break that ends the last row is not a row.
                if out.text.ends_with(';') {
                    out.text.pop();
                }
                let (_, close) = environment_brackets(&environment);
                if !close.is_empty() {
                    out.close(close, Class::Close);
                }
            }
            "hat" | "widehat" | "bar" | "overline" | "tilde" | "widetilde" | "vec"
            | "overrightarrow" | "dot" | "ddot" | "check" | "breve" | "acute" | "grave"
            | "underline" | "mathring" => {
                let base = self.argument(depth + 1, Mode::Compact);
                out.ord(&accented(name, &base));
            }
            "not" => {
                let negated = self.argument(depth + 1, Mode::Compact);
                let text = match negated.as_str() {
                    "=" => "≠".to_string(),
                    "∈" => "∉".to_string(),
                    "≡" => "≢".to_string(),
                    "⊂" => "⊄".to_string(),
                    "⊃" => "⊅".to_string(),
                    "⊆" => "⊈".to_string(),
                    "⊇" => "⊉".to_string(),
                    "∃" => "∄".to_string(),
                    "<" => "≮".to_string(),
                    ">" => "≯".to_string(),
                    "≤" => "≰".to_string(),
                    "≥" => "≱".to_string(),
                    "∼" => "≁".to_string(),
                    "≈" => "≉".to_string(),
                    other => format!("{other}\u{338}"),
                };
                out.operator(&text, Class::Rel);
            }
            "pmod" => {
                let modulus = self.argument(depth + 1, mode);
                out.space(1);
                out.ord(&format!("(mod {modulus})"));
            }
            "bmod" | "mod" => out.operator("mod", Class::Bin),
            "overset" | "stackrel" | "underset" => {
                let mark = self.argument(depth + 1, Mode::Compact);
                let base = self.argument(depth + 1, mode);
                let class = if base.chars().count() == 1
                    && symbol_class_of_char(&base) == Some(Class::Rel)
                {
                    Class::Rel
                } else {
                    Class::Ord
                };
                if class == Class::Rel {
                    out.space(1);
                }
                out.write(&base, class);
                out.script(name != "underset", &mark);
                if class == Class::Rel {
                    out.space(1);
                }
            }
            "xrightarrow" | "xleftarrow" => {
                let _ = self.optional_argument(depth + 1);
                let over = self.argument(depth + 1, Mode::Compact);
                let arrow = if name == "xrightarrow" { "→" } else { "←" };
                out.operator(arrow, Class::Rel);
                out.spaces = 0;
                out.script(true, &over);
                out.space(1);
            }
            "color" | "label" | "phantom" | "hphantom" | "vphantom" => {
                let _ = self.argument(depth + 1, mode);
            }
            "textcolor" | "colorbox" => {
                let _ = self.argument(depth + 1, mode);
                let content = self.argument(depth + 1, mode);
                out.ord(&content);
            }
            "tag" => {
                let tag = self.argument(depth + 1, mode);
                out.space(2);
                out.ord(&format!("({tag})"));
            }
            "quad" => out.space(2),
            "qquad" => out.space(3),
            "limits" | "nolimits" | "rm" | "bf" | "it" | "sf" | "tt" | "cal" | "nonumber"
            | "notag" | "hline" | "strut" | "displaylimits" | "scriptsize" | "small" | "large"
            | "Large" | "normalsize" | "tiny" | "huge" | "Huge" | "footnotesize" => {}
            _ => out.name(name),
        }
    }
}

/// Commands that take arguments or change style: nothing to show when read flat.
fn is_structural(name: &str) -> bool {
    matches!(
        name,
        "frac"
            | "dfrac"
            | "tfrac"
            | "cfrac"
            | "sqrt"
            | "left"
            | "right"
            | "begin"
            | "end"
            | "text"
            | "mathrm"
            | "mathbb"
            | "operatorname"
            | "displaystyle"
    )
}

/// The text of `base` under an accent command.
fn accented(command: &str, base: &str) -> String {
    let mark = match command {
        "hat" | "widehat" => '\u{302}',
        "bar" => '\u{304}',
        "overline" => '\u{305}',
        "tilde" | "widetilde" => '\u{303}',
        "vec" | "overrightarrow" => '\u{20d7}',
        "dot" => '\u{307}',
        "ddot" => '\u{308}',
        "check" => '\u{30c}',
        "breve" => '\u{306}',
        "acute" => '\u{301}',
        "grave" => '\u{300}',
        "mathring" => '\u{30a}',
        _ => '\u{332}',
    };
    let count = base.chars().count();
    if count == 1 || matches!(command, "overline" | "underline") {
        let mut out = String::with_capacity(base.len() * 3);
        for c in base.chars() {
            out.push(c);
            out.push(mark);
        }
        out
    } else if count == 0 {
        String::new()
    } else {
        format!("{command}({base})")
    }
}

/// `a+b` → `(a + b)`; a single term (`x²`, `12`, `π`, `(a+b)`) stays as it is.
fn parenthesized(term: &str) -> String {
    let term = term.trim();
    let simple = term.chars().all(|c| {
        c.is_alphanumeric() || matches!(c, '.' | '′' | '√' | '∛' | '∜') || is_combining(c)
    });
    if simple || is_one_bracketed_group(term) {
        term.to_string()
    } else {
        format!("({term})")
    }
}

/// `(…)` whose first bracket closes at the very end.
fn is_one_bracketed_group(term: &str) -> bool {
    if !term.starts_with('(') || !term.ends_with(')') {
        return false;
    }
    let mut depth = 0usize;
    for (index, c) in term.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return index + 1 == term.len();
                }
            }
            _ => {}
        }
    }
    false
}

fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x300..=0x36f | 0x20d0..=0x20ff)
}

/// Brackets that show an environment: `pmatrix` → `(` `)`.
fn environment_brackets(environment: &str) -> (&'static str, &'static str) {
    match environment.trim_end_matches('*') {
        "pmatrix" => ("(", ")"),
        "bmatrix" => ("[", "]"),
        "Bmatrix" | "cases" => ("{", if environment == "cases" { "" } else { "}" }),
        "vmatrix" => ("|", "|"),
        "Vmatrix" => ("‖", "‖"),
        _ => ("", ""),
    }
}

fn symbol_class_of_char(text: &str) -> Option<Class> {
    let c = text.chars().next()?;
    matches!(
        c,
        '=' | '<'
            | '>'
            | '≤'
            | '≥'
            | '≠'
            | '≈'
            | '≡'
            | '∼'
            | '→'
            | '←'
            | '⇒'
            | '⇔'
            | '↔'
            | '∈'
            | '⊂'
            | '⊆'
    )
    .then_some(Class::Rel)
}

#[cfg(test)]
mod tests {
    use super::readable_tex as tex;

    #[test]
    fn symbols_become_characters() {
        assert_eq!(tex(r"\forall x \in S"), "∀x ∈ S");
        assert_eq!(tex(r"\alpha+\beta=\Gamma"), "α + β = Γ");
        // TeX drops the space after a command's name.
        assert_eq!(tex(r"\Omega \omega \Delta \delta"), "ΩωΔδ");
        assert_eq!(tex(r"a \notin B \subset C"), "a ∉ B ⊂ C");
        assert_eq!(tex(r"A\cup B\cap C"), "A ∪ B ∩ C");
        assert_eq!(tex(r"a\le b\ge c\ne d\neq e"), "a ≤ b ≥ c ≠ d ≠ e");
        assert_eq!(tex(r"x\approx y\equiv z"), "x ≈ y ≡ z");
        assert_eq!(tex(r"\sum \prod \int \partial \nabla \infty"), "∑∏∫∂∇∞");
        assert_eq!(tex(r"p\to q\rightarrow r"), "p → q → r");
        assert_eq!(tex(r"p\Rightarrow q \leftarrow r\iff s"), "p ⇒ q ← r ⟺ s");
        assert_eq!(
            tex(r"a\cdot b\times c\pm d\mp e\div f"),
            "a · b × c ± d ∓ e ÷ f"
        );
        assert_eq!(tex(r"\rightleftharpoons"), "⇌");
    }

    #[test]
    fn blackboard_letters_and_names() {
        assert_eq!(tex(r"x\in\mathbb{R}"), "x ∈ ℝ");
        assert_eq!(tex(r"\mathbb{N}\mathbb Z\mathbb{Q}\mathbb{C}"), "ℕℤℚℂ");
        assert_eq!(tex(r"a,b\in \R"), "a,b ∈ ℝ");
        assert_eq!(tex(r"\operatorname{max}(a,b)"), "max(a,b)");
        assert_eq!(tex(r"\mathrm{d}x"), "dx");
        assert_eq!(tex(r"v=\text{distance per time}"), "v = distance per time");
        assert_eq!(tex(r"\sin x+\cos(y)"), "sin x + cos(y)");
        assert_eq!(tex(r"\ln {(-1)}=i\pi"), "ln(−1) = iπ");
    }

    #[test]
    fn fractions_take_brackets_when_they_need_them() {
        assert_eq!(tex(r"\frac{a}{b}"), "a/b");
        assert_eq!(tex(r"\frac {1}{x}"), "1/x");
        assert_eq!(tex(r"\frac{a+b}{2}"), "(a + b)/2");
        assert_eq!(tex(r"\frac{1}{x^2+1}"), "1/(x² + 1)");
        assert_eq!(tex(r"\frac{(a+b)}{c}"), "(a + b)/c");
        assert_eq!(tex(r"\frac{1}{2a}"), "1/(2a)");
        assert_eq!(tex(r"\frac{dy}{dx}"), "dy/dx");
        assert_eq!(tex(r"\dfrac\pi2"), "π/2");
        assert_eq!(tex(r"\sqrt{2}"), "√2");
        assert_eq!(tex(r"\sqrt{x+1}"), "√(x + 1)");
        assert_eq!(tex(r"\sqrt[3]{x}"), "∛x");
        assert_eq!(tex(r"\sqrt[n]{x}"), "ⁿ√x");
    }

    #[test]
    fn scripts_use_unicode_where_every_character_has_one() {
        assert_eq!(tex("x^2"), "x²");
        assert_eq!(tex("a_n"), "aₙ");
        assert_eq!(tex("x^{10}"), "x¹⁰");
        assert_eq!(tex("x^{-1}"), "x⁻¹");
        assert_eq!(tex("2^{n-1}"), "2ⁿ⁻¹");
        assert_eq!(tex(r"\sum_{i=1}^{n} a_i"), "∑ᵢ₌₁ⁿ aᵢ");
        assert_eq!(tex(r"e^{i \pi}"), "e^(iπ)");
        assert_eq!(tex(r"T_{\text{eff}}"), "T_(eff)");
        assert_eq!(tex(r"x_*"), "x_∗");
        assert_eq!(tex(r"\sin^{-1}(x)"), "sin⁻¹(x)");
        assert_eq!(tex(r"f'(x)"), "f′(x)");
        assert_eq!(tex(r"x^a\cdot x^b= x^{a+b}"), "xᵃ · xᵇ = xᵃ⁺ᵇ");
    }

    #[test]
    fn brackets_spaces_and_braces() {
        assert_eq!(tex(r"\left( \frac{a}{b} \right)"), "(a/b)");
        assert_eq!(tex(r"\left\{ x \right."), "{x");
        assert_eq!(tex(r"\left\langle u,v\right\rangle"), "⟨u,v⟩");
        assert_eq!(tex(r"a\,b\;c\quad d"), "a b c  d");
        assert_eq!(tex(r"{a}{{b}}"), "ab");
        assert_eq!(tex(r"e^{i \pi} = -1\!"), "e^(iπ) = −1");
        assert_eq!(tex(r"0 =-1\cdot [1+(-1)]"), "0 = −1 · [1 + (−1)]");
        assert_eq!(tex(r"x * (y+z)"), "x ∗ (y + z)");
    }

    #[test]
    fn environments_read_as_rows() {
        assert_eq!(
            tex(r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}"),
            "(a b; c d)"
        );
        assert_eq!(
            tex(r"|x| = \begin{cases} x & x \ge 0 \\ -x & x < 0 \end{cases}"),
            "|x| = {x x ≥ 0; −x x < 0"
        );
    }

    #[test]
    fn unknown_commands_keep_their_whole_name() {
        assert_eq!(tex(r"\operatorname{ind}(\varnothing)"), "ind(∅)");
        assert_eq!(tex(r"\foo x"), "foo x");
        assert_eq!(tex(r"\foo{x}"), "foo x");
        assert_eq!(tex(r"\weird(1)"), "weird(1)");
        let text = tex(r"\frobnicate_{k}^{2} + \operatornamex");
        assert!(text.contains("frobnicate"), "{text}");
        assert!(text.contains("operatornamex"), "{text}");
    }

    #[test]
    fn accents() {
        assert_eq!(tex(r"\bar f:X\to S^n"), "f\u{304}:X → Sⁿ");
        assert_eq!(tex(r"\vec{v}"), "v\u{20d7}");
        assert_eq!(tex(r"\overline{AB}"), "A\u{305}B\u{305}");
        assert_eq!(tex(r"\not= \not\in"), "≠ ∉");
    }

    #[test]
    fn output_is_one_line_of_safe_text() {
        let text = tex("a\n\nb\t\\text{c\nd}\u{1b}[31m");
        assert!(!text.contains(['\n', '\t', '\u{1b}']), "{text:?}");
        // A backslash at a line end (a Markdown hard break inside a formula).
        assert_eq!(tex("a\\\nb"), "a b");
        assert_eq!(tex("a \\\\\n b"), "a; b");
        assert_eq!(tex("   "), "");
        assert_eq!(tex(""), "");
    }

    #[test]
    fn bad_input_never_panics_nor_takes_long() {
        let started = std::time::Instant::now();
        let frac = r"\frac{".repeat((1 << 20) / 6);
        assert!(tex(&frac).len() <= frac.len());
        let closes = "}".repeat(1 << 20);
        assert_eq!(tex(&closes), "");
        let opens = "{".repeat(1 << 20);
        assert_eq!(tex(&opens), "");
        let nested = format!("{}x{}", "{".repeat(100_000), "}".repeat(100_000));
        assert_eq!(tex(&nested), "x");
        let scripts = "x^".repeat(200_000);
        let _ = tex(&scripts);
        let roots = r"\sqrt[".repeat(100_000);
        let _ = tex(&roots);
        let lefts = r"\left\right\begin{\end{\not\not\text{".repeat(30_000);
        let _ = tex(&lefts);
        for bad in [
            "\\",
            "\\\\",
            "{",
            "}",
            "^",
            "_",
            "x^",
            "\\frac",
            "\\frac{a}",
            "\\sqrt[",
            "\\sqrt[3",
            "\\begin{",
            "\\end{cases}",
            "\\left",
            "\\not",
            "é\\é",
            "\\💥",
        ] {
            let _ = tex(bad);
        }
        assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    }
}
