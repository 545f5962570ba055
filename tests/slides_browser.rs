//! The slides, the one-page summary and the HTML report on a phone, in a real browser:
//! Debian's headless Chromium driven through WebDriver (`chromedriver`) for layout and
//! keys, and Chromium's own `--print-to-pdf` for print (it honours `@page`).
//!
//! - slides: each slide fills the viewport exactly (16:9 at two sizes), nothing spills
//!   out of a slide or sideways, and the keys move one slide at a time;
//! - printed, the deck is one page per slide and the summary one A4 page;
//! - the report at 390 px: no page-level sideways scroll, and chart text ≥ 11 px.
//!
//! Skipped with a printed reason when chromium or chromedriver is missing, except when
//! `CI` is set. With `TANDEM_SCREENSHOTS=1` it writes docs/screenshots/slides-*.png and
//! summary.png; look at them before committing.

mod common;
mod serve_support;
mod webdriver;

use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use webdriver::{ChromeDriver, Session, Viewport};

/// A session showing exactly `w`×`h` CSS pixels at a pixel ratio of 1, scrollbars
/// hidden.
fn session(cd: &ChromeDriver, chromium: &Path, profile: &Path, w: u32, h: u32) -> Session {
    let v = Viewport {
        width: w,
        height: h,
        pixel_ratio: 1.0,
        hide_scrollbars: true,
    };
    Session::new(cd, chromium, profile, v)
}

fn render(args: &[&str], format: &str, dir: &Path, name: &str) -> PathBuf {
    let file = dir.join(name);
    let mut all = args.to_vec();
    all.extend(["--format", format, "--out", file.to_str().unwrap()]);
    common::stdout_ok(&all);
    file
}

/// Where screenshots go: docs/screenshots with `TANDEM_SCREENSHOTS`, else `tmp`.
fn shots(tmp: &Path) -> PathBuf {
    match std::env::var_os("TANDEM_SCREENSHOTS") {
        Some(_) => Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots"),
        None => tmp.to_path_buf(),
    }
}

/// The index of the slide at the top of the viewport.
fn current(s: &Session) -> u64 {
    s.js("var s=document.querySelectorAll('section.slide');var b=0,d=1e9;for(var i=0;i<s.length;i++){var t=Math.abs(s[i].getBoundingClientRect().top);if(t<d){d=t;b=i;}}return b;")
        .as_u64()
        .unwrap()
}

/// Every slide is exactly one viewport and holds its content; the page never scrolls
/// sideways. Returns the number of slides.
fn slides_fit(s: &Session, w: u32, h: u32, what: &str) -> u64 {
    let v = s.js(
        "var out=[];document.querySelectorAll('section.slide').forEach(function(e){var r=e.getBoundingClientRect();\
         var spill=0,by='';e.querySelectorAll('*').forEach(function(c){var q=c.getBoundingClientRect();if(q.width>0&&q.height>0){\
         var o=Math.max(q.bottom-r.bottom,q.right-r.right,r.left-q.left,r.top-q.top);if(o>spill){spill=o;by=c.tagName+'.'+c.className;}}});\
         out.push({id:e.id,w:r.width,h:r.height,spill:spill,by:by});});\
         return {slides:out,iw:innerWidth,ih:innerHeight,sw:document.documentElement.scrollWidth};",
    );
    assert_eq!(
        (v["iw"].as_u64(), v["ih"].as_u64()),
        (Some(w as u64), Some(h as u64)),
        "{what}: viewport {v}"
    );
    assert!(
        v["sw"].as_f64().unwrap() <= w as f64,
        "{what}: the page scrolls sideways: {v}"
    );
    let slides = v["slides"].as_array().unwrap();
    for sl in slides {
        let id = &sl["id"];
        assert!(
            (sl["w"].as_f64().unwrap() - w as f64).abs() < 1.0,
            "{what} {id}: width {sl}"
        );
        assert!(
            (sl["h"].as_f64().unwrap() - h as f64).abs() < 1.0,
            "{what} {id}: height {sl}"
        );
        assert!(
            sl["spill"].as_f64().unwrap() <= 1.0,
            "{what} {id}: content spills out of the slide by {} px ({})",
            sl["spill"],
            sl["by"]
        );
    }
    slides.len() as u64
}

/// Pages in a PDF Chromium wrote (its page objects are plain, uncompressed dictionaries).
fn pdf_pages(pdf: &[u8]) -> usize {
    let mut n = 0;
    let pat = b"/Type /Page";
    for i in 0..pdf.len().saturating_sub(pat.len()) {
        if &pdf[i..i + pat.len()] == pat && pdf.get(i + pat.len()) != Some(&b's') {
            n += 1;
        }
    }
    n
}

