//! Raw questionnaire → validated model. Collects every problem instead of stopping at
//! the first, each tied to a key path that is turned into line:column at the end.

use super::model::*;
use super::schema::*;
use crate::tomlfile::KeyPath;
use std::collections::{BTreeMap, HashMap};

/// A problem before its position is resolved.
#[derive(Debug, Clone)]
pub struct Issue {
    pub path: KeyPath,
    pub at_key: bool,
    pub message: String,
}

pub const DEFAULT_DONT_KNOW_LABEL: &str = "Don't know / not applicable";
/// What answers files write for "don't know / not applicable".
pub const DONT_KNOW: &str = "dont_know";
/// What a five-whys chain may be tagged with when no listed cause fits.
pub const OTHER_CAUSE: &str = "other";

#[derive(Default)]
struct Ctx {
    issues: Vec<Issue>,
}

impl Ctx {
    fn at(&mut self, path: &KeyPath, msg: impl Into<String>) {
        self.issues.push(Issue {
            path: path.clone(),
            at_key: false,
            message: msg.into(),
        });
    }
    fn at_key(&mut self, path: &KeyPath, msg: impl Into<String>) {
        self.issues.push(Issue {
            path: path.clone(),
            at_key: true,
            message: msg.into(),
        });
    }

    fn required(&mut self, v: &Option<String>, path: &KeyPath, key: &str, what: &str) -> String {
        match v {
            Some(s) if !s.trim().is_empty() => s.clone(),
            Some(_) => {
                self.at(&path.key(key), format!("{what} `{key}` is empty"));
                String::new()
            }
            None => {
                self.at(path, format!("{what} is missing `{key}`"));
                String::new()
            }
        }
    }

    fn id(&mut self, v: &Option<String>, path: &KeyPath, what: &str) -> String {
        let id = self.required(v, path, "id", what);
        if !id.is_empty() && !valid_id(&id) {
            self.at(
                &path.key("id"),
                format!("{what} id `{id}` is not valid: use lower-case letters, digits, `-` and `_`, starting with a letter"),
            );
        }
        id
    }

    fn weight(&mut self, w: Option<f64>, path: &KeyPath, default: f64) -> f64 {
        match w {
            None => default,
            Some(w) if !w.is_finite() || !(0.0..=MAX_NUMBER).contains(&w) => {
                self.at(
                    path,
                    format!("weight must be a number from 0 to {MAX_NUMBER:e}, found {w}"),
                );
                default
            }
            Some(w) => w,
        }
    }
}

/// The largest magnitude a scale bound may have.
pub const MAX_SCALE_VALUE: i64 = 1_000_000;
/// The largest magnitude of option points, weights and evidence weights: far beyond any
/// rubric, small enough that sums over thousands of answers stay finite and exact.
pub const MAX_NUMBER: f64 = 1e9;

pub fn valid_id(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        && s.len() <= 64
}

/// Records ids as they come and reports the second of a duplicate pair.
struct Ids<'a> {
    what: &'a str,
    seen: HashMap<String, usize>,
}

impl<'a> Ids<'a> {
    fn new(what: &'a str) -> Self {
        Ids {
            what,
            seen: HashMap::new(),
        }
    }
    fn add(&mut self, ctx: &mut Ctx, id: &str, index: usize, path: &KeyPath) {
        if id.is_empty() {
            return;
        }
        if let Some(first) = self.seen.get(id) {
            ctx.at(
                &path.key("id"),
                format!(
                    "duplicate {} id `{id}` (also {} #{})",
                    self.what,
                    self.what,
                    first + 1
                ),
            );
        } else {
            self.seen.insert(id.to_string(), index);
        }
    }
}

