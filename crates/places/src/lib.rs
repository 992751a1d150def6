//! Places: find toponyms in a document and resolve each to a place of an embedded GeoNames
//! gazetteer (geonames.org, CC-BY 4.0): coordinates, country, region, feature class.

pub mod find;
pub mod gazetteer;
pub mod names;
pub mod region_centres;
pub mod resolve;

pub use find::{find_places, find_places_in_pile, find_toponyms, Found};
pub use gazetteer::{FeatureClass, Gazetteer, Place};
use rashomon_model::{PlaceClass, Span, Toponym};

static SHIPPED: &[u8] = include_bytes!("../data/gazetteer.tsv.gz");

/// The places of a text, found and resolved, as the document model's layer. Toponyms in
/// `skip` spans (scraping junk; sorted, without overlaps) are left out.
pub fn toponyms(g: &Gazetteer, text: &str, skip: &[Span]) -> Vec<Toponym> {
    // `skip` is sorted and without overlaps (junk lines): the first span ending after a
    // toponym's start is the only one that can overlap it. A binary search, not a scan of
    // every junk line for every toponym.
    let spans: Vec<Span> = find_toponyms(g, text)
        .into_iter()
        .filter(|f| {
            let k = skip.partition_point(|s| s.end <= f.start);
            !skip
                .get(k)
                .is_some_and(|s| s.start < f.end && f.start < s.end)
        })
        .collect();
    resolve_spans(g, text, &spans, &resolve::PilePrior::default())
}

