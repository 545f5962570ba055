//! Scoring a folder of N answers files against the floor of just reading and parsing
//! the same files: `cargo bench --bench score` (add `-- 100 1000` to pick sizes).
//!
//! For each N it generates N varied answers files for the default questionnaire, then
//! reports the median of several runs of the floor (read every file and parse it as
//! TOML, `toml::Table`, in this process) and of `tandem score DIR --format json` (the
//! real binary, the same files), their ratio, and the binary's peak resident memory. It also compares the start-up
//! of `tandem --version` with a trivial Rust binary built by the same rustc.

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
