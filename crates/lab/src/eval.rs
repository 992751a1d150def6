//! `rashomon-lab eval ...`: scoring against public benchmarks with their official definitions.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use rashomon_eval::align::timexes_in_gold;
use rashomon_eval::tempeval::{self, Counts, ScoredTimex, Scores};
use rashomon_eval::timeml;
use rayon::prelude::*;
use serde::Serialize;

/// What `rashomon-lab eval timex` prints: the TempEval-3 scores plus how much was read.
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
pub use rashomon::output::write_json_lines;

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
            let (gold_timexes, system_timexes) = match system {
                // The system's copy is compared by the text of its <TEXT>, as the TE3 toolkit
                // does: line ends, header markup and whitespace may differ from the gold file.
                Some(dir) => {
                    let rel = path.strip_prefix(gold).unwrap_or(path);
                    let mut sys_path = dir.join(rel);
                    if !sys_path.exists() {
                        sys_path = dir.join(path.file_name().unwrap_or_default());
                    }
                    let sys_doc = read_tml(&sys_path)?;
                    timexes_in_gold(&doc, &sys_doc).with_context(|| {
                        format!(
                            "{} is misaligned with {}",
                            sys_path.display(),
                            path.display()
                        )
                    })?
                }
                None => (
                    doc.timexes.iter().map(ScoredTimex::from).collect(),
                    rashomon_time::tag(&doc.text, doc.dct())
                        .into_iter()
                        .map(|t| ScoredTimex {
                            start: t.span.start as usize,
                            end: t.span.end as usize,
                            text: doc.text[t.span.range()].to_string(),
                            kind: t.kind.as_str().to_string(),
                            value: t.value,
                        })
                        .collect(),
                ),
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

/// What `rashomon-lab eval pubdate` prints: how well publication dates are inferred from the text
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
        .then(|| {
            rashomon_time::infer::corpus_year(
                known
                    .iter()
                    .map(|(d, _)| (d.document.published.source, d.document.published.value)),
            )
        })
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
            use chrono::Datelike;
            let same_month = (got.year(), got.month()) == (truth.year(), truth.month());
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

/// `rashomon-lab eval tls`: Timeline17 tasks, our timelines or given ones, tilse scores.
pub mod tls {
    use std::collections::BTreeMap;
    use std::path::{Path, PathBuf};
    use std::time::Instant;

    use anyhow::{bail, Context, Result};
    use chrono::NaiveDate;
    use rashomon_eval::rouge::{Rouge, RougeResources};
    use rashomon_eval::tls::{score, Prf, Timeline, TimelineScores};
    use rashomon_model::Sentences;
    use serde::Serialize;

    pub struct Args {
        pub t17: PathBuf,
        pub keywords: PathBuf,
        pub topics: Vec<String>,
        pub pred: Option<PathBuf>,
        pub rouge_data: Option<PathBuf>,
        /// Where to write our predicted timelines (tilse format), if anywhere.
        pub write_pred: Option<PathBuf>,
    }

    /// One task: a reference timeline of a topic.
    struct Task {
        topic: String,
        folder: String,
        file: String,
        reference: Timeline,
    }

    #[derive(Debug, Serialize)]
    pub struct TaskScores {
        pub topic: String,
        pub timeline: String,
        #[serde(flatten)]
        pub scores: TimelineScores,
        pub dates: usize,
        pub sentences_per_date: usize,
        pub input_documents: usize,
    }

    #[derive(Debug, Serialize)]
    pub struct TopicTime {
        pub topic: String,
        pub documents: usize,
        /// Reading, cleaning, dating and building every timeline of the topic, from raw text.
        pub seconds: f64,
    }

    #[derive(Debug, Serialize)]
    pub struct Report {
        /// P and R averaged over the timelines, F of the averages.
        pub aggregate: TimelineScores,
        pub timelines: Vec<TaskScores>,
        pub topics: Vec<TopicTime>,
        pub seconds: f64,
    }

    fn tasks(t17: &Path, only: &[String]) -> Result<Vec<Task>> {
        let mut out = Vec::new();
        let mut folders: Vec<PathBuf> = std::fs::read_dir(t17)
            .with_context(|| format!("cannot read {}", t17.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.join("timelines").is_dir())
            .collect();
        folders.sort();
        for folder in folders {
            let name = folder
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            let topic = name.split('_').next().unwrap_or(&name).to_string();
            if !only.is_empty() && !only.iter().any(|t| t == &topic) {
                continue;
            }
            let mut files: Vec<PathBuf> = std::fs::read_dir(folder.join("timelines"))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .collect();
            files.sort();
            for f in files {
                let text = std::fs::read_to_string(&f)
                    .with_context(|| format!("cannot read {}", f.display()))?;
                out.push(Task {
                    topic: topic.clone(),
                    folder: name.clone(),
                    file: f
                        .file_name()
                        .unwrap_or_default()
                        .to_string_lossy()
                        .to_string(),
                    reference: Timeline::parse(&text),
                });
            }
        }
        if out.is_empty() {
            bail!(
                "no reference timelines (<Topic_source>/timelines/*.txt) in {}",
                t17.display()
            );
        }
        Ok(out)
    }

    /// Python's `round`: half to even.
    fn round_half_even(x: f64) -> usize {
        let r = x.round();
        if (x - x.trunc()).abs() == 0.5 && r % 2.0 != 0.0 {
            (r - x.signum()) as usize
        } else {
            r as usize
        }
    }

    fn keywords_of(dir: &Path, topic: &str) -> Result<Vec<String>> {
        let path = dir.join(format!("{topic}.json"));
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        serde_json::from_str(&text)
            .with_context(|| format!("{}: not a JSON list of keywords", path.display()))
    }

    /// The documents of a topic and, for each, the index of its duplicate group's original.
    fn load_topic(
        t17: &Path,
        topic: &str,
        resources: &rashomon_pile::Resources,
    ) -> Result<(rashomon_pile::Pile, Vec<usize>)> {
        let mut inputs: Vec<PathBuf> = std::fs::read_dir(t17)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.split('_').next() == Some(topic))
                    && p.join("InputDocs").is_dir()
            })
            .map(|p| p.join("InputDocs"))
            .collect();
        inputs.sort();
        let pile =
            rashomon_pile::Pile::read(&inputs, &[], &crate::dates_only(), resources, None, |_| {})?;
        let duplicates = pile.duplicates(rashomon_linking::duplicates::DEFAULT_THRESHOLD)?;
        Ok((pile, duplicates.group_of))
    }

    /// Our timeline for a task, in tilse form: the topic's articles published within the
    /// reference's first and last date, l dates, k sentences per date, keyword sentences only.
    fn predict(
        pile: &rashomon_pile::Pile,
        resources: &rashomon_pile::Resources,
        group_of: &[usize],
        task: &Task,
        keywords: &[String],
    ) -> (Timeline, usize, usize, usize) {
        let (Some(&first), Some(&last)) = (
            task.reference.dates.keys().next(),
            task.reference.dates.keys().last(),
        ) else {
            return (Timeline::default(), 0, 0, 0);
        };
        let l = task.reference.dates.len();
        let sentences: usize = task.reference.dates.values().map(Vec::len).sum();
        let k = round_half_even(sentences as f64 / l as f64).max(1);
        let keep: Vec<usize> = (0..pile.len())
            .filter(|&i| {
                pile.metas()[i]
                    .published
                    .value
                    .is_some_and(|v| (first..=last).contains(&v.date()))
            })
            .collect();
        let all: Vec<rashomon_timeline::DocDates> = pile
            .part(rashomon_pile::Part::Dates)
            .expect("the topic's store reads back");
        let subset: Vec<&rashomon_timeline::DocDates> = keep.iter().map(|&i| &all[i]).collect();
        let view = pile.view(resources);
        let within = rashomon_timeline::Subset {
            members: &keep,
            all: &view,
        };
        let sub_group = rashomon_timeline::regroup(&keep, group_of);
        let options = rashomon_timeline::Options {
            dates: Some(l),
            sentences_per_date: Some(k),
            keywords: keywords.to_vec(),
            from: Some(first),
            to: Some(last),
            // Timeline17 asks for `l` dates of `k` sentences: the large-pile reading.
            mode: Some(rashomon_timeline::Mode::TopDates),
        };
        let built =
            rashomon_timeline::build_from(&subset, &sub_group, &options, &within, &pile.terms);
        let mut dates: BTreeMap<NaiveDate, Vec<String>> = BTreeMap::new();
        for e in &built.entries {
            let wanted: Vec<(usize, rashomon_model::Span)> =
                e.summary.iter().map(|s| (s.doc, s.span)).collect();
            let sentences = within
                .texts(&wanted)
                .into_iter()
                .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
                .collect();
            dates.insert(e.date, sentences);
        }
        (Timeline { dates }, l, k, subset.len())
    }

    fn mean_prf(xs: &[Prf]) -> Prf {
        let n = xs.len().max(1) as f64;
        Prf::new(
            xs.iter().map(|x| x.p).sum::<f64>() / n,
            xs.iter().map(|x| x.r).sum::<f64>() / n,
        )
    }

    pub fn run(args: &Args, models: &rashomon_pile::Resources) -> Result<Report> {
        let started = Instant::now();
        let rouge_dir = args
            .rouge_data
            .clone()
            .unwrap_or_else(|| args.t17.join("..").join("tilse"));
        let resources = RougeResources::load(&rouge_dir)
            .with_context(|| "the ROUGE resources (smart_common_words.txt, WordNet-2.0.exc.tsv) are needed; give --rouge-data DIR")?;
        let rouge = Rouge::new(&resources);
        let tasks = tasks(&args.t17, &args.topics)?;
        let mut results = Vec::new();
        let mut topics = Vec::new();
        let mut by_topic: BTreeMap<String, Vec<&Task>> = BTreeMap::new();
        for t in &tasks {
            by_topic.entry(t.topic.clone()).or_default().push(t);
        }
        for (topic, topic_tasks) in by_topic {
            let topic_started = Instant::now();
            let mut predictions = Vec::new();
            let mut documents = 0;
            if let Some(dir) = &args.pred {
                for t in &topic_tasks {
                    let path = dir.join(&t.folder).join(&t.file);
                    let text = std::fs::read_to_string(&path).with_context(|| {
                        format!("cannot read predicted timeline {}", path.display())
                    })?;
                    predictions.push((Timeline::parse(&text), t.reference.dates.len(), 0, 0));
                }
            } else {
                let keywords = keywords_of(&args.keywords, &topic)?;
                let (pile, group_of) = load_topic(&args.t17, &topic, models)?;
                documents = pile.len();
                for t in &topic_tasks {
                    predictions.push(predict(&pile, models, &group_of, t, &keywords));
                }
            }
            topics.push(TopicTime {
                topic: topic.clone(),
                documents,
                seconds: topic_started.elapsed().as_secs_f64(),
            });
            for (t, (pred, l, k, n)) in topic_tasks.iter().zip(predictions) {
                if let Some(dir) = &args.write_pred {
                    let path = dir.join(&t.folder);
                    std::fs::create_dir_all(&path)?;
                    std::fs::write(path.join(&t.file), pred.to_tilse())?;
                }
                results.push(TaskScores {
                    topic: topic.clone(),
                    timeline: format!("{}/{}", t.folder, t.file),
                    scores: score(&rouge, &pred, std::slice::from_ref(&t.reference)),
                    dates: l,
                    sentences_per_date: k,
                    input_documents: n,
                });
            }
        }
        let pick = |f: &dyn Fn(&TimelineScores) -> Prf| {
            mean_prf(&results.iter().map(|r| f(&r.scores)).collect::<Vec<_>>())
        };
        let aggregate = TimelineScores {
            ar1: pick(&|s| s.ar1),
            ar2: pick(&|s| s.ar2),
            concat_r1: pick(&|s| s.concat_r1),
            concat_r2: pick(&|s| s.concat_r2),
            agreement_r1: pick(&|s| s.agreement_r1),
            agreement_r2: pick(&|s| s.agreement_r2),
            date: pick(&|s| s.date),
        };
        Ok(Report {
            aggregate,
            timelines: results,
            topics,
            seconds: started.elapsed().as_secs_f64(),
        })
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn python_rounding() {
            assert_eq!(super::round_half_even(2.5), 2);
            assert_eq!(super::round_half_even(3.5), 4);
            assert_eq!(super::round_half_even(1.4), 1);
            assert_eq!(super::round_half_even(1.6), 2);
        }
    }
}
