//! `tandem serve` over HTTP: every page and every refusal, against a server started
//! in-process on 127.0.0.1 with a fresh folder.

mod serve_support;

use serve_support::*;
use std::path::Path;
use tandem::serve::{self, Options, ReportOptions, Server};

fn options(dir: &Path, spec: &str, anonymous: bool, min_group: Option<usize>) -> Options {
    let (_, q) = tandem::questionnaire::resolve(spec).unwrap();
    Options {
        report: ReportOptions {
            anonymous,
            min_group,
        },
        ..Options::new(q, dir.to_path_buf(), "127.0.0.1:0".parse().unwrap())
    }
}

fn start(dir: &Path, spec: &str, anonymous: bool, min_group: Option<usize>) -> Server {
    serve::start(options(dir, spec, anonymous, min_group)).unwrap()
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

fn middle(v: &[String]) -> String {
    v[v.len() / 2].clone()
}

#[test]
fn two_participants_answer_and_the_facilitator_sees_them() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("room");
    let s = start(&dir, "pulse", false, None);
    let code = s.join_code().to_string();
    let mut a = Client::new(s.addr);
    let mut b = Client::new(s.addr);
    answer_all(&mut a, &code, "sales", &|v| v[0].clone());
    answer_all(&mut b, &code, "marketing", &middle);
    let files = answers_files(&dir);
    assert_eq!(files.len(), 2);
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        assert!(text.contains("complete = true"), "{text}");
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        assert!(
            name.starts_with("sales-") || name.starts_with("marketing-"),
            "{name}"
        );
    }
    let mut fac = Client::new(s.addr);
    let page = fac.get(&secret_path(&s));
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("<strong>2</strong> finished"),
        "{}",
        page.body
    );
    assert!(page.body.contains("<svg"), "the QR code is on the page");
    let report = fac.get(&format!("{}/report", secret_path(&s)));
    assert_eq!(report.status, 200);
    assert!(
        report.body.contains("<html"),
        "{}",
        &report.body[..200.min(report.body.len())]
    );
    assert!(
        report
            .header("content-security-policy")
            .unwrap()
            .contains("default-src 'none'")
    );
    // The folder scores as an ordinary group while the server runs.
    let built = tandem::load::build_report(
        std::slice::from_ref(&dir),
        &tandem::load::ReportOptions {
            strict: true,
            ..Default::default()
        },
    )
    .unwrap();
    match built.report {
        tandem::report::Report::Group(g) => assert_eq!(g.respondents, 2),
        _ => panic!("a group report"),
    }
    let sum = s.stop().unwrap();
    assert_eq!((sum.joined, sum.finished), (2, 2));
}

#[test]
fn wrong_code_wrong_secret_and_unknown_addresses_get_the_same_refusal() {
    let tmp = tempfile::tempdir().unwrap();
    let s = start(tmp.path(), "pulse", false, None);
    let code = s.join_code().to_string();
    let mut c = Client::new(s.addr);
    let wrong_code = c.get("/j/AAAAAA");
    let wrong_code2 = c.get(&format!("/j/{}x", code));
    let wrong_secret = c.get("/f/00000000000000000000000000000000");
    let wrong_secret_report = c.get("/f/0123/report");
    let nothing = c.get("/");
    let post_wrong = c.post("/j/AAAAAA/start", "role=sales");
    for r in [
        &wrong_code,
        &wrong_code2,
        &wrong_secret,
        &wrong_secret_report,
        &nothing,
        &post_wrong,
    ] {
        assert_eq!(r.status, 404);
        assert_eq!(r.body, nothing.body);
    }
    assert!(!nothing.body.contains(&code));
    s.stop().unwrap();
}

