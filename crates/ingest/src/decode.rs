//! Bytes to text: byte-order marks, declared charsets, and lossy UTF-8 as the last resort.
//!
//! Declared charsets follow the WHATWG Encoding and HTML standards: labels are resolved by
//! `encoding_rs` (`latin1` is windows-1252, and so on); a UTF-16 label in a `<meta>` tag means
//! UTF-8 (a page that can be read to find its `<meta>` is not UTF-16), `x-user-defined` there
//! means windows-1252; and the `replacement` encoding (labels such as `iso-2022-kr`, which
//! would turn the whole text into one U+FFFD) is refused: the bytes are read as UTF-8, with a
//! warning.

use encoding_rs::Encoding;

/// Decoded text and what was odd about it.
pub struct Decoded {
    pub text: String,
    pub warnings: Vec<String>,
}

/// Where a declared charset was found: it decides how a UTF-16 label is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The transport: an HTTP `Content-Type` header (of a WARC record).
    Http,
    /// The page itself: `<meta charset>` or `<meta http-equiv="Content-Type">`.
    Meta,
}

/// A charset label and where it was declared.
#[derive(Debug, Clone, Copy)]
pub struct Declared<'a> {
    pub label: &'a str,
    pub origin: Origin,
}

/// The encoding a declared label stands for under the WHATWG rules, or why it is not used.
fn declared_encoding(declared: Declared<'_>) -> Result<&'static Encoding, String> {
    let label = declared.label;
    let Some(enc) = Encoding::for_label(label.trim().as_bytes()) else {
        return Err(format!("unknown charset {label:?}; read as UTF-8"));
    };
    if enc == encoding_rs::REPLACEMENT {
        return Err(format!(
            "charset {label:?} is not decoded (the WHATWG replacement encoding); read as UTF-8"
        ));
    }
    if declared.origin == Origin::Meta {
        if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
            return Ok(encoding_rs::UTF_8);
        }
        if enc == encoding_rs::X_USER_DEFINED {
            return Ok(encoding_rs::WINDOWS_1252);
        }
    }
    Ok(enc)
}

/// Decodes `bytes`. A byte-order mark wins; then a charset the container declared (HTTP header,
/// `<meta charset>`), under the WHATWG rules (see the module doc); then UTF-8, lossily if need
/// be, with a warning that says where it broke. Valid UTF-8 (the usual case) becomes the text
/// without a copy.
pub fn decode(bytes: Vec<u8>, declared: Option<Declared<'_>>) -> Decoded {
    let mut warnings = Vec::new();
    if let Some((enc, bom_len)) = Encoding::for_bom(&bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            warnings.push(format!("invalid {} sequences replaced", enc.name()));
        }
        return Decoded {
            text: text.into_owned(),
            warnings,
        };
    }
    if let Some(declared) = declared {
        match declared_encoding(declared) {
            Ok(enc) if enc != encoding_rs::UTF_8 => {
                let (text, had_errors) = enc.decode_without_bom_handling(&bytes);
                if had_errors {
                    warnings.push(format!("invalid {} sequences replaced", enc.name()));
                }
                return Decoded {
                    text: text.into_owned(),
                    warnings,
                };
            }
            Ok(_) => {}
            Err(warning) => warnings.push(warning),
        }
    }
    match String::from_utf8(bytes) {
        Ok(text) => Decoded { text, warnings },
        Err(e) => {
            let valid_up_to = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let replaced = text.matches('\u{fffd}').count();
            warnings.push(format!(
                "invalid UTF-8 at byte {}; decoded lossily ({replaced} character(s) replaced)",
                valid_up_to
            ));
            Decoded { text, warnings }
        }
    }
}

/// Cuts `text` to at most `limit` bytes, at the last line break (else space) in the final
/// eighth before the limit, else at a character boundary. Returns the warning to record, if it
/// was cut: a limit applies to the text produced (decoding can triple a legacy page's size),
/// not only to the bytes read.
pub fn cut_to_limit(text: &mut String, limit: usize, what: &str) -> Option<String> {
    if text.len() <= limit {
        return None;
    }
    let total = text.len();
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let floor = end - end / 8;
    let bytes = text.as_bytes();
    if let Some(i) = memchr::memrchr(b'\n', &bytes[floor..end]) {
        end = floor + i + 1;
    } else if let Some(i) = memchr::memrchr(b' ', &bytes[floor..end]) {
        end = floor + i + 1;
    }
    text.truncate(end);
    Some(format!(
        "{what} cut at byte {end} of {total}: over the {limit}-byte limit"
    ))
}

