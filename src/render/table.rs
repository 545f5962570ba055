//! Box tables for text output, drawn exactly as comfy-table 8.0.1 draws them with
//! `UTF8_FULL_CONDENSED.with_rounded_corners()`, `ContentArrangement::Dynamic` and a
//! fixed width, for a fraction of its cost (#18): cells keep borrowed text and their
//! width is measured once, lines that fit are written straight into the output, and
//! only cells that wrap are split, into slices of their own text.
//!
//! Every step mirrors comfy-table's (function names below are its own), including its
//! odd corners, because text reports must not change by a byte when we swap renderers;
//! the proptest at the bottom compares the two on generated tables.

use std::borrow::Cow;
use std::fmt::{self, Write};

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// comfy-table's `MIN_FREE_CHARS`: a line with no more room than this is finished.
const MIN_FREE: usize = 2;
/// comfy-table's default column padding, one space either side.
const PAD: u16 = 2;

/// One cell: its text (split into lines at `'\n'`) and which side it hugs.
#[derive(Debug, Clone)]
pub struct Cell<'a> {
    text: Cow<'a, str>,
    right: bool,
    /// Display width of the widest line, measured once here.
    width: usize,
    multiline: bool,
}

impl<'a> Cell<'a> {
    /// A left-aligned cell.
    pub fn new(text: impl Into<Cow<'a, str>>) -> Self {
        let text = text.into();
        let (width, multiline) = if printable_ascii(&text) {
            (text.len(), false)
        } else if text.contains('\n') {
            (text.split('\n').map(width).max().unwrap_or(0), true)
        } else {
            (width(&text), false)
        };
        Cell {
            text,
            right: false,
            width,
            multiline,
        }
    }

    /// A cell aligned right when `right` holds, left otherwise.
    pub fn aligned(text: impl Into<Cow<'a, str>>, right: bool) -> Self {
        Cell {
            right,
            ..Cell::new(text)
        }
    }

    /// This cell aligned right.
    pub fn right(self) -> Self {
        Cell {
            right: true,
            ..self
        }
    }

    /// Each line of the text with its display width.
    fn lines<'s>(&'s self, mut f: impl FnMut(&'s str, usize)) {
        if self.multiline {
            self.text.split('\n').for_each(|l| f(l, width(l)));
        } else {
            f(&self.text, self.width);
        }
    }
}

/// A table at most `width` columns wide (unless even one column per cell cannot fit).
/// Cells live in one vector and rows are ranges of it: one allocation, not one per row.
#[derive(Debug, Clone)]
pub struct Table<'a> {
    width: u16,
    cells: Vec<Cell<'a>>,
    head: Option<(usize, usize)>,
    rows: Vec<(usize, usize)>,
    columns: usize,
}

impl<'a> Table<'a> {
    pub fn new(width: u16) -> Self {
        Table {
            width,
            cells: Vec::new(),
            head: None,
            rows: Vec::new(),
            columns: 0,
        }
    }

    /// Sets the header row (replacing any earlier one).
    pub fn header(&mut self, cells: impl IntoIterator<Item = Cell<'a>>) -> &mut Self {
        self.head = Some(self.push(cells));
        self
    }

    /// Adds a row; a row shorter than the widest is padded with blank cells.
    pub fn row(&mut self, cells: impl IntoIterator<Item = Cell<'a>>) -> &mut Self {
        let r = self.push(cells);
        self.rows.push(r);
        self
    }

    fn push(&mut self, cells: impl IntoIterator<Item = Cell<'a>>) -> (usize, usize) {
        let start = self.cells.len();
        self.cells.extend(cells);
        self.columns = self.columns.max(self.cells.len() - start);
        (start, self.cells.len())
    }

    /// Appends the table, without a final newline, to `out`.
    pub fn write_to(&self, out: &mut String) {
        let widths = self.arrange();
        // Room for the rules and one line per row (more if cells wrap), so the string
        // grows once rather than doubling its way up; rules take 3 bytes a column.
        let rows = self.rows.len() + usize::from(self.head.is_some());
        let line: usize = widths.iter().map(|&w| 3 * (usize::from(w) + 3)).sum();
        out.reserve((line + 6) * (rows + 3));
        // Writing to a String cannot fail.
        let _ = self.render(out, &widths);
    }