pub fn validate(raw: &RawQuestionnaire) -> (Option<Questionnaire>, Vec<Issue>) {
    let mut ctx = Ctx::default();
    let root = KeyPath::root();

    // [questionnaire]
    let meta_path = root.key("questionnaire");
    let (id, version, title, description, dont_know_label) = match &raw.questionnaire {
        None => {
            ctx.at(
                &root,
                "missing the `[questionnaire]` table (id, version, title)",
            );
            Default::default()
        }
        Some(m) => {
            let id = ctx.id(&m.id, &meta_path, "questionnaire");
            let version = ctx.required(&m.version, &meta_path, "version", "questionnaire");
            let title = ctx.required(&m.title, &meta_path, "title", "questionnaire");
            (
                id,
                version,
                title,
                m.description.clone().unwrap_or_default(),
                m.dont_know_label
                    .clone()
                    .filter(|s| !s.trim().is_empty())
                    .unwrap_or_else(|| DEFAULT_DONT_KNOW_LABEL.to_string()),
            )
        }
    };

    // [[sources]]
    let mut ids = Ids::new("source");
    let mut sources = Vec::new();
    for (i, s) in raw.sources.iter().enumerate() {
        let p = root.key("sources").index(i);
        let id = ctx.id(&s.id, &p, "source");
        ids.add(&mut ctx, &id, i, &p);
        let title = ctx.required(&s.title, &p, "title", "source");
        sources.push(Source {
            id,
            title,
            author: s.author.clone(),
            url: s.url.clone(),
            note: s.note.clone(),
        });
    }
    let source_ok = |id: &str| sources.iter().any(|s| s.id == id);

    // [[roles]]
    let mut ids = Ids::new("role");
    let mut roles = Vec::new();
    for (i, r) in raw.roles.iter().enumerate() {
        let p = root.key("roles").index(i);
        let id = ctx.id(&r.id, &p, "role");
        ids.add(&mut ctx, &id, i, &p);
        let name = r
            .name
            .clone()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| id.clone());
        let description = r.description.clone().unwrap_or_default();
        roles.push(Role {
            id,
            name,
            description,
        });
    }
    if roles.is_empty() {
        roles = ["sales", "marketing", "leadership", "other"]
            .iter()
            .map(|r| Role {
                id: r.to_string(),
                name: capitalise(r),
                description: String::new(),
            })
            .collect();
    }

    // [[scales]]
    let mut ids = Ids::new("scale");
    let mut scales: BTreeMap<String, (i64, i64, Vec<String>, bool)> = BTreeMap::new();
    for (i, s) in raw.scales.iter().enumerate() {
        let p = root.key("scales").index(i);
        let id = ctx.id(&s.id, &p, "scale");
        ids.add(&mut ctx, &id, i, &p);
        let Some((min, max, labels)) = scale_range(&mut ctx, &p, s.min, s.max, &s.labels, "scale")
        else {
            continue;
        };
        scales
            .entry(id)
            .or_insert((min, max, labels, s.dont_know.unwrap_or(false)));
    }

    // [[dimensions]]
    let mut ids = Ids::new("dimension");
    let mut dimensions = Vec::new();
    if raw.dimensions.is_empty() {
        ctx.at(
            &root,
            "the questionnaire has no `[[dimensions]]`: at least one is needed to score",
        );
    }
    for (i, d) in raw.dimensions.iter().enumerate() {
        let p = root.key("dimensions").index(i);
        let id = ctx.id(&d.id, &p, "dimension");
        if id == "overall" || id == "ladder_gap" {
            ctx.at(
                &p.key("id"),
                format!("`{id}` is reserved for findings; choose another dimension id"),
            );
        }
        ids.add(&mut ctx, &id, i, &p);
        let name = ctx.required(&d.name, &p, "name", "dimension");
        let weight = ctx.weight(d.weight, &p.key("weight"), 1.0);
        dimensions.push(Dimension {
            id,
            name,
            description: d.description.clone().unwrap_or_default(),
            weight,
        });
    }
    if !dimensions.is_empty() && dimensions.iter().all(|d| d.weight == 0.0) {
        ctx.at(
            &root.key("dimensions"),
            "every dimension weighs 0: at least one must weigh more",
        );
    }
    let dim_index = |id: &str| dimensions.iter().position(|d| d.id == id);

    // [[causes]]
    let mut ids = Ids::new("cause");
    let mut causes = Vec::new();
    for (i, c) in raw.causes.iter().enumerate() {
        let p = root.key("causes").index(i);
        let id = ctx.id(&c.id, &p, "cause");
        if id == OTHER_CAUSE {
            ctx.at(
                &p.key("id"),
                "`other` is reserved for five-whys chains that fit no cause",
            );
        }
        ids.add(&mut ctx, &id, i, &p);
        let name = ctx.required(&c.name, &p, "name", "cause");
        let explanation = ctx.required(&c.explanation, &p, "explanation", "cause");
        let remedies = match &c.remedies {
            None => {
                ctx.at(&p, "cause is missing `remedies`");
                vec![]
            }
            Some(r) if r.iter().all(|s| s.trim().is_empty()) => {
                ctx.at(
                    &p.key("remedies"),
                    "cause `remedies` is empty: give at least one",
                );
                vec![]
            }
            Some(r) => r.clone(),
        };
        for (j, s) in c.sources.iter().enumerate() {
            if !source_ok(s) {
                ctx.at(&p.key("sources").index(j), format!("unknown source `{s}`"));
            }
        }
        causes.push(Cause {
            id,
            name,
            explanation,
            remedies,
            sources: c.sources.clone(),
        });
    }
    let cause_index = |id: &str| causes.iter().position(|c| c.id == id);
    let mut evidence = |ctx: &mut Ctx,
                        map: &BTreeMap<String, f64>,
                        p: &KeyPath|
     -> Vec<(usize, f64)> {
        let mut out = Vec::new();
        for (cause, w) in map {
            match cause_index(cause) {
                None => ctx.at_key(&p.key(cause), format!("unknown cause `{cause}`")),
                Some(ci) => {
                    if !w.is_finite() || !(0.0..=MAX_NUMBER).contains(w) {
                        ctx.at(
                                &p.key(cause),
                                format!("evidence weight must be a number from 0 to {MAX_NUMBER:e}, found {w}"),
                            );
                    } else {
                        out.push((ci, *w));
                    }
                }
            }
        }
        out
    };

    // [[questions]]
    let mut ids = Ids::new("question");
    let mut questions: Vec<Question> = Vec::new();
    if raw.questions.is_empty() {
        ctx.at(&root, "the questionnaire has no `[[questions]]`");
    }
    for (i, q) in raw.questions.iter().enumerate() {
        let p = root.key("questions").index(i);
        let id = ctx.id(&q.id, &p, "question");
        ids.add(&mut ctx, &id, i, &p);
        let text = ctx.required(&q.text, &p, "text", "question");
        let kind_name = q.kind.clone().unwrap_or_default();
        // An unknown or missing kind is reported on its own, not as "not scored" too.
        let scorable = !matches!(kind_name.as_str(), "text" | "five_whys");
        let dimension = match &q.dimension {
            None => None,
            Some(d) if !scorable => {
                ctx.at(
                    &p.key("dimension"),
                    format!("a {kind_name} question is not scored: remove `dimension`"),
                );
                let _ = d;
                None
            }
            Some(d) => match dim_index(d) {
                Some(di) => Some(di),
                None => {
                    ctx.at(&p.key("dimension"), format!("unknown dimension `{d}`"));
                    None
                }
            },
        };
        let scored = q.dimension.is_some() && scorable;
        let weight = ctx.weight(q.weight, &p.key("weight"), 1.0);
        if let Some(s) = &q.source
            && !source_ok(s)
        {
            ctx.at(&p.key("source"), format!("unknown source `{s}`"));
        }
        // Keys that belong to other kinds are mistakes worth pointing at.
        let not_for = |ctx: &mut Ctx, present: bool, key: &str| {
            if present {
                ctx.at_key(
                    &p.key(key),
                    format!("`{key}` does not apply to a {kind_name} question"),
                );
            }
        };
        let has_opts = q.options.is_some();
        let has_scale = q.scale.is_some()
            || q.min.is_some()
            || q.max.is_some()
            || q.labels.is_some()
            || q.reverse.is_some();
        let has_fw = q.evidence_weight.is_some() || q.max_whys.is_some();
        // The first scale key present, to point at when a non-scale question has one.
        let scale_key = first_present(&[
            ("scale", q.scale.is_some()),
            ("min", q.min.is_some()),
            ("max", q.max.is_some()),
            ("labels", q.labels.is_some()),
            ("reverse", q.reverse.is_some()),
        ]);
        let mut dont_know = q.dont_know.unwrap_or(false);
        let kind = match kind_name.as_str() {
            "single" | "multi" => {
                not_for(&mut ctx, has_scale, scale_key);
                not_for(&mut ctx, q.evidence.is_some(), "evidence");
                not_for(
                    &mut ctx,
                    has_fw,
                    if q.evidence_weight.is_some() {
                        "evidence_weight"
                    } else {
                        "max_whys"
                    },
                );
                let options = options(&mut ctx, q.options.as_deref(), &p, scored, &mut evidence);
                if kind_name == "single" {
                    Kind::Single { options }
                } else {
                    Kind::Multi { options }
                }
            }
            "scale" => {
                not_for(&mut ctx, has_opts, "options");
                not_for(
                    &mut ctx,
                    has_fw,
                    if q.evidence_weight.is_some() {
                        "evidence_weight"
                    } else {
                        "max_whys"
                    },
                );
                let ev = q
                    .evidence
                    .as_ref()
                    .map(|m| evidence(&mut ctx, m, &p.key("evidence")))
                    .unwrap_or_default();
                let range = match &q.scale {
                    Some(sid) => {
                        if q.min.is_some() || q.max.is_some() || q.labels.is_some() {
                            ctx.at(
                                &p.key("scale"),
                                "give either `scale` or an inline `min`/`max`/`labels`, not both",
                            );
                        }
                        match scales.get(sid) {
                            Some((min, max, labels, dk)) => {
                                dont_know = q.dont_know.unwrap_or(*dk);
                                Some((*min, *max, labels.clone()))
                            }
                            None => {
                                ctx.at(&p.key("scale"), format!("unknown scale `{sid}`"));
                                None
                            }
                        }
                    }
                    None => scale_range(&mut ctx, &p, q.min, q.max, &q.labels, "scale question"),
                };
                let (min, max, labels) = range.unwrap_or((0, 1, vec![]));
                Kind::Scale(Scale {
                    min,
                    max,
                    labels,
                    reverse: q.reverse.unwrap_or(false),
                    evidence: ev,
                })
            }
            "text" | "five_whys" => {
                not_for(&mut ctx, has_opts, "options");
                not_for(&mut ctx, has_scale, scale_key);
                not_for(&mut ctx, q.evidence.is_some(), "evidence");
                not_for(&mut ctx, q.dont_know.is_some(), "dont_know");
                dont_know = false;
                if kind_name == "text" {
                    not_for(
                        &mut ctx,
                        has_fw,
                        if q.evidence_weight.is_some() {
                            "evidence_weight"
                        } else {
                            "max_whys"
                        },
                    );
                    Kind::Text
                } else {
                    let evidence_weight =
                        ctx.weight(q.evidence_weight, &p.key("evidence_weight"), 3.0);
                    let max_whys = match q.max_whys {
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
            }
            "" => {
                ctx.at(
                    &p,
                    "question is missing `kind` (single, multi, scale, text or five_whys)",
                );
                Kind::Text
            }
            other => {
                ctx.at(
                    &p.key("kind"),
                    format!("unknown question kind `{other}`: expected single, multi, scale, text or five_whys"),
                );
                Kind::Text
            }
        };
        let ask_if = q
            .ask_if
            .as_ref()
            .and_then(|c| condition(&mut ctx, c, &p.key("ask_if"), &questions, i));
        questions.push(Question {
            id,
            text,
            help: q.help.clone().unwrap_or_default(),
            dimension,
            weight,
            source: q.source.clone(),
            dont_know,
            ask_if,
            kind,
        });
    }
    for (di, d) in dimensions.iter().enumerate() {
        // A duplicate id is reported already; its questions resolve to the first one.
        let first_of_id = dimensions.iter().position(|x| x.id == d.id) == Some(di);
        if !d.id.is_empty() && first_of_id && !questions.iter().any(|q| q.dimension == Some(di)) {
            ctx.at(
                &root.key("dimensions").index(di),
                format!("dimension `{}` has no scored questions", d.id),
            );
        }
    }

    // [levels]
    let levels = raw
        .levels
        .as_ref()
        .and_then(|l| levels(&mut ctx, l, &root.key("levels"), &dimensions, &questions));

    // [ladder]
    let ladder = raw
        .ladder
        .as_ref()
        .and_then(|l| ladder(&mut ctx, l, &root.key("ladder"), &questions, &source_ok));

    // [[findings]]
    let mut ids = Ids::new("finding");
    let mut findings = Vec::new();
    for (i, f) in raw.findings.iter().enumerate() {
        let p = root.key("findings").index(i);
        let id = ctx.id(&f.id, &p, "finding");
        ids.add(&mut ctx, &id, i, &p);
        let name = ctx.required(&f.name, &p, "name", "finding");
        let insight = ctx.required(&f.insight, &p, "insight", "finding");
        if f.when.is_empty() {
            ctx.at(&p, "finding has no `when` conditions");
        }
        let mut when = Vec::new();
        for (j, b) in f.when.iter().enumerate() {
            let bp = p.key("when").index(j);
            let of = match b.of.as_deref() {
                None => {
                    ctx.at(
                        &bp,
                        "condition is missing `of` (a dimension id, `overall` or `ladder_gap`)",
                    );
                    continue;
                }
                Some("overall") => Metric::Overall,
                Some("ladder_gap") => {
                    if raw.ladder.is_none() {
                        ctx.at(&bp.key("of"), "`ladder_gap` needs a `[ladder]` table");
                    }
                    Metric::LadderGap
                }
                Some(d) => match dim_index(d) {
                    Some(di) => Metric::Dimension(di),
                    None => {
                        ctx.at(
                            &bp.key("of"),
                            format!("unknown dimension `{d}` (or use `overall`, `ladder_gap`)"),
                        );
                        continue;
                    }
                },
            };
            if b.below.is_none() && b.above.is_none() && b.at_most.is_none() && b.at_least.is_none()
            {
                ctx.at(
                    &bp,
                    "condition needs one of `below`, `above`, `at_most`, `at_least`",
                );
            }
            when.push(Bound {
                of,
                below: b.below,
                above: b.above,
                at_most: b.at_most,
                at_least: b.at_least,
            });
        }
        for (j, s) in f.sources.iter().enumerate() {
            if !source_ok(s) {
                ctx.at(&p.key("sources").index(j), format!("unknown source `{s}`"));
            }
        }
        findings.push(Finding {
            id,
            name,
            insight,
            when,
            sources: f.sources.clone(),
        });
    }

    let q = Questionnaire {
        id,
        version,
        title,
        description,
        dont_know_label,
        sources,
        roles,
        dimensions,
        causes,
        levels,
        ladder,
        questions,
        findings,
    };
    if ctx.issues.is_empty() {
        (Some(q), ctx.issues)
    } else {
        (None, ctx.issues)
    }
}

fn first_present<'a>(keys: &[(&'a str, bool)]) -> &'a str {
    keys.iter().find(|(_, p)| *p).map(|(k, _)| *k).unwrap_or("")
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn scale_range(
    ctx: &mut Ctx,
    p: &KeyPath,
    min: Option<i64>,
    max: Option<i64>,
    labels: &Option<Vec<String>>,
    what: &str,
) -> Option<(i64, i64, Vec<String>)> {
    let (Some(min), Some(max)) = (min, max) else {
        ctx.at(
            p,
            format!("{what} needs integer `min` and `max` (or a `scale` id)"),
        );
        return None;
    };
    if min >= max {
        ctx.at(
            &p.key("max"),
            format!("`max` ({max}) must be greater than `min` ({min})"),
        );
        return None;
    }
    // Bounded so that every sum and reversal of scale values stays exact.
    let limit = MAX_SCALE_VALUE.unsigned_abs();
    if min.unsigned_abs() > limit || max.unsigned_abs() > limit {
        ctx.at(
            &p.key(if min.unsigned_abs() > limit {
                "min"
            } else {
                "max"
            }),
            format!("scale values must lie within ±{MAX_SCALE_VALUE}, found {min}..{max}"),
        );
        return None;
    }
    if max - min > 1000 {
        ctx.at(
            &p.key("max"),
            format!("a scale may have at most 1001 steps, {min}..{max} has more"),
        );
        return None;
    }
    let labels = labels.clone().unwrap_or_default();
    let steps = (max - min + 1) as usize;
    if !labels.is_empty() && labels.len() != steps {
        ctx.at(
            &p.key("labels"),
            format!(
                "`labels` has {} entries but {min}..{max} has {steps} values",
                labels.len()
            ),
        );
    }
    Some((
        min,
        max,
        if labels.len() == steps {
            labels
        } else {
            vec![]
        },
    ))
}

