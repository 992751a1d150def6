//! The timeline: which dates matter in a pile of articles, and what happened on each.
//!
//! The method starts from DATEWISE (Ghalandari & Ifrim 2020), the strongest non-neural system
//! on Timeline17, and uses what the earlier stages give:
//!
//! 1. **Dated sentences.** Every sentence (and a plain-text title line) is dated by the
//!    day-precise timexes inside it, resolved against its article's publication date by the
//!    dates stage; a sentence without one is dated by its article's publication date.
//! 2. **Date selection.** A date scores by how many distinct articles mention it and, less,
//!    how many were published on it; reprints (duplicate groups from ingest) count once. The
//!    best `l` dates are kept.
//! 3. **Per-date summaries.** The candidates of a date are the sentences that mention it and
//!    the undated sentences of articles published that day; the summary grows, greedily, by
//!    the candidate that brings it closest to the TF-IDF centroid of all candidates
//!    (CentroidOpt), so it covers what most articles say without saying it twice.
//!
//! Everything is a byte span into a document: the report can show each sentence in context.

mod events;
mod own_day;
mod stories;
mod text;

pub use stories::{build_per_story, PerStory, PileStory, Subset};

use std::borrow::Borrow;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
pub use rashomon_model::Sentences;
use rashomon_model::{AnnotatedDocument, Span, TimexAnchor, TimexType};
use serde::{Deserialize, Serialize};

pub use text::TermCounts;
use text::{cosine, SparseVector, Vocabulary};

/// What to build.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Number of dates (default: chosen from the data, see [`default_dates`]).
    pub dates: Option<usize>,
    /// Sentences per date (default [`DEFAULT_SENTENCES_PER_DATE`]).
    pub sentences_per_date: Option<usize>,
    /// Only sentences containing one of these (case-insensitive) may be chosen.
    pub keywords: Vec<String>,
    /// Dates outside `[from, to]` are not considered.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Every event of the pile, or its most reported dates (default: chosen by the pile's size,
    /// see [`Mode`]).
    pub mode: Option<Mode>,
}

/// How a timeline reads its pile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Every day-dated event, once each, single-source ones included (a small pile: the
    /// analyst wants all of it). See [`events`].
    Events,
    /// The most reported dates with a summary each (a large pile: a topic of hundreds of
    /// articles, a month of a crawl), DATEWISE-style.
    TopDates,
}

/// Piles of fewer distinct articles than this (reprints counted once) are read in
/// [`Mode::Events`] unless a mode is asked for: an analyst's pile is 5–50 articles, a
/// Timeline17 topic hundreds.
pub const SMALL_PILE: usize = 100;

impl Mode {
    /// The mode for a pile of `articles` distinct articles, and why.
    pub fn choose(asked: Option<Mode>, articles: usize) -> (Mode, String) {
        match asked {
            Some(Mode::Events) => (Mode::Events, "every day-dated event, as asked".into()),
            Some(Mode::TopDates) => (Mode::TopDates, "the most reported dates, as asked".into()),
            None if articles < SMALL_PILE => (
                Mode::Events,
                format!(
                    "every day-dated event, each once: the pile is small ({articles} distinct articles, fewer than {SMALL_PILE})"
                ),
            ),
            None => (
                Mode::TopDates,
                format!(
                    "the most reported dates: the pile is large ({articles} distinct articles, {SMALL_PILE} or more)"
                ),
            ),
        }
    }
}

/// A sentence of the summary: document index and byte span.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SentenceRef {
    pub doc: usize,
    pub span: Span,
}

/// One date of the timeline.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub date: NaiveDate,
    pub score: f64,
    pub summary: Vec<SentenceRef>,
    /// Documents (indexes) that mention the date or were published on it, one per duplicate
    /// group, earliest first.
    pub documents: Vec<usize>,
    /// The earliest publication date among those documents.
    pub first_reported: Option<NaiveDate>,
    /// The story the entry belongs to, when the pile was split into stories.
    pub story: Option<usize>,
    /// Every summary sentence names the date only through an inferred value (a weekday or a
    /// year the pile placed): a date to check.
    pub date_inferred: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Timeline {
    pub entries: Vec<Entry>,
    /// Dates that scored, before selection.
    pub candidate_dates: usize,
    /// How the pile was read, and why.
    pub mode: Mode,
    pub why: String,
}

