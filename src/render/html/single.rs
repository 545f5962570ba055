//! The report on one respondent: summary cards, dimensions, the ladder, root causes
//! with their evidence, findings, checklists, five whys and comments.

use super::charts::{causes_desc, dimension_chart, list_values, ties_caption};
use super::page::{Section, layout, meter, section, u, whys};
use crate::gates::GateSummary;
use crate::numfmt::{self, plural};
use crate::render::svg::{self, Bar, RadarSeries, Style};
use crate::report::{DimensionRow, LadderInfo, SingleReport, ranking};
use maud::{Markup, html};

/// The page for one respondent.
pub(super) fn page(r: &SingleReport, gates: Option<&GateSummary>) -> Markup {
    let name = r.respondent.name.as_deref().map(u);
    let title = format!(
        "{}: {}",
        u(&r.questionnaire.title),
        name.unwrap_or_else(|| "one respondent".into())
    );
    layout(&title, header(r), gates, sections(r))
}

fn header(r: &SingleReport) -> Markup {
    let q = &r.questionnaire;
    let p = &r.respondent;
    let name = p.name.as_deref().map(u);
    let role = p.role_name.as_deref().or(p.role.as_deref()).map(u);
    let mut who: Vec<String> = vec![name.unwrap_or_else(|| "Anonymous respondent".to_string())];
    who.extend(role);
    who.extend(p.date.as_deref().map(u));
    let counts = p.counts();
    html! {
        p.kicker { "Alignment report · one respondent" }
        h1 { (u(&q.title)) }
        p.meta { (who.join(" · ")) }
        p.small {
            (counts) " of " (p.questions) " questions; "
            @if p.complete { "complete." } @else { strong { "incomplete" } ": scores use the answers given." }
            " Questionnaire " (u(&q.id)) " " (u(&q.version)) "."
            @if let Some(f) = &p.file { " File: " (u(f)) }
        }
    }
}

/// The page's sections, in order; those with nothing to show are left out.
fn sections(r: &SingleReport) -> Vec<Section> {
    let mut sections = vec![
        section("summary", "Summary", summary(r)),
        section("dimensions", "Dimensions", dimensions(&r.dimensions)),
    ];
    if let Some(l) = &r.ladder {
        sections.push(section(
            "ladder",
            format!("Self-described level: {}", u(&l.name)),
            ladder(l),
        ));
    }
    sections.push(section(
        "causes",
        "Root causes, most severe first",
        causes(r),
    ));
    if !r.findings.is_empty() {
        sections.push(section("findings", "Findings", findings(r)));
    }
    if !r.checklists.is_empty() {
        sections.push(section("checklist", "Checklist", checklists(r)));
    }
    if !r.five_whys.is_empty() {
        sections.push(section("five-whys", "Five whys", five_whys(r)));
    }
    if !r.comments.is_empty() {
        sections.push(section("comments", "In their words", comments(r)));
    }
    sections
}

/// Where the respondent puts the relationship on the ladder today and wants it.
fn ladder(l: &LadderInfo) -> Markup {
    let has_bench = l.steps.iter().any(|s| s.benchmark.is_some());
    let gap = match l.gap {
        Some(0) => "Today is where the respondent wants to be.".to_string(),
        Some(g) if g > 0 => format!(
            "Gap: {} between today and the wish.",
            plural(g as usize, "step", "steps")
        ),
        Some(g) => format!(
            "Gap: the respondent wants {} less integration than today.",
            plural((-g) as usize, "step", "steps")
        ),
        None => "Gap: not known (a ladder question was not answered).".to_string(),
    };
    html! {
        table.ladder {
            thead { tr {
                th.num { "#" } th { "Step" } th { "Today" } th { "Wanted" }
                @if has_bench { th.num { "Survey: wanted" } }
            } }
            tbody {
                @for (i, s) in l.steps.iter().enumerate() {
                    @let n = i + 1;
                    tr.today[l.current == Some(n)] .wish[l.desired == Some(n)] {
                        td.num { (n) }
                        td { (u(&s.label)) }
                        td { @if l.current == Some(n) { span.mark.today { "◆ today" } } }
                        td { @if l.desired == Some(n) { span.mark.wish { "◇ wanted" } } }
                        @if has_bench { td.num { (numfmt::share(s.benchmark)) } }
                    }
                }
            }
        }
        p { strong { (gap) } }
        @if let Some(n) = &l.benchmark_note { p.note { "Survey: " (u(n)) } }
    }
}

