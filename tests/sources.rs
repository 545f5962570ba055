//! The built-in questionnaires stay faithful to the five seed articles they rest on
//! (docs/SOURCES.md): every quotation is the source's exact wording, every source names
//! a seed, help shown to respondents does not say which answer lowers the score, and the
//! seeds' points added to the default questionnaire are wired into its root causes.
//!
//! The seed articles are not part of the repository (only short published names may be
//! quoted), so the exact seed phrases the questionnaires may quote are listed here, each
//! with the seed it comes from. `excerpts_are_in_the_seeds` checks the list against the
//! seed files when `TANDEM_SEEDS` names their folder.

mod common;

use common::{json_ok, root};
use std::io::Write;

/// Exact phrases of the seed articles (curly quotes as in the seeds) that the
/// questionnaires may quote, by seed number. A new quotation needs its phrase here,
/// copied from the seed.
const EXCERPTS: &[(u8, &str)] = &[
    (0, "Getting Marketing And Sales Together"),
    (1, "Marketing and Sales Alignment Is Not a Problem"),
    (
        1,
        "If Marketing and Sales aren’t aligned, ask “why” five times",
    ),
    (2, "Bringing marketing and sales together"),
    (
        2,
        "B2B Sales and Marketing Alignment Starts With the Customer",
    ),
    (2, "only 8% reported “tight alignment”"),
    (
        2,
        "closely coordinated activities across the entire revenue cycle",
    ),
    (2, "a single, integrated revenue-generation engine"),
    (2, "full and clear separation"),
    (2, "ideal customer profile"),
    (3, "This blogs series “Marketing 2.0”"),
    (3, "sales is “results driven”"),
    (3, "a more “creative” flair"),
    (3, "who is the driver and owner of all customer insights?"),
    (3, "“getting along” or “spending more time together”"),
    (3, "Marketing sees collateral materials"),
    (3, "Sales, for example, typically views a lead as"),
    (3, "(a functional economic solution)"),
    (4, "“Why Sales Hates Marketing: 9 Reasons”"),
    (4, "Marketing acts superior"),
    (4, "Marketing doesn’t believe in sales"),
    (4, "Marketing thinks sales is easy"),
    (4, "Marketing avoids being measured"),
    (4, "Marketing claims to be ‘driving sales’"),
    (4, "Marketing pretends it’s strategic"),
    (4, "Marketing wastes money"),
    (4, "Marketing pretends it’s engineering"),
    (4, "Marketing argues about lead quality"),
    (4, "“Together – Sales and Marketing.”"),
    (4, "Think of sales as marketing’s customer"),
    (4, "Develop goals, objectives and metrics jointly"),
    (4, "Synchronize product and sales cycles"),
    (4, "Get commitment to consistent messages and brand usage"),
];

/// The titles that appear in each seed: its own (seeds 003 and 004 show none) and the
/// titles of the work it cites.
const SEED_TITLES: &[(u8, &[&str])] = &[
    (0, &["Getting Marketing And Sales Together"]),
    (
        1,
        &[
            "Marketing and Sales Alignment Is Not a Problem",
            "If Marketing and Sales aren't aligned, ask \"why\" five times",
        ],
    ),
    (
        2,
        &[
            "Bringing marketing and sales together",
            "B2B Sales and Marketing Alignment Starts With the Customer",
        ],
    ),
    (3, &[]),
    (
        4,
        &[
            "Why Sales Hates Marketing: 9 Reasons",
            "Together – Sales and Marketing",
        ],
    ),
];

const QUESTIONNAIRES: &[&str] = &[
    "questionnaires/alignment.toml",
    "questionnaires/pulse.toml",
    "examples/ci/scenarios/pulse-2.0.toml",
];