/// Sentences per date when none is asked for.
pub const DEFAULT_SENTENCES_PER_DATE: usize = 2;

/// Sentences shorter than this are fragments (headlines, captions).
const MIN_WORDS: usize = 5;
/// Longer sentences are left out: a timeline entry is a concise statement (reference
/// timelines average about 25 words a sentence), and in scraped text long "sentences" are often
/// headline, byline and lead run together.
const MAX_WORDS: usize = 30;
/// Candidates tried per date when building a summary.
const POOL: usize = 50;
/// Candidates of one date whose words are read, at most: a date of a month-long crawl has
/// hundreds of thousands of sentences, and the centroid of a fixed sample of 20,000 is the
/// centroid of all of them to within noise. No Timeline17 date comes near it.
const MAX_CANDIDATES: usize = 20_000;

/// One date's candidates, sorted and deduplicated, at most [`MAX_CANDIDATES`]: past that, the
/// ones with the smallest hash of their position — a fixed, unbiased sample, the same on
/// every run.
fn capped(all: &[(usize, Span)]) -> Vec<(usize, Span)> {
    let mut w: Vec<(usize, Span)> = all.to_vec();
    w.sort_unstable_by_key(|&(d, s)| (d, s.start, s.end));
    w.dedup();
    keep_hashed_sample(&mut w, MAX_CANDIDATES, |&(d, s)| (d, s));
    w.sort_unstable_by_key(|&(d, s)| (d, s.start, s.end));
    w
}

/// Keeps at most `max` of `items`, a fixed, unbiased sample — the same on every run: those
/// with the smallest hash of their sentence's position (`at`: document and span). Order is
/// not kept.
pub(crate) fn keep_hashed_sample<T>(
    items: &mut Vec<T>,
    max: usize,
    at: impl Fn(&T) -> (usize, Span),
) {
    if items.len() <= max {
        return;
    }
    let hash = |item: &T| {
        let (doc, span) = at(item);
        xxhash_rust::xxh3::xxh3_64(
            &[
                (doc as u64).to_le_bytes(),
                u64::from(span.start).to_le_bytes(),
            ]
            .concat(),
        )
    };
    items.select_nth_unstable_by_key(max, hash);
    items.truncate(max);
}

/// One sentence (or the title line) of a document, as the timeline's summary of the document
/// keeps it: where it is, how long it is, whether it reads as a fragment out of context, and
/// which days it mentions (`DocDates::mentions[first..first + count]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatedUnit {
    pub span: Span,
    /// Words (runs of letters and digits).
    pub words: u16,
    /// Starts with a pronoun or a connective that points to a sentence before it ("He said",
    /// "But"), or is page furniture (a live-blog time stamp, a string of headlines).
    pub dangling: bool,
    pub first: u32,
    pub count: u8,
    /// The day of the event the sentence tells: for a statement, the day it was made ("said
    /// on Wednesday"); else its own day-precise time expression (not a reference point such as
    /// "since May 3"); for a sentence without one (today's news), the article's day. `None`
    /// for background and when the article's day is unknown.
    #[serde(default)]
    pub event_day: Option<NaiveDate>,
    /// The sentence tells background, not a day's event: past perfect ("had been under their
    /// control"), a year or month and no day ("seized the city in 2013"), or only reference
    /// points ("since March 2, 2017").
    #[serde(default)]
    pub background: bool,
    /// `event_day` is the day a statement was made ("the ministry said on Wednesday").
    #[serde(default)]
    pub statement_day: bool,
}

