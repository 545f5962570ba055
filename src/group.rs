//! Workshop scoring: many respondents to one questionnaire as one group. Each answers
//! file is scored on its own, reduced to a [`Respondent`] summary and added to a
//! [`Group`] of running [`Tally`]s, one for the group and one per role; then it is
//! dropped. What the report lists per person (name, file, scores, five-whys chains
//! and free text) is kept in [`Group::people`]; nothing else grows with the group, not
//! every respondent's scores.
//!
//! Definitions (also in docs/FORMAT.md): a group's or a role's dimension score is the
//! mean of its respondents' dimension scores (respondents with no score there are left
//! out); its overall score is the mean of their overall scores. Spread is the population
//! standard deviation across respondents. A cause's group severity pools the evidence:
//! 100 × Σ received / Σ possible over all respondents.

use crate::answers::{Answer, AnswerSet, Chain};
use crate::questionnaire::{Kind, Questionnaire};
use crate::scoring::{self, Score, Status};
use std::collections::BTreeMap;

/// One respondent, reduced to what the group report uses.
#[derive(Debug, Clone, PartialEq)]
pub struct Respondent {
    pub file: String,
    pub name: Option<String>,
    /// Role id, `None` when the file names none.
    pub role: Option<String>,
    pub date: Option<String>,
    pub complete: bool,
    pub missing: usize,
    pub dimensions: Vec<Option<f64>>,
    pub overall: Option<f64>,
    pub raw: Option<f64>,
    /// Band index of the respondent's level.
    pub level: Option<usize>,
    /// (received, possible) per cause.
    pub evidence: Vec<(f64, f64)>,
    /// The respondent's three most severe causes.
    pub top3: Vec<usize>,
    /// Per multi question (in questionnaire order): the ticks, `None` when not answered.
    pub checklists: Vec<Option<Vec<bool>>>,
    /// Ladder option indices (current, desired).
    pub ladder: Option<(Option<usize>, Option<usize>)>,
    pub chains: Vec<Chain>,
    /// Per choice or scale question (see [`counted`]): what this respondent answered.
    pub picks: Vec<Pick>,
    /// Free-text answers: (question index, text), in questionnaire order.
    pub texts: Vec<(usize, String)>,
    /// The file held no answer at all: the group leaves it out.
    pub blank: bool,
}

/// One respondent's answer to a choice or scale question, as the answer
/// distributions count it.
#[derive(Debug, Clone, PartialEq)]
pub enum Pick {
    /// A single-choice option index.
    Option(usize),
    /// Ticked checklist option indices (possibly none).
    Ticks(Vec<usize>),
    /// A scale value.
    Value(i64),
    DontKnow,
    /// Its condition did not hold.
    NotAsked,
    Missing,
}

/// Whether a question has an answer distribution: single, multiple choice and scales.
pub fn counted(kind: &Kind) -> bool {
    matches!(
        kind,
        Kind::Single { .. } | Kind::Multi { .. } | Kind::Scale(_)
    )
}

/// What one respondent answered to question `qi`, for its distribution.
fn pick(q: &Questionnaire, answer: Option<&Answer>, s: &Score, qi: usize) -> Pick {
    let x = &q.questions[qi];
    match (s.status[qi], answer) {
        (Status::DontKnow, _) => Pick::DontKnow,
        (Status::Skipped, _) => Pick::NotAsked,
        (Status::Answered, Some(Answer::Choice(c))) => {
            match x.kind.options().iter().position(|o| &o.id == c) {
                Some(i) => Pick::Option(i),
                None => Pick::Missing,
            }
        }
        (Status::Answered, Some(Answer::Choices(c))) => {
            let ticked = crate::answers::Ticks::of(c);
            Pick::Ticks(
                (0..x.kind.options().len())
                    .filter(|i| ticked.contains(&x.kind.options()[*i].id))
                    .collect(),
            )
        }
        (Status::Answered, Some(Answer::Value(v))) => Pick::Value(*v),
        _ => Pick::Missing,
    }
}

/// Scores one answer set and keeps the summary.
pub fn summarise(q: &Questionnaire, set: &AnswerSet, file: &str) -> Respondent {
    let by = scoring::by_index(q, &set.answers);
    let who = Who {
        name: set.respondent.clone(),
        role: set.role.clone(),
        date: set.date.clone(),
    };
    summarise_indexed(q, who, &by, file)
}

