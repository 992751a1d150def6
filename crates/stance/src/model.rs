//! A stance model: the feature tables plus the network, and its file format.
//!
//! The file is gzip of: the magic `RSTANCE2`; the feature blocks ([`FeatureSet::bits`], u32)
//! and the dimension of the sentence embeddings they were trained with (u32, 0 for none; the
//! embedder itself is the static table `rashomon-embed` ships, not part of the file); the
//! vocabulary (u32 count, then u16-length-prefixed
//! UTF-8 stems); the IDF table (u32 count, then stem and f32); the unseen-stem IDF (f32); the
//! network's sizes (u32 inputs, hidden, classes); the first layer one input row at a time as an
//! f32 scale and `hidden` signed bytes (weight = byte × scale; quantised so that the shipped
//! model stays small); then `b1`, `w2` and `b2` as f32. All numbers little-endian.

use std::io::{Read, Write};

use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use flate2::Compression;
use rashomon_model::Stance;

use std::sync::Arc;

use rashomon_embed::{Embed, StaticEmbedder};

use crate::features::{FeatureSet, Tables};
use crate::mlp::Mlp;

const MAGIC: &[u8; 8] = b"RSTANCE2";

#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("not a stance model (bad magic or truncated): {0}")]
    Format(String),
    #[error("reading the model: {0}")]
    Io(#[from] std::io::Error),
    #[error("the sentence embedder of the stance model: {0}")]
    Embedder(#[from] rashomon_embed::EmbedError),
}

/// Features plus network: everything needed to classify a (claim, text) pair.
#[derive(Debug, Clone)]
pub struct StanceModel {
    pub tables: Tables,
    pub network: Mlp,
}

/// A stance with the network's probability for each class (agree, disagree, discuss,
/// unrelated).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Judgement {
    pub stance: Stance,
    pub probabilities: [f32; 4],
}

impl StanceModel {
    /// The stance of `text` toward `claim`.
    pub fn judge(&self, claim: &str, text: &str) -> Judgement {
        let claim = self.tables.claim(claim);
        let text = self.tables.text(text);
        self.judge_analysed(&claim, &text)
    }

    /// The stance for a claim and a text analysed beforehand (to compare one text with many
    /// claims, or one claim with many texts, without analysing either again).
    pub fn judge_analysed(
        &self,
        claim: &crate::features::Claim,
        text: &crate::features::Text,
    ) -> Judgement {
        let p = self.network.probabilities(&self.tables.pair(claim, text));
        let mut probabilities = [0.0; 4];
        probabilities.copy_from_slice(&p[..4]);
        let best = (0..4)
            .max_by(|&a, &b| {
                probabilities[a]
                    .total_cmp(&probabilities[b])
                    .then(b.cmp(&a))
            })
            .unwrap_or(3);
        Judgement {
            stance: Stance::ALL[best],
            probabilities,
        }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.tables.features.bits().to_le_bytes());
        out.extend_from_slice(&(self.tables.embedding_dim() as u32).to_le_bytes());
        let put_str = |out: &mut Vec<u8>, s: &str| {
            let b = &s.as_bytes()[..s.len().min(u16::MAX as usize)];
            out.extend_from_slice(&(b.len() as u16).to_le_bytes());
            out.extend_from_slice(b);
        };
        out.extend_from_slice(&(self.tables.vocabulary.len() as u32).to_le_bytes());
        for w in &self.tables.vocabulary {
            put_str(&mut out, w);
        }
        out.extend_from_slice(&(self.tables.idf.len() as u32).to_le_bytes());
        for (w, x) in &self.tables.idf {
            put_str(&mut out, w);
            out.extend_from_slice(&x.to_le_bytes());
        }
        out.extend_from_slice(&self.tables.unseen_idf.to_le_bytes());
        let n = &self.network;
        for size in [n.inputs, n.hidden, n.classes] {
            out.extend_from_slice(&(size as u32).to_le_bytes());
        }
        for row in n.w1.chunks(n.hidden) {
            let max = row.iter().fold(0.0f32, |m, w| m.max(w.abs()));
            let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
            out.extend_from_slice(&scale.to_le_bytes());
            out.extend(
                row.iter()
                    .map(|w| (w / scale).round().clamp(-127.0, 127.0) as i8 as u8),
            );
        }
        for x in n.b1.iter().chain(&n.w2).chain(&n.b2) {
            out.extend_from_slice(&x.to_le_bytes());
        }
        let mut gz = GzEncoder::new(Vec::new(), Compression::best());
        gz.write_all(&out).expect("writing to memory");
        gz.finish().expect("writing to memory")
    }

    /// Reads a model file, with the static embedder `rashomon-embed` bundles (loaded here:
    /// use [`StanceModel::from_bytes_with`] to share one).
    pub fn from_bytes(bytes: &[u8]) -> Result<StanceModel, ModelError> {
        StanceModel::from_bytes_with(bytes, Arc::new(StaticEmbedder::bundled()?))
    }

    /// Reads a model file whose meaning features use `embedder`.
    pub fn from_bytes_with(
        bytes: &[u8],
        embedder: Arc<StaticEmbedder>,
    ) -> Result<StanceModel, ModelError> {
        let mut raw = Vec::new();
        GzDecoder::new(bytes)
            .read_to_end(&mut raw)
            .map_err(|e| ModelError::Format(e.to_string()))?;
        let mut r = Reader { raw: &raw, at: 0 };
        if r.take(8)? != MAGIC {
            return Err(ModelError::Format(
                "bad magic (a model of another version: retrain it with rashomon-lab train stance)"
                    .into(),
            ));
        }
        let features = FeatureSet::from_bits(r.u32()?);
        let dim = r.u32()? as usize;
        if features.embeds() && dim != embedder.dim() {
            return Err(ModelError::Format(format!(
                "trained with {dim}-dimension embeddings, the embedder has {}",
                embedder.dim()
            )));
        }
        let vocabulary = (0..r.u32()?)
            .map(|_| r.string())
            .collect::<Result<_, _>>()?;
        let idf = (0..r.u32()?)
            .map(|_| Ok((r.string()?, r.f32()?)))
            .collect::<Result<_, ModelError>>()?;
        let unseen_idf = r.f32()?;
        let tables = Tables::new(vocabulary, idf, unseen_idf, features, embedder);
        let (inputs, hidden, classes) = (r.u32()? as usize, r.u32()? as usize, r.u32()? as usize);
        if inputs != tables.input_size() || classes != 4 || hidden == 0 {
            return Err(ModelError::Format(format!(
                "network of {inputs}×{hidden}×{classes} does not fit {} features and 4 stances",
                tables.input_size()
            )));
        }
        let mut w1 = Vec::with_capacity(inputs * hidden);
        for _ in 0..inputs {
            let scale = r.f32()?;
            w1.extend(r.take(hidden)?.iter().map(|&b| b as i8 as f32 * scale));
        }
        let mut floats = |n: usize| (0..n).map(|_| r.f32()).collect::<Result<Vec<f32>, _>>();
        let b1 = floats(hidden)?;
        let w2 = floats(hidden * classes)?;
        let b2 = floats(classes)?;
        Ok(StanceModel {
            tables,
            network: Mlp {
                inputs,
                hidden,
                classes,
                w1,
                b1,
                w2,
                b2,
            },
        })
    }
}

