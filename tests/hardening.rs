//! The bad-input catalogue, round two (issue 17): what a hostile or careless user still
//! broke after the first round (tests/bad_inputs.rs). One test per item of the issue,
//! each through the real binary, asserting the exit code and the message, or for the
//! write cases what is on disk afterwards.
//!
//! Every case runs in a temporary folder holding copies of the `bi` questionnaire and
//! its valid answers (tests/bad_inputs), so messages name short relative paths.
#![cfg(unix)]

mod common;

use common::{Run, root, run};
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_tandem");

/// A folder holding `q.toml` (questionnaire `bi` 1.0) and `a.toml` (valid answers to it).
fn workdir() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    let src = root().join("tests/bad_inputs");
    std::fs::copy(src.join("q-valid.toml"), d.path().join("q.toml")).unwrap();
    std::fs::copy(src.join("a-valid.toml"), d.path().join("a.toml")).unwrap();
    d
}

fn read(d: &Path, name: &str) -> String {
    std::fs::read_to_string(d.join(name)).unwrap()
}

fn write(d: &Path, name: &str, text: &str) {
    std::fs::write(d.join(name), text).unwrap();
}

/// `tandem ARGS` in `dir`. The timeout is only a hang guard, generous for a debug build
/// on a busy machine; no test judges speed.
fn tandem_in(dir: &Path, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = common::tandem();
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .timeout(Duration::from_secs(120))
        .args(args);
    cmd
}

fn run_in(dir: &Path, args: &[&str]) -> Run {
    run(&mut tandem_in(dir, args))
}

/// The run ended with `code` and exactly these lines on standard error.
fn expect(r: &Run, code: i32, lines: &[&str]) {
    let got: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(r.code, Some(code), "stderr: {}", r.stderr);
    assert_eq!(got, lines, "stderr: {}", r.stderr);
}

