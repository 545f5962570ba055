//! The HTML reports in a real browser: Debian's headless Chromium loads the single,
//! group and trend reports from files and must show the charts, log no console error,
//! and fetch nothing from the network.
//!
//! Without Chromium on `PATH` these tests say on stderr that they were skipped and pass,
//! so that `cargo test` passes on any machine; with `CI` set (as `.ci/run` sets it, after
//! installing Debian's `chromium`) a missing Chromium fails them. Set `TANDEM_CHROMIUM`
//! to use another binary. The screenshots go to a temporary folder; to refresh the
//! committed ones in docs/screenshots/, run
//!
//!     TANDEM_SCREENSHOTS=1 cargo test --test html_browser
//!
//! and look at them before committing.

mod common;

use common::{CHROMIUM, External, Need};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const TREND: &[&str] = &[
    "trend",
    "examples/ci/2026-q1",
    "examples/ci/2026-q2",
    "examples/ci/2026-q3",
    "examples/ci/2026-q4",
];

/// Writes the HTML report for `args` to `dir/NAME.html`.
fn render(args: &[&str], dir: &Path, name: &str) -> PathBuf {
    let file = dir.join(format!("{name}.html"));
    let mut all = args.to_vec();
    all.extend(["--format", "html", "--out", file.to_str().unwrap()]);
    common::stdout_ok(&all);
    file
}

struct Run {
    stdout: String,
    stderr: String,
}

/// Runs headless Chromium on `page` with `extra` arguments. A Chromium that never exits
/// is killed after two minutes, only so that a hang fails the test instead of stalling
/// the run; how long a page takes is not judged.
fn browse(chromium: &Path, page: &Path, profile: &Path, extra: &[String]) -> Run {
    let url = format!("file://{}", page.canonicalize().unwrap().display());
    let dir = tempfile::tempdir().unwrap();
    let (out_path, err_path) = (dir.path().join("stdout"), dir.path().join("stderr"));
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-dev-shm-usage",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(&url)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start chromium: {e}"));
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let stderr = std::fs::read_to_string(&err_path).unwrap_or_default();
            assert!(status.success(), "chromium failed ({status}):\n{stderr}");
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within two minutes on {url}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Run {
        stdout: String::from_utf8_lossy(&std::fs::read(&out_path).unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&std::fs::read(&err_path).unwrap()).into_owned(),
    }
}

/// Console messages from the page (Chromium logs them as `CONSOLE` lines), uncaught
/// errors, and Content-Security-Policy refusals.
fn console_problems(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| {
            l.contains(":CONSOLE")
                || l.contains("Uncaught")
                || l.contains("Refused to")
                || l.contains("Content Security Policy")
        })
        .collect()
}

/// Requests the page made to anything but a local file: Chromium's own background
/// traffic is told apart by its network isolation key, which for the page is file://.
fn page_requests(netlog: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in netlog.lines() {
        let line = line.trim().trim_end_matches(',');
        if !line.contains("\"url\"") {
            continue;
        }
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let p = &v["params"];
        let (Some(url), from_page) = (
            p["url"].as_str(),
            ["network_isolation_key", "site_for_cookies", "initiator"]
                .iter()
                .any(|k| p[*k].as_str().is_some_and(|s| s.contains("file://"))),
        ) else {
            continue;
        };
        if from_page && !url.starts_with("file:") && !url.starts_with("data:") {
            found.push(url.to_string());
        }
    }
    found
}

/// The width and height of a PNG, from its header.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert!(bytes.len() > 24, "PNG too short");
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let be = |i: usize| u32::from_be_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    (be(16), be(20))
}

/// Every `src`/`href` attribute value in the page.
fn links(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for attr in [" src=\"", " href=\"", " xlink:href=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').unwrap_or(rest.len());
            out.push(&rest[..end]);
        }
    }
    out
}