/// What the timeline needs of one document (its part of the per-document summary): its
/// publication day and, for each sentence, the days it mentions. The sentences' words are
/// read back only for the dates a timeline keeps.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocDates {
    pub published: Option<NaiveDate>,
    /// `units[0]` is the title line.
    #[serde(default)]
    pub title: bool,
    pub units: Vec<DatedUnit>,
    pub mentions: Vec<NaiveDate>,
    /// The days the document names only through inferred values (a year or a weekday the
    /// pile placed, `TimexAnchor::Pile`), sorted: an entry dated only by them is marked.
    #[serde(default)]
    pub inferred: Vec<NaiveDate>,
}

impl DocDates {
    pub fn of(doc: &AnnotatedDocument) -> DocDates {
        let text = &doc.document.text;
        let mut out = DocDates {
            published: doc.document.published.value.map(|v| v.date()),
            title: doc.layers.title.is_some(),
            ..DocDates::default()
        };
        let spans = doc
            .layers
            .title
            .into_iter()
            .chain(doc.layers.sentences.iter().copied());
        // Timexes are sorted by start, as every layer: one pass over them for all sentences.
        let days: Vec<(Span, NaiveDate)> = doc
            .layers
            .timexes
            .iter()
            .filter(|t| t.kind == TimexType::Date)
            .filter_map(|t| Some((t.span, day_of(&t.value)?)))
            .collect();
        // Time expressions coarser than a day ("in 2013", "since May 2015").
        let coarse: Vec<Span> = doc
            .layers
            .timexes
            .iter()
            .filter(|t| t.kind == TimexType::Date && own_day::is_coarse(&t.value))
            .map(|t| t.span)
            .collect();
        out.inferred = {
            let (inferred, stated): (Vec<_>, Vec<_>) = doc
                .layers
                .timexes
                .iter()
                .filter(|t| t.kind == TimexType::Date)
                .filter_map(|t| Some((t.anchor == TimexAnchor::Pile, day_of(&t.value)?)))
                .partition(|(inferred, _)| *inferred);
            let mut days: Vec<NaiveDate> = inferred
                .into_iter()
                .map(|(_, d)| d)
                .filter(|d| !stated.iter().any(|(_, s)| s == d))
                .collect();
            days.sort_unstable();
            days.dedup();
            days
        };
        for span in spans {
            let s = &text[span.range()];
            let first = out.mentions.len() as u32;
            let from = days.partition_point(|(t, _)| t.start < span.start);
            out.mentions.extend(
                days[from..]
                    .iter()
                    .take_while(|(t, _)| t.start < span.end)
                    .filter(|(t, _)| t.end <= span.end)
                    .map(|&(_, d)| d),
            );
            let count = (out.mentions.len() as u32 - first).min(u8::MAX as u32) as u8;
            out.mentions.truncate((first + count as u32) as usize);
            let own = {
                let inside = &days[from..];
                let end = inside.partition_point(|(t, _)| t.start < span.end);
                let c = coarse.partition_point(|t| t.start < span.start);
                let has_coarse = coarse[c..]
                    .iter()
                    .take_while(|t| t.start < span.end)
                    .any(|t| t.end <= span.end);
                own_day::own_day(s, span.start, &inside[..end], has_coarse, out.published)
            };
            out.units.push(DatedUnit {
                span,
                words: text::word_count(s).min(u16::MAX as usize) as u16,
                dangling: starts_dangling(s) || looks_like_furniture(s),
                first,
                count,
                event_day: own.day,
                background: own.background,
                statement_day: own.statement,
            });
        }
        out
    }

    /// The days a unit mentions.
    pub fn mentions_of(&self, unit: &DatedUnit) -> &[NaiveDate] {
        let from = unit.first as usize;
        &self.mentions[from..from + unit.count as usize]
    }
}

/// A candidate sentence of the summaries, with its vector once its words are read.
struct Unit {
    doc: usize,
    span: Span,
    vector: SparseVector,
}

