use super::Document;
use super::Renderer;
use crate::error::Result;
use crate::numfmt;
use crate::report::group::GroupReport;
use crate::report::trend::TrendReport;
use crate::report::{Report, SingleReport};
use crate::sanitize::plain;
use std::fmt::Write;

/// GitHub-flavoured Markdown, ready to paste into a wiki page or a pull request.
pub struct Markdown;

impl Renderer for Markdown {
    fn render(&self, doc: &Document) -> Result<String> {
        let mut out = String::new();
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
            Report::Single(r) => single(&mut out, r),
            Report::Group(r) => group(&mut out, r),
            Report::Trend(r) => trend(&mut out, r),
        }
        Ok(out)
    }
}

/// Untrusted text made inert: no controls, no raw HTML, no table breaks, no links.
pub(crate) fn md(s: &str) -> String {
    let mut out = String::new();
    for c in plain(s).chars() {
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

fn single(out: &mut String, r: &SingleReport) {
    let q = &r.questionnaire;
    let p = &r.respondent;
    let _ = writeln!(
        out,
        "# {} ({} {})\n",
        md(&q.title),
        md(&q.id),
        md(&q.version)
    );
    let mut who = vec![
        p.name
            .as_deref()
            .map(md)
            .unwrap_or_else(|| "Anonymous respondent".into()),
    ];
    if let Some(role) = p.role_name.as_ref().or(p.role.as_ref()) {
        who.push(md(role));
    }
    if let Some(d) = &p.date {
        who.push(md(d));
    }
    let _ = writeln!(out, "{}  ", who.join(" · "));
    let _ = writeln!(
        out,
        "{} of {} questions answered, {} don't know, {} not asked, {} unanswered{}.\n",
        p.answered,
        p.questions,
        p.dont_know,
        p.skipped,
        p.missing,
        if p.complete { "" } else { " (**incomplete**)" }
    );
    let _ = writeln!(out, "**Overall score: {} / 100**", numfmt::score(r.overall));
    if let Some(l) = &r.level {
        let _ = writeln!(out, "\n**Level:** {} ({} of {})", md(&l.name), l.step, l.of);
        if !l.description.is_empty() {
            let _ = writeln!(out, "\n{}", md(&l.description));
        }
    }
    if let Some(l) = &r.ladder {
        let _ = writeln!(out, "\n## Self-described level: {}\n", md(&l.name));
        let _ = writeln!(
            out,
            "| # | Step | Today | Wanted | Survey: wanted |\n|---:|---|---|---|---:|"
        );
        for (i, s) in l.steps.iter().enumerate() {
            let n = i + 1;
            let _ = writeln!(
                out,
                "| {n} | {} | {} | {} | {} |",
                md(&s.label),
                if l.current == Some(n) { "◆" } else { "" },
                if l.desired == Some(n) { "◇" } else { "" },
                s.benchmark
                    .map(|b| format!("{}%", numfmt::whole(b)))
                    .unwrap_or_default()
            );
        }
        if let Some(g) = l.gap {
            let _ = writeln!(out, "\nGap between today and the wish: **{g}** step(s).");
        }
        if let Some(n) = &l.benchmark_note {
            let _ = writeln!(out, "\n_Survey: {}_", md(n));
        }
    }
    let _ = writeln!(
        out,
        "\n## Dimensions\n\n| Dimension | Score | Answered |\n|---|---:|---:|"
    );
    for d in &r.dimensions {
        let _ = writeln!(
            out,
            "| {} | {} | {}/{} |",
            md(&d.name),
            numfmt::score(d.score),
            d.answered,
            d.questions
        );
    }
    let _ = writeln!(out, "\n## Root causes, most severe first\n");
    if r.causes.is_empty() {
        let _ = writeln!(
            out,
            "No root cause received evidence from the answers given."
        );
    } else {
        let _ = writeln!(
            out,
            "| # | Root cause | Severity | Evidence |\n|---:|---|---:|---:|"
        );
        for c in &r.causes {
            let _ = writeln!(
                out,
                "| {} | {} | {:.1} | {} of {} |",
                c.rank,
                md(&c.name),
                c.severity,
                numfmt::whole(c.evidence_received),
                numfmt::whole(c.evidence_possible)
            );
        }
        for c in &r.causes {
            let _ = writeln!(
                out,
                "\n### {}. {}\n\n{}\n",
                c.rank,
                md(&c.name),
                md(&c.explanation)
            );
            if !c.evidence.is_empty() {
                let _ = writeln!(out, "Evidence:\n");
                for e in &c.evidence {
                    let _ = writeln!(
                        out,
                        "- {} → {} (+{} of {})",
                        md(&e.text),
                        md(&e.answer),
                        numfmt::whole(e.amount),
                        numfmt::whole(e.possible)
                    );
                }
                let _ = writeln!(out);
            }
            let _ = writeln!(out, "What to do:\n");
            for rem in &c.remedies {
                let _ = writeln!(out, "- {}", md(rem));
            }
            if !c.sources.is_empty() {
                let _ = writeln!(
                    out,
                    "\n_Sources: {}_",
                    c.sources
                        .iter()
                        .map(|s| md(s))
                        .collect::<Vec<_>>()
                        .join("; ")
                );
            }
        }
    }
    if !r.findings.is_empty() {
        let _ = writeln!(out, "\n## Findings\n");
        for f in &r.findings {
            let _ = writeln!(out, "- **{}**: {}", md(&f.name), md(&f.insight));
        }
    }
    for c in &r.checklists {
        let _ = writeln!(out, "\n## Checklist: {}\n", md(&c.text));
        if !c.answered {
            let _ = writeln!(out, "Not answered.");
            continue;
        }
        for i in &c.items {
            let _ = writeln!(
                out,
                "- [{}] {}",
                if i.ticked { "x" } else { " " },
                md(&i.label)
            );
        }
    }
    for ch in &r.five_whys {
        let _ = writeln!(out, "\n## Five whys\n\n**Symptom:** {}\n", md(&ch.symptom));
        for (i, y) in ch.whys.iter().enumerate() {
            let _ = writeln!(out, "{}. Why? {}", i + 1, md(y));
        }
        let _ = writeln!(
            out,
            "\n**Root cause:** {}",
            ch.cause_name
                .as_deref()
                .map(md)
                .unwrap_or_else(|| "not tagged".into())
        );
    }
    if !r.comments.is_empty() {
        let _ = writeln!(out, "\n## In their words\n");
        for c in &r.comments {
            let _ = writeln!(out, "- {}: “{}”", md(&c.text), md(&c.answer));
        }
    }
}

fn role_name(r: &GroupReport, id: &str) -> String {
    match id {
        "all" => "All".to_string(),
        _ => r
            .roles
            .iter()
            .find(|x| x.id == id)
            .map(|x| md(&x.name))
            .unwrap_or_else(|| md(id)),
    }
}

fn group(out: &mut String, r: &GroupReport) {
    let q = &r.questionnaire;
    let _ = writeln!(
        out,
        "# {} ({} {}): workshop report\n",
        md(&q.title),
        md(&q.id),
        md(&q.version)
    );
    let roles: Vec<String> = r
        .roles
        .iter()
        .map(|x| format!("{} {}", x.respondents, md(&x.name)))
        .collect();
    let _ = writeln!(
        out,
        "{} respondents: {}.{}\n",
        r.respondents,
        roles.join(", "),
        if r.incomplete > 0 {
            format!(
                " {} incomplete (their scores use the answers they gave).",
                r.incomplete
            )
        } else {
            String::new()
        }
    );
    let _ = writeln!(
        out,
        "**Group overall: {} / 100**{}\n",
        numfmt::score(r.overall),
        r.level
            .as_ref()
            .map(|l| format!(" · Level: {}", md(l)))
            .unwrap_or_default()
    );

    let _ = writeln!(out, "## Respondents\n");
    if r.anonymous {
        let _ = writeln!(
            out,
            "| # | Role | Date | Overall | Complete |\n|---:|---|---|---:|---|"
        );
    } else {
        let _ = writeln!(
            out,
            "| # | Respondent | Role | Date | Overall | Complete |\n|---:|---|---|---|---:|---|"
        );
    }
    for p in &r.people {
        let name = if r.anonymous {
            String::new()
        } else {
            format!(" {} |", md(p.name.as_deref().unwrap_or("–")))
        };
        let _ = writeln!(
            out,
            "| {} |{name} {} | {} | {} | {} |",
            p.number,
            role_name(r, &p.role),
            md(p.date.as_deref().unwrap_or("")),
            numfmt::score(p.overall),
            if p.complete { "yes" } else { "no" }
        );
    }

    let _ = writeln!(out, "\n## Scores by role\n");
    let head: Vec<String> = r.roles.iter().map(|x| md(&x.name)).collect();
    let _ = writeln!(out, "| Dimension | All | {} | Spread |", head.join(" | "));
    let _ = writeln!(out, "|---|---:|{}---:|", "---:|".repeat(r.roles.len()));
    let cells: Vec<String> = r.roles.iter().map(|x| numfmt::score(x.overall)).collect();
    let _ = writeln!(
        out,
        "| **Overall** | {} | {} | |",
        numfmt::score(r.overall),
        cells.join(" | ")
    );
    for d in &r.dimensions {
        let cells: Vec<String> = d.by_role.iter().map(|x| numfmt::score(x.score)).collect();
        let spread = match d.spread {
            Some(s) if d.discuss => format!("**{s:.1}** ⚑"),
            Some(s) => format!("{s:.1}"),
            None => "–".into(),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {spread} |",
            md(&d.name),
            numfmt::score(d.score),
            cells.join(" | ")
        );
    }
    let _ = writeln!(
        out,
        "\n_Scores are means of the respondents' scores; spread is the standard deviation across respondents (⚑: 20 points or more)._"
    );

    if !r.sales_vs_marketing.is_empty() {
        let _ = writeln!(
            out,
            "\n## Where sales and marketing see the company differently\n\n| Dimension | Sales | Marketing | Gap |\n|---|---:|---:|---:|"
        );
        for g in &r.sales_vs_marketing {
            let _ = writeln!(
                out,
                "| {} | {:.1} | {:.1} | {:+.1} |",
                md(&g.dimension_name),
                g.score,
                g.versus_score,
                g.gap
            );
        }
    }
    if !r.role_vs_rest.is_empty() {
        let _ = writeln!(
            out,
            "\n## Each role against everyone else\n\n| Role | Dimension | Role | Rest | Gap |\n|---|---|---:|---:|---:|"
        );
        for role in &r.roles {
            for g in r.role_vs_rest.iter().filter(|g| g.role == role.id).take(3) {
                let _ = writeln!(
                    out,
                    "| {} | {} | {:.1} | {:.1} | {:+.1} |",
                    md(&role.name),
                    md(&g.dimension_name),
                    g.score,
                    g.versus_score,
                    g.gap
                );
            }
        }
    }

    let _ = writeln!(out, "\n## Root causes for the group\n");
    if r.causes.is_empty() {
        let _ = writeln!(
            out,
            "No root cause received evidence from the answers given."
        );
    } else {
        let _ = writeln!(
            out,
            "| # | Root cause | Severity | In top 3 of | Roles |\n|---:|---|---:|---:|---|"
        );
        for c in &r.causes {
            let roles: Vec<String> = c
                .in_top3_by_role
                .iter()
                .map(|x| format!("{} {}", x.count, role_name(r, &x.role)))
                .collect();
            let _ = writeln!(
                out,
                "| {} | {} | {:.1} | {}/{} | {} |",
                c.rank,
                md(&c.name),
                c.severity,
                c.in_top3,
                r.respondents,
                roles.join(", ")
            );
        }
        for c in r.causes.iter().take(3) {
            let _ = writeln!(
                out,
                "\n### {}. {}\n\n{}\n\nWhat to do:\n",
                c.rank,
                md(&c.name),
                md(&c.explanation)
            );
            for rem in &c.remedies {
                let _ = writeln!(out, "- {}", md(rem));
            }
        }
    }
    if !r.findings.is_empty() {
        let _ = writeln!(out, "\n## Findings\n");
        for f in &r.findings {
            let whom: Vec<String> = f
                .fires_for
                .iter()
                .map(|x| {
                    if x == "group" {
                        "whole group".into()
                    } else {
                        role_name(r, x)
                    }
                })
                .collect();
            let _ = writeln!(
                out,
                "- **{}** ({}): {}",
                md(&f.name),
                whom.join(", "),
                md(&f.insight)
            );
        }
    }
    for c in &r.checklists {
        let _ = writeln!(out, "\n## Checklist by role\n\n{}\n", md(&c.text));
        let _ = writeln!(
            out,
            "| Item | All | {} |\n|---|---:|{}",
            head.join(" | "),
            "---:|".repeat(r.roles.len())
        );
        for i in &c.items {
            let cells: Vec<String> = i
                .by_role
                .iter()
                .map(|s| format!("{}/{}", s.ticked, s.answered))
                .collect();
            let _ = writeln!(
                out,
                "| {} | {}/{} | {} |",
                md(&i.label),
                i.all.ticked,
                i.all.answered,
                cells.join(" | ")
            );
        }
    }
    if let Some(l) = &r.ladder {
        let _ = writeln!(out, "\n## Self-described level: {}\n", md(&l.name));
        let cols: Vec<String> = l
            .counts
            .iter()
            .map(|c| format!("{}: today / wish", role_name(r, &c.role)))
            .collect();
        let _ = writeln!(
            out,
            "| # | Step | {} | Survey: wish |\n|---:|---|{}---:|",
            cols.join(" | "),
            "---:|".repeat(cols.len())
        );
        for (i, s) in l.steps.iter().enumerate() {
            let cells: Vec<String> = l
                .counts
                .iter()
                .map(|c| format!("{} / {}", c.current[i], c.desired[i]))
                .collect();
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                i + 1,
                md(&s.label),
                cells.join(" | "),
                s.benchmark
                    .map(|b| format!("{}%", numfmt::whole(b)))
                    .unwrap_or_default()
            );
        }
        if let Some(n) = &l.benchmark_note {
            let _ = writeln!(out, "\n_Survey: {}_", md(n));
        }
    }
    if !r.five_whys.is_empty() {
        let _ = writeln!(out, "\n## Five whys, by the root cause they end at");
        for g in &r.five_whys {
            let _ = writeln!(out, "\n### {} ({})\n", md(&g.cause_name), g.chains.len());
            for c in &g.chains {
                let who = match &c.respondent {
                    Some(n) => format!("{} ({})", md(n), role_name(r, &c.role)),
                    None => role_name(r, &c.role),
                };
                let mut chain = vec![md(&c.symptom)];
                chain.extend(c.whys.iter().map(|w| md(w)));
                let _ = writeln!(out, "- {who}: {}", chain.join(" ← because "));
            }
        }
    }
}

fn opt(v: Option<f64>) -> String {
    numfmt::change(v, numfmt::Sign::Always)
}

fn trend(out: &mut String, r: &TrendReport) {
    let q = &r.questionnaire;
    let _ = writeln!(
        out,
        "# {} ({} {}): trend over {} waves\n",
        md(&q.title),
        md(&q.id),
        md(&q.version),
        r.waves.len()
    );
    let _ = writeln!(
        out,
        "| Wave | Date | Respondents | Overall | Change | Level |\n|---|---|---:|---:|---:|---|"
    );
    for w in &r.waves {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            md(&w.label),
            md(w.date.as_deref().unwrap_or("")),
            w.respondents,
            numfmt::score(w.overall),
            opt(w.overall_change),
            md(w.level.as_deref().unwrap_or("–"))
        );
    }
    let labels: Vec<String> = r.waves.iter().map(|w| md(&w.label)).collect();
    let _ = writeln!(
        out,
        "\n## Dimensions\n\n| Dimension | {} | Last change | Since first |",
        labels.join(" | ")
    );
    let _ = writeln!(out, "|---|{}---:|---:|", "---:|".repeat(labels.len()));
    for d in &r.dimensions {
        let cells: Vec<String> = d.scores.iter().map(|v| numfmt::score(*v)).collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            md(&d.name),
            cells.join(" | "),
            opt(d.last_change),
            opt(d.total_change)
        );
    }
    if !r.level_changes.is_empty() {
        let _ = writeln!(out, "\n## Level changes\n");
        for l in &r.level_changes {
            let _ = writeln!(
                out,
                "- {} → {}: {} → {}",
                md(&l.from_wave),
                md(&l.to_wave),
                md(l.from.as_deref().unwrap_or("none")),
                md(l.to.as_deref().unwrap_or("none"))
            );
        }
    }
    let _ = writeln!(
        out,
        "\n## Root causes: change since the first wave\n\n| Root cause | {} | Change |\n|---|{}---:|",
        labels.join(" | "),
        "---:|".repeat(labels.len())
    );
    for c in &r.causes {
        let cells: Vec<String> = c.severities.iter().map(|v| numfmt::score(*v)).collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            md(&c.name),
            cells.join(" | "),
            opt(c.total_change)
        );
    }
}
