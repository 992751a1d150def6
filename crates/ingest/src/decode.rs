//! Bytes to text: byte-order marks, declared charsets, and lossy UTF-8 as the last resort.

use encoding_rs::Encoding;

/// Decoded text and what was odd about it.
pub struct Decoded {
    pub text: String,
    pub warnings: Vec<String>,
}

/// Decodes `bytes`. A byte-order mark wins; then a charset the container declared (HTTP header,
/// `<meta charset>`); then UTF-8, lossily if need be, with a warning that says where it broke.
/// Valid UTF-8 (the usual case) becomes the text without a copy.
pub fn decode(bytes: Vec<u8>, declared: Option<&str>) -> Decoded {
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
    if let Some(label) = declared {
        match Encoding::for_label(label.trim().as_bytes()) {
            Some(enc) if enc != encoding_rs::UTF_8 => {
                let (text, had_errors) = enc.decode_without_bom_handling(&bytes);
                if had_errors {
                    warnings.push(format!("invalid {} sequences replaced", enc.name()));
                }
                return Decoded {
                    text: text.into_owned(),
                    warnings,
                };
            }
            Some(_) => {}
            None => warnings.push(format!("unknown charset {label:?}; read as UTF-8")),
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

        let d = decode(b"caf\xe9".to_vec(), Some("windows-1252"));
        assert_eq!(d.text, "café");
        assert!(d.warnings.is_empty());

        let d = decode(b"\xcf\xf0\xe8".to_vec(), Some("windows-1251"));
        assert_eq!(d.text, "При");
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
