//! What every part of validation shares: the problems found so far (each tied to a key
//! path), the ids and references checked against, and the limits on numbers. Kept apart
//! from the parts, so that each part imports it and none imports another.

use super::model::*;
use crate::tomlfile::KeyPath;
use std::collections::{BTreeMap, HashMap};

/// A problem before its position is resolved.
#[derive(Debug, Clone)]
pub struct Issue {
    pub path: KeyPath,
    pub at_key: bool,
    pub message: String,
}

pub const DEFAULT_DONT_KNOW_LABEL: &str = "Don't know / not applicable";
/// What answers files write for "don't know / not applicable".
pub const DONT_KNOW: &str = "dont_know";
/// What a five-whys chain may be tagged with when no listed cause fits.
pub const OTHER_CAUSE: &str = "other";

#[derive(Default)]
pub(crate) struct Ctx {
    pub(crate) issues: Vec<Issue>,
}

impl Ctx {
    pub(crate) fn at(&mut self, path: &KeyPath, msg: impl Into<String>) {
        self.issues.push(Issue {
            path: path.clone(),
            at_key: false,
            message: msg.into(),
        });
    }
    pub(crate) fn at_key(&mut self, path: &KeyPath, msg: impl Into<String>) {
        self.issues.push(Issue {
            path: path.clone(),
            at_key: true,
            message: msg.into(),
        });
    }

    pub(crate) fn required(
        &mut self,
        v: &Option<String>,
        path: &KeyPath,
        key: &str,
        what: &str,
    ) -> String {
        match v {
            Some(s) if !s.trim().is_empty() => s.clone(),
            Some(_) => {
                self.at(&path.key(key), format!("{what} `{key}` is empty"));
                String::new()
            }
            None => {
                self.at(path, format!("{what} is missing `{key}`"));
                String::new()
            }
        }
    }

    pub(crate) fn id(&mut self, v: &Option<String>, path: &KeyPath, what: &str) -> String {
        let id = self.required(v, path, "id", what);
        if !id.is_empty() && !valid_id(&id) {
            self.at(
                &path.key("id"),
                format!("{what} id `{id}` is not valid: use lower-case letters, digits, `-` and `_`, starting with a letter"),
            );
        }
        id
    }

    pub(crate) fn weight(&mut self, w: Option<f64>, path: &KeyPath, default: f64) -> f64 {
        match w {
            None => default,
            Some(w) if !w.is_finite() || !(0.0..=MAX_NUMBER).contains(&w) => {
                self.at(
                    path,
                    format!(
                        "weight must be a number from 0 to {MAX_NUMBER:e}, found {}",
                        crate::numfmt::short(w)
                    ),
                );
                default
            }
            Some(w) => w,
        }
    }
}

/// The largest magnitude a scale bound may have.
pub const MAX_SCALE_VALUE: i64 = 1_000_000;
/// The largest magnitude of option points, weights and evidence weights: far beyond any
/// rubric, small enough that sums over thousands of answers stay finite and exact.
pub const MAX_NUMBER: f64 = 1e9;

pub fn valid_id(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        && s.len() <= 64
}

/// Records ids as they come and reports the second of a duplicate pair.
pub(crate) struct Ids<'a> {
    what: &'a str,
    seen: HashMap<String, usize>,
}

impl<'a> Ids<'a> {
    pub(crate) fn new(what: &'a str) -> Self {
        Ids {
            what,
            seen: HashMap::new(),
        }
    }
    pub(crate) fn add(&mut self, ctx: &mut Ctx, id: &str, index: usize, path: &KeyPath) {
        if id.is_empty() {
            return;
        }
        if let Some(first) = self.seen.get(id) {
            ctx.at(
                &path.key("id"),
                format!(
                    "duplicate {} id `{id}` (also {} #{})",
                    self.what,
                    self.what,
                    first + 1
                ),
            );
        } else {
            self.seen.insert(id.to_string(), index);
        }
    }
}

/// What questions, levels and the ladder may refer to, validated before them.
pub(crate) struct Refs<'a> {
    pub sources: &'a [Source],
    pub dimensions: &'a [Dimension],
    pub causes: &'a [Cause],
    pub scales: &'a BTreeMap<String, ScaleDef>,
    pub roles: &'a [Role],
}

impl Refs<'_> {
    pub fn source_ok(&self, id: &str) -> bool {
        self.sources.iter().any(|s| s.id == id)
    }
    pub fn dimension_index(&self, id: &str) -> Option<usize> {
        self.dimensions.iter().position(|d| d.id == id)
    }
    pub fn cause_index(&self, id: &str) -> Option<usize> {
        self.causes.iter().position(|c| c.id == id)
    }
}

/// A `[[scales]]` entry, for the questions that name it.
pub(crate) struct ScaleDef {
    pub min: i64,
    pub max: i64,
    pub labels: Vec<String>,
    pub dont_know: bool,
}

pub(crate) fn scale_range(
    ctx: &mut Ctx,
    p: &KeyPath,
    min: Option<i64>,
    max: Option<i64>,
    labels: &Option<Vec<String>>,
    what: &str,
) -> Option<(i64, i64, Vec<String>)> {
    let (Some(min), Some(max)) = (min, max) else {
        ctx.at(
            p,
            format!("{what} needs integer `min` and `max` (or a `scale` id)"),
        );
        return None;
    };
    if min >= max {
        ctx.at(
            &p.key("max"),
            format!("`max` ({max}) must be greater than `min` ({min})"),
        );
        return None;
    }
    // Bounded so that every sum and reversal of scale values stays exact.
    let limit = MAX_SCALE_VALUE.unsigned_abs();
    if min.unsigned_abs() > limit || max.unsigned_abs() > limit {
        ctx.at(
            &p.key(if min.unsigned_abs() > limit {
                "min"
            } else {
                "max"
            }),
            format!("scale values must lie within ±{MAX_SCALE_VALUE}, found {min}..{max}"),
        );
        return None;
    }
    if max - min > 1000 {
        ctx.at(
            &p.key("max"),
            format!("a scale may have at most 1001 steps, {min}..{max} has more"),
        );
        return None;
    }
    let labels = labels.clone().unwrap_or_default();
    let steps = (max - min + 1) as usize;
    if !labels.is_empty() && labels.len() != steps {
        ctx.at(
            &p.key("labels"),
            format!(
                "`labels` has {} entries but {min}..{max} has {steps} values",
                labels.len()
            ),
        );
    }
    Some((
        min,
        max,
        if labels.len() == steps {
            labels
        } else {
            vec![]
        },
    ))
}
