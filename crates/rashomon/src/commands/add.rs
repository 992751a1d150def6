//! `rashomon add STORE PATH…`: add articles to a store that `rashomon ingest` made. Only the
//! articles the store does not hold yet are read into it and annotated; the pile-wide date step
//! is brought up to date; all in one transaction.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use rashomon::cli::{FormatArg, InputArgs};
use rashomon::progress;
use rashomon_pile::{LayerOptions, Resources, Store, ALREADY_STORED};

#[derive(Args)]
pub struct AddCli {
    /// The store (`pile.sqlite`, or the folder `rashomon ingest --out` wrote).
    pub store: PathBuf,
    /// Files or folders to add (folders recursively); `-` reads JSON Lines from standard input.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Input format (default: detected per file from its name and first bytes).
    #[arg(long, value_enum, default_value = "auto")]
    pub format: FormatArg,
    /// Leave out files matching this glob (repeatable).
    #[arg(long, value_parser = rashomon::cli::exclude_glob)]
    pub exclude: Vec<String>,
    /// Largest single-article file read, in bytes (after decompression).
    #[arg(long, default_value_t = 64 << 20)]
    pub max_file_size: u64,
    /// Largest JSON line or WARC record read, in bytes.
    #[arg(long, default_value_t = 16 << 20)]
    pub max_record_size: u64,
}

pub fn run(cli: &AddCli, resources: &Resources, quiet: bool) -> Result<ExitCode> {
    let mut store = Store::open(&cli.store)?;
    let input = InputArgs {
        paths: cli.paths.clone(),
        format: cli.format,
        exclude: cli.exclude.clone(),
        max_file_size: cli.max_file_size,
        max_record_size: cli.max_record_size,
    };
    let options = input.read_options(LayerOptions::default());
    let bar = progress::ingest_bar(quiet);
    let added = rashomon_pile::add_to_store(
        &mut store,
        "add",
        &input.paths,
        &input.exclude,
        &options,
        resources,
        |p| progress::update(&bar, p),
    )?;
    bar.finish_and_clear();
    let already: u64 = added
        .report
        .inputs
        .iter()
        .filter_map(|i| i.skipped.get(ALREADY_STORED))
        .sum();
    let t = &added.report.totals;
    if !quiet {
        println!(
            "{} new document(s) added to {} ({} in all); {} already there. {} input(s): {} read, {} partial, {} rejected; {} record(s) rejected.",
            added.added,
            store.path().display(),
            store.len()?,
            already,
            t.inputs,
            t.inputs_read,
            t.inputs_partial,
            t.inputs_rejected,
            t.records_rejected
        );
        if added.dates_completed > 0 {
            println!(
                "{} publication date(s) completed with the pile's year.",
                added.dates_completed
            );
        }
    }
    if added.added == 0 && already == 0 {
        eprintln!("error: no usable document in the input(s)");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
