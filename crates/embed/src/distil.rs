//! Distilling e5 into a [`StaticTable`] (Model2Vec's recipe, adapted):
//!
//! 1. choose the pieces: those of the scripts rashomon's piles are written in (Latin,
//!    Cyrillic, Arabic, plus digits, punctuation and symbols), every single character of
//!    them, then the rest by unigram score (log-probability: the most frequent first);
//! 2. embed each piece alone through e5 ([`raw`]: the piece's text with the `query: `
//!    prefix, as the e5 backend embeds sentences), keeping the 384-d vectors;
//! 3. [`build`]: keep the first `vocab` pieces, centre them and project them on their
//!    first `dim` principal components (this also removes what every piece's embedding
//!    shares: the prefix, `<s>` and `</s>`), weight each by SIF, `a / (a + p)` with `p`
//!    the piece's unigram probability (frequent pieces like "▁the" count little), and
//!    quantise each row to int8 with the weight folded into its scale.

use rustc_hash::FxHashMap;

use crate::table::StaticTable;
use crate::vocab::{Vocab, META};
use crate::{Embed, EmbedError};

/// Pieces and their full-size e5 vectors, in selection order.
#[derive(Debug, Clone, PartialEq)]
pub struct RawTable {
    pub pieces: Vec<String>,
    pub scores: Vec<f32>,
    pub norm: Vec<(u32, Vec<u32>)>,
    pub dim: usize,
    pub vectors: Vec<f32>,
}

/// Is `c` in a script the static table covers?
pub fn kept_char(c: char) -> bool {
    if c == META || !c.is_alphabetic() {
        return true; // digits, punctuation, symbols, marks
    }
    matches!(c as u32,
        0x0041..=0x024F      // Basic Latin … Latin Extended-B
        | 0x1E00..=0x1EFF    // Latin Extended Additional
        | 0x0400..=0x052F    // Cyrillic + Supplement
        | 0x0600..=0x06FF    // Arabic
        | 0x0750..=0x077F    // Arabic Supplement
        | 0xFB50..=0xFDFF    // Arabic Presentation Forms-A
        | 0xFE70..=0xFEFF    // Arabic Presentation Forms-B
    )
}

/// The pieces to distil, in order: single characters first; then the pieces that carry the
/// words of the languages in `weights` (`weights[l][id]`: how much of language `l`'s word
/// frequency falls on piece `id`), the languages taking turns (a piece's place is its best
/// rank in any language), so each language gets its share whatever its script's size; then
/// the rest by unigram score. XLM-R's scores alone are a poor guide: they rank the pieces of
/// ~100 languages together, so "▁Tuesday" is 48,373rd among the Latin pieces and
/// "▁правительство" 17,824th among the Cyrillic ones. Specials and pieces of other scripts are
/// left out. Returns ids into `vocab`.
pub fn select(vocab: &Vocab, max: usize, weights: &[Vec<f32>]) -> Vec<u32> {
    let special = [vocab.bos, vocab.eos, vocab.unk];
    let mut ids: Vec<u32> = (0..vocab.len() as u32)
        .filter(|i| !special.contains(i))
        .filter(|&i| {
            let p = &vocab.pieces[i as usize];
            !p.is_empty()
                && !matches!(p.as_str(), "<s>" | "</s>" | "<pad>" | "<unk>" | "<mask>")
                && p.chars().all(kept_char)
        })
        .collect();
    // Best rank of each piece over the languages (u32::MAX: no language uses it).
    let mut best = vec![u32::MAX; vocab.len()];
    for w in weights {
        let mut used: Vec<u32> = ids
            .iter()
            .copied()
            .filter(|&i| w.get(i as usize).is_some_and(|&x| x > 0.0))
            .collect();
        used.sort_by(|&a, &b| w[b as usize].total_cmp(&w[a as usize]).then(a.cmp(&b)));
        for (rank, i) in used.into_iter().enumerate() {
            let b = &mut best[i as usize];
            *b = (*b).min(rank as u32);
        }
    }
    let single = |i: u32| {
        vocab.pieces[i as usize]
            .trim_start_matches(META)
            .chars()
            .count()
            <= 1
    };
    ids.sort_by(|&a, &b| {
        single(b)
            .cmp(&single(a))
            .then(best[a as usize].cmp(&best[b as usize]))
            .then(vocab.scores[b as usize].total_cmp(&vocab.scores[a as usize]))
            .then(a.cmp(&b))
    });
    ids.truncate(max);
    ids
}

