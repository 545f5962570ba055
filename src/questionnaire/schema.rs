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
}

#[derive(Debug, Default, Deserialize)]
pub struct RawMeta {
    pub id: Option<String>,
    pub version: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub dont_know_label: Option<String>,
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
}

#[derive(Debug, Default, Deserialize)]
pub struct RawCause {
    pub id: Option<String>,
    pub name: Option<String>,
    pub explanation: Option<String>,
    pub remedies: Option<Vec<String>>,
    #[serde(default)]
    pub sources: Vec<String>,
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

#[derive(Debug, Default, Deserialize)]
pub struct RawQuestion {
    pub id: Option<String>,
    pub kind: Option<String>,
    pub text: Option<String>,
    pub help: Option<String>,
    pub dimension: Option<String>,
    pub weight: Option<f64>,
    pub source: Option<String>,
    pub dont_know: Option<bool>,
    pub ask_if: Option<RawCondition>,
    pub options: Option<Vec<RawOption>>,
    pub scale: Option<String>,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub labels: Option<Vec<String>>,
    pub reverse: Option<bool>,
    pub evidence: Option<BTreeMap<String, f64>>,
    pub evidence_weight: Option<f64>,
    pub max_whys: Option<i64>,
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
