//! The pile: every document of a run, and the steps that need all of them at once.
//!
//! A pile lives in a [`Store`] (one SQLite file). [`add_to_store`] reads inputs into it —
//! ingest's readers, then the per-document pipeline of `rashomon-annotate`, in parallel, each
//! document written with its [`DocSummary`] — and [`Pile::open`] holds a store's summaries in
//! memory, a few kilobytes a document; texts stay in the store and are read back only for what
//! a step shows or weighs. The pile-wide steps are [`Pile`]'s methods, written once and called
//! by every command that needs them:
//!
//! - dates the text alone could not give (a dateline's "May 31" without a year) are completed
//!   with the year most of the pile was published in, when documents are added;
//! - [`Pile::merge_speakers`]: speakers merged across articles (a lone surname into the one
//!   full name, an acronym into the name it abbreviates somewhere in the pile);
//! - [`Pile::resolve_places`]: the pile's and each outlet's place prior, with which the
//!   documents shown get their places resolved again;
//! - [`Pile::duplicates`]: reprinted articles and each group's original;
//! - [`Pile::account`]: the account of what was read (`ingest-report.json`).
//!
//! Architecture Invariant: pile-wide steps rewrite only `published` and `timexes` (dates, in
//! the store), speaker names and ids and `places` (in the documents they hand out); never the
//! text or any other span.

mod account;
pub mod check;
mod dates;
mod places;
mod speakers;
pub mod store;
pub mod summary;
pub mod timeline;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub use account::{describe, summarise, Account, DocRecord, DuplicateGroupReport, RunTotals};
pub use dates::{complete_timex_years, complete_with_pile, complete_with_year, needs_year};
pub use places::host_of;
pub use rashomon_annotate::{LayerOptions, Resources, ResourcesError};
pub use rashomon_ingest::{IngestReport, Progress};
pub use store::{Store, StoreError};
pub use summary::{DocCard, DocSummary, Part, PlaceWeight};

use rashomon_linking::claims::{DocStatements, ReadChunk, StatementSource, READ_CHUNK};
use rashomon_linking::{earliest_first, find_duplicate_groups, originals, DuplicateGroup};
use rashomon_model::{AnnotatedDocument, DocMeta, Sentences, Span, Speaker};
use rashomon_places::resolve::PilePrior;
use rashomon_timeline::TermCounts;
pub use speakers::DocSpeakers;

/// What went wrong before any document could be read, or with the store.
#[derive(Debug, thiserror::Error)]
pub enum PileError {
    /// A path given on the command line cannot be expanded (a bad `--exclude` glob).
    #[error("{0}")]
    Inputs(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot make a temporary store: {0}")]
    Temporary(std::io::Error),
}

/// The reason given in the account for a document already in the store it is added to.
pub const ALREADY_STORED: &str = "already in the store";

/// How to read a pile.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Formats, limits and text layers (`rashomon-ingest`).
    pub ingest: rashomon_ingest::Options,
    /// The model-backed layers (`rashomon-annotate`).
    pub layers: LayerOptions,
}

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