/// The text that stands for a piece when it is embedded alone: `▁` as a space, trimmed.
pub fn piece_text(piece: &str) -> String {
    let t = piece.replace(META, " ");
    let t = t.trim();
    if t.is_empty() {
        piece.to_string()
    } else {
        t.to_string()
    }
}

/// Embeds the chosen pieces through `e5`, `batch` at a time, calling `progress(done)`;
/// pieces found in `reuse` (an earlier raw table of the same model) are copied from it.
pub fn raw(
    e5: &dyn Embed,
    vocab: &Vocab,
    ids: &[u32],
    reuse: Option<&RawTable>,
    batch: usize,
    mut progress: impl FnMut(usize),
) -> Result<RawTable, EmbedError> {
    let dim = e5.dim();
    let known: FxHashMap<&str, usize> = reuse
        .filter(|r| r.dim == dim)
        .map(|r| {
            r.pieces
                .iter()
                .enumerate()
                .map(|(i, p)| (p.as_str(), i))
                .collect()
        })
        .unwrap_or_default();
    let mut vectors = vec![0f32; ids.len() * dim];
    let todo: Vec<usize> = (0..ids.len())
        .filter(
            |&k| match known.get(vocab.pieces[ids[k] as usize].as_str()) {
                Some(&i) => {
                    let r = reuse.expect("known pieces come from it");
                    vectors[k * dim..(k + 1) * dim]
                        .copy_from_slice(&r.vectors[i * dim..(i + 1) * dim]);
                    false
                }
                None => true,
            },
        )
        .collect();
    let mut done = 0;
    for chunk in todo.chunks(batch.max(1)) {
        let texts: Vec<String> = chunk
            .iter()
            .map(|&k| piece_text(&vocab.pieces[ids[k] as usize]))
            .collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let e = e5.embed(&refs)?;
        for (row, &k) in e.rows().zip(chunk) {
            vectors[k * dim..(k + 1) * dim].copy_from_slice(row);
        }
        done += chunk.len();
        progress(done);
    }
    Ok(RawTable {
        pieces: ids
            .iter()
            .map(|&i| vocab.pieces[i as usize].clone())
            .collect(),
        scores: ids.iter().map(|&i| vocab.scores[i as usize]).collect(),
        norm: vocab.norm.clone(),
        dim,
        vectors,
    })
}

impl RawTable {
    /// Plain little-endian dump (a scratch file, not shipped): `n`, `dim`, then per piece
    /// its length, bytes, score and vector; the normalisation map last.
    pub fn write(&self, w: &mut impl std::io::Write) -> std::io::Result<()> {
        w.write_all(&(self.pieces.len() as u32).to_le_bytes())?;
        w.write_all(&(self.dim as u32).to_le_bytes())?;
        for (i, p) in self.pieces.iter().enumerate() {
            w.write_all(&[p.len() as u8])?;
            w.write_all(p.as_bytes())?;
            w.write_all(&self.scores[i].to_le_bytes())?;
            for f in &self.vectors[i * self.dim..(i + 1) * self.dim] {
                w.write_all(&f.to_le_bytes())?;
            }
        }
        w.write_all(&(self.norm.len() as u32).to_le_bytes())?;
        for (cp, out) in &self.norm {
            w.write_all(&cp.to_le_bytes())?;
            w.write_all(&[out.len() as u8])?;
            for o in out {
                w.write_all(&o.to_le_bytes())?;
            }
        }
        Ok(())
    }

