//! What users read: the timeline as JSON (`timeline.json`), a spreadsheet row per entry
//! (`timeline.csv`) and per claim (`claims.csv`), and one self-contained HTML page
//! (`report.html`) that opens offline and shows each sentence in its article's context.
//!
//! [`assemble`] turns what the cross-document steps found (entries, stories, claims) into the
//! view model, [`TimelineOut`]: plain typed values (statuses are enums, dates are dates), every
//! sentence with its provenance (document id and byte span) and its context paragraph. It
//! reads the pile through [`PileView`]: the documents' metadata and statements (their
//! summaries), the words of the spans it shows, and whole documents only for the entries'
//! sentences. The writers ([`write_csv`], [`write_claims_csv`], [`render_html`]) read the view
//! model only.

mod html;

use chrono::NaiveDate;
use rashomon_linking::claims::{Against, Claim, Claims, DocStatements, Statement, Status};
use rashomon_model::{
    AnnotatedDocument, Attribution, CueClass, DocMeta, PlaceClass, Published, Sentences, Span,
    Speaker, SpeakerKind, Toponym,
};
use rashomon_timeline::{PileStory, Timeline};
use serde::Serialize;

pub use html::render_html;

/// What the report reads of the pile.
pub trait PileView: Sentences {
    /// Every document's metadata, in pile order (the indexes entries and claims use).
    fn metas(&self) -> &[DocMeta];
    /// The speakers a document's statements name, merged across the pile (what
    /// [`rashomon_linking::claims::Statement::speaker`] indexes).
    fn speakers(&self, doc: usize) -> &[Speaker];
    /// Whole documents as the pile-wide steps leave them (speakers merged, places resolved
    /// with the pile's prior), in the order asked: asked only for what entries show.
    fn documents(&self, wanted: &[usize]) -> Vec<AnnotatedDocument>;
}

/// Documents held in memory, as they are, seen as a pile (tests, small tools).
pub struct InMemory<'a> {
    docs: &'a [AnnotatedDocument],
    metas: Vec<DocMeta>,
    statements: Vec<DocStatements>,
}

impl<'a> InMemory<'a> {
    pub fn new(docs: &'a [AnnotatedDocument]) -> InMemory<'a> {
        InMemory {
            docs,
            metas: docs.iter().map(|d| DocMeta::of(&d.document)).collect(),
            statements: docs.iter().map(DocStatements::of).collect(),
        }
    }
}

impl Sentences for InMemory<'_> {
    fn texts(&self, wanted: &[(usize, Span)]) -> Vec<String> {
        self.docs.texts(wanted)
    }
}

impl PileView for InMemory<'_> {
    fn metas(&self) -> &[DocMeta] {
        &self.metas
    }

    fn speakers(&self, doc: usize) -> &[Speaker] {
        &self.statements[doc].speakers
    }

    fn documents(&self, wanted: &[usize]) -> Vec<AnnotatedDocument> {
        wanted.iter().map(|&i| self.docs[i].clone()).collect()
    }
}

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

/// A sentence of an entry's summary, with where it comes from.
#[derive(Debug, Clone, Serialize)]
pub struct SentenceOut {
    pub doc_id: String,
    pub start: u32,
    pub end: u32,
    pub text: String,
    pub outlet: Option<String>,
    /// The paragraph (or title line) that holds the sentence, for reading it in context.
    pub context: SpanOut,
}

/// How precise an entry's date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    Day,
}

#[derive(Debug, Clone, Serialize)]
pub struct EntryOut {
    pub date: NaiveDate,
    pub granularity: Granularity,
    pub summary: Vec<SentenceOut>,
    /// Ids of the articles that mention the date or were published on it (reprints once).
    pub documents: Vec<String>,
    pub outlets: Vec<String>,
    pub first_reported: Option<NaiveDate>,
    /// The date is inferred: every summary sentence names it only through a weekday or a year
    /// the pile placed (the article itself gives no date to count from).
    pub date_inferred: bool,
    pub score: f64,
    /// Index into `stories` when the pile was split into stories.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub story: Option<usize>,
    /// The attributions (with a content) whose cue lies in one of the summary sentences.
    pub attributions: Vec<AttributionOut>,
    /// The places named in the summary sentences.
    pub places: Vec<PlaceOut>,
    /// disputed when a claim stated in the entry's sentences is disputed; else corroborated
    /// when two or more outlets report the date's events; else single-source
    /// ([`Status::of`]).
    pub status: Status,
    /// Ids of the claims (`claims[]`) stated in the entry's sentences.
    pub claims: Vec<usize>,
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
            outlet: doc.document.outlet.as_ref().map(|o| o.name.clone()),
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
    pub status: Status,
    /// Where `text` is.
    pub doc_id: String,
    pub start: u32,
    pub end: u32,
    pub asserted_by: Vec<ClaimSideOut>,
    pub denied_by: Vec<ClaimSideOut>,
    /// Every article carrying a statement of the claim, reprints included.
    pub reported_by: Vec<ReportedOut>,
    /// A figure conflict: the asserting sides give different figures for the claim ("35
    /// killed" / "12 killed"); each side that gives one, with its figures. Empty when the
    /// sides agree or give none.
    pub figures: Vec<FigureOut>,
}

