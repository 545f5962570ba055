//! Building the group report from a group added up in file order: the roles shown
//! under the privacy options, each section's figures, and the rows that grow with the
//! group (people, five-whys chains, free text), whose strings move out of the group.

use super::super::{QuestionnaireInfo, SCHEMA_VERSION, cause_name, ladder_steps, r1};
use super::*;
use crate::group::{self, Group, Tally};
use crate::questionnaire::{Basis, Kind, OTHER_CAUSE, Questionnaire};
use crate::scoring;

fn role_label(q: &Questionnaire, s: &Scope) -> String {
    match s {
        Scope::Role(id) => q
            .role(id)
            .map(|x| x.name.to_string())
            .unwrap_or_else(|| id.clone()),
        Scope::Combined => COMBINED.to_string(),
        Scope::Group => "All".to_string(),
        Scope::Rest => "Rest".to_string(),
        Scope::NoRole => "No role given".to_string(),
    }
}

/// A value shown beside a level (the overall score or raw total the levels are banded
/// on): rounded so it stays in the band the value reaches (see `ranking::shown_in_band`).
fn beside_level(q: &Questionnaire, v: Option<f64>, basis: Basis) -> Option<f64> {
    let v = v?;
    Some(match &q.levels {
        Some(l) if l.basis == basis => match scoring::band_of(&l.bands, v) {
            Some(i) => super::super::ranking::shown_in_band(v, &l.bands, i),
            None => r1(v),
        },
        _ => r1(v),
    })
}

/// The level of a group's (or role's) mean overall or mean raw total.
fn level_of(q: &Questionnaire, t: &Tally) -> Option<String> {
    let levels = q.levels.as_ref()?;
    let dims: Vec<Option<f64>> = t.dimensions.iter().map(|d| d.mean()).collect();
    let (_, level) = scoring::level_of(q, t.overall.mean(), t.raw.mean(), &dims);
    level.map(|i| levels.bands[i].name.to_string())
}

/// What a chain group is called: its cause's name, or what it is instead.
fn chain_group_name(q: &Questionnaire, tag: &ChainTag) -> String {
    match tag {
        ChainTag::Untagged => "Not tagged".to_string(),
        ChainTag::Other => cause_name(q, OTHER_CAUSE).unwrap_or_default(),
        ChainTag::Cause(id) => cause_name(q, id).unwrap_or_else(|| "Not tagged".into()),
    }
}

/// What every part of the build reads: the questionnaire, the group and the roles the
/// report shows.
struct Ctx<'a> {
    q: &'a Questionnaire,
    g: &'a Group,
    /// The roles shown, in report order, with "combined" last when roles were folded.
    roles: Vec<(Scope, Tally)>,
    shown_as: ShownAs,
    privacy: Privacy,
}

/// Builds the group report from a group added up in file order.
/// The group is taken whole: its people's strings move into the report's rows.
pub fn build(q: &Questionnaire, mut g: Group, privacy: Privacy) -> GroupReport {
    let people = std::mem::take(&mut g.people);
    let g = &g;
    let (roles, shown_as) = shown_roles(q, g, privacy);
    let cx = Ctx {
        q,
        g,
        roles,
        shown_as,
        privacy,
    };
    let all = &g.all;
    let (compared, perception_gap) = cx.perception_gap();
    let (causes_ranked, causes, ranking) = cx.causes();
    let (people, five_whys, free_text) = cx.rows(people);
    let mut report = GroupReport {
        schema_version: SCHEMA_VERSION,
        questionnaire: QuestionnaireInfo {
            id: q.id.clone(),
            version: q.version.clone(),
            title: q.title.clone(),
        },
        anonymous: privacy.anonymous,
        min_group: privacy.min_group,
        respondents: all.respondents,
        blank_files: g.blank.len(),
        scored: all.overall.n,
        incomplete: all.incomplete,
        overall: beside_level(q, all.overall.mean(), Basis::Percent),
        raw_total: beside_level(q, all.raw.mean(), Basis::Raw),
        level: level_of(q, all),
        roles: cx.role_summaries(),
        people,
        dimensions: cx.dimensions(),
        compared,
        perception_gap,
        role_vs_rest: cx.role_vs_rest(),
        causes,
        causes_ranked,
        ranking,
        findings: cx.findings(),
        checklists: cx.checklists(),
        ladder: cx.ladder(),
        five_whys,
        answers: cx.answers(),
        free_text,
        wave: None,
        discussion: Vec::new(),
    };
    report.discussion = super::super::summary::discussion(q, &report);
    report
}

