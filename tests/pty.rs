//! End to end in a real pseudo-terminal: the whole default interview through the real
//! binary, an interview interrupted with Ctrl-C, resumed and finished, and what the
//! screen shows, read back through a terminal emulator (vt100) at the size the
//! program was given.
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

/// `args` in a 100×40 pseudo-terminal; `["__sh", LINE]` runs LINE with `sh -c`. The
/// size is set before the program starts.
fn spawn(args: &[&str]) -> expectrl::session::OsSession {
    let line = if args.first() == Some(&"__sh") {
        args[1].to_string()
    } else {
        let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
        format!("exec {BIN} {}", quoted.join(" "))
    };
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!("stty cols 100 rows 40 && {line}"));
    cmd.env("NO_COLOR", "1")
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
        // Lists start with nothing chosen: a number key chooses.
        let answer = match &question.kind {
            Kind::Single { options } => {
                s.expect("Esc back").unwrap();
                s.send("1").unwrap();
                Answer::Choice(options[0].id.to_string())
            }
            Kind::Scale(sc) => {
                let v = sc.min + (sc.max - sc.min + 1) / 2;
                s.expect("Esc back").unwrap();
                s.send(v.to_string()).unwrap();
                Answer::Value(v)
            }
            Kind::Multi { .. } => {
                s.expect("Esc back").unwrap();
                s.send("\r").unwrap();
                s.expect("none of these apply?").unwrap();
                s.send("y").unwrap();
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
        sim.insert(question.id.to_string(), answer);
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
    // The report goes to a file (as with `| tee`); prompts stay on the terminal.
    let line = format!(
        "exec {BIN} run --respondent Pat --role sales --date 2026-11-22 --out {} > {}",
        file.display(),
        dir.path().join("report.txt").display()
    );
    let mut s = spawn(&["__sh", &line]);
    let mut sim = BTreeMap::new();
    walk(&mut s, &q, &mut sim, 0, None);
    s.expect("Review your answers").unwrap();
    s.send("\r").unwrap();
    s.expect("Answers saved to").unwrap();
    s.expect(Eof).unwrap();
    assert_eq!(exit_code(&s), 0);
    let printed = String::from_utf8_lossy(&std::fs::read(dir.path().join("report.txt")).unwrap())
        .into_owned();

    let saved = std::fs::read_to_string(&file).unwrap();
    assert!(saved.contains("complete = true"), "{saved}");
    assert!(saved.contains("respondent = \"Pat\""));
    assert!(saved.contains("symptom = \"Leads go unanswered\""));
    // The report printed at the end is exactly what `tandem score` prints for the file.
    let expected = score_text(&file);
    assert_eq!(printed, expected);
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
    s.expect("Review your answers").unwrap();
    s.send("\r").unwrap();
    s.expect("Answers saved to").unwrap();
    s.expect(Eof).unwrap();
    assert_eq!(exit_code(&s), 0);

    // The same answers without the interruption give the same file, byte for byte.
    let a = args(&straight);
    let mut s = spawn(&a.iter().map(String::as_str).collect::<Vec<_>>());
    let mut sim = BTreeMap::new();
    walk(&mut s, &q, &mut sim, 0, None);
    s.expect("Review your answers").unwrap();
    s.send("\r").unwrap();
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
        s.expect("Esc back").unwrap();
        s.send("3\x03").unwrap();
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

/// A session whose every byte of output is kept, to be read back as a screen.
struct Pty {
    s: expectrl::session::OsSession,
    log: Vec<u8>,
    cols: u16,
}

impl Pty {
    /// `args` in a `cols`×24 pseudo-terminal without `COLUMNS`, from `dir`.
    fn spawn(args: &[&str], cols: u16, dir: &Path) -> Pty {
        let mut line = format!("exec {BIN}");
        for a in args {
            line.push_str(&format!(" '{a}'"));
        }
        Pty::spawn_sh(&line, cols, dir)
    }

    /// The shell command `line` in a `cols`×24 pseudo-terminal. The size is set before
    /// the program starts (a resize after the spawn may come after it looked).
    fn spawn_sh(line: &str, cols: u16, dir: &Path) -> Pty {
        let mut cmd = Command::new("sh");
        cmd.arg("-c")
            .arg(format!("stty cols {cols} rows 24 && {line}"))
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .env_remove("COLUMNS")
            .env_remove("RUST_BACKTRACE");
        let mut s = Session::spawn(cmd).expect("spawn in a pty");
        s.get_process_mut().set_window_size(cols, 24).unwrap();
        s.set_expect_timeout(Some(Duration::from_secs(30)));
        Pty {
            s,
            log: Vec::new(),
            cols,
        }
    }

    fn expect(&mut self, needle: &str) {
        let c = self
            .s
            .expect(needle)
            .unwrap_or_else(|e| panic!("waiting for {needle:?}: {e}\n{}", self.screen()));
        self.log.extend_from_slice(c.as_bytes());
    }

    fn send(&mut self, keys: &str) {
        self.s.send(keys).unwrap();
    }

    fn eof(&mut self) -> i32 {
        let c = self.s.expect(Eof).unwrap();
        self.log.extend_from_slice(c.as_bytes());
        exit_code(&self.s)
    }

    /// Everything printed so far, as a terminal `cols` wide shows it (tall enough that
    /// nothing scrolls away), one string per row, trailing blanks trimmed.
    fn rows(&self) -> Vec<String> {
        let size = |n: u16| std::num::NonZeroU16::new(n).expect("not zero");
        let mut p = vt100::Parser::new(size(2000), size(self.cols), 0);
        p.process(&self.log);
        let mut rows: Vec<String> = p
            .screen()
            .rows(0, self.cols)
            .map(|r| r.trim_end().to_string())
            .collect();
        while rows.last().is_some_and(|r| r.is_empty()) {
            rows.pop();
        }
        rows
    }

    fn screen(&self) -> String {
        self.rows().join("\n")
    }

    /// The screen's words in order, joined by single spaces: text the program wrapped
    /// reads as it was written, a word the terminal broke does not.
    fn words(&self) -> String {
        self.rows()
            .iter()
            .flat_map(|r| r.split_whitespace().map(str::to_string).collect::<Vec<_>>())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn wide() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/wide.toml")
        .display()
        .to_string()
}

/// `run` on tests/data/wide.toml as respondent P in sales, saving to `out`.
fn run_wide(out: &Path, cols: u16, dir: &Path) -> Pty {
    let q = wide();
    Pty::spawn(
        &[
            "run",
            "-q",
            &q,
            "--respondent",
            "P",
            "--role",
            "sales",
            "--out",
            out.to_str().unwrap(),
        ],
        cols,
        dir,
    )
}

/// Answers the first four questions of wide.toml: the long option, one tick, a 4 and a
/// comment longer than a line.
fn answer_wide_first_four(p: &mut Pty, comment: &str) {
    p.expect("Question 1 of 5");
    p.expect("Esc back");
    p.send("2");
    p.expect("Question 2 of 5");
    p.expect("Esc back");
    p.send("1");
    p.send("\r");
    p.expect("Question 3 of 5");
    p.expect("Esc back");
    p.send("4");
    p.expect("Question 4 of 5");
    p.expect("goes back");
    p.send(comment);
    p.send("\r");
    p.expect("The symptom of misalignment");
    p.expect("goes back");
}

const LONG_COMMENT: &str =
    "Agree one lead definition and one revenue target for both teams this year";

#[test]
fn at_forty_columns_long_prompts_and_answers_wrap_by_word_and_leave_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.toml");
    let mut p = run_wide(&file, 40, dir.path());
    answer_wide_first_four(&mut p, LONG_COMMENT);
    p.send("\x03");
    assert_eq!(p.eof(), 130);
    let rows = p.rows();
    // Nothing the interview draws reaches the last column, so the terminal never wraps
    // a line itself (the closing "Interrupted" line holds a command to copy: unwrapped).
    for r in rows.iter().take_while(|r| !r.starts_with("Interrupted")) {
        assert!(
            console::measure_text_width(r) < 40,
            "a row fills the terminal: {r:?}\n{}",
            p.screen()
        );
    }
    let words = p.words();
    // The long option label is whole: no word broken across rows.
    assert!(
        words.contains(
            "Always: every campaign is planned and measured against the quarterly pipeline that sales commits to"
        ),
        "{}",
        p.screen()
    );
    assert!(words.contains("goals that match sales targets for the same quarter"));
    // Each answered prompt stays once, as its answered line; no fragment is left.
    assert_eq!(
        words.matches("Marketing measures its campaigns").count(),
        1,
        "{}",
        p.screen()
    );
    assert_eq!(
        words.matches("quarter and region").count(),
        1,
        "{}",
        p.screen()
    );
    // The comment longer than a line shows once, not with a duplicated half line.
    assert_eq!(words.matches("this year").count(), 1, "{}", p.screen());
    assert_eq!(
        words.matches("one revenue target").count(),
        1,
        "{}",
        p.screen()
    );
    // The item ticked with its number key is the answer.
    assert!(words.contains("✔ Which of these do both teams use? · One CRM"));
}

#[test]
fn the_current_row_has_a_pointer_and_rows_are_drawn_once() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.toml");
    let mut p = run_wide(&file, 40, dir.path());
    p.expect("Question 1 of 5");
    p.expect("Esc back");
    p.send("2");
    p.expect("Question 2 of 5");
    p.expect("Esc back");
    p.send("\x1b[B"); // down to "One dashboard"
    p.expect("[ ] 2. One dashboard");
    p.send(" ");
    p.expect("[x] 2. One dashboard");
    p.expect("Esc back");
    let screen = p.screen();
    assert!(screen.contains("> [x] 2. One dashboard"), "{screen}");
    assert!(screen.contains("  [ ] 1. One CRM"), "{screen}");
    // Redraws replace the list: each row is on screen once.
    assert_eq!(screen.matches("One CRM").count(), 1, "{screen}");
    assert_eq!(screen.matches("A weekly call").count(), 1, "{screen}");
    p.send("\x03");
    assert_eq!(p.eof(), 130);
}

#[test]
fn below_forty_columns_run_refuses_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.toml");
    let mut p = run_wide(&file, 39, dir.path());
    p.expect("needs a terminal at least 40 columns wide, and this one is 39");
    assert_eq!(p.eof(), 2);
    assert!(!file.exists(), "nothing was saved");
}

