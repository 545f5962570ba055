//! The report on a group (a workshop or a wave): scores by role, where the roles see
//! the company differently, disagreement, root causes, findings, checklists, the ladder,
//! five whys, the questions for the room, free text, answers and respondents.

use super::charts::{
    causes_desc, dimension_chart, group_radar_series, heat, perception_gap_rows, role_style,
    ties_caption,
};
use super::page::{Section, layout, meter, section, signed, u, whys};
use crate::gates::GateSummary;
use crate::numfmt::{self, pct, plural};
use crate::render::markup;
use crate::render::svg::{self, Bar, DotRow, PairRow, RadarSeries};
use crate::report::group::{
    self, ChainTag, GroupLadder, GroupReport, RoleRef, Scope, discuss_spread, notable_gap,
};
use crate::report::{RankingInfo, ranking};
use maud::{Markup, html};

/// The page for a group.
pub(super) fn page(r: &GroupReport, gates: Option<&GateSummary>) -> Markup {
    let title = format!("{}: {}", u(&r.questionnaire.title), u(&r.kind()));
    layout(&title, header(r), gates, sections(r))
}

fn header(r: &GroupReport) -> Markup {
    let q = &r.questionnaire;
    let kicker = match &r.wave {
        Some(w) if !w.is_empty() => format!("Wave {} · ", u(w)),
        Some(_) => "Wave report · ".to_string(),
        None => "Workshop report · ".to_string(),
    };
    html! {
        p.kicker { (kicker) (plural(r.respondents, "respondent", "respondents")) }
        h1 { (u(&q.title)) }
        p.meta { (u(&r.respondents_line())) }
        p.small {
            @if r.incomplete > 0 { (r.incomplete) " incomplete: their scores use the answers they gave. " }
            "Questionnaire " (u(&q.id)) " " (u(&q.version)) "."
            @if let Some(note) = r.privacy_note() { " " (u(&note)) }
        }
    }
}

/// The page's sections, in order; those with nothing to show are left out.
fn sections(r: &GroupReport) -> Vec<Section> {
    let mut sections = vec![
        section("summary", "Summary", summary(r)),
        section("dimensions", "Scores by role", dimensions(r)),
    ];
    if !r.perception_gap.is_empty() || !r.role_vs_rest.is_empty() {
        sections.push(section(
            "gaps",
            "Where the roles see the company differently",
            gaps(r),
        ));
    }
    sections.push(section("disagreement", "Where people disagree", spread(r)));
    sections.push(section("causes", "Root causes for the group", causes(r)));
    if !r.findings.is_empty() {
        sections.push(section("findings", "Findings", findings(r)));
    }
    if !r.checklists.is_empty() {
        sections.push(section("checklist", "Checklist by role", checklists(r)));
    }
    if let Some(l) = &r.ladder {
        sections.push(section(
            "ladder",
            format!("Self-described level: {}", u(&l.name)),
            ladder(r, l),
        ));
    }
    if !r.five_whys.is_empty() {
        sections.push(section(
            "five-whys",
            "Five whys, by the root cause they end at",
            five_whys(r),
        ));
    }
    if !r.discussion.is_empty() {
        sections.push(section(
            "discussion",
            "Questions for the room",
            discussion(r),
        ));
    }
    if !r.free_text.is_empty() {
        sections.push(section("own-words", "In their own words", free_text(r)));
    }
    if !r.answers.is_empty() {
        sections.push(section(
            "answers",
            "Answers by question and role",
            answers(r),
        ));
    }
    if !r.people.is_empty() {
        sections.push(section("respondents", "Respondents", people(r)));
    }
    sections
}

fn findings(r: &GroupReport) -> Markup {
    html! {
        @for f in &r.findings {
            @let whom: Vec<String> = r.holds_for(f, true).iter().map(|x| u(x)).collect();
            div.finding {
                h3 { (u(&f.name)) }
                p.whom { "Holds for: " (whom.join(", ")) }
                p { (u(&f.insight)) }
            }
        }
    }
}

