//! The generic spreadsheet template: one column per field (named by question id), a
//! row of question texts and a row describing the allowed values. Both description
//! rows start with `#` in their first cell, which the importer skips, so the template
//! can be filled in below them and imported as it is. Texts are made inert for
//! spreadsheets as the CSV reports' are (no formulas, no control characters).

use crate::forms::{Field, Meta, NONE_LABEL, Part, Target, condition_text, fields, scale_labels};
use crate::questionnaire::{DONT_KNOW, Kind, OTHER_CAUSE, Questionnaire};

pub fn template(q: &Questionnaire) -> String {
    let fs = fields(q);
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let keys: Vec<&str> = fs.iter().map(|f| f.key.as_str()).collect();
    let titles: Vec<String> = fs
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let t = cell(&f.title);
            if i == 0 { format!("# {t}") } else { t }
        })
        .collect();
    let allowed: Vec<String> = fs
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let a = cell(&allowed(q, f));
            if i == 0 { format!("# {a}") } else { a }
        })
        .collect();
    // Writing to a Vec cannot fail.
    let _ = w.write_record(&keys);
    let _ = w.write_record(&titles);
    let _ = w.write_record(&allowed);
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// Question texts are untrusted: inert in a spreadsheet (no formulas, no controls).
fn cell(s: &str) -> String {
    crate::render::csv::text(s)
}

/// What a cell of this column may hold, in words.
fn allowed(q: &Questionnaire, f: &Field) -> String {
    let (qi, part) = match f.target {
        Target::Meta(Meta::Role) => {
            let roles: Vec<&str> = q.roles.iter().map(|r| r.id.as_str()).collect();
            return format!("one of: {}", roles.join(", "));
        }
        Target::Meta(Meta::Date(_)) => return "a date, YYYY-MM-DD".into(),
        Target::Question(qi, part) => (qi, part),
        _ => return "any text".into(),
    };
    let question = &q.questions[qi];
    let dk = if question.dont_know {
        format!("; or {DONT_KNOW}")
    } else {
        String::new()
    };
    let mut text = match (&question.kind, part) {
        (Kind::Single { options }, _) => {
            let os: Vec<String> = options
                .iter()
                .map(|o| format!("{} ({})", o.id, o.label))
                .collect();
            format!("one of: {}{dk}", os.join(", "))
        }
        (Kind::Multi { options }, _) => {
            let os: Vec<String> = options
                .iter()
                .map(|o| format!("{} ({})", o.id, o.label))
                .collect();
            format!(
                "any of, separated by \";\": {}; or \"{NONE_LABEL}\"{dk}",
                os.join(", ")
            )
        }
        (Kind::Scale(sc), _) => {
            let named: Vec<String> = scale_labels(sc)
                .into_iter()
                .filter(|(v, l)| *l != v.to_string())
                .map(|(v, l)| format!("{v} = {l}"))
                .collect();
            let named = if named.is_empty() {
                String::new()
            } else {
                format!(" ({})", named.join(", "))
            };
            format!("a whole number {}..{}{named}{dk}", sc.min, sc.max)
        }
        (Kind::FiveWhys { max_whys, .. }, Part::Whys) => {
            format!("one answer per line, up to {max_whys}")
        }
        (Kind::FiveWhys { .. }, Part::Cause) => {
            let cs: Vec<&str> = q.causes.iter().map(|c| c.id.as_str()).collect();
            format!("one of: {}, {OTHER_CAUSE}", cs.join(", "))
        }
        _ => "any text".into(),
    };
    if let Some(c) = condition_text(q, question) {
        text.push(' ');
        text.push_str(&c);
    }
    text
}
