//! Writes are atomic: a process killed with SIGKILL while saving leaves the target
//! either as it was or as the complete new version, never half of one.
#![cfg(unix)]

use std::process::{Command, Stdio};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_tandem");

#[test]
fn sigkill_during_saves_never_leaves_a_partial_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("answers.toml");
    let versions: Vec<Vec<u8>> = ["alignment", "pulse"]
        .iter()
        .map(|q| {
            Command::new(BIN)
                .args(["template", "-q", q])
                .output()
                .unwrap()
                .stdout
        })
        .collect();
    assert_ne!(versions[0], versions[1]);
    std::fs::write(&target, &versions[1]).unwrap();
    let mut killed_mid_run = 0;
    for i in 0..150u64 {
        let q = ["alignment", "pulse"][(i % 2) as usize];
        let mut child = Command::new(BIN)
            .args(["template", "-q", q, "--out", target.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Kill at varied moments: before, during and after the write.
        std::thread::sleep(Duration::from_micros((i * 37) % 2500));
        let _ = child.kill(); // SIGKILL
        let status = child.wait().unwrap();
        if !status.success() {
            killed_mid_run += 1;
        }
        let now = std::fs::read(&target).unwrap();
        assert!(
            now == versions[0] || now == versions[1],
            "after kill {i}: the file is neither complete version ({} bytes)",
            now.len()
        );
    }
    assert!(
        killed_mid_run > 0,
        "no run was actually interrupted; the test proves nothing"
    );
}

#[test]
fn new_files_get_ordinary_permissions_and_replaced_files_keep_theirs() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.json");
    let run = || {
        Command::new(BIN)
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
