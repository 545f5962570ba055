//! `[[earlier]]`: how an earlier version of a questionnaire maps onto this one, so a
//! trend or a baseline gate can span a version bump. Each earlier version's answers are
//! still scored against that version; the mapping only says which of its dimensions
//! this version's dimensions continue.

use super::context::Ctx;
use super::model::Dimension;
pub use super::model::Earlier;
pub use super::schema::RawEarlier;
use crate::tomlfile::KeyPath;

pub(super) fn earlier(
    ctx: &mut Ctx,
    raw: &[RawEarlier],
    version: &str,
    dimensions: &[Dimension],
) -> Vec<Earlier> {
    let mut out: Vec<Earlier> = Vec::new();
    for (i, e) in raw.iter().enumerate() {
        let p = KeyPath::root().key("earlier").index(i);
        let v = ctx.required(&e.version, &p, "version", "an [[earlier]] entry");
        if v.is_empty() {
            continue;
        }
        if v == version {
            ctx.at(
                &p.key("version"),
                format!(
                    "`{v}` is this questionnaire's own version: [[earlier]] maps an earlier one"
                ),
            );
        }
        if out.iter().any(|o| o.version == v) {
            ctx.at(&p.key("version"), format!("version `{v}` is mapped twice"));
        }
        let mut targets: Vec<&str> = Vec::new();
        for (from, to) in &e.dimensions {
            let at = p.key("dimensions").key(from);
            if !dimensions.iter().any(|d| &d.id == to) {
                let ids: Vec<&str> = dimensions.iter().map(|d| d.id.as_str()).collect();
                ctx.at(
                    &at,
                    format!(
                        "`{to}` is not a dimension of this version ({})",
                        ids.join(", ")
                    ),
                );
            } else if targets.contains(&to.as_str()) {
                ctx.at(
                    &at,
                    format!("two earlier dimensions map onto `{to}`: a trend could not tell which one it continues"),
                );
            }
            targets.push(to);
        }
        out.push(Earlier {
            version: v,
            dimensions: e
                .dimensions
                .iter()
                .map(|(a, b)| (a.clone(), b.clone()))
                .collect(),
        });
    }
    out
}
