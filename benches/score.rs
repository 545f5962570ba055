//! Scoring a folder of N answers files against the floor of just reading and parsing
//! the same files: `cargo bench --bench score` (add `-- 1000 10000` to pick sizes,
//! `json text` to pick formats, `--no-extras` to skip the start-up and pathological
//! timings).
//!
//! For each N (1,000, 10,000 and 100,000 by default) it generates N varied answers
//! files for the default questionnaire. The floor lists the folder, reads every file
//! and parses it into a `toml::Table`, in 256-file chunks on as many threads as
//! tandem uses (all cores), in this process. Each round runs the floor and then
//! `tandem score DIR --format F` (the real binary, the same files) back to back, so
//! load from elsewhere on the machine hits both alike; the table gives, per format,
//! the median over rounds of tandem's wall and CPU (user + system) time, of the
//! per-round ratios to the floor, and the largest peak resident memory.
//!
//! The targets (issue 25), checked in the last column: at 10,000 and 100,000 files,
//! every format within 1.4× the floor in wall and in CPU time; at 100,000 files, a peak
//! of 96 MiB at most. Start-up has no target: the times of `tandem --version`,
//! `tandem list` and scoring one file are reported as measured (beside a trivial Rust
//! binary's, for scale), with the time parsing and validating the built-in
//! questionnaire takes in this process. It also times one pathological file per loader
//! at two sizes (issue 17: these were once quadratic): a time ratio near the size ratio
//! (5) is linear.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The binary measured: `TANDEM_BIN` when set (to compare two builds on one harness),
/// else the one cargo built.
fn bin() -> PathBuf {
    std::env::var_os("TANDEM_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_tandem")))
}

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
                answers.insert(question.id.to_string(), Answer::DontKnow);
                continue;
            }
            let a = match &question.kind {
                Kind::Single { options } => {
                    Answer::Choice(options[rng.below(options.len())].id.to_string())
                }
                Kind::Multi { options } => Answer::Choices(
                    options
                        .iter()
                        .filter(|_| rng.below(3) == 0)
                        .map(|o| o.id.to_string())
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
                        cause: Some(q.causes[rng.below(q.causes.len())].id.to_string()),
                    })
                }
            };
            answers.insert(question.id.to_string(), a);
        }
        let set = tandem::answers::AnswerSet {
            questionnaire: q.id.to_string(),
            version: q.version.to_string(),
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

/// Paths of the files in `dir`, sorted (what `tandem score DIR` reads).
fn listing(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    paths
}

/// The floor: list the folder, then read each file and parse it into a `toml::Table`,
/// in 256-file chunks handed to `threads` threads (the chunking tandem uses).
fn floor(dir: &Path, threads: usize) -> usize {
    let paths = listing(dir);
    let chunks: Vec<&[PathBuf]> = paths.chunks(256).collect();
    let next = AtomicUsize::new(0);
    let keys = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..threads.min(chunks.len()).max(1) {
            scope.spawn(|| {
                while let Some(chunk) = chunks.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let mut n = 0;
                    for p in *chunk {
                        let text = std::fs::read_to_string(p).unwrap();
                        let t: toml::Table = toml::from_str(&text).unwrap();
                        n += t.len();
                    }
                    keys.fetch_add(n, Ordering::Relaxed);
                }
            });
        }
    });
    keys.into_inner()
}

/// User + system CPU time of this process so far.
fn cpu_self() -> Duration {
    // SAFETY: getrusage fills in the zeroed struct it is given.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) };
    cpu_of(&u)
}

fn cpu_of(u: &libc::rusage) -> Duration {
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(u.ru_utime) + tv(u.ru_stime)
}

