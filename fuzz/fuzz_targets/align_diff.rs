//! Alignment and inline diffs of two texts (the input split at its first NUL, parsed as
//! laws, or as plain paragraphs when they have no articles): never panics, every unit of
//! both sides appears in the rows, and the Word report of them reads back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lexdiff::align::Overrides;
use lexdiff::compare::{CompareOptions, Header, compare};
use lexdiff::model::{Document, Kind};
use lexdiff::parse::{ParseOptions, parse_with};

fn document(text: &str) -> Option<Document> {
    // Read as `diff --files` reads two files: article numbers that skip are compared.
    let lenient = ParseOptions { lenient_numbering: true };
    let parsed = parse_with(text, Kind::Law, lenient).or_else(|_| parse_with(text, Kind::Plain, lenient));
    parsed.ok().map(|p| p.document)
}

fuzz_target!(|input: &str| {
    let (a, b) = input.split_once('\0').unwrap_or((input, ""));
    let (Some(old), Some(new)) = (document(a), document(b)) else { return };
    let c = compare(Header::default(), &old, &new, &Overrides::default(), &CompareOptions::default());
    let mut seen_old = vec![false; old.units.len()];
    let mut seen_new = vec![false; new.units.len()];
    for r in &c.rows {
        if let Some(u) = &r.old {
            seen_old[u.index] = true;
        }
        if let Some(u) = &r.new {
            seen_new[u.index] = true;
        }
    }
    assert!(seen_old.iter().chain(&seen_new).all(|&s| s), "every unit is in a row");
    let _ = lexdiff::render::json(&c);
    let _ = lexdiff::render::markdown::render(&c);
    let _ = lexdiff::render::text::render(&c, false, true);
    let docx = lexdiff::render::docx::render(&c, true);
    if let Err(e) = lexdiff::input::decode(&docx, std::path::Path::new("report.docx")) {
        panic!("the Word report does not read back: {e}");
    }
});
