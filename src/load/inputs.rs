//! Which answers files a list of paths names.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// The answers files named: files as given, folders read for `*.toml` (descending with
/// `recursive`). Sorted and without duplicates, so the order they were given in never
/// changes a report.
pub fn collect_inputs(paths: &[PathBuf], recursive: bool) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for p in paths {
        if p.as_os_str() != "-" && p.is_dir() {
            let before = files.len();
            walk(p, recursive, &mut files)?;
            if files.len() == before {
                return Err(Error::file(
                    p.display().to_string(),
                    format!(
                        "no answers files (*.toml) in this folder{}",
                        if recursive {
                            " or below it"
                        } else {
                            " (use --recursive to look in subfolders)"
                        }
                    ),
                ));
            }
        } else {
            files.push(p.clone());
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

fn walk(dir: &Path, recursive: bool, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if hidden {
            continue;
        }
        // The directory entry's type needs no extra stat (symlinks are followed).
        let is_dir = match entry.file_type() {
            Ok(t) if t.is_symlink() => path.is_dir(),
            Ok(t) => t.is_dir(),
            Err(_) => path.is_dir(),
        };
        if is_dir {
            if recursive {
                walk(&path, recursive, out)?;
            }
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
    Ok(())
}
