//! The per-document summary: everything the cross-document steps need of one document, a few
//! kilobytes whatever the article's length. It is computed once, in parallel, when a document
//! is read (a pure function of the document), stored beside it, and every pile-wide and
//! cross-document step works on summaries; text is read back from the store only for what a
//! step shows or weighs.
//!
//! Each part is keyed for a dataflow: duplicates by LSH band of the signature, stories by
//! their weightiest terms, claims by the keys of their statements, the timeline by date. The
//! steps could run as keyed reductions on a distributed engine over these summaries.

use rashomon_linking::claims::DocStatements;
use rashomon_linking::stories::StoryTerms;
use rashomon_linking::Signature;
use rashomon_model::{AnnotatedDocument, DocMeta, PlaceClass};
use rashomon_timeline::DocDates;
use serde::{Deserialize, Serialize};

/// A place a document names, as the pile's place prior counts it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaceWeight {
    pub country: String,
    /// The first-level region, unless the place is a country.
    pub region: Option<String>,
    pub confidence: f32,
}

/// What every listing of the pile needs of one document: its metadata and a few counts. The
/// only part of the summaries a pile holds in memory all along (about half a kilobyte).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocCard {
    pub meta: DocMeta,
    /// Its dateline gives day and month but no year: the pile's year may complete its date.
    pub needs_year: bool,
    /// Time expressions in it.
    pub timexes: u32,
}

/// The parts of a summary. Each is kept in a table of its own, so that a step reads only the
/// part it needs, and holds it only while it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Card,
    Signature,
    Story,
    Dates,
    Statements,
    Places,
    Names,
}

impl Part {
    pub const ALL: [Part; 7] = [
        Part::Card,
        Part::Signature,
        Part::Story,
        Part::Dates,
        Part::Statements,
        Part::Places,
        Part::Names,
    ];

    /// The store's table of the part.
    pub fn table(self) -> &'static str {
        match self {
            Part::Card => "summary_card",
            Part::Signature => "summary_signature",
            Part::Story => "summary_story",
            Part::Dates => "summary_dates",
            Part::Statements => "summary_statements",
            Part::Places => "summary_places",
            Part::Names => "summary_names",
        }
    }
}

/// What every cross-document step needs of one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocSummary {
    pub card: DocCard,
    /// Duplicates.
    pub signature: Signature,
    /// Stories.
    pub story: StoryTerms,
    /// The timeline.
    pub dates: DocDates,
    /// Claims (and who says what).
    pub statements: DocStatements,
    /// The pile's place prior.
    pub places: Vec<PlaceWeight>,
    /// The keys of the capitalised name runs in the text (distinct, sorted): what the pile's
    /// acronyms may stand for when speakers are merged across the pile.
    pub names: Vec<String>,
}

impl DocSummary {
    pub fn of(doc: &AnnotatedDocument) -> DocSummary {
        DocSummary {
            card: DocCard {
                meta: DocMeta::of(&doc.document),
                needs_year: crate::dates::needs_year(doc),
                timexes: doc.layers.timexes.len() as u32,
            },
            signature: Signature::of(doc),
            story: StoryTerms::of(doc),
            dates: DocDates::of(doc),
            statements: DocStatements::of(doc),
            places: doc
                .layers
                .places
                .iter()
                .map(|p| PlaceWeight {
                    country: p.country.clone(),
                    region: (p.class != PlaceClass::Country)
                        .then(|| p.region.clone())
                        .flatten(),
                    confidence: p.confidence,
                })
                .collect(),
            names: rashomon_actors::run_keys(&doc.document.text),
        }
    }

    /// Each part as the store keeps it.
    pub fn parts(&self) -> [(Part, Vec<u8>); 7] {
        [
            (Part::Card, to_bytes(&self.card)),
            (Part::Signature, to_bytes(&self.signature)),
            (Part::Story, to_bytes(&self.story)),
            (Part::Dates, to_bytes(&self.dates)),
            (Part::Statements, to_bytes(&self.statements)),
            (Part::Places, to_bytes(&self.places)),
            (Part::Names, to_bytes(&self.names)),
        ]
    }
}

/// A part as the store keeps it: MessagePack with field names (compact, robust to fields
/// left out when empty, and it reads back the model's untagged date values).
pub fn to_bytes<T: Serialize>(part: &T) -> Vec<u8> {
    rmp_serde::to_vec_named(part).expect("summaries serialise")
}

/// A part read back.
pub fn from_bytes<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    rmp_serde::from_slice(bytes).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rashomon_model::{DateSource, DateValue, Document, Published};

    #[test]
    fn a_summary_reads_back_as_written() {
        let text = "The council said on Friday that buses left Raqqa.\n\nThey left at dawn.";
        let mut document = Document::from_text("a.txt", None, text.to_string());
        document.published = Published::known(
            DateValue::parse("2017-10-14").unwrap(),
            DateSource::Metadata,
            1.0,
        );
        let layers = rashomon_text::annotate_with(&document, Default::default());
        let mut doc = AnnotatedDocument { document, layers };
        doc.layers.timexes = rashomon_time::tag_document(&doc.document, &doc.layers);
        let summary = DocSummary::of(&doc);
        assert!(!summary.dates.units.is_empty());
        let [(_, card), (_, signature), (_, story), (_, dates), (_, statements), (_, places), (_, names)] =
            summary.parts();
        let back = DocSummary {
            card: from_bytes(&card).unwrap(),
            signature: from_bytes(&signature).unwrap(),
            story: from_bytes(&story).unwrap(),
            dates: from_bytes(&dates).unwrap(),
            statements: from_bytes(&statements).unwrap(),
            places: from_bytes(&places).unwrap(),
            names: from_bytes(&names).unwrap(),
        };
        assert_eq!(back, summary);
    }
}
