//! The validated questionnaire: references resolved to indices, defaults applied.
//! Everything downstream (interview, scoring, reports) works on this.

#[derive(Debug, Clone, PartialEq)]
pub struct Questionnaire {
    pub id: String,
    pub version: String,
    pub title: String,
    pub description: String,
    pub dont_know_label: String,
    pub sources: Vec<Source>,
    pub roles: Vec<Role>,
    pub dimensions: Vec<Dimension>,
    pub causes: Vec<Cause>,
    pub levels: Option<Levels>,
    pub ladder: Option<Ladder>,
    pub questions: Vec<Question>,
    pub findings: Vec<Finding>,
    /// The two roles (indices into `roles`) whose views the perception-gap table
    /// compares: `compare_roles`, or the first two roles; `None` with a single role.
    pub compared_roles: Option<(usize, usize)>,
    /// Earlier versions this one continues (`[[earlier]]`), for trends across versions.
    pub earlier: Vec<Earlier>,
    /// Id → index look-ups, built once when the questionnaire is validated: every
    /// answer of every file is resolved through them.
    pub(crate) ids: Ids,
}

/// Question and cause ids by index. A hint only: every look-up checks the index it
/// finds and falls back to a scan, so a questionnaire edited after validation (tests,
/// the interview) still answers right.
#[derive(Debug, Clone, Default)]
pub(crate) struct Ids {
    pub(super) questions: rustc_hash::FxHashMap<String, usize>,
    pub(super) causes: rustc_hash::FxHashMap<String, usize>,
}

impl Ids {
    pub(crate) fn new(questions: &[Question], causes: &[Cause]) -> Ids {
        let mut ids = Ids::default();
        for (i, x) in questions.iter().enumerate().rev() {
            ids.questions.insert(x.id.clone(), i);
        }
        for (i, x) in causes.iter().enumerate().rev() {
            ids.causes.insert(x.id.clone(), i);
        }
        ids
    }
}

