//! The form exports checked by the tools' own code, from the npm project in tests/js
//! (`npm ci` there; `.ci/run` does it):
//!
//! - the SurveyJS definition validates against the JSON schema survey-core ships;
//! - survey-core loads it in headless Chromium without a JSON error, survey-js-ui
//!   renders it, a scripted respondent completes it, and the result SurveyJS produces
//!   imports and scores;
//! - the Google Apps Script type-checks with TypeScript against @types/google-apps-script.
//!
//! Without node, the npm packages or Chromium these tests print why and pass, except
//! under CI (the `CI` environment variable set), where they are required.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const QUESTIONNAIRES: &[&str] = &["alignment", "pulse", "tests/data/forms/team.toml"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn js_dir() -> PathBuf {
    root().join("tests/js")
}

fn on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    names.iter().find_map(|n| {
        std::env::split_paths(&path)
            .map(|d| d.join(n))
            .find(|p| p.is_file())
    })
}

/// `Some(())` when the tools are there; otherwise says why and, under CI, fails.
fn need(what: &str, found: bool) -> Option<()> {
    if found {
        return Some(());
    }
    let why = format!(
        "{what} is missing: install node and npm, then run `npm ci` in tests/js (and `apt-get install chromium` for the browser test); .ci/run does both"
    );
    if std::env::var("CI").is_ok_and(|v| !matches!(v.as_str(), "" | "0" | "false")) {
        panic!("{why} (required under CI)");
    }
    // Past the test harness's capture (it takes only the print macros), so that a plain
    // `cargo test` shows why the test did nothing.
    let test = std::thread::current().name().unwrap_or("test").to_string();
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!("\n{test}: skipped: {why}\n").as_bytes(),
    );
    None
}

fn node_ready(packages: &[&str]) -> Option<()> {
    need("node", on_path(&["node", "nodejs"]).is_some())?;
    for p in packages {
        need(
            &format!("the npm package {p}"),
            js_dir().join("node_modules").join(p).is_dir(),
        )?;
    }
    Some(())
}

fn chromium() -> Option<PathBuf> {
    let found = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .or_else(|| on_path(&["chromium", "chromium-browser", "google-chrome"]));
    need("chromium", found.is_some())?;
    found
}

fn tandem(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_tandem"))
        .current_dir(root())
        .args(args)
        .output()
        .unwrap()
}

