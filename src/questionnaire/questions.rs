//! Validation of `[[questions]]`: the fields of each kind, options, evidence and `ask_if`
//! conditions.

use super::context::{Ctx, DONT_KNOW, Ids, MAX_NUMBER, Refs, scale_range};
use super::model::*;
use super::schema::*;
use crate::tomlfile::KeyPath;
use std::collections::BTreeMap;

pub(super) fn questions(ctx: &mut Ctx, raw: &[RawQuestion], refs: &Refs) -> Vec<Question> {
    let root = KeyPath::root();
    let mut ids = Ids::new("question");
    let mut questions: Vec<Question> = Vec::new();
    if raw.is_empty() {
        ctx.at(&root, "the questionnaire has no `[[questions]]`");
    }
    for (i, q) in raw.iter().enumerate() {
        let p = root.key("questions").index(i);
        let id = ctx.id(&q.id, &p, "question");
        ids.add(ctx, &id, i, &p);
        let question = question(ctx, q, &p, id, refs, &questions);
        questions.push(question);
    }
    questions
}

/// One question; `earlier` are the questions before it, which `ask_if` may name.
fn question(
    ctx: &mut Ctx,
    q: &RawQuestion,
    p: &KeyPath,
    id: String,
    refs: &Refs,
    earlier: &[Question],
) -> Question {
    let text = ctx.required(&q.text, p, "text", "question");
    let kind_name = q.kind.name();
    let dimension = match &q.dimension {
        None => None,
        Some(_) if !q.kind.scorable() => {
            ctx.at(
                &p.key("dimension"),
                format!("a {kind_name} question is not scored: remove `dimension`"),
            );
            None
        }
        Some(d) => match refs.dimension_index(d) {
            Some(di) => Some(di),
            None => {
                ctx.at(&p.key("dimension"), format!("unknown dimension `{d}`"));
                None
            }
        },
    };
    let scored = q.dimension.is_some() && q.kind.scorable();
    let weight = ctx.weight(q.weight, &p.key("weight"), 1.0);
    if let Some(s) = &q.source
        && !refs.source_ok(s)
    {
        ctx.at(&p.key("source"), format!("unknown source `{s}`"));
    }
    // Keys that belong to other kinds are mistakes worth pointing at.
    for key in &q.stray {
        ctx.at_key(
            &p.key(key),
            format!("`{key}` does not apply to a {kind_name} question"),
        );
    }
    let (kind, dont_know) = kind(ctx, &q.kind, p, scored, refs);
    let ask_if = q
        .ask_if
        .as_ref()
        .and_then(|c| condition(ctx, c, &p.key("ask_if"), earlier));
    let roles = question_roles(ctx, q.roles.as_deref(), &p.key("roles"), refs);
    Question {
        id,
        text,
        help: q.help.clone().unwrap_or_default(),
        dimension,
        weight,
        source: q.source.clone(),
        dont_know,
        ask_if,
        roles: roles.into_iter().collect(),
        kind,
    }
}

/// `roles = [...]` on a question: known role ids, at least one.
fn question_roles(ctx: &mut Ctx, raw: Option<&[String]>, p: &KeyPath, refs: &Refs) -> Vec<String> {
    let Some(raw) = raw else { return Vec::new() };
    if raw.is_empty() {
        ctx.at(
            p,
            "`roles` is empty, so no respondent would be asked this question: list role ids, \
             or omit `roles` to ask everyone",
        );
    }
    let known: Vec<&str> = refs.roles.iter().map(|r| r.id.as_str()).collect();
    for (j, r) in raw.iter().enumerate() {
        if !known.contains(&r.as_str()) {
            ctx.at(
                &p.index(j),
                format!("unknown role `{r}` (roles: {})", known.join(", ")),
            );
        }
    }
    raw.to_vec()
}

