//! Reading form responses back as answers. Each tool's export is first read into a
//! [`Sheet`] (columns and rows of cells, one module per file format); [`mapping`] then
//! ties columns to questions and [`import`] turns each row into an [`AnswerSet`],
//! reporting every bad cell and refusing only the rows that have one.

pub mod csv;
pub mod dates;
pub mod mapping;
pub mod surveyjs;
mod values;
pub mod xlsx;

use crate::answers::{Answer, AnswerSet, Chain};
use crate::error::{Error, Problem, Result};
use crate::forms::{Meta, Part, Target};
use crate::questionnaire::{Kind, Questionnaire};
use mapping::Mapping;
use std::collections::BTreeMap;
use std::path::Path;

/// One cell of a response export.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    /// Already a list (SurveyJS checkbox answers, JSON arrays).
    List(Vec<String>),
}

impl Value {
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(s) => s.trim().is_empty(),
            Value::List(_) => false,
        }
    }

    /// The cell as people would see it (a list joined by ", "), borrowed when it can be.
    pub fn shown(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Value::Empty => "".into(),
            Value::Text(s) => s.as_str().into(),
            Value::List(l) => l.join(", ").into(),
        }
    }
}

/// A response export: column headers and the rows below them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sheet {
    /// The file as the user named it, for messages.
    pub name: String,
    /// The file's own name (no folder), recorded in each imported file.
    pub source: String,
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The row number people see in their spreadsheet (the header is row 1), or the
    /// result's number in a JSON array (from 1).
    pub number: usize,
    /// One per column (missing trailing cells are `Empty`).
    pub cells: Vec<Value>,
}

/// The export formats that can be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetFormat {
    Csv,
    Xlsx,
    Json,
}

impl SheetFormat {
    /// From a file's extension; `None` for anything else (an answers file, say).
    pub fn of(path: &Path) -> Option<SheetFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(SheetFormat::Csv),
            "xlsx" => Some(SheetFormat::Xlsx),
            "json" => Some(SheetFormat::Json),
            _ => None,
        }
    }
}

/// Reads a response export of any supported format.
pub fn read(path: &Path) -> Result<Sheet> {
    let format = SheetFormat::of(path).ok_or_else(|| {
        Error::Input(format!(
            "{}: not a response export (expected .csv, .xlsx or .json)",
            path.display()
        ))
    })?;
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let name = path.display().to_string();
    let source = path
        .file_name()
        .map_or(name.clone(), |s| s.to_string_lossy().into_owned());
    let mut sheet = match format {
        SheetFormat::Csv => csv::parse(&name, &bytes)?,
        SheetFormat::Xlsx => xlsx::parse(&name, &bytes)?,
        SheetFormat::Json => surveyjs::parse(&name, &bytes)?,
    };
    sheet.source = source;
    Ok(sheet)
}

/// One row that became an answers file.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub row: usize,
    pub set: AnswerSet,
}

/// What importing one sheet came to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outcome {
    pub imported: Vec<Imported>,
    /// How many rows were imported (also when their answers were handed on, not kept).
    pub accepted: usize,
    /// Every bad cell, as FILE:row:column.
    pub problems: Vec<Problem>,
    /// Rows refused because of a bad cell.
    pub refused: Vec<usize>,
    /// Columns that answer nothing and were left out, by header.
    pub ignored: Vec<String>,
    /// Questions no column answers, by id.
    pub unanswered: Vec<String>,
}

/// Turns every row of the sheet into answers. Column problems (two columns answering
/// one question) are errors; cell problems refuse their row only.
pub fn import(q: &Questionnaire, sheet: &Sheet, map: &Mapping, anonymous: bool) -> Result<Outcome> {
    let mut importer = Importer::new(q, sheet, map, anonymous)?;
    let mut imported = Vec::new();
    for row in &sheet.rows {
        if let Some(set) = importer.row(sheet, row.number, &row.cells) {
            imported.push(Imported {
                row: row.number,
                set,
            });
        }
    }
    let mut out = importer.finish();
    out.imported = imported;
    Ok(out)
}

/// Reads an export and imports it, keeping every row's answers.
pub fn read_and_import(
    q: &Questionnaire,
    path: &Path,
    map: &Mapping,
    anonymous: bool,
) -> Result<(Sheet, Outcome)> {
    let mut imported = Vec::new();
    let (sheet, mut outcome) = read_and_each(q, path, map, anonymous, |row, set| {
        imported.push(Imported { row, set });
    })?;
    outcome.imported = imported;
    Ok((sheet, outcome))
}

