use super::Document;
use super::{Renderer, TextOptions};
use crate::error::Result;
use crate::numfmt;
use crate::report::group::GroupReport;
use crate::report::trend::TrendReport;
use crate::report::{Report, SingleReport};
use crate::sanitize::plain;
use comfy_table::{Cell, CellAlignment, ContentArrangement, Table, presets};
use std::fmt::Write;

/// Plain text with tables, for the terminal. No colour: it reads the same piped into
/// a file, and `NO_COLOR` needs nothing special.
pub struct Text(pub TextOptions);

impl Renderer for Text {
    fn render(&self, doc: &Document) -> Result<String> {
        let mut out = String::new();
        if let Some(g) = &doc.gates {
            gates(&mut out, g, self.0.width);
        }
        match &doc.report {
            Report::Single(r) => single(&mut out, r, self.0),
            Report::Group(r) => group(&mut out, r, self.0),
            Report::Trend(r) => trend(&mut out, r, self.0),
        }
        Ok(if self.0.color { colorize(&out) } else { out })
    }
}

const BOLD: &str = "\x1b[1m";
const RED: &str = "\x1b[1;31m";
const YELLOW: &str = "\x1b[33m";
const GREEN: &str = "\x1b[32m";
const RESET: &str = "\x1b[0m";

/// Colour for a terminal, added to the finished plain text so the plain text stays the
/// one thing renderers produce: headings (a line underlined with ─) in bold, and the
/// gate summary's verdict and FAIL/WARN results in red and yellow. User text was
/// stripped of escape codes before, so the only codes are these.
fn colorize(plain: &str) -> String {
    let lines: Vec<&str> = plain.split('\n').collect();
    let mut out = String::with_capacity(plain.len() + 256);
    let mut in_gates = false;
    for (i, line) in lines.iter().enumerate() {
        let underline = lines.get(i + 1).is_some_and(|n| {
            !n.is_empty()
                && n.chars().all(|c| c == '─')
                && n.chars().count() == line.chars().count()
        });
        if i == 0 && line.starts_with("Gates: ") {
            in_gates = true;
            let c = if line.starts_with("Gates: FAILED") {
                RED
            } else if line.contains("warning") {
                YELLOW
            } else {
                GREEN
            };
            out.push_str(&format!("{c}{line}{RESET}"));
        } else if underline {
            out.push_str(&format!("{BOLD}{line}{RESET}"));
        } else if in_gates && line.starts_with('│') {
            out.push_str(
                &line
                    .replace("┆ FAIL ", &format!("┆ {RED}FAIL{RESET} "))
                    .replace("┆ WARN ", &format!("┆ {YELLOW}WARN{RESET} ")),
            );
        } else {
            if line.is_empty() {
                in_gates = false;
            }
            out.push_str(line);
        }
        if i + 1 < lines.len() {
            out.push('\n');
        }
    }
    out
}

pub(crate) fn table(width: u16) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED.with_rounded_corners())
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(width);
    t
}

fn right(s: impl ToString) -> Cell {
    Cell::new(s.to_string()).set_alignment(CellAlignment::Right)
}

/// A bar of `width` cells for a 0–100 value.
pub(crate) fn bar(v: Option<f64>, width: usize) -> String {
    let Some(v) = v else { return String::new() };
    let filled = ((v.clamp(0.0, 100.0) / 100.0) * width as f64).round() as usize;
    format!("{}{}", "█".repeat(filled), "░".repeat(width - filled))
}

fn heading(out: &mut String, title: &str) {
    let _ = writeln!(out, "\n{title}\n{}", "─".repeat(title.chars().count()));
}

/// Wraps at spaces only: file names and hyphenated words stay whole.
fn wrap_options<'a>(width: u16) -> textwrap::Options<'a> {
    textwrap::Options::new((width as usize).max(20))
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .break_words(false)
}

fn para(out: &mut String, text: &str, indent: &str, width: u16) {
    let opts = wrap_options(width)
        .initial_indent(indent)
        .subsequent_indent(indent);
    for line in textwrap::wrap(&plain(text), opts) {
        let _ = writeln!(out, "{line}");
    }
}

/// A paragraph whose first line starts with `first` and the rest are indented to match.
fn hang(out: &mut String, first: &str, text: &str, width: u16) {
    let indent = " ".repeat(first.chars().count());
    let opts = wrap_options(width)
        .initial_indent(first)
        .subsequent_indent(&indent);
    for line in textwrap::wrap(&plain(text), opts) {
        let _ = writeln!(out, "{line}");
    }
}

