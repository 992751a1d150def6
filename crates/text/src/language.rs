//! Language identification of a text (whatlang: trigram models, pure Rust, no model files).

/// How much of the text to look at: enough for a reliable guess, cheap on long articles.
const SAMPLE_BYTES: usize = 2048;

/// ISO 639-3 code of the text's language ("eng", "rus"), when the guess is reliable.
pub fn detect_language(text: &str) -> Option<String> {
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let info = whatlang::detect(&text[..end])?;
    (info.is_reliable() || info.confidence() >= 0.5).then(|| info.lang().code().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_english_and_russian() {
        assert_eq!(
            detect_language(
                "The Russian defence ministry said the Kurds agreed a corridor with the militants."
            )
            .as_deref(),
            Some("eng")
        );
        assert_eq!(
            detect_language(
                "Министерство обороны России заявило, что курды договорились о коридоре."
            )
            .as_deref(),
            Some("rus")
        );
        assert_eq!(detect_language(""), None);
    }
}
