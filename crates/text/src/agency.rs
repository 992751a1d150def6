//! Agency tags: places in a text that name a news agency or outlet as the source of the copy —
//! `/TASS/`, `(Reuters)`, a closing `— AP`, "Reported by the Associated Press", "RIA Novosti
//! said", "according to Interfax". They tell who first wrote a story that another outlet ran.
//!
//! Every tag but the slash form contains a known outlet name, and every name in the table
//! starts with a capital letter, so the scan visits only capitalised word starts, tries an
//! anchored Aho-Corasick match there, and looks at the few bytes around each hit; slash tags
//! are found from the `/` bytes. A regex, or an unanchored automaton over every byte, was
//! several times slower.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};
use rashomon_model::{AgencyTag, Span};
use regex::Regex;

use crate::outlets::{outlets, KnownOutlet, OutletKind};
use crate::swar;

struct Matchers {
    /// The first three bytes of every name, as a 64K-entry table of bit sets: most
    /// capitalised words ("In", "The", "Also") are ruled out by one look-up before the
    /// automaton runs.
    prefixes: Vec<u32>,
    names: AhoCorasick,
    /// Outlet of each pattern of `names`.
    outlet_of: Vec<&'static KnownOutlet>,
    /// A reporting phrase ending right before a name: "reported by the", "according to".
    before: Regex,
    /// A reporting verb right after a name: "said", "reported", "news agency said".
    after: Regex,
}

fn matchers() -> &'static Matchers {
    static M: OnceLock<Matchers> = OnceLock::new();
    M.get_or_init(|| {
        let mut patterns: Vec<(&'static str, &'static KnownOutlet)> = Vec::new();
        for o in &outlets().outlets {
            for a in o.aliases.iter().copied().chain(std::iter::once(o.name)) {
                // "The Guardian" is found as "Guardian": a pattern starting with "The" would
                // make every sentence-initial "The" a candidate.
                let capitalised = a.as_bytes()[0].is_ascii_uppercase();
                if capitalised
                    && a.len() >= 2
                    && !a.starts_with("The ")
                    && !patterns.iter().any(|(p, _)| *p == a)
                {
                    patterns.push((a, o));
                }
            }
        }
        let names = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(aho_corasick::StartKind::Anchored)
            .build(patterns.iter().map(|(p, _)| p))
            .expect("outlet names build an automaton");
        // For each first two bytes, the set of third bytes (by their low five bits) that
        // some name continues with; a two-byte name ("AP") may be followed by anything.
        let mut prefixes = vec![0u32; 1 << 16];
        for (p, _) in &patterns {
            let b = p.as_bytes();
            let third = match b.get(2) {
                Some(&c) => 1u32 << (c & 31),
                None => u32::MAX,
            };
            prefixes[(b[0] as usize) << 8 | b[1] as usize] |= third;
        }
        Matchers {
            prefixes,
            names,
            outlet_of: patterns.iter().map(|(_, o)| *o).collect(),
            before: Regex::new(
                r"(?i)\b(?:reported by|according to|told|citing|cited by|quoted by|in an interview with|speaking to|said to|via)\s+(?:the\s+)?$",
            )
            .expect("pattern compiles"),
            after: Regex::new(
                r"^\s+(?:news agency\s+)?(?i:said|says|reported|reports|writes|wrote|informs|informed|quoted|cited|learned|has learned|was told)\b",
            )
            .expect("pattern compiles"),
        }
    })
}

