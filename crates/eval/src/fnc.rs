//! FNC-1 (Fake News Challenge, stage 1): headline/body pairs labelled agree, disagree, discuss
//! or unrelated, and the challenge's own score.
//!
//! - Data: `train_bodies.csv` (`Body ID,articleBody`) and `train_stances.csv`
//!   (`Headline,Body ID,Stance`); the competition test set is `competition_test_bodies.csv` and
//!   `competition_test_stances.csv`. The standard development split holds out the bodies listed
//!   in `dev_hold_out_body_ids.txt`: train is every pair whose body is not listed, dev every pair
//!   whose body is.
//! - Score (the official `scorer.py`): per pair, +0.25 when gold and prediction are both
//!   `unrelated` or both related (any of agree, disagree, discuss), and +0.75 more when the gold
//!   label is related and the prediction is exactly it. The relative score divides by the score
//!   of the gold labels themselves.

use std::collections::{HashMap, HashSet};
use std::io::Read;

use serde::Serialize;

pub use rashomon_model::Stance;

/// One headline/body pair; `stance` is `None` in an unlabelled file.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    pub headline: String,
    pub body_id: u32,
    pub stance: Option<Stance>,
}

#[derive(Debug, thiserror::Error)]
pub enum FncError {
    #[error("CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("row {row}: {reason}")]
    Row { row: usize, reason: String },
    #[error("missing column {0:?} (expected the FNC-1 layout)")]
    Column(&'static str),
}

fn column(headers: &csv::StringRecord, name: &'static str) -> Result<usize, FncError> {
    headers
        .iter()
        .position(|h| h.trim().trim_start_matches('\u{feff}') == name)
        .ok_or(FncError::Column(name))
}

fn body_id(field: &str, row: usize) -> Result<u32, FncError> {
    field.trim().parse().map_err(|_| FncError::Row {
        row,
        reason: format!("Body ID {field:?} is not a number"),
    })
}

/// Reads a bodies file: body id → text.
pub fn read_bodies(input: impl Read) -> Result<HashMap<u32, String>, FncError> {
    let mut reader = csv::Reader::from_reader(input);
    let headers = reader.headers()?.clone();
    let (id_col, body_col) = (
        column(&headers, "Body ID")?,
        column(&headers, "articleBody")?,
    );
    let mut bodies = HashMap::new();
    for (i, record) in reader.records().enumerate() {
        let record = record?;
        let row = i + 2;
        let id = body_id(record.get(id_col).unwrap_or(""), row)?;
        bodies.insert(id, record.get(body_col).unwrap_or("").to_string());
    }
    Ok(bodies)
}

/// Reads a stances file (or a submission in the same layout). The `Stance` column may be
/// absent (an unlabelled file); a value it holds must be one of the four labels.
pub fn read_pairs(input: impl Read) -> Result<Vec<Pair>, FncError> {
    let mut reader = csv::Reader::from_reader(input);
    let headers = reader.headers()?.clone();
    let head_col = column(&headers, "Headline")?;
    let id_col = column(&headers, "Body ID")?;
    let stance_col = column(&headers, "Stance").ok();
    let mut pairs = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record?;
        let row = i + 2;
        let stance = match stance_col.and_then(|c| record.get(c)) {
            Some(s) if !s.trim().is_empty() => {
                Some(Stance::parse(s).ok_or_else(|| FncError::Row {
                    row,
                    reason: format!("unknown stance {s:?} (agree, disagree, discuss, unrelated)"),
                })?)
            }
            _ => None,
        };
        pairs.push(Pair {
            headline: record.get(head_col).unwrap_or("").to_string(),
            body_id: body_id(record.get(id_col).unwrap_or(""), row)?,
            stance,
        });
    }
    Ok(pairs)
}

/// Reads `dev_hold_out_body_ids.txt`: one body id per line.
pub fn read_hold_out(text: &str) -> Result<HashSet<u32>, FncError> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| body_id(l, i + 1))
        .collect()
}

