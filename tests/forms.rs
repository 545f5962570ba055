//! Forms: exports built from a questionnaire, response exports read back. The round
//! trip writes, for the twelve people of examples/workshop, the export each tool would
//! produce (as their documentation describes it: headers, quoting, dates, checklist
//! separators), imports it, and the group report must be byte-identical to scoring the
//! original answers files.

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use tandem::answers::{Answer, AnswerSet};
use tandem::forms::{NONE_LABEL, OTHER_LABEL, Part, Target, fields, import};
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
        if ids {
            o.id.to_string()
        } else {
            o.label.to_string()
        }
    };
    let sep = if tool == Tool::Microsoft { ";" } else { ", " };
    let dk = if ids {
        "dont_know".to_string()
    } else {
        q.dont_know_label.to_string()
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
            Some(id) if !ids => q
                .causes
                .iter()
                .find(|x| x.id == id)
                .unwrap()
                .name
                .to_string(),
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
                    Target::Question(qi, part) => cell(
                        q,
                        qi,
                        part,
                        s.answers.get(q.questions[qi].id.as_str()),
                        tool,
                    ),
                    _ => None,
                })
                .collect()
        })
        .collect();
    (header, rows)
}

fn role_name(q: &Questionnaire, s: &AnswerSet) -> String {
    let id = s.role.as_deref().unwrap_or("");
    q.role(id).map_or(String::new(), |r| r.name.to_string())
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

/// The exported form has an item for every column the export is given here: the
/// tool's own export would have the same columns.
fn form_has_columns(format: &str, columns: &[String], quote: fn(&str) -> String) {
    let (code, form, err) = run(&["export", "alignment", "--format", format]);
    assert_eq!(code, 0, "{err}");
    for c in columns {
        assert!(form.contains(&quote(c)), "{format}: no field {c:?}");
    }
}

#[test]
fn round_trip_google_forms_csv() {
    let q = alignment();
    let (titles, _) = question_columns(&q, &[], Tool::Google);
    form_has_columns("google-apps-script", &titles, |t| {
        format!(".setTitle({})", serde_json::to_string(t).unwrap())
    });
    round_trip(
        "Alignment workshop (Responses).csv",
        google_csv(&q, &workshop(&q)),
    );
}

#[test]
fn round_trip_surveyjs_results() {
    let q = alignment();
    let (names, _) = question_columns(&q, &[], Tool::SurveyJs);
    form_has_columns("surveyjs", &names, |n| format!("\"name\": \"{n}\""));
    round_trip("results.json", surveyjs_json(&q, &workshop(&q)));
}

#[test]
fn round_trip_microsoft_forms_xlsx() {
    let q = alignment();
    round_trip("Alignment workshop.xlsx", ms_xlsx(&q, &workshop(&q)));
}

const TEAM: &str = "tests/data/forms/team.toml";

fn import_team(file: &str, extra: &[&str]) -> (i32, String, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap().to_string();
    let mut args = vec!["import", file, "-q", TEAM, "--out", &out];
    args.extend(extra);
    let (code, stdout, err) = run(&args);
    (code, stdout, err, dir)
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn google_csv_bad_cells_are_reported_and_good_rows_imported() {
    let f = "tests/data/forms/google-responses.csv";
    let (code, stdout, err, dir) = import_team(f, &[]);
    assert_eq!(code, 1, "{err}");
    assert!(stdout.contains("imported 3 of 5"), "{stdout}");
    for line in [
        "google-responses.csv:4:4: column \"Your role\": \"Finance\" is not a role (allowed: \"Sales\", \"Marketing\")",
        "google-responses.csv:4:5: column \"Sales and marketing target one written ideal customer profile.\": \"Agree strongly\" is not on the scale (allowed: a whole number 1..5 or \"Strongly disagree\"",
        "google-responses.csv:4:6: column \"How well do the teams work together, from 0 to 10?\": \"11\" is out of range 0..10",
        "google-responses.csv:4:9: column \"Which of these do you hear?\": \"Too few leads, Bad weather\" has an unknown option \"Bad weather\" (allowed, separated by \", \" or \";\": \"Too few leads\", \"Leads, and what happens to them\", \"Late follow-up\", \"None of these\")",
        "google-responses.csv:5:1: column \"Timestamp\": \"yesterday\" is not a date",
        "google-responses.csv:5:12: column \"Name one symptom and ask why. (why? one answer per line, up to 3)\": \"One\\nTwo\\nThree\\nFour\" has 4 whys (at most 3, one per line)",
        "google-responses.csv:5:13: column \"Name one symptom and ask why. (root cause)\": \"Gremlins\" is not a root cause (allowed: \"No shared ideal customer profile\", \"No lead agreement\", \"Other: none of these\")",
        "google-responses.csv: refused 2 row(s): 4, 5",
        "column \"Comments for the organiser\" answers no question of team",
    ] {
        assert!(err.contains(line), "missing: {line}\n{err}");
    }
    let names: Vec<String> = listing(dir.path())
        .iter()
        .map(|(p, _)| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "google-responses-row00002.toml",
            "google-responses-row00003.toml",
            "google-responses-row00006.toml"
        ]
    );
    let ana = read(dir.path(), "google-responses-row00002.toml");
    assert!(
        ana.starts_with("# Imported from google-responses.csv, row 2.\n"),
        "{ana}"
    );
    for want in [
        "respondent = \"Ana Ruiz\"",
        "role = \"sales\"",
        "date = \"2026-10-12\"",
        "icp = 4",
        "sla = \"yes\"",
        // The label with a comma in it, then the next one.
        "gripes = [\"quality\", \"late\"]",
        "Two lines\nof notes, with a comma and \"quotes\"",
        "  \"Nobody calls them back\",\n  \"No agreement on who should\",",
        "cause = \"no-sla\"",
    ] {
        assert!(ana.contains(want), "missing {want:?} in\n{ana}");
    }
    // E-mail stands in for a missing name; "None of these" is an empty checklist.
    let ben = read(dir.path(), "google-responses-row00003.toml");
    assert!(ben.contains("respondent = \"ben@example.com\""), "{ben}");
    assert!(
        ben.contains("icp = \"dont_know\"") && ben.contains("gripes = []"),
        "{ben}"
    );
    // Case and spacing forgiven, ids accepted, "other" cause.
    let eve = read(dir.path(), "google-responses-row00006.toml");
    for want in [
        "icp = 5",
        "rating = 0",
        "kept = \"well\"",
        "gripes = [\"volume\", \"late\"]",
        "cause = \"other\"",
    ] {
        assert!(eve.contains(want), "missing {want:?} in\n{eve}");
    }
    // Every imported file passes `tandem check`.
    for (p, _) in listing(dir.path()) {
        let (code, _, err) = run(&["check", "-q", TEAM, p.to_str().unwrap()]);
        assert_eq!(code, 0, "{err}");
    }
}

#[test]
fn anonymous_import_drops_names_and_emails() {
    let (code, _, err, dir) =
        import_team("tests/data/forms/google-responses.csv", &["--anonymous"]);
    assert_eq!(code, 1, "{err}");
    for (p, bytes) in listing(dir.path()) {
        let text = String::from_utf8(bytes).unwrap();
        assert!(
            text.contains("respondent = \"\""),
            "{}: {text}",
            p.display()
        );
        assert!(
            !text.contains("example.com") && !text.contains("Ana"),
            "{text}"
        );
    }
}

#[test]
fn scoring_an_export_with_bad_rows_fails_and_lists_them() {
    let (code, out, err) = run(&["score", "tests/data/forms/google-responses.csv", "-q", TEAM]);
    assert_eq!(code, 1);
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("google-responses.csv:4:4:"), "{err}");
    assert!(err.contains("google-responses.csv:5:13:"), "{err}");
}

