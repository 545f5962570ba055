//! Validation of `[levels]` (bands that must tile the score range) and `[ladder]`.

use super::context::{Ctx, Refs};
use super::model::*;
use super::schema::*;
use crate::numfmt::short as fmt_n;
use crate::tomlfile::KeyPath;

pub(super) fn levels(
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
    if basis == Basis::Percent && l.dimensions.is_some() {
        ctx.at(
            &p.key("dimensions"),
            "`dimensions` chooses which questions a raw sum adds up, so it needs \
             `basis = \"raw\"`; a percent level is banded on the overall score of every dimension",
        );
    }
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
    let bands = l
        .bands
        .iter()
        .enumerate()
        .map(|(i, b)| band(ctx, b, &p.key("bands").index(i), basis, Some(dims)))
        .collect::<Option<Vec<_>>>()?;
    let range = match basis {
        Basis::Percent => (0.0, 100.0),
        Basis::Raw => raw_range(questions, dimensions.as_deref()),
    };
    // Raw bands have whole-number bounds, so they cannot start or end at a fractional
    // total: suggesting such a start would only trade one error for another.
    if basis == Basis::Raw
        && (range.0.fract() != 0.0 || range.1.fract() != 0.0)
        && let Some((qid, pts)) = fractional_points(questions, dimensions.as_deref())
    {
        ctx.at(
            &p.key("basis"),
            format!(
                "raw bands need whole-number totals, but the possible totals run from {} to {} \
                 (question `{qid}` has an option worth {}): use `basis = \"percent\"`, or \
                 give the options whole points",
                fmt_n(range.0),
                fmt_n(range.1),
                fmt_n(pts)
            ),
        );
        return None;
    }
    check_tiling(ctx, &bands, basis, range, &p.key("bands"));
    Some(Levels {
        basis,
        dimensions,
        bands,
    })
}

/// The first scored question (in the dimensions counted) with an option worth a
/// fractional number of points, and those points.
fn fractional_points(questions: &[Question], dims: Option<&[usize]>) -> Option<(String, f64)> {
    questions
        .iter()
        .filter(|q| {
            q.dimension
                .is_some_and(|d| dims.is_none_or(|ds| ds.contains(&d)))
        })
        .find_map(|q| {
            let options = match &q.kind {
                Kind::Single { options } | Kind::Multi { options } => options,
                _ => return None,
            };
            options
                .iter()
                .filter_map(|o| o.points)
                .find(|p| p.fract() != 0.0)
                .map(|p| (q.id.to_string(), p))
        })
}

/// `[[dimensions.levels]]`: percent bands over one dimension's score, tiling 0–100.
pub(super) fn dimension_levels(ctx: &mut Ctx, raw: &[RawBand], p: &KeyPath) -> Vec<Band> {
    if raw.is_empty() {
        return Vec::new();
    }
    let Some(bands) = raw
        .iter()
        .enumerate()
        .map(|(i, b)| band(ctx, b, &p.index(i), Basis::Percent, None))
        .collect::<Option<Vec<_>>>()
    else {
        return Vec::new();
    };
    check_tiling(ctx, &bands, Basis::Percent, (0.0, 100.0), p);
    bands
}

/// `requires` on a band of `[levels]`; `dims` is `None` for a dimension's own levels,
/// where a requirement on other dimensions has no meaning.
fn requirement(
    ctx: &mut Ctx,
    r: &RawRequires,
    rp: &KeyPath,
    dims: Option<&[Dimension]>,
) -> Option<Requirement> {
    let Some(dims) = dims else {
        ctx.at(
            rp,
            "`requires` applies to `[[levels.bands]]`; a dimension's own levels are banded on its score alone",
        );
        return None;
    };
    let Some(at_least) = r.at_least else {
        ctx.at(
            rp,
            "`requires` needs `at_least` (the score, 0–100, every dimension named must reach)",
        );
        return None;
    };
    if !(0.0..=100.0).contains(&at_least) {
        ctx.at(
            &rp.key("at_least"),
            format!(
                "`at_least` must be a percentage from 0 to 100, found {}",
                fmt_n(at_least)
            ),
        );
        return None;
    }
    let dimensions = match &r.dimensions {
        None => None,
        Some(ds) if ds.is_empty() => {
            ctx.at(
                &rp.key("dimensions"),
                "`dimensions` is empty, so the requirement names nothing: list dimension ids, or \
                 omit it to require every dimension",
            );
            return None;
        }
        Some(ds) => {
            let mut out = Vec::new();
            for (j, d) in ds.iter().enumerate() {
                match dims.iter().position(|x| &x.id == d) {
                    Some(di) => out.push(di),
                    None => ctx.at(
                        &rp.key("dimensions").index(j),
                        format!("unknown dimension `{d}`"),
                    ),
                }
            }
            Some(out)
        }
    };
    Some(Requirement {
        at_least,
        dimensions,
    })
}

