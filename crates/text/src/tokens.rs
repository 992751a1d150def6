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

/// Tokens of `text[span]`, appended to `out`.
pub fn tokenize(text: &str, span: Span, out: &mut Vec<Span>) {
    let bytes = text.as_bytes();
    let end = span.end as usize;
    let mut i = span.start as usize;
    while i < end {
        let b = bytes[i];
        if b < 0x80 && !b.is_ascii_alphanumeric() {
            if b.is_ascii_whitespace() {
                i += 1;
                continue;
            }
            // Punctuation; a run of the same mark ("...", "--", "''") is one token.
            let mut j = i + 1;
            while j < end && bytes[j] == b && matches!(b, b'.' | b'-' | b'\'' | b'`' | b'!' | b'?')
            {
                j += 1;
            }
            out.push(Span::new(i, j));
            i = j;
            continue;
        }
        let (c, len) = char_at(text, i);
        if !is_word_char(c) {
            if !is_space(c) {
                out.push(Span::new(i, i + len));
            }
            i += len;
            continue;
        }
        let j = word_end(text, i, end);
        // Clitic "'s" / "’s" is its own token: "Russia's" → "Russia" "'s".
        let word = &text[i..j];
        let clitic = ["'s", "’s", "'S"]
            .iter()
            .find(|cl| word.len() > cl.len() && word.ends_with(*cl))
            .map(|cl| cl.len());
        match clitic {
            Some(n) => {
                out.push(Span::new(i, j - n));
                out.push(Span::new(j - n, j));
            }
            None => out.push(Span::new(i, j)),
        }
        i = j;
    }
}

/// End of the word starting at `i`: word characters joined by `.`, `,` (between digits), `-`,
/// `'`, `’`, `&`; plus a final `.` for abbreviations and initials ("U.S.", "Mr.", "J.").
fn word_end(text: &str, start: usize, end: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = start;
    let mut inner_dots = 0;
    loop {
        // Consume word characters.
        while i < end {
            let b = bytes[i];
            if b < 0x80 {
                if b.is_ascii_alphanumeric() || b == b'_' {
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
        let (joiner, jlen) = char_at(text, i);
        let joins = matches!(joiner, '.' | '-' | '\'' | '’' | '&' | ',' | '/' | ':');
        if !joins || i + jlen >= end {
            break;
        }
        let (after, _) = char_at(text, i + jlen);
        let before = bytes[i - 1];
        let ok = match joiner {
            // "5,000" and "10:30" and "24/7", but not "Raqqa,Syria" in bad text: digits only.
            ',' | ':' | '/' => before.is_ascii_digit() && after.is_ascii_digit(),
            _ => is_word_char(after),
        };
        if !ok {
            break;
        }
        if joiner == '.' {
            inner_dots += 1;
        }
        i += jlen;
    }
    // Trailing full stop of an abbreviation: "U.S." (inner dots), initials "J.", titles "Mr.".
    if i < end && bytes[i] == b'.' {
        let word = &text[start..i];
        let is_initial = word.chars().count() == 1 && word.chars().all(char::is_alphabetic);
        let letters_only = word.chars().all(|c| c.is_alphabetic() || c == '.');
        if (inner_dots > 0 && letters_only) || is_initial || is_title(word) {
            return i + 1;
        }
    }
    i
}

fn is_title(word: &str) -> bool {
    const TITLES: &[&str] = &[
        "Mr", "Mrs", "Ms", "Dr", "Gen", "Lt", "Col", "Maj", "Capt", "Sgt", "St", "Sen", "Rep",
        "Gov", "Prof", "Rev", "Adm", "Brig", "Cpl", "Pvt", "Jan", "Feb", "Mar", "Apr", "Jun",
        "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "No", "Jr", "Sr", "Inc", "Ltd", "Co",
        "Corp", "vs", "etc", "approx",
    ];
    TITLES.contains(&word)
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
