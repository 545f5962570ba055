//! The privacy options every report the server builds obeys (the live report is
//! [`super::live`]).

/// The privacy and questionnaire options every report the server builds obeys.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportOptions {
    /// No names, file names or dates of respondents.
    pub anonymous: bool,
    /// No breakdown for fewer than N people (`--min-group`; 3 with `anonymous`): roles
    /// under it are folded together by the report.
    pub min_group: Option<usize>,
}

impl ReportOptions {
    /// The minimum group size every page obeys: `--min-group`, or 3 with `--anonymous`,
    /// as the report itself applies it.
    pub fn effective_min_group(&self) -> Option<usize> {
        crate::report::group::Privacy::new(self.anonymous, self.min_group).min_group
    }
}
