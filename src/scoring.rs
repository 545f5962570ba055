//! Scoring: pure functions from a questionnaire and one answer set to scores, a level,
//! ranked root causes and the findings that fire. Formulas: docs/FORMAT.md, "Scoring".

use crate::answers::{Answer, AnswerSet};
use crate::questionnaire::{Basis, Kind, Ladder, Metric, Question, Questionnaire, Test};
use std::cmp::Ordering;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Answered,
    DontKnow,
    /// Its `ask_if` condition does not hold: neither scored nor counted.
    Skipped,
    /// Not answered (yet).
    Missing,
    /// An optional free-text question left empty: not missing.
    Blank,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    pub question: usize,
    /// Evidence received from this answer.
    pub amount: f64,
    /// The most this question could have given.
    pub possible: f64,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct CauseScore {
    pub received: f64,
    pub possible: f64,
    /// `100 × received / possible`; `None` when nothing answered could point to it.
    pub severity: Option<f64>,
    /// Answers that gave evidence (amount > 0), in questionnaire order.
    pub evidence: Vec<Evidence>,
    /// Answered questions that could point to this cause: what the severity rests on.
    pub answers: usize,
    /// Asked questions that could point to it but were answered "don't know" or not
    /// answered.
    pub unanswered: usize,
    /// Its defining question (the one that could give it the most evidence) was asked
    /// but answered "don't know" or not answered: the strongest evidence is missing.
    pub defining_missing: bool,
    /// That defining question (an answered one when several could give the most).
    pub defining: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LadderAnswer {
    /// Option indices.
    pub current: Option<usize>,
    pub desired: Option<usize>,
}

impl LadderAnswer {
    /// Steps from today to the wish (positive: wants more alignment).
    pub fn gap(&self) -> Option<i64> {
        Some(self.desired? as i64 - self.current? as i64)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    pub status: Vec<Status>,
    /// Normalised 0..1 per question, for answered scored questions.
    pub normalised: Vec<Option<f64>>,
    /// Raw points per question, for answered scored questions.
    pub points: Vec<Option<f64>>,
    /// 0..100 per dimension.
    pub dimensions: Vec<Option<f64>>,
    pub overall: Option<f64>,
    /// Prorated raw sum (see docs), for `basis = "raw"` levels.
    pub raw: Option<f64>,
    /// Band index: the band of the value, lowered while a band's `requires` is unmet.
    pub level: Option<usize>,
    /// Band the value alone falls in (differs from `level` when requirements hold it back).
    pub level_by_score: Option<usize>,
    /// Per dimension, the index of its own band (`[[dimensions.levels]]`).
    pub dimension_levels: Vec<Option<usize>>,
    pub ladder: Option<LadderAnswer>,
    /// Indexed like the questionnaire's causes.
    pub causes: Vec<CauseScore>,
    /// Cause indices that have a severity, most severe first.
    pub ranking: Vec<usize>,
    /// How many of the first causes in `ranking` are tied with the top (see [`TIE_POINTS`]).
    pub tied_top: usize,
    /// The cause the respondent's own five-whys chain is tagged with.
    pub own_cause: Option<usize>,
    /// Finding indices that fire.
    pub findings: Vec<usize>,
}

impl Score {
    pub fn count(&self, s: Status) -> usize {
        self.status.iter().filter(|x| **x == s).count()
    }
    /// Every question asked has an answer (possibly "don't know").
    pub fn is_complete(&self) -> bool {
        self.count(Status::Missing) == 0
    }
}

/// Points of an answer to a scored question, `None` for "don't know" or a mismatch.
pub fn points(kind: &Kind, a: &Answer) -> Option<f64> {
    match (kind, a) {
        (Kind::Scale(s), Answer::Value(v)) => Some(if s.reverse {
            (s.min + s.max - v) as f64
        } else {
            *v as f64
        }),
        (Kind::Single { options }, Answer::Choice(id)) => {
            options.iter().find(|o| &o.id == id)?.points
        }
        (Kind::Multi { options }, Answer::Choices(ids)) => {
            let ticked = crate::answers::Ticks::of(ids);
            Some(
                options
                    .iter()
                    .filter(|o| ticked.contains(o.id.as_str()))
                    .filter_map(|o| o.points)
                    .sum(),
            )
        }
        _ => None,
    }
}

/// Normalised score 0..1 of points in a range; an empty range scores 1.
pub fn normalise(p: f64, (lo, hi): (f64, f64)) -> f64 {
    if hi > lo {
        ((p - lo) / (hi - lo)).clamp(0.0, 1.0)
    } else {
        1.0
    }
}

/// Whether question `qi` is asked given the answers so far, whatever the respondent's
/// role: its condition (if any) holds, and the question the condition looks at was
/// itself asked. [`asked`] also applies `roles`.
pub fn is_asked(q: &Questionnaire, qi: usize, answers: &BTreeMap<String, Answer>) -> bool {
    is_asked_at(q, qi, None, &by_index(q, answers))
}

/// Whether question `qi` is asked of this respondent: its `roles` include theirs and
/// its condition holds.
pub fn asked(q: &Questionnaire, qi: usize, set: &AnswerSet) -> bool {
    is_asked_at(q, qi, set.role.as_deref(), &by_index(q, &set.answers))
}

/// The answers by question index (`None`: unanswered), resolved once per answer set so
/// scoring never looks an answer up by its id string again.
pub fn by_index<'a>(
    q: &Questionnaire,
    answers: &'a BTreeMap<String, Answer>,
) -> Vec<Option<&'a Answer>> {
    let mut out = vec![None; q.questions.len()];
    for (id, a) in answers {
        if let Some(qi) = q.question_index(id) {
            out[qi] = Some(a);
        }
    }
    out
}

