//! The markup layer text and Markdown share (in the spirit of hyperfine's
//! `export/markup.rs`): sections that read the same in both are written once against
//! the [`Markup`] trait, and each format only says how a heading, a paragraph, a list
//! item or a table looks.

use crate::numfmt::{self, Sign};
use crate::report::group::{
    AnswerCounts, CHAINS_SHOWN, FREE_TEXT_SHOWN, GroupReport, PEOPLE_SHOWN,
};
use crate::report::trend::{TrendReport, Wave};
use crate::report::{FindingInfo, LevelInfo, SingleReport, ranking};
use crate::sanitize::{plain, plain_cow};
use comfy_table::{Cell, CellAlignment, ContentArrangement, Table, presets};
use std::fmt::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A column: its heading (already escaped) and alignment.
pub type Column = (String, Align);

/// How one text-like format lays out the building blocks of a report. Text passed to
/// `heading`, `para`, `item` and table cells is already escaped with [`Markup::esc`]
/// where it holds user text.
pub trait Markup {
    /// User text made inert for the format.
    fn esc(&self, s: &str) -> String;
    /// Emphasis (plain text has none).
    fn strong(&self, s: &str) -> String;
    /// How the format signs a change.
    fn sign(&self) -> Sign;
    fn heading(&mut self, title: &str);
    fn para(&mut self, text: &str);
    /// A bullet-list item.
    fn item(&mut self, text: &str);
    fn table(&mut self, head: &[Column], rows: Vec<Vec<String>>);
    /// An empty line: ends a list, so that Markdown does not read the next line as part
    /// of its last item.
    fn blank(&mut self);
}

/// Plain text for the terminal: underlined headings, wrapped paragraphs, box tables.
pub struct TextMarkup<'a> {
    pub out: String,
    pub width: u16,
    /// Where [`TextMarkup::spill`] hands finished text; none to keep it all in `out`.
    pub sink: Option<&'a mut dyn std::io::Write>,
    /// The first error writing to `sink` (which is then dropped).
    pub error: Option<std::io::Error>,
}

/// How much text [`TextMarkup::spill`] lets gather before writing it: a one-file
/// report is about 38 KB, and each page of a buffer holding it all was a page fault.
const SPILL_AT: usize = 8 << 10;

impl<'a> TextMarkup<'a> {
    /// Text gathered in memory, all of it in `out` at the end.
    pub fn new(width: u16) -> Self {
        TextMarkup {
            out: String::new(),
            width,
            sink: None,
            error: None,
        }
    }

    /// Text written to `sink` in pieces as it is made (see [`TextMarkup::spill`]).
    pub fn streaming(width: u16, sink: &'a mut dyn std::io::Write) -> Self {
        TextMarkup {
            out: String::with_capacity(2 * SPILL_AT),
            width,
            sink: Some(sink),
            error: None,
        }
    }

    /// At a boundary between blocks: with a sink, hands it the text gathered so far
    /// once that is [`SPILL_AT`] or more, so the buffer's memory is reused.
    pub fn spill(&mut self) {
        if self.out.len() < SPILL_AT {
            return;
        }
        if let Some(w) = &mut self.sink {
            if let Err(e) = w.write_all(self.out.as_bytes()) {
                self.error = Some(e);
                self.sink = None;
                return;
            }
            self.out.clear();
        }
    }

    /// Writes what is left to the sink; the first error writing, if any.
    pub fn finish(mut self) -> std::io::Result<()> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        match self.sink {
            Some(w) => w.write_all(self.out.as_bytes()),
            None => Ok(()),
        }
    }
}

