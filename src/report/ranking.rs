//! How far a ranking can be trusted, said in the report: which causes are tied, what
//! each severity rests on, the respondent's own root cause beside the scoring's, and
//! numbers shown beside a level rounded so that they stay in its band.

use super::{CauseRow, r1};
use crate::answers::{Answer, AnswerSet};
use crate::numfmt;
use crate::questionnaire::{Band, Kind, Questionnaire};
use crate::scoring::{Score, Status, TIE_POINTS};
use serde::Serialize;

/// How the ranked causes separate.
#[derive(Debug, Clone, Serialize)]
pub struct RankingInfo {
    /// Causes within this many points of the most severe are tied with it.
    pub tie_points: f64,
    /// How many causes lead the ranking together (1: one clear top; 0: none ranked).
    pub tied_top: usize,
    /// `false` when every ranked cause (two or more) is tied with the top: the answers
    /// do not separate the causes, so their order says nothing.
    pub separated: bool,
    /// One sentence for the reader when the top is shared; `None` with one clear top.
    pub note: Option<String>,
}

/// The root cause the respondent's own five-whys chain ends at, and where the scoring
/// ranks it.
#[derive(Debug, Clone, Serialize)]
pub struct OwnCause {
    /// The five-whys question.
    pub question: String,
    pub id: String,
    pub name: String,
    /// 1-based position in the full ranking (before `--top`).
    pub rank: usize,
    pub of: usize,
    pub severity: f64,
    /// Within the tie of the most severe cause.
    pub tied_with_top: bool,
    /// The ranking agrees: the cause is at the top or tied with it.
    pub agrees: bool,
    pub note: String,
}

pub fn ranking_info(q: &Questionnaire, score: &Score) -> RankingInfo {
    let ranked: Vec<(&str, f64)> = score
        .ranking
        .iter()
        .map(|&c| {
            (
                q.causes[c].name.as_str(),
                score.causes[c].severity.unwrap_or(0.0),
            )
        })
        .collect();
    info_for(&ranked, score.tied_top)
}

/// The same rule for a group's pooled severities, ranked most severe first.
pub fn group_ranking_info(ranked: &[(&str, f64)]) -> RankingInfo {
    let k = match ranked.first() {
        Some(&(_, top)) => ranked
            .iter()
            .take_while(|(_, s)| top - s <= TIE_POINTS + 1e-9)
            .count(),
        None => 0,
    };
    info_for(ranked, k)
}

/// What the ties mean, from the ranked (name, severity) pairs and how many lead
/// together.
fn info_for(ranked: &[(&str, f64)], k: usize) -> RankingInfo {
    let n = ranked.len();
    let range = |k: usize| {
        let (hi, lo) = (r1(ranked[0].1), r1(ranked[k - 1].1));
        if hi == lo {
            format!("all at {hi:.1}")
        } else {
            format!("{lo:.1} to {hi:.1}")
        }
    };
    let separated = !(n > 1 && k == n);
    let note = if n > 1 && k == n {
        Some(format!(
            "The answers do not separate the causes: all {n} are within {} points of each other \
             ({}), so their order here carries no meaning. Decide where to start from the \
             evidence listed under each cause, or from a five-whys chain.",
            numfmt::short(TIE_POINTS),
            range(n)
        ))
    } else if k > 1 {
        let names: Vec<&str> = ranked[..k].iter().map(|(name, _)| *name).collect();
        Some(format!(
            "Effectively tied at the top ({}, within {} points): {}.",
            range(k),
            numfmt::short(TIE_POINTS),
            names.join("; ")
        ))
    } else {
        None
    };
    RankingInfo {
        tie_points: TIE_POINTS,
        tied_top: k,
        separated,
        note,
    }
}