#[test]
fn excel_csv_with_bom_semicolons_and_european_dates() {
    let (code, stdout, err, dir) = import_team("tests/data/forms/template-excel.csv", &[]);
    assert_eq!(code, 0, "{err}");
    assert!(stdout.contains("imported 2 of 2"), "{stdout}");
    // The template's two description rows (3 and 4 here: header, titles, allowed) are skipped.
    let ana = read(dir.path(), "template-excel-row00004.toml");
    assert!(
        ana.contains("respondent = \"Ana Ruiz\"")
            && ana.contains("gripes = [\"quality\", \"late\"]"),
        "{ana}"
    );
    assert!(ana.contains("Line one\nline two"), "{ana}");
    let ben = read(dir.path(), "template-excel-row00005.toml");
    assert!(
        ben.contains("date = \"2026-10-14\"") && ben.contains("gripes = []"),
        "{ben}"
    );
}

#[test]
fn surveyjs_single_result_imports_by_name() {
    let (code, _, err, dir) = import_team("tests/data/forms/surveyjs-result.json", &[]);
    assert_eq!(code, 0, "{err}");
    let ana = read(dir.path(), "surveyjs-result-row00001.toml");
    for want in [
        "icp = 4",
        "gripes = [\"quality\", \"late\"]",
        "cause = \"no-sla\"",
        "whys = [\n  \"Nobody calls\",\n  \"No owner\",\n]",
    ] {
        assert!(ana.contains(want), "missing {want:?} in\n{ana}");
    }
}

