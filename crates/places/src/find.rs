//! Finding toponyms: capitalised word sequences (a name may hold "of", "al-", "ez-") looked
//! up in the gazetteer, longest first; then resolved together ([`crate::resolve`]).

use rashomon_model::Span;

use crate::gazetteer::Gazetteer;
use crate::names::{key_of_words, place_loose};
use crate::resolve::{region_hints, resolve_with_hints, PilePrior, Resolution};
use rashomon_actors::names::key;

/// A place mention: its span and resolution.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Found {
    pub span: Span,
    pub place: u32,
    pub confidence: f32,
}

/// Capitalised words that start sentences or name things other than places far more often
/// than they name a place of the gazetteer.
const NOT_PLACES: &[&str] = &[
    "THE",
    "A",
    "AN",
    "IN",
    "ON",
    "AT",
    "BUT",
    "AND",
    "OR",
    "IF",
    "HE",
    "SHE",
    "IT",
    "WE",
    "THEY",
    "I",
    "THIS",
    "THAT",
    "THESE",
    "THOSE",
    "MR",
    "MRS",
    "MS",
    "DR",
    "PRESIDENT",
    "GOVERNMENT",
    "MINISTER",
    "ACCORDING",
    "AFTER",
    "BEFORE",
    "WHEN",
    "WHILE",
    "THERE",
    "HERE",
    "ALSO",
    "SOME",
    "MANY",
    "MOST",
    "ALL",
    "NO",
    "NOT",
    "ONE",
    "TWO",
    "NEW",
    "POLICE",
    "OFFICIALS",
    "AS",
    "FOR",
    "WITH",
    "FROM",
    "BY",
    "OF",
    "TO",
    "UNION",
    "CENTRAL",
    "NORTH",
    "SOUTH",
    "EAST",
    "WEST",
    // Modifiers of a place name that follows ("Northeast Georgia", "Metropolitan Atlanta").
    "NORTHEAST",
    "NORTHWEST",
    "SOUTHEAST",
    "SOUTHWEST",
    "NORTHERN",
    "SOUTHERN",
    "EASTERN",
    "WESTERN",
    "UPPER",
    "LOWER",
    "GREATER",
    "METROPOLITAN",
    "METRO",
    "DOWNTOWN",
    "UNIVERSITY",
    "COUNTY",
    "CITY",
    "STREET",
    "HOSPITAL",
    "GOD",
    "CHRISTIAN",
    "MUSLIM",
    "JEWISH",
    "SAID",
    "DEMOCRATIC",
    "REPUBLICAN",
    "LIBERAL",
];

/// Capitalised, or capitalised after an article joined by a hyphen ("ez-Zor", "al-Bab").
fn is_cap(w: &str) -> bool {
    let up = |s: &str| s.chars().next().is_some_and(|c| c.is_uppercase());
    up(w) || w.rsplit_once('-').is_some_and(|(_, tail)| up(tail))
}

/// Words with byte spans (the actor names' word splitter: "ez-Zor" and "U.S" stay whole).
fn words(text: &str) -> Vec<(usize, usize)> {
    rashomon_actors::names::words(text, Span::new(0, text.len()))
        .into_iter()
        .map(|(s, _)| (s.start as usize, s.end as usize))
        .collect()
}

