//! The interview's dialoguer theme. Prompts and items reach it already wrapped to the
//! terminal (see [`super::layout`]), one line per `\n`: it adds the pointer and tick
//! box, hangs continuation lines under the text and colours what colour is on for.

use console::style;
use dialoguer::theme::Theme;
use std::fmt::{self, Write};

/// Columns the pointer takes before a list item, and the pointer and tick box before a
/// checklist item.
pub const POINTER: usize = 2;
pub const TICK: usize = 6;

pub struct Look;

/// `lines` after `head` on the first and as many spaces on the rest, the current item
/// in bold cyan.
fn lines(f: &mut dyn Write, head: &str, text: &str, active: bool) -> fmt::Result {
    let pad = " ".repeat(console::measure_text_width(head));
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            f.write_char('\n')?;
        }
        let lead = if i == 0 { head } else { pad.as_str() };
        let row = format!("{lead}{line}");
        if active {
            write!(f, "{}", style(row).for_stderr().cyan().bold())?;
        } else {
            f.write_str(&row)?;
        }
    }
    Ok(())
}

impl Theme for Look {
    /// The hint above a list: laid out and dimmed by the prompter already.
    fn format_prompt(&self, f: &mut dyn Write, prompt: &str) -> fmt::Result {
        f.write_str(prompt)
    }

    fn format_error(&self, f: &mut dyn Write, err: &str) -> fmt::Result {
        write!(f, "{}", style(err).for_stderr().yellow())
    }

    /// The statement is on the screen above; the line to type on starts with "> ".
    fn format_input_prompt(
        &self,
        f: &mut dyn Write,
        _prompt: &str,
        _default: Option<&str>,
    ) -> fmt::Result {
        f.write_str("> ")
    }

    fn format_confirm_prompt(
        &self,
        f: &mut dyn Write,
        _prompt: &str,
        default: Option<bool>,
    ) -> fmt::Result {
        f.write_str(match default {
            Some(true) => "> [Y/n] ",
            Some(false) => "> [y/N] ",
            None => "> [y/n] ",
        })
    }

    fn format_select_prompt_item(
        &self,
        f: &mut dyn Write,
        text: &str,
        active: bool,
    ) -> fmt::Result {
        lines(f, if active { "> " } else { "  " }, text, active)
    }

    fn format_multi_select_prompt_item(
        &self,
        f: &mut dyn Write,
        text: &str,
        checked: bool,
        active: bool,
    ) -> fmt::Result {
        let head = match (active, checked) {
            (true, true) => "> [x] ",
            (true, false) => "> [ ] ",
            (false, true) => "  [x] ",
            (false, false) => "  [ ] ",
        };
        lines(f, head, text, active)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continuation_lines_hang_under_the_text() {
        console::set_colors_enabled_stderr(false);
        let mut s = String::new();
        Look.format_multi_select_prompt_item(&mut s, "One\ntwo", true, false)
            .unwrap();
        assert_eq!(s, "  [x] One\n      two");
        let mut s = String::new();
        Look.format_select_prompt_item(&mut s, "Yes\nreally", true)
            .unwrap();
        assert_eq!(s, "> Yes\n  really");
        assert_eq!(POINTER, 2);
        assert_eq!(TICK, "> [x] ".len());
    }
}
