//! `rashomon-lab train stance` and `rashomon-lab eval stance`: the stance model on FNC-1.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::path::Path;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use rashomon_eval::fnc::{self, Pair, Stance, StanceScores};
use rashomon_stance::train::{judge_all, LabelledPair, StanceTrainOptions};
use rashomon_stance::StanceModel;
use serde::Serialize;

/// Which FNC-1 pairs to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FncSplit {
    /// Pairs whose body is not held out.
    Train,
    /// Pairs whose body is in `dev_hold_out_body_ids.txt`.
    Dev,
    /// All of `train_stances.csv` (what the shipped model learns from).
    All,
    /// `competition_test_stances.csv` over `competition_test_bodies.csv`.
    Test,
    /// Train without a fifth of the headlines (chosen by hash): with `DevNovel`, a check
    /// closer to the competition test, whose headlines are all new. The standard dev split
    /// shares every headline with train and measures only new bodies.
    TrainNovel,
    /// Dev pairs whose headline is among the fifth `TrainNovel` leaves out.
    DevNovel,
}

impl FncSplit {
    /// The split's name as the command line writes it.
    pub fn name(self) -> &'static str {
        match self {
            FncSplit::Train => "train",
            FncSplit::Dev => "dev",
            FncSplit::All => "all",
            FncSplit::Test => "test",
            FncSplit::TrainNovel => "train-novel",
            FncSplit::DevNovel => "dev-novel",
        }
    }
}

/// Bodies and labelled pairs of one split.
pub struct FncData {
    pub bodies: Vec<String>,
    pub body_index: HashMap<u32, usize>,
    pub pairs: Vec<Pair>,
}

fn open(path: &Path) -> Result<File> {
    File::open(path).with_context(|| format!("cannot read {}", path.display()))
}

pub fn load(dir: &Path, split: FncSplit) -> Result<FncData> {
    let (bodies_file, stances_file) = match split {
        FncSplit::Test => (
            "competition_test_bodies.csv",
            "competition_test_stances.csv",
        ),
        _ => ("train_bodies.csv", "train_stances.csv"),
    };
    let bodies_path = dir.join(bodies_file);
    let stances_path = dir.join(stances_file);
    let bodies = fnc::read_bodies(open(&bodies_path)?)
        .with_context(|| format!("{}", bodies_path.display()))?;
    let mut pairs = fnc::read_pairs(open(&stances_path)?)
        .with_context(|| format!("{}", stances_path.display()))?;
    if let Some(p) = pairs.iter().find(|p| !bodies.contains_key(&p.body_id)) {
        bail!(
            "{}: body {} of headline {:?} is not in {}",
            stances_path.display(),
            p.body_id,
            p.headline,
            bodies_path.display()
        );
    }
    let dev_side = matches!(split, FncSplit::Dev | FncSplit::DevNovel);
    if split != FncSplit::All && split != FncSplit::Test {
        let hold_out_path = dir.join("dev_hold_out_body_ids.txt");
        let text = std::fs::read_to_string(&hold_out_path)
            .with_context(|| format!("cannot read {}", hold_out_path.display()))?;
        let hold_out =
            fnc::read_hold_out(&text).with_context(|| format!("{}", hold_out_path.display()))?;
        pairs.retain(|p| hold_out.contains(&p.body_id) == dev_side);
    }
    if matches!(split, FncSplit::TrainNovel | FncSplit::DevNovel) {
        pairs.retain(|p| held_out_headline(&p.headline) == dev_side);
    }
    if pairs.is_empty() {
        bail!(
            "{}: no headline/body pairs in this split",
            stances_path.display()
        );
    }
    let mut bodies: Vec<(u32, String)> = bodies.into_iter().collect();
    bodies.sort_unstable_by_key(|b| b.0);
    let body_index: HashMap<u32, usize> =
        bodies.iter().enumerate().map(|(i, b)| (b.0, i)).collect();
    let texts = bodies.into_iter().map(|b| b.1).collect();
    Ok(FncData {
        bodies: texts,
        body_index,
        pairs,
    })
}

/// A fifth of the headlines, chosen by a hash of their text.
fn held_out_headline(headline: &str) -> bool {
    matches!(
        xxhash_rust::xxh3::xxh3_64(headline.trim().as_bytes()) % 5,
        0
    )
}

fn gold_labels(data: &FncData, what: &str) -> Result<Vec<Stance>> {
    data.pairs
        .iter()
        .enumerate()
        .map(|(i, p)| {
            p.stance
                .with_context(|| format!("{what}: pair {} has no gold stance", i + 1))
        })
        .collect()
}

#[derive(Debug, Serialize)]
pub struct StanceReport {
    #[serde(flatten)]
    pub scores: StanceScores,
    pub split: String,
    /// Pairs judged per second (features + network, all threads); absent when scoring a file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pairs_per_s: Option<f64>,
    pub model: String,
}

