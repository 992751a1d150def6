//! Training the tagger: an averaged structured perceptron (Collins 2002) over PolNeAR-style
//! gold spans. Deterministic for a given seed, and a few seconds per epoch on one core.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use rashomon_model::Layers;

use crate::cues::REPORTING_WORDS;
use crate::features::{per_token, stacked_features, token_features, CueContext, LabelContext};
use crate::model::{viterbi, Label, Model, PreHashed, Stage, LABELS};
use crate::sequence::{normalise, sequences, word_hash, CueWords, Tok};

/// One training article: its text, its text layers, and gold spans by role.
pub struct TrainingDocument<'a> {
    pub text: &'a str,
    pub layers: &'a Layers,
    /// (role, byte ranges) for every gold source, cue and content fragment.
    pub gold: Vec<(Label, Range<usize>)>,
}

#[derive(Debug, Clone, Copy)]
pub struct TrainOptions {
    /// Weight table size as a power of two.
    pub bits: u32,
    pub epochs: usize,
    pub seed: u64,
    /// A word is a cue word when at least this share of its occurrences are cue tokens…
    pub cue_word_share: f64,
    /// …and it is a cue token at least this often.
    pub cue_word_count: usize,
    /// Folds for the stacked stage's training labels.
    pub folds: usize,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            bits: 17,
            epochs: 12,
            seed: 17,
            cue_word_share: 0.1,
            cue_word_count: 1,
            folds: 5,
        }
    }
}

struct NoCueWords;
impl CueWords for NoCueWords {
    fn is_cue_word(&self, _: u64) -> bool {
        false
    }
}

struct CueSet(HashSet<u64, PreHashed>);
impl CueWords for CueSet {
    fn is_cue_word(&self, word: u64) -> bool {
        self.0.contains(&word)
    }
}

fn gold_labels(seq: &[Tok], roles: &[u8]) -> Vec<Label> {
    seq.iter()
        .map(|t| Label::from_index(roles.get(t.span.start as usize).copied().unwrap_or(0) as usize))
        .collect()
}

/// Progress callback: (epoch, tokens wrongly tagged in that epoch, tokens).
pub type OnEpoch<'a> = &'a mut dyn FnMut(usize, usize, usize);

