//! Charts for the HTML report: inline SVG drawn with maud from the report's numbers, so
//! every piece of text in them is escaped like the rest of the page. Coordinates are
//! written with one decimal: the same report always gives the same bytes.
//!
//! Every chart is an `<svg role="img">` labelled by its `<title>` and `<desc>`; the desc
//! carries the chart's figures as a sentence, and the page shows the same figures in a
//! table next to it. Series differ by dash pattern and marker shape as well as colour.

use maud::{Markup, html};
use std::f64::consts::PI;

/// A number for an SVG attribute or a label: one decimal, never `-0.0`.
pub use crate::numfmt::n1;

/// Coordinates: a whole number when the value is whole, else one decimal.
fn c(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
    Cross,
}

/// How one series is drawn: colour, dash pattern, marker and line width.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: &'static str,
    pub dash: Option<&'static str>,
    pub marker: Marker,
    pub width: f64,
}

/// The whole group (or the overall score): black, solid, thickest.
pub const GROUP: Style = Style {
    color: "#111111",
    dash: None,
    marker: Marker::Circle,
    width: 4.5,
};

/// Colours with at least 4.5:1 contrast on white (WCAG AA for text), far apart in hue.
const COLORS: [&str; 8] = [
    "#0B5CAD", "#C2410C", "#047857", "#7E22CE", "#A16207", "#BE123C", "#0E7490", "#4B5563",
];
const DASHES: [Option<&str>; 6] = [
    Some("12 6"),
    Some("3 5"),
    Some("16 5 3 5"),
    None,
    Some("7 4 2 4 2 4"),
    Some("1.5 4"),
];
const MARKERS: [Marker; 5] = [
    Marker::Square,
    Marker::Triangle,
    Marker::Diamond,
    Marker::Cross,
    Marker::Circle,
];

/// The `i`th series' style: colour, dash and marker all change from one series to the next.
pub fn style(i: usize) -> Style {
    Style {
        color: COLORS[i % COLORS.len()],
        dash: DASHES[i % DASHES.len()],
        marker: MARKERS[i % MARKERS.len()],
        width: 3.0,
    }
}

/// A marker of radius `r` centred on (x, y).
pub fn marker(m: Marker, x: f64, y: f64, r: f64, color: &str) -> Markup {
    match m {
        Marker::Circle => {
            html! { circle cx=(c(x)) cy=(c(y)) r=(c(r)) fill=(color) stroke="#ffffff" stroke-width="1.5" {} }
        }
        Marker::Square => {
            let s = r * 0.9;
            html! { rect x=(c(x - s)) y=(c(y - s)) width=(c(2.0 * s)) height=(c(2.0 * s)) fill=(color) stroke="#ffffff" stroke-width="1.5" {} }
        }
        Marker::Triangle => {
            let r = r * 1.2;
            let pts = format!(
                "{},{} {},{} {},{}",
                c(x),
                c(y - r),
                c(x + r * 0.866),
                c(y + r * 0.5),
                c(x - r * 0.866),
                c(y + r * 0.5)
            );
            html! { polygon points=(pts) fill=(color) stroke="#ffffff" stroke-width="1.5" {} }
        }
        Marker::Diamond => {
            let r = r * 1.2;
            let pts = format!(
                "{},{} {},{} {},{} {},{}",
                c(x),
                c(y - r),
                c(x + r),
                c(y),
                c(x),
                c(y + r),
                c(x - r),
                c(y)
            );
            html! { polygon points=(pts) fill=(color) stroke="#ffffff" stroke-width="1.5" {} }
        }
        Marker::Cross => {
            let d = format!(
                "M{} {}L{} {}M{} {}L{} {}",
                c(x - r),
                c(y - r),
                c(x + r),
                c(y + r),
                c(x - r),
                c(y + r),
                c(x + r),
                c(y - r)
            );
            html! { path d=(d) stroke=(color) stroke-width="3.5" stroke-linecap="round" fill="none" {} }
        }
    }
}

