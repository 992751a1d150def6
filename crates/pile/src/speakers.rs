//! The pile-wide step of speaker resolution.

use rashomon_actors::{NameRun, Resolver};
use rashomon_model::AnnotatedDocument;
use rayon::prelude::*;

/// Merges speakers across the pile: lone surnames into the one full name, acronyms into the
/// name they abbreviate somewhere in the pile, a ministry without its country into the one
/// with it. Per-document resolution happened when the documents were annotated.
pub(crate) fn merge(docs: &mut [AnnotatedDocument], resolver: &Resolver) {
    let needs_runs = docs.iter().any(|d| {
        d.layers.attributions.iter().any(|a| {
            a.speaker.as_ref().is_some_and(|s| {
                s.entity_id
                    .as_deref()
                    .is_some_and(|id| id.starts_with("name:"))
                    && rashomon_actors::names::looks_like_acronym(&s.name)
            })
        })
    });
    // Name runs cost a pass over every text: only when an acronym waits for them.
    let runs: Vec<NameRun> = if needs_runs {
        docs.par_iter()
            .flat_map_iter(|d| rashomon_actors::name_runs(&d.document.text))
            .collect()
    } else {
        Vec::new()
    };
    let speakers = docs
        .iter_mut()
        .flat_map(|d| d.layers.attributions.iter_mut())
        .filter_map(|a| a.speaker.as_mut());
    resolver.merge_pile(speakers, &runs);
}
