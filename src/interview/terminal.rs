//! The prompter for people, drawn on stderr so stdout carries only the report.
//!
//! Every prompt is laid out here, wrapped to the terminal's width one column short of
//! the edge, so the program always knows how many lines it drew and can redraw or
//! erase exactly those (a line the terminal wrapped by itself is what leaves fragments
//! behind). Lists choose with arrows or number keys and start with nothing chosen
//! unless there is an answer already; text is edited in place.

use super::{BACK_TEXT, PromptError, Prompted, Prompter, Reply};
use console::{Key, Term, measure_text_width, style};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// The narrowest terminal the interview is drawn in; `tandem run` refuses narrower.
pub const MIN_WIDTH: usize = 40;

pub struct Terminal {
    term: Term,
    interrupted: Arc<AtomicBool>,
}

/// What is on screen below the last finished output: `lines` lines, with the cursor
/// `up` lines above the line after them.
#[derive(Default)]
struct Block {
    lines: usize,
    up: usize,
}

impl Terminal {
    /// `color` false gives plain prompts (NO_COLOR, `--color never`). `interrupted` is
    /// set by the signal handler.
    pub fn new(color: bool, interrupted: Arc<AtomicBool>) -> Self {
        console::set_colors_enabled(color);
        console::set_colors_enabled_stderr(color);
        Terminal {
            term: Term::stderr(),
            interrupted,
        }
    }

    /// Columns to lay out in: one short of the terminal's width, so no line fills the
    /// last column (terminals disagree on where the cursor goes then).
    fn width(&self) -> usize {
        (self.term.size().1 as usize).max(20) - 1
    }

    fn rows(&self) -> usize {
        (self.term.size().0 as usize).max(8)
    }

    fn check(&self) -> Result<(), PromptError> {
        if self.interrupted.load(Ordering::SeqCst) {
            Err(PromptError::Interrupted)
        } else {
            Ok(())
        }
    }

