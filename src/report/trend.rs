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
    /// The two compared roles' scores and the gap between them, per wave; absent when
    /// the questionnaire compares no two roles.
    pub gap: Option<TrendGap>,
    /// The respondent minimums the gates asked for: waves below one are marked.
    pub min_respondents: Vec<Minimum>,
}

/// At least `min` respondents, in `role` or (without one) in all.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Minimum {
    pub role: Option<String>,
    pub min: usize,
}

/// One role's count and score in a wave.
#[derive(Debug, Clone, Serialize)]
pub struct WaveRole {
    /// A role id, or `unspecified`.
    pub id: String,
    pub respondents: usize,
    pub overall: Option<f64>,
}

/// The perception gap over time: the first compared role minus the second.
#[derive(Debug, Clone, Serialize)]
pub struct TrendGap {
    pub role: String,
    pub role_name: String,
    pub versus: String,
    pub versus_name: String,
    /// One per wave: each role's overall score and the gap.
    pub waves: Vec<GapPoint>,
    /// Per dimension, the gap in each wave.
    pub dimensions: Vec<GapDimension>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GapPoint {
    pub score: Option<f64>,
    pub versus_score: Option<f64>,
    /// `score − versus_score`.
    pub gap: Option<f64>,
    /// How much the gap's size changed against the previous wave (positive: wider).
    pub widening: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GapDimension {
    pub id: String,
    pub name: String,
    pub gaps: Vec<Option<f64>>,
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
    /// The questionnaire version the wave's answers were scored against.
    pub version: String,
    /// Respondents per role.
    pub roles: Vec<WaveRole>,
    /// The minimums (`all` or a role id) the wave falls short of: its figures rest on
    /// too few answers to compare.
    pub too_few: Vec<String>,
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
    /// For each dimension of the trend (the newest wave's), its index among this
    /// wave's dimensions: the same index within one version, the declared mapping
    /// across versions, `None` for a dimension the wave's version did not have.
    pub dims: Vec<Option<usize>>,
}

fn diff(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    Some(r1(b? - a?))
}

/// The trend of `waves` (oldest first, at least one), marking waves below `minimums`.
pub fn build(waves: &[WaveInput], minimums: &[Minimum]) -> TrendReport {
    let newest = &waves[waves.len() - 1].report;
    let dims = trend_dimensions(waves);
    TrendReport {
        schema_version: SCHEMA_VERSION,
        questionnaire: newest.questionnaire.clone(),
        waves: waves
            .iter()
            .enumerate()
            .map(|(i, w)| wave(waves, i, w, minimums))
            .collect(),
        gap: gap(waves, &dims),
        dimensions: dims,
        causes: trend_causes(waves),
        level_changes: level_changes(waves),
        min_respondents: minimums.to_vec(),
    }
}

/// The newest wave's dimensions, each with its score in every wave.
fn trend_dimensions(waves: &[WaveInput]) -> Vec<TrendDimension> {
    let newest = &waves[waves.len() - 1].report;
    let n = waves.len();
    newest
        .dimensions
        .iter()
        .enumerate()
        .map(|(d, dim)| {
            let scores: Vec<Option<f64>> = waves
                .iter()
                .map(|w| w.dims[d].and_then(|i| w.report.dimensions[i].score))
                .collect();
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
        .collect()
}

/// Every cause any wave ranked, with its severity in each wave, largest change first.
fn trend_causes(waves: &[WaveInput]) -> Vec<TrendCause> {
    let n = waves.len();
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
    causes.into_iter().map(|c| c.1).collect()
}

/// Each change of level from one wave to the next.
fn level_changes(waves: &[WaveInput]) -> Vec<LevelChange> {
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
    level_changes
}

/// Wave `i` (`w`) of `waves`: its figures, the change since the wave before, its top
/// causes and the minimums it falls short of.
fn wave(waves: &[WaveInput], i: usize, w: &WaveInput, minimums: &[Minimum]) -> Wave {
    Wave {
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
        version: w.report.questionnaire.version.to_string(),
        roles: wave_roles(&w.report),
        too_few: too_few(&w.report, minimums),
    }
}

fn wave_roles(r: &GroupReport) -> Vec<WaveRole> {
    r.roles
        .iter()
        .map(|s| WaveRole {
            id: s.id.as_str().to_string(),
            respondents: s.respondents,
            overall: s.overall,
        })
        .collect()
}

/// The minimums a wave falls short of: `all`, or role ids.
fn too_few(r: &GroupReport, minimums: &[Minimum]) -> Vec<String> {
    minimums
        .iter()
        .filter_map(|m| {
            let n = match &m.role {
                None => r.respondents,
                Some(id) => r
                    .roles
                    .iter()
                    .find(|s| s.id.as_str() == id)
                    .map_or(0, |s| s.respondents),
            };
            (n < m.min).then(|| m.role.clone().unwrap_or_else(|| "all".into()))
        })
        .collect()
}

/// Role `a` minus role `b` on one of a wave's dimensions, as the wave's own
/// perception-gap table has it when it compares the same roles.
fn dimension_gap(r: &GroupReport, d: usize, a: &str, b: &str) -> Option<f64> {
    let dim = &r.dimensions[d];
    if let Some(g) = r
        .perception_gap
        .iter()
        .find(|g| g.dimension == dim.id && g.role.as_str() == a && g.versus.as_str() == b)
    {
        return Some(g.gap);
    }
    let score = |id: &str| dim.by_role.iter().find(|s| s.role.as_str() == id)?.score;
    diff(score(b), score(a))
}

/// The compared roles of the newest wave, followed back through every wave by id.
fn gap(waves: &[WaveInput], dims: &[TrendDimension]) -> Option<TrendGap> {
    let newest = &waves[waves.len() - 1].report;
    let (a, b) = newest.compared.as_ref()?;
    let role_overall = |r: &GroupReport, id: &str| {
        r.roles
            .iter()
            .find(|s| s.id.as_str() == id)
            .and_then(|s| s.overall)
    };
    let mut points: Vec<GapPoint> = Vec::with_capacity(waves.len());
    for w in waves {
        let (x, y) = (
            role_overall(&w.report, &a.id),
            role_overall(&w.report, &b.id),
        );
        let gap = diff(y, x);
        let widening = points
            .last()
            .and_then(|p| Some(r1(gap?.abs() - p.gap?.abs())));
        points.push(GapPoint {
            score: x,
            versus_score: y,
            gap,
            widening,
        });
    }
    let dimensions = dims
        .iter()
        .enumerate()
        .map(|(d, dim)| GapDimension {
            id: dim.id.clone(),
            name: dim.name.clone(),
            gaps: waves
                .iter()
                .map(|w| dimension_gap(&w.report, w.dims[d]?, &a.id, &b.id))
                .collect(),
        })
        .collect();
    Some(TrendGap {
        role: a.id.clone(),
        role_name: a.name.clone(),
        versus: b.id.clone(),
        versus_name: b.name.clone(),
        waves: points,
        dimensions,
    })
}

/// The smallest change a report shows as a change: anything less rounds to 0.0.
pub const VISIBLE_CHANGE: f64 = 0.05;

/// Which way a figure went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Rose,
    Fell,
    Held,
}

impl Direction {
    pub fn of(change: f64) -> Direction {
        if change > 0.0 {
            Direction::Rose
        } else if change < 0.0 {
            Direction::Fell
        } else {
            Direction::Held
        }
    }

    pub fn verb(self) -> &'static str {
        match self {
            Direction::Rose => "rose",
            Direction::Fell => "fell",
            Direction::Held => "held",
        }
    }
}

/// One line of "What moved": a dimension or cause, which way and by how many points.
#[derive(Debug, Clone)]
pub struct Movement<'a> {
    pub name: &'a str,
    pub direction: Direction,
    /// Absolute change, in points.
    pub points: f64,
}

impl Movement<'_> {
    fn of(name: &str, change: f64) -> Movement<'_> {
        Movement {
            name,
            direction: Direction::of(change),
            points: change.abs(),
        }
    }
}

