//! `rashomon ingest`: read a pile of news into `corpus.jsonl` and account for every input in
//! `ingest-report.json`.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rashomon_ingest::report::Totals;
use rashomon_ingest::{IngestReport, InputReport, Options, Progress};
use rashomon_linking::{find_duplicate_groups, originals, DuplicateGroup, Signature};
use rashomon_model::{AnnotatedDocument, DateSource, DateValue, DocId, Outlet};
use serde::{Deserialize, Serialize};

/// What the report keeps of each document.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DocSummary {
    pub id: DocId,
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locator: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<DateValue>,
    /// How the publication date was obtained (`inferred` dates are the tagger's estimate).
    pub date_source: DateSource,
    /// Time expressions found in the text.
    pub timexes: usize,
    #[serde(skip)]
    pub input: usize,
    /// Whether the date could be completed with the corpus year (see `dates::needs_corpus_year`).
    #[serde(skip)]
    pub needs_year: bool,
}

impl DocSummary {
    pub(crate) fn of(input: usize, doc: &AnnotatedDocument) -> DocSummary {
        let d = &doc.document;
        DocSummary {
            id: d.id.clone(),
            path: d.path.clone(),
            locator: d.locator.clone(),
            outlet: d.outlet.as_ref().map(|o: &Outlet| o.name.clone()),
            published: d.published.value,
            date_source: d.published.source,
            timexes: doc.layers.timexes.len(),
            input,
            needs_year: crate::dates::needs_corpus_year(doc),
        }
    }
}

/// Articles that are one article: wire copy and its reprints.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DuplicateGroupReport {
    /// The earliest-published member (the first found when dates are missing).
    pub representative: DocId,
    pub exact: bool,
    pub min_similarity: f32,
    pub members: Vec<DocSummary>,
    /// Distinct outlets among the members.
    pub outlets: Vec<String>,
}

/// Totals over the whole run, including duplicate detection.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RunTotals {
    #[serde(flatten)]
    pub inputs: Totals,
    /// Documents that repeat an earlier article of their group.
    pub duplicates: u64,
    /// Documents less duplicates: the number of distinct articles.
    pub distinct_articles: u64,
    /// Distinct outlets over all documents.
    pub outlets: u64,
    /// Documents whose outlet is unknown.
    pub documents_without_outlet: u64,
    /// Documents whose publication date is unknown.
    pub documents_without_date: u64,
    /// Documents whose publication date was inferred from their text (and the corpus year).
    pub documents_with_inferred_date: u64,
    /// Time expressions over all documents.
    pub timexes: u64,
}

/// `ingest-report.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IngestSummary {
    pub totals: RunTotals,
    pub duplicate_groups: Vec<DuplicateGroupReport>,
    pub inputs: Vec<InputReport>,
}

pub struct IngestArgs {
    pub paths: Vec<PathBuf>,
    pub out: PathBuf,
    pub exclude: Vec<String>,
    pub options: Options,
    pub duplicate_threshold: f32,
}

/// The order in which a duplicate group's original is chosen: dated before undated, then the
/// earliest.
pub fn earliest_first(published: Option<DateValue>) -> (bool, Option<chrono::NaiveDate>) {
    let date = published.map(DateValue::date);
    (date.is_none(), date)
}

/// Folds the duplicate groups into the per-input report.
pub fn summarise(
    mut report: IngestReport,
    docs: Vec<DocSummary>,
    groups: &[DuplicateGroup],
) -> IngestSummary {
    let original = originals(docs.len(), groups, |m| earliest_first(docs[m].published));
    let mut duplicates = 0u64;
    let mut group_reports = Vec::with_capacity(groups.len());
    for g in groups {
        // The earliest-published member is the original; the others are its duplicates.
        let rep = original[g.members[0]];
        for &m in &g.members {
            if m != rep {
                duplicates += 1;
                report.inputs[docs[m].input].duplicates += 1;
            }
        }
        let outlets: BTreeSet<String> = g
            .members
            .iter()
            .filter_map(|&m| docs[m].outlet.clone())
            .collect();
        group_reports.push(DuplicateGroupReport {
            representative: docs[rep].id.clone(),
            exact: g.exact,
            min_similarity: g.min_similarity,
            members: g.members.iter().map(|&m| docs[m].clone()).collect(),
            outlets: outlets.into_iter().collect(),
        });
    }
    let outlets: BTreeSet<&str> = docs.iter().filter_map(|d| d.outlet.as_deref()).collect();
    let totals = RunTotals {
        duplicates,
        distinct_articles: docs.len() as u64 - duplicates,
        outlets: outlets.len() as u64,
        documents_without_outlet: docs.iter().filter(|d| d.outlet.is_none()).count() as u64,
        documents_without_date: docs.iter().filter(|d| d.published.is_none()).count() as u64,
        documents_with_inferred_date: docs
            .iter()
            .filter(|d| d.date_source == DateSource::Inferred)
            .count() as u64,
        timexes: docs.iter().map(|d| d.timexes as u64).sum(),
        inputs: report.totals.clone(),
    };
    IngestSummary {
        totals,
        duplicate_groups: group_reports,
        inputs: report.inputs,
    }
}

