//! The workshop (group) report: what each side of the room believes, where two roles
//! see the company differently, where people disagree, which causes most people point
//! to.

use super::{LadderStep, QuestionnaireInfo, SCHEMA_VERSION, cause_name, ladder_steps, r1};
use crate::group::{self, Group, Tally};
use crate::questionnaire::{Basis, Kind, OTHER_CAUSE, Questionnaire};
use crate::scoring;
use serde::{Serialize, Serializer};

/// Dimensions whose spread across respondents reaches this many points are flagged
/// for discussion.
pub const DISCUSS_SPREAD: f64 = 20.0;

/// Whose figures a row holds. Kept apart from role ids, so a role may be called `all`,
/// `group`, `rest` or `unspecified`; in JSON it is the role id or that word, as in
/// schema version 1.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scope {
    /// Everyone (`group`, or `all` in checklist shares and ladder counts).
    Group,
    /// One role, by id.
    Role(String),
    /// Respondents whose file names no role (`unspecified`).
    NoRole,
    /// Everyone but the role a gap is about (`rest`).
    Rest,
}

impl Scope {
    fn of(role: &Option<String>) -> Scope {
        match role {
            Some(id) => Scope::Role(id.clone()),
            None => Scope::NoRole,
        }
    }

    /// The JSON word, with `group` for the whole group.
    pub fn as_str(&self) -> &str {
        match self {
            Scope::Group => "group",
            Scope::Role(id) => id,
            Scope::NoRole => "unspecified",
            Scope::Rest => "rest",
        }
    }

    /// For fields where schema version 1 calls the whole group `all`.
    fn serialize_all<S: Serializer>(s: &Scope, ser: S) -> Result<S::Ok, S::Error> {
        match s {
            Scope::Group => ser.serialize_str("all"),
            other => other.serialize(ser),
        }
    }
}

impl Serialize for Scope {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        ser.serialize_str(self.as_str())
    }
}

/// Where a group of five-whys chains ends: a listed cause, "other", or no tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainTag {
    Cause(String),
    Other,
    Untagged,
}

