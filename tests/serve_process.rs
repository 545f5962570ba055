//! `tandem serve` as a process: kill -9 loses at most the page being submitted; Ctrl-C
//! (SIGINT) finishes and says how to score; clear one-line errors.

mod serve_support;

use serve_support::*;
use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};

struct Running {
    child: Child,
    addr: SocketAddr,
    code: String,
    out: BufReader<std::process::ChildStdout>,
}

fn spawn(dir: &Path) -> Running {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(["serve", "-q", "pulse", "--listen", "127.0.0.1:0", "--dir"])
        .arg(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let (mut addr, mut code) = (None, None);
    let mut line = String::new();
    // Bounded: the banner is a few dozen lines.
    for _ in 0..100 {
        line.clear();
        if out.read_line(&mut line).unwrap() == 0 {
            break;
        }
        if let Some(url) = line.strip_prefix("Participants: ") {
            let url = url.trim();
            let hostport = url.trim_start_matches("http://").split('/').next().unwrap();
            addr = Some(hostport.parse().unwrap());
            code = Some(code_of(url));
        }
        if line.starts_with("Answers go to") {
            break;
        }
    }
    Running {
        child,
        addr: addr.expect("the participants' address"),
        code: code.unwrap(),
        out,
    }
}

#[test]
fn kill_9_loses_at_most_the_page_being_submitted() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("room");
    let (_, q) = tandem::questionnaire::resolve("pulse").unwrap();
    let mut run = spawn(&dir);
    let code = run.code.clone();
    let mut c = Client::new(run.addr);
    let join = c.get(&format!("/j/{code}"));
    let csrf = input_value(&join.body, "csrf").unwrap();
    c.post(
        &format!("/j/{code}/start"),
        &form(&[("csrf", &csrf), ("role", "sales")]),
    );
    for i in 0..4 {
        let at = format!("/j/{code}/q/{}", q.questions[i].id);
        let p = c.get(&at);
        let t = input_value(&p.body, "csrf").unwrap();
        assert_eq!(c.post(&at, &form(&[("csrf", &t), ("a", "5")])).status, 303);
    }
    // SIGKILL: no handler runs, nothing is flushed on the way out.
    run.child.kill().unwrap();
    run.child.wait().unwrap();
    let files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "toml")
                && !p.file_name().unwrap().to_string_lossy().starts_with('.')
        })
        .collect();
    assert_eq!(files.len(), 1);
    // Every page answered before the kill is in the file, which is valid.
    let (_, _, set) =
        tandem::load::read_answers(&files[0], tandem::load::Against::BUILTIN).unwrap();
    assert_eq!(set.answers.len(), 4);
    assert!(!set.complete);
    // Restart: the participant carries on at question 5 with the same cookie.
    let mut run = spawn(&dir);
    assert_eq!(run.code, code);
    c.addr = run.addr;
    let r = c.get(&format!("/j/{code}"));
    assert_eq!(r.location(), format!("/j/{code}/q/{}", q.questions[4].id));
    run.child.kill().unwrap();
    run.child.wait().unwrap();
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_and_says_how_to_score() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("room");
    let mut run = spawn(&dir);
    answer_all(&mut Client::new(run.addr), &run.code, "marketing", &|v| {
        v[2].clone()
    });
    // SAFETY: signalling our own child process.
    unsafe {
        libc::kill(run.child.id() as i32, libc::SIGINT);
    }
    let status = run.child.wait().unwrap();
    assert!(status.success());
    let mut rest = String::new();
    run.out.read_to_string(&mut rest).unwrap();
    assert!(rest.contains("1 participants, 1 finished"), "{rest}");
    assert!(
        rest.contains(&format!("tandem score {}", dir.display())),
        "{rest}"
    );
    let score = Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(["score", "--strict"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        score.status.success(),
        "{}",
        String::from_utf8_lossy(&score.stderr)
    );
}

#[test]
fn errors_are_one_line_with_exit_1() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("x.toml"),
        "questionnaire = \"alignment\"\nversion = \"1.0\"\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(["serve", "-q", "pulse", "--listen", "127.0.0.1:0", "--dir"])
        .arg(tmp.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("holds answers to alignment 1.0"), "{err}");

    // A file where the folder should be.
    let out = Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(["serve", "--listen", "127.0.0.1:0", "--dir"])
        .arg(tmp.path().join("x.toml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("is a file, not a folder"), "{err}");

    // A port in use.
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(["serve", "-q", "pulse", "--listen", &port, "--dir"])
        .arg(tmp.path().join("new"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("port is in use"), "{err}");
}
