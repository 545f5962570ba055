//! tandem: a diagnostic of how well a company's sales and marketing work together.
//!
//! The stages, each a module: [`questionnaire`] (schema, load, validate) → [`answers`]
//! (file format, atomic save) → [`scoring`] (pure functions) → [`report`] (the model)
//! → [`render`] (text, markdown, json, html, csv). [`load`] is the front door every
//! front end calls: from paths to answers, groups, reports and gate results.
//! [`interview`] runs the questions behind a prompt trait. [`cli`] is the command-line
//! edge, and the only place that prints.

#![forbid(unsafe_code)]
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod answers;
pub mod atomic;
pub mod cli;
pub mod date;
pub mod error;
pub mod forms;
pub mod gates;
pub mod group;
pub mod held;
pub mod interview;
pub mod load;
pub mod numfmt;
pub mod questionnaire;
pub mod render;
pub mod report;
pub mod sanitize;
pub mod scoring;
pub mod serve;
pub mod snapshot;
pub mod tomlfile;

pub use error::{Error, Exit, Problem, Result};
