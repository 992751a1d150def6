//! Ingest: read a pile of news in whatever form it comes — folders of `.txt` files, JSON Lines,
//! JSON, HTML pages, WARC(.gz) crawls, standard input — into annotated [`Document`]s, and account
//! for every input.
//!
//! The work is split in two so that it streams and parallelises: [`read_input`] frames one input
//! into raw items (a file's bytes, a JSON line, a WARC record's page) sequentially and in bounded
//! memory; [`build_item`] turns one item into an annotated document, a pure function run on all
//! cores. [`run`] drives both over all inputs, batch by batch, and keeps the [`IngestReport`].
//!
//! [`Document`]: rashomon_model::Document

pub mod build;
pub mod decode;
mod error;
pub mod format;
pub mod nesting;
pub mod report;
pub mod source;
pub mod walk;
pub mod warc;

use std::collections::HashSet;
use std::io::{BufRead, BufReader};

use rashomon_model::{AnnotatedDocument, DocId, SourceFormat};
use rayon::prelude::*;

pub use error::{InputError, Rejection};
pub use format::Format;
pub use report::{IngestReport, InputReport, InputStatus};
pub use walk::{check_exclude, expand, Expanded, Input, PathHints};

use build::{Built, HtmlSource};
use source::{read_line_bounded, LineRead, Opened};

/// Limits and choices of a run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Read every file as this format instead of detecting it.
    pub format: Option<Format>,
    /// Largest single-document file (text, HTML, JSON) read, after decompression.
    pub max_file_bytes: u64,
    /// Largest JSON line or WARC record read; larger ones are rejected and the run goes on.
    pub max_record_bytes: u64,
    /// Raw bytes gathered before a batch is built in parallel; bounds memory.
    pub batch_bytes: usize,
    /// Optional text layers (tokens).
    pub text: rashomon_text::AnnotateOptions,
    /// Bounds on what one document produces (beyond the read limits above, which also bound
    /// what is produced: an inflated WARC body, a decoded text).
    pub limits: DocumentLimits,
}

/// Bounds on what one document produces; past them the document is cut, with a warning in the
/// account. With them every per-document stage is linear in time and bounded in memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocumentLimits {
    /// Largest text a document keeps, and largest decoded page handed to the HTML parser, in
    /// bytes: a longer one is cut (at a line break or space near the limit). The read limits
    /// let a 64 MB file in; no article is that long, and every stage costs time and memory
    /// in proportion to the text.
    pub max_text_bytes: usize,
    /// Deepest element nesting of an HTML page handed to the parser and the extractor
    /// ([`nesting`]); deeper tags are left out, their text kept.
    pub max_html_depth: usize,
    /// Tags of an HTML page handed to the parser ([`nesting`]); the page is cut before the
    /// first one over.
    pub max_html_tags: usize,
    /// Sentences and lines a document is annotated with ([`rashomon_text::Limits`]); its text
    /// is cut after the last one that fits.
    pub text: rashomon_text::Limits,
}

impl Default for DocumentLimits {
    fn default() -> Self {
        DocumentLimits {
            max_text_bytes: 16 << 20,
            max_html_depth: nesting::MAX_DEPTH,
            max_html_tags: nesting::MAX_TAGS,
            text: rashomon_text::Limits::default(),
        }
    }
}

impl Default for Options {
    fn default() -> Self {
        Options {
            format: None,
            max_file_bytes: 64 << 20,
            max_record_bytes: 16 << 20,
            batch_bytes: 2 << 20,
            text: rashomon_text::AnnotateOptions::default(),
            limits: DocumentLimits::default(),
        }
    }
}

/// The raw material of one document.
#[derive(Debug)]
pub enum Payload {
    Text(Vec<u8>),
    JsonLine(Vec<u8>),
    JsonValue(serde_json::Value),
    Html {
        bytes: Vec<u8>,
        url: Option<String>,
        charset: Option<String>,
        record_id: Option<String>,
        format: SourceFormat,
    },
}

impl Payload {
    fn weight(&self) -> usize {
        match self {
            Payload::Text(b) | Payload::JsonLine(b) => b.len(),
            Payload::JsonValue(_) => 4096,
            Payload::Html { bytes, .. } => bytes.len(),
        }
    }
}

/// One document's worth of input, with where it was found.
#[derive(Debug)]
pub struct RawItem {
    /// Index of the input in the run's input list.
    pub input: usize,
    pub locator: Option<String>,
    pub payload: Payload,
}