/// Reads an export and hands each good row's answers to `each` (row number, answers);
/// the outcome has the problems but no answers. A CSV export is imported as it is read,
/// row by row, without holding its cells or its answers: the common case, and the one
/// that can be large.
pub fn read_and_each(
    q: &Questionnaire,
    path: &Path,
    map: &Mapping,
    anonymous: bool,
    mut each: impl FnMut(usize, AnswerSet),
) -> Result<(Sheet, Outcome)> {
    if SheetFormat::of(path) != Some(SheetFormat::Csv) {
        let sheet = read(path)?;
        let mut importer = Importer::new(q, &sheet, map, anonymous)?;
        for row in &sheet.rows {
            if let Some(set) = importer.row(&sheet, row.number, &row.cells) {
                each(row.number, set);
            }
        }
        return Ok((sheet, importer.finish()));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let mut sheet = Sheet {
        name: path.display().to_string(),
        source: path.file_name().map_or(path.display().to_string(), |s| {
            s.to_string_lossy().into_owned()
        }),
        ..Default::default()
    };
    let outcome = csv::import(q, &mut sheet, &bytes, map, anonymous, &mut each)?;
    Ok((sheet, outcome))
}

/// Imports rows one at a time against the columns of a sheet.
pub struct Importer<'q> {
    q: &'q Questionnaire,
    prepared: values::Prepared,
    targets: Vec<Target>,
    anonymous: bool,
    out: Outcome,
}

impl<'q> Importer<'q> {
    /// Maps the sheet's columns (its rows are not read).
    pub fn new(
        q: &'q Questionnaire,
        sheet: &Sheet,
        map: &Mapping,
        anonymous: bool,
    ) -> Result<Self> {
        let cols = mapping::resolve(q, sheet, map)?;
        Ok(Importer {
            q,
            prepared: values::Prepared::new(q),
            targets: cols.targets,
            anonymous,
            out: Outcome {
                ignored: cols.ignored,
                unanswered: cols.unanswered,
                ..Default::default()
            },
        })
    }

    /// One row's answers; `None` for a blank or description row, or a refused one
    /// (its problems are kept for [`Importer::finish`]).
    pub fn row(&mut self, sheet: &Sheet, number: usize, cells: &[Value]) -> Option<AnswerSet> {
        if cells.iter().all(Value::is_empty) || skipped(cells) {
            return None;
        }
        let before = self.out.problems.len();
        let row = RowRef { number, cells };
        let mut set = read_row(
            self.q,
            &self.prepared,
            sheet,
            row,
            &self.targets,
            &mut self.out.problems,
        );
        if self.out.problems.len() > before {
            self.out.refused.push(number);
            None
        } else {
            if self.anonymous {
                set.respondent = None;
            }
            self.out.accepted += 1;
            Some(set)
        }
    }

    /// The problems, refused rows and column notes (`imported` is left to the caller).
    pub fn finish(self) -> Outcome {
        self.out
    }
}

#[derive(Clone, Copy)]
struct RowRef<'a> {
    number: usize,
    cells: &'a [Value],
}

/// The CSV template's description rows start with `#`.
fn skipped(cells: &[Value]) -> bool {
    matches!(cells.first(), Some(Value::Text(s)) if s.starts_with('#'))
}

