//! `rashomon-lab eval piles DIR`: whole piles of real articles against gold written by reading
//! them (`eval/piles/README.md`). Each `DIR/<name>/docs/` is read as `rashomon timeline` reads
//! a folder — flat files, no date folders — and its timeline is scored against
//! `DIR/<name>/gold.json`: event recall (non-minor events), the share of entries on a day of
//! a gold event, wrong and missing publication dates, and disputes found with their sides.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use chrono::NaiveDate;
use rashomon_linking::claims::Status;
use rashomon_pile::timeline::{Made, TimelineOptions};
use rashomon_pile::{LayerOptions, Pile, ReadOptions, Resources};
use rashomon_report::{ClaimOut, TimelineOut};
use serde::{Deserialize, Serialize};

#[derive(Debug, Deserialize)]
struct Gold {
    events: Vec<GoldEvent>,
    #[serde(default)]
    disputes: Vec<GoldDispute>,
    #[serde(default)]
    published: BTreeMap<String, Window>,
}

#[derive(Debug, Deserialize)]
struct GoldEvent {
    date: NaiveDate,
    what: String,
    any: Vec<Vec<String>>,
    #[serde(default)]
    minor: bool,
}

#[derive(Debug, Deserialize)]
struct Side {
    doc: String,
}

#[derive(Debug, Deserialize)]
struct GoldDispute {
    claim: String,
    asserted_by: Vec<Side>,
    denied_by: Vec<Side>,
    any: Vec<Vec<String>>,
}

#[derive(Debug, Deserialize)]
struct Window {
    from: NaiveDate,
    to: NaiveDate,
    #[serde(default)]
    required: bool,
}

#[derive(Debug, Deserialize)]
struct Sources {
    part: String,
}

/// Whether `text` holds one alternative of every group (case-insensitive substrings).
fn matches(text: &str, any: &[Vec<String>]) -> bool {
    let lower = text.to_lowercase();
    any.iter()
        .all(|group| group.iter().any(|alt| lower.contains(&alt.to_lowercase())))
}

/// Counts of one pile (or pooled over several).
#[derive(Debug, Default, Clone, Serialize)]
pub struct Counts {
    pub piles: usize,
    pub documents: usize,
    pub events: usize,
    pub events_found: usize,
    pub minor_events_found: usize,
    pub entries: usize,
    pub entries_on_gold_days: usize,
    pub dated_documents: usize,
    pub wrong_dates: usize,
    pub missing_dates: usize,
    pub disputes: usize,
    pub disputes_found: usize,
    pub disputes_with_right_sides: usize,
    pub disputed_claims: usize,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.piles += o.piles;
        self.documents += o.documents;
        self.events += o.events;
        self.events_found += o.events_found;
        self.minor_events_found += o.minor_events_found;
        self.entries += o.entries;
        self.entries_on_gold_days += o.entries_on_gold_days;
        self.dated_documents += o.dated_documents;
        self.wrong_dates += o.wrong_dates;
        self.missing_dates += o.missing_dates;
        self.disputes += o.disputes;
        self.disputes_found += o.disputes_found;
        self.disputes_with_right_sides += o.disputes_with_right_sides;
        self.disputed_claims += o.disputed_claims;
    }
}

/// The figures the issue names, from counts.
#[derive(Debug, Serialize)]
pub struct Scores {
    #[serde(flatten)]
    pub counts: Counts,
    /// Non-minor gold events matched by an entry.
    pub event_recall: f64,
    /// Entries dated on the day of some gold event (minor ones included).
    pub entries_on_gold_days_share: f64,
    pub disputes_found_share: f64,
}

fn ratio(n: usize, of: usize) -> f64 {
    if of == 0 {
        0.0
    } else {
        (10000.0 * n as f64 / of as f64).round() / 10000.0
    }
}

impl From<Counts> for Scores {
    fn from(c: Counts) -> Scores {
        Scores {
            event_recall: ratio(c.events_found, c.events),
            entries_on_gold_days_share: ratio(c.entries_on_gold_days, c.entries),
            disputes_found_share: ratio(c.disputes_found, c.disputes),
            counts: c,
        }
    }
}

