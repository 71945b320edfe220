//! Metadata files: `document.yaml` in `versions/<doc>/`, the per-version metadata kept in
//! the store, and the project's `lexdiff.yaml`.
//!
//! This is the only module that touches YAML. It uses `serde_norway`, the maintained
//! fork of the archived `serde_yaml`; swapping the library means changing this file.
//! Every file is validated once, here: unknown fields, bad dates, unsafe identifiers and
//! duplicate versions are errors naming the file, the line and the field.

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Deserializer, Serialize, de::DeserializeOwned};

use crate::error::{Error, Location, Result};
use crate::model::{Date, Kind, TextState};

/// Deserialises a string and validates it inside the visitor, so that the YAML library
/// reports the error at the value's own line and field path.
fn validated_str<'de, D, T>(
    d: D,
    expecting: &'static str,
    f: fn(&str) -> std::result::Result<T, String>,
) -> std::result::Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    struct V<T>(&'static str, fn(&str) -> std::result::Result<T, String>);
    impl<T> serde::de::Visitor<'_> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0)
        }
        fn visit_str<E: serde::de::Error>(self, s: &str) -> std::result::Result<T, E> {
            (self.1)(s).map_err(E::custom)
        }
    }
    d.deserialize_str(V(expecting, f))
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Date, D::Error> {
        validated_str(d, "a date YYYY-MM-DD", |s| {
            Date::parse_iso(s)
                .ok_or_else(|| format!("invalid date `{s}`: expected an existing date as YYYY-MM-DD"))
        })
    }
}

/// A document identifier: one safe path segment of lowercase ASCII letters, digits and
/// hyphens (`state-secrets-law`). It names the folder, the store file and the git tags.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct DocId(String);

/// A version label: one safe path segment (`2010`, `2024-rev`, `1988a`). Letters, digits,
/// `.`, `_` and `-`, starting with a letter or digit, at most 64 bytes, no `..`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct VersionLabel(String);

