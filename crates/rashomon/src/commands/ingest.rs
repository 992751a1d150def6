//! `rashomon ingest`: read a pile of news into a store (`pile.sqlite`), export it as
//! `corpus.jsonl`, and account for every input in `ingest-report.json`.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;
use rashomon::cli::InputArgs;
use rashomon::output::{write_json, Staged};
use rashomon::progress;
use rashomon_linking::{find_duplicate_groups, Signature};
use rashomon_pile::store::STORE_FILE;
use rashomon_pile::{Account, DocRecord, LayerOptions, Part, Resources, Store};

#[derive(Args)]
pub struct IngestCli {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output folder.
    #[arg(long, short)]
    pub out: PathBuf,
    /// Also write the token layer (word and punctuation spans) into corpus.jsonl. Tokens are
    /// recomputed cheaply from sentences when needed and about double the file's size.
    #[arg(long)]
    pub tokens: bool,
    /// Leave out the time expressions (about halves ingest's CPU time; publication dates are
    /// still inferred where the metadata gives none).
    #[arg(long)]
    pub no_timexes: bool,
    /// Leave out attributions (who says what); they take most of ingest's CPU time.
    #[arg(long)]
    pub no_attributions: bool,
    /// Leave out places (toponyms resolved against the gazetteer).
    #[arg(long)]
    pub no_places: bool,
    /// Similarity (estimated Jaccard of word 5-shingles) from which two articles are one.
    #[arg(long, default_value_t = rashomon_linking::duplicates::DEFAULT_THRESHOLD, value_parser = rashomon::cli::fraction)]
    pub duplicate_threshold: f32,
}

pub fn run(cli: &IngestCli, resources: &Resources, quiet: bool) -> Result<ExitCode> {
    let mut options = cli.input.read_options(LayerOptions {
        timexes: !cli.no_timexes,
        attributions: !cli.no_attributions,
        places: !cli.no_places,
    });
    options.ingest.text.tokens = cli.tokens;
    let out = Staged::begin(&cli.out)?;
    let mut store = Store::create(&out.path(STORE_FILE))?;
    let bar = progress::ingest_bar(quiet);
    let added = rashomon_pile::add_to_store(
        &mut store,
        "ingest",
        &cli.input.paths,
        &cli.input.exclude,
        &options,
        resources,
        |p| progress::update(&bar, p),
    )?;
    bar.finish_and_clear();
    let account = export(&store, added.report, cli, &out)?;
    drop(store);
    out.commit()?;
    if account.totals.inputs.documents == 0 {
        eprintln!(
            "error: no usable document in {} input(s); see {}",
            account.totals.inputs.inputs,
            cli.out.join("ingest-report.json").display()
        );
        return Ok(ExitCode::from(1));
    }
    if !quiet {
        println!("{}", rashomon_pile::describe(&account));
        println!(
            "Wrote {}, {} and {}",
            cli.out.join(STORE_FILE).display(),
            cli.out.join("corpus.jsonl").display(),
            cli.out.join("ingest-report.json").display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes the store's documents to `corpus.jsonl`, one a line, and the account of the run
/// (with the duplicate groups, from the signatures in the summaries) to `ingest-report.json`;
/// reads the store one document at a time.
fn export(
    store: &Store,
    report: rashomon_pile::IngestReport,
    cli: &IngestCli,
    out: &Staged,
) -> Result<Account> {
    let corpus_path = out.path("corpus.jsonl");
    let mut corpus = BufWriter::with_capacity(
        1 << 20,
        File::create(&corpus_path)
            .with_context(|| format!("cannot create {}", corpus_path.display()))?,
    );
    let mut records = Vec::new();
    let mut signatures = Vec::new();
    let mut write_error: Option<std::io::Error> = None;
    let input_index: std::collections::HashMap<i64, usize> = store
        .inputs()?
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (*id, i))
        .collect();
    store.for_each_document(|stored| {
        if write_error.is_none() {
            let written = serde_json::to_writer(&mut corpus, &stored.doc)
                .map_err(std::io::Error::from)
                .and_then(|()| corpus.write_all(b"\n"));
            if let Err(e) = written {
                write_error = Some(e);
            }
        }
        let input = input_index.get(&stored.input).copied().unwrap_or(0);
        records.push(DocRecord::of(input, &stored.doc));
    })?;
    // The signatures the summaries keep, not computed again from every text.
    store.for_each_part(Part::Signature, |_, signature: Signature| {
        signatures.push(signature)
    })?;
    if let Some(e) = write_error {
        return Err(e).with_context(|| format!("cannot write {}", corpus_path.display()));
    }
    corpus
        .flush()
        .with_context(|| format!("cannot write {}", corpus_path.display()))?;
    let groups = find_duplicate_groups(&signatures, cli.duplicate_threshold);
    let account = rashomon_pile::summarise(report, records, &groups);
    write_json(&out.path("ingest-report.json"), &account)?;
    Ok(account)
}
