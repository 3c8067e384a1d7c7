//! Line breaking for mixed Chinese and Latin text.
//!
//! Break opportunities come from UAX #14 (`unicode-linebreak`), less those
//! before closing punctuation that it allows after a space (`ab ；`, `x …`),
//! so no line starts with `，。、；：）」』》…` and none ends with `（「『《`
//! wherever the width leaves another way (a paragraph that itself starts
//! with one keeps it); widths come from
//! `unicode-width`, so a double-width character counts two cells and is never
//! split. Lines that draw a diagram (a family tree of `├─` and `│`) break
//! at their spaces and drawing, not inside a name, where the width allows;
//! preformatted ones too. Each piece of text keeps its style and the link or citation it
//! belongs to. This module only measures and cuts text: it never decides how
//! anything looks on a terminal, and every line it returns fits its width.

use super::{Line, Span, Style};
use unicode_linebreak::{BreakOpportunity, linebreaks};
use unicode_width::UnicodeWidthChar;

/// A piece of text with one style, belonging to at most one link or citation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run<'a> {
    /// Borrowed from the article where possible.
    pub text: std::borrow::Cow<'a, str>,
    pub style: Style,
    pub target: Option<usize>,
    /// Never starts a line when text comes before it: a citation marker
    /// (`[11]`) stays with the word it cites.
    pub sticks_to_previous: bool,
}

impl<'a> Run<'a> {
    pub fn new(
        text: impl Into<std::borrow::Cow<'a, str>>,
        style: Style,
        target: Option<usize>,
    ) -> Run<'a> {
        Run {
            text: text.into(),
            style,
            target,
            sticks_to_previous: false,
        }
    }

    /// A run that never starts a line after other text (a citation marker).
    pub fn sticking(mut self) -> Run<'a> {
        self.sticks_to_previous = true;
        self
    }
}

/// Characters no line may start with, even when a long word must be cut
/// (a `match`, not a string search: this runs at every break opportunity).
fn is_no_line_start(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '」'
            | '』'
            | '》'
            | '〉'
            | '】'
            | '〕'
            | '｝'
            | '］'
            | ','
            | '.'
            | ';'
            | ':'
            | '?'
            | '!'
            | ')'
            | ']'
            | '}'
            | '’'
            | '”'
            | '…'
            | '·'
    )
}

/// Characters UAX #14 lets start a line that Chinese typesetting does not:
/// the middle dot of transliterated names (`列夫·托尔斯泰`).
fn never_after_a_break(c: char) -> bool {
    matches!(c, '·' | '・')
}

/// Characters no line may end with.
fn is_no_line_end(c: char) -> bool {
    matches!(
        c,
        '（' | '「' | '『' | '《' | '〈' | '【' | '〔' | '｛' | '［' | '(' | '[' | '{' | '‘' | '“'
    )
}

/// The display width of a character (0 for combining and zero-width ones).
pub fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// The display width of a string, as the sum of its characters' widths.
pub fn text_width(text: &str) -> usize {
    text.chars().map(char_width).sum()
}

/// The display width of a line's spans.
pub fn spans_width(spans: &[Span]) -> usize {
    spans.iter().map(|span| text_width(&span.text)).sum()
}

/// A fast byte scan: false guarantees [`clean_text`] would change nothing
/// (no C0 control, DEL, C1 control, U+2028/2029, U+FEFF or variation selector).
fn may_need_cleaning(bytes: &[u8]) -> bool {
    // Branch-free, so it vectorises.
    let c0_or_del = bytes
        .iter()
        .fold(false, |found, &b| found | (b < 0x20) | (b == 0x7f));
    c0_or_del
        || memchr::memchr3_iter(0xc2, 0xe2, 0xef, bytes).any(|i| {
            match (bytes[i], bytes.get(i + 1..i + 3)) {
                (0xc2, _) => bytes.get(i + 1).is_some_and(|&next| next <= 0x9f),
                (0xe2, Some([0x80, 0xa8 | 0xa9])) => true,
                // U+FEFF is EF BB BF; U+FE0E/U+FE0F are EF B8 8E/8F.
                (0xef, Some([0xbb, 0xbf] | [0xb8, 0x8e | 0x8f])) => true,
                _ => false,
            }
        })
}

