//! Renderers turn a report model into bytes for one output format. They all sit behind
//! one trait so the CLI picks one by `--format` and nothing else changes.

pub(crate) mod csv;
mod html;
mod json;
mod markdown;
mod svg;
mod text;

pub use csv::Csv;
pub use html::Html;
pub use json::Json;
pub use markdown::Markdown;
pub use text::Text;

use crate::error::Result;
use crate::report::Document;

pub trait Renderer {
    /// The report as one file (what goes to standard output or `--out FILE`).
    fn render(&self, doc: &Document) -> Result<String>;

    /// The report as files for `--out FOLDER/`: (file name, contents), the main one
    /// first. By default the one file of [`Renderer::render`], named `main`; CSV writes
    /// one file per table.
    fn render_files(&self, doc: &Document, main: &str) -> Result<Vec<(String, String)>> {
        Ok(vec![(main.to_string(), self.render(doc)?)])
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Tables for the terminal (the default).
    Text,
    /// GitHub-flavoured Markdown.
    Markdown,
    /// JSON with a versioned schema, for CI and scripts.
    Json,
    /// One self-contained HTML page with charts, for a projector, a browser or print.
    Html,
    /// Tidy CSV for spreadsheets (several files with `--out FOLDER/`; see docs/CSV.md).
    Csv,
}

impl Format {
    /// The file a report in this format gets inside an `--out` folder.
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Text => "report.txt",
            Format::Markdown => "report.md",
            Format::Json => "report.json",
            Format::Html => "report.html",
            Format::Csv => "scores.csv",
        }
    }
}

/// How text output should look.
#[derive(Debug, Clone, Copy)]
pub struct TextOptions {
    /// Total width tables and paragraphs may use.
    pub width: u16,
    /// Bold headings and coloured gate results (only ever for a terminal).
    pub color: bool,
}

impl Default for TextOptions {
    fn default() -> Self {
        TextOptions {
            width: 100,
            color: false,
        }
    }
}

pub fn renderer(format: Format, text: TextOptions) -> Box<dyn Renderer> {
    match format {
        Format::Text => Box::new(Text(text)),
        Format::Markdown => Box::new(Markdown),
        Format::Json => Box::new(Json),
        Format::Html => Box::new(Html),
        Format::Csv => Box::new(Csv),
    }
}

/// A score for people: one decimal, or an en dash when there is none.
pub fn fmt_score(v: Option<f64>) -> String {
    match v {
        Some(v) => format!("{v:.1}"),
        None => "–".to_string(),
    }
}

/// Like `fmt_score` for numbers that are usually whole.
pub fn fmt_num(v: f64) -> String {
    crate::questionnaire::validate::fmt_n(crate::report::r2(v))
}

/// A table styled like the text reports', for other commands' listings.
pub fn text_table(width: u16) -> comfy_table::Table {
    text::table(width)
}