    fn key(&self) -> Result<Key, PromptError> {
        self.check()?;
        match self.term.read_key_raw() {
            Ok(Key::CtrlC) => Err(PromptError::Interrupted),
            Ok(k) => {
                // A signal that arrived during the read.
                self.check()?;
                Ok(k)
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => Err(PromptError::Interrupted),
            Err(e) => Err(PromptError::Failed(e.to_string())),
        }
    }

    fn write(&self, s: &str) -> Result<(), PromptError> {
        self.term
            .write_str(s)
            .map_err(|e| PromptError::Failed(e.to_string()))
    }

    /// Replaces `block` with `lines`, leaving the cursor at `cursor` (row, column) when
    /// given, else below the lines. One write per frame, so nothing flickers.
    fn draw(
        &self,
        block: &mut Block,
        lines: &[String],
        cursor: Option<(usize, usize)>,
    ) -> Result<(), PromptError> {
        let mut s = erase(block);
        for l in lines {
            s.push_str(l);
            s.push('\n');
        }
        block.lines = lines.len();
        block.up = 0;
        match cursor {
            Some((row, col)) => {
                block.up = lines.len() - row;
                s.push_str(&format!("\x1b[{}A\r", block.up));
                if col > 0 {
                    s.push_str(&format!("\x1b[{col}C"));
                }
                s.push_str("\x1b[?25h");
            }
            None => s.push_str("\x1b[?25l"),
        }
        self.write(&s)
    }

    /// Erases `block` and prints what was answered in its place (nothing for `None`).
    fn finish(&self, block: &mut Block, summary: Option<String>) -> Result<(), PromptError> {
        let mut s = erase(block);
        *block = Block::default();
        if let Some(line) = summary {
            for l in wrap(&line, self.width(), "", "  ") {
                s.push_str(&l);
                s.push('\n');
            }
        }
        s.push_str("\x1b[?25h");
        self.write(&s)
    }

    /// Draws `prompt`, bold, and returns its lines.
    fn prompt_lines(&self, prompt: &str) -> Vec<String> {
        wrap(prompt, self.width(), "", "")
            .into_iter()
            .map(|l| style(l).for_stderr().bold().to_string())
            .collect()
    }

    fn hint(&self, text: &str) -> Vec<String> {
        wrap(text, self.width(), "", "")
            .into_iter()
            .map(|l| style(l).for_stderr().dim().to_string())
            .collect()
    }

    /// A list to choose from or tick in. `ticks` is `Some` for a checklist.
    fn list(
        &self,
        prompt: &str,
        items: &[String],
        mut current: Option<usize>,
        mut ticks: Option<Vec<bool>>,
    ) -> Prompted<(usize, Vec<bool>)> {
        let keys = number_keys(items);
        let numbered = !items.iter().any(|i| leading_number(i).is_some());
        let mut block = Block::default();
        let mut typed = String::new();
        let mut message: Option<&str> = None;
        let mut top = 0;
        let result = loop {
            let w = self.width();
            let mut lines = self.prompt_lines(prompt);
            // Each item wrapped under itself, after its pointer, tick box and number.
            let rendered: Vec<Vec<String>> = items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let pointer = if current == Some(i) { "> " } else { "  " };
                    let tick = match &ticks {
                        Some(t) if t[i] => "[x] ",
                        Some(_) => "[ ] ",
                        None => "",
                    };
                    let number = match keys[i] {
                        Some(k) if numbered => format!("{k}. "),
                        _ => String::new(),
                    };
                    let head = format!("{pointer}{tick}{number}");
                    // Continuation lines start under the text, past any number.
                    let own = match leading_number(item) {
                        Some(n) if !numbered => n.to_string().len() + 2,
                        _ => 0,
                    };
                    let indent = " ".repeat(measure_text_width(&head) + own);
                    let mut l = wrap(item, w, &head, &indent);
                    if current == Some(i) {
                        l = l
                            .into_iter()
                            .map(|x| style(x).for_stderr().cyan().bold().to_string())
                            .collect();
                    }
                    l
                })
                .collect();
            let mut hint = match &ticks {
                Some(_) => {
                    "↑↓ move · Space or number ticks · Enter confirms · Esc back".to_string()
                }
                None => "↑↓ move · number or Enter chooses · Esc back".to_string(),
            };
            let room = self.rows().saturating_sub(lines.len() + 3).max(3);
            let (start, end) = window(&rendered, current.unwrap_or(0), &mut top, room);
            if start > 0 || end < items.len() {
                hint.push_str(&format!(" · {}–{} of {}", start + 1, end, items.len()));
            }
            for r in &rendered[start..end] {
                lines.extend(r.iter().cloned());
            }
            if let Some(m) = message {
                lines.extend(
                    wrap(m, w, "", "")
                        .into_iter()
                        .map(|l| style(l).for_stderr().yellow().to_string()),
                );
            }
            lines.extend(self.hint(&hint));
            self.draw(&mut block, &lines, None)?;
            message = None;
            let key = match self.key() {
                Ok(k) => k,
                Err(e) => {
                    self.finish(&mut block, None)?;
                    return Err(e);
                }
            };
            match key {
                Key::ArrowDown | Key::Tab | Key::Char('j') => {
                    current = Some(current.map_or(0, |c| (c + 1) % items.len()));
                }
                Key::ArrowUp | Key::BackTab | Key::Char('k') => {
                    current = Some(
                        current.map_or(items.len() - 1, |c| (c + items.len() - 1) % items.len()),
                    );
                }
                Key::Home | Key::PageUp => current = Some(0),
                Key::End | Key::PageDown => current = Some(items.len() - 1),
                Key::Escape => break None,
                Key::Char(' ') if ticks.is_some() => match (current, ticks.as_mut()) {
                    (Some(c), Some(t)) => t[c] = !t[c],
                    _ => message = Some("Move to an item first (arrows), then Space ticks it."),
                },
                Key::Char(d) if d.is_ascii_digit() => {
                    typed.push(d);
                    match pick_by_number(&keys, &mut typed) {
                        Some((i, true)) => {
                            current = Some(i);
                            match ticks.as_mut() {
                                Some(t) => t[i] = !t[i],
                                None => break Some(i),
                            }
                        }
                        Some((i, false)) => current = Some(i),
                        None => message = Some("No item has that number."),
                    }
                }
                Key::Enter => match (current, &ticks) {
                    (_, Some(_)) => break Some(current.unwrap_or(0)),
                    (Some(c), None) => break Some(c),
                    (None, None) => {
                        message = Some("Nothing is chosen yet: use the arrows or a number key.");
                    }
                },
                _ => {}
            }
            if !matches!(key, Key::Char(d) if d.is_ascii_digit()) {
                typed.clear();
            }
        };
        match result {
            None => {
                self.finish(&mut block, None)?;
                Ok(Reply::Back)
            }
            Some(i) => {
                let t = ticks.unwrap_or_default();
                let answer = if t.is_empty() {
                    items[i].clone()
                } else {
                    let picked: Vec<&str> = items
                        .iter()
                        .zip(&t)
                        .filter(|(_, t)| **t)
                        .map(|(s, _)| s.as_str())
                        .collect();
                    if picked.is_empty() {
                        "none ticked".into()
                    } else {
                        picked.join("; ")
                    }
                };
                self.finish(&mut block, Some(summary(prompt, &answer)))?;
                Ok(Reply::Answer((i, t)))
            }
        }
    }
}

