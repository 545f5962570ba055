//! Reading an answers file, the one way: the toml crate parses it into its spanned
//! document (`toml::de::DeTable`), the header's fields are deserialised from it, and the
//! answers are read from it straight into answers by question index, each value checked
//! against its question as it is read. A good file and a bad one take the same path:
//! every problem is kept, placed where the toml crate says its key or value starts, so
//! a bad file is reported once and whole. A new format feature is added here only.

use super::{Answer, AnswerSet, Chain, valid_date};
use crate::error::{Error, Problem, Result};
use crate::questionnaire::{Choice, DONT_KNOW, Kind, OTHER_CAUSE, Question, Questionnaire};
use crate::tomlfile::SourceText;
use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue, ValueDeserializer};

/// A value of the document, with where it is.
type Value<'a> = Spanned<DeValue<'a>>;

/// A header string as read, with where its key and its value start.
#[derive(Debug)]
struct Field {
    value: String,
    key: usize,
    at: usize,
}

/// An answers file parsed and its header read; [`File::read`] reads its answers
/// against a questionnaire.
#[derive(Debug)]
pub struct File<'a> {
    src: &'a SourceText,
    questionnaire: Option<Field>,
    version: Option<Field>,
    respondent: Option<String>,
    role: Option<Field>,
    date: Option<Value<'a>>,
    complete: Option<bool>,
    answers: Option<DeTable<'a>>,
    /// What reading the header found wrong (types, unknown keys).
    problems: Vec<Problem>,
    /// A header field had a value of the wrong type.
    mistyped: bool,
}

/// The answers of a good file, by question index.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Indexed {
    pub respondent: Option<String>,
    pub role: Option<String>,
    pub date: Option<String>,
    /// As written by the file (`tandem run` marks an interview under way `false`).
    pub complete: bool,
    /// One per question; `None` when unanswered.
    pub answers: Vec<Option<Answer>>,
}

impl Indexed {
    /// The answer set, keyed by question id.
    pub fn into_set(self, q: &Questionnaire) -> AnswerSet {
        AnswerSet {
            questionnaire: q.id.to_string(),
            version: q.version.to_string(),
            respondent: self.respondent,
            role: self.role,
            date: self.date,
            complete: self.complete,
            answers: q
                .questions
                .iter()
                .zip(self.answers)
                .filter_map(|(x, a)| Some((x.id.to_string(), a?)))
                .collect(),
        }
    }
}

/// Reads the answers in `src` against `q`, whatever questionnaire the file names (it
/// is a problem when it names another). Every problem found is returned together,
/// sorted by position.
pub fn load(src: &SourceText, q: &Questionnaire) -> Result<AnswerSet> {
    let file = File::parse(src)?;
    file.header()?;
    Ok(file.read(q)?.into_set(q))
}

impl<'a> File<'a> {
    /// Parses `src` and reads its header. A syntax error, or a questionnaire given
    /// where answers were expected, is an error at once; other problems wait for
    /// [`File::header`] and [`File::read`], so that they are reported together.
    pub fn parse(src: &'a SourceText) -> Result<File<'a>> {
        let root = DeTable::parse(&src.text)
            .map_err(|e| src.toml_error(&e))?
            .into_inner();
        if root
            .get("questionnaire")
            .is_some_and(|v| v.get_ref().is_table())
        {
            return Err(Error::file(
                src.name.clone(),
                format!(
                    "is a questionnaire, not an answers file (check it with `tandem check {}`, or use it with `-q {}`)",
                    src.name, src.name
                ),
            ));
        }
        let mut file = File {
            src,
            questionnaire: None,
            version: None,
            respondent: None,
            role: None,
            date: None,
            complete: None,
            answers: None,
            problems: Vec::new(),
            mistyped: false,
        };
        for (key, value) in root {
            let (k, at) = (key.span().start, value.span().start);
            let field = |value| Field { value, key: k, at };
            match key.get_ref().as_ref() {
                "questionnaire" => file.questionnaire = file.typed(value).map(field),
                "version" => file.version = file.typed(value).map(field),
                "role" => file.role = file.typed(value).map(field),
                "respondent" => file.respondent = file.typed(value),
                "complete" => file.complete = file.typed(value),
                "date" => file.date = Some(value),
                "answers" if value.get_ref().is_table() => {
                    if let DeValue::Table(t) = value.into_inner() {
                        file.answers = Some(t);
                    }
                }
                "answers" => file.problems.push(not_a_table(src, value)),
                other => file
                    .problems
                    .push(src.problem_at(Some(k), format!("unknown key `{other}`"))),
            }
        }
        Ok(file)
    }

    /// A header field deserialised as `T`; a value of another type is a problem, in
    /// the toml crate's words.
    fn typed<T: Deserialize<'a>>(&mut self, value: Value<'a>) -> Option<T> {
        match T::deserialize(ValueDeserializer::from(value)) {
            Ok(v) => Some(v),
            Err(e) => {
                self.problems.push(self.src.toml_problem(&e));
                self.mistyped = true;
                None
            }
        }
    }