#[test]
fn esc_in_the_five_whys_steps_back_and_keeps_the_chain() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.toml");
    let mut p = run_wide(&file, 80, dir.path());
    answer_wide_first_four(&mut p, "x");
    for (i, why) in [
        "Leads go unanswered",
        "Sales doubts them",
        "No definition",
        "Split targets",
    ]
    .iter()
    .enumerate()
    {
        if i > 0 {
            p.expect(&format!("Why? ({i}/5"));
            p.expect("goes back");
        }
        p.send(why);
        p.send("\r");
    }
    p.expect("Why? (4/5");
    p.expect("goes back");
    p.send("\r");
    p.expect("Which root cause");
    p.expect("Esc back");
    // Esc at the cause list: back to the prompt that ended the chain.
    p.send("\x1b");
    p.expect("Why? (4/5");
    p.expect("goes back");
    p.send("\r");
    p.expect("Which root cause");
    p.expect("Esc back");
    p.send("2");
    p.expect("Is this chain right?");
    p.expect("Esc back");
    // Esc at the confirmation: back to the cause list, the chain kept.
    p.send("\x1b");
    p.expect("Which root cause");
    p.expect("Esc back");
    let saved = std::fs::read_to_string(&file).unwrap();
    assert!(
        saved.contains("symptom = \"Leads go unanswered\""),
        "{saved}"
    );
    assert!(saved.contains("\"Split targets\""), "{saved}");
    assert!(saved.contains("cause = \"no-definition\""), "{saved}");
    p.send("\r");
    p.expect("Is this chain right?");
    p.send("y");
    p.expect("Review your answers");
    p.send("\x03");
    assert_eq!(p.eof(), 130);
    let saved = std::fs::read_to_string(&file).unwrap();
    assert!(
        saved.contains(
            "whys = [\n  \"Sales doubts them\",\n  \"No definition\",\n  \"Split targets\",\n]"
        ),
        "{saved}"
    );
}

