//! Which answers files a list of paths names. Each file counts once, however it is
//! named (`S`, `./S`, `dir/../S`, a link to it): files are told apart by device and
//! inode. Folder scans take regular files only, never follow a link back into a folder
//! already scanned, and say what they skipped.

use crate::error::{Error, Result};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// A file's identity on this machine: (device, inode) on Unix; elsewhere the
/// canonical path stands in.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FileId(Identity);

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Identity {
    #[cfg(unix)]
    Inode(u64, u64),
    #[allow(dead_code)]
    Path(PathBuf),
}

impl FileId {
    /// The identity of what `path` names (following links); `None` if it does not exist.
    pub fn of(path: &Path) -> Option<FileId> {
        let meta = std::fs::metadata(path).ok()?;
        Some(Self::from_meta(path, &meta))
    }

    /// A plain file's identity from its folder's listing: the inode the listing gives,
    /// on the folder's device (a plain file is on its folder's device). `None` where
    /// listings carry no inode.
    fn of_entry(entry: &std::fs::DirEntry, dir: &std::fs::Metadata) -> Option<FileId> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::{DirEntryExt, MetadataExt};
            Some(FileId(Identity::Inode(dir.dev(), entry.ino())))
        }
        #[cfg(not(unix))]
        {
            let _ = (entry, dir);
            None
        }
    }

    fn from_meta(path: &Path, meta: &std::fs::Metadata) -> FileId {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let _ = path;
            FileId(Identity::Inode(meta.dev(), meta.ino()))
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            FileId(Identity::Path(
                std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()),
            ))
        }
    }
}

/// Why a scan left a path out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipReason {
    /// A FIFO, socket or device: reading one could block forever.
    NotRegular,
    /// A link back into a folder already scanned.
    Loop,
    /// The same file as one already taken, by another name.
    Duplicate,
    /// The questionnaire given with `-q`, which sits among the answers.
    Questionnaire,
    /// An answers file with no answer at all: nobody's answers, not a respondent.
    Blank,
    /// Discarded by the facilitator (the folder's `.tandem-held.toml`).
    Discarded,
}

impl SkipReason {
    pub fn describe(self) -> &'static str {
        match self {
            SkipReason::NotRegular => "not a regular file",
            SkipReason::Loop => "a link to a folder already scanned",
            SkipReason::Duplicate => "the same file as another one given",
            SkipReason::Questionnaire => "the questionnaire given with -q",
            SkipReason::Blank => "no answers at all",
            SkipReason::Discarded => "discarded by the facilitator (see .tandem-held.toml)",
        }
    }
}

/// The files to read, and what was left out.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// Sorted by path; each file once.
    pub files: Vec<PathBuf>,
    pub skipped: Vec<(PathBuf, SkipReason)>,
}

/// Files a scan must treat specially.
#[derive(Debug, Clone, Default)]
pub struct Reserved {
    /// The `-q` questionnaire: skipped in a folder, refused when named as answers.
    pub questionnaire: Option<FileId>,
    /// A file this run writes (`--out`): reading it too is refused.
    pub written: Option<FileId>,
}

/// The answers files named: files as given, folders read for `*.toml` (descending with
/// `recursive`). Sorted and without duplicates, so the order they were given in never
/// changes a report.
pub fn collect_inputs(paths: &[PathBuf], recursive: bool) -> Result<Inputs> {
    collect_reserved(paths, recursive, &Reserved::default())
}

/// [`collect_inputs`], keeping clear of the files in `reserved`.
pub fn collect_reserved(paths: &[PathBuf], recursive: bool, reserved: &Reserved) -> Result<Inputs> {
    let mut scan = Scan {
        recursive,
        reserved,
        found: Vec::new(),
        listing: reserved.questionnaire.is_none()
            && reserved.written.is_none()
            && paths.iter().all(|p| p.is_dir()),
        stat_in_walk: false,
        skipped: Vec::new(),
        dirs: HashSet::new(),
        held: HashMap::new(),
    };
    for p in paths {
        if p.as_os_str() == "-" {
            scan.found.push((p.clone(), None, false));
            continue;
        }
        match std::fs::metadata(p) {
            Ok(meta) if meta.is_dir() => {
                let before = scan.found.len();
                scan.walk(p, &meta)?;
                if scan.found.len() == before {
                    return Err(empty_folder(p, recursive));
                }
            }
            Ok(meta) => {
                let id = FileId::from_meta(p, &meta);
                scan.check_reserved(p, &id)?;
                if scan.discarded(p)? {
                    scan.skipped.push((p.clone(), SkipReason::Discarded));
                    continue;
                }
                // A file named on the command line may be a pipe (`<(…)`): it is read.
                scan.found.push((p.clone(), Some(id), false));
            }
            // Reading it reports the error, beside every other file's problems.
            Err(_) => scan.found.push((p.clone(), None, false)),
        }
    }
    Ok(scan.finish())
}

fn empty_folder(p: &Path, recursive: bool) -> Error {
    Error::file(
        p.display().to_string(),
        format!(
            "no answers files (*.toml) in this folder{}",
            if recursive {
                " or below it"
            } else {
                " (use --recursive to look in subfolders)"
            }
        ),
    )
}