/// Who answered, as an answers file says.
pub struct Who {
    pub name: Option<String>,
    pub role: Option<String>,
    pub date: Option<String>,
}

/// [`summarise`] with the answers by question index.
pub fn summarise_indexed(
    q: &Questionnaire,
    who: Who,
    by: &[Option<&Answer>],
    file: &str,
) -> Respondent {
    summarise_prepared(q, &scoring::Prepared::of(q), who, by, file)
}

/// [`summarise_indexed`] with the questionnaire's [`scoring::Prepared`] part given.
pub fn summarise_prepared(
    q: &Questionnaire,
    prep: &scoring::Prepared,
    who: Who,
    by: &[Option<&Answer>],
    file: &str,
) -> Respondent {
    let s: Score = scoring::score_prepared(q, prep, who.role.as_deref(), by);
    let answered = |qi: usize| match s.status[qi] {
        Status::Answered => by[qi],
        _ => None,
    };
    let checklists = q
        .questions
        .iter()
        .enumerate()
        .filter(|(_, x)| matches!(x.kind, Kind::Multi { .. }))
        .map(|(qi, x)| match answered(qi) {
            Some(Answer::Choices(c)) => {
                let ticked = crate::answers::Ticks::of(c);
                Some(
                    x.kind
                        .options()
                        .iter()
                        .map(|o| ticked.contains(&o.id))
                        .collect(),
                )
            }
            _ => None,
        })
        .collect();
    // Kept for the report, one of each per respondent of a large group: sized to fit
    // (collected, a list of one would hold room for four).
    let mut chains: Vec<Chain> = (0..q.questions.len())
        .filter_map(|qi| match answered(qi) {
            Some(Answer::Chain(c)) => Some(c.clone()),
            _ => None,
        })
        .collect();
    chains.shrink_to_fit();
    let picks = (0..q.questions.len())
        .filter(|&qi| counted(&q.questions[qi].kind))
        .map(|qi| pick(q, by[qi], &s, qi))
        .collect();
    let mut texts: Vec<(usize, String)> = q
        .questions
        .iter()
        .enumerate()
        .filter_map(|(qi, _)| match answered(qi) {
            Some(Answer::Text(t)) if !t.trim().is_empty() => Some((qi, t.clone())),
            _ => None,
        })
        .collect();
    texts.shrink_to_fit();
    Respondent {
        blank: by.iter().all(Option::is_none),
        picks,
        texts,
        file: file.to_string(),
        name: who.name,
        role: who.role,
        date: who.date,
        complete: s.is_complete(),
        missing: s.count(Status::Missing),
        overall: s.overall,
        raw: s.raw,
        level: s.level,
        evidence: s.causes.iter().map(|c| (c.received, c.possible)).collect(),
        // Only causes this respondent gave evidence for: a cause ranked on no evidence
        // at all (every answer at its best) is not one they point to.
        top3: s
            .ranking
            .iter()
            .copied()
            .filter(|&c| s.causes[c].received > 0.0)
            .take(3)
            .collect(),
        checklists,
        ladder: s.ladder.as_ref().map(|l| (l.current, l.desired)),
        dimensions: s.dimensions,
        chains,
    }
}

/// Count, sum, sum of squares, minimum and maximum of a score across respondents:
/// enough for a mean, a population standard deviation and a range, without keeping the
/// scores themselves.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stat {
    pub n: usize,
    pub sum: f64,
    pub sum_sq: f64,
    pub min: f64,
    pub max: f64,
}

impl Default for Stat {
    fn default() -> Self {
        Stat {
            n: 0,
            sum: 0.0,
            sum_sq: 0.0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
        }
    }
}

impl Stat {
    pub fn add(&mut self, v: Option<f64>) {
        if let Some(v) = v {
            self.n += 1;
            self.sum += v;
            self.sum_sq += v * v;
            self.min = self.min.min(v);
            self.max = self.max.max(v);
        }
    }

    pub fn merge(&mut self, o: &Stat) {
        self.n += o.n;
        self.sum += o.sum;
        self.sum_sq += o.sum_sq;
        self.min = self.min.min(o.min);
        self.max = self.max.max(o.max);
    }

    pub fn mean(&self) -> Option<f64> {
        (self.n > 0).then(|| self.sum / self.n as f64)
    }

