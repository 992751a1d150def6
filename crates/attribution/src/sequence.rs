//! Documents as token sequences for the tagger: one sequence per paragraph, each token with
//! the cheap facts every feature is built from (hashed word, shape, sentence, quotation state).
//!
//! A paragraph longer than [`WINDOW_SENTENCES`] sentences or [`WINDOW_TOKENS`] tokens is cut
//! into windows at sentence boundaries (the quotation state carries over), so that the tagger
//! and the linker, which look at a whole sequence, see at most a window: scraped text without
//! line breaks is one paragraph of megabytes.

use rashomon_model::{Layers, Span};
use rashomon_text::tokens::tokenize;
use xxhash_rust::xxh3::xxh3_64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    Lower = 0,
    Capitalised = 1,
    Upper = 2,
    Digit = 3,
    Quote = 4,
    Punct = 5,
    Other = 6,
}

#[derive(Debug, Clone)]
pub(crate) struct Tok {
    pub span: Span,
    /// Hash of the lower-cased word, digits as `0`, quotation marks as `"`.
    pub word: u64,
    /// Hash of its last three characters.
    pub suffix: u64,
    pub shape: Shape,
    /// Sentence number within the sequence.
    pub sentence: u32,
    pub sentence_first: bool,
    pub sentence_last: bool,
    /// Inside quotation marks (the marks themselves included).
    pub in_quote: bool,
    /// A word that often cues an attribution ("said", "according", "told").
    pub cue_word: bool,
}

/// Sets of word hashes known to cue attributions.
pub(crate) trait CueWords {
    fn is_cue_word(&self, word: u64) -> bool;
}

/// Normalised form used for hashing: lower case, digits as `0`, every quotation mark as `"`,
/// every apostrophe as `'`, every dash as `-`.
pub(crate) fn normalise(word: &str, buf: &mut String) {
    buf.clear();
    for c in word.chars() {
        match c {
            '0'..='9' => buf.push('0'),
            '"' | '“' | '”' | '„' | '«' | '»' | '‟' => buf.push('"'),
            '\'' | '‘' | '’' | '`' | '‚' => buf.push('\''),
            '–' | '—' | '‒' | '―' => buf.push('-'),
            c if c.is_ascii() => buf.push(c.to_ascii_lowercase()),
            c => buf.extend(c.to_lowercase()),
        }
    }
}

pub(crate) fn word_hash(normalised: &str) -> u64 {
    xxh3_64(normalised.as_bytes())
}

fn shape_of(word: &str) -> Shape {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return Shape::Other;
    };
    if is_quote(first) && word.chars().count() == 1 {
        return Shape::Quote;
    }
    if first.is_ascii_digit() {
        return Shape::Digit;
    }
    if first.is_uppercase() {
        if word
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(|c| c.is_uppercase())
            && word.len() > 1
        {
            return Shape::Upper;
        }
        return Shape::Capitalised;
    }
    if first.is_lowercase() {
        return Shape::Lower;
    }
    if first.is_alphabetic() {
        return Shape::Other;
    }
    Shape::Punct
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '«' | '»' | '‟')
}

/// Whether the quotation mark at `pos` opens a quotation: typographic marks say so; a straight
/// `"` opens after space, an opening bracket or at the start of the paragraph.
fn opens_quote(text: &str, pos: usize, para_start: usize) -> Option<bool> {
    let c = text[pos..].chars().next()?;
    match c {
        '“' | '«' | '„' | '‟' => Some(true),
        '”' | '»' => Some(false),
        '"' => {
            let before = text[para_start..pos].chars().next_back();
            Some(before.is_none_or(|b| b.is_whitespace() || matches!(b, '(' | '[' | '—' | '-')))
        }
        _ => None,
    }
}

/// Sentences of a window, at most: news paragraphs hold one to five, so only text without
/// paragraph breaks is cut.
pub(crate) const WINDOW_SENTENCES: usize = 64;
/// Tokens of a window, at most (a window holds at least one sentence, itself at most
/// `MAX_SENTENCE_BYTES` long, so at most this plus one sentence's tokens).
pub(crate) const WINDOW_TOKENS: usize = 4096;

