//! The report model: everything a renderer shows, resolved to names and rounded, in a
//! stable order. Built from a questionnaire, answers and their scores; serialised as
//! the JSON output, so its field names are a contract (see `SCHEMA_VERSION`).

use crate::answers::{Answer, AnswerSet};
use crate::questionnaire::{Basis, Kind, OTHER_CAUSE, Questionnaire};
use crate::scoring::{Score, Status};
use serde::Serialize;

pub mod group;
pub mod ranking;
pub mod summary;
pub mod trend;
pub use group::GroupReport;
pub use ranking::{OwnCause, RankingInfo};
pub use trend::TrendReport;

/// Bumped whenever a JSON field is renamed, removed or changes meaning.
pub const SCHEMA_VERSION: u32 = 1;

impl Report {
    /// Keeps the `top` most severe causes (`--top`).
    pub fn limit_causes(&mut self, top: Option<usize>) {
        let Some(top) = top else { return };
        match self {
            Report::Single(r) => r.causes.truncate(top),
            Report::Group(r) => {
                r.causes.truncate(top);
                // The questions for the room follow the causes shown.
                let shown: Vec<String> = r.causes.iter().map(|c| c.id.clone()).collect();
                r.discussion
                    .retain(|d| d.about != "cause" || shown.contains(&d.id));
            }
            Report::Trend(r) => r.causes.truncate(top),
        }
    }

