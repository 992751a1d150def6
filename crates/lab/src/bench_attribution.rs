//! `rashomon-lab bench attribution`: throughput of attribution extraction plus per-document
//! speaker resolution (what ingest adds for the attribution layer), on real news text.
//!
//! Input: the documents of `--input PATH…` (any format ingest reads), else Timeline17 from
//! `../shared/data/t17` if present, else the bundled example; repeated until the sample
//! reaches `--size-mb`. Text layers (paragraphs, sentences) are computed before timing.

use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::Args;
use rashomon_model::AnnotatedDocument;
use rayon::prelude::*;
use serde::Serialize;

use crate::bench::{cpu_name, measure, print_measurements, TaggerMeasurement};

#[derive(Args, Debug, Clone)]
pub struct AttributionBenchArgs {
    /// Files or folders of articles (default: ../shared/data/t17 if present, else
    /// examples/raqqa).
    #[arg(long = "input")]
    pub inputs: Vec<PathBuf>,
    /// Size of the sample in MB (the texts are repeated to reach it).
    #[arg(long, default_value_t = 20)]
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
pub struct AttributionBenchResult {
    pub source: String,
    pub distinct_texts: usize,
    pub sample_bytes: u64,
    pub attributions_per_kb: f64,
    pub measurements: Vec<TaggerMeasurement>,
    pub cpu: String,
}

fn attributions_of(d: &AnnotatedDocument, resources: &rashomon_pile::Resources) -> usize {
    let mut found = resources.extractor().extract(&d.document.text, &d.layers);
    rashomon_attribution::denials::resolve(&d.document.text, &d.layers.sentences, &mut found);
    // As annotate does: the document's paragraphs (and places, when the layer is there).
    let context = rashomon_actors::DocContext {
        paragraphs: &d.layers.paragraphs,
        places: &d.layers.places,
    };
    resources
        .resolver()
        .resolve_document_in(&d.document.text, &mut found, &context);
    found.len()
}

pub fn run_attribution_bench(
    args: &AttributionBenchArgs,
    resources: &rashomon_pile::Resources,
) -> Result<()> {
    let t17 = Path::new("../shared/data/t17");
    let inputs: Vec<PathBuf> = if !args.inputs.is_empty() {
        args.inputs.clone()
    } else if t17.is_dir() {
        eprintln!("no --input: using Timeline17 in {}", t17.display());
        vec![t17.to_path_buf()]
    } else {
        eprintln!("no --input and no ../shared/data/t17: using examples/raqqa");
        vec![PathBuf::from("examples/raqqa")]
    };
    let source = inputs
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let exclude = vec!["**/timelines/**".to_string(), "**/keywords/**".to_string()];
    let loaded = rashomon_pile::Pile::read(
        &inputs,
        &exclude,
        &crate::dates_only(),
        resources,
        None,
        |_| {},
    )?
    .all_documents(resources)?;
    let docs: Vec<AnnotatedDocument> = loaded
        .into_iter()
        .filter(|d| !d.document.text.is_empty())
        .collect();
    anyhow::ensure!(!docs.is_empty(), "no text in {source}");
    // Warm the model and the alias table outside the timing.
    let found: usize = docs.par_iter().map(|d| attributions_of(d, resources)).sum();
    let distinct_bytes: usize = docs.iter().map(|d| d.document.text.len()).sum();
    let target = (args.size_mb * 1_000_000) as usize;
    let mut sample: Vec<&AnnotatedDocument> = Vec::new();
    let mut bytes = 0usize;
    while bytes < target {
        for d in &docs {
            sample.push(d);
            bytes += d.document.text.len();
        }
    }
    let mb = bytes as f64 / 1e6;
    let measurements = measure(&args.threads, args.repeat, mb, || {
        sample
            .par_iter()
            .with_min_len(16)
            .map(|d| attributions_of(d, resources))
            .sum::<usize>()
    })?;
    let result = AttributionBenchResult {
        source,
        distinct_texts: docs.len(),
        sample_bytes: bytes as u64,
        attributions_per_kb: found as f64 / (distinct_bytes as f64 / 1000.0),
        measurements,
        cpu: cpu_name(),
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&result)?);
    } else {
        println!(
            "sample: {:.1} MB from {} distinct texts of {} ({:.2} attributions per KB)",
            mb, result.distinct_texts, result.source, result.attributions_per_kb
        );
        print_measurements("attribution", &result.measurements, &result.cpu);
    }
    Ok(())
}