impl Markup for TextMarkup<'_> {
    fn esc(&self, s: &str) -> String {
        plain(s)
    }
    fn strong(&self, s: &str) -> String {
        s.to_string()
    }
    fn sign(&self) -> Sign {
        Sign::Ascii
    }
    /// The title wrapped by word to the width, underlined as wide as its widest line,
    /// so that neither the title nor its rule is wider than the page.
    fn heading(&mut self, title: &str) {
        // One blank line before, also after records (which end with one); looked at
        // before the text so far may be handed on.
        let blank = self.out.ends_with("\n\n");
        self.spill();
        if !blank {
            self.out.push('\n');
        }
        let lines = textwrap::wrap(title, usize::from(self.width).max(1));
        let mut widest = 0;
        for l in &lines {
            self.out.push_str(l);
            self.out.push('\n');
            widest = widest.max(textwrap::core::display_width(l));
        }
        for _ in 0..widest {
            self.out.push('─');
        }
        self.out.push('\n');
    }
    fn para(&mut self, text: &str) {
        para(&mut self.out, text, "", self.width);
    }
    fn item(&mut self, text: &str) {
        hang(&mut self.out, "- ", text, self.width);
    }
    fn blank(&mut self) {
        self.out.push('\n');
    }
    fn table(&mut self, head: &[Column], rows: Vec<Vec<String>>) {
        let cell = |text: String, a: Align| {
            Cell::new(text).set_alignment(match a {
                Align::Left => CellAlignment::Left,
                Align::Right => CellAlignment::Right,
            })
        };
        let mut t = box_table(self.width);
        t.set_header(head.iter().map(|(h, a)| cell(h.clone(), *a)));
        for row in rows {
            t.add_row(row.into_iter().zip(head).map(|(c, (_, a))| cell(c, *a)));
        }
        push_table(&mut self.out, &t);
    }
}

/// A text report's box table: thin rules, rounded corners, a double rule under the
/// heading, columns fitted to `width` with cells wrapped as they need.
pub fn box_table(width: u16) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED.with_rounded_corners())
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(width);
    t
}

/// `t` appended to `out`, its last line ended, with no word split between lines. A
/// table laid out with a word split gets the columns where that happened at least as
/// wide as their longest word; one whose words cannot all fit side by side in its
/// width (a narrow terminal) is written as records instead, each row's cells one
/// under another after their column's name.
pub fn push_table(out: &mut String, t: &Table) {
    let drawn = t.to_string();
    let rows: Vec<Vec<String>> = t
        .header()
        .into_iter()
        .chain(t.row_iter())
        .map(|r| r.cell_iter().map(|c| c.content()).collect())
        .collect();
    let split = split_columns(&drawn, &rows);
    let Some(width) = t.width().filter(|_| split.iter().any(|s| *s)) else {
        let _ = writeln!(out, "{drawn}");
        return;
    };
    let longest: Vec<usize> = (0..split.len())
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .flat_map(|c| c.split_whitespace())
                .map(textwrap::core::display_width)
                .max()
                .unwrap_or(0)
        })
        .collect();
    // Each column's padding (a space each side) and the rules between and around.
    let frame: usize = longest.iter().map(|w| w + 2).sum::<usize>() + longest.len() + 1;
    if frame <= usize::from(width) {
        let mut wide = t.clone();
        for (i, w) in longest.iter().enumerate().filter(|(i, _)| split[*i]) {
            if let Some(c) = wide.column_mut(i) {
                c.set_constraint(comfy_table::ColumnConstraint::LowerBoundary(
                    comfy_table::Width::Fixed(u16::try_from(w + 2).unwrap_or(u16::MAX)),
                ));
            }
        }
        let drawn = wide.to_string();
        if !split_columns(&drawn, &rows).iter().any(|s| *s) {
            let _ = writeln!(out, "{drawn}");
            return;
        }
    }
    records(out, &rows, width);
}

/// For each column of a drawn table, whether a word of its cells was split between
/// lines: a piece of a row's cell text that is not one of its words.
fn split_columns(drawn: &str, rows: &[Vec<String>]) -> Vec<bool> {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let words: Vec<std::collections::HashSet<&str>> = (0..columns)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .flat_map(|c| c.split_whitespace())
                .collect()
        })
        .collect();
    let mut split = vec![false; columns];
    for line in drawn.lines().filter(|l| l.starts_with('│')) {
        let inner = line.trim_start_matches('│').trim_end_matches('│');
        for (i, piece) in inner.split('┆').enumerate().take(columns) {
            if piece.split_whitespace().any(|w| !words[i].contains(w)) {
                split[i] = true;
            }
        }
    }
    split
}

/// A table's rows (the first its header) as records: for each row, one line per
/// cell that has something to say, "Name: value" wrapped by word under the name, a
/// blank line between rows.
fn records(out: &mut String, rows: &[Vec<String>], width: u16) {
    let Some((head, body)) = rows.split_first() else {
        return;
    };
    for (n, row) in body.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        for (i, cell) in row.iter().enumerate() {
            let value = cell.split_whitespace().collect::<Vec<_>>().join(" ");
            if value.is_empty() {
                continue;
            }
            let name = head
                .get(i)
                .map(|h| h.split_whitespace().collect::<Vec<_>>().join(" "));
            let line = match name.as_deref() {
                Some(h) if !h.is_empty() => format!("{h}: {value}"),
                _ => value,
            };
            wrap_into(out, &line, "", "  ", width);
        }
    }
    // Set off from what follows, as a table's bottom rule does.
    out.push('\n');
}

