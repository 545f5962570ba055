//! The library's modules form a graph without cycles: each stage points down to the
//! ones it builds on (questionnaire → answers → scoring → report → render), and the
//! edges (`cli`, `load`) sit on top. The graph is read from the source itself.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Top-level module → the other top-level modules its files name as `crate::X`.
fn module_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut modules = BTreeSet::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if name != "lib" && name != "main" {
            modules.insert(name);
        }
    }
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(&src).unwrap();
            let top = rel
                .iter()
                .next()
                .unwrap()
                .to_string_lossy()
                .trim_end_matches(".rs")
                .to_string();
            if !modules.contains(&top) {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let deps = graph.entry(top.clone()).or_default();
            for (i, _) in text.match_indices("crate::") {
                let rest = &text[i + "crate::".len()..];
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if modules.contains(&name) && name != top {
                    deps.insert(name);
                }
            }
            // `use crate::{a, b::c}` groups name several modules at once.
            for (i, _) in text.match_indices("use crate::{") {
                let rest = &text[i + "use crate::{".len()..];
                let group = &rest[..rest.find("};").unwrap_or(rest.len())];
                for part in group.split(',') {
                    let name: String = part
                        .trim()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if modules.contains(&name) && name != top {
                        deps.insert(name);
                    }
                }
            }
        }
    }
    graph
}

