//! Hostile input, in small versions that run in seconds (issue 18; the full-size versions are
//! `tools/hostile/run.sh`, whose figures are in `docs/RESULTS.md`). Each test asserts what
//! happens — the item is read, cut or rejected, with the reason in the account — and bounded
//! work is asserted by structure (limits reached, windows, cuts), never by timing.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use rashomon_annotate::{LayerOptions, Resources};
use rashomon_ingest::{
    read_one, warc, DocumentLimits, Format, IngestReport, Input, InputReport, Options, PathHints,
};
use rashomon_model::{AnnotatedDocument, DateSource};

/// The shipped models, loaded once for all tests of this file.
fn resources() -> &'static Resources {
    static RESOURCES: OnceLock<Resources> = OnceLock::new();
    RESOURCES.get_or_init(Resources::shipped)
}

/// Runs ingest over `paths`, every layer on as `rashomon ingest` runs by default, and returns
/// the documents and the account.
fn ingest(paths: &[PathBuf], options: &Options) -> (Vec<AnnotatedDocument>, IngestReport) {
    let expanded = rashomon_ingest::expand(paths, &[]).unwrap();
    let mut docs = Vec::new();
    let report = rashomon_ingest::run(
        expanded,
        options,
        |read| {
            let mut d = read.doc;
            rashomon_annotate::annotate(&mut d, &LayerOptions::default(), resources());
            d
        },
        |d| docs.push(d),
        |_| {},
    );
    for d in &docs {
        d.validate().unwrap();
    }
    (docs, report)
}

fn input_named<'a>(report: &'a IngestReport, name: &str) -> &'a InputReport {
    report
        .inputs
        .iter()
        .find(|i| i.path.ends_with(name))
        .unwrap_or_else(|| panic!("no input {name}: {report:#?}"))
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

/// A WARC response record with the given HTTP headers and body.
fn response_record(out: &mut Vec<u8>, url: &str, http_headers: &str, body: &[u8]) {
    let mut http = format!("HTTP/1.1 200 OK\r\n{http_headers}\r\n").into_bytes();
    http.extend_from_slice(body);
    out.extend_from_slice(
        format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
            http.len()
        )
        .as_bytes(),
    );
    out.extend_from_slice(&http);
    out.extend_from_slice(b"\r\n\r\n");
}

fn article(n: usize) -> String {
    format!(
        "<html><head><title>Report {n}</title></head><body><article>\
         <p>Buses carrying fighters left Raqqa on Saturday, the coalition said in a statement.</p>\
         <p>\"We took no part in any talks,\" a spokesman told reporters in Ain Issa.</p>\
         </article></body></html>"
    )
}

/// News prose without a line break: sentences with quotations and reporting verbs.
fn prose_paragraph(bytes: usize) -> String {
    let sentences = [
        "The ministry said the convoy left the city on Saturday.",
        "\"We will not negotiate with terrorists,\" a coalition spokesman told reporters.",
        "According to local officials, about 3,000 civilians fled to Turkey.",
        "Talal Silo denied that any deal had been struck with the militants.",
        "She added that talks in Damascus had failed.",
    ];
    let mut out = String::with_capacity(bytes + 100);
    let mut k = 0;
    while out.len() < bytes {
        out.push_str(sentences[k % sentences.len()]);
        out.push(' ');
        k += 1;
    }
    out.push('\n');
    out
}

/// Issue 18 item 1: a small WARC whose gzip body inflates past the record limit. The record is
/// rejected with the reason; the page after it is read.
#[test]
fn warc_body_inflating_past_the_limit_is_rejected_by_reason() {
    let dir = tempfile::tempdir().unwrap();
    // 200 KB of markup that compresses to a few hundred bytes.
    let mut bomb = b"<html><body>".to_vec();
    bomb.extend(std::iter::repeat_n(b' ', 200_000));
    bomb.extend_from_slice(b"</body></html>");
    let mut w = Vec::new();
    response_record(
        &mut w,
        "https://example.org/bomb",
        "Content-Type: text/html\r\nContent-Encoding: gzip\r\n",
        &gzip(&bomb),
    );
    warc::write_response_record(
        &mut w,
        "https://example.org/a",
        article(1).as_bytes(),
        "text/html",
    );
    let path = dir.path().join("bomb.warc");
    std::fs::write(&path, &w).unwrap();
    assert!(w.len() < 5_000);

    let options = Options {
        max_record_bytes: 100_000,
        ..Options::default()
    };
    let (docs, report) = ingest(&[path], &options);
    assert_eq!(docs.len(), 1);
    let input = input_named(&report, "bomb.warc");
    assert_eq!(input.rejected, 1);
    assert_eq!(
        input.rejections[0].reason,
        "gzip content encoding inflates past the 100000-byte record limit"
    );
    assert_eq!(input.rejections[0].locator.as_deref(), Some("record 1"));
    assert!(input.error.is_none());
}

