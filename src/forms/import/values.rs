//! Cells to answers: option labels or ids to option ids, scale numbers or labels to
//! values, checklist cells split against the known labels, roles and causes by id or
//! name. Lookups are built once per questionnaire; a cell is first looked up as it is
//! and only normalised (case, spacing) when that misses, which keeps imports fast.

use super::Cell;
use crate::answers::{Answer, Chain};
use crate::forms::{NONE_LABEL, OTHER_LABEL, Part, norm, scale_labels};
use crate::questionnaire::{DONT_KNOW, Kind, OTHER_CAUSE, Question, Questionnaire};
use std::collections::HashMap;

/// What a cell (or one item of a checklist cell) stands for.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Pick {
    Option(usize),
    Value(i64),
    DontKnow,
    None,
    Other,
}

// Look-ups happen for every cell of every row: a fast non-cryptographic hash (the keys
// are the questionnaire's own labels, not input an attacker chooses).
type Map = HashMap<String, Pick, rustc_hash::FxBuildHasher>;

#[derive(Debug, Default, PartialEq)]
struct Lookup {
    exact: Map,
    normed: Map,
    /// Normalised keys, longest first, for splitting checklist cells.
    by_length: Vec<(String, Pick)>,
    /// The keys as given, for [`Lookup::exact_get`].
    table: Table,
    /// No key holds a separator and every key means what its normalised form means, so
    /// splitting the cell as written finds what splitting it normalised finds.
    plain: bool,
    /// The labels people chose from, for messages.
    labels: Vec<String>,
    /// The option ids of a choice question, by option index.
    ids: Vec<String>,
}

impl Lookup {
    /// The first key added for a text wins (ids before labels).
    fn add(&mut self, key: &str, pick: Pick) {
        self.exact.entry(key.to_string()).or_insert(pick);
        self.normed.entry(norm(key)).or_insert(pick);
    }

    fn finish(mut self) -> Self {
        let mut keys: Vec<(String, Pick)> =
            self.normed.iter().map(|(k, p)| (k.clone(), *p)).collect();
        keys.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        self.by_length = keys;
        self.plain = self.normed.keys().all(|k| !k.contains([',', ';']))
            && self
                .exact
                .iter()
                .all(|(k, p)| self.normed.get(&norm(k)) == Some(p));
        let exact: Vec<(String, Pick)> = self.exact.iter().map(|(k, p)| (k.clone(), *p)).collect();
        self.table = Table::new(&exact);
        self
    }

    /// A checklist cell split on the keys as written; `None` when a piece is not one.
    /// Only for a `plain` lookup: no key holds a separator, so the one key a piece can
    /// be is the text up to the next separator.
    fn split_exact(&self, s: &str) -> Option<Vec<Pick>> {
        pieces(s).map(|p| self.exact_get(p)).collect()
    }

    /// A checklist cell written with the keys as given, read as [`Lookup::split`] reads
    /// it but without building a list; `None` when a piece is not a key as given (or
    /// there are too many options for a set of bits): then `split` reads it.
    fn ticked(&self, s: &str, options: usize) -> Option<Ticked> {
        if options > 128 {
            return None;
        }
        let mut t = Ticked::default();
        let mut add = |p: Pick| {
            match p {
                Pick::Option(i) => t.options |= 1 << i,
                p => t.other = Some(p),
            }
            t.dont_know |= p == Pick::DontKnow;
            t.pieces += 1;
        };
        if let Some(p) = self.exact_get(s) {
            add(p);
            return Some(t);
        }
        if !self.plain {
            return None;
        }
        for p in pieces(s) {
            add(self.exact_get(p)?);
        }
        Some(t)
    }

    /// A key as given.
    #[inline(always)]
    fn exact_get(&self, s: &str) -> Option<Pick> {
        self.table.get(s.as_bytes())
    }

    fn get(&self, s: &str) -> Option<Pick> {
        self.exact_get(s)
            .or_else(|| self.normed.get(&norm(s)).copied())
    }

