//! Speed and quality of the embedding backends (the figures in docs/RESULTS.md, "Sentence
//! embeddings"). Not a test: it needs the ECB+ data and, for e5, the model.
//!
//! ```sh
//! cargo run --release -p rashomon-embed --example embed_bench -- quality --ecbplus ../shared/data/ecbplus
//! cargo run --release -p rashomon-embed --example embed_bench -- quality --ecbplus DIR --raw /tmp/e5-raw.bin --sweep
//! cargo run --release -p rashomon-embed --example embed_bench -- speed --ecbplus DIR
//! cargo run --release -p rashomon-embed --example embed_bench -- languages
//! ```
//!
//! Quality task: ECB+ cross-document event coreference, at the sentence level. Two
//! sentences of the same topic from different documents, both among the sentences ECB+ marks
//! as annotated (ECBplus_coreference_sentences.csv) and both holding at least one action
//! mention that takes part in a cross-document chain, are a positive pair when they share a
//! chain (mention the same event), a negative one when they share none (other events of the
//! same topic, including the "similar but different" event of the other sub-topic). Score:
//! ROC AUC of the cosine. Topics 1–22 tune, 23–45 check.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rashomon_embed::distil::{self, BuildOptions, RawTable};
use rashomon_embed::{ensure_e5, Embed, Embeddings, SetupOptions, StaticEmbedder, E5};

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

struct Sentence {
    topic: u32,
    doc: String,
    text: String,
    /// Cross-document action chains mentioned.
    events: BTreeSet<String>,
    /// Annotated in the CSV.
    annotated: bool,
}

fn closes(w: &str) -> bool {
    matches!(
        w,
        "." | "," | ";" | ":" | "!" | "?" | ")" | "]" | "'s" | "n't" | "'" | "%"
    )
}

/// Every sentence of every ECB+ document, with its action chains.
fn read_ecbplus(dir: &Path) -> Result<Vec<Sentence>, Box<dyn std::error::Error>> {
    let csv = std::fs::read_to_string(dir.join("ECBplus_coreference_sentences.csv"))?;
    let annotated: BTreeSet<(String, u32)> = csv
        .lines()
        .skip(1)
        .filter_map(|l| {
            let mut f = l.split(',');
            let topic = f.next()?.trim();
            let file = f.next()?.trim();
            let s = f.next()?.trim().parse().ok()?;
            Some((format!("{topic}_{file}.xml"), s))
        })
        .collect();
    let gz = flate2::read::GzDecoder::new(std::fs::File::open(dir.join("ECBplus_xml.tar.gz"))?);
    let mut tar = tar::Archive::new(gz);
    let mut out = Vec::new();
    for entry in tar.entries()? {
        let mut entry = entry?;
        let path = entry.path()?.into_owned();
        let Some(name) = path.file_name().and_then(|n| n.to_str()).map(String::from) else {
            continue;
        };
        if !name.ends_with(".xml") {
            continue;
        }
        let Some(topic) = name.split('_').next().and_then(|t| t.parse::<u32>().ok()) else {
            continue;
        };
        let mut xml = String::new();
        entry.read_to_string(&mut xml)?;
        let doc = roxmltree::Document::parse(&xml)?;
        let mut tokens: BTreeMap<u32, Vec<String>> = BTreeMap::new();
        let mut token_sentence: HashMap<String, u32> = HashMap::new();
        for t in doc.descendants().filter(|n| n.has_tag_name("token")) {
            let s: u32 = t
                .attribute("sentence")
                .and_then(|s| s.parse().ok())
                .unwrap_or(0);
            let w = t.text().unwrap_or("").trim().to_string();
            if let Some(id) = t.attribute("t_id") {
                token_sentence.insert(id.to_string(), s);
            }
            if !w.is_empty() {
                tokens.entry(s).or_default().push(w);
            }
        }
        // Action mentions: m_id → sentences of their anchors.
        let mut mention_sentence: HashMap<String, u32> = HashMap::new();
        if let Some(markables) = doc.descendants().find(|n| n.has_tag_name("Markables")) {
            for m in markables.children().filter(|n| n.is_element()) {
                let tag = m.tag_name().name();
                if !(tag.starts_with("ACTION_") || tag.starts_with("NEG_ACTION_")) {
                    continue;
                }
                let Some(id) = m.attribute("m_id") else {
                    continue;
                };
                if let Some(s) = m
                    .children()
                    .filter(|c| c.has_tag_name("token_anchor"))
                    .find_map(|c| c.attribute("t_id").and_then(|t| token_sentence.get(t)))
                {
                    mention_sentence.insert(id.to_string(), *s);
                }
            }
        }
        let mut events: BTreeMap<u32, BTreeSet<String>> = BTreeMap::new();
        for r in doc
            .descendants()
            .filter(|n| n.has_tag_name("CROSS_DOC_COREF"))
        {
            let Some(note) = r.attribute("note").filter(|n| n.starts_with("ACT")) else {
                continue;
            };
            for src in r.children().filter(|c| c.has_tag_name("source")) {
                if let Some(s) = src.attribute("m_id").and_then(|m| mention_sentence.get(m)) {
                    events.entry(*s).or_default().insert(note.to_string());
                }
            }
        }
        for (s, words) in tokens {
            let mut text = String::new();
            for w in &words {
                if !text.is_empty() && !closes(w) {
                    text.push(' ');
                }
                text.push_str(w);
            }
            out.push(Sentence {
                topic,
                doc: name.clone(),
                annotated: annotated.contains(&(name.clone(), s)),
                events: events.remove(&s).unwrap_or_default(),
                text,
            });
        }
    }
    Ok(out)
}