/// A cycle in the graph, if there is one, as the list of modules on it.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(n.to_string(), 1);
        path.push(n.to_string());
        for d in graph.get(n).into_iter().flatten() {
            match state.get(d.as_str()).copied().unwrap_or(0) {
                1 => {
                    let start = path.iter().position(|p| p == d).unwrap();
                    let mut cycle = path[start..].to_vec();
                    cycle.push(d.clone());
                    return Some(cycle);
                }
                0 => {
                    if let Some(c) = visit(d, graph, state, path) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        path.pop();
        state.insert(n.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in graph.keys() {
        if state.get(n).copied().unwrap_or(0) == 0
            && let Some(c) = visit(n, graph, &mut state, &mut Vec::new())
        {
            return Some(c);
        }
    }
    None
}

#[test]
fn modules_form_no_cycle() {
    let graph = module_graph();
    if let Some(cycle) = find_cycle(&graph) {
        let listing: Vec<String> = graph
            .iter()
            .map(|(m, ds)| {
                format!(
                    "  {m} → {}",
                    ds.iter().cloned().collect::<Vec<_>>().join(", ")
                )
            })
            .collect();
        panic!(
            "import cycle: {}\nmodule graph:\n{}",
            cycle.join(" → "),
            listing.join("\n")
        );
    }
}

#[test]
fn the_cycle_finder_finds_a_cycle() {
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    g.entry("a".into()).or_default().insert("b".into());
    g.entry("b".into()).or_default().insert("c".into());
    assert_eq!(find_cycle(&g), None);
    g.entry("c".into()).or_default().insert("a".into());
    assert_eq!(
        find_cycle(&g),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
}

#[test]
fn only_the_cli_prints_and_reads_the_terminal() {
    // The library returns values; printing belongs to the command-line edge.
    let graph = module_graph();
    for (m, deps) in &graph {
        assert!(
            m == "cli" || !deps.contains("cli"),
            "{m} depends on the command-line edge"
        );
    }
}

/// anyhow belongs to the binary's edge (src/cli, src/main.rs), where errors gain the
/// step that failed; the library returns its typed errors (src/error.rs), whose exit
/// codes the edge keeps.
#[test]
fn anyhow_is_used_only_at_the_binarys_edge() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut stack = vec![src.clone()];
    let mut offenders = Vec::new();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let rel = path.strip_prefix(&src).unwrap().to_path_buf();
            if rel.starts_with("cli") || rel == Path::new("main.rs") {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else if std::fs::read_to_string(&path).is_ok_and(|t| t.contains("anyhow")) {
                offenders.push(rel);
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "anyhow outside src/cli: {offenders:?}"
    );
}

// ── File sizes and file-level import cycles ─────────────────────────────────────────
//
// The conventions: no function over 120 lines, no source file over 1,000 lines and no
// two files of a module that import each other (directly or round a longer loop). Both
// are read from the source, with comments and literals blanked so that a brace or a
// path inside a string does not count.

const MAX_FUNCTION_LINES: usize = 120;
const MAX_FILE_LINES: usize = 1000;

/// Every `.rs` file under src/, as (path relative to src/, text), in path order.
fn src_files() -> Vec<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(&src).unwrap().to_string_lossy();
                let rel = rel.replace('\\', "/");
                files.push((rel, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

/// Where a raw string literal (`r"…"`, `r#"…"#`, `br"…"`) that starts at `i` ends.
fn raw_string_end(c: &[char], i: usize) -> Option<usize> {
    let mut j = i;
    if c.get(j) == Some(&'b') {
        j += 1;
    }
    if c.get(j) != Some(&'r') {
        return None;
    }
    j += 1;
    let hashes = c[j..].iter().take_while(|&&ch| ch == '#').count();
    j += hashes;
    if c.get(j) != Some(&'"') {
        return None;
    }
    j += 1;
    while j < c.len() {
        let closed = c[j + 1..]
            .iter()
            .take(hashes)
            .filter(|&&ch| ch == '#')
            .count();
        if c[j] == '"' && closed == hashes {
            return Some(j + 1 + hashes);
        }
        j += 1;
    }
    Some(c.len())
}

/// Where a character literal that starts at `i` ends (`None` for a lifetime or label).
fn char_literal_end(c: &[char], i: usize) -> Option<usize> {
    match (c.get(i + 1), c.get(i + 2)) {
        (Some('\\'), _) => {
            let close = c.iter().skip(i + 3).position(|&ch| ch == '\'')?;
            Some(i + 3 + close + 1)
        }
        (Some(&ch), Some('\'')) if ch != '\'' => Some(i + 3),
        _ => None,
    }
}

/// The source with comments, string and character literals blanked (newlines kept, so
/// line numbers stay): only code is left to count braces and paths in.
fn code_only(text: &str) -> String {
    let c: Vec<char> = text.chars().collect();
    let is_ident = |ch: char| ch.is_alphanumeric() || ch == '_';
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < c.len() {
        let after_ident = i > 0 && is_ident(c[i - 1]);
        let end = if c[i..].starts_with(&['/', '/']) {
            i + c[i..]
                .iter()
                .position(|&ch| ch == '\n')
                .unwrap_or(c.len() - i)
        } else if c[i..].starts_with(&['/', '*']) {
            // Block comments nest.
            let (mut depth, mut j) = (0, i);
            while j < c.len() {
                if c[j..].starts_with(&['/', '*']) {
                    depth += 1;
                    j += 2;
                } else if c[j..].starts_with(&['*', '/']) {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    j += 1;
                }
            }
            j
        } else if let Some(j) = raw_string_end(&c, i).filter(|_| !after_ident) {
            j
        } else if c[i] == '"' || (c[i..].starts_with(&['b', '"']) && !after_ident) {
            let mut j = i + if c[i] == 'b' { 2 } else { 1 };
            while j < c.len() && c[j] != '"' {
                j += if c[j] == '\\' { 2 } else { 1 };
            }
            (j + 1).min(c.len())
        } else if let Some(j) = char_literal_end(&c, i).filter(|_| c[i] == '\'') {
            j
        } else {
            out.push(c[i]);
            i += 1;
            continue;
        };
        out.extend(
            c[i..end]
                .iter()
                .map(|&ch| if ch == '\n' { '\n' } else { ' ' }),
        );
        i = end;
    }
    out
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    /// `::`
    Sep,
    Punct(char),
}

/// The code's tokens, each with its line (from 1).
fn tokens(code: &str) -> Vec<(usize, Tok)> {
    let c: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    while i < c.len() {
        let ch = c[i];
        if ch == '\n' {
            line += 1;
            i += 1;
        } else if ch.is_whitespace() {
            i += 1;
        } else if ch.is_alphanumeric() || ch == '_' {
            let n = c[i..]
                .iter()
                .take_while(|ch| ch.is_alphanumeric() || **ch == '_')
                .count();
            out.push((line, Tok::Ident(c[i..i + n].iter().collect())));
            i += n;
        } else if c[i..].starts_with(&[':', ':']) {
            out.push((line, Tok::Sep));
            i += 2;
        } else {
            out.push((line, Tok::Punct(ch)));
            i += 1;
        }
    }
    out
}

fn is_ident(t: Option<&(usize, Tok)>, s: &str) -> bool {
    matches!(t, Some((_, Tok::Ident(x))) if x == s)
}

fn is_punct(t: Option<&(usize, Tok)>, p: char) -> bool {
    matches!(t, Some((_, Tok::Punct(x))) if *x == p)
}

/// The index of the brace closing the one at `open`.
fn closing(toks: &[(usize, Tok)], open: usize) -> usize {
    let mut depth = 0;
    for (k, (_, t)) in toks.iter().enumerate().skip(open) {
        match t {
            Tok::Punct('{') => depth += 1,
            Tok::Punct('}') => {
                depth -= 1;
                if depth == 0 {
                    return k;
                }
            }
            _ => {}
        }
    }
    toks.len() - 1
}

/// Every function with a body: (name, first line, lines from `fn` to its closing brace).
fn function_lengths(text: &str) -> Vec<(String, usize, usize)> {
    let toks = tokens(&code_only(text));
    let mut out = Vec::new();
    for (k, (line, t)) in toks.iter().enumerate() {
        let (Tok::Ident(kw), Some((_, Tok::Ident(name)))) = (t, toks.get(k + 1)) else {
            continue;
        };
        if kw != "fn" {
            continue;
        }
        // The body starts at the first `{` outside the signature's brackets; a `;`
        // there first means a declaration without one.
        let mut depth = 0i32;
        let mut body = None;
        for (j, (_, t)) in toks.iter().enumerate().skip(k + 2) {
            match t {
                Tok::Punct('(' | '[') => depth += 1,
                Tok::Punct(')' | ']') => depth -= 1,
                Tok::Punct('{') if depth == 0 => {
                    body = Some(j);
                    break;
                }
                Tok::Punct(';') if depth == 0 => break,
                _ => {}
            }
        }
        if let Some(open) = body {
            let end = toks[closing(&toks, open)].0;
            out.push((name.clone(), *line, end - line + 1));
        }
    }
    out
}

#[test]
fn functions_and_files_stay_small() {
    let mut too_long = Vec::new();
    for (path, text) in src_files() {
        let lines = text.lines().count();
        if lines > MAX_FILE_LINES {
            too_long.push(format!(
                "src/{path}: {lines} lines (at most {MAX_FILE_LINES})"
            ));
        }
        for (name, line, n) in function_lengths(&text) {
            if n > MAX_FUNCTION_LINES {
                too_long.push(format!(
                    "src/{path}:{line}: fn {name} is {n} lines (at most {MAX_FUNCTION_LINES})"
                ));
            }
        }
    }
    assert!(too_long.is_empty(), "too long:\n{}", too_long.join("\n"));
}

#[test]
fn function_lengths_count_code_not_literals() {
    let text = r##"
struct S;
trait T {
    fn declared(&self) -> [u8; 2];
}
fn one() -> u8 {
    let s = "} fn fake() { {";
    let r = r#"}"}"#;
    let c = ('{', '\'', '\u{7d}');
    // fn commented() { }
    /* } /* nested { */ */
    0
}
fn generic<'a, T: Fn(u8) -> u8>(x: &'a str, f: fn(u8) -> T) -> &'a str { x }
"##;
    // `one` runs from line 6 to its brace on line 13; the braces in its strings, char
    // literals and comments do not end it early or late, and `declared` has no body.
    let lengths = function_lengths(text);
    assert_eq!(
        lengths,
        vec![("one".into(), 6, 8), ("generic".into(), 14, 1)]
    );
}

// ── The file graph ──

/// What one file defines, declares and uses.
#[derive(Default)]
struct FileInfo {
    module: Vec<String>,
    /// Items it defines (functions, types, constants).
    defs: BTreeSet<String>,
    /// Modules it declares with `mod name;` (their own files).
    children: BTreeSet<String>,
    /// Names its file-level `use`s bring in, with the path as written.
    imports: BTreeMap<String, Vec<String>>,
    /// The names of those that are `pub use`: re-exports, passed through.
    reexports: BTreeSet<String>,
    /// `pub use path::*`.
    globs: Vec<Vec<String>>,
    /// Paths it uses (from the module it uses them in): its `use`s, `a::b` paths in
    /// code and re-exported names it uses itself.
    used: Vec<(Vec<String>, Vec<String>)>,
}

/// A `use` tree from token `i`: every (path, glob) it names, `self` dropped and an
/// alias given as the last segment's replacement (`a::B as C` → (a, C) named C).
fn use_tree(
    toks: &[(usize, Tok)],
    i: &mut usize,
    prefix: &[String],
    out: &mut Vec<(Vec<String>, Option<String>, bool)>,
) {
    let mut path = prefix.to_vec();
    loop {
        match toks.get(*i).map(|t| &t.1) {
            Some(Tok::Ident(s)) if s != "as" => {
                path.push(s.clone());
                *i += 1;
            }
            Some(Tok::Punct('{')) => {
                *i += 1;
                while *i < toks.len() && !is_punct(toks.get(*i), '}') {
                    use_tree(toks, i, &path, out);
                    if is_punct(toks.get(*i), ',') {
                        *i += 1;
                    }
                }
                *i += 1;
                return;
            }
            Some(Tok::Punct('*')) => {
                *i += 1;
                out.push((path, None, true));
                return;
            }
            _ => break,
        }
        if matches!(toks.get(*i).map(|t| &t.1), Some(Tok::Sep)) {
            *i += 1;
        } else {
            break;
        }
    }
    let mut alias = None;
    if is_ident(toks.get(*i), "as")
        && let Some((_, Tok::Ident(a))) = toks.get(*i + 1)
    {
        alias = Some(a.clone());
        *i += 2;
    }
    if path.last().is_some_and(|s| s == "self") {
        path.pop();
    }
    if !path.is_empty() {
        out.push((path, alias, false));
    }
}

/// A file's module path: `render/html/mod.rs` → crate::render::html.
fn module_of(rel: &str) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .trim_end_matches(".rs")
        .split('/')
        .map(String::from)
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    let mut m = vec!["crate".to_string()];
    m.extend(parts);
    m
}

fn file_info(rel: &str, text: &str) -> FileInfo {
    let toks = tokens(&code_only(text));
    let mut f = FileInfo {
        module: module_of(rel),
        ..Default::default()
    };
    // Inline modules (`mod tests { … }`): their token ranges, for `super` inside them.
    let mut inline: Vec<(usize, usize, String)> = Vec::new();
    let mut in_use = vec![false; toks.len()];
    for (k, (_, t)) in toks.iter().enumerate() {
        let Tok::Ident(kw) = t else { continue };
        let name = match toks.get(k + 1) {
            Some((_, Tok::Ident(n))) => n.clone(),
            _ => String::new(),
        };
        match kw.as_str() {
            "fn" | "struct" | "enum" | "trait" | "type" | "const" | "static" | "union"
                if !name.is_empty() =>
            {
                f.defs.insert(name);
            }
            "macro_rules" if is_punct(toks.get(k + 1), '!') => {
                if let Some((_, Tok::Ident(n))) = toks.get(k + 2) {
                    f.defs.insert(n.clone());
                }
            }
            "mod" if is_punct(toks.get(k + 2), ';') => {
                f.children.insert(name);
                in_use[k..=k + 2].iter_mut().for_each(|u| *u = true);
            }
            "mod" if is_punct(toks.get(k + 2), '{') => {
                inline.push((k, closing(&toks, k + 2), name));
            }
            _ => {}
        }
    }
    let module_at = |k: usize| -> Vec<String> {
        let mut m = f.module.clone();
        m.extend(
            inline
                .iter()
                .filter(|(a, b, _)| *a <= k && k <= *b)
                .map(|x| x.2.clone()),
        );
        m
    };
    for k in 0..toks.len() {
        if !is_ident(toks.get(k), "use") {
            continue;
        }
        let public = k > 0
            && (is_ident(toks.get(k - 1), "pub")
                || (is_punct(toks.get(k - 1), ')')
                    && toks[..k]
                        .iter()
                        .rposition(|t| t.1 == Tok::Punct('('))
                        .is_some_and(|o| o > 0 && is_ident(toks.get(o - 1), "pub"))));
        let (mut i, mut trees) = (k + 1, Vec::new());
        use_tree(&toks, &mut i, &[], &mut trees);
        in_use[k..i.min(toks.len())]
            .iter_mut()
            .for_each(|u| *u = true);
        let here = module_at(k);
        let file_level = here == f.module;
        for (path, alias, glob) in trees {
            if glob {
                if public && file_level {
                    f.globs.push(path);
                } else if file_level {
                    f.used.push((here.clone(), path));
                }
                continue;
            }
            let name = alias.unwrap_or_else(|| path.last().unwrap().clone());
            if file_level {
                if public {
                    f.reexports.insert(name.clone());
                } else {
                    f.used.push((here.clone(), path.clone()));
                }
                f.imports.insert(name, path);
            } else {
                f.used.push((here.clone(), path));
            }
        }
    }
    // Paths in code (`a::b::c`), and re-exported names the file uses itself.
    let mut k = 0;
    while k < toks.len() {
        if in_use[k] {
            k += 1;
            continue;
        }
        if let Tok::Ident(first) = &toks[k].1 {
            let mut path = vec![first.clone()];
            let mut j = k + 1;
            while matches!(toks.get(j).map(|t| &t.1), Some(Tok::Sep))
                && let Some((_, Tok::Ident(s))) = toks.get(j + 1)
            {
                path.push(s.clone());
                j += 2;
            }
            if path.len() > 1 || f.reexports.contains(first) {
                f.used.push((module_at(k), path));
            }
            k = j;
        } else {
            k += 1;
        }
    }
    f
}

/// `path` as written in `f` (in module `base`) made absolute, or `None` when it names
/// another crate or something local.
fn absolute(f: &FileInfo, base: &[String], path: &[String], depth: usize) -> Option<Vec<String>> {
    let first = path.first()?;
    if depth > 8 {
        return None;
    }
    match first.as_str() {
        "crate" => Some(path.to_vec()),
        "self" | "super" => {
            let mut cur = base.to_vec();
            let mut rest = path;
            while let Some(s) = rest.first().filter(|s| *s == "self" || *s == "super") {
                if s == "super" {
                    cur.pop();
                }
                rest = &rest[1..];
            }
            cur.extend(rest.iter().cloned());
            Some(cur)
        }
        _ if f.children.contains(first) => {
            let mut p = f.module.clone();
            p.extend(path.iter().cloned());
            Some(p)
        }
        _ => {
            let imported = f.imports.get(first).filter(|p| p.as_slice() != path)?;
            let mut p = absolute(f, &f.module, imported, depth + 1)?;
            p.extend(path[1..].iter().cloned());
            Some(p)
        }
    }
}

/// The file that defines what an absolute path names, through re-exports.
fn resolve(
    files: &BTreeMap<Vec<String>, (String, FileInfo)>,
    path: &[String],
    depth: usize,
) -> Option<String> {
    if depth > 8 {
        return None;
    }
    for k in (1..=path.len()).rev() {
        let Some((rel, f)) = files.get(&path[..k]) else {
            continue;
        };
        let rest = &path[k..];
        let Some(name) = rest.first() else {
            return Some(rel.clone());
        };
        if f.defs.contains(name) {
            return Some(rel.clone());
        }
        let through = |p: &[String]| {
            let mut a = absolute(f, &f.module, p, 0)?;
            a.extend(rest[1..].iter().cloned());
            resolve(files, &a, depth + 1)
        };
        if let Some(p) = f.imports.get(name)
            && let Some(r) = through(p)
        {
            return Some(r);
        }
        for g in &f.globs {
            let mut p = g.clone();
            p.push(name.clone());
            if let Some(r) = through(&p)
                && files
                    .values()
                    .any(|(x, fi)| *x == r && fi.defs.contains(name))
            {
                return Some(r);
            }
        }
        return Some(rel.clone());
    }
    None
}

/// File → the files it uses, for `files` as (path relative to src/, text).
fn file_graph(files: &[(String, String)]) -> BTreeMap<String, BTreeSet<String>> {
    let infos: BTreeMap<Vec<String>, (String, FileInfo)> = files
        .iter()
        .filter(|(rel, _)| rel != "main.rs")
        .map(|(rel, text)| {
            let f = file_info(rel, text);
            (f.module.clone(), (rel.clone(), f))
        })
        .collect();
    let mut graph = BTreeMap::new();
    for (rel, f) in infos.values() {
        let deps: &mut BTreeSet<String> = graph.entry(rel.clone()).or_default();
        for (base, path) in &f.used {
            if let Some(p) = absolute(f, base, path, 0)
                && let Some(to) = resolve(&infos, &p, 0)
                && to != *rel
            {
                deps.insert(to);
            }
        }
    }
    graph
}

/// The cycles among files: every strongly connected set of more than one file. A
/// module's own file (mod.rs, lib.rs, or `x.rs` beside `x/`) is left out: declaring,
/// re-exporting and registering its children is what it is for.
fn file_cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    let parent = |f: &str| {
        let stem = f.strip_suffix(".rs").unwrap_or(f);
        // The folder whose files it heads: `a/mod.rs` and `a.rs` head `a/`, lib.rs all.
        let dir = match stem.rsplit_once('/') {
            Some((d, "mod")) => format!("{d}/"),
            None if stem == "lib" || stem == "mod" => String::new(),
            _ => format!("{stem}/"),
        };
        graph.keys().any(|o| o != f && o.starts_with(&dir))
    };
    let nodes: Vec<&String> = graph.keys().filter(|f| !parent(f)).collect();
    let edges = |n: &String| -> Vec<&String> {
        graph[n]
            .iter()
            .filter(|d| graph.contains_key(*d) && !parent(d))
            .collect()
    };
    // Tarjan's strongly connected components.
    struct State<'a> {
        index: BTreeMap<&'a String, usize>,
        low: BTreeMap<&'a String, usize>,
        stack: Vec<&'a String>,
        sccs: Vec<Vec<String>>,
    }
    fn visit<'a>(n: &'a String, edges: &dyn Fn(&'a String) -> Vec<&'a String>, s: &mut State<'a>) {
        let i = s.index.len();
        s.index.insert(n, i);
        s.low.insert(n, i);
        s.stack.push(n);
        for d in edges(n) {
            if !s.index.contains_key(d) {
                visit(d, edges, s);
                let l = s.low[n].min(s.low[d]);
                s.low.insert(n, l);
            } else if s.stack.contains(&d) {
                let l = s.low[n].min(s.index[d]);
                s.low.insert(n, l);
            }
        }
        if s.low[n] == s.index[n] {
            let mut scc = Vec::new();
            while let Some(m) = s.stack.pop() {
                scc.push(m.clone());
                if m == n {
                    break;
                }
            }
            if scc.len() > 1 {
                scc.sort();
                s.sccs.push(scc);
            }
        }
    }
    let mut s = State {
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        sccs: Vec::new(),
    };
    for n in nodes {
        if !s.index.contains_key(n) {
            visit(n, &edges, &mut s);
        }
    }
    s.sccs.sort();
    s.sccs
}

#[test]
fn files_import_no_cycle() {
    let graph = file_graph(&src_files());
    let cycles = file_cycles(&graph);
    let listing: Vec<String> = cycles
        .iter()
        .map(|c| {
            let lines: Vec<String> = c
                .iter()
                .map(|f| {
                    let to: Vec<String> = graph[f]
                        .iter()
                        .filter(|d| c.contains(d))
                        .map(|d| format!("src/{d}"))
                        .collect();
                    format!("    src/{f} → {}", to.join(", "))
                })
                .collect();
            format!("  {} files:\n{}", c.len(), lines.join("\n"))
        })
        .collect();
    assert!(
        cycles.is_empty(),
        "files importing each other:\n{}",
        listing.join("\n")
    );
}

#[test]
fn the_file_graph_follows_uses_paths_and_reexports() {
    let files: Vec<(String, String)> = [
        ("lib.rs", "pub mod a;\npub mod b;\n"),
        // a/mod.rs only declares and re-exports: left out of cycles.
        ("a/mod.rs", "mod x;\nmod y;\nmod z;\npub use x::Thing;\npub use z::*;\n"),
        ("a/x.rs", "use super::y::Other;\npub struct Thing;\n"),
        // `super::Thing` is x's, through the re-export; the test module's glob is not a use.
        (
            "a/y.rs",
            "pub struct Other;\nfn f() -> super::Thing { super::Thing }\n#[cfg(test)]\nmod tests {\n    use super::*;\n}\n",
        ),
        // A path in code, through a glob re-export; a string and a comment are not code.
        ("a/z.rs", "pub fn zed() {}\nfn g() { let _ = \"crate::b::B\"; } // crate::b::B\n"),
        ("b.rs", "pub struct B;\nfn h() { crate::a::zed(); }\n"),
    ]
    .iter()
    .map(|(p, t)| (p.to_string(), t.to_string()))
    .collect();
    let graph = file_graph(&files);
    let deps = |f: &str| graph[f].iter().cloned().collect::<Vec<String>>();
    assert_eq!(deps("a/x.rs"), vec!["a/y.rs"]);
    assert_eq!(deps("a/y.rs"), vec!["a/x.rs"]);
    assert_eq!(deps("b.rs"), vec!["a/z.rs"]);
    assert!(deps("a/z.rs").is_empty());
    assert_eq!(
        file_cycles(&graph),
        vec![vec!["a/x.rs".to_string(), "a/y.rs".to_string()]]
    );
}
