//! Reading text files as they arrive from users: any common encoding in, UTF-8 with LF
//! line ends out, or a clear refusal.
//!
//! Policy (also in the README):
//! - UTF-8, with or without BOM, is read as is (the BOM is dropped).
//! - UTF-16 with a BOM is converted, with a notice.
//! - Other bytes are given to `chardetng`; Chinese legacy encodings (GBK, GB2312 and
//!   GB18030, decoded as GB18030; Big5) are converted with a notice naming the encoding.
//!   Anything else is refused: guessing a Western code page for a legal text is how
//!   mojibake gets published.
//! - An HTML page (saved from npc.gov.cn or gov.cn) is read as the paragraphs of its main
//!   text, with a notice naming the element read (module `html`). A page not in UTF-8 is
//!   read in the encoding it declares (`<meta charset>`), whatever that is.
//! - A Word document (`.docx`) is read as its paragraphs, a line each, the numbers its
//!   lists draw rebuilt, with a notice (module `docx`); a PDF, an old Word file (`.doc`) or another zip file is refused with
//!   what it is and what to do.
//! - CRLF and lone CR line ends become LF.
//! - NUL bytes are refused (a binary file, or UTF-16 without BOM).
//! - Files above [`MAX_TEXT_BYTES`] are refused before they are read (standard input,
//!   which has no size to ask, once that much is read).

use std::fs::File;
use std::io::Read;
use std::path::Path;

use crate::error::{Error, Location, Result};

mod docx;
mod html;

/// The largest text accepted: 16 MiB. The civil code, the longest law, is 0.35 MiB.
pub const MAX_TEXT_BYTES: u64 = 16 * 1024 * 1024;

const NUL_MESSAGE: &str = "contains a NUL byte: not a text file (or UTF-16 without a byte-order mark)";

/// A decoded text and what was done to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// Conversions a user should know about ("converted from GB18030").
    pub notices: Vec<String>,
}

/// Whether a file, by its name, holds a text lexdiff reads when it looks through a folder
/// of a repository: plain text (`.txt`), Markdown (`.md`, the legalize layout) or Word
/// (`.docx`). A file named on its own is read whatever its name.
pub fn is_text_file_name(name: &str) -> bool {
    [".txt", ".md", ".docx"].iter().any(|ext| name.ends_with(ext))
}

/// How a command line names standard input in place of a file.
pub const STDIN: &str = "-";

/// Reads and decodes a text file, or standard input when the path is `-` (`git show
/// HEAD~:law.txt | lexdiff diff --files - law.txt`). The same policy either way.
pub fn read_input(path: &Path) -> Result<Decoded> {
    if path.as_os_str() != STDIN {
        return read_text(path);
    }
    let named = &input_name(path);
    let mut bytes = Vec::new();
    std::io::stdin().lock().take(MAX_TEXT_BYTES + 1).read_to_end(&mut bytes).map_err(Error::read(named))?;
    if bytes.len() as u64 > MAX_TEXT_BYTES {
        return Err(too_large(named, bytes.len() as u64));
    }
    decode(&bytes, named)
}

/// The name messages give an input: its path, or `<stdin>` for `-`.
pub fn input_name(path: &Path) -> std::path::PathBuf {
    if path.as_os_str() == STDIN { "<stdin>".into() } else { path.to_path_buf() }
}

