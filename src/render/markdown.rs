use super::{Renderer, fmt_num, fmt_score};
use crate::error::Result;
use crate::report::{Report, SingleReport};
use crate::sanitize::plain;
use std::fmt::Write;

/// GitHub-flavoured Markdown, ready to paste into a wiki page or a pull request.
pub struct Markdown;

impl Renderer for Markdown {
    fn render(&self, report: &Report) -> Result<String> {
        let mut out = String::new();
        match report {
            Report::Single(r) => single(&mut out, r),
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
    let _ = writeln!(out, "**Overall score: {} / 100**", fmt_score(r.overall));
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
                    .map(|b| format!("{}%", fmt_num(b)))
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
            fmt_score(d.score),
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
                fmt_num(c.evidence_received),
                fmt_num(c.evidence_possible)
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
                        fmt_num(e.amount),
                        fmt_num(e.possible)
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
