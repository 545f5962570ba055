//! A scanner for the plain TOML that answers files are made of: bare keys, `[table]`
//! headers, basic and literal strings, decimal integers, booleans, arrays and one-line
//! inline tables, with comments and blank lines between. It reads such a file in one
//! pass, allocating only its tables and the strings that hold escapes, in about a fifth
//! of the general parser's instructions. On anything else (dates, floats, multi-line
//! strings, dotted or quoted keys, escapes beyond the common ones, arrays of tables, a
//! byte-order mark, a repeated key) it gives up and the caller uses the `toml` crate.
//!
//! What it accepts it must read exactly as the `toml` crate does: the tests compare the
//! two on generated and mutated documents.

use serde::de::value::{Error, MapDeserializer, SeqDeserializer};
use serde::de::{Deserializer, IntoDeserializer, Visitor};
use std::borrow::Cow;

/// A value of the subset.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum V<'a> {
    Str(Cow<'a, str>),
    Int(i64),
    Bool(bool),
    Arr(Vec<V<'a>>),
    Table(Table<'a>),
}

/// A table's entries in document order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Table<'a> {
    pub entries: Vec<(&'a str, V<'a>)>,
    /// A hash of each entry's key, so that looking for a repeated key compares numbers.
    hashes: Vec<u32>,
    /// A bit for each hash present (by the hash's low byte).
    seen: [u64; 4],
    made: Made,
}

impl Table<'_> {
    fn new(made: Made, capacity: usize) -> Self {
        Table {
            entries: Vec::with_capacity(capacity),
            hashes: Vec::with_capacity(capacity),
            seen: [0; 4],
            made,
        }
    }

    /// The entry with this key.
    fn find(&self, key: &str) -> Option<usize> {
        self.find_hashed(key, hash(key))
    }

    fn find_hashed(&self, key: &str, h: u32) -> Option<usize> {
        // Most keys are new: one bit of the hash says so without a search.
        if self.seen[(h % 256) as usize / 64] & (1 << (h % 64)) == 0 {
            return None;
        }
        let mut from = 0;
        while let Some(k) = self.hashes[from..].iter().position(|&x| x == h) {
            if self.entries[from + k].0 == key {
                return Some(from + k);
            }
            from += k + 1;
        }
        None
    }
}

/// A quick hash of a key (FNV-1a).
fn hash(key: &str) -> u32 {
    key.bytes().fold(0x811c_9dc5, |h, c| {
        (h ^ u32::from(c)).wrapping_mul(0x0100_0193)
    })
}

/// How a table came to be: only a table made as the parent of a header's table may be
/// given its own header later (TOML forbids defining a table twice).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Made {
    Root,
    Header,
    Implicit,
    Inline,
}

/// A table with more keys than this gives up (see [`insert`]).
const MAX_ENTRIES: usize = 1024;

/// Nesting deeper than this gives up: no answers file nests more than two levels.
const MAX_DEPTH: usize = 8;

/// The document in `text`, or `None` when it is not (certainly) in the subset.
pub(crate) fn parse(text: &str) -> Option<Table<'_>> {
    let mut p = P {
        s: text,
        b: text.as_bytes(),
        i: 0,
    };
    // Header tables hold most keys (an answers file's `[answers]` about fifty): sized
    // so that they rarely grow.
    let mut root = Table::new(Made::Root, 8);
    // The path of the table the key/value lines go to.
    let mut path: Vec<&str> = Vec::new();
    loop {
        p.ws();
        match p.peek() {
            None => return Some(root),
            Some(b'\n' | b'\r' | b'#') => p.line_end()?,
            Some(b'[') => {
                p.i += 1;
                // `[[x]]`, an array of tables, is left to the full parser.
                if p.peek() == Some(b'[') {
                    return None;
                }
                path.clear();
                loop {
                    p.ws();
                    path.push(p.bare_key()?);
                    p.ws();
                    match p.bump()? {
                        b'.' => continue,
                        b']' => break,
                        _ => return None,
                    }
                }
                define(&mut root, &path)?;
                p.line_end()?;
            }
            Some(_) => {
                let key = p.bare_key()?;
                p.ws();
                if p.bump()? != b'=' {
                    return None;
                }
                p.ws();
                let v = p.value(0)?;
                p.line_end()?;
                insert(table_at(&mut root, &path)?, key, v)?;
            }
        }
    }
}