/// The escape sequence that erases `block` and leaves the cursor where it began.
fn erase(block: &Block) -> String {
    let mut s = String::new();
    if block.up > 0 {
        s.push_str(&format!("\x1b[{}B", block.up));
    }
    if block.lines > 0 {
        s.push_str(&format!("\x1b[{}A", block.lines));
    }
    s.push_str("\r\x1b[J");
    s
}

/// "✔ prompt · answer", for the line that stays once a prompt is answered.
fn summary(prompt: &str, answer: &str) -> String {
    format!(
        "✔ {} · {}",
        style(prompt).for_stderr().dim(),
        style(answer).for_stderr().green()
    )
}

/// `text` wrapped at word boundaries to `width` columns, the first line after
/// `first`, the rest after `rest`.
fn wrap(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (n, para) in text.split('\n').enumerate() {
        let opts = textwrap::Options::new(width)
            .initial_indent(if n == 0 { first } else { rest })
            .subsequent_indent(rest);
        out.extend(
            textwrap::wrap(para, opts)
                .into_iter()
                .map(|c| c.into_owned()),
        );
    }
    out
}

/// The first items of `rendered` to show so that item `current` is visible within
/// `room` lines; `top` keeps the window still while the pointer moves inside it.
fn window(
    rendered: &[Vec<String>],
    current: usize,
    top: &mut usize,
    room: usize,
) -> (usize, usize) {
    let current = current.min(rendered.len().saturating_sub(1));
    if current < *top {
        *top = current;
    }
    let lines = |a: usize, b: usize| rendered[a..b].iter().map(Vec::len).sum::<usize>();
    while *top < current && lines(*top, current + 1) > room {
        *top += 1;
    }
    let mut end = *top + 1;
    while end < rendered.len() && lines(*top, end + 1) <= room {
        end += 1;
    }
    (*top, end.min(rendered.len()))
}

/// "3  Agree" → 3, "12. Text" → 12: the number an item already starts with.
fn leading_number(item: &str) -> Option<u32> {
    let digits: String = item.chars().take_while(|c| c.is_ascii_digit()).collect();
    let rest = &item[digits.len()..];
    if digits.is_empty() || digits.len() > 4 {
        return None;
    }
    if rest.is_empty() || rest.starts_with("  ") || rest.starts_with(". ") {
        digits.parse().ok()
    } else {
        None
    }
}

/// The number key of each item: the number items already start with (scale values,
/// review numbers), else their position from 1.
fn number_keys(items: &[String]) -> Vec<Option<u32>> {
    let own: Vec<Option<u32>> = items.iter().map(|i| leading_number(i)).collect();
    if own.iter().any(Option::is_some) {
        own
    } else {
        (1..=items.len() as u32).map(Some).collect()
    }
}

/// The item the digits typed so far name: `(index, true)` when no other item's number
/// starts with them (it is chosen), `(index, false)` when more digits may follow.
/// Digits that name nothing start over from the last one.
fn pick_by_number(keys: &[Option<u32>], typed: &mut String) -> Option<(usize, bool)> {
    for attempt in 0..2 {
        if attempt == 1 {
            let last = typed.pop()?;
            typed.clear();
            typed.push(last);
        }
        let exact = keys
            .iter()
            .position(|k| k.is_some_and(|k| k.to_string() == *typed));
        let longer = keys.iter().any(|k| {
            k.is_some_and(|k| {
                let k = k.to_string();
                k.len() > typed.len() && k.starts_with(typed.as_str())
            })
        });
        match (exact, longer) {
            (Some(i), false) => {
                typed.clear();
                return Some((i, true));
            }
            (Some(i), true) => return Some((i, false)),
            (None, true) => {
                return keys
                    .iter()
                    .position(|k| k.is_some_and(|k| k.to_string().starts_with(typed.as_str())))
                    .map(|i| (i, false));
            }
            (None, false) => {}
        }
    }
    typed.clear();
    None
}

