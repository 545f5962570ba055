//! A minimal WebDriver client for the headless-Chromium tests: chromedriver on a free
//! loopback port, one session per browser profile, over the loopback HTTP client in
//! `serve_support`. Shared by `serve_browser.rs` and `slides_browser.rs`.
#![allow(dead_code)]

use crate::serve_support::request;
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// One WebDriver command; its `value`. A status of 400 or more fails the test.
pub fn call(addr: SocketAddr, method: &str, path: &str, body: Option<Value>) -> Value {
    let text = body.map(|b| b.to_string());
    let r = request(
        addr,
        method,
        path,
        &[("Content-Type", "application/json")],
        text.as_deref().map(str::as_bytes),
    );
    let v: Value = serde_json::from_str(&r.body).unwrap_or(Value::Null);
    assert!(
        r.status < 400,
        "WebDriver {method} {path}: {} {}",
        r.status,
        r.body
    );
    v["value"].clone()
}

/// chromedriver on a free loopback port, killed when dropped.
pub struct ChromeDriver {
    child: Child,
    pub addr: SocketAddr,
}

impl ChromeDriver {
    pub fn start(driver: &Path) -> ChromeDriver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(driver)
            .args([format!("--port={port}"), "--allowed-ips=127.0.0.1".into()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
        let ready = (0..100).any(|_| {
            std::thread::sleep(Duration::from_millis(100));
            std::net::TcpStream::connect(addr).is_ok()
        });
        assert!(ready, "chromedriver did not start");
        ChromeDriver { child, addr }
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The page a session shows: exactly `width`×`height` CSS pixels (device metrics, so
/// window decorations do not count) at `pixel_ratio`.
#[derive(Debug, Clone, Copy)]
pub struct Viewport {
    pub width: u32,
    pub height: u32,
    pub pixel_ratio: f64,
    /// Scrollbars hidden, so screenshots of long pages keep their full width.
    pub hide_scrollbars: bool,
}

/// One browser session, closed when dropped.
pub struct Session {
    addr: SocketAddr,
    id: String,
}

impl Session {
    pub fn new(cd: &ChromeDriver, chromium: &Path, profile: &Path, v: Viewport) -> Session {
        let mut args = vec![
            "--headless=new".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-dev-shm-usage".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-sync".into(),
        ];
        if v.hide_scrollbars {
            args.push("--hide-scrollbars".into());
        }
        args.push(format!("--window-size={},{}", v.width, v.height));
        args.push(format!("--user-data-dir={}", profile.display()));
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium.to_string_lossy(),
                "args": args,
                "mobileEmulation": {"deviceMetrics": {
                    "width": v.width, "height": v.height, "pixelRatio": v.pixel_ratio}}
            }
        }}});
        let value = call(cd.addr, "POST", "/session", Some(caps));
        Session {
            addr: cd.addr,
            id: value["sessionId"].as_str().unwrap().to_string(),
        }
    }

    pub fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        call(
            self.addr,
            method,
            &format!("/session/{}{path}", self.id),
            body,
        )
    }

    /// Elements are looked for up to `ms` (a page may still be loading).
    pub fn wait_for_elements(&self, ms: u64) {
        self.cmd("POST", "/timeouts", Some(json!({ "implicit": ms })));
    }

    pub fn go(&self, url: &str) {
        self.cmd("POST", "/url", Some(json!({ "url": url })));
    }

    /// Opens a local file.
    pub fn open(&self, file: &Path) {
        self.go(&format!(
            "file://{}",
            file.canonicalize().unwrap().display()
        ));
    }

    pub fn url(&self) -> String {
        self.cmd("GET", "/url", None).as_str().unwrap().to_string()
    }

    pub fn source(&self) -> String {
        self.cmd("GET", "/source", None)
            .as_str()
            .unwrap()
            .to_string()
    }

    pub fn js(&self, script: &str) -> Value {
        self.cmd(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
    }

    pub fn click(&self, css: &str) {
        let e = self.cmd(
            "POST",
            "/element",
            Some(json!({"using": "css selector", "value": css})),
        );
        let id = e
            .as_object()
            .unwrap()
            .values()
            .next()
            .unwrap()
            .as_str()
            .unwrap()
            .to_string();
        self.cmd("POST", &format!("/element/{id}/click"), Some(json!({})));
    }

    /// Clicks the form's button and waits (bounded) until the next page is there.
    pub fn submit(&self) {
        let before = self.url();
        self.click("button[type=submit]");
        for _ in 0..100 {
            if self.url() != before {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("{before}: the form did not lead anywhere");
    }

    /// Presses and releases one key (a WebDriver key code such as "\u{E014}").
    pub fn key(&self, k: &str) {
        let actions = json!({"actions": [{"type": "key", "id": "keyboard", "actions": [
            {"type": "keyDown", "value": k}, {"type": "keyUp", "value": k}]}]});
        self.cmd("POST", "/actions", Some(actions));
    }

    pub fn screenshot(&self, to: &Path) {
        let b64 = self.cmd("GET", "/screenshot", None);
        std::fs::write(to, base64(b64.as_str().unwrap())).unwrap();
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = request(
            self.addr,
            "DELETE",
            &format!("/session/{}", self.id),
            &[],
            None,
        );
    }
}

/// Standard base64 (WebDriver's screenshots and PDFs), padding and line breaks
/// ignored.
pub fn base64(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let bytes: Vec<u8> = s
        .bytes()
        .filter(|c| c.is_ascii_alphanumeric() || *c == b'+' || *c == b'/')
        .collect();
    let mut out = Vec::new();
    for chunk in bytes.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &c)| n | (val(c) as u32) << (18 - 6 * i));
        out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
    }
    out
}

#[test]
fn base64_decodes_what_it_is_given() {
    assert_eq!(base64("aGVsbG8="), b"hello");
    assert_eq!(base64("aGVsbG8h"), b"hello!");
    assert_eq!(base64("aGk=\n"), b"hi");
    assert_eq!(base64("//8="), [0xff, 0xff]);
}