/// Toponym spans of a text, longest gazetteer match first.
pub fn find_toponyms(g: &Gazetteer, text: &str) -> Vec<Span> {
    let ws = words(text);
    let max = g.max_words().min(6);
    // Each word's key words, computed once and only for capitalised words and the small
    // words that may sit inside a name.
    let mut keys: Vec<Option<String>> = vec![None; ws.len()];
    let key_at = |keys: &mut Vec<Option<String>>, j: usize| -> String {
        keys[j]
            .get_or_insert_with(|| key(&text[ws[j].0..ws[j].1]))
            .clone()
    };
    let mut out: Vec<(Span, Option<String>)> = Vec::new();
    // Words read as surnames somewhere in the text.
    let mut surnames: std::collections::HashSet<String> = Default::default();
    let mut i = 0;
    while i < ws.len() {
        let first = &text[ws[i].0..ws[i].1];
        if !is_cap(first) || matches!(first, "The" | "THE" | "A" | "An") {
            i += 1;
            continue;
        }
        // Most capitalised words (people, organisations) start no place name at all.
        let first_key = key_at(&mut keys, i);
        let starts = first_key
            .split(' ')
            .next()
            .is_some_and(|w| g.starts_a_name(w))
            || first_key
                .split(' ')
                .nth(1)
                .is_some_and(|w| g.starts_a_name(w));
        if !starts {
            i += 1;
            continue;
        }
        // Longest run of words joined by single spaces (or a hyphen inside a word).
        let mut run = 1;
        while run < max && i + run < ws.len() {
            let gap = &text[ws[i + run - 1].1..ws[i + run].0];
            if gap != " " {
                break;
            }
            run += 1;
        }
        // Exact names first, longest first; then, only if none matched, loose spellings of
        // names of two words or more.
        let mut candidates_keys: Vec<(usize, String)> = Vec::with_capacity(run);
        for n in (1..=run).rev() {
            let last = &text[ws[i + n - 1].0..ws[i + n - 1].1];
            if !is_cap(last) {
                continue;
            }
            let mut parts: Vec<String> = Vec::with_capacity(n);
            for j in i..i + n {
                parts.push(key_at(&mut keys, j));
            }
            let joined = parts.join(" ");
            let split: Vec<&str> = joined.split(' ').filter(|w| !w.is_empty()).collect();
            let k = key_of_words(&split);
            if n == 1
                && (NOT_PLACES.contains(&k.as_str())
                    || rashomon_actors::names::CALENDAR_WORDS.contains(&k.as_str())
                    || is_contraction(last))
            {
                continue;
            }
            // A short word in capitals ("IG", "SDS") is an acronym unless it names a country,
            // region or continent ("US", "UAE", "EU").
            if n == 1
                && last.chars().count() <= 3
                && last.chars().all(|c| c.is_uppercase())
                && !g.candidates(&k).iter().any(|&c| {
                    matches!(
                        g.places[c as usize].class,
                        crate::gazetteer::FeatureClass::Country
                            | crate::gazetteer::FeatureClass::Region
                            | crate::gazetteer::FeatureClass::Continent
                    )
                })
            {
                continue;
            }
            candidates_keys.push((n, k));
        }
        let span_of = |n: usize| (ws[i].0, ws[i + n - 1].1);
        let mut found = candidates_keys
            .iter()
            // One written word whose key has parts ("W.Va.", "Miami-Dade") is as distinctive
            // as a name of several words.
            .find(|(n, k)| {
                g.contains_key(k) && (*n > 1 || k.contains(' ') || g.single_word_name(k))
            })
            .map(|(n, _)| (*n, span_of(*n)));
        // A lone word that names only small towns ("Stewart", "Council", "Commerce" are all
        // towns of a few thousand people) counts where the text places it: after a locative
        // word ("in Cottonport", "near Lanexa") or before ", Region" ("Cottonport, La.").
        // The key of the lone word, when that is what matched.
        let lone_key = match found {
            Some((1, _)) => candidates_keys
                .iter()
                .find(|(n, _)| *n == 1)
                .map(|(_, k)| k.as_str()),
            _ => None,
        };
        if let Some(k) = lone_key {
            // A common given name ("Scott", "Mary", "Charles") is a person more often than
            // the county or town it also names: the same test as for small towns.
            let doubtful = only_small_towns(g, k) || GIVEN_NAMES.binary_search(&k).is_ok();
            if doubtful && !placed_by_context(g, text, &ws, i) {
                found = None;
            }
            // A title before a name is no place ("Miss Smith", "Officer Jones"), though after
            // a comma it is ("Tupelo, Miss.").
            let word = &text[ws[i].0..ws[i].1];
            let title = TITLES.contains(&word.trim_end_matches('.'));
            let before_name = ws.get(i + 1).is_some_and(|&(s, e)| {
                text[ws[i].1..s].trim_start_matches('.') == " " && is_cap(&text[s..e])
            });
            let after_comma = text[..ws[i].0].trim_end().ends_with(',');
            if title && before_name && !after_comma {
                found = None;
            }
        }
        // A lone word opening a sentence is capitalised whatever it is ("More", "Since"): it
        // must name a country, region, capital or big city to count.
        if let Some((1, _)) = found {
            let before = text[..ws[i].0].trim_end_matches([' ', '"', '“', '\'', '‘', '(']);
            let opens_sentence = before.is_empty() || before.ends_with(['.', '!', '?', '\n', ':']);
            if let Some(k) = lone_key.filter(|_| opens_sentence) {
                let big = g.candidates(k).iter().any(|&c| {
                    let p = &g.places[c as usize];
                    p.population >= 100_000
                        || !matches!(
                            p.class,
                            crate::gazetteer::FeatureClass::City
                                | crate::gazetteer::FeatureClass::District
                        )
                });
                if !big {
                    found = None;
                }
            }
        }
        // A lone town name after a first name or another capitalised word ("Barack Obama",
        // "David Moore") is a surname, not a place. A country or region stays a place there
        // ("Northeast Georgia", "Six Flags Over Texas"), and so does a name after a possessive
        // ("the FBI's Atlanta office"). (The same test on the word after — "David Smith",
        // "Lincoln Financial" — cost more places than it saved: "Washington Post", "Syrian
        // Army".)
        if let Some((1, _)) = found {
            let prev = i.checked_sub(1).map(|j| &text[ws[j].0..ws[j].1]);
            let prev_name = prev.is_some_and(|prev| {
                &text[ws[i - 1].1..ws[i].0] == " "
                    && is_cap(prev)
                    && !prev.ends_with("'s")
                    && !prev.ends_with("’s")
                    && !NOT_PLACES.contains(&key(prev).as_str())
            });
            let k = key_at(&mut keys, i);
            if prev_name && only_towns(g, &k) {
                surnames.insert(k);
                found = None;
            }
        }
        // After a title ("Mr. Brown", "Sen. Clinton", "Officer Lane") a lone word is a person.
        if let Some((1, _)) = found {
            let before = text[..ws[i].0].trim_end();
            let title = before
                .rsplit(|c: char| c.is_whitespace() || c == '(')
                .next()
                .unwrap_or("");
            let k = key_at(&mut keys, i);
            if TITLES.contains(&title.trim_end_matches('.')) && only_towns(g, &k) {
                surnames.insert(k);
                found = None;
            }
        }
        // Loose spellings only for names of two or three words ("Dayr az Zawr"): longer runs
        // of capitalised words are titles and organisations, and the loose keys of every run
        // were a third of the finder's time.
        if found.is_none() {
            found = candidates_keys
                .iter()
                .filter(|(n, _)| (2..=3).contains(n))
                .find(|(_, k)| place_loose(k).is_some_and(|l| !g.loose_candidates(&l).is_empty()))
                .map(|(n, _)| (*n, span_of(*n)));
        }
        match found {
            Some((n, span)) => {
                out.push((
                    Span::new(span.0, span.1),
                    (n == 1).then(|| key_at(&mut keys, i)),
                ));
                i += n;
            }
            None => i += 1,
        }
    }
    // One sense per document: a word read as a surname once ("Gordon Brown", "Mr. Brown") is
    // the same person when it stands alone later or earlier ("Brown said").
    out.into_iter()
        .filter(|(_, lone)| lone.as_ref().is_none_or(|k| !surnames.contains(k)))
        .map(|(span, _)| span)
        .collect()
}

