//! `rashomon`: turn a pile of rival news reports into one cross-checked, sourced timeline.
//!
//! This file parses arguments and dispatches; each command is a module of `commands`, and the
//! work is in the library crates. The developers' commands (evaluation, benchmarks, training,
//! table builds) are in the second binary, `rashomon-lab`.

mod commands;

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use rashomon::cli::{report_error, GlobalArgs};

#[derive(Parser)]
#[command(
    name = "rashomon",
    version,
    about = "Turn a pile of rival news reports into one cross-checked, sourced timeline."
)]
struct Cli {
    #[command(flatten)]
    global: GlobalArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read files, folders, WARC crawls or JSON Lines (`-` = stdin) into a store,
    /// DIR/pile.sqlite (SQLite), export it as DIR/corpus.jsonl, and account for every input in
    /// DIR/ingest-report.json.
    Ingest(commands::ingest::IngestCli),
    /// Add articles to a store made by `rashomon ingest` (DIR/pile.sqlite): only the new ones
    /// are read and annotated.
    Add(commands::add::AddCli),
    /// Build the timeline of a pile of articles, claims cross-checked: DIR/timeline.json,
    /// DIR/timeline.csv, DIR/claims.csv and DIR/report.html (one self-contained page).
    Timeline(commands::timeline::TimelineCli),
    /// Print each document's publication date (value, how it was obtained, confidence) and
    /// its time expressions (text, span, type, TimeML value, what it was resolved against).
    Dates(commands::dates::DatesCli),
    /// Print who says what: every attribution (speaker, cue class, source, cue, content) with
    /// its document and byte offsets.
    Quotes(commands::quotes::QuotesCli),
    /// Check one claim against a pile: which sources assert it, deny it or only report it,
    /// with their sentences and the quoted parties who take a side, ranked.
    Check(commands::check::CheckCli),
    /// Check every claim of a timeline.json (written by `rashomon timeline`) against a pile, as
    /// `check` does one: which sources assert each, deny it or only report it.
    CheckClaims(commands::check::CheckClaimsCli),
    /// Print the places each document names, resolved to coordinates with the GeoNames
    /// gazetteer (geonames.org, CC-BY 4.0).
    Places(commands::places::PlacesCli),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Timeline(t) = &cli.command {
        if let (Some(from), Some(to)) = (t.from, t.to) {
            if from > to {
                use clap::CommandFactory;
                Cli::command()
                    .error(
                        clap::error::ErrorKind::ArgumentConflict,
                        format!("--from {from} is after --to {to}"),
                    )
                    .exit();
            }
        }
    }
    let resources = match cli.global.start() {
        Ok(r) => r,
        Err(e) => {
            report_error(&e);
            return ExitCode::from(2);
        }
    };
    let quiet = cli.global.quiet;
    let result = match &cli.command {
        Command::Ingest(args) => commands::ingest::run(args, &resources, quiet),
        Command::Add(args) => commands::add::run(args, &resources, quiet),
        Command::Timeline(args) => commands::timeline::run(args, &resources, quiet),
        Command::Dates(args) => commands::dates::run(args, &resources, quiet),
        Command::Quotes(args) => commands::quotes::run(args, &resources, quiet),
        Command::Check(args) => commands::check::run(args, &resources, quiet),
        Command::CheckClaims(args) => commands::check::run_claims(args, &resources, quiet),
        Command::Places(args) => commands::places::run(args, &resources, quiet),
    };
    result.unwrap_or_else(|e| report_error(&e))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
