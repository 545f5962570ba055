//! Answers files: one respondent's answers to one questionnaire, as TOML that people
//! can read, edit and diff. Reading validates against the questionnaire; writing is
//! atomic (temporary file + rename in the same folder), so a crash never leaves half
//! a file.

use crate::error::{Error, Problem, Result};
use crate::questionnaire::{DONT_KNOW, Kind, OTHER_CAUSE, Questionnaire};
use crate::tomlfile::{KeyPath, SourceText, key, quote};
use serde::Deserialize;
use std::collections::BTreeMap;

pub(crate) mod fast;
pub(crate) mod scan;

#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    DontKnow,
    /// A single-choice option id.
    Choice(String),
    /// Ticked checklist option ids (possibly none).
    Choices(Vec<String>),
    /// A scale value.
    Value(i64),
    Text(String),
    Chain(Chain),
}

/// A five-whys chain: the symptom, the answers to "why?", and the cause it was tagged with.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Chain {
    pub symptom: String,
    pub whys: Vec<String>,
    /// A cause id or `other`.
    pub cause: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct AnswerSet {
    pub questionnaire: String,
    pub version: String,
    pub respondent: Option<String>,
    pub role: Option<String>,
    pub date: Option<String>,
    /// As written by the file (`tandem run` marks an interview under way `false`).
    pub complete: bool,
    /// By question id; unanswered questions are absent.
    pub answers: BTreeMap<String, Answer>,
}

/// The answers file as written, before it is checked against its questionnaire.
#[derive(Debug, Default, Deserialize)]
pub struct RawAnswers {
    pub questionnaire: Option<String>,
    pub version: Option<String>,
    pub respondent: Option<String>,
    pub role: Option<String>,
    pub date: Option<toml::Value>,
    pub complete: Option<bool>,
    #[serde(default)]
    pub answers: toml::Table,
}

/// Parses an answers file's TOML (syntax, types, unknown keys) without the questionnaire.
pub fn parse_raw(src: &SourceText) -> Result<(RawAnswers, Vec<Problem>)> {
    let (raw, problems): (RawAnswers, Vec<Problem>) = src
        .deserialize()
        .map_err(|e| crate::tomlfile::wrong_kind(src, e, crate::tomlfile::FileKind::Answers))?;
    Ok((raw, problems))
}

/// The questionnaire id and version an answers file names, or a positioned error.
pub fn header(src: &SourceText, raw: &RawAnswers) -> Result<(String, String)> {
    let root = KeyPath::root();
    match (&raw.questionnaire, &raw.version) {
        (Some(id), Some(v)) => Ok((id.clone(), v.clone())),
        (None, _) => Err(Error::Invalid(vec![src.problem(
            &root,
            false,
            "not an answers file: missing `questionnaire = \"ID\"` (which questionnaire it answers)",
        )])),
        (Some(_), None) => Err(Error::Invalid(vec![src.problem(
            &root.key("questionnaire"),
            true,
            "answers file is missing `version` (the questionnaire version it answers)",
        )])),
    }
}