    /// The questionnaire id and version the file names, or why it names none.
    pub fn header(&self) -> Result<(String, String)> {
        match (&self.questionnaire, &self.version) {
            (Some(id), Some(v)) => Ok((id.value.clone(), v.value.clone())),
            // A field of the wrong type is what to fix, not the header it leaves short.
            _ if self.mistyped => Err(sorted(self.problems.clone())),
            (None, _) => Err(Error::Invalid(vec![self.src.problem_at(
                Some(0),
                "not an answers file: missing `questionnaire = \"ID\"` (which questionnaire it answers)",
            )])),
            (Some(id), None) => Err(Error::Invalid(vec![self.src.problem_at(
                Some(id.key),
                "answers file is missing `version` (the questionnaire version it answers)",
            )])),
        }
    }

    /// The answers, checked against `q`; every problem of the file when it has any.
    pub fn read(self, q: &Questionnaire) -> Result<Indexed> {
        let src = self.src;
        let mut problems = self.problems;
        let mut at = |offset: usize, msg: String| problems.push(src.problem_at(Some(offset), msg));
        let id = self.questionnaire.as_ref().map_or("", |f| f.value.as_str());
        if id != q.id {
            at(
                self.questionnaire.as_ref().map_or(0, |f| f.at),
                format!(
                    "answers questionnaire `{id}`, but the questionnaire used is `{}`",
                    q.id
                ),
            );
            // Every answer would be "unknown" too: one line says it all.
            return Err(sorted(problems));
        }
        if let Some(v) = &self.version
            && v.value != q.version
        {
            at(
                v.at,
                format!(
                    "answers version {} of `{id}`, but the questionnaire is version {}",
                    v.value, q.version
                ),
            );
        }
        let role = self.role.filter(|r| !r.value.is_empty());
        if let Some(r) = &role
            && q.role(&r.value).is_none()
        {
            let roles: Vec<&str> = q.roles.iter().map(|r| r.id.as_str()).collect();
            at(
                r.at,
                format!(
                    "unknown role `{}` (expected one of: {})",
                    r.value,
                    roles.join(", ")
                ),
            );
        }
        let date = match &self.date {
            None => None,
            Some(v) => read_date(v.get_ref()).unwrap_or_else(|msg| {
                at(v.span().start, msg);
                None
            }),
        };
        let mut answers = vec![None; q.questions.len()];
        for (key, value) in self.answers.unwrap_or_default() {
            let qid = key.get_ref();
            let Some(qi) = q.question_index(qid) else {
                at(
                    key.span().start,
                    format!("answer to unknown question `{qid}`"),
                );
                continue;
            };
            match read_answer(q, &q.questions[qi], &value) {
                Ok(a) => answers[qi] = a,
                Err((offset, msg)) => at(offset, format!("`{qid}`: {msg}")),
            }
        }
        if !problems.is_empty() {
            return Err(sorted(problems));
        }
        Ok(Indexed {
            respondent: self.respondent.filter(|s| !s.is_empty()),
            role: role.map(|r| r.value),
            date,
            complete: self.complete.unwrap_or(true),
            answers,
        })
    }
}

