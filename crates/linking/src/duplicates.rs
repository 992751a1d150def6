//! Near-duplicate detection: one-permutation MinHash over word 5-shingles, banded LSH to find
//! candidates, estimated Jaccard similarity to confirm them, union-find to form groups.
//!
//! Hand-written because it sits on the ingest hot path (the target is 100 MB/s per core for the
//! whole ingest): one hash per shingle (one-permutation hashing with rotation densification,
//! Shrivastava & Li 2014) instead of K hashes per shingle as in the textbook scheme and in the
//! general MinHash crates.

use rashomon_model::{AnnotatedDocument, Span};
use rashomon_text::swar::{first_bytes, load, non_ascii_mask, word_byte_mask};
use serde::{Deserialize, Serialize};

/// Number of MinHash bins.
pub const BINS: usize = 128;
/// LSH bands × rows = BINS. 32 bands of 4 rows catch pairs above ~0.42 Jaccard with high
/// probability; the default confirmation threshold is above that.
const BANDS: usize = 32;
const ROWS: usize = BINS / BANDS;
const _: () = assert!(ROWS == 4, "band keys pack four rows");
/// Words per shingle.
const SHINGLE: usize = 5;
/// Default similarity (estimated Jaccard of 5-shingles) for two articles to be one article.
pub const DEFAULT_THRESHOLD: f32 = 0.5;

/// The MinHash signature of one document's content, plus an exact-content hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    pub bins: Vec<u32>,
    /// Hash of the word sequence: equal for texts that differ only in case, spacing and
    /// punctuation.
    pub exact: u64,
    /// Number of word tokens seen.
    pub words: u32,
}