/// Makes text safe and measurable: control characters become visible
/// stand-ins, tabs become spaces, variation selectors (which make terminals
/// disagree about widths) go; on lines narrower than a character (a
/// double-width one on a line of one cell, Khmer's three-cell `៘` on a line
/// of two), the character becomes `…` so that it still fits.
pub fn clean_text(text: &str, avail: usize, keep_newlines: bool) -> std::borrow::Cow<'_, str> {
    let needs_cleaning = avail < 3 || may_need_cleaning(text.as_bytes());
    if !needs_cleaning {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let c = match c {
            '\n' if keep_newlines => '\n',
            '\t' | '\n' | '\r' => ' ',
            '\u{fe0e}' | '\u{fe0f}' => continue,
            c => crate::document::visible_control(c),
        };
        if char_width(c) > avail.max(1) {
            out.push('…');
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Wraps `runs` to `width` cells. The first line starts with `first_prefix`,
/// the others with `rest_prefix` (a hanging indent); when a prefix leaves no
/// room, it is dropped. Newlines in runs are forced breaks. Leading and
/// trailing spaces of each line are trimmed. Returns no lines for width 0.
pub fn wrap(runs: &[Run], width: usize, first_prefix: &[Span], rest_prefix: &[Span]) -> Vec<Line> {
    if width == 0 {
        return Vec::new();
    }
    let first_prefix = usable_prefix(first_prefix, width);
    let rest_prefix = usable_prefix(rest_prefix, width);
    let first_avail = width - spans_width(first_prefix);
    let rest_avail = width - spans_width(rest_prefix);

    let mut text = String::new();
    let mut owners: Vec<(usize, usize)> = Vec::with_capacity(runs.len()); // (start byte, run index)
    // Where a run that sticks to the text before it starts: no break there.
    let mut glued: Vec<usize> = Vec::new();
    for (i, run) in runs.iter().enumerate() {
        owners.push((text.len(), i));
        if run.sticks_to_previous && !text.is_empty() {
            glued.push(text.len());
        }
        text.push_str(&clean_text(&run.text, first_avail.min(rest_avail), true));
    }

    let ranges = break_into_ranges(&text, first_avail, rest_avail, &glued);
    ranges
        .into_iter()
        .enumerate()
        .map(|(n, (start, end))| {
            let prefix = if n == 0 { first_prefix } else { rest_prefix };
            let mut spans: Vec<Span> = prefix.to_vec();
            push_range_spans(&text, &owners, runs, start, end, &mut spans);
            Line { spans }
        })
        .collect()
}

fn usable_prefix(prefix: &[Span], width: usize) -> &[Span] {
    if spans_width(prefix) < width {
        prefix
    } else {
        &[]
    }
}

/// Greedy line filling over UAX #14 segments: byte ranges of each line.
/// No line breaks at a `glued` place (sorted byte offsets), nor before a
/// character no line may start with that UAX #14 lets start one (`·`).
fn break_into_ranges(
    text: &str,
    first_avail: usize,
    rest_avail: usize,
    glued: &[usize],
) -> Vec<(usize, usize)> {
    let mut lines: Vec<(usize, usize)> = Vec::new();
    let avail_for = |lines: &Vec<(usize, usize)>| {
        if lines.is_empty() {
            first_avail
        } else {
            rest_avail
        }
    };
    let mut line_start: Option<usize> = None; // start of the current line's content
    let mut line_end = 0usize; // end of its content, trailing spaces excluded
    let mut line_width = 0usize;
    let mut gap = 0usize; // width of the spaces between `line_end` and the next segment
    let mut segment_start = 0usize;

    let all_glued = glued;
    let mut glued = glued.iter().copied().peekable();
    let trees = tree_lines(text);
    let mut trees_ahead = trees.iter().copied().peekable();
    for (pos, opportunity) in linebreaks(text) {
        while glued.next_if(|&at| at < pos).is_some() {}
        while trees_ahead.next_if(|&(_, end)| end < pos).is_some() {}
        let tree = trees_ahead.peek().copied();
        let in_tree = tree.is_some_and(|(start, end)| start < pos && pos < end);
        // A segment never spans a newline: it is in the line it starts in.
        let segment_in_tree =
            tree.is_some_and(|(start, end)| start <= segment_start && segment_start < end);
        if opportunity == BreakOpportunity::Allowed
            && (joins_number_and_unit(text, pos)
                || glued.peek() == Some(&pos)
                || text[pos..]
                    .chars()
                    .next()
                    .is_some_and(|c| is_no_line_start(c) || never_after_a_break(c))
                || (in_tree && !is_tree_break(text, pos)))
        {
            continue;
        }
        let segment = Segment::measure(text, segment_start, pos);
        if segment.has_content() {
            let joined = line_start.map(|_| line_width + gap + segment.content_width);
            if let Some(joined) = joined.filter(|&w| w <= avail_for(&lines)) {
                line_end = segment.content_end;
                line_width = joined;
            } else {
                let (piece_start, piece_width) = segment.without_leading_spaces();
                // A name of a diagram too long for any line is cut from
                // where this line has room: moving it to a line of its own
                // first would only waste a line.
                let room = avail_for(&lines).saturating_sub(line_width + gap);
                let fills = segment_in_tree
                    && line_start.is_some()
                    && piece_width > rest_avail
                    && text[piece_start..]
                        .chars()
                        .next()
                        .is_some_and(|c| char_width(c) <= room);
                let mut cut_from = None;
                if fills {
                    let cut_end =
                        cut_point(text, piece_start, segment.content_end, room, all_glued);
                    if let Some(start) = line_start.take() {
                        lines.push((start, cut_end));
                    }
                    cut_from = Some(skip_spaces(text, cut_end, segment.content_end));
                } else if let Some(start) = line_start.take() {
                    lines.push((start, line_end));
                }
                if cut_from.is_none() && piece_width <= avail_for(&lines) {
                    line_start = Some(piece_start);
                    line_end = segment.content_end;
                    line_width = piece_width;
                } else {
                    // Longer than a whole line: cut it by characters.
                    let mut cut_start = cut_from.unwrap_or(piece_start);
                    loop {
                        let cut_end = cut_point(
                            text,
                            cut_start,
                            segment.content_end,
                            avail_for(&lines),
                            all_glued,
                        );
                        if cut_end >= segment.content_end {
                            line_start = Some(cut_start);
                            line_end = segment.content_end;
                            line_width = text_width(&text[cut_start..segment.content_end]);
                            break;
                        }
                        // A line never ends with the space it was cut before…
                        let kept = text[cut_start..cut_end].trim_end_matches(' ').len();
                        let end = if kept == 0 { cut_end } else { cut_start + kept };
                        lines.push((cut_start, end));
                        // …nor starts with the space it was cut at.
                        cut_start = skip_spaces(text, cut_end, segment.content_end);
                    }
                }
            }
            gap = segment.width - segment.content_width;
        } else {
            gap += segment.width;
        }

        let ends_with_newline = pos > segment_start && text.as_bytes()[pos - 1] == b'\n';
        if opportunity == BreakOpportunity::Mandatory && ends_with_newline {
            match line_start.take() {
                Some(start) => lines.push((start, line_end)),
                None => lines.push((pos, pos)), // an empty line from a forced break
            }
            line_width = 0;
            gap = 0;
        }
        segment_start = pos;
    }
    if let Some(start) = line_start {
        lines.push((start, line_end));
    }
    lines
}

/// Box-drawing characters (`│ ├ └ ─ ┌ ┐ ┬ ┴ ┼ ═ ║ ╔` …): what family trees
/// and other diagrams are drawn with.
pub fn is_box_drawing(c: char) -> bool {
    ('\u{2500}'..='\u{257f}').contains(&c)
}

/// Box-drawing characters that only a diagram has: corners, tees and
/// vertical lines (`├ └ │ ┌`), not the horizontal lines (`──`, `══`) that
/// prose also uses as a dash (`毫無疑異──完美`).
fn is_diagram_mark(c: char) -> bool {
    is_box_drawing(c)
        && !matches!(
            c,
            '\u{2500}'
                | '\u{2501}'
                | '\u{2504}'
                | '\u{2505}'
                | '\u{2508}'
                | '\u{2509}'
                | '\u{254c}'
                | '\u{254d}'
                | '\u{2550}'
        )
}

/// The byte ranges of the lines (between newlines) of `text` that draw a
/// diagram (hold a corner, tee or vertical line): their names are not cut
/// where the width leaves room to break at their spaces and lines.
fn tree_lines(text: &str) -> Vec<(usize, usize)> {
    // Box drawing is U+25xx: E2 94 xx or E2 95 xx in UTF-8.
    let has_box = memchr::memchr_iter(0xe2, text.as_bytes())
        .any(|i| matches!(text.as_bytes().get(i + 1), Some(0x94 | 0x95)));
    if !has_box {
        return Vec::new();
    }
    let mut found = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        if line.contains(is_diagram_mark) {
            found.push((start, start + line.len()));
        }
        start += line.len();
    }
    found
}

/// Whether a diagram's line may break at `pos`: next to a space or a line
/// of the drawing; never inside a name.
fn is_tree_break(text: &str, pos: usize) -> bool {
    let before = text[..pos].chars().next_back();
    let after = text[pos..].chars().next();
    let drawing = |c: char| c == ' ' || is_box_drawing(c);
    before.is_some_and(drawing) || after.is_some_and(drawing)
}

/// Whether `pos` is next to a space (a better break than between two
/// lines of a drawing).
fn is_space_break(text: &str, pos: usize) -> bool {
    text[..pos].ends_with(' ') || text[pos..].starts_with(' ')
}

/// Where the spaces at `at` end (at most at `end`).
fn skip_spaces(text: &str, at: usize, end: usize) -> usize {
    end - text[at..end].trim_start_matches(' ').len()
}

/// A text between two break opportunities, measured in one pass over its
/// characters: its content is what comes before its trailing spaces.
struct Segment {
    start: usize,
    /// Where the content ends (trailing spaces and newline excluded).
    content_end: usize,
    /// Width of `start..content_end`.
    content_width: usize,
    /// Width of the whole segment, trailing spaces included.
    width: usize,
    /// The first character that is not a leading space, and the width before it.
    first_non_space: usize,
    leading_width: usize,
}

impl Segment {
    fn measure(text: &str, start: usize, end: usize) -> Segment {
        let mut segment = Segment {
            start,
            content_end: start,
            content_width: 0,
            width: 0,
            first_non_space: end,
            leading_width: 0,
        };
        let mut in_leading_spaces = true;
        for (offset, c) in text[start..end].char_indices() {
            if in_leading_spaces && c != ' ' {
                in_leading_spaces = false;
                segment.first_non_space = start + offset;
                segment.leading_width = segment.width;
            }
            segment.width += char_width(c);
            if !matches!(c, ' ' | '\n' | '\u{3000}') {
                segment.content_end = start + offset + c.len_utf8();
                segment.content_width = segment.width;
            }
        }
        segment
    }

    fn has_content(&self) -> bool {
        self.content_end > self.start
    }

    /// Start and width of the content once leading spaces are dropped (a line's start).
    fn without_leading_spaces(&self) -> (usize, usize) {
        let start = self.first_non_space.min(self.content_end);
        (start, self.content_width.saturating_sub(self.leading_width))
    }
}

/// True where UAX #14 would allow a break between a digit and the ideograph
/// after it (`6|月`, `1943|年`, `17|人`); Chinese typesetting keeps them together.
fn joins_number_and_unit(text: &str, pos: usize) -> bool {
    // Cheap test on the bytes first: this runs at every break opportunity.
    let bytes = text.as_bytes();
    let ascii_digit_before = pos >= 1 && bytes[pos - 1].is_ascii_digit();
    // Full-width digits ０..９ are EF BC 90..99.
    let wide_digit_before = pos >= 3 && matches!(bytes[pos - 3..pos], [0xef, 0xbc, 0x90..=0x99]);
    (ascii_digit_before || wide_digit_before)
        && text[pos..]
            .chars()
            .next()
            .is_some_and(crate::wiki::script::is_han)
}

/// Where to cut `text[start..end]` so that the first piece fits `avail`
/// cells: at least one character; between two glued runs (a chain of
/// citations longer than the line: `[12][13]`) when one fits, else never
/// before a no-line-start character or after a no-line-end character when
/// another cut is possible.
fn cut_point(text: &str, start: usize, end: usize, avail: usize, glued: &[usize]) -> usize {
    let mut width = 0usize;
    let mut cut = start;
    let mut boundaries: Vec<usize> = Vec::new();
    for (offset, c) in text[start..end].char_indices() {
        let w = char_width(c);
        if width + w > avail && cut > start {
            break;
        }
        width += w;
        cut = start + offset + c.len_utf8();
        boundaries.push(cut);
    }
    if cut >= end {
        return end;
    }
    // The last glued place that fits, with something before it on the line.
    let fits = glued.partition_point(|&at| at <= cut);
    if let Some(&at) = glued[..fits].last().filter(|&&at| at > start) {
        return at;
    }
    // Step back over kinsoku characters while something remains on the line.
    for &candidate in boundaries.iter().rev() {
        // The next line starts after the spaces at the cut.
        let next = text[candidate..end].trim_start_matches(' ').chars().next();
        let prev = text[start..candidate].chars().next_back();
        let bad_start = next.is_some_and(is_no_line_start);
        let bad_end = prev.is_some_and(is_no_line_end);
        if !bad_start && !bad_end {
            return candidate;
        }
    }
    cut
}

/// Appends the spans covering `text[start..end]`, split where runs change.
fn push_range_spans(
    text: &str,
    owners: &[(usize, usize)],
    runs: &[Run],
    start: usize,
    end: usize,
    spans: &mut Vec<Span>,
) {
    if start >= end {
        return;
    }
    let first = owners
        .partition_point(|&(run_start, _)| run_start <= start)
        .saturating_sub(1);
    for (k, &(run_start, run_index)) in owners.iter().enumerate().skip(first) {
        if run_start >= end {
            break;
        }
        let run_end = owners.get(k + 1).map_or(text.len(), |&(next, _)| next);
        let piece_start = run_start.max(start);
        let piece_end = run_end.min(end);
        if piece_start >= piece_end {
            continue;
        }
        let raw = &text[piece_start..piece_end];
        let piece = if raw.contains('\n') {
            raw.replace('\n', "")
        } else {
            raw.to_string()
        };
        if piece.is_empty() {
            continue;
        }
        let run = &runs[run_index];
        match spans.last_mut() {
            Some(last)
                if last.style == run.style
                    && last.target == run.target
                    && !spans_is_prefix_only(last) =>
            {
                last.text.push_str(&piece)
            }
            _ => spans.push(Span {
                text: piece,
                style: run.style,
                target: run.target,
            }),
        }
    }
}

fn spans_is_prefix_only(span: &Span) -> bool {
    span.style.role == super::Role::Marker || span.style.role == super::Role::Border
}

/// Cuts preformatted text into lines of at most `width` cells, keeping spaces.
pub fn hard_wrap(text: &str, width: usize, style: Style, prefix: &[Span]) -> Vec<Line> {
    if width == 0 {
        return Vec::new();
    }
    let prefix = usable_prefix(prefix, width);
    let avail = width - spans_width(prefix);
    let mut lines = Vec::new();
    for source_line in text.split('\n') {
        let expanded = source_line.replace('\t', "    ");
        let cleaned = clean_text(&expanded, avail, false);
        let cleaned = cleaned.trim_end();
        if cleaned.contains(is_diagram_mark) {
            for piece in cut_diagram_line(cleaned, avail) {
                lines.push(line_with(prefix, piece, style));
            }
            continue;
        }
        let mut current = String::new();
        let mut current_width = 0;
        for c in cleaned.chars() {
            let w = char_width(c);
            if current_width + w > avail && !current.is_empty() {
                lines.push(line_with(prefix, std::mem::take(&mut current), style));
                current_width = 0;
            }
            current.push(c);
            current_width += w;
        }
        lines.push(line_with(prefix, current, style));
    }
    lines
}

/// A line of a diagram in pieces of at most `avail` cells: whole when it
/// fits; else cut after a space or a line of the drawing, or before one,
/// where a piece allows, and inside a name (never before closing
/// punctuation, where another cut fits) only when none does. Pieces after
/// the first are indented to where the line's name starts (`│  └─白志明`
/// continues under `白`) when that leaves half the width.
fn cut_diagram_line(line: &str, avail: usize) -> Vec<String> {
    if text_width(line) <= avail {
        return vec![line.to_string()];
    }
    let drawing_width = text_width(
        &line[..line
            .find(|c: char| c != ' ' && !is_box_drawing(c))
            .unwrap_or(line.len())],
    );
    let indent = if drawing_width * 2 <= avail {
        drawing_width
    } else {
        0
    };
    let mut pieces = Vec::new();
    let mut rest = line;
    while !rest.is_empty() {
        let room = if pieces.is_empty() {
            avail
        } else {
            avail - indent
        };
        let lead = if pieces.is_empty() { 0 } else { indent };
        if text_width(rest) <= room {
            pieces.push(format!("{}{rest}", " ".repeat(lead)));
            break;
        }
        let mut width = 0;
        let (mut best_space, mut best_drawing) = (None, None);
        for (at, c) in rest.char_indices() {
            if at > 0 && is_tree_break(rest, at) && !rest[..at].trim_end().is_empty() {
                if is_space_break(rest, at) {
                    best_space = Some(at);
                } else {
                    best_drawing = Some(at);
                }
            }
            width += char_width(c);
            if width > room {
                break;
            }
        }
        let best = best_space.or(best_drawing);
        // A break that only puts off cutting a name too long for any line
        // wastes a line: fill this one instead.
        let next_room = avail - indent;
        let cut = best
            .filter(|&at| {
                let after = rest[at..].trim_start_matches(' ');
                let name_end = after
                    .char_indices()
                    .skip(1)
                    .find(|&(i, _)| is_tree_break(after, i))
                    .map_or(after.len(), |(i, _)| i);
                text_width(after[..name_end].trim_end()) <= next_room
            })
            .unwrap_or_else(|| cut_point(rest, 0, rest.len(), room, &[]));
        pieces.push(format!("{}{}", " ".repeat(lead), rest[..cut].trim_end()));
        rest = rest[cut..].trim_start_matches(' ');
    }
    pieces
}

fn line_with(prefix: &[Span], text: String, style: Style) -> Line {
    let mut spans = prefix.to_vec();
    if !text.is_empty() {
        spans.push(Span {
            text,
            style,
            target: None,
        });
    }
    Line { spans }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> Vec<Run<'_>> {
        vec![Run::new(text, Style::default(), None)]
    }

    fn texts(lines: &[Line]) -> Vec<String> {
        lines.iter().map(Line::text).collect()
    }

    #[test]
    fn chinese_wraps_at_any_ideograph_and_fits() {
        let lines = wrap(&plain("一二三四五六七八九十"), 8, &[], &[]);
        assert_eq!(texts(&lines), ["一二三四", "五六七八", "九十"]);
    }

    #[test]
    fn closing_punctuation_never_starts_a_line() {
        // 。 would land at the start of line 2 with naive cutting.
        let lines = wrap(&plain("一二三四。五六"), 8, &[], &[]);
        assert_eq!(texts(&lines), ["一二三", "四。五六"]);
        for text in [
            "甲乙丙丁，戊己",
            "甲乙丙丁）戊己",
            "甲乙丙丁」戊己",
            "甲乙丙丁；戊己",
            "甲乙丙丁、戊己",
        ] {
            for line in texts(&wrap(&plain(text), 8, &[], &[])) {
                let first = line.chars().next().unwrap_or(' ');
                assert!(
                    !"，。、；：）」』》".contains(first),
                    "{text:?} gave a line starting with {first}"
                );
            }
        }
    }

    #[test]
    fn closing_punctuation_after_a_space_never_starts_a_line() {
        // UAX #14 allows a break after a space before `；`, `：` (non-starters)
        // and `…`: the line after it began with the punctuation.
        let lines = wrap(&plain("丙丁：ab 年cd ；「己」 甲"), 13, &[], &[]);
        assert_eq!(texts(&lines), ["丙丁：ab 年", "cd ；「己」", "甲"]);
        let lines = wrap(&plain("cd 1943 …ab"), 8, &[], &[]);
        assert_eq!(texts(&lines), ["cd", "1943 …ab"]);
        // A paragraph starting with a space, the punctuation in a run of its own
        // (a link's text before it).
        let runs = vec![
            Run::new(" 参见", Style::default(), None),
            Run::new("伊犁危機", Style::default(), Some(1)),
            Run::new(" ：另见", Style::default(), None),
        ];
        for width in 6..=20 {
            let lines = wrap(&runs, width, &[], &[]);
            for line in texts(&lines) {
                assert!(
                    !line.starts_with(['：', ' ']),
                    "width {width}: {:?}",
                    texts(&lines)
                );
                assert!(text_width(&line) <= width);
            }
        }
    }

    #[test]
    fn realistic_text_never_starts_a_line_with_closing_punctuation() {
        // Chinese and Latin words, punctuation (sometimes after a space), cut
        // into runs anywhere: wherever a line can avoid starting with closing
        // punctuation at these widths, it does.
        let words = [
            "甲",
            "乙",
            "丙丁",
            "ab",
            "cd",
            "1943",
            "年",
            "（戊）",
            "「己」",
        ];
        let marks = ["，", "。", "）", "」", "、", "…", "：", "；", "！"];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut pick = |n: usize| (next() % n as u64) as usize;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..2 + pick(14) {
                if pick(4) == 0 {
                    text.push(' ');
                }
                text.push_str(words[pick(words.len())]);
                if pick(3) == 0 {
                    if pick(4) == 0 {
                        text.push(' ');
                    }
                    text.push_str(marks[pick(marks.len())]);
                }
            }
            let bounds: Vec<usize> = text.char_indices().map(|(at, _)| at).collect();
            let mut cuts: Vec<usize> = (0..pick(4)).map(|_| bounds[pick(bounds.len())]).collect();
            cuts.extend([0, text.len()]);
            cuts.sort_unstable();
            cuts.dedup();
            let runs: Vec<Run> = cuts
                .windows(2)
                .map(|pair| Run::new(&text[pair[0]..pair[1]], Style::default(), None))
                .collect();
            let width = 10 + pick(30);
            let lines = texts(&wrap(&runs, width, &[], &[]));
            for line in lines.iter().skip(1) {
                assert!(
                    !line.starts_with(is_no_line_start),
                    "width {width}, {text:?}: {lines:?}"
                );
            }
        }
    }

    #[test]
    fn numbers_stay_with_the_unit_after_them() {
        // UAX #14 allows 1943|年 and 6|月; Chinese typesetting does not.
        let lines = wrap(&plain("甲乙丙1943年6月"), 10, &[], &[]);
        assert_eq!(texts(&lines), ["甲乙丙", "1943年6月"]);
        let lines = wrap(&plain("一二三四五六6月"), 14, &[], &[]);
        assert_eq!(texts(&lines), ["一二三四五六", "6月"]);
        let lines = wrap(&plain("一二三四五六６月"), 14, &[], &[]);
        assert_eq!(texts(&lines), ["一二三四五六", "６月"]);
    }

    #[test]
    fn opening_punctuation_never_ends_a_line() {
        let lines = wrap(&plain("甲乙丙（丁戊）"), 8, &[], &[]);
        for line in texts(&lines) {
            assert!(!line.ends_with('（'), "{line:?}");
        }
    }

    #[test]
    fn latin_words_stay_whole_and_spaces_are_trimmed() {
        let lines = wrap(&plain("Russian conquest of Turkestan"), 10, &[], &[]);
        assert_eq!(texts(&lines), ["Russian", "conquest", "of", "Turkestan"]);
        let lines = wrap(&plain("ab cd ef"), 5, &[], &[]);
        assert_eq!(texts(&lines), ["ab cd", "ef"]);
    }

    #[test]
    fn a_cut_line_does_not_start_with_a_space() {
        // UAX #14 keeps "r ，" together (no break before ，), so the cut falls at the space.
        let lines = wrap(&plain("orer ，可以"), 5, &[], &[]);
        assert!(
            lines.iter().all(|l| !l.text().starts_with([' ', '，'])),
            "{:?}",
            texts(&lines)
        );
    }

    #[test]
    fn a_cut_line_does_not_end_with_a_space() {
        // `年 、` cannot fit four cells without a line starting with `、`:
        // the cut falls after the space, which stays off the line.
        for text in ["年 、 cd」", "「己」 ，（戊）"] {
            for width in 4..=8 {
                for line in texts(&wrap(&plain(text), width, &[], &[])) {
                    assert!(!line.ends_with(' '), "{text:?} at {width}: {line:?}");
                }
            }
        }
    }

    #[test]
    fn words_longer_than_the_line_are_cut() {
        let lines = wrap(&plain("abcdefghij"), 4, &[], &[]);
        assert_eq!(texts(&lines), ["abcd", "efgh", "ij"]);
    }

    #[test]
    fn a_character_wider_than_the_line_becomes_an_ellipsis() {
        // U+17D8 is three cells wide.
        let lines = wrap(&plain("៘"), 2, &[], &[]);
        assert_eq!(texts(&lines), ["…"]);
        let lines = wrap(&plain("៘"), 3, &[], &[]);
        assert_eq!(texts(&lines), ["៘"]);
    }

    #[test]
    fn a_wide_character_is_never_split_and_width_one_still_fits() {
        let lines = wrap(&plain("中文"), 3, &[], &[]);
        assert_eq!(texts(&lines), ["中", "文"]);
        let lines = wrap(&plain("中文"), 1, &[], &[]);
        assert!(lines.iter().all(|l| text_width(&l.text()) <= 1));
        assert!(wrap(&plain("中文"), 0, &[], &[]).is_empty());
    }

    #[test]
    fn hanging_prefixes_indent_continuation_lines() {
        let marker = [Span {
            text: "• ".into(),
            style: Style::default(),
            target: None,
        }];
        let indent = [Span {
            text: "  ".into(),
            style: Style::default(),
            target: None,
        }];
        let lines = wrap(&plain("一二三四五六"), 6, &marker, &indent);
        assert_eq!(texts(&lines), ["• 一二", "  三四", "  五六"]);
    }

    #[test]
    fn targets_survive_wrapping() {
        let runs = vec![
            Run::new("甲乙", Style::default(), None),
            Run::new("丙丁戊", Style::default(), Some(7)),
        ];
        let lines = wrap(&runs, 6, &[], &[]);
        assert_eq!(texts(&lines), ["甲乙丙", "丁戊"]);
        assert_eq!(lines[0].spans[1].target, Some(7));
        assert_eq!(lines[1].spans[0].target, Some(7));
    }

    #[test]
    fn forced_breaks_make_lines_and_controls_are_visible() {
        let lines = wrap(&plain("a\nb\n\nc\u{1b}[2J"), 20, &[], &[]);
        assert_eq!(texts(&lines), ["a", "b", "", "c␛[2J"]);
    }

    #[test]
    fn the_fast_scan_finds_everything_clean_text_would_change() {
        for code in 0u32..0x1_0000 {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let text = format!("中{c}文");
            if clean_text(&text, 80, true) != text.as_str() {
                assert!(may_need_cleaning(text.as_bytes()), "U+{code:04X}");
            }
        }
    }

    #[test]
    fn nbsp_is_not_a_break() {
        let lines = wrap(&plain("aa\u{a0}bb cc"), 6, &[], &[]);
        assert_eq!(texts(&lines), ["aa\u{a0}bb", "cc"]);
    }

    /// A family tree as articles draw it in preformatted text.
    const TREE: &str = "白彥虎\n├─白金福（长子） ──── 白志忠、白志诚\n│  ├─白志忠\n│  └─白志诚\n└─白金禄（次子）\n   └─白志明阿訇 ── 居西安";

    #[test]
    fn a_diagram_line_breaks_at_its_drawing_not_inside_a_name() {
        // Cut by characters, the line broke inside the run of `─` and its
        // second part started with it.
        let lines = hard_wrap(TREE, 20, Style::default(), &[]);
        assert_eq!(
            texts(&lines),
            [
                "白彥虎",
                "├─白金福（长子）",
                "  ────",
                "  白志忠、白志诚",
                "│  ├─白志忠",
                "│  └─白志诚",
                "└─白金禄（次子）",
                "   └─白志明阿訇 ──",
                "     居西安",
            ]
        );
        // A name too long for any line is cut, not moved first.
        let lines = hard_wrap("└─白金禄（次子）", 12, Style::default(), &[]);
        assert_eq!(texts(&lines), ["└─白金禄（次", "  子）"]);
        // Lines that fit stay whole.
        let lines = hard_wrap(TREE, 40, Style::default(), &[]);
        assert_eq!(texts(&lines), TREE.split('\n').collect::<Vec<_>>());
    }

    #[test]
    fn diagram_lines_always_fit() {
        let marker = [Span {
            text: "> ".into(),
            style: Style::default(),
            target: None,
        }];
        for width in 1..=40 {
            for prefix in [&[][..], &marker[..]] {
                for line in hard_wrap(TREE, width, Style::default(), prefix) {
                    assert!(
                        text_width(&line.text()) <= width,
                        "{width}: {:?}",
                        line.text()
                    );
                }
                let runs = plain(TREE);
                for line in wrap(&runs, width, prefix, prefix) {
                    assert!(
                        text_width(&line.text()) <= width,
                        "{width}: {:?}",
                        line.text()
                    );
                }
            }
        }
    }

    #[test]
    fn a_diagram_in_running_text_keeps_its_names_whole() {
        // UAX #14 breaks between any two ideographs: `白金|福`.
        let lines = wrap(&plain("白彥虎 ├─白金福"), 13, &[], &[]);
        assert_eq!(texts(&lines), ["白彥虎 ├─", "白金福"]);
        let lines = wrap(
            &plain("家谱：\n├─白金福（长子） ── 白志忠\n└─白金禄"),
            18,
            &[],
            &[],
        );
        assert_eq!(
            texts(&lines),
            ["家谱：", "├─白金福（长子）", "── 白志忠", "└─白金禄"]
        );
        // A name longer than a line is cut where the line has room.
        let lines = wrap(&plain("├─白金福白金禄白金寿"), 10, &[], &[]);
        assert_eq!(texts(&lines), ["├─白金福白", "金禄白金寿"]);
        // Text without a drawing still breaks between ideographs, and a
        // dash of box-drawing lines is no drawing.
        let lines = wrap(&plain("白彥虎 白金福"), 11, &[], &[]);
        assert_eq!(texts(&lines), ["白彥虎 白金", "福"]);
        let lines = wrap(&plain("對清真言毫無疑異──完美的知識"), 12, &[], &[]);
        assert_eq!(texts(&lines), ["對清真言毫無", "疑異──完美的", "知識"]);
    }

    #[test]
    fn hard_wrap_keeps_spaces_and_fits() {
        let lines = hard_wrap("  fn main() {}\n\tx", 8, Style::default(), &[]);
        assert_eq!(texts(&lines), ["  fn mai", "n() {}", "    x"]);
    }
}