pub fn own_cause(q: &Questionnaire, set: &AnswerSet, score: &Score) -> Option<OwnCause> {
    let ci = score.own_cause?;
    let pos = score.ranking.iter().position(|&c| c == ci)?;
    let question = q.questions.iter().enumerate().find(|(qi, x)| {
        score.status[*qi] == Status::Answered
            && matches!(
                (&x.kind, set.answers.get(x.id.as_str())),
                (Kind::FiveWhys { .. }, Some(Answer::Chain(c)))
                    if c.cause.as_deref() == Some(q.causes[ci].id.as_str())
            )
    })?;
    let cs = &score.causes[ci];
    let severity = r1(cs.severity.unwrap_or(0.0));
    let tied_with_top = pos < score.tied_top;
    let n = score.ranking.len();
    let top = score.ranking[0];
    let note = if !tied_with_top {
        format!(
            "The scoring ranks it {} of {n} (severity {severity:.1}), behind {} ({:.1}): your \
             other answers point more strongly elsewhere. Your chain is counted as strong \
             evidence for it; compare the evidence listed under each cause before choosing \
             where to start.",
            pos + 1,
            q.causes[top].name,
            r1(score.causes[top].severity.unwrap_or(0.0))
        )
    } else if score.tied_top == 1 {
        format!("The scoring agrees: it ranks first (severity {severity:.1}).")
    } else if score.tied_top == n && n > 1 {
        format!(
            "The scoring cannot separate the causes, so your chain is the clearest evidence \
             there is (severity {severity:.1})."
        )
    } else {
        format!(
            "The scoring agrees: it is one of the {} causes tied at the top (severity {severity:.1}).",
            score.tied_top
        )
    };
    Some(OwnCause {
        question: question.1.id.to_string(),
        id: q.causes[ci].id.to_string(),
        name: q.causes[ci].name.to_string(),
        rank: pos + 1,
        of: n,
        severity,
        tied_with_top,
        agrees: tied_with_top,
        note,
    })
}

/// "rests on 3 answers; 1 not answered; its defining question (…) was answered "don't
/// know"": what a cause's severity rests on, for every renderer.
pub fn support_text(c: &CauseRow) -> String {
    let mut s = String::new();
    push_support_text(&mut s, c);
    s
}

/// [`support_text`] added to the end of `s`, for a renderer building a line.
pub fn push_support_text(s: &mut String, c: &CauseRow) {
    use std::fmt::Write;
    let _ = write!(s, "rests on {} answer{}", c.answers, numfmt::s(c.answers));
    if c.unanswered > 0 {
        let _ = write!(
            s,
            ", {} question{} without an answer",
            c.unanswered,
            numfmt::s(c.unanswered)
        );
    }
    if let Some(d) = &c.defining_missing {
        let how = if d.answer == "dont_know" {
            "was answered \"don't know\""
        } else {
            "has no answer"
        };
        s.push_str("; its strongest evidence is missing (\"");
        s.push_str(&d.text);
        s.push_str("\" ");
        s.push_str(how);
        s.push(')');
    }
    if c.answers <= 1 && c.defining_missing.is_none() {
        s.push_str("; thin evidence");
    }
}

/// The rank as shown: `=1` for each cause tied at the top when the top is shared.
pub fn rank_label(c: &CauseRow, r: &RankingInfo) -> String {
    if c.tied_with_top && r.tied_top > 1 {
        "=1".to_string()
    } else {
        c.rank.to_string()
    }
}

/// A group cause's rank as shown: `=1` for each cause tied at the top when the top is
/// shared.
pub fn group_rank_label(c: &super::group::GroupCause, r: &RankingInfo) -> String {
    if c.tied_with_top && r.tied_top > 1 {
        "=1".to_string()
    } else {
        c.rank.to_string()
    }
}

/// For a checklist answer, only the ticked items that give evidence to cause `ci`.
pub fn checklist_answer(q: &Questionnaire, qi: usize, ci: usize, a: &Answer) -> Option<String> {
    let (Kind::Multi { options }, Answer::Choices(ids)) = (&q.questions[qi].kind, a) else {
        return None;
    };
    let ticked = crate::answers::ticked(ids);
    let labels: Vec<&str> = options
        .iter()
        .filter(|o| ticked.contains(o.id.as_str()))
        .filter(|o| o.evidence.iter().any(|(c, w)| *c == ci && *w > 0.0))
        .map(|o| o.label.as_str())
        .collect();
    Some(labels.join("; "))
}

/// `v` with one decimal, rounded towards band `i` when plain rounding would carry it
/// into the next band (59.97 in a band ending at 60 shows as 59.9, not 60.0): a level is
/// never shown beside a number outside it. A band ends where the next one starts; the
/// last includes its `max`.
pub fn shown_in_band(v: f64, bands: &[Band], i: usize) -> f64 {
    let r = r1(v);
    let Some(b) = bands.get(i) else { return r };
    let next = bands.get(i + 1).map(|n| n.min);
    if next.is_some_and(|end| r >= end) {
        return r1((v * 10.0).floor() / 10.0);
    }
    if r < b.min {
        return r1((v * 10.0).ceil() / 10.0);
    }
    r
}
