//! Bag-of-words vectors for sentence similarity: lower-cased words, stopwords out, a light
//! suffix-stripping stem, TF-IDF weights over the sentences of the run.

use std::collections::HashMap;

/// Word ids and their weights, sorted by id.
#[derive(Debug, Clone, Default)]
pub(crate) struct SparseVector {
    pub entries: Vec<(u32, f32)>,
}

impl SparseVector {
    fn norm(&self) -> f32 {
        self.entries.iter().map(|(_, w)| w * w).sum::<f32>().sqrt()
    }

    pub fn add(&mut self, other: &SparseVector) {
        let mut merged = Vec::with_capacity(self.entries.len() + other.entries.len());
        let (mut i, mut j) = (0, 0);
        let (a, b) = (&self.entries, &other.entries);
        while i < a.len() || j < b.len() {
            match (a.get(i), b.get(j)) {
                (Some(x), Some(y)) if x.0 == y.0 => {
                    merged.push((x.0, x.1 + y.1));
                    i += 1;
                    j += 1;
                }
                (Some(x), Some(y)) if x.0 < y.0 => {
                    merged.push(*x);
                    i += 1;
                }
                (Some(_), Some(y)) => {
                    merged.push(*y);
                    j += 1;
                }
                (Some(x), None) => {
                    merged.push(*x);
                    i += 1;
                }
                (None, Some(y)) => {
                    merged.push(*y);
                    j += 1;
                }
                (None, None) => break,
            }
        }
        self.entries = merged;
    }
}

pub(crate) fn cosine(a: &SparseVector, b: &SparseVector) -> f64 {
    let (na, nb) = (a.norm(), b.norm());
    if na == 0.0 || nb == 0.0 {
        return 0.0;
    }
    let (mut i, mut j, mut dot) = (0, 0, 0.0f32);
    while i < a.entries.len() && j < b.entries.len() {
        let (x, y) = (a.entries[i], b.entries[j]);
        match x.0.cmp(&y.0) {
            std::cmp::Ordering::Equal => {
                dot += x.1 * y.1;
                i += 1;
                j += 1;
            }
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
        }
    }
    f64::from(dot / (na * nb))
}

/// How many sentences of a pile hold each term (a hash of its stem): the IDF the timeline
/// weighs words by. Summed over documents, so that it can be kept in the store and grown when
/// articles are added; its size is the pile's vocabulary, not its length.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TermCounts {
    /// Sentences (and title lines) counted.
    pub sentences: u64,
    /// Term → sentences holding it.
    pub df: HashMap<u32, u32>,
}

impl TermCounts {
    /// The counts of one document's title line and sentences.
    pub fn of(doc: &rashomon_model::AnnotatedDocument) -> TermCounts {
        let text = &doc.document.text;
        let mut out = TermCounts::default();
        let spans = doc.layers.title.iter().chain(doc.layers.sentences.iter());
        let mut seen: Vec<u32> = Vec::new();
        let mut lower = String::new();
        for span in spans {
            let sentence = &text[span.range()];
            seen.clear();
            if sentence.is_ascii() {
                // Lower-cased a word at a time into one buffer: the same terms as below for
                // ASCII, where lower-casing keeps every byte in place.
                for w in rashomon_text::words::alnum_words(sentence) {
                    lower.clear();
                    lower.extend(w.bytes().map(|b| b.to_ascii_lowercase() as char));
                    seen.extend(term(&lower));
                }
            } else {
                seen.extend(terms(&sentence.to_lowercase()));
            }
            seen.sort_unstable();
            seen.dedup();
            for &t in &seen {
                *out.df.entry(t).or_insert(0) += 1;
            }
            out.sentences += 1;
        }
        out
    }

    /// Adds another's counts.
    pub fn add(&mut self, other: &TermCounts) {
        self.sentences += other.sentences;
        for (&t, &n) in &other.df {
            *self.df.entry(t).or_insert(0) += n;
        }
    }
}

/// The terms of a lower-cased sentence: stems of its words, stopwords, one-letter words and
/// numbers left out, hashed.
fn terms(lower: &str) -> impl Iterator<Item = u32> + '_ {
    rashomon_text::words::alnum_words(lower).filter_map(term)
}

/// The term of one lower-cased word, unless it is left out.
fn term(w: &str) -> Option<u32> {
    let kept = w.len() >= 2 && !is_stopword(w) && !w.bytes().all(|b| b.is_ascii_digit());
    kept.then(|| xxhash_rust::xxh3::xxh3_64(stem(w).as_bytes()) as u32)
}

/// Term-frequency vectors of sentences, weighed by a pile's [`TermCounts`].
pub(crate) struct Vocabulary<'a> {
    counts: &'a TermCounts,
}

const STOPWORDS: &[&str] = &[
    "a", "about", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are",
    "as", "at", "be", "because", "been", "before", "being", "between", "both", "but", "by", "can",
    "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from",
    "further", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how",
    "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "no",
    "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "out", "over",
    "own", "said", "same", "says", "she", "should", "so", "some", "such", "than", "that", "the",
    "their", "them", "then", "there", "these", "they", "this", "those", "through", "to", "too",
    "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while",
    "who", "whom", "why", "will", "with", "would", "you", "your", "s", "t", "n't", "mr", "mrs",
    "ms", "told", "say", "new", "one", "two", "year", "years",
];

fn is_stopword(w: &str) -> bool {
    static SET: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| STOPWORDS.iter().copied().collect())
        .contains(w)
}

/// The number of words (runs of letters and digits) of a sentence, as [`Vocabulary::vector`]
/// counts them.
pub(crate) fn word_count(sentence: &str) -> usize {
    rashomon_text::words::alnum_words(sentence).count()
}

/// A light stem: enough to join plurals and common verb forms for similarity.
fn stem(word: &str) -> &str {
    for suffix in ["ing", "ed", "es", "s"] {
        if let Some(s) = word.strip_suffix(suffix) {
            if s.len() >= 3 {
                return s;
            }
        }
    }
    word
}

impl<'a> Vocabulary<'a> {
    pub fn new(counts: &'a TermCounts) -> Vocabulary<'a> {
        Vocabulary { counts }
    }

    /// The term-frequency vector of a lower-cased sentence.
    pub fn vector(&self, lower: &str) -> SparseVector {
        let mut counts: HashMap<u32, f32> = HashMap::new();
        for t in terms(lower) {
            *counts.entry(t).or_insert(0.0) += 1.0;
        }
        let mut entries: Vec<(u32, f32)> = counts.into_iter().collect();
        entries.sort_by_key(|e| e.0);
        SparseVector { entries }
    }

    /// Turns term frequencies into TF-IDF weights with the pile's sentence frequencies.
    pub fn weigh(&self, vectors: &mut [&mut SparseVector]) {
        let n = self.counts.sentences.max(1) as f32;
        for v in vectors.iter_mut() {
            for e in v.entries.iter_mut() {
                let df = self.counts.df.get(&e.0).copied().unwrap_or(1).max(1) as f32;
                e.1 *= (n / df).ln() + 1.0;
            }
        }
    }
}