/// What reading an input produces, in order.
#[derive(Debug)]
pub enum Event {
    Item(RawItem),
    /// A record that could not be used.
    Rejected(Rejection),
    /// A record that is not an article (a WARC request record, an image); counted by reason.
    Skipped(String),
}

fn open_input(input: &Input, options: &Options) -> Result<Opened, InputError> {
    match &input.file {
        Some(path) => source::open(path, options.max_file_bytes.min(READ_WHOLE)),
        None => Ok(Opened {
            memory: None,
            reader: Box::new(BufReader::new(std::io::stdin())),
            gzip: false,
            size: 0,
        }),
    }
}

/// Files up to this size are read into memory in one go; larger ones are streamed.
const READ_WHOLE: u64 = 8 << 20;

/// What reading one input came to.
#[derive(Debug)]
pub struct ReadOutcome {
    /// The format the input was read as, once known.
    pub format: Option<Format>,
    /// Size on disk, once known.
    pub bytes: u64,
    /// Why reading stopped early or never started. Items may have been emitted before it.
    pub error: Option<InputError>,
}

/// Reads input number `index`, emitting its items; returns the format it was read as. An error
/// may come after some items were emitted (a truncated gzip stream, a WARC record cut short).
pub fn read_input(
    index: usize,
    input: &Input,
    options: &Options,
    emit: &mut dyn FnMut(Event),
) -> ReadOutcome {
    let mut outcome = ReadOutcome {
        format: None,
        bytes: input.size,
        error: None,
    };
    let mut opened = match open_input(input, options) {
        Ok(o) => o,
        Err(e) => {
            outcome.error = Some(e);
            return outcome;
        }
    };
    if opened.size > 0 {
        outcome.bytes = opened.size;
    }
    match read_opened(index, input, options, &mut opened, emit) {
        Ok(format) => outcome.format = Some(format),
        Err((format, error)) => {
            outcome.format = format;
            outcome.error = Some(error);
        }
    }
    outcome
}

