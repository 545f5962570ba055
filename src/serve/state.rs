//! The server's state: the questionnaire, the participants, and what is kept in the
//! folder so that a restarted server carries on where it stopped.
//!
//! The folder (mode 0700, every file 0600) holds, besides the answers files:
//! - `.tandem-serve.toml`: the join code, the facilitator's secret and the server's key
//!   (form tokens, personal codes and the hashes in the log are derived from it);
//! - `.tandem-sessions`: who joined ([`super::sessions`]);
//! - `.tandem-held.toml`: what the facilitator discarded or held back ([`crate::held`]),
//!   which `tandem score` honours too;
//! - `.tandem-snapshot.json`: what the live report has published ([`super::live`]).
//!
//! All are hidden files, which `tandem score FOLDER` does not read as answers. A
//! participant's answers file (`ROLE-ID.toml`) is written at their first answer, never
//! at the join: a join leaves one line in the log and nothing else.

use super::ReportOptions;
use super::limits::Limits;
use super::security::{Keyed, join_code, random_bytes, random_hex};
use super::sessions::{self, Event, Log, file_name};
use crate::answers::{self, AnswerSet};
use crate::error::{Error, Result};
use crate::held::{Discarded, Held};
use crate::questionnaire::Questionnaire;
use crate::tomlfile::read_source;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use tokio::sync::Mutex;

pub const KEYS_FILE: &str = ".tandem-serve.toml";

/// One participant.
#[derive(Debug)]
pub struct Participant {
    /// 8 hex digits, in their file's name; their personal code is derived from it.
    pub id: String,
    /// Their answers (role, name and date included), as saved in their file.
    pub set: AnswerSet,
    /// Questions passed in this visit (a blank optional text is not asked again).
    pub visited: Vec<bool>,
    /// Seconds since 1970 (0 when an older tandem's log did not say).
    pub joined: u64,
    pub last_seen: u64,
    /// Keyed hash of the address and browser they joined from.
    pub device: String,
    /// Whether their answers file exists (after their first answer).
    pub has_file: bool,
}

impl Participant {
    /// Their answers file's name in the folder.
    pub fn file(&self) -> String {
        file_name(self.set.role.as_deref().unwrap_or("other"), &self.id)
    }

    pub fn answered(&self) -> usize {
        self.set.answers.len()
    }
}

pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

type Shared = Arc<Mutex<Participant>>;

/// Every participant, and the ways to find one.
#[derive(Default)]
struct People {
    by_id: HashMap<String, Shared>,
    /// Ids in the order they joined.
    order: Vec<String>,
    /// Keyed hash of a cookie token → id.
    tokens: HashMap<String, String>,
    /// Personal code → id.
    codes: HashMap<String, String>,
    /// A join form's ticket → (id, when): the same form posted twice (a double tap, a
    /// retry on a slow network) is the same participant.
    tickets: HashMap<String, (String, std::time::Instant)>,
}

/// What the server was asked for, besides the questionnaire and the folder.
#[derive(Debug, Clone)]
pub struct Settings {
    pub report: ReportOptions,
    /// Ask participants their name (`--names`).
    pub names: bool,
    pub max_participants: usize,
    pub joins_per_client: u32,
}

pub struct State {
    pub q: Questionnaire,
    pub dir: PathBuf,
    pub code: String,
    pub secret: String,
    pub keyed: Keyed,
    pub settings: Settings,
    pub limits: Limits,
    /// `http://HOST:PORT`, as participants reach the server.
    pub base_url: String,
    open: AtomicBool,
    /// Bumped whenever an answer is saved or a participant discarded or restored: the
    /// live report looks again only when it changed.
    generation: AtomicU64,
    /// Files saved since the last flush to disk (see `flush_if_dirty`).
    dirty: std::sync::Mutex<std::collections::BTreeSet<PathBuf>>,
    /// The last failure to save, shown to the facilitator (the library never prints).
    error: std::sync::Mutex<Option<String>>,
    people: std::sync::Mutex<People>,
    log: Log,
    held: std::sync::Mutex<Held>,
    pub live: super::live::Live,
    /// Files in the folder whose permissions were tightened at start.
    pub tightened: usize,
}

