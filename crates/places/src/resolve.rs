//! Choosing the place a toponym means.
//!
//! Each candidate starts from a prior: its population (log) and its kind (a country or
//! continent before a region, a region before a town of the same name, a capital before
//! another town). Then the document votes: every other toponym's likely places add weight
//! to their countries and regions, so "Palmyra" in an article about Raqqa and Deir ez-Zor
//! is Tadmur in Syria, not the town in New York; a country named outright weighs most. Two
//! passes: priors alone, then priors plus the votes of the first pass.

use std::collections::HashMap;

use crate::gazetteer::{FeatureClass, Gazetteer};
use crate::names::place_key;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Resolution {
    /// Index into the gazetteer's places.
    pub place: u32,
    /// 0–1: how far the choice stands above the next candidate.
    pub confidence: f32,
}

fn prior(g: &Gazetteer, i: u32) -> f32 {
    let p = &g.places[i as usize];
    let kind = match p.class {
        FeatureClass::Continent => 14.0,
        // No population to add: as much as a country of ten million, so that one American
        // town in the text does not make "Middle East" the Baltimore neighbourhood.
        FeatureClass::Area => 30.0,
        FeatureClass::Country => 14.0,
        FeatureClass::Region => 1.0,
        FeatureClass::District => 0.5,
        FeatureClass::Capital => 5.0,
        FeatureClass::City => 0.0,
    };
    kind + (p.population as f32 + 1.0).ln()
}

/// The candidates of a written toponym: by its key, then without a plural or possessive "s".
pub fn candidates<'g>(g: &'g Gazetteer, written: &str) -> &'g [u32] {
    let k = place_key(written);
    let found = g.candidates(&k);
    if !found.is_empty() {
        return found;
    }
    if let Some(stem) = k.strip_suffix('S') {
        let found = g.candidates(stem);
        if !found.is_empty() {
            return found;
        }
    }
    match crate::names::place_loose(&k) {
        Some(l) => g.loose_candidates(&l),
        None => &[],
    }
}

/// Weight of the document's votes for a candidate's country (share of all votes) and
/// region (votes), against the priors.
const COUNTRY_VOTE: f32 = 20.0;
const REGION_VOTE: f32 = 6.0;
/// Weight of the other names that could lie in a candidate's region (see `coherence`).
const COHERENCE: f32 = 4.0;
/// How much likelier a place is when named by its own name rather than by one of its other
/// names (former, foreign or short names are also other places' own names).
const OWN_NAME_BONUS: f32 = 2.0;
/// How much less likely a district is when named without its "County" or "Parish".
const SHORT_NAME_PENALTY: f32 = 4.0;
/// Rounds of voting after the priors.
const ROUNDS: usize = 3;

/// Resolves every toponym of one document together (`written` in text order).
pub fn resolve_document(g: &Gazetteer, written: &[&str]) -> Vec<Option<Resolution>> {
    resolve_in_pile(g, written, &PilePrior::default())
}

/// Where a set of resolved toponyms lie: the weight (confidence) of each country and of
/// each first-level region among them.
#[derive(Debug, Clone, Default)]
pub struct PlaceTally {
    countries: HashMap<String, f32>,
    /// Country → region name → weight (the model's layer names regions); nested so that a
    /// look-up in the scoring loop allocates nothing.
    regions: HashMap<String, HashMap<String, f32>>,
    total: f32,
}

impl PlaceTally {
    /// Counts one resolved toponym: its country, and its region unless it is a country.
    pub fn add(&mut self, country: &str, region: Option<&str>, weight: f32) {
        if country.is_empty() {
            return;
        }
        *self.countries.entry(country.to_string()).or_default() += weight;
        if let Some(r) = region {
            *self
                .regions
                .entry(country.to_string())
                .or_default()
                .entry(r.to_string())
                .or_default() += weight;
        }
        self.total += weight;
    }