    /// Header first, then the rows: comfy-table's `column_cells_with_header_iter` order.
    fn all_rows(&self) -> impl Iterator<Item = &[Cell<'a>]> {
        self.head
            .iter()
            .chain(&self.rows)
            .map(|&(s, e)| &self.cells[s..e])
    }

    fn render(&self, out: &mut impl Write, widths: &[u16]) -> fmt::Result {
        border(out, ['╭', '┬', '╮'], THIN, widths)?;
        // Reused by every row: a row's lines, and each column's span of them.
        let mut lines: Vec<(&str, usize)> = Vec::with_capacity(widths.len());
        let mut spans: Vec<(usize, usize)> = Vec::with_capacity(widths.len());
        if let Some((s, e)) = self.head {
            write_row(out, &self.cells[s..e], widths, &mut lines, &mut spans)?;
            out.write_char('\n')?;
            border(out, ['╞', '╪', '╡'], DOUBLE, widths)?;
        }
        for &(s, e) in &self.rows {
            write_row(out, &self.cells[s..e], widths, &mut lines, &mut spans)?;
        }
        out.write_char('\n')?;
        border(out, ['╰', '┴', '╯'], THIN, widths)
    }

    /// Content width of each column: comfy-table's `dynamic::arrange` without the
    /// constraints we never set. Widths are u16 where comfy-table's are, saturating
    /// and clamping as it does.
    fn arrange(&self) -> Vec<u16> {
        let n = self.columns;
        // `column_max_content_widths`: at least 1 per column.
        let mut max = vec![0u16; n];
        for row in self.all_rows() {
            for (m, cell) in max.iter_mut().zip(row) {
                *m = (*m).max(clamp(cell.width).max(1));
            }
        }
        let mut arr = Arrangement {
            // Border columns: left, right and one between each pair.
            remaining: usize::from(self.width)
                .saturating_sub(2 + n.saturating_sub(1))
                .saturating_sub(n * usize::from(PAD)),
            left: n,
            fixed: vec![None; n],
        };

        // `find_columns_that_fit_into_average`: fix every column no wider than the
        // average room left, which grows the average for the rest; repeat until none.
        loop {
            if arr.left == 0 || arr.average() == 0 {
                break;
            }
            let mut found = false;
            for (c, &m) in max.iter().enumerate() {
                if arr.fixed[c].is_none() && usize::from(m) <= arr.average() {
                    found = true;
                    if !arr.fix(c, m) {
                        break;
                    }
                }
            }
            if !found {
                break;
            }
        }

        // `optimize_space_after_split`: a column whose words wrap to lines at least 3
        // narrower than the average is fixed at its longest wrapped line.
        while arr.left > 0 {
            let mut found = false;
            for c in 0..n {
                if arr.fixed[c].is_some() {
                    continue;
                }
                let average = arr.average();
                // Saves wrapping every cell when the test below cannot pass.
                if average < 3 {
                    continue;
                }
                let longest = self.longest_line_after_split(average, c);
                if average.saturating_sub(longest) >= 3 {
                    if !arr.fix(c, clamp(longest)) {
                        break;
                    }
                    found = true;
                }
            }
            if !found {
                break;
            }
        }

        // `distribute_remaining_space`: the rest share what is left evenly (at least
        // one each), the first columns taking the odd units.
        if arr.left > 0 {
            let room = arr.remaining.max(arr.left);
            let (each, excess) = (room / arr.left, room % arr.left);
            let undecided = arr.fixed.iter_mut().filter(|f| f.is_none());
            for (k, f) in undecided.enumerate() {
                *f = Some(clamp(each + usize::from(k < excess)).max(1));
            }
        }
        arr.fixed.into_iter().map(|w| w.unwrap_or(1)).collect()
    }

