//! HTML: one self-contained page (inline CSS and SVG, no script, nothing fetched) for a
//! projector, a browser or paper. Built with maud, which escapes every interpolated
//! string; user text is also passed through [`plain`] so control characters and
//! bidirectional overrides cannot reach the page.

use super::Document;
use super::Renderer;
use super::svg::{self, Bar, DotRow, Line, PairRow, RadarSeries, Style};
use crate::error::Result;
use crate::gates::{Action, GateSummary, Status};
use crate::numfmt::{self, pct, plural};
use crate::report::group::{
    self, ChainTag, GroupReport, RoleRef, Scope, discuss_spread, notable_gap,
};
use crate::report::trend::{TrendReport, VISIBLE_CHANGE};
use crate::report::{DimensionRow, Report, SingleReport, ranking};
use crate::sanitize::plain;
use maud::{DOCTYPE, Markup, PreEscaped, html};

/// HTML: a complete page, ending in a newline.
pub struct Html;

impl Renderer for Html {
    fn file_name(&self) -> &'static str {
        "report.html"
    }

    fn render(&self, doc: &Document) -> Result<String> {
        let page = match &doc.report {
            Report::Single(r) => single(r, doc.gates.as_ref()),
            Report::Group(r) => group(r, doc.gates.as_ref()),
            Report::Trend(r) => trend(r, doc.gates.as_ref()),
        };
        let mut s = page.into_string();
        s.push('\n');
        Ok(s)
    }
}

