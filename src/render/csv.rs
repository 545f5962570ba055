//! CSV: tidy tables for spreadsheets, one observation per row, a header row always.
//! To standard output the main table (`scores.csv`, or `waves.csv` for a trend); to a
//! folder (`--out DIR/`) every table. The shapes are documented in docs/CSV.md.
//!
//! Text cells are untrusted: control characters and bidi overrides are removed, and a
//! cell that a spreadsheet would read as a formula (starting with `=`, `+`, `-`, `@`, a
//! tab or a carriage return) gets a leading apostrophe. Number cells are written from
//! numbers, never from text, so they stay numbers (a gap of -12.5 stays -12.5).

use super::Document;
use super::Renderer;
use crate::error::{Error, Result};
use crate::gates::{Action, Bound, GateSummary, Status, Unit};
use crate::numfmt;
use crate::questionnaire::OTHER_CAUSE;
use crate::report::group::{ChainTag, GroupReport, Scope};
use crate::report::trend::TrendReport;
use crate::report::{Report, SingleReport};
use crate::sanitize::plain;

/// CSV: the main table to standard output, every table to a folder.
pub struct Csv;

impl Renderer for Csv {
    fn file_name(&self) -> &'static str {
        "scores.csv"
    }

    /// The main table only: the others are never made.
    fn render(&self, doc: &Document) -> Result<String> {
        match tables(doc).into_iter().next() {
            Some(make) => Ok(make().into_csv()?.1),
            None => Ok(String::new()),
        }
    }

    fn render_each(&self, doc: &Document, _main: &str, sink: &mut super::Sink<'_>) -> Result<()> {
        for make in tables(doc) {
            let (name, csv) = make().into_csv()?;
            sink(&name, &mut |w| {
                w.write_all(csv.as_bytes()).map_err(Error::unnamed)
            })?;
        }
        Ok(())
    }
}

/// A text cell: inert for terminals and spreadsheets. Leading spaces are looked past,
/// since some spreadsheets trim them on import.
pub fn text(s: &str) -> String {
    let s = plain(s);
    match s.trim_start_matches(' ').chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s,
    }
}

/// A score, severity or gap: one decimal, never `-0.0`.
fn num(v: f64) -> String {
    numfmt::n1(v)
}

fn opt(v: Option<f64>) -> String {
    v.map(num).unwrap_or_default()
}

/// Evidence amounts and other figures that are usually whole: as short as exact.
fn amount(v: f64) -> String {
    numfmt::whole(v)
}

fn flag(b: bool) -> String {
    if b { "true" } else { "false" }.to_string()
}

/// One CSV file, its rows written as they are added (a table of 100,000 people is held
/// as its CSV text, not as cells).
struct Table {
    name: &'static str,
    header: &'static [&'static str],
    w: csv::Writer<Vec<u8>>,
    error: Option<csv::Error>,
}

/// Makes one table when called: a folder's tables are made one at a time.
type Maker<'a> = Box<dyn FnOnce() -> Table + 'a>;

