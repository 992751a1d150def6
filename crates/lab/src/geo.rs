//! `rashomon-lab eval geo`: geoparsing scores on news toponym sets (LGL layout, GeoVirus, GWN).

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use rashomon_eval::geo::{self, GeoScorer, GeoScores, Predicted};
use rashomon_model::Span;
use rashomon_places::resolve::{PilePrior, PlaceTally};
use rashomon_places::Gazetteer;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct GeoReport {
    #[serde(flatten)]
    pub scores: GeoScores,
    pub mode: &'static str,
    pub articles: usize,
    /// Gold toponyms without coordinates (not scored).
    pub unscored: usize,
    /// Gold offsets repaired because they did not point at the name.
    pub realigned: usize,
    pub dropped: usize,
    pub gazetteer: String,
    /// Find + resolve throughput, one thread (end to end) or resolve only (gold mentions).
    pub mb_per_s: f64,
}

/// How the report names the gazetteer in use (`--gazetteer FILE`, or the shipped one).
pub fn gazetteer_name(path: Option<&PathBuf>) -> String {
    match path {
        Some(p) => p.display().to_string(),
        None => "shipped (towns ≥ 1,000, countries, regions, districts)".to_string(),
    }
}

/// For `--errors`: a gold toponym resolved 161 km or more off (gold-mention mode), or, end to
/// end, a gold toponym not found or a span found where the gold has no scored toponym.
#[derive(Debug, Serialize)]
pub struct GeoMiss {
    /// `far` (resolved 161 km or more off), `missed` (end to end: not found) or `spurious`
    /// (end to end: found where the gold has no scored toponym).
    pub kind: &'static str,
    pub article: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gold: Option<(f64, f64)>,
    pub chosen: Option<String>,
    pub error_km: f64,
    pub candidates: usize,
    /// The smallest error any candidate would have given.
    pub best_candidate_km: Option<f64>,
}

/// The error of one gold toponym, if it is one: `found` is the resolution at its span
/// (`None`: no span found there, end to end).
fn miss(
    g: &Gazetteer,
    article: &str,
    t: &geo::GoldToponym,
    found: Option<Option<rashomon_places::resolve::Resolution>>,
) -> Option<GeoMiss> {
    let cands = rashomon_places::resolve::candidates(g, &t.name);
    let err_of = |i: u32| {
        let p = &g.places[i as usize];
        geo::distance_km(t.lat, t.lon, p.lat as f64, p.lon as f64)
    };
    let (kind, chosen, error_km) = match found {
        None => ("missed", None, geo::MAX_ERROR_KM),
        Some(r) => {
            let error = r.map_or(geo::MAX_ERROR_KM, |r| err_of(r.place));
            if error < 161.0 {
                return None;
            }
            let chosen = r.map(|r| describe(&g.places[r.place as usize]));
            ("far", chosen, error)
        }
    };
    Some(GeoMiss {
        kind,
        article: article.to_string(),
        name: t.name.clone(),
        gold: Some((t.lat, t.lon)),
        chosen,
        error_km,
        candidates: cands.len(),
        best_candidate_km: cands
            .iter()
            .map(|&i| err_of(i))
            .min_by(|a, b| a.total_cmp(b)),
    })
}

fn describe(p: &rashomon_places::Place) -> String {
    format!(
        "{} ({}, {}, {})",
        p.name,
        p.class.as_str(),
        p.country,
        p.population
    )
}

