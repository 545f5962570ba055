//! How a failed command reads (#25): the binary's edge names the step that failed
//! ("writing the report to …", anyhow's context) without naming the file twice, keeps
//! the library's exit code, and prints one line per problem and never a backtrace,
//! whatever RUST_BACKTRACE and RUST_LIB_BACKTRACE ask for.
//!
//! Every case runs in a temporary folder holding copies of the `bi` questionnaire and
//! its valid answers (tests/bad_inputs), so messages name short relative paths.
#![cfg(unix)]

mod common;

use common::{root, run};
use std::path::Path;

/// A command line, its exit code and its whole standard error.
type Case = (&'static [&'static str], i32, &'static [&'static str]);

const CASES: &[Case] = &[
    (
        &["score", "-q", "q.toml", "a.toml", "--out", "no/r.txt"],
        1,
        &["error: writing the report to no/r.txt: no such file or directory"],
    ),
    (
        &[
            "score",
            "-q",
            "q.toml",
            "a.toml",
            "-f",
            "csv",
            "--out",
            "a.toml/x/",
        ],
        1,
        &["error: writing the report to a.toml/x/: not a directory"],
    ),
    (
        &[
            "score",
            "-q",
            "q.toml",
            "a.toml",
            "--summary",
            "--out",
            "no/s.txt",
        ],
        1,
        &["error: writing the summary to no/s.txt: no such file or directory"],
    ),
    (
        &["template", "-q", "q.toml", "--out", "no/t.toml"],
        1,
        &["error: writing the template to no/t.toml: no such file or directory"],
    ),
    (
        &[
            "export",
            "q.toml",
            "--format",
            "surveyjs",
            "--out",
            "no/s.json",
        ],
        1,
        &["error: writing the SurveyJS survey to no/s.json: no such file or directory"],
    ),
    (
        &["import", "none.csv", "-q", "q.toml", "--out", "answers"],
        1,
        &["error: importing none.csv: no such file or directory"],
    ),
    (
        &["import", "r.csv", "-q", "q.toml", "--out", "a.toml"],
        1,
        &["error: writing the answers files to a.toml: file exists"],
    ),
    (
        &["import", "r.csv", "-q", "q.toml", "--out", "taken"],
        1,
        &[
            "error: writing the answers from r.csv:4 to taken/r-row00004.toml: is a directory, \
             expected a file",
        ],
    ),
    // Errors with no step added read as the library words them.
    (
        &["score", "-q", "q.toml", "none.toml"],
        1,
        &["error: none.toml: no such file or directory"],
    ),
    (
        &["score", "-q", "q.toml", "bad.toml"],
        1,
        &[
            "error: bad.toml:5:7: `icp`: 9 is out of range 1..5",
            "error: bad.toml:6:10: `metric`: unknown option `x` (expected one of: separate, joint)",
        ],
    ),
    (
        &["trend", "a.toml", "--format", "slides"],
        2,
        &[
            "error: --format slides is for `tandem score` (one respondent or a group); use \
             --format html for a trend",
        ],
    ),
];

/// The folder the cases run in: `q.toml`, `a.toml`, a bad answers file, one response
/// to `bi` as a CSV export, and a folder where that response's file would go.
fn workdir() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    let src = root().join("tests/bad_inputs");
    std::fs::copy(src.join("q-valid.toml"), d.path().join("q.toml")).unwrap();
    std::fs::copy(src.join("a-valid.toml"), d.path().join("a.toml")).unwrap();
    let bad = "questionnaire = \"bi\"\nversion = \"1.0\"\n\n[answers]\nicp = 9\nmetric = \"x\"\n";
    std::fs::write(d.path().join("bad.toml"), bad).unwrap();
    // The CSV template (a header and two comment rows), then one response: row 4.
    let template = run(&mut tandem_in(
        d.path(),
        &["export", "q.toml", "--format", "csv"],
    ));
    assert_eq!(template.code, Some(0), "{}", template.stderr);
    let csv = format!(
        "{}Ana,sales,2026-01-15,4,joint,waste,fine,S,A,split\n",
        template.stdout
    );
    std::fs::write(d.path().join("r.csv"), csv).unwrap();
    std::fs::create_dir_all(d.path().join("taken/r-row00004.toml")).unwrap();
    d
}

fn tandem_in(dir: &Path, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = common::tandem();
    cmd.current_dir(dir).env("NO_COLOR", "1").args(args);
    cmd
}

#[test]
fn errors_name_the_failed_step_keep_their_exit_code_and_never_show_a_backtrace() {
    let d = workdir();
    let settings: &[&[(&str, &str)]] = &[
        &[],
        &[("RUST_BACKTRACE", "full")],
        &[("RUST_LIB_BACKTRACE", "1")],
        &[("RUST_BACKTRACE", "1"), ("RUST_LIB_BACKTRACE", "full")],
    ];
    for (args, code, want) in CASES {
        for vars in settings {
            let mut cmd = tandem_in(d.path(), args);
            for (k, v) in *vars {
                cmd.env(k, v);
            }
            let r = run(&mut cmd);
            let got: Vec<&str> = r.stderr.lines().collect();
            assert_eq!(r.code, Some(*code), "{args:?} {vars:?}: {}", r.stderr);
            assert_eq!(&got, want, "{args:?} {vars:?}");
            assert!(r.stdout.is_empty(), "{args:?}: {}", r.stdout);
        }
    }
}

#[test]
fn the_import_in_these_cases_works_where_it_may_write() {
    // The export the cases use is a good one: their errors are the writes'.
    let d = workdir();
    let r = run(&mut tandem_in(
        d.path(),
        &["import", "r.csv", "-q", "q.toml", "--out", "fine"],
    ));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(d.path().join("fine/r-row00004.toml").is_file());
}
