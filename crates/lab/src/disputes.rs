//! `rashomon-lab eval disputes --fnc1 DIR --split train|dev|test`: disputes on real piles cut
//! from FNC-1 (issue 16, item 7).
//!
//! Protocol. A **claim group** is a connected component of the split's related (not
//! unrelated) headline–body pairs ([`ClaimGroups`]): the headlines written about one claim and
//! the bodies about it. A body's **stance** to its group is the majority of the gold stances
//! of its related pairs (a tie is discuss). Each group's bodies are one **pile** (a JSON Lines
//! file, one record per body, each body its own outlet), run through the whole pipeline
//! (`rashomon_pile::timeline::make`, as `rashomon timeline` runs it). A pile is **disputed**
//! when it has at least one agree and one disagree body; piles of one body are not scored (no
//! cross-document dispute can happen in them).
//!
//! A claim of the output is a **cross-document dispute** when it is disputed and a document
//! asserting it differs from a document denying it. Scores:
//! - **recall**: disputed piles where some disputed claim has an agree body asserting it (or
//!   reporting it without denying it) and a disagree body denying it;
//! - **side accuracy**: over the cross-document disputes of the disputed piles that set the
//!   two camps against each other (an agree and a disagree body among their sides), the share
//!   of their agree and disagree bodies on their own side (one per claim, document and side:
//!   asserted by an agree body, denied by a disagree body); discuss bodies are not counted.
//!   `sides_all` counts the same over every cross-document dispute of the disputed piles;
//! - **false-dispute rate**: undisputed piles given any cross-document dispute.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};
use rashomon_eval::fnc::Stance;
use rashomon_linking::claims::Status;
use rashomon_pile::timeline::{Made, TimelineOptions};
use rashomon_pile::{LayerOptions, Pile, ReadOptions, Resources};
use rashomon_report::{ClaimOut, TimelineOut};
use serde::Serialize;

use crate::stance::{ClaimGroups, FncData, FncSplit};

/// A pile of bodies about one claim, with each body's gold stance to it.
#[derive(Debug, Clone)]
pub struct GoldPile {
    /// The group's smallest Body ID.
    pub key: u32,
    /// (Body ID, stance), by Body ID.
    pub bodies: Vec<(u32, Stance)>,
}

impl GoldPile {
    pub fn disputed(&self) -> bool {
        let has = |s: Stance| self.bodies.iter().any(|b| b.1 == s);
        has(Stance::Agree) && has(Stance::Disagree)
    }

    fn stance_of(&self, body: u32) -> Option<Stance> {
        self.bodies.iter().find(|b| b.0 == body).map(|b| b.1)
    }
}

/// The majority of a body's related stances; a tie is discuss.
fn majority(stances: &[Stance]) -> Stance {
    let count = |s: Stance| stances.iter().filter(|&&x| x == s).count();
    let mut counts = [
        (Stance::Agree, count(Stance::Agree)),
        (Stance::Disagree, count(Stance::Disagree)),
        (Stance::Discuss, count(Stance::Discuss)),
    ];
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    if counts[0].1 == counts[1].1 {
        Stance::Discuss
    } else {
        counts[0].0
    }
}

/// The split's piles, by group key; groups without a related pair make none.
pub fn piles(data: &FncData) -> Vec<GoldPile> {
    let groups = ClaimGroups::of(&data.pairs);
    let mut related: BTreeMap<u32, Vec<Stance>> = BTreeMap::new();
    for p in &data.pairs {
        if let Some(s) = p.stance.filter(|&s| s != Stance::Unrelated) {
            related.entry(p.body_id).or_default().push(s);
        }
    }
    let mut by_group: BTreeMap<u32, Vec<(u32, Stance)>> = BTreeMap::new();
    for (body, stances) in related {
        let key = groups.key[groups.of_body(body)];
        by_group
            .entry(key)
            .or_default()
            .push((body, majority(&stances)));
    }
    by_group
        .into_iter()
        .map(|(key, bodies)| GoldPile { key, bodies })
        .collect()
}

/// How a pile's record names its body: the URL's host and path carry the Body ID.
fn url_of(body: u32) -> String {
    format!("https://fnc1-body-{body}.example.org/{body}")
}