/// One side's figures in a claim whose sides give different ones.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FigureOut {
    pub figures: Vec<String>,
    pub speaker: Option<String>,
    pub outlet: Option<String>,
    pub doc_id: String,
    pub start: u32,
    pub end: u32,
}

/// The figures a statement gives: numbers written in digits ("35", "120,000", "6.1"), not
/// years (four digits from 1800 to 2100) or days of a month ("May 31", "31 May").
pub fn figures_in(text: &str) -> Vec<String> {
    const MONTHS: &[&str] = &[
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let is_month = |w: &str| {
        let w = w.to_lowercase();
        w.len() >= 3 && MONTHS.iter().any(|m| w.starts_with(m))
    };
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let mut out: Vec<String> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        let number = t.trim_matches(|c: char| !c.is_ascii_digit());
        if number.is_empty()
            || !number
                .chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
        {
            continue;
        }
        let digits: String = number.chars().filter(char::is_ascii_digit).collect();
        let year = digits.len() == 4
            && !number.contains([',', '.'])
            && (1800..=2100).contains(&digits.parse::<u32>().unwrap_or(0));
        let day = digits.len() <= 2
            && (i > 0 && is_month(tokens[i - 1]) || tokens.get(i + 1).is_some_and(|n| is_month(n)));
        if !year && !day {
            out.push(number.to_string());
        }
    }
    out.sort();
    out.dedup();
    out
}

/// A place named in a document, with where it was resolved to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceOut {
    pub doc_id: String,
    pub start: u32,
    pub end: u32,
    /// As written.
    pub text: String,
    /// The gazetteer's name of the place.
    pub name: String,
    /// GeoNames id (geonames.org).
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
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TimelineOut {
    pub options: OptionsOut,
    /// How the pile was read: every event (`events`) or its most reported dates (`top_dates`).
    pub mode: rashomon_timeline::Mode,
    /// Why that mode.
    pub mode_reason: String,
    pub documents: Vec<DocumentOut>,
    pub entries: Vec<EntryOut>,
    /// The stories the pile was split into (empty when it is one story).
    pub stories: Vec<StoryOut>,
    /// Every claim of the pile, disputed first, then corroborated, then single-source.
    pub claims: Vec<ClaimOut>,
    /// Things the reader should know about how the timeline was made.
    pub notes: Vec<String>,
}

impl TimelineOut {
    /// How many claims have this status.
    pub fn claims_with(&self, status: Status) -> usize {
        self.claims.iter().filter(|c| c.status == status).count()
    }
}

/// Collapses runs of whitespace (the text keeps its line breaks; a summary line should not).
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn outlet_of(meta: &DocMeta) -> Option<String> {
    meta.outlet_name().map(str::to_string)
}

/// What the cross-document steps found, for [`assemble`].
pub struct Found<'a> {
    pub timeline: &'a Timeline,
    pub stories: &'a [PileStory],
    pub claims: &'a Claims,
}

/// The user-facing form of what the steps found: the view model every output is written from.
pub fn assemble(
    pile: &dyn PileView,
    found: &Found<'_>,
    options: &rashomon_timeline::Options,
    notes: Vec<String>,
) -> TimelineOut {
    let metas = pile.metas();
    let claims = claims_out(pile, found.claims);
    let documents = metas
        .iter()
        .map(|d| DocumentOut {
            id: d.id.0.clone(),
            path: d.path.clone(),
            outlet: outlet_of(d),
            title: d.title.clone(),
            url: d.url.clone(),
            published: d.published.clone(),
        })
        .collect();
    let entries = entries_out(pile, found.timeline, found.claims);
    let stories = found
        .stories
        .iter()
        .enumerate()
        .map(|(id, s)| StoryOut {
            id,
            label: s.label.clone(),
            documents: s.members.iter().map(|&i| metas[i].id.0.clone()).collect(),
        })
        .collect();
    TimelineOut {
        mode: found.timeline.mode,
        mode_reason: found.timeline.why.clone(),
        options: OptionsOut {
            dates: options.dates,
            sentences_per_date: options
                .sentences_per_date
                .unwrap_or(rashomon_timeline::DEFAULT_SENTENCES_PER_DATE),
            keywords: options.keywords.clone(),
            from: options.from,
            to: options.to,
        },
        documents,
        entries,
        stories,
        claims,
        notes,
    }
}