fn single(out: &mut String, r: &SingleReport, o: TextOptions) {
    let w = o.width;
    let q = &r.questionnaire;
    para(out, &format!("{} ({} {})", q.title, q.id, q.version), "", w);
    let p = &r.respondent;
    let mut who = vec![
        p.name
            .clone()
            .unwrap_or_else(|| "Anonymous respondent".into()),
    ];
    if let Some(role) = p.role_name.as_ref().or(p.role.as_ref()) {
        who.push(role.clone());
    }
    if let Some(d) = &p.date {
        who.push(d.clone());
    }
    para(out, &who.join(" · "), "", w);
    let counts = p.counts();
    let state = if p.complete {
        "complete"
    } else {
        "INCOMPLETE: scores use the answers given"
    };
    para(
        out,
        &format!(
            "{counts} of {} questions; {state}. File: {}",
            p.questions, p.file
        ),
        "",
        w,
    );

    heading(out, "Score");
    let _ = writeln!(
        out,
        "Overall  {:>5} / 100  {}",
        numfmt::score(r.overall),
        bar(r.overall, 20)
    );
    if let Some(l) = &r.level {
        let basis = if l.basis == "raw" {
            format!(
                " (raw total {} in {}–{})",
                numfmt::whole(l.value),
                numfmt::whole(l.min),
                numfmt::whole(l.max)
            )
        } else {
            String::new()
        };
        para(
            out,
            &format!("Level    {}, {} of {}{basis}", l.name, l.step, l.of),
            "",
            w,
        );
        if !l.description.is_empty() {
            para(out, &l.description, "         ", w);
        }
    }

    if let Some(l) = &r.ladder {
        heading(out, &format!("Self-described level: {}", plain(&l.name)));
        let has_bench = l.steps.iter().any(|s| s.benchmark.is_some());
        let mut t = table(w);
        let mut head = vec![
            Cell::new("#"),
            Cell::new("Step"),
            Cell::new("Today"),
            Cell::new("Wanted"),
        ];
        if has_bench {
            head.push(Cell::new("Survey: wanted"));
        }
        t.set_header(head);
        for (i, s) in l.steps.iter().enumerate() {
            let n = i + 1;
            let mut row = vec![
                right(n),
                Cell::new(plain(&s.label)),
                Cell::new(if l.current == Some(n) {
                    "◆ today"
                } else {
                    ""
                }),
                Cell::new(if l.desired == Some(n) {
                    "◇ wanted"
                } else {
                    ""
                }),
            ];
            if has_bench {
                row.push(right(
                    s.benchmark
                        .map(|b| format!("{}%", numfmt::whole(b)))
                        .unwrap_or_default(),
                ));
            }
            t.add_row(row);
        }
        let _ = writeln!(out, "{t}");
        let gap = match (l.current, l.desired, l.gap) {
            (_, _, Some(0)) => "Today is where the respondent wants to be.".to_string(),
            (_, _, Some(g)) if g > 0 => format!(
                "Gap: {g} step{} between today and the wish.",
                if g == 1 { "" } else { "s" }
            ),
            (_, _, Some(g)) => format!(
                "Gap: the respondent wants {} step{} less integration than today.",
                -g,
                if g == -1 { "" } else { "s" }
            ),
            _ => "Gap: not known (a ladder question was not answered).".to_string(),
        };
        para(out, &gap, "", w);
        if let Some(note) = &l.benchmark_note {
            para(out, &format!("Survey: {note}"), "", w);
        }
    }

    heading(out, "Dimensions");
    let mut t = table(w);
    t.set_header(vec![
        Cell::new("Dimension"),
        right("Score"),
        Cell::new(""),
        right("Answered"),
    ]);
    for d in &r.dimensions {
        t.add_row(vec![
            Cell::new(plain(&d.name)),
            right(numfmt::score(d.score)),
            Cell::new(bar(d.score, 10)),
            right(format!("{}/{}", d.answered, d.questions)),
        ]);
    }
    let _ = writeln!(out, "{t}");

    heading(out, "Root causes, most severe first");
    if r.causes.is_empty() {
        para(
            out,
            "No root cause received evidence from the answers given.",
            "",
            w,
        );
    } else {
        let mut t = table(w);
        t.set_header(vec![
            right("#"),
            Cell::new("Root cause"),
            right("Severity"),
            right("Evidence"),
        ]);
        for c in &r.causes {
            t.add_row(vec![
                right(c.rank),
                Cell::new(plain(&c.name)),
                right(format!("{:.1}", c.severity)),
                right(format!(
                    "{} of {}",
                    numfmt::whole(c.evidence_received),
                    numfmt::whole(c.evidence_possible)
                )),
            ]);
        }
        let _ = writeln!(out, "{t}");
        if r.causes.len() < r.causes_ranked {
            para(
                out,
                &format!(
                    "Showing the top {} of {} ranked causes.",
                    r.causes.len(),
                    r.causes_ranked
                ),
                "",
                w,
            );
        }
        for c in &r.causes {
            let _ = writeln!(out);
            para(
                out,
                &format!("{}. {} (severity {:.1})", c.rank, c.name, c.severity),
                "",
                w,
            );
            para(out, &c.explanation, "   ", w);
            if !c.evidence.is_empty() {
                let _ = writeln!(out, "   Evidence:");
                for e in &c.evidence {
                    hang(
                        out,
                        "   - ",
                        &format!(
                            "{} → {} (+{} of {})",
                            e.text,
                            e.answer,
                            numfmt::whole(e.amount),
                            numfmt::whole(e.possible)
                        ),
                        w,
                    );
                }
            }
            let _ = writeln!(out, "   What to do:");
            for rem in &c.remedies {
                hang(out, "   - ", rem, w);
            }
            if !c.sources.is_empty() {
                hang(out, "   Sources: ", &c.sources.join("; "), w);
            }
        }
    }

    if !r.findings.is_empty() {
        heading(out, "Findings");
        for f in &r.findings {
            hang(out, "- ", &format!("{}: {}", f.name, f.insight), w);
        }
    }

    for c in &r.checklists {
        heading(out, "Checklist");
        para(out, &c.text, "", w);
        if !c.answered {
            para(out, "Not answered.", "", w);
            continue;
        }
        for i in &c.items {
            hang(out, if i.ticked { "[x] " } else { "[ ] " }, &i.label, w);
        }
    }

    for ch in &r.five_whys {
        heading(out, "Five whys");
        hang(out, "Symptom: ", &ch.symptom, w);
        for (i, y) in ch.whys.iter().enumerate() {
            hang(out, &format!("  why {}: ", i + 1), y, w);
        }
        match (&ch.cause, &ch.cause_name) {
            (Some(_), Some(name)) => hang(out, "Root cause: ", name, w),
            _ => para(out, "Root cause: not tagged", "", w),
        }
    }

    if !r.comments.is_empty() {
        heading(out, "In their words");
        for c in &r.comments {
            para(out, &c.text, "", w);
            hang(out, "  “", &format!("{}”", c.answer), w);
        }
    }
}