/// The charset an HTML page declares in its first bytes (`<meta charset=...>` or
/// `<meta http-equiv="Content-Type" content="...; charset=...">`).
pub fn html_declared_charset(head: &[u8]) -> Option<String> {
    let window = &head[..head.len().min(4096)];
    let lower = String::from_utf8_lossy(window).to_ascii_lowercase();
    let at = lower.find("charset=")?;
    let rest = &lower[at + "charset=".len()..];
    let rest = rest.trim_start_matches(['"', '\'', ' ']);
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(rest.len());
    (end > 0).then(|| rest[..end].to_string())
}

/// The charset of an HTTP `Content-Type` header value.
pub fn content_type_charset(content_type: &str) -> Option<String> {
    let lower = content_type.to_ascii_lowercase();
    let at = lower.find("charset=")?;
    let value = lower[at + 8..]
        .split(';')
        .next()?
        .trim()
        .trim_matches(['"', '\''])
        .to_string();
    (!value.is_empty()).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes() {
        let d = decode("Ракка".as_bytes().to_vec(), None);
        assert_eq!(d.text, "Ракка");
        assert!(d.warnings.is_empty());

        let d = decode(b"Raqqa \xff\xfe city".to_vec(), None);
        assert_eq!(d.text, "Raqqa \u{fffd}\u{fffd} city");
        assert!(
            d.warnings[0].contains("invalid UTF-8 at byte 6"),
            "{:?}",
            d.warnings
        );

        let d = decode(b"\xef\xbb\xbfBOM".to_vec(), None);
        assert_eq!(d.text, "BOM");

        let d = decode(b"caf\xe9".to_vec(), Some(http("windows-1252")));
        assert_eq!(d.text, "café");
        assert!(d.warnings.is_empty());

        let d = decode(b"\xcf\xf0\xe8".to_vec(), Some(meta("windows-1251")));
        assert_eq!(d.text, "При");
    }

    fn http(label: &str) -> Declared<'_> {
        Declared {
            label,
            origin: Origin::Http,
        }
    }

    fn meta(label: &str) -> Declared<'_> {
        Declared {
            label,
            origin: Origin::Meta,
        }
    }

    #[test]
    fn impossible_declared_charsets_follow_whatwg() {
        let page = b"<meta charset=utf-16><p>Buses left Raqqa.</p>".to_vec();
        // A <meta> UTF-16 means UTF-8.
        let d = decode(page.clone(), Some(meta("utf-16")));
        assert_eq!(d.text.as_bytes(), &page[..]);
        assert!(d.warnings.is_empty(), "{:?}", d.warnings);
        let d = decode(page.clone(), Some(meta("UTF-16BE")));
        assert_eq!(d.text.as_bytes(), &page[..]);
        // The replacement encoding is refused: UTF-8, with a warning.
        let d = decode(page.clone(), Some(meta("iso-2022-kr")));
        assert_eq!(d.text.as_bytes(), &page[..]);
        assert!(d.warnings[0].contains("replacement"), "{:?}", d.warnings);
        let d = decode(page.clone(), Some(http("csiso2022kr")));
        assert_eq!(d.text.as_bytes(), &page[..]);
        assert_eq!(d.warnings.len(), 1);
        // x-user-defined in a page is windows-1252.
        assert_eq!(
            decode(b"caf\xe9".to_vec(), Some(meta("x-user-defined"))).text,
            "café"
        );
        // The transport's UTF-16 is what it says.
        let d = decode(b"B\0u\0s\0".to_vec(), Some(http("utf-16le")));
        assert_eq!(d.text, "Bus");
    }

    #[test]
    fn cuts_produced_text_at_the_limit() {
        let mut text = "word ".repeat(100);
        assert_eq!(cut_to_limit(&mut text, 1000, "text"), None);
        let w = cut_to_limit(&mut text, 103, "decoded text").unwrap();
        assert_eq!(text.len(), 100);
        assert!(text.ends_with("word "));
        assert_eq!(
            w,
            "decoded text cut at byte 100 of 500: over the 103-byte limit"
        );
        let mut text = "é".repeat(100);
        cut_to_limit(&mut text, 51, "text").unwrap();
        assert_eq!(text.len(), 50);
    }

    #[test]
    fn charsets() {
        assert_eq!(
            html_declared_charset(b"<meta charset=\"windows-1251\">").as_deref(),
            Some("windows-1251")
        );
        assert_eq!(
            html_declared_charset(
                b"<meta http-equiv=Content-Type content='text/html; charset=KOI8-R'>"
            )
            .as_deref(),
            Some("koi8-r")
        );
        assert_eq!(
            content_type_charset("text/html; charset=UTF-8").as_deref(),
            Some("utf-8")
        );
        assert_eq!(content_type_charset("text/html"), None);
    }
}