/// ROC AUC (ties count half) of scores for positives vs negatives.
fn auc(pos: &[f32], neg: &[f32]) -> f64 {
    let mut all: Vec<(f32, bool)> = pos
        .iter()
        .map(|&s| (s, true))
        .chain(neg.iter().map(|&s| (s, false)))
        .collect();
    all.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut rank_sum = 0f64;
    let mut i = 0;
    while i < all.len() {
        let mut j = i;
        while j < all.len() && all[j].0 == all[i].0 {
            j += 1;
        }
        let avg = (i + j + 1) as f64 / 2.0; // ranks i+1..=j
        rank_sum += avg * all[i..j].iter().filter(|x| x.1).count() as f64;
        i = j;
    }
    let (p, n) = (pos.len() as f64, neg.len() as f64);
    (rank_sum - p * (p + 1.0) / 2.0) / (p * n)
}

/// The evaluation pairs over the annotated sentences with events: (i, j, same event).
fn pairs(s: &[&Sentence]) -> Vec<(usize, usize, bool)> {
    let mut out = Vec::new();
    for i in 0..s.len() {
        for j in i + 1..s.len() {
            if s[i].topic == s[j].topic && s[i].doc != s[j].doc {
                out.push((i, j, !s[i].events.is_disjoint(&s[j].events)));
            }
        }
    }
    out
}

fn split_auc(
    score: impl Fn(usize, usize) -> f32,
    s: &[&Sentence],
    p: &[(usize, usize, bool)],
) -> (f64, f64) {
    let mut r = [(Vec::new(), Vec::new()), (Vec::new(), Vec::new())];
    for &(i, j, same) in p {
        let k = usize::from(s[i].topic > 22);
        let c = score(i, j);
        if same {
            r[k].0.push(c)
        } else {
            r[k].1.push(c)
        }
    }
    (auc(&r[0].0, &r[0].1), auc(&r[1].0, &r[1].1))
}

