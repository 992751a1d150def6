//! Attribution scoring in the PARC / PolNeAR scheme: source, cue and content spans, each
//! scored exactly and by overlap, and whole attributions (all parts linked).
//!
//! Definitions (PolNeAR ships no scorer; these follow Citron's evaluation, made one-to-one so
//! a long predicted span cannot be counted against several gold spans):
//! - A span is a list of byte ranges (brat allows discontinuous spans). Two spans are compared
//!   on the non-whitespace characters they cover, so a stray space at an edge is not an error,
//!   a stray comma or quotation mark is.
//! - **Exact**: the two spans cover the same non-whitespace characters. **Overlap**: they share
//!   at least one.
//! - Gold and predicted spans of one role are paired one-to-one, greedily by the number of
//!   shared characters; precision = pairs / predicted spans, recall = pairs / gold spans.
//! - **Attribution**: a predicted attribution matches a gold one when cue, content and source
//!   each overlap (a part absent on both sides agrees; present on one side only does not).
//! - **Several annotators**: an article annotated by k annotators is scored against each
//!   annotation with weight 1/k, so every article weighs the same.

use std::ops::Range;

use serde::Serialize;

/// A possibly discontinuous span: byte ranges sorted by start.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fragments(pub Vec<Range<usize>>);

impl Fragments {
    pub fn single(range: Range<usize>) -> Fragments {
        Fragments(vec![range])
    }