/// Checks the raw answers against the questionnaire; returns the answers when there is
/// no problem. Every problem is reported, each at its key.
pub fn interpret(
    src: &SourceText,
    raw: &RawAnswers,
    q: &Questionnaire,
) -> (Option<AnswerSet>, Vec<Problem>) {
    let root = KeyPath::root();
    let mut problems = Vec::new();
    let mut at =
        |path: &KeyPath, key: bool, msg: String| problems.push(src.problem(path, key, msg));

    let id = raw.questionnaire.clone().unwrap_or_default();
    let version = raw.version.clone().unwrap_or_default();
    if id != q.id {
        at(
            &root.key("questionnaire"),
            false,
            format!(
                "answers questionnaire `{id}`, but the questionnaire used is `{}`",
                q.id
            ),
        );
        // Every answer would be "unknown" too: one line says it all.
        return (None, problems);
    } else if version != q.version {
        at(
            &root.key("version"),
            false,
            format!(
                "answers version {version} of `{id}`, but the questionnaire is version {}",
                q.version
            ),
        );
    }
    if let Some(role) = &raw.role
        && !role.is_empty()
        && q.role(role).is_none()
    {
        let roles: Vec<&str> = q.roles.iter().map(|r| r.id.as_str()).collect();
        at(
            &root.key("role"),
            false,
            format!(
                "unknown role `{role}` (expected one of: {})",
                roles.join(", ")
            ),
        );
    }
    let date = match &raw.date {
        None => None,
        Some(toml::Value::String(s)) if s.is_empty() => None,
        Some(toml::Value::String(s)) if valid_date(s) => Some(s.clone()),
        Some(toml::Value::Datetime(d))
            if d.date.is_some() && d.time.is_none() && valid_date(&d.to_string()) =>
        {
            Some(d.to_string())
        }
        Some(v) => {
            let text = match v {
                toml::Value::String(s) => s.clone(),
                toml::Value::Datetime(d) => d.to_string(),
                _ => String::new(),
            };
            let msg = if crate::date::well_formed(&text) {
                format!("`date` {text} is not a day in the calendar")
            } else {
                "`date` must be a date written YYYY-MM-DD".into()
            };
            at(&root.key("date"), false, msg);
            None
        }
    };

    let ap = root.key("answers");
    let mut answers = BTreeMap::new();
    for (qid, value) in &raw.answers {
        let Some(qi) = q.question_index(qid) else {
            at(
                &ap.key(qid),
                true,
                format!("answer to unknown question `{qid}`"),
            );
            continue;
        };
        let question = &q.questions[qi];
        match read_answer(question, value) {
            Ok(Some(a)) => {
                answers.insert(qid.clone(), a);
            }
            Ok(None) => {}
            Err((sub, msg)) => {
                let path = sub.iter().fold(ap.key(qid), |p, s| p.key(s));
                // An unknown key is pointed at by its name, anything else by its value.
                let at_key = msg.starts_with("unknown key");
                at(&path, at_key, format!("`{qid}`: {msg}"));
            }
        }
    }
    if problems.is_empty() {
        let set = AnswerSet {
            questionnaire: id,
            version,
            respondent: raw.respondent.clone().filter(|s| !s.is_empty()),
            role: raw.role.clone().filter(|s| !s.is_empty()),
            date,
            complete: raw.complete.unwrap_or(true),
            answers,
        };
        (Some(set), problems)
    } else {
        (None, problems)
    }
}

/// A real day written YYYY-MM-DD (see [`crate::date::parse`]).
pub fn valid_date(s: &str) -> bool {
    crate::date::parse(s).is_some()
}

type AnswerError = (Vec<String>, String);

