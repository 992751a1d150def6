//! Story grouping: which articles of a mixed pile are about the same story.
//!
//! Streaming and order-independent enough for a pile of news: articles are taken in order of
//! publication, and each joins the story whose word profile it is closest to (TF-IDF cosine
//! against the story's centroid) or, when none is close enough, opens a new one. Rare words —
//! names of people, places and groups — weigh most, which is what tells two stories apart.
//! A first version for the timeline; issue 6 scores and refines it on ECB+.

use std::collections::HashMap;

use rashomon_model::AnnotatedDocument;
use serde::{Deserialize, Serialize};

/// A sparse vector (key id → weight). Its hasher is fixed, not seeded per process, so that
/// iteration order — and with it the rounding of every sum over the vector — is the same on
/// every run: the same pile gives the same stories and claims.
pub type SparseVector = HashMap<u32, f32, std::hash::BuildHasherDefault<std::hash::DefaultHasher>>;

/// The dot product of two sparse vectors (their cosine, when both are L2-normalised).
pub fn dot(a: &SparseVector, b: &SparseVector) -> f32 {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    small
        .iter()
        .map(|(k, x)| x * large.get(k).copied().unwrap_or(0.0))
        .sum()
}

/// How stories are cut: the similarity to a story's centroid needed to join it, and the
/// refinement passes after the stream (each moves articles whose own story, less themselves,
/// no longer fits best).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Grouping {
    pub threshold: f32,
    pub refine_rounds: usize,
}

/// Stories as the timeline wants them: a crisis or topic, so that one pile about Raqqa —
/// translated wires with their own spellings included — makes one timeline. No refinement:
/// at this level it splinters big topics (Timeline17 mixed: B-cubed F1 0.800 without, 0.760
/// with; docs/RESULTS.md).
pub const TOPICS: Grouping = Grouping {
    threshold: 0.12,
    refine_rounds: 0,
};

/// Stories as separate events: similar but different ones apart (ECB+ sub-topics: two
/// earthquakes, two arrests of one actress), chosen on ECB+ (docs/RESULTS.md).
pub const EVENTS: Grouping = Grouping {
    threshold: 0.24,
    refine_rounds: 2,
};

#[derive(Debug, Clone, Serialize)]
pub struct Story {
    /// Indexes of the member documents, in the order they joined.
    pub members: Vec<usize>,
    /// The words that weigh most in the story, to tell it apart.
    pub label: Vec<String>,
}

/// Calls `each` with every word of `text` of 3+ letters, lower-cased, except digits-only words
/// and common function words, with the byte range of its written form. One buffer serves every
/// word: this runs over every sentence of every article at ingest.
fn for_each_word(text: &str, mut each: impl FnMut(&str, std::ops::Range<usize>)) {
    let mut lower = String::new();
    for w in rashomon_text::words::alnum_words(text) {
        // `w` is a slice of `text`: its offset is the distance between their starts.
        let start = w.as_ptr() as usize - text.as_ptr() as usize;
        let range = start..start + w.len();
        if w.len() < 3 || (!w.is_ascii() && w.chars().count() < 3) {
            continue;
        }
        if w.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        lower.clear();
        if w.is_ascii() {
            lower.extend(w.bytes().map(|b| b.to_ascii_lowercase() as char));
        } else {
            lower.push_str(&w.to_lowercase());
        }
        if is_common(&lower) {
            continue;
        }
        each(&lower, range);
    }
}

/// The first letter, then the consonants with q and c as k and doubled letters once, written
/// into `out`; words with non-ASCII letters are kept whole. So transliterations meet ("Raqqa",
/// "Rakka" and "raqqa" are one key, as are "Kamal" and "Kemal").
fn skeleton_into(word: &str, out: &mut Vec<u8>) {
    out.clear();
    if !word.is_ascii() {
        out.extend_from_slice(word.as_bytes());
        return;
    }
    for (i, b) in word.bytes().enumerate() {
        let c = match b {
            b'q' | b'c' => b'k',
            b => b,
        };
        if i > 0 && matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y') {
            continue;
        }
        if out.last() == Some(&c) {
            continue;
        }
        out.push(c);
    }
}

