//! The classifier's input for one (claim, text) pair.
//!
//! Blocks, in the spirit of the UCL FNC-1 system (Riedel et al. 2017) with additions; which
//! of them a model uses is its [`FeatureSet`], stored in the model file:
//! - the claim's term frequencies over a fixed vocabulary (L2-normalised);
//! - the text's term frequencies over the same vocabulary;
//! - the term frequencies of the text's sentences closest to the claim — where a text refutes
//!   or hedges, it does so next to the words of the claim, not anywhere in the body;
//! - a few dense features (always on): TF-IDF cosines of claim and text and of claim and its
//!   closest sentences, word and bigram overlap, refuting and hedging words in the claim, the
//!   text and the closest sentences;
//! - meaning ([`MEANING`] dense features): cosines of the claim's sentence embedding (the
//!   static table distilled from e5, [`rashomon_embed::StaticEmbedder`]) with the text and
//!   each of its sentences — max, mean, top three, lead, where the closest one is — and the
//!   refuting and hedging words in the sentences closest in meaning, so that a denial in other
//!   words than the claim's still sits next to it;
//! - meaning vectors: the claim's embedding times the closest sentence's, dimension by
//!   dimension, and their absolute difference (how they match, not what they are about).
//!
//! The term-frequency blocks learn the topics of the training headlines as much as the task;
//! on headlines and bodies never seen (FNC-1's competition test) the topic-free blocks carry
//! over better, which is what `train-novel`/`dev-novel` measure.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rashomon_embed::{Scratch, StaticEmbedder};
use rashomon_model::Span;

use crate::words::{keys_of, words, Word, DEBUNKING, HEDGING, REFUTING};

/// Sentences of the text that make up the "closest sentences" block.
pub const CLOSEST_SENTENCES: usize = 2;
/// Number of dense features.
pub const DENSE: usize = 18;
/// Number of meaning features (with [`FeatureSet::meaning`]).
pub const MEANING: usize = 16;
/// Sentences closest in meaning whose cue words count.
const CLOSEST_BY_MEANING: usize = 2;

/// Which blocks of features a model uses (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeatureSet {
    pub claim_tf: bool,
    pub text_tf: bool,
    pub closest_tf: bool,
    pub meaning: bool,
    pub meaning_vectors: bool,
    /// Each stance word ([`CUES`]) on its own: in the text, and in the sentences closest in
    /// meaning to the claim.
    pub cues: bool,
}

impl Default for FeatureSet {
    /// What the shipped model uses: meaning and cues, no term-frequency block and no meaning
    /// vectors. On claim groups never seen (dev-novel) those add nothing or lose: with them
    /// the network learns the training topics (docs/RESULTS.md, "Stance with the meaning signal").
    fn default() -> FeatureSet {
        FeatureSet {
            claim_tf: false,
            text_tf: false,
            closest_tf: false,
            meaning: true,
            meaning_vectors: false,
            cues: true,
        }
    }
}

impl FeatureSet {
    /// As stored in a model file: one bit per block.
    pub fn bits(self) -> u32 {
        [
            self.claim_tf,
            self.text_tf,
            self.closest_tf,
            self.meaning,
            self.meaning_vectors,
            self.cues,
        ]
        .iter()
        .enumerate()
        .map(|(i, &on)| u32::from(on) << i)
        .sum()
    }

    pub fn from_bits(bits: u32) -> FeatureSet {
        let on = |i: u32| bits & (1 << i) != 0;
        FeatureSet {
            claim_tf: on(0),
            text_tf: on(1),
            closest_tf: on(2),
            meaning: on(3),
            meaning_vectors: on(4),
            cues: on(5),
        }
    }

    /// Whether any block needs sentence embeddings.
    pub fn embeds(self) -> bool {
        self.meaning || self.meaning_vectors || self.cues
    }
}

