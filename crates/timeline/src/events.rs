//! The timeline of a small pile: every day-dated event its articles report, once each.
//!
//! An analyst's pile of 5–50 articles is read whole: the analyst wants every event, the
//! single-source ones most of all (those are the ones to check). So instead of choosing the
//! most reported dates (what [`crate::build_from`] does for large piles), every sentence that
//! names a day becomes a candidate for that day, the candidates of one day are grouped by what
//! they say (two different events on one day stay two entries; one event told by three outlets
//! becomes one entry citing all three), and each group is an entry.
//!
//! Candidates: sentences of ordinary length that name a day (their own time expression, as the
//! dates stage resolved it); the lead sentences of an article whose publication day is
//! known and which name no day themselves — a news article's lead tells the day's news. A
//! sentence that names no day right after one that names a single day as its own follows it
//! into that event's entry — a report goes on about the day it has just named ("Militants
//! attacked Kara on 3 May. Twelve people died.") — unless either is background; a follower
//! makes no entry of its own.
//!
//! Grouping: average-linkage agglomerative clustering of one day's candidates by the cosine of
//! their TF-IDF vectors (the pile's sentence frequencies as IDF). A day has tens of candidates
//! in a small pile, so the quadratic clustering costs nothing; the mode is chosen only for
//! piles below [`crate::SMALL_PILE`] articles, which bounds it.

use std::borrow::Borrow;
use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rashomon_model::Span;

use crate::text::{cosine, SparseVector, Vocabulary};
use crate::{
    entry, keep_hashed_sample, read_units, summarise, DocDates, Entry, Options, Sentences,
    TermCounts, Unit, DEFAULT_SENTENCES_PER_DATE, MIN_WORDS,
};

/// Longer sentences are left out: in scraped text they are headline, byline and lead run
/// together. Looser than the large-pile limit: here every event counts, and a long sentence may
/// be the only one that tells it.
const MAX_WORDS: u16 = 60;
/// Lead sentences of an article (after its title line) that are dated by its publication day
/// when they name no day themselves.
const LEAD_SENTENCES: usize = 1;
/// Two groups of one day's sentences are one event when their sentences are, on average, at
/// least this similar (TF-IDF cosine).
pub const SAME_EVENT: f64 = 0.2;

/// Candidates of one day that are grouped into events, at most (see [`cluster`]'s cost).
const MAX_DAY_CANDIDATES: usize = 300;

/// One candidate sentence of a day.
struct Candidate {
    day: NaiveDate,
    doc: usize,
    span: Span,
    /// The sentence before, whose day this one follows (it joins that one's event).
    follows: Option<Span>,
}

