//! The prompter for terminals without cursor control (`TERM=dumb`, or none set): one
//! line at a time, options numbered, the answer typed as its number and Enter. It
//! writes no escape sequence at all; the terminal's own line editing edits the answer.

use super::layout::{self, leading_number, wrap};
use super::prompt::{BACK_TEXT, PromptError, Prompted, Prompter, Reply};
use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
#[cfg(unix)]
use std::time::Duration;

/// How to answer, said once before the first question.
pub const KEYS: &str = "Type the number of your answer and Enter; for a checklist, the numbers of \
    all that apply. Type < and Enter to go back.";

pub struct Plain {
    interrupted: Arc<AtomicBool>,
}

impl Plain {
    /// `interrupted` is set by the signal handler: Ctrl-C stays a signal here (the
    /// terminal's line editing needs it), and the wait for a line notices it.
    pub fn new(interrupted: Arc<AtomicBool>) -> Self {
        Plain { interrupted }
    }

    fn width(&self) -> usize {
        layout::width(console::Term::stderr().size().1 as usize)
    }

    fn check(&self) -> Result<(), PromptError> {
        if self.interrupted.load(Ordering::SeqCst) {
            Err(PromptError::Interrupted)
        } else {
            Ok(())
        }
    }

    fn say(&self, lines: &[String]) -> Result<(), PromptError> {
        let mut s = String::new();
        for l in lines {
            s.push_str(l);
            s.push('\n');
        }
        let mut err = std::io::stderr().lock();
        err.write_all(s.as_bytes())
            .and_then(|_| err.flush())
            .map_err(|e| PromptError::Failed(e.to_string()))
    }

    /// Prints `ask` (wrapped, no newline after its last line) and reads one line.
    /// Waits in short steps so that a signal is noticed while nobody types; end of
    /// input (Ctrl-D) counts as an interruption: what was answered is kept.
    fn ask(&self, ask: &str) -> Result<String, PromptError> {
        let lines = wrap(ask, self.width(), "", "");
        let mut s = lines.join("\n");
        s.push(' ');
        let mut err = std::io::stderr().lock();
        err.write_all(s.as_bytes())
            .and_then(|_| err.flush())
            .map_err(|e| PromptError::Failed(e.to_string()))?;
        drop(err);
        let line = self.read_line()?;
        // Keys such as Esc or the arrows arrive as control characters in the line:
        // they are no part of an answer.
        Ok(String::from_utf8_lossy(&line)
            .chars()
            .filter(|c| !c.is_control())
            .collect())
    }

    /// One line from standard input, waiting in short steps so that a signal is
    /// noticed while nobody types.
    #[cfg(unix)]
    fn read_line(&self) -> Result<Vec<u8>, PromptError> {
        let stdin = std::io::stdin();
        let mut line = Vec::new();
        loop {
            self.check()?;
            if !readable(&stdin, Duration::from_millis(100))? {
                continue;
            }
            let mut buf = [0u8; 256];
            let n = match rustix::io::read(&stdin, &mut buf) {
                Ok(n) => n,
                Err(rustix::io::Errno::INTR | rustix::io::Errno::AGAIN) => continue,
                Err(e) => return Err(PromptError::Failed(e.to_string())),
            };
            if n == 0 {
                return Err(PromptError::Interrupted);
            }
            line.extend_from_slice(&buf[..n]);
            if line.ends_with(b"\n") {
                return Ok(line);
            }
        }
    }

    /// Elsewhere Ctrl-C keeps its default action and ends the process.
    #[cfg(not(unix))]
    fn read_line(&self) -> Result<Vec<u8>, PromptError> {
        let mut line = String::new();
        match std::io::stdin().read_line(&mut line) {
            Ok(0) => Err(PromptError::Interrupted),
            Ok(_) => Ok(line.into_bytes()),
            Err(e) => Err(PromptError::Failed(e.to_string())),
        }
    }

