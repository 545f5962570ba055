//! The one-page summary (`--summary`) and the workshop's discussion guide: both read a
//! finished report, so they never disagree with it.
//!
//! Which gaps a summary shows:
//! - a group with both compared roles (sales and marketing by default): their three
//!   largest differences per dimension (`basis = "compared_roles"`);
//! - a group without them: the three largest differences between one role and
//!   everyone else (`role_vs_rest`);
//! - a single respondent, or a group of one role: the three weakest dimensions, each
//!   as its distance below 100 (`weakest_dimensions`). A single report's own gap, the
//!   self-described level today against the wish, sits with the level.

use super::group::{DiscussionItem, GroupReport, Scope};
use super::{QuestionnaireInfo, Report, SCHEMA_VERSION, SingleReport, r1};
use crate::questionnaire::Questionnaire;
use crate::scoring;
use serde::Serialize;

/// How many gaps and causes a summary shows.
pub const SUMMARY_TOP: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GapBasis {
    CompareRoles,
    RoleVsRest,
    WeakestDimensions,
}

#[derive(Debug, Clone, Serialize)]
pub struct SummaryGap {
    pub dimension: String,
    pub dimension_name: String,
    /// The side whose score is `score` (a role id, or `group` / the respondent).
    pub role: String,
    pub role_name: String,
    /// The other side: a role id, `rest`, or `full` (100, for the weakest dimensions).
    pub versus: String,
    pub versus_name: String,
    pub score: f64,
    pub versus_score: f64,
    /// `score − versus_score`.
    pub gap: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct SummaryCause {
    pub rank: usize,
    pub id: String,
    pub name: String,
    pub severity: f64,
    /// The first remedy the questionnaire lists.
    pub remedy: Option<String>,
    /// Group only: how many respondents rank the cause among their own top three.
    pub in_top3: Option<usize>,
    /// Group only: how many respondents gave the cause evidence (what `in_top3` counts
    /// out of).
    pub with_evidence: Option<usize>,
}

/// The self-described ladder: one respondent's steps, or a group's mean gap.
#[derive(Debug, Clone, Serialize)]
pub struct SummaryLadder {
    pub name: String,
    pub current: Option<String>,
    pub desired: Option<String>,
    /// Steps between today and the wish (a group's mean).
    pub gap: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub schema_version: u32,
    /// `single` or `group`: what was summarised.
    pub of: &'static str,
    pub questionnaire: QuestionnaireInfo,
    pub respondents: usize,
    /// "12 respondents: 5 Sales, 4 Marketing, …", or the respondent (omitted when
    /// anonymous).
    pub who: String,
    pub overall: Option<f64>,
    pub level: Option<String>,
    pub ladder: Option<SummaryLadder>,
    pub gap_basis: GapBasis,
    pub gaps: Vec<SummaryGap>,
    pub causes: Vec<SummaryCause>,
}

impl Summary {
    /// The summary of a single or group report; `None` for a trend.
    pub fn of(report: &Report) -> Option<Summary> {
        match report {
            Report::Single(r) => Some(single(r)),
            Report::Group(r) => Some(group(r)),
            Report::Trend(_) => None,
        }
    }