/// One row's answers; problems are pushed, positioned at their cell.
fn read_row(
    q: &Questionnaire,
    prepared: &values::Prepared,
    sheet: &Sheet,
    row: RowRef<'_>,
    targets: &[Target],
    problems: &mut Vec<Problem>,
) -> AnswerSet {
    let mut set = AnswerSet {
        questionnaire: q.id.clone(),
        version: q.version.clone(),
        complete: true,
        ..Default::default()
    };
    let mut email = None;
    let mut date_rank = 0u8;
    let mut chains: BTreeMap<usize, Chain> = BTreeMap::new();
    // By question index; put in id order at the end, which builds the map in one pass.
    let mut answers: Vec<(usize, Answer)> = Vec::new();
    for (ci, cell) in row.cells.iter().enumerate() {
        let Some(&target) = targets.get(ci) else {
            continue;
        };
        if cell.is_empty() || target == Target::Ignore {
            continue;
        }
        let mut bad = |msg: String| {
            problems.push(Problem::new(
                sheet.name.clone(),
                Some((row.number, ci + 1)),
                format!(
                    "column \"{}\": \"{}\" {msg}",
                    sheet.columns[ci],
                    cell.shown()
                ),
            ))
        };
        match target {
            // Microsoft Forms writes "anonymous" for respondents who did not sign in.
            Target::Meta(Meta::Respondent | Meta::Email)
                if cell.shown().trim().eq_ignore_ascii_case("anonymous") => {}
            // The first name given wins (Microsoft's `Name` before a "Your name" question).
            Target::Meta(Meta::Respondent) => {
                set.respondent
                    .get_or_insert_with(|| cell.shown().trim().into());
            }
            Target::Meta(Meta::Email) => {
                email.get_or_insert_with(|| cell.shown().trim().to_string());
            }
            Target::Meta(Meta::Role) => match prepared.role(cell) {
                Ok(r) => set.role = Some(r),
                Err(m) => bad(m),
            },
            Target::Meta(Meta::Date(rank)) => match dates::parse(&cell.shown()) {
                Some(d) if rank >= date_rank => {
                    set.date = Some(d);
                    date_rank = rank;
                }
                Some(_) => {}
                None => bad(format!("is not a date ({})", dates::EXPECTED)),
            },
            Target::Question(qi, part) => {
                let question = &q.questions[qi];
                match part {
                    Part::Answer => match prepared.answer(qi, question, cell) {
                        Ok(a) => {
                            answers.push((qi, a));
                        }
                        Err(m) => bad(m),
                    },
                    _ => {
                        let chain = chains.entry(qi).or_default();
                        if let Err(m) = prepared.chain_part(question, part, cell, chain) {
                            bad(m);
                        }
                    }
                }
            }
            Target::Ignore => {}
        }
    }
    if set.respondent.is_none() {
        set.respondent = email.filter(|e| !e.is_empty());
    }
    for (qi, chain) in chains {
        if !matches!(q.questions[qi].kind, Kind::FiveWhys { .. }) {
            continue;
        }
        if chain.symptom.is_empty() && chain.whys.is_empty() && chain.cause.is_none() {
            continue;
        }
        if chain.symptom.is_empty() {
            // The answers file could not be read back: a chain starts from its symptom.
            problems.push(chain_without_symptom(sheet, row, targets, qi));
            continue;
        }
        answers.push((qi, Answer::Chain(chain)));
    }
    answers.sort_unstable_by_key(|a| prepared.rank[a.0]);
    set.answers = answers
        .into_iter()
        .map(|(qi, a)| (q.questions[qi].id.clone(), a))
        .collect();
    set
}

/// A five-whys chain with whys or a cause but no symptom, positioned at its symptom
/// column when the export has one, else at the chain's first column.
fn chain_without_symptom(sheet: &Sheet, row: RowRef<'_>, targets: &[Target], qi: usize) -> Problem {
    let of_chain = |part: Option<Part>| {
        targets.iter().position(|t| match t {
            Target::Question(i, p) => *i == qi && part.is_none_or(|want| *p == want),
            _ => false,
        })
    };
    let ci = of_chain(Some(Part::Symptom))
        .or(of_chain(None))
        .unwrap_or(0);
    let column = sheet.columns.get(ci).map_or("", String::as_str);
    Problem::new(
        sheet.name.clone(),
        Some((row.number, ci + 1)),
        format!(
            "column \"{column}\": a five-whys chain needs its symptom; this row gives whys or a cause without one"
        ),
    )
}

/// A stable file name for an imported row: the export's name and the row number, so
/// importing the same export again rewrites the same files.
pub fn file_name(source: &str, row: usize) -> String {
    let stem = Path::new(source)
        .file_stem()
        .map_or("responses".into(), |s| s.to_string_lossy().into_owned());
    let mut slug = String::new();
    for c in stem.chars() {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            slug.extend(c.to_lowercase());
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_matches('-');
    let slug = if slug.is_empty() { "responses" } else { slug };
    format!("{slug}-row{row:05}.toml")
}

/// The answers file for an imported row: an ordinary answers file, headed by a
/// comment naming the export and row it came from.
pub fn answers_file(q: &Questionnaire, source: &str, imported: &Imported) -> String {
    let source = crate::sanitize::plain(source);
    format!(
        "# Imported from {source}, row {}.\n{}",
        imported.row,
        crate::answers::to_toml(q, &imported.set, false)
    )
}
