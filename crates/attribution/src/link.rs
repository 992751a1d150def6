//! From tags to attributions: runs of equal labels become spans; each source and content run
//! joins the nearest cue of its paragraph (same sentence first), and each cue keeps its
//! nearest source and all its content runs as fragments.

use rashomon_model::Span;

use crate::model::Label;
use crate::sequence::Tok;

/// A run of tokens with one label: token indices `start..=end`.
#[derive(Debug, Clone, Copy)]
struct Run {
    label: Label,
    start: usize,
    end: usize,
}

fn runs(labels: &[Label]) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    for (i, &l) in labels.iter().enumerate() {
        if l == Label::Outside {
            continue;
        }
        match out.last_mut() {
            Some(r) if r.label == l && r.end + 1 == i => r.end = i,
            _ => out.push(Run {
                label: l,
                start: i,
                end: i,
            }),
        }
    }
    out
}

/// Parts of one attribution before classing and speaker resolution.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Linked {
    pub cue: Span,
    pub source: Option<Span>,
    pub content: Vec<Span>,
}

/// How far a run is from a cue: sentences apart weigh more than tokens apart.
fn distance(seq: &[Tok], run: &Run, cue: &Run) -> usize {
    let gap = if run.end < cue.start {
        cue.start - run.end
    } else {
        run.start.saturating_sub(cue.end)
    };
    let sentences = (seq[run.start].sentence as i64 - seq[cue.start].sentence as i64)
        .unsigned_abs()
        .min((seq[run.end].sentence as i64 - seq[cue.end].sentence as i64).unsigned_abs());
    gap + sentences as usize * 1000
}

pub(crate) fn link(seq: &[Tok], labels: &[Label]) -> Vec<Linked> {
    let runs = runs(labels);
    let cues: Vec<&Run> = runs.iter().filter(|r| r.label == Label::Cue).collect();
    if cues.is_empty() {
        return Vec::new();
    }
    let span = |r: &Run| {
        Span::new(
            seq[r.start].span.start as usize,
            seq[r.end].span.end as usize,
        )
    };
    let mut sources: Vec<Option<(usize, Span)>> = vec![None; cues.len()];
    let mut contents: Vec<Vec<Span>> = vec![Vec::new(); cues.len()];
    // Runs and cues never overlap, and the distance grows with every cue further away on
    // either side, so the nearest cue is the last one before the run or the first one after
    // it (the one before on a tie, as the first of equal minima was): one sweep, linear in the
    // runs, where comparing every run with every cue was quadratic in a long paragraph.
    let mut after = 0;
    for run in runs.iter().filter(|r| r.label != Label::Cue) {
        while after < cues.len() && cues[after].start < run.start {
            after += 1;
        }
        let before = after
            .checked_sub(1)
            .map(|k| (k, distance(seq, run, cues[k])));
        let next = cues.get(after).map(|c| (after, distance(seq, run, c)));
        let (best, d) = match (before, next) {
            (Some(b), Some(n)) => {
                if n.1 < b.1 {
                    n
                } else {
                    b
                }
            }
            (Some(b), None) => b,
            (None, Some(n)) => n,
            (None, None) => unreachable!("cues is not empty"),
        };
        // A source belongs to a cue of its own sentence, or of the next or previous one.
        if run.label == Label::Source {
            if d >= 2000 {
                continue;
            }
            if sources[best].is_none_or(|(old, _)| d < old) {
                sources[best] = Some((d, span(run)));
            }
        } else {
            contents[best].push(span(run));
        }
    }
    cues.iter()
        .zip(sources)
        .zip(contents)
        .map(|((cue, source), content)| Linked {
            cue: span(cue),
            source: source.map(|(_, s)| s),
            content,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sequence::Shape;

    fn seq(n: usize, sentence_of: impl Fn(usize) -> u32) -> Vec<Tok> {
        (0..n)
            .map(|i| Tok {
                span: Span::new(i * 2, i * 2 + 1),
                word: i as u64,
                suffix: 0,
                shape: Shape::Lower,
                sentence: sentence_of(i),
                sentence_first: false,
                sentence_last: false,
                in_quote: false,
                cue_word: false,
            })
            .collect()
    }

    #[test]
    fn interrupted_content_becomes_fragments_of_one_attribution() {
        use Label::*;
        // content content source cue content | source cue content (next sentence)
        let labels = [Content, Content, Source, Cue, Content, Source, Cue, Content];
        let s = seq(labels.len(), |i| if i < 5 { 0 } else { 1 });
        let linked = link(&s, &labels);
        assert_eq!(linked.len(), 2);
        assert_eq!(linked[0].source, Some(Span::new(4, 5)));
        assert_eq!(linked[0].content, vec![Span::new(0, 3), Span::new(8, 9)]);
        assert_eq!(linked[1].source, Some(Span::new(10, 11)));
        assert_eq!(linked[1].content, vec![Span::new(14, 15)]);
    }

    /// The linking as it was, comparing every run with every cue.
    fn link_pairwise(seq: &[Tok], labels: &[Label]) -> Vec<Linked> {
        let runs = runs(labels);
        let cues: Vec<&Run> = runs.iter().filter(|r| r.label == Label::Cue).collect();
        let span = |r: &Run| {
            Span::new(
                seq[r.start].span.start as usize,
                seq[r.end].span.end as usize,
            )
        };
        let mut sources: Vec<Option<(usize, Span)>> = vec![None; cues.len()];
        let mut contents: Vec<Vec<Span>> = vec![Vec::new(); cues.len()];
        if cues.is_empty() {
            return Vec::new();
        }
        for run in runs.iter().filter(|r| r.label != Label::Cue) {
            let (best, d) = cues
                .iter()
                .enumerate()
                .map(|(k, c)| (k, distance(seq, run, c)))
                .min_by_key(|&(_, d)| d)
                .unwrap();
            if run.label == Label::Source {
                if d >= 2000 {
                    continue;
                }
                if sources[best].is_none_or(|(old, _)| d < old) {
                    sources[best] = Some((d, span(run)));
                }
            } else {
                contents[best].push(span(run));
            }
        }
        cues.iter()
            .zip(sources)
            .zip(contents)
            .map(|((cue, source), content)| Linked {
                cue: span(cue),
                source: source.map(|(_, s)| s),
                content,
            })
            .collect()
    }

    /// The sweep links every run to the cue the pairwise search over all cues picked.
    #[test]
    fn sweep_links_as_the_pairwise_search() {
        let mut state = 12345u64;
        for round in 0..500 {
            let n = 10 + round % 60;
            let labels: Vec<Label> = (0..n)
                .map(|_| {
                    state = state
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    Label::from_index((state >> 62) as usize)
                })
                .collect();
            let per_sentence = 1 + round % 9;
            let s = seq(n, |i| (i / per_sentence) as u32);
            assert_eq!(link(&s, &labels), link_pairwise(&s, &labels));
        }
    }

    #[test]
    fn no_cue_no_attribution_and_far_sources_stay_unlinked() {
        use Label::*;
        assert!(link(&seq(2, |_| 0), &[Source, Content]).is_empty());
        let labels = [Source, Outside, Outside, Cue];
        let s = seq(4, |i| i as u32);
        let linked = link(&s, &labels);
        assert_eq!(linked.len(), 1);
        assert_eq!(
            linked[0].source, None,
            "a source three sentences away is not linked"
        );
    }
}
