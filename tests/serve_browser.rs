//! `tandem serve` in a real browser: Debian's headless Chromium, driven through
//! WebDriver (`chromedriver`, Debian's `chromium-driver`), fills in the pulse
//! questionnaire at phone width as two participants with different roles, one of them
//! reloading halfway. The facilitator page then shows 2 finished, and `tandem score
//! FOLDER` scores both. Everything talks to 127.0.0.1 only.
//!
//! Skipped with a printed reason when chromium or chromedriver is missing, except when
//! `CI` is set (`.ci/run` installs both). With `TANDEM_SCREENSHOTS=1` it writes the
//! README's screenshots to docs/screenshots/serve-*.png; look at them before committing.

mod serve_support;
mod webdriver;

use serde_json::{Value, json};
mod common;

use std::path::Path;
use std::process::Command;
use tandem::serve::{self, Options, ReportOptions};
use webdriver::{ChromeDriver, Session, Viewport};

/// A phone-sized session (360×800 CSS pixels at a pixel ratio of 2) that waits up to
/// 10 s for elements, a page may still be loading.
fn phone(cd: &ChromeDriver, chromium: &Path, profile: &Path) -> Session {
    let v = Viewport {
        width: 360,
        height: 800,
        pixel_ratio: 2.0,
        hide_scrollbars: false,
    };
    let s = Session::new(cd, chromium, profile, v);
    s.wait_for_elements(10_000);
    s
}

/// Answers the pulse questionnaire in the browser; `reload_at` reloads the page at that
/// question and checks the participant is still there. Returns the review page seen.
fn fill_in(
    d: &Session,
    join: &str,
    role: &str,
    value: &str,
    reload_at: Option<usize>,
    shots: Option<&Path>,
) {
    d.go(join);
    if let Some(dir) = shots {
        d.screenshot(&dir.join("serve-join.png"));
    }
    d.click(&format!("input[name=role][value={role}]"));
    d.submit();
    // Ten questions, a review and the thank-you page: 30 steps is a bound.
    for step in 0..30 {
        let url = d.url();
        if url.ends_with("/done") {
            assert!(d.source().contains("Thank you"));
            return;
        }
        if url.ends_with("/review") {
            if let Some(dir) = shots {
                d.screenshot(&dir.join("serve-review.png"));
            }
            d.submit();
            continue;
        }
        assert!(url.contains("/q/"), "{url}");
        if Some(step) == reload_at {
            let before = d.url();
            d.cmd("POST", "/refresh", Some(json!({})));
            assert_eq!(d.url(), before);
            // Closing the tab and opening the join address again: same place.
            d.go(join);
            assert_eq!(
                d.url(),
                before,
                "the participant carries on where they were"
            );
        }
        if step == 2
            && let Some(dir) = shots
        {
            d.click(&format!("input[name=a][value=\"{value}\"]"));
            d.screenshot(&dir.join("serve-question.png"));
        }
        d.click(&format!("input[name=a][value=\"{value}\"]"));
        d.submit();
    }
    panic!("the questionnaire did not end in the browser");
}

#[test]
fn two_participants_in_chromium_then_the_facilitator_and_score() {
    // Skipped, saying why, on a machine without them; required under CI.
    let (Some(chromium), Some(driver)) = (common::CHROMIUM.find(), common::CHROMEDRIVER.find())
    else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("room");
    let (_, q) = tandem::questionnaire::resolve("pulse").unwrap();
    let server = serve::start(Options {
        report: ReportOptions {
            anonymous: false,
            min_group: None,
        },
        ..Options::new(q, dir.clone(), "127.0.0.1:0".parse().unwrap())
    })
    .unwrap();

    let cd = ChromeDriver::start(&driver);

    let shots = std::env::var_os("TANDEM_SCREENSHOTS")
        .map(|_| Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots"));
    let join = server.join_url();
    {
        let a = phone(&cd, &chromium, &tmp.path().join("profile-a"));
        fill_in(&a, &join, "sales", "4", None, shots.as_deref());
    }
    {
        let b = phone(&cd, &chromium, &tmp.path().join("profile-b"));
        fill_in(&b, &join, "marketing", "2", Some(5), None);
        b.go(&server.facilitator_url());
        let page = b.source();
        assert!(page.contains("<strong>2</strong> finished"), "{page}");
        if let Some(dir) = &shots {
            b.screenshot(&dir.join("serve-facilitator.png"));
        }
    }
    let out = Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(["score", "--strict", "--format", "json"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["respondents"], 2, "{v}");
    server.stop().unwrap();
}
