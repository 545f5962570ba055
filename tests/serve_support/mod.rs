//! A small HTTP/1.1 client over std's TcpStream for the `tandem serve` tests and
//! benchmark: loopback only, one connection per request, nothing hidden.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn location(&self) -> String {
        self.header("location").unwrap_or("").to_string()
    }
}

/// Percent-encodes a form value.
pub fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

pub fn form(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// One request; `extra` headers are added as given.
pub fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    extra: &[(&str, &str)],
    body: Option<&[u8]>,
) -> Resp {
    assert!(addr.ip().is_loopback(), "tests only talk to loopback");
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in extra {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if let Some(b) = body {
        if !extra
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        {
            head.push_str("Content-Type: application/x-www-form-urlencoded\r\n");
        }
        head.push_str(&format!("Content-Length: {}\r\n", b.len()));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).unwrap();
    if let Some(b) = body {
        // The server may refuse a large body before reading it all.
        let _ = s.write_all(b);
    }
    parse(&read_response(&mut s))
}

/// Reads one response: up to the end of its `Content-Length` body, else to the end of
/// the stream (some servers keep the connection open despite `Connection: close`).
fn read_response(s: &mut TcpStream) -> Vec<u8> {
    let mut raw = Vec::new();
    let mut buf = [0u8; 16384];
    loop {
        let n = s.read(&mut buf).unwrap_or(0);
        if n == 0 {
            return raw;
        }
        raw.extend_from_slice(&buf[..n]);
        let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&raw[..end]).to_ascii_lowercase();
        let len = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse::<usize>().ok());
        if let Some(len) = len
            && raw.len() >= end + 4 + len
        {
            raw.truncate(end + 4 + len);
            return raw;
        }
    }
}

fn parse(raw: &[u8]) -> Resp {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete response head");
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        body = dechunk(&body);
    }
    Resp {
        status,
        headers,
        body: String::from_utf8_lossy(&body).to_string(),
    }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = b.windows(2).position(|w| w == b"\r\n") {
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&b[..eol]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        let Some(chunk) = b.get(eol + 2..eol + 2 + size) else {
            break;
        };
        out.extend_from_slice(chunk);
        b = b.get(eol + 2 + size + 2..).unwrap_or(&[]);
    }
    out
}

/// A browser stand-in: keeps the participant cookie.
#[derive(Debug, Clone)]
pub struct Client {
    pub addr: SocketAddr,
    pub cookie: Option<String>,
    /// The `User-Agent` sent, if any (the server tells devices apart by it).
    pub agent: Option<String>,
}

impl Client {
    pub fn new(addr: SocketAddr) -> Self {
        Client {
            addr,
            cookie: None,
            agent: None,
        }
    }

    /// A client whose browser says `agent`.
    pub fn with_agent(addr: SocketAddr, agent: &str) -> Self {
        Client {
            agent: Some(agent.to_string()),
            ..Client::new(addr)
        }
    }

    fn headers(&self) -> Vec<(&str, String)> {
        let mut h: Vec<(&str, String)> =
            self.cookie.iter().map(|c| ("Cookie", c.clone())).collect();
        h.extend(self.agent.iter().map(|a| ("User-Agent", a.clone())));
        h
    }

    fn keep_cookie(&mut self, r: &Resp) {
        if let Some(c) = r.header("set-cookie") {
            self.cookie = c.split(';').next().map(str::to_string);
        }
    }

    pub fn get(&mut self, path: &str) -> Resp {
        let h = self.headers();
        let h: Vec<(&str, &str)> = h.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = request(self.addr, "GET", path, &h, None);
        self.keep_cookie(&r);
        r
    }

    pub fn post(&mut self, path: &str, body: &str) -> Resp {
        let origin = format!("http://{}", self.addr);
        let mut h = self.headers();
        h.push(("Origin", origin));
        let h: Vec<(&str, &str)> = h.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = request(self.addr, "POST", path, &h, Some(body.as_bytes()));
        self.keep_cookie(&r);
        r
    }
}

/// The value of the first `name="NAME"` input's `value` in a page.
pub fn input_value(html: &str, name: &str) -> Option<String> {
    let at = html.find(&format!("name=\"{name}\" value=\""))?;
    let rest = &html[at + name.len() + 15..];
    Some(rest[..rest.find('"')?].to_string())
}

/// Every `value` of the inputs named `name`, in page order.
pub fn input_values(html: &str, name: &str) -> Vec<String> {
    let key = format!("name=\"{name}\" value=\"");
    html.match_indices(&key)
        .filter_map(|(i, _)| {
            let rest = &html[i + key.len()..];
            rest.find('"').map(|e| rest[..e].to_string())
        })
        .collect()
}

/// The join code and facilitator secret in a server's addresses.
pub fn code_of(join_url: &str) -> String {
    join_url.rsplit('/').next().unwrap().to_string()
}

/// Joins as `role` and answers every page with the value `pick` chooses from the
/// options offered (scale and single-choice questions), then submits. Returns the
/// number of pages posted.
pub fn answer_all(
    c: &mut Client,
    code: &str,
    role: &str,
    pick: &dyn Fn(&[String]) -> String,
) -> usize {
    let join = c.get(&format!("/j/{code}"));
    assert_eq!(join.status, 200, "{}", join.body);
    let csrf = input_value(&join.body, "csrf").expect("csrf on the join page");
    let r = c.post(
        &format!("/j/{code}/start"),
        &form(&[("csrf", &csrf), ("role", role)]),
    );
    assert_eq!(r.status, 303, "{}", r.body);
    let mut at = r.location();
    let mut posts = 1;
    for _ in 0..200 {
        let page = c.get(&at);
        if page.status == 303 {
            at = page.location();
            continue;
        }
        assert_eq!(page.status, 200, "{at}: {}", page.body);
        let csrf = input_value(&page.body, "csrf");
        if at.ends_with("/done") {
            return posts;
        }
        let csrf = csrf.expect("csrf in the form");
        if at.ends_with("/review") {
            let r = c.post(&format!("/j/{code}/submit"), &form(&[("csrf", &csrf)]));
            assert_eq!(r.status, 303, "{}", r.body);
            posts += 1;
            at = r.location();
            continue;
        }
        let values = input_values(&page.body, "a");
        let v = pick(&values);
        let r = c.post(&at, &form(&[("csrf", &csrf), ("a", &v)]));
        assert_eq!(r.status, 303, "{at}: {}", r.body);
        posts += 1;
        at = r.location();
    }
    panic!("the questionnaire did not end");
}
