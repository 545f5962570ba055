//! When a live report may publish a new snapshot without letting anyone single out a
//! respondent by comparing it with the snapshots before it.
//!
//! A live report (`tandem serve`'s facilitator report, and later the projector) does
//! not change with every submission: it shows a snapshot, and a new one is published
//! only when this module says it is safe. Comparing two reports is subtraction: before
//! and after one leadership participant submitted, 7 × 50.7 − 6 × 53.6 = 33.3 is that
//! person's score. The rule here makes every such combination useless.
//!
//! **The model.** Every figure of a report is a sum (or a mean, a sum over a count) over
//! the members of one *aggregate*: the whole group, or one group of roles the report
//! shows (a role shown apart, the roles folded together by `--min-group`). Figures of
//! different questions are different columns over the same aggregates; "everyone but
//! this role" is a difference of two aggregates. A reader who keeps every snapshot
//! holds sums over every aggregate ever published and may combine them linearly.
//!
//! **The rule.** Group respondents into *atoms*: two respondents are in the same atom
//! when every aggregate ever published holds both or neither. Every combination of
//! published sums is a sum over whole atoms (it is constant on each atom), so if every
//! atom holds at least N respondents, no combination of snapshots isolates fewer than
//! N people — no single answer or score can be recovered. A snapshot is published only
//! when, with its aggregates added, every atom still holds N or more ([`Ledger::check`]).
//!
//! A respondent's answers changing after they were published (an edit) are a new
//! respondent for this purpose (a new key): the old version stays in the atoms it was
//! published in, so an update that would show one person's change alone is refused
//! like any other. Keys are the caller's: for example a participant id and a revision.
//!
//! With N = 1 (no `--min-group`, no `--anonymous`) every snapshot is safe: the report
//! names people anyway.

use crate::report::group::{GroupReport, Scope};
use std::collections::HashMap;
use std::hash::Hash;

/// What has been published so far: each published key's atom.
#[derive(Debug, Clone, PartialEq)]
pub struct Ledger<K: Hash + Eq> {
    min: usize,
    atoms: HashMap<K, u32>,
}

/// Whether a snapshot may be published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Safe,
    /// Publishing would leave an atom of `smallest` respondents (fewer than N).
    Unsafe {
        smallest: usize,
    },
}

impl<K: Hash + Eq + Clone> Ledger<K> {
    /// Nothing published yet; `min_group` is N (1 or 0: every snapshot is safe).
    pub fn new(min_group: usize) -> Self {
        Ledger {
            min: min_group,
            atoms: HashMap::new(),
        }
    }

    /// A ledger as [`Ledger::atoms`] listed it (kept across a server's restart).
    pub fn from_atoms(min_group: usize, atoms: impl IntoIterator<Item = (K, u32)>) -> Self {
        Ledger {
            min: min_group,
            atoms: atoms.into_iter().collect(),
        }
    }

    pub fn min_group(&self) -> usize {
        self.min
    }

    /// Every key published so far with its atom's number (numbers mean nothing
    /// outside this ledger: only which keys share one).
    pub fn atoms(&self) -> impl Iterator<Item = (&K, u32)> {
        self.atoms.iter().map(|(k, a)| (k, *a))
    }

    /// Whether a key was ever published.
    pub fn contains(&self, k: &K) -> bool {
        self.atoms.contains_key(k)
    }

    /// Whether a snapshot whose figures are sums over `aggregates` (each a list of
    /// keys) may be published after everything published so far.
    pub fn check(&self, aggregates: &[Vec<K>]) -> Verdict {
        if self.min <= 1 {
            return Verdict::Safe;
        }
        let (_, sizes) = self.refine(aggregates);
        match sizes.into_iter().filter(|&n| n > 0).min() {
            Some(n) if n < self.min => Verdict::Unsafe { smallest: n },
            _ => Verdict::Safe,
        }
    }