/// Builds the timeline of a small pile in events mode (see the module doc).
pub(crate) fn build_events<D: Borrow<DocDates>>(
    docs: &[D],
    group_of: &[usize],
    options: &Options,
    sentences: &(impl Sentences + ?Sized),
    terms: &TermCounts,
) -> Vec<Entry> {
    let in_window =
        |d: NaiveDate| options.from.is_none_or(|f| d >= f) && options.to.is_none_or(|t| d <= t);
    let keywords: Vec<String> = options.keywords.iter().map(|k| k.to_lowercase()).collect();
    let published: Vec<Option<NaiveDate>> = docs.iter().map(|d| d.borrow().published).collect();

    let mut candidates: Vec<Candidate> = Vec::new();
    for (di, d) in docs.iter().enumerate() {
        let d = d.borrow();
        let mut lead_left = LEAD_SENTENCES;
        for (ui, u) in d.units.iter().enumerate() {
            let mentions = d.mentions_of(u);
            let usable = u.words >= MIN_WORDS as u16 && u.words <= MAX_WORDS && !u.dangling;
            // The lead is the first sentences after the title line.
            let is_sentence = !(d.title && ui == 0);
            let is_lead = is_sentence && lead_left > 0;
            if is_lead {
                lead_left -= 1;
            }
            if !usable {
                continue;
            }
            if mentions.is_empty() {
                if let Some(day) = published[di].filter(|&p| is_lead && in_window(p)) {
                    candidates.push(Candidate {
                        day,
                        doc: di,
                        span: u.span,
                        follows: None,
                    });
                } else if let Some((day, leader)) = ui
                    // The day of the sentence before, when it names one as its own.
                    .checked_sub(1)
                    .map(|p| &d.units[p])
                    .filter(|p| !p.background && d.mentions_of(p).len() == 1)
                    .and_then(|p| Some((p.event_day?, p.span)))
                    .filter(|&(day, _)| in_window(day) && !u.background)
                {
                    candidates.push(Candidate {
                        day,
                        doc: di,
                        span: u.span,
                        follows: Some(leader),
                    });
                }
                continue;
            }
            let mut days: Vec<NaiveDate> =
                mentions.iter().copied().filter(|&m| in_window(m)).collect();
            days.sort_unstable();
            days.dedup();
            for day in days {
                candidates.push(Candidate {
                    day,
                    doc: di,
                    span: u.span,
                    follows: None,
                });
            }
        }
    }

    // The candidates' words, read once.
    let wanted: Vec<(usize, Span)> = {
        let mut w: Vec<(usize, Span)> = candidates.iter().map(|c| (c.doc, c.span)).collect();
        w.sort_unstable_by_key(|&(d, s)| (d, s.start, s.end));
        w.dedup();
        w
    };
    let (units, unit_of) = read_units(&wanted, sentences, &keywords, &Vocabulary::new(terms));

    let mut by_day: BTreeMap<NaiveDate, Vec<usize>> = BTreeMap::new();
    // (follower, leader) units of each day.
    let mut followers: BTreeMap<NaiveDate, Vec<(usize, usize)>> = BTreeMap::new();
    for c in &candidates {
        let Some(&u) = unit_of.get(&(c.doc, c.span)) else {
            continue;
        };
        match c.follows.and_then(|l| unit_of.get(&(c.doc, l))) {
            Some(&leader) => followers.entry(c.day).or_default().push((u, leader)),
            None => by_day.entry(c.day).or_default().push(u),
        }
    }
    let k = options
        .sentences_per_date
        .unwrap_or(DEFAULT_SENTENCES_PER_DATE)
        .max(1);
    let mut entries = Vec::new();
    for (day, mut members) in by_day {
        members.sort_unstable();
        members.dedup();
        // A day no analyst's pile reaches (a scraped file of one date, 50,000 times): a fixed
        // hashed sample keeps the clustering's cubic cost bounded.
        keep_hashed_sample(&mut members, MAX_DAY_CANDIDATES, |&u| {
            (units[u].doc, units[u].span)
        });
        members.sort_unstable();
        let mut groups = cluster(&units, &members, SAME_EVENT);
        // A follower joins its leader's event, and makes none of its own.
        for &(follower, leader) in followers.get(&day).into_iter().flatten() {
            if let Some(g) = groups.iter_mut().find(|g| g.contains(&leader)) {
                if !g.contains(&follower) {
                    g.push(follower);
                }
            }
        }
        for group in groups {
            let summary = summarise(&units, &group, k);
            let documents = group.iter().map(|&u| group_of[units[u].doc]);
            let mut made = entry(day, 0.0, &summary, &units, documents, &published);
            made.score = made.documents.len() as f64;
            entries.push(made);
        }
    }
    // `--dates N` still rules: the N days whose events the most articles report.
    if let Some(l) = options.dates {
        let mut weight: BTreeMap<NaiveDate, f64> = BTreeMap::new();
        for e in &entries {
            *weight.entry(e.date).or_default() += e.score;
        }
        let mut days: Vec<(NaiveDate, f64)> = weight.into_iter().collect();
        days.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let kept: BTreeSet<NaiveDate> = days.iter().take(l).map(|d| d.0).collect();
        entries.retain(|e| kept.contains(&e.date));
    }
    // By day; within a day, the most reported event first.
    entries.sort_by(|a, b| {
        a.date.cmp(&b.date).then(b.score.total_cmp(&a.score)).then(
            a.summary
                .first()
                .map(|s| (s.doc, s.span.start))
                .cmp(&b.summary.first().map(|s| (s.doc, s.span.start))),
        )
    });
    entries
}

/// Average-linkage agglomerative clustering of `members` (unit indexes) at `threshold`: groups
/// merge while the mean cosine between their sentences is at least `threshold`. Cubic in the
/// members at worst; a day of a small pile has tens of them, and never more than
/// [`MAX_DAY_CANDIDATES`].
fn cluster(units: &[Unit], members: &[usize], threshold: f64) -> Vec<Vec<usize>> {
    let n = members.len();
    let vectors: Vec<&SparseVector> = members.iter().map(|&m| &units[m].vector).collect();
    let mut sim = vec![0.0f64; n * n];
    for i in 0..n {
        for j in i + 1..n {
            let s = cosine(vectors[i], vectors[j]);
            sim[i * n + j] = s;
            sim[j * n + i] = s;
        }
    }
    let mut groups: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
    loop {
        let mut best: Option<(usize, usize, f64)> = None;
        for a in 0..groups.len() {
            for b in a + 1..groups.len() {
                let total: f64 = groups[a]
                    .iter()
                    .flat_map(|&i| groups[b].iter().map(move |&j| (i, j)))
                    .map(|(i, j)| sim[i * n + j])
                    .sum();
                let mean = total / (groups[a].len() * groups[b].len()) as f64;
                if mean >= threshold && best.is_none_or(|x| mean > x.2) {
                    best = Some((a, b, mean));
                }
            }
        }
        let Some((a, b, _)) = best else { break };
        let merged = groups.swap_remove(b);
        groups[a].extend(merged);
    }
    groups
        .into_iter()
        .map(|g| {
            let mut g: Vec<usize> = g.into_iter().map(|i| members[i]).collect();
            g.sort_unstable();
            g
        })
        .collect()
}
