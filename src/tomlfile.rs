//! Reading TOML files the way every loader needs: untrusted bytes in, typed values or
//! positioned problems out. Positions are resolved lazily from a key path (only when
//! there is a problem to report), so the happy path parses each file once. And the
//! strings and keys of the TOML files tandem writes, encoded as the toml crate does.

use crate::error::{Error, Problem, Result};
use serde::de::DeserializeOwned;
use std::fmt;
use std::io::Read;
use std::path::Path;
use toml::de::{DeTable, DeValue};

/// Files larger than this are refused before parsing: no rubric or answers file is
/// anywhere near it, and it keeps a mistaken `tandem check big.iso` cheap.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// The text of one file and the name to show for it.
#[derive(Debug, Clone)]
pub struct SourceText {
    pub name: String,
    pub text: String,
    /// Where every key and value starts, parsed once, when the first problem needs a
    /// position (a file with thousands of problems must not be parsed thousands of times).
    spans: std::sync::OnceLock<SpanTree>,
    /// Where every line starts, found once, for the same reason.
    lines: std::sync::OnceLock<Vec<usize>>,
}

/// The shape of a parsed document with the byte offset of every key and value.
#[derive(Debug, Clone)]
enum SpanTree {
    /// key → (key start, value start, value); a map, so that locating thousands of
    /// unknown keys in one table stays linear.
    Table(std::collections::HashMap<String, (usize, usize, SpanTree)>),
    /// (value start, value)
    Array(Vec<(usize, SpanTree)>),
    Leaf,
}

impl SpanTree {
    fn of(v: &DeValue<'_>) -> SpanTree {
        match v {
            DeValue::Table(t) => {
                let mut map = std::collections::HashMap::with_capacity(t.len());
                for (k, v) in t.iter() {
                    // A repeated key (a parse error reported elsewhere) keeps its first place.
                    map.entry(k.get_ref().to_string()).or_insert_with(|| {
                        (k.span().start, v.span().start, SpanTree::of(v.get_ref()))
                    });
                }
                SpanTree::Table(map)
            }
            DeValue::Array(a) => SpanTree::Array(
                a.iter()
                    .map(|v| (v.span().start, SpanTree::of(v.get_ref())))
                    .collect(),
            ),
            _ => SpanTree::Leaf,
        }
    }
}

/// One step of a path into a TOML document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// A path to a key or value, such as `questions[3].options[1].evidence`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyPath(pub Vec<Seg>);

impl KeyPath {
    pub fn root() -> Self {
        KeyPath(Vec::new())
    }
    pub fn key(&self, k: &str) -> Self {
        let mut v = self.0.clone();
        v.push(Seg::Key(k.to_string()));
        KeyPath(v)
    }
    pub fn index(&self, i: usize) -> Self {
        let mut v = self.0.clone();
        v.push(Seg::Index(i));
        KeyPath(v)
    }
}

impl fmt::Display for KeyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Key(k) if i == 0 => write!(f, "{k}")?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// Reads a file (or standard input for `-`) as UTF-8 text, refusing what is not text.
pub fn read_source(path: &Path) -> Result<SourceText> {
    let name = path.display().to_string();
    let bytes = if name == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut buf)
            .map_err(|e| Error::io(path, e))?;
        buf
    } else {
        // One open and one fstat: a folder of 10,000 files should cost what reading costs.
        let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let meta = file.metadata().map_err(|e| Error::io(path, e))?;
        if meta.is_dir() {
            return Err(Error::file(name, "is a directory, expected a file"));
        }
        if meta.len() > MAX_FILE_BYTES {
            return Err(Error::file(
                name,
                format!(
                    "file is too large ({} bytes; the limit is {} MiB)",
                    meta.len(),
                    MAX_FILE_BYTES / 1024 / 1024
                ),
            ));
        }
        let mut buf = Vec::with_capacity(meta.len() as usize + 1);
        (&mut file)
            .take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut buf)
            .map_err(|e| Error::io(path, e))?;
        buf
    };
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Error::file(
            name,
            format!(
                "input is too large (the limit is {} MiB)",
                MAX_FILE_BYTES / 1024 / 1024
            ),
        ));
    }
    source_from_bytes(name, bytes)
}