/// One value against its question. `Ok(None)` is a blank (unanswered).
fn read_answer(
    question: &crate::questionnaire::Question,
    v: &toml::Value,
) -> std::result::Result<Option<Answer>, AnswerError> {
    use toml::Value as V;
    let err = |m: String| Err((vec![], m));
    if let V::String(s) = v {
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
    match (&question.kind, v) {
        (Kind::Single { .. }, V::String(s)) => {
            if opts.iter().any(|c| c.id == *s) {
                Ok(Some(Answer::Choice(s.clone())))
            } else {
                err(format!(
                    "unknown option `{s}` (expected one of: {})",
                    allowed()
                ))
            }
        }
        (Kind::Multi { .. }, V::Array(items)) => {
            let index = OptionIndex::new(opts);
            let mut seen = vec![false; opts.len()];
            let mut picked: Vec<(usize, &String)> = Vec::with_capacity(items.len());
            for item in items {
                match item {
                    V::String(s) => match index.get(s) {
                        Some(i) if seen[i] => {
                            return err(format!("option `{s}` is ticked twice"));
                        }
                        Some(i) => {
                            seen[i] = true;
                            picked.push((i, s));
                        }
                        None => {
                            return err(format!(
                                "unknown option `{s}` (expected any of: {})",
                                allowed()
                            ));
                        }
                    },
                    other => {
                        return err(format!(
                            "expected a list of option ids, found {}",
                            other.type_str()
                        ));
                    }
                }
            }
            // Stored in questionnaire order so files diff cleanly however they were typed.
            picked.sort_by_key(|p| p.0);
            Ok(Some(Answer::Choices(
                picked.into_iter().map(|(_, s)| s.clone()).collect(),
            )))
        }
        (Kind::Scale(sc), V::Integer(n)) => {
            if *n < sc.min || *n > sc.max {
                err(format!("{n} is out of range {}..{}", sc.min, sc.max))
            } else {
                Ok(Some(Answer::Value(*n)))
            }
        }
        // `4.0` is the whole number 4 (spreadsheets write it so); `4.5` is refused below.
        (Kind::Scale(sc), V::Float(f)) if f.fract() == 0.0 => {
            if *f < sc.min as f64 || *f > sc.max as f64 {
                err(format!("{f} is out of range {}..{}", sc.min, sc.max))
            } else {
                Ok(Some(Answer::Value(*f as i64)))
            }
        }
        (Kind::Scale(sc), V::String(s)) => match s.trim().parse::<i64>() {
            Ok(n) if n >= sc.min && n <= sc.max => Ok(Some(Answer::Value(n))),
            Ok(n) => err(format!("{n} is out of range {}..{}", sc.min, sc.max)),
            Err(_) => err(format!(
                "expected a whole number {}..{}, found \"{s}\"",
                sc.min, sc.max
            )),
        },
        (Kind::Text, V::String(s)) => Ok(Some(Answer::Text(s.clone()))),
        (Kind::FiveWhys { max_whys, .. }, V::Table(t)) => read_chain(t, *max_whys),
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

/// Option ids to indices for one checklist answer: a scan for a short list, a map past
/// that so that ticking thousands of options stays linear.
enum OptionIndex<'a> {
    Scan(&'a [crate::questionnaire::Choice]),
    Map(rustc_hash::FxHashMap<&'a str, usize>),
}

impl<'a> OptionIndex<'a> {
    fn new(opts: &'a [crate::questionnaire::Choice]) -> Self {
        if opts.len() <= 8 {
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

fn read_chain(
    t: &toml::Table,
    max_whys: usize,
) -> std::result::Result<Option<Answer>, AnswerError> {
    use toml::Value as V;
    for k in t.keys() {
        if !matches!(k.as_str(), "symptom" | "whys" | "cause") {
            return Err((
                vec![k.clone()],
                format!("unknown key `{k}` (a five-whys answer has symptom, whys and cause)"),
            ));
        }
    }
    let symptom = match t.get("symptom") {
        None => String::new(),
        Some(V::String(s)) => s.trim().to_string(),
        Some(o) => {
            return Err((
                vec!["symptom".to_string()],
                format!("symptom must be a string, found {}", o.type_str()),
            ));
        }
    };
    let whys = match t.get("whys") {
        None => vec![],
        Some(V::Array(a)) => {
            let mut out = Vec::new();
            for v in a {
                match v {
                    V::String(s) if s.trim().is_empty() => {}
                    V::String(s) => out.push(s.trim().to_string()),
                    o => {
                        return Err((
                            vec!["whys".to_string()],
                            format!("whys must be strings, found {}", o.type_str()),
                        ));
                    }
                }
            }
            out
        }
        Some(o) => {
            return Err((
                vec!["whys".to_string()],
                format!("whys must be a list of strings, found {}", o.type_str()),
            ));
        }
    };
    if whys.len() > max_whys {
        return Err((
            vec!["whys".to_string()],
            format!("{} whys given, at most {max_whys} are asked", whys.len()),
        ));
    }
    let cause = match t.get("cause") {
        None => None,
        Some(V::String(s)) if s.trim().is_empty() => None,
        Some(V::String(s)) => Some(s.trim().to_string()),
        Some(o) => {
            return Err((
                vec!["cause".to_string()],
                format!("cause must be a cause id, found {}", o.type_str()),
            ));
        }
    };
    if symptom.is_empty() && whys.is_empty() && cause.is_none() {
        return Ok(None);
    }
    if symptom.is_empty() {
        return Err((vec![], "a five-whys chain needs its `symptom`".into()));
    }
    Ok(Some(Answer::Chain(Chain {
        symptom,
        whys,
        cause,
    })))
}

/// Full load: parse, find nothing wrong, return the answers.
pub fn load(src: &SourceText, q: &Questionnaire) -> Result<AnswerSet> {
    if let Some(set) = fast::load(&src.text, q) {
        return Ok(set);
    }
    let (raw, mut problems) = parse_raw(src)?;
    let (set, more) = interpret(src, &raw, q);
    problems.extend(more);
    check_causes(src, &set, q, &mut problems);
    match set {
        Some(s) if problems.is_empty() => Ok(s),
        _ => {
            problems.sort_by_key(|a| a.position);
            Err(Error::Invalid(problems))
        }
    }
}

/// Five-whys chains must be tagged with a cause the questionnaire has (or `other`).
pub fn check_causes(
    src: &SourceText,
    set: &Option<AnswerSet>,
    q: &Questionnaire,
    problems: &mut Vec<Problem>,
) {
    let Some(set) = set else { return };
    for (qid, a) in &set.answers {
        if let Answer::Chain(Chain { cause: Some(c), .. }) = a
            && c != OTHER_CAUSE
            && q.cause_index(c).is_none()
        {
            let ids: Vec<&str> = q.causes.iter().map(|c| c.id.as_str()).collect();
            problems.push(src.problem(
                &KeyPath::root().key("answers").key(qid).key("cause"),
                false,
                format!(
                    "`{qid}`: unknown cause `{c}` (expected `other` or one of: {})",
                    ids.join(", ")
                ),
            ));
        }
    }
}

// ---------------------------------------------------------------------------------
// Writing

/// One line of comment, whatever the text holds (newlines would end the comment).
/// Comment lines for a text, wrapped for an editor: a newline in the text would end
/// the comment, so whitespace is folded first and control characters dropped. An
/// option line (`"id" = label`) keeps its continuation lines indented under it.
fn comment_line(s: &str) -> String {
    let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let clean: String = flat.chars().filter(|c| !c.is_control()).collect();
    let indent = if clean.starts_with('"') {
        "#     "
    } else {
        "# "
    };
    let opts = textwrap::Options::new(90)
        .initial_indent("# ")
        .subsequent_indent(indent)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .break_words(false);
    textwrap::wrap(&clean, opts).join("\n")
}

/// Renders an answers file. With `template`, every question is written (blank when
/// unanswered) with comments giving the allowed values; otherwise answered questions
/// only, each under a one-line comment with its text.
pub fn to_toml(q: &Questionnaire, set: &AnswerSet, template: bool) -> String {
    render(
        q,
        &Head::of(set),
        &|_, x| set.answers.get(x.id.as_str()),
        template,
        None,
        String::new(),
    )
}

/// Answers files for one questionnaire, many at a time (`tandem import`): what is the
/// same in every file (each question's comment, key and quoted option ids) is worked
/// out once, not per file, and the answers may be given by question index.
pub struct FileWriter<'q> {
    q: &'q Questionnaire,
    /// Each question's comment lines, by question index.
    notes: Vec<String>,
    /// Each question's key, as written.
    keys: Vec<String>,
    /// Each question's option ids, quoted, as written.
    options: Vec<Vec<(String, String)>>,
}

impl<'q> FileWriter<'q> {
    pub fn new(q: &'q Questionnaire) -> Self {
        let notes = q
            .questions
            .iter()
            .map(|x| {
                let mut w = String::new();
                comments(&mut w, q, x, false);
                w
            })
            .collect();
        let keys = q.questions.iter().map(|x| key(&x.id)).collect();
        let options = q
            .questions
            .iter()
            .map(|x| {
                x.kind
                    .options()
                    .iter()
                    .map(|o| (o.id.to_string(), quote(&o.id)))
                    .collect()
            })
            .collect();
        FileWriter {
            q,
            notes,
            keys,
            options,
        }
    }

    /// What [`to_toml`] writes for `set` (not a template).
    pub fn file(&self, set: &AnswerSet) -> String {
        let answer = |_, x: &crate::questionnaire::Question| set.answers.get(x.id.as_str());
        render(
            self.q,
            &Head::of(set),
            &answer,
            false,
            Some(self),
            String::new(),
        )
    }

    /// [`FileWriter::file`] for a complete answer set given by question index (one
    /// answer or `None` per question), with no map keyed by id to build, written after
    /// `out` (a heading).
    pub fn file_by_index(
        &self,
        out: String,
        respondent: Option<&str>,
        role: Option<&str>,
        date: Option<&str>,
        answers: &[Option<Answer>],
    ) -> String {
        let head = Head {
            respondent,
            role,
            date,
            complete: true,
        };
        let answer = |qi: usize, _: &crate::questionnaire::Question| answers.get(qi)?.as_ref();
        render(self.q, &head, &answer, false, Some(self), out)
    }

    /// A choice's option id as written, quoted once here when it is one of the options.
    fn option(&self, qi: usize, id: &str, w: &mut String) {
        match self.options[qi].iter().find(|(o, _)| o == id) {
            Some((_, quoted)) => w.push_str(quoted),
            None => w.push_str(&quote(id)),
        }
    }

    /// One answer's line, as [`render`] writes it without a writer.
    fn line(&self, qi: usize, a: &Answer, w: &mut String) {
        w.push_str(&self.keys[qi]);
        w.push_str(" = ");
        match a {
            Answer::Choice(s) => self.option(qi, s, w),
            Answer::Choices(v) => {
                w.push('[');
                for (k, s) in v.iter().enumerate() {
                    if k > 0 {
                        w.push_str(", ");
                    }
                    self.option(qi, s, w);
                }
                w.push(']');
            }
            Answer::Value(n) => {
                use std::fmt::Write;
                let _ = write!(w, "{n}");
            }
            other => w.push_str(&value_toml(other)),
        }
        w.push('\n');
    }
}

/// An answers file's respondent fields.
struct Head<'a> {
    respondent: Option<&'a str>,
    role: Option<&'a str>,
    date: Option<&'a str>,
    complete: bool,
}

impl<'a> Head<'a> {
    fn of(set: &'a AnswerSet) -> Self {
        Head {
            respondent: set.respondent.as_deref(),
            role: set.role.as_deref(),
            date: set.date.as_deref(),
            complete: set.complete,
        }
    }
}

/// [`to_toml`], the answers given by `answer` (question index, question), with what
/// every file shares from `writer` when there is one.
fn render<'a>(
    q: &Questionnaire,
    head: &Head<'_>,
    answer: &dyn Fn(usize, &crate::questionnaire::Question) -> Option<&'a Answer>,
    template: bool,
    writer: Option<&FileWriter<'_>>,
    mut out: String,
) -> String {
    let note = |w: &mut String, qi: usize, question| match writer {
        Some(fw) => w.push_str(&fw.notes[qi]),
        None => comments(w, q, question, template),
    };
    let w = &mut out;
    if template {
        // Every text from the questionnaire goes through `comment_line`: a newline in a
        // title must not start a TOML line of its own.
        w.push_str(&comment_line(&format!(
            "Answers for \"{}\" ({} {}).",
            q.title.replace('"', "'"),
            q.id,
            q.version
        )));
        w.push('\n');
        w.push_str(
            "# Fill in the blanks (\"\" = not answered yet), then: tandem score THIS_FILE\n",
        );
        w.push_str("# A question whose \"Asked only if\" condition does not hold is left out of the score.\n\n");
    }
    w.push_str(&format!("questionnaire = {}\n", quote(&q.id)));
    w.push_str(&format!("version = {}\n", quote(&q.version)));
    let roles: Vec<&str> = q.roles.iter().map(|r| r.id.as_str()).collect();
    w.push_str(&format!(
        "respondent = {}\n",
        quote(head.respondent.unwrap_or(""))
    ));
    if template {
        w.push_str(&comment_line(&format!("one of: {}", roles.join(", "))));
        w.push('\n');
    }
    w.push_str(&format!("role = {}\n", quote(head.role.unwrap_or(""))));
    w.push_str(&format!("date = {}\n", quote(head.date.unwrap_or(""))));
    if !template {
        // Completeness is worked out from the answers; the flag records an interview
        // still under way, so a hand-filled template has no use for it.
        w.push_str(&format!("complete = {}\n", head.complete));
    }
    w.push_str("\n[answers]\n");
    let mut chains = Vec::new();
    let mut section = None;
    for (qi, question) in q.questions.iter().enumerate() {
        let answer = answer(qi, question);
        if !template && answer.is_none() {
            continue;
        }
        // A template made for one role leaves out the questions other roles answer.
        if template && answer.is_none() && !question.for_role(head.role) {
            continue;
        }
        if let Kind::FiveWhys { .. } = question.kind {
            chains.push((qi, question, answer));
            continue;
        }
        if template && question.dimension != section && question.dimension.is_some() {
            section = question.dimension;
            let d = &q.dimensions[question.dimension.unwrap_or(0)];
            w.push('\n');
            w.push_str(&comment_line(&format!("── {} ──", d.name)));
            w.push('\n');
        }
        if template {
            w.push('\n');
        }
        note(w, qi, question);
        if let (Some(fw), Some(a)) = (writer, answer) {
            fw.line(qi, a, w);
            continue;
        }
        let value = match answer {
            None => "\"\"".to_string(),
            Some(a) => value_toml(a),
        };
        w.push_str(&format!("{} = {}\n", key(&question.id), value));
    }
    for (qi, question, answer) in chains {
        w.push('\n');
        note(w, qi, question);
        w.push_str(&format!("[answers.{}]\n", key(&question.id)));
        let chain = match answer {
            Some(Answer::Chain(c)) => c.clone(),
            _ => Chain::default(),
        };
        w.push_str(&format!("symptom = {}\n", quote(&chain.symptom)));
        if chain.whys.is_empty() {
            w.push_str("whys = []\n");
        } else {
            w.push_str("whys = [\n");
            for y in &chain.whys {
                w.push_str(&format!("  {},\n", quote(y)));
            }
            w.push_str("]\n");
        }
        w.push_str(&format!(
            "cause = {}\n",
            quote(chain.cause.as_deref().unwrap_or(""))
        ));
    }
    out
}

/// The comment above a question: its text, and in a template what may be answered.
fn comments(
    w: &mut String,
    q: &Questionnaire,
    question: &crate::questionnaire::Question,
    template: bool,
) {
    let lines = if template {
        describe(q, question)
    } else {
        vec![question.text.to_string()]
    };
    for line in lines {
        w.push_str(&comment_line(&line));
        w.push('\n');
    }
}

fn value_toml(a: &Answer) -> String {
    match a {
        Answer::DontKnow => quote(DONT_KNOW),
        Answer::Choice(s) | Answer::Text(s) => quote(s),
        Answer::Choices(v) => format!(
            "[{}]",
            v.iter().map(|s| quote(s)).collect::<Vec<_>>().join(", ")
        ),
        Answer::Value(n) => n.to_string(),
        Answer::Chain(_) => String::new(),
    }
}

/// The comment lines the template writes above a question.
fn describe(q: &Questionnaire, question: &crate::questionnaire::Question) -> Vec<String> {
    let mut lines = vec![question.text.to_string()];
    if !question.help.is_empty() {
        lines.push(question.help.to_string());
    }
    if let Some(c) = &question.ask_if {
        lines.push(format!(
            "Asked only if `{}` {}.",
            q.questions[c.question].id,
            describe_tests(&c.tests)
        ));
    }
    if !question.roles.is_empty() {
        let names: Vec<&str> = question
            .roles
            .iter()
            .map(|r| q.role(r).map_or(r.as_str(), |x| x.name.as_str()))
            .collect();
        lines.push(format!(
            "Only for: {} (other roles leave it out).",
            names.join(", ")
        ));
    }
    let dk = if question.dont_know {
        format!(", or \"{DONT_KNOW}\"")
    } else {
        String::new()
    };
    match &question.kind {
        Kind::Single { options } => {
            lines.push(format!(
                "One of{}:",
                if dk.is_empty() {
                    ""
                } else {
                    " (or \"dont_know\")"
                }
            ));
            for o in options {
                lines.push(option_line(o));
            }
        }
        Kind::Multi { options } => {
            lines.push(format!("A list of any of these ([] = none apply){dk}:"));
            for o in options {
                lines.push(option_line(o));
            }
        }
        Kind::Scale(sc) => {
            let mut s = format!("A whole number {}..{}", sc.min, sc.max);
            if !sc.labels.is_empty() {
                let parts: Vec<String> = (sc.min..=sc.max)
                    .map(|v| format!("{v} = {}", sc.label(v).unwrap_or("")))
                    .collect();
                s.push_str(&format!(" ({})", parts.join("; ")));
            }
            s.push_str(&dk);
            lines.push(s);
        }
        Kind::Text => lines.push("Free text.".into()),
        Kind::FiveWhys { max_whys, .. } => {
            lines.push(format!(
                "Five whys: the symptom that hurts most, up to {max_whys} answers to \"why?\", each the reason for the one before, and the root cause the chain ends at."
            ));
            let ids: Vec<&str> = q.causes.iter().map(|c| c.id.as_str()).collect();
            lines.push(format!("cause: one of {}, or \"other\".", ids.join(", ")));
        }
    }
    lines
}

/// `"id" = label`, and what the option means when the rubric says.
fn option_line(o: &crate::questionnaire::Choice) -> String {
    if o.help.is_empty() {
        format!("  \"{}\" = {}", o.id, o.label)
    } else {
        format!("  \"{}\" = {} ({})", o.id, o.label, o.help)
    }
}

fn describe_tests(tests: &[crate::questionnaire::Test]) -> String {
    use crate::questionnaire::Test::*;
    tests
        .iter()
        .map(|t| match t {
            Equals(s) => format!("is \"{s}\""),
            EqualsValue(n) => format!("is {n}"),
            AnyOf(v) => format!("is one of {}", v.join(", ")),
            Includes(s) => format!("includes \"{s}\""),
            AtLeast(n) => format!("is at least {n}"),
            AtMost(n) => format!("is at most {n}"),
            Answered => "is answered".to_string(),
        })
        .collect::<Vec<_>>()
        .join(" and ")
}

pub use crate::atomic::atomic_write;

/// The options a checklist answer ticks, as a set: thousands of ticks must cost
/// thousands of look-ups, not millions.
pub fn ticked(ids: &[String]) -> std::collections::HashSet<&str> {
    ids.iter().map(String::as_str).collect()
}

/// The ticks of a checklist answer, asked one option at a time: a scan for the few
/// ticks of a real checklist (no allocation), a set past that so thousands of ticks
/// stay linear.
pub enum Ticks<'a> {
    Few(&'a [String]),
    Many(rustc_hash::FxHashSet<&'a str>),
}

impl<'a> Ticks<'a> {
    pub fn of(ids: &'a [String]) -> Ticks<'a> {
        if ids.len() <= 16 {
            Ticks::Few(ids)
        } else {
            Ticks::Many(ids.iter().map(String::as_str).collect())
        }
    }
    pub fn contains(&self, id: &str) -> bool {
        match self {
            Ticks::Few(ids) => ids.iter().any(|x| x == id),
            Ticks::Many(set) => set.contains(id),
        }
    }
}
