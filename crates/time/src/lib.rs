//! Temporal expressions in news text: find them, type them (DATE, TIME, DURATION, SET) and
//! normalise them to TimeML TIMEX3 values against the document creation time (DCT); and infer
//! a publication date for documents that lack one.
//!
//! The tagger is rule-based: a scanner classifies every token once ([`lexicon`]), a grammar
//! proposes the longest expression at each token (`grammar`), and a resolver turns what the
//! expression means into a value (`resolve`), counting "the next day" from the last date
//! mentioned and underspecified dates ("on Thursday", "May 25") from the DCT in the direction
//! the sentence's tense points (the past, unless the wording looks forward).
//!
//! Written for this project rather than wrapping `duckling` because news needs past-biased
//! resolution, anaphoric anchoring and TimeML values, and because it must run at tens of MB/s
//! per core; see `docs/RESULTS.md` for the comparison.

mod calendar;
mod grammar;
pub mod infer;
mod lexicon;
mod resolve;
mod scan;

use chrono::NaiveDate;
use rashomon_model::Timex;

/// Finds and normalises every temporal expression of `text`. `dct` is the document creation
/// (publication) date; without it, values that depend on it keep their unknown parts as `X`
/// ("XXXX-05-25", "XXXX-WXX-4").
pub fn tag(text: &str, dct: Option<NaiveDate>) -> Vec<Timex> {
    let toks = scan::scan(text);
    let grammar = grammar::Grammar { toks: &toks, text };
    let mut resolver = resolve::Resolver::new(dct, text, &toks);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match grammar.at(i) {
            Some(found) => {
                if let Some(timex) = resolver.resolve(&found) {
                    out.push(timex);
                }
                i = found.end;
            }
            None => i += 1,
        }
    }
    out
}

/// The timexes of an annotated document, against its publication date; expressions inside
/// scraping junk ("© 2017", "Updated 5 minutes ago") are left out.
pub fn tag_document(
    document: &rashomon_model::Document,
    layers: &rashomon_model::Layers,
) -> Vec<Timex> {
    let dct = document.published.value.map(|v| v.date());
    let mut timexes = tag(&document.text, dct);
    if !layers.junk.is_empty() {
        // Both are sorted and neither overlaps itself: one sweep, not timexes × junk lines.
        let junk = &layers.junk;
        let mut k = 0;
        timexes.retain(|t| {
            while k < junk.len() && junk[k].span.end <= t.span.start {
                k += 1;
            }
            !junk[k..]
                .iter()
                .take_while(|j| j.span.start < t.span.end)
                .any(|j| j.span.start < t.span.end && t.span.start < j.span.end)
        });
    }
    timexes
}

#[cfg(test)]
mod tests;