/// Page furniture run into the text: live-blog time stamps ("3:29 p.m. ET") and strings of
/// headlines (most words capitalised).
fn looks_like_furniture(sentence: &str) -> bool {
    let (mut words, mut capitalised) = (0, 0);
    for w in sentence
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
    {
        words += 1;
        capitalised += usize::from(w.chars().next().is_some_and(char::is_uppercase));
    }
    if words == 0 {
        return true;
    }
    let clock = sentence.contains(" p.m.") || sentence.contains(" a.m.");
    clock || capitalised * 10 > words * 6
}

fn starts_dangling(sentence: &str) -> bool {
    let first = sentence
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    matches!(
        first,
        "He" | "She"
            | "They"
            | "It"
            | "His"
            | "Her"
            | "Their"
            | "Its"
            | "This"
            | "These"
            | "Those"
            | "But"
            | "And"
            | "However"
            | "Meanwhile"
            | "Also"
    )
}

/// The duplicate groups of a subset of documents: `members` are indexes into the full list,
/// `group_of` its originals (see [`build`]); the result is, for each member, the position in
/// `members` of its original, or of the first member of its group when the original is not
/// among them, so that reprints still count once.
pub fn regroup(members: &[usize], group_of: &[usize]) -> Vec<usize> {
    let position: HashMap<usize, usize> =
        members.iter().enumerate().map(|(n, &i)| (i, n)).collect();
    let mut first_inside: HashMap<usize, usize> = HashMap::new();
    members
        .iter()
        .enumerate()
        .map(|(n, &i)| {
            let g = group_of[i];
            position
                .get(&g)
                .copied()
                .unwrap_or_else(|| *first_inside.entry(g).or_insert(n))
        })
        .collect()
}

/// The number of dates when none is asked for: the dates that at least two distinct articles
/// mention, capped so that a timeline stays readable.
pub fn default_dates(scored: usize) -> usize {
    scored.clamp(1, 30)
}

fn day_of(value: &str) -> Option<NaiveDate> {
    if value.len() != 10 {
        return None;
    }
    NaiveDate::parse_from_str(value, "%Y-%m-%d").ok()
}

/// Builds the timeline of `docs` held in memory: [`build_from`] over their summaries.
pub fn build<D: Borrow<AnnotatedDocument>>(
    docs: &[D],
    group_of: &[usize],
    options: &Options,
) -> Timeline {
    let dates: Vec<DocDates> = docs.iter().map(|d| DocDates::of(d.borrow())).collect();
    let mut terms = TermCounts::default();
    for d in docs {
        terms.add(&TermCounts::of(d.borrow()));
    }
    build_from(&dates, group_of, options, docs, &terms)
}

/// Builds the timeline of the documents whose summaries are `docs`. `group_of[i]` is the
/// index of the document that represents document `i`'s duplicate group (its original; `i`
/// itself when it has no duplicate). Dates are chosen from the summaries alone; the words of
/// the candidate sentences of the chosen dates are read from `sentences` and weighed by the
/// pile's sentence frequencies, `terms`.
pub fn build_from<D: Borrow<DocDates>>(
    docs: &[D],
    group_of: &[usize],
    options: &Options,
    sentences: &(impl Sentences + ?Sized),
    terms: &TermCounts,
) -> Timeline {
    let articles = group_of.iter().collect::<BTreeSet<_>>().len();
    let (mode, why) = Mode::choose(options.mode, articles);
    let (mut entries, candidate_dates) = match mode {
        Mode::Events => {
            let entries = events::build_events(docs, group_of, options, sentences, terms);
            let days = entries
                .iter()
                .map(|e| e.date)
                .collect::<BTreeSet<_>>()
                .len();
            (entries, days)
        }
        Mode::TopDates => top_dates(docs, group_of, options, sentences, terms),
    };
    for e in &mut entries {
        e.date_inferred = !e.summary.is_empty()
            && e.summary
                .iter()
                .all(|s| docs[s.doc].borrow().inferred.binary_search(&e.date).is_ok());
    }
    Timeline {
        entries,
        candidate_dates,
        mode,
        why,
    }
}

