//! `rashomon places`: where each document's places are, resolved with the pile's prior.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use rashomon::cli::InputArgs;
use rashomon_model::AnnotatedDocument;
use rashomon_pile::{LayerOptions, Resources};

#[derive(Args)]
pub struct PlacesCli {
    #[command(flatten)]
    pub input: InputArgs,
    /// Print JSON Lines: {doc_id, path, places: [{start, end, text, name, id, country,
    /// region, class, lat, lon, confidence}]}.
    #[arg(long)]
    pub json: bool,
}

pub fn run(cli: &PlacesCli, resources: &Resources, quiet: bool) -> Result<ExitCode> {
    let layers = LayerOptions {
        timexes: false,
        attributions: false,
        places: true,
    };
    let mut pile = cli.input.pile(layers, resources, quiet, None)?;
    pile.resolve_places()?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut n = 0;
    let mut written: Result<()> = Ok(());
    pile.for_each_document(resources, |_, doc| {
        if written.is_ok() {
            written = write_places(std::slice::from_ref(&doc), cli.json, &mut out).map(|k| n += k);
        }
    })?;
    written?;
    out.flush()?;
    let report = pile.report()?;
    let totals = &report.totals;
    if !quiet {
        eprintln!(
            "{n} place mentions in {} documents from {} input(s) ({} rejected). Places: GeoNames (geonames.org), CC-BY 4.0.",
            pile.len(),
            totals.inputs,
            totals.inputs_rejected
        );
    }
    if pile.is_empty() {
        eprintln!("error: no usable document in the input(s)");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// One line of `rashomon places --json`.
#[derive(serde::Serialize)]
pub struct PlacesLine<'a> {
    pub doc_id: &'a str,
    pub path: &'a str,
    pub places: Vec<rashomon_report::PlaceOut>,
}

/// Writes every document's places: JSON Lines, or a readable block per document.
pub fn write_places(docs: &[AnnotatedDocument], json: bool, mut out: impl Write) -> Result<usize> {
    let mut n = 0;
    for d in docs {
        let places: Vec<rashomon_report::PlaceOut> = d
            .layers
            .places
            .iter()
            .map(|t| rashomon_report::PlaceOut::of(d, t))
            .collect();
        n += places.len();
        if json {
            serde_json::to_writer(
                &mut out,
                &PlacesLine {
                    doc_id: &d.document.id.0,
                    path: &d.document.path,
                    places,
                },
            )?;
            writeln!(out)?;
        } else {
            writeln!(out, "{}  [{}]", d.document.path, d.document.id.0)?;
            for p in &places {
                writeln!(
                    out,
                    "  {:>6}-{:<6} {:<24} {} ({}{}, {:?}) {:.4}, {:.4}  confidence {:.2}",
                    p.start,
                    p.end,
                    format!("{:?}", p.text),
                    p.name,
                    p.country,
                    p.region
                        .as_deref()
                        .map(|r| format!(", {r}"))
                        .unwrap_or_default(),
                    p.class,
                    p.lat,
                    p.lon,
                    p.confidence
                )?;
            }
        }
    }
    out.flush()?;
    Ok(n)
}
