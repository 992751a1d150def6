use serde::{Deserialize, Serialize};

use crate::DocId;

/// A half-open byte range `start..end` into a document's `text`.
///
/// Serialised as a two-element array `[start, end]`: layers hold many spans and the compact form
/// keeps `corpus.jsonl` small. Offsets are `u32`, so one document's text is limited to 4 GiB
/// (ingest rejects larger ones long before, by its size limit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end, "span {start}..{end}");
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

impl Serialize for Span {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        [self.start, self.end].serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Span {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let [start, end] = <[u32; 2]>::deserialize(deserializer)?;
        if start > end {
            return Err(serde::de::Error::custom(format!(
                "span start {start} is after its end {end}"
            )));
        }
        Ok(Span { start, end })
    }
}

/// Where something a user sees came from: a document and a byte span of its text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Provenance {
    pub doc_id: DocId,
    pub start: u32,
    pub end: u32,
}

/// A span with its text, the form user-facing outputs use (`{start, end, text}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpanText {
    pub start: u32,
    pub end: u32,
    pub text: String,
}

impl SpanText {
    pub fn of(text: &str, span: Span) -> SpanText {
        SpanText {
            start: span.start,
            end: span.end,
            text: text[span.range()].to_string(),
        }
    }
}
