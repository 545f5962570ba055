//! The classes of defect #26 found in the terminal interview, one or more tests each,
//! in a real pseudo-terminal read back through vt100: nothing a respondent does is
//! lost, nothing is chosen for them, the screen is never left garbled, a second
//! interview never overwrites a running one's file by another name, and terminals
//! without cursor control or colour get an interview made for them.
#![cfg(unix)]

mod pty_support;

use pty_support::{Pty, bin, choose, data};
use std::path::Path;

/// `run` on tests/data/checklist.toml as respondent P in `role`, saving to `out`.
fn run_checklist(role: &str, out: &Path, cols: u16, dir: &Path) -> Pty {
    Pty::spawn(
        &[
            "run",
            "-q",
            &data("checklist.toml"),
            "--respondent",
            "P",
            "--role",
            role,
            "--out",
            out.to_str().unwrap(),
        ],
        cols,
        24,
        dir,
    )
}

/// The items a checklist on screen shows ticked.
fn ticked(rows: &[String]) -> Vec<String> {
    rows.iter()
        .filter_map(|r| r.split_once("[x] "))
        .map(|(_, item)| item.to_string())
        .collect()
}

fn saved(file: &Path) -> String {
    std::fs::read_to_string(file).unwrap()
}

// ---- Lost -------------------------------------------------------------------------

#[test]
fn lost_every_tick_of_a_ten_item_checklist_is_saved_and_digits_tick_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.toml");
    let mut p = run_checklist("marketing", &file, 80, dir.path());
    p.expect("Question 1 of");
    p.expect("Esc back");
    // Number keys are gone: typed, they tick nothing (and wait for nothing).
    p.send("1349");
    p.settle();
    assert_eq!(ticked(&p.now()), Vec::<String>::new());
    // Items 1, 3, 4 and 9 ticked with the keys, all of them on screen and saved.
    p.send(" jj j jjjjj ");
    p.settle();
    assert_eq!(
        ticked(&p.now()),
        ["Reason one", "Reason three", "Reason four", "Reason nine"]
    );
    p.send("\r");
    p.expect("symptom of misalignment");
    p.send("\x03");
    assert_eq!(p.eof(), 130);
    assert!(
        saved(&file).contains("reasons = [\"r1\", \"r3\", \"r4\", \"r9\"]"),
        "{}",
        saved(&file)
    );
}

#[test]
fn lost_dont_know_with_ticks_is_never_saved_with_them_the_choice_is_what_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    for (pick, expected) in [(0, "reasons = [\"r2\"]"), (1, "reasons = \"dont_know\"")] {
        let file = dir.path().join(format!("c{pick}.toml"));
        let mut p = run_checklist("marketing", &file, 80, dir.path());
        p.expect("Question 1 of");
        p.expect("Esc back");
        // Reason two, then "Don't know" (the tenth item), both ticked on screen.
        p.send(&format!("j {} ", "j".repeat(8)));
        p.settle();
        assert_eq!(
            ticked(&p.now()),
            ["Reason two", "Don't know / not applicable"]
        );
        p.send("\r");
        p.expect("cannot go with ticked items");
        p.expect("Esc back");
        p.settle();
        let now = p.now().join("\n");
        assert!(now.contains("What I ticked: Reason two"), "{now}");
        // Nothing is chosen for the respondent here either.
        assert!(!p.now().iter().any(|r| r.starts_with("> ")), "{now}");
        p.send(&choose(pick));
        p.expect("symptom of misalignment");
        p.send("\x03");
        assert_eq!(p.eof(), 130);
        assert!(saved(&file).contains(expected), "{}", saved(&file));
    }
}

