//! Raw questionnaire → validated model. Collects every problem instead of stopping at
//! the first, each tied to a key path that is turned into line:column at the end.

use super::context::{Ctx, Ids, Refs, ScaleDef, scale_range};
pub use super::context::{
    DEFAULT_DONT_KNOW_LABEL, DONT_KNOW, Issue, MAX_NUMBER, MAX_SCALE_VALUE, OTHER_CAUSE, valid_id,
};
use super::model::*;
use super::schema::*;
use crate::tomlfile::KeyPath;
use std::collections::BTreeMap;

pub fn validate(raw: &RawQuestionnaire) -> (Option<Questionnaire>, Vec<Issue>) {
    let mut ctx = Ctx::default();
    let root = KeyPath::root();
    let meta = meta(&mut ctx, raw.questionnaire.as_ref());
    let sources = sources(&mut ctx, &raw.sources);
    let roles = roles(&mut ctx, &raw.roles);
    let compared_roles = compared_roles(&mut ctx, raw, &root.key("questionnaire"), &roles);
    let scales = scales(&mut ctx, &raw.scales);
    let dimensions = dimensions(&mut ctx, &raw.dimensions);
    let causes = causes(&mut ctx, &raw.causes, &sources);
    let refs = Refs {
        sources: &sources,
        dimensions: &dimensions,
        causes: &causes,
        scales: &scales,
        roles: &roles,
    };
    let questions = super::questions::questions(&mut ctx, &raw.questions, &refs);
    check_dimensions_scored(&mut ctx, &dimensions, &questions);
    let levels = raw.levels.as_ref().and_then(|l| {
        super::levels::levels(&mut ctx, l, &root.key("levels"), &dimensions, &questions)
    });
    if let Some(l) = &levels {
        super::levels::raw_weights(&mut ctx, raw, l);
    }
    let ladder = raw
        .ladder
        .as_ref()
        .and_then(|l| super::levels::ladder(&mut ctx, l, &root.key("ladder"), &questions, &refs));
    let findings = findings(&mut ctx, &raw.findings, raw.ladder.is_some(), &refs);
    let earlier = super::earlier::earlier(&mut ctx, &raw.earlier, &meta.version, &dimensions);
    let q = Questionnaire {
        ids: super::model::Ids::new(&questions, &causes),
        id: meta.id,
        version: meta.version,
        title: meta.title,
        description: meta.description,
        dont_know_label: meta.dont_know_label,
        sources,
        roles,
        compared_roles,
        dimensions,
        causes,
        levels,
        ladder,
        questions,
        findings,
        earlier,
    };
    if ctx.issues.is_empty() {
        (Some(q), ctx.issues)
    } else {
        (None, ctx.issues)
    }
}

#[derive(Default)]
struct Meta {
    id: String,
    version: String,
    title: String,
    description: String,
    dont_know_label: String,
}

/// `[questionnaire]`.
fn meta(ctx: &mut Ctx, m: Option<&RawMeta>) -> Meta {
    let root = KeyPath::root();
    let meta_path = root.key("questionnaire");
    let Some(m) = m else {
        ctx.at(
            &root,
            "missing the `[questionnaire]` table (id, version, title)",
        );
        return Meta::default();
    };
    Meta {
        id: ctx.id(&m.id, &meta_path, "questionnaire"),
        version: ctx.required(&m.version, &meta_path, "version", "questionnaire"),
        title: ctx.required(&m.title, &meta_path, "title", "questionnaire"),
        description: m.description.clone().unwrap_or_default(),
        dont_know_label: m
            .dont_know_label
            .clone()
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| DEFAULT_DONT_KNOW_LABEL.to_string()),
    }
}

/// `[[sources]]`.
fn sources(ctx: &mut Ctx, raw: &[RawSource]) -> Vec<Source> {
    let mut ids = Ids::new("source");
    let mut sources = Vec::new();
    for (i, s) in raw.iter().enumerate() {
        let p = KeyPath::root().key("sources").index(i);
        let id = ctx.id(&s.id, &p, "source");
        ids.add(ctx, &id, i, &p);
        let title = ctx.required(&s.title, &p, "title", "source");
        sources.push(Source {
            id,
            title,
            author: s.author.clone(),
            url: s.url.clone(),
            note: s.note.clone(),
        });
    }
    sources
}

