//! The workshop (group) report: what each side of the room believes, where sales and
//! marketing see the company differently, where people disagree, which causes most
//! people point to.

use super::{LadderStep, QuestionnaireInfo, SCHEMA_VERSION, cause_name, ladder_steps, r1};
use crate::group::{self, Group, Tally};
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
fn level_of(q: &Questionnaire, t: &Tally) -> Option<String> {
    let levels = q.levels.as_ref()?;
    let v = match levels.basis {
        Basis::Percent => t.overall.mean()?,
        Basis::Raw => t.raw.mean()?,
    };
    scoring::band_of(&levels.bands, v).map(|i| levels.bands[i].name.clone())
}

/// Builds the group report from a group added up in file order.
pub fn build(q: &Questionnaire, g: &Group, anonymous: bool) -> GroupReport {
    let all = &g.all;
    let roles = g.roles_in_order(q);
    let nd = q.dimensions.len();

    let role_summaries: Vec<RoleSummary> = roles
        .iter()
        .map(|(role, t)| RoleSummary {
            id: role_id(role),
            name: role_label(q, role),
            respondents: t.respondents,
            incomplete: t.incomplete,
            overall: t.overall.mean().map(r1),
            level: level_of(q, t),
        })
        .collect();

    let people = g
        .people
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

    let dimensions: Vec<GroupDimension> = q
        .dimensions
        .iter()
        .enumerate()
        .map(|(d, dim)| {
            let stat = &all.dimensions[d];
            let sp = stat.spread();
            GroupDimension {
                id: dim.id.clone(),
                name: dim.name.clone(),
                score: stat.mean().map(r1),
                by_role: roles
                    .iter()
                    .map(|(role, t)| RoleScore {
                        role: role_id(role),
                        score: t.dimensions[d].mean().map(r1),
                    })
                    .collect(),
                spread: sp.map(|s| r1(s.0)),
                min: sp.map(|s| r1(s.1)),
                max: sp.map(|s| r1(s.2)),
                answered_by: stat.n,
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
    // Largest absolute difference first; ties in dimension order.
    let by_gap = |gaps: &mut Vec<(f64, usize, Gap)>| {
        gaps.sort_by(|a, b| scoring::cmp_desc(a.0.abs(), b.0.abs()).then(a.1.cmp(&b.1)));
    };
    let tally = |id: &str| {
        roles
            .iter()
            .find(|(r, _)| r.as_deref() == Some(id))
            .map(|(_, t)| *t)
    };
    let mut sales_vs_marketing = Vec::new();
    if let (Some(s), Some(m)) = (tally("sales"), tally("marketing")) {
        let mut gaps: Vec<(f64, usize, Gap)> = (0..nd)
            .filter_map(|d| {
                let (a, b) = (s.dimensions[d].mean()?, m.dimensions[d].mean()?);
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
    for (role, t) in &roles {
        let mut gaps: Vec<(f64, usize, Gap)> = (0..nd)
            .filter_map(|d| {
                let a = t.dimensions[d].mean()?;
                let b = all.dimensions[d].mean_without(&t.dimensions[d])?;
                Some((a - b, d, gap_row(d, role_id(role), "rest".into(), a, b)))
            })
            .collect();
        by_gap(&mut gaps);
        role_vs_rest.extend(gaps.into_iter().map(|g| g.2));
    }

    let severity = all.severity();
    let ranked = group::rank(&severity, &all.top3);
    let causes_ranked = ranked.len();
    let causes = ranked
        .into_iter()
        .enumerate()
        .map(|(i, c)| GroupCause {
            rank: i + 1,
            id: q.causes[c].id.clone(),
            name: q.causes[c].name.clone(),
            severity: r1(severity[c].unwrap_or(0.0)),
            in_top3: all.top3[c],
            in_top3_by_role: roles
                .iter()
                .map(|(role, t)| RoleCount {
                    role: role_id(role),
                    count: t.top3[c],
                })
                .filter(|rc| rc.count > 0)
                .collect(),
            explanation: q.causes[c].explanation.clone(),
            remedies: q.causes[c].remedies.clone(),
        })
        .collect();

    // Findings on the group's and each role's mean scores.
    let fires = |t: &Tally| {
        let dims: Vec<Option<f64>> = t.dimensions.iter().map(|s| s.mean()).collect();
        scoring::fired(q, &dims, t.overall.mean(), t.ladder_gap.mean())
    };
    let mut fired_for: Vec<Vec<String>> = vec![Vec::new(); q.findings.len()];
    for f in fires(all) {
        fired_for[f].push("group".into());
    }
    for (role, t) in &roles {
        for f in fires(t) {
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

    let share = |role: String, t: &Tally, k: usize, oi: usize| {
        let (answered, ticks) = &t.checklists[k];
        Share {
            role,
            ticked: ticks[oi],
            answered: *answered,
            percent: (*answered > 0).then(|| r1(100.0 * ticks[oi] as f64 / *answered as f64)),
        }
    };
    let checklists = q
        .questions
        .iter()
        .filter(|x| matches!(x.kind, Kind::Multi { .. }))
        .enumerate()
        .map(|(k, question)| GroupChecklist {
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
                    all: share("all".into(), all, k, oi),
                    by_role: roles
                        .iter()
                        .map(|(role, t)| share(role_id(role), t, k, oi))
                        .collect(),
                })
                .collect(),
        })
        .collect();

    let ladder = ladder_steps(q).map(|(name, steps, note)| {
        let counts_for = |role: String, t: &Tally| StepCounts {
            role,
            current: t.ladder_current.clone(),
            desired: t.ladder_desired.clone(),
            mean_gap: t.ladder_gap.mean().map(r1),
        };
        let mut counts: Vec<StepCounts> = roles
            .iter()
            .map(|(role, t)| counts_for(role_id(role), t))
            .collect();
        counts.push(counts_for("all".into(), all));
        GroupLadder {
            name,
            steps,
            counts,
            benchmark_note: note,
        }
    });

    // Five-whys chains by the cause they were tagged with.
    let mut groups: Vec<ChainGroup> = Vec::new();
    for r in &g.people {
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
    // Tagged causes by how many chains end there, then questionnaire order; "other"
    // and untagged chains last.
    let order = |id: &str| match id {
        "untagged" => usize::MAX,
        "other" => usize::MAX - 1,
        c => q.cause_index(c).unwrap_or(usize::MAX - 2),
    };
    let tail = |id: &str| matches!(id, "other" | "untagged");
    groups.sort_by(|a, b| {
        tail(&a.cause)
            .cmp(&tail(&b.cause))
            .then(b.chains.len().cmp(&a.chains.len()))
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
        respondents: all.respondents,
        incomplete: all.incomplete,
        overall: all.overall.mean().map(r1),
        level: level_of(q, all),
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
