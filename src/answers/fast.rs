//! The fast way to read a good answers file: deserialised straight into typed answers
//! against a known questionnaire, question and option ids resolved to indices as they
//! are read, no generic table in between. It accepts only what [`super::interpret`]
//! accepts without a problem and gives the same [`AnswerSet`]; on anything else it
//! gives up (`None`) and the caller reads the file the full way, which finds and
//! positions every problem. So every error keeps its one source.

use super::{Answer, AnswerSet, Chain, valid_date};
use crate::questionnaire::{DONT_KNOW, Kind, OTHER_CAUSE, Question, Questionnaire};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// The answers in `text` if they are well-formed answers to `q` (same id and version)
/// with nothing to report; `None` means "read it the full way".
pub(crate) fn load(text: &str, q: &Questionnaire) -> Option<AnswerSet> {
    let i = load_indexed(text, q)?;
    let answers = q
        .questions
        .iter()
        .zip(i.answers)
        .filter_map(|(x, a)| Some((x.id.to_string(), a?)))
        .collect();
    Some(AnswerSet {
        questionnaire: q.id.to_string(),
        version: q.version.to_string(),
        respondent: i.respondent,
        role: i.role,
        date: i.date,
        complete: i.complete,
        answers,
    })
}

/// A good answers file, its answers by question index (what a group adds up, with no
/// map keyed by id to build and drop for every file).
#[derive(Debug, Default)]
pub(crate) struct Indexed {
    pub respondent: Option<String>,
    pub role: Option<String>,
    pub date: Option<String>,
    pub complete: bool,
    pub answers: Vec<Option<Answer>>,
}

/// [`load`], with the answers by question index.
pub(crate) fn load_indexed(text: &str, q: &Questionnaire) -> Option<Indexed> {
    // Plain TOML (what tandem writes, and most hand edits) is scanned; the scanner
    // reads what it accepts exactly as the toml crate would, so a file it accepts and
    // this reading refuses would be refused after the toml crate too.
    let (i, id, version) = match super::scan::parse(text) {
        Some(t) => File(q).deserialize(super::scan::V::Table(t)).ok()?,
        None => {
            let de = toml::de::Deserializer::parse(text).ok()?;
            File(q).deserialize(de).ok()?
        }
    };
    // Both must be present and match: the full way says what is wrong otherwise.
    (id && version).then_some(i)
}

/// Any reason to give up; never shown (the full reading says what is wrong).
fn give_up<E: de::Error>() -> E {
    E::custom("")
}

struct File<'q>(&'q Questionnaire);

/// The answers, and whether the questionnaire's id and version were there (and right).
type FileValue = (Indexed, bool, bool);

impl<'de> DeserializeSeed<'de> for File<'_> {
    type Value = FileValue;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<FileValue, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for File<'_> {
    type Value = FileValue;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an answers file")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FileValue, A::Error> {
        let q = self.0;
        let mut set = Indexed {
            complete: true,
            answers: vec![None; q.questions.len()],
            ..Default::default()
        };
        let (mut id, mut version) = (false, false);
        while let Some(key) = map.next_key::<Str>()? {
            match key.0.as_str() {
                "questionnaire" => {
                    if map.next_value::<Str>()?.0 != q.id {
                        return Err(give_up());
                    }
                    id = true;
                }
                "version" => {
                    if map.next_value::<Str>()?.0 != q.version {
                        return Err(give_up());
                    }
                    version = true;
                }
                "respondent" => {
                    let s: String = map.next_value()?;
                    set.respondent = (!s.is_empty()).then_some(s);
                }
                "role" => {
                    let s: String = map.next_value()?;
                    if !s.is_empty() && q.role(&s).is_none() {
                        return Err(give_up());
                    }
                    set.role = (!s.is_empty()).then_some(s);
                }
                "date" => {
                    // A date written as a TOML date (not a string) is left to the full way.
                    let s: String = map.next_value()?;
                    if !s.is_empty() && !valid_date(&s) {
                        return Err(give_up());
                    }
                    set.date = (!s.is_empty()).then_some(s);
                }
                "complete" => set.complete = map.next_value()?,
                "answers" => set.answers = map.next_value_seed(Answers(q))?,
                _ => return Err(give_up()),
            }
        }
        Ok((set, id, version))
    }
}