    /// The mean of everything in `self` that is not in `part`.
    pub fn mean_without(&self, part: &Stat) -> Option<f64> {
        let n = self.n - part.n;
        (n > 0).then(|| (self.sum - part.sum) / n as f64)
    }

    /// Population standard deviation, min and max (`None` below two values).
    pub fn spread(&self) -> Option<(f64, f64, f64)> {
        if self.n < 2 {
            return None;
        }
        let m = self.sum / self.n as f64;
        let var = (self.sum_sq / self.n as f64 - m * m).max(0.0);
        Some((var.sqrt(), self.min, self.max))
    }
}

/// How one choice or scale question was answered across respondents: counts only.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Dist {
    /// Per option: how many chose it (single) or ticked it (multi); empty for a scale.
    pub options: Vec<usize>,
    /// Scale value → how many chose it. A map, since a scale may span a million points
    /// while a group uses only a few of them.
    pub values: BTreeMap<i64, usize>,
    /// Respondents who gave an answer (for a checklist: who answered it at all).
    pub answered: usize,
    pub dont_know: usize,
    /// Its condition did not hold, so it was never asked.
    pub not_asked: usize,
    pub missing: usize,
}

impl Dist {
    fn new(kind: &Kind) -> Dist {
        Dist {
            options: vec![0; kind.options().len()],
            ..Default::default()
        }
    }

    fn add(&mut self, p: &Pick) {
        match p {
            Pick::Option(i) => {
                self.answered += 1;
                self.options[*i] += 1;
            }
            Pick::Ticks(t) => {
                self.answered += 1;
                for i in t {
                    self.options[*i] += 1;
                }
            }
            Pick::Value(v) => {
                self.answered += 1;
                *self.values.entry(*v).or_default() += 1;
            }
            Pick::DontKnow => self.dont_know += 1,
            Pick::NotAsked => self.not_asked += 1,
            Pick::Missing => self.missing += 1,
        }
    }

    pub fn merge(&mut self, o: &Dist) {
        for (a, b) in self.options.iter_mut().zip(&o.options) {
            *a += b;
        }
        for (v, n) in &o.values {
            *self.values.entry(*v).or_default() += n;
        }
        self.answered += o.answered;
        self.dont_know += o.dont_know;
        self.not_asked += o.not_asked;
        self.missing += o.missing;
    }
}

/// Everything a group report needs about one set of respondents (the whole group or
/// one role), added up respondent by respondent.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Tally {
    pub respondents: usize,
    pub incomplete: usize,
    pub overall: Stat,
    pub raw: Stat,
    pub dimensions: Vec<Stat>,
    /// Pooled (received, possible) per cause.
    pub evidence: Vec<(f64, f64)>,
    /// Per cause: respondents who have it among their three most severe.
    pub top3: Vec<usize>,
    /// Per cause: respondents who gave it some evidence.
    pub with_evidence: Vec<usize>,
    /// Per multi question: how many answered it, and per option how many ticked it.
    pub checklists: Vec<(usize, Vec<usize>)>,
    /// Per ladder step: how many chose it today, and as the wish.
    pub ladder_current: Vec<usize>,
    pub ladder_desired: Vec<usize>,
    /// Steps from today to the wish.
    pub ladder_gap: Stat,
    /// Per choice or scale question, in questionnaire order: the answer distribution.
    pub answers: Vec<Dist>,
}

impl Tally {
    pub fn new(q: &Questionnaire) -> Tally {
        let steps = q
            .ladder
            .as_ref()
            .map(|l| q.questions[l.desired].kind.options().len())
            .unwrap_or(0);
        Tally {
            dimensions: vec![Stat::default(); q.dimensions.len()],
            evidence: vec![(0.0, 0.0); q.causes.len()],
            top3: vec![0; q.causes.len()],
            with_evidence: vec![0; q.causes.len()],
            checklists: q
                .questions
                .iter()
                .filter(|x| matches!(x.kind, Kind::Multi { .. }))
                .map(|x| (0, vec![0; x.kind.options().len()]))
                .collect(),
            ladder_current: vec![0; steps],
            ladder_desired: vec![0; steps],
            answers: q
                .questions
                .iter()
                .filter(|x| counted(&x.kind))
                .map(|x| Dist::new(&x.kind))
                .collect(),
            ..Default::default()
        }
    }