/// Wall and CPU time of one floor run.
fn floor_measured(dir: &Path, threads: usize) -> Measure {
    let (c, t) = (cpu_self(), Instant::now());
    std::hint::black_box(floor(dir, threads));
    Measure {
        wall: t.elapsed(),
        cpu: cpu_self() - c,
        rss_kib: 0,
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// What one run cost.
#[derive(Clone, Copy)]
struct Measure {
    wall: Duration,
    cpu: Duration,
    rss_kib: i64,
}

/// Runs a command, returning its wall time, CPU time and peak resident memory.
fn run_measured(cmd: &mut Command) -> Measure {
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
    Measure {
        wall: elapsed,
        cpu: cpu_of(&usage),
        rss_kib: usage.ru_maxrss,
    }
}

/// Wall time of `tandem ARGS` in `dir`, whatever its exit code (an invalid file exits 1).
fn timed(dir: &Path, args: &[&str]) -> Duration {
    let start = Instant::now();
    let status = Command::new(bin())
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

fn median_f(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

const FORMATS: [&str; 6] = ["json", "csv", "text", "markdown", "html", "slides"];

/// At most this many times the floor's wall and CPU time, from 10,000 files up.
const MAX_RATIO: f64 = 1.4;
/// Peak resident memory at 100,000 files, at most.
const MAX_PEAK_MIB: f64 = 96.0;

/// What the targets say of one row: `ok`, `-` (no target at this size) or what missed.
fn verdict(n: usize, r: &Row) -> String {
    if n < 10_000 {
        return "-".into();
    }
    let mut missed = Vec::new();
    if r.wall_ratio > MAX_RATIO {
        missed.push("wall");
    }
    if r.cpu_ratio > MAX_RATIO {
        missed.push("CPU");
    }
    if n >= 100_000 && r.rss_kib as f64 / 1024.0 > MAX_PEAK_MIB {
        missed.push("memory");
    }
    match missed.is_empty() {
        true => "ok".into(),
        false => format!("MISSED: {}", missed.join(", ")),
    }
}

/// For each format: the median over `runs` rounds of (wall ratio, CPU ratio) against
/// the floor run just before it, and the largest peak memory seen.
fn folder(dir: &Path, threads: usize, runs: usize, formats: &[&str]) -> (Measure, Vec<Row>) {
    floor(dir, threads); // warm the page cache
    let mut floors = Vec::new();
    let mut per: Vec<Vec<(Measure, Measure)>> = vec![Vec::new(); formats.len()];
    for _ in 0..runs {
        for (i, f) in formats.iter().enumerate() {
            // Back to back, so load from elsewhere on the machine hits both alike.
            let fl = floor_measured(dir, threads);
            let t = run_measured(Command::new(bin()).args([
                "score",
                dir.to_str().unwrap(),
                "--format",
                f,
            ]));
            floors.push(fl);
            per[i].push((fl, t));
        }
    }
    let floor_med = Measure {
        wall: median(floors.iter().map(|m| m.wall).collect()),
        cpu: median(floors.iter().map(|m| m.cpu).collect()),
        rss_kib: 0,
    };
    let rows = per
        .iter()
        .map(|v| Row {
            wall: median(v.iter().map(|(_, t)| t.wall).collect()),
            cpu: median(v.iter().map(|(_, t)| t.cpu).collect()),
            wall_ratio: median_f(
                v.iter()
                    .map(|(f, t)| t.wall.as_secs_f64() / f.wall.as_secs_f64())
                    .collect(),
            ),
            cpu_ratio: median_f(
                v.iter()
                    .map(|(f, t)| t.cpu.as_secs_f64() / f.cpu.as_secs_f64())
                    .collect(),
            ),
            rss_kib: v.iter().map(|(_, t)| t.rss_kib).max().unwrap_or(0),
        })
        .collect();
    (floor_med, rows)
}

struct Row {
    wall: Duration,
    cpu: Duration,
    wall_ratio: f64,
    cpu_ratio: f64,
    rss_kib: i64,
}

/// Median start-up of `cmd ARGS` over 51 runs.
fn startup(cmd: &Path, args: &[&str], dir: &Path) -> Duration {
    median(
        (0..51)
            .map(|_| run_measured(Command::new(cmd).current_dir(dir).args(args)).wall)
            .collect(),
    )
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `--generate DIR N` only writes the files (for profiling by hand).
    if let [flag, dir, n, ..] = args.as_slice()
        && flag == "--generate"
    {
        std::fs::create_dir_all(dir).unwrap();
        generate(Path::new(dir), n.parse().unwrap());
        return;
    }
    let mut sizes: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    if sizes.is_empty() {
        sizes = vec![1_000, 10_000, 100_000];
    }
    // Formats named on the command line (`-- 10000 json text`), else all of them.
    let mut formats: Vec<&str> = FORMATS
        .iter()
        .copied()
        .filter(|f| args.iter().any(|a| a == f))
        .collect();
    if formats.is_empty() {
        formats = FORMATS.to_vec();
    }
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    println!(
        "tandem score benchmark: {threads} threads for tandem and for the floor (read + parse \
         each file into toml::Table, 256-file chunks); ratios are medians of per-round \
         ratios, each tandem run right after a floor run"
    );
    println!(
        "targets from 10,000 files: wall and CPU ≤ {MAX_RATIO}× the floor; at 100,000 files: \
         peak ≤ {MAX_PEAK_MIB} MiB"
    );
    println!(
        "{:>7} {:>9} {:>11} {:>11} {:>11} {:>11} {:>7} {:>7} {:>9}  targets",
        "files",
        "format",
        "floor wall",
        "floor CPU",
        "wall (ms)",
        "CPU (ms)",
        "wall ÷",
        "CPU ÷",
        "peak MiB",
    );
    let mut missed = 0;
    for &n in &sizes {
        let dir = tempfile::tempdir().unwrap();
        generate(dir.path(), n);
        let runs = match n {
            0..10_000 => 7,
            10_000..100_000 => 5,
            _ => 3,
        };
        let (fl, rows) = folder(dir.path(), threads, runs, &formats);
        for (f, r) in formats.iter().zip(rows) {
            let v = verdict(n, &r);
            missed += usize::from(v.starts_with("MISSED"));
            println!(
                "{:>7} {:>9} {:>11.1} {:>11.1} {:>11.1} {:>11.1} {:>7.2} {:>7.2} {:>9.1}  {v}",
                n,
                f,
                fl.wall.as_secs_f64() * 1e3,
                fl.cpu.as_secs_f64() * 1e3,
                r.wall.as_secs_f64() * 1e3,
                r.cpu.as_secs_f64() * 1e3,
                r.wall_ratio,
                r.cpu_ratio,
                r.rss_kib as f64 / 1024.0
            );
        }
    }
    println!(
        "{}",
        match missed {
            0 => "every target met".to_string(),
            n => format!("{n} row(s) missed a target"),
        }
    );
    if args.iter().any(|a| a == "--no-extras") {
        return;
    }
    pathological();
    // Start-up, as measured: one file, `tandem list`, and a trivial Rust binary for scale.
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), 1);
    let src = dir.path().join("hello.rs");
    std::fs::write(&src, "fn main() { println!(\"hello\"); }\n").unwrap();
    let hello = dir.path().join("hello");
    let ok = Command::new("rustc")
        .args(["-O", "-o", hello.to_str().unwrap(), src.to_str().unwrap()])
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    // Both binaries are timed as installed copies (what `cargo install` leaves): a file
    // the linker has just written was seen to start up to 0.2 ms slower than the same
    // bytes copied.
    let bin = dir.path().join("tandem-installed");
    std::fs::copy(self::bin(), &bin).unwrap();
    let hello_installed = dir.path().join("hello-installed");
    if ok && std::fs::copy(&hello, &hello_installed).is_ok() {
        let h = startup(&hello_installed, &[], dir.path());
        println!(
            "start-up: a trivial Rust binary {:.2} ms",
            h.as_secs_f64() * 1e3
        );
    }
    for args in [&["--version"][..], &["list"], &["score", "r00000.toml"]] {
        let t = startup(&bin, args, dir.path());
        println!(
            "start-up: tandem {} {:.2} ms",
            args.join(" "),
            t.as_secs_f64() * 1e3
        );
    }
    let b = tandem::questionnaire::builtin("alignment").unwrap();
    let parse = median(
        (0..51)
            .map(|_| {
                let t = Instant::now();
                // `parse`, not `load`: a run keeps the built-in once parsed.
                std::hint::black_box(tandem::questionnaire::parse(&b.source()).unwrap());
                t.elapsed()
            })
            .collect(),
    );
    println!(
        "parsing and validating the built-in alignment questionnaire ({} KB of TOML): {:.2} ms",
        b.text.len() / 1024,
        parse.as_secs_f64() * 1e3
    );
}
