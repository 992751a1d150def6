//! A pile's timeline: every cross-document step in order, on the summaries, and the view
//! model the outputs are written from. `rashomon timeline` and `rashomon-lab eval piles` both
//! run this.

use rashomon_linking::stories::StoryTerms;
use rashomon_model::{DateSource, DocMeta};
use rashomon_report::{Found, TimelineOut};
use rashomon_timeline::DocDates;

use crate::{Account, Part, Pile, PileError, Resources};

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
    let step = Steps::new();
    let duplicates = pile.duplicates(options.duplicate_threshold)?;
    let account = pile.account(&duplicates)?;
    step.done("duplicates and account");
    let per_story = {
        let terms: Vec<StoryTerms> = pile.part(Part::Story)?;
        let dates: Vec<DocDates> = pile.part(Part::Dates)?;
        step.done("story terms and dates read");
        let view = pile.view(resources);
        let per_story = rashomon_timeline::build_per_story(
            &dates,
            &terms,
            &duplicates.group_of,
            &options.timeline,
            &view,
            &pile.terms,
        );
        if let Some(e) = view.failure() {
            return Err(e);
        }
        per_story
    };
    step.done("stories and timeline");
    pile.resolve_places()?;
    pile.merge_speakers(resources)?;
    step.done("place prior, statements read, speakers merged");
    let mut notes = notes(pile.metas());
    notes.push(per_story.note.clone());
    let outlets: Vec<Option<String>> = pile
        .metas()
        .iter()
        .map(|m| m.outlet_name().map(str::to_string))
        .collect();
    let view = pile.view(resources);
    let claims = rashomon_linking::claims::find_claims_in(
        &view,
        &outlets,
        &duplicates.group_of,
        resources.actors(),
        Some(resources.stance()),
        rashomon_linking::claims::DEFAULT_CLAIM_THRESHOLD,
        &view,
    );
    step.done("claims");
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
    step.done("report");
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

/// Logs each step's time and the process's memory (`-v`): where a run's time and memory go.
struct Steps {
    started: std::time::Instant,
}

impl Steps {
    fn new() -> Steps {
        Steps {
            started: std::time::Instant::now(),
        }
    }

    fn done(&self, what: &str) {
        give_back_freed_memory();
        tracing::info!(
            "{what}: {:.1} s; memory {} MB now, {} MB at most",
            self.started.elapsed().as_secs_f64(),
            memory_mb("VmRSS:").map_or("?".into(), |m| m.to_string()),
            memory_mb("VmHWM:").map_or("?".into(), |m| m.to_string()),
        );
    }
}

/// Returns the memory a step freed to the system. glibc's allocator keeps freed blocks for
/// reuse (one arena per thread), so without this a step's peak stays in the process for the
/// rest of the run and the next step's peak comes on top of it.
fn give_back_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks the allocator's own free lists; it takes no pointers.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// A memory figure of this process from `/proc/self/status` (Linux), in MB.
fn memory_mb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}