    pub fn questionnaire(&self) -> &QuestionnaireInfo {
        match self {
            Report::Single(r) => &r.questionnaire,
            Report::Group(r) => &r.questionnaire,
            Report::Trend(r) => &r.questionnaire,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Report {
    Single(Box<SingleReport>),
    Group(Box<GroupReport>),
    Trend(Box<TrendReport>),
}

#[derive(Debug, Clone, Serialize)]
pub struct QuestionnaireInfo {
    pub id: String,
    pub version: String,
    pub title: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RespondentInfo {
    /// `None` with `--anonymous`.
    pub file: Option<String>,
    pub name: Option<String>,
    pub role: Option<String>,
    pub role_name: Option<String>,
    pub date: Option<String>,
    pub complete: bool,
    pub questions: usize,
    pub answered: usize,
    pub dont_know: usize,
    pub skipped: usize,
    pub missing: usize,
}

impl SingleReport {
    /// `--anonymous`: no name, file name or date (an interview names its file after
    /// the respondent).
    pub fn anonymise(&mut self) {
        self.respondent.name = None;
        self.respondent.file = None;
        self.respondent.date = None;
    }
}

impl RespondentInfo {
    /// "44 answered, 3 don't know, 1 not asked (conditions)": the counts that are not zero.
    /// They add up to `questions`: optional comments left blank are the remainder.
    pub fn counts(&self) -> String {
        let mut s = format!("{} answered", self.answered);
        let blank = self
            .questions
            .saturating_sub(self.answered + self.dont_know + self.skipped + self.missing);
        for (n, what) in [
            (self.dont_know, "don't know"),
            (self.skipped, "not asked (conditions)"),
            (self.missing, "unanswered"),
            (blank, "left blank (optional)"),
        ] {
            if n > 0 {
                s.push_str(&format!(", {n} {what}"));
            }
        }
        s
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct LevelInfo {
    pub name: String,
    pub description: String,
    /// 1-based position among `of` levels.
    pub step: usize,
    pub of: usize,
    pub basis: &'static str,
    /// The value the band was chosen on (overall score or raw total).
    pub value: f64,
    pub min: f64,
    pub max: f64,
    /// The band the value alone reaches, when a requirement holds the level below it.
    pub by_score: Option<String>,
    /// Dimensions below the floor that band requires (names), when held back.
    pub held_back_by: Vec<String>,
    /// That floor.
    pub requires_at_least: Option<f64>,
    /// The whole range the basis runs over (0–100, or the lowest to highest raw total).
    pub scale_min: f64,
    pub scale_max: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct LadderStep {
    pub id: String,
    pub label: String,
    /// Published share choosing this step as the desired level, when known.
    pub benchmark: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LadderInfo {
    pub name: String,
    pub steps: Vec<LadderStep>,
    /// 1-based step numbers.
    pub current: Option<usize>,
    pub desired: Option<usize>,
    pub gap: Option<i64>,
    pub benchmark_note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DimensionRow {
    pub id: String,
    pub name: String,
    pub weight: f64,
    pub score: Option<f64>,
    pub answered: usize,
    pub questions: usize,
    /// The dimension's own level (`[[dimensions.levels]]`), when it has levels and a score.
    pub level: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvidenceRow {
    pub question: String,
    pub text: String,
    pub answer: String,
    pub amount: f64,
    pub possible: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct MissingEvidence {
    pub question: String,
    pub text: String,
    /// `dont_know` or `unanswered`.
    pub answer: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct CauseRow {
    pub rank: usize,
    pub id: String,
    pub name: String,
    pub severity: f64,
    pub evidence_received: f64,
    pub evidence_possible: f64,
    pub explanation: String,
    pub remedies: Vec<String>,
    pub sources: Vec<String>,
    pub evidence: Vec<EvidenceRow>,
    /// Answered questions that could point to this cause.
    pub answers: usize,
    /// Asked questions that could point to it, answered "don't know" or not answered.
    pub unanswered: usize,
    /// Its defining question (the one that could give it the most evidence) when that
    /// question has no answer: the strongest evidence is missing.
    pub defining_missing: Option<MissingEvidence>,
    /// Within the tie rule of the most severe cause (see `ranking`).
    pub tied_with_top: bool,
    /// The respondent's own five-whys chain ends at this cause.
    pub own: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChecklistItem {
    pub id: String,
    pub label: String,
    pub ticked: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Checklist {
    pub question: String,
    pub text: String,
    /// `false` when not answered or "don't know".
    pub answered: bool,
    pub items: Vec<ChecklistItem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChainInfo {
    pub question: String,
    pub symptom: String,
    pub whys: Vec<String>,
    pub cause: Option<String>,
    pub cause_name: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FindingInfo {
    pub id: String,
    pub name: String,
    pub insight: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TextAnswer {
    pub question: String,
    pub text: String,
    pub answer: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SingleReport {
    pub schema_version: u32,
    pub questionnaire: QuestionnaireInfo,
    pub respondent: RespondentInfo,
    pub overall: Option<f64>,
    pub raw_total: Option<f64>,
    pub level: Option<LevelInfo>,
    pub ladder: Option<LadderInfo>,
    pub dimensions: Vec<DimensionRow>,
    /// Ranked, most severe first; limited by `--top`.
    pub causes: Vec<CauseRow>,
    /// How many causes were ranked before `--top` cut the list.
    pub causes_ranked: usize,
    /// Ties and how well the answers separate the causes.
    pub ranking: RankingInfo,
    /// The root cause the respondent's own five-whys chain ends at.
    pub own_cause: Option<OwnCause>,
    pub findings: Vec<FindingInfo>,
    pub checklists: Vec<Checklist>,
    pub five_whys: Vec<ChainInfo>,
    pub comments: Vec<TextAnswer>,
}

/// Rounds for presentation: two decimals keep JSON diffs quiet without losing meaning.
pub fn r2(v: f64) -> f64 {
    let r = (v * 100.0).round() / 100.0;
    if r == 0.0 { 0.0 } else { r }
}

/// Scores and severities carry one decimal everywhere, so the JSON and the text report
/// show the same number (rounding twice would not).
pub fn r1(v: f64) -> f64 {
    let r = (v * 10.0).round() / 10.0;
    if r == 0.0 { 0.0 } else { r }
}

/// How an answer reads in a report.
pub fn answer_text(q: &Questionnaire, qi: usize, a: &Answer) -> String {
    let question = &q.questions[qi];
    // A question has a handful of options: a scan beats building a map per answer.
    let options = question.kind.options();
    let label = |id: &str| {
        options
            .iter()
            .find(|o| o.id == id)
            .map_or(id, |o| o.label.as_str())
            .to_string()
    };
    match a {
        Answer::DontKnow => q.dont_know_label.to_string(),
        Answer::Choice(c) => label(c),
        Answer::Choices(cs) if cs.is_empty() => "none ticked".to_string(),
        Answer::Choices(cs) => cs.iter().map(|c| label(c)).collect::<Vec<_>>().join("; "),
        Answer::Value(v) => match &question.kind {
            Kind::Scale(s) => match s.label(*v) {
                Some(l) => format!("{v} ({l})"),
                None => format!("{v} of {}..{}", s.min, s.max),
            },
            _ => v.to_string(),
        },
        Answer::Text(t) => t.clone(),
        Answer::Chain(c) => c.symptom.clone(),
    }
}

pub fn cause_name(q: &Questionnaire, id: &str) -> Option<String> {
    if id == OTHER_CAUSE {
        return Some("Other (none of the listed causes)".to_string());
    }
    q.cause_index(id).map(|i| q.causes[i].name.clone())
}

fn source_titles(q: &Questionnaire, ids: &[String]) -> Vec<String> {
    ids.iter()
        .map(|id| match q.source(id) {
            Some(s) => match &s.author {
                Some(a) => format!("{} — {}", a, s.title),
                None => s.title.to_string(),
            },
            None => id.to_string(),
        })
        .collect()
}

pub fn level_info(q: &Questionnaire, score: &Score) -> Option<LevelInfo> {
    let levels = q.levels.as_ref()?;
    let i = score.level?;
    let b = &levels.bands[i];
    let by = score.level_by_score.unwrap_or(i);
    let (by_score, held_back_by, requires_at_least) = if by == i {
        (None, Vec::new(), None)
    } else {
        // The lowest band above the level whose floor is unmet holds it back.
        let blocking = (i + 1..=by)
            .find(|&j| !crate::scoring::unmet(&levels.bands[j], &score.dimensions).is_empty())
            .unwrap_or(by);
        let band = &levels.bands[blocking];
        (
            Some(levels.bands[by].name.clone()),
            crate::scoring::unmet(band, &score.dimensions)
                .into_iter()
                .map(|d| q.dimensions[d].name.clone())
                .collect(),
            band.requires.as_ref().map(|r| r.at_least),
        )
    };
    Some(LevelInfo {
        name: b.name.clone(),
        description: b.description.clone(),
        step: i + 1,
        of: levels.bands.len(),
        basis: match levels.basis {
            Basis::Percent => "percent",
            Basis::Raw => "raw",
        },
        value: ranking::shown_in_band(
            match levels.basis {
                Basis::Percent => score.overall.unwrap_or(0.0),
                Basis::Raw => score.raw.unwrap_or(0.0),
            },
            &levels.bands,
            by,
        ),
        min: b.min,
        max: b.max,
        by_score,
        held_back_by,
        requires_at_least,
        scale_min: levels.bands[0].min,
        scale_max: levels.bands[levels.bands.len() - 1].max,
    })
}

pub fn ladder_steps(q: &Questionnaire) -> Option<(String, Vec<LadderStep>, Option<String>)> {
    let l = q.ladder.as_ref()?;
    let steps = q.questions[l.desired]
        .kind
        .options()
        .iter()
        .enumerate()
        .map(|(i, o)| LadderStep {
            id: o.id.clone(),
            label: o.label.clone(),
            benchmark: l.benchmark.iter().find(|(oi, _)| *oi == i).map(|(_, p)| *p),
        })
        .collect();
    Some((l.name.clone(), steps, l.benchmark_note.clone()))
}

/// Builds the single-respondent report, every ranked cause included (`--top` is
/// applied afterwards by [`Report::limit_causes`]).
pub fn single(q: &Questionnaire, set: &AnswerSet, score: &Score, file: &str) -> SingleReport {
    let respondent = RespondentInfo {
        file: Some(file.to_string()),
        name: set.respondent.clone(),
        role: set.role.clone(),
        role_name: set
            .role
            .as_deref()
            .and_then(|r| q.role(r))
            .map(|r| r.name.clone()),
        date: set.date.clone(),
        complete: score.is_complete(),
        questions: q.questions.len(),
        answered: score.count(Status::Answered),
        dont_know: score.count(Status::DontKnow),
        skipped: score.count(Status::Skipped),
        missing: score.count(Status::Missing),
    };
    let ladder = ladder_steps(q).map(|(name, steps, note)| {
        let la = score.ladder.as_ref();
        LadderInfo {
            name,
            steps,
            current: la.and_then(|l| l.current).map(|i| i + 1),
            desired: la.and_then(|l| l.desired).map(|i| i + 1),
            gap: la.and_then(|l| l.gap()),
            benchmark_note: note,
        }
    });
    let findings = score
        .findings
        .iter()
        .map(|&fi| {
            let f = &q.findings[fi];
            FindingInfo {
                id: f.id.clone(),
                name: f.name.clone(),
                insight: f.insight.clone(),
            }
        })
        .collect();
    let (checklists, five_whys, comments) = notes(q, set, score);
    SingleReport {
        schema_version: SCHEMA_VERSION,
        questionnaire: QuestionnaireInfo {
            id: q.id.clone(),
            version: q.version.clone(),
            title: q.title.clone(),
        },
        respondent,
        overall: shown_overall(q, score),
        raw_total: shown_raw(q, score),
        level: level_info(q, score),
        ladder,
        dimensions: dimension_rows(q, score),
        causes: cause_rows(q, set, score),
        causes_ranked: score.ranking.len(),
        ranking: ranking::ranking_info(q, score),
        own_cause: ranking::own_cause(q, set, score),
        findings,
        checklists,
        five_whys,
        comments,
    }
}

/// The overall score as shown: rounded so that it stays in the band of a percent level.
fn shown_overall(q: &Questionnaire, score: &Score) -> Option<f64> {
    let v = score.overall?;
    Some(match (&q.levels, score.level_by_score) {
        (Some(l), Some(i)) if l.basis == Basis::Percent => ranking::shown_in_band(v, &l.bands, i),
        _ => r1(v),
    })
}

/// The raw total as shown: rounded so that it stays in the band of a raw level.
fn shown_raw(q: &Questionnaire, score: &Score) -> Option<f64> {
    let v = score.raw?;
    Some(match (&q.levels, score.level_by_score) {
        (Some(l), Some(i)) => ranking::shown_in_band(v, &l.bands, i),
        _ => r1(v),
    })
}

fn dimension_rows(q: &Questionnaire, score: &Score) -> Vec<DimensionRow> {
    q.dimensions
        .iter()
        .enumerate()
        .map(|(di, d)| {
            let qs: Vec<usize> = (0..q.questions.len())
                .filter(|qi| q.questions[*qi].dimension == Some(di))
                .collect();
            DimensionRow {
                id: d.id.clone(),
                name: d.name.clone(),
                weight: d.weight,
                score: score.dimensions[di].map(|v| match score.dimension_levels[di] {
                    Some(li) => ranking::shown_in_band(v, &d.levels, li),
                    None => r1(v),
                }),
                level: score.dimension_levels[di].map(|li| d.levels[li].name.clone()),
                answered: qs
                    .iter()
                    .filter(|qi| score.normalised[**qi].is_some())
                    .count(),
                questions: qs
                    .iter()
                    .filter(|qi| score.status[**qi] != Status::Skipped)
                    .count(),
            }
        })
        .collect()
}

/// Every ranked cause, most severe first, with the answers that point to it.
fn cause_rows(q: &Questionnaire, set: &AnswerSet, score: &Score) -> Vec<CauseRow> {
    score
        .ranking
        .iter()
        .enumerate()
        .map(|(rank, &ci)| {
            let c = &q.causes[ci];
            let cs = &score.causes[ci];
            CauseRow {
                rank: rank + 1,
                id: c.id.clone(),
                name: c.name.clone(),
                severity: r1(cs.severity.unwrap_or(0.0)),
                evidence_received: r2(cs.received),
                evidence_possible: r2(cs.possible),
                explanation: c.explanation.clone(),
                remedies: c.remedies.clone(),
                sources: source_titles(q, &c.sources),
                evidence: cs
                    .evidence
                    .iter()
                    .map(|e| {
                        let question = &q.questions[e.question];
                        EvidenceRow {
                            question: question.id.clone(),
                            text: question.text.clone(),
                            answer: set
                                .answers
                                .get(question.id.as_str())
                                .map(|a| {
                                    ranking::checklist_answer(q, e.question, ci, a)
                                        .unwrap_or_else(|| answer_text(q, e.question, a))
                                })
                                .unwrap_or_default(),
                            amount: r2(e.amount),
                            possible: r2(e.possible),
                        }
                    })
                    .collect(),
                answers: cs.answers,
                unanswered: cs.unanswered,
                defining_missing: cs.defining.filter(|_| cs.defining_missing).map(|qi| {
                    MissingEvidence {
                        question: q.questions[qi].id.clone(),
                        text: q.questions[qi].text.clone(),
                        answer: if score.status[qi] == Status::DontKnow {
                            "dont_know"
                        } else {
                            "unanswered"
                        },
                    }
                }),
                tied_with_top: rank < score.tied_top,
                own: score.own_cause == Some(ci),
            }
        })
        .collect()
}

/// Checklists, five-whys chains and free-text answers, in questionnaire order.
fn notes(
    q: &Questionnaire,
    set: &AnswerSet,
    score: &Score,
) -> (Vec<Checklist>, Vec<ChainInfo>, Vec<TextAnswer>) {
    let mut checklists = Vec::new();
    let mut five_whys = Vec::new();
    let mut comments = Vec::new();
    for (qi, question) in q.questions.iter().enumerate() {
        let a = set.answers.get(question.id.as_str());
        match (&question.kind, a) {
            (Kind::Multi { options }, _) if score.status[qi] != Status::Skipped => {
                let ticked = match a {
                    Some(Answer::Choices(c)) => crate::answers::ticked(c),
                    _ => Default::default(),
                };
                checklists.push(Checklist {
                    question: question.id.clone(),
                    text: question.text.clone(),
                    answered: matches!(a, Some(Answer::Choices(_))),
                    items: options
                        .iter()
                        .map(|o| ChecklistItem {
                            id: o.id.clone(),
                            label: o.label.clone(),
                            ticked: ticked.contains(o.id.as_str()),
                        })
                        .collect(),
                });
            }
            (Kind::FiveWhys { .. }, Some(Answer::Chain(c)))
                if score.status[qi] == Status::Answered =>
            {
                five_whys.push(ChainInfo {
                    question: question.id.clone(),
                    symptom: c.symptom.clone(),
                    whys: c.whys.clone(),
                    cause: c.cause.clone(),
                    cause_name: c.cause.as_deref().and_then(|id| cause_name(q, id)),
                });
            }
            (Kind::Text, Some(Answer::Text(t))) if score.status[qi] == Status::Answered => comments
                .push(TextAnswer {
                    question: question.id.clone(),
                    text: question.text.clone(),
                    answer: t.clone(),
                }),
            _ => {}
        }
    }
    (checklists, five_whys, comments)
}
