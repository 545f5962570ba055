//! Writes are atomic: a process killed with SIGKILL while saving leaves the target
//! either as it was or as the complete new version, never half of one.
#![cfg(unix)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_tandem");

/// A valid questionnaire whose blank answers file is about 400 KB, so that writing and
/// flushing it leaves a window for a kill to land in. `fill` tells two of them apart.
fn big_questionnaire(dir: &Path, fill: char) -> PathBuf {
    let long: String = std::iter::repeat_n(fill, 10_000).collect();
    let mut text = String::from(
        "[questionnaire]\nid = \"big\"\nversion = \"1.0\"\ntitle = \"T\"\n\n\
         [[dimensions]]\nid = \"d\"\nname = \"D\"\n\n\
         [[causes]]\nid = \"c\"\nname = \"C\"\nexplanation = \"E\"\nremedies = [\"R\"]\n",
    );
    for i in 0..40 {
        text.push_str(&format!(
            "\n[[questions]]\nid = \"q{i}\"\nkind = \"scale\"\ndimension = \"d\"\n\
             min = 1\nmax = 5\ntext = \"Q{i} {long}\"\nevidence = {{ c = 1.0 }}\n"
        ));
    }
    let p = dir.join(format!("{fill}.toml"));
    std::fs::write(&p, text).unwrap();
    p
}

/// The temporary files a save killed before its rename leaves in `dir` (SIGKILL runs no
/// clean-up), named as `answers::atomic_write` names them.
fn temporaries(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with(".tandem-") && name.ends_with(".tmp")
        })
        .collect()
}

/// When a run is killed.
#[derive(Clone, Copy, Debug)]
enum Kill {
    /// As soon as its temporary file exists: before or while the bytes go in.
    TemporaryAppears,
    /// Once its temporary file holds every byte: while it is flushed or renamed.
    TemporaryFull,
    /// Never: the save completes.
    Never,
}

#[test]
fn sigkill_during_saves_never_leaves_a_partial_file() {
    let src = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("answers.toml");
    let qs = [
        big_questionnaire(src.path(), 'x'),
        big_questionnaire(src.path(), 'y'),
    ];
    let versions: Vec<Vec<u8>> = qs
        .iter()
        .map(|q| common::stdout_ok(&["template", "-q", q.to_str().unwrap()]))
        .collect();
    assert_ne!(versions[0], versions[1]);
    std::fs::write(&target, &versions[1]).unwrap();
    let mut before = versions[1].clone();
    let (mut mid_write, mut completed) = (0, 0);
    // A fixed number of runs; each ends when its child does, so nothing here is timed.
    for i in 0..15usize {
        let new = i % 2;
        let when = [Kill::TemporaryAppears, Kill::TemporaryFull, Kill::Never][i % 3];
        let mut child = Command::new(BIN)
            .args(["template", "-q", qs[new].to_str().unwrap(), "--out"])
            .arg(&target)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        while child.try_wait().unwrap().is_none() {
            let tmp = temporaries(dir.path());
            let due = match when {
                Kill::TemporaryAppears => !tmp.is_empty(),
                Kill::TemporaryFull => tmp.iter().any(|p| {
                    std::fs::metadata(p).is_ok_and(|m| m.len() == versions[new].len() as u64)
                }),
                Kill::Never => false,
            };
            if due {
                let _ = child.kill(); // SIGKILL
                break;
            }
            std::thread::yield_now();
        }
        let status = child.wait().unwrap();
        let now = std::fs::read(&target).unwrap();
        let case = format!("run {i} ({when:?}, exit {status})");
        assert!(
            now == versions[0] || now == versions[1],
            "{case}: the file is neither complete version ({} bytes)",
            now.len()
        );
        let left = temporaries(dir.path());
        if !left.is_empty() {
            // Killed between creating the temporary file and renaming it over the target.
            assert!(!status.success(), "{case}: finished but left {left:?}");
            assert!(
                now == before,
                "{case}: killed mid-write, yet the target changed"
            );
            mid_write += 1;
            for p in left {
                std::fs::remove_file(p).unwrap();
            }
        } else if status.success() {
            assert!(
                now == versions[new],
                "{case}: finished, yet the old content"
            );
            completed += 1;
        }
        before = now;
    }
    assert!(
        mid_write > 0,
        "no kill landed between the temporary file and the rename; the test proves nothing"
    );
    assert!(completed > 0, "no save completed");
}

#[test]
fn new_files_get_ordinary_permissions_and_replaced_files_keep_theirs() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.json");
    let run = || {
        Command::new(BIN)
            .current_dir(common::root())
            .args([
                "score",
                "examples/cmo-self-assessment.toml",
                "--format",
                "json",
                "--out",
                out.to_str().unwrap(),
            ])
            .status()
            .unwrap()
    };
    assert!(run().success());
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(
        mode & 0o644,
        0o644,
        "readable by others, as a published report must be: {mode:o}"
    );
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o600)).unwrap();
    assert!(run().success());
    assert_eq!(
        std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o600
    );
}
