//! `{{#expr:…}}`: MediaWiki's arithmetic (ParserFunctions' `Expr`):
//! numbers, `+ - * /` (also `div`), `mod`, `^`, parentheses, unary signs,
//! comparisons (`= <> != < > <= >=`, 1 or 0), `and`, `or`, `not`,
//! `round`, `abs`, `floor`, `ceil`, `trunc`, `e`, `pi`. An error is
//! MediaWiki's message in an error span (what `#iferror` looks for).
//! Pure and bounded: nesting is limited, nothing panics.

/// Deepest nesting of parentheses and unary operators read.
const MAX_DEPTH: usize = 100;

/// The value of `text`, or MediaWiki's error message.
pub fn evaluate(text: &str) -> String {
    let tokens = match tokens(text) {
        Ok(tokens) => tokens,
        Err(message) => return error(&message),
    };
    if tokens.is_empty() {
        return String::new();
    }
    let mut reader = Reader { tokens, at: 0 };
    match reader.expression(0, 0) {
        Ok(value) if reader.at == reader.tokens.len() => number(value),
        Ok(_) => error("Unexpected number."),
        Err(message) => error(&message),
    }
}

/// `message` as MediaWiki shows an expression error.
fn error(message: &str) -> String {
    format!("<strong class=\"error\">Expression error: {message}</strong>")
}

