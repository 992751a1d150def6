//! `rashomon-lab bench ingest`: throughput of read + clean + segment + timexes + dedup on a generated
//! corpus of plain-text articles, beside `wc -w` over the same files (and without timexes).
//!
//! The corpus is generated, not copied: synthetic news-like text (sentences with abbreviations,
//! numbers, quotes, datelines, junk lines, and 5% near-verbatim reprints) laid out as
//! `<outlet>/<YYYY-MM-DD>/<n>.txt`, so the same command gives the same corpus anywhere.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use clap::Args;
use rashomon_ingest::Options;
use rashomon_linking::{find_duplicate_groups, Signature};
use serde::Serialize;

#[derive(Args, Debug, Clone)]
pub struct IngestBenchArgs {
    /// Size of the generated corpus in MB (10^6 bytes).
    #[arg(long, default_value_t = 200)]
    pub size_mb: u64,
    /// Where to generate the corpus (kept and reused when it is already there).
    #[arg(long, default_value = "target/bench-corpus")]
    pub dir: PathBuf,
    /// Timed repetitions per configuration; the best is reported.
    #[arg(long, default_value_t = 3)]
    pub repeat: usize,
    /// Thread counts to measure, comma separated.
    #[arg(long, value_delimiter = ',', default_value = "1,2")]
    pub threads: Vec<usize>,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
    /// Leave out the extra single-thread run that also computes the token layer.
    #[arg(long)]
    pub skip_tokens: bool,
}

#[derive(Debug, Serialize)]
pub struct Measurement {
    /// Worker threads of the build pool (reading runs on one more thread, mostly waiting on
    /// the disk; its CPU time is counted in `cpu_seconds`).
    pub threads: usize,
    /// Whether the token layer was computed too.
    pub tokens: bool,
    /// Whether time expressions were tagged (the default of `rashomon ingest`).
    pub timexes: bool,
    /// Wall time of the best run.
    pub seconds: f64,
    /// CPU time (user + system, all threads) of that run.
    pub cpu_seconds: f64,
    pub mb_per_s: f64,
    /// MB per CPU-second: the throughput of one fully used core.
    pub mb_per_s_per_core: f64,
}

#[derive(Debug, Serialize)]
pub struct IngestBenchResult {
    pub corpus_bytes: u64,
    pub files: usize,
    pub documents: u64,
    pub duplicate_groups: usize,
    pub wc_seconds: Option<f64>,
    pub wc_mb_per_s: Option<f64>,
    pub rashomon: Vec<Measurement>,
    /// rashomon single-thread throughput / wc -w throughput.
    pub ratio_to_wc: Option<f64>,
    pub peak_rss_mb: Option<f64>,
    pub cpu: String,
}

