//! `rashomon eval ...`: scoring against public benchmarks with their official definitions.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use rashomon_eval::tempeval::{self, Counts, ScoredTimex, Scores};
use rashomon_eval::timeml;
use rayon::prelude::*;
use serde::Serialize;

/// What `rashomon eval timex` prints: the TempEval-3 scores plus how much was read.
#[derive(Debug, Serialize)]
pub struct TimexReport {
    #[serde(flatten)]
    pub scores: Scores,
    pub documents: usize,
    /// Wall time of tagging (without `--system`) or of reading the system files.
    pub seconds: f64,
}

/// One disagreement, for `--errors`.
#[derive(Debug, Serialize)]
pub struct TimexError {
    pub file: String,
    pub kind: &'static str,
    pub gold: Option<(String, String, String)>,
    pub system: Option<(String, String, String)>,
}

/// Writes `items` as JSON Lines (the `--errors` listings).
pub fn write_json_lines<T: Serialize>(path: &Path, items: &[T]) -> Result<()> {
    let mut out = String::new();
    for item in items {
        out.push_str(&serde_json::to_string(item)?);
        out.push('\n');
    }
    std::fs::write(path, out).with_context(|| format!("cannot write {}", path.display()))
}

fn tml_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries =
            std::fs::read_dir(&d).with_context(|| format!("cannot read {}", d.display()))?;
        for e in entries {
            let p = e?.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "tml") {
                files.push(p);
            }
        }
    }
    files.sort();
    if files.is_empty() {
        bail!("no .tml files in {}", dir.display());
    }
    Ok(files)
}

fn read_tml(path: &Path) -> Result<timeml::TimemlDoc> {
    let xml =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    timeml::parse(&xml).with_context(|| format!("{}: not a TimeML document", path.display()))
}

/// Scores our tagger (or the files in `system`) against the TimeML files under `gold`.
pub fn timex(gold: &Path, system: Option<&Path>) -> Result<(TimexReport, Vec<TimexError>)> {
    let files = tml_files(gold)?;
    let started = Instant::now();
    let per_file: Vec<Result<(Counts, Vec<TimexError>)>> = files
        .par_iter()
        .map(|path| {
            let doc = read_tml(path)?;
            let gold_timexes: Vec<ScoredTimex> =
                doc.timexes.iter().map(ScoredTimex::from).collect();
            let system_timexes: Vec<ScoredTimex> = match system {
                Some(dir) => {
                    let rel = path.strip_prefix(gold).unwrap_or(path);
                    let mut sys_path = dir.join(rel);
                    if !sys_path.exists() {
                        sys_path = dir.join(path.file_name().unwrap_or_default());
                    }
                    read_tml(&sys_path)?
                        .timexes
                        .iter()
                        .map(ScoredTimex::from)
                        .collect()
                }
                None => rashomon_time::tag(&doc.text, doc.dct())
                    .into_iter()
                    .map(|t| ScoredTimex {
                        start: t.span.start as usize,
                        end: t.span.end as usize,
                        text: doc.text[t.span.range()].to_string(),
                        kind: t.kind.as_str().to_string(),
                        value: t.value,
                    })
                    .collect(),
            };
            let counts = tempeval::count(&gold_timexes, &system_timexes);
            let file = path
                .strip_prefix(gold)
                .unwrap_or(path)
                .display()
                .to_string();
            Ok((counts, disagreements(&file, &gold_timexes, &system_timexes)))
        })
        .collect();
    let seconds = started.elapsed().as_secs_f64();
    let mut total = Counts::default();
    let mut errors = Vec::new();
    for r in per_file {
        let (c, e) = r?;
        total += c;
        errors.extend(e);
    }
    Ok((
        TimexReport {
            scores: total.scores(),
            documents: files.len(),
            seconds,
        },
        errors,
    ))
}

/// Every gold timex the system missed or got wrong, and every system timex with no gold,
/// aligned the way the scorer aligns them.
fn disagreements(file: &str, gold: &[ScoredTimex], system: &[ScoredTimex]) -> Vec<TimexError> {
    let show = |t: &ScoredTimex| (t.text.clone(), t.kind.clone(), t.value.clone());
    let mut used = vec![false; system.len()];
    let mut out = Vec::new();
    for g in gold {
        let pair = (0..system.len())
            .find(|&k| !used[k] && system[k].start < g.end && g.start < system[k].end);
        match pair {
            Some(k) => {
                used[k] = true;
                let s = &system[k];
                let kind = if s.value != g.value {
                    "value"
                } else if s.kind != g.kind {
                    "type"
                } else if s.text != g.text {
                    "extent"
                } else {
                    continue;
                };
                out.push(TimexError {
                    file: file.into(),
                    kind,
                    gold: Some(show(g)),
                    system: Some(show(s)),
                });
            }
            None => out.push(TimexError {
                file: file.into(),
                kind: "missed",
                gold: Some(show(g)),
                system: None,
            }),
        }
    }
    for (k, s) in system.iter().enumerate() {
        if !used[k] {
            out.push(TimexError {
                file: file.into(),
                kind: "spurious",
                gold: None,
                system: Some(show(s)),
            });
        }
    }
    out
}