/// A number as MediaWiki writes it: whole numbers without a point, others
/// to at most 14 significant digits.
fn number(value: f64) -> String {
    if value.is_nan() {
        return "NAN".into();
    }
    if value.is_infinite() {
        return if value > 0.0 {
            "INF".into()
        } else {
            "-INF".into()
        };
    }
    if value == value.trunc() && value.abs() < 1e15 {
        return format!("{}", value as i64);
    }
    let text = format!("{value:.14e}");
    let parsed: f64 = text.parse().unwrap_or(value);
    let plain = format!("{parsed}");
    if plain.len() <= 20 {
        plain
    } else {
        format!("{parsed:e}").replace('e', "E+")
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Number(f64),
    Op(&'static str),
    Open,
    Close,
}

const WORDS: &[&str] = &[
    "div", "mod", "and", "or", "not", "round", "abs", "floor", "ceil", "trunc",
];
const SYMBOLS: &[&str] = &[
    "<=", ">=", "<>", "!=", "+", "-", "*", "/", "^", "=", "<", ">",
];

fn tokens(text: &str) -> Result<Vec<Token>, String> {
    let mut out = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() || c == '.' {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            // An exponent: 1e5, 2.5e-3.
            if i < chars.len() && (chars[i] == 'e' || chars[i] == 'E') {
                let mut j = i + 1;
                if j < chars.len() && (chars[j] == '+' || chars[j] == '-') {
                    j += 1;
                }
                if j < chars.len() && chars[j].is_ascii_digit() {
                    i = j;
                    while i < chars.len() && chars[i].is_ascii_digit() {
                        i += 1;
                    }
                }
            }
            let written: String = chars[start..i].iter().collect();
            let value = written
                .parse::<f64>()
                .map_err(|_| format!("Unrecognized punctuation character \"{}\".", c))?;
            out.push(Token::Number(value));
        } else if c == '(' {
            out.push(Token::Open);
            i += 1;
        } else if c == ')' {
            out.push(Token::Close);
            i += 1;
        } else if c.is_ascii_alphabetic() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_alphabetic() {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect::<String>().to_lowercase();
            match word.as_str() {
                "e" => out.push(Token::Number(std::f64::consts::E)),
                "pi" => out.push(Token::Number(std::f64::consts::PI)),
                _ => match WORDS.iter().find(|w| **w == word) {
                    Some(op) => out.push(Token::Op(op)),
                    None => return Err(format!("Unrecognized word \"{word}\".")),
                },
            }
        } else {
            let rest: String = chars[i..chars.len().min(i + 2)].iter().collect();
            match SYMBOLS.iter().find(|s| rest.starts_with(**s)) {
                Some(op) => {
                    out.push(Token::Op(op));
                    i += op.chars().count();
                }
                None => return Err(format!("Unrecognized punctuation character \"{c}\".")),
            }
        }
    }
    Ok(out)
}

struct Reader {
    tokens: Vec<Token>,
    at: usize,
}

/// Binary operators by precedence, lowest first (MediaWiki's order).
const LEVELS: &[&[&str]] = &[
    &["or"],
    &["and"],
    &["=", "<>", "!=", "<", ">", "<=", ">="],
    &["round"],
    &["+", "-"],
    &["*", "/", "div", "mod"],
    &["^"],
];

impl Reader {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn expression(&mut self, level: usize, depth: usize) -> Result<f64, String> {
        if depth > MAX_DEPTH {
            return Err("Stack exhausted.".into());
        }
        let Some(ops) = LEVELS.get(level) else {
            return self.unary(depth);
        };
        let mut left = self.expression(level + 1, depth + 1)?;
        while let Some(Token::Op(op)) = self.peek() {
            let op = *op;
            if !ops.contains(&op) {
                break;
            }
            self.at += 1;
            let right = self.expression(level + 1, depth + 1)?;
            left = apply(op, left, right)?;
        }
        Ok(left)
    }

    fn unary(&mut self, depth: usize) -> Result<f64, String> {
        if depth > MAX_DEPTH {
            return Err("Stack exhausted.".into());
        }
        match self.tokens.get(self.at).cloned() {
            Some(Token::Number(value)) => {
                self.at += 1;
                Ok(value)
            }
            Some(Token::Open) => {
                self.at += 1;
                let value = self.expression(0, depth + 1)?;
                if self.peek() != Some(&Token::Close) {
                    return Err("Missing closing bracket.".into());
                }
                self.at += 1;
                Ok(value)
            }
            Some(Token::Op(op))
                if ["-", "+", "not", "abs", "floor", "ceil", "trunc"].contains(&op) =>
            {
                self.at += 1;
                let value = self.unary(depth + 1)?;
                Ok(match op {
                    "-" => -value,
                    "+" => value,
                    "not" => f64::from(u8::from(value == 0.0)),
                    "abs" => value.abs(),
                    "floor" => value.floor(),
                    "ceil" => value.ceil(),
                    _ => value.trunc(),
                })
            }
            Some(Token::Op(op)) => Err(format!("Missing operand for {op}.")),
            Some(Token::Close) => Err("Unexpected closing bracket.".into()),
            None => Err("Missing operand.".into()),
        }
    }
}

fn apply(op: &str, a: f64, b: f64) -> Result<f64, String> {
    let truth = |t: bool| f64::from(u8::from(t));
    Ok(match op {
        "+" => a + b,
        "-" => a - b,
        "*" => a * b,
        "/" | "div" if b == 0.0 => return Err("Division by zero.".into()),
        "/" | "div" => a / b,
        "mod" => {
            let (a, b) = (a.trunc(), b.trunc());
            if b == 0.0 {
                return Err("Division by zero.".into());
            }
            a % b
        }
        "^" => a.powf(b),
        "=" => truth(a == b),
        "<>" | "!=" => truth(a != b),
        "<" => truth(a < b),
        ">" => truth(a > b),
        "<=" => truth(a <= b),
        ">=" => truth(a >= b),
        "and" => truth(a != 0.0 && b != 0.0),
        "or" => truth(a != 0.0 || b != 0.0),
        "round" => {
            let places = b.trunc().clamp(-300.0, 300.0) as i32;
            let scale = 10f64.powi(places);
            (a * scale).round() / scale
        }
        _ => return Err(format!("Unrecognized word \"{op}\".")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_as_mediawiki_writes_it() {
        for (text, value) in [
            ("1 + 2 * 3", "7"),
            ("(1 + 2) * 3", "9"),
            ("10 / 4", "2.5"),
            ("7 mod 3", "1"),
            ("2 ^ 10", "1024"),
            ("-3 + +5", "2"),
            ("3 > 2 and 1 = 1", "1"),
            ("not 0", "1"),
            ("1e3 + 0.5", "1000.5"),
            ("2.345 round 1", "2.3"),
            ("abs -4", "4"),
            ("", ""),
        ] {
            assert_eq!(evaluate(text), value, "{text}");
        }
    }

    #[test]
    fn errors_are_messages_in_an_error_span() {
        assert!(evaluate("1/0").contains("Division by zero"));
        assert!(evaluate("5 mod 0").contains("Division by zero"));
        assert!(evaluate("(1").contains("Missing closing bracket"));
        assert!(evaluate("1 +").contains("Missing operand"));
        assert!(evaluate("foo").contains("Unrecognized word"));
        assert!(evaluate("1 2").contains("class=\"error\""));
        assert_eq!(evaluate("10 ^ 1000"), "INF");
        let deep = "(".repeat(10_000) + "1" + &")".repeat(10_000);
        assert!(evaluate(&deep).contains("error"));
    }
}
