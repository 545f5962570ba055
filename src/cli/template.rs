//! `tandem template`: a blank answers file to fill in by hand.

use super::Ui;
use super::output::write_to;
use crate::answers::{self, AnswerSet};
use crate::error::{Error, Exit, Result};
use crate::questionnaire;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct TemplateArgs {
    /// Questionnaire: a built-in name or a file
    #[arg(short = 'q', long = "questionnaire", value_name = "Q", default_value = questionnaire::DEFAULT)]
    pub questionnaire: String,
    /// Write to FILE instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace --out even if it holds answers (without it, only a blank or absent file is)
    #[arg(long, requires = "out")]
    pub force: bool,
    /// Fill in this role and leave out the questions only other roles answer
    #[arg(long, value_name = "ROLE")]
    pub role: Option<String>,
}

pub fn template(
    a: TemplateArgs,
    ui: Ui,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Exit> {
    let (_, q) = questionnaire::resolve(&a.questionnaire)?;
    if let Some(r) = a.role.as_deref()
        && q.role(r).is_none()
    {
        let ids: Vec<&str> = q.roles.iter().map(|r| r.id.as_str()).collect();
        return Err(Error::Usage(format!(
            "--role `{r}` is not a role of {} (roles: {})",
            q.id,
            ids.join(", ")
        ))
        .into());
    }
    let blank = AnswerSet {
        questionnaire: q.id.to_string(),
        version: q.version.to_string(),
        role: a.role.clone(),
        ..Default::default()
    };
    let text = answers::to_toml(&q, &blank, true);
    if let Some(p) = a.out.as_deref().filter(|_| !a.force) {
        refuse_filled_in(p)?;
    }
    write_to("the template", a.out.as_deref(), &text, out)?;
    if let Some(p) = a.out.as_deref().filter(|p| p.as_os_str() != "-") {
        ui.detail(err, &format!("wrote {}", p.display()));
    }
    Ok(Exit::Ok)
}

/// A blank template written over an answers file would lose every answer in it, so an
/// existing regular file is replaced only when it holds nothing but blanks (an earlier
/// template, say) or `--force` is given. Devices, FIFOs and absent files are fine.
fn refuse_filled_in(p: &Path) -> Result<()> {
    let Ok(meta) = std::fs::metadata(p) else {
        return Ok(());
    };
    if !meta.is_file() || meta.len() == 0 {
        return Ok(());
    }
    let text = std::fs::read(p).map_err(|e| Error::file(p.display().to_string(), e.to_string()))?;
    let blank = std::str::from_utf8(&text)
        .ok()
        .and_then(|t| t.parse::<toml::Table>().ok())
        .is_some_and(|t| {
            t.iter()
                .filter(|(k, _)| !matches!(k.as_str(), "questionnaire" | "version"))
                .all(|(_, v)| is_blank(v))
        });
    if blank {
        Ok(())
    } else {
        Err(Error::file(
            p.display().to_string(),
            "already holds answers (or other text); not replacing it with a blank template \
             (choose another --out, or add --force to replace it)",
        ))
    }
}

/// Empty strings and lists, and tables of nothing else: what a template leaves to fill.
fn is_blank(v: &toml::Value) -> bool {
    match v {
        toml::Value::String(s) => s.trim().is_empty(),
        toml::Value::Array(a) => a.is_empty(),
        toml::Value::Table(t) => t.values().all(is_blank),
        _ => false,
    }
}
