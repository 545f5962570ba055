//! Gates for scheduled re-scoring: floors, maximum drops against a baseline, ceilings
//! on root causes. The report itself never depends on them; the gate summary is added
//! beside it, and a failed rule turns into exit code 3 at the binary's edge.

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
}

#[derive(Debug, Default, Deserialize)]
struct RawRule {
    of: Option<String>,
    cause: Option<String>,
    min: Option<f64>,
    max: Option<f64>,
    action: Option<String>,
}

impl Policy {
    /// Parses a policy file and checks its ids against the questionnaire.
    pub fn parse(src: &SourceText, q: &Questionnaire) -> Result<Policy> {
        let (raw, mut problems): (RawPolicy, Vec<Problem>) = src.deserialize()?;
        let mut rules = Vec::new();
        let root = KeyPath::root();
        let score_of = |r: &RawRule, p: &KeyPath, problems: &mut Vec<Problem>| -> Option<String> {
            match &r.of {
                None => {
                    problems.push(src.problem(
                        p,
                        false,
                        "rule is missing `of` (`overall` or a dimension id)",
                    ));
                    None
                }
                Some(o) if o == "overall" || q.dimensions.iter().any(|d| &d.id == o) => {
                    Some(o.clone())
                }
                Some(o) => {
                    let ids: Vec<&str> = q.dimensions.iter().map(|d| d.id.as_str()).collect();
                    problems.push(src.problem(
                        &p.key("of"),
                        false,
                        format!(
                            "`{o}` is not `overall` or a dimension of `{}` ({})",
                            q.id,
                            ids.join(", ")
                        ),
                    ));
                    None
                }
            }
        };
        let action =
            |r: &RawRule, p: &KeyPath, problems: &mut Vec<Problem>| match r.action.as_deref() {
                None | Some("fail") => Action::Fail,
                Some("warn") => Action::Warn,
                Some(other) => {
                    problems.push(src.problem(
                        &p.key("action"),
                        false,
                        format!("unknown action `{other}`: expected `fail` or `warn`"),
                    ));
                    Action::Fail
                }
            };
        let number = |v: Option<f64>, key: &str, p: &KeyPath, problems: &mut Vec<Problem>| match v {
            Some(v) if v.is_finite() && v >= 0.0 => Some(v),
            Some(v) => {
                problems.push(src.problem(
                    &p.key(key),
                    false,
                    format!("`{key}` must be a number ≥ 0, found {v}"),
                ));
                None
            }
            None => {
                problems.push(src.problem(p, false, format!("rule is missing `{key}`")));
                None
            }
        };
        for (i, r) in raw.floor.iter().enumerate() {
            let p = root.key("floor").index(i);
            let a = action(r, &p, &mut problems);
            if let (Some(of), Some(min)) = (
                score_of(r, &p, &mut problems),
                number(r.min, "min", &p, &mut problems),
            ) {
                rules.push(Rule {
                    check: Check::Floor { of, min },
                    action: a,
                });
            }
        }
        for (i, r) in raw.drop.iter().enumerate() {
            let p = root.key("drop").index(i);
            let a = action(r, &p, &mut problems);
            if let (Some(of), Some(max)) = (
                score_of(r, &p, &mut problems),
                number(r.max, "max", &p, &mut problems),
            ) {
                rules.push(Rule {
                    check: Check::Drop { of, max },
                    action: a,
                });
            }
        }
        for (i, r) in raw.ceiling.iter().enumerate() {
            let p = root.key("ceiling").index(i);
            let a = action(r, &p, &mut problems);
            let cause = match &r.cause {
                Some(c) if q.cause_index(c).is_some() => Some(c.clone()),
                Some(c) => {
                    problems.push(src.problem(
                        &p.key("cause"),
                        false,
                        format!("unknown cause `{c}` in `{}`", q.id),
                    ));
                    None
                }
                None => {
                    problems.push(src.problem(&p, false, "rule is missing `cause`"));
                    None
                }
            };
            if let (Some(cause), Some(max)) = (cause, number(r.max, "max", &p, &mut problems)) {
                if max > 100.0 {
                    problems.push(src.problem(&p.key("max"), false, "a severity is at most 100"));
                }
                rules.push(Rule {
                    check: Check::Ceiling { cause, max },
                    action: a,
                });
            }
        }
        if rules.is_empty() && problems.is_empty() {
            problems.push(src.problem(
                &root,
                false,
                "the policy has no rules: add [[floor]], [[drop]] or [[ceiling]] tables",
            ));
        }
        if problems.is_empty() {
            Ok(Policy { rules })
        } else {
            problems.sort_by_key(|p| p.position);
            Err(Error::Invalid(problems))
        }
    }

