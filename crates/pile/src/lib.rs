//! The pile: every document of a run, and the steps that need all of them at once.
//!
//! A [`Pile`] is read from inputs by [`Pile::read`] (ingest's readers, then the per-document
//! pipeline of `rashomon-annotate`, in parallel); the pile-wide steps are its methods, written
//! once and called by every command that needs them:
//!
//! - [`Pile::complete_dates`]: publication dates the text alone could not give (a dateline's
//!   "May 31" without a year) completed with the year most of the pile was published in;
//! - [`Pile::merge_speakers`]: speakers merged across articles (a lone surname into the one
//!   full name, an acronym into the name it abbreviates somewhere in the pile);
//! - [`Pile::resolve_places`]: places resolved again with the pile's and each outlet's prior;
//! - [`Pile::duplicates`]: reprinted articles and each group's original;
//! - [`Pile::account`]: the account of what was read (`ingest-report.json`).
//!
//! Pile-wide steps rewrite only `published` and `timexes` (dates), speaker names and ids
//! (speakers) and `places`; never the text or any other span.

mod account;
mod dates;
mod places;
mod speakers;
pub mod store;

use std::path::PathBuf;

pub use account::{describe, summarise, Account, DocRecord, DuplicateGroupReport, RunTotals};
pub use dates::{complete_with_year, needs_year};
pub use places::host_of;
pub use rashomon_annotate::{LayerOptions, Resources, ResourcesError};
pub use rashomon_ingest::{IngestReport, Progress};
pub use store::{Store, StoreError};

use rashomon_linking::{
    earliest_first, find_duplicate_groups, originals, DuplicateGroup, Signature,
};
use rashomon_model::AnnotatedDocument;

/// What went wrong before any document could be read, or with the store.
#[derive(Debug, thiserror::Error)]
pub enum PileError {
    /// A path given on the command line cannot be expanded (a bad `--exclude` glob).
    #[error("{0}")]
    Inputs(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The reason given in the account for a document already in the store it is added to.
pub const ALREADY_STORED: &str = "already in the store";

/// What [`add_to_store`] did.
#[derive(Debug)]
pub struct Added {
    /// The account of the inputs read in this run (documents counts only the new ones;
    /// documents the store already held are skipped with the reason [`ALREADY_STORED`]).
    pub report: IngestReport,
    /// Documents added.
    pub added: usize,
    /// Publication dates completed with the pile's year (over the whole store).
    pub dates_completed: usize,
}

/// How to read a pile.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Formats, limits and text layers (`rashomon-ingest`).
    pub ingest: rashomon_ingest::Options,
    /// The model-backed layers (`rashomon-annotate`).
    pub layers: LayerOptions,
}

/// The documents of a run, in input order, with where each came from and the account of every
/// input.
pub struct Pile {
    pub docs: Vec<AnnotatedDocument>,
    /// For each document, the input (index into `report.inputs`) it came from.
    pub input_of: Vec<usize>,
    /// What was read, input by input.
    pub report: IngestReport,
}

/// Reprinted articles: the groups, and for each document the index of its group's original
/// (itself when it has no duplicate).
#[derive(Debug, Clone, Default)]
pub struct Duplicates {
    pub groups: Vec<DuplicateGroup>,
    pub group_of: Vec<usize>,
}

/// Reads `paths` into `store` in one transaction: each document is annotated (unless it came
/// annotated) and appended, except those the store already holds (same id: same title and
/// text); then dates are completed with the pile's year over the whole store. Documents are
/// streamed: memory does not grow with the inputs. A crash or an error before the end leaves
/// the store as it was.
pub fn add_to_store(
    store: &mut Store,
    command: &str,
    paths: &[PathBuf],
    exclude: &[String],
    options: &ReadOptions,
    resources: &Resources,
    progress: impl FnMut(&Progress),
) -> Result<Added, PileError> {
    let expanded = rashomon_ingest::expand(paths, exclude).map_err(PileError::Inputs)?;
    let known = store.ids()?;
    let writer = store.writer()?;
    let layers = serde_json::json!({
        "timexes": options.layers.timexes,
        "attributions": options.layers.attributions,
        "places": options.layers.places,
        "tokens": options.ingest.text.tokens,
    })
    .to_string();
    let batch = writer.batch(&store::BatchInfo {
        command,
        layers: &layers,
    })?;
    let base = writer.next_input_id()?;
    let mut failure: Option<StoreError> = None;
    let mut already: Vec<usize> = Vec::new();
    let mut added = 0;
    let mut report = rashomon_ingest::run(
        expanded,
        &options.ingest,
        |read| {
            let mut doc = read.doc;
            if !read.annotated && !known.contains(&doc.document.id) {
                rashomon_annotate::annotate(&mut doc, &options.layers, resources);
            }
            (read.input, doc)
        },
        |(input, doc)| {
            if failure.is_some() {
                return;
            }
            if known.contains(&doc.document.id) {
                already.push(input);
                return;
            }
            match writer.document(base + input as i64, &doc) {
                Ok(_) => added += 1,
                Err(e) => failure = Some(e),
            }
        },
        progress,
    );
    if let Some(e) = failure {
        return Err(e.into());
    }
    for input in already {
        let entry = &mut report.inputs[input];
        entry.documents -= 1;
        *entry.skipped.entry(ALREADY_STORED.to_string()).or_insert(0) += 1;
    }
    report.finalize();
    for (i, input) in report.inputs.iter().enumerate() {
        writer.input(base + i as i64, batch, input)?;
    }
    let dates_completed = dates::complete_in_store(&writer)?;
    writer.commit()?;
    Ok(Added {
        report,
        added,
        dates_completed,
    })
}

impl Pile {
    /// Reads every document of a store into memory, with the account of every input it was
    /// made from. Documents are in the order one reading of all the store's files would give
    /// (by path, then by position in the file), whatever order they were added in: the
    /// timeline of a store does not depend on how its articles arrived.
    pub fn from_store(store: &Store) -> Result<Pile, PileError> {
        let inputs = store.inputs()?;
        let index: std::collections::HashMap<i64, usize> = inputs
            .iter()
            .enumerate()
            .map(|(i, (id, _))| (*id, i))
            .collect();
        let mut report = IngestReport {
            inputs: inputs.into_iter().map(|(_, r)| r).collect(),
            ..IngestReport::default()
        };
        report.finalize();
        let mut stored = Vec::new();
        store.for_each_document(|d| stored.push(d))?;
        stored.sort_by(|a, b| {
            (a.doc.document.path.as_str(), a.seq).cmp(&(b.doc.document.path.as_str(), b.seq))
        });
        let input_of = stored
            .iter()
            .map(|d| index.get(&d.input).copied().unwrap_or(0))
            .collect();
        let docs = stored.into_iter().map(|d| d.doc).collect();
        Ok(Pile {
            docs,
            input_of,
            report,
        })
    }