fn json(r: &Run) -> serde_json::Value {
    assert_eq!(r.code, Some(0), "stderr: {}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap()
}

/// Answers to `bi` from `respondent`, otherwise as a.toml.
fn answers_of(d: &Path, respondent: &str) -> String {
    read(d, "a.toml").replace(
        "respondent = \"Ana\"",
        &format!("respondent = \"{respondent}\""),
    )
}

// ── Hangs: every loader and validator is linear ────────────────────────────────────

#[test]
fn multi_question_with_20000_options_all_ticked_is_scored() {
    let d = workdir();
    let n = 20_000;
    let q = read(d.path(), "q.toml");
    let head = q.split("[[questions]]\nid = \"hates\"").next().unwrap();
    let options: Vec<String> = (0..n)
        .map(|i| format!("  {{ id = \"o{i}\", label = \"O{i}\", points = 1 }},"))
        .collect();
    write(
        d.path(),
        "big.toml",
        &format!(
            "{head}[[questions]]\nid = \"hates\"\nkind = \"multi\"\ndimension = \"metrics\"\n\
             text = \"Which?\"\noptions = [\n{}\n]\n",
            options.join("\n")
        ),
    );
    let ticks: Vec<String> = (0..n).map(|i| format!("\"o{i}\"")).collect();
    let a = read(d.path(), "a.toml");
    let a_head = a.split("[answers]").next().unwrap();
    write(
        d.path(),
        "many.toml",
        &format!(
            "{a_head}[answers]\nicp = 4\nmetric = \"joint\"\nhates = [{}]\n",
            ticks.join(", ")
        ),
    );
    let r = run_in(
        d.path(),
        &["score", "-q", "big.toml", "many.toml", "--format", "json"],
    );
    let v = json(&r);
    // Every option ticked and `joint` chosen: metrics is full marks; buyer is 4 of 1–5.
    assert_eq!(v["dimensions"][1]["id"], "metrics");
    assert_eq!(v["dimensions"][1]["score"], 100.0);
    assert_eq!(v["dimensions"][0]["score"], 75.0);
    assert_eq!(v["overall"], 87.5);
}

#[test]
fn questionnaire_with_20000_duplicate_ids_reports_each_once() {
    let d = workdir();
    let mut q = read(d.path(), "q.toml");
    let first = q.lines().count();
    for _ in 0..20_000 {
        q.push_str("\n[[questions]]\nid = \"icp\"\nkind = \"text\"\ntext = \"T\"\n");
    }
    write(d.path(), "dup.toml", &q);
    let r = run_in(d.path(), &["check", "dup.toml"]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(lines.len(), 20_001);
    assert_eq!(*lines.last().unwrap(), "20000 problems in 1 file");
    // Each duplicate at its own `id` line: 5 lines per appended question.
    for (i, l) in lines[..20_000].iter().enumerate() {
        let want = format!(
            "dup.toml:{}:6: duplicate question id `icp` (also question #1)",
            first + 3 + 5 * i
        );
        assert_eq!(*l, want);
    }
}

#[test]
fn answers_with_40000_unknown_keys_report_each_with_its_line() {
    let d = workdir();
    let a = read(d.path(), "a.toml");
    let at = a.lines().position(|l| l == "[answers]").unwrap() + 2;
    let keys: String = (0..40_000).map(|i| format!("u{i} = 1\n")).collect();
    write(
        d.path(),
        "unk.toml",
        &a.replace("[answers]\n", &format!("[answers]\n{keys}")),
    );
    let r = run_in(d.path(), &["score", "-q", "q.toml", "unk.toml"]);
    assert_eq!(r.code, Some(1));
    assert!(r.stdout.is_empty());
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(
        lines.len(),
        40_000,
        "{}",
        &r.stderr[..500.min(r.stderr.len())]
    );
    for (i, l) in lines.iter().enumerate() {
        assert_eq!(
            *l,
            format!(
                "error: unk.toml:{}:1: answer to unknown question `u{i}`",
                at + i
            )
        );
    }
}

#[test]
fn symlink_loop_in_a_scanned_folder_ends_and_counts_each_file_once() {
    let d = workdir();
    let w = d.path().join("w");
    std::fs::create_dir(&w).unwrap();
    write(&w, "one.toml", &answers_of(d.path(), "One"));
    write(&w, "two.toml", &answers_of(d.path(), "Two"));
    std::os::unix::fs::symlink(".", w.join("a")).unwrap();
    std::os::unix::fs::symlink(".", w.join("b")).unwrap();
    let r = run_in(
        d.path(),
        &["score", "-q", "q.toml", "-r", "w", "--format", "json"],
    );
    assert_eq!(
        r.stderr.lines().collect::<Vec<_>>(),
        [
            "warning: skipped w/a: a link to a folder already scanned",
            "warning: skipped w/b: a link to a folder already scanned",
        ]
    );
    let v = json(&r);
    assert_eq!(v["respondents"], 2);
}

#[test]
fn the_same_file_named_three_ways_is_scored_once() {
    let d = workdir();
    std::fs::create_dir(d.path().join("dir")).unwrap();
    let r = run_in(
        d.path(),
        &[
            "score",
            "-q",
            "q.toml",
            "a.toml",
            "./a.toml",
            "dir/../a.toml",
            "--format",
            "json",
        ],
    );
    let v = json(&r);
    // One answers file: an individual report, not a group of three.
    assert!(v.get("respondent").is_some(), "{v}");
    assert!(v.get("respondents").is_none());
    assert_eq!(
        r.stderr
            .lines()
            .filter(|l| l.ends_with(": the same file as another one given"))
            .count(),
        2,
        "{}",
        r.stderr
    );
}

#[test]
fn fifo_in_a_scanned_folder_is_skipped_with_a_warning() {
    let d = workdir();
    let f = d.path().join("f");
    std::fs::create_dir(&f).unwrap();
    std::fs::copy(d.path().join("a.toml"), f.join("a.toml")).unwrap();
    mkfifo(&f.join("pipe.toml"));
    // Nobody ever writes to the FIFO: opening it would block forever.
    let r = run_in(
        d.path(),
        &["score", "-q", "q.toml", "f", "--format", "json"],
    );
    expect(&r, 0, &["warning: skipped f/pipe.toml: not a regular file"]);
    assert_eq!(json(&r)["respondents"], 1);
}

fn mkfifo(p: &Path) {
    let status = Command::new("mkfifo").arg(p).status().unwrap();
    assert!(status.success());
}

// ── Writing files ──────────────────────────────────────────────────────────────────

#[test]
fn out_to_dev_null_writes_into_it_and_leaves_the_device() {
    let d = workdir();
    let r = run_in(
        d.path(),
        &["score", "-q", "q.toml", "a.toml", "--out", "/dev/null"],
    );
    expect(&r, 0, &[]);
    let m = std::fs::symlink_metadata("/dev/null").unwrap();
    assert!(
        m.file_type().is_char_device(),
        "/dev/null is no longer a device"
    );
}

#[test]
fn out_through_a_symlink_writes_its_target_and_keeps_the_link() {
    let d = workdir();
    write(d.path(), "target.txt", "old\n");
    std::os::unix::fs::symlink("target.txt", d.path().join("link.txt")).unwrap();
    let r = run_in(
        d.path(),
        &["score", "-q", "q.toml", "a.toml", "--out", "link.txt"],
    );
    expect(&r, 0, &[]);
    let link = std::fs::symlink_metadata(d.path().join("link.txt")).unwrap();
    assert!(link.file_type().is_symlink(), "the link was replaced");
    assert!(read(d.path(), "target.txt").starts_with("Bad inputs base (bi 1.0)\n"));
}

#[test]
fn out_to_a_fifo_is_written_in_place() {
    let d = workdir();
    let fifo = d.path().join("out.fifo");
    mkfifo(&fifo);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let r = run_in(
        d.path(),
        &["score", "-q", "q.toml", "a.toml", "--out", "out.fifo"],
    );
    expect(&r, 0, &[]);
    let got = reader.join().unwrap();
    assert!(got.starts_with("Bad inputs base (bi 1.0)\n"), "{got}");
    let m = std::fs::symlink_metadata(&fifo).unwrap();
    assert!(m.file_type().is_fifo(), "the FIFO was replaced");
}

#[test]
fn out_to_a_read_only_file_is_refused_and_it_stays_unchanged() {
    let d = workdir();
    write(d.path(), "ro.txt", "keep\n");
    let ro = d.path().join("ro.txt");
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o444)).unwrap();
    let r = run_in(
        d.path(),
        &["score", "-q", "q.toml", "a.toml", "--out", "ro.txt"],
    );
    let want = "error: writing the report to ro.txt: is read-only; not replacing it";
    expect(&r, 1, &[want]);
    assert_eq!(read(d.path(), "ro.txt"), "keep\n");
    let mode = std::fs::metadata(&ro).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o444);
}