/// xorshift64*: a fixed, portable stream of pseudo-random numbers.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const FUNCTION_WORDS: &[&str] = &[
    "the", "of", "and", "to", "in", "a", "that", "for", "on", "with", "was", "said", "by", "from",
    "at", "as", "it", "had", "have", "were", "after", "its", "their", "not", "but", "which", "who",
    "would", "this", "they", "been", "has", "are", "an", "he", "she", "will", "over",
];
/// Content words of news prose, to give the generated text English statistics.
const CONTENT_WORDS: &[&str] = &[
    "government",
    "officials",
    "forces",
    "city",
    "military",
    "people",
    "police",
    "report",
    "minister",
    "ministry",
    "president",
    "army",
    "fighters",
    "militants",
    "civilians",
    "week",
    "year",
    "day",
    "statement",
    "agreement",
    "deal",
    "talks",
    "border",
    "region",
    "town",
    "village",
    "district",
    "province",
    "country",
    "capital",
    "security",
    "defence",
    "foreign",
    "spokesman",
    "sources",
    "witnesses",
    "residents",
    "convoy",
    "buses",
    "corridor",
    "route",
    "attack",
    "strike",
    "strikes",
    "air",
    "aircraft",
    "troops",
    "soldiers",
    "commander",
    "coalition",
    "alliance",
    "group",
    "groups",
    "leaders",
    "leader",
    "local",
    "national",
    "international",
    "united",
    "nations",
    "council",
    "aid",
    "humanitarian",
    "water",
    "food",
    "hospital",
    "doctors",
    "children",
    "families",
    "homes",
    "camp",
    "camps",
    "refugees",
    "killed",
    "wounded",
    "injured",
    "dead",
    "fled",
    "left",
    "arrived",
    "reached",
    "entered",
    "captured",
    "seized",
    "retook",
    "control",
    "offensive",
    "operation",
    "battle",
    "fighting",
    "clashes",
    "shelling",
    "bombing",
    "explosion",
    "bomb",
    "weapons",
    "ammunition",
    "vehicles",
    "trucks",
    "road",
    "river",
    "bridge",
    "desert",
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "old",
    "new",
    "first",
    "last",
    "next",
    "early",
    "late",
    "recent",
    "several",
    "dozens",
    "hundreds",
    "thousands",
    "many",
    "some",
    "most",
    "other",
    "another",
    "same",
    "said",
    "told",
    "says",
    "added",
    "denied",
    "confirmed",
    "announced",
    "reported",
    "claimed",
    "accused",
    "warned",
    "urged",
    "called",
    "asked",
    "agreed",
    "refused",
    "rejected",
    "allowed",
    "expected",
    "believed",
    "according",
    "during",
    "before",
    "after",
    "since",
    "while",
    "under",
    "between",
    "against",
    "without",
    "within",
    "about",
    "around",
    "near",
    "across",
    "through",
    "into",
    "also",
    "still",
    "already",
    "again",
    "only",
    "more",
    "than",
    "less",
    "about",
    "nearly",
    "almost",
    "least",
    "percent",
    "million",
    "billion",
    "prices",
    "oil",
    "gas",
    "company",
    "companies",
    "market",
    "markets",
    "economy",
    "bank",
    "banks",
    "money",
    "funds",
    "budget",
    "tax",
    "trade",
    "sanctions",
    "election",
    "vote",
    "parliament",
    "party",
    "opposition",
    "court",
    "judge",
    "law",
    "rights",
    "media",
    "news",
    "agency",
    "press",
    "television",
    "video",
    "images",
    "photos",
    "evidence",
    "claims",
    "question",
    "questions",
    "answer",
    "decision",
    "plan",
    "plans",
    "move",
    "step",
    "effort",
    "efforts",
    "pressure",
    "crisis",
    "situation",
    "conflict",
    "war",
    "peace",
    "ceasefire",
    "truce",
    "evacuation",
    "withdrawal",
    "departure",
    "negotiations",
    "mediators",
    "elders",
    "tribal",
    "kurdish",
    "russian",
    "american",
    "syrian",
    "iraqi",
    "turkish",
    "islamic",
    "state",
    "democratic",
    "ministry's",
    "government's",
    "city's",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "morning",
    "evening",
    "night",
    "hours",
    "days",
    "weeks",
    "months",
    "time",
    "times",
    "part",
    "side",
    "sides",
    "way",
    "end",
    "start",
    "number",
];
const CITIES: &[&str] = &[
    "MOSCOW",
    "BEIRUT",
    "DAMASCUS",
    "WASHINGTON",
    "ANKARA",
    "AMMAN",
    "GENEVA",
];
const AGENCIES: &[&str] = &["(Reuters)", "(AP)", "/TASS/", "(AFP)"];
const OUTLETS: &[&str] = &[
    "northwire",
    "levant-observer",
    "steppe-daily",
    "river-post",
    "bbc",
    "reuters",
];
const JUNK: &[&str] = &[
    "Image may contain: outdoor",
    "Share on Facebook",
    "Sign up for our newsletter",
    "Advertisement",
    "All news",
];

struct Generator {
    rng: Rng,
}

impl Generator {
    fn new() -> Generator {
        Generator {
            rng: Rng(0x5eed_1234_abcd_0001),
        }
    }

    fn word(&mut self) -> String {
        if self.rng.chance(45) {
            // Function words follow a rough Zipf law: the first ones are the most frequent.
            let r = self.rng.below(FUNCTION_WORDS.len());
            let i = self.rng.below(r + 1);
            return FUNCTION_WORDS[i].to_string();
        }
        let r = self.rng.below(CONTENT_WORDS.len());
        let i = self.rng.below(r + 1);
        CONTENT_WORDS[i].to_string()
    }