#[test]
fn lost_esc_at_the_name_prompt_moves_nowhere_and_the_name_and_role_can_be_gone_back_to() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.toml");
    let mut p = Pty::spawn(
        &[
            "run",
            "-q",
            &data("checklist.toml"),
            "--out",
            file.to_str().unwrap(),
        ],
        80,
        24,
        dir.path(),
    );
    p.expect("Your name");
    p.expect("back");
    p.send("Pat");
    p.send("\x1b");
    p.settle();
    assert_eq!(p.now().last().map(String::as_str), Some("> Pat"));
    p.send(" Lee\r");
    p.expect("Your role");
    p.expect("Esc back");
    // Esc at the role: back to the name, as typed.
    p.send("\x1b");
    p.expect("Your name");
    p.expect("> Pat Lee");
    p.send("\r");
    p.expect("Your role");
    p.expect("Esc back");
    p.send(&choose(0));
    p.expect("Question 1 of 3");
    p.expect("Esc back");
    // Esc at the first question: back to the role, on the role chosen.
    p.send("\x1b");
    p.expect("Your role");
    p.expect("> Sales");
    p.send("j\r");
    p.expect("Question 1 of 2");
    p.expect("Esc back");
    p.send("\x03");
    assert_eq!(p.eof(), 130);
    let s = saved(&file);
    assert!(s.contains("respondent = \"Pat Lee\""), "{s}");
    assert!(s.contains("role = \"marketing\""), "{s}");
}

#[test]
fn lost_esc_in_the_five_whys_keeps_the_why_being_typed() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.toml");
    let mut p = run_checklist("marketing", &file, 80, dir.path());
    p.expect("Question 1 of");
    p.expect("Esc back");
    p.send(" \r");
    p.expect("symptom of misalignment");
    p.expect("back");
    p.send("Leads go unanswered\r");
    p.expect("Why? (1/5");
    p.expect("back");
    p.send("Sales dou");
    p.send("\x1b");
    p.settle();
    // Esc takes nothing away: the why being typed is still there, and goes on.
    let now = p.now().join("\n");
    assert!(now.contains("Why? (1/5"), "{now}");
    assert!(now.ends_with("> Sales dou"), "{now}");
    p.send("bts them\r");
    p.expect("Why? (2/5");
    p.send("\x03");
    assert_eq!(p.eof(), 130);
    assert!(
        saved(&file).contains("whys = [\n  \"Sales doubts them\",\n]"),
        "{}",
        saved(&file)
    );
}

// ---- Invented ---------------------------------------------------------------------

#[test]
fn invented_the_root_cause_list_opens_with_nothing_highlighted() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.toml");
    let mut p = run_checklist("marketing", &file, 80, dir.path());
    p.expect("Question 1 of");
    p.expect("Esc back");
    p.send(" \r"); // reason one: evidence for rivalry, the top-ranked cause
    p.expect("symptom of misalignment");
    p.send("Leads go unanswered\ra\rb\rc\r\r");
    p.expect("Which root cause");
    p.expect("Esc back");
    p.settle();
    let now = p.now().join("\n");
    assert!(
        now.contains("Your answers so far point most to: Rivalry."),
        "{now}"
    );
    assert!(!p.now().iter().any(|r| r.starts_with("> ")), "{now}");
    // Enter alone tags nothing.
    p.send("\r");
    p.settle();
    assert!(!p.now().join("\n").contains("Is this chain right?"));
    p.send("\x03");
    assert_eq!(p.eof(), 130);
    let s = saved(&file);
    assert!(s.contains("cause = \"\"\n"), "untagged: {s}");
}

// ---- Garbled ----------------------------------------------------------------------

/// Rows of `rows` wider than the terminal's `cols` less one.
fn too_wide(rows: &[String], cols: u16) -> Vec<String> {
    rows.iter()
        .filter(|r| console::measure_text_width(r) >= cols as usize)
        .cloned()
        .collect()
}

