//! Build script: compiles the word dictionary into a double-array trie and embeds the
//! templates.
//!
//! The dictionary (data/dict/jieba-dict.tsv, from jieba, MIT licence) is compiled here
//! rather than loaded at run time: `jieba_rs::Jieba::new()` takes about 90 ms, eighteen
//! times the whole parse-align-diff budget of a law; a double array compiled into the
//! binary costs nothing to open and answers prefix searches with two array reads a byte.
//! Its keys spell each Han character in two bytes, not UTF-8's three (src/diff/han.rs).

use std::env;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;

/// Fixed-point scale of the log frequencies stored in the trie (also in src/diff/tokens.rs).
const LOG_SCALE: f64 = (1u64 << 24) as f64;

#[path = "src/diff/han.rs"]
#[allow(dead_code)]
mod han;

fn main() {
    println!("cargo:rerun-if-changed=data/dict/jieba-dict.tsv");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/diff/han.rs");
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

    // The tokenizer looks words up only inside runs of Han characters, so only words of
    // Han characters go into the trie, each character as a two-byte code (UTF-8 takes
    // three: a third fewer dependent reads a character). Codes go by how often a
    // character occurs in the dictionary, so the common ones share a few blocks of the
    // trie that stay in cache.
    let han: Vec<&(String, u64)> = entries.iter().filter(|(w, _)| w.chars().all(han::is_han)).collect();
    let mut char_freq: std::collections::HashMap<char, u64> = std::collections::HashMap::new();
    for (w, f) in &han {
        for c in w.chars() {
            *char_freq.entry(c).or_default() += *f;
        }
    }
    let mut by_freq: Vec<(char, u64)> = char_freq.into_iter().collect();
    by_freq.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    // rank[c − TABLE_FIRST] = 1 + the character's place by frequency; 0: in no word.
    let first = han::TABLE_FIRST as usize;
    let mut rank = vec![0u16; han::TABLE_LAST as usize - first + 1];
    for (place, (c, _)) in by_freq.iter().enumerate() {
        rank[*c as usize - first] = u16::try_from(place + 1).expect("fewer than 65535 characters");
    }
    assert!(by_freq.len() <= 254 * 255, "the codes of all characters start below NO_WORD");
    let code = |c: char| han::code(usize::from(rank[c as usize - first]) - 1);
    let mut keys: Vec<(Vec<u8>, u32)> = han
        .iter()
        .map(|(w, f)| {
            // Values are ln(frequency) in fixed point (2^24 per unit; the largest, about
            // 13.6, fits yada's 31 bits): tokenising then adds numbers instead of taking
            // logarithms.
            let log = ((*f).max(1) as f64).ln() * LOG_SCALE;
            let value = u32::try_from(log.round() as u64).expect("log frequencies fit in 31 bits");
            (w.chars().flat_map(code).collect(), value)
        })
        .collect();
    keys.sort_by(|a, b| a.0.cmp(&b.0));
    let keyset: Vec<(&[u8], u32)> = keys.iter().map(|(k, v)| (k.as_slice(), *v)).collect();
    let trie = yada::builder::DoubleArrayBuilder::build(&keyset).expect("sorted, unique keys");
    fs::write(out.join("dict.da"), trie).expect("write dict.da");
    fs::write(out.join("dict_total.rs"), format!("{total}")).expect("write dict_total.rs");
    let rank_bytes: Vec<u8> = rank.iter().flat_map(|r| r.to_le_bytes()).collect();
    fs::write(out.join("han_rank.bin"), rank_bytes).expect("write han_rank.bin");

    embed_templates(&out);
}

/// Writes `$OUT_DIR/templates.rs`: the files of `templates/` (those with the extensions of
/// `render::html::EXTENSIONS`) as `(name, source)` pairs sorted by name, the sources
/// included from the files, for `render::html` to compile when a page first needs one.
/// (minijinja-embed registers them all with the environment, which compiles each at
/// once: 5 % of the instructions of a one-off `diff` of the secrecy law, which renders
/// four of the eleven.)
fn embed_templates(out: &std::path::Path) {
    fn visit(dir: &std::path::Path, files: &mut Vec<PathBuf>) {
        let entries = fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for entry in entries {
            let path = entry.expect("a readable templates folder").path();
            if path.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')) {
                continue;
            }
            if path.is_dir() {
                visit(&path, files);
            } else if [".html", ".css", ".js", ".md", ".svg", ".xml"]
                .iter()
                .any(|x| path.to_string_lossy().ends_with(x))
            {
                files.push(path);
            }
        }
    }
    // A folder scanned whole: a template added or removed builds again (an edited one
    // does anyway, through include_str!).
    println!("cargo:rerun-if-changed=templates");
    let root = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .join("templates");
    let mut files = Vec::new();
    visit(&root, &mut files);
    let mut entries: Vec<(String, String)> = files
        .iter()
        .map(|f| {
            let name = f.strip_prefix(&root).expect("under templates/").to_string_lossy().replace('\\', "/");
            (name, f.to_string_lossy().into_owned())
        })
        .collect();
    entries.sort();
    let mut code = String::from("&[\n");
    for (name, path) in entries {
        code.push_str(&format!("    ({name:?}, include_str!({path:?})),\n"));
    }
    code.push_str("]\n");
    fs::write(out.join("templates.rs"), code).expect("write templates.rs");
}