    pub fn read(r: &mut impl std::io::Read) -> std::io::Result<RawTable> {
        fn u32_(r: &mut impl std::io::Read) -> std::io::Result<u32> {
            let mut b = [0u8; 4];
            r.read_exact(&mut b)?;
            Ok(u32::from_le_bytes(b))
        }
        let n = u32_(r)? as usize;
        let dim = u32_(r)? as usize;
        let (mut pieces, mut scores, mut vectors) = (
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n * dim),
        );
        for _ in 0..n {
            let mut len = [0u8; 1];
            r.read_exact(&mut len)?;
            let mut b = vec![0u8; len[0].into()];
            r.read_exact(&mut b)?;
            pieces.push(String::from_utf8_lossy(&b).into_owned());
            scores.push(f32::from_bits(u32_(r)?));
            for _ in 0..dim {
                vectors.push(f32::from_bits(u32_(r)?));
            }
        }
        let n_norm = u32_(r)? as usize;
        let mut norm = Vec::with_capacity(n_norm);
        for _ in 0..n_norm {
            let cp = u32_(r)?;
            let mut k = [0u8; 1];
            r.read_exact(&mut k)?;
            let out = (0..k[0]).map(|_| u32_(r)).collect::<Result<_, _>>()?;
            norm.push((cp, out));
        }
        Ok(RawTable {
            pieces,
            scores,
            norm,
            dim,
            vectors,
        })
    }
}

/// Settings of [`build`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BuildOptions {
    /// Pieces kept (the first ones of the raw table).
    pub vocab: usize,
    /// Output dimension (principal components); the raw dimension keeps all, rotated.
    pub dim: usize,
    /// SIF constant `a` of the weight `a / (a + p)`; `None`: every piece weighs 1.
    pub sif: Option<f32>,
    /// Leading principal components left out (what most pieces share).
    pub skip: usize,
}

/// Principal axes of the first `n` raw vectors.
#[derive(Debug, Clone)]
pub struct Pca {
    pub n: usize,
    pub mean: Vec<f64>,
    /// Unit axes, largest variance first (`raw.dim` of them).
    pub axes: Vec<Vec<f64>>,
    /// Their variances.
    pub variances: Vec<f64>,
}

impl Pca {
    pub fn fit(raw: &RawTable, n: usize) -> Pca {
        let n = n.min(raw.pieces.len());
        let d0 = raw.dim;
        let x = &raw.vectors[..n * d0];
        let mut mean = vec![0f64; d0];
        for row in x.chunks_exact(d0) {
            for (m, &v) in mean.iter_mut().zip(row) {
                *m += f64::from(v);
            }
        }
        mean.iter_mut().for_each(|m| *m /= n.max(1) as f64);
        let mut cov = vec![0f64; d0 * d0];
        let mut c = vec![0f64; d0];
        for row in x.chunks_exact(d0) {
            for k in 0..d0 {
                c[k] = f64::from(row[k]) - mean[k];
            }
            for a in 0..d0 {
                let ca = c[a];
                let r = &mut cov[a * d0..(a + 1) * d0];
                for b in a..d0 {
                    r[b] += ca * c[b];
                }
            }
        }
        for a in 0..d0 {
            for b in 0..a {
                cov[a * d0 + b] = cov[b * d0 + a];
            }
        }
        let (vals, vecs) = symmetric_eigen(&mut cov, d0);
        let mut order: Vec<usize> = (0..d0).collect();
        order.sort_by(|&a, &b| vals[b].total_cmp(&vals[a]));
        Pca {
            n,
            mean,
            axes: order
                .iter()
                .map(|&k| (0..d0).map(|r| vecs[r * d0 + k]).collect())
                .collect(),
            variances: order.iter().map(|&k| vals[k] / n.max(1) as f64).collect(),
        }
    }
}

/// PCA, weighting and quantisation of the first `opts.vocab` raw vectors.
pub fn build(raw: &RawTable, opts: &BuildOptions, note: &str) -> StaticTable {
    build_with(raw, &Pca::fit(raw, opts.vocab), opts, note)
}