/// What a join came to.
#[derive(Debug, Clone, PartialEq)]
pub enum Joined {
    /// A new participant, with the token for their cookie.
    New(String),
    /// The same join form was posted before (a double tap): that participant's id.
    Again(String),
    /// `--max-participants` reached.
    Full,
}

/// Participants by role, for the facilitator.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Counts {
    /// (role name, joined, finished) for each role shown apart, in the questionnaire's
    /// order: roles under the minimum group are folded as reports fold them.
    pub roles: Vec<(String, usize, usize)>,
    /// The folded roles together (joined, finished), when some are folded and some not.
    pub folded: Option<(usize, usize)>,
    pub joined: usize,
    pub finished: usize,
    pub discarded: usize,
}

impl State {
    /// Opens (or creates) the folder, refusing one that holds answers to another
    /// questionnaire, and takes up the participants a previous run left.
    pub fn open(
        q: Questionnaire,
        dir: &Path,
        settings: Settings,
        base_url: String,
    ) -> Result<State> {
        if dir.exists() && !dir.is_dir() {
            return Err(Error::Input(format!(
                "{}: is a file, not a folder (--dir names the folder answers go to)",
                dir.display()
            )));
        }
        create_private_dir(dir)?;
        check_folder(&q, dir)?;
        let tightened = make_private(dir)?;
        let (code, secret, keyed) = keys(dir)?;
        let held = Held::read(dir)?;
        let k2 = keyed.clone();
        let (records, legacy) = sessions::read(dir, &|t| k2.hash("token", t))?;
        let log = Log::open(dir, legacy.then_some(&records[..]))?;
        let mut people = People::default();
        for r in records {
            let p = restore(&q, dir, r.clone())?;
            let id = r.participant.clone();
            for t in r.tokens {
                people.tokens.insert(t, id.clone());
            }
            people.codes.insert(keyed.personal_code(&id), id.clone());
            people.order.push(id.clone());
            people.by_id.insert(id, Arc::new(Mutex::new(p)));
        }
        let live = super::live::Live::open(&q, dir, &settings.report)?;
        Ok(State {
            limits: Limits::new(settings.max_participants, settings.joins_per_client),
            q,
            dir: dir.to_path_buf(),
            code,
            secret,
            keyed,
            settings,
            base_url,
            open: AtomicBool::new(true),
            generation: AtomicU64::new(1),
            dirty: Default::default(),
            error: std::sync::Mutex::new(None),
            people: std::sync::Mutex::new(people),
            log,
            held: std::sync::Mutex::new(held),
            live,
            tightened,
        })
    }

    pub fn is_open(&self) -> bool {
        self.open.load(Ordering::SeqCst)
    }