    /// The widest line of column `c` once lines wider than `average` are wrapped.
    fn longest_line_after_split(&self, average: usize, c: usize) -> usize {
        // comfy-table wraps at the average, but at no less than 1 (`ColumnDisplayInfo::new`).
        let wrap = usize::from(clamp(average).max(1));
        let mut longest = 0;
        for cell in self.all_rows().filter_map(|r| r.get(c)) {
            cell.lines(|line, w| {
                if w > average {
                    split_line(line, wrap, |part| longest = longest.max(width(part)));
                } else {
                    longest = longest.max(w);
                }
            });
        }
        longest
    }
}

impl fmt::Display for Table<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.render(f, &self.arrange())
    }
}

/// Column widths being decided: room not yet given out, columns still undecided.
struct Arrangement {
    remaining: usize,
    left: usize,
    fixed: Vec<Option<u16>>,
}

impl Arrangement {
    fn average(&self) -> usize {
        self.remaining.checked_div(self.left).unwrap_or(0)
    }

    /// comfy-table's `fix_column`: the column gets at least 1, but only `width` is
    /// taken from the room. False once no column is left undecided.
    fn fix(&mut self, c: usize, width: u16) -> bool {
        self.fixed[c] = Some(width.max(1));
        self.remaining = self.remaining.saturating_sub(usize::from(width));
        self.left -= 1;
        self.left > 0
    }
}

/// One row's lines (`format_row` then `draw_rows`): each cell's lines, wrapped where
/// wider than its column, then line by line with blanks under the shorter cells.
fn write_row<'s>(
    out: &mut impl Write,
    cells: &'s [Cell<'_>],
    widths: &[u16],
    lines: &mut Vec<(&'s str, usize)>,
    spans: &mut Vec<(usize, usize)>,
) -> fmt::Result {
    lines.clear();
    spans.clear();
    let mut height = 0;
    for (c, &cw) in widths.iter().enumerate() {
        let start = lines.len();
        match cells.get(c) {
            Some(cell) => cell.lines(|line, w| {
                if w > usize::from(cw) {
                    split_line(line, cw.into(), |part| lines.push((part, width(part))));
                } else {
                    lines.push((line, w));
                }
            }),
            // A missing cell is one blank line; a cell can have none (below).
            None => height = height.max(1),
        }
        spans.push((start, lines.len()));
        height = height.max(lines.len() - start);
    }
    for k in 0..height {
        out.write_str("\n│")?;
        for (c, (&cw, &(s, e))) in widths.iter().zip(spans.iter()).enumerate() {
            if c > 0 {
                out.write_char('┆')?;
            }
            if s + k < e {
                let (text, w) = lines[s + k];
                // `align_line`; a line wider than its column (a wide character in a
                // column 1 wide) is written unpadded, overflowing as comfy-table does.
                let gap = usize::from(cw).saturating_sub(w);
                let right = cells[c].right;
                spaces(out, 1 + if right { gap } else { 0 })?;
                out.write_str(text)?;
                spaces(out, 1 + if right { 0 } else { gap })?;
            } else {
                spaces(out, cw.saturating_add(PAD).into())?;
            }
        }
        out.write_char('│')?;
    }
    Ok(())
}

/// A horizontal rule: left corner, each column's width of fill joined by junctions,
/// right corner.
fn border(out: &mut impl Write, [l, mid, r]: [char; 3], run: &str, widths: &[u16]) -> fmt::Result {
    out.write_char(l)?;
    for (c, &cw) in widths.iter().enumerate() {
        if c > 0 {
            out.write_char(mid)?;
        }
        repeat(out, run, cw.saturating_add(PAD).into())?;
    }
    out.write_char(r)
}

const BLANKS: &str = "                                ";
const THIN: &str = "────────────────────────────────";
const DOUBLE: &str = "════════════════════════════════";

fn spaces(out: &mut impl Write, n: usize) -> fmt::Result {
    repeat(out, BLANKS, n)
}

/// `n` copies of the character `run` repeats, written a run at a time rather than
/// a character at a time.
fn repeat(out: &mut impl Write, run: &str, mut n: usize) -> fmt::Result {
    let unit = run.chars().next().map_or(1, char::len_utf8);
    let per = run.len() / unit;
    while n > 0 {
        let k = n.min(per);
        out.write_str(&run[..k * unit])?;
        n -= k;
    }
    Ok(())
}

