//! Gates as asked for: flags and a policy file assembled into one policy, checked
//! against a report and, for drops, the baseline's.

use super::report::{ReportOptions, build_report};
use crate::error::{Error, Result};
use crate::gates::{self, Action, Check, GateSummary, Policy, Rule};
use crate::questionnaire::Questionnaire;
use crate::report::Report;
use crate::tomlfile::{self, FileKind, read_source};
use std::path::PathBuf;

/// The gates a run asks for.
#[derive(Debug, Clone, Default)]
pub struct GateRequest {
    /// Fail when the overall score is below this.
    pub min_score: Option<f64>,
    /// Fail when the overall score is more than this below the baseline's.
    pub max_drop: Option<f64>,
    /// A policy file of floors, drops and ceilings.
    pub policy: Option<PathBuf>,
    /// The previous wave, for drops.
    pub baseline: Vec<PathBuf>,
    /// Fail when fewer answers files than this were scored.
    pub min_respondents: Option<usize>,
    /// Fail when the newest answers are older than this many days.
    pub max_age: Option<u32>,
}

impl GateRequest {
    /// The policy these flags and the policy file make together.
    pub fn policy(&self, q: &Questionnaire) -> Result<Policy> {
        let mut policy = Policy::default();
        let overall = |check| Rule {
            check,
            action: Action::Fail,
        };
        if let Some(min) = self.min_score {
            policy.rules.push(overall(Check::Floor {
                of: "overall".into(),
                min,
            }));
        }
        if let Some(max) = self.max_drop {
            policy.rules.push(overall(Check::Drop {
                of: "overall".into(),
                max,
            }));
        }
        if let Some(min) = self.min_respondents {
            policy
                .rules
                .push(overall(Check::Respondents { role: None, min }));
        }
        if let Some(max_days) = self.max_age {
            policy.rules.push(overall(Check::Age { max_days }));
        }
        if let Some(path) = &self.policy {
            let src = read_source(path)?;
            let what = match tomlfile::sniff(&src) {
                Ok(FileKind::Answers) => Some("an answers file"),
                Ok(FileKind::Questionnaire) => Some("a questionnaire"),
                _ => None,
            };
            if let Some(what) = what {
                return Err(Error::file(
                    src.name.clone(),
                    format!(
                        "is {what}, not a policy (a policy has [[floor]], [[drop]], [[ceiling]], [[respondents]], [[gap]] or [[age]] tables)"
                    ),
                ));
            }
            policy.rules.extend(Policy::parse(&src, q)?.rules);
        }
        Ok(policy)
    }
}

/// What the gates came to.
#[derive(Debug, Clone, Default)]
pub struct Gated {
    /// `None` when no gate was asked for.
    pub summary: Option<GateSummary>,
    /// Said on standard error: a baseline no rule uses, and so on.
    pub warnings: Vec<String>,
}

/// The warning for a baseline that no rule compares with.
fn unused_baseline(policy: &Policy) -> Vec<String> {
    let uses = if policy.rules.is_empty() {
        "no gate was asked for"
    } else {
        "no rule compares with it (--max-drop, [[drop]] or a [[gap]] with max_widening)"
    };
    vec![format!("warning: --baseline is read for nothing: {uses}")]
}

/// The gates asked for, checked against `rep` (and the baseline's report, for drops
/// and a gap's widening). The baseline is read with `o`'s folders, anonymously, against
/// the version of the questionnaire its answers name (`q` when it is the same; else
/// one beside it or built in), its dimensions mapped by `q`'s `[[earlier]]` entry.
pub fn evaluate_gates(
    req: &GateRequest,
    q: &Questionnaire,
    rep: &Report,
    o: &ReportOptions<'_>,
) -> Result<Gated> {
    let policy = req.policy(q)?;
    let mut warnings = Vec::new();
    if !req.baseline.is_empty() && !policy.needs_baseline() {
        warnings = unused_baseline(&policy);
    }
    if policy.rules.is_empty() {
        return Ok(Gated {
            summary: None,
            warnings,
        });
    }
    let baseline = if req.baseline.is_empty() || !policy.needs_baseline() {
        if policy.needs_baseline() {
            return Err(Error::Usage(
                "the policy compares with a baseline ([[drop]] rules or a gap's max_widening): add --baseline PATH"
                    .into(),
            ));
        }
        None
    } else {
        Some(baseline_figures(&req.baseline, q, o)?)
    };
    let summary = gates::evaluate(
        &policy,
        &gates::Figures::of(rep),
        baseline.as_ref(),
        &crate::date::today(),
    );
    Ok(Gated {
        summary: Some(summary),
        warnings,
    })
}