    pub fn set_open(&self, open: bool) {
        self.open.store(open, Ordering::SeqCst);
    }

    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    fn changed(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
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

    /// The participant whose cookie token this is.
    pub fn by_token(&self, token: &str) -> Option<Shared> {
        let h = self.keyed.hash("token", token);
        let people = self.people.lock().ok()?;
        let id = people.tokens.get(&h)?;
        people.by_id.get(id).cloned()
    }

    /// The participant whose personal code this is (normalised).
    pub fn by_code(&self, code: &str) -> Option<Shared> {
        let people = self.people.lock().ok()?;
        let id = people.codes.get(code)?;
        people.by_id.get(id).cloned()
    }

    pub fn by_id(&self, id: &str) -> Option<Shared> {
        self.people.lock().ok()?.by_id.get(id).cloned()
    }

    /// Every participant, in the order they joined.
    pub fn all(&self) -> Vec<Shared> {
        self.people
            .lock()
            .map(|p| {
                p.order
                    .iter()
                    .filter_map(|id| p.by_id.get(id).cloned())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// A new participant in `role`: an id, a token for their cookie, one line in the
    /// log (flushed before the cookie is sent). No answers file yet. A join form's
    /// `ticket` posted before gives that participant again. Blocking: call it off the
    /// async threads.
    pub fn join(
        &self,
        role: &str,
        name: Option<String>,
        device: String,
        ticket: Option<&str>,
    ) -> Result<Joined> {
        let token = random_hex()?;
        let joined = now();
        let discarded = self.discarded_ids().len();
        // An id whose files do not exist, found before taking the lock: nothing that
        // waits on the disk may hold it (every request looks participants up).
        let fresh = || -> Result<String> {
            loop {
                let b = random_bytes::<4>()?;
                let id: String = b.iter().map(|b| format!("{b:02x}")).collect();
                if !self
                    .q
                    .roles
                    .iter()
                    .any(|r| self.dir.join(file_name(&r.id, &id)).exists())
                {
                    return Ok(id);
                }
            }
        };
        let mut candidate = fresh()?;
        let id = loop {
            let mut people = self.lock_people()?;
            if let Some((id, at)) = ticket.and_then(|t| people.tickets.get(t))
                && at.elapsed().as_secs() < 600
            {
                return Ok(Joined::Again(id.clone()));
            }
            if people.by_id.len().saturating_sub(discarded) >= self.settings.max_participants {
                return Ok(Joined::Full);
            }
            // Unique, and its code too (a clash of 8 letters is rare, never silent).
            let code = self.keyed.personal_code(&candidate);
            if people.by_id.contains_key(&candidate) || people.codes.contains_key(&code) {
                drop(people);
                candidate = fresh()?;
                continue;
            }
            let id = candidate.clone();
            let p = Participant {
                id: id.clone(),
                set: AnswerSet {
                    questionnaire: self.q.id.to_string(),
                    version: self.q.version.to_string(),
                    respondent: name.clone(),
                    role: Some(role.to_string()),
                    date: Some(crate::date::today()),
                    complete: false,
                    answers: Default::default(),
                },
                visited: vec![false; self.q.questions.len()],
                joined,
                last_seen: joined,
                device: device.clone(),
                has_file: false,
            };
            people.by_id.insert(id.clone(), Arc::new(Mutex::new(p)));
            people.order.push(id.clone());
            people.codes.insert(code, id.clone());
            if let Some(t) = ticket {
                people
                    .tickets
                    .retain(|_, (_, at)| at.elapsed().as_secs() < 600);
                people
                    .tickets
                    .insert(t.to_string(), (id.clone(), std::time::Instant::now()));
            }
            break id;
        };
        let hashed = self.keyed.hash("token", &token);
        self.log.append(&Event::Join {
            participant: id.clone(),
            token: hashed.clone(),
            role: role.to_string(),
            name,
            joined,
            device,
        })?;
        // Only now can the cookie find them: the line is on disk.
        self.lock_people()?.tokens.insert(hashed, id);
        self.changed();
        Ok(Joined::New(token))
    }

    /// A new token for a participant who came back with their personal code (another
    /// device, or cookies cleared). Blocking.
    pub fn new_token(&self, id: &str) -> Result<String> {
        let token = random_hex()?;
        let hashed = self.keyed.hash("token", &token);
        self.log.append(&Event::Token {
            participant: id.to_string(),
            token: hashed.clone(),
        })?;
        self.lock_people()?.tokens.insert(hashed, id.to_string());
        Ok(token)
    }

    /// Records a role (and name) chosen again before the first answer (blocking); the
    /// caller changes the participant once it is recorded.
    pub fn rechoose(&self, id: &str, role: &str, name: Option<String>) -> Result<()> {
        self.log.append(&Event::Role {
            participant: id.to_string(),
            role: role.to_string(),
            name,
        })?;
        self.changed();
        Ok(())
    }

    fn lock_people(&self) -> Result<std::sync::MutexGuard<'_, People>> {
        self.people
            .lock()
            .map_err(|_| Error::Input("internal: participant table poisoned".into()))
    }

    /// Writes a participant's answers file atomically, readable by its owner only
    /// (blocking: call it off the async threads). The flush to disk is left to the
    /// flusher (every half second, for every file saved since): a killed server loses
    /// nothing already saved, and no request waits in a queue of disk flushes.
    pub fn write_answers(&self, file: &str, bytes: &[u8]) -> Result<()> {
        let path = self.dir.join(file);
        crate::atomic::atomic_write_private(&path, bytes, crate::atomic::Durability::Deferred)?;
        if let Ok(mut d) = self.dirty.lock() {
            d.insert(path);
        }
        self.changed();
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
                file.sync_all().map_err(|e| Error::io(f, e))?;
            }
        }
        crate::atomic::sync_folder(&self.dir)
    }

    /// The live report as it stands (blocking: it may build a report).
    pub fn live_view(&self) -> Result<super::live::View> {
        let eligible = || {
            let discarded = self.discarded_ids();
            self.all()
                .into_iter()
                .filter_map(|p| {
                    let p = p.blocking_lock();
                    (p.set.complete && !discarded.contains(&p.id))
                        .then(|| (p.id.clone(), p.set.clone()))
                })
                .collect()
        };
        self.live.view(super::live::Now {
            q: &self.q,
            privacy: crate::report::group::Privacy::new(
                self.settings.report.anonymous,
                self.settings.report.min_group,
            ),
            generation: self.generation(),
            held: self.held(),
            eligible: &eligible,
        })
    }

    /// A copy of the facilitator's record.
    pub fn held(&self) -> Held {
        self.held.lock().map(|h| h.clone()).unwrap_or_default()
    }

    /// Ids of the participants discarded.
    pub fn discarded_ids(&self) -> Vec<String> {
        self.held
            .lock()
            .map(|h| {
                h.discarded
                    .iter()
                    .filter_map(|d| d.participant.clone())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Changes the facilitator's record and writes it (blocking). The change is
    /// undone in memory when it cannot be written: what the page confirms is on disk.
    pub fn change_held(&self, change: &dyn Fn(&mut Held) -> bool) -> Result<bool> {
        let mut h = self
            .held
            .lock()
            .map_err(|_| Error::Input("internal: record poisoned".into()))?;
        let mut next = h.clone();
        if !change(&mut next) {
            return Ok(false);
        }
        next.write(&self.dir)?;
        *h = next;
        drop(h);
        self.changed();
        Ok(true)
    }

    /// Discards participant `id` (blocking): recorded, their file left as it is.
    pub fn discard(&self, id: &str, file: Option<String>, reason: &str) -> Result<bool> {
        self.change_held(&|h| {
            if h.discarded
                .iter()
                .any(|d| d.participant.as_deref() == Some(id))
            {
                return false;
            }
            h.discarded.push(Discarded {
                file: file.clone(),
                participant: Some(id.to_string()),
                reason: Some(reason.to_string()),
            });
            true
        })
    }

    /// Counts them again (blocking).
    pub fn restore(&self, id: &str) -> Result<bool> {
        self.change_held(&|h| {
            let before = h.discarded.len();
            h.discarded.retain(|d| d.participant.as_deref() != Some(id));
            h.discarded.len() != before
        })
    }

    /// Participants by role, folded as the reports fold roles under the minimum group:
    /// a role shown apart has at least that many people, and so has the rest together.
    pub async fn counts(&self) -> Counts {
        let discarded = self.discarded_ids();
        let mut per_role = vec![(0usize, 0usize); self.q.roles.len()];
        let mut c = Counts::default();
        for p in self.all() {
            let p = p.lock().await;
            if discarded.contains(&p.id) {
                c.discarded += 1;
                continue;
            }
            let done = usize::from(p.set.complete);
            c.joined += 1;
            c.finished += done;
            let role = p.set.role.as_deref().unwrap_or("");
            if let Some(i) = self.q.roles.iter().position(|r| r.id == role) {
                per_role[i].0 += 1;
                per_role[i].1 += done;
            }
        }
        let present: Vec<usize> = (0..per_role.len()).filter(|&i| per_role[i].0 > 0).collect();
        let compared: Vec<usize> = self
            .q
            .compared_roles
            .map(|(a, b)| vec![a, b])
            .unwrap_or_default();
        let min = self.settings.report.effective_min_group().unwrap_or(1);
        let sizes: Vec<(usize, bool)> = present
            .iter()
            .map(|&i| (per_role[i].0, compared.contains(&i)))
            .collect();
        let folded = crate::report::group::fold(&sizes, min.max(1));
        let mut rest = (0, 0);
        for (k, &i) in present.iter().enumerate() {
            if folded[k] {
                rest.0 += per_role[i].0;
                rest.1 += per_role[i].1;
            } else {
                c.roles.push((
                    self.q.roles[i].name.to_string(),
                    per_role[i].0,
                    per_role[i].1,
                ));
            }
        }
        if rest.0 > 0 && !c.roles.is_empty() {
            c.folded = Some(rest);
        }
        c
    }
}

/// A participant of an earlier run, with their answers if they have a file.
fn restore(q: &Questionnaire, dir: &Path, r: sessions::Record) -> Result<Participant> {
    let mut p = Participant {
        id: r.participant,
        set: AnswerSet {
            questionnaire: q.id.to_string(),
            version: q.version.to_string(),
            respondent: r.name,
            role: Some(r.role),
            date: Some(crate::date::today()),
            complete: false,
            answers: Default::default(),
        },
        visited: vec![false; q.questions.len()],
        joined: r.joined,
        last_seen: r.joined,
        device: r.device,
        has_file: false,
    };
    let path = dir.join(p.file());
    if path.is_file() {
        let src = read_source(&path)?;
        p.set = answers::load(&src, q)?;
        p.has_file = true;
    }
    Ok(p)
}

/// Creates the folder readable by its owner only; an existing one is made so.
fn create_private_dir(dir: &Path) -> Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(dir).map_err(|e| Error::io(dir, e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir)
            .map_err(|e| Error::io(dir, e))?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(mode & 0o700))
                .map_err(|e| Error::io(dir, e))?;
        }
    }
    Ok(())
}

/// Makes every file in the folder readable by its owner only (answers files an
/// earlier version wrote 0644, files copied in). Links are left alone: what they
/// point to is not this folder's. Returns how many were changed.
fn make_private(dir: &Path) -> Result<usize> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mut n = 0;
        for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
            let entry = entry.map_err(|e| Error::io(dir, e))?;
            let Ok(meta) = entry.path().symlink_metadata() else {
                continue;
            };
            let mode = meta.permissions().mode();
            if meta.is_file() && mode & 0o077 != 0 {
                std::fs::set_permissions(
                    entry.path(),
                    std::fs::Permissions::from_mode(mode & 0o700),
                )
                .map_err(|e| Error::io(&entry.path(), e))?;
                n += 1;
            }
        }
        Ok(n)
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(0)
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
        let (id, version) = answers::File::parse(&src)?.header()?;
        if id != q.id || version != q.version {
            return Err(Error::Input(format!(
                "{}: holds answers to {id} {version} ({}), not {} {}; serve that questionnaire with -q, or choose another --dir",
                crate::sanitize::plain(&dir.display().to_string()),
                crate::sanitize::plain(&src.name),
                q.id,
                q.version
            )));
        }
    }
    Ok(())
}