    fn allowed(&self) -> String {
        self.labels
            .iter()
            .map(|l| format!("\"{l}\""))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// A checklist cell: labels joined by ", " or ";" (Google Forms, Microsoft Forms),
    /// matched longest label first so a label containing a comma is not cut in two.
    fn split(&self, s: &str) -> Result<Vec<Pick>, String> {
        if let Some(p) = self.exact_get(s) {
            return Ok(vec![p]);
        }
        if self.plain
            && let Some(picks) = self.split_exact(s)
        {
            return Ok(picks);
        }
        let n = norm(s);
        if let Some(p) = self.normed.get(&n) {
            return Ok(vec![*p]);
        }
        let mut rest = n.as_str();
        let mut out = Vec::new();
        while !rest.is_empty() {
            let found = self.by_length.iter().find(|(k, _)| {
                rest.starts_with(k.as_str())
                    && matches!(rest[k.len()..].chars().next(), None | Some(',' | ';'))
            });
            match found {
                Some((k, p)) => {
                    out.push(*p);
                    rest = rest[k.len()..].trim_start_matches([',', ';', ' ']);
                }
                None => {
                    let piece = rest.split([',', ';']).next().unwrap_or(rest).trim();
                    // Shown as it was written when it can be found in the cell.
                    let original = s
                        .split([',', ';'])
                        .map(str::trim)
                        .find(|p| norm(p) == piece);
                    return Err(original.unwrap_or(piece).to_string());
                }
            }
        }
        Ok(out)
    }
}

/// What a checklist cell ticks ([`Lookup::ticked`]).
#[derive(Debug, Default)]
struct Ticked {
    /// The options ticked, a bit each.
    options: u128,
    /// A piece that is not an option ("none", "don't know"), if any.
    other: Option<Pick>,
    dont_know: bool,
    pieces: usize,
}

/// The questions [`Prepared::quick`] reads: a scale or a single choice, and whether
/// "don't know" is allowed.
#[derive(Debug, Clone, Copy)]
enum Quick {
    Scale(bool),
    Single(bool),
    No,
}

/// Lookups for every question, the roles and the causes.
#[derive(Debug)]
pub struct Prepared {
    /// The questions' lookups, each kept once: questions on the same scale or with the
    /// same options share one, so the few in use stay in the processor's cache.
    lookups: Vec<Lookup>,
    /// Each question's lookup, by question index.
    of_question: Vec<u32>,
    /// What [`Prepared::quick`] needs of each question, and its lookup, by question index.
    quick: Vec<(Quick, u32)>,
    roles: Lookup,
    role_ids: Vec<String>,
    causes: Lookup,
    cause_ids: Vec<String>,
    dont_know_label: String,
}

impl Prepared {
    pub fn new(q: &Questionnaire) -> Prepared {
        let mut lookups: Vec<Lookup> = Vec::new();
        let mut of_question = Vec::new();
        let mut quick = Vec::new();
        for x in &q.questions {
            let l = question_lookup(q, x);
            let at = lookups.iter().position(|k| *k == l).unwrap_or_else(|| {
                lookups.push(l);
                lookups.len() - 1
            });
            of_question.push(at as u32);
            let kind = match x.kind {
                Kind::Scale(_) => Quick::Scale(x.dont_know),
                Kind::Single { .. } => Quick::Single(x.dont_know),
                _ => Quick::No,
            };
            quick.push((kind, at as u32));
        }
        let mut roles = Lookup::default();
        for (i, r) in q.roles.iter().enumerate() {
            roles.add(&r.id, Pick::Option(i));
            roles.add(&r.name, Pick::Option(i));
            roles.labels.push(r.name.to_string());
        }
        let mut causes = Lookup::default();
        for (i, c) in q.causes.iter().enumerate() {
            causes.add(&c.id, Pick::Option(i));
            causes.add(&c.name, Pick::Option(i));
            causes.labels.push(c.name.to_string());
        }
        causes.add(OTHER_CAUSE, Pick::Other);
        causes.add(OTHER_LABEL, Pick::Other);
        causes.labels.push(OTHER_LABEL.into());
        Prepared {
            lookups,
            of_question,
            quick,
            roles: roles.finish(),
            role_ids: q.roles.iter().map(|r| r.id.to_string()).collect(),
            causes: causes.finish(),
            cause_ids: q.causes.iter().map(|c| c.id.to_string()).collect(),
            dont_know_label: q.dont_know_label.to_string(),
        }
    }

