//! SurveyJS results: the `survey.data` object of one completed survey, or an array of
//! them (what a results export or a database dump gives). Keys are question names,
//! which `tandem export --format surveyjs` makes the question ids.

use super::{Row, Sheet, Value};
use crate::error::{Error, Problem, Result};
use serde_json::Value as J;

pub fn parse(name: &str, bytes: &[u8]) -> Result<Sheet> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let json: J = serde_json::from_slice(bytes).map_err(|e| {
        Error::Invalid(vec![Problem::new(
            name,
            Some((e.line(), e.column())),
            format!("not valid JSON: {e}"),
        )])
    })?;
    let results: Vec<&J> = match &json {
        J::Array(items) => items.iter().collect(),
        J::Object(_) => vec![&json],
        _ => {
            return Err(Error::Invalid(vec![Problem::new(
                name,
                None,
                "expected a SurveyJS result (an object) or an array of them",
            )]));
        }
    };
    let mut sheet = Sheet {
        name: name.to_string(),
        ..Default::default()
    };
    let mut index = std::collections::HashMap::new();
    let mut problems = Vec::new();
    for (i, r) in results.iter().enumerate() {
        let J::Object(map) = r else {
            problems.push(Problem::new(
                name,
                Some((i + 1, 1)),
                "result is not an object",
            ));
            continue;
        };
        let mut cells = vec![Value::Empty; sheet.columns.len()];
        for (k, v) in map {
            let ci = *index.entry(k.clone()).or_insert_with(|| {
                sheet.columns.push(k.clone());
                sheet.columns.len() - 1
            });
            if cells.len() <= ci {
                cells.resize(ci + 1, Value::Empty);
            }
            cells[ci] = value(v);
        }
        sheet.rows.push(Row {
            number: i + 1,
            cells,
        });
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let n = sheet.columns.len();
    for row in &mut sheet.rows {
        row.cells.resize(n, Value::Empty);
    }
    Ok(sheet)
}

fn value(v: &J) -> Value {
    match v {
        J::Null => Value::Empty,
        J::String(s) => Value::Text(s.clone()),
        J::Number(n) => Value::Text(n.to_string()),
        J::Bool(b) => Value::Text(b.to_string()),
        J::Array(items) => Value::List(
            items
                .iter()
                .map(|i| match i {
                    J::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect(),
        ),
        J::Object(_) => Value::Text(v.to_string()),
    }
}
