//! Free text is untrusted: names, answers and even questionnaire text come from files
//! anyone can write. These helpers make it inert for each kind of output.

/// For terminals and Markdown: control characters (ANSI escapes start with one),
/// bidirectional overrides and other invisible format characters are removed;
/// newlines and tabs become spaces.
pub fn plain(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\t' | '\r' => out.push(' '),
            c if c.is_control() => {}
            '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
            | '\u{feff}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_escape_sequences_and_controls() {
        assert_eq!(plain("a\u{1b}[31mred\u{1b}[0m"), "a[31mred[0m");
        assert_eq!(plain("x\ny\tz\u{7}\u{9b}2J"), "x y z2J");
        assert_eq!(plain("abc\u{202e}cba"), "abccba");
        assert_eq!(
            plain("Marketing & “Sales” — ok"),
            "Marketing & “Sales” — ok"
        );
    }
}
