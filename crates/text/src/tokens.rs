//! Word and punctuation tokens with byte offsets.
//!
//! Hand-written for speed (it runs over every byte of every article) and for the news cases the
//! general Unicode word-breaking rules get wrong for our purpose: "U.S." and "Mr." keep their
//! full stop, "5,000" and "3.5" stay whole, "Russia's" splits into "Russia" + "'s", and
//! "Deir ez-Zor" keeps its hyphen.

use rashomon_model::Span;

use crate::chars::{char_at, is_space};

#[inline]
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// ASCII bytes that are word characters; a table lookup is the tokenizer's inner loop.
static ASCII_WORD: [bool; 128] = {
    let mut t = [false; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = (b as u8).is_ascii_alphanumeric() || b == b'_' as usize;
        b += 1;
    }
    t
};

/// Tokens of `text[span]`, appended to `out`.
pub fn tokenize(text: &str, span: Span, out: &mut Vec<Span>) {
    let bytes = text.as_bytes();
    let end = span.end as usize;
    let mut i = span.start as usize;
    while i < end {
        let b = bytes[i];
        if b < 0x80 {
            if ASCII_WORD[b as usize] {
                i = push_word(text, i, end, out);
            } else if b.is_ascii_whitespace() {
                i += 1;
            } else {
                // Punctuation; a run of the same mark ("...", "--", "''") is one token.
                let mut j = i + 1;
                if matches!(b, b'.' | b'-' | b'\'' | b'`' | b'!' | b'?') {
                    while j < end && bytes[j] == b {
                        j += 1;
                    }
                }
                out.push(Span::new(i, j));
                i = j;
            }
            continue;
        }
        let (c, len) = char_at(text, i);
        if is_word_char(c) {
            i = push_word(text, i, end, out);
        } else {
            if !is_space(c) {
                out.push(Span::new(i, i + len));
            }
            i += len;
        }
    }
}

/// Pushes the word starting at `i` (splitting off a clitic "'s") and returns its end.
#[inline]
fn push_word(text: &str, i: usize, end: usize, out: &mut Vec<Span>) -> usize {
    let bytes = text.as_bytes();
    let j = word_end(text, i, end);
    // Clitic "'s" / "’s" is its own token: "Russia's" → "Russia" "'s".
    let word = &bytes[i..j];
    let n = word.len();
    let clitic = if n > 2 && matches!(word[n - 1], b's' | b'S') {
        if word[n - 2] == b'\'' {
            2
        } else if n > 4 && word[..n - 1].ends_with("’".as_bytes()) {
            1 + "’".len()
        } else {
            0
        }
    } else {
        0
    };
    if clitic > 0 {
        out.push(Span::new(i, j - clitic));
        out.push(Span::new(j - clitic, j));
    } else {
        out.push(Span::new(i, j));
    }
    j
}

/// Whether the character at `i` is a word character, with an ASCII fast path.
#[inline]
fn word_char_at(text: &str, i: usize) -> bool {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        ASCII_WORD[b as usize]
    } else {
        is_word_char(char_at(text, i).0)
    }
}

/// End of the word starting at `start`: word characters joined by `.`, `,` (between digits),
/// `-`, `'`, `’`, `&`; plus a final `.` for abbreviations and initials ("U.S.", "Mr.", "J.").
fn word_end(text: &str, start: usize, end: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = start;
    let mut inner_dots = 0;
    loop {
        // Consume word characters.
        while i < end {
            let b = bytes[i];
            if b < 0x80 {
                if ASCII_WORD[b as usize] {
                    i += 1;
                    continue;
                }
                break;
            }
            let (c, len) = char_at(text, i);
            if !is_word_char(c) {
                break;
            }
            i += len;
        }
        if i >= end {
            return i;
        }
        // A joiner continues the word only when a word character follows it.
        let b = bytes[i];
        let jlen = match b {
            b'.' | b'-' | b'\'' | b'&' | b',' | b'/' | b':' => 1,
            0xE2 if bytes[i..].starts_with("’".as_bytes()) => "’".len(),
            _ => break,
        };
        if i + jlen >= end {
            break;
        }
        let ok = match b {
            // "5,000" and "10:30" and "24/7", but not "Raqqa,Syria" in bad text: digits only.
            b',' | b':' | b'/' => bytes[i - 1].is_ascii_digit() && bytes[i + 1].is_ascii_digit(),
            _ => word_char_at(text, i + jlen),
        };
        if !ok {
            break;
        }
        if b == b'.' {
            inner_dots += 1;
        }
        i += jlen;
    }
    // Trailing full stop of an abbreviation: "U.S." (inner dots), initials "J.", titles "Mr.".
    if i < end && bytes[i] == b'.' {
        let word = &text[start..i];
        let is_initial = word.len() == 1 && bytes[start].is_ascii_alphabetic()
            || word.chars().count() == 1 && word.chars().all(char::is_alphabetic);
        if is_initial
            || (inner_dots > 0 && word.chars().all(|c| c.is_alphabetic() || c == '.'))
            || is_title(word)
        {
            return i + 1;
        }
    }
    i
}

fn is_title(word: &str) -> bool {
    matches!(
        word,
        "Mr" | "Mrs"
            | "Ms"
            | "Dr"
            | "Gen"
            | "Lt"
            | "Col"
            | "Maj"
            | "Capt"
            | "Sgt"
            | "St"
            | "Sen"
            | "Rep"
            | "Gov"
            | "Prof"
            | "Rev"
            | "Adm"
            | "Brig"
            | "Cpl"
            | "Pvt"
            | "Jan"
            | "Feb"
            | "Mar"
            | "Apr"
            | "Jun"
            | "Jul"
            | "Aug"
            | "Sep"
            | "Sept"
            | "Oct"
            | "Nov"
            | "Dec"
            | "No"
            | "Jr"
            | "Sr"
            | "Inc"
            | "Ltd"
            | "Co"
            | "Corp"
            | "vs"
            | "etc"
            | "approx"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        tokenize(text, Span::new(0, text.len()), &mut out);
        out.iter().map(|s| &text[s.range()]).collect()
    }

    #[test]
    fn news_tokens() {
        assert_eq!(
            toks(
                "Mr. Lavrov said the U.S.-led coalition's 5,000 troops left Deir ez-Zor at 10:30."
            ),
            vec![
                "Mr.",
                "Lavrov",
                "said",
                "the",
                "U.S.",
                "-",
                "led",
                "coalition",
                "'s",
                "5,000",
                "troops",
                "left",
                "Deir",
                "ez-Zor",
                "at",
                "10:30",
                "."
            ]
        );
        assert_eq!(
            toks("«Rakka» — «IGIL»!"),
            vec!["«", "Rakka", "»", "—", "«", "IGIL", "»", "!"]
        );
        assert_eq!(
            toks("He left... J. Smith stayed."),
            vec!["He", "left", "...", "J.", "Smith", "stayed", "."]
        );
        assert_eq!(toks("in the U.S."), vec!["in", "the", "U.S."]);
        assert_eq!(
            toks("Raqqa,Syria 3.5%"),
            vec!["Raqqa", ",", "Syria", "3.5", "%"]
        );
        assert_eq!(toks("Russia’s"), vec!["Russia", "’s"]);
    }
}
