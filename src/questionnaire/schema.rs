//! The questionnaire file as written: every field optional, so that the validator, not
//! serde, reports what is missing, all at once and with positions.

use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Default, Deserialize)]
pub struct RawQuestionnaire {
    pub questionnaire: Option<RawMeta>,
    #[serde(default)]
    pub sources: Vec<RawSource>,
    #[serde(default)]
    pub roles: Vec<RawRole>,
    #[serde(default)]
    pub scales: Vec<RawScale>,
    #[serde(default)]
    pub dimensions: Vec<RawDimension>,
    #[serde(default)]
    pub causes: Vec<RawCause>,
    pub levels: Option<RawLevels>,
    pub ladder: Option<RawLadder>,
    #[serde(default)]
    pub questions: Vec<RawQuestion>,
    #[serde(default)]
    pub findings: Vec<RawFinding>,
    #[serde(default)]
    pub earlier: Vec<RawEarlier>,
}

#[derive(Debug, Default, Deserialize)]
pub struct RawMeta {
    pub id: Option<String>,
    pub version: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub dont_know_label: Option<String>,
    /// The two roles the perception-gap table compares (role ids).
    pub compare_roles: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
pub struct RawSource {
    pub id: Option<String>,
    pub title: Option<String>,
    pub author: Option<String>,
    pub url: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct RawRole {
    pub id: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct RawScale {
    pub id: Option<String>,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub labels: Option<Vec<String>>,
    pub dont_know: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
pub struct RawDimension {
    pub id: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub weight: Option<f64>,
    /// `[[dimensions.levels]]`: bands over this dimension's 0–100 score.
    #[serde(default)]
    pub levels: Vec<RawBand>,
    /// Discussion prompts for a workshop when this dimension shows a large gap.
    pub discuss: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
pub struct RawCause {
    pub id: Option<String>,
    pub name: Option<String>,
    pub explanation: Option<String>,
    pub remedies: Option<Vec<String>>,
    #[serde(default)]
    pub sources: Vec<String>,
    /// Discussion prompts for a workshop when this cause ranks high.
    pub discuss: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
pub struct RawLevels {
    pub basis: Option<String>,
    pub dimensions: Option<Vec<String>>,
    #[serde(default)]
    pub bands: Vec<RawBand>,
}

#[derive(Debug, Default, Deserialize)]
pub struct RawBand {
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub requires: Option<RawRequires>,
}

/// `requires = { at_least = 60, dimensions = ["metrics"] }` on a level band.
#[derive(Debug, Default, Deserialize)]
pub struct RawRequires {
    pub at_least: Option<f64>,
    pub dimensions: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
pub struct RawLadder {
    pub name: Option<String>,
    pub current: Option<String>,
    pub desired: Option<String>,
    pub source: Option<String>,
    #[serde(default)]
    pub benchmark: BTreeMap<String, f64>,
    pub benchmark_note: Option<String>,
}

/// A question as written: the fields every kind shares, and `kind` with only the
/// fields that kind takes.
///
/// Read through [`FlatQuestion`] rather than a serde internally tagged enum: that would
/// buffer the table, and `serde_ignored` could then no longer report unknown keys inside
/// a question (or its options) with their positions.
#[derive(Debug, Deserialize)]
#[serde(from = "FlatQuestion")]
pub struct RawQuestion {
    pub id: Option<String>,
    pub text: Option<String>,
    pub help: Option<String>,
    pub dimension: Option<String>,
    pub weight: Option<f64>,
    pub source: Option<String>,
    pub ask_if: Option<RawCondition>,
    /// Role ids the question is asked of (all roles when `None`).
    pub roles: Option<Vec<String>>,
    pub kind: RawKind,
    /// Keys given that belong to other kinds, for the validator to point at.
    pub stray: Vec<&'static str>,
}

/// The `kind` of a question with the fields of that kind.
#[derive(Debug)]
pub enum RawKind {
    /// No `kind` key (or an empty one).
    Missing,
    /// A `kind` that names no kind.
    Unknown(String),
    Single(RawChoiceFields),
    Multi(RawChoiceFields),
    Scale(RawScaleFields),
    Text,
    FiveWhys(RawFiveWhysFields),
}

/// The names `kind` accepts, for messages.
pub const KIND_NAMES: &str = "single, multi, scale, text or five_whys";

#[derive(Debug, Default)]
pub struct RawChoiceFields {
    pub options: Option<Vec<RawOption>>,
    pub dont_know: Option<bool>,
}

#[derive(Debug, Default)]
pub struct RawScaleFields {
    pub scale: Option<String>,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub labels: Option<Vec<String>>,
    pub reverse: Option<bool>,
    pub evidence: Option<BTreeMap<String, f64>>,
    pub dont_know: Option<bool>,
}

#[derive(Debug, Default)]
pub struct RawFiveWhysFields {
    pub evidence_weight: Option<f64>,
    pub max_whys: Option<i64>,
}

/// Every key any kind takes, as the file has them; [`RawQuestion`] sorts them by kind.
#[derive(Debug, Default, Deserialize)]
pub struct FlatQuestion {
    id: Option<String>,
    kind: Option<String>,
    text: Option<String>,
    help: Option<String>,
    dimension: Option<String>,
    weight: Option<f64>,
    source: Option<String>,
    dont_know: Option<bool>,
    ask_if: Option<RawCondition>,
    roles: Option<Vec<String>>,
    options: Option<Vec<RawOption>>,
    scale: Option<String>,
    min: Option<i64>,
    max: Option<i64>,
    labels: Option<Vec<String>>,
    reverse: Option<bool>,
    evidence: Option<BTreeMap<String, f64>>,
    evidence_weight: Option<f64>,
    max_whys: Option<i64>,
}

impl FlatQuestion {
    /// The kind with its fields moved out of `self`; what is left belongs to no kind.
    fn take_kind(&mut self) -> RawKind {
        let choice = |f: &mut FlatQuestion| RawChoiceFields {
            options: f.options.take(),
            dont_know: f.dont_know.take(),
        };
        match self.kind.as_deref() {
            None | Some("") => RawKind::Missing,
            Some("single") => RawKind::Single(choice(self)),
            Some("multi") => RawKind::Multi(choice(self)),
            Some("scale") => RawKind::Scale(RawScaleFields {
                scale: self.scale.take(),
                min: self.min.take(),
                max: self.max.take(),
                labels: self.labels.take(),
                reverse: self.reverse.take(),
                evidence: self.evidence.take(),
                dont_know: self.dont_know.take(),
            }),
            Some("text") => RawKind::Text,
            Some("five_whys") => RawKind::FiveWhys(RawFiveWhysFields {
                evidence_weight: self.evidence_weight.take(),
                max_whys: self.max_whys.take(),
            }),
            Some(_) => RawKind::Unknown(self.kind.clone().unwrap_or_default()),
        }
    }

    /// Kind-specific keys still present, in file-format order.
    fn leftover(&self) -> Vec<&'static str> {
        [
            ("dont_know", self.dont_know.is_some()),
            ("options", self.options.is_some()),
            ("scale", self.scale.is_some()),
            ("min", self.min.is_some()),
            ("max", self.max.is_some()),
            ("labels", self.labels.is_some()),
            ("reverse", self.reverse.is_some()),
            ("evidence", self.evidence.is_some()),
            ("evidence_weight", self.evidence_weight.is_some()),
            ("max_whys", self.max_whys.is_some()),
        ]
        .into_iter()
        .filter_map(|(k, present)| present.then_some(k))
        .collect()
    }
}

impl From<FlatQuestion> for RawQuestion {
    fn from(mut f: FlatQuestion) -> Self {
        let kind = f.take_kind();
        // With no kind known, which keys are out of place is unknown too.
        let stray = match kind {
            RawKind::Missing | RawKind::Unknown(_) => vec![],
            _ => f.leftover(),
        };
        RawQuestion {
            id: f.id,
            text: f.text,
            help: f.help,
            dimension: f.dimension,
            weight: f.weight,
            source: f.source,
            ask_if: f.ask_if,
            roles: f.roles,
            kind,
            stray,
        }
    }
}

impl RawKind {
    pub fn name(&self) -> &str {
        match self {
            RawKind::Missing => "",
            RawKind::Unknown(s) => s,
            RawKind::Single(_) => "single",
            RawKind::Multi(_) => "multi",
            RawKind::Scale(_) => "scale",
            RawKind::Text => "text",
            RawKind::FiveWhys(_) => "five_whys",
        }
    }

    /// Whether `dimension` may be given. An unknown or missing kind says yes, so that
    /// it is reported on its own and not as "not scored" too.
    pub fn scorable(&self) -> bool {
        match self {
            RawKind::Text | RawKind::FiveWhys(_) => false,
            RawKind::Missing
            | RawKind::Unknown(_)
            | RawKind::Single(_)
            | RawKind::Multi(_)
            | RawKind::Scale(_) => true,
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct RawOption {
    pub id: Option<String>,
    pub label: Option<String>,
    pub help: Option<String>,
    pub points: Option<f64>,
    #[serde(default)]
    pub evidence: BTreeMap<String, f64>,
}

#[derive(Debug, Default, Deserialize)]
pub struct RawCondition {
    pub question: Option<String>,
    pub equals: Option<toml::Value>,
    pub any_of: Option<Vec<String>>,
    pub includes: Option<String>,
    pub at_least: Option<f64>,
    pub at_most: Option<f64>,
    pub answered: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
pub struct RawFinding {
    pub id: Option<String>,
    pub name: Option<String>,
    pub insight: Option<String>,
    #[serde(default)]
    pub when: Vec<RawBound>,
    #[serde(default)]
    pub sources: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct RawBound {
    pub of: Option<String>,
    pub below: Option<f64>,
    pub above: Option<f64>,
    pub at_most: Option<f64>,
    pub at_least: Option<f64>,
}

#[derive(Debug, Default, Deserialize)]
pub struct RawEarlier {
    pub version: Option<String>,
    /// Earlier dimension id → this version's dimension id.
    #[serde(default)]
    pub dimensions: BTreeMap<String, String>,
}