/// Words whose use says how a text takes a claim, each its own feature with
/// [`FeatureSet::cues`]: the refuting, debunking and hedging lists plus words of reporting,
/// confirming and doubting.
#[rustfmt::skip]
pub const CUES: &[&str] = &[
    "according", "announced", "confirmed", "confirms", "confirm", "true", "real", "official",
    "officially", "genuine", "authentic", "evidence", "proof", "verify", "verified", "unclear",
    "question", "however", "although", "spokesman", "spokeswoman", "statement", "insists",
    "warned", "viral", "internet", "twitter", "photo", "video", "image", "posted", "website",
    "rumoured", "speculated", "investigating", "investigation", "believe", "fact", "indeed",
    "turns", "revealed", "shows", "proved", "proves", "sadly", "unfortunately", "truth",
];

fn cue_index() -> HashMap<u64, u32> {
    let mut index = HashMap::new();
    for list in [CUES, REFUTING, DEBUNKING, HEDGING] {
        for w in list {
            let stem = crate::words::stem(w);
            let next = index.len() as u32;
            index.entry(crate::words::key(&stem)).or_insert(next);
        }
    }
    index
}

/// A sparse vector: (key, weight) sorted by key.
pub type Sparse = Vec<(u64, f32)>;

/// Dot product of two sparse vectors sorted by key (a merge walk).
pub fn dot<K: Ord + Copy>(a: &[(K, f32)], b: &[(K, f32)]) -> f32 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

/// The vocabulary and document frequencies the features are computed with; part of a model.
#[derive(Debug, Clone)]
pub struct Tables {
    /// Vocabulary stems, in input order.
    pub vocabulary: Vec<String>,
    index: HashMap<u64, u32>,
    /// Stems with their inverse document frequency.
    pub idf: Vec<(String, f32)>,
    idf_by_key: HashMap<u64, f32>,
    /// Inverse document frequency of a stem not in `idf`.
    pub unseen_idf: f32,
    refuting: HashSet<u64>,
    hedging: HashSet<u64>,
    debunking: HashSet<u64>,
    /// Index of each stance word of [`CUES`].
    cue_index: HashMap<u64, u32>,
    /// The blocks of the classifier's input.
    pub features: FeatureSet,
    embedder: Arc<StaticEmbedder>,
}

impl Tables {
    pub fn new(
        vocabulary: Vec<String>,
        idf: Vec<(String, f32)>,
        unseen_idf: f32,
        features: FeatureSet,
        embedder: Arc<StaticEmbedder>,
    ) -> Tables {
        let index = vocabulary
            .iter()
            .enumerate()
            .map(|(i, w)| (crate::words::key(w), i as u32))
            .collect();
        let idf_by_key = idf
            .iter()
            .map(|(w, x)| (crate::words::key(w), *x))
            .collect();
        Tables {
            vocabulary,
            index,
            idf,
            idf_by_key,
            unseen_idf,
            refuting: keys_of(REFUTING),
            hedging: keys_of(HEDGING),
            debunking: keys_of(DEBUNKING),
            cue_index: cue_index(),
            features,
            embedder,
        }
    }

    /// The sentence embedder of the meaning features.
    pub fn embedder(&self) -> &Arc<StaticEmbedder> {
        &self.embedder
    }

    /// Dimension of the sentence embeddings (0 when no block uses them).
    pub fn embedding_dim(&self) -> usize {
        if self.features.embeds() {
            rashomon_embed::Embed::dim(self.embedder.as_ref())
        } else {
            0
        }
    }

