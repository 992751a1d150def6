//! `rashomon places`: where each document's places are; and the pile-level step that
//! resolves them again once the whole pile is known (the timeline runs it too).

use std::io::Write;

use anyhow::Result;
use rashomon_model::AnnotatedDocument;
use rashomon_places::resolve::{PilePrior, PlaceTally};
use rayon::prelude::*;

/// Resolves every document's places again with the pile's prior: where the pile's places
/// lie (each country's and region's share, by confidence), and where the other articles of
/// the document's outlet lie, lean ambiguous names towards them. Spans stay as ingest found
/// them.
pub fn resolve_places_in_pile(docs: &mut [AnnotatedDocument]) {
    let g = rashomon_places::current();
    let tallies: Vec<PlaceTally> = docs.iter().map(tally).collect();
    let pile = PilePrior::from_documents(docs.iter().zip(&tallies).map(|(d, t)| (outlet(d), t)));
    docs.par_iter_mut().zip(&tallies).for_each(|(d, own)| {
        if d.layers.places.is_empty() {
            return;
        }
        let spans: Vec<rashomon_model::Span> = d.layers.places.iter().map(|t| t.span).collect();
        let host = d.document.url.as_deref().and_then(host_of);
        let prior = pile
            .for_document(outlet(d), Some(own))
            .with_host(host.as_deref());
        d.layers.places = rashomon_places::resolve_spans(g, &d.document.text, &spans, prior);
    });
}

/// The host name of a web address.
pub fn host_of(address: &str) -> Option<String> {
    url::Url::parse(address)
        .ok()?
        .host_str()
        .map(str::to_string)
}

fn outlet(d: &AnnotatedDocument) -> Option<&str> {
    d.document.outlet.as_ref().map(|o| o.name.as_str())
}

/// Where a document's places lie, as ingest resolved them (each by its confidence).
fn tally(d: &AnnotatedDocument) -> PlaceTally {
    let mut t = PlaceTally::default();
    for p in &d.layers.places {
        let region = (p.class != rashomon_model::PlaceClass::Country)
            .then_some(p.region.as_deref())
            .flatten();
        t.add(&p.country, region, p.confidence);
    }
    t
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