    pub fn role(&self, cell: Cell<'_>) -> Result<&str, String> {
        match self.roles.get(&cell.shown()) {
            Some(Pick::Option(i)) => Ok(&self.role_ids[i]),
            _ => Err(format!("is not a role (allowed: {})", self.roles.allowed())),
        }
    }

    /// The common case of [`Prepared::answer`], quickly: a scale or choice cell that is
    /// exactly one of the question's labels or ids, needing no trimming. `false` when
    /// the cell is anything else (then [`Prepared::answer`] reads it, with the same
    /// result for a cell this takes). Inlined in the row loop: it is most of an import.
    #[inline(always)]
    pub fn quick(&self, qi: usize, s: &str, slot: &mut Option<Answer>) -> bool {
        let Some(&(quick, look)) = self.quick.get(qi) else {
            return false;
        };
        let (dont_know, scale) = match quick {
            Quick::Scale(d) => (d, true),
            Quick::Single(d) => (d, false),
            Quick::No => return false,
        };
        let (Some(&first), Some(&last)) = (s.as_bytes().first(), s.as_bytes().last()) else {
            return false;
        };
        // A scale cell is read as a number first (and trimmed): leave those to `answer`.
        if scale && !(first.is_ascii_alphabetic() && last.is_ascii_graphic()) {
            return false;
        }
        let Some(look) = self.lookups.get(look as usize) else {
            return false;
        };
        match look.exact_get(s) {
            // Written over the row before's answer, with no call to drop it.
            Some(Pick::Value(v)) if scale => match slot {
                Some(Answer::Value(old)) => *old = v,
                _ => *slot = Some(Answer::Value(v)),
            },
            Some(Pick::Option(i)) if !scale => {
                let _ = put_choice(slot, &look.ids[i]);
            }
            Some(Pick::DontKnow) if dont_know => {
                if !matches!(slot, Some(Answer::DontKnow)) {
                    *slot = Some(Answer::DontKnow);
                }
            }
            _ => return false,
        }
        true
    }

    /// The cell's answer to question `qi`, written into `slot` (reusing what it holds).
    pub fn answer(
        &self,
        qi: usize,
        question: &Question,
        cell: Cell<'_>,
        slot: &mut Option<Answer>,
    ) -> Result<(), String> {
        let look = &self.lookups[self.of_question[qi] as usize];
        let dont_know = |p: &Pick| *p == Pick::DontKnow && !question.dont_know;
        match &question.kind {
            Kind::Text => put_text(slot, cell),
            Kind::Multi { options } => {
                if let Cell::Text(s) = cell
                    && let Some(ticked) = look.ticked(s, options.len())
                {
                    return self.put_ticked(ticked, question, options, slot);
                }
                let picks = match cell {
                    Cell::List(items) => items
                        .iter()
                        .map(|i| look.get(i).ok_or_else(|| i.clone()))
                        .collect::<Result<Vec<_>, _>>(),
                    _ => look.split(&cell.shown()),
                };
                let picks = picks.map_err(|piece| {
                    format!(
                        "has an unknown option \"{piece}\" (allowed, separated by \", \" or \";\": {})",
                        look.allowed()
                    )
                })?;
                if picks.iter().any(dont_know) {
                    return Err(self.no_dont_know());
                }
                let single = |p: Pick| picks.len() == 1 && picks[0] == p;
                if single(Pick::DontKnow) {
                    *slot = Some(Answer::DontKnow);
                    return Ok(());
                }
                if single(Pick::None) {
                    put_choices(slot, []);
                    return Ok(());
                }
                let mut ids: Vec<usize> = Vec::new();
                for p in &picks {
                    match p {
                        Pick::Option(i) if !ids.contains(i) => ids.push(*i),
                        Pick::Option(_) => {}
                        _ => return Err(self.mixes()),
                    }
                }
                ids.sort_unstable();
                put_choices(slot, ids.iter().map(|&i| options[i].id.as_str()));
                Ok(())
            }
            Kind::Single { options } => match look.get(&cell.shown()) {
                Some(p) if dont_know(&p) => Err(self.no_dont_know()),
                Some(Pick::DontKnow) => put(slot, Answer::DontKnow),
                Some(Pick::Option(i)) => put_choice(slot, &options[i].id),
                _ => Err(format!("is not an option (allowed: {})", look.allowed())),
            },
            Kind::Scale(sc) => {
                let s = cell.shown();
                let t = s.trim();
                if let Ok(v) = t.parse::<i64>() {
                    return if (sc.min..=sc.max).contains(&v) {
                        put(slot, Answer::Value(v))
                    } else {
                        Err(format!("is out of range {}..{}", sc.min, sc.max))
                    };
                }
                match look.get(t) {
                    Some(p) if dont_know(&p) => Err(self.no_dont_know()),
                    Some(Pick::DontKnow) => put(slot, Answer::DontKnow),
                    Some(Pick::Value(v)) => put(slot, Answer::Value(v)),
                    _ => Err(format!(
                        "is not on the scale (allowed: a whole number {}..{}{}{})",
                        sc.min,
                        sc.max,
                        if look.labels.is_empty() { "" } else { " or " },
                        look.allowed()
                    )),
                }
            }
            Kind::FiveWhys { .. } => {
                Err("is a five-whys chain: use its symptom, whys and cause columns".into())
            }
        }
    }

