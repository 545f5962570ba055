//! `--summary`: the one-page summary ([`Summary`]) in every format. Text and Markdown
//! share the markup layer; HTML is one A4 page in print; slides are a four-slide deck.

use super::markup::{Align, MarkdownMarkup, Markup, TextMarkup};
use super::{Format, TextOptions, slides};
use crate::error::{Error, Result};
use crate::gates::GateSummary;
use crate::numfmt;
use crate::report::summary::{GapBasis, Summary};
use crate::sanitize::plain;
use maud::{DOCTYPE, PreEscaped, html};
use serde::Serialize;

/// The file a summary gets inside an `--out` folder.
pub fn file_name(format: Format) -> &'static str {
    match format {
        Format::Text => "summary.txt",
        Format::Markdown => "summary.md",
        Format::Json => "summary.json",
        Format::Html => "summary.html",
        Format::Csv => "summary.csv",
        Format::Slides => "summary-slides.html",
    }
}

/// The summary in `format`.
pub fn render(
    format: Format,
    text: TextOptions,
    s: &Summary,
    gates: Option<&GateSummary>,
) -> Result<String> {
    Ok(match format {
        Format::Text => {
            let mut m = TextMarkup::new(text.width);
            markup(&mut m, s, gates);
            m.out
        }
        Format::Markdown => {
            let mut m = MarkdownMarkup { out: String::new() };
            markup(&mut m, s, gates);
            m.out
        }
        Format::Json => json(s, gates)?,
        Format::Csv => csv(s)?,
        Format::Html => html_page(s, gates),
        Format::Slides => slides::summary_deck(s),
    })
}

fn verdict(g: &GateSummary) -> String {
    if g.passed {
        format!("Gates: passed ({} warnings)", g.warned)
    } else {
        format!("Gates: FAILED ({} failed, {} warnings)", g.failed, g.warned)
    }
}

fn markup(m: &mut impl Markup, s: &Summary, gates: Option<&GateSummary>) {
    let q = &s.questionnaire;
    m.para(&m.strong(&format!("{}: summary", m.esc(&q.title))));
    m.para(&m.esc(&s.who));
    if let Some(g) = gates {
        m.para(&m.strong(&verdict(g)));
    }
    m.heading("Overall");
    let mut line = format!("{} / 100", numfmt::score(s.overall));
    if let Some(l) = &s.level {
        line.push_str(&format!(", level: {}", m.esc(l)));
    }
    m.para(&m.strong(&line));
    if let Some(l) = &s.ladder {
        match (&l.current, &l.desired, l.gap) {
            (Some(c), Some(d), _) => m.para(&format!(
                "{}: today {}; wished for {}.",
                m.esc(&l.name),
                m.esc(c),
                m.esc(d)
            )),
            (_, _, Some(g)) => m.para(&format!(
                "{}: mean gap of {} steps between today and the wish.",
                m.esc(&l.name),
                numfmt::n1(g)
            )),
            _ => {}
        }
    }
    m.heading(&m.esc(&s.gaps_title()));
    let sign = m.sign();
    if s.gaps.is_empty() {
        m.para("No dimension has a score yet.");
    } else if s.gap_basis == GapBasis::WeakestDimensions {
        let rows = s
            .gaps
            .iter()
            .map(|g| {
                vec![
                    m.esc(&g.dimension_name),
                    numfmt::n1(g.score),
                    numfmt::n1(-g.gap),
                ]
            })
            .collect();
        let head = [
            ("Dimension".to_string(), Align::Left),
            ("Score".to_string(), Align::Right),
            ("Below 100".to_string(), Align::Right),
        ];
        m.table(&head, rows);
    } else {
        let rows = s
            .gaps
            .iter()
            .map(|g| {
                vec![
                    m.esc(&g.dimension_name),
                    format!("{} {}", m.esc(&g.role_name), numfmt::n1(g.score)),
                    format!("{} {}", m.esc(&g.versus_name), numfmt::n1(g.versus_score)),
                    numfmt::signed(g.gap, sign),
                ]
            })
            .collect();
        let head = [
            ("Dimension".to_string(), Align::Left),
            ("Side".to_string(), Align::Left),
            ("Versus".to_string(), Align::Left),
            ("Gap".to_string(), Align::Right),
        ];
        m.table(&head, rows);
    }
    m.heading("Top root causes and the first thing to do");
    if s.causes.is_empty() {
        m.para("No root cause received evidence from the answers given.");
    }
    for c in &s.causes {
        let name = format!("{}. {}", c.rank, m.esc(&c.name));
        let mut t = format!("{} (severity {}", m.strong(&name), numfmt::n1(c.severity));
        if let (Some(n), Some(of)) = (c.in_top3, c.with_evidence) {
            t.push_str(&format!("; in the top three of {n} of {of} with evidence"));
        }
        t.push(')');
        if let Some(r) = &c.remedy {
            t.push_str(&format!(". First: {}", m.esc(r)));
        }
        m.item(&t);
    }
}