/// The chains grouped by the root cause they end at, a few shown per cause.
fn five_whys(r: &GroupReport) -> Markup {
    html! {
        @for g in &r.five_whys {
            h3 { (u(&g.cause_name)) " " span.sev { "(" (plural(g.chains.len(), "chain", "chains")) ")" } }
            @let cause = (g.cause != ChainTag::Untagged).then_some(g.cause_name.as_str());
            @for c in g.chains.iter().take(group::CHAINS_SHOWN) {
                div.chain {
                    p.whom {
                        @match &c.respondent {
                            Some(n) => { (u(n)) " (" (u(&r.label_of(&c.role))) ")" },
                            None => (u(&r.label_of(&c.role))),
                        }
                    }
                    (whys(&c.symptom, &c.whys, cause))
                }
            }
            @if g.chains.len() > group::CHAINS_SHOWN {
                p.note { (markup::more_chains(g.chains.len())) }
            }
        }
    }
}

fn summary(r: &GroupReport) -> Markup {
    let top_gap = r.perception_gap.first().zip(r.compared.as_ref());
    html! {
        div.cards {
            div.card {
                p.label { "Group overall" }
                p.value { (numfmt::score(r.overall)) span.unit { " / 100" } }
                (meter(r.overall))
                @if let Some(raw) = r.raw_total { p.sub { "Mean raw total: " strong { (numfmt::short(raw)) } } }
                @if let Some(l) = &r.level { p.sub { "Level: " strong { (u(l)) } } }
            }
            @for x in &r.roles {
                @let s = role_style(r, &x.id);
                div.card.role style=(format!("border-left-color: {}", s.color)) {
                    p.label { (u(&x.name)) " · " (x.respondents) }
                    p.value { (numfmt::score(x.overall)) span.unit { " / 100" } }
                    @if let Some(l) = &x.level { p.sub { "Level: " (u(l)) } }
                }
            }
            @if let Some((g, (a, b))) = top_gap {
                div.card {
                    p.label { "Largest " (u(&a.in_sentence)) "–" (u(&b.in_sentence)) " gap" }
                    p.value.word { (u(&g.dimension_name)) }
                    p.sub { (u(&a.name)) " " (svg::n1(g.score)) ", " (u(&b.in_sentence)) " " (svg::n1(g.versus_score)) " (" (signed(g.gap)) ")" }
                }
            }
            @if let Some(c) = r.causes.first() {
                div.card {
                    p.label { "Most severe root cause" }
                    p.value.word { (u(&c.name)) }
                    p.sub { "Severity " (svg::n1(c.severity)) "; in the top 3 of " (c.in_top3) " of the " (c.with_evidence) " with evidence for it" }
                }
            }
        }
    }
}

