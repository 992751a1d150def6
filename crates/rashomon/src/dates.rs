//! `rashomon dates`: every document's publication date (and how it was obtained) and its time
//! expressions, for inspection; plus the corpus-level step of date inference that needs all
//! documents at once.

use std::path::PathBuf;

use anyhow::Result;
use rashomon_ingest::{IngestReport, Options, Progress};
use rashomon_model::{AnnotatedDocument, DateSource, Published, Timex, TimexAnchor};
use serde::Serialize;

/// Documents read into memory, with the report of what was read.
pub struct Loaded {
    pub docs: Vec<AnnotatedDocument>,
    /// The input (index into `report.inputs`) each document came from.
    pub inputs: Vec<usize>,
    pub report: IngestReport,
}

/// Reads every input into memory (in input order).
pub fn load(
    paths: &[PathBuf],
    exclude: &[String],
    options: &Options,
    progress: impl FnMut(&Progress),
) -> Result<Loaded> {
    let expanded = rashomon_ingest::expand(paths, exclude).map_err(anyhow::Error::msg)?;
    let mut docs = Vec::new();
    let mut inputs = Vec::new();
    let report = rashomon_ingest::run(
        expanded,
        options,
        |input, doc| (input, doc),
        |(input, doc)| {
            inputs.push(input);
            docs.push(doc);
        },
        progress,
    );
    Ok(Loaded {
        docs,
        inputs,
        report,
    })
}

/// Completes publication dates that the text alone could not give (a dateline's "May 31"
/// with no year) with the year most of the corpus was published in, and re-resolves those
/// documents' timexes. Returns how many dates were completed.
pub fn infer_with_corpus(docs: &mut [AnnotatedDocument]) -> usize {
    let dates = docs
        .iter()
        .map(|d| (d.document.published.source, d.document.published.value));
    let Some(year) = rashomon_time::infer::corpus_year(dates) else {
        return 0;
    };
    let mut completed = 0;
    for doc in docs.iter_mut() {
        if complete_with_year(doc, year) {
            completed += 1;
        }
    }
    completed
}

/// Whether a document without a date needs the corpus year to get one (its dateline gives
/// day and month).
pub fn needs_corpus_year(doc: &AnnotatedDocument) -> bool {
    !doc.document.published.is_known()
        && doc
            .layers
            .dateline
            .as_ref()
            .is_some_and(|d| d.month.is_some() && d.day.is_some())
}

/// Infers `doc`'s publication date with the corpus year's help; on success re-resolves its
/// timexes and returns true.
pub fn complete_with_year(doc: &mut AnnotatedDocument, year: i32) -> bool {
    if doc.document.published.is_known() {
        return false;
    }
    let text = &doc.document.text;
    let inferred =
        rashomon_time::infer::infer_publication(text, doc.layers.dateline.as_ref(), Some(year));
    match inferred.filter(|p| p.is_known()) {
        Some(p) => {
            doc.document.published = p;
            doc.layers.timexes = rashomon_time::tag_document(&doc.document, &doc.layers);
            true
        }
        None => false,
    }
}

/// One line of `rashomon dates --json`.
#[derive(Debug, Serialize)]
pub struct DatesLine<'a> {
    pub doc_id: &'a str,
    pub path: &'a str,
    /// `{value, source, confidence, evidence}` as the document model has it.
    pub published: &'a Published,
    pub timexes: Vec<TimexOut<'a>>,
}

#[derive(Debug, Serialize)]
pub struct TimexOut<'a> {
    pub start: u32,
    pub end: u32,
    pub text: &'a str,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub value: &'a str,
    pub anchor: TimexAnchor,
    #[serde(rename = "mod", skip_serializing_if = "Option::is_none")]
    pub modifier: Option<rashomon_model::TimexMod>,
}

impl<'a> DatesLine<'a> {
    pub fn of(doc: &'a AnnotatedDocument) -> DatesLine<'a> {
        let d = &doc.document;
        DatesLine {
            doc_id: &d.id.0,
            path: &d.path,
            published: &d.published,
            timexes: doc
                .layers
                .timexes
                .iter()
                .map(|t| TimexOut {
                    start: t.span.start,
                    end: t.span.end,
                    text: &d.text[t.span.range()],
                    kind: t.kind.as_str(),
                    value: &t.value,
                    anchor: t.anchor,
                    modifier: t.modifier,
                })
                .collect(),
        }
    }
}

fn source_name(source: DateSource) -> &'static str {
    match source {
        DateSource::Metadata => "metadata",
        DateSource::HtmlMeta => "HTML metadata",
        DateSource::FolderName => "folder name",
        DateSource::Dateline => "dateline",
        DateSource::Inferred => "INFERRED",
        DateSource::Unknown => "unknown",
    }
}

fn anchor_name(doc: &AnnotatedDocument, t: &Timex) -> String {
    match t.anchor {
        TimexAnchor::Absolute => "as written".into(),
        TimexAnchor::Dct => "publication date".into(),
        TimexAnchor::Timex(s) => format!("\"{}\"", &doc.document.text[s.range()]),
    }
}

/// The human-readable account of one document.
pub fn describe(doc: &AnnotatedDocument) -> String {
    use std::fmt::Write;
    let d = &doc.document;
    let mut out = String::new();
    let title = d.title.as_deref().unwrap_or("(no title)");
    let _ = writeln!(out, "{}  [{}]  {}", d.path, d.id, title);
    let p = &d.published;
    let evidence = match &p.evidence {
        Some(e) if p.source == DateSource::Inferred || p.value.is_none() => format!("; {e}"),
        _ => String::new(),
    };
    let _ = match p.value {
        Some(v) => writeln!(
            out,
            "  published {v}  ({}, confidence {:.2}{evidence})",
            source_name(p.source),
            p.confidence
        ),
        None if evidence.is_empty() => writeln!(
            out,
            "  published: unknown (no date in the metadata, path or text)"
        ),
        None => writeln!(out, "  published: unknown ({})", &evidence[2..]),
    };
    for t in &doc.layers.timexes {
        let text = d.text[t.span.range()].replace('\n', " ");
        let _ = writeln!(
            out,
            "  {:>6}-{:<6} {:<30} {:<8} {:<14} from {}",
            t.span.start,
            t.span.end,
            format!("\"{text}\""),
            t.kind.as_str(),
            t.value,
            anchor_name(doc, t)
        );
    }
    out
}

/// Ingest options for commands that need dates but not who says what or where.
pub fn dates_only() -> rashomon_ingest::Options {
    rashomon_ingest::Options {
        annotate: rashomon_ingest::LayerOptions {
            attributions: false,
            places: false,
            ..Default::default()
        },
        ..Default::default()
    }
}
