//! The server's state: the questionnaire, the participants (each with a secret token
//! and the answers file the server named for them), and what is kept on disk so that a
//! restarted server carries on: `.tandem-serve.toml` (join code and facilitator
//! secret) and `.tandem-sessions` (token → file, one line per participant). Both are
//! hidden files, which `tandem score FOLDER` does not read.

use super::ReportOptions;
use super::security::{join_code, random_hex};
use crate::answers::{self, AnswerSet};
use crate::error::{Error, Result};
use crate::questionnaire::Questionnaire;
use crate::tomlfile::read_source;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::sync::Mutex;

pub const KEYS_FILE: &str = ".tandem-serve.toml";
pub const INDEX_FILE: &str = ".tandem-sessions";

/// One participant: their answers file (named by the server) and their answers.
#[derive(Debug)]
pub struct Participant {
    pub file: String,
    /// Put in every form of theirs and checked on every post.
    pub csrf: String,
    pub set: AnswerSet,
    /// Questions passed in this visit (a blank optional text is not asked again).
    pub visited: Vec<bool>,
}

pub struct State {
    pub q: Questionnaire,
    pub dir: PathBuf,
    pub code: String,
    pub secret: String,
    /// CSRF token of the role form and of the facilitator's forms.
    pub form_key: String,
    pub report: ReportOptions,
    /// `http://HOST:PORT`, as participants reach the server.
    pub base_url: String,
    open: AtomicBool,
    /// Files saved since the last flush to disk (see `flush_if_dirty`).
    dirty: std::sync::Mutex<std::collections::BTreeSet<PathBuf>>,
    /// The last failure to save, shown to the facilitator (the library never prints).
    error: std::sync::Mutex<Option<String>>,
    people: std::sync::Mutex<HashMap<String, Arc<Mutex<Participant>>>>,
    index: std::sync::Mutex<std::fs::File>,
}

/// Participants by role, for the facilitator.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Counts {
    /// (role name, joined, finished), in the questionnaire's role order.
    pub roles: Vec<(String, usize, usize)>,
    pub joined: usize,
    pub finished: usize,
}

