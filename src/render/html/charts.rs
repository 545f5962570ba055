//! The charts' data and the text beside them: which chart shows dimension scores, the
//! roles' styles, the radar's and the perception gap's series (the slides draw the same
//! charts from these), the checklist's heat, and the sentences that describe a chart to
//! a screen reader or caption it.

use super::page::u;
use crate::numfmt;
use crate::render::svg::{self, Bar, DotRow, RadarSeries, Style};
use crate::report::RankingInfo;
use crate::report::group::{GroupReport, RoleRef, Scope};
use maud::Markup;

/// Dimension scores as a radar (three or more dimensions) or as bars.
pub(super) fn dimension_chart(
    id: &str,
    title: &str,
    desc: &str,
    names: &[String],
    series: Vec<RadarSeries>,
) -> Markup {
    if names.len() >= 3 {
        svg::radar(id, title, desc, names, &series)
    } else {
        let bars: Vec<Bar> = names
            .iter()
            .enumerate()
            .map(|(i, n)| Bar {
                label: n.clone(),
                value: series
                    .first()
                    .and_then(|s| s.values.get(i).copied().flatten())
                    .unwrap_or(0.0),
                note: None,
                highlight: false,
            })
            .collect();
        svg::hbars(id, title, desc, &bars)
    }
}

/// `name score; name score`: a chart's figures, for its description.
pub(super) fn list_values(names: &[String], values: &[Option<f64>]) -> String {
    names
        .iter()
        .zip(values)
        .map(|(n, v)| format!("{n} {}", numfmt::score(*v)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A causes chart's caption: `base`, then which bars are red, which depends on the ties.
pub(super) fn ties_caption(base: &str, r: &RankingInfo) -> String {
    let tie = numfmt::short(r.tie_points);
    if !r.separated {
        format!(
            "{base} The answers do not separate the causes (all within {tie} points), so none is marked."
        )
    } else if r.tied_top > 1 {
        format!(
            "{base} The {} causes tied at the top (within {tie} points) are in red.",
            r.tied_top
        )
    } else {
        format!("{base} The most severe is in red; causes within {tie} points of it would be too.")
    }
}

/// A causes chart's description: every cause with its rank and severity.
pub(super) fn causes_desc<'a>(cs: impl Iterator<Item = (usize, &'a str, f64)>) -> String {
    let items: Vec<String> = cs
        .map(|(rank, name, sev)| format!("{rank}. {} {}", u(name), svg::n1(sev)))
        .collect();
    format!(
        "Root causes ranked by severity, 0 to 100: {}.",
        items.join("; ")
    )
}

/// Each role's chart style, by its position among the roles present.
pub(super) fn role_style(r: &GroupReport, s: &Scope) -> Style {
    match r.roles.iter().position(|x| &x.id == s) {
        Some(i) => svg::style(i),
        None => svg::GROUP,
    }
}

/// A light blue behind a share, darker for a larger share; text stays dark on it (AA).
pub(in crate::render) fn heat(ticked: usize, answered: usize) -> Option<String> {
    if answered == 0 {
        return None;
    }
    let t = ticked as f64 / answered as f64;
    let mix = |a: f64| (255.0 - (255.0 - a) * t * 0.45).round() as u8;
    Some(format!(
        "background: rgb({}, {}, {})",
        mix(11.0),
        mix(92.0),
        mix(173.0)
    ))
}

/// One radar line per role and a thick one for the whole group, with their legend
/// (the HTML report and the slides draw the same chart).
pub(in crate::render) fn group_radar_series(
    r: &GroupReport,
) -> (Vec<RadarSeries>, Vec<(svg::Style, String)>) {
    let mut series = Vec::new();
    let mut legend = Vec::new();
    for (i, role) in r.roles.iter().enumerate() {
        let style = svg::style(i);
        series.push(RadarSeries {
            key: role.id.as_str().to_string(),
            style,
            values: r
                .dimensions
                .iter()
                .map(|d| {
                    d.by_role
                        .iter()
                        .find(|x| x.role == role.id)
                        .and_then(|x| x.score)
                })
                .collect(),
            fill: false,
        });
        legend.push((style, format!("{} ({})", u(&role.name), role.respondents)));
    }
    series.push(RadarSeries {
        key: "group".into(),
        style: svg::GROUP,
        values: r.dimensions.iter().map(|d| d.score).collect(),
        fill: false,
    });
    legend.push((svg::GROUP, format!("Whole group ({})", r.respondents)));
    (series, legend)
}

/// The compared roles' styles and one row per dimension with their two scores (the
/// HTML report and the slides draw the same chart).
pub(in crate::render) fn perception_gap_rows(
    r: &GroupReport,
    (a, b): &(RoleRef, RoleRef),
) -> ([svg::Style; 2], Vec<DotRow>) {
    let styles = [
        role_style(r, &Scope::Role(a.id.clone())),
        role_style(r, &Scope::Role(b.id.clone())),
    ];
    let rows = r
        .perception_gap
        .iter()
        .map(|g| DotRow {
            label: u(&g.dimension_name),
            dots: vec![(g.score, 0), (g.versus_score, 1)],
            range: Some((g.score.min(g.versus_score), g.score.max(g.versus_score))),
            flag: g.notable(),
        })
        .collect();
    (styles, rows)
}