/// One gold item the timeline missed or got wrong, for reading.
#[derive(Debug, Serialize)]
pub struct Miss {
    pub pile: String,
    /// `event` (not found), `date` (a wrong or missing publication date), `dispute` (not
    /// found).
    pub kind: &'static str,
    pub what: String,
    pub detail: String,
}

#[derive(Debug, Serialize)]
pub struct PileScores {
    pub name: String,
    pub part: String,
    #[serde(flatten)]
    pub scores: Scores,
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub piles: Vec<PileScores>,
    /// Pooled by part (`tune`, `check`) and over all.
    pub pooled: BTreeMap<String, Scores>,
    pub seconds: f64,
}

/// The file name without extension: how gold refers to a document.
fn prefix(path: &str) -> String {
    let name = Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    match name.split_once('.') {
        Some((stem, _)) => stem.to_string(),
        None => name,
    }
}

fn claim_texts(c: &ClaimOut) -> String {
    let mut all = vec![c.text.as_str()];
    all.extend(c.asserted_by.iter().map(|s| s.text.as_str()));
    all.extend(c.denied_by.iter().map(|s| s.text.as_str()));
    all.join(" \u{1}")
}

fn score(name: &str, gold: &Gold, out: &TimelineOut, misses: &mut Vec<Miss>) -> Counts {
    let mut c = Counts {
        piles: 1,
        documents: out.documents.len(),
        ..Counts::default()
    };
    let prefix_of: BTreeMap<&str, String> = out
        .documents
        .iter()
        .map(|d| (d.id.as_str(), prefix(&d.path)))
        .collect();
    // Events.
    let gold_days: std::collections::BTreeSet<NaiveDate> =
        gold.events.iter().map(|e| e.date).collect();
    for e in &gold.events {
        let found = out.entries.iter().any(|entry| {
            entry.date == e.date && {
                let text: Vec<&str> = entry.summary.iter().map(|s| s.text.as_str()).collect();
                matches(&text.join(" "), &e.any)
            }
        });
        if e.minor {
            c.minor_events_found += found as usize;
            continue;
        }
        c.events += 1;
        if found {
            c.events_found += 1;
        } else {
            misses.push(Miss {
                pile: name.to_string(),
                kind: "event",
                what: format!("{} {}", e.date, e.what),
                detail: match out.entries.iter().find(|x| x.date == e.date) {
                    Some(x) => format!(
                        "entry of that day says: {}",
                        x.summary
                            .iter()
                            .map(|s| s.text.as_str())
                            .collect::<Vec<_>>()
                            .join(" / ")
                    ),
                    None => "no entry on that day".to_string(),
                },
            });
        }
    }
    c.entries = out.entries.len();
    c.entries_on_gold_days = out
        .entries
        .iter()
        .filter(|e| gold_days.contains(&e.date))
        .count();
    // Publication dates.
    for d in &out.documents {
        let p = prefix(&d.path);
        let Some(window) = gold.published.get(&p) else {
            continue;
        };
        c.dated_documents += 1;
        match d.published.value.map(|v| v.date()) {
            Some(date) if date < window.from || date > window.to => {
                c.wrong_dates += 1;
                misses.push(Miss {
                    pile: name.to_string(),
                    kind: "date",
                    what: format!("{p}: published {date}"),
                    detail: format!(
                        "gold {}..{}; {:?}: {}",
                        window.from,
                        window.to,
                        d.published.source,
                        d.published.evidence.as_deref().unwrap_or("")
                    ),
                });
            }
            None if window.required => {
                c.missing_dates += 1;
                misses.push(Miss {
                    pile: name.to_string(),
                    kind: "date",
                    what: format!("{p}: no publication date"),
                    detail: format!("gold {}..{} (required)", window.from, window.to),
                });
            }
            _ => {}
        }
    }
    // Disputes.
    c.disputed_claims = out
        .claims
        .iter()
        .filter(|x| x.status == Status::Disputed)
        .count();
    for g in &gold.disputes {
        c.disputes += 1;
        let asserted: Vec<&str> = g.asserted_by.iter().map(|s| s.doc.as_str()).collect();
        let denied: Vec<&str> = g.denied_by.iter().map(|s| s.doc.as_str()).collect();
        let doc_of = |id: &str| prefix_of.get(id).cloned().unwrap_or_default();
        let candidates: Vec<&ClaimOut> = out
            .claims
            .iter()
            .filter(|x| x.status == Status::Disputed && matches(&claim_texts(x), &g.any))
            .collect();
        let found = candidates.iter().any(|x| {
            x.denied_by
                .iter()
                .any(|s| denied.contains(&doc_of(&s.doc_id).as_str()))
        });
        let sides = candidates.iter().any(|x| {
            x.denied_by
                .iter()
                .any(|s| denied.contains(&doc_of(&s.doc_id).as_str()))
                && x.asserted_by
                    .iter()
                    .any(|s| asserted.contains(&doc_of(&s.doc_id).as_str()))
        });
        c.disputes_found += found as usize;
        c.disputes_with_right_sides += sides as usize;
        if !found {
            misses.push(Miss {
                pile: name.to_string(),
                kind: "dispute",
                what: g.claim.clone(),
                detail: format!("{} disputed claim(s) match its words", candidates.len()),
            });
        }
    }
    c
}

