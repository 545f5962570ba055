//! Spanning a version bump: each wave (or baseline) is scored against the questionnaire
//! version its answers name, found among the questionnaires given with `-q`, files
//! beside the answers and the built-ins; the newest version's `[[earlier]]` mapping
//! then says which of an earlier version's dimensions each of its own continues.

use crate::answers;
use crate::error::{Error, Result};
use crate::questionnaire::{self, Questionnaire};
use crate::tomlfile::{FileKind, read_source, sniff};
use std::path::{Path, PathBuf};

/// The questionnaire and version the first readable answers file among `files` names.
pub fn named_version(files: &[PathBuf]) -> Option<(String, String)> {
    files.iter().find_map(|path| {
        if path.as_os_str() == "-" {
            return None;
        }
        let src = read_source(path).ok()?;
        answers::File::parse(&src).ok()?.header().ok()
    })
}

/// Valid questionnaire files directly inside `dir` (not its subfolders), by name.
/// Others (answers, policies, broken files) are not this look-up's business.
pub fn questionnaires_in(dir: &Path) -> Vec<Questionnaire> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    paths
        .iter()
        .filter_map(|p| {
            let src = read_source(p).ok()?;
            matches!(sniff(&src), Ok(FileKind::Questionnaire))
                .then(|| questionnaire::parse(&src).ok())?
        })
        .collect()
}

/// The questionnaire for answers naming `id` `version`: among `known` (the `-q`
/// files first, then files beside the answers), else the built-in of that version.
pub fn for_version(
    known: &[Questionnaire],
    id: &str,
    version: &str,
    at: &str,
) -> Result<Questionnaire> {
    if let Some(q) = known.iter().find(|q| q.id == id && q.version == version) {
        return Ok(q.clone());
    }
    if let Some(b) = questionnaire::builtin(id)
        && b.version() == version
    {
        return b.load();
    }
    let builtin = match questionnaire::builtin(id) {
        Some(b) => format!(" (the built-in `{id}` is version {})", b.version()),
        None => String::new(),
    };
    Err(Error::file(
        at,
        format!(
            "answers {id} {version}, which no questionnaire given defines{builtin}: pass that version's file with -q (repeat -q for each version), or put it beside the answers' folder"
        ),
    ))
}

/// For each of `newest`'s dimensions, its index among `older`'s: by `newest`'s
/// `[[earlier]]` entry for `older`'s version. The same version maps each to itself.
pub fn dimension_map(
    newest: &Questionnaire,
    older: &Questionnaire,
    at: &str,
) -> Result<Vec<Option<usize>>> {
    if older.id != newest.id {
        return Err(Error::file(
            at,
            format!(
                "answers {} {}, but the newest wave answers {} {}; a trend compares waves of one questionnaire",
                older.id, older.version, newest.id, newest.version
            ),
        ));
    }
    if older.version == newest.version {
        return Ok((0..newest.dimensions.len()).map(Some).collect());
    }
    let Some(e) = newest.earlier.iter().find(|e| e.version == older.version) else {
        return Err(Error::file(
            at,
            format!(
                "answers {id} {old}, and {id} {new} declares no [[earlier]] mapping for version {old}: add one to the {new} questionnaire (docs/FORMAT.md) so the waves compare, or compare each version's waves separately",
                id = newest.id,
                old = older.version,
                new = newest.version
            ),
        ));
    };
    Ok(newest
        .dimensions
        .iter()
        .map(|d| {
            older
                .dimensions
                .iter()
                .position(|o| e.dimension(&o.id, &newest.dimensions).as_deref() == Some(&d.id))
        })
        .collect())
}

/// The questionnaires beside a wave or baseline: in a folder's parent, or beside a file.
pub fn beside(path: &Path) -> Vec<Questionnaire> {
    match path.parent() {
        Some(p) if p.as_os_str().is_empty() => questionnaires_in(Path::new(".")),
        Some(p) => questionnaires_in(p),
        None => Vec::new(),
    }
}

/// Without `-q`: the questionnaire for answers naming a version that is not built in,
/// found beside them. `None` when the built-in serves, the answers name none, or none
/// is beside them.
pub fn beside_answers(paths: &[PathBuf], files: &[PathBuf]) -> Result<Option<Questionnaire>> {
    // Standard input is beside nothing, and a questionnaire piped in by mistake must
    // get its own message.
    if paths.iter().any(|p| p.as_os_str() == "-") {
        return Ok(None);
    }
    let Some((id, version)) = named_version(files) else {
        return Ok(None);
    };
    if questionnaire::builtin(id.as_str()).is_some_and(|b| b.version() == version) {
        return Ok(None);
    }
    // Not found: the answers are read as before, and say which version they name
    // and which one they were checked against, at the `version` line.
    let known: Vec<Questionnaire> = paths.iter().flat_map(|p| beside(p)).collect();
    Ok(known
        .into_iter()
        .find(|q| q.id == id && q.version == version))
}
