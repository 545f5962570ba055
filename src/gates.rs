//! Gates for scheduled re-scoring: floors, maximum drops against a baseline, ceilings
//! on root causes, enough respondents, the perception gap and how fresh the answers
//! are. The report itself never depends on them; the gate summary is added beside it,
//! and a failed rule turns into exit code 3 at the binary's edge.

use crate::error::{Error, Problem, Result};
use crate::questionnaire::Questionnaire;
use crate::report::Report;
use crate::tomlfile::{KeyPath, SourceText};
use serde::{Deserialize, Serialize};

/// What a rule does when it is not met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Fail,
    Warn,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    /// A score (overall or a dimension) must be at least `min`.
    Floor { of: String, min: f64 },
    /// A score may fall at most `max` points below the baseline's.
    Drop { of: String, max: f64 },
    /// A root cause's severity may be at most `max`.
    Ceiling { cause: String, max: f64 },
    /// At least `min` respondents answered (in `role`, or in all).
    Respondents { role: Option<String>, min: usize },
    /// The compared roles' scores (overall or a dimension) differ by at most `max`.
    Gap { of: String, max: f64 },
    /// The compared roles' gap grew by at most `max` points since the baseline.
    Widening { of: String, max: f64 },
    /// The newest answers are at most `max_days` days old.
    Age { max_days: u32 },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub check: Check,
    pub action: Action,
}

/// The policy: every rule, in file order (command-line gates first).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Policy {
    pub rules: Vec<Rule>,
}

#[derive(Debug, Default, Deserialize)]
struct RawPolicy {
    #[serde(default)]
    floor: Vec<RawRule>,
    #[serde(default)]
    drop: Vec<RawRule>,
    #[serde(default)]
    ceiling: Vec<RawRule>,
    #[serde(default)]
    respondents: Vec<RawRule>,
    #[serde(default)]
    gap: Vec<RawRule>,
    #[serde(default)]
    age: Vec<RawRule>,
}

#[derive(Debug, Default, Deserialize)]
struct RawRule {
    of: Option<String>,
    cause: Option<String>,
    role: Option<String>,
    min: Option<f64>,
    max: Option<f64>,
    max_widening: Option<f64>,
    max_days: Option<f64>,
    action: Option<String>,
}

/// Reading one policy file: its text, questionnaire and the problems found so far.
struct Reader<'a> {
    src: &'a SourceText,
    q: &'a Questionnaire,
    problems: Vec<Problem>,
}

impl Reader<'_> {
    fn problem(&mut self, p: &KeyPath, msg: impl Into<String>) {
        self.problems.push(self.src.problem(p, false, msg.into()));
    }

    /// `of`: `overall` or a dimension id.
    fn score_of(&mut self, r: &RawRule, p: &KeyPath) -> Option<String> {
        match &r.of {
            None => {
                self.problem(p, "rule is missing `of` (`overall` or a dimension id)");
                None
            }
            Some(o) if o == "overall" || self.q.dimensions.iter().any(|d| &d.id == o) => {
                Some(o.clone())
            }
            Some(o) => {
                let ids: Vec<&str> = self.q.dimensions.iter().map(|d| d.id.as_str()).collect();
                let msg = format!(
                    "`{o}` is not `overall` or a dimension of `{}` ({})",
                    self.q.id,
                    ids.join(", ")
                );
                self.problem(&p.key("of"), msg);
                None
            }
        }
    }

    fn action(&mut self, r: &RawRule, p: &KeyPath) -> Action {
        match r.action.as_deref() {
            None | Some("fail") => Action::Fail,
            Some("warn") => Action::Warn,
            Some(other) => {
                let msg = format!("unknown action `{other}`: expected `fail` or `warn`");
                self.problem(&p.key("action"), msg);
                Action::Fail
            }
        }
    }

    /// A number ≥ 0 under `key`; `required` says whether a missing one is a problem.
    fn number(&mut self, v: Option<f64>, key: &str, p: &KeyPath, required: bool) -> Option<f64> {
        match v {
            Some(v) if v.is_finite() && v >= 0.0 => Some(v),
            Some(v) => {
                self.problem(
                    &p.key(key),
                    format!("`{key}` must be a number ≥ 0, found {v}"),
                );
                None
            }
            None => {
                if required {
                    self.problem(p, format!("rule is missing `{key}`"));
                }
                None
            }
        }
    }

    /// A whole number ≥ 0 under `key` (a count of people or days).
    fn whole(&mut self, v: Option<f64>, key: &str, p: &KeyPath) -> Option<u32> {
        let v = self.number(v, key, p, true)?;
        if v.fract() != 0.0 || v > f64::from(u32::MAX) {
            self.problem(
                &p.key(key),
                format!("`{key}` must be a whole number, found {v}"),
            );
            return None;
        }
        Some(v as u32)
    }
}

