//! Claims: what the pile's speakers say, grouped across documents by the proposition they
//! state, with each side named — who asserts it, who denies it, which outlets carry it — and a
//! verdict: corroborated, single-source or disputed.
//!
//! A **statement** is an attribution's content (layer `attributions`). Statements are keyed by
//! their stemmed words plus `@`-keys for the actors and places they name, so "the Kurds struck a
//! deal with Daesh" and "SDF and IS leaders reached an agreement" can meet through `@actor:…`
//! keys even where the words differ, and grouped by star clustering over TF-IDF of those keys.
//! A group's **representative** is the asserting, un-negated statement closest to its centre;
//! every other statement is on its side or against it:
//! - against when its cue denies ("rejected", "refuted"), when it only points back ("rejected
//!   the claim": a denial whose content is a few words, tied to the statement before it in
//!   the same article), when one of the two negates what the other states ("No deal was
//!   made" against "a deal was made"), or when the stance model judges its sentence to
//!   disagree with the representative;
//! - with it otherwise.
//!
//! Verdict: **disputed** when one source asserts it and another, independent source (another
//! speaker or another outlet) denies it — also inside one article ("announced liberated … the
//! next day refuted by the coalition"); **denied** when it is denied and nobody in the pile
//! asserts it; **corroborated** when two or more independent outlets carry an assertion of
//! it (reprints of one article count once); **single-source** otherwise. A denial by the
//! stance model alone counts only for statements close to the claim's words.

use std::collections::HashMap;

use rashomon_model::{AnnotatedDocument, CueClass, Sentences, Span, Speaker, Stance};
use rashomon_stance::features::dot;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// Cosine similarity two statements need to be linked (to state the same proposition).
pub const DEFAULT_CLAIM_THRESHOLD: f32 = 0.3;
/// Content words a statement needs to state something; a denial with fewer points back.
const MIN_WORDS: usize = 4;
/// Stance-model probability of "disagree" that turns a statement against its claim.
const DISAGREE_PROBABILITY: f32 = 0.7;
/// Similarity to the representative a statement needs for its negation to count against the
/// claim; a negated statement less close than this is another claim.
const NEGATION_SIMILARITY: f32 = 0.4;

/// Why a statement is against its claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Against {
    /// The cue denies (denies, rejects, refutes).
    Cue,
    /// A denial whose content only points back ("rejected the claim").
    RefersBack,
    /// One of the two is negated and the other is not.
    Negation,
    /// The stance model reads the statement's sentence as disagreeing.
    StanceModel,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    pub doc: usize,
    /// Index into the document's `layers.attributions`.
    pub attribution: usize,
    /// From the first content fragment's start to the last one's end; for a denial that
    /// points back, its cue and content.
    pub span: Span,
    /// The attribution's cue and its class.
    pub cue: Span,
    pub cue_class: CueClass,
    /// The speaker: an index into the document's [`DocStatements::speakers`].
    pub speaker: Option<u16>,
    /// Set once the statement is placed in a claim: `Some` when it is against the claim.
    pub against: Option<Against>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Corroborated,
    SingleSource,
    Disputed,
    /// Someone denies it and nobody in the pile asserts it ("officials dismissed concerns
    /// that …"): a denial, not a dispute.
    Denied,
}

impl Status {
    /// The verdict on something a pile says — a claim, or the events of a timeline entry:
    /// disputed when anyone denies it, corroborated when two or more independent outlets
    /// carry it (reprints count as their original), single-source otherwise.
    pub fn of(denied: bool, independent_outlets: usize) -> Status {
        if denied {
            Status::Disputed
        } else if independent_outlets >= 2 {
            Status::Corroborated
        } else {
            Status::SingleSource
        }
    }

    /// The verdict on a claim from its sides: disputed when a source asserts it and another,
    /// independent one (another speaker, or another outlet) denies it; denied when it is only
    /// denied; otherwise by the number of independent outlets asserting it ([`Status::of`]).
    /// A source is a speaker's key, or for an unattributed statement its outlet's (or their
    /// hashes).
    pub fn of_sides<K: PartialEq>(
        asserting: &[K],
        denying: &[K],
        asserting_outlets: usize,
    ) -> Status {
        let independent_pair = asserting.iter().any(|a| denying.iter().any(|d| d != a));
        if !denying.is_empty() && asserting.is_empty() {
            Status::Denied
        } else if independent_pair {
            Status::Disputed
        } else {
            Status::of(false, asserting_outlets)
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Corroborated => "corroborated",
            Status::SingleSource => "single-source",
            Status::Disputed => "disputed",
            Status::Denied => "denied",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    /// Indexes into [`Claims::statements`], in pile order.
    pub statements: Vec<usize>,
    /// The statement whose words stand for the claim.
    pub representative: usize,
    pub status: Status,
}

#[derive(Debug, Clone, Default)]
pub struct Claims {
    /// The statements of the claims, in pile order: what [`Claim::statements`] indexes.
    pub statements: Vec<Statement>,
    /// Disputed first, then corroborated, then single-source; within each, by the number of
    /// documents carrying the claim, most first. Only claims of two or more statements, or
    /// denied ones.
    pub claims: Vec<Claim>,
    /// Statements left as they are: stated once, taken up by no other statement, denied by
    /// nobody.
    pub lone: usize,
}

/// One attribution of a document as the claims step keeps it: its part of the
/// per-document summary. The words of the sentence around it are read back only when the
/// stance model weighs it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttributionSummary {
    /// From the first content fragment's start to the last one's end (the cue when there is
    /// no content).
    pub span: Span,
    pub cue: Span,
    pub cue_class: CueClass,
    /// The cue is negated ("did not say"): no proposition is stated.
    pub cue_negated: bool,
    /// The content fragments, joined by spaces.
    pub content: String,
    /// The sentence that holds the cue.
    pub sentence: Option<Span>,
    /// The speaker: an index into [`DocStatements::speakers`].
    pub speaker: Option<u16>,
    /// The source as written, when it is short enough to be a name (at most six words).
    pub source: Option<String>,
    /// Places inside the content: byte range in `content` and gazetteer id.
    pub places: Vec<(u32, u32, u64)>,
}

/// What the claims step needs of one document: its attributions, in order (their index is
/// the attribution's index in the document's layer), and the distinct speakers they name
/// (a document names few speakers many times: each is kept once).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocStatements {
    pub attributions: Vec<AttributionSummary>,
    pub speakers: Vec<Speaker>,
}

impl DocStatements {
    /// The speaker of an attribution of this document.
    pub fn speaker(&self, a: &AttributionSummary) -> Option<&Speaker> {
        a.speaker.and_then(|i| self.speakers.get(i as usize))
    }

