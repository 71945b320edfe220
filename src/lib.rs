//! lexdiff keeps every version of a legal or report text in a git-backed store and shows,
//! article by article, what changed between versions.
//!
//! The pipeline runs in one direction, a module per stage:
//!
//! ```text
//! versions/ ─import─▶ store (git) ─load─▶ Document ─align─▶ Alignment ─diff─▶ Comparison
//!                                                              ─view─▶ HTML / JSON / Markdown
//! ```
//!
//! - [`parse`] turns a text into a [`model::Document`] (articles, headings, paragraphs);
//! - [`normalize`] defines the comparison normal form (width-folded, no whitespace);
//! - [`meta`] reads and validates the YAML metadata;
//! - [`versions`] and [`source`] read versions from the `versions/` folder or a store.
//!
//! ```
//! use lexdiff::{model::Kind, parse::parse};
//!
//! let text = "某法\n第一章 总则\n第一条 为了保守国家秘密，制定本法。\n";
//! let parsed = parse(text, Kind::Law).unwrap();
//! assert_eq!(parsed.document.unit("1").unwrap().text(), "为了保守国家秘密，制定本法。");
//! ```

pub mod align;
pub mod ci;
pub mod compare;
pub mod decision;
pub mod diff;
pub mod error;
pub mod eval;
pub mod fsutil;
pub mod input;
pub mod insights;
pub mod lineage;
pub mod meta;
pub mod model;
pub mod normalize;
pub mod numerals;
pub mod parse;
pub mod render;
pub mod search;
pub mod site;
pub mod source;
pub mod store;
pub mod versions;

pub use error::{Error, Result};