/// `[[roles]]`, or the default four.
fn roles(ctx: &mut Ctx, raw: &[RawRole]) -> Vec<Role> {
    let mut ids = Ids::new("role");
    let mut roles = Vec::new();
    for (i, r) in raw.iter().enumerate() {
        let p = KeyPath::root().key("roles").index(i);
        let id = ctx.id(&r.id, &p, "role");
        ids.add(ctx, &id, i, &p);
        let name = r
            .name
            .clone()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| id.clone());
        let description = r.description.clone().unwrap_or_default().trim().to_string();
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
                id: String::from(*r),
                name: capitalise(r),
                description: String::new(),
            })
            .collect();
    }
    roles
}

/// `[[scales]]` by id; a duplicate id keeps the first.
fn scales(ctx: &mut Ctx, raw: &[RawScale]) -> BTreeMap<String, ScaleDef> {
    let mut ids = Ids::new("scale");
    let mut scales = BTreeMap::new();
    for (i, s) in raw.iter().enumerate() {
        let p = KeyPath::root().key("scales").index(i);
        let id = ctx.id(&s.id, &p, "scale");
        ids.add(ctx, &id, i, &p);
        let Some((min, max, labels)) = scale_range(ctx, &p, s.min, s.max, &s.labels, "scale")
        else {
            continue;
        };
        scales.entry(id).or_insert(ScaleDef {
            min,
            max,
            labels,
            dont_know: s.dont_know.unwrap_or(false),
        });
    }
    scales
}

/// `[[dimensions]]`.
fn dimensions(ctx: &mut Ctx, raw: &[RawDimension]) -> Vec<Dimension> {
    let root = KeyPath::root();
    let mut ids = Ids::new("dimension");
    let mut dimensions = Vec::new();
    if raw.is_empty() {
        ctx.at(
            &root,
            "the questionnaire has no `[[dimensions]]`: at least one is needed to score",
        );
    }
    for (i, d) in raw.iter().enumerate() {
        let p = root.key("dimensions").index(i);
        let id = ctx.id(&d.id, &p, "dimension");
        if id == "overall" || id == "ladder_gap" {
            ctx.at(
                &p.key("id"),
                format!("`{id}` is reserved for findings; choose another dimension id"),
            );
        }
        ids.add(ctx, &id, i, &p);
        let name = ctx.required(&d.name, &p, "name", "dimension");
        let weight = ctx.weight(d.weight, &p.key("weight"), 1.0);
        let levels = super::levels::dimension_levels(ctx, &d.levels, &p.key("levels"));
        dimensions.push(Dimension {
            id,
            name,
            description: d.description.clone().unwrap_or_default(),
            weight,
            levels,
            discuss: discuss_prompts(ctx, &d.discuss, &p).into_iter().collect(),
        });
    }
    if !dimensions.is_empty() && dimensions.iter().all(|d| d.weight == 0.0) {
        ctx.at(
            &root.key("dimensions"),
            "every dimension weighs 0: at least one must weigh more",
        );
    }
    dimensions
}

/// Every dimension needs a scored question that counts (weighs more than 0) to have a
/// score.
fn check_dimensions_scored(ctx: &mut Ctx, dimensions: &[Dimension], questions: &[Question]) {
    for (di, d) in dimensions.iter().enumerate() {
        // A duplicate id is reported already; its questions resolve to the first one.
        let first_of_id = dimensions.iter().position(|x| x.id == d.id) == Some(di);
        if d.id.is_empty() || !first_of_id {
            continue;
        }
        let mut scored = questions.iter().filter(|q| q.dimension == Some(di));
        let p = KeyPath::root().key("dimensions").index(di);
        if scored.clone().next().is_none() {
            ctx.at(&p, format!("dimension `{}` has no scored questions", d.id));
        } else if scored.all(|q| q.weight == 0.0) {
            ctx.at(
                &p,
                format!(
                    "every question scored in dimension `{}` weighs 0: at least one must weigh more",
                    d.id
                ),
            );
        }
    }
}

