//! Any text through the annotators: no panic, valid layers, normalisation maps back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rashomon_model::{AnnotatedDocument, DocId, Document, Published, SourceFormat};

fuzz_target!(|text: &str| {
    let title = text.lines().next().map(str::to_string);
    let document = Document {
        id: DocId::from_content(title.as_deref(), text),
        path: "fuzz".into(),
        locator: None,
        format: SourceFormat::Txt,
        external_id: None,
        outlet: None,
        url: None,
        title,
        text: text.to_string(),
        published: Published::unknown(),
        language: None,
    };
    let layers = rashomon_text::annotate(&document);
    let doc = AnnotatedDocument { document, layers };
    doc.validate().expect("valid layers");
    let n = rashomon_text::normalize::normalize_for_matching(text);
    let _ = n.original_span(0, n.text.len());
});