fn read_opened(
    index: usize,
    input: &Input,
    options: &Options,
    opened: &mut Opened,
    emit: &mut dyn FnMut(Event),
) -> Result<Format, (Option<Format>, InputError)> {
    let head: &[u8] = match &opened.memory {
        Some(bytes) => bytes,
        None => opened
            .reader
            .fill_buf()
            .map_err(|e| (None, source::read_error(e, opened.gzip)))?,
    };
    if head.is_empty() {
        return Err((None, InputError::Empty));
    }
    // A format given by `--format` or by the file's name is taken as it is; only a format
    // guessed from the first bytes is checked for binary content. A WARC holds binary records
    // (images, compressed bodies) by nature: those are skipped one by one, by reason.
    let known = match (&input.file, options.format) {
        (_, Some(forced)) => Some(forced),
        (None, None) => None,
        (Some(path), None) => format::from_name(&path.to_string_lossy()),
    };
    let detected = match known {
        Some(format) => format,
        None => {
            let sniffed = match &input.file {
                // Standard input is JSON Lines unless `--format` says otherwise.
                None => Format::Jsonl,
                Some(_) => format::sniff(head),
            };
            if sniffed != Format::Warc && format::looks_binary(head) {
                return Err((None, InputError::Binary));
            }
            sniffed
        }
    };
    let fail = |e| (Some(detected), e);
    if matches!(detected, Format::Jsonl | Format::Warc) {
        // Record formats are read as a stream, from memory when the file was read whole.
        if let Some(bytes) = opened.memory.take() {
            opened.reader = Box::new(std::io::Cursor::new(bytes));
        }
    }
    let item = |locator: Option<String>, payload| {
        Event::Item(RawItem {
            input: index,
            locator,
            payload,
        })
    };
    match detected {
        Format::Txt | Format::Html => {
            if !opened.gzip && opened.memory.is_none() && opened.size > options.max_file_bytes {
                return Err(fail(InputError::TooLarge {
                    size: opened.size,
                    limit: options.max_file_bytes,
                }));
            }
            let bytes = source::read_all_bounded(opened, options.max_file_bytes).map_err(fail)?;
            emit(item(
                None,
                if detected == Format::Txt {
                    Payload::Text(bytes)
                } else {
                    Payload::Html {
                        bytes,
                        url: None,
                        charset: None,
                        record_id: None,
                        format: SourceFormat::Html,
                    }
                },
            ));
        }
        Format::Json => {
            let bytes = source::read_all_bounded(opened, options.max_file_bytes).map_err(fail)?;
            let value: serde_json::Value = serde_json::from_slice(&bytes)
                .map_err(|e| fail(InputError::Json(e.to_string())))?;
            match value {
                serde_json::Value::Array(values) => {
                    // An array with no object at all is some other JSON file (a keyword
                    // list, a config), not a pile of articles: say so once, for the file.
                    if !values.is_empty() && !values.iter().any(|v| v.is_object()) {
                        return Err(fail(InputError::NotArticles(format!(
                            "a JSON array of {} values, none of them an article object",
                            values.len()
                        ))));
                    }
                    for (i, v) in values.into_iter().enumerate() {
                        emit(item(Some(format!("item {}", i + 1)), Payload::JsonValue(v)));
                    }
                }
                v @ serde_json::Value::Object(_) => emit(item(None, Payload::JsonValue(v))),
                _ => {
                    return Err(fail(InputError::NotArticles(
                        "expected a JSON article object or an array of them".into(),
                    )))
                }
            }
        }
        Format::Jsonl => {
            let limit = options.max_record_bytes as usize;
            let mut line = Vec::new();
            let mut number = 0u64;
            loop {
                number += 1;
                match read_line_bounded(opened.reader.as_mut(), &mut line, limit)
                    .map_err(|e| fail(source::read_error(e, opened.gzip)))?
                {
                    LineRead::Eof => break,
                    LineRead::TooLong(n) => emit(Event::Rejected(Rejection::new(
                        Some(format!("line {number}")),
                        format!("{n}-byte line over the {limit}-byte limit"),
                    ))),
                    LineRead::Line if line.iter().all(u8::is_ascii_whitespace) => {}
                    LineRead::Line => emit(item(
                        Some(format!("line {number}")),
                        Payload::JsonLine(std::mem::take(&mut line)),
                    )),
                }
            }
        }
        Format::Warc => {
            let gzip = opened.gzip;
            warc::read_warc(
                opened.reader.as_mut(),
                options.max_record_bytes,
                &mut |w| match w {
                    warc::WarcItem::Page(page) => emit(item(
                        Some(format!("record {}", page.record)),
                        Payload::Html {
                            bytes: page.bytes,
                            url: page.url,
                            charset: page.charset,
                            record_id: page.record_id,
                            format: SourceFormat::Warc,
                        },
                    )),
                    warc::WarcItem::Skipped { reason, .. } => emit(Event::Skipped(reason)),
                    warc::WarcItem::Rejected { record, reason } => emit(Event::Rejected(
                        Rejection::new(Some(format!("record {record}")), reason),
                    )),
                },
            )
            .map_err(|e| match e.io {
                Some(io) if gzip && io.kind() != std::io::ErrorKind::UnexpectedEof => {
                    fail(InputError::Gzip(io))
                }
                Some(io) if gzip => fail(InputError::Gzip(std::io::Error::new(
                    io.kind(),
                    format!("stream ends in record {}: {}", e.record, e.reason),
                ))),
                _ => fail(InputError::Warc {
                    record: e.record,
                    reason: e.reason,
                }),
            })?;
        }
    }
    Ok(detected)
}

/// What a raw item becomes before the text layers: a draft document, or a document that
/// came annotated. Both are large and short-lived (one per item, moved at once).
#[allow(clippy::large_enum_variant)]
enum Drafting {
    Draft(build::Drafted),
    Annotated(AnnotatedDocument),
}

/// A JSON record: a line of a `corpus.jsonl` rashomon wrote is taken back as it is; any
/// other record (or one of those that cannot be taken as it is) is read as an article.
fn json_record(
    value: serde_json::Value,
    path: &str,
    locator: Option<String>,
    hints: &PathHints,
) -> Result<Drafting, Rejection> {
    if build::looks_annotated(&value) {
        match build::from_annotated_record(value.clone()) {
            Ok(doc) => return Ok(Drafting::Annotated(doc)),
            Err(why) => {
                let (draft, mut warnings) = build::from_json_record(value, path, locator, hints)?;
                warnings.push(format!(
                    "an annotated document that cannot be taken as it is ({why}); annotated again"
                ));
                return Ok(Drafting::Draft((draft, warnings)));
            }
        }
    }
    build::from_json_record(value, path, locator, hints).map(Drafting::Draft)
}

