//! A timeline per story: a mixed pile is split into the stories it tells, and each story big
//! enough gets its own timeline; a pile of one story gets one timeline over everything.

use std::borrow::Borrow;

use rashomon_linking::stories::{group_vectors, StoryTerms, StoryVectors, TOPICS};
use rashomon_model::Span;

use crate::{build_from, regroup, DocDates, Mode, Options, Sentences, TermCounts, Timeline};

/// A story is worth its own timeline when it holds at least this many articles and this share
/// of the pile.
const STORY_MIN_ARTICLES: usize = 3;
const STORY_MIN_SHARE: f64 = 0.1;

/// One story of a pile with its own timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct PileStory {
    /// The words that weigh most in it.
    pub label: Vec<String>,
    /// Its documents (indexes into the pile), ascending.
    pub members: Vec<usize>,
}

/// What [`build_per_story`] made: the entries (story by story, in date order within each; an
/// entry's `story` is an index into `stories`), the stories (empty when the pile was read as
/// one), and a sentence saying what was done.
#[derive(Debug, Clone)]
pub struct PerStory {
    pub timeline: Timeline,
    pub stories: Vec<PileStory>,
    pub note: String,
}

/// The sentences of some of a pile's documents (a story, the articles of a date range):
/// index `i` of the subset is document `members[i]` of `all`.
pub struct Subset<'a, S: ?Sized> {
    pub members: &'a [usize],
    pub all: &'a S,
}

impl<S: Sentences + ?Sized> Sentences for Subset<'_, S> {
    fn texts(&self, wanted: &[(usize, Span)]) -> Vec<String> {
        let mapped: Vec<(usize, Span)> = wanted
            .iter()
            .map(|&(d, span)| (self.members[d], span))
            .collect();
        self.all.texts(&mapped)
    }
}

/// Splits a pile into stories and builds a timeline for each story big enough to have one.
/// `dates` and `terms` are the timeline's and story grouping's parts of each document's
/// summary; `group_of` as for [`crate::build_from`].
pub fn build_per_story<D: Borrow<DocDates>, T: Borrow<StoryTerms>>(
    dates: &[D],
    terms: &[T],
    group_of: &[usize],
    options: &Options,
    sentences: &(impl Sentences + ?Sized),
    terms_counted: &TermCounts,
) -> PerStory {
    let docs = dates;
    let articles = group_of
        .iter()
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let events = Mode::choose(options.mode, articles).0 == Mode::Events;
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by_key(|&i| (docs[i].borrow().published, i));
    let stories = group_vectors(&StoryVectors::from_terms(terms), &order, TOPICS);
    let min = STORY_MIN_ARTICLES.max((STORY_MIN_SHARE * docs.len() as f64).ceil() as usize);
    let mut big: Vec<_> = stories.iter().filter(|s| s.members.len() >= min).collect();
    big.sort_by_key(|s| std::cmp::Reverse(s.members.len()));
    if events && big.len() >= 2 {
        return events_by_story(docs, group_of, options, sentences, terms_counted, &big, min);
    }
    if big.len() < 2 {
        return PerStory {
            timeline: build_from(docs, group_of, options, sentences, terms_counted),
            stories: Vec::new(),
            note: format!(
                "The articles were read as one story ({} articles).",
                docs.len()
            ),
        };
    }
    // The pile is large: each story's timeline is a large pile's, however small the story.
    let story_options = Options {
        mode: Some(Mode::TopDates),
        ..options.clone()
    };
    let options = &story_options;
    let mut entries = Vec::new();
    let mut candidate_dates = 0;
    let mut out_stories = Vec::new();
    let mut covered = 0;
    for (sid, story) in big.iter().enumerate() {
        let mut members = story.members.clone();
        members.sort_unstable();
        covered += members.len();
        let subset: Vec<&DocDates> = members.iter().map(|&i| docs[i].borrow()).collect();
        let within = Subset {
            members: &members,
            all: sentences,
        };
        let built = build_from(
            &subset,
            &regroup(&members, group_of),
            options,
            &within,
            terms_counted,
        );
        candidate_dates += built.candidate_dates;
        for mut e in built.entries {
            e.story = Some(sid);
            for s in &mut e.summary {
                s.doc = members[s.doc];
            }
            for d in &mut e.documents {
                *d = members[*d];
            }
            entries.push(e);
        }
        out_stories.push(PileStory {
            label: story.label.clone(),
            members,
        });
    }
    let note = format!(
        "The articles tell {} stories; each has its own timeline. {} of {} articles belong to a story of at least {} articles; the others are in no timeline (they are listed in documents[]).",
        big.len(),
        covered,
        docs.len(),
        min
    );
    PerStory {
        timeline: Timeline {
            entries,
            candidate_dates,
            mode: Mode::TopDates,
            why: Mode::choose(None, articles).1,
        },
        stories: out_stories,
        note,
    }
}

/// A small mixed pile: every event of the whole pile (none is left out for belonging to no
/// story), each labelled with the story most of its articles belong to.
fn events_by_story<D: Borrow<DocDates>>(
    docs: &[D],
    group_of: &[usize],
    options: &Options,
    sentences: &(impl Sentences + ?Sized),
    terms_counted: &TermCounts,
    big: &[&rashomon_linking::stories::Story],
    min: usize,
) -> PerStory {
    let mut timeline = build_from(docs, group_of, options, sentences, terms_counted);
    let mut story_of: Vec<Option<usize>> = vec![None; docs.len()];
    let mut out_stories = Vec::new();
    for (sid, story) in big.iter().enumerate() {
        let mut members = story.members.clone();
        members.sort_unstable();
        for &m in &members {
            story_of[m] = Some(sid);
        }
        out_stories.push(PileStory {
            label: story.label.clone(),
            members,
        });
    }
    for e in &mut timeline.entries {
        let mut votes = vec![0usize; big.len()];
        for s in &e.summary {
            if let Some(sid) = story_of[s.doc] {
                votes[sid] += 1;
            }
        }
        e.story = votes
            .iter()
            .enumerate()
            .filter(|(_, &v)| v > 0)
            .max_by_key(|&(sid, &v)| (v, std::cmp::Reverse(sid)))
            .map(|(sid, _)| sid);
    }
    // Story by story (events of no story last), by date within each.
    timeline
        .entries
        .sort_by_key(|e| (e.story.is_none(), e.story, e.date));
    let covered: usize = out_stories.iter().map(|s| s.members.len()).sum();
    let note = format!(
        "The articles tell {} stories; every day-dated event is an entry, shown under the story most of its sentences come from. {} of {} articles belong to a story of at least {} articles; the events of the others are listed last.",
        big.len(),
        covered,
        docs.len(),
        min
    );
    PerStory {
        timeline,
        stories: out_stories,
        note,
    }
}