/// The join code, the facilitator's secret and the server's key, kept so that a
/// restart keeps the printed addresses, the QR code and every page served valid.
/// Created (readable by the owner only) on the first run; a file from an older
/// tandem, without a key, gets one.
fn keys(dir: &Path) -> Result<(String, String, Keyed)> {
    let path = dir.join(KEYS_FILE);
    let (code, secret, key) = if path.exists() {
        let src = read_source(&path)?;
        let t: toml::Table = toml::from_str(&src.text)
            .map_err(|e| Error::Input(format!("{}: {}", path.display(), e.message())))?;
        let get = |k: &str| t.get(k).and_then(|v| v.as_str()).map(str::to_string);
        match (get("join_code"), get("secret")) {
            (Some(c), Some(s)) if c.len() == super::security::CODE_LEN && s.len() == 32 => {
                (c, s, get("key").and_then(|k| parse_key(&k)))
            }
            _ => {
                return Err(Error::Input(format!(
                    "{}: damaged (needs join_code and secret); delete it to start with new ones",
                    path.display()
                )));
            }
        }
    } else {
        (join_code()?, random_hex()?, None)
    };
    if let Some(k) = key {
        return Ok((code, secret, Keyed::new(k)));
    }
    let key = random_bytes::<32>()?;
    let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
    let text = format!(
        "# tandem serve: this folder's join code, facilitator secret and server key.\n\
         # Keep it private: with it, anyone can open the facilitator's page.\n\
         join_code = {}\nsecret = {}\nkey = {}\n",
        crate::tomlfile::quote(&code),
        crate::tomlfile::quote(&secret),
        crate::tomlfile::quote(&hex)
    );
    crate::atomic::atomic_write_private(&path, text.as_bytes(), crate::atomic::Durability::Now)?;
    Ok((code, secret, Keyed::new(key)))
}

fn parse_key(hex: &str) -> Option<[u8; 32]> {
    if hex.len() != 64 || !hex.is_ascii() {
        return None;
    }
    let mut k = [0u8; 32];
    for (i, b) in k.iter_mut().enumerate() {
        *b = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(k)
}