    pub fn needs_baseline(&self) -> bool {
        self.rules
            .iter()
            .any(|r| matches!(r.check, Check::Drop { .. }))
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
}

impl Figures {
    /// The figures of a report, from the full (not `--top`-limited) report.
    pub fn of(report: &Report) -> Figures {
        match report {
            Report::Single(r) => Figures {
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
            },
            Report::Group(r) => Figures {
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
            },
            Report::Trend(r) => Figures {
                overall: r.waves.last().and_then(|w| w.overall),
                dimensions: r
                    .dimensions
                    .iter()
                    .map(|d| (d.id.clone(), d.scores.last().copied().flatten()))
                    .collect(),
                causes: r
                    .causes
                    .iter()
                    .map(|c| (c.id.clone(), c.severities.last().copied().flatten()))
                    .collect(),
            },
        }
    }

    fn score(&self, of: &str) -> Option<f64> {
        if of == "overall" {
            self.overall
        } else {
            self.dimensions
                .iter()
                .find(|(id, _)| id == of)
                .and_then(|(_, v)| *v)
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

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GateResult {
    /// e.g. `floor overall`, `drop metrics`, `ceiling no-lead-definition`.
    pub rule: String,
    pub action: Action,
    pub expected: String,
    pub found: String,
    pub status: Status,
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

/// Checks every rule. A rule whose figure is missing (nothing answered there, or no
/// baseline value) is not met: a gate cannot pass on data it does not have.
pub fn evaluate(policy: &Policy, now: &Figures, baseline: Option<&Figures>) -> GateSummary {
    let results: Vec<GateResult> = policy
        .rules
        .iter()
        .map(|r| {
            let (rule, expected, found, ok) = match &r.check {
                Check::Floor { of, min } => {
                    let v = now.score(of);
                    (
                        format!("floor {of}"),
                        format!("≥ {}", f1(*min)),
                        v.map(f1).unwrap_or_else(|| "no score".into()),
                        v.is_some_and(|v| v >= *min),
                    )
                }
                Check::Drop { of, max } => {
                    let (b, v) = (baseline.and_then(|b| b.score(of)), now.score(of));
                    match (b, v) {
                        (Some(b), Some(v)) => {
                            let drop = ((b - v) * 10.0).round() / 10.0;
                            (
                                format!("drop {of}"),
                                format!("drop ≤ {}", f1(*max)),
                                format!(
                                    "{} → {} ({})",
                                    f1(b),
                                    f1(v),
                                    if drop > 0.0 {
                                        format!("−{}", f1(drop))
                                    } else {
                                        format!("+{}", f1(-drop))
                                    }
                                ),
                                drop <= *max,
                            )
                        }
                        (None, _) => (
                            format!("drop {of}"),
                            format!("drop ≤ {}", f1(*max)),
                            "no baseline score".into(),
                            false,
                        ),
                        (_, None) => (
                            format!("drop {of}"),
                            format!("drop ≤ {}", f1(*max)),
                            "no score".into(),
                            false,
                        ),
                    }
                }
                Check::Ceiling { cause, max } => {
                    let v = now
                        .causes
                        .iter()
                        .find(|(id, _)| id == cause)
                        .and_then(|(_, v)| *v);
                    (
                        format!("ceiling {cause}"),
                        format!("severity ≤ {}", f1(*max)),
                        v.map(f1).unwrap_or_else(|| "no evidence".into()),
                        // A cause with no evidence at all is below any ceiling.
                        v.is_none_or(|v| v <= *max),
                    )
                }
            };
            let status = match (ok, r.action) {
                (true, _) => Status::Pass,
                (false, Action::Fail) => Status::Fail,
                (false, Action::Warn) => Status::Warn,
            };
            GateResult {
                rule,
                action: r.action,
                expected,
                found,
                status,
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
        }
    }

    fn rule(check: Check, action: Action) -> Rule {
        Rule { check, action }
    }

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
        // Exactly at the limits passes.
        let s = evaluate(
            &policy,
            &figs(50.0, 50.0, 70.0),
            Some(&figs(50.0, 60.0, 60.0)),
        );
        assert!(s.passed && s.warned == 0, "{s:?}");
        // No baseline: a drop rule cannot pass.
        let s = evaluate(&policy, &figs(55.0, 45.0, 10.0), None);
        assert_eq!(s.results[1].status, Status::Fail);
        assert_eq!(s.results[1].found, "no baseline score");
    }
}
