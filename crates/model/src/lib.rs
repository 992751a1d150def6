//! The rashomon document model.
//!
//! A [`Document`] is what ingest made of one article: its metadata and its `text`. The text is
//! fixed at ingest and never changed afterwards; everything that later stages find in it is a
//! standoff annotation, a byte [`Span`] into `text`, collected in [`Layers`]. Because a span
//! plus a document id is enough to point at the exact words an article used, every line a user
//! sees (a timeline entry, a claim, a quote, a place) can carry its provenance ([`Provenance`]).
//!
//! Invariants, checked by [`AnnotatedDocument::validate`]:
//! - every span satisfies `start <= end <= text.len()` and lies on UTF-8 character boundaries;
//! - spans of one layer are sorted by start and, except tokens inside sentences, do not overlap;
//! - a document's id depends only on its content (title + text), never on discovery order.

mod attribution;
mod date;
mod layers;
mod place;
mod span;
mod stance;
mod timex;

pub use attribution::{Attribution, CueClass, Speaker, SpeakerKind};
pub use date::{DateSource, DateValue, Published};
pub use layers::{AgencyTag, Dateline, Junk, JunkKind, Layers};
pub use place::{PlaceClass, Toponym};
pub use span::{Provenance, Span, SpanText};
pub use stance::Stance;
pub use timex::{Timex, TimexAnchor, TimexMod, TimexType};

use serde::{Deserialize, Serialize};

/// Stable identifier of a document: 16 hex digits of a content hash (see [`DocId::from_content`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DocId(pub String);

impl DocId {
    /// Hash of title and text. Two byte-identical articles get the same id; ingest
    /// disambiguates such copies with [`DocId::with_locator`].
    pub fn from_content(title: Option<&str>, text: &str) -> DocId {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        hasher.update(title.unwrap_or("").as_bytes());
        hasher.update(&[0]);
        hasher.update(text.as_bytes());
        DocId(format!("{:016x}", hasher.digest()))
    }

    /// Id of a second copy of identical content, made distinct by where the copy was found.
    pub fn with_locator(&self, locator: &str) -> DocId {
        let h = xxhash_rust::xxh3::xxh3_64(format!("{}\0{}", self.0, locator).as_bytes());
        DocId(format!("{}-{:06x}", self.0, h & 0xff_ffff))
    }
}

impl std::fmt::Display for DocId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The input format a document was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    Txt,
    Jsonl,
    Html,
    Warc,
}

/// Who published a document, and how we know.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outlet {
    /// Canonical outlet name when the outlet is known ("Reuters", "TASS"), else the raw label
    /// (a host name such as `example.org`, a folder name).
    pub name: String,
    pub source: OutletSource,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutletSource {
    /// An `outlet`/`source` field of the input record.
    Metadata,
    /// `og:site_name` or similar in the HTML page.
    HtmlMeta,
    /// The host of the article's URL.
    UrlHost,
    /// A folder of the file's path names a known outlet.
    Folder,
    /// An agency tag in the text (`/TASS/`, `(Reuters)`, "Reported by the Associated Press").
    AgencyTag,
}

/// One article as ingest produced it. `text` is immutable from here on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub id: DocId,
    /// The file the document came from (`-` for standard input).
    pub path: String,
    /// Where in `path` the document was: `line 12` of a JSON Lines file, `record 3` of a WARC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locator: Option<String>,
    pub format: SourceFormat,
    /// The input's own identifier of the article (a JSON record's `id`, a WARC record id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    pub outlet: Option<Outlet>,
    pub url: Option<String>,
    pub title: Option<String>,
    pub text: String,
    pub published: Published,
    /// ISO 639-3 code detected from the text ("eng", "rus"), or given by the input.
    pub language: Option<String>,
}

impl Document {
    /// A plain-text document with nothing but a title and a text (id from the content): for
    /// tests, fuzzing and tools that annotate text they hold in memory.
    pub fn from_text(path: &str, title: Option<String>, text: String) -> Document {
        Document {
            id: DocId::from_content(title.as_deref(), &text),
            path: path.to_string(),
            locator: None,
            format: SourceFormat::Txt,
            external_id: None,
            outlet: None,
            url: None,
            title,
            text,
            published: Published::unknown(),
            language: None,
        }
    }

    /// The text a span covers. Spans come from this document's layers, so they are in range.
    pub fn span_text(&self, span: Span) -> &str {
        &self.text[span.range()]
    }

    pub fn provenance(&self, span: Span) -> Provenance {
        Provenance {
            doc_id: self.id.clone(),
            start: span.start,
            end: span.end,
        }
    }
}

/// What a document is, without its text: what cross-document steps and listings need of
/// it (the text stays in the store).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocMeta {
    pub id: DocId,
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locator: Option<String>,
    pub outlet: Option<Outlet>,
    pub url: Option<String>,
    pub title: Option<String>,
    pub published: Published,
    pub language: Option<String>,
}

