//! Evaluating a policy: every rule measured against a report's figures (and a
//! baseline's), each result with its text for people and its numbers for scripts.

use super::figures::Figures;
use super::policy::{Action, Check, Policy};
use serde::Serialize;

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
    use crate::gates::{GapFigures, Rule};

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
