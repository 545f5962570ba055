//! Form definitions built from a questionnaire, one module per tool.

pub mod apps_script;
pub mod csv;
pub mod surveyjs;
