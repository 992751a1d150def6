//! Places: find toponyms in a document and resolve each to a place of an embedded GeoNames
//! gazetteer (geonames.org, CC-BY 4.0): coordinates, country, region, feature class.

pub mod find;
pub mod gazetteer;
pub mod names;
pub mod resolve;

pub use find::{find_places, find_places_in_pile, find_toponyms, Found};
pub use gazetteer::{FeatureClass, Gazetteer, Place};
use rashomon_model::{PlaceClass, Span, Toponym};

use std::sync::OnceLock;

static SHIPPED: &[u8] = include_bytes!("../data/gazetteer.tsv.gz");

/// The places of a text, found and resolved, as the document model's layer. Toponyms in
/// `skip` spans (scraping junk) are left out.
pub fn toponyms(g: &Gazetteer, text: &str, skip: &[Span]) -> Vec<Toponym> {
    let spans: Vec<Span> = find_toponyms(g, text)
        .into_iter()
        .filter(|f| !skip.iter().any(|s| s.start < f.end && f.start < s.end))
        .collect();
    resolve_spans(g, text, &spans, &resolve::PilePrior::default())
}

/// Resolves given toponym spans of a text together, with a pile's prior: the layer again,
/// once the whole pile is known (`rashomon timeline`, `rashomon places`).
pub fn resolve_spans(
    g: &Gazetteer,
    text: &str,
    spans: &[Span],
    pile: &resolve::PilePrior,
) -> Vec<Toponym> {
    let written: Vec<&str> = spans.iter().map(|s| &text[s.range()]).collect();
    resolve::resolve_in_pile(g, &written, pile)
        .into_iter()
        .zip(spans)
        .filter_map(|(r, &span)| {
            let r = r?;
            let p = &g.places[r.place as usize];
            Some(Toponym {
                span,
                id: p.id,
                name: p.name.clone(),
                country: p.country.clone(),
                region: g.region_name(&p.country, &p.admin1).map(str::to_string),
                class: match p.class {
                    FeatureClass::Continent => PlaceClass::Continent,
                    FeatureClass::Country => PlaceClass::Country,
                    FeatureClass::Region => PlaceClass::Region,
                    FeatureClass::Capital => PlaceClass::Capital,
                    FeatureClass::City => PlaceClass::City,
                },
                lat: p.lat,
                lon: p.lon,
                confidence: r.confidence,
            })
        })
        .collect()
}

static CHOSEN: OnceLock<Gazetteer> = OnceLock::new();

/// Makes `g` the gazetteer of this process ([`current`]) in place of the shipped one: the
/// `--gazetteer FILE` option. Returns false when one was already chosen.
pub fn choose(g: Gazetteer) -> bool {
    CHOSEN.set(g).is_ok()
}

/// The gazetteer pipeline stages use: the one [`choose`]n, else the shipped one.
pub fn current() -> &'static Gazetteer {
    CHOSEN.get().unwrap_or_else(shipped)
}

/// The shipped gazetteer (countries, first-level regions, cities of 15,000 people or more),
/// loaded once.
pub fn shipped() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| Gazetteer::from_gzip(SHIPPED).expect("the shipped gazetteer loads"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve_all(names: &[&str]) -> Vec<Option<&'static Place>> {
        let g = shipped();
        resolve::resolve_document(g, names)
            .into_iter()
            .map(|r| r.map(|r| &g.places[r.place as usize]))
            .collect()
    }

    #[test]
    fn syria_and_iraq_in_every_spelling() {
        let spellings = [
            "Raqqa",
            "Rakka",
            "Ar Raqqah",
            "raqqa",
            "Abu Kamal",
            "Abu Kemal",
            "Albu Kamal",
            "Deir ez-Zor",
            "Deir Ezzor",
            "Dayr az Zawr",
            "Palmyra",
            "Tadmur",
            "Syria",
            "Mosul",
        ];
        let resolved = resolve_all(&spellings);
        for (name, place) in spellings.iter().zip(&resolved) {
            let place = place.unwrap_or_else(|| panic!("{name} not found"));
            let expected = if *name == "Mosul" { "IQ" } else { "SY" };
            assert_eq!(place.country, expected, "{name} → {place:?}");
        }
        let id = |i: usize| resolved[i].unwrap().id;
        assert_eq!(id(0), id(1));
        assert_eq!(id(0), id(2));
        assert_eq!(id(4), id(5));
        assert_eq!(id(4), id(6));
        assert_eq!(id(7), id(8));
        assert_eq!(id(8), id(9));
        assert_eq!(id(10), id(11), "Palmyra in a Syria story is Tadmur");
        assert_eq!(resolved[12].unwrap().class, FeatureClass::Country);
    }

    #[test]
    fn finds_places_in_text_and_demonyms() {
        let g = shipped();
        let text = "Syrian forces said the convoy left Raqqa for Deir ez-Zor on Monday.";
        let found = find_places(g, text);
        let names: Vec<&str> = found.iter().map(|m| &text[m.span.range()]).collect();
        assert_eq!(names, ["Syrian", "Raqqa", "Deir ez-Zor"]);
        assert_eq!(g.places[found[0].place as usize].country, "SY");
    }

    #[test]
    fn gazetteer_round_trips() {
        let g = shipped();
        let small =
            Gazetteer::from_tsv(&g.to_tsv().lines().take(300).collect::<Vec<_>>().join("\n"))
                .unwrap();
        assert!(small.places.len() > 200);
        assert!(Gazetteer::from_tsv("1\tcity\tXX").is_err());
    }
}