fn entries_out(pile: &dyn PileView, timeline: &Timeline, found: &Claims) -> Vec<EntryOut> {
    let metas = pile.metas();
    // The documents the entries quote, read once each.
    let mut shown: Vec<usize> = timeline
        .entries
        .iter()
        .flat_map(|e| e.summary.iter().map(|s| s.doc))
        .collect();
    shown.sort_unstable();
    shown.dedup();
    let docs: std::collections::HashMap<usize, AnnotatedDocument> =
        shown.iter().copied().zip(pile.documents(&shown)).collect();
    timeline
        .entries
        .iter()
        .map(|e| {
            let mut outlets: Vec<String> = e
                .documents
                .iter()
                .filter_map(|&i| outlet_of(&metas[i]))
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
            let denied = entry_claims
                .iter()
                .any(|&c| found.claims[c].status == Status::Disputed);
            // Articles of no known outlet count as independent of each other.
            let unnamed = e
                .documents
                .iter()
                .filter(|&&i| outlet_of(&metas[i]).is_none())
                .count();
            EntryOut {
                status: Status::of(denied, outlets.len() + unnamed),
                claims: entry_claims,
                date: e.date,
                granularity: Granularity::Day,
                summary: e
                    .summary
                    .iter()
                    .map(|s| {
                        let d = &docs[&s.doc];
                        SentenceOut {
                            doc_id: d.document.id.0.clone(),
                            start: s.span.start,
                            end: s.span.end,
                            text: one_line(&d.document.text[s.span.range()]),
                            outlet: outlet_of(&metas[s.doc]),
                            context: SpanOut::of(d, context_of(d, s.span)),
                        }
                    })
                    .collect(),
                documents: e.documents.iter().map(|&i| metas[i].id.0.clone()).collect(),
                outlets,
                first_reported: e.first_reported,
                date_inferred: e.date_inferred,
                score: e.score,
                story: e.story,
                attributions: e
                    .summary
                    .iter()
                    .flat_map(|s| {
                        let d = &docs[&s.doc];
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
                        let d = &docs[&s.doc];
                        d.layers
                            .places
                            .iter()
                            .filter(move |t| s.span.contains(t.span))
                            .map(move |t| PlaceOut::of(d, t))
                    })
                    .collect(),
            }
        })
        .collect()
}

/// A statement's speaker, merged across the pile.
fn speaker_of<'a>(pile: &'a dyn PileView, st: &Statement) -> Option<&'a Speaker> {
    st.speaker
        .and_then(|i| pile.speakers(st.doc).get(i as usize))
}

fn claims_out(pile: &dyn PileView, found: &Claims) -> Vec<ClaimOut> {
    let metas = pile.metas();
    // The words of every statement and cue shown, read in one go.
    let mut wanted: Vec<(usize, Span)> = Vec::new();
    for c in &found.claims {
        for &m in &c.statements {
            let st = &found.statements[m];
            wanted.push((st.doc, st.span));
            wanted.push((st.doc, st.cue));
        }
    }
    wanted.sort_unstable_by_key(|&(d, s)| (d, s.start, s.end));
    wanted.dedup();
    let texts: std::collections::HashMap<(usize, Span), String> =
        wanted.iter().copied().zip(pile.texts(&wanted)).collect();
    let text = |doc: usize, span: Span| one_line(&texts[&(doc, span)]);
    let claim_out = |id: usize, claim: &Claim| {
        let side = |m: usize| {
            let st = &found.statements[m];
            let meta = &metas[st.doc];
            let speaker = speaker_of(pile, st);
            ClaimSideOut {
                speaker: speaker.map(|s| s.name.clone()),
                entity_id: speaker.and_then(|s| s.entity_id.clone()),
                outlet: outlet_of(meta),
                doc_id: meta.id.0.clone(),
                path: meta.path.clone(),
                start: st.span.start,
                end: st.span.end,
                text: text(st.doc, st.span),
                cue: text(st.doc, st.cue),
                cue_class: st.cue_class,
                against: st.against,
            }
        };
        let rep = &found.statements[claim.representative];
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
        let mut figures: Vec<FigureOut> = asserted
            .iter()
            .filter_map(|&m| {
                let st = &found.statements[m];
                let given = figures_in(&text(st.doc, st.span));
                if given.is_empty() {
                    return None;
                }
                Some(FigureOut {
                    figures: given,
                    speaker: speaker_of(pile, st).map(|s| s.name.clone()),
                    outlet: outlet_of(&metas[st.doc]),
                    doc_id: metas[st.doc].id.0.clone(),
                    start: st.span.start,
                    end: st.span.end,
                })
            })
            .collect();
        let distinct: std::collections::BTreeSet<&Vec<String>> =
            figures.iter().map(|f| &f.figures).collect();
        if distinct.len() < 2 {
            figures.clear();
        }
        ClaimOut {
            id,
            text: text(rep.doc, rep.span),
            status: claim.status,
            doc_id: metas[rep.doc].id.0.clone(),
            start: rep.span.start,
            end: rep.span.end,
            asserted_by: asserted.into_iter().map(side).collect(),
            denied_by: denied.into_iter().map(side).collect(),
            reported_by: carrying
                .into_iter()
                .map(|i| ReportedOut {
                    outlet: outlet_of(&metas[i]),
                    doc_id: metas[i].id.0.clone(),
                    path: metas[i].path.clone(),
                    title: metas[i].title.clone(),
                })
                .collect(),
            figures,
        }
    };
    found
        .claims
        .iter()
        .enumerate()
        .map(|(id, c)| claim_out(id, c))
        .collect()
}