/// [`asked`] on answers by question index, for a respondent in `role` (`None`: not
/// known, asked everything).
pub fn is_asked_at(
    q: &Questionnaire,
    qi: usize,
    role: Option<&str>,
    answers: &[Option<&Answer>],
) -> bool {
    if !q.questions[qi].for_role(role) {
        return false;
    }
    let Some(cond) = &q.questions[qi].ask_if else {
        return true;
    };
    // Conditions only look backwards, so this recursion terminates.
    if cond.question >= qi || !is_asked_at(q, cond.question, role, answers) {
        return false;
    }
    let target = &q.questions[cond.question];
    let Some(a) = answers.get(cond.question).copied().flatten() else {
        return false;
    };
    cond.tests.iter().all(|t| test_holds(t, target, a))
}

fn test_holds(t: &Test, target: &Question, a: &Answer) -> bool {
    let value = match (&target.kind, a) {
        (Kind::Scale(_), Answer::Value(v)) => Some(*v),
        _ => None,
    };
    match (t, a) {
        (_, Answer::DontKnow) => false,
        (Test::Answered, _) => true,
        (Test::Equals(o), Answer::Choice(c)) => o == c,
        (Test::EqualsValue(n), _) => value == Some(*n),
        (Test::AnyOf(list), Answer::Choice(c)) => list.iter().any(|x| x == c),
        (Test::Includes(o), Answer::Choices(cs)) => cs.iter().any(|x| x == o),
        (Test::AtLeast(n), _) => value.is_some_and(|v| v as f64 >= *n),
        (Test::AtMost(n), _) => value.is_some_and(|v| v as f64 <= *n),
        _ => false,
    }
}

/// Scores one respondent.
pub fn score(q: &Questionnaire, set: &AnswerSet) -> Score {
    score_indexed(q, set.role.as_deref(), &by_index(q, &set.answers))
}

/// [`score`] with the answers already resolved by [`by_index`].
pub fn score_indexed(q: &Questionnaire, role: Option<&str>, by: &[Option<&Answer>]) -> Score {
    score_prepared(q, &Prepared::of(q), role, by)
}

/// What scoring derives from the questionnaire alone, worked out once for many
/// respondents (a group's files) instead of once per answer.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// [`potential`] of every question.
    potentials: Vec<Vec<(usize, f64)>>,
    /// Per cause, how many questions can give it evidence: the most evidence entries
    /// it can get, reserved at once.
    sources: Vec<usize>,
}

impl Prepared {
    pub fn of(q: &Questionnaire) -> Prepared {
        let potentials: Vec<Vec<(usize, f64)>> = q.questions.iter().map(potential).collect();
        let mut sources = vec![0; q.causes.len()];
        for &(ci, _) in potentials.iter().flatten() {
            if let Some(n) = sources.get_mut(ci) {
                *n += 1;
            }
        }
        Prepared {
            potentials,
            sources,
        }
    }
}