macro_rules! safe_id {
    ($ty:ident, $what:literal, $allowed:expr) => {
        impl $ty {
            /// Validates `s` as an identifier.
            pub fn new(s: &str) -> Result<$ty> {
                let reason = if s.is_empty() {
                    Some("it is empty")
                } else if s.len() > 64 {
                    Some("it is longer than 64 bytes")
                } else if s.contains("..") {
                    Some("it contains `..`")
                } else if !s.starts_with(|c: char| c.is_ascii_alphanumeric()) {
                    Some("it must start with a letter or digit")
                } else if !s.chars().all($allowed) {
                    Some(concat!("only ", $what, " are allowed"))
                } else {
                    None
                };
                match reason {
                    Some(reason) => Err(Error::InvalidId {
                        what: stringify!($ty),
                        value: s.escape_debug().to_string(),
                        reason,
                    }),
                    None => Ok($ty(s.to_string())),
                }
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.pad(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<$ty, D::Error> {
                validated_str(d, "an identifier", |s| $ty::new(s).map_err(|e| e.to_string()))
            }
        }
    };
}

safe_id!(DocId, "lowercase ASCII letters, digits and `-`", |c: char| c.is_ascii_lowercase()
    || c.is_ascii_digit()
    || c == '-');
safe_id!(VersionLabel, "ASCII letters, digits, `.`, `_` and `-`", |c: char| c.is_ascii_alphanumeric()
    || matches!(c, '.' | '_' | '-'));

/// The address a site is published at (`https://example.org/laws/`), for its feeds'
/// absolute links: `http` or `https`, a host, and no spaces, quotes or angle brackets. A
/// final `/` is added when missing, so that pages' paths follow it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct SiteUrl(String);

impl SiteUrl {
    /// Validates `s` as a site's address.
    pub fn new(s: &str) -> std::result::Result<SiteUrl, String> {
        let rest = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://"));
        let Some(rest) = rest else {
            return Err(format!("`{}` is not an http:// or https:// address", s.escape_debug()));
        };
        let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
        if host.is_empty() {
            return Err(format!("`{}` names no host", s.escape_debug()));
        }
        if let Some(c) = s.chars().find(|c| c.is_whitespace() || c.is_control() || "\"'<>`".contains(*c)) {
            return Err(format!("`{}` holds {c:?}, which an address cannot", s.escape_debug()));
        }
        if rest.contains(['?', '#']) {
            return Err(format!("`{}` has a query or fragment; give the site's folder", s.escape_debug()));
        }
        let mut url = s.to_string();
        if !url.ends_with('/') {
            url.push('/');
        }
        Ok(SiteUrl(url))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for SiteUrl {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<SiteUrl, D::Error> {
        validated_str(d, "an http:// or https:// address", SiteUrl::new)
    }
}

/// Counts a parse of the text must reproduce; checked by `lexdiff check` and the tests.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// Articles `第X条` (without 之X).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub articles: Option<usize>,
    /// Sub-articles `第X条之Y`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_articles: Option<usize>,
    /// Chapter headings written with their number (`第X章`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chapters: Option<usize>,
    /// Report sections (`一、`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sections: Option<usize>,
    /// Report subsections (`（一）`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subsections: Option<usize>,
    /// Non-empty lines of the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lines: Option<usize>,
}

/// One version of a document, as `document.yaml` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionMeta {
    /// The label; the text is `<label>.txt` next to `document.yaml`.
    pub label: VersionLabel,
    /// The date the version was adopted (the commit date in the store).
    pub adopted: Date,
    /// The date it took effect, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<Date>,
    /// Where the text came from.
    pub source: String,
    /// The amending act or session, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amended_by: Option<String>,
    /// Free notes on the text (quirks of the source).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect: Option<Expect>,
}

/// `versions/<doc>/document.yaml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentMeta {
    pub title: String,
    pub kind: Kind,
    /// BCP 47 language tag of the text (`zh`, `en`).
    pub language: String,
    /// UTC offset of the legal dates, `+08:00` by default for Chinese texts and `+00:00`
    /// otherwise; the store dates commits at midnight in this zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    pub versions: Vec<VersionMeta>,
}

impl DocumentMeta {
    /// The UTC offset of legal dates in minutes east of UTC.
    pub fn offset_minutes(&self) -> i32 {
        match &self.timezone {
            Some(tz) => parse_offset(tz).unwrap_or(0),
            None if self.language.starts_with("zh") => 8 * 60,
            None => 0,
        }
    }

    pub fn version(&self, label: &str) -> Option<&VersionMeta> {
        self.versions.iter().find(|v| v.label.as_str() == label)
    }
}

/// Parses `+08:00` / `-05:30` into minutes east of UTC.
pub fn parse_offset(s: &str) -> Option<i32> {
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let (h, m) = rest.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    (h <= 14 && m < 60).then_some(sign * (h * 60 + m))
}

/// Formats minutes east of UTC as `+08:00`.
pub fn format_offset(minutes: i32) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    let m = minutes.abs();
    format!("{sign}{:02}:{:02}", m / 60, m % 60)
}

/// The provenance of a version as the store keeps it (the parts of [`VersionMeta`] that
/// describe the text, not the checks run on it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredVersion {
    pub label: VersionLabel,
    pub adopted: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<Date>,
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amended_by: Option<String>,
}

impl From<&VersionMeta> for StoredVersion {
    fn from(v: &VersionMeta) -> StoredVersion {
        StoredVersion {
            label: v.label.clone(),
            adopted: v.adopted,
            effective: v.effective,
            source: v.source.clone(),
            amended_by: v.amended_by.clone(),
        }
    }
}

impl StoredVersion {
    /// As a version entry of `document.yaml` (no notes, no expected counts).
    pub fn to_meta(&self) -> VersionMeta {
        VersionMeta {
            label: self.label.clone(),
            adopted: self.adopted,
            effective: self.effective,
            source: self.source.clone(),
            amended_by: self.amended_by.clone(),
            notes: None,
            expect: None,
        }
    }
}

/// The metadata stored next to a document's text in the store (`<doc>.yaml`): the
/// document's fields and the one version that commit holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredMeta {
    pub title: String,
    pub kind: Kind,
    pub language: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    pub version: StoredVersion,
}

