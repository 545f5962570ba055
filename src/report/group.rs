//! The workshop (group) report: what each side of the room believes, where sales and
//! marketing see the company differently, where people disagree, which causes most
//! people point to.

use super::{LadderStep, QuestionnaireInfo, SCHEMA_VERSION, cause_name, ladder_steps, r1};
use crate::group::{self, Respondent};
use crate::questionnaire::{Basis, Kind, Questionnaire};
use crate::scoring;
use serde::Serialize;

/// Dimensions whose spread across respondents reaches this many points are flagged
/// for discussion.
pub const DISCUSS_SPREAD: f64 = 20.0;

#[derive(Debug, Clone, Serialize)]
pub struct GroupReport {
    pub schema_version: u32,
    pub questionnaire: QuestionnaireInfo,
    pub anonymous: bool,
    pub respondents: usize,
    pub incomplete: usize,
    pub overall: Option<f64>,
    pub level: Option<String>,
    /// Roles present, in the questionnaire's order (`unspecified` when a file has none).
    pub roles: Vec<RoleSummary>,
    pub people: Vec<PersonRow>,
    pub dimensions: Vec<GroupDimension>,
    /// Sales minus marketing per dimension, largest difference first (empty unless both answered).
    pub sales_vs_marketing: Vec<Gap>,
    /// Each role against everyone else, per dimension, largest difference first.
    pub role_vs_rest: Vec<Gap>,
    /// Ranked for the group, most severe first; limited by `--top`.
    pub causes: Vec<GroupCause>,
    /// How many causes were ranked before `--top` cut the list.
    pub causes_ranked: usize,
    pub findings: Vec<GroupFinding>,
    pub checklists: Vec<GroupChecklist>,
    pub ladder: Option<GroupLadder>,
    pub five_whys: Vec<ChainGroup>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoleSummary {
    pub id: String,
    pub name: String,
    pub respondents: usize,
    pub incomplete: usize,
    pub overall: Option<f64>,
    pub level: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PersonRow {
    pub number: usize,
    /// Omitted with `--anonymous`.
    pub name: Option<String>,
    pub file: Option<String>,
    pub role: String,
    pub date: Option<String>,
    pub overall: Option<f64>,
    pub complete: bool,
    pub missing: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoleScore {
    pub role: String,
    pub score: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupDimension {
    pub id: String,
    pub name: String,
    pub score: Option<f64>,
    pub by_role: Vec<RoleScore>,
    /// Population standard deviation across respondents, in points.
    pub spread: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub answered_by: usize,
    /// Spread of at least `DISCUSS_SPREAD` points: worth discussing in the room.
    pub discuss: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Gap {
    pub dimension: String,
    pub dimension_name: String,
    pub role: String,
    /// The other side: a role id, or `rest` for everyone else.
    pub versus: String,
    pub score: f64,
    pub versus_score: f64,
    /// `score − versus_score`.
    pub gap: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoleCount {
    pub role: String,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupCause {
    pub rank: usize,
    pub id: String,
    pub name: String,
    /// Pooled over the group: 100 × Σ evidence received / Σ evidence possible.
    pub severity: f64,
    /// How many respondents have this cause among their own three most severe.
    pub in_top3: usize,
    pub in_top3_by_role: Vec<RoleCount>,
    pub explanation: String,
    pub remedies: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupFinding {
    pub id: String,
    pub name: String,
    pub insight: String,
    /// `group` and/or role ids for which the finding's conditions hold on mean scores.
    pub fires_for: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Share {
    pub role: String,
    pub ticked: usize,
    pub answered: usize,
    pub percent: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChecklistRow {
    pub id: String,
    pub label: String,
    pub all: Share,
    pub by_role: Vec<Share>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupChecklist {
    pub question: String,
    pub text: String,
    pub items: Vec<ChecklistRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepCounts {
    pub role: String,
    pub current: Vec<usize>,
    pub desired: Vec<usize>,
    pub mean_gap: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupLadder {
    pub name: String,
    pub steps: Vec<LadderStep>,
    /// Per role, then `all`: how many chose each step today and as the wish.
    pub counts: Vec<StepCounts>,
    pub benchmark_note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChainRow {
    pub respondent: Option<String>,
    pub role: String,
    pub symptom: String,
    pub whys: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChainGroup {
    /// A cause id, `other`, or `untagged`.
    pub cause: String,
    pub cause_name: String,
    pub chains: Vec<ChainRow>,
}

fn role_id(r: &Option<String>) -> String {
    r.clone().unwrap_or_else(|| "unspecified".to_string())
}

fn role_label(q: &Questionnaire, r: &Option<String>) -> String {
    match r {
        Some(id) => q
            .role(id)
            .map(|x| x.name.clone())
            .unwrap_or_else(|| id.clone()),
        None => "No role given".to_string(),
    }
}

/// The level of a group's (or role's) mean overall or mean raw total.
fn level_of(q: &Questionnaire, rs: &[&Respondent]) -> Option<String> {
    let levels = q.levels.as_ref()?;
    let v = match levels.basis {
        Basis::Percent => group::mean(rs.iter().map(|r| r.overall))?,
        Basis::Raw => group::mean(rs.iter().map(|r| r.raw))?,
    };
    scoring::band_of(&levels.bands, v).map(|i| levels.bands[i].name.clone())
}

/// Builds the group report from respondents already sorted by [`group::sort`].
pub fn build(
    q: &Questionnaire,
    rs: &[Respondent],
    anonymous: bool,
    top: Option<usize>,
) -> GroupReport {
    let all: Vec<&Respondent> = rs.iter().collect();
    let roles = group::roles_present(q, rs);
    let members = |role: &Option<String>| -> Vec<&Respondent> {
        rs.iter().filter(|r| &r.role == role).collect()
    };
    let nd = q.dimensions.len();

    let role_summaries: Vec<RoleSummary> = roles
        .iter()
        .map(|role| {
            let m = members(role);
            RoleSummary {
                id: role_id(role),
                name: role_label(q, role),
                respondents: m.len(),
                incomplete: m.iter().filter(|r| !r.complete).count(),
                overall: group::mean(m.iter().map(|r| r.overall)).map(r1),
                level: level_of(q, &m),
            }
        })
        .collect();

    let people = rs
        .iter()
        .enumerate()
        .map(|(i, r)| PersonRow {
            number: i + 1,
            name: if anonymous { None } else { r.name.clone() },
            file: if anonymous {
                None
            } else {
                Some(r.file.clone())
            },
            role: role_id(&r.role),
            date: r.date.clone(),
            overall: r.overall.map(r1),
            complete: r.complete,
            missing: r.missing,
        })
        .collect();

    let role_means: Vec<Vec<Option<f64>>> = roles
        .iter()
        .map(|role| {
            let m = members(role);
            (0..nd)
                .map(|d| group::mean(m.iter().map(|r| r.dimensions[d])))
                .collect()
        })
        .collect();
    let dimensions: Vec<GroupDimension> = q
        .dimensions
        .iter()
        .enumerate()
        .map(|(d, dim)| {
            let sp = group::spread(rs.iter().map(|r| r.dimensions[d]));
            GroupDimension {
                id: dim.id.clone(),
                name: dim.name.clone(),
                score: group::mean(rs.iter().map(|r| r.dimensions[d])).map(r1),
                by_role: roles
                    .iter()
                    .zip(&role_means)
                    .map(|(role, means)| RoleScore {
                        role: role_id(role),
                        score: means[d].map(r1),
                    })
                    .collect(),
                spread: sp.map(|s| r1(s.0)),
                min: sp.map(|s| r1(s.1)),
                max: sp.map(|s| r1(s.2)),
                answered_by: rs.iter().filter(|r| r.dimensions[d].is_some()).count(),
                discuss: sp.is_some_and(|s| s.0 >= DISCUSS_SPREAD),
            }
        })
        .collect();

    let gap_row = |d: usize, role: String, versus: String, a: f64, b: f64| Gap {
        dimension: q.dimensions[d].id.clone(),
        dimension_name: q.dimensions[d].name.clone(),
        role,
        versus,
        score: r1(a),
        versus_score: r1(b),
        gap: r1(a - b),
    };
    let by_gap = |gaps: &mut Vec<(f64, usize, Gap)>| {
        // Largest absolute difference first; ties in dimension order.
        gaps.sort_by(|a, b| scoring::cmp_desc(a.0.abs(), b.0.abs()).then(a.1.cmp(&b.1)));
    };
    let mut sales_vs_marketing = Vec::new();
    let pos = |id: &str| roles.iter().position(|r| r.as_deref() == Some(id));
    if let (Some(s), Some(m)) = (pos("sales"), pos("marketing")) {
        let mut gaps: Vec<(f64, usize, Gap)> = (0..nd)
            .filter_map(|d| {
                let (a, b) = (role_means[s][d]?, role_means[m][d]?);
                Some((
                    a - b,
                    d,
                    gap_row(d, "sales".into(), "marketing".into(), a, b),
                ))
            })
            .collect();
        by_gap(&mut gaps);
        sales_vs_marketing = gaps.into_iter().map(|g| g.2).collect();
    }
    let mut role_vs_rest = Vec::new();
    for (ri, role) in roles.iter().enumerate() {
        let rest: Vec<&Respondent> = rs.iter().filter(|r| &r.role != role).collect();
        if rest.is_empty() {
            continue;
        }
        let mut gaps: Vec<(f64, usize, Gap)> = (0..nd)
            .filter_map(|d| {
                let a = role_means[ri][d]?;
                let b = group::mean(rest.iter().map(|r| r.dimensions[d]))?;
                Some((a - b, d, gap_row(d, role_id(role), "rest".into(), a, b)))
            })
            .collect();
        by_gap(&mut gaps);
        role_vs_rest.extend(gaps.into_iter().map(|g| g.2));
    }

    let severity = group::pooled_severity(q.causes.len(), &all);
    let top3: Vec<usize> = (0..q.causes.len())
        .map(|c| rs.iter().filter(|r| r.top3.contains(&c)).count())
        .collect();
    let ranked = group::rank(&severity, &top3);
    let causes_ranked = ranked.len();
    let causes = ranked
        .into_iter()
        .take(top.unwrap_or(usize::MAX))
        .enumerate()
        .map(|(i, c)| GroupCause {
            rank: i + 1,
            id: q.causes[c].id.clone(),
            name: q.causes[c].name.clone(),
            severity: r1(severity[c].unwrap_or(0.0)),
            in_top3: top3[c],
            in_top3_by_role: roles
                .iter()
                .map(|role| RoleCount {
                    role: role_id(role),
                    count: members(role).iter().filter(|r| r.top3.contains(&c)).count(),
                })
                .filter(|rc| rc.count > 0)
                .collect(),
            explanation: q.causes[c].explanation.clone(),
            remedies: q.causes[c].remedies.clone(),
        })
        .collect();

    // Findings on the group's and each role's mean scores.
    let mean_gap = |m: &[&Respondent]| {
        group::mean(m.iter().map(|r| match r.ladder {
            Some((Some(c), Some(d))) => Some(d as f64 - c as f64),
            _ => None,
        }))
    };
    let group_dims: Vec<Option<f64>> = (0..nd)
        .map(|d| group::mean(rs.iter().map(|r| r.dimensions[d])))
        .collect();
    let fires = |dims: &[Option<f64>], m: &[&Respondent]| {
        scoring::fired(
            q,
            dims,
            group::mean(m.iter().map(|r| r.overall)),
            mean_gap(m),
        )
    };
    let mut fired_for: Vec<Vec<String>> = vec![Vec::new(); q.findings.len()];
    for f in fires(&group_dims, &all) {
        fired_for[f].push("group".into());
    }
    for (ri, role) in roles.iter().enumerate() {
        for f in fires(&role_means[ri], &members(role)) {
            fired_for[f].push(role_id(role));
        }
    }
    let findings = q
        .findings
        .iter()
        .zip(fired_for)
        .filter(|(_, w)| !w.is_empty())
        .map(|(f, w)| GroupFinding {
            id: f.id.clone(),
            name: f.name.clone(),
            insight: f.insight.clone(),
            fires_for: w,
        })
        .collect();

    let multis: Vec<usize> = (0..q.questions.len())
        .filter(|&i| matches!(q.questions[i].kind, Kind::Multi { .. }))
        .collect();
    let checklists = multis
        .iter()
        .enumerate()
        .map(|(k, &qi)| {
            let question = &q.questions[qi];
            let share = |role: String, m: &[&Respondent], oi: usize| {
                let answered: Vec<&Vec<bool>> =
                    m.iter().filter_map(|r| r.checklists[k].as_ref()).collect();
                let ticked = answered.iter().filter(|t| t[oi]).count();
                Share {
                    role,
                    ticked,
                    answered: answered.len(),
                    percent: (!answered.is_empty())
                        .then(|| r1(100.0 * ticked as f64 / answered.len() as f64)),
                }
            };
            GroupChecklist {
                question: question.id.clone(),
                text: question.text.clone(),
                items: question
                    .kind
                    .options()
                    .iter()
                    .enumerate()
                    .map(|(oi, o)| ChecklistRow {
                        id: o.id.clone(),
                        label: o.label.clone(),
                        all: share("all".into(), &all, oi),
                        by_role: roles
                            .iter()
                            .map(|role| share(role_id(role), &members(role), oi))
                            .collect(),
                    })
                    .collect(),
            }
        })
        .collect();

    let ladder = ladder_steps(q).map(|(name, steps, note)| {
        let n = steps.len();
        let counts_for = |role: String, m: &[&Respondent]| {
            let mut current = vec![0; n];
            let mut desired = vec![0; n];
            for r in m {
                if let Some((c, d)) = r.ladder {
                    if let Some(c) = c {
                        current[c] += 1;
                    }
                    if let Some(d) = d {
                        desired[d] += 1;
                    }
                }
            }
            StepCounts {
                role,
                current,
                desired,
                mean_gap: mean_gap(m).map(r1),
            }
        };
        let mut counts: Vec<StepCounts> = roles
            .iter()
            .map(|role| counts_for(role_id(role), &members(role)))
            .collect();
        counts.push(counts_for("all".into(), &all));
        GroupLadder {
            name,
            steps,
            counts,
            benchmark_note: note,
        }
    });

    // Five-whys chains by the cause they were tagged with: most chains first.
    let mut groups: Vec<ChainGroup> = Vec::new();
    for r in rs {
        for c in &r.chains {
            let key = c.cause.clone().unwrap_or_else(|| "untagged".into());
            let row = ChainRow {
                respondent: if anonymous { None } else { r.name.clone() },
                role: role_id(&r.role),
                symptom: c.symptom.clone(),
                whys: c.whys.clone(),
            };
            match groups.iter_mut().find(|g| g.cause == key) {
                Some(g) => g.chains.push(row),
                None => groups.push(ChainGroup {
                    cause_name: cause_name(q, &key).unwrap_or_else(|| "Not tagged".into()),
                    cause: key,
                    chains: vec![row],
                }),
            }
        }
    }
    let order = |id: &str| match id {
        "untagged" => usize::MAX,
        "other" => usize::MAX - 1,
        c => q.cause_index(c).unwrap_or(usize::MAX - 2),
    };
    groups.sort_by(|a, b| {
        b.chains
            .len()
            .cmp(&a.chains.len())
            .then(order(&a.cause).cmp(&order(&b.cause)))
    });

    GroupReport {
        schema_version: SCHEMA_VERSION,
        questionnaire: QuestionnaireInfo {
            id: q.id.clone(),
            version: q.version.clone(),
            title: q.title.clone(),
        },
        anonymous,
        respondents: rs.len(),
        incomplete: rs.iter().filter(|r| !r.complete).count(),
        overall: group::mean(rs.iter().map(|r| r.overall)).map(r1),
        level: level_of(q, &all),
        roles: role_summaries,
        people,
        dimensions,
        sales_vs_marketing,
        role_vs_rest,
        causes,
        causes_ranked,
        findings,
        checklists,
        ladder,
        five_whys: groups,
    }
}
