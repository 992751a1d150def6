//! `rashomon dates`: every document's publication date (and how it was obtained) and its time
//! expressions, for inspection.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use rashomon::cli::InputArgs;
use rashomon_model::{AnnotatedDocument, DateSource, Published, Timex, TimexAnchor};
use rashomon_pile::{LayerOptions, Resources};
use serde::Serialize;

#[derive(Args)]
pub struct DatesCli {
    #[command(flatten)]
    pub input: InputArgs,
    /// Print JSON Lines, one document a line.
    #[arg(long)]
    pub json: bool,
}

pub fn run(cli: &DatesCli, resources: &Resources, quiet: bool) -> Result<ExitCode> {
    let pile = cli
        .input
        .pile(LayerOptions::dates_only(), resources, quiet, None)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut written: Result<()> = Ok(());
    pile.for_each_document(resources, |_, doc| {
        if written.is_ok() {
            written = if cli.json {
                serde_json::to_writer(&mut out, &DatesLine::of(&doc))
                    .map_err(anyhow::Error::from)
                    .and_then(|()| Ok(writeln!(out)?))
            } else {
                writeln!(out, "{}", describe(&doc)).map_err(anyhow::Error::from)
            };
        }
    })?;
    written?;
    out.flush()?;
    let report = pile.report()?;
    let totals = &report.totals;
    if !quiet {
        let metas = pile.metas();
        let inferred = metas
            .iter()
            .filter(|d| d.published.source == DateSource::Inferred)
            .count();
        let unknown = metas.iter().filter(|d| !d.published.is_known()).count();
        eprintln!(
            "{} documents from {} input(s) ({} rejected); {} publication date(s) inferred ({} with the corpus year), {} unknown.",
            pile.len(),
            totals.inputs,
            totals.inputs_rejected,
            inferred,
            pile.dates_completed,
            unknown
        );
    }
    if pile.is_empty() {
        eprintln!("error: no usable document in the input(s)");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
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
        TimexAnchor::Pile => "the pile's dates (INFERRED year)".into(),
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
    if let (None, Some(bounds)) = (p.value, p.bounds_text()) {
        let _ = writeln!(out, "  published {bounds} (what the text proves)");
    }
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