/// Each role found in the files → the scope it is shown under (`None`: not shown).
type ShownAs = Vec<(Option<String>, Option<Scope>)>;

/// The roles a report shows under its privacy options, and where each file role went.
fn shown_roles(q: &Questionnaire, g: &Group, privacy: Privacy) -> (Vec<(Scope, Tally)>, ShownAs) {
    let ordered = g.roles_in_order(q);
    let compared: Vec<&str> = q
        .compared_roles
        .map(|(a, b)| vec![q.roles[a].id.as_str(), q.roles[b].id.as_str()])
        .unwrap_or_default();
    let folded = match privacy.min_group.filter(|_| privacy.folds()) {
        Some(min) => {
            let sizes: Vec<(usize, bool)> = ordered
                .iter()
                .map(|(r, t)| {
                    let cmp = r.as_deref().is_some_and(|id| compared.contains(&id));
                    (t.respondents, cmp)
                })
                .collect();
            fold(&sizes, min)
        }
        None => vec![false; ordered.len()],
    };
    let mut roles = Vec::new();
    let mut shown_as = Vec::new();
    let mut combined: Option<Tally> = None;
    for ((role, t), f) in ordered.iter().zip(&folded) {
        if *f {
            combined.get_or_insert_with(|| Tally::new(q)).merge(t);
            shown_as.push(((*role).clone(), None));
        } else {
            roles.push((Scope::of(role), (*t).clone()));
            shown_as.push(((*role).clone(), Some(Scope::of(role))));
        }
    }
    // The combined row beside the whole group alone would only repeat it.
    if let Some(c) = combined.filter(|_| !roles.is_empty()) {
        roles.push((Scope::Combined, c));
        for (_, s) in shown_as.iter_mut().filter(|(_, s)| s.is_none()) {
            *s = Some(Scope::Combined);
        }
    }
    (roles, shown_as)
}