/// Reads `paths` into `store` in one transaction: each document is annotated (unless it came
/// annotated), summarised and appended, except those the store already holds (same id: same
/// title and text); then dates are completed with the pile's year over the whole store.
/// Documents are streamed: memory does not grow with the inputs. A crash or an error before
/// the end leaves the store as it was.
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
    let mut terms = TermCounts::default();
    let mut report = rashomon_ingest::run(
        expanded,
        &options.ingest,
        |read| {
            let mut doc = read.doc;
            if known.contains(&doc.document.id) {
                return (read.input, doc, None);
            }
            if !read.annotated {
                rashomon_annotate::annotate(&mut doc, &options.layers, resources);
            }
            let summary = DocSummary::of(&doc);
            let counts = TermCounts::of(&doc);
            (read.input, doc, Some((summary, counts)))
        },
        |(input, doc, summary)| {
            if failure.is_some() {
                return;
            }
            let Some((summary, counts)) = summary else {
                already.push(input);
                return;
            };
            terms.add(&counts);
            match writer.document(base + input as i64, &doc, &summary) {
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
    writer.add_terms(&terms)?;
    let dates_completed = dates::complete_in_store(&writer)?;
    writer.commit()?;
    store.share()?;
    Ok(Added {
        report,
        added,
        dates_completed,
    })
}

/// The documents of a pile, in pile order, with their store. Memory: each document's card
/// (its metadata, about half a kilobyte) all along, and the part of the summaries a step needs
/// while it runs; texts stay in the store.
pub struct Pile {
    store: Store,
    /// Holds a store made for one run (files and folders read with [`Pile::read`]).
    _temporary: Option<tempfile::TempDir>,
    /// Each document's place in the store.
    seqs: Vec<i64>,
    /// Pile index of each store place.
    index_of: HashMap<i64, usize>,
    metas: Vec<DocMeta>,
    needs_year: Vec<bool>,
    timexes: Vec<u32>,
    /// For each document, the input (index into [`Pile::report`]'s inputs) it came from.
    pub input_of: Vec<usize>,
    /// The pile's place prior, once [`Pile::resolve_places`] has run.
    places: Option<PilePrior>,
    /// The speakers of the documents' statements, merged across the pile, once
    /// [`Pile::merge_speakers`] has run; the statements themselves stay in the store.
    speakers: Option<Vec<DocSpeakers>>,
    /// How many sentences hold each term: what the timeline weighs words by.
    pub terms: TermCounts,
    /// Publication dates completed with the pile's year when the pile was read
    /// ([`Pile::read`]; a store's were completed when its documents were added).
    pub dates_completed: usize,
}

/// Reprinted articles: the groups, and for each document the index of its group's original
/// (itself when it has no duplicate).
#[derive(Debug, Clone, Default)]
pub struct Duplicates {
    pub groups: Vec<DuplicateGroup>,
    pub group_of: Vec<usize>,
}

impl Pile {
    /// The pile a store holds. Documents are in the order one reading of all the store's
    /// files would give (by path, then by position in the file), whatever order they were
    /// added in: the timeline of a store does not depend on how its articles arrived.
    pub fn open(store: Store) -> Result<Pile, PileError> {
        let input_index: HashMap<i64, usize> = store
            .inputs()?
            .iter()
            .enumerate()
            .map(|(i, (id, _))| (*id, i))
            .collect();
        let mut rows: Vec<(i64, i64, DocCard)> = Vec::new();
        store.for_each_card(|seq, input, card| rows.push((seq, input, card)))?;
        rows.sort_by(|a, b| (a.2.meta.path.as_str(), a.0).cmp(&(b.2.meta.path.as_str(), b.0)));
        let n = rows.len();
        let mut pile = Pile {
            terms: store.term_counts()?,
            store,
            _temporary: None,
            seqs: Vec::with_capacity(n),
            index_of: HashMap::with_capacity(n),
            metas: Vec::with_capacity(n),
            needs_year: Vec::with_capacity(n),
            timexes: Vec::with_capacity(n),
            input_of: Vec::with_capacity(n),
            places: None,
            speakers: None,
            dates_completed: 0,
        };
        for (i, (seq, input, card)) in rows.into_iter().enumerate() {
            pile.seqs.push(seq);
            pile.index_of.insert(seq, i);
            pile.input_of
                .push(input_index.get(&input).copied().unwrap_or_default());
            pile.metas.push(card.meta);
            pile.needs_year.push(card.needs_year);
            pile.timexes.push(card.timexes);
        }
        Ok(pile)
    }

    /// Reads files and folders into a store of their own (in a temporary folder, gone with
    /// the pile, unless `keep` names where to make it) and opens it.
    pub fn read(
        paths: &[PathBuf],
        exclude: &[String],
        options: &ReadOptions,
        resources: &Resources,
        keep: Option<&Path>,
        progress: impl FnMut(&Progress),
    ) -> Result<Pile, PileError> {
        let (temporary, path) = match keep {
            Some(path) => (None, path.to_path_buf()),
            None => {
                let dir = tempfile::Builder::new()
                    .prefix("rashomon-pile")
                    .tempdir()
                    .map_err(PileError::Temporary)?;
                let path = dir.path().join(store::STORE_FILE);
                (Some(dir), path)
            }
        };
        let mut store = Store::create(&path)?;
        let added = add_to_store(
            &mut store, "read", paths, exclude, options, resources, progress,
        )?;
        tracing::info!("{} documents read and summarised", added.added);
        let mut pile = Pile::open(store)?;
        pile.dates_completed = added.dates_completed;
        pile._temporary = temporary;
        Ok(pile)
    }

    /// How many documents the pile holds.
    pub fn len(&self) -> usize {
        self.seqs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.seqs.is_empty()
    }

    /// The store the pile lives in.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// What was read, input by input (from the store).
    pub fn report(&self) -> Result<IngestReport, PileError> {
        let mut report = IngestReport {
            inputs: self.store.inputs()?.into_iter().map(|(_, r)| r).collect(),
            ..IngestReport::default()
        };
        report.finalize();
        Ok(report)
    }

    /// Keeps what a timeline run derived in the pile's store (its entries and claims tables),
    /// in one transaction.
    pub fn keep_timeline(&mut self, out: &rashomon_report::TimelineOut) -> Result<(), PileError> {
        let writer = self.store.writer()?;
        writer.timeline(out)?;
        writer.commit()?;
        Ok(())
    }

    /// Every document's metadata, in pile order.
    pub fn metas(&self) -> &[DocMeta] {
        &self.metas
    }

    /// One part of every document's summary, in pile order, read from the store.
    pub fn part<T: serde::de::DeserializeOwned>(&self, part: Part) -> Result<Vec<T>, PileError> {
        let mut out: Vec<Option<T>> = (0..self.len()).map(|_| None).collect();
        self.store.for_each_part(part, |seq, value: T| {
            if let Some(&i) = self.index_of.get(&seq) {
                out[i] = Some(value);
            }
        })?;
        out.into_iter()
            .enumerate()
            .map(|(i, v)| {
                v.ok_or_else(|| {
                    PileError::Store(StoreError::BadRow {
                        path: self.store.path().display().to_string(),
                        seq: self.seqs[i],
                        reason: format!("no {} row", part.table()),
                    })
                })
            })
            .collect()
    }

    /// Merges speakers across the pile (see the crate doc) in the documents' statements; the
    /// documents and statements handed out afterwards carry the merged speakers.
    pub fn merge_speakers(&mut self, resources: &Resources) -> Result<(), PileError> {
        let mut all: Vec<DocSpeakers> = self.part(Part::Statements)?;
        let store = &self.store;
        let run_keys = |each: &mut dyn FnMut(Vec<String>)| -> Result<(), StoreError> {
            store.for_each_part(Part::Names, |_, keys: Vec<String>| each(keys))
        };
        speakers::merge(&mut all, resources.resolver(), run_keys)?;
        self.speakers = Some(all);
        Ok(())
    }

    /// Builds the pile's place prior (where the pile's places lie, and each outlet's): the
    /// documents handed out afterwards have their places resolved again with it.
    pub fn resolve_places(&mut self) -> Result<(), PileError> {
        let weights: Vec<Vec<PlaceWeight>> = self.part(Part::Places)?;
        self.places = Some(places::pile_prior(&self.metas, &weights));
        Ok(())
    }

    /// The pile's reprinted articles: documents whose estimated Jaccard similarity (word
    /// 5-shingles) reaches `threshold` are one article; the earliest dated member is the
    /// original.
    pub fn duplicates(&self, threshold: f32) -> Result<Duplicates, PileError> {
        let signatures: Vec<rashomon_linking::Signature> = self.part(Part::Signature)?;
        let groups = find_duplicate_groups(&signatures, threshold);
        let group_of = originals(self.len(), &groups, |m| {
            earliest_first(self.metas[m].published.value)
        });
        Ok(Duplicates { groups, group_of })
    }

    /// The account of the run: every input, the duplicate groups, the totals.
    pub fn account(&self, duplicates: &Duplicates) -> Result<Account, PileError> {
        let records = (0..self.len())
            .map(|i| {
                DocRecord::of_meta(
                    self.input_of[i],
                    &self.metas[i],
                    self.needs_year[i],
                    self.timexes[i],
                )
            })
            .collect();
        Ok(account::summarise(
            self.report()?,
            records,
            &duplicates.groups,
        ))
    }

    /// Documents as the pile-wide steps leave them: speakers merged (when the statements are
    /// loaded and [`Pile::merge_speakers`] ran) and places resolved with the pile's prior
    /// (when [`Pile::resolve_places`] ran), in the order asked.
    pub fn documents(
        &self,
        wanted: &[usize],
        resources: &Resources,
    ) -> Result<Vec<AnnotatedDocument>, PileError> {
        let seqs: Vec<i64> = wanted.iter().map(|&i| self.seqs[i]).collect();
        let stored = self.store.documents_at(&seqs)?;
        let places = match &self.places {
            Some(_) => Some(self.places_of(wanted)?),
            None => None,
        };
        Ok(stored
            .into_iter()
            .zip(wanted)
            .enumerate()
            .map(|(n, (d, &i))| self.resolved(i, d.doc, places.as_ref().map(|p| &p[n]), resources))
            .collect())
    }

    /// The place weights of some documents, in the order asked.
    fn places_of(&self, wanted: &[usize]) -> Result<Vec<Vec<PlaceWeight>>, PileError> {
        let seqs: Vec<i64> = wanted.iter().map(|&i| self.seqs[i]).collect();
        Ok(self.store.parts_at(Part::Places, &seqs)?)
    }

    /// Calls `each` with every document (resolved as [`Pile::documents`] does), in pile
    /// order, a few at a time.
    pub fn for_each_document(
        &self,
        resources: &Resources,
        mut each: impl FnMut(usize, AnnotatedDocument),
    ) -> Result<(), PileError> {
        let all: Vec<usize> = (0..self.len()).collect();
        for chunk in all.chunks(256) {
            for (doc, &i) in self.documents(chunk, resources)?.into_iter().zip(chunk) {
                each(i, doc);
            }
        }
        Ok(())
    }

    /// Every document, resolved as [`Pile::documents`] does, in memory: for tools and
    /// evaluations on piles that fit; commands stream with [`Pile::for_each_document`].
    pub fn all_documents(
        &self,
        resources: &Resources,
    ) -> Result<Vec<AnnotatedDocument>, PileError> {
        let mut docs = Vec::with_capacity(self.len());
        self.for_each_document(resources, |_, d| docs.push(d))?;
        Ok(docs)
    }

    fn resolved(
        &self,
        i: usize,
        mut doc: AnnotatedDocument,
        weights: Option<&Vec<PlaceWeight>>,
        resources: &Resources,
    ) -> AnnotatedDocument {
        if let Some(all) = &self.speakers {
            let speakers = &all[i];
            for (n, a) in doc.layers.attributions.iter_mut().enumerate() {
                a.speaker = speakers.of_attribution(n).cloned();
            }
        }
        if let (Some(prior), Some(weights)) = (&self.places, weights) {
            places::resolve_document(
                &mut doc,
                prior,
                self.metas[i].outlet_name(),
                weights,
                resources.gazetteer(),
            );
        }
        doc
    }

    /// The pile as the report and the claims step read it (speakers merged first:
    /// [`Pile::merge_speakers`]).
    pub fn view<'a>(&'a self, resources: &'a Resources) -> PileReport<'a> {
        PileReport {
            pile: self,
            resources,
            failure: std::cell::RefCell::new(None),
        }
    }
}

/// The pile seen by the report and the claims step: metadata and speakers from the
/// summaries, statements, words and documents from the store. A store error while reading is kept and given back by
/// [`PileReport::failure`].
pub struct PileReport<'a> {
    pile: &'a Pile,
    resources: &'a Resources,
    failure: std::cell::RefCell<Option<PileError>>,
}

impl PileReport<'_> {
    /// The first error met while reading the store, if any.
    pub fn failure(self) -> Option<PileError> {
        self.failure.into_inner()
    }
}

