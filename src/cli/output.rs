//! Terminal output helpers: colour decisions and styles.

use std::io::IsTerminal;

use super::args::ColorChoice;

/// Colour is on for `always`, off for `never`; in `auto` it is on only when stdout is a
/// terminal and `NO_COLOR` is unset or empty (https://no-color.org).
pub fn color_enabled(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

/// ANSI styles, or nothing when colour is off.
#[derive(Debug, Clone, Copy)]
pub struct Styles {
    on: bool,
}

impl Styles {
    pub fn new(on: bool) -> Styles {
        Styles { on }
    }

    fn wrap(&self, code: &str, s: &str) -> String {
        if self.on { format!("\x1b[{code}m{s}\x1b[0m") } else { s.to_string() }
    }

    pub fn bold(&self, s: &str) -> String {
        self.wrap("1", s)
    }

    pub fn dim(&self, s: &str) -> String {
        self.wrap("2", s)
    }

    pub fn heading(&self, s: &str) -> String {
        self.wrap("1;36", s)
    }

    /// Words a search found, as grep colours them.
    pub fn found(&self, s: &str) -> String {
        self.wrap("1;31", s)
    }
}