    /// Stance words among `words`: (cue index, count), by index.
    fn cues_of<'w>(&self, words: impl Iterator<Item = &'w Word>) -> Vec<(u32, u16)> {
        let mut found: Vec<(u32, u16)> = Vec::new();
        if !self.features.cues {
            return found;
        }
        for w in words {
            if let Some(&i) = self.cue_index.get(&w.key) {
                match found.iter_mut().find(|c| c.0 == i) {
                    Some(c) => c.1 = c.1.saturating_add(1),
                    None => found.push((i, 1)),
                }
            }
        }
        found.sort_unstable();
        found
    }

    fn embed(&self, text: &str, scratch: &mut Scratch) -> Vec<f32> {
        let mut out = vec![0.0; self.embedding_dim()];
        if !out.is_empty() {
            self.embedder.embed_into(text, scratch, &mut out);
        }
        out
    }

    /// Builds the tables from training texts: the `size` commonest stems form the
    /// vocabulary; stems seen in at least two texts keep an inverse document frequency.
    pub fn learn<'a>(
        texts: impl Iterator<Item = &'a str>,
        size: usize,
        features: FeatureSet,
        embedder: Arc<StaticEmbedder>,
    ) -> Tables {
        let mut counts: HashMap<String, (u64, u32)> = HashMap::new();
        let mut n = 0u32;
        for text in texts {
            n += 1;
            let mut seen = HashSet::new();
            for w in words(text) {
                let entry = counts.entry(w.stem).or_insert((0, 0));
                entry.0 += 1;
                if seen.insert(w.key) {
                    entry.1 += 1;
                }
            }
        }
        let mut by_count: Vec<(&String, &(u64, u32))> = counts.iter().collect();
        by_count.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
        let vocabulary = by_count
            .iter()
            .take(size)
            .map(|(w, _)| (*w).clone())
            .collect();
        let idf_of = |df: u32| ((1.0 + n as f32) / (1.0 + df as f32)).ln() + 1.0;
        let mut idf: Vec<(String, f32)> = counts
            .iter()
            .filter(|(_, &(_, df))| df >= 2)
            .map(|(w, &(_, df))| (w.clone(), idf_of(df)))
            .collect();
        idf.sort_by(|a, b| a.0.cmp(&b.0));
        Tables::new(vocabulary, idf, idf_of(1), features, embedder)
    }

    pub fn vocabulary_size(&self) -> usize {
        self.vocabulary.len()
    }

    /// Term-frequency blocks in use.
    fn tf_blocks(&self) -> usize {
        let f = self.features;
        usize::from(f.claim_tf) + usize::from(f.text_tf) + usize::from(f.closest_tf)
    }

    /// Where the dense features start in the classifier's input.
    pub fn dense_offset(&self) -> usize {
        self.tf_blocks() * self.vocabulary.len()
    }

    /// Where the meaning features start (valid with [`FeatureSet::meaning`]).
    pub fn meaning_offset(&self) -> usize {
        self.dense_offset() + DENSE
    }

    /// Width of the classifier's input.
    pub fn input_size(&self) -> usize {
        let f = self.features;
        self.meaning_offset()
            + if f.meaning { MEANING } else { 0 }
            + if f.meaning_vectors {
                2 * self.embedding_dim()
            } else {
                0
            }
            + if f.cues { 3 * self.cue_index.len() } else { 0 }
    }

    fn idf(&self, key: u64) -> f32 {
        self.idf_by_key
            .get(&key)
            .copied()
            .unwrap_or(self.unseen_idf)
    }

    fn tfidf(&self, words: &[Word]) -> Sparse {
        let mut tf: HashMap<u64, f32> = HashMap::new();
        for w in words {
            *tf.entry(w.key).or_insert(0.0) += 1.0;
        }
        let mut v: Sparse = tf
            .into_iter()
            .map(|(k, c)| (k, (1.0 + c.ln()) * self.idf(k)))
            .collect();
        // Sorted before the norm is summed, so that the sum's rounding — and so training —
        // does not depend on hash-map order.
        v.sort_unstable_by_key(|x| x.0);
        normalise(&mut v);
        v
    }

    /// Term frequencies over the vocabulary, L2-normalised, as (input index, value).
    fn vocabulary_tf<'w>(&self, words: impl Iterator<Item = &'w Word>) -> Vec<(u32, f32)> {
        let mut tf: HashMap<u32, f32> = HashMap::new();
        for w in words {
            if let Some(&i) = self.index.get(&w.key) {
                *tf.entry(i).or_insert(0.0) += 1.0;
            }
        }
        let mut v: Vec<(u32, f32)> = tf.into_iter().collect();
        v.sort_unstable_by_key(|x| x.0);
        let norm = v.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt();
        v.iter_mut().for_each(|x| x.1 /= norm);
        v
    }

    /// Analyses a claim (an FNC-1 headline).
    pub fn claim(&self, text: &str) -> Claim {
        let words = words(text);
        let keys: HashSet<u64> = words.iter().map(|w| w.key).collect();
        let embedding = self.embed(text, &mut Scratch::default());
        Claim {
            embedding,
            tfidf: self.tfidf(&words),
            tf: self.vocabulary_tf(words.iter()),
            bigrams: bigrams(&words),
            refuting: words.iter().any(|w| self.refuting.contains(&w.key)),
            hedging: words.iter().any(|w| self.hedging.contains(&w.key)),
            question: text.contains('?'),
            debunking: words.iter().any(|w| self.debunking.contains(&w.key)),
            cues: self.cues_of(words.iter()),
            length: words.len(),
            keys,
        }
    }

    /// Analyses a text (an FNC-1 body), sentence by sentence.
    pub fn text(&self, text: &str) -> Text {
        let mut spans = Vec::new();
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            let end = start + line.len();
            rashomon_text::sentences::split_sentences(text, Span::new(start, end), &mut spans);
            start = end;
        }
        let (sentences, sentence_texts): (Vec<Vec<Word>>, Vec<&str>) = spans
            .iter()
            .map(|s| {
                let t = &text[s.start as usize..s.end as usize];
                (words(t), t)
            })
            .filter(|(w, _)| !w.is_empty())
            .unzip();
        let all: Vec<Word> = sentences.iter().flatten().cloned().collect();
        let count =
            |set: &HashSet<u64>, ws: &[Word]| ws.iter().filter(|w| set.contains(&w.key)).count();
        let dim = self.embedding_dim();
        let mut scratch = Scratch::default();
        let mut sentence_embeddings = Vec::with_capacity(sentences.len() * dim);
        let mut embedding = vec![0.0f32; dim];
        if dim > 0 {
            for t in &sentence_texts {
                let e = self.embed(t, &mut scratch);
                embedding.iter_mut().zip(&e).for_each(|(a, b)| *a += b);
                sentence_embeddings.extend(e);
            }
            rashomon_embed::normalize(&mut embedding);
        }
        let cues = |set: &HashSet<u64>| -> Vec<u16> {
            sentences
                .iter()
                .map(|s| count(set, s).min(u16::MAX as usize) as u16)
                .collect()
        };
        let sentence_cues = sentences.iter().map(|s| self.cues_of(s.iter())).collect();
        Text {
            cues: self.cues_of(all.iter()),
            sentence_cues,
            sentence_debunking: cues(&self.debunking),
            sentence_refuting: cues(&self.refuting),
            sentence_hedging: cues(&self.hedging),
            sentence_embeddings,
            embedding,
            tfidf: self.tfidf(&all),
            tf: self.vocabulary_tf(all.iter()),
            keys: all.iter().map(|w| w.key).collect(),
            lead: sentences.iter().take(3).flatten().map(|w| w.key).collect(),
            bigrams: bigrams(&all),
            refuting: count(&self.refuting, &all),
            hedging: count(&self.hedging, &all),
            sentence_tfidf: sentences.iter().map(|s| self.tfidf(s)).collect(),
            length: all.len(),
            sentences,
        }
    }

    /// The classifier input for a claim and a text: sparse (index, value), indexes ascending.
    pub fn pair(&self, claim: &Claim, text: &Text) -> Vec<(u32, f32)> {
        let v = self.vocabulary.len() as u32;
        let f = self.features;
        let mut x: Vec<(u32, f32)> = Vec::with_capacity(claim.tf.len() + text.tf.len() + 400);
        let mut block = 0u32;
        if f.claim_tf {
            x.extend(claim.tf.iter().copied());
            block += 1;
        }
        if f.text_tf {
            x.extend(text.tf.iter().map(|&(i, f)| (block * v + i, f)));
            block += 1;
        }

        let mut ranked: Vec<(usize, f32)> = text
            .sentence_tfidf
            .iter()
            .map(|s| dot(&claim.tfidf, s))
            .enumerate()
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let closest: Vec<usize> = ranked
            .iter()
            .take(CLOSEST_SENTENCES)
            .map(|&(i, _)| i)
            .collect();
        let closest_words = || closest.iter().flat_map(|&i| text.sentences[i].iter());
        if f.closest_tf {
            x.extend(
                self.vocabulary_tf(closest_words())
                    .into_iter()
                    .map(|(i, f)| (block * v + i, f)),
            );
        }

        let best = ranked.first().map_or(0.0, |r| r.1);
        let top3 = ranked.iter().take(3).map(|r| r.1).sum::<f32>() / 3.0;
        let share = |set: &HashSet<u64>| {
            if claim.keys.is_empty() {
                0.0
            } else {
                claim.keys.iter().filter(|k| set.contains(k)).count() as f32
                    / claim.keys.len() as f32
            }
        };
        let bigram_share = if claim.bigrams.is_empty() {
            0.0
        } else {
            claim
                .bigrams
                .iter()
                .filter(|b| text.bigrams.contains(b))
                .count() as f32
                / claim.bigrams.len() as f32
        };
        let near_refuting = closest_words()
            .filter(|w| self.refuting.contains(&w.key))
            .count() as f32;
        let near_hedging = closest_words()
            .filter(|w| self.hedging.contains(&w.key))
            .count() as f32;
        let position = ranked
            .first()
            .map_or(1.0, |r| r.0 as f32 / text.sentences.len().max(1) as f32);
        let flag = |b: bool| if b { 1.0 } else { 0.0 };
        let dense: [f32; DENSE] = [
            dot(&claim.tfidf, &text.tfidf),
            best,
            top3,
            share(&text.keys),
            share(&text.lead),
            bigram_share,
            flag(claim.refuting),
            (text.refuting as f32).ln_1p() / 3.0,
            near_refuting.ln_1p(),
            flag(claim.hedging),
            (text.hedging as f32).ln_1p() / 3.0,
            near_hedging.ln_1p(),
            flag(claim.question),
            (claim.length as f32).ln_1p() / 3.0,
            (text.length as f32).ln_1p() / 8.0,
            position,
            (claim.keys.iter().filter(|k| text.keys.contains(k)).count() as f32).ln_1p() / 3.0,
            flag(text.sentences.is_empty()),
        ];
        let base = self.dense_offset() as u32;
        x.extend(
            dense
                .iter()
                .enumerate()
                .filter(|(_, &f)| f != 0.0)
                .map(|(i, &f)| (base + i as u32, f)),
        );
        if f.embeds() {
            self.meaning(claim, text, &mut x);
        }
        x
    }

    /// The meaning features and vectors of a pair, appended to `x`.
    fn meaning(&self, claim: &Claim, text: &Text, x: &mut Vec<(u32, f32)>) {
        let dim = self.embedding_dim();
        let n = text.sentences.len();
        let cosines: Vec<f32> = (0..n)
            .map(|i| {
                rashomon_embed::dot(
                    &claim.embedding,
                    &text.sentence_embeddings[i * dim..(i + 1) * dim],
                )
            })
            .collect();
        let mut ranked: Vec<usize> = (0..n).collect();
        ranked.sort_by(|&a, &b| cosines[b].total_cmp(&cosines[a]).then(a.cmp(&b)));
        let mut offset = self.meaning_offset() as u32;
        if self.features.meaning {
            let best = ranked.first().map_or(0.0, |&i| cosines[i]);
            let mean = if n == 0 {
                0.0
            } else {
                cosines.iter().sum::<f32>() / n as f32
            };
            let top3 = ranked.iter().take(3).map(|&i| cosines[i]).sum::<f32>() / 3.0;
            let lead = cosines.iter().take(3).copied().fold(0.0f32, f32::max);
            let position = ranked.first().map_or(1.0, |&i| i as f32 / n.max(1) as f32);
            let near = &ranked[..n.min(CLOSEST_BY_MEANING)];
            let near_refuting: u32 = near
                .iter()
                .map(|&i| u32::from(text.sentence_refuting[i]))
                .sum();
            let near_hedging: u32 = near
                .iter()
                .map(|&i| u32::from(text.sentence_hedging[i]))
                .sum();
            let best_with = |cues: &[u16]| {
                (0..n)
                    .filter(|&i| cues[i] > 0)
                    .map(|i| cosines[i])
                    .fold(0.0f32, f32::max)
            };
            // Refutations among the sentences nearly as close as the closest.
            let close_refuting = ranked
                .iter()
                .take_while(|&&i| cosines[i] >= best - 0.1)
                .filter(|&&i| text.sentence_refuting[i] > 0)
                .count();
            let near_debunking: u32 = near
                .iter()
                .map(|&i| u32::from(text.sentence_debunking[i]))
                .sum();
            let all_debunking: u32 = text.sentence_debunking.iter().map(|&c| u32::from(c)).sum();
            let flag = |b: bool| if b { 1.0 } else { 0.0 };
            let debunked = (all_debunking as f32).ln_1p();
            let features: [f32; MEANING] = [
                rashomon_embed::dot(&claim.embedding, &text.embedding),
                best,
                top3,
                mean,
                lead,
                position,
                (near_refuting as f32).ln_1p(),
                (near_hedging as f32).ln_1p(),
                flag(
                    ranked
                        .first()
                        .is_some_and(|&i| text.sentence_refuting[i] > 0),
                ),
                best_with(&text.sentence_refuting),
                best_with(&text.sentence_hedging),
                (close_refuting as f32).ln_1p(),
                flag(claim.debunking),
                debunked,
                (near_debunking as f32).ln_1p(),
                // A claim that calls a story untrue agrees with a text that does.
                if claim.debunking { debunked } else { -debunked },
            ];
            x.extend(
                features
                    .iter()
                    .enumerate()
                    .filter(|(_, &f)| f != 0.0)
                    .map(|(i, &f)| (offset + i as u32, f)),
            );
            offset += MEANING as u32;
        }
        if self.features.meaning_vectors {
            // Products of unit vectors are of the order 1/dim each: scaled to about one.
            let scale = dim as f32 / 4.0;
            let root = (dim as f32).sqrt();
            if let Some(&best) = ranked.first() {
                let e = &text.sentence_embeddings[best * dim..(best + 1) * dim];
                let products = claim.embedding.iter().zip(e).map(|(a, b)| a * b * scale);
                let differences = claim
                    .embedding
                    .iter()
                    .zip(e)
                    .map(|(a, b)| (a - b).abs() * root);
                x.extend(
                    products
                        .chain(differences)
                        .enumerate()
                        .filter(|(_, f)| *f != 0.0)
                        .map(|(i, f)| (offset + i as u32, f)),
                );
            }
            offset += 2 * dim as u32;
        }
        if self.features.cues {
            // Three rows of stance words: the claim's, the text's, the closest sentences'.
            let c = self.cue_index.len() as u32;
            let near = &ranked[..n.min(CLOSEST_BY_MEANING)];
            let mut close: Vec<(u32, u16)> = Vec::new();
            for &i in near {
                for &(k, count) in &text.sentence_cues[i] {
                    match close.iter_mut().find(|e| e.0 == k) {
                        Some(e) => e.1 = e.1.saturating_add(count),
                        None => close.push((k, count)),
                    }
                }
            }
            close.sort_unstable();
            for (row, list) in [&claim.cues, &text.cues, &close].into_iter().enumerate() {
                x.extend(
                    list.iter()
                        .map(|&(k, count)| (offset + row as u32 * c + k, (count as f32).ln_1p())),
                );
            }
        }
    }
}