/// A key or string, owned.
struct Str(String);

impl<'de> de::Deserialize<'de> for Str {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Str, D::Error> {
        d.deserialize_str(StrVisitor).map(Str)
    }
}

struct StrVisitor;

impl Visitor<'_> for StrVisitor {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }
}

/// `[answers]`, by question id.
struct Answers<'q>(&'q Questionnaire);

impl<'de> DeserializeSeed<'de> for Answers<'_> {
    type Value = Vec<Option<Answer>>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Answers<'_> {
    type Value = Vec<Option<Answer>>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a table of answers")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let q = self.0;
        let mut out = vec![None; q.questions.len()];
        while let Some(qi) = map.next_key_seed(Index(|id: &str| q.question_index(id)))? {
            out[qi] = map.next_value_seed(One(q, &q.questions[qi]))?;
        }
        Ok(out)
    }
}

/// A string resolved to an index by the function (a question or an option id); an id
/// it does not know gives up.
struct Index<F>(F);

impl<'de, F: Fn(&str) -> Option<usize>> DeserializeSeed<'de> for Index<F> {
    type Value = usize;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_str(self)
    }
}

impl<F: Fn(&str) -> Option<usize>> Visitor<'_> for Index<F> {
    type Value = usize;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an id")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<usize, E> {
        (self.0)(v).ok_or_else(give_up)
    }
}

/// One answer to one question; `None` is a blank.
struct One<'q>(&'q Questionnaire, &'q Question);