    /// A checklist answer from what its cell ticks, as [`Prepared::answer`] makes it
    /// from the cell's pieces.
    fn put_ticked(
        &self,
        t: Ticked,
        question: &Question,
        options: &[crate::questionnaire::Choice],
        slot: &mut Option<Answer>,
    ) -> Result<(), String> {
        if t.dont_know && !question.dont_know {
            return Err(self.no_dont_know());
        }
        match (t.pieces, t.other) {
            (1, Some(Pick::DontKnow)) => put(slot, Answer::DontKnow),
            (1, Some(Pick::None)) => {
                put_choices(slot, []);
                Ok(())
            }
            (_, Some(_)) => Err(self.mixes()),
            (_, None) => {
                let ticked = (0..options.len()).filter(|&i| t.options & (1 << i) != 0);
                put_choices(slot, ticked.map(|i| options[i].id.as_str()));
                Ok(())
            }
        }
    }

    fn mixes(&self) -> String {
        format!(
            "mixes \"{NONE_LABEL}\" or \"{}\" with options",
            self.dont_know_label
        )
    }

    /// One part of a five-whys chain into the chain being built.
    pub fn chain_part(
        &self,
        question: &Question,
        part: Part,
        cell: Cell<'_>,
        chain: &mut Chain,
    ) -> Result<(), String> {
        let max = match question.kind {
            Kind::FiveWhys { max_whys, .. } => max_whys,
            _ => return Err(format!("is not a five-whys question's {part:?}")),
        };
        match part {
            Part::Symptom => match cell {
                Cell::Text(s) if !s.contains('\r') => set(&mut chain.symptom, s.trim()),
                _ => chain.symptom = text(cell).trim().to_string(),
            },
            Part::Whys => {
                let whys: Vec<String> = match cell {
                    // One per line, written over the whys already there, in one pass (the
                    // whys past the last allowed are counted for the message).
                    Cell::Text(s) if !s.contains('\r') => {
                        let mut n = 0;
                        for why in s.split('\n').map(str::trim).filter(|l| !l.is_empty()) {
                            if n < max {
                                match chain.whys.get_mut(n) {
                                    Some(w) => set(w, why),
                                    None => chain.whys.push(why.to_string()),
                                }
                            }
                            n += 1;
                        }
                        if n > max {
                            // Partly written over: the caller empties a part refused.
                            return Err(format!("has {n} whys (at most {max}, one per line)"));
                        }
                        chain.whys.truncate(n);
                        return Ok(());
                    }
                    Cell::List(l) => l.iter().map(|s| s.trim().to_string()).collect(),
                    _ => text(cell).lines().map(|s| s.trim().to_string()).collect(),
                };
                let whys: Vec<String> = whys.into_iter().filter(|s| !s.is_empty()).collect();
                if whys.len() > max {
                    return Err(format!(
                        "has {} whys (at most {max}, one per line)",
                        whys.len()
                    ));
                }
                chain.whys = whys;
            }
            Part::Cause => match self.causes.get(&cell.shown()) {
                Some(Pick::Option(i)) => set_opt(&mut chain.cause, &self.cause_ids[i]),
                Some(_) => set_opt(&mut chain.cause, OTHER_CAUSE),
                None => {
                    return Err(format!(
                        "is not a root cause (allowed: {})",
                        self.causes.allowed()
                    ));
                }
            },
            Part::Answer => {}
        }
        Ok(())
    }