    /// How the gaps were chosen, as a heading.
    pub fn gaps_title(&self) -> String {
        match self.gap_basis {
            GapBasis::CompareRoles => match self.gaps.first() {
                Some(g) => format!(
                    "Largest gaps: {} against {}",
                    g.role_name,
                    lower_first(&g.versus_name)
                ),
                None => "Largest gaps".to_string(),
            },
            GapBasis::RoleVsRest => "Largest gaps: one role against everyone else".to_string(),
            GapBasis::WeakestDimensions => "Weakest dimensions (points below 100)".to_string(),
        }
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match (c.next(), c.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && !b.is_uppercase() => {
            a.to_lowercase().chain(s.chars().skip(1)).collect()
        }
        _ => s.to_string(),
    }
}

fn single(r: &SingleReport) -> Summary {
    let p = &r.respondent;
    let mut who: Vec<String> = p.name.iter().cloned().collect();
    who.extend(
        p.role_name
            .as_ref()
            .map(|s| s.to_string())
            .or_else(|| p.role.clone()),
    );
    let ladder = r.ladder.as_ref().map(|l| {
        let step = |i: Option<usize>| {
            i.and_then(|i| l.steps.get(i - 1))
                .map(|s| s.label.to_string())
        };
        SummaryLadder {
            name: l.name.to_string(),
            current: step(l.current),
            desired: step(l.desired),
            gap: l.gap.map(|g| g as f64),
        }
    });
    let label = if who.is_empty() {
        "Respondent".to_string()
    } else {
        who.join(", ")
    };
    let dims: Vec<(String, String, f64)> = r
        .dimensions
        .iter()
        .filter_map(|d| Some((d.id.to_string(), d.name.to_string(), d.score?)))
        .collect();
    Summary {
        schema_version: SCHEMA_VERSION,
        of: "single",
        questionnaire: r.questionnaire.clone(),
        respondents: 1,
        who: label.clone(),
        overall: r.overall,
        level: r.level.as_ref().map(|l| l.name.to_string()),
        ladder,
        gap_basis: GapBasis::WeakestDimensions,
        gaps: weakest(&dims, "respondent", &label),
        causes: r
            .causes
            .iter()
            .take(SUMMARY_TOP)
            .map(|c| SummaryCause {
                rank: c.rank,
                id: c.id.to_string(),
                name: c.name.to_string(),
                severity: c.severity,
                remedy: c.remedies.first().cloned(),
                in_top3: None,
                with_evidence: None,
            })
            .collect(),
    }
}

/// The lowest scores first (ties in questionnaire order), as gaps below 100.
fn weakest(dims: &[(String, String, f64)], role: &str, role_name: &str) -> Vec<SummaryGap> {
    let mut order: Vec<usize> = (0..dims.len()).collect();
    order.sort_by(|&a, &b| {
        dims[a]
            .2
            .partial_cmp(&dims[b].2)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.cmp(&b))
    });
    order
        .into_iter()
        .take(SUMMARY_TOP)
        .map(|i| {
            let (id, name, score) = &dims[i];
            SummaryGap {
                dimension: id.clone(),
                dimension_name: name.clone(),
                role: role.to_string(),
                role_name: role_name.to_string(),
                versus: "full".to_string(),
                versus_name: "Full score".to_string(),
                score: *score,
                versus_score: 100.0,
                gap: r1(score - 100.0),
            }
        })
        .collect()
}

/// A group's largest gaps, by the rule in the module documentation.
pub fn largest_gaps(r: &GroupReport) -> (GapBasis, Vec<SummaryGap>) {
    let side = |s: &Scope| (s.as_str().to_string(), r.label(s));
    let from = |g: &super::group::Gap| {
        let ((role, role_name), (versus, versus_name)) = (side(&g.role), side(&g.versus));
        SummaryGap {
            dimension: g.dimension.clone(),
            dimension_name: g.dimension_name.clone(),
            role,
            role_name,
            versus,
            versus_name: if g.versus == Scope::Rest {
                "Everyone else".to_string()
            } else {
                versus_name
            },
            score: g.score,
            versus_score: g.versus_score,
            gap: g.gap,
        }
    };
    if !r.perception_gap.is_empty() {
        let gaps = r.perception_gap.iter().take(SUMMARY_TOP).map(from);
        return (GapBasis::CompareRoles, gaps.collect());
    }
    // With one role only, "against everyone else" compares it with nobody.
    if r.roles.len() > 1 {
        let mut all: Vec<&super::group::Gap> = r.role_vs_rest.iter().collect();
        all.sort_by(|a, b| scoring::cmp_desc(a.gap.abs(), b.gap.abs()));
        if !all.is_empty() {
            let gaps = all.into_iter().take(SUMMARY_TOP).map(from);
            return (GapBasis::RoleVsRest, gaps.collect());
        }
    }
    let dims: Vec<(String, String, f64)> = r
        .dimensions
        .iter()
        .filter_map(|d| Some((d.id.to_string(), d.name.to_string(), d.score?)))
        .collect();
    (
        GapBasis::WeakestDimensions,
        weakest(&dims, "group", "Whole group"),
    )
}

fn group(r: &GroupReport) -> Summary {
    let who: Vec<String> = r
        .roles
        .iter()
        .map(|x| format!("{} {}", x.respondents, x.name))
        .collect();
    let (gap_basis, gaps) = largest_gaps(r);
    let ladder = r.ladder.as_ref().map(|l| SummaryLadder {
        name: l.name.clone(),
        current: None,
        desired: None,
        gap: r.ladder_all().and_then(|c| c.mean_gap),
    });
    Summary {
        schema_version: SCHEMA_VERSION,
        of: "group",
        questionnaire: r.questionnaire.clone(),
        respondents: r.respondents,
        who: format!(
            "{}: {}",
            crate::numfmt::plural(r.respondents, "respondent", "respondents"),
            who.join(", ")
        ),
        overall: r.overall,
        level: r.level.clone(),
        ladder,
        gap_basis,
        gaps,
        causes: r
            .causes
            .iter()
            .take(SUMMARY_TOP)
            .map(|c| SummaryCause {
                rank: c.rank,
                id: c.id.clone(),
                name: c.name.clone(),
                severity: c.severity,
                remedy: c.remedies.first().cloned(),
                in_top3: Some(c.in_top3),
                with_evidence: Some(c.with_evidence),
            })
            .collect(),
    }
}

/// The discussion guide of a group report: the prompts of the dimensions with the
/// largest gaps, then of those the room disagrees on, then of the three top causes.
/// Entries without prompts are left out, so a questionnaire without any gives none.
pub fn discussion(q: &Questionnaire, r: &GroupReport) -> Vec<DiscussionItem> {
    let mut out: Vec<DiscussionItem> = Vec::new();
    let mut dim = |id: &str, name: &str, why: String| {
        let Some(d) = q.dimensions.iter().find(|d| d.id == id) else {
            return;
        };
        let seen = out.iter().any(|x| x.about == "dimension" && x.id == id);
        if d.discuss.is_empty() || seen {
            return;
        }
        out.push(DiscussionItem {
            about: "dimension",
            id: id.to_string(),
            name: name.to_string(),
            why,
            prompts: d.discuss.iter().map(|p| p.to_string()).collect(),
        });
    };
    let (basis, gaps) = largest_gaps(r);
    for g in &gaps {
        let why = match basis {
            GapBasis::WeakestDimensions => {
                format!("one of the weakest: {}", crate::numfmt::n1(g.score))
            }
            _ => format!(
                "{} {}, {} {}",
                g.role_name,
                crate::numfmt::n1(g.score),
                lower_first(&g.versus_name),
                crate::numfmt::n1(g.versus_score)
            ),
        };
        dim(&g.dimension, &g.dimension_name, why);
    }
    for d in r.to_discuss() {
        let why = format!(
            "the room disagrees: spread {}",
            crate::numfmt::score(d.spread)
        );
        dim(&d.id, &d.name, why);
    }
    for c in r.causes.iter().take(SUMMARY_TOP) {
        let Some(qc) = q.causes.iter().find(|x| x.id == c.id) else {
            continue;
        };
        if qc.discuss.is_empty() {
            continue;
        }
        out.push(DiscussionItem {
            about: "cause",
            id: c.id.clone(),
            name: c.name.clone(),
            why: format!(
                "root cause #{}, top 3 for {} of {} with evidence",
                c.rank, c.in_top3, c.with_evidence
            ),
            prompts: qc.discuss.iter().map(|p| p.to_string()).collect(),
        });
    }
    out
}