/// The validated kind and whether "don't know" is allowed.
fn kind(ctx: &mut Ctx, raw: &RawKind, p: &KeyPath, scored: bool, refs: &Refs) -> (Kind, bool) {
    match raw {
        RawKind::Single(f) => {
            let options = options(ctx, f.options.as_deref(), p, scored, refs);
            (Kind::Single { options }, f.dont_know.unwrap_or(false))
        }
        RawKind::Multi(f) => {
            let options = options(ctx, f.options.as_deref(), p, scored, refs);
            (Kind::Multi { options }, f.dont_know.unwrap_or(false))
        }
        RawKind::Scale(f) => scale(ctx, f, p, refs),
        RawKind::Text => (Kind::Text, false),
        RawKind::FiveWhys(f) => (five_whys(ctx, f, p), false),
        RawKind::Missing => {
            ctx.at(p, format!("question is missing `kind` ({KIND_NAMES})"));
            (Kind::Text, false)
        }
        RawKind::Unknown(other) => {
            ctx.at(
                &p.key("kind"),
                format!("unknown question kind `{other}`: expected {KIND_NAMES}"),
            );
            (Kind::Text, false)
        }
    }
}

fn scale(ctx: &mut Ctx, f: &RawScaleFields, p: &KeyPath, refs: &Refs) -> (Kind, bool) {
    let ev = f
        .evidence
        .as_ref()
        .map(|m| evidence(ctx, refs, m, &p.key("evidence")))
        .unwrap_or_default();
    let mut dont_know = f.dont_know.unwrap_or(false);
    let range = match &f.scale {
        Some(sid) => {
            if f.min.is_some() || f.max.is_some() || f.labels.is_some() {
                ctx.at(
                    &p.key("scale"),
                    "give either `scale` or an inline `min`/`max`/`labels`, not both",
                );
            }
            match refs.scales.get(sid) {
                Some(def) => {
                    dont_know = f.dont_know.unwrap_or(def.dont_know);
                    Some((def.min, def.max, def.labels.clone()))
                }
                None => {
                    ctx.at(&p.key("scale"), format!("unknown scale `{sid}`"));
                    None
                }
            }
        }
        None => scale_range(ctx, p, f.min, f.max, &f.labels, "scale question"),
    };
    let (min, max, labels) = range.unwrap_or((0, 1, vec![]));
    let kind = Kind::Scale(Scale {
        min,
        max,
        labels: labels.into_iter().collect(),
        reverse: f.reverse.unwrap_or(false),
        evidence: ev,
    });
    (kind, dont_know)
}

fn five_whys(ctx: &mut Ctx, f: &RawFiveWhysFields, p: &KeyPath) -> Kind {
    let evidence_weight = ctx.weight(f.evidence_weight, &p.key("evidence_weight"), 3.0);
    let max_whys = match f.max_whys {
        None => 5,
        Some(n @ 1..=9) => n as usize,
        Some(n) => {
            ctx.at(
                &p.key("max_whys"),
                format!("`max_whys` must be between 1 and 9, found {n}"),
            );
            5
        }
    };
    Kind::FiveWhys {
        evidence_weight,
        max_whys,
    }
}

/// An `evidence` table: cause id → weight, resolved to cause indices.
fn evidence(
    ctx: &mut Ctx,
    refs: &Refs,
    map: &BTreeMap<String, f64>,
    p: &KeyPath,
) -> Vec<(usize, f64)> {
    let mut out = Vec::new();
    for (cause, w) in map {
        match refs.cause_index(cause) {
            None => ctx.at_key(&p.key(cause), format!("unknown cause `{cause}`")),
            Some(_) if !w.is_finite() || !(0.0..=MAX_NUMBER).contains(w) => ctx.at(
                &p.key(cause),
                format!(
                    "evidence weight must be a number from 0 to {MAX_NUMBER:e}, found {}",
                    crate::numfmt::short(*w)
                ),
            ),
            Some(ci) => out.push((ci, *w)),
        }
    }
    out
}

