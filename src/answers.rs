//! Answers files: one respondent's answers to one questionnaire, as TOML that people
//! can read, edit and diff. Reading validates against the questionnaire; writing is
//! atomic (temporary file + rename in the same folder), so a crash never leaves half
//! a file.

use crate::questionnaire::{DONT_KNOW, Kind, Questionnaire};
use crate::tomlfile::{key, quote};
use std::collections::BTreeMap;

mod read;
pub use read::{File, Indexed, load};

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

/// A real day written YYYY-MM-DD (see [`crate::date::parse`]).
pub fn valid_date(s: &str) -> bool {
    crate::date::parse(s).is_some()
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
