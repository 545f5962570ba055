use super::Document;
use super::Renderer;
use super::markup::{self, Align, Column, MarkdownMarkup, Markup, md};
use crate::error::Result;
use crate::numfmt;
use crate::report::group::{self, GroupLadder, GroupReport};
use crate::report::trend::TrendReport;
use crate::report::{LadderInfo, Report, SingleReport};
use std::fmt::Write;

/// GitHub-flavoured Markdown, ready to paste into a wiki page or a pull request.
pub struct Markdown;

impl Renderer for Markdown {
    fn file_name(&self) -> &'static str {
        "report.md"
    }

    fn render(&self, doc: &Document) -> Result<String> {
        let mut m = MarkdownMarkup { out: String::new() };
        let out = &mut m.out;
        if let Some(g) = &doc.gates {
            let verdict = if g.passed { "passed" } else { "FAILED" };
            let _ = writeln!(
                out,
                "**Gates: {verdict}** ({} failed, {} warnings)\n",
                g.failed, g.warned
            );
            let _ = writeln!(
                out,
                "| Rule | On failure | Expected | Found | Result |\n|---|---|---|---|---|"
            );
            for r in &g.results {
                let _ = writeln!(
                    out,
                    "| {} | {:?} | {} | {} | {:?} |",
                    md(&r.rule),
                    r.action,
                    md(&r.expected),
                    md(&r.found),
                    r.status
                );
            }
            let _ = writeln!(out);
        }
        match &doc.report {
            Report::Single(r) => single(&mut m, r),
            Report::Group(r) => group(&mut m, r),
            Report::Trend(r) => trend(&mut m, r),
        }
        Ok(m.out)
    }
}

fn col(name: &str, a: Align) -> Column {
    (name.to_string(), a)
}

/// A line of the report as is (no wrapping, no escaping beyond what the caller did).
fn line(m: &mut MarkdownMarkup, s: &str) {
    let _ = writeln!(m.out, "{s}");
}

fn single(m: &mut MarkdownMarkup, r: &SingleReport) {
    single_header(m, r);
    if let Some(l) = &r.ladder {
        single_ladder(m, l);
    }
    m.heading("Dimensions");
    let levels = r.dimensions.iter().any(|d| d.level.is_some());
    let rows = r
        .dimensions
        .iter()
        .map(|d| {
            let mut row = vec![
                md(&d.name),
                numfmt::score(d.score),
                format!("{}/{}", d.answered, d.questions),
            ];
            if levels {
                row.insert(2, md(d.level.as_deref().unwrap_or("–")));
            }
            row
        })
        .collect();
    let mut head = vec![
        col("Dimension", Align::Left),
        col("Score", Align::Right),
        col("Answered", Align::Right),
    ];
    if levels {
        head.insert(2, col("Level", Align::Left));
    }
    m.table(&head, rows);
    markup::single_causes(m, r);
    for c in &r.causes {
        let rank = crate::report::ranking::rank_label(c, &r.ranking);
        cause_detail(m, &rank, &c.name, &c.explanation);
        let rests = crate::report::ranking::support_text(c);
        line(
            m,
            &format!("_Severity {:.1}, {}._\n", c.severity, md(&rests)),
        );
        if !c.evidence.is_empty() {
            line(m, "Evidence:\n");
            for e in &c.evidence {
                m.item(&format!(
                    "{} → {} (+{} of {})",
                    md(&e.text),
                    md(&e.answer),
                    numfmt::whole(e.amount),
                    numfmt::whole(e.possible)
                ));
            }
            line(m, "");
        }
        remedies(m, &c.remedies);
        if !c.sources.is_empty() {
            let sources: Vec<String> = c.sources.iter().map(|s| md(s)).collect();
            line(m, &format!("\n_Sources: {}_", sources.join("; ")));
        }
    }
    markup::findings(m, &r.findings);
    single_notes(m, r);
}