    fn sentence(&mut self, out: &mut String) {
        let n = 8 + self.rng.below(22);
        let quoted = self.rng.chance(10);
        if quoted {
            out.push('"');
        }
        for k in 0..n {
            if k > 0 {
                out.push(' ');
            }
            match self.rng.below(100) {
                0 => out.push_str("Mr."),
                1 => out.push_str("U.S."),
                2 => out.push_str(&format!("{}.{}", self.rng.below(100), self.rng.below(10))),
                3 => out.push_str(&format!(
                    "{},{:03}",
                    1 + self.rng.below(99),
                    self.rng.below(1000)
                )),
                4 => out.push_str("Gen."),
                _ => {
                    let w = self.word();
                    if k == 0 || self.rng.chance(12) {
                        let mut cs = w.chars();
                        if let Some(c) = cs.next() {
                            out.extend(c.to_uppercase());
                            out.push_str(cs.as_str());
                        }
                    } else {
                        out.push_str(&w);
                    }
                }
            }
            if k + 1 < n && self.rng.chance(7) {
                out.push(',');
            }
        }
        out.push(if self.rng.chance(95) { '.' } else { '?' });
        if quoted {
            out.push_str("\" he said.");
        }
    }

    fn article(&mut self, target: usize) -> String {
        let mut s = String::with_capacity(target + 512);
        let title_words = 5 + self.rng.below(8);
        for k in 0..title_words {
            if k > 0 {
                s.push(' ');
            }
            s.push_str(&self.word());
        }
        s.push_str("\n\n");
        if self.rng.chance(40) {
            s.push_str(&format!(
                "{}, Oct {} {} - ",
                CITIES[self.rng.below(CITIES.len())],
                1 + self.rng.below(28),
                AGENCIES[self.rng.below(AGENCIES.len())]
            ));
        }
        while s.len() < target {
            for _ in 0..1 + self.rng.below(4) {
                self.sentence(&mut s);
                s.push(' ');
            }
            s.pop();
            s.push_str("\n\n");
            if self.rng.chance(3) {
                s.push_str(JUNK[self.rng.below(JUNK.len())]);
                s.push_str("\n\n");
            }
        }
        s
    }

    /// A reprint: the same article with a few words changed and another title.
    fn reprint(&mut self, original: &str) -> String {
        let mut words: Vec<String> = original.split(' ').map(str::to_string).collect();
        for _ in 0..3 {
            let i = self.rng.below(words.len());
            words[i] = self.word();
        }
        format!("Reprint: {}", words.join(" "))
    }
}

/// Generates the corpus unless a complete one of the same size is already in `dir`.
fn ensure_corpus(dir: &Path, size_mb: u64) -> Result<Vec<PathBuf>> {
    let marker = dir.join(format!(".complete-{size_mb}mb-v2"));
    let list_path = dir.join(".files");
    if marker.exists() {
        let list = std::fs::read_to_string(&list_path)?;
        return Ok(list.lines().map(PathBuf::from).collect());
    }
    if dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| format!("cannot clear {}", dir.display()))?;
    }
    let target = size_mb * 1_000_000;
    let mut gen = Generator::new();
    let mut written = 0u64;
    let mut files = Vec::new();
    let mut previous: Vec<String> = Vec::new();
    let mut n = 0usize;
    while written < target {
        let outlet = OUTLETS[n % OUTLETS.len()];
        let day = 1 + (n / 1000) % 28;
        let folder = dir.join(outlet).join(format!("2017-10-{day:02}"));
        std::fs::create_dir_all(&folder)?;
        let text = if !previous.is_empty() && gen.rng.chance(5) {
            let i = gen.rng.below(previous.len());
            let original = previous[i].clone();
            gen.reprint(&original)
        } else {
            let size = 2000 + gen.rng.below(6000);
            gen.article(size)
        };
        if previous.len() < 256 {
            previous.push(text.clone());
        } else {
            let i = gen.rng.below(256);
            previous[i] = text.clone();
        }
        let path = folder.join(format!("{n}.txt"));
        std::fs::write(&path, &text)?;
        written += text.len() as u64;
        files.push(path);
        n += 1;
    }
    let mut list = String::new();
    for f in &files {
        list.push_str(&f.to_string_lossy());
        list.push('\n');
    }
    std::fs::write(&list_path, list)?;
    std::fs::write(&marker, b"")?;
    Ok(files)
}