#[test]
fn a_mapping_file_names_renamed_columns() {
    let f = "tests/data/forms/renamed.csv";
    let (code, _, err, dir) = import_team(f, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("column \"Do we share one ICP?\" answers no question of team"),
        "{err}"
    );
    assert!(!read(dir.path(), "renamed-row00002.toml").contains("icp ="));
    let (code, _, err, dir) = import_team(f, &["--map", "tests/data/forms/renamed-map.toml"]);
    assert_eq!(code, 0, "{err}");
    let text = read(dir.path(), "renamed-row00002.toml");
    assert!(
        text.contains("icp = 4") && text.contains("rating = 7"),
        "{text}"
    );
    // A mapping to a question that does not exist is pointed at.
    let tmp = tempfile::tempdir().unwrap();
    let map = tmp.path().join("map.toml");
    std::fs::write(&map, "[columns]\n\"Do we share one ICP?\" = \"icpp\"\n").unwrap();
    let (code, _, err, _) = import_team(f, &["--map", map.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        err.contains("map.toml:2:") && err.contains("`icpp`"),
        "{err}"
    );
}

#[test]
fn two_columns_for_one_question_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let f = tmp.path().join("dup.csv");
    std::fs::write(
        &f,
        "icp,Sales and marketing target one written ideal customer profile.\n4,5\n",
    )
    .unwrap();
    let (code, _, err, _) = import_team(f.to_str().unwrap(), &[]);
    assert_eq!(code, 1);
    assert!(err.contains("dup.csv:1:2: columns \"icp\" and"), "{err}");
}

#[test]
fn microsoft_forms_rows_are_numbered_as_excel_shows_them() {
    use rust_xlsxwriter::Workbook;
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in [
        "ID",
        "Start time",
        "Completion time",
        "Email",
        "Name",
        "Which of these do you hear?",
        "Your role",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, (ticks, role)) in [
        ("Too few leads;Leads, and what happens to them;", "Sales"),
        ("Too few leads;Lots;", "Sales"),
    ]
    .iter()
    .enumerate()
    {
        let r = r as u32 + 1;
        sheet.write_number(r, 0, f64::from(r)).unwrap();
        sheet.write_number(r, 1, 46307.38).unwrap();
        sheet.write_number(r, 2, 46307.39).unwrap();
        sheet.write_string(r, 3, "anonymous").unwrap();
        sheet.write_string(r, 4, "anonymous").unwrap();
        sheet.write_string(r, 5, *ticks).unwrap();
        sheet.write_string(r, 6, *role).unwrap();
    }
    let tmp = tempfile::tempdir().unwrap();
    let f = tmp.path().join("Team check.xlsx");
    std::fs::write(&f, book.save_to_buffer().unwrap()).unwrap();
    let (code, _, err, dir) = import_team(f.to_str().unwrap(), &[]);
    assert_eq!(code, 1);
    assert!(err.contains("Team check.xlsx:3:6: column \"Which of these do you hear?\": \"Too few leads;Lots;\" has an unknown option \"Lots\""), "{err}");
    let text = read(dir.path(), "team-check-row00002.toml");
    assert!(
        text.contains("gripes = [\"volume\", \"quality\"]"),
        "{text}"
    );
    // Serial day numbers are dates; "anonymous" is nobody's name.
    assert!(
        text.contains("date = \"2026-10-12\"") && text.contains("respondent = \"\""),
        "{text}"
    );
}

