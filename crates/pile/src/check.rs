//! Checking one claim against a pile: which sources assert it, which deny it, which only
//! report it — with their sentences and speakers, ranked. The fact-checker's daily question
//! (`rashomon check "CLAIM" PATH…`).
//!
//! Two readings of every article, kept apart because they answer different questions:
//! - **the article's own stance** to the claim, by the stance model on its whole text (FNC-1's
//!   task: agree = states it as fact, disagree = refutes it, discuss = reports it without
//!   taking a side, unrelated = about something else);
//! - **the quoted parties**: each attribution whose content states the claim (most of the
//!   claim's content words) is a side — denying when its cue denies ("rejected", "refuted") or
//!   its content negates the claim, asserting otherwise — named by its speaker.
//!
//! The evidence shown for an article is its sentences closest to the claim (share of the
//! claim's content words they hold). Cost: one stance judgement per article plus a pass over
//! its sentences and attributions — linear in the pile.

use rashomon_linking::claims::{names_in, negated};
use rashomon_model::{AnnotatedDocument, CueClass, Span, Stance};
use serde::Serialize;

use crate::{Pile, PileError, Resources};

/// Share of the claim's content words an attribution's content must hold to state the claim.
const STATES_CLAIM: f32 = 0.5;
/// Share of the claim's content words a sentence must hold to be shown as evidence.
const EVIDENCE: f32 = 0.34;
/// Sentences shown per source.
const EVIDENCE_SENTENCES: usize = 3;

/// What a source does with the claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Asserts,
    Denies,
    Reports,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Asserts => "asserts",
            Verdict::Denies => "denies",
            Verdict::Reports => "reports",
        }
    }
}

/// A quoted party's side, or a sentence shown as evidence.
#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    pub start: u32,
    pub end: u32,
    pub text: String,
    /// Share of the claim's content words the sentence holds.
    pub overlap: f32,
    /// For a quoted party: who, and what they do with the claim.
    pub speaker: Option<String>,
    pub side: Option<Verdict>,
}

/// One article's answer.
#[derive(Debug, Clone, Serialize)]
pub struct SourceCheck {
    pub doc_id: String,
    pub path: String,
    pub outlet: Option<String>,
    pub published: Option<chrono::NaiveDate>,
    /// The article's own stance (the stance model on its text).
    pub verdict: Verdict,
    /// The model's probability of that stance.
    pub probability: f32,
    /// How close the article comes to the claim: the best sentence's overlap.
    pub relevance: f32,
    /// Quoted parties who state or deny the claim.
    pub parties: Vec<Evidence>,
    /// The sentences closest to the claim.
    pub sentences: Vec<Evidence>,
}

/// The answer for a claim: the sources that take it up, ranked (deniers and asserters of the
/// closest sentences first), and how many articles were read.
#[derive(Debug, Clone, Serialize)]
pub struct CheckOut {
    pub claim: String,
    pub articles: usize,
    pub asserts: usize,
    pub denies: usize,
    pub reports: usize,
    pub sources: Vec<SourceCheck>,
}

/// Content words of a text as stems (the stance model's words).
fn stems(text: &str) -> std::collections::HashSet<String> {
    rashomon_stance::words::words(text)
        .into_iter()
        .map(|w| w.stem)
        .collect()
}

fn overlap(claim: &std::collections::HashSet<String>, text: &str) -> f32 {
    if claim.is_empty() {
        return 0.0;
    }
    let mut have = stems(text);
    // An acronym in the claim ("SDF") is present where the text spells the name out
    // ("Syrian Democratic Forces"): the acronyms of its names count.
    have.extend(initials(text));
    claim.iter().filter(|s| have.contains(*s)).count() as f32 / claim.len() as f32
}

/// The acronyms the names in a text may be written as ("Syrian Democratic Forces" → "sdf",
/// and the translated orders machine translation gives, "sds"), lower-cased.
fn initials(text: &str) -> Vec<String> {
    names_in(text)
        .into_iter()
        .filter(|(_, name)| name.contains(' '))
        .flat_map(|(_, name)| rashomon_actors::names::acronyms(&rashomon_actors::names::key(name)))
        .map(|a| a.to_lowercase())
        .collect()
}