/// Turns raw bytes into text: strips a UTF-8 byte-order mark, refuses binary and
/// non-UTF-8 content with the position of the first bad byte.
pub fn source_from_bytes(name: String, bytes: Vec<u8>) -> Result<SourceText> {
    // Every other encoding it knows starts with a byte-order mark or holds NUL bytes:
    // one quick scan spares UTF-8 text (nearly every file) the closer look.
    let nul = bytes.contains(&0);
    if (nul || bytes.starts_with(&[0xFF]) || bytes.starts_with(&[0xFE]))
        && let Some(encoding) = other_encoding(&bytes)
    {
        return Err(Error::file(
            name,
            format!(
                "is {encoding} text; tandem reads UTF-8 (convert it, for example with `iconv -f {encoding} -t UTF-8`)"
            ),
        ));
    }
    if nul {
        return Err(Error::file(
            name,
            "looks like a binary file (it contains NUL bytes), expected TOML text",
        ));
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let good = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
            let (line, col) = line_col(&good, good.len());
            // Bytes from 0xA0 up standing alone are what Latin-1 and Windows-1252 text
            // looks like through UTF-8's eyes; say so, it is the usual cause.
            let single_byte = e.utf8_error().error_len() == Some(1)
                && e.as_bytes().get(at).is_some_and(|b| *b >= 0x80)
                && e.as_bytes()
                    .iter()
                    .all(|b| *b >= 0x20 || matches!(b, b'\t' | b'\n' | b'\r'));
            let msg = if single_byte {
                "invalid UTF-8 byte: the file must be UTF-8 text (this looks like Latin-1 or Windows-1252; convert it, for example with `iconv -f WINDOWS-1252 -t UTF-8`)"
            } else {
                "invalid UTF-8 byte: the file must be UTF-8 text"
            };
            return Err(Error::Invalid(vec![Problem::new(
                name,
                Some((line, col)),
                msg,
            )]));
        }
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    Ok(SourceText::new(name, text))
}

