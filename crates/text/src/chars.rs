//! Character helpers for the byte-level scanners: decode only where a byte is not ASCII.

/// The character starting at byte `i` and its length in bytes. `i` must be a char boundary.
#[inline]
pub fn char_at(text: &str, i: usize) -> (char, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        return (b as char, 1);
    }
    let c = text[i..]
        .chars()
        .next()
        .expect("index is on a char boundary");
    (c, c.len_utf8())
}

/// The character ending at byte `i` (exclusive) and its length in bytes.
#[inline]
pub fn char_before(text: &str, i: usize) -> (char, usize) {
    let b = text.as_bytes()[i - 1];
    if b < 0x80 {
        return (b as char, 1);
    }
    let c = text[..i]
        .chars()
        .next_back()
        .expect("index is on a char boundary");
    (c, c.len_utf8())
}

/// White space, including the no-break and thin spaces scraped pages are full of.
#[inline]
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}'
}
