//! Gates for scheduled re-scoring: floors, maximum drops against a baseline, ceilings
//! on root causes, enough respondents, the perception gap and how fresh the answers
//! are. The report itself never depends on them; the gate summary is added beside it,
//! and a failed rule turns into exit code 3 at the binary's edge.
//!
//! `policy.rs` reads the rules (a policy file, checked against the questionnaire),
//! `figures.rs` takes from a report what the rules look at, and `evaluate.rs` checks
//! each rule against them.

mod evaluate;
mod figures;
mod policy;

pub use evaluate::{Bound, GateResult, GateSummary, Status, Unit, evaluate};
pub use figures::{Figures, GapFigures, group_gap};
pub use policy::{Action, Check, Policy, Rule};