    /// The covered non-whitespace byte positions (starts of characters), sorted.
    fn positions(&self, text: &str) -> Vec<usize> {
        let mut out = Vec::new();
        for r in &self.0 {
            let Some(slice) = text.get(r.clone()) else {
                continue;
            };
            out.extend(
                slice
                    .char_indices()
                    .filter(|(_, c)| !c.is_whitespace())
                    .map(|(i, _)| r.start + i),
            );
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// One attribution's spans; any part may be absent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AttributionSpans {
    pub source: Option<Fragments>,
    pub cue: Option<Fragments>,
    pub content: Option<Fragments>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Prf {
    pub p: f64,
    pub r: f64,
    pub f1: f64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct ExactOverlap {
    pub exact: Prf,
    pub overlap: Prf,
}

/// Weighted counts behind one precision/recall pair.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counts {
    pub matched: f64,
    pub predicted: f64,
    pub gold: f64,
}

impl Counts {
    fn add(&mut self, matched: usize, predicted: usize, gold: usize, weight: f64) {
        self.matched += matched as f64 * weight;
        self.predicted += predicted as f64 * weight;
        self.gold += gold as f64 * weight;
    }

    /// In percent.
    pub fn prf(&self) -> Prf {
        let p = if self.predicted > 0.0 {
            100.0 * self.matched / self.predicted
        } else {
            0.0
        };
        let r = if self.gold > 0.0 {
            100.0 * self.matched / self.gold
        } else {
            0.0
        };
        let f1 = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        Prf { p, r, f1 }
    }
}

/// Running totals over articles.
#[derive(Debug, Clone, Default)]
pub struct Scorer {
    /// source, cue, content × exact, overlap.
    roles: [[Counts; 2]; 3],
    attribution: Counts,
    pub articles: usize,
    pub annotation_files: usize,
    pub multi_annotator_articles: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Scores {
    pub source: ExactOverlap,
    pub cue: ExactOverlap,
    pub content: ExactOverlap,
    /// Whole attributions, all parts linked, overlap matching.
    pub attribution_f1: f64,
    pub attribution: Prf,
    pub articles: usize,
    pub annotation_files: usize,
    pub multi_annotator_articles: usize,
}

impl Scorer {
    /// Adds one article: `predicted` against each of `gold_by_annotator`, weighted 1/k.
    pub fn add_article(
        &mut self,
        text: &str,
        predicted: &[AttributionSpans],
        gold_by_annotator: &[Vec<AttributionSpans>],
    ) {
        if gold_by_annotator.is_empty() {
            return;
        }
        self.articles += 1;
        self.annotation_files += gold_by_annotator.len();
        if gold_by_annotator.len() > 1 {
            self.multi_annotator_articles += 1;
        }
        let weight = 1.0 / gold_by_annotator.len() as f64;
        let pred: Vec<Positions> = predicted.iter().map(|a| Positions::of(a, text)).collect();
        for gold in gold_by_annotator {
            let gold: Vec<Positions> = gold.iter().map(|a| Positions::of(a, text)).collect();
            for role in 0..3 {
                let p: Vec<&[usize]> = pred.iter().filter_map(|a| a.part(role)).collect();
                let g: Vec<&[usize]> = gold.iter().filter_map(|a| a.part(role)).collect();
                let exact = match_one_to_one(&p, &g, |a, b| (a == b) as usize);
                self.roles[role][0].add(exact, p.len(), g.len(), weight);
                let overlap = match_one_to_one(&p, &g, |a, b| shared(a, b));
                self.roles[role][1].add(overlap, p.len(), g.len(), weight);
            }
            let linked = match_linked(&pred, &gold);
            self.attribution.add(linked, pred.len(), gold.len(), weight);
        }
    }

    pub fn role_counts(&self, role: usize, overlap: bool) -> Counts {
        self.roles[role][overlap as usize]
    }

    pub fn scores(&self) -> Scores {
        let role = |i: usize| ExactOverlap {
            exact: self.roles[i][0].prf(),
            overlap: self.roles[i][1].prf(),
        };
        let attribution = self.attribution.prf();
        Scores {
            source: role(0),
            cue: role(1),
            content: role(2),
            attribution_f1: attribution.f1,
            attribution,
            articles: self.articles,
            annotation_files: self.annotation_files,
            multi_annotator_articles: self.multi_annotator_articles,
        }
    }
}

/// An attribution's parts as sorted non-whitespace positions.
struct Positions {
    parts: [Option<Vec<usize>>; 3],
}

impl Positions {
    fn of(a: &AttributionSpans, text: &str) -> Positions {
        let f = |x: &Option<Fragments>| {
            x.as_ref()
                .map(|f| f.positions(text))
                .filter(|p| !p.is_empty())
        };
        Positions {
            parts: [f(&a.source), f(&a.cue), f(&a.content)],
        }
    }

    fn part(&self, role: usize) -> Option<&[usize]> {
        self.parts[role].as_deref()
    }
}

/// Number of positions two sorted lists share.
fn shared(a: &[usize], b: &[usize]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Greedy one-to-one pairing by descending `score` (pairs scoring 0 never pair); returns the
/// number of pairs.
fn match_one_to_one<T>(pred: &[T], gold: &[T], score: impl Fn(&T, &T) -> usize) -> usize {
    let mut pairs = Vec::new();
    for (i, p) in pred.iter().enumerate() {
        for (j, g) in gold.iter().enumerate() {
            let s = score(p, g);
            if s > 0 {
                pairs.push((s, i, j));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut used_p = vec![false; pred.len()];
    let mut used_g = vec![false; gold.len()];
    let mut n = 0;
    for (_, i, j) in pairs {
        if !used_p[i] && !used_g[j] {
            used_p[i] = true;
            used_g[j] = true;
            n += 1;
        }
    }
    n
}

fn match_linked(pred: &[Positions], gold: &[Positions]) -> usize {
    match_one_to_one(pred, gold, |p, g| {
        let mut total = 0;
        for role in 0..3 {
            match (p.part(role), g.part(role)) {
                (None, None) => {}
                (Some(a), Some(b)) => {
                    let s = shared(a, b);
                    if s == 0 {
                        return 0;
                    }
                    total += s;
                }
                _ => return 0,
            }
        }
        total
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str, needle: &str) -> Option<Fragments> {
        let start = text.find(needle).expect(needle);
        Some(Fragments::single(start..start + needle.len()))
    }

    fn attr(text: &str, s: Option<&str>, c: &str, t: &str) -> AttributionSpans {
        AttributionSpans {
            source: s.and_then(|s| span(text, s)),
            cue: span(text, c),
            content: span(text, t),
        }
    }

    const TEXT: &str = "The minister said the talks had failed. Rebels denied it, a source said.";

    #[test]
    fn exact_and_overlap_differ_by_extent() {
        let gold = vec![attr(
            TEXT,
            Some("The minister"),
            "said",
            "the talks had failed",
        )];
        // Source shorter, content with the full stop: overlap but not exact.
        let pred = vec![attr(
            TEXT,
            Some("minister"),
            "said",
            "the talks had failed.",
        )];
        let mut s = Scorer::default();
        s.add_article(TEXT, &pred, &[gold]);
        let out = s.scores();
        assert_eq!(out.cue.exact.f1, 100.0);
        assert_eq!(out.source.exact.f1, 0.0);
        assert_eq!(out.source.overlap.f1, 100.0);
        assert_eq!(out.content.exact.f1, 0.0);
        assert_eq!(out.content.overlap.f1, 100.0);
        assert_eq!(out.attribution_f1, 100.0);
    }

    #[test]
    fn whitespace_at_the_edges_is_not_an_error() {
        let gold = vec![attr(TEXT, None, "said", "the talks")];
        let start = TEXT.find("said").unwrap();
        let pred = vec![AttributionSpans {
            source: None,
            cue: Some(Fragments::single(start - 1..start + 5)),
            content: span(TEXT, "the talks"),
        }];
        let mut s = Scorer::default();
        s.add_article(TEXT, &pred, &[gold]);
        assert_eq!(s.scores().cue.exact.f1, 100.0);
    }

    #[test]
    fn one_to_one_pairing_and_hand_computed_prf() {
        // Gold: two attributions. Predicted: one span covering both contents, one spurious cue.
        let gold = vec![
            attr(TEXT, Some("The minister"), "said", "the talks had failed"),
            attr(TEXT, Some("Rebels"), "denied", "it"),
        ];
        let start = TEXT.find("the talks").unwrap();
        let end = TEXT.find("it,").unwrap() + 2;
        let pred = vec![
            AttributionSpans {
                source: span(TEXT, "The minister"),
                cue: span(TEXT, "said"),
                content: Some(Fragments::single(start..end)),
            },
            attr(TEXT, Some("a source"), "said.", "Rebels"),
        ];
        let mut s = Scorer::default();
        s.add_article(TEXT, &pred, &[gold]);
        // Content overlap: the long span pairs with one gold span only; "Rebels" (predicted
        // content) overlaps no gold content. 1 of 2 predicted, 1 of 2 gold.
        let c = s.role_counts(2, true);
        assert_eq!((c.matched, c.predicted, c.gold), (1.0, 2.0, 2.0));
        // Cue exact: "said" matches, "said." does not ("denied" is missed): P 1/2, R 1/2.
        let out = s.scores();
        assert_eq!(out.cue.exact.p, 50.0);
        assert_eq!(out.cue.exact.r, 50.0);
        // Attribution: the first predicted links source, cue and content with the first gold.
        assert_eq!(out.attribution.p, 50.0);
        assert_eq!(out.attribution.r, 50.0);
    }

    #[test]
    fn a_part_on_one_side_only_breaks_the_attribution() {
        let gold = vec![attr(TEXT, None, "said", "the talks had failed")];
        let pred = vec![attr(
            TEXT,
            Some("The minister"),
            "said",
            "the talks had failed",
        )];
        let mut s = Scorer::default();
        s.add_article(TEXT, &pred, &[gold]);
        assert_eq!(s.scores().attribution_f1, 0.0);
        assert_eq!(s.scores().cue.exact.f1, 100.0);
        // Source: one predicted, none gold.
        let src = s.role_counts(0, false);
        assert_eq!((src.matched, src.predicted, src.gold), (0.0, 1.0, 0.0));
    }

    #[test]
    fn several_annotators_weigh_one_article_once() {
        let a = vec![attr(
            TEXT,
            Some("The minister"),
            "said",
            "the talks had failed",
        )];
        let b = vec![
            attr(TEXT, Some("The minister"), "said", "the talks had failed"),
            attr(TEXT, Some("Rebels"), "denied", "it"),
        ];
        let pred = a.clone();
        let mut s = Scorer::default();
        s.add_article(TEXT, &pred, &[a, b]);
        assert_eq!(s.multi_annotator_articles, 1);
        assert_eq!(s.annotation_files, 2);
        // Cue: matched 1 against each (weight 1/2 each → 1); gold 1/2 + 2/2 = 1.5; predicted 1.
        let c = s.role_counts(1, false);
        assert_eq!((c.matched, c.predicted, c.gold), (1.0, 1.0, 1.5));
        let out = s.scores();
        assert_eq!(out.cue.exact.p, 100.0);
        assert!((out.cue.exact.r - 100.0 / 1.5).abs() < 1e-9);
    }
}
