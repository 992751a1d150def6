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

use std::path::PathBuf;

pub use account::{describe, summarise, Account, DocRecord, DuplicateGroupReport, RunTotals};
pub use dates::{complete_with_year, needs_year};
pub use places::host_of;
pub use rashomon_annotate::{LayerOptions, Resources, ResourcesError};
pub use rashomon_ingest::{IngestReport, Progress};

use rashomon_linking::{
    earliest_first, find_duplicate_groups, originals, DuplicateGroup, Signature,
};
use rashomon_model::AnnotatedDocument;

/// What went wrong before any document could be read.
#[derive(Debug, thiserror::Error)]
pub enum PileError {
    /// A path given on the command line cannot be expanded (a bad `--exclude` glob).
    #[error("{0}")]
    Inputs(String),
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

impl Pile {
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