impl<'de> DeserializeSeed<'de> for One<'_> {
    type Value = Option<Answer>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for One<'_> {
    type Value = Option<Answer>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an answer")
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        let question = self.1;
        if s.trim().is_empty() {
            return Ok(None);
        }
        if s == DONT_KNOW && !matches!(question.kind, Kind::Text) {
            return match question.dont_know {
                true => Ok(Some(Answer::DontKnow)),
                false => Err(give_up()),
            };
        }
        match &question.kind {
            Kind::Single { options } if options.iter().any(|o| o.id == s) => {
                Ok(Some(Answer::Choice(s.to_string())))
            }
            Kind::Scale(sc) => match s.trim().parse::<i64>() {
                Ok(n) if n >= sc.min && n <= sc.max => Ok(Some(Answer::Value(n))),
                _ => Err(give_up()),
            },
            Kind::Text => Ok(Some(Answer::Text(s.to_string()))),
            _ => Err(give_up()),
        }
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Self::Value, E> {
        match &self.1.kind {
            Kind::Scale(sc) if n >= sc.min && n <= sc.max => Ok(Some(Answer::Value(n))),
            _ => Err(give_up()),
        }
    }

    fn visit_f64<E: de::Error>(self, f: f64) -> Result<Self::Value, E> {
        match &self.1.kind {
            Kind::Scale(sc) if f.fract() == 0.0 && f >= sc.min as f64 && f <= sc.max as f64 => {
                Ok(Some(Answer::Value(f as i64)))
            }
            _ => Err(give_up()),
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let Kind::Multi { options } = &self.1.kind else {
            return Err(give_up());
        };
        let index = super::OptionIndex::new(options);
        let mut seen = vec![false; options.len()];
        let mut picked = Vec::new();
        while let Some(i) = seq.next_element_seed(Index(|id: &str| index.get(id)))? {
            if std::mem::replace(&mut seen[i], true) {
                return Err(give_up());
            }
            picked.push(i);
        }
        // In questionnaire order, as the full reading stores them.
        picked.sort_unstable();
        Ok(Some(Answer::Choices(
            picked
                .into_iter()
                .map(|i| options[i].id.to_string())
                .collect(),
        )))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let Kind::FiveWhys { max_whys, .. } = &self.1.kind else {
            return Err(give_up());
        };
        let mut chain = Chain::default();
        while let Some(key) = map.next_key::<Str>()? {
            match key.0.as_str() {
                "symptom" => chain.symptom = map.next_value::<Str>()?.0.trim().to_string(),
                "whys" => {
                    let whys: Vec<Str> = map.next_value()?;
                    chain.whys = whys
                        .iter()
                        .map(|s| s.0.trim())
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect();
                }
                "cause" => {
                    let c = map.next_value::<Str>()?.0;
                    let c = c.trim();
                    chain.cause = (!c.is_empty()).then(|| c.to_string());
                }
                _ => return Err(give_up()),
            }
        }
        if chain.whys.len() > *max_whys {
            return Err(give_up());
        }
        if chain.symptom.is_empty() && chain.whys.is_empty() && chain.cause.is_none() {
            return Ok(None);
        }
        // A chain needs its symptom; its cause must be known (or `other`).
        let known = |c: &str| c == OTHER_CAUSE || self.0.cause_index(c).is_some();
        if chain.symptom.is_empty() || chain.cause.as_deref().is_some_and(|c| !known(c)) {
            return Err(give_up());
        }
        Ok(Some(Answer::Chain(chain)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tomlfile::SourceText;

    /// The full way alone: what the fast way must agree with whenever it answers.
    fn full(text: &str, q: &Questionnaire) -> Option<AnswerSet> {
        let src = SourceText::new("t.toml", text);
        let (raw, mut problems) = super::super::parse_raw(&src).ok()?;
        let (set, more) = super::super::interpret(&src, &raw, q);
        problems.extend(more);
        super::super::check_causes(&src, &set, q, &mut problems);
        set.filter(|_| problems.is_empty())
    }

    /// Every line of two workshop files, each value swapped for values of every
    /// shape: the fast way either gives up or gives exactly what the full way gives.
    #[test]
    fn agrees_with_the_full_way() {
        let q = crate::questionnaire::builtin("alignment")
            .unwrap()
            .load()
            .unwrap();
        let values = [
            "\"\"",
            "\"  \"",
            "\"dont_know\"",
            "3",
            "3.0",
            "3.5",
            "-1",
            "99",
            "\"3\"",
            "\" 4 \"",
            "\"x\"",
            "true",
            "[]",
            "[\"x\"]",
            "2026-11-22",
            "2026-11-22T10:00:00",
            "\"2026-02-30\"",
            "\"2026-11-22\"",
            "{}",
            "{ symptom = \"s\" }",
            "{ symptom = \" s \", whys = [\"\", \" a \"], cause = \"other\" }",
            "{ symptom = \"\", whys = [], cause = \"\" }",
            "{ symptom = \"s\", cause = \"bogus\" }",
            "{ symptom = \"s\", x = 1 }",
            "\"sales\"",
            "\"alignment\"",
            "\"1.0\"",
            "false",
            "\"loose\"",
            "[\"loose\", \"loose\"]",
        ];
        let mut fast_hits = 0;
        let mut checked = 0;
        // Two files between them answer every question (one with a role of each side).
        for file in ["sales-ana", "marketing-ben"] {
            let text = std::fs::read_to_string(format!("examples/workshop/{file}.toml")).unwrap();
            assert_eq!(load(&text, &q), full(&text, &q));
            assert!(load(&text, &q).is_some(), "a good file goes the fast way");
            let lines: Vec<&str> = text.lines().collect();
            for (i, line) in lines.iter().enumerate() {
                let Some((key, _)) = line.split_once(" = ") else {
                    continue;
                };
                let mut options: Vec<String> = values.iter().map(|v| v.to_string()).collect();
                if let Some(qi) = q.question_index(key.trim()) {
                    for o in q.questions[qi].kind.options() {
                        options.push(format!("\"{}\"", o.id));
                        options.push(format!("[\"{}\"]", o.id));
                    }
                    let all: Vec<String> = q.questions[qi]
                        .kind
                        .options()
                        .iter()
                        .rev()
                        .map(|o| format!("\"{}\"", o.id))
                        .collect();
                    options.push(format!("[{}]", all.join(", ")));
                }
                for v in options {
                    let mut changed = lines.clone();
                    let swapped = format!("{key} = {v}");
                    changed[i] = &swapped;
                    let changed = changed.join("\n");
                    let fast = load(&changed, &q);
                    checked += 1;
                    if fast.is_some() {
                        fast_hits += 1;
                        assert_eq!(fast, full(&changed, &q), "{swapped}");
                    }
                }
            }
            // An extra key, anywhere, is for the full way to report.
            assert_eq!(load(&format!("extra = 1\n{text}"), &q), None);
        }
        assert!(
            fast_hits > 100 && fast_hits < checked,
            "{fast_hits} of {checked}"
        );
    }
}