impl StoredMeta {
    pub fn new(doc: &DocumentMeta, version: &VersionMeta) -> StoredMeta {
        StoredMeta {
            title: doc.title.clone(),
            kind: doc.kind,
            language: doc.language.clone(),
            timezone: doc.timezone.clone(),
            version: version.into(),
        }
    }

    /// The UTC offset of legal dates in minutes east of UTC (see [`DocumentMeta`]).
    pub fn offset_minutes(&self) -> i32 {
        match &self.timezone {
            Some(tz) => parse_offset(tz).unwrap_or(0),
            None if self.language.starts_with("zh") => 8 * 60,
            None => 0,
        }
    }
}

/// `lexdiff.yaml` at the project root. Paths are relative to the file's folder.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The store (default `.lexdiff/store`).
    #[serde(default)]
    pub store: Option<PathBuf>,
    /// The folder of versions (default `versions`).
    #[serde(default)]
    pub versions: Option<PathBuf>,
    /// A folder of template overrides.
    #[serde(default)]
    pub templates: Option<PathBuf>,
    /// Where `lexdiff build` writes the site (default `reports`).
    #[serde(default)]
    pub out: Option<PathBuf>,
    /// The address the site is published at: its feeds then link there (default: links
    /// relative to each feed).
    #[serde(default)]
    pub site_url: Option<SiteUrl>,
}

/// Parses YAML text into `T`, turning errors into `path:line: field: message`.
pub fn from_yaml<T: DeserializeOwned>(text: &str, path: &Path) -> Result<T> {
    parse_yaml(text).map_err(|e| Error::Meta {
        location: Location { path: path.into(), line: e.line },
        field: e.field,
        message: e.message,
    })
}

/// Where and why YAML did not give the value wanted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// 1-based, within the text parsed.
    pub line: Option<usize>,
    /// The field's path (`versions[1].adopted`), or `(document)`.
    pub field: String,
    pub message: String,
}

fn parse_yaml<T: DeserializeOwned>(text: &str) -> std::result::Result<T, YamlError> {
    serde_norway::from_str(text).map_err(|e| {
        let line = e.location().map(|l| l.line());
        let message = without_positions(&e.to_string());
        let (field, message) = match message.split_once(": ") {
            Some((f, m)) if !f.contains(' ') => (f.to_string(), m.to_string()),
            _ => ("(document)".to_string(), message),
        };
        YamlError { line, field, message }
    })
}