fn options(
    ctx: &mut Ctx,
    raw: Option<&[RawOption]>,
    p: &KeyPath,
    scored: bool,
    refs: &Refs,
) -> Vec<Choice> {
    let raw = match raw {
        None => {
            ctx.at(p, "question is missing `options`");
            return vec![];
        }
        Some([]) => {
            ctx.at(&p.key("options"), "`options` is empty: give at least one");
            return vec![];
        }
        Some(r) => r,
    };
    let mut ids = Ids::new("option");
    let mut out = Vec::new();
    for (i, o) in raw.iter().enumerate() {
        let op = p.key("options").index(i);
        let id = ctx.id(&o.id, &op, "option");
        if id == DONT_KNOW {
            ctx.at(
                &op.key("id"),
                "`dont_know` is reserved: set `dont_know = true` on the question instead",
            );
        }
        ids.add(ctx, &id, i, &op);
        let label = ctx.required(&o.label, &op, "label", "option");
        if scored && o.points.is_none() {
            ctx.at(
                &op,
                format!("option `{id}` of a scored question is missing `points`"),
            );
        }
        if let Some(pt) = o.points
            && !(pt.is_finite() && pt.abs() <= MAX_NUMBER)
        {
            ctx.at(
                &op.key("points"),
                format!(
                    "`points` must be a number within ±{MAX_NUMBER:e}, found {}",
                    crate::numfmt::short(pt)
                ),
            );
        }
        let ev = evidence(ctx, refs, &o.evidence, &op.key("evidence"));
        out.push(Choice {
            id,
            label,
            help: o.help.clone().unwrap_or_default(),
            points: o.points,
            evidence: ev,
        });
    }
    out
}

/// An `ask_if` condition on one of the `earlier` questions. Every test given must hold.
fn condition(
    ctx: &mut Ctx,
    c: &RawCondition,
    p: &KeyPath,
    earlier: &[Question],
) -> Option<Condition> {
    let Some(qid) = &c.question else {
        ctx.at(p, "`ask_if` is missing `question`");
        return None;
    };
    let Some(qi) = earlier.iter().position(|q| &q.id == qid) else {
        ctx.at(
            &p.key("question"),
            format!(
                "`ask_if` names `{qid}`, which is not an earlier question (question #{})",
                earlier.len() + 1
            ),
        );
        return None;
    };
    let target = Target {
        id: qid,
        kind: &earlier[qi].kind,
    };
    let mut tests = Vec::new();
    if let Some(v) = &c.equals {
        tests.extend(equals_test(ctx, &target, v, &p.key("equals")));
    }
    option_tests(ctx, &target, c, p, &mut tests);
    for (key, v, t) in [
        ("at_least", c.at_least, Test::AtLeast as fn(f64) -> Test),
        ("at_most", c.at_most, Test::AtMost),
    ] {
        if let Some(v) = v {
            match target.kind {
                Kind::Scale(s) if !(s.min as f64..=s.max as f64).contains(&v) => ctx.at(
                    &p.key(key),
                    format!(
                        "`{key}` must lie on the scale of `{}` ({} to {}), found {}",
                        target.id,
                        s.min,
                        s.max,
                        crate::numfmt::short(v)
                    ),
                ),
                Kind::Scale(_) => {}
                _ => ctx.at(&p.key(key), target.wrong_kind(key, "scale")),
            }
            tests.push(t(v));
        }
    }
    if let (Some(lo), Some(hi)) = (c.at_least, c.at_most)
        && lo > hi
    {
        ctx.at(
            &p.key("at_least"),
            format!(
                "`at_least` ({}) is above `at_most` ({}): no answer passes, so the question \
                 would never be asked",
                crate::numfmt::short(lo),
                crate::numfmt::short(hi)
            ),
        );
    }
    if let Some(a) = c.answered {
        if a {
            tests.push(Test::Answered);
        } else {
            ctx.at(
                &p.key("answered"),
                "`answered = false` is not supported: omit it",
            );
        }
    }
    if tests.is_empty() {
        // A test given but refused was reported above; only a condition with none left
        // needs saying what is missing.
        if c.equals.is_none() && c.answered.is_none() {
            ctx.at(
                p,
                format!(
                    "`ask_if` on `{qid}` gives no test, so it cannot say when to ask: add one of \
                     {} (for a {} question)",
                    tests_for(&earlier[qi].kind),
                    earlier[qi].kind.name()
                ),
            );
        }
        return None;
    }
    Some(Condition {
        question: qi,
        tests,
    })
}

