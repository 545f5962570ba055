//! CSV exports: Google Forms' "Download responses (.csv)", a Google Sheets or Excel
//! "Save as CSV", and the generic template filled in. UTF-8 with or without a byte
//! order mark, CRLF or LF, quoted cells spanning several lines, commas or semicolons.

use super::mapping::Mapping;
use super::{Cell, Importer, Outcome, Response, Row, Sheet, Value};
use crate::error::{Error, Problem, Result};
use crate::questionnaire::Questionnaire;
use std::io::Read;

pub fn parse(name: &str, bytes: &[u8]) -> Result<Sheet> {
    let mut sheet = Sheet {
        name: name.to_string(),
        ..Default::default()
    };
    records(name, bytes, std::io::empty(), |number, record| {
        if number == 1 {
            sheet.columns = record.iter().map(str::to_string).collect();
        } else {
            let mut cells = Vec::new();
            fill(&mut cells, record, sheet.columns.len());
            sheet.rows.push(Row { number, cells });
        }
        Ok(())
    })?;
    Ok(sheet)
}

/// Imports as it reads, one record at a time, its cells borrowed from the record: the
/// file's first bytes `head` (at least its header row), then the rest from `rest`.
pub fn import(
    q: &Questionnaire,
    sheet: &mut Sheet,
    head: &[u8],
    rest: impl Read,
    map: &Mapping,
    anonymous: bool,
    each: &mut dyn FnMut(usize, &mut Response),
) -> Result<Outcome> {
    let mut importer: Option<Importer> = None;
    records(&sheet.name.clone(), head, rest, |number, record| {
        match &mut importer {
            None => {
                sheet.columns = record.iter().map(str::to_string).collect();
                importer = Some(Importer::new(q, sheet, map, anonymous)?);
            }
            Some(im) => {
                let cells = record.iter().map(|c| match c {
                    "" => Cell::Empty,
                    c => Cell::Text(c),
                });
                if let Some(r) = im.response(sheet, number, cells) {
                    each(number, r);
                }
            }
        }
        Ok(())
    })?;
    importer
        .map(Importer::finish)
        .ok_or_else(|| Error::Invalid(vec![empty(&sheet.name)]))
}

/// A record's cells into `cells`, reusing the strings already there.
fn fill(cells: &mut Vec<Value>, record: &csv::StringRecord, columns: usize) {
    let n = columns.max(record.len());
    cells.resize(n, Value::Empty);
    for (i, slot) in cells.iter_mut().enumerate() {
        match record.get(i) {
            None | Some("") => *slot = Value::Empty,
            Some(c) => match slot {
                Value::Text(s) => {
                    s.clear();
                    s.push_str(c);
                }
                _ => *slot = Value::Text(c.to_string()),
            },
        }
    }
}

fn empty(name: &str) -> Problem {
    Problem::new(
        name,
        None,
        "empty: a response export starts with a row of column names",
    )
}

/// Reads a file's first bytes, at least its whole header row (or all of a file without
/// one), so the delimiter can be told before the rest is streamed.
pub fn read_head(file: &mut impl Read) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::new();
    loop {
        let n = file.by_ref().take(64 * 1024).read_to_end(&mut head)?;
        if n == 0 || header_end(&head) {
            return Ok(head);
        }
    }
}

/// Whether `bytes` hold a line end outside quotes (the header row is whole).
fn header_end(bytes: &[u8]) -> bool {
    let mut quoted = false;
    for &b in bytes {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => return true,
            _ => {}
        }
    }
    false
}

/// Calls `f` with each record and its row number (the header is row 1): the records
/// of `head` (the file's first bytes, header row whole) followed by `rest`.
fn records(
    name: &str,
    head: &[u8],
    rest: impl Read,
    mut f: impl FnMut(usize, &csv::StringRecord) -> Result<()>,
) -> Result<()> {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(head))
        .has_headers(false)
        .flexible(true)
        // Read in larger pieces than the default 8 KiB: a large export is read in an
        // eighth of the system calls.
        .buffer_capacity(64 * 1024)
        .from_reader(head.chain(rest));
    let mut record = csv::StringRecord::new();
    let mut number = 0;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(csv_error(name, number + 1, &e)),
        }
        number += 1;
        f(number, &record)?;
    }
    if number == 0 {
        return Err(Error::Invalid(vec![empty(name)]));
    }
    Ok(())
}

/// Excel saves "CSV" with semicolons where the decimal separator is a comma (most of
/// Europe): whichever of the two is more frequent outside quotes in the header wins.
fn delimiter(bytes: &[u8]) -> u8 {
    let (mut commas, mut semicolons, mut quoted) = (0, 0, false);
    for &b in bytes {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    if semicolons > commas { b';' } else { b',' }
}

fn csv_error(name: &str, row: usize, e: &csv::Error) -> Error {
    let msg = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => {
            "is not UTF-8 text (save the export as \"CSV UTF-8\")".to_string()
        }
        _ => format!("cannot be read as CSV: {e}"),
    };
    let row = e.position().map_or(row, |p| p.record() as usize + 1);
    Error::Invalid(vec![Problem::new(name, Some((row, 1)), msg)])
}