fn load(path: &str) -> toml::Value {
    let text = std::fs::read_to_string(root().join(path)).unwrap();
    toml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Curly quotes as straight ones, runs of whitespace as one space, lower case.
fn normalize(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| match c {
            '‘' | '’' => '\'',
            '“' | '”' => '"',
            c => c,
        })
        .collect();
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The quotations in `s`: text between double quotes, and text between single quotes
/// where the opening one starts a word and the closing one ends one (so that the
/// apostrophes of "marketing's" or "sales' view" are not taken for quotes).
fn quotations(s: &str) -> Result<Vec<String>, String> {
    let s = normalize(s);
    let chars: Vec<char> = s.chars().collect();
    let mut found = Vec::new();
    let doubles: Vec<usize> = (0..chars.len()).filter(|&i| chars[i] == '"').collect();
    if doubles.len() % 2 == 1 {
        return Err(format!("unbalanced double quotes in: {s}"));
    }
    for pair in doubles.chunks(2) {
        found.push(chars[pair[0] + 1..pair[1]].iter().collect());
    }
    let word = |i: usize| chars.get(i).is_some_and(|c| c.is_alphanumeric());
    let mut i = 0;
    while i < chars.len() {
        let opens = chars[i] == '\''
            && (i == 0 || matches!(chars[i - 1], ' ' | '(' | '"' | '['))
            && word(i + 1);
        if opens {
            let close = (i + 1..chars.len()).find(|&j| chars[j] == '\'' && !word(j + 1));
            let Some(j) = close else {
                return Err(format!("unclosed single quote in: {s}"));
            };
            found.push(chars[i + 1..j].iter().collect());
            i = j;
        }
        i += 1;
    }
    Ok(found)
}

/// Every string in a TOML value, with where it is.
fn strings<'a>(v: &'a toml::Value, at: String, out: &mut Vec<(String, &'a str)>) {
    match v {
        toml::Value::String(s) => out.push((at, s)),
        toml::Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                strings(x, format!("{at}[{i}]"), out);
            }
        }
        toml::Value::Table(t) => {
            for (k, x) in t {
                strings(x, format!("{at}.{k}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn quotations_are_found_and_apostrophes_are_not() {
    let q = quotations(
        "Marketing's tip 'Synchronize product and sales cycles' and sales' view; \
         \"Marketing claims to be 'driving sales'\" (it's one) ask “why” ",
    )
    .unwrap();
    assert_eq!(
        q,
        [
            "marketing claims to be 'driving sales'",
            "why",
            "synchronize product and sales cycles",
            "driving sales",
        ]
    );
    assert!(quotations("a \"b").is_err());
    assert!(quotations("a 'bc").is_err());
}

#[test]
fn every_quotation_is_a_seed_wording() {
    let excerpts: Vec<String> = EXCERPTS.iter().map(|(_, e)| normalize(e)).collect();
    let mut bad = Vec::new();
    let mut seen = 0;
    for path in QUESTIONNAIRES {
        let v = load(path);
        let mut all = Vec::new();
        strings(&v, String::new(), &mut all);
        for (at, s) in all {
            let quotes = quotations(s).unwrap_or_else(|e| panic!("{path}{at}: {e}"));
            for quote in quotes {
                seen += 1;
                if !excerpts.iter().any(|e| e.contains(&quote)) {
                    bad.push(format!("{path}{at}: \"{quote}\""));
                }
            }
        }
    }
    assert!(
        bad.is_empty(),
        "quoted but not a seed's wording:\n{}",
        bad.join("\n")
    );
    // The default questionnaire quotes the nine reasons, four tips and survey options.
    assert!(seen >= 30, "only {seen} quotations found");
}

#[test]
fn excerpts_are_in_the_seeds() {
    let Some(dir) = std::env::var_os("TANDEM_SEEDS") else {
        eprintln!("skipped: set TANDEM_SEEDS to the folder of the seed articles (00N_*.txt)");
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    let seed = |n: u8| {
        let prefix = format!("{n:03}_");
        let entry = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with(&prefix)
            })
            .unwrap_or_else(|| panic!("no seed {prefix}* in {}", dir.display()));
        normalize(&std::fs::read_to_string(entry).unwrap())
    };
    for (n, excerpt) in EXCERPTS {
        assert!(
            seed(*n).contains(&normalize(excerpt)),
            "seed {n}: {excerpt}"
        );
    }
    for (n, titles) in SEED_TITLES {
        for t in *titles {
            assert!(seed(*n).contains(&normalize(t)), "seed {n}: {t}");
        }
    }
}

fn table<'a>(v: &'a toml::Value, key: &str) -> Vec<&'a toml::Table> {
    v.get(key)
        .and_then(|a| a.as_array())
        .map(|a| a.iter().filter_map(|x| x.as_table()).collect())
        .unwrap_or_default()
}

fn text<'a>(t: &'a toml::Table, key: &str) -> &'a str {
    t.get(key).and_then(|x| x.as_str()).unwrap_or("")
}