    /// Adds another tally into this one.
    pub fn merge(&mut self, other: &PlaceTally) {
        for (c, w) in &other.countries {
            *self.countries.entry(c.clone()).or_default() += w;
        }
        for (c, rs) in &other.regions {
            let mine = self.regions.entry(c.clone()).or_default();
            for (r, w) in rs {
                *mine.entry(r.clone()).or_default() += w;
            }
        }
        self.total += other.total;
    }

    pub fn is_empty(&self) -> bool {
        self.total <= 0.0
    }

    /// Where a document's resolved places lie (the layer, as first resolved): each place's
    /// country, and its region unless it is a country, by its confidence.
    pub fn of_toponyms(places: &[rashomon_model::Toponym]) -> PlaceTally {
        let mut t = PlaceTally::default();
        for p in places {
            let region = (p.class != rashomon_model::PlaceClass::Country)
                .then_some(p.region.as_deref())
                .flatten();
            t.add(&p.country, region, p.confidence);
        }
        t
    }

    fn country(&self, country: &str) -> f32 {
        self.countries.get(country).copied().unwrap_or(0.0)
    }

    fn region(&self, country: &str, region: Option<&str>) -> f32 {
        region
            .and_then(|r| self.regions.get(country)?.get(r).copied())
            .unwrap_or(0.0)
    }
}

/// Where the places of a pile of documents lie: each country's and each first-level region's
/// share of the pile's toponyms, and the same for each outlet's documents. A pile about one
/// country leans its documents' ambiguous names towards it; a local paper's "Richmond" is
/// the Richmond its other articles are around, even where the article names no state.
#[derive(Debug, Clone, Default)]
pub struct PilePrior {
    pile: PlaceTally,
    outlets: HashMap<String, PlaceTally>,
}

/// Weight of the pile's share of a candidate's country.
const PILE_VOTE: f32 = 8.0;
/// Weight of the pile's share of a candidate's first-level region.
const PILE_REGION_VOTE: f32 = 8.0;
/// Weight of the share of a candidate's country among the outlet's other documents.
const OUTLET_VOTE: f32 = 8.0;
/// Weight of the share of a candidate's region among the outlet's other documents.
const OUTLET_REGION_VOTE: f32 = 12.0;
/// An outlet's other documents count fully only when they hold many more toponyms than
/// this (their summed confidence): one article is a hint, ten a habit.
const OUTLET_EVIDENCE: f32 = 5.0;

impl PilePrior {
    /// From the countries and region names of resolved toponyms, each counted with its
    /// confidence. A country itself counts for its country only.
    pub fn from_places<'a>(
        places: impl IntoIterator<Item = (&'a str, Option<&'a str>, f32)>,
    ) -> PilePrior {
        let mut pile = PlaceTally::default();
        for (c, region, w) in places {
            pile.add(c, region, w);
        }
        PilePrior {
            pile,
            outlets: HashMap::new(),
        }
    }

    /// From each document's outlet (where known) and the tally of its resolved toponyms.
    pub fn from_documents<'a>(
        documents: impl IntoIterator<Item = (Option<&'a str>, &'a PlaceTally)>,
    ) -> PilePrior {
        let mut prior = PilePrior::default();
        for (outlet, tally) in documents {
            prior.pile.merge(tally);
            if let Some(o) = outlet.filter(|o| !o.is_empty()) {
                prior.outlets.entry(o.to_string()).or_default().merge(tally);
            }
        }
        prior
    }

    /// The prior of one document of the pile: its outlet's other documents (the document's
    /// own toponyms, `own`, are taken out so that it does not vote for its own first reading).
    pub fn for_document<'a>(
        &'a self,
        outlet: Option<&str>,
        own: Option<&'a PlaceTally>,
    ) -> DocumentPrior<'a> {
        DocumentPrior {
            pile: self,
            outlet: outlet.and_then(|o| self.outlets.get(o)),
            own,
            home: None,
        }
    }
}

/// Weight of the country of the document's web address (its country domain).
const HOME_VOTE: f32 = 8.0;

/// Country domains that sites take for their look, not their country.
const GENERIC_COUNTRY_DOMAINS: &[&str] = &[
    "ai", "am", "cc", "co", "fm", "gg", "io", "la", "ly", "me", "ms", "nu", "sh", "so", "st", "to",
    "tv", "vc", "ws",
];