/// Issue 18 item 4: an image record, and a gzip body, in the first 8 KB of a WARC do not make
/// the file "binary" — with or without `--format warc`, whatever the file is called.
#[test]
fn binary_records_first_in_a_warc_are_skipped_not_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = Vec::new();
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0";
    response_record(
        &mut w,
        "https://example.org/logo.png",
        "Content-Type: image/png\r\n",
        png,
    );
    // An image served as text/html: skipped for its body.
    response_record(
        &mut w,
        "https://example.org/odd",
        "Content-Type: text/html\r\n",
        png,
    );
    response_record(
        &mut w,
        "https://example.org/zipped",
        "Content-Type: text/html; charset=utf-8\r\nContent-Encoding: gzip\r\n",
        &gzip(article(1).as_bytes()),
    );
    warc::write_response_record(
        &mut w,
        "https://example.org/b",
        article(2).as_bytes(),
        "text/html",
    );
    let named = dir.path().join("crawl.warc");
    let unnamed = dir.path().join("crawl.bin");
    std::fs::write(&named, &w).unwrap();
    std::fs::write(&unnamed, &w).unwrap();

    for (path, format) in [
        (&named, None),
        (&named, Some(Format::Warc)),
        (&unnamed, None),
        (&unnamed, Some(Format::Warc)),
    ] {
        let options = Options {
            format,
            ..Options::default()
        };
        let (docs, report) = ingest(std::slice::from_ref(path), &options);
        let input = &report.inputs[0];
        assert_eq!(docs.len(), 2, "{path:?} {format:?}: {input:#?}");
        assert!(input.error.is_none(), "{input:#?}");
        assert_eq!(input.format, Some(Format::Warc));
        assert_eq!(input.skipped.get("content type image/png"), Some(&1));
        assert_eq!(input.skipped.get("binary body (PNG image)"), Some(&1));
    }

    // A file of unknown format is still checked for binary content.
    let image = dir.path().join("image.png");
    std::fs::write(&image, png).unwrap();
    let (_, report) = ingest(&[image], &Options::default());
    assert!(report.inputs[0]
        .error
        .as_deref()
        .unwrap()
        .contains("binary"));
}

/// Issue 18 item 2: a 200 KB paragraph of prose without line breaks is read whole, with every
/// layer; its attributions are found all through it (the tagger works in windows); with a low
/// sentence limit the text is cut after the last sentence that fits, with the reason.
#[test]
fn long_paragraph_is_annotated_in_bounded_pieces() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("A long page\n{}", prose_paragraph(200_000));
    let path = dir.path().join("long.txt");
    std::fs::write(&path, &text).unwrap();

    let options = Options::default();
    let (docs, report) = ingest(std::slice::from_ref(&path), &options);
    assert_eq!(docs.len(), 1);
    let d = &docs[0];
    assert_eq!(d.document.text, text);
    assert_eq!(d.layers.paragraphs.len(), 1);
    assert!(d.layers.sentences.len() > 2000);
    let attributions = &d.layers.attributions;
    assert!(attributions.len() > 500, "{}", attributions.len());
    // Found at the end as at the start: the whole paragraph went through the tagger.
    let last_cue = attributions.last().unwrap().cue.end as usize;
    assert!(last_cue > text.len() - 1000, "{last_cue} of {}", text.len());
    assert!(input_named(&report, "long.txt").warnings.is_empty());

    let options = Options {
        limits: DocumentLimits {
            text: rashomon_text::Limits { max_sentences: 500 },
            ..DocumentLimits::default()
        },
        ..options
    };
    let (docs, report) = ingest(&[path], &options);
    let d = &docs[0];
    assert_eq!(d.layers.sentences.len(), 500);
    assert_eq!(
        d.document.text.len(),
        d.layers.sentences[499].end as usize,
        "the text ends with its last sentence"
    );
    let warnings = &input_named(&report, "long.txt").warnings;
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with(&format!("text cut at byte {} of ", d.document.text.len()))
            && warnings[0].ends_with("over the 500-sentence (or line) limit of a document"),
        "{warnings:?}"
    );
}

