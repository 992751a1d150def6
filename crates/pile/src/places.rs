//! The pile-wide step of place resolution.

use rashomon_model::{AnnotatedDocument, Span};
use rashomon_places::resolve::{PilePrior, PlaceTally};
use rashomon_places::Gazetteer;
use rayon::prelude::*;

/// Resolves every document's places again with the pile's prior: where the pile's places
/// lie (each country's and region's share, by confidence), and where the other articles of
/// the document's outlet lie, lean ambiguous names towards them. Spans stay as the
/// per-document step found them.
pub(crate) fn resolve_in_pile(docs: &mut [AnnotatedDocument], g: &Gazetteer) {
    let tallies: Vec<PlaceTally> = docs
        .iter()
        .map(|d| PlaceTally::of_toponyms(&d.layers.places))
        .collect();
    let pile = PilePrior::from_documents(docs.iter().zip(&tallies).map(|(d, t)| (outlet(d), t)));
    docs.par_iter_mut().zip(&tallies).for_each(|(d, own)| {
        if d.layers.places.is_empty() {
            return;
        }
        let spans: Vec<Span> = d.layers.places.iter().map(|t| t.span).collect();
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
