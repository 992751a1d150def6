//! What users read: the timeline as JSON (`timeline.json`), as a spreadsheet row per entry
//! (`timeline.csv`), and as one self-contained HTML page (`report.html`) that opens offline and
//! shows each summary sentence in its article's context.

mod html;

use chrono::NaiveDate;
use rashomon_linking::claims::{Against, Claim, Claims, Status};
use rashomon_model::{
    AnnotatedDocument, Attribution, CueClass, PlaceClass, Published, Span, SpeakerKind, Toponym,
};
use rashomon_timeline::Timeline;
use serde::Serialize;

pub use html::render_html;

/// A document as the timeline lists it.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentOut {
    pub id: String,
    pub path: String,
    pub outlet: Option<String>,
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The publication date and how it was obtained (`source`: metadata, html_meta,
    /// folder_name, dateline, inferred, unknown), as the document model has it.
    pub published: Published,
}

/// A sentence of an entry's summary, with where it comes from.
#[derive(Debug, Clone, Serialize)]
pub struct SentenceOut {
    pub doc_id: String,
    pub start: u32,
    pub end: u32,
    pub text: String,
    pub outlet: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EntryOut {
    pub date: String,
    /// Entries are days for now.
    pub granularity: &'static str,
    pub summary: Vec<SentenceOut>,
    /// Ids of the articles that mention the date or were published on it (reprints once).
    pub documents: Vec<String>,
    pub outlets: Vec<String>,
    pub first_reported: Option<String>,
    pub score: f64,
    /// Index into `stories` when the pile was split into stories.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub story: Option<usize>,
    /// The attributions (with a content) whose cue lies in one of the summary sentences.
    pub attributions: Vec<AttributionOut>,
    /// The places named in the summary sentences.
    pub places: Vec<PlaceOut>,
    /// disputed when a claim stated in the entry's sentences is disputed; else corroborated
    /// when two or more outlets report the date's events; else single-source.
    pub status: &'static str,
    /// Ids of the claims (`claims[]`) stated in the entry's sentences.
    pub claims: Vec<usize>,
}

/// A span with its text: `text` is exactly the document's `text[start..end]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpanOut {
    pub start: u32,
    pub end: u32,
    pub text: String,
}

impl SpanOut {
    pub fn of(doc: &AnnotatedDocument, span: Span) -> SpanOut {
        SpanOut {
            start: span.start,
            end: span.end,
            text: doc.document.text[span.range()].to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpeakerOut {
    pub name: String,
    pub entity_id: Option<String>,
    pub kind: SpeakerKind,
    /// The earlier mention a pronoun or role phrase was resolved to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub antecedent: Option<SpanOut>,
}

/// Who says what, with provenance: one attribution of one document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttributionOut {
    pub doc_id: String,
    pub path: String,
    pub outlet: Option<String>,
    /// Absent when the source names no one (an unattributed passive).
    pub speaker: Option<SpeakerOut>,
    pub cue_class: CueClass,
    pub source: Option<SpanOut>,
    /// The outlet that relays the source ("RIA Novosti said a source in the ministry …").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<SpanOut>,
    pub cue: SpanOut,
    /// From the first fragment's start to the last one's end.
    pub content: Option<SpanOut>,
    /// The content's pieces when the cue and source interrupt it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub content_fragments: Vec<SpanOut>,
    /// The content is a quotation.
    pub direct: bool,
}

impl AttributionOut {
    pub fn of(doc: &AnnotatedDocument, a: &Attribution) -> AttributionOut {
        let content = match (a.content.first(), a.content.last()) {
            (Some(f), Some(l)) => Some(SpanOut::of(
                doc,
                Span::new(f.start as usize, l.end as usize),
            )),
            _ => None,
        };
        AttributionOut {
            doc_id: doc.document.id.0.clone(),
            path: doc.document.path.clone(),
            outlet: outlet_of(doc),
            speaker: a.speaker.as_ref().map(|s| SpeakerOut {
                name: s.name.clone(),
                entity_id: s.entity_id.clone(),
                kind: s.kind,
                antecedent: s.antecedent.map(|sp| SpanOut::of(doc, sp)),
            }),
            cue_class: a.cue_class,
            source: a.source.map(|sp| SpanOut::of(doc, sp)),
            via: a.via.map(|sp| SpanOut::of(doc, sp)),
            cue: SpanOut::of(doc, a.cue),
            content,
            content_fragments: if a.content.len() > 1 {
                a.content.iter().map(|&sp| SpanOut::of(doc, sp)).collect()
            } else {
                Vec::new()
            },
            direct: a.direct,
        }
    }
}

/// One side of a claim: a speaker (when the statement names one) in an article, with the
/// exact words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimSideOut {
    /// The speaker as resolved ("Russian Defence Ministry"), or the outlet's own voice when the
    /// statement names nobody.
    pub speaker: Option<String>,
    pub entity_id: Option<String>,
    pub outlet: Option<String>,
    pub doc_id: String,
    pub path: String,
    /// The statement's span (its content, or cue and content for a denial that points back).
    pub start: u32,
    pub end: u32,
    pub text: String,
    pub cue: String,
    pub cue_class: CueClass,
    /// Why the statement counts against the claim.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub against: Option<Against>,
}

/// An article that carries a claim (either side).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportedOut {
    pub outlet: Option<String>,
    pub doc_id: String,
    pub path: String,
    pub title: Option<String>,
}

