//! Forms: build a form for a questionnaire in the tools people already use (Google
//! Forms through Apps Script, SurveyJS, a spreadsheet), and read their responses back
//! as answers. Export and import share one list of form fields ([`fields`]), so every
//! column a tool exports maps back to exactly one field. Formats: docs/FORMS.md.

pub mod export;
pub mod import;

use crate::questionnaire::{Kind, Question, Questionnaire, Test};

/// The part of a question a form field carries: five-whys chains take three fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    Answer,
    Symptom,
    Whys,
    Cause,
}

/// Fields about the respondent rather than a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Meta {
    Respondent,
    Email,
    Role,
    /// A date or timestamp column; the higher rank wins when a row has several
    /// (an explicit date over a completion time over a start time).
    Date(u8),
}

/// What a column of a response export holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    Meta(Meta),
    /// Question index and part.
    Question(usize, Part),
    /// A column the tool adds that carries no answer (IDs, quiz points, …).
    Ignore,
}

/// One field of the form, as every export writes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub target: Target,
    /// The column name in the CSV template and the SurveyJS question name.
    pub key: String,
    /// The title people see, and the column header Google and Microsoft Forms export.
    pub title: String,
}

/// The checklist choice meaning "none of the options apply" (`[]` in an answers file):
/// forms cannot tell an empty checklist from an unanswered one.
pub const NONE_LABEL: &str = "None of these";
/// The root-cause choice for a chain that ends outside the questionnaire's causes.
pub const OTHER_LABEL: &str = "Other: none of these";
pub const NAME_TITLE: &str = "Your name";
pub const ROLE_TITLE: &str = "Your role";
pub const DATE_TITLE: &str = "Date";

/// A respondent field's key: the plain word, unless a question already uses it as id.
pub fn meta_key(q: &Questionnaire, word: &str) -> String {
    if q.question_index(word).is_some() {
        format!("tandem-{word}")
    } else {
        word.to_string()
    }
}

/// The form's fields in order: name, role, date, then every question (a chain as
/// symptom, whys and cause).
pub fn fields(q: &Questionnaire) -> Vec<Field> {
    let mut out = vec![
        Field {
            target: Target::Meta(Meta::Respondent),
            key: meta_key(q, "respondent"),
            title: NAME_TITLE.into(),
        },
        Field {
            target: Target::Meta(Meta::Role),
            key: meta_key(q, "role"),
            title: ROLE_TITLE.into(),
        },
        Field {
            target: Target::Meta(Meta::Date(3)),
            key: meta_key(q, "date"),
            title: DATE_TITLE.into(),
        },
    ];
    for (qi, question) in q.questions.iter().enumerate() {
        let parts: &[Part] = match question.kind {
            Kind::FiveWhys { .. } => &[Part::Symptom, Part::Whys, Part::Cause],
            _ => &[Part::Answer],
        };
        for &part in parts {
            out.push(Field {
                target: Target::Question(qi, part),
                key: part_key(question, part),
                title: part_title(question, part),
            });
        }
    }
    out
}

pub fn part_key(question: &Question, part: Part) -> String {
    match part {
        Part::Answer => question.id.to_string(),
        Part::Symptom => format!("{}.symptom", question.id),
        Part::Whys => format!("{}.whys", question.id),
        Part::Cause => format!("{}.cause", question.id),
    }
}

pub fn part_title(question: &Question, part: Part) -> String {
    let max = match question.kind {
        Kind::FiveWhys { max_whys, .. } => max_whys,
        _ => 0,
    };
    match part {
        Part::Answer => question.text.to_string(),
        Part::Symptom => format!("{} (symptom)", question.text),
        Part::Whys => format!("{} (why? one answer per line, up to {max})", question.text),
        Part::Cause => format!("{} (root cause)", question.text),
    }
}

