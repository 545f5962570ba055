use super::Document;
use super::Renderer;
use crate::error::{Error, Result};
use std::io::Write;

/// JSON: the report model as is, pretty-printed, ending in a newline.
pub struct Json;

impl Renderer for Json {
    fn file_name(&self) -> &'static str {
        "report.json"
    }

    /// The same bytes as [`Renderer::render_to`], collected: one way of making JSON.
    fn render(&self, doc: &Document) -> Result<String> {
        let mut out = Vec::new();
        self.render_to(doc, &mut out)?;
        String::from_utf8(out).map_err(|e| Error::Input(format!("cannot encode JSON: {e}")))
    }

    /// Streams: the JSON of 100,000 people is written as it is made, never held. The
    /// buffer comes before the escaping, which then sees large pieces, not serde's
    /// many small writes.
    fn render_to(&self, doc: &Document, out: &mut dyn std::io::Write) -> Result<()> {
        let mut inert = crate::sanitize::JsonInert::new(out);
        {
            let mut w = std::io::BufWriter::with_capacity(64 << 10, &mut inert);
            serde_json::to_writer_pretty(&mut w, doc).map_err(|e| match e.io_error_kind() {
                Some(kind) => Error::unnamed(std::io::Error::new(kind, e.to_string())),
                None => Error::Input(format!("cannot encode JSON: {e}")),
            })?;
            w.write_all(b"\n")
                .and_then(|_| w.flush())
                .map_err(Error::unnamed)?;
        }
        inert.finish().map_err(Error::unnamed)
    }
}