/// Scores `model` on a split.
pub fn evaluate(
    dir: &Path,
    split: FncSplit,
    split_name: &str,
    model: &StanceModel,
    model_name: &str,
) -> Result<StanceReport> {
    let data = load(dir, split)?;
    let gold = gold_labels(&data, split_name)?;
    let started = Instant::now();
    let predicted = predict(model, &data);
    let seconds = started.elapsed().as_secs_f64();
    Ok(StanceReport {
        scores: fnc::score(&gold, &predicted),
        split: split_name.to_string(),
        pairs_per_s: Some(data.pairs.len() as f64 / seconds.max(1e-9)),
        model: model_name.to_string(),
    })
}

pub fn predict(model: &StanceModel, data: &FncData) -> Vec<Stance> {
    let texts: Vec<&str> = data.bodies.iter().map(String::as_str).collect();
    let pairs: Vec<(&str, usize)> = data
        .pairs
        .iter()
        .map(|p| (p.headline.as_str(), data.body_index[&p.body_id]))
        .collect();
    judge_all(model, &texts, &pairs)
        .into_iter()
        .map(|j| j.stance)
        .collect()
}

/// Scores a submission CSV (`Headline,Body ID,Stance`, one row per gold pair, in the gold
/// order, as the official scorer reads it).
pub fn score_predictions(
    dir: &Path,
    split: FncSplit,
    split_name: &str,
    predictions: &Path,
) -> Result<StanceReport> {
    let data = load(dir, split)?;
    let gold = gold_labels(&data, split_name)?;
    let submitted = fnc::read_pairs(open(predictions)?)
        .with_context(|| format!("{}", predictions.display()))?;
    if submitted.len() != gold.len() {
        bail!(
            "{}: {} rows, but the {split_name} split has {} pairs",
            predictions.display(),
            submitted.len(),
            gold.len()
        );
    }
    let mut predicted = Vec::with_capacity(gold.len());
    for (i, (s, g)) in submitted.iter().zip(&data.pairs).enumerate() {
        if s.body_id != g.body_id || s.headline.trim() != g.headline.trim() {
            bail!(
                "{}: row {} is ({:?}, body {}) but gold pair {} is ({:?}, body {}); rows must follow the gold order",
                predictions.display(),
                i + 2,
                s.headline,
                s.body_id,
                i + 1,
                g.headline,
                g.body_id
            );
        }
        predicted.push(
            s.stance.with_context(|| {
                format!("{}: row {} has no stance", predictions.display(), i + 2)
            })?,
        );
    }
    Ok(StanceReport {
        scores: fnc::score(&gold, &predicted),
        split: split_name.to_string(),
        pairs_per_s: None,
        model: predictions.display().to_string(),
    })
}

