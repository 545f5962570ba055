//! Many answers files as one group: read and added up on every core, in fixed-size
//! chunks merged in file order, so the result never depends on the number of threads.

use super::answers::{Against, named_builtin};
use crate::answers;
use crate::error::{Error, Problem, Result};
use crate::group::{self, Group};
use crate::numfmt::plural;
use crate::questionnaire::Questionnaire;
use crate::tomlfile::read_source;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// How many files one worker reads before handing its part back. Fixed, so that the
/// order sums are added in (and so every last bit of the output) does not depend on
/// how many cores the machine has.
const CHUNK: usize = 256;

/// Reads, checks and adds up every file of a group. `given` is `-q`; without it the
/// group answers the questionnaire the first readable file names. Problems in any file
/// are all reported together; files answering different questionnaires are refused.
/// With `strict`, incomplete files are refused.
pub fn load_group<'a>(
    files: &[PathBuf],
    given: Option<&'a Questionnaire>,
    strict: bool,
) -> Result<(Cow<'a, Questionnaire>, Group)> {
    // Standard input can be read only once: read it here, for every step below.
    let stdin = Stdin(match files.iter().any(|p| p.as_os_str() == "-") {
        true => Some(read_source(Path::new("-"))),
        false => None,
    });
    let q = match given {
        Some(q) => Cow::Borrowed(q),
        None => match group_questionnaire(files, &stdin) {
            Ok(Some(q)) => Cow::Owned(q),
            Ok(None) => return Err(unreadable(files, &stdin)),
            Err(e) => return Err(with_questionnaires_named(e, files, &stdin)),
        },
    };
    let against = match given {
        Some(q) => Against::Given(q),
        None => Against::Group(&q),
    };
    let (all, others, mut problems) = add_up(files, &q, against, strict, &stdin);
    if !others.is_empty() {
        problems.extend(mixed_problems(&q, &all, files.len(), &others));
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    Ok((q, all))
}

/// Like [`load_group`] without `-q`, but with the questionnaire already chosen (the
/// version the files name): files naming another questionnaire or version are refused.
pub fn load_group_named(files: &[PathBuf], q: &Questionnaire, strict: bool) -> Result<Group> {
    let stdin = Stdin(match files.iter().any(|p| p.as_os_str() == "-") {
        true => Some(read_source(Path::new("-"))),
        false => None,
    });
    let (all, others, mut problems) = add_up(files, q, Against::Group(q), strict, &stdin);
    if !others.is_empty() {
        problems.extend(mixed_problems(q, &all, files.len(), &others));
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    Ok(all)
}

/// Standard input, read once when a group names it.
struct Stdin(Option<Result<crate::tomlfile::SourceText>>);

impl Stdin {
    /// Reads `path`, or hands out what standard input held.
    fn read(&self, path: &Path) -> Result<crate::tomlfile::SourceText> {
        match &self.0 {
            Some(Ok(src)) if path.as_os_str() == "-" => Ok(src.clone()),
            Some(Err(_)) if path.as_os_str() == "-" => {
                Err(Error::file("-", "standard input could not be read"))
            }
            _ => read_source(path),
        }
    }
}

/// An error choosing the group's questionnaire, with a word for each input that is a
/// questionnaire itself (`cat q.toml | tandem score - FOLDER` meant `-q -`).
fn with_questionnaires_named(e: Error, files: &[PathBuf], stdin: &Stdin) -> Error {
    let mut problems = Vec::new();
    for path in files {
        if let Ok(src) = stdin.read(path)
            && matches!(
                crate::tomlfile::sniff(&src),
                Ok(crate::tomlfile::FileKind::Questionnaire)
            )
        {
            problems.push(Problem::new(
                src.name.clone(),
                None,
                format!(
                    "is a questionnaire, not an answers file (to score against it, use -q {})",
                    src.name
                ),
            ));
        }
    }
    // The questionnaire given as answers is the cause: the error it led to ("not built
    // in: name its file with -q") would only send the user the wrong way.
    if problems.is_empty() {
        return e;
    }
    Error::Invalid(problems)
}

/// The questionnaire the first file with a readable header names.
fn group_questionnaire(files: &[PathBuf], stdin: &Stdin) -> Result<Option<Questionnaire>> {
    for path in files {
        let Ok(src) = stdin.read(path) else { continue };
        let Ok(file) = answers::File::parse(&src) else {
            continue;
        };
        if let Ok((id, version)) = file.header() {
            return named_builtin(&src, &id, &version).map(Some);
        }
    }
    Ok(None)
}

/// Without a questionnaire, still report what is wrong with every file.
fn unreadable(files: &[PathBuf], stdin: &Stdin) -> Error {
    let problems: Vec<Problem> = files
        .iter()
        .filter_map(|p| {
            let name = p.display().to_string();
            match stdin
                .read(p)
                .and_then(|src| answers::File::parse(&src).map(|_| ()))
            {
                Ok(_) => None,
                Err(e) => Some(e.into_problems(&name)),
            }
        })
        .flatten()
        .collect();
    if problems.is_empty() {
        Error::Input("no answers files to score".into())
    } else {
        Error::Invalid(problems)
    }
}

/// A file of another questionnaire: (file, id, version).
type Other = (String, String, String);

/// What one chunk of files came to.
#[derive(Default)]
struct Part {
    group: Option<Group>,
    others: Vec<Other>,
    problems: Vec<Problem>,
}

/// Reads and adds up every file on as many threads as there are cores; parts are
/// merged in file order as soon as the parts before them are in, so no more than a few
/// parts wait in memory however many files there are.
fn add_up(
    files: &[PathBuf],
    q: &Questionnaire,
    against: Against<'_>,
    strict: bool,
    stdin: &Stdin,
) -> (Group, Vec<Other>, Vec<Problem>) {
    let held = match Holds::of(files) {
        Ok(h) => h,
        Err(e) => {
            let problems = e.into_problems(crate::held::FILE);
            return (Group::new(q), Vec::new(), problems);
        }
    };
    let held = &held;
    let chunks: Vec<&[PathBuf]> = files.chunks(CHUNK).collect();
    let next = AtomicUsize::new(0);
    let mut all = Group::new(q);
    // One row per file, sized once: growing by doubling would leave up to half unused.
    all.people.reserve_exact(files.len());
    let merged = Mutex::new(Merged {
        all,
        others: Vec::new(),
        problems: Vec::new(),
        next: 0,
        waiting: BTreeMap::new(),
    });
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(chunks.len())
        .max(1);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    let Some(chunk) = chunks.get(k) else { break };
                    let part = read_chunk(chunk, q, against, strict, stdin, held);
                    if let Ok(mut m) = merged.lock() {
                        m.waiting.insert(k, part);
                        m.merge_ready();
                    }
                }
            });
        }
    });
    let m = match merged.into_inner() {
        Ok(m) => m,
        Err(poisoned) => poisoned.into_inner(),
    };
    (m.all, m.others, m.problems)
}