#[test]
fn every_page_has_the_security_headers_and_escapes_what_people_type() {
    let tmp = tempfile::tempdir().unwrap();
    let s = serve::start(Options {
        names: true,
        ..options(tmp.path(), "alignment", false, None)
    })
    .unwrap();
    let code = s.join_code().to_string();
    let mut c = Client::new(s.addr);
    let join = c.get(&format!("/j/{code}"));
    assert_eq!(join.status, 200);
    let csp = join.header("content-security-policy").unwrap();
    assert!(
        csp.contains("default-src 'none'") && !csp.contains("script-src"),
        "{csp}"
    );
    assert_eq!(join.header("x-frame-options"), Some("DENY"));
    assert_eq!(join.header("referrer-policy"), Some("same-origin"));
    // Roles come first, each with its one-line description.
    assert!(
        join.body.contains("You work in or lead sales:"),
        "{}",
        join.body
    );
    let csrf = input_value(&join.body, "csrf").unwrap();
    let evil = "<script>alert(1)</script>";
    let r = c.post(
        &format!("/j/{code}/start"),
        &form(&[("csrf", &csrf), ("role", "leadership"), ("name", evil)]),
    );
    assert_eq!(r.status, 303);
    // Answer the free-text question with markup and see it escaped on the review page.
    let (_, q) = tandem::questionnaire::resolve("alignment").unwrap();
    let text_q = q
        .questions
        .iter()
        .position(|x| matches!(x.kind, tandem::questionnaire::Kind::Text) && x.ask_if.is_none())
        .unwrap();
    let page = c.get(&format!("/j/{code}/q/{}", q.questions[0].id));
    let pcsrf = input_value(&page.body, "csrf").unwrap();
    // Only questions that are asked can be answered; answer enough to reach the text one.
    let mut at = format!("/j/{code}/q/{}", q.questions[0].id);
    for _ in 0..q.questions.len() {
        if at.ends_with(&format!("/q/{}", q.questions[text_q].id)) {
            break;
        }
        let page = c.get(&at);
        if page.status == 303 {
            at = page.location();
            continue;
        }
        let vals = input_values(&page.body, "a");
        let body = if page.body.contains("name=\"symptom\"") {
            form(&[
                ("csrf", &pcsrf),
                ("symptom", "s"),
                ("why1", "a"),
                ("why2", "b"),
                ("why3", "c"),
                ("cause", "other"),
            ])
        } else if vals.is_empty() {
            form(&[("csrf", &pcsrf), ("a", "x")])
        } else {
            form(&[("csrf", &pcsrf), ("a", &vals[0])])
        };
        let r = c.post(&at, &body);
        assert_eq!(r.status, 303, "{at}: {}", r.body);
        at = r.location();
    }
    let r = c.post(&at, &form(&[("csrf", &pcsrf), ("a", evil)]));
    assert_eq!(r.status, 303, "{}", r.body);
    let review = c.get(&format!("/j/{code}/review"));
    assert_eq!(review.status, 200);
    assert!(
        review
            .body
            .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
    );
    assert!(!review.body.contains(evil));
    assert!(review.body.contains("?from=review"), "edit links");
    s.stop().unwrap();
    // The name was kept (not anonymous), as plain text in TOML.
    let files = answers_files(tmp.path());
    let text = std::fs::read_to_string(&files[0]).unwrap();
    assert!(text.contains("respondent = "), "{text}");
}