#[test]
fn garbled_never_each_question_starts_whole_at_40_80_and_200_columns_with_resizes() {
    let dir = tempfile::tempdir().unwrap();
    for (cols, other) in [(40u16, 90u16), (80, 40), (200, 60)] {
        let file = dir.path().join(format!("w{cols}.toml"));
        let mut p = Pty::spawn(
            &[
                "run",
                "-q",
                &data("wide.toml"),
                "--respondent",
                "P",
                "--role",
                "sales",
                "--out",
                file.to_str().unwrap(),
            ],
            cols,
            24,
            dir.path(),
        );
        p.expect("Question 1 of 5");
        p.expect("Esc back");
        p.settle();
        assert_eq!(too_wide(&p.now(), cols), Vec::<String>::new());
        // Resized twice mid-question, a key pressed in between: what is saved is what
        // was chosen, and the next question's page holds nothing of this one.
        p.resize(other, 24);
        p.send("j");
        p.settle();
        p.resize(cols, 30);
        p.send("j\r");
        p.expect("Question 2 of 5");
        p.expect("Esc back");
        p.settle();
        let now = p.now();
        let text = now.join("\n");
        for gone in ["Marketing measures", "Never:", "Always:", "quarterly"] {
            assert!(!text.contains(gone), "{cols}: {gone:?} left over:\n{text}");
        }
        assert_eq!(text.matches("Which of these do both teams use?").count(), 1);
        assert_eq!(too_wide(&now, cols), Vec::<String>::new(), "{text}");
        // The same at the five whys after a resize while typing.
        p.send(" \r");
        p.expect("Question 3 of 5");
        p.expect("Esc back");
        p.resize(other, 24);
        p.send("jjjj\r");
        p.expect("Question 4 of 5");
        p.expect("to go back");
        p.send("one thing");
        p.resize(cols, 24);
        p.send("\r");
        p.expect("The symptom of misalignment");
        p.expect("to go back");
        p.settle();
        let text = p.now().join("\n");
        assert!(!text.contains("one thing"), "{cols}: left over:\n{text}");
        assert!(
            !text.contains("How confident"),
            "{cols}: left over:\n{text}"
        );
        p.send("\x03");
        assert_eq!(p.eof(), 130);
        let s = saved(&file);
        assert!(s.contains("goals = \"always\""), "{s}");
        assert!(s.contains("confidence = 4"), "{s}");
        assert!(s.contains("change = \"one thing\""), "{s}");
    }
}

// ---- Overwritten ------------------------------------------------------------------

