//! Words as runs of letters and digits, found a byte at a time.
//!
//! `text.split(|c: char| !c.is_alphanumeric())` decodes every character; the summaries of
//! every article at ingest scan each sentence this way several times, and news text is nearly
//! all ASCII. [`alnum_words`] gives the same words but decodes only the bytes that are not
//! ASCII.

use crate::chars::char_at;

/// The runs of alphanumeric characters (`char::is_alphanumeric`) of `text`, in order: the
/// non-empty pieces of `text.split(|c: char| !c.is_alphanumeric())`.
pub fn alnum_words(text: &str) -> AlnumWords<'_> {
    AlnumWords { text, at: 0 }
}

/// The iterator of [`alnum_words`].
pub struct AlnumWords<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Iterator for AlnumWords<'a> {
    type Item = &'a str;

    #[inline]
    fn next(&mut self) -> Option<&'a str> {
        let bytes = self.text.as_bytes();
        let mut i = self.at;
        // Whether the character at byte `i` is alphanumeric, and its length; decoded only
        // where the byte is not ASCII.
        let alnum_at = |i: usize| {
            let b = bytes[i];
            if b < 0x80 {
                (b.is_ascii_alphanumeric(), 1)
            } else {
                let (c, len) = char_at(self.text, i);
                (c.is_alphanumeric(), len)
            }
        };
        while i < bytes.len() {
            let (alnum, len) = alnum_at(i);
            if alnum {
                break;
            }
            i += len;
        }
        if i >= bytes.len() {
            self.at = bytes.len();
            return None;
        }
        let start = i;
        while i < bytes.len() {
            let (alnum, len) = alnum_at(i);
            if !alnum {
                break;
            }
            i += len;
        }
        self.at = i;
        Some(&self.text[start..i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by_split(text: &str) -> Vec<&str> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect()
    }

    #[test]
    fn the_same_words_as_splitting_on_every_other_character() {
        for text in [
            "",
            "   ",
            "Raqqa, May 31. /TASS/. Kurdish forces (SDF) took 35 villages — 12 today.",
            "Дейр-эз-Зор: ИГИЛ, 2017 г.; naïve café ½ ²³ x\u{301}y",
            "tail word",
            "don't-stop_here...now",
            "\u{a0}non\u{a0}breaking\u{2009}spaces\u{feff}",
            "日本語のテキスト、そして English",
        ] {
            assert_eq!(
                alnum_words(text).collect::<Vec<_>>(),
                by_split(text),
                "{text:?}"
            );
        }
    }
}
