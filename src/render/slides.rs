//! Slides: one self-contained HTML deck for a 16:9 projector, one idea per slide in
//! large type. Every slide is one viewport tall and the page snaps from slide to slide,
//! so the deck reads without script; a small inline script (allowed by its hash in the
//! page's Content-Security-Policy, nothing else is) adds the keys: arrows, Space,
//! Page Up/Down, Home and End. Printed, each slide is one landscape page.
//!
//! Built with maud like the HTML report: every interpolated string is escaped, and user
//! text also goes through [`plain`].

use super::html::charts::{group_radar_series, heat, perception_gap_rows};
use super::svg::{self, Bar, DotRow, PairRow, RadarSeries, Style};
use super::{Document, Renderer};
use crate::error::{Error, Result};
use crate::numfmt::{self, pct, plural};
use crate::report::group::{self, ChainTag, GroupReport, Scope};
use crate::report::summary::{GapBasis, Summary};
use crate::report::{Report, SingleReport};
use crate::sanitize::plain;
use maud::{DOCTYPE, Markup, PreEscaped, html};

/// The deck.
pub struct Slides;

impl Renderer for Slides {
    fn file_name(&self) -> &'static str {
        "slides.html"
    }

    fn render(&self, doc: &Document) -> Result<String> {
        let deck = match &doc.report {
            Report::Single(r) => single(r),
            Report::Group(r) => group(r),
            Report::Trend(_) => {
                return Err(Error::Usage(
                    "--format slides is for `tandem score` (one respondent or a group); use --format html for a trend".into(),
                ));
            }
        };
        Ok(page(&deck))
    }
}

/// Five-whys chains shown in a deck at most, one per slide, after an overview of where
/// all of them end.
const WHY_SLIDES: usize = 2;

/// Answers shown as a cause's evidence on a single respondent's slide.
const EVIDENCE: usize = 2;

/// Topics on a discussion slide (two prompts each); the reports list them all.
const DISCUSSION_ITEMS: usize = 3;

/// The keyboard script. Its SHA-256 (base64) is in [`CSP`]; change both together (the
/// browser test presses the keys, so a stale hash fails it).
const SCRIPT: &str = r#"(function(){var s=document.querySelectorAll('section.slide');function at(){var b=0,d=1e9;for(var i=0;i<s.length;i++){var t=Math.abs(s[i].getBoundingClientRect().top);if(t<d){d=t;b=i;}}return b;}function go(i){i=Math.max(0,Math.min(s.length-1,i));s[i].scrollIntoView({block:'start',behavior:'instant'});}document.addEventListener('keydown',function(e){if(e.altKey||e.ctrlKey||e.metaKey)return;var k=e.key,i=at();if(k==='ArrowRight'||k==='ArrowDown'||k==='PageDown'||(k===' '&&!e.shiftKey)){go(i+1);}else if(k==='ArrowLeft'||k==='ArrowUp'||k==='PageUp'||(k===' '&&e.shiftKey)){go(i-1);}else if(k==='Home'){go(0);}else if(k==='End'){go(s.length-1);}else{return;}e.preventDefault();});})();"#;

const CSP: &str =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-SCRIPT_HASH'";

