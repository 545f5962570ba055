//! Renderers turn a report model into bytes for one output format. They all sit behind
//! one trait so the CLI picks one by `--format` and nothing else changes.

mod json;
mod markdown;
mod text;

pub use json::Json;
pub use markdown::Markdown;
pub use text::Text;

use crate::error::Result;
use crate::report::Document;

pub trait Renderer {
    fn render(&self, doc: &Document) -> Result<String>;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Tables for the terminal (the default).
    Text,
    /// GitHub-flavoured Markdown.
    Markdown,
    /// JSON with a versioned schema, for CI and scripts.
    Json,
}

/// How text output should look.
#[derive(Debug, Clone, Copy)]
pub struct TextOptions {
    /// Total width tables and paragraphs may use.
    pub width: u16,
}

impl Default for TextOptions {
    fn default() -> Self {
        TextOptions { width: 100 }
    }
}

pub fn renderer(format: Format, text: TextOptions) -> Box<dyn Renderer> {
    match format {
        Format::Text => Box::new(Text(text)),
        Format::Markdown => Box::new(Markdown),
        Format::Json => Box::new(Json),
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