fn body_of_url(url: &str) -> Option<u32> {
    url.strip_prefix("https://fnc1-body-")?
        .split_once('.')?
        .0
        .parse()
        .ok()
}

/// Writes a pile as JSON Lines: one record per body, its own outlet, no date.
fn write_pile(path: &Path, pile: &GoldPile, data: &FncData) -> Result<()> {
    let mut out = std::io::BufWriter::new(
        std::fs::File::create(path).with_context(|| format!("cannot write {}", path.display()))?,
    );
    for &(body, _) in &pile.bodies {
        let record = serde_json::json!({
            "id": format!("fnc1-{body}"),
            "url": url_of(body),
            "outlet": format!("Outlet {body}"),
            "text": data.bodies[data.body_index[&body]],
        });
        writeln!(out, "{record}")?;
    }
    out.flush()?;
    Ok(())
}

/// Counts of one pile, or pooled.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Counts {
    pub piles: usize,
    pub bodies: usize,
    pub disputed_piles: usize,
    /// Disputed piles whose dispute was found with an agree body on one side and a disagree
    /// body on the other.
    pub found: usize,
    /// Agree and disagree bodies on the sides of the disputes between the two camps (claims
    /// of disputed piles with agree and disagree bodies among their sides).
    pub sides: usize,
    pub sides_right: usize,
    /// The same over every cross-document dispute of the disputed piles.
    pub sides_all: usize,
    pub sides_all_right: usize,
    pub undisputed_piles: usize,
    /// Undisputed piles given a cross-document dispute.
    pub false_disputes: usize,
    /// Cross-document disputes in all piles.
    pub cross_document_disputes: usize,
    /// Their denying statements, by why each counts against the claim (cue, negation,
    /// pointing back, the stance model).
    pub denials_by_reason: BTreeMap<String, usize>,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.piles += o.piles;
        self.bodies += o.bodies;
        self.disputed_piles += o.disputed_piles;
        self.found += o.found;
        self.sides += o.sides;
        self.sides_right += o.sides_right;
        self.sides_all += o.sides_all;
        self.sides_all_right += o.sides_all_right;
        self.undisputed_piles += o.undisputed_piles;
        self.false_disputes += o.false_disputes;
        self.cross_document_disputes += o.cross_document_disputes;
        for (k, v) in &o.denials_by_reason {
            *self.denials_by_reason.entry(k.clone()).or_default() += v;
        }
    }
}

fn ratio(n: usize, of: usize) -> f64 {
    if of == 0 {
        0.0
    } else {
        (10000.0 * n as f64 / of as f64).round() / 10000.0
    }
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub split: String,
    pub recall: f64,
    pub side_accuracy: f64,
    pub false_dispute_rate: f64,
    #[serde(flatten)]
    pub counts: Counts,
    /// Piles of one body, not scored.
    pub single_body_piles: usize,
    pub stance_model: String,
    pub seconds: f64,
}

/// A disputed pile whose dispute was not found, or an undisputed one given a dispute.
#[derive(Debug, Serialize)]
pub struct Miss {
    /// The group's smallest Body ID.
    pub pile: u32,
    /// `dispute` (not found) or `false-dispute`.
    pub kind: &'static str,
    pub agree: Vec<u32>,
    pub disagree: Vec<u32>,
    pub discuss: Vec<u32>,
    /// The pile's cross-document disputes, with the bodies on each side.
    pub claims: Vec<MissClaim>,
}

#[derive(Debug, Serialize)]
pub struct MissClaim {
    pub text: String,
    pub asserted_by: Vec<(u32, String)>,
    /// (Body ID, sentence, why it counts against the claim).
    pub denied_by: Vec<(u32, String, String)>,
}

/// The bodies asserting and denying a claim, as Body IDs.
struct Sides {
    asserted: BTreeSet<u32>,
    reported: BTreeSet<u32>,
    denied: BTreeSet<u32>,
}

