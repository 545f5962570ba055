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
    /// Roles smaller than `--min-group`, folded together (`combined`).
    Combined,
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
            Scope::Combined => "combined",
        }
    }

    fn is_group(&self) -> bool {
        *self == Scope::Group
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
    /// `--min-group` (3 with `--anonymous` unless given): no role breakdown for fewer.
    pub min_group: Option<usize>,
    pub respondents: usize,
    /// Answers files with no answer at all, left out of the group.
    pub blank_files: usize,
    /// Respondents with an overall score.
    pub scored: usize,
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
    /// Which causes lead together (within the tie rule's points of the most severe).
    pub ranking: super::RankingInfo,
    pub findings: Vec<GroupFinding>,
    pub checklists: Vec<GroupChecklist>,
    pub ladder: Option<GroupLadder>,
    pub five_whys: Vec<ChainGroup>,
    /// Every choice and scale question: how the group and each role answered.
    pub answers: Vec<QuestionAnswers>,
    /// Free-text answers by question, every one of them.
    pub free_text: Vec<FreeTextQuestion>,
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
    /// Respondents with an overall score.
    pub scored: usize,
    pub overall: Option<f64>,
    pub level: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
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
    /// Within the tie rule's points of the most severe cause.
    pub tied_with_top: bool,
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

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChainRow {
    pub respondent: Option<String>,
    /// `None` when `--min-group` leaves the role out.
    pub role: Option<Scope>,
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

/// One choice or scale question's answers, counted by role. In JSON the whole group's
/// counts are `all` and the roles' `by_role`, so a role may be called `all`.
#[derive(Debug, Clone)]
pub struct QuestionAnswers {
    pub question: String,
    pub text: String,
    /// `single`, `multi` (counts are ticks; several per respondent) or `scale`.
    pub kind: &'static str,
    /// What could be answered, in order: option ids, or scale values.
    pub choices: Vec<AnswerChoice>,
    /// The whole group first, then each role shown.
    pub counts: Vec<AnswerCounts>,
}

impl Serialize for QuestionAnswers {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = ser.serialize_struct("QuestionAnswers", 6)?;
        st.serialize_field("question", &self.question)?;
        st.serialize_field("text", &self.text)?;
        st.serialize_field("kind", self.kind)?;
        st.serialize_field("choices", &self.choices)?;
        st.serialize_field("all", &self.counts.first())?;
        st.serialize_field("by_role", self.counts.get(1..).unwrap_or(&[]))?;
        st.end()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct AnswerChoice {
    /// An option id, or a scale value written as a number.
    pub id: String,
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AnswerCounts {
    /// Left out for the whole group (the `all` field).
    #[serde(skip_serializing_if = "Scope::is_group")]
    pub role: Scope,
    pub respondents: usize,
    /// Respondents who answered (for a checklist: who answered it at all).
    pub answered: usize,
    /// One per choice.
    pub counts: Vec<usize>,
    pub dont_know: usize,
    /// Its condition did not hold, so it was never asked.
    pub not_asked: usize,
    pub not_answered: usize,
}

impl AnswerCounts {
    /// The respondents who gave no answer to count, as (id, label, how many): don't
    /// know, not asked, not answered.
    pub fn others(&self) -> [(&'static str, &'static str, usize); 3] {
        [
            ("dont_know", "Don't know", self.dont_know),
            ("not_asked", "Not asked (condition)", self.not_asked),
            ("not_answered", "Not answered", self.not_answered),
        ]
    }
}

/// A free-text question and what people wrote.
#[derive(Debug, Clone, Serialize)]
pub struct FreeTextQuestion {
    pub question: String,
    pub text: String,
    /// By role (as the report orders roles), then text; by text alone when roles are
    /// left out.
    pub answers: Vec<FreeTextAnswer>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FreeTextAnswer {
    /// `None` when `--min-group` leaves the role out.
    pub role: Option<Scope>,
    pub text: String,
}

/// What a group report may show about people: `--anonymous` and `--min-group`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Privacy {
    /// No names, file names or dates of respondents; no per-respondent table.
    pub anonymous: bool,
    /// Roles with fewer respondents are folded together or left out.
    pub min_group: Option<usize>,
}

impl Privacy {
    /// `--anonymous` implies a minimum group of 3 unless one is given.
    pub fn new(anonymous: bool, min_group: Option<usize>) -> Privacy {
        Privacy {
            anonymous,
            min_group: min_group.or(anonymous.then_some(DEFAULT_MIN_GROUP)),
        }
    }

    /// Whether there is a minimum at all (`--min-group 1` changes nothing).
    fn folds(&self) -> bool {
        self.min_group.is_some_and(|n| n > 1)
    }

    /// A per-respondent row is a figure for one person: gone with either option.
    fn hides_people(&self) -> bool {
        self.anonymous || self.folds()
    }
}

/// The minimum group `--anonymous` implies.
pub const DEFAULT_MIN_GROUP: usize = 3;

/// Which roles `--min-group min` folds together, given each role's (respondents,
/// compared) in report order. Every role under the minimum is folded; while the folded
/// roles hold fewer than `min` people (or just one role, which folding would not
/// hide), the smallest role still shown is folded in too, compared roles last, so
/// that the group's figures minus the roles shown never give away a small role's.
/// Everything is folded when no split keeps `min` people on each side.
pub fn fold(sizes: &[(usize, bool)], min: usize) -> Vec<bool> {
    let mut folded: Vec<bool> = sizes.iter().map(|(n, _)| *n < min).collect();
    loop {
        let count = folded.iter().filter(|f| **f).count();
        let people: usize = sizes
            .iter()
            .zip(&folded)
            .filter(|(_, f)| **f)
            .map(|(s, _)| s.0)
            .sum();
        if count == 0 || count == sizes.len() || (people >= min && count >= 2) {
            return folded;
        }
        let next = (0..sizes.len())
            .filter(|i| !folded[*i])
            .min_by_key(|&i| (sizes[i].1, sizes[i].0, std::cmp::Reverse(i)));
        match next {
            Some(i) => folded[i] = true,
            None => return folded,
        }
    }
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
            Scope::Combined => COMBINED.to_string(),
            Scope::Role(id) => self
                .roles
                .iter()
                .find(|x| &x.id == s)
                .map(|x| x.name.clone())
                .unwrap_or_else(|| id.clone()),
        }
    }

    /// A chain's or comment's role: its name, or `role not shown` under `--min-group`.
    pub fn label_of(&self, s: &Option<Scope>) -> String {
        match s {
            Some(s) => self.label(s),
            None => "role not shown".to_string(),
        }
    }

    /// The respondents line under a group report's title: "12 respondents: 5 sales,
    /// 4 marketing, 3 in smaller roles combined", "14 respondents, none gave a role".
    pub fn respondents_line(&self) -> String {
        let n = crate::numfmt::plural(self.respondents, "respondent", "respondents");
        let parts: Vec<String> = self
            .roles
            .iter()
            .map(|x| match &x.id {
                Scope::NoRole => format!("{} without a role", x.respondents),
                Scope::Combined => format!("{} in smaller roles", x.respondents),
                _ => format!(
                    "{} {}",
                    x.respondents,
                    RoleRef::new("", &x.name).in_sentence
                ),
            })
            .collect();
        let mut line = match self.roles.as_slice() {
            [] if self.min_group.is_some() => {
                format!("{n}; no role has enough people to be shown apart")
            }
            [one] if one.id == Scope::NoRole && self.respondents > 1 => {
                format!("{n}, none gave a role")
            }
            [one] if one.id == Scope::NoRole => format!("{n}, who gave no role"),
            _ => format!("{n}: {}", parts.join(", ")),
        };
        line.push('.');
        if self.blank_files > 0 {
            line.push_str(&format!(
                " {} with no answers left out.",
                crate::numfmt::plural(self.blank_files, "file", "files")
            ));
        }
        line
    }

    /// What the privacy options did, for the report's header; `None` without them.
    pub fn privacy_note(&self) -> Option<String> {
        let mut parts = Vec::new();
        if self.anonymous {
            parts.push("Anonymous: no names, file names, dates or per-respondent rows.".into());
        }
        if let Some(n) = self.min_group.filter(|n| *n > 1) {
            let mut s = format!("No role is shown apart with fewer than {n} respondents");
            if self.roles.iter().any(|r| r.id == Scope::Combined) {
                s.push_str(&format!("; smaller roles are combined as “{COMBINED}”"));
            }
            s.push_str(". Five-whys chains and comments keep only a role that is shown.");
            parts.push(s);
        }
        (!parts.is_empty()).then(|| parts.join(" "))
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

/// The name of the folded roles' row.
pub const COMBINED: &str = "Smaller roles";

/// How many free-text answers per question human formats list before pointing to
/// the JSON and CSV, which keep them all.
pub const FREE_TEXT_SHOWN: usize = 40;

/// How many respondents human formats list before pointing to the JSON and CSV, which
/// keep every row: a company-wide table is unreadable and its size is the output's.
pub const PEOPLE_SHOWN: usize = 50;

/// How many five-whys chains per root cause human formats list before pointing to the
/// JSON and CSV; each cause's count stays complete.
pub const CHAINS_SHOWN: usize = 20;

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
    report.discussion = super::summary::discussion(q, &report);
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

    fn causes(&self) -> (usize, Vec<GroupCause>, super::RankingInfo) {
        let (q, all) = (self.q, &self.g.all);
        let severity = all.severity();
        let ranked = group::rank(&severity, &all.top3);
        let pairs: Vec<(&str, f64)> = ranked
            .iter()
            .map(|&c| (q.causes[c].name.as_str(), r1(severity[c].unwrap_or(0.0))))
            .collect();
        let info = super::ranking::group_ranking_info(&pairs);
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

#[cfg(test)]
mod tests {
    use super::*;

    const F: bool = false;
    const T: bool = true;

    #[test]
    fn small_roles_fold_together_when_they_reach_the_minimum() {
        // sales 5, marketing 4 (compared), leadership 2, other 1: 2 + 1 = 3.
        let sizes = [(5, T), (4, T), (2, F), (1, F)];
        assert_eq!(fold(&sizes, 3), [F, F, T, T]);
        assert_eq!(fold(&sizes, 1), [F, F, F, F]);
    }

    #[test]
    fn one_small_role_takes_the_smallest_other_role_with_it() {
        // Folded alone, "smaller roles" would be the one person, and the group minus
        // the roles shown would give their figures: the smallest other role (not a
        // compared one while there is a choice) is folded in too.
        assert_eq!(fold(&[(5, T), (4, T), (3, F), (1, F)], 3), [F, F, T, T]);
        assert_eq!(fold(&[(5, T), (4, T), (1, F)], 3), [F, T, T]);
        assert_eq!(fold(&[(5, T), (4, T), (6, F), (1, F)], 3), [F, F, T, T]);
        // Two small roles under the minimum together: one more joins them.
        assert_eq!(fold(&[(5, T), (4, T), (1, F), (1, F)], 3), [F, T, T, T]);
    }

    #[test]
    fn a_group_under_the_minimum_shows_no_role_at_all() {
        assert_eq!(fold(&[(2, T)], 3), [T]);
        assert_eq!(fold(&[(1, T), (1, T)], 3), [T, T]);
        assert_eq!(fold(&[(3, T), (3, T)], 3), [F, F]);
        assert_eq!(fold(&[], 3), Vec::<bool>::new());
    }
}
