//! Datelines: the place (and often the date and agency) that opens a wire story:
//! `MOSCOW, May 31. /TASS/.`, `BEIRUT, Oct 5, 2017 (Reuters) -`, `RAQQA, Syria —`,
//! `WASHINGTON (AP) —`. The full stop after "May 31" is part of the dateline, not a sentence end.

use std::sync::OnceLock;

use rashomon_model::{Dateline, Span};
use regex::Regex;

use crate::outlets::outlets;

/// Month names, in any case: machine-translated copy writes "may 31" (a modal verb elsewhere,
/// but a dateline's month is followed by its day).
const MONTH: &str = r"(?i:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)";

/// Two patterns: the place alone, then the place with ", Region". They are tried in this order
/// because a lone region group would swallow the month of `MOSCOW, May 31`.
fn patterns() -> &'static [Regex; 2] {
    static RE: OnceLock<[Regex; 2]> = OnceLock::new();
    RE.get_or_init(|| [build(false), build(true)])
}

fn build(with_region: bool) -> Regex {
    {
        // A place is one to four capitalised words, optionally followed by ", Region".
        // A hyphen joins the parts of one name ("Deir-ez-Zor", "Abu-Kemal", "AL-BAB"): it is
        // followed by a letter, so that a word never ends on one and swallows no separator.
        let caps_word = r"\p{Lu}[\p{Lu}'.]*(?:-\p{Lu}[\p{Lu}'.]*)*[\p{Lu}'.]";
        let title_word = r"\p{Lu}[\p{Ll}'.]+(?:-\p{L}[\p{Ll}'.]*)*";
        let word = format!("(?:{caps_word}|{title_word})");
        let region = if with_region {
            format!(r" ?, {word}(?: {word}){{0,2}}")
        } else {
            String::new()
        };
        let place = format!(r"(?P<place>{word}(?:[ \-]{word}){{0,3}}{region})");
        let date = format!(
            r"(?P<date>(?P<m1>{MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y1>\d{{4}}))?|(?P<d2>\d{{1,2}})\s+(?P<m2>{MONTH})(?:,?\s+(?P<y2>\d{{4}}))?)"
        );
        let agency = r"(?P<agency>/ ?\p{Lu}[\p{L}\-]+(?: \p{Lu}[\p{L}\-]+)? ?/|\(\p{Lu}[\p{L}\-]+(?: \p{Lu}[\p{L}\-]+){0,2}\))";
        let dash = r"(?P<dash>[-–—:]+)";
        Regex::new(&format!(
            r"^{place}(?: ?,\s+{date})?\.?\s*(?:{agency})?\.?\s*(?:{dash}\s*)?"
        ))
        .expect("dateline pattern compiles")
    }
}

/// Words that open a sentence but never name a dateline place.
const NOT_PLACES: &[&str] = &[
    "The",
    "A",
    "An",
    "In",
    "On",
    "At",
    "By",
    "For",
    "From",
    "He",
    "She",
    "It",
    "They",
    "We",
    "This",
    "That",
    "But",
    "And",
    "As",
    "After",
    "Before",
    "When",
    "While",
    "According",
    "Meanwhile",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Earlier",
    "Later",
];

fn month_number(m: &str) -> Option<u32> {
    let m = m.trim_end_matches('.').to_ascii_lowercase();
    let names = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    names
        .iter()
        .position(|n| m.starts_with(n))
        .map(|i| i as u32 + 1)
}

/// Finds a dateline at byte offset `start` of `text` (the start of the body's first line).
pub fn find_dateline(text: &str, start: usize) -> Option<Dateline> {
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = &text[start..line_end];
    if !could_be_dateline(line) {
        return None;
    }
    patterns()
        .iter()
        .find_map(|re| match_dateline(re, line, start))
}

