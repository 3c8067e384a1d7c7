//! The screen shown while a corpus opens (building its index the first
//! time): what is being done and for how long, and how to leave. Reads
//! what it is given; changes nothing.

use super::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use std::time::Duration;

/// Draws the opening screen: `status` says what is being done.
pub fn draw(frame: &mut Frame, status: &str, elapsed: Duration, theme: Theme) {
    let area = frame.area();
    if area.width == 0 || area.height == 0 {
        return;
    }
    let lines = vec![
        Line::raw("wikiread"),
        Line::raw(""),
        Line::raw(crate::document::sanitize_controls(status).into_owned()),
        Line::raw(format!("{} s", elapsed.as_secs())),
        Line::raw(""),
        Line::raw(crate::tr!(crate::i18n::Text::OpeningQuits)),
    ];
    let height = (lines.len() as u16).min(area.height);
    let top = area.y + area.height.saturating_sub(height) / 2;
    let middle = Rect {
        x: area.x,
        y: top,
        width: area.width,
        height,
    };
    frame.render_widget(
        Paragraph::new(lines)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true })
            .style(theme.status()),
        middle,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    #[test]
    fn it_says_what_is_done_and_survives_tiny_terminals() {
        for (w, h) in [(60, 10), (1, 1), (0, 0), (3, 2)] {
            let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
            terminal
                .draw(|frame| {
                    draw(
                        frame,
                        "indexing 伊犁\u{1b}[2J",
                        Duration::from_secs(3),
                        Theme { color: false },
                    )
                })
                .expect("draws");
            if w == 60 {
                let text: String = terminal
                    .backend()
                    .buffer()
                    .content()
                    .iter()
                    .map(|c| c.symbol())
                    .collect();
                assert!(
                    text.contains("indexing 伊") && text.contains("犁"),
                    "{text}"
                );
                assert!(text.contains("3 s"));
                assert!(!text.contains('\u{1b}'));
            }
        }
    }
}
