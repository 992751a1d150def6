//! End-to-end tests of the `rashomon` command on the bundled example and on inputs the tests
//! write themselves.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use rashomon_model::AnnotatedDocument;
use serde_json::Value;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_rashomon"))
}

fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn ingest(args: &[&str], out: &Path) -> Output {
    bin()
        .arg("ingest")
        .args(args)
        .arg("--out")
        .arg(out)
        .output()
        .expect("rashomon runs")
}

fn corpus(out: &Path) -> Vec<AnnotatedDocument> {
    std::fs::read_to_string(out.join("corpus.jsonl"))
        .expect("corpus.jsonl written")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is a document"))
        .collect()
}

fn report(out: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("ingest-report.json")).unwrap()).unwrap()
}

fn input<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["path"].as_str().unwrap().ends_with(name))
        .unwrap_or_else(|| panic!("no input {name} in report"))
}

fn span_text(doc: &AnnotatedDocument, span: rashomon_model::Span) -> &str {
    &doc.document.text[span.range()]
}

#[test]
fn bundled_example() {
    let out = tempfile::tempdir().unwrap();
    let example = project_root().join("examples/raqqa");
    let o = ingest(&[example.to_str().unwrap()], out.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("14 documents"), "{stdout}");

    let docs = corpus(out.path());
    assert_eq!(docs.len(), 14);
    for d in &docs {
        d.validate().unwrap();
        assert!(!d.layers.sentences.is_empty(), "{}", d.document.path);
        assert!(
            d.document.outlet.is_some(),
            "{} has no outlet",
            d.document.path
        );
    }

    // The TASS story: a dateline with day and month only and its agency as outlet; the year
    // comes from the corpus, checked by the weekday the text gives ("Thursday, May 25").
    let tass = docs
        .iter()
        .find(|d| d.document.path.ends_with("tass-corridor.txt"))
        .unwrap();
    let dl = tass.layers.dateline.as_ref().unwrap();
    assert_eq!(span_text(tass, dl.span), "MOSCOW, May 31. /TASS/.");
    assert_eq!((dl.month, dl.day, dl.year), (Some(5), Some(31), None));
    assert_eq!(tass.document.outlet.as_ref().unwrap().name, "TASS");
    let published = &tass.document.published;
    assert_eq!(published.value.unwrap().to_string(), "2017-05-31");
    assert_eq!(published.source, rashomon_model::DateSource::Inferred);
    assert!(published.confidence < 0.9);
    let evidence = published.evidence.as_deref().unwrap();
    assert!(
        evidence.contains("May 31") && evidence.contains("Thursday, May 25"),
        "{evidence}"
    );
    // Its time expressions are resolved against that date.
    let timexes: Vec<(&str, &str)> = tass
        .layers
        .timexes
        .iter()
        .map(|t| (span_text(tass, t.span), t.value.as_str()))
        .collect();
    for expected in [
        ("last week", "2017-W21"),
        ("Thursday, May 25", "2017-05-25"),
    ] {
        assert!(
            timexes.contains(&expected),
            "{expected:?} not in {timexes:?}"
        );
    }
    // The dateline is not a sentence, and the first sentence starts after it.
    assert!(span_text(tass, tass.layers.sentences[0]).starts_with("The Russian Defence Ministry"));

    // Junk is set aside, not used as content.
    let all_junk: Vec<&str> = docs
        .iter()
        .flat_map(|d| d.layers.junk.iter().map(move |j| span_text(d, j.span)))
        .collect();
    for expected in [
        "Image may contain: outdoor",
        "Share on Facebook",
        "All news",
        "No automatic alt text available.",
    ] {
        assert!(
            all_junk.contains(&expected),
            "{expected} not set aside: {all_junk:?}"
        );
    }
    for d in &docs {
        for s in &d.layers.sentences {
            assert!(!span_text(d, *s).contains("Image may contain"));
        }
    }

    // Dates from folders, feeds and HTML metadata, each saying where it came from.
    let buses = docs
        .iter()
        .find(|d| d.document.path.ends_with("raqqa-buses.txt"))
        .unwrap();
    assert_eq!(
        buses.document.published.value.unwrap().to_string(),
        "2017-10-14"
    );
    assert_eq!(
        buses.document.published.source,
        rashomon_model::DateSource::FolderName
    );
    let page = docs
        .iter()
        .find(|d| d.document.path.ends_with("kurdish-voice-denial.html"))
        .unwrap();
    assert_eq!(
        page.document.published.source,
        rashomon_model::DateSource::HtmlMeta
    );
    assert_eq!(page.document.outlet.as_ref().unwrap().name, "Kurdish Voice");

    // The reprint is grouped with its original, and both are kept.
    let r = report(out.path());
    assert_eq!(r["totals"]["documents"], 14);
    assert_eq!(r["totals"]["duplicates"], 1);
    assert_eq!(r["totals"]["distinct_articles"], 13);
    assert_eq!(r["totals"]["documents_without_date"], 2);
    assert_eq!(r["totals"]["documents_with_inferred_date"], 1);
    assert!(r["totals"]["timexes"].as_u64().unwrap() > 20);
    let groups = r["duplicate_groups"].as_array().unwrap();
    assert_eq!(groups.len(), 1);
    let outlets: Vec<&str> = groups[0]["outlets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_str().unwrap())
        .collect();
    assert_eq!(outlets, vec!["Northern Courier", "Reuters"]);
}

#[test]
fn runs_are_deterministic() {
    let example = project_root().join("examples/raqqa");
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    assert!(ingest(&[example.to_str().unwrap()], a.path())
        .status
        .success());
    assert!(bin()
        .args(["--threads", "1", "ingest"])
        .arg(&example)
        .arg("--out")
        .arg(b.path())
        .output()
        .unwrap()
        .status
        .success());
    let read = |p: &Path| std::fs::read(p.join("corpus.jsonl")).unwrap();
    assert_eq!(read(a.path()), read(b.path()));
    // The timeline too — stories and claims sum floats over sparse vectors, whose order must
    // not depend on the process — with one thread and with two.
    for (threads, dir) in [("1", a.path()), ("2", b.path())] {
        let o = bin()
            .args(["--threads", threads, "timeline"])
            .arg(&example)
            .arg("--out")
            .arg(dir)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    for file in ["timeline.json", "claims.csv", "report.html"] {
        let read = |p: &Path| std::fs::read(p.join(file)).unwrap();
        assert!(
            read(a.path()) == read(b.path()),
            "{file} differs between runs"
        );
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

const PAGE: &str = "<html><head><title>Convoy leaves Raqqa</title><meta property=\"article:published_time\" content=\"2017-10-14\"></head><body><article><p>A convoy of buses left Raqqa on Saturday carrying fighters and their families, officials said, after days of talks between tribal elders and the militants.</p><p>The coalition said it had not taken part in the talks.</p></article></body></html>";

#[test]
fn broken_inputs_are_reported_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("good.txt"),
        "Good title\nBuses left Raqqa on Saturday.\n",
    )
    .unwrap();
    std::fs::write(
        d.join("latin1.txt"),
        b"Caf\xe9 title\nThe caf\xe9 was closed on Sunday.\n",
    )
    .unwrap();
    std::fs::write(d.join("empty.txt"), "").unwrap();
    std::fs::write(d.join("image.png"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    std::fs::write(d.join("huge.txt"), "word ".repeat(100)).unwrap();
    std::fs::write(
        d.join("feed.jsonl"),
        "{\"title\": \"One\", \"text\": \"First article text.\"}\n{not json\n\n{\"title\": \"no text\"}\n{\"text\": \"Third article.\", \"date\": \"sometime\"}\n",
    )
    .unwrap();
    // Enough records that the first ones decompress before the cut.
    let lines: String = (0..2000)
        .map(|i| {
            format!(
                "{{\"text\": \"Zipped article number {i} about {} things.\"}}\n",
                i * 7919 % 1000
            )
        })
        .collect();
    let mut gz = gzip(lines.as_bytes());
    gz.truncate(gz.len() / 2);
    std::fs::write(d.join("cut.jsonl.gz"), gz).unwrap();
    let mut warc = Vec::new();
    rashomon_ingest::warc::write_response_record(
        &mut warc,
        "https://example.org/a",
        PAGE.as_bytes(),
        "text/html",
    );
    rashomon_ingest::warc::write_response_record(
        &mut warc,
        "https://example.org/b",
        PAGE.replace("Saturday", "Sunday").as_bytes(),
        "text/html",
    );
    warc.truncate(warc.len() - 40);
    std::fs::write(d.join("crawl.warc"), warc).unwrap();

    let out = tempfile::tempdir().unwrap();
    let missing = d.join("does-not-exist");
    let o = ingest(
        &[
            d.to_str().unwrap(),
            missing.to_str().unwrap(),
            "--max-file-size",
            "400",
        ],
        out.path(),
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");

    let r = report(out.path());
    let status = |name: &str| input(&r, name)["status"].as_str().unwrap().to_string();
    let error = |name: &str| input(&r, name)["error"].as_str().unwrap_or("").to_string();
    assert_eq!(status("good.txt"), "read", "{r:#}");
    assert_eq!(status("latin1.txt"), "read");
    assert!(input(&r, "latin1.txt")["warnings"][0]
        .as_str()
        .unwrap()
        .contains("invalid UTF-8"));
    assert_eq!(
        (status("empty.txt"), error("empty.txt")),
        ("rejected".into(), "empty file".into())
    );
    assert!(error("image.png").contains("binary"));
    assert!(
        error("huge.txt").contains("over the 400-byte limit"),
        "{}",
        error("huge.txt")
    );
    assert!(error("does-not-exist").contains("cannot open"));

    let feed = input(&r, "feed.jsonl");
    assert_eq!(feed["documents"], 2);
    assert_eq!(feed["rejected"], 2);
    let reasons: Vec<String> = feed["rejections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| format!("{} {}", x["locator"], x["reason"]))
        .collect();
    assert!(
        reasons[0].contains("line 2") && reasons[0].contains("malformed JSON"),
        "{reasons:?}"
    );
    assert!(
        reasons[1].contains("line 4") && reasons[1].contains("no text"),
        "{reasons:?}"
    );
    assert!(feed["warnings"][0]
        .as_str()
        .unwrap()
        .contains("unreadable date"));

    assert_eq!(status("cut.jsonl.gz"), "partial");
    assert!(
        error("cut.jsonl.gz").contains("gzip"),
        "{}",
        error("cut.jsonl.gz")
    );
    assert_eq!(status("crawl.warc"), "partial");
    assert!(
        error("crawl.warc").contains("record 2"),
        "{}",
        error("crawl.warc")
    );
    assert_eq!(input(&r, "crawl.warc")["documents"], 1);

    // Every input is accounted for.
    assert_eq!(r["totals"]["inputs"], 9, "eight files and one missing path");
    let docs = corpus(out.path());
    assert_eq!(
        docs.len() as u64,
        r["totals"]["documents"].as_u64().unwrap()
    );
    for d in &docs {
        d.validate().unwrap();
    }
}

#[test]
fn warc_gz_and_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let mut warc =
        b"WARC/1.0\r\nWARC-Type: request\r\nContent-Length: 3\r\n\r\nGET\r\n\r\n".to_vec();
    rashomon_ingest::warc::write_response_record(
        &mut warc,
        "https://www.reuters.com/a",
        PAGE.as_bytes(),
        "text/html; charset=utf-8",
    );
    std::fs::write(dir.path().join("news.warc.gz"), gzip(&warc)).unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = ingest(
        &[dir.path().join("news.warc.gz").to_str().unwrap()],
        out.path(),
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let docs = corpus(out.path());
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].document.outlet.as_ref().unwrap().name, "Reuters");
    assert_eq!(
        docs[0].document.url.as_deref(),
        Some("https://www.reuters.com/a")
    );
    assert_eq!(
        report(out.path())["inputs"][0]["skipped"]["WARC-Type request"],
        1
    );

    let out = tempfile::tempdir().unwrap();
    let mut child = bin()
        .args(["ingest", "-", "--out"])
        .arg(out.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            b"{\"title\": \"T\", \"text\": \"From standard input.\", \"outlet\": \"TASS\"}\n",
        )
        .unwrap();
    assert!(child.wait_with_output().unwrap().status.success());
    let docs = corpus(out.path());
    assert_eq!(docs[0].document.path, "-");
    assert_eq!(docs[0].document.outlet.as_ref().unwrap().name, "TASS");
}

#[test]
fn nothing_usable_or_bad_arguments_fail_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.txt"), "").unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = ingest(&[dir.path().to_str().unwrap()], out.path());
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr
            .lines()
            .any(|l| l.starts_with("error: no usable document")),
        "{stderr}"
    );

    let o = bin().args(["ingest", "x"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "missing --out is a usage error");
    let o = bin()
        .args(["ingest", "x", "--out", "y", "--duplicate-threshold", "3"])
        .output()
        .unwrap();
    // A wrong argument is a usage error (exit 2), as the README says.
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.starts_with("error: invalid value '3' for '--duplicate-threshold")
            && err.contains("not a number from 0 to 1"),
        "{err}"
    );
}

#[test]
fn timeline17_smoke() {
    let t17 = project_root().join("../shared/data/t17/H1N1_bbc");
    if !t17.exists() {
        eprintln!(
            "skipped: {} is absent (evaluation data lives in ../shared/data)",
            t17.display()
        );
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let o = ingest(
        &[t17.to_str().unwrap(), "--exclude", "**/timelines/**"],
        out.path(),
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let docs = corpus(out.path());
    assert!(docs.len() > 50, "{}", docs.len());
    for d in &docs {
        d.validate().unwrap();
        assert_eq!(d.document.outlet.as_ref().unwrap().name, "BBC");
        assert_eq!(
            d.document.published.source,
            rashomon_model::DateSource::FolderName
        );
    }
}

#[test]
fn dates_command_prints_dates_and_timexes() {
    let example = project_root().join("examples/raqqa");
    let o = bin()
        .args(["dates", "--json"])
        .arg(&example)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let lines: Vec<Value> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 14);
    for l in &lines {
        for key in ["doc_id", "path", "published", "timexes"] {
            assert!(l.get(key).is_some(), "{key} missing in {l}");
        }
        for key in ["value", "source", "confidence"] {
            assert!(
                l["published"].get(key).is_some(),
                "published.{key} missing in {l}"
            );
        }
        for t in l["timexes"].as_array().unwrap() {
            for key in ["start", "end", "text", "type", "value"] {
                assert!(t.get(key).is_some(), "{key} missing in {t}");
            }
        }
    }
    let tass = lines
        .iter()
        .find(|l| l["path"].as_str().unwrap().ends_with("tass-corridor.txt"))
        .unwrap();
    assert_eq!(tass["published"]["value"], "2017-05-31");
    assert_eq!(tass["published"]["source"], "inferred");
    let coalition = lines
        .iter()
        .find(|l| {
            l["path"]
                .as_str()
                .unwrap()
                .ends_with("coalition-statement.txt")
        })
        .unwrap();
    let next_day = coalition["timexes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["text"] == "The next day")
        .expect("anaphoric timex");
    assert_eq!(next_day["value"], "2017-10-16");

    // The readable form says how each date was obtained.
    let o = bin().arg("dates").arg(&example).output().unwrap();
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("INFERRED"), "{text}");
    assert!(text.contains("from \"Sunday\""), "{text}");
}

#[test]
fn timeline_on_the_bundled_example() {
    let out = tempfile::tempdir().unwrap();
    let example = project_root().join("examples/raqqa");
    let o = bin()
        .arg("timeline")
        .arg(&example)
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let json: Value =
        serde_json::from_slice(&std::fs::read(out.path().join("timeline.json")).unwrap()).unwrap();
    let documents = json["documents"].as_array().unwrap();
    assert_eq!(documents.len(), 14);
    for d in documents {
        for key in ["id", "path", "outlet", "title", "published"] {
            assert!(d.get(key).is_some(), "document.{key} missing");
        }
    }
    let texts: std::collections::HashMap<String, String> = corpus_texts(&example);
    let entries = json["entries"].as_array().unwrap();
    assert!(entries.len() >= 4, "{} entries", entries.len());
    let mut dates = Vec::new();
    for e in entries {
        for key in [
            "date",
            "granularity",
            "summary",
            "documents",
            "outlets",
            "first_reported",
        ] {
            assert!(e.get(key).is_some(), "entry.{key} missing in {e}");
        }
        dates.push(e["date"].as_str().unwrap().to_string());
        for s in e["summary"].as_array().unwrap() {
            // Every summary sentence is the exact text at its span.
            let text = &texts[s["doc_id"].as_str().unwrap()];
            let (a, b) = (
                s["start"].as_u64().unwrap() as usize,
                s["end"].as_u64().unwrap() as usize,
            );
            let at_span: String = text[a..b].split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(at_span, s["text"].as_str().unwrap());
        }
    }
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "entries in date order");
    // The convoy of 25 May (a date the TASS wire gives without a year) and the Raqqa exit.
    assert!(dates.contains(&"2017-05-25".to_string()), "{dates:?}");
    assert!(dates.contains(&"2017-10-14".to_string()), "{dates:?}");
    assert_eq!(json["ingest"]["totals"]["documents"], 14);

    let csv = std::fs::read_to_string(out.path().join("timeline.csv")).unwrap();
    let mut reader = csv_rows(&csv);
    assert_eq!(reader.remove(0)[0], "date");
    assert_eq!(reader.len(), entries.len());

    let html = std::fs::read_to_string(out.path().join("report.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("Thu 25 May 2017"));
    assert!(html.contains("<mark>"));
    assert!(
        html.contains("(inferred)"),
        "the TASS date is marked as inferred"
    );
    // Self-contained: no scripts, stylesheets or images from elsewhere.
    for outside in ["<script", "src=\"http", "href=\"http", "<link"] {
        assert!(!html.contains(outside), "{outside} in report.html");
    }

    // Entries list the attributions in their sentences, with spans that are the exact text.
    let attributions: Vec<&Value> = entries
        .iter()
        .flat_map(|e| e["attributions"].as_array().unwrap())
        .collect();
    assert!(!attributions.is_empty(), "no attributions on any entry");
    for a in &attributions {
        let text = &texts[a["doc_id"].as_str().unwrap()];
        for part in ["cue", "source", "content"] {
            if a[part].is_null() {
                continue;
            }
            let (s, e) = (
                a[part]["start"].as_u64().unwrap() as usize,
                a[part]["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(&text[s..e], a[part]["text"].as_str().unwrap());
        }
    }
    assert!(
        html.contains("class=\"says\""),
        "the report shows who says what"
    );

    // Entries list the places in their sentences; the report credits GeoNames.
    let places: Vec<&Value> = entries
        .iter()
        .flat_map(|e| e["places"].as_array().unwrap())
        .collect();
    assert!(!places.is_empty(), "no places on any entry");
    for p in &places {
        let text = &texts[p["doc_id"].as_str().unwrap()];
        let (s, e) = (
            p["start"].as_u64().unwrap() as usize,
            p["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s..e], p["text"].as_str().unwrap());
    }
    assert!(html.contains("Places: ") && html.contains("GeoNames (geonames.org), CC-BY 4.0"));
}

#[test]
fn places_on_the_bundled_example() {
    let example = project_root().join("examples/raqqa");
    let o = bin()
        .arg("places")
        .arg(&example)
        .arg("--json")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let texts = corpus_texts(&example);
    let mut by_written: std::collections::HashMap<String, std::collections::HashSet<u64>> =
        Default::default();
    let mut documents = 0;
    for line in String::from_utf8_lossy(&o.stdout).lines() {
        let l: Value = serde_json::from_str(line).expect("JSON Lines");
        documents += 1;
        let text = &texts[l["doc_id"].as_str().unwrap()];
        for p in l["places"].as_array().unwrap() {
            for key in [
                "start",
                "end",
                "text",
                "name",
                "id",
                "country",
                "lat",
                "lon",
                "confidence",
            ] {
                assert!(p.get(key).is_some(), "{key} missing in {p}");
            }
            let (s, e) = (
                p["start"].as_u64().unwrap() as usize,
                p["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(&text[s..e], p["text"].as_str().unwrap());
            by_written
                .entry(p["text"].as_str().unwrap().to_string())
                .or_default()
                .insert(p["id"].as_u64().unwrap());
        }
    }
    assert_eq!(documents, 14, "one line per document");
    // Raqqa and Rakka are one place; so are Abu Kamal and Abu Kemal.
    let one = |a: &str, b: &str| {
        let (x, y) = (&by_written[a], &by_written[b]);
        assert!(x.len() == 1 && x == y, "{a} {x:?} vs {b} {y:?}");
    };
    one("Raqqa", "Rakka");
    one("Abu Kamal", "Abu Kemal");
    assert!(String::from_utf8_lossy(&o.stderr).contains("GeoNames"));
}

#[test]
fn quotes_on_the_bundled_example() {
    let example = project_root().join("examples/raqqa");
    let o = bin()
        .arg("quotes")
        .arg(&example)
        .arg("--json")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let lines: Vec<Value> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON Lines"))
        .collect();
    assert!(lines.len() >= 20, "{} attributions", lines.len());
    let texts = corpus_texts(&example);
    for l in &lines {
        for key in [
            "doc_id",
            "path",
            "speaker",
            "cue_class",
            "source",
            "cue",
            "content",
        ] {
            assert!(l.get(key).is_some(), "{key} missing in {l}");
        }
        let text = &texts[l["doc_id"].as_str().unwrap()];
        let cue = &l["cue"];
        let (s, e) = (
            cue["start"].as_u64().unwrap() as usize,
            cue["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s..e], cue["text"].as_str().unwrap());
    }
    // The SDF speaks under its full name and its acronyms (SDF; SDS in the translated wire):
    // one entity throughout ("SDF spokesman Talal Silo" is Talal Silo).
    let sdf: std::collections::HashSet<&str> = lines
        .iter()
        .filter(|l| l["speaker"]["kind"] != "person")
        .filter(|l| {
            l["source"]["text"]
                .as_str()
                .is_some_and(|s| s.contains("Syrian Democratic Forces") || s.contains("SDF"))
        })
        .filter_map(|l| l["speaker"]["entity_id"].as_str())
        .collect();
    assert_eq!(sdf.len(), 1, "{sdf:?}");
    // Denials are classed as such.
    assert!(
        lines.iter().any(|l| l["cue_class"] == "deny"),
        "no denial among {} attributions",
        lines.len()
    );
    // The readable form names the file and the speaker.
    let o = bin().arg("quotes").arg(&example).output().unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("tass-corridor.txt") && text.contains("Russian Defence Ministry"));
    assert!(String::from_utf8_lossy(&o.stderr).contains("attributions by"));
}

fn corpus_texts(example: &Path) -> std::collections::HashMap<String, String> {
    let out = tempfile::tempdir().unwrap();
    assert!(ingest(&[example.to_str().unwrap()], out.path())
        .status
        .success());
    corpus(out.path())
        .into_iter()
        .map(|d| (d.document.id.0.clone(), d.document.text.clone()))
        .collect()
}

/// Rows of a CSV file (quoted fields with commas, quotes and newlines).
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => field.push(c),
        }
    }
    rows
}

/// `../shared/data/<relative>` when it exists; else `None`, saying the test is skipped.
#[test]
fn timeline_of_a_mixed_pile_is_split_by_story() {
    let dir = tempfile::tempdir().unwrap();
    let pile = dir.path().join("pile");
    let write = |folder: &str, name: &str, text: &str| {
        let d = pile.join(folder);
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join(name), text).unwrap();
    };
    // Two stories, three articles each, on dated folders.
    let flood = [
        "River floods the old town\n\nThe river burst its banks in the old town on Monday, flooding hundreds of homes along the embankment.",
        "Flood waters recede in old town\n\nFlood waters in the old town began to recede on Wednesday after the river burst its banks on Monday.",
        "Old town counts flood damage\n\nResidents of the old town counted the damage on Thursday, three days after the river flooded the embankment homes.",
    ];
    let strike = [
        "Dock workers walk out\n\nDock workers at the container port went on strike on Tuesday over pay and shift rotas.",
        "Port strike halts container ships\n\nThe dock workers' strike at the container port halted ships for a second day on Wednesday, union leaders said.",
        "Port strike ends with pay deal\n\nThe container port strike ended on Friday when dock workers accepted a pay deal and new shift rotas.",
    ];
    for (i, t) in flood.iter().enumerate() {
        write(
            &format!("2021-03-{:02}", 1 + i),
            &format!("flood{i}.txt"),
            t,
        );
    }
    for (i, t) in strike.iter().enumerate() {
        write(
            &format!("2021-03-{:02}", 2 + i),
            &format!("strike{i}.txt"),
            t,
        );
    }
    let out = dir.path().join("out");
    let o = bin()
        .arg("timeline")
        .arg(&pile)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let json: Value =
        serde_json::from_slice(&std::fs::read(out.join("timeline.json")).unwrap()).unwrap();
    let stories = json["stories"].as_array().unwrap();
    assert_eq!(stories.len(), 2, "{}", json["stories"]);
    for s in stories {
        assert_eq!(s["documents"].as_array().unwrap().len(), 3);
    }
    assert!(json["notes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n.as_str().unwrap().contains("2 stories")));
    for e in json["entries"].as_array().unwrap() {
        assert!(e["story"].is_number(), "every entry names its story: {e}");
    }
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert_eq!(html.matches("<h2 class=\"story\">").count(), 2);
}

#[test]
fn timeline_of_nothing_usable_fails_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.txt"), "").unwrap();
    let out = dir.path().join("out");
    let o = bin()
        .arg("timeline")
        .arg(dir.path().join("empty.txt"))
        .arg(dir.path().join("missing"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("empty.txt") && err.contains("empty file"),
        "{err}"
    );
    assert!(
        err.contains("missing") && err.contains("No such file"),
        "{err}"
    );
    assert!(err.contains("no usable document"), "{err}");
    // Every input is still accounted for in the written JSON.
    let json: Value =
        serde_json::from_slice(&std::fs::read(out.join("timeline.json")).unwrap()).unwrap();
    assert_eq!(json["ingest"]["inputs"].as_array().unwrap().len(), 2);
}

#[test]
fn timeline_cross_checks_the_claims_of_the_example() {
    let example = project_root().join("examples/raqqa");
    let out = tempfile::tempdir().unwrap();
    let o = bin()
        .arg("timeline")
        .arg(&example)
        .arg("-o")
        .arg(out.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("disputed"));
    let t: Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("timeline.json")).unwrap())
            .unwrap();
    let texts = corpus_texts(&example);
    let claims = t["claims"].as_array().unwrap();
    assert!(!claims.is_empty());
    for c in claims {
        let status = c["status"].as_str().unwrap();
        assert!(
            ["disputed", "denied", "corroborated", "single-source"].contains(&status),
            "{c}"
        );
        if status == "denied" {
            // Denied by someone, asserted by nobody: a denial, not a dispute.
            assert!(c["asserted_by"].as_array().unwrap().is_empty(), "{c}");
            assert!(!c["denied_by"].as_array().unwrap().is_empty(), "{c}");
        }
        let sides = c["asserted_by"]
            .as_array()
            .unwrap()
            .iter()
            .chain(c["denied_by"].as_array().unwrap());
        for side in sides {
            // Every side points at the exact words of its article.
            let text = &texts[side["doc_id"].as_str().unwrap()];
            let (start, end) = (
                side["start"].as_u64().unwrap() as usize,
                side["end"].as_u64().unwrap() as usize,
            );
            let quoted = side["text"].as_str().unwrap();
            assert_eq!(
                rashomon_report::one_line(&text[start..end]),
                quoted,
                "{side}"
            );
        }
        if status == "disputed" {
            assert!(!c["denied_by"].as_array().unwrap().is_empty(), "{c}");
        }
        assert!(!c["reported_by"].as_array().unwrap().is_empty(), "{c}");
    }
    // The example's central dispute: the Russian defence ministry says the Kurds agreed a
    // corridor with Islamic State, as TASS and RIA Novosti report; the SDF denies it.
    let speakers = |c: &Value, side: &str| -> Vec<String> {
        c[side]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| format!("{} / {}", s["speaker"], s["outlet"]))
            .collect()
    };
    let corridor = claims
        .iter()
        .find(|c| {
            c["status"] == "disputed"
                && speakers(c, "asserted_by")
                    .iter()
                    .any(|s| s.contains("Defence Ministry") && s.contains("TASS"))
                && speakers(c, "asserted_by")
                    .iter()
                    .any(|s| s.contains("RIA Novosti"))
        })
        .unwrap_or_else(|| panic!("no disputed corridor claim: {claims:#?}"));
    assert!(
        speakers(corridor, "denied_by")
            .iter()
            .any(|s| s.contains("Syrian Democratic Forces") && s.contains("Kurdish Voice")),
        "{corridor}"
    );
    // "Raqqa liberated", refuted the next day in the same article.
    assert!(
        claims.iter().any(|c| c["status"] == "disputed"
            && c["text"].as_str().unwrap().contains("liberated")
            && c["denied_by"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s["against"] == "refers-back")),
        "{claims:#?}"
    );
    // Entries carry a status and point at their claims.
    let entries = t["entries"].as_array().unwrap();
    assert!(entries.iter().any(|e| e["status"] == "disputed"));
    for e in entries {
        for c in e["claims"].as_array().unwrap() {
            assert!((c.as_u64().unwrap() as usize) < claims.len());
        }
    }
    let csv = std::fs::read_to_string(out.path().join("claims.csv")).unwrap();
    let rows = csv_rows(&csv);
    assert_eq!(rows[0][0], "claim");
    assert_eq!(rows.len(), claims.len() + 1);
    let html = std::fs::read_to_string(out.path().join("report.html")).unwrap();
    assert!(html.contains("Disputed claims"));
}

/// What a timeline says, without the account of what was read (which names its inputs).
fn timeline_content(out: &Path) -> Value {
    let mut json: Value =
        serde_json::from_slice(&std::fs::read(out.join("timeline.json")).unwrap()).unwrap();
    let obj = json.as_object_mut().unwrap();
    obj.remove("ingest");
    json
}

#[test]
fn corpus_jsonl_reads_back_into_the_same_timeline() {
    let dir = tempfile::tempdir().unwrap();
    let example = project_root().join("examples/raqqa");
    let ingested = dir.path().join("ingested");
    let o = ingest(&[example.to_str().unwrap()], &ingested);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let timeline = |input: &Path, out: &Path| {
        let o = bin()
            .args(["timeline", "-q"])
            .arg(input)
            .arg("--out")
            .arg(out)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        timeline_content(out)
    };
    let raw = timeline(&example, &dir.path().join("raw"));
    let again = timeline(&ingested.join("corpus.jsonl"), &dir.path().join("again"));
    assert!(!raw["entries"].as_array().unwrap().is_empty());
    assert!(!raw["claims"].as_array().unwrap().is_empty());
    assert_eq!(raw["entries"], again["entries"]);
    assert_eq!(raw["claims"], again["claims"]);
    assert_eq!(raw["documents"], again["documents"]);
    assert_eq!(raw["notes"], again["notes"]);
}

#[test]
fn a_store_grows_with_add_and_gives_the_timeline_of_all_its_articles() {
    let dir = tempfile::tempdir().unwrap();
    let example = project_root().join("examples/raqqa");
    let store = dir.path().join("store");
    // Part of the pile first, the rest later (in another order), then all of it again.
    let o = ingest(&[example.join("wire").to_str().unwrap(), "-q"], &store);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(store.join("pile.sqlite").is_file());
    let add = |paths: &[PathBuf]| {
        let o = bin().arg("add").arg(&store).args(paths).output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout).to_string()
    };
    let said = add(&[example.join("pages"), example.join("feed.jsonl")]);
    assert!(said.starts_with("9 new document(s)"), "{said}");
    let said = add(std::slice::from_ref(&example));
    assert!(
        said.starts_with("0 new document(s)") && said.contains("14 already there"),
        "{said}"
    );
    let timeline = |input: &Path, out: &Path| {
        let o = bin()
            .args(["timeline", "-q"])
            .arg(input)
            .arg("--out")
            .arg(out)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        timeline_content(out)
    };
    let raw = timeline(&example, &dir.path().join("raw"));
    let stored = timeline(&store.join("pile.sqlite"), &dir.path().join("stored"));
    assert_eq!(raw["entries"], stored["entries"]);
    assert_eq!(raw["claims"], stored["claims"]);
    assert_eq!(raw["documents"], stored["documents"]);
    // A store of another schema is refused with a message that says so.
    let conn_path = dir.path().join("old.sqlite");
    std::fs::copy(store.join("pile.sqlite"), &conn_path).unwrap();
    let o = std::process::Command::new("python3")
        .arg("-c")
        .arg(format!(
            "import sqlite3; c = sqlite3.connect({:?}); c.execute(\"UPDATE meta SET value='0' WHERE key='schema'\"); c.commit()",
            conn_path.to_str().unwrap()
        ))
        .status();
    if o.is_ok_and(|s| s.success()) {
        let o = bin()
            .args(["timeline", "-q"])
            .arg(&conn_path)
            .arg("--out")
            .arg(dir.path().join("old"))
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains("schema 0")
                && err.contains(&format!(
                    "reads schema {}",
                    rashomon_pile::store::SCHEMA_VERSION
                )),
            "{err}"
        );
    }
}

#[test]
fn bad_arguments_are_usage_errors_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let example = project_root().join("examples/raqqa");
    let out = dir.path().join("out");
    let run = |args: &[&str]| {
        let o = bin().args(args).output().unwrap();
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stderr).to_string(),
        )
    };
    let ex = example.to_str().unwrap();
    let out_s = out.to_str().unwrap();
    for (args, says) in [
        (
            vec![
                "timeline",
                ex,
                "--out",
                out_s,
                "--from",
                "2017-06-01",
                "--to",
                "2017-05-01",
            ],
            "is after --to",
        ),
        (
            vec!["timeline", ex, "--out", out_s, "--exclude", "a[b"],
            "bad glob",
        ),
        (
            vec!["timeline", ex, "--out", out_s, "--duplicate-threshold", "7"],
            "not a number from 0 to 1",
        ),
        (
            vec!["ingest", ex, "--out", out_s, "--duplicate-threshold", "NaN"],
            "not a number from 0 to 1",
        ),
        (
            vec!["--threads", "100000", "dates", ex],
            "number of threads",
        ),
    ] {
        let (code, err) = run(&args);
        assert_eq!(code, Some(2), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
    assert!(!out.exists(), "nothing written for a usage error");
}

/// The outputs of a run appear together, in place of the previous ones; files the run did not
/// write stay; a second run into the same folder while one is writing is refused.
#[test]
fn outputs_appear_together_and_one_run_writes_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let example = project_root().join("examples/raqqa");
    let out = dir.path().join("out");
    let timeline = |input: &Path| {
        bin()
            .args(["timeline", "-q"])
            .arg(input)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap()
    };
    let o = timeline(&example.join("wire"));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let first = std::fs::read_to_string(out.join("timeline.json")).unwrap();
    let o = timeline(&example);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let second: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("timeline.json")).unwrap()).unwrap();
    assert_ne!(first, second.to_string());
    assert_eq!(second["documents"].as_array().unwrap().len(), 14);
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "mine"
    );
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.contains("rashomon-") && !n.ends_with("rashomon-lock"))
        .collect();
    assert!(left.is_empty(), "staging folders left: {left:?}");
    // Another run holds the lock: this one is refused at once, and the outputs stay whole.
    let lock = std::fs::File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.path().join(".out.rashomon-lock"))
        .unwrap();
    lock.lock().unwrap();
    let o = timeline(&example.join("wire"));
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("another rashomon run is writing there"),
        "{err}"
    );
    let still: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("timeline.json")).unwrap()).unwrap();
    assert_eq!(still, second);
}

