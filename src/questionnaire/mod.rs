//! Questionnaires (rubrics): the TOML schema, loading, validation and the built-ins.
//! The format is documented in docs/FORMAT.md.

mod context;
pub mod earlier;
mod levels;
pub mod model;
mod questions;
pub mod schema;
pub mod validate;

pub use model::*;
pub use validate::{DONT_KNOW, OTHER_CAUSE};

use crate::error::{Error, Problem, Result};
use crate::tomlfile::{SourceText, read_source};
use std::path::Path;

/// A questionnaire compiled into the binary, so a user needs no files.
#[derive(Debug, Clone, Copy)]
pub struct Builtin {
    pub name: &'static str,
    pub text: &'static str,
}

pub const BUILTINS: &[Builtin] = &[
    Builtin {
        name: "alignment",
        text: include_str!("../../questionnaires/alignment.toml"),
    },
    Builtin {
        name: "pulse",
        text: include_str!("../../questionnaires/pulse.toml"),
    },
];

/// The questionnaire used when none is named.
pub const DEFAULT: &str = "alignment";

pub fn builtin(name: &str) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|b| b.name == name)
}

impl Builtin {
    pub fn source(&self) -> SourceText {
        SourceText::new(format!("builtin:{}", self.name), self.text)
    }

    /// The version of its validated model (`--version` and every command's help show
    /// it); `?` if the text does not validate, which a test rules out.
    pub fn version(&self) -> &'static str {
        self.model().map_or("?", |q| q.version.as_str())
    }

    /// The validated model, parsed and validated from the text once per run (a test
    /// keeps every built-in valid); an invalid text is parsed again to say why.
    pub fn load(&self) -> Result<Questionnaire> {
        match self.model() {
            Some(q) => Ok(q.clone()),
            None => parse(&self.source()),
        }
    }

    /// The model, parsed on first use.
    fn model(&self) -> Option<&'static Questionnaire> {
        static MODELS: [std::sync::OnceLock<Option<Questionnaire>>; BUILTINS.len()] =
            [const { std::sync::OnceLock::new() }; BUILTINS.len()];
        let i = BUILTINS.iter().position(|b| b.name == self.name)?;
        MODELS[i]
            .get_or_init(|| parse(&self.source()).ok())
            .as_ref()
    }
}

/// Parses and validates, returning the questionnaire (when valid) and every problem
/// found, sorted by position.
pub fn check_source(src: &SourceText) -> (Option<Questionnaire>, Vec<Problem>) {
    if src.text.trim().is_empty() {
        return (
            None,
            vec![src.problem_at(
                Some(0),
                "the file is empty: a questionnaire needs [questionnaire], [[dimensions]] and [[questions]]",
            )],
        );
    }
    let (raw, mut problems): (schema::RawQuestionnaire, Vec<Problem>) = match src.deserialize() {
        Ok(v) => v,
        Err(Error::Invalid(p)) => return (None, p),
        Err(e) => {
            return (
                None,
                vec![Problem::new(src.name.clone(), None, e.to_string())],
            );
        }
    };
    let (q, issues) = validate::validate(&raw);
    problems.extend(
        issues
            .iter()
            .map(|i| src.problem(&i.path, i.at_key, i.message.clone())),
    );
    problems.sort_by(|a, b| {
        a.position
            .cmp(&b.position)
            .then_with(|| a.message.cmp(&b.message))
    });
    problems.dedup();
    if problems.is_empty() {
        (q, problems)
    } else {
        (None, problems)
    }
}

pub fn parse(src: &SourceText) -> Result<Questionnaire> {
    match check_source(src) {
        (Some(q), _) => Ok(q),
        (None, problems) => Err(Error::Invalid(problems)),
    }
}

/// `-q` accepts a built-in name or a path. A name that is both prefers the file only
/// when it looks like a path, so `-q pulse` is always the built-in.
pub fn resolve(spec: &str) -> Result<(SourceText, Questionnaire)> {
    if let Some(b) = builtin(spec) {
        return Ok((b.source(), b.load()?));
    }
    let path = Path::new(spec);
    // `-` is standard input, which never "exists" as a path.
    if spec != "-" && !path.exists() && !spec.contains(['/', '\\', '.']) {
        let names: Vec<&str> = BUILTINS.iter().map(|b| b.name).collect();
        return Err(Error::Input(format!(
            "no built-in questionnaire or file named `{spec}` (built-in: {})",
            names.join(", ")
        )));
    }
    let src = read_source(path)?;
    let q = parse(&src).map_err(|e| {
        crate::tomlfile::wrong_kind(&src, e, crate::tomlfile::FileKind::Questionnaire)
    })?;
    Ok((src, q))
}
