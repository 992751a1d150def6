//! Language identification of a text (whatlang: trigram models, pure Rust, no model files).

/// How much of the text to look at: enough for a reliable guess, cheap on long articles.
const SAMPLE_BYTES: usize = 400;

/// English function words. Trigram models cost ~150 instructions a byte; most news we see is
/// English, and a look at the first forty words settles that for a fraction of the cost.
fn is_english_marker(lower: &[u8]) -> bool {
    matches!(
        lower,
        b"the"
            | b"of"
            | b"and"
            | b"to"
            | b"in"
            | b"a"
            | b"is"
            | b"was"
            | b"that"
            | b"for"
            | b"on"
            | b"with"
            | b"said"
            | b"by"
            | b"it"
            | b"as"
            | b"at"
            | b"from"
            | b"he"
            | b"has"
            | b"have"
            | b"were"
            | b"be"
            | b"are"
            | b"not"
            | b"which"
    )
}

fn clearly_english(text: &str) -> bool {
    let mut words = 0usize;
    let mut markers = 0usize;
    for w in text.split_ascii_whitespace().take(40) {
        words += 1;
        let w = w
            .trim_matches(|c: char| !c.is_ascii_alphabetic())
            .as_bytes();
        if w.len() <= 5 {
            let mut buf = [0u8; 5];
            for (d, s) in buf.iter_mut().zip(w) {
                *d = s.to_ascii_lowercase();
            }
            if is_english_marker(&buf[..w.len()]) {
                markers += 1;
            }
        }
    }
    // English prose runs at 35-45% of these words; other Latin-script languages share only a
    // few ("a", "in"), well under a fifth of their words.
    words >= 20 && markers * 100 >= words * 20
}

/// ISO 639-3 code of the text's language ("eng", "rus"), when the guess is reliable.
pub fn detect_language(text: &str) -> Option<String> {
    if clearly_english(text) {
        return Some("eng".to_string());
    }
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
        let french = "Le ministère russe de la Défense a déclaré que les forces kurdes avaient conclu un accord avec les combattants de l'État islamique pour ouvrir un couloir vers le sud de la ville de Raqqa.";
        assert!(!clearly_english(french));
        assert_eq!(detect_language(french).as_deref(), Some("fra"));
        let german = "Das russische Verteidigungsministerium erklärte, die kurdischen Kräfte hätten mit den Kämpfern des Islamischen Staates einen Korridor nach Süden vereinbart, der aus der Stadt Rakka führt.";
        assert!(!clearly_english(german));
    }
}
