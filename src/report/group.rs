//! The workshop (group) report: what each side of the room believes, where two roles
//! see the company differently, where people disagree, which causes most people point
//! to.

use super::{LadderStep, QuestionnaireInfo};
use crate::questionnaire::OTHER_CAUSE;
use crate::scoring;
use serde::{Serialize, Serializer};

mod build;
pub use build::build;

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
    pub discussion: Vec<DiscussionItem>,
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

/// One entry of the discussion guide: a dimension with a large gap or disagreement, or
/// a top cause, with the questionnaire's prompts for it.
#[derive(Debug, Clone, Serialize)]
pub struct DiscussionItem {
    /// `dimension` or `cause`.
    pub about: &'static str,
    pub id: String,
    pub name: String,
    /// Why it is on the list, as a sentence fragment ("sales 42.0, marketing 61.0").
    pub why: String,
    pub prompts: Vec<String>,
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
