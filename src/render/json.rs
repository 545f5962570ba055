use super::Document;
use super::Renderer;
use crate::error::{Error, Result};

/// JSON: the report model as is, pretty-printed, ending in a newline.
pub struct Json;

impl Renderer for Json {
    fn file_name(&self) -> &'static str {
        "report.json"
    }

    fn render(&self, doc: &Document) -> Result<String> {
        let mut s = serde_json::to_string_pretty(doc)
            .map_err(|e| Error::Input(format!("cannot encode JSON: {e}")))?;
        s.push('\n');
        Ok(crate::sanitize::json_inert(s))
    }
}
