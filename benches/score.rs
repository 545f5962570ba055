//! Scoring a folder of N answers files against the floor of just reading and parsing
//! the same files: `cargo bench --bench score` (add `-- 100 1000` to pick sizes).
//!
//! For each N it generates N varied answers files for the default questionnaire, then
//! reports the median of several runs of the floor (read every file and parse it as
//! TOML, `toml::Table`, in this process) and of `tandem score DIR --format json` (the
//! real binary, the same files), their ratio, and the binary's peak resident memory. It also compares the start-up
//! of `tandem --version` with a trivial Rust binary built by the same rustc, and times
//! one pathological file per loader at two sizes (issue 17: these were once quadratic):
//! a time ratio near the size ratio (5) is linear.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_tandem");

/// A small deterministic generator (xorshift), so every run benchmarks the same files.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn generate(dir: &Path, n: usize) {
    let q = tandem::questionnaire::builtin("alignment")
        .unwrap()
        .load()
        .unwrap();
    let roles = ["sales", "marketing", "leadership", "other"];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for i in 0..n {
        let mut answers = std::collections::BTreeMap::new();
        let incomplete = rng.below(10) == 0;
        for (qi, question) in q.questions.iter().enumerate() {
            if incomplete && qi > q.questions.len() / 2 {
                break;
            }
            use tandem::answers::{Answer, Chain};
            use tandem::questionnaire::Kind;
            if question.dont_know && rng.below(15) == 0 {
                answers.insert(question.id.clone(), Answer::DontKnow);
                continue;
            }
            let a = match &question.kind {
                Kind::Single { options } => {
                    Answer::Choice(options[rng.below(options.len())].id.clone())
                }
                Kind::Multi { options } => Answer::Choices(
                    options
                        .iter()
                        .filter(|_| rng.below(3) == 0)
                        .map(|o| o.id.clone())
                        .collect(),
                ),
                Kind::Scale(s) => {
                    Answer::Value(s.min + rng.below((s.max - s.min + 1) as usize) as i64)
                }
                Kind::Text => Answer::Text(format!(
                    "Respondent {i} would start with shared goals and one lead definition."
                )),
                Kind::FiveWhys { .. } => {
                    if rng.below(3) != 0 {
                        continue;
                    }
                    Answer::Chain(Chain {
                        symptom: "Leads are not followed up".into(),
                        whys: vec![
                            "Sales doubts them".into(),
                            "No agreed definition".into(),
                            "Separate targets".into(),
                        ],
                        cause: Some(q.causes[rng.below(q.causes.len())].id.clone()),
                    })
                }
            };
            answers.insert(question.id.clone(), a);
        }
        let set = tandem::answers::AnswerSet {
            questionnaire: q.id.clone(),
            version: q.version.clone(),
            respondent: Some(format!("Respondent {i}")),
            role: Some(roles[rng.below(roles.len())].to_string()),
            date: Some("2026-11-22".into()),
            complete: !incomplete,
            answers,
        };
        // Keep only answers to questions that are asked, as `tandem run` does.
        let mut set = set;
        let ids: Vec<String> = set.answers.keys().cloned().collect();
        for id in ids {
            let qi = q.question_index(&id).unwrap();
            if !tandem::scoring::is_asked(&q, qi, &set.answers) {
                set.answers.remove(&id);
            }
        }
        std::fs::write(
            dir.join(format!("r{i:05}.toml")),
            tandem::answers::to_toml(&q, &set, false),
        )
        .unwrap();
    }
}

fn floor(dir: &Path) -> usize {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let mut keys = 0;
    for p in paths {
        let text = std::fs::read_to_string(&p).unwrap();
        let t: toml::Table = toml::from_str(&text).unwrap();
        keys += t.len();
    }
    keys
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Runs a command, returning its wall time and peak resident memory (KiB).
fn run_measured(cmd: &mut Command) -> (Duration, i64) {
    let start = Instant::now();
    let child = cmd.stdout(std::process::Stdio::null()).spawn().unwrap();
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: wait4 on our own child, with a zeroed rusage it fills in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let elapsed = start.elapsed();
    assert_eq!(r, pid);
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "the command failed"
    );
    std::mem::forget(child);
    (elapsed, usage.ru_maxrss)
}

/// Wall time of `tandem ARGS` in `dir`, whatever its exit code (an invalid file exits 1).
fn timed(dir: &Path, args: &[&str]) -> Duration {
    let start = Instant::now();
    let status = Command::new(BIN)
        .current_dir(dir)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(
        status.code().is_some_and(|c| c <= 1),
        "tandem {args:?}: {status}"
    );
    start.elapsed()
}

const PATHOLOGICAL_Q: &str = "[questionnaire]\nid = \"p\"\nversion = \"1\"\ntitle = \"P\"\n\
    [[dimensions]]\nid = \"d\"\nname = \"D\"\n\
    [[causes]]\nid = \"c\"\nname = \"C\"\nexplanation = \"E\"\nremedies = [\"R\"]\n\
    [[questions]]\nid = \"s\"\nkind = \"scale\"\ndimension = \"d\"\nmin = 1\nmax = 5\ntext = \"S\"\n";