/// One token sequence per paragraph of the document (per window of a long paragraph).
pub(crate) fn sequences(text: &str, layers: &Layers, cues: &dyn CueWords) -> Vec<Vec<Tok>> {
    let mut out = Vec::with_capacity(layers.paragraphs.len());
    for_each_window(text, layers, cues, |seq, _| out.push(seq.to_vec()));
    out
}

/// Calls `f` with the token sequence of every window in text order, and whether the window
/// opens its paragraph. One window's tokens are alive at a time.
pub(crate) fn for_each_window(
    text: &str,
    layers: &Layers,
    cues: &dyn CueWords,
    mut f: impl FnMut(&[Tok], bool),
) {
    let mut spans = Vec::new();
    let mut buf = String::new();
    let mut seq: Vec<Tok> = Vec::new();
    let mut sentences = layers.sentences.iter().peekable();
    for para in &layers.paragraphs {
        seq.clear();
        let mut in_quote = false;
        let mut sentence = 0u32;
        let mut opens_paragraph = true;
        while let Some(s) = sentences.peek() {
            if s.start >= para.end {
                break;
            }
            let s = **s;
            sentences.next();
            if s.end <= para.start {
                continue;
            }
            spans.clear();
            tokenize(text, s, &mut spans);
            if !seq.is_empty()
                && (sentence as usize >= WINDOW_SENTENCES
                    || seq.len() + spans.len() > WINDOW_TOKENS)
            {
                f(&seq, opens_paragraph);
                opens_paragraph = false;
                seq.clear();
                sentence = 0;
            }
            let first = seq.len();
            for &span in &spans {
                let word = &text[span.range()];
                normalise(word, &mut buf);
                let shape = shape_of(word);
                let mut token_in_quote = in_quote;
                if shape == Shape::Quote {
                    match opens_quote(text, span.start as usize, para.start as usize) {
                        Some(true) => {
                            in_quote = true;
                            token_in_quote = true;
                        }
                        Some(false) => {
                            token_in_quote = in_quote;
                            in_quote = false;
                        }
                        None => {}
                    }
                }
                let hash = word_hash(&buf);
                let suffix_start = buf.char_indices().rev().nth(2).map_or(0, |(i, _)| i);
                seq.push(Tok {
                    span,
                    word: hash,
                    suffix: word_hash(&buf[suffix_start..]),
                    shape,
                    sentence,
                    sentence_first: false,
                    sentence_last: false,
                    in_quote: token_in_quote,
                    cue_word: cues.is_cue_word(hash),
                });
            }
            if seq.len() > first {
                seq[first].sentence_first = true;
                let last = seq.len() - 1;
                seq[last].sentence_last = true;
                sentence += 1;
            }
        }
        if !seq.is_empty() {
            f(&seq, opens_paragraph);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rashomon_model::Document;

    struct NoCues;
    impl CueWords for NoCues {
        fn is_cue_word(&self, _: u64) -> bool {
            false
        }
    }

    #[test]
    fn long_paragraphs_are_cut_into_windows_at_sentences() {
        let text = "\"It began. ".to_string() + &"He said it. ".repeat(199) + "\n\nA short one.\n";
        let doc = Document::from_text("t", None, text.clone());
        let layers = rashomon_text::annotate(&doc);
        assert_eq!(layers.paragraphs.len(), 2);
        let mut windows = Vec::new();
        for_each_window(&text, &layers, &NoCues, |seq, opens| {
            windows.push((
                seq.len(),
                opens,
                seq[0].in_quote,
                seq.last().unwrap().sentence,
            ));
        });
        // 200 sentences of one paragraph: windows of 64, 64, 64 and 8, then the next paragraph.
        assert_eq!(windows.len(), 5);
        assert_eq!(
            windows.iter().map(|w| w.1).collect::<Vec<_>>(),
            [true, false, false, false, true]
        );
        assert!(windows[..4]
            .iter()
            .all(|w| (w.3 as usize) < WINDOW_SENTENCES));
        // The quotation opened in the first window is still open in the next.
        assert!(windows[1].2);
        // Every token of the paragraph is in one window.
        let tokens: usize = windows[..4].iter().map(|w| w.0).sum();
        let mut all = Vec::new();
        for s in &layers.sentences[..200] {
            tokenize(&text, *s, &mut all);
        }
        assert_eq!(tokens, all.len());
    }
}