    pub fn add(&mut self, r: &Respondent) {
        self.respondents += 1;
        self.incomplete += usize::from(!r.complete);
        self.overall.add(r.overall);
        self.raw.add(r.raw);
        for (s, v) in self.dimensions.iter_mut().zip(&r.dimensions) {
            s.add(*v);
        }
        for ((e, n), (a, b)) in self
            .evidence
            .iter_mut()
            .zip(self.with_evidence.iter_mut())
            .zip(&r.evidence)
        {
            e.0 += a;
            e.1 += b;
            *n += usize::from(*a > 0.0);
        }
        for c in &r.top3 {
            self.top3[*c] += 1;
        }
        for ((answered, ticks), r) in self.checklists.iter_mut().zip(&r.checklists) {
            if let Some(t) = r {
                *answered += 1;
                for (n, on) in ticks.iter_mut().zip(t) {
                    *n += usize::from(*on);
                }
            }
        }
        if let Some((c, d)) = r.ladder {
            if let Some(c) = c {
                self.ladder_current[c] += 1;
            }
            if let Some(d) = d {
                self.ladder_desired[d] += 1;
            }
            if let (Some(c), Some(d)) = (c, d) {
                self.ladder_gap.add(Some(d as f64 - c as f64));
            }
        }
        for (d, p) in self.answers.iter_mut().zip(&r.picks) {
            d.add(p);
        }
    }

    pub fn merge(&mut self, o: &Tally) {
        self.respondents += o.respondents;
        self.incomplete += o.incomplete;
        self.overall.merge(&o.overall);
        self.raw.merge(&o.raw);
        for (a, b) in self.dimensions.iter_mut().zip(&o.dimensions) {
            a.merge(b);
        }
        for (a, b) in self.evidence.iter_mut().zip(&o.evidence) {
            a.0 += b.0;
            a.1 += b.1;
        }
        for (a, b) in self.top3.iter_mut().zip(&o.top3) {
            *a += b;
        }
        for (a, b) in self.with_evidence.iter_mut().zip(&o.with_evidence) {
            *a += b;
        }
        for (a, b) in self.checklists.iter_mut().zip(&o.checklists) {
            a.0 += b.0;
            for (x, y) in a.1.iter_mut().zip(&b.1) {
                *x += y;
            }
        }
        for (a, b) in self.ladder_current.iter_mut().zip(&o.ladder_current) {
            *a += b;
        }
        for (a, b) in self.ladder_desired.iter_mut().zip(&o.ladder_desired) {
            *a += b;
        }
        self.ladder_gap.merge(&o.ladder_gap);
        for (a, b) in self.answers.iter_mut().zip(&o.answers) {
            a.merge(b);
        }
    }

    /// Pooled severity per cause: 100 × Σ received / Σ possible.
    pub fn severity(&self) -> Vec<Option<f64>> {
        self.evidence
            .iter()
            .map(|(r, p)| (*p > 0.0).then(|| 100.0 * r / p))
            .collect()
    }
}

/// A respondent as the report lists them.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub file: String,
    pub name: Option<String>,
    pub role: Option<String>,
    pub date: Option<String>,
    pub overall: Option<f64>,
    pub raw: Option<f64>,
    /// Band index of the respondent's own level.
    pub level: Option<usize>,
    pub complete: bool,
    pub missing: usize,
    pub chains: Vec<Chain>,
    /// Free-text answers: (question index, text).
    pub texts: Vec<(usize, String)>,
}

/// A group, added up: the whole group, each role (in the order roles first appear;
/// the report orders them as the questionnaire does), and the people with their chains.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub all: Tally,
    pub roles: Vec<(Option<String>, Tally)>,
    pub people: Vec<Person>,
    /// Files with no answer at all, left out of the group (in file order).
    pub blank: Vec<String>,
}

impl Group {
    pub fn new(q: &Questionnaire) -> Group {
        Group {
            all: Tally::new(q),
            roles: Vec::new(),
            people: Vec::new(),
            blank: Vec::new(),
        }
    }