/// Checks `claim` against one document.
pub fn check_document(
    doc: &AnnotatedDocument,
    claim: &str,
    resources: &Resources,
) -> Option<SourceCheck> {
    let claim_stems = stems(claim);
    let claim_negated = negated(claim);
    let text = &doc.document.text;
    let judgement = resources.stance().judge(claim, text);
    let mut sentences: Vec<Evidence> = doc
        .layers
        .sentences
        .iter()
        .map(|&s| (s, overlap(&claim_stems, &text[s.range()])))
        .filter(|&(_, o)| o >= EVIDENCE)
        .map(|(s, o)| evidence(text, s, o))
        .collect();
    sentences.sort_by(|a, b| b.overlap.total_cmp(&a.overlap).then(a.start.cmp(&b.start)));
    sentences.truncate(EVIDENCE_SENTENCES);
    let parties: Vec<Evidence> = doc
        .layers
        .attributions
        .iter()
        .filter(|a| a.cue_class != CueClass::Question && !a.content.is_empty())
        .filter_map(|a| {
            let content: Vec<&str> = a.content.iter().map(|c| &text[c.range()]).collect();
            let content = content.join(" ");
            // A speaker with the only attribution of its sentence says the whole sentence
            // (the content may stop short at a parenthesis or a clause).
            let sentence = doc
                .layers
                .sentences
                .iter()
                .find(|s| s.contains(a.cue))
                .filter(|s| {
                    doc.layers
                        .attributions
                        .iter()
                        .filter(|b| s.contains(b.cue))
                        .count()
                        == 1
                });
            let o = overlap(&claim_stems, &content)
                .max(sentence.map_or(0.0, |s| overlap(&claim_stems, &text[s.range()])));
            if o < STATES_CLAIM {
                return None;
            }
            let cue_negated = negated(&text[a.cue.range()]);
            let denies =
                a.cue_class == CueClass::Deny || cue_negated || negated(&content) != claim_negated;
            let start = a
                .content
                .iter()
                .map(|c| c.start)
                .min()
                .unwrap_or(a.cue.start);
            let end = a.content.iter().map(|c| c.end).max().unwrap_or(a.cue.end);
            let span = Span::new(a.cue.start.min(start) as usize, a.cue.end.max(end) as usize);
            let mut e = evidence(text, span, o);
            e.speaker = a
                .speaker
                .as_ref()
                .map(|s| s.name.clone())
                .or_else(|| a.source.map(|s| text[s.range()].to_string()));
            e.side = Some(if denies {
                Verdict::Denies
            } else {
                Verdict::Asserts
            });
            Some(e)
        })
        .collect();
    let relevance = sentences.first().map_or(0.0, |s| s.overlap);
    let verdict = match judgement.stance {
        Stance::Agree => Verdict::Asserts,
        Stance::Disagree => Verdict::Denies,
        Stance::Discuss => Verdict::Reports,
        // The model reads the text as about something else: it still counts when the article
        // holds sentences or quotes that state the claim.
        Stance::Unrelated if parties.is_empty() && relevance < STATES_CLAIM => return None,
        Stance::Unrelated => Verdict::Reports,
    };
    let probability = judgement.probabilities[Stance::ALL
        .iter()
        .position(|&s| s == judgement.stance)
        .unwrap_or(3)];
    Some(SourceCheck {
        doc_id: doc.document.id.0.clone(),
        path: doc.document.path.clone(),
        outlet: doc.document.outlet.as_ref().map(|o| o.name.clone()),
        published: doc.document.published.value.map(|v| v.date()),
        verdict,
        probability,
        relevance,
        parties,
        sentences,
    })
}

fn evidence(text: &str, span: Span, overlap: f32) -> Evidence {
    Evidence {
        start: span.start,
        end: span.end,
        text: text[span.range()]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
        overlap,
        speaker: None,
        side: None,
    }
}

/// Checks `claim` against every document of the pile (speakers merged across the pile first).
pub fn check(pile: &mut Pile, resources: &Resources, claim: &str) -> Result<CheckOut, PileError> {
    let mut all = check_all(pile, resources, &[claim.to_string()], |_, _| {})?;
    Ok(all.remove(0))
}

/// Checks every claim of `claims` against every document of the pile, in one reading of the
/// pile (each document is read once and checked against every claim); `progress` is told
/// how many documents are done, of how many. The answers come in the order of `claims`.
pub fn check_all(
    pile: &mut Pile,
    resources: &Resources,
    claims: &[String],
    mut progress: impl FnMut(usize, usize),
) -> Result<Vec<CheckOut>, PileError> {
    pile.merge_speakers(resources)?;
    let mut sources: Vec<Vec<SourceCheck>> = vec![Vec::new(); claims.len()];
    let total = pile.len();
    let mut done = 0;
    pile.for_each_document(resources, |_, doc| {
        let found: Vec<Option<SourceCheck>> = {
            use rayon::prelude::*;
            claims
                .par_iter()
                .map(|claim| check_document(&doc, claim, resources))
                .collect()
        };
        for (list, s) in sources.iter_mut().zip(found) {
            list.extend(s);
        }
        done += 1;
        progress(done, total);
    })?;
    Ok(claims
        .iter()
        .zip(sources)
        .map(|(claim, sources)| answer(claim, pile.len(), sources))
        .collect())
}

/// The answer for a claim from the sources that take it up.
fn answer(claim: &str, articles: usize, mut sources: Vec<SourceCheck>) -> CheckOut {
    // Sources that take a side (their own, or a quoted party's) first, then by closeness.
    let takes_side = |s: &SourceCheck| s.verdict != Verdict::Reports || !s.parties.is_empty();
    sources.sort_by(|a, b| {
        takes_side(b)
            .cmp(&takes_side(a))
            .then(b.relevance.total_cmp(&a.relevance))
            .then(b.probability.total_cmp(&a.probability))
            .then(a.doc_id.cmp(&b.doc_id))
    });
    let count = |v: Verdict| sources.iter().filter(|s| s.verdict == v).count();
    CheckOut {
        claim: claim.to_string(),
        articles,
        asserts: count(Verdict::Asserts),
        denies: count(Verdict::Denies),
        reports: count(Verdict::Reports),
        sources,
    }
}