    /// Numbered items: the number an item starts with (a scale's value, a review
    /// line's number) where every numbered item has its own, else positions from 1;
    /// items without a number take the free numbers from 0.
    fn keys(items: &[String]) -> Vec<i64> {
        let own: Vec<Option<i64>> = items
            .iter()
            .map(|i| leading_number(i).map(|(n, _)| n))
            .collect();
        let mut used: Vec<i64> = own.iter().flatten().copied().collect();
        used.sort_unstable();
        let unique = used.windows(2).all(|w| w[0] != w[1]);
        if used.is_empty() || !unique {
            return (1..=items.len() as i64).collect();
        }
        let mut free = (0..).filter(|n| !used.contains(n));
        own.iter()
            .map(|k| k.unwrap_or_else(|| free.next().unwrap_or(0)))
            .collect()
    }

    /// The list with its numbers, `ticks` before each item of a checklist.
    fn list(
        &self,
        prompt: &str,
        items: &[String],
        keys: &[i64],
        ticks: Option<&[bool]>,
    ) -> Vec<String> {
        let w = self.width();
        let mut out = vec![String::new()];
        out.extend(wrap(prompt, w, "", ""));
        for (i, item) in items.iter().enumerate() {
            let tick = match ticks {
                Some(t) if t.get(i).copied().unwrap_or(false) => "[x] ",
                Some(_) => "[ ] ",
                None => "",
            };
            let label = match leading_number(item) {
                Some((n, _)) if n == keys[i] => item.clone(),
                _ => format!("{}. {item}", keys[i]),
            };
            let head = format!("  {tick}");
            let hang = " ".repeat(head.len() + leading_number(&label).map_or(0, |(_, g)| g));
            out.extend(wrap(&label, w, &head, &hang));
        }
        out
    }
}

/// Whether a line can be read within `wait`.
#[cfg(unix)]
fn readable(stdin: &std::io::Stdin, wait: Duration) -> Result<bool, PromptError> {
    use rustix::event::{PollFd, PollFlags, poll};
    let mut fds = [PollFd::new(stdin, PollFlags::IN)];
    let timeout = rustix::event::Timespec {
        tv_sec: 0,
        tv_nsec: wait.as_nanos() as _,
    };
    match poll(&mut fds, Some(&timeout)) {
        Ok(n) => Ok(n > 0),
        Err(rustix::io::Errno::INTR) => Ok(false),
        Err(e) => Err(PromptError::Failed(e.to_string())),
    }
}

/// Which of `keys` the typed `word` names.
fn by_key(keys: &[i64], word: &str) -> Option<usize> {
    let n: i64 = word.trim().parse().ok()?;
    keys.iter().position(|k| *k == n)
}

impl Prompter for Plain {
    fn page(&mut self) -> Result<(), PromptError> {
        self.check()?;
        self.say(&[String::new()])
    }

    fn heading(&mut self, text: &str) -> Result<(), PromptError> {
        self.check()?;
        let lines = wrap(text, self.width(), "", "");
        let rule = lines.iter().map(|l| console::measure_text_width(l)).max();
        let mut out = lines;
        out.push("-".repeat(rule.unwrap_or(0)));
        self.say(&out)
    }

    fn show(&mut self, text: &str) -> Result<(), PromptError> {
        self.check()?;
        self.say(&wrap(text, self.width(), "", ""))
    }