impl State {
    /// Opens (or creates) the folder, refusing one that holds answers to another
    /// questionnaire, and takes up the participants a previous run left.
    pub fn open(
        q: Questionnaire,
        dir: &Path,
        report: ReportOptions,
        base_url: String,
    ) -> Result<State> {
        if dir.exists() && !dir.is_dir() {
            return Err(Error::Input(format!(
                "{}: is a file, not a folder (--dir names the folder answers go to)",
                dir.display()
            )));
        }
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        check_folder(&q, dir)?;
        let (code, secret) = keys(dir)?;
        let people = load_index(&q, dir)?;
        let index_path = dir.join(INDEX_FILE);
        let index = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&index_path)
            .map_err(|e| Error::io(&index_path, e))?;
        Ok(State {
            q,
            dir: dir.to_path_buf(),
            code,
            secret,
            form_key: random_hex()?,
            report,
            base_url,
            open: AtomicBool::new(true),
            dirty: Default::default(),
            error: std::sync::Mutex::new(None),
            people: std::sync::Mutex::new(people),
            index: std::sync::Mutex::new(index),
        })
    }

    pub fn is_open(&self) -> bool {
        self.open.load(Ordering::SeqCst)
    }

    pub fn set_open(&self, open: bool) {
        self.open.store(open, Ordering::SeqCst);
    }

    /// The participants' address (what the QR code holds).
    pub fn join_url(&self) -> String {
        format!("{}/j/{}", self.base_url, self.code)
    }

    pub fn record_error(&self, e: &Error) {
        if let Ok(mut slot) = self.error.lock() {
            *slot = Some(e.lines().join("; "));
        }
    }

    pub fn last_error(&self) -> Option<String> {
        self.error.lock().ok().and_then(|e| e.clone())
    }

    pub fn participant(&self, token: &str) -> Option<Arc<Mutex<Participant>>> {
        self.people.lock().ok()?.get(token).cloned()
    }

    fn all(&self) -> Vec<Arc<Mutex<Participant>>> {
        self.people
            .lock()
            .map(|m| m.values().cloned().collect())
            .unwrap_or_default()
    }

    /// A new participant in `role`: a token, a file name chosen here, the empty
    /// answers file written and the token recorded before the cookie is sent.
    /// Blocking (it writes files): call it off the async threads.
    pub fn join(&self, role: &str, respondent: Option<String>) -> Result<String> {
        let token = random_hex()?;
        let csrf = random_hex()?;
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
        // Every participant's file is written when they join, so a name that does not
        // exist yet is free (32 random bits make a clash between two joins unlikely).
        let file = loop {
            let name = format!("{stem}-{}.toml", &random_hex()?[..8]);
            if !self.dir.join(&name).exists() {
                break name;
            }
        };
        let set = AnswerSet {
            questionnaire: self.q.id.to_string(),
            version: self.q.version.to_string(),
            respondent,
            role: Some(role.to_string()),
            date: Some(crate::date::today()),
            complete: false,
            answers: Default::default(),
        };
        let p = Participant {
            file: file.clone(),
            csrf: csrf.clone(),
            set,
            visited: vec![false; self.q.questions.len()],
        };
        self.save(&p)?;
        {
            let path = self.dir.join(INDEX_FILE);
            // One line in one write under the lock; the flush to disk outside it, so
            // joins at the same moment share the disk's sync instead of queueing.
            let synced = {
                let mut index = self
                    .index
                    .lock()
                    .map_err(|_| Error::Input("internal: index poisoned".into()))?;
                index
                    .write_all(format!("{token} {csrf} {file}\n").as_bytes())
                    .and_then(|_| index.try_clone())
                    .map_err(|e| Error::io(&path, e))?
            };
            synced.sync_data().map_err(|e| Error::io(&path, e))?;
        }
        self.people
            .lock()
            .map_err(|_| Error::Input("internal: participant table poisoned".into()))?
            .insert(token.clone(), Arc::new(Mutex::new(p)));
        Ok(token)
    }

    /// Writes a participant's answers file atomically (blocking: call it off the
    /// async threads).
    pub fn save(&self, p: &Participant) -> Result<()> {
        let path = self.dir.join(&p.file);
        self.write(&path, answers::to_toml(&self.q, &p.set, false).as_bytes())
    }

    /// Replaces a participant's file atomically. The flush to disk is left to the
    /// flusher (every half second, for every file saved since): a killed server loses
    /// nothing already saved, and no request waits in a queue of disk flushes.
    pub fn write(&self, path: &Path, bytes: &[u8]) -> Result<()> {
        crate::atomic::atomic_write_with(path, bytes, crate::atomic::Durability::Deferred)?;
        if let Ok(mut d) = self.dirty.lock() {
            d.insert(path.to_path_buf());
        }
        Ok(())
    }

    /// Flushes the files saved since the last time, and the folder that names them.
    /// Only ours: flushing the whole file system would wait for every other program's
    /// writes too.
    pub fn flush_if_dirty(&self) -> Result<()> {
        let files = match self.dirty.lock() {
            Ok(mut d) => std::mem::take(&mut *d),
            Err(_) => return Ok(()),
        };
        if files.is_empty() {
            return Ok(());
        }
        for f in &files {
            // A file replaced again since is flushed under its new inode next time.
            if let Ok(file) = std::fs::File::open(f) {
                file.sync_all().map_err(|e| crate::error::Error::io(f, e))?;
            }
        }
        crate::atomic::sync_folder(&self.dir)
    }

    pub async fn counts(&self) -> Counts {
        let mut c = Counts {
            roles: self
                .q
                .roles
                .iter()
                .map(|r| (r.name.to_string(), 0, 0))
                .collect(),
            ..Counts::default()
        };
        for p in self.all() {
            let p = p.lock().await;
            let done = usize::from(p.set.complete);
            c.joined += 1;
            c.finished += done;
            let role = p.set.role.as_deref().unwrap_or("");
            if let Some(i) = self.q.roles.iter().position(|r| r.id == role) {
                c.roles[i].1 += 1;
                c.roles[i].2 += done;
            }
        }
        c
    }
}

