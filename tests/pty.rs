//! End to end in a real pseudo-terminal: the whole default interview through the real
//! binary, and an interview interrupted with Ctrl-C, resumed and finished.
#![cfg(unix)]

use expectrl::process::unix::WaitStatus;
use expectrl::{Eof, Expect, Session};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::Duration;
use tandem::answers::{Answer, Chain};
use tandem::questionnaire::{self, Kind, Questionnaire};
use tandem::scoring;

const BIN: &str = env!("CARGO_BIN_EXE_tandem");

fn spawn(args: &[&str]) -> expectrl::session::OsSession {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .env_remove("RUST_BACKTRACE");
    let mut s = Session::spawn(cmd).expect("spawn in a pty");
    s.get_process_mut().set_window_size(100, 40).unwrap();
    // A hang guard: a prompt that never comes fails the test instead of stalling it.
    s.set_expect_timeout(Some(Duration::from_secs(30)));
    s
}

/// Answers questions `from..` as a person pressing Enter on every default would (a
/// comment for free text, a three-why chain for the five whys), following conditions.
/// Stops before question index `stop_at` if given. Returns the answers it gave.
fn walk(
    s: &mut expectrl::session::OsSession,
    q: &Questionnaire,
    sim: &mut BTreeMap<String, Answer>,
    from: usize,
    stop_at: Option<usize>,
) {
    let mut n = (0..from).filter(|&i| scoring::is_asked(q, i, sim)).count();
    for qi in from..q.questions.len() {
        if !scoring::is_asked(q, qi, sim) {
            continue;
        }
        if stop_at == Some(qi) {
            return;
        }
        n += 1;
        let question = &q.questions[qi];
        s.expect(format!("Question {n} of"))
            .unwrap_or_else(|e| panic!("question {n} ({}): {e}", question.id));
        let answer = match &question.kind {
            Kind::Single { options } => {
                s.send("\r").unwrap();
                Answer::Choice(options[0].id.clone())
            }
            Kind::Scale(sc) => {
                s.send("\r").unwrap();
                Answer::Value(sc.min + (sc.max - sc.min + 1) / 2)
            }
            Kind::Multi { .. } => {
                s.send("\r").unwrap();
                Answer::Choices(vec![])
            }
            Kind::Text => {
                s.expect("optional").unwrap();
                s.send("Agree one lead definition\r").unwrap();
                Answer::Text("Agree one lead definition".into())
            }
            Kind::FiveWhys { .. } => {
                s.expect("symptom of misalignment").unwrap();
                s.send("Leads go unanswered\r").unwrap();
                for (i, why) in [
                    "Sales doubts them",
                    "No agreed definition",
                    "Separate targets",
                ]
                .iter()
                .enumerate()
                {
                    s.expect(format!("Why? ({}/", i + 1)).unwrap();
                    s.send(format!("{why}\r")).unwrap();
                }
                s.expect("Why? (4/").unwrap();
                s.send("\r").unwrap();
                s.expect("Which root cause").unwrap();
                s.send("\r").unwrap();
                s.expect("Is this chain right?").unwrap();
                s.send("y").unwrap();
                Answer::Chain(Chain::default())
            }
        };
        sim.insert(question.id.clone(), answer);
    }
}

fn exit_code(s: &expectrl::session::OsSession) -> i32 {
    match s.get_process().wait().unwrap() {
        WaitStatus::Exited(_, code) => code,
        other => panic!("did not exit normally: {other:?}"),
    }
}

fn score_text(file: &Path) -> String {
    let out = Command::new(BIN)
        .args(["score", file.to_str().unwrap(), "--width", "100"])
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

fn alignment() -> Questionnaire {
    questionnaire::builtin("alignment").unwrap().load().unwrap()
}

#[test]
fn the_whole_default_interview_in_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pat.toml");
    let q = alignment();
    let mut s = spawn(&[
        "run",
        "--respondent",
        "Pat",
        "--role",
        "sales",
        "--date",
        "2026-11-22",
        "--out",
        file.to_str().unwrap(),
    ]);
    let mut sim = BTreeMap::new();
    walk(&mut s, &q, &mut sim, 0, None);
    s.expect("Answers saved to").unwrap();
    let rest = s.expect(Eof).unwrap();
    assert_eq!(exit_code(&s), 0);
    let printed = String::from_utf8_lossy(rest.get(0).unwrap_or_default()).replace("\r\n", "\n");

    let saved = std::fs::read_to_string(&file).unwrap();
    assert!(saved.contains("complete = true"), "{saved}");
    assert!(saved.contains("respondent = \"Pat\""));
    assert!(saved.contains("symptom = \"Leads go unanswered\""));
    // The report printed at the end is exactly what `tandem score` prints for the file.
    let expected = score_text(&file);
    assert!(
        printed.ends_with(&expected),
        "printed:\n{printed}\n\nscore:\n{expected}"
    );
    assert!(expected.contains("Root causes, most severe first"));
    assert!(expected.contains("complete"));
}