/// The official per-pair score.
pub fn pair_score(gold: Stance, predicted: Stance) -> f64 {
    let mut score = 0.0;
    if gold.is_related() == predicted.is_related() {
        score += 0.25;
    }
    if gold.is_related() && gold == predicted {
        score += 0.75;
    }
    score
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PerClass {
    pub agree: f64,
    pub disagree: f64,
    pub discuss: f64,
    pub unrelated: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StanceScores {
    pub fnc_score: f64,
    /// Percent of the score the gold labels themselves get.
    pub fnc_relative: f64,
    pub per_class_f1: PerClass,
    pub macro_f1: f64,
    pub accuracy: f64,
    /// `confusion[gold][predicted]`, labels in the order agree, disagree, discuss, unrelated.
    pub confusion: [[usize; 4]; 4],
    pub pairs: usize,
}

/// Scores predictions against gold labels, pair by pair.
pub fn score(gold: &[Stance], predicted: &[Stance]) -> StanceScores {
    assert_eq!(gold.len(), predicted.len(), "one prediction per gold pair");
    let mut confusion = [[0usize; 4]; 4];
    let mut fnc_score = 0.0;
    let mut best = 0.0;
    for (&g, &p) in gold.iter().zip(predicted) {
        confusion[g.index()][p.index()] += 1;
        fnc_score += pair_score(g, p);
        best += pair_score(g, g);
    }
    let f1 = |k: usize| {
        let tp = confusion[k][k] as f64;
        let gold_k: usize = confusion[k].iter().sum();
        let pred_k: usize = confusion.iter().map(|row| row[k]).sum();
        if gold_k + pred_k == 0 {
            0.0
        } else {
            2.0 * tp / (gold_k + pred_k) as f64
        }
    };
    let per_class_f1 = PerClass {
        agree: f1(0),
        disagree: f1(1),
        discuss: f1(2),
        unrelated: f1(3),
    };
    let macro_f1 = (0..4).map(f1).sum::<f64>() / 4.0;
    let correct: usize = (0..4).map(|k| confusion[k][k]).sum();
    StanceScores {
        fnc_score,
        fnc_relative: if best > 0.0 {
            100.0 * fnc_score / best
        } else {
            0.0
        },
        per_class_f1,
        macro_f1,
        accuracy: if gold.is_empty() {
            0.0
        } else {
            100.0 * correct as f64 / gold.len() as f64
        },
        confusion,
        pairs: gold.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Stance::*;

    #[test]
    fn pair_scores_follow_the_official_definition() {
        assert_eq!(pair_score(Unrelated, Unrelated), 0.25);
        assert_eq!(pair_score(Agree, Agree), 1.0);
        assert_eq!(pair_score(Agree, Discuss), 0.25);
        assert_eq!(pair_score(Disagree, Unrelated), 0.0);
        assert_eq!(pair_score(Unrelated, Discuss), 0.0);
    }

    #[test]
    fn scores_a_hand_computed_case() {
        // gold:      agree  disagree discuss unrelated unrelated
        // predicted: agree  discuss  unrelated unrelated agree
        let gold = [Agree, Disagree, Discuss, Unrelated, Unrelated];
        let predicted = [Agree, Discuss, Unrelated, Unrelated, Agree];
        let s = score(&gold, &predicted);
        // 1.0 + 0.25 + 0 + 0.25 + 0 = 1.5 of a possible 1 + 1 + 1 + 0.25 + 0.25 = 3.5
        assert!((s.fnc_score - 1.5).abs() < 1e-12);
        assert!((s.fnc_relative - 100.0 * 1.5 / 3.5).abs() < 1e-9);
        assert_eq!(s.accuracy, 40.0);
        // agree: tp 1, gold 1, predicted 2 → 2/3. disagree: 0. discuss: tp 0 → 0.
        // unrelated: tp 1, gold 2, predicted 2 → 0.5.
        assert!((s.per_class_f1.agree - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(s.per_class_f1.disagree, 0.0);
        assert_eq!(s.per_class_f1.discuss, 0.0);
        assert!((s.per_class_f1.unrelated - 0.5).abs() < 1e-12);
        assert!((s.macro_f1 - (2.0 / 3.0 + 0.5) / 4.0).abs() < 1e-12);
        assert_eq!(s.confusion[1][2], 1);
        assert_eq!(s.confusion[3][0], 1);
        assert_eq!(s.pairs, 5);
    }

    #[test]
    fn gold_labels_score_one_hundred_percent() {
        let gold = [Agree, Unrelated, Discuss, Disagree];
        let s = score(&gold, &gold);
        assert_eq!(s.fnc_relative, 100.0);
        assert_eq!(s.macro_f1, 1.0);
    }

    #[test]
    fn reads_quoted_multi_line_csv() {
        let bodies = "Body ID,articleBody\n7,\"Line one,\nline \"\"two\"\"\"\n";
        let b = read_bodies(bodies.as_bytes()).unwrap();
        assert_eq!(b[&7], "Line one,\nline \"two\"");
        let stances = "Headline,Body ID,Stance\n\"A, b\",7,discuss\nC,8,Agree\n";
        let p = read_pairs(stances.as_bytes()).unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].headline, "A, b");
        assert_eq!(p[1].stance, Some(Agree));
        let unlabelled = "Headline,Body ID\nC,8\n";
        assert_eq!(read_pairs(unlabelled.as_bytes()).unwrap()[0].stance, None);
    }

    #[test]
    fn bad_rows_are_named() {
        let e = read_pairs("Headline,Body ID,Stance\nA,x,agree\n".as_bytes()).unwrap_err();
        assert!(e.to_string().contains("row 2"), "{e}");
        let e = read_pairs("Headline,Body ID,Stance\nA,1,maybe\n".as_bytes()).unwrap_err();
        assert!(e.to_string().contains("maybe"), "{e}");
        let e = read_pairs("Title,Body\n".as_bytes()).unwrap_err();
        assert!(e.to_string().contains("Headline"), "{e}");
    }
}