/// Makers for tables already made (the small reports).
fn made<'a>(tables: Vec<Table>) -> Vec<Maker<'a>> {
    tables
        .into_iter()
        .map(|t| Box::new(move || t) as Maker<'a>)
        .collect()
}

impl Table {
    fn new(name: &'static str, header: &'static [&'static str]) -> Self {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        let error = w.write_record(header).err();
        Table {
            name,
            header,
            w,
            error,
        }
    }

    fn row(&mut self, cells: Vec<String>) {
        debug_assert_eq!(cells.len(), self.header.len(), "{}", self.name);
        if let Err(e) = self.w.write_record(&cells) {
            self.error.get_or_insert(e);
        }
    }

    fn into_csv(self) -> Result<(String, String)> {
        if let Some(e) = self.error {
            return Err(Error::Input(format!("cannot write CSV: {e}")));
        }
        let bytes = self
            .w
            .into_inner()
            .map_err(|e| Error::Input(format!("cannot write CSV: {e}")))?;
        let s =
            String::from_utf8(bytes).map_err(|e| Error::Input(format!("cannot write CSV: {e}")))?;
        Ok((self.name.to_string(), s))
    }
}

const SCORES: &[&str] = &[
    "scope",
    "role",
    "dimension",
    "dimension_name",
    "score",
    "spread",
    "respondents",
];
const CAUSES: &[&str] = &[
    "rank",
    "cause",
    "cause_name",
    "severity",
    "in_top3",
    "respondents",
    "evidence_received",
    "evidence_possible",
    "with_evidence",
    "answers",
    "unanswered",
    "strongest_missing",
    "tied_with_top",
    "own",
];
const LEVELS: &[&str] = &[
    "scope",
    "role",
    "of",
    "value",
    "level",
    "level_by_score",
    "held_back_by",
];
const CHECKLIST: &[&str] = &[
    "question",
    "question_text",
    "item",
    "item_label",
    "scope",
    "ticked",
    "answered",
    "percent",
];
const LADDER: &[&str] = &[
    "scope",
    "step",
    "step_id",
    "step_label",
    "today",
    "wish",
    "survey_wish_percent",
];
const FINDINGS: &[&str] = &["finding", "name", "scope", "insight"];
const FIVE_WHYS: &[&str] = &[
    "chain",
    "respondent",
    "role",
    "cause",
    "cause_name",
    "step",
    "text",
];
const RESPONDENTS: &[&str] = &[
    "number", "name", "file", "role", "date", "overall", "complete", "missing",
];
const GATES: &[&str] = &[
    "rule",
    "action",
    "expected",
    "found",
    "status",
    "threshold",
    "value",
    "unit",
    "bound",
];

/// Every table for the document, the main one first, each made when called.
fn tables(doc: &Document) -> Vec<Maker<'_>> {
    let mut out = match &doc.report {
        Report::Single(r) => made(single(r)),
        Report::Group(r) => group(r),
        Report::Trend(r) => made(trend(r)),
    };
    if let Some(g) = &doc.gates {
        out.push(Box::new(move || gates(g)));
    }
    out
}

fn gates(g: &GateSummary) -> Table {
    let mut t = Table::new("gates.csv", GATES);
    for r in &g.results {
        t.row(vec![
            text(&r.rule),
            match r.action {
                Action::Fail => "fail",
                Action::Warn => "warn",
            }
            .into(),
            text(&r.expected),
            text(&r.found),
            match r.status {
                Status::Pass => "pass",
                Status::Warn => "warn",
                Status::Fail => "fail",
            }
            .into(),
            num(r.threshold),
            opt(r.value),
            match r.unit {
                Unit::Points => "points",
                Unit::Severity => "severity",
                Unit::Respondents => "respondents",
                Unit::Days => "days",
            }
            .into(),
            match r.bound {
                Bound::Min => "min",
                Bound::Max => "max",
            }
            .into(),
        ]);
    }
    t
}

fn ladder_bench(b: Option<f64>) -> String {
    b.map(amount).unwrap_or_default()
}

fn single(r: &SingleReport) -> Vec<Table> {
    let p = &r.respondent;
    let role = text(p.role.as_deref().unwrap_or(""));
    let one = "1".to_string();

    let mut scores = Table::new("scores.csv", SCORES);
    scores.row(vec![
        one.clone(),
        role.clone(),
        "overall".into(),
        "Overall".into(),
        opt(r.overall),
        String::new(),
        usize::from(r.overall.is_some()).to_string(),
    ]);
    if let Some(raw) = r.raw_total {
        scores.row(raw_row(one.clone(), role.clone(), raw));
    }
    for d in &r.dimensions {
        scores.row(vec![
            one.clone(),
            role.clone(),
            text(&d.id),
            text(&d.name),
            opt(d.score),
            String::new(),
            usize::from(d.score.is_some()).to_string(),
        ]);
    }

    let mut causes = Table::new("causes.csv", CAUSES);
    let mut evidence = Table::new(
        "evidence.csv",
        &[
            "rank",
            "cause",
            "question",
            "question_text",
            "answer",
            "amount",
            "possible",
        ],
    );
    for c in &r.causes {
        causes.row(vec![
            c.rank.to_string(),
            text(&c.id),
            text(&c.name),
            num(c.severity),
            // As in a group: only a cause the respondent gave evidence for counts.
            usize::from(c.rank <= 3 && c.evidence_received > 0.0).to_string(),
            "1".into(),
            amount(c.evidence_received),
            amount(c.evidence_possible),
            usize::from(c.evidence_received > 0.0).to_string(),
            c.answers.to_string(),
            c.unanswered.to_string(),
            text(
                c.defining_missing
                    .as_ref()
                    .map_or("", |d| d.question.as_str()),
            ),
            flag(c.tied_with_top),
            flag(c.own),
        ]);
        for e in &c.evidence {
            evidence.row(vec![
                c.rank.to_string(),
                text(&c.id),
                text(&e.question),
                text(&e.text),
                text(&e.answer),
                amount(e.amount),
                amount(e.possible),
            ]);
        }
    }

    let mut checklist = Table::new("checklist.csv", CHECKLIST);
    for c in &r.checklists {
        for i in &c.items {
            let ticked = c.answered && i.ticked;
            checklist.row(vec![
                text(&c.question),
                text(&c.text),
                text(&i.id),
                text(&i.label),
                one.clone(),
                usize::from(ticked).to_string(),
                usize::from(c.answered).to_string(),
                if c.answered {
                    num(if ticked { 100.0 } else { 0.0 })
                } else {
                    String::new()
                },
            ]);
        }
    }

    let mut ladder = Table::new("ladder.csv", LADDER);
    if let Some(l) = &r.ladder {
        for (i, s) in l.steps.iter().enumerate() {
            ladder.row(vec![
                one.clone(),
                (i + 1).to_string(),
                text(&s.id),
                text(&s.label),
                usize::from(l.current == Some(i + 1)).to_string(),
                usize::from(l.desired == Some(i + 1)).to_string(),
                ladder_bench(s.benchmark),
            ]);
        }
    }

    let mut findings = Table::new("findings.csv", FINDINGS);
    for f in &r.findings {
        findings.row(vec![
            text(&f.id),
            text(&f.name),
            one.clone(),
            text(&f.insight),
        ]);
    }

    let mut whys = Table::new("five_whys.csv", FIVE_WHYS);
    let name = text(p.name.as_deref().unwrap_or(""));
    for (k, ch) in r.five_whys.iter().enumerate() {
        let steps = std::iter::once(&ch.symptom).chain(&ch.whys);
        for (step, s) in steps.enumerate() {
            whys.row(vec![
                (k + 1).to_string(),
                name.clone(),
                role.clone(),
                text(ch.cause.as_deref().unwrap_or("")),
                text(ch.cause_name.as_deref().unwrap_or("")),
                step.to_string(),
                text(s),
            ]);
        }
    }

    let mut people = Table::new("respondents.csv", RESPONDENTS);
    people.row(vec![
        one,
        name,
        text(p.file.as_deref().unwrap_or("")),
        role,
        text(p.date.as_deref().unwrap_or("")),
        opt(r.overall),
        flag(p.complete),
        p.missing.to_string(),
    ]);

    let mut comments = Table::new("comments.csv", &["question", "question_text", "answer"]);
    for c in &r.comments {
        comments.row(vec![text(&c.question), text(&c.text), text(&c.answer)]);
    }

    vec![
        scores,
        causes,
        evidence,
        checklist,
        ladder,
        findings,
        whys,
        people,
        comments,
        single_levels(r),
    ]
}

/// A `raw_total` row of scores.csv: a raw-sum instrument's own number (not 0–100).
fn raw_row(scope: String, role: String, raw: f64) -> Vec<String> {
    vec![
        scope,
        role,
        "raw_total".into(),
        "Raw total".into(),
        num(raw),
        String::new(),
        "1".into(),
    ]
}

/// levels.csv for one respondent: the overall level, then each dimension's own level.
fn single_levels(r: &SingleReport) -> Table {
    let mut t = Table::new("levels.csv", LEVELS);
    let role = text(r.respondent.role.as_deref().unwrap_or(""));
    if let Some(l) = &r.level {
        t.row(vec![
            "1".into(),
            role.clone(),
            "overall".into(),
            num(l.value),
            text(&l.name),
            text(l.by_score.as_deref().unwrap_or(&l.name)),
            text(&l.held_back_by.join("; ")),
        ]);
    }
    for d in &r.dimensions {
        if let Some(level) = &d.level {
            t.row(vec![
                "1".into(),
                role.clone(),
                text(&d.id),
                opt(d.score),
                text(level),
                text(level),
                String::new(),
            ]);
        }
    }
    t
}

/// levels.csv for a group: the group's level, each role's, each respondent's.
fn group_levels(r: &GroupReport) -> Table {
    let mut t = Table::new("levels.csv", LEVELS);
    let mut row = |scope: String, role: String, value: Option<f64>, level: &Option<String>| {
        if let Some(l) = level {
            t.row(vec![
                scope,
                role,
                "overall".into(),
                opt(value),
                text(l),
                text(l),
                String::new(),
            ]);
        }
    };
    let raw = r.raw_total.is_some();
    row(
        "group".into(),
        "all".into(),
        if raw { r.raw_total } else { r.overall },
        &r.level,
    );
    for x in &r.roles {
        row(
            scope(&x.id),
            scope(&x.id),
            if raw { None } else { x.overall },
            &x.level,
        );
    }
    for p in &r.people {
        let v = if raw { p.raw_total } else { p.overall };
        row(p.number.to_string(), scope(&p.role), v, &p.level);
    }
    t
}

fn group(r: &GroupReport) -> Vec<Maker<'_>> {
    vec![
        Box::new(move || group_scores(r)),
        Box::new(move || group_causes(r).0),
        Box::new(move || group_causes(r).1),
        Box::new(move || group_gaps(r)),
        Box::new(move || group_spread(r)),
        Box::new(move || group_checklist(r)),
        Box::new(move || group_ladder(r)),
        Box::new(move || group_findings(r)),
        Box::new(move || group_whys(r)),
        Box::new(move || group_people(r)),
        Box::new(move || group_levels(r)),
        Box::new(move || group_answers(r)),
        Box::new(move || group_free_text(r)),
        Box::new(move || group_discussion(r)),
    ]
}

