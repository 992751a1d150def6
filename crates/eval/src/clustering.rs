//! Scores of a clustering against gold classes: B-cubed (Bagga & Baldwin 1998), pairwise
//! precision/recall and the adjusted Rand index (Hubert & Arabie 1985). Items are numbered
//! 0..n; `gold[i]` and `predicted[i]` are item i's class and cluster labels.

use std::collections::HashMap;

use serde::Serialize;

#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Prf {
    pub p: f64,
    pub r: f64,
    pub f1: f64,
}

impl Prf {
    fn new(p: f64, r: f64) -> Prf {
        let f1 = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        Prf { p, r, f1 }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ClusteringScores {
    pub bcubed: Prf,
    pub pairwise: Prf,
    pub ari: f64,
    pub items: usize,
    pub gold_classes: usize,
    pub clusters: usize,
}

fn pairs(n: u64) -> f64 {
    (n * n.saturating_sub(1) / 2) as f64
}

pub fn score(gold: &[usize], predicted: &[usize]) -> ClusteringScores {
    assert_eq!(gold.len(), predicted.len(), "one cluster label per item");
    let n = gold.len();
    let mut joint: HashMap<(usize, usize), u64> = HashMap::new();
    let mut gold_sizes: HashMap<usize, u64> = HashMap::new();
    let mut cluster_sizes: HashMap<usize, u64> = HashMap::new();
    for (&g, &c) in gold.iter().zip(predicted) {
        *joint.entry((g, c)).or_insert(0) += 1;
        *gold_sizes.entry(g).or_insert(0) += 1;
        *cluster_sizes.entry(c).or_insert(0) += 1;
    }
    // B-cubed: each item's share of its cluster that shares its class (precision) and of its
    // class that shares its cluster (recall); the n_gc items of a (class, cluster) cell all
    // have the same shares.
    let (mut bp, mut br) = (0.0, 0.0);
    for (&(g, c), &n_gc) in &joint {
        let n_gc = n_gc as f64;
        bp += n_gc * n_gc / cluster_sizes[&c] as f64;
        br += n_gc * n_gc / gold_sizes[&g] as f64;
    }
    let bcubed = if n == 0 {
        Prf::new(0.0, 0.0)
    } else {
        Prf::new(bp / n as f64, br / n as f64)
    };
    let same_both: f64 = joint.values().map(|&x| pairs(x)).sum();
    let same_gold: f64 = gold_sizes.values().map(|&x| pairs(x)).sum();
    let same_cluster: f64 = cluster_sizes.values().map(|&x| pairs(x)).sum();
    let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
    let pairwise = Prf::new(ratio(same_both, same_cluster), ratio(same_both, same_gold));
    let expected = ratio(same_gold * same_cluster, pairs(n as u64));
    let max = (same_gold + same_cluster) / 2.0;
    let ari = if (max - expected).abs() < f64::EPSILON {
        1.0
    } else {
        (same_both - expected) / (max - expected)
    };
    ClusteringScores {
        bcubed,
        pairwise,
        ari,
        items: n,
        gold_classes: gold_sizes.len(),
        clusters: cluster_sizes.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn hand_computed_case() {
        // Gold: {0,1,2} {3,4}. Predicted: {0,1} {2,3,4}.
        let s = score(&[0, 0, 0, 1, 1], &[7, 7, 8, 8, 8]);
        // B-cubed precision: items 0,1: 2/2; item 2: 1/3; items 3,4: 2/3 → (1+1+1/3+2/3+2/3)/5.
        assert!(close(s.bcubed.p, (2.0 + 1.0 / 3.0 + 4.0 / 3.0) / 5.0));
        // Recall: items 0,1: 2/3; item 2: 1/3; items 3,4: 2/2 → (4/3+1/3+2)/5.
        assert!(close(s.bcubed.r, (4.0 / 3.0 + 1.0 / 3.0 + 2.0) / 5.0));
        // Pairs: gold same = 3 + 1 = 4; predicted same = 1 + 3 = 4; both = {0,1} and {3,4} = 2.
        assert!(close(s.pairwise.p, 0.5) && close(s.pairwise.r, 0.5));
        // ARI: expected = 4·4/10 = 1.6, max = 4 → (2 − 1.6)/(4 − 1.6) = 1/6.
        assert!(close(s.ari, 1.0 / 6.0), "{}", s.ari);
        assert_eq!((s.items, s.gold_classes, s.clusters), (5, 2, 2));
    }

    #[test]
    fn perfect_and_degenerate_clusterings() {
        let gold = [0, 0, 1, 1, 2];
        let s = score(&gold, &[5, 5, 3, 3, 9]);
        assert!(close(s.bcubed.f1, 1.0) && close(s.pairwise.f1, 1.0) && close(s.ari, 1.0));
        // Everything in one cluster: B-cubed recall 1, precision (4/5·2 ... ) below 1.
        let one = score(&gold, &[0; 5]);
        assert!(close(one.bcubed.r, 1.0));
        assert!(close(one.bcubed.p, (2.0 * 0.4 + 2.0 * 0.4 + 0.2) / 5.0));
        assert!(close(one.ari, 0.0));
        // Singletons: precision 1, no predicted pairs.
        let singles = score(&gold, &[0, 1, 2, 3, 4]);
        assert!(close(singles.bcubed.p, 1.0));
        assert_eq!(singles.pairwise.p, 0.0);
    }
}
