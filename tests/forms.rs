//! Forms: exports built from a questionnaire, response exports read back. The round
//! trip writes, for the twelve people of examples/workshop, the export each tool would
//! produce (as their documentation describes it: headers, quoting, dates, checklist
//! separators), imports it, and the group report must be byte-identical to scoring the
//! original answers files.

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use tandem::answers::{Answer, AnswerSet};
use tandem::forms::{NONE_LABEL, OTHER_LABEL, Part, Target, fields};
use tandem::questionnaire::{Kind, OTHER_CAUSE, Questionnaire};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn tandem() -> Command {
    let mut c = Command::cargo_bin("tandem").unwrap();
    c.current_dir(root())
        .env("COLUMNS", "100")
        .env_remove("NO_COLOR");
    c
}

fn run(args: &[&str]) -> (i32, String, String) {
    let o = tandem().args(args).output().unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn alignment() -> Questionnaire {
    tandem::questionnaire::builtin("alignment")
        .unwrap()
        .load()
        .unwrap()
}

/// The workshop's answers, in file order.
fn workshop(q: &Questionnaire) -> Vec<AnswerSet> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("examples/workshop"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 12);
    files
        .iter()
        .map(|p| {
            let src = tandem::tomlfile::read_source(p).unwrap();
            tandem::answers::load(&src, q).unwrap()
        })
        .collect()
}

#[derive(Clone, Copy, PartialEq)]
enum Tool {
    /// The CSV template filled in: ids.
    Template,
    /// Google Forms' CSV download: item titles, choice labels, ", " between ticks.
    Google,
    /// Microsoft Forms' Excel workbook: titles, labels, "a;b;" for ticks.
    Microsoft,
    /// SurveyJS `survey.data`: names and choice values.
    SurveyJs,
}

/// One cell as the tool writes it (`None`: unanswered).
fn cell(
    q: &Questionnaire,
    qi: usize,
    part: Part,
    a: Option<&Answer>,
    tool: Tool,
) -> Option<String> {
    let question = &q.questions[qi];
    let ids = matches!(tool, Tool::Template | Tool::SurveyJs);
    let label = |id: &str| {
        let o = question.kind.options().iter().find(|o| o.id == id).unwrap();
        if ids { o.id.clone() } else { o.label.clone() }
    };
    let sep = if tool == Tool::Microsoft { ";" } else { ", " };
    let dk = if ids {
        "dont_know".to_string()
    } else {
        q.dont_know_label.clone()
    };
    Some(match (a?, part) {
        (Answer::DontKnow, _) => dk,
        (Answer::Choice(c), _) => label(c),
        (Answer::Choices(cs), _) if cs.is_empty() => NONE_LABEL.to_string(),
        (Answer::Choices(cs), _) => {
            let mut s = cs.iter().map(|c| label(c)).collect::<Vec<_>>().join(sep);
            if tool == Tool::Microsoft {
                s.push(';');
            }
            s
        }
        (Answer::Value(v), _) => match &question.kind {
            Kind::Scale(sc) if !ids => sc.label(*v).map_or(v.to_string(), str::to_string),
            _ => v.to_string(),
        },
        (Answer::Text(t), _) => t.clone(),
        (Answer::Chain(c), Part::Symptom) => c.symptom.clone(),
        (Answer::Chain(c), Part::Whys) if c.whys.is_empty() => return None,
        (Answer::Chain(c), Part::Whys) => c.whys.join("\n"),
        (Answer::Chain(c), Part::Cause) => match c.cause.as_deref() {
            None => return None,
            Some(OTHER_CAUSE) if !ids => OTHER_LABEL.to_string(),
            Some(id) if !ids => q.causes.iter().find(|x| x.id == id).unwrap().name.clone(),
            Some(id) => id.to_string(),
        },
        (Answer::Chain(_), Part::Answer) => unreachable!(),
    })
}

/// Header and rows of question cells, in form order.
fn question_columns(
    q: &Questionnaire,
    sets: &[AnswerSet],
    tool: Tool,
) -> (Vec<String>, Vec<Vec<Option<String>>>) {
    let fs: Vec<_> = fields(q)
        .into_iter()
        .filter(|f| matches!(f.target, Target::Question(..)))
        .collect();
    let header = fs
        .iter()
        .map(|f| {
            if matches!(tool, Tool::Template | Tool::SurveyJs) {
                f.key.clone()
            } else {
                f.title.clone()
            }
        })
        .collect();
    let rows = sets
        .iter()
        .map(|s| {
            fs.iter()
                .map(|f| match f.target {
                    Target::Question(qi, part) => {
                        cell(q, qi, part, s.answers.get(&q.questions[qi].id), tool)
                    }
                    _ => None,
                })
                .collect()
        })
        .collect();
    (header, rows)
}

