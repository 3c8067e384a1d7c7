//! MediaWiki's apostrophe rules, applied to the source before it is
//! scanned: on a line whose bold (`'''`) and italic (`''`) marks are both
//! odd in number, one bold mark is an apostrophe and an italic mark
//! (`'''foo''` is `'` + italic `foo`), chosen as MediaWiki chooses it (the
//! first after a one-letter word, else after a longer word, else after a
//! space). Runs of four are an apostrophe and a bold mark, runs of more
//! than five keep all but five as apostrophes. Apostrophes that are text
//! are written `&#39;` so the scanner does not read them again. What is
//! inside `<nowiki>`, `<pre>`, `<math>`, source code and comments is left
//! alone (and ends no line). Pure; linear in the text.

use std::borrow::Cow;

/// Elements whose content is no wikitext, and how each ends.
const OPAQUE: &[(&str, &str)] = &[
    ("<!--", "-->"),
    ("<nowiki", "</nowiki>"),
    ("<pre", "</pre>"),
    ("<math", "</math>"),
    ("<syntaxhighlight", "</syntaxhighlight>"),
    ("<source", "</source>"),
];

/// A run of apostrophes: where it starts, how many of its apostrophes
/// are text, how many are marks (2, 3 or 5).
#[derive(Debug, Clone, Copy)]
struct Run {
    start: usize,
    text: usize,
    marks: usize,
}

/// `text` with its apostrophe marks balanced line by line (borrowed when
/// nothing changes).
pub fn balance(text: &str) -> Cow<'_, str> {
    if !text.contains("'''") {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut runs: Vec<Run> = Vec::new();
    let mut line: Vec<Run> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                finish_line(text, &mut line, &mut runs);
                i += 1;
            }
            b'<' => {
                let rest = &text[i..];
                let opaque = OPAQUE.iter().find(|(open, _)| {
                    rest.get(..open.len())
                        .is_some_and(|head| head.eq_ignore_ascii_case(open))
                });
                i += match opaque {
                    Some((open, close)) => {
                        crate::preprocess::find_ignoring_case(&rest[open.len()..], close)
                            .map_or(rest.len(), |at| open.len() + at + close.len())
                    }
                    None => 1,
                };
            }
            b'\'' => {
                let start = i;
                while i < bytes.len() && bytes[i] == b'\'' {
                    i += 1;
                }
                let (text, marks) = match i - start {
                    1 => continue,
                    length @ (2 | 3 | 5) => (0, length),
                    4 => (1, 3),
                    length => (length - 5, 5),
                };
                line.push(Run { start, text, marks });
            }
            _ => i += 1,
        }
    }
    finish_line(text, &mut line, &mut runs);
    if runs.iter().all(|run| run.text == 0) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut at = 0;
    for run in runs.iter().filter(|run| run.text > 0) {
        out.push_str(&text[at..run.start]);
        for _ in 0..run.text {
            out.push_str("&#39;");
        }
        at = run.start + run.text;
    }
    out.push_str(&text[at..]);
    Cow::Owned(out)
}

/// Ends a line: when its bold and italic marks are both odd in number,
/// the bold run MediaWiki chooses becomes an apostrophe and an italic
/// mark; its runs join `runs`.
fn finish_line(text: &str, line: &mut Vec<Run>, runs: &mut Vec<Run>) {
    let italics = line.iter().filter(|r| matches!(r.marks, 2 | 5)).count();
    let bolds = line.iter().filter(|r| matches!(r.marks, 3 | 5)).count();
    if italics % 2 == 1
        && bolds % 2 == 1
        && let Some(chosen) = bold_to_split(text, line)
    {
        line[chosen].text += 1;
        line[chosen].marks = 2;
    }
    runs.append(line);
}

/// Which bold run MediaWiki reads as an apostrophe and an italic mark:
/// the first after a one-letter word, else the first after a longer word,
/// else the first after a space.
fn bold_to_split(text: &str, runs: &[Run]) -> Option<usize> {
    let (mut single, mut multi, mut space) = (None, None, None);
    for (index, run) in runs.iter().enumerate() {
        if run.marks != 3 {
            continue;
        }
        let mut before = text[..run.start + run.text].chars().rev();
        let x1 = before.next();
        let x2 = before.next();
        // As MediaWiki reads it: no character before counts as a letter.
        match (x1, x2) {
            (Some(' '), _) => {
                space.get_or_insert(index);
            }
            (_, Some(' ')) => {
                single.get_or_insert(index);
                break;
            }
            _ => {
                multi.get_or_insert(index);
            }
        }
    }
    single.or(multi).or(space)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_bold_and_italic_marks_make_a_bold_mark_an_apostrophe() {
        assert_eq!(balance("'''foo''"), "&#39;''foo''");
        assert_eq!(balance("l'''amour'' x"), "l&#39;''amour'' x");
        assert_eq!(
            balance("'''bold''''''bold''bolditalics'''''"),
            "&#39;''bold&#39;'''''bold''bolditalics'''''"
        );
        // Balanced lines, and each line on its own.
        assert_eq!(balance("'''a''' ''b''\n'''c'''"), "'''a''' ''b''\n'''c'''");
        assert_eq!(balance("x''''y'''"), "x&#39;'''y'''");
    }

    #[test]
    fn opaque_elements_are_left_alone() {
        assert_eq!(
            balance("<nowiki>'''</nowiki>'''a''"),
            "<nowiki>'''</nowiki>&#39;''a''"
        );
        assert_eq!(balance("<!-- ''' -->"), "<!-- ''' -->");
        assert_eq!(balance("a<b>'''c'''</b>"), "a<b>'''c'''</b>");
    }

    #[test]
    fn bad_input_ends() {
        let many = "'''".repeat(100_000) + "''";
        assert!(balance(&many).len() >= many.len());
        assert_eq!(balance("<nowiki>'''"), "<nowiki>'''");
        assert_eq!(balance("'''\n''"), "'''\n''");
    }
}
