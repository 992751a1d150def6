//! Sentence boundaries in news prose.
//!
//! Written by hand rather than taken from a crate: we need byte offsets into an unchanged text,
//! rules for what news does (abbreviations, initials, datelines, quotes that close after the
//! full stop, guillemets, machine translation that starts sentences in lower case), and a speed
//! of hundreds of MB/s, which the rule-table splitters on crates.io do not reach.
//!
//! The splitter works on one paragraph at a time; paragraphs are found by [`crate::annotate`].

use rashomon_model::Span;

use crate::chars::{char_at, char_before, is_space};

/// A sentence longer than this is cut at a space: runaway "sentences" come from lists and
/// tables without punctuation, and later stages work per sentence.
pub const MAX_SENTENCE_BYTES: usize = 2000;

/// Titles and other abbreviations that never end a sentence when a name or number follows.
fn never_final_abbreviation(word: &str) -> bool {
    matches!(
        word,
        "mr" | "mrs"
            | "ms"
            | "messrs"
            | "mme"
            | "mlle"
            | "dr"
            | "gen"
            | "lt"
            | "col"
            | "maj"
            | "capt"
            | "sgt"
            | "cpl"
            | "pvt"
            | "adm"
            | "cmdr"
            | "brig"
            | "st"
            | "sen"
            | "rep"
            | "gov"
            | "pres"
            | "prof"
            | "rev"
            | "hon"
            | "amb"
            | "supt"
            | "insp"
            | "det"
            | "mt"
            | "ft"
            | "no"
            | "nos"
            | "art"
            | "fig"
            | "vol"
            | "pp"
            | "sec"
            | "ch"
            | "para"
            | "lt-gen"
            | "maj-gen"
            | "jan"
            | "feb"
            | "mar"
            | "apr"
            | "jun"
            | "jul"
            | "aug"
            | "sep"
            | "sept"
            | "oct"
            | "nov"
            | "dec"
            | "approx"
            | "est"
            | "ca"
            | "cf"
            | "vs"
            | "v"
            | "nr"
            | "tel"
            | "ave"
            | "blvd"
            | "rd"
            | "sq"
            | "ul"
            | "pr"
            | "obl"
            | "reg"
            | "dept"
            | "univ"
            | "assn"
            | "bros"
            | "gov't"
    )
}

/// Abbreviations that can also end a sentence ("... in the U.S. The ...").
fn may_be_final_abbreviation(word: &str) -> bool {
    matches!(
        word,
        "inc"
            | "ltd"
            | "co"
            | "corp"
            | "plc"
            | "llc"
            | "jr"
            | "sr"
            | "etc"
            | "al"
            | "bros"
            | "ag"
            | "sa"
    )
}

/// Words that commonly open a sentence: after an abbreviation that may end a sentence, one of
/// these means it did.
fn is_sentence_opener(word: &str) -> bool {
    matches!(
        word,
        "The"
            | "He"
            | "She"
            | "It"
            | "They"
            | "We"
            | "I"
            | "You"
            | "This"
            | "That"
            | "These"
            | "Those"
            | "But"
            | "And"
            | "In"
            | "On"
            | "At"
            | "A"
            | "An"
            | "His"
            | "Her"
            | "Their"
            | "Our"
            | "Its"
            | "There"
            | "When"
            | "After"
            | "Before"
            | "According"
            | "Meanwhile"
            | "However"
            | "Also"
            | "Earlier"
            | "Later"
            | "If"
            | "As"
            | "Some"
            | "Many"
            | "Most"
            | "What"
            | "Who"
            | "Why"
            | "How"
            | "Since"
            | "While"
            | "Yet"
            | "So"
            | "Still"
            | "Then"
            | "Now"
            | "Today"
            | "Yesterday"
            | "No"
            | "Not"
            | "For"
            | "With"
            | "Under"
            | "Over"
    )
}

fn ellipsis_finder() -> &'static memchr::memmem::Finder<'static> {
    static FINDER: std::sync::OnceLock<memchr::memmem::Finder<'static>> =
        std::sync::OnceLock::new();
    FINDER.get_or_init(|| memchr::memmem::Finder::new("…"))
}