/// [`score_indexed`] with the questionnaire's [`Prepared`] part given; `prep` must be
/// made from this `q`.
pub fn score_prepared(
    q: &Questionnaire,
    prep: &Prepared,
    role: Option<&str>,
    by: &[Option<&Answer>],
) -> Score {
    let PerQuestion {
        status,
        normalised,
        points,
        mut causes,
    } = per_question(q, prep, role, by);
    let dimensions: Vec<Option<f64>> = (0..q.dimensions.len())
        .map(|di| dimension_score(q, di, &normalised))
        .collect();
    let overall = weighted_overall(q, &dimensions);
    let raw = raw_total(q, &status, &points);
    let (level_by_score, level) = level_of(q, overall, raw, &dimensions);
    let dimension_levels = q
        .dimensions
        .iter()
        .zip(&dimensions)
        .map(|(d, s)| band_of(&d.levels, (*s)?))
        .collect();
    let ladder = q.ladder.as_ref().map(|l| ladder_answer(q, l, by));
    for c in &mut causes {
        c.severity = (c.possible > 0.0).then(|| 100.0 * c.received / c.possible);
    }
    support(q, prep, &status, &mut causes);
    let ranking = rank(&causes);
    let tied_top = tied_with_top(&causes, &ranking);
    let own_cause = own_cause(q, by, &status);
    let gap = ladder.as_ref().and_then(|l| l.gap()).map(|g| g as f64);
    let findings = fired(q, &dimensions, overall, gap);
    Score {
        status,
        normalised,
        points,
        dimensions,
        overall,
        raw,
        level,
        level_by_score,
        dimension_levels,
        ladder,
        causes,
        ranking,
        tied_top,
        own_cause,
        findings,
    }
}

/// Causes whose severities differ by at most this many points are reported as tied:
/// finer differences come from one answer's step on a scale, not from the evidence.
/// The one place the tie rule is defined (docs/FORMAT.md, "Ties").
pub const TIE_POINTS: f64 = 5.0;

/// How many causes at the head of `ranking` are within [`TIE_POINTS`] of the first.
pub fn tied_with_top(causes: &[CauseScore], ranking: &[usize]) -> usize {
    let Some(top) = ranking.first().and_then(|&c| causes[c].severity) else {
        return 0;
    };
    ranking
        .iter()
        .take_while(|&&c| {
            causes[c]
                .severity
                .is_some_and(|s| top - s <= TIE_POINTS + 1e-9)
        })
        .count()
}

/// (band of the value alone, level reached): the level is the band of the overall
/// score (percent) or raw total (raw), lowered while that band's `requires` is unmet.
/// Used for one respondent and for a group's means alike.
pub fn level_of(
    q: &Questionnaire,
    overall: Option<f64>,
    raw: Option<f64>,
    dimensions: &[Option<f64>],
) -> (Option<usize>, Option<usize>) {
    let by_score = q.levels.as_ref().and_then(|l| {
        let v = match l.basis {
            Basis::Percent => overall?,
            Basis::Raw => raw?,
        };
        band_of(&l.bands, v)
    });
    (by_score, by_score.map(|i| required_level(q, i, dimensions)))
}

/// The band `by_score`, or the highest band below it whose `requires` holds: a
/// maturity level is reached only when its floors are met. A dimension without a
/// score cannot show it reaches a floor, so it does not meet it.
fn required_level(q: &Questionnaire, by_score: usize, dimensions: &[Option<f64>]) -> usize {
    let Some(levels) = &q.levels else {
        return by_score;
    };
    (0..=by_score)
        .rev()
        .find(|&i| unmet(&levels.bands[i], dimensions).is_empty())
        .unwrap_or(0)
}

/// Dimensions below the floor `band` requires (none when it has no requirement).
pub fn unmet(band: &crate::questionnaire::Band, dimensions: &[Option<f64>]) -> Vec<usize> {
    let Some(r) = &band.requires else {
        return Vec::new();
    };
    let all: Vec<usize> = (0..dimensions.len()).collect();
    r.dimensions
        .as_deref()
        .unwrap_or(&all)
        .iter()
        .copied()
        .filter(|&d| dimensions[d].is_none_or(|s| s + 1e-9 < r.at_least))
        .collect()
}