/// Writes the three pathological cases of size `n` into `dir`; returns their commands.
fn pathological_files(dir: &Path, n: usize) -> Vec<(&'static str, Vec<String>)> {
    let options: String = (0..n)
        .map(|i| format!("  {{ id = \"o{i}\", label = \"O{i}\", points = 1 }},\n"))
        .collect();
    let multi = format!(
        "{PATHOLOGICAL_Q}[[questions]]\nid = \"m\"\nkind = \"multi\"\ndimension = \"d\"\n\
         text = \"M\"\noptions = [\n{options}]\n"
    );
    std::fs::write(dir.join("multi.toml"), multi).unwrap();
    let ticks: Vec<String> = (0..n).map(|i| format!("\"o{i}\"")).collect();
    let head = "questionnaire = \"p\"\nversion = \"1\"\n[answers]\ns = 3\n";
    let all = format!("{head}m = [{}]\n", ticks.join(", "));
    std::fs::write(dir.join("ticked.toml"), all).unwrap();
    let dup: String = (0..n)
        .map(|_| "[[questions]]\nid = \"s\"\nkind = \"text\"\ntext = \"T\"\n")
        .collect();
    std::fs::write(dir.join("dup.toml"), format!("{PATHOLOGICAL_Q}{dup}")).unwrap();
    let unknown: String = (0..n).map(|i| format!("u{i} = 1\n")).collect();
    std::fs::write(dir.join("unknown.toml"), format!("{head}{unknown}")).unwrap();
    let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect();
    vec![
        (
            "multi question, every option ticked",
            args(&["score", "-q", "multi.toml", "ticked.toml"]),
        ),
        ("questionnaire, duplicate ids", args(&["check", "dup.toml"])),
        (
            "answers, unknown keys",
            args(&["score", "-q", "multi.toml", "unknown.toml"]),
        ),
    ]
}

fn pathological() {
    let (small, large) = (20_000, 100_000);
    println!("pathological inputs ({small} and {large} items; linear if the ratio is near 5):");
    let times = |n: usize| {
        let dir = tempfile::tempdir().unwrap();
        pathological_files(dir.path(), n)
            .into_iter()
            .map(|(what, args)| {
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                (
                    what,
                    median((0..3).map(|_| timed(dir.path(), &args)).collect()),
                )
            })
            .collect::<Vec<_>>()
    };
    for ((what, a), (_, b)) in times(small).into_iter().zip(times(large)) {
        println!(
            "  {what:<40} {:>9.1} ms {:>9.1} ms  ratio {:.2}",
            a.as_secs_f64() * 1e3,
            b.as_secs_f64() * 1e3,
            b.as_secs_f64() / a.as_secs_f64()
        );
    }
}

fn main() {
    let mut sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    if sizes.is_empty() {
        sizes = vec![100, 1_000, 10_000];
    }
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    println!("tandem score benchmark: {} cores available", threads);
    println!(
        "{:>7} {:>12} {:>12} {:>7} {:>14}",
        "files", "floor (ms)", "tandem (ms)", "ratio", "peak RSS (MiB)"
    );
    for &n in &sizes {
        let dir = tempfile::tempdir().unwrap();
        generate(dir.path(), n);
        let runs = if n >= 10_000 { 5 } else { 9 };
        floor(dir.path()); // warm the page cache
        let floor_t = median(
            (0..runs)
                .map(|_| {
                    let t = Instant::now();
                    std::hint::black_box(floor(dir.path()));
                    t.elapsed()
                })
                .collect(),
        );
        let mut rss = 0;
        let tandem_t = median(
            (0..runs)
                .map(|_| {
                    let (t, m) = run_measured(Command::new(BIN).args([
                        "score",
                        dir.path().to_str().unwrap(),
                        "--format",
                        "json",
                    ]));
                    rss = rss.max(m);
                    t
                })
                .collect(),
        );
        println!(
            "{:>7} {:>12.1} {:>12.1} {:>7.2} {:>14.1}",
            n,
            floor_t.as_secs_f64() * 1e3,
            tandem_t.as_secs_f64() * 1e3,
            tandem_t.as_secs_f64() / floor_t.as_secs_f64(),
            rss as f64 / 1024.0
        );
    }
    pathological();
    // Start-up: `tandem --version` against a trivial Rust binary.
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("hello.rs");
    std::fs::write(&src, "fn main() { println!(\"hello\"); }\n").unwrap();
    let hello = dir.path().join("hello");
    let ok = Command::new("rustc")
        .args(["-O", "-o", hello.to_str().unwrap(), src.to_str().unwrap()])
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    let time = |cmd: &Path, args: &[&str]| {
        median(
            (0..51)
                .map(|_| run_measured(Command::new(cmd).args(args)).0)
                .collect(),
        )
    };
    let t = time(Path::new(BIN), &["--version"]);
    if ok {
        let h = time(&hello, &[]);
        println!(
            "start-up: tandem --version {:.2} ms, trivial Rust binary {:.2} ms (ratio {:.2})",
            t.as_secs_f64() * 1e3,
            h.as_secs_f64() * 1e3,
            t.as_secs_f64() / h.as_secs_f64()
        );
    } else {
        println!(
            "start-up: tandem --version {:.2} ms (no rustc to build the trivial binary)",
            t.as_secs_f64() * 1e3
        );
    }
}