/// The country of a host name by its country domain: lfpress.ca → CA,
/// www.thisisoxfordshire.co.uk → GB. `None` for generic domains (.com, .org, .tv, .io).
pub fn domain_country(host: &str) -> Option<[u8; 2]> {
    let (_, tld) = host.trim_end_matches('.').rsplit_once('.')?;
    let tld = tld.to_ascii_lowercase();
    if tld.len() != 2
        || !tld.bytes().all(|b| b.is_ascii_lowercase())
        || GENERIC_COUNTRY_DOMAINS.contains(&tld.as_str())
    {
        return None;
    }
    let b = tld.as_bytes();
    Some(if tld == "uk" {
        *b"GB"
    } else {
        [b[0].to_ascii_uppercase(), b[1].to_ascii_uppercase()]
    })
}

impl<'a> DocumentPrior<'a> {
    /// Adds the country of the host of the document's web address (see [`domain_country`]).
    pub fn with_host(mut self, host: Option<&str>) -> Self {
        self.home = host.and_then(domain_country);
        self
    }
}

/// What a document's pile and outlet say about where its places lie (see [`PilePrior`]).
#[derive(Debug, Clone, Copy)]
pub struct DocumentPrior<'a> {
    pile: &'a PilePrior,
    outlet: Option<&'a PlaceTally>,
    own: Option<&'a PlaceTally>,
    /// The country of the document's web address.
    home: Option<[u8; 2]>,
}

impl<'a> From<&'a PilePrior> for DocumentPrior<'a> {
    fn from(pile: &'a PilePrior) -> Self {
        pile.for_document(None, None)
    }
}

impl DocumentPrior<'_> {
    /// The prior's weight for a place in `country` and first-level region `admin1`.
    fn weight(&self, g: &Gazetteer, country: &str, admin1: &str) -> f32 {
        let pile = &self.pile.pile;
        let home = match self.home {
            Some(h) if h == country.as_bytes() => HOME_VOTE,
            _ => 0.0,
        };
        if pile.is_empty() && self.outlet.is_none() {
            return home;
        }
        let region = g.region_name(country, admin1);
        // The outlet is the nearer context: as its evidence grows it takes over from the
        // pile's (a Russian paper's "Nice" in a pile of American local news is in France).
        let mut pile_trust = 1.0;
        let mut w = 0.0;
        if let Some(outlet) = self.outlet {
            let own = self.own;
            let others = outlet.total - own.map_or(0.0, |t| t.total);
            if others > 1e-3 {
                let trust = others / (others + OUTLET_EVIDENCE);
                let c = outlet.country(country) - own.map_or(0.0, |t| t.country(country));
                let r =
                    outlet.region(country, region) - own.map_or(0.0, |t| t.region(country, region));
                let (c, r) = (c.max(0.0), r.max(0.0));
                w += trust * (OUTLET_VOTE * c + OUTLET_REGION_VOTE * r) / others;
                pile_trust = 1.0 - trust;
            }
        }
        if !pile.is_empty() {
            w += pile_trust
                * (PILE_VOTE * pile.country(country)
                    + PILE_REGION_VOTE * pile.region(country, region))
                / pile.total;
        }
        w + home
    }
}

/// [`resolve_document`] with the pile's prior.
pub fn resolve_in_pile<'p>(
    g: &Gazetteer,
    written: &[&str],
    context: impl Into<DocumentPrior<'p>>,
) -> Vec<Option<Resolution>> {
    resolve_with_hints(g, written, &[], context)
}

/// Resolves the toponyms at `spans` (byte ranges of `text`) together, with the regions the
/// text marks ([`region_hints`]) and the given prior: what the per-document layer, the
/// pile-wide step and `eval geo` all run.
pub fn resolve_text_spans<'p>(
    g: &Gazetteer,
    text: &str,
    spans: &[(usize, usize)],
    context: impl Into<DocumentPrior<'p>>,
) -> Vec<Option<Resolution>> {
    let written: Vec<&str> = spans.iter().map(|&(s, e)| &text[s..e]).collect();
    let hints = region_hints(g, text, spans);
    resolve_with_hints(g, &written, &hints, context)
}

