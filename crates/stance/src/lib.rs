//! Stance: what a text does with a claim — states it (agree), refutes it (disagree), reports it
//! without taking a side (discuss), or is about something else (unrelated) — in the FNC-1
//! scheme.
//!
//! A [`StanceModel`] is a vocabulary plus a small neural network over features of the pair
//! ([`features`]); `rashomon train stance` fits one on FNC-1 in under a minute on two CPU cores
//! ([`train`]), and the shipped one (trained on all of FNC-1's public training data) is
//! loaded by [`shipped`].

pub mod features;
pub mod mlp;
pub mod model;
pub mod train;
pub mod words;

pub use model::{Judgement, ModelError, StanceModel};
pub use rashomon_model::Stance;

use std::sync::OnceLock;

/// The shipped model: trained by `rashomon train stance` on all of FNC-1's public training
/// pairs (its train and dev parts).
static SHIPPED: &[u8] = include_bytes!("../data/stance.model.gz");

/// The shipped model, loaded once.
pub fn shipped() -> &'static StanceModel {
    static MODEL: OnceLock<StanceModel> = OnceLock::new();
    MODEL.get_or_init(|| StanceModel::from_bytes(SHIPPED).expect("the shipped stance model loads"))
}