/// Trains on a split; `on_epoch(epoch, loss)` reports progress.
pub fn train(
    dir: &Path,
    split: FncSplit,
    options: &StanceTrainOptions,
    on_epoch: impl FnMut(usize, f32),
) -> Result<(StanceModel, usize)> {
    let data = load(dir, split)?;
    let texts: Vec<&str> = data.bodies.iter().map(String::as_str).collect();
    let pairs = data
        .pairs
        .iter()
        .enumerate()
        .map(|(i, p)| {
            Ok(LabelledPair {
                claim: p.headline.clone(),
                text: data.body_index[&p.body_id],
                stance: p
                    .stance
                    .with_context(|| format!("training pair {} has no stance", i + 1))?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let n = pairs.len();
    Ok((
        rashomon_stance::train::train(&texts, &pairs, options, on_epoch),
        n,
    ))
}

/// Writes predictions in the submission layout (`Headline,Body ID,Stance`).
pub fn write_predictions(path: &Path, data: &FncData, predicted: &[Stance]) -> Result<()> {
    let file = File::create(path).with_context(|| format!("cannot write {}", path.display()))?;
    let mut w = csv::Writer::from_writer(file);
    w.write_record(["Headline", "Body ID", "Stance"])?;
    for (p, s) in data.pairs.iter().zip(predicted) {
        w.write_record([p.headline.as_str(), &p.body_id.to_string(), s.name()])?;
    }
    w.flush()?;
    Ok(())
}

/// The model in `path`, or the shipped one when none is given, with a name for reports.
pub fn load_model(path: Option<&std::path::PathBuf>) -> Result<(StanceModel, String)> {
    match path {
        Some(p) => {
            let bytes = std::fs::read(p).with_context(|| format!("cannot read {}", p.display()))?;
            let model =
                StanceModel::from_bytes(&bytes).with_context(|| format!("{}", p.display()))?;
            Ok((model, p.display().to_string()))
        }
        None => Ok((
            StanceModel::shipped(),
            "shipped (FNC-1 train + dev)".to_string(),
        )),
    }
}

/// One Emergent pair: a claim, an article headline and the article's stance (for → agree,
/// against → disagree, observing → discuss).
pub struct EmergentPair {
    pub claim: String,
    pub headline: String,
    pub stance: Stance,
    pub claim_id: String,
}

pub fn load_emergent(path: &Path) -> Result<Vec<EmergentPair>> {
    let mut reader = csv::Reader::from_reader(open(path)?);
    let headers = reader.headers()?.clone();
    let col = |name: &str| {
        headers.iter().position(|h| h == name).with_context(|| {
            format!(
                "{}: no column {name:?} (expected Emergent's layout)",
                path.display()
            )
        })
    };
    let (claim, headline, stance, claim_id) = (
        col("claimHeadline")?,
        col("articleHeadline")?,
        col("articleHeadlineStance")?,
        col("claimId")?,
    );
    let mut pairs = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.with_context(|| format!("{}", path.display()))?;
        let field = |c: usize| record.get(c).unwrap_or("").to_string();
        let label = match field(stance).as_str() {
            "for" => Stance::Agree,
            "against" => Stance::Disagree,
            "observing" => Stance::Discuss,
            other => bail!(
                "{}: row {}: stance {other:?} is not for, against or observing",
                path.display(),
                i + 2
            ),
        };
        pairs.push(EmergentPair {
            claim: field(claim),
            headline: field(headline),
            stance: label,
            claim_id: field(claim_id),
        });
    }
    if pairs.is_empty() {
        bail!("{}: no pairs", path.display());
    }
    Ok(pairs)
}

#[derive(Debug, Serialize)]
pub struct EmergentReport {
    /// Percent of article headlines whose stance is right, over all folds.
    pub accuracy: f64,
    pub macro_f1: f64,
    pub per_class_f1: BTreeMap<&'static str, f64>,
    pub fold_accuracy: Vec<f64>,
    pub folds: usize,
    pub pairs: usize,
    pub claims: usize,
}

/// k-fold cross-validation on Emergent with folds by claim (no claim is in both the training
/// and the test part of a fold), the model trained afresh on each fold.
pub fn cross_validate_emergent(
    pairs: &[EmergentPair],
    folds: usize,
    options: &StanceTrainOptions,
) -> Result<EmergentReport> {
    if folds < 2 {
        bail!("--folds must be 2 or more");
    }
    let mut claim_ids: Vec<&str> = pairs.iter().map(|p| p.claim_id.as_str()).collect();
    claim_ids.sort_unstable();
    claim_ids.dedup();
    // Folds by a hash of the claim id: stable, and independent of the file's order.
    let fold_of = |id: &str| (xxhash_rust::xxh3::xxh3_64(id.as_bytes()) % folds as u64) as usize;
    let mut gold = Vec::new();
    let mut predicted = Vec::new();
    let mut fold_accuracy = Vec::new();
    for fold in 0..folds {
        let (test, train): (Vec<&EmergentPair>, Vec<&EmergentPair>) =
            pairs.iter().partition(|p| fold_of(&p.claim_id) == fold);
        if test.is_empty() || train.is_empty() {
            continue;
        }
        let texts: Vec<&str> = train.iter().map(|p| p.headline.as_str()).collect();
        let labelled: Vec<LabelledPair> = train
            .iter()
            .enumerate()
            .map(|(i, p)| LabelledPair {
                claim: p.claim.clone(),
                text: i,
                stance: p.stance,
            })
            .collect();
        let model = rashomon_stance::train::train(&texts, &labelled, options, |_, _| {});
        let test_texts: Vec<&str> = test.iter().map(|p| p.headline.as_str()).collect();
        let queries: Vec<(&str, usize)> = test
            .iter()
            .enumerate()
            .map(|(i, p)| (p.claim.as_str(), i))
            .collect();
        let judged = judge_all(&model, &test_texts, &queries);
        let mut right = 0;
        for (p, j) in test.iter().zip(&judged) {
            // Emergent has no unrelated pairs: take the likeliest of the three related stances.
            let related = (0..3)
                .max_by(|&a, &b| j.probabilities[a].total_cmp(&j.probabilities[b]))
                .unwrap_or(2);
            let stance = Stance::ALL[related];
            right += usize::from(stance == p.stance);
            gold.push(p.stance);
            predicted.push(stance);
        }
        fold_accuracy.push(100.0 * right as f64 / test.len() as f64);
    }
    let scores = fnc::score(&gold, &predicted);
    let f1 = &scores.per_class_f1;
    Ok(EmergentReport {
        accuracy: scores.accuracy,
        macro_f1: (f1.agree + f1.disagree + f1.discuss) / 3.0,
        per_class_f1: BTreeMap::from([
            ("for", f1.agree),
            ("against", f1.disagree),
            ("observing", f1.discuss),
        ]),
        folds: fold_accuracy.len(),
        fold_accuracy,
        pairs: gold.len(),
        claims: claim_ids.len(),
    })
}
