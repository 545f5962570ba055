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
use std::fmt::Write;
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

    /// The cell, borrowed, as the importer reads it.
    pub fn cell(&self) -> Cell<'_> {
        match self {
            Value::Empty => Cell::Empty,
            Value::Text(s) => Cell::Text(s),
            Value::List(l) => Cell::List(l),
        }
    }
}

/// One cell as the importer reads it, borrowed from where it lies (a CSV record's
/// field, or a [`Value`] of a sheet read whole): no cell is copied to be read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    Empty,
    Text(&'a str),
    List(&'a [String]),
}

impl<'a> Cell<'a> {
    pub fn is_empty(self) -> bool {
        match self {
            Cell::Empty => true,
            // Asked of every cell: most start with a visible character, and need no trim.
            Cell::Text(s) => match s.as_bytes().first() {
                Some(b) if b.is_ascii_graphic() => false,
                _ => s.trim().is_empty(),
            },
            Cell::List(_) => false,
        }
    }

    /// The cell as people would see it (a list joined by ", "), borrowed when it can be.
    pub fn shown(self) -> std::borrow::Cow<'a, str> {
        match self {
            Cell::Empty => "".into(),
            Cell::Text(s) => s.into(),
            Cell::List(l) => l.join(", ").into(),
        }
    }
}

/// One response's checked answers by question index: what scoring a group needs, with
/// no map keyed by question id to build for every row ([`Response::into_set`] builds
/// it where an answers file is written).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Response {
    pub respondent: Option<String>,
    pub role: Option<String>,
    pub date: Option<String>,
    /// One per question of the questionnaire (`None`: unanswered).
    pub answers: Vec<Option<Answer>>,
}

impl Response {
    /// The answers by question index, borrowed, as scoring takes them.
    pub fn by_index(&self) -> Vec<Option<&Answer>> {
        self.answers.iter().map(Option::as_ref).collect()
    }

    /// The answer set an answers file holds, keyed by question id.
    pub fn into_set(self, q: &Questionnaire) -> AnswerSet {
        self.into_set_by(q, &id_order(q))
    }

    /// [`Response::into_set`], given the questions' indices in id order (the map is
    /// then built in one pass, not sorted for every row).
    fn into_set_by(mut self, q: &Questionnaire, by_id: &[usize]) -> AnswerSet {
        let answers = by_id
            .iter()
            .filter_map(|&qi| Some((q.questions[qi].id.to_string(), self.answers[qi].take()?)))
            .collect();
        AnswerSet {
            questionnaire: q.id.to_string(),
            version: q.version.to_string(),
            respondent: self.respondent,
            role: self.role,
            date: self.date,
            complete: true,
            answers,
        }
    }
}

