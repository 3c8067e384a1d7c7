//! How layout roles, links and focus look on a terminal. With `NO_COLOR`
//! set, everything stays distinguishable through bold, italic, underline and
//! reverse. Pure mapping: never reads the terminal.

use crate::corpus::Resolution;
use crate::layout::{Role, Style as TextStyle};
use ratatui::style::{Color, Modifier, Style};

/// The colours in use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Colours unless `NO_COLOR` is set (to anything non-empty).
    pub fn from_env() -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme { color: !no_color }
    }

    fn fg(self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    /// The style of a piece of article text.
    pub fn text(self, style: TextStyle) -> Style {
        let mut out = match style.role {
            Role::Body => Style::new(),
            Role::Heading(1) => self.fg(Color::Cyan).add_modifier(Modifier::BOLD),
            Role::Heading(_) => self.fg(Color::Blue).add_modifier(Modifier::BOLD),
            Role::Marker | Role::Border => self.fg(Color::DarkGray),
            Role::Label => Style::new().add_modifier(Modifier::BOLD),
            Role::Caption => Style::new().add_modifier(Modifier::ITALIC),
            Role::FootnoteNumber => self.fg(Color::Yellow),
            Role::Muted => self.fg(Color::DarkGray).add_modifier(Modifier::ITALIC),
            Role::Hint => self.hint(),
        };
        if style.strong {
            out = out.add_modifier(Modifier::BOLD);
        }
        if style.emphasis {
            out = out.add_modifier(Modifier::ITALIC);
        }
        if style.code {
            out = out.patch(self.fg(Color::Green));
        }
        out
    }

    /// A link: in the corpus (followable), not in it (a "red link"), or external.
    pub fn link(self, resolution: Option<&Resolution>) -> Style {
        match resolution {
            Some(Resolution::InCorpus(_)) => {
                self.fg(Color::Cyan).add_modifier(Modifier::UNDERLINED)
            }
            Some(Resolution::NotInCorpus { .. }) => {
                if self.color {
                    self.fg(Color::Red)
                } else {
                    Style::new().add_modifier(Modifier::ITALIC)
                }
            }
            Some(Resolution::External { .. }) | None => {
                self.fg(Color::Magenta).add_modifier(Modifier::ITALIC)
            }
        }
    }

    /// A citation number in the text.
    pub fn citation(self) -> Style {
        if self.color {
            self.fg(Color::Yellow)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }

    /// A search match; the one jumped to stands out more.
    pub fn search_match(self, current: bool) -> Style {
        let base = if self.color {
            Style::new().fg(Color::Black).bg(Color::Yellow)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        };
        if current {
            base.add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        } else {
            base
        }
    }

    /// A link-hint label.
    pub fn hint(self) -> Style {
        let base = if self.color {
            Style::new().fg(Color::Black).bg(Color::LightYellow)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        };
        base.add_modifier(Modifier::BOLD)
    }

    /// What is focused or selected.
    pub fn focus(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// Pane titles and borders.
    pub fn border(self, active: bool) -> Style {
        if active {
            self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
        } else {
            self.fg(Color::DarkGray)
        }
    }

    /// The status bar.
    pub fn status(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
}
