//! The HTML reports in a real browser: Debian's headless Chromium loads the single,
//! group and trend reports from files and must show the charts, log no console error,
//! and fetch nothing from the network.
//!
//! Chromium is required: CI installs it in `.ci/run` (`apt-get install chromium`). Set
//! `CHROMIUM` to use another binary. The screenshots go to a temporary folder; to
//! refresh the committed ones in docs/screenshots/, run
//!
//!     TANDEM_SCREENSHOTS=1 cargo test --test html_browser
//!
//! and look at them before committing.

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

fn chromium() -> PathBuf {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        return PathBuf::from(p);
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        for dir in std::env::split_paths(&path) {
            let p = dir.join(name);
            if p.is_file() {
                return p;
            }
        }
    }
    panic!(
        "chromium not found: the HTML browser test needs a headless Chromium. \
         Install it with `apt-get install chromium` (CI does this in .ci/run), \
         or point CHROMIUM at a Chromium or Chrome binary."
    );
}

/// Writes the HTML report for `args` to `dir/NAME.html`.
fn render(args: &[&str], dir: &Path, name: &str) -> PathBuf {
    let file = dir.join(format!("{name}.html"));
    let out = Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(args)
        .args(["--format", "html", "--out"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    file
}

struct Run {
    stdout: String,
    stderr: String,
}

/// Runs headless Chromium on `page` with `extra` arguments, killing it after two minutes.
fn browse(page: &Path, profile: &Path, extra: &[String]) -> Run {
    let url = format!("file://{}", page.canonicalize().unwrap().display());
    let dir = tempfile::tempdir().unwrap();
    let (out_path, err_path) = (dir.path().join("stdout"), dir.path().join("stderr"));
    let mut child = Command::new(chromium())
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