    pub fn of(doc: &AnnotatedDocument) -> DocStatements {
        let text = &doc.document.text;
        let mut speakers: Vec<Speaker> = Vec::new();
        let attributions = doc
            .layers
            .attributions
            .iter()
            .map(|a| {
                let mut content = String::new();
                let mut places = Vec::new();
                for (n, fragment) in a.content.iter().enumerate() {
                    if n > 0 {
                        content.push(' ');
                    }
                    let offset = content.len() as u32;
                    for p in &doc.layers.places {
                        if fragment.contains(p.span) {
                            let start = offset + p.span.start - fragment.start;
                            places.push((start, start + p.span.len() as u32, p.id));
                        }
                    }
                    content.push_str(&text[fragment.range()]);
                }
                // Fragments need not come in text order (a reported denial's proposition
                // may precede its cue): the span covers all of them.
                let span = match (
                    a.content.iter().map(|f| f.start).min(),
                    a.content.iter().map(|f| f.end).max(),
                ) {
                    (Some(start), Some(end)) => Span::new(start as usize, end as usize),
                    _ => a.cue,
                };
                let source = a
                    .source
                    .map(|s| &text[s.range()])
                    .filter(|w| w.split_whitespace().count() <= 6)
                    .map(str::to_string);
                AttributionSummary {
                    span,
                    cue: a.cue,
                    cue_class: a.cue_class,
                    cue_negated: negated(&text[a.cue.range()]),
                    content,
                    sentence: DocStatements::sentence_of(doc, a.cue),
                    speaker: a.speaker.as_ref().map(|sp| {
                        let i = speakers.iter().position(|k| k == sp).unwrap_or_else(|| {
                            speakers.push(sp.clone());
                            speakers.len() - 1
                        });
                        i.min(u16::MAX as usize) as u16
                    }),
                    source,
                    places,
                }
            })
            .collect();
        DocStatements {
            attributions,
            speakers,
        }
    }

    fn sentence_of(doc: &AnnotatedDocument, cue: Span) -> Option<Span> {
        let sentences = &doc.layers.sentences;
        let i = sentences.partition_point(|s| s.end <= cue.start);
        sentences.get(i).copied().filter(|s| s.contains(cue))
    }
}

/// The key of an outlet for independence: its name, or for an article without one the
/// article's duplicate group. A reprint counts as its original.
fn outlet_key(outlets: &[Option<String>], group_of: &[usize], doc: usize) -> String {
    let original = group_of.get(doc).copied().unwrap_or(doc);
    match &outlets[original] {
        Some(o) => o.to_lowercase(),
        None => format!("#{original}"),
    }
}

/// Nouns that wrap a proposition a denial is about: "rejected claims by the ministry that X",
/// "denied reports in Russian media that X".
#[rustfmt::skip]
const WRAPPERS: &[&str] = &[
    "claim", "claims", "report", "reports", "allegation", "allegations", "accusation",
    "accusations", "suggestion", "suggestions", "rumour", "rumours", "rumor", "rumors",
    "statement", "statements", "assertion", "assertions", "media",
];

/// The proposition of a content: for "claims by the ministry that X" (and the like), X.
fn proposition(content: &str) -> &str {
    let lead: Vec<&str> = content
        .split_whitespace()
        .take(8)
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .collect();
    if lead
        .iter()
        .any(|w| WRAPPERS.contains(&w.to_lowercase().as_str()))
    {
        if let Some(i) = content.find(" that ") {
            return &content[i + " that ".len()..];
        }
    }
    content
}

/// Negation words ("n't" forms are caught by their ending; "without" and "won" are left out:
/// the one rarely negates a proposition, the other is mostly "win").
#[rustfmt::skip]
const NEGATIONS: &[&str] = &[
    "no", "not", "never", "none", "nothing", "nobody", "neither", "nor", "didn", "doesn", "wasn",
    "weren", "isn", "aren", "hasn", "haven", "hadn",
];

fn is_negation(lower: &str) -> bool {
    NEGATIONS.contains(&lower) || lower.ends_with("n't")
}

/// Lower-cased words, apostrophes kept ("didn't").
fn lower_words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// Whether a text holds a negation word ("not", "no", "never", "didn't", …).
pub fn negated(text: &str) -> bool {
    lower_words(text).any(|w| is_negation(&w))
}

/// Words a negation reaches: the next few after it.
const NEGATION_SCOPE: usize = 3;

/// Words that make a negation one of knowledge, not of fact: "it is not clear whether P",
/// "officials could not confirm P", "P cannot be ruled out" leave P open — uncertainty, not a
/// denial.
#[rustfmt::skip]
const EPISTEMIC: &[&str] = &[
    "clear", "known", "sure", "certain", "confirm", "confirmed", "determine", "determined",
    "verify", "verified", "rule", "ruled", "able", "immediately", "yet", "say", "know",
    "establish", "established", "identify", "identified", "possible",
];

/// Whether the words right after a negation (skipping "be", "been", "yet" and the like) make
/// it one of knowledge ([`EPISTEMIC`]).
fn uncertain(after: &[String]) -> bool {
    after
        .iter()
        .filter(|w| {
            !matches!(
                w.as_str(),
                "be" | "been"
                    | "being"
                    | "is"
                    | "was"
                    | "were"
                    | "have"
                    | "had"
                    | "has"
                    | "we"
                    | "they"
                    | "it"
                    | "the"
            )
        })
        .take(1)
        .any(|w| EPISTEMIC.contains(&w.as_str()))
}

/// Whether `negating` negates something `other` states: a negation in it is followed, within a
/// few words, by a word (stem) `other` has. "No deal was made" negates "the Kurds struck a
/// deal"; "the coalition was not involved" does not negate "the coalition closed its eyes".
fn negates(negating: &str, other: &str) -> bool {
    let stems: std::collections::HashSet<String> = rashomon_stance::words::words(other)
        .into_iter()
        .map(|w| base_stem(w.stem))
        .collect();
    let words: Vec<String> = lower_words(negating).collect();
    words.iter().enumerate().any(|(i, w)| {
        is_negation(w)
            && !uncertain(&words[i + 1..])
            && words[i + 1..]
                .iter()
                .take(NEGATION_SCOPE)
                .flat_map(|next| rashomon_stance::words::words(next))
                .any(|n| stems.contains(&base_stem(n.stem)))
    })
}

/// The names a pile gives its actors, as name keys → entity ids: what the speakers resolved
/// to (and the acronyms of their names, in the translated orders too), plus the alias-table
/// actors the statements name, with all their aliases. Lets "SDS" in a translated wire and
/// "Syrian Democratic Forces" elsewhere, or "IGIL" and "Islamic State", be one key.
///
/// A large pile's speakers give hundreds of thousands of names: keys are kept as hashes and
/// entity ids once each.
#[derive(Debug)]
struct Lexicon<'t> {
    table: &'t rashomon_actors::Table,
    /// Entity ids, each once: what `by_key` and `acronyms` point to.
    ids: Vec<String>,
    id_index: HashMap<String, u32>,
    /// Name keys (hashed) → entity.
    by_key: HashMap<u64, u32>,
    /// Acronym keys, to match translated acronyms letter by letter.
    acronyms: Vec<(Box<str>, u32)>,
}

fn key_hash(k: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(k.as_bytes())
}