/// `[[causes]]`.
fn causes(ctx: &mut Ctx, raw: &[RawCause], sources: &[Source]) -> Vec<Cause> {
    let mut ids = Ids::new("cause");
    let mut causes = Vec::new();
    for (i, c) in raw.iter().enumerate() {
        let p = KeyPath::root().key("causes").index(i);
        let id = ctx.id(&c.id, &p, "cause");
        if id == OTHER_CAUSE {
            ctx.at(
                &p.key("id"),
                "`other` is reserved for five-whys chains that fit no cause",
            );
        }
        ids.add(ctx, &id, i, &p);
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
        check_sources(ctx, &c.sources, sources, &p);
        let discuss = discuss_prompts(ctx, &c.discuss, &p);
        causes.push(Cause {
            id,
            name,
            explanation,
            remedies: remedies.into_iter().collect(),
            sources: c.sources.iter().map(String::from).collect(),
            discuss: discuss.into_iter().collect(),
        });
    }
    causes
}

/// The optional `discuss` prompts of a dimension or cause at `p`: when given, a
/// non-empty list of non-blank lines (a blank prompt would print as an empty bullet).
fn discuss_prompts(ctx: &mut Ctx, v: &Option<Vec<String>>, p: &KeyPath) -> Vec<String> {
    let Some(list) = v else { return Vec::new() };
    if list.is_empty() {
        ctx.at(
            &p.key("discuss"),
            "`discuss` is empty: give at least one prompt or leave the key out",
        );
    }
    for (j, s) in list.iter().enumerate() {
        if s.trim().is_empty() {
            ctx.at(&p.key("discuss").index(j), "discussion prompt is empty");
        }
    }
    list.iter()
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.trim().to_string())
        .collect()
}

/// A `sources` list of a cause or finding at `p` names known sources.
fn check_sources(ctx: &mut Ctx, named: &[String], sources: &[Source], p: &KeyPath) {
    for (j, s) in named.iter().enumerate() {
        if !sources.iter().any(|x| &x.id == s) {
            ctx.at(&p.key("sources").index(j), format!("unknown source `{s}`"));
        }
    }
}

/// `[[findings]]`.
fn findings(ctx: &mut Ctx, raw: &[RawFinding], has_ladder: bool, refs: &Refs) -> Vec<Finding> {
    let mut ids = Ids::new("finding");
    let mut findings = Vec::new();
    for (i, f) in raw.iter().enumerate() {
        let p = KeyPath::root().key("findings").index(i);
        let id = ctx.id(&f.id, &p, "finding");
        ids.add(ctx, &id, i, &p);
        let name = ctx.required(&f.name, &p, "name", "finding");
        let insight = ctx.required(&f.insight, &p, "insight", "finding");
        if f.when.is_empty() {
            ctx.at(&p, "finding has no `when` conditions");
        }
        let when = f
            .when
            .iter()
            .enumerate()
            .filter_map(|(j, b)| bound(ctx, b, &p.key("when").index(j), has_ladder, refs))
            .collect();
        check_sources(ctx, &f.sources, refs.sources, &p);
        findings.push(Finding {
            id,
            name,
            insight,
            when,
            sources: f.sources.iter().map(String::from).collect(),
        });
    }
    findings
}

