//! The trend report: one wave per period (a file or a folder), with scores, deltas,
//! level changes, top causes and what moved. Alignment is kept up year after year, so
//! the direction matters as much as the score.

use super::{GroupReport, QuestionnaireInfo, SCHEMA_VERSION, r1};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct TrendReport {
    pub schema_version: u32,
    pub questionnaire: QuestionnaireInfo,
    pub waves: Vec<Wave>,
    pub dimensions: Vec<TrendDimension>,
    /// Causes by how much their severity changed from the first wave to the last,
    /// largest change (up or down) first.
    pub causes: Vec<TrendCause>,
    pub level_changes: Vec<LevelChange>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TopCause {
    pub id: String,
    pub name: String,
    pub severity: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Wave {
    pub label: String,
    pub path: String,
    pub respondents: usize,
    pub incomplete: usize,
    /// The latest date in the wave's answers.
    pub date: Option<String>,
    pub overall: Option<f64>,
    /// Change against the previous wave.
    pub overall_change: Option<f64>,
    pub level: Option<String>,
    pub top_causes: Vec<TopCause>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TrendDimension {
    pub id: String,
    pub name: String,
    /// One per wave.
    pub scores: Vec<Option<f64>>,
    /// Latest wave minus the one before.
    pub last_change: Option<f64>,
    /// Latest wave minus the first.
    pub total_change: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TrendCause {
    pub id: String,
    pub name: String,
    pub severities: Vec<Option<f64>>,
    pub total_change: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LevelChange {
    pub from_wave: String,
    pub to_wave: String,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// One wave's group report with its label and path.
pub struct WaveInput {
    pub label: String,
    pub path: String,
    pub report: GroupReport,
    pub date: Option<String>,
}

fn diff(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    Some(r1(b? - a?))
}

pub fn build(waves: &[WaveInput]) -> TrendReport {
    let first = &waves[0].report;
    let n = waves.len();
    let dims: Vec<TrendDimension> = first
        .dimensions
        .iter()
        .enumerate()
        .map(|(d, dim)| {
            let scores: Vec<Option<f64>> =
                waves.iter().map(|w| w.report.dimensions[d].score).collect();
            TrendDimension {
                id: dim.id.clone(),
                name: dim.name.clone(),
                last_change: if n > 1 {
                    diff(scores[n - 2], scores[n - 1])
                } else {
                    None
                },
                total_change: if n > 1 {
                    diff(scores[0], scores[n - 1])
                } else {
                    None
                },
                scores,
            }
        })
        .collect();
    let severity = |w: &WaveInput, id: &str| {
        w.report
            .causes
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.severity)
    };
    // Every cause that any wave ranked, in the order the first wave that ranked it did.
    let mut ids: Vec<(String, String)> = Vec::new();
    for w in waves {
        for c in &w.report.causes {
            if !ids.iter().any(|(i, _)| i == &c.id) {
                ids.push((c.id.clone(), c.name.clone()));
            }
        }
    }
    let mut causes: Vec<(usize, TrendCause)> = ids
        .into_iter()
        .enumerate()
        .map(|(i, (id, name))| {
            let severities: Vec<Option<f64>> = waves.iter().map(|w| severity(w, &id)).collect();
            let total_change = if n > 1 {
                diff(severities[0], severities[n - 1])
            } else {
                None
            };
            (
                i,
                TrendCause {
                    id,
                    name,
                    severities,
                    total_change,
                },
            )
        })
        .collect();
    causes.sort_by(|a, b| {
        crate::scoring::cmp_desc(
            a.1.total_change.map(f64::abs).unwrap_or(-1.0),
            b.1.total_change.map(f64::abs).unwrap_or(-1.0),
        )
        .then(a.0.cmp(&b.0))
    });
    let mut level_changes = Vec::new();
    for pair in waves.windows(2) {
        if pair[0].report.level != pair[1].report.level {
            level_changes.push(LevelChange {
                from_wave: pair[0].label.clone(),
                to_wave: pair[1].label.clone(),
                from: pair[0].report.level.clone(),
                to: pair[1].report.level.clone(),
            });
        }
    }
    TrendReport {
        schema_version: SCHEMA_VERSION,
        questionnaire: first.questionnaire.clone(),
        waves: waves
            .iter()
            .enumerate()
            .map(|(i, w)| Wave {
                label: w.label.clone(),
                path: w.path.clone(),
                respondents: w.report.respondents,
                incomplete: w.report.incomplete,
                date: w.date.clone(),
                overall: w.report.overall,
                overall_change: if i == 0 {
                    None
                } else {
                    diff(waves[i - 1].report.overall, w.report.overall)
                },
                level: w.report.level.clone(),
                top_causes: w
                    .report
                    .causes
                    .iter()
                    .take(3)
                    .map(|c| TopCause {
                        id: c.id.clone(),
                        name: c.name.clone(),
                        severity: c.severity,
                    })
                    .collect(),
            })
            .collect(),
        dimensions: dims,
        causes: causes.into_iter().map(|c| c.1).collect(),
        level_changes,
    }
}
