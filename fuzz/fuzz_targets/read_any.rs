//! Any bytes, read as every input format: no panic, and every document built is valid.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rashomon_ingest::{read_one, Format, Input, Options, PathHints};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let formats = [
        Format::Txt,
        Format::Jsonl,
        Format::Json,
        Format::Html,
        Format::Warc,
    ];
    let format = formats[selector as usize % formats.len()];
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir
        .path()
        .join(if selector & 0x80 != 0 { "x.gz" } else { "x" });
    std::fs::write(&path, bytes).expect("write");
    let input = Input {
        file: Some(path),
        display: "x".into(),
        hints: PathHints::default(),
        size: bytes.len() as u64,
    };
    let options = Options {
        format: Some(format),
        max_record_bytes: 1 << 20,
        text: rashomon_text::AnnotateOptions { tokens: true },
        ..Options::default()
    };
    let (built, _) = read_one(&input, &options);
    for doc in built.into_iter().flatten() {
        doc.doc.validate().expect("valid layers");
    }
});
