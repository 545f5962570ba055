//! CSV exports: Google Forms' "Download responses (.csv)", a Google Sheets or Excel
//! "Save as CSV", and the generic template filled in. UTF-8 with or without a byte
//! order mark, CRLF or LF, quoted cells spanning several lines, commas or semicolons.

use super::{Row, Sheet, Value};
use crate::error::{Error, Problem, Result};

pub fn parse(name: &str, bytes: &[u8]) -> Result<Sheet> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(bytes))
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut sheet = Sheet {
        name: name.to_string(),
        ..Default::default()
    };
    let mut record = csv::StringRecord::new();
    let mut number = 0;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(csv_error(name, number + 1, &e)),
        }
        number += 1;
        if number == 1 {
            sheet.columns = record.iter().map(str::to_string).collect();
            continue;
        }
        let mut cells: Vec<Value> = record
            .iter()
            .map(|c| {
                if c.is_empty() {
                    Value::Empty
                } else {
                    Value::Text(c.to_string())
                }
            })
            .collect();
        cells.resize(sheet.columns.len().max(cells.len()), Value::Empty);
        sheet.rows.push(Row { number, cells });
    }
    if sheet.columns.is_empty() {
        return Err(Error::Invalid(vec![Problem::new(
            name,
            None,
            "empty: a response export starts with a row of column names",
        )]));
    }
    Ok(sheet)
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