fn sides(claim: &ClaimOut, body_of: &HashMap<&str, u32>) -> Sides {
    let ids = |docs: &mut dyn Iterator<Item = &str>| -> BTreeSet<u32> {
        docs.filter_map(|d| body_of.get(d).copied()).collect()
    };
    Sides {
        asserted: ids(&mut claim.asserted_by.iter().map(|s| s.doc_id.as_str())),
        reported: ids(&mut claim.reported_by.iter().map(|s| s.doc_id.as_str())),
        denied: ids(&mut claim.denied_by.iter().map(|s| s.doc_id.as_str())),
    }
}

/// Scores one pile's output.
pub fn score(pile: &GoldPile, out: &TimelineOut) -> (Counts, Option<Miss>) {
    let body_of: HashMap<&str, u32> = out
        .documents
        .iter()
        .filter_map(|d| Some((d.id.as_str(), body_of_url(d.url.as_deref()?)?)))
        .collect();
    let disputed = pile.disputed();
    let mut c = Counts {
        piles: 1,
        bodies: pile.bodies.len(),
        disputed_piles: usize::from(disputed),
        undisputed_piles: usize::from(!disputed),
        ..Counts::default()
    };
    let mut found = false;
    let mut shown = Vec::new();
    for claim in out.claims.iter().filter(|x| x.status == Status::Disputed) {
        let s = sides(claim, &body_of);
        let cross = s.asserted.iter().any(|a| s.denied.iter().any(|d| d != a));
        if !cross {
            continue;
        }
        c.cross_document_disputes += 1;
        let is = |b: &u32, stance: Stance| pile.stance_of(*b) == Some(stance);
        let agree_side = s
            .asserted
            .iter()
            .chain(s.reported.difference(&s.denied))
            .any(|b| is(b, Stance::Agree));
        let disagree_side = s.denied.iter().any(|b| is(b, Stance::Disagree));
        found |= agree_side && disagree_side;
        if disputed {
            // (sides judged, sides right) of this claim's agree and disagree bodies.
            let mut judged = (0, 0);
            for (list, right) in [(&s.asserted, Stance::Agree), (&s.denied, Stance::Disagree)] {
                for b in list {
                    match pile.stance_of(*b) {
                        Some(x) if x == right => judged = (judged.0 + 1, judged.1 + 1),
                        Some(Stance::Agree | Stance::Disagree) => judged.0 += 1,
                        _ => {}
                    }
                }
            }
            c.sides_all += judged.0;
            c.sides_all_right += judged.1;
            let involved =
                |stance: Stance| s.asserted.iter().chain(&s.denied).any(|b| is(b, stance));
            if involved(Stance::Agree) && involved(Stance::Disagree) {
                c.sides += judged.0;
                c.sides_right += judged.1;
            }
        }
        for x in &claim.denied_by {
            let why = x.against.map_or("none".to_string(), |a| format!("{a:?}"));
            *c.denials_by_reason.entry(why).or_default() += 1;
        }
        let side = |list: &[rashomon_report::ClaimSideOut]| -> Vec<(u32, String)> {
            list.iter()
                .filter_map(|x| Some((*body_of.get(x.doc_id.as_str())?, x.text.clone())))
                .collect()
        };
        shown.push(MissClaim {
            text: claim.text.clone(),
            asserted_by: side(&claim.asserted_by),
            denied_by: claim
                .denied_by
                .iter()
                .filter_map(|x| {
                    Some((
                        *body_of.get(x.doc_id.as_str())?,
                        x.text.clone(),
                        x.against.map_or(String::new(), |a| format!("{a:?}")),
                    ))
                })
                .collect(),
        });
    }
    c.found = usize::from(disputed && found);
    c.false_disputes = usize::from(!disputed && c.cross_document_disputes > 0);
    let miss = if (disputed && !found) || c.false_disputes > 0 {
        let with = |s: Stance| -> Vec<u32> {
            pile.bodies
                .iter()
                .filter(|b| b.1 == s)
                .map(|b| b.0)
                .collect()
        };
        Some(Miss {
            pile: pile.key,
            kind: if disputed { "dispute" } else { "false-dispute" },
            agree: with(Stance::Agree),
            disagree: with(Stance::Disagree),
            discuss: with(Stance::Discuss),
            claims: shown,
        })
    } else {
        None
    };
    (c, miss)
}

