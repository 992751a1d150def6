//! Flags both command lines share, and start-up (logging, threads, resources).

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use rashomon_ingest::Format;
use rashomon_pile::{LayerOptions, Pile, ReadOptions, Resources, Store};

/// The input format, or `auto` to detect it per file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Auto,
    Txt,
    Jsonl,
    Json,
    Html,
    Warc,
}

impl FormatArg {
    pub fn format(self) -> Option<Format> {
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

/// What to read: the one set of input flags every command that reads articles takes.
#[derive(Debug, Clone, Args)]
pub struct InputArgs {
    /// Files or folders to read (folders recursively, in sorted order); `-` reads JSON Lines
    /// from standard input.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Input format (default: detected per file from its name and first bytes).
    #[arg(long, value_enum, default_value = "auto")]
    pub format: FormatArg,
    /// Leave out files matching this glob (repeatable), e.g. `--exclude 'timelines/**'`.
    #[arg(long, value_parser = exclude_glob)]
    pub exclude: Vec<String>,
    /// Largest single-article file read, in bytes (after decompression).
    #[arg(long, default_value_t = 64 << 20)]
    pub max_file_size: u64,
    /// Largest JSON line or WARC record read, in bytes.
    #[arg(long, default_value_t = 16 << 20)]
    pub max_record_size: u64,
}

impl InputArgs {
    /// How to read these inputs with the given model-backed layers.
    pub fn read_options(&self, layers: LayerOptions) -> ReadOptions {
        ReadOptions {
            ingest: rashomon_ingest::Options {
                format: self.format.format(),
                max_file_bytes: self.max_file_size,
                max_record_bytes: self.max_record_size,
                ..rashomon_ingest::Options::default()
            },
            layers,
        }
    }
}

impl InputArgs {
    /// The store these inputs name, when they are one store (a `pile.sqlite`, or a folder
    /// holding one).
    pub fn store(&self) -> Option<&std::path::Path> {
        match self.paths.as_slice() {
            [one] if Store::is_store(one) => Some(one),
            _ => None,
        }
    }

    /// The pile these inputs hold: a store opened as it is (its documents keep the layers
    /// ingest gave them), or files and folders read and annotated with `layers` into a new
    /// store — made at `keep` (replacing one left there by an earlier run), else in a
    /// temporary folder. Shows progress unless `quiet`.
    pub fn pile(
        &self,
        layers: LayerOptions,
        resources: &Resources,
        quiet: bool,
        keep: Option<&std::path::Path>,
    ) -> anyhow::Result<Pile> {
        if let Some(path) = self.store() {
            return Ok(Pile::open(Store::open(path)?)?);
        }
        if let Some(path) = keep {
            crate::output::remove_store(path)?;
        }
        let bar = crate::progress::ingest_bar(quiet);
        let pile = Pile::read(
            &self.paths,
            &self.exclude,
            &self.read_options(layers),
            resources,
            keep,
            |p| crate::progress::update(&bar, p),
        )?;
        bar.finish_and_clear();
        Ok(pile)
    }
}

/// The global flags both command lines take.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Print only errors (no progress, no summary).
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// More log output (-v: info, -vv: debug).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Worker threads (default: all cores; at most 1,024).
    #[arg(long, global = true, value_parser = thread_count)]
    pub threads: Option<usize>,
    /// Resolve places with this gazetteer (built by `rashomon-lab gazetteer build`) instead of
    /// the shipped one (countries, regions, districts, towns of 1,000 people or more).
    #[arg(long, global = true)]
    pub gazetteer: Option<PathBuf>,
}

impl GlobalArgs {
    /// Sets up logging and the thread pool, and builds the run's [`Resources`] (a bad
    /// `--gazetteer` file is reported here, before any work).
    pub fn start(&self) -> anyhow::Result<Resources> {
        init_logging(self.quiet, self.verbose);
        if let Some(n) = self.threads {
            rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build_global()
                .map_err(|e| anyhow::anyhow!("cannot start {n} threads: {e}"))?;
        }
        let resources = Resources::shipped();
        Ok(match &self.gazetteer {
            Some(path) => resources.with_gazetteer_file(path)?,
            None => resources,
        })
    }
}

/// An `--exclude` glob, checked when the arguments are read (a bad one is a usage error).
pub fn exclude_glob(s: &str) -> Result<String, String> {
    rashomon_ingest::check_exclude(s).map(|()| s.to_string())
}

/// A similarity or share: a number from 0 to 1.
pub fn fraction(s: &str) -> Result<f32, String> {
    match s.parse::<f32>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err(format!("{s:?} is not a number from 0 to 1")),
    }
}

/// A number of worker threads: 1 to 1,024 (more only stalls the machine starting them).
pub fn thread_count(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if (1..=1024).contains(&n) => Ok(n),
        _ => Err(format!("{s:?} is not a number of threads from 1 to 1024")),
    }
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
        .with_writer(|| crate::progress::LogWriter)
        .init();
}

/// Prints a fatal error as one line, `error: what: why: …`, and gives the exit code 1.
pub fn report_error(e: &anyhow::Error) -> std::process::ExitCode {
    let causes: Vec<String> = e.chain().map(|c| c.to_string()).collect();
    eprintln!("error: {}", causes.join(": "));
    std::process::ExitCode::from(1)
}