/// Reads and decodes a text file (see the module docs for the policy).
pub fn read_text(path: &Path) -> Result<Decoded> {
    let file = File::open(path).map_err(Error::read(path))?;
    let len = file.metadata().map_err(Error::read(path))?.len();
    if len > MAX_TEXT_BYTES {
        return Err(too_large(path, len));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    // `take` bounds memory even if the file grows while being read.
    file.take(MAX_TEXT_BYTES + 1).read_to_end(&mut bytes).map_err(Error::read(path))?;
    if bytes.len() as u64 > MAX_TEXT_BYTES {
        return Err(too_large(path, bytes.len() as u64));
    }
    // Plain UTF-8, the common case, becomes the text without a copy.
    if !bytes.starts_with(b"\xEF\xBB\xBF") && !docx::is_zip(&bytes) {
        match into_utf8(bytes) {
            Ok(text) => return finish(text, Vec::new(), path),
            Err(bytes) => return decode(&bytes, path),
        }
    }
    decode(&bytes, path)
}

/// `bytes` as UTF-8 text, or the length of their valid prefix. The same answer as
/// `std::str::from_utf8`, ten times faster on Chinese text (encoding_rs's validator:
/// 0.014 ms against 0.16 ms for the criminal law), and every version read passes here.
pub fn as_utf8(bytes: &[u8]) -> std::result::Result<&str, usize> {
    let valid = encoding_rs::Encoding::utf8_valid_up_to(bytes);
    if valid < bytes.len() {
        return Err(valid);
    }
    // SAFETY: encoding_rs has just validated all of `bytes` as UTF-8.
    Ok(unsafe { std::str::from_utf8_unchecked(bytes) })
}

/// [`as_utf8`] for owned bytes, without a copy; the bytes come back if they are not UTF-8.
pub fn into_utf8(bytes: Vec<u8>) -> std::result::Result<String, Vec<u8>> {
    if as_utf8(&bytes).is_err() {
        return Err(bytes);
    }
    // SAFETY: as_utf8 has just validated all of `bytes` as UTF-8.
    Ok(unsafe { String::from_utf8_unchecked(bytes) })
}

fn too_large(path: &Path, len: u64) -> Error {
    Error::Input {
        location: Location { path: path.into(), line: None },
        message: format!(
            "file is {:.1} MiB; texts larger than {} MiB are refused",
            len as f64 / 1048576.0,
            MAX_TEXT_BYTES / 1048576
        ),
    }
}

/// Decodes bytes already in memory; `path` is only used in messages.
pub fn decode(bytes: &[u8], path: &Path) -> Result<Decoded> {
    let mut notices = Vec::new();
    let text = if docx::is_zip(bytes) {
        let doc = docx::read(bytes).map_err(|m| input(path, None, m))?;
        notices.push("read from a Word document, a line per paragraph".into());
        if doc.numbered > 0 {
            notices.push(format!(
                "{} paragraphs are numbered by Word's automatic numbering: their numbers (第…条, （一）) were rebuilt from the document's lists",
                doc.numbered
            ));
        }
        if doc.unnumbered > 0 {
            notices.push(format!(
                "{} paragraphs are numbered by lists the document does not define: they are read without their numbers",
                doc.unnumbered
            ));
        }
        doc.text
    } else if let Some(message) = not_text(bytes) {
        return Err(input(path, None, message.into()));
    } else if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        utf8(rest, path)?
    } else if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let enc = if bytes[0] == 0xFF { encoding_rs::UTF_16LE } else { encoding_rs::UTF_16BE };
        let (text, had_errors) = enc.decode_with_bom_removal(bytes);
        if had_errors {
            return Err(input(path, None, format!("invalid {} text", enc.name())));
        }
        notices.push(format!("converted from {}", enc.name()));
        text.into_owned()
    } else {
        match as_utf8(bytes) {
            Ok(s) => s.to_string(),
            Err(valid) => {
                // No legacy text encoding has NUL bytes: say what it is before guessing.
                if let Some(pos) = bytes.iter().position(|&b| b == 0) {
                    return Err(input(path, Some(line_of(bytes, pos)), NUL_MESSAGE.into()));
                }
                match html::declared_encoding(bytes) {
                    Some(enc) => declared(bytes, enc, path, &mut notices)?,
                    None => legacy(bytes, path, valid, &mut notices)?,
                }
            }
        }
    };
    finish(text, notices, path)
}

/// What a file that is no text is, by its first bytes, and what to do with it.
fn not_text(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some(
            "a PDF file: lexdiff reads plain text, Word (.docx) and web pages (.html); copy the text out, one paragraph per line",
        )
    } else if bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        Some("an old Word document (.doc): save it as .docx or as plain text")
    } else {
        None
    }
}

/// Refuses NUL bytes, reads an HTML page's text and converts line ends: the steps every
/// decoded text goes through.
fn finish(text: String, mut notices: Vec<String>, path: &Path) -> Result<Decoded> {
    if let Some(pos) = text.find('\0') {
        return Err(input(path, Some(line_of(text.as_bytes(), pos)), NUL_MESSAGE.into()));
    }
    if html::is_html(&text) {
        let page = html::read(&text).ok_or_else(|| input(path, None, "an HTML page without text".into()))?;
        let mut notice = "read from an HTML page, a line per paragraph".to_string();
        if let Some(c) = &page.container {
            notice.push_str(&format!(": the text of <{c}>"));
        }
        if page.left_out > 0 {
            notice.push_str(&format!("; {} characters of menus, links and the like left out", page.left_out));
        }
        notices.push(notice);
        return Ok(Decoded { text: page.text, notices });
    }
    let text = if text.contains('\r') {
        notices.push("line ends converted to LF".into());
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    };
    Ok(Decoded { text, notices })
}

fn utf8(bytes: &[u8], path: &Path) -> Result<String> {
    as_utf8(bytes).map(str::to_string).map_err(|valid| {
        input(path, Some(line_of(bytes, valid)), "invalid UTF-8 after a UTF-8 byte-order mark".into())
    })
}

