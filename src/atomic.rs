//! Writing files so that a crash, a kill or a full disk never leaves a half-written
//! one: regular files are replaced atomically (a temporary file in the same folder,
//! flushed, renamed over the target, its permissions kept). What is not a regular file
//! is treated as what it is: a link's target is written, a device or FIFO is written
//! in place (`--out /dev/null` must not replace the machine's /dev/null), and a file
//! the user may not write is refused rather than replaced.
//!
//! Temporary files are registered while they exist, so a signal handler at the
//! binary's edge can remove them ([`remove_temporaries`]) before the process exits.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Temporary files being written right now, and whether the process is ending.
struct Registry {
    paths: Vec<PathBuf>,
    closed: bool,
}

static TEMPORARIES: Mutex<Registry> = Mutex::new(Registry {
    paths: Vec::new(),
    closed: false,
});

/// Run once before the first temporary file is created: the binary starts its signal
/// handling there, so runs that write no file start no thread for it.
static BEFORE_FIRST: std::sync::OnceLock<fn()> = std::sync::OnceLock::new();

/// Sets what runs before the first temporary file is created (the first call wins).
pub fn before_first_temporary(hook: fn()) {
    let _ = BEFORE_FIRST.set(hook);
}

/// Removes every temporary file still being written, and refuses to create new ones
/// from then on. For a signal handler about to end the process: the writes they
/// belonged to will never finish. A temporary is created and registered under the same
/// lock, so one created just before the signal is always seen here.
pub fn remove_temporaries() {
    let mut reg = match TEMPORARIES.lock() {
        Ok(reg) => reg,
        Err(poisoned) => poisoned.into_inner(),
    };
    reg.closed = true;
    for p in reg.paths.drain(..) {
        let _ = std::fs::remove_file(p);
    }
}

/// Follows links to the path that will really be written (which may not exist yet).
pub fn resolve_links(path: &Path) -> Result<PathBuf> {
    let mut p = path.to_path_buf();
    // As many hops as the kernel allows before it calls it a loop.
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let next = std::fs::read_link(&p).map_err(|e| Error::io(path, e))?;
                p = match p.parent() {
                    Some(dir) if next.is_relative() => dir.join(next),
                    _ => next,
                };
            }
            _ => return Ok(p),
        }
    }
    Err(Error::file(
        path.display().to_string(),
        "too many levels of symbolic links",
    ))
}

/// When a replaced file's bytes must be on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// Flushed before the rename: the file survives a power cut as soon as the call
    /// returns.
    Now,
    /// Renamed without waiting for the disk: the file survives the process being
    /// killed at once, and a power cut once the caller's next [`sync_folder`]. For a
    /// server saving hundreds of small files a second, where one flush per file would
    /// queue every request behind the disk.
    Deferred,
}

/// Flushes a folder's entries (the names [`Durability::Deferred`] renames gave), after
/// the files themselves were flushed.
pub fn sync_folder(dir: &Path) -> Result<()> {
    let d = std::fs::File::open(dir).map_err(|e| Error::io(dir, e))?;
    d.sync_all().map_err(|e| Error::io(dir, e))
}

/// Writes `bytes` to `path` as the module describes. (`-` for standard output is the
/// caller's business: the library never prints.)
pub fn atomic_write(path: &Path, bytes: &[u8]) -> Result<()> {
    atomic_write_with(path, bytes, Durability::Now)
}

/// [`atomic_write`], saying when the bytes must reach the disk.
pub fn atomic_write_with(path: &Path, bytes: &[u8], durability: Durability) -> Result<()> {
    atomic_write_stream(path, durability, &mut |w| {
        w.write_all(bytes).map_err(Error::unnamed)
    })
}

/// [`atomic_write_with`] for a file only its owner may read (mode 0600 from the moment
/// it exists, whatever the file it replaces allowed): `tandem serve`'s answers and state.
pub fn atomic_write_private(path: &Path, bytes: &[u8], durability: Durability) -> Result<()> {
    write_mode(path, durability, Some(0o600), &mut |w| {
        w.write_all(bytes).map_err(Error::unnamed)
    })
}

