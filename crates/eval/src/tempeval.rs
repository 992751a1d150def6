//! The TempEval-3 timex scorer (UzZaman et al. 2013), as the official script computes it:
//!
//! - relaxed match: gold timexes taken by start offset, each paired with the first still
//!   unpaired system timex (by start) whose span overlaps it, one to one;
//! - strict match: a relaxed pair whose surface strings are identical;
//! - counts are summed over all documents (micro-average); P = matched / system,
//!   R = matched / gold, F1 = 2PR / (P + R), 0 when P + R = 0;
//! - value (type) accuracy = relaxed pairs with identical value (type) strings / relaxed pairs;
//!   value (type) F1 = accuracy × relaxed F1;
//! - figures in percent, rounded to two decimals.

use serde::Serialize;

/// What the scorer needs of one timex: span, surface string, type, value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoredTimex {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kind: String,
    pub value: String,
}

impl From<&crate::timeml::TimexAnnotation> for ScoredTimex {
    fn from(t: &crate::timeml::TimexAnnotation) -> ScoredTimex {
        ScoredTimex {
            start: t.start,
            end: t.end,
            text: t.text.clone(),
            kind: t.kind.clone(),
            value: t.value.clone(),
        }
    }
}

/// Match counts, summed over documents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub gold: usize,
    pub system: usize,
    pub relaxed: usize,
    pub strict: usize,
    pub value: usize,
    pub kind: usize,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.gold += o.gold;
        self.system += o.system;
        self.relaxed += o.relaxed;
        self.strict += o.strict;
        self.value += o.value;
        self.kind += o.kind;
    }
}

/// Aligns one document's system timexes with its gold ones and counts the matches.
pub fn count(gold: &[ScoredTimex], system: &[ScoredTimex]) -> Counts {
    let mut gold: Vec<&ScoredTimex> = gold.iter().collect();
    let mut system: Vec<&ScoredTimex> = system.iter().collect();
    gold.sort_by_key(|t| t.start);
    system.sort_by_key(|t| t.start);
    let mut used = vec![false; system.len()];
    let mut c = Counts {
        gold: gold.len(),
        system: system.len(),
        ..Counts::default()
    };
    for g in &gold {
        let pair = system
            .iter()
            .enumerate()
            .find(|(k, s)| !used[*k] && s.start < g.end && g.start < s.end);
        if let Some((k, s)) = pair {
            used[k] = true;
            c.relaxed += 1;
            c.strict += usize::from(s.text == g.text);
            c.value += usize::from(s.value == g.value);
            c.kind += usize::from(s.kind == g.kind);
        }
    }
    c
}

/// The scores TempEval-3 reports, in percent with two decimals.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Scores {
    pub strict_p: f64,
    pub strict_r: f64,
    pub strict_f1: f64,
    pub relaxed_p: f64,
    pub relaxed_r: f64,
    pub relaxed_f1: f64,
    pub value_f1: f64,
    pub type_f1: f64,
    pub gold: usize,
    pub system: usize,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

fn percent(x: f64) -> f64 {
    (x * 10000.0).round() / 100.0
}