/// A claim: one proposition across the pile, who asserts it, who denies it, who carries it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimOut {
    pub id: usize,
    /// The words of the statement that stands for the claim.
    pub text: String,
    /// corroborated, single-source or disputed.
    pub status: &'static str,
    /// Where `text` is.
    pub doc_id: String,
    pub start: u32,
    pub end: u32,
    pub asserted_by: Vec<ClaimSideOut>,
    pub denied_by: Vec<ClaimSideOut>,
    /// Every article carrying a statement of the claim, reprints included.
    pub reported_by: Vec<ReportedOut>,
}

fn claim_out(docs: &[AnnotatedDocument], found: &Claims, id: usize, claim: &Claim) -> ClaimOut {
    let side = |m: usize| {
        let st = &found.statements[m];
        let d = &docs[st.doc];
        let a = &d.layers.attributions[st.attribution];
        ClaimSideOut {
            speaker: a.speaker.as_ref().map(|s| s.name.clone()),
            entity_id: a.speaker.as_ref().and_then(|s| s.entity_id.clone()),
            outlet: outlet_of(d),
            doc_id: d.document.id.0.clone(),
            path: d.document.path.clone(),
            start: st.span.start,
            end: st.span.end,
            text: one_line(&d.document.text[st.span.range()]),
            cue: one_line(&d.document.text[a.cue.range()]),
            cue_class: a.cue_class,
            against: st.against,
        }
    };
    let rep = &found.statements[claim.representative];
    let rep_doc = &docs[rep.doc];
    let mut carrying: Vec<usize> = claim
        .statements
        .iter()
        .map(|&m| found.statements[m].doc)
        .collect();
    carrying.sort_unstable();
    carrying.dedup();
    let (denied, asserted): (Vec<usize>, Vec<usize>) = claim
        .statements
        .iter()
        .partition(|&&m| found.statements[m].against.is_some());
    ClaimOut {
        id,
        text: one_line(&rep_doc.document.text[rep.span.range()]),
        status: claim.status.as_str(),
        doc_id: rep_doc.document.id.0.clone(),
        start: rep.span.start,
        end: rep.span.end,
        asserted_by: asserted.into_iter().map(side).collect(),
        denied_by: denied.into_iter().map(side).collect(),
        reported_by: carrying
            .into_iter()
            .map(|i| ReportedOut {
                outlet: outlet_of(&docs[i]),
                doc_id: docs[i].document.id.0.clone(),
                path: docs[i].document.path.clone(),
                title: docs[i].document.title.clone(),
            })
            .collect(),
    }
}

/// A place named in a document, with where it was resolved to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceOut {
    pub doc_id: String,
    pub start: u32,
    pub end: u32,
    /// As written.
    pub text: String,
    /// The gazetteer's name.
    pub name: String,
    pub id: u64,
    pub country: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    pub class: PlaceClass,
    pub lat: f32,
    pub lon: f32,
    pub confidence: f32,
}