/// Runs ingest and writes `corpus.jsonl` and `ingest-report.json` into `args.out`.
pub fn run(args: &IngestArgs, progress: impl FnMut(&Progress)) -> Result<IngestSummary> {
    let expanded =
        rashomon_ingest::expand(&args.paths, &args.exclude).map_err(anyhow::Error::msg)?;
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create output folder {}", args.out.display()))?;
    let corpus_path = args.out.join("corpus.jsonl");
    let mut corpus = BufWriter::with_capacity(
        1 << 20,
        File::create(&corpus_path)
            .with_context(|| format!("cannot create {}", corpus_path.display()))?,
    );
    let mut docs = Vec::new();
    let mut signatures = Vec::new();
    let mut write_error: Option<std::io::Error> = None;
    let report = rashomon_ingest::run(
        expanded,
        &args.options,
        |input, doc| {
            let mut line = serde_json::to_vec(&doc).expect("documents serialise");
            line.push(b'\n');
            (DocSummary::of(input, &doc), Signature::of(&doc), line)
        },
        |(summary, signature, line)| {
            if write_error.is_none() {
                if let Err(e) = corpus.write_all(&line) {
                    write_error = Some(e);
                }
            }
            docs.push(summary);
            signatures.push(signature);
        },
        progress,
    );
    if let Some(e) = write_error {
        return Err(e).with_context(|| format!("cannot write {}", corpus_path.display()));
    }
    corpus
        .flush()
        .with_context(|| format!("cannot write {}", corpus_path.display()))?;
    complete_dates_with_corpus_year(&corpus_path, &mut docs)?;
    let groups = find_duplicate_groups(&signatures, args.duplicate_threshold);
    let summary = summarise(report, docs, &groups);
    write_json(&args.out.join("ingest-report.json"), &summary)?;
    Ok(summary)
}

/// The corpus-level step of date inference: documents whose dateline gives day and month
/// but no year get the year most of the corpus was published in (when their own text agrees),
/// rewriting their lines of `corpus.jsonl`. Only runs when such documents exist.
fn complete_dates_with_corpus_year(corpus_path: &Path, docs: &mut [DocSummary]) -> Result<()> {
    if !docs.iter().any(|d| d.needs_year) {
        return Ok(());
    }
    let dates = docs.iter().map(|d| (d.date_source, d.published));
    let Some(year) = rashomon_time::infer::corpus_year(dates) else {
        return Ok(());
    };
    let cannot = || format!("cannot rewrite {}", corpus_path.display());
    let rewritten = corpus_path.with_extension("jsonl.tmp");
    {
        let reader = std::io::BufReader::new(File::open(corpus_path).with_context(cannot)?);
        let mut out = BufWriter::new(File::create(&rewritten).with_context(cannot)?);
        for (i, line) in std::io::BufRead::lines(reader).enumerate() {
            let line = line.with_context(cannot)?;
            match docs.get_mut(i).filter(|d| d.needs_year) {
                Some(summary) => {
                    let mut doc: AnnotatedDocument =
                        serde_json::from_str(&line).with_context(cannot)?;
                    if crate::dates::complete_with_year(&mut doc, year) {
                        summary.published = doc.document.published.value;
                        summary.date_source = doc.document.published.source;
                        summary.timexes = doc.layers.timexes.len();
                    }
                    serde_json::to_writer(&mut out, &doc)?;
                }
                None => out.write_all(line.as_bytes())?,
            }
            out.write_all(b"\n")?;
        }
        out.flush().with_context(cannot)?;
    }
    std::fs::rename(&rewritten, corpus_path).with_context(cannot)?;
    Ok(())
}

pub fn write_json(path: &Path, value: &impl Serialize) -> Result<()> {
    let file = File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    let mut w = BufWriter::new(file);
    serde_json::to_writer_pretty(&mut w, value)?;
    w.write_all(b"\n")?;
    w.flush()
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// The one-paragraph account printed at the end of a run.
pub fn describe(summary: &IngestSummary) -> String {
    let t = &summary.totals;
    let i = &t.inputs;
    let mut s = format!(
        "{} documents from {} input(s): {} read, {} partial, {} rejected; {} record(s) rejected, {} skipped.\n",
        i.documents, i.inputs, i.inputs_read, i.inputs_partial, i.inputs_rejected, i.records_rejected, i.records_skipped
    );
    s.push_str(&format!(
        "{} distinct article(s): {} duplicate(s) in {} group(s); {} outlet(s); {} without outlet, {} without date.\n",
        t.distinct_articles,
        t.duplicates,
        summary.duplicate_groups.len(),
        t.outlets,
        t.documents_without_outlet,
        t.documents_without_date
    ));
    s.push_str(&format!(
        "{} time expression(s); {} publication date(s) inferred from the text (marked \"inferred\").",
        t.timexes, t.documents_with_inferred_date
    ));
    s
}
