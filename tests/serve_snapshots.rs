//! The live report's snapshot rule (`tandem::snapshot`), tried as an attacker would:
//! random rooms (roles of 1–6 people, in random order of finishing, some editing
//! their answers after they were shown), every snapshot the rule lets through kept,
//! and then every linear combination of every figure of every snapshot searched for
//! one that isolates a single respondent. None may.
//!
//! Each published figure is a sum over one aggregate (the group, a role shown apart,
//! the folded roles), so the question is whether a respondent's unit vector lies in the
//! span of the published aggregates' membership vectors: solved exactly here by
//! Gaussian elimination over the rationals (integers kept small by the sizes).

use proptest::prelude::*;
use tandem::answers::{Answer, AnswerSet};
use tandem::group::{Group, summarise};
use tandem::report::group::{Privacy, build};
use tandem::snapshot::{Ledger, Verdict, report_aggregates};

const ROLES: [&str; 4] = ["sales", "marketing", "leadership", "other"];

fn pulse() -> tandem::questionnaire::Questionnaire {
    tandem::questionnaire::resolve("pulse").unwrap().1
}

fn answers(q: &tandem::questionnaire::Questionnaire, role: &str, seed: u64) -> AnswerSet {
    let mut set = AnswerSet {
        questionnaire: q.id.to_string(),
        version: q.version.to_string(),
        role: Some(role.to_string()),
        complete: true,
        ..Default::default()
    };
    for (i, question) in q.questions.iter().enumerate() {
        let v = 1 + ((seed >> (i % 16)) ^ (i as u64 * 7)) % 5;
        set.answers
            .insert(question.id.to_string(), Answer::Value(v as i64));
    }
    set
}

/// Whether `target` is a combination of `rows` (exact: fractions over i128).
fn in_span(rows: &[Vec<i128>], target: &[i128]) -> bool {
    fn rank(m: &mut [Vec<(i128, i128)>]) -> usize {
        let cols = m.first().map_or(0, |r| r.len());
        let mut r = 0;
        for c in 0..cols {
            let Some(p) = (r..m.len()).find(|&i| m[i][c].0 != 0) else {
                continue;
            };
            m.swap(r, p);
            let pivot = m[r].clone();
            for (i, row) in m.iter_mut().enumerate() {
                if i != r && row[c].0 != 0 {
                    let f = div(row[c], pivot[c]);
                    for (x, p) in row.iter_mut().zip(&pivot) {
                        *x = sub(*x, mul(*p, f));
                    }
                }
            }
            r += 1;
        }
        r
    }
    fn norm((n, d): (i128, i128)) -> (i128, i128) {
        if n == 0 {
            return (0, 1);
        }
        let g = gcd(n.abs(), d.abs());
        let s = if d < 0 { -1 } else { 1 };
        (s * n / g, s * d / g)
    }
    fn gcd(a: i128, b: i128) -> i128 {
        if b == 0 { a } else { gcd(b, a % b) }
    }
    fn mul(a: (i128, i128), b: (i128, i128)) -> (i128, i128) {
        norm((a.0 * b.0, a.1 * b.1))
    }
    fn div(a: (i128, i128), b: (i128, i128)) -> (i128, i128) {
        norm((a.0 * b.1, a.1 * b.0))
    }
    fn sub(a: (i128, i128), b: (i128, i128)) -> (i128, i128) {
        norm((a.0 * b.1 - b.0 * a.1, a.1 * b.1))
    }
    let frac = |r: &Vec<i128>| r.iter().map(|&x| (x, 1)).collect::<Vec<_>>();
    let mut a: Vec<Vec<(i128, i128)>> = rows.iter().map(frac).collect();
    let base = rank(&mut a);
    let mut b: Vec<Vec<(i128, i128)>> = rows.iter().map(frac).collect();
    b.push(frac(&target.to_vec()));
    rank(&mut b) == base
}

/// One step of a room: someone finishes, or someone shown already edits.
#[derive(Debug, Clone)]
enum Step {
    Finish(usize, u64),
    Edit(usize, u64),
}