/// One `when` condition of a finding; `None` when what it looks at is unknown.
fn bound(
    ctx: &mut Ctx,
    b: &RawBound,
    bp: &KeyPath,
    has_ladder: bool,
    refs: &Refs,
) -> Option<Bound> {
    let of = match b.of.as_deref() {
        None => {
            ctx.at(
                bp,
                "condition is missing `of` (a dimension id, `overall` or `ladder_gap`)",
            );
            return None;
        }
        Some("overall") => Metric::Overall,
        Some("ladder_gap") => {
            if !has_ladder {
                ctx.at(&bp.key("of"), "`ladder_gap` needs a `[ladder]` table");
            }
            Metric::LadderGap
        }
        Some(d) => match refs.dimension_index(d) {
            Some(di) => Metric::Dimension(di),
            None => {
                ctx.at(
                    &bp.key("of"),
                    format!("unknown dimension `{d}` (or use `overall`, `ladder_gap`)"),
                );
                return None;
            }
        },
    };
    if b.below.is_none() && b.above.is_none() && b.at_most.is_none() && b.at_least.is_none() {
        ctx.at(
            bp,
            "condition needs one of `below`, `above`, `at_most`, `at_least`",
        );
    }
    bound_values(ctx, b, bp, &of);
    impossible_bound(ctx, b, bp);
    Some(Bound {
        of,
        below: b.below,
        above: b.above,
        at_most: b.at_most,
        at_least: b.at_least,
    })
}

/// Lower and upper limits that exclude every value (`at_least = 2, at_most = 1`) make
/// a finding that can never fire.
fn impossible_bound(ctx: &mut Ctx, b: &RawBound, bp: &KeyPath) {
    let lows = [("at_least", b.at_least, true), ("above", b.above, false)];
    let highs = [("at_most", b.at_most, true), ("below", b.below, false)];
    for (lk, lo, lo_incl) in lows {
        for (hk, hi, hi_incl) in highs {
            let (Some(lo), Some(hi)) = (lo, hi) else {
                continue;
            };
            let empty = if lo_incl && hi_incl {
                lo > hi
            } else {
                lo >= hi
            };
            if empty {
                ctx.at(
                    &bp.key(lk),
                    format!(
                        "`{lk} = {}` and `{hk} = {}` exclude every value, so the finding could never fire",
                        crate::numfmt::short(lo),
                        crate::numfmt::short(hi)
                    ),
                );
            }
        }
    }
}

/// A threshold no score can reach would make the finding silently never (or always)
/// fire: percent scores run 0 to 100, a ladder gap is a whole difference of steps.
fn bound_values(ctx: &mut Ctx, b: &RawBound, bp: &KeyPath, of: &Metric) {
    for (key, v) in [
        ("below", b.below),
        ("above", b.above),
        ("at_most", b.at_most),
        ("at_least", b.at_least),
    ] {
        let Some(v) = v else { continue };
        let ok = match of {
            Metric::LadderGap => v.is_finite() && v.abs() <= MAX_NUMBER,
            _ => (0.0..=100.0).contains(&v),
        };
        if !ok {
            let range = match of {
                Metric::LadderGap => format!("a number within ±{MAX_NUMBER:e}"),
                _ => "a percentage from 0 to 100".to_string(),
            };
            ctx.at(
                &bp.key(key),
                format!("`{key}` must be {range}, found {}", crate::numfmt::short(v)),
            );
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// `[questionnaire] compare_roles`: two different known role ids; without it, the
/// first two roles.
fn compared_roles(
    ctx: &mut Ctx,
    raw: &RawQuestionnaire,
    meta_path: &KeyPath,
    roles: &[Role],
) -> Option<(usize, usize)> {
    let Some(ids) = raw
        .questionnaire
        .as_ref()
        .and_then(|m| m.compare_roles.as_ref())
    else {
        return (roles.len() >= 2).then_some((0, 1));
    };
    let p = meta_path.key("compare_roles");
    if ids.len() != 2 {
        ctx.at(
            &p,
            format!("`compare_roles` names two role ids, found {}", ids.len()),
        );
        return None;
    }
    let mut found = Vec::new();
    for (j, id) in ids.iter().enumerate() {
        match roles.iter().position(|r| &r.id == id) {
            Some(i) if found.contains(&i) => {
                ctx.at(
                    &p.index(j),
                    format!("role `{id}` is named twice: compare two different roles"),
                );
            }
            Some(i) => found.push(i),
            None => ctx.at(&p.index(j), format!("unknown role `{id}`")),
        }
    }
    match found[..] {
        [a, b] => Some((a, b)),
        _ => None,
    }
}
