//! `rashomon ingest`: read a pile of news into `corpus.jsonl` and account for every input in
//! `ingest-report.json`.

use std::fs::File;
use std::io::{BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;
use rashomon::cli::InputArgs;
use rashomon::output::write_json;
use rashomon::progress;
use rashomon_linking::{find_duplicate_groups, Signature};
use rashomon_model::AnnotatedDocument;
use rashomon_pile::{Account, DocRecord, LayerOptions, Resources};

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
    #[arg(long, default_value_t = rashomon_linking::duplicates::DEFAULT_THRESHOLD)]
    pub duplicate_threshold: f32,
}

pub fn run(cli: &IngestCli, resources: &Resources, quiet: bool) -> Result<ExitCode> {
    if !(0.0..=1.0).contains(&cli.duplicate_threshold) {
        anyhow::bail!("--duplicate-threshold must be between 0 and 1");
    }
    let mut options = cli.input.read_options(LayerOptions {
        timexes: !cli.no_timexes,
        attributions: !cli.no_attributions,
        places: !cli.no_places,
    });
    options.ingest.text.tokens = cli.tokens;
    let bar = progress::ingest_bar(quiet);
    let account = write_corpus(cli, &options, resources, |p| progress::update(&bar, p))?;
    bar.finish_and_clear();
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
            "Wrote {} and {}",
            cli.out.join("corpus.jsonl").display(),
            cli.out.join("ingest-report.json").display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Streams the pile into `corpus.jsonl` (documents are written as they are built, so memory
/// stays bounded whatever the pile's size), then completes dates with the pile's year and
/// writes the account.
fn write_corpus(
    cli: &IngestCli,
    options: &rashomon_pile::ReadOptions,
    resources: &Resources,
    progress: impl FnMut(&rashomon_pile::Progress),
) -> Result<Account> {
    let expanded = rashomon_ingest::expand(&cli.input.paths, &cli.input.exclude)
        .map_err(anyhow::Error::msg)?;
    std::fs::create_dir_all(&cli.out)
        .with_context(|| format!("cannot create output folder {}", cli.out.display()))?;
    let corpus_path = cli.out.join("corpus.jsonl");
    let mut corpus = BufWriter::with_capacity(
        1 << 20,
        File::create(&corpus_path)
            .with_context(|| format!("cannot create {}", corpus_path.display()))?,
    );
    let mut records = Vec::new();
    let mut signatures = Vec::new();
    let mut write_error: Option<std::io::Error> = None;
    let report = rashomon_ingest::run(
        expanded,
        &options.ingest,
        |read| {
            let (input, mut doc) = (read.input, read.doc);
            if !read.annotated {
                rashomon_annotate::annotate(&mut doc, &options.layers, resources);
            }
            let mut line = serde_json::to_vec(&doc).expect("documents serialise");
            line.push(b'\n');
            (DocRecord::of(input, &doc), Signature::of(&doc), line)
        },
        |(record, signature, line)| {
            if write_error.is_none() {
                if let Err(e) = corpus.write_all(&line) {
                    write_error = Some(e);
                }
            }
            records.push(record);
            signatures.push(signature);
        },
        progress,
    );
    if let Some(e) = write_error {
        return Err(e).with_context(|| format!("cannot write {}", corpus_path.display()));
    }
    corpus
        .flush()
        .with_context(|| format!("cannot write {}", corpus_path.display()))?;
    complete_dates_in_corpus(&corpus_path, &mut records)?;
    let groups = find_duplicate_groups(&signatures, cli.duplicate_threshold);
    let account = rashomon_pile::summarise(report, records, &groups);
    write_json(&cli.out.join("ingest-report.json"), &account)?;
    Ok(account)
}

/// The pile-wide step of date inference on a written corpus: documents whose dateline gives
/// day and month but no year get the year most of the pile was published in (when their own
/// text agrees), rewriting their lines of `corpus.jsonl`. Only runs when such documents exist.
fn complete_dates_in_corpus(corpus_path: &Path, records: &mut [DocRecord]) -> Result<()> {
    if !records.iter().any(|d| d.needs_year) {
        return Ok(());
    }
    let dates = records.iter().map(|d| (d.date_source, d.published));
    let Some(year) = rashomon_time::infer::corpus_year(dates) else {
        return Ok(());
    };
    let cannot = || format!("cannot rewrite {}", corpus_path.display());
    let rewritten = corpus_path.with_extension("jsonl.tmp");
    {
        let reader = std::io::BufReader::new(File::open(corpus_path).with_context(cannot)?);
        let mut out = BufWriter::new(File::create(&rewritten).with_context(cannot)?);
        for (i, line) in reader.lines().enumerate() {
            let line = line.with_context(cannot)?;
            match records.get_mut(i).filter(|d| d.needs_year) {
                Some(record) => {
                    let mut doc: AnnotatedDocument =
                        serde_json::from_str(&line).with_context(cannot)?;
                    if rashomon_pile::complete_with_year(&mut doc, year) {
                        record.published = doc.document.published.value;
                        record.date_source = doc.document.published.source;
                        record.timexes = doc.layers.timexes.len();
                    }
                    serde_json::to_writer(&mut out, &doc).with_context(cannot)?;
                }
                None => out.write_all(line.as_bytes()).with_context(cannot)?,
            }
            out.write_all(b"\n").with_context(cannot)?;
        }
        out.flush().with_context(cannot)?;
    }
    std::fs::rename(&rewritten, corpus_path).with_context(cannot)?;
    Ok(())
}