/// The baseline's figures, named as `q` names its dimensions.
fn baseline_figures(
    paths: &[PathBuf],
    q: &Questionnaire,
    o: &ReportOptions<'_>,
) -> Result<gates::Figures> {
    use super::versions;
    let at = paths
        .first()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    // An earlier version's baseline: its own questionnaire, found as a trend's waves are.
    let none = super::inputs::Reserved::default();
    let files = super::inputs::collect_reserved(paths, o.recursive, o.reserved.unwrap_or(&none))?;
    let other = versions::named_version(&files.files).filter(|(id, v)| {
        id == &q.id && v != &q.version && q.earlier.iter().any(|e| &e.version == v)
    });
    let o = ReportOptions {
        strict: false,
        anonymous: true,
        // Names out only: a baseline's roles are compared whole, never shown.
        min_group: Some(1),
        ..*o
    };
    let (bq, brep) = match other {
        Some((id, version)) => {
            let mut known = paths
                .first()
                .map(|p| versions::beside(p))
                .unwrap_or_default();
            known.extend(o.questionnaire.cloned());
            let bq = versions::for_version(&known, &id, &version, &at)?;
            let base = build_report(
                paths,
                &ReportOptions {
                    questionnaire: Some(&bq),
                    ..o
                },
            )?;
            (bq, base.report)
        }
        None => {
            let base = build_report(paths, &o)?;
            (base.questionnaire, base.report)
        }
    };
    if bq.id != q.id {
        return Err(Error::Input(format!(
            "the baseline answers questionnaire `{}`, the scored files answer `{}`: a drop can only be measured on the same questionnaire",
            bq.id, q.id
        )));
    }
    let map = versions::dimension_map(q, &bq, &at)?;
    let figures = gates::Figures::of(&brep);
    // Each of `q`'s dimensions from the baseline dimension it continues.
    let renamed: Vec<(String, String)> = map
        .iter()
        .enumerate()
        .filter_map(|(d, i)| {
            Some((
                bq.dimensions[(*i)?].id.to_string(),
                q.dimensions[d].id.to_string(),
            ))
        })
        .collect();
    Ok(figures.mapped(&|id| {
        renamed
            .iter()
            .find(|(from, _)| from == id)
            .map(|(_, to)| to.clone())
    }))
}

/// A trend with its gates: the rules are checked on the newest wave, with the wave
/// before it as the baseline, and waves below a `[[respondents]]` minimum are marked.
pub fn gate_trend(req: &GateRequest, waves: super::report::Waves) -> Result<(Report, Gated)> {
    let policy = req.policy(&waves.questionnaire)?;
    let minimums: Vec<crate::report::trend::Minimum> = policy
        .rules
        .iter()
        .filter_map(|r| match &r.check {
            Check::Respondents { role, min } => Some(crate::report::trend::Minimum {
                role: role.clone(),
                min: *min,
            }),
            _ => None,
        })
        .collect();
    let rep = waves.into_report(&minimums);
    if policy.rules.is_empty() {
        return Ok((rep, Gated::default()));
    }
    let Report::Trend(t) = &rep else {
        return Ok((rep, Gated::default()));
    };
    let n = t.waves.len();
    let now = gates::Figures::of_wave(t, n - 1);
    let before = (n > 1).then(|| gates::Figures::of_wave(t, n - 2));
    let summary = gates::evaluate(&policy, &now, before.as_ref(), &crate::date::today());
    Ok((
        rep,
        Gated {
            summary: Some(summary),
            warnings: Vec::new(),
        },
    ))
}
