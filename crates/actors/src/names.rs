//! Name keys for matching actor names across spellings.
//!
//! - [`key`]: transliterated to ASCII (Cyrillic, Arabic in Latin letters, diacritics), upper
//!   case, punctuation to spaces, a leading "THE" and a possessive "'S" dropped. Case damage
//!   ("raqqa", "ISIS" / "Isis") disappears here.
//! - [`loose`]: a per-word phonetic skeleton for transliteration variants: Sergey / Sergei,
//!   Daesh / Daish / Da'esh, Abu Kamal / Abu Kemal: vowels after the first letter dropped,
//!   q/c→k, kh→h, ph→f, w→v, z/s merged, doubled letters single.
//! - [`acronyms`]: initials of a multi-word name, in English order and in the word order and
//!   vocabulary of the languages news is most often translated from (Russian keeps the order,
//!   French and Spanish put the head noun first): "Syrian Democratic Forces" → SDF, SDS, FDS.

use rashomon_model::Span;

/// The exact matching key of a name.
pub fn key(name: &str) -> String {
    let ascii = deunicode::deunicode(name);
    let bytes = ascii.as_bytes();
    let mut out = String::with_capacity(ascii.len());
    let mut pending_space = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(b.to_ascii_uppercase() as char);
        } else if b == b'\'' || b == b'`' {
            let possessive = matches!(bytes.get(i + 1), Some(b's' | b'S'))
                && bytes.get(i + 2).is_none_or(|c| !c.is_ascii_alphanumeric());
            if possessive {
                // "Russia's" → "RUSSIA".
                i += 2;
                pending_space = true;
                continue;
            }
            // Inside a word ("Da'esh", "O'Malley") the apostrophe joins.
        } else {
            pending_space = true;
        }
        i += 1;
    }
    match out.strip_prefix("THE ") {
        Some(rest) => rest.to_string(),
        None => out,
    }
}

/// The loose (phonetic) key of a name already passed through [`key`].
pub fn loose(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for (n, word) in key.split(' ').enumerate() {
        if n > 0 {
            out.push(' ');
        }
        out.push_str(&skeleton(word));
    }
    out
}

fn skeleton(word: &str) -> String {
    let mut w = word.to_ascii_lowercase();
    // Every digraph below holds an h or a c; most words hold neither, and this runs for every
    // capitalised word the place finder reads.
    if w.contains(['h', 'c']) {
        w = w
            .replace("kh", "h")
            .replace("ph", "f")
            .replace("dzh", "j")
            .replace("zh", "j")
            .replace("ck", "k")
            .replace("sch", "sh");
    }
    let mut out = String::with_capacity(w.len());
    let mut last = '\0';
    let chars: Vec<char> = w.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let soft = matches!(chars.get(i + 1), Some('e' | 'i' | 'y'));
        let c = match c {
            // Soft c sounds as s (Defence / Defense), hard c as k (Kurdish / Curdish).
            'c' if soft => 's',
            'q' | 'c' => 'k',
            'w' => 'v',
            'z' => 's',
            'y' if i > 0 => 'i',
            c => c,
        };
        let vowel = matches!(c, 'a' | 'e' | 'i' | 'o' | 'u');
        if i > 0 && (vowel || c == 'h' && matches!(last, 'a' | 'e' | 'i' | 'o' | 'u')) {
            // A vowel or a silent h after a vowel: keep only the consonant frame.
            if vowel {
                last = c;
            }
            continue;
        }
        if c == last {
            continue;
        }
        out.push(c.to_ascii_uppercase());
        last = c;
    }
    out
}

/// Words that do not give an initial.
const MINOR: &[&str] = &[
    "OF", "THE", "AND", "FOR", "IN", "ON", "AT", "TO", "DE", "DU", "DES", "LA", "LE", "LES", "EL",
    "AL", "DEL", "Y", "ET", "I", "DER", "DIE", "UND",
];

