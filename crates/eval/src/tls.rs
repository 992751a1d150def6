//! Timeline summarisation scores as tilse computes them (Martschat & Markert 2017, as used by
//! news-tls and the Timeline17 literature): concat, agreement and align+ m:1 ROUGE-1/2, and
//! date P/R/F1. ROUGE counts come from [`crate::rouge`], a port of ROUGE-1.5.5.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use crate::rouge::{NgramCounts, Rouge};

/// A timeline: dates with their summaries (sentences, tokens separated by spaces).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Timeline {
    pub dates: BTreeMap<NaiveDate, Vec<String>>,
}

impl Timeline {
    /// Reads the Timeline17 / tilse format: a `YYYY-MM-DD` line, the summary's sentences one a
    /// line, and a line of 32 `-`. As tilse reads it: lines are trimmed, a date repeated later
    /// replaces the earlier summary, and a block not closed by the dash line is dropped.
    pub fn parse(text: &str) -> Timeline {
        const SEPARATOR: &str = "--------------------------------";
        let mut dates = BTreeMap::new();
        let mut date: Option<NaiveDate> = None;
        let mut summary = String::new();
        for line in text.lines() {
            let line = line.trim();
            if line == SEPARATOR {
                if let Some(d) = date {
                    let sentences = summary
                        .trim()
                        .split('\n')
                        .map(|s| s.trim().to_string())
                        .collect();
                    dates.insert(d, sentences);
                }
                date = None;
                summary.clear();
            } else if let Ok(d) = NaiveDate::parse_from_str(line, "%Y-%m-%d") {
                date = Some(d);
            } else {
                summary.push_str(line);
                summary.push('\n');
            }
        }
        Timeline { dates }
    }

    /// The sentences of `date` (none when the date is absent).
    pub fn get(&self, date: NaiveDate) -> &[String] {
        self.dates.get(&date).map_or(&[], Vec::as_slice)
    }

    pub fn to_tilse(&self) -> String {
        let mut out = String::new();
        for (d, sentences) in &self.dates {
            out.push_str(&d.format("%Y-%m-%d").to_string());
            out.push('\n');
            for s in sentences {
                out.push_str(s);
                out.push('\n');
            }
            out.push_str("--------------------------------\n");
        }
        out
    }
}

/// Precision, recall and F1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Prf {
    pub p: f64,
    pub r: f64,
    pub f: f64,
}

impl Prf {
    pub fn new(p: f64, r: f64) -> Prf {
        let f = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
        Prf { p, r, f }
    }
}

fn ratio(num: f64, den: f64) -> f64 {
    if den == 0.0 {
        0.0
    } else {
        num / den
    }
}

/// All scores of one predicted timeline against its reference timelines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct TimelineScores {
    /// align+ m:1 ROUGE-1 and ROUGE-2.
    pub ar1: Prf,
    pub ar2: Prf,
    pub concat_r1: Prf,
    pub concat_r2: Prf,
    pub agreement_r1: Prf,
    pub agreement_r2: Prf,
    pub date: Prf,
}

/// Scores `pred` against the reference timelines `refs` (one or more).
pub fn score(rouge: &Rouge, pred: &Timeline, refs: &[Timeline]) -> TimelineScores {
    let models_at =
        |d: NaiveDate| -> Vec<Vec<String>> { refs.iter().map(|r| r.get(d).to_vec()).collect() };
    let counts = |peer: &[String], models: &[Vec<String>]| -> [NgramCounts; 2] {
        [rouge.counts(peer, models, 1), rouge.counts(peer, models, 2)]
    };
    let ref_dates: BTreeSet<NaiveDate> =
        refs.iter().flat_map(|r| r.dates.keys().copied()).collect();
    let pred_dates: BTreeSet<NaiveDate> = pred.dates.keys().copied().collect();

    // concat: all sentences in date order.
    let pred_all: Vec<String> = pred.dates.values().flatten().cloned().collect();
    let refs_all: Vec<Vec<String>> = refs
        .iter()
        .map(|r| r.dates.values().flatten().cloned().collect())
        .collect();
    let concat = counts(&pred_all, &refs_all);
    let concat_prf = |c: NgramCounts| Prf::new(ratio(c.hit, c.peer), ratio(c.hit, c.model));

    // agreement: per date of either timeline.
    let mut agree = [[0.0f64; 4]; 2];
    for &d in pred_dates.union(&ref_dates) {
        let c = counts(pred.get(d), &models_at(d));
        for (n, c) in c.iter().enumerate() {
            if pred_dates.contains(&d) {
                agree[n][0] += c.hit;
                agree[n][1] += c.peer;
            }
            if ref_dates.contains(&d) {
                agree[n][2] += c.hit;
                agree[n][3] += c.model;
            }
        }
    }
    let agree_prf = |a: [f64; 4]| Prf::new(ratio(a[0], a[1]), ratio(a[2], a[3]));

    // align+ m:1.
    let ar = align_many_to_one(pred, &pred_dates, &ref_dates, &counts, &models_at);

    let shared = pred_dates.intersection(&ref_dates).count() as f64;
    let date = Prf::new(
        ratio(shared, pred_dates.len() as f64),
        ratio(shared, ref_dates.len() as f64),
    );
    TimelineScores {
        ar1: ar[0],
        ar2: ar[1],
        concat_r1: concat_prf(concat[0]),
        concat_r2: concat_prf(concat[1]),
        agreement_r1: agree_prf(agree[0]),
        agreement_r2: agree_prf(agree[1]),
        date,
    }
}