fn findings(r: &SingleReport) -> Markup {
    html! {
        @for f in &r.findings {
            div.finding { h3 { (u(&f.name)) } p { (u(&f.insight)) } }
        }
    }
}

fn checklists(r: &SingleReport) -> Markup {
    html! {
        @for c in &r.checklists {
            p { strong { (u(&c.text)) } }
            @if !c.answered {
                p { "Not answered." }
            } @else {
                ul.checklist {
                    @for i in &c.items {
                        @if i.ticked {
                            li.ticked { span.box aria-hidden="true" { "☑" } span.visually-hidden { "Ticked: " } (u(&i.label)) }
                        } @else {
                            li.unticked { span.box aria-hidden="true" { "☐" } span.visually-hidden { "Not ticked: " } (u(&i.label)) }
                        }
                    }
                }
            }
        }
    }
}

fn five_whys(r: &SingleReport) -> Markup {
    html! {
        @for ch in &r.five_whys {
            div.chain {
                (whys(&ch.symptom, &ch.whys, ch.cause_name.as_deref()))
            }
        }
    }
}

fn comments(r: &SingleReport) -> Markup {
    html! {
        @for c in &r.comments {
            p.small { (u(&c.text)) }
            blockquote { "“" (u(&c.answer)) "”" }
        }
    }
}

fn summary(r: &SingleReport) -> Markup {
    html! {
        div.cards {
            @if let Some(l) = r.level.as_ref().filter(|l| l.basis == "raw") {
                div.card {
                    p.label { "Raw total" }
                    p.value { (r.raw_total.map_or("–".into(), numfmt::short)) span.unit { " of " (numfmt::whole(l.scale_min)) "–" (numfmt::whole(l.scale_max)) } }
                }
            }
            div.card {
                p.label { "Overall score" }
                p.value { (numfmt::score(r.overall)) span.unit { " / 100" } }
                (meter(r.overall))
            }
            @if let Some(l) = &r.level {
                div.card {
                    p.label { "Level" }
                    p.value.word { (u(&l.name)) }
                    p.sub { "Step " (l.step) " of " (l.of)
                        @if l.basis == "raw" { " (raw total " (numfmt::short(l.value)) " in " (numfmt::whole(l.min)) "–" (numfmt::whole(l.max)) ")" } }
                    @if !l.description.is_empty() { p.sub { (u(&l.description)) } }
                    @if let Some(h) = crate::render::markup::level_held_back(l) { p.sub { (u(&h)) } }
                }
            }
            @if let Some(l) = &r.ladder {
                div.card {
                    p.label { "Today → wanted" }
                    p.value.word {
                        span.mark.today { "◆ " (l.current.map(|c| c.to_string()).unwrap_or_else(|| "?".into())) }
                        " → "
                        span.mark.wish { "◇ " (l.desired.map(|c| c.to_string()).unwrap_or_else(|| "?".into())) }
                        span.unit { " of " (l.steps.len()) }
                    }
                    p.sub { @match l.gap {
                        Some(g) => { "Gap: " (plural(g.unsigned_abs() as usize, "step", "steps")) @if g < 0 { " (wants less)" } },
                        None => "Gap not known",
                    } }
                }
            }
            @if let Some(o) = &r.own_cause {
                div.card {
                    p.label { "Your root cause (five whys)" }
                    p.value.word { (u(&o.name)) }
                    p.sub { "Ranked " (o.rank) " of " (o.of) " by the scoring" }
                }
            }
            @if let Some(c) = r.causes.first().filter(|_| r.ranking.tied_top <= 1) {
                div.card {
                    p.label { "Most severe root cause" }
                    p.value.word { (u(&c.name)) }
                    p.sub { "Severity " (svg::n1(c.severity)) " / 100" }
                }
            } @else if !r.causes.is_empty() {
                div.card {
                    p.label { "Most severe root cause" }
                    p.value.word { @if r.ranking.separated { (r.ranking.tied_top) " tied" } @else { "Not separated" } }
                    p.sub { "Within " (numfmt::short(r.ranking.tie_points)) " points of each other" }
                }
            }
        }
    }
}