/// [`Mode::TopDates`]: the entries and the number of dates that scored.
fn top_dates<D: Borrow<DocDates>>(
    docs: &[D],
    group_of: &[usize],
    options: &Options,
    sentences: &(impl Sentences + ?Sized),
    terms: &TermCounts,
) -> (Vec<Entry>, usize) {
    let in_window =
        |d: NaiveDate| options.from.is_none_or(|f| d >= f) && options.to.is_none_or(|t| d <= t);
    let keywords: Vec<String> = options.keywords.iter().map(|k| k.to_lowercase()).collect();

    // 1. Date scores: distinct articles (duplicate groups) mentioning a date, and published on it.
    let published: Vec<Option<NaiveDate>> = docs.iter().map(|d| d.borrow().published).collect();
    let mut mentioned_by: BTreeMap<NaiveDate, BTreeSet<usize>> = BTreeMap::new();
    let mut published_on: BTreeMap<NaiveDate, BTreeSet<usize>> = BTreeMap::new();
    // Candidate sentences of each date: those mentioning it, and undated ones of documents
    // published on it.
    let mut by_date: HashMap<NaiveDate, Vec<(usize, Span)>> = HashMap::new();
    for (di, d) in docs.iter().enumerate() {
        let d = d.borrow();
        for u in &d.units {
            let mentions = d.mentions_of(u);
            for &day in mentions {
                if in_window(day) {
                    mentioned_by.entry(day).or_default().insert(group_of[di]);
                }
            }
            if u.words < MIN_WORDS as u16 || u.words > MAX_WORDS as u16 || u.dangling {
                continue;
            }
            if mentions.is_empty() {
                if let Some(day) = published[di] {
                    by_date.entry(day).or_default().push((di, u.span));
                }
            } else {
                for &day in mentions {
                    by_date.entry(day).or_default().push((di, u.span));
                }
            }
        }
    }
    for (di, p) in published.iter().enumerate() {
        if let Some(d) = p.filter(|&d| in_window(d)) {
            published_on.entry(d).or_default().insert(group_of[di]);
        }
    }
    let all_dates: BTreeSet<NaiveDate> = mentioned_by
        .keys()
        .chain(published_on.keys())
        .copied()
        .collect();
    let mut scored: Vec<(NaiveDate, f64)> = all_dates
        .iter()
        .map(|&d| {
            let m = mentioned_by.get(&d).map_or(0, BTreeSet::len) as f64;
            let p = published_on.get(&d).map_or(0, BTreeSet::len) as f64;
            (d, m + 0.5 * p)
        })
        .filter(|&(_, s)| s > 0.0)
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let candidate_dates = scored.len();
    let l = options
        .dates
        .unwrap_or_else(|| default_dates(mentioned_by.values().filter(|s| s.len() >= 2).count()));
    let k = options
        .sentences_per_date
        .unwrap_or(DEFAULT_SENTENCES_PER_DATE)
        .max(1);

    // 2. Summaries for the best dates that have candidates, one date at a time: only that
    // date's candidates' words are in memory (at most `MAX_CANDIDATES` of them).
    let mut entries = Vec::new();
    let vocabulary = Vocabulary::new(terms);
    for &(date, score) in &scored {
        if entries.len() >= l {
            break;
        }
        let Some(all) = by_date.get(&date) else {
            continue;
        };
        let wanted = capped(all);
        let (units, unit_of) = read_units(&wanted, sentences, &keywords, &vocabulary);
        // A sentence that names the date twice weighs twice in the centroid.
        let cands: Vec<usize> = all
            .iter()
            .filter_map(|key| unit_of.get(key).copied())
            .collect();
        let summary = summarise(&units, &cands, k);
        if summary.is_empty() {
            continue;
        }
        let documents = mentioned_by
            .get(&date)
            .into_iter()
            .flatten()
            .chain(published_on.get(&date).into_iter().flatten())
            .copied();
        entries.push(entry(date, score, &summary, &units, documents, &published));
    }
    entries.sort_by_key(|e| e.date);
    (entries, candidate_dates)
}