/// Walks the alignment questionnaire: checklist, don't know, conditions, the five whys
/// with its cause tag, back, a refused empty answer, the review and an edit from it.
#[test]
fn every_kind_of_question_back_review_and_edit() {
    let tmp = tempfile::tempdir().unwrap();
    let s = start(tmp.path(), "alignment", true, None);
    let code = s.join_code().to_string();
    let (_, q) = tandem::questionnaire::resolve("alignment").unwrap();
    let mut c = Client::new(s.addr);
    let join = c.get(&format!("/j/{code}"));
    assert!(
        !join.body.contains("name=\"name\""),
        "--anonymous asks no name"
    );
    let csrf = input_value(&join.body, "csrf").unwrap();
    let r = c.post(
        &format!("/j/{code}/start"),
        &form(&[("csrf", &csrf), ("role", "sales")]),
    );
    let mut at = r.location();
    let (mut saw_multi, mut saw_chain, mut saw_dk, mut went_back) = (false, false, false, false);
    for _ in 0..200 {
        let page = c.get(&at);
        if page.status == 303 {
            at = page.location();
            continue;
        }
        if at.ends_with("/review") {
            break;
        }
        assert!(page.body.contains("Question "), "{}", page.body);
        let pcsrf = input_value(&page.body, "csrf").unwrap();
        let qid = at.rsplit('/').next().unwrap().to_string();
        let qi = q.question_index(&qid).unwrap();
        let body = match &q.questions[qi].kind {
            tandem::questionnaire::Kind::FiveWhys { .. } => {
                saw_chain = true;
                // Too few whys is refused with the page shown again.
                let short = c.post(
                    &at,
                    &form(&[
                        ("csrf", &pcsrf),
                        ("symptom", "Leads ignored"),
                        ("why1", "bad leads"),
                    ]),
                );
                assert_eq!(short.status, 422);
                assert!(short.body.contains("Leads ignored"), "what was typed stays");
                let cause = q.causes[0].id.clone();
                form(&[
                    ("csrf", &pcsrf),
                    ("symptom", "Leads ignored"),
                    ("why1", "bad leads"),
                    ("why2", "no definition"),
                    ("why3", "nobody owns it"),
                    ("cause", &cause),
                ])
            }
            tandem::questionnaire::Kind::Multi { options } => {
                saw_multi = true;
                format!(
                    "{}&a={}&a={}",
                    form(&[("csrf", &pcsrf)]),
                    enc(&options[0].id),
                    enc(&options[1].id)
                )
            }
            tandem::questionnaire::Kind::Text => form(&[("csrf", &pcsrf), ("a", "")]),
            _ => {
                let vals = input_values(&page.body, "a");
                if !went_back && qi > 2 {
                    // Nothing chosen is refused; then back goes to the question before.
                    let empty = c.post(&at, &form(&[("csrf", &pcsrf)]));
                    assert_eq!(empty.status, 422);
                    assert!(empty.body.contains("Please choose one answer."));
                    let back = page.body.split("class=\"back\" href=\"").nth(1).unwrap();
                    let back = &back[..back.find('"').unwrap()];
                    assert_eq!(c.get(back).status, 200);
                    went_back = true;
                }
                if vals.last().is_some_and(|v| v == "dont_know") && !saw_dk {
                    saw_dk = true;
                    form(&[("csrf", &pcsrf), ("a", "dont_know")])
                } else {
                    form(&[("csrf", &pcsrf), ("a", &vals[0])])
                }
            }
        };
        let r = c.post(&at, &body);
        assert_eq!(r.status, 303, "{at}: {}", r.body);
        at = r.location();
    }
    assert!(saw_multi && saw_chain && saw_dk && went_back);
    let review = c.get(&format!("/j/{code}/review"));
    assert!(
        review.body.contains("Root cause:"),
        "the chain is read back"
    );
    assert!(review.body.contains("Submit my answers"));
    // Edit one answer from the review: back to the review afterwards.
    let first = &q.questions[0];
    let edit = c.get(&format!("/j/{code}/q/{}?from=review", first.id));
    assert!(edit.body.contains("name=\"from\" value=\"review\""));
    let pcsrf = input_value(&edit.body, "csrf").unwrap();
    let v = input_values(&edit.body, "a")[1].clone();
    let r = c.post(
        &format!("/j/{code}/q/{}", first.id),
        &form(&[("csrf", &pcsrf), ("from", "review"), ("a", &v)]),
    );
    assert_eq!(r.location(), format!("/j/{code}/review"));
    let r = c.post(&format!("/j/{code}/submit"), &form(&[("csrf", &pcsrf)]));
    assert_eq!(r.location(), format!("/j/{code}/done"));
    assert_eq!(c.get(&format!("/j/{code}/done")).status, 200);
    s.stop().unwrap();
    // The file is a complete, valid answers file.
    let files = answers_files(tmp.path());
    let (_, _, set) =
        tandem::load::read_answers(&files[0], tandem::load::Against::BUILTIN).unwrap();
    assert!(set.complete);
    assert!(set.respondent.is_none());
    assert!(
        set.answers
            .values()
            .any(|a| matches!(a, tandem::answers::Answer::Chain(_)))
    );
}