/// Lines of at most `max` columns for an SVG label, broken at spaces (a longer word keeps
/// its own line). SVG text folds runs of whitespace into one space, so they are folded
/// before wrapping (textwrap keeps newlines and counts every space) and a line's width is
/// that of the text as drawn.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let opts = textwrap::Options::new(max)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit)
        .break_words(false);
    textwrap::wrap(&folded, opts)
        .into_iter()
        .map(std::borrow::Cow::into_owned)
        .collect()
}

/// The opening of every chart: role, label and description.
fn frame(id: &str, title: &str, desc: &str, w: f64, h: f64, class: &str, body: Markup) -> Markup {
    let t = format!("{id}-title");
    let d = format!("{id}-desc");
    html! {
        svg id=(id) class=(format!("chart {class}"))
            viewBox=(format!("0 0 {} {}", c(w), c(h))) role="img"
            aria-labelledby=(format!("{t} {d}")) {
            title id=(t) { (title) }
            desc id=(d) { (desc) }
            (body)
        }
    }
}

/// One line of a legend: a short sample of the series' line with its marker.
pub fn swatch(s: &Style) -> Markup {
    html! {
        svg.swatch viewBox="0 0 60 24" width="60" height="24" aria-hidden="true" focusable="false" {
            line x1="2" y1="12" x2="58" y2="12" stroke=(s.color) stroke-width=(c(s.width))
                stroke-dasharray=[s.dash] {}
            (marker(s.marker, 30.0, 12.0, 6.0, s.color))
        }
    }
}

/// A legend under a chart: each series' sample line and its name.
pub fn legend(items: &[(Style, String)]) -> Markup {
    html! {
        ul.legend {
            @for (s, label) in items {
                li { (swatch(s)) span { (label) } }
            }
        }
    }
}

pub struct RadarSeries {
    /// A stable key for the series (a role id, `group`), written as `data-series`.
    pub key: String,
    pub style: Style,
    /// One value per axis, 0–100; `None` is drawn at the centre without a marker.
    pub values: Vec<Option<f64>>,
    /// Fill the polygon lightly (one series only, or it gets muddy).
    pub fill: bool,
}