impl Policy {
    /// Parses a policy file and checks its ids against the questionnaire.
    pub fn parse(src: &SourceText, q: &Questionnaire) -> Result<Policy> {
        let (raw, problems): (RawPolicy, Vec<Problem>) = src.deserialize()?;
        let mut rd = Reader { src, q, problems };
        let mut rules = Vec::new();
        let root = KeyPath::root();
        let mut push = |check, action| rules.push(Rule { check, action });
        for (i, r) in raw.floor.iter().enumerate() {
            let p = root.key("floor").index(i);
            let a = rd.action(r, &p);
            if let (Some(of), Some(min)) = (rd.score_of(r, &p), rd.number(r.min, "min", &p, true)) {
                push(Check::Floor { of, min }, a);
            }
        }
        for (i, r) in raw.drop.iter().enumerate() {
            let p = root.key("drop").index(i);
            let a = rd.action(r, &p);
            if let (Some(of), Some(max)) = (rd.score_of(r, &p), rd.number(r.max, "max", &p, true)) {
                push(Check::Drop { of, max }, a);
            }
        }
        for (i, r) in raw.ceiling.iter().enumerate() {
            let p = root.key("ceiling").index(i);
            let a = rd.action(r, &p);
            let cause = match &r.cause {
                Some(c) if q.cause_index(c).is_some() => Some(c.clone()),
                Some(c) => {
                    rd.problem(
                        &p.key("cause"),
                        format!("unknown cause `{c}` in `{}`", q.id),
                    );
                    None
                }
                None => {
                    rd.problem(&p, "rule is missing `cause`");
                    None
                }
            };
            if let (Some(cause), Some(max)) = (cause, rd.number(r.max, "max", &p, true)) {
                if max > 100.0 {
                    rd.problem(&p.key("max"), "a severity is at most 100");
                }
                push(Check::Ceiling { cause, max }, a);
            }
        }
        for (i, r) in raw.respondents.iter().enumerate() {
            let p = root.key("respondents").index(i);
            let a = rd.action(r, &p);
            let role = match &r.role {
                Some(id) if !q.roles.iter().any(|x| &x.id == id) => {
                    let ids: Vec<&str> = q.roles.iter().map(|x| x.id.as_str()).collect();
                    let msg = format!("`{id}` is not a role of `{}` ({})", q.id, ids.join(", "));
                    rd.problem(&p.key("role"), msg);
                    continue;
                }
                other => other.clone(),
            };
            if let Some(min) = rd.whole(r.min, "min", &p) {
                push(
                    Check::Respondents {
                        role,
                        min: min as usize,
                    },
                    a,
                );
            }
        }
        for (i, r) in raw.gap.iter().enumerate() {
            let p = root.key("gap").index(i);
            let a = rd.action(r, &p);
            if q.compared_roles.is_none() {
                rd.problem(
                    &p,
                    format!(
                        "`{}` compares no two roles, so it has no perception gap",
                        q.id
                    ),
                );
                continue;
            }
            let of = rd.score_of(r, &p);
            let max = rd.number(r.max, "max", &p, false);
            let widening = rd.number(r.max_widening, "max_widening", &p, false);
            if r.max.is_none() && r.max_widening.is_none() {
                rd.problem(&p, "rule needs `max` (the largest gap) or `max_widening` (the most it may grow since the baseline)");
            }
            if let (Some(of), Some(max)) = (&of, max) {
                push(
                    Check::Gap {
                        of: of.clone(),
                        max,
                    },
                    a,
                );
            }
            if let (Some(of), Some(max)) = (of, widening) {
                push(Check::Widening { of, max }, a);
            }
        }
        for (i, r) in raw.age.iter().enumerate() {
            let p = root.key("age").index(i);
            let a = rd.action(r, &p);
            if let Some(max_days) = rd.whole(r.max_days, "max_days", &p) {
                push(Check::Age { max_days }, a);
            }
        }
        let mut problems = rd.problems;
        if rules.is_empty() && problems.is_empty() {
            problems.push(src.problem(
                &root,
                false,
                "the policy has no rules: add [[floor]], [[drop]], [[ceiling]], [[respondents]], [[gap]] or [[age]] tables",
            ));
        }
        if problems.is_empty() {
            Ok(Policy { rules })
        } else {
            problems.sort_by_key(|p| p.position);
            Err(Error::Invalid(problems))
        }
    }

