use super::Document;
use super::markup::{self, Markup, TextMarkup, box_table, hang, para, push_table};
use super::{Renderer, TextOptions};
use crate::error::{Error, Result};
use crate::numfmt;
use crate::report::group::{self, GroupLadder, GroupReport};
use crate::report::ranking;
use crate::report::trend::TrendReport;
use crate::report::{CauseRow, LadderInfo, RankingInfo, Report, SingleReport};
use crate::sanitize::plain;
use comfy_table::{Cell, CellAlignment};
use std::fmt::Write;

/// Plain text with tables, for the terminal. No colour: it reads the same piped into
/// a file, and `NO_COLOR` needs nothing special.
pub struct Text(pub TextOptions);

impl Renderer for Text {
    fn file_name(&self) -> &'static str {
        "report.txt"
    }

    fn render(&self, doc: &Document) -> Result<String> {
        let mut m = TextMarkup::new(self.0.width);
        // Room for a one-file report up front: growing into it copied it three times.
        m.out.reserve(64 << 10);
        self.write(&mut m, doc);
        Ok(if self.0.color {
            colorize(&m.out)
        } else {
            m.out
        })
    }

    /// Written in pieces as it is made, so that a large group's report never sits in
    /// memory whole; colour, which reads the finished text, has it made whole.
    fn render_to(&self, doc: &Document, out: &mut dyn std::io::Write) -> Result<()> {
        if self.0.color {
            let s = self.render(doc)?;
            return out.write_all(s.as_bytes()).map_err(Error::unnamed);
        }
        let mut m = TextMarkup::streaming(self.0.width, out);
        self.write(&mut m, doc);
        m.finish().map_err(Error::unnamed)
    }
}