/// A text over the text limit is cut there (near a space), and a run without sentence
/// punctuation is cut into bounded sentences; both are in the account.
#[test]
fn text_and_sentence_length_limits_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("salad.txt");
    std::fs::write(&path, "word ".repeat(40_000)).unwrap();
    let options = Options {
        limits: DocumentLimits {
            max_text_bytes: 100_000,
            ..DocumentLimits::default()
        },
        ..Options::default()
    };
    let (docs, report) = ingest(&[path], &options);
    let d = &docs[0];
    assert!(d.document.text.len() <= 100_000 && d.document.text.len() > 90_000);
    assert!(d
        .layers
        .sentences
        .iter()
        .all(|s| s.len() <= rashomon_text::sentences::MAX_SENTENCE_BYTES));
    let warnings = &report.inputs[0].warnings;
    assert!(
        warnings[0].starts_with("decoded text cut at byte")
            && warnings[0].ends_with("over the 100000-byte limit"),
        "{warnings:?}"
    );
    assert!(
        warnings[1].ends_with("cut into sentences of at most 2000 bytes"),
        "{warnings:?}"
    );
}

/// A paragraph of Chinese (no ASCII full stop) longer than a sentence may be is cut into
/// sentences at character boundaries: before, the cut fell inside a character and the whole
/// run panicked (an ASCII page read as UTF-16 turns into such text too).
#[test]
fn long_runs_of_wide_characters_do_not_stop_the_run() {
    let dir = tempfile::tempdir().unwrap();
    for lead in ["", "a", "ab"] {
        let path = dir.path().join(format!("zh{}.txt", lead.len()));
        std::fs::write(
            &path,
            format!(
                "标题\n{lead}{}\n",
                "叙利亚民主力量说车队离开了拉卡".repeat(400)
            ),
        )
        .unwrap();
        let (docs, report) = ingest(&[path], &Options::default());
        assert_eq!(docs.len(), 1, "{report:#?}");
        assert!(docs[0].layers.sentences.len() >= 9);
    }
}

/// Issue 18 item 6: 5,000 nested `div`s are flattened at the depth limit before extraction:
/// the text is read, and the account says what was left out.
#[test]
fn deeply_nested_html_is_flattened_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let n = 5_000;
    let page = format!(
        "<!DOCTYPE html><html><head><title>Nested</title></head><body>{}<p>The ministry said the convoy left Raqqa on Saturday, and officials confirmed it later.</p>{}</body></html>",
        "<div>".repeat(n),
        "</div>".repeat(n)
    );
    let path = dir.path().join("nested.html");
    std::fs::write(&path, page).unwrap();
    let (docs, report) = ingest(&[path], &Options::default());
    assert_eq!(docs.len(), 1);
    assert!(docs[0].document.text.contains("the convoy left Raqqa"));
    let warnings = &report.inputs[0].warnings;
    assert!(
        warnings.iter().any(|w| w.starts_with(&format!(
            "elements nested {n} deep, over the 256-level limit: {} tags beyond it left out",
            2 * (n - 256)
        ))),
        "{warnings:?}"
    );
}

/// A page of very many tags (16 MB of `<p>` would be 5.5 million elements, 2 GB of tree) is
/// cut before the tag over the limit, with the reason.
#[test]
fn pages_of_very_many_tags_are_cut_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let page = format!(
        "<html><head><title>Many</title></head><body><article>{}</article></body></html>",
        "<p>Buses carrying fighters left Raqqa on Saturday, the coalition said.".repeat(5_000)
    );
    let path = dir.path().join("many.html");
    std::fs::write(&path, &page).unwrap();
    let options = Options {
        limits: DocumentLimits {
            max_html_tags: 1_000,
            ..DocumentLimits::default()
        },
        ..Options::default()
    };
    let (docs, report) = ingest(&[path], &options);
    assert_eq!(docs.len(), 1);
    let kept = docs[0].document.text.matches("Buses carrying").count();
    assert!((900..1000).contains(&kept), "{kept}");
    let warnings = &report.inputs[0].warnings;
    assert!(
        warnings.iter().any(|w| w.starts_with("page cut at byte")
            && w.ends_with(&format!("of {}: over the 1000-tag limit", page.len()))),
        "{warnings:?}"
    );
}

