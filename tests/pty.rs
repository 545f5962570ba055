//! End to end in a real pseudo-terminal: the whole default interview through the real
//! binary, an interview interrupted with Ctrl-C, resumed and finished, and what the
//! screen shows, read back through a terminal emulator (vt100) at the size the
//! program was given. The classes of defect of #26 (lost, invented, garbled,
//! overwritten, plain terminals) have their own tests in pty_classes.rs.
#![cfg(unix)]

mod pty_support;

use pty_support::{BIN, Pty, choose, data};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use tandem::answers::{Answer, Chain};
use tandem::questionnaire::{self, Kind, Questionnaire};
use tandem::scoring;

/// Answers questions `from..` as a person would with the arrows and Enter (the first
/// option, a scale's middle, nothing ticked, a comment, a three-why chain tagged with
/// the first cause), following conditions. Stops before question index `stop_at` if
/// given. Returns the answers it gave.
fn walk(
    s: &mut Pty,
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
        s.expect(&format!("Question {n} of"));
        let answer = match &question.kind {
            Kind::Single { options } => {
                s.expect("Esc back");
                s.send(&choose(0));
                Answer::Choice(options[0].id.to_string())
            }
            Kind::Scale(sc) => {
                let v = sc.min + (sc.max - sc.min + 1) / 2;
                s.expect("Esc back");
                s.send(&choose((v - sc.min) as usize));
                Answer::Value(v)
            }
            Kind::Multi { .. } => {
                s.expect("Esc back");
                s.send("\r");
                s.expect("none of these apply?");
                s.send("y");
                Answer::Choices(vec![])
            }
            Kind::Text => {
                s.expect("optional");
                s.send("Agree one lead definition\r");
                Answer::Text("Agree one lead definition".into())
            }
            Kind::FiveWhys { .. } => {
                s.expect("symptom of misalignment");
                s.send("Leads go unanswered\r");
                for (i, why) in [
                    "Sales doubts them",
                    "No agreed definition",
                    "Separate targets",
                ]
                .iter()
                .enumerate()
                {
                    s.expect(&format!("Why? ({}/", i + 1));
                    s.send(&format!("{why}\r"));
                }
                s.expect("Why? (4/");
                s.send("\r");
                s.expect("Which root cause");
                s.expect("Esc back");
                s.send(&choose(0));
                s.expect("Is this chain right?");
                s.send("y");
                Answer::Chain(Chain::default())
            }
        };
        sim.insert(question.id.to_string(), answer);
    }
}

fn score_text(file: &Path, extra: &[&str], width: &str) -> String {
    let out = Command::new(BIN)
        .arg("score")
        .args(extra)
        .args([file.to_str().unwrap(), "--width", width])
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

fn alignment() -> Questionnaire {
    questionnaire::builtin("alignment").unwrap().load().unwrap()
}

/// `run` for respondent Pat in sales on 2026-11-22, saving to `out`, at 100×40.
fn run_pat(out: &Path, dir: &Path) -> Pty {
    Pty::spawn(
        &[
            "run",
            "--respondent",
            "Pat",
            "--role",
            "sales",
            "--date",
            "2026-11-22",
            "--out",
            out.to_str().unwrap(),
        ],
        100,
        40,
        dir,
    )
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
    let mut s = Pty::spawn_sh(
        &line,
        100,
        40,
        dir.path(),
        &[
            ("TERM", pty_support::TERM),
            ("NO_COLOR", "1"),
            ("COLUMNS", "100"),
        ],
    );
    let mut sim = BTreeMap::new();
    walk(&mut s, &q, &mut sim, 0, None);
    s.expect("Review your answers");
    s.send("\r");
    s.expect("Answers saved to");
    assert_eq!(s.eof(), 0);
    let printed = String::from_utf8_lossy(&std::fs::read(dir.path().join("report.txt")).unwrap())
        .into_owned();

    let saved = std::fs::read_to_string(&file).unwrap();
    assert!(saved.contains("complete = true"), "{saved}");
    assert!(saved.contains("respondent = \"Pat\""));
    assert!(saved.contains("symptom = \"Leads go unanswered\""));
    // The report printed at the end is exactly what `tandem score` prints for the file.
    let expected = score_text(&file, &[], "100");
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

    // Interrupted at the tenth question.
    let mut s = run_pat(&file, dir.path());
    let mut sim = BTreeMap::new();
    walk(&mut s, &q, &mut sim, 0, Some(9));
    s.expect("Question 10 of");
    s.expect("Esc back");
    s.send("\x03");
    s.expect("Interrupted: 9 answers saved in");
    s.expect("tandem run --resume");
    assert_eq!(s.eof(), 130);
    let partial = std::fs::read_to_string(&file).unwrap();
    assert!(partial.contains("complete = false"));
    let (_, q2, set) = tandem::load::read_answers(&file, tandem::load::Against::BUILTIN)
        .expect("the partial file is valid");
    assert_eq!(set.answers.len(), 9);
    assert_eq!(q2.id, "alignment");

    // Resume and finish.
    let mut s = Pty::spawn(
        &["run", "--resume", file.to_str().unwrap()],
        100,
        40,
        dir.path(),
    );
    s.expect("Resuming: 9 answers saved");
    walk(&mut s, &q, &mut sim, 9, None);
    s.expect("Review your answers");
    s.send("\r");
    s.expect("Answers saved to");
    assert_eq!(s.eof(), 0);

    // The same answers without the interruption give the same file, byte for byte.
    let mut s = run_pat(&straight, dir.path());
    let mut sim = BTreeMap::new();
    walk(&mut s, &q, &mut sim, 0, None);
    s.expect("Review your answers");
    s.send("\r");
    assert_eq!(s.eof(), 0);
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
    let mut s = Pty::spawn(
        &["run", "--resume", file.to_str().unwrap()],
        100,
        40,
        dir.path(),
    );
    s.expect("version 0.9 of `alignment`, but the questionnaire is version");
    assert_eq!(s.eof(), 1);
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
        let mut s = Pty::spawn(
            &[
                "run",
                "-q",
                "pulse",
                "--respondent",
                "P",
                "--role",
                "sales",
                "--out",
                file.to_str().unwrap(),
            ],
            100,
            40,
            dir.path(),
        );
        s.expect("Esc back");
        s.send(&format!("{}\x03", choose(2)));
        s.expect("Interrupted: 1 answer saved in");
        assert_eq!(s.eof(), 130);
        assert!(
            std::fs::read_to_string(&file)
                .unwrap()
                .contains("p-icp = 3")
        );
    }
}