/// Splits the paragraph `para` of `text` into sentences, appended to `out`.
pub fn split_sentences(text: &str, para: Span, out: &mut Vec<Span>) {
    split_sentences_counting(text, para, out);
}

/// [`split_sentences`], returning how many runs over [`MAX_SENTENCE_BYTES`] were cut.
/// Linear in the paragraph: each byte is looked at a bounded number of times.
pub fn split_sentences_counting(text: &str, para: Span, out: &mut Vec<Span>) -> usize {
    let bytes = text.as_bytes();
    let end = para.end as usize;
    let mut start = skip_space(text, para.start as usize, end);
    let mut long_cuts = 0;
    // Jump from one possible sentence end to the next with memchr; "…" is rare enough that
    // paragraphs holding one take the byte-by-byte path.
    let has_ellipsis = ellipsis_finder().find(&bytes[start..end]).is_some();
    let mut i = start;
    // The next mark found by the last search: cutting a long run in pieces must not search
    // again for the same far mark from each piece (quadratic on a megabyte without a full stop).
    let mut found: Option<Option<usize>> = None;
    while i < end {
        let next_mark = match found {
            Some(Some(mark)) if mark >= i => Some(mark),
            Some(None) => None,
            _ if has_ellipsis => (i..end).find(|&k| {
                matches!(bytes[k], b'.' | b'!' | b'?') || bytes[k..].starts_with("…".as_bytes())
            }),
            _ => memchr::memchr3(b'.', b'!', b'?', &bytes[i..end]).map(|k| i + k),
        };
        found = Some(next_mark);
        let Some(mark) = next_mark else {
            while end - start > MAX_SENTENCE_BYTES {
                let cut = cut_point(text, start, start + MAX_SENTENCE_BYTES);
                push_trimmed(text, start, cut, out);
                long_cuts += 1;
                start = skip_space(text, cut, end);
            }
            break;
        };
        if mark - start > MAX_SENTENCE_BYTES {
            let cut = cut_point(text, start, start + MAX_SENTENCE_BYTES);
            push_trimmed(text, start, cut, out);
            long_cuts += 1;
            start = skip_space(text, cut, end);
            i = start;
            continue;
        }
        i = mark;
        let b = bytes[i];
        let terminal_len = if b == 0xE2 { '…'.len_utf8() } else { 1 };
        // The run of terminal punctuation: "?!", "...", "…".
        let mut j = i + terminal_len;
        let mut has_exclaim_question = matches!(b, b'!' | b'?');
        let mut dots = usize::from(b == b'.') + 3 * usize::from(terminal_len > 1);
        while j < end {
            match bytes[j] {
                b'.' => dots += 1,
                b'!' | b'?' => has_exclaim_question = true,
                0xE2 if text[j..].starts_with('…') => {
                    dots += 3;
                    j += '…'.len_utf8();
                    continue;
                }
                _ => break,
            }
            j += 1;
        }
        // Closing quotes and brackets belong to the sentence they close.
        let mut k = j;
        let mut closed_quote = false;
        while k < end {
            let (c, len) = char_at(text, k);
            if matches!(c, '"' | '\'' | '”' | '’' | '»' | '›') {
                closed_quote = true;
            } else if !matches!(c, ')' | ']') {
                break;
            }
            k += len;
        }
        // A boundary needs space after it: "3.5", "U.S.-led", "example.com" are one word.
        if k < end && !is_space(char_at(text, k).0) {
            i = k;
            continue;
        }
        let next = skip_space(text, k, end);
        if next >= end {
            break;
        }
        let boundary = if has_exclaim_question || dots >= 2 {
            // "Why?" he asked. / "Wait..." she said: the speech tag follows in lower case.
            !(starts_lowercase(text, next) && (closed_quote || dots >= 2))
        } else {
            full_stop_ends_sentence(text, start, i, next, closed_quote)
        };
        if boundary {
            push_trimmed(text, start, k, out);
            start = next;
        }
        i = next.max(k);
    }
    push_trimmed(text, start, end, out);
    long_cuts
}

