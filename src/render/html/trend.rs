//! The trend report: one wave per period, scores over time, the waves, dimensions,
//! the perception gap over time, what moved and the root causes over time.

use super::charts::list_values;
use super::page::{change, change_class, layout, meter, section, u};
use crate::gates::GateSummary;
use crate::numfmt::{self, plural};
use crate::render::svg::{self, Line, Style};
use crate::report::trend::{TrendCause, TrendGap, TrendReport};
use maud::{Markup, html};

/// The page for a trend.
pub(super) fn page(r: &TrendReport, gates: Option<&GateSummary>) -> Markup {
    let q = &r.questionnaire;
    let n = r.waves.len();
    let labels: Vec<String> = r.waves.iter().map(|w| u(&w.label)).collect();
    let title = format!("{}: trend over {} waves", u(&q.title), n);
    let header = html! {
        p.kicker { "Trend · " (plural(n, "wave", "waves")) }
        h1 { (u(&q.title)) }
        p.meta { (labels.join(" → ")) }
        p.small { "Questionnaire " (u(&q.id)) " " (u(&q.version)) ". Each wave is one group; scores are the group means."
            @if let Some(note) = r.versions_note() { " " (u(&note)) } }
    };
    let mut sections = vec![
        section("summary", "Summary", summary(r)),
        section("chart", "Scores over time", chart(r, &labels)),
        section("waves", "Waves", waves(r)),
        section("dimensions", "Dimensions", dimensions(r, &labels)),
    ];
    if let Some(g) = &r.gap {
        let title = format!(
            "Perception gap: {} vs {}",
            u(&g.role_name),
            u(&g.versus_name)
        );
        sections.push(section("gap", &title, gap(r, g, &labels)));
    }
    if r.last_step().is_some() {
        sections.push(section("moved", "What moved", moved(r)));
    }
    sections.push(section(
        "causes",
        "Root causes over time",
        causes(r, &labels),
    ));
    layout(&title, header, gates, sections)
}

fn summary(r: &TrendReport) -> Markup {
    let last = r.waves.last();
    let first = r.waves.first();
    let since_first = r.overall_since_first();
    html! {
        div.cards {
            @if let Some(w) = last {
                div.card {
                    p.label { "Overall, " (u(&w.label)) }
                    p.value { (numfmt::score(w.overall)) span.unit { " / 100" } }
                    (meter(w.overall))
                    p.sub { "Change from the wave before: " span class=(change_class(w.overall_change)) { (change(w.overall_change)) } }
                }
                div.card {
                    p.label { "Since " (first.map(|f| u(&f.label)).unwrap_or_default()) }
                    p.value { span class=(change_class(since_first)) { (change(since_first)) } span.unit { " points" } }
                    p.sub { "Overall score, first wave to last" }
                }
                div.card {
                    p.label { "Level now" }
                    p.value.word { (w.level.as_deref().map(u).unwrap_or_else(|| "–".into())) }
                    p.sub { (plural(r.level_changes.len(), "level change", "level changes")) " over the waves" }
                }
                @if let Some(c) = w.top_causes.first() {
                    div.card {
                        p.label { "Top root cause now" }
                        p.value.word { (u(&c.name)) }
                        p.sub { "Severity " (svg::n1(c.severity)) }
                    }
                }
            }
        }
    }
}

fn chart(r: &TrendReport, labels: &[String]) -> Markup {
    let overall: Vec<Option<f64>> = r.waves.iter().map(|w| w.overall).collect();
    let mut lines = vec![Line {
        key: "overall".into(),
        style: svg::GROUP,
        values: overall.clone(),
        labels: true,
    }];
    let mut legend = vec![(svg::GROUP, "Overall".to_string())];
    for (i, d) in r.dimensions.iter().enumerate() {
        let style = svg::style(i);
        lines.push(Line {
            key: d.id.clone(),
            style,
            values: d.scores.clone(),
            labels: false,
        });
        legend.push((style, u(&d.name)));
    }
    // The overall line on top of the others.
    lines.rotate_left(1);
    let desc = {
        let mut rows = vec![format!("Overall: {}", list_values(labels, &overall))];
        rows.extend(
            r.dimensions
                .iter()
                .map(|d| format!("{}: {}", u(&d.name), list_values(labels, &d.scores))),
        );
        format!("Scores from 0 to 100 per wave. {}.", rows.join(". "))
    };
    html! {
        figure {
            (svg::line_chart("trend-chart", "Overall and dimension scores per wave", &desc, labels, &lines))
            (svg::legend(&legend))
            figcaption { "The thick black line is the overall score, labelled; each dimension has its own colour, dash pattern and marker." }
        }
    }
}