/// `run` on tests/data/wide.toml as respondent P in sales, saving to `out`.
fn run_wide(out: &Path, cols: u16, dir: &Path) -> Pty {
    let q = data("wide.toml");
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
        24,
        dir,
    )
}

/// Answers the first four questions of wide.toml: the long option, one tick, a 4 and a
/// comment longer than a line.
fn answer_wide_first_four(p: &mut Pty, comment: &str) {
    p.expect("Question 1 of 5");
    p.expect("Esc back");
    p.send(&choose(1));
    p.expect("Question 2 of 5");
    p.expect("Esc back");
    p.send(" \r"); // a checklist starts on its first item
    p.expect("Question 3 of 5");
    p.expect("Esc back");
    p.send(&choose(3));
    p.expect("Question 4 of 5");
    p.expect("to go back");
    p.send(comment);
    p.send("\r");
    p.expect("The symptom of misalignment");
    p.expect("to go back");
}

const LONG_COMMENT: &str =
    "Agree one lead definition and one revenue target for both teams this year";

#[test]
fn at_forty_columns_long_prompts_and_answers_wrap_by_word_and_leave_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.toml");
    let mut p = run_wide(&file, 40, dir.path());
    p.expect("Question 1 of 5");
    p.expect("Esc back");
    p.settle();
    // Nothing the interview draws reaches the last column, so the terminal never wraps
    // a line itself; the long option label is whole, no word broken across rows.
    for r in p.now() {
        assert!(
            console::measure_text_width(&r) < 40,
            "a row fills the terminal: {r:?}\n{}",
            p.now().join("\n")
        );
    }
    assert!(
        p.words().contains(
            "Always: every campaign is planned and measured against the quarterly pipeline that sales commits to"
        ),
        "{}",
        p.screen()
    );
    assert!(
        p.words()
            .contains("goals that match sales targets for the same quarter")
    );
    p.send(&choose(1));
    p.expect("Question 2 of 5");
    p.expect("Esc back");
    p.send(" \r"); // a checklist starts on its first item
    p.expect("Question 3 of 5");
    p.expect("Esc back");
    p.send(&choose(3));
    p.expect("Question 4 of 5");
    p.expect("to go back");
    // The comment longer than a line, typed and edited where it wraps.
    p.send(LONG_COMMENT);
    p.send("\x7f\x7f\x7f\x7fyear");
    p.settle();
    // The text being typed runs on from row to row, once.
    let rows = p.now();
    let at = rows.iter().position(|r| r.starts_with("> ")).unwrap();
    let typed = rows[at..].concat();
    assert_eq!(typed, format!("> {LONG_COMMENT}"), "{}", rows.join("\n"));
    p.send("\r");
    p.expect("The symptom of misalignment");
    p.expect("to go back");
    p.settle();
    // A page of its own: nothing of the last question is left on the screen.
    let now = p.now().join("\n");
    assert!(!now.contains("one revenue target"), "{now}");
    assert!(!now.contains("If you could change"), "{now}");
    p.send("\x03");
    assert_eq!(p.eof(), 130);
    let saved = std::fs::read_to_string(&file).unwrap();
    assert!(
        saved.contains(&format!("change = \"{LONG_COMMENT}\"")),
        "{saved}"
    );
    assert!(saved.contains("channels = [\"crm\"]"), "{saved}");
}

