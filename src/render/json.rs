use super::Renderer;
use crate::error::{Error, Result};
use crate::report::Report;

/// JSON: the report model as is, pretty-printed, ending in a newline.
pub struct Json;

impl Renderer for Json {
    fn render(&self, report: &Report) -> Result<String> {
        let mut s = serde_json::to_string_pretty(report)
            .map_err(|e| Error::Input(format!("cannot encode JSON: {e}")))?;
        s.push('\n');
        Ok(s)
    }
}
