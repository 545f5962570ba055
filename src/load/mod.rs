//! Loading, the library's front door: from paths (files, folders, standard input) to a
//! questionnaire, answer sets, a group, a report and gate results. Every front end (the
//! command line, the workshop server, the form importer) goes through these functions,
//! so every one reads files, checks them and reports problems the same way.
//!
//! One concern per file: [`inputs`] (which files a set of paths names), [`answers`]
//! (the one answers pipeline: parse → header → questionnaire → interpret → cause
//! check), [`group`] (many files as one group, in parallel, in a fixed order),
//! [`forms`] (response exports read as one group), [`report`] (single, group and trend
//! reports), [`gates`] (policy assembly and the baseline) and [`check`] (validating
//! files of either kind).

pub mod answers;
pub mod check;
pub mod forms;
pub mod gates;
pub mod group;
pub mod inputs;
pub mod report;
pub mod versions;

pub use answers::{Against, load_answers, read_answers};
pub use check::{Checked, check_files};
pub use gates::{GateRequest, Gated, evaluate_gates, gate_trend};
pub use group::load_group;
pub use inputs::{FileId, Inputs, Reserved, SkipReason, collect_inputs, collect_reserved};
pub use report::{
    Built, NO_ANSWERS, ReportOptions, TrendOptions, WaveLabel, WaveRead, Waves, build_report,
    build_report_from, build_trend, read_waves,
};
