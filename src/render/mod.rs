//! Renderers turn a report model into bytes for one output format. They all sit behind
//! one trait so the CLI picks one by `--format` and nothing else changes.

pub(crate) mod csv;
mod html;
mod json;
mod markdown;
mod markup;
mod slides;
pub mod summary;
mod svg;
mod text;

pub use csv::Csv;
pub use html::Html;
pub use json::Json;
pub use markdown::Markdown;
pub use slides::Slides;
pub use text::Text;

use crate::error::Result;
use crate::gates::GateSummary;
use crate::report::Report;
use serde::Serialize;

/// What renderers render: a report and, when gates were asked for, their summary. It
/// lives here, above both, so the report never depends on the gates and the gates
/// only read reports.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    #[serde(flatten)]
    pub report: Report,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gates: Option<GateSummary>,
}

/// Where [`Renderer::render_each`] hands each file: its name, and a function that
/// writes it to the writer given.
pub type Sink<'a> =
    dyn FnMut(&str, &mut dyn FnMut(&mut dyn std::io::Write) -> Result<()>) -> Result<()> + 'a;

pub trait Renderer {
    /// The report as one file (what goes to standard output or `--out FILE`).
    fn render(&self, doc: &Document) -> Result<String>;

    /// Writes what [`Renderer::render`] returns to `out`. Formats whose output grows
    /// with the group stream it instead of holding it. I/O errors come back as
    /// [`crate::Error::unnamed`], for the caller to name.
    fn render_to(&self, doc: &Document, out: &mut dyn std::io::Write) -> Result<()> {
        let s = self.render(doc)?;
        out.write_all(s.as_bytes())
            .map_err(crate::error::Error::unnamed)
    }

    /// The report as files for `--out FOLDER/`, each handed to `sink` with its name
    /// and a function writing it, one at a time so that no more than one is ever
    /// rendered in memory; the main one first. By default the one file of
    /// [`Renderer::render_to`], named `main`; CSV writes one file per table.
    fn render_each(&self, doc: &Document, main: &str, sink: &mut Sink<'_>) -> Result<()> {
        sink(main, &mut |w| self.render_to(doc, w))
    }

    /// The file a report in this format gets inside an `--out` folder.
    fn file_name(&self) -> &'static str;
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
    /// A self-contained HTML deck for a 16:9 projector: one idea per slide, arrow keys.
    Slides,
}

impl Format {
    /// The file a report in this format gets inside an `--out` folder.
    pub fn file_name(self) -> &'static str {
        renderer(self, TextOptions::default()).file_name()
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

/// The one registration point: a new output format is a module implementing
/// [`Renderer`], a `Format` variant and its arm here.
pub fn renderer(format: Format, text: TextOptions) -> Box<dyn Renderer> {
    match format {
        Format::Text => Box::new(Text(text)),
        Format::Markdown => Box::new(Markdown),
        Format::Json => Box::new(Json),
        Format::Html => Box::new(Html),
        Format::Csv => Box::new(Csv),
        Format::Slides => Box::new(Slides),
    }
}
