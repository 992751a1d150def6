//! `rashomon-lab train attribution` and `rashomon-lab eval attribution`: the attribution tagger
//! trained and scored on PolNeAR.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use rashomon_attribution::train::{TrainOptions, TrainingDocument};
use rashomon_attribution::{Extractor, Label, Model};
use rashomon_eval::attribution::{AttributionSpans, Fragments, Scorer, Scores};
use rashomon_eval::polnear::{self, Article};
use rashomon_model::{Attribution, Document, Layers};
use rayon::prelude::*;
use serde::Serialize;

/// The text layers the tagger reads (no tokens stored, no timexes needed).
fn text_layers(path: &Path, text: &str) -> (Document, Layers) {
    let doc = Document::from_text(&path.display().to_string(), None, text.to_string());
    let layers = rashomon_text::annotate_with(&doc, rashomon_text::AnnotateOptions::default());
    (doc, layers)
}

fn read(data_dir: &Path, split: &str) -> Result<Vec<Article>> {
    polnear::read_split(data_dir, split).with_context(|| {
        format!(
            "cannot read PolNeAR split {split:?} in {}",
            data_dir.display()
        )
    })
}

/// A split of PolNeAR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PolnearSplit {
    Train,
    Dev,
    Test,
}

impl PolnearSplit {
    /// The split's folder name.
    pub fn name(self) -> &'static str {
        match self {
            PolnearSplit::Train => "train",
            PolnearSplit::Dev => "dev",
            PolnearSplit::Test => "test",
        }
    }
}

/// Trains on `splits` (normally `train`, or `train,dev` for the shipped model); articles with
/// several annotators train on the first annotator's file.
pub fn train(
    data_dir: &Path,
    splits: &[PolnearSplit],
    options: TrainOptions,
    on_epoch: &mut dyn FnMut(usize, usize, usize),
) -> Result<(Model, usize)> {
    let mut articles = Vec::new();
    for split in splits {
        articles.extend(read(data_dir, split.name())?);
    }
    type Gold = Vec<(Label, std::ops::Range<usize>)>;
    let prepared: Vec<(String, Layers, Gold)> = articles
        .par_iter()
        .map(|a| {
            let (_, layers) = text_layers(&a.path, &a.text);
            let mut gold = Vec::new();
            for attribution in &a.annotations[0].attributions {
                for (label, part) in [
                    (Label::Source, &attribution.source),
                    (Label::Cue, &attribution.cue),
                    (Label::Content, &attribution.content),
                ] {
                    for r in part.iter().flat_map(|f| f.0.iter()) {
                        gold.push((label, r.clone()));
                    }
                }
            }
            (a.text.clone(), layers, gold)
        })
        .collect();
    let docs: Vec<TrainingDocument<'_>> = prepared
        .iter()
        .map(|(text, layers, gold)| TrainingDocument {
            text,
            layers,
            gold: gold.clone(),
        })
        .collect();
    let model = rashomon_attribution::train::train(&docs, options, on_epoch);
    Ok((model, articles.len()))
}

/// What `rashomon-lab eval attribution` prints.
#[derive(Debug, Serialize)]
pub struct AttributionReport {
    #[serde(flatten)]
    pub scores: Scores,
    /// Extraction throughput, one thread: text megabytes per CPU-second of tagging and linking.
    pub mb_per_s: f64,
    pub split: String,
    pub note: String,
}

pub fn spans_of(a: &Attribution) -> AttributionSpans {
    let frag = |s: rashomon_model::Span| Fragments::single(s.range());
    AttributionSpans {
        source: a.source.map(frag),
        cue: Some(frag(a.cue)),
        content: if a.content.is_empty() {
            None
        } else {
            Some(Fragments(a.content.iter().map(|s| s.range()).collect()))
        },
    }
}

/// One disagreement for `--errors`: a gold or predicted span of one role with no exact match.
#[derive(Debug, Serialize)]
pub struct SpanError {
    pub article: String,
    pub role: &'static str,
    /// `missed` (gold without an exact prediction) or `spurious` (the reverse).
    pub kind: &'static str,
    pub text: String,
    /// The best-overlapping span on the other side, if any.
    pub other: Option<String>,
    pub context: String,
}