/// Reads the words of `wanted` sentences and makes their TF-IDF vectors (the pile's sentence
/// frequencies as IDF); with `keywords`, only sentences holding one of them. Returns the units
/// and where each sentence's unit is.
fn read_units(
    wanted: &[(usize, Span)],
    sentences: &(impl Sentences + ?Sized),
    keywords: &[String],
    vocabulary: &Vocabulary<'_>,
) -> (Vec<Unit>, HashMap<(usize, Span), usize>) {
    let texts = sentences.texts(wanted);
    let mut units: Vec<Unit> = Vec::with_capacity(wanted.len());
    let mut unit_of: HashMap<(usize, Span), usize> = HashMap::new();
    for (&(doc, span), text) in wanted.iter().zip(&texts) {
        let lower = text.to_lowercase();
        if !keywords.is_empty() && !keywords.iter().any(|k| lower.contains(k.as_str())) {
            continue;
        }
        let vector = vocabulary.vector(&lower);
        unit_of.insert((doc, span), units.len());
        units.push(Unit { doc, span, vector });
    }
    vocabulary.weigh(&mut units.iter_mut().map(|u| &mut u.vector).collect::<Vec<_>>());
    (units, unit_of)
}

/// An entry of `date` quoting the `summary` units, citing `documents` (duplicate groups'
/// originals, each once, earliest published first).
fn entry(
    date: NaiveDate,
    score: f64,
    summary: &[usize],
    units: &[Unit],
    documents: impl Iterator<Item = usize>,
    published: &[Option<NaiveDate>],
) -> Entry {
    let mut seen = BTreeSet::new();
    let mut documents: Vec<usize> = documents.filter(|&g| seen.insert(g)).collect();
    documents.sort_by_key(|&i| (published[i], i));
    let first_reported = documents.iter().filter_map(|&i| published[i]).min();
    Entry {
        date,
        score,
        summary: summary
            .iter()
            .map(|&ui| SentenceRef {
                doc: units[ui].doc,
                span: units[ui].span,
            })
            .collect(),
        documents,
        first_reported,
        story: None,
        date_inferred: false,
    }
}