/// GitHub-flavoured Markdown: `##` headings, pipe tables.
pub struct MarkdownMarkup {
    pub out: String,
}

impl Markup for MarkdownMarkup {
    fn esc(&self, s: &str) -> String {
        md(s)
    }
    fn strong(&self, s: &str) -> String {
        format!("**{s}**")
    }
    fn sign(&self) -> Sign {
        Sign::Always
    }
    fn heading(&mut self, title: &str) {
        let _ = writeln!(self.out, "\n## {title}\n");
    }
    fn para(&mut self, text: &str) {
        let _ = writeln!(self.out, "{text}");
    }
    fn item(&mut self, text: &str) {
        let _ = writeln!(self.out, "- {text}");
    }
    fn blank(&mut self) {
        self.out.push('\n');
    }
    fn table(&mut self, head: &[Column], rows: Vec<Vec<String>>) {
        let names: Vec<&str> = head.iter().map(|(h, _)| h.as_str()).collect();
        let rule: String = head
            .iter()
            .map(|(_, a)| match a {
                Align::Left => "---|",
                Align::Right => "---:|",
            })
            .collect();
        let _ = writeln!(self.out, "| {} |\n|{rule}", names.join(" | "));
        for row in rows {
            let _ = writeln!(self.out, "| {} |", row.join(" | "));
        }
    }
}

fn col(name: &str, a: Align) -> Column {
    (name.to_string(), a)
}

/// "Root causes, most severe first": the respondent's own root cause first, then the
/// ranked table (ties marked `=1`, what each rests on), then what the ties mean.
pub fn single_causes(m: &mut impl Markup, r: &SingleReport) {
    m.heading("Root causes, most severe first");
    own_cause(m, r);
    if r.causes.is_empty() {
        m.para(NO_CAUSES);
        return;
    }
    let rows = r
        .causes
        .iter()
        .map(|c| {
            let mut name = m.esc(&c.name);
            if c.own {
                name.push_str(" (yours)");
            }
            let mut rests = numfmt::plural(c.answers, "answer", "answers");
            if c.defining_missing.is_some() {
                rests.push_str(", strongest missing");
            }
            vec![
                ranking::rank_label(c, &r.ranking),
                name,
                format!("{:.1}", c.severity),
                format!(
                    "{} of {}",
                    numfmt::Whole(c.evidence_received),
                    numfmt::Whole(c.evidence_possible)
                ),
                rests,
            ]
        })
        .collect();
    m.table(
        &[
            col("#", Align::Right),
            col("Root cause", Align::Left),
            col("Severity", Align::Right),
            col("Evidence", Align::Right),
            col("Rests on", Align::Left),
        ],
        rows,
    );
    if let Some(note) = &r.ranking.note {
        m.para(&m.esc(note));
    }
}

/// The respondent's own five-whys root cause, and whether the ranking agrees.
pub fn own_cause(m: &mut impl Markup, r: &SingleReport) {
    let Some(o) = &r.own_cause else { return };
    let line = format!(
        "{} {}. {}",
        m.strong("Your root cause (five whys):"),
        m.esc(&o.name),
        m.esc(&o.note)
    );
    m.para(&line);
    // A blank line: in Markdown a table right after a paragraph would join it.
    m.para("");
}

/// Lines under a level: why it is below the band the score reaches.
pub fn level_held_back(l: &LevelInfo) -> Option<String> {
    let by = l.by_score.as_ref()?;
    let floor = l.requires_at_least.map(numfmt::short).unwrap_or_default();
    Some(format!(
        "The score alone reaches \"{by}\", which requires every dimension named to score at \
         least {floor}; below it: {}.",
        l.held_back_by.join(", ")
    ))
}

/// A raw-sum instrument's headline: "57 of 20–100".
pub fn raw_headline(v: Option<f64>, l: Option<&LevelInfo>) -> String {
    let v = v.map_or_else(|| "–".to_string(), numfmt::short);
    match l {
        Some(l) => format!(
            "{v} of {}–{}",
            numfmt::whole(l.scale_min),
            numfmt::whole(l.scale_max)
        ),
        None => v,
    }
}