#[inline]
fn mix(mut x: u64) -> u64 {
    // splitmix64 finaliser: cheap and well distributed.
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The running state of [`Signature::of_regions`].
struct Shingler {
    /// A fixed-size array, so that the bin index (seven bits) needs no bounds check.
    bins: [u32; BINS],
    /// The last 8 word hashes, so that the one leaving the shingle is found with a mask, not
    /// a division.
    ring: [u64; 8],
    /// Polynomial hash of the last SHINGLE word hashes: one multiply-add per word instead of
    /// re-hashing the window.
    rolling: u64,
    words: usize,
    exact: u64,
}

impl Shingler {
    #[inline(always)]
    fn word(&mut self, bytes: &[u8], start: usize, end: usize) {
        let h = word_hash(bytes, start, end);
        let leaving = self.ring[self.words.wrapping_sub(SHINGLE) & 7];
        self.ring[self.words & 7] = h;
        self.rolling = self
            .rolling
            .wrapping_sub(leaving.wrapping_mul(ROLL_OUT))
            .wrapping_mul(ROLL)
            .wrapping_add(h);
        self.words += 1;
        let shingle = finish_shingle(self.rolling);
        // The sum of all window hashes (the first, shorter windows included) identifies the
        // word sequence: equal sequences give equal sums, and it costs one addition.
        self.exact = self.exact.wrapping_add(shingle);
        if self.words >= SHINGLE {
            add(&mut self.bins, shingle);
        }
    }

    /// A word that may contain non-ASCII punctuation: the pieces between it are words.
    #[inline(never)]
    fn mixed_word(&mut self, bytes: &[u8], start: usize, end: usize) {
        let mut piece = start;
        let mut i = start;
        while let Some(k) = memchr::memchr2(0xE2, 0xC2, &bytes[i..end]) {
            let p = i + k;
            match punctuation_len(bytes, p) {
                Some(len) => {
                    if p > piece {
                        self.word(bytes, piece, p);
                    }
                    piece = (p + len).min(end);
                    i = piece;
                }
                None => i = p + 1,
            }
        }
        if end > piece {
            self.word(bytes, piece, end);
        }
    }
}

/// Length of the non-ASCII punctuation character at `at`, if it is one: U+2000-U+206F
/// (spaces, dashes, quotes, ellipsis) and U+00A0-U+00BF (no-break space, guillemets, signs).
#[inline]
fn punctuation_len(bytes: &[u8], at: usize) -> Option<usize> {
    match bytes.get(at..)? {
        [0xE2, 0x80 | 0x81, _, ..] => Some(3),
        [0xC2, 0xA0..=0xBF, ..] => Some(2),
        _ => None,
    }
}

/// Case-folded hash of the word `bytes[start..end]`: its first eight bytes, OR-ed with 0x20
/// each (which lower-cases ASCII letters and keeps digits; for non-ASCII bytes it merely costs
/// a little precision), and its length. Longer words that share their first eight bytes and
/// length collide, which near-duplicate detection does not notice. The shingle hash is mixed
/// afterwards, so the word hash needs no mixing of its own: one load and three operations,
/// where a multiply per byte (FNV) was the slowest part of signing a document.
#[inline(always)]
fn word_hash(bytes: &[u8], start: usize, end: usize) -> u64 {
    const FOLD: u64 = 0x2020_2020_2020_2020;
    let len = end - start;
    let n = len.min(8);
    ((load(bytes, start, n) | FOLD) & first_bytes(n)) ^ ((len as u64) << 59)
}

/// Multiplier of the rolling shingle hash (odd, so multiplication is a bijection).
const ROLL: u64 = 0x9e37_79b9_7f4a_7c15;
/// ROLL^(SHINGLE-1): the weight of the word leaving the window.
const ROLL_OUT: u64 = ROLL
    .wrapping_mul(ROLL)
    .wrapping_mul(ROLL)
    .wrapping_mul(ROLL);

impl Signature {
    /// Signature of a document's sentences (title, dateline and junk lines are left out, so
    /// reprints under another headline or with other page furniture still match).
    pub fn of(doc: &AnnotatedDocument) -> Signature {
        Signature::of_regions(&doc.document.text, &doc.layers.sentences)
    }

    /// Signature of the words in `regions` of `text`. A word is a run of ASCII letters and
    /// digits or non-ASCII bytes: punctuation varies between reprints more than wording does.
    /// Words are found eight bytes at a time ([`word_byte_mask`]) and hashed in one pass,
    /// without materialising token spans.
    pub fn of_regions(text: &str, regions: &[Span]) -> Signature {
        let bytes = text.as_bytes();
        let mut sh = Shingler {
            bins: [u32::MAX; BINS],
            ring: [0; 8],
            rolling: 0,
            words: 0,
            exact: 0,
        };
        // Non-ASCII punctuation (curly quotes, dashes, guillemets, no-break spaces) passes the
        // word-byte test; words that may hold some are split at it (`Shingler::mixed_word`).
        // `high_until` is the end of the last chunk with a non-ASCII byte: words that start
        // at or after it are pure ASCII.
        let mut high_until = 0usize;
        for region in regions {
            let (region_start, region_end) = (region.start as usize, region.end as usize);
            let mut in_word = false;
            let mut word_start = 0usize;
            let mut chunk = region_start;
            while chunk < region_end {
                let n = (region_end - chunk).min(8);
                let x = load(bytes, chunk, n);
                if non_ascii_mask(x) != 0 {
                    high_until = chunk + 8;
                }
                // High bit of each byte that is a word byte; bytes past the region are not.
                let mask = word_byte_mask(x) & first_bytes(n);
                // Boundaries are where the mask changes from the previous byte; they
                // alternate between word starts and word ends.
                let previous = (mask << 8) | u64::from(in_word) << 7;
                let mut changes = (mask ^ previous) & 0x8080_8080_8080_8080;
                while changes != 0 {
                    let at = chunk + (changes.trailing_zeros() / 8) as usize;
                    changes &= changes - 1;
                    if in_word {
                        if high_until > word_start {
                            sh.mixed_word(bytes, word_start, at);
                        } else {
                            sh.word(bytes, word_start, at);
                        }
                    } else {
                        word_start = at;
                    }
                    in_word = !in_word;
                }
                chunk += n;
            }
            if in_word {
                sh.mixed_word(bytes, word_start, region_end);
            }
        }
        let Shingler {
            mut bins,
            words,
            exact,
            ..
        } = sh;
        if words > 0 && words < SHINGLE {
            // Too short for a shingle: the whole text is one.
            add(&mut bins, mix(exact));
        }
        densify(&mut bins);
        Signature {
            bins: bins.to_vec(),
            exact: mix(exact),
            words: words as u32,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.words == 0
    }

    /// Estimated Jaccard similarity of the two documents' shingle sets.
    pub fn similarity(&self, other: &Signature) -> f32 {
        if self.is_empty() || other.is_empty() {
            return 0.0;
        }
        let equal = self
            .bins
            .iter()
            .zip(&other.bins)
            .filter(|(a, b)| a == b)
            .count();
        equal as f32 / BINS as f32
    }
}

/// Spreads a shingle's rolling hash over all 64 bits: one multiply and a shift suffice here
/// (the top seven bits pick the bin, the low 32 are the value), where [`mix`] costs two.
#[inline(always)]
fn finish_shingle(rolling: u64) -> u64 {
    let x = rolling.wrapping_mul(0xd6e8_feb8_6659_fd93);
    x ^ (x >> 32)
}

#[inline(always)]
fn add(bins: &mut [u32; BINS], h: u64) {
    let bin = (h >> 57) as usize; // top 7 bits: 128 bins
    let value = h as u32;
    if value < bins[bin] {
        bins[bin] = value;
    }
}

/// Fills empty bins from the next non-empty one to the right, tagged by the distance, so that
/// empty bins of two short documents do not agree by accident.
fn densify(bins: &mut [u32; BINS]) {
    if bins.iter().all(|&b| b == u32::MAX) {
        return;
    }
    let n = bins.len();
    let original = bins.to_vec();
    for i in 0..n {
        if original[i] != u32::MAX {
            continue;
        }
        let mut d = 1;
        while original[(i + d) % n] == u32::MAX {
            d += 1;
        }
        bins[i] = (mix(original[(i + d) % n] as u64 ^ (d as u64) << 32) as u32) | 1;
    }
}

/// A set of documents that are one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DuplicateGroup {
    /// Indexes into the signature list, ascending.
    pub members: Vec<usize>,
    /// All members have the same words in the same order.
    pub exact: bool,
    /// The lowest estimated similarity of a member to the group's first member.
    pub min_similarity: f32,
}

struct UnionFind(Vec<usize>);

impl UnionFind {
    fn find(&mut self, mut x: usize) -> usize {
        while self.0[x] != x {
            self.0[x] = self.0[self.0[x]];
            x = self.0[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            // The smaller index is the root: groups are named by their first document.
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.0[hi] = lo;
        }
    }
}

/// For each of `n` documents, the index of its group's original: the member with the smallest
/// `key` (say, absent dates last, then the earliest publication date), the lowest index among
/// equals; a document in no group is its own original.
pub fn originals<K: Ord>(
    n: usize,
    groups: &[DuplicateGroup],
    key: impl Fn(usize) -> K,
) -> Vec<usize> {
    let mut original: Vec<usize> = (0..n).collect();
    for g in groups {
        let first = *g
            .members
            .iter()
            .min_by_key(|&&m| (key(m), m))
            .expect("groups have members");
        for &m in &g.members {
            original[m] = first;
        }
    }
    original
}

/// The order in which a duplicate group's original is chosen (the `key` of [`originals`]):
/// dated before undated, then the earliest. Wire copy is reprinted after it is sent.
pub fn earliest_first(
    published: Option<rashomon_model::DateValue>,
) -> (bool, Option<chrono::NaiveDate>) {
    let date = published.map(rashomon_model::DateValue::date);
    (date.is_none(), date)
}

/// Groups of two or more documents whose similarity reaches `threshold`, in order of their
/// first member.
pub fn find_duplicate_groups<S: std::borrow::Borrow<Signature>>(
    signatures: &[S],
    threshold: f32,
) -> Vec<DuplicateGroup> {
    let signatures: Vec<&Signature> = signatures.iter().map(|s| s.borrow()).collect();
    let signatures = signatures.as_slice();
    let n = signatures.len();
    let mut uf = UnionFind((0..n).collect());
    // Exact duplicates first.
    let mut by_exact: Vec<(u64, usize)> = signatures
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.is_empty())
        .map(|(i, s)| (s.exact, i))
        .collect();
    by_exact.sort_unstable();
    for pair in by_exact.windows(2) {
        if pair[0].0 == pair[1].0 {
            uf.union(pair[0].1, pair[1].1);
        }
    }
    // Near duplicates: documents sharing a band are candidates, confirmed by similarity.
    // Within a long run of equal band keys only a window of neighbours is compared, which
    // keeps this linear on corpora with much boilerplate.
    const WINDOW: usize = 32;
    let mut keys: Vec<(u64, usize)> = Vec::with_capacity(n);
    for band in 0..BANDS {
        keys.clear();
        for (i, s) in signatures.iter().enumerate() {
            if s.is_empty() {
                continue;
            }
            // The band's four 32-bit values, packed into two words and mixed twice.
            let b = &s.bins[band * ROWS..band * ROWS + ROWS];
            let low = (b[0] as u64) << 32 | b[1] as u64;
            let high = (b[2] as u64) << 32 | b[3] as u64;
            keys.push((mix(low ^ mix(high ^ band as u64)), i));
        }
        keys.sort_unstable();
        let mut start = 0;
        while start < keys.len() {
            let mut end = start + 1;
            while end < keys.len() && keys[end].0 == keys[start].0 {
                end += 1;
            }
            for a in start..end {
                for b in (a + 1)..end.min(a + 1 + WINDOW) {
                    let (i, j) = (keys[a].1, keys[b].1);
                    if uf.find(i) != uf.find(j)
                        && signatures[i].similarity(signatures[j]) >= threshold
                    {
                        uf.union(i, j);
                    }
                }
            }
            start = end;
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for i in 0..n {
        let root = uf.find(i);
        groups.entry(root).or_default().push(i);
    }
    groups
        .into_values()
        .filter(|m| m.len() > 1)
        .map(|members| {
            let first = &signatures[members[0]];
            let exact = members.iter().all(|&m| signatures[m].exact == first.exact);
            let min_similarity = members[1..]
                .iter()
                .map(|&m| first.similarity(signatures[m]))
                .fold(1.0f32, f32::min);
            DuplicateGroup {
                members,
                exact,
                min_similarity,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {

    #[test]
    fn originals_pick_the_smallest_key() {
        let groups = vec![DuplicateGroup {
            members: vec![1, 2, 3],
            exact: false,
            min_similarity: 0.9,
        }];
        // Document 2 sorts first (smallest key); 0 is in no group.
        let key = [5, 7, 1, 1];
        assert_eq!(originals(4, &groups, |m| key[m]), vec![0, 2, 2, 2]);
    }

    use super::*;

    fn sig(text: &str) -> Signature {
        Signature::of_regions(text, &[Span::new(0, text.len())])
    }

    const WIRE: &str = "The Russian defence ministry said on Thursday that Kurdish-led forces had agreed with Islamic State commanders to open a corridor for militants to leave Raqqa toward the south, where government troops were advancing along the Euphrates near the town of Abu Kamal close to the Iraqi border and the ministry said its aircraft had struck the convoy";

    #[test]
    fn reprint_with_small_edits_is_a_duplicate() {
        let edited = WIRE
            .replace("on Thursday", "on Thursday, May 25,")
            .replace("aircraft", "warplanes");
        let other = "Fighting continued in the old city as coalition aircraft struck positions held by the militants and civilians fled across the river on boats while aid agencies warned of shortages of food and water in the camps north of the city";
        let sigs = vec![sig(WIRE), sig(other), sig(&edited), sig(WIRE)];
        let s = sigs[0].similarity(&sigs[2]);
        assert!(s > 0.5, "{s}");
        assert!(sigs[0].similarity(&sigs[1]) < 0.1);
        let groups = find_duplicate_groups(&sigs, DEFAULT_THRESHOLD);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].members, vec![0, 2, 3]);
        assert!(!groups[0].exact);
    }

    #[test]
    fn exact_copies_modulo_spacing_and_case() {
        let a = sig("Buses left Raqqa on Sunday .");
        let b = sig("buses   left RAQQA on Sunday");
        assert_eq!(a.exact, sig("Buses left Raqqa on Sunday").exact);
        let groups = find_duplicate_groups(&[a, b], DEFAULT_THRESHOLD);
        assert_eq!(groups.len(), 1);
    }

    #[test]
    fn words_split_like_a_scanner_would() {
        // Same words, different punctuation and case and region boundaries: same signature.
        let a = sig("Buses left Raqqa; the \u{201c}deal\u{201d} held, officials said.");
        let b = sig("buses LEFT raqqa - the deal held officials said");
        assert_eq!(a.exact, b.exact);
        assert_eq!(a.words, 8);
        let text = "one two three four five six";
        let split = Signature::of_regions(text, &[Span::new(0, 13), Span::new(14, text.len())]);
        assert_eq!(split.words, 6);
        assert_eq!(split.exact, sig(text).exact);
    }

    #[test]
    fn short_and_empty_documents() {
        let groups = find_duplicate_groups(
            &[sig(""), sig(""), sig("Raqqa"), sig("Rakka")],
            DEFAULT_THRESHOLD,
        );
        assert!(groups.is_empty(), "{groups:?}");
    }
}