/// The most each question could give each cause, whatever the answer, by cause index.
/// Called for every question of every respondent, so a short list rather than a map:
/// a question gives evidence to a handful of causes at most.
pub fn potential(question: &Question) -> Vec<(usize, f64)> {
    let mut out: Vec<(usize, f64)> = Vec::new();
    let mut add = |ci: usize, f: &dyn Fn(f64) -> f64| match out.iter_mut().find(|(c, _)| *c == ci) {
        Some((_, w)) => *w = f(*w),
        None => out.push((ci, f(0.0))),
    };
    match &question.kind {
        Kind::Single { options } | Kind::Multi { options } => {
            let multi = matches!(question.kind, Kind::Multi { .. });
            for o in options {
                for (ci, w) in &o.evidence {
                    add(*ci, &|e: f64| if multi { e + w } else { e.max(*w) });
                }
            }
        }
        // As a map would: a cause named twice keeps its last weight.
        Kind::Scale(s) => {
            for (ci, w) in &s.evidence {
                add(*ci, &|_| *w);
            }
        }
        Kind::Text | Kind::FiveWhys { .. } => {}
    }
    out.retain(|(_, w)| *w > 0.0);
    out.sort_by_key(|(ci, _)| *ci);
    out
}

/// What each cause's severity rests on: answers behind it, answers missing, and
/// whether its defining question is among the missing.
fn support(q: &Questionnaire, prep: &Prepared, status: &[Status], causes: &mut [CauseScore]) {
    // Per cause: the largest potential seen, the question giving it (an answered one
    // preferred), and whether that question was answered.
    let mut defining: Vec<(f64, Option<usize>, bool)> = vec![(0.0, None, false); causes.len()];
    for (qi, status) in status.iter().enumerate().take(q.questions.len()) {
        let answered = match status {
            Status::Answered => true,
            Status::DontKnow | Status::Missing => false,
            Status::Skipped | Status::Blank => continue,
        };
        for &(ci, w) in &prep.potentials[qi] {
            let c = &mut causes[ci];
            if answered {
                c.answers += 1;
            } else {
                c.unanswered += 1;
            }
            let d = &mut defining[ci];
            if w > d.0 + 1e-12 || ((w - d.0).abs() <= 1e-12 && answered && !d.2) {
                *d = (w, Some(qi), answered);
            }
        }
    }
    for (c, (_, qi, answered)) in causes.iter_mut().zip(defining) {
        c.defining = qi;
        c.defining_missing = qi.is_some() && !answered;
        // A tagged chain is an answer behind its cause too.
        c.answers += c
            .evidence
            .iter()
            .filter(|e| matches!(q.questions[e.question].kind, Kind::FiveWhys { .. }))
            .count();
    }
}

/// The cause the first answered five-whys chain is tagged with (not `other`).
fn own_cause(q: &Questionnaire, by: &[Option<&Answer>], status: &[Status]) -> Option<usize> {
    q.questions
        .iter()
        .enumerate()
        .find_map(|(qi, question)| match (&question.kind, by[qi]) {
            (Kind::FiveWhys { .. }, Some(Answer::Chain(c))) if status[qi] == Status::Answered => {
                q.cause_index(c.cause.as_deref()?)
            }
            _ => None,
        })
}

/// What each answer gives: its status, score and evidence (severities not yet set).
struct PerQuestion {
    status: Vec<Status>,
    normalised: Vec<Option<f64>>,
    points: Vec<Option<f64>>,
    causes: Vec<CauseScore>,
}

fn per_question(
    q: &Questionnaire,
    prep: &Prepared,
    role: Option<&str>,
    by: &[Option<&Answer>],
) -> PerQuestion {
    let n = q.questions.len();
    let mut out = PerQuestion {
        status: Vec::with_capacity(n),
        normalised: vec![None; n],
        points: vec![None; n],
        causes: vec![CauseScore::default(); q.causes.len()],
    };
    let mut buf = Vec::new();
    for (qi, question) in q.questions.iter().enumerate() {
        if !is_asked_at(q, qi, role, by) {
            out.status.push(Status::Skipped);
            continue;
        }
        let Some(answer) = by[qi] else {
            // Free text is optional: leaving it blank does not make a file incomplete.
            out.status.push(if matches!(question.kind, Kind::Text) {
                Status::Blank
            } else {
                Status::Missing
            });
            continue;
        };
        if *answer == Answer::DontKnow {
            out.status.push(Status::DontKnow);
            continue;
        }
        out.status.push(Status::Answered);
        let mut norm = None;
        if question.dimension.is_some()
            && let Some(p) = points(&question.kind, answer)
        {
            let nv = normalise(p, question.kind.points_range());
            out.points[qi] = Some(p);
            out.normalised[qi] = Some(nv);
            norm = Some(nv);
        }
        evidence_of(q, question, answer, norm, &mut buf);
        for &(ci, (amount, possible)) in &buf {
            let c = &mut out.causes[ci];
            c.received += amount;
            c.possible += possible;
            if amount > 0.0 {
                if c.evidence.capacity() == 0 {
                    c.evidence
                        .reserve_exact(prep.sources.get(ci).copied().unwrap_or(1));
                }
                c.evidence.push(Evidence {
                    question: qi,
                    amount,
                    possible,
                });
            }
        }
    }
    out
}