/// UTF-16 or UTF-32, told by a byte-order mark or, without one, by the NUL bytes
/// every ASCII character carries in them (binary files have NULs scattered instead).
fn other_encoding(b: &[u8]) -> Option<&'static str> {
    let utf16 = |le: bool| {
        b.len().is_multiple_of(2)
            && char::decode_utf16(b.chunks_exact(2).map(|p| {
                if le {
                    u16::from_le_bytes([p[0], p[1]])
                } else {
                    u16::from_be_bytes([p[0], p[1]])
                }
            }))
            .all(|c| c.is_ok())
    };
    if b.starts_with(&[0xFF, 0xFE, 0, 0]) && b.len().is_multiple_of(4) {
        return Some("UTF-32LE");
    }
    if b.starts_with(&[0, 0, 0xFE, 0xFF]) && b.len().is_multiple_of(4) {
        return Some("UTF-32BE");
    }
    if b.starts_with(&[0xFF, 0xFE]) && utf16(true) {
        return Some("UTF-16LE");
    }
    if b.starts_with(&[0xFE, 0xFF]) && utf16(false) {
        return Some("UTF-16BE");
    }
    // Without a mark, UTF-32 holds three NULs beside each ASCII byte.
    let quads = &b[..b.len().min(4096) & !3];
    if b.len().is_multiple_of(4) && quads.len() >= 8 {
        let n = quads.len() / 4;
        let (mut le, mut be) = (0, 0);
        for q in quads.chunks_exact(4) {
            le += usize::from(q[0] != 0 && q[1..] == [0, 0, 0]);
            be += usize::from(q[3] != 0 && q[..3] == [0, 0, 0]);
        }
        if le * 10 >= n * 9 {
            return Some("UTF-32LE");
        }
        if be * 10 >= n * 9 {
            return Some("UTF-32BE");
        }
    }
    let sample = &b[..b.len().min(4096) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let (mut even, mut odd) = (0, 0);
    for pair in sample.chunks_exact(2) {
        even += usize::from(pair[0] == 0 && pair[1] != 0);
        odd += usize::from(pair[1] == 0 && pair[0] != 0);
    }
    if odd * 10 >= pairs * 9 && utf16(true) {
        Some("UTF-16LE")
    } else if even * 10 >= pairs * 9 && utf16(false) {
        Some("UTF-16BE")
    } else {
        None
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let col = before[line_start..].trim_end_matches('\r').chars().count() + 1;
    (line, col)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl SourceText {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        SourceText {
            name: name.into(),
            text: text.into(),
            spans: std::sync::OnceLock::new(),
            lines: std::sync::OnceLock::new(),
        }
    }

    /// 1-based line and column of a byte offset, in time logarithmic in the file's
    /// length (the same as [`line_col`]).
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let starts = self.lines.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let line = starts.partition_point(|s| *s <= offset);
        let start = starts[line - 1];
        let col = self.text[start..offset]
            .trim_end_matches('\r')
            .chars()
            .count()
            + 1;
        (line, col)
    }

    pub fn problem_at(&self, offset: Option<usize>, message: impl Into<String>) -> Problem {
        Problem::new(self.name.clone(), offset.map(|o| self.position(o)), message)
    }

    /// A problem located at `path`: the key when `at_key`, otherwise its value. Falls
    /// back to the nearest enclosing item that exists in the file.
    pub fn problem(&self, path: &KeyPath, at_key: bool, message: impl Into<String>) -> Problem {
        let offset = self.locate(path, at_key);
        self.problem_at(offset, message)
    }

    /// Byte offset of the item at `path`, or of the nearest existing ancestor (the start
    /// of the file for the root).
    pub fn locate(&self, path: &KeyPath, at_key: bool) -> Option<usize> {
        let tree = self.spans.get_or_init(|| {
            let (doc, _) = DeTable::parse_recoverable(&self.text);
            SpanTree::of(&DeValue::Table(doc.into_inner()))
        });
        let mut best = Some(0);
        let mut current = tree;
        let segs = &path.0;
        for (i, seg) in segs.iter().enumerate() {
            let last = i + 1 == segs.len();
            match (seg, current) {
                (Seg::Key(k), SpanTree::Table(t)) => {
                    let Some((key_at, value_at, value)) = t.get(k) else {
                        break;
                    };
                    best = Some(if last && at_key { *key_at } else { *value_at });
                    current = value;
                }
                (Seg::Index(n), SpanTree::Array(a)) => {
                    let Some((at, value)) = a.get(*n) else { break };
                    best = Some(*at);
                    current = value;
                }
                _ => break,
            }
        }
        best
    }

    /// Deserializes the whole document. A syntax or type error is returned as `Err`
    /// with its position; keys the schema does not know are returned beside the value
    /// as problems (a typo must not pass silently, but it should not hide the others).
    pub fn deserialize<T: DeserializeOwned>(&self) -> Result<(T, Vec<Problem>)> {
        let de = toml::de::Deserializer::parse(&self.text).map_err(|e| self.toml_error(&e))?;
        let mut unknown: Vec<KeyPath> = Vec::new();
        let value: T = serde_ignored::deserialize(de, |p| unknown.push(convert_path(&p)))
            .map_err(|e| self.toml_error(&e))?;
        let problems = unknown
            .iter()
            .map(|p| self.problem(p, true, format!("unknown key `{p}`")))
            .collect();
        Ok((value, problems))
    }

    pub fn toml_error(&self, e: &toml::de::Error) -> Error {
        let message = e.message().trim().replace('\n', " ");
        let mut message = if message.is_empty() {
            "invalid TOML".to_string()
        } else {
            humanize(&message)
        };
        // Name the key a "duplicate key" error is about.
        if message == "duplicate key"
            && let Some(key) = e.span().and_then(|s| self.text.get(s))
        {
            message = format!("duplicate key `{}`", key.trim());
        }
        Error::Invalid(vec![self.problem_at(e.span().map(|s| s.start), message)])
    }
}