fn dimensions(r: &GroupReport) -> Markup {
    let names: Vec<String> = r.dimensions.iter().map(|d| u(&d.name)).collect();
    let (mut series, legend) = group_radar_series(r);
    let desc =
        {
            let rows: Vec<String> =
                r.dimensions
                    .iter()
                    .map(|d| {
                        let mut parts = vec![format!("group {}", numfmt::score(d.score))];
                        parts.extend(d.by_role.iter().map(|x| {
                            format!("{} {}", role_name(r, &x.role), numfmt::score(x.score))
                        }));
                        format!("{}: {}", u(&d.name), parts.join(", "))
                    })
                    .collect();
            format!(
                "Mean dimension scores, 0 to 100, for the whole group and each role. {}.",
                rows.join("; ")
            )
        };
    let chart = if names.len() >= 3 {
        svg::radar(
            "dimensions-chart",
            "Dimension scores by role (radar)",
            &desc,
            &names,
            &series,
        )
    } else {
        dimension_chart(
            "dimensions-chart",
            "Dimension scores",
            &desc,
            &names,
            vec![series.pop().unwrap_or(RadarSeries {
                key: "group".into(),
                style: svg::GROUP,
                values: vec![],
                fill: false,
            })],
        )
    };
    html! {
        figure.radar {
            (chart)
            (svg::legend(&legend))
            figcaption { "One line per role and a thick black line for the whole group; each role also has its own dash pattern and marker. 0 at the centre, 100 at the rim." }
        }
        table {
            thead { tr {
                th { "Dimension" } th.num { "All" }
                @for x in &r.roles { th.num { (u(&x.name)) } }
                th.num { "Spread" }
            } }
            tbody {
                tr.overall {
                    td { "Overall" } td.num { (numfmt::score(r.overall)) }
                    @for x in &r.roles { td.num { (numfmt::score(x.overall)) } }
                    td {}
                }
                @for d in &r.dimensions {
                    tr {
                        td { (u(&d.name)) }
                        td.num { (numfmt::score(d.score)) }
                        @for x in &d.by_role { td.num { (numfmt::score(x.score)) } }
                        td.num {
                            @match d.spread {
                                Some(s) if d.discuss => span.flag { (svg::n1(s)) " ⚑" },
                                Some(s) => (svg::n1(s)),
                                None => "–",
                            }
                        }
                    }
                }
                tr {
                    td { "Level" } td { (r.level.as_deref().map(u).unwrap_or_else(|| "–".into())) }
                    @for x in &r.roles { td { (x.level.as_deref().map(u).unwrap_or_else(|| "–".into())) } }
                    td {}
                }
            }
        }
        p.note { (group::spread_note()) }
    }
}

