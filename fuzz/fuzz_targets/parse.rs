//! The parser on any text, as every kind: never panics; what it returns is consistent.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lexdiff::model::Kind;

fuzz_target!(|text: &str| {
    for kind in [Kind::Law, Kind::Report, Kind::Plain] {
        if let Ok(p) = lexdiff::parse::parse(text, kind) {
            let units = &p.document.units;
            assert!(units.windows(2).all(|w| w[0].line < w[1].line));
            let mut labels: Vec<&str> = units.iter().map(|u| u.label.as_str()).collect();
            labels.sort_unstable();
            labels.dedup();
            assert_eq!(labels.len(), units.len(), "unit labels are unique");
        }
    }
});
