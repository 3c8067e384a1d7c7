//! The options of an image link (`[[File:X.jpg|thumb|右|200px|alt=…|caption]]`):
//! which parameters lay the image out rather than caption it, in English and
//! Chinese (as zh.wikipedia accepts them).
//!
//! One table for both parsers. Options are compared lower-cased and trimmed
//! by the caller's choice of [`is_option`]'s argument: this module only
//! tells words apart, it never reads a link.

/// Options that frame an image: it stands as a block of its own.
const FRAMES: &[&str] = &[
    "thumb",
    "thumbnail",
    "frame",
    "framed",
    "缩略图",
    "縮略圖",
    "缩图",
    "縮圖",
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
    "alt",
    "右",
    "左",
    "居中",
    "无",
    "無",
    "有框",
    "无框",
    "無框",
    "边框",
    "邊框",
    "替代文字",
];

/// Options with a value (`upright=1.2`, `alt=…`, `link=…`).
const PREFIXES: &[&str] = &[
    "upright=",
    "upright ",
    "alt=",
    "link=",
    "page=",
    "class=",
    "lang=",
    "thumb=",
    "thumbnail=",
    "start=",
    "end=",
    "替代=",
    "替代文字=",
    "链接=",
    "連結=",
];

/// Size suffixes (`200px`, `x150px`, `200像素`).
const SIZE_SUFFIXES: &[&str] = &["px", "像素"];

/// Whether `option` (lower case, trimmed) frames the image (`thumb`, `缩略图`).
pub fn is_frame(option: &str) -> bool {
    FRAMES.contains(&option)
}

/// Whether `option` (lower case, trimmed) lays the image out rather than
/// captions it. An empty parameter counts as an option.
pub fn is_option(option: &str) -> bool {
    if option.is_empty() || is_frame(option) || WORDS.contains(&option) {
        return true;
    }
    if PREFIXES.iter().any(|prefix| option.starts_with(prefix)) {
        return true;
    }
    is_size(option)
}

/// `200px`, `x150px`, `200x150px`, `200 px`, `300像素`.
pub fn is_size(option: &str) -> bool {
    SIZE_SUFFIXES
        .iter()
        .find_map(|suffix| option.strip_suffix(suffix))
        .is_some_and(|size| {
            size.trim()
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'x' || b == b' ')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_and_captions() {
        // (parameter, is an option, frames)
        let table: &[(&str, bool, bool)] = &[
            ("thumb", true, true),
            ("缩略图", true, true),
            ("縮圖", true, true),
            ("frame", true, true),
            ("frameless", true, false),
            ("right", true, false),
            ("右", true, false),
            ("居中", true, false),
            ("400px", true, false),
            ("x200px", true, false),
            ("200x150px", true, false),
            ("250像素", true, false),
            ("upright=1.2", true, false),
            ("alt=a picture", true, false),
            ("link=", true, false),
            ("", true, false),
            ("a caption", false, false),
            ("伊犁将军府", false, false),
            ("px", true, false),
            ("the 1900px problem", false, false),
        ];
        for &(parameter, option, frame) in table {
            assert_eq!(is_option(parameter), option, "{parameter:?}");
            assert_eq!(is_frame(parameter), frame, "{parameter:?}");
        }
    }
}
