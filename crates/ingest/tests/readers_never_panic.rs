//! Property tests: no input bytes, in any format, make a reader panic, and every document a
//! reader builds satisfies the model's invariants. (The same entry point is fuzzed by the
//! targets in `fuzz/`.)

use proptest::prelude::*;
use rashomon_ingest::{read_one, Format, Input, Options, PathHints};

fn run_all(bytes: &[u8], name: &str, format: Option<Format>) {
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
        max_record_bytes: 1 << 16,
        text: rashomon_text::AnnotateOptions { tokens: true },
        ..Options::default()
    };
    let (built, _) = read_one(&input, &options);
    for doc in built.into_iter().flatten() {
        doc.doc.validate().unwrap();
    }
}

fn warc_seed() -> Vec<u8> {
    let mut w = Vec::new();
    rashomon_ingest::warc::write_response_record(
        &mut w,
        "https://example.org/a",
        b"<html><head><title>T</title></head><body><p>Buses left Raqqa on Saturday.</p></body></html>",
        "text/html; charset=utf-8",
    );
    w
}

#[path = "../../../tests-support/soak.rs"]
mod soak;
use soak::cases;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(300)))]

    #[test]
    fn random_bytes_any_format(bytes in prop::collection::vec(any::<u8>(), 0..600), which in 0usize..6) {
        let (name, format) = [
            ("a.txt", None), ("a.jsonl", None), ("a.json", None), ("a.html", None),
            ("a.warc", None), ("a.bin", Some(Format::Warc)),
        ][which];
        run_all(&bytes, name, format);
    }

    #[test]
    fn mutated_warc(cut in 0usize..400, flips in prop::collection::vec((0usize..400, any::<u8>()), 0..4)) {
        let mut w = warc_seed();
        for (at, b) in flips {
            let n = w.len();
            w[at % n] = b;
        }
        w.truncate(cut.min(w.len()));
        run_all(&w, "m.warc", None);
    }

    #[test]
    fn jsonl_with_odd_values(lines in prop::collection::vec(
        prop::sample::select(vec![
            "{\"text\": \"A convoy left.\"}", "{\"text\": 5}", "{\"text\": \"\"}", "[1,2]", "{", "null",
            "{\"text\": \"x\", \"date\": \"2017-02-30\"}", "{\"text\": \"y\", \"source\": {\"name\": 3}}",
            "{\"text\": \"z\", \"id\": [1]}", "\u{feff}{\"text\": \"bom\"}", "",
        ]), 0..12)) {
        run_all(lines.join("\n").as_bytes(), "l.jsonl", None);
    }
}

/// A large WARC is built batch by batch while it is still being read: memory is bounded by
/// the batch size, not by the file.
#[test]
fn large_warc_is_built_while_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = Vec::new();
    for i in 0..200 {
        let page = format!(
            "<html><head><title>Page {i}</title></head><body><article><p>Report number {i}: buses left the city on Saturday morning, officials said, and the talks went on.</p></article></body></html>"
        );
        rashomon_ingest::warc::write_response_record(
            &mut w,
            &format!("https://example.org/{i}"),
            page.as_bytes(),
            "text/html",
        );
    }
    let path = dir.path().join("big.warc");
    std::fs::write(&path, &w).unwrap();
    let expanded = rashomon_ingest::expand(&[path], &[]).unwrap();
    let options = Options {
        batch_bytes: 4096,
        ..Options::default()
    };
    let mut built_before_read_done = false;
    let mut documents = 0;
    let report = rashomon_ingest::run(
        expanded,
        &options,
        |read| read.doc.document.id,
        |_| documents += 1,
        |p| {
            if p.inputs_done == 0 && p.documents > 0 {
                built_before_read_done = true;
            }
        },
    );
    assert_eq!(documents, 200);
    assert_eq!(report.totals.documents, 200);
    assert!(
        built_before_read_done,
        "documents were only built after the whole file was read"
    );
}