fn normalise(v: &mut Sparse) {
    let norm = v.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|x| x.1 /= norm);
    }
}

fn bigrams(words: &[Word]) -> HashSet<u64> {
    words
        .windows(2)
        .map(|w| w[0].key.rotate_left(17) ^ w[1].key)
        .collect()
}

/// A claim, analysed once and compared with many texts.
#[derive(Debug, Clone)]
pub struct Claim {
    embedding: Vec<f32>,
    tfidf: Sparse,
    tf: Vec<(u32, f32)>,
    keys: HashSet<u64>,
    bigrams: HashSet<u64>,
    refuting: bool,
    hedging: bool,
    question: bool,
    debunking: bool,
    cues: Vec<(u32, u16)>,
    length: usize,
}

/// A text, analysed once and compared with many claims.
#[derive(Debug, Clone)]
pub struct Text {
    tfidf: Sparse,
    tf: Vec<(u32, f32)>,
    keys: HashSet<u64>,
    lead: HashSet<u64>,
    bigrams: HashSet<u64>,
    refuting: usize,
    hedging: usize,
    sentences: Vec<Vec<Word>>,
    sentence_tfidf: Vec<Sparse>,
    /// Row-major, one row per sentence of `sentences` (empty without embeddings).
    sentence_embeddings: Vec<f32>,
    sentence_refuting: Vec<u16>,
    sentence_hedging: Vec<u16>,
    sentence_debunking: Vec<u16>,
    cues: Vec<(u32, u16)>,
    sentence_cues: Vec<Vec<(u32, u16)>>,
    /// The normalised sum of the sentences' embeddings.
    embedding: Vec<f32>,
    length: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_closest_sentence_carries_the_refutation() {
        let texts = [
            "Kurdish forces agreed a corridor with the fighters.",
            "The central bank raised rates.",
            "Officials denied that any corridor was agreed.",
        ];
        let tables = Tables::learn(
            texts.iter().copied(),
            50,
            FeatureSet::from_bits(63),
            embedder(),
        );
        let claim = tables.claim("Kurds agreed a corridor out of Raqqa");
        let text =
            tables.text("Rates rose today.\nThe SDF denied it agreed a corridor with anyone.");
        let x = tables.pair(&claim, &text);
        assert!(x.windows(2).all(|w| w[0].0 < w[1].0), "indexes ascend");
        assert!(x.iter().all(|e| (e.0 as usize) < tables.input_size()));
        let base = tables.dense_offset() as u32;
        let dense = |i: u32| x.iter().find(|e| e.0 == base + i).map_or(0.0, |e| e.1);
        assert!(dense(1) > 0.3, "closest sentence similarity {}", dense(1));
        assert!(dense(8) > 0.0, "a refuting word near the claim");
        assert_eq!(dense(6), 0.0, "the claim itself does not refute");
        let meaning = |i: usize| dense((DENSE + i) as u32);
        assert!(
            meaning(1) > meaning(4).min(0.99) - 1e-6,
            "the best sentence is at least the lead's best"
        );
        assert_eq!(
            meaning(5),
            0.5,
            "the closest in meaning is the second of two"
        );
        assert!(meaning(8) > 0.0, "it holds a refuting word");
    }

