//! `tandem serve`: one person is one participant (#28). Rejoining with the personal
//! code, the join form posted twice or with a live session, pages opened before a
//! restart, no file before the first answer, duplicates and unfinished joins
//! discarded (and `tandem score` honouring it), and the join limits.

mod serve_support;

use serve_support::*;
use std::path::Path;
use tandem::serve::{self, Options, ReportOptions, Server};

fn options(dir: &Path) -> Options {
    let (_, q) = tandem::questionnaire::resolve("pulse").unwrap();
    Options::new(q, dir.to_path_buf(), "127.0.0.1:0".parse().unwrap())
}

fn start(o: Options) -> Server {
    serve::start(o).unwrap()
}

fn secret_path(s: &Server) -> String {
    let f = s.facilitator_url();
    f[f.find("/f/").unwrap()..].to_string()
}

fn answers_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "toml")
                && !p.file_name().unwrap().to_string_lossy().starts_with('.')
        })
        .collect();
    v.sort();
    v
}

/// The personal code a participant's page shows.
fn personal_code(html: &str) -> String {
    let at = html
        .find("Your personal code")
        .expect("the personal code on the page");
    let rest = &html[at..];
    let s = rest.find("<strong").unwrap();
    let s = s + rest[s..].find('>').unwrap() + 1;
    let e = s + rest[s..].find('<').unwrap();
    rest[s..e].to_string()
}

/// Joins as `role`; returns the first question's address.
fn join(c: &mut Client, code: &str, role: &str) -> String {
    let page = c.get(&format!("/j/{code}"));
    let csrf = input_value(&page.body, "csrf").unwrap();
    let r = c.post(
        &format!("/j/{code}/start"),
        &form(&[("csrf", &csrf), ("role", role)]),
    );
    assert_eq!(r.status, 303, "{}", r.body);
    r.location()
}

fn answer(c: &mut Client, at: &str, value: &str) -> String {
    let page = c.get(at);
    assert_eq!(page.status, 200, "{at}: {}", page.body);
    let csrf = input_value(&page.body, "csrf").unwrap();
    let r = c.post(at, &form(&[("csrf", &csrf), ("a", value)]));
    assert_eq!(r.status, 303, "{}", r.body);
    r.location()
}

#[test]
fn a_join_writes_no_answers_file_until_the_first_answer() {
    let tmp = tempfile::tempdir().unwrap();
    let s = start(options(tmp.path()));
    let code = s.join_code().to_string();
    let mut c = Client::new(s.addr);
    let first = join(&mut c, &code, "sales");
    assert!(answers_files(tmp.path()).is_empty(), "no file at the join");
    let dash = Client::new(s.addr).get(&secret_path(&s));
    assert!(
        dash.body.contains("<strong>1</strong> joined"),
        "{}",
        dash.body
    );
    answer(&mut c, &first, "3");
    let files = answers_files(tmp.path());
    assert_eq!(files.len(), 1);
    assert!(
        files[0]
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("sales-")
    );
    s.stop().unwrap();
}

#[test]
fn a_participant_who_lost_the_cookie_gets_back_with_the_personal_code() {
    let tmp = tempfile::tempdir().unwrap();
    let s = start(options(tmp.path()));
    let code = s.join_code().to_string();
    let (_, q) = tandem::questionnaire::resolve("pulse").unwrap();
    let mut phone = Client::new(s.addr);
    let first = join(&mut phone, &code, "marketing");
    let page = phone.get(&first);
    let personal = personal_code(&page.body);
    assert!(page.body.contains("Note it"), "shown large at the start");
    let mut at = first;
    for _ in 0..3 {
        at = answer(&mut phone, &at, "4");
    }
    // On every page after.
    assert_eq!(personal_code(&phone.get(&at).body), personal);

    // Cookie lost (another browser): typed in lower case, with a space for the dash.
    let mut laptop = Client::new(s.addr);
    let join_page = laptop.get(&format!("/j/{code}"));
    assert!(join_page.body.contains("Started already?"));
    let csrf = input_value(&join_page.body, "csrf").unwrap();
    let typed = personal.to_lowercase().replace('-', " ");
    let r = laptop.post(
        &format!("/j/{code}/resume"),
        &form(&[("csrf", &csrf), ("code", &typed)]),
    );
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(r.location(), format!("/j/{code}/q/{}", q.questions[3].id));
    // Answering from the laptop goes to the same file.
    answer(&mut laptop, &r.location(), "2");
    let files = answers_files(tmp.path());
    assert_eq!(files.len(), 1, "one file per person");
    let (_, _, set) =
        tandem::load::read_answers(&files[0], tandem::load::Against::BUILTIN).unwrap();
    assert_eq!(set.answers.len(), 4);
    // The phone still works too.
    assert_eq!(phone.get(&format!("/j/{code}")).status, 303);

    // A wrong code is refused without saying whose codes exist.
    let mut stranger = Client::new(s.addr);
    let p = stranger.get(&format!("/j/{code}"));
    let csrf = input_value(&p.body, "csrf").unwrap();
    let r = stranger.post(
        &format!("/j/{code}/resume"),
        &form(&[("csrf", &csrf), ("code", "ABCD-EFGH")]),
    );
    assert_eq!(r.status, 422);
    assert!(r.body.contains("That code is not known here"));
    assert!(stranger.cookie.is_none());
    let dash = Client::new(s.addr).get(&secret_path(&s));
    assert!(
        dash.body.contains("<strong>1</strong> joined"),
        "{}",
        dash.body
    );
    s.stop().unwrap();
}

