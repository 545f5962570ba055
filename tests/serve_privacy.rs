//! `tandem serve` and privacy (#27): names only with `--names`, pages that say who
//! sees what, a live report that publishes snapshots no comparison can undo, comments
//! held back (across restarts, and in `tandem score`), a private folder with no usable
//! token in it, and dashboard counts folded as reports fold them.

mod serve_support;

use serve_support::*;
use std::path::{Path, PathBuf};
use tandem::serve::{self, Options, ReportOptions, Server};

fn options(dir: &Path, q: &str, anonymous: bool, min_group: Option<usize>) -> Options {
    let (_, q) = tandem::questionnaire::resolve(q).unwrap();
    Options {
        report: ReportOptions {
            anonymous,
            min_group,
        },
        joins_per_client: 100,
        ..Options::new(q, dir.to_path_buf(), "127.0.0.1:0".parse().unwrap())
    }
}

fn secret_path(s: &Server) -> String {
    let f = s.facilitator_url();
    f[f.find("/f/").unwrap()..].to_string()
}

fn middle(v: &[String]) -> String {
    v[v.len() / 2].clone()
}

/// The pulse questionnaire with a comment box and a five-whys question added.
fn with_comments(dir: &Path) -> PathBuf {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(["export", "pulse"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap().replacen(
        "id = \"pulse\"",
        "id = \"pulse-comments\"",
        1,
    ) + "\n[[questions]]\nid = \"change\"\nkind = \"text\"\ntext = \"One thing to change first?\"\n\
           \n[[questions]]\nid = \"chain\"\nkind = \"five_whys\"\nmax_whys = 3\ntext = \"The symptom that hurts most, and why.\"\n";
    let path = dir.join("pulse-comments.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// Answers every page: scales in the middle, `comment` in the text box, a chain
/// starting with `symptom`.
fn answer_with_comment(c: &mut Client, code: &str, role: &str, comment: &str, symptom: &str) {
    let join = c.get(&format!("/j/{code}"));
    let csrf = input_value(&join.body, "csrf").unwrap();
    let r = c.post(
        &format!("/j/{code}/start"),
        &form(&[("csrf", &csrf), ("role", role)]),
    );
    let mut at = r.location();
    for _ in 0..40 {
        let page = c.get(&at);
        if at.ends_with("/done") {
            return;
        }
        let csrf = input_value(&page.body, "csrf").unwrap();
        let body = if at.ends_with("/review") {
            let r = c.post(&format!("/j/{code}/submit"), &form(&[("csrf", &csrf)]));
            at = r.location();
            continue;
        } else if page.body.contains("name=\"symptom\"") {
            form(&[
                ("csrf", &csrf),
                ("symptom", symptom),
                ("why1", "no shared definition"),
                ("why2", "nobody owns it"),
                ("why3", "no time"),
                ("cause", "other"),
            ])
        } else if page.body.contains("<textarea name=\"a\"") {
            form(&[("csrf", &csrf), ("a", comment)])
        } else {
            form(&[
                ("csrf", &csrf),
                ("a", &middle(&input_values(&page.body, "a"))),
            ])
        };
        let r = c.post(&at, &body);
        assert_eq!(r.status, 303, "{at}: {}", r.body);
        at = r.location();
    }
    panic!("did not finish");
}

#[test]
fn names_are_asked_only_with_names_and_the_pages_say_who_sees_what() {
    let tmp = tempfile::tempdir().unwrap();
    // Without any option: no name asked; the report lists each person's scores, and
    // the pages say so (they no longer promise that nobody sees individual answers).
    let s = serve::start(options(&tmp.path().join("a"), "pulse", false, None)).unwrap();
    let mut c = Client::new(s.addr);
    let join = c.get(&format!("/j/{}", s.join_code()));
    assert!(!join.body.contains("name=\"name\""), "no name asked");
    assert!(
        join.body.contains("you are not asked your name"),
        "{}",
        join.body
    );
    assert!(
        join.body.contains("lists each person&#39;s scores")
            || join.body.contains("lists each person's scores"),
        "{}",
        join.body
    );
    answer_all(&mut c, s.join_code(), "sales", &middle);
    let done = c.get(&format!("/j/{}/done", s.join_code()));
    assert!(done.body.contains("lists each person"), "{}", done.body);
    assert!(!done.body.contains("no one will see"), "{}", done.body);
    s.stop().unwrap();

    // --names: asked, optional, and the pages say the name is kept and shown.
    let s = serve::start(Options {
        names: true,
        ..options(&tmp.path().join("b"), "pulse", false, None)
    })
    .unwrap();
    let join = Client::new(s.addr).get(&format!("/j/{}", s.join_code()));
    assert!(join.body.contains("name=\"name\""));
    assert!(join.body.contains("under their name"), "{}", join.body);
    s.stop().unwrap();

    // --anonymous: no names, groups of at least 3, updates after 3 more.
    let s = serve::start(options(&tmp.path().join("c"), "pulse", true, None)).unwrap();
    let join = Client::new(s.addr).get(&format!("/j/{}", s.join_code()));
    assert!(!join.body.contains("name=\"name\""));
    assert!(join.body.contains("without names"), "{}", join.body);
    assert!(join.body.contains("at least 3 people"), "{}", join.body);
    assert!(
        join.body.contains("at least 3 more have finished"),
        "{}",
        join.body
    );
    s.stop().unwrap();

    // Both at once: refused.
    let both = serve::start(Options {
        names: true,
        ..options(&tmp.path().join("d"), "pulse", true, None)
    });
    assert!(both.is_err());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(["serve", "--names", "--anonymous", "--listen", "127.0.0.1:0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// The report page without its first line (the snapshot's status).
fn figures(html: &str) -> String {
    let start = html.find("<p style=").unwrap();
    let end = start + html[start..].find("</p>").unwrap() + 4;
    format!("{}{}", &html[..start], &html[end..])
}

#[test]
fn one_more_respondent_never_changes_the_live_report() {
    // The case: six leadership participants, then a seventh. 7 × 50.7 −
    // 6 × 53.6 = 33.3 was that person's score; now the report does not move.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("room");
    let s = serve::start(options(&dir, "pulse", true, None)).unwrap();
    let code = s.join_code().to_string();
    let mut fac = Client::new(s.addr);
    let report = format!("{}/report", secret_path(&s));
    for (role, n) in [("sales", 3), ("marketing", 3), ("leadership", 6)] {
        for i in 0..n {
            answer_all(&mut Client::new(s.addr), &code, role, &|v| {
                v[(i + n) % v.len()].clone()
            });
        }
    }
    let before = fac.get(&report);
    assert!(
        before.body.contains("Live report of the 12"),
        "{}",
        before.body
    );
    assert!(before.body.contains("Leadership"), "leadership shown apart");
    answer_all(&mut Client::new(s.addr), &code, "leadership", &|v| {
        v[0].clone()
    });
    let after = fac.get(&report);
    assert!(
        after.body.contains("Live report of the 12"),
        "{}",
        after.body
    );
    assert!(after.body.contains("after 2 more finish"), "{}", after.body);
    assert_eq!(
        figures(&before.body),
        figures(&after.body),
        "not a figure moved"
    );
    // A restart does not forget what was published.
    s.stop().unwrap();
    let s = serve::start(options(&dir, "pulse", true, None)).unwrap();
    let mut fac = Client::new(s.addr);
    let report = format!("{}/report", secret_path(&s));
    let restarted = fac.get(&report);
    assert_eq!(figures(&before.body), figures(&restarted.body));
    // Two more leadership participants: three new ones together, shown.
    for _ in 0..2 {
        answer_all(&mut Client::new(s.addr), &code, "leadership", &|v| {
            v[1].clone()
        });
    }
    let later = fac.get(&report);
    assert!(
        later.body.contains("Live report of the 15"),
        "{}",
        later.body
    );
    assert!(later.body.contains("up to date"), "{}", later.body);
    s.stop().unwrap();
}

#[test]
fn a_comment_held_back_leaves_every_report_but_not_its_file() {
    let tmp = tempfile::tempdir().unwrap();
    let q = with_comments(tmp.path());
    let dir = tmp.path().join("room");
    let q_arg = q.display().to_string();
    let s = serve::start(options(&dir, &q_arg, false, None)).unwrap();
    let code = s.join_code().to_string();
    let secret = secret_path(&s);
    let mut a = Client::new(s.addr);
    answer_with_comment(
        &mut a,
        &code,
        "sales",
        "Kevin ignores every lead we send",
        "Leads die",
    );
    let mut b = Client::new(s.addr);
    answer_with_comment(
        &mut b,
        &code,
        "marketing",
        "A shared dashboard",
        "Nobody trusts the CRM",
    );
    let mut fac = Client::new(s.addr);
    let report = fac.get(&format!("{secret}/report"));
    assert!(
        report.body.contains("Kevin ignores every lead"),
        "shown before"
    );
    let page = fac.get(&format!("{secret}/comments"));
    assert!(page.body.contains("Kevin ignores every lead we send"));
    assert!(page.body.contains("Nobody trusts the CRM"));
    // Hold back Kevin's comment and the CRM chain.
    let csrf = input_value(&page.body, "csrf").unwrap();
    let forms: Vec<&str> = page.body.split("<li>").skip(1).collect();
    let mut held = 0;
    for li in forms {
        if li.contains("Kevin ignores") || li.contains("Nobody trusts the CRM") {
            let participant = input_value(li, "participant").unwrap();
            let question = input_value(li, "question").unwrap();
            let r = fac.post(
                &format!("{secret}/hold"),
                &form(&[
                    ("csrf", &csrf),
                    ("participant", &participant),
                    ("question", &question),
                ]),
            );
            assert_eq!(r.status, 303, "{}", r.body);
            held += 1;
        }
    }
    assert_eq!(held, 2);
    let report = fac.get(&format!("{secret}/report"));
    assert!(!report.body.contains("Kevin"), "held back at once");
    assert!(!report.body.contains("Nobody trusts the CRM"));
    assert!(
        report.body.contains("A shared dashboard"),
        "the others stay"
    );
    assert!(report.body.contains("Leads die"), "the others stay");
    let record = std::fs::read_to_string(dir.join(".tandem-held.toml")).unwrap();
    assert!(record.contains("question = \"change\""), "{record}");
    assert!(record.contains("question = \"chain\""), "{record}");
    s.stop().unwrap();
    // The answers themselves are kept.
    let all: String = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "toml")
                && !p.file_name().unwrap().to_string_lossy().starts_with('.')
        })
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    assert!(all.contains("Kevin ignores every lead we send"));
    // Kept across a restart.
    let s = serve::start(options(&dir, &q_arg, false, None)).unwrap();
    let mut fac = Client::new(s.addr);
    let report = fac.get(&format!("{}/report", secret_path(&s)));
    assert!(!report.body.contains("Kevin"));
    assert!(
        fac.get(&format!("{}/comments", secret_path(&s)))
            .body
            .contains("(held back)")
    );
    s.stop().unwrap();
    // And in the single report of each file.
    for f in std::fs::read_dir(&dir).unwrap() {
        let f = f.unwrap().path();
        if f.extension().is_none_or(|e| e != "toml")
            || f.file_name().unwrap().to_string_lossy().starts_with('.')
        {
            continue;
        }
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_tandem"))
            .args(["score", "-q", &q_arg, "--format", "markdown"])
            .arg(&f)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            !text.contains("Kevin") && !text.contains("Nobody trusts"),
            "{text}"
        );
    }
    // And in tandem score, in every format.
    for format in ["json", "html", "markdown", "csv"] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_tandem"))
            .args(["score", "-q", &q_arg, "--format", format])
            .arg(&dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(!text.contains("Kevin"), "{format}: {text}");
        assert!(!text.contains("Nobody trusts the CRM"), "{format}");
        if format != "csv" {
            assert!(text.contains("A shared dashboard"), "{format}");
        }
    }
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::symlink_metadata(p).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
#[test]
fn the_folder_is_private_and_holds_no_usable_token() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    // An existing folder, open to everyone, with a file from elsewhere in it.
    let dir = tmp.path().join("room");
    std::fs::create_dir(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::write(dir.join("notes.txt"), "x").unwrap();
    std::fs::set_permissions(
        dir.join("notes.txt"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    let s = serve::start(options(&dir, "pulse", true, None)).unwrap();
    assert_eq!(s.tightened, 1);
    let code = s.join_code().to_string();
    let mut cookies = Vec::new();
    for role in ["sales", "sales", "sales", "marketing"] {
        let mut c = Client::new(s.addr);
        answer_all(&mut c, &code, role, &middle);
        cookies.push(c.cookie.clone().unwrap());
    }
    let mut fac = Client::new(s.addr);
    fac.get(&format!("{}/report", secret_path(&s)));
    let people = fac.get(&format!("{}/people", secret_path(&s)));
    let _ = people;
    s.stop().unwrap();
    assert_eq!(mode(&dir), 0o700);
    let mut names = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        names.push(p.file_name().unwrap().to_string_lossy().to_string());
        assert_eq!(mode(&p), 0o600, "{}", p.display());
        // No file holds a participant's token.
        let text = std::fs::read_to_string(&p).unwrap_or_default();
        for c in &cookies {
            let token = c.split('=').nth(1).unwrap();
            assert!(!text.contains(token), "{} holds a token", p.display());
        }
    }
    for hidden in [
        ".tandem-serve.toml",
        ".tandem-sessions",
        ".tandem-snapshot.json",
    ] {
        assert!(names.iter().any(|n| n == hidden), "{hidden} in {names:?}");
    }
    // The cookies still work after a restart: the hashes are enough.
    let s = serve::start(options(&dir, "pulse", true, None)).unwrap();
    let mut c = Client::new(s.addr);
    c.cookie = Some(cookies[0].clone());
    let r = c.get(&format!("/j/{code}"));
    assert_eq!(r.location(), format!("/j/{code}/done"));
    s.stop().unwrap();
}

#[test]
fn an_older_session_log_is_rewritten_without_its_tokens() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("room");
    std::fs::create_dir(&dir).unwrap();
    // What an earlier tandem left: a plain token, a form token and the file.
    let token = "0123456789abcdef0123456789abcdef";
    std::fs::write(
        dir.join(".tandem-sessions"),
        format!("{token} fedcba9876543210fedcba9876543210 sales-1a2b3c4d.toml\n"),
    )
    .unwrap();
    std::fs::write(
        dir.join("sales-1a2b3c4d.toml"),
        "questionnaire = \"pulse\"\nversion = \"1.0\"\nrole = \"sales\"\ncomplete = false\n\n[answers]\np-icp = 4\n",
    )
    .unwrap();
    let s = serve::start(options(&dir, "pulse", false, None)).unwrap();
    assert_eq!(s.resumed, 1);
    let log = std::fs::read_to_string(dir.join(".tandem-sessions")).unwrap();
    assert!(!log.contains(token), "{log}");
    let mut c = Client::new(s.addr);
    c.cookie = Some(format!("tandem_p={token}"));
    let r = c.get(&format!("/j/{}", s.join_code()));
    assert_eq!(r.status, 303, "the old cookie still finds its participant");
    assert!(r.location().contains("/q/"), "{}", r.location());
    s.stop().unwrap();
}

#[test]
fn the_dashboard_folds_roles_as_the_report_does() {
    let tmp = tempfile::tempdir().unwrap();
    let s = serve::start(options(tmp.path(), "pulse", false, Some(3))).unwrap();
    let code = s.join_code().to_string();
    for role in [
        "sales",
        "sales",
        "sales",
        "marketing",
        "marketing",
        "marketing",
        "leadership",
    ] {
        answer_all(&mut Client::new(s.addr), &code, role, &middle);
    }
    let dash = Client::new(s.addr).get(&secret_path(&s));
    // The one leadership participant is in a group of at least 3, and no role with
    // nobody is listed to show which role that group hides.
    assert!(!dash.body.contains("Leadership"), "{}", dash.body);
    assert!(!dash.body.contains("<td>Other</td>"), "{}", dash.body);
    assert!(
        dash.body.contains("<td>Sales</td><td class=\"num\">3</td>"),
        "{}",
        dash.body
    );
    assert!(
        dash.body
            .contains("<td>Other roles together</td><td class=\"num\">4</td>"),
        "{}",
        dash.body
    );
    s.stop().unwrap();
}