/// Issue 18 item 8: a `<meta charset=utf-16>` on an ASCII page means UTF-8; `iso-2022-kr` (the
/// WHATWG replacement encoding) is refused, read as UTF-8, with a warning.
#[test]
fn impossible_declared_charsets_keep_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let page = |charset: &str| {
        format!(
            "<html><head><meta charset=\"{charset}\"><title>Buses</title></head><body><article>\
             <p>Buses carrying fighters left Raqqa on Saturday, the coalition said in a statement on Sunday.</p>\
             </article></body></html>"
        )
    };
    for (name, charset, warning) in [
        ("utf16.html", "utf-16", None),
        ("utf16le.html", "UTF-16LE", None),
        ("kr.html", "iso-2022-kr", Some("replacement")),
        ("unknown.html", "x-nonsense", Some("unknown charset")),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, page(charset)).unwrap();
        let (docs, report) = ingest(&[path], &Options::default());
        assert_eq!(docs.len(), 1, "{name}");
        assert!(
            docs[0]
                .document
                .text
                .contains("Buses carrying fighters left Raqqa"),
            "{name}: {:?}",
            docs[0].document.text
        );
        let warnings = &report.inputs[0].warnings;
        match warning {
            None => assert!(warnings.is_empty(), "{name}: {warnings:?}"),
            Some(w) => assert!(
                warnings.iter().any(|x| x.contains(w)),
                "{name}: {warnings:?}"
            ),
        }
    }
}

/// Issue 18 item 10: hidden files and folders are skipped and counted, by reason.
#[test]
fn hidden_files_are_counted_as_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("pile");
    std::fs::create_dir_all(root.join(".git/objects")).unwrap();
    std::fs::write(root.join(".git/objects/x.txt"), "Not read.\n").unwrap();
    std::fs::write(root.join(".DS_Store"), "junk").unwrap();
    std::fs::write(root.join(".draft.txt"), "Title\nNot read either.\n").unwrap();
    std::fs::write(root.join("a.txt"), "Title\nBuses left Raqqa.\n").unwrap();
    let (docs, report) = ingest(&[root], &Options::default());
    assert_eq!(docs.len(), 1);
    assert_eq!(report.inputs.len(), 1);
    let skipped = &report.totals.paths_skipped;
    assert_eq!(skipped.get("hidden file"), Some(&2), "{skipped:?}");
    assert_eq!(skipped.get("hidden folder"), Some(&1), "{skipped:?}");
    let json = serde_json::to_value(&report.totals).unwrap();
    assert_eq!(json["paths_skipped"]["hidden file"], 2);
}

/// Everything logged during the tests, for the log-line test.
fn log() -> &'static Mutex<Vec<u8>> {
    static LOG: OnceLock<Mutex<Vec<u8>>> = OnceLock::new();
    LOG.get_or_init(|| {
        struct Sink;
        impl Write for Sink {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                log().lock().unwrap().extend_from_slice(buf);
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let _ = tracing_subscriber::fmt()
            .with_writer(|| Sink)
            .with_ansi(false)
            .without_time()
            .try_init();
        Mutex::new(Vec::new())
    })
}