const ANSWERS: &[&str] = &[
    "question",
    "question_text",
    "kind",
    "role",
    "respondents",
    "answer",
    "answer_label",
    "count",
];

/// `answers.csv`: for every choice and scale question, per scope (`all`, then each
/// role shown) and answer, how many gave it; `dont_know`, `not_asked` and
/// `not_answered` rows follow the answers.
fn group_answers(r: &GroupReport) -> Table {
    let mut t = Table::new("answers.csv", ANSWERS);
    for a in &r.answers {
        for c in &a.counts {
            // As the other tidy tables write the whole group's rows.
            let role = match &c.role {
                Scope::Group => "all".to_string(),
                s => scope(s),
            };
            let extra = c.others();
            let answers = a
                .choices
                .iter()
                .zip(&c.counts)
                .map(|(ch, n)| (text(&ch.id), text(&ch.label), *n));
            let extra = extra
                .into_iter()
                .map(|(id, l, n)| (id.to_string(), l.to_string(), n));
            for (id, label, n) in answers.chain(extra) {
                t.row(vec![
                    text(&a.question),
                    text(&a.text),
                    a.kind.to_string(),
                    role.clone(),
                    c.respondents.to_string(),
                    id,
                    label,
                    n.to_string(),
                ]);
            }
        }
    }
    t
}