fn span_errors(article: &Article, pred: &[AttributionSpans], out: &mut Vec<SpanError>) {
    let text = &article.text;
    let gold = &article.annotations[0].attributions;
    let hull = |f: &Fragments| {
        f.0.first().map(|r| r.start).unwrap_or(0)..f.0.last().map(|r| r.end).unwrap_or(0)
    };
    let show = |f: &Fragments| {
        f.0.iter()
            .map(|r| text[r.clone()].to_string())
            .collect::<Vec<_>>()
            .join(" … ")
    };
    for (role, get) in [
        (
            "source",
            (|a: &AttributionSpans| a.source.clone()) as fn(&AttributionSpans) -> Option<Fragments>,
        ),
        ("cue", |a: &AttributionSpans| a.cue.clone()),
        ("content", |a: &AttributionSpans| a.content.clone()),
    ] {
        let g: Vec<Fragments> = gold.iter().filter_map(get).collect();
        let p: Vec<Fragments> = pred.iter().filter_map(get).collect();
        for (kind, mine, theirs) in [("missed", &g, &p), ("spurious", &p, &g)] {
            for f in mine {
                if theirs.iter().any(|t| show(t).trim() == show(f).trim()) {
                    continue;
                }
                let h = hull(f);
                let other = theirs
                    .iter()
                    .find(|t| {
                        let o = hull(t);
                        o.start < h.end && h.start < o.end
                    })
                    .map(&show);
                let mut a = h.start.saturating_sub(120);
                while !text.is_char_boundary(a) {
                    a -= 1;
                }
                let mut b = (h.end + 120).min(text.len());
                while !text.is_char_boundary(b) {
                    b += 1;
                }
                out.push(SpanError {
                    article: article.stem.clone(),
                    role,
                    kind,
                    text: show(f),
                    other,
                    context: text[a..b].replace('\n', " "),
                });
            }
        }
    }
}

/// Scores `extractor` on a PolNeAR split.
pub fn evaluate(
    data_dir: &Path,
    split: PolnearSplit,
    extractor: &Extractor,
) -> Result<AttributionReport> {
    evaluate_with_errors(data_dir, split, extractor, None, false)
}

/// As [`evaluate`], also listing every span without an exact match (first annotator).
pub fn evaluate_with_errors(
    data_dir: &Path,
    split: PolnearSplit,
    extractor: &Extractor,
    mut errors: Option<&mut Vec<SpanError>>,
    denials: bool,
) -> Result<AttributionReport> {
    let articles = read(data_dir, split.name())?;
    let prepared: Vec<(Document, Layers)> = articles
        .par_iter()
        .map(|a| text_layers(&a.path, &a.text))
        .collect();
    // Timed on one thread so the figure is per core.
    let started = Instant::now();
    let predicted: Vec<Vec<Attribution>> = prepared
        .iter()
        .map(|(doc, layers)| extractor.extract(&doc.text, layers))
        .collect();
    let seconds = started.elapsed().as_secs_f64();
    // As ingest does: time expressions leave the sources (timexes against the file's date
    // when the metadata gives one; the tagger's find step does not need it).
    let mut predicted = predicted;
    for ((doc, _), found) in prepared.iter().zip(predicted.iter_mut()) {
        let timexes: Vec<rashomon_model::Span> = rashomon_time::tag(&doc.text, None)
            .into_iter()
            .map(|t| t.span)
            .collect();
        rashomon_attribution::trim_time_from_sources(&doc.text, found, &timexes);
    }
    // As annotate does after the tagger: reported denials resolved.
    if denials {
        for ((doc, layers), found) in prepared.iter().zip(predicted.iter_mut()) {
            rashomon_attribution::denials::resolve(&doc.text, &layers.sentences, found);
        }
    }
    let bytes: usize = articles.iter().map(|a| a.text.len()).sum();
    let mut scorer = Scorer::default();
    for (article, predicted) in articles.iter().zip(&predicted) {
        let pred: Vec<AttributionSpans> = predicted.iter().map(spans_of).collect();
        if let Some(errors) = errors.as_deref_mut() {
            span_errors(article, &pred, errors);
        }
        let gold: Vec<Vec<AttributionSpans>> = article
            .annotations
            .iter()
            .map(|a| a.attributions.clone())
            .collect();
        scorer.add_article(&article.text, &pred, &gold);
    }
    let scores = scorer.scores();
    let note = format!(
        "{} articles; {} annotation files; {} articles have several annotators and are scored \
         against each with weight 1/k. Spans compare on non-whitespace characters; pairs are \
         one-to-one.",
        scores.articles, scores.annotation_files, scores.multi_annotator_articles
    );
    Ok(AttributionReport {
        scores,
        mb_per_s: bytes as f64 / 1e6 / seconds.max(1e-9),
        split: split.name().to_string(),
        note,
    })
}

/// The model at `path`, or the shipped one.
pub fn load_extractor(path: Option<&PathBuf>) -> Result<Extractor> {
    match path {
        Some(p) => {
            let bytes = std::fs::read(p).with_context(|| format!("cannot read {}", p.display()))?;
            let model = Model::from_bytes(&bytes)
                .with_context(|| format!("{}: not a usable attribution model", p.display()))?;
            Ok(Extractor::new(model))
        }
        None => Ok(Extractor::shipped()),
    }
}
