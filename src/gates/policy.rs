//! Reading a policy: the rules a `--policy` file and the command line's gate flags
//! set, checked against the questionnaire (its dimensions, causes and roles) with every
//! problem positioned in the file.

use crate::error::{Error, Problem, Result};
use crate::questionnaire::Questionnaire;
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
    rules: Vec<Rule>,
}

/// Reads one rule of a table (at `p`) into the reader's rules or problems.
type ReadRule<'a> = fn(&mut Reader<'a>, &RawRule, &KeyPath);

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

    fn push(&mut self, check: Check, action: Action) {
        self.rules.push(Rule { check, action });
    }

    fn floor(&mut self, r: &RawRule, p: &KeyPath) {
        let a = self.action(r, p);
        if let (Some(of), Some(min)) = (self.score_of(r, p), self.number(r.min, "min", p, true)) {
            self.push(Check::Floor { of, min }, a);
        }
    }

    fn drop(&mut self, r: &RawRule, p: &KeyPath) {
        let a = self.action(r, p);
        if let (Some(of), Some(max)) = (self.score_of(r, p), self.number(r.max, "max", p, true)) {
            self.push(Check::Drop { of, max }, a);
        }
    }

    fn ceiling(&mut self, r: &RawRule, p: &KeyPath) {
        let a = self.action(r, p);
        let cause = match &r.cause {
            Some(c) if self.q.cause_index(c).is_some() => Some(c.clone()),
            Some(c) => {
                let msg = format!("unknown cause `{c}` in `{}`", self.q.id);
                self.problem(&p.key("cause"), msg);
                None
            }
            None => {
                self.problem(p, "rule is missing `cause`");
                None
            }
        };
        if let (Some(cause), Some(max)) = (cause, self.number(r.max, "max", p, true)) {
            if max > 100.0 {
                self.problem(&p.key("max"), "a severity is at most 100");
            }
            self.push(Check::Ceiling { cause, max }, a);
        }
    }

    fn respondents(&mut self, r: &RawRule, p: &KeyPath) {
        let a = self.action(r, p);
        let q = self.q;
        let role = match &r.role {
            Some(id) if !q.roles.iter().any(|x| &x.id == id) => {
                let ids: Vec<&str> = q.roles.iter().map(|x| x.id.as_str()).collect();
                let msg = format!("`{id}` is not a role of `{}` ({})", q.id, ids.join(", "));
                self.problem(&p.key("role"), msg);
                return;
            }
            other => other.clone(),
        };
        if let Some(min) = self.whole(r.min, "min", p) {
            let min = min as usize;
            self.push(Check::Respondents { role, min }, a);
        }
    }

    /// A gap rule: `max` (the largest gap), `max_widening` (how much it may grow since
    /// the baseline) or both, each its own check.
    fn gap(&mut self, r: &RawRule, p: &KeyPath) {
        let a = self.action(r, p);
        if self.q.compared_roles.is_none() {
            let msg = format!(
                "`{}` compares no two roles, so it has no perception gap",
                self.q.id
            );
            self.problem(p, msg);
            return;
        }
        let of = self.score_of(r, p);
        let max = self.number(r.max, "max", p, false);
        let widening = self.number(r.max_widening, "max_widening", p, false);
        if r.max.is_none() && r.max_widening.is_none() {
            self.problem(p, "rule needs `max` (the largest gap) or `max_widening` (the most it may grow since the baseline)");
        }
        if let (Some(of), Some(max)) = (&of, max) {
            let of = of.clone();
            self.push(Check::Gap { of, max }, a);
        }
        if let (Some(of), Some(max)) = (of, widening) {
            self.push(Check::Widening { of, max }, a);
        }
    }

    fn age(&mut self, r: &RawRule, p: &KeyPath) {
        let a = self.action(r, p);
        if let Some(max_days) = self.whole(r.max_days, "max_days", p) {
            self.push(Check::Age { max_days }, a);
        }
    }
}

impl Policy {
    /// Parses a policy file and checks its ids against the questionnaire.
    pub fn parse(src: &SourceText, q: &Questionnaire) -> Result<Policy> {
        let (raw, problems): (RawPolicy, Vec<Problem>) = src.deserialize()?;
        let mut rd = Reader {
            src,
            q,
            problems,
            rules: Vec::new(),
        };
        let root = KeyPath::root();
        // Each table's rules in file order, the tables in the order rules are listed.
        let tables: [(&str, &[RawRule], ReadRule<'_>); 6] = [
            ("floor", &raw.floor, Reader::floor),
            ("drop", &raw.drop, Reader::drop),
            ("ceiling", &raw.ceiling, Reader::ceiling),
            ("respondents", &raw.respondents, Reader::respondents),
            ("gap", &raw.gap, Reader::gap),
            ("age", &raw.age, Reader::age),
        ];
        for (table, raws, read) in tables {
            for (i, r) in raws.iter().enumerate() {
                read(&mut rd, r, &root.key(table).index(i));
            }
        }
        let (rules, mut problems) = (rd.rules, rd.problems);
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
