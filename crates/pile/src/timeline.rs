//! A pile's timeline: every cross-document step in order, on the summaries, and the view
//! model the outputs are written from. `rashomon timeline` and `rashomon-lab eval piles` both
//! run this.

use rashomon_linking::claims::DocStatements;
use rashomon_linking::stories::StoryTerms;
use rashomon_model::{DateSource, DocMeta};
use rashomon_report::{Found, TimelineOut};
use rashomon_timeline::DocDates;

use crate::{Account, Pile, PileError, Resources};

/// What to build.
#[derive(Debug, Clone)]
pub struct TimelineOptions {
    pub timeline: rashomon_timeline::Options,
    /// Estimated Jaccard similarity from which two articles are one article reprinted.
    pub duplicate_threshold: f32,
}

/// A timeline and the account of the pile it was made from.
pub struct Made {
    pub out: TimelineOut,
    pub account: Account,
}

/// Runs the pile-wide and cross-document steps — speakers merged, places' prior, duplicates,
/// stories, the timeline of each, claims — and assembles the view model.
pub fn make(
    pile: &mut Pile,
    resources: &Resources,
    options: &TimelineOptions,
) -> Result<Made, PileError> {
    pile.merge_speakers(resources)?;
    pile.resolve_places();
    let duplicates = pile.duplicates(options.duplicate_threshold);
    let account = pile.account(&duplicates);
    let view = pile.view(resources);
    let dates: Vec<&DocDates> = pile.summaries.iter().map(|s| &s.dates).collect();
    let terms: Vec<&StoryTerms> = pile.summaries.iter().map(|s| &s.story).collect();
    let per_story = rashomon_timeline::build_per_story(
        &dates,
        &terms,
        &duplicates.group_of,
        &options.timeline,
        &view,
        &pile.terms,
    );
    let mut notes = notes(pile.metas());
    notes.push(per_story.note.clone());
    let statements: Vec<&DocStatements> = pile.summaries.iter().map(|s| &s.statements).collect();
    let outlets: Vec<Option<String>> = pile
        .metas()
        .iter()
        .map(|m| m.outlet_name().map(str::to_string))
        .collect();
    let claims = rashomon_linking::claims::find_claims_in(
        &statements,
        &outlets,
        &duplicates.group_of,
        resources.actors(),
        Some(resources.stance()),
        rashomon_linking::claims::DEFAULT_CLAIM_THRESHOLD,
        &view,
    );
    notes.push(format!(
        "{} claim(s) stated by two or more statements or denied by someone; {} further statement(s) stated once and taken up by no one are not listed as claims (rashomon quotes lists every statement).",
        claims.claims.len(),
        claims.lone
    ));
    let found = Found {
        timeline: &per_story.timeline,
        stories: &per_story.stories,
        claims: &claims,
    };
    let out = rashomon_report::assemble(&view, &found, &options.timeline, notes);
    if let Some(e) = view.failure() {
        return Err(e);
    }
    Ok(Made { out, account })
}

fn notes(metas: &[DocMeta]) -> Vec<String> {
    let inferred = metas
        .iter()
        .filter(|d| d.published.source == DateSource::Inferred)
        .count();
    let unknown = metas.iter().filter(|d| !d.published.is_known()).count();
    let mut notes = Vec::new();
    if inferred > 0 {
        notes.push(format!(
            "{inferred} of {} articles have a publication date inferred from their text (marked \"inferred\").",
            metas.len()
        ));
    }
    if unknown > 0 {
        notes.push(format!(
            "{unknown} article(s) have no publication date; they count only through the dates they mention."
        ));
    }
    notes
}