/// comfy-table's `split_line` for a line wider than `cw`, handing each wrapped line
/// to `emit`. Its lines are built of consecutive space-separated words (or parts of a
/// word), so each is a slice of `line`: the line being built is the range `s..e`,
/// empty when `s == e`. Widths are tracked as comfy-table tracks them (sum of the
/// words' widths plus one per space), not re-measured.
fn split_line<'s>(line: &'s str, cw: usize, mut emit: impl FnMut(&'s str)) {
    // The next word not yet read, and a word (or its tail) put back to read again.
    let mut next = Some(0);
    let mut put_back: Option<(usize, usize)> = None;
    let (mut s, mut e, mut len) = (0, 0, 0);
    loop {
        let (ws, we) = if let Some(w) = put_back.take() {
            w
        } else if let Some(at) = next {
            match line[at..].find(' ') {
                Some(i) => {
                    next = Some(at + i + 1);
                    (at, at + i)
                }
                None => {
                    next = None;
                    (at, line.len())
                }
            }
        } else {
            break;
        };
        let word = &line[ws..we];
        let wlen = width(word);
        let empty = s == e;
        let sep = usize::from(!empty);
        let room = cw.saturating_sub(len).saturating_sub(sep);

        // The word fits on this line. (An empty word on an empty line adds nothing:
        // comfy-table drops runs of spaces at the start of a line this way.)
        if wlen + len + sep <= cw {
            if empty {
                s = ws;
            }
            e = we;
            len += sep + wlen;
            if len > cw.saturating_sub(MIN_FREE) {
                emit(&line[s..e]);
                (s, len) = (e, 0);
            }
            continue;
        }
        // Too little room left to start the word here: next line.
        if !empty && room <= MIN_FREE {
            put_back = Some((ws, we));
            emit(&line[s..e]);
            (s, len) = (e, 0);
            continue;
        }
        // A word wider than a whole line: fill the room with its head, then go on with
        // its tail. A head of nothing on an empty line would loop forever, so the first
        // character goes out alone even if too wide (comfy-table's "ugly hack").
        if wlen > cw {
            let head = split_long_word(room, word);
            let end = if empty && head == 0 {
                ws + word.chars().next().map_or(0, char::len_utf8)
            } else {
                ws + head
            };
            emit(&line[if empty { ws } else { s }..end]);
            put_back = Some((end, we));
            (s, e, len) = (0, 0, 0);
            continue;
        }
        // The word fits a line of its own.
        emit(&line[s..e]);
        (s, e, len) = (ws, we, wlen);
        if len > cw.saturating_sub(MIN_FREE) {
            emit(&line[s..e]);
            (s, len) = (e, 0);
        }
    }
    if s != e {
        emit(&line[s..e]);
    }
}

/// comfy-table's `split_long_word`: the byte length of the longest head of `word` at
/// most `allowed` wide, cut between grapheme clusters (bytes for printable ASCII).
fn split_long_word(allowed: usize, word: &str) -> usize {
    if printable_ascii(word) {
        return word.len().min(allowed);
    }
    let mut used = 0;
    for (i, g) in word.grapheme_indices(true) {
        let w = g.width();
        if used + w > allowed {
            return i;
        }
        used += w;
    }
    word.len()
}

/// Display width as comfy-table measures it, without the table lookups for the
/// printable ASCII that is nearly all of our text.
fn width(s: &str) -> usize {
    if printable_ascii(s) {
        s.len()
    } else {
        s.width()
    }
}

fn printable_ascii(s: &str) -> bool {
    crate::sanitize::is_printable_ascii(s.as_bytes())
}