impl DocMeta {
    pub fn of(d: &Document) -> DocMeta {
        DocMeta {
            id: d.id.clone(),
            path: d.path.clone(),
            locator: d.locator.clone(),
            outlet: d.outlet.clone(),
            url: d.url.clone(),
            title: d.title.clone(),
            published: d.published.clone(),
            language: d.language.clone(),
        }
    }

    /// The outlet's name, when known.
    pub fn outlet_name(&self) -> Option<&str> {
        self.outlet.as_ref().map(|o| o.name.as_str())
    }
}

/// A document together with its annotation layers: one line of `corpus.jsonl`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnnotatedDocument {
    #[serde(flatten)]
    pub document: Document,
    pub layers: Layers,
}

/// Where cross-document steps read the words of the spans they need: documents held in
/// memory, or the pile's store. Steps that compare documents work on small per-document
/// summaries and ask for text only for what they show or weigh.
pub trait Sentences {
    /// The text of each `(document, span)` asked for, in the order asked; documents are
    /// indexes into the list the step was given.
    fn texts(&self, wanted: &[(usize, Span)]) -> Vec<String>;
}

impl<D: std::borrow::Borrow<AnnotatedDocument>> Sentences for [D] {
    fn texts(&self, wanted: &[(usize, Span)]) -> Vec<String> {
        wanted
            .iter()
            .map(|&(d, span)| self[d].borrow().document.text[span.range()].to_string())
            .collect()
    }
}

/// A broken invariant of the data model, with the layer that broke it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidLayer {
    pub layer: &'static str,
    pub span: Span,
    pub reason: &'static str,
}

impl std::fmt::Display for InvalidLayer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "layer {} span {}..{}: {}",
            self.layer, self.span.start, self.span.end, self.reason
        )
    }
}

impl AnnotatedDocument {
    /// Checks the model's invariants; used by tests and debug assertions in the pipeline.
    pub fn validate(&self) -> Result<(), InvalidLayer> {
        let text = &self.document.text;
        for (layer, spans, may_overlap) in self.layers.all_spans() {
            let mut previous: Option<Span> = None;
            for span in spans {
                let bad = |reason| InvalidLayer {
                    layer,
                    span,
                    reason,
                };
                if span.start > span.end || span.end as usize > text.len() {
                    return Err(bad("out of range"));
                }
                if !text.is_char_boundary(span.start as usize)
                    || !text.is_char_boundary(span.end as usize)
                {
                    return Err(bad("not on a character boundary"));
                }
                if let Some(prev) = previous {
                    if span.start < prev.start {
                        return Err(bad("not sorted"));
                    }
                    if !may_overlap && span.start < prev.end {
                        return Err(bad("overlaps the previous span"));
                    }
                }
                previous = Some(span);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_depend_on_content_only() {
        let a = DocId::from_content(Some("Title"), "Body text.");
        let b = DocId::from_content(Some("Title"), "Body text.");
        let c = DocId::from_content(Some("Title"), "Body text!");
        let d = DocId::from_content(None, "TitleBody text.");
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_ne!(a, d, "title and text are separated in the hash");
        assert_eq!(a.0.len(), 16);
        let copy = a.with_locator("other.txt");
        assert!(copy.0.starts_with(&a.0) && copy != a);
    }

    #[test]
    fn validate_catches_bad_spans() {
        let document = Document::from_text("x", None, "héllo world".into());
        let mut doc = AnnotatedDocument {
            document,
            layers: Layers::default(),
        };
        doc.layers.sentences = vec![Span::new(0, 6), Span::new(7, 12)];
        assert!(doc.validate().is_ok());
        doc.layers.sentences = vec![Span::new(0, 2)];
        assert_eq!(
            doc.validate().unwrap_err().reason,
            "not on a character boundary"
        );
        doc.layers.sentences = vec![Span::new(0, 40)];
        assert_eq!(doc.validate().unwrap_err().reason, "out of range");
        doc.layers.sentences = vec![Span::new(7, 12), Span::new(0, 6)];
        assert_eq!(doc.validate().unwrap_err().reason, "not sorted");
    }

    #[test]
    fn round_trips_through_json() {
        let text = "MOSCOW, May 31. /TASS/. Text.".to_string();
        let document = Document {
            id: DocId::from_content(None, &text),
            path: "a.txt".into(),
            locator: Some("line 3".into()),
            format: SourceFormat::Jsonl,
            external_id: Some("42".into()),
            outlet: Some(Outlet {
                name: "TASS".into(),
                source: OutletSource::AgencyTag,
            }),
            url: Some("https://example.org/a".into()),
            title: Some("T".into()),
            text,
            published: Published::known(
                DateValue::parse("2017-05-31").unwrap(),
                DateSource::Metadata,
                1.0,
            ),
            language: Some("eng".into()),
        };
        let mut layers = Layers::default();
        layers.sentences.push(Span::new(24, 29));
        layers.junk.push(Junk {
            span: Span::new(0, 6),
            kind: JunkKind::AltText,
        });
        let doc = AnnotatedDocument { document, layers };
        let json = serde_json::to_string(&doc).unwrap();
        let back: AnnotatedDocument = serde_json::from_str(&json).unwrap();
        assert_eq!(back, doc);
    }
}
