//! Build script: compiles the word dictionary into a double-array trie and embeds the
//! templates.
//!
//! The dictionary (data/dict/jieba-dict.tsv, from jieba, MIT licence) is compiled here
//! rather than loaded at run time: `jieba_rs::Jieba::new()` takes about 90 ms, eighteen
//! times the whole parse-align-diff budget of a law; a double array compiled into the
//! binary costs nothing to open and answers prefix searches with two array reads a byte.

use std::env;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;

/// Fixed-point scale of the log frequencies stored in the trie (also in src/diff/tokens.rs).
const LOG_SCALE: f64 = (1u64 << 24) as f64;

fn main() {
    println!("cargo:rerun-if-changed=data/dict/jieba-dict.tsv");
    println!("cargo:rerun-if-changed=build.rs");
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));

    let file = fs::File::open("data/dict/jieba-dict.tsv").expect("data/dict/jieba-dict.tsv exists");
    let mut entries: Vec<(String, u64)> = Vec::new();
    for line in BufReader::new(file).lines() {
        let line = line.expect("the dictionary is UTF-8");
        let Some((word, freq)) = line.split_once('\t') else {
            continue;
        };
        let freq: u64 = freq.trim().parse().expect("frequencies are integers");
        entries.push((word.to_string(), freq));
    }
    entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    entries.dedup_by(|a, b| a.0 == b.0);
    let total: u64 = entries.iter().map(|e| e.1).sum();
    // Values are ln(frequency) in fixed point (2^24 per unit; the largest, about 13.6,
    // fits yada's 31 bits): tokenising then adds numbers instead of taking logarithms.
    let keyset: Vec<(&[u8], u32)> = entries
        .iter()
        .map(|(w, f)| {
            let log = ((*f).max(1) as f64).ln() * LOG_SCALE;
            (w.as_bytes(), u32::try_from(log.round() as u64).expect("log frequencies fit in 31 bits"))
        })
        .collect();
    let trie = yada::builder::DoubleArrayBuilder::build(&keyset).expect("sorted, unique keys");
    fs::write(out.join("dict.da"), trie).expect("write dict.da");
    fs::write(out.join("dict_total.rs"), format!("{total}")).expect("write dict_total.rs");

    minijinja_embed::embed_templates!("templates", &[".html", ".css", ".md", ".svg"][..]);
}
