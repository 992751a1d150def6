//! Byte classification eight bytes at a time ("SIMD within a register"): the scanners that
//! look at every byte of every article use these to skip the bytes they do not care about.
//! Each mask has the high bit of byte `k` (bit `8k + 7`) set when byte `k` is in the class.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// Up to eight bytes of `bytes` from `at` (`n` of them, `n <= 8`), little-endian, zero-padded.
#[inline]
pub fn load(bytes: &[u8], at: usize, n: usize) -> u64 {
    match bytes.get(at..at + 8) {
        Some(eight) => u64::from_le_bytes(eight.try_into().expect("8 bytes")),
        None => {
            let mut buf = [0u8; 8];
            buf[..n].copy_from_slice(&bytes[at..at + n]);
            u64::from_le_bytes(buf)
        }
    }
}

/// The low `n` bytes of a mask (`n <= 8`).
#[inline]
pub fn first_bytes(n: usize) -> u64 {
    const MASKS: [u64; 9] = [
        0,
        0xff,
        0xffff,
        0xff_ffff,
        0xffff_ffff,
        0xff_ffff_ffff,
        0xffff_ffff_ffff,
        0xff_ffff_ffff_ffff,
        u64::MAX,
    ];
    MASKS[n.min(8)]
}

/// High bit of each byte of `c` in `lo..=hi`, for bytes below 0x80 only.
#[inline]
fn in_range(c: u64, lo: u8, hi: u8) -> u64 {
    let at_least = c.wrapping_add(ONES * (0x80 - lo as u64));
    let above = c.wrapping_add(ONES * (0x80 - hi as u64 - 1));
    at_least & !above & HIGH
}

/// ASCII capital letters.
#[inline]
pub fn ascii_upper_mask(x: u64) -> u64 {
    in_range(x & !HIGH, b'A', b'Z') & !x
}

/// Bytes of words: ASCII letters and digits, and every byte of a non-ASCII character. ASCII
/// control bytes 0x10-0x19 also pass, which costs nothing in practice.
#[inline]
pub fn word_byte_mask(x: u64) -> u64 {
    // Case-fold: letters land in 0x61..=0x7A, digits stay in 0x30..=0x39.
    let c = (x & !HIGH) | (ONES * 0x20);
    in_range(c, 0x61, 0x7A) | in_range(c, 0x30, 0x39) | (x & HIGH)
}

/// Bytes at or above 0x80 (parts of non-ASCII characters).
#[inline]
pub fn non_ascii_mask(x: u64) -> u64 {
    x & HIGH
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_match_the_scalar_definitions() {
        for b in 0u8..=255 {
            let x = u64::from_le_bytes([b' ', b, b'.', 0xD0, b'z', b'@', b'[', b'9']);
            let upper = ascii_upper_mask(x);
            assert_eq!(upper & 0x8000 != 0, b.is_ascii_uppercase(), "byte {b:#x}");
            assert_eq!(upper & !0x8000, 0);
            let word = word_byte_mask(x);
            let expected = b.is_ascii_alphanumeric() || b >= 0x80 || (0x10..=0x19).contains(&b);
            assert_eq!(word & 0x8000 != 0, expected, "byte {b:#x}");
            assert_eq!(word & !0x8000, 0x8000_0080_8000_0000, "byte {b:#x}");
        }
        assert_eq!(
            load(b"abc", 0, 3),
            u64::from_le_bytes([b'a', b'b', b'c', 0, 0, 0, 0, 0])
        );
        assert_eq!(first_bytes(2), 0xffff);
        assert_eq!(first_bytes(8), u64::MAX);
    }
}