/// serde speaks Rust ("expected f64", "struct RawMeta"); people read TOML.
fn humanize(msg: &str) -> String {
    fn kind(t: &str) -> String {
        let t = t.trim();
        match t {
            "f64" | "f32" => "a number".into(),
            "i64" | "u64" | "i32" | "u32" | "usize" | "u8" | "u16" | "i128" | "u128" => {
                "a whole number".into()
            }
            "a map" => "a table".into(),
            "a sequence" => "a list".into(),
            "a borrowed string" => "a string".into(),
            t if t.starts_with("struct ") => "a table".into(),
            t if t.starts_with("a sequence") => "a list".into(),
            t => t.into(),
        }
    }
    fn found(t: &str) -> String {
        let t = t
            .replace("floating point", "number")
            .replace("integer", "whole number")
            .replace("sequence", "list")
            .replace(" as i128", " (too large)")
            .replace(" as u128", " (too large)");
        if t == "map" {
            "table".to_string()
        } else {
            t.replace(" map", " table")
        }
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ")
        && let Some((what, expected)) = rest.split_once(", expected ")
    {
        return format!("expected {}, found {}", kind(expected), found(what));
    }
    if let Some(rest) = msg.strip_prefix("invalid value: ")
        && let Some((what, expected)) = rest.split_once(", expected ")
    {
        return format!("{} is out of range for {}", found(what), kind(expected));
    }
    msg.to_string()
}

/// What a TOML file claims to be, from its top-level `questionnaire` key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Questionnaire,
    Answers,
    Unknown,
}

/// Looks at the top-level keys only. Loaders call it when parsing failed, to say "this
/// is a questionnaire, not an answers file" instead of a type error.
pub fn sniff(src: &SourceText) -> std::result::Result<FileKind, toml::de::Error> {
    let doc = DeTable::parse(&src.text)?;
    Ok(
        match doc.get_ref().get("questionnaire").map(|v| v.get_ref()) {
            Some(DeValue::Table(_)) => FileKind::Questionnaire,
            Some(DeValue::String(_)) => FileKind::Answers,
            _ => FileKind::Unknown,
        },
    )
}

/// A parse error on a file of the other kind says so, instead of a type error.
pub fn wrong_kind(src: &SourceText, e: Error, expected: FileKind) -> Error {
    let found = sniff(src).unwrap_or(FileKind::Unknown);
    let msg = match (expected, found) {
        (FileKind::Answers, FileKind::Questionnaire) => format!(
            "is a questionnaire, not an answers file (check it with `tandem check {}`, or use it with `-q {}`)",
            src.name, src.name
        ),
        (FileKind::Questionnaire, FileKind::Answers) => format!(
            "is an answers file, not a questionnaire (score it with `tandem score {}`)",
            src.name
        ),
        _ => return e,
    };
    Error::file(src.name.clone(), msg)
}

fn convert_path(p: &serde_ignored::Path<'_>) -> KeyPath {
    fn walk(p: &serde_ignored::Path<'_>, out: &mut Vec<Seg>) {
        use serde_ignored::Path::*;
        match p {
            Root => {}
            Seq { parent, index } => {
                walk(parent, out);
                out.push(Seg::Index(*index));
            }
            Map { parent, key } => {
                walk(parent, out);
                out.push(Seg::Key(key.clone()));
            }
            Some { parent } | NewtypeStruct { parent } | NewtypeVariant { parent } => {
                walk(parent, out)
            }
        }
    }
    let mut segs = Vec::new();
    walk(p, &mut segs);
    KeyPath(segs)
}

/// `s` as a TOML string, encoded by `toml_writer`, the toml crate's own writer (what
/// `toml::Value::String(s).to_string()` gives, without copying `s`): a basic string when
/// nothing needs escaping, else a literal one, else a multi-line one, else escapes.
pub fn quote(s: &str) -> String {
    toml_writer::ToTomlValue::to_toml_value(s)
}