use numfmt::pct;

fn signed(v: f64) -> String {
    numfmt::signed(v, numfmt::Sign::Ascii)
}

fn group(out: &mut String, r: &GroupReport, o: TextOptions) {
    let w = o.width;
    let q = &r.questionnaire;
    para(
        out,
        &format!("{} ({} {}): workshop report", q.title, q.id, q.version),
        "",
        w,
    );
    let by_role: Vec<String> = r
        .roles
        .iter()
        .map(|x| format!("{} {}", x.respondents, plain(&x.name)))
        .collect();
    let mut line = format!(
        "{} respondent{}: {}.",
        r.respondents,
        if r.respondents == 1 { "" } else { "s" },
        by_role.join(", ")
    );
    if r.incomplete > 0 {
        line.push_str(&format!(
            " {} incomplete: their scores use the answers they gave.",
            r.incomplete
        ));
    }
    para(out, &line, "", w);

    heading(out, "Score");
    let _ = writeln!(
        out,
        "Group overall  {:>5} / 100  {}",
        numfmt::score(r.overall),
        bar(r.overall, 20)
    );
    if let Some(l) = &r.level {
        para(out, &format!("Level          {l}"), "", w);
    }

    heading(out, "Respondents");
    let mut t = table(w);
    let named = !r.anonymous;
    let mut head = vec![right("#")];
    if named {
        head.push(Cell::new("Respondent"));
    }
    head.extend([
        Cell::new("Role"),
        Cell::new("Date"),
        right("Overall"),
        Cell::new("Complete"),
    ]);
    t.set_header(head);
    for p in &r.people {
        let mut row = vec![right(p.number)];
        if named {
            row.push(Cell::new(plain(p.name.as_deref().unwrap_or("–"))));
        }
        let role = r
            .roles
            .iter()
            .find(|x| x.id == p.role)
            .map(|x| x.name.as_str())
            .unwrap_or(&p.role);
        row.extend([
            Cell::new(plain(role)),
            Cell::new(plain(p.date.as_deref().unwrap_or(""))),
            right(numfmt::score(p.overall)),
            Cell::new(if p.complete {
                "yes".to_string()
            } else {
                format!("no ({} unanswered)", p.missing)
            }),
        ]);
        t.add_row(row);
    }
    let _ = writeln!(out, "{t}");

    heading(out, "Scores by role");
    let mut t = table(w);
    let mut head = vec![Cell::new("Dimension"), right("All")];
    head.extend(r.roles.iter().map(|x| right(plain(&x.name))));
    head.push(right("Spread"));
    t.set_header(head);
    let mut row = vec![Cell::new("Overall"), right(numfmt::score(r.overall))];
    row.extend(r.roles.iter().map(|x| right(numfmt::score(x.overall))));
    row.push(Cell::new(""));
    t.add_row(row);
    for d in &r.dimensions {
        let mut row = vec![Cell::new(plain(&d.name)), right(numfmt::score(d.score))];
        row.extend(d.by_role.iter().map(|x| right(numfmt::score(x.score))));
        row.push(right(match d.spread {
            Some(s) if d.discuss => format!("{s:.1} ⚑"),
            Some(s) => format!("{s:.1}"),
            None => "–".into(),
        }));
        t.add_row(row);
    }
    let mut row = vec![
        Cell::new("Level"),
        Cell::new(plain(r.level.as_deref().unwrap_or("–"))),
    ];
    row.extend(
        r.roles
            .iter()
            .map(|x| Cell::new(plain(x.level.as_deref().unwrap_or("–")))),
    );
    row.push(Cell::new(""));
    t.add_row(row);
    let _ = writeln!(out, "{t}");
    para(
        out,
        "Scores are means of the respondents' scores. Spread is the standard deviation across respondents, in points; ⚑ marks 20 or more: the room does not agree there.",
        "",
        w,
    );

    if !r.sales_vs_marketing.is_empty() {
        heading(out, "Where sales and marketing see the company differently");
        let mut t = table(w);
        t.set_header(vec![
            Cell::new("Dimension"),
            right("Sales"),
            right("Marketing"),
            right("Gap"),
        ]);
        for g in &r.sales_vs_marketing {
            t.add_row(vec![
                Cell::new(plain(&g.dimension_name)),
                right(format!("{:.1}", g.score)),
                right(format!("{:.1}", g.versus_score)),
                right(signed(g.gap)),
            ]);
        }
        let _ = writeln!(out, "{t}");
        if let Some(g) = r.sales_vs_marketing.first() {
            let who = if g.gap < 0.0 { "Marketing" } else { "Sales" };
            para(
                out,
                &format!(
                    "Largest gap: {}. {who} sees it {:.1} points more favourably.",
                    g.dimension_name,
                    g.gap.abs()
                ),
                "",
                w,
            );
        }
    }

    if !r.role_vs_rest.is_empty() {
        heading(
            out,
            "Each role against everyone else (three largest gaps per role)",
        );
        let mut t = table(w);
        t.set_header(vec![
            Cell::new("Role"),
            Cell::new("Dimension"),
            right("Role"),
            right("Rest"),
            right("Gap"),
        ]);
        for role in &r.roles {
            for g in r.role_vs_rest.iter().filter(|g| g.role == role.id).take(3) {
                t.add_row(vec![
                    Cell::new(plain(&role.name)),
                    Cell::new(plain(&g.dimension_name)),
                    right(format!("{:.1}", g.score)),
                    right(format!("{:.1}", g.versus_score)),
                    right(signed(g.gap)),
                ]);
            }
        }
        let _ = writeln!(out, "{t}");
    }

    let discuss: Vec<_> = r.dimensions.iter().filter(|d| d.discuss).collect();
    heading(out, "Where people disagree most");
    if discuss.is_empty() {
        para(
            out,
            "No dimension has a spread of 20 points or more: the room broadly agrees.",
            "",
            w,
        );
    } else {
        let mut ds = discuss.clone();
        ds.sort_by(|a, b| {
            crate::scoring::cmp_desc(a.spread.unwrap_or(0.0), b.spread.unwrap_or(0.0))
        });
        for d in ds {
            hang(
                out,
                "- ",
                &format!(
                    "{}: spread {:.1}, scores from {:.1} to {:.1}. Worth discussing.",
                    d.name,
                    d.spread.unwrap_or(0.0),
                    d.min.unwrap_or(0.0),
                    d.max.unwrap_or(0.0)
                ),
                w,
            );
        }
    }

    heading(out, "Root causes for the group, most severe first");
    if r.causes.is_empty() {
        para(
            out,
            "No root cause received evidence from the answers given.",
            "",
            w,
        );
    } else {
        let mut t = table(w);
        t.set_header(vec![
            right("#"),
            Cell::new("Root cause"),
            right("Severity"),
            right("In top 3 of"),
            Cell::new("Roles"),
        ]);
        for c in &r.causes {
            let roles: Vec<String> = c
                .in_top3_by_role
                .iter()
                .map(|x| {
                    let name = r
                        .roles
                        .iter()
                        .find(|y| y.id == x.role)
                        .map(|y| y.name.as_str())
                        .unwrap_or(&x.role);
                    format!("{} {}", x.count, plain(name))
                })
                .collect();
            t.add_row(vec![
                right(c.rank),
                Cell::new(plain(&c.name)),
                right(format!("{:.1}", c.severity)),
                right(format!("{}/{}", c.in_top3, r.respondents)),
                Cell::new(roles.join(", ")),
            ]);
        }
        let _ = writeln!(out, "{t}");
        if r.causes.len() < r.causes_ranked {
            para(
                out,
                &format!(
                    "Showing the top {} of {} ranked causes.",
                    r.causes.len(),
                    r.causes_ranked
                ),
                "",
                w,
            );
        }
        for c in r.causes.iter().take(3) {
            let _ = writeln!(out);
            para(
                out,
                &format!("{}. {} (severity {:.1})", c.rank, c.name, c.severity),
                "",
                w,
            );
            para(out, &c.explanation, "   ", w);
            let _ = writeln!(out, "   What to do:");
            for rem in &c.remedies {
                hang(out, "   - ", rem, w);
            }
        }
    }

    if !r.findings.is_empty() {
        heading(out, "Findings");
        for f in &r.findings {
            let whom: Vec<String> = f
                .fires_for
                .iter()
                .map(|x| {
                    if x == "group" {
                        "whole group".to_string()
                    } else {
                        r.roles
                            .iter()
                            .find(|y| &y.id == x)
                            .map(|y| plain(&y.name))
                            .unwrap_or_else(|| x.clone())
                    }
                })
                .collect();
            hang(
                out,
                "- ",
                &format!("{} [{}]: {}", f.name, whom.join(", "), f.insight),
                w,
            );
        }
    }

    for c in &r.checklists {
        heading(out, "Checklist by role");
        para(out, &c.text, "", w);
        let mut t = table(w);
        let mut head = vec![Cell::new("Item"), right("All")];
        head.extend(r.roles.iter().map(|x| right(plain(&x.name))));
        t.set_header(head);
        for i in &c.items {
            let mut row = vec![
                Cell::new(plain(&i.label)),
                right(pct(i.all.ticked, i.all.answered)),
            ];
            row.extend(i.by_role.iter().map(|s| right(pct(s.ticked, s.answered))));
            t.add_row(row);
        }
        let _ = writeln!(out, "{t}");
    }

    if let Some(l) = &r.ladder {
        heading(out, &format!("Self-described level: {}", plain(&l.name)));
        para(
            out,
            "How many respondents put the relationship at each step today / wish it to be there.",
            "",
            w,
        );
        let mut t = table(w);
        let mut head = vec![right("#"), Cell::new("Step")];
        for c in &l.counts {
            let name = if c.role == "all" {
                "All".to_string()
            } else {
                r.roles
                    .iter()
                    .find(|y| y.id == c.role)
                    .map(|y| plain(&y.name))
                    .unwrap_or_else(|| plain(&c.role))
            };
            head.push(right(name));
        }
        let bench = l.steps.iter().any(|s| s.benchmark.is_some());
        if bench {
            head.push(right("Survey: wish"));
        }
        t.set_header(head);
        for (i, s) in l.steps.iter().enumerate() {
            let mut row = vec![right(i + 1), Cell::new(plain(&s.label))];
            for c in &l.counts {
                row.push(right(format!("{} / {}", c.current[i], c.desired[i])));
            }
            if bench {
                row.push(right(
                    s.benchmark
                        .map(|b| format!("{}%", numfmt::whole(b)))
                        .unwrap_or_default(),
                ));
            }
            t.add_row(row);
        }
        let mut row = vec![Cell::new(""), Cell::new("Mean gap, steps")];
        for c in &l.counts {
            row.push(right(
                c.mean_gap
                    .map(|g| format!("{g:.1}"))
                    .unwrap_or_else(|| "–".into()),
            ));
        }
        if bench {
            row.push(Cell::new(""));
        }
        t.add_row(row);
        let _ = writeln!(out, "{t}");
        if let Some(n) = &l.benchmark_note {
            para(out, &format!("Survey: {n}"), "", w);
        }
    }

    if !r.five_whys.is_empty() {
        heading(out, "Five whys, by the root cause they end at");
        for g in &r.five_whys {
            let _ = writeln!(out);
            para(
                out,
                &format!(
                    "{} ({} chain{})",
                    g.cause_name,
                    g.chains.len(),
                    if g.chains.len() == 1 { "" } else { "s" }
                ),
                "",
                w,
            );
            for c in &g.chains {
                let role = r
                    .roles
                    .iter()
                    .find(|y| y.id == c.role)
                    .map(|y| y.name.clone())
                    .unwrap_or_else(|| c.role.clone());
                let who = match &c.respondent {
                    Some(n) => format!("{n} ({role})"),
                    None => role,
                };
                let mut chain = vec![c.symptom.clone()];
                chain.extend(c.whys.iter().cloned());
                hang(
                    out,
                    "  - ",
                    &format!("{who}: {}", chain.join(" ← because ")),
                    w,
                );
            }
        }
    }
}

