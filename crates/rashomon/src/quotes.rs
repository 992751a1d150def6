//! `rashomon quotes`: who says what in a pile, one attribution a line; and the pile-level
//! speaker merge every command that shows attributions runs.

use std::io::Write;

use anyhow::Result;
use rashomon_model::AnnotatedDocument;
use rashomon_report::{one_line, AttributionOut};
use rayon::prelude::*;

/// Merges speakers across the pile: lone surnames into the one full name, acronyms into the
/// name they abbreviate somewhere in the pile, a ministry without its country into the one
/// with it. Per-document resolution happened at ingest.
pub fn merge_speakers(docs: &mut [AnnotatedDocument]) {
    let resolver = rashomon_actors::shipped_resolver();
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
    let runs: Vec<rashomon_actors::NameRun> = if needs_runs {
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

/// Resolves every document's places again with the pile's prior: where the pile's places
/// lie (each country's share, by confidence) leans ambiguous names towards it. Spans stay
/// as ingest found them.
pub fn resolve_places_in_pile(docs: &mut [AnnotatedDocument]) {
    let g = rashomon_places::current();
    let pile = rashomon_places::resolve::PilePrior::from_countries(docs.iter().flat_map(|d| {
        d.layers
            .places
            .iter()
            .map(|t| (t.country.as_str(), t.confidence))
    }));
    docs.par_iter_mut().for_each(|d| {
        if d.layers.places.is_empty() {
            return;
        }
        let spans: Vec<rashomon_model::Span> = d.layers.places.iter().map(|t| t.span).collect();
        d.layers.places = rashomon_places::resolve_spans(g, &d.document.text, &spans, &pile);
    });
}

/// Writes every attribution of `docs`: JSON Lines, or one readable line each.
pub fn write(docs: &[AnnotatedDocument], json: bool, mut out: impl Write) -> Result<usize> {
    let mut n = 0;
    for d in docs {
        for a in &d.layers.attributions {
            let line = AttributionOut::of(d, a);
            n += 1;
            if json {
                serde_json::to_writer(&mut out, &line)?;
                writeln!(out)?;
            } else {
                writeln!(out, "{}", describe(&line))?;
            }
        }
    }
    out.flush()?;
    Ok(n)
}

/// `path [start–end]  Speaker (entity) · deny · "said": content`.
pub fn describe(a: &AttributionOut) -> String {
    let who = match &a.speaker {
        Some(s) => match &s.entity_id {
            Some(id) => format!("{} ({id})", s.name),
            None => s.name.clone(),
        },
        None => "(no source)".to_string(),
    };
    let who = match &a.via {
        Some(v) => format!("{who}, via {}", one_line(&v.text)),
        None => who,
    };
    let content = a
        .content
        .as_ref()
        .map(|c| one_line(&c.text))
        .unwrap_or_default();
    format!(
        "{} [{}–{}]  {} · {} · \"{}\": {}",
        a.path,
        a.cue.start,
        a.cue.end,
        who,
        a.cue_class.as_str(),
        one_line(&a.cue.text),
        content
    )
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