#[test]
fn export_formats_and_out() {
    let tmp = tempfile::tempdir().unwrap();
    for (format, file, starts) in [
        (
            "csv",
            "t.csv",
            "respondent,role,date,icp,rating,sla,kept,gripes,notes,why.symptom,why.whys,why.cause\r\n# Your name,",
        ),
        ("surveyjs", "s.json", "{"),
        ("google-apps-script", "f.gs", "/**"),
        ("toml", "q.toml", "# A small questionnaire"),
    ] {
        let out = tmp.path().join(file);
        let (code, stdout, err) = run(&[
            "export",
            TEAM,
            "--format",
            format,
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{format}: {err}");
        assert!(stdout.is_empty());
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(text.starts_with(starts), "{format}: {text}");
    }
    let js = std::fs::read_to_string(tmp.path().join("f.gs")).unwrap();
    for want in [
        "form.addScaleItem()\n    .setTitle(\"How well do the teams work together, from 0 to 10?\")\n    .setBounds(0, 10)",
        "form.addCheckboxItem()",
        "\"Leads, and what happens to them\",\n      \"Late follow-up\",\n      \"None of these\"",
        "Answer only if your answer to \\\"Is there a written lead agreement?\\\" is \\\"Yes, written and agreed\\\".",
        "form.addListItem()\n    .setTitle(\"Name one symptom and ask why. (root cause)\")",
    ] {
        assert!(js.contains(want), "missing {want:?} in\n{js}");
    }
    let survey: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(tmp.path().join("s.json")).unwrap()).unwrap();
    let kept = &survey["pages"][2]["elements"][1];
    assert_eq!(kept["name"], "kept");
    assert_eq!(kept["visibleIf"], "{sla} = 'yes'");
    // Built-ins are exported from the binary; an unknown name is a usage error.
    let (code, _, err) = run(&["export", "nope", "--format", "surveyjs"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("'nope'") && err.contains("alignment, pulse"),
        "{err}"
    );
}

mod no_panic {
    //! Response exports are untrusted: any bytes give answers or positioned problems.
    use proptest::prelude::*;
    use tandem::forms::import;

    const TOKENS: &[&str] = &[
        "icp",
        "rating",
        "gripes",
        "why.whys",
        "why.cause",
        "Your role",
        "Timestamp",
        "Agree",
        "Sales",
        "None of these",
        "Leads, and what happens to them",
        "dont_know",
        "11",
        "-3",
        "4.5",
        "2026/13/45",
        "46307.5",
        "1e308",
        "#",
        ",",
        ";",
        "\n",
        "\r\n",
        "\"",
        " ",
        "é",
        "\u{feff}",
        "[",
        "]",
        "{",
        "}",
        ":",
        "null",
        "\"icp\"",
        "[\"none\"]",
    ];

    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(TOKENS), 0..60).prop_map(|t| t.concat())
    }

    fn team() -> tandem::questionnaire::Questionnaire {
        tandem::questionnaire::resolve(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/forms/team.toml"
        ))
        .unwrap()
        .1
    }

    /// Found by `any_csv_or_json`: whys without a symptom would write a file that
    /// cannot be read back, so the row is refused at the chain's column.
    #[test]
    fn a_chain_without_its_symptom_is_refused_not_written() {
        let q = team();
        let csv = "respondent,role,icp,gripes,why.whys,\n,,,,icp";
        let sheet = import::csv::parse("f.csv", csv.as_bytes()).unwrap();
        let outcome = import::import(&q, &sheet, &Default::default(), false).unwrap();
        assert!(outcome.imported.is_empty());
        let shown: Vec<String> = outcome.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(shown.len(), 1, "{shown:?}");
        assert!(shown[0].starts_with("f.csv:2:5:"), "{shown:?}");
        assert!(shown[0].contains("needs its symptom"), "{shown:?}");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        #[test]
        fn any_csv_or_json(body in text(), header in text()) {
            let q = team();
            let csv = format!("respondent,role,icp,gripes,why.whys,{header}\n{body}");
            for sheet in [
                import::csv::parse("f.csv", csv.as_bytes()),
                import::surveyjs::parse("f.json", body.as_bytes()),
            ]
            .into_iter()
            .flatten()
            {
                if let Ok(outcome) = import::import(&q, &sheet, &Default::default(), false) {
                    let writer = tandem::answers::FileWriter::new(&q);
                    for imp in &outcome.imported {
                        let text = import::answers_file(&q, "f.csv", imp);
                        // The writer `tandem import` uses writes what `to_toml` writes.
                        prop_assert_eq!(
                            writer.file(&imp.set),
                            tandem::answers::to_toml(&q, &imp.set, false)
                        );
                        let src = tandem::tomlfile::SourceText::new("a.toml", text);
                        prop_assert!(tandem::answers::load(&src, &q).is_ok(), "{}", src.text);
                    }
                }
            }
        }

        #[test]
        fn any_bytes_as_a_workbook(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
            let mut zip = b"PK\x03\x04".to_vec();
            zip.extend(bytes);
            let _ = import::xlsx::parse("f.xlsx", &zip);
        }
    }
}

