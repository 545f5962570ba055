//! The tables of a trend: waves.csv (each wave's scores and changes), causes.csv
//! (each cause's severity per wave) and gap.csv (the compared roles over time).

use super::cells::{Table, num, opt, text};
use crate::report::r1;
use crate::report::trend::TrendReport;

/// Every table, waves.csv first; gap.csv when the questionnaire compares two roles.
pub(super) fn tables(r: &TrendReport) -> Vec<Table> {
    let mut out = vec![waves(r), causes(r)];
    out.extend(gap(r));
    out
}

/// A change between two waves' figures, empty unless both have one.
fn delta(a: Option<f64>, b: Option<f64>) -> String {
    match (a, b) {
        (Some(a), Some(b)) => num(r1(b - a)),
        _ => String::new(),
    }
}

/// waves.csv: per wave, the overall score then each dimension's, with the change
/// against the wave before.
fn waves(r: &TrendReport) -> Table {
    let mut waves = Table::new(
        "waves.csv",
        &[
            "wave",
            "wave_number",
            "date",
            "respondents",
            "incomplete",
            "dimension",
            "dimension_name",
            "score",
            "change",
            "level",
        ],
    );
    for (i, w) in r.waves.iter().enumerate() {
        let base =
            |dim: String, name: String, score: Option<f64>, change: String, level: String| {
                vec![
                    text(&w.label),
                    (i + 1).to_string(),
                    text(w.date.as_deref().unwrap_or("")),
                    w.respondents.to_string(),
                    w.incomplete.to_string(),
                    dim,
                    name,
                    opt(score),
                    change,
                    level,
                ]
            };
        waves.row(base(
            "overall".into(),
            "Overall".into(),
            w.overall,
            opt(w.overall_change),
            text(w.level.as_deref().unwrap_or("")),
        ));
        for d in &r.dimensions {
            let now = d.scores.get(i).copied().flatten();
            let before = if i == 0 {
                None
            } else {
                d.scores.get(i - 1).copied().flatten()
            };
            waves.row(base(
                text(&d.id),
                text(&d.name),
                now,
                delta(before, now),
                String::new(),
            ));
        }
    }
    waves
}

/// causes.csv: per wave, every cause's severity, its change and its place among the
/// wave's top three.
fn causes(r: &TrendReport) -> Table {
    let mut causes = Table::new(
        "causes.csv",
        &[
            "wave",
            "wave_number",
            "cause",
            "cause_name",
            "severity",
            "change",
            "top3_rank",
        ],
    );
    for (i, w) in r.waves.iter().enumerate() {
        for c in &r.causes {
            let now = c.severities.get(i).copied().flatten();
            let before = if i == 0 {
                None
            } else {
                c.severities.get(i - 1).copied().flatten()
            };
            let top = w
                .top_causes
                .iter()
                .position(|t| t.id == c.id)
                .map(|p| (p + 1).to_string())
                .unwrap_or_default();
            causes.row(vec![
                text(&w.label),
                (i + 1).to_string(),
                text(&c.id),
                text(&c.name),
                opt(now),
                delta(before, now),
                top,
            ]);
        }
    }
    causes
}

/// gap.csv: the compared roles' scores and the gap per wave, overall and per dimension,
/// with the minimums a wave falls short of.
fn gap(r: &TrendReport) -> Option<Table> {
    let g = r.gap.as_ref()?;
    let mut t = Table::new(
        "gap.csv",
        &[
            "wave",
            "wave_number",
            "date",
            "respondents",
            "too_few",
            "role",
            "versus",
            "dimension",
            "dimension_name",
            "role_score",
            "versus_score",
            "gap",
            "widening",
        ],
    );
    for (i, w) in r.waves.iter().enumerate() {
        let row = |dim: &str,
                   name: &str,
                   a: Option<f64>,
                   b: Option<f64>,
                   gap: Option<f64>,
                   wider: Option<f64>| {
            vec![
                text(&w.label),
                (i + 1).to_string(),
                text(w.date.as_deref().unwrap_or("")),
                w.respondents.to_string(),
                text(&w.too_few.join(" ")),
                text(&g.role),
                text(&g.versus),
                text(dim),
                text(name),
                opt(a),
                opt(b),
                opt(gap),
                opt(wider),
            ]
        };
        let p = &g.waves[i];
        t.row(row(
            "overall",
            "Overall",
            p.score,
            p.versus_score,
            p.gap,
            p.widening,
        ));
        for d in &g.dimensions {
            let now = d.gaps[i];
            let wider = match (i.checked_sub(1).and_then(|j| d.gaps[j]), now) {
                (Some(a), Some(b)) => Some(r1(b.abs() - a.abs())),
                _ => None,
            };
            t.row(row(&d.id, &d.name, None, None, now, wider));
        }
    }
    Some(t)
}