fn room() -> impl Strategy<Value = (Vec<usize>, Vec<Step>, usize)> {
    (
        prop::collection::vec(1usize..=6, 4),
        prop::collection::vec((0u8..10, 0usize..24, any::<u64>()), 4..40),
        2usize..=4,
    )
        .prop_map(|(sizes, raw, min)| {
            let people: Vec<usize> = sizes
                .iter()
                .enumerate()
                .flat_map(|(r, &n)| std::iter::repeat_n(r, n))
                .collect();
            let steps = raw
                .into_iter()
                .map(|(kind, who, seed)| {
                    if kind < 8 {
                        Step::Finish(who % people.len(), seed)
                    } else {
                        Step::Edit(who % people.len(), seed)
                    }
                })
                .collect();
            (people, steps, min)
        })
}

/// Plays a room: after every step, everyone as they are now is offered as a snapshot
/// and published when the rule lets it through. Returns every aggregate published and
/// every key they name.
fn play(people: &[usize], steps: &[Step], min: usize) -> (Vec<Vec<String>>, Vec<String>) {
    let q = pulse();
    let privacy = Privacy::new(true, Some(min));
    // Each person's current answers and revision (a key per revision).
    let mut current: Vec<Option<(u32, AnswerSet)>> = vec![None; people.len()];
    let mut ledger: Ledger<String> = Ledger::new(min);
    let mut published: Vec<Vec<String>> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    for step in steps {
        match *step {
            Step::Finish(p, seed) if current[p].is_none() => {
                current[p] = Some((0, answers(&q, ROLES[people[p]], seed)));
            }
            Step::Edit(p, seed) => {
                if let Some((rev, _)) = current[p] {
                    current[p] = Some((rev + 1, answers(&q, ROLES[people[p]], seed)));
                }
            }
            _ => continue,
        }
        let members: Vec<(String, &AnswerSet)> = current
            .iter()
            .enumerate()
            .filter_map(|(p, c)| c.as_ref().map(|(rev, set)| (format!("{p}#{rev}"), set)))
            .collect();
        let mut g = Group::new(&q);
        for (k, set) in &members {
            g.add(&q, summarise(&q, set, k));
        }
        let report = build(&q, g, privacy);
        let roles: Vec<(String, Option<String>)> = members
            .iter()
            .map(|(k, s)| (k.clone(), s.role.clone()))
            .collect();
        let aggregates = report_aggregates(&report, &roles);
        if ledger.check(&aggregates) == Verdict::Safe {
            ledger.publish(&aggregates);
            for a in &aggregates {
                for k in a {
                    if !keys.contains(k) {
                        keys.push(k.clone());
                    }
                }
            }
            published.extend(aggregates);
        }
    }
    (published, keys)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn no_sequence_of_snapshots_gives_anyone_away((people, steps, min) in room()) {
        let (published, keys) = play(&people, &steps, min);
        // The attacker's matrix: one row per published aggregate.
        let rows: Vec<Vec<i128>> = published
            .iter()
            .map(|a| keys.iter().map(|k| i128::from(a.contains(k))).collect())
            .collect();
        for (i, k) in keys.iter().enumerate() {
            let unit: Vec<i128> = (0..keys.len()).map(|j| i128::from(i == j)).collect();
            prop_assert!(!in_span(&rows, &unit), "{k} can be recovered from {published:?}");
        }
        // And every published aggregate holds at least `min` people.
        for a in &published {
            prop_assert!(a.len() >= min, "{a:?}");
        }
    }
}

#[test]
fn a_room_finishing_in_threes_is_shown_as_it_goes() {
    // Three of each role finish role by role: the rule is no wall.
    let people: Vec<usize> = (0..12).map(|i| i / 3).collect();
    let steps: Vec<Step> = (0..12).map(|p| Step::Finish(p, p as u64 * 31)).collect();
    let (published, keys) = play(&people, &steps, 3);
    assert_eq!(keys.len(), 12, "everyone shown in the end");
    assert!(published.len() >= 4, "{published:?}");
    // A thirteenth person alone is not.
    let mut more = steps.clone();
    more.push(Step::Edit(0, 99));
    let (_, keys) = play(&people, &more, 3);
    assert!(
        !keys.contains(&"0#1".to_string()),
        "one edit alone is not shown"
    );
}

#[test]
fn the_check_itself_finds_a_difference_of_one() {
    // The algebra above does see a differencing attack when one is there.
    let rows = vec![vec![1, 1, 1, 0], vec![1, 1, 1, 1]];
    assert!(in_span(&rows, &[0, 0, 0, 1]));
    assert!(!in_span(&rows, &[1, 0, 0, 0]));
}
