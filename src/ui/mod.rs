//! Drawing the reader: each pane in its own module, all reading `App` and
//! never changing it (rendering is a pure function of state).

pub mod article;
pub mod finder;
pub mod footnotes;
pub mod opening;
pub mod popup;
pub mod sidebar;
pub mod status;
pub mod theme;

use crate::app::{App, Pane};
use crate::keymap::Keymap;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;
pub use theme::Theme;

/// Where a frame drew what a click can pick: published by [`draw`] for
/// the event loop's hit-tests, so a click picks what was on screen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Geometry {
    /// Screen rows of the footnote pane, and the footnote each shows.
    pub footnotes: Vec<(u16, u32)>,
    /// Screen rows of the sidebar, and the item (entity, then category).
    pub sidebar: Vec<(u16, usize)>,
    /// Screen rows of the finder, and the result each shows.
    pub finder: Vec<(u16, usize)>,
}

impl Geometry {
    /// The footnote drawn at screen row `row`.
    pub fn footnote_at(&self, row: u16) -> Option<u32> {
        self.footnotes
            .iter()
            .find(|&&(r, _)| r == row)
            .map(|&(_, n)| n)
    }

    /// The sidebar item drawn at screen row `row`.
    pub fn sidebar_item_at(&self, row: u16) -> Option<usize> {
        self.sidebar
            .iter()
            .find(|&&(r, _)| r == row)
            .map(|&(_, i)| i)
    }

    /// The finder result drawn at screen row `row`.
    pub fn finder_result_at(&self, row: u16) -> Option<usize> {
        self.finder
            .iter()
            .find(|&&(r, _)| r == row)
            .map(|&(_, i)| i)
    }
}

/// Draws the whole screen; where it drew what a click can pick.
pub fn draw(frame: &mut Frame, app: &App, keymap: &Keymap, theme: Theme) -> Geometry {
    let mut geometry = Geometry::default();
    let areas = app.areas();
    if areas.too_small {
        draw_too_small(frame, frame.area());
        return geometry;
    }
    let article_height = app.article_height();
    match app.page() {
        Some(page) => {
            article::draw(
                frame,
                areas.article,
                page,
                app.shown_layout().unwrap_or(&page.layout),
                app.search(),
                app.hints(),
                theme,
            );
            if let Some(area) = areas.footnotes {
                let active = app.pane() == Pane::Footnotes;
                geometry.footnotes = footnotes::draw(
                    frame,
                    area,
                    page,
                    article_height,
                    app.pinned_footnote(),
                    active,
                    theme,
                );
            }
            if let Some(area) = areas.sidebar {
                let active = app.pane() == Pane::Sidebar;
                geometry.sidebar = sidebar::draw(
                    frame,
                    area,
                    page,
                    article_height,
                    app.sidebar_selected(),
                    active,
                    theme,
                );
            }
        }
        None => {
            // An empty corpus, or an article that could not be opened (the
            // status bar says why).
            let text = if app.corpus().is_empty() {
                crate::tr!(crate::i18n::Text::NoArticleInCorpus)
            } else {
                let finder = app.key_name(crate::app::Action::Finder);
                crate::tr!(crate::i18n::Text::NoArticleOpen, finder)
            };
            frame.render_widget(Paragraph::new(text), areas.article);
        }
    }
    if let Some(area) = areas.status {
        status::draw(frame, area, app, theme);
    }
    geometry.finder = popup::draw(frame, frame.area(), app, keymap, theme);
    geometry
}

fn draw_too_small(frame: &mut Frame, area: Rect) {
    let message = sidebar::truncate(
        &crate::tr!(crate::i18n::Text::TerminalTooSmall),
        usize::from(area.width),
    );
    frame.render_widget(Paragraph::new(message), area);
}
