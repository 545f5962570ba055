//! Workshop scoring: many respondents to one questionnaire as one group. Each answers
//! file is scored on its own and reduced to a [`Respondent`] summary (only what the
//! group report needs, so memory does not hold every answer of every file); the group
//! figures are pure functions of the sorted summaries.
//!
//! Definitions (also in docs/FORMAT.md): a group's or a role's dimension score is the
//! mean of its respondents' dimension scores (respondents with no score there are left
//! out); its overall score is the mean of their overall scores. Spread is the population
//! standard deviation across respondents. A cause's group severity pools the evidence:
//! 100 × Σ received / Σ possible over all respondents.

use crate::answers::{Answer, AnswerSet, Chain};
use crate::questionnaire::{Kind, Questionnaire};
use crate::scoring::{self, Score, Status};

/// One respondent, reduced to what the group report uses.
#[derive(Debug, Clone, PartialEq)]
pub struct Respondent {
    pub file: String,
    pub name: Option<String>,
    /// Role id, `None` when the file names none.
    pub role: Option<String>,
    pub date: Option<String>,
    pub complete: bool,
    pub missing: usize,
    pub dimensions: Vec<Option<f64>>,
    pub overall: Option<f64>,
    pub raw: Option<f64>,
    /// (received, possible) per cause.
    pub evidence: Vec<(f64, f64)>,
    /// The respondent's three most severe causes.
    pub top3: Vec<usize>,
    /// Per multi question (in questionnaire order): the ticks, `None` when not answered.
    pub checklists: Vec<Option<Vec<bool>>>,
    /// Ladder option indices (current, desired).
    pub ladder: Option<(Option<usize>, Option<usize>)>,
    pub chains: Vec<Chain>,
}

/// Scores one answer set and keeps the summary.
pub fn summarise(q: &Questionnaire, set: &AnswerSet, file: &str) -> Respondent {
    let s: Score = scoring::score(q, set);
    let checklists = q
        .questions
        .iter()
        .enumerate()
        .filter(|(_, x)| matches!(x.kind, Kind::Multi { .. }))
        .map(|(qi, x)| match (set.answers.get(&x.id), s.status[qi]) {
            (Some(Answer::Choices(c)), Status::Answered) => {
                Some(x.kind.options().iter().map(|o| c.contains(&o.id)).collect())
            }
            _ => None,
        })
        .collect();
    let chains = q
        .questions
        .iter()
        .enumerate()
        .filter_map(|(qi, x)| match (set.answers.get(&x.id), s.status[qi]) {
            (Some(Answer::Chain(c)), Status::Answered) => Some(c.clone()),
            _ => None,
        })
        .collect();
    Respondent {
        file: file.to_string(),
        name: set.respondent.clone(),
        role: set.role.clone(),
        date: set.date.clone(),
        complete: s.is_complete(),
        missing: s.count(Status::Missing),
        overall: s.overall,
        raw: s.raw,
        evidence: s.causes.iter().map(|c| (c.received, c.possible)).collect(),
        top3: s.ranking.iter().take(3).copied().collect(),
        checklists,
        ladder: s.ladder.as_ref().map(|l| (l.current, l.desired)),
        dimensions: s.dimensions,
        chains,
    }
}

/// Mean of the values present, `None` when there are none.
pub fn mean(values: impl IntoIterator<Item = Option<f64>>) -> Option<f64> {
    let (mut sum, mut n) = (0.0, 0usize);
    for v in values.into_iter().flatten() {
        sum += v;
        n += 1;
    }
    (n > 0).then(|| sum / n as f64)
}

/// Population standard deviation, min and max of the values present (`None` below two).
pub fn spread(values: impl IntoIterator<Item = Option<f64>>) -> Option<(f64, f64, f64)> {
    let v: Vec<f64> = values.into_iter().flatten().collect();
    if v.len() < 2 {
        return None;
    }
    let m = v.iter().sum::<f64>() / v.len() as f64;
    let var = v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / v.len() as f64;
    let min = v.iter().copied().fold(f64::INFINITY, f64::min);
    let max = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    Some((var.sqrt(), min, max))
}

/// The roles present, in the questionnaire's order, then "no role given" (`None`) last.
pub fn roles_present(q: &Questionnaire, rs: &[Respondent]) -> Vec<Option<String>> {
    let mut out: Vec<Option<String>> = q
        .roles
        .iter()
        .filter(|r| rs.iter().any(|x| x.role.as_deref() == Some(r.id.as_str())))
        .map(|r| Some(r.id.clone()))
        .collect();
    if rs.iter().any(|x| x.role.is_none()) {
        out.push(None);
    }
    out
}

/// Group severity per cause: pooled evidence over the respondents.
pub fn pooled_severity(causes: usize, rs: &[&Respondent]) -> Vec<Option<f64>> {
    (0..causes)
        .map(|ci| {
            let (r, p) = rs.iter().fold((0.0, 0.0), |(r, p), x| {
                (r + x.evidence[ci].0, p + x.evidence[ci].1)
            });
            (p > 0.0).then(|| 100.0 * r / p)
        })
        .collect()
}

/// Causes with a severity, most severe first; ties by how many respondents have the
/// cause in their top three, then questionnaire order.
pub fn rank(severity: &[Option<f64>], top3_counts: &[usize]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..severity.len())
        .filter(|i| severity[*i].is_some())
        .collect();
    idx.sort_by(|a, b| {
        scoring::cmp_desc(severity[*a].unwrap_or(0.0), severity[*b].unwrap_or(0.0))
            .then_with(|| top3_counts[*b].cmp(&top3_counts[*a]))
            .then_with(|| a.cmp(b))
    });
    idx
}

/// Sorts respondents so that no output depends on the order files were given in.
pub fn sort(rs: &mut [Respondent]) {
    rs.sort_by(|a, b| a.file.cmp(&b.file).then_with(|| a.name.cmp(&b.name)));
}
