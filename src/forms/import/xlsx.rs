//! Microsoft Forms' "Open results in Excel" workbook: the first sheet, a header row
//! (`ID`, `Start time`, `Completion time`, `Email`, `Name`, then one column per
//! question, titled as in the form), dates as Excel serial numbers, checklist answers
//! joined by ";".

use super::{Row, Sheet, Value};
use crate::error::{Error, Problem, Result};
use calamine::{Data, Reader, Xlsx};

pub fn parse(name: &str, bytes: &[u8]) -> Result<Sheet> {
    let unreadable = |why: String| {
        Error::Invalid(vec![Problem::new(
            name,
            None,
            format!("cannot be read as an Excel workbook (.xlsx): {why}"),
        )])
    };
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| unreadable(e.to_string()))?;
    let range = match book.worksheet_range_at(0) {
        Some(Ok(r)) => r,
        Some(Err(e)) => return Err(unreadable(e.to_string())),
        None => return Err(unreadable("it has no worksheet".into())),
    };
    // Row numbers as Excel shows them, wherever the data starts.
    let (first_row, _) = range.start().unwrap_or((0, 0));
    let mut sheet = Sheet {
        name: name.to_string(),
        ..Default::default()
    };
    for (i, cells) in range.rows().enumerate() {
        let number = first_row as usize + i + 1;
        if i == 0 {
            sheet.columns = cells.iter().map(|c| cell(c).shown().into_owned()).collect();
            continue;
        }
        let mut cells: Vec<Value> = cells.iter().map(cell).collect();
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

fn cell(d: &Data) -> Value {
    let text = match d {
        Data::Empty => return Value::Empty,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        // Ratings and numbers arrive as floats: 4.0 is the answer 4.
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => dt.as_f64().to_string(),
        Data::Error(e) => format!("#{e:?}"),
    };
    Value::Text(text)
}