/// Runs the pipeline on every pile of `split` (the first `limit` of them, by group key) and
/// scores the disputes; `misses` collects the piles scored wrong.
pub fn evaluate(
    dir: &Path,
    split: FncSplit,
    limit: Option<usize>,
    resources: &Resources,
    stance_model: &str,
    misses: &mut Vec<Miss>,
    on_pile: impl Fn(usize, usize, &GoldPile),
) -> Result<Report> {
    let started = Instant::now();
    let data = crate::stance::load(dir, split, 0)?;
    let all = piles(&data);
    let single_body_piles = all.iter().filter(|p| p.bodies.len() < 2).count();
    let mut scored: Vec<GoldPile> = all.into_iter().filter(|p| p.bodies.len() >= 2).collect();
    if let Some(n) = limit {
        scored.truncate(n);
    }
    let scratch = tempfile::tempdir().context("cannot make a temporary folder")?;
    let mut pooled = Counts::default();
    for (i, pile) in scored.iter().enumerate() {
        on_pile(i, scored.len(), pile);
        let path = scratch.path().join(format!("pile-{}.jsonl", pile.key));
        write_pile(&path, pile, &data)?;
        let options = ReadOptions {
            layers: LayerOptions::default(),
            ..ReadOptions::default()
        };
        let mut read = Pile::read(
            std::slice::from_ref(&path),
            &[],
            &options,
            resources,
            None,
            |_| {},
        )?;
        let Made { out, .. } = rashomon_pile::timeline::make(
            &mut read,
            resources,
            &TimelineOptions {
                timeline: rashomon_timeline::Options::default(),
                duplicate_threshold: rashomon_linking::duplicates::DEFAULT_THRESHOLD,
            },
        )?;
        let (counts, miss) = score(pile, &out);
        pooled.add(&counts);
        misses.extend(miss);
        std::fs::remove_file(&path).ok();
    }
    Ok(Report {
        split: split.name().to_string(),
        recall: ratio(pooled.found, pooled.disputed_piles),
        side_accuracy: ratio(pooled.sides_right, pooled.sides),
        false_dispute_rate: ratio(pooled.false_disputes, pooled.undisputed_piles),
        counts: pooled,
        single_body_piles,
        stance_model: stance_model.to_string(),
        seconds: started.elapsed().as_secs_f64(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rashomon_eval::fnc::Pair;

    fn pair(headline: &str, body_id: u32, stance: Stance) -> Pair {
        Pair {
            headline: headline.to_string(),
            body_id,
            stance: Some(stance),
        }
    }

    #[test]
    fn a_body_takes_the_majority_of_its_related_pairs() {
        use Stance::*;
        assert_eq!(majority(&[Agree, Agree, Disagree]), Agree);
        assert_eq!(majority(&[Agree, Disagree]), Discuss, "a tie is discuss");
        assert_eq!(majority(&[Disagree]), Disagree);
        assert_eq!(
            majority(&[Discuss, Agree, Agree, Disagree, Disagree]),
            Discuss
        );
    }

    #[test]
    fn piles_are_claim_groups_and_disputed_with_both_sides() {
        use Stance::*;
        let data = FncData {
            bodies: vec!["one".into(), "two".into(), "three".into(), "four".into()],
            body_index: HashMap::from([(1, 0), (2, 1), (3, 2), (4, 3)]),
            pairs: vec![
                pair("Claim A", 1, Agree),
                pair("Claim A", 2, Disagree),
                pair("Claim A, again", 2, Disagree),
                pair("Claim B", 3, Agree),
                pair("Claim B", 4, Discuss),
                pair("Claim B", 1, Unrelated),
            ],
        };
        let piles = piles(&data);
        assert_eq!(piles.len(), 2);
        assert_eq!(piles[0].bodies, [(1, Agree), (2, Disagree)]);
        assert!(piles[0].disputed());
        assert_eq!(piles[1].bodies, [(3, Agree), (4, Discuss)]);
        assert!(!piles[1].disputed());
    }

    #[test]
    fn records_name_their_body() {
        assert_eq!(body_of_url(&url_of(1234)), Some(1234));
        assert_eq!(body_of_url("https://example.org/1"), None);
    }
}
