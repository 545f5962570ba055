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
                        "is {what}, not a policy (a policy has [[floor]], [[drop]] or [[ceiling]] tables)"
                    ),
                ));
            }
            policy.rules.extend(Policy::parse(&src, q)?.rules);
        }
        Ok(policy)
    }
}

/// The gates asked for, checked against `rep` (and the baseline's report, for drops).
/// `None` when no gate was asked for. The baseline is read with `o` (its
/// questionnaire and folders), always anonymously.
pub fn evaluate_gates(
    req: &GateRequest,
    q: &Questionnaire,
    rep: &Report,
    o: &ReportOptions<'_>,
) -> Result<Option<GateSummary>> {
    let policy = req.policy(q)?;
    if policy.rules.is_empty() {
        return Ok(None);
    }
    let baseline = if req.baseline.is_empty() {
        if policy.needs_baseline() {
            return Err(Error::Usage(
                "the policy has [[drop]] rules, which compare with a baseline: add --baseline PATH"
                    .into(),
            ));
        }
        None
    } else {
        let o = ReportOptions {
            strict: false,
            anonymous: true,
            ..*o
        };
        let base = build_report(&req.baseline, &o)?;
        let (bq, brep) = (&base.questionnaire, &base.report);
        if bq.id != q.id {
            return Err(Error::Input(format!(
                "the baseline answers questionnaire `{}`, the scored files answer `{}`: a drop can only be measured on the same questionnaire",
                bq.id, q.id
            )));
        }
        Some(gates::Figures::of(brep))
    };
    Ok(Some(gates::evaluate(
        &policy,
        &gates::Figures::of(rep),
        baseline.as_ref(),
    )))
}