/// The gate summary, printed first so a CI log shows it without scrolling.
fn gates(out: &mut String, g: &crate::gates::GateSummary, w: u16) {
    use crate::gates::Status;
    let verdict = if !g.passed {
        format!(
            "Gates: FAILED ({} failed, {} warning{})",
            g.failed,
            g.warned,
            if g.warned == 1 { "" } else { "s" }
        )
    } else if g.warned > 0 {
        format!(
            "Gates: passed with {} warning{}",
            g.warned,
            if g.warned == 1 { "" } else { "s" }
        )
    } else {
        "Gates: passed".to_string()
    };
    let _ = writeln!(out, "{verdict}");
    let mut t = table(w);
    t.set_header(vec!["Rule", "On failure", "Expected", "Found", "Result"]);
    for r in &g.results {
        t.add_row(vec![
            plain(&r.rule),
            match r.action {
                crate::gates::Action::Fail => "fail".to_string(),
                crate::gates::Action::Warn => "warn".to_string(),
            },
            plain(&r.expected),
            plain(&r.found),
            match r.status {
                Status::Pass => "pass".to_string(),
                Status::Warn => "WARN".to_string(),
                Status::Fail => "FAIL".to_string(),
            },
        ]);
    }
    let _ = writeln!(out, "{t}\n");
}

