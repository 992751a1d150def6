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
