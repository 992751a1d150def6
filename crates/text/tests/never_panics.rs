//! Property tests: any text, however broken, yields valid layers and no panic.

use proptest::prelude::*;
use rashomon_model::{AnnotatedDocument, Document};

fn check(title: Option<String>, text: String) {
    let document = Document::from_text("p", title, text);
    let layers = rashomon_text::annotate(&document);
    let doc = AnnotatedDocument { document, layers };
    if let Err(e) = doc.validate() {
        panic!("{e} in {:?}", doc.document.text);
    }
    let n = rashomon_text::normalize::normalize_for_matching(&doc.document.text);
    let _ = n.original_span(0, n.text.len());
}

/// Text made of the characters the scanners treat specially, so that odd combinations of them
/// come up often.
fn newsy() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        ".",
        "!",
        "?",
        "…",
        "\"",
        "'",
        "”",
        "“",
        "«",
        "»",
        "’",
        "(",
        ")",
        "/",
        "-",
        "—",
        ",",
        ":",
        " ",
        "\n",
        "\n\n",
        "\r\n",
        "\u{a0}",
        "U.S.",
        "Mr.",
        "J.",
        "MOSCOW",
        ", May 31",
        "/TASS/",
        "(Reuters)",
        "raqqa",
        "Rakka",
        "The",
        "said",
        "3.5",
        "5,000",
        "Image may contain: outdoor",
        "By Jane Doe",
        "é",
        "Ж",
        "🙂",
        "'s",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

#[path = "../../../tests-support/soak.rs"]
mod soak;
use soak::cases;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(2000)))]

    #[test]
    fn newsy_text(text in newsy(), title in prop::option::of("[A-Za-z .]{0,20}")) {
        check(title, text);
    }

    #[test]
    fn any_text(text in any::<String>()) {
        check(None, text);
    }
}

/// Large text: long runs of one piece (a paragraph of hundreds of kilobytes without a break, a
/// run without punctuation, thousands of short lines) among ordinary pieces.
fn large() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "The ministry said the convoy left. ",
        "word ",
        "x",
        "a.",
        "... ",
        "\"Quoted,\" he said. ",
        "\n",
        "\n\n",
        "Share on Facebook\n",
        "Ж ",
        "U.S. ",
        "格浴㹬",
        "中文。",
    ]);
    prop::collection::vec((pieces, 1usize..20_000), 1..12).prop_map(|runs| {
        runs.into_iter()
            .map(|(p, n)| p.repeat(if n > 15_000 { n } else { n % 50 + 1 }))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(24)))]

    /// Within limits, the layers stop where the annotation says, every sentence is bounded,
    /// and the text cut there annotates to the same layers (what ingest keeps).
    #[test]
    fn large_text_within_limits(text in large(), max_sentences in 1usize..5_000) {
        use rashomon_text::{annotate_bounded, sentences::MAX_SENTENCE_BYTES, AnnotateOptions, Limits};
        let limits = Limits { max_sentences };
        let document = Document::from_text("p", None, text);
        let (layers, bounded) = annotate_bounded(&document, AnnotateOptions::default(), limits);
        prop_assert!(layers.sentences.len() <= max_sentences);
        prop_assert!(layers.junk.len() + layers.paragraphs.len() <= max_sentences);
        prop_assert!(layers.sentences.iter().all(|s| s.len() <= MAX_SENTENCE_BYTES));
        let end = bounded.cut_at.unwrap_or(document.text.len());
        prop_assert!(document.text.is_char_boundary(end));
        let mut cut = document.clone();
        cut.text.truncate(end);
        let doc = AnnotatedDocument { document: cut, layers };
        if let Err(e) = doc.validate() {
            panic!("{e}");
        }
    }
}