/// A YAML error's message without its positions (`at line 2 column 1`): the line is
/// reported on its own, counted from the start of the file, which a front matter's
/// positions (counted from its block) are not.
fn without_positions(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find(" at line ") {
        out.push_str(&rest[..at]);
        let after = &rest[at + " at line ".len()..];
        let digits = |s: &str| s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        let line = digits(after);
        let position = after[line..].strip_prefix(" column ").filter(|_| line > 0);
        match position {
            Some(col) => rest = &col[digits(col)..],
            None => {
                out.push_str(" at line ");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// What lexdiff reads of a text's YAML front matter: the fields of the legalize layout
/// it has a use for. Other fields, which every repository adds as it likes, are ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct FrontMatter {
    /// The law's full official title.
    #[serde(default, deserialize_with = "scalar")]
    pub title: Option<String>,
    /// The official source, a URL.
    #[serde(default, deserialize_with = "scalar")]
    pub source: Option<String>,
    /// `null` reads as absent: a text as it stood at its date.
    #[serde(default, deserialize_with = "or_default")]
    pub text_state: TextState,
    /// The law's legal status: `in_force`, `repealed`, `partially_repealed`, `annulled`
    /// or `expired` in the legalize layout.
    #[serde(default, deserialize_with = "scalar")]
    pub status: Option<String>,
}

/// A value, or its default for `null`.
fn or_default<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(
    d: D,
) -> std::result::Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

impl FrontMatter {
    /// Reads a front matter's YAML (see [`crate::parse::read_front_matter`], which finds it in a text).
    pub fn read(yaml: &str) -> std::result::Result<FrontMatter, YamlError> {
        // An empty block, or one of comments only, is no mapping but says nothing wrong.
        if yaml.lines().all(|l| l.trim().is_empty() || l.trim_start().starts_with('#')) {
            return Ok(FrontMatter::default());
        }
        parse_yaml(yaml)
    }
}

/// A scalar as text (`title: 2024` is a title too); `null` is none.
fn scalar<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<String>, D::Error> {
    use serde_norway::Value;
    Ok(match Value::deserialize(d)? {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    })
}

/// Serialises metadata as YAML.
pub fn to_yaml<T: Serialize>(value: &T) -> String {
    serde_norway::to_string(value).expect("metadata types serialise to YAML")
}

/// Reads and validates a `document.yaml`. `today` bounds adoption dates.
pub fn read_document_meta(path: &Path, today: Date) -> Result<DocumentMeta> {
    let text = std::fs::read_to_string(path).map_err(Error::read(path))?;
    parse_document_meta(&text, path, today)
}

/// Validates a `document.yaml` already read: the YAML itself, then what YAML cannot
/// check (duplicate labels, dates in the future, effective before adopted).
pub fn parse_document_meta(text: &str, path: &Path, today: Date) -> Result<DocumentMeta> {
    let meta: DocumentMeta = from_yaml(text, path)?;
    // Points at the entry's own line for `field` (`adopted:`), or at its label.
    let err = |label: &str, field: &str, message: String| {
        let key = field.rsplit('.').next().unwrap_or(field);
        let line = line_of_label(text, label).map(|l| line_of_key(text, l, key).unwrap_or(l));
        Error::Meta { location: Location { path: path.into(), line }, field: field.to_string(), message }
    };
    if meta.title.trim().is_empty() {
        return Err(Error::Meta {
            location: Location { path: path.into(), line: None },
            field: "title".into(),
            message: "must not be empty".into(),
        });
    }
    if let Some(tz) = &meta.timezone
        && parse_offset(tz).is_none()
    {
        return Err(Error::Meta {
            location: Location { path: path.into(), line: None },
            field: "timezone".into(),
            message: format!("`{tz}` is not an offset like +08:00"),
        });
    }
    let mut seen = HashSet::new();
    for (i, v) in meta.versions.iter().enumerate() {
        let label = v.label.as_str();
        if !seen.insert(label) {
            return Err(err(label, &format!("versions[{i}].label"), format!("duplicate version `{label}`")));
        }
        if v.adopted > today {
            return Err(err(
                label,
                &format!("versions[{i}].adopted"),
                format!(
                    "{} is in the future (today is {today}): a version cannot be adopted before it exists",
                    v.adopted
                ),
            ));
        }
        if let Some(eff) = v.effective
            && eff < v.adopted
        {
            return Err(err(
                label,
                &format!("versions[{i}].effective"),
                format!("{eff} is before the adoption date {}", v.adopted),
            ));
        }
    }
    Ok(meta)
}

/// The line of `key:` in the sequence entry whose `label:` is on line `entry` (1-based).
fn line_of_key(text: &str, entry: usize, key: &str) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.get(entry.checked_sub(1)?)?;
    // The column of the entry's keys: where `label` starts in `  - label: …`.
    let column = start.len() - start.trim_start().trim_start_matches('-').trim_start().len();
    let prefix = format!("{key}:");
    for (i, l) in lines.iter().enumerate().skip(entry - 1) {
        let body = if i + 1 == entry { &l[column..] } else { l.trim_start() };
        if i + 1 > entry && (body.is_empty() || body.starts_with('#')) {
            continue;
        }
        if i + 1 > entry && l.len() - body.len() != column {
            // A line at another indentation: a nested value, or the end of the entry.
            if l.len() - body.len() < column {
                return None;
            }
            continue;
        }
        if body.starts_with(&prefix) {
            return Some(i + 1);
        }
    }
    None
}

/// The line of the last `label: <label>` in a YAML text, for messages about a version.
fn line_of_label(text: &str, label: &str) -> Option<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| {
            let l = l.trim_start().trim_start_matches("- ").trim_start();
            l.strip_prefix("label:").map(|v| v.trim().trim_matches(['"', '\'']) == label).unwrap_or(false)
        })
        .map(|(i, _)| i + 1)
        .last()
}

