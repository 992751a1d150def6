//! The tagger's weights and its decoder.
//!
//! A linear-chain model over four labels (outside, source, cue, content) with hashed features,
//! trained as an averaged structured perceptron ([`crate::train`]). Written by hand because it
//! is small, must run at several MB/s per core, and has to be trained in Rust from the shared
//! data with no model download: no crate offers a fast, dependency-light CRF or perceptron
//! tagger whose weights we could ship in a few hundred kilobytes.
//!
//! Shipped format (gzip): magic, table bits, scale, transitions, cue words, then the non-zero
//! weight slots as (delta-coded slot, four i16).

use std::collections::HashSet;
use std::io::{Read, Write};

use crate::features::{
    stacked_features, token_features, CueContext, LabelContext, PER_TOKEN, PER_TOKEN_STACKED,
};
use crate::sequence::{CueWords, Tok};

pub(crate) const LABELS: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Label {
    Outside = 0,
    Source = 1,
    Cue = 2,
    Content = 3,
}

impl Label {
    pub(crate) fn from_index(i: usize) -> Label {
        match i {
            1 => Label::Source,
            2 => Label::Cue,
            3 => Label::Content,
            _ => Label::Outside,
        }
    }
}

const MAGIC: &[u8; 8] = b"RSHATTR1";

#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("not an attribution model (bad magic)")]
    Magic,
    #[error("attribution model is cut short or corrupt: {0}")]
    Corrupt(String),
}

/// Trained weights, quantised to i16: a first stage over word features and stacked stages
/// that also see the labels of the stage before.
#[derive(Clone)]
pub struct Model {
    pub(crate) bits: u32,
    pub(crate) stages: Vec<Stage>,
    pub(crate) cue_words: HashSet<u64, PreHashed>,
}

/// The cue-word set holds xxh3 hashes already: hashing them again would only cost time.
#[derive(Clone, Default)]
pub(crate) struct PreHashed;

impl std::hash::BuildHasher for PreHashed {
    type Hasher = PreHashedHasher;
    fn build_hasher(&self) -> PreHashedHasher {
        PreHashedHasher(0)
    }
}

#[derive(Default)]
pub(crate) struct PreHashedHasher(u64);

impl std::hash::Hasher for PreHashedHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ b as u64;
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

#[derive(Clone)]
pub(crate) struct Stage {
    /// `2^bits` slots of one weight per label.
    pub(crate) weights: Vec<[i16; LABELS]>,
    /// Row `LABELS` is the start of a sequence.
    pub(crate) transitions: [[i32; LABELS]; LABELS + 1],
}

impl CueWords for Model {
    fn is_cue_word(&self, word: u64) -> bool {
        self.cue_words.contains(&word)
    }
}

impl Model {
    #[inline]
    pub(crate) fn slot(&self, feature: u64) -> usize {
        (feature >> (64 - self.bits)) as usize
    }

    /// Best label sequence for `seq` (Viterbi), stage after stage.
    pub(crate) fn decode(&self, seq: &[Tok], features: &mut Vec<u64>) -> Vec<Label> {
        let n = seq.len();
        if n == 0 {
            return Vec::new();
        }
        // The first-stage features are the same for every stage: computed once, as slots.
        let ctx = CueContext::new(seq);
        features.clear();
        for i in 0..n {
            token_features(seq, &ctx, i, features);
        }
        let base: Vec<usize> = features.iter().map(|&f| self.slot(f)).collect();
        let mut labels: Option<Vec<Label>> = None;
        let mut stacked = Vec::with_capacity(PER_TOKEN_STACKED);
        let mut emit = vec![[0i32; LABELS]; n];
        for stage in &self.stages {
            // A paragraph the first stage finds nothing in is left at that: later stages only
            // refine what an earlier one found (on PolNeAR dev this changes no score).
            if labels
                .as_deref()
                .is_some_and(|l| l.iter().all(|&x| x == Label::Outside))
            {
                break;
            }
            let near = labels.as_deref().map(|l| LabelContext::new(seq, l));
            emit.fill([0; LABELS]);
            for (i, e) in emit.iter_mut().enumerate() {
                let mut add = |slot: usize| {
                    let w = &stage.weights[slot];
                    for l in 0..LABELS {
                        e[l] += w[l] as i32;
                    }
                };
                for &slot in &base[i * PER_TOKEN..(i + 1) * PER_TOKEN] {
                    add(slot);
                }
                if let (Some(prev), Some(near)) = (labels.as_deref(), near.as_ref()) {
                    stacked.clear();
                    stacked_features(seq, prev, near, i, &mut stacked);
                    for &f in &stacked {
                        add(self.slot(f));
                    }
                }
            }
            labels = Some(viterbi(&emit, &stage.transitions));
        }
        labels.unwrap_or_default()
    }