/// How much likelier a first-level region is where the text says the name is one ("Washington
/// state", "the state of Washington", a list of states).
const REGION_HINT: f32 = 10.0;

/// Which toponym spans (byte ranges of `text`) the text itself marks as first-level regions:
/// followed by " state", after "state of", after a town of that region and a comma
/// ("Atlanta, Georgia"), or listed beside names whose likeliest reading is a region ("Oregon,
/// Washington and Wyoming").
pub fn region_hints(g: &Gazetteer, text: &str, spans: &[(usize, usize)]) -> Vec<bool> {
    let region_first = |s: &str| {
        let c = candidates(g, s);
        c.iter()
            .map(|&i| (prior(g, i), i))
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .is_some_and(|(_, i)| g.places[i as usize].class == FeatureClass::Region)
    };
    let listed = |gap: &str| matches!(gap, ", " | " and " | ", and " | " or " | ", or " | "/");
    // Neighbours are neighbours in the text, whatever order the spans come in.
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by_key(|&i| spans[i]);
    let sorted: Vec<(usize, usize)> = order.iter().map(|&i| spans[i]).collect();
    let gap = |m: usize| {
        let ((_, e), (s, _)) = (sorted[m], sorted[m + 1]);
        text.get(e..s)
    };
    let written = |m: usize| text.get(sorted[m].0..sorted[m].1).unwrap_or("");
    // The separator between spans `m` and `m + 1` lists them, and `m + 1` is a region.
    let linked = |m: usize| gap(m).is_some_and(listed) && region_first(written(m + 1));
    // Whether span `region` may be a region holding a town that span `town` names.
    let town_in_region = |town: usize, region: usize| {
        let regions: Vec<(&str, &str)> = candidates(g, written(region))
            .iter()
            .map(|&i| &g.places[i as usize])
            .filter(|p| p.class == FeatureClass::Region)
            .map(|p| (p.country.as_str(), p.admin1.as_str()))
            .collect();
        !regions.is_empty()
            && candidates(g, written(town)).iter().any(|&i| {
                let p = &g.places[i as usize];
                matches!(p.class, FeatureClass::City | FeatureClass::Capital)
                    && regions.contains(&(p.country.as_str(), p.admin1.as_str()))
            })
    };
    let mut hints = vec![false; spans.len()];
    for (n, &(start, end)) in sorted.iter().enumerate() {
        let state_after = text
            .get(end..)
            .and_then(|after| after.strip_prefix(" state"))
            .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric()));
        let state_of = text
            .get(start.saturating_sub(9)..start)
            .is_some_and(|b| b.eq_ignore_ascii_case("state of "));
        // "Atlanta, Georgia": a region of this name holds a town of the name before.
        let of_town = n > 0 && gap(n - 1) == Some(", ") && town_in_region(n - 1, n);
        let linked_left = n > 0 && gap(n - 1).is_some_and(listed) && region_first(written(n - 1));
        let linked_right = n + 1 < sorted.len() && linked(n);
        // "Washington, D.C.", "stops in Washington, New York and Boston": a name followed by
        // ", Region" that no further region continues is a town in that region
        // ("Washington, Pennsylvania and California" is a list).
        let town_of_region = n + 1 < sorted.len()
            && gap(n) == Some(", ")
            && !(n + 2 < sorted.len() && linked(n + 1));
        let in_list = (linked_left || linked_right) && !town_of_region;
        hints[order[n]] = state_after || state_of || of_town || in_list;
    }
    hints
}