    /// Adds one respondent; the summary can be dropped afterwards. A blank file is
    /// only noted: it is nobody's answers.
    pub fn add(&mut self, q: &Questionnaire, r: Respondent) {
        if r.blank {
            self.blank.push(r.file);
            return;
        }
        self.all.add(&r);
        match self.roles.iter_mut().find(|(role, _)| *role == r.role) {
            Some((_, t)) => t.add(&r),
            None => {
                let mut t = Tally::new(q);
                t.add(&r);
                self.roles.push((r.role.clone(), t));
            }
        }
        self.people.push(Person {
            file: r.file,
            name: r.name,
            role: r.role,
            date: r.date,
            overall: r.overall,
            raw: r.raw,
            level: r.level,
            complete: r.complete,
            missing: r.missing,
            chains: r.chains,
            texts: r.texts,
        });
    }

    /// Appends another part of the group (the next files in order).
    pub fn merge(&mut self, o: Group) {
        self.all.merge(&o.all);
        for (role, t) in o.roles {
            match self.roles.iter_mut().find(|(r, _)| *r == role) {
                Some((_, mine)) => mine.merge(&t),
                None => self.roles.push((role, t)),
            }
        }
        self.people.extend(o.people);
        self.blank.extend(o.blank);
    }

    /// The roles present, in the questionnaire's order, then "no role given" last.
    pub fn roles_in_order(&self, q: &Questionnaire) -> Vec<(&Option<String>, &Tally)> {
        let rank = |r: &Option<String>| match r {
            Some(id) => q
                .roles
                .iter()
                .position(|x| &x.id == id)
                .unwrap_or(q.roles.len()),
            None => usize::MAX,
        };
        let mut v: Vec<(&Option<String>, &Tally)> =
            self.roles.iter().map(|(r, t)| (r, t)).collect();
        v.sort_by(|a, b| rank(a.0).cmp(&rank(b.0)).then(a.0.cmp(b.0)));
        v
    }
}

/// Causes with a severity, most severe first; ties by how many respondents have the
/// cause in their top three, then questionnaire order.
pub fn rank(severity: &[Option<f64>], top3_counts: &[usize]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..severity.len())
        .filter(|i| severity[*i].is_some())
        .collect();
    idx.sort_by(|a, b| {
        scoring::cmp_desc(severity[*a].unwrap_or(0.0), severity[*b].unwrap_or(0.0))
            .then_with(|| top3_counts[*b].cmp(&top3_counts[*a]))
            .then_with(|| a.cmp(b))
    });
    idx
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stat_mean_spread_and_rest() {
        let mut all = Stat::default();
        let mut part = Stat::default();
        for v in [100.0, 50.0] {
            all.add(Some(v));
            part.add(Some(v));
        }
        for v in [75.0, 25.0] {
            all.add(Some(v));
        }
        all.add(None);
        assert_eq!(all.n, 4);
        assert_eq!(all.mean(), Some(62.5));
        let (sd, min, max) = all.spread().unwrap();
        assert!((sd - (3125.0f64 / 4.0).sqrt()).abs() < 1e-9);
        assert_eq!((min, max), (25.0, 100.0));
        assert_eq!(all.mean_without(&part), Some(50.0));
        assert_eq!(Stat::default().mean(), None);
    }

    #[test]
    fn answer_counts_add_and_merge() {
        let mut a = Dist {
            options: vec![0; 3],
            ..Default::default()
        };
        for p in [
            Pick::Option(0),
            Pick::Option(2),
            Pick::Option(2),
            Pick::DontKnow,
        ] {
            a.add(&p);
        }
        let mut b = a.clone();
        b.add(&Pick::Missing);
        b.add(&Pick::NotAsked);
        a.merge(&b);
        assert_eq!(a.options, [2, 0, 4]);
        assert_eq!(
            (a.answered, a.dont_know, a.missing, a.not_asked),
            (6, 2, 1, 1)
        );
        let mut s = Dist::default();
        for p in [Pick::Value(-2), Pick::Value(900_000), Pick::Value(-2)] {
            s.add(&p);
        }
        assert_eq!(
            s.values.into_iter().collect::<Vec<_>>(),
            [(-2, 2), (900_000, 1)]
        );
        let mut t = Dist {
            options: vec![0; 3],
            ..Default::default()
        };
        t.add(&Pick::Ticks(vec![0, 2]));
        t.add(&Pick::Ticks(vec![]));
        assert_eq!((t.options, t.answered), (vec![1, 0, 1], 2));
    }
}