    /// The keys that publishing `aggregates` would leave in an atom of fewer than N:
    /// leaving the new ones among them out of the snapshot may make it safe.
    pub fn exposed(&self, aggregates: &[Vec<K>]) -> Vec<K> {
        if self.min <= 1 {
            return Vec::new();
        }
        let (atoms, sizes) = self.refine(aggregates);
        atoms
            .into_iter()
            .filter(|(_, a)| sizes[*a as usize] < self.min)
            .map(|(k, _)| k)
            .collect()
    }

    /// Records a published snapshot (whether or not [`Ledger::check`] was asked).
    pub fn publish(&mut self, aggregates: &[Vec<K>]) {
        let (atoms, _) = self.refine(aggregates);
        self.atoms = atoms;
    }

    /// The atoms after `aggregates` are added: each key's new atom, and each atom's size.
    fn refine(&self, aggregates: &[Vec<K>]) -> (HashMap<K, u32>, Vec<usize>) {
        // Each key's signature: its atom so far, and which new aggregates hold it.
        let mut sig: HashMap<K, (Option<u32>, Vec<bool>)> = self
            .atoms
            .iter()
            .map(|(k, a)| (k.clone(), (Some(*a), vec![false; aggregates.len()])))
            .collect();
        for (i, agg) in aggregates.iter().enumerate() {
            for k in agg {
                sig.entry(k.clone())
                    .or_insert_with(|| (None, vec![false; aggregates.len()]))
                    .1[i] = true;
            }
        }
        let mut numbers: HashMap<(Option<u32>, Vec<bool>), u32> = HashMap::new();
        let mut sizes: Vec<usize> = Vec::new();
        let mut atoms = HashMap::with_capacity(sig.len());
        for (k, s) in sig {
            let next = numbers.len() as u32;
            let n = *numbers.entry(s).or_insert(next);
            if n as usize == sizes.len() {
                sizes.push(0);
            }
            sizes[n as usize] += 1;
            atoms.insert(k, n);
        }
        (atoms, sizes)
    }
}