fn single_header(m: &mut MarkdownMarkup, r: &SingleReport) {
    let q = &r.questionnaire;
    let p = &r.respondent;
    line(
        m,
        &format!("# {} ({} {})\n", md(&q.title), md(&q.id), md(&q.version)),
    );
    let mut who = vec![
        p.name
            .as_deref()
            .map(md)
            .unwrap_or_else(|| "Anonymous respondent".into()),
    ];
    if let Some(role) = p.role_name.as_deref().or(p.role.as_deref()) {
        who.push(md(role));
    }
    if let Some(d) = &p.date {
        who.push(md(d));
    }
    line(m, &format!("{}  ", who.join(" · ")));
    line(
        m,
        &format!(
            "{} of {} questions answered, {} don't know, {} not asked, {} unanswered{}.\n",
            p.answered,
            p.questions,
            p.dont_know,
            p.skipped,
            p.missing,
            if p.complete { "" } else { " (**incomplete**)" }
        ),
    );
    if let Some(l) = r.level.as_ref().filter(|l| l.basis == "raw") {
        line(
            m,
            &format!(
                "**Raw total: {}**  ",
                markup::raw_headline(r.raw_total, Some(l))
            ),
        );
    }
    line(
        m,
        &format!("**Overall score: {} / 100**", numfmt::score(r.overall)),
    );
    if let Some(l) = &r.level {
        line(
            m,
            &format!("\n**Level:** {} ({} of {})", md(&l.name), l.step, l.of),
        );
        if !l.description.is_empty() {
            line(m, &format!("\n{}", md(&l.description)));
        }
        if let Some(h) = markup::level_held_back(l) {
            line(m, &format!("\n{}", md(&h)));
        }
    }
}

fn single_ladder(m: &mut MarkdownMarkup, l: &LadderInfo) {
    m.heading(&format!("Self-described level: {}", md(&l.name)));
    let rows = l
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let n = i + 1;
            vec![
                n.to_string(),
                md(&s.label),
                if l.current == Some(n) { "◆" } else { "" }.to_string(),
                if l.desired == Some(n) { "◇" } else { "" }.to_string(),
                numfmt::share(s.benchmark),
            ]
        })
        .collect();
    m.table(
        &[
            col("#", Align::Right),
            col("Step", Align::Left),
            col("Today", Align::Left),
            col("Wanted", Align::Left),
            col("Survey: wanted", Align::Right),
        ],
        rows,
    );
    if let Some(g) = l.gap {
        line(
            m,
            &format!("\nGap between today and the wish: **{g}** step(s)."),
        );
    }
    if let Some(n) = &l.benchmark_note {
        line(m, &format!("\n_Survey: {}_", md(n)));
    }
}

fn cause_detail(m: &mut MarkdownMarkup, rank: &str, name: &str, explanation: &str) {
    line(
        m,
        &format!("\n### {rank}. {}\n\n{}\n", md(name), md(explanation)),
    );
}

fn remedies(m: &mut MarkdownMarkup, remedies: &[impl AsRef<str>]) {
    line(m, "What to do:\n");
    for rem in remedies {
        m.item(&md(rem.as_ref()));
    }
}

/// Checklists, five-whys chains and free-text answers.
fn single_notes(m: &mut MarkdownMarkup, r: &SingleReport) {
    for c in &r.checklists {
        m.heading(&format!("Checklist: {}", md(&c.text)));
        if !c.answered {
            m.para("Not answered.");
            continue;
        }
        for i in &c.items {
            let tick = if i.ticked { "x" } else { " " };
            m.item(&format!("[{tick}] {}", md(&i.label)));
        }
    }
    for ch in &r.five_whys {
        m.heading("Five whys");
        line(m, &format!("**Symptom:** {}\n", md(&ch.symptom)));
        for (i, y) in ch.whys.iter().enumerate() {
            line(m, &format!("{}. Why? {}", i + 1, md(y)));
        }
        let cause = ch
            .cause_name
            .as_deref()
            .map(md)
            .unwrap_or_else(|| "not tagged".into());
        line(m, &format!("\n**Root cause:** {cause}"));
    }
    if !r.comments.is_empty() {
        m.heading("In their words");
        for c in &r.comments {
            m.item(&format!("{}: “{}”", md(&c.text), md(&c.answer)));
        }
    }
}

