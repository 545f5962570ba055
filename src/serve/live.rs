//! The facilitator's live report: snapshots, published only when [`crate::snapshot`]
//! says no comparison of them can single anyone out.
//!
//! A snapshot is built from the answers in memory (finished participants not
//! discarded, held-back comments left out) and keeps what it showed: a participant
//! shown once stays in every later snapshot as they were shown, until showing their
//! change (an edit, a discard) is itself safe. New finishers wait until enough of
//! them can be shown together; the page says how many more are needed.
//!
//! `.tandem-snapshot.json` keeps the ledger and the members across restarts: each
//! member's revision, and their answers as shown once their file has changed since,
//! so that a restart shows exactly what was shown before it.

use crate::answers::AnswerSet;
use crate::error::{Error, Result};
use crate::group::Group;
use crate::held::Held;
use crate::questionnaire::Questionnaire;
use crate::render::{self, Document, Format, TextOptions};
use crate::report::Report;
use crate::report::group::{GroupReport, Privacy};
use crate::snapshot::{Ledger, Verdict, report_aggregates};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub const FILE: &str = ".tandem-snapshot.json";

/// One participant as the published snapshot shows them.
#[derive(Debug, Clone)]
struct Member {
    id: String,
    revision: u32,
    set: AnswerSet,
    /// Whether `.tandem-snapshot.json` holds these answers in full (once the
    /// participant's file changed after they were shown).
    stored: bool,
}

impl Member {
    fn key(&self) -> String {
        key(&self.id, self.revision)
    }
    fn file(&self) -> String {
        super::sessions::file_name(self.set.role.as_deref().unwrap_or("other"), &self.id)
    }
}

fn key(id: &str, revision: u32) -> String {
    format!("{id}#{revision}")
}

/// What the report page says about the snapshot it shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// Nothing published yet: `finished` so far, `needed` for the first snapshot.
    Waiting { finished: usize, needed: usize },
    /// A snapshot of `shown` respondents.
    Shown { shown: usize, next: Next },
}

/// When the next snapshot comes.
#[derive(Debug, Clone, PartialEq)]
pub enum Next {
    /// Everyone who finished is shown.
    UpToDate,
    /// After this many more finish.
    After(usize),
    /// Enough finished, but spread across roles so thinly that showing them now would
    /// single one out: after more finish.
    Spread(usize),
}

/// What the report page shows.
#[derive(Debug, Clone)]
pub struct View {
    pub status: Status,
    /// The snapshot's HTML report, once there is one.
    pub html: Option<String>,
}

pub struct Live {
    inner: Mutex<Inner>,
    path: PathBuf,
}

struct Inner {
    ledger: Ledger<String>,
    members: Vec<Member>,
    html: Option<String>,
    /// The facilitator's record the HTML was rendered with.
    rendered_with: Held,
    /// The state's generation last looked at.
    seen: u64,
    status: Status,
}

#[derive(Serialize, Deserialize)]
struct Saved {
    min_group: usize,
    atoms: Vec<(String, u32)>,
    members: Vec<SavedMember>,
}

#[derive(Serialize, Deserialize)]
struct SavedMember {
    participant: String,
    revision: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    answers: Option<String>,
}

impl Live {
    /// The live report of the folder, as published before a restart if it was.
    pub fn open(q: &Questionnaire, dir: &Path, report: &super::ReportOptions) -> Result<Live> {
        let min = report.effective_min_group().unwrap_or(1).max(1);
        let path = dir.join(FILE);
        let mut inner = Inner {
            ledger: Ledger::new(min),
            members: Vec::new(),
            html: None,
            rendered_with: Held::default(),
            seen: 0,
            status: Status::Waiting {
                finished: 0,
                needed: min,
            },
        };
        if path.exists() {
            let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
            let saved: Saved = serde_json::from_str(&text).map_err(|e| {
                Error::Input(format!(
                    "{}: damaged ({e}); delete it and the live report starts again from the next {min} who finish",
                    path.display()
                ))
            })?;
            inner.ledger = Ledger::from_atoms(min, saved.atoms);
            for m in saved.members {
                if let Some(member) = restore_member(q, dir, m)? {
                    inner.members.push(member);
                }
            }
        }
        Ok(Live {
            inner: Mutex::new(inner),
            path,
        })
    }

    /// Ids of the participants the current snapshot shows.
    pub fn shown(&self) -> Vec<String> {
        self.inner
            .lock()
            .map(|i| i.members.iter().map(|m| m.id.clone()).collect())
            .unwrap_or_default()
    }

