//! The options of a file link (`[[File:X.jpg|thumb|右|200px|alt=…|caption]]`,
//! a gallery line `File:x.jpg|alt=…|caption`): which parameters lay the image
//! out rather than caption it, with the English and Chinese option words
//! zh.wikipedia accepts. Both parsers use it, and so do the Markdown
//! conversions, where pandoc left the parameters in link labels and figure
//! titles.
//!
//! Pure functions over strings: parameters are trimmed, lower-cased and read
//! with `_` as a space here, so callers pass them as written. This module
//! only tells words apart; it never reads a link, never takes caption text
//! for an option unless MediaWiki would (a caption that is only `left` is
//! lost there too), and never panics.

/// Options that frame an image: it stands as a block of its own even inside
/// a paragraph.
const FRAMES: &[&str] = &[
    "thumb",
    "thumbnail",
    "frame",
    "framed",
    "enframed",
    "缩略图",
    "縮略圖",
    "缩略圖",
    "縮略图",
    "缩图",
    "縮圖",
    "略缩图",
    "略縮圖",
    "有框",
];

/// Other whole words that are options, not captions.
const WORDS: &[&str] = &[
    "frameless",
    "border",
    "left",
    "right",
    "center",
    "centre",
    "none",
    "upright",
    "baseline",
    "middle",
    "sub",
    "super",
    "top",
    "text-top",
    "bottom",
    "text-bottom",
    "noicon",
    "右",
    "左",
    "居中",
    "置中",
    "无",
    "無",
    "无框",
    "無框",
    "边框",
    "邊框",
];

/// Options with a value (`upright=1.2`, `alt=…`, `link=…`).
const PREFIXES: &[&str] = &[
    "upright=",
    "upright ",
    "alt=",
    "link=",
    "page=",
    "page ",
    "class=",
    "lang=",
    "thumb=",
    "thumbnail=",
    "start=",
    "end=",
    "替代=",
    "替代文字=",
    "替代文本=",
    "链接=",
    "連結=",
    "鏈接=",
];

/// Size suffixes (`200px`, `x150px`, `200像素`).
const SIZE_SUFFIXES: &[&str] = &["px", "像素"];

/// Whether a parameter frames the image (`thumb`, `frame`, `缩略图`).
pub fn is_frame(parameter: &str) -> bool {
    FRAMES.contains(&normalize(parameter).as_str())
}

/// Whether one parameter lays the image out rather than (a piece of) the
/// caption: a word (`thumb`, `缩略图`, `左`), a size (`300px`, `200x100px`,
/// `x80px`, `300像素`) or `name=value` (`alt=…`). An empty parameter counts
/// as an option.
pub fn is_option(parameter: &str) -> bool {
    let option = normalize(parameter);
    let option = option.as_str();
    option.is_empty()
        || FRAMES.contains(&option)
        || WORDS.contains(&option)
        || PREFIXES.iter().any(|prefix| option.starts_with(prefix))
        || is_size(option)
}

/// `200px`, `x150px`, `200x150px`, `200 px`, `300像素`; not a bare `px`.
pub fn is_size(parameter: &str) -> bool {
    let option = normalize(parameter);
    let Some(size) = SIZE_SUFFIXES
        .iter()
        .find_map(|suffix| option.strip_suffix(suffix))
    else {
        return false;
    };
    let size = size.trim();
    let (width, height) = size.split_once('x').unwrap_or((size, ""));
    let digits = |s: &str| s.trim().bytes().all(|b| b.is_ascii_digit());
    (!width.trim().is_empty() || !height.trim().is_empty()) && digits(width) && digits(height)
}

/// Which of `parameters` is the caption: MediaWiki takes the last one that
/// is not an option. `None` when all are options.
pub fn caption_index<S: AsRef<str>>(parameters: &[S]) -> Option<usize> {
    parameters
        .iter()
        .rposition(|parameter| !is_option(parameter.as_ref()))
}

fn normalize(parameter: &str) -> String {
    parameter.trim().to_lowercase().replace('_', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_and_captions() {
        // (parameter, is an option, frames)
        let table: &[(&str, bool, bool)] = &[
            ("thumb", true, true),
            (" Thumb ", true, true),
            ("缩略图", true, true),
            ("縮略圖", true, true),
            ("縮圖", true, true),
            ("frame", true, true),
            ("frameless", true, false),
            ("right", true, false),
            ("右", true, false),
            ("居中", true, false),
            ("400px", true, false),
            ("300 px", true, false),
            ("x200px", true, false),
            ("200x150px", true, false),
            ("250像素", true, false),
            ("upright=1.2", true, false),
            ("upright 1.2", true, false),
            ("alt=a picture", true, false),
            ("link=", true, false),
            ("", true, false),
            ("a caption", false, false),
            ("伊犁将军府", false, false),
            ("px", false, false),
            ("1px wide line", false, false),
            ("the 1900px problem", false, false),
            ("Left bank", false, false),
            ("x=1", false, false),
        ];
        for &(parameter, option, frame) in table {
            assert_eq!(is_option(parameter), option, "{parameter:?}");
            assert_eq!(is_frame(parameter), frame, "{parameter:?}");
        }
    }

    #[test]
    fn the_caption_is_the_last_parameter_that_is_no_option() {
        assert_eq!(
            caption_index(&["300px", "缩略图", "说明", "alt=x"]),
            Some(2)
        );
        assert_eq!(caption_index(&["300px", "thumb", "right"]), None);
        assert_eq!(caption_index::<&str>(&[]), None);
    }
}
