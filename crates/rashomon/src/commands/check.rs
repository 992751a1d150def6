//! `rashomon check "CLAIM" PATH…`: which sources of a pile assert a claim, deny it or only
//! report it, with their sentences and speakers, ranked (see `rashomon_pile::check`).

use std::io::Write;
use std::process::ExitCode;

use anyhow::{bail, Result};
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

pub fn run(cli: &CheckCli, resources: &Resources, quiet: bool) -> Result<ExitCode> {
    if rashomon_stance::words::words(&cli.claim).is_empty() {
        bail!("the claim {:?} has no words to look for", cli.claim);
    }
    let layers = LayerOptions {
        timexes: false,
        attributions: true,
        places: false,
    };
    let mut pile = cli.input.pile(layers, resources, quiet, None)?;
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