/// Function words too common to tell stories apart.
fn is_common(word: &str) -> bool {
    matches!(
        word,
        "the"
            | "and"
            | "for"
            | "that"
            | "with"
            | "was"
            | "were"
            | "has"
            | "have"
            | "had"
            | "said"
            | "says"
            | "from"
            | "this"
            | "are"
            | "but"
            | "not"
            | "his"
            | "her"
            | "its"
            | "they"
            | "their"
            | "which"
            | "who"
            | "will"
            | "would"
            | "been"
            | "after"
            | "also"
            | "about"
            | "more"
            | "than"
            | "into"
            | "over"
            | "one"
            | "two"
            | "new"
            | "year"
            | "years"
            | "when"
            | "there"
            | "what"
            | "all"
            | "out"
            | "can"
            | "could"
            | "some"
            | "other"
            | "our"
            | "any"
            | "may"
            | "she"
            | "him"
            | "them"
            | "those"
            | "these"
            | "such"
            | "being"
    )
}

/// Terms a document's summary keeps for story grouping, at most: enough for the weightiest
/// words of a news article (its rare names and places), not its whole vocabulary, so that the
/// summary stays small whatever the article's length.
pub const MAX_TERMS: usize = 128;
/// Terms whose surface word a summary keeps, to name the stories it joins.
const SURFACE_TERMS: usize = 8;

/// What story grouping needs of one document (its part of the per-document summary): the
/// counts of its word skeletons and of the places and speakers it names, hashed, most
/// frequent first; and the commonest written form of its first terms, to name stories by.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StoryTerms {
    /// (term hash, count), at most [`MAX_TERMS`], by count then hash.
    pub terms: Vec<(u32, u16)>,
    /// (term hash, written form) of the first terms.
    pub surfaces: Vec<(u32, String)>,
}

fn term_hash(key: &[u8]) -> u32 {
    xxhash_rust::xxh3::xxh3_64(key) as u32
}

impl StoryTerms {
    pub fn of(d: &AnnotatedDocument) -> StoryTerms {
        let text = &d.document.text;
        let mut counts: HashMap<u32, u32> = HashMap::new();
        // Each counted word: its term and its range in `text`, to find the written forms of
        // the first terms once they are known (few words are those).
        let mut seen: Vec<(u32, std::ops::Range<usize>)> = Vec::new();
        let mut skeleton = Vec::new();
        for span in d.layers.title.iter().chain(d.layers.sentences.iter()) {
            let offset = span.range().start;
            for_each_word(&text[span.range()], |lower, range| {
                skeleton_into(lower, &mut skeleton);
                let h = term_hash(&skeleton);
                *counts.entry(h).or_insert(0) += 1;
                seen.push((h, range.start + offset..range.end + offset));
            });
        }
        // Resolved places and speakers count as words of their own, so that "Rakka" and
        // "Raqqa", "IGIL" and "ISIS" meet even where their spellings share nothing. Keys start
        // with '@', which no word does.
        let places = d
            .layers
            .places
            .iter()
            .map(|p| (format!("@{}", p.id), &p.name));
        let speakers = d.layers.attributions.iter().filter_map(|a| {
            let s = a.speaker.as_ref()?;
            Some((format!("@{}", s.entity_id.as_ref()?), &s.name))
        });
        let names: Vec<(u32, &String)> = places
            .chain(speakers)
            .map(|(key, name)| (term_hash(key.as_bytes()), name))
            .collect();
        for (h, _) in &names {
            *counts.entry(*h).or_insert(0) += 1;
        }
        let mut ranked: Vec<(u32, u32)> = counts.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(MAX_TERMS);
        // The commonest written form of each of the first terms (the smallest of equals).
        let first: Vec<u32> = ranked.iter().take(SURFACE_TERMS).map(|t| t.0).collect();
        let mut forms: Vec<HashMap<String, u32>> = vec![HashMap::new(); first.len()];
        // Lower-cased only for the words of the first terms.
        let words = seen
            .into_iter()
            .filter(|(h, _)| first.contains(h))
            .map(|(h, range)| (h, text[range].to_lowercase()));
        let names = names
            .into_iter()
            .filter(|(h, _)| first.contains(h))
            .map(|(h, name)| (h, name.to_lowercase()));
        for (h, form) in words.chain(names) {
            let i = first
                .iter()
                .position(|f| *f == h)
                .expect("filtered on first");
            *forms[i].entry(form).or_insert(0) += 1;
        }
        let surfaces = first
            .iter()
            .zip(forms)
            .map(|(h, forms)| {
                let surface = forms
                    .into_iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
                    .map(|f| f.0)
                    .unwrap_or_default();
                (*h, surface)
            })
            .collect();
        StoryTerms {
            terms: ranked
                .iter()
                .map(|(h, n)| (*h, (*n).min(u16::MAX as u32) as u16))
                .collect(),
            surfaces,
        }
    }
}

