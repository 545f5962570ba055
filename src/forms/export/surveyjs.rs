//! A SurveyJS form definition (the survey JSON of the SurveyJS Form Library): one page
//! per section, question names equal to tandem ids and choice values equal to option
//! ids, so a SurveyJS result (`survey.data`) imports without a mapping. Conditional
//! questions get a `visibleIf` expression. Reference: docs/FORMS.md.

use crate::forms::{
    DATE_TITLE, NAME_TITLE, NONE_LABEL, OTHER_LABEL, Part, ROLE_TITLE, condition_text, meta_key,
    part_key, part_title, required, scale_labels, sections,
};
use crate::questionnaire::{DONT_KNOW, Kind, OTHER_CAUSE, Question, Questionnaire, Test};
use serde_json::{Value, json};

pub fn definition(q: &Questionnaire) -> String {
    let roles: Vec<Value> = q
        .roles
        .iter()
        .map(|r| json!({ "value": r.id, "text": r.name }))
        .collect();
    let mut pages = vec![json!({
        "name": "tandem-respondent",
        "title": q.title,
        "description": q.description,
        "elements": [
            { "type": "text", "name": meta_key(q, "respondent"), "title": NAME_TITLE },
            { "type": "dropdown", "name": meta_key(q, "role"), "title": ROLE_TITLE,
              "choices": roles, "isRequired": true },
            { "type": "text", "name": meta_key(q, "date"), "title": DATE_TITLE,
              "inputType": "date", "defaultValueExpression": "today()" },
        ],
    })];
    for (i, (dim, qis)) in sections(q).into_iter().enumerate() {
        let (name, title, description) = match dim {
            Some(d) => {
                let d = &q.dimensions[d];
                (
                    d.id.to_string(),
                    d.name.to_string(),
                    d.description.to_string(),
                )
            }
            None => (
                format!("section-{}", i + 1),
                q.title.to_string(),
                String::new(),
            ),
        };
        let elements: Vec<Value> = qis.iter().map(|&qi| element(q, &q.questions[qi])).collect();
        let mut page = json!({ "name": name, "title": title, "elements": elements });
        if !description.is_empty() {
            page["description"] = json!(description);
        }
        pages.push(page);
    }
    let survey = json!({
        "title": q.title,
        "description": q.description,
        "showProgressBar": true,
        "pages": pages,
    });
    let mut text = serde_json::to_string_pretty(&survey).unwrap_or_default();
    text.push('\n');
    text
}

fn element(q: &Questionnaire, question: &Question) -> Value {
    let dk = || json!({ "value": DONT_KNOW, "text": q.dont_know_label });
    let options = |extra: bool| -> Vec<Value> {
        let mut cs: Vec<Value> = question
            .kind
            .options()
            .iter()
            .map(|o| json!({ "value": o.id, "text": o.label }))
            .collect();
        if extra && question.dont_know {
            cs.push(dk());
        }
        cs
    };
    let mut e = match &question.kind {
        Kind::Single { .. } => json!({ "type": "radiogroup", "choices": options(true) }),
        Kind::Multi { .. } => json!({
            "type": "checkbox", "choices": options(true),
            "showNoneItem": true, "noneText": NONE_LABEL,
        }),
        Kind::Scale(sc) if question.dont_know => {
            let mut cs: Vec<Value> = scale_labels(sc)
                .into_iter()
                .map(|(v, l)| json!({ "value": v, "text": l }))
                .collect();
            cs.push(dk());
            json!({ "type": "radiogroup", "choices": cs })
        }
        Kind::Scale(sc) => {
            let values: Vec<Value> = scale_labels(sc)
                .into_iter()
                .map(|(v, l)| json!({ "value": v, "text": l }))
                .collect();
            json!({ "type": "rating", "rateValues": values })
        }
        Kind::Text => json!({ "type": "comment" }),
        Kind::FiveWhys { .. } => chain_panel(q, question),
    };
    if !matches!(question.kind, Kind::FiveWhys { .. }) {
        e["name"] = json!(question.id);
        e["title"] = json!(question.text);
    }
    let mut help = question.help.to_string();
    if let Some(c) = condition_text(q, question) {
        if !help.is_empty() {
            help.push(' ');
        }
        help.push_str(&c);
    }
    if !help.is_empty() {
        e["description"] = json!(help);
    }
    let for_roles = (!question.roles.is_empty()).then(|| {
        let list: Vec<String> = question.roles.iter().map(|r| format!("'{r}'")).collect();
        format!("{{{}}} anyof [{}]", meta_key(q, "role"), list.join(", "))
    });
    match (for_roles, visible_if(q, question)) {
        (Some(r), Some(v)) => e["visibleIf"] = json!(format!("{r} and ({v})")),
        (Some(v), None) | (None, Some(v)) => e["visibleIf"] = json!(v),
        (None, None) => {}
    }
    // Hidden questions are not validated, so a conditional question may be required too.
    if required(question) || (question.ask_if.is_some() && !question.kind.options().is_empty()) {
        e["isRequired"] = json!(true);
    }
    e
}

fn chain_panel(q: &Questionnaire, question: &Question) -> Value {
    let mut causes: Vec<Value> = q
        .causes
        .iter()
        .map(|c| json!({ "value": c.id, "text": c.name }))
        .collect();
    causes.push(json!({ "value": OTHER_CAUSE, "text": OTHER_LABEL }));
    let part = |p: Part| (part_key(question, p), part_title(question, p));
    let (sk, st) = part(Part::Symptom);
    let (wk, wt) = part(Part::Whys);
    let (ck, ct) = part(Part::Cause);
    json!({
        "type": "panel",
        "name": question.id,
        "title": question.text,
        "elements": [
            { "type": "comment", "name": sk, "title": st },
            { "type": "comment", "name": wk, "title": wt },
            { "type": "dropdown", "name": ck, "title": ct, "choices": causes },
        ],
    })
}

/// The `ask_if` condition as a SurveyJS expression.
fn visible_if(q: &Questionnaire, question: &Question) -> Option<String> {
    let cond = question.ask_if.as_ref()?;
    let name = format!("{{{}}}", q.questions[cond.question].id);
    let tests: Vec<String> = cond
        .tests
        .iter()
        .map(|t| match t {
            Test::Equals(o) => format!("{name} = '{o}'"),
            Test::EqualsValue(v) => format!("{name} = {v}"),
            Test::AnyOf(os) => {
                let list: Vec<String> = os.iter().map(|o| format!("'{o}'")).collect();
                format!("{name} anyof [{}]", list.join(", "))
            }
            Test::Includes(o) => format!("{name} contains '{o}'"),
            Test::AtLeast(v) => format!("{name} >= {v}"),
            Test::AtMost(v) => format!("{name} <= {v}"),
            Test::Answered => format!("{name} notempty and {name} <> '{DONT_KNOW}'"),
        })
        .collect();
    Some(tests.join(" and "))
}