#[test]
fn wrong_codes_are_limited_per_client() {
    let tmp = tempfile::tempdir().unwrap();
    let s = start(options(tmp.path()));
    let code = s.join_code().to_string();
    let mut c = Client::new(s.addr);
    let p = c.get(&format!("/j/{code}"));
    let csrf = input_value(&p.body, "csrf").unwrap();
    let mut statuses = Vec::new();
    for i in 0..12 {
        let guess = format!("ABCD-EF{}", ["GH", "GJ", "GK", "GM"][i % 4]);
        let r = c.post(
            &format!("/j/{code}/resume"),
            &form(&[("csrf", &csrf), ("code", &guess)]),
        );
        statuses.push(r.status);
    }
    assert_eq!(&statuses[..10], &[422; 10]);
    assert_eq!(&statuses[10..], &[429, 429], "{statuses:?}");
    s.stop().unwrap();
}

#[test]
fn posting_the_join_form_again_never_makes_a_second_participant() {
    let tmp = tempfile::tempdir().unwrap();
    let s = start(Options {
        names: true,
        ..options(tmp.path())
    });
    let code = s.join_code().to_string();
    let mut c = Client::new(s.addr);
    let page = c.get(&format!("/j/{code}"));
    let csrf = input_value(&page.body, "csrf").unwrap();
    let body = form(&[("csrf", &csrf), ("role", "sales"), ("name", "Ann")]);
    // A double tap: the same form twice before any cookie arrives.
    let mut twin = Client::new(s.addr);
    let a = c.post(&format!("/j/{code}/start"), &body);
    let b = twin.post(&format!("/j/{code}/start"), &body);
    assert_eq!((a.status, b.status), (303, 303));
    // With the live session's cookie, a new role before any answer is a change of
    // mind, not a second person.
    let page = c.get(&format!("/j/{code}"));
    assert_eq!(page.status, 303, "a live session goes on");
    let r = c.post(
        &format!("/j/{code}/start"),
        &form(&[("csrf", &csrf), ("role", "marketing"), ("name", "Ann")]),
    );
    assert_eq!(r.status, 303);
    let first = r.location();
    answer(&mut c, &first, "5");
    let dash = Client::new(s.addr).get(&secret_path(&s));
    assert!(
        dash.body.contains("<strong>1</strong> joined"),
        "{}",
        dash.body
    );
    let files = answers_files(tmp.path());
    assert_eq!(files.len(), 1);
    let name = files[0].file_name().unwrap().to_string_lossy().to_string();
    assert!(name.starts_with("marketing-"), "{name}");
    let text = std::fs::read_to_string(&files[0]).unwrap();
    assert!(text.contains("respondent = \"Ann\""), "{text}");
    // The twin's cookie is the same participant's.
    let r = twin.get(&format!("/j/{code}"));
    assert_eq!(r.status, 303);
    assert_eq!(
        r.location(),
        format!("/j/{code}/q/{}", {
            let (_, q) = tandem::questionnaire::resolve("pulse").unwrap();
            q.questions[1].id.clone()
        })
    );
    s.stop().unwrap();
}

#[test]
fn pages_opened_before_a_restart_are_accepted_after_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("room");
    let s = start(options(&dir));
    let code = s.join_code().to_string();
    let secret = secret_path(&s);
    // Three pages open when the server stops: a join page, a joined participant's
    // first question (no file yet), the facilitator's page.
    let mut newcomer = Client::new(s.addr);
    let join_page = newcomer.get(&format!("/j/{code}"));
    let ticket = input_value(&join_page.body, "csrf").unwrap();
    let mut joined = Client::new(s.addr);
    let first = join(&mut joined, &code, "leadership");
    let q_page = joined.get(&first);
    let q_csrf = input_value(&q_page.body, "csrf").unwrap();
    let mut fac = Client::new(s.addr);
    let dash = fac.get(&secret);
    let f_csrf = input_value(&dash.body, "csrf").unwrap();
    s.stop().unwrap();

    let s = start(options(&dir));
    for c in [&mut newcomer, &mut joined, &mut fac] {
        c.addr = s.addr;
    }
    let r = newcomer.post(
        &format!("/j/{code}/start"),
        &form(&[("csrf", &ticket), ("role", "other")]),
    );
    assert_eq!(r.status, 303, "{}", r.body);
    let r = joined.post(&first, &form(&[("csrf", &q_csrf), ("a", "2")]));
    assert_eq!(r.status, 303, "{}", r.body);
    let r = fac.post(&format!("{secret}/close"), &form(&[("csrf", &f_csrf)]));
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(answers_files(&dir).len(), 1);
    let counts = s.stop().unwrap();
    assert_eq!(counts.joined, 2);
}

