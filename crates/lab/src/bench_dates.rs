//! `rashomon-lab bench dates`: throughput of the timex tagger alone (find + normalise), on real
//! news text when it is at hand and on generated text otherwise.
//!
//! Input: the documents of `--input PATH…` (any format ingest reads, or TimeML `.tml` files,
//! whose `<TEXT>` is used with its `<DCT>`), repeated until the sample reaches `--size-mb`.
//! Without `--input`, Timeline17 from `../shared/data/t17` is used if present, else generated
//! sentences with time expressions mixed in.

use std::path::{Path, PathBuf};

use anyhow::Result;
use chrono::NaiveDate;
use clap::Args;
use rayon::prelude::*;
use serde::Serialize;

use crate::bench::{cpu_name, measure, print_measurements, TaggerMeasurement};

#[derive(Args, Debug, Clone)]
pub struct DatesBenchArgs {
    /// Files or folders whose texts to tag (default: ../shared/data/t17 if present, else
    /// generated text).
    #[arg(long = "input")]
    pub inputs: Vec<PathBuf>,
    /// Size of the sample in MB (the texts are repeated to reach it).
    #[arg(long, default_value_t = 100)]
    pub size_mb: u64,
    /// Timed repetitions; the best is reported.
    #[arg(long, default_value_t = 3)]
    pub repeat: usize,
    /// Thread counts to measure, comma separated.
    #[arg(long, value_delimiter = ',', default_value = "1,2")]
    pub threads: Vec<usize>,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Serialize)]
pub struct DatesBenchResult {
    pub source: String,
    pub distinct_texts: usize,
    pub sample_bytes: u64,
    pub timexes: usize,
    pub timexes_per_kb: f64,
    pub measurements: Vec<TaggerMeasurement>,
    pub cpu: String,
}

fn tml_files(path: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    if path.is_dir() {
        for e in std::fs::read_dir(path)? {
            tml_files(&e?.path(), out)?;
        }
    } else if path.extension().is_some_and(|x| x == "tml") {
        out.push(path.to_path_buf());
    }
    Ok(())
}

/// The texts (with their publication dates) of the inputs: TimeML `<TEXT>`s for inputs that
/// hold `.tml` files, the documents ingest reads for the others.
fn texts_of(
    inputs: &[PathBuf],
    resources: &rashomon_pile::Resources,
) -> Result<Vec<(String, Option<NaiveDate>)>> {
    let mut out = Vec::new();
    let mut others = Vec::new();
    for input in inputs {
        let mut tml = Vec::new();
        tml_files(input, &mut tml)?;
        if tml.is_empty() {
            others.push(input.clone());
        }
        for p in tml {
            let doc = rashomon_eval::timeml::parse(&std::fs::read_to_string(&p)?)
                .map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?;
            let dct = doc.dct();
            out.push((doc.text, dct));
        }
    }
    if !others.is_empty() {
        let loaded =
            rashomon_pile::Pile::read(&others, &[], &crate::dates_only(), resources, None, |_| {})?
                .all_documents(resources)?;
        for d in loaded {
            let dct = d.document.published.value.map(|v| v.date());
            out.push((d.document.text, dct));
        }
    }
    Ok(out)
}

/// News-like sentences with time expressions of every kind the tagger handles, about one per
/// sentence and a half (Timeline17 has about one per 200 bytes).
fn generated(target: usize) -> Vec<(String, Option<NaiveDate>)> {
    const PHRASES: &[&str] = &[
        "on Thursday",
        "last week",
        "on May 25, 2017",
        "three days later",
        "in 2016",
        "the next day",
        "earlier this year",
        "on 13 October",
        "for two years",
        "now",
        "at 10:30 a.m.",
        "two weeks ago",
        "in the third quarter",
        "every day",
        "recently",
    ];
    const WORDS: &[&str] = &[
        "the",
        "ministry",
        "said",
        "fighters",
        "of",
        "a",
        "convoy",
        "left",
        "city",
        "and",
        "officials",
        "in",
        "talks",
        "with",
        "to",
        "forces",
        "that",
        "local",
        "council",
        "reported",
    ];
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let mut docs = Vec::new();
    while docs
        .iter()
        .map(|(t, _): &(String, _)| t.len())
        .sum::<usize>()
        < target
    {
        let mut text = String::new();
        while text.len() < 3000 {
            let n = 10 + next(15);
            for k in 0..n {
                if k > 0 {
                    text.push(' ');
                }
                if next(10) == 0 {
                    text.push_str(PHRASES[next(PHRASES.len())]);
                } else {
                    text.push_str(WORDS[next(WORDS.len())]);
                }
            }
            text.push_str(". ");
        }
        docs.push((text, NaiveDate::from_ymd_opt(2017, 10, 14)));
    }
    docs
}

pub fn run_dates_bench(args: &DatesBenchArgs, resources: &rashomon_pile::Resources) -> Result<()> {
    let default_t17 = Path::new("../shared/data/t17");
    let (source, mut texts) = if !args.inputs.is_empty() {
        let names: Vec<String> = args
            .inputs
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        (names.join(", "), texts_of(&args.inputs, resources)?)
    } else if default_t17.is_dir() {
        eprintln!("no --input: using Timeline17 in {}", default_t17.display());
        (
            default_t17.display().to_string(),
            texts_of(&[default_t17.to_path_buf()], resources)?,
        )
    } else {
        eprintln!("no --input and no ../shared/data/t17: using generated text");
        ("generated".to_string(), generated(10_000_000))
    };
    texts.retain(|(t, _)| !t.is_empty());
    anyhow::ensure!(!texts.is_empty(), "no text to tag in {source}");
    let distinct = texts.len();
    let target = (args.size_mb * 1_000_000) as usize;
    let mut sample: Vec<&(String, Option<NaiveDate>)> = Vec::new();
    let mut bytes = 0usize;
    while bytes < target {
        for t in &texts {
            sample.push(t);
            bytes += t.0.len();
        }
    }
    let timexes: usize = texts
        .iter()
        .map(|(t, d)| rashomon_time::tag(t, *d).len())
        .sum();
    let distinct_bytes: usize = texts.iter().map(|(t, _)| t.len()).sum();
    let mb = bytes as f64 / 1e6;
    let measurements = measure(&args.threads, args.repeat, mb, || {
        sample
            .par_iter()
            .with_min_len(64)
            .map(|(t, d)| rashomon_time::tag(t, *d).len())
            .sum::<usize>()
    })?;
    let result = DatesBenchResult {
        source,
        distinct_texts: distinct,
        sample_bytes: bytes as u64,
        timexes,
        timexes_per_kb: timexes as f64 / (distinct_bytes as f64 / 1000.0),
        measurements,
        cpu: cpu_name(),
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&result)?);
    } else {
        println!(
            "sample: {:.1} MB from {} distinct texts of {} ({:.2} timexes per KB)",
            mb, result.distinct_texts, result.source, result.timexes_per_kb
        );
        print_measurements("tagger", &result.measurements, &result.cpu);
    }
    Ok(())
}
