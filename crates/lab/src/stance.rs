//! `rashomon-lab train stance` and `rashomon-lab eval stance`: the stance model on FNC-1.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::File;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use rashomon_eval::fnc::{self, Pair, Stance, StanceScores};
use rashomon_stance::train::{judge_all, LabelledPair, StanceTrainOptions};
use rashomon_stance::StanceModel;
use rashomon_stance::StaticEmbedder;
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
    /// Pairs of four fifths of the claim groups (connected components of the related
    /// headline–body pairs, chosen by hash), both headline and body in them: with `DevNovel`,
    /// a check like the competition test, whose headlines and bodies are all new. The standard
    /// dev split shares every headline and most claims with train.
    TrainNovel,
    /// Pairs whose headline and body are both in the other fifth of the claim groups.
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

/// The pairs of a split. `fold` (0–4) is the fifth of the claim groups that `DevNovel` holds
/// and `TrainNovel` leaves out; other splits ignore it.
pub fn load(dir: &Path, split: FncSplit, fold: u64) -> Result<FncData> {
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
    if matches!(split, FncSplit::Train | FncSplit::Dev) {
        let hold_out_path = dir.join("dev_hold_out_body_ids.txt");
        let text = std::fs::read_to_string(&hold_out_path)
            .with_context(|| format!("cannot read {}", hold_out_path.display()))?;
        let hold_out =
            fnc::read_hold_out(&text).with_context(|| format!("{}", hold_out_path.display()))?;
        pairs.retain(|p| hold_out.contains(&p.body_id) == dev_side);
    }
    if matches!(split, FncSplit::TrainNovel | FncSplit::DevNovel) {
        let groups = ClaimGroups::of(&pairs);
        pairs.retain(|p| {
            let (h, b) = (
                groups.held_out(groups.of_headline(&p.headline), fold),
                groups.held_out(groups.of_body(p.body_id), fold),
            );
            h == dev_side && b == dev_side
        });
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

/// FNC-1's claim groups: the connected components of the related (not unrelated) headline–body
/// pairs. Each holds the headlines written about one claim and the bodies about it; an
/// unrelated pair joins a headline of one group with a body of another.
pub struct ClaimGroups {
    /// Group of each body, by Body ID.
    body: HashMap<u32, usize>,
    /// Group of each headline (trimmed).
    headline: HashMap<String, usize>,
    /// The smallest Body ID of each group: what the group is known by.
    pub key: Vec<u32>,
}

impl ClaimGroups {
    pub fn of(pairs: &[Pair]) -> ClaimGroups {
        fn find(parent: &mut [usize], mut x: usize) -> usize {
            while parent[x] != x {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }
            x
        }
        // Union-find over bodies and headlines.
        let mut parent: Vec<usize> = Vec::new();
        let mut bodies: HashMap<u32, usize> = HashMap::new();
        let mut headlines: HashMap<&str, usize> = HashMap::new();
        let fresh = |parent: &mut Vec<usize>| {
            parent.push(parent.len());
            parent.len() - 1
        };
        for p in pairs {
            let b = match bodies.get(&p.body_id) {
                Some(&b) => b,
                None => {
                    let b = fresh(&mut parent);
                    bodies.insert(p.body_id, b);
                    b
                }
            };
            let h = match headlines.get(p.headline.trim()) {
                Some(&h) => h,
                None => {
                    let h = fresh(&mut parent);
                    headlines.insert(p.headline.trim(), h);
                    h
                }
            };
            if p.stance.is_some_and(|s| s != Stance::Unrelated) {
                let (rb, rh) = (find(&mut parent, b), find(&mut parent, h));
                if rb != rh {
                    parent[rb] = rh;
                }
            }
        }
        // Groups numbered in order of their smallest Body ID.
        let mut group_of_root: HashMap<usize, usize> = HashMap::new();
        let mut key: Vec<u32> = Vec::new();
        let mut by_id: Vec<(u32, usize)> = bodies.iter().map(|(&id, &n)| (id, n)).collect();
        by_id.sort_unstable();
        let mut body = HashMap::new();
        for (id, n) in by_id {
            let root = find(&mut parent, n);
            let next = key.len();
            let g = *group_of_root.entry(root).or_insert(next);
            if g == next {
                key.push(id);
            }
            body.insert(id, g);
        }
        let mut by_text: Vec<(&str, usize)> = headlines.iter().map(|(&h, &n)| (h, n)).collect();
        by_text.sort_unstable();
        let mut headline = HashMap::new();
        for (text, n) in by_text {
            let root = find(&mut parent, n);
            let next = key.len();
            let g = *group_of_root.entry(root).or_insert(next);
            if g == next {
                // A headline only in unrelated pairs: a group of its own, known by no body.
                key.push(u32::MAX - g as u32);
            }
            headline.insert(text.to_string(), g);
        }
        ClaimGroups {
            body,
            headline,
            key,
        }
    }

    pub fn of_body(&self, body_id: u32) -> usize {
        self.body[&body_id]
    }

    pub fn of_headline(&self, headline: &str) -> usize {
        self.headline[headline.trim()]
    }

    /// Whether a group is in fifth `fold` (by a hash of its smallest Body ID), the one
    /// `DevNovel` holds.
    pub fn held_out(&self, group: usize, fold: u64) -> bool {
        xxhash_rust::xxh3::xxh3_64(&self.key[group].to_le_bytes()) % 5 == fold % 5
    }
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
    fold: u64,
    split_name: &str,
    model: &StanceModel,
    model_name: &str,
) -> Result<StanceReport> {
    let data = load(dir, split, fold)?;
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
    fold: u64,
    split_name: &str,
    predictions: &Path,
) -> Result<StanceReport> {
    let data = load(dir, split, fold)?;
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

/// Trains on a split, plus the Emergent pairs given (see [`emergent_for_training`]);
/// `on_epoch(epoch, loss)` reports progress. Returns the model and the number of pairs.
pub fn train(
    dir: &Path,
    split: FncSplit,
    fold: u64,
    emergent: &[EmergentPair],
    options: &StanceTrainOptions,
    embedder: Arc<StaticEmbedder>,
    on_epoch: impl FnMut(usize, f32),
) -> Result<(StanceModel, usize)> {
    let data = load(dir, split, fold)?;
    let mut texts: Vec<&str> = data.bodies.iter().map(String::as_str).collect();
    let mut pairs = data
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
    for e in emergent {
        pairs.push(LabelledPair {
            claim: e.claim.clone(),
            text: texts.len(),
            stance: e.stance,
        });
        texts.push(e.headline.as_str());
    }
    let n = pairs.len();
    Ok((
        rashomon_stance::train::train(&texts, &pairs, options, embedder, on_epoch),
        n,
    ))
}

/// The Emergent pairs that may join training on an FNC-1 split: those of the claims one of
/// whose article headlines is a headline of the split, and none a headline of FNC-1's other
/// pairs. FNC-1 was made from Emergent's articles, so a claim is an FNC-1 claim group; an
/// Emergent claim that matches no FNC-1 training headline may be one of the competition
/// test's, and is left out.
pub fn emergent_for_training(
    dir: &Path,
    split: FncSplit,
    fold: u64,
    emergent: Vec<EmergentPair>,
) -> Result<Vec<EmergentPair>> {
    let norm = |h: &str| h.trim().to_lowercase();
    let inside: HashSet<String> = load(dir, split, fold)?
        .pairs
        .iter()
        .map(|p| norm(&p.headline))
        .collect();
    let everywhere: HashSet<String> = load(dir, FncSplit::All, 0)?
        .pairs
        .iter()
        .map(|p| norm(&p.headline))
        .collect();
    let mut keep: HashMap<&str, bool> = HashMap::new();
    for e in &emergent {
        let h = norm(&e.headline);
        let k = keep.entry(e.claim_id.as_str()).or_insert(false);
        if inside.contains(&h) {
            *k = true;
        }
    }
    for e in &emergent {
        let h = norm(&e.headline);
        if everywhere.contains(&h) && !inside.contains(&h) {
            keep.insert(e.claim_id.as_str(), false);
        }
    }
    let keep: HashSet<String> = keep
        .into_iter()
        .filter(|(_, k)| *k)
        .map(|(id, _)| id.to_string())
        .collect();
    Ok(emergent
        .into_iter()
        .filter(|e| keep.contains(&e.claim_id))
        .collect())
}

/// One fold of [`cross_validate_novel`].
#[derive(Debug, Serialize)]
pub struct NovelFold {
    pub fold: u64,
    pub training_pairs: usize,
    #[serde(flatten)]
    pub scores: StanceScores,
}

/// Dev-novel over all five folds: each fold's model (quantised, as written) scored on its
/// held-out claim groups, and the scores of all folds' pairs together (`pooled`: every related
/// pair of the file is scored once).
#[derive(Debug, Serialize)]
pub struct NovelReport {
    pub pooled: StanceScores,
    pub folds: Vec<NovelFold>,
}

/// Trains on train-novel and scores dev-novel for each fold, with the Emergent pairs that may
/// join each fold's training (see [`emergent_for_training`]) when `emergent` is given.
pub fn cross_validate_novel(
    dir: &Path,
    emergent: Option<&[EmergentPair]>,
    options: &StanceTrainOptions,
    embedder: Arc<StaticEmbedder>,
    mut on_fold: impl FnMut(u64, usize),
) -> Result<NovelReport> {
    let (mut gold, mut predicted, mut folds) = (Vec::new(), Vec::new(), Vec::new());
    for fold in 0..5 {
        let extra = match emergent {
            Some(pairs) => {
                let copy = pairs
                    .iter()
                    .map(|p| EmergentPair {
                        claim: p.claim.clone(),
                        headline: p.headline.clone(),
                        stance: p.stance,
                        claim_id: p.claim_id.clone(),
                    })
                    .collect();
                emergent_for_training(dir, FncSplit::TrainNovel, fold, copy)?
            }
            None => Vec::new(),
        };
        let (model, n) = train(
            dir,
            FncSplit::TrainNovel,
            fold,
            &extra,
            options,
            embedder.clone(),
            |_, _| {},
        )?;
        on_fold(fold, n);
        let model = StanceModel::from_bytes_with(&model.to_bytes(), embedder.clone())?;
        let data = load(dir, FncSplit::DevNovel, fold)?;
        let g = gold_labels(&data, "dev-novel")?;
        let p = predict(&model, &data);
        folds.push(NovelFold {
            fold,
            training_pairs: n,
            scores: fnc::score(&g, &p),
        });
        gold.extend(g);
        predicted.extend(p);
    }
    Ok(NovelReport {
        pooled: fnc::score(&gold, &predicted),
        folds,
    })
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
    embedder: Arc<StaticEmbedder>,
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
        let model =
            rashomon_stance::train::train(&texts, &labelled, options, embedder.clone(), |_, _| {});
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

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(headline: &str, body_id: u32, stance: Stance) -> Pair {
        Pair {
            headline: headline.to_string(),
            body_id,
            stance: Some(stance),
        }
    }

    #[test]
    fn claim_groups_are_components_of_related_pairs() {
        let pairs = [
            pair("A one", 1, Stance::Agree),
            pair("A two ", 2, Stance::Discuss),
            pair("A one", 2, Stance::Disagree),
            pair("B", 3, Stance::Agree),
            pair("B", 1, Stance::Unrelated),
            pair("C", 2, Stance::Unrelated),
        ];
        let g = ClaimGroups::of(&pairs);
        assert_eq!(g.of_body(1), g.of_body(2));
        assert_eq!(g.of_headline("A two"), g.of_body(1));
        assert_ne!(
            g.of_body(3),
            g.of_body(1),
            "an unrelated pair joins nothing"
        );
        assert_eq!(g.of_headline("B"), g.of_body(3));
        assert_eq!(
            g.key.len(),
            3,
            "C, in unrelated pairs only, is a group of its own"
        );
        assert_eq!(g.key[g.of_body(2)], 1);
    }
}