fn check(name: &str, args: &[&str], title: &str, expect: &[&str]) {
    let Some(chromium) = CHROMIUM.find() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = render(args, dir.path(), name);
    let html = std::fs::read_to_string(&page).unwrap();

    // Nothing in the file could reach the network, and the policy forbids it anyway.
    for l in links(&html) {
        assert!(
            l.starts_with('#') || l.starts_with("data:"),
            "{name}: link to {l}"
        );
    }
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "{name}"
    );
    assert!(html.contains(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
    ));

    // The DOM as the browser built it.
    let netlog = dir.path().join("netlog.json");
    let dom = browse(
        &chromium,
        &page,
        &dir.path().join("profile-dom"),
        &[
            "--dump-dom".to_string(),
            format!("--log-net-log={}", netlog.display()),
        ],
    );
    assert!(
        dom.stdout.contains(&format!("<title>{title}</title>")),
        "{name}: title missing from the DOM:\n{}",
        &dom.stdout[..dom.stdout.len().min(2000)]
    );
    for e in expect {
        assert!(dom.stdout.contains(e), "{name}: `{e}` missing from the DOM");
    }
    let charts = dom.stdout.matches("<svg id=").count();
    assert!(charts >= 2, "{name}: {charts} charts in the DOM");
    assert_eq!(
        charts,
        dom.stdout.matches("role=\"img\"").count(),
        "{name}: every chart is an image"
    );
    let problems = console_problems(&dom.stderr);
    assert!(problems.is_empty(), "{name}: console: {problems:#?}");
    let log = std::fs::read_to_string(&netlog).unwrap_or_default();
    let requests = page_requests(&log);
    assert!(requests.is_empty(), "{name}: network requests {requests:?}");

    // A screenshot, as a person would see the top of the page.
    let shots = match std::env::var_os("TANDEM_SCREENSHOTS") {
        Some(_) => Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots"),
        None => dir.path().to_path_buf(),
    };
    std::fs::create_dir_all(&shots).unwrap();
    let png = shots.join(format!("{name}.png"));
    let shot = browse(
        &chromium,
        &page,
        &dir.path().join("profile-shot"),
        &[
            format!("--screenshot={}", png.display()),
            "--window-size=1280,2000".to_string(),
            "--hide-scrollbars".to_string(),
        ],
    );
    let problems = console_problems(&shot.stderr);
    assert!(problems.is_empty(), "{name}: console: {problems:#?}");
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(png_size(&bytes), (1280, 2000), "{name}");
    assert!(bytes.len() > 20_000, "{name}: a blank screenshot?");
}

#[test]
fn single_report_in_chromium() {
    check(
        "single",
        &["score", "examples/cmo-self-assessment.toml"],
        "Sales and marketing alignment diagnostic: Dana Whitfield, CMO",
        &[
            "<svg id=\"dimensions-chart\" class=\"chart radar\"",
            "<g class=\"series\" data-series=\"respondent\"><polygon",
            "<svg id=\"causes-chart\" class=\"chart bars\"",
            "<g class=\"bar\" data-value=\"98.2\">",
            "◆ today",
            "◇ wanted",
            "Five whys",
        ],
    );
}

#[test]
fn group_report_in_chromium() {
    check(
        "group",
        &["score", "examples/workshop"],
        "Sales and marketing alignment diagnostic: workshop report",
        &[
            "<svg id=\"dimensions-chart\" class=\"chart radar\"",
            "<g class=\"series\" data-series=\"sales\"><polygon",
            "<g class=\"series\" data-series=\"marketing\"><polygon",
            "<g class=\"series\" data-series=\"leadership\"><polygon",
            "<g class=\"series\" data-series=\"other\"><polygon",
            "<g class=\"series\" data-series=\"group\"><polygon",
            "<ul class=\"legend\">",
            "<svg id=\"causes-chart\" class=\"chart bars\"",
            "<svg id=\"gap-chart\"",
            "<svg id=\"spread-chart\"",
            "<svg id=\"ladder-chart\"",
        ],
    );
}

#[test]
fn trend_report_in_chromium() {
    check(
        "trend",
        TREND,
        "Sales and marketing alignment pulse: trend over 4 waves",
        &[
            "<svg id=\"trend-chart\" class=\"chart lines\"",
            "<g class=\"series\" data-series=\"overall\"><polyline",
            "<svg id=\"causes-trend-chart\"",
        ],
    );
}

