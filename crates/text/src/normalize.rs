//! Normalisation for matching only: curly quotes, guillemets, dashes and odd spaces folded to
//! plain ASCII forms, runs of white space collapsed. The document text itself is never
//! changed; a [`Normalized`] keeps a map from its bytes back to the original offsets, so a match
//! found in normalised text is reported as a span of the original.

use rashomon_model::Span;

use crate::chars::is_space;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    pub text: String,
    /// `origin[i]` is the byte offset in the original text of normalised byte `i`; one extra
    /// entry maps the end.
    origin: Vec<u32>,
}

impl Normalized {
    /// The span of the original text that normalised bytes `start..end` came from.
    pub fn original_span(&self, start: usize, end: usize) -> Span {
        // The end maps to where the next normalised character came from, so a folded
        // multi-byte character is covered whole.
        Span {
            start: self.origin[start],
            end: self.origin[end].max(self.origin[start]),
        }
    }
}

/// The ASCII stand-in for a character, if it has one.
pub fn fold_char(c: char) -> Option<&'static str> {
    Some(match c {
        '“' | '”' | '„' | '‟' | '«' | '»' | '″' => "\"",
        '‘' | '’' | '‚' | '‛' | '‹' | '›' | '′' | '`' | '´' => "'",
        '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' | '﹘' | '﹣' | '－' => "-",
        '…' => "...",
        _ => return None,
    })
}

/// Normalises `text` for matching.
pub fn normalize_for_matching(text: &str) -> Normalized {
    let mut out = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len() + 1);
    let mut in_space = false;
    for (i, c) in text.char_indices() {
        if is_space(c) {
            if !in_space && !out.is_empty() {
                out.push(' ');
                origin.push(i as u32);
            }
            in_space = true;
            continue;
        }
        in_space = false;
        match fold_char(c) {
            Some(s) => {
                out.push_str(s);
                origin.extend(std::iter::repeat_n(i as u32, s.len()));
            }
            None => {
                out.push(c);
                origin.extend(std::iter::repeat_n(i as u32, c.len_utf8()));
            }
        }
    }
    // Trailing space is dropped; the end maps to the end of the original.
    if out.ends_with(' ') {
        out.pop();
        origin.pop();
    }
    let end = text.trim_end_matches(is_space).len() as u32;
    origin.push(end);
    Normalized { text: out, origin }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_and_maps_back() {
        let text = "The SDF — “no deal”,\u{a0}\u{a0}said  it…";
        let n = normalize_for_matching(text);
        assert_eq!(n.text, "The SDF - \"no deal\", said it...");
        let at = n.text.find("no deal").unwrap();
        let span = n.original_span(at, at + "no deal".len());
        assert_eq!(&text[span.range()], "no deal");
        let at = n.text.find("\"no deal\"").unwrap();
        let span = n.original_span(at, at + "\"no deal\"".len());
        assert_eq!(&text[span.range()], "“no deal”");
        let span = n.original_span(0, n.text.len());
        assert_eq!(&text[span.range()], text);
    }
}