/// TF-IDF over lower-cased words (IDF from every ECB+ sentence), sublinear tf, L2-normalised.
fn tfidf(all: &[Sentence], eval: &[&Sentence]) -> Embeddings {
    let words = |t: &str| -> Vec<String> {
        t.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let mut df: HashMap<String, f32> = HashMap::new();
    for s in all {
        for w in words(&s.text).into_iter().collect::<BTreeSet<_>>() {
            *df.entry(w).or_default() += 1.0;
        }
    }
    let n = all.len() as f32;
    let mut index: HashMap<String, usize> = HashMap::new();
    let rows: Vec<HashMap<usize, f32>> = eval
        .iter()
        .map(|s| {
            let mut tf: HashMap<usize, f32> = HashMap::new();
            for w in words(&s.text) {
                let k = index.len();
                *tf.entry(*index.entry(w).or_insert(k)).or_default() += 1.0;
            }
            tf
        })
        .collect();
    let inv: HashMap<usize, &String> = index.iter().map(|(w, &k)| (k, w)).collect();
    let dim = index.len();
    let mut e = Embeddings::zeros(eval.len(), dim);
    for (r, tf) in rows.iter().enumerate() {
        let row = &mut e.data[r * dim..(r + 1) * dim];
        for (&k, &c) in tf {
            let idf = (n / df.get(inv[&k]).copied().unwrap_or(1.0)).ln() + 1.0;
            row[k] = (1.0 + c.ln()) * idf;
        }
        rashomon_embed::normalize(row);
    }
    e
}

fn load_e5(threads: usize) -> Result<E5, Box<dyn std::error::Error>> {
    let files = ensure_e5(&SetupOptions::from_env())?;
    Ok(E5::load(&files)?.with_threads(threads))
}

fn embed_cached(
    e: &dyn Embed,
    texts: &[&str],
    cache: Option<&Path>,
) -> Result<Embeddings, Box<dyn std::error::Error>> {
    if let Some(p) = cache.filter(|p| p.exists()) {
        let b = std::fs::read(p)?;
        let data: Vec<f32> = b
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        if data.len() == texts.len() * e.dim() {
            return Ok(Embeddings { dim: e.dim(), data });
        }
    }
    let t = Instant::now();
    let out = e.embed(texts)?;
    eprintln!(
        "{}: {} texts in {:.1} s",
        e.name(),
        texts.len(),
        t.elapsed().as_secs_f64()
    );
    if let Some(p) = cache {
        let b: Vec<u8> = out.data.iter().flat_map(|f| f.to_le_bytes()).collect();
        std::fs::write(p, b)?;
    }
    Ok(out)
}

fn quality(args: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(arg(args, "--ecbplus").ok_or("--ecbplus DIR")?);
    let all = read_ecbplus(&dir)?;
    let eval: Vec<&Sentence> = all
        .iter()
        .filter(|s| s.annotated && !s.events.is_empty())
        .collect();
    let p = pairs(&eval);
    let count = |k: bool, same: bool| {
        p.iter()
            .filter(|&&(i, _, s)| (eval[i].topic > 22) == k && s == same)
            .count()
    };
    println!(
        "ECB+: {} sentences ({} annotated with a cross-document action); pairs tuning 1–22: {} same / {} different; check 23–45: {} / {}",
        all.len(),
        eval.len(),
        count(false, true),
        count(false, false),
        count(true, true),
        count(true, false)
    );
    let texts: Vec<&str> = eval.iter().map(|s| s.text.as_str()).collect();
    println!("| embedder | AUC tuning (topics 1–22) | AUC check (23–45) |\n|---|---|---|");
    let tf = tfidf(&all, &eval);
    let show = |name: &str, e: &Embeddings| {
        let (a, b) = split_auc(|i, j| e.cosine(i, j), &eval, &p);
        println!("| {name} | {a:.3} | {b:.3} |");
    };
    // The meaning signal beside the lexical one the claims already have: the mean of the
    // two cosines.
    let combo = |name: &str, e: &Embeddings| {
        let (a, b) = split_auc(|i, j| e.cosine(i, j) + tf.cosine(i, j), &eval, &p);
        println!("| {name} + TF-IDF (mean of the cosines) | {a:.3} | {b:.3} |");
    };
    show("TF-IDF words", &tf);
    match StaticEmbedder::bundled() {
        Ok(st) => {
            let e = st.embed(&texts)?;
            show(&format!("{} (bundled: {})", st.name(), st.table().note), &e);
            combo(&st.name(), &e);
        }
        Err(e) => eprintln!("no bundled table: {e}"),
    }
    if let Some(raw) = arg(args, "--raw") {
        let raw = RawTable::read(&mut std::io::BufReader::new(std::fs::File::open(raw)?))?;
        let sweep = args.iter().any(|a| a == "--sweep" || a == "--sweep2");
        let grid: Vec<BuildOptions> = if args.iter().any(|a| a == "--sweep") {
            let mut g = Vec::new();
            for &vocab in &[10_000, 20_000, 30_000, 50_000] {
                for &dim in &[64, 128, 256, 384] {
                    for &sif in &[None, Some(1e-3), Some(1e-4), Some(1e-5)] {
                        g.push(BuildOptions {
                            vocab,
                            dim,
                            sif,
                            skip: 0,
                        });
                    }
                }
            }
            g
        } else if args.iter().any(|a| a == "--sweep2") {
            let mut g = Vec::new();
            for &vocab in &[5_000, 10_000, 20_000] {
                for &dim in &[256, 383] {
                    for &sif in &[Some(1e-5), Some(1e-6), Some(1e-7)] {
                        for skip in 0..3 {
                            g.push(BuildOptions {
                                vocab,
                                dim,
                                sif,
                                skip,
                            });
                        }
                    }
                }
            }
            g
        } else {
            // Comma-separated lists: every combination.
            let list = |k: &str, d: &str| -> Vec<f64> {
                arg(args, k)
                    .unwrap_or_else(|| d.to_string())
                    .split(',')
                    .filter_map(|v| v.trim().parse().ok())
                    .collect()
            };
            let mut g = Vec::new();
            for &vocab in &list("--vocab", "20000") {
                for &dim in &list("--dim", "256") {
                    for &sif in &list("--sif", "1e-5") {
                        for &skip in &list("--skip", "0") {
                            g.push(BuildOptions {
                                vocab: vocab as usize,
                                dim: dim as usize,
                                sif: Some(sif as f32),
                                skip: skip as usize,
                            });
                        }
                    }
                }
            }
            g
        };
        let mut pca: Option<distil::Pca> = None;
        for o in grid {
            if o.vocab > raw.pieces.len() {
                continue;
            }
            if pca.as_ref().is_none_or(|p| p.n != o.vocab) {
                pca = Some(distil::Pca::fit(&raw, o.vocab));
            }
            let t = distil::build_with(&raw, pca.as_ref().expect("fitted"), &o, "");
            let bytes = {
                let mut b = Vec::new();
                t.write(&mut b)?;
                b.len()
            };
            let name = format!(
                "static N={} D={} sif={:?} skip={} ({:.1} MB)",
                o.vocab,
                o.dim,
                o.sif,
                o.skip,
                bytes as f64 / 1e6
            );
            let e = StaticEmbedder::new(t).embed(&texts)?;
            show(&name, &e);
            if !sweep {
                combo(&name, &e);
            }
        }
    }
    if !args.iter().any(|a| a == "--no-e5") {
        let e5 = load_e5(2)?;
        let cache = arg(args, "--e5-cache").map(PathBuf::from);
        let e = embed_cached(&e5, &texts, cache.as_deref())?;
        show("e5-small (transformer)", &e);
        combo("e5-small", &e);
    }
    Ok(())
}

/// CPU seconds of this process so far (user + system, all threads), from /proc.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the ")" that closes the command name: utime is the 12th, stime the 13th.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<f64> = rest
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    (f.get(11).copied().unwrap_or(0.0) + f.get(12).copied().unwrap_or(0.0)) / 100.0
}