/// Every answers file already in the folder must answer this questionnaire: one
/// folder is one group, and `tandem score FOLDER` refuses a mixed one.
fn check_folder(q: &Questionnaire, dir: &Path) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    let mut files: Vec<PathBuf> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with('.') && name.ends_with(".toml") && entry.path().is_file() {
            files.push(entry.path());
        }
    }
    files.sort();
    for path in files {
        let src = read_source(&path)?;
        let (raw, _) = answers::parse_raw(&src)?;
        let (id, version) = answers::header(&src, &raw)?;
        if id != q.id || version != q.version {
            return Err(Error::Input(format!(
                "{}: holds answers to {id} {version} ({}), not {} {}; serve that questionnaire with -q, or choose another --dir",
                dir.display(),
                src.name,
                q.id,
                q.version
            )));
        }
    }
    Ok(())
}

/// The join code and facilitator secret, kept so that a restart keeps the printed
/// address and QR code valid. Created (readable by the owner only) on the first run.
fn keys(dir: &Path) -> Result<(String, String)> {
    let path = dir.join(KEYS_FILE);
    if path.exists() {
        let src = read_source(&path)?;
        let t: toml::Table = toml::from_str(&src.text)
            .map_err(|e| Error::Input(format!("{}: {}", path.display(), e.message())))?;
        let get = |k: &str| t.get(k).and_then(|v| v.as_str()).map(str::to_string);
        return match (get("join_code"), get("secret")) {
            (Some(c), Some(s)) if c.len() == super::security::CODE_LEN && s.len() == 32 => {
                Ok((c, s))
            }
            _ => Err(Error::Input(format!(
                "{}: damaged (needs join_code and secret); delete it to start with new ones",
                path.display()
            ))),
        };
    }
    let (code, secret) = (join_code()?, random_hex()?);
    let text = format!(
        "# tandem serve: the join code and facilitator secret of this folder's session.\n\
         join_code = {}\nsecret = {}\n",
        crate::tomlfile::quote(&code),
        crate::tomlfile::quote(&secret)
    );
    let mut f = {
        let mut o = std::fs::OpenOptions::new();
        o.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
        o.open(&path).map_err(|e| Error::io(&path, e))?
    };
    f.write_all(text.as_bytes())
        .and_then(|_| f.sync_all())
        .map_err(|e| Error::io(&path, e))?;
    Ok((code, secret))
}

type People = HashMap<String, Arc<Mutex<Participant>>>;

/// The participants of earlier runs. A line cut short by a crash is skipped: its
/// participant never got their cookie.
fn load_index(q: &Questionnaire, dir: &Path) -> Result<People> {
    let path = dir.join(INDEX_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(People::new()),
        Err(e) => return Err(Error::io(&path, e)),
    };
    let mut people = People::new();
    for line in text.lines() {
        let parts: Vec<&str> = line.split(' ').collect();
        let [token, csrf, file] = parts[..] else {
            continue;
        };
        let plain_name = !file.contains(['/', '\\']) && !file.starts_with('.');
        let file_path = dir.join(file);
        if token.len() != 32 || csrf.len() != 32 || !plain_name || !file_path.is_file() {
            continue;
        }
        let src = read_source(&file_path)?;
        let set = answers::load(&src, q)?;
        people.insert(
            token.to_string(),
            Arc::new(Mutex::new(Participant {
                file: file.to_string(),
                csrf: csrf.to_string(),
                set,
                visited: vec![false; q.questions.len()],
            })),
        );
    }
    Ok(people)
}