const CSS: &str = r#"
:root { --ink: #111111; --muted: #4b5563; --line: #c9ced6; --soft: #f3f4f6; --accent: #0B5CAD; --bad: #B91C1C; --good: #166534; }
* { box-sizing: border-box; }
html { scroll-snap-type: y mandatory; font-size: min(2.05vw, 3.65vh); }
body { margin: 0; color: var(--ink); background: #ffffff; overflow-x: hidden;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif; line-height: 1.3; }
section.slide { position: relative; width: 100vw; height: 100vh; overflow: hidden; scroll-snap-align: start; scroll-snap-stop: always;
  display: flex; flex-direction: column; padding: 4.5vh 5vw 6vh; border-bottom: 1px solid var(--line); }
.slide h1 { font-size: 3.2rem; line-height: 1.1; margin: 0 0 0.6rem; }
.slide h2 { font-size: 2.1rem; line-height: 1.15; margin: 0 0 0.7rem; }
.slide p { margin: 0.3rem 0; }
.kicker { text-transform: uppercase; letter-spacing: 0.06em; font-weight: 700; color: var(--accent); font-size: 0.9rem; margin: 0 0 0.4rem; }
.lead { font-size: 1.35rem; }
.explain { font-size: 1.1rem; margin-bottom: 0.6rem; }
.row ul { font-size: 0.95rem; }
.muted, .note { color: var(--muted); }
.note { font-size: 0.8rem; }
.body { flex: 1; min-height: 0; display: flex; flex-direction: column; gap: 0.5rem; }
.row { display: flex; gap: 2.5vw; align-items: flex-start; flex: 1; min-height: 0; }
.row > * { flex: 1; min-width: 0; }
.big { font-size: 6rem; font-weight: 800; line-height: 1; margin: 0.3rem 0; }
.big .unit { font-size: 2rem; color: var(--muted); font-weight: 600; }
.level { font-size: 1.7rem; font-weight: 800; }
.cards { display: flex; flex-wrap: wrap; gap: 1rem; margin-top: 1rem; }
.card { border: 2px solid var(--line); border-left-width: 0.6rem; border-radius: 0.5rem; padding: 0.4rem 0.9rem; min-width: 9rem; }
.card .v { font-size: 2rem; font-weight: 800; margin: 0; }
.card .l { font-size: 0.85rem; font-weight: 700; color: var(--muted); margin: 0; text-transform: uppercase; letter-spacing: 0.04em; }
figure { margin: 0; flex: 1; min-height: 0; display: flex; flex-direction: column; align-items: center; }
figure svg.chart { flex: 1; min-height: 0; width: 100%; height: 100%; max-height: 100%; }
svg text { font-family: inherit; }
figure svg.chart.radar { flex: none; height: 60vh; width: auto; max-width: 100%; }
.legend { list-style: none; display: flex; flex-wrap: wrap; justify-content: center; gap: 0.3rem 1.2rem; padding: 0; margin: 0.3rem 0 0; font-size: 0.85rem; }
.legend li { display: flex; align-items: center; gap: 0.4rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
table.dense { font-size: 0.72rem; }
th, td { text-align: left; padding: 0.2rem 0.5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { border-bottom: 3px solid var(--ink); background: var(--soft); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
ul, ol { margin: 0.2rem 0; padding-left: 1.3em; }
li { margin: 0.25rem 0; }
.sev { color: var(--muted); font-weight: 600; font-size: 1.2rem; }
.rank { display: inline-block; min-width: 1.5em; text-align: center; background: var(--ink); color: #ffffff; border-radius: 0.3em; margin-right: 0.4em; padding: 0 0.2em; }
.flag { color: var(--bad); font-weight: 800; }
ol.whys { list-style: none; padding: 0; margin: 0.2rem 0 0.6rem; font-size: 0.9rem; }
ol.whys li { padding: 0.1rem 0 0.1rem 0.8rem; border-left: 0.25rem solid var(--line); margin: 0 0 0 0.3rem; }
ol.whys li.root { border-left-color: var(--bad); }
.k { font-weight: 800; margin-right: 0.35rem; }
.who { font-weight: 700; color: var(--muted); font-size: 0.85rem; margin: 0.4rem 0 0; }
.prompts li { font-size: 1rem; }
.prompts .about { font-weight: 800; margin: 0.5rem 0 0; font-size: 1.05rem; }
.prompts .why { color: var(--muted); font-weight: 400; font-size: 0.85rem; }
.count { position: absolute; right: 5vw; bottom: 2vh; color: var(--muted); font-size: 0.75rem; }
.foot { position: absolute; left: 5vw; bottom: 2vh; color: var(--muted); font-size: 0.75rem; }
@page { size: 254mm 142.875mm; margin: 0; }
@media print {
  html { scroll-snap-type: none; font-size: 10.5pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  section.slide { width: 254mm; height: 142.875mm; border: 0; break-after: page; page-break-after: always; break-inside: avoid; padding: 9mm 12mm 11mm; }
  section.slide:last-child { break-after: auto; page-break-after: auto; }
  .count, .foot { bottom: 4mm; }
}
"#;

/// Untrusted text for the page (maud escapes the rest).
fn u(s: &str) -> String {
    plain(s)
}

/// Untrusted text cut to `max` characters at a word boundary, with "…": a slide has a
/// fixed size, and the full report keeps every word.
fn clip(s: &str, max: usize) -> String {
    let s = u(s);
    if s.chars().count() <= max {
        return s;
    }
    let cut: String = s.chars().take(max).collect();
    let at = cut.rfind(' ').filter(|&i| i > max / 2).unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end())
}

/// Longest texts on a slide, in characters: a five-whys step (six of them share a
/// slide); answers and labels; explanations; remedies and prompts.
const STEP: usize = 120;
const SHORT: usize = 150;
const LONG: usize = 320;
const MEDIUM: usize = 200;

/// One slide: a heading (or none for the title slide) and its body.
struct Slide {
    id: String,
    body: Markup,
}

fn slide(id: impl Into<String>, title: &str, body: Markup) -> Slide {
    Slide {
        id: id.into(),
        body: html! {
            h2 { (title) }
            div.body { (body) }
        },
    }
}

/// The CSP with the script's hash filled in.
fn csp() -> String {
    CSP.replace("SCRIPT_HASH", SCRIPT_SHA256)
}

/// base64(SHA-256(SCRIPT)). Nothing in the crate computes SHA-256, so the browser test
/// checks it: with a stale hash the keys do nothing.
const SCRIPT_SHA256: &str = "YEHvc7ZXO2DmddAFNKxKv3/Uzm66UukeoNPX3qJGmPQ=";

struct Deck {
    title: String,
    foot: String,
    slides: Vec<Slide>,
}

fn page(d: &Deck) -> String {
    let n = d.slides.len();
    let m = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(csp());
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content="tandem";
                meta name="color-scheme" content="light";
                title { (d.title) }
                style { (PreEscaped(CSS)) }
            }
            body {
                main aria-label="Slides" {
                    @for (i, s) in d.slides.iter().enumerate() {
                        section.slide id=(s.id) aria-label=(format!("Slide {} of {n}", i + 1)) {
                            (s.body)
                            p.foot { (d.foot) }
                            p.count { (i + 1) " / " (n) }
                        }
                    }
                }
                script { (PreEscaped(SCRIPT)) }
            }
        }
    };
    let mut s = m.into_string();
    s.push('\n');
    s
}

fn title_slide(kicker: &str, title: &str, sub: &str, note: &str) -> Slide {
    Slide {
        id: "title".into(),
        body: html! {
            div.body style="justify-content: center" {
                p.kicker { (kicker) }
                h1 { (title) }
                p.lead { (sub) }
                p.muted { (note) }
                p.note { "Keys: → or Space for the next slide, ← for the previous, Home and End for the first and last." }
            }
        },
    }
}

fn score_card(label: &str, v: Option<f64>, level: Option<&str>, color: &str) -> Markup {
    html! {
        div.card style=(format!("border-left-color: {color}")) {
            p.l { (label) }
            p.v { (numfmt::score(v)) }
            @if let Some(l) = level { p.note { (l) } }
        }
    }
}

fn overall_slide(overall: Option<f64>, level: Option<&str>, cards: Markup) -> Slide {
    slide(
        "overall",
        "Overall alignment",
        html! {
            p.big { (numfmt::score(overall)) span.unit { " / 100" } }
            @if let Some(l) = level { p.level { "Level: " (l) } }
            div.cards { (cards) }
        },
    )
}

/// A role's chart style, by its position among the roles present (as in the report).
fn role_style(r: &GroupReport, s: &Scope) -> Style {
    match r.roles.iter().position(|x| &x.id == s) {
        Some(i) => svg::style(i),
        None => svg::GROUP,
    }
}

fn radar_slide(
    title: &str,
    names: &[String],
    series: Vec<RadarSeries>,
    legend: &[(Style, String)],
) -> Slide {
    let desc = series
        .iter()
        .map(|s| {
            let vals: Vec<String> = names
                .iter()
                .zip(&s.values)
                .map(|(n, v)| format!("{n} {}", numfmt::score(*v)))
                .collect();
            format!("{}: {}", s.key, vals.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ");
    let chart = if names.len() >= 3 {
        svg::radar("radar", title, &desc, names, &series)
    } else {
        let bars: Vec<Bar> = names
            .iter()
            .enumerate()
            .map(|(i, n)| Bar {
                label: n.clone(),
                value: series
                    .last()
                    .and_then(|s| s.values.get(i).copied().flatten())
                    .unwrap_or(0.0),
                note: None,
                highlight: false,
            })
            .collect();
        svg::hbars("radar", title, &desc, &bars)
    };
    slide(
        "radar",
        title,
        html! {
            figure {
                (chart)
                @if legend.len() > 1 { (svg::legend(legend)) }
            }
        },
    )
}

fn group(r: &GroupReport) -> Deck {
    let q = &r.questionnaire;
    let by_role: Vec<String> = r
        .roles
        .iter()
        .map(|x| format!("{} {}", x.respondents, u(&x.name)))
        .collect();
    let mut slides = vec![title_slide(
        "Workshop readout",
        &u(&q.title),
        &format!(
            "{}: {}",
            plural(r.respondents, "respondent", "respondents"),
            by_role.join(", ")
        ),
        &format!("Questionnaire {} {}", u(&q.id), u(&q.version)),
    )];
    let cards = html! {
        @for x in &r.roles {
            (score_card(&format!("{} · {}", u(&x.name), x.respondents), x.overall, x.level.as_deref().map(u).as_deref(), role_style(r, &x.id).color))
        }
    };
    slides.push(overall_slide(
        r.overall,
        r.level.as_deref().map(u).as_deref(),
        cards,
    ));
    slides.push(group_radar(r));
    if let Some(s) = group_gaps(r) {
        slides.push(s);
    }
    slides.push(group_spread(r));
    slides.extend(group_causes(r));
    slides.extend(group_checklists(r));
    if let Some(s) = group_ladder(r) {
        slides.push(s);
    }
    slides.extend(group_whys(r));
    slides.extend(group_discussion(r));
    Deck {
        title: format!("{}: workshop slides", u(&q.title)),
        foot: u(&q.title),
        slides,
    }
}

fn group_radar(r: &GroupReport) -> Slide {
    let names: Vec<String> = r.dimensions.iter().map(|d| u(&d.name)).collect();
    let (series, legend) = group_radar_series(r);
    radar_slide("Scores by role", &names, series, &legend)
}

/// Where the compared roles differ (or, without them, each role against the rest).
fn group_gaps(r: &GroupReport) -> Option<Slide> {
    if let Some(pair) = &r.compared {
        let (a, b) = pair;
        let (styles, rows) = perception_gap_rows(r, pair);
        let title = format!(
            "Where {} and {} differ",
            u(&a.in_sentence),
            u(&b.in_sentence)
        );
        let desc: Vec<String> = r
            .perception_gap
            .iter()
            .map(|g| {
                format!(
                    "{}: {} {}, {} {}",
                    u(&g.dimension_name),
                    u(&a.in_sentence),
                    svg::n1(g.score),
                    u(&b.in_sentence),
                    svg::n1(g.versus_score)
                )
            })
            .collect();
        return Some(slide(
            "gaps",
            &title,
            html! {
                @if let Some(s) = r.largest_gap_sentence() { p.lead { strong { (u(&s)) } } }
                figure {
                    (svg::dot_rows("gap-chart", &title, &desc.join("; "), &rows, &styles))
                    (svg::legend(&[(styles[0], u(&a.name)), (styles[1], u(&b.name))]))
                }
            },
        ));
    }
    let (_, gaps) = crate::report::summary::largest_gaps(r);
    (!r.role_vs_rest.is_empty() && r.roles.len() > 1).then(|| {
        slide(
            "gaps",
            "Where the roles see the company differently",
            html! {
                table {
                    thead { tr { th { "Dimension" } th { "Role" } th.num { "Role" } th.num { "Everyone else" } th.num { "Gap" } } }
                    tbody { @for g in &gaps { tr {
                        td { (u(&g.dimension_name)) } td { (u(&g.role_name)) }
                        td.num { (svg::n1(g.score)) } td.num { (svg::n1(g.versus_score)) }
                        td.num { (numfmt::signed(g.gap, numfmt::Sign::Typographic)) }
                    } } }
                }
            },
        )
    })
}

fn group_spread(r: &GroupReport) -> Slide {
    let ds = r.to_discuss();
    let rows: Vec<DotRow> = ds
        .iter()
        .map(|d| DotRow {
            label: u(&d.name),
            dots: d.score.map(|s| vec![(s, 0)]).unwrap_or_default(),
            range: d.min.zip(d.max),
            flag: true,
        })
        .collect();
    let desc: Vec<String> = ds
        .iter()
        .map(|d| {
            format!(
                "{}: {}mean {}, spread {}",
                u(&d.name),
                // One person's lowest and highest: left out under privacy.
                match (d.min, d.max) {
                    (Some(lo), Some(hi)) => format!("{} to {}, ", numfmt::n1(lo), numfmt::n1(hi)),
                    _ => String::new(),
                },
                numfmt::score(d.score),
                numfmt::score(d.spread)
            )
        })
        .collect();
    slide(
        "disagreement",
        "Where the room disagrees",
        html! {
            @if ds.is_empty() {
                p.lead { (crate::report::group::no_disagreement()) }
            } @else {
                p.lead { (plural(ds.len(), "dimension", "dimensions")) " with a spread of " (crate::report::group::discuss_spread()) " points or more, widest first:" }
                figure {
                    (svg::dot_rows("spread-chart", "Lowest to highest respondent score", &desc.join("; "), &rows, &[svg::GROUP]))
                }
                p.note { "Each line runs from the lowest to the highest respondent's score; the dot is the mean." }
            }
        },
    )
}

/// One slide per top cause: what it is, the evidence from the room, what to do.
fn group_causes(r: &GroupReport) -> Vec<Slide> {
    if r.causes.is_empty() {
        return vec![slide(
            "causes",
            "Root causes",
            html! { p.lead { "No root cause received evidence from the answers given." } },
        )];
    }
    let bars: Vec<Bar> = r
        .causes
        .iter()
        .take(8)
        .map(|c| Bar {
            label: format!(
                "{}. {}",
                crate::report::ranking::group_rank_label(c, &r.ranking),
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
    let desc: Vec<String> = bars
        .iter()
        .map(|b| format!("{}: {}", b.label, svg::n1(b.value)))
        .collect();
    let mut out = vec![slide(
        "causes",
        "Root causes, most severe first",
        html! { figure { (svg::hbars("causes-chart", "Root causes by severity", &desc.join("; "), &bars)) } },
    )];
    for c in r.causes.iter().take(3) {
        let chains = r
            .five_whys
            .iter()
            .find(|g| g.cause == ChainTag::Cause(c.id.clone()))
            .map_or(0, |g| g.chains.len());
        let roles: Vec<String> = c
            .in_top3_by_role
            .iter()
            .map(|x| format!("{} {}", x.count, u(&r.label(&x.role))))
            .collect();
        out.push(Slide {
            id: format!("cause-{}", c.rank),
            body: html! {
                h2 { span.rank { (c.rank) } (u(&c.name)) " " span.sev { "severity " (svg::n1(c.severity)) } }
                div.body {
                    p.explain { (clip(&c.explanation, LONG)) }
                    div.row {
                        div {
                            p { strong { "Evidence" } }
                            ul {
                                li { "In the top three causes of " (c.in_top3) " of " (c.with_evidence) " respondents with evidence"
                                    @if !roles.is_empty() { " (" (roles.join(", ")) ")" } }
                                @if chains > 0 { li { (plural(chains, "five-whys chain ends", "five-whys chains end")) " here" } }
                            }
                        }
                        div {
                            p { strong { "What to do" } }
                            ul { @for rem in c.remedies.iter().take(2) { li { (clip(rem, MEDIUM)) } } }
                        }
                    }
                }
            },
        });
    }
    out
}

fn group_checklists(r: &GroupReport) -> Vec<Slide> {
    r.checklists
        .iter()
        .enumerate()
        .map(|(k, c)| {
            slide(
                format!("checklist-{}", k + 1),
                "What each side recognises",
                html! {
                    p { strong { (u(&c.text)) } }
                    table.dense {
                        thead { tr { th { "Item" } th.num { "All" } @for x in &r.roles { th.num { (u(&x.name)) } } } }
                        tbody { @for i in &c.items { tr {
                            td { (clip(&i.label, SHORT)) }
                            td.num style=[heat(i.all.ticked, i.all.answered)] { (pct(i.all.ticked, i.all.answered)) }
                            @for s in &i.by_role { td.num style=[heat(s.ticked, s.answered)] { (pct(s.ticked, s.answered)) } }
                        } } }
                    }
                    p.note { "Ticked by / answered; the darker the cell, the more people recognise the item." }
                },
            )
        })
        .collect()
}

fn group_ladder(r: &GroupReport) -> Option<Slide> {
    let l = r.ladder.as_ref()?;
    let all = r.ladder_all()?;
    let rows: Vec<PairRow> = l
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| PairRow {
            label: format!("{}. {}", i + 1, u(&s.label)),
            today: all.current.get(i).copied().unwrap_or(0),
            wish: all.desired.get(i).copied().unwrap_or(0),
            note: s.benchmark.map(|b| format!("survey {}%", numfmt::whole(b))),
        })
        .collect();
    let desc: Vec<String> = rows
        .iter()
        .map(|p| format!("{}: {} today, {} wish", p.label, p.today, p.wish))
        .collect();
    Some(slide(
        "ladder",
        &u(&l.name),
        html! {
            figure { (svg::ladder_bars("ladder-chart", "Today and the wish, per step", &desc.join("; "), &rows)) }
            p.note {
                "◆ today, ◇ wish."
                @if let Some(g) = all.mean_gap { " Mean gap: " (svg::n1(g)) " steps." }
                @if let Some(n) = &l.benchmark_note { " Survey: " (u(n)) }
            }
        },
    ))
}

fn whys(symptom: &str, whys: &[String], cause: Option<&str>) -> Markup {
    html! {
        ol.whys {
            li { span.k { "Symptom:" } (clip(symptom, STEP)) }
            @for (i, y) in whys.iter().enumerate() { li { span.k { "Why " (i + 1) "?" } (clip(y, STEP)) } }
            li.root { span.k { "Root cause:" } @match cause { Some(c) => (u(c)), None => "not tagged" } }
        }
    }
}

/// Where the chains end (every one counted), then the first chain of the causes most
/// chains end at, one per slide.
fn group_whys(r: &GroupReport) -> Vec<Slide> {
    if r.five_whys.is_empty() {
        return Vec::new();
    }
    let total: usize = r.five_whys.iter().map(|g| g.chains.len()).sum();
    let mut out = vec![slide(
        "whys",
        "Five whys: where the chains end",
        html! {
            p.lead { (plural(total, "chain", "chains")) ", by the root cause each respondent tagged:" }
            table {
                thead { tr { th { "Root cause" } th.num { "Chains" } } }
                tbody { @for g in r.five_whys.iter().take(8) { tr { td { (u(&g.cause_name)) } td.num { (g.chains.len()) } } } }
            }
            @if r.five_whys.len() > 8 { p.note { (r.five_whys.len() - 8) " more causes in the full report." } }
        },
    )];
    let capped = r
        .five_whys
        .iter()
        .any(|g| g.chains.len() > group::CHAINS_SHOWN);
    for (k, g) in r.five_whys.iter().take(WHY_SLIDES).enumerate() {
        let Some(c) = g.chains.first() else { continue };
        let cause = (g.cause != ChainTag::Untagged).then_some(g.cause_name.as_str());
        let who = match &c.respondent {
            Some(n) => format!("{} ({})", clip(n, 80), u(&r.label_of(&c.role))),
            None => u(&r.label_of(&c.role)),
        };
        out.push(slide(
            format!("whys-{}", k + 1),
            &format!("Five whys: {}", u(&g.cause_name)),
            html! {
                p.who { (who) }
                (whys(&c.symptom, &c.whys, cause))
                p.note {
                    "One of " (plural(g.chains.len(), "chain", "chains")) " ending here; "
                    // The full report caps each cause's chains too: point where all are.
                    @if capped { "the JSON output and five_whys.csv list all " } @else { "the full report (--format html) lists all " }
                    (total) "."
                }
            },
        ));
    }
    out
}

/// The questions for the room: the questionnaire's prompts, the gaps on one slide and
/// the causes on the next; without prompts, questions built from the figures.
fn group_discussion(r: &GroupReport) -> Vec<Slide> {
    if r.discussion.is_empty() {
        return vec![slide(
            "discussion",
            "Questions for the room",
            html! {
                ul.prompts {
                    @for g in r.perception_gap.iter().take(2) {
                        li { "What does each side see in " strong { (u(&g.dimension_name)) } " that the other does not? (" (numfmt::signed(g.gap, numfmt::Sign::Typographic)) " points)" }
                    }
                    @for d in r.to_discuss().iter().take(2) {
                        li { "Why do people rate " strong { (u(&d.name)) } " so differently? (spread " (numfmt::score(d.spread)) ")" }
                    }
                    @for c in r.causes.iter().take(3) {
                        li { "Is " strong { (u(&c.name)) } " the cause here, and who would own the first remedy?" }
                    }
                }
            },
        )];
    }
    let mut out = Vec::new();
    for (about, id, title) in [
        (
            "dimension",
            "discussion",
            "Questions for the room: the gaps",
        ),
        (
            "cause",
            "discussion-causes",
            "Questions for the room: the causes",
        ),
    ] {
        let items: Vec<_> = r.discussion.iter().filter(|d| d.about == about).collect();
        if items.is_empty() {
            continue;
        }
        out.push(slide(
            id,
            title,
            html! {
                div.prompts {
                    @for d in items.iter().take(DISCUSSION_ITEMS) {
                        p.about { (u(&d.name)) " " span.why { "(" (u(&d.why)) ")" } }
                        ul { @for p in d.prompts.iter().take(2) { li { (clip(p, MEDIUM)) } } }
                    }
                }
                @if items.len() > DISCUSSION_ITEMS {
                    p.note { (items.len() - DISCUSSION_ITEMS) " more in the full report." }
                }
            },
        ));
    }
    out
}

fn single(r: &SingleReport) -> Deck {
    let q = &r.questionnaire;
    let p = &r.respondent;
    let mut who: Vec<String> = p.name.iter().map(|n| u(n)).collect();
    who.extend(p.role_name.as_deref().or(p.role.as_deref()).map(u));
    let who = if who.is_empty() {
        "One respondent".to_string()
    } else {
        who.join(", ")
    };
    let mut slides = vec![title_slide(
        "Alignment readout",
        &u(&q.title),
        &who,
        &p.counts(),
    )];
    let ladder = r.ladder.as_ref().map(|l| {
        let step = |i: Option<usize>| {
            i.and_then(|i| l.steps.get(i - 1))
                .map(|s| u(&s.label))
                .unwrap_or_else(|| "–".into())
        };
        html! {
            p.lead { strong { "Today: " } (step(l.current)) }
            p.lead { strong { "Wished for: " } (step(l.desired)) }
        }
    });
    slides.push(overall_slide(
        r.overall,
        r.level.as_ref().map(|l| u(&l.name)).as_deref(),
        ladder.unwrap_or_default(),
    ));
    let names: Vec<String> = r.dimensions.iter().map(|d| u(&d.name)).collect();
    let series = vec![RadarSeries {
        key: "Score".into(),
        style: svg::style(0),
        values: r.dimensions.iter().map(|d| d.score).collect(),
        fill: true,
    }];
    slides.push(radar_slide("Scores by dimension", &names, series, &[]));
    for c in r.causes.iter().take(3) {
        slides.push(Slide {
            id: format!("cause-{}", c.rank),
            body: html! {
                h2 { span.rank { (c.rank) } (u(&c.name)) " " span.sev { "severity " (svg::n1(c.severity)) } }
                div.body {
                    p.explain { (clip(&c.explanation, LONG)) }
                    div.row {
                        div {
                            p { strong { "Evidence" } }
                            ul { @for e in c.evidence.iter().take(EVIDENCE) { li { (clip(&e.text, SHORT)) " " span.muted { "— " (clip(&e.answer, SHORT)) } } } }
                            @if c.evidence.len() > EVIDENCE { p.note { (plural(c.evidence.len() - EVIDENCE, "more answer points", "more answers point")) " here; the full report lists them." } }
                        }
                        div {
                            p { strong { "What to do" } }
                            ul { @for rem in c.remedies.iter().take(2) { li { (clip(rem, MEDIUM)) } } }
                        }
                    }
                }
            },
        });
    }
    for (k, c) in r.checklists.iter().enumerate() {
        slides.push(slide(
            format!("checklist-{}", k + 1),
            "What this respondent recognises",
            html! {
                p { strong { (u(&c.text)) } }
                ul { @for i in c.items.iter().filter(|i| i.ticked) { li { (clip(&i.label, SHORT)) } } }
                @if !c.items.iter().any(|i| i.ticked) { p.lead { "Nothing ticked." } }
            },
        ));
    }
    for (k, c) in r.five_whys.iter().enumerate() {
        slides.push(slide(
            format!("whys-{}", k + 1),
            "Five whys",
            whys(&c.symptom, &c.whys, c.cause_name.as_deref()),
        ));
    }
    Deck {
        title: format!("{}: slides", u(&q.title)),
        foot: u(&q.title),
        slides,
    }
}

/// The `--summary` deck: the overall and level, the gaps, the causes.
pub fn summary_deck(s: &Summary) -> String {
    let q = &s.questionnaire;
    let ladder = s.ladder.as_ref().map(|l| html! {
        @if let (Some(c), Some(d)) = (&l.current, &l.desired) {
            p.lead { strong { "Today: " } (u(c)) }
            p.lead { strong { "Wished for: " } (u(d)) }
        } @else if let Some(g) = l.gap {
            p.lead { (u(&l.name)) ": mean gap of " (svg::n1(g)) " steps between today and the wish." }
        }
    });
    let slides = vec![
        title_slide(
            "Summary",
            &u(&q.title),
            &u(&s.who),
            &format!("Questionnaire {} {}", u(&q.id), u(&q.version)),
        ),
        overall_slide(
            s.overall,
            s.level.as_deref().map(u).as_deref(),
            ladder.unwrap_or_default(),
        ),
        slide("gaps", &u(&s.gaps_title()), summary_gaps_table(s)),
        slide(
            "causes",
            "Top root causes and the first thing to do",
            summary_causes_list(s),
        ),
    ];
    page(&Deck {
        title: format!("{}: summary", u(&q.title)),
        foot: u(&q.title),
        slides,
    })
}

/// The summary's gaps as a table (shared with the one-page HTML summary).
pub fn summary_gaps_table(s: &Summary) -> Markup {
    let weakest = s.gap_basis == GapBasis::WeakestDimensions;
    html! {
        @if s.gaps.is_empty() { p { "No dimension has a score yet." } } @else {
            table.gaps {
                thead { tr {
                    th { "Dimension" }
                    @if weakest { th.num { "Score" } th.num { "Below 100" } } @else {
                        th { "Side" } th.num { "Score" } th { "Versus" } th.num { "Score" } th.num { "Gap" }
                    }
                } }
                tbody { @for g in &s.gaps { tr {
                    td { (u(&g.dimension_name)) }
                    @if weakest { td.num { (svg::n1(g.score)) } td.num { (svg::n1(-g.gap)) } } @else {
                        td { (u(&g.role_name)) } td.num { (svg::n1(g.score)) }
                        td { (u(&g.versus_name)) } td.num { (svg::n1(g.versus_score)) }
                        td.num { (numfmt::signed(g.gap, numfmt::Sign::Typographic)) }
                    }
                } } }
            }
        }
    }
}

/// The summary's causes with their first remedy (shared with the one-page summary).
pub fn summary_causes_list(s: &Summary) -> Markup {
    html! {
        @if s.causes.is_empty() { p { "No root cause received evidence from the answers given." } } @else {
            ol.causes {
                @for c in &s.causes {
                    li {
                        strong { (u(&c.name)) } " " span.sev { "severity " (svg::n1(c.severity))
                            @if let (Some(n), Some(of)) = (c.in_top3, c.with_evidence) { "; in the top three of " (n) " of " (of) " with evidence" } }
                        @if let Some(rem) = &c.remedy { br; "First: " (u(rem)) }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clip_cuts_long_text_at_a_word_and_keeps_short_text() {
        assert_eq!(clip("short", 10), "short");
        assert_eq!(clip("one two three four", 12), "one two…");
        let long = "x".repeat(50);
        assert_eq!(clip(&long, 10), format!("{}…", "x".repeat(10)));
        assert_eq!(
            clip("a\u{202e}b", 10),
            "ab",
            "untrusted text is cleaned first"
        );
    }

    #[test]
    fn the_csp_allows_the_script_and_nothing_else() {
        let c = csp();
        assert!(c.contains("script-src 'sha256-"), "{c}");
        assert!(!c.contains("SCRIPT"), "{c}");
        assert!(!c.contains("script-src 'unsafe"), "{c}");
        assert!(
            !SCRIPT.contains("</"),
            "the script must not close its own element"
        );
    }
}
