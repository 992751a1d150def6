//! `rashomon timeline`: read a pile of articles, date them, and write the timeline as
//! `timeline.json`, `timeline.csv` and `report.html`.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rashomon_ingest::{Options, Progress};
use rashomon_linking::{find_duplicate_groups, Signature};
use rashomon_model::{AnnotatedDocument, DateSource};
use rashomon_report::TimelineOut;
use serde::Serialize;

use crate::ingest::{summarise, DocSummary, IngestSummary};

pub struct TimelineArgs {
    pub paths: Vec<PathBuf>,
    pub out: PathBuf,
    pub exclude: Vec<String>,
    pub ingest: Options,
    pub timeline: rashomon_timeline::Options,
    pub duplicate_threshold: f32,
}

/// `timeline.json`: the timeline and the account of what was read.
#[derive(Serialize)]
struct TimelineJson<'a> {
    #[serde(flatten)]
    timeline: &'a TimelineOut,
    ingest: &'a IngestSummary,
}

pub struct TimelineRun {
    pub timeline: TimelineOut,
    pub ingest: IngestSummary,
    pub seconds: f64,
}

/// For each document, the index of the earliest-published member of its duplicate group.
fn originals(docs: &[AnnotatedDocument], signatures: &[Signature], threshold: f32) -> Vec<usize> {
    let mut group_of: Vec<usize> = (0..docs.len()).collect();
    for g in find_duplicate_groups(signatures, threshold) {
        let first = *g
            .members
            .iter()
            .min_by_key(|&&m| {
                let date = docs[m].document.published.value.map(|v| v.date());
                (date.is_none(), date, m)
            })
            .expect("groups have members");
        for &m in &g.members {
            group_of[m] = first;
        }
    }
    group_of
}

fn notes(docs: &[AnnotatedDocument]) -> Vec<String> {
    let inferred = docs
        .iter()
        .filter(|d| d.document.published.source == DateSource::Inferred)
        .count();
    let unknown = docs
        .iter()
        .filter(|d| !d.document.published.is_known())
        .count();
    let mut notes = Vec::new();
    if inferred > 0 {
        notes.push(format!(
            "{inferred} of {} articles have a publication date inferred from their text (marked \"inferred\").",
            docs.len()
        ));
    }
    if unknown > 0 {
        notes.push(format!(
            "{unknown} article(s) have no publication date; they count only through the dates they mention."
        ));
    }
    notes.push("All articles are treated as one story: stories are not separated yet.".to_string());
    notes
}

/// Builds the timeline and writes the three outputs into `args.out`.
pub fn run(args: &TimelineArgs, progress: impl FnMut(&Progress)) -> Result<TimelineRun> {
    let started = std::time::Instant::now();
    let mut loaded = crate::dates::load(&args.paths, &args.exclude, &args.ingest, progress)?;
    crate::dates::infer_with_corpus(&mut loaded.docs);
    let docs = &loaded.docs;
    let signatures: Vec<Signature> = docs.iter().map(Signature::of).collect();
    let summaries: Vec<DocSummary> = docs
        .iter()
        .zip(&loaded.inputs)
        .map(|(d, &input)| DocSummary::of(input, d))
        .collect();
    let report = loaded.report;
    let ingest = summarise(report, summaries, &signatures, args.duplicate_threshold);
    let group_of = originals(docs, &signatures, args.duplicate_threshold);
    let built = rashomon_timeline::build(docs, &group_of, &args.timeline);
    let out = rashomon_report::assemble(docs, &built, &args.timeline, notes(docs));

    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create output folder {}", args.out.display()))?;
    let json_path = args.out.join("timeline.json");
    crate::ingest::write_json(
        &json_path,
        &TimelineJson {
            timeline: &out,
            ingest: &ingest,
        },
    )?;
    let csv_path = args.out.join("timeline.csv");
    let file = std::fs::File::create(&csv_path)
        .with_context(|| format!("cannot create {}", csv_path.display()))?;
    rashomon_report::write_csv(&out, std::io::BufWriter::new(file))
        .with_context(|| format!("cannot write {}", csv_path.display()))?;
    let outlets = ingest.totals.outlets;
    let lede = format!(
        "{} articles from {} outlet{}, {} distinct after reprints.",
        ingest.totals.inputs.documents,
        outlets,
        if outlets == 1 { "" } else { "s" },
        ingest.totals.distinct_articles
    );
    let html =
        rashomon_report::render_html(&out, docs, &headline(&args.paths, &args.timeline), &lede);
    write_file(&args.out.join("report.html"), html.as_bytes())?;
    Ok(TimelineRun {
        timeline: out,
        ingest,
        seconds: started.elapsed().as_secs_f64(),
    })
}

fn headline(paths: &[PathBuf], options: &rashomon_timeline::Options) -> String {
    if !options.keywords.is_empty() {
        return format!("Timeline: {}", options.keywords.join(", "));
    }
    let name = paths
        .first()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    format!("Timeline: {name}")
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut f =
        std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    f.write_all(bytes)
        .with_context(|| format!("cannot write {}", path.display()))
}