impl Sentences for PileReport<'_> {
    fn texts(&self, wanted: &[(usize, Span)]) -> Vec<String> {
        let stored: Vec<(i64, Span)> = wanted
            .iter()
            .map(|&(d, s)| (self.pile.seqs[d], s))
            .collect();
        match self.pile.store.texts(&stored) {
            Ok(t) => t,
            Err(e) => {
                self.failure.borrow_mut().get_or_insert(e.into());
                vec![String::new(); wanted.len()]
            }
        }
    }
}

impl StatementSource for PileReport<'_> {
    fn document_count(&self) -> usize {
        self.pile.len()
    }

    /// Reads the statements part of the documents asked, [`READ_CHUNK`] at a time, with the
    /// speakers merged across the pile.
    fn read_statements(&self, docs: &[usize], each: &mut ReadChunk<'_>) {
        for chunk in docs.chunks(READ_CHUNK) {
            let seqs: Vec<i64> = chunk.iter().map(|&d| self.pile.seqs[d]).collect();
            let mut read: Vec<DocStatements> =
                match self.pile.store.parts_at(Part::Statements, &seqs) {
                    Ok(read) => read,
                    Err(e) => {
                        self.failure.borrow_mut().get_or_insert(e.into());
                        return;
                    }
                };
            if let Some(merged) = &self.pile.speakers {
                for (statements, &d) in read.iter_mut().zip(chunk) {
                    statements.speakers.clone_from(&merged[d].speakers);
                }
            }
            let chunk: Vec<(usize, &DocStatements)> = chunk.iter().copied().zip(&read).collect();
            each(&chunk);
        }
    }
}

impl rashomon_report::PileView for PileReport<'_> {
    fn metas(&self) -> &[DocMeta] {
        &self.pile.metas
    }

    fn speakers(&self, doc: usize) -> &[Speaker] {
        &self
            .pile
            .speakers
            .as_ref()
            .expect("speakers merged before the report")[doc]
            .speakers
    }

    fn documents(&self, wanted: &[usize]) -> Vec<AnnotatedDocument> {
        match self.pile.documents(wanted, self.resources) {
            Ok(docs) => docs,
            Err(e) => {
                self.failure.borrow_mut().get_or_insert(e);
                Vec::new()
            }
        }
    }
}