#[test]
fn template_texts_are_inert_in_a_spreadsheet() {
    let tmp = tempfile::tempdir().unwrap();
    let q = tmp.path().join("q.toml");
    let text = std::fs::read_to_string(root().join(TEAM)).unwrap();
    std::fs::write(
        &q,
        text.replace(
            "text = \"Anything else?\"",
            "text = \"=HYPERLINK(\\\"http://x\\\")\"",
        ),
    )
    .unwrap();
    let (code, out, err) = run(&["export", q.to_str().unwrap(), "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(",\"'=HYPERLINK(\"\"http://x\"\")\","), "{out}");
}

/// Streamed rows are read over the row before (strings reused): each row's answers must
/// still be exactly its own. Every workshop answer set, each followed by one that leaves
/// questions unanswered and then by the first (fuller) one again, read both ways.
#[test]
fn streamed_rows_keep_nothing_from_the_row_before() {
    let q = alignment();
    let sets = workshop(&q);
    let mut order = Vec::new();
    for s in &sets {
        order.push(s.clone());
        let mut fewer = s.clone();
        let keep: Vec<String> = fewer.answers.keys().step_by(3).cloned().collect();
        fewer.answers.retain(|id, _| keep.contains(id));
        order.push(fewer);
        order.push(sets[0].clone());
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("responses.csv");
    std::fs::write(&path, google_csv(&q, &order)).unwrap();
    let map = Default::default();
    let mut owned = Vec::new();
    let (_, o1) = tandem::forms::import::read_and_each(&q, &path, &map, false, |row, set| {
        owned.push((row, set))
    })
    .unwrap();
    let mut lent = Vec::new();
    // `tandem import` writes each file from the answers by index: the same text as
    // from the answer set.
    let writer = tandem::answers::FileWriter::new(&q);
    let mut texts = Vec::new();
    let (_, o2) =
        tandem::forms::import::read_and_each_response(&q, &path, &map, false, |row, r| {
            texts.push(import::answers_file_by_index(&writer, "r.csv", row, r));
            lent.push((row, r.clone().into_set(&q)))
        })
        .unwrap();
    for ((row, set), text) in owned.iter().zip(&texts) {
        let imported = import::Imported {
            row: *row,
            set: set.clone(),
        };
        assert_eq!(*text, import::answers_file(&q, "r.csv", &imported));
    }
    assert!(o1.problems.is_empty(), "{:?}", o1.problems);
    assert_eq!(o1, o2);
    assert_eq!(owned.len(), order.len());
    assert_eq!(owned, lent);
    for ((_, got), want) in owned.iter().zip(&order) {
        assert_eq!(got.answers, want.answers);
    }
}

/// The import reuses each row's five-whys strings and checklist for the next row: a part
/// a row leaves blank must be empty in its file, never the row before's, and a row with
/// no part at all has no chain. Each row's answers must be what importing that row alone
/// gives.
#[test]
fn five_whys_parts_and_ticks_never_carry_over_from_the_row_before() {
    let dir = tempfile::tempdir().unwrap();
    // A checklist is read over the row before's too.
    let head =
        "respondent,role,five-whys.symptom,five-whys.whys,five-whys.cause,culture-nine-reasons\n";
    let rows = [
        "Ana,sales,S1,\"w1\nw2\",no-process,\"Marketing acts superior, Marketing thinks sales is easy\"\n",
        "Ben,marketing,S2,,,\n",
        "Cy,sales,,,,Marketing avoids being measured\n",
        "Di,sales,,w only,,\n",
        "Eve,marketing,S5,,other,\"Marketing claims to be 'driving sales'\"\n",
        "Fay,sales,S6,w6,,\n",
    ];
    let all = dir.path().join("all.csv");
    std::fs::write(&all, format!("{head}{}", rows.concat())).unwrap();
    let import = |csv: &Path, out: &Path| {
        run(&[
            "import",
            csv.to_str().unwrap(),
            "-q",
            "alignment",
            "--out",
            out.to_str().unwrap(),
        ])
    };
    let out = dir.path().join("out");
    let (code, _, err) = import(&all, &out);
    // Di gives whys without a symptom: refused, and named.
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("all.csv:5:3:"), "{err}");
    assert!(!out.join("all-row00005.toml").exists());
    // The answers part of a file (the header names the source file and row).
    let answers = |path: &Path| {
        let text = std::fs::read_to_string(path).unwrap();
        text[text.find("[answers]").unwrap()..].to_string()
    };
    let ben = answers(&out.join("all-row00003.toml"));
    assert!(
        ben.contains("symptom = \"S2\"") && ben.contains("whys = []"),
        "{ben}"
    );
    assert!(ben.contains("cause = \"\"") && !ben.contains("w1"), "{ben}");
    assert!(!ben.contains("culture-nine-reasons ="), "{ben}");
    let cy = answers(&out.join("all-row00004.toml"));
    assert!(!cy.contains("five-whys"), "{cy}");
    assert!(
        cy.contains("culture-nine-reasons = [\"avoids-measurement\"]"),
        "{cy}"
    );
    let fay = answers(&out.join("all-row00007.toml"));
    assert!(fay.contains("\"w6\"") && !fay.contains("other"), "{fay}");
    for (i, row) in rows.iter().enumerate().filter(|(i, _)| *i != 3) {
        let one = dir.path().join(format!("one{i}.csv"));
        std::fs::write(&one, format!("{head}{row}")).unwrap();
        let alone = dir.path().join(format!("alone{i}"));
        let (code, _, err) = import(&one, &alone);
        assert_eq!(code, 0, "{err}");
        assert_eq!(
            answers(&alone.join(format!("one{i}-row00002.toml"))),
            answers(&out.join(format!("all-row{:05}.toml", i + 2))),
            "row {}",
            i + 2
        );
    }
}