impl Ctx<'_> {
    fn role_summaries(&self) -> Vec<RoleSummary> {
        self.roles
            .iter()
            .map(|(role, t)| RoleSummary {
                id: role.clone(),
                name: role_label(self.q, role),
                respondents: t.respondents,
                incomplete: t.incomplete,
                scored: t.overall.n,
                overall: beside_level(self.q, t.overall.mean(), Basis::Percent),
                level: level_of(self.q, t),
            })
            .collect()
    }

    fn dimensions(&self) -> Vec<GroupDimension> {
        self.q
            .dimensions
            .iter()
            .enumerate()
            .map(|(d, dim)| {
                let stat = &self.g.all.dimensions[d];
                let sp = stat.spread();
                GroupDimension {
                    id: dim.id.to_string(),
                    name: dim.name.to_string(),
                    score: stat.mean().map(r1),
                    by_role: self
                        .roles
                        .iter()
                        .map(|(role, t)| RoleScore {
                            role: role.clone(),
                            score: t.dimensions[d].mean().map(r1),
                        })
                        .collect(),
                    spread: sp.map(|s| r1(s.0)),
                    // The lowest and highest are one person's scores each.
                    min: sp.filter(|_| !self.privacy.folds()).map(|s| r1(s.1)),
                    max: sp.filter(|_| !self.privacy.folds()).map(|s| r1(s.2)),
                    answered_by: stat.n,
                    discuss: sp.is_some_and(|s| s.0 >= DISCUSS_SPREAD),
                }
            })
            .collect()
    }

    /// Per dimension `a − b` where both are known, largest absolute difference first;
    /// ties in dimension order.
    fn gaps(
        &self,
        role: Scope,
        versus: Scope,
        mean: impl Fn(usize) -> Option<(f64, f64)>,
    ) -> Vec<Gap> {
        let mut gaps: Vec<(usize, Gap)> = (0..self.q.dimensions.len())
            .filter_map(|d| {
                let (a, b) = mean(d)?;
                Some((
                    d,
                    Gap {
                        dimension: self.q.dimensions[d].id.to_string(),
                        dimension_name: self.q.dimensions[d].name.to_string(),
                        role: role.clone(),
                        versus: versus.clone(),
                        score: r1(a),
                        versus_score: r1(b),
                        gap: r1(a - b),
                    },
                ))
            })
            .collect();
        // Sort on the unrounded difference, as it always has been.
        let raw = |d: usize| mean(d).map(|(a, b)| (a - b).abs()).unwrap_or(0.0);
        gaps.sort_by(|a, b| scoring::cmp_desc(raw(a.0), raw(b.0)).then(a.0.cmp(&b.0)));
        gaps.into_iter().map(|g| g.1).collect()
    }

    fn tally(&self, id: &str) -> Option<&Tally> {
        self.roles
            .iter()
            .find(|(r, _)| matches!(r, Scope::Role(x) if x == id))
            .map(|(_, t)| t)
    }

    /// The questionnaire's two compared roles, when both are present.
    fn perception_gap(&self) -> (Option<(RoleRef, RoleRef)>, Vec<Gap>) {
        let Some((ai, bi)) = self.q.compared_roles else {
            return (None, Vec::new());
        };
        let (a, b) = (&self.q.roles[ai], &self.q.roles[bi]);
        let (Some(s), Some(m)) = (self.tally(&a.id), self.tally(&b.id)) else {
            return (None, Vec::new());
        };
        let gaps = self.gaps(
            Scope::Role(a.id.to_string()),
            Scope::Role(b.id.to_string()),
            |d| Some((s.dimensions[d].mean()?, m.dimensions[d].mean()?)),
        );
        let pair = (RoleRef::new(&a.id, &a.name), RoleRef::new(&b.id, &b.name));
        (Some(pair), gaps)
    }

    fn role_vs_rest(&self) -> Vec<Gap> {
        let all = &self.g.all;
        let mut out = Vec::new();
        for (role, t) in &self.roles {
            out.extend(self.gaps(role.clone(), Scope::Rest, |d| {
                let a = t.dimensions[d].mean()?;
                Some((a, all.dimensions[d].mean_without(&t.dimensions[d])?))
            }));
        }
        out
    }

    fn causes(&self) -> (usize, Vec<GroupCause>, super::super::RankingInfo) {
        let (q, all) = (self.q, &self.g.all);
        let severity = all.severity();
        let ranked = group::rank(&severity, &all.top3);
        let pairs: Vec<(&str, f64)> = ranked
            .iter()
            .map(|&c| (q.causes[c].name.as_str(), r1(severity[c].unwrap_or(0.0))))
            .collect();
        let info = super::super::ranking::group_ranking_info(&pairs);
        let causes = ranked
            .iter()
            .enumerate()
            .map(|(i, &c)| GroupCause {
                rank: i + 1,
                id: q.causes[c].id.to_string(),
                name: q.causes[c].name.to_string(),
                severity: r1(severity[c].unwrap_or(0.0)),
                in_top3: all.top3[c],
                with_evidence: all.with_evidence[c],
                tied_with_top: i < info.tied_top,
                in_top3_by_role: self
                    .roles
                    .iter()
                    .map(|(role, t)| RoleCount {
                        role: role.clone(),
                        count: t.top3[c],
                    })
                    .filter(|rc| rc.count > 0)
                    .collect(),
                explanation: q.causes[c].explanation.to_string(),
                remedies: q.causes[c].remedies.iter().map(|r| r.to_string()).collect(),
            })
            .collect();
        (ranked.len(), causes, info)
    }

    /// Findings on the group's and each role's mean scores.
    fn findings(&self) -> Vec<GroupFinding> {
        let q = self.q;
        let fires = |t: &Tally| {
            let dims: Vec<Option<f64>> = t.dimensions.iter().map(|s| s.mean()).collect();
            scoring::fired(q, &dims, t.overall.mean(), t.ladder_gap.mean())
        };
        let mut fired_for: Vec<Vec<Scope>> = vec![Vec::new(); q.findings.len()];
        for f in fires(&self.g.all) {
            fired_for[f].push(Scope::Group);
        }
        for (role, t) in &self.roles {
            for f in fires(t) {
                fired_for[f].push(role.clone());
            }
        }
        q.findings
            .iter()
            .zip(fired_for)
            .filter(|(_, w)| !w.is_empty())
            .map(|(f, w)| GroupFinding {
                id: f.id.to_string(),
                name: f.name.to_string(),
                insight: f.insight.to_string(),
                fires_for: w,
            })
            .collect()
    }

    fn checklists(&self) -> Vec<GroupChecklist> {
        let share = |role: Scope, t: &Tally, k: usize, oi: usize| {
            let (answered, ticks) = &t.checklists[k];
            Share {
                role,
                ticked: ticks[oi],
                answered: *answered,
                percent: (*answered > 0).then(|| r1(100.0 * ticks[oi] as f64 / *answered as f64)),
            }
        };
        self.q
            .questions
            .iter()
            .filter(|x| matches!(x.kind, Kind::Multi { .. }))
            .enumerate()
            .map(|(k, question)| GroupChecklist {
                question: question.id.to_string(),
                text: question.text.to_string(),
                items: question
                    .kind
                    .options()
                    .iter()
                    .enumerate()
                    .map(|(oi, o)| ChecklistRow {
                        id: o.id.to_string(),
                        label: o.label.to_string(),
                        all: share(Scope::Group, &self.g.all, k, oi),
                        by_role: self
                            .roles
                            .iter()
                            .map(|(role, t)| share(role.clone(), t, k, oi))
                            .collect(),
                    })
                    .collect(),
            })
            .collect()
    }

    fn ladder(&self) -> Option<GroupLadder> {
        ladder_steps(self.q).map(|(name, steps, note)| {
            let counts_for = |role: Scope, t: &Tally| StepCounts {
                role,
                current: t.ladder_current.clone(),
                desired: t.ladder_desired.clone(),
                mean_gap: t.ladder_gap.mean().map(r1),
            };
            let mut counts: Vec<StepCounts> = self
                .roles
                .iter()
                .map(|(role, t)| counts_for(role.clone(), t))
                .collect();
            counts.push(counts_for(Scope::Group, &self.g.all));
            GroupLadder {
                name,
                steps,
                counts,
                benchmark_note: note,
            }
        })
    }
}