/// What `rashomon eval pubdate` prints: how well publication dates are inferred from the text
/// when the known ones are hidden.
#[derive(Debug, Serialize)]
pub struct PubdateReport {
    /// Documents with a known (not inferred) publication date: the test cases.
    pub documents: usize,
    /// Percent of them for which a date was inferred.
    pub coverage: f64,
    /// Percent of inferred dates on the right day, within one day, within seven days, in the
    /// right month (of those inferred).
    pub exact: f64,
    pub within_1_day: f64,
    pub within_7_days: f64,
    pub same_month: f64,
    /// Percent of all documents with an inferred date within one day (coverage × accuracy).
    pub recall_within_1_day: f64,
    /// Mean confidence given to right (±1 day) and wrong inferences.
    pub mean_confidence_right: f64,
    pub mean_confidence_wrong: f64,
    /// Whether the corpus year was offered to the inference (`--corpus-year`).
    pub with_corpus_year: bool,
}

/// Hides every known publication date of `docs` and infers it again from the text alone (and
/// the corpus year when `corpus_year` is true), comparing with the hidden date.
/// One wrong inference (more than a day off), for `--errors`.
#[derive(Debug, Serialize)]
pub struct PubdateError {
    pub path: String,
    pub known: String,
    pub inferred: String,
    pub confidence: f32,
    pub evidence: Option<String>,
}

pub fn pubdate(
    docs: &[rashomon_model::AnnotatedDocument],
    corpus_year: bool,
) -> (PubdateReport, Vec<PubdateError>) {
    use rashomon_model::DateSource;
    let known: Vec<_> = docs
        .iter()
        .filter(|d| d.document.published.source != DateSource::Inferred)
        .filter_map(|d| d.document.published.value.map(|v| (d, v.date())))
        .collect();
    let year = corpus_year
        .then(|| rashomon_time::infer::corpus_year(known.iter().map(|(_, date)| *date)))
        .flatten();
    // (days off, same month, confidence) and the error to list when more than a day off.
    type Outcome = ((i64, bool, f32), Option<PubdateError>);
    let results: Vec<Option<Outcome>> = known
        .par_iter()
        .map(|(d, truth)| {
            let p = rashomon_time::infer::infer_publication(
                &d.document.text,
                d.layers.dateline.as_ref(),
                year,
            )?;
            let got = p.value?.date();
            let same_month = got.format("%Y-%m").to_string() == truth.format("%Y-%m").to_string();
            let off = (got - *truth).num_days().abs();
            let error = (off > 1).then(|| PubdateError {
                path: d.document.path.clone(),
                known: truth.to_string(),
                inferred: got.to_string(),
                confidence: p.confidence,
                evidence: p.evidence.clone(),
            });
            Some(((off, same_month, p.confidence), error))
        })
        .collect();
    let mut errors = Vec::new();
    let mut inferred: Vec<(i64, bool, f32)> = Vec::new();
    for (x, e) in results.into_iter().flatten() {
        inferred.push(x);
        errors.extend(e);
    }
    let pct = |n: usize, of: usize| {
        if of == 0 {
            0.0
        } else {
            (10000.0 * n as f64 / of as f64).round() / 100.0
        }
    };
    let count = |f: &dyn Fn(&(i64, bool, f32)) -> bool| inferred.iter().filter(|x| f(x)).count();
    let mean = |xs: Vec<f32>| {
        if xs.is_empty() {
            0.0
        } else {
            (1000.0 * xs.iter().map(|&x| f64::from(x)).sum::<f64>() / xs.len() as f64).round()
                / 1000.0
        }
    };
    let report = PubdateReport {
        documents: known.len(),
        coverage: pct(inferred.len(), known.len()),
        exact: pct(count(&|x| x.0 == 0), inferred.len()),
        within_1_day: pct(count(&|x| x.0 <= 1), inferred.len()),
        within_7_days: pct(count(&|x| x.0 <= 7), inferred.len()),
        same_month: pct(count(&|x| x.1), inferred.len()),
        recall_within_1_day: pct(count(&|x| x.0 <= 1), known.len()),
        mean_confidence_right: mean(inferred.iter().filter(|x| x.0 <= 1).map(|x| x.2).collect()),
        mean_confidence_wrong: mean(inferred.iter().filter(|x| x.0 > 1).map(|x| x.2).collect()),
        with_corpus_year: corpus_year,
    };
    (report, errors)
}
