//! Free text is untrusted: names, answers and even questionnaire text come from files
//! anyone can write. These helpers make it inert for each kind of output.

use std::borrow::Cow;
use std::fmt::Write;

/// Characters that change how text around them looks without showing themselves:
/// zero-width characters, bidirectional controls, the byte-order mark.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00ad}'
        | '\u{034f}'
        | '\u{061c}'
        | '\u{115f}'
        | '\u{1160}'
        | '\u{180e}'
        | '\u{200b}'..='\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{206f}'
        | '\u{3164}'
        | '\u{fe00}'..='\u{fe0f}'
        | '\u{feff}'
        | '\u{ffa0}'
        | '\u{fff9}'..='\u{fffb}'
        | '\u{e0000}'..='\u{e007f}'
    )
}

/// For JSON output: serde_json escapes C0 controls but leaves C1 controls (U+009B opens
/// an escape sequence on some terminals), DEL, invisible and bidirectional characters
/// raw. They are written as `\uXXXX` escapes instead, so the value is unchanged for a
/// parser but inert when the file is shown. Outside strings JSON text is ASCII, so
/// escaping every such character in the whole text only touches string contents.
pub fn json_inert(json: String) -> String {
    // C0 controls stay raw: outside strings they are JSON's whitespace, and serde_json
    // escaped any inside. So only DEL and non-ASCII characters can need escaping: the
    // rest is skipped a byte at a time, and a report with nothing to escape is returned
    // as it is.
    let bytes = json.as_bytes();
    let mut out: Option<String> = None;
    let (mut done, mut i) = (0, 0);
    while let Some(at) = bytes[i..].iter().position(|&b| b >= 0x7f) {
        let start = i + at;
        // `start` is a character boundary: only ASCII bytes were skipped.
        let c = json[start..].chars().next().unwrap_or(' ');
        i = start + c.len_utf8();
        if c.is_control() || is_invisible(c) || matches!(c, '\u{2028}' | '\u{2029}') {
            let o = out.get_or_insert_with(|| String::with_capacity(json.len() + 16));
            o.push_str(&json[done..start]);
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                let _ = write!(o, "\\u{u:04x}");
            }
            done = i;
        }
    }
    match out {
        Some(mut o) => {
            o.push_str(&json[done..]);
            o
        }
        None => json,
    }
}

/// [`json_inert`] for JSON written as it is made: a writer passing bytes on, with every
/// character `json_inert` escapes escaped. A character split across two writes is held
/// until its last byte arrives; [`JsonInert::finish`] passes on whatever is left.
pub struct JsonInert<'a> {
    out: &'a mut dyn std::io::Write,
    /// The first bytes of a character whose last bytes have not arrived yet.
    pending: Vec<u8>,
}

impl<'a> JsonInert<'a> {
    pub fn new(out: &'a mut dyn std::io::Write) -> Self {
        JsonInert {
            out,
            pending: Vec::new(),
        }
    }

    /// Writes what is pending and flushes.
    pub fn finish(&mut self) -> std::io::Result<()> {
        let rest = std::mem::take(&mut self.pending);
        self.out.write_all(&rest)?;
        self.out.flush()
    }

    fn pass(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        // Most of a report is ASCII without DEL: checked a word at a time.
        if bytes.is_ascii() && !bytes.contains(&0x7f) {
            return self.out.write_all(bytes);
        }
        let mut start = 0;
        let mut i = 0;
        while i < bytes.len() {
            // ASCII below DEL is never escaped here (serde_json escapes C0 controls in
            // strings; outside strings they are the layout's own newlines): skipped in
            // one scan up to the next other byte.
            match bytes[i..].iter().position(|&b| b >= 0x7f) {
                Some(at) => i += at,
                None => break,
            }
            let len = match bytes[i] {
                0xf0.. => 4,
                0xe0.. => 3,
                0xc0.. => 2,
                _ => 1,
            };
            if i + len > bytes.len() {
                self.out.write_all(&bytes[start..i])?;
                self.pending.extend_from_slice(&bytes[i..]);
                return Ok(());
            }
            let c = std::str::from_utf8(&bytes[i..i + len])
                .ok()
                .and_then(|s| s.chars().next());
            match c {
                Some(c)
                    if c.is_control()
                        || is_invisible(c)
                        || matches!(c, '\u{2028}' | '\u{2029}') =>
                {
                    self.out.write_all(&bytes[start..i])?;
                    let mut units = [0u16; 2];
                    for u in c.encode_utf16(&mut units) {
                        write!(self.out, "\\u{u:04x}")?;
                    }
                    start = i + len;
                }
                _ => {}
            }
            i += len;
        }
        self.out.write_all(&bytes[start..])
    }
}

