//! `rashomon check "CLAIM" PATH…`: which sources of a pile assert a claim, deny it or only
//! report it, with their sentences and speakers, ranked (see `rashomon_pile::check`);
//! `rashomon check-claims timeline.json PATH…`: the same for every claim of a timeline.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::Args;
use rashomon::cli::InputArgs;
use rashomon_pile::check::{CheckOut, Verdict};
use rashomon_pile::{LayerOptions, Resources};

#[derive(Args)]
pub struct CheckCli {
    /// The claim to check, as a sentence ("the SDF agreed a corridor with IS out of Raqqa").
    pub claim: String,
    #[command(flatten)]
    pub input: InputArgs,
    /// Print the answer as JSON: {claim, articles, asserts, denies, reports, sources: [{doc_id,
    /// path, outlet, published, verdict, probability, relevance, parties, sentences}]}.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct CheckClaimsCli {
    /// A timeline.json written by `rashomon timeline`: every claim in it is checked.
    pub timeline: std::path::PathBuf,
    #[command(flatten)]
    pub input: InputArgs,
    /// Print the answers as JSON: {timeline, claims: [{id, status, check: {claim, articles,
    /// asserts, denies, reports, sources}}]} (`check` is what `rashomon check --json` prints).
    #[arg(long)]
    pub json: bool,
    /// Check only the claims the timeline gave this status (repeatable; default: every
    /// claim). A large pile's timeline holds thousands of claims: `--status disputed` checks
    /// the ones in question.
    #[arg(long, value_enum)]
    pub status: Vec<ClaimStatus>,
    /// Check at most this many claims (in the timeline's order: disputed first).
    #[arg(long)]
    pub limit: Option<usize>,
}

/// A claim's status in a timeline, as `timeline.json` writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ClaimStatus {
    Disputed,
    Denied,
    Corroborated,
    SingleSource,
}

impl ClaimStatus {
    /// As `timeline.json` writes it (the claims' own names).
    fn as_str(self) -> &'static str {
        use rashomon_linking::claims::Status;
        match self {
            ClaimStatus::Disputed => Status::Disputed,
            ClaimStatus::Denied => Status::Denied,
            ClaimStatus::Corroborated => Status::Corroborated,
            ClaimStatus::SingleSource => Status::SingleSource,
        }
        .as_str()
    }
}

/// What `check` reads of the pile: attributions (the quoted parties), no dates or places.
const LAYERS: LayerOptions = LayerOptions {
    timexes: false,
    attributions: true,
    places: false,
};

pub fn run(cli: &CheckCli, resources: &Resources, quiet: bool) -> Result<ExitCode> {
    if rashomon_stance::words::words(&cli.claim).is_empty() {
        bail!("the claim {:?} has no words to look for", cli.claim);
    }
    let mut pile = cli.input.pile(LAYERS, resources, quiet, None)?;
    if pile.is_empty() {
        eprintln!("error: no usable document in the input(s)");
        return Ok(ExitCode::from(1));
    }
    let out = rashomon_pile::check::check(&mut pile, resources, &cli.claim)?;
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    if cli.json {
        serde_json::to_writer_pretty(&mut w, &out)?;
        writeln!(w)?;
    } else {
        write_text(&out, &mut w)?;
    }
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// A claim of a timeline.json: what `check-claims` reads of it.
#[derive(serde::Deserialize)]
struct TimelineClaim {
    id: usize,
    status: String,
    text: String,
}

#[derive(serde::Deserialize)]
struct TimelineClaims {
    claims: Vec<TimelineClaim>,
}

/// A timeline claim with the check of it.
#[derive(serde::Serialize)]
struct CheckedClaim<'a> {
    id: usize,
    status: &'a str,
    check: &'a CheckOut,
}

pub fn run_claims(cli: &CheckClaimsCli, resources: &Resources, quiet: bool) -> Result<ExitCode> {
    let path = &cli.timeline;
    let file = std::fs::File::open(path)
        .with_context(|| format!("cannot read the timeline {}", path.display()))?;
    let timeline: TimelineClaims = serde_json::from_reader(std::io::BufReader::new(file))
        .with_context(|| {
            format!(
                "{} is not a timeline.json written by `rashomon timeline` (it needs a `claims` list of {{id, status, text}})",
                path.display()
            )
        })?;
    let mut pile = cli.input.pile(LAYERS, resources, quiet, None)?;
    if pile.is_empty() {
        eprintln!("error: no usable document in the input(s)");
        return Ok(ExitCode::from(1));
    }
    let mut timeline = timeline;
    timeline
        .claims
        .retain(|c| cli.status.is_empty() || cli.status.iter().any(|s| s.as_str() == c.status));
    timeline.claims.truncate(cli.limit.unwrap_or(usize::MAX));
    let texts: Vec<String> = timeline.claims.iter().map(|c| c.text.clone()).collect();
    let bar = rashomon::progress::step_bar(quiet, "documents checked");
    let answers = rashomon_pile::check::check_all(&mut pile, resources, &texts, |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    })?;
    bar.finish_and_clear();
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    if cli.json {
        let checked: Vec<CheckedClaim> = timeline
            .claims
            .iter()
            .zip(&answers)
            .map(|(c, check)| CheckedClaim {
                id: c.id,
                status: &c.status,
                check,
            })
            .collect();
        serde_json::to_writer_pretty(
            &mut w,
            &serde_json::json!({ "timeline": path.display().to_string(), "claims": checked }),
        )?;
        writeln!(w)?;
    } else {
        writeln!(
            w,
            "{} claim(s) of {} checked against {} article(s).",
            answers.len(),
            path.display(),
            pile.len()
        )?;
        for (c, out) in timeline.claims.iter().zip(&answers) {
            writeln!(w, "\n== claim {} ({} in the timeline)", c.id, c.status)?;
            write_text(out, &mut w)?;
        }
    }
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn write_text(out: &CheckOut, w: &mut impl Write) -> Result<()> {
    writeln!(
        w,
        "Claim: {}\n{} of {} articles take it up: {} assert it, {} deny it, {} only report it.",
        out.claim,
        out.sources.len(),
        out.articles,
        out.asserts,
        out.denies,
        out.reports
    )?;
    for s in &out.sources {
        writeln!(
            w,
            "\n{} {} ({}{}) — {} (p {:.2})",
            match s.verdict {
                Verdict::Asserts => "+",
                Verdict::Denies => "-",
                Verdict::Reports => "~",
            },
            s.outlet.as_deref().unwrap_or(&s.doc_id),
            s.path,
            s.published.map(|d| format!(", {d}")).unwrap_or_default(),
            s.verdict.as_str(),
            s.probability
        )?;
        for p in &s.parties {
            writeln!(
                w,
                "    {} {}: \"{}\" [{}..{}]",
                p.speaker.as_deref().unwrap_or("someone"),
                p.side.map_or("says", Verdict::as_str),
                p.text,
                p.start,
                p.end
            )?;
        }
        for e in &s.sentences {
            writeln!(w, "    \"{}\" [{}..{}]", e.text, e.start, e.end)?;
        }
    }
    Ok(())
}
