//! Any text through the annotators: no panic, valid layers, normalisation maps back; and within
//! a sentence limit, layers that stop where the annotation says.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rashomon_model::{AnnotatedDocument, Document};

fuzz_target!(|text: &str| {
    let title = text.lines().next().map(str::to_string);
    let document = Document::from_text("fuzz", title, text.to_string());
    let layers = rashomon_text::annotate(&document);
    let doc = AnnotatedDocument { document, layers };
    doc.validate().expect("valid layers");
    let n = rashomon_text::normalize::normalize_for_matching(text);
    let _ = n.original_span(0, n.text.len());

    let limits = rashomon_text::Limits {
        max_sentences: 1 + text.len() % 7,
    };
    let (layers, bounded) =
        rashomon_text::annotate_bounded(&doc.document, Default::default(), limits);
    assert!(layers.sentences.len() <= limits.max_sentences);
    let mut cut = doc.document.clone();
    cut.text.truncate(bounded.cut_at.unwrap_or(cut.text.len()));
    AnnotatedDocument {
        document: cut,
        layers,
    }
    .validate()
    .expect("valid bounded layers");
});
