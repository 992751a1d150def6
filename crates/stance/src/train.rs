//! Training a stance model from labelled (claim, text) pairs, such as FNC-1's headline/body
//! pairs.

use std::collections::HashMap;
use std::sync::Arc;

use rashomon_embed::StaticEmbedder;

use rashomon_model::Stance;
use rayon::prelude::*;

use crate::features::{Claim, FeatureSet, Tables, Text};
use crate::mlp::{self, TrainOptions};
use crate::model::{Judgement, StanceModel};

/// One labelled pair: a claim and the index of the text it is judged against.
#[derive(Debug, Clone)]
pub struct LabelledPair {
    pub claim: String,
    pub text: usize,
    pub stance: Stance,
}

#[derive(Debug, Clone)]
pub struct StanceTrainOptions {
    /// Stems in the vocabulary of the term-frequency blocks.
    pub vocabulary: usize,
    /// The blocks of the classifier's input.
    pub features: FeatureSet,
    pub network: TrainOptions,
}

impl Default for StanceTrainOptions {
    fn default() -> StanceTrainOptions {
        StanceTrainOptions {
            vocabulary: 5000,
            features: FeatureSet::default(),
            network: TrainOptions::default(),
        }
    }
}

/// Claims and texts analysed once each, in parallel.
fn analyse<'a>(
    tables: &Tables,
    texts: &[&'a str],
    claims: impl Iterator<Item = &'a str>,
) -> (Vec<Text>, HashMap<&'a str, Claim>) {
    let analysed_texts: Vec<Text> = texts.par_iter().map(|t| tables.text(t)).collect();
    let mut unique: Vec<&str> = claims.collect();
    unique.sort_unstable();
    unique.dedup();
    let analysed_claims = unique
        .par_iter()
        .map(|c| (*c, tables.claim(c)))
        .collect::<Vec<_>>()
        .into_iter()
        .collect();
    (analysed_texts, analysed_claims)
}

/// Trains a model on `pairs` over `texts`, its meaning features from `embedder`.
/// `on_epoch(epoch, loss)` reports progress.
pub fn train(
    texts: &[&str],
    pairs: &[LabelledPair],
    options: &StanceTrainOptions,
    embedder: Arc<StaticEmbedder>,
    on_epoch: impl FnMut(usize, f32),
) -> StanceModel {
    let mut used = vec![false; texts.len()];
    for p in pairs {
        used[p.text] = true;
    }
    let mut claims: Vec<&str> = pairs.iter().map(|p| p.claim.as_str()).collect();
    claims.sort_unstable();
    claims.dedup();
    let learn_from = texts
        .iter()
        .zip(&used)
        .filter(|(_, &u)| u)
        .map(|(t, _)| *t)
        .chain(claims.iter().copied());
    let tables = Tables::learn(learn_from, options.vocabulary, options.features, embedder);
    let (analysed_texts, analysed_claims) =
        analyse(&tables, texts, pairs.iter().map(|p| p.claim.as_str()));
    let examples: Vec<(Vec<(u32, f32)>, usize)> = pairs
        .par_iter()
        .map(|p| {
            let claim = &analysed_claims[p.claim.as_str()];
            (
                tables.pair(claim, &analysed_texts[p.text]),
                p.stance.index(),
            )
        })
        .collect();
    let network = mlp::train(
        &examples,
        tables.input_size(),
        4,
        &options.network,
        on_epoch,
    );
    StanceModel { tables, network }
}

/// Judges many (claim, text index) pairs in parallel.
pub fn judge_all(model: &StanceModel, texts: &[&str], pairs: &[(&str, usize)]) -> Vec<Judgement> {
    let (analysed_texts, analysed_claims) =
        analyse(&model.tables, texts, pairs.iter().map(|p| p.0));
    pairs
        .par_iter()
        .map(|&(c, t)| model.judge_analysed(&analysed_claims[c], &analysed_texts[t]))
        .collect()
}