#[test]
fn joins_are_limited_per_client_and_in_total() {
    let tmp = tempfile::tempdir().unwrap();
    // Per client: a burst of 3 from this address.
    let s = start(Options {
        joins_per_client: 3,
        ..options(&tmp.path().join("a"))
    });
    let code = s.join_code().to_string();
    let statuses: Vec<u16> = (0..5)
        .map(|_| {
            let mut c = Client::new(s.addr);
            let p = c.get(&format!("/j/{code}"));
            let csrf = input_value(&p.body, "csrf").unwrap();
            c.post(
                &format!("/j/{code}/start"),
                &form(&[("csrf", &csrf), ("role", "sales")]),
            )
            .status
        })
        .collect();
    assert_eq!(statuses, [303, 303, 303, 429, 429]);
    s.stop().unwrap();

    // In total: a flood from many clients stops at --max-participants.
    let s = start(Options {
        max_participants: 4,
        joins_per_client: 1000,
        ..options(&tmp.path().join("b"))
    });
    let code = s.join_code().to_string();
    let statuses: Vec<u16> = (0..6)
        .map(|_| {
            let mut c = Client::new(s.addr);
            let p = c.get(&format!("/j/{code}"));
            let csrf = input_value(&p.body, "csrf").unwrap();
            c.post(
                &format!("/j/{code}/start"),
                &form(&[("csrf", &csrf), ("role", "sales")]),
            )
            .status
        })
        .collect();
    assert_eq!(statuses, [303, 303, 303, 303, 503, 503]);
    assert!(answers_files(&tmp.path().join("b")).is_empty());
    // The facilitator clears the empty joins; people can join again.
    let mut fac = Client::new(s.addr);
    let people = fac.get(&format!("{}/people", secret_path(&s)));
    let csrf = input_value(&people.body, "csrf").unwrap();
    assert!(people.body.contains("Discard the 4 joins with no answer"));
    let r = fac.post(
        &format!("{}/discard-empty", secret_path(&s)),
        &form(&[("csrf", &csrf)]),
    );
    assert_eq!(r.status, 303);
    let mut c = Client::new(s.addr);
    let first = join(&mut c, &code, "sales");
    assert!(first.contains("/q/"));
    s.stop().unwrap();
}

#[test]
fn the_facilitator_sees_duplicates_and_discards_them_for_every_report() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("room");
    let s = start(Options {
        report: ReportOptions {
            anonymous: false,
            min_group: None,
        },
        ..options(&dir)
    });
    let code = s.join_code().to_string();
    // Someone answers half, loses the cookie and starts again from scratch.
    let mut first = Client::with_agent(s.addr, "phone-1");
    let at = join(&mut first, &code, "sales");
    answer(&mut first, &at, "1");
    let mut again = Client::with_agent(s.addr, "phone-1");
    answer_all(&mut again, &code, "sales", &|v| v[3].clone());
    let mut other = Client::with_agent(s.addr, "phone-2");
    answer_all(&mut other, &code, "marketing", &|v| v[1].clone());
    assert_eq!(answers_files(&dir).len(), 3);
    let mut fac = Client::new(s.addr);
    let people = fac.get(&format!("{}/people", secret_path(&s)));
    assert!(people.body.contains("same device as #1"), "{}", people.body);
    assert!(people.body.contains("not finished"), "{}", people.body);
    let dash = fac.get(&secret_path(&s));
    assert!(
        dash.body.contains("Participants to check</a> (2)"),
        "{}",
        dash.body
    );
    // Discard the unfinished first join: recorded, its file kept.
    let csrf = input_value(&people.body, "csrf").unwrap();
    let rows: Vec<String> = input_values(&people.body, "participant");
    let unfinished = people
        .body
        .split("<tr>")
        .position(|r| r.contains("<td>not finished</td>"))
        .unwrap();
    let id = &rows[unfinished - 2];
    let r = fac.post(
        &format!("{}/discard", secret_path(&s)),
        &form(&[("csrf", &csrf), ("participant", id)]),
    );
    assert_eq!(r.status, 303);
    assert_eq!(answers_files(&dir).len(), 3, "nothing deleted");
    let held = std::fs::read_to_string(dir.join(".tandem-held.toml")).unwrap();
    assert!(held.contains(&format!("participant = \"{id}\"")), "{held}");
    let dash = fac.get(&secret_path(&s));
    assert!(
        dash.body.contains("<strong>2</strong> joined"),
        "{}",
        dash.body
    );
    assert!(dash.body.contains("1 discarded"), "{}", dash.body);
    s.stop().unwrap();
    // tandem score counts two, and says why it left one out.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(["score", "--format", "json"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["respondents"], 2, "{v}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("discarded by the facilitator"), "{err}");
    // After a restart the discard still holds.
    let s = start(options(&dir));
    let dash = Client::new(s.addr).get(&secret_path(&s));
    assert!(
        dash.body.contains("<strong>2</strong> joined"),
        "{}",
        dash.body
    );
    s.stop().unwrap();
}