/// Scores every pile in `dir` (only those of part `only`, when given); `misses` collects what
/// was not found.
pub fn evaluate(
    dir: &Path,
    only: Option<&str>,
    resources: &Resources,
    misses: &mut Vec<Miss>,
    on_pile: impl Fn(&str),
) -> Result<Report> {
    let started = std::time::Instant::now();
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("gold.json").is_file() && p.join("docs").is_dir())
        .collect();
    names.sort();
    anyhow::ensure!(
        !names.is_empty(),
        "{}: no piles (folders holding gold.json and docs/); lay them out with python3 eval/piles/layout.py",
        dir.display()
    );
    let mut piles = Vec::new();
    let mut pooled: BTreeMap<String, Counts> = BTreeMap::new();
    for path in names {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let read = |file: &str| -> Result<String> {
            let p = path.join(file);
            std::fs::read_to_string(&p).with_context(|| format!("cannot read {}", p.display()))
        };
        let gold: Gold = serde_json::from_str(&read("gold.json")?).with_context(|| {
            format!("{}: not a pile gold file", path.join("gold.json").display())
        })?;
        let part = match path.join("sources.json").is_file() {
            true => serde_json::from_str::<Sources>(&read("sources.json")?)
                .map(|s| s.part)
                .unwrap_or_else(|_| "?".into()),
            false => "?".into(),
        };
        if only.is_some_and(|p| p != part) {
            continue;
        }
        on_pile(&name);
        let options = ReadOptions {
            layers: LayerOptions::default(),
            ..ReadOptions::default()
        };
        let mut pile = Pile::read(&[path.join("docs")], &[], &options, resources, None, |_| {})?;
        let Made { out, .. } = rashomon_pile::timeline::make(
            &mut pile,
            resources,
            &TimelineOptions {
                timeline: rashomon_timeline::Options::default(),
                duplicate_threshold: rashomon_linking::duplicates::DEFAULT_THRESHOLD,
            },
        )?;
        let counts = score(&name, &gold, &out, misses);
        pooled.entry(part.clone()).or_default().add(&counts);
        pooled.entry("all".into()).or_default().add(&counts);
        piles.push(PileScores {
            name,
            part,
            scores: counts.into(),
        });
    }
    Ok(Report {
        piles,
        pooled: pooled.into_iter().map(|(k, v)| (k, v.into())).collect(),
        seconds: started.elapsed().as_secs_f64(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_group_needs_one_alternative() {
        let any = vec![
            vec!["evacuat".to_string(), "left".to_string()],
            vec!["raqqa".to_string()],
        ];
        assert!(matches("Buses LEFT Raqqa on Saturday.", &any));
        assert!(matches("The evacuation of Raqqa began.", &any));
        assert!(!matches("Buses left the city.", &any));
    }

    #[test]
    fn gold_refers_to_documents_by_file_prefix() {
        assert_eq!(prefix("out/piles/x/docs/03.txt"), "03");
        assert_eq!(prefix("docs/07"), "07");
    }
}
