//! `rashomon-lab eval speakers`: are the speakers we show speakers? Scored on PolNeAR.
//!
//! The pipeline runs as `rashomon` runs it on each article: text layers, the attribution
//! tagger, time expressions out of the sources, the place layer, then speaker resolution
//! (`Resolver::resolve_document_in`), which gives a source no speaker when it is not one.
//!
//! **Units.** A *predicted speaker* is an attribution that ends with a speaker. Its *head* is
//! the head word of its source phrase as `rashomon_actors::speaker::judge` finds it (for an
//! artefact, the last word of the name it carries: "a BP statement" → "BP").
//!
//! **Precision**: a predicted speaker is correct when its head lies inside a gold source
//! span of the article (of any annotator): the words we present as who speaks are words the
//! annotators marked as who speaks. A pronoun resolved to its antecedent counts by the
//! pronoun, which is what PolNeAR marks. **Recall**: the share of gold source spans (first
//! annotator) that hold the head of some predicted speaker, so that precision is not bought
//! by dropping speakers. Both are also given for the **baseline** that shows every source the
//! tagger found as a speaker (its head found the same way), which is what the pipeline did
//! before speakers were judged.
//!
//! PolNeAR marks documents as sources too ("the poll found", "according to the report"), so
//! an artefact that names nobody, which we do not show as a speaker, costs recall here.
//!
//! Tune on `--split train`, check on `--split dev` with a model trained on train only (the
//! shipped model has seen dev).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rashomon_actors::speaker::{judge, DocContext};
use rashomon_actors::Resolver;
use rashomon_attribution::Extractor;
use rashomon_eval::polnear;
use rashomon_model::{Attribution, Document, Span};
use rashomon_places::Gazetteer;
use rayon::prelude::*;
use serde::Serialize;

use crate::attribution::PolnearSplit;

/// Precision and recall of one way of choosing speakers.
#[derive(Debug, Default, Serialize)]
pub struct SpeakerScores {
    /// Predicted speakers.
    pub speakers: usize,
    /// Of them, with a head inside a gold source span.
    pub correct: usize,
    pub precision: f64,
    /// Gold source spans (first annotator) holding a predicted speaker's head.
    pub gold_found: usize,
    pub recall: f64,
}

#[derive(Debug, Serialize)]
pub struct SpeakerReport {
    pub split: String,
    pub articles: usize,
    /// Gold source spans (first annotator).
    pub gold_sources: usize,
    /// Every source the tagger found shown as a speaker.
    pub baseline: SpeakerScores,
    /// Speakers as the pipeline shows them.
    pub speakers: SpeakerScores,
    pub note: String,
}

/// One predicted speaker or dropped source, for `--errors`.
#[derive(Debug, Serialize)]
pub struct SpeakerCase {
    pub article: String,
    /// `wrong` (a speaker whose head is in no gold source) or `dropped` (a source with its
    /// head in a gold source that got no speaker).
    pub kind: &'static str,
    pub source: String,
    pub head: String,
    pub speaker: Option<String>,
    pub context: String,
}

struct Judged {
    head: Option<Span>,
    speaker: Option<String>,
    source: Span,
}

fn run_article(
    text: &str,
    path: &Path,
    extractor: &Extractor,
    resolver: &Resolver,
    gazetteer: &Gazetteer,
) -> Vec<Judged> {
    let doc = Document::from_text(&path.display().to_string(), None, text.to_string());
    let layers = rashomon_text::annotate_with(&doc, rashomon_text::AnnotateOptions::default());
    let mut found: Vec<Attribution> = extractor.extract(&doc.text, &layers);
    let timexes: Vec<Span> = rashomon_time::tag(&doc.text, None)
        .into_iter()
        .map(|t| t.span)
        .collect();
    rashomon_attribution::trim_time_from_sources(&doc.text, &mut found, &timexes);
    let junk: Vec<Span> = layers.junk.iter().map(|j| j.span).collect();
    let places = rashomon_places::toponyms(gazetteer, &doc.text, &junk);
    let context = DocContext {
        paragraphs: &layers.paragraphs,
        places: &places,
    };
    resolver.resolve_document_in(&doc.text, &mut found, &context);
    let names = rashomon_actors::speaker::names_inside_sentences(&doc.text);
    let known = |w: &str| {
        names.contains(w)
            || resolver
                .table()
                .lookup_key(&rashomon_actors::names::key(w))
                .is_some()
    };
    found
        .iter()
        .filter_map(|a| {
            let source = a.source?;
            let head =
                judge(&doc.text, a, resolver.table(), &context, &known).map(|h| match h.author {
                    Some(author) => {
                        let w = rashomon_actors::names::words(&doc.text, author);
                        w.last().map_or(author, |(s, _)| *s)
                    }
                    None => h.span,
                });
            Some(Judged {
                head,
                speaker: a.speaker.as_ref().map(|s| s.name.clone()),
                source,
            })
        })
        .collect()
}