/// The parts merged so far, and those read but waiting for an earlier one.
struct Merged {
    all: Group,
    others: Vec<Other>,
    problems: Vec<Problem>,
    /// The next part to merge.
    next: usize,
    waiting: BTreeMap<usize, Part>,
}

impl Merged {
    fn merge_ready(&mut self) {
        while let Some(part) = self.waiting.remove(&self.next) {
            if let Some(g) = part.group {
                self.all.merge(g);
            }
            self.others.extend(part.others);
            self.problems.extend(part.problems);
            self.next += 1;
        }
    }
}

fn read_chunk(
    chunk: &[PathBuf],
    q: &Questionnaire,
    against: Against<'_>,
    strict: bool,
    stdin: &Stdin,
    held: &Holds,
) -> Part {
    let mut part = Part::default();
    let mut g = Group::new(q);
    let prep = crate::scoring::Prepared::of(q);
    for path in chunk {
        match summarise_file(path, &prep, against, strict, stdin, held) {
            Ok(r) => g.add(q, r),
            Err(Error::OtherQuestionnaire { file, id, version }) => {
                part.others.push((file, id, version))
            }
            Err(e) => part
                .problems
                .extend(e.into_problems(&path.display().to_string())),
        }
    }
    part.group = Some(g);
    part
}

