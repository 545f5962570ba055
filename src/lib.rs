//! tandem: a diagnostic of how well a company's sales and marketing work together.
//!
//! The stages, each a module: [`questionnaire`] (schema, load, validate) → [`answers`]
//! (file format, atomic save) → [`scoring`] (pure functions) → [`report`] (the model)
//! → [`render`] (text, markdown, json, html, csv). [`cli`] is the command-line edge.

pub mod answers;
pub mod cli;
pub mod cli_forms;
pub mod cli_run;
pub mod error;
pub mod forms;
pub mod gates;
pub mod group;
pub mod interview;
pub mod questionnaire;
pub mod render;
pub mod report;
pub mod sanitize;
pub mod scoring;
pub mod tomlfile;

pub use error::{Error, Problem, Result};