fn time_wc(files: &[PathBuf]) -> Option<f64> {
    let mut list = tempfile::NamedTempFile::new().ok()?;
    for f in files {
        list.write_all(f.to_string_lossy().as_bytes()).ok()?;
        list.write_all(b"\0").ok()?;
    }
    list.flush().ok()?;
    let start = Instant::now();
    let out = std::process::Command::new("wc")
        .arg("-w")
        .arg(format!("--files0-from={}", list.path().display()))
        .stdout(std::process::Stdio::null())
        .status()
        .ok()?;
    out.success().then(|| start.elapsed().as_secs_f64())
}

/// The best of `repeat` timed runs of `run` on a pool of `threads`: (wall seconds, CPU seconds
/// of the whole process during that run, cores in use = CPU / wall, the run's result).
pub(crate) fn best_of<T>(
    threads: usize,
    repeat: usize,
    mut run: impl FnMut() -> Result<T> + Send,
) -> Result<(f64, f64, f64, T)>
where
    T: Send,
{
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()?;
    let mut best: Option<(f64, f64, T)> = None;
    for _ in 0..repeat.max(1) {
        let cpu0 = cpu_seconds().unwrap_or(0.0);
        let t0 = Instant::now();
        let out = pool.install(&mut run)?;
        let secs = t0.elapsed().as_secs_f64();
        let cpu = cpu_seconds().unwrap_or(0.0) - cpu0;
        if best.as_ref().is_none_or(|b| secs < b.0) {
            best = Some((secs, cpu, out));
        }
    }
    let (secs, cpu, out) = best.expect("at least one run");
    // Without a CPU clock, count every thread of the pool as fully used.
    let cores = if cpu > 0.0 {
        (cpu / secs).max(1.0)
    } else {
        threads as f64
    };
    Ok((secs, cpu, cores, out))
}

/// CPU time of this process so far (user + system, all threads), from /proc.
pub(crate) fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    // USER_HZ is 100 on Linux.
    Some(ticks / 100.0)
}

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

pub(crate) fn cpu_name() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into())
}

/// One ingest over `dir`: documents, duplicate groups.
fn ingest_once(dir: &Path, tokens: bool, timexes: bool) -> Result<(u64, usize)> {
    let expanded =
        rashomon_ingest::expand(&[dir.to_path_buf()], &[]).map_err(anyhow::Error::msg)?;
    let mut signatures = Vec::new();
    // Measured on their own: `rashomon-lab bench attribution`, `eval geo`.
    let layers = rashomon_pile::LayerOptions {
        timexes,
        attributions: false,
        places: false,
    };
    // Time expressions need no model: resources that are never asked for stay unloaded.
    let resources = rashomon_pile::Resources::shipped();
    let report = rashomon_ingest::run(
        expanded,
        &Options {
            text: rashomon_text::AnnotateOptions { tokens },
            ..Options::default()
        },
        |read| {
            let mut doc = read.doc;
            rashomon_annotate::annotate(&mut doc, &layers, &resources);
            Signature::of(&doc)
        },
        |s| signatures.push(s),
        |_| {},
    );
    let groups =
        find_duplicate_groups(&signatures, rashomon_linking::duplicates::DEFAULT_THRESHOLD);
    Ok((report.totals.documents, groups.len()))
}

