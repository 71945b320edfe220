//! What changed between two reports beyond their paragraphs: quantitative targets paired
//! by indicator ([`targets`]) and terms that appeared or vanished ([`terms`]).
//!
//! Readers of government work reports ask "which targets moved, which priorities appeared
//! or vanished" rather than "which paragraph". These are computed for `report` documents
//! and carried in the [`crate::compare::Comparison`], so every output shows them.

pub mod quantity;
pub mod targets;
pub mod terms;

use serde::Serialize;

use crate::model::Document;
pub use targets::{Statement, TargetRow, TargetTable};
pub use terms::{TermChange, TermKind, TermOptions};

/// Targets and term changes between two versions of a report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportInsights {
    pub targets: TargetTable,
    pub terms: Vec<TermChange>,
}

/// Computes the insights of two versions, labelled as the table should name them.
pub fn report_insights(old: (&str, &Document), new: (&str, &Document), opts: &TermOptions) -> ReportInsights {
    let (targets, terms) =
        rayon::join(|| TargetTable::build(&[old, new]), || terms::term_changes(old.1, new.1, opts));
    ReportInsights { targets, terms }
}
