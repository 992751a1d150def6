//! `rashomon-lab eval stories`: story grouping scored on ECB+ sub-topics, beside a TF-IDF k-means
//! baseline that is told the number of stories.

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};
use rashomon_eval::clustering::{self, ClusteringScores};
use rashomon_eval::ecbplus;
use rashomon_linking::stories::{group_vectors, kmeans, Grouping, StoryVectors};
use rashomon_model::{AnnotatedDocument, Document};
use rayon::prelude::*;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct StoriesReport {
    pub documents: usize,
    pub gold_stories: usize,
    /// Our streaming grouping, documents in file order (topic, then part, then number).
    pub ours: ClusteringScores,
    /// The same, documents in random orders (mean over `kmeans_seeds` shuffles): a stream
    /// does not arrive sorted by story.
    pub ours_shuffled: MeanScores,
    pub threshold: f32,
    pub refine_rounds: usize,
    /// Spherical k-means on the same vectors with k = the gold number of stories; mean over
    /// `kmeans_seeds` seeds.
    pub kmeans_baseline: MeanScores,
    pub kmeans_seeds: usize,
    /// Gold topics as clusters (both sub-topics merged): what a grouping that finds the
    /// topic but cannot split it scores.
    pub topics_as_stories: ClusteringScores,
    pub seconds: f64,
}

#[derive(Debug, Serialize)]
pub struct MeanScores {
    pub bcubed_f1: f64,
    pub pairwise_f1: f64,
    pub ari: f64,
}

/// ECB+ documents, annotated as ingest annotates them.
pub fn load_ecbplus(
    path: &Path,
    topics: &[u32],
) -> Result<(Vec<AnnotatedDocument>, Vec<ecbplus::EcbDocument>)> {
    let mut ecb =
        ecbplus::read(path).with_context(|| format!("reading ECB+ from {}", path.display()))?;
    if !topics.is_empty() {
        ecb.retain(|e| topics.contains(&e.topic));
        if ecb.is_empty() {
            anyhow::bail!("{}: no documents in topics {topics:?}", path.display());
        }
    }
    // Annotated exactly as ingest annotates a plain-text article (places and speakers
    // included, which the story vectors use).
    let docs = ecb
        .par_iter()
        .map(|e| {
            let document = Document::from_text(&e.name, None, e.text.clone());
            rashomon_ingest::build::finish(document, Vec::new(), Default::default())
                .map(|built| built.doc)
                .map_err(|r| anyhow::anyhow!("{}: {}", e.name, r.reason))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok((docs, ecb))
}

fn labels_of<'a>(keys: impl Iterator<Item = String> + 'a) -> Vec<usize> {
    let mut ids: HashMap<String, usize> = HashMap::new();
    keys.map(|k| {
        let next = ids.len();
        *ids.entry(k).or_insert(next)
    })
    .collect()
}

pub fn evaluate(
    path: &Path,
    topics: &[u32],
    grouping: Grouping,
    seeds: usize,
) -> Result<StoriesReport> {
    let started = Instant::now();
    let (docs, ecb) = load_ecbplus(path, topics)?;
    let gold = labels_of(ecb.iter().map(|e| e.subtopic()));
    let topics = labels_of(ecb.iter().map(|e| e.topic.to_string()));
    let gold_stories = gold.iter().max().map_or(0, |m| m + 1);
    let vectors = StoryVectors::of(&docs);
    let order: Vec<usize> = (0..docs.len()).collect();
    // Each document's story, for the scorer.
    let grouped = |order: &[usize]| {
        let mut labels = vec![0; docs.len()];
        for (s, story) in group_vectors(&vectors, order, grouping).iter().enumerate() {
            for &m in &story.members {
                labels[m] = s;
            }
        }
        labels
    };
    let ours = grouped(&order);
    let shuffled: Vec<ClusteringScores> = (0..seeds.max(1))
        .into_par_iter()
        .map(|seed| {
            let mut order = order.clone();
            let mut rng = rashomon_stance::mlp::Rng::new(seed as u64);
            rng.shuffle(&mut order);
            clustering::score(&gold, &grouped(&order))
        })
        .collect();
    let runs: Vec<ClusteringScores> = (0..seeds.max(1))
        .into_par_iter()
        .map(|seed| clustering::score(&gold, &kmeans(&vectors, gold_stories, seed as u64, 50)))
        .collect();
    let mean = |runs: &[ClusteringScores]| {
        let avg = |f: &dyn Fn(&ClusteringScores) -> f64| {
            runs.iter().map(f).sum::<f64>() / runs.len() as f64
        };
        MeanScores {
            bcubed_f1: avg(&|s| s.bcubed.f1),
            pairwise_f1: avg(&|s| s.pairwise.f1),
            ari: avg(&|s| s.ari),
        }
    };
    Ok(StoriesReport {
        documents: docs.len(),
        gold_stories,
        ours: clustering::score(&gold, &ours),
        threshold: grouping.threshold,
        refine_rounds: grouping.refine_rounds,
        ours_shuffled: mean(&shuffled),
        kmeans_baseline: mean(&runs),
        kmeans_seeds: runs.len(),
        topics_as_stories: clustering::score(&gold, &topics),
        seconds: started.elapsed().as_secs_f64(),
    })
}