fn legacy(bytes: &[u8], path: &Path, valid: usize, notices: &mut Vec<String>) -> Result<String> {
    let line = line_of(bytes, valid);
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    let enc = if guess == encoding_rs::GBK || guess == encoding_rs::GB18030 {
        encoding_rs::GB18030
    } else if guess == encoding_rs::BIG5 {
        encoding_rs::BIG5
    } else {
        return Err(input(
            path,
            Some(line),
            format!(
                "not UTF-8 (it looks like {}); lexdiff converts GBK/GB18030 and Big5 but will not guess other encodings: convert the file to UTF-8",
                guess.name()
            ),
        ));
    };
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(input(path, Some(line), format!("not UTF-8, and not valid {} either", enc.name())));
    }
    notices.push(format!("converted from {} to UTF-8", enc.name()));
    Ok(text.into_owned())
}

/// A page in the encoding it declares: not a guess, so any encoding the WHATWG
/// Encoding Standard names is read (a Western page in windows-1252 too).
fn declared(
    bytes: &[u8],
    enc: &'static encoding_rs::Encoding,
    path: &Path,
    notices: &mut Vec<String>,
) -> Result<String> {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(input(path, None, format!("not valid {}, the encoding the page declares", enc.name())));
    }
    notices.push(format!("converted from {} (as the page declares) to UTF-8", enc.name()));
    Ok(text.into_owned())
}

/// The 1-based line of byte `pos`.
fn line_of(bytes: &[u8], pos: usize) -> usize {
    bytes[..pos].iter().filter(|&&b| b == b'\n').count() + 1
}

fn input(path: &Path, line: Option<usize>, message: String) -> Error {
    Error::Input { location: Location { path: path.into(), line }, message }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINE: &str = "第五条 国家秘密受法律保护。\n";

    fn dec(bytes: &[u8]) -> Result<Decoded> {
        decode(bytes, Path::new("t.txt"))
    }

    /// Byte strings near UTF-8: pieces of valid text (ASCII, Chinese, 4-byte), and bytes
    /// that break it (lone continuation bytes, truncated sequences, overlong forms,
    /// surrogates, bytes above U+10FFFF).
    fn near_utf8() -> impl proptest::strategy::Strategy<Value = Vec<u8>> {
        use proptest::prelude::*;
        let piece = prop_oneof![
            Just(b"a\n".to_vec()),
            Just("国家秘密".as_bytes().to_vec()),
            Just("𠀀".as_bytes().to_vec()),
            Just(vec![0x80]),
            Just(vec![0xE5, 0x9B]),
            Just(vec![0xC0, 0xAF]),
            Just(vec![0xED, 0xA0, 0x80]),
            Just(vec![0xF4, 0x90, 0x80, 0x80]),
            any::<u8>().prop_map(|b| vec![b]),
        ];
        proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat())
    }

    proptest::proptest! {
        #[test]
        fn validation_agrees_with_the_standard_library(bytes in near_utf8()) {
            let std = std::str::from_utf8(&bytes).map_err(|e| e.valid_up_to());
            proptest::prop_assert_eq!(as_utf8(&bytes), std);
            let owned = into_utf8(bytes.clone()).ok();
            proptest::prop_assert_eq!(owned.as_deref(), std.ok());
        }
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(dec(LINE.as_bytes()).unwrap().text, LINE);
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend_from_slice(LINE.as_bytes());
        assert_eq!(dec(&b).unwrap().text, LINE);
    }

    #[test]
    fn gbk_is_converted_with_a_notice() {
        let text = LINE.repeat(4);
        let (gbk, _, _) = encoding_rs::GBK.encode(&text);
        let d = dec(&gbk).unwrap();
        assert_eq!(d.text, text);
        assert_eq!(d.notices, ["converted from gb18030 to UTF-8"]);
    }

    #[test]
    fn utf16_with_bom() {
        let mut b = vec![0xFF, 0xFE];
        for u in LINE.encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        let d = dec(&b).unwrap();
        assert_eq!(d.text, LINE);
        assert_eq!(d.notices, ["converted from UTF-16LE"]);
    }

    #[test]
    fn line_ends() {
        let d = dec("a\r\nb\rc\n".as_bytes()).unwrap();
        assert_eq!(d.text, "a\nb\nc\n");
    }

    #[test]
    fn nul_is_refused_with_its_line() {
        let err = dec(b"a\nb\0c\n").unwrap_err().to_string();
        assert_eq!(
            err,
            "t.txt:2: contains a NUL byte: not a text file (or UTF-16 without a byte-order mark)"
        );
    }
}