/// Writes what `write` writes to `path` as the module describes, without holding it
/// all in memory first (a report of 100,000 people is written as it is rendered). I/O
/// errors `write` returns as [`Error::unnamed`] are named after `path`.
pub fn atomic_write_stream(
    path: &Path,
    durability: Durability,
    write: &mut dyn FnMut(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    write_mode(path, durability, None, write)
}

/// `mode`: the new file's permissions, instead of the replaced file's (or the usual).
fn write_mode(
    path: &Path,
    durability: Durability,
    mode: Option<u32>,
    write: &mut dyn FnMut(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    let target = resolve_links(path)?;
    match std::fs::metadata(&target) {
        Ok(m) if m.is_dir() => Err(Error::file(
            path.display().to_string(),
            "is a directory, expected a file",
        )),
        Ok(m) if !m.is_file() => write_in_place(path, &target, write),
        Ok(m) => {
            if m.permissions().readonly() {
                return Err(Error::file(
                    path.display().to_string(),
                    "is read-only; not replacing it",
                ));
            }
            // Opening for writing (without truncating) asks the system whether this
            // user may write it, without changing a byte.
            std::fs::OpenOptions::new()
                .write(true)
                .open(&target)
                .map_err(|e| Error::io(path, e))?;
            replace(path, &target, write, Some(&m), durability, mode)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            replace(path, &target, write, None, durability, mode)
        }
        Err(e) => Err(Error::io(path, e)),
    }
}

/// A device or FIFO: opened and written like any stream.
fn write_in_place(
    path: &Path,
    target: &Path,
    write: &mut dyn FnMut(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    let f = std::fs::OpenOptions::new()
        .write(true)
        .open(target)
        .map_err(|e| Error::io(path, e))?;
    let mut w = std::io::BufWriter::new(f);
    write(&mut w)
        .and_then(|_| w.flush().map_err(Error::unnamed))
        .map_err(|e| e.named(path))
}

/// A regular file (or none yet): a temporary beside it, renamed over it.
fn replace(
    path: &Path,
    target: &Path,
    write: &mut dyn FnMut(&mut dyn Write) -> Result<()>,
    existing: Option<&std::fs::Metadata>,
    durability: Durability,
    mode: Option<u32>,
) -> Result<()> {
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".tandem-").suffix(".tmp");
    // A new file gets the usual 0666 less the umask (tempfile's own default is 0600,
    // which would hide published reports); a replaced file keeps its permissions.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = mode.unwrap_or_else(|| {
            existing
                .map(|m| m.permissions().mode() & 0o7777)
                .unwrap_or(0o666)
        });
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = (existing, mode);
    // The hook guards itself against running twice.
    if let Some(hook) = BEFORE_FIRST.get() {
        hook();
    }
    // Created while holding the registry, so a signal between creating and
    // registering cannot leave the file behind.
    let (mut tmp, tmp_path) = {
        let mut reg = match TEMPORARIES.lock() {
            Ok(reg) => reg,
            Err(poisoned) => poisoned.into_inner(),
        };
        if reg.closed {
            return Err(Error::io(
                path,
                std::io::Error::new(std::io::ErrorKind::Interrupted, "the process is ending"),
            ));
        }
        let tmp = builder.tempfile_in(dir).map_err(|e| Error::io(path, e))?;
        let tmp_path = tmp.path().to_path_buf();
        reg.paths.push(tmp_path.clone());
        (tmp, tmp_path)
    };
    let result = (|| {
        {
            let mut w = std::io::BufWriter::with_capacity(64 << 10, tmp.as_file_mut());
            write(&mut w)?;
            w.flush().map_err(Error::unnamed)?;
        }
        if durability == Durability::Now {
            tmp.as_file().sync_all().map_err(Error::unnamed)?;
        }
        tmp.persist(target)
            .map(|_| ())
            .map_err(|e| Error::unnamed(e.error))
    })();
    if let Ok(mut reg) = TEMPORARIES.lock() {
        reg.paths.retain(|p| *p != tmp_path);
    }
    result.map_err(|e| e.named(path))
}