/// Scores speakers on a PolNeAR split; `errors` collects the cases to read.
pub fn evaluate(
    data_dir: &Path,
    split: PolnearSplit,
    extractor: &Extractor,
    resolver: &Resolver,
    gazetteer: &Gazetteer,
    mut errors: Option<&mut Vec<SpeakerCase>>,
) -> Result<SpeakerReport> {
    let articles = polnear::read_split(data_dir, split.name()).with_context(|| {
        format!(
            "cannot read PolNeAR split {:?} in {}",
            split.name(),
            data_dir.display()
        )
    })?;
    let judged: Vec<Vec<Judged>> = articles
        .par_iter()
        .map(|a| run_article(&a.text, &a.path, extractor, resolver, gazetteer))
        .collect();
    let mut baseline = SpeakerScores::default();
    let mut shown = SpeakerScores::default();
    let mut gold_sources = 0;
    for (article, judged) in articles.iter().zip(&judged) {
        let gold_of = |annotation: &polnear::Annotation| -> Vec<std::ops::Range<usize>> {
            annotation
                .attributions
                .iter()
                .filter_map(|a| a.source.as_ref())
                .flat_map(|f| f.0.iter().cloned())
                .collect()
        };
        let any_gold: Vec<std::ops::Range<usize>> =
            article.annotations.iter().flat_map(gold_of).collect();
        let first_gold: Vec<Vec<std::ops::Range<usize>>> = article
            .annotations
            .first()
            .map(|an| {
                an.attributions
                    .iter()
                    .filter_map(|a| a.source.as_ref())
                    .map(|f| f.0.clone())
                    .collect()
            })
            .unwrap_or_default();
        gold_sources += first_gold.len();
        let inside = |h: Span, r: &std::ops::Range<usize>| {
            (h.start as usize) < r.end && r.start < h.end as usize
        };
        let in_gold = |h: Option<Span>| h.is_some_and(|h| any_gold.iter().any(|r| inside(h, r)));
        let mut found_base = vec![false; first_gold.len()];
        let mut found_shown = vec![false; first_gold.len()];
        for j in judged {
            let correct = in_gold(j.head);
            let mark = |found: &mut Vec<bool>| {
                if let Some(h) = j.head {
                    for (k, g) in first_gold.iter().enumerate() {
                        if g.iter().any(|r| inside(h, r)) {
                            found[k] = true;
                        }
                    }
                }
            };
            baseline.speakers += 1;
            baseline.correct += correct as usize;
            mark(&mut found_base);
            if j.speaker.is_some() {
                shown.speakers += 1;
                shown.correct += correct as usize;
                mark(&mut found_shown);
            }
            let kind = match (j.speaker.is_some(), correct) {
                (true, false) => Some("wrong"),
                (false, true) => Some("dropped"),
                _ => None,
            };
            if let (Some(kind), Some(errors)) = (kind, errors.as_deref_mut()) {
                let text = &article.text;
                let mut a = (j.source.start as usize).saturating_sub(80);
                while !text.is_char_boundary(a) {
                    a -= 1;
                }
                let mut b = (j.source.end as usize + 80).min(text.len());
                while !text.is_char_boundary(b) {
                    b += 1;
                }
                errors.push(SpeakerCase {
                    article: article.stem.clone(),
                    kind,
                    source: text[j.source.range()].to_string(),
                    head: j
                        .head
                        .map(|h| text[h.range()].to_string())
                        .unwrap_or_default(),
                    speaker: j.speaker.clone(),
                    context: text[a..b].replace('\n', " "),
                });
            }
        }
        baseline.gold_found += found_base.iter().filter(|f| **f).count();
        shown.gold_found += found_shown.iter().filter(|f| **f).count();
    }
    for s in [&mut baseline, &mut shown] {
        s.precision = s.correct as f64 / (s.speakers.max(1)) as f64;
        s.recall = s.gold_found as f64 / (gold_sources.max(1)) as f64;
    }
    Ok(SpeakerReport {
        split: split.name().to_string(),
        articles: articles.len(),
        gold_sources,
        baseline,
        speakers: shown,
        note: "A speaker is correct when the head word of its source phrase lies inside a gold \
               source span (any annotator); recall is the share of gold source spans (first \
               annotator) holding a correct speaker's head. Baseline: every tagged source \
               shown as a speaker."
            .to_string(),
    })
}

/// Arguments of `rashomon-lab eval speakers`.
#[derive(Debug, clap::Args)]
pub struct EvalSpeakersCli {
    /// PolNeAR's `data` folder (holding <split>/text and <split>/attributions).
    #[arg(long)]
    pub polnear: PathBuf,
    /// Split to score (tune on train, check on dev).
    #[arg(long, value_enum, default_value = "dev")]
    pub split: PolnearSplit,
    /// An attribution model to use instead of the shipped one (which has seen dev).
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Write wrong and dropped speakers as JSON Lines to this file.
    #[arg(long)]
    pub errors: Option<PathBuf>,
}
