//! What every page shares: the styles, the skeleton (header, contents, gate box,
//! sections, footer) and the small text helpers the pages format with.

use crate::gates::{Action, GateSummary, Status};
use crate::numfmt::{self, plural};
use crate::render::svg;
use crate::report::trend::VISIBLE_CHANGE;
use crate::sanitize::plain;
use maud::{DOCTYPE, Markup, PreEscaped, html};

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
pub(super) fn u(s: &str) -> String {
    plain(s)
}

/// A change in points: `+1.2`, `−1.2` (a true minus sign) or `0.0`.
pub(super) fn signed(v: f64) -> String {
    numfmt::signed(v, numfmt::Sign::Typographic)
}

pub(super) fn change_class(v: Option<f64>) -> &'static str {
    match v {
        Some(v) if v >= VISIBLE_CHANGE => "num up",
        Some(v) if v <= -VISIBLE_CHANGE => "num down",
        _ => "num",
    }
}

pub(super) fn change(v: Option<f64>) -> String {
    numfmt::change(v, numfmt::Sign::Typographic)
}

pub(super) fn meter(v: Option<f64>) -> Markup {
    html! {
        span.meter aria-hidden="true" {
            @if let Some(v) = v {
                span style=(format!("width: {}%", svg::n1(v.clamp(0.0, 100.0)))) {}
            }
        }
    }
}

/// A page section: its id (for the contents), heading and body.
pub(super) struct Section {
    id: &'static str,
    title: String,
    body: Markup,
}

pub(super) fn section(id: &'static str, title: impl Into<String>, body: Markup) -> Section {
    Section {
        id,
        title: title.into(),
        body,
    }
}

/// The whole page: `header` above the contents, the gate box when gates were asked
/// for, then the sections.
pub(super) fn layout(
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

/// A five-whys chain from symptom to root cause (the single and group pages).
pub(super) fn whys(symptom: &str, whys: &[String], cause: Option<&str>) -> Markup {
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