struct Reader<'a> {
    raw: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self.at + n;
        if end > self.raw.len() {
            return Err(ModelError::Format(format!("truncated at byte {}", self.at)));
        }
        let s = &self.raw[self.at..end];
        self.at = end;
        Ok(s)
    }

    fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }

    fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }

    fn string(&mut self) -> Result<String, ModelError> {
        let n = u16::from_le_bytes(self.take(2)?.try_into().expect("2 bytes")) as usize;
        String::from_utf8(self.take(n)?.to_vec())
            .map_err(|_| ModelError::Format("a stem is not UTF-8".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::train::{train, LabelledPair, StanceTrainOptions};

    #[test]
    fn a_model_file_reads_back_with_its_feature_blocks() {
        let texts = [
            "The ministry said the Kurds agreed a corridor with the fighters.",
            "The Kurdish forces denied it was a deal; the story is a hoax.",
            "The central bank raised rates on Tuesday.",
        ];
        let pair = |claim: &str, text, stance| LabelledPair {
            claim: claim.to_string(),
            text,
            stance,
        };
        let pairs = [
            pair("Kurds agreed a corridor", 0, Stance::Agree),
            pair("Kurds agreed a corridor", 1, Stance::Disagree),
            pair("Kurds agreed a corridor", 2, Stance::Unrelated),
        ];
        let mut options = StanceTrainOptions::default();
        options.network.epochs = 3;
        options.network.hidden = 8;
        let embedder = Arc::new(StaticEmbedder::bundled().unwrap());
        let model = train(&texts, &pairs, &options, embedder.clone(), |_, _| {});
        let bytes = model.to_bytes();
        let back = StanceModel::from_bytes_with(&bytes, embedder).unwrap();
        assert_eq!(back.tables.features, options.features);
        assert_eq!(back.tables.input_size(), model.tables.input_size());
        let (a, b) = (
            model.judge("Kurds agreed a corridor", texts[1]),
            back.judge("Kurds agreed a corridor", texts[1]),
        );
        for (x, y) in a.probabilities.iter().zip(&b.probabilities) {
            assert!(
                (x - y).abs() < 0.02,
                "{a:?} vs {b:?} (quantised first layer)"
            );
        }
        let mut old = bytes.clone();
        old.truncate(10);
        assert!(StanceModel::from_bytes(&old).is_err());
    }

    #[test]
    fn the_shipped_model_loads() {
        let model = StanceModel::shipped();
        assert_eq!(model.tables.features, FeatureSet::default());
        let j = model.judge(
            "Kurds agreed a corridor with the fighters",
            "The central bank raised its main rate by half a point.",
        );
        assert_eq!(j.stance, Stance::Unrelated, "{j:?}");
    }
}