/// The rows that grow with the group: people, five-whys chains and free text, in one
/// pass over the group's people, whose strings move into them.
impl Ctx<'_> {
    fn rows(
        &self,
        people: Vec<group::Person>,
    ) -> (Vec<PersonRow>, Vec<ChainGroup>, Vec<FreeTextQuestion>) {
        let q = self.q;
        let mut groups: Vec<ChainGroup> = Vec::new();
        let mut texts_by_q: Vec<(usize, Vec<FreeTextAnswer>)> = Vec::new();
        let mut row = |(i, mut r): (usize, group::Person)| {
            let role = self.scope_of(&r.role);
            let chains = std::mem::take(&mut r.chains);
            let texts = std::mem::take(&mut r.texts);
            let respondent = match self.privacy.anonymous || chains.is_empty() {
                true => None,
                false => r.name.clone(),
            };
            for c in chains {
                self.add_chain(q, &mut groups, &respondent, &role, c);
            }
            for (qi, text) in texts {
                let k = match texts_by_q.iter().position(|(i, _)| *i == qi) {
                    Some(k) => k,
                    None => {
                        texts_by_q.push((qi, Vec::new()));
                        texts_by_q.len() - 1
                    }
                };
                texts_by_q[k].1.push(FreeTextAnswer {
                    role: role.clone(),
                    text,
                });
            }
            self.person(i, r)
        };
        // Mapped in place: the rows take over the people's memory (a large group's
        // biggest allocation), so the two never need room at once.
        let rows: Vec<PersonRow> = if self.privacy.hides_people() {
            people.into_iter().enumerate().for_each(|p| drop(row(p)));
            Vec::new()
        } else {
            people.into_iter().enumerate().map(row).collect()
        };
        // File order could tell which file a chain came from when roles are folded,
        // and whose free-text answer is whose always: by role, then text (stable).
        if self.privacy.folds() {
            for g in &mut groups {
                g.chains.sort_by(|a, b| {
                    let rank = |c: &ChainRow| self.role_rank(&c.role);
                    (rank(a), &a.symptom, &a.whys).cmp(&(rank(b), &b.symptom, &b.whys))
                });
            }
        }
        for (_, answers) in &mut texts_by_q {
            answers.sort_by(|a, b| {
                let rank = |t: &FreeTextAnswer| self.role_rank(&t.role);
                (rank(a), &a.text).cmp(&(rank(b), &b.text))
            });
        }
        // Tagged causes by how many chains end there, then questionnaire order; "other"
        // and untagged chains last.
        let order = |t: &ChainTag| match t {
            ChainTag::Untagged => usize::MAX,
            ChainTag::Other => usize::MAX - 1,
            ChainTag::Cause(c) => q.cause_index(c).unwrap_or(usize::MAX - 2),
        };
        let tail = |t: &ChainTag| !matches!(t, ChainTag::Cause(_));
        groups.sort_by(|a, b| {
            tail(&a.cause)
                .cmp(&tail(&b.cause))
                .then(b.chains.len().cmp(&a.chains.len()))
                .then(order(&a.cause).cmp(&order(&b.cause)))
        });
        texts_by_q.sort_by_key(|(qi, _)| *qi);
        let free_text = texts_by_q
            .into_iter()
            .map(|(qi, answers)| FreeTextQuestion {
                question: q.questions[qi].id.to_string(),
                text: q.questions[qi].text.to_string(),
                answers,
            })
            .collect();
        (rows, groups, free_text)
    }

    /// Adds a chain to the group of the cause it ends at.
    fn add_chain(
        &self,
        q: &Questionnaire,
        groups: &mut Vec<ChainGroup>,
        respondent: &Option<String>,
        role: &Option<Scope>,
        c: crate::answers::Chain,
    ) {
        let tag = match c.cause.as_deref() {
            None => ChainTag::Untagged,
            Some(OTHER_CAUSE) => ChainTag::Other,
            Some(id) => ChainTag::Cause(id.to_string()),
        };
        let k = match groups.iter().position(|g| g.cause == tag) {
            Some(k) => k,
            None => {
                groups.push(ChainGroup {
                    cause_name: chain_group_name(q, &tag),
                    cause: tag,
                    chains: Vec::new(),
                });
                groups.len() - 1
            }
        };
        groups[k].chains.push(ChainRow {
            respondent: respondent.clone(),
            role: role.clone(),
            symptom: c.symptom,
            whys: c.whys,
        });
    }

    /// The `i`th respondent's row in the people table.
    fn person(&self, i: usize, r: group::Person) -> PersonRow {
        PersonRow {
            number: i + 1,
            role: Scope::of(&r.role),
            name: r.name,
            file: Some(r.file),
            date: r.date,
            overall: beside_level(self.q, r.overall, Basis::Percent),
            raw_total: beside_level(self.q, r.raw, Basis::Raw),
            level: r
                .level
                .and_then(|i| Some(self.q.levels.as_ref()?.bands[i].name.to_string())),
            complete: r.complete,
            missing: r.missing,
        }
    }
}