fn export(q: &str, format: &str, to: &Path) {
    let o = tandem(&[
        "export",
        q,
        "--format",
        format,
        "--out",
        to.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

fn node(args: &[&str]) -> std::process::Output {
    let node = on_path(&["node", "nodejs"]).unwrap();
    Command::new(node)
        .current_dir(js_dir())
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn surveyjs_definitions_validate_against_survey_core_schema() {
    if node_ready(&["survey-core", "ajv"]).is_none() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    for q in QUESTIONNAIRES {
        let f = tmp.path().join("survey.json");
        export(q, "surveyjs", &f);
        let o = node(&["validate-schema.mjs", f.to_str().unwrap()]);
        assert!(
            o.status.success(),
            "{q}: {}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
    }
    // The check can fail: a property of the wrong type is refused.
    let f = tmp.path().join("bad.json");
    std::fs::write(&f, r#"{"showProgressBar": "sometimes", "pages": []}"#).unwrap();
    assert!(
        !node(&["validate-schema.mjs", f.to_str().unwrap()])
            .status
            .success()
    );
}

fn tsc(file: &Path) -> std::process::Output {
    node(&[
        "node_modules/typescript/bin/tsc",
        "--allowJs",
        "--checkJs",
        "--noEmit",
        "--skipLibCheck",
        "--strict",
        "--noImplicitAny",
        "false",
        "--target",
        "es2019",
        "--lib",
        "es2019",
        "--types",
        "google-apps-script",
        file.to_str().unwrap(),
    ])
}

#[test]
fn apps_scripts_type_check_against_the_apps_script_declarations() {
    if node_ready(&["typescript", "@types/google-apps-script"]).is_none() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    for q in QUESTIONNAIRES {
        let f = tmp.path().join("form.js");
        export(q, "google-apps-script", &f);
        let o = tsc(&f);
        assert!(
            o.status.success(),
            "{q}: {}",
            String::from_utf8_lossy(&o.stdout)
        );
    }
    // The declarations are in use: a method FormApp does not have is refused.
    let text = std::fs::read_to_string(tmp.path().join("form.js")).unwrap();
    let bad = tmp.path().join("bad.js");
    std::fs::write(&bad, text.replace("addCheckboxItem", "addCheckboxItems")).unwrap();
    let o = tsc(&bad);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains("addCheckboxItems"));
}

/// The text of `<pre id="ID">` in a dumped DOM.
fn pre(dom: &str, id: &str) -> Option<String> {
    let start = dom.find(&format!("<pre id=\"{id}\">"))? + id.len() + 11;
    let end = start + dom[start..].find("</pre>")?;
    Some(
        dom[start..end]
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&nbsp;", "\u{a0}")
            .replace("&amp;", "&"),
    )
}

fn page(definition: &str) -> String {
    let modules = js_dir().join("node_modules");
    let url = |p: PathBuf| format!("file://{}", p.display());
    format!(
        "<!doctype html><html><head><meta charset=\"utf-8\">\n\
         <script src=\"{}\"></script>\n<script src=\"{}\"></script>\n\
         </head><body><div id=\"survey\"></div>\n\
         <script type=\"application/json\" id=\"definition\">{}</script>\n\
         <script src=\"{}\"></script>\n</body></html>\n",
        url(modules.join("survey-core/survey.core.js")),
        url(modules.join("survey-js-ui/survey-js-ui.js")),
        definition.replace("</", "<\\/"),
        url(js_dir().join("complete-survey.js")),
    )
}

fn dump_dom(chromium: &Path, page: &Path, profile: &Path) -> String {
    let out_path = profile.with_extension("dom");
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            "--disable-dev-shm-usage",
            "--virtual-time-budget=10000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within two minutes");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    std::fs::read_to_string(&out_path).unwrap()
}

#[test]
fn surveyjs_completes_the_exported_survey_and_its_result_imports() {
    if node_ready(&["survey-core", "survey-js-ui"]).is_none() {
        return;
    }
    let Some(chromium) = chromium() else { return };
    let tmp = tempfile::tempdir().unwrap();
    for (i, q) in QUESTIONNAIRES.iter().enumerate() {
        let def = tmp.path().join(format!("survey-{i}.json"));
        export(q, "surveyjs", &def);
        let html = tmp.path().join(format!("page-{i}.html"));
        std::fs::write(&html, page(&std::fs::read_to_string(&def).unwrap())).unwrap();
        let dom = dump_dom(&chromium, &html, &tmp.path().join(format!("profile-{i}")));
        assert_eq!(pre(&dom, "exception"), None, "{q}");
        assert_eq!(pre(&dom, "errors"), None, "{q}");
        assert_eq!(pre(&dom, "json-errors").as_deref(), Some("[]"), "{q}");
        let drawn: usize = pre(&dom, "rendered").unwrap().parse().unwrap();
        assert!(drawn > 0, "{q}: survey-js-ui drew no question");
        let result = pre(&dom, "result").unwrap_or_else(|| panic!("{q}: no result in\n{dom}"));
        let file = tmp.path().join(format!("result-{i}.json"));
        std::fs::write(&file, &result).unwrap();
        let out = tmp.path().join(format!("answers-{i}"));
        let o = tandem(&[
            "import",
            file.to_str().unwrap(),
            "-q",
            q,
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(
            o.status.success(),
            "{q}: {result}\n{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let answers = out.join(format!("result-{i}-row00001.toml"));
        let o = tandem(&["check", "-q", q, answers.to_str().unwrap()]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let text = std::fs::read_to_string(&answers).unwrap();
        assert!(text.contains("respondent = \"Respondent 1\""), "{text}");
        let o = tandem(&["score", file.to_str().unwrap(), "-q", q, "--format", "json"]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
}
