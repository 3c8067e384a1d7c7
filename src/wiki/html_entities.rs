//! HTML character references as wiki writers use them: every HTML5 named
//! reference (`&nbsp;`, `&hellip;`, `&NotEqualTilde;` — the WHATWG table,
//! from the `htmlize` crate), decimal and hexadecimal ones (`&#91;`,
//! `&#x5D;`).
//!
//! The one decoder both parsers use. What it never does: decode a name
//! without its `;` (`&amp` stays as written, as MediaWiki leaves it), decode
//! an unknown name (`&bogus;` stays), decode a number MediaWiki refuses
//! (`&#0;`, a control character, a surrogate, `&#xFFFE;`, past U+10FFFF:
//! it stays as written, as MediaWiki shows it), or let a control character
//! through (tab and line feed, the only ones decoded, become their visible
//! stand-ins). MediaWiki's own `&רלמ;` and `&رلم;` are `&rlm;`.

use crate::document::model::visible_control;

/// The longest reference looked at, `&` and `;` included.
const MAX_REFERENCE_BYTES: usize = if htmlize::ENTITY_MAX_LENGTH > 34 {
    htmlize::ENTITY_MAX_LENGTH
} else {
    34
};

/// Decodes the character references of `text`; anything that is not one
/// stays as written.
pub fn decode(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match reference(rest, &mut out) {
            Some(used) => rest = &rest[used..],
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `text` starts with `&`: appends what the reference there stands for to
/// `out` and tells how many bytes it took, or `None` when there is none.
fn reference(text: &str, out: &mut String) -> Option<usize> {
    let window = &text.as_bytes()[..text.len().min(MAX_REFERENCE_BYTES)];
    let semi = window.iter().position(|&b| b == b';')?;
    let body = &text[1..semi];
    if let Some(number) = body.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
                u32::from_str_radix(hex, 16).ok()?
            }
            None if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) => {
                number.parse().ok()?
            }
            _ => return None,
        };
        let c = char::from_u32(code).filter(|&c| is_valid_reference(c))?;
        out.push(visible_control(c));
        return Some(semi + 1);
    }
    if matches!(body, "רלמ" | "رلم") {
        out.push('\u{200f}');
        return Some(semi + 1);
    }
    if body.is_empty() || !body.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    let expansion = named(&text[..=semi])?;
    out.extend(expansion.chars().map(visible_control));
    Some(semi + 1)
}

/// Whether MediaWiki decodes a numeric reference to `c`: not NUL, not a
/// control character but tab and line feed, not U+FFFE or U+FFFF (a
/// surrogate is no `char`).
fn is_valid_reference(c: char) -> bool {
    matches!(c, '\t' | '\n') || !(c.is_control() || c == '\u{fffe}' || c == '\u{ffff}')
}

/// The text a named reference (`&amp;`, with its `&` and `;`) stands for.
pub fn named(reference: &str) -> Option<&'static str> {
    let bytes = htmlize::ENTITIES.get(reference.as_bytes())?;
    std::str::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_decode() {
        // (source, decoded)
        let table: &[(&str, &str)] = &[
            ("plain", "plain"),
            ("a&nbsp;b", "a\u{a0}b"),
            ("&amp;&lt;&gt;&quot;&apos;", "&<>\"'"),
            ("&#91;&#x5D;&#X5d;", "[]]"),
            ("&#x4E2D;&#20108;", "中二"),
            ("&hellip;&mdash;&ndash;&middot;", "…—–·"),
            ("&lrm;&rlm;&shy;", "\u{200e}\u{200f}\u{ad}"),
            // Beyond the short tables the two parsers had.
            ("&alpha;&Omega;&check;&rarr;&hearts;", "αΩ✓→♥"),
            ("&NotEqualTilde;", "\u{2242}\u{338}"),
            ("&CounterClockwiseContourIntegral;", "∳"),
            // Numbers MediaWiki refuses stay as written.
            ("&#27;&#x7;&#xD;&#x7F;&#128;", "&#27;&#x7;&#xD;&#x7F;&#128;"),
            (
                "&#0;&#xD800;&#x110000;&#xFFFE;",
                "&#0;&#xD800;&#x110000;&#xFFFE;",
            ),
            ("&#x10FFFE;&#x1F4A9;", "\u{10fffe}💩"),
            ("&רלמ;&رلم;", "\u{200f}\u{200f}"),
            // Not references: stay as written.
            ("&bogus;", "&bogus;"),
            ("&amp", "&amp"),
            ("&;", "&;"),
            ("&#;&#x;&#12a;&#-1;", "&#;&#x;&#12a;&#-1;"),
            ("&#99999999999999999999;", "&#99999999999999999999;"),
            ("a & b; c", "a & b; c"),
            ("&", "&"),
            ("&&amp;", "&&"),
            ("AT&T;", "AT&T;"),
            ("&nbsp", "&nbsp"),
            ("&中;", "&中;"),
        ];
        for &(source, decoded) in table {
            assert_eq!(decode(source), decoded, "{source:?}");
        }
    }

    #[test]
    fn any_input_survives() {
        for text in ["&", "&#", "&#x", "&a", "é&é;", "&\u{10ffff};", "&#x1;&#1"] {
            let _ = decode(text);
        }
    }
}