/// Decides whether the full stop at `dot` ends the sentence begun at `start`; `next` is the
/// first character after the following space.
fn full_stop_ends_sentence(
    text: &str,
    start: usize,
    dot: usize,
    next: usize,
    closed_quote: bool,
) -> bool {
    let (next_char, _) = char_at(text, next);
    // "MOSCOW, May 31. /TASS/" inside a paragraph: an agency tag follows a dateline's date.
    if next_char == '/' {
        return false;
    }
    let word = word_before(text, start, dot);
    if closed_quote {
        // "... now." he said — rare, but the lower case tells.
        return !next_char.is_lowercase();
    }
    if word.is_empty() {
        return true;
    }
    // Abbreviations are short ASCII words: look them up lower-cased on the stack.
    let mut buf = [0u8; 12];
    let lower: &str = if word.len() <= buf.len() && word.is_ascii() {
        for (d, s) in buf.iter_mut().zip(word.bytes()) {
            *d = s.to_ascii_lowercase();
        }
        std::str::from_utf8(&buf[..word.len()]).unwrap_or("")
    } else {
        ""
    };
    let is_initial = {
        let mut cs = word.chars();
        matches!((cs.next(), cs.next()), (Some(c), None) if c.is_alphabetic())
    };
    let has_inner_dot = word.contains('.');
    let never_final = never_final_abbreviation(lower);
    let may_be_final = may_be_final_abbreviation(lower) || has_inner_dot;

    if next_char.is_lowercase() {
        // A lower-case word after a full stop follows an abbreviation ("approx. five") —
        // unless the word before is plainly a word: then it is machine-translated text that
        // starts sentences in lower case ("... the city. raqqa was ...").
        if never_final || may_be_final || is_initial {
            return false;
        }
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        return letters > 3 || word.chars().any(|c| c.is_ascii_digit());
    }
    if next_char.is_ascii_digit() {
        return !(never_final || is_initial && word.chars().all(|c| c.is_uppercase()));
    }
    if never_final {
        return false;
    }
    if is_initial || may_be_final {
        // "J. Smith" / "U.S. forces": an initial or abbreviation followed by a capitalised
        // name. It ends the sentence only if a typical sentence opener follows.
        let next_word = word_at(text, next);
        return is_sentence_opener(next_word);
    }
    true
}

/// The word that ends at `dot` (exclusive), without leading brackets or quotes.
fn word_before(text: &str, start: usize, dot: usize) -> &str {
    let mut s = dot;
    while s > start {
        let (c, len) = char_before(text, s);
        if is_space(c) || matches!(c, '(' | '[' | '"' | '“' | '«' | '‘' | '—' | '–') {
            break;
        }
        s -= len;
    }
    &text[s..dot]
}

/// The word starting at `at`: letters, digits, apostrophes and hyphens. Only compared with
/// short words, so a word is not followed past 32 bytes (a megabyte "word" costs nothing).
fn word_at(text: &str, at: usize) -> &str {
    let rest = &text[at..];
    let end = rest
        .char_indices()
        .find(|&(i, c)| i > 32 || !(c.is_alphanumeric() || c == '\'' || c == '-'))
        .map_or(rest.len(), |(i, _)| i);
    &rest[..end]
}

fn starts_lowercase(text: &str, at: usize) -> bool {
    char_at(text, at).0.is_lowercase()
}

fn skip_space(text: &str, mut i: usize, end: usize) -> usize {
    let bytes = text.as_bytes();
    while i < end {
        if bytes[i] < 0x80 {
            if !bytes[i].is_ascii_whitespace() {
                break;
            }
            i += 1;
        } else {
            let (c, len) = char_at(text, i);
            if !is_space(c) {
                break;
            }
            i += len;
        }
    }
    i
}