/// `100 × Σ wᵢ nᵢ / Σ wᵢ` over the dimension's answered questions. `None` when nothing
/// that counts was answered: no question, or only questions that weigh 0 (a weight of
/// 0 means the question counts for nothing, so it cannot carry the dimension alone).
fn dimension_score(q: &Questionnaire, di: usize, normalised: &[Option<f64>]) -> Option<f64> {
    let (mut num, mut den) = (0.0, 0.0);
    for (question, nv) in q.questions.iter().zip(normalised) {
        if question.dimension == Some(di)
            && let Some(nv) = nv
        {
            num += question.weight * nv;
            den += question.weight;
        }
    }
    (den > 0.0).then(|| 100.0 * num / den)
}

fn ladder_answer(q: &Questionnaire, l: &Ladder, by: &[Option<&Answer>]) -> LadderAnswer {
    let pick = |qi: usize| match by.get(qi).copied().flatten() {
        Some(Answer::Choice(c)) => q.questions[qi]
            .kind
            .options()
            .iter()
            .position(|o| &o.id == c),
        _ => None,
    };
    LadderAnswer {
        current: pick(l.current),
        desired: pick(l.desired),
    }
}

/// Overall = dimension scores weighted by dimension weight, over dimensions with a score.
pub fn weighted_overall(q: &Questionnaire, dimensions: &[Option<f64>]) -> Option<f64> {
    let (mut num, mut den) = (0.0, 0.0);
    for (d, s) in q.dimensions.iter().zip(dimensions) {
        if let Some(s) = s {
            num += d.weight * s;
            den += d.weight;
        }
    }
    (den > 0.0).then(|| num / den)
}

/// (cause index, evidence received, evidence possible) for one answer.
/// Fills `buf` with (cause, (amount, possible)) for one answer, by cause index; the
/// buffer is reused across a respondent's answers, so scoring allocates nothing per
/// answer.
fn evidence_of(
    q: &Questionnaire,
    question: &Question,
    answer: &Answer,
    norm: Option<f64>,
    buf: &mut Vec<(usize, (f64, f64))>,
) {
    buf.clear();
    let mut out = Evidences(std::mem::take(buf));
    match (&question.kind, answer) {
        (Kind::Single { options }, Answer::Choice(id)) => {
            for o in options {
                for (ci, w) in &o.evidence {
                    let e = out.entry(*ci);
                    e.1 = e.1.max(*w);
                    if &o.id == id {
                        e.0 += w;
                    }
                }
            }
        }
        (Kind::Multi { options }, Answer::Choices(ids)) => {
            let ticked = crate::answers::Ticks::of(ids);
            for o in options {
                for (ci, w) in &o.evidence {
                    let e = out.entry(*ci);
                    e.1 += w;
                    if ticked.contains(o.id.as_str()) {
                        e.0 += w;
                    }
                }
            }
        }
        (Kind::Scale(s), Answer::Value(v)) => {
            let n = norm.unwrap_or_else(|| {
                let p = if s.reverse { s.min + s.max - v } else { *v } as f64;
                normalise(p, (s.min as f64, s.max as f64))
            });
            for (ci, w) in &s.evidence {
                out.insert(*ci, (w * (1.0 - n), *w));
            }
        }
        (
            Kind::FiveWhys {
                evidence_weight, ..
            },
            Answer::Chain(c),
        ) => {
            // A tagged chain is strong evidence for its cause only, and adds as much to
            // what that cause could receive; "other" and untagged chains give none.
            if let Some(ci) = c.cause.as_deref().and_then(|id| q.cause_index(id)) {
                out.insert(ci, (*evidence_weight, *evidence_weight));
            }
        }
        _ => {}
    }
    *buf = out.0;
    buf.sort_by_key(|e| e.0);
}