#[test]
fn ctrl_c_leaves_a_resumable_file_and_resume_finishes_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pat.toml");
    let straight = dir.path().join("straight.toml");
    let q = alignment();
    let args = |out: &Path| -> Vec<String> {
        [
            "run",
            "--respondent",
            "Pat",
            "--role",
            "sales",
            "--date",
            "2026-11-22",
            "--out",
        ]
        .iter()
        .map(|s| s.to_string())
        .chain([out.to_str().unwrap().to_string()])
        .collect()
    };

    // Interrupted at the tenth question.
    let a = args(&file);
    let mut s = spawn(&a.iter().map(String::as_str).collect::<Vec<_>>());
    let mut sim = BTreeMap::new();
    walk(&mut s, &q, &mut sim, 0, Some(9));
    s.expect("Question 10 of").unwrap();
    s.send("\x03").unwrap();
    s.expect("Interrupted: 9 answers saved in").unwrap();
    s.expect("tandem run --resume").unwrap();
    s.expect(Eof).unwrap();
    assert_eq!(exit_code(&s), 130);
    let partial = std::fs::read_to_string(&file).unwrap();
    assert!(partial.contains("complete = false"));
    let (_, q2, set) = tandem::load::read_answers(&file, tandem::load::Against::BUILTIN)
        .expect("the partial file is valid");
    assert_eq!(set.answers.len(), 9);
    assert_eq!(q2.id, "alignment");

    // Resume and finish.
    let mut s = spawn(&["run", "--resume", file.to_str().unwrap()]);
    s.expect("Resuming: 9 answers saved").unwrap();
    walk(&mut s, &q, &mut sim, 9, None);
    s.expect("Answers saved to").unwrap();
    s.expect(Eof).unwrap();
    assert_eq!(exit_code(&s), 0);

    // The same answers without the interruption give the same file, byte for byte.
    let a = args(&straight);
    let mut s = spawn(&a.iter().map(String::as_str).collect::<Vec<_>>());
    let mut sim = BTreeMap::new();
    walk(&mut s, &q, &mut sim, 0, None);
    s.expect(Eof).unwrap();
    assert_eq!(exit_code(&s), 0);
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        std::fs::read_to_string(&straight).unwrap()
    );
}

#[test]
fn resume_refuses_a_file_for_another_questionnaire_version() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("old.toml");
    std::fs::write(
        &file,
        "questionnaire = \"alignment\"\nversion = \"0.9\"\ncomplete = false\n[answers]\n",
    )
    .unwrap();
    let mut s = spawn(&["run", "--resume", file.to_str().unwrap()]);
    s.expect("version 0.9 of `alignment`, but the questionnaire is version")
        .unwrap();
    s.expect(Eof).unwrap();
    assert_eq!(exit_code(&s), 1);
}

#[test]
fn without_a_terminal_run_refuses_with_directions() {
    let out = Command::new(BIN)
        .arg("run")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("tandem template") && err.contains("tandem score"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        !err.contains("not a terminal"),
        "no raw library error: {err}"
    );
}

#[test]
fn ctrl_c_typed_between_two_prompts_still_stops_cleanly() {
    // Sent with the answer's Enter, the Ctrl-C reaches the terminal while the program
    // saves and draws the next question, not while a prompt is reading.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.toml");
    for _ in 0..5 {
        let _ = std::fs::remove_file(&file);
        let mut s = spawn(&[
            "run",
            "-q",
            "pulse",
            "--respondent",
            "P",
            "--role",
            "sales",
            "--out",
            file.to_str().unwrap(),
        ]);
        s.expect("Question 1 of").unwrap();
        s.send("\r\x03").unwrap();
        s.expect("Interrupted: 1 answer saved in").unwrap();
        s.expect(Eof).unwrap();
        assert_eq!(exit_code(&s), 130);
        assert!(
            std::fs::read_to_string(&file)
                .unwrap()
                .contains("p-icp = 3")
        );
    }
}