    /// Whether a rule compares with a baseline (a drop or a gap's widening).
    pub fn needs_baseline(&self) -> bool {
        self.rules
            .iter()
            .any(|r| matches!(r.check, Check::Drop { .. } | Check::Widening { .. }))
    }

    /// The smallest number of respondents a fail or warn rule asks for, overall.
    pub fn min_respondents(&self) -> Option<usize> {
        self.rules
            .iter()
            .filter_map(|r| match &r.check {
                Check::Respondents { role: None, min } => Some(*min),
                _ => None,
            })
            .max()
    }
}

/// The perception gap between the questionnaire's two compared roles: first minus
/// second, overall and per dimension.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GapFigures {
    pub overall: Option<f64>,
    /// (dimension id, gap)
    pub dimensions: Vec<(String, Option<f64>)>,
}

impl GapFigures {
    fn of(&self, of: &str) -> Option<f64> {
        pick(self.overall, &self.dimensions, of)
    }
}

/// The figures gates look at, as the report shows them (rounded to one decimal).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    pub overall: Option<f64>,
    /// (dimension id, score)
    pub dimensions: Vec<(String, Option<f64>)>,
    /// (cause id, severity)
    pub causes: Vec<(String, Option<f64>)>,
    /// Answers files scored.
    pub respondents: usize,
    /// (role id, answers files), `unspecified` for files naming no role.
    pub roles: Vec<(String, usize)>,
    /// `None` when the questionnaire compares no two roles or one of them is absent.
    pub gap: Option<GapFigures>,
    /// The latest date in the answers (YYYY-MM-DD).
    pub newest: Option<String>,
}

fn pick(overall: Option<f64>, dims: &[(String, Option<f64>)], of: &str) -> Option<f64> {
    if of == "overall" {
        overall
    } else {
        dims.iter().find(|(id, _)| id == of).and_then(|(_, v)| *v)
    }
}

/// The compared roles' gap in a group report.
pub fn group_gap(r: &crate::report::GroupReport) -> Option<GapFigures> {
    let (a, b) = r.compared.as_ref()?;
    let overall_of = |id: &str| {
        r.roles
            .iter()
            .find(|s| s.id.as_str() == id)
            .and_then(|s| s.overall)
    };
    let overall = match (overall_of(&a.id), overall_of(&b.id)) {
        (Some(x), Some(y)) => Some(crate::report::r1(x - y)),
        _ => None,
    };
    let dimensions = r
        .dimensions
        .iter()
        .map(|d| {
            let g = r
                .perception_gap
                .iter()
                .find(|g| g.dimension == d.id)
                .map(|g| g.gap);
            (d.id.clone(), g)
        })
        .collect();
    Some(GapFigures {
        overall,
        dimensions,
    })
}

impl Figures {
    /// The figures of a report, from the full (not `--top`-limited) report. A trend's
    /// figures are its latest wave's.
    pub fn of(report: &Report) -> Figures {
        match report {
            Report::Single(r) => Figures {
                overall: r.overall,
                dimensions: r
                    .dimensions
                    .iter()
                    .map(|d| (d.id.to_string(), d.score))
                    .collect(),
                causes: r
                    .causes
                    .iter()
                    .map(|c| (c.id.to_string(), Some(c.severity)))
                    .collect(),
                respondents: 1,
                roles: vec![(
                    r.respondent
                        .role
                        .clone()
                        .unwrap_or_else(|| "unspecified".into()),
                    1,
                )],
                gap: None,
                newest: r.respondent.date.clone(),
            },
            Report::Group(r) => Figures::of_group(r),
            Report::Trend(r) => match r.waves.len() {
                0 => Figures::default(),
                n => Figures::of_wave(r, n - 1),
            },
        }
    }