/// No network at all: styles only from the page itself, images only as data URLs.
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const CSS: &str = r#"
:root { --ink: #111111; --muted: #4b5563; --line: #c9ced6; --soft: #f3f4f6; --accent: #0B5CAD; --bad: #B91C1C; --warn: #92400E; --good: #166534; }
* { box-sizing: border-box; }
html { font-size: 20px; -webkit-text-size-adjust: 100%; }
body { margin: 0 auto; max-width: 1240px; padding: 1.2rem 2rem 3rem; color: var(--ink); background: #ffffff;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif; line-height: 1.45; }
h1 { font-size: 2.1rem; line-height: 1.15; margin: 0.2rem 0 0.4rem; }
h2 { font-size: 1.5rem; margin: 2.4rem 0 0.8rem; padding-bottom: 0.25rem; border-bottom: 3px solid var(--ink); }
h3 { font-size: 1.15rem; margin: 1.3rem 0 0.4rem; }
h4 { font-size: 1rem; margin: 0.8rem 0 0.2rem; }
p { margin: 0.4rem 0; }
.kicker { text-transform: uppercase; letter-spacing: 0.06em; font-weight: 700; color: var(--accent); margin: 0; font-size: 0.9rem; }
.meta { font-size: 1.1rem; font-weight: 600; }
.small, .note, figcaption { color: var(--muted); font-size: 0.9rem; }
header { border-bottom: 1px solid var(--line); padding-bottom: 0.8rem; }
nav ul { list-style: none; padding: 0; margin: 0.8rem 0 0; display: flex; flex-wrap: wrap; gap: 0.3rem 1.1rem; font-size: 0.9rem; }
nav a { color: var(--accent); }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(13rem, 1fr)); gap: 0.9rem; margin: 1.2rem 0 0; }
.card { border: 2px solid var(--line); border-radius: 10px; padding: 0.7rem 0.9rem; background: #ffffff; }
.card .label { margin: 0; font-size: 0.85rem; font-weight: 700; color: var(--muted); text-transform: uppercase; letter-spacing: 0.04em; }
.card .value { margin: 0.15rem 0; font-size: 2.4rem; font-weight: 800; line-height: 1.1; }
.card .value .unit { font-size: 1rem; font-weight: 600; color: var(--muted); }
.card .word { font-size: 1.35rem; font-weight: 800; line-height: 1.2; }
.card .sub { margin: 0; font-size: 0.9rem; color: var(--muted); }
.card.role { border-left-width: 10px; }
.meter { display: block; height: 0.7rem; background: #e5e7eb; border-radius: 4px; overflow: hidden; min-width: 4rem; }
.meter > span { display: block; height: 100%; background: var(--accent); }
table { border-collapse: collapse; width: 100%; margin: 0.6rem 0 1rem; font-size: 0.95rem; }
th, td { text-align: left; padding: 0.35rem 0.55rem; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { border-bottom: 3px solid var(--ink); background: var(--soft); font-size: 0.9rem; }
td.nowrap { white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.bar { width: 18%; vertical-align: middle; }
tr.overall td { font-weight: 800; }
tr.today td, tr.wish td { background: #eef4fb; }
.mark { font-weight: 800; white-space: nowrap; }
.mark.today { color: var(--bad); }
.mark.wish { color: var(--accent); }
.flag { color: var(--bad); font-weight: 800; }
.up { color: var(--good); font-weight: 700; }
.down { color: var(--bad); font-weight: 700; }
figure { margin: 0.6rem 0 1.2rem; }
figure svg.chart { width: 100%; height: auto; display: block; }
svg text { font-family: inherit; }
figure.radar { max-width: 920px; margin-left: auto; margin-right: auto; }
figure.radar .legend { justify-content: center; }
.split { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); gap: 1.5rem; align-items: start; }
.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 0.4rem 1.3rem; padding: 0; margin: 0.4rem 0; font-size: 0.95rem; color: var(--ink); }
.legend li { display: flex; align-items: center; gap: 0.4rem; }
.legend svg { flex: none; }
.cause, .finding, .chain, .gatebox { border: 2px solid var(--line); border-radius: 10px; padding: 0.5rem 1rem 0.7rem; margin: 0.8rem 0; }
.cause h3, .finding h3 { margin-top: 0.3rem; }
.rank { display: inline-block; min-width: 1.8rem; text-align: center; background: var(--ink); color: #ffffff; border-radius: 6px; margin-right: 0.5rem; padding: 0 0.3rem; }
.sev { font-weight: 600; color: var(--muted); font-size: 0.95rem; margin-left: 0.5rem; white-space: nowrap; }
.why { font-weight: 600; color: var(--muted); font-size: 0.95rem; }
.whom { font-size: 0.9rem; color: var(--muted); font-weight: 600; }
ul.checklist { list-style: none; padding: 0; }
ul.checklist li { padding: 0.2rem 0; }
.box { display: inline-block; width: 1.3rem; font-weight: 800; }
li.ticked .box { color: var(--bad); }
li.unticked { color: var(--muted); }
ol.whys { list-style: none; margin: 0.3rem 0 0; padding: 0; }
ol.whys li { position: relative; padding: 0.25rem 0 0.25rem 1.4rem; border-left: 4px solid var(--line); margin-left: 0.6rem; }
ol.whys li .k { font-weight: 800; margin-right: 0.4rem; }
ol.whys li.root { border-left-color: var(--bad); }
ol.whys li.root .k { color: var(--bad); }
.gatebox.failed { border-color: var(--bad); border-width: 4px; }
.gatebox.warned { border-color: #B45309; border-width: 4px; }
.gatebox.passed { border-color: var(--good); border-width: 4px; }
.gatebox h2 { margin-top: 0.6rem; border: 0; }
.status { font-weight: 800; }
.status.fail { color: var(--bad); }
.status.warn { color: var(--warn); }
.status.pass { color: var(--good); }
blockquote { margin: 0.3rem 0 1rem; padding: 0.2rem 1rem; border-left: 4px solid var(--accent); font-size: 1.05rem; }
.dist { margin: 0.3rem 0 1.3rem; }
.dist .row { display: grid; grid-template-columns: minmax(7rem, 11rem) minmax(0, 1fr); gap: 0.6rem; align-items: center; margin: 0.2rem 0; }
.dist .who { font-size: 0.85rem; font-weight: 600; }
.dist .stack { display: flex; height: 1.5rem; border: 1px solid var(--line); border-radius: 4px; overflow: hidden; background: #ffffff; }
.dist .seg { display: flex; align-items: center; justify-content: center; font-size: 0.8rem; font-weight: 700; color: #ffffff; overflow: hidden; white-space: nowrap; min-width: 0; }
.dist .seg.light { color: var(--ink); }
.dist .key { list-style: none; display: flex; flex-wrap: wrap; gap: 0.2rem 1rem; padding: 0; margin: 0.3rem 0 0; font-size: 0.8rem; }
.dist .key i { display: inline-block; width: 0.8rem; height: 0.8rem; border-radius: 2px; margin-right: 0.3rem; vertical-align: -0.1rem; border: 1px solid var(--line); }
ul.words { padding-left: 1.2rem; }
ul.words li { margin: 0.3rem 0; }
ul.words .whom { margin-left: 0.4rem; }
footer { margin-top: 3rem; padding-top: 0.6rem; border-top: 1px solid var(--line); color: var(--muted); font-size: 0.85rem; }
@media (max-width: 900px) { html { font-size: 18px; } .split { grid-template-columns: 1fr; } body { padding: 1rem; } }
/* Phones: the page never scrolls sideways. A table wider than the screen scrolls inside
   itself (display: block keeps its rows a table), and a chart keeps a width at which its
   smallest label (15 of 900 units) is at least 11 px, scrolling inside its figure. */
body { overflow-wrap: break-word; }
@media screen and (max-width: 700px) {
  html { font-size: 16px; }
  body { padding: 0.8rem; }
  table { display: block; max-width: 100%; overflow-x: auto; }
  figure { overflow-x: auto; }
  figure svg.chart { min-width: 680px; }
  .cards { grid-template-columns: 1fr; }
  .sev { white-space: normal; }
  nav ul { gap: 0.3rem 0.8rem; }
}
@page { size: A4; margin: 14mm 12mm; }
@media print {
  html { font-size: 10.5pt; }
  body { max-width: none; padding: 0; }
  nav { display: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  .dist, tr, figure, svg.chart, .card, .cause, .finding, .chain, .gatebox, blockquote, li { break-inside: avoid; page-break-inside: avoid; }
  /* A chart stays with the heading and sentence that introduce it. */
  h3 + figure, p + figure { break-before: avoid; page-break-before: avoid; }
  thead { display: table-header-group; }
  .split { grid-template-columns: 1fr; }
  figure svg.chart { max-width: 170mm; max-height: 200mm; margin: 0 auto; }
  a { color: inherit; text-decoration: none; }
}
"#;

/// Untrusted text for the page: no control characters, no bidi overrides. maud escapes
/// the rest.
fn u(s: &str) -> String {
    plain(s)
}

/// A change in points: `+1.2`, `−1.2` (a true minus sign) or `0.0`.
fn signed(v: f64) -> String {
    numfmt::signed(v, numfmt::Sign::Typographic)
}

fn change_class(v: Option<f64>) -> &'static str {
    match v {
        Some(v) if v >= VISIBLE_CHANGE => "num up",
        Some(v) if v <= -VISIBLE_CHANGE => "num down",
        _ => "num",
    }
}

fn change(v: Option<f64>) -> String {
    numfmt::change(v, numfmt::Sign::Typographic)
}

fn meter(v: Option<f64>) -> Markup {
    html! {
        span.meter aria-hidden="true" {
            @if let Some(v) = v {
                span style=(format!("width: {}%", svg::n1(v.clamp(0.0, 100.0)))) {}
            }
        }
    }
}

/// A page section: its id (for the contents), heading and body.
struct Section {
    id: &'static str,
    title: String,
    body: Markup,
}

fn section(id: &'static str, title: impl Into<String>, body: Markup) -> Section {
    Section {
        id,
        title: title.into(),
        body,
    }
}

fn page(
    title: &str,
    header: Markup,
    gates: Option<&GateSummary>,
    sections: Vec<Section>,
) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(CSP);
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content="tandem";
                meta name="color-scheme" content="light";
                title { (title) }
                style { (PreEscaped(CSS)) }
            }
            body {
                header {
                    (header)
                    nav aria-label="Sections" {
                        ul {
                            @if gates.is_some() { li { a href="#gates" { "Gates" } } }
                            @for s in &sections { li { a href=(format!("#{}", s.id)) { (s.title) } } }
                        }
                    }
                }
                main {
                    @if let Some(g) = gates { (gates_box(g)) }
                    @for s in &sections {
                        section id=(s.id) aria-labelledby=(format!("{}-h", s.id)) {
                            h2 id=(format!("{}-h", s.id)) { (s.title) }
                            (s.body)
                        }
                    }
                }
                footer {
                    p { "Made by tandem, the sales and marketing alignment diagnostic. This page is self-contained: no scripts, nothing loaded from the network." }
                }
            }
        }
    }
}

fn gates_box(g: &GateSummary) -> Markup {
    let (class, verdict) = if !g.passed {
        (
            "failed",
            format!(
                "Gates: FAILED ({} failed, {})",
                g.failed,
                plural(g.warned, "warning", "warnings")
            ),
        )
    } else if g.warned > 0 {
        (
            "warned",
            format!(
                "Gates: passed with {}",
                plural(g.warned, "warning", "warnings")
            ),
        )
    } else {
        ("passed", "Gates: passed".to_string())
    };
    html! {
        section #gates .gatebox .(class) aria-labelledby="gates-h" {
            h2 #gates-h { (verdict) }
            table {
                thead { tr { th { "Rule" } th { "On failure" } th { "Expected" } th { "Found" } th { "Result" } } }
                tbody {
                    @for r in &g.results {
                        tr {
                            td { (u(&r.rule)) }
                            td { (match r.action { Action::Fail => "fail", Action::Warn => "warn" }) }
                            td { (u(&r.expected)) }
                            td { (u(&r.found)) }
                            @match r.status {
                                Status::Pass => td { span.status.pass { "✓ pass" } },
                                Status::Warn => td { span.status.warn { "⚠ WARN" } },
                                Status::Fail => td { span.status.fail { "✗ FAIL" } },
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Dimension scores as a radar (three or more dimensions) or as bars.
fn dimension_chart(
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

fn list_values(names: &[String], values: &[Option<f64>]) -> String {
    names
        .iter()
        .zip(values)
        .map(|(n, v)| format!("{n} {}", numfmt::score(*v)))
        .collect::<Vec<_>>()
        .join("; ")
}

fn single(r: &SingleReport, gates: Option<&GateSummary>) -> Markup {
    let q = &r.questionnaire;
    let p = &r.respondent;
    let name = p.name.as_deref().map(u);
    let role = p.role_name.as_deref().or(p.role.as_deref()).map(u);
    let mut who: Vec<String> = vec![
        name.clone()
            .unwrap_or_else(|| "Anonymous respondent".to_string()),
    ];
    who.extend(role.clone());
    who.extend(p.date.as_deref().map(u));
    let counts = p.counts();
    let title = format!(
        "{}: {}",
        u(&q.title),
        name.clone().unwrap_or_else(|| "one respondent".into())
    );
    let header = html! {
        p.kicker { "Alignment report · one respondent" }
        h1 { (u(&q.title)) }
        p.meta { (who.join(" · ")) }
        p.small {
            (counts) " of " (p.questions) " questions; "
            @if p.complete { "complete." } @else { strong { "incomplete" } ": scores use the answers given." }
            " Questionnaire " (u(&q.id)) " " (u(&q.version)) "."
            @if let Some(f) = &p.file { " File: " (u(f)) }
        }
    };

    let mut sections = Vec::new();
    sections.push(section("summary", "Summary", single_summary(r)));
    sections.push(section(
        "dimensions",
        "Dimensions",
        single_dimensions(&r.dimensions),
    ));
    if let Some(l) = &r.ladder {
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
        let body = html! {
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
        };
        sections.push(section(
            "ladder",
            format!("Self-described level: {}", u(&l.name)),
            body,
        ));
    }
    sections.push(section(
        "causes",
        "Root causes, most severe first",
        single_causes(r),
    ));
    if !r.findings.is_empty() {
        sections.push(section(
            "findings",
            "Findings",
            html! {
                @for f in &r.findings {
                    div.finding { h3 { (u(&f.name)) } p { (u(&f.insight)) } }
                }
            },
        ));
    }
    if !r.checklists.is_empty() {
        sections.push(section(
            "checklist",
            "Checklist",
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
            },
        ));
    }
    if !r.five_whys.is_empty() {
        sections.push(section(
            "five-whys",
            "Five whys",
            html! {
                @for ch in &r.five_whys {
                    div.chain {
                        (whys(&ch.symptom, &ch.whys, ch.cause_name.as_deref()))
                    }
                }
            },
        ));
    }
    if !r.comments.is_empty() {
        sections.push(section(
            "comments",
            "In their words",
            html! {
                @for c in &r.comments {
                    p.small { (u(&c.text)) }
                    blockquote { "“" (u(&c.answer)) "”" }
                }
            },
        ));
    }
    page(&title, header, gates, sections)
}

fn whys(symptom: &str, whys: &[String], cause: Option<&str>) -> Markup {
    html! {
        ol.whys {
            li.symptom { span.k { "Symptom:" } (u(symptom)) }
            @for (i, y) in whys.iter().enumerate() {
                li { span.k { "Why? " (i + 1) } (u(y)) }
            }
            li.root {
                span.k { "Root cause:" }
                @match cause { Some(c) => (u(c)), None => "not tagged" }
            }
        }
    }
}

fn single_summary(r: &SingleReport) -> Markup {
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

fn single_dimensions(dims: &[DimensionRow]) -> Markup {
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

fn single_causes(r: &SingleReport) -> Markup {
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

fn group_causes_caption(r: &crate::report::RankingInfo) -> String {
    ties_caption(
        "Severity pooled over the group, 0 to 100; on the right, how many respondents have \
         the cause among their own three most severe.",
        r,
    )
}

fn ties_caption(base: &str, r: &crate::report::RankingInfo) -> String {
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

fn causes_desc<'a>(cs: impl Iterator<Item = (usize, &'a str, f64)>) -> String {
    let items: Vec<String> = cs
        .map(|(rank, name, sev)| format!("{rank}. {} {}", u(name), svg::n1(sev)))
        .collect();
    format!(
        "Root causes ranked by severity, 0 to 100: {}.",
        items.join("; ")
    )
}

/// A scope's display name in a group report.
fn role_name(r: &GroupReport, s: &Scope) -> String {
    u(&r.label(s))
}

/// Each role's chart style, by its position among the roles present.
fn role_style(r: &GroupReport, s: &Scope) -> Style {
    match r.roles.iter().position(|x| &x.id == s) {
        Some(i) => svg::style(i),
        None => svg::GROUP,
    }
}

/// A light blue behind a share, darker for a larger share; text stays dark on it (AA).
pub(super) fn heat(ticked: usize, answered: usize) -> Option<String> {
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

fn group(r: &GroupReport, gates: Option<&GateSummary>) -> Markup {
    let q = &r.questionnaire;
    let title = format!("{}: {}", u(&q.title), u(&r.kind()));
    let kicker = match &r.wave {
        Some(w) if !w.is_empty() => format!("Wave {} · ", u(w)),
        Some(_) => "Wave report · ".to_string(),
        None => "Workshop report · ".to_string(),
    };
    let header = html! {
        p.kicker { (kicker) (plural(r.respondents, "respondent", "respondents")) }
        h1 { (u(&q.title)) }
        p.meta { (u(&r.respondents_line())) }
        p.small {
            @if r.incomplete > 0 { (r.incomplete) " incomplete: their scores use the answers they gave. " }
            "Questionnaire " (u(&q.id)) " " (u(&q.version)) "."
            @if let Some(note) = r.privacy_note() { " " (u(&note)) }
        }
    };
    let mut sections = vec![
        section("summary", "Summary", group_summary(r)),
        section("dimensions", "Scores by role", group_dimensions(r)),
    ];
    if !r.perception_gap.is_empty() || !r.role_vs_rest.is_empty() {
        sections.push(section(
            "gaps",
            "Where the roles see the company differently",
            group_gaps(r),
        ));
    }
    sections.push(section(
        "disagreement",
        "Where people disagree",
        group_spread(r),
    ));
    sections.push(section(
        "causes",
        "Root causes for the group",
        group_causes(r),
    ));
    if !r.findings.is_empty() {
        sections.push(section(
            "findings",
            "Findings",
            html! {
                @for f in &r.findings {
                    @let whom: Vec<String> = r.holds_for(f, true).iter().map(|x| u(x)).collect();
                    div.finding {
                        h3 { (u(&f.name)) }
                        p.whom { "Holds for: " (whom.join(", ")) }
                        p { (u(&f.insight)) }
                    }
                }
            },
        ));
    }
    if !r.checklists.is_empty() {
        sections.push(section(
            "checklist",
            "Checklist by role",
            group_checklists(r),
        ));
    }
    if let Some(l) = &r.ladder {
        sections.push(section(
            "ladder",
            format!("Self-described level: {}", u(&l.name)),
            group_ladder(r, l),
        ));
    }
    if !r.five_whys.is_empty() {
        sections.push(section(
            "five-whys",
            "Five whys, by the root cause they end at",
            html! {
                @for g in &r.five_whys {
                    h3 { (u(&g.cause_name)) " " span.sev { "(" (plural(g.chains.len(), "chain", "chains")) ")" } }
                    @let cause = (g.cause != ChainTag::Untagged).then_some(g.cause_name.as_str());
                    @for c in g.chains.iter().take(group::CHAINS_SHOWN) {
                        div.chain {
                            p.whom {
                                @match &c.respondent {
                                    Some(n) => { (u(n)) " (" (u(&r.label_of(&c.role))) ")" },
                                    None => (u(&r.label_of(&c.role))),
                                }
                            }
                            (whys(&c.symptom, &c.whys, cause))
                        }
                    }
                    @if g.chains.len() > group::CHAINS_SHOWN {
                        p.note { (super::markup::more_chains(g.chains.len())) }
                    }
                }
            },
        ));
    }
    if !r.discussion.is_empty() {
        sections.push(section(
            "discussion",
            "Questions for the room",
            group_discussion(r),
        ));
    }
    if !r.free_text.is_empty() {
        sections.push(section(
            "own-words",
            "In their own words",
            group_free_text(r),
        ));
    }
    if !r.answers.is_empty() {
        sections.push(section(
            "answers",
            "Answers by question and role",
            group_answers(r),
        ));
    }
    if !r.people.is_empty() {
        sections.push(section("respondents", "Respondents", group_people(r)));
    }
    page(&title, header, gates, sections)
}

fn group_summary(r: &GroupReport) -> Markup {
    let top_gap = r.perception_gap.first().zip(r.compared.as_ref());
    html! {
        div.cards {
            div.card {
                p.label { "Group overall" }
                p.value { (numfmt::score(r.overall)) span.unit { " / 100" } }
                (meter(r.overall))
                @if let Some(raw) = r.raw_total { p.sub { "Mean raw total: " strong { (numfmt::short(raw)) } } }
                @if let Some(l) = &r.level { p.sub { "Level: " strong { (u(l)) } } }
            }
            @for x in &r.roles {
                @let s = role_style(r, &x.id);
                div.card.role style=(format!("border-left-color: {}", s.color)) {
                    p.label { (u(&x.name)) " · " (x.respondents) }
                    p.value { (numfmt::score(x.overall)) span.unit { " / 100" } }
                    @if let Some(l) = &x.level { p.sub { "Level: " (u(l)) } }
                }
            }
            @if let Some((g, (a, b))) = top_gap {
                div.card {
                    p.label { "Largest " (u(&a.in_sentence)) "–" (u(&b.in_sentence)) " gap" }
                    p.value.word { (u(&g.dimension_name)) }
                    p.sub { (u(&a.name)) " " (svg::n1(g.score)) ", " (u(&b.in_sentence)) " " (svg::n1(g.versus_score)) " (" (signed(g.gap)) ")" }
                }
            }
            @if let Some(c) = r.causes.first() {
                div.card {
                    p.label { "Most severe root cause" }
                    p.value.word { (u(&c.name)) }
                    p.sub { "Severity " (svg::n1(c.severity)) "; in the top 3 of " (c.in_top3) " of the " (c.with_evidence) " with evidence for it" }
                }
            }
        }
    }
}

/// One radar line per role and a thick one for the whole group, with their legend
/// (the HTML report and the slides draw the same chart).
pub(super) fn group_radar_series(r: &GroupReport) -> (Vec<RadarSeries>, Vec<(svg::Style, String)>) {
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

fn group_dimensions(r: &GroupReport) -> Markup {
    let names: Vec<String> = r.dimensions.iter().map(|d| u(&d.name)).collect();
    let (mut series, legend) = group_radar_series(r);
    let desc =
        {
            let rows: Vec<String> =
                r.dimensions
                    .iter()
                    .map(|d| {
                        let mut parts = vec![format!("group {}", numfmt::score(d.score))];
                        parts.extend(d.by_role.iter().map(|x| {
                            format!("{} {}", role_name(r, &x.role), numfmt::score(x.score))
                        }));
                        format!("{}: {}", u(&d.name), parts.join(", "))
                    })
                    .collect();
            format!(
                "Mean dimension scores, 0 to 100, for the whole group and each role. {}.",
                rows.join("; ")
            )
        };
    let chart = if names.len() >= 3 {
        svg::radar(
            "dimensions-chart",
            "Dimension scores by role (radar)",
            &desc,
            &names,
            &series,
        )
    } else {
        dimension_chart(
            "dimensions-chart",
            "Dimension scores",
            &desc,
            &names,
            vec![series.pop().unwrap_or(RadarSeries {
                key: "group".into(),
                style: svg::GROUP,
                values: vec![],
                fill: false,
            })],
        )
    };
    html! {
        figure.radar {
            (chart)
            (svg::legend(&legend))
            figcaption { "One line per role and a thick black line for the whole group; each role also has its own dash pattern and marker. 0 at the centre, 100 at the rim." }
        }
        table {
            thead { tr {
                th { "Dimension" } th.num { "All" }
                @for x in &r.roles { th.num { (u(&x.name)) } }
                th.num { "Spread" }
            } }
            tbody {
                tr.overall {
                    td { "Overall" } td.num { (numfmt::score(r.overall)) }
                    @for x in &r.roles { td.num { (numfmt::score(x.overall)) } }
                    td {}
                }
                @for d in &r.dimensions {
                    tr {
                        td { (u(&d.name)) }
                        td.num { (numfmt::score(d.score)) }
                        @for x in &d.by_role { td.num { (numfmt::score(x.score)) } }
                        td.num {
                            @match d.spread {
                                Some(s) if d.discuss => span.flag { (svg::n1(s)) " ⚑" },
                                Some(s) => (svg::n1(s)),
                                None => "–",
                            }
                        }
                    }
                }
                tr {
                    td { "Level" } td { (r.level.as_deref().map(u).unwrap_or_else(|| "–".into())) }
                    @for x in &r.roles { td { (x.level.as_deref().map(u).unwrap_or_else(|| "–".into())) } }
                    td {}
                }
            }
        }
        p.note { (group::spread_note()) }
    }
}

fn group_gaps(r: &GroupReport) -> Markup {
    html! {
        @if let Some(pair) = &r.compared {
            (perception_gap(r, pair))
        }
        @if !r.role_vs_rest.is_empty() {
            h3 { "Each role against everyone else" }
            p.note { "The three largest gaps per role: the role's mean score against the mean of everyone else." }
            table {
                thead { tr { th { "Role" } th { "Dimension" } th.num { "Role" } th.num { "Rest" } th.num { "Gap" } } }
                tbody {
                    @for role in &r.roles {
                        @for g in r.top_gaps(&role.id) {
                            tr {
                                td { (u(&role.name)) }
                                td { (u(&g.dimension_name)) }
                                td.num { (svg::n1(g.score)) }
                                td.num { (svg::n1(g.versus_score)) }
                                td.num { (signed(g.gap)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The compared roles' styles and one row per dimension with their two scores (the
/// HTML report and the slides draw the same chart).
pub(super) fn perception_gap_rows(
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

/// The two compared roles' views side by side (empty unless both answered).
fn perception_gap(r: &GroupReport, pair: &(RoleRef, RoleRef)) -> Markup {
    let (a, b) = pair;
    let sm = &r.perception_gap;
    let (styles, rows) = perception_gap_rows(r, pair);
    let desc = format!(
        "{} and {} mean scores per dimension, largest gap first: {}.",
        u(&a.name),
        u(&b.in_sentence),
        sm.iter()
            .map(|g| format!(
                "{}: {} {}, {} {}",
                u(&g.dimension_name),
                u(&a.in_sentence),
                svg::n1(g.score),
                u(&b.in_sentence),
                svg::n1(g.versus_score)
            ))
            .collect::<Vec<_>>()
            .join("; ")
    );
    let versus = format!("{} versus {}", u(&a.name), u(&b.in_sentence));
    html! {
        @if !sm.is_empty() {
            h3 { (versus) }
            figure {
                (svg::dot_rows("gap-chart", &format!("{versus}, per dimension"), &desc, &rows, &styles))
                (svg::legend(&[(styles[0], u(&a.name)), (styles[1], u(&b.name))]))
                figcaption { "Each row joins the two sides' mean scores (0–100); the longer the line, the more they see the company differently. Bold: " (notable_gap()) " points or more." }
            }
            table {
                thead { tr { th { "Dimension" } th.num { (u(&a.name)) } th.num { (u(&b.name)) } th.num { "Gap" } } }
                tbody {
                    @for g in sm {
                        tr {
                            td { (u(&g.dimension_name)) }
                            td.num { (svg::n1(g.score)) }
                            td.num { (svg::n1(g.versus_score)) }
                            td.num { (signed(g.gap)) }
                        }
                    }
                }
            }
            @if let Some(sentence) = r.largest_gap_sentence() {
                p { strong { (u(&sentence)) } }
            }
        }
    }
}

fn group_spread(r: &GroupReport) -> Markup {
    let rows: Vec<DotRow> = r
        .dimensions
        .iter()
        .map(|d| DotRow {
            label: if d.discuss {
                format!("{} ⚑", u(&d.name))
            } else {
                u(&d.name)
            },
            dots: d.score.map(|s| vec![(s, 0)]).unwrap_or_default(),
            range: d.min.zip(d.max),
            flag: d.discuss,
        })
        .collect();
    let desc = format!(
        "{}, per dimension: {}.",
        if r.dimensions.iter().any(|d| d.min.is_some()) {
            "Lowest and highest respondent score and the mean"
        } else {
            "The mean and the spread"
        },
        r.dimensions
            .iter()
            .map(|d| format!(
                "{}: {}mean {}, spread {}",
                u(&d.name),
                // One person's lowest and highest: left out under privacy.
                match (d.min, d.max) {
                    (Some(lo), Some(hi)) => format!("{} to {}, ", numfmt::n1(lo), numfmt::n1(hi)),
                    _ => String::new(),
                },
                numfmt::score(d.score),
                numfmt::score(d.spread)
            ))
            .collect::<Vec<_>>()
            .join("; ")
    );
    let discuss = r.dimensions.iter().filter(|d| d.discuss).count();
    html! {
        figure {
            (svg::dot_rows("spread-chart", "Range of respondents' scores per dimension", &desc, &rows, &[svg::GROUP]))
            figcaption { "Each line runs from the lowest to the highest respondent's score; the dot is the group mean. ⚑ and a dark line: spread of " (discuss_spread()) " points or more." }
        }
        @if discuss == 0 {
            p { (group::no_disagreement()) }
        } @else {
            p { strong { (plural(discuss, "dimension has", "dimensions have")) " a spread of " (discuss_spread()) " points or more: worth discussing." } }
        }
        table {
            thead { tr { th { "Dimension" } th.num { "Mean" } th.num { "Lowest" } th.num { "Highest" } th.num { "Spread" } th.num { "Answered by" } } }
            tbody {
                @for d in &r.dimensions {
                    tr {
                        td { (u(&d.name)) @if d.discuss { " " span.flag { "⚑ discuss" } } }
                        td.num { (numfmt::score(d.score)) }
                        td.num { (numfmt::score(d.min)) }
                        td.num { (numfmt::score(d.max)) }
                        td.num { (numfmt::score(d.spread)) }
                        td.num { (d.answered_by) }
                    }
                }
            }
        }
    }
}

fn group_causes(r: &GroupReport) -> Markup {
    if r.causes.is_empty() {
        return html! { p { "No root cause received evidence from the answers given." } };
    }
    let bars: Vec<Bar> = r
        .causes
        .iter()
        .map(|c| Bar {
            label: format!(
                "{}. {}",
                ranking::group_rank_label(c, &r.ranking),
                u(&c.name)
            ),
            value: c.severity,
            note: Some(format!(
                "top 3 for {} of {} with evidence",
                c.in_top3, c.with_evidence
            )),
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
            (svg::hbars("causes-chart", "Root causes for the group by severity", &desc, &bars))
            figcaption { (group_causes_caption(&r.ranking)) }
        }
        @if let Some(n) = &r.ranking.note { p.note { (u(n)) } }
        table {
            thead { tr { th.num { "#" } th { "Root cause" } th.num { "Severity" } th.num { "In top 3 of (with evidence)" } th { "Roles" } } }
            tbody {
                @for c in &r.causes {
                    tr {
                        td.num { (ranking::group_rank_label(c, &r.ranking)) }
                        td { (u(&c.name)) }
                        td.num { (svg::n1(c.severity)) }
                        td.num { (c.in_top3) "/" (c.with_evidence) }
                        td { (c.in_top3_by_role.iter().map(|x| format!("{} {}", x.count, role_name(r, &x.role))).collect::<Vec<_>>().join(", ")) }
                    }
                }
            }
        }
        @if r.causes.len() < r.causes_ranked {
            p.note { "Showing the top " (r.causes.len()) " of " (r.causes_ranked) " ranked causes." }
        }
        @for c in r.causes.iter().take(3) {
            article.cause {
                h3 { span.rank { (c.rank) } (u(&c.name)) span.sev { "severity " (svg::n1(c.severity)) } }
                p { (u(&c.explanation)) }
                h4 { "What to do" }
                ul { @for rem in &c.remedies { li { (u(rem)) } } }
            }
        }
    }
}

fn group_checklists(r: &GroupReport) -> Markup {
    html! {
        @for c in &r.checklists {
            p { strong { (u(&c.text)) } }
            table.checks {
                thead { tr {
                    th { "Item" } th.num { "All" }
                    @for x in &r.roles { th.num { (u(&x.name)) } }
                } }
                tbody {
                    @for i in &c.items {
                        tr {
                            td { (u(&i.label)) }
                            td.num style=[heat(i.all.ticked, i.all.answered)] { (pct(i.all.ticked, i.all.answered)) }
                            @for s in &i.by_role {
                                td.num style=[heat(s.ticked, s.answered)] { (pct(s.ticked, s.answered)) }
                            }
                        }
                    }
                }
            }
            p.note { "Ticked by / answered; the darker the cell, the more people recognise the item." }
        }
    }
}

fn group_ladder(r: &GroupReport, l: &crate::report::group::GroupLadder) -> Markup {
    let bench = l.steps.iter().any(|s| s.benchmark.is_some());
    let all = r.ladder_all();
    let chart = all.map(|a| {
        let rows: Vec<PairRow> = l
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| PairRow {
                label: format!("{}. {}", i + 1, u(&s.label)),
                today: a.current.get(i).copied().unwrap_or(0),
                wish: a.desired.get(i).copied().unwrap_or(0),
                note: s.benchmark.map(|b| format!("survey {}%", numfmt::whole(b))),
            })
            .collect();
        let desc = format!(
            "Respondents per step, today and as the wish: {}.",
            rows.iter()
                .map(|p| format!("{}: {} today, {} wish", p.label, p.today, p.wish))
                .collect::<Vec<_>>()
                .join("; ")
        );
        svg::ladder_bars(
            "ladder-chart",
            "Where the room puts the relationship today and wishes it to be",
            &desc,
            &rows,
        )
    });
    html! {
        @if let Some(chart) = chart {
            figure {
                (chart)
                figcaption { "All respondents: " span.mark.today { "◆ today" } " in red, " span.mark.wish { "◇ wish" } " in blue."
                    @if bench { " On the right, the share of surveyed leaders who wished for that step." } }
            }
        }
        p.note { "Per role: how many put the relationship at each step today / wish it to be there." }
        table.ladder {
            thead { tr {
                th.num { "#" } th { "Step" }
                @for c in &l.counts { th.num { (role_name(r, &c.role)) } }
                @if bench { th.num { "Survey: wish" } }
            } }
            tbody {
                @for (i, s) in l.steps.iter().enumerate() {
                    tr {
                        td.num { (i + 1) }
                        td { (u(&s.label)) }
                        @for c in &l.counts {
                            td.num { (c.current.get(i).copied().unwrap_or(0)) " / " (c.desired.get(i).copied().unwrap_or(0)) }
                        }
                        @if bench { td.num { (numfmt::share(s.benchmark)) } }
                    }
                }
                tr.overall {
                    td {} td { "Mean gap, steps" }
                    @for c in &l.counts { td.num { (c.mean_gap.map(svg::n1).unwrap_or_else(|| "–".into())) } }
                    @if bench { td {} }
                }
            }
        }
        @if let Some(n) = &l.benchmark_note { p.note { "Survey: " (u(n)) } }
    }
}

/// The questionnaire's prompts for the largest gaps and the top causes.
fn group_discussion(r: &GroupReport) -> Markup {
    html! {
        p.note { "Prompts from the questionnaire for the largest gaps, the dimensions the room disagrees on and the three top root causes." }
        @for d in &r.discussion {
            div.prompt {
                h3 { (u(&d.name)) " " span.why { "(" (u(&d.why)) ")" } }
                ul { @for p in &d.prompts { li { (u(p)) } } }
            }
        }
    }
}

fn group_people(r: &GroupReport) -> Markup {
    let named = !r.anonymous;
    let raw = r.people.iter().any(|p| p.raw_total.is_some());
    let stage = raw && r.people.iter().any(|p| p.level.is_some());
    html! {
        table {
            thead { tr {
                th.num { "#" }
                @if named { th { "Respondent" } }
                th { "Role" } th { "Date" } th.num { "Overall" }
                @if raw { th.num { "Raw total" } }
                @if stage { th { "Level" } }
                th { "Complete" }
            } }
            tbody {
                @for p in r.people.iter().take(group::PEOPLE_SHOWN) {
                    tr {
                        td.num { (p.number) }
                        @if named { td { (p.name.as_deref().map(u).unwrap_or_else(|| "–".into())) } }
                        td { (role_name(r, &p.role)) }
                        td { (p.date.as_deref().map(u).unwrap_or_default()) }
                        td.num { (numfmt::score(p.overall)) }
                        @if raw { td.num { (p.raw_total.map_or("–".into(), numfmt::short)) } }
                        @if stage { td { (p.level.as_deref().map(u).unwrap_or_else(|| "–".into())) } }
                        td { @if p.complete { "yes" } @else { "no (" (p.missing) " unanswered)" } }
                    }
                }
            }
        }
        @if r.people.len() > group::PEOPLE_SHOWN {
            p.note { (super::markup::more_people(r.people.len())) }
        }
    }
}

fn trend(r: &TrendReport, gates: Option<&GateSummary>) -> Markup {
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
        section("summary", "Summary", trend_summary(r)),
        section("chart", "Scores over time", trend_chart(r, &labels)),
        section("waves", "Waves", trend_waves(r)),
        section("dimensions", "Dimensions", trend_dimensions(r, &labels)),
    ];
    if let Some(g) = &r.gap {
        let title = format!(
            "Perception gap: {} vs {}",
            u(&g.role_name),
            u(&g.versus_name)
        );
        sections.push(section("gap", &title, trend_gap(r, g, &labels)));
    }
    if r.last_step().is_some() {
        sections.push(section("moved", "What moved", trend_moved(r)));
    }
    sections.push(section(
        "causes",
        "Root causes over time",
        trend_causes(r, &labels),
    ));
    page(&title, header, gates, sections)
}

fn trend_summary(r: &TrendReport) -> Markup {
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

fn trend_chart(r: &TrendReport, labels: &[String]) -> Markup {
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
fn trend_gap(r: &TrendReport, g: &crate::report::trend::TrendGap, labels: &[String]) -> Markup {
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

fn trend_waves(r: &TrendReport) -> Markup {
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

fn trend_dimensions(r: &TrendReport, labels: &[String]) -> Markup {
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

fn trend_moved(r: &TrendReport) -> Markup {
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

fn trend_causes(r: &TrendReport, labels: &[String]) -> Markup {
    // The causes that were among a wave's three most severe, in the report's order.
    let tops: Vec<&crate::report::trend::TrendCause> = r
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

/// "In their own words": free-text answers by question, escaped, at most
/// `FREE_TEXT_SHOWN` per question with a pointer to the JSON and CSV for the rest.
fn group_free_text(r: &GroupReport) -> Markup {
    html! {
        @for q in &r.free_text {
            h3 { (u(&q.text)) " " span.sev { "(" (plural(q.answers.len(), "answer", "answers")) ")" } }
            ul.words {
                @for a in q.answers.iter().take(group::FREE_TEXT_SHOWN) {
                    li {
                        "“" (u(&a.text)) "”"
                        @if let Some(s) = &a.role { span.whom { "(" (role_name(r, s)) ")" } }
                    }
                }
            }
            @if q.answers.len() > group::FREE_TEXT_SHOWN {
                p.note { (super::markup::more_answers(q.answers.len())) }
            }
        }
    }
}

/// Fill colours for a question's answers: a red-to-blue ramp for a scale (low to
/// high), a fixed palette for choices; don't-know and unanswered in greys.
fn answer_colours(kind: &str, n: usize) -> Vec<&'static str> {
    const RAMP5: [&str; 5] = ["#B91C1C", "#F87171", "#D1D5DB", "#60A5FA", "#0B5CAD"];
    const PALETTE: [&str; 8] = [
        "#0B5CAD", "#B45309", "#166534", "#7C3AED", "#B91C1C", "#0E7490", "#A16207", "#4B5563",
    ];
    if kind == "scale" && n <= 5 {
        // Spread over the ramp so that the ends stay red and blue.
        (0..n)
            .map(|i| RAMP5[if n == 1 { 2 } else { i * 4 / (n - 1) }])
            .collect()
    } else if kind == "scale" {
        (0..n).map(|i| RAMP5[i * 5 / n]).collect()
    } else {
        (0..n).map(|i| PALETTE[i % PALETTE.len()]).collect()
    }
}

/// Whether dark text reads better on a fill.
fn light_fill(c: &str) -> bool {
    matches!(c, "#D1D5DB" | "#F87171" | "#60A5FA" | "#FDE68A" | "#F3F4F6")
}

/// "Answers by question and role": one stacked bar per role for each single-choice
/// and scale question (the segments' widths are shares of the role's respondents),
/// and a table of tick counts for each checklist.
fn group_answers(r: &GroupReport) -> Markup {
    html! {
        p.note { "Each bar is one role's respondents (how many in brackets); each segment, how many gave that answer. Checklists show how many ticked each item." }
        @for a in &r.answers {
            p { strong { (u(&a.text)) } }
            @if a.kind == "multi" { (answer_table(r, a)) } @else { (answer_bars(r, a)) }
        }
    }
}

fn answer_bars(r: &GroupReport, a: &group::QuestionAnswers) -> Markup {
    let mut colours = answer_colours(a.kind, a.choices.len());
    let mut labels: Vec<String> = a.choices.iter().map(|c| u(&c.label)).collect();
    // Greys and a pale amber for the respondents who gave no answer to count.
    let fills = ["#FDE68A", "#F3F4F6", "#FFFFFF"];
    let shown: Vec<usize> = (0..3)
        .filter(|k| a.counts.iter().any(|c| c.others()[*k].2 > 0))
        .collect();
    for k in &shown {
        labels.push(a.counts[0].others()[*k].1.to_string());
        colours.push(fills[*k]);
    }
    let cells = |c: &group::AnswerCounts| -> Vec<usize> {
        let mut v = c.counts.clone();
        v.extend(shown.iter().map(|k| c.others()[*k].2));
        v
    };
    html! {
        div.dist {
            @for c in &a.counts {
                @let n = cells(c);
                @let said: Vec<String> = n.iter().zip(&labels).filter(|(k, _)| **k > 0).map(|(k, l)| format!("{k} {l}")).collect();
                div.row {
                    span.who { (role_name(r, &c.role)) " (" (c.respondents) ")" }
                    span.visually-hidden { (said.join(", ")) }
                    div.stack aria-hidden="true" {
                        @for (i, k) in n.iter().enumerate() {
                            @if *k > 0 {
                                @let class = if light_fill(colours[i]) || colours[i] == "#FFFFFF" { "seg light" } else { "seg" };
                                span class=(class) title=(format!("{k} {}", labels[i])) style=(format!("width: {}%; background: {}", svg::n1(100.0 * *k as f64 / c.respondents.max(1) as f64), colours[i])) { (k) }
                            }
                        }
                    }
                }
            }
            ul.key {
                @for (l, c) in labels.iter().zip(&colours) {
                    li { i style=(format!("background: {c}")) {} (l) }
                }
            }
        }
    }
}

fn answer_table(r: &GroupReport, a: &group::QuestionAnswers) -> Markup {
    html! {
        table {
            thead { tr {
                th { "Item" }
                @for c in &a.counts { th.num { (role_name(r, &c.role)) " (" (c.answered) ")" } }
            } }
            tbody {
                @for (i, ch) in a.choices.iter().enumerate() {
                    tr {
                        td { (u(&ch.label)) }
                        @for c in &a.counts { td.num { (c.counts[i]) } }
                    }
                }
            }
        }
    }
}