#[test]
fn every_source_names_its_seed_and_a_title_found_there() {
    for path in QUESTIONNAIRES {
        let v = load(path);
        let sources = table(&v, "sources");
        assert!(!sources.is_empty(), "{path}: no sources");
        for s in sources {
            let (id, title, note) = (text(s, "id"), text(s, "title"), text(s, "note"));
            let n = (0..=4u8)
                .find(|n| note.starts_with(&format!("seed {n:03}")))
                .unwrap_or_else(|| panic!("{path}: source {id}: note must start with its seed"));
            let titles = SEED_TITLES.iter().find(|(m, _)| *m == n).unwrap().1;
            let named = titles.iter().any(|t| title.contains(t));
            let untitled = note.contains("title is not in the seed text")
                || note.contains("own title and the site it appeared on are not in the seed text");
            assert!(
                named || untitled,
                "{path}: source {id}: title {title:?} is none of seed {n}'s titles {titles:?}, \
                 and the note does not say the seed shows no title"
            );
            // A title that is only described must not look like a quotation of one.
            if !named {
                assert!(!title.starts_with('"'), "{path}: source {id}");
            }
        }
    }
}

#[test]
fn every_item_names_a_declared_source() {
    for path in QUESTIONNAIRES {
        let v = load(path);
        let declared: Vec<&str> = table(&v, "sources").iter().map(|s| text(s, "id")).collect();
        let mut used = Vec::new();
        for q in table(&v, "questions") {
            let src = text(q, "source");
            assert!(
                !src.is_empty(),
                "{path}: question {} has no source",
                text(q, "id")
            );
            used.push(src);
        }
        for key in ["causes", "findings"] {
            for c in table(&v, key) {
                let list = c.get("sources").and_then(|x| x.as_array());
                let list: Vec<&str> = list
                    .map(|a| a.iter().filter_map(|x| x.as_str()).collect())
                    .unwrap_or_default();
                assert!(
                    !list.is_empty(),
                    "{path}: {key} {} has no sources",
                    text(c, "id")
                );
                used.extend(list);
            }
        }
        for u in &used {
            assert!(declared.contains(u), "{path}: unknown source {u}");
        }
    }
}

/// Help is shown to respondents while they answer: it explains the question, and
/// never says which answer lowers (or raises) the score.
#[test]
fn help_texts_do_not_say_how_answers_score() {
    const TELLING: &[&str] = &[
        "lowers",
        "lower the",
        "raises",
        "raise the",
        "the score",
        "the total",
        "counts against",
        "count against",
        "counts only",
        "scores high",
        "scores low",
        "score high",
        "score low",
        "negatively worded",
        "worth little",
        "better than",
    ];
    let mut bad = Vec::new();
    for path in QUESTIONNAIRES {
        let v = load(path);
        for q in table(&v, "questions") {
            let mut helps = vec![(text(q, "id").to_string(), text(q, "help"))];
            for o in q
                .get("options")
                .and_then(|o| o.as_array())
                .into_iter()
                .flatten()
            {
                let o = o.as_table().unwrap();
                helps.push((
                    format!("{}.{}", text(q, "id"), text(o, "id")),
                    text(o, "help"),
                ));
            }
            for (at, help) in helps {
                let h = help.to_lowercase();
                if TELLING.iter().any(|t| h.contains(t)) {
                    bad.push(format!("{path}: {at}: {help}"));
                }
            }
        }
    }
    assert!(
        bad.is_empty(),
        "help that tells how answers score:\n{}",
        bad.join("\n")
    );
}