fn clamp(w: usize) -> u16 {
    w.try_into().unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ours(width: u16, head: Option<&[(&str, bool)]>, rows: &[&[(&str, bool)]]) -> String {
        let mut t = Table::new(width);
        if let Some(h) = head {
            t.header(h.iter().map(|&(s, r)| Cell::aligned(s, r)));
        }
        for row in rows {
            t.row(row.iter().map(|&(s, r)| Cell::aligned(s, r)));
        }
        let mut out = String::new();
        t.write_to(&mut out);
        assert_eq!(out, t.to_string(), "Display and write_to agree");
        out
    }

    fn comfy(width: u16, head: Option<&[(&str, bool)]>, rows: &[&[(&str, bool)]]) -> String {
        use comfy_table::{CellAlignment, ContentArrangement, presets};
        let cell = |&(s, r): &(&str, bool)| {
            let c = comfy_table::Cell::new(s);
            if r {
                c.set_alignment(CellAlignment::Right)
            } else {
                c
            }
        };
        let mut t = comfy_table::Table::new();
        t.load_style(presets::UTF8_FULL_CONDENSED.with_rounded_corners())
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(width);
        if let Some(h) = head {
            t.set_header(h.iter().map(cell).collect::<Vec<_>>());
        }
        for row in rows {
            t.add_row(row.iter().map(cell).collect::<Vec<_>>());
        }
        t.to_string()
    }

    /// Text built from pieces that exercise each path: words, words too long for any
    /// column, runs of spaces, newlines, empty text, wide and zero-width characters,
    /// grapheme clusters of several characters, and control characters.
    fn text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            4 => "[a-z]{1,8}",
            1 => "[A-Za-z0-9]{12,40}",
            3 => Just(" ".to_string()),
            1 => " {2,4}",
            1 => Just("\n".to_string()),
            1 => Just(String::new()),
            1 => prop::sample::select(vec![
                "漢字", "日本語テキスト", "👍", "🙂\u{200d}↕\u{fe0f}", "e\u{301}", "\u{301}",
                "\u{200b}", "👨\u{200d}👩\u{200d}👧", "ｗｉｄｅ", "\t", "\r\n", "é", "🇫🇷",
            ])
            .prop_map(String::from),
        ];
        prop::collection::vec(piece, 0..12).prop_map(|v| v.concat())
    }

    fn row(max: usize) -> impl Strategy<Value = Vec<(String, bool)>> {
        prop::collection::vec((text(), any::<bool>()), 0..=max)
    }

    fn refs(r: &[(String, bool)]) -> Vec<(&str, bool)> {
        r.iter().map(|(s, b)| (s.as_str(), *b)).collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        /// Any table, any width: the same bytes as comfy-table.
        #[test]
        fn same_as_comfy_table(
            width in prop_oneof![0u16..=40, 0u16..=140],
            head in prop::option::weighted(0.9, row(6)),
            rows in prop::collection::vec(row(6), 0..=8),
        ) {
            let head = head.as_ref().map(|r| refs(r));
            let rows: Vec<Vec<(&str, bool)>> = rows.iter().map(|r| refs(r)).collect();
            let rows: Vec<&[(&str, bool)]> = rows.iter().map(Vec::as_slice).collect();
            prop_assert_eq!(
                ours(width, head.as_deref(), &rows),
                comfy(width, head.as_deref(), &rows)
            );
        }
    }

    const L: bool = false;
    const R: bool = true;

    /// Checks ours against a literal, and that comfy-table agrees with the literal.
    fn check(width: u16, head: Option<&[(&str, bool)]>, rows: &[&[(&str, bool)]], want: &str) {
        assert_eq!(ours(width, head, rows), want);
        assert_eq!(comfy(width, head, rows), want);
    }

    #[test]
    fn fits_pads_and_aligns_and_fills_short_rows() {
        check(
            80,
            Some(&[("Question", L), ("Score", R), ("Gap", R)]),
            &[
                &[("Lead handoff", L), ("4.5", R), ("-1", R)],
                &[("Shared goals", L)],
            ],
            "╭──────────────┬───────┬─────╮\n\
             │ Question     ┆ Score ┆ Gap │\n\
             ╞══════════════╪═══════╪═════╡\n\
             │ Lead handoff ┆   4.5 ┆  -1 │\n\
             │ Shared goals ┆       ┆     │\n\
             ╰──────────────┴───────┴─────╯",
        );
    }

    #[test]
    fn empty_and_header_only_tables() {
        check(0, None, &[], "╭╮\n╰╯");
        check(
            80,
            Some(&[("Only", L), ("head", R)]),
            &[],
            "╭──────┬──────╮\n│ Only ┆ head │\n╞══════╪══════╡\n╰──────┴──────╯",
        );
    }

    #[test]
    fn wraps_words_then_splits_long_ones() {
        check(
            12,
            Some(&[("Name", L), ("Score", R)]),
            &[&[("alpha beta gamma delta", L), ("12", R)], &[("x", L)]],
            "╭─────┬────╮\n│ Nam ┆ Sc │\n│ e   ┆ or │\n│     ┆  e │\n╞═════╪════╡\n\
             │ alp ┆ 12 │\n│ ha  ┆    │\n│ bet ┆    │\n│ a   ┆    │\n│ gam ┆    │\n\
             │ ma  ┆    │\n│ del ┆    │\n│ ta  ┆    │\n│ x   ┆    │\n╰─────┴────╯",
        );
        // A line is finished while 2 or fewer columns are left on it.
        check(
            16,
            None,
            &[&[("a b c d e f g h i j", L)]],
            "╭──────────────╮\n│ a b c d e f  │\n│ g h i j      │\n╰──────────────╯",
        );
    }

    #[test]
    fn narrower_than_the_borders_gives_each_column_one() {
        check(
            3,
            Some(&[("ab", L), ("cd", L)]),
            &[&[("xyz", L)]],
            "╭───┬───╮\n│ a ┆ c │\n│ b ┆ d │\n╞═══╪═══╡\n│ x ┆   │\n│ y ┆   │\n│ z ┆   │\n╰───┴───╯",
        );
    }

    #[test]
    fn wide_characters_count_two_and_never_split() {
        check(
            14,
            Some(&[("名前", L), ("点", R)]),
            &[&[("日本語テキスト", L), ("👍", R)]],
            "╭───────┬────╮\n│ 名前  ┆ 点 │\n╞═══════╪════╡\n\
             │ 日本  ┆ 👍 │\n│ 語テ  ┆    │\n│ キス  ┆    │\n│ ト    ┆    │\n╰───────┴────╯",
        );
        // In a column 1 wide a wide character overflows rather than looping forever.
        check(5, Some(&[("漢", L)]), &[], "╭───╮\n│ 漢 │\n╞═══╡\n╰───╯");
    }

    #[test]
    fn newlines_keep_their_lines() {
        check(
            30,
            Some(&[("a", L), ("b", L)]),
            &[&[("one\ntwo lines", L), ("x\n\ny", R)]],
            "╭───────────┬───╮\n│ a         ┆ b │\n╞═══════════╪═══╡\n\
             │ one       ┆ x │\n│ two lines ┆   │\n│           ┆ y │\n╰───────────┴───╯",
        );
    }

    #[test]
    fn spaces_that_wrap_vanish() {
        // Leading spaces of a wrapped line go, and a row of nothing but wrapped spaces
        // has no lines at all: comfy-table's doing, kept for identical output.
        check(
            9,
            Some(&[("k", L), ("v", L)]),
            &[&[("     ", L), ("  lead", L)]],
            "╭───┬───╮\n│ k ┆ v │\n╞═══╪═══╡\n│   ┆ l │\n│   ┆ e │\n│   ┆ a │\n│   ┆ d │\n╰───┴───╯",
        );
        check(
            5,
            None,
            &[&[("   ", L)], &[("x", L)]],
            "╭───╮\n│ x │\n╰───╯",
        );
    }

    #[test]
    fn cells_borrow_or_own_their_text() {
        let owned = String::from("owned");
        let mut t = Table::new(40);
        t.header([Cell::new("borrowed"), Cell::new(owned).right()]);
        t.row([Cell::new(String::from("1")), Cell::aligned("2", true)]);
        assert_eq!(
            t.to_string(),
            "╭──────────┬───────╮\n│ borrowed ┆ owned │\n╞══════════╪═══════╡\n│ 1        ┆     2 │\n╰──────────┴───────╯"
        );
    }
}