/// A scope's name, escaped.
fn role_name(r: &GroupReport, s: &group::Scope) -> String {
    md(&r.label(s))
}

fn group(m: &mut MarkdownMarkup, r: &GroupReport) {
    group_header(m, r);
    group_people(m, r);
    group_scores(m, r);
    markup::perception_gap(m, r);
    markup::role_vs_rest(m, r, "Each role against everyone else");
    m.heading("Root causes for the group");
    if r.causes.is_empty() {
        m.para(markup::NO_CAUSES);
    } else {
        markup::group_causes_table(m, r);
        for c in r.causes.iter().take(3) {
            cause_detail(m, &c.rank.to_string(), &c.name, &c.explanation);
            remedies(m, &c.remedies);
        }
    }
    if !r.findings.is_empty() {
        m.heading("Findings");
        for f in &r.findings {
            let whom: Vec<String> = r.holds_for(f, false).iter().map(|x| md(x)).collect();
            m.item(&format!(
                "**{}** ({}): {}",
                md(&f.name),
                whom.join(", "),
                md(&f.insight)
            ));
        }
    }
    group_checklists(m, r);
    if let Some(l) = &r.ladder {
        group_ladder(m, r, l);
    }
    markup::free_text(m, r);
    group_whys(m, r);
    markup::discussion(m, r);
    markup::answer_distributions(m, r);
}

fn group_header(m: &mut MarkdownMarkup, r: &GroupReport) {
    let q = &r.questionnaire;
    line(
        m,
        &format!(
            "# {} ({} {}): {}\n",
            md(&q.title),
            md(&q.id),
            md(&q.version),
            md(&r.kind())
        ),
    );
    let incomplete = if r.incomplete > 0 {
        format!(
            " {} incomplete (their scores use the answers they gave).",
            r.incomplete
        )
    } else {
        String::new()
    };
    line(m, &format!("{}{incomplete}\n", md(&r.respondents_line())));
    if let Some(note) = r.privacy_note() {
        line(m, &format!("_{}_\n", md(&note)));
    }
    let level = r
        .level
        .as_ref()
        .map(|l| format!(" · Level: {}", md(l)))
        .unwrap_or_default();
    if let Some(raw) = r.raw_total {
        line(m, &format!("**Mean raw total: {}**  ", numfmt::short(raw)));
    }
    line(
        m,
        &format!(
            "**Group overall: {} / 100**{level}\n",
            numfmt::score(r.overall)
        ),
    );
}

fn group_people(m: &mut MarkdownMarkup, r: &GroupReport) {
    if r.people.is_empty() {
        return;
    }
    // The first section follows the summary's blank line directly.
    line(m, "## Respondents\n");
    let mut head = vec![col("#", Align::Right)];
    if !r.anonymous {
        head.push(col("Respondent", Align::Left));
    }
    head.extend([
        col("Role", Align::Left),
        col("Date", Align::Left),
        col("Overall", Align::Right),
    ]);
    let raw = r.people.iter().any(|p| p.raw_total.is_some());
    let stage = raw && r.people.iter().any(|p| p.level.is_some());
    if raw {
        head.push(col("Raw total", Align::Right));
    }
    if stage {
        head.push(col("Level", Align::Left));
    }
    head.push(col("Complete", Align::Left));
    let rows = r
        .people
        .iter()
        .take(group::PEOPLE_SHOWN)
        .map(|p| {
            let mut row = vec![p.number.to_string()];
            if !r.anonymous {
                row.push(md(p.name.as_deref().unwrap_or("–")));
            }
            row.extend([
                role_name(r, &p.role),
                md(p.date.as_deref().unwrap_or("")),
                numfmt::score(p.overall),
            ]);
            if raw {
                row.push(p.raw_total.map_or("–".into(), numfmt::short));
            }
            if stage {
                row.push(md(p.level.as_deref().unwrap_or("–")));
            }
            row.push(if p.complete { "yes" } else { "no" }.to_string());
            row
        })
        .collect();
    m.table(&head, rows);
    if r.people.len() > group::PEOPLE_SHOWN {
        // A line right after a table would read as one more row.
        m.para("");
        m.para(&markup::more_people(r.people.len()));
    }
}