/// Chromium's `--print-to-pdf` of `page` (two minutes at most, only so that a hang fails).
fn print_pdf(chromium: &Path, page: &Path, dir: &Path, name: &str) -> Vec<u8> {
    let pdf = dir.join(format!("{name}.pdf"));
    let url = format!("file://{}", page.canonicalize().unwrap().display());
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-background-networking",
            "--no-pdf-header-footer",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.join(format!("profile-{name}")).display()
        ))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(&url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("chromium did not print {name} within two minutes");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    std::fs::read(&pdf).unwrap_or_else(|e| panic!("{name}: no PDF: {e}"))
}

/// A report at 390 px: no sideways scroll of the page, chart text at 11 px or more, and
/// whatever is wider than the screen scrolls inside its own table or figure.
fn phone_check(s: &Session, page: &Path, what: &str) {
    s.open(page);
    let v = s.js(
        "var small=[];document.querySelectorAll('svg.chart').forEach(function(svg){var k=svg.getBoundingClientRect().width/svg.viewBox.baseVal.width;\
         svg.querySelectorAll('text').forEach(function(t){var px=parseFloat(getComputedStyle(t).fontSize)*k;if(px<11)small.push(svg.id+': '+t.textContent+' '+px.toFixed(1));});});\
         var wide=[];document.querySelectorAll('body *').forEach(function(e){var r=e.getBoundingClientRect();if(r.right>innerWidth+1&&!e.closest('table,figure'))wide.push(e.tagName+'.'+e.className+' '+r.right+' '+(e.textContent||'').slice(0,40));});\
         return {sw:document.documentElement.scrollWidth,iw:innerWidth,charts:document.querySelectorAll('svg.chart').length,tables:document.querySelectorAll('table').length,small:small,wide:wide.slice(0,10)};",
    );
    assert_eq!(v["iw"].as_u64(), Some(390), "{what}: {v}");
    assert!(
        v["sw"].as_u64().unwrap() <= 390,
        "{what}: the page scrolls sideways at 390 px: {v}"
    );
    assert!(
        v["charts"].as_u64().unwrap() >= 2 && v["tables"].as_u64().unwrap() >= 2,
        "{what}: {v}"
    );
    assert_eq!(
        v["small"],
        json!([]),
        "{what}: chart text under 11 px at 390 px"
    );
    assert_eq!(
        v["wide"],
        json!([]),
        "{what}: elements wider than the screen outside a table or figure"
    );
    // Each table and chart scrolls inside itself instead.
    let inner = s.js(
        "var bad=[];document.querySelectorAll('table, figure').forEach(function(e){var st=getComputedStyle(e);\
         if(e.scrollWidth>e.clientWidth+1&&st.overflowX!=='auto'&&st.overflowX!=='scroll')bad.push(e.tagName+' '+e.scrollWidth);});return bad;",
    );
    assert_eq!(
        inner,
        json!([]),
        "{what}: a wide table or chart that cannot scroll"
    );
}

/// Arrows, Space, Page Up/Down, Home and End each move to the slide they should, on a
/// deck open at 1280×720. Returns the number of slides.
fn keys_move_one_slide_at_a_time(s: &Session) -> u64 {
    let n = slides_fit(s, 1280, 720, "deck");
    assert_eq!(current(s), 0);
    let steps: [(&str, u64); 9] = [
        (RIGHT, 1),
        (SPACE, 2),
        (DOWN, 3),
        (PAGE_DOWN, 4),
        (LEFT, 3),
        (UP, 2),
        (PAGE_UP, 1),
        (END, n - 1),
        (HOME, 0),
    ];
    for (k, want) in steps {
        s.key(k);
        assert_eq!(
            current(s),
            want,
            "after key {:?}",
            k.escape_unicode().to_string()
        );
    }
    s.key(LEFT);
    assert_eq!(current(s), 0, "no slide before the first");
    n
}

const RIGHT: &str = "\u{E014}";
const LEFT: &str = "\u{E012}";
const DOWN: &str = "\u{E015}";
const UP: &str = "\u{E013}";
const PAGE_DOWN: &str = "\u{E00F}";
const PAGE_UP: &str = "\u{E00E}";
const HOME: &str = "\u{E011}";
const END: &str = "\u{E010}";
const SPACE: &str = "\u{E00D}";

/// The workshop as a room that wrote at length: every symptom, why and name far longer
/// than a slide holds. Returns the folder.
fn wordy_workshop(dir: &Path) -> PathBuf {
    let wordy = dir.join("wordy");
    std::fs::create_dir(&wordy).unwrap();
    let filler =
        "the quarterly pipeline review keeps turning into an argument about numbers ".repeat(12);
    for e in std::fs::read_dir("examples/workshop").unwrap() {
        let e = e.unwrap();
        let src = std::fs::read_to_string(e.path()).unwrap();
        // Every why in a chain as long as the symptom.
        let mut in_whys = false;
        let src: String = src
            .lines()
            .map(|l| {
                if l.starts_with("whys = [") {
                    in_whys = true;
                } else if l.starts_with(']') {
                    in_whys = false;
                } else if in_whys && l.starts_with("  \"") {
                    return format!("  \"{filler}{}\n", &l[3..]);
                }
                format!("{l}\n")
            })
            .collect();
        let long = src
            .replacen("symptom = \"", &format!("symptom = \"{filler}"), 1)
            .replacen(
                "respondent = \"",
                &format!("respondent = \"{}", "Alexandra-Maria ".repeat(8)),
                1,
            );
        std::fs::write(wordy.join(e.file_name()), long).unwrap();
    }
    wordy
}

