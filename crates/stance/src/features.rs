//! The classifier's input for one (claim, text) pair.
//!
//! Four blocks, in the spirit of the UCL FNC-1 system (Riedel et al. 2017) with two additions:
//! - the claim's term frequencies over a fixed vocabulary (L2-normalised);
//! - the text's term frequencies over the same vocabulary;
//! - the term frequencies of the text's sentences closest to the claim — where a text refutes
//!   or hedges, it does so next to the words of the claim, not anywhere in the body;
//! - a few dense features: TF-IDF cosines of claim and text and of claim and its closest
//!   sentences, word and bigram overlap, refuting and hedging words in the claim, the text and
//!   the closest sentences.

use std::collections::{HashMap, HashSet};

use rashomon_model::Span;

use crate::words::{keys_of, words, Word, HEDGING, REFUTING};

/// Sentences of the text that make up the "closest sentences" block.
pub const CLOSEST_SENTENCES: usize = 2;
/// Number of dense features.
pub const DENSE: usize = 18;

/// A sparse vector: (key, weight) sorted by key.
pub type Sparse = Vec<(u64, f32)>;

fn dot(a: &Sparse, b: &Sparse) -> f32 {
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
}

impl Tables {
    pub fn new(vocabulary: Vec<String>, idf: Vec<(String, f32)>, unseen_idf: f32) -> Tables {
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
        }
    }

    /// Builds the tables from training texts: the `size` commonest stems form the
    /// vocabulary; stems seen in at least two texts keep an inverse document frequency.
    pub fn learn<'a>(texts: impl Iterator<Item = &'a str>, size: usize) -> Tables {
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
        Tables::new(vocabulary, idf, idf_of(1))
    }

    pub fn vocabulary_size(&self) -> usize {
        self.vocabulary.len()
    }

    /// Width of the classifier's input.
    pub fn input_size(&self) -> usize {
        3 * self.vocabulary.len() + DENSE
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
        Claim {
            tfidf: self.tfidf(&words),
            tf: self.vocabulary_tf(words.iter()),
            bigrams: bigrams(&words),
            refuting: words.iter().any(|w| self.refuting.contains(&w.key)),
            hedging: words.iter().any(|w| self.hedging.contains(&w.key)),
            question: text.contains('?'),
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
        let sentences: Vec<Vec<Word>> = spans
            .iter()
            .map(|s| words(&text[s.start as usize..s.end as usize]))
            .filter(|w| !w.is_empty())
            .collect();
        let all: Vec<Word> = sentences.iter().flatten().cloned().collect();
        let count =
            |set: &HashSet<u64>, ws: &[Word]| ws.iter().filter(|w| set.contains(&w.key)).count();
        Text {
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
        let mut x: Vec<(u32, f32)> = Vec::with_capacity(claim.tf.len() + text.tf.len() + 64);
        x.extend(claim.tf.iter().copied());
        x.extend(text.tf.iter().map(|&(i, f)| (v + i, f)));

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
        x.extend(
            self.vocabulary_tf(closest_words())
                .into_iter()
                .map(|(i, f)| (2 * v + i, f)),
        );

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
        let base = 3 * v;
        x.extend(
            dense
                .iter()
                .enumerate()
                .filter(|(_, &f)| f != 0.0)
                .map(|(i, &f)| (base + i as u32, f)),
        );
        x
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
    tfidf: Sparse,
    tf: Vec<(u32, f32)>,
    keys: HashSet<u64>,
    bigrams: HashSet<u64>,
    refuting: bool,
    hedging: bool,
    question: bool,
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
        let tables = Tables::learn(texts.iter().copied(), 50);
        let claim = tables.claim("Kurds agreed a corridor out of Raqqa");
        let text =
            tables.text("Rates rose today.\nThe SDF denied it agreed a corridor with anyone.");
        let x = tables.pair(&claim, &text);
        assert!(x.windows(2).all(|w| w[0].0 < w[1].0), "indexes ascend");
        let base = 3 * tables.vocabulary_size() as u32;
        let dense = |i: u32| x.iter().find(|e| e.0 == base + i).map_or(0.0, |e| e.1);
        assert!(dense(1) > 0.3, "closest sentence similarity {}", dense(1));
        assert!(dense(8) > 0.0, "a refuting word near the claim");
        assert_eq!(dense(6), 0.0, "the claim itself does not refute");
    }
}