fn role_name(q: &Questionnaire, s: &AnswerSet) -> String {
    let id = s.role.as_deref().unwrap_or("");
    q.role(id).map_or(String::new(), |r| r.name.clone())
}

fn csv_text(rows: Vec<Vec<String>>, bom: bool, crlf: bool) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(if crlf {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        })
        .from_writer(Vec::new());
    for r in rows {
        w.write_record(&r).unwrap();
    }
    let mut bytes = if bom {
        b"\xef\xbb\xbf".to_vec()
    } else {
        Vec::new()
    };
    bytes.extend(w.into_inner().unwrap());
    bytes
}

/// Google Forms: `Timestamp` as the Forms download writes it, then the item titles.
fn google_csv(q: &Questionnaire, sets: &[AnswerSet]) -> Vec<u8> {
    let (qh, qrows) = question_columns(q, sets, Tool::Google);
    let mut rows = vec![
        [
            vec![
                "Timestamp".to_string(),
                "Your name".into(),
                "Your role".into(),
            ],
            qh,
        ]
        .concat(),
    ];
    for (i, (s, cells)) in sets.iter().zip(qrows).enumerate() {
        let d = s.date.clone().unwrap().replace('-', "/");
        let ts = format!("{d} {}:0{}:17 PM GMT+2", 1 + i % 11, i % 10);
        let mut r = vec![
            ts,
            s.respondent.clone().unwrap_or_default(),
            role_name(q, s),
        ];
        r.extend(cells.into_iter().map(Option::unwrap_or_default));
        rows.push(r);
    }
    csv_text(rows, false, true)
}

fn template_csv(q: &Questionnaire, sets: &[AnswerSet]) -> Vec<u8> {
    let template = tandem::forms::export::csv::template(q);
    let mut rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(template.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    let (_, qrows) = question_columns(q, sets, Tool::Template);
    for (s, cells) in sets.iter().zip(qrows) {
        let mut r = vec![
            s.respondent.clone().unwrap_or_default(),
            s.role.clone().unwrap_or_default(),
            s.date.clone().unwrap_or_default(),
        ];
        r.extend(cells.into_iter().map(Option::unwrap_or_default));
        rows.push(r);
    }
    // Excel's "CSV UTF-8": a byte order mark and CRLF.
    csv_text(rows, true, true)
}

fn surveyjs_json(q: &Questionnaire, sets: &[AnswerSet]) -> Vec<u8> {
    let (qh, qrows) = question_columns(q, sets, Tool::SurveyJs);
    let results: Vec<serde_json::Value> = sets
        .iter()
        .zip(qrows)
        .map(|(s, cells)| {
            let mut m = serde_json::Map::new();
            m.insert("respondent".into(), s.respondent.clone().into());
            m.insert("role".into(), s.role.clone().into());
            m.insert("date".into(), s.date.clone().into());
            for (k, (c, qi)) in qh.iter().zip(cells.into_iter().zip(0..)) {
                let _ = qi;
                let Some(c) = c else { continue };
                let id = k.split('.').next().unwrap();
                let question = &q.questions[q.question_index(id).unwrap()];
                let v = match (&question.kind, s.answers.get(id)) {
                    (_, Some(Answer::Choices(cs))) if cs.is_empty() => serde_json::json!(["none"]),
                    (_, Some(Answer::Choices(cs))) => serde_json::json!(cs),
                    (_, Some(Answer::Value(v))) => serde_json::json!(v),
                    _ => serde_json::json!(c),
                };
                m.insert(k.clone(), v);
            }
            serde_json::Value::Object(m)
        })
        .collect();
    serde_json::to_vec_pretty(&results).unwrap()
}

/// Microsoft Forms: ID, Start time, Completion time (Excel dates), Email, Name, Last
/// modified time, then the questions.
fn ms_xlsx(q: &Questionnaire, sets: &[AnswerSet]) -> Vec<u8> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let (qh, qrows) = question_columns(q, sets, Tool::Microsoft);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Form1").unwrap();
    let date = Format::new().set_num_format("m/d/yy h:mm:ss");
    let head = [
        "ID",
        "Start time",
        "Completion time",
        "Email",
        "Name",
        "Last modified time",
        "Your role",
    ];
    for (c, h) in head.iter().map(|s| s.to_string()).chain(qh).enumerate() {
        sheet.write_string(0, c as u16, h).unwrap();
    }
    for (i, (s, cells)) in sets.iter().zip(qrows).enumerate() {
        let r = i as u32 + 1;
        let d = s.date.clone().unwrap();
        let start = ExcelDateTime::parse_from_str(&format!("{d} 09:{:02}:05", 10 + i)).unwrap();
        let end = ExcelDateTime::parse_from_str(&format!("{d} 09:{:02}:41", 30 + i)).unwrap();
        sheet.write_number(r, 0, (i + 1) as f64).unwrap();
        sheet
            .write_datetime_with_format(r, 1, &start, &date)
            .unwrap();
        sheet.write_datetime_with_format(r, 2, &end, &date).unwrap();
        sheet.write_string(r, 3, "anonymous").unwrap();
        sheet
            .write_string(r, 4, s.respondent.clone().unwrap_or("anonymous".into()))
            .unwrap();
        sheet.write_string(r, 6, role_name(q, s)).unwrap();
        for (c, v) in cells.into_iter().enumerate() {
            let Some(v) = v else { continue };
            let col = (c + head.len()) as u16;
            match v.parse::<f64>() {
                Ok(n) => sheet.write_number(r, col, n).unwrap(),
                Err(_) => sheet.write_string(r, col, v).unwrap(),
            };
        }
    }
    book.save_to_buffer().unwrap()
}