/// A CSV cell that a spreadsheet will not run as a formula: a cell starting with `=`, `+`,
/// `-`, `@`, a tab or a carriage return gets a leading `'` (OWASP's rule for CSV injection).
/// An outlet named `=HYPERLINK(…)` stays text.
pub fn csv_cell(s: &str) -> std::borrow::Cow<'_, str> {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}").into(),
        _ => s.into(),
    }
}

fn write_row<W: std::io::Write>(csv: &mut csv::Writer<W>, cells: &[&str]) -> csv::Result<()> {
    csv.write_record(cells.iter().map(|c| csv_cell(c).into_owned()))
}

/// `timeline.csv`: one row per entry.
pub fn write_csv(out: &TimelineOut, w: impl std::io::Write) -> csv::Result<()> {
    let mut csv = csv::Writer::from_writer(w);
    write_row(
        &mut csv,
        &[
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
            "date_inferred",
        ],
    )?;
    for e in &out.entries {
        let summary: Vec<&str> = e.summary.iter().map(|s| s.text.as_str()).collect();
        let sources: Vec<String> = e
            .summary
            .iter()
            .map(|s| format!("{}:{}-{}", s.doc_id, s.start, s.end))
            .collect();
        write_row(
            &mut csv,
            &[
                &e.date.to_string(),
                "day",
                &e.first_reported.map(|d| d.to_string()).unwrap_or_default(),
                &summary.join(" "),
                &e.outlets.join("; "),
                &e.documents.len().to_string(),
                &sources.join(" "),
                &e.story
                    .and_then(|s| out.stories.get(s))
                    .map(|s| s.label.join(" "))
                    .unwrap_or_default(),
                e.status.as_str(),
                &e.claims
                    .iter()
                    .map(|c| (c + 1).to_string())
                    .collect::<Vec<_>>()
                    .join(" "),
                if e.date_inferred { "true" } else { "false" },
            ],
        )?;
    }
    csv.flush()?;
    Ok(())
}

/// `claims.csv`: one row per claim, each side as "speaker (outlet)" joined by "; ", and the
/// provenance of every statement as `doc_id:start-end`.
pub fn write_claims_csv(out: &TimelineOut, w: impl std::io::Write) -> csv::Result<()> {
    let mut csv = csv::Writer::from_writer(w);
    write_row(
        &mut csv,
        &[
            "claim",
            "status",
            "text",
            "asserted_by",
            "denied_by",
            "reported_by",
            "sources",
        ],
    )?;
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
        write_row(
            &mut csv,
            &[
                (c.id + 1).to_string().as_str(),
                c.status.as_str(),
                &c.text,
                &side(&c.asserted_by),
                &side(&c.denied_by),
                &reported.join("; "),
                &sources.join(" "),
            ],
        )?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_that_would_be_formulas_stay_text() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        for s in ["+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert!(csv_cell(s).starts_with('\''), "{s:?}");
        }
        assert_eq!(csv_cell("Reuters"), "Reuters");
        assert_eq!(csv_cell(""), "");
    }
}

#[cfg(test)]
mod figure_tests {
    use super::figures_in;

    #[test]
    fn figures_are_counts_and_measures_not_dates() {
        assert_eq!(
            figures_in("35 people were killed on May 31, 2017, officials said"),
            vec!["35"]
        );
        assert_eq!(
            figures_in("a 6.1-magnitude quake hit 120,000 people"),
            vec!["120,000", "6.1"]
        );
        assert_eq!(
            figures_in("on 13 October the column left"),
            Vec::<String>::new()
        );
        assert_eq!(figures_in("no figure here"), Vec::<String>::new());
    }
}