/// `s` as a TOML key: bare when it can be, else quoted as the toml crate quotes keys.
pub fn key(s: &str) -> String {
    toml_writer::ToTomlKey::to_toml_key(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_from_one() {
        let t = "a = 1\nbé = 2\r\nc";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 6), (2, 1));
        assert_eq!(line_col(t, 9), (2, 3)); // after the two-byte é
        assert_eq!(line_col(t, t.len()), (3, 2));
        let src = SourceText::new("t", t);
        for o in 0..=t.len() + 2 {
            assert_eq!(src.position(o), line_col(t, o), "offset {o}");
        }
    }

    #[test]
    fn locates_nested_keys_and_values() {
        let src = SourceText::new(
            "f.toml",
            "[[q]]\nid = \"a\"\n[[q]]\nid = \"b\"\nopts = [{ x = 1 }, { x = 2 }]\n",
        );
        let p = KeyPath::root().key("q").index(1).key("id");
        assert_eq!(src.problem(&p, true, "m").position, Some((4, 1)));
        assert_eq!(src.problem(&p, false, "m").position, Some((4, 6)));
        let p = KeyPath::root()
            .key("q")
            .index(1)
            .key("opts")
            .index(1)
            .key("x");
        assert_eq!(src.problem(&p, false, "m").position, Some((5, 26)));
        // A missing key points at its nearest ancestor, the first `[[q]]` table.
        let p = KeyPath::root().key("q").index(0).key("nope");
        let (line, _) = src.problem(&p, true, "m").position.unwrap();
        assert!(line <= 2, "{line}");
    }

    #[test]
    fn refuses_binary_and_bad_utf8_with_position() {
        assert!(source_from_bytes("b".into(), vec![1, 0, 2]).is_err());
        // UTF-16 is named as such, with or without a byte-order mark.
        let utf16: Vec<u8> = "\u{feff}a = 1\n"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        let e = source_from_bytes("w".into(), utf16.clone()).unwrap_err();
        assert!(e.to_string().contains("is UTF-16LE text"), "{e}");
        let e = source_from_bytes("w".into(), utf16[2..].to_vec()).unwrap_err();
        assert!(e.to_string().contains("is UTF-16LE text"), "{e}");
        let e = source_from_bytes("u".into(), b"a = 1\nb = \"\xff\"".to_vec()).unwrap_err();
        assert_eq!(
            e.lines(),
            vec![
                "u:2:6: invalid UTF-8 byte: the file must be UTF-8 text (this looks like Latin-1 or Windows-1252; convert it, for example with `iconv -f WINDOWS-1252 -t UTF-8`)"
            ]
        );
        let s = source_from_bytes("bom".into(), "\u{feff}a = 1".as_bytes().to_vec()).unwrap();
        assert_eq!(s.text, "a = 1");
    }

    /// `k = v` with `k` and `v` quoted, read back by the toml crate.
    fn read_back(k: &str, v: &str) -> (String, String) {
        let doc = format!("{} = {}\n", key(k), quote(v));
        let t: toml::Table = toml::from_str(&doc).unwrap_or_else(|e| panic!("{doc:?}: {e}"));
        let (k, v) = t.into_iter().next().unwrap();
        (k, v.as_str().unwrap().to_string())
    }

    #[test]
    fn strings_are_quoted_readably() {
        for (s, want) in [
            ("plain text", "\"plain text\""),
            ("it's", "\"it's\""),
            ("say \"hi\"", "'say \"hi\"'"),
            ("back\\slash", "'back\\slash'"),
            ("two\nlines", "\"\"\"\ntwo\nlines\"\"\""),
            ("both ' and \"", "\"\"\"both ' and \"\"\"\""),
            ("esc \u{1b}[31m", "\"esc \\u001B[31m\""),
            ("é 日本", "\"é 日本\""),
        ] {
            assert_eq!(quote(s), want, "{s:?}");
        }
        assert_eq!(key("buyer-icp"), "buyer-icp");
        assert_eq!(key("two words"), "\"two words\"");
        assert_eq!(key("a\nb"), "\"a\\nb\"");
    }

    proptest::proptest! {
        #[test]
        fn any_key_and_string_read_back(k in proptest::prelude::any::<String>(), v in proptest::prelude::any::<String>()) {
            proptest::prop_assert_eq!(read_back(&k, &v), (k, v));
        }

        #[test]
        fn quotes_and_controls_read_back(
            k in "[a-z '\"\\\\\t\n\r\u{0}-\u{1f}\u{7f}é]{0,16}",
            v in "[a-z '\"\\\\\t\n\r\u{0}-\u{1f}\u{7f}é]{0,16}",
        ) {
            proptest::prop_assert_eq!(read_back(&k, &v), (k, v));
        }
    }
}