    /// Called after a participant's answers were saved (blocking): if the snapshot
    /// shows them as they were, their answers as shown are kept in full from now on,
    /// so a restart still shows them so.
    pub fn saved(&self, q: &Questionnaire, id: &str, set: &AnswerSet) -> Result<()> {
        let mut inner = self.lock()?;
        let Some(m) = inner.members.iter_mut().find(|m| m.id == id) else {
            return Ok(());
        };
        if m.stored || m.set == *set {
            return Ok(());
        }
        m.stored = true;
        self.persist(q, &inner)
    }

    fn lock(&self) -> Result<std::sync::MutexGuard<'_, Inner>> {
        self.inner
            .lock()
            .map_err(|_| Error::Input("internal: live report poisoned".into()))
    }

    fn persist(&self, q: &Questionnaire, inner: &Inner) -> Result<()> {
        let mut atoms: Vec<(String, u32)> =
            inner.ledger.atoms().map(|(k, a)| (k.clone(), a)).collect();
        atoms.sort();
        let saved = Saved {
            min_group: inner.ledger.min_group(),
            atoms,
            members: inner
                .members
                .iter()
                .map(|m| SavedMember {
                    participant: m.id.clone(),
                    revision: m.revision,
                    answers: m.stored.then(|| crate::answers::to_toml(q, &m.set, false)),
                })
                .collect(),
        };
        let text =
            serde_json::to_string(&saved).map_err(|e| Error::Input(format!("internal: {e}")))?;
        crate::atomic::atomic_write_private(
            &self.path,
            text.as_bytes(),
            crate::atomic::Durability::Now,
        )
    }
}

/// A member read back: their answers as shown, from their file when it has not
/// changed since, else from the copy kept.
fn restore_member(q: &Questionnaire, dir: &Path, m: SavedMember) -> Result<Option<Member>> {
    let from_text = |name: String, text: String| {
        let src = crate::tomlfile::SourceText::new(name, text);
        crate::answers::load(&src, q)
    };
    if let Some(text) = m.answers {
        let set = from_text(format!("{FILE} ({})", m.participant), text)?;
        return Ok(Some(Member {
            id: m.participant,
            revision: m.revision,
            set,
            stored: true,
        }));
    }
    for r in &q.roles {
        let path = dir.join(super::sessions::file_name(&r.id, &m.participant));
        if path.is_file() {
            let src = crate::tomlfile::read_source(&path)?;
            let set = crate::answers::load(&src, q)?;
            // Unchanged since it was shown, or the copy would have been kept: the copy
            // is written in the request that saves the change (only a crash between the
            // two makes them differ, by that one edit).
            return Ok(Some(Member {
                id: m.participant,
                revision: m.revision,
                set,
                stored: false,
            }));
        }
    }
    Ok(None)
}

/// One candidate snapshot: (key, answers, id) per member.
struct Candidate {
    members: Vec<Member>,
}

impl Candidate {
    fn keys(&self) -> Vec<String> {
        let mut k: Vec<String> = self.members.iter().map(Member::key).collect();
        k.sort();
        k
    }
}

/// The group report of a candidate (held-back comments left out) and its aggregates.
fn build(
    q: &Questionnaire,
    members: &[Member],
    held: &Held,
    privacy: Privacy,
) -> (GroupReport, Vec<Vec<String>>) {
    let mut g = Group::new(q);
    for m in members {
        let file = m.file();
        let mut r = crate::group::summarise(q, &m.set, &file);
        held.apply(
            q,
            &file,
            &crate::scoring::by_index(q, &m.set.answers),
            &mut r,
        );
        g.add(q, r);
    }
    let report = crate::report::group::build(q, g, privacy);
    let roles: Vec<(String, Option<String>)> = members
        .iter()
        .map(|m| (m.key(), m.set.role.clone()))
        .collect();
    let aggregates = report_aggregates(&report, &roles);
    (report, aggregates)
}

fn render(report: GroupReport) -> Result<String> {
    let doc = Document {
        report: Report::Group(Box::new(report)),
        gates: None,
    };
    render::renderer(Format::Html, TextOptions::default()).render(&doc)
}

/// What the live report is built from, as the server stands now.
pub struct Now<'a> {
    pub q: &'a Questionnaire,
    pub privacy: Privacy,
    /// Changes whenever an answer is saved or a participant discarded or restored.
    pub generation: u64,
    pub held: Held,
    /// Finished participants who are not discarded, with their answers: asked only
    /// when the generation changed.
    pub eligible: &'a dyn Fn() -> Vec<(String, AnswerSet)>,
}

