//! Property tests with long paragraphs (tens to hundreds of kilobytes without a line break, as
//! scraped pages have): the tagger and linker work window by window, and every attribution
//! still keeps the layer's invariants and lies inside one paragraph.

use proptest::prelude::*;
use rashomon_model::{AnnotatedDocument, Document};

fn sentences() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "The ministry said the convoy left the city on Saturday. ",
        "\"We will not negotiate,\" a coalition spokesman told reporters. ",
        "According to officials, 3,000 civilians fled. ",
        "Talal Silo denied that a deal had been struck. ",
        "\"The claims are false. ",
        "She added that talks had failed.\" ",
        "Buses left. ",
        "“Nothing was agreed,” he said. ",
        "word ",
    ]);
    prop::collection::vec((pieces, 1usize..400), 1..40)
        .prop_map(|runs| runs.into_iter().map(|(p, n)| p.repeat(n)).collect())
}

/// The shipped model, loaded once for all tests of this file.
fn extractor() -> &'static rashomon_attribution::Extractor {
    static MODEL: std::sync::OnceLock<rashomon_attribution::Extractor> = std::sync::OnceLock::new();
    MODEL.get_or_init(rashomon_attribution::Extractor::shipped)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(8))]

    #[test]
    fn long_paragraphs_give_valid_attributions(text in sentences()) {
        let document = Document::from_text("p", None, text);
        let mut layers = rashomon_text::annotate_with(&document, Default::default());
        let found = extractor().extract(&document.text, &layers);
        for a in &found {
            let para = layers
                .paragraphs
                .iter()
                .find(|p| p.contains(a.cue))
                .expect("a cue lies in a paragraph");
            for part in a.source.iter().chain(&a.content) {
                prop_assert!(para.contains(*part), "{part:?} outside {para:?}");
            }
        }
        // Cues are sorted and never overlap.
        prop_assert!(found.windows(2).all(|w| w[0].cue.end <= w[1].cue.start));
        layers.attributions = found;
        let doc = AnnotatedDocument { document, layers };
        if let Err(e) = doc.validate() {
            panic!("{e}");
        }
    }
}
