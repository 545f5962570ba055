//! CLI polish: `--help` of every command (snapshots, so a change to the interface is a
//! reviewed change), completions for every shell, the man page, colour and verbosity.

mod common;

fn stdout(args: &[&str], env: &[(&str, &str)]) -> String {
    let mut c = common::tandem();
    c.args(args).env_remove("NO_COLOR").env("COLUMNS", "100");
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn help_of_every_command() {
    insta::assert_snapshot!("help", stdout(&["--help"], &[]));
    for cmd in [
        "run",
        "score",
        "trend",
        "check",
        "template",
        "list",
        "export",
        "import",
        "completions",
        "man",
        "serve",
    ] {
        let help = stdout(&[cmd, "--help"], &[]);
        assert!(help.contains("Usage: tandem"), "{cmd}");
        if !matches!(cmd, "list") {
            assert!(help.contains("Example"), "{cmd} --help shows examples");
        }
        insta::assert_snapshot!(format!("help_{cmd}"), help);
    }
}

#[test]
fn version_names_the_builtin_questionnaires() {
    let v = stdout(&["--version"], &[]);
    assert!(v.starts_with("tandem "), "{v}");
    assert!(
        v.contains("alignment 1.0") && v.contains("pulse 1.0"),
        "{v}"
    );
}

#[test]
fn completions_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let s = stdout(&["completions", shell], &[]);
        assert!(s.contains("tandem"), "{shell}");
        assert!(
            s.contains("trend") && s.contains("score"),
            "{shell} completes the commands"
        );
    }
}

#[test]
fn man_page_is_roff() {
    let m = stdout(&["man"], &[]);
    assert!(
        m.starts_with(".ie") || m.contains(".TH tandem"),
        "{}",
        &m[..80]
    );
    assert!(m.contains("score") && m.contains("trend"));
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let args = ["score", "examples/cmo-self-assessment.toml"];
    assert!(
        !stdout(&args, &[]).contains('\u{1b}'),
        "piped output has no colour"
    );
    let always = stdout(
        &[
            "score",
            "examples/cmo-self-assessment.toml",
            "--color",
            "always",
        ],
        &[],
    );
    assert!(
        always.contains("\u{1b}[1mScore\u{1b}[0m"),
        "headings are bold"
    );
    assert!(
        !stdout(
            &[
                "score",
                "examples/cmo-self-assessment.toml",
                "--color",
                "never"
            ],
            &[]
        )
        .contains('\u{1b}')
    );
    // NO_COLOR is honoured in auto mode (the default).
    assert!(!stdout(&args, &[("NO_COLOR", "1")]).contains('\u{1b}'));
    // Colour never reaches a file.
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("r.txt");
    stdout(
        &[
            "score",
            "examples/cmo-self-assessment.toml",
            "--color",
            "always",
            "--out",
            f.to_str().unwrap(),
        ],
        &[],
    );
    assert!(!std::fs::read_to_string(&f).unwrap().contains('\u{1b}'));
}

#[test]
fn quiet_and_verbose() {
    let out = common::tandem()
        .args(["check", "--quiet", "questionnaires/alignment.toml"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
    let out = common::tandem()
        .args(["-v", "score", "examples/workshop", "--format", "json"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "tandem: scored a group of 12 answers files (2 incomplete) against alignment 1.0"
        ),
        "{err}"
    );
    common::tandem()
        .args(["--quiet", "--verbose", "list"])
        .assert()
        .code(2);
}

#[test]
fn dash_means_standard_input_and_output() {
    let template = stdout(&["template", "-q", "pulse", "--out", "-"], &[]);
    assert!(template.contains("questionnaire = \"pulse\""));
    let json = stdout(
        &[
            "score",
            "examples/pulse-2026-q3.toml",
            "--format",
            "json",
            "--out",
            "-",
        ],
        &[],
    );
    assert!(json.starts_with('{'));
    let text = std::fs::read_to_string("examples/pulse-2026-q3.toml").unwrap();
    common::tandem()
        .args(["check", "-"])
        .write_stdin(text)
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "-: ok (answers to pulse 1.0, complete)",
        ));
}
