//! `tandem serve` under a room's load: `cargo bench --bench serve` (add `-- 50 200` to
//! pick the numbers of participants, `-- 1000` for a large room, `--arrive=60` to have
//! them arrive one after another over 60 seconds instead of all at once, `--burst` for
//! the stress run only).
//!
//! For each N it starts the real binary on 127.0.0.1 with an empty folder, and N
//! simulated participants (one thread each, released together) go through the pulse
//! questionnaire: join page, role, ten questions (page and answer each), review,
//! submit, thank-you page. Each pauses 0.5–1.5 s on a page before answering (a fast
//! reader: real people take longer), drawn from a fixed seed. A last "burst" run has
//! 200 participants answer with no pause at all, as a stress test. It reports
//! completed sessions, p50/p99 latency per page, the server's peak resident memory,
//! and checks that exactly N complete answers files are on disk. Loopback only; every
//! loop is bounded.

#[path = "../tests/serve_support/mod.rs"]
mod serve_support;

use serve_support::*;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::sync::{Arc, Barrier, Mutex};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_tandem");

type Timings = BTreeMap<&'static str, Vec<Duration>>;

/// One participant's session; every request's time under its page's name.
fn session(
    addr: SocketAddr,
    code: &str,
    role: &str,
    seed: usize,
    think: bool,
) -> Result<Timings, String> {
    let mut t = Timings::new();
    // xorshift from the participant's number: the same pauses on every run.
    let mut rng = (seed as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    let mut pause = || {
        if think {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            std::thread::sleep(Duration::from_millis(500 + rng % 1000));
        }
    };
    let mut c = Client::new(addr);
    let mut timed = |name: &'static str, f: &mut dyn FnMut() -> Resp| -> Resp {
        let start = Instant::now();
        let r = f();
        t.entry(name).or_default().push(start.elapsed());
        r
    };
    let join = timed("GET join", &mut || c.clone().get(&format!("/j/{code}")));
    let csrf = input_value(&join.body, "csrf").ok_or("no csrf on the join page")?;
    pause();
    let r = timed("POST role", &mut || {
        c.post(
            &format!("/j/{code}/start"),
            &form(&[("csrf", &csrf), ("role", role)]),
        )
    });
    if r.status != 303 {
        return Err(format!("role: {}", r.status));
    }
    let mut at = r.location();
    // A pulse session is 14 pages; 40 is a generous bound.
    for step in 0..40 {
        if at.ends_with("/done") {
            let r = timed("GET done", &mut || c.get(&at));
            return if r.status == 200 {
                Ok(t)
            } else {
                Err(format!("done: {}", r.status))
            };
        }
        if at.ends_with("/review") {
            let page = timed("GET review", &mut || c.get(&at));
            let csrf = input_value(&page.body, "csrf").ok_or("no submit form")?;
            let r = timed("POST submit", &mut || {
                c.post(&format!("/j/{code}/submit"), &form(&[("csrf", &csrf)]))
            });
            at = r.location();
            continue;
        }
        let page = timed("GET question", &mut || c.get(&at));
        if page.status != 200 {
            return Err(format!("{at}: {}", page.status));
        }
        let csrf = input_value(&page.body, "csrf").ok_or("no csrf")?;
        let values = input_values(&page.body, "a");
        let v = values[(seed + step) % values.len()].clone();
        pause();
        let r = timed("POST answer", &mut || {
            c.post(&at, &form(&[("csrf", &csrf), ("a", &v)]))
        });
        if r.status != 303 {
            return Err(format!("{at}: {}", r.status));
        }
        at = r.location();
    }
    Err("the session did not end".into())
}

fn percentile(v: &mut [Duration], p: f64) -> Duration {
    v.sort();
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i.min(v.len() - 1)]
}