/// The `ask_if` tests that apply to a question of this kind, for messages.
fn tests_for(kind: &Kind) -> &'static str {
    match kind {
        Kind::Single { .. } => "`equals = \"option\"`, `any_of = [...]` or `answered = true`",
        Kind::Multi { .. } => "`includes = \"option\"` or `answered = true`",
        Kind::Scale(_) => "`equals = N`, `at_least = N`, `at_most = N` or `answered = true`",
        Kind::Text | Kind::FiveWhys { .. } => "`answered = true`",
    }
}

/// The question a condition looks at.
struct Target<'a> {
    id: &'a str,
    kind: &'a Kind,
}

impl Target<'_> {
    fn has_option(&self, o: &str) -> bool {
        self.kind.options().iter().any(|c| c.id == o)
    }
    fn no_option(&self, o: &str) -> String {
        format!("question `{}` has no option `{o}`", self.id)
    }
    fn wrong_kind(&self, key: &str, applies_to: &str) -> String {
        format!(
            "`{key}` applies to {applies_to} questions; `{}` is a {} question",
            self.id,
            self.kind.name()
        )
    }
}

fn equals_test(ctx: &mut Ctx, target: &Target, v: &toml::Value, p: &KeyPath) -> Option<Test> {
    match (target.kind, v) {
        (Kind::Single { .. }, toml::Value::String(s)) => {
            if !target.has_option(s) {
                ctx.at(p, target.no_option(s));
            }
            Some(Test::Equals(s.clone()))
        }
        (Kind::Scale(sc), toml::Value::Integer(n)) => {
            if *n < sc.min || *n > sc.max {
                ctx.at(
                    p,
                    format!(
                        "{n} is outside `{}`'s scale {}..{}",
                        target.id, sc.min, sc.max
                    ),
                );
            }
            Some(Test::EqualsValue(*n))
        }
        _ => {
            ctx.at(
                p,
                format!(
                    "`equals` needs an option id of a single question or a value of a scale; `{}` is a {} question",
                    target.id,
                    target.kind.name()
                ),
            );
            None
        }
    }
}

/// `any_of` (single questions) and `includes` (multi questions).
fn option_tests(
    ctx: &mut Ctx,
    target: &Target,
    c: &RawCondition,
    p: &KeyPath,
    tests: &mut Vec<Test>,
) {
    if let Some(list) = &c.any_of {
        if list.is_empty() {
            ctx.at(
                &p.key("any_of"),
                format!(
                    "`any_of` is empty, so no answer to `{}` passes and the question would never \
                     be asked: list option ids",
                    target.id
                ),
            );
        }
        if !matches!(target.kind, Kind::Single { .. }) {
            ctx.at(&p.key("any_of"), target.wrong_kind("any_of", "single"));
        }
        for (j, o) in list.iter().enumerate() {
            if !target.has_option(o) {
                ctx.at(&p.key("any_of").index(j), target.no_option(o));
            }
        }
        tests.push(Test::AnyOf(list.iter().map(String::from).collect()));
    }
    if let Some(o) = &c.includes {
        if !matches!(target.kind, Kind::Multi { .. }) {
            ctx.at(&p.key("includes"), target.wrong_kind("includes", "multi"));
        } else if !target.has_option(o) {
            ctx.at(&p.key("includes"), target.no_option(o));
        }
        tests.push(Test::Includes(o.clone()));
    }
}