#[test]
fn typing_less_than_steps_back_one_why_with_its_text() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.toml");
    let mut p = run_wide(&file, 80, dir.path());
    answer_wide_first_four(&mut p, "x");
    p.send("Leads go unanswered\r");
    p.expect("Why? (1/5");
    p.expect("goes back");
    p.send("Sales doubts them\r");
    p.expect("Why? (2/5");
    p.expect("goes back");
    p.send("<\r");
    // Why 1 again, filled in with what was typed.
    p.expect("Why? (1/5");
    p.expect("goes back");
    let screen = p.screen();
    assert!(
        screen.ends_with("> Sales doubts them\nEnter confirms · Esc or < goes back"),
        "{screen}"
    );
    assert!(
        !screen.contains("· <"),
        "the < is not kept as an answer: {screen}"
    );
    // Interrupted here: the chain typed so far is in the file.
    p.send("\x03");
    assert_eq!(p.eof(), 130);
    let saved = std::fs::read_to_string(&file).unwrap();
    assert!(
        saved.contains("symptom = \"Leads go unanswered\""),
        "{saved}"
    );
    assert!(
        saved.contains("whys = [\n  \"Sales doubts them\",\n]"),
        "{saved}"
    );
}

#[test]
fn a_second_interview_on_the_same_file_is_refused_while_the_first_runs() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.toml");
    let mut first = run_wide(&file, 80, dir.path());
    first.expect("Question 1 of 5");
    first.expect("Esc back");
    // A second --out on the same path, and a --resume of it: both refused at once.
    let mut second = run_wide(&file, 200, dir.path());
    second.expect("another `tandem run` is saving answers to this file");
    assert_eq!(second.eof(), 1);
    // One message, before anything is asked.
    assert_eq!(
        second.words(),
        format!(
            "error: {}: another `tandem run` is saving answers to this file; finish or stop that interview first",
            file.display()
        )
    );
    let q = wide();
    let mut third = Pty::spawn(
        &["run", "-q", &q, "--resume", file.to_str().unwrap()],
        80,
        dir.path(),
    );
    third.expect("another `tandem run` is saving answers to this file");
    assert_eq!(third.eof(), 1);
    // The first goes on and saves; once it has stopped, resuming works.
    first.send("2");
    first.expect("Question 2 of 5");
    first.send("\x03");
    assert_eq!(first.eof(), 130);
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("goals = \"always\"")
    );
    let mut again = Pty::spawn(
        &["run", "-q", &q, "--resume", file.to_str().unwrap()],
        80,
        dir.path(),
    );
    again.expect("Resuming: 1 answers saved");
    again.send("\x03");
    assert_eq!(again.eof(), 130);
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        left,
        vec!["w.toml".to_string()],
        "no lock file is left behind"
    );
}

