//! `rashomon timeline`: read a pile of articles, date them, and write the timeline as
//! `timeline.json`, `timeline.csv`, `claims.csv` and `report.html`.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rashomon_ingest::{Options, Progress};
use rashomon_linking::{find_duplicate_groups, originals, Signature};
use rashomon_model::{AnnotatedDocument, DateSource};
use rashomon_report::TimelineOut;
use serde::Serialize;

use crate::ingest::{earliest_first, summarise, DocSummary, IngestSummary};

pub struct TimelineArgs {
    pub paths: Vec<PathBuf>,
    pub out: PathBuf,
    pub exclude: Vec<String>,
    pub ingest: Options,
    pub timeline: rashomon_timeline::Options,
    pub duplicate_threshold: f32,
}

/// `timeline.json`: the timeline and the account of what was read.
#[derive(Serialize)]
struct TimelineJson<'a> {
    #[serde(flatten)]
    timeline: &'a TimelineOut,
    ingest: &'a IngestSummary,
}

pub struct TimelineRun {
    pub timeline: TimelineOut,
    pub ingest: IngestSummary,
    pub seconds: f64,
}

fn notes(docs: &[AnnotatedDocument]) -> Vec<String> {
    let inferred = docs
        .iter()
        .filter(|d| d.document.published.source == DateSource::Inferred)
        .count();
    let unknown = docs
        .iter()
        .filter(|d| !d.document.published.is_known())
        .count();
    let mut notes = Vec::new();
    if inferred > 0 {
        notes.push(format!(
            "{inferred} of {} articles have a publication date inferred from their text (marked \"inferred\").",
            docs.len()
        ));
    }
    if unknown > 0 {
        notes.push(format!(
            "{unknown} article(s) have no publication date; they count only through the dates they mention."
        ));
    }
    notes
}

/// A story is worth its own timeline when it holds at least this many articles and this share
/// of the pile.
const STORY_MIN_ARTICLES: usize = 3;
const STORY_MIN_SHARE: f64 = 0.1;

/// Splits a mixed pile into stories and builds a timeline for each story big enough to have
/// one; a pile of one story gets one timeline over all its articles. Returns the entries
/// (story by story, in date order within each), the stories, and a note saying what was done.
fn build_by_story(
    docs: &[AnnotatedDocument],
    group_of: &[usize],
    options: &rashomon_timeline::Options,
) -> (
    rashomon_timeline::Timeline,
    Vec<rashomon_report::StoryOut>,
    String,
) {
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by_key(|&i| (docs[i].document.published.value.map(|v| v.date()), i));
    let stories =
        rashomon_linking::stories::group_stories(docs, &order, rashomon_linking::stories::TOPICS);
    let min = STORY_MIN_ARTICLES.max((STORY_MIN_SHARE * docs.len() as f64).ceil() as usize);
    let mut big: Vec<&rashomon_linking::stories::Story> =
        stories.iter().filter(|s| s.members.len() >= min).collect();
    big.sort_by_key(|s| std::cmp::Reverse(s.members.len()));
    if big.len() < 2 {
        let built = rashomon_timeline::build(docs, group_of, options);
        return (
            built,
            Vec::new(),
            format!(
                "The articles were read as one story ({} articles).",
                docs.len()
            ),
        );
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
        let sub_group = rashomon_timeline::regroup(&members, group_of);
        let built = rashomon_timeline::build(&subset, &sub_group, options);
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
        out_stories.push(rashomon_report::StoryOut {
            id: sid,
            label: story.label.clone(),
            documents: members
                .iter()
                .map(|&i| docs[i].document.id.0.clone())
                .collect(),
        });
    }
    let note = format!(
        "The articles tell {} stories; each has its own timeline. {} of {} articles belong to a story of at least {} articles; the others are in no timeline (they are listed in documents[]).",
        big.len(),
        covered,
        docs.len(),
        min
    );
    (
        rashomon_timeline::Timeline {
            entries,
            candidate_dates,
        },
        out_stories,
        note,
    )
}