fn score_anonymous(paths: &[&str]) -> String {
    let mut args = vec!["score"];
    args.extend(paths);
    args.extend(["-q", "alignment", "--anonymous", "--format", "json"]);
    let (code, out, err) = run(&args);
    assert_eq!(code, 0, "{args:?}: {err}");
    out
}

fn round_trip(file: &str, bytes: Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join(file);
    std::fs::write(&export, bytes).unwrap();
    let out = dir.path().join("answers");
    let e = export.to_str().unwrap();
    let o = out.to_str().unwrap();
    let (code, stdout, err) = run(&["import", e, "-q", "alignment", "--out", o]);
    assert_eq!(code, 0, "{err}");
    assert!(stdout.contains("imported 12 of 12"), "{stdout}");
    let original = score_anonymous(&["examples/workshop"]);
    for format in ["json", "text", "markdown"] {
        let orig = run(&[
            "score",
            "examples/workshop",
            "--anonymous",
            "--format",
            format,
        ])
        .1;
        let imported = run(&["score", o, "--anonymous", "--format", format]).1;
        assert!(
            orig == imported,
            "{file}: the {format} report differs after import"
        );
    }
    assert_eq!(score_anonymous(&[e]), original, "{file}: scored directly");
    // Importing again writes the same files, and no others.
    let before: Vec<(PathBuf, Vec<u8>)> = listing(&out);
    let (code, _, err) = run(&["import", e, "-q", "alignment", "--out", o]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(listing(&out), before);
    assert_eq!(before.len(), 12);
    // Each file is an ordinary answers file naming where it came from.
    let (code, _, err) = run(&["check", "-q", "alignment", before[0].0.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let text = String::from_utf8(before[0].1.clone()).unwrap();
    assert!(
        text.starts_with(&format!("# Imported from {file}, row ")),
        "{text}"
    );
}

fn listing(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut v: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let b = std::fs::read(&p).unwrap();
            (p, b)
        })
        .collect();
    v.sort();
    v
}

#[test]
fn round_trip_csv_template() {
    let q = alignment();
    round_trip("workshop.csv", template_csv(&q, &workshop(&q)));
}

#[test]
fn round_trip_google_forms_csv() {
    let q = alignment();
    round_trip(
        "Alignment workshop (Responses).csv",
        google_csv(&q, &workshop(&q)),
    );
}

#[test]
fn round_trip_surveyjs_results() {
    let q = alignment();
    round_trip("results.json", surveyjs_json(&q, &workshop(&q)));
}

#[test]
fn round_trip_microsoft_forms_xlsx() {
    let q = alignment();
    round_trip("Alignment workshop.xlsx", ms_xlsx(&q, &workshop(&q)));
}
