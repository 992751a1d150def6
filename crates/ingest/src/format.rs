//! Input formats and their detection from file names and first bytes.

use serde::{Deserialize, Serialize};

/// How an input file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text: first non-empty line is the title, the rest the body.
    Txt,
    /// JSON Lines: one article object a line.
    Jsonl,
    /// One JSON document: an article object or an array of them.
    Json,
    /// One HTML page.
    Html,
    /// WARC (Common Crawl's CC-NEWS layout), HTTP responses holding HTML pages.
    Warc,
}

/// The gzip magic number.
pub fn is_gzip_magic(head: &[u8]) -> bool {
    head.starts_with(&[0x1f, 0x8b])
}

/// The format a file name implies, looking through a `.gz` suffix.
pub fn from_name(name: &str) -> Option<Format> {
    let lower = name.to_ascii_lowercase();
    let inner = lower.strip_suffix(".gz").unwrap_or(&lower);
    let ext = inner.rsplit_once('.').map(|(_, e)| e)?;
    Some(match ext {
        "txt" | "text" | "md" => Format::Txt,
        "jsonl" | "ndjson" | "jsonlines" => Format::Jsonl,
        "json" => Format::Json,
        "html" | "htm" | "xhtml" | "shtml" => Format::Html,
        "warc" => Format::Warc,
        _ => return None,
    })
}

/// Why a file's first bytes show it cannot be read as text.
pub fn looks_binary(head: &[u8]) -> bool {
    // NUL bytes never occur in text; UTF-16 text has them but starts with a byte-order mark.
    let utf16 = head.starts_with(&[0xff, 0xfe]) || head.starts_with(&[0xfe, 0xff]);
    !utf16 && memchr::memchr(0, &head[..head.len().min(8192)]).is_some()
}

/// The format the first bytes of a (decompressed) file suggest.
pub fn sniff(head: &[u8]) -> Format {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let trimmed = &head[start..];
    if trimmed.starts_with(b"WARC/") {
        return Format::Warc;
    }
    if trimmed.starts_with(b"{") {
        return Format::Jsonl;
    }
    if trimmed.starts_with(b"[") {
        return Format::Json;
    }
    if trimmed.starts_with(b"<") {
        let window = &trimmed[..trimmed.len().min(2048)];
        let lower = String::from_utf8_lossy(window).to_ascii_lowercase();
        if [
            "<!doctype html",
            "<html",
            "<head",
            "<body",
            "<meta",
            "<article",
            "<div",
            "<p>",
            "<p ",
        ]
        .iter()
        .any(|t| lower.contains(t))
        {
            return Format::Html;
        }
    }
    Format::Txt
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(from_name("a/b/1036.htm.txt"), Some(Format::Txt));
        assert_eq!(from_name("CC-NEWS-2017.warc.gz"), Some(Format::Warc));
        assert_eq!(from_name("x.JSONL"), Some(Format::Jsonl));
        assert_eq!(from_name("page.html"), Some(Format::Html));
        assert_eq!(from_name("README"), None);
    }

    #[test]
    fn sniffing() {
        assert_eq!(sniff(b"WARC/1.0\r\n"), Format::Warc);
        assert_eq!(sniff(b"\xef\xbb\xbf  {\"text\": 1}"), Format::Jsonl);
        assert_eq!(sniff(b"[{}]"), Format::Json);
        assert_eq!(sniff(b"<!DOCTYPE html><html>"), Format::Html);
        assert_eq!(sniff(b"<b>not really</b> a page"), Format::Txt);
        assert_eq!(sniff(b"Title\nBody"), Format::Txt);
        assert!(looks_binary(b"\x89PNG\r\n\x1a\n\0\0"));
        assert!(!looks_binary(b"\xff\xfeT\0i\0"));
    }
}
