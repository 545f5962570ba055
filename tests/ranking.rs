//! The severity comparator is a total order, so `sort_by` with it never panics (Rust
//! 1.81+ may panic on an inconsistent comparator) and rankings never depend on the order
//! causes come in. Values that agree to six decimals tie.

use proptest::prelude::*;
use std::cmp::Ordering;
use tandem::scoring::{self, CauseScore, cmp_desc};

/// Any float, including NaN, ±∞ and −0, plus many values a hair apart (the case an
/// epsilon comparison gets wrong: a ≈ b and b ≈ c but not a ≈ c).
fn value() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<f64>(),
        (0u8..4, -3i32..=3).prop_map(|(base, k)| f64::from(base) * 25.0 + f64::from(k) * 4e-7),
        (0u8..4, -3i32..=3).prop_map(|(base, k)| f64::from(base) * 25.0 + f64::from(k) * 6e-10),
        Just(0.0),
        Just(-0.0),
        Just(f64::NAN),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// The tie rule (`TIE_POINTS`): the tied group is the head of the ranking, every
    /// member within `TIE_POINTS` of the top, the first cause after it further away.
    #[test]
    fn the_tied_group_is_exactly_the_head_within_tie_points(
        sev in prop::collection::vec((0u32..=1000, 0u32..=20), 0..30),
    ) {
        let scores: Vec<CauseScore> = sev
            .iter()
            .map(|(s, r)| CauseScore {
                severity: Some(f64::from(*s) / 10.0),
                received: f64::from(*r),
                ..Default::default()
            })
            .collect();
        let ranking = scoring::rank(&scores);
        let k = scoring::tied_with_top(&scores, &ranking);
        let sev = |i: usize| scores[ranking[i]].severity.unwrap();
        prop_assert_eq!(k == 0, ranking.is_empty());
        for i in 0..k {
            prop_assert!(sev(0) - sev(i) <= scoring::TIE_POINTS + 1e-9);
        }
        if k < ranking.len() {
            prop_assert!(sev(0) - sev(k) > scoring::TIE_POINTS);
        }
    }

    #[test]
    fn cmp_desc_is_antisymmetric_and_transitive(a in value(), b in value(), c in value()) {
        prop_assert_eq!(cmp_desc(a, b), cmp_desc(b, a).reverse());
        prop_assert_eq!(cmp_desc(a, a), Ordering::Equal);
        if cmp_desc(a, b) != Ordering::Greater && cmp_desc(b, c) != Ordering::Greater {
            prop_assert_ne!(cmp_desc(a, c), Ordering::Greater, "{} {} {}", a, b, c);
        }
        if cmp_desc(a, b) == Ordering::Equal && cmp_desc(b, c) == Ordering::Equal {
            prop_assert_eq!(cmp_desc(a, c), Ordering::Equal, "{} {} {}", a, b, c);
        }
    }

    #[test]
    fn sorting_with_cmp_desc_never_panics_and_sorts(mut v in prop::collection::vec(value(), 0..60)) {
        v.sort_by(|a, b| cmp_desc(*a, *b));
        for w in v.windows(2) {
            prop_assert_ne!(cmp_desc(w[0], w[1]), Ordering::Greater);
        }
    }

    #[test]
    fn rank_is_descending_and_independent_of_input_order(
        causes in prop::collection::vec((value(), value()), 0..30),
    ) {
        let scores: Vec<CauseScore> = causes
            .iter()
            .map(|(s, r)| CauseScore { severity: Some(*s), received: *r, ..Default::default() })
            .collect();
        let ranking = scoring::rank(&scores);
        prop_assert_eq!(ranking.len(), scores.len());
        for w in ranking.windows(2) {
            let (a, b) = (&scores[w[0]], &scores[w[1]]);
            let order = cmp_desc(a.severity.unwrap(), b.severity.unwrap())
                .then_with(|| cmp_desc(a.received, b.received))
                .then_with(|| w[0].cmp(&w[1]));
            prop_assert_eq!(order, Ordering::Less);
        }
    }
}

#[test]
fn values_equal_to_six_decimals_tie_and_larger_differences_order() {
    // 100 × 2 / 3 reached two ways differs in the last bit; it must tie.
    let (a, b) = (100.0 * 2.0 / 3.0, 200.0 / 3.0 + 1e-12);
    assert_eq!(cmp_desc(a, b), Ordering::Equal);
    assert_eq!(cmp_desc(0.0, -0.0), Ordering::Equal);
    // Higher first.
    assert_eq!(cmp_desc(75.0, 74.99), Ordering::Less);
    assert_eq!(cmp_desc(74.99, 75.0), Ordering::Greater);
    assert_eq!(cmp_desc(1e-5, 0.0), Ordering::Less);
}