/// The levels computed from the score are the questionnaire's own bands: their names
/// are not the options of Forrester's survey, and each says whose it is.
#[test]
fn computed_levels_do_not_pass_for_forrester_steps() {
    let forrester = ["separation", "coordinated", "integrated", "engine", "tight"];
    for path in QUESTIONNAIRES {
        let v = load(path);
        let bands = v["levels"]["bands"].as_array().unwrap();
        for b in bands {
            let b = b.as_table().unwrap();
            let name = text(b, "name").to_lowercase();
            for f in forrester {
                assert!(
                    !name.contains(f),
                    "{path}: level {name:?} looks like a Forrester step"
                );
            }
            assert!(
                text(b, "description").contains("not a Forrester step"),
                "{path}: level {name:?} does not say whose it is"
            );
        }
    }
}

/// Scores one answers file to the default questionnaire; returns the ranked causes.
fn causes(answers: &str) -> Vec<serde_json::Value> {
    let mut f = tempfile::Builder::new().suffix(".toml").tempfile().unwrap();
    write!(
        f,
        "questionnaire = \"alignment\"\nversion = \"1.0\"\nrole = \"sales\"\n[answers]\n{answers}"
    )
    .unwrap();
    let p = f.path().to_str().unwrap().to_string();
    let j = json_ok(&["score", &p, "--format", "json"]);
    j["causes"].as_array().unwrap().clone()
}

#[track_caller]
fn top(causes: &[serde_json::Value], id: &str, received: f64, possible: f64, severity: f64) {
    let c = &causes[0];
    assert_eq!(c["id"], id, "{causes:#?}");
    assert_eq!(c["evidence_received"].as_f64().unwrap(), received);
    assert_eq!(c["evidence_possible"].as_f64().unwrap(), possible);
    assert_eq!(c["severity"].as_f64().unwrap(), severity);
}

#[test]
fn programs_designed_apart_is_a_cause() {
    // plan-programs strongly disagreed: separate-programs 2.0 of 2.0; msg-seamless
    // neutral (half of 0.5): 0.25 of 0.5. (2.0 + 0.25) / 2.5 = 90.0.
    let c = causes("plan-programs = 1\nmsg-seamless = 3\n");
    top(&c, "separate-programs", 2.25, 2.5, 90.0);
}

#[test]
fn marketing_run_as_projects_is_a_cause() {
    // "projects": marketing-as-projects 2.0 of 2.0; plan-horizons "milestones" gives it
    // nothing of a possible 0.5 ("apart"). 2.0 / 2.5 = 80.0. split-horizons gets
    // 0.5 + 0.3 of 0.5 + 2.0 = 32.0, second.
    let c = causes("process-marketing-rhythm = \"projects\"\nplan-horizons = \"milestones\"\n");
    top(&c, "marketing-as-projects", 2.0, 2.5, 80.0);
    assert_eq!(c[1]["id"], "split-horizons");
    assert_eq!(c[1]["severity"].as_f64().unwrap(), 32.0);
}

#[test]
fn personality_gap_is_a_cause() {
    // culture-personalities strongly disagreed: 2.0 of 2.0; culture-styles agreed
    // (a quarter of 0.5): 0.125 of 0.5. 2.125 / 2.5 = 85.0.
    let c = causes("culture-personalities = 1\nculture-styles = 4\n");
    top(&c, "personality-gap", 2.13, 2.5, 85.0);
}

#[test]
fn teams_pitted_against_each_other_is_a_cause() {
    // culture-pitted (reversed) strongly agreed: 2.0 of 2.0; culture-blame agreed
    // (three quarters of 0.5): 0.375 of 0.5. 2.375 / 2.5 = 95.0.
    let c = causes("culture-pitted = 5\nculture-blame = 4\n");
    top(&c, "pitted-teams", 2.38, 2.5, 95.0);
}

/// docs/SOURCES.md says what each question, cause and finding of the default
/// questionnaire rests on; a new one must be added there.
#[test]
fn sources_doc_covers_every_question_cause_and_finding() {
    let doc = std::fs::read_to_string(root().join("docs/SOURCES.md")).unwrap();
    let v = load("questionnaires/alignment.toml");
    let mut missing = Vec::new();
    for key in ["questions", "causes", "findings"] {
        for t in table(&v, key) {
            let id = text(t, "id");
            if !doc.contains(&format!("`{id}`")) {
                missing.push(format!("{key}: {id}"));
            }
        }
    }
    assert!(missing.is_empty(), "not in docs/SOURCES.md: {missing:?}");
}
