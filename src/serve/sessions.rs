//! `.tandem-sessions`: who joined, kept so that a restarted server knows every
//! participant, including those who have not answered yet (they have no answers file).
//!
//! One JSON object a line, appended and flushed before the participant is told
//! anything, so a crash loses at most a join whose cookie was never sent. Later lines
//! about a participant add to earlier ones (a second device, a role chosen again). No
//! line holds anything that lets someone in: tokens are stored as keyed hashes, and
//! personal codes are not stored at all (they are derived from the participant id with
//! the server's key). The file is readable by its owner only.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

pub const FILE: &str = ".tandem-sessions";

/// `ROLE-ID.toml`, the role reduced to lowercase letters, digits and dashes.
pub fn file_name(role: &str, id: &str) -> String {
    let stem: String = role
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("{stem}-{id}.toml")
}

/// One line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "lowercase")]
pub enum Event {
    /// A participant joined.
    Join {
        participant: String,
        /// Keyed hash of the cookie's token.
        token: String,
        role: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        /// Seconds since 1970.
        joined: u64,
        /// Keyed hash of the client's address and browser, to point out duplicates.
        device: String,
    },
    /// The participant came back on another device (with their personal code).
    Token { participant: String, token: String },
    /// The participant chose their role (and name) again before answering anything.
    Role {
        participant: String,
        role: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
    },
}

/// A participant as the log describes them.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub participant: String,
    pub tokens: Vec<String>,
    pub role: String,
    pub name: Option<String>,
    pub joined: u64,
    pub device: String,
}

/// Reads the log: participants in the order they joined. A line cut short by a crash,
/// or written by an older tandem (token, form token and file, as plain text), is
/// taken as well as it can be: the older lines become participants whose tokens are
/// hashed with `hash` and whose ids come from their file names.
pub fn read(dir: &Path, hash: &dyn Fn(&str) -> String) -> Result<(Vec<Record>, bool)> {
    let path = dir.join(FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((Vec::new(), false)),
        Err(e) => return Err(Error::io(&path, e)),
    };
    let mut order: Vec<String> = Vec::new();
    let mut by: HashMap<String, Record> = HashMap::new();
    let mut legacy = false;
    for line in text.lines() {
        let event = match serde_json::from_str::<Event>(line) {
            Ok(e) => e,
            Err(_) => match legacy_line(dir, line, hash) {
                Some(e) => {
                    legacy = true;
                    e
                }
                None => continue,
            },
        };
        apply(&mut order, &mut by, event);
    }
    let records = order.into_iter().filter_map(|p| by.remove(&p)).collect();
    Ok((records, legacy))
}

fn apply(order: &mut Vec<String>, by: &mut HashMap<String, Record>, e: Event) {
    match e {
        Event::Join {
            participant,
            token,
            role,
            name,
            joined,
            device,
        } => {
            if by.contains_key(&participant) {
                return;
            }
            order.push(participant.clone());
            by.insert(
                participant.clone(),
                Record {
                    participant,
                    tokens: vec![token],
                    role,
                    name,
                    joined,
                    device,
                },
            );
        }
        Event::Token { participant, token } => {
            if let Some(r) = by.get_mut(&participant) {
                r.tokens.push(token);
            }
        }
        Event::Role {
            participant,
            role,
            name,
        } => {
            if let Some(r) = by.get_mut(&participant) {
                r.role = role;
                r.name = name;
            }
        }
    }
}

/// A line of an older tandem: `TOKEN CSRF FILE`, the file named `ROLE-ID.toml`.
fn legacy_line(dir: &Path, line: &str, hash: &dyn Fn(&str) -> String) -> Option<Event> {
    let [token, csrf, file] = line.split(' ').collect::<Vec<_>>()[..] else {
        return None;
    };
    let hexed = |s: &str| s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit());
    let stem = file.strip_suffix(".toml")?;
    let (_, id) = stem.rsplit_once('-')?;
    if !hexed(token) || !hexed(csrf) || file.contains(['/', '\\']) || file.starts_with('.') {
        return None;
    }
    if !dir.join(file).is_file() || id.is_empty() {
        return None;
    }
    let text = std::fs::read_to_string(dir.join(file)).ok()?;
    let raw: toml::Table = toml::from_str(&text).ok()?;
    let role = raw.get("role").and_then(|v| v.as_str())?.to_string();
    let name = raw
        .get("respondent")
        .and_then(|v| v.as_str())
        .map(str::to_string);
    Some(Event::Join {
        participant: id.to_string(),
        token: hash(token),
        role,
        name,
        joined: 0,
        device: String::new(),
    })
}