/// The answer distributions and free text: counts per role, and what people wrote.
impl Ctx<'_> {
    /// The scope a file role is shown under (`None`: left out by `--min-group`).
    fn scope_of(&self, role: &Option<String>) -> Option<Scope> {
        self.shown_as
            .iter()
            .find(|(r, _)| r == role)
            .and_then(|(_, s)| s.clone())
    }

    /// Where a scope sorts: the report's role order, roles left out last.
    fn role_rank(&self, s: &Option<Scope>) -> usize {
        s.as_ref()
            .and_then(|s| self.roles.iter().position(|(r, _)| r == s))
            .unwrap_or(usize::MAX)
    }

    fn answers(&self) -> Vec<QuestionAnswers> {
        let counted = self.q.questions.iter().filter(|x| group::counted(&x.kind));
        counted
            .enumerate()
            .map(|(k, x)| {
                let (kind, choices, values) = choices(x, &self.g.all.answers[k]);
                let counts_for = |role: Scope, t: &Tally| {
                    let d = &t.answers[k];
                    AnswerCounts {
                        role,
                        respondents: t.respondents,
                        answered: d.answered,
                        counts: match &values {
                            Some(vs) => vs
                                .iter()
                                .map(|v| d.values.get(v).copied().unwrap_or(0))
                                .collect(),
                            None => d.options.clone(),
                        },
                        dont_know: d.dont_know,
                        not_asked: d.not_asked,
                        not_answered: d.missing,
                    }
                };
                let mut counts = vec![counts_for(Scope::Group, &self.g.all)];
                counts.extend(self.roles.iter().map(|(r, t)| counts_for(r.clone(), t)));
                QuestionAnswers {
                    question: x.id.to_string(),
                    text: x.text.to_string(),
                    kind,
                    choices,
                    counts,
                }
            })
            .collect()
    }
}

/// A scale lists every point when it has at most this many; a wider one lists the
/// values the group used.
const SCALE_POINTS_LISTED: i64 = 21;

/// A counted question's kind word, its choices and, for a scale, the values they are.
fn choices(
    x: &crate::questionnaire::Question,
    all: &group::Dist,
) -> (&'static str, Vec<AnswerChoice>, Option<Vec<i64>>) {
    let opts = |o: &[crate::questionnaire::Choice]| {
        o.iter()
            .map(|c| AnswerChoice {
                id: c.id.to_string(),
                label: c.label.to_string(),
            })
            .collect()
    };
    match &x.kind {
        Kind::Scale(sc) => {
            let values: Vec<i64> = if sc.max - sc.min < SCALE_POINTS_LISTED {
                (sc.min..=sc.max).collect()
            } else {
                all.values.keys().copied().collect()
            };
            let choices = values
                .iter()
                .map(|v| AnswerChoice {
                    id: v.to_string(),
                    label: match sc.label(*v) {
                        Some(l) => format!("{v} {l}"),
                        None => v.to_string(),
                    },
                })
                .collect();
            ("scale", choices, Some(values))
        }
        Kind::Multi { options } => ("multi", opts(options), None),
        _ => ("single", opts(x.kind.options()), None),
    }
}
