//! Where output goes: standard output, a file written atomically, or a folder of files.
//! A failed write says what was being written where ([`writing`]).

use super::Ui;
use super::ui::text_width;
use crate::answers::atomic_write;
use crate::atomic::{Durability, atomic_write_stream};
use crate::error::{Error, Result};
use crate::render::Document;
use crate::render::{self, Format, TextOptions};
use anyhow::Context;
use std::io::Write;
use std::path::Path;

/// The step a failed write was taking, naming where it went: "writing the report to
/// out.html", "writing the template to standard output".
pub fn writing(what: &str, to: Option<&Path>) -> String {
    match to.filter(|p| p.as_os_str() != "-") {
        Some(p) => format!("writing {what} to {}", p.display()),
        None => format!("writing {what} to standard output"),
    }
}

/// Writes `what` (the list, the completions…) to standard output (or the writer
/// standing in for it).
pub fn write_out(what: &str, out: &mut dyn Write, s: &str) -> anyhow::Result<()> {
    stdout(out, s).with_context(|| writing(what, None))
}

fn stdout(out: &mut dyn Write, s: &str) -> Result<()> {
    out.write_all(s.as_bytes())
        .and_then(|_| out.flush())
        .map_err(|e| Error::io(Path::new("<stdout>"), e))
}

/// Writes `what` to `--out FILE` atomically, or to standard output for none or `-`.
pub fn write_to(
    what: &str,
    to: Option<&Path>,
    text: &str,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    match to {
        Some(p) if p.as_os_str() != "-" => atomic_write(p, text.as_bytes()),
        _ => stdout(out, text),
    }
    .with_context(|| writing(what, to))
}

/// Renders a report to `--out` (a file, or a folder of files) or standard output.
pub fn emit(
    doc: &Document,
    format: Format,
    width: Option<u16>,
    to: Option<&Path>,
    ui: Ui,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let to_stdout = to.is_none_or(|p| p.as_os_str() == "-");
    let renderer = render::renderer(
        format,
        TextOptions {
            width: text_width(width, to_stdout),
            // Files never get colour codes; a terminal does when colour is on.
            color: to_stdout && ui.color_out,
        },
    );
    let written = match to {
        // A folder (existing, or named with a trailing slash): every file the format
        // makes (CSV: one per table), each written atomically as it is rendered.
        Some(dir) if !to_stdout && is_folder(dir) => std::fs::create_dir_all(dir)
            .map_err(|e| Error::io(dir, e))
            .and_then(|_| {
                renderer.render_each(doc, format.file_name(), &mut |name, write| {
                    atomic_write_stream(&dir.join(name), Durability::Now, write)
                })
            }),
        Some(file) if !to_stdout => {
            atomic_write_stream(file, Durability::Now, &mut |w| renderer.render_to(doc, w))
        }
        // JSON is written as it is made, in pieces worth buffering. The other formats
        // render to one string, written as it is (a buffer would copy it again).
        _ if format == Format::Json => {
            let mut w = std::io::BufWriter::with_capacity(64 << 10, &mut *out);
            renderer
                .render_to(doc, &mut w)
                .and_then(|_| w.flush().map_err(Error::unnamed))
                .map_err(|e| e.named(Path::new("<stdout>")))
        }
        _ => renderer
            .render_to(doc, out)
            .and_then(|_| out.flush().map_err(Error::unnamed))
            .map_err(|e| e.named(Path::new("<stdout>"))),
    };
    written.map_err(|e| match e {
        // A report this format cannot give: not a failure to write.
        Error::Usage(_) => anyhow::Error::from(e),
        e => anyhow::Error::from(e).context(writing("the report", to)),
    })
}

/// Renders the `--summary` of a report to `--out` (a file, or `summary.*` in a folder)
/// or standard output.
pub fn emit_summary(
    doc: &Document,
    format: Format,
    width: Option<u16>,
    to: Option<&Path>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let summary = crate::report::summary::Summary::of(&doc.report)
        .ok_or_else(|| Error::Usage("--summary needs a single or group report".into()))?;
    let to_stdout = to.is_none_or(|p| p.as_os_str() == "-");
    let opts = TextOptions {
        width: text_width(width, to_stdout),
        color: false,
    };
    let text = render::summary::render(format, opts, &summary, doc.gates.as_ref())?;
    match to {
        Some(dir) if !to_stdout && is_folder(dir) => std::fs::create_dir_all(dir)
            .map_err(|e| Error::io(dir, e))
            .and_then(|_| {
                atomic_write(
                    &dir.join(render::summary::file_name(format)),
                    text.as_bytes(),
                )
            })
            .with_context(|| writing("the summary", to)),
        _ => write_to("the summary", to, &text, out),
    }
}

/// `--out` names a folder: one that exists, or a path ending in a separator.
fn is_folder(p: &Path) -> bool {
    p.is_dir()
        || p.as_os_str()
            .to_string_lossy()
            .ends_with(std::path::is_separator)
}

/// "1 file", "2 files": [`crate::numfmt::plural`] for words that add an s.
pub fn plural(n: usize, word: &str) -> String {
    crate::numfmt::plural(n, word, &format!("{word}s"))
}
