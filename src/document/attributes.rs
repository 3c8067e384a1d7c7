//! Attributes of an HTML-like tag (`name="a b" group=n href='x'`), shared by
//! both parsers (`<ref …>` in wikitext, `<a href=…>` in raw HTML). Reads text
//! only; never fails: what is not an attribute is skipped.

/// The attributes of a tag's attribute text, names lower-cased, values
/// unquoted and trimmed (`""` for a bare name), in order.
pub fn parse_attributes(attributes: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = attributes;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() {
            return out;
        }
        let name_len = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..name_len].to_ascii_lowercase();
        rest = rest[name_len..].trim_start();
        let mut value = None;
        if let Some(after) = rest.strip_prefix('=') {
            let (found, remaining) = attribute_value(after.trim_start());
            value = Some(found.trim().to_string());
            rest = remaining;
        }
        if !name.is_empty() {
            out.push((name, value.unwrap_or_default()));
        } else if value.is_none() {
            // Not an attribute at all: skip one character to make progress.
            let skip = rest.chars().next().map_or(0, char::len_utf8);
            rest = &rest[skip..];
        }
    }
}

/// The value of attribute `wanted` (case-insensitive), if present.
pub fn attribute(attributes: &str, wanted: &str) -> Option<String> {
    parse_attributes(attributes)
        .into_iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(wanted))
        .map(|(_, value)| value)
}

/// Most columns a table cell may cover (wider spans read as this).
pub const MAX_COLSPAN: u16 = 64;
/// Most rows a table cell may cover.
pub const MAX_ROWSPAN: u16 = 1000;

/// A table cell's `(colspan, rowspan)` from its attribute text, each at
/// least 1 and at most the limits above (`colspan="2"`, `rowspan=3`; junk
/// and zero read as 1, as browsers do).
pub fn cell_span(attributes: &str) -> (u16, u16) {
    let read = |wanted: &str, max: u16| {
        attribute(attributes, wanted)
            .and_then(|value| {
                let digits: String = value
                    .trim()
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .take(6)
                    .collect();
                digits.parse::<u32>().ok()
            })
            .filter(|&n| n > 0)
            .map_or(1, |n| n.min(u32::from(max)) as u16)
    };
    (read("colspan", MAX_COLSPAN), read("rowspan", MAX_ROWSPAN))
}

/// A quoted or bare value at the start of `text`, and what follows it.
fn attribute_value(text: &str) -> (&str, &str) {
    match text.chars().next() {
        Some(quote @ ('"' | '\'')) => {
            let inner = &text[1..];
            match inner.find(quote) {
                Some(end) => (&inner[..end], &inner[end + 1..]),
                None => (inner, ""),
            }
        }
        _ => {
            let end = text.find(char::is_whitespace).unwrap_or(text.len());
            text.split_at(end)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_spans_are_read_and_bounded() {
        assert_eq!(cell_span(r#"colspan="2" style="x""#), (2, 1));
        assert_eq!(cell_span("rowspan=3 colspan = '4'"), (4, 3));
        assert_eq!(cell_span("colspan=0 rowspan=x"), (1, 1));
        assert_eq!(
            cell_span("colspan=99999999999 rowspan=99999999"),
            (64, 1000)
        );
        assert_eq!(cell_span(""), (1, 1));
    }

    fn pairs(text: &str) -> Vec<(String, String)> {
        parse_attributes(text)
    }

    #[test]
    fn quoted_bare_and_valueless_attributes() {
        assert_eq!(
            pairs(r#"name="a b" group=n HREF='x' hidden"#),
            [
                ("name", "a b"),
                ("group", "n"),
                ("href", "x"),
                ("hidden", "")
            ]
            .map(|(a, b)| (a.to_string(), b.to_string()))
        );
    }

    #[test]
    fn self_closing_slashes_and_junk_are_skipped() {
        assert_eq!(
            attribute("name=mzb201401 /", "name").as_deref(),
            Some("mzb201401")
        );
        assert_eq!(
            attribute(r#"href="../Page/X.md"/"#, "href").as_deref(),
            Some("../Page/X.md")
        );
        assert_eq!(attribute("= = =", "x"), None);
        assert_eq!(
            attribute(r#"name="unclosed"#, "name").as_deref(),
            Some("unclosed")
        );
        assert!(pairs("").is_empty());
        assert!(pairs("中文 ＝ '").iter().all(|(name, _)| !name.is_empty()));
    }
}