/// A run killed at any moment leaves the previous outputs whole (or the new ones), never a
/// truncated file beside older ones.
#[test]
fn a_killed_run_leaves_whole_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let example = project_root().join("examples/raqqa");
    let out = dir.path().join("out");
    let o = bin()
        .args(["timeline", "-q"])
        .arg(example.join("wire"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success());
    for delay_ms in [50u64, 300, 800, 1500] {
        let mut child = bin()
            .args(["timeline", "-q"])
            .arg(&example)
            .arg("--out")
            .arg(&out)
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        for file in ["timeline.json", "timeline.csv", "claims.csv", "report.html"] {
            let text = std::fs::read_to_string(out.join(file))
                .unwrap_or_else(|e| panic!("{file} after a kill at {delay_ms} ms: {e}"));
            assert!(!text.is_empty(), "{file}");
        }
        let json: Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("timeline.json")).unwrap())
                .expect("timeline.json whole");
        let n = json["documents"].as_array().unwrap().len();
        assert!(n == 5 || n == 14, "{n}");
    }
}

/// A small pile is read in events mode: one event told by three outlets is one entry citing
/// all three, a second event of the same day is an entry of its own, a single-source event
/// is kept and marked, and the JSON says which mode was used and why.
#[test]
fn small_pile_gives_every_event_once() {
    let dir = tempfile::tempdir().unwrap();
    let pile = dir.path().join("pile");
    let write = |outlet: &str, name: &str, text: &str| {
        let d = pile.join(outlet).join("2021-05-12");
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join(name), text).unwrap();
    };
    write(
        "north-times",
        "a.txt",
        "Bridge collapse\n\nThe old railway bridge over the Avon collapsed on Tuesday, May 11, injuring four workers.\n\nSeparately, the city council approved the new harbour budget on May 11 after a long debate.",
    );
    write(
        "south-post",
        "b.txt",
        "Railway bridge falls\n\nFour workers were injured when the railway bridge over the Avon collapsed on May 11.",
    );
    write(
        "east-herald",
        "c.txt",
        "Avon bridge down\n\nThe Avon railway bridge collapsed on Tuesday, May 11, and four workers were hurt, the police said.",
    );
    write(
        "west-daily",
        "d.txt",
        "Ferry service resumes\n\nThe island ferry service resumed on Monday, May 10, after repairs to its only vessel were finished.",
    );
    let out = dir.path().join("out");
    let o = bin()
        .arg("timeline")
        .arg(&pile)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let json: Value =
        serde_json::from_slice(&std::fs::read(out.join("timeline.json")).unwrap()).unwrap();
    assert_eq!(json["mode"], "events", "{}", json["mode_reason"]);
    assert!(json["mode_reason"].as_str().unwrap().contains("small"));
    let entries = json["entries"].as_array().unwrap();
    let text = |e: &Value| {
        e["summary"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["text"].as_str().unwrap().to_lowercase())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let bridge: Vec<&Value> = entries
        .iter()
        .filter(|e| text(e).contains("bridge"))
        .collect();
    assert_eq!(bridge.len(), 1, "one entry for the bridge: {entries:#?}");
    assert_eq!(bridge[0]["date"], "2021-05-11");
    assert_eq!(bridge[0]["documents"].as_array().unwrap().len(), 3);
    assert_eq!(bridge[0]["status"], "corroborated");
    let budget: Vec<&Value> = entries
        .iter()
        .filter(|e| text(e).contains("budget"))
        .collect();
    assert_eq!(
        budget.len(),
        1,
        "the budget is an event of its own: {entries:#?}"
    );
    assert_eq!(budget[0]["date"], "2021-05-11");
    assert_eq!(budget[0]["status"], "single-source");
    let ferry: Vec<&Value> = entries
        .iter()
        .filter(|e| text(e).contains("ferry"))
        .collect();
    assert_eq!(ferry.len(), 1);
    assert_eq!(ferry[0]["date"], "2021-05-10");
    assert_eq!(ferry[0]["status"], "single-source");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("single-source events are marked"));
}