impl Lexicon<'_> {
    fn add(&mut self, name: &str, id: &str) {
        let k = rashomon_actors::names::key(name);
        if k.is_empty() {
            return;
        }
        let id = match self.id_index.get(id) {
            Some(&i) => i,
            None => {
                let i = self.ids.len() as u32;
                self.ids.push(id.to_string());
                self.id_index.insert(id.to_string(), i);
                i
            }
        };
        for a in rashomon_actors::names::acronyms(&k) {
            if a.len() >= 2 {
                self.by_key.entry(key_hash(&a)).or_insert(id);
                self.acronyms.push((a.into_boxed_str(), id));
            }
        }
        if !k.contains(' ') && rashomon_actors::names::looks_like_acronym(name) {
            self.acronyms.push((k.as_str().into(), id));
        }
        self.by_key.entry(key_hash(&k)).or_insert(id);
    }

    /// The lexicon of the statements `source` holds (read once, every document).
    fn of<'t>(
        source: &(impl StatementSource + ?Sized),
        table: &'t rashomon_actors::Table,
    ) -> Lexicon<'t> {
        let mut lexicon = Lexicon {
            table,
            ids: Vec::new(),
            id_index: HashMap::new(),
            by_key: HashMap::new(),
            acronyms: Vec::new(),
        };
        // The alias-table actors the statements name, added after every speaker's name.
        let mut named: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
        /// Names remembered as looked up; past it the set starts afresh.
        const LOOKED_UP: usize = 1 << 20;
        let mut looked_up: std::collections::HashSet<String> = std::collections::HashSet::new();
        let all: Vec<usize> = (0..source.document_count()).collect();
        source.read_statements(&all, &mut |chunk| {
            for &(_, d) in chunk {
                for a in &d.attributions {
                    let Some(speaker) = d.speaker(a) else {
                        continue;
                    };
                    let Some(id) = &speaker.entity_id else {
                        continue;
                    };
                    lexicon.add(&speaker.name, id);
                    if let Some(written) = &a.source {
                        lexicon.add(written, id);
                    }
                }
                for a in &d.attributions {
                    for (_, word) in names_in(&a.content) {
                        // A name looked up once need not be again (its actor, if any, is in).
                        if looked_up.contains(word) {
                            continue;
                        }
                        if looked_up.len() >= LOOKED_UP {
                            looked_up.clear();
                        }
                        looked_up.insert(word.to_string());
                        if let Some(actor) = table.lookup(word) {
                            if !named.contains(&actor.id) {
                                named.insert(actor.id.clone());
                            }
                        }
                    }
                }
            }
        });
        for id in named {
            if let Some(actor) = table.actor(&id) {
                lexicon.add(&actor.name, &actor.id);
                for alias in &actor.aliases {
                    lexicon.add(alias, &actor.id);
                }
            }
        }
        // By acronym, then entity id: the first match of a translated acronym is the same
        // whatever order the pile's articles came in.
        let ids = &lexicon.ids;
        lexicon
            .acronyms
            .sort_by(|a, b| (&a.0, &ids[a.1 as usize]).cmp(&(&b.0, &ids[b.1 as usize])));
        lexicon.acronyms.dedup();
        lexicon.id_index = HashMap::new();
        lexicon
    }

    fn entity(&self, written: &str) -> Option<String> {
        let k = rashomon_actors::names::key(written);
        if let Some(&id) = self.by_key.get(&key_hash(&k)) {
            return Some(self.ids[id as usize].clone());
        }
        if rashomon_actors::names::looks_like_acronym(written) {
            if let Some(&(_, id)) = self
                .acronyms
                .iter()
                .find(|(a, _)| rashomon_actors::names::translations_match(a, &k))
            {
                return Some(self.ids[id as usize].clone());
            }
        }
        self.table.lookup_key(&k).map(|a| a.id.clone())
    }
}

/// Capitalised single words and runs of capitalised words (up to six, apart by spaces only)
/// in a text, with their byte offsets: the places a name can be.
pub fn names_in(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let words: Vec<(usize, &str)> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '.' || c == '\''))
        .filter(|w| !w.is_empty())
        .map(|w| {
            (
                w.as_ptr() as usize - text.as_ptr() as usize,
                w.trim_end_matches('.'),
            )
        })
        .collect();
    let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let mut i = 0;
    while i < words.len() {
        if !capitalised(words[i].1) {
            i += 1;
            continue;
        }
        // A run goes on over spaces only: "the Islamic State (IS, banned …)" holds the run
        // "Islamic State" and the word "IS", not one run across the parenthesis.
        let joined = |a: (usize, &str), b: (usize, &str)| {
            text[a.0 + a.1.len()..b.0].chars().all(char::is_whitespace)
        };
        let mut j = i;
        while j + 1 < words.len()
            && j - i < 5
            && capitalised(words[j + 1].1)
            && joined(words[j], words[j + 1])
        {
            j += 1;
        }
        out.extend_from_slice(&words[i..=j]);
        if j > i {
            let (start, last) = (words[i].0, words[j]);
            out.push((start, &text[start..last.0 + last.1.len()]));
        }
        i = j + 1;
    }
    out
}

/// A stem with a derivational suffix taken off and stemmed again, so that a noun meets its
/// verb: "agreement" → "agre" as "agreed" does, "departure" → "depart".
fn base_stem(stem: String) -> String {
    for suffix in ["ment", "ure"] {
        if let Some(base) = stem.strip_suffix(suffix) {
            if base.len() >= 4 {
                return rashomon_stance::words::stem(base);
            }
        }
    }
    stem
}

/// What the lexicon made of names already met: the entity of each (looking a name up costs
/// its transliteration and key; a pile's statements name the same actors over and over).
type EntityMemo = HashMap<String, Option<String>>;

/// Keys of a statement's content: stems, and `@`-keys for the actors and places it names —
/// in place of the names' own words, so that a name counts once however many words it has.
fn keys(a: &AttributionSummary, lexicon: &Lexicon<'_>, memo: &mut EntityMemo) -> Vec<String> {
    let full = &a.content;
    // Keys come from the proposition only; `skipped` bytes of the content precede it.
    let text = proposition(full).to_string();
    let skipped = full.len() - text.len();
    let mut out: Vec<String> = Vec::new();
    // Byte ranges of `text` covered by a recognised name, longest names first.
    let mut covered: Vec<(usize, usize)> = Vec::new();
    let mut names = names_in(&text);
    names.sort_by_key(|(start, name)| (std::cmp::Reverse(name.len()), *start));
    for (start, name) in names {
        let end = start + name.len();
        if covered.iter().any(|&(s, e)| start < e && s < end) {
            continue;
        }
        let entity = match memo.get(name) {
            Some(known) => known.clone(),
            None => {
                let found = lexicon.entity(name);
                memo.insert(name.to_string(), found.clone());
                found
            }
        };
        if let Some(id) = entity {
            out.push(format!("@{id}"));
            covered.push((start, end));
        }
    }
    // Places, by their positions in the joined content text.
    for &(start, end, id) in &a.places {
        let Some(start) = (start as usize).checked_sub(skipped) else {
            continue;
        };
        let end = end as usize - skipped;
        if !covered.iter().any(|&(s, e)| start < e && s < end) {
            out.push(format!("@{id}"));
            covered.push((start, end));
        }
    }
    let mut words = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        let inside = covered.iter().any(|&(s, e)| s <= i && i < e);
        words.push(if inside { ' ' } else { c });
    }
    out.extend(
        rashomon_stance::words::words(&words)
            .into_iter()
            .map(|w| base_stem(w.stem)),
    );
    out
}