/// Scores `g` on the corpus; `gazetteer` names it in the report. With `errors`, lists every
/// error too.
pub fn evaluate_with_errors(
    corpus: &Path,
    gold_mentions: bool,
    g: &Gazetteer,
    gazetteer: Option<&PathBuf>,
    mut errors: Option<&mut Vec<GeoMiss>>,
) -> Result<GeoReport> {
    let xml = std::fs::read_to_string(corpus)
        .with_context(|| format!("cannot read {}", corpus.display()))?;
    let gold = geo::parse(&xml)
        .with_context(|| format!("{}: not a geoparsing corpus", corpus.display()))?;
    let gaz_name = gazetteer_name(gazetteer);
    let mut scorer = GeoScorer::default();
    let started = Instant::now();
    let mut bytes = 0usize;
    // The corpus is a pile, read as the pipeline reads one: toponyms are found once, resolved
    // per document, and resolved again with the pile's prior (where its places lie).
    let found: Vec<Vec<(usize, usize)>> = gold
        .articles
        .iter()
        .map(|a| {
            if gold_mentions {
                a.toponyms.iter().map(|t| (t.start, t.end)).collect()
            } else {
                rashomon_places::find_toponyms(g, &a.text)
                    .into_iter()
                    .map(|s| (s.start as usize, s.end as usize))
                    .collect()
            }
        })
        .collect();
    // First readings, as the per-document layer makes them; their tallies give the prior.
    let tallies: Vec<PlaceTally> = gold
        .articles
        .iter()
        .zip(&found)
        .map(|(a, spans)| {
            let spans: Vec<Span> = spans.iter().map(|&(s, e)| Span::new(s, e)).collect();
            let first = rashomon_places::resolve_spans(g, &a.text, &spans, &PilePrior::default());
            PlaceTally::of_toponyms(&first)
        })
        .collect();
    // Each article's outlet, named as ingest names one from a web address.
    let outlets: Vec<Option<String>> = gold
        .articles
        .iter()
        .map(|a| {
            let address = a.address.as_deref()?;
            rashomon_ingest::build::outlet_from_url(address).map(|o| o.name)
        })
        .collect();
    let pile = PilePrior::from_documents(outlets.iter().map(Option::as_deref).zip(&tallies));
    for (((a, spans), own), outlet) in gold.articles.iter().zip(&found).zip(&tallies).zip(&outlets)
    {
        let host = a.address.as_deref().and_then(rashomon_pile::host_of);
        let prior = pile
            .for_document(outlet.as_deref(), Some(own))
            .with_host(host.as_deref());
        bytes += a.text.len();
        let predicted: Vec<Predicted> = if gold_mentions {
            let resolved = rashomon_places::resolve::resolve_text_spans(g, &a.text, spans, prior);
            if let Some(errors) = errors.as_deref_mut() {
                for (t, r) in a.toponyms.iter().zip(&resolved) {
                    errors.extend(miss(g, &a.id, t, Some(*r)));
                }
            }
            a.toponyms
                .iter()
                .zip(resolved)
                .filter_map(|(t, r)| {
                    let r = r?;
                    let p = &g.places[r.place as usize];
                    Some(Predicted {
                        start: t.start,
                        end: t.end,
                        lat: p.lat as f64,
                        lon: p.lon as f64,
                        geonameid: Some(p.id),
                    })
                })
                .collect()
        } else {
            let resolved = rashomon_places::resolve::resolve_text_spans(g, &a.text, spans, prior);
            if let Some(errors) = errors.as_deref_mut() {
                for t in &a.toponyms {
                    let found = spans
                        .iter()
                        .zip(&resolved)
                        .find(|(&(s, e), _)| t.start < e && s < t.end)
                        .map(|(_, r)| *r);
                    errors.extend(miss(g, &a.id, t, found));
                }
                for (&(start, end), r) in spans.iter().zip(&resolved) {
                    if a.toponyms.iter().any(|t| t.start < end && start < t.end) {
                        continue;
                    }
                    let cands = rashomon_places::resolve::candidates(g, &a.text[start..end]);
                    errors.push(GeoMiss {
                        kind: "spurious",
                        article: a.id.clone(),
                        name: a.text[start..end].to_string(),
                        gold: None,
                        chosen: r.map(|r| describe(&g.places[r.place as usize])),
                        error_km: 0.0,
                        candidates: cands.len(),
                        best_candidate_km: None,
                    });
                }
            }
            resolved
                .into_iter()
                .zip(spans)
                .filter_map(|(r, &(start, end))| {
                    let p = &g.places[r?.place as usize];
                    Some(Predicted {
                        start,
                        end,
                        lat: p.lat as f64,
                        lon: p.lon as f64,
                        geonameid: Some(p.id),
                    })
                })
                .collect()
        };
        scorer.add(&a.toponyms, &predicted);
    }
    let seconds = started.elapsed().as_secs_f64();
    Ok(GeoReport {
        scores: scorer.scores(!gold_mentions),
        mode: if gold_mentions {
            "gold_mentions"
        } else {
            "end_to_end"
        },
        articles: gold.articles.len(),
        unscored: gold.unscored,
        realigned: gold.realigned,
        dropped: gold.dropped,
        gazetteer: gaz_name,
        mb_per_s: bytes as f64 / 1e6 / seconds.max(1e-9),
    })
}