/// The server's peak resident memory in KiB (Linux).
fn peak_kib(pid: u32) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    s.lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn run(n: usize, think: bool, arrive: Duration) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("room");
    // Every simulated participant comes from 127.0.0.1: the per-client join limit is
    // raised as a load test from one machine must, and the total to the room's size.
    let room = (n + 10).to_string();
    let mut child = Command::new(BIN)
        .args(["serve", "-q", "pulse", "--listen", "127.0.0.1:0"])
        .args([
            "--joins-per-client",
            &room,
            "--max-participants",
            &room,
            "--dir",
        ])
        .arg(&dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut url = String::new();
    let mut line = String::new();
    for _ in 0..100 {
        line.clear();
        if out.read_line(&mut line).unwrap() == 0 {
            break;
        }
        if let Some(u) = line.strip_prefix("Participants: ") {
            url = u.trim().to_string();
            break;
        }
    }
    let addr: SocketAddr = url
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let code = code_of(&url);
    let idle_kib = peak_kib(child.id());

    let roles = ["sales", "marketing", "leadership", "other"];
    let barrier = Arc::new(Barrier::new(n));
    let all = Arc::new(Mutex::new(Timings::new()));
    let failures = Arc::new(Mutex::new(Vec::new()));
    let wall = Instant::now();
    let threads: Vec<_> = (0..n)
        .map(|i| {
            let (barrier, all, failures, code) =
                (barrier.clone(), all.clone(), failures.clone(), code.clone());
            std::thread::Builder::new()
                .stack_size(256 * 1024)
                .spawn(move || {
                    barrier.wait();
                    // Arrivals spread evenly over `arrive` (none: all at once).
                    std::thread::sleep(arrive.mul_f64(i as f64 / n as f64));
                    // A broken response (the connection closed early) is a failure to
                    // count, not the end of the benchmark.
                    let outcome = std::panic::catch_unwind(|| {
                        session(addr, &code, roles[i % roles.len()], i, think)
                    })
                    .unwrap_or_else(|_| Err("connection closed without a response".into()));
                    match outcome {
                        Ok(t) => {
                            let mut all = all.lock().unwrap();
                            for (k, v) in t {
                                all.entry(k).or_default().extend(v);
                            }
                        }
                        Err(e) => failures.lock().unwrap().push(e),
                    }
                })
                .unwrap()
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let elapsed = wall.elapsed();
    let peak = peak_kib(child.id());
    // SAFETY: signalling our own child; it stops cleanly on SIGINT.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGINT);
    }
    let _ = child.wait();

    let failures = failures.lock().unwrap();
    let files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "toml")
                && !p.file_name().unwrap().to_string_lossy().starts_with('.')
        })
        .collect();
    let complete = files
        .iter()
        .filter(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .contains("complete = true")
        })
        .count();
    let bytes: u64 = files
        .iter()
        .map(|p| std::fs::metadata(p).unwrap().len())
        .sum();
    println!(
        "\n{n} participants{}, pulse questionnaire, 127.0.0.1, {:.1} s wall",
        match (think, arrive.is_zero()) {
            (false, _) => " answering with no pause (burst)".to_string(),
            (true, true) => " arriving together".to_string(),
            (true, false) => format!(" arriving over {} s", arrive.as_secs()),
        },
        elapsed.as_secs_f64()
    );
    println!(
        "  completed sessions: {} of {n} ({} failed)",
        n - failures.len(),
        failures.len()
    );
    for f in failures.iter().take(5) {
        println!("    failure: {f}");
    }
    println!(
        "  answers files on disk: {} ({complete} complete, {} KiB)",
        files.len(),
        bytes / 1024
    );
    println!(
        "  {:<14} {:>7} {:>9} {:>9}",
        "page", "count", "p50 ms", "p99 ms"
    );
    let mut all = all.lock().unwrap();
    let mut worst = Duration::ZERO;
    for (k, v) in all.iter_mut() {
        let (p50, p99) = (percentile(v, 0.5), percentile(v, 0.99));
        worst = worst.max(p99);
        println!(
            "  {:<14} {:>7} {:>9.1} {:>9.1}",
            k,
            v.len(),
            p50.as_secs_f64() * 1e3,
            p99.as_secs_f64() * 1e3
        );
    }
    println!(
        "  server peak memory: {} KiB (after start-up: {} KiB)",
        peak.map_or("?".into(), |k| k.to_string()),
        idle_kib.map_or("?".into(), |k| k.to_string())
    );
    println!(
        "  worst p99: {:.1} ms (target: under 100 ms); answers lost: {}",
        worst.as_secs_f64() * 1e3,
        n - complete
    );
    assert!(files.len() <= n, "at most one answers file per participant");
    assert_eq!(
        complete,
        n - failures.len(),
        "every session's answers complete on disk"
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let burst_only = args.iter().any(|a| a == "--burst");
    let arrive = args
        .iter()
        .find_map(|a| a.strip_prefix("--arrive="))
        .and_then(|s| s.parse::<u64>().ok())
        .map_or(Duration::ZERO, Duration::from_secs);
    let sizes: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() {
        vec![50, 200]
    } else {
        sizes
    };
    if !burst_only {
        for &n in &sizes {
            run(n, true, arrive);
        }
    }
    run(*sizes.last().unwrap_or(&200), false, Duration::ZERO);
}
