//! Decoding any bytes as a text file: never panics; a decoded text has no NUL and no CR.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(d) = lexdiff::input::decode(bytes, std::path::Path::new("fuzz.txt")) {
        assert!(!d.text.contains('\0') && !d.text.contains('\r'));
    }
});
