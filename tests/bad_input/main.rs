//! Bad input, one case per file: every case gives a clear error naming the file, the line
//! and the field where there is one, exits with 2, and leaves the store and `versions/`
//! exactly as they were (refs, objects and files compared before and after). Inputs that
//! are converted rather than refused (legacy encodings, BOMs, CR line ends) say so and
//! store the text exactly.

#[path = "../support/mod.rs"]
mod support;

mod harness;

mod broken_template;
mod corrupted_object;
mod duplicate_articles;
mod duplicate_versions;
mod empty_file;
mod future_date;
mod gb18030;
mod gbk;
mod hostile_html;
mod html_page;
mod huge_file;
mod line_ends;
mod missing_articles;
mod no_articles;
mod not_a_text;
mod nul_byte;
mod path_traversal_doc;
mod path_traversal_version;
mod store_is_file;
mod unknown_kind;
mod utf16_bom;
mod utf8_bom;
mod western_legacy;
mod yaml_invalid_date;
mod yaml_malformed;
mod yaml_missing_field;
mod yaml_unknown_field;