/// The aggregates a group report's figures are sums over, given its members as (key,
/// role id): the whole group and every group of roles it shows (each role shown apart,
/// respondents with no role, the roles folded together).
pub fn report_aggregates<K: Clone>(
    report: &GroupReport,
    members: &[(K, Option<String>)],
) -> Vec<Vec<K>> {
    let apart: Vec<&Scope> = report
        .roles
        .iter()
        .map(|r| &r.id)
        .filter(|s| matches!(s, Scope::Role(_) | Scope::NoRole))
        .collect();
    let scope_of = |role: &Option<String>| match role {
        Some(id) => Scope::Role(id.clone()),
        None => Scope::NoRole,
    };
    let mut out = vec![members.iter().map(|(k, _)| k.clone()).collect::<Vec<K>>()];
    for s in &apart {
        out.push(
            members
                .iter()
                .filter(|(_, r)| scope_of(r) == **s)
                .map(|(k, _)| k.clone())
                .collect(),
        );
    }
    if report.roles.iter().any(|r| r.id == Scope::Combined) {
        out.push(
            members
                .iter()
                .filter(|(_, r)| !apart.contains(&&scope_of(r)))
                .map(|(k, _)| k.clone())
                .collect(),
        );
    }
    out.retain(|a| !a.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agg(v: &[&[u32]]) -> Vec<Vec<u32>> {
        v.iter().map(|a| a.to_vec()).collect()
    }

    #[test]
    fn one_more_respondent_is_never_published() {
        // The example: six, then seven.
        let mut l = Ledger::new(3);
        let first = agg(&[&[1, 2, 3, 4, 5, 6]]);
        assert_eq!(l.check(&first), Verdict::Safe);
        l.publish(&first);
        assert_eq!(
            l.check(&agg(&[&[1, 2, 3, 4, 5, 6, 7]])),
            Verdict::Unsafe { smallest: 1 }
        );
        assert_eq!(
            l.check(&agg(&[&[1, 2, 3, 4, 5, 6, 7, 8, 9]])),
            Verdict::Safe
        );
    }

    #[test]
    fn a_role_gaining_one_is_refused_even_when_the_group_gains_three() {
        let mut l = Ledger::new(3);
        // Sales 1–3, marketing 4–6.
        l.publish(&agg(&[&[1, 2, 3, 4, 5, 6], &[1, 2, 3], &[4, 5, 6]]));
        // 7 joins sales, 8 and 9 marketing: sales 3 → 4 gives 7 away.
        let next = agg(&[
            &[1, 2, 3, 4, 5, 6, 7, 8, 9],
            &[1, 2, 3, 7],
            &[4, 5, 6, 8, 9],
        ]);
        assert!(matches!(l.check(&next), Verdict::Unsafe { .. }));
    }

    #[test]
    fn a_changing_fold_cannot_isolate_its_smallest_role() {
        // fold {L1, O1, O2}, then fold {L1, O1..O5}, then Other shown apart as O1..O5:
        // fold − Other = L1.
        let mut l = Ledger::new(3);
        let (s, l1, o) = ([1, 2, 3], 10, [20, 21, 22, 23, 24]);
        let all1: Vec<u32> = [&s[..], &[l1], &o[..2]].concat();
        l.publish(&[all1, s.to_vec(), vec![l1, o[0], o[1]]]);
        let all2: Vec<u32> = [&s[..], &[l1], &o[..]].concat();
        let fold2: Vec<u32> = [&[l1][..], &o[..]].concat();
        let step2 = vec![all2.clone(), s.to_vec(), fold2];
        assert_eq!(l.check(&step2), Verdict::Safe);
        l.publish(&step2);
        let step3 = vec![all2, s.to_vec(), o.to_vec(), vec![l1]];
        assert!(matches!(l.check(&step3), Verdict::Unsafe { .. }));
        // Without L1 apart, but Other apart: Other vs fold2 still isolates L1.
        let step3b = vec![[&s[..], &[l1], &o[..]].concat(), o.to_vec()];
        assert!(matches!(l.check(&step3b), Verdict::Unsafe { .. }));
    }

    #[test]
    fn an_edit_shown_alone_is_refused() {
        // Keys (person, revision): person 1 edits after being published.
        let mut l = Ledger::new(3);
        l.publish(&[vec![(1, 0), (2, 0), (3, 0)]]);
        let edited = vec![vec![(1, 1), (2, 0), (3, 0)]];
        assert!(matches!(l.check(&edited), Verdict::Unsafe { .. }));
        // With three new people beside it: still the old version alone in its atom.
        let more = vec![vec![(1, 1), (2, 0), (3, 0), (4, 0), (5, 0), (6, 0)]];
        assert!(matches!(l.check(&more), Verdict::Unsafe { .. }));
        // Kept as published, with three new people: fine.
        let kept = vec![vec![(1, 0), (2, 0), (3, 0), (4, 0), (5, 0), (6, 0)]];
        assert_eq!(l.check(&kept), Verdict::Safe);
    }

    #[test]
    fn without_a_minimum_everything_is_safe() {
        let mut l = Ledger::new(1);
        l.publish(&agg(&[&[1]]));
        assert_eq!(l.check(&agg(&[&[1, 2]])), Verdict::Safe);
    }

    #[test]
    fn the_ledger_survives_being_listed_and_read_back() {
        let mut l = Ledger::new(3);
        l.publish(&agg(&[&[1, 2, 3, 4, 5, 6], &[1, 2, 3]]));
        let copy = Ledger::from_atoms(3, l.atoms().map(|(k, a)| (*k, a)));
        assert_eq!(copy, l);
        assert_eq!(
            copy.check(&agg(&[&[1, 2, 3, 4, 5, 6, 7]])),
            l.check(&agg(&[&[1, 2, 3, 4, 5, 6, 7]]))
        );
    }
}