#[test]
fn refusals_oversized_body_foreign_token_cross_site_and_closed() {
    let tmp = tempfile::tempdir().unwrap();
    let s = start(tmp.path(), "pulse", false, None);
    let code = s.join_code().to_string();
    let (_, q) = tandem::questionnaire::resolve("pulse").unwrap();
    let q0 = format!("/j/{code}/q/{}", q.questions[0].id);
    let mut a = Client::new(s.addr);
    let join = a.get(&format!("/j/{code}"));
    let csrf = input_value(&join.body, "csrf").unwrap();
    a.post(
        &format!("/j/{code}/start"),
        &form(&[("csrf", &csrf), ("role", "sales")]),
    );
    let page = a.get(&q0);
    let a_csrf = input_value(&page.body, "csrf").unwrap();

    // Oversized body.
    let big = format!("csrf={a_csrf}&a={}", "x".repeat(200 * 1024));
    assert_eq!(a.post(&q0, &big).status, 413);

    // A token that is nobody's.
    let mut stranger = Client::new(s.addr);
    stranger.cookie = Some("tandem_p=0123456789abcdef0123456789abcdef".into());
    let r = stranger.post(&q0, &form(&[("csrf", &a_csrf), ("a", "1")]));
    assert_eq!(r.status, 403);

    // Another participant's form token with one's own cookie.
    let mut b = Client::new(s.addr);
    let join = b.get(&format!("/j/{code}"));
    let csrf = input_value(&join.body, "csrf").unwrap();
    b.post(
        &format!("/j/{code}/start"),
        &form(&[("csrf", &csrf), ("role", "marketing")]),
    );
    assert_eq!(
        b.post(&q0, &form(&[("csrf", &a_csrf), ("a", "1")])).status,
        403
    );

    // A post from another site.
    let cookie = a.cookie.clone().unwrap();
    let r = request(
        s.addr,
        "POST",
        &q0,
        &[("Cookie", &cookie), ("Origin", "http://evil.example")],
        Some(form(&[("csrf", &a_csrf), ("a", "1")]).as_bytes()),
    );
    assert_eq!(r.status, 403);
    // Nothing of that reached A's file.
    let files = answers_files(tmp.path());
    for f in &files {
        assert!(
            !std::fs::read_to_string(f)
                .unwrap()
                .contains(q.questions[0].id.as_str())
        );
    }

    // Closed: the facilitator closes; posts and new joins are refused; reopen works.
    let mut fac = Client::new(s.addr);
    let dash = fac.get(&secret_path(&s));
    let fcsrf = input_value(&dash.body, "csrf").unwrap();
    assert_eq!(
        fac.post(&format!("{}/close", secret_path(&s)), "csrf=wrong")
            .status,
        403
    );
    assert_eq!(
        fac.post(
            &format!("{}/close", secret_path(&s)),
            &form(&[("csrf", &fcsrf)])
        )
        .status,
        303
    );
    assert!(
        fac.get(&secret_path(&s))
            .body
            .contains("Answering is closed.")
    );
    let r = a.post(&q0, &form(&[("csrf", &a_csrf), ("a", "4")]));
    assert_eq!(r.status, 403);
    assert!(r.body.contains("closed"));
    assert_eq!(Client::new(s.addr).get(&format!("/j/{code}")).status, 403);
    assert_eq!(
        fac.post(
            &format!("{}/open", secret_path(&s)),
            &form(&[("csrf", &fcsrf)])
        )
        .status,
        303
    );
    assert_eq!(
        a.post(&q0, &form(&[("csrf", &a_csrf), ("a", "4")])).status,
        303
    );
    s.stop().unwrap();
}

#[test]
fn a_participant_carries_on_after_reload_and_after_a_restart() {
    let tmp = tempfile::tempdir().unwrap();
    let s = start(tmp.path(), "pulse", false, None);
    let code = s.join_code().to_string();
    let secret = secret_path(&s);
    let (_, q) = tandem::questionnaire::resolve("pulse").unwrap();
    let mut a = Client::new(s.addr);
    let join = a.get(&format!("/j/{code}"));
    let csrf = input_value(&join.body, "csrf").unwrap();
    a.post(
        &format!("/j/{code}/start"),
        &form(&[("csrf", &csrf), ("role", "sales")]),
    );
    for i in 0..3 {
        let at = format!("/j/{code}/q/{}", q.questions[i].id);
        let p = a.get(&at);
        let c = input_value(&p.body, "csrf").unwrap();
        assert_eq!(a.post(&at, &form(&[("csrf", &c), ("a", "2")])).status, 303);
    }
    // Reload: the join address sends them on to question 4.
    let r = a.get(&format!("/j/{code}"));
    assert_eq!(r.location(), format!("/j/{code}/q/{}", q.questions[3].id));
    s.stop().unwrap();
    // Restart on the same folder: same code and secret, same participant.
    let s = start(tmp.path(), "pulse", false, None);
    assert_eq!(s.join_code(), code);
    assert_eq!(secret_path(&s), secret);
    assert_eq!(s.resumed, 1);
    a.addr = s.addr;
    let r = a.get(&format!("/j/{code}"));
    assert_eq!(r.location(), format!("/j/{code}/q/{}", q.questions[3].id));
    let p = a.get(&r.location());
    assert!(p.body.contains("Question 4 of 10"), "{}", p.body);
    s.stop().unwrap();
}