/// Name words whose initial changes in another language: (English, Russian, French,
/// Spanish, German). Only the initial matters; other words (place names, most country
/// adjectives: Syrian / Siriyskie / Syriennes) keep their initial and need no entry.
const TRANSLATIONS: &[(&str, &str, &str, &str, &str)] = &[
    ("STATE", "GOSUDARSTVO", "ETAT", "ESTADO", "STAAT"),
    ("FORCES", "SILY", "FORCES", "FUERZAS", "KRAFTE"),
    ("ARMY", "ARMIYA", "ARMEE", "EJERCITO", "ARMEE"),
    ("FREE", "SVOBODNAYA", "LIBRE", "LIBRE", "FREIE"),
    ("UNION", "SOYUZ", "UNION", "UNION", "UNION"),
    ("COUNCIL", "SOVET", "CONSEIL", "CONSEJO", "RAT"),
    ("UNITED", "OBEDINENNYE", "UNIES", "UNIDAS", "VEREINTEN"),
    ("DEFENCE", "OBORONY", "DEFENSE", "DEFENSA", "VERTEIDIGUNG"),
    ("DEFENSE", "OBORONY", "DEFENSE", "DEFENSA", "VERTEIDIGUNG"),
    (
        "FOREIGN",
        "INOSTRANNYKH",
        "ETRANGERES",
        "EXTERIORES",
        "AUSWARTIGES",
    ),
    ("AFFAIRS", "DEL", "AFFAIRES", "ASUNTOS", "AMT"),
    ("PEOPLE'S", "NARODNAYA", "POPULAIRE", "POPULAR", "VOLKS"),
    ("PEOPLES", "NARODNAYA", "POPULAIRE", "POPULAR", "VOLKS"),
    (
        "PROTECTION",
        "SAMOOBORONY",
        "PROTECTION",
        "PROTECCION",
        "SCHUTZ",
    ),
    ("UNITS", "OTRYADY", "UNITES", "UNIDADES", "EINHEITEN"),
    (
        "LIBERATION",
        "OSVOBOZHDENIYA",
        "LIBERATION",
        "LIBERACION",
        "BEFREIUNG",
    ),
    (
        "COALITION",
        "KOALITSIYA",
        "COALITION",
        "COALICION",
        "KOALITION",
    ),
    (
        "INTERNATIONAL",
        "MEZHDUNARODNAYA",
        "INTERNATIONALE",
        "INTERNACIONAL",
        "INTERNATIONALE",
    ),
];

/// Adjectives come before the noun in English and Russian and after it in French and
/// Spanish: the last word of an English name is its head noun.
fn translated(words: &[&str], lang: usize) -> Vec<String> {
    let mut out: Vec<String> = words
        .iter()
        .map(|w| match TRANSLATIONS.iter().find(|t| t.0 == *w) {
            Some(t) => match lang {
                1 => t.1,
                2 => t.2,
                3 => t.3,
                _ => t.4,
            }
            .to_string(),
            None => w.to_string(),
        })
        .collect();
    if matches!(lang, 2 | 3) && out.len() > 1 {
        // French / Spanish: head noun first, then the modifiers nearest it first.
        out.reverse();
    }
    out
}

/// The acronyms a multi-word name (given as a [`key`]) may be written as.
pub fn acronyms(key: &str) -> Vec<String> {
    let words: Vec<&str> = key.split(' ').filter(|w| !MINOR.contains(w)).collect();
    if words.len() < 2 {
        return Vec::new();
    }
    let initials =
        |ws: &[String]| -> String { ws.iter().filter_map(|w| w.chars().next()).collect() };
    let english: Vec<String> = words.iter().map(|w| w.to_string()).collect();
    let mut out = vec![initials(&english)];
    // With the small words too: Ministry of Defence → MOD.
    let all: Vec<String> = key.split(' ').map(str::to_string).collect();
    if all.len() > words.len() && all.len() <= 5 {
        out.push(initials(&all));
    }
    // Russian reads the "of Iraq and the Levant" part in the same order; French and Spanish
    // reverse only the modifier-noun core. Both are approximations that hold for the usual
    // "<adjectives> <noun>" names.
    for lang in 1..=4 {
        let a = initials(&translated(&words, lang));
        if !out.contains(&a) {
            out.push(a);
        }
    }
    out
}

/// Whether a written token looks like an acronym: 2–6 capital letters (digits allowed after
/// the first), as written, so "IS" the group differs from "is" the verb.
pub fn looks_like_acronym(written: &str) -> bool {
    let n = written.chars().count();
    let lower = written.chars().filter(|c| c.is_lowercase()).count();
    // "MoD", "MoI": one small letter inside, for a small word ("of").
    (2..=6).contains(&n)
        && written.chars().next().is_some_and(|c| c.is_uppercase())
        && written
            .chars()
            .last()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        && written
            .chars()
            .all(|c| c.is_uppercase() || c.is_lowercase() || c.is_ascii_digit())
        && (lower == 0 || (lower == 1 && n >= 3))
}

