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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn newsy_text(text in newsy(), title in prop::option::of("[A-Za-z .]{0,20}")) {
        check(title, text);
    }

    #[test]
    fn any_text(text in any::<String>()) {
        check(None, text);
    }
}