/// `free_text.csv`: every free-text answer, in the report's order, with its role
/// when the report shows it.
fn group_free_text(r: &GroupReport) -> Table {
    let mut t = Table::new(
        "free_text.csv",
        &["question", "question_text", "role", "text"],
    );
    for q in &r.free_text {
        for a in &q.answers {
            t.row(vec![
                text(&q.question),
                text(&q.text),
                a.role.as_ref().map(scope).unwrap_or_default(),
                text(&a.text),
            ]);
        }
    }
    t
}

const DISCUSSION: &[&str] = &["about", "id", "name", "why", "number", "prompt"];

/// `discussion.csv`: one row per prompt of the discussion guide.
fn group_discussion(r: &GroupReport) -> Table {
    let mut t = Table::new("discussion.csv", DISCUSSION);
    for d in &r.discussion {
        for (i, p) in d.prompts.iter().enumerate() {
            t.row(vec![
                text(d.about),
                text(&d.id),
                text(&d.name),
                text(&d.why),
                (i + 1).to_string(),
                text(p),
            ]);
        }
    }
    t
}

/// A scope as the CSV writes it: a role id, `unspecified` or `group`.
fn scope(s: &Scope) -> String {
    text(s.as_str())
}

fn group_scores(r: &GroupReport) -> Table {
    let mut scores = Table::new("scores.csv", SCORES);
    scores.row(vec![
        "group".into(),
        "all".into(),
        "overall".into(),
        "Overall".into(),
        opt(r.overall),
        String::new(),
        r.scored.to_string(),
    ]);
    if let Some(raw) = r.raw_total {
        let mut row = raw_row("group".into(), "all".into(), raw);
        row[6] = r
            .people
            .iter()
            .filter(|p| p.raw_total.is_some())
            .count()
            .to_string();
        scores.row(row);
    }
    for d in &r.dimensions {
        scores.row(vec![
            "group".into(),
            "all".into(),
            text(&d.id),
            text(&d.name),
            opt(d.score),
            opt(d.spread),
            d.answered_by.to_string(),
        ]);
    }
    for role in &r.roles {
        let id = scope(&role.id);
        scores.row(vec![
            id.clone(),
            id.clone(),
            "overall".into(),
            "Overall".into(),
            opt(role.overall),
            String::new(),
            role.scored.to_string(),
        ]);
        for d in &r.dimensions {
            let s = d
                .by_role
                .iter()
                .find(|x| x.role == role.id)
                .and_then(|x| x.score);
            scores.row(vec![
                id.clone(),
                id.clone(),
                text(&d.id),
                text(&d.name),
                opt(s),
                String::new(),
                role.respondents.to_string(),
            ]);
        }
    }
    for p in &r.people {
        scores.row(vec![
            p.number.to_string(),
            scope(&p.role),
            "overall".into(),
            "Overall".into(),
            opt(p.overall),
            String::new(),
            usize::from(p.overall.is_some()).to_string(),
        ]);
        if let Some(raw) = p.raw_total {
            scores.row(raw_row(p.number.to_string(), scope(&p.role), raw));
        }
    }
    scores
}