#[test]
fn slides_summary_and_phone_report_in_chromium() {
    let (Some(chromium), Some(driver)) = (common::CHROMIUM.find(), common::CHROMEDRIVER.find())
    else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let out = shots(dir);
    std::fs::create_dir_all(&out).unwrap();
    let workshop = ["score", "examples/workshop"];
    let deck = render(&workshop, "slides", dir, "deck.html");
    let single = render(
        &["score", "examples/cmo-self-assessment.toml"],
        "slides",
        dir,
        "single.html",
    );
    let summary = render(
        &["score", "examples/workshop", "--summary"],
        "html",
        dir,
        "summary.html",
    );
    let report = render(&workshop, "html", dir, "report.html");
    let summary_deck = render(
        &["score", "examples/workshop", "--summary"],
        "slides",
        dir,
        "summary-deck.html",
    );
    let wordy = wordy_workshop(dir);
    let wordy_deck = render(
        &["score", wordy.to_str().unwrap()],
        "slides",
        dir,
        "wordy.html",
    );
    let cd = ChromeDriver::start(&driver);

    // Slides at a laptop's and a projector's 16:9.
    for (w, h) in [(1280, 720), (1920, 1080)] {
        let s = session(&cd, &chromium, &dir.join(format!("p-{w}")), w, h);
        for (page, what, least) in [
            (&deck, "group deck", 12),
            (&single, "single deck", 8),
            (&summary_deck, "summary deck", 4),
            (&wordy_deck, "deck of long answers", 12),
        ] {
            s.open(page);
            let n = slides_fit(&s, w, h, &format!("{what} at {w}x{h}"));
            assert!(n >= least, "{what}: {n} slides");
        }
    }

    // The keys, one slide at a time, on the group deck.
    let s = session(&cd, &chromium, &dir.join("p-keys"), 1280, 720);
    s.open(&deck);
    let n = keys_move_one_slide_at_a_time(&s);
    for (i, id) in [
        (1, "slides-overall"),
        (2, "slides-radar"),
        (3, "slides-gaps"),
    ] {
        s.js(&format!(
            "document.querySelectorAll('section.slide')[{i}].scrollIntoView()"
        ));
        s.screenshot(&out.join(format!("{id}.png")));
    }
    let disc = s
        .js("var e=document.getElementById('discussion');e.scrollIntoView();return e.textContent;");
    assert!(
        disc.as_str().unwrap().contains("Questions for the room"),
        "{disc}"
    );
    s.screenshot(&out.join("slides-discussion.png"));
    drop(s);

    // The summary on screen, then on paper: one A4 page.
    let s = session(&cd, &chromium, &dir.join("p-summary"), 900, 1270);
    s.open(&summary);
    s.screenshot(&out.join("summary.png"));
    drop(s);
    assert_eq!(
        pdf_pages(&print_pdf(&chromium, &summary, dir, "summary")),
        1,
        "the summary prints on one page"
    );
    let single_summary = render(
        &["score", "examples/cmo-self-assessment.toml", "--summary"],
        "html",
        dir,
        "single-summary.html",
    );
    assert_eq!(
        pdf_pages(&print_pdf(
            &chromium,
            &single_summary,
            dir,
            "single-summary"
        )),
        1
    );
    // The deck prints one slide per page.
    let pages = pdf_pages(&print_pdf(&chromium, &deck, dir, "deck"));
    assert_eq!(pages as u64, n, "one printed page per slide");

    // The reports on a 390 px phone: the workshop, one respondent, a trend.
    let single_report = render(
        &["score", "examples/cmo-self-assessment.toml"],
        "html",
        dir,
        "single-report.html",
    );
    let mut trend = vec!["trend"];
    trend.extend([
        "examples/ci/2026-q1",
        "examples/ci/2026-q2",
        "examples/ci/2026-q3",
        "examples/ci/2026-q4",
    ]);
    let trend_report = render(&trend, "html", dir, "trend-report.html");
    let s = session(&cd, &chromium, &dir.join("p-phone"), 390, 844);
    for (page, what) in [
        (&single_report, "single"),
        (&trend_report, "trend"),
        (&report, "group"),
    ] {
        phone_check(&s, page, what);
    }
    s.screenshot(&out.join("group-phone.png"));
}
