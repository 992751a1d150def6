//! The pile-wide step of place resolution: the pile's prior, from the documents' summaries,
//! and the documents shown resolved again with it.

use rashomon_model::{AnnotatedDocument, Span};
use rashomon_places::resolve::{PilePrior, PlaceTally};
use rashomon_places::Gazetteer;

use crate::summary::DocSummary;

fn tally(s: &DocSummary) -> PlaceTally {
    let mut t = PlaceTally::default();
    for p in &s.places {
        t.add(&p.country, p.region.as_deref(), p.confidence);
    }
    t
}

/// Where the pile's places lie (each country's and region's share, by confidence), overall
/// and by outlet.
pub(crate) fn pile_prior(summaries: &[DocSummary]) -> PilePrior {
    let tallies: Vec<PlaceTally> = summaries.iter().map(tally).collect();
    PilePrior::from_documents(
        summaries
            .iter()
            .zip(&tallies)
            .map(|(s, t)| (s.meta.outlet_name(), t)),
    )
}

/// Resolves a document's places again with the pile's prior: ambiguous names lean towards
/// where the pile's places lie and where the other articles of its outlet lie (its own first
/// reading subtracted). Spans stay as the per-document step found them.
pub(crate) fn resolve_document(
    doc: &mut AnnotatedDocument,
    pile: &PilePrior,
    summary: &DocSummary,
    g: &Gazetteer,
) {
    if doc.layers.places.is_empty() {
        return;
    }
    let own = tally(summary);
    let spans: Vec<Span> = doc.layers.places.iter().map(|t| t.span).collect();
    let host = doc.document.url.as_deref().and_then(host_of);
    let prior = pile
        .for_document(summary.meta.outlet_name(), Some(&own))
        .with_host(host.as_deref());
    doc.layers.places = rashomon_places::resolve_spans(g, &doc.document.text, &spans, prior);
}

/// The host name of a web address.
pub fn host_of(address: &str) -> Option<String> {
    url::Url::parse(address)
        .ok()?
        .host_str()
        .map(str::to_string)
}