/// Turns one raw item into an annotated document: the pure, parallel part of ingest. A line
/// of a `corpus.jsonl` rashomon wrote is taken back as it is ([`Built::annotated`]).
pub fn build_item(item: RawItem, input: &Input, options: &Options) -> Result<Built, Rejection> {
    let path = input.display.as_str();
    let hints = &input.hints;
    // The limit the item was read under also bounds the text it decodes to.
    let text_limit = options.limits.max_text_bytes;
    let file_limit = usize::try_from(options.max_file_bytes)
        .unwrap_or(usize::MAX)
        .min(text_limit);
    let record_limit = usize::try_from(options.max_record_bytes)
        .unwrap_or(usize::MAX)
        .min(text_limit);
    let drafting = match item.payload {
        Payload::Text(bytes) => {
            build::from_text_file(bytes, path, item.locator, hints, file_limit).map(Drafting::Draft)
        }
        Payload::JsonLine(bytes) => match serde_json::from_slice(&bytes) {
            Ok(value) => json_record(value, path, item.locator, hints),
            Err(e) => Err(Rejection::new(item.locator, format!("malformed JSON: {e}"))),
        },
        Payload::JsonValue(value) => json_record(value, path, item.locator, hints),
        Payload::Html {
            bytes,
            url,
            charset,
            record_id,
            format,
        } => build::from_html(
            HtmlSource {
                max_bytes: if format == SourceFormat::Warc {
                    record_limit
                } else {
                    file_limit
                },
                max_depth: options.limits.max_html_depth,
                max_tags: options.limits.max_html_tags,
                bytes,
                path,
                locator: item.locator,
                url,
                charset,
                external_id: record_id,
                format,
            },
            hints,
        )
        .map(Drafting::Draft),
    }?;
    match drafting {
        Drafting::Draft((draft, warnings)) => {
            build::finish_with(draft, warnings, options.text, options.limits)
        }
        Drafting::Annotated(doc) => Ok(Built {
            doc,
            warnings: Vec::new(),
            annotated: true,
        }),
    }
}

/// Reads one input and builds its documents, all in this thread: for tests, fuzzing and small
/// tools. [`run`] is the streaming, parallel form.
pub fn read_one(input: &Input, options: &Options) -> (Vec<Result<Built, Rejection>>, ReadOutcome) {
    let mut items = Vec::new();
    let mut results = Vec::new();
    let outcome = read_input(0, input, options, &mut |event| match event {
        Event::Item(item) => items.push(item),
        Event::Rejected(r) => results.push(Err(r)),
        Event::Skipped(_) => {}
    });
    results.extend(
        items
            .into_iter()
            .map(|item| build_item(item, input, options)),
    );
    (results, outcome)
}

/// What the reader thread of [`run`] sends to the builder: raw items of one or more inputs, in
/// input order, and the read-side reports of the inputs finished since the last batch (their
/// format, size, error, and the records rejected or skipped while framing them). Reports travel
/// with batches so that the reader blocks only when a whole batch is already waiting, never per
/// input.
struct Batch {
    items: Vec<RawItem>,
    finished: Vec<(usize, InputReport)>,
}

/// The reader side of [`run`]: frames every input and sends full batches.
fn read_all(inputs: &[Input], options: &Options, tx: std::sync::mpsc::SyncSender<Batch>) {
    let mut batch = Batch {
        items: Vec::new(),
        finished: Vec::new(),
    };
    let mut weight = 0usize;
    let send = |batch: &mut Batch| {
        let full = std::mem::replace(
            batch,
            Batch {
                items: Vec::new(),
                finished: Vec::new(),
            },
        );
        // A closed channel means the builder is gone; nothing is left to do.
        tx.send(full).is_ok()
    };
    for (index, input) in inputs.iter().enumerate() {
        let mut read = InputReport::new(input.display.clone(), input.size);
        let mut open = true;
        let mut events = |event: Event| match event {
            // Once the builder is gone, items are dropped rather than kept.
            Event::Item(_) if !open => {}
            Event::Item(item) => {
                weight += item.payload.weight();
                batch.items.push(item);
                if weight >= options.batch_bytes || batch.items.len() >= 8192 {
                    weight = 0;
                    open = send(&mut batch);
                }
            }
            Event::Rejected(r) => read.reject(r),
            Event::Skipped(reason) => *read.skipped.entry(reason).or_insert(0) += 1,
        };
        let outcome = read_input(index, input, options, &mut events);
        if !open {
            return;
        }
        read.format = outcome.format;
        read.bytes = outcome.bytes;
        if let Some(error) = outcome.error {
            read.fail(error);
        }
        batch.finished.push((index, read));
    }
    send(&mut batch);
}