/// Makes the table a header names, and the tables above it.
fn define<'a>(root: &mut Table<'a>, path: &[&'a str]) -> Option<()> {
    let mut t = root;
    for (n, k) in path.iter().enumerate() {
        let last = n + 1 == path.len();
        let i = match t.find(k) {
            Some(i) => {
                let V::Table(sub) = &mut t.entries[i].1 else {
                    return None;
                };
                match (sub.made, last) {
                    (Made::Inline, _) => return None,
                    // Named before only as the parent of another header's table.
                    (Made::Implicit, true) => sub.made = Made::Header,
                    // Defined twice.
                    (_, true) => return None,
                    _ => {}
                }
                i
            }
            None => {
                let made = if last { Made::Header } else { Made::Implicit };
                insert(t, k, V::Table(Table::new(made, 64)))?;
                t.entries.len() - 1
            }
        };
        let V::Table(sub) = &mut t.entries[i].1 else {
            return None;
        };
        t = sub;
    }
    Some(())
}

/// The table at `path` (made by headers already).
fn table_at<'t, 'a>(root: &'t mut Table<'a>, path: &[&str]) -> Option<&'t mut Table<'a>> {
    let mut t = root;
    for k in path {
        let i = t.find(k)?;
        match &mut t.entries[i].1 {
            V::Table(sub) => t = sub,
            _ => return None,
        }
    }
    Some(t)
}

/// Adds a key to a table; a key it holds already gives up, and so does a table larger
/// than any answers file's (looking for repeated keys would grow with the square of
/// its size; the toml crate's map does not).
fn insert<'a>(t: &mut Table<'a>, key: &'a str, v: V<'a>) -> Option<()> {
    if t.entries.len() >= MAX_ENTRIES {
        return None;
    }
    let h = hash(key);
    if t.find_hashed(key, h).is_some() {
        return None;
    }
    t.hashes.push(h);
    t.seen[(h % 256) as usize / 64] |= 1 << (h % 64);
    t.entries.push((key, v));
    Some(())
}

struct P<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
}

/// A byte TOML forbids in strings and comments: control characters other than tab.
fn control(c: u8) -> bool {
    (c < 0x20 && c != b'\t') || c == 0x7f
}

/// Whether `s` holds a [`control`] byte (without branching per byte, so that it runs
/// over many bytes at once).
fn any_control(s: &[u8]) -> bool {
    s.iter().fold(0u8, |a, &c| a | u8::from(control(c))) != 0
}