impl Live {
    /// The live report as it stands (blocking: it may build and render a report).
    /// Looks for a new snapshot only when something changed since the last look.
    pub fn view(&self, now: Now) -> Result<View> {
        let (q, privacy, held) = (now.q, now.privacy, now.held);
        let mut inner = self.lock()?;
        if inner.seen != now.generation {
            inner.seen = now.generation;
            let eligible = (now.eligible)();
            if let Some(c) = next_snapshot(q, privacy, &inner, &eligible, &held) {
                let (report, aggregates) = build(q, &c.members, &held, privacy);
                inner.ledger.publish(&aggregates);
                inner.members = c.members;
                inner.html = Some(render(report)?);
                inner.rendered_with = held.clone();
                self.persist(q, &inner)?;
            }
            inner.status = status(&inner, &eligible);
        }
        if (inner.html.is_none() || inner.rendered_with != held) && !inner.members.is_empty() {
            // A comment held back (or shown again), or a snapshot read back after a
            // restart: the same people, rendered.
            let (report, _) = build(q, &inner.members, &held, privacy);
            inner.html = Some(render(report)?);
            inner.rendered_with = held;
        }
        Ok(View {
            status: inner.status.clone(),
            html: inner.html.clone(),
        })
    }
}

/// The next revision of a participant: one past any revision of theirs published.
fn next_revision(inner: &Inner, id: &str) -> u32 {
    let prefix = format!("{id}#");
    inner
        .ledger
        .atoms()
        .filter_map(|(k, _)| k.strip_prefix(&prefix)?.parse::<u32>().ok())
        .max()
        .map_or(0, |r| r + 1)
}

/// The snapshot to publish now, if any is safe and shows something new: everyone as
/// they are now; else those shown kept as shown, with the newcomers; else with only
/// the newcomers who can be shown without singling anyone out.
fn next_snapshot(
    q: &Questionnaire,
    privacy: Privacy,
    inner: &Inner,
    eligible: &[(String, AnswerSet)],
    held: &Held,
) -> Option<Candidate> {
    let member = |id: &str| inner.members.iter().find(|m| m.id == id);
    let fresh = |id: &str, set: &AnswerSet| Member {
        id: id.to_string(),
        revision: next_revision(inner, id),
        set: set.clone(),
        stored: false,
    };
    let everyone = Candidate {
        members: eligible
            .iter()
            .map(|(id, set)| match member(id) {
                Some(m) if m.set == *set => m.clone(),
                _ => fresh(id, set),
            })
            .collect(),
    };
    let mut kept = Candidate {
        members: inner.members.clone(),
    };
    for (id, set) in eligible {
        if member(id).is_none() {
            kept.members.push(fresh(id, set));
        }
    }
    let current: Vec<String> = Candidate {
        members: inner.members.clone(),
    }
    .keys();
    for mut c in [everyone, kept] {
        // Newcomers who would be alone in what they change are left for later; a few
        // rounds, as leaving some out can change how roles are folded.
        for _ in 0..4 {
            if c.members.is_empty() || c.keys() == current {
                break;
            }
            let (_, aggregates) = build(q, &c.members, held, privacy);
            match inner.ledger.check(&aggregates) {
                Verdict::Safe => return Some(c),
                Verdict::Unsafe { .. } => {
                    let exposed = inner.ledger.exposed(&aggregates);
                    let before = c.members.len();
                    c.members
                        .retain(|m| inner.ledger.contains(&m.key()) || !exposed.contains(&m.key()));
                    if c.members.len() == before {
                        break;
                    }
                }
            }
        }
    }
    None
}

fn status(inner: &Inner, eligible: &[(String, AnswerSet)]) -> Status {
    let min = inner.ledger.min_group();
    let shown: Vec<&str> = inner.members.iter().map(|m| m.id.as_str()).collect();
    if shown.is_empty() {
        return Status::Waiting {
            finished: eligible.len(),
            needed: min,
        };
    }
    let waiting = eligible
        .iter()
        .filter(
            |(id, set)| match inner.members.iter().find(|m| &m.id == id) {
                Some(m) => m.set != *set,
                None => true,
            },
        )
        .count();
    let next = match waiting {
        0 => Next::UpToDate,
        n if n < min => Next::After(min - n),
        n => Next::Spread(n),
    };
    Status::Shown {
        shown: shown.len(),
        next,
    }
}
