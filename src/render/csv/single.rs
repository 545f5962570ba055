//! The tables of a report on one respondent: the same shapes as a group's, with the
//! respondent as scope `1`.

use super::cells::{
    CAUSES, CHECKLIST, FINDINGS, FIVE_WHYS, LADDER, LEVELS, RESPONDENTS, SCORES, Table, amount,
    flag, ladder_bench, num, opt, raw_row, text,
};
use crate::report::SingleReport;

/// Every table, scores.csv first.
pub(super) fn tables(r: &SingleReport) -> Vec<Table> {
    let (causes, evidence) = causes(r);
    vec![
        scores(r),
        causes,
        evidence,
        checklist(r),
        ladder(r),
        findings(r),
        whys(r),
        people(r),
        comments(r),
        levels(r),
    ]
}

/// The respondent's role as every table writes it.
fn role(r: &SingleReport) -> String {
    text(r.respondent.role.as_deref().unwrap_or(""))
}

/// The respondent's name as every table writes it.
fn name(r: &SingleReport) -> String {
    text(r.respondent.name.as_deref().unwrap_or(""))
}

fn scores(r: &SingleReport) -> Table {
    let (one, role) = ("1".to_string(), role(r));
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
    scores
}

/// causes.csv and evidence.csv (each cause's evidence, by rank).
fn causes(r: &SingleReport) -> (Table, Table) {
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
    (causes, evidence)
}

fn checklist(r: &SingleReport) -> Table {
    let mut checklist = Table::new("checklist.csv", CHECKLIST);
    for c in &r.checklists {
        for i in &c.items {
            let ticked = c.answered && i.ticked;
            checklist.row(vec![
                text(&c.question),
                text(&c.text),
                text(&i.id),
                text(&i.label),
                "1".to_string(),
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
    checklist
}

fn ladder(r: &SingleReport) -> Table {
    let mut ladder = Table::new("ladder.csv", LADDER);
    if let Some(l) = &r.ladder {
        for (i, s) in l.steps.iter().enumerate() {
            ladder.row(vec![
                "1".to_string(),
                (i + 1).to_string(),
                text(&s.id),
                text(&s.label),
                usize::from(l.current == Some(i + 1)).to_string(),
                usize::from(l.desired == Some(i + 1)).to_string(),
                ladder_bench(s.benchmark),
            ]);
        }
    }
    ladder
}

fn findings(r: &SingleReport) -> Table {
    let mut findings = Table::new("findings.csv", FINDINGS);
    for f in &r.findings {
        findings.row(vec![
            text(&f.id),
            text(&f.name),
            "1".to_string(),
            text(&f.insight),
        ]);
    }
    findings
}

fn whys(r: &SingleReport) -> Table {
    let mut whys = Table::new("five_whys.csv", FIVE_WHYS);
    let (name, role) = (name(r), role(r));
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
    whys
}

fn people(r: &SingleReport) -> Table {
    let p = &r.respondent;
    let mut people = Table::new("respondents.csv", RESPONDENTS);
    people.row(vec![
        "1".to_string(),
        name(r),
        text(p.file.as_deref().unwrap_or("")),
        role(r),
        text(p.date.as_deref().unwrap_or("")),
        opt(r.overall),
        flag(p.complete),
        p.missing.to_string(),
    ]);
    people
}

fn comments(r: &SingleReport) -> Table {
    let mut comments = Table::new("comments.csv", &["question", "question_text", "answer"]);
    for c in &r.comments {
        comments.row(vec![text(&c.question), text(&c.text), text(&c.answer)]);
    }
    comments
}

/// levels.csv for one respondent: the overall level, then each dimension's own level.
fn levels(r: &SingleReport) -> Table {
    let mut t = Table::new("levels.csv", LEVELS);
    let role = role(r);
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
