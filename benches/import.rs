//! Importing a Google Forms CSV export against the floor of parsing the same file with
//! the csv crate alone: `cargo bench --bench import` (add `-- 1000 10000` to pick sizes).
//!
//! For each N it writes a Google-Forms-style export of N responses to the default
//! questionnaire (item titles as headers, choice labels, checklists joined by ", ",
//! multi-line free text), then reports the median of several runs of:
//! - the floor: read the file and parse every record (`csv::StringRecord`), one thread;
//! - the import: read the file, map the columns, turn every row into checked answers by
//!   question index, one thread: what `tandem score FILE.csv` does before scoring;
//! - the import with the answers files' text: the same, each row's answers then
//!   rendered as the answers file `tandem import` writes for it (everything `tandem
//!   import` does but writing the files to disk).

use std::path::Path;
use std::time::{Duration, Instant};
use tandem::forms::{NONE_LABEL, Part, Target, fields, import};
use tandem::questionnaire::Kind;

/// A small deterministic generator (xorshift), so every run benchmarks the same file.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn generate(path: &Path, n: usize) {
    let q = tandem::questionnaire::builtin("alignment")
        .unwrap()
        .load()
        .unwrap();
    let fs: Vec<_> = fields(&q)
        .into_iter()
        .filter(|f| !matches!(f.target, Target::Meta(tandem::forms::Meta::Date(_))))
        .collect();
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_path(path)
        .unwrap();
    let mut header = vec!["Timestamp".to_string()];
    header.extend(fs.iter().map(|f| f.title.clone()));
    w.write_record(&header).unwrap();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for i in 0..n {
        let mut row = vec![format!(
            "2026/10/{:02} 9:{:02}:17 AM GMT+2",
            1 + i % 28,
            i % 60
        )];
        for f in &fs {
            let cell = match f.target {
                Target::Meta(tandem::forms::Meta::Respondent) => format!("Respondent {i}"),
                Target::Meta(_) => q.roles[rng.below(q.roles.len())].name.to_string(),
                Target::Question(qi, part) => {
                    let question = &q.questions[qi];
                    match (&question.kind, part) {
                        (Kind::Single { options }, _) => {
                            options[rng.below(options.len())].label.to_string()
                        }
                        (Kind::Multi { options }, _) => {
                            let ticked: Vec<&str> = options
                                .iter()
                                .filter(|_| rng.below(3) == 0)
                                .map(|o| o.label.as_str())
                                .collect();
                            if ticked.is_empty() {
                                NONE_LABEL.to_string()
                            } else {
                                ticked.join(", ")
                            }
                        }
                        (Kind::Scale(sc), _) => {
                            let v = sc.min + rng.below((sc.max - sc.min + 1) as usize) as i64;
                            sc.label(v).map_or(v.to_string(), str::to_string)
                        }
                        (Kind::Text, _) => format!(
                            "Respondent {i} would start with shared goals,\nthen one lead definition."
                        ),
                        (_, Part::Symptom) => "Leads are not followed up".into(),
                        (_, Part::Whys) => "Sales doubts them\nNo agreed definition".into(),
                        (_, _) => q.causes[rng.below(q.causes.len())].name.to_string(),
                    }
                }
                Target::Ignore => String::new(),
            };
            row.push(cell);
        }
        w.write_record(&row).unwrap();
    }
    w.flush().unwrap();
}

fn floor(path: &Path) -> usize {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(path)
        .unwrap();
    let mut record = csv::StringRecord::new();
    let mut cells = 0;
    while reader.read_record(&mut record).unwrap() {
        cells += record.len();
    }
    cells
}

fn import_all(path: &Path, q: &tandem::questionnaire::Questionnaire) -> usize {
    let mut answers = 0;
    let (_, outcome) =
        import::read_and_each_response(q, path, &Default::default(), false, |_, r| {
            answers += r.answers.iter().flatten().count();
        })
        .unwrap();
    assert!(outcome.problems.is_empty(), "{:?}", &outcome.problems[..1]);
    assert!(answers > outcome.accepted);
    outcome.accepted
}

/// The same, each row then rendered as its answers file, as `tandem import` does
/// before it writes the files.
fn import_files(path: &Path, q: &tandem::questionnaire::Questionnaire) -> usize {
    let writer = tandem::answers::FileWriter::new(q);
    let source = import::source_name(path);
    let mut bytes = 0;
    let (_, outcome) =
        import::read_and_each_response(q, path, &Default::default(), false, |row, r| {
            bytes += import::file_name(&source, row).len();
            bytes += import::answers_file_by_index(&writer, &source, row, r).len();
        })
        .unwrap();
    assert!(bytes > outcome.accepted * 1000);
    outcome.accepted
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let mut sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    if sizes.is_empty() {
        sizes = vec![1_000, 10_000];
    }
    let q = tandem::questionnaire::builtin("alignment")
        .unwrap()
        .load()
        .unwrap();
    println!("tandem import benchmark (Google Forms CSV, alignment questionnaire)");
    println!(
        "{:>7} {:>10} {:>15} {:>12} {:>7} {:>14} {:>7}",
        "rows", "MiB", "csv alone (ms)", "import (ms)", "ratio", "+ files (ms)", "ratio"
    );
    for &n in &sizes {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("responses.csv");
        generate(&path, n);
        let size = std::fs::metadata(&path).unwrap().len();
        assert_eq!(import_all(&path, &q), n); // warms the page cache, checks the file
        let runs = 7;
        let floor_t = median(
            (0..runs)
                .map(|_| {
                    let t = Instant::now();
                    std::hint::black_box(floor(&path));
                    t.elapsed()
                })
                .collect(),
        );
        let import_t = median(
            (0..runs)
                .map(|_| {
                    let t = Instant::now();
                    std::hint::black_box(import_all(&path, &q));
                    t.elapsed()
                })
                .collect(),
        );
        let files_t = median(
            (0..runs)
                .map(|_| {
                    let t = Instant::now();
                    std::hint::black_box(import_files(&path, &q));
                    t.elapsed()
                })
                .collect(),
        );
        println!(
            "{:>7} {:>10.1} {:>15.1} {:>12.1} {:>7.2} {:>14.1} {:>7.2}",
            n,
            size as f64 / (1024.0 * 1024.0),
            floor_t.as_secs_f64() * 1e3,
            import_t.as_secs_f64() * 1e3,
            import_t.as_secs_f64() / floor_t.as_secs_f64(),
            files_t.as_secs_f64() * 1e3,
            files_t.as_secs_f64() / floor_t.as_secs_f64()
        );
    }
}
