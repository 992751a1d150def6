//! `rashomon quotes`: who says what in a pile, one attribution a line.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use rashomon::cli::InputArgs;
use rashomon_model::AnnotatedDocument;
use rashomon_pile::{LayerOptions, Resources};
use rashomon_report::{one_line, AttributionOut};

#[derive(Args)]
pub struct QuotesCli {
    #[command(flatten)]
    pub input: InputArgs,
    /// Print JSON Lines: {doc_id, path, speaker: {name, entity_id, kind}, cue_class, source,
    /// cue, content}, each span {start, end, text}.
    #[arg(long)]
    pub json: bool,
}

pub fn run(cli: &QuotesCli, resources: &Resources, quiet: bool) -> Result<ExitCode> {
    let layers = LayerOptions {
        timexes: false,
        attributions: true,
        places: false,
    };
    let mut pile = cli.input.pile(layers, resources, quiet, None)?;
    pile.merge_speakers(resources)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut n = 0;
    let mut written: Result<()> = Ok(());
    let mut speakers: std::collections::HashSet<String> = std::collections::HashSet::new();
    pile.for_each_document(resources, |_, doc| {
        speakers.extend(
            doc.layers
                .attributions
                .iter()
                .filter_map(|a| a.speaker.as_ref()?.entity_id.clone()),
        );
        if written.is_ok() {
            written = write(std::slice::from_ref(&doc), cli.json, &mut out).map(|k| n += k);
        }
    })?;
    written?;
    out.flush()?;
    let report = pile.report()?;
    let totals = &report.totals;
    if !quiet {
        eprintln!(
            "{n} attributions by {} distinct speakers in {} documents from {} input(s) ({} rejected).",
            speakers.len(),
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