impl Counts {
    pub fn scores(&self) -> Scores {
        let (sp, sr) = (
            ratio(self.strict, self.system),
            ratio(self.strict, self.gold),
        );
        let (rp, rr) = (
            ratio(self.relaxed, self.system),
            ratio(self.relaxed, self.gold),
        );
        let relaxed_f1 = f1(rp, rr);
        Scores {
            strict_p: percent(sp),
            strict_r: percent(sr),
            strict_f1: percent(f1(sp, sr)),
            relaxed_p: percent(rp),
            relaxed_r: percent(rr),
            relaxed_f1: percent(relaxed_f1),
            value_f1: percent(ratio(self.value, self.relaxed) * relaxed_f1),
            type_f1: percent(ratio(self.kind, self.relaxed) * relaxed_f1),
            gold: self.gold,
            system: self.system,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(start: usize, end: usize, text: &str, kind: &str, value: &str) -> ScoredTimex {
        ScoredTimex {
            start,
            end,
            text: text.into(),
            kind: kind.into(),
            value: value.into(),
        }
    }

    #[test]
    fn exact_match() {
        let g = [t(0, 9, "yesterday", "DATE", "2013-03-21")];
        let c = count(&g, &g);
        assert_eq!((c.relaxed, c.strict, c.value, c.kind), (1, 1, 1, 1));
        let s = c.scores();
        assert_eq!(
            (s.strict_f1, s.relaxed_f1, s.value_f1, s.type_f1),
            (100.0, 100.0, 100.0, 100.0)
        );
    }

    #[test]
    fn partial_overlap_is_relaxed_not_strict() {
        let g = [t(10, 24, "early next year", "DATE", "2014")];
        let s = [t(16, 24, "next year", "DATE", "2014")];
        let c = count(&g, &s);
        assert_eq!((c.relaxed, c.strict, c.value), (1, 0, 1));
        let sc = c.scores();
        assert_eq!(
            (sc.strict_f1, sc.relaxed_f1, sc.value_f1),
            (0.0, 100.0, 100.0)
        );
    }

    #[test]
    fn one_system_span_covering_two_gold_pairs_once() {
        // "Friday, March 22" tagged as one span by the system, two by the gold.
        let g = [
            t(0, 6, "Friday", "DATE", "2013-03-22"),
            t(8, 16, "March 22", "DATE", "2013-03-22"),
        ];
        let s = [t(0, 16, "Friday, March 22", "DATE", "2013-03-22")];
        let c = count(&g, &s);
        assert_eq!((c.gold, c.system, c.relaxed, c.strict), (2, 1, 1, 0));
        let sc = c.scores();
        assert_eq!(sc.relaxed_p, 100.0);
        assert_eq!(sc.relaxed_r, 50.0);
        assert_eq!(sc.relaxed_f1, 66.67);
    }

    #[test]
    fn split_system_spans_pair_the_first_only() {
        let g = [t(0, 16, "Friday, March 22", "DATE", "2013-03-22")];
        let s = [
            t(0, 6, "Friday", "DATE", "2013-03-22"),
            t(8, 16, "March 22", "DATE", "2013-03-22"),
        ];
        let c = count(&g, &s);
        assert_eq!((c.relaxed, c.strict), (1, 0));
        let sc = c.scores();
        assert_eq!(
            (sc.relaxed_p, sc.relaxed_r, sc.relaxed_f1),
            (50.0, 100.0, 66.67)
        );
    }

    #[test]
    fn value_mismatch_lowers_value_f1_only() {
        let g = [
            t(0, 5, "March", "DATE", "2013-03"),
            t(10, 19, "yesterday", "DATE", "2013-03-22"),
        ];
        let s = [
            t(0, 5, "March", "DATE", "2013-03"),
            t(10, 19, "yesterday", "DATE", "2013-03-22T00:00"),
        ];
        let c = count(&g, &s);
        let sc = c.scores();
        assert_eq!((sc.relaxed_f1, sc.strict_f1), (100.0, 100.0));
        assert_eq!(sc.value_f1, 50.0, "no normalisation of values");
        assert_eq!(sc.type_f1, 100.0);
    }

    #[test]
    fn greedy_order_and_micro_average() {
        // The first gold takes the first overlapping system timex even if a later one fits better.
        let g = [t(0, 10, "a", "DATE", "x"), t(5, 20, "b", "DATE", "y")];
        let s = [t(4, 12, "b", "DATE", "y")];
        let c = count(&g, &s);
        assert_eq!((c.relaxed, c.value), (1, 0));
        let mut total = c;
        total += count(&[t(0, 3, "now", "DATE", "PRESENT_REF")], &[]);
        let sc = total.scores();
        assert_eq!((sc.gold, sc.system), (3, 1));
        assert_eq!((sc.relaxed_p, sc.relaxed_r), (100.0, 33.33));
        assert_eq!(sc.relaxed_f1, 50.0);
        assert_eq!(sc.value_f1, 0.0);
    }

    #[test]
    fn empty_sides_score_zero() {
        let sc = count(&[], &[]).scores();
        assert_eq!((sc.relaxed_f1, sc.value_f1), (0.0, 0.0));
    }
}
