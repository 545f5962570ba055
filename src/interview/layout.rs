//! Text laid out for the terminal before it is drawn: wrapped by word, never wider
//! than the terminal, so the program knows how many rows everything takes.

/// The narrowest terminal the interview is drawn in; `tandem run` refuses narrower.
pub const MIN_WIDTH: usize = 40;

/// Columns to lay text out in: one short of the terminal's `cols`, so no line fills the
/// last column (terminals disagree on where the cursor goes then).
pub fn width(cols: usize) -> usize {
    cols.max(MIN_WIDTH / 2) - 1
}

/// `text` wrapped at word boundaries to `width` columns, paragraph by paragraph, the
/// first line after `first`, the rest after `rest`.
pub fn wrap(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (n, para) in text.split('\n').enumerate() {
        // Broken between words only, not at hyphens ("hand-off" stays whole).
        let opts = textwrap::Options::new(width.max(1))
            .word_splitter(textwrap::WordSplitter::NoHyphenation)
            .initial_indent(if n == 0 { first } else { rest })
            .subsequent_indent(rest);
        out.extend(
            textwrap::wrap(para, opts)
                .into_iter()
                .map(|c| c.into_owned()),
        );
    }
    out
}

/// A hint such as "↑↓ move · Enter chooses · Esc back" wrapped between its parts, so
/// that no part ("Esc back") is split over two lines; a part wider than `width` is
/// wrapped by word.
pub fn hint(text: &str, width: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for part in text.split(" · ") {
        let cols = |s: &str| console::measure_text_width(s);
        if line.is_empty() {
            line = part.to_string();
        } else if cols(&line) + 3 + cols(part) <= width {
            line.push_str(" · ");
            line.push_str(part);
        } else {
            out.push(std::mem::replace(&mut line, format!("· {part}")));
        }
        if cols(&line) > width {
            let mut w = wrap(&line, width, "", "");
            line = w.pop().unwrap_or_default();
            out.extend(w);
        }
    }
    out.push(line);
    out
}

/// An item of a list wrapped to `width` columns, its lines joined by newlines, with
/// continuation lines under its text past a number it starts with ("12. " or "3  "),
/// else hanging two columns in, so that each item's first line stands out.
///
/// dialoguer decides how many rows a list item took by the bytes of each line, not
/// its columns; a line of accented or typographic characters can have more bytes than
/// the terminal has columns although it fits. So the item is wrapped narrower until
/// no line has more bytes than `cols`, and dialoguer erases exactly what it drew.
pub fn item(text: &str, width: usize, cols: usize) -> String {
    let indent = " ".repeat(hang(text));
    let mut w = width;
    loop {
        let lines = wrap(text, w, "", &indent);
        let widest = lines.iter().map(String::len).max().unwrap_or(0);
        if widest <= cols || w <= MIN_WIDTH / 4 {
            return lines.join("\n");
        }
        w -= (widest - cols).min(w - MIN_WIDTH / 4);
    }
}

/// The columns a continuation line of `item` is indented by: past the number it starts
/// with and the gap after it, else two.
fn hang(item: &str) -> usize {
    match leading_number(item) {
        Some((_, gap)) => gap,
        None => 2,
    }
}

/// "3  Agree" → (3, 3), "12. Text" → (12, 4): the number an item starts with, and
/// where its text begins.
pub fn leading_number(item: &str) -> Option<(i64, usize)> {
    let digits = item.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 || digits > 4 {
        return None;
    }
    let rest = &item[digits..];
    let gap = if rest.starts_with("  ") || rest.starts_with(". ") {
        2
    } else if rest.is_empty() {
        0
    } else {
        return None;
    };
    Some((item[..digits].parse().ok()?, digits + gap))
}