/// Sentences per second of wall time and per CPU-second.
fn rate(
    e: &dyn Embed,
    texts: &[&str],
    threads: usize,
) -> Result<(f64, f64), Box<dyn std::error::Error>> {
    let t = Instant::now();
    let c = cpu_seconds();
    if threads == 1 {
        e.embed(texts)?;
    } else {
        let chunk = texts.len().div_ceil(threads);
        std::thread::scope(|s| -> Result<(), rashomon_embed::EmbedError> {
            let hs: Vec<_> = texts
                .chunks(chunk)
                .map(|c| s.spawn(move || e.embed(c).map(|_| ())))
                .collect();
            hs.into_iter().try_for_each(|h| h.join().expect("worker"))
        })?;
    }
    let n = texts.len() as f64;
    Ok((
        n / t.elapsed().as_secs_f64(),
        n / (cpu_seconds() - c).max(0.01),
    ))
}

fn speed(args: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(arg(args, "--ecbplus").ok_or("--ecbplus DIR")?);
    let all = read_ecbplus(&dir)?;
    // Sentences of news prose (the URL lines and one-word lines left out).
    let texts: Vec<&str> = all
        .iter()
        .map(|s| s.text.as_str())
        .filter(|t| t.split(' ').count() >= 5 && !t.starts_with("http"))
        .collect();
    let mean_words =
        texts.iter().map(|t| t.split(' ').count()).sum::<usize>() as f64 / texts.len() as f64;
    println!(
        "{} sentences, {mean_words:.1} words on average",
        texts.len()
    );
    let t = Instant::now();
    let st = StaticEmbedder::bundled()?;
    println!(
        "static: load {:.3} s ({})",
        t.elapsed().as_secs_f64(),
        st.table().note
    );
    let n_e5: usize = arg(args, "--e5-sentences").map_or(Ok(256), |s| s.parse())?;
    // Each run is one call on the distinct sentences (a fresh word cache each time).
    let many: &[&str] = &texts;
    for threads in [1, 2] {
        let (mut wall, mut cpu) = (0f64, 0f64);
        for _ in 0..5 {
            let (w, c) = rate(&st, many, threads)?;
            wall = wall.max(w);
            cpu = cpu.max(c);
        }
        println!(
            "static, {threads} thread(s): {wall:.0} sentences/s wall, {cpu:.0} per CPU-second (best of 5 runs over {} sentences)",
            many.len()
        );
    }
    if args.iter().any(|a| a == "--no-e5") {
        return Ok(());
    }
    let t = Instant::now();
    let e5 = load_e5(1)?;
    println!(
        "e5: set-up check + load {:.3} s; OMP_WAIT_POLICY={}",
        t.elapsed().as_secs_f64(),
        std::env::var("OMP_WAIT_POLICY").unwrap_or_default()
    );
    let sample: Vec<&str> = texts
        .iter()
        .step_by((texts.len() / n_e5).max(1))
        .take(n_e5)
        .copied()
        .collect();
    let tokens: usize = sample.iter().map(|t| e5.token_count(t)).sum();
    println!(
        "e5 sample: {} sentences, {:.1} pieces on average (with <s>, </s>, \"query:\")",
        sample.len(),
        tokens as f64 / sample.len() as f64
    );
    for threads in [1, 2] {
        let e = load_e5(threads)?;
        // Engine threads (OpenMP) inside one call.
        let (w, c) = rate(&e, &sample, 1)?;
        println!("e5, {threads} engine thread(s): {w:.1} sentences/s wall, {c:.1} per CPU-second");
    }
    Ok(())
}