/// Keys held by more statements than this are left out of the neighbour search: they are
/// common words (low IDF, little of any cosine), and their lists would make it quadratic.
const MAX_POSTING: usize = 300;
/// Keys two statements must share to be linked.
const MIN_SHARED_KEYS: u32 = 2;
/// Statements whose words are read back at once to judge their claims: what bounds the
/// claims step's memory on a large pile (the words are read again for each batch).
const TEXT_BATCH: usize = 200_000;
/// Documents read from a [`StatementSource`] at once.
pub const READ_CHUNK: usize = 1024;

/// What a [`StatementSource`] hands its documents' statements to: (pile index, statements)
/// pairs, a chunk at a time.
pub type ReadChunk<'a> = dyn FnMut(&[(usize, &DocStatements)]) + 'a;

/// Where the claims step reads documents' statements from, a chunk at a time: a large pile's
/// statements need not all be in memory at once. The step reads every document twice (the
/// names the pile gives its actors, then each statement's keys), then once more only the
/// documents whose statements share a claim, for their words.
pub trait StatementSource {
    /// How many documents the pile holds.
    fn document_count(&self) -> usize;
    /// Calls `each` with the statements of the documents asked (pile indexes, ascending), in
    /// that order, a chunk at a time.
    fn read_statements(&self, docs: &[usize], each: &mut ReadChunk<'_>);
}

impl<D: std::borrow::Borrow<DocStatements>> StatementSource for [D] {
    fn document_count(&self) -> usize {
        self.len()
    }

    fn read_statements(&self, docs: &[usize], each: &mut ReadChunk<'_>) {
        let chunk: Vec<(usize, &DocStatements)> =
            docs.iter().map(|&d| (d, self[d].borrow())).collect();
        each(&chunk);
    }
}

/// Lists in one flat array (compressed sparse rows): a large pile has millions of statements,
/// and an allocation per list would cost more memory than the lists themselves.
#[derive(Debug)]
struct Lists<T> {
    starts: Vec<usize>,
    items: Vec<T>,
}

impl<T> Lists<T> {
    fn new() -> Lists<T> {
        Lists {
            starts: vec![0],
            items: Vec::new(),
        }
    }

    fn push(&mut self, list: impl IntoIterator<Item = T>) {
        self.items.extend(list);
        self.starts.push(self.items.len());
    }

    fn get(&self, i: usize) -> &[T] {
        &self.items[self.starts[i]..self.starts[i + 1]]
    }