fn days_apart(a: NaiveDate, b: NaiveDate) -> f64 {
    (a - b).num_days().unsigned_abs() as f64
}

/// Python's `string.punctuation`; tilse drops tokens that are substrings of it.
const PUNCTUATION: &str = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

fn unigram_counts(sentences: &[String]) -> HashMap<&str, usize> {
    let mut c = HashMap::new();
    for s in sentences {
        for tok in s.split_whitespace() {
            if !PUNCTUATION.contains(tok) {
                *c.entry(tok).or_insert(0) += 1;
            }
        }
    }
    c
}

/// tilse's `compute_rouge_approximation`: F1 of unigram overlap between a predicted summary and
/// the reference summaries of a date (case-sensitive, no stemming).
fn rouge_approximation(p: &HashMap<&str, usize>, r: &[HashMap<&str, usize>]) -> f64 {
    let matched: usize = p
        .iter()
        .map(|(tok, &k)| {
            r.iter()
                .map(|rc| k.min(rc.get(tok).copied().unwrap_or(0)))
                .sum::<usize>()
        })
        .sum();
    let prec_den = (r.len() * p.values().sum::<usize>()) as f64;
    let rec_den = r.iter().map(|rc| rc.values().sum::<usize>()).sum::<usize>() as f64;
    let precision = ratio(matched as f64, prec_den);
    let recall = ratio(matched as f64, rec_den);
    if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    }
}

/// ROUGE-1 and ROUGE-2 counts of a peer summary against model summaries.
type CountsFn<'a> = dyn Fn(&[String], &[Vec<String>]) -> [NgramCounts; 2] + 'a;

/// align+ m:1: every predicted date goes to its cheapest reference date (precision) and every
/// reference date to its cheapest predicted date (recall); cost = date distance factor ×
/// (1 − content overlap); hits weighted by 1 / (days apart + 1). Ties go to the earliest date.
fn align_many_to_one(
    pred: &Timeline,
    pred_dates: &BTreeSet<NaiveDate>,
    ref_dates: &BTreeSet<NaiveDate>,
    counts: &CountsFn,
    models_at: &dyn Fn(NaiveDate) -> Vec<Vec<String>>,
) -> [Prf; 2] {
    let pred_list: Vec<NaiveDate> = pred_dates.iter().copied().collect();
    let ref_list: Vec<NaiveDate> = ref_dates.iter().copied().collect();
    if pred_list.is_empty() || ref_list.is_empty() {
        return [Prf::default(); 2];
    }
    // content[i][j]: 1 − overlap of predicted date i with reference date j.
    // Unigram counts once per date, not once per pair.
    let pred_uni: Vec<HashMap<&str, usize>> = pred_list
        .iter()
        .map(|&p| unigram_counts(pred.get(p)))
        .collect();
    let ref_models: Vec<Vec<Vec<String>>> = ref_list.iter().map(|&r| models_at(r)).collect();
    let ref_uni: Vec<Vec<HashMap<&str, usize>>> = ref_models
        .iter()
        .map(|models| models.iter().map(|m| unigram_counts(m)).collect())
        .collect();
    let content: Vec<Vec<f64>> = pred_uni
        .iter()
        .map(|p| {
            ref_uni
                .iter()
                .map(|r| 1.0 - rouge_approximation(p, r))
                .collect()
        })
        .collect();
    let cost = |i: usize, j: usize| {
        let date_factor = 1.0 - 1.0 / (days_apart(pred_list[i], ref_list[j]) + 1.0);
        date_factor * content[i][j]
    };
    let argmin = |n: usize, f: &dyn Fn(usize) -> f64| {
        let mut best = 0;
        for k in 1..n {
            if f(k) < f(best) {
                best = k;
            }
        }
        best
    };
    let mut num = [[0.0f64; 2]; 2];
    let mut den = [[0.0f64; 2]; 2];
    for (i, &p) in pred_list.iter().enumerate() {
        let j = argmin(ref_list.len(), &|j| cost(i, j));
        let r = ref_list[j];
        let w = 1.0 / (days_apart(p, r) + 1.0);
        for (n, c) in counts(pred.get(p), &ref_models[j]).iter().enumerate() {
            num[n][0] += w * c.hit;
            den[n][0] += c.peer;
        }
    }
    for (j, &r) in ref_list.iter().enumerate() {
        let i = argmin(pred_list.len(), &|i| cost(i, j));
        let p = pred_list[i];
        let w = 1.0 / (days_apart(p, r) + 1.0);
        for (n, c) in counts(pred.get(p), &ref_models[j]).iter().enumerate() {
            num[n][1] += w * c.hit;
            den[n][1] += c.model;
        }
    }
    [0, 1].map(|n| Prf::new(ratio(num[n][0], den[n][0]), ratio(num[n][1], den[n][1])))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_like_tilse() {
        let t = Timeline::parse("2010-04-20\n The rig exploded . \nOil leaks .\n--------------------------------\n2010-04-22\nIt sank .\n--------------------------------\n2010-05-01\nnot closed\n");
        assert_eq!(t.dates.len(), 2);
        let d = NaiveDate::from_ymd_opt(2010, 4, 20).unwrap();
        assert_eq!(t.get(d), ["The rig exploded .", "Oil leaks ."]);
    }

    #[test]
    fn punctuation_substrings() {
        assert!(PUNCTUATION.contains("."));
        assert!(PUNCTUATION.contains(",-."));
        assert!(!PUNCTUATION.contains("''"));
        assert!(!PUNCTUATION.contains("``"));
    }
}