/// The log, open for appending.
pub struct Log {
    file: std::sync::Mutex<std::fs::File>,
    path: std::path::PathBuf,
}

impl Log {
    /// Opens the log (created readable by its owner only). `rewrite`: the records to
    /// write instead of what is there (an older tandem's log, rewritten without its
    /// plain tokens).
    pub fn open(dir: &Path, rewrite: Option<&[Record]>) -> Result<Log> {
        let path = dir.join(FILE);
        if let Some(records) = rewrite {
            let mut text = String::new();
            for r in records {
                for line in events_of(r) {
                    text.push_str(&line_of(&line)?);
                }
            }
            crate::atomic::atomic_write_private(
                &path,
                text.as_bytes(),
                crate::atomic::Durability::Now,
            )?;
        }
        let mut o = std::fs::OpenOptions::new();
        o.create(true).append(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
        let file = o.open(&path).map_err(|e| Error::io(&path, e))?;
        Ok(Log {
            file: std::sync::Mutex::new(file),
            path,
        })
    }

    /// Appends one event and flushes it to disk. Blocking: call it off the async
    /// threads. The write is one call under the lock; the flush is outside it, so
    /// joins at the same moment share the disk's flush instead of queueing for it.
    pub fn append(&self, e: &Event) -> Result<()> {
        let line = line_of(e)?;
        let synced = {
            let mut f = self
                .file
                .lock()
                .map_err(|_| Error::Input("internal: session log poisoned".into()))?;
            f.write_all(line.as_bytes())
                .and_then(|_| f.try_clone())
                .map_err(|e| Error::io(&self.path, e))?
        };
        synced.sync_data().map_err(|e| Error::io(&self.path, e))
    }
}

fn line_of(e: &Event) -> Result<String> {
    let mut s = serde_json::to_string(e).map_err(|e| Error::Input(format!("internal: {e}")))?;
    s.push('\n');
    Ok(s)
}

/// The events that describe a record.
fn events_of(r: &Record) -> Vec<Event> {
    let mut v = vec![Event::Join {
        participant: r.participant.clone(),
        token: r.tokens.first().cloned().unwrap_or_default(),
        role: r.role.clone(),
        name: r.name.clone(),
        joined: r.joined,
        device: r.device.clone(),
    }];
    for t in r.tokens.iter().skip(1) {
        v.push(Event::Token {
            participant: r.participant.clone(),
            token: t.clone(),
        });
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_add_up_and_a_cut_line_is_skipped() {
        let tmp = tempfile::tempdir().unwrap();
        let log = Log::open(tmp.path(), None).unwrap();
        log.append(&Event::Join {
            participant: "a1".into(),
            token: "h1".into(),
            role: "sales".into(),
            name: None,
            joined: 5,
            device: "d".into(),
        })
        .unwrap();
        log.append(&Event::Token {
            participant: "a1".into(),
            token: "h2".into(),
        })
        .unwrap();
        log.append(&Event::Role {
            participant: "a1".into(),
            role: "marketing".into(),
            name: Some("Ann".into()),
        })
        .unwrap();
        std::fs::OpenOptions::new()
            .append(true)
            .open(tmp.path().join(FILE))
            .unwrap()
            .write_all(b"{\"event\":\"join\",\"partic")
            .unwrap();
        let (records, legacy) = read(tmp.path(), &|t| t.to_string()).unwrap();
        assert!(!legacy);
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].tokens, ["h1", "h2"]);
        assert_eq!(records[0].role, "marketing");
        assert_eq!(records[0].name.as_deref(), Some("Ann"));
    }
}
