//! Stance: what a text does with a claim — states it (agree), refutes it (disagree), reports it
//! without taking a side (discuss), or is about something else (unrelated) — in the FNC-1
//! scheme.
//!
//! A [`StanceModel`] is a vocabulary, a sentence embedder (the static table distilled from
//! e5 that `rashomon-embed` ships: the meaning signal) and a small neural network over
//! features of the pair ([`features`]); `rashomon-lab train stance` fits one on FNC-1 in under
//! a minute on two CPU cores ([`train`]), and the shipped one is loaded by
//! [`StanceModel::shipped`]. Its figures, on claims never seen in training (FNC-1's
//! dev-novel), are in `docs/RESULTS.md, "Stance with the meaning signal"`.

pub mod features;
pub mod mlp;
pub mod model;
pub mod train;
pub mod words;

pub use features::FeatureSet;
pub use model::{Judgement, ModelError, StanceModel};
pub use rashomon_embed::StaticEmbedder;
pub use rashomon_model::Stance;

/// The shipped model: trained by `rashomon-lab train stance --fnc1 … --emergent …` on all of
/// FNC-1's public training pairs (its train and dev parts) and the Emergent pairs of the
/// claims they hold.
static SHIPPED: &[u8] = include_bytes!("../data/stance.model.gz");

impl StanceModel {
    /// The shipped model, parsed afresh, with the bundled static embedder: load it once at the
    /// edge and pass it on.
    pub fn shipped() -> StanceModel {
        StanceModel::from_bytes(SHIPPED).expect("the shipped stance model loads")
    }

    /// The shipped model over an embedder loaded already (the bundled static table).
    pub fn shipped_with(embedder: std::sync::Arc<rashomon_embed::StaticEmbedder>) -> StanceModel {
        StanceModel::from_bytes_with(SHIPPED, embedder).expect("the shipped stance model loads")
    }
}