/// Resolves given toponym spans of a text together, with its pile's and outlet's prior: the
/// layer again, once the whole pile is known (`rashomon timeline`, `rashomon places`).
pub fn resolve_spans<'p>(
    g: &Gazetteer,
    text: &str,
    spans: &[Span],
    prior: impl Into<resolve::DocumentPrior<'p>>,
) -> Vec<Toponym> {
    let ranges: Vec<(usize, usize)> = spans
        .iter()
        .map(|s| (s.start as usize, s.end as usize))
        .collect();
    resolve::resolve_text_spans(g, text, &ranges, prior)
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
                    FeatureClass::Area => PlaceClass::Area,
                    FeatureClass::Country => PlaceClass::Country,
                    FeatureClass::Region => PlaceClass::Region,
                    FeatureClass::District => PlaceClass::District,
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

impl Gazetteer {
    /// The shipped gazetteer (countries, first- and second-level regions, towns of 1,000
    /// people or more), parsed afresh (1.5–2.5 s): load it once at the edge and pass it on.
    pub fn shipped() -> Gazetteer {
        Gazetteer::from_gzip(SHIPPED).expect("the shipped gazetteer loads")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shipped gazetteer, loaded once for all tests of this module.
    fn shipped() -> &'static Gazetteer {
        static G: std::sync::OnceLock<Gazetteer> = std::sync::OnceLock::new();
        G.get_or_init(Gazetteer::shipped)
    }
    use crate::names::place_key;

    /// The toponyms found in a text, as written.
    fn toponyms_in(text: &str) -> Vec<&str> {
        find_toponyms(shipped(), text)
            .into_iter()
            .map(|s| &text[s.range()])
            .collect()
    }

    /// The places found in a text: as written, and the gazetteer's place.
    fn found_places(text: &str) -> Vec<(&str, &'static Place)> {
        let g = shipped();
        find_places(g, text)
            .iter()
            .map(|f| (&text[f.span.range()], &g.places[f.place as usize]))
            .collect()
    }

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
    fn countries_by_their_common_and_former_names() {
        let names = [
            ("Macedonia", "MK"),
            ("Cape Verde", "CV"),
            ("Swaziland", "SZ"),
            ("Democratic Republic of Congo", "CD"),
            ("Republic of Congo", "CG"),
            ("Burma", "MM"),
        ];
        for (name, country) in names {
            let p = resolve_all(&[name])[0].unwrap_or_else(|| panic!("{name} not found"));
            assert_eq!(
                (p.country.as_str(), p.class),
                (country, FeatureClass::Country)
            );
        }
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
    fn a_surname_once_is_a_surname_throughout() {
        let g = shipped();
        let found = |text: &str| -> Vec<String> {
            find_toponyms(g, text)
                .iter()
                .map(|s| text[s.range()].to_string())
                .collect()
        };
        // "Brown" and "Lincoln" are towns too; here they are people.
        assert!(
            found("Gordon Brown visited Leeds. Brown said the plan would work.")
                .iter()
                .all(|n| n != "Brown")
        );
        assert!(
            found("Brown said the plan would work, Gordon Brown told Leeds.")
                .iter()
                .all(|n| n != "Brown")
        );
        assert!(!found("Mr. Lincoln spoke in Omaha.").contains(&"Lincoln".to_string()));
        assert!(found("He drove to Lincoln and Omaha.").contains(&"Lincoln".to_string()));
        // A region after a capitalised word or a direction is still the region; an
        // abbreviation of one written word with full stops is found.
        let text = "Most schools in Northeast Georgia opened. CHARLESTON, W.Va. -- Rain fell.";
        let names = found(text);
        assert!(names.contains(&"Georgia".to_string()), "{names:?}");
        assert!(!names.contains(&"Northeast".to_string()), "{names:?}");
        assert!(names.iter().any(|n| n.starts_with("W.Va")), "{names:?}");
        // A country after a capitalised word is not a surname elsewhere.
        assert!(found("Visit Tunisia now. Tunisia said it would reply.")
            .contains(&"Tunisia".to_string()));
    }

    #[test]
    fn repeated_names_do_not_outvote_the_other_places() {
        // Fourteen "Dublin"s used to vote each other into Ireland against one "Ohio".
        let mut names = vec!["Dublin"; 14];
        names.push("Ohio");
        let resolved = resolve_all(&names);
        let dublin = resolved[0].unwrap();
        assert_eq!(
            (dublin.country.as_str(), dublin.admin1.as_str()),
            ("US", "OH")
        );
        assert!(resolve_all(&["Dublin"])[0].is_some_and(|p| p.country == "IE"));
    }

    #[test]
    fn counties_resolve_by_their_state() {
        let resolved = resolve_all(&["Laurel County", "Kentucky", "London"]);
        let county = resolved[0].expect("Laurel County is in the shipped gazetteer");
        assert_eq!(county.class, FeatureClass::District);
        assert_eq!(
            (county.country.as_str(), county.admin1.as_str()),
            ("US", "KY")
        );
        // GeoNames puts Laurel County at about 37.11, -84.12.
        assert!((county.lat - 37.11).abs() < 0.3 && (county.lon + 84.12).abs() < 0.3);
        // Of the many Dublins, only the Georgian one shares a state with a Laurens County.
        let dublin = resolve_all(&["Dublin", "Laurens County", "Dublin"])[0].unwrap();
        assert_eq!(
            (dublin.country.as_str(), dublin.admin1.as_str()),
            ("US", "GA")
        );
        // A county's short name is a town first.
        let richmond = resolve_all(&["Richmond", "Virginia"])[0].unwrap();
        assert_ne!(richmond.class, FeatureClass::District);
    }

    #[test]
    fn districts_from_a_towns_table() {
        let towns: std::collections::HashMap<String, gazetteer::City> = serde_json::from_str(
            r#"{
              "1": {"geonameid": 1, "name": "London", "latitude": 37.13, "longitude": -84.08,
                    "countrycode": "US", "population": 8000, "admin1code": "KY"},
              "2": {"geonameid": 2, "name": "Corbin", "latitude": 36.95, "longitude": -84.10,
                    "countrycode": "US", "population": 7000, "admin1code": "KY"},
              "3": {"geonameid": 3, "name": "Santa Clara", "latitude": 37.35, "longitude": -121.95,
                    "countrycode": "US", "population": 120000, "admin1code": "CA"},
              "4": {"geonameid": 4, "name": "Ocna", "latitude": 46.0, "longitude": 24.0,
                    "countrycode": "RO", "population": 2000, "admin1code": "05"}
            }"#,
        )
        .unwrap();
        let table = "lat,lon,name,admin1,admin2,cc\n\
            37.13,-84.08,London,Kentucky,Laurel County,US\n\
            36.95,-84.10,Corbin,Kentucky,Laurel County,US\n\
            37.35,-121.95,Santa Clara,California,Santa Clara County,US\n\
            46.0,24.0,Ocna,Alba,Ocna,RO\n\
            10.0,10.0,Nowhere,Somewhere,,XX\n";
        let path = std::path::Path::new("towns.csv");
        let d = gazetteer::districts(table, &towns, path).unwrap();
        let names: Vec<&str> = d.iter().map(|p| p.name.as_str()).collect();
        // In (country, region, name) order; Ocna is its own town.
        assert_eq!(names, ["Santa Clara County", "Laurel County"]);
        assert!(d[0].aliases.is_empty(), "Santa Clara is the city");
        assert_eq!(d[1].aliases, ["Laurel"]);
        assert_eq!((d[1].admin1.as_str(), d[1].population), ("KY", 15000));
        assert!((d[1].lat - 37.04).abs() < 0.01);
        let bad = gazetteer::districts(
            "lat,lon,name,admin1,admin2,cc\nx,1,A,B,C,US\n",
            &towns,
            path,
        )
        .unwrap_err()
        .to_string();
        assert!(bad.contains("towns.csv") && bad.contains("line 2"), "{bad}");
    }

    #[test]
    fn regions_named_with_their_kind() {
        let g = shipped();
        let text = "Cases in Akita Prefecture and Oaxaca State; Ohio State won.";
        let got: Vec<(&str, &str, FeatureClass)> = found_places(text)
            .into_iter()
            .map(|(t, p)| (t, p.country.as_str(), p.class))
            .collect();
        // Short forms of GeoNames' region names: "Anhui Sheng", "Xinjiang Uygur Zizhiqu";
        // not "Central" for "Central Region".
        let resolved = resolve_all(&["Anhui", "Xinjiang"]);
        for p in resolved {
            let p = p.unwrap();
            assert_eq!((p.country.as_str(), p.class), ("CN", FeatureClass::Region));
        }
        assert!(resolve::candidates(g, "Central")
            .iter()
            .all(|&i| g.places[i as usize].class != FeatureClass::Region
                || place_key(&g.places[i as usize].name) == "CENTRAL"));
        assert_eq!(
            got,
            [
                ("Akita Prefecture", "JP", FeatureClass::Region),
                ("Oaxaca State", "MX", FeatureClass::Region),
                // A university's team, not "Ohio State" the region: only "Ohio" is a place.
                ("Ohio", "US", FeatureClass::Region),
            ]
        );
    }

    #[test]
    fn world_areas_and_the_eu() {
        let text = "EU ministers met on the Middle East and Darfur; ships crossed the \
                    Mediterranean. A Caucasian man was seen in Boise.";
        let found = found_places(text);
        let got: Vec<(&str, &str, FeatureClass)> = found
            .iter()
            .map(|&(t, p)| (t, p.name.as_str(), p.class))
            .collect();
        assert_eq!(got[0], ("EU", "Europe", FeatureClass::Continent));
        assert_eq!(got[1], ("Middle East", "Middle East", FeatureClass::Area));
        assert_eq!(got[2], ("Darfur", "Darfur", FeatureClass::Area));
        assert_eq!(got[3].2, FeatureClass::Area, "{got:?}");
        assert!(
            !got.iter().any(|(t, ..)| *t == "Caucasian"),
            "a Caucasian man is no place: {got:?}"
        );
        let darfur = found[2].1;
        // Every line of the areas table is read: none is dropped for a bad field.
        let lines = include_str!("../data/world_areas.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .count();
        let areas = shipped()
            .places
            .iter()
            .filter(|p| p.class == FeatureClass::Area)
            .count();
        assert_eq!(areas, lines);
        assert_eq!(darfur.country, "SD");
        assert!((darfur.lat - 14.5).abs() < 1.0 && (darfur.lon - 24.75).abs() < 1.0);
    }

    #[test]
    fn given_names_are_places_only_where_the_text_places_them() {
        assert!(find::GIVEN_NAMES.windows(2).all(|w| w[0] < w[1]), "sorted");
        let text = "Scott said Mary and Charles drove from Tyler to Elizabeth, N.J., in Lee.";
        let found = toponyms_in(text);
        assert!(
            !found.contains(&"Scott") && !found.contains(&"Mary"),
            "{found:?}"
        );
        assert!(!found.contains(&"Charles"), "{found:?}");
        for place in ["Tyler", "Elizabeth", "Lee"] {
            assert!(found.contains(&place), "{place} in {found:?}");
        }
        // A title before a name is no place; after a comma it is the state's abbreviation.
        let text = "Miss Smith and Officer Jones drove to Tupelo, Miss. on Friday.";
        let found = toponyms_in(text);
        assert_eq!(found, ["Tupelo", "Miss"]);
        // A contraction is no abbreviation: "I'll" is not "Ill.".
        let text = "I'll go to Peoria, Ill., he said.";
        let found = toponyms_in(text);
        assert_eq!(found, ["Peoria", "Ill"]);
    }

    #[test]
    fn a_country_domain_says_which_richmond() {
        use resolve::domain_country;
        assert_eq!(domain_country("lfpress.ca"), Some(*b"CA"));
        assert_eq!(domain_country("www.thisisoxfordshire.co.uk"), Some(*b"GB"));
        for generic in ["ajc.com", "example.tv", "Reuters", "bit.ly", "localhost"] {
            assert_eq!(domain_country(generic), None, "{generic}");
        }
        let g = shipped();
        let pile = resolve::PilePrior::default();
        let richmond = |address| {
            let prior = pile.for_document(None, None).with_host(address);
            let r = resolve::resolve_in_pile(g, &["Richmond"], prior)[0].unwrap();
            g.places[r.place as usize].country.clone()
        };
        assert_eq!(richmond(None), "US");
        assert_eq!(richmond(Some("www.richmond-news.ca")), "CA");
    }

    #[test]
    fn the_text_says_when_a_name_is_a_state() {
        let g = shipped();
        let washington = |text: &str| {
            let spans: Vec<Span> = find_toponyms(g, text);
            let layer = resolve_spans(g, text, &spans, &resolve::PilePrior::default());
            let t = layer
                .iter()
                .find(|t| &text[t.span.range()] == "Washington")
                .unwrap_or_else(|| panic!("no Washington in {text}"));
            (t.class, t.region.clone())
        };
        let state = (PlaceClass::Region, Some("Washington".to_string()));
        assert_eq!(
            washington("A cow from a Washington state farm tested positive."),
            state
        );
        assert_eq!(
            washington("It was found in the state of Washington in 2003."),
            state
        );
        assert_eq!(
            washington("Cases in Ohio, Oregon, Washington and Wyoming were reported."),
            state
        );
        assert_eq!(
            washington("Cases in Washington, Pennsylvania and California."),
            state
        );
        // After a town of the state: "Atlanta, Georgia" is the state, not the country.
        let text = "The flight from Atlanta, Georgia to Wichita, Kansas was delayed.";
        let spans = find_toponyms(g, text);
        let layer = resolve_spans(g, text, &spans, &resolve::PilePrior::default());
        let georgia = layer
            .iter()
            .find(|t| &text[t.span.range()] == "Georgia")
            .unwrap();
        assert_eq!(
            (georgia.class, georgia.country.as_str()),
            (PlaceClass::Region, "US")
        );
        // Spans in any order: neighbours are neighbours in the text.
        let text = "Cases in Ohio, Oregon, Texas and Utah.";
        let mut ranges: Vec<(usize, usize)> = find_toponyms(g, text)
            .iter()
            .map(|s| (s.start as usize, s.end as usize))
            .collect();
        ranges.reverse();
        assert_eq!(resolve::region_hints(g, text, &ranges), [true; 4]);
        for town in [
            "A group based in Washington, D.C. said so.",
            "After stops in Washington, New York and Boston, he left.",
        ] {
            assert_eq!(washington(town).0, PlaceClass::Capital, "{town}");
        }
    }

    #[test]
    fn one_capital_per_country() {
        let g = shipped();
        let washingtons: Vec<&Place> = resolve::candidates(g, "Washington")
            .iter()
            .map(|&i| &g.places[i as usize])
            .filter(|p| p.country == "US" && p.class != FeatureClass::Region)
            .collect();
        assert!(washingtons.len() > 10, "{}", washingtons.len());
        let capitals: Vec<&str> = washingtons
            .iter()
            .filter(|p| p.class == FeatureClass::Capital)
            .map(|p| p.admin1.as_str())
            .collect();
        assert_eq!(
            capitals,
            ["DC"],
            "county seats named Washington are no capitals"
        );
    }

    #[test]
    fn a_pile_of_one_states_news_leans_its_towns_there() {
        let g = shipped();
        let alone = resolve::resolve_document(g, &["Dublin"])[0].unwrap();
        assert_eq!(g.places[alone.place as usize].country, "IE");
        // A pile of Ohio local news: most of its places lie in Ohio.
        let pile = resolve::PilePrior::from_places(
            std::iter::repeat_n(("US", Some("Ohio"), 1.0), 20)
                .chain(std::iter::once(("IE", None, 1.0))),
        );
        let leaned = resolve::resolve_in_pile(g, &["Dublin"], &pile)[0].unwrap();
        let p = &g.places[leaned.place as usize];
        assert_eq!((p.country.as_str(), p.admin1.as_str()), ("US", "OH"));
    }

    #[test]
    fn a_local_papers_other_articles_say_which_richmond() {
        let g = shipped();
        let place = |r: Option<resolve::Resolution>| &g.places[r.unwrap().place as usize];
        let alone = place(resolve::resolve_document(g, &["Richmond"])[0]);
        assert_eq!(
            alone.admin1, "VA",
            "a bare Richmond is the largest: Virginia"
        );
        // A pile mixing outlets; the Kentucky paper's other articles are around Madison
        // County, Kentucky, and the national paper's are everywhere.
        let kentucky = |n: usize| {
            let mut t = resolve::PlaceTally::default();
            for _ in 0..n {
                t.add("US", Some("Kentucky"), 0.9);
            }
            t
        };
        let (ky1, ky2, own) = (kentucky(4), kentucky(3), resolve::PlaceTally::default());
        let mut national = resolve::PlaceTally::default();
        for region in ["Virginia", "Texas", "California", "New York"] {
            national.add("US", Some(region), 0.9);
        }
        let pile = resolve::PilePrior::from_documents(
            [
                (Some("richmondregister.com"), &ky1),
                (Some("richmondregister.com"), &ky2),
                (Some("richmondregister.com"), &own),
            ]
            .into_iter()
            .chain(std::iter::repeat_n((Some("usatoday.com"), &national), 3))
            .chain(std::iter::repeat_n((None, &national), 3)),
        );
        let local = pile.for_document(Some("richmondregister.com"), Some(&own));
        let local = place(resolve::resolve_in_pile(g, &["Richmond"], local)[0]);
        assert_eq!(
            (local.country.as_str(), local.admin1.as_str()),
            ("US", "KY")
        );
        // The same article from the national paper, or with no outlet, stays in Virginia.
        for outlet in [Some("usatoday.com"), None] {
            let p = pile.for_document(outlet, Some(&national));
            let p = place(resolve::resolve_in_pile(g, &["Richmond"], p)[0]);
            assert_eq!(p.admin1, "VA", "{outlet:?}");
        }
        // A document does not lean on itself: with its own first reading taken out, an
        // outlet with no other article adds nothing.
        let only = resolve::PilePrior::from_documents([(Some("x.com"), &ky1), (None, &national)]);
        let with_own = only.for_document(Some("x.com"), Some(&ky1));
        let without_outlet = only.for_document(None, None);
        let names = ["Richmond", "Lexington", "Madison County"];
        assert_eq!(
            resolve::resolve_in_pile(g, &names, with_own),
            resolve::resolve_in_pile(g, &names, without_outlet)
        );
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