/// Reads `lexdiff.yaml`.
pub fn read_config(path: &Path) -> Result<Config> {
    let text = std::fs::read_to_string(path).map_err(Error::read(path))?;
    from_yaml(&text, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::new(2026, 11, 29).unwrap()
    }

    const META: &str = "title: 中华人民共和国保守国家秘密法\nkind: law\nlanguage: zh\nversions:\n  - label: \"2010\"\n    adopted: 2010-04-29\n    effective: 2010-10-01\n    source: LawRefBook/Laws\n";

    fn parse(text: &str) -> Result<DocumentMeta> {
        parse_document_meta(text, Path::new("versions/x/document.yaml"), today())
    }

    /// A front matter: the fields lexdiff reads, others ignored, `null` as absent; an
    /// error at its line within the block, the message without positions.
    #[test]
    fn reads_a_front_matter() {
        let m = FrontMatter::read("title: 某某法\ntags: [a, b]\nsource: 2024\ntext_state: ~\n").unwrap();
        assert_eq!(
            m,
            FrontMatter {
                title: Some("某某法".into()),
                source: Some("2024".into()),
                text_state: TextState::PointInTime,
                status: None,
            }
        );
        assert_eq!(FrontMatter::read("# only a comment\n"), Ok(FrontMatter::default()));
        let e = FrontMatter::read("title: [unclosed\n").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert_eq!(e.message, "did not find expected ',' or ']', while parsing a flow sequence");
        assert_eq!(without_positions("bad at line 12 column 3 (at line x)"), "bad (at line x)");
    }

    #[test]
    fn reads_a_document() {
        let m = parse(META).unwrap();
        assert_eq!(m.versions[0].label.as_str(), "2010");
        assert_eq!(m.versions[0].adopted.to_string(), "2010-04-29");
        assert_eq!(m.offset_minutes(), 480);
    }

    #[test]
    fn errors_name_file_line_and_field() {
        let e = parse(&META.replace("2010-04-29", "2010-02-30")).unwrap_err().to_string();
        assert_eq!(
            e,
            "versions/x/document.yaml:6: versions[0].adopted: invalid date `2010-02-30`: expected an existing date as YYYY-MM-DD"
        );
        let e = parse(&format!("{META}    colour: red\n")).unwrap_err().to_string();
        assert!(e.starts_with("versions/x/document.yaml:9: versions[0]: unknown field `colour`"), "{e}");
        let e = parse(&META.replace("    source: LawRefBook/Laws\n", "")).unwrap_err().to_string();
        assert!(e.contains("missing field `source`"), "{e}");
        let e = parse(&format!("{META}  - label: \"2010\"\n    adopted: 2011-01-01\n    source: s\n"))
            .unwrap_err()
            .to_string();
        assert_eq!(e, "versions/x/document.yaml:9: versions[1].label: duplicate version `2010`");
        let e = parse(
            &META
                .replace("2010-04-29", "2027-01-01")
                .replace("effective: 2010-10-01", "effective: 2027-10-01"),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("versions[0].adopted: 2027-01-01 is in the future"), "{e}");
        assert!(e.contains("document.yaml:6:"), "points at the adopted line: {e}");
    }

    #[test]
    fn unsafe_identifiers_are_refused() {
        for bad in ["../etc", "a/b", "a\\b", "..", ".hidden", "a\u{7}", ""] {
            assert!(VersionLabel::new(bad).is_err(), "{bad:?}");
        }
        assert!(DocId::new("State-Secrets").is_err());
        assert!(DocId::new("state-secrets-law").is_ok());
        assert!(VersionLabel::new("2024-rev.1").is_ok());
        let e = parse(&META.replace("\"2010\"", "\"../2010\"")).unwrap_err().to_string();
        assert!(e.contains("versions[0].label: invalid VersionLabel `../2010`: it contains `..`"), "{e}");
    }

    #[test]
    fn offsets() {
        assert_eq!(parse_offset("+08:00"), Some(480));
        assert_eq!(parse_offset("-05:30"), Some(-330));
        assert_eq!(parse_offset("08:00"), None);
        assert_eq!(format_offset(480), "+08:00");
        assert_eq!(format_offset(-330), "-05:30");
    }
}
