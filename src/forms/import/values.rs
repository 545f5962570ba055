//! Cells to answers: option labels or ids to option ids, scale numbers or labels to
//! values, checklist cells split against the known labels, roles and causes by id or
//! name. Lookups are built once per questionnaire; a cell is first looked up as it is
//! and only normalised (case, spacing) when that misses, which keeps imports fast.

use super::Value;
use crate::answers::{Answer, Chain};
use crate::forms::{NONE_LABEL, OTHER_LABEL, Part, norm, scale_labels};
use crate::questionnaire::{DONT_KNOW, Kind, OTHER_CAUSE, Question, Questionnaire};
use std::collections::HashMap;

/// What a cell (or one item of a checklist cell) stands for.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Pick {
    Option(usize),
    Value(i64),
    DontKnow,
    None,
    Other,
}

// Look-ups happen for every cell of every row: a fast non-cryptographic hash (the keys
// are the questionnaire's own labels, not input an attacker chooses).
type Map = HashMap<String, Pick, rustc_hash::FxBuildHasher>;

#[derive(Debug, Default)]
struct Lookup {
    exact: Map,
    normed: Map,
    /// Normalised keys, longest first, for splitting checklist cells.
    by_length: Vec<(String, Pick)>,
    /// Keys as given, longest first: a checklist cell written with the labels as they
    /// are splits without being normalised, when that cannot change the result.
    exact_by_length: Vec<(String, Pick)>,
    /// No key holds a separator and every key means what its normalised form means, so
    /// splitting the cell as written finds what splitting it normalised finds.
    plain: bool,
    /// The labels people chose from, for messages.
    labels: Vec<String>,
}

impl Lookup {
    /// The first key added for a text wins (ids before labels).
    fn add(&mut self, key: &str, pick: Pick) {
        self.exact.entry(key.to_string()).or_insert(pick);
        self.normed.entry(norm(key)).or_insert(pick);
    }

    fn finish(mut self) -> Self {
        let mut keys: Vec<(String, Pick)> =
            self.normed.iter().map(|(k, p)| (k.clone(), *p)).collect();
        keys.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        self.by_length = keys;
        self.plain = self.normed.keys().all(|k| !k.contains([',', ';']))
            && self
                .exact
                .iter()
                .all(|(k, p)| self.normed.get(&norm(k)) == Some(p));
        let mut exact: Vec<(String, Pick)> =
            self.exact.iter().map(|(k, p)| (k.clone(), *p)).collect();
        exact.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        self.exact_by_length = exact;
        self
    }

    /// A checklist cell split on the keys as written; `None` when a piece is not one.
    fn split_exact(&self, s: &str) -> Option<Vec<Pick>> {
        let mut rest = s;
        let mut out = Vec::new();
        while !rest.is_empty() {
            let (k, p) = self.exact_by_length.iter().find(|(k, _)| {
                rest.starts_with(k.as_str())
                    && matches!(rest[k.len()..].chars().next(), None | Some(',' | ';'))
            })?;
            out.push(*p);
            rest = rest[k.len()..].trim_start_matches([',', ';', ' ']);
        }
        Some(out)
    }

    fn get(&self, s: &str) -> Option<Pick> {
        self.exact
            .get(s)
            .or_else(|| self.normed.get(&norm(s)))
            .copied()
    }