#[test]
fn the_current_row_has_a_pointer_and_rows_are_drawn_once() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.toml");
    let mut p = run_wide(&file, 40, dir.path());
    p.expect("Question 1 of 5");
    p.expect("Esc back");
    p.send(&choose(1));
    p.expect("Question 2 of 5");
    p.expect("Esc back");
    // A checklist starts on its first item (nothing ticked): down to "One dashboard".
    p.send("\x1b[B");
    p.send(" ");
    p.expect("> [x] One dashboard");
    p.settle();
    let screen = p.now().join("\n");
    assert!(screen.contains("  [ ] One CRM"), "{screen}");
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
fn esc_in_the_lists_of_the_five_whys_steps_back_and_keeps_the_chain() {
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
            p.expect("to go back");
        }
        p.send(why);
        p.send("\r");
    }
    p.expect("Why? (4/5");
    p.expect("to go back");
    p.send("\r");
    p.expect("Which root cause");
    p.expect("Esc back");
    // Esc at the cause list: back to the prompt that ended the chain.
    p.send("\x1b");
    p.expect("Why? (4/5");
    p.expect("to go back");
    p.send("\r");
    p.expect("Which root cause");
    p.expect("Esc back");
    p.send(&choose(1));
    p.expect("Is this chain right?");
    p.expect("Esc back");
    // Esc at the confirmation: back to the cause list, the chain kept, the cause
    // chosen highlighted.
    p.send("\x1b");
    p.expect("Which root cause");
    p.expect("Esc back");
    p.expect("> No lead definition");
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
    p.expect("to go back");
    p.send("Sales doubts them\r");
    p.expect("Why? (2/5");
    p.expect("to go back");
    p.send("<\r");
    // Why 1 again, filled in with what was typed.
    p.expect("Why? (1/5");
    p.expect("to go back");
    p.settle();
    let screen = p.now().join("\n");
    assert!(
        screen.ends_with("Enter confirms · type < and Enter to go back\n> Sales doubts them"),
        "{screen}"
    );
    assert!(
        screen.contains("Symptom: Leads go unanswered"),
        "the chain so far is on the page: {screen}"
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
    let q = data("wide.toml");
    let mut third = Pty::spawn(
        &["run", "-q", &q, "--resume", file.to_str().unwrap()],
        80,
        24,
        dir.path(),
    );
    third.expect("another `tandem run` is saving answers to this file");
    assert_eq!(third.eof(), 1);
    // The first goes on and saves; once it has stopped, resuming works.
    first.send(&choose(1));
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
        24,
        dir.path(),
    );
    again.expect("Resuming: 1 answers saved");
    again.expect("Esc back");
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

/// The command a message prints after "Continue with:", its continuation lines joined.
fn printed_command(rows: &[String], after: &str) -> String {
    let at = rows
        .iter()
        .position(|r| r.contains(after))
        .unwrap_or_else(|| panic!("{after:?} in {rows:#?}"));
    let mut cmd = Vec::new();
    for r in &rows[at + 1..] {
        let line = r.trim();
        cmd.push(line.trim_end_matches('\\').trim().to_string());
        if !line.ends_with('\\') {
            break;
        }
    }
    cmd.join(" ")
}

#[test]
fn the_resume_hint_for_a_questionnaire_file_works_as_printed() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.toml");
    for cols in [200, 40] {
        let _ = std::fs::remove_file(&file);
        let mut p = run_wide(&file, cols, dir.path());
        p.expect("Question 1 of 5");
        p.expect("Esc back");
        p.send(&choose(0));
        p.expect("Question 2 of 5");
        p.expect("Esc back");
        p.send("\x03");
        p.expect("Continue with:");
        assert_eq!(p.eof(), 130);
        let rows = p.lines();
        let hint = printed_command(&rows, "Continue with:");
        assert_eq!(
            hint,
            format!(
                "tandem run -q {} --resume {}",
                data("wide.toml"),
                file.display()
            )
        );
        // Exactly as printed (the paths hold no spaces), it resumes.
        let words: Vec<&str> = hint.split(' ').skip(1).collect();
        let mut r = Pty::spawn(&words, 200, 24, dir.path());
        r.expect("Resuming: 1 answers saved");
        r.expect("Question 2 of 5");
        r.expect("Esc back");
        r.send("\x03");
        assert_eq!(r.eof(), 130);
    }
}