#[test]
fn overwritten_never_a_link_or_a_dotdot_path_to_a_running_interviews_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.toml");
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::os::unix::fs::symlink(&file, dir.path().join("link.toml")).unwrap();
    let mut first = run_checklist("marketing", &file, 80, dir.path());
    first.expect("Question 1 of");
    first.expect("Esc back");
    first.send(" \r");
    first.expect("symptom of misalignment");
    let before = saved(&file);
    for other in ["link.toml", "sub/../w.toml", "./sub/../link.toml"] {
        let mut second = run_checklist("sales", Path::new(other), 80, dir.path());
        second.expect("another `tandem run` is saving answers to this file");
        assert_eq!(second.eof(), 1);
        assert!(second.raw().contains("(it is "), "{}", second.raw());
        let mut third = Pty::spawn(
            &["run", "-q", &data("checklist.toml"), "--resume", other],
            80,
            24,
            dir.path(),
        );
        third.expect("another `tandem run` is saving answers to this file");
        assert_eq!(third.eof(), 1);
        assert_eq!(saved(&file), before, "{other} changed nothing");
    }
    first.send("\x03");
    assert_eq!(first.eof(), 130);
    assert!(
        std::fs::symlink_metadata(dir.path().join("link.toml"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

// ---- Plain terminals --------------------------------------------------------------

#[test]
fn plain_term_dumb_asks_line_by_line_with_numbers_and_prints_no_escape_sequence() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.toml");
    let line = format!(
        "exec {} run -q {} --respondent P --role sales --out {}",
        bin(),
        data("wide.toml"),
        file.display()
    );
    // No NO_COLOR: TERM=dumb alone turns colour and cursor movement off.
    let mut p = Pty::spawn_sh(&line, 80, 24, dir.path(), &[("TERM", "dumb")]);
    p.expect("2. Always: every campaign");
    p.settle();
    assert!(
        !p.raw().contains('\x1b'),
        "an escape sequence: {:?}",
        p.raw()
    );
    assert!(p.raw().ends_with("Number (< goes back): "), "{:?}", p.raw());
    p.send("7\r"); // no such item: asked again
    p.expect("Type one of the numbers: 1, 2.");
    p.send("2\r");
    p.expect("[ ] 1. One CRM");
    p.expect("back):");
    p.send("1 3\r");
    p.expect("How confident");
    p.expect("back):");
    p.send("<\r"); // back to the checklist, its ticks shown
    p.expect("[x] 3. A weekly call");
    p.expect("back):");
    p.send("\r"); // kept as shown
    p.expect("How confident");
    p.expect("back):");
    p.send("4\r");
    p.expect("(optional)");
    p.expect("back):");
    p.send("One target\r");
    p.expect("symptom of misalignment");
    p.expect("back):");
    p.send("Leads go unanswered\r");
    for w in ["a", "b", "c", ""] {
        p.expect("Why? (");
        p.expect("back):");
        p.send(&format!("{w}\r"));
    }
    p.expect("Which root cause");
    p.expect("back):");
    p.send("2\r");
    p.expect("Is this chain right?");
    p.send("y\r");
    p.expect("0. Finish");
    p.expect("back):");
    p.send("0\r");
    p.expect("Answers saved to");
    assert_eq!(p.eof(), 0);
    let raw = p.raw();
    assert!(!raw.contains('\x1b'), "an escape sequence: {raw:?}");
    let s = saved(&file);
    assert!(s.contains("complete = true"), "{s}");
    assert!(s.contains("goals = \"always\""), "{s}");
    assert!(s.contains("channels = [\"crm\", \"call\"]"), "{s}");
    assert!(s.contains("change = \"One target\""), "{s}");
    assert!(s.contains("cause = \"no-definition\""), "{s}");
}

#[test]
fn plain_ctrl_c_line_by_line_stops_cleanly_with_the_resume_hint() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.toml");
    let line = format!(
        "exec {} run -q {} --respondent P --role sales --out {}",
        bin(),
        data("wide.toml"),
        file.display()
    );
    let mut p = Pty::spawn_sh(&line, 80, 24, dir.path(), &[("TERM", "dumb")]);
    p.expect("Number (< goes back):");
    p.send("1\r");
    p.expect("back):");
    p.send("\x03");
    p.expect("Interrupted: 1 answer saved in");
    assert_eq!(p.eof(), 130);
    assert!(!p.raw().contains('\x1b'), "{:?}", p.raw());
}

#[test]
fn plain_no_color_keeps_the_help_and_the_statement_apart() {
    let dir = tempfile::tempdir().unwrap();
    let q = tandem::questionnaire::builtin("alignment")
        .unwrap()
        .load()
        .unwrap();
    let mut p = Pty::spawn(
        &[
            "run",
            "--respondent",
            "P",
            "--role",
            "sales",
            "--out",
            "a.toml",
        ],
        80,
        40,
        dir.path(),
    );
    p.expect("Question 1 of");
    p.expect("Esc back");
    p.settle();
    let rows = p.now();
    assert!(!p.raw().contains("\x1b[1m"), "no colour with NO_COLOR");
    let statement = &q.questions[0].text;
    let at = rows
        .iter()
        .position(|r| statement.starts_with(r.as_str()) && !r.is_empty())
        .unwrap_or_else(|| panic!("{}", rows.join("\n")));
    assert_eq!(rows[at - 1], "", "{}", rows.join("\n"));
    // The help (its option notes last) is kept apart from the statement by a blank
    // row, and from the progress line above the statement too.
    let help_end = rows[..at]
        .iter()
        .rposition(|r| r.starts_with("  · ") || r.starts_with("    "))
        .unwrap();
    assert_eq!(rows[help_end + 1], "", "{}", rows.join("\n"));
    assert!(
        rows[help_end + 2].starts_with("Question 1 of"),
        "{}",
        rows.join("\n")
    );
    p.send("\x03");
    assert_eq!(p.eof(), 130);
}

/// Whether every row of a printed command consists of whole words of `cmd` (and the
/// marks that continue it).
fn words_whole(rows: &[String], cmd: &str) -> bool {
    let words: Vec<&str> = cmd.split(' ').collect();
    rows.iter()
        .flat_map(|r| r.split_whitespace())
        .map(|w| w.trim_end_matches('\\'))
        .filter(|w| !w.is_empty())
        .all(|w| words.contains(&w))
}

#[test]
fn plain_at_forty_columns_messages_wrap_by_word_and_section_rules_fit() {
    let dir = tempfile::tempdir().unwrap();
    let file = Path::new("an-answers-file-with-a-long-name.toml");
    let mut p = Pty::spawn(
        &[
            "run",
            "--respondent",
            "P",
            "--role",
            "sales",
            "--out",
            file.to_str().unwrap(),
        ],
        40,
        30,
        dir.path(),
    );
    p.expect("Question 1 of");
    p.expect("Esc back");
    p.send(&choose(0));
    p.expect("Question 2 of");
    p.expect("Esc back");
    p.send(&choose(0));
    p.expect("Question 3 of");
    p.expect("Esc back");
    p.settle();
    let rows = p.now();
    // The section's title and its rule, the rule no wider than the title.
    let at = rows
        .iter()
        .position(|r| r.starts_with("Section 1 of"))
        .unwrap();
    let rule = rows[at..].iter().find(|r| r.starts_with('─')).unwrap();
    assert!(rule.chars().all(|c| c == '─'));
    assert!(rule.chars().count() < 40, "{rule}");
    assert_eq!(
        too_wide(&rows, 40),
        Vec::<String>::new(),
        "{}",
        rows.join("\n")
    );
    p.send("\x03");
    assert_eq!(p.eof(), 130);
    let rows = p.rows();
    let cmd = format!("tandem run --resume {}", file.display());
    let said: Vec<String> = rows
        .iter()
        .skip_while(|r| !r.starts_with("Interrupted"))
        .cloned()
        .collect();
    let command_rows: Vec<String> = said
        .iter()
        .skip_while(|r| !r.starts_with("Continue with:"))
        .skip(1)
        .cloned()
        .collect();
    assert!(words_whole(&command_rows, &cmd), "{}", said.join("\n"));
    assert!(
        said.iter()
            .any(|r| r.trim() == format!("{}.", file.display())),
        "{}",
        said.join("\n")
    );
    for r in &said {
        assert!(console::measure_text_width(r) <= 40, "{r:?}");
    }
    let joined = said
        .iter()
        .map(|r| r.trim().trim_end_matches('\\').trim())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(joined.contains(&cmd), "{joined}");
}

/// The closing report at 40 columns: no line wider than the page, each section's title
/// wrapped by word above a rule no wider than the page, and no word split: every word
/// of it is a word of the same report at 400 columns, where nothing wraps.
#[test]
fn plain_at_forty_columns_the_report_fits_and_wraps_by_word() {
    let score = |width: &str, file: &str| -> String {
        let out = std::process::Command::new(bin())
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["score", file, "--width", width])
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    // Words as a reader sees them: a column's name before its value ends with ":" in
    // a record, and bars are as long as there is room for.
    let words = |text: &str| -> std::collections::BTreeSet<String> {
        text.split(|c: char| c.is_whitespace() || "│┆╭╮╰╯├┤┬┴┼─═╞╡╪█░".contains(c))
            .map(|w| w.trim_end_matches(':'))
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    for file in ["examples/cmo-self-assessment.toml", "examples/workshop"] {
        let text = score("40", file);
        let lines: Vec<&str> = text.lines().collect();
        let mut rules = 0;
        for (i, l) in lines.iter().enumerate() {
            let w = console::measure_text_width(l);
            assert!(w <= 40, "{file}: line {i} is {w} wide: {l:?}");
            if !l.is_empty() && l.chars().all(|c| c == '─') {
                rules += 1;
                let title = lines[i - 1];
                assert!(
                    console::measure_text_width(title) <= w,
                    "{title:?} over {l:?}"
                );
            }
        }
        assert!(rules > 3, "{text}");
        let wide = words(&score("400", file));
        let split: Vec<String> = words(&text)
            .into_iter()
            .filter(|w| !wide.contains(w))
            .collect();
        assert_eq!(
            split,
            Vec::<String>::new(),
            "{file}: pieces of words:\n{text}"
        );
    }
    assert!(score("40", "examples/cmo-self-assessment.toml").contains(
        "Self-described level: Alignment ladder\n(after the options in Forrester's\nsurvey)\n"
    ),);
}