/// The compared roles' overall scores per wave as lines, the gap's size as a third,
/// then the gap per dimension.
fn gap(r: &TrendReport, g: &TrendGap, labels: &[String]) -> Markup {
    let a: Vec<Option<f64>> = g.waves.iter().map(|p| p.score).collect();
    let b: Vec<Option<f64>> = g.waves.iter().map(|p| p.versus_score).collect();
    let size: Vec<Option<f64>> = g.waves.iter().map(|p| p.gap.map(f64::abs)).collect();
    let lines = vec![
        Line {
            key: g.role.clone(),
            style: svg::style(0),
            values: a.clone(),
            labels: true,
        },
        Line {
            key: g.versus.clone(),
            style: svg::style(1),
            values: b.clone(),
            labels: true,
        },
        Line {
            key: "gap".into(),
            style: svg::GROUP,
            values: size.clone(),
            labels: true,
        },
    ];
    let legend = vec![
        (svg::style(0), u(&g.role_name)),
        (svg::style(1), u(&g.versus_name)),
        (svg::GROUP, "Size of the gap".to_string()),
    ];
    let desc = format!(
        "Overall scores from 0 to 100 per wave. {}: {}. {}: {}. Size of the gap: {}.",
        u(&g.role_name),
        list_values(labels, &a),
        u(&g.versus_name),
        list_values(labels, &b),
        list_values(labels, &size)
    );
    html! {
        figure {
            (svg::line_chart("gap-chart", "The compared roles' overall scores and the gap between them per wave", &desc, labels, &lines))
            (svg::legend(&legend))
            figcaption { "Each role's overall score per wave; the black line is how far apart they are, in points." }
        }
        table {
            thead { tr { th { "Wave" } th.num { (u(&g.role_name)) } th.num { (u(&g.versus_name)) } th.num { "Gap" } th.num { "Wider" } } }
            tbody {
                @for (w, p) in r.waves.iter().zip(&g.waves) {
                    tr {
                        td.nowrap { (u(&w.label)) }
                        td.num { (numfmt::score(p.score)) }
                        td.num { (numfmt::score(p.versus_score)) }
                        td.num { (change(p.gap)) }
                        td.num { (change(p.widening)) }
                    }
                }
            }
        }
        table {
            thead { tr { th { "Gap by dimension" } @for l in labels { th.num { (l) } } } }
            tbody {
                @for d in &g.dimensions {
                    tr { td { (u(&d.name)) } @for v in &d.gaps { td.num { (change(*v)) } } }
                }
            }
        }
    }
}

fn waves(r: &TrendReport) -> Markup {
    html! {
        table {
            thead { tr { th { "Wave" } th { "Date" } th.num { "Respondents" } th.num { "Overall" } th.num { "Change" } th { "Level" } } }
            tbody {
                @for w in &r.waves {
                    tr {
                        td.nowrap { (u(&w.label)) }
                        td.nowrap { (w.date.as_deref().map(u).unwrap_or_default()) }
                        td.num { (w.respondents) @if w.incomplete > 0 { " (" (w.incomplete) " incomplete)" } @if !w.too_few.is_empty() { " " strong { "too few" } } }
                        td.num { (numfmt::score(w.overall)) }
                        td class=(change_class(w.overall_change)) { (change(w.overall_change)) }
                        td { (w.level.as_deref().map(u).unwrap_or_else(|| "–".into())) }
                    }
                }
            }
        }
        @for lc in &r.level_changes {
            p { "Level changed from " strong { (lc.from.as_deref().map(u).unwrap_or_else(|| "none".into())) }
                " to " strong { (lc.to.as_deref().map(u).unwrap_or_else(|| "none".into())) }
                " between " (u(&lc.from_wave)) " and " (u(&lc.to_wave)) "." }
        }
    }
}

