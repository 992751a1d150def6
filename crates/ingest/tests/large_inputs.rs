//! Property tests with large generated inputs (tens to hundreds of kilobytes: long paragraphs,
//! deep markup, compressed WARC bodies, long JSON texts) through every reader with every layer:
//! no panic, valid documents, and the per-document limits hold — what the fuzz targets in
//! `fuzz/` check on small inputs, at the sizes where linear and quadratic part ways. Few cases,
//! so that the suite stays at seconds.

use std::io::Write;

use proptest::prelude::*;
use rashomon_ingest::{read_one, DocumentLimits, Format, Input, Options, PathHints};

const PIECES: &[&str] = &[
    "The ministry said ",
    "\"We will not leave,\" ",
    "he told reporters",
    ". ",
    "! ",
    "? ",
    "… ",
    "according to officials, ",
    "Raqqa ",
    "on 14 October 2017 ",
    "U.S. ",
    "Mr. ",
    "(Reuters) ",
    "/TASS/ ",
    "“quoted” ",
    "« » ",
    "word ",
    "x",
    "\n",
    "\n\n",
    "Share on Facebook\n",
    "Ж",
    "格浴㹬",
    "\u{a0}",
    "<div>",
    "</div>",
    "<p>",
    "<b>",
    "<!--",
    "-->",
    "<script>",
];

/// Text of about `n` pieces drawn from the vocabulary above, with a bias to long runs of one
/// piece (a paragraph without breaks, a run without punctuation, a tower of tags).
fn big_text(max_pieces: usize) -> impl Strategy<Value = String> {
    prop::collection::vec((0..PIECES.len(), 1usize..2000), 1..max_pieces).prop_map(|runs| {
        let mut s = String::new();
        for (piece, repeat) in runs {
            // Most runs are short; a few are long.
            let repeat = if repeat > 1900 {
                repeat * 10
            } else {
                repeat % 40 + 1
            };
            for _ in 0..repeat {
                s.push_str(PIECES[piece]);
            }
        }
        s
    })
}

fn read(bytes: &[u8], name: &str, format: Option<Format>, limits: DocumentLimits) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let input = Input {
        file: Some(path),
        display: name.into(),
        hints: PathHints::default(),
        size: bytes.len() as u64,
    };
    let options = Options {
        format,
        max_record_bytes: 1 << 18,
        limits,
        ..Options::default()
    };
    let (built, _) = read_one(&input, &options);
    for b in built.into_iter().flatten() {
        let doc = &b.doc;
        doc.validate().unwrap();
        assert!(doc.document.text.len() <= limits.max_text_bytes);
        assert!(doc.layers.sentences.len() <= limits.text.max_sentences);
        assert!(doc
            .layers
            .sentences
            .iter()
            .all(|s| s.len() <= rashomon_text::sentences::MAX_SENTENCE_BYTES));
    }
}

fn small_limits() -> DocumentLimits {
    DocumentLimits {
        max_text_bytes: 150_000,
        max_html_depth: 64,
        max_html_tags: 5_000,
        text: rashomon_text::Limits {
            max_sentences: 2_000,
        },
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    #[test]
    fn large_text_and_html(text in big_text(400), html in any::<bool>()) {
        let name = if html { "big.html" } else { "big.txt" };
        read(text.as_bytes(), name, None, small_limits());
    }

    #[test]
    fn large_warc_bodies(text in big_text(200), zipped in any::<bool>(), image in any::<bool>()) {
        let mut w = Vec::new();
        let body = if zipped {
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            gz.write_all(text.as_bytes()).unwrap();
            gz.finish().unwrap()
        } else {
            text.clone().into_bytes()
        };
        if image {
            rashomon_ingest::warc::write_response_record(&mut w, "https://e.org/i.png", b"\x89PNG\r\n\x1a\n\0\0", "image/png");
        }
        let mut http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n".to_vec();
        if zipped {
            http.extend_from_slice(b"Content-Encoding: gzip\r\n");
        }
        http.extend_from_slice(b"\r\n");
        http.extend_from_slice(&body);
        w.extend_from_slice(format!(
            "WARC/1.0\r\nWARC-Type: response\r\nContent-Type: application/http\r\nContent-Length: {}\r\n\r\n",
            http.len()
        ).as_bytes());
        w.extend_from_slice(&http);
        w.extend_from_slice(b"\r\n\r\n");
        read(&w, "big.bin", Some(Format::Warc), small_limits());
    }

    #[test]
    fn large_json_texts(text in big_text(300)) {
        let line = serde_json::json!({"text": text, "published": "2017-10-14"}).to_string();
        read(line.as_bytes(), "big.jsonl", None, small_limits());
    }
}