/// `chars` laid out in rows of at most `width` columns, and where the cursor at
/// `pos` falls: rows of (first char, last char + 1), cursor (row, column).
fn text_rows(chars: &[char], pos: usize, width: usize) -> (Vec<(usize, usize)>, (usize, usize)) {
    let mut rows = vec![(0, 0)];
    let mut used = 0;
    let mut cursor = (0, 0);
    for (i, c) in chars.iter().enumerate() {
        let cw = measure_text_width(&c.to_string());
        if used + cw > width {
            rows.push((i, i));
            used = 0;
        }
        if i == pos {
            cursor = (rows.len() - 1, used);
        }
        used += cw;
        rows.last_mut().expect("one row at least").1 = i + 1;
    }
    if pos >= chars.len() {
        cursor = (rows.len() - 1, used);
        if used >= width {
            rows.push((chars.len(), chars.len()));
            cursor = (rows.len() - 1, 0);
        }
    }
    (rows, cursor)
}

impl Prompter for Terminal {
    fn show(&mut self, text: &str) -> Result<(), PromptError> {
        self.check()?;
        let mut out = String::from("\n");
        for l in wrap(text, self.width(), "", "") {
            out.push_str(&l);
            out.push('\n');
        }
        self.write(&out)
    }

    fn note(&mut self, text: &str) -> Result<(), PromptError> {
        self.check()?;
        let mut out = String::new();
        for para in text.split('\n') {
            // Bullets hang under their first word.
            let (first, rest) = if para.starts_with("· ") {
                ("  ", "    ")
            } else {
                ("", "")
            };
            for l in wrap(para, self.width(), first, rest) {
                out.push_str(&style(l).for_stderr().dim().to_string());
                out.push('\n');
            }
        }
        self.write(&out)
    }

    fn select(
        &mut self,
        prompt: &str,
        items: &[String],
        default: Option<usize>,
    ) -> Prompted<usize> {
        self.check()?;
        if items.is_empty() {
            return Err(PromptError::Failed("a list with nothing to choose".into()));
        }
        let current = default.map(|d| d.min(items.len() - 1));
        Ok(match self.list(prompt, items, current, None)? {
            Reply::Answer((i, _)) => Reply::Answer(i),
            Reply::Back => Reply::Back,
        })
    }

    fn multi_select(
        &mut self,
        prompt: &str,
        items: &[String],
        checked: &[bool],
    ) -> Prompted<Vec<usize>> {
        self.check()?;
        if items.is_empty() {
            return Ok(Reply::Answer(Vec::new()));
        }
        let mut ticks = checked.to_vec();
        ticks.resize(items.len(), false);
        Ok(match self.list(prompt, items, Some(0), Some(ticks))? {
            Reply::Answer((_, t)) => Reply::Answer(
                t.iter()
                    .enumerate()
                    .filter(|(_, t)| **t)
                    .map(|(i, _)| i)
                    .collect(),
            ),
            Reply::Back => Reply::Back,
        })
    }