fn group_causes(r: &GroupReport) -> (Table, Table) {
    let mut causes = Table::new("causes.csv", CAUSES);
    let mut top3 = Table::new("top3_by_role.csv", &["rank", "cause", "role", "in_top3"]);
    for c in &r.causes {
        causes.row(vec![
            c.rank.to_string(),
            text(&c.id),
            text(&c.name),
            num(c.severity),
            c.in_top3.to_string(),
            r.respondents.to_string(),
            String::new(),
            String::new(),
            c.with_evidence.to_string(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ]);
        for role in &r.roles {
            let n = c
                .in_top3_by_role
                .iter()
                .find(|x| x.role == role.id)
                .map_or(0, |x| x.count);
            top3.row(vec![
                c.rank.to_string(),
                text(&c.id),
                scope(&role.id),
                n.to_string(),
            ]);
        }
    }
    (causes, top3)
}

fn group_gaps(r: &GroupReport) -> Table {
    let mut gaps = Table::new(
        "gaps.csv",
        &[
            "role",
            "versus",
            "dimension",
            "dimension_name",
            "score",
            "versus_score",
            "gap",
        ],
    );
    for g in r.perception_gap.iter().chain(&r.role_vs_rest) {
        gaps.row(vec![
            scope(&g.role),
            scope(&g.versus),
            text(&g.dimension),
            text(&g.dimension_name),
            num(g.score),
            num(g.versus_score),
            num(g.gap),
        ]);
    }
    gaps
}

fn group_spread(r: &GroupReport) -> Table {
    let mut spread = Table::new(
        "spread.csv",
        &[
            "dimension",
            "dimension_name",
            "mean",
            "min",
            "max",
            "spread",
            "answered_by",
            "discuss",
        ],
    );
    for d in &r.dimensions {
        spread.row(vec![
            text(&d.id),
            text(&d.name),
            opt(d.score),
            opt(d.min),
            opt(d.max),
            opt(d.spread),
            d.answered_by.to_string(),
            flag(d.discuss),
        ]);
    }
    spread
}

fn group_checklist(r: &GroupReport) -> Table {
    let mut checklist = Table::new("checklist.csv", CHECKLIST);
    for c in &r.checklists {
        for i in &c.items {
            for s in std::iter::once(&i.all).chain(&i.by_role) {
                checklist.row(vec![
                    text(&c.question),
                    text(&c.text),
                    text(&i.id),
                    text(&i.label),
                    scope(&s.role),
                    s.ticked.to_string(),
                    s.answered.to_string(),
                    opt(s.percent),
                ]);
            }
        }
    }
    checklist
}

fn group_ladder(r: &GroupReport) -> Table {
    let mut ladder = Table::new("ladder.csv", LADDER);
    if let Some(l) = &r.ladder {
        for c in l.group_first() {
            for (i, s) in l.steps.iter().enumerate() {
                ladder.row(vec![
                    scope(&c.role),
                    (i + 1).to_string(),
                    text(&s.id),
                    text(&s.label),
                    c.current.get(i).copied().unwrap_or(0).to_string(),
                    c.desired.get(i).copied().unwrap_or(0).to_string(),
                    ladder_bench(s.benchmark),
                ]);
            }
        }
    }
    ladder
}

fn group_findings(r: &GroupReport) -> Table {
    let mut findings = Table::new("findings.csv", FINDINGS);
    for f in &r.findings {
        for s in &f.fires_for {
            findings.row(vec![text(&f.id), text(&f.name), scope(s), text(&f.insight)]);
        }
    }
    findings
}

fn group_whys(r: &GroupReport) -> Table {
    let mut whys = Table::new("five_whys.csv", FIVE_WHYS);
    let mut k = 0;
    for g in &r.five_whys {
        let (cause, cause_name) = match &g.cause {
            ChainTag::Untagged => (String::new(), String::new()),
            ChainTag::Other => (text(OTHER_CAUSE), text(&g.cause_name)),
            ChainTag::Cause(id) => (text(id), text(&g.cause_name)),
        };
        for c in &g.chains {
            k += 1;
            for (step, s) in std::iter::once(&c.symptom).chain(&c.whys).enumerate() {
                whys.row(vec![
                    k.to_string(),
                    text(c.respondent.as_deref().unwrap_or("")),
                    c.role.as_ref().map(scope).unwrap_or_default(),
                    cause.clone(),
                    cause_name.clone(),
                    step.to_string(),
                    text(s),
                ]);
            }
        }
    }
    whys
}

fn group_people(r: &GroupReport) -> Table {
    let mut people = Table::new("respondents.csv", RESPONDENTS);
    for p in &r.people {
        people.row(vec![
            p.number.to_string(),
            text(p.name.as_deref().unwrap_or("")),
            text(p.file.as_deref().unwrap_or("")),
            scope(&p.role),
            text(p.date.as_deref().unwrap_or("")),
            opt(p.overall),
            flag(p.complete),
            p.missing.to_string(),
        ]);
    }
    people
}

fn trend(r: &TrendReport) -> Vec<Table> {
    let mut waves = Table::new(
        "waves.csv",
        &[
            "wave",
            "wave_number",
            "date",
            "respondents",
            "incomplete",
            "dimension",
            "dimension_name",
            "score",
            "change",
            "level",
        ],
    );
    let delta = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => num(crate::report::r1(b - a)),
        _ => String::new(),
    };
    for (i, w) in r.waves.iter().enumerate() {
        let base =
            |dim: String, name: String, score: Option<f64>, change: String, level: String| {
                vec![
                    text(&w.label),
                    (i + 1).to_string(),
                    text(w.date.as_deref().unwrap_or("")),
                    w.respondents.to_string(),
                    w.incomplete.to_string(),
                    dim,
                    name,
                    opt(score),
                    change,
                    level,
                ]
            };
        waves.row(base(
            "overall".into(),
            "Overall".into(),
            w.overall,
            opt(w.overall_change),
            text(w.level.as_deref().unwrap_or("")),
        ));
        for d in &r.dimensions {
            let now = d.scores.get(i).copied().flatten();
            let before = if i == 0 {
                None
            } else {
                d.scores.get(i - 1).copied().flatten()
            };
            waves.row(base(
                text(&d.id),
                text(&d.name),
                now,
                delta(before, now),
                String::new(),
            ));
        }
    }

    let mut causes = Table::new(
        "causes.csv",
        &[
            "wave",
            "wave_number",
            "cause",
            "cause_name",
            "severity",
            "change",
            "top3_rank",
        ],
    );
    for (i, w) in r.waves.iter().enumerate() {
        for c in &r.causes {
            let now = c.severities.get(i).copied().flatten();
            let before = if i == 0 {
                None
            } else {
                c.severities.get(i - 1).copied().flatten()
            };
            let top = w
                .top_causes
                .iter()
                .position(|t| t.id == c.id)
                .map(|p| (p + 1).to_string())
                .unwrap_or_default();
            causes.row(vec![
                text(&w.label),
                (i + 1).to_string(),
                text(&c.id),
                text(&c.name),
                opt(now),
                delta(before, now),
                top,
            ]);
        }
    }
    let mut out = vec![waves, causes];
    out.extend(trend_gap(r));
    out
}