    fn note(&mut self, text: &str) -> Result<(), PromptError> {
        self.check()?;
        let mut out = Vec::new();
        for para in text.split('\n') {
            let (first, rest) = if para.starts_with("· ") {
                ("  ", "    ")
            } else {
                ("", "")
            };
            out.extend(wrap(para, self.width(), first, rest));
        }
        self.say(&out)
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
        let keys = Self::keys(items);
        self.say(&self.list(prompt, items, &keys, None))?;
        let ask = match default {
            Some(d) => format!(
                "Number (Enter alone keeps {}, {BACK_TEXT} goes back):",
                keys[d.min(items.len() - 1)]
            ),
            None => format!("Number ({BACK_TEXT} goes back):"),
        };
        loop {
            let typed = self.ask(&ask)?;
            match (typed.trim(), default) {
                (BACK_TEXT, _) => return Ok(Reply::Back),
                ("", Some(d)) => return Ok(Reply::Answer(d.min(items.len() - 1))),
                (t, _) => {
                    if let Some(i) = by_key(&keys, t) {
                        return Ok(Reply::Answer(i));
                    }
                }
            }
            let listed: Vec<String> = keys.iter().map(i64::to_string).collect();
            self.say(&wrap(
                &format!("Type one of the numbers: {}.", listed.join(", ")),
                self.width(),
                "",
                "",
            ))?;
        }
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
        let keys: Vec<i64> = (1..=items.len() as i64).collect();
        self.say(&self.list(prompt, items, &keys, Some(checked)))?;
        let ask = format!(
            "Numbers of all that apply, with spaces between (Enter alone keeps the [x] ones, \
             0 for none, {BACK_TEXT} goes back):"
        );
        loop {
            let typed = self.ask(&ask)?;
            let t = typed.trim();
            if t == BACK_TEXT {
                return Ok(Reply::Back);
            }
            if t.is_empty() {
                return Ok(Reply::Answer(
                    (0..items.len())
                        .filter(|i| checked.get(*i).copied().unwrap_or(false))
                        .collect(),
                ));
            }
            if t == "0" {
                return Ok(Reply::Answer(Vec::new()));
            }
            let picked: Option<Vec<usize>> = t
                .split([' ', ','])
                .filter(|w| !w.is_empty())
                .map(|w| by_key(&keys, w))
                .collect();
            match picked {
                Some(mut p) => {
                    p.sort_unstable();
                    p.dedup();
                    return Ok(Reply::Answer(p));
                }
                None => self.say(&wrap(
                    &format!("Type numbers from 1 to {}, or 0 for none.", items.len()),
                    self.width(),
                    "",
                    "",
                ))?,
            }
        }
    }

    fn text(&mut self, prompt: &str, initial: &str, required: bool) -> Prompted<String> {
        self.check()?;
        let mut out = vec![String::new()];
        out.extend(wrap(prompt, self.width(), "", ""));
        if !initial.is_empty() {
            out.extend(wrap(&format!("Now: {initial}"), self.width(), "", "  "));
        }
        self.say(&out)?;
        let ask = if initial.is_empty() {
            format!("Your answer ({BACK_TEXT} goes back):")
        } else {
            format!("Your answer (Enter alone keeps it, {BACK_TEXT} goes back):")
        };
        loop {
            let typed = self.ask(&ask)?;
            let answer = if typed.is_empty() {
                initial.to_string()
            } else {
                typed
            };
            if required && answer.trim().is_empty() {
                self.say(&["An answer is needed here.".to_string()])?;
                continue;
            }
            return Ok(Reply::Answer(answer));
        }
    }

    fn confirm(&mut self, prompt: &str, default: bool) -> Prompted<bool> {
        self.check()?;
        let choices = if default { "[Y/n]" } else { "[y/N]" };
        let ask = format!("{prompt} {choices} ({BACK_TEXT} goes back):");
        self.say(&[String::new()])?;
        loop {
            match self.ask(&ask)?.trim().to_lowercase().as_str() {
                "" => return Ok(Reply::Answer(default)),
                "y" | "yes" => return Ok(Reply::Answer(true)),
                "n" | "no" => return Ok(Reply::Answer(false)),
                BACK_TEXT => return Ok(Reply::Back),
                _ => self.say(&["Type y or n.".to_string()])?,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn items_are_numbered_by_the_numbers_they_carry_else_by_position() {
        assert_eq!(
            Plain::keys(&items(&[
                "1  Never",
                "2  Sometimes",
                "3  Always",
                "Don't know"
            ])),
            vec![1, 2, 3, 0]
        );
        assert_eq!(
            Plain::keys(&items(&["Finish", "1. A — x", "2. B — y"])),
            vec![0, 1, 2]
        );
        assert_eq!(
            Plain::keys(&items(&["0  None", "1  Some", "Don't know"])),
            vec![0, 1, 2]
        );
        assert_eq!(Plain::keys(&items(&["Yes", "No"])), vec![1, 2]);
        assert_eq!(by_key(&[1, 2, 3, 0], " 0 "), Some(3));
        assert_eq!(by_key(&[1, 2], "3"), None);
    }
}