fn gaps(r: &GroupReport) -> Markup {
    html! {
        @if let Some(pair) = &r.compared {
            (perception_gap(r, pair))
        }
        @if !r.role_vs_rest.is_empty() {
            h3 { "Each role against everyone else" }
            p.note { "The three largest gaps per role: the role's mean score against the mean of everyone else." }
            table {
                thead { tr { th { "Role" } th { "Dimension" } th.num { "Role" } th.num { "Rest" } th.num { "Gap" } } }
                tbody {
                    @for role in &r.roles {
                        @for g in r.top_gaps(&role.id) {
                            tr {
                                td { (u(&role.name)) }
                                td { (u(&g.dimension_name)) }
                                td.num { (svg::n1(g.score)) }
                                td.num { (svg::n1(g.versus_score)) }
                                td.num { (signed(g.gap)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The two compared roles' views side by side (empty unless both answered).
fn perception_gap(r: &GroupReport, pair: &(RoleRef, RoleRef)) -> Markup {
    let (a, b) = pair;
    let sm = &r.perception_gap;
    let (styles, rows) = perception_gap_rows(r, pair);
    let desc = format!(
        "{} and {} mean scores per dimension, largest gap first: {}.",
        u(&a.name),
        u(&b.in_sentence),
        sm.iter()
            .map(|g| format!(
                "{}: {} {}, {} {}",
                u(&g.dimension_name),
                u(&a.in_sentence),
                svg::n1(g.score),
                u(&b.in_sentence),
                svg::n1(g.versus_score)
            ))
            .collect::<Vec<_>>()
            .join("; ")
    );
    let versus = format!("{} versus {}", u(&a.name), u(&b.in_sentence));
    html! {
        @if !sm.is_empty() {
            h3 { (versus) }
            figure {
                (svg::dot_rows("gap-chart", &format!("{versus}, per dimension"), &desc, &rows, &styles))
                (svg::legend(&[(styles[0], u(&a.name)), (styles[1], u(&b.name))]))
                figcaption { "Each row joins the two sides' mean scores (0–100); the longer the line, the more they see the company differently. Bold: " (notable_gap()) " points or more." }
            }
            table {
                thead { tr { th { "Dimension" } th.num { (u(&a.name)) } th.num { (u(&b.name)) } th.num { "Gap" } } }
                tbody {
                    @for g in sm {
                        tr {
                            td { (u(&g.dimension_name)) }
                            td.num { (svg::n1(g.score)) }
                            td.num { (svg::n1(g.versus_score)) }
                            td.num { (signed(g.gap)) }
                        }
                    }
                }
            }
            @if let Some(sentence) = r.largest_gap_sentence() {
                p { strong { (u(&sentence)) } }
            }
        }
    }
}

fn spread(r: &GroupReport) -> Markup {
    let rows: Vec<DotRow> = r
        .dimensions
        .iter()
        .map(|d| DotRow {
            label: if d.discuss {
                format!("{} ⚑", u(&d.name))
            } else {
                u(&d.name)
            },
            dots: d.score.map(|s| vec![(s, 0)]).unwrap_or_default(),
            range: d.min.zip(d.max),
            flag: d.discuss,
        })
        .collect();
    let desc = format!(
        "{}, per dimension: {}.",
        if r.dimensions.iter().any(|d| d.min.is_some()) {
            "Lowest and highest respondent score and the mean"
        } else {
            "The mean and the spread"
        },
        r.dimensions
            .iter()
            .map(|d| format!(
                "{}: {}mean {}, spread {}",
                u(&d.name),
                // One person's lowest and highest: left out under privacy.
                match (d.min, d.max) {
                    (Some(lo), Some(hi)) => format!("{} to {}, ", numfmt::n1(lo), numfmt::n1(hi)),
                    _ => String::new(),
                },
                numfmt::score(d.score),
                numfmt::score(d.spread)
            ))
            .collect::<Vec<_>>()
            .join("; ")
    );
    let discuss = r.dimensions.iter().filter(|d| d.discuss).count();
    html! {
        figure {
            (svg::dot_rows("spread-chart", "Range of respondents' scores per dimension", &desc, &rows, &[svg::GROUP]))
            figcaption { "Each line runs from the lowest to the highest respondent's score; the dot is the group mean. ⚑ and a dark line: spread of " (discuss_spread()) " points or more." }
        }
        @if discuss == 0 {
            p { (group::no_disagreement()) }
        } @else {
            p { strong { (plural(discuss, "dimension has", "dimensions have")) " a spread of " (discuss_spread()) " points or more: worth discussing." } }
        }
        table {
            thead { tr { th { "Dimension" } th.num { "Mean" } th.num { "Lowest" } th.num { "Highest" } th.num { "Spread" } th.num { "Answered by" } } }
            tbody {
                @for d in &r.dimensions {
                    tr {
                        td { (u(&d.name)) @if d.discuss { " " span.flag { "⚑ discuss" } } }
                        td.num { (numfmt::score(d.score)) }
                        td.num { (numfmt::score(d.min)) }
                        td.num { (numfmt::score(d.max)) }
                        td.num { (numfmt::score(d.spread)) }
                        td.num { (d.answered_by) }
                    }
                }
            }
        }
    }
}

fn causes(r: &GroupReport) -> Markup {
    if r.causes.is_empty() {
        return html! { p { "No root cause received evidence from the answers given." } };
    }
    let bars: Vec<Bar> = r
        .causes
        .iter()
        .map(|c| Bar {
            label: format!(
                "{}. {}",
                ranking::group_rank_label(c, &r.ranking),
                u(&c.name)
            ),
            value: c.severity,
            note: Some(format!(
                "top 3 for {} of {} with evidence",
                c.in_top3, c.with_evidence
            )),
            highlight: c.tied_with_top && r.ranking.separated,
        })
        .collect();
    let desc = causes_desc(
        r.causes
            .iter()
            .map(|c| (c.rank, c.name.as_str(), c.severity)),
    );
    html! {
        figure {
            (svg::hbars("causes-chart", "Root causes for the group by severity", &desc, &bars))
            figcaption { (causes_caption(&r.ranking)) }
        }
        @if let Some(n) = &r.ranking.note { p.note { (u(n)) } }
        table {
            thead { tr { th.num { "#" } th { "Root cause" } th.num { "Severity" } th.num { "In top 3 of (with evidence)" } th { "Roles" } } }
            tbody {
                @for c in &r.causes {
                    tr {
                        td.num { (ranking::group_rank_label(c, &r.ranking)) }
                        td { (u(&c.name)) }
                        td.num { (svg::n1(c.severity)) }
                        td.num { (c.in_top3) "/" (c.with_evidence) }
                        td { (c.in_top3_by_role.iter().map(|x| format!("{} {}", x.count, role_name(r, &x.role))).collect::<Vec<_>>().join(", ")) }
                    }
                }
            }
        }
        @if r.causes.len() < r.causes_ranked {
            p.note { "Showing the top " (r.causes.len()) " of " (r.causes_ranked) " ranked causes." }
        }
        @for c in r.causes.iter().take(3) {
            article.cause {
                h3 { span.rank { (c.rank) } (u(&c.name)) span.sev { "severity " (svg::n1(c.severity)) } }
                p { (u(&c.explanation)) }
                h4 { "What to do" }
                ul { @for rem in &c.remedies { li { (u(rem)) } } }
            }
        }
    }
}

fn causes_caption(r: &RankingInfo) -> String {
    ties_caption(
        "Severity pooled over the group, 0 to 100; on the right, how many respondents have \
         the cause among their own three most severe.",
        r,
    )
}

fn checklists(r: &GroupReport) -> Markup {
    html! {
        @for c in &r.checklists {
            p { strong { (u(&c.text)) } }
            table.checks {
                thead { tr {
                    th { "Item" } th.num { "All" }
                    @for x in &r.roles { th.num { (u(&x.name)) } }
                } }
                tbody {
                    @for i in &c.items {
                        tr {
                            td { (u(&i.label)) }
                            td.num style=[heat(i.all.ticked, i.all.answered)] { (pct(i.all.ticked, i.all.answered)) }
                            @for s in &i.by_role {
                                td.num style=[heat(s.ticked, s.answered)] { (pct(s.ticked, s.answered)) }
                            }
                        }
                    }
                }
            }
            p.note { "Ticked by / answered; the darker the cell, the more people recognise the item." }
        }
    }
}

fn ladder(r: &GroupReport, l: &GroupLadder) -> Markup {
    let bench = l.steps.iter().any(|s| s.benchmark.is_some());
    let all = r.ladder_all();
    let chart = all.map(|a| {
        let rows: Vec<PairRow> = l
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| PairRow {
                label: format!("{}. {}", i + 1, u(&s.label)),
                today: a.current.get(i).copied().unwrap_or(0),
                wish: a.desired.get(i).copied().unwrap_or(0),
                note: s.benchmark.map(|b| format!("survey {}%", numfmt::whole(b))),
            })
            .collect();
        let desc = format!(
            "Respondents per step, today and as the wish: {}.",
            rows.iter()
                .map(|p| format!("{}: {} today, {} wish", p.label, p.today, p.wish))
                .collect::<Vec<_>>()
                .join("; ")
        );
        svg::ladder_bars(
            "ladder-chart",
            "Where the room puts the relationship today and wishes it to be",
            &desc,
            &rows,
        )
    });
    html! {
        @if let Some(chart) = chart {
            figure {
                (chart)
                figcaption { "All respondents: " span.mark.today { "◆ today" } " in red, " span.mark.wish { "◇ wish" } " in blue."
                    @if bench { " On the right, the share of surveyed leaders who wished for that step." } }
            }
        }
        p.note { "Per role: how many put the relationship at each step today / wish it to be there." }
        table.ladder {
            thead { tr {
                th.num { "#" } th { "Step" }
                @for c in &l.counts { th.num { (role_name(r, &c.role)) } }
                @if bench { th.num { "Survey: wish" } }
            } }
            tbody {
                @for (i, s) in l.steps.iter().enumerate() {
                    tr {
                        td.num { (i + 1) }
                        td { (u(&s.label)) }
                        @for c in &l.counts {
                            td.num { (c.current.get(i).copied().unwrap_or(0)) " / " (c.desired.get(i).copied().unwrap_or(0)) }
                        }
                        @if bench { td.num { (numfmt::share(s.benchmark)) } }
                    }
                }
                tr.overall {
                    td {} td { "Mean gap, steps" }
                    @for c in &l.counts { td.num { (c.mean_gap.map(svg::n1).unwrap_or_else(|| "–".into())) } }
                    @if bench { td {} }
                }
            }
        }
        @if let Some(n) = &l.benchmark_note { p.note { "Survey: " (u(n)) } }
    }
}

/// The questionnaire's prompts for the largest gaps and the top causes.
fn discussion(r: &GroupReport) -> Markup {
    html! {
        p.note { "Prompts from the questionnaire for the largest gaps, the dimensions the room disagrees on and the three top root causes." }
        @for d in &r.discussion {
            div.prompt {
                h3 { (u(&d.name)) " " span.why { "(" (u(&d.why)) ")" } }
                ul { @for p in &d.prompts { li { (u(p)) } } }
            }
        }
    }
}

fn people(r: &GroupReport) -> Markup {
    let named = !r.anonymous;
    let raw = r.people.iter().any(|p| p.raw_total.is_some());
    let stage = raw && r.people.iter().any(|p| p.level.is_some());
    html! {
        table {
            thead { tr {
                th.num { "#" }
                @if named { th { "Respondent" } }
                th { "Role" } th { "Date" } th.num { "Overall" }
                @if raw { th.num { "Raw total" } }
                @if stage { th { "Level" } }
                th { "Complete" }
            } }
            tbody {
                @for p in r.people.iter().take(group::PEOPLE_SHOWN) {
                    tr {
                        td.num { (p.number) }
                        @if named { td { (p.name.as_deref().map(u).unwrap_or_else(|| "–".into())) } }
                        td { (role_name(r, &p.role)) }
                        td { (p.date.as_deref().map(u).unwrap_or_default()) }
                        td.num { (numfmt::score(p.overall)) }
                        @if raw { td.num { (p.raw_total.map_or("–".into(), numfmt::short)) } }
                        @if stage { td { (p.level.as_deref().map(u).unwrap_or_else(|| "–".into())) } }
                        td { @if p.complete { "yes" } @else { "no (" (p.missing) " unanswered)" } }
                    }
                }
            }
        }
        @if r.people.len() > group::PEOPLE_SHOWN {
            p.note { (markup::more_people(r.people.len())) }
        }
    }
}

/// "In their own words": free-text answers by question, escaped, at most
/// `FREE_TEXT_SHOWN` per question with a pointer to the JSON and CSV for the rest.
fn free_text(r: &GroupReport) -> Markup {
    html! {
        @for q in &r.free_text {
            h3 { (u(&q.text)) " " span.sev { "(" (plural(q.answers.len(), "answer", "answers")) ")" } }
            ul.words {
                @for a in q.answers.iter().take(group::FREE_TEXT_SHOWN) {
                    li {
                        "“" (u(&a.text)) "”"
                        @if let Some(s) = &a.role { span.whom { "(" (role_name(r, s)) ")" } }
                    }
                }
            }
            @if q.answers.len() > group::FREE_TEXT_SHOWN {
                p.note { (markup::more_answers(q.answers.len())) }
            }
        }
    }
}

/// Fill colours for a question's answers: a red-to-blue ramp for a scale (low to
/// high), a fixed palette for choices; don't-know and unanswered in greys.
fn answer_colours(kind: &str, n: usize) -> Vec<&'static str> {
    const RAMP5: [&str; 5] = ["#B91C1C", "#F87171", "#D1D5DB", "#60A5FA", "#0B5CAD"];
    const PALETTE: [&str; 8] = [
        "#0B5CAD", "#B45309", "#166534", "#7C3AED", "#B91C1C", "#0E7490", "#A16207", "#4B5563",
    ];
    if kind == "scale" && n <= 5 {
        // Spread over the ramp so that the ends stay red and blue.
        (0..n)
            .map(|i| RAMP5[if n == 1 { 2 } else { i * 4 / (n - 1) }])
            .collect()
    } else if kind == "scale" {
        (0..n).map(|i| RAMP5[i * 5 / n]).collect()
    } else {
        (0..n).map(|i| PALETTE[i % PALETTE.len()]).collect()
    }
}

/// Whether dark text reads better on a fill.
fn light_fill(c: &str) -> bool {
    matches!(c, "#D1D5DB" | "#F87171" | "#60A5FA" | "#FDE68A" | "#F3F4F6")
}

/// "Answers by question and role": one stacked bar per role for each single-choice
/// and scale question (the segments' widths are shares of the role's respondents),
/// and a table of tick counts for each checklist.
fn answers(r: &GroupReport) -> Markup {
    html! {
        p.note { "Each bar is one role's respondents (how many in brackets); each segment, how many gave that answer. Checklists show how many ticked each item." }
        @for a in &r.answers {
            p { strong { (u(&a.text)) } }
            @if a.kind == "multi" { (answer_table(r, a)) } @else { (answer_bars(r, a)) }
        }
    }
}

fn answer_bars(r: &GroupReport, a: &group::QuestionAnswers) -> Markup {
    let mut colours = answer_colours(a.kind, a.choices.len());
    let mut labels: Vec<String> = a.choices.iter().map(|c| u(&c.label)).collect();
    // Greys and a pale amber for the respondents who gave no answer to count.
    let fills = ["#FDE68A", "#F3F4F6", "#FFFFFF"];
    let shown: Vec<usize> = (0..3)
        .filter(|k| a.counts.iter().any(|c| c.others()[*k].2 > 0))
        .collect();
    for k in &shown {
        labels.push(a.counts[0].others()[*k].1.to_string());
        colours.push(fills[*k]);
    }
    let cells = |c: &group::AnswerCounts| -> Vec<usize> {
        let mut v = c.counts.clone();
        v.extend(shown.iter().map(|k| c.others()[*k].2));
        v
    };
    html! {
        div.dist {
            @for c in &a.counts {
                @let n = cells(c);
                @let said: Vec<String> = n.iter().zip(&labels).filter(|(k, _)| **k > 0).map(|(k, l)| format!("{k} {l}")).collect();
                div.row {
                    span.who { (role_name(r, &c.role)) " (" (c.respondents) ")" }
                    span.visually-hidden { (said.join(", ")) }
                    div.stack aria-hidden="true" {
                        @for (i, k) in n.iter().enumerate() {
                            @if *k > 0 {
                                @let class = if light_fill(colours[i]) || colours[i] == "#FFFFFF" { "seg light" } else { "seg" };
                                span class=(class) title=(format!("{k} {}", labels[i])) style=(format!("width: {}%; background: {}", svg::n1(100.0 * *k as f64 / c.respondents.max(1) as f64), colours[i])) { (k) }
                            }
                        }
                    }
                }
            }
            ul.key {
                @for (l, c) in labels.iter().zip(&colours) {
                    li { i style=(format!("background: {c}")) {} (l) }
                }
            }
        }
    }
}

fn answer_table(r: &GroupReport, a: &group::QuestionAnswers) -> Markup {
    html! {
        table {
            thead { tr {
                th { "Item" }
                @for c in &a.counts { th.num { (role_name(r, &c.role)) " (" (c.answered) ")" } }
            } }
            tbody {
                @for (i, ch) in a.choices.iter().enumerate() {
                    tr {
                        td { (u(&ch.label)) }
                        @for c in &a.counts { td.num { (c.counts[i]) } }
                    }
                }
            }
        }
    }
}

/// A scope's display name in a group report.
fn role_name(r: &GroupReport, s: &Scope) -> String {
    u(&r.label(s))
}