/// The summary of a date, as DATEWISE's CentroidOpt makes it: starting from nothing, add the
/// candidate that brings the summary (the sum of its sentence vectors) closest to the centroid
/// of all candidates, `k` times. A sentence that repeats one already taken adds little, so the
/// summary covers what the date's articles say rather than one point twice. Only the
/// candidates most like the centroid are tried (the choice does not change beyond them).
fn summarise(units: &[Unit], cands: &[usize], k: usize) -> Vec<usize> {
    let mut centroid = SparseVector::default();
    for &c in cands {
        centroid.add(&units[c].vector);
    }
    let mut ranked: Vec<(usize, f64)> = cands
        .iter()
        .map(|&c| (c, cosine(&units[c].vector, &centroid)))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let pool: Vec<usize> = ranked.iter().take(POOL).map(|r| r.0).collect();
    let mut chosen: Vec<usize> = Vec::new();
    let mut summary = SparseVector::default();
    while chosen.len() < k {
        let mut best: Option<(usize, f64)> = None;
        for &c in &pool {
            if chosen.contains(&c) {
                continue;
            }
            let mut with = summary.clone();
            with.add(&units[c].vector);
            let score = cosine(&with, &centroid);
            if best.is_none_or(|b| score > b.1) {
                best = Some((c, score));
            }
        }
        let Some((c, _)) = best else { break };
        summary.add(&units[c].vector);
        chosen.push(c);
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;
    use rashomon_model::{
        DateSource, DateValue, Document, Layers, Published, Timex, TimexAnchor, TimexType,
    };

    /// A document of one-sentence lines, published on `published`, with a day timex wherever
    /// `dates` says.
    fn doc(published: &str, sentences: &[(&str, Option<&str>)]) -> AnnotatedDocument {
        let mut text = String::new();
        let mut layers = Layers::default();
        for (s, date) in sentences {
            let start = text.len();
            text.push_str(s);
            layers.sentences.push(Span::new(start, text.len()));
            if let Some(d) = date {
                layers.timexes.push(Timex {
                    span: Span::new(start, start + 2),
                    kind: TimexType::Date,
                    value: d.to_string(),
                    anchor: TimexAnchor::Dct,
                    modifier: None,
                });
            }
            text.push('\n');
        }
        let mut document = Document::from_text("x.txt", None, text);
        let date = NaiveDate::parse_from_str(published, "%Y-%m-%d").unwrap();
        document.published = Published::known(DateValue::Date(date), DateSource::Metadata, 1.0);
        AnnotatedDocument { document, layers }
    }

    #[test]
    fn events_mode_groups_a_day_of_thousands_of_sentences_from_a_bounded_sample() {
        let lines: Vec<String> = (0..2_000)
            .map(|i| format!("On 3 March the council of the town met about budget item {i}."))
            .collect();
        let sentences: Vec<(&str, Option<&str>)> = lines
            .iter()
            .map(|l| (l.as_str(), Some("2021-03-03")))
            .collect();
        let docs = vec![doc("2021-03-04", &sentences)];
        let options = Options {
            mode: Some(Mode::Events),
            ..Options::default()
        };
        let t = build(&docs, &[0], &options);
        assert_eq!(t.mode, Mode::Events);
        let day = NaiveDate::from_ymd_opt(2021, 3, 3).unwrap();
        assert!(!t.entries.is_empty());
        assert!(t
            .entries
            .iter()
            .all(|e| e.date == day && e.summary.len() <= 2));
        // The same sentences say the same thing: one event, not hundreds.
        assert!(t.entries.len() <= 3, "{} entries", t.entries.len());
    }

    #[test]
    fn in_events_mode_a_sentence_without_a_day_follows_the_day_of_the_one_before() {
        let docs = vec![doc(
            "2021-05-10",
            &[
                ("Officials of the region opened the new bridge today.", None),
                (
                    "Militants attacked the northern town of Kara on 3 May.",
                    Some("2021-05-03"),
                ),
                (
                    "Twelve people died and the market burned down completely.",
                    None,
                ),
                (
                    "The regional governor had visited the town earlier that year.",
                    None,
                ),
            ],
        )];
        let options = Options {
            mode: Some(Mode::Events),
            sentences_per_date: Some(3),
            ..Options::default()
        };
        let t = build(&docs, &[0], &options);
        let may_3 = NaiveDate::from_ymd_opt(2021, 5, 3).unwrap();
        let text = &docs[0].document.text;
        let told: Vec<&str> = t
            .entries
            .iter()
            .filter(|e| e.date == may_3)
            .flat_map(|e| e.summary.iter().map(|s| &text[s.span.range()]))
            .collect();
        assert!(
            told.iter().any(|s| s.starts_with("Twelve people died")),
            "{told:?}"
        );
        // Background (past perfect) does not follow, and the lead keeps the article's day.
        assert!(!told.iter().any(|s| s.contains("had visited")), "{told:?}");
        assert!(!told.iter().any(|s| s.contains("bridge")), "{told:?}");
    }

    #[test]
    fn an_entry_dated_only_by_an_inferred_weekday_is_marked() {
        let mut placed = doc(
            "2015-02-06",
            &[
                (
                    "Jordan struck targets in Raqqa on Thursday, officials said.",
                    Some("2015-02-05"),
                ),
                (
                    "The king met lawmakers on 3 February in Washington city.",
                    Some("2015-02-03"),
                ),
            ],
        );
        // The first day was a weekday the pile placed; the second is written out.
        placed.layers.timexes[0].anchor = TimexAnchor::Pile;
        let dates = DocDates::of(&placed);
        assert_eq!(
            dates.inferred,
            vec![NaiveDate::from_ymd_opt(2015, 2, 5).unwrap()]
        );
        let options = Options {
            mode: Some(Mode::Events),
            ..Options::default()
        };
        let t = build(&[placed], &[0], &options);
        let marks: Vec<(String, bool)> = t
            .entries
            .iter()
            .map(|e| (e.date.to_string(), e.date_inferred))
            .collect();
        assert_eq!(
            marks,
            [
                ("2015-02-03".to_string(), false),
                ("2015-02-05".to_string(), true)
            ]
        );
    }

    #[test]
    fn dates_mentioned_by_most_articles_win_and_reprints_count_once() {
        let docs = vec![
            doc(
                "2020-01-03",
                &[(
                    "On 1 January the dam broke and the valley flooded.",
                    Some("2020-01-01"),
                )],
            ),
            doc(
                "2020-01-04",
                &[(
                    "The dam broke on 1 January, flooding the valley below.",
                    Some("2020-01-01"),
                )],
            ),
            doc(
                "2020-01-05",
                &[(
                    "Rescuers reached the valley on 2 January after the dam broke.",
                    Some("2020-01-02"),
                )],
            ),
            // A reprint of the third article: the same group, so 2 January counts once.
            doc(
                "2020-01-05",
                &[(
                    "Rescuers reached the valley on 2 January after the dam broke.",
                    Some("2020-01-02"),
                )],
            ),
        ];
        let group_of = vec![0, 1, 2, 2];
        let options = Options {
            dates: Some(1),
            sentences_per_date: Some(1),
            ..Options::default()
        };
        let t = build(&docs, &group_of, &options);
        assert_eq!(t.entries.len(), 1);
        let e = &t.entries[0];
        assert_eq!(e.date.to_string(), "2020-01-01");
        assert_eq!(e.documents, vec![0, 1]);
        assert_eq!(e.first_reported.unwrap().to_string(), "2020-01-03");
        // The summary sentence is a span of one of the documents that mention the date.
        let s = e.summary[0];
        assert!(docs[s.doc].document.text[s.span.range()].contains("dam broke"));
    }

    #[test]
    fn regroup_keeps_reprints_together_inside_a_subset() {
        // 0 is the original of 0, 2 and 3; the subset leaves 0 out.
        let group_of = [0, 1, 0, 0, 4];
        assert_eq!(regroup(&[1, 2, 3, 4], &group_of), vec![0, 1, 1, 3]);
        assert_eq!(regroup(&[0, 3], &group_of), vec![0, 0]);
    }

    #[test]
    fn furniture() {
        assert!(looks_like_furniture(
            "LIBYA , 3:29 p.m. ET , 10:29 p.m. local : Gadhafi is in Libya ."
        ));
        assert!(looks_like_furniture(
            "Libyan Soldiers Reportedly Burned Alive Libyan Protests Threaten Oil Prices"
        ));
        assert!(!looks_like_furniture(
            "The United Nations Security Council voted on Thursday to impose a no-fly zone."
        ));
    }

    #[test]
    fn keywords_window_and_dangling_sentences() {
        let docs = vec![doc(
            "2020-01-03",
            &[
                (
                    "On 1 January the dam broke and the valley flooded quickly.",
                    Some("2020-01-01"),
                ),
                (
                    "He said on 2 January that the dam had been inspected.",
                    Some("2020-01-02"),
                ),
                (
                    "On 3 January the mayor thanked the rescue teams warmly.",
                    Some("2020-01-03"),
                ),
            ],
        )];
        let options = Options {
            keywords: vec!["DAM".into()],
            from: NaiveDate::from_ymd_opt(2020, 1, 1),
            to: NaiveDate::from_ymd_opt(2020, 1, 2),
            ..Options::default()
        };
        let t = build(&docs, &[0], &options);
        let dates: Vec<String> = t.entries.iter().map(|e| e.date.to_string()).collect();
        // 3 January is outside the window; 2 January has only a sentence starting "He".
        assert_eq!(dates, vec!["2020-01-01"]);
    }
}