/// A document as [`run`] hands it to the caller.
#[derive(Debug)]
pub struct Read {
    /// The input (index into the report's inputs) it came from.
    pub input: usize,
    pub doc: AnnotatedDocument,
    /// Its layers came with the input ([`Built::annotated`]): the model-backed layers are not
    /// to be recomputed.
    pub annotated: bool,
}

/// Where a run is, for a progress display.
#[derive(Debug, Clone, Default)]
pub struct Progress {
    pub inputs_done: usize,
    pub inputs_total: usize,
    /// Bytes of the inputs read so far (on disk).
    pub bytes_done: u64,
    pub documents: u64,
}

/// Reads all inputs, builds their documents in parallel batches, gives each document to `map`
/// (also in parallel) and each result to `sink` in input order. Returns the per-input report.
///
/// Documents reach `sink` in a deterministic order (inputs in order, items in file order), so
/// runs over the same files give the same output.
pub fn run<T: Send>(
    expanded: Expanded,
    options: &Options,
    map: impl Fn(Read) -> T + Sync,
    mut sink: impl FnMut(T),
    mut progress: impl FnMut(&Progress),
) -> IngestReport {
    let inputs = expanded.inputs;
    let mut report = IngestReport::default();
    // Entry `i` of the report is input `i`; paths that could not be opened follow them.
    for input in &inputs {
        report
            .inputs
            .push(InputReport::new(input.display.clone(), input.size));
    }
    for (path, error) in expanded.failures {
        report.rejected_path(path, error);
    }
    report.skipped_paths = expanded.skipped;
    let mut state = Progress {
        inputs_total: inputs.len(),
        ..Progress::default()
    };
    let mut seen_ids: HashSet<DocId> = HashSet::new();

    let build = |items: Vec<RawItem>,
                 report: &mut IngestReport,
                 state: &mut Progress,
                 seen_ids: &mut HashSet<DocId>|
     -> Vec<T> {
        let built: Vec<(usize, Result<Built, Rejection>)> = items
            .into_par_iter()
            .map(|item| {
                let input = item.input;
                (input, build_item(item, &inputs[input], options))
            })
            .collect();
        let mut docs = Vec::with_capacity(built.len());
        for (input, result) in built {
            let entry = &mut report.inputs[input];
            match result {
                Ok(Built {
                    mut doc,
                    warnings,
                    annotated,
                }) => {
                    for w in warnings {
                        entry.warn(doc.document.locator.as_deref(), w);
                    }
                    // Identical content found twice: keep both, tell them apart by location.
                    if !seen_ids.insert(doc.document.id.clone()) {
                        let locator = format!(
                            "{}#{}",
                            doc.document.path,
                            doc.document.locator.as_deref().unwrap_or("")
                        );
                        doc.document.id = doc.document.id.with_locator(&locator);
                        seen_ids.insert(doc.document.id.clone());
                    }
                    debug_assert!(doc.validate().is_ok(), "{:?}", doc.validate());
                    entry.documents += 1;
                    docs.push(Read {
                        input,
                        doc,
                        annotated,
                    });
                }
                Err(rejection) => entry.reject(rejection),
            }
        }
        state.documents += docs.len() as u64;
        docs.into_par_iter().map(&map).collect()
    };

    // Three stages overlap, each on its own thread: a reader frames the inputs into batches;
    // a builder builds and maps each batch on the rayon pool; this thread hands the results of
    // the batch before to `sink` (which writes them, often to one database connection that
    // cannot be shared). A batch is sent as soon as it is full, even in the middle of a large
    // WARC file, and each channel holds one batch, so memory stays bounded: at most five
    // batches of at most `batch_bytes` of raw input are alive at a time.
    report = std::thread::scope(|scope| {
        let (batches, to_build) = std::sync::mpsc::sync_channel::<Batch>(1);
        let (results, to_sink) = std::sync::mpsc::sync_channel::<(Vec<T>, Progress)>(1);
        let inputs = &inputs;
        scope.spawn(move || read_all(inputs, options, batches));
        let builder = scope.spawn(move || {
            for batch in to_build {
                let mapped = build(batch.items, &mut report, &mut state, &mut seen_ids);
                for (index, read) in batch.finished {
                    report.inputs[index].merge_read(read);
                    state.inputs_done = index + 1;
                    state.bytes_done += report.inputs[index].bytes;
                }
                if results.send((mapped, state.clone())).is_err() {
                    break;
                }
            }
            report
        });
        for (mapped, state) in to_sink {
            mapped.into_iter().for_each(&mut sink);
            progress(&state);
        }
        builder
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    });
    report.finalize();
    report
}