/// Raw sums add points as they are: a `weight` on a question or dimension the sum
/// covers would be silently ignored by the level, so it is refused.
pub(super) fn raw_weights(ctx: &mut Ctx, raw: &RawQuestionnaire, levels: &Levels) {
    if levels.basis != Basis::Raw {
        return;
    }
    let in_scope = |di: usize| levels.dimensions.as_ref().is_none_or(|s| s.contains(&di));
    let why = "weights do not count in a raw sum (`[levels] basis = \"raw\"` adds the points as \
               they are): remove `weight`, or use `basis = \"percent\"`";
    let ids: Vec<Option<&str>> = raw.dimensions.iter().map(|d| d.id.as_deref()).collect();
    for (di, d) in raw.dimensions.iter().enumerate() {
        if in_scope(di) && d.weight.is_some_and(|w| w != 1.0) {
            ctx.at(
                &KeyPath::root().key("dimensions").index(di).key("weight"),
                why,
            );
        }
    }
    for (qi, q) in raw.questions.iter().enumerate() {
        let scope = q
            .dimension
            .as_deref()
            .and_then(|d| ids.iter().position(|x| *x == Some(d)));
        if scope.is_some_and(in_scope) && q.weight.is_some_and(|w| w != 1.0) {
            ctx.at(
                &KeyPath::root().key("questions").index(qi).key("weight"),
                why,
            );
        }
    }
}

/// One band; `None` when its bounds are missing or unusable.
fn band(
    ctx: &mut Ctx,
    b: &RawBand,
    bp: &KeyPath,
    basis: Basis,
    dims: Option<&[Dimension]>,
) -> Option<Band> {
    let requires = b
        .requires
        .as_ref()
        .and_then(|r| requirement(ctx, r, &bp.key("requires"), dims));
    let name = ctx.required(&b.name, bp, "name", "band");
    let (Some(min), Some(max)) = (b.min, b.max) else {
        ctx.at(bp, "band needs `min` and `max`");
        return None;
    };
    for (key, v) in [("min", min), ("max", max)] {
        if !v.is_finite() {
            ctx.at(
                &bp.key(key),
                format!("band `{key}` must be a finite number, found {v}"),
            );
        }
    }
    if !(min.is_finite() && max.is_finite()) {
        return None;
    }
    if min > max {
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
        ctx.at(bp, "raw bands have whole-number bounds");
    }
    Some(Band {
        min,
        max,
        name,
        description: b.description.clone().unwrap_or_default(),
        requires,
    })
}

/// Bands must tile `lo..=hi`: sorted, no gap, no overlap. `bands` is not empty.
fn check_tiling(ctx: &mut Ctx, bands: &[Band], basis: Basis, (lo, hi): (f64, f64), p: &KeyPath) {
    let what = if basis == Basis::Percent {
        "percent"
    } else {
        "raw"
    };
    if bands[0].min != lo {
        ctx.at(
            &p.index(0).key("min"),
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
        let problem = if b.min > expected {
            "gap between bands"
        } else if b.min < expected {
            "bands overlap"
        } else {
            continue;
        };
        ctx.at(
            &p.index(i).key("min"),
            format!(
                "{problem}: `{}` ends at {} but `{}` starts at {} (expected {})",
                prev.name,
                fmt_n(prev.max),
                b.name,
                fmt_n(b.min),
                fmt_n(expected)
            ),
        );
    }
    let last = bands.len() - 1;
    if bands[last].max != hi {
        ctx.at(
            &p.index(last).key("max"),
            format!(
                "the last {what} band must end at {} (the highest possible score), not {}",
                fmt_n(hi),
                fmt_n(bands[last].max)
            ),
        );
    }
}

pub(super) fn ladder(
    ctx: &mut Ctx,
    l: &RawLadder,
    p: &KeyPath,
    questions: &[Question],
    refs: &Refs,
) -> Option<Ladder> {
    let name = l
        .name
        .clone()
        .unwrap_or_else(|| "Alignment ladder".to_string());
    let current = ladder_question(ctx, p, "current", &l.current, questions);
    let desired = ladder_question(ctx, p, "desired", &l.desired, questions);
    let (current, desired) = (current?, desired?);
    let option_ids = |qi: usize| -> Vec<&str> {
        questions[qi]
            .kind
            .options()
            .iter()
            .map(|o| o.id.as_str())
            .collect()
    };
    let steps = option_ids(desired);
    if option_ids(current) != steps {
        ctx.at(
            &p.key("desired"),
            format!(
                "ladder questions `{}` and `{}` must have the same options in the same order",
                questions[current].id, questions[desired].id
            ),
        );
    }
    if let Some(s) = &l.source
        && !refs.source_ok(s)
    {
        ctx.at(&p.key("source"), format!("unknown source `{s}`"));
    }
    let mut benchmark = Vec::new();
    for (opt, pct) in &l.benchmark {
        match steps.iter().position(|o| o == opt) {
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

/// The index of the single question `[ladder]` names at `key`.
fn ladder_question(
    ctx: &mut Ctx,
    p: &KeyPath,
    key: &str,
    id: &Option<String>,
    questions: &[Question],
) -> Option<usize> {
    let Some(id) = id else {
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
}