pub fn train(docs: &[TrainingDocument<'_>], options: TrainOptions, on_epoch: OnEpoch<'_>) -> Model {
    // Role of every byte, then the cue words: words the gold marks as cues often enough, plus
    // the general reporting verbs (so a word the training data lacks still counts).
    let roles: Vec<Vec<u8>> = docs
        .iter()
        .map(|d| {
            let mut r = vec![0u8; d.text.len()];
            for (label, range) in &d.gold {
                for b in &mut r[range.clone()] {
                    *b = *label as u8;
                }
            }
            r
        })
        .collect();
    let mut counts: HashMap<u64, (usize, usize)> = HashMap::new();
    for (d, roles) in docs.iter().zip(&roles) {
        for seq in sequences(d.text, d.layers, &NoCueWords) {
            for t in &seq {
                let e = counts.entry(t.word).or_default();
                e.0 += 1;
                if roles[t.span.start as usize] == Label::Cue as u8 {
                    e.1 += 1;
                }
            }
        }
    }
    let mut cue_words: HashSet<u64, PreHashed> = counts
        .iter()
        .filter(|(_, &(n, cue))| {
            cue >= options.cue_word_count && cue as f64 >= options.cue_word_share * n as f64
        })
        .map(|(&w, _)| w)
        .collect();
    let mut buf = String::new();
    for w in REPORTING_WORDS {
        normalise(w, &mut buf);
        cue_words.insert(word_hash(&buf));
    }
    let cue_set = CueSet(cue_words);

    let seqs: Vec<(Vec<Tok>, Vec<Label>)> = docs
        .iter()
        .zip(&roles)
        .flat_map(|(d, roles)| {
            sequences(d.text, d.layers, &cue_set)
                .into_iter()
                .map(|seq| {
                    let gold = gold_labels(&seq, roles);
                    (seq, gold)
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let bits = options.bits;

    // Stage one on everything; stage two on stage-one labels that are as wrong as they will be
    // on unseen text: each fold's labels come from a stage one trained without that fold.
    let first = perceptron(&seqs, None, bits, options, &mut *on_epoch);
    let folds = options.folds.max(2);
    let mut jackknifed: Vec<Vec<Label>> = vec![Vec::new(); seqs.len()];
    for fold in 0..folds {
        let rest: Vec<(Vec<Tok>, Vec<Label>)> = seqs
            .iter()
            .enumerate()
            .filter(|(k, _)| k % folds != fold)
            .map(|(_, s)| s.clone())
            .collect();
        let stage = perceptron(&rest, None, bits, options, &mut |_, _, _| {});
        let model = Model {
            bits,
            stages: vec![stage],
            cue_words: HashSet::default(),
        };
        let mut features = Vec::new();
        for (k, (seq, _)) in seqs.iter().enumerate() {
            if k % folds == fold {
                jackknifed[k] = model.decode(seq, &mut features);
            }
        }
    }
    let second = perceptron(&seqs, Some(&jackknifed), bits, options, on_epoch);
    Model {
        bits,
        stages: vec![first, second],
        cue_words: cue_set.0,
    }
}

/// One stage: averaged structured perceptron over `seqs`, with the previous stage's labels
/// when stacked.
fn perceptron(
    seqs: &[(Vec<Tok>, Vec<Label>)],
    previous: Option<&[Vec<Label>]>,
    bits: u32,
    options: TrainOptions,
    on_epoch: OnEpoch<'_>,
) -> Stage {
    let per = per_token(previous.is_some());
    let slot = |f: u64| (f >> (64 - bits)) as usize;
    let mut features = Vec::with_capacity(per);
    let examples: Vec<(Vec<usize>, &[Label])> = seqs
        .iter()
        .enumerate()
        .map(|(k, (seq, gold))| {
            let ctx = CueContext::new(seq);
            let prev = previous.map(|p| p[k].as_slice());
            let near = prev.map(|p| LabelContext::new(seq, p));
            let mut slots = Vec::with_capacity(seq.len() * per);
            for i in 0..seq.len() {
                features.clear();
                token_features(seq, &ctx, i, &mut features);
                if let (Some(p), Some(near)) = (prev, near.as_ref()) {
                    stacked_features(seq, p, near, i, &mut features);
                }
                slots.extend(features.iter().map(|&f| slot(f)));
            }
            (slots, gold.as_slice())
        })
        .collect();

    let size = 1usize << bits;
    let mut w = vec![[0f32; LABELS]; size];
    let mut acc = vec![[0f32; LABELS]; size];
    let mut tw = [[0f32; LABELS]; LABELS + 1];
    let mut tacc = [[0f32; LABELS]; LABELS + 1];
    let mut c = 1f32;
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = options.seed.max(1);
    let tokens: usize = examples.iter().map(|e| e.1.len()).sum();
    for epoch in 0..options.epochs {
        // Fisher–Yates with xorshift: reproducible without a dependency.
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        let mut wrong = 0;
        for &k in &order {
            let (slots, gold) = &examples[k];
            let n = gold.len();
            let emit: Vec<[f32; LABELS]> = (0..n)
                .map(|i| {
                    let mut e = [0f32; LABELS];
                    for &s in &slots[i * per..(i + 1) * per] {
                        for l in 0..LABELS {
                            e[l] += w[s][l];
                        }
                    }
                    e
                })
                .collect();
            let pred = viterbi(&emit, &tw);
            if pred == *gold {
                c += 1.0;
                continue;
            }
            for i in 0..n {
                let (g, p) = (gold[i] as usize, pred[i] as usize);
                if g != p {
                    wrong += 1;
                    for &s in &slots[i * per..(i + 1) * per] {
                        w[s][g] += 1.0;
                        w[s][p] -= 1.0;
                        acc[s][g] += c;
                        acc[s][p] -= c;
                    }
                }
                let (gp, pp) = if i == 0 {
                    (LABELS, LABELS)
                } else {
                    (gold[i - 1] as usize, pred[i - 1] as usize)
                };
                if (gp, g) != (pp, p) {
                    tw[gp][g] += 1.0;
                    tw[pp][p] -= 1.0;
                    tacc[gp][g] += c;
                    tacc[pp][p] -= c;
                }
            }
            c += 1.0;
        }
        on_epoch(epoch + 1, wrong, tokens);
    }

    // Average, then quantise to i16.
    let avg = |w: f32, a: f32| w - a / c;
    let mut max = 0f32;
    for (ws, accs) in w.iter().zip(&acc) {
        for l in 0..LABELS {
            max = max.max(avg(ws[l], accs[l]).abs());
        }
    }
    let scale = if max > 0.0 { 32000.0 / max } else { 1.0 };
    let weights = w
        .iter()
        .zip(&acc)
        .map(|(ws, accs)| {
            let mut q = [0i16; LABELS];
            for l in 0..LABELS {
                q[l] = (avg(ws[l], accs[l]) * scale).round() as i16;
            }
            q
        })
        .collect();
    let mut transitions = [[0i32; LABELS]; LABELS + 1];
    for (row, (tw_row, tacc_row)) in transitions.iter_mut().zip(tw.iter().zip(&tacc)) {
        for l in 0..LABELS {
            row[l] = (avg(tw_row[l], tacc_row[l]) * scale).round() as i32;
        }
    }
    Stage {
        weights,
        transitions,
    }
}