    fn no_dont_know(&self) -> String {
        format!(
            "is \"{}\", which this question does not allow",
            self.dont_know_label
        )
    }
}

/// A lookup's keys as given, in a small open-addressed table: every cell of every row
/// is looked up, and most are one of a few labels, so a look-up is one probe compared by
/// the key's length and four words of it, which are the whole key up to 32 bytes long.
/// The cells of an export are labels in no order: the fewer branches depend on which
/// label a cell holds, the fewer the processor guesses wrong.
#[derive(Debug, Default, PartialEq)]
struct Table {
    /// A power of two in length (empty when there are no keys).
    slots: Vec<Slot>,
    /// 64 minus the number of bits indexing `slots`.
    shift: u32,
}

#[derive(Debug, Default, PartialEq)]
struct Slot {
    /// `None`: an empty slot.
    pick: Option<Pick>,
    len: usize,
    words: [u64; 4],
    key: Box<[u8]>,
}

impl Table {
    fn new(keys: &[(String, Pick)]) -> Table {
        if keys.is_empty() {
            return Table::default();
        }
        // At most half full, so a probe rarely goes on to the next slot.
        let bits = (2 * keys.len()).next_power_of_two().trailing_zeros().max(3);
        let mut slots: Vec<Slot> = (0..1usize << bits).map(|_| Slot::default()).collect();
        let shift = 64 - bits;
        for (k, p) in keys {
            let b = k.as_bytes();
            let words = words(b);
            let mut i = index(b.len(), &words, shift);
            while slots[i].pick.is_some() {
                i = (i + 1) & (slots.len() - 1);
            }
            slots[i] = Slot {
                pick: Some(*p),
                len: b.len(),
                words,
                key: b.into(),
            };
        }
        Table { slots, shift }
    }

