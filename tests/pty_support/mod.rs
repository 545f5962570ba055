//! A pseudo-terminal session for the interview tests: every byte the program prints
//! is kept, and read back through a terminal emulator (vt100) two ways: the screen as
//! it is now, at the size the terminal has (resizes included), and everything printed
//! on a screen tall enough that nothing scrolls away.
#![allow(dead_code)]

use expectrl::process::unix::WaitStatus;
use expectrl::{Eof, Expect, Session};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_tandem");

/// The binary the sessions run: this build's, or another one named by
/// `TANDEM_TEST_BIN` (to show which of these tests an older build fails).
pub fn bin() -> String {
    std::env::var("TANDEM_TEST_BIN").unwrap_or_else(|_| BIN.to_string())
}

/// The terminal type the sessions claim: one with cursor control.
pub const TERM: &str = "xterm-256color";

pub struct Pty {
    pub s: expectrl::session::OsSession,
    pub log: Vec<u8>,
    live: vt100::Parser,
    cols: u16,
}

fn size(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("not zero")
}

/// A shell word for `s` (the paths the tests use hold no quote).
pub fn quoted(s: &str) -> String {
    format!("'{s}'")
}

impl Pty {
    /// `args` to the binary in a `cols`×`rows` pseudo-terminal, from `dir`, with
    /// `TERM` set to [`TERM`], `NO_COLOR` set and no `COLUMNS`.
    pub fn spawn(args: &[&str], cols: u16, rows: u16, dir: &Path) -> Pty {
        let line: Vec<String> = args.iter().map(|a| quoted(a)).collect();
        Pty::spawn_sh(
            &format!("exec {} {}", bin(), line.join(" ")),
            cols,
            rows,
            dir,
            &[("TERM", TERM), ("NO_COLOR", "1")],
        )
    }

    /// The shell command `line` in a `cols`×`rows` pseudo-terminal with `env` set. The
    /// size is set before the program starts (a resize after the spawn may come after
    /// it looked).
    pub fn spawn_sh(line: &str, cols: u16, rows: u16, dir: &Path, env: &[(&str, &str)]) -> Pty {
        let mut cmd = Command::new("sh");
        cmd.arg("-c")
            .arg(format!("stty cols {cols} rows {rows} && {line}"))
            .current_dir(dir)
            .env_remove("COLUMNS")
            .env_remove("NO_COLOR")
            .env_remove("TERM")
            .env_remove("RUST_BACKTRACE");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut s = Session::spawn(cmd).expect("spawn in a pty");
        s.get_process_mut().set_window_size(cols, rows).unwrap();
        // A hang guard: a prompt that never comes fails the test instead of stalling it.
        s.set_expect_timeout(Some(Duration::from_secs(30)));
        Pty {
            s,
            log: Vec::new(),
            live: vt100::Parser::new(size(rows), size(cols), 0),
            cols,
        }
    }

    fn took(&mut self, bytes: &[u8]) {
        self.log.extend_from_slice(bytes);
        self.live.process(bytes);
    }

    pub fn expect(&mut self, needle: &str) {
        let c = match self.s.expect(needle) {
            Ok(c) => c,
            Err(e) => panic!("waiting for {needle:?}: {e}\n{}", self.now().join("\n")),
        };
        let bytes = c.as_bytes().to_vec();
        self.took(&bytes);
    }

    pub fn send(&mut self, keys: &str) {
        self.s.send(keys).unwrap();
    }

    /// Takes in whatever the program prints until it has been quiet for a while: what
    /// it draws after the text last expected.
    pub fn settle(&mut self) {
        let mut quiet_since = Instant::now();
        let mut buf = [0u8; 4096];
        while quiet_since.elapsed() < Duration::from_millis(300) {
            match self.s.try_read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    let bytes = buf[..n].to_vec();
                    self.took(&bytes);
                    quiet_since = Instant::now();
                }
                Err(_) => std::thread::sleep(Duration::from_millis(20)),
            }
        }
    }

    /// The window changes size; what was printed before is drawn at the old size.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.settle();
        self.live.set_size(size(rows), size(cols));
        self.cols = cols;
        self.s
            .get_process_mut()
            .set_window_size(cols, rows)
            .unwrap();
    }

    pub fn eof(&mut self) -> i32 {
        let c = self.s.expect(Eof).unwrap();
        let bytes = c.as_bytes().to_vec();
        self.took(&bytes);
        exit_code(&self.s)
    }

    /// The screen as the terminal shows it now, one string per row, trailing blanks
    /// trimmed, trailing empty rows dropped.
    pub fn now(&self) -> Vec<String> {
        let screen = self.live.screen();
        let (_, cols) = screen.size();
        trimmed(screen.rows(0, cols.get()).collect())
    }

    /// Everything printed since the screen was last cleared, on a screen `cols` wide
    /// and tall enough that nothing scrolls away.
    pub fn rows(&self) -> Vec<String> {
        let mut p = vt100::Parser::new(size(4000), size(self.cols), 0);
        p.process(&self.log);
        trimmed(p.screen().rows(0, self.cols).collect())
    }

    /// As [`Self::rows`], but a row the terminal wrapped because a word was wider than
    /// the screen (a long path) is joined with the row it ran on to: the lines the
    /// program printed, whatever the checkout's path length.
    pub fn lines(&self) -> Vec<String> {
        let mut p = vt100::Parser::new(size(4000), size(self.cols), 0);
        p.process(&self.log);
        let screen = p.screen();
        let mut lines: Vec<String> = Vec::new();
        let mut joined = false;
        for (i, row) in screen.rows(0, self.cols).enumerate() {
            if joined {
                lines.last_mut().unwrap().push_str(&row);
            } else {
                lines.push(row);
            }
            joined = screen.row_wrapped(i as u16);
        }
        trimmed(lines)
    }

    pub fn screen(&self) -> String {
        self.rows().join("\n")
    }

    /// The screen's words in order, joined by single spaces: text the program wrapped
    /// reads as it was written, a word the terminal broke does not.
    pub fn words(&self) -> String {
        self.rows()
            .iter()
            .flat_map(|r| r.split_whitespace().map(str::to_string).collect::<Vec<_>>())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Everything printed, as text (escape sequences included).
    pub fn raw(&self) -> String {
        String::from_utf8_lossy(&self.log).into_owned()
    }
}

fn trimmed(rows: Vec<String>) -> Vec<String> {
    let mut rows: Vec<String> = rows.into_iter().map(|r| r.trim_end().to_string()).collect();
    while rows.last().is_some_and(|r| r.is_empty()) {
        rows.pop();
    }
    rows
}

pub fn exit_code(s: &expectrl::session::OsSession) -> i32 {
    match s.get_process().wait().unwrap() {
        WaitStatus::Exited(_, code) => code,
        other => panic!("did not exit normally: {other:?}"),
    }
}

/// The key that moves down a list.
pub const DOWN: &str = "j";

/// Keys that choose item `i` (from 0) of a list that starts with nothing chosen.
pub fn choose(i: usize) -> String {
    format!("{}\r", DOWN.repeat(i + 1))
}

pub fn data(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
        .display()
        .to_string()
}