fn dimensions(r: &TrendReport, labels: &[String]) -> Markup {
    let overall: Vec<Option<f64>> = r.waves.iter().map(|w| w.overall).collect();
    let last_change = r.overall_last_change();
    let since_first = r.overall_since_first();
    html! {
        table {
            thead { tr {
                th { "Dimension" }
                @for l in labels { th.num { (l) } }
                th.num { "Last change" } th.num { "Since first" } th { "Trend" }
            } }
            tbody {
                tr.overall {
                    td { "Overall" }
                    @for v in &overall { td.num { (numfmt::score(*v)) } }
                    td class=(change_class(last_change)) { (change(last_change)) }
                    td class=(change_class(since_first)) { (change(since_first)) }
                    td { (svg::sparkline(&overall)) }
                }
                @for d in &r.dimensions {
                    tr {
                        td { (u(&d.name)) }
                        @for v in &d.scores { td.num { (numfmt::score(*v)) } }
                        td class=(change_class(d.last_change)) { (change(d.last_change)) }
                        td class=(change_class(d.total_change)) { (change(d.total_change)) }
                        td { (svg::sparkline(&d.scores)) }
                    }
                }
            }
        }
    }
}

fn moved(r: &TrendReport) -> Markup {
    let (pw, lw) = r.last_step().unwrap_or_default();
    html! {
        ul {
            @for d in r.moved_dimensions() {
                li { strong { (u(d.name)) } " " (d.direction.verb())
                    " " (svg::n1(d.points)) " points from " (u(pw)) " to " (u(lw)) "." }
            }
            @for c in r.moved_causes() {
                li { "Root cause " strong { (u(c.name)) } " " (c.direction.verb()) " " (svg::n1(c.points))
                    " points in severity since " (u(&r.waves[0].label)) "." }
            }
        }
    }
}

fn causes(r: &TrendReport, labels: &[String]) -> Markup {
    // The causes that were among a wave's three most severe, in the report's order.
    let tops: Vec<&TrendCause> = r
        .causes
        .iter()
        .filter(|c| {
            r.waves
                .iter()
                .any(|w| w.top_causes.iter().any(|t| t.id == c.id))
        })
        .collect();
    let cause_lines: Vec<Line> = tops
        .iter()
        .enumerate()
        .map(|(i, c)| Line {
            key: c.id.clone(),
            style: svg::style(i),
            values: c.severities.clone(),
            labels: false,
        })
        .collect();
    let cause_legend: Vec<(Style, String)> = tops
        .iter()
        .enumerate()
        .map(|(i, c)| (svg::style(i), u(&c.name)))
        .collect();
    let cause_desc = format!(
        "Severity from 0 to 100 per wave of the causes that were among a wave's three most severe. {}.",
        tops.iter()
            .map(|c| format!("{}: {}", u(&c.name), list_values(labels, &c.severities)))
            .collect::<Vec<_>>()
            .join(". ")
    );
    html! {
            @if !tops.is_empty() {
                figure {
                    (svg::line_chart("causes-trend-chart", "Severity of the leading root causes per wave", &cause_desc, labels, &cause_lines))
                    (svg::legend(&cause_legend))
                    figcaption { "Every cause that was among the three most severe in some wave; lower is better." }
                }
            }
            table {
                thead { tr {
                    th { "Root cause" }
                    @for l in labels { th.num { (l) } }
                    th.num { "Change" } th { "Trend" }
                } }
                tbody {
                    @for c in &r.causes {
                        tr {
                            td { (u(&c.name)) }
                            @for v in &c.severities { td.num { (numfmt::score(*v)) } }
                            td class=(change_class(c.total_change.map(|x| -x))) { (change(c.total_change)) }
                            td { (svg::sparkline(&c.severities)) }
                        }
                    }
                }
            }
            p.note { "Severity per wave (0–100), largest change first; a falling severity is good news (green)." }
            h3 { "Top root causes per wave" }
            table {
                thead { tr { th { "Wave" } th { "1" } th { "2" } th { "3" } } }
                tbody {
                    @for w in &r.waves {
                        tr {
                            td.nowrap { (u(&w.label)) }
                            @for i in 0..3 {
                                td { @if let Some(c) = w.top_causes.get(i) { (u(&c.name)) " " span.sev { (svg::n1(c.severity)) } } }
                            }
                        }
                    }
                }
            }
    }
}