/// The questions' indices in id order.
fn id_order(q: &Questionnaire) -> Vec<usize> {
    let mut by_id: Vec<usize> = (0..q.questions.len()).collect();
    by_id.sort_by(|a, b| q.questions[*a].id.cmp(&q.questions[*b].id));
    by_id
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
    let source = source_name(path);
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
/// the outcome has the problems but no answers.
pub fn read_and_each(
    q: &Questionnaire,
    path: &Path,
    map: &Mapping,
    anonymous: bool,
    mut each: impl FnMut(usize, AnswerSet),
) -> Result<(Sheet, Outcome)> {
    let by_id = id_order(q);
    read_each(q, path, map, anonymous, &mut |row, r| {
        each(row, std::mem::take(r).into_set_by(q, &by_id))
    })
}

/// [`read_and_each`] with each row's answers by question index, as a group is scored.
/// A CSV export is imported as it is read, row by row, its cells borrowed from the
/// parser's record, without holding its cells or its answers: the common case, and
/// the one that can be large.
pub fn read_and_each_response(
    q: &Questionnaire,
    path: &Path,
    map: &Mapping,
    anonymous: bool,
    mut each: impl FnMut(usize, &Response),
) -> Result<(Sheet, Outcome)> {
    read_each(q, path, map, anonymous, &mut |row, r| each(row, r))
}

/// Both of the above: `each` may take the answers it is lent.
fn read_each(
    q: &Questionnaire,
    path: &Path,
    map: &Mapping,
    anonymous: bool,
    each: &mut dyn FnMut(usize, &mut Response),
) -> Result<(Sheet, Outcome)> {
    if SheetFormat::of(path) != Some(SheetFormat::Csv) {
        let sheet = read(path)?;
        let mut importer = Importer::new(q, &sheet, map, anonymous)?;
        for row in &sheet.rows {
            if let Some(r) =
                importer.response(&sheet, row.number, row.cells.iter().map(Value::cell))
            {
                each(row.number, r);
            }
        }
        return Ok((sheet, importer.finish()));
    }
    // Streamed: only the header row is read ahead (to tell the delimiter).
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let head = csv::read_head(&mut file).map_err(|e| Error::io(path, e))?;
    let mut sheet = Sheet {
        name: path.display().to_string(),
        source: source_name(path),
        ..Default::default()
    };
    let outcome = csv::import(q, &mut sheet, &head, file, map, anonymous, each)?;
    Ok((sheet, outcome))
}

/// Imports rows one at a time against the columns of a sheet.
pub struct Importer<'q> {
    q: &'q Questionnaire,
    prepared: values::Prepared,
    targets: Vec<Target>,
    anonymous: bool,
    out: Outcome,
    /// The row being read: each row is read over the one before (see `values`).
    buf: Response,
    /// Which questions the row being read answers.
    written: Vec<bool>,
    /// The questions' indices in id order, to key answers by id.
    by_id: Vec<usize>,
    /// The five-whys questions' indices.
    chains: Vec<usize>,
    /// For each five-whys question, which parts ([`part_bit`]) the row being read gave.
    chain_parts: Vec<u8>,
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
            buf: Response::default(),
            written: vec![false; q.questions.len()],
            chain_parts: vec![0; q.questions.len()],
            by_id: id_order(q),
            chains: (0..q.questions.len())
                .filter(|&qi| matches!(q.questions[qi].kind, Kind::FiveWhys { .. }))
                .collect(),
        })
    }

    /// One row's answers; `None` for a blank or description row, or a refused one
    /// (its problems are kept for [`Importer::finish`]).
    pub fn row(&mut self, sheet: &Sheet, number: usize, cells: &[Value]) -> Option<AnswerSet> {
        self.response(sheet, number, cells.iter().map(Value::cell))?;
        Some(std::mem::take(&mut self.buf).into_set_by(self.q, &self.by_id))
    }

    /// [`Importer::row`] with the answers by question index, the row's cells given in
    /// column order. The answers are lent until the next row is read (take them with
    /// `std::mem::take` to keep them).
    pub fn response<'c>(
        &mut self,
        sheet: &Sheet,
        number: usize,
        cells: impl Iterator<Item = Cell<'c>> + Clone,
    ) -> Option<&mut Response> {
        if cells.clone().all(Cell::is_empty) || cells.clone().next().is_some_and(skipped) {
            return None;
        }
        let before = self.out.problems.len();
        self.read_row(sheet, number, cells);
        if self.out.problems.len() > before {
            self.out.refused.push(number);
            None
        } else {
            if self.anonymous {
                self.buf.respondent = None;
            }
            self.out.accepted += 1;
            Some(&mut self.buf)
        }
    }

    /// The problems, refused rows and column notes (`imported` is left to the caller).
    pub fn finish(self) -> Outcome {
        self.out
    }

    /// One row's answers; problems are pushed, positioned at their cell.
    fn read_row<'c>(
        &mut self,
        sheet: &Sheet,
        number: usize,
        cells: impl Iterator<Item = Cell<'c>>,
    ) {
        let (q, prepared) = (self.q, &self.prepared);
        let problems = &mut self.out.problems;
        let (r, written) = (&mut self.buf, &mut self.written);
        let parts = &mut self.chain_parts;
        // The row before's strings, kept to be written over.
        let mut spare = (r.respondent.take(), r.role.take(), r.date.take());
        r.answers.resize(q.questions.len(), None);
        written.fill(false);
        let mut email = None;
        let mut date_rank = 0u8;
        for ((ci, &target), cell) in self.targets.iter().enumerate().zip(cells) {
            if cell.is_empty() {
                continue;
            }
            // Problems are made by a function, not a closure: a closure capturing this
            // much, made for every cell, shows in imports.
            match target {
                // Microsoft Forms writes "anonymous" for respondents who did not sign in.
                Target::Meta(Meta::Respondent | Meta::Email)
                    if cell.shown().trim().eq_ignore_ascii_case("anonymous") => {}
                // The first name given wins (Microsoft's `Name` before a "Your name" question).
                Target::Meta(Meta::Respondent) => {
                    if r.respondent.is_none() {
                        r.respondent = Some(reuse(&mut spare.0, cell.shown().trim()));
                    }
                }
                Target::Meta(Meta::Email) => {
                    email.get_or_insert_with(|| cell.shown().trim().to_string());
                }
                Target::Meta(Meta::Role) => match prepared.role(cell) {
                    Ok(role) => r.role = Some(reuse(&mut spare.1, role)),
                    Err(m) => problems.push(cell_problem(sheet, number, ci, cell, &m)),
                },
                Target::Meta(Meta::Date(rank)) => match dates::ymd(&cell.shown()) {
                    Some(d) if rank >= date_rank => {
                        let mut s = reuse(&mut spare.2, "");
                        dates::write(&mut s, d);
                        r.date = Some(s);
                        date_rank = rank;
                    }
                    Some(_) => {}
                    None => problems.push(cell_problem(
                        sheet,
                        number,
                        ci,
                        cell,
                        &format!("is not a date ({})", dates::EXPECTED),
                    )),
                },
                Target::Question(qi, Part::Answer) => {
                    written[qi] = true;
                    if let Cell::Text(s) = cell
                        && prepared.quick(qi, s, &mut r.answers[qi])
                    {
                        continue;
                    }
                    if let Err(m) = prepared.answer(qi, &q.questions[qi], cell, &mut r.answers[qi])
                    {
                        problems.push(cell_problem(sheet, number, ci, cell, &m));
                    }
                }
                Target::Question(qi, part) => {
                    let question = &q.questions[qi];
                    let five = matches!(question.kind, Kind::FiveWhys { .. });
                    let slot = &mut r.answers[qi];
                    // The chain the row before left here is written over, its strings kept;
                    // the parts this row does not give are emptied after it.
                    if five && !written[qi] {
                        written[qi] = true;
                        parts[qi] = 0;
                        if !matches!(slot, Some(Answer::Chain(_))) {
                            *slot = Some(Answer::Chain(Chain::default()));
                        }
                    }
                    // A part of anything but a chain is refused, so never kept.
                    let mut other = Chain::default();
                    let chain = match slot {
                        Some(Answer::Chain(c)) if five => c,
                        _ => &mut other,
                    };
                    // A part refused is left empty, as if not given.
                    match prepared.chain_part(question, part, cell, chain) {
                        Ok(()) => parts[qi] |= part_bit(part),
                        Err(m) => problems.push(cell_problem(sheet, number, ci, cell, &m)),
                    }
                }
                Target::Ignore => {}
            }
        }
        if r.respondent.is_none() {
            r.respondent = email.filter(|e| !e.is_empty());
        }
        self.finish_row(sheet, number);
    }

    /// After a row's cells: the chain parts the row did not give are emptied (a chain
    /// without its symptom is refused), and the questions it did not answer cleared.
    fn finish_row(&mut self, sheet: &Sheet, number: usize) {
        let (r, written, parts) = (&mut self.buf, &mut self.written, &self.chain_parts);
        let problems = &mut self.out.problems;
        for &qi in &self.chains {
            let Some(Answer::Chain(c)) = &mut r.answers[qi] else {
                continue;
            };
            if !written[qi] {
                continue;
            }
            if parts[qi] & part_bit(Part::Symptom) == 0 {
                c.symptom.clear();
            }
            if parts[qi] & part_bit(Part::Whys) == 0 {
                c.whys.clear();
            }
            if parts[qi] & part_bit(Part::Cause) == 0 {
                c.cause = None;
            }
            if c.symptom.is_empty() && c.whys.is_empty() && c.cause.is_none() {
                written[qi] = false;
            } else if c.symptom.is_empty() {
                // The answers file could not be read back: a chain starts from its symptom.
                problems.push(chain_without_symptom(sheet, number, &self.targets, qi));
                written[qi] = false;
            }
        }
        for (slot, _) in r
            .answers
            .iter_mut()
            .zip(written.iter())
            .filter(|(_, w)| !**w)
        {
            *slot = None;
        }
    }
}