fn options(
    ctx: &mut Ctx,
    raw: Option<&[RawOption]>,
    p: &KeyPath,
    scored: bool,
    evidence: &mut impl FnMut(&mut Ctx, &BTreeMap<String, f64>, &KeyPath) -> Vec<(usize, f64)>,
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
                format!("`points` must be a number within ±{MAX_NUMBER:e}, found {pt}"),
            );
        }
        let ev = evidence(ctx, &o.evidence, &op.key("evidence"));
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

fn condition(
    ctx: &mut Ctx,
    c: &RawCondition,
    p: &KeyPath,
    earlier: &[Question],
    here: usize,
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
                here + 1
            ),
        );
        return None;
    };
    let target = &earlier[qi];
    let mut tests = Vec::new();
    let opt_ok = |o: &str| target.kind.options().iter().any(|c| c.id == o);
    let kind = target.kind.name();
    if let Some(v) = &c.equals {
        match (&target.kind, v) {
            (Kind::Single { .. }, toml::Value::String(s)) => {
                if !opt_ok(s) {
                    ctx.at(&p.key("equals"), format!("question `{qid}` has no option `{s}`"));
                }
                tests.push(Test::Equals(s.clone()));
            }
            (Kind::Scale(sc), toml::Value::Integer(n)) => {
                if *n < sc.min || *n > sc.max {
                    ctx.at(&p.key("equals"), format!("{n} is outside `{qid}`'s scale {}..{}", sc.min, sc.max));
                }
                tests.push(Test::EqualsValue(*n));
            }
            _ => ctx.at(
                &p.key("equals"),
                format!("`equals` needs an option id of a single question or a value of a scale; `{qid}` is a {kind} question"),
            ),
        }
    }
    if let Some(list) = &c.any_of {
        if !matches!(target.kind, Kind::Single { .. }) {
            ctx.at(
                &p.key("any_of"),
                format!("`any_of` applies to single questions; `{qid}` is a {kind} question"),
            );
        }
        for (j, o) in list.iter().enumerate() {
            if !opt_ok(o) {
                ctx.at(
                    &p.key("any_of").index(j),
                    format!("question `{qid}` has no option `{o}`"),
                );
            }
        }
        tests.push(Test::AnyOf(list.clone()));
    }
    if let Some(o) = &c.includes {
        if !matches!(target.kind, Kind::Multi { .. }) {
            ctx.at(
                &p.key("includes"),
                format!("`includes` applies to multi questions; `{qid}` is a {kind} question"),
            );
        } else if !opt_ok(o) {
            ctx.at(
                &p.key("includes"),
                format!("question `{qid}` has no option `{o}`"),
            );
        }
        tests.push(Test::Includes(o.clone()));
    }
    for (key, v, t) in [
        ("at_least", c.at_least, Test::AtLeast as fn(f64) -> Test),
        ("at_most", c.at_most, Test::AtMost),
    ] {
        if let Some(v) = v {
            if !matches!(target.kind, Kind::Scale(_)) {
                ctx.at(
                    &p.key(key),
                    format!("`{key}` applies to scale questions; `{qid}` is a {kind} question"),
                );
            }
            tests.push(t(v));
        }
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
        ctx.at(
            p,
            "`ask_if` needs a test: equals, any_of, includes, at_least, at_most or answered",
        );
        return None;
    }
    Some(Condition {
        question: qi,
        tests,
    })
}