    fn len(&self) -> usize {
        self.starts.len() - 1
    }
}

/// Star clustering (Aslam et al. 2004): statements are linked when their cosine similarity is
/// at least `threshold`; the statement with the most links becomes a claim's centre and takes
/// its unclaimed neighbours, then the next, and so on. Unlike centroid clustering, every member
/// is close to the centre itself, which is what "the same proposition" needs; short
/// statements drift less. `items` (ascending) are the statements to cluster. Returns each
/// star's centre and its members (centre included, ascending).
fn star_clusters(
    vectors: &Lists<(u32, f32)>,
    items: &[usize],
    threshold: f32,
) -> (Vec<usize>, Lists<usize>) {
    debug_assert!(items.windows(2).all(|w| w[0] < w[1]));
    let n = vectors.len();
    let keys = vectors
        .items
        .iter()
        .map(|&(k, _)| k as usize + 1)
        .max()
        .unwrap_or(0);
    // Postings of the keys held by at most MAX_POSTING statements (the others are not
    // searched), as item indexes: one flat array, filled by counting sort.
    let mut count: Vec<u32> = vec![0; keys];
    for &i in items {
        for &(k, _) in vectors.get(i) {
            count[k as usize] += 1;
        }
    }
    let searched = |k: u32| count[k as usize] as usize <= MAX_POSTING;
    let mut starts: Vec<usize> = Vec::with_capacity(keys + 1);
    starts.push(0);
    for &c in &count {
        let c = if c as usize <= MAX_POSTING {
            c as usize
        } else {
            0
        };
        starts.push(starts.last().copied().unwrap_or(0) + c);
    }
    let mut postings: Vec<(u32, f32)> = vec![(0, 0.0); starts[keys]];
    let mut filled: Vec<usize> = starts[..keys].to_vec();
    for &i in items {
        for &(k, x) in vectors.get(i) {
            if searched(k) {
                postings[filled[k as usize]] = (i as u32, x);
                filled[k as usize] += 1;
            }
        }
    }
    drop(filled);
    let mut is_item = vec![false; n];
    for &i in items {
        is_item[i] = true;
    }
    let mut neighbours: Lists<(u32, f32)> = Lists::new();
    let mut dots: HashMap<u32, (f32, u32)> = HashMap::new();
    let mut close: Vec<(u32, f32)> = Vec::new();
    for (i, &item) in is_item.iter().enumerate() {
        if !item {
            neighbours.push([]);
            continue;
        }
        dots.clear();
        for &(k, x) in vectors.get(i) {
            if !searched(k) {
                continue;
            }
            let k = k as usize;
            for &(j, y) in &postings[starts[k]..starts[k + 1]] {
                if j as usize != i {
                    let e = dots.entry(j).or_insert((0.0, 0));
                    e.0 += x * y;
                    e.1 += 1;
                }
            }
        }
        close.clear();
        close.extend(
            dots.iter()
                .filter(|&(_, &(d, shared))| d >= threshold && shared >= MIN_SHARED_KEYS)
                .map(|(&j, &(d, _))| (j, d)),
        );
        close.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        neighbours.push(close.iter().copied());
    }
    drop(postings);
    let mut centres: Vec<usize> = items.to_vec();
    let weight = |i: &usize| -> (usize, f32) {
        let n = neighbours.get(*i);
        (n.len(), n.iter().map(|x| x.1).sum())
    };
    centres.sort_by(|a, b| {
        let (wa, wb) = (weight(a), weight(b));
        wb.0.cmp(&wa.0).then(wb.1.total_cmp(&wa.1)).then(a.cmp(b))
    });
    let mut taken: Vec<bool> = vec![false; n];
    let mut stars = Vec::new();
    let mut members: Lists<usize> = Lists::new();
    let mut star: Vec<usize> = Vec::new();
    for c in centres {
        if std::mem::replace(&mut taken[c], true) {
            continue;
        }
        star.clear();
        star.push(c);
        for &(j, _) in neighbours.get(c) {
            if !std::mem::replace(&mut taken[j as usize], true) {
                star.push(j as usize);
            }
        }
        star.sort_unstable();
        stars.push(c);
        members.push(star.iter().copied());
    }
    (stars, members)
}

/// What judging a statement needs once its words are gone.
#[derive(Debug, Clone, Copy)]
struct Facts {
    /// Who states it (a hash): its speaker's key, else its source as written, else its
    /// outlet's.
    source: u64,
    /// The sentence that holds its cue: what the stance model reads.
    sentence: Option<Span>,
    content_negated: bool,
    cue_denies: bool,
}

/// The pile's statements with their keys as term counts (sorted by key id), and how many
/// statements hold each key.
struct Collected {
    statements: Vec<Statement>,
    facts: Vec<Facts>,
    counts: Lists<(u32, f32)>,
    df: Vec<u32>,
}

/// Reads every document's statements and keeps what the claims step needs of each: its
/// place, its facts and its keys (hashed, then numbered in the order met).
fn collect_statements(
    source: &(impl StatementSource + ?Sized),
    lexicon: &Lexicon<'_>,
    outlets: &[Option<String>],
    group_of: &[usize],
) -> Collected {
    let mut out = Collected {
        statements: Vec::new(),
        facts: Vec::new(),
        counts: Lists::new(),
        df: Vec::new(),
    };
    let mut ids: HashMap<u64, u32> = HashMap::new();
    let all: Vec<usize> = (0..source.document_count()).collect();
    let mut list: Vec<u32> = Vec::new();
    source.read_statements(&all, &mut |chunk| {
        let per_doc: Vec<Vec<(Statement, Facts, Vec<u64>)>> = chunk
            .par_iter()
            .map_init(EntityMemo::new, |memo, &(d, doc)| {
                doc_statements(d, doc, lexicon, &outlet_key(outlets, group_of, d), memo)
            })
            .collect();
        for (statement, facts, keys) in per_doc.into_iter().flatten() {
            list.clear();
            list.extend(keys.iter().map(|k| {
                let next = ids.len() as u32;
                let id = *ids.entry(*k).or_insert(next);
                if id as usize == out.df.len() {
                    out.df.push(0);
                }
                id
            }));
            list.sort_unstable();
            let start = out.counts.items.len();
            for &id in &list {
                match out.counts.items[start..].last_mut() {
                    Some(last) if last.0 == id => last.1 += 1.0,
                    _ => out.counts.items.push((id, 1.0)),
                }
            }
            out.counts.starts.push(out.counts.items.len());
            for &(id, _) in &out.counts.items[start..] {
                out.df[id as usize] += 1;
            }
            out.statements.push(statement);
            out.facts.push(facts);
        }
    });
    out
}

/// One document's statements, their facts and hashed keys.
fn doc_statements(
    d: usize,
    doc: &DocStatements,
    lexicon: &Lexicon<'_>,
    outlet: &str,
    memo: &mut EntityMemo,
) -> Vec<(Statement, Facts, Vec<u64>)> {
    let mut out = Vec::new();
    for (i, a) in doc.attributions.iter().enumerate() {
        // "did not say whether …", "asked whether …": no proposition is stated.
        if a.cue_class == CueClass::Question || a.cue_negated {
            continue;
        }
        let source = {
            let key = match (doc.speaker(a), &a.source) {
                (Some(sp), _) => sp
                    .entity_id
                    .clone()
                    .unwrap_or_else(|| rashomon_actors::names::key(&sp.name)),
                (None, Some(written)) => rashomon_actors::names::key(written),
                (None, None) => outlet.to_string(),
            };
            xxhash_rust::xxh3::xxh3_64(key.as_bytes())
        };
        let facts = Facts {
            source,
            sentence: a.sentence,
            content_negated: negated(&a.content),
            cue_denies: a.cue_class == CueClass::Deny,
        };
        let statement = |span: Span, against: Option<Against>| Statement {
            doc: d,
            attribution: i,
            span,
            cue: a.cue,
            cue_class: a.cue_class,
            speaker: a.speaker,
            against,
        };
        let words = rashomon_stance::words::count(&a.content);
        if words >= MIN_WORDS {
            // Keys are kept as hashes: a large pile has millions of statements.
            let hashed = keys(a, lexicon, memo)
                .iter()
                .map(|k| xxhash_rust::xxh3::xxh3_64(k.as_bytes()))
                .collect();
            out.push((statement(a.span, None), facts, hashed));
        } else if a.cue_class == CueClass::Deny {
            let end = a.span.end.max(a.cue.end) as usize;
            let span = Span::new(a.cue.start.min(a.span.start) as usize, end);
            out.push((
                statement(span, Some(Against::RefersBack)),
                facts,
                Vec::new(),
            ));
        }
    }
    out
}

/// Turns term counts into L2-normalised TF-IDF vectors, in place. Keys in one statement only
/// cannot link two and are left out — unless the statement shares nothing, when it keeps
/// its own keys and is a claim of its own.
fn weigh(counts: &mut Lists<(u32, f32)>, df: &[u32]) {
    let n = counts.len().max(1) as f32;
    let mut written = 0;
    for i in 0..counts.len() {
        let (start, end) = (counts.starts[i], counts.starts[i + 1]);
        let shared = counts.items[start..end]
            .iter()
            .any(|&(id, _)| df[id as usize] >= 2);
        let first = written;
        for r in start..end {
            let (id, c) = counts.items[r];
            if !shared || df[id as usize] >= 2 {
                let w = (1.0 + c.ln()) * (1.0 + (n / df[id as usize] as f32).ln());
                counts.items[written] = (id, w);
                written += 1;
            }
        }
        let v = &mut counts.items[first..written];
        let norm = v.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt();
        for x in v.iter_mut() {
            x.1 = if norm > 0.0 { x.1 / norm } else { 0.0 };
        }
        counts.starts[i] = first;
    }
    let last = counts.len();
    counts.starts[last] = written;
    counts.items.truncate(written);
    counts.items.shrink_to_fit();
}

/// Finds the claims of documents held in memory: [`find_claims_in`] over their summaries.
pub fn find_claims(
    docs: &[AnnotatedDocument],
    group_of: &[usize],
    actors: &rashomon_actors::Table,
    stance: Option<&rashomon_stance::StanceModel>,
    threshold: f32,
) -> Claims {
    let statements: Vec<DocStatements> = docs.iter().map(DocStatements::of).collect();
    let outlets: Vec<Option<String>> = docs
        .iter()
        .map(|d| d.document.outlet.as_ref().map(|o| o.name.clone()))
        .collect();
    find_claims_in(
        statements.as_slice(),
        &outlets,
        group_of,
        actors,
        stance,
        threshold,
        docs,
    )
}

/// Finds the pile's claims from the statements part of each document's summary, read from
/// `source`. `outlets[i]` is document `i`'s outlet; `group_of[i]` the original of its
/// duplicate group (itself when it has none). The sentences around statements are read from
/// `sentences` when the stance model weighs them.
pub fn find_claims_in(
    source: &(impl StatementSource + ?Sized),
    outlets: &[Option<String>],
    group_of: &[usize],
    actors: &rashomon_actors::Table,
    stance: Option<&rashomon_stance::StanceModel>,
    threshold: f32,
    sentences: &(impl Sentences + ?Sized),
) -> Claims {
    let lexicon = Lexicon::of(source, actors);
    let Collected {
        mut statements,
        facts,
        counts: mut vectors,
        df,
    } = collect_statements(source, &lexicon, outlets, group_of);
    drop(lexicon);
    weigh(&mut vectors, &df);
    drop(df);
    let order: Vec<usize> = (0..statements.len())
        .filter(|&i| statements[i].against.is_none() && !vectors.get(i).is_empty())
        .collect();
    let (centres, clusters) = star_clusters(&vectors, &order, threshold);
    drop(order);
    const NONE: u32 = u32::MAX;
    let mut claim_of: Vec<u32> = vec![NONE; statements.len()];
    for c in 0..clusters.len() {
        for &m in clusters.get(c) {
            claim_of[m] = c as u32;
        }
    }
    // A denial that points back joins the claim of the statement before it in its article.
    let mut pointing_back: Vec<(u32, usize)> = Vec::new();
    for r in 0..statements.len() {
        if statements[r].against != Some(Against::RefersBack) {
            continue;
        }
        let (doc, at) = (statements[r].doc, statements[r].span.start);
        // A document's statements are contiguous: look back from the denial's own index.
        let before = (0..r)
            .rev()
            .take_while(|&s| statements[s].doc == doc)
            .chain((r + 1..statements.len()).take_while(|&s| statements[s].doc == doc))
            .filter(|&s| statements[s].span.start < at && claim_of[s] != NONE)
            .max_by_key(|&s| statements[s].span.start);
        if let Some(s) = before {
            pointing_back.push((claim_of[s], r));
        }
    }
    drop(claim_of);
    pointing_back.sort_unstable();
    let list_of = |c: usize| -> Vec<usize> {
        let from = pointing_back.partition_point(|&(k, _)| (k as usize) < c);
        let mut list: Vec<usize> = clusters.get(c).to_vec();
        list.extend(
            pointing_back[from..]
                .iter()
                .take_while(|&&(k, _)| k as usize == c)
                .map(|&(_, r)| r),
        );
        list.sort_unstable();
        list
    };
    let judge = Judge {
        facts: &facts,
        vectors: &vectors,
        outlets,
        group_of,
        stance,
        sentences,
    };
    let mut claims = Vec::new();
    let mut judged = 0;
    let mut c = 0;
    while c < clusters.len() {
        // A batch of claims, and the words of their statements read back.
        let mut batch: Vec<(Vec<usize>, usize)> = Vec::new();
        let mut wanted: Vec<usize> = Vec::new();
        while c < clusters.len() && wanted.len() < TEXT_BATCH {
            let list = list_of(c);
            let rep = judge.representative(&list, centres[c]);
            if list.len() >= 2 {
                wanted.extend(&list);
            }
            batch.push((list, rep));
            c += 1;
        }
        let texts = contents(source, &statements, wanted);
        let mut queue = batch;
        while let Some((list, rep)) = queue.pop() {
            judged += 1;
            let (claim, leave) = judge.claim(list, rep, &mut statements, &texts);
            queue.extend(leave.into_iter().map(|m| (vec![m], m)));
            // A statement no other statement takes up is what `rashomon quotes` lists; as a
            // claim it would only repeat it. Claims are what two statements share, or what
            // someone denies.
            if claim.statements.len() >= 2
                || matches!(claim.status, Status::Disputed | Status::Denied)
            {
                claims.push(claim);
            }
        }
    }
    let lone = judged - claims.len();
    // Only the statements of claims are kept (a large pile's other statements would hold
    // memory through the report for nothing); claims index the kept ones.
    let mut kept: Vec<usize> = claims
        .iter()
        .flat_map(|c| c.statements.iter().copied())
        .collect();
    kept.sort_unstable();
    kept.dedup();
    let new_index = |m: usize| kept.partition_point(|&k| k < m);
    for claim in &mut claims {
        for m in &mut claim.statements {
            *m = new_index(*m);
        }
        claim.representative = new_index(claim.representative);
    }
    let statements: Vec<Statement> = kept.iter().map(|&m| statements[m].clone()).collect();
    let documents = |c: &Claim| {
        let mut d: Vec<usize> = c.statements.iter().map(|&m| statements[m].doc).collect();
        d.sort_unstable();
        d.dedup();
        d.len()
    };
    claims.sort_by(|a, b| {
        let rank = |s: Status| match s {
            Status::Disputed => 0,
            Status::Denied => 1,
            Status::Corroborated => 2,
            Status::SingleSource => 3,
        };
        rank(a.status)
            .cmp(&rank(b.status))
            .then(documents(b).cmp(&documents(a)))
            .then(a.representative.cmp(&b.representative))
    });
    Claims {
        statements,
        claims,
        lone,
    }
}

/// The contents of some statements (indexes ascending), read back from their documents.
fn contents(
    source: &(impl StatementSource + ?Sized),
    statements: &[Statement],
    mut wanted: Vec<usize>,
) -> HashMap<usize, String> {
    wanted.sort_unstable();
    wanted.dedup();
    let mut docs: Vec<usize> = wanted.iter().map(|&m| statements[m].doc).collect();
    docs.dedup();
    let mut out = HashMap::with_capacity(wanted.len());
    let mut next = 0;
    source.read_statements(&docs, &mut |chunk| {
        for &(d, doc) in chunk {
            while next < wanted.len() && statements[wanted[next]].doc == d {
                let m = wanted[next];
                if let Some(a) = doc.attributions.get(statements[m].attribution) {
                    out.insert(m, a.content.clone());
                }
                next += 1;
            }
        }
    });
    out
}

/// What judges a claim's statements: the facts and vectors of every statement, and the
/// stance model with the sentences it reads.
struct Judge<'a, S: Sentences + ?Sized> {
    facts: &'a [Facts],
    vectors: &'a Lists<(u32, f32)>,
    outlets: &'a [Option<String>],
    group_of: &'a [usize],
    stance: Option<&'a rashomon_stance::StanceModel>,
    sentences: &'a S,
}