/// Issue 18 item 10: a newline in a file name cannot forge a log line; control characters in
/// what an input says (a WARC header) are escaped too.
#[test]
fn control_characters_in_names_are_escaped_in_log_lines() {
    log();
    let dir = tempfile::tempdir().unwrap();
    let name = "evil\nWARN forged line\u{1b}[31m.txt";
    let path = dir.path().join(name);
    std::fs::write(&path, "").unwrap();
    let mut w = Vec::new();
    response_record(
        &mut w,
        "https://example.org/x",
        "Content-Type: text/html\r\nContent-Encoding: br\u{1b}[2J\r\n",
        b"<html></html>",
    );
    let warc_path = dir.path().join("ctl.warc");
    std::fs::write(&warc_path, &w).unwrap();
    let (_, report) = ingest(&[path.clone(), warc_path], &Options::default());
    // The account keeps the real name (its JSON escapes it).
    assert!(report.inputs.iter().any(|i| i.path.ends_with(name)));
    let logged = String::from_utf8(log().lock().unwrap().clone()).unwrap();
    let ours: Vec<&str> = logged
        .lines()
        .filter(|l| l.contains("evil") || l.contains("ctl.warc"))
        .collect();
    assert_eq!(ours.len(), 2, "{logged}");
    assert!(ours[0].contains("evil\\nWARN forged line\\u{1b}[31m.txt: empty file"));
    assert!(ours[1].contains("unsupported content encoding br\\u{1b}[2j"));
    assert!(!logged.lines().any(|l| l.starts_with("WARN forged")));
}

fn jsonl(dir: &Path, name: &str, lines: &[serde_json::Value]) -> PathBuf {
    let path = dir.join(name);
    let text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    std::fs::write(&path, text.join("\n")).unwrap();
    path
}

/// Issue 18 item 10: metadata years -1 and 9999 are not dates (warned, ignored); a date field
/// that is not a string is warned about, except the `{"value": …}` form corpus.jsonl writes.
#[test]
fn implausible_and_unreadable_metadata_dates_are_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Buses left Raqqa on Saturday, officials said.";
    let path = jsonl(
        dir.path(),
        "dates.jsonl",
        &[
            serde_json::json!({"text": text, "published": "-0001-01-01"}),
            serde_json::json!({"text": text, "published": "9999-12-31T00:00:00Z"}),
            serde_json::json!({"text": text, "published": 20170531}),
            serde_json::json!({"text": text, "date": ["2017-05-31"]}),
            serde_json::json!({"text": text, "published": {"value": "2017-05-31", "source": "metadata"}}),
            serde_json::json!({"text": text, "published": null}),
            serde_json::json!({"text": text, "published": "2017-05-31"}),
        ],
    );
    let (docs, report) = ingest(&[path], &Options::default());
    assert_eq!(docs.len(), 7);
    for d in &docs[..4] {
        assert_ne!(d.document.published.source, DateSource::Metadata);
    }
    assert_eq!(docs[6].document.published.source, DateSource::Metadata);
    let warnings = &report.inputs[0].warnings;
    assert_eq!(warnings.len(), 4, "{warnings:?}");
    assert!(warnings[0].starts_with("line 1: implausible date \"-0001-01-01\""));
    assert!(warnings[1].starts_with("line 2: implausible date \"9999-12-31T00:00:00Z\""));
    assert_eq!(
        warnings[2],
        "line 3: publication date field \"published\" holds the number 20170531, not a date string; ignored"
    );
    assert!(warnings[3].starts_with("line 4: publication date field \"date\" holds a list"));

    let page = "<html><head><meta property=\"article:published_time\" content=\"9999-01-01\"></head>\
                <body><article><p>Buses carrying fighters left Raqqa on Saturday, the coalition said.</p></article></body></html>";
    let path = dir.path().join("future.html");
    std::fs::write(&path, page).unwrap();
    let (docs, report) = ingest(&[path], &Options::default());
    assert_ne!(docs[0].document.published.source, DateSource::HtmlMeta);
    assert!(report.inputs[0].warnings[0]
        .starts_with("implausible date \"9999-01-01\" in page metadata"));
}

/// A single-threaded read of one input, as the fuzz target does: the same limits hold.
#[test]
fn read_one_applies_the_limits_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.txt");
    std::fs::write(&path, prose_paragraph(20_000)).unwrap();
    let input = Input {
        file: Some(path),
        display: "p.txt".into(),
        hints: PathHints::default(),
        size: 0,
    };
    let options = Options {
        limits: DocumentLimits {
            text: rashomon_text::Limits { max_sentences: 10 },
            ..DocumentLimits::default()
        },
        ..Options::default()
    };
    let (built, _) = read_one(&input, &options);
    let built = built.into_iter().next().unwrap().unwrap();
    assert_eq!(built.doc.layers.sentences.len(), 10);
    assert!(built.warnings[0].starts_with("text cut at byte"));
}