impl std::io::Write for JsonInert<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.pending.is_empty() {
            self.pass(buf)?;
        } else {
            let mut joined = std::mem::take(&mut self.pending);
            joined.extend_from_slice(buf);
            self.pass(&joined)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// For error messages: every control, invisible and bidirectional character is shown
/// as an escape (`\u{200b}`), so `"ic\u{200b}p"` is not mistaken for `icp` and no
/// file name can move the cursor or reverse the line.
pub fn escaped(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || is_invisible(c) => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

/// Whether `s` is printable ASCII only, which [`plain`] leaves as it is (most text is).
/// Every byte is looked at, none skipped at the first other one: a loop without an
/// early exit is one the compiler can make check many bytes at a time.
pub(crate) fn is_printable_ascii(s: &[u8]) -> bool {
    s.iter().fold(true, |ok, &b| ok & (0x20..0x7f).contains(&b))
}

/// The first byte at or after `from` that is not printable ASCII. Blocks of printable
/// ASCII are skipped whole, checked as [`is_printable_ascii`] checks: text with a dash
/// or curly quotes in it is mostly such blocks.
fn next_other(bytes: &[u8], from: usize) -> Option<usize> {
    const BLOCK: usize = 16;
    let mut i = from;
    while let Some(block) = bytes.get(i..i + BLOCK) {
        if !is_printable_ascii(block) {
            break;
        }
        i += BLOCK;
    }
    let at = bytes[i..]
        .iter()
        .position(|&b| !(0x20..0x7f).contains(&b))?;
    Some(i + at)
}

/// For terminals and Markdown: control characters (ANSI escapes start with one),
/// bidirectional overrides and other invisible format characters are removed;
/// newlines and tabs become spaces.
pub fn plain(s: &str) -> String {
    plain_cow(s).into_owned()
}

/// [`plain`], borrowing `s` when it has nothing to remove (most text): no copy for a
/// caller that only reads it.
pub fn plain_cow(s: &str) -> Cow<'_, str> {
    if is_printable_ascii(s.as_bytes()) {
        return Cow::Borrowed(s);
    }
    // Skip printable ASCII a byte at a time and copy clean runs whole, looking closer
    // only at the other bytes; a copy is made at the first character to remove.
    let mut out: Option<String> = None;
    let bytes = s.as_bytes();
    let (mut done, mut i) = (0, 0);
    while let Some(start) = next_other(bytes, i) {
        // `start` is a character boundary: only ASCII bytes were skipped.
        let c = s[start..].chars().next().unwrap_or(' ');
        i = start + c.len_utf8();
        if c.is_control() || is_invisible(c) {
            let o = out.get_or_insert_with(|| String::with_capacity(s.len()));
            o.push_str(&s[done..start]);
            if matches!(c, '\n' | '\t' | '\r') {
                o.push(' ');
            }
            done = i;
        }
    }
    match out {
        Some(mut o) => {
            o.push_str(&s[done..]);
            Cow::Owned(o)
        }
        None => Cow::Borrowed(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streamed_json_is_escaped_as_the_whole_text_is_in_any_pieces() {
        let text = "{\n  \"a\": \"x\u{9b}y\u{202e}z\u{2028}\u{7f}\u{e9}\u{1f600}\u{e0001}\"\n}\n";
        let want = json_inert(text.to_string());
        assert_ne!(want, text, "the sample has characters to escape");
        for piece in [1, 2, 3, 5, 7, 64] {
            let mut out = Vec::new();
            let mut w = JsonInert::new(&mut out);
            for chunk in text.as_bytes().chunks(piece) {
                std::io::Write::write_all(&mut w, chunk).unwrap();
            }
            w.finish().unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), want, "pieces of {piece}");
        }
    }

    #[test]
    fn strips_escape_sequences_and_controls() {
        assert_eq!(plain("a\u{1b}[31mred\u{1b}[0m"), "a[31mred[0m");
        assert_eq!(plain("x\ny\tz\u{7}\u{9b}2J"), "x y z2J");
        assert_eq!(plain("abc\u{202e}cba"), "abccba");
        assert_eq!(plain("ic\u{200b}p\u{2060}"), "icp");
        assert_eq!(plain("\u{7f}é\u{85}\u{feff}—\r\n"), "é—  ");
        assert_eq!(plain(""), "");
        assert!(matches!(plain_cow("Café — “ok”"), Cow::Borrowed(_)));
        assert_eq!(plain_cow("é\u{200b}x"), "éx");
        let long = "A sentence of printable ASCII, long enough for blocks \u{1b}[2J—then more.";
        assert_eq!(plain(long), long.replace('\u{1b}', ""));
        assert_eq!(
            plain("Marketing & “Sales” — ok"),
            "Marketing & “Sales” — ok"
        );
    }

    #[test]
    fn escapes_what_cannot_be_seen() {
        assert_eq!(escaped("ic\u{200b}p"), "ic\\u{200b}p");
        assert_eq!(escaped("a\u{1b}[31m\nb"), "a\\u{1b}[31m\\nb");
        assert_eq!(escaped("x\u{202e}y\u{9b}"), "x\\u{202e}y\\u{9b}");
        assert_eq!(escaped("Café “ok”"), "Café “ok”");
    }

    #[test]
    fn json_escapes_only_what_cannot_be_seen() {
        let j = |s: &str| json_inert(s.to_string());
        assert_eq!(
            j("{\n  \"a\": \"Café — ok\"\n}"),
            "{\n  \"a\": \"Café — ok\"\n}"
        );
        assert_eq!(j("\"x\u{7f}y\u{9b}z\""), "\"x\\u007fy\\u009bz\"");
        assert_eq!(j("\"é\u{202e}\u{2028}é\""), "\"é\\u202e\\u2028é\"");
        // Beyond the basic plane: a surrogate pair, as JSON spells it.
        assert_eq!(j("\"\u{e0041}\""), "\"\\udb40\\udc41\"");
    }
}