#[test]
fn out_onto_a_file_the_run_reads_is_refused_and_it_stays_unchanged() {
    let d = workdir();
    let (q, a) = (read(d.path(), "q.toml"), read(d.path(), "a.toml"));
    let r = run_in(
        d.path(),
        &["score", "a.toml", "-q", "q.toml", "--out", "a.toml"],
    );
    expect(
        &r,
        2,
        &["error: a.toml: is also the output (--out); writing the report would destroy input"],
    );
    let r = run_in(
        d.path(),
        &["score", "-q", "q.toml", "a.toml", "--out", "q.toml"],
    );
    expect(
        &r,
        2,
        &[
            "error: --out q.toml: is also read by this run (q.toml); writing the report would destroy it",
        ],
    );
    // A baseline is read too, even when it is also an answers file of this run.
    let r = run_in(
        d.path(),
        &[
            "score",
            "-q",
            "q.toml",
            "a.toml",
            "--baseline",
            "a.toml",
            "--out",
            "a.toml",
        ],
    );
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("a.toml"), "{}", r.stderr);
    assert_eq!(read(d.path(), "q.toml"), q);
    assert_eq!(read(d.path(), "a.toml"), a);
}

#[test]
fn template_out_onto_a_filled_in_answers_file_is_refused_without_force() {
    let d = workdir();
    let a = read(d.path(), "a.toml");
    let r = run_in(d.path(), &["template", "-q", "q.toml", "--out", "a.toml"]);
    expect(
        &r,
        1,
        &[
            "error: a.toml: already holds answers (or other text); not replacing it with a \
           blank template (choose another --out, or add --force to replace it)",
        ],
    );
    assert_eq!(read(d.path(), "a.toml"), a);
    // A blank template (an earlier run's) and an absent file are replaced freely.
    let r = run_in(d.path(), &["template", "-q", "q.toml", "--out", "t.toml"]);
    expect(&r, 0, &[]);
    let blank = read(d.path(), "t.toml");
    let r = run_in(d.path(), &["template", "-q", "q.toml", "--out", "t.toml"]);
    expect(&r, 0, &[]);
    assert_eq!(read(d.path(), "t.toml"), blank);
    // --force replaces the answers.
    let r = run_in(
        d.path(),
        &["template", "-q", "q.toml", "--out", "a.toml", "--force"],
    );
    expect(&r, 0, &[]);
    assert_eq!(read(d.path(), "a.toml"), blank);
}