impl<'a> P<'a> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn bump(&mut self) -> Option<u8> {
        let c = self.peek()?;
        self.i += 1;
        Some(c)
    }

    /// Spaces and tabs.
    fn ws(&mut self) {
        while let Some(b' ' | b'\t') = self.peek() {
            self.i += 1;
        }
    }

    /// A comment from its `#` to the end of the line (not including the newline).
    fn comment(&mut self) -> Option<()> {
        self.i += 1;
        let rest = &self.b[self.i..];
        let line = &rest[..memchr::memchr(b'\n', rest).unwrap_or(rest.len())];
        // The CR of a CRLF is the newline's; any other is refused below.
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if any_control(line) {
            return None;
        }
        self.i += line.len();
        Some(())
    }

    /// A newline: LF or CRLF (a lone CR is not one).
    fn newline(&mut self) -> Option<()> {
        match self.bump()? {
            b'\n' => Some(()),
            b'\r' if self.bump()? == b'\n' => Some(()),
            _ => None,
        }
    }

    /// The rest of a line: spaces, a comment, then a newline or the end.
    fn line_end(&mut self) -> Option<()> {
        self.ws();
        if self.peek() == Some(b'#') {
            self.comment()?;
        }
        match self.peek() {
            None => Some(()),
            _ => self.newline(),
        }
    }

    /// Spaces, newlines and comments, as between the values of an array.
    fn blank(&mut self) -> Option<()> {
        loop {
            self.ws();
            match self.peek() {
                Some(b'#') => self.comment()?,
                Some(b'\n' | b'\r') => self.newline()?,
                _ => return Some(()),
            }
        }
    }

    fn bare_key(&mut self) -> Option<&'a str> {
        let start = self.i;
        while let Some(b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-') = self.peek() {
            self.i += 1;
        }
        (self.i > start).then(|| &self.s[start..self.i])
    }

    fn value(&mut self, depth: usize) -> Option<V<'a>> {
        if depth > MAX_DEPTH {
            return None;
        }
        match self.peek()? {
            b'"' => self.basic().map(V::Str),
            b'\'' => self.literal().map(V::Str),
            b'[' => self.array(depth),
            b'{' => self.inline(depth),
            b't' => self.word("true").map(|_| V::Bool(true)),
            b'f' => self.word("false").map(|_| V::Bool(false)),
            b'-' | b'0'..=b'9' => self.integer(),
            _ => None,
        }
    }

    /// Whether the value just read ends here, as TOML requires.
    fn ends(&self) -> bool {
        matches!(
            self.peek(),
            None | Some(b' ' | b'\t' | b'\r' | b'\n' | b',' | b']' | b'}' | b'#')
        )
    }

    fn word(&mut self, w: &str) -> Option<()> {
        if !self.b[self.i..].starts_with(w.as_bytes()) {
            return None;
        }
        self.i += w.len();
        self.ends().then_some(())
    }

    /// A decimal integer without `+`, underscores or leading zeros.
    fn integer(&mut self) -> Option<V<'a>> {
        let start = self.i;
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        match self.bump()? {
            b'0' => {}
            b'1'..=b'9' => {
                while let Some(b'0'..=b'9') = self.peek() {
                    self.i += 1;
                }
            }
            _ => return None,
        }
        if !self.ends() {
            return None;
        }
        self.s[start..self.i].parse().ok().map(V::Int)
    }

    /// A basic string on one line, with the common escapes only.
    fn basic(&mut self) -> Option<Cow<'a, str>> {
        self.i += 1;
        if self.peek() == Some(b'"') {
            // `""` is empty; `"""` opens a multi-line string, left to the full parser.
            self.i += 1;
            return (self.peek() != Some(b'"')).then_some(Cow::Borrowed(""));
        }
        let mut owned: Option<String> = None;
        loop {
            let rest = &self.b[self.i..];
            let k = memchr::memchr2(b'"', b'\\', rest)?;
            if any_control(&rest[..k]) {
                return None;
            }
            let run = &self.s[self.i..self.i + k];
            self.i += k + 1;
            if rest[k] == b'"' {
                return Some(match owned {
                    None => Cow::Borrowed(run),
                    Some(mut o) => {
                        o.push_str(run);
                        Cow::Owned(o)
                    }
                });
            }
            let o = owned.get_or_insert_with(String::new);
            o.push_str(run);
            let e = match self.bump()? {
                b'b' => '\u{8}',
                b't' => '\t',
                b'n' => '\n',
                b'f' => '\u{c}',
                b'r' => '\r',
                b'"' => '"',
                b'\\' => '\\',
                b'u' => self.hex(4)?,
                b'U' => self.hex(8)?,
                _ => return None,
            };
            o.push(e);
        }
    }

    /// `n` hex digits naming a Unicode scalar value.
    fn hex(&mut self, n: usize) -> Option<char> {
        let digits = self.s.get(self.i..self.i + n)?;
        if !digits.bytes().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        self.i += n;
        char::from_u32(u32::from_str_radix(digits, 16).ok()?)
    }

    /// A literal string on one line.
    fn literal(&mut self) -> Option<Cow<'a, str>> {
        self.i += 1;
        if self.peek() == Some(b'\'') {
            self.i += 1;
            return (self.peek() != Some(b'\'')).then_some(Cow::Borrowed(""));
        }
        let rest = &self.b[self.i..];
        let k = memchr::memchr(b'\'', rest)?;
        if any_control(&rest[..k]) {
            return None;
        }
        let s = &self.s[self.i..self.i + k];
        self.i += k + 1;
        Some(Cow::Borrowed(s))
    }

    fn array(&mut self, depth: usize) -> Option<V<'a>> {
        self.i += 1;
        let mut items = Vec::new();
        loop {
            self.blank()?;
            if self.peek()? == b']' {
                self.i += 1;
                return Some(V::Arr(items));
            }
            items.push(self.value(depth + 1)?);
            self.blank()?;
            match self.bump()? {
                b',' => {}
                b']' => return Some(V::Arr(items)),
                _ => return None,
            }
        }
    }

    /// An inline table on one line, without a trailing comma.
    fn inline(&mut self, depth: usize) -> Option<V<'a>> {
        self.i += 1;
        let mut t = Table::new(Made::Inline, 4);
        self.ws();
        if self.peek()? == b'}' {
            self.i += 1;
            return Some(V::Table(t));
        }
        loop {
            self.ws();
            let key = self.bare_key()?;
            self.ws();
            if self.bump()? != b'=' {
                return None;
            }
            self.ws();
            let v = self.value(depth + 1)?;
            insert(&mut t, key, v)?;
            self.ws();
            match self.bump()? {
                b',' => {}
                b'}' => return Some(V::Table(t)),
                _ => return None,
            }
        }
    }
}

