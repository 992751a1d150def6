use serde::{Deserialize, Serialize};

use crate::{Attribution, Span, Timex, Toponym};

/// The standoff annotation layers of one document. Each is a list of spans into the
/// document's `text`, sorted by start. Later pipeline stages add their own layers here.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Layers {
    /// The title line, when the title is part of `text` (plain-text inputs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Span>,
    /// The dateline at the head of the body (`MOSCOW, May 31. /TASS/.`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dateline: Option<Dateline>,
    /// Lines set aside as scraping junk: shown in reports, never used as content.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub junk: Vec<Junk>,
    /// Paragraphs of the body (junk lines, title and dateline excluded).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paragraphs: Vec<Span>,
    /// Sentences; each lies inside one paragraph.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sentences: Vec<Span>,
    /// Word and punctuation tokens of the sentences.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tokens: Vec<Span>,
    /// Mentions of news agencies as the source of the text (`/TASS/`, `(Reuters)`, "RIA Novosti said").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agency_tags: Vec<AgencyTag>,
    /// Temporal expressions with their TimeML values, resolved against the publication date.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub timexes: Vec<Timex>,
    /// Who says what: attributions sorted by cue start.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributions: Vec<Attribution>,
    /// Places named in the text, resolved against the gazetteer, sorted by start.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<Toponym>,
}

impl Layers {
    /// Every layer as (name, spans, whether its spans may overlap), for invariant checks.
    pub fn all_spans(&self) -> Vec<(&'static str, Vec<Span>, bool)> {
        let mut out = vec![
            ("title", self.title.into_iter().collect(), false),
            ("junk", self.junk.iter().map(|j| j.span).collect(), false),
            ("paragraphs", self.paragraphs.clone(), false),
            ("sentences", self.sentences.clone(), false),
            ("tokens", self.tokens.clone(), false),
            (
                "agency_tags",
                self.agency_tags.iter().map(|a| a.span).collect(),
                false,
            ),
            (
                "timexes",
                self.timexes.iter().map(|t| t.span).collect(),
                false,
            ),
        ];
        out.push((
            "places",
            self.places.iter().map(|p| p.span).collect(),
            false,
        ));
        out.push((
            "attribution cues",
            self.attributions.iter().map(|a| a.cue).collect(),
            false,
        ));
        // Sources and contents of different attributions may nest (a quote inside a quote).
        let mut parts: Vec<Span> = self
            .attributions
            .iter()
            .flat_map(|a| a.source.iter().chain(&a.content).chain(&a.via).copied())
            .collect();
        parts.sort();
        out.push(("attribution parts", parts, true));
        if let Some(d) = &self.dateline {
            let parts = [Some(d.span), d.place, d.date, d.agency];
            out.push(("dateline", parts.into_iter().flatten().collect(), true));
        }
        out
    }
}

/// Why a line was set aside as junk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JunkKind {
    /// Social-media alt text: "Image may contain: outdoor", "No automatic alt text available."
    AltText,
    /// Share / like / follow buttons.
    Share,
    /// Newsletter and subscription prompts.
    Subscribe,
    /// Cookie and consent banners.
    Cookie,
    /// Section labels and navigation: "All news", "Skip to content", "Read more".
    Navigation,
    /// "By Jane Doe", "Reporting by ...; Editing by ...".
    Byline,
    /// "Photo: ...", "... / Getty Images".
    PhotoCredit,
    /// "Advertisement", "Sponsored".
    Advertisement,
    /// "© 2017 ...", "All rights reserved."
    Copyright,
    /// Script, style or data left in the text by the scraper (`{"title": ...`, `var x = ...`).
    Code,
    /// Readers' comments under the article: the line that opens them ("Comments (12)",
    /// "Leave a reply") and every line after it.
    Comments,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Junk {
    pub span: Span,
    pub kind: JunkKind,
}

/// A dateline and its parts. The date is kept as written, with what it says: a dateline often
/// gives day and month but no year, which only the dates stage can resolve.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dateline {
    pub span: Span,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<Span>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Span>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub month: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day: Option<u32>,
    /// The agency tag inside the dateline (`/TASS/`, `(Reuters)`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency: Option<Span>,
}

/// A news agency named as the source of (part of) the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgencyTag {
    pub span: Span,
    /// Canonical agency name ("TASS", "Associated Press").
    pub agency: String,
}