impl PlaceOut {
    pub fn of(doc: &AnnotatedDocument, t: &Toponym) -> PlaceOut {
        PlaceOut {
            doc_id: doc.document.id.0.clone(),
            start: t.span.start,
            end: t.span.end,
            text: doc.document.text[t.span.range()].to_string(),
            name: t.name.clone(),
            id: t.id,
            country: t.country.clone(),
            region: t.region.clone(),
            class: t.class,
            lat: t.lat,
            lon: t.lon,
            confidence: t.confidence,
        }
    }
}

/// A story of a mixed pile: the articles about one thing, named by its weightiest words.
#[derive(Debug, Clone, Serialize)]
pub struct StoryOut {
    pub id: usize,
    pub label: Vec<String>,
    pub documents: Vec<String>,
}

/// The options a timeline was built with, as used (defaults filled in).
#[derive(Debug, Clone, Serialize)]
pub struct OptionsOut {
    pub dates: Option<usize>,
    pub sentences_per_date: usize,
    pub keywords: Vec<String>,
    pub from: Option<String>,
    pub to: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TimelineOut {
    pub options: OptionsOut,
    pub documents: Vec<DocumentOut>,
    pub entries: Vec<EntryOut>,
    /// The stories the pile was split into (empty when it is one story).
    pub stories: Vec<StoryOut>,
    /// Every claim of the pile, disputed first, then corroborated, then single-source.
    pub claims: Vec<ClaimOut>,
    /// Things the reader should know about how the timeline was made.
    pub notes: Vec<String>,
}

fn outlet_of(doc: &AnnotatedDocument) -> Option<String> {
    doc.document.outlet.as_ref().map(|o| o.name.clone())
}

/// Collapses runs of whitespace (the text keeps its line breaks; a summary line should not).
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The user-facing form of a built timeline.
pub fn assemble(
    docs: &[AnnotatedDocument],
    timeline: &Timeline,
    stories: Vec<StoryOut>,
    options: &rashomon_timeline::Options,
    notes: Vec<String>,
    found: &Claims,
) -> TimelineOut {
    let claims: Vec<ClaimOut> = found
        .claims
        .iter()
        .enumerate()
        .map(|(id, c)| claim_out(docs, found, id, c))
        .collect();
    let date = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let documents = docs
        .iter()
        .map(|d| DocumentOut {
            id: d.document.id.0.clone(),
            path: d.document.path.clone(),
            outlet: outlet_of(d),
            title: d.document.title.clone(),
            url: d.document.url.clone(),
            published: d.document.published.clone(),
        })
        .collect();
    let entries = timeline
        .entries
        .iter()
        .map(|e| {
            let mut outlets: Vec<String> = e
                .documents
                .iter()
                .filter_map(|&i| outlet_of(&docs[i]))
                .collect();
            outlets.sort();
            outlets.dedup();
            let entry_claims: Vec<usize> = found
                .claims
                .iter()
                .enumerate()
                .filter(|(_, c)| {
                    c.statements.iter().any(|&m| {
                        let st = &found.statements[m];
                        e.summary.iter().any(|s| {
                            s.doc == st.doc
                                && s.span.start < st.span.end
                                && st.span.start < s.span.end
                        })
                    })
                })
                .map(|(id, _)| id)
                .collect();
            let status = if entry_claims
                .iter()
                .any(|&c| found.claims[c].status == Status::Disputed)
            {
                Status::Disputed
            } else if outlets.len() >= 2 {
                Status::Corroborated
            } else {
                Status::SingleSource
            };
            EntryOut {
                status: status.as_str(),
                claims: entry_claims,
                date: date(e.date),
                granularity: "day",
                summary: e
                    .summary
                    .iter()
                    .map(|s| {
                        let d = &docs[s.doc];
                        SentenceOut {
                            doc_id: d.document.id.0.clone(),
                            start: s.span.start,
                            end: s.span.end,
                            text: one_line(&d.document.text[s.span.range()]),
                            outlet: outlet_of(d),
                        }
                    })
                    .collect(),
                documents: e
                    .documents
                    .iter()
                    .map(|&i| docs[i].document.id.0.clone())
                    .collect(),
                outlets,
                first_reported: e.first_reported.map(date),
                score: e.score,
                story: e.story,
                attributions: e
                    .summary
                    .iter()
                    .flat_map(|s| {
                        let d = &docs[s.doc];
                        d.layers
                            .attributions
                            .iter()
                            // A cue with no content says nothing a reader can use.
                            .filter(move |a| s.span.contains(a.cue) && !a.content.is_empty())
                            .map(move |a| AttributionOut::of(d, a))
                    })
                    .collect(),
                places: e
                    .summary
                    .iter()
                    .flat_map(|s| {
                        let d = &docs[s.doc];
                        d.layers
                            .places
                            .iter()
                            .filter(move |t| s.span.contains(t.span))
                            .map(move |t| PlaceOut::of(d, t))
                    })
                    .collect(),
            }
        })
        .collect();
    TimelineOut {
        options: OptionsOut {
            dates: options.dates,
            sentences_per_date: options
                .sentences_per_date
                .unwrap_or(rashomon_timeline::DEFAULT_SENTENCES_PER_DATE),
            keywords: options.keywords.clone(),
            from: options.from.map(date),
            to: options.to.map(date),
        },
        documents,
        entries,
        stories,
        claims,
        notes,
    }
}

/// `timeline.csv`: one row per entry.
pub fn write_csv(out: &TimelineOut, w: impl std::io::Write) -> csv::Result<()> {
    let mut csv = csv::Writer::from_writer(w);
    csv.write_record([
        "date",
        "granularity",
        "first_reported",
        "summary",
        "outlets",
        "documents",
        "sources",
        "story",
        "status",
        "claims",
    ])?;
    for e in &out.entries {
        let summary: Vec<&str> = e.summary.iter().map(|s| s.text.as_str()).collect();
        let sources: Vec<String> = e
            .summary
            .iter()
            .map(|s| format!("{}:{}-{}", s.doc_id, s.start, s.end))
            .collect();
        csv.write_record([
            e.date.as_str(),
            e.granularity,
            e.first_reported.as_deref().unwrap_or(""),
            &summary.join(" "),
            &e.outlets.join("; "),
            &e.documents.len().to_string(),
            &sources.join(" "),
            &e.story
                .and_then(|s| out.stories.get(s))
                .map(|s| s.label.join(" "))
                .unwrap_or_default(),
            e.status,
            &e.claims
                .iter()
                .map(|c| (c + 1).to_string())
                .collect::<Vec<_>>()
                .join(" "),
        ])?;
    }
    csv.flush()?;
    Ok(())
}

/// `claims.csv`: one row per claim, each side as "speaker (outlet)" joined by "; ", and the
/// provenance of every statement as `doc_id:start-end`.
pub fn write_claims_csv(out: &TimelineOut, w: impl std::io::Write) -> csv::Result<()> {
    let mut csv = csv::Writer::from_writer(w);
    csv.write_record([
        "claim",
        "status",
        "text",
        "asserted_by",
        "denied_by",
        "reported_by",
        "sources",
    ])?;
    let side = |sides: &[ClaimSideOut]| -> String {
        sides
            .iter()
            .map(|s| {
                format!(
                    "{} ({})",
                    s.speaker.as_deref().unwrap_or("unattributed"),
                    s.outlet.as_deref().unwrap_or(&s.path)
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    for c in &out.claims {
        let reported: Vec<&str> = c
            .reported_by
            .iter()
            .map(|r| r.outlet.as_deref().unwrap_or(&r.path))
            .collect();
        let sources: Vec<String> = c
            .asserted_by
            .iter()
            .chain(&c.denied_by)
            .map(|s| format!("{}:{}-{}", s.doc_id, s.start, s.end))
            .collect();
        csv.write_record([
            (c.id + 1).to_string().as_str(),
            c.status,
            &c.text,
            &side(&c.asserted_by),
            &side(&c.denied_by),
            &reported.join("; "),
            &sources.join(" "),
        ])?;
    }
    csv.flush()?;
    Ok(())
}

/// The paragraph (or title) holding `span`, for showing a sentence in context.
pub fn context_of(doc: &AnnotatedDocument, span: Span) -> Span {
    doc.layers
        .paragraphs
        .iter()
        .chain(doc.layers.title.iter())
        .find(|p| p.start <= span.start && span.end <= p.end)
        .copied()
        .unwrap_or(span)
}