pub const NO_CAUSES: &str = "No root cause received evidence from the answers given.";

/// The findings that hold, one item each: name, then the insight.
pub fn findings(m: &mut impl Markup, findings: &[FindingInfo]) {
    if findings.is_empty() {
        return;
    }
    m.heading("Findings");
    for f in findings {
        let line = format!("{}: {}", m.strong(&m.esc(&f.name)), m.esc(&f.insight));
        m.item(&line);
    }
}

/// The group's ranked causes with how many respondents (and of which roles) have each
/// among their own top three.
pub fn group_causes_table(m: &mut impl Markup, r: &GroupReport) {
    let rows = r
        .causes
        .iter()
        .map(|c| {
            let roles: Vec<String> = c
                .in_top3_by_role
                .iter()
                .map(|x| format!("{} {}", x.count, m.esc(&r.label(&x.role))))
                .collect();
            vec![
                ranking::group_rank_label(c, &r.ranking),
                m.esc(&c.name),
                format!("{:.1}", c.severity),
                format!("{}/{}", c.in_top3, c.with_evidence),
                roles.join(", "),
            ]
        })
        .collect();
    m.table(
        &[
            col("#", Align::Right),
            col("Root cause", Align::Left),
            col("Severity", Align::Right),
            col("In top 3 of (with evidence)", Align::Right),
            col("Roles", Align::Left),
        ],
        rows,
    );
    if let Some(note) = &r.ranking.note {
        m.para(&m.esc(note));
    }
}

/// Where the two compared roles see the company differently (nothing when one of
/// them did not answer).
pub fn perception_gap(m: &mut impl Markup, r: &GroupReport) {
    let Some((a, b)) = &r.compared else { return };
    if r.perception_gap.is_empty() {
        return;
    }
    m.heading(&format!(
        "Where {} and {} see the company differently",
        m.esc(&a.in_sentence),
        m.esc(&b.in_sentence)
    ));
    let sign = m.sign();
    let rows = r
        .perception_gap
        .iter()
        .map(|g| {
            vec![
                m.esc(&g.dimension_name),
                format!("{:.1}", g.score),
                format!("{:.1}", g.versus_score),
                numfmt::signed(g.gap, sign),
            ]
        })
        .collect();
    m.table(
        &[
            col("Dimension", Align::Left),
            (m.esc(&a.name), Align::Right),
            (m.esc(&b.name), Align::Right),
            col("Gap", Align::Right),
        ],
        rows,
    );
}

/// Each role's three largest gaps against everyone else, under `heading`.
pub fn role_vs_rest(m: &mut impl Markup, r: &GroupReport, heading: &str) {
    if r.role_vs_rest.is_empty() {
        return;
    }
    m.heading(heading);
    let sign = m.sign();
    let mut rows = Vec::new();
    for role in &r.roles {
        for g in r.top_gaps(&role.id) {
            rows.push(vec![
                m.esc(&role.name),
                m.esc(&g.dimension_name),
                format!("{:.1}", g.score),
                format!("{:.1}", g.versus_score),
                numfmt::signed(g.gap, sign),
            ]);
        }
    }
    m.table(
        &[
            col("Role", Align::Left),
            col("Dimension", Align::Left),
            col("Role", Align::Right),
            col("Rest", Align::Right),
            col("Gap", Align::Right),
        ],
        rows,
    );
}

/// The compared roles' overall scores and the gap between them per wave, then the gap
/// per dimension: alignment's core figure, tracked like a score.
pub fn trend_gap(m: &mut impl Markup, r: &TrendReport) {
    let Some(g) = &r.gap else { return };
    let (a, b) = (m.esc(&g.role_name), m.esc(&g.versus_name));
    m.heading(&format!("Perception gap: {a} vs {b}"));
    // The blank line keeps a Markdown table from swallowing the sentence.
    m.para(&format!(
        "The gap is {a} minus {b} on the overall score; \"Wider\" is how many points its size grew since the wave before (negative: it narrowed).\n"
    ));
    let sign = m.sign();
    let rows = r
        .waves
        .iter()
        .zip(&g.waves)
        .map(|(w, p)| {
            vec![
                m.esc(&w.label),
                numfmt::score(p.score),
                numfmt::score(p.versus_score),
                numfmt::change(p.gap, sign),
                numfmt::change(p.widening, sign),
            ]
        })
        .collect();
    m.table(
        &[
            col("Wave", Align::Left),
            (a.clone(), Align::Right),
            (b.clone(), Align::Right),
            col("Gap", Align::Right),
            col("Wider", Align::Right),
        ],
        rows,
    );
    m.heading(&format!("Perception gap by dimension: {a} minus {b}"));
    let mut head = vec![col("Dimension", Align::Left)];
    head.extend(r.waves.iter().map(|w| (m.esc(&w.label), Align::Right)));
    let rows = g
        .dimensions
        .iter()
        .map(|d| {
            let mut row = vec![m.esc(&d.name)];
            row.extend(d.gaps.iter().map(|v| numfmt::change(*v, sign)));
            row
        })
        .collect();
    m.table(&head, rows);
}