/// `rashomon check`: the sources that assert a claim, the ones that deny it (with the quoted
/// party who does), and an unrelated article left out.
#[test]
fn check_names_who_asserts_and_who_denies_a_claim() {
    let dir = tempfile::tempdir().unwrap();
    let pile = dir.path().join("pile");
    let write = |outlet: &str, text: &str| {
        let d = pile.join(outlet).join("2021-05-12");
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join("a.txt"), text).unwrap();
    };
    write(
        "north-times",
        "Dam opened\n\nThe army opened the river dam on Sunday, flooding twenty villages in the valley, the governor said. Rescue teams reached the flooded villages by boat.",
    );
    write(
        "south-post",
        "Villages flooded\n\nTwenty villages were flooded after the army opened the river dam on Sunday, residents said. Families spent the night in schools.",
    );
    write(
        "east-herald",
        "Army rejects claim\n\nThe army denied that it opened the river dam, saying the villages were flooded by heavy rain. \"There is no dam on that river,\" a spokesman said.",
    );
    write(
        "west-daily",
        "Harvest festival\n\nThe town held its annual harvest festival on Saturday with music, dancing and a market of local produce from the farms.",
    );
    let o = bin()
        .args([
            "check",
            "The army opened the river dam, flooding the villages",
        ])
        .arg(&pile)
        .arg("--json")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let json: Value = serde_json::from_slice(&o.stdout).unwrap();
    let sources = json["sources"].as_array().unwrap();
    let from = |outlet: &str| {
        sources
            .iter()
            .find(|s| s["path"].as_str().unwrap().contains(outlet))
    };
    assert!(
        from("west-daily").is_none(),
        "unrelated article listed: {json:#}"
    );
    let east = from("east-herald").expect("the denying article is listed");
    let denies_by_party = east["parties"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["side"] == "denies");
    assert!(
        east["verdict"] == "denies" || denies_by_party,
        "the army's denial is found: {east:#}"
    );
    for outlet in ["north-times", "south-post"] {
        let s = from(outlet).unwrap_or_else(|| panic!("{outlet} is listed: {json:#}"));
        assert_ne!(s["verdict"], "denies", "{s:#}");
        assert!(!s["sentences"].as_array().unwrap().is_empty());
    }
    // A claim with no words is a usage error, said plainly.
    let o = bin().args(["check", "the of"]).arg(&pile).output().unwrap();
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("no words"));
}