/// The index is derived from the rest, so it never makes two questionnaires differ.
impl PartialEq for Ids {
    fn eq(&self, _: &Ids) -> bool {
        true
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub author: Option<String>,
    pub url: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Role {
    pub id: String,
    pub name: String,
    /// One line saying who should pick this role, shown where a respondent chooses
    /// one (the interview, `tandem serve`); may be empty.
    pub description: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Dimension {
    pub id: String,
    pub name: String,
    pub description: String,
    pub weight: f64,
    /// Bands over this dimension's 0–100 score (`[[dimensions.levels]]`); may be empty.
    pub levels: Vec<Band>,
    /// Workshop discussion prompts (optional; empty when none).
    pub discuss: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cause {
    pub id: String,
    pub name: String,
    pub explanation: String,
    pub remedies: Vec<String>,
    /// Source ids.
    pub sources: Vec<String>,
    /// Workshop discussion prompts (optional; empty when none).
    pub discuss: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// Bands over the 0–100 overall score; `[min, max)`, the last band closed.
    Percent,
    /// Bands over the raw sum of points; inclusive integer ranges.
    Raw,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Levels {
    pub basis: Basis,
    /// Dimension indices the raw sum covers (all when `None`).
    pub dimensions: Option<Vec<usize>>,
    pub bands: Vec<Band>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    pub min: f64,
    pub max: f64,
    pub name: String,
    pub description: String,
    /// Dimension floors this level also needs; `None`: the band alone decides.
    pub requires: Option<Requirement>,
}

/// A maturity-model gate: the level is reached only when every dimension named (every
/// dimension when `dimensions` is `None`) scores at least `at_least` (0–100).
#[derive(Debug, Clone, PartialEq)]
pub struct Requirement {
    pub at_least: f64,
    pub dimensions: Option<Vec<usize>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Ladder {
    pub name: String,
    /// Question indices; both are `single` questions with the same options, lowest step first.
    pub current: usize,
    pub desired: usize,
    pub source: Option<String>,
    /// Option index → published percentage choosing it as the desired level.
    pub benchmark: Vec<(usize, f64)>,
    pub benchmark_note: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    pub id: String,
    pub text: String,
    pub help: String,
    /// Scored in this dimension when `Some`.
    pub dimension: Option<usize>,
    pub weight: f64,
    pub source: Option<String>,
    pub dont_know: bool,
    pub ask_if: Option<Condition>,
    /// Role ids this question is asked of; empty: every role.
    pub roles: Vec<String>,
    pub kind: Kind,
}

impl Question {
    /// Whether a respondent in `role` is asked this question. A respondent whose role
    /// is not known is asked everything: nothing says the question does not apply.
    pub fn for_role(&self, role: Option<&str>) -> bool {
        self.roles.is_empty() || role.is_none_or(|r| self.roles.iter().any(|x| x == r))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Single {
        options: Vec<Choice>,
    },
    Multi {
        options: Vec<Choice>,
    },
    Scale(Scale),
    Text,
    FiveWhys {
        evidence_weight: f64,
        max_whys: usize,
    },
}

impl Kind {
    pub fn name(&self) -> &'static str {
        match self {
            Kind::Single { .. } => "single",
            Kind::Multi { .. } => "multi",
            Kind::Scale(_) => "scale",
            Kind::Text => "text",
            Kind::FiveWhys { .. } => "five_whys",
        }
    }

    pub fn options(&self) -> &[Choice] {
        match self {
            Kind::Single { options } | Kind::Multi { options } => options,
            Kind::Scale(_) | Kind::Text | Kind::FiveWhys { .. } => &[],
        }
    }

    /// Whether a question of this kind can carry a score (`dimension`).
    pub fn is_scorable(&self) -> bool {
        match self {
            Kind::Single { .. } | Kind::Multi { .. } | Kind::Scale(_) => true,
            Kind::Text | Kind::FiveWhys { .. } => false,
        }
    }

    /// Lowest and highest points a question of this kind can score.
    pub fn points_range(&self) -> (f64, f64) {
        match self {
            Kind::Scale(s) => (s.min as f64, s.max as f64),
            Kind::Single { options } => {
                let pts = options.iter().filter_map(|o| o.points);
                let lo = pts.clone().fold(f64::INFINITY, f64::min);
                let hi = pts.fold(f64::NEG_INFINITY, f64::max);
                if lo.is_finite() { (lo, hi) } else { (0.0, 0.0) }
            }
            Kind::Multi { options } => {
                options
                    .iter()
                    .filter_map(|o| o.points)
                    .fold((0.0, 0.0), |(lo, hi), p| {
                        if p < 0.0 { (lo + p, hi) } else { (lo, hi + p) }
                    })
            }
            Kind::Text | Kind::FiveWhys { .. } => (0.0, 0.0),
        }
    }
}

/// Lowest and highest possible raw sum of the scored questions in the dimensions `dims`
/// (all when `None`). A free function because validation needs it before the
/// questionnaire is assembled.
pub fn raw_range(questions: &[Question], dims: Option<&[usize]>) -> (f64, f64) {
    let mut lo = 0.0;
    let mut hi = 0.0;
    for q in questions {
        let Some(d) = q.dimension else { continue };
        if dims.is_some_and(|ds| !ds.contains(&d)) {
            continue;
        }
        let (l, h) = q.kind.points_range();
        lo += l;
        hi += h;
    }
    (lo, hi)
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scale {
    pub min: i64,
    pub max: i64,
    /// One per value from `min` to `max`, or empty.
    pub labels: Vec<String>,
    pub reverse: bool,
    /// Cause index → weight; evidence is `weight × (1 − normalised score)`.
    pub evidence: Vec<(usize, f64)>,
}

impl Scale {
    pub fn label(&self, value: i64) -> Option<&str> {
        let i = usize::try_from(value.checked_sub(self.min)?).ok()?;
        self.labels.get(i).map(String::as_str)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub id: String,
    pub label: String,
    pub help: String,
    /// Present on every option of a scored question.
    pub points: Option<f64>,
    /// Cause index → weight.
    pub evidence: Vec<(usize, f64)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// Index of an earlier question.
    pub question: usize,
    /// All must hold.
    pub tests: Vec<Test>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    /// The single-choice answer is this option.
    Equals(String),
    /// The scale answer is this value.
    EqualsValue(i64),
    AnyOf(Vec<String>),
    /// The checklist answer ticks this option.
    Includes(String),
    AtLeast(f64),
    AtMost(f64),
    Answered,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub id: String,
    pub name: String,
    pub insight: String,
    pub when: Vec<Bound>,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Metric {
    Overall,
    LadderGap,
    Dimension(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Bound {
    pub of: Metric,
    pub below: Option<f64>,
    pub above: Option<f64>,
    pub at_most: Option<f64>,
    pub at_least: Option<f64>,
}

impl Bound {
    pub fn holds(&self, v: f64) -> bool {
        self.below.is_none_or(|b| v < b)
            && self.above.is_none_or(|b| v > b)
            && self.at_most.is_none_or(|b| v <= b)
            && self.at_least.is_none_or(|b| v >= b)
    }
}

impl Questionnaire {
    pub fn question_index(&self, id: &str) -> Option<usize> {
        match self.ids.questions.get(id) {
            Some(&i) if self.questions.get(i).is_some_and(|x| x.id == id) => Some(i),
            _ => self.questions.iter().position(|q| q.id == id),
        }
    }
    pub fn cause_index(&self, id: &str) -> Option<usize> {
        match self.ids.causes.get(id) {
            Some(&i) if self.causes.get(i).is_some_and(|x| x.id == id) => Some(i),
            _ => self.causes.iter().position(|c| c.id == id),
        }
    }
    pub fn role(&self, id: &str) -> Option<&Role> {
        self.roles.iter().find(|r| r.id == id)
    }
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }
    /// Questions that carry a score.
    pub fn scored_count(&self) -> usize {
        self.questions
            .iter()
            .filter(|q| q.dimension.is_some())
            .count()
    }
}

/// An earlier version this one continues.
#[derive(Debug, Clone, PartialEq)]
pub struct Earlier {
    pub version: String,
    /// (earlier dimension id, this version's dimension id), as declared.
    pub dimensions: Vec<(String, String)>,
}

impl Earlier {
    /// This version's dimension an earlier dimension continues: as declared, else the
    /// dimension of the same id when this version still has one.
    pub fn dimension(&self, earlier: &str, now: &[Dimension]) -> Option<String> {
        match self.dimensions.iter().find(|(from, _)| from == earlier) {
            Some((_, to)) => Some(to.clone()),
            None => now
                .iter()
                .any(|d| d.id == earlier)
                .then(|| earlier.to_string()),
        }
    }
}