    fn embedder() -> Arc<StaticEmbedder> {
        Arc::new(StaticEmbedder::bundled().unwrap())
    }

    #[test]
    fn blocks_can_be_left_out() {
        let texts = ["The central bank raised rates.", "Officials denied it."];
        let only_dense = FeatureSet {
            claim_tf: false,
            text_tf: false,
            closest_tf: false,
            meaning: false,
            meaning_vectors: false,
            cues: false,
        };
        let tables = Tables::learn(texts.iter().copied(), 50, only_dense, embedder());
        assert_eq!(tables.input_size(), DENSE);
        assert_eq!(tables.embedding_dim(), 0);
        let x = tables.pair(
            &tables.claim("Rates rose"),
            &tables.text("The bank raised rates."),
        );
        assert!(x.iter().all(|e| (e.0 as usize) < DENSE));
        for bits in 0..64 {
            assert_eq!(FeatureSet::from_bits(bits).bits(), bits);
        }
        let every = FeatureSet::from_bits(63);
        assert!(every.claim_tf && every.cues);
        let all = Tables::learn(texts.iter().copied(), 50, every, embedder());
        let dim = all.embedding_dim();
        assert_eq!(dim, 128);
        assert_eq!(
            all.input_size(),
            3 * all.vocabulary_size() + DENSE + MEANING + 2 * dim + 3 * cue_index().len()
        );
    }
}