/// `rashomon check` on the bundled example: the Russian defence ministry's assertion (TASS)
/// and the SDF's denial (Kurdish Voice) of the corridor claim are both found, with their
/// speakers, though the claim says "SDF" where the articles spell the name out.
#[test]
fn check_finds_both_sides_of_the_example_dispute() {
    let example = project_root().join("examples/raqqa");
    let o = bin()
        .args([
            "check",
            "the SDF agreed a corridor with IS out of Raqqa",
            "--json",
            "-q",
        ])
        .arg(&example)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let json: Value = serde_json::from_slice(&o.stdout).unwrap();
    let parties: Vec<(String, String, String)> = json["sources"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| {
            s["parties"].as_array().unwrap().iter().map(move |p| {
                (
                    s["outlet"].as_str().unwrap_or("").to_string(),
                    p["speaker"].as_str().unwrap_or("").to_string(),
                    p["side"].as_str().unwrap().to_string(),
                )
            })
        })
        .collect();
    assert!(
        parties
            .iter()
            .any(|(o, s, side)| o == "TASS" && s.contains("Defence Ministry") && side == "asserts"),
        "{parties:?}"
    );
    assert!(
        parties.iter().any(|(o, s, side)| o == "Kurdish Voice"
            && s.contains("Syrian Democratic Forces")
            && side == "denies"),
        "{parties:?}"
    );
}