/// Where to cut an over-long sentence: the last space before `at`, else `at` itself (moved
/// back to a character boundary: a run of Chinese or Japanese text has no ASCII full stop).
fn cut_point(text: &str, start: usize, at: usize) -> usize {
    let mut at = at;
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let window = &text[start..at];
    match window.rfind([' ', ';', '\t']) {
        Some(p) if p > MAX_SENTENCE_BYTES / 2 => start + p + 1,
        _ => at,
    }
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    if start >= end {
        return;
    }
    let piece = &text[start..end];
    let trimmed = piece.trim_end_matches(is_space);
    let lead = piece.len() - piece.trim_start_matches(is_space).len();
    if trimmed.len() > lead {
        out.push(Span::new(start + lead, start + trimmed.len()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        split_sentences(text, Span::new(0, text.len()), &mut out);
        out.iter().map(|s| &text[s.range()]).collect()
    }

    #[test]
    fn abbreviations_and_initials() {
        assert_eq!(
            split("Mr. Lavrov met Lt. Col. J. R. Smith in St. Petersburg. They spoke."),
            vec![
                "Mr. Lavrov met Lt. Col. J. R. Smith in St. Petersburg.",
                "They spoke."
            ]
        );
        assert_eq!(
            split("U.S. forces left. The U.S. State Department said so."),
            vec!["U.S. forces left.", "The U.S. State Department said so."]
        );
        assert_eq!(
            split("It was delivered to the U.S. The ministry denied it."),
            vec!["It was delivered to the U.S.", "The ministry denied it."]
        );
        assert_eq!(
            split("Gen. Smith arrived at 3 p.m. on Jan. 5, with approx. 300 men. It rained."),
            vec![
                "Gen. Smith arrived at 3 p.m. on Jan. 5, with approx. 300 men.",
                "It rained."
            ]
        );
    }

    #[test]
    fn numbers_and_urls() {
        assert_eq!(
            split("Prices rose 3.5 percent, says example.com. No. 5 was next."),
            vec![
                "Prices rose 3.5 percent, says example.com.",
                "No. 5 was next."
            ]
        );
        assert_eq!(
            split("About 4,000 fled in 2017. 15 were hurt."),
            vec!["About 4,000 fled in 2017.", "15 were hurt."]
        );
    }

    #[test]
    fn quotes() {
        assert_eq!(
            split("\"We will not leave. We will fight,\" he said. \"Never?\" she asked."),
            vec![
                "\"We will not leave.",
                "We will fight,\" he said.",
                "\"Never?\" she asked."
            ]
        );
        assert_eq!(
            split("He said: «The corridor is open.» The SDF denied it."),
            vec!["He said: «The corridor is open.»", "The SDF denied it."]
        );
        assert_eq!(
            split("“They left.” Then silence."),
            vec!["“They left.”", "Then silence."]
        );
    }

    #[test]
    fn machine_translation() {
        assert_eq!(
            split(
                "the militants left the city. raqqa was schitalsya capital of IGIL. they went east"
            ),
            vec![
                "the militants left the city.",
                "raqqa was schitalsya capital of IGIL.",
                "they went east"
            ]
        );
    }

    #[test]
    fn dateline_inside_paragraph_is_not_split() {
        assert_eq!(
            split("MOSCOW, May 31. /TASS/. The ministry said it."),
            vec!["MOSCOW, May 31. /TASS/.", "The ministry said it."]
        );
    }

    #[test]
    fn ellipsis_and_exclamation() {
        assert_eq!(
            split("Wait... it works! Yes."),
            vec!["Wait... it works!", "Yes."]
        );
        assert_eq!(
            split("It ended… Then it began."),
            vec!["It ended…", "Then it began."]
        );
    }

    #[test]
    fn long_runs_are_cut() {
        let text = "word ".repeat(1000);
        let parts = split(&text);
        assert!(parts.len() >= 2);
        assert!(parts.iter().all(|p| p.len() <= MAX_SENTENCE_BYTES + 1));
    }

    /// A long run of three-byte characters (Chinese, Japanese: no ASCII full stop) is cut at a
    /// character boundary, whatever its alignment.
    #[test]
    fn long_runs_of_wide_characters_are_cut_at_character_boundaries() {
        for lead in ["", "a", "ab"] {
            let text = format!("{lead}{}", "格浴㹬格慥".repeat(300));
            let parts = split(&text);
            assert!(parts.len() >= 2, "{lead:?}");
            assert!(parts.iter().all(|p| p.len() <= MAX_SENTENCE_BYTES));
            assert_eq!(parts.concat(), text);
        }
    }
}