#[test]
fn roles_are_chosen_with_what_each_means_and_nothing_is_chosen_for_you() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = Pty::spawn(&["run", "--respondent", "P"], 80, 24, dir.path());
    p.expect("Your role");
    p.expect("Esc back");
    p.settle();
    let words = p.words();
    assert!(
        words.contains(
            "Marketing: You work in or lead marketing (a CMO who runs marketing only picks this)"
        ),
        "{}",
        p.screen()
    );
    assert!(words.contains("Leadership: You are responsible for sales and marketing together"));
    // Nothing is chosen until the respondent chooses: no row has the pointer, and
    // Enter alone chooses nothing.
    assert!(
        !p.now().iter().any(|r| r.starts_with("> ")),
        "{}",
        p.now().join("\n")
    );
    p.send("\r");
    p.settle();
    assert!(
        p.now().iter().any(|r| r == "Your role"),
        "{}",
        p.now().join("\n")
    );
    assert!(
        !p.now().iter().any(|r| r.starts_with("> ")),
        "{}",
        p.now().join("\n")
    );
    p.send("\x03");
    assert_eq!(p.eof(), 130);
}

/// Answers the five whys of wide.toml with three reasons, tagged with the first cause.
fn three_whys(p: &mut Pty) {
    p.send("Leads go unanswered\r");
    for i in 1..=3 {
        p.expect(&format!("Why? ({i}/5"));
        p.expect("to go back");
        p.send(&format!("reason {i}\r"));
    }
    p.expect("Why? (4/5");
    p.expect("to go back");
    p.send("\r");
    p.expect("Which root cause");
    p.expect("Esc back");
    p.send(&choose(0));
    p.expect("Is this chain right?");
    p.send("y");
}

#[test]
fn the_end_reviews_every_answer_then_the_report_then_the_file_and_next_steps() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.toml");
    let mut p = run_wide(&file, 80, dir.path());
    // The comment left blank: counts must still add up to 5.
    answer_wide_first_four(&mut p, "");
    three_whys(&mut p);
    p.expect("Review your answers");
    p.expect("Esc back");
    p.settle();
    let words = p.now().join(" ");
    for n in 1..=5 {
        assert!(
            words.contains(&format!(" {n}. ")),
            "answer {n} listed: {words}"
        );
    }
    assert!(words.contains("3. How confident are you in the shared numbers? — 4"));
    // Change answer 3 from the review (down from Finish past two answers), then finish.
    p.send("jjj\r");
    p.expect("How confident are you");
    p.expect("Esc back");
    // The list starts on the earlier answer.
    p.expect("> 4");
    p.send("kk\r");
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
    let rows = p.rows();
    let screen = rows.join("\n");
    let report_end = screen.find("Root causes").expect("the report is printed");
    let saved_at = screen.rfind("Answers saved to").unwrap();
    assert!(saved_at > report_end, "the file is named after the report");
    // The commands are printed whole, to be copied.
    assert_eq!(
        printed_command(&rows, "a page to share or print"),
        format!(
            "tandem score -q {} {} --format html --out {}",
            data("wide.toml"),
            file.display(),
            file.with_extension("html").display()
        )
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
        data("wide.toml"),
        file.display(),
        report.display()
    );
    let mut p = Pty::spawn_sh(
        &line,
        60,
        24,
        dir.path(),
        &[("TERM", pty_support::TERM), ("NO_COLOR", "1")],
    );
    answer_wide_first_four(&mut p, "x");
    three_whys(&mut p);
    p.expect("Review your answers");
    p.expect("Esc back");
    p.send("\r");
    assert_eq!(p.eof(), 0);
    let printed = std::fs::read_to_string(&report).unwrap();
    let q = data("wide.toml");
    assert_eq!(printed, score_text(&file, &["-q", &q], "60"));
    assert_ne!(
        printed,
        score_text(&file, &["-q", &q], "100"),
        "not the 100 columns used without a terminal"
    );
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
        40,
        dir.path(),
    );
    p.expect("Question 1 of");
    p.expect("Esc back");
    let raw = p.raw();
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
    p.send(&choose(0));
    p.expect("Question 2 of");
    p.expect("Esc back");
    p.send(&choose(0));
    p.expect("Question 3 of");
    p.expect("Esc back");
    let words = p.words();
    assert!(words.contains("Section 1 of "), "{words}");
    assert!(
        words.contains("Question 3 of 52 · section 1 of "),
        "{words}"
    );
    assert!(words.contains(" min left"), "{words}");
    p.send("\x03");
    assert_eq!(p.eof(), 130);
}