    fn allowed(&self) -> String {
        self.labels
            .iter()
            .map(|l| format!("\"{l}\""))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// A checklist cell: labels joined by ", " or ";" (Google Forms, Microsoft Forms),
    /// matched longest label first so a label containing a comma is not cut in two.
    fn split(&self, s: &str) -> Result<Vec<Pick>, String> {
        if let Some(p) = self.exact.get(s) {
            return Ok(vec![*p]);
        }
        if self.plain
            && let Some(picks) = self.split_exact(s)
        {
            return Ok(picks);
        }
        let n = norm(s);
        if let Some(p) = self.normed.get(&n) {
            return Ok(vec![*p]);
        }
        let mut rest = n.as_str();
        let mut out = Vec::new();
        while !rest.is_empty() {
            let found = self.by_length.iter().find(|(k, _)| {
                rest.starts_with(k.as_str())
                    && matches!(rest[k.len()..].chars().next(), None | Some(',' | ';'))
            });
            match found {
                Some((k, p)) => {
                    out.push(*p);
                    rest = rest[k.len()..].trim_start_matches([',', ';', ' ']);
                }
                None => {
                    let piece = rest.split([',', ';']).next().unwrap_or(rest).trim();
                    // Shown as it was written when it can be found in the cell.
                    let original = s
                        .split([',', ';'])
                        .map(str::trim)
                        .find(|p| norm(p) == piece);
                    return Err(original.unwrap_or(piece).to_string());
                }
            }
        }
        Ok(out)
    }
}

/// Lookups for every question, the roles and the causes.
#[derive(Debug)]
pub struct Prepared {
    questions: Vec<Lookup>,
    roles: Lookup,
    role_ids: Vec<String>,
    causes: Lookup,
    cause_ids: Vec<String>,
    dont_know_label: String,
    /// Each question's place in id order: answers are sorted by it to build the map.
    pub rank: Vec<usize>,
}

impl Prepared {
    pub fn new(q: &Questionnaire) -> Prepared {
        let questions = q.questions.iter().map(|x| question_lookup(q, x)).collect();
        let mut roles = Lookup::default();
        for (i, r) in q.roles.iter().enumerate() {
            roles.add(&r.id, Pick::Option(i));
            roles.add(&r.name, Pick::Option(i));
            roles.labels.push(r.name.clone());
        }
        let mut causes = Lookup::default();
        for (i, c) in q.causes.iter().enumerate() {
            causes.add(&c.id, Pick::Option(i));
            causes.add(&c.name, Pick::Option(i));
            causes.labels.push(c.name.clone());
        }
        causes.add(OTHER_CAUSE, Pick::Other);
        causes.add(OTHER_LABEL, Pick::Other);
        causes.labels.push(OTHER_LABEL.into());
        let mut by_id: Vec<usize> = (0..q.questions.len()).collect();
        by_id.sort_by(|a, b| q.questions[*a].id.cmp(&q.questions[*b].id));
        let mut rank = vec![0; by_id.len()];
        for (r, qi) in by_id.into_iter().enumerate() {
            rank[qi] = r;
        }
        Prepared {
            rank,
            questions,
            roles: roles.finish(),
            role_ids: q.roles.iter().map(|r| r.id.clone()).collect(),
            causes: causes.finish(),
            cause_ids: q.causes.iter().map(|c| c.id.clone()).collect(),
            dont_know_label: q.dont_know_label.clone(),
        }
    }

    pub fn role(&self, cell: &Value) -> Result<String, String> {
        match self.roles.get(&cell.shown()) {
            Some(Pick::Option(i)) => Ok(self.role_ids[i].clone()),
            _ => Err(format!("is not a role (allowed: {})", self.roles.allowed())),
        }
    }

    pub fn answer(&self, qi: usize, question: &Question, cell: &Value) -> Result<Answer, String> {
        let look = &self.questions[qi];
        let dont_know = |p: &Pick| *p == Pick::DontKnow && !question.dont_know;
        match &question.kind {
            Kind::Text => Ok(Answer::Text(text(cell))),
            Kind::Multi { options } => {
                let picks = match cell {
                    Value::List(items) => items
                        .iter()
                        .map(|i| look.get(i).ok_or_else(|| i.clone()))
                        .collect::<Result<Vec<_>, _>>(),
                    _ => look.split(&cell.shown()),
                };
                let picks = picks.map_err(|piece| {
                    format!(
                        "has an unknown option \"{piece}\" (allowed, separated by \", \" or \";\": {})",
                        look.allowed()
                    )
                })?;
                if picks.iter().any(dont_know) {
                    return Err(self.no_dont_know());
                }
                let single = |p: Pick| picks.len() == 1 && picks[0] == p;
                if single(Pick::DontKnow) {
                    return Ok(Answer::DontKnow);
                }
                if single(Pick::None) {
                    return Ok(Answer::Choices(Vec::new()));
                }
                let mut ids: Vec<usize> = Vec::new();
                for p in &picks {
                    match p {
                        Pick::Option(i) if !ids.contains(i) => ids.push(*i),
                        Pick::Option(_) => {}
                        _ => {
                            return Err(format!(
                                "mixes \"{NONE_LABEL}\" or \"{}\" with options",
                                self.dont_know_label
                            ));
                        }
                    }
                }
                ids.sort_unstable();
                Ok(Answer::Choices(
                    ids.into_iter().map(|i| options[i].id.clone()).collect(),
                ))
            }
            Kind::Single { options } => match look.get(&cell.shown()) {
                Some(p) if dont_know(&p) => Err(self.no_dont_know()),
                Some(Pick::DontKnow) => Ok(Answer::DontKnow),
                Some(Pick::Option(i)) => Ok(Answer::Choice(options[i].id.clone())),
                _ => Err(format!("is not an option (allowed: {})", look.allowed())),
            },
            Kind::Scale(sc) => {
                let s = cell.shown();
                let t = s.trim();
                if let Ok(v) = t.parse::<i64>() {
                    return if (sc.min..=sc.max).contains(&v) {
                        Ok(Answer::Value(v))
                    } else {
                        Err(format!("is out of range {}..{}", sc.min, sc.max))
                    };
                }
                match look.get(t) {
                    Some(p) if dont_know(&p) => Err(self.no_dont_know()),
                    Some(Pick::DontKnow) => Ok(Answer::DontKnow),
                    Some(Pick::Value(v)) => Ok(Answer::Value(v)),
                    _ => Err(format!(
                        "is not on the scale (allowed: a whole number {}..{}{}{})",
                        sc.min,
                        sc.max,
                        if look.labels.is_empty() { "" } else { " or " },
                        look.allowed()
                    )),
                }
            }
            Kind::FiveWhys { .. } => {
                Err("is a five-whys chain: use its symptom, whys and cause columns".into())
            }
        }
    }

