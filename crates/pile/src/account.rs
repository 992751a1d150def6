//! The account of a run (`ingest-report.json`): every input with what became of it, the
//! duplicate groups, and the totals.

use std::collections::BTreeSet;

use rashomon_ingest::report::Totals;
use rashomon_ingest::{IngestReport, InputReport};
use rashomon_linking::{earliest_first, originals, DuplicateGroup};
use rashomon_model::{AnnotatedDocument, DateSource, DateValue, DocId, Outlet};
use serde::{Deserialize, Serialize};

/// What the account keeps of each document.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DocRecord {
    pub id: DocId,
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locator: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<DateValue>,
    /// How the publication date was obtained (`inferred` dates are the tagger's estimate).
    pub date_source: DateSource,
    /// Time expressions found in the text.
    pub timexes: usize,
    #[serde(skip)]
    pub input: usize,
    /// Whether the date could be completed with the pile's year (see [`crate::needs_year`]).
    #[serde(skip)]
    pub needs_year: bool,
}

impl DocRecord {
    pub fn of_meta(
        input: usize,
        m: &rashomon_model::DocMeta,
        needs_year: bool,
        timexes: u32,
    ) -> DocRecord {
        DocRecord {
            id: m.id.clone(),
            path: m.path.clone(),
            locator: m.locator.clone(),
            outlet: m.outlet_name().map(str::to_string),
            published: m.published.value,
            date_source: m.published.source,
            timexes: timexes as usize,
            input,
            needs_year,
        }
    }

    pub fn of(input: usize, doc: &AnnotatedDocument) -> DocRecord {
        let d = &doc.document;
        DocRecord {
            id: d.id.clone(),
            path: d.path.clone(),
            locator: d.locator.clone(),
            outlet: d.outlet.as_ref().map(|o: &Outlet| o.name.clone()),
            published: d.published.value,
            date_source: d.published.source,
            timexes: doc.layers.timexes.len(),
            input,
            needs_year: crate::dates::needs_year(doc),
        }
    }
}

/// Articles that are one article: wire copy and its reprints.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DuplicateGroupReport {
    /// The earliest-published member (the first found when dates are missing).
    pub representative: DocId,
    pub exact: bool,
    pub min_similarity: f32,
    pub members: Vec<DocRecord>,
    /// Distinct outlets among the members.
    pub outlets: Vec<String>,
}

/// Totals over the whole run, including duplicate detection.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RunTotals {
    #[serde(flatten)]
    pub inputs: Totals,
    /// Documents that repeat an earlier article of their group.
    pub duplicates: u64,
    /// Documents less duplicates: the number of distinct articles.
    pub distinct_articles: u64,
    /// Distinct outlets over all documents.
    pub outlets: u64,
    /// Documents whose outlet is unknown.
    pub documents_without_outlet: u64,
    /// Documents whose publication date is unknown.
    pub documents_without_date: u64,
    /// Documents whose publication date was inferred from their text (and the corpus year).
    pub documents_with_inferred_date: u64,
    /// Time expressions over all documents.
    pub timexes: u64,
}

/// `ingest-report.json`: the account of a run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Account {
    pub totals: RunTotals,
    pub duplicate_groups: Vec<DuplicateGroupReport>,
    pub inputs: Vec<InputReport>,
}

/// Folds the duplicate groups into the per-input report.
pub fn summarise(
    mut report: IngestReport,
    docs: Vec<DocRecord>,
    groups: &[DuplicateGroup],
) -> Account {
    let original = originals(docs.len(), groups, |m| earliest_first(docs[m].published));
    let mut duplicates = 0u64;
    let mut group_reports = Vec::with_capacity(groups.len());
    for g in groups {
        // The earliest-published member is the original; the others are its duplicates.
        let rep = original[g.members[0]];
        for &m in &g.members {
            if m != rep {
                duplicates += 1;
                report.inputs[docs[m].input].duplicates += 1;
            }
        }
        let outlets: BTreeSet<String> = g
            .members
            .iter()
            .filter_map(|&m| docs[m].outlet.clone())
            .collect();
        group_reports.push(DuplicateGroupReport {
            representative: docs[rep].id.clone(),
            exact: g.exact,
            min_similarity: g.min_similarity,
            members: g.members.iter().map(|&m| docs[m].clone()).collect(),
            outlets: outlets.into_iter().collect(),
        });
    }
    let outlets: BTreeSet<&str> = docs.iter().filter_map(|d| d.outlet.as_deref()).collect();
    let totals = RunTotals {
        duplicates,
        distinct_articles: docs.len() as u64 - duplicates,
        outlets: outlets.len() as u64,
        documents_without_outlet: docs.iter().filter(|d| d.outlet.is_none()).count() as u64,
        documents_without_date: docs.iter().filter(|d| d.published.is_none()).count() as u64,
        documents_with_inferred_date: docs
            .iter()
            .filter(|d| d.date_source == DateSource::Inferred)
            .count() as u64,
        timexes: docs.iter().map(|d| d.timexes as u64).sum(),
        inputs: report.totals.clone(),
    };
    Account {
        totals,
        duplicate_groups: group_reports,
        inputs: report.inputs,
    }
}

/// The one-paragraph account printed at the end of a run.
pub fn describe(summary: &Account) -> String {
    let t = &summary.totals;
    let i = &t.inputs;
    let mut s = format!(
        "{} documents from {} input(s): {} read, {} partial, {} rejected; {} record(s) rejected, {} skipped.\n",
        i.documents, i.inputs, i.inputs_read, i.inputs_partial, i.inputs_rejected, i.records_rejected, i.records_skipped
    );
    s.push_str(&format!(
        "{} distinct article(s): {} duplicate(s) in {} group(s); {} outlet(s); {} without outlet, {} without date.\n",
        t.distinct_articles,
        t.duplicates,
        summary.duplicate_groups.len(),
        t.outlets,
        t.documents_without_outlet,
        t.documents_without_date
    ));
    s.push_str(&format!(
        "{} time expression(s); {} publication date(s) inferred from the text (marked \"inferred\").",
        t.timexes, t.documents_with_inferred_date
    ));
    s
}