fn dimensions(dims: &[DimensionRow]) -> Markup {
    let levels = dims.iter().any(|d| d.level.is_some());
    let names: Vec<String> = dims.iter().map(|d| u(&d.name)).collect();
    let values: Vec<Option<f64>> = dims.iter().map(|d| d.score).collect();
    let desc = format!(
        "Dimension scores from 0 to 100: {}.",
        list_values(&names, &values)
    );
    let chart = dimension_chart(
        "dimensions-chart",
        "Dimension scores (radar)",
        &desc,
        &names,
        vec![RadarSeries {
            key: "respondent".into(),
            style: Style {
                width: 4.0,
                dash: None,
                marker: svg::Marker::Circle,
                ..svg::style(0)
            },
            values: values.clone(),
            fill: true,
        }],
    );
    html! {
        div.split {
            figure {
                (chart)
                figcaption { "Each axis is one dimension, 0 at the centre and 100 at the rim. The table has the same figures." }
            }
            table {
                thead { tr { th { "Dimension" } th.num { "Score" } @if levels { th { "Level" } } th.num { "Answered" } } }
                tbody {
                    @for d in dims {
                        tr {
                            td { (u(&d.name)) }
                            td.num { (numfmt::score(d.score)) }
                            @if levels { td { (d.level.as_deref().map(u).unwrap_or_else(|| "–".into())) } }
                            td.num { (d.answered) "/" (d.questions) }
                        }
                    }
                }
            }
        }
    }
}

fn causes(r: &SingleReport) -> Markup {
    if r.causes.is_empty() {
        return html! { p { "No root cause received evidence from the answers given." } };
    }
    let bars: Vec<Bar> = r
        .causes
        .iter()
        .map(|c| Bar {
            label: format!("{}. {}", ranking::rank_label(c, &r.ranking), u(&c.name)),
            value: c.severity,
            note: c.own.then(|| "yours".to_string()),
            // Only a top the answers actually single out is coloured.
            highlight: c.tied_with_top && r.ranking.separated,
        })
        .collect();
    let desc = causes_desc(
        r.causes
            .iter()
            .map(|c| (c.rank, c.name.as_str(), c.severity)),
    );
    html! {
        figure {
            (svg::hbars("causes-chart", "Root causes by severity", &desc, &bars))
            figcaption { (causes_caption(r)) }
        }
        @if let Some(o) = &r.own_cause {
            p.own { strong { "Your root cause (five whys): " } (u(&o.name)) ". " (u(&o.note)) }
        }
        @if let Some(n) = &r.ranking.note {
            p.note { (u(n)) }
        }
        @if r.causes.len() < r.causes_ranked {
            p.note { "Showing the top " (r.causes.len()) " of " (r.causes_ranked) " ranked causes." }
        }
        @for c in &r.causes {
            article.cause {
                h3 { span.rank { (ranking::rank_label(c, &r.ranking)) } (u(&c.name)) @if c.own { " (yours)" } span.sev { "severity " (svg::n1(c.severity)) } }
                p { (u(&c.explanation)) }
                p.small { "Severity " (u(&ranking::support_text(c))) "." }
                @if !c.evidence.is_empty() {
                    h4 { "Evidence" }
                    ul {
                        @for e in &c.evidence {
                            li { (u(&e.text)) " → " strong { (u(&e.answer)) } span.small { " (+" (numfmt::whole(e.amount)) " of " (numfmt::whole(e.possible)) ")" } }
                        }
                    }
                }
                h4 { "What to do" }
                ul { @for rem in &c.remedies { li { (u(rem)) } } }
                @if !c.sources.is_empty() {
                    p.small { "Sources: " (c.sources.iter().map(|s| u(s)).collect::<Vec<_>>().join("; ")) }
                }
            }
        }
    }
}

/// The chart's caption: what the red bars are, which depends on the ties.
fn causes_caption(r: &SingleReport) -> String {
    ties_caption(
        "Severity is the share of the possible evidence the answers gave, 0 to 100.",
        &r.ranking,
    )
}