    /// One part of a five-whys chain into the chain being built.
    pub fn chain_part(
        &self,
        question: &Question,
        part: Part,
        cell: &Value,
        chain: &mut Chain,
    ) -> Result<(), String> {
        let max = match question.kind {
            Kind::FiveWhys { max_whys, .. } => max_whys,
            _ => return Err(format!("is not a five-whys question's {part:?}")),
        };
        match part {
            Part::Symptom => chain.symptom = text(cell).trim().to_string(),
            Part::Whys => {
                let whys: Vec<String> = match cell {
                    Value::List(l) => l.iter().map(|s| s.trim().to_string()).collect(),
                    _ => text(cell).lines().map(|s| s.trim().to_string()).collect(),
                };
                let whys: Vec<String> = whys.into_iter().filter(|s| !s.is_empty()).collect();
                if whys.len() > max {
                    return Err(format!(
                        "has {} whys (at most {max}, one per line)",
                        whys.len()
                    ));
                }
                chain.whys = whys;
            }
            Part::Cause => match self.causes.get(&cell.shown()) {
                Some(Pick::Option(i)) => chain.cause = Some(self.cause_ids[i].clone()),
                Some(_) => chain.cause = Some(OTHER_CAUSE.to_string()),
                None => {
                    return Err(format!(
                        "is not a root cause (allowed: {})",
                        self.causes.allowed()
                    ));
                }
            },
            Part::Answer => {}
        }
        Ok(())
    }

    fn no_dont_know(&self) -> String {
        format!(
            "is \"{}\", which this question does not allow",
            self.dont_know_label
        )
    }
}

/// Free text with line ends made plain `\n` (exports from Windows tools use CRLF).
fn text(cell: &Value) -> String {
    let s = cell.shown();
    if s.contains('\r') {
        s.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        s.into_owned()
    }
}

fn question_lookup(q: &Questionnaire, question: &Question) -> Lookup {
    let mut l = Lookup::default();
    match &question.kind {
        Kind::Single { options } | Kind::Multi { options } => {
            for (i, o) in options.iter().enumerate() {
                l.add(&o.id, Pick::Option(i));
            }
            for (i, o) in options.iter().enumerate() {
                l.add(&o.label, Pick::Option(i));
                l.labels.push(o.label.clone());
            }
            if matches!(question.kind, Kind::Multi { .. }) {
                l.add(NONE_LABEL, Pick::None);
                l.add("none", Pick::None);
                l.labels.push(NONE_LABEL.into());
            }
        }
        Kind::Scale(sc) => {
            for (v, label) in scale_labels(sc) {
                if label != v.to_string() {
                    l.add(&label, Pick::Value(v));
                    l.labels.push(label);
                }
            }
        }
        _ => {}
    }
    if question.dont_know {
        l.add(DONT_KNOW, Pick::DontKnow);
        l.add(&q.dont_know_label, Pick::DontKnow);
        l.labels.push(q.dont_know_label.clone());
    }
    l.finish()
}