/// Whether every place of this name is a town or district: the names that are also
/// surnames ("Brown", "Clark", "Lincoln"). A country or region after a capitalised word
/// ("Visit Tunisia") is still that country elsewhere in the text.
fn only_towns(g: &Gazetteer, key: &str) -> bool {
    use crate::gazetteer::FeatureClass;
    g.candidates(key).iter().all(|&c| {
        matches!(
            g.places[c as usize].class,
            FeatureClass::City | FeatureClass::District
        )
    })
}

/// Towns under this population named by a lone word need the text to place them.
const SMALL_TOWN: u64 = 15_000;

/// Whether every place of this name is a town or district of fewer than [`SMALL_TOWN`] people.
fn only_small_towns(g: &Gazetteer, key: &str) -> bool {
    use crate::gazetteer::FeatureClass;
    g.candidates(key).iter().all(|&c| {
        let p = &g.places[c as usize];
        matches!(p.class, FeatureClass::City | FeatureClass::District) && p.population < SMALL_TOWN
    })
}

/// Words after which a capitalised word is a place.
const LOCATIVES: &[&str] = &[
    "in", "at", "near", "from", "to", "into", "outside", "inside", "toward", "towards", "around",
    "across", "through", "via", "between", "of", "nearby", "downtown", "rural",
];

/// Whether the text places word `i`: a locative word before it, or ", Region" after it.
fn placed_by_context(g: &Gazetteer, text: &str, ws: &[(usize, usize)], i: usize) -> bool {
    use crate::gazetteer::FeatureClass;
    if i > 0 && text[ws[i - 1].1..ws[i].0] == *" " {
        let prev = &text[ws[i - 1].0..ws[i - 1].1];
        if LOCATIVES.contains(&prev) {
            return true;
        }
    }
    if i + 1 < ws.len() && text[ws[i].1..ws[i + 1].0].trim() == "," {
        // "Cottonport, La." / "Ocilla, Georgia" / "Lanexa, Va."
        let after = &text[ws[i + 1].0..];
        let words: Vec<&str> = after.split_whitespace().take(2).collect();
        for n in (1..=words.len()).rev() {
            let name = words[..n].join(" ");
            let name = name.trim_end_matches([',', ';', ')']);
            let k = key(name);
            if g.candidates(&k).iter().any(|&c| {
                matches!(
                    g.places[c as usize].class,
                    FeatureClass::Region | FeatureClass::Country | FeatureClass::District
                )
            }) {
                return true;
            }
        }
    }
    false
}