fn levels(
    ctx: &mut Ctx,
    l: &RawLevels,
    p: &KeyPath,
    dims: &[Dimension],
    questions: &[Question],
) -> Option<Levels> {
    let basis = match l.basis.as_deref() {
        Some("percent") | None => Basis::Percent,
        Some("raw") => Basis::Raw,
        Some(other) => {
            ctx.at(
                &p.key("basis"),
                format!("unknown basis `{other}`: expected `percent` or `raw`"),
            );
            return None;
        }
    };
    let dimensions = l.dimensions.as_ref().map(|ds| {
        ds.iter()
            .enumerate()
            .filter_map(|(j, d)| {
                let found = dims.iter().position(|x| &x.id == d);
                if found.is_none() {
                    ctx.at(
                        &p.key("dimensions").index(j),
                        format!("unknown dimension `{d}`"),
                    );
                }
                found
            })
            .collect::<Vec<_>>()
    });
    if l.bands.is_empty() {
        ctx.at(p, "`[levels]` has no `[[levels.bands]]`");
        return None;
    }
    let mut bands = Vec::new();
    for (i, b) in l.bands.iter().enumerate() {
        let bp = p.key("bands").index(i);
        let name = ctx.required(&b.name, &bp, "name", "band");
        let (Some(min), Some(max)) = (b.min, b.max) else {
            ctx.at(&bp, "band needs `min` and `max`");
            return None;
        };
        if !(min.is_finite() && max.is_finite()) || min > max {
            ctx.at(
                &bp.key("max"),
                format!("band `max` ({max}) is below its `min` ({min})"),
            );
            return None;
        }
        if basis == Basis::Percent && min >= max {
            ctx.at(&bp.key("max"), format!("band {min}..{max} is empty"));
        }
        if basis == Basis::Raw && (min.fract() != 0.0 || max.fract() != 0.0) {
            ctx.at(&bp, "raw bands have whole-number bounds");
        }
        bands.push(Band {
            min,
            max,
            name,
            description: b.description.clone().unwrap_or_default(),
        });
    }
    // Bands must tile the range: sorted, no gap, no overlap.
    let (lo, hi) = match basis {
        Basis::Percent => (0.0, 100.0),
        Basis::Raw => raw_range(questions, dimensions.as_deref()),
    };
    let what = if basis == Basis::Percent {
        "percent"
    } else {
        "raw"
    };
    if bands[0].min != lo {
        ctx.at(
            &p.key("bands").index(0).key("min"),
            format!(
                "the first {what} band must start at {} (the lowest possible score), not {}",
                fmt_n(lo),
                fmt_n(bands[0].min)
            ),
        );
    }
    for i in 1..bands.len() {
        let (prev, b) = (&bands[i - 1], &bands[i]);
        let expected = match basis {
            Basis::Percent => prev.max,
            Basis::Raw => prev.max + 1.0,
        };
        if b.min > expected {
            ctx.at(
                &p.key("bands").index(i).key("min"),
                format!(
                    "gap between bands: `{}` ends at {} but `{}` starts at {} (expected {})",
                    prev.name,
                    fmt_n(prev.max),
                    b.name,
                    fmt_n(b.min),
                    fmt_n(expected)
                ),
            );
        } else if b.min < expected {
            ctx.at(
                &p.key("bands").index(i).key("min"),
                format!(
                    "bands overlap: `{}` ends at {} but `{}` starts at {} (expected {})",
                    prev.name,
                    fmt_n(prev.max),
                    b.name,
                    fmt_n(b.min),
                    fmt_n(expected)
                ),
            );
        }
    }
    let last = bands.len() - 1;
    if bands[last].max != hi {
        ctx.at(
            &p.key("bands").index(last).key("max"),
            format!(
                "the last {what} band must end at {} (the highest possible score), not {}",
                fmt_n(hi),
                fmt_n(bands[last].max)
            ),
        );
    }
    Some(Levels {
        basis,
        dimensions,
        bands,
    })
}