/// Builds the timeline and writes the three outputs into `args.out`.
pub fn run(args: &TimelineArgs, progress: impl FnMut(&Progress)) -> Result<TimelineRun> {
    let started = std::time::Instant::now();
    let mut loaded = crate::dates::load(&args.paths, &args.exclude, &args.ingest, progress)?;
    crate::dates::infer_with_corpus(&mut loaded.docs);
    crate::quotes::merge_speakers(&mut loaded.docs);
    crate::places::resolve_places_in_pile(&mut loaded.docs);
    let docs = &loaded.docs;
    let signatures: Vec<Signature> = docs.iter().map(Signature::of).collect();
    let summaries: Vec<DocSummary> = docs
        .iter()
        .zip(&loaded.inputs)
        .map(|(d, &input)| DocSummary::of(input, d))
        .collect();
    let report = loaded.report;
    let groups = find_duplicate_groups(&signatures, args.duplicate_threshold);
    let ingest = summarise(report, summaries, &groups);
    let group_of = originals(docs.len(), &groups, |m| {
        earliest_first(docs[m].document.published.value)
    });
    let (built, stories, story_note) = build_by_story(docs, &group_of, &args.timeline);
    let mut all_notes = notes(docs);
    all_notes.push(story_note);
    let claims = rashomon_linking::claims::find_claims(
        docs,
        &group_of,
        Some(rashomon_stance::shipped()),
        rashomon_linking::claims::DEFAULT_CLAIM_THRESHOLD,
    );
    all_notes.push(format!(
        "{} claim(s) stated by two or more statements or denied by someone; {} further statement(s) stated once and taken up by no one are not listed as claims (rashomon quotes lists every statement).",
        claims.claims.len(),
        claims.lone
    ));
    let out = rashomon_report::assemble(docs, &built, stories, &args.timeline, all_notes, &claims);

    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create output folder {}", args.out.display()))?;
    let json_path = args.out.join("timeline.json");
    crate::ingest::write_json(
        &json_path,
        &TimelineJson {
            timeline: &out,
            ingest: &ingest,
        },
    )?;
    let csv_path = args.out.join("timeline.csv");
    let file = std::fs::File::create(&csv_path)
        .with_context(|| format!("cannot create {}", csv_path.display()))?;
    rashomon_report::write_csv(&out, std::io::BufWriter::new(file))
        .with_context(|| format!("cannot write {}", csv_path.display()))?;
    let claims_path = args.out.join("claims.csv");
    let file = std::fs::File::create(&claims_path)
        .with_context(|| format!("cannot create {}", claims_path.display()))?;
    rashomon_report::write_claims_csv(&out, std::io::BufWriter::new(file))
        .with_context(|| format!("cannot write {}", claims_path.display()))?;
    let outlets = ingest.totals.outlets;
    let lede = format!(
        "{} articles from {} outlet{}, {} distinct after reprints.",
        ingest.totals.inputs.documents,
        outlets,
        if outlets == 1 { "" } else { "s" },
        ingest.totals.distinct_articles
    );
    let html =
        rashomon_report::render_html(&out, docs, &headline(&args.paths, &args.timeline), &lede);
    write_file(&args.out.join("report.html"), html.as_bytes())?;
    Ok(TimelineRun {
        timeline: out,
        ingest,
        seconds: started.elapsed().as_secs_f64(),
    })
}

fn headline(paths: &[PathBuf], options: &rashomon_timeline::Options) -> String {
    if !options.keywords.is_empty() {
        return format!("Timeline: {}", options.keywords.join(", "));
    }
    let name = paths
        .first()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    format!("Timeline: {name}")
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut f =
        std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    f.write_all(bytes)
        .with_context(|| format!("cannot write {}", path.display()))
}
