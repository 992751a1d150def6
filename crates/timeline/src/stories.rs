//! A timeline per story: a mixed pile is split into the stories it tells, and each story big
//! enough gets its own timeline; a pile of one story gets one timeline over everything.

use rashomon_linking::stories::{group_stories, TOPICS};
use rashomon_model::AnnotatedDocument;

use crate::{build, regroup, Options, Timeline};

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

/// Splits a pile into stories and builds a timeline for each story big enough to have one.
/// `group_of` as for [`build`].
pub fn build_per_story(
    docs: &[AnnotatedDocument],
    group_of: &[usize],
    options: &Options,
) -> PerStory {
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by_key(|&i| (docs[i].document.published.value.map(|v| v.date()), i));
    let stories = group_stories(docs, &order, TOPICS);
    let min = STORY_MIN_ARTICLES.max((STORY_MIN_SHARE * docs.len() as f64).ceil() as usize);
    let mut big: Vec<_> = stories.iter().filter(|s| s.members.len() >= min).collect();
    big.sort_by_key(|s| std::cmp::Reverse(s.members.len()));
    if big.len() < 2 {
        return PerStory {
            timeline: build(docs, group_of, options),
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
        let subset: Vec<&AnnotatedDocument> = members.iter().map(|&i| &docs[i]).collect();
        let built = build(&subset, &regroup(&members, group_of), options);
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
