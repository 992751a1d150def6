//! Stance: what a text does with a claim — states it (agree), refutes it (disagree), reports it
//! without taking a side (discuss), or is about something else (unrelated) — in the FNC-1
//! scheme.
//!
//! A [`StanceModel`] is a vocabulary plus a small neural network over features of the pair
//! ([`features`]); `rashomon-lab train stance` fits one on FNC-1 in under a minute on two CPU cores
//! ([`train`]), and the shipped one (trained on all of FNC-1's public training data) is
//! loaded by [`StanceModel::shipped`].

pub mod features;
pub mod mlp;
pub mod model;
pub mod train;
pub mod words;

pub use model::{Judgement, ModelError, StanceModel};
pub use rashomon_model::Stance;

/// The shipped model: trained by `rashomon-lab train stance` on all of FNC-1's public
/// training pairs (its train and dev parts).
static SHIPPED: &[u8] = include_bytes!("../data/stance.model.gz");

impl StanceModel {
    /// The shipped model, parsed afresh: load it once at the edge and pass it on.
    pub fn shipped() -> StanceModel {
        StanceModel::from_bytes(SHIPPED).expect("the shipped stance model loads")
    }
}
