//! Reviewed alignment overrides: `versions/<doc>/alignments/<old>..<new>.tsv`.
//!
//! Same columns as the map lexdiff prints (`old\tnew\tkind\tscore`; `kind` and `score`
//! may be empty or absent). A row with both labels pins that pair; with kind `forbid` it
//! forbids it. A row with only an old label says the article has no successor (deleted);
//! with only a new label, that the article has no predecessor (added). Overrides win
//! over the aligner, and every row they touch is marked reviewed.

use std::collections::BTreeSet;
use std::path::Path;

use crate::error::{Error, Location, Result};
use crate::model::Document;

use super::RowKind;

/// One line of an override file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Override {
    Pin { old: String, new: String },
    Forbid { old: String, new: String },
    Deleted { old: String },
    Added { new: String },
}

/// A parsed override file (possibly empty).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    pub items: Vec<Override>,
}

impl Overrides {
    /// Parses the override file of two parsed versions (see [`Overrides::parse`]).
    pub fn parse_for(text: &str, path: &Path, old: &Document, new: &Document) -> Result<Overrides> {
        fn labels(d: &Document) -> BTreeSet<&str> {
            d.units.iter().map(|u| u.label.as_str()).collect()
        }
        Overrides::parse(text, path, &labels(old), &labels(new))
    }

    /// Parses an override file. `old_labels` and `new_labels` are the units of the two
    /// versions: a label that does not exist is an error naming the line.
    pub fn parse(
        text: &str,
        path: &Path,
        old_labels: &BTreeSet<&str>,
        new_labels: &BTreeSet<&str>,
    ) -> Result<Overrides> {
        let err = |line: usize, field: &str, message: String| Error::Meta {
            location: Location { path: path.into(), line: Some(line) },
            field: field.into(),
            message,
        };
        let mut items = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let raw = raw.trim_end_matches('\r');
            if raw.trim().is_empty() || raw.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = raw.split('\t').map(str::trim).collect();
            if i == 0 && cols.first() == Some(&"old") {
                continue; // header
            }
            if cols.len() < 2 {
                return Err(err(line, "row", "expected at least two tab-separated columns: old, new".into()));
            }
            let (old, new) = (cols[0], cols[1]);
            let kind = cols.get(2).copied().unwrap_or("");
            if let Some(score) = cols.get(3).filter(|s| !s.is_empty())
                && score.parse::<f64>().is_err()
            {
                return Err(err(line, "score", format!("`{score}` is not a number")));
            }
            if !old.is_empty() && !old_labels.contains(old) {
                return Err(err(line, "old", format!("no unit `{old}` in the old version")));
            }
            if !new.is_empty() && !new_labels.contains(new) {
                return Err(err(line, "new", format!("no unit `{new}` in the new version")));
            }
            let item = match (old.is_empty(), new.is_empty()) {
                (true, true) => return Err(err(line, "row", "both old and new are empty".into())),
                (false, true) => Override::Deleted { old: old.into() },
                (true, false) => Override::Added { new: new.into() },
                (false, false) if kind == "forbid" => Override::Forbid { old: old.into(), new: new.into() },
                (false, false) => {
                    if !kind.is_empty()
                        && !matches!(RowKind::parse(kind), Some(k) if k != RowKind::Added && k != RowKind::Deleted)
                    {
                        return Err(err(
                            line,
                            "kind",
                            format!(
                                "`{kind}` is not a kind for a pair (unchanged, renumbered, modified, split, merged, or forbid)"
                            ),
                        ));
                    }
                    Override::Pin { old: old.into(), new: new.into() }
                }
            };
            items.push(item);
        }
        Ok(Overrides { items })
    }

    /// Pinned pairs, in file order.
    pub fn pinned(&self) -> impl Iterator<Item = (&str, &str)> {
        self.items.iter().filter_map(|i| match i {
            Override::Pin { old, new } => Some((old.as_str(), new.as_str())),
            _ => None,
        })
    }

    pub fn pins(&self, old: &str, new: &str) -> bool {
        self.pinned().any(|(o, n)| o == old && n == new)
    }

    pub fn forbids(&self, old: &str, new: &str) -> bool {
        self.items.iter().any(|i| matches!(i, Override::Forbid { old: o, new: n } if o == old && n == new))
    }

    /// The old unit was declared deleted.
    pub fn blocks_old(&self, old: &str) -> bool {
        self.items.iter().any(|i| matches!(i, Override::Deleted { old: o } if o == old))
    }

    /// The new unit was declared added.
    pub fn blocks_new(&self, new: &str) -> bool {
        self.items.iter().any(|i| matches!(i, Override::Added { new: n } if n == new))
    }

    /// Whether a row (pair, or `""` for a missing side) was decided by a reviewer.
    pub fn reviews(&self, old: &str, new: &str) -> bool {
        self.items.iter().any(|i| match i {
            Override::Pin { old: o, new: n } | Override::Forbid { old: o, new: n } => o == old && n == new,
            Override::Deleted { old: o } => new.is_empty() && o == old,
            Override::Added { new: n } => old.is_empty() && n == new,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(v: &[&'static str]) -> BTreeSet<&'static str> {
        v.iter().copied().collect()
    }

    #[test]
    fn parses_pins_bans_and_one_sided_rows() {
        let text = "old\tnew\tkind\tscore\n28\t34\tmodified\t0.8\n50\t\t\t\n\t7\tadded\n3\t4\tforbid\n";
        let o = Overrides::parse(
            text,
            Path::new("o.tsv"),
            &labels(&["3", "28", "50"]),
            &labels(&["4", "7", "34"]),
        )
        .unwrap();
        assert!(o.pins("28", "34"));
        assert!(o.blocks_old("50"));
        assert!(o.blocks_new("7"));
        assert!(o.forbids("3", "4"));
        assert!(o.reviews("50", ""));
        assert!(!o.reviews("50", "7"));
    }

    #[test]
    fn errors_name_the_line_and_field() {
        let e = Overrides::parse("old\tnew\n99\t1\n", Path::new("o.tsv"), &labels(&["1"]), &labels(&["1"]))
            .unwrap_err();
        assert_eq!(e.to_string(), "o.tsv:2: old: no unit `99` in the old version");
        let e = Overrides::parse("1\t1\tsplitted\n", Path::new("o.tsv"), &labels(&["1"]), &labels(&["1"]))
            .unwrap_err();
        assert!(e.to_string().starts_with("o.tsv:1: kind: `splitted` is not a kind"), "{e}");
    }
}