/// Cross-language sanity check: translations vs unrelated sentences.
fn languages() -> Result<(), Box<dyn std::error::Error>> {
    let pairs: [(&str, &str); 8] = [
        (
            "The Kurds agreed a corridor with ISIS out of Raqqa.",
            "Курды договорились с ИГИЛ о коридоре из Ракки.",
        ),
        (
            "The central bank raised its key interest rate to 16 percent to fight inflation.",
            "Центральный банк повысил ключевую ставку до 16 процентов, чтобы бороться с инфляцией.",
        ),
        (
            "An earthquake of magnitude 6.1 struck the north of the country on Tuesday night.",
            "Землетрясение магнитудой 6,1 произошло на севере страны во вторник вечером.",
        ),
        (
            "The ministry denied that any civilians had been killed in the strike.",
            "Министерство опровергло гибель мирных жителей в результате удара.",
        ),
        (
            "Thousands of people marched through the capital demanding new elections.",
            "Тысячи людей прошли маршем по столице, требуя новых выборов.",
        ),
        (
            "The president signed a decree dissolving parliament.",
            "Президент подписал указ о роспуске парламента.",
        ),
        (
            "Firefighters battled the blaze at the chemical plant for twelve hours.",
            "Пожарные двенадцать часов боролись с огнём на химическом заводе.",
        ),
        (
            "The football club sacked its coach after a fifth straight defeat.",
            "Футбольный клуб уволил тренера после пятого поражения подряд.",
        ),
    ];
    let extra = [
        "Курди домовилися з ІДІЛ про коридор з Ракки.",
        "اتفق الأكراد مع داعش على ممر للخروج من الرقة.",
        "The Kurds denied any deal with ISIS over Raqqa.",
    ];
    let mut backends: Vec<Box<dyn Embed>> = vec![Box::new(StaticEmbedder::bundled()?)];
    match load_e5(2) {
        Ok(e) => backends.push(Box::new(e)),
        Err(e) => eprintln!("e5 not available: {e}"),
    }
    let mut texts: Vec<&str> = pairs.iter().flat_map(|(a, b)| [*a, *b]).collect();
    texts.extend(extra);
    for b in &backends {
        let e = b.embed(&texts)?;
        let mut top1 = 0;
        let (mut m, mut nm, mut mn) = (0f32, 0f32, f32::INFINITY);
        let mut mism_max = f32::NEG_INFINITY;
        for i in 0..8 {
            let best = (0..8)
                .max_by(|&a, &c| {
                    e.cosine(2 * i, 2 * a + 1)
                        .total_cmp(&e.cosine(2 * i, 2 * c + 1))
                })
                .unwrap();
            top1 += usize::from(best == i);
            for j in 0..8 {
                let c = e.cosine(2 * i, 2 * j + 1);
                if i == j {
                    m += c / 8.0;
                    mn = mn.min(c);
                } else {
                    nm += c / 56.0;
                    mism_max = mism_max.max(c);
                }
            }
        }
        println!(
            "{}: en→ru top-1 {top1}/8; translations mean {m:.3} (min {mn:.3}) vs other pairs mean {nm:.3} (max {mism_max:.3}); A en/uk {:.3}, en/ar {:.3}, en/en-denial {:.3}, A-en vs B-ru {:.3}",
            b.name(),
            e.cosine(0, 16),
            e.cosine(0, 17),
            e.cosine(0, 18),
            e.cosine(0, 3),
        );
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_target(false)
        .try_init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("quality") => quality(&args),
        Some("speed") => speed(&args),
        Some("languages") => languages(),
        _ => Err("usage: embed_bench quality|speed|languages [--ecbplus DIR] [--raw FILE --sweep] [--no-e5]".into()),
    }
}