    /// The figures of wave `i` of a trend, its dimensions as the trend names them (the
    /// newest version's).
    pub fn of_wave(r: &crate::report::TrendReport, i: usize) -> Figures {
        let w = &r.waves[i];
        Figures {
            overall: w.overall,
            dimensions: r
                .dimensions
                .iter()
                .map(|d| (d.id.clone(), d.scores[i]))
                .collect(),
            causes: r
                .causes
                .iter()
                .map(|c| (c.id.clone(), c.severities[i]))
                .collect(),
            respondents: w.respondents,
            roles: w
                .roles
                .iter()
                .map(|x| (x.id.clone(), x.respondents))
                .collect(),
            gap: r.gap.as_ref().map(|g| GapFigures {
                overall: g.waves[i].gap,
                dimensions: g
                    .dimensions
                    .iter()
                    .map(|d| (d.id.clone(), d.gaps[i]))
                    .collect(),
            }),
            newest: w.date.clone(),
        }
    }

    pub fn of_group(r: &crate::report::GroupReport) -> Figures {
        Figures {
            overall: r.overall,
            dimensions: r
                .dimensions
                .iter()
                .map(|d| (d.id.clone(), d.score))
                .collect(),
            causes: r
                .causes
                .iter()
                .map(|c| (c.id.clone(), Some(c.severity)))
                .collect(),
            respondents: r.respondents,
            roles: r
                .roles
                .iter()
                .map(|s| (s.id.as_str().to_string(), s.respondents))
                .collect(),
            gap: group_gap(r),
            newest: r.people.iter().filter_map(|p| p.date.clone()).max(),
        }
    }

    /// Renames dimensions by `map` (an earlier version's id to this version's), leaving
    /// out those it does not map, so a baseline of an earlier version compares.
    pub fn mapped(mut self, map: &dyn Fn(&str) -> Option<String>) -> Figures {
        let rename = |dims: Vec<(String, Option<f64>)>| {
            dims.into_iter()
                .filter_map(|(id, v)| map(&id).map(|to| (to, v)))
                .collect()
        };
        self.dimensions = rename(self.dimensions);
        if let Some(g) = self.gap.as_mut() {
            g.dimensions = rename(std::mem::take(&mut g.dimensions));
        }
        self
    }

    fn score(&self, of: &str) -> Option<f64> {
        pick(self.overall, &self.dimensions, of)
    }

