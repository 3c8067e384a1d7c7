//! Where each pane goes for a terminal size: the article, the footnote pane
//! below it, the entity sidebar on the right, the status bar at the bottom.
//! A pure function of the size and the user's toggles, shared by
//! `App::update` (page sizes, layout width) and drawing.

use ratatui::layout::Rect;

/// Below this size nothing but a "terminal too small" notice is drawn.
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 5;

/// The sidebar shows by itself from this width on.
pub const AUTO_SIDEBAR_WIDTH: u16 = 100;
/// The footnote pane shows by itself from this height on.
pub const AUTO_FOOTNOTES_HEIGHT: u16 = 20;

/// The panes' places. Panes that do not fit or are hidden are `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    pub article: Rect,
    pub footnotes: Option<Rect>,
    pub sidebar: Option<Rect>,
    pub status: Option<Rect>,
    /// True when the terminal is too small for the reader.
    pub too_small: bool,
}

/// Lays the screen out. `sidebar` / `footnotes` are the user's choices
/// (`None` = decide by size).
pub fn areas(size: Rect, sidebar: Option<bool>, footnotes: Option<bool>) -> Areas {
    if size.width < MIN_WIDTH || size.height < MIN_HEIGHT {
        return Areas {
            article: size,
            too_small: true,
            ..Areas::default()
        };
    }
    let status = Rect {
        y: size.y + size.height - 1,
        height: 1,
        ..size
    };
    let mut body = Rect {
        height: size.height - 1,
        ..size
    };

    let show_sidebar = sidebar.unwrap_or(size.width >= AUTO_SIDEBAR_WIDTH) && size.width >= 60;
    let sidebar_area = show_sidebar.then(|| {
        let width = (size.width / 4).clamp(24, 40);
        body.width -= width;
        Rect {
            x: body.x + body.width,
            width,
            ..body
        }
    });

    let show_footnotes =
        footnotes.unwrap_or(size.height >= AUTO_FOOTNOTES_HEIGHT) && body.height >= 10;
    let footnote_area = show_footnotes.then(|| {
        let height = (body.height / 4).clamp(4, 12);
        body.height -= height;
        Rect {
            y: body.y + body.height,
            height,
            ..body
        }
    });

    Areas {
        article: body,
        footnotes: footnote_area,
        sidebar: sidebar_area,
        status: Some(status),
        too_small: false,
    }
}

/// The size of the popups (help, titles, headings) over a screen of `size`.
pub fn popup_size(size: Rect) -> (u16, u16) {
    (
        size.width.saturating_sub(2).clamp(1, 100),
        size.height.saturating_sub(2).clamp(1, 30),
    )
}

/// A `width`×`height` box centred in `area` (cut to fit).
pub fn centred(area: Rect, width: u16, height: u16) -> Rect {
    Rect {
        x: area.x + area.width.saturating_sub(width) / 2,
        y: area.y + area.height.saturating_sub(height) / 2,
        width: width.min(area.width),
        height: height.min(area.height),
    }
}

/// How many lines a popup shows inside its border.
pub fn popup_rows(size: Rect) -> usize {
    usize::from(popup_size(size).1.saturating_sub(2)).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rect(width: u16, height: u16) -> Rect {
        Rect {
            x: 0,
            y: 0,
            width,
            height,
        }
    }

    #[test]
    fn wide_and_tall_terminals_show_every_pane() {
        let a = areas(rect(120, 40), None, None);
        assert!(!a.too_small);
        let sidebar = a.sidebar.expect("sidebar");
        let footnotes = a.footnotes.expect("footnotes");
        assert_eq!(a.article.width + sidebar.width, 120);
        assert_eq!(a.article.height + footnotes.height + 1, 40);
        assert_eq!(
            a.status,
            Some(Rect {
                x: 0,
                y: 39,
                width: 120,
                height: 1
            })
        );
    }

    #[test]
    fn an_80_by_24_terminal_keeps_the_article_wide() {
        let a = areas(rect(80, 24), None, None);
        assert_eq!(a.sidebar, None);
        assert!(a.footnotes.is_some());
        assert_eq!(a.article.width, 80);
    }

    #[test]
    fn toggles_override_the_automatic_choice() {
        let a = areas(rect(80, 24), Some(true), Some(false));
        assert!(a.sidebar.is_some());
        assert_eq!(a.footnotes, None);
        let a = areas(rect(200, 60), Some(false), None);
        assert_eq!(a.sidebar, None);
    }

    #[test]
    fn tiny_terminals_are_too_small() {
        for (w, h) in [(0, 0), (1, 1), (10, 4), (19, 30), (80, 4)] {
            assert!(areas(rect(w, h), None, None).too_small, "{w}x{h}");
        }
        assert!(!areas(rect(20, 6), Some(true), Some(true)).too_small);
    }
}