/// Documents as L2-normalised TF-IDF vectors over their story terms, with what is needed to
/// name a story by its words.
pub struct StoryVectors {
    pub vectors: Vec<SparseVector>,
    /// Dense ids of the term hashes.
    ids: HashMap<u32, u32>,
    /// The surface words of each term id that summaries kept, with how many kept each.
    surfaces: HashMap<u32, HashMap<String, u32>>,
}

impl StoryVectors {
    /// The vectors of whole documents (their story terms first).
    pub fn of(docs: &[AnnotatedDocument]) -> StoryVectors {
        let terms: Vec<StoryTerms> = docs.iter().map(StoryTerms::of).collect();
        StoryVectors::from_terms(&terms)
    }

    /// The vectors of documents given by their summaries' story terms.
    pub fn from_terms<T: std::borrow::Borrow<StoryTerms>>(terms: &[T]) -> StoryVectors {
        let mut ids: HashMap<u32, u32> = HashMap::new();
        let mut surfaces: HashMap<u32, HashMap<String, u32>> = HashMap::new();
        let mut df: Vec<u32> = Vec::new();
        let mut tfs: Vec<SparseVector> = Vec::with_capacity(terms.len());
        for t in terms {
            let t = t.borrow();
            let mut tf = SparseVector::default();
            for &(h, n) in &t.terms {
                let next = ids.len() as u32;
                let id = *ids.entry(h).or_insert(next);
                if id as usize == df.len() {
                    df.push(0);
                }
                df[id as usize] += 1;
                tf.insert(id, n as f32);
            }
            for (h, word) in &t.surfaces {
                if let Some(&id) = ids.get(h) {
                    *surfaces
                        .entry(id)
                        .or_default()
                        .entry(word.clone())
                        .or_insert(0) += 1;
                }
            }
            tfs.push(tf);
        }
        let n = terms.len().max(1) as f32;
        let vectors = tfs
            .into_iter()
            .map(|tf| {
                let mut v: SparseVector = tf
                    .into_iter()
                    // Words in one article only say nothing about what it shares.
                    .filter(|&(id, _)| df[id as usize] >= 2)
                    .map(|(id, c)| (id, (1.0 + c.ln()) * (n / df[id as usize] as f32).ln()))
                    .collect();
                let norm = v.values().map(|x| x * x).sum::<f32>().sqrt();
                if norm > 0.0 {
                    v.values_mut().for_each(|x| *x /= norm);
                }
                v
            })
            .collect();
        StoryVectors {
            vectors,
            ids,
            surfaces,
        }
    }

    /// The commonest surface word of each term id ("" where no summary kept one).
    fn surfaces(&self) -> Vec<&str> {
        let mut out = vec![""; self.ids.len()];
        for (&id, words) in &self.surfaces {
            if let Some((word, _)) = words.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))) {
                out[id as usize] = word;
            }
        }
        out
    }
}