#[test]
fn min_group_hides_small_roles_and_a_small_report() {
    let tmp = tempfile::tempdir().unwrap();
    let s = start(tmp.path(), "pulse", false, Some(3));
    let code = s.join_code().to_string();
    let mut fac = Client::new(s.addr);
    let r = fac.get(&format!("{}/report", secret_path(&s)));
    assert!(r.body.contains("0 finished so far"), "{}", r.body);
    answer_all(&mut Client::new(s.addr), &code, "sales", &middle);
    let dash = fac.get(&secret_path(&s));
    assert!(!dash.body.contains("<td>Sales</td>"), "{}", dash.body);
    // No role listed at all, not even those with nobody: they would say which role
    // the one person is in.
    for role in ["Marketing", "Leadership", "Other roles together"] {
        assert!(!dash.body.contains(&format!("<td>{role}</td>")), "{role}");
    }
    let r = fac.get(&format!("{}/report", secret_path(&s)));
    assert!(r.body.contains("1 finished so far"), "{}", r.body);
    assert!(r.body.contains("when 3 have finished"), "{}", r.body);
    answer_all(&mut Client::new(s.addr), &code, "sales", &middle);
    answer_all(&mut Client::new(s.addr), &code, "sales", &middle);
    let dash = fac.get(&secret_path(&s));
    assert!(dash.body.contains("<td>Sales</td>"));
    let r = fac.get(&format!("{}/report", secret_path(&s)));
    assert!(r.body.contains("<svg"), "the report with its charts");
    assert!(
        r.body.contains("Live report of the 3 who had finished"),
        "{}",
        r.body
    );
    // One marketer more: shown, they would be the difference between two reports.
    // The report stays as it was and says when it changes.
    answer_all(&mut Client::new(s.addr), &code, "marketing", &middle);
    let r = fac.get(&format!("{}/report", secret_path(&s)));
    assert!(r.body.contains("Live report of the 3 who"), "{}", r.body);
    assert!(r.body.contains("after 2 more finish"), "{}", r.body);
    assert!(r.body.contains("3 respondents"), "{}", r.body);
    s.stop().unwrap();
}

#[test]
fn anonymous_alone_hides_roles_under_three_on_the_facilitator_page_too() {
    let tmp = tempfile::tempdir().unwrap();
    let s = start(tmp.path(), "pulse", true, None);
    let code = s.join_code().to_string();
    let mut fac = Client::new(s.addr);
    answer_all(&mut Client::new(s.addr), &code, "sales", &middle);
    let dash = fac.get(&secret_path(&s));
    assert!(!dash.body.contains("<td>Sales</td>"), "{}", dash.body);
    assert!(
        dash.body.contains("Roles with fewer than 3 people"),
        "{}",
        dash.body
    );
    let r = fac.get(&format!("{}/report", secret_path(&s)));
    assert!(r.body.contains("when 3 have finished"), "{}", r.body);
    s.stop().unwrap();
}

#[test]
fn a_folder_of_another_questionnaire_and_a_port_in_use_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let s = start(tmp.path(), "pulse", false, None);
    answer_all(&mut Client::new(s.addr), s.join_code(), "other", &middle);
    let other = serve::start(options(tmp.path(), "alignment", false, None));
    let msg = other.err().unwrap().to_string();
    assert!(
        msg.contains("holds answers to pulse 1.0") && msg.contains("not alignment"),
        "{msg}"
    );
    let busy = serve::start(Options {
        listen: s.addr,
        ..options(&tmp.path().join("elsewhere"), "alignment", false, None)
    });
    let msg = busy.err().unwrap().to_string();
    assert!(msg.contains("port is in use"), "{msg}");
    s.stop().unwrap();
}
