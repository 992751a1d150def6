//! Story grouping: which articles of a mixed pile are about the same story.
//!
//! Streaming and order-independent enough for a pile of news: articles are taken in order of
//! publication, and each joins the story whose word profile it is closest to (TF-IDF cosine
//! against the story's centroid) or, when none is close enough, opens a new one. Rare words —
//! names of people, places and groups — weigh most, which is what tells two stories apart.
//! A first version for the timeline; issue 6 scores and refines it on ECB+.

use std::collections::HashMap;

use rashomon_model::AnnotatedDocument;
use serde::Serialize;

/// Similarity to a story's centroid needed to join it.
pub const DEFAULT_STORY_THRESHOLD: f32 = 0.12;

#[derive(Debug, Clone, Serialize)]
pub struct Story {
    /// Indexes of the member documents, in the order they joined.
    pub members: Vec<usize>,
    /// The words that weigh most in the story, to tell it apart.
    pub label: Vec<String>,
}

/// Lower-cased words of 3+ letters, no digits-only words, no common function words, each
/// reduced to its consonant skeleton so that transliterations meet ("Raqqa", "Rakka" and
/// "raqqa" are one key, as are "Kamal" and "Kemal").
fn words(text: &str) -> impl Iterator<Item = (String, String)> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3 && !w.chars().all(|c| c.is_ascii_digit()))
        .map(|w| w.to_lowercase())
        .filter(|w| !COMMON.contains(&w.as_str()))
        .map(|w| (skeleton(&w), w))
}

/// The first letter, then the consonants with q and c as k and doubled letters once; words
/// with non-ASCII letters are kept whole.
fn skeleton(word: &str) -> String {
    if !word.is_ascii() {
        return word.to_string();
    }
    let mut out = String::with_capacity(word.len());
    for (i, b) in word.bytes().enumerate() {
        let c = match b {
            b'q' | b'c' => b'k',
            b => b,
        };
        if i > 0 && matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y') {
            continue;
        }
        if out.as_bytes().last() == Some(&c) {
            continue;
        }
        out.push(c as char);
    }
    out
}

const COMMON: &[&str] = &[
    "the", "and", "for", "that", "with", "was", "were", "has", "have", "had", "said", "says",
    "from", "this", "are", "but", "not", "his", "her", "its", "they", "their", "which", "who",
    "will", "would", "been", "after", "also", "about", "more", "than", "into", "over", "one",
    "two", "new", "year", "years", "when", "there", "what", "all", "out", "can", "could", "some",
    "other", "our", "any", "may", "she", "him", "them", "those", "these", "such", "being",
];

/// Groups `docs` into stories. `order` gives the order in which documents join (publication
/// order, say); documents not in it are not grouped.
pub fn group_stories(docs: &[AnnotatedDocument], order: &[usize], threshold: f32) -> Vec<Story> {
    // Document frequencies over the pile.
    let mut ids: HashMap<String, u32> = HashMap::new();
    // How often each word is seen, to name a story's keys by their commonest word.
    let mut word_counts: HashMap<String, u32> = HashMap::new();
    let mut df: Vec<u32> = Vec::new();
    let mut tfs: Vec<HashMap<u32, f32>> = Vec::with_capacity(docs.len());
    for d in docs {
        let mut tf: HashMap<u32, f32> = HashMap::new();
        let text = &d.document.text;
        let spans = d.layers.title.iter().chain(d.layers.sentences.iter());
        for span in spans {
            for (key, word) in words(&text[span.range()]) {
                let id = match ids.get(&key) {
                    Some(&id) => id,
                    None => {
                        let id = ids.len() as u32;
                        ids.insert(key, id);
                        df.push(0);
                        id
                    }
                };
                *word_counts.entry(word).or_insert(0) += 1;
                *tf.entry(id).or_insert(0.0) += 1.0;
            }
        }
        for &id in tf.keys() {
            df[id as usize] += 1;
        }
        tfs.push(tf);
    }
    let n = docs.len().max(1) as f32;
    let vectors: Vec<HashMap<u32, f32>> = tfs
        .into_iter()
        .map(|tf| {
            let mut v: HashMap<u32, f32> = tf
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

    struct Open {
        members: Vec<usize>,
        centroid: HashMap<u32, f32>,
        norm_sq: f32,
    }
    // Which stories hold each word: an article is only compared with the stories that hold
    // one of its own weightiest words, not with every story so far.
    const INDEXED_WORDS: usize = 20;
    let top_words = |v: &HashMap<u32, f32>| -> Vec<u32> {
        let mut w: Vec<(u32, f32)> = v.iter().map(|(&k, &x)| (k, x)).collect();
        w.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        w.into_iter().take(INDEXED_WORDS).map(|(k, _)| k).collect()
    };
    let mut postings: HashMap<u32, Vec<usize>> = HashMap::new();
    let mut stories: Vec<Open> = Vec::new();
    for &i in order {
        let v = &vectors[i];
        let top = top_words(v);
        let mut candidates: Vec<usize> = top
            .iter()
            .filter_map(|k| postings.get(k))
            .flatten()
            .copied()
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let best = candidates
            .iter()
            .map(|&s| {
                let st = &stories[s];
                let dot: f32 = v
                    .iter()
                    .map(|(k, x)| x * st.centroid.get(k).copied().unwrap_or(0.0))
                    .sum();
                (
                    s,
                    if st.norm_sq > 0.0 {
                        dot / st.norm_sq.sqrt()
                    } else {
                        0.0
                    },
                )
            })
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        let story = match best {
            Some((s, sim)) if sim >= threshold => {
                let st = &mut stories[s];
                st.members.push(i);
                for (&k, &x) in v {
                    let c = st.centroid.entry(k).or_insert(0.0);
                    st.norm_sq += (*c + x) * (*c + x) - *c * *c;
                    *c += x;
                }
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
        for &k in v.keys() {
            let list = postings.entry(k).or_default();
            if list.last() != Some(&story) && !list.contains(&story) {
                list.push(story);
            }
        }
    }
    let mut surface: Vec<(u32, &str)> = vec![(0, ""); ids.len()];
    for (word, &n) in &word_counts {
        if let Some(&id) = ids.get(&skeleton(word)) {
            let best = &mut surface[id as usize];
            if n > best.0 || (n == best.0 && word.as_str() < best.1) {
                *best = (n, word);
            }
        }
    }
    stories
        .into_iter()
        .map(|st| {
            let mut top: Vec<(u32, f32)> = st.centroid.into_iter().collect();
            top.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            Story {
                members: st.members,
                label: top
                    .iter()
                    .take(4)
                    .map(|(id, _)| surface[*id as usize].1.to_string())
                    .collect(),
            }
        })
        .collect()
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
        let stories = group_stories(&docs, &order, DEFAULT_STORY_THRESHOLD);
        let mut groups: Vec<Vec<usize>> = stories.iter().map(|s| s.members.clone()).collect();
        groups.sort();
        assert_eq!(groups, vec![vec![0, 1, 2], vec![3, 4, 5]], "{stories:?}");
        assert!(stories
            .iter()
            .any(|s| s.label.iter().any(|w| w == "raqqa" || w == "rakka")));
    }
}