impl Serialize for ChainTag {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        ser.serialize_str(match self {
            ChainTag::Cause(id) => id,
            ChainTag::Other => OTHER_CAUSE,
            ChainTag::Untagged => "untagged",
        })
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupReport {
    pub schema_version: u32,
    pub questionnaire: QuestionnaireInfo,
    pub anonymous: bool,
    pub respondents: usize,
    pub incomplete: usize,
    pub overall: Option<f64>,
    /// The mean raw total, for `basis = "raw"` levels: such instruments' headline.
    pub raw_total: Option<f64>,
    pub level: Option<String>,
    /// Roles present, in the questionnaire's order (`unspecified` when a file has none).
    pub roles: Vec<RoleSummary>,
    pub people: Vec<PersonRow>,
    pub dimensions: Vec<GroupDimension>,
    /// The two compared roles (the questionnaire's `compare_roles`), when both answered.
    #[serde(skip)]
    pub compared: Option<(RoleRef, RoleRef)>,
    /// First compared role minus the second per dimension, largest difference first
    /// (empty unless both answered). Named for the default pair in schema version 1.
    #[serde(rename = "sales_vs_marketing")]
    pub perception_gap: Vec<Gap>,
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
    /// Set when the group is one wave of a scheduled re-scoring (scored with gates or a
    /// baseline): its name, titled as a wave rather than a workshop.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wave: Option<String>,
    /// The questionnaire's discussion prompts for the largest gaps, the dimensions the
    /// room disagrees on and the top causes (see [`super::summary::discussion`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub discussion: Vec<super::summary::DiscussionItem>,
}

impl GroupReport {
    /// What the report is called after the questionnaire's title.
    pub fn kind(&self) -> String {
        match &self.wave {
            Some(w) if !w.is_empty() => format!("wave {w}"),
            Some(_) => "wave report".into(),
            None => "workshop report".into(),
        }
    }
}

/// A role as the perception-gap table names it.
#[derive(Debug, Clone)]
pub struct RoleRef {
    pub id: String,
    /// As declared: a table heading (`Sales`).
    pub name: String,
    /// Inside a sentence (`sales`): the first letter lowered unless the name starts
    /// with an acronym (`IT`, `SDRs`).
    pub in_sentence: String,
}

impl RoleRef {
    fn new(id: &str, name: &str) -> RoleRef {
        let mut c = name.chars();
        let in_sentence = match (c.next(), c.next()) {
            (Some(a), Some(b)) if a.is_uppercase() && !b.is_uppercase() => {
                a.to_lowercase().chain(name.chars().skip(1)).collect()
            }
            _ => name.to_string(),
        };
        RoleRef {
            id: id.to_string(),
            name: name.to_string(),
            in_sentence,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct RoleSummary {
    pub id: Scope,
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
    pub role: Scope,
    pub date: Option<String>,
    pub overall: Option<f64>,
    /// The respondent's raw total, for `basis = "raw"` levels.
    pub raw_total: Option<f64>,
    /// The respondent's own level (stage).
    pub level: Option<String>,
    pub complete: bool,
    pub missing: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoleScore {
    pub role: Scope,
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
    pub role: Scope,
    /// The other side: a role, or `rest` for everyone else.
    pub versus: Scope,
    pub score: f64,
    pub versus_score: f64,
    /// `score − versus_score`.
    pub gap: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoleCount {
    pub role: Scope,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupCause {
    pub rank: usize,
    pub id: String,
    pub name: String,
    /// Pooled over the group: 100 × Σ evidence received / Σ evidence possible.
    pub severity: f64,
    /// How many respondents have this cause among their own three most severe (only
    /// respondents who gave evidence for it count).
    pub in_top3: usize,
    /// How many respondents gave evidence for this cause: what `in_top3` is out of.
    pub with_evidence: usize,
    pub in_top3_by_role: Vec<RoleCount>,
    pub explanation: String,
    pub remedies: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupFinding {
    pub id: String,
    pub name: String,
    pub insight: String,
    /// `group` and/or roles for which the finding's conditions hold on mean scores.
    pub fires_for: Vec<Scope>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Share {
    #[serde(serialize_with = "Scope::serialize_all")]
    pub role: Scope,
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
    #[serde(serialize_with = "Scope::serialize_all")]
    pub role: Scope,
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
    pub role: Scope,
    pub symptom: String,
    pub whys: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChainGroup {
    /// A cause id, `other`, or `untagged`.
    pub cause: ChainTag,
    pub cause_name: String,
    pub chains: Vec<ChainRow>,
}

impl GroupLadder {
    /// The group's counts first, then each role's (the tidy CSV's order).
    pub fn group_first(&self) -> impl Iterator<Item = &StepCounts> {
        let group = self.counts.iter().filter(|c| c.role == Scope::Group);
        group.chain(self.counts.iter().filter(|c| c.role != Scope::Group))
    }
}

impl GroupReport {
    /// A scope's name in a table or list: `All` for the whole group, a role's name,
    /// `No role given`, `Rest`.
    pub fn label(&self, s: &Scope) -> String {
        match s {
            Scope::Group => "All".to_string(),
            Scope::Rest => "Rest".to_string(),
            Scope::NoRole => "No role given".to_string(),
            Scope::Role(id) => self
                .roles
                .iter()
                .find(|x| &x.id == s)
                .map(|x| x.name.clone())
                .unwrap_or_else(|| id.clone()),
        }
    }

    /// Whom a finding holds for: `whole group` (`Whole group` when the list starts a
    /// sentence) and role names.
    pub fn holds_for(&self, f: &GroupFinding, sentence_start: bool) -> Vec<String> {
        f.fires_for
            .iter()
            .map(|s| match s {
                Scope::Group if sentence_start => "Whole group".to_string(),
                Scope::Group => "whole group".to_string(),
                s => self.label(s),
            })
            .collect()
    }

    /// The dimensions worth discussing, widest spread first.
    pub fn to_discuss(&self) -> Vec<&GroupDimension> {
        let mut ds: Vec<&GroupDimension> = self.dimensions.iter().filter(|d| d.discuss).collect();
        ds.sort_by(|a, b| scoring::cmp_desc(a.spread.unwrap_or(0.0), b.spread.unwrap_or(0.0)));
        ds
    }

    /// A role's three largest gaps against everyone else.
    pub fn top_gaps<'a>(&'a self, role: &'a Scope) -> impl Iterator<Item = &'a Gap> + 'a {
        self.role_vs_rest
            .iter()
            .filter(move |g| &g.role == role)
            .take(3)
    }

    /// The ladder's counts for the whole group.
    pub fn ladder_all(&self) -> Option<&StepCounts> {
        self.ladder
            .as_ref()?
            .counts
            .iter()
            .find(|c| c.role == Scope::Group)
    }

    /// The sentence under the perception-gap table: which side sees the largest gap's
    /// dimension more favourably.
    pub fn largest_gap_sentence(&self) -> Option<String> {
        let g = self.perception_gap.first()?;
        let (a, b) = self.compared.as_ref()?;
        let who = if g.gap < 0.0 { &b.name } else { &a.name };
        Some(format!(
            "Largest gap: {}. {who} sees it {:.1} points more favourably.",
            g.dimension_name,
            g.gap.abs()
        ))
    }
}

/// The discussion threshold as reports write it (`20`).
pub fn discuss_spread() -> String {
    crate::numfmt::short(DISCUSS_SPREAD)
}

/// Under the scores-by-role table: what the figures are and what ⚑ marks.
pub fn spread_note() -> String {
    format!(
        "Scores are means of the respondents' scores. Spread is the standard deviation across respondents, in points; ⚑ marks {} or more: the room does not agree there.",
        discuss_spread()
    )
}

/// When no dimension reaches the discussion threshold.
pub fn no_disagreement() -> String {
    format!(
        "No dimension has a spread of {} points or more: the room broadly agrees.",
        discuss_spread()
    )
}

/// A gap between two sides' means at least this large is marked in the charts.
pub const NOTABLE_GAP: f64 = 20.0;

/// The notable-gap threshold as reports write it (`20`).
pub fn notable_gap() -> String {
    crate::numfmt::short(NOTABLE_GAP)
}

impl Gap {
    /// A difference of at least `NOTABLE_GAP` points, either way.
    pub fn notable(&self) -> bool {
        self.gap.abs() >= NOTABLE_GAP
    }
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

/// A value shown beside a level (the overall score or raw total the levels are banded
/// on): rounded so it stays in the band the value reaches (see `ranking::shown_in_band`).
fn beside_level(q: &Questionnaire, v: Option<f64>, basis: Basis) -> Option<f64> {
    let v = v?;
    Some(match &q.levels {
        Some(l) if l.basis == basis => match scoring::band_of(&l.bands, v) {
            Some(i) => super::ranking::shown_in_band(v, &l.bands, i),
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
    level.map(|i| levels.bands[i].name.clone())
}

/// What every part of the build reads: the questionnaire, the group and its roles.
struct Ctx<'a> {
    q: &'a Questionnaire,
    g: &'a Group,
    roles: Vec<(&'a Option<String>, &'a Tally)>,
    anonymous: bool,
}

/// Builds the group report from a group added up in file order.
pub fn build(q: &Questionnaire, g: &Group, anonymous: bool) -> GroupReport {
    let cx = Ctx {
        q,
        g,
        roles: g.roles_in_order(q),
        anonymous,
    };
    let all = &g.all;
    let (compared, perception_gap) = cx.perception_gap();
    let (causes_ranked, causes) = cx.causes();
    let mut report = GroupReport {
        schema_version: SCHEMA_VERSION,
        questionnaire: QuestionnaireInfo {
            id: q.id.clone(),
            version: q.version.clone(),
            title: q.title.clone(),
        },
        anonymous,
        respondents: all.respondents,
        incomplete: all.incomplete,
        overall: beside_level(q, all.overall.mean(), Basis::Percent),
        raw_total: beside_level(q, all.raw.mean(), Basis::Raw),
        level: level_of(q, all),
        roles: cx.role_summaries(),
        people: cx.people(),
        dimensions: cx.dimensions(),
        compared,
        perception_gap,
        role_vs_rest: cx.role_vs_rest(),
        causes,
        causes_ranked,
        findings: cx.findings(),
        checklists: cx.checklists(),
        ladder: cx.ladder(),
        five_whys: cx.five_whys(),
        wave: None,
        discussion: Vec::new(),
    };
    report.discussion = super::summary::discussion(q, &report);
    report
}

impl Ctx<'_> {
    fn role_summaries(&self) -> Vec<RoleSummary> {
        self.roles
            .iter()
            .map(|(role, t)| RoleSummary {
                id: Scope::of(role),
                name: role_label(self.q, role),
                respondents: t.respondents,
                incomplete: t.incomplete,
                overall: beside_level(self.q, t.overall.mean(), Basis::Percent),
                level: level_of(self.q, t),
            })
            .collect()
    }

    fn people(&self) -> Vec<PersonRow> {
        let anonymous = self.anonymous;
        self.g
            .people
            .iter()
            .enumerate()
            .map(|(i, r)| PersonRow {
                number: i + 1,
                name: if anonymous { None } else { r.name.clone() },
                file: (!anonymous).then(|| r.file.clone()),
                role: Scope::of(&r.role),
                date: r.date.clone(),
                overall: beside_level(self.q, r.overall, Basis::Percent),
                raw_total: beside_level(self.q, r.raw, Basis::Raw),
                level: r
                    .level
                    .and_then(|i| Some(self.q.levels.as_ref()?.bands[i].name.clone())),
                complete: r.complete,
                missing: r.missing,
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
                    id: dim.id.clone(),
                    name: dim.name.clone(),
                    score: stat.mean().map(r1),
                    by_role: self
                        .roles
                        .iter()
                        .map(|(role, t)| RoleScore {
                            role: Scope::of(role),
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
                        dimension: self.q.dimensions[d].id.clone(),
                        dimension_name: self.q.dimensions[d].name.clone(),
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
            .find(|(r, _)| r.as_deref() == Some(id))
            .map(|(_, t)| *t)
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
        let gaps = self.gaps(Scope::Role(a.id.clone()), Scope::Role(b.id.clone()), |d| {
            Some((s.dimensions[d].mean()?, m.dimensions[d].mean()?))
        });
        let pair = (RoleRef::new(&a.id, &a.name), RoleRef::new(&b.id, &b.name));
        (Some(pair), gaps)
    }

    fn role_vs_rest(&self) -> Vec<Gap> {
        let all = &self.g.all;
        let mut out = Vec::new();
        for (role, t) in &self.roles {
            out.extend(self.gaps(Scope::of(role), Scope::Rest, |d| {
                let a = t.dimensions[d].mean()?;
                Some((a, all.dimensions[d].mean_without(&t.dimensions[d])?))
            }));
        }
        out
    }

    fn causes(&self) -> (usize, Vec<GroupCause>) {
        let (q, all) = (self.q, &self.g.all);
        let severity = all.severity();
        let ranked = group::rank(&severity, &all.top3);
        let causes = ranked
            .iter()
            .enumerate()
            .map(|(i, &c)| GroupCause {
                rank: i + 1,
                id: q.causes[c].id.clone(),
                name: q.causes[c].name.clone(),
                severity: r1(severity[c].unwrap_or(0.0)),
                in_top3: all.top3[c],
                with_evidence: all.with_evidence[c],
                in_top3_by_role: self
                    .roles
                    .iter()
                    .map(|(role, t)| RoleCount {
                        role: Scope::of(role),
                        count: t.top3[c],
                    })
                    .filter(|rc| rc.count > 0)
                    .collect(),
                explanation: q.causes[c].explanation.clone(),
                remedies: q.causes[c].remedies.clone(),
            })
            .collect();
        (ranked.len(), causes)
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
                fired_for[f].push(Scope::of(role));
            }
        }
        q.findings
            .iter()
            .zip(fired_for)
            .filter(|(_, w)| !w.is_empty())
            .map(|(f, w)| GroupFinding {
                id: f.id.clone(),
                name: f.name.clone(),
                insight: f.insight.clone(),
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
                        all: share(Scope::Group, &self.g.all, k, oi),
                        by_role: self
                            .roles
                            .iter()
                            .map(|(role, t)| share(Scope::of(role), t, k, oi))
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
                .map(|(role, t)| counts_for(Scope::of(role), t))
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

    /// Five-whys chains by the cause they were tagged with.
    fn five_whys(&self) -> Vec<ChainGroup> {
        let q = self.q;
        let mut groups: Vec<ChainGroup> = Vec::new();
        for r in &self.g.people {
            for c in &r.chains {
                let tag = match c.cause.as_deref() {
                    None => ChainTag::Untagged,
                    Some(OTHER_CAUSE) => ChainTag::Other,
                    Some(id) => ChainTag::Cause(id.to_string()),
                };
                let row = ChainRow {
                    respondent: if self.anonymous { None } else { r.name.clone() },
                    role: Scope::of(&r.role),
                    symptom: c.symptom.clone(),
                    whys: c.whys.clone(),
                };
                match groups.iter_mut().find(|g| g.cause == tag) {
                    Some(g) => g.chains.push(row),
                    None => groups.push(ChainGroup {
                        cause_name: match &tag {
                            ChainTag::Untagged => "Not tagged".to_string(),
                            ChainTag::Other => cause_name(q, OTHER_CAUSE).unwrap_or_default(),
                            ChainTag::Cause(id) => {
                                cause_name(q, id).unwrap_or_else(|| "Not tagged".into())
                            }
                        },
                        cause: tag,
                        chains: vec![row],
                    }),
                }
            }
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
        groups
    }
}