/// Problems in the order of their places in the file.
fn sorted(mut problems: Vec<Problem>) -> Error {
    problems.sort_by_key(|p| p.position);
    Error::Invalid(problems)
}

/// `answers` that is not a table, in the words the toml crate has for a wrong type.
fn not_a_table(src: &SourceText, value: Value<'_>) -> Problem {
    let at = value.span().start;
    let datetime = value.get_ref().is_datetime();
    match toml::Table::deserialize(ValueDeserializer::from(value)) {
        // A date reads as a table of one private key: say what it is instead.
        Ok(_) if datetime => src.problem_at(Some(at), "expected a table, found datetime"),
        Ok(_) => src.problem_at(Some(at), "expected a table"),
        Err(e) => src.toml_problem(&e),
    }
}

/// The date, if any: a string or TOML date, written YYYY-MM-DD, a day in the calendar.
fn read_date(v: &DeValue<'_>) -> std::result::Result<Option<String>, String> {
    let text = match v {
        DeValue::String(s) if s.is_empty() => return Ok(None),
        DeValue::String(s) if valid_date(s) => return Ok(Some(s.to_string())),
        DeValue::Datetime(d)
            if d.date.is_some() && d.time.is_none() && valid_date(&d.to_string()) =>
        {
            return Ok(Some(d.to_string()));
        }
        DeValue::String(s) => s.to_string(),
        DeValue::Datetime(d) => d.to_string(),
        _ => String::new(),
    };
    Err(if crate::date::well_formed(&text) {
        format!("`date` {text} is not a day in the calendar")
    } else {
        "`date` must be a date written YYYY-MM-DD".into()
    })
}

/// What is wrong with an answer, and where (the byte offset of the key or value).
type AnswerError = (usize, String);

/// One value against its question. `Ok(None)` is a blank (unanswered).
fn read_answer(
    q: &Questionnaire,
    question: &Question,
    v: &Value<'_>,
) -> std::result::Result<Option<Answer>, AnswerError> {
    let at = v.span().start;
    let err = |m: String| Err((at, m));
    let value = v.get_ref();
    if let DeValue::String(s) = value {
        if s.trim().is_empty() {
            return Ok(None);
        }
        if s == DONT_KNOW && !matches!(question.kind, Kind::Text) {
            return if question.dont_know {
                Ok(Some(Answer::DontKnow))
            } else {
                err("this question does not allow \"dont_know\"".into())
            };
        }
    }
    let opts = question.kind.options();
    let allowed = || {
        opts.iter()
            .map(|c| c.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match (&question.kind, value) {
        (Kind::Single { .. }, DeValue::String(s)) => match opts.iter().find(|c| c.id == **s) {
            Some(c) => Ok(Some(Answer::Choice(c.id.to_string()))),
            None => err(format!(
                "unknown option `{s}` (expected one of: {})",
                allowed()
            )),
        },
        (Kind::Multi { .. }, DeValue::Array(items)) => {
            read_ticks(opts, items).map(Some).or_else(err)
        }
        (Kind::Scale(sc), DeValue::Integer(i)) => match i64::deserialize(leaf(v)) {
            Ok(n) if n >= sc.min && n <= sc.max => Ok(Some(Answer::Value(n))),
            Ok(n) => err(format!("{n} is out of range {}..{}", sc.min, sc.max)),
            Err(_) => err(format!("{i} is out of range {}..{}", sc.min, sc.max)),
        },
        // `4.0` is the whole number 4 (spreadsheets write it so); `4.5` is refused below.
        (Kind::Scale(sc), DeValue::Float(_)) => match f64::deserialize(leaf(v)) {
            Ok(f) if f.fract() == 0.0 && (f < sc.min as f64 || f > sc.max as f64) => {
                err(format!("{f} is out of range {}..{}", sc.min, sc.max))
            }
            Ok(f) if f.fract() == 0.0 => Ok(Some(Answer::Value(f as i64))),
            _ => err(format!(
                "expected a whole number {}..{}, found float",
                sc.min, sc.max
            )),
        },
        (Kind::Scale(sc), DeValue::String(s)) => match s.trim().parse::<i64>() {
            Ok(n) if n >= sc.min && n <= sc.max => Ok(Some(Answer::Value(n))),
            Ok(n) => err(format!("{n} is out of range {}..{}", sc.min, sc.max)),
            Err(_) => err(format!(
                "expected a whole number {}..{}, found \"{s}\"",
                sc.min, sc.max
            )),
        },
        (Kind::Text, DeValue::String(s)) => Ok(Some(Answer::Text(s.to_string()))),
        (Kind::FiveWhys { max_whys, .. }, DeValue::Table(t)) => read_chain(q, t, *max_whys, at),
        (kind, other) => err(format!(
            "expected {}, found {}",
            match kind {
                Kind::Single { .. } => "an option id (a string)".to_string(),
                Kind::Multi { .. } => "a list of option ids".to_string(),
                Kind::Scale(sc) => format!("a whole number {}..{}", sc.min, sc.max),
                Kind::Text => "a string".to_string(),
                Kind::FiveWhys { .. } => "a table with symptom, whys and cause".to_string(),
            },
            other.type_str()
        )),
    }
}

/// A number's value, for the toml crate to convert as it converts any other.
fn leaf<'a>(v: &Value<'a>) -> ValueDeserializer<'a> {
    ValueDeserializer::from(v.clone())
}