/// One column per role present, right-aligned, after `first`.
fn role_columns(r: &GroupReport, first: &str) -> Vec<Column> {
    let mut head = vec![col(first, Align::Left), col("All", Align::Right)];
    head.extend(r.roles.iter().map(|x| (md(&x.name), Align::Right)));
    head
}

fn group_scores(m: &mut MarkdownMarkup, r: &GroupReport) {
    m.heading("Scores by role");
    let mut head = role_columns(r, "Dimension");
    head.push(col("Spread", Align::Right));
    m.table(&head, Vec::new());
    let cells: Vec<String> = r.roles.iter().map(|x| numfmt::score(x.overall)).collect();
    line(
        m,
        &format!(
            "| **Overall** | {} | {} | |",
            numfmt::score(r.overall),
            cells.join(" | ")
        ),
    );
    for d in &r.dimensions {
        let cells: Vec<String> = d.by_role.iter().map(|x| numfmt::score(x.score)).collect();
        let spread = match d.spread {
            Some(s) if d.discuss => format!("**{s:.1}** ⚑"),
            Some(s) => format!("{s:.1}"),
            None => "–".into(),
        };
        line(
            m,
            &format!(
                "| {} | {} | {} | {spread} |",
                md(&d.name),
                numfmt::score(d.score),
                cells.join(" | ")
            ),
        );
    }
    line(
        m,
        &format!(
            "\n_Scores are means of the respondents' scores; spread is the standard deviation across respondents (⚑: {} points or more)._",
            group::discuss_spread()
        ),
    );
}

fn group_checklists(m: &mut MarkdownMarkup, r: &GroupReport) {
    for c in &r.checklists {
        m.heading("Checklist by role");
        line(m, &format!("{}\n", md(&c.text)));
        let rows = c
            .items
            .iter()
            .map(|i| {
                let mut row = vec![md(&i.label), format!("{}/{}", i.all.ticked, i.all.answered)];
                row.extend(
                    i.by_role
                        .iter()
                        .map(|s| format!("{}/{}", s.ticked, s.answered)),
                );
                row
            })
            .collect();
        m.table(&role_columns(r, "Item"), rows);
    }
}

fn group_ladder(m: &mut MarkdownMarkup, r: &GroupReport, l: &GroupLadder) {
    m.heading(&format!("Self-described level: {}", md(&l.name)));
    let mut head = vec![col("#", Align::Right), col("Step", Align::Left)];
    head.extend(l.counts.iter().map(|c| {
        (
            format!("{}: today / wish", role_name(r, &c.role)),
            Align::Right,
        )
    }));
    head.push(col("Survey: wish", Align::Right));
    let rows = l
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut row = vec![(i + 1).to_string(), md(&s.label)];
            row.extend(
                l.counts
                    .iter()
                    .map(|c| format!("{} / {}", c.current[i], c.desired[i])),
            );
            row.push(numfmt::share(s.benchmark));
            row
        })
        .collect();
    m.table(&head, rows);
    if let Some(n) = &l.benchmark_note {
        line(m, &format!("\n_Survey: {}_", md(n)));
    }
}