/// Groups `docs` into stories. `order` gives the order in which documents join (publication
/// order, say); documents not in it are not grouped.
pub fn group_stories(
    docs: &[AnnotatedDocument],
    order: &[usize],
    grouping: Grouping,
) -> Vec<Story> {
    let vectors = StoryVectors::of(docs);
    group_vectors(&vectors, order, grouping)
}

/// [`group_stories`] over vectors made beforehand.
pub fn group_vectors(sv: &StoryVectors, order: &[usize], grouping: Grouping) -> Vec<Story> {
    let surface = sv.surfaces();
    cluster(&sv.vectors, order, grouping)
        .into_iter()
        .map(|c| {
            let mut top: Vec<(u32, f32)> = c.centroid.into_iter().collect();
            top.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            let mut label: Vec<String> = Vec::new();
            for (id, _) in &top {
                let word = surface[*id as usize];
                if !word.is_empty() && !label.iter().any(|w| w == word) {
                    label.push(word.to_string());
                }
                if label.len() == 4 {
                    break;
                }
            }
            Story {
                members: c.members,
                label,
            }
        })
        .collect()
}

/// A group of items [`cluster`] made: members in the order they joined, and the sum of their
/// vectors.
#[derive(Debug, Clone)]
pub struct Cluster {
    pub members: Vec<usize>,
    pub centroid: SparseVector,
}

/// Streaming centroid clustering of L2-normalised sparse vectors: in `order`, each item joins the cluster whose centroid it is closest to (cosine ≥
/// `threshold`) or opens a new one; then refinement passes move items whose own cluster
/// (less themselves) no longer fits best. Items not in `order` are left out.
pub fn cluster(vectors: &[SparseVector], order: &[usize], grouping: Grouping) -> Vec<Cluster> {
    let threshold = grouping.threshold;
    struct Open {
        members: Vec<usize>,
        centroid: SparseVector,
        norm_sq: f32,
    }
    impl Open {
        /// Cosine of `v` with the centroid; with `without` = true, with the centroid less `v`
        /// (for a member of the story).
        fn similarity(&self, v: &SparseVector, without: bool) -> f32 {
            let (mut dot, mut norm_sq) = (0.0f32, self.norm_sq);
            for (k, &x) in v {
                let c = self.centroid.get(k).copied().unwrap_or(0.0);
                if without {
                    norm_sq += (c - x) * (c - x) - c * c;
                    dot += x * (c - x);
                } else {
                    dot += x * c;
                }
            }
            if norm_sq > 1e-6 {
                dot / norm_sq.sqrt()
            } else {
                0.0
            }
        }

        fn add(&mut self, v: &SparseVector, sign: f32) {
            for (&k, &x) in v {
                let c = self.centroid.entry(k).or_insert(0.0);
                self.norm_sq += (*c + sign * x) * (*c + sign * x) - *c * *c;
                *c += sign * x;
            }
        }
    }
    // Which stories hold each word: an article is only compared with the stories that hold
    // one of its own weightiest words, not with every story so far.
    const INDEXED_WORDS: usize = 20;
    // A word held by this many stories picks no story out (in a pile of near-identical
    // one-line articles every word is in every story): its list stops growing and is not
    // used to find candidates. This bounds each article's comparisons, so grouping stays
    // O(n · INDEXED_WORDS · MAX_STORIES_PER_WORD) instead of O(n · stories).
    const MAX_STORIES_PER_WORD: usize = 256;
    let top_words = |v: &SparseVector| -> Vec<u32> {
        let mut w: Vec<(u32, f32)> = v
            .iter()
            .filter(|(_, &x)| x > 0.0)
            .map(|(&k, &x)| (k, x))
            .collect();
        w.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        w.into_iter().take(INDEXED_WORDS).map(|(k, _)| k).collect()
    };
    let mut postings: HashMap<u32, Vec<usize>> = HashMap::new();
    let index = |postings: &mut HashMap<u32, Vec<usize>>, v: &SparseVector, story: usize| {
        for (&k, &x) in v {
            if x <= 0.0 {
                continue;
            }
            let list = postings.entry(k).or_default();
            if list.len() <= MAX_STORIES_PER_WORD
                && list.last() != Some(&story)
                && !list.contains(&story)
            {
                list.push(story);
            }
        }
    };
    let candidates = |postings: &HashMap<u32, Vec<usize>>, top: &[u32]| -> Vec<usize> {
        let mut c: Vec<usize> = top
            .iter()
            .filter_map(|k| postings.get(k))
            .filter(|list| list.len() <= MAX_STORIES_PER_WORD)
            .flatten()
            .copied()
            .collect();
        c.sort_unstable();
        c.dedup();
        c
    };
    let mut stories: Vec<Open> = Vec::new();
    let mut story_of: Vec<Option<usize>> = vec![None; vectors.len()];
    let tops: Vec<Vec<u32>> = vectors.iter().map(top_words).collect();
    for &i in order {
        let v = &vectors[i];
        let best = candidates(&postings, &tops[i])
            .into_iter()
            .map(|s| (s, stories[s].similarity(v, false)))
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        let story = match best {
            Some((s, sim)) if sim >= threshold => {
                stories[s].members.push(i);
                stories[s].add(v, 1.0);
                s
            }
            _ => {
                stories.push(Open {
                    members: vec![i],
                    centroid: v.clone(),
                    norm_sq: v.values().map(|x| x * x).sum(),
                });
                stories.len() - 1
            }
        };
        story_of[i] = Some(story);
        index(&mut postings, v, story);
    }
    // Refinement, as in a k-means step but with the number of stories the stream found: each
    // article moves to the story whose centroid — its own without itself — is closest, if
    // that one is close enough. Early articles joined stories before the stories had taken
    // shape; this undoes most of the order's effect (ECB+ B-cubed F1 0.869 → 0.884 in random
    // orders, docs/RESULTS.md).
    for _ in 0..grouping.refine_rounds {
        let mut moved = false;
        for &i in order {
            let Some(own) = story_of[i] else { continue };
            let v = &vectors[i];
            let stay = stories[own].similarity(v, true);
            let best = candidates(&postings, &tops[i])
                .into_iter()
                .filter(|&s| s != own && !stories[s].members.is_empty())
                .map(|s| (s, stories[s].similarity(v, false)))
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
            if let Some((to, sim)) = best {
                if sim >= threshold && sim > stay {
                    stories[own].add(v, -1.0);
                    stories[own].members.retain(|&m| m != i);
                    stories[to].add(v, 1.0);
                    stories[to].members.push(i);
                    story_of[i] = Some(to);
                    index(&mut postings, v, to);
                    moved = true;
                }
            }
        }
        if !moved {
            break;
        }
    }
    stories
        .into_iter()
        .filter(|st| !st.members.is_empty())
        .map(|st| Cluster {
            members: st.members,
            centroid: st.centroid,
        })
        .collect()
}