    fn text(&mut self, prompt: &str, initial: &str, required: bool) -> Prompted<String> {
        self.check()?;
        let mut chars: Vec<char> = initial.chars().collect();
        let mut pos = chars.len();
        let mut block = Block::default();
        let mut message: Option<&str> = None;
        loop {
            let w = self.width();
            let mut lines = self.prompt_lines(prompt);
            let top = lines.len();
            let (rows, (cr, cc)) = text_rows(&chars, pos, w - 2);
            for (n, (a, b)) in rows.iter().enumerate() {
                let lead = if n == 0 { "> " } else { "  " };
                lines.push(format!(
                    "{lead}{}",
                    chars[*a..*b].iter().collect::<String>()
                ));
            }
            if let Some(m) = message.take() {
                lines.push(style(m).for_stderr().yellow().to_string());
            }
            lines.extend(self.hint(&format!("Enter confirms · Esc or {BACK_TEXT} goes back")));
            self.draw(&mut block, &lines, Some((top + cr, cc + 2)))?;
            let key = match self.key() {
                Ok(k) => k,
                Err(e) => {
                    self.finish(&mut block, None)?;
                    return Err(e);
                }
            };
            match key {
                Key::Char(c) if !c.is_control() => {
                    chars.insert(pos, c);
                    pos += 1;
                }
                Key::Backspace if pos > 0 => {
                    pos -= 1;
                    chars.remove(pos);
                }
                Key::Del if pos < chars.len() => {
                    chars.remove(pos);
                }
                Key::ArrowLeft => pos = pos.saturating_sub(1),
                Key::ArrowRight => pos = (pos + 1).min(chars.len()),
                Key::Home | Key::ArrowUp => pos = 0,
                Key::End | Key::ArrowDown => pos = chars.len(),
                Key::Escape => {
                    self.finish(&mut block, None)?;
                    return Ok(Reply::Back);
                }
                Key::Enter => {
                    let s: String = chars.iter().collect();
                    if s.trim() == BACK_TEXT {
                        // Going back: nothing to keep on screen.
                        self.finish(&mut block, None)?;
                        return Ok(Reply::Answer(s));
                    }
                    if required && s.trim().is_empty() {
                        message = Some("An answer is needed here.");
                        continue;
                    }
                    let shown = if s.trim().is_empty() {
                        "(left blank)"
                    } else {
                        s.trim()
                    };
                    self.finish(&mut block, Some(summary(prompt, shown)))?;
                    return Ok(Reply::Answer(s));
                }
                _ => {}
            }
        }
    }

    fn confirm(&mut self, prompt: &str, default: bool) -> Prompted<bool> {
        self.check()?;
        let mut block = Block::default();
        let choices = if default { "[Y/n]" } else { "[y/N]" };
        let mut lines = self.prompt_lines(&format!("{prompt} {choices}"));
        lines.extend(self.hint("y or n · Enter takes the capital one · Esc back"));
        self.draw(&mut block, &lines, None)?;
        let answer = loop {
            match self.key() {
                Ok(Key::Char('y' | 'Y')) => break Some(true),
                Ok(Key::Char('n' | 'N')) => break Some(false),
                Ok(Key::Enter) => break Some(default),
                Ok(Key::Escape) => break None,
                Ok(_) => {}
                Err(e) => {
                    self.finish(&mut block, None)?;
                    return Err(e);
                }
            }
        };
        match answer {
            Some(b) => {
                self.finish(
                    &mut block,
                    Some(summary(prompt, if b { "yes" } else { "no" })),
                )?;
                Ok(Reply::Answer(b))
            }
            None => {
                self.finish(&mut block, None)?;
                Ok(Reply::Back)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_keys_use_the_numbers_items_carry_else_positions() {
        let scale: Vec<String> = ["1  Never", "2  Sometimes", "3  Always", "Don't know"]
            .map(String::from)
            .to_vec();
        assert_eq!(number_keys(&scale), vec![Some(1), Some(2), Some(3), None]);
        let plain: Vec<String> = ["Yes", "No"].map(String::from).to_vec();
        assert_eq!(number_keys(&plain), vec![Some(1), Some(2)]);
    }

    #[test]
    fn a_number_is_chosen_once_no_longer_number_starts_with_it() {
        let keys: Vec<Option<u32>> = (0..=12).map(Some).collect();
        let mut typed = "1".to_string();
        assert_eq!(pick_by_number(&keys, &mut typed), Some((1, false)));
        typed.push('2');
        assert_eq!(pick_by_number(&keys, &mut typed), Some((12, true)));
        let mut typed = "7".to_string();
        assert_eq!(pick_by_number(&keys, &mut typed), Some((7, true)));
    }

    #[test]
    fn text_rows_put_the_cursor_after_a_full_row_on_the_next() {
        let chars: Vec<char> = "abcdef".chars().collect();
        let (rows, cursor) = text_rows(&chars, 6, 3);
        assert_eq!(rows, vec![(0, 3), (3, 6), (6, 6)]);
        assert_eq!(cursor, (2, 0));
        let (_, cursor) = text_rows(&chars, 4, 3);
        assert_eq!(cursor, (1, 1));
    }
}