fn group_whys(m: &mut MarkdownMarkup, r: &GroupReport) {
    if r.five_whys.is_empty() {
        return;
    }
    line(m, "\n## Five whys, by the root cause they end at");
    for g in &r.five_whys {
        line(
            m,
            &format!("\n### {} ({})\n", md(&g.cause_name), g.chains.len()),
        );
        for c in g.chains.iter().take(group::CHAINS_SHOWN) {
            let who = match &c.respondent {
                Some(n) => format!("{} ({})", md(n), md(&r.label_of(&c.role))),
                None => md(&r.label_of(&c.role)),
            };
            let mut chain = vec![md(&c.symptom)];
            chain.extend(c.whys.iter().map(|w| md(w)));
            m.item(&format!("{who}: {}", chain.join(" ← because ")));
        }
        if g.chains.len() > group::CHAINS_SHOWN {
            m.para("");
            m.para(&markup::more_chains(g.chains.len()));
        }
    }
}

/// A change with its sign, or an en dash.
fn opt(v: Option<f64>) -> String {
    numfmt::change(v, numfmt::Sign::Always)
}

/// One column per wave, right-aligned, between `first` and `last`.
fn wave_columns(r: &TrendReport, first: &str, last: &[&str]) -> Vec<Column> {
    let mut head = vec![col(first, Align::Left)];
    head.extend(r.waves.iter().map(|w| (md(&w.label), Align::Right)));
    head.extend(last.iter().map(|l| col(l, Align::Right)));
    head
}

fn trend(m: &mut MarkdownMarkup, r: &TrendReport) {
    let q = &r.questionnaire;
    line(
        m,
        &format!(
            "# {} ({} {}): trend over {} waves\n",
            md(&q.title),
            md(&q.id),
            md(&q.version),
            r.waves.len()
        ),
    );
    if let Some(note) = r.versions_note() {
        line(m, &format!("{}\n", md(&note)));
    }
    let rows = r
        .waves
        .iter()
        .map(|w| {
            vec![
                md(&w.label),
                md(w.date.as_deref().unwrap_or("")),
                if w.too_few.is_empty() {
                    w.respondents.to_string()
                } else {
                    format!("{} (too few)", w.respondents)
                },
                numfmt::score(w.overall),
                opt(w.overall_change),
                md(w.level.as_deref().unwrap_or("–")),
            ]
        })
        .collect();
    m.table(
        &[
            col("Wave", Align::Left),
            col("Date", Align::Left),
            col("Respondents", Align::Right),
            col("Overall", Align::Right),
            col("Change", Align::Right),
            col("Level", Align::Left),
        ],
        rows,
    );
    markup::trend_too_few(m, r);
    m.heading("Dimensions");
    let rows = r
        .dimensions
        .iter()
        .map(|d| {
            let mut row = vec![md(&d.name)];
            row.extend(d.scores.iter().map(|v| numfmt::score(*v)));
            row.extend([opt(d.last_change), opt(d.total_change)]);
            row
        })
        .collect();
    m.table(
        &wave_columns(r, "Dimension", &["Last change", "Since first"]),
        rows,
    );
    markup::trend_gap(m, r);
    if !r.level_changes.is_empty() {
        m.heading("Level changes");
        for l in &r.level_changes {
            m.item(&format!(
                "{} → {}: {} → {}",
                md(&l.from_wave),
                md(&l.to_wave),
                md(l.from.as_deref().unwrap_or("none")),
                md(l.to.as_deref().unwrap_or("none"))
            ));
        }
    }
    m.heading("Root causes: change since the first wave");
    let rows = r
        .causes
        .iter()
        .map(|c| {
            let mut row = vec![md(&c.name)];
            row.extend(c.severities.iter().map(|v| numfmt::score(*v)));
            row.push(opt(c.total_change));
            row
        })
        .collect();
    m.table(&wave_columns(r, "Root cause", &["Change"]), rows);
}