/// [`build`] with the PCA already fitted (on the same `vocab` pieces): sweeps over `dim`
/// and `sif` fit it once.
pub fn build_with(raw: &RawTable, pca: &Pca, opts: &BuildOptions, note: &str) -> StaticTable {
    let n = pca.n;
    let d0 = raw.dim;
    let skip = opts.skip.min(d0 - 1);
    let d = opts.dim.clamp(1, d0 - skip);
    let x = &raw.vectors[..n * d0];
    let comps = &pca.axes[skip..skip + d];
    let mean = &pca.mean;
    let mut codes = Vec::with_capacity(n * d);
    let mut scales = Vec::with_capacity(n);
    let mut proj = vec![0f32; d];
    for (i, row) in x.chunks_exact(d0).enumerate() {
        for (k, comp) in comps.iter().enumerate() {
            proj[k] = comp
                .iter()
                .zip(row)
                .zip(mean)
                .map(|((w, &v), m)| w * (f64::from(v) - m))
                .sum::<f64>() as f32;
        }
        let weight = match opts.sif {
            Some(a) => {
                let p = raw.scores[i].exp();
                a / (a + p)
            }
            None => 1.0,
        };
        let max = proj.iter().fold(0f32, |m, v| m.max(v.abs()));
        let step = if max > 0.0 { max / 127.0 } else { 1.0 };
        codes.extend(
            proj.iter()
                .map(|v| (v / step).round().clamp(-127.0, 127.0) as i8),
        );
        scales.push(step * weight);
    }
    StaticTable {
        pieces: raw.pieces[..n].to_vec(),
        scores: raw.scores[..n].to_vec(),
        norm: raw.norm.clone(),
        dim: d,
        scales,
        codes,
        note: note.to_string(),
    }
}