/// Text compared case- and spacing-insensitively: lower case, runs of white space
/// (line breaks included) as one space, trimmed.
pub fn norm(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// "Answer only if …" for a conditional question, in words, for form help texts.
pub fn condition_text(q: &Questionnaire, question: &Question) -> Option<String> {
    let roles = roles_text(q, question);
    match (roles, ask_if_text(q, question)) {
        (Some(r), Some(c)) => Some(format!("{r} {c}")),
        (r, c) => r.or(c),
    }
}

/// "Only for: Sales, Marketing." for a question some roles answer (`roles`).
fn roles_text(q: &Questionnaire, question: &Question) -> Option<String> {
    if question.roles.is_empty() {
        return None;
    }
    let names: Vec<&str> = question
        .roles
        .iter()
        .map(|r| q.role(r).map_or(r.as_str(), |x| x.name.as_str()))
        .collect();
    Some(format!("Only for: {}.", names.join(", ")))
}

fn ask_if_text(q: &Questionnaire, question: &Question) -> Option<String> {
    let cond = question.ask_if.as_ref()?;
    let earlier = &q.questions[cond.question];
    let label = |id: &str| {
        earlier
            .kind
            .options()
            .iter()
            .find(|o| o.id == id)
            .map_or(id.to_string(), |o| o.label.to_string())
    };
    let tests: Vec<String> = cond
        .tests
        .iter()
        .map(|t| match t {
            Test::Equals(o) => format!("is \"{}\"", label(o)),
            Test::EqualsValue(v) => format!("is {v}"),
            Test::AnyOf(os) => {
                let ls: Vec<String> = os.iter().map(|o| format!("\"{}\"", label(o))).collect();
                format!("is one of {}", ls.join(", "))
            }
            Test::Includes(o) => format!("includes \"{}\"", label(o)),
            Test::AtLeast(v) => format!("is at least {v}"),
            Test::AtMost(v) => format!("is at most {v}"),
            Test::Answered => "is answered".to_string(),
        })
        .collect();
    Some(format!(
        "Answer only if your answer to \"{}\" {}.",
        earlier.text,
        tests.join(" and ")
    ))
}

/// Whether a form should insist on an answer: every question that always applies and
/// offers a way out (a "don't know" or "none" choice, or one of several options).
pub fn required(question: &Question) -> bool {
    question.ask_if.is_none()
        && matches!(
            question.kind,
            Kind::Single { .. } | Kind::Multi { .. } | Kind::Scale(_)
        )
}

/// The form's sections: a new one wherever the scored dimension changes (as the
/// interview does); questions without a dimension stay in the section they follow.
/// Each is (dimension, question indices); the first may have no dimension.
pub fn sections(q: &Questionnaire) -> Vec<(Option<usize>, Vec<usize>)> {
    let mut out: Vec<(Option<usize>, Vec<usize>)> = Vec::new();
    for (qi, question) in q.questions.iter().enumerate() {
        let current = out.last().map(|s| s.0);
        match (question.dimension, current) {
            (Some(d), Some(c)) if Some(d) != c => out.push((Some(d), vec![qi])),
            (Some(d), None) => out.push((Some(d), vec![qi])),
            (None, None) => out.push((None, vec![qi])),
            _ => {
                if let Some(last) = out.last_mut() {
                    last.1.push(qi);
                }
            }
        }
    }
    out
}

/// The labels a scale offers in a form, one per value (the number when unlabelled).
pub fn scale_labels(sc: &crate::questionnaire::Scale) -> Vec<(i64, String)> {
    (sc.min..=sc.max)
        .map(|v| (v, sc.label(v).map_or(v.to_string(), str::to_string)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norm_forgives_case_and_spacing() {
        assert_eq!(norm("  How  are\r\nthe Teams?  "), "how are the teams?");
        assert_eq!(norm("ÉTÉ"), "été");
    }

    #[test]
    fn fields_are_unique_by_key_and_title() {
        let q = crate::questionnaire::builtin("alignment")
            .unwrap()
            .load()
            .unwrap();
        let fs = fields(&q);
        let keys: std::collections::HashSet<&str> = fs.iter().map(|f| f.key.as_str()).collect();
        let titles: std::collections::HashSet<String> = fs.iter().map(|f| norm(&f.title)).collect();
        assert_eq!(keys.len(), fs.len());
        assert_eq!(titles.len(), fs.len());
    }
}