#[test]
fn the_resume_hint_for_a_questionnaire_file_works_as_printed() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.toml");
    let mut p = run_wide(&file, 200, dir.path());
    p.expect("Question 1 of 5");
    p.expect("Esc back");
    p.send("1");
    p.expect("Question 2 of 5");
    p.send("\x03");
    p.expect("Continue with: ");
    assert_eq!(p.eof(), 130);
    let screen = p.screen();
    let hint = screen
        .lines()
        .find_map(|l| l.split("Continue with: ").nth(1))
        .unwrap()
        .trim()
        .to_string();
    assert_eq!(
        hint,
        format!("tandem run -q {} --resume {}", wide(), file.display())
    );
    // Exactly as printed (the paths hold no spaces), it resumes.
    let words: Vec<&str> = hint.split(' ').skip(1).collect();
    let mut r = Pty::spawn(&words, 200, dir.path());
    r.expect("Resuming: 1 answers saved");
    r.expect("Question 2 of 5");
    r.send("\x03");
    assert_eq!(r.eof(), 130);
}

#[test]
fn roles_are_chosen_with_what_each_means() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = Pty::spawn(&["run", "--respondent", "P"], 80, dir.path());
    p.expect("Your role");
    p.expect("Esc back");
    let words = p.words();
    assert!(
        words.contains(
            "2. Marketing: You work in or lead marketing (a CMO who runs marketing only picks this)"
        ),
        "{}",
        p.screen()
    );
    assert!(words.contains("3. Leadership: You are responsible for sales and marketing together"));
    // Nothing is chosen until the respondent chooses: Enter alone asks to choose.
    p.send("\r");
    p.expect("Nothing is chosen yet");
    p.send("\x03");
    assert_eq!(p.eof(), 130);
}