impl Text {
    /// The report into `m`, after the gate summary when there is one.
    fn write(&self, m: &mut TextMarkup, doc: &Document) {
        if let Some(g) = &doc.gates {
            gates(&mut m.out, g, self.0.width);
        }
        match &doc.report {
            Report::Single(r) => single(m, r),
            Report::Group(r) => group(m, r),
            Report::Trend(r) => trend(m, r),
        }
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
    // A heading's lines (a title wrapped to the width) run on to its rule, which is as
    // wide as the widest of them.
    let is_rule = |l: &str| !l.is_empty() && l.chars().all(|c| c == '─');
    let mut heading = vec![false; lines.len()];
    for (j, rule) in lines.iter().enumerate().filter(|(_, l)| is_rule(l)) {
        let top = (0..j)
            .rev()
            .take_while(|&k| !lines[k].is_empty() && !is_rule(lines[k]))
            .last();
        if let Some(top) = top {
            let widest = lines[top..j].iter().map(|l| l.chars().count()).max();
            if widest == Some(rule.chars().count()) {
                heading[top..j].iter_mut().for_each(|h| *h = true);
            }
        }
    }
    for (i, line) in lines.iter().enumerate() {
        let underline = heading[i];
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

/// A right-aligned cell.
fn right(s: impl ToString) -> Cell {
    Cell::new(s).set_alignment(CellAlignment::Right)
}

/// Cells for the overall score's bar: 20, fewer when the `used` columns before it
/// would take the line past the page's `width`.
fn bar_room(width: u16, used: usize) -> usize {
    usize::from(width).saturating_sub(used).clamp(5, 20)
}

/// A bar of `width` cells for a 0–100 value.
pub(crate) fn bar(v: Option<f64>, width: usize) -> String {
    let Some(v) = v else { return String::new() };
    let filled = ((v.clamp(0.0, 100.0) / 100.0) * width as f64).round() as usize;
    let mut s = String::with_capacity(width * '█'.len_utf8());
    s.extend(std::iter::repeat_n('█', filled));
    s.extend(std::iter::repeat_n('░', width - filled));
    s
}

fn single(m: &mut TextMarkup, r: &SingleReport) {
    single_header(m, r);
    single_score(m, r);
    if let Some(l) = &r.ladder {
        single_ladder(m, l);
    }
    single_dimensions(m, r);
    markup::single_causes(m, r);
    if !r.causes.is_empty() {
        showing(m, r.causes.len(), r.causes_ranked);
        // One buffer for the lines each cause builds before they are wrapped.
        let mut line = String::new();
        for c in &r.causes {
            m.spill();
            cause_detail(m, &mut line, c, &r.ranking);
        }
    }
    markup::findings(m, &r.findings);
    single_notes(m, r);
}

fn single_header(m: &mut TextMarkup, r: &SingleReport) {
    let q = &r.questionnaire;
    m.para(&format!("{} ({} {})", q.title, q.id, q.version));
    let p = &r.respondent;
    let mut who = vec![
        p.name
            .clone()
            .unwrap_or_else(|| "Anonymous respondent".into()),
    ];
    if let Some(role) = p.role_name.as_deref().or(p.role.as_deref()) {
        who.push(role.to_string());
    }
    if let Some(d) = &p.date {
        who.push(d.clone());
    }
    m.para(&who.join(" · "));
    let state = if p.complete {
        "complete"
    } else {
        "INCOMPLETE: scores use the answers given"
    };
    let file = p
        .file
        .as_ref()
        .map(|f| format!(" File: {f}"))
        .unwrap_or_default();
    m.para(&format!(
        "{} of {} questions; {state}.{file}",
        p.counts(),
        p.questions,
    ));
}

fn single_score(m: &mut TextMarkup, r: &SingleReport) {
    m.heading("Score");
    // A raw-sum instrument's own number is its raw total: it leads.
    let raw = r.level.as_ref().filter(|l| l.basis == "raw");
    if raw.is_some() {
        let _ = writeln!(
            m.out,
            "Raw total  {}",
            markup::raw_headline(r.raw_total, r.level.as_ref())
        );
    }
    let _ = writeln!(
        m.out,
        "Overall  {:>5} / 100  {}",
        numfmt::score(r.overall),
        bar(r.overall, bar_room(m.width, 22))
    );
    if let Some(l) = &r.level {
        let basis = if l.basis == "raw" {
            format!(
                " (raw total {} in {}–{})",
                numfmt::short(l.value),
                numfmt::whole(l.min),
                numfmt::whole(l.max)
            )
        } else {
            String::new()
        };
        m.para(&format!(
            "Level    {}, {} of {}{basis}",
            l.name, l.step, l.of
        ));
        if !l.description.is_empty() {
            para(&mut m.out, &l.description, "         ", m.width);
        }
        if let Some(h) = markup::level_held_back(l) {
            para(&mut m.out, &plain(&h), "         ", m.width);
        }
    }
}

fn single_ladder(m: &mut TextMarkup, l: &LadderInfo) {
    m.heading(&format!("Self-described level: {}", plain(&l.name)));
    let has_bench = l.steps.iter().any(|s| s.benchmark.is_some());
    let mut t = box_table(m.width);
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
            right(n.to_string()),
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
            row.push(right(numfmt::share(s.benchmark)));
        }
        t.add_row(row);
    }
    push_table(&mut m.out, &t);
    let gap = match l.gap {
        Some(0) => "Today is where the respondent wants to be.".to_string(),
        Some(g) if g > 0 => format!(
            "Gap: {} between today and the wish.",
            numfmt::plural(g as usize, "step", "steps")
        ),
        Some(g) => format!(
            "Gap: the respondent wants {} less integration than today.",
            numfmt::plural(g.unsigned_abs() as usize, "step", "steps")
        ),
        None => "Gap: not known (a ladder question was not answered).".to_string(),
    };
    m.para(&gap);
    if let Some(note) = &l.benchmark_note {
        m.para(&format!("Survey: {note}"));
    }
}

fn single_dimensions(m: &mut TextMarkup, r: &SingleReport) {
    m.heading("Dimensions");
    let mut t = box_table(m.width);
    let levels = r.dimensions.iter().any(|d| d.level.is_some());
    let mut head = vec![
        Cell::new("Dimension"),
        right("Score"),
        Cell::new(""),
        right("Answered"),
    ];
    if levels {
        head.insert(3, Cell::new("Level"));
    }
    t.set_header(head);
    for d in &r.dimensions {
        let mut row = vec![
            Cell::new(plain(&d.name)),
            right(numfmt::score(d.score)),
            Cell::new(bar(d.score, 10)),
            right(format!("{}/{}", d.answered, d.questions)),
        ];
        if levels {
            row.insert(3, Cell::new(plain(d.level.as_deref().unwrap_or("–"))));
        }
        t.add_row(row);
    }
    push_table(&mut m.out, &t);
}

/// "Showing the top 3 of 12 ranked causes." when `--top` cut the list.
fn showing(m: &mut TextMarkup, shown: usize, ranked: usize) {
    if shown < ranked {
        m.para(&format!(
            "Showing the top {shown} of {ranked} ranked causes."
        ));
    }
}

/// One cause of a single report in full: what it is, what its severity rests on, the
/// answers that gave it evidence, what to do and where that comes from.
fn cause_detail(m: &mut TextMarkup, line: &mut String, c: &CauseRow, ranking: &RankingInfo) {
    cause_title(
        m,
        line,
        &ranking::rank_label(c, ranking),
        &c.name,
        c.severity,
    );
    para(&mut m.out, &c.explanation, "   ", m.width);
    let (out, w) = (&mut m.out, m.width);
    line.clear();
    line.push_str("Severity ");
    ranking::push_support_text(line, c);
    line.push('.');
    hang(out, "   ", line, w);
    if !c.evidence.is_empty() {
        out.push_str("   Evidence:\n");
        for e in &c.evidence {
            line.clear();
            let _ = write!(
                line,
                "{} → {} (+{} of {})",
                e.text,
                e.answer,
                numfmt::Whole(e.amount),
                numfmt::Whole(e.possible)
            );
            hang(out, "   - ", line, w);
        }
    }
    remedies(m, &c.remedies);
    if let Some((first, rest)) = c.sources.split_first() {
        line.clear();
        line.push_str(first);
        for s in rest {
            line.push_str("; ");
            line.push_str(s);
        }
        hang(&mut m.out, "   Sources: ", line, m.width);
    }
}

/// "1. Name (severity 80.0)" after an empty line: the title of a cause in detail.
fn cause_title(m: &mut TextMarkup, line: &mut String, rank: &str, name: &str, severity: f64) {
    m.out.push('\n');
    line.clear();
    let _ = write!(line, "{rank}. {name} (severity {severity:.1})");
    para(&mut m.out, line, "", m.width);
}

fn remedies(m: &mut TextMarkup, remedies: &[impl AsRef<str>]) {
    m.out.push_str("   What to do:\n");
    for rem in remedies {
        hang(&mut m.out, "   - ", rem.as_ref(), m.width);
    }
}

/// Checklists, five-whys chains and free-text answers.
fn single_notes(m: &mut TextMarkup, r: &SingleReport) {
    let w = m.width;
    for c in &r.checklists {
        m.heading("Checklist");
        m.para(&c.text);
        if !c.answered {
            m.para("Not answered.");
            continue;
        }
        for i in &c.items {
            hang(
                &mut m.out,
                if i.ticked { "[x] " } else { "[ ] " },
                &i.label,
                w,
            );
        }
    }
    for ch in &r.five_whys {
        m.heading("Five whys");
        hang(&mut m.out, "Symptom: ", &ch.symptom, w);
        for (i, y) in ch.whys.iter().enumerate() {
            hang(&mut m.out, &format!("  why {}: ", i + 1), y, w);
        }
        match (&ch.cause, &ch.cause_name) {
            (Some(_), Some(name)) => hang(&mut m.out, "Root cause: ", name, w),
            _ => m.para("Root cause: not tagged"),
        }
    }
    if !r.comments.is_empty() {
        m.heading("In their words");
        for c in &r.comments {
            m.para(&c.text);
            hang(&mut m.out, "  “", &format!("{}”", c.answer), w);
        }
    }
}

fn group(m: &mut TextMarkup, r: &GroupReport) {
    group_header(m, r);
    group_people(m, r);
    group_scores(m, r);
    markup::perception_gap(m, r);
    if let Some(s) = r.largest_gap_sentence() {
        m.para(&s);
    }
    markup::role_vs_rest(
        m,
        r,
        "Each role against everyone else (three largest gaps per role)",
    );
    group_disagreement(m, r);
    group_causes(m, r);
    group_findings(m, r);
    group_checklists(m, r);
    if let Some(l) = &r.ladder {
        group_ladder(m, r, l);
    }
    markup::free_text(m, r);
    group_whys(m, r);
    markup::discussion(m, r);
    markup::answer_distributions(m, r);
}

fn group_header(m: &mut TextMarkup, r: &GroupReport) {
    let q = &r.questionnaire;
    m.para(&format!(
        "{} ({} {}): {}",
        q.title,
        q.id,
        q.version,
        r.kind()
    ));
    let mut line = r.respondents_line();
    if r.incomplete > 0 {
        line.push_str(&format!(
            " {} incomplete: their scores use the answers they gave.",
            r.incomplete
        ));
    }
    m.para(&line);
    if let Some(note) = r.privacy_note() {
        m.para(&note);
    }

    m.heading("Score");
    if let Some(raw) = r.raw_total {
        let _ = writeln!(m.out, "Mean raw total {:>5}", numfmt::short(raw));
    }
    let _ = writeln!(
        m.out,
        "Group overall  {:>5} / 100  {}",
        numfmt::score(r.overall),
        bar(r.overall, bar_room(m.width, 28))
    );
    if let Some(l) = &r.level {
        m.para(&format!("Level          {l}"));
    }
}

fn group_people(m: &mut TextMarkup, r: &GroupReport) {
    if r.people.is_empty() {
        return;
    }
    m.heading("Respondents");
    let mut t = box_table(m.width);
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
    let (raw, stage) = person_columns(r);
    if raw {
        head.insert(head.len() - 1, right("Raw total"));
    }
    if stage {
        head.insert(head.len() - 1, Cell::new("Level"));
    }
    t.set_header(head);
    for p in r.people.iter().take(group::PEOPLE_SHOWN) {
        let mut row = vec![right(p.number.to_string())];
        if named {
            row.push(Cell::new(plain(p.name.as_deref().unwrap_or("–"))));
        }
        row.extend([
            Cell::new(plain(&r.label(&p.role))),
            Cell::new(plain(p.date.as_deref().unwrap_or(""))),
            right(numfmt::score(p.overall)),
        ]);
        if raw {
            row.push(right(p.raw_total.map_or("–".into(), numfmt::short)));
        }
        if stage {
            row.push(Cell::new(plain(p.level.as_deref().unwrap_or("–"))));
        }
        row.push(Cell::new(if p.complete {
            "yes".to_string()
        } else {
            format!("no ({} unanswered)", p.missing)
        }));
        t.add_row(row);
    }
    push_table(&mut m.out, &t);
    if r.people.len() > group::PEOPLE_SHOWN {
        m.para(&markup::more_people(r.people.len()));
    }
}

/// Whether the respondents table shows raw totals and each respondent's level.
fn person_columns(r: &GroupReport) -> (bool, bool) {
    // A raw-sum instrument's stages are its headline, so each respondent's is listed.
    let raw = r.people.iter().any(|p| p.raw_total.is_some());
    (raw, raw && r.people.iter().any(|p| p.level.is_some()))
}

fn group_scores(m: &mut TextMarkup, r: &GroupReport) {
    m.heading("Scores by role");
    let mut t = box_table(m.width);
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
    push_table(&mut m.out, &t);
    m.para(&group::spread_note());
}

fn group_disagreement(m: &mut TextMarkup, r: &GroupReport) {
    m.heading("Where people disagree most");
    let discuss = r.to_discuss();
    if discuss.is_empty() {
        m.para(&group::no_disagreement());
    }
    for d in discuss {
        // The lowest and highest are one person's scores each: privacy leaves them out.
        let range = match (d.min, d.max) {
            (Some(lo), Some(hi)) => format!(", scores from {lo:.1} to {hi:.1}"),
            _ => String::new(),
        };
        m.item(&format!(
            "{}: spread {}{range}. Worth discussing.",
            d.name,
            numfmt::score(d.spread),
        ));
    }
}

fn group_causes(m: &mut TextMarkup, r: &GroupReport) {
    m.heading("Root causes for the group, most severe first");
    if r.causes.is_empty() {
        m.para(markup::NO_CAUSES);
        return;
    }
    markup::group_causes_table(m, r);
    showing(m, r.causes.len(), r.causes_ranked);
    let mut line = String::new();
    for c in r.causes.iter().take(3) {
        cause_title(m, &mut line, &c.rank.to_string(), &c.name, c.severity);
        para(&mut m.out, &c.explanation, "   ", m.width);
        remedies(m, &c.remedies);
    }
}

fn group_findings(m: &mut TextMarkup, r: &GroupReport) {
    if r.findings.is_empty() {
        return;
    }
    m.heading("Findings");
    for f in &r.findings {
        let whom: Vec<String> = r.holds_for(f, false).iter().map(|x| plain(x)).collect();
        m.item(&format!("{} [{}]: {}", f.name, whom.join(", "), f.insight));
    }
}

fn group_checklists(m: &mut TextMarkup, r: &GroupReport) {
    for c in &r.checklists {
        m.heading("Checklist by role");
        m.para(&c.text);
        let mut t = box_table(m.width);
        let mut head = vec![Cell::new("Item"), right("All")];
        head.extend(r.roles.iter().map(|x| right(plain(&x.name))));
        t.set_header(head);
        for i in &c.items {
            let mut row = vec![
                Cell::new(plain(&i.label)),
                right(numfmt::pct(i.all.ticked, i.all.answered)),
            ];
            row.extend(
                i.by_role
                    .iter()
                    .map(|s| right(numfmt::pct(s.ticked, s.answered))),
            );
            t.add_row(row);
        }
        push_table(&mut m.out, &t);
    }
}

fn group_ladder(m: &mut TextMarkup, r: &GroupReport, l: &GroupLadder) {
    m.heading(&format!("Self-described level: {}", plain(&l.name)));
    m.para("How many respondents put the relationship at each step today / wish it to be there.");
    let mut t = box_table(m.width);
    let mut head = vec![right("#"), Cell::new("Step")];
    head.extend(l.counts.iter().map(|c| right(plain(&r.label(&c.role)))));
    let has_bench = l.steps.iter().any(|s| s.benchmark.is_some());
    if has_bench {
        head.push(right("Survey: wish"));
    }
    t.set_header(head);
    for (i, s) in l.steps.iter().enumerate() {
        let mut row = vec![right((i + 1).to_string()), Cell::new(plain(&s.label))];
        for c in &l.counts {
            row.push(right(format!("{} / {}", c.current[i], c.desired[i])));
        }
        if has_bench {
            row.push(right(numfmt::share(s.benchmark)));
        }
        t.add_row(row);
    }
    let mut row = vec![Cell::new(""), Cell::new("Mean gap, steps")];
    row.extend(l.counts.iter().map(|c| right(numfmt::score(c.mean_gap))));
    if has_bench {
        row.push(Cell::new(""));
    }
    t.add_row(row);
    push_table(&mut m.out, &t);
    if let Some(n) = &l.benchmark_note {
        m.para(&format!("Survey: {n}"));
    }
}

fn group_whys(m: &mut TextMarkup, r: &GroupReport) {
    if r.five_whys.is_empty() {
        return;
    }
    m.heading("Five whys, by the root cause they end at");
    for g in &r.five_whys {
        let _ = writeln!(m.out);
        m.para(&format!(
            "{} ({})",
            g.cause_name,
            numfmt::plural(g.chains.len(), "chain", "chains")
        ));
        for c in g.chains.iter().take(group::CHAINS_SHOWN) {
            let role = r.label_of(&c.role);
            let who = match &c.respondent {
                Some(n) => format!("{n} ({role})"),
                None => role,
            };
            let mut chain = vec![c.symptom.clone()];
            chain.extend(c.whys.iter().cloned());
            hang(
                &mut m.out,
                "  - ",
                &format!("{who}: {}", chain.join(" ← because ")),
                m.width,
            );
        }
        if g.chains.len() > group::CHAINS_SHOWN {
            m.para(&markup::more_chains(g.chains.len()));
        }
    }
}

/// The gate summary, printed first so a CI log shows it without scrolling.
fn gates(out: &mut String, g: &crate::gates::GateSummary, w: u16) {
    use crate::gates::Status;
    let warnings = numfmt::plural(g.warned, "warning", "warnings");
    let verdict = if !g.passed {
        format!("Gates: FAILED ({} failed, {warnings})", g.failed)
    } else if g.warned > 0 {
        format!("Gates: passed with {warnings}")
    } else {
        "Gates: passed".to_string()
    };
    let _ = writeln!(out, "{verdict}");
    let mut t = box_table(w);
    t.set_header(["Rule", "On failure", "Expected", "Found", "Result"].map(Cell::new));
    for r in &g.results {
        t.add_row([
            Cell::new(plain(&r.rule)),
            Cell::new(match r.action {
                crate::gates::Action::Fail => "fail",
                crate::gates::Action::Warn => "warn",
            }),
            Cell::new(plain(&r.expected)),
            Cell::new(plain(&r.found)),
            Cell::new(match r.status {
                Status::Pass => "pass",
                Status::Warn => "WARN",
                Status::Fail => "FAIL",
            }),
        ]);
    }
    push_table(out, &t);
    out.push('\n');
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

fn trend(m: &mut TextMarkup, r: &TrendReport) {
    let q = &r.questionnaire;
    m.para(&format!(
        "{} ({} {}): trend over {} waves",
        q.title,
        q.id,
        q.version,
        r.waves.len()
    ));
    if let Some(note) = r.versions_note() {
        m.para(&plain(&note));
    }
    trend_waves(m, r);
    markup::trend_too_few(m, r);
    trend_dimensions(m, r);
    markup::trend_gap(m, r);
    if let Some((pw, lw)) = r.last_step() {
        m.heading("What moved");
        for d in r.moved_dimensions() {
            m.item(&format!(
                "{} {} {:.1} points from {pw} to {lw}.",
                d.name,
                d.direction.verb(),
                d.points
            ));
        }
        for c in r.moved_causes() {
            m.item(&format!(
                "Root cause \"{}\" {} {:.1} points in severity since {}.",
                c.name,
                c.direction.verb(),
                c.points,
                r.waves[0].label
            ));
        }
    }
    m.heading("Top root causes per wave");
    for wv in &r.waves {
        let tops: Vec<String> = wv
            .top_causes
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{}. {} ({:.1})", i + 1, c.name, c.severity))
            .collect();
        hang(
            &mut m.out,
            &format!("{}: ", plain(&wv.label)),
            &if tops.is_empty() {
                "none".to_string()
            } else {
                tops.join("; ")
            },
            m.width,
        );
    }
}

fn trend_waves(m: &mut TextMarkup, r: &TrendReport) {
    m.heading("Waves");
    let mut t = box_table(m.width);
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
            right(format!(
                "{}{}",
                if wv.incomplete > 0 {
                    format!("{} ({} incomplete)", wv.respondents, wv.incomplete)
                } else {
                    wv.respondents.to_string()
                },
                too_few_mark(wv)
            )),
            right(numfmt::score(wv.overall)),
            right(change(wv.overall_change)),
            Cell::new(plain(wv.level.as_deref().unwrap_or("–"))),
        ]);
    }
    push_table(&mut m.out, &t);
    for lc in &r.level_changes {
        m.para(&format!(
            "Level changed from {} to {} between {} and {}.",
            lc.from.as_deref().unwrap_or("none"),
            lc.to.as_deref().unwrap_or("none"),
            lc.from_wave,
            lc.to_wave
        ));
    }
}