    /// Reads every input (files, folders, `-` for standard input) into memory, in input order,
    /// annotating each document with `options.layers` on all cores.
    pub fn read(
        paths: &[PathBuf],
        exclude: &[String],
        options: &ReadOptions,
        resources: &Resources,
        progress: impl FnMut(&Progress),
    ) -> Result<Pile, PileError> {
        let expanded = rashomon_ingest::expand(paths, exclude).map_err(PileError::Inputs)?;
        let mut docs = Vec::new();
        let mut input_of = Vec::new();
        let report = rashomon_ingest::run(
            expanded,
            &options.ingest,
            |read| {
                let mut doc = read.doc;
                if !read.annotated {
                    rashomon_annotate::annotate(&mut doc, &options.layers, resources);
                }
                (read.input, doc)
            },
            |(input, doc)| {
                input_of.push(input);
                docs.push(doc);
            },
            progress,
        );
        Ok(Pile {
            docs,
            input_of,
            report,
        })
    }

    /// Completes publication dates with the pile's year where a document's own text gives only
    /// day and month, and re-resolves those documents' time expressions. Returns how many
    /// dates were completed.
    pub fn complete_dates(&mut self) -> usize {
        dates::complete_with_pile_year(&mut self.docs)
    }

    /// Merges speakers across the pile (see the crate doc).
    pub fn merge_speakers(&mut self, resources: &Resources) {
        speakers::merge(&mut self.docs, resources.resolver());
    }

    /// Resolves every document's places again with the pile's and its outlet's prior.
    pub fn resolve_places(&mut self, resources: &Resources) {
        places::resolve_in_pile(&mut self.docs, resources.gazetteer());
    }

    /// The pile's reprinted articles: documents whose estimated Jaccard similarity (word
    /// 5-shingles) reaches `threshold` are one article; the earliest dated member is the
    /// original.
    pub fn duplicates(&self, threshold: f32) -> Duplicates {
        let signatures: Vec<Signature> = self.docs.iter().map(Signature::of).collect();
        let groups = find_duplicate_groups(&signatures, threshold);
        let group_of = originals(self.docs.len(), &groups, |m| {
            earliest_first(self.docs[m].document.published.value)
        });
        Duplicates { groups, group_of }
    }

    /// The account of the run: every input, the duplicate groups, the totals.
    pub fn account(&self, duplicates: &Duplicates) -> Account {
        let records = self
            .docs
            .iter()
            .zip(&self.input_of)
            .map(|(d, &input)| DocRecord::of(input, d))
            .collect();
        account::summarise(self.report.clone(), records, &duplicates.groups)
    }
}