/// Whether `foreign` is `english` written letter by letter in another language's words, in
/// the same order: each pair of initials must be the English and foreign initial of one word
/// of the translation table (ISIL / IGIL: State / Gosudarstvo; SDF / SDS: Forces / Sily).
pub fn translations_match(english: &str, foreign: &str) -> bool {
    if english.len() != foreign.len() || english == foreign {
        return false;
    }
    english.chars().zip(foreign.chars()).all(|(e, f)| {
        e == f
            || TRANSLATIONS
                .iter()
                .any(|t| t.0.starts_with(e) && (t.1.starts_with(f) || t.4.starts_with(f)))
    })
}

/// Month and weekday names, upper case: capitalised, but neither people nor places.
pub const CALENDAR_WORDS: &[&str] = &[
    "JANUARY",
    "FEBRUARY",
    "MARCH",
    "APRIL",
    "MAY",
    "JUNE",
    "JULY",
    "AUGUST",
    "SEPTEMBER",
    "OCTOBER",
    "NOVEMBER",
    "DECEMBER",
    "MONDAY",
    "TUESDAY",
    "WEDNESDAY",
    "THURSDAY",
    "FRIDAY",
    "SATURDAY",
    "SUNDAY",
];

/// Words of a span with their spans: letters and digits, with inner hyphens, apostrophes and
/// full stops ("ez-Zor", "O'Malley", "U.S").
pub fn words(text: &str, span: Span) -> Vec<(Span, &str)> {
    let s = &text[span.range()];
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
        let inner = c.is_alphanumeric()
            || (matches!(c, '-' | '\'' | '’' | '.') && start.is_some() && {
                let next = s[i + c.len_utf8()..].chars().next();
                next.is_some_and(|n| n.is_alphanumeric())
            });
        match (inner, start) {
            (true, None) => start = Some(i),
            (false, Some(b)) => {
                let sp = Span::new(span.start as usize + b, span.start as usize + i);
                out.push((sp, &text[sp.range()]));
                start = None;
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_script_case_and_possessives() {
        assert_eq!(key("Сергей Лавров"), "SERGEI LAVROV");
        assert_eq!(key("the Islamic State"), "ISLAMIC STATE");
        assert_eq!(key("Russia's"), "RUSSIA");
        assert_eq!(key("Da'esh"), "DAESH");
        assert_eq!(key("Russia’s top diplomat"), "RUSSIA TOP DIPLOMAT");
        assert_eq!(key("raqqa"), key("Raqqa"));
        assert_eq!(key("Deir ez-Zor"), "DEIR EZ ZOR");
    }

    #[test]
    fn loose_keys_merge_transliterations() {
        assert_eq!(loose(&key("Sergey Lavrov")), loose(&key("Sergei Lavrov")));
        assert_eq!(loose(&key("Abu Kamal")), loose(&key("Abu Kemal")));
        assert_eq!(loose(&key("Daesh")), loose(&key("Daish")));
        assert_eq!(loose(&key("Raqqa")), loose(&key("Rakka")));
        assert_eq!(
            loose(&key("Ministry of Defence")),
            loose(&key("Ministry of Defense"))
        );
        assert_ne!(loose(&key("Lavrov")), loose(&key("Putin")));
    }

    #[test]
    fn letter_by_letter_translation() {
        assert!(translations_match("ISIL", "IGIL"));
        assert!(translations_match("SDF", "SDS"));
        assert!(translations_match("IS", "IG"));
        assert!(!translations_match("SDF", "SDF"));
        assert!(!translations_match("SDF", "XYZ"));
    }

    #[test]
    fn acronyms_in_other_languages_word_order() {
        let sdf = acronyms(&key("Syrian Democratic Forces"));
        assert!(sdf.contains(&"SDF".to_string()));
        assert!(
            sdf.contains(&"SDS".to_string()),
            "Russian: Siriyskie Demokraticheskie Sily"
        );
        assert!(
            sdf.contains(&"FDS".to_string()),
            "French: Forces démocratiques syriennes"
        );
        let isil = acronyms(&key("Islamic State of Iraq and the Levant"));
        assert!(isil.contains(&"ISIL".to_string()));
        assert!(isil.contains(&"IGIL".to_string()), "{isil:?}");
        let is = acronyms(&key("Islamic State"));
        assert!(is.contains(&"IS".to_string()) && is.contains(&"IG".to_string()));
        assert!(is.contains(&"EI".to_string()), "French: État islamique");
        assert!(acronyms("LAVROV").is_empty());
        assert!(looks_like_acronym("SDF") && looks_like_acronym("IS"));
        assert!(!looks_like_acronym("Is") && !looks_like_acronym("is"));
        assert!(looks_like_acronym("MoD") && !looks_like_acronym("Moscow"));
    }
}
