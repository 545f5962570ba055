//! What one run reads and writes must not collide: standard input is read once, and
//! no output is written over a file the same run reads.

use crate::error::{Error, Result};
use crate::load::{FileId, Reserved};
use crate::questionnaire;
use std::path::{Path, PathBuf};

/// `-` may stand for standard input in one place only.
pub fn stdin_once(uses: &[(&str, bool)]) -> Result<()> {
    let named: Vec<&str> = uses.iter().filter(|(_, u)| *u).map(|(w, _)| *w).collect();
    if named.len() > 1 {
        return Err(Error::Usage(format!(
            "standard input (`-`) can be read only once, but it was named for {}",
            named.join(" and ")
        )));
    }
    Ok(())
}

/// A `-q` value names a file (not a built-in, not standard input).
pub fn questionnaire_file(spec: Option<&str>) -> Option<PathBuf> {
    let spec = spec?;
    (spec != "-" && questionnaire::builtin(spec).is_none()).then(|| PathBuf::from(spec))
}

/// The files a run must keep clear of while scanning answers, after checking that
/// `out` is none of the single files the run reads (`-q`, `--policy`, …).
pub fn reserve(
    out: Option<&Path>,
    questionnaire: Option<&Path>,
    reads: &[&Path],
) -> Result<Reserved> {
    let written = out.filter(|p| p.as_os_str() != "-").and_then(FileId::of);
    if let Some(w) = &written {
        for r in questionnaire.iter().chain(reads) {
            if FileId::of(r).as_ref() == Some(w) {
                return Err(Error::Usage(format!(
                    "--out {}: is also read by this run ({}); writing the report would destroy it",
                    out.map(|p| p.display().to_string()).unwrap_or_default(),
                    r.display()
                )));
            }
        }
    }
    Ok(Reserved {
        questionnaire: questionnaire.and_then(FileId::of),
        written,
    })
}