#[test]
fn detects_what_it_should() {
    // The checks above would notice a console error, a page request and a link.
    let log =
        "[1:1:1/1:INFO:CONSOLE:1] \"Uncaught ReferenceError: x\", source: file:///a.html (1)\n";
    assert_eq!(console_problems(log).len(), 1);
    let net = r#"{"params":{"network_isolation_key":"file:// [internally: file://]","url":"http://example.invalid/a.png"},"phase":1,"type":136},
{"params":{"network_isolation_key":"null","url":"https://update.googleapis.com/x"},"phase":1,"type":136},"#;
    assert_eq!(page_requests(net), vec!["http://example.invalid/a.png"]);
    assert_eq!(
        links("<a href=\"#x\"><img src=\"http://y\">"),
        vec!["http://y", "#x"]
    );
}

/// A file at `dir/name` that `PATH` lookup accepts as a program.
fn fake_program(dir: &Path, name: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let p = dir.join(name);
    std::fs::write(&p, "#!/bin/sh\n").unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    p
}

#[test]
fn chromium_lookup_skips_or_requires_by_ci() {
    let empty = tempfile::tempdir().unwrap();
    let with = tempfile::tempdir().unwrap();
    let fake = fake_program(with.path(), "chromium");
    let on_path = |dir: &Path| Some(dir.as_os_str().to_owned());

    // Hidden from PATH: skipped with directions, or a failure under CI.
    let hidden = CHROMIUM.locate(None, on_path(empty.path()));
    assert_eq!(
        CHROMIUM.need(hidden.clone(), false),
        Need::Skip(
            "skipped: chromium not found on PATH; install Debian's chromium \
             (apt-get install chromium; .ci/run does), or set CI to require it"
                .into()
        )
    );
    let Need::Fail(why) = CHROMIUM.need(hidden, true) else {
        panic!("CI must require chromium")
    };
    assert!(why.contains("CI is set, so this test is required"), "{why}");

    // Present: run with it, CI or not.
    let found = CHROMIUM.locate(None, on_path(with.path()));
    assert_eq!(CHROMIUM.need(found.clone(), false), Need::Run(fake.clone()));
    assert_eq!(CHROMIUM.need(found, true), Need::Run(fake.clone()));

    // A file on PATH that cannot be run is passed over.
    let plain = tempfile::tempdir().unwrap();
    std::fs::write(plain.path().join("chromium"), "").unwrap();
    assert!(CHROMIUM.locate(None, on_path(plain.path())).is_err());

    // The override wins over PATH, either way.
    assert_eq!(
        CHROMIUM.locate(Some(fake.clone().into()), on_path(empty.path())),
        Ok(fake.clone())
    );
    let gone = empty.path().join("no-such-chromium");
    assert_eq!(
        CHROMIUM.locate(Some(gone.clone().into()), on_path(with.path())),
        Err(format!("TANDEM_CHROMIUM={} is not a file", gone.display()))
    );
    // `External` is generic: another program, another variable.
    let other = External {
        names: &["tandem-no-such-program"],
        override_var: "TANDEM_NO_SUCH",
        install: "nothing to install",
    };
    assert!(other.locate(None, std::env::var_os("PATH")).is_err());
}

/// The browser tests end to end, run as this test binary's own child without Chromium:
/// they pass and say why they were skipped, and with `CI` set they fail.
#[test]
fn browser_tests_skip_without_chromium_and_fail_under_ci() {
    let me = std::env::current_exe().unwrap();
    let empty = tempfile::tempdir().unwrap();
    let missing = empty.path().join("chromium");
    for hide in ["PATH", "TANDEM_CHROMIUM"] {
        for ci in [None, Some("true")] {
            let mut cmd = Command::new(&me);
            cmd.args(["--exact", "single_report_in_chromium", "--nocapture"])
                .env_remove("CI")
                .env_remove("TANDEM_CHROMIUM");
            match hide {
                "PATH" => cmd.env("PATH", empty.path()),
                _ => cmd.env("TANDEM_CHROMIUM", &missing),
            };
            if let Some(v) = ci {
                cmd.env("CI", v);
            }
            let out = cmd.output().unwrap();
            let said = String::from_utf8_lossy(&out.stderr);
            let case = format!("hidden by {hide}, CI={ci:?}:\n{said}");
            match ci {
                None => {
                    assert!(out.status.success(), "{case}");
                    assert!(said.contains("skipped: "), "{case}");
                    assert!(said.contains("or set CI to require it"), "{case}");
                }
                Some(_) => {
                    assert!(!out.status.success(), "{case}");
                    assert!(said.contains("this test is required"), "{case}");
                }
            }
        }
    }
}