/// Eigenvalues and eigenvectors (columns of the returned row-major matrix) of the symmetric
/// `n × n` matrix `a` (destroyed), by cyclic Jacobi rotations.
pub fn symmetric_eigen(a: &mut [f64], n: usize) -> (Vec<f64>, Vec<f64>) {
    let mut v = vec![0f64; n * n];
    for i in 0..n {
        v[i * n + i] = 1.0;
    }
    let norm: f64 = a.iter().map(|x| x * x).sum::<f64>().sqrt();
    for _sweep in 0..50 {
        let off: f64 = (0..n)
            .flat_map(|i| (0..n).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| a[i * n + j] * a[i * n + j])
            .sum::<f64>()
            .sqrt();
        if off <= 1e-12 * norm.max(1e-300) {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                let apq = a[p * n + q];
                if apq.abs() < 1e-300 {
                    continue;
                }
                let theta = (a[q * n + q] - a[p * n + p]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..n {
                    let akp = a[k * n + p];
                    let akq = a[k * n + q];
                    a[k * n + p] = c * akp - s * akq;
                    a[k * n + q] = s * akp + c * akq;
                }
                for k in 0..n {
                    let apk = a[p * n + k];
                    let aqk = a[q * n + k];
                    a[p * n + k] = c * apk - s * aqk;
                    a[q * n + k] = s * apk + c * aqk;
                }
                for k in 0..n {
                    let vkp = v[k * n + p];
                    let vkq = v[k * n + q];
                    v[k * n + p] = c * vkp - s * vkq;
                    v[k * n + q] = s * vkp + c * vkq;
                }
            }
        }
    }
    ((0..n).map(|i| a[i * n + i]).collect(), v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eigen_of_a_small_symmetric_matrix() {
        let mut a = vec![2.0, 1.0, 0.0, 1.0, 2.0, 0.0, 0.0, 0.0, 5.0];
        let orig = a.clone();
        let (vals, vecs) = symmetric_eigen(&mut a, 3);
        let mut sorted = vals.clone();
        sorted.sort_by(f64::total_cmp);
        for (got, want) in sorted.iter().zip([1.0, 3.0, 5.0]) {
            assert!((got - want).abs() < 1e-9, "{vals:?}");
        }
        // A v = λ v for every column.
        for k in 0..3 {
            for r in 0..3 {
                let av: f64 = (0..3).map(|c| orig[r * 3 + c] * vecs[c * 3 + k]).sum();
                assert!((av - vals[k] * vecs[r * 3 + k]).abs() < 1e-9);
            }
        }
    }

    fn raw_toy() -> RawTable {
        // Four pieces on a line plus noise: the first component is that line.
        let pieces = ["▁a", "▁b", "▁c", "▁d"].map(String::from).to_vec();
        RawTable {
            pieces,
            scores: vec![-2.0, -8.0, -9.0, -10.0],
            norm: vec![],
            dim: 3,
            vectors: vec![
                1.0, 1.0, 0.1, //
                2.0, 2.0, -0.1, //
                3.0, 3.0, 0.1, //
                4.0, 4.0, -0.1,
            ],
        }
    }

    #[test]
    fn pca_weights_and_quantisation() {
        let raw = raw_toy();
        let t = build(
            &raw,
            &BuildOptions {
                vocab: 4,
                dim: 1,
                sif: Some(1e-3),
                skip: 0,
            },
            "toy",
        );
        assert_eq!((t.len(), t.dim), (4, 1));
        // Projections are centred: -1.5, -0.5, 0.5, 1.5 (× √2), in one direction.
        let v: Vec<f32> = (0..4)
            .map(|i| f32::from(t.codes[i]) * t.scales[i])
            .collect();
        assert!(v[0].signum() != v[3].signum());
        // The frequent piece (p = e^-2) is weighed down hard; the rare ones nearly 1.
        let w0 = v[0].abs() / (1.5 * 2f32.sqrt());
        let w3 = v[3].abs() / (1.5 * 2f32.sqrt());
        assert!(w0 < 0.01 && w3 > 0.9, "{w0} {w3}");
        // Round trip of the raw dump.
        let mut buf = Vec::new();
        raw.write(&mut buf).unwrap();
        assert_eq!(RawTable::read(&mut &buf[..]).unwrap(), raw);
    }

    #[test]
    fn selection_and_piece_texts() {
        let v = Vocab {
            pieces: [
                "<s>",
                "<pad>",
                "</s>",
                "<unk>",
                "▁the",
                "▁日本",
                "x",
                "▁Ракка",
                "▁x",
            ]
            .map(String::from)
            .to_vec(),
            scores: vec![0.0, 0.0, 0.0, 0.0, -3.0, -5.0, -12.0, -11.0, -9.0],
            bos: 0,
            eos: 2,
            unk: 3,
            norm: vec![],
        };
        let ids = select(&v, 10, &[]);
        let got: Vec<&str> = ids.iter().map(|&i| v.pieces[i as usize].as_str()).collect();
        assert_eq!(got, ["▁x", "x", "▁the", "▁Ракка"]);
        assert_eq!(select(&v, 2, &[]).len(), 2);
        // The pieces languages use come before the rest, the languages taking turns.
        let en = vec![0.0, 0.0, 0.0, 0.0, 9.0, 0.0, 0.0, 0.0, 0.0];
        let ru = vec![0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.5, 0.0];
        let ids = select(&v, 10, &[en, ru]);
        let got: Vec<&str> = ids.iter().map(|&i| v.pieces[i as usize].as_str()).collect();
        assert_eq!(got, ["▁x", "x", "▁the", "▁Ракка"]);
        let en = vec![0.0, 0.0, 0.0, 0.0, 9.0, 0.0, 0.0, 0.0, 0.0];
        let ru = vec![0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.5, 0.0];
        let ids = select(&v, 10, &[ru, en]);
        let got: Vec<&str> = ids.iter().map(|&i| v.pieces[i as usize].as_str()).collect();
        assert_eq!(got, ["▁x", "x", "▁the", "▁Ракка"]);
        assert_eq!(piece_text("▁the"), "the");
        assert_eq!(piece_text("▁"), "▁");
        assert_eq!(piece_text("ing"), "ing");
    }
}