/// Evidence per cause for one answer: a handful of causes at most, so a small list
/// beats a map (no allocation per entry).
struct Evidences(Vec<(usize, (f64, f64))>);

impl Evidences {
    fn entry(&mut self, ci: usize) -> &mut (f64, f64) {
        let i = match self.0.iter().position(|e| e.0 == ci) {
            Some(i) => i,
            None => {
                self.0.push((ci, (0.0, 0.0)));
                self.0.len() - 1
            }
        };
        &mut self.0[i].1
    }
    fn insert(&mut self, ci: usize, v: (f64, f64)) {
        *self.entry(ci) = v;
    }
}

/// Causes with a severity, by severity, then evidence received, then questionnaire order.
pub fn rank(causes: &[CauseScore]) -> Vec<usize> {
    // The keys of `cmp_desc`, made once per cause rather than once per comparison.
    let keys: Vec<(f64, f64)> = causes
        .iter()
        .map(|c| (rank_key(c.severity.unwrap_or(0.0)), rank_key(c.received)))
        .collect();
    let mut idx: Vec<usize> = (0..causes.len())
        .filter(|i| causes[*i].severity.is_some())
        .collect();
    idx.sort_by(|a, b| {
        let (ka, kb) = (keys[*a], keys[*b]);
        kb.0.total_cmp(&ka.0)
            .then_with(|| kb.1.total_cmp(&ka.1))
            .then_with(|| a.cmp(b))
    });
    idx
}

/// Rankings compare values rounded to this many steps per unit (six decimals): far
/// finer than any report shows, far coarser than floating-point noise, so the same
/// score reached by different sums ties instead of being ordered by rounding error.
const RANK_STEPS: f64 = 1e6;

/// A value as rankings see it. `+ 0.0` turns `-0.0` into `0.0`, which `total_cmp`
/// would otherwise order below it.
fn rank_key(v: f64) -> f64 {
    (v * RANK_STEPS).round() + 0.0
}

/// Descending order on floats for `sort_by`: a total order (values that agree to six
/// decimals tie; NaN sorts first, above +∞), so sorting never panics or depends on
/// the input order. An epsilon comparison would not be transitive.
pub fn cmp_desc(a: f64, b: f64) -> Ordering {
    rank_key(b).total_cmp(&rank_key(a))
}

/// Prorated raw sum over scored questions in the levels' scope.
fn raw_total(q: &Questionnaire, status: &[Status], points: &[Option<f64>]) -> Option<f64> {
    let levels = q.levels.as_ref()?;
    if levels.basis != Basis::Raw {
        return None;
    }
    let scope = levels.dimensions.as_deref();
    let (mut sum, mut answered, mut applicable) = (0.0, 0usize, 0usize);
    for (qi, question) in q.questions.iter().enumerate() {
        let Some(d) = question.dimension else {
            continue;
        };
        if scope.is_some_and(|s| !s.contains(&d)) {
            continue;
        }
        match status[qi] {
            Status::Answered => {
                if let Some(p) = points[qi] {
                    sum += p;
                    answered += 1;
                    applicable += 1;
                }
            }
            // Excluded, not zero: the total is prorated over what was answered.
            Status::DontKnow | Status::Missing => applicable += 1,
            Status::Skipped | Status::Blank => {}
        }
    }
    if answered == 0 {
        return None;
    }
    let (lo, hi) = crate::questionnaire::raw_range(&q.questions, scope);
    Some((sum * applicable as f64 / answered as f64).clamp(lo, hi))
}

/// The band containing `v`: the highest band whose `min` is at most `v`.
pub fn band_of(bands: &[crate::questionnaire::Band], v: f64) -> Option<usize> {
    bands
        .iter()
        .rposition(|b| b.min <= v + 1e-9)
        .or(if bands.is_empty() { None } else { Some(0) })
}

/// Findings all of whose conditions hold.
pub fn fired(
    q: &Questionnaire,
    dimensions: &[Option<f64>],
    overall: Option<f64>,
    gap: Option<f64>,
) -> Vec<usize> {
    q.findings
        .iter()
        .enumerate()
        .filter(|(_, f)| {
            f.when.iter().all(|b| {
                let v = match b.of {
                    Metric::Overall => overall,
                    Metric::LadderGap => gap,
                    Metric::Dimension(d) => dimensions.get(d).copied().flatten(),
                };
                v.is_some_and(|v| b.holds(v))
            })
        })
        .map(|(i, _)| i)
        .collect()
}