/// Reads, checks and summarises one answers file against the group's questionnaire.
fn summarise_file(
    path: &Path,
    prep: &crate::scoring::Prepared,
    against: Against<'_>,
    strict: bool,
    stdin: &Stdin,
    held: &Holds,
) -> Result<group::Respondent> {
    let src = stdin.read(path)?;
    let file = answers::File::parse(&src)?;
    let (id, version) = file.header()?;
    // The group's questionnaire (`Given` or `Group`): what `prep` was made from.
    let q = against.choose(&src, &id, &version)?;
    // Answers by question index: no map keyed by id to build for every file.
    let i = file.read(&q)?;
    let by: Vec<Option<&answers::Answer>> = i.answers.iter().map(Option::as_ref).collect();
    let who = group::Who {
        name: i.respondent,
        role: i.role,
        date: i.date,
    };
    let mut r = group::summarise_prepared(&q, prep, who, &by, &src.name);
    if let Some((h, name)) = held.of_file(path) {
        h.apply(&q, name, &by, &mut r);
    }
    if strict && !r.complete {
        return Err(incomplete(&src.name, r.missing));
    }
    Ok(r)
}

/// The facilitators' records (`.tandem-held.toml`) of the folders a group's files are
/// in: comments held back there are left out of every report.
struct Holds(std::collections::HashMap<PathBuf, crate::held::Held>);

impl Holds {
    /// Reads the record of each folder the files are in, once per folder.
    fn of(files: &[PathBuf]) -> Result<Holds> {
        let mut map = std::collections::HashMap::new();
        let mut seen = std::collections::HashSet::new();
        for f in files {
            let Some(dir) = folder(f) else { continue };
            if seen.insert(dir.to_path_buf()) {
                let h = crate::held::Held::read(dir)?;
                if !h.held.is_empty() {
                    map.insert(dir.to_path_buf(), h);
                }
            }
        }
        Ok(Holds(map))
    }

    /// The record that applies to `path`, with the file's name in it.
    fn of_file<'a>(&'a self, path: &'a Path) -> Option<(&'a crate::held::Held, &'a str)> {
        if self.0.is_empty() {
            return None;
        }
        let h = self.0.get(folder(path)?)?;
        Some((h, path.file_name()?.to_str()?))
    }
}

/// The folder a file is in (`.` for a bare name); none for standard input.
fn folder(path: &Path) -> Option<&Path> {
    if path.as_os_str() == "-" {
        return None;
    }
    match path.parent() {
        Some(d) if d.as_os_str().is_empty() => Some(Path::new(".")),
        Some(d) => Some(d),
        None => None,
    }
}

/// The error `--strict` gives for an incomplete file.
pub(crate) fn incomplete(file: &str, missing: usize) -> Error {
    Error::Invalid(vec![Problem::new(
        file,
        None,
        format!(
            "incomplete: {missing} question(s) unanswered (--strict refuses incomplete answers files)"
        ),
    )])
}

/// One problem per file outside the majority questionnaire, naming what every file
/// answers.
fn mixed_problems(q: &Questionnaire, all: &Group, files: usize, others: &[Other]) -> Vec<Problem> {
    let mut kinds: Vec<((String, String), usize)> = vec![(
        (q.id.to_string(), q.version.to_string()),
        files - others.len(),
    )];
    for (_, id, v) in others {
        match kinds.iter_mut().find(|(k, _)| k.0 == *id && k.1 == *v) {
            Some((_, n)) => *n += 1,
            None => kinds.push(((id.clone(), v.clone()), 1)),
        }
    }
    let ((mid, mv), mn) = kinds
        .iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .cloned()
        .unwrap_or_default();
    let listing: Vec<String> = kinds
        .iter()
        .map(|((i, v), n)| format!("{i} {v} ({})", plural(*n, "file", "files")))
        .collect();
    let listed: Vec<Other> = if mid != q.id || mv != q.version {
        // The first file was in the minority: list the group's files instead.
        all.people
            .iter()
            .map(|r| (r.file.clone(), q.id.to_string(), q.version.to_string()))
            .collect()
    } else {
        others.to_vec()
    };
    listed
        .into_iter()
        .map(|(file, id, v)| {
            Problem::new(
                file,
                None,
                format!(
                    "answers {id} {v}, but most of the group ({}) answers {mid} {mv}; one group must answer one questionnaire (found: {})",
                    plural(mn, "file", "files"),
                    listing.join(", ")
                ),
            )
        })
        .collect()
}