/// `.tandem-*.tmp` files in `dir`.
fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".tandem-") && n.ends_with(".tmp"))
        .collect()
}

#[test]
fn sigterm_or_sigint_during_a_large_out_leaves_no_temporary_file() {
    let d = workdir();
    // A questionnaire whose blank template is a few megabytes, so writing takes a while.
    let long = "x".repeat(50_000);
    let mut q = read(d.path(), "q.toml");
    for i in 0..60 {
        q.push_str(&format!(
            "\n[[questions]]\nid = \"t{i}\"\nkind = \"text\"\ntext = \"{long}\"\n"
        ));
    }
    write(d.path(), "big.toml", &q);
    let out = d.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let mut landed = 0;
    // A fixed number of runs, each signalled as soon as its temporary file exists.
    for i in 0..12 {
        let sig = if i % 2 == 0 {
            libc::SIGTERM
        } else {
            libc::SIGINT
        };
        let mut child = Command::new(BIN)
            .current_dir(d.path())
            .args([
                "template",
                "-q",
                "big.toml",
                "--force",
                "--out",
                "out/t.toml",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut sent = false;
        while child.try_wait().unwrap().is_none() {
            if !temporaries(&out).is_empty() {
                // SAFETY: signalling our own child, which has not been waited for.
                unsafe { libc::kill(child.id() as i32, sig) };
                sent = true;
                break;
            }
            std::thread::yield_now();
        }
        let status = child.wait().unwrap();
        if sent && !status.success() {
            landed += 1;
        }
        assert_eq!(
            temporaries(&out),
            Vec::<String>::new(),
            "run {i}: signal {sig}, {status}"
        );
    }
    assert!(
        landed > 0,
        "no signal landed while writing: the test proves nothing"
    );
}

#[test]
fn write_failure_to_dev_full_exits_1() {
    if !Path::new("/dev/full").exists() {
        eprintln!("skipped: no /dev/full on this system");
        return;
    }
    let d = workdir();
    let r = run_in(
        d.path(),
        &["score", "-q", "q.toml", "a.toml", "--out", "/dev/full"],
    );
    let want = "error: writing the report to /dev/full: no space left on device";
    expect(&r, 1, &[want]);
    let full = std::fs::File::create("/dev/full").unwrap();
    let out = Command::new(BIN)
        .current_dir(d.path())
        .args(["score", "-q", "q.toml", "a.toml"])
        .stdout(full)
        .output()
        .unwrap();
    let r = Run::from(out);
    let want = "error: writing the report to standard output: no space left on device";
    expect(&r, 1, &[want]);
}

// ── Exit codes ─────────────────────────────────────────────────────────────────────

#[test]
fn failed_gate_piped_into_head_still_exits_3() {
    let d = workdir();
    let line = format!(
        "'{BIN}' score -q q.toml a.toml --format html --min-score 99 | head -c 10 >/dev/null"
    );
    let status = Command::new("bash")
        .current_dir(d.path())
        .args(["-o", "pipefail", "-c", &line])
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(3));
}

// ── Input handling ─────────────────────────────────────────────────────────────────

#[test]
fn questionnaire_on_standard_input_without_q_gets_the_clear_message() {
    let d = workdir();
    let f = d.path().join("f");
    std::fs::create_dir(&f).unwrap();
    std::fs::copy(d.path().join("a.toml"), f.join("a.toml")).unwrap();
    let q = read(d.path(), "q.toml");
    let r = run(tandem_in(d.path(), &["score", "-", "f"]).write_stdin(q.clone()));
    expect(
        &r,
        1,
        &["error: -: is a questionnaire, not an answers file (to score against it, use -q -)"],
    );
    // As the message says: `-q -` reads it.
    let r = run(tandem_in(d.path(), &["score", "-q", "-", "f", "--format", "json"]).write_stdin(q));
    assert_eq!(json(&r)["respondents"], 1);
}

#[test]
fn the_q_file_inside_a_scanned_folder_is_not_read_as_answers() {
    let d = workdir();
    let f = d.path().join("f");
    std::fs::create_dir(&f).unwrap();
    std::fs::copy(d.path().join("a.toml"), f.join("a.toml")).unwrap();
    std::fs::copy(d.path().join("q.toml"), f.join("q.toml")).unwrap();
    let r = run_in(
        d.path(),
        &["score", "-q", "f/q.toml", "f", "--format", "json"],
    );
    expect(
        &r,
        0,
        &["warning: skipped f/q.toml: the questionnaire given with -q"],
    );
    assert_eq!(json(&r)["respondents"], 1);
}

#[test]
fn resume_of_an_interview_on_a_questionnaire_file_continues() {
    use expectrl::{Eof, Expect, Session};
    let d = workdir();
    // a.toml without its first answer and not complete: an interrupted interview.
    let part: String = read(d.path(), "a.toml")
        .lines()
        .filter(|l| !l.starts_with("icp ="))
        .map(|l| format!("{l}\n"))
        .collect();
    write(d.path(), "part.toml", &part);
    let mut cmd = Command::new("sh");
    cmd.current_dir(d.path()).arg("-c").arg(format!(
        "stty cols 100 rows 40 && exec '{BIN}' run -q q.toml --resume part.toml"
    ));
    cmd.env("NO_COLOR", "1").env("COLUMNS", "100");
    let mut s = Session::spawn(cmd).expect("spawn in a pty");
    s.set_expect_timeout(Some(Duration::from_secs(60)));
    s.expect("Resuming:").expect("the resumed interview starts");
    s.expect("ICP?").expect("the unanswered question is asked");
    s.send("\x03").unwrap();
    s.expect(Eof).unwrap();
}

#[test]
fn invisible_character_in_a_key_is_shown_escaped() {
    let d = workdir();
    let a = read(d.path(), "a.toml").replace("icp = 4", "\"ic\\u200bp\" = 4");
    write(d.path(), "z.toml", &a);
    let r = run_in(d.path(), &["score", "-q", "q.toml", "z.toml"]);
    expect(
        &r,
        1,
        &["error: z.toml:9:1: answer to unknown question `ic\\u{200b}p`"],
    );
}

#[test]
fn deeply_nested_unknown_keys_still_have_a_position() {
    let d = workdir();
    let a = read(d.path(), "a.toml") + "\n[answers.why.deep.deeper]\nx = 1\n";
    write(d.path(), "n.toml", &a);
    let r = run_in(d.path(), &["score", "-q", "q.toml", "n.toml"]);
    expect(
        &r,
        1,
        &[
            "error: n.toml:19:14: `why`: unknown key `deep` (a five-whys answer has symptom, whys and cause)",
        ],
    );
    let q = read(d.path(), "q.toml").replace(
        "{ id = \"joint\", label = \"Jointly\", points = 2 }",
        "{ id = \"joint\", label = \"Jointly\", points = 2, extra = { a = { b = 1 } } }",
    );
    write(d.path(), "qn.toml", &q);
    let r = run_in(d.path(), &["check", "qn.toml"]);
    expect(
        &r,
        1,
        &[
            "qn.toml:66:50: unknown key `questions[1].options[1].extra`",
            "1 problem in 1 file",
        ],
    );
}

#[test]
fn a_date_that_is_not_a_day_is_refused() {
    let d = workdir();
    let a = read(d.path(), "a.toml").replace("2026-01-15", "2026-02-30");
    write(d.path(), "d.toml", &a);
    let r = run_in(d.path(), &["score", "-q", "q.toml", "d.toml"]);
    expect(
        &r,
        1,
        &["error: d.toml:6:8: `date` 2026-02-30 is not a day in the calendar"],
    );
}

#[test]
fn a_utf16_file_is_named_as_utf16() {
    let d = workdir();
    let mut bytes = vec![0xff, 0xfe];
    for u in read(d.path(), "a.toml").encode_utf16() {
        bytes.extend(u.to_le_bytes());
    }
    std::fs::write(d.path().join("u.toml"), bytes).unwrap();
    let r = run_in(d.path(), &["score", "-q", "q.toml", "u.toml"]);
    expect(
        &r,
        1,
        &[
            "error: u.toml: is UTF-16LE text; tandem reads UTF-8 (convert it, for example with `iconv -f UTF-16LE -t UTF-8`)",
        ],
    );
    // Other encodings too, with or without a byte-order mark.
    let text = read(d.path(), "a.toml").replace("Ana", "Zoë");
    let utf32: Vec<u8> = text
        .chars()
        .flat_map(|c| (c as u32).to_be_bytes())
        .collect();
    std::fs::write(d.path().join("u32.toml"), utf32).unwrap();
    let r = run_in(d.path(), &["score", "-q", "q.toml", "u32.toml"]);
    expect(
        &r,
        1,
        &[
            "error: u32.toml: is UTF-32BE text; tandem reads UTF-8 (convert it, for example with `iconv -f UTF-32BE -t UTF-8`)",
        ],
    );
    let latin1: Vec<u8> = text.chars().map(|c| c as u8).collect();
    std::fs::write(d.path().join("l1.toml"), latin1).unwrap();
    let r = run_in(d.path(), &["score", "-q", "q.toml", "l1.toml"]);
    expect(
        &r,
        1,
        &[
            "error: l1.toml:4:17: invalid UTF-8 byte: the file must be UTF-8 text (this looks like Latin-1 or Windows-1252; convert it, for example with `iconv -f WINDOWS-1252 -t UTF-8`)",
        ],
    );
}

#[test]
fn two_questionnaires_with_one_id_and_version_are_refused_in_either_order() {
    let d = workdir();
    let q = read(d.path(), "q.toml").replace("Bad inputs base", "Another");
    write(d.path(), "q2.toml", &q);
    let mut results = Vec::new();
    for args in [
        ["check", "q.toml", "q2.toml"],
        ["check", "q2.toml", "q.toml"],
    ] {
        let r = run_in(d.path(), &args);
        assert_eq!(r.code, Some(1));
        let mut lines: Vec<String> = r.stderr.lines().map(String::from).collect();
        lines.sort();
        results.push(lines);
    }
    assert_eq!(results[0], results[1]);
    assert_eq!(
        results[0],
        [
            "2 problems in 2 files",
            "q.toml: questionnaire bi 1.0 is also defined by q2.toml: give each version of a questionnaire its own version number",
            "q2.toml: questionnaire bi 1.0 is also defined by q.toml: give each version of a questionnaire its own version number",
        ]
    );
}

#[test]
fn raw_bands_on_fractional_points_suggest_only_what_the_format_accepts() {
    let d = workdir();
    let q = read(d.path(), "q.toml")
        .replace("basis = \"percent\"", "basis = \"raw\"")
        .replace("points = 2 }", "points = 2.5 }");
    write(d.path(), "raw.toml", &q);
    let r = run_in(d.path(), &["check", "raw.toml"]);
    expect(
        &r,
        1,
        &[
            "raw.toml:39:9: raw bands need whole-number totals, but the possible totals run \
             from -1 to 7.5 (question `metric` has an option worth 2.5): use \
             `basis = \"percent\"`, or give the options whole points",
            "1 problem in 1 file",
        ],
    );
    // Fractional points whose totals still run between whole numbers (0 to 7) are fine:
    // a fractional total between two bands stays in the lower (docs/FORMAT.md).
    let ok = read(d.path(), "q.toml")
        .replace("basis = \"percent\"", "basis = \"raw\"")
        .replace("points = -1", "points = -0.5")
        .replace("min = 0\nmax = 50", "min = 0\nmax = 3")
        .replace("min = 50\nmax = 100", "min = 4\nmax = 7");
    write(d.path(), "raw-ok.toml", &ok);
    let r = run_in(d.path(), &["check", "raw-ok.toml"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let r = run_in(
        d.path(),
        &["score", "-q", "raw-ok.toml", "a.toml", "--format", "json"],
    );
    // 4 + 2 - 0.5 (`waste` ticked) = 5.5: in the upper band.
    let v = json(&r);
    assert_eq!(v["raw_total"], 5.5, "{v}");
    assert_eq!(v["level"]["name"], "Together", "{v}");
}

#[test]
fn numeric_edge_cases_give_correct_scores_or_clear_errors() {
    let d = workdir();
    let q = read(d.path(), "q.toml");
    // icp = 1: buyer scores 0, metrics 75; equal weights, however small, average them.
    let a1 = read(d.path(), "a.toml").replace("icp = 4", "icp = 1");
    write(d.path(), "a1.toml", &a1);
    let weigh = |w: &str| {
        q.replace(
            "name = \"Buyer\"",
            &format!("name = \"Buyer\"\nweight = {w}"),
        )
        .replace(
            "name = \"Metrics\"",
            &format!("name = \"Metrics\"\nweight = {w}"),
        )
    };
    for w in ["5e-324", "1e-300", "1e9"] {
        write(d.path(), "w.toml", &weigh(w));
        let v = json(&run_in(
            d.path(),
            &["score", "-q", "w.toml", "a1.toml", "--format", "json"],
        ));
        assert_eq!(v["overall"], 37.5, "weights {w}");
    }
    for w in ["0.0", "-0.0"] {
        write(d.path(), "w.toml", &weigh(w));
        let r = run_in(d.path(), &["score", "-q", "w.toml", "a1.toml"]);
        expect(
            &r,
            1,
            &["error: w.toml:17:1: every dimension weighs 0: at least one must weigh more"],
        );
    }
    write(d.path(), "w.toml", &weigh("1e308"));
    let r = run_in(d.path(), &["check", "w.toml"]);
    expect(
        &r,
        1,
        &[
            "w.toml:20:10: weight must be a number from 0 to 1e9, found 1e308",
            "w.toml:25:10: weight must be a number from 0 to 1e9, found 1e308",
            "2 problems in 1 file",
        ],
    );
    write(
        d.path(),
        "p.toml",
        &q.replace("points = 2 }", "points = -1e308 }"),
    );
    let r = run_in(d.path(), &["check", "p.toml"]);
    expect(
        &r,
        1,
        &[
            "p.toml:66:47: `points` must be a number within ±1e9, found -1e308",
            "1 problem in 1 file",
        ],
    );
    let b = q.replacen(
        "[[levels.bands]]\nmin = 0\n",
        "[[levels.bands]]\nmin = nan\n",
        1,
    );
    write(d.path(), "b.toml", &b);
    let r = run_in(d.path(), &["check", "b.toml"]);
    expect(
        &r,
        1,
        &[
            "b.toml:42:7: band `min` must be a finite number, found NaN",
            "1 problem in 1 file",
        ],
    );
    // A finding whose threshold no percentage reaches would silently never fire.
    let f = q.clone()
        + "\n[[findings]]\nid = \"f\"\nname = \"F\"\n\
           when = [{ of = \"buyer\", at_least = 1e308 }]\ninsight = \"I\"\n";
    write(d.path(), "f.toml", &f);
    let r = run_in(d.path(), &["check", "f.toml"]);
    let line = f.lines().count() - 1;
    expect(
        &r,
        1,
        &[
            &format!(
                "f.toml:{line}:36: `at_least` must be a percentage from 0 to 100, found 1e308"
            ),
            "1 problem in 1 file",
        ],
    );
    // Gates: a threshold above any score fails; negative zero is zero.
    let gate = |t: &str| {
        run_in(
            d.path(),
            &[
                "score",
                "-q",
                "q.toml",
                "a.toml",
                &format!("--min-score={t}"),
            ],
        )
        .code
    };
    assert_eq!(gate("1e308"), Some(3));
    assert_eq!(gate("-0.0"), Some(0));
    assert_eq!(gate("75"), Some(0));
    assert_eq!(gate("75.00000000000001"), Some(3));
    assert_eq!(gate("inf"), Some(2));
}

#[test]
fn ask_if_thresholds_that_no_answer_passes_are_refused() {
    let d = workdir();
    let q = read(d.path(), "q.toml")
        + "\n[[questions]]\nid = \"c1\"\nkind = \"text\"\ntext = \"C\"\n\
           ask_if = { question = \"icp\", at_least = 9 }\n\
           \n[[questions]]\nid = \"c2\"\nkind = \"text\"\ntext = \"C\"\n\
           ask_if = { question = \"icp\", at_least = 3, at_most = 2 }\n\
           \n[[questions]]\nid = \"c3\"\nkind = \"text\"\ntext = \"C\"\n\
           ask_if = { question = \"hates\", includes = \"w\\u200baste\" }\n";
    write(d.path(), "c.toml", &q);
    let base = read(d.path(), "q.toml").lines().count();
    let r = run_in(d.path(), &["check", "c.toml"]);
    expect(
        &r,
        1,
        &[
            &format!(
                "c.toml:{}:41: `at_least` must lie on the scale of `icp` (1 to 5), found 9",
                base + 6
            ),
            &format!(
                "c.toml:{}:41: `at_least` (3) is above `at_most` (2): no answer passes, so the \
                 question would never be asked",
                base + 12
            ),
            &format!(
                "c.toml:{}:43: question `hates` has no option `w\\u{{200b}}aste`",
                base + 18
            ),
            "3 problems in 1 file",
        ],
    );
}

// ── Injections ─────────────────────────────────────────────────────────────────────

/// Text that would start TOML lines if written raw into a comment.
const INJ: &str = r"X\n[evil]\nk = 1\r\n# \u2028y\u0085z";

#[test]
fn newline_in_a_title_or_name_writes_no_toml_lines_into_a_template() {
    let d = workdir();
    let q = read(d.path(), "q.toml")
        .replace(
            "title = \"Bad inputs base\"",
            "title = \"Evil\\n[answers]\\nicp = 5\\n# x\"",
        )
        .replace(
            "name = \"Buyer\"",
            "name = \"Buy\\ner\\r\\n[x]\\nrespondent = 1\"",
        )
        // Every other text the template quotes: question text and help, option labels,
        // scale labels; with the line breaks TOML does not count (U+2028, NEL) too.
        .replace(
            "text = \"ICP?\"",
            &format!("text = \"{INJ}\"\nhelp = \"{INJ}\""),
        )
        .replace("label = \"Separately\"", &format!("label = \"{INJ}\""))
        .replace("text = \"Which?\"", &format!("text = \"{INJ}\""))
        .replace(
            "dont_know = true",
            &format!("dont_know = true\nlabels = [\"{INJ}\", \"b\", \"c\", \"d\", \"e\"]"),
        );
    write(d.path(), "evil.toml", &q);
    let r = run_in(d.path(), &["template", "-q", "evil.toml"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(!r.stdout.contains(['\u{2028}', '\u{85}']), "{}", r.stdout);
    let t: toml::Table = r.stdout.parse().unwrap();
    let keys: Vec<&str> = t.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "answers",
            "date",
            "questionnaire",
            "respondent",
            "role",
            "version"
        ]
    );
    assert_eq!(t["respondent"].as_str(), Some(""));
    let answers: Vec<&str> = t["answers"]
        .as_table()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(answers, ["hates", "icp", "metric", "notes", "why"]);
    assert_eq!(t["answers"]["icp"].as_str(), Some(""));
}

#[test]
fn file_names_with_escape_codes_are_escaped_in_checks_ok_and_verbose_lines() {
    let d = workdir();
    let name = "e\x1b[31mvil.toml";
    std::fs::copy(d.path().join("a.toml"), d.path().join(name)).unwrap();
    for verbose in [false, true] {
        let mut args = vec!["check", "-q", "q.toml", name];
        if verbose {
            args.insert(0, "-v");
        }
        let r = run_in(d.path(), &args);
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        let all = format!("{}{}", r.stdout, r.stderr);
        assert!(
            !all.contains('\x1b'),
            "raw escape reached the terminal: {all:?}"
        );
        assert!(
            all.lines()
                .any(|l| l == "e\\u{1b}[31mvil.toml: ok (answers to bi 1.0, complete)"),
            "{all}"
        );
    }
    // `-v` lines name the files read and written.
    let r = run_in(
        d.path(),
        &["-v", "score", "-q", "q.toml", name, "--out", "o\x1b[1m.txt"],
    );
    expect(
        &r,
        0,
        &[
            "tandem: scored e\\u{1b}[31mvil.toml against bi 1.0",
            "tandem: wrote o\\u{1b}[1m.txt",
        ],
    );
}

#[test]
fn json_output_escapes_c1_controls_and_bidi_overrides() {
    let d = workdir();
    let a = read(d.path(), "a.toml").replace(
        "notes = \"fine\"",
        "notes = \"a\\u009b31mb\\u202ec\\u2066d\"",
    );
    write(d.path(), "c1.toml", &a);
    let r = run_in(
        d.path(),
        &["score", "-q", "q.toml", "c1.toml", "--format", "json"],
    );
    for raw in ['\u{9b}', '\u{202e}', '\u{2066}'] {
        assert!(!r.stdout.contains(raw), "raw {raw:?} in JSON");
    }
    assert!(
        r.stdout.contains(r"a\u009b31mb\u202ec\u2066d"),
        "{}",
        r.stdout
    );
    // Escaped, the value is unchanged for a JSON reader.
    let v = json(&r);
    assert_eq!(v["comments"][0]["answer"], "a\u{9b}31mb\u{202e}c\u{2066}d");
}