/// [`resolve_in_pile`] with `region_hints` (one per toponym of `written`; empty for none).
pub fn resolve_with_hints<'p>(
    g: &Gazetteer,
    written: &[&str],
    region_hints: &[bool],
    context: impl Into<DocumentPrior<'p>>,
) -> Vec<Option<Resolution>> {
    let context: DocumentPrior = context.into();
    // Mentions of one name have the same candidates and the same context, so every step
    // below works on distinct names. Each distinct name also votes once: fourteen "Dublin"s
    // are one piece of evidence, and must not outvote the one "Ohio" (nor, voting for each
    // other, keep themselves in Ireland).
    let mut name_of: Vec<usize> = Vec::with_capacity(written.len());
    let mut keys: Vec<String> = Vec::new();
    let mut cands: Vec<&[u32]> = Vec::new();
    // A name is hinted a region where any of its mentions is.
    let mut hinted: Vec<bool> = Vec::new();
    {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (m, w) in written.iter().enumerate() {
            let k = place_key(w);
            let next = keys.len();
            let n = *seen.entry(k.clone()).or_insert(next);
            if n == next {
                keys.push(k);
                cands.push(candidates(g, w));
                hinted.push(false);
            }
            hinted[n] |= region_hints.get(m).copied().unwrap_or(false);
            name_of.push(n);
        }
    }
    // Coherence: how many of the other names could be read inside each region. A name
    // whose places span many regions ("Springfield") says little about any one, so each
    // name's weight shrinks with the root of the number of its regions. "Dublin" beside
    // "Laurens County" is Dublin, Georgia: of all the Dublins, only that one shares a state
    // with a Laurens County — a reading that voting on each name's current best place misses.
    // Names that may be a country or region ("Oregon", "Georgia") neither give nor get
    // coherence: lists of states would otherwise find the one state that has towns named
    // after all of them (Missouri has a California, an Oregon and a Mexico).
    let name_regions: Vec<Vec<(&str, &str)>> = cands
        .iter()
        .map(|c| {
            let town_name = c.iter().all(|&i| {
                !matches!(
                    g.places[i as usize].class,
                    FeatureClass::Country
                        | FeatureClass::Region
                        | FeatureClass::Continent
                        | FeatureClass::Area
                )
            });
            if !town_name {
                return Vec::new();
            }
            let mut regions: Vec<(&str, &str)> = c
                .iter()
                .map(|&i| &g.places[i as usize])
                .filter(|p| !p.admin1.is_empty())
                .map(|p| (p.country.as_str(), p.admin1.as_str()))
                .collect();
            regions.sort_unstable();
            regions.dedup();
            regions
        })
        .collect();
    let weight_of = |regions: &[(&str, &str)]| 1.0 / (regions.len().max(1) as f32).sqrt();
    let mut region_support: HashMap<(&str, &str), f32> = HashMap::new();
    for regions in &name_regions {
        for r in regions {
            *region_support.entry(*r).or_default() += weight_of(regions);
        }
    }
    let coherence = |i: u32, n: usize| -> f32 {
        let p = &g.places[i as usize];
        let own = &name_regions[n];
        if p.admin1.is_empty() || own.is_empty() {
            return 0.0;
        }
        let total = region_support
            .get(&(p.country.as_str(), p.admin1.as_str()))
            .copied()
            .unwrap_or(0.0);
        (total - weight_of(own)).max(0.0)
    };
    // The prior of each candidate as the name is written: "Richmond" is a town before it is
    // Richmond County, and a place goes by its own name more often than by another's.
    let named_prior: Vec<Vec<f32>> = cands
        .iter()
        .zip(&keys)
        .zip(&hinted)
        .map(|((c, k), &hinted)| {
            c.iter()
                .map(|&i| {
                    let p = &g.places[i as usize];
                    let own_name = place_key(&p.name) == *k;
                    let short_name = p.class == FeatureClass::District && !own_name;
                    let hint = hinted && p.class == FeatureClass::Region;
                    prior(g, i) - if short_name { SHORT_NAME_PENALTY } else { 0.0 }
                        + if own_name { OWN_NAME_BONUS } else { 0.0 }
                        + if hint { REGION_HINT } else { 0.0 }
                })
                .collect()
        })
        .collect();
    // Round zero: priors alone.
    let mut picks: Vec<Option<(u32, f32)>> = cands
        .iter()
        .zip(&named_prior)
        .map(|(c, named)| {
            c.iter()
                .zip(named)
                .max_by(|a, b| a.1.total_cmp(b.1))
                .map(|(&i, _)| (i, 0.5))
        })
        .collect();
    for _ in 0..ROUNDS {
        // Votes of the current picks, one per name: a country named outright, a region, or
        // a town counts for its country and region; an ambiguous name counts less.
        let mut country_votes: HashMap<&str, f32> = HashMap::new();
        let mut region_votes: HashMap<(&str, &str), f32> = HashMap::new();
        // (country, region, weight) of each name's current pick.
        type Own<'a> = (Option<&'a str>, Option<(&'a str, &'a str)>, f32);
        let mut own: Vec<Own> = Vec::with_capacity(picks.len());
        for (n, pick) in picks.iter().enumerate() {
            let Some((i, _)) = pick else {
                own.push((None, None, 0.0));
                continue;
            };
            let p = &g.places[*i as usize];
            if p.country.is_empty() {
                own.push((None, None, 0.0));
                continue;
            }
            let weight = match p.class {
                FeatureClass::Country => 2.0,
                _ => 1.0 / cands[n].len().max(1) as f32,
            };
            *country_votes.entry(p.country.as_str()).or_default() += weight;
            let region = (!p.admin1.is_empty() && p.class != FeatureClass::Country)
                .then_some((p.country.as_str(), p.admin1.as_str()));
            if let Some(r) = region {
                *region_votes.entry(r).or_default() += weight;
            }
            own.push((Some(p.country.as_str()), region, weight));
        }
        // Summed in name order, not in the map's (seeded) order: the same text always gives
        // the same confidences, to the last bit.
        let total: f32 = own.iter().map(|o| o.2).sum::<f32>().max(1e-6);
        let next: Vec<Option<(u32, f32)>> = cands
            .iter()
            .enumerate()
            .map(|(n, c)| {
                if c.is_empty() {
                    return None;
                }
                let (own_country, own_region, w) = own[n];
                let score = |i: u32, j: usize| {
                    let p = &g.places[i as usize];
                    // A name does not vote for itself.
                    let mut votes = country_votes
                        .get(p.country.as_str())
                        .copied()
                        .unwrap_or(0.0);
                    if own_country == Some(p.country.as_str()) {
                        votes -= w;
                    }
                    let key = (p.country.as_str(), p.admin1.as_str());
                    let mut region = region_votes.get(&key).copied().unwrap_or(0.0);
                    if own_region == Some(key) {
                        region -= w;
                    }
                    // A region's own towns vote for it.
                    if p.class == FeatureClass::Region {
                        region = region.max(0.0);
                    }
                    named_prior[n][j]
                        + context.weight(g, &p.country, &p.admin1)
                        + COUNTRY_VOTE * (votes.max(0.0) / total)
                        + REGION_VOTE * region.clamp(0.0, 2.0)
                        + COHERENCE * coherence(i, n).min(3.0)
                };
                // A town named like its region ("Raqqa" in Ar-Raqqah governorate) is what the
                // name means more often than the region.
                let namesake = |i: u32| {
                    let p = &g.places[i as usize];
                    matches!(p.class, FeatureClass::City | FeatureClass::Capital)
                        && c.iter().any(|&j| {
                            let r = &g.places[j as usize];
                            r.class == FeatureClass::Region
                                && r.country == p.country
                                && r.admin1 == p.admin1
                        })
                };
                let mut scored: Vec<(f32, u32)> = c
                    .iter()
                    .enumerate()
                    .map(|(j, &i)| (score(i, j) + if namesake(i) { 6.0 } else { 0.0 }, i))
                    .collect();
                scored.sort_by(|a, b| b.0.total_cmp(&a.0));
                let best = scored[0];
                let margin = scored.get(1).map_or(10.0, |s| best.0 - s.0);
                Some((best.1, (1.0 - (-margin / 3.0).exp()).clamp(0.05, 0.99)))
            })
            .collect();
        picks = next;
    }
    name_of
        .into_iter()
        .map(|n| picks[n].map(|(place, confidence)| Resolution { place, confidence }))
        .collect()
}