impl<'de> Deserializer<'de> for V<'de> {
    type Error = Error;

    fn deserialize_any<W: Visitor<'de>>(self, v: W) -> Result<W::Value, Error> {
        match self {
            V::Str(Cow::Borrowed(s)) => v.visit_borrowed_str(s),
            V::Str(Cow::Owned(s)) => v.visit_string(s),
            V::Int(n) => v.visit_i64(n),
            V::Bool(b) => v.visit_bool(b),
            V::Arr(items) => {
                let mut seq = SeqDeserializer::new(items.into_iter());
                let out = v.visit_seq(&mut seq)?;
                seq.end()?;
                Ok(out)
            }
            V::Table(t) => {
                let mut map = MapDeserializer::new(t.entries.into_iter());
                let out = v.visit_map(&mut map)?;
                map.end()?;
                Ok(out)
            }
        }
    }

    fn deserialize_option<W: Visitor<'de>>(self, v: W) -> Result<W::Value, Error> {
        v.visit_some(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
        byte_buf unit unit_struct newtype_struct seq tuple tuple_struct map struct
        enum identifier ignored_any
    }
}

impl<'de> IntoDeserializer<'de, Error> for V<'de> {
    type Deserializer = V<'de>;
    fn into_deserializer(self) -> V<'de> {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn value(v: &V<'_>) -> toml::Value {
        match v {
            V::Str(s) => toml::Value::String(s.to_string()),
            V::Int(n) => toml::Value::Integer(*n),
            V::Bool(b) => toml::Value::Boolean(*b),
            V::Arr(a) => toml::Value::Array(a.iter().map(value).collect()),
            V::Table(t) => toml::Value::Table(table(t)),
        }
    }

    fn table(t: &Table<'_>) -> toml::Table {
        t.entries
            .iter()
            .map(|(k, v)| (k.to_string(), value(v)))
            .collect()
    }

    /// What the scanner reads, if it reads it, must be what the toml crate reads.
    /// Returns whether the scanner read it.
    fn agrees(text: &str) -> bool {
        let Some(t) = parse(text) else { return false };
        match text.parse::<toml::Table>() {
            Ok(full) => assert_eq!(table(&t), full, "{text:?}"),
            Err(e) => panic!("the scanner read what toml refuses: {text:?}: {e}"),
        }
        true
    }

    #[test]
    fn reads_the_files_tandem_writes() {
        for entry in std::fs::read_dir("examples/workshop").unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(agrees(&text), "{}", path.display());
            assert!(agrees(&text.replace('\n', "\r\n")), "{}", path.display());
        }
    }

    /// Every TOML file in the repository (questionnaires, examples, the tests' own
    /// good and broken fixtures): read as the toml crate reads it, or left to it.
    #[test]
    fn agrees_with_toml_on_every_file_here() {
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                let name = p.file_name().unwrap().to_string_lossy().to_string();
                if p.is_dir()
                    && !name.starts_with('.')
                    && name != "target"
                    && name != "node_modules"
                {
                    walk(&p, out);
                } else if name.ends_with(".toml") {
                    out.push(p);
                }
            }
        }
        let mut files = Vec::new();
        walk(std::path::Path::new("."), &mut files);
        let (mut read, mut total) = (0, 0);
        for f in &files {
            let Ok(text) = std::fs::read_to_string(f) else {
                continue;
            };
            total += 1;
            read += usize::from(agrees(&text));
        }
        // Questionnaires (arrays of tables) go to the toml crate; answers files do not.
        assert!(total > 50 && read * 3 > total, "{read} of {total}");
    }

    #[test]
    fn reads_the_plain_subset() {
        for text in [
            "",
            "\n\n# only a comment\n",
            "a = 1\nb = -7\nc = 0\nd = -0\ne = 9223372036854775807\nf = -9223372036854775808",
            "a = true\nb = false # trailing\n",
            "a = \"\"\nb = ''\n",
            "s = \"tab\\tquote\\\"back\\\\slash\\u00e9\\U0001F600\\b\\f\\r\\n\"",
            "s = \"caf\u{e9} \u{1F600}\t\"\nl = 'C:\\path'",
            "a = []\nb = [ ]\nc = [1, 2,]\nd = [\n  \"x\", # note\n  \"y\"\n]\ne = [[1], [\"a\"]]",
            "t = {}\nu = { a = 1, b = \"x\", c = [1, 2], d = { e = true } }",
            "[answers]\nx = 1\n[answers.y]\nz = 2\n",
            "[a.b]\nx = 1\n[a]\ny = 2\n",
            "[ a . b ]\nx = 1",
            "a=1\r\nb=2\r\n",
            "key-with_dashes-9 = 1\n1234 = 2\n",
        ] {
            assert!(agrees(text), "{text:?}");
        }
    }

    #[test]
    fn gives_up_on_everything_else() {
        for text in [
            // Other values.
            "a = 1.5",
            "a = 1e3",
            "a = +1",
            "a = 1_000",
            "a = 0x1F",
            "a = 0o7",
            "a = 0b1",
            "a = 01",
            "a = -",
            "a = inf",
            "a = nan",
            "a = 2026-11-22",
            "a = 10:00:00",
            "a = \"\"\"x\"\"\"",
            "a = '''x'''",
            "a = \"\\e\"",
            "a = \"\\x41\"",
            "a = \"\\uD800\"",
            "a = \"\\u12\"",
            "a = trueish",
            "a = 99999999999999999999",
            // Other keys and tables.
            "a.b = 1",
            "\"a\" = 1",
            "'a' = 1",
            "[[a]]\nx = 1",
            "[\"a\"]",
            "a = 1\na = 2",
            "[a]\n[a]",
            "[a]\nb = 1\n[a.b]",
            "a = {}\n[a]",
            "a = { b = 1 }\n[a.c]",
            "a = { b = 1, }",
            "a = { b = 1,\n c = 2 }",
            "a = { b.c = 1 }",
            "a = { b = 1, b = 2 }",
            // Characters TOML refuses or this scanner does not take.
            "\u{feff}a = 1",
            "a = 1\rb = 2",
            "# bell \u{7}\na = 1",
            "# del \u{7f}",
            "a = \"nul \u{0}\"",
            "a = \"new\nline\"",
            "a = 'cr\r'",
            "a = 1 b = 2",
            "c = 'it''s'",
            "a = [1 2]",
            "a = [1,,2]",
            "a =",
            "= 1",
            "a = \"open",
            "[a",
            "[]",
        ] {
            assert!(parse(text).is_none(), "{text:?}");
        }
        // A table too large to look for repeated keys cheaply is left to the toml crate.
        let many: String = (0..=MAX_ENTRIES).map(|i| format!("k{i} = 1\n")).collect();
        assert!(parse(&many).is_none());
        assert!(agrees(&many[..many.rfind("k").unwrap()]));
        // Deep nesting stops early rather than recursing without end.
        let deep = format!("a = {}1{}", "[".repeat(100), "]".repeat(100));
        assert!(parse(&deep).is_none());
    }

    /// Pieces of TOML, good and bad, for generated documents.
    fn piece() -> impl Strategy<Value = String> {
        let key = prop_oneof![
            Just("a".to_string()),
            Just("b".to_string()),
            Just("answers".to_string()),
            Just("five-whys".to_string()),
            Just("x_1".to_string()),
            Just("\"q\"".to_string()),
            Just("a.b".to_string()),
            Just("".to_string()),
        ];
        let scalar = prop_oneof![
            "-?[0-9]{1,3}",
            Just("9223372036854775808".to_string()),
            Just("true".to_string()),
            Just("fals".to_string()),
            Just("1.0".to_string()),
            Just("2026-11-22".to_string()),
            "\"[a-z \\\\\"'#=\\[\\]{},\\t\\u{e9}\\u{7f}\\u{1}]{0,6}\"",
            "\"(\\\\[btnfr\"\\\\eux0-9a-fA-F]|[a-z]){0,4}\"",
            "'[a-z \\\\\"#\\t]{0,5}'",
            Just("\"\"\"x\"\"\"".to_string()),
        ];
        let value = scalar.prop_recursive(2, 8, 3, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..3)
                    .prop_map(|v| format!("[{}]", v.join(", "))),
                prop::collection::vec(inner.clone(), 0..3)
                    .prop_map(|v| format!("[\n  {},\n]", v.join(",\n  # c\n  "))),
                prop::collection::vec(("[abc]", inner), 0..3).prop_map(|v| {
                    let kv: Vec<String> = v.iter().map(|(k, v)| format!("{k} = {v}")).collect();
                    format!("{{ {} }}", kv.join(", "))
                }),
            ]
        });
        prop_oneof![
            (key.clone(), "[ \\t]{0,2}", value).prop_map(|(k, s, v)| format!("{k}{s}={s}{v}")),
            key.clone().prop_map(|k| format!("[{k}]")),
            key.prop_map(|k| format!("[answers.{k}]")),
            "# [a-z\\t\\u{7f}\\u{1}\"]{0,5}",
            Just(String::new()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        /// Generated documents of good and bad pieces: whatever the scanner reads, it
        /// reads as the toml crate does.
        #[test]
        fn agrees_with_toml_on_generated_documents(
            lines in prop::collection::vec((piece(), prop_oneof![Just("\n"), Just("\r\n"), Just("\r"), Just(" # x\n")]), 0..8)
        ) {
            let text: String = lines.iter().map(|(l, e)| format!("{l}{e}")).collect();
            agrees(&text);
        }

        /// A workshop file with a few bytes changed: the same.
        #[test]
        fn agrees_with_toml_on_mutated_files(
            file in 0usize..12,
            edits in prop::collection::vec((any::<prop::sample::Index>(), prop::sample::select(vec![
                "", "\r", "\n", "\0", "\u{7f}", "\"", "'", "\\", "#", "[", "]", "=", ".", ",",
                "{", "}", " ", "\t", "\u{e9}", "-", "0", "1.5", "_", "e", "\\u00", "\"\"", "x = 1\n",
            ])), 1..4)
        ) {
            let mut paths: Vec<_> = std::fs::read_dir("examples/workshop").unwrap()
                .map(|e| e.unwrap().path()).collect();
            paths.sort();
            let mut text = std::fs::read_to_string(&paths[file % paths.len()]).unwrap();
            for (at, s) in edits {
                let mut i = at.index(text.len() + 1);
                while !text.is_char_boundary(i) { i -= 1; }
                // Replace one character or insert, alternately by position.
                if i < text.len() && i % 2 == 0 {
                    let end = (i + 1..=text.len()).find(|j| text.is_char_boundary(*j)).unwrap();
                    text.replace_range(i..end, s);
                } else {
                    text.insert_str(i, s);
                }
            }
            agrees(&text);
        }
    }

    /// The generated documents are not all given up on (the property is not vacuous).
    #[test]
    fn generated_documents_are_often_read() {
        use proptest::strategy::ValueTree;
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let lines = prop::collection::vec(piece(), 1..4);
        let (mut read, mut total) = (0, 0);
        for _ in 0..2000 {
            let text = lines.new_tree(&mut runner).unwrap().current().join("\n");
            total += 1;
            read += usize::from(agrees(&text));
        }
        assert!(read * 10 > total && read < total, "{read} of {total}");
    }
}