struct Scan<'a> {
    recursive: bool,
    reserved: &'a Reserved,
    /// (path, identity, identity taken from a folder listing rather than a stat).
    found: Vec<(PathBuf, Option<FileId>, bool)>,
    /// Plain files in folders may take their identity from the listing: nothing they
    /// are compared with came from a stat (no reserved files, only folders named).
    listing: bool,
    /// A link in a folder was identified by a stat: the listed files are stat'ed too
    /// at the end, so that every identity compared comes from the same call.
    stat_in_walk: bool,
    skipped: Vec<(PathBuf, SkipReason)>,
    /// Folders scanned, by identity: a link back into one is a loop.
    dirs: HashSet<FileId>,
    /// Each folder's record of what its facilitator discarded, read once.
    held: HashMap<PathBuf, crate::held::Held>,
}

impl Scan<'_> {
    /// Whether the facilitator discarded the answers file `p` (its folder's record
    /// says so). A damaged record is an error: guessing could count a duplicate.
    fn discarded(&mut self, p: &Path) -> Result<bool> {
        let (Some(dir), Some(name)) = (p.parent(), p.file_name()) else {
            return Ok(false);
        };
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        if !self.held.contains_key(dir) {
            let held = crate::held::Held::read(dir)?;
            self.held.insert(dir.to_path_buf(), held);
        }
        Ok(self
            .held
            .get(dir)
            .is_some_and(|h| h.discards(&name.to_string_lossy())))
    }

    fn check_reserved(&self, p: &Path, id: &FileId) -> Result<()> {
        if self.reserved.written.as_ref() == Some(id) {
            return Err(Error::Usage(format!(
                "{}: is also the output (--out); writing the report would destroy input",
                p.display()
            )));
        }
        if self.reserved.questionnaire.as_ref() == Some(id) {
            return Err(Error::file(
                p.display().to_string(),
                "is the questionnaire given with -q, not an answers file",
            ));
        }
        Ok(())
    }

    fn walk(&mut self, dir: &Path, meta: &std::fs::Metadata) -> Result<()> {
        if !self.dirs.insert(FileId::from_meta(dir, meta)) {
            self.skipped.push((dir.to_path_buf(), SkipReason::Loop));
            return Ok(());
        }
        let mut entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)
            .map_err(|e| Error::io(dir, e))?
            .collect::<std::io::Result<_>>()
            .map_err(|e| Error::io(dir, e))?;
        // Sorted, so which of two names for one file is kept never depends on the
        // order the folder lists them in.
        entries.sort_by_cached_key(|e| e.file_name());
        for entry in entries {
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            self.entry(&entry, meta)?;
        }
        Ok(())
    }

    fn entry(&mut self, entry: &std::fs::DirEntry, dir: &std::fs::Metadata) -> Result<()> {
        let path = entry.path();
        let toml = path.extension().is_some_and(|e| e == "toml");
        // The entry's own type needs no extra stat; links are followed with one.
        let kind = entry.file_type().map_err(|e| Error::io(&path, e))?;
        if kind.is_dir() || kind.is_symlink() {
            let Ok(meta) = std::fs::metadata(&path) else {
                return Ok(()); // a dangling link names nothing to read
            };
            if meta.is_dir() {
                return if self.recursive {
                    self.walk(&path, &meta)
                } else {
                    Ok(())
                };
            }
            if toml {
                self.stat_in_walk = true;
                self.file(path, Some(&meta))?;
            }
        } else if toml {
            if kind.is_file() {
                // A plain file's identity comes from the listing when it may: a folder
                // of 100,000 files then costs no stat per file.
                match FileId::of_entry(entry, dir).filter(|_| self.listing) {
                    Some(id) => self.regular(path, id, true)?,
                    None => self.file(path, None)?,
                }
            } else {
                self.skipped.push((path, SkipReason::NotRegular));
            }
        }
        Ok(())
    }

    fn file(&mut self, path: PathBuf, meta: Option<&std::fs::Metadata>) -> Result<()> {
        let meta = match meta {
            Some(m) => m.clone(),
            None => match std::fs::metadata(&path) {
                Ok(m) => m,
                Err(_) => {
                    self.found.push((path, None, false));
                    return Ok(());
                }
            },
        };
        if !meta.is_file() {
            self.skipped.push((path, SkipReason::NotRegular));
            return Ok(());
        }
        let id = FileId::from_meta(&path, &meta);
        self.regular(path, id, false)
    }

    /// A regular file found in a folder.
    fn regular(&mut self, path: PathBuf, id: FileId, listed: bool) -> Result<()> {
        if self.reserved.questionnaire.as_ref() == Some(&id) {
            self.skipped.push((path, SkipReason::Questionnaire));
            return Ok(());
        }
        if self.discarded(&path)? {
            self.skipped.push((path, SkipReason::Discarded));
            return Ok(());
        }
        self.check_reserved(&path, &id)?;
        self.found.push((path, Some(id), listed));
        Ok(())
    }

    fn finish(mut self) -> Inputs {
        if self.stat_in_walk {
            for (path, id, listed) in &mut self.found {
                if *listed && let Some(stat) = FileId::of(path) {
                    *id = Some(stat);
                }
            }
        }
        self.found.sort_by(|a, b| a.0.cmp(&b.0));
        let mut seen: HashSet<FileId> = HashSet::new();
        let mut files = Vec::with_capacity(self.found.len());
        let mut last: Option<PathBuf> = None;
        for (path, id, _) in self.found {
            if last.as_ref() == Some(&path) {
                continue;
            }
            last = Some(path.clone());
            match id {
                Some(id) if seen.contains(&id) => {
                    self.skipped.push((path, SkipReason::Duplicate));
                }
                Some(id) => {
                    seen.insert(id);
                    files.push(path);
                }
                None => files.push(path),
            }
        }
        self.skipped.sort_by(|a, b| a.0.cmp(&b.0));
        Inputs {
            files,
            skipped: self.skipped,
        }
    }
}