/// Common English given names that also name places (keys, sorted): alone, they are read
/// as places only where the text places them ("in Tyler", "Elizabeth, N.J.").
pub(crate) const GIVEN_NAMES: &[&str] = &[
    "ALBERT",
    "ALEXANDER",
    "ALICE",
    "ALLEN",
    "AMANDA",
    "ANDREW",
    "ANN",
    "ANNA",
    "ANTHONY",
    "ARTHUR",
    "BARBARA",
    "BENJAMIN",
    "BETTY",
    "BRIAN",
    "BRUCE",
    "CARL",
    "CAROL",
    "CATHERINE",
    "CHARLES",
    "CHARLOTTE",
    "CHRISTOPHER",
    "CLARENCE",
    "DANIEL",
    "DAVID",
    "DEBORAH",
    "DENNIS",
    "DONALD",
    "DOROTHY",
    "DOUGLAS",
    "EDWARD",
    "ELIZABETH",
    "EMILY",
    "EMMA",
    "ERIC",
    "EUGENE",
    "FRANCES",
    "FRANK",
    "FRED",
    "GARY",
    "GEORGE",
    "GERALD",
    "GRACE",
    "HARRY",
    "HELEN",
    "HENRY",
    "JACK",
    "JAMES",
    "JANE",
    "JASON",
    "JEFFREY",
    "JENNIFER",
    "JERRY",
    "JESSICA",
    "JOAN",
    "JOE",
    "JOHN",
    "JOSEPH",
    "JOSHUA",
    "JUDY",
    "JULIA",
    "KATHLEEN",
    "KEITH",
    "KENNETH",
    "KEVIN",
    "LARRY",
    "LAURA",
    "LEE",
    "LINDA",
    "LISA",
    "LOUIS",
    "MARGARET",
    "MARIA",
    "MARIE",
    "MARK",
    "MARTHA",
    "MARTIN",
    "MARY",
    "MATTHEW",
    "MELISSA",
    "MICHAEL",
    "MICHELLE",
    "NADIA",
    "NANCY",
    "NELSON",
    "NICHOLAS",
    "NORMAN",
    "PATRICIA",
    "PATRICK",
    "PAUL",
    "PETER",
    "PHILIP",
    "RALPH",
    "RAYMOND",
    "RICHARD",
    "ROBERT",
    "ROGER",
    "RONALD",
    "ROSE",
    "RUTH",
    "RYAN",
    "SAMUEL",
    "SANDRA",
    "SARAH",
    "SCOTT",
    "SHARON",
    "STEPHEN",
    "STEVEN",
    "SUSAN",
    "TERRY",
    "THOMAS",
    "TIMOTHY",
    "TYLER",
    "VICTORIA",
    "WALTER",
    "WAYNE",
    "WILLIAM",
];

/// "I'll", "We’ve", "Don't": their keys ("ILL" = "Ill." for Illinois) are no names.
fn is_contraction(word: &str) -> bool {
    word.split_once(['\'', '’']).is_some_and(|(_, tail)| {
        matches!(
            tail.to_ascii_lowercase().as_str(),
            "ll" | "ve" | "re" | "d" | "m" | "t"
        )
    })
}

/// Titles before a person's name.
const TITLES: &[&str] = &[
    "Mr",
    "Mrs",
    "Ms",
    "Miss",
    "Dr",
    "Sen",
    "Senator",
    "Rep",
    "Gov",
    "Governor",
    "Lt",
    "Sgt",
    "Capt",
    "Col",
    "Gen",
    "Maj",
    "Cpl",
    "Pvt",
    "Officer",
    "Deputy",
    "Detective",
    "Judge",
    "Justice",
    "Coach",
    "Rev",
    "Father",
    "Sister",
    "Brother",
    "Mayor",
    "Councilman",
    "Councilwoman",
    "Commissioner",
    "Chief",
    "Sheriff",
    "Trooper",
    "Prof",
    "Professor",
    "President",
    "Secretary",
    "Minister",
    "King",
    "Queen",
    "Prince",
    "Princess",
    "Lord",
    "Lady",
    "Sir",
    "St",
];

/// Find and resolve the places of a text.
pub fn find_places(g: &Gazetteer, text: &str) -> Vec<Found> {
    find_places_in_pile(g, text, &PilePrior::default())
}

/// Find and resolve the places of a text of a pile with the pile's prior.
pub fn find_places_in_pile(g: &Gazetteer, text: &str, pile: &PilePrior) -> Vec<Found> {
    let spans = find_toponyms(g, text);
    let written: Vec<&str> = spans.iter().map(|s| &text[s.range()]).collect();
    let ranges: Vec<(usize, usize)> = spans
        .iter()
        .map(|s| (s.start as usize, s.end as usize))
        .collect();
    let hints = region_hints(g, text, &ranges);
    resolve_with_hints(g, &written, &hints, pile)
        .into_iter()
        .zip(spans)
        .filter_map(|(r, span)| {
            let Resolution { place, confidence } = r?;
            Some(Found {
                span,
                place,
                confidence,
            })
        })
        .collect()
}