    #[inline(always)]
    fn get(&self, s: &[u8]) -> Option<Pick> {
        if self.slots.is_empty() {
            return None;
        }
        let words = words(s);
        let mut i = index(s.len(), &words, self.shift);
        loop {
            let slot = self.slots.get(i)?;
            let pick = slot.pick?;
            // Up to 32 bytes the words are the whole key; a longer one is compared whole.
            if slot.len == s.len() && slot.words == words && (s.len() <= 32 || *slot.key == *s) {
                return Some(pick);
            }
            i = (i + 1) & (self.slots.len() - 1);
        }
    }
}

/// Four words of `s` that, with its length, tell it from any other as long, up to 32
/// bytes: from 8 bytes on, the words at 0, 8 and 16 from either end (overlapping in a
/// shorter string, with no branch on its length); below, its bytes.
#[inline(always)]
fn words(s: &[u8]) -> [u64; 4] {
    let n = s.len();
    let word = |i: usize| u64::from_le_bytes(s[i..i + 8].try_into().unwrap_or([0; 8]));
    if n >= 8 {
        [
            word(0),
            word(8.min(n - 8)),
            word(n.saturating_sub(16)),
            word(n - 8),
        ]
    } else {
        let mut b = [0u8; 8];
        for (to, from) in b.iter_mut().zip(s) {
            *to = *from;
        }
        [u64::from_le_bytes(b), 0, 0, 0]
    }
}

#[inline(always)]
fn index(len: usize, words: &[u64; 4], shift: u32) -> usize {
    let h = (words[0] ^ words[3].rotate_left(29) ^ len as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (h >> shift) as usize
}

// Rows are read into the same answers one after the other: an answer is written over
// the one before, reusing its strings, so a re-answered question allocates nothing.

fn put(slot: &mut Option<Answer>, a: Answer) -> Result<(), String> {
    *slot = Some(a);
    Ok(())
}

fn set(s: &mut String, to: &str) {
    s.clear();
    s.push_str(to);
}

fn set_opt(s: &mut Option<String>, to: &str) {
    match s {
        Some(s) => set(s, to),
        None => *s = Some(to.to_string()),
    }
}

#[inline]
fn put_choice(slot: &mut Option<Answer>, id: &str) -> Result<(), String> {
    match slot {
        Some(Answer::Choice(s)) => {
            s.clear();
            s.push_str(id);
        }
        _ => *slot = Some(Answer::Choice(id.to_string())),
    }
    Ok(())
}

fn put_choices<'a>(slot: &mut Option<Answer>, ids: impl IntoIterator<Item = &'a str>) {
    match slot {
        Some(Answer::Choices(v)) => {
            let mut n = 0;
            for id in ids {
                match v.get_mut(n) {
                    Some(s) => set(s, id),
                    None => v.push(id.to_string()),
                }
                n += 1;
            }
            v.truncate(n);
        }
        _ => {
            *slot = Some(Answer::Choices(
                ids.into_iter().map(str::to_string).collect(),
            ))
        }
    }
}

fn put_text(slot: &mut Option<Answer>, cell: Cell<'_>) -> Result<(), String> {
    match (slot.as_mut(), cell) {
        (Some(Answer::Text(s)), Cell::Text(t)) if !t.contains('\r') => {
            s.clear();
            s.push_str(t);
        }
        _ => *slot = Some(Answer::Text(text(cell))),
    }
    Ok(())
}

/// Free text with line ends made plain `\n` (exports from Windows tools use CRLF).
fn text(cell: Cell<'_>) -> String {
    let s = cell.shown();
    if s.contains('\r') {
        s.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        s.into_owned()
    }
}

fn question_lookup(q: &Questionnaire, question: &Question) -> Lookup {
    let mut l = Lookup::default();
    match &question.kind {
        Kind::Single { options } | Kind::Multi { options } => {
            for (i, o) in options.iter().enumerate() {
                l.add(&o.id, Pick::Option(i));
                l.ids.push(o.id.to_string());
            }
            for (i, o) in options.iter().enumerate() {
                l.add(&o.label, Pick::Option(i));
                l.labels.push(o.label.to_string());
            }
            if matches!(question.kind, Kind::Multi { .. }) {
                l.add(NONE_LABEL, Pick::None);
                l.add("none", Pick::None);
                l.labels.push(NONE_LABEL.into());
            }
        }
        Kind::Scale(sc) => {
            for (v, label) in scale_labels(sc) {
                if label != v.to_string() {
                    l.add(&label, Pick::Value(v));
                    l.labels.push(label);
                }
            }
        }
        _ => {}
    }
    if question.dont_know {
        l.add(DONT_KNOW, Pick::DontKnow);
        l.add(&q.dont_know_label, Pick::DontKnow);
        l.labels.push(q.dont_know_label.to_string());
    }
    l.finish()
}

/// The pieces of a checklist cell written with plain keys: the text up to each `,` or
/// `;`, the separators and the spaces after them dropped.
fn pieces(s: &str) -> impl Iterator<Item = &str> {
    let mut rest = s;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        // Byte by byte: the separators are ASCII (a pattern of chars decodes each).
        let end = rest.bytes().position(|b| b == b',' || b == b';');
        let end = end.unwrap_or(rest.len());
        let piece = &rest[..end];
        let after = rest.as_bytes()[end..].iter();
        let skip = after
            .take_while(|&&b| matches!(b, b',' | b';' | b' '))
            .count();
        rest = &rest[end + skip..];
        Some(piece)
    })
}