#[derive(Serialize)]
struct JsonSummary<'a> {
    kind: &'static str,
    #[serde(flatten)]
    summary: &'a Summary,
    #[serde(skip_serializing_if = "Option::is_none")]
    gates: Option<&'a GateSummary>,
}

fn json(s: &Summary, gates: Option<&GateSummary>) -> Result<String> {
    let doc = JsonSummary {
        kind: "summary",
        summary: s,
        gates,
    };
    let mut out = serde_json::to_string_pretty(&doc)
        .map_err(|e| Error::Input(format!("cannot encode JSON: {e}")))?;
    out.push('\n');
    Ok(crate::sanitize::json_inert(out))
}

/// One tidy table: a row for the overall, one per gap, one per cause.
fn csv(s: &Summary) -> Result<String> {
    use super::csv::text;
    let err = |e: csv::Error| Error::Input(format!("cannot write CSV: {e}"));
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    w.write_record([
        "part",
        "rank",
        "id",
        "name",
        "side",
        "score",
        "versus",
        "versus_score",
        "gap",
        "detail",
    ])
    .map_err(err)?;
    let n = |v: f64| numfmt::n1(v);
    let on = |v: Option<f64>| v.map(n).unwrap_or_default();
    w.write_record([
        "overall".to_string(),
        String::new(),
        String::new(),
        text(&s.level.clone().unwrap_or_default()),
        text(s.of),
        on(s.overall),
        String::new(),
        String::new(),
        String::new(),
        s.respondents.to_string(),
    ])
    .map_err(err)?;
    let basis = match s.gap_basis {
        GapBasis::CompareRoles => "compare_roles",
        GapBasis::RoleVsRest => "role_vs_rest",
        GapBasis::WeakestDimensions => "weakest_dimensions",
    };
    for (i, g) in s.gaps.iter().enumerate() {
        w.write_record([
            "gap".to_string(),
            (i + 1).to_string(),
            text(&g.dimension),
            text(&g.dimension_name),
            text(&g.role),
            n(g.score),
            text(&g.versus),
            n(g.versus_score),
            n(g.gap),
            basis.to_string(),
        ])
        .map_err(err)?;
    }
    for c in &s.causes {
        w.write_record([
            "cause".to_string(),
            c.rank.to_string(),
            text(&c.id),
            text(&c.name),
            String::new(),
            n(c.severity),
            String::new(),
            String::new(),
            String::new(),
            text(c.remedy.as_deref().unwrap_or_default()),
        ])
        .map_err(err)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Error::Input(format!("cannot write CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| Error::Input(format!("cannot write CSV: {e}")))
}

const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/// Sized for one A4 page in print: a fixed type scale in points, nothing that breaks.
const CSS: &str = r#"
* { box-sizing: border-box; }
html { font-size: 18px; -webkit-text-size-adjust: 100%; }
body { margin: 0 auto; max-width: 900px; padding: 1.2rem 1.5rem 2rem; color: #111111; background: #ffffff;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif; line-height: 1.4; }
.kicker { text-transform: uppercase; letter-spacing: 0.06em; font-weight: 700; color: #0B5CAD; margin: 0; font-size: 0.85rem; }
h1 { font-size: 1.8rem; line-height: 1.15; margin: 0.2rem 0 0.3rem; }
h2 { font-size: 1.2rem; margin: 1.2rem 0 0.4rem; padding-bottom: 0.15rem; border-bottom: 2px solid #111111; }
p { margin: 0.3rem 0; }
.who, .sev, .note { color: #4b5563; }
.who { font-weight: 600; }
.overall { display: flex; align-items: baseline; gap: 1.2rem; flex-wrap: wrap; }
.big { font-size: 3rem; font-weight: 800; line-height: 1; margin: 0.2rem 0; }
.big .unit { font-size: 1rem; color: #4b5563; font-weight: 600; }
.level { font-size: 1.25rem; font-weight: 800; }
.gate { font-weight: 800; }
.gate.failed { color: #B91C1C; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
th, td { text-align: left; padding: 0.3rem 0.5rem; border-bottom: 1px solid #c9ced6; vertical-align: top; }
thead th { border-bottom: 2px solid #111111; background: #f3f4f6; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
ol.causes { padding-left: 1.4rem; }
ol.causes li { margin: 0.45rem 0; }
footer { margin-top: 1.5rem; color: #4b5563; font-size: 0.8rem; border-top: 1px solid #c9ced6; padding-top: 0.4rem; }
@page { size: A4; margin: 15mm 15mm; }
@media print {
  html { font-size: 10.5pt; }
  body { max-width: none; padding: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { break-after: avoid; page-break-after: avoid; }
  table, li { break-inside: avoid; page-break-inside: avoid; }
}
"#;

fn html_page(s: &Summary, gates: Option<&GateSummary>) -> String {
    let q = &s.questionnaire;
    let u = plain;
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(CSP);
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content="tandem";
                meta name="color-scheme" content="light";
                title { (u(&q.title)) ": summary" }
                style { (PreEscaped(CSS)) }
            }
            body {
                header {
                    p.kicker { "Summary" }
                    h1 { (u(&q.title)) }
                    p.who { (u(&s.who)) }
                    @if let Some(g) = gates {
                        p.gate.failed[!g.passed] { (verdict(g)) }
                    }
                }
                main {
                    section #overall {
                        h2 { "Overall" }
                        div.overall {
                            p.big { (numfmt::score(s.overall)) span.unit { " / 100" } }
                            @if let Some(l) = &s.level { p.level { "Level: " (u(l)) } }
                        }
                        @if let Some(l) = &s.ladder {
                            @if let (Some(c), Some(d)) = (&l.current, &l.desired) {
                                p { (u(&l.name)) ": today " strong { (u(c)) } "; wished for " strong { (u(d)) } "." }
                            } @else if let Some(g) = l.gap {
                                p { (u(&l.name)) ": mean gap of " (numfmt::n1(g)) " steps between today and the wish." }
                            }
                        }
                    }
                    section #gaps {
                        h2 { (u(&s.gaps_title())) }
                        div.scroll { (slides::summary_gaps_table(s)) }
                    }
                    section #causes {
                        h2 { "Top root causes and the first thing to do" }
                        (slides::summary_causes_list(s))
                    }
                }
                footer { p { "Questionnaire " (u(&q.id)) " " (u(&q.version)) ". Made by tandem; the full report has the evidence, every cause and every remedy." } }
            }
        }
    };
    let mut out = page.into_string();
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_has_its_own_summary_file() {
        use clap::ValueEnum;
        let names: std::collections::BTreeSet<&str> = Format::value_variants()
            .iter()
            .map(|f| file_name(*f))
            .collect();
        assert_eq!(names.len(), Format::value_variants().len());
    }
}