/// Waves whose figures rest on fewer answers than the gates' minimum.
pub fn trend_too_few(m: &mut impl Markup, r: &TrendReport) {
    let short: Vec<String> = r
        .waves
        .iter()
        .filter(|w| !w.too_few.is_empty())
        .map(|w| {
            let what: Vec<String> = w
                .too_few
                .iter()
                .map(|scope| {
                    let (n, min) = too_few_counts(r, w, scope);
                    let who = if scope == "all" {
                        String::new()
                    } else {
                        format!(" {}", m.esc(scope))
                    };
                    format!("{n}{who} of at least {min}")
                })
                .collect();
            format!("{} ({})", m.esc(&w.label), what.join(", "))
        })
        .collect();
    if !short.is_empty() {
        let text = format!(
            "Too few answers to compare: {}. Their figures can swing on one person.",
            short.join("; ")
        );
        // A line of its own: in Markdown a sentence right after a table joins it.
        m.para("");
        m.para(&m.strong(&text));
    }
}

/// (respondents, minimum) for a wave and a scope (`all` or a role id) it falls short in.
fn too_few_counts(r: &TrendReport, w: &Wave, scope: &str) -> (usize, usize) {
    let n = if scope == "all" {
        w.respondents
    } else {
        w.roles
            .iter()
            .find(|x| x.id == scope)
            .map_or(0, |x| x.respondents)
    };
    let min = r
        .min_respondents
        .iter()
        .filter(|x| x.role.as_deref().unwrap_or("all") == scope)
        .map(|x| x.min)
        .max()
        .unwrap_or(0);
    (n, min)
}

/// Wraps at spaces only: file names and hyphenated words stay whole, and a word longer
/// than a line keeps a line of its own. First fit (each line takes all the words it can),
/// as text reports have always been wrapped.
fn wrap_options<'a>(width: u16) -> textwrap::Options<'a> {
    textwrap::Options::new((width as usize).max(20))
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit)
        .break_words(false)
}

/// A wrapped paragraph, every line starting with `indent`.
pub fn para(out: &mut String, text: &str, indent: &str, width: u16) {
    wrap_into(out, &plain_cow(text), indent, indent, width);
}

/// A paragraph whose first line starts with `first` and the rest are indented to match.
pub fn hang(out: &mut String, first: &str, text: &str, width: u16) {
    let indent = " ".repeat(first.chars().count());
    wrap_into(out, &plain_cow(text), first, &indent, width);
}

/// `text` wrapped by [`wrap_options`], the first line after `first` and the others after
/// `rest`, each line ended by a newline.
fn wrap_into(out: &mut String, text: &str, first: &str, rest: &str, width: u16) {
    let opts = wrap_options(width)
        .initial_indent(first)
        .subsequent_indent(rest);
    for line in textwrap::wrap(text, opts) {
        out.push_str(&line);
        out.push('\n');
    }
}

