//! The tables of a group report, each made only when it is written: a group of
//! 100,000 people never holds more than one table's text.

use super::cells::{
    CAUSES, CHECKLIST, FINDINGS, FIVE_WHYS, LADDER, LEVELS, Maker, RESPONDENTS, SCORES, Table,
    flag, ladder_bench, num, opt, raw_row, text,
};
use crate::questionnaire::OTHER_CAUSE;
use crate::report::group::{ChainTag, GroupReport, Scope};

/// Every table, scores.csv first, each made when called.
pub(super) fn tables(r: &GroupReport) -> Vec<Maker<'_>> {
    vec![
        Box::new(move || scores(r)),
        Box::new(move || causes(r).0),
        Box::new(move || causes(r).1),
        Box::new(move || gaps(r)),
        Box::new(move || spread(r)),
        Box::new(move || checklist(r)),
        Box::new(move || ladder(r)),
        Box::new(move || findings(r)),
        Box::new(move || whys(r)),
        Box::new(move || people(r)),
        Box::new(move || levels(r)),
        Box::new(move || answers(r)),
        Box::new(move || free_text(r)),
        Box::new(move || discussion(r)),
    ]
}

/// A scope as the CSV writes it: a role id, `unspecified` or `group`.
fn scope(s: &Scope) -> String {
    text(s.as_str())
}

fn scores(r: &GroupReport) -> Table {
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

fn causes(r: &GroupReport) -> (Table, Table) {
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

fn gaps(r: &GroupReport) -> Table {
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

fn spread(r: &GroupReport) -> Table {
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

fn checklist(r: &GroupReport) -> Table {
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

fn ladder(r: &GroupReport) -> Table {
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

fn findings(r: &GroupReport) -> Table {
    let mut findings = Table::new("findings.csv", FINDINGS);
    for f in &r.findings {
        for s in &f.fires_for {
            findings.row(vec![text(&f.id), text(&f.name), scope(s), text(&f.insight)]);
        }
    }
    findings
}

fn whys(r: &GroupReport) -> Table {
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

fn people(r: &GroupReport) -> Table {
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

/// levels.csv for a group: the group's level, each role's, each respondent's.
fn levels(r: &GroupReport) -> Table {
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
fn answers(r: &GroupReport) -> Table {
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
fn free_text(r: &GroupReport) -> Table {
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
fn discussion(r: &GroupReport) -> Table {
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