#[test]
fn the_end_reviews_every_answer_then_the_report_then_the_file_and_next_steps() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.toml");
    let mut p = run_wide(&file, 80, dir.path());
    // The comment left blank: counts must still add up to 5.
    answer_wide_first_four(&mut p, "");
    p.send("Leads go unanswered\r");
    for i in 1..=3 {
        p.expect(&format!("Why? ({i}/5"));
        p.expect("goes back");
        p.send(&format!("reason {i}\r"));
    }
    p.expect("Why? (4/5");
    p.expect("goes back");
    p.send("\r");
    p.expect("Which root cause");
    p.expect("Esc back");
    p.send("1");
    p.expect("Is this chain right?");
    p.send("y");
    p.expect("Review your answers");
    p.expect("Esc back");
    let words = p.words();
    for n in 1..=5 {
        assert!(
            words.contains(&format!(" {n}. ")),
            "answer {n} listed: {}",
            p.screen()
        );
    }
    assert!(words.contains("3. How confident are you in the shared numbers? — 4"));
    // Change answer 3 from the review, then finish.
    p.send("3");
    p.expect("How confident are you");
    p.expect("Esc back");
    p.send("2");
    p.expect("Review your answers");
    p.expect("Esc back");
    p.send("\r");
    p.expect("Answers saved to");
    assert_eq!(p.eof(), 0);
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("confidence = 2")
    );
    let screen = p.screen();
    let report_end = screen.find("Root causes").expect("the report is printed");
    let saved_at = screen.rfind("Answers saved to").unwrap();
    assert!(saved_at > report_end, "the file is named after the report");
    // The commands are printed whole, to be copied (the terminal may wrap them).
    let raw = String::from_utf8_lossy(&p.log).into_owned();
    let tail = &raw[raw.rfind("Answers saved to").unwrap()..];
    assert!(
        tail.contains(&format!(
            "tandem score -q {} {} --format html --out {}",
            wide(),
            file.display(),
            file.with_extension("html").display()
        )),
        "{tail}"
    );
    // The counts add up to the questions: the blank comment is counted.
    assert!(
        screen.contains("4 answered, 1 left blank (optional) of 5 questions"),
        "{screen}"
    );
}

#[test]
fn a_piped_report_is_as_wide_as_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.toml");
    let report = dir.path().join("report.txt");
    let line = format!(
        "exec {BIN} run -q {} --respondent P --role sales --out {} | cat > {}",
        wide(),
        file.display(),
        report.display()
    );
    let mut p = Pty::spawn_sh(&line, 60, dir.path());
    answer_wide_first_four(&mut p, "x");
    p.send("Leads go unanswered\r");
    for i in 1..=3 {
        p.expect(&format!("Why? ({i}/5"));
        p.expect("goes back");
        p.send(&format!("reason {i}\r"));
    }
    p.expect("Why? (4/5");
    p.expect("goes back");
    p.send("\r");
    p.expect("Which root cause");
    p.expect("Esc back");
    p.send("1");
    p.expect("Is this chain right?");
    p.send("y");
    p.expect("Review your answers");
    p.expect("Esc back");
    p.send("\r");
    assert_eq!(p.eof(), 0);
    let printed = std::fs::read_to_string(&report).unwrap();
    let at_60 = Command::new(BIN)
        .args([
            "score",
            "-q",
            &wide(),
            file.to_str().unwrap(),
            "--width",
            "60",
        ])
        .output()
        .unwrap();
    assert_eq!(printed, String::from_utf8(at_60.stdout).unwrap());
    let at_100 = score_text_q(&file);
    assert_ne!(
        printed, at_100,
        "not the 100 columns used without a terminal"
    );
}

fn score_text_q(file: &Path) -> String {
    let out = Command::new(BIN)
        .args([
            "score",
            "-q",
            &wide(),
            file.to_str().unwrap(),
            "--width",
            "100",
        ])
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_statement_is_bold_help_is_dim_and_progress_shows_section_and_time_left() {
    let dir = tempfile::tempdir().unwrap();
    let q = alignment();
    let mut p = Pty::spawn(
        &[
            "--color",
            "always",
            "run",
            "--respondent",
            "P",
            "--role",
            "sales",
            "--out",
            "a.toml",
        ],
        100,
        dir.path(),
    );
    p.expect("Question 1 of");
    p.expect("Esc back");
    let raw = String::from_utf8_lossy(&p.log).into_owned();
    let first = &q.questions[0];
    assert!(
        raw.contains(&format!("\x1b[1m{}", &first.text[..20])),
        "the statement is bold: {raw:?}"
    );
    assert!(
        raw.contains(&format!("\x1b[2m{}", &first.help[..20])),
        "the help is dim: {raw:?}"
    );
    assert!(
        p.words().contains("Question 1 of 52 · about "),
        "{}",
        p.words()
    );
    // The first two questions (the ladder) are in no section; the third opens one.
    assert!(first.dimension.is_none() && q.questions[2].dimension.is_some());
    p.send("1");
    p.expect("Question 2 of");
    p.expect("Esc back");
    p.send("1");
    p.expect("Question 3 of");
    p.expect("Esc back");
    let words = p.words();
    assert!(words.contains("── Section 1 of "), "{words}");
    assert!(
        words.contains("Question 3 of 52 · section 1 of "),
        "{words}"
    );
    assert!(words.contains(" min left"), "{words}");
    p.send("\x03");
    assert_eq!(p.eof(), 130);
}
