//! Word, number and punctuation tokens with their lexical class, for the timex grammar.
//!
//! Written here rather than reusing `rashomon_text::tokens` because the grammar needs more than
//! boundaries: every token is classified once (month, weekday, number, unit, keyword) so that
//! the rules compare small enums instead of strings, which keeps the tagger fast.

use crate::lexicon::{classify, Lex};

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Tok {
    pub start: u32,
    pub end: u32,
    pub lex: Lex,
    /// Whether the token starts with an upper-case letter.
    pub capital: bool,
}

/// Splits `text` into tokens: runs of ASCII letters and digits (one token, classified), any
/// other non-space character alone. Non-ASCII letters make a word token of class `Other`.
pub(crate) fn scan(text: &str) -> Vec<Tok> {
    let bytes = text.as_bytes();
    let mut toks = Vec::with_capacity(bytes.len() / 6);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let class = CLASS[usize::from(b)];
        if class == WORD {
            let start = i;
            i += 1;
            while i < bytes.len() && CLASS[usize::from(bytes[i])] == WORD {
                i += 1;
            }
            // A word glued to non-ASCII letters ("Raqqa’s" is fine, "Москва" is not ours).
            let glued = i < bytes.len() && bytes[i] >= 0x80 && !is_punct_utf8(&bytes[i..]);
            let word = &bytes[start..i];
            let lex = if glued { Lex::Other } else { classify(word) };
            if glued {
                while i < bytes.len() && (bytes[i] >= 0x80 || bytes[i].is_ascii_alphanumeric()) {
                    i += 1;
                }
            }
            toks.push(Tok {
                start: start as u32,
                end: i as u32,
                lex,
                capital: b.is_ascii_uppercase(),
            });
        } else if class == SPACE {
            i += 1;
        } else if b < 0x80 {
            toks.push(Tok {
                start: i as u32,
                end: i as u32 + 1,
                lex: Lex::Punct(b),
                capital: false,
            });
            i += 1;
        } else {
            let start = i;
            let len = utf8_len(b);
            let ch = &bytes[i..(i + len).min(bytes.len())];
            i += len;
            let lex = match ch {
                // ’ ‘ → apostrophe; – — → dash; “ ” « » → quote; non-breaking space → skip.
                [0xE2, 0x80, 0x98 | 0x99] => Lex::Punct(b'\''),
                [0xE2, 0x80, 0x93 | 0x94] => Lex::Punct(b'-'),
                [0xE2, 0x80, 0x9C | 0x9D] | [0xC2, 0xAB | 0xBB] => Lex::Punct(b'"'),
                [0xC2, 0xA0] => continue,
                _ => {
                    while i < bytes.len() && (bytes[i] >= 0x80 || bytes[i].is_ascii_alphanumeric())
                    {
                        if bytes[i] >= 0x80 && is_punct_utf8(&bytes[i..]) {
                            break;
                        }
                        i += if bytes[i] >= 0x80 {
                            utf8_len(bytes[i])
                        } else {
                            1
                        };
                    }
                    Lex::Other
                }
            };
            toks.push(Tok {
                start: start as u32,
                end: i.min(bytes.len()) as u32,
                lex,
                capital: false,
            });
        }
    }
    toks
}

const WORD: u8 = 1;
const SPACE: u8 = 2;

/// Byte classes: a table lookup per byte instead of the range tests of
/// `is_ascii_alphanumeric`, in the loop that touches every byte of the text.
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphanumeric() {
            WORD
        } else if c.is_ascii_whitespace() {
            SPACE
        } else {
            0
        };
        b += 1;
    }
    t
};

fn utf8_len(b: u8) -> usize {
    match b {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

fn is_punct_utf8(s: &[u8]) -> bool {
    matches!(s, [0xE2, 0x80, _, ..] | [0xC2, 0xA0 | 0xAB | 0xBB, ..])
}
