//! Feature templates of the tagger, hashed straight to weight slots: no feature strings are
//! ever built, so extraction costs a few multiplications per feature.

use crate::model::Label;
use crate::sequence::{Shape, Tok};

/// Features each token fires in the first stage…
pub(crate) const PER_TOKEN: usize = 29;
/// …and the extra ones in a stacked stage, built from the previous stage's labels.
pub(crate) const PER_TOKEN_STACKED: usize = 12;

/// Features per token of a stage: the first sees the words, later ones also the labels the
/// stage before gave.
pub(crate) fn per_token(stacked: bool) -> usize {
    PER_TOKEN + if stacked { PER_TOKEN_STACKED } else { 0 }
}

#[inline]
fn mix(template: u64, value: u64) -> u64 {
    // splitmix64 finaliser over the template-tagged value.
    let mut z = value ^ template.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[inline]
fn pair(a: u64, b: u64) -> u64 {
    a.rotate_left(17) ^ b.wrapping_mul(0xD6E8_FEB8_6659_FD93)
}

const NONE: u64 = 0x5EED;
const BOUNDARY_LEFT: u64 = 0xB0_0001;
const BOUNDARY_RIGHT: u64 = 0xB0_0002;

/// Distance in tokens, bucketed: 1, 2, 3, 4–5, 6–8, 9–13, 14+.
#[inline]
fn bucket(d: usize) -> u64 {
    match d {
        0 | 1 => 1,
        2 => 2,
        3 => 3,
        4..=5 => 4,
        6..=8 => 5,
        9..=13 => 6,
        _ => 7,
    }
}

/// Where the nearest cue words are, per token, within its sentence.
pub(crate) struct CueContext {
    left: Vec<Option<u32>>,
    right: Vec<Option<u32>>,
    /// Punctuation tokens between each token and its nearest cue word left / right (capped).
    punct_left: Vec<u8>,
    punct_right: Vec<u8>,
    /// Tokens to the end of the sentence, bucketed.
    to_end: Vec<u8>,
    /// Whether the sentence holds a cue word at all.
    sentence_has_cue: Vec<bool>,
    sentence_has_quote: Vec<bool>,
}

impl CueContext {
    pub(crate) fn new(seq: &[Tok]) -> CueContext {
        let n = seq.len();
        let mut left = vec![None; n];
        let mut right = vec![None; n];
        let mut punct_left = vec![0u8; n];
        let mut punct_right = vec![0u8; n];
        let mut to_end = vec![0u8; n];
        let is_punct = |t: &Tok| matches!(t.shape, Shape::Punct | Shape::Quote);
        let mut last: Option<u32> = None;
        let mut punct = 0u8;
        for i in 0..n {
            if seq[i].sentence_first {
                last = None;
                punct = 0;
            }
            left[i] = last;
            punct_left[i] = punct.min(3);
            if seq[i].cue_word {
                last = Some(i as u32);
                punct = 0;
            } else if is_punct(&seq[i]) {
                punct = punct.saturating_add(1);
            }
        }
        let mut next: Option<u32> = None;
        let mut end = 0usize;
        for i in (0..n).rev() {
            if seq[i].sentence_last {
                next = None;
                punct = 0;
                end = i;
            }
            right[i] = next;
            punct_right[i] = punct.min(3);
            to_end[i] = bucket(end - i) as u8;
            if seq[i].cue_word {
                next = Some(i as u32);
                punct = 0;
            } else if is_punct(&seq[i]) {
                punct = punct.saturating_add(1);
            }
        }
        let sentences = seq.last().map_or(0, |t| t.sentence as usize + 1);
        let mut sentence_has_cue = vec![false; sentences];
        let mut sentence_has_quote = vec![false; sentences];
        for t in seq {
            sentence_has_cue[t.sentence as usize] |= t.cue_word;
            sentence_has_quote[t.sentence as usize] |= t.shape == Shape::Quote;
        }
        CueContext {
            left,
            right,
            punct_left,
            punct_right,
            to_end,
            sentence_has_cue,
            sentence_has_quote,
        }
    }
}

/// The hashed first-stage features of token `i`, appended to `out` ([`PER_TOKEN`] of them).
pub(crate) fn token_features(seq: &[Tok], ctx: &CueContext, i: usize, out: &mut Vec<u64>) {
    let t = &seq[i];
    let word = |j: isize| -> u64 {
        let k = i as isize + j;
        if k < 0 {
            BOUNDARY_LEFT
        } else if k as usize >= seq.len() {
            BOUNDARY_RIGHT
        } else {
            seq[k as usize].word
        }
    };
    let shape = |j: isize| -> u64 {
        let k = i as isize + j;
        if k < 0 || k as usize >= seq.len() {
            9
        } else {
            seq[k as usize].shape as u64
        }
    };
    let q = t.in_quote as u64;
    let (w0, wm1, wp1, wm2, wp2) = (word(0), word(-1), word(1), word(-2), word(2));
    let (cue_l, dist_l) = match ctx.left[i] {
        Some(c) => (seq[c as usize].word, bucket(i - c as usize)),
        None => (NONE, 0),
    };
    let (cue_r, dist_r) = match ctx.right[i] {
        Some(c) => (seq[c as usize].word, bucket(c as usize - i)),
        None => (NONE, 0),
    };
    let s = t.sentence as usize;
    let position = (t.sentence_first as u64) | (t.sentence_last as u64) << 1;
    let sentence_in_para = (t.sentence as u64).min(2);
    let f = [
        1,
        w0,
        wm1,
        wp1,
        wm2,
        wp2,
        pair(wm1, w0),
        pair(w0, wp1),
        t.suffix,
        shape(-1) << 8 | shape(0) << 4 | shape(1),
        q << 4 | shape(0),
        position << 4 | shape(0),
        cue_l,
        dist_l << 1 | q,
        cue_r,
        dist_r << 1 | q,
        (t.cue_word as u64) << 4 | shape(0),
        pair(
            w0,
            (ctx.left[i].is_some() as u64) << 1 | ctx.right[i].is_some() as u64,
        ),
        dist_l << 4 | dist_r,
        (ctx.sentence_has_quote[s] as u64) << 1 | q,
        pair(wm2, wm1),
        pair(wp1, wp2),
        pair(cue_l, q << 3 | dist_l),
        sentence_in_para << 2 | (ctx.sentence_has_cue[s] as u64) << 1 | q,
        (ctx.punct_left[i] as u64) << 8 | dist_l << 4 | q,
        (ctx.punct_right[i] as u64) << 8 | dist_r << 4 | q,
        pair(pair(wm1, w0), wp1),
        pair(w0, (dist_l.min(2)) << 2 | dist_r.min(2)),
        (ctx.to_end[i] as u64) << 4 | shape(0),
    ];
    debug_assert_eq!(f.len(), PER_TOKEN);
    for (template, value) in f.into_iter().enumerate() {
        out.push(mix(template as u64 + 1, value));
    }
}

/// Nearest token of each label left and right of every token, within its sentence:
/// (distance bucket, word) pairs the stacked features read, computed in two linear passes.
pub(crate) struct LabelContext {
    /// `[token][label] = (left bucket, left word, right bucket, right word)`.
    near: Vec<[(u64, u64, u64, u64); 4]>,
}

impl LabelContext {
    pub(crate) fn new(seq: &[Tok], labels: &[Label]) -> LabelContext {
        let n = seq.len();
        let mut near = vec![[(0, NONE, 0, NONE); 4]; n];
        let mut last: [Option<usize>; 4] = [None; 4];
        for i in 0..n {
            if seq[i].sentence_first {
                last = [None; 4];
            }
            for (l, slot) in last.iter().enumerate() {
                if let Some(k) = *slot {
                    near[i][l].0 = bucket(i - k);
                    near[i][l].1 = seq[k].word;
                }
            }
            last[labels[i] as usize] = Some(i);
        }
        let mut next: [Option<usize>; 4] = [None; 4];
        for i in (0..n).rev() {
            if seq[i].sentence_last {
                next = [None; 4];
            }
            for (l, slot) in next.iter().enumerate() {
                if let Some(k) = *slot {
                    near[i][l].2 = bucket(k - i);
                    near[i][l].3 = seq[k].word;
                }
            }
            next[labels[i] as usize] = Some(i);
        }
        LabelContext { near }
    }
}

/// Where the previous stage put cues, sources and contents around token `i`: the long-range
/// structure ("a cue three tokens to the right, nothing tagged between") that word features
/// alone cannot see.
pub(crate) fn stacked_features(
    seq: &[Tok],
    labels: &[Label],
    near: &LabelContext,
    i: usize,
    out: &mut Vec<u64>,
) {
    let label = |j: isize| -> u64 {
        let k = i as isize + j;
        if k < 0 || k as usize >= labels.len() {
            7
        } else {
            labels[k as usize] as u64
        }
    };
    let w0 = seq[i].word;
    let at = &near.near[i];
    let (cue_l, cue_l_word, cue_r, cue_r_word) = at[Label::Cue as usize];
    let (src_l, _, src_r, _) = at[Label::Source as usize];
    let (con_l, _, con_r, _) = at[Label::Content as usize];
    let q = seq[i].in_quote as u64;
    let f = [
        label(0),
        label(-1) << 4 | label(0) << 2 | label(1),
        label(-2) << 4 | label(-1),
        label(1) << 4 | label(2),
        pair(w0, label(0)),
        cue_l << 4 | cue_r,
        pair(cue_l_word, cue_l),
        pair(cue_r_word, cue_r),
        src_l << 4 | src_r,
        con_l << 4 | con_r,
        cue_l << 8 | cue_r << 4 | label(0) << 1 | q,
        src_l << 8 | cue_r << 4 | con_r,
    ];
    debug_assert_eq!(f.len(), PER_TOKEN_STACKED);
    for (template, value) in f.into_iter().enumerate() {
        out.push(mix(100 + template as u64, value));
    }
}