/// Lowest and highest possible raw sum of the scored questions in scope.
pub fn raw_range(questions: &[Question], dims: Option<&[usize]>) -> (f64, f64) {
    let mut lo = 0.0;
    let mut hi = 0.0;
    for q in questions {
        let Some(d) = q.dimension else { continue };
        if dims.is_some_and(|ds| !ds.contains(&d)) {
            continue;
        }
        let (l, h) = crate::scoring::points_range(&q.kind);
        lo += l;
        hi += h;
    }
    (lo, hi)
}

pub fn fmt_n(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

fn ladder(
    ctx: &mut Ctx,
    l: &RawLadder,
    p: &KeyPath,
    questions: &[Question],
    source_ok: &dyn Fn(&str) -> bool,
) -> Option<Ladder> {
    let name = l
        .name
        .clone()
        .unwrap_or_else(|| "Alignment ladder".to_string());
    let mut find = |key: &str, v: &Option<String>| -> Option<usize> {
        let Some(id) = v else {
            ctx.at(
                p,
                format!("`[ladder]` is missing `{key}` (a single question id)"),
            );
            return None;
        };
        match questions.iter().position(|q| &q.id == id) {
            None => {
                ctx.at(&p.key(key), format!("unknown question `{id}`"));
                None
            }
            Some(i) if !matches!(questions[i].kind, Kind::Single { .. }) => {
                ctx.at(
                    &p.key(key),
                    format!("ladder question `{id}` must be a single question"),
                );
                None
            }
            Some(i) => Some(i),
        }
    };
    let current = find("current", &l.current);
    let desired = find("desired", &l.desired);
    let (current, desired) = (current?, desired?);
    let a: Vec<&str> = questions[current]
        .kind
        .options()
        .iter()
        .map(|o| o.id.as_str())
        .collect();
    let b: Vec<&str> = questions[desired]
        .kind
        .options()
        .iter()
        .map(|o| o.id.as_str())
        .collect();
    if a != b {
        ctx.at(
            &p.key("desired"),
            format!(
                "ladder questions `{}` and `{}` must have the same options in the same order",
                questions[current].id, questions[desired].id
            ),
        );
    }
    if let Some(s) = &l.source
        && !source_ok(s)
    {
        ctx.at(&p.key("source"), format!("unknown source `{s}`"));
    }
    let mut benchmark = Vec::new();
    for (opt, pct) in &l.benchmark {
        match b.iter().position(|o| o == opt) {
            None => ctx.at_key(
                &p.key("benchmark").key(opt),
                format!("ladder has no option `{opt}`"),
            ),
            Some(oi) => {
                if !(0.0..=100.0).contains(pct) {
                    ctx.at(
                        &p.key("benchmark").key(opt),
                        format!("benchmark must be a percentage 0–100, found {pct}"),
                    );
                }
                benchmark.push((oi, *pct));
            }
        }
    }
    benchmark.sort_by_key(|(oi, _)| *oi);
    Some(Ladder {
        name,
        current,
        desired,
        source: l.source.clone(),
        benchmark,
        benchmark_note: l.benchmark_note.clone(),
    })
}