/// `text[from..to]` widened to character boundaries inside the text.
fn window(text: &str, mut from: usize, mut to: usize) -> &str {
    while from > 0 && !text.is_char_boundary(from) {
        from -= 1;
    }
    to = to.min(text.len());
    while to < text.len() && !text.is_char_boundary(to) {
        to += 1;
    }
    &text[from..to]
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// All agency tags of `text`, sorted and without overlaps.
pub fn find_agency_tags(text: &str) -> Vec<AgencyTag> {
    let m = matchers();
    let bytes = text.as_bytes();
    let mut found: Vec<AgencyTag> = Vec::new();

    let mut hits = Vec::new();
    let mut chunk_start = 0;
    while chunk_start < bytes.len() {
        // Capital letters of the next eight bytes, as a bit mask (bit 8k+7 for byte k).
        let chunk_end = (chunk_start + 8).min(bytes.len());
        let n = chunk_end - chunk_start;
        let mut mask =
            swar::ascii_upper_mask(swar::load(bytes, chunk_start, n)) & swar::first_bytes(n);
        while mask != 0 {
            let at = chunk_start + (mask.trailing_zeros() / 8) as usize;
            mask &= mask - 1;
            if at > 0 && is_word_byte(bytes[at - 1]) {
                continue;
            }
            let Some(&second) = bytes.get(at + 1) else {
                continue;
            };
            let third = bytes.get(at + 2).map_or(0, |&c| c & 31);
            if m.prefixes[(bytes[at] as usize) << 8 | second as usize] & (1 << third) == 0 {
                continue;
            }
            let input = aho_corasick::Input::new(text)
                .range(at..)
                .anchored(aho_corasick::Anchored::Yes);
            if let Some(hit) = m.names.find(input) {
                if hit.end() >= bytes.len() || !is_word_byte(bytes[hit.end()]) {
                    hits.push(hit);
                }
            }
        }
        chunk_start = chunk_end;
    }
    for hit in hits {
        let (start, end) = (hit.start(), hit.end());
        let outlet = m.outlet_of[hit.pattern().as_usize()];
        let alias = &text[start..end];
        let tag = |s: usize, e: usize| AgencyTag {
            span: Span::new(s, e),
            agency: outlet.name.to_string(),
        };
        // (Reuters)
        if start > 0 && bytes[start - 1] == b'(' && bytes.get(end) == Some(&b')') {
            found.push(tag(start - 1, end + 1));
            continue;
        }
        // "... the convoy left. — AP" at the end of a line.
        // (Looking only as far as the first character that is not a space: a scan to the end
        // of the line would make a long line with many names quadratic.)
        let line_ends_here = text[end..]
            .chars()
            .find(|&c| c == '\n' || !c.is_whitespace())
            .is_none_or(|c| c == '\n');
        if line_ends_here {
            let lead = window(text, start.saturating_sub(4), start);
            let trimmed = lead.trim_end_matches(' ');
            if let Some(dash) = ['—', '–', '-'].iter().find(|d| trimmed.ends_with(**d)) {
                let dash_start = start - (lead.len() - trimmed.len()) - dash.len_utf8();
                found.push(tag(dash_start, end));
                continue;
            }
        }
        // Bare two-letter names ("RT said") count only for agencies and for outlets whose
        // short form is their name.
        if alias.len() < 3 && outlet.kind != OutletKind::Agency && outlet.name != alias {
            continue;
        }
        let reported = m
            .before
            .is_match(window(text, start.saturating_sub(48), start))
            || m.after.is_match(window(text, end, end + 48));
        if reported {
            found.push(tag(start, end));
        }
    }

    // /TASS/: a capitalised name between slashes that opens a word.
    for slash in memchr::memchr_iter(b'/', bytes) {
        if slash > 0 && !matches!(bytes[slash - 1], b' ' | b'\t' | b'\n' | b'\r' | b'(' | b'[') {
            continue;
        }
        if let Some((end, name)) = slash_tag(text, slash) {
            let agency = match outlets().by_alias(name) {
                Some(o) => o.name.to_string(),
                // Unknown, but written like an agency: /BELTA/ — short, in capitals, tight
                // against its slashes ("ISIS / IS / IG" is a list of names, not a tag).
                None if (3..=8).contains(&name.len())
                    && bytes[slash + 1] != b' '
                    && name.chars().all(|c| c.is_uppercase() || c == '-') =>
                {
                    name.to_string()
                }
                None => continue,
            };
            found.push(AgencyTag {
                span: Span::new(slash, end),
                agency,
            });
        }
    }

    found.sort_by_key(|t| (t.span.start, std::cmp::Reverse(t.span.end)));
    let mut out: Vec<AgencyTag> = Vec::with_capacity(found.len());
    for tag in found {
        if out
            .last()
            .is_some_and(|last| tag.span.start < last.span.end)
        {
            continue;
        }
        out.push(tag);
    }
    out
}

/// Parses `/ Name( Name)? /` at `slash`; returns the end of the tag and the name.
fn slash_tag(text: &str, slash: usize) -> Option<(usize, &str)> {
    let rest = &text[slash + 1..];
    let inner_start = if rest.starts_with(' ') { 1 } else { 0 };
    let close = rest[inner_start..].find('/')? + inner_start;
    if close > 40 {
        return None;
    }
    let name = rest[inner_start..close].trim_end_matches(' ');
    let mut words = name.split(' ');
    let ok_word = |w: &str| {
        let mut cs = w.chars();
        cs.next().is_some_and(char::is_uppercase)
            && cs.all(|c| c.is_alphabetic() || c == '-')
            && w.len() >= 2
    };
    let (first, second, third) = (words.next()?, words.next(), words.next());
    if third.is_some() || !ok_word(first) || second.is_some_and(|w| !ok_word(w)) {
        return None;
    }
    let end = slash + 1 + close + 1;
    let after = text[end..].chars().next();
    if after.is_some_and(|c| !(c.is_whitespace() || ".,:;)]—–-".contains(c))) {
        return None;
    }
    Some((end, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<(String, String)> {
        find_agency_tags(text)
            .into_iter()
            .map(|t| (text[t.span.range()].to_string(), t.agency))
            .collect()
    }

    #[test]
    fn finds_tags() {
        assert_eq!(
            names("MOSCOW, May 31. /TASS/. The ministry said."),
            vec![("/TASS/".to_string(), "TASS".to_string())]
        );
        assert_eq!(
            names("BEIRUT (Reuters) - Fighters left.")[0],
            ("(Reuters)".to_string(), "Reuters".to_string())
        );
        assert_eq!(
            names("Fighters left the city, officials said. — AP")[0],
            ("— AP".to_string(), "Associated Press".to_string())
        );
        assert_eq!(
            names("This was reported by the Associated Press.")[0].0,
            "Associated Press"
        );
        assert_eq!(
            names("RIA Novosti said a source in the Russian defense Ministry")[0],
            ("RIA Novosti".to_string(), "RIA Novosti".to_string())
        );
        assert_eq!(
            names("according to Interfax, the talks failed")[0].1,
            "Interfax"
        );
        assert_eq!(names("an official told RT on Friday")[0].1, "RT");
        assert_eq!(names("KYIV, /Ukrinform/ - Talks")[0].1, "Ukrinform");
    }

    #[test]
    fn ignores_lookalikes() {
        assert!(names("see /news/ and and/or, the SDF (Syrian Democratic Forces) said").is_empty());
        assert!(names("Kurdish fighters (SDF) said the convoy left.").is_empty());
        assert!(names("Reuters-style wording is common.").is_empty());
        assert!(names("The APC said it would leave; the CAPITAL fell.").is_empty());
        assert!(names("a story on Reuters about the war").is_empty());
        assert!(names("called ISIS / IS / IG / IGIL in turn").is_empty());
    }
}