/// A cheap necessary condition, checked before the patterns run: a dateline's place is in
/// capitals ("MOSCOW"), or it is followed within a few words by an agency tag ("(", "/") or a
/// date (a digit).
fn could_be_dateline(line: &str) -> bool {
    let first_word = line.split([' ', ',']).next().unwrap_or("");
    let capitals = first_word.len() >= 2
        && first_word
            .bytes()
            .all(|b| b.is_ascii_uppercase() || matches!(b, b'.' | b'-' | b'\'') || b >= 0x80);
    let head = &line.as_bytes()[..line.len().min(80)];
    capitals || head.iter().any(|&b| matches!(b, b'(' | b'/' | b'0'..=b'9'))
}

fn match_dateline(re: &Regex, line: &str, start: usize) -> Option<Dateline> {
    // Capture groups need a slower engine than a plain match: ask whether there is a match
    // first (nearly every first line has none), then capture.
    if !re.is_match(line) {
        return None;
    }
    let caps = re.captures(line)?;
    let place = caps.name("place")?;
    let first_word = place.as_str().split([' ', ',', '-']).next().unwrap_or("");
    if NOT_PLACES.contains(&first_word) {
        return None;
    }
    let date = caps.name("date");
    let agency = caps.name("agency");
    let dash = caps.name("dash");
    // The city part of the place ("RAQQA" of "RAQQA, Syria") carries the capitals.
    let city = place.as_str().split(',').next().unwrap_or("");
    let all_caps = city
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase);
    if let Some(a) = agency {
        // "(SDF)" after a place is an abbreviation, not a dateline; "/TASS/" slashes are
        // distinctive enough on their own.
        let inner = a
            .as_str()
            .trim_matches(|c| matches!(c, '/' | '(' | ')' | ' '));
        // A date or a dash after the brackets makes it a dateline whatever the agency
        // ("GAZA, Feb. 22 (Xinhua) --" names one the outlet table may not know).
        if a.as_str().starts_with('(')
            && outlets().by_alias(inner).is_none()
            && !(all_caps && (date.is_some() || dash.is_some()))
        {
            return None;
        }
    } else if date.is_none() && !(all_caps && dash.is_some()) {
        // "BEIRUT —" needs capitals and a dash; a bare "Raqqa —" could be prose.
        return None;
    } else if date.is_some()
        && !all_caps
        && dash.is_none()
        && !line[caps.get(0)?.end()..].is_empty()
    {
        // "Raqqa, May 31 the fighters left" is prose.
        let matched = caps.get(0)?.as_str();
        if !matched.trim_end().ends_with('.') {
            return None;
        }
    }
    let whole = caps.get(0)?;
    // The dateline must leave something after it and must not swallow the whole line,
    // unless the line is only the dateline.
    let trimmed_end = start + whole.as_str().trim_end().len();
    let abs = |m: regex::Match| Span::new(start + m.start(), start + m.end());
    let (month, day, year) = match date {
        Some(_) => {
            let m = caps
                .name("m1")
                .or(caps.name("m2"))
                .and_then(|m| month_number(m.as_str()));
            let d = caps
                .name("d1")
                .or(caps.name("d2"))
                .and_then(|d| d.as_str().parse::<u32>().ok())
                .filter(|d| (1..=31).contains(d));
            let y = caps
                .name("y1")
                .or(caps.name("y2"))
                .and_then(|y| y.as_str().parse().ok());
            (m, d, y)
        }
        None => (None, None, None),
    };
    if date.is_some() && (month.is_none() || day.is_none()) {
        return None;
    }
    Some(Dateline {
        span: Span::new(start, trimmed_end),
        place: Some(abs(place)),
        date: date.map(abs),
        year,
        month,
        day,
        agency: agency.map(abs),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// place, date, agency, (month, day), rest of the line.
    type Parts = (
        String,
        Option<String>,
        Option<String>,
        Option<(u32, u32)>,
        String,
    );

    fn parts(text: &str) -> Option<Parts> {
        let d = find_dateline(text, 0)?;
        Some((
            text[d.place?.range()].to_string(),
            d.date.map(|s| text[s.range()].to_string()),
            d.agency.map(|s| text[s.range()].to_string()),
            d.month.zip(d.day),
            text[d.span.end as usize..].to_string(),
        ))
    }

    #[test]
    fn wire_datelines() {
        let (place, date, agency, md, rest) =
            parts("MOSCOW, May 31. /TASS/. The Russian Defence Ministry said...").unwrap();
        assert_eq!(place, "MOSCOW");
        assert_eq!(date.as_deref(), Some("May 31"));
        assert_eq!(agency.as_deref(), Some("/TASS/"));
        assert_eq!(md, Some((5, 31)));
        assert_eq!(rest, " The Russian Defence Ministry said...");

        let (place, date, agency, md, _) =
            parts("GAZA, Feb. 22 (Xinhua) -- A Palestinian minister lashed out").unwrap();
        assert_eq!(
            (place.as_str(), date.as_deref(), agency.as_deref(), md),
            ("GAZA", Some("Feb. 22"), Some("(Xinhua)"), Some((2, 22)))
        );

        let (place, date, agency, _, rest) =
            parts("BEIRUT, Oct 5, 2017 (Reuters) - Fighters left.").unwrap();
        assert_eq!(
            (place.as_str(), date.as_deref(), agency.as_deref()),
            ("BEIRUT", Some("Oct 5, 2017"), Some("(Reuters)"))
        );
        assert_eq!(rest, " Fighters left.");
        let d = find_dateline("BEIRUT, Oct 5, 2017 (Reuters) - Fighters left.", 0).unwrap();
        assert_eq!(d.year, Some(2017));

        let (place, date, agency, _, _) = parts("WASHINGTON (AP) — The coalition said").unwrap();
        assert_eq!(
            (place.as_str(), date, agency.as_deref()),
            ("WASHINGTON", None, Some("(AP)"))
        );

        let (place, _, _, _, rest) = parts("RAQQA, Syria — Buses left the city.").unwrap();
        assert_eq!(place, "RAQQA, Syria");
        assert_eq!(rest, " Buses left the city.");

        // Tokenised copy and machine-translated month names.
        let (place, date, _, md, rest) =
            parts("NEW YORK , Sept. 24 -- John McCain is a gambler by nature .").unwrap();
        assert_eq!(
            (place.as_str(), date.as_deref(), md),
            ("NEW YORK", Some("Sept. 24"), Some((9, 24)))
        );
        assert_eq!(rest, " John McCain is a gambler by nature .");
        let (place, date, agency, md, _) =
            parts("MOSCOW, may 31. /TASS/. The ministry said").unwrap();
        assert_eq!(
            (place.as_str(), date.as_deref(), agency.as_deref(), md),
            ("MOSCOW", Some("may 31"), Some("/TASS/"), Some((5, 31)))
        );

        // Hyphenated Arabic names stay whole.
        for (line, want) in [
            ("DEIR-EZ-ZOR, May 31. /TASS/. The army said", "DEIR-EZ-ZOR"),
            ("Abu-Kemal, 13 October. Local sources say", "Abu-Kemal"),
            ("Deir-ez-Zor, 13 October. Local sources say", "Deir-ez-Zor"),
        ] {
            assert_eq!(parts(line).map(|p| p.0).as_deref(), Some(want), "{line}");
        }

        let (place, date, _, md, _) = parts("Rakka, 13 October. Local sources say").unwrap();
        assert_eq!(
            (place.as_str(), date.as_deref(), md),
            ("Rakka", Some("13 October"), Some((10, 13)))
        );
    }

    #[test]
    fn prose_is_not_a_dateline() {
        for text in [
            "The Kurds (SDF) said on Thursday that no deal existed.",
            "Raqqa fell in October.",
            "On May 31, the ministry said",
            "Kurdish forces (SDF) deny it.",
            "Raqqa — the city where it all began — is quiet.",
            "Thursday, May 25 — the convoy left.",
        ] {
            assert!(find_dateline(text, 0).is_none(), "{text}");
        }
    }
}