/// gap.csv: the compared roles' scores and the gap per wave, overall and per dimension,
/// with the minimums a wave falls short of.
fn trend_gap(r: &TrendReport) -> Option<Table> {
    let g = r.gap.as_ref()?;
    let mut t = Table::new(
        "gap.csv",
        &[
            "wave",
            "wave_number",
            "date",
            "respondents",
            "too_few",
            "role",
            "versus",
            "dimension",
            "dimension_name",
            "role_score",
            "versus_score",
            "gap",
            "widening",
        ],
    );
    for (i, w) in r.waves.iter().enumerate() {
        let row = |dim: &str,
                   name: &str,
                   a: Option<f64>,
                   b: Option<f64>,
                   gap: Option<f64>,
                   wider: Option<f64>| {
            vec![
                text(&w.label),
                (i + 1).to_string(),
                text(w.date.as_deref().unwrap_or("")),
                w.respondents.to_string(),
                text(&w.too_few.join(" ")),
                text(&g.role),
                text(&g.versus),
                text(dim),
                text(name),
                opt(a),
                opt(b),
                opt(gap),
                opt(wider),
            ]
        };
        let p = &g.waves[i];
        t.row(row(
            "overall",
            "Overall",
            p.score,
            p.versus_score,
            p.gap,
            p.widening,
        ));
        for d in &g.dimensions {
            let now = d.gaps[i];
            let wider = match (i.checked_sub(1).and_then(|j| d.gaps[j]), now) {
                (Some(a), Some(b)) => Some(crate::report::r1(b.abs() - a.abs())),
                _ => None,
            };
            t.row(row(&d.id, &d.name, None, None, now, wider));
        }
    }
    Some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_controls_removed() {
        assert_eq!(text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(text("+cmd"), "'+cmd");
        assert_eq!(text("-1+2"), "'-1+2");
        assert_eq!(text("@SUM(1)"), "'@SUM(1)");
        assert_eq!(text("a\u{1b}[31mb"), "a[31mb");
        assert_eq!(text("Sales"), "Sales");
        assert_eq!(text("\t=1+1"), "' =1+1");
        assert_eq!(text("  @x"), "'  @x");
        assert_eq!(num(-12.54), "-12.5");
        assert_eq!(num(-0.01), "0.0");
    }

    #[test]
    fn tables_quote_what_needs_quoting() {
        let mut t = Table::new("x.csv", &["a", "b"]);
        t.row(vec![text("one, two"), num(-3.0)]);
        t.row(vec![text("say \"hi\"\nthere"), String::new()]);
        let (name, s) = t.into_csv().unwrap();
        assert_eq!(name, "x.csv");
        assert_eq!(s, "a,b\n\"one, two\",-3.0\n\"say \"\"hi\"\" there\",\n");
    }
}