/// A sparkline of 0–100 values: one block per wave, blank where there is no score.
pub(crate) fn sparkline(values: &[Option<f64>]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    values
        .iter()
        .map(|v| match v {
            Some(v) => BARS[((v.clamp(0.0, 100.0) / 100.0) * 7.0).round() as usize],
            None => ' ',
        })
        .collect()
}

fn change(v: Option<f64>) -> String {
    numfmt::change(v, numfmt::Sign::Ascii)
}

fn trend(out: &mut String, r: &TrendReport, o: TextOptions) {
    let w = o.width;
    let q = &r.questionnaire;
    para(
        out,
        &format!(
            "{} ({} {}): trend over {} waves",
            q.title,
            q.id,
            q.version,
            r.waves.len()
        ),
        "",
        w,
    );

    heading(out, "Waves");
    let mut t = table(w);
    t.set_header(vec![
        Cell::new("Wave"),
        Cell::new("Date"),
        right("Respondents"),
        right("Overall"),
        right("Change"),
        Cell::new("Level"),
    ]);
    for wv in &r.waves {
        t.add_row(vec![
            Cell::new(plain(&wv.label)),
            Cell::new(plain(wv.date.as_deref().unwrap_or(""))),
            right(if wv.incomplete > 0 {
                format!("{} ({} incomplete)", wv.respondents, wv.incomplete)
            } else {
                wv.respondents.to_string()
            }),
            right(numfmt::score(wv.overall)),
            right(change(wv.overall_change)),
            Cell::new(plain(wv.level.as_deref().unwrap_or("–"))),
        ]);
    }
    let _ = writeln!(out, "{t}");
    for lc in &r.level_changes {
        para(
            out,
            &format!(
                "Level changed from {} to {} between {} and {}.",
                lc.from.as_deref().unwrap_or("none"),
                lc.to.as_deref().unwrap_or("none"),
                lc.from_wave,
                lc.to_wave
            ),
            "",
            w,
        );
    }

    heading(out, "Dimensions");
    let mut t = table(w);
    let mut head = vec![Cell::new("Dimension")];
    head.extend(r.waves.iter().map(|x| right(plain(&x.label))));
    head.extend([
        right("Last change"),
        right("Since first"),
        Cell::new("Trend"),
    ]);
    t.set_header(head);
    let overall: Vec<Option<f64>> = r.waves.iter().map(|x| x.overall).collect();
    let mut row = vec![Cell::new("Overall")];
    row.extend(overall.iter().map(|v| right(numfmt::score(*v))));
    let n = overall.len();
    let last = if n > 1 {
        overall[n - 1].zip(overall[n - 2]).map(|(a, b)| a - b)
    } else {
        None
    };
    let total = if n > 1 {
        overall[n - 1].zip(overall[0]).map(|(a, b)| a - b)
    } else {
        None
    };
    row.extend([
        right(change(last.map(crate::report::r1))),
        right(change(total.map(crate::report::r1))),
        Cell::new(sparkline(&overall)),
    ]);
    t.add_row(row);
    for d in &r.dimensions {
        let mut row = vec![Cell::new(plain(&d.name))];
        row.extend(d.scores.iter().map(|v| right(numfmt::score(*v))));
        row.extend([
            right(change(d.last_change)),
            right(change(d.total_change)),
            Cell::new(sparkline(&d.scores)),
        ]);
        t.add_row(row);
    }
    let _ = writeln!(out, "{t}");

    if r.waves.len() > 1 {
        heading(out, "What moved");
        let mut moved: Vec<&crate::report::trend::TrendDimension> = r
            .dimensions
            .iter()
            .filter(|d| d.last_change.is_some())
            .collect();
        moved.sort_by(|a, b| {
            crate::scoring::cmp_desc(
                a.last_change.unwrap_or(0.0).abs(),
                b.last_change.unwrap_or(0.0).abs(),
            )
        });
        let lw = &r.waves[r.waves.len() - 1].label;
        let pw = &r.waves[r.waves.len() - 2].label;
        for d in moved.iter().take(3) {
            let c = d.last_change.unwrap_or(0.0);
            let verb = if c > 0.0 {
                "rose"
            } else if c < 0.0 {
                "fell"
            } else {
                "held"
            };
            hang(
                out,
                "- ",
                &format!("{} {verb} {:.1} points from {pw} to {lw}.", d.name, c.abs()),
                w,
            );
        }
        for c in r
            .causes
            .iter()
            .filter(|c| c.total_change.is_some_and(|x| x.abs() >= 0.05))
            .take(3)
        {
            let x = c.total_change.unwrap_or(0.0);
            hang(
                out,
                "- ",
                &format!(
                    "Root cause \"{}\" {} {:.1} points in severity since {}.",
                    c.name,
                    if x > 0.0 { "rose" } else { "fell" },
                    x.abs(),
                    r.waves[0].label
                ),
                w,
            );
        }
    }

    heading(out, "Top root causes per wave");
    for wv in &r.waves {
        let tops: Vec<String> = wv
            .top_causes
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{}. {} ({:.1})", i + 1, c.name, c.severity))
            .collect();
        hang(
            out,
            &format!("{}: ", plain(&wv.label)),
            &if tops.is_empty() {
                "none".to_string()
            } else {
                tops.join("; ")
            },
            w,
        );
    }
}