/// `rashomon check-claims` checks every claim of the example's timeline in one reading of the
/// pile: one answer per claim, in order, with the timeline's id and status; the disputed
/// corridor claim has a source on each side. A file that is not a timeline is refused with
/// its name.
#[test]
fn check_claims_checks_every_claim_of_a_timeline() {
    let example = project_root().join("examples/raqqa");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = bin()
        .args(["-q", "timeline"])
        .arg(&example)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let timeline_path = out.join("timeline.json");
    let timeline: Value =
        serde_json::from_str(&std::fs::read_to_string(&timeline_path).unwrap()).unwrap();
    let claims = timeline["claims"].as_array().unwrap();
    assert!(!claims.is_empty());
    let o = bin()
        .args(["-q", "check-claims"])
        .arg(&timeline_path)
        .arg(&example)
        .arg("--json")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let json: Value = serde_json::from_slice(&o.stdout).unwrap();
    let checked = json["claims"].as_array().unwrap();
    assert_eq!(checked.len(), claims.len());
    for (c, k) in claims.iter().zip(checked) {
        assert_eq!(c["id"], k["id"]);
        assert_eq!(c["status"], k["status"]);
        assert_eq!(c["text"], k["check"]["claim"]);
    }
    let sides = |k: &Value, side: &str| {
        k["check"]["sources"].as_array().unwrap().iter().any(|s| {
            s["verdict"] == side
                || s["parties"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|p| p["side"] == side)
        })
    };
    let disputed: Vec<&Value> = checked
        .iter()
        .filter(|k| k["status"] == "disputed")
        .collect();
    assert!(!disputed.is_empty(), "{json:#}");
    assert!(
        disputed
            .iter()
            .any(|k| sides(k, "asserts") && sides(k, "denies")),
        "a disputed claim of the timeline has both sides in its check: {json:#}"
    );
    // Only the disputed ones, at most two.
    let o = bin()
        .args(["-q", "check-claims"])
        .arg(&timeline_path)
        .arg(&example)
        .args(["--json", "--status", "disputed", "--limit", "2"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let json: Value = serde_json::from_slice(&o.stdout).unwrap();
    let few = json["claims"].as_array().unwrap();
    assert_eq!(few.len(), disputed.len().min(2));
    assert!(few.iter().all(|k| k["status"] == "disputed"), "{json:#}");
    // Not a timeline: refused, naming the file.
    let bad = dir.path().join("notes.json");
    std::fs::write(&bad, "{\"entries\": []}").unwrap();
    let o = bin()
        .args(["-q", "check-claims"])
        .arg(&bad)
        .arg(&example)
        .output()
        .unwrap();
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("notes.json") && err.contains("not a timeline"),
        "{err}"
    );
}

/// Two outlets that state one proposition with different figures ("35 killed" / "12
/// killed") give one claim with a figure conflict naming each side's figure.
#[test]
fn different_figures_for_one_claim_are_a_figure_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let pile = dir.path().join("pile");
    for (outlet, text) in [
        ("north-times", "Blast in market\n\nA bomb exploded in the central market on Tuesday. Police said 35 people were killed in the market blast and dozens wounded.\n"),
        ("south-post", "Market bombing\n\nA bomb went off in the central market on Tuesday. Officials said 12 people were killed in the market blast and dozens wounded.\n"),
    ] {
        let d = pile.join(outlet).join("2021-05-12");
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join("a.txt"), text).unwrap();
    }
    let out = dir.path().join("out");
    let o = bin()
        .arg("timeline")
        .arg(&pile)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let json: Value =
        serde_json::from_slice(&std::fs::read(out.join("timeline.json")).unwrap()).unwrap();
    let claims = json["claims"].as_array().unwrap();
    let conflict = claims
        .iter()
        .find(|c| !c["figures"].as_array().unwrap().is_empty())
        .unwrap_or_else(|| panic!("no figure conflict: {claims:#?}"));
    let figures: Vec<&str> = conflict["figures"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| {
            f["figures"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_str().unwrap())
        })
        .collect();
    assert!(
        figures.contains(&"35") && figures.contains(&"12"),
        "{conflict:#}"
    );
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("Figures differ"));
}