/// A radar (spider) chart: one axis per dimension, 0 at the centre, 100 at the rim,
/// one polygon per series. Needs at least three axes.
pub fn radar(id: &str, title: &str, desc: &str, axes: &[String], series: &[RadarSeries]) -> Markup {
    let (w, h) = (880.0, 640.0);
    let (cx, cy, rr) = (w / 2.0, h / 2.0, 205.0);
    let n = axes.len().max(1);
    let angle = |i: usize| -PI / 2.0 + 2.0 * PI * i as f64 / n as f64;
    let at = |i: usize, v: f64| {
        let a = angle(i);
        let r = rr * v.clamp(0.0, 100.0) / 100.0;
        (cx + r * a.cos(), cy + r * a.sin())
    };
    let ring = |v: f64| {
        (0..n)
            .map(|i| {
                let (x, y) = at(i, v);
                format!("{},{}", c(x), c(y))
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let body = html! {
        g.grid {
            @for k in 1..=5 {
                polygon points=(ring(k as f64 * 20.0)) fill="none"
                    stroke=(if k == 5 { "#6b7280" } else { "#c9ced6" })
                    stroke-width=(if k == 5 { "1.5" } else { "1" }) {}
            }
            @for i in 0..n {
                @let (x, y) = at(i, 100.0);
                line x1=(c(cx)) y1=(c(cy)) x2=(c(x)) y2=(c(y)) stroke="#c9ced6" stroke-width="1" {}
            }
            @for k in 1..=5 {
                text.tick x=(c(cx + 6.0)) y=(c(cy - rr * k as f64 / 5.0 + 17.0)) font-size="16" fill="#4b5563" {
                    (k * 20)
                }
            }
        }
        g.axes {
            @for (i, label) in axes.iter().enumerate() {
                @let a = angle(i);
                @let (x, y) = (cx + (rr + 22.0) * a.cos(), cy + (rr + 22.0) * a.sin());
                @let lines = wrap(label, 16);
                @let k = lines.len() as f64;
                @let anchor = if a.cos() > 0.3 { "start" } else if a.cos() < -0.3 { "end" } else { "middle" };
                @let y0 = if a.sin() < -0.5 {
                    y - (k - 1.0) * 24.0 - 4.0
                } else if a.sin() > 0.5 {
                    y + 18.0
                } else {
                    y - (k - 1.0) * 12.0 + 7.0
                };
                text x=(c(x)) y=(c(y0)) text-anchor=(anchor) font-size="21" font-weight="600" fill="#111111" {
                    @for (j, l) in lines.iter().enumerate() {
                        tspan x=(c(x)) dy=(if j == 0 { "0" } else { "24" }) { (l) }
                    }
                }
            }
        }
        @for s in series {
            @let pts = (0..n).map(|i| {
                let (x, y) = at(i, s.values.get(i).copied().flatten().unwrap_or(0.0));
                format!("{},{}", c(x), c(y))
            }).collect::<Vec<_>>().join(" ");
            g.series data-series=(s.key) {
                polygon points=(pts) fill=(if s.fill { s.style.color } else { "none" })
                    fill-opacity=[s.fill.then_some("0.14")]
                    stroke=(s.style.color) stroke-width=(c(s.style.width))
                    stroke-dasharray=[s.style.dash] stroke-linejoin="round" {}
                @for i in 0..n {
                    @if let Some(v) = s.values.get(i).copied().flatten() {
                        @let (x, y) = at(i, v);
                        (marker(s.style.marker, x, y, 6.5, s.style.color))
                    }
                }
            }
        }
    };
    frame(id, title, desc, w, h, "radar", body)
}

pub struct Bar {
    pub label: String,
    pub value: f64,
    /// Printed at the right end of the label line (for example "top 3 for 10 of 12").
    pub note: Option<String>,
    pub highlight: bool,
}

/// Horizontal bars on a 0–100 scale, one per row, each with its label above it and its
/// value at its end.
pub fn hbars(id: &str, title: &str, desc: &str, bars: &[Bar]) -> Markup {
    let w = 900.0;
    let (x0, span) = (4.0, 700.0);
    let mut y = 8.0;
    let mut rows = Vec::new();
    for b in bars {
        let lines = wrap(&b.label, if b.note.is_some() { 58 } else { 80 });
        let top = y;
        y += lines.len() as f64 * 23.0 + 34.0;
        rows.push((top, lines, b));
    }
    let h = y + 30.0;
    let x = |v: f64| x0 + span * v.clamp(0.0, 100.0) / 100.0;
    let body = html! {
        g.grid {
            @for k in 0..=4 {
                @let v = k as f64 * 25.0;
                line x1=(c(x(v))) y1="4" x2=(c(x(v))) y2=(c(h - 26.0))
                    stroke=(if k == 0 { "#6b7280" } else { "#dde1e6" }) stroke-width="1" {}
                text.tick x=(c(x(v))) y=(c(h - 6.0)) text-anchor=(if k == 0 { "start" } else { "middle" })
                    font-size="15" fill="#4b5563" { (v as i64) }
            }
        }
        @for (top, lines, b) in &rows {
            @let bar_y = top + lines.len() as f64 * 23.0 + 2.0;
            g.bar data-value=(n1(b.value)) {
                text x=(c(x0 + 4.0)) y=(c(top + 18.0)) font-size="18"
                    font-weight=(if b.highlight { "700" } else { "500" }) fill="#111111" {
                    @for (j, l) in lines.iter().enumerate() {
                        tspan x=(c(x0 + 4.0)) dy=(if j == 0 { "0" } else { "23" }) { (l) }
                    }
                }
                @if let Some(note) = &b.note {
                    text x=(c(w - 4.0)) y=(c(top + 18.0)) text-anchor="end" font-size="16" fill="#374151" { (note) }
                }
                rect x=(c(x0)) y=(c(bar_y)) width=(c((x(b.value) - x0).max(2.0))) height="22" rx="3"
                    fill=(if b.highlight { "#B91C1C" } else { "#5B6B80" }) {}
                text x=(c(x(b.value) + 8.0)) y=(c(bar_y + 17.0)) font-size="17" font-weight="700" fill="#111111" {
                    (n1(b.value))
                }
            }
        }
    };
    frame(id, title, desc, w, h, "bars", body)
}

pub struct PairRow {
    pub label: String,
    /// How many chose this step today, and as the wish.
    pub today: usize,
    pub wish: usize,
    /// Printed at the right end of the label line (for example a survey figure).
    pub note: Option<String>,
}

/// The ladder for a group: per step, how many respondents put the relationship there
/// today (◆, red) and wish it to be there (◇, blue), on a shared count scale.
pub fn ladder_bars(id: &str, title: &str, desc: &str, rows: &[PairRow]) -> Markup {
    let w = 900.0;
    let (lx, px0, px1) = (4.0, 360.0, 680.0);
    let most = rows
        .iter()
        .map(|r| r.today.max(r.wish))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let x = |n: usize| px0 + (px1 - px0) * n as f64 / most;
    let mut y = 6.0;
    let mut placed = Vec::new();
    for r in rows {
        let lines = wrap(&r.label, 30);
        let hgt = (lines.len() as f64 * 21.0 + 14.0).max(68.0);
        placed.push((y, hgt, lines, r));
        y += hgt;
    }
    let h = y + 4.0;
    let body = html! {
        line x1=(c(px0)) y1="2" x2=(c(px0)) y2=(c(h - 2.0)) stroke="#6b7280" stroke-width="1" {}
        @for (top, hgt, lines, r) in &placed {
            @let mid = top + hgt / 2.0;
            @let k = lines.len() as f64;
            g.step data-today=(r.today) data-wish=(r.wish) {
                line x1=(c(lx)) y1=(c(top + hgt)) x2=(c(w - 4.0)) y2=(c(top + hgt)) stroke="#eef0f3" stroke-width="1" {}
                text x=(c(lx)) y=(c(mid - (k - 1.0) * 10.5 + 6.0)) font-size="17" font-weight="500" fill="#111111" {
                    @for (j, l) in lines.iter().enumerate() {
                        tspan x=(c(lx)) dy=(if j == 0 { "0" } else { "21" }) { (l) }
                    }
                }
                rect x=(c(px0)) y=(c(mid - 25.0)) width=(c((x(r.today) - px0).max(0.0))) height="22" fill="#B91C1C" {}
                text x=(c(x(r.today) + 8.0)) y=(c(mid - 8.0)) font-size="17" font-weight="700" fill="#B91C1C" {
                    "◆ " (r.today) " today"
                }
                rect x=(c(px0)) y=(c(mid + 3.0)) width=(c((x(r.wish) - px0).max(0.0))) height="22" fill="#0B5CAD" {}
                text x=(c(x(r.wish) + 8.0)) y=(c(mid + 20.0)) font-size="17" font-weight="700" fill="#0B5CAD" {
                    "◇ " (r.wish) " wish"
                }
                @if let Some(n) = &r.note {
                    text x=(c(w - 4.0)) y=(c(mid + 6.0)) text-anchor="end" font-size="15" fill="#374151" { (n) }
                }
            }
        }
    };
    frame(id, title, desc, w, h, "ladder", body)
}

pub struct DotRow {
    pub label: String,
    /// (value, index into the chart's styles).
    pub dots: Vec<(f64, usize)>,
    /// A line drawn under the dots, for example min to max.
    pub range: Option<(f64, f64)>,
    /// Emphasised (bold label, darker range).
    pub flag: bool,
}

/// Rows of dots on a shared 0–100 axis: a dumbbell chart (two groups' scores joined by
/// a line) or a range chart (minimum to maximum with the mean).
pub fn dot_rows(id: &str, title: &str, desc: &str, rows: &[DotRow], styles: &[Style]) -> Markup {
    let w = 900.0;
    let (lx, px0, px1) = (4.0, 350.0, 872.0);
    let x = |v: f64| px0 + (px1 - px0) * v.clamp(0.0, 100.0) / 100.0;
    let mut y = 40.0;
    let mut placed = Vec::new();
    for r in rows {
        let lines = wrap(&r.label, 30);
        let hgt = (lines.len() as f64 * 21.0 + 18.0).max(46.0);
        placed.push((y, hgt, lines, r));
        y += hgt;
    }
    let h = y + 8.0;
    let body = html! {
        g.grid {
            @for k in 0..=4 {
                @let v = k as f64 * 25.0;
                line x1=(c(x(v))) y1="30" x2=(c(x(v))) y2=(c(h - 4.0)) stroke="#dde1e6" stroke-width="1" {}
                text.tick x=(c(x(v))) y="20" text-anchor="middle" font-size="15" fill="#4b5563" { (v as i64) }
            }
        }
        @for (top, hgt, lines, r) in &placed {
            @let mid = top + hgt / 2.0;
            @let k = lines.len() as f64;
            g.row {
                line x1=(c(lx)) y1=(c(top + hgt)) x2=(c(px1)) y2=(c(top + hgt)) stroke="#eef0f3" stroke-width="1" {}
                text x=(c(lx)) y=(c(mid - (k - 1.0) * 10.5 + 6.0)) font-size="17"
                    font-weight=(if r.flag { "700" } else { "500" }) fill="#111111" {
                    @for (j, l) in lines.iter().enumerate() {
                        tspan x=(c(lx)) dy=(if j == 0 { "0" } else { "21" }) { (l) }
                    }
                }
                @if let Some((a, b)) = r.range {
                    line x1=(c(x(a))) y1=(c(mid)) x2=(c(x(b))) y2=(c(mid))
                        stroke=(if r.flag { "#374151" } else { "#9aa3ad" }) stroke-width="5" stroke-linecap="round" {}
                }
                // Two dots that would cover each other move apart vertically.
                @let close = r.dots.len() == 2 && (r.dots[0].0 - r.dots[1].0).abs() < 3.0;
                @for (k, (v, si)) in r.dots.iter().enumerate() {
                    @let s = styles.get(*si).copied().unwrap_or(GROUP);
                    @let dy = if close { if k == 0 { -7.0 } else { 7.0 } } else { 0.0 };
                    (marker(s.marker, x(*v), mid + dy, 8.5, s.color))
                }
            }
        }
    };
    frame(id, title, desc, w, h, "dots", body)
}

pub struct Line {
    pub key: String,
    pub style: Style,
    pub values: Vec<Option<f64>>,
    /// Print each point's value above it.
    pub labels: bool,
}

/// A line chart over waves: x is the wave (evenly spaced), y the score 0–100.
pub fn line_chart(id: &str, title: &str, desc: &str, xs: &[String], lines: &[Line]) -> Markup {
    let (w, h) = (900.0, 500.0);
    let (px0, px1, py0, py1) = (100.0, 850.0, 30.0, 430.0);
    let n = xs.len();
    let x = |i: usize| {
        if n <= 1 {
            (px0 + px1) / 2.0
        } else {
            px0 + (px1 - px0) * i as f64 / (n - 1) as f64
        }
    };
    let y = |v: f64| py1 - (py1 - py0) * v.clamp(0.0, 100.0) / 100.0;
    let body = html! {
        g.grid {
            @for k in 0..=5 {
                @let v = k as f64 * 20.0;
                line x1=(c(px0 - 40.0)) y1=(c(y(v))) x2=(c(px1 + 30.0)) y2=(c(y(v)))
                    stroke=(if k == 0 { "#6b7280" } else { "#dde1e6" }) stroke-width="1" {}
                text.tick x=(c(px0 - 50.0)) y=(c(y(v) + 5.0)) text-anchor="end" font-size="15" fill="#4b5563" { (v as i64) }
            }
            @for (i, l) in xs.iter().enumerate() {
                text x=(c(x(i))) y=(c(py1 + 36.0)) text-anchor="middle" font-size="18" font-weight="600" fill="#111111" { (l) }
            }
        }
        @for l in lines {
            g.series data-series=(l.key) {
                @for run in runs(&l.values) {
                    @let pts = run.iter().map(|&(i, v)| format!("{},{}", c(x(i)), c(y(v)))).collect::<Vec<_>>().join(" ");
                    polyline points=(pts) fill="none" stroke=(l.style.color) stroke-width=(c(l.style.width))
                        stroke-dasharray=[l.style.dash] stroke-linejoin="round" stroke-linecap="round" {}
                }
                @for (i, v) in l.values.iter().enumerate() {
                    @if let Some(v) = v {
                        (marker(l.style.marker, x(i), y(*v), 6.5, l.style.color))
                        @if l.labels {
                            text x=(c(x(i))) y=(c(y(*v) - 16.0)) text-anchor="middle" font-size="18" font-weight="700"
                                fill=(l.style.color) stroke="#ffffff" stroke-width="5" paint-order="stroke" { (n1(*v)) }
                        }
                    }
                }
            }
        }
    };
    frame(id, title, desc, w, h, "lines", body)
}

/// Runs of consecutive known values: a line breaks where a wave has no score.
fn runs(values: &[Option<f64>]) -> Vec<Vec<(usize, f64)>> {
    let mut out: Vec<Vec<(usize, f64)>> = Vec::new();
    let mut cur = Vec::new();
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => cur.push((i, *v)),
            None if !cur.is_empty() => out.push(std::mem::take(&mut cur)),
            None => {}
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// A small line of 0–100 values for a table cell; decorative (the cell's row has the numbers).
pub fn sparkline(values: &[Option<f64>]) -> Markup {
    let (w, h) = (120.0, 32.0);
    let n = values.len();
    let x = |i: usize| {
        if n <= 1 {
            w / 2.0
        } else {
            4.0 + (w - 8.0) * i as f64 / (n - 1) as f64
        }
    };
    let y = |v: f64| h - 4.0 - (h - 8.0) * v.clamp(0.0, 100.0) / 100.0;
    html! {
        svg.spark viewBox=(format!("0 0 {} {}", c(w), c(h))) width="120" height="32" aria-hidden="true" focusable="false" {
            line x1="0" y1=(c(y(50.0))) x2=(c(w)) y2=(c(y(50.0))) stroke="#dde1e6" stroke-width="1" {}
            @for run in runs(values) {
                @let pts = run.iter().map(|&(i, v)| format!("{},{}", c(x(i)), c(y(v)))).collect::<Vec<_>>().join(" ");
                polyline points=(pts) fill="none" stroke="#0B5CAD" stroke-width="2.5" stroke-linejoin="round" {}
            }
            @if let Some((i, Some(v))) = values.iter().enumerate().next_back() {
                circle cx=(c(x(i))) cy=(c(y(*v))) r="3.5" fill="#0B5CAD" {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces() {
        assert_eq!(
            wrap("Shared goals, metrics and rewards", 18),
            vec!["Shared goals,", "metrics and", "rewards"]
        );
        assert_eq!(wrap("", 10), vec![""]);
        assert_eq!(
            wrap("averyveryverylongword x", 5),
            vec!["averyveryverylongword", "x"]
        );
        // Whitespace of any kind folds to one space; hyphenated words stay whole.
        assert_eq!(
            wrap(" lead-to-cash\tand\n\n  pipeline ", 14),
            vec!["lead-to-cash", "and pipeline"]
        );
        // Columns as drawn: a wide character takes two.
        assert_eq!(wrap("日本語 日本語 ab", 9), vec!["日本語", "日本語 ab"]);
    }

    #[test]
    fn numbers_are_stable() {
        assert_eq!(n1(-0.01), "0.0");
        assert_eq!(n1(12.345), "12.3");
        assert_eq!(c(10.0), "10");
        assert_eq!(c(-0.04), "0");
        assert_eq!(c(3.25), "3.3");
    }

    #[test]
    fn text_is_escaped() {
        let m = radar(
            "r",
            "<t>",
            "\"d\"",
            &["<script>".into(), "a".into(), "b".into()],
            &[],
        )
        .into_string();
        assert!(!m.contains("<script>"));
        assert!(m.contains("&lt;script&gt;"));
        assert!(m.contains("&lt;t&gt;"));
    }
}