/// A chain part's bit in [`Importer::chain_parts`].
fn part_bit(part: Part) -> u8 {
    match part {
        Part::Answer => 0,
        Part::Symptom => 1,
        Part::Whys => 2,
        Part::Cause => 4,
    }
}

/// A bad cell's problem: FILE:row:column, the column, the cell as written, and `msg`.
#[cold]
fn cell_problem(sheet: &Sheet, number: usize, ci: usize, cell: Cell<'_>, msg: &str) -> Problem {
    Problem::new(
        sheet.name.clone(),
        Some((number, ci + 1)),
        format!(
            "column \"{}\": \"{}\" {msg}",
            sheet.columns[ci],
            cell.shown()
        ),
    )
}

/// `to` in the string the row before left (allocating only when there was none).
fn reuse(spare: &mut Option<String>, to: &str) -> String {
    match spare.take() {
        Some(mut s) => {
            s.clear();
            s.push_str(to);
            s
        }
        None => to.to_string(),
    }
}

/// The CSV template's description rows start with `#`.
fn skipped(first: Cell<'_>) -> bool {
    matches!(first, Cell::Text(s) if s.starts_with('#'))
}

/// A five-whys chain with whys or a cause but no symptom, positioned at its symptom
/// column when the export has one, else at the chain's first column.
fn chain_without_symptom(sheet: &Sheet, number: usize, targets: &[Target], qi: usize) -> Problem {
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
        Some((number, ci + 1)),
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
    answers_file_with(&crate::answers::FileWriter::new(q), source, imported)
}

/// [`answers_file`] for a row read by index ([`read_and_each_response`]): the same
/// text, with no answer set keyed by id built for it.
pub fn answers_file_by_index(
    writer: &crate::answers::FileWriter<'_>,
    source: &str,
    row: usize,
    r: &Response,
) -> String {
    let source = crate::sanitize::plain(source);
    // Room for a typical file, so it is not grown line by line.
    let mut out = String::with_capacity(4096);
    let _ = writeln!(out, "# Imported from {source}, row {row}.");
    writer.file_by_index(
        out,
        r.respondent.as_deref(),
        r.role.as_deref(),
        r.date.as_deref(),
        &r.answers,
    )
}

/// The export's own file name (no folder), as imported files record it.
pub fn source_name(path: &Path) -> String {
    path.file_name().map_or(path.display().to_string(), |s| {
        s.to_string_lossy().into_owned()
    })
}

/// [`answers_file`] for many rows, with one writer for them all.
pub fn answers_file_with(
    writer: &crate::answers::FileWriter<'_>,
    source: &str,
    imported: &Imported,
) -> String {
    let source = crate::sanitize::plain(source);
    format!(
        "# Imported from {source}, row {}.\n{}",
        imported.row,
        writer.file(&imported.set)
    )
}
