//! The per-document pipeline and the models it reads.
//!
//! Ingest (`rashomon-ingest`) turns an input into a document with its text layers (junk,
//! dateline, paragraphs, sentences) and what the text says about outlet and date. This crate
//! adds the layers that need models or tables — time expressions (`rashomon-time`),
//! attributions with their speakers (`rashomon-attribution`, `rashomon-actors`) and places
//! (`rashomon-places`) — with [`annotate`], a pure function of one document, run in parallel.
//!
//! The models and tables travel as one explicit [`Resources`] value, built once at the edge
//! (the binary) and passed by reference, like spaCy's `nlp` object: no library reaches a
//! process-wide model. Each model is loaded on first use, so a command that never needs the
//! gazetteer never pays its two seconds.
//!
//! ```
//! use rashomon_annotate::{annotate, LayerOptions, Resources};
//! use rashomon_model::{AnnotatedDocument, Document};
//!
//! let resources = Resources::shipped();
//! let document = Document::from_text("a.txt", None, "The SDF said on Friday that buses left Raqqa.".into());
//! let layers = rashomon_text::annotate_with(&document, Default::default());
//! let mut doc = AnnotatedDocument { document, layers };
//! annotate(&mut doc, &LayerOptions { places: false, ..LayerOptions::default() }, &resources);
//! assert_eq!(doc.layers.attributions.len(), 1);
//! ```

mod resources;

pub use resources::{Resources, ResourcesError};

use rashomon_model::{AnnotatedDocument, Span};

/// Which model-backed layers documents get.
#[derive(Debug, Clone, Copy)]
pub struct LayerOptions {
    /// Time expressions resolved against the publication date (`rashomon-time`). On by
    /// default; about half of ingest's CPU time when on.
    pub timexes: bool,
    /// Attributions (who says what) with their speakers resolved within the document
    /// (`rashomon-attribution`, `rashomon-actors`). On by default; the costliest layer.
    pub attributions: bool,
    /// Places resolved against the gazetteer (`rashomon-places`). On by default.
    pub places: bool,
}

impl Default for LayerOptions {
    fn default() -> Self {
        LayerOptions {
            timexes: true,
            attributions: true,
            places: true,
        }
    }
}

impl LayerOptions {
    /// Only what dates need: time expressions.
    pub fn dates_only() -> LayerOptions {
        LayerOptions {
            timexes: true,
            attributions: false,
            places: false,
        }
    }

    /// No model-backed layer at all.
    pub fn none() -> LayerOptions {
        LayerOptions {
            timexes: false,
            attributions: false,
            places: false,
        }
    }
}

/// Adds the model-backed layers `options` asks for to `doc` (replacing any it has).
pub fn annotate(doc: &mut AnnotatedDocument, options: &LayerOptions, resources: &Resources) {
    let AnnotatedDocument { document, layers } = doc;
    if options.timexes {
        layers.timexes = rashomon_time::tag_document(document, layers);
    }
    // Places first: a source that is a town is no speaker.
    if options.places {
        let junk: Vec<Span> = layers.junk.iter().map(|j| j.span).collect();
        layers.places = rashomon_places::toponyms(resources.gazetteer(), &document.text, &junk);
    }
    // The tagger is trained on English news; other languages get no attributions rather than
    // noise.
    if options.attributions && document.language.as_deref().is_none_or(|l| l == "eng") {
        let mut attributions = resources.extractor().extract(&document.text, layers);
        let timex_spans: Vec<Span> = layers.timexes.iter().map(|t| t.span).collect();
        rashomon_attribution::trim_time_from_sources(
            &document.text,
            &mut attributions,
            &timex_spans,
        );
        // "X rejected the statements by Y alleging P": X denies P, Y says it.
        rashomon_attribution::denials::resolve(
            &document.text,
            &layers.sentences,
            &mut attributions,
        );
        let context = rashomon_actors::DocContext {
            paragraphs: &layers.paragraphs,
            places: &layers.places,
        };
        resources
            .resolver()
            .resolve_document_in(&document.text, &mut attributions, &context);
        layers.attributions = attributions;
    }
}
