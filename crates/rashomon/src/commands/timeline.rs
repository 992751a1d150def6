//! `rashomon timeline`: read a pile of articles, date them, and write the timeline as
//! `timeline.json`, `timeline.csv`, `claims.csv` and `report.html`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;
use rashomon::cli::InputArgs;
use rashomon::output::{write_file, write_json, Staged};
use rashomon_linking::claims::Status;
use rashomon_pile::store::STORE_FILE;
use rashomon_pile::timeline::{Made, TimelineOptions};
use rashomon_pile::{Account, LayerOptions, Resources};
use rashomon_report::TimelineOut;
use serde::Serialize;

#[derive(Args)]
pub struct TimelineCli {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output folder.
    #[arg(long, short)]
    pub out: PathBuf,
    /// How to read the pile: every day-dated event (small piles), the most reported dates
    /// (large piles), or chosen by the pile's size.
    #[arg(long, value_enum, default_value_t = ModeArg::Auto)]
    pub mode: ModeArg,
    /// Number of dates (default: every day with an event in a small pile; in a large one, the
    /// dates at least two articles mention, at most 30).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    pub dates: Option<u32>,
    /// Sentences per date.
    #[arg(long, default_value_t = rashomon_timeline::DEFAULT_SENTENCES_PER_DATE as u32, value_parser = clap::value_parser!(u32).range(1..))]
    pub sentences_per_date: u32,
    /// Only sentences containing one of these words may be chosen (comma separated).
    #[arg(long, value_delimiter = ',')]
    pub keywords: Vec<String>,
    /// First date to consider (YYYY-MM-DD).
    #[arg(long)]
    pub from: Option<chrono::NaiveDate>,
    /// Last date to consider (YYYY-MM-DD).
    #[arg(long)]
    pub to: Option<chrono::NaiveDate>,
    /// Jaccard similarity above which two articles are one article reprinted.
    #[arg(long, default_value_t = rashomon_linking::duplicates::DEFAULT_THRESHOLD, value_parser = rashomon::cli::fraction)]
    pub duplicate_threshold: f32,
}

/// `--mode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ModeArg {
    /// Events for piles under 100 distinct articles, dates otherwise.
    Auto,
    /// Every day-dated event, once each.
    Events,
    /// The most reported dates.
    Dates,
}

/// `timeline.json`: the timeline and the account of what was read.
#[derive(Serialize)]
struct TimelineJson<'a> {
    #[serde(flatten)]
    timeline: &'a TimelineOut,
    ingest: &'a Account,
}

pub fn run(cli: &TimelineCli, resources: &Resources, quiet: bool) -> Result<ExitCode> {
    let started = std::time::Instant::now();
    let options = rashomon_timeline::Options {
        dates: cli.dates.map(|d| d as usize),
        sentences_per_date: Some(cli.sentences_per_date as usize),
        keywords: cli.keywords.clone(),
        from: cli.from,
        to: cli.to,
        mode: match cli.mode {
            ModeArg::Auto => None,
            ModeArg::Events => Some(rashomon_timeline::Mode::Events),
            ModeArg::Dates => Some(rashomon_timeline::Mode::TopDates),
        },
    };
    let staged = Staged::begin(&cli.out)?;
    // Files and folders are read into a store kept beside the outputs (`rashomon add` can
    // grow it later); a store given as input is read as it is and keeps the run's tables.
    let keep = staged.path(STORE_FILE);
    let mut pile = cli
        .input
        .pile(LayerOptions::default(), resources, quiet, Some(&keep))?;
    let Made { out, account } = rashomon_pile::timeline::make(
        &mut pile,
        resources,
        &TimelineOptions {
            timeline: options,
            duplicate_threshold: cli.duplicate_threshold,
        },
    )?;
    pile.keep_timeline(&out)?;
    let store_path = match cli.input.store() {
        Some(_) => pile.store().path().to_path_buf(),
        None => cli.out.join(STORE_FILE),
    };
    drop(pile);

    write_json(
        &staged.path("timeline.json"),
        &TimelineJson {
            timeline: &out,
            ingest: &account,
        },
    )?;
    let mut csv = Vec::new();
    rashomon_report::write_csv(&out, &mut csv).context("cannot make timeline.csv")?;
    write_file(&staged.path("timeline.csv"), &csv)?;
    let mut claims_csv = Vec::new();
    rashomon_report::write_claims_csv(&out, &mut claims_csv).context("cannot make claims.csv")?;
    write_file(&staged.path("claims.csv"), &claims_csv)?;
    let outlets = account.totals.outlets;
    let lede = format!(
        "{} articles from {} outlet{}, {} distinct after reprints.",
        account.totals.inputs.documents,
        outlets,
        if outlets == 1 { "" } else { "s" },
        account.totals.distinct_articles
    );
    let html = rashomon_report::render_html(&out, &headline(cli), &lede);
    write_file(&staged.path("report.html"), html.as_bytes())?;
    staged.commit()?;
    if account.totals.inputs.documents == 0 {
        eprintln!(
            "error: no usable document in the input(s); see {}",
            cli.out.join("timeline.json").display()
        );
        return Ok(ExitCode::from(1));
    }
    if !quiet {
        println!("{}", rashomon_pile::describe(&account));
        println!(
            "Timeline: {} dates, {} sentences, in {:.2} s.",
            out.entries.len(),
            out.entries.iter().map(|e| e.summary.len()).sum::<usize>(),
            started.elapsed().as_secs_f64()
        );
        for n in &out.notes {
            println!("Note: {n}");
        }
        println!(
            "Claims: {} ({} disputed, {} denied, {} corroborated, {} single-source).",
            out.claims.len(),
            out.claims_with(Status::Disputed),
            out.claims_with(Status::Denied),
            out.claims_with(Status::Corroborated),
            out.claims_with(Status::SingleSource)
        );
        println!(
            "Wrote {}, {}, {}, {} and {}",
            cli.out.join("timeline.json").display(),
            cli.out.join("timeline.csv").display(),
            cli.out.join("claims.csv").display(),
            cli.out.join("report.html").display(),
            store_path.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn headline(cli: &TimelineCli) -> String {
    if !cli.keywords.is_empty() {
        return format!("Timeline: {}", cli.keywords.join(", "));
    }
    let name = cli
        .input
        .paths
        .first()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    format!("Timeline: {name}")
}