/// A mark beside a wave's respondents when they are below a gate's minimum.
fn too_few_mark(w: &crate::report::trend::Wave) -> &'static str {
    if w.too_few.is_empty() { "" } else { " too few" }
}

fn trend_dimensions(m: &mut TextMarkup, r: &TrendReport) {
    m.heading("Dimensions");
    let mut t = box_table(m.width);
    let mut head = vec![Cell::new("Dimension")];
    head.extend(r.waves.iter().map(|x| right(plain(&x.label))));
    head.extend([
        right("Last change"),
        right("Since first"),
        Cell::new("Trend"),
    ]);
    t.set_header(head);
    let overall: Vec<Option<f64>> = r.waves.iter().map(|x| x.overall).collect();
    let rows = std::iter::once((
        "Overall",
        &overall,
        r.overall_last_change(),
        r.overall_since_first(),
    ))
    .chain(
        r.dimensions
            .iter()
            .map(|d| (d.name.as_str(), &d.scores, d.last_change, d.total_change)),
    );
    for (name, scores, last, total) in rows {
        let mut row = vec![Cell::new(plain(name))];
        row.extend(scores.iter().map(|v| right(numfmt::score(*v))));
        row.extend([
            right(change(last)),
            right(change(total)),
            Cell::new(sparkline(scores)),
        ]);
        t.add_row(row);
    }
    push_table(&mut m.out, &t);
}