    /// Zeroes every weight slot whose largest weight is below `min_abs`: the long tail of rare
    /// features that barely moves a decision but dominates the file size.
    pub fn prune(&mut self, min_abs: i16) {
        for stage in &mut self.stages {
            for w in &mut stage.weights {
                if w.iter().all(|x| x.unsigned_abs() < min_abs as u16) {
                    *w = [0; LABELS];
                }
            }
        }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut raw = Vec::new();
        raw.extend_from_slice(MAGIC);
        raw.extend_from_slice(&self.bits.to_le_bytes());
        let mut cue: Vec<u64> = self.cue_words.iter().copied().collect();
        cue.sort_unstable();
        raw.extend_from_slice(&(cue.len() as u32).to_le_bytes());
        for c in cue {
            raw.extend_from_slice(&c.to_le_bytes());
        }
        raw.extend_from_slice(&(self.stages.len() as u32).to_le_bytes());
        for stage in &self.stages {
            for row in &stage.transitions {
                for v in row {
                    raw.extend_from_slice(&v.to_le_bytes());
                }
            }
            let nonzero: Vec<usize> = (0..stage.weights.len())
                .filter(|&i| stage.weights[i] != [0; LABELS])
                .collect();
            raw.extend_from_slice(&(nonzero.len() as u32).to_le_bytes());
            let mut previous = 0usize;
            for i in nonzero {
                write_varint(&mut raw, (i - previous) as u64);
                previous = i;
                for w in stage.weights[i] {
                    raw.extend_from_slice(&w.to_le_bytes());
                }
            }
        }
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&raw).expect("writing to memory");
        gz.finish().expect("writing to memory")
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        let mut raw = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut raw)
            .map_err(|e| ModelError::Corrupt(e.to_string()))?;
        let mut r = Reader { raw: &raw, pos: 0 };
        if r.take(8)? != MAGIC {
            return Err(ModelError::Magic);
        }
        let bits = u32::from_le_bytes(r.array()?);
        if !(8..=24).contains(&bits) {
            return Err(ModelError::Corrupt(format!("table bits {bits}")));
        }
        let n_cue = u32::from_le_bytes(r.array()?) as usize;
        let mut cue_words = HashSet::with_capacity_and_hasher(n_cue.min(1 << 20), PreHashed);
        for _ in 0..n_cue {
            cue_words.insert(u64::from_le_bytes(r.array()?));
        }
        let n_stages = u32::from_le_bytes(r.array()?) as usize;
        if !(1..=4).contains(&n_stages) {
            return Err(ModelError::Corrupt(format!("{n_stages} stages")));
        }
        let size = 1usize << bits;
        let mut stages = Vec::with_capacity(n_stages);
        for _ in 0..n_stages {
            let mut transitions = [[0i32; LABELS]; LABELS + 1];
            for row in transitions.iter_mut() {
                for v in row.iter_mut() {
                    *v = i32::from_le_bytes(r.array()?);
                }
            }
            let mut weights = vec![[0i16; LABELS]; size];
            let n = u32::from_le_bytes(r.array()?) as usize;
            let mut slot = 0usize;
            for k in 0..n {
                let delta = r.varint()? as usize;
                slot = if k == 0 { delta } else { slot + delta };
                if slot >= size {
                    return Err(ModelError::Corrupt(format!("slot {slot} beyond {size}")));
                }
                for w in weights[slot].iter_mut() {
                    *w = i16::from_le_bytes(r.array()?);
                }
            }
            stages.push(Stage {
                weights,
                transitions,
            });
        }
        Ok(Model {
            bits,
            stages,
            cue_words,
        })
    }
}

/// Viterbi over per-token label scores and label-pair transitions.
pub(crate) fn viterbi<S>(
    emit: &[[S; LABELS]],
    transitions: &[[S; LABELS]; LABELS + 1],
) -> Vec<Label>
where
    S: Copy + PartialOrd + std::ops::Add<Output = S>,
{
    let n = emit.len();
    let mut score = vec![[emit[0][0]; LABELS]; n];
    let mut back = vec![[0u8; LABELS]; n];
    for l in 0..LABELS {
        score[0][l] = transitions[LABELS][l] + emit[0][l];
    }
    for i in 1..n {
        for l in 0..LABELS {
            let mut best = 0;
            let mut best_score = score[i - 1][0] + transitions[0][l];
            for p in 1..LABELS {
                let s = score[i - 1][p] + transitions[p][l];
                if s > best_score {
                    best = p;
                    best_score = s;
                }
            }
            score[i][l] = best_score + emit[i][l];
            back[i][l] = best as u8;
        }
    }
    let mut last = 0;
    for l in 1..LABELS {
        if score[n - 1][l] > score[n - 1][last] {
            last = l;
        }
    }
    let mut labels = vec![Label::Outside; n];
    for i in (0..n).rev() {
        labels[i] = Label::from_index(last);
        last = back[i][last] as usize;
    }
    labels
}

fn write_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

struct Reader<'a> {
    raw: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], ModelError> {
        let end = self.pos + n;
        let s = self
            .raw
            .get(self.pos..end)
            .ok_or_else(|| ModelError::Corrupt(format!("ends at byte {}", self.raw.len())))?;
        self.pos = end;
        Ok(s)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], ModelError> {
        Ok(self.take(N)?.try_into().expect("length checked"))
    }

    fn varint(&mut self) -> Result<u64, ModelError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.take(1)?[0];
            v |= ((b & 0x7f) as u64) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(ModelError::Corrupt("varint too long".into()))
    }
}