/// Untrusted text made inert: no controls, no raw HTML, no table breaks, no links.
pub fn md(s: &str) -> String {
    let mut out = String::new();
    for c in plain_cow(s).chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// "Answers by question": for every choice and scale question, how many in the group
/// and in each role shown gave each answer, so a facilitator can say "4 of 5 sellers
/// strongly disagree". Rows for don't-know, not asked and unanswered only when any.
pub fn answer_distributions(m: &mut impl Markup, r: &GroupReport) {
    if r.answers.is_empty() {
        return;
    }
    m.heading("Answers by question and role");
    m.para("How many chose each answer; the heading gives how many respondents each column has. For a checklist, how many ticked each item.");
    for a in &r.answers {
        m.para("");
        m.para(&m.strong(&m.esc(&a.text)));
        // Markdown needs the blank line before a table; text reads better with it.
        m.para("");
        let mut head = vec![col("Answer", Align::Left)];
        head.extend(a.counts.iter().map(|c| {
            let name = m.esc(&r.label(&c.role));
            (format!("{name} ({})", c.respondents), Align::Right)
        }));
        let mut rows: Vec<Vec<String>> = a
            .choices
            .iter()
            .enumerate()
            .map(|(i, ch)| {
                let mut row = vec![m.esc(&ch.label)];
                row.extend(a.counts.iter().map(|c| c.counts[i].to_string()));
                row
            })
            .collect();
        for (k, (_, label, _)) in a.counts[0].others().iter().enumerate() {
            let n = |c: &AnswerCounts| c.others()[k].2;
            if a.counts.iter().any(|c| n(c) > 0) {
                let mut row = vec![label.to_string()];
                row.extend(a.counts.iter().map(|c| n(c).to_string()));
                rows.push(row);
            }
        }
        m.table(&head, rows);
    }
}

/// "In their own words": free-text answers by question, each with its role when the
/// report shows it; at most [`FREE_TEXT_SHOWN`] per question, with a pointer to the
/// JSON and CSV outputs, which keep them all.
pub fn free_text(m: &mut impl Markup, r: &GroupReport) {
    if r.free_text.is_empty() {
        return;
    }
    m.heading("In their own words");
    for q in &r.free_text {
        m.para(&format!(
            "{} ({})",
            m.strong(&m.esc(&q.text)),
            numfmt::plural(q.answers.len(), "answer", "answers")
        ));
        m.para("");
        for a in q.answers.iter().take(FREE_TEXT_SHOWN) {
            let who = match &a.role {
                Some(s) => format!(" ({})", m.esc(&r.label(s))),
                None => String::new(),
            };
            m.item(&format!("“{}”{who}", m.esc(&a.text)));
        }
        if q.answers.len() > FREE_TEXT_SHOWN {
            m.para("");
            m.para(&more_answers(q.answers.len()));
        }
    }
}

/// The line after a capped free-text listing.
pub fn more_answers(n: usize) -> String {
    format!(
        "… and {} more: the JSON output and free_text.csv (--format csv --out FOLDER/) list all {n}.",
        n - FREE_TEXT_SHOWN
    )
}
/// The line after a capped respondents table.
pub fn more_people(n: usize) -> String {
    format!(
        "… and {} more respondents: the JSON output and respondents.csv (--format csv --out FOLDER/) list all {n}.",
        n - PEOPLE_SHOWN
    )
}

/// The line after a root cause's capped five-whys chains.
pub fn more_chains(n: usize) -> String {
    format!(
        "… and {} more chains: the JSON output and five_whys.csv (--format csv --out FOLDER/) list all {n}.",
        n - CHAINS_SHOWN
    )
}

/// "Questions for the room": the questionnaire's prompts for the largest gaps, the
/// dimensions the room disagrees on and the top causes (nothing without prompts).
pub fn discussion(m: &mut impl Markup, r: &GroupReport) {
    if r.discussion.is_empty() {
        return;
    }
    m.heading("Questions for the room");
    for (i, d) in r.discussion.iter().enumerate() {
        if i > 0 {
            m.blank();
        }
        let head = format!("{} ({})", m.strong(&m.esc(&d.name)), m.esc(&d.why));
        m.para(&head);
        for p in &d.prompts {
            m.item(&m.esc(p));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{hang, para};

    #[test]
    fn paragraphs_wrap_at_spaces_with_their_indents() {
        let mut out = String::new();
        hang(
            &mut out,
            "   Sources: ",
            "lead-to-cash handbook; a-very-long-file-name-that-is-wider.pdf; x",
            30,
        );
        assert_eq!(
            out,
            "   Sources: lead-to-cash\n            handbook;\n            a-very-long-file-name-that-is-wider.pdf;\n            x\n"
        );
        let mut out = String::new();
        para(&mut out, "日本語 日本語 日本語 日本語 ab", "  ", 20);
        // Wide characters take two columns each: three words of six fill 20 columns.
        assert_eq!(out, "  日本語 日本語\n  日本語 日本語 ab\n");
        // Never narrower than 20 columns, whatever the width asked for.
        let mut out = String::new();
        para(&mut out, "one two three four five six", "", 5);
        assert_eq!(out, "one two three four\nfive six\n");
    }
}
