//! The pile-wide step of place resolution: the pile's prior, from the documents' summaries,
//! and the documents shown resolved again with it.

use rashomon_model::{AnnotatedDocument, Span};
use rashomon_places::resolve::{PilePrior, PlaceTally};
use rashomon_places::Gazetteer;

use rashomon_model::DocMeta;

use crate::summary::PlaceWeight;

fn tally(weights: &[PlaceWeight]) -> PlaceTally {
    let mut t = PlaceTally::default();
    for p in weights {
        t.add(&p.country, p.region.as_deref(), p.confidence);
    }
    t
}

/// Where the pile's places lie (each country's and region's share, by confidence), overall
/// and by outlet.
pub(crate) fn pile_prior(metas: &[DocMeta], weights: &[Vec<PlaceWeight>]) -> PilePrior {
    let tallies: Vec<PlaceTally> = weights.iter().map(|w| tally(w)).collect();
    PilePrior::from_documents(
        metas
            .iter()
            .zip(&tallies)
            .map(|(m, t)| (m.outlet_name(), t)),
    )
}

/// Resolves a document's places again with the pile's prior: ambiguous names lean towards
/// where the pile's places lie and where the other articles of its outlet lie (its own first
/// reading subtracted). Spans stay as the per-document step found them.
pub(crate) fn resolve_document(
    doc: &mut AnnotatedDocument,
    pile: &PilePrior,
    outlet: Option<&str>,
    weights: &[PlaceWeight],
    g: &Gazetteer,
) {
    if doc.layers.places.is_empty() {
        return;
    }
    let own = tally(weights);
    let spans: Vec<Span> = doc.layers.places.iter().map(|t| t.span).collect();
    let host = doc.document.url.as_deref().and_then(host_of);
    let prior = pile
        .for_document(outlet, Some(&own))
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
