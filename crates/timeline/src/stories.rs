//! A timeline per story: a mixed pile is split into the stories it tells, and each story big
//! enough gets its own timeline; a pile of one story gets one timeline over everything.

use std::borrow::Borrow;

use rashomon_linking::stories::{group_vectors, StoryTerms, StoryVectors, TOPICS};
use rashomon_model::Span;

use crate::{build_from, regroup, DocDates, Options, Sentences, TermCounts, Timeline};

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
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by_key(|&i| (docs[i].borrow().published, i));
    let stories = group_vectors(&StoryVectors::from_terms(terms), &order, TOPICS);
    let min = STORY_MIN_ARTICLES.max((STORY_MIN_SHARE * docs.len() as f64).ceil() as usize);
    let mut big: Vec<_> = stories.iter().filter(|s| s.members.len() >= min).collect();
    big.sort_by_key(|s| std::cmp::Reverse(s.members.len()));
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
        },
        stories: out_stories,
        note,
    }
}
