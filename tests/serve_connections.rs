//! `tandem serve`'s connections and what it prints (#29): half-sent heads and bodies
//! are dropped within their deadlines, a declared body over the limit is refused at
//! once, and questionnaire titles and folder names reach the terminal and the pages
//! without control, invisible or bidirectional characters.

mod serve_support;

use serve_support::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use tandem::serve::{self, Options};

fn server(dir: &std::path::Path) -> serve::Server {
    let (_, q) = tandem::questionnaire::resolve("pulse").unwrap();
    serve::start(Options::new(
        q,
        dir.to_path_buf(),
        "127.0.0.1:0".parse().unwrap(),
    ))
    .unwrap()
}

/// Sends `head` and waits for the server to answer or close; returns what it sent
/// and how long it took.
fn send_and_wait(addr: std::net::SocketAddr, head: &[u8]) -> (String, Duration) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let start = Instant::now();
    s.write_all(head).unwrap();
    let mut got = Vec::new();
    let _ = s.read_to_end(&mut got);
    (String::from_utf8_lossy(&got).to_string(), start.elapsed())
}

#[test]
fn half_sent_requests_are_dropped_and_huge_bodies_refused_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let s = server(tmp.path());
    let addr = s.addr;
    let code = s.join_code().to_string();
    // The three run side by side: the two deadlines are waited for together.
    let head =
        std::thread::spawn(move || send_and_wait(addr, b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: "));
    let body = {
        let code = code.clone();
        std::thread::spawn(move || {
            let h = format!(
                "POST /j/{code}/start HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nrole=sa"
            );
            send_and_wait(addr, h.as_bytes())
        })
    };
    let huge = format!(
        "POST /j/{code}/start HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000000000\r\n\r\n"
    );
    let (answer, took) = send_and_wait(addr, huge.as_bytes());
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(took < Duration::from_secs(2), "refused at once: {took:?}");

    let (answer, took) = head.join().unwrap();
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
        "{answer}"
    );
    assert!(took >= serve::http::HEADER_TIMEOUT - Duration::from_millis(500));
    assert!(
        took < serve::http::HEADER_TIMEOUT + Duration::from_secs(3),
        "{took:?}"
    );

    let (answer, took) = body.join().unwrap();
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(
        took < serve::http::BODY_TIMEOUT + Duration::from_secs(3),
        "{took:?}"
    );
    // The server is still there for everyone else.
    let r = Client::new(addr).get(&format!("/j/{code}"));
    assert_eq!(r.status, 200);
    s.stop().unwrap();
}

#[test]
fn titles_and_folder_names_are_shown_without_control_characters() {
    let tmp = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(["export", "pulse"])
        .output()
        .unwrap();
    let evil = "Pulse\u{1b}]0;owned\u{7}\u{9b}31m\u{202e}dlrow";
    let text = String::from_utf8(out.stdout).unwrap().replacen(
        "title = \"Sales and marketing alignment pulse\"",
        &format!(
            "title = \"{}\"",
            evil.replace('\u{1b}', "\\u001b")
                .replace('\u{7}', "\\u0007")
        ),
        1,
    );
    let q = tmp.path().join("q.toml");
    std::fs::write(&q, text).unwrap();
    let dir = tmp.path().join("room\u{1b}[2J\u{202e}");
    let mut child = Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(["serve", "--listen", "127.0.0.1:0", "-q"])
        .arg(&q)
        .arg("--dir")
        .arg(&dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut banner = String::new();
    let mut url = String::new();
    for _ in 0..100 {
        let mut line = String::new();
        if out.read_line(&mut line).unwrap() == 0 {
            break;
        }
        if let Some(u) = line.strip_prefix("Participants: ") {
            url = u.trim().to_string();
        }
        banner.push_str(&line);
        if line.starts_with("Answers go to") {
            break;
        }
    }
    let bad = |s: &str| {
        s.chars().any(|c| {
            (c.is_control() && c != '\n') || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
    };
    assert!(banner.contains("Pulse]0;owned"), "{banner}");
    assert!(!bad(&banner), "{banner:?}");
    assert!(banner.contains("Answers go to"), "{banner}");
    let hostport = url.trim_start_matches("http://").split('/').next().unwrap();
    let addr = hostport.parse().unwrap();
    let page = Client::new(addr).get(&format!("/j/{}", code_of(&url)));
    assert!(page.body.contains("Pulse]0;owned"), "{}", page.body);
    assert!(!bad(&page.body), "the join page");
    let _ = child.kill();
    let _ = child.wait();
}