/// A shell command laid out to be copied, in `cols` columns: on one line when it
/// fits, else broken between words with a trailing `\` so that pasted whole it is
/// still one command; continuation lines are indented. A word is never split: one too
/// wide for its indent starts its line, and the terminal wraps only a word wider than
/// itself.
pub fn command(cmd: &str, cols: usize, indent: &str) -> Vec<String> {
    let width = |s: &str| console::measure_text_width(s);
    let words: Vec<&str> = cmd.split(' ').filter(|w| !w.is_empty()).collect();
    let cont = format!("{indent}  ");
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for (i, word) in words.iter().enumerate() {
        // Room for the " \" unless the word ends the command.
        let mark = if i + 1 < words.len() { 2 } else { 0 };
        if !line.is_empty() && width(&line) + 1 + width(word) + mark <= cols {
            line.push(' ');
            line.push_str(word);
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        let lead = if lines.is_empty() { indent } else { &cont };
        line = if width(lead) + width(word) + mark.min(1) <= cols {
            format!("{lead}{word}")
        } else {
            word.to_string()
        };
    }
    lines.push(line);
    // The mark: " \", or "\" alone where that does not fit and the next line starts
    // with a space (which keeps the words apart once the shell joins the lines).
    let n = lines.len();
    for i in 0..n.saturating_sub(1) {
        let tight = width(&lines[i]) + 2 > cols && lines[i + 1].starts_with(' ');
        lines[i].push_str(if tight { "\\" } else { " \\" });
    }
    lines
}

/// Prose for the closing messages wrapped by word to `width`, joined with newlines; a
/// word longer than the width (a path) is left whole rather than cut.
pub fn prose(text: &str, width: usize) -> String {
    let opts = textwrap::Options::new(width.max(1))
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .break_words(false);
    textwrap::wrap(text, opts).join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_hang_under_their_text_and_fit_in_bytes() {
        let it = item(
            "12. How sure are you — about this quite long question?",
            20,
            21,
        );
        for l in it.lines() {
            assert!(l.len() <= 21, "{l:?}");
            assert!(console::measure_text_width(l) <= 20, "{l:?}");
        }
        assert!(it.lines().skip(1).all(|l| l.starts_with("    ")), "{it}");
        // Dashes are three bytes each: the line is made narrower until it fits.
        let dashes = item(&["——"; 20].join(" "), 37, 40);
        assert!(dashes.lines().count() > 1, "{dashes}");
        assert!(dashes.lines().all(|l| l.len() <= 40), "{dashes}");
    }

    #[test]
    fn hints_break_between_their_parts() {
        let h = hint(
            "↑↓ move · Space ticks · Enter confirms · ←→ page · Esc back",
            24,
        );
        assert_eq!(
            h,
            [
                "↑↓ move · Space ticks",
                "· Enter confirms",
                "· ←→ page · Esc back"
            ]
        );
        assert_eq!(hint("Esc back", 40), ["Esc back"]);
    }

    #[test]
    fn leading_numbers_are_read_with_their_gap() {
        assert_eq!(leading_number("3  Agree"), Some((3, 3)));
        assert_eq!(leading_number("12. Text"), Some((12, 4)));
        assert_eq!(leading_number("3 calls a week"), None);
        assert_eq!(leading_number("Don't know"), None);
    }

    #[test]
    fn a_long_command_breaks_between_words_with_continuations() {
        let lines = command(
            "tandem run -q /a/very/long/questionnaire.toml --resume /tmp/answers.toml",
            40,
            "  ",
        );
        assert!(lines.len() > 1, "{lines:?}");
        for (i, l) in lines.iter().enumerate() {
            assert!(l.chars().count() <= 40, "{l:?}");
            assert_eq!(l.ends_with(" \\"), i + 1 < lines.len(), "{l:?}");
        }
        let joined: Vec<&str> = lines
            .iter()
            .flat_map(|l| l.split_whitespace())
            .filter(|w| *w != "\\")
            .collect();
        assert_eq!(
            joined.join(" "),
            "tandem run -q /a/very/long/questionnaire.toml --resume /tmp/answers.toml"
        );
        assert_eq!(
            command("tandem score x.toml", 40, ""),
            ["tandem score x.toml"]
        );
        // A word as wide as the terminal less one: alone on its line, the mark close.
        let path = format!("/{}", "p".repeat(38));
        let lines = command(&format!("tandem run -q {path} --resume x.toml"), 40, "  ");
        assert_eq!(lines[1], format!("{path}\\"), "{lines:?}");
        assert!(lines[2].starts_with("  "), "{lines:?}");
        assert!(lines.iter().all(|l| l.chars().count() <= 40), "{lines:?}");
    }
}