    fn count(&self, role: Option<&str>) -> usize {
        match role {
            None => self.respondents,
            Some(id) => self
                .roles
                .iter()
                .find(|(r, _)| r == id)
                .map_or(0, |(_, n)| *n),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pass,
    Warn,
    Fail,
}

/// What a gate's numbers count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Score points (0–100).
    Points,
    /// A root cause's severity (0–100).
    Severity,
    Respondents,
    Days,
}

/// Which side of the threshold passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    /// `value ≥ threshold` passes.
    Min,
    /// `value ≤ threshold` passes.
    Max,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GateResult {
    /// e.g. `floor overall`, `drop metrics`, `ceiling no-lead-definition`.
    pub rule: String,
    pub action: Action,
    pub expected: String,
    pub found: String,
    pub status: Status,
    /// The rule's limit, in `unit`.
    pub threshold: f64,
    /// What was measured against it, in `unit`: a score, a drop (positive when the
    /// score fell), a severity, a count, a gap's size, how much it grew, an age. `null`
    /// when there was nothing to measure.
    pub value: Option<f64>,
    pub unit: Unit,
    pub bound: Bound,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GateSummary {
    /// `false` when any rule whose action is `fail` was not met.
    pub passed: bool,
    pub failed: usize,
    pub warned: usize,
    pub results: Vec<GateResult>,
}

fn f1(v: f64) -> String {
    format!("{v:.1}")
}

fn signed(v: f64) -> String {
    if v < 0.0 {
        format!("−{}", f1(-v))
    } else {
        format!("+{}", f1(v))
    }
}

/// One rule's measurement before the action is applied.
struct Measured {
    rule: String,
    expected: String,
    found: String,
    value: Option<f64>,
    ok: bool,
}

fn measure(check: &Check, now: &Figures, baseline: Option<&Figures>, today: &str) -> Measured {
    let m =
        |rule: String, expected: String, found: String, value: Option<f64>, ok: bool| Measured {
            rule,
            expected,
            found,
            value,
            ok,
        };
    let r1 = crate::report::r1;
    match check {
        Check::Floor { of, min } => {
            let v = now.score(of);
            let found = v.map(f1).unwrap_or_else(|| "no score".into());
            let ok = v.is_some_and(|v| v >= *min);
            m(
                format!("floor {of}"),
                format!("≥ {}", f1(*min)),
                found,
                v,
                ok,
            )
        }
        Check::Drop { of, max } => {
            let (rule, expected) = (format!("drop {of}"), format!("drop ≤ {}", f1(*max)));
            match (baseline.and_then(|b| b.score(of)), now.score(of)) {
                (Some(b), Some(v)) => {
                    let drop = r1(b - v);
                    let found = format!("{} → {} ({})", f1(b), f1(v), signed(-drop));
                    m(rule, expected, found, Some(drop), drop <= *max)
                }
                (None, _) => m(rule, expected, "no baseline score".into(), None, false),
                (_, None) => m(rule, expected, "no score".into(), None, false),
            }
        }
        Check::Ceiling { cause, max } => {
            let v = now
                .causes
                .iter()
                .find(|(id, _)| id == cause)
                .and_then(|(_, v)| *v);
            let found = v.map(f1).unwrap_or_else(|| "no evidence".into());
            // A cause with no evidence at all is below any ceiling.
            let ok = v.is_none_or(|v| v <= *max);
            m(
                format!("ceiling {cause}"),
                format!("severity ≤ {}", f1(*max)),
                found,
                v,
                ok,
            )
        }
        Check::Respondents { role, min } => {
            let n = now.count(role.as_deref());
            let rule = match role {
                Some(r) => format!("respondents {r}"),
                None => "respondents".into(),
            };
            let found = crate::numfmt::plural(n, "respondent", "respondents");
            m(rule, format!("≥ {min}"), found, Some(n as f64), n >= *min)
        }
        Check::Gap { of, max } => {
            let (rule, expected) = (format!("gap {of}"), format!("gap ≤ {}", f1(*max)));
            match now.gap.as_ref().and_then(|g| g.of(of)) {
                Some(g) => m(rule, expected, signed(g), Some(g.abs()), g.abs() <= *max),
                None => m(
                    rule,
                    expected,
                    "no gap (a compared role is missing)".into(),
                    None,
                    false,
                ),
            }
        }
        Check::Widening { of, max } => {
            let rule = format!("gap widening {of}");
            let expected = format!("widening ≤ {}", f1(*max));
            let base = baseline.and_then(|b| b.gap.as_ref()).and_then(|g| g.of(of));
            match (base, now.gap.as_ref().and_then(|g| g.of(of))) {
                (Some(b), Some(v)) => {
                    let grew = r1(v.abs() - b.abs());
                    let found = format!("{} → {} ({})", signed(b), signed(v), signed(grew));
                    m(rule, expected, found, Some(grew), grew <= *max)
                }
                (None, _) => m(rule, expected, "no baseline gap".into(), None, false),
                (_, None) => m(rule, expected, "no gap".into(), None, false),
            }
        }
        Check::Age { max_days } => {
            let rule = "age newest answers".to_string();
            let expected = format!(
                "≤ {}",
                crate::numfmt::plural(*max_days as usize, "day", "days")
            );
            let age = now
                .newest
                .as_deref()
                .and_then(|d| crate::date::days_between(d, today));
            match (age, now.newest.as_deref()) {
                (Some(a), Some(d)) => {
                    let found = format!(
                        "{d}, {} before {today}",
                        crate::numfmt::plural(a.max(0) as usize, "day", "days")
                    );
                    m(
                        rule,
                        expected,
                        found,
                        Some(a as f64),
                        a <= i64::from(*max_days),
                    )
                }
                _ => m(rule, expected, "no dated answers".into(), None, false),
            }
        }
    }
}

fn unit_and_bound(check: &Check) -> (f64, Unit, Bound) {
    match check {
        Check::Floor { min, .. } => (*min, Unit::Points, Bound::Min),
        Check::Drop { max, .. } | Check::Gap { max, .. } | Check::Widening { max, .. } => {
            (*max, Unit::Points, Bound::Max)
        }
        Check::Ceiling { max, .. } => (*max, Unit::Severity, Bound::Max),
        Check::Respondents { min, .. } => (*min as f64, Unit::Respondents, Bound::Min),
        Check::Age { max_days } => (f64::from(*max_days), Unit::Days, Bound::Max),
    }
}

/// Checks every rule. A rule whose figure is missing (nothing answered there, no
/// baseline value, no dated answers) is not met: a gate cannot pass on data it does
/// not have. `today` (YYYY-MM-DD) is what the answers' age is measured against.
pub fn evaluate(
    policy: &Policy,
    now: &Figures,
    baseline: Option<&Figures>,
    today: &str,
) -> GateSummary {
    let results: Vec<GateResult> = policy
        .rules
        .iter()
        .map(|r| {
            let got = measure(&r.check, now, baseline, today);
            let (threshold, unit, bound) = unit_and_bound(&r.check);
            let status = match (got.ok, r.action) {
                (true, _) => Status::Pass,
                (false, Action::Fail) => Status::Fail,
                (false, Action::Warn) => Status::Warn,
            };
            GateResult {
                rule: got.rule,
                action: r.action,
                expected: got.expected,
                found: got.found,
                status,
                threshold,
                value: got.value,
                unit,
                bound,
            }
        })
        .collect();
    let failed = results.iter().filter(|r| r.status == Status::Fail).count();
    let warned = results.iter().filter(|r| r.status == Status::Warn).count();
    GateSummary {
        passed: failed == 0,
        failed,
        warned,
        results,
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    fn figs(overall: f64, metrics: f64, cause: f64) -> Figures {
        Figures {
            overall: Some(overall),
            dimensions: vec![("metrics".into(), Some(metrics))],
            causes: vec![("c".into(), Some(cause))],
            ..Default::default()
        }
    }

    fn rule(check: Check, action: Action) -> Rule {
        Rule { check, action }
    }

    const TODAY: &str = "2026-12-31";

    #[test]
    fn floors_drops_and_ceilings() {
        let policy = Policy {
            rules: vec![
                rule(
                    Check::Floor {
                        of: "overall".into(),
                        min: 50.0,
                    },
                    Action::Fail,
                ),
                rule(
                    Check::Drop {
                        of: "metrics".into(),
                        max: 10.0,
                    },
                    Action::Fail,
                ),
                rule(
                    Check::Ceiling {
                        cause: "c".into(),
                        max: 70.0,
                    },
                    Action::Warn,
                ),
                rule(
                    Check::Floor {
                        of: "metrics".into(),
                        min: 40.0,
                    },
                    Action::Warn,
                ),
            ],
        };
        // 55 ≥ 50 pass; metrics 60 → 45 drops 15 > 10 fail; cause 75 > 70 warn; 45 ≥ 40 pass.
        let s = evaluate(
            &policy,
            &figs(55.0, 45.0, 75.0),
            Some(&figs(50.0, 60.0, 60.0)),
            TODAY,
        );
        let st: Vec<Status> = s.results.iter().map(|r| r.status).collect();
        assert_eq!(
            st,
            vec![Status::Pass, Status::Fail, Status::Warn, Status::Pass]
        );
        assert!(!s.passed);
        assert_eq!((s.failed, s.warned), (1, 1));
        assert_eq!(s.results[1].found, "60.0 → 45.0 (−15.0)");
        assert_eq!(s.results[1].expected, "drop ≤ 10.0");
        // The numbers beside the text: a drop of 15 points against a limit of 10.
        assert_eq!(s.results[1].value, Some(15.0));
        assert_eq!(s.results[1].threshold, 10.0);
        assert_eq!(
            (s.results[1].unit, s.results[1].bound),
            (Unit::Points, Bound::Max)
        );
        assert_eq!(
            (s.results[2].unit, s.results[2].value),
            (Unit::Severity, Some(75.0))
        );
        assert_eq!(
            (s.results[0].bound, s.results[0].value),
            (Bound::Min, Some(55.0))
        );
        // Exactly at the limits passes.
        let s = evaluate(
            &policy,
            &figs(50.0, 50.0, 70.0),
            Some(&figs(50.0, 60.0, 60.0)),
            TODAY,
        );
        assert!(s.passed && s.warned == 0, "{s:?}");
        // No baseline: a drop rule cannot pass.
        let s = evaluate(&policy, &figs(55.0, 45.0, 10.0), None, TODAY);
        assert_eq!(s.results[1].status, Status::Fail);
        assert_eq!(s.results[1].found, "no baseline score");
        assert_eq!(s.results[1].value, None);
    }

    #[test]
    fn respondents_gap_widening_and_age() {
        let with = |n: usize, sales: usize, gap: f64, date: &str| Figures {
            respondents: n,
            roles: vec![("sales".into(), sales)],
            gap: Some(GapFigures {
                overall: Some(gap),
                dimensions: vec![("metrics".into(), Some(gap / 2.0))],
            }),
            newest: Some(date.into()),
            ..figs(60.0, 60.0, 0.0)
        };
        let policy = Policy {
            rules: vec![
                rule(Check::Respondents { role: None, min: 4 }, Action::Fail),
                rule(
                    Check::Respondents {
                        role: Some("sales".into()),
                        min: 2,
                    },
                    Action::Warn,
                ),
                rule(
                    Check::Gap {
                        of: "overall".into(),
                        max: 20.0,
                    },
                    Action::Fail,
                ),
                rule(
                    Check::Widening {
                        of: "metrics".into(),
                        max: 5.0,
                    },
                    Action::Fail,
                ),
                rule(Check::Age { max_days: 100 }, Action::Fail),
            ],
        };
        // 3 < 4 fail; 1 sales < 2 warn; |−22| > 20 fail; metrics gap −11 against −4:
        // 11 − 4 = 7 > 5 fail; 2026-09-30 to 2026-12-31 is 92 days ≤ 100 pass.
        let s = evaluate(
            &policy,
            &with(3, 1, -22.0, "2026-09-30"),
            Some(&with(5, 2, -8.0, "2026-06-30")),
            TODAY,
        );
        let st: Vec<Status> = s.results.iter().map(|r| r.status).collect();
        assert_eq!(
            st,
            vec![
                Status::Fail,
                Status::Warn,
                Status::Fail,
                Status::Fail,
                Status::Pass
            ]
        );
        assert_eq!(s.results[0].found, "3 respondents");
        assert_eq!(s.results[2].value, Some(22.0));
        assert_eq!(s.results[3].found, "−4.0 → −11.0 (+7.0)");
        assert_eq!(s.results[3].value, Some(7.0));
        assert_eq!(
            (s.results[4].value, s.results[4].unit),
            (Some(92.0), Unit::Days)
        );
        // A gap that narrows passes the widening rule; 101 days is too old.
        let s = evaluate(
            &policy,
            &with(4, 2, -8.0, "2026-09-21"),
            Some(&with(5, 2, -22.0, "2026-06-30")),
            TODAY,
        );
        let st: Vec<Status> = s.results.iter().map(|r| r.status).collect();
        assert_eq!(
            st,
            vec![
                Status::Pass,
                Status::Pass,
                Status::Pass,
                Status::Pass,
                Status::Fail
            ]
        );
        assert_eq!(s.results[3].value, Some(-7.0));
        assert_eq!(s.results[4].value, Some(101.0));
        // Without dates or a compared role the rules cannot pass.
        let bare = Figures {
            respondents: 9,
            ..figs(60.0, 60.0, 0.0)
        };
        let s = evaluate(&policy, &bare, Some(&bare), TODAY);
        assert_eq!(s.results[2].found, "no gap (a compared role is missing)");
        assert_eq!(s.results[4].found, "no dated answers");
        assert_eq!(s.results[1].found, "0 respondents");
        assert_eq!(s.failed, 3);
    }
}