/// A checklist's ticks, in questionnaire order so that files diff cleanly however
/// they were typed.
fn read_ticks(opts: &[Choice], items: &DeArray<'_>) -> std::result::Result<Answer, String> {
    let index = OptionIndex::new(opts);
    let mut seen = vec![false; opts.len()];
    let mut picked: Vec<usize> = Vec::with_capacity(items.len());
    for item in items.iter() {
        let DeValue::String(s) = item.get_ref() else {
            return Err(format!(
                "expected a list of option ids, found {}",
                item.get_ref().type_str()
            ));
        };
        match index.get(s) {
            Some(i) if seen[i] => return Err(format!("option `{s}` is ticked twice")),
            Some(i) => {
                seen[i] = true;
                picked.push(i);
            }
            None => {
                let ids: Vec<&str> = opts.iter().map(|c| c.id.as_str()).collect();
                return Err(format!(
                    "unknown option `{s}` (expected any of: {})",
                    ids.join(", ")
                ));
            }
        }
    }
    picked.sort_unstable();
    Ok(Answer::Choices(
        picked.into_iter().map(|i| opts[i].id.to_string()).collect(),
    ))
}

/// Option ids to indices for one checklist answer: a scan for a list of a few dozen (a
/// real checklist; building a map for it cost more than the scans), a map past that so
/// that ticking thousands of options stays linear.
enum OptionIndex<'a> {
    Scan(&'a [Choice]),
    Map(rustc_hash::FxHashMap<&'a str, usize>),
}

impl<'a> OptionIndex<'a> {
    fn new(opts: &'a [Choice]) -> Self {
        if opts.len() <= 32 {
            OptionIndex::Scan(opts)
        } else {
            let mut map = rustc_hash::FxHashMap::default();
            for (i, c) in opts.iter().enumerate().rev() {
                map.insert(c.id.as_str(), i);
            }
            OptionIndex::Map(map)
        }
    }
    fn get(&self, id: &str) -> Option<usize> {
        match self {
            OptionIndex::Scan(opts) => opts.iter().position(|c| c.id == id),
            OptionIndex::Map(map) => map.get(id).copied(),
        }
    }
}

/// A five-whys answer: `symptom`, `whys` and `cause`, at `at`.
fn read_chain(
    q: &Questionnaire,
    t: &DeTable<'_>,
    max_whys: usize,
    at: usize,
) -> std::result::Result<Option<Answer>, AnswerError> {
    for (k, _) in t.iter() {
        if !matches!(k.get_ref().as_ref(), "symptom" | "whys" | "cause") {
            return Err((
                k.span().start,
                format!(
                    "unknown key `{}` (a five-whys answer has symptom, whys and cause)",
                    k.get_ref()
                ),
            ));
        }
    }
    // A string, trimmed; `None` when the key is absent.
    let text = |key: &str, what: &str| match t.get(key) {
        None => Ok(None),
        Some(v) => match v.get_ref() {
            DeValue::String(s) => Ok(Some(s.trim().to_string())),
            o => Err((
                v.span().start,
                format!("{key} must be {what}, found {}", o.type_str()),
            )),
        },
    };
    let symptom = text("symptom", "a string")?.unwrap_or_default();
    let whys = match t.get("whys") {
        None => vec![],
        Some(v) => {
            let whys_at = v.span().start;
            let DeValue::Array(a) = v.get_ref() else {
                return Err((
                    whys_at,
                    format!(
                        "whys must be a list of strings, found {}",
                        v.get_ref().type_str()
                    ),
                ));
            };
            let mut out = Vec::with_capacity(a.len());
            for item in a.iter() {
                match item.get_ref() {
                    DeValue::String(s) if s.trim().is_empty() => {}
                    DeValue::String(s) => out.push(s.trim().to_string()),
                    o => {
                        return Err((
                            whys_at,
                            format!("whys must be strings, found {}", o.type_str()),
                        ));
                    }
                }
            }
            if out.len() > max_whys {
                return Err((
                    whys_at,
                    format!("{} whys given, at most {max_whys} are asked", out.len()),
                ));
            }
            out
        }
    };
    let cause = text("cause", "a cause id")?.filter(|c| !c.is_empty());
    if symptom.is_empty() && whys.is_empty() && cause.is_none() {
        return Ok(None);
    }
    if symptom.is_empty() {
        return Err((at, "a five-whys chain needs its `symptom`".into()));
    }
    if let Some(c) = &cause
        && c != OTHER_CAUSE
        && q.cause_index(c).is_none()
    {
        let ids: Vec<&str> = q.causes.iter().map(|c| c.id.as_str()).collect();
        let cause_at = t.get("cause").map_or(at, |v| v.span().start);
        return Err((
            cause_at,
            format!(
                "unknown cause `{c}` (expected `other` or one of: {})",
                ids.join(", ")
            ),
        ));
    }
    Ok(Some(Answer::Chain(Chain {
        symptom,
        whys,
        cause,
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bi() -> Questionnaire {
        let text = std::fs::read_to_string("tests/bad_inputs/q-valid.toml").unwrap();
        crate::questionnaire::parse(&SourceText::new("q.toml", text)).unwrap()
    }

    fn header(text: &str) -> Result<(String, String)> {
        File::parse(&SourceText::new("a.toml", text))?.header()
    }

    /// The header is whatever TOML says it is, however it is written.
    #[test]
    fn the_header_is_read_as_toml_reads_it() {
        let ok = |id: &str| Ok((id.to_string(), "1.0".to_string()));
        for (text, id) in [
            (
                "questionnaire = \"al\\u0069gnment\"\nversion = \"1.0\"\n",
                "alignment",
            ),
            (
                "note = \"\"\"\nversion = \"2.0\"\n\"\"\"\nquestionnaire = \"a\"\nversion = \"1.0\"\n",
                "a",
            ),
            ("questionnaire = 'a'\nversion = \"1.0\"\n", "a"),
            ("questionnaire = \"a\" # x\nversion = \"1.0\" # y\n", "a"),
            ("version = \"1.0\"\nquestionnaire = \"a\"\n", "a"),
        ] {
            assert_eq!(header(text).map_err(|e| e.to_string()), ok(id), "{text}");
        }
        let lines = |text: &str| header(text).unwrap_err().lines();
        // `version` inside `[answers]` is an answer, not the header's.
        assert_eq!(
            lines("questionnaire = \"a\"\n[answers]\nversion = \"1.0\"\n"),
            [
                "a.toml:1:1: answers file is missing `version` (the questionnaire version it answers)"
            ]
        );
        assert_eq!(
            lines("questionnaire = \"a\"\nversion = \"1.0\"\nversion = \"2.0\"\n"),
            ["a.toml:3:1: duplicate key `version`"]
        );
        assert_eq!(
            lines("respondent = \"A\"\n"),
            [
                "a.toml:1:1: not an answers file: missing `questionnaire = \"ID\"` (which questionnaire it answers)"
            ]
        );
        // A wrong type is what to fix, with anything else wrong in the header.
        assert_eq!(
            lines("questionnaire = 3\nrespondnet = \"A\"\n"),
            [
                "a.toml:1:17: expected a string, found whole number `3`",
                "a.toml:2:1: unknown key `respondnet`",
            ]
        );
    }

    /// A file with many problems has each reported once, in the order of the file,
    /// whichever part of the file each is in.
    #[test]
    fn every_problem_of_a_file_is_reported_once_in_order() {
        let text = "questionnaire = \"bi\"\nversion = \"2.0\"\nrespondent = 7\nrole = \"x\"\n\
                    date = \"2026-02-30\"\ncomplete = \"yes\"\ncolour = 1\n[answers]\nicp = 9\n\
                    metric = 1\nhates = [\"waste\", \"waste\"]\nmetrik = 1\n\
                    [answers.why]\nsymptom = \"S\"\ncause = \"budget\"\n";
        let err = load(&SourceText::new("a.toml", text), &bi()).unwrap_err();
        assert_eq!(
            err.lines(),
            [
                "a.toml:2:11: answers version 2.0 of `bi`, but the questionnaire is version 1.0",
                "a.toml:3:14: expected a string, found whole number `7`",
                "a.toml:4:8: unknown role `x` (expected one of: sales, marketing, leadership, other)",
                "a.toml:5:8: `date` 2026-02-30 is not a day in the calendar",
                "a.toml:6:12: expected a boolean, found string \"yes\"",
                "a.toml:7:1: unknown key `colour`",
                "a.toml:9:7: `icp`: 9 is out of range 1..5",
                "a.toml:10:10: `metric`: expected an option id (a string), found integer",
                "a.toml:11:9: `hates`: option `waste` is ticked twice",
                "a.toml:12:1: answer to unknown question `metrik`",
                "a.toml:15:9: `why`: unknown cause `budget` (expected `other` or one of: no-icp, split)",
            ]
        );
    }

    /// Numbers are read as the toml crate reads them; one too large for any scale is
    /// out of range, not an error about integer types.
    #[test]
    fn scale_answers_of_any_toml_number() {
        let q = bi();
        let read = |v: &str| {
            let text = format!("questionnaire = \"bi\"\nversion = \"1.0\"\n[answers]\nicp = {v}\n");
            load(&SourceText::new("a.toml", text), &q)
                .map(|s| s.answers.get("icp").cloned())
                .map_err(|e| e.lines().join("\n"))
        };
        for v in [
            "4", "+4", "0x4", "0o4", "0b100", "4.0", "4e0", "\"4\"", "\" 4 \"",
        ] {
            assert_eq!(read(v), Ok(Some(Answer::Value(4))), "{v}");
        }
        assert_eq!(read("\"\""), Ok(None));
        let out = |n: &str| Err(format!("a.toml:4:7: `icp`: {n} is out of range 1..5"));
        assert_eq!(read("99999999999999999999"), out("99999999999999999999"));
        assert_eq!(
            read("-9_223_372_036_854_775_809"),
            out("-9223372036854775809")
        );
        assert_eq!(
            read("1e400"),
            Err("a.toml:4:7: `icp`: expected a whole number 1..5, found float".into())
        );
        assert_eq!(read("9.0"), out("9"));
        for v in ["nan", "inf", "-inf", "4.5"] {
            let want = "a.toml:4:7: `icp`: expected a whole number 1..5, found float";
            assert_eq!(read(v), Err(want.into()), "{v}");
        }
    }

    /// `answers` must be a table; a date there is called a date.
    #[test]
    fn answers_that_are_not_a_table() {
        let q = bi();
        for (v, found) in [
            ("3", "whole number `3`"),
            ("\"x\"", "string \"x\""),
            ("[1]", "list"),
            ("2026-01-01", "datetime"),
        ] {
            let text = format!("questionnaire = \"bi\"\nversion = \"1.0\"\nanswers = {v}\n");
            let err = load(&SourceText::new("a.toml", text), &q).unwrap_err();
            assert_eq!(
                err.lines(),
                [format!("a.toml:3:11: expected a table, found {found}")]
            );
        }
    }
}