pub fn run_ingest_bench(args: &IngestBenchArgs) -> Result<()> {
    eprintln!(
        "preparing a {} MB corpus in {} ...",
        args.size_mb,
        args.dir.display()
    );
    let files = ensure_corpus(&args.dir, args.size_mb)?;
    let bytes: u64 = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    let mb = bytes as f64 / 1e6;

    // Warm the page cache, then time wc -w.
    let _ = time_wc(&files);
    let wc_seconds = (0..args.repeat)
        .filter_map(|_| time_wc(&files))
        .fold(None, |best: Option<f64>, s| {
            Some(best.map_or(s, |b| b.min(s)))
        });

    let mut measurements = Vec::new();
    let mut documents = 0;
    let mut groups = 0;
    // Every thread count as `rashomon ingest` runs by default (with timexes); then one thread
    // without the timex layer and one with the token layer too.
    let mut configs: Vec<(usize, bool, bool)> =
        args.threads.iter().map(|&t| (t, false, true)).collect();
    configs.push((1, false, false));
    if !args.skip_tokens {
        configs.push((1, true, true));
    }
    for (threads, tokens, timexes) in configs {
        let (best, best_cpu, cores, (d, g)) = best_of(threads, args.repeat, || {
            ingest_once(&args.dir, tokens, timexes)
        })?;
        documents = d;
        groups = g;
        measurements.push(Measurement {
            threads,
            tokens,
            timexes,
            seconds: best,
            cpu_seconds: best_cpu,
            mb_per_s: mb / best,
            mb_per_s_per_core: mb / best / cores,
        });
    }
    let single = measurements
        .iter()
        .find(|m| m.threads == 1 && !m.tokens && m.timexes);
    let result = IngestBenchResult {
        corpus_bytes: bytes,
        files: files.len(),
        documents,
        duplicate_groups: groups,
        wc_seconds,
        wc_mb_per_s: wc_seconds.map(|s| mb / s),
        ratio_to_wc: match (single, wc_seconds) {
            (Some(m), Some(w)) => Some(w / m.seconds),
            _ => None,
        },
        rashomon: measurements,
        peak_rss_mb: peak_rss_mb(),
        cpu: cpu_name(),
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&result)?);
    } else {
        println!(
            "corpus: {} files, {:.1} MB, {} documents, {} duplicate groups",
            result.files, mb, result.documents, result.duplicate_groups
        );
        if let (Some(s), Some(r)) = (result.wc_seconds, result.wc_mb_per_s) {
            println!("wc -w:            {s:.3} s  {r:.1} MB/s");
        }
        for m in &result.rashomon {
            println!(
                "rashomon {} thr{}{}:   {:.3} s  {:.1} MB/s  ({:.2} s CPU: {:.1} MB/s per core)",
                m.threads,
                if m.tokens { " +tokens" } else { "" },
                if m.timexes { "" } else { " -timexes" },
                m.seconds,
                m.mb_per_s,
                m.cpu_seconds,
                m.mb_per_s_per_core
            );
        }
        if let Some(r) = result.ratio_to_wc {
            println!("rashomon (1 thread) runs at {r:.2}x the speed of wc -w");
        }
        if let Some(rss) = result.peak_rss_mb {
            println!("peak RSS: {rss:.0} MB");
        }
        println!("cpu: {}", result.cpu);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generator_is_deterministic() {
        let a = Generator::new().article(3000);
        let b = Generator::new().article(3000);
        assert_eq!(a, b);
        assert!(a.len() >= 3000);
    }
}

/// Throughput of one thread count, for the tagger benchmarks (`bench dates`, `bench
/// attribution`).
#[derive(Debug, Serialize)]
pub struct TaggerMeasurement {
    pub threads: usize,
    pub seconds: f64,
    pub cpu_seconds: f64,
    pub mb_per_s: f64,
    pub mb_per_s_per_core: f64,
}

/// Runs `work` (over a sample of `mb` megabytes) at each thread count, best of `repeat`.
pub(crate) fn measure(
    threads: &[usize],
    repeat: usize,
    mb: f64,
    work: impl Fn() -> usize + Send + Sync,
) -> Result<Vec<TaggerMeasurement>> {
    let mut out = Vec::new();
    for &n in threads {
        let (best, best_cpu, cores, found) = best_of(n, repeat, || Ok(work()))?;
        std::hint::black_box(found);
        out.push(TaggerMeasurement {
            threads: n,
            seconds: best,
            cpu_seconds: best_cpu,
            mb_per_s: mb / best,
            mb_per_s_per_core: mb / best / cores,
        });
    }
    Ok(out)
}

/// One line per thread count, then the CPU.
pub(crate) fn print_measurements(label: &str, measurements: &[TaggerMeasurement], cpu: &str) {
    for m in measurements {
        println!(
            "{label} {} thr:  {:.3} s  {:.1} MB/s  ({:.2} s CPU: {:.1} MB/s per core)",
            m.threads, m.seconds, m.mb_per_s, m.cpu_seconds, m.mb_per_s_per_core
        );
    }
    println!("cpu: {cpu}");
}
