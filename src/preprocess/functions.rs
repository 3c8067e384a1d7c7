//! MediaWiki's core parser functions and magic words, as the preprocessor
//! expands them: `{{#if:…}}`, `{{#ifeq:…}}`, `{{#switch:…}}`, `{{#expr:…}}`,
//! `{{#ifexpr:…}}`, `{{#iferror:…}}`, `{{#tag:…}}`, `{{formatnum:…}}`, `{{lc:…}}`,
//! `{{uc:…}}`, `{{lcfirst:…}}`, `{{ucfirst:…}}`, `{{padleft:…}}`,
//! `{{padright:…}}`, `{{fullurl:…}}` (and `localurl`, `canonicalurl`),
//! `{{#time:…}}`, `{{#formatdate:…}}`, `{{!}}`, `{{=}}`, `{{PAGENAME}}`,
//! `{{FULLPAGENAME}}`, `{{NAMESPACE}}` and the current-date words. A
//! branch is expanded only when it is chosen. Pure but for the clock.

use super::nodes::Node;
use super::{Expander, Frame};
use crate::wiki::namespaces::CANONICAL_NAMES;

/// The value of `{{name:first|rest…}}` (`first` is `None` for
/// `{{name}}`), or `None` when `name` is no function or magic word known
/// here.
pub(super) fn call(
    expander: &mut Expander<'_>,
    name: &str,
    first: Option<&str>,
    rest: &[Vec<Node>],
    frame: Option<&Frame>,
) -> Option<String> {
    let arg = |i: usize, expander: &mut Expander<'_>| -> String {
        rest.get(i)
            .map(|part| expander.nodes(part, frame).trim().to_string())
            .unwrap_or_default()
    };
    match (name, first) {
        ("!" | "=", None) if expander.in_kept_call > 0 => Some(format!("{{{{{name}}}}}")),
        ("!", None) => Some("|".into()),
        ("=", None) => Some("=".into()),
        ("PAGENAME", None) => Some(page_name(expander.title).to_string()),
        ("FULLPAGENAME", None) => Some(expander.title.to_string()),
        (word, None) if word.starts_with("CURRENT") || word.starts_with("LOCAL") => {
            super::dates::magic_word(word)
        }
        ("NAMESPACE", None) => Some(
            expander
                .title
                .split_once(':')
                .filter(|(ns, _)| crate::wiki::namespaces::namespace(ns).is_some())
                .map_or("", |(ns, _)| ns)
                .to_string(),
        ),
        (_, Some(first)) => {
            let first = first.trim();
            match name.to_ascii_lowercase().as_str() {
                "#if" => Some(if first.is_empty() {
                    arg(1, expander)
                } else {
                    arg(0, expander)
                }),
                "#ifeq" => {
                    let other = arg(0, expander);
                    Some(if equal(first, &other) {
                        arg(1, expander)
                    } else {
                        arg(2, expander)
                    })
                }
                "#switch" => Some(switch(expander, first, rest, frame)),
                "#expr" => Some(super::expr::evaluate(first)),
                "#ifexpr" => {
                    let value = super::expr::evaluate(first);
                    Some(if value.contains("class=\"error\"") {
                        value
                    } else if value.is_empty() || value == "0" {
                        arg(1, expander)
                    } else {
                        arg(0, expander)
                    })
                }
                "#iferror" => Some(if first.contains("class=\"error\"") {
                    arg(0, expander)
                } else if rest.len() >= 2 {
                    arg(1, expander)
                } else {
                    first.to_string()
                }),
                "#tag" => Some(tag(expander, first, rest, frame)),
                "#time" | "#timel" => Some(super::dates::time(first, &arg(0, expander))),
                "#formatdate" | "#dateformat" => {
                    Some(super::dates::format_date(first, &arg(0, expander)))
                }
                "fullurl" | "fullurle" | "canonicalurl" | "canonicalurle" | "localurl"
                | "localurle" => Some(page_url(
                    &expander.templates.site(),
                    first,
                    &arg(0, expander),
                )),
                "formatnum" => Some(formatted_number(first, &arg(0, expander))),
                "ns" => Some(namespace_name(first).unwrap_or_default().to_string()),
                "urlencode" => Some(url_encoded(&without_tags(first), &arg(0, expander))),
                "anchorencode" => Some(anchor_encoded(&without_tags(first))),
                "lc" => Some(first.to_lowercase()),
                "uc" => Some(first.to_uppercase()),
                "lcfirst" => Some(change_first(first, |c| c.to_lowercase().collect())),
                "ucfirst" => Some(change_first(first, |c| c.to_uppercase().collect())),
                "padleft" | "padright" => {
                    let width: usize = arg(0, expander).parse().unwrap_or(0).min(500);
                    let pad = rest
                        .get(1)
                        .map(|p| without_tags(&expander.nodes(p, frame)))
                        .filter(|p| !p.is_empty())
                        .unwrap_or_else(|| "0".into());
                    Some(padded(
                        &without_tags(first),
                        width,
                        &pad,
                        name.eq_ignore_ascii_case("padleft"),
                    ))
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// Parser functions of MediaWiki's extensions that Wikipedia runs and that
/// are not expanded here: a call of one is left for the parser's own
/// handling (a call of a function no wiki has is shown as text).
const FUNCTIONS_KNOWN_ELSEWHERE: &[&str] = &[
    "#invoke",
    "#property",
    "#statements",
    "#coordinates",
    "#ifexist",
    "#rel2abs",
    "#titleparts",
    "#section",
    "#section-x",
    "#section-h",
    "#lst",
    "#lstx",
    "#lsth",
    "#target",
    "#babel",
    "#categorytree",
    "#related",
    "#mentor",
    "#lqtpagelimit",
    "#useliquidthreads",
    "#assessment",
    "#commaseparatedlist",
    "#bcp47",
    "#language",
    "#dir",
    "#interwikilink",
    "#interlanguagelink",
    "#special",
    "#speciale",
    "#pageid",
    "#chart",
    "#translation",
];

/// Whether `name` (`#invoke`) is a parser function of an extension,
/// left for the parser rather than shown as text.
pub(super) fn is_known_elsewhere(name: &str) -> bool {
    FUNCTIONS_KNOWN_ELSEWHERE
        .iter()
        .any(|known| known.eq_ignore_ascii_case(name))
}

/// The title without its namespace.
fn page_name(title: &str) -> &str {
    match title.split_once(':') {
        Some((ns, rest)) if crate::wiki::namespaces::namespace(ns).is_some() => rest,
        _ => title,
    }
}

/// `#ifeq`'s equality: as numbers when both are numbers, else as text.
fn equal(a: &str, b: &str) -> bool {
    match (a.parse::<f64>(), b.parse::<f64>()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// `{{#switch: value | case = result | case2 | case3 = result | #default = d | d}}`.
fn switch(
    expander: &mut Expander<'_>,
    value: &str,
    cases: &[Vec<Node>],
    frame: Option<&Frame>,
) -> String {
    let mut matched = false;
    let mut default = None;
    for (i, case) in cases.iter().enumerate() {
        let text = expander.nodes(case, frame);
        match text.split_once('=') {
            Some((key, result)) => {
                let key = key.trim();
                if matched || equal(key, value) {
                    return result.trim().to_string();
                }
                if key == "#default" {
                    default = Some(result.trim().to_string());
                }
            }
            None => {
                let key = text.trim();
                if equal(key, value) {
                    matched = true;
                } else if i + 1 == cases.len() {
                    // A last case without `=` is the default.
                    return default.unwrap_or_else(|| key.to_string());
                }
            }
        }
    }
    default.unwrap_or_default()
}

fn change_first(text: &str, change: impl Fn(char) -> String) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => change(first) + chars.as_str(),
        None => String::new(),
    }
}

fn padded(text: &str, width: usize, pad: &str, left: bool) -> String {
    let have = text.chars().count();
    if have >= width {
        return text.to_string();
    }
    let fill: String = pad.chars().cycle().take(width - have).collect();
    if left {
        fill + text
    } else {
        text.to_string() + &fill
    }
}

/// `{{ns:…}}`: a namespace's name from its number or any of its names.
fn namespace_name(key: &str) -> Option<&'static str> {
    let number = match key.trim().parse::<i64>() {
        Ok(number) => number,
        Err(_) => {
            let spaced = key.trim().replace('_', " ");
            if let Some((_, name)) = CANONICAL_NAMES
                .iter()
                .find(|(_, name)| name.eq_ignore_ascii_case(&spaced))
            {
                return Some(name);
            }
            crate::wiki::namespaces::namespace(&spaced)?.key()
        }
    };
    CANONICAL_NAMES
        .iter()
        .find(|(n, _)| *n == number)
        .map(|(_, name)| *name)
}

/// `{{urlencode:text|QUERY}}` (the default: spaces as `+`), `|WIKI`
/// (spaces as `_`, `/` and `:` kept) or `|PATH` (spaces as `%20`).
fn url_encoded(text: &str, kind: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        let kept = byte.is_ascii_alphanumeric()
            || b"-_.".contains(&byte)
            || (kind == "PATH" && byte == b'~')
            || (kind == "WIKI" && b";:@$!*(),/~".contains(&byte));
        match byte {
            _ if kept => out.push(byte as char),
            b' ' if kind == "WIKI" => out.push('_'),
            b' ' if kind != "PATH" => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// `{{anchorencode:text}}`: a heading's anchor (runs of spaces and `_`
/// as one `_`, none at either end).
fn anchor_encoded(text: &str) -> String {
    let words: Vec<&str> = text
        .split([' ', '_'])
        .filter(|word| !word.is_empty())
        .collect();
    words.join("_")
}

/// `text` without the elements whose content the parser keeps aside
/// (`<nowiki>…</nowiki>`, `<pre>…</pre>`, `<ref>…</ref>`, `<math>…</math>`,
/// self-closed or not): what MediaWiki's functions that read their
/// argument as plain text see of it.
fn without_tags(text: &str) -> String {
    const KEPT_ASIDE: &[&str] = &["nowiki", "pre", "ref", "math", "references"];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    'scan: while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        let tail = &rest[at + 1..];
        for name in KEPT_ASIDE {
            let matches = tail
                .get(..name.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(name))
                && tail[name.len()..].starts_with(['>', ' ', '/']);
            if !matches {
                continue;
            }
            let Some(open_end) = tail.find('>') else {
                break;
            };
            if tail[..open_end].ends_with('/') {
                rest = &tail[open_end + 1..];
                continue 'scan;
            }
            let close = format!("</{name}>");
            let after = &tail[open_end + 1..];
            rest = super::find_ignoring_case(after, &close)
                .map_or("", |end| &after[end + close.len()..]);
            continue 'scan;
        }
        out.push('<');
        rest = tail;
    }
    out.push_str(rest);
    out
}

/// `{{fullurl:Page|query}}`: the page's address on the corpus's wiki,
/// with the query when one is given.
fn page_url(site: &crate::wiki::site::Site, title: &str, query: &str) -> String {
    let title = title.trim();
    let url = site.article_url(title);
    if query.is_empty() {
        return url;
    }
    let path = site.article_path();
    let encoded = &url[path.len()..];
    match path.strip_suffix("/wiki/") {
        Some(host) => format!("{host}/w/index.php?title={encoded}&{query}"),
        None => format!("{url}&{query}"),
    }
}

/// `{{#tag:name|content|attribute=value…}}`: the element as written.
fn tag(
    expander: &mut Expander<'_>,
    name: &str,
    rest: &[Vec<Node>],
    frame: Option<&Frame>,
) -> String {
    let name: String = name
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let content = rest
        .first()
        .map(|part| expander.nodes(part, frame))
        .unwrap_or_default();
    let mut attributes = String::new();
    for part in rest.iter().skip(1) {
        let text = expander.nodes(part, frame);
        if let Some((key, value)) = text.split_once('=') {
            let value = value.trim().trim_matches(['"', '\'']);
            attributes.push_str(&format!(
                " {}=\"{}\"",
                key.trim(),
                value.replace('"', "&quot;")
            ));
        }
    }
    format!("<{name}{attributes}>{content}</{name}>")
}

/// `{{formatnum:1234567.8}}`: digits in groups of three (`1,234,567.8`);
/// `|R` reads such a number back (`1234567.8`); anything else as it is.
fn formatted_number(text: &str, option: &str) -> String {
    if option.eq_ignore_ascii_case("R") {
        return text.replace(',', "");
    }
    if option.eq_ignore_ascii_case("NOSEP") {
        return text.to_string();
    }
    let (sign, unsigned) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text),
    };
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let digits_only = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits_only(whole) || fraction.is_some_and(|f| !f.bytes().all(|b| b.is_ascii_digit())) {
        return text.to_string();
    }
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    match fraction {
        Some(fraction) => format!("{sign}{grouped}.{fraction}"),
        None => format!("{sign}{grouped}"),
    }
}