impl<S: Sentences + ?Sized> Judge<'_, S> {
    /// The claim is the positive proposition: an asserting, un-negated statement stands for
    /// it where there is one, the one closest to the centre.
    fn representative(&self, list: &[usize], centre: usize) -> usize {
        let v = |i: usize| self.vectors.get(i);
        list.iter()
            .copied()
            .filter(|&m| !self.facts[m].cue_denies && !self.facts[m].content_negated)
            .max_by(|&a, &b| {
                dot(v(a), v(centre))
                    .total_cmp(&dot(v(b), v(centre)))
                    .then(b.cmp(&a))
            })
            .unwrap_or(centre)
    }

    /// Places each statement of a claim on its side and gives the verdict. Members negated
    /// where the representative is not (or the reverse) but not close to it say something
    /// else: they are given back, to stand as claims of their own.
    fn claim(
        &self,
        list: Vec<usize>,
        rep: usize,
        statements: &mut [Statement],
        texts: &HashMap<usize, String>,
    ) -> (Claim, Vec<usize>) {
        let facts = self.facts;
        let dot_rep = |m: usize| dot(self.vectors.get(m), self.vectors.get(rep));
        let rep_negated = facts[rep].content_negated;
        let (list, leave): (Vec<usize>, Vec<usize>) = list.into_iter().partition(|&m| {
            m == rep
                || statements[m].against.is_some()
                || facts[m].content_negated == rep_negated
                || dot_rep(m) >= NEGATION_SIMILARITY
        });
        if list.len() >= 2 {
            let rep_text = texts.get(&rep).map(String::as_str).unwrap_or_default();
            // The representative analysed once for the stance model, against every member.
            let rep_claim = self.stance.map(|model| model.tables.claim(rep_text));
            for &m in &list {
                if m == rep || statements[m].against == Some(Against::RefersBack) {
                    continue;
                }
                let text = texts.get(&m).map(String::as_str).unwrap_or_default();
                let doc = statements[m].doc;
                statements[m].against = if facts[m].cue_denies {
                    Some(Against::Cue)
                } else if facts[m].content_negated != rep_negated
                    && (negates(text, rep_text) || negates(rep_text, text))
                {
                    Some(Against::Negation)
                } else if dot_rep(m) >= NEGATION_SIMILARITY
                    && self
                        .stance
                        .zip(rep_claim.as_ref())
                        .is_some_and(|(model, claim)| {
                            let sentence = match facts[m].sentence {
                                Some(span) => self.sentences.texts(&[(doc, span)]).remove(0),
                                None => text.to_string(),
                            };
                            let j = model.judge_analysed(claim, &model.tables.text(&sentence));
                            j.stance == Stance::Disagree
                                && j.probabilities[1] >= DISAGREE_PROBABILITY
                        })
                {
                    Some(Against::StanceModel)
                } else {
                    None
                };
            }
        }
        if facts[rep].cue_denies {
            statements[rep].against = Some(Against::Cue);
        }
        let (denying, asserting): (Vec<usize>, Vec<usize>) =
            list.iter().partition(|&&m| statements[m].against.is_some());
        let source = |m: usize| facts[m].source;
        let denying: Vec<u64> = denying.into_iter().map(source).collect();
        let asserting: Vec<u64> = asserting.into_iter().map(source).collect();
        let mut asserting_outlets: Vec<String> = list
            .iter()
            .filter(|&&m| statements[m].against.is_none())
            .map(|&m| outlet_key(self.outlets, self.group_of, statements[m].doc))
            .collect();
        asserting_outlets.sort();
        asserting_outlets.dedup();
        let status = Status::of_sides(&asserting, &denying, asserting_outlets.len());
        (
            Claim {
                statements: list,
                representative: rep,
                status,
            },
            leave,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rashomon_model::{Attribution, Document, Layers, Outlet, OutletSource};

    fn table() -> &'static rashomon_actors::Table {
        static TABLE: std::sync::OnceLock<rashomon_actors::Table> = std::sync::OnceLock::new();
        TABLE.get_or_init(rashomon_actors::Table::shipped)
    }

    /// A document whose attributions are given as (source, cue, content, class) substrings.
    fn doc(
        outlet: &str,
        text: &str,
        attributions: &[(&str, &str, &str, CueClass)],
    ) -> AnnotatedDocument {
        let mut document = Document::from_text(&format!("{outlet}.txt"), None, text.to_string());
        document.outlet = Some(Outlet {
            name: outlet.to_string(),
            source: OutletSource::Metadata,
        });
        let at = |s: &str| {
            let i = text.find(s).unwrap_or_else(|| panic!("{s:?} in {text:?}"));
            Span::new(i, i + s.len())
        };
        let layers = Layers {
            sentences: vec![Span::new(0, text.len())],
            attributions: attributions
                .iter()
                .map(|&(source, cue, content, cue_class)| Attribution {
                    source: Some(at(source)),
                    cue: at(cue),
                    content: if content.is_empty() {
                        vec![]
                    } else {
                        vec![at(content)]
                    },
                    cue_class,
                    speaker: None,
                    via: None,
                    direct: false,
                })
                .collect(),
            ..Layers::default()
        };
        AnnotatedDocument { document, layers }
    }

    #[test]
    fn a_denied_claim_is_disputed_and_a_repeated_one_corroborated() {
        use CueClass::*;
        let docs = vec![
            doc(
                "TASS",
                "The ministry said the Kurds agreed a corridor with Daesh out of Raqqa.",
                &[("The ministry", "said", "the Kurds agreed a corridor with Daesh out of Raqqa", Assert)],
            ),
            doc(
                "Kurdish Voice",
                "The SDF denied that the Kurds agreed a corridor with Daesh out of Raqqa.",
                &[("The SDF", "denied", "that the Kurds agreed a corridor with Daesh out of Raqqa", Deny)],
            ),
            doc(
                "Reuters",
                "The council said buses carried the fighters and their families out of the old city.",
                &[("The council", "said", "buses carried the fighters and their families out of the old city", Assert)],
            ),
            doc(
                "AFP",
                "Officials said buses carried fighters and their families from the old city.",
                &[("Officials", "said", "buses carried fighters and their families from the old city", Assert)],
            ),
        ];
        let group_of: Vec<usize> = (0..docs.len()).collect();
        let found = find_claims(&docs, &group_of, table(), None, DEFAULT_CLAIM_THRESHOLD);
        assert_eq!(found.claims.len(), 2, "{:?}", found.claims);
        let disputed = &found.claims[0];
        assert_eq!(disputed.status, Status::Disputed);
        let rep = &found.statements[disputed.representative];
        assert_eq!(rep.doc, 0, "the assertion stands for the claim");
        let against: Vec<_> = disputed
            .statements
            .iter()
            .map(|&m| (found.statements[m].doc, found.statements[m].against))
            .collect();
        assert_eq!(against, vec![(0, None), (1, Some(Against::Cue))]);
        assert_eq!(found.claims[1].status, Status::Corroborated);
    }

    #[test]
    fn the_issue_example_is_one_claim_across_names_and_wording() {
        use CueClass::*;
        let docs = vec![
            doc(
                "Wire A",
                "A ministry official said the Kurds and ISIS agreed a safe corridor out of Raqqa.",
                &[("A ministry official", "said", "the Kurds and ISIS agreed a safe corridor out of Raqqa", Assert)],
            ),
            doc(
                "Wire B",
                "Sources said SDF and IS leaders reached an agreement on opening a southern corridor.",
                &[("Sources", "said", "SDF and IS leaders reached an agreement on opening a southern corridor", Assert)],
            ),
            doc(
                "Wire C",
                "The central bank said interest rates would rise again next month.",
                &[("The central bank", "said", "interest rates would rise again next month", Assert)],
            ),
            doc(
                "Wire D",
                "Officials said rates would rise again, the central bank's third increase.",
                &[("Officials", "said", "rates would rise again, the central bank's third increase", Assert)],
            ),
        ];
        let group_of: Vec<usize> = (0..docs.len()).collect();
        let found = find_claims(&docs, &group_of, table(), None, DEFAULT_CLAIM_THRESHOLD);
        let docs_of = |c: &Claim| {
            let mut d: Vec<usize> = c
                .statements
                .iter()
                .map(|&m| found.statements[m].doc)
                .collect();
            d.sort_unstable();
            d
        };
        let groups: Vec<Vec<usize>> = found.claims.iter().map(docs_of).collect();
        assert!(groups.contains(&vec![0, 1]), "{groups:?}");
        assert!(groups.contains(&vec![2, 3]), "{groups:?}");
        assert!(found
            .claims
            .iter()
            .all(|c| c.status == Status::Corroborated));
    }

    #[test]
    fn uncertainty_is_not_a_denial() {
        let claim = "the meteorite disintegrated on impact";
        assert!(!negates(
            "it is still not clear if the meteorite disintegrated",
            claim
        ));
        assert!(!negates(
            "officials could not confirm that the meteorite disintegrated",
            claim
        ));
        assert!(negates(
            "the meteorite did not disintegrate on impact",
            claim
        ));
    }

    #[test]
    fn a_claim_only_denied_is_denied_not_disputed() {
        use CueClass::*;
        let docs = vec![doc(
            "AP",
            "The governor dismissed concerns that the dam would burst during the storm.",
            &[(
                "The governor",
                "dismissed",
                "concerns that the dam would burst during the storm",
                Deny,
            )],
        )];
        let found = find_claims(&docs, &[0], table(), None, DEFAULT_CLAIM_THRESHOLD);
        assert_eq!(found.claims.len(), 1, "{:?}", found.claims);
        assert_eq!(found.claims[0].status, Status::Denied);
    }

    #[test]
    fn sides_of_one_source_are_not_a_dispute() {
        assert_eq!(
            Status::of_sides(&["sdf"], &["sdf"], 1),
            Status::SingleSource
        );
        assert_eq!(
            Status::of_sides(&["sdf"], &["coalition"], 1),
            Status::Disputed
        );
        assert_eq!(Status::of_sides(&[], &["coalition"], 0), Status::Denied);
    }

    #[test]
    fn a_refutation_in_the_same_article_points_back() {
        use CueClass::*;
        let text = "The SDF announced that Raqqa had been liberated from the Islamic State. \
                    The next day the coalition refuted the announcement.";
        let docs = vec![doc(
            "AP",
            text,
            &[
                (
                    "The SDF",
                    "announced",
                    "that Raqqa had been liberated from the Islamic State",
                    Assert,
                ),
                ("the coalition", "refuted the announcement", "", Deny),
            ],
        )];
        let found = find_claims(&docs, &[0], table(), None, DEFAULT_CLAIM_THRESHOLD);
        assert_eq!(found.claims.len(), 1);
        assert_eq!(found.claims[0].status, Status::Disputed);
        assert_eq!(found.claims[0].statements.len(), 2);
        assert!(found
            .statements
            .iter()
            .any(|s| s.against == Some(Against::RefersBack)));
    }

    /// A source that records what it is asked to read.
    struct Recording<'a> {
        docs: &'a [DocStatements],
        asked: std::cell::RefCell<Vec<Vec<usize>>>,
    }

    impl StatementSource for Recording<'_> {
        fn document_count(&self) -> usize {
            self.docs.len()
        }

        fn read_statements(&self, docs: &[usize], each: &mut ReadChunk<'_>) {
            self.asked.borrow_mut().push(docs.to_vec());
            for chunk in docs.chunks(2) {
                let chunk: Vec<(usize, &DocStatements)> =
                    chunk.iter().map(|&d| (d, &self.docs[d])).collect();
                each(&chunk);
            }
        }
    }

    #[test]
    fn statements_are_read_in_chunks_and_only_shared_ones_are_read_back() {
        use CueClass::*;
        let docs = vec![
            doc(
                "TASS",
                "The ministry said the Kurds agreed a corridor with Daesh out of Raqqa.",
                &[(
                    "The ministry",
                    "said",
                    "the Kurds agreed a corridor with Daesh out of Raqqa",
                    Assert,
                )],
            ),
            doc(
                "BBC",
                "The mayor said the new bridge over the river opens to traffic next spring.",
                &[(
                    "The mayor",
                    "said",
                    "the new bridge over the river opens to traffic next spring",
                    Assert,
                )],
            ),
            doc(
                "Kurdish Voice",
                "The SDF denied that the Kurds agreed a corridor with Daesh out of Raqqa.",
                &[(
                    "The SDF",
                    "denied",
                    "that the Kurds agreed a corridor with Daesh out of Raqqa",
                    Deny,
                )],
            ),
        ];
        let group_of: Vec<usize> = (0..docs.len()).collect();
        let outlets: Vec<Option<String>> = docs
            .iter()
            .map(|d| d.document.outlet.as_ref().map(|o| o.name.clone()))
            .collect();
        let statements: Vec<DocStatements> = docs.iter().map(DocStatements::of).collect();
        let source = Recording {
            docs: &statements,
            asked: Default::default(),
        };
        let streamed = find_claims_in(
            &source,
            &outlets,
            &group_of,
            table(),
            None,
            DEFAULT_CLAIM_THRESHOLD,
            docs.as_slice(),
        );
        let in_memory = find_claims(&docs, &group_of, table(), None, DEFAULT_CLAIM_THRESHOLD);
        assert_eq!(streamed.claims, in_memory.claims);
        assert_eq!(streamed.statements, in_memory.statements);
        assert_eq!(streamed.claims.len(), 1);
        assert_eq!(streamed.claims[0].status, Status::Disputed);
        // Every document for the names, every document for the keys, then only the two
        // whose statements share the claim, for their words.
        let asked = source.asked.into_inner();
        assert_eq!(asked, vec![vec![0, 1, 2], vec![0, 1, 2], vec![0, 2]]);
    }

    #[test]
    fn weights_are_normalised_and_lone_keys_dropped_where_others_are_shared() {
        let mut counts: Lists<(u32, f32)> = Lists::new();
        counts.push([(0, 1.0), (1, 2.0), (2, 1.0)]);
        counts.push([(0, 1.0), (1, 1.0)]);
        counts.push([(3, 1.0)]);
        weigh(&mut counts, &[2, 2, 1, 1]);
        let keys = |i: usize| counts.get(i).iter().map(|x| x.0).collect::<Vec<u32>>();
        assert_eq!(keys(0), vec![0, 1], "key 2 is in one statement only");
        assert_eq!(keys(1), vec![0, 1]);
        assert_eq!(
            keys(2),
            vec![3],
            "a statement sharing nothing keeps its own"
        );
        for i in 0..3 {
            let norm: f32 = counts.get(i).iter().map(|x| x.1 * x.1).sum();
            assert!((norm - 1.0).abs() < 1e-5, "{i}: {norm}");
        }
        assert!(
            counts.get(0)[1].1 > counts.get(0)[0].1,
            "counted twice weighs more"
        );
    }

    #[test]
    fn a_name_run_does_not_cross_punctuation() {
        let text =
            "agreed with the Islamic State (IS, banned in Russia) and Syrian Democratic Forces";
        let names: Vec<&str> = names_in(text).into_iter().map(|(_, n)| n).collect();
        assert!(names.contains(&"Islamic State"), "{names:?}");
        assert!(names.contains(&"IS"), "{names:?}");
        assert!(names.contains(&"Syrian Democratic Forces"), "{names:?}");
        assert!(!names.iter().any(|n| n.contains('(')), "{names:?}");
    }

    #[test]
    fn negation_turns_a_statement_against_its_claim() {
        assert!(negated("No deal was made with ISIS"));
        assert!(negated("it didn't take part"));
        assert!(!negated("a deal was made with ISIS"));
    }
}
