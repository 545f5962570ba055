//! `tandem template`: a blank answers file to fill in by hand.

use super::output::write_to;
use crate::answers::{self, AnswerSet};
use crate::error::{Exit, Result};
use crate::questionnaire;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct TemplateArgs {
    /// Questionnaire: a built-in name or a file
    #[arg(short = 'q', long = "questionnaire", value_name = "Q", default_value = questionnaire::DEFAULT)]
    pub questionnaire: String,
    /// Write to FILE instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

pub fn template(a: TemplateArgs, out: &mut dyn Write) -> Result<Exit> {
    let (_, q) = questionnaire::resolve(&a.questionnaire)?;
    let blank = AnswerSet {
        questionnaire: q.id.clone(),
        version: q.version.clone(),
        ..Default::default()
    };
    let text = answers::to_toml(&q, &blank, true);
    write_to(a.out.as_deref(), &text, out)?;
    Ok(Exit::Ok)
}