/// Spherical k-means over the story vectors (k-means++ seeding, cosine similarity): the
/// baseline story grouping is scored against. Needs `k` given, which a stream never knows —
/// that is why [`group_stories`] does not use it. Returns each document's cluster.
pub fn kmeans(sv: &StoryVectors, k: usize, seed: u64, iterations: usize) -> Vec<usize> {
    let n = sv.vectors.len();
    let k = k.clamp(1, n.max(1));
    let dims = sv.ids.len();
    let mut rng = rashomon_stance::mlp::Rng::new(seed);
    let mut random = move || (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
    let dot =
        |v: &SparseVector, c: &[f32]| -> f32 { v.iter().map(|(&i, &x)| x * c[i as usize]).sum() };
    let dense = |v: &SparseVector| {
        let mut c = vec![0.0f32; dims];
        for (&i, &x) in v {
            c[i as usize] = x;
        }
        c
    };
    if n == 0 {
        return Vec::new();
    }
    // k-means++: each next seed drawn with probability proportional to its distance
    // (1 − cosine) to the nearest seed so far.
    let mut centroids: Vec<Vec<f32>> = vec![dense(&sv.vectors[(random() * n as f64) as usize % n])];
    let mut nearest: Vec<f32> = sv
        .vectors
        .iter()
        .map(|v| 1.0 - dot(v, &centroids[0]))
        .collect();
    while centroids.len() < k {
        let total: f64 = nearest.iter().map(|&d| d.max(0.0) as f64).sum();
        let mut target = random() * total;
        let mut chosen = n - 1;
        for (i, &d) in nearest.iter().enumerate() {
            target -= d.max(0.0) as f64;
            if target <= 0.0 {
                chosen = i;
                break;
            }
        }
        let c = dense(&sv.vectors[chosen]);
        for (i, v) in sv.vectors.iter().enumerate() {
            nearest[i] = nearest[i].min(1.0 - dot(v, &c));
        }
        centroids.push(c);
    }
    let mut assignment = vec![usize::MAX; n];
    for _ in 0..iterations {
        let mut changed = false;
        for (i, v) in sv.vectors.iter().enumerate() {
            let best = (0..k)
                .max_by(|&a, &b| {
                    dot(v, &centroids[a])
                        .total_cmp(&dot(v, &centroids[b]))
                        .then(b.cmp(&a))
                })
                .unwrap_or(0);
            if assignment[i] != best {
                assignment[i] = best;
                changed = true;
            }
        }
        if !changed {
            break;
        }
        for c in centroids.iter_mut() {
            c.iter_mut().for_each(|x| *x = 0.0);
        }
        for (i, v) in sv.vectors.iter().enumerate() {
            for (&d, &x) in v {
                centroids[assignment[i]][d as usize] += x;
            }
        }
        for c in centroids.iter_mut() {
            let norm = c.iter().map(|x| x * x).sum::<f32>().sqrt();
            if norm > 0.0 {
                c.iter_mut().for_each(|x| *x /= norm);
            }
        }
    }
    assignment
}

#[cfg(test)]
mod tests {
    use super::*;
    use rashomon_model::{Document, Layers, Span};

    fn doc(text: &str) -> AnnotatedDocument {
        let document = Document::from_text("x.txt", None, text.to_string());
        let layers = Layers {
            sentences: vec![Span::new(0, text.len())],
            ..Layers::default()
        };
        AnnotatedDocument { document, layers }
    }

    #[test]
    fn transliterations_share_a_skeleton() {
        let skeleton = |w: &str| {
            let mut out = Vec::new();
            skeleton_into(w, &mut out);
            out
        };
        assert_eq!(skeleton("raqqa"), skeleton("rakka"));
        assert_eq!(skeleton("kamal"), skeleton("kemal"));
        assert_ne!(skeleton("raqqa"), skeleton("palmyra"));
    }

    #[test]
    fn two_stories_apart_and_variants_together() {
        let docs = vec![
            doc("Fighters left Raqqa under a deal with Kurdish forces, the council in Raqqa said."),
            doc("Kurdish forces let the fighters leave Rakka, the council of Rakka confirmed."),
            doc("The Raqqa council said Kurdish forces agreed the fighters could leave."),
            doc("The central bank raised interest rates as inflation in the euro zone climbed."),
            doc("Euro zone inflation climbed again and the central bank raised its rates."),
            doc("Bank economists expect the euro zone rates to climb with inflation."),
        ];
        let order: Vec<usize> = (0..docs.len()).collect();
        let stories = group_stories(&docs, &order, TOPICS);
        let mut groups: Vec<Vec<usize>> = stories.iter().map(|s| s.members.clone()).collect();
        groups.sort();
        assert_eq!(groups, vec![vec![0, 1, 2], vec![3, 4, 5]], "{stories:?}");
        assert!(stories
            .iter()
            .any(|s| s.label.iter().any(|w| w == "raqqa" || w == "rakka")));
        let clusters = kmeans(&StoryVectors::of(&docs), 2, 1, 20);
        assert_eq!(clusters[0], clusters[1]);
        assert_eq!(clusters[1], clusters[2]);
        assert_eq!(clusters[3], clusters[4]);
        assert_ne!(clusters[0], clusters[3]);
    }
}