impl TrendReport {
    /// When the waves answer more than one version: which, and on whose dimensions
    /// they are compared.
    pub fn versions_note(&self) -> Option<String> {
        let mut versions: Vec<&str> = Vec::new();
        for w in &self.waves {
            if !versions.contains(&w.version.as_str()) {
                versions.push(&w.version);
            }
        }
        (versions.len() > 1).then(|| {
            format!(
                "The waves answer {} versions {}; they are compared on version {}'s dimensions, as its [[earlier]] table maps them.",
                self.questionnaire.id,
                versions.join(", "),
                self.questionnaire.version
            )
        })
    }

    /// Overall score, latest wave minus the one before.
    pub fn overall_last_change(&self) -> Option<f64> {
        let n = self.waves.len();
        if n < 2 {
            return None;
        }
        diff(self.waves[n - 2].overall, self.waves[n - 1].overall)
    }

    /// Overall score, latest wave minus the first.
    pub fn overall_since_first(&self) -> Option<f64> {
        let n = self.waves.len();
        if n < 2 {
            return None;
        }
        diff(self.waves[0].overall, self.waves[n - 1].overall)
    }

    /// The (previous, latest) wave labels "What moved" compares, with two waves or more.
    pub fn last_step(&self) -> Option<(&str, &str)> {
        let n = self.waves.len();
        (n > 1).then(|| {
            (
                self.waves[n - 2].label.as_str(),
                self.waves[n - 1].label.as_str(),
            )
        })
    }

    /// The three dimensions that changed most from the previous wave to the latest.
    pub fn moved_dimensions(&self) -> Vec<Movement<'_>> {
        let mut moved: Vec<&TrendDimension> = self
            .dimensions
            .iter()
            .filter(|d| d.last_change.is_some())
            .collect();
        moved.sort_by(|a, b| {
            crate::scoring::cmp_desc(
                a.last_change.unwrap_or(0.0).abs(),
                b.last_change.unwrap_or(0.0).abs(),
            )
        });
        moved
            .iter()
            .take(3)
            .map(|d| Movement::of(&d.name, d.last_change.unwrap_or(0.0)))
            .collect()
    }

    /// The three causes whose severity changed most since the first wave (visibly).
    pub fn moved_causes(&self) -> Vec<Movement<'_>> {
        self.causes
            .iter()
            .filter_map(|c| {
                let x = c.total_change.filter(|x| x.abs() >= VISIBLE_CHANGE)?;
                Some(Movement::of(&c.name, x))
            })
            .take(3)
            .collect()
    }
}
