//! Helpers shared by the integration tests: running the binary from the repository root,
//! and finding the external programs a few tests need.
//!
//! Each test file compiles this module on its own and uses a different part of it.
#![allow(dead_code)]

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

/// The repository root: examples and fixtures are named relative to it.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The binary, run from the repository root without `COLUMNS` (which changes the text
/// report's width). The timeout only ends a hung child so that a hang fails the
/// test instead of stalling the run; it is far above any real run and judges no speed.
pub fn tandem() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("tandem").unwrap();
    cmd.current_dir(root())
        .env_remove("COLUMNS")
        .timeout(Duration::from_secs(300));
    cmd
}

/// What a run printed, as text, and how it ended.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Self {
        Run {
            code: o.status.code(),
            stdout: String::from_utf8(o.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(o.stderr).expect("stderr is UTF-8"),
        }
    }
}

/// Runs `cmd` and fails the test if it panicked.
pub fn run(cmd: &mut assert_cmd::Command) -> Run {
    let r = Run::from(cmd.output().unwrap());
    assert_no_panic(&r.stderr);
    r
}

/// The binary must report problems as messages, never as a panic.
pub fn assert_no_panic(stderr: &str) {
    for bad in [
        "panicked",
        "RUST_BACKTRACE",
        "internal error",
        "stack backtrace",
    ] {
        assert!(!stderr.contains(bad), "panic output on stderr: {stderr}");
    }
}

/// Runs `tandem ARGS` from the repository root; it must succeed. Returns standard output.
pub fn stdout_ok(args: &[&str]) -> Vec<u8> {
    let out = tandem().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "tandem {args:?} exited {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// `tandem ARGS` (with `--format json` among them) parsed as JSON; it must succeed.
pub fn json_ok(args: &[&str]) -> serde_json::Value {
    serde_json::from_slice(&stdout_ok(args)).unwrap()
}

/// An external program a test needs (a browser, say), which a developer's machine may
/// lack: `cargo test` must pass there, but CI must not pass by skipping.
pub struct External {
    /// Names looked up on `PATH`, in order.
    pub names: &'static [&'static str],
    /// An environment variable that, when set, names the program instead of `PATH`.
    pub override_var: &'static str,
    /// How to install it, for the skip and failure messages.
    pub install: &'static str,
}

/// What a test does about an external program.
#[derive(Debug, PartialEq)]
pub enum Need {
    /// Found: run the test with it.
    Run(PathBuf),
    /// Not found and not required: skip, saying why.
    Skip(String),
    /// Not found although `CI` asks for every test: fail, saying why.
    Fail(String),
}

impl External {
    /// Where the program is, from `override_value` (the override variable's value) or
    /// else from `path` (a `PATH` value).
    pub fn locate(
        &self,
        override_value: Option<OsString>,
        path: Option<OsString>,
    ) -> Result<PathBuf, String> {
        if let Some(p) = override_value {
            let p = PathBuf::from(p);
            return if p.is_file() {
                Ok(p)
            } else {
                Err(format!(
                    "{}={} is not a file",
                    self.override_var,
                    p.display()
                ))
            };
        }
        let path = path.unwrap_or_default();
        self.names
            .iter()
            .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
            .find(|p| is_executable(p))
            .ok_or_else(|| format!("{} not found on PATH", self.names[0]))
    }

    /// Decides from a lookup's result and whether `CI` is set.
    pub fn need(&self, found: Result<PathBuf, String>, ci: bool) -> Need {
        match found {
            Ok(p) => Need::Run(p),
            Err(why) if ci => Need::Fail(format!(
                "{why}: CI is set, so this test is required; {}, or set {} to the program",
                self.install, self.override_var
            )),
            Err(why) => Need::Skip(format!(
                "skipped: {why}; {}, or set CI to require it",
                self.install
            )),
        }
    }

    /// The program for a test, from this process's environment: `None` (after saying why
    /// on stderr) when the test should be skipped; a panic when `CI` requires it.
    pub fn find(&self) -> Option<PathBuf> {
        let found = self.locate(
            std::env::var_os(self.override_var),
            std::env::var_os("PATH"),
        );
        match self.need(found, ci()) {
            Need::Run(p) => Some(p),
            Need::Skip(why) => {
                // Written past the test harness's capture (which takes only `eprintln!`),
                // so that a plain `cargo test` shows it; the thread is named after the test.
                let test = std::thread::current().name().unwrap_or("test").to_string();
                let _ = writeln!(std::io::stderr(), "\n{test}: {why}");
                None
            }
            Need::Fail(why) => panic!("{why}"),
        }
    }
}

/// `CI` set (as CI services and `.ci/run` do), other than to an explicit "false" or "0".
pub fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.as_str(), "" | "0" | "false"))
}

fn is_executable(p: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        p.metadata()
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        p.is_file()
    }
}

/// ChromeDriver (Debian's chromium-driver), for tests that drive Chromium over WebDriver.
pub const CHROMEDRIVER: External = External {
    names: &["chromedriver"],
    override_var: "TANDEM_CHROMEDRIVER",
    install: "install Debian's chromium-driver (apt-get install chromium-driver; .ci/run does)",
};

/// Debian's headless Chromium, for the HTML reports in a real browser.
pub const CHROMIUM: External = External {
    names: &["chromium", "chromium-browser", "google-chrome"],
    override_var: "TANDEM_CHROMIUM",
    install: "install Debian's chromium (apt-get install chromium; .ci/run does)",
};
