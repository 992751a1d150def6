//! Agency tags: places in a text that name a news agency or outlet as the source of the copy —
//! `/TASS/`, `(Reuters)`, a closing `— AP`, "Reported by the Associated Press", "RIA Novosti
//! said", "according to Interfax". They tell who first wrote a story that another outlet ran.

use std::sync::OnceLock;

use rashomon_model::{AgencyTag, Span};
use regex::Regex;

use crate::outlets::{outlets, OutletKind};

struct Patterns {
    /// `(Reuters)`, `/TASS/`, `— AP` at the end of a line.
    tags: Regex,
    /// "reported by the Associated Press", "RIA Novosti said", "told Interfax".
    phrases: Regex,
}

fn alias_alternation() -> String {
    let mut aliases: Vec<&str> = outlets()
        .outlets
        .iter()
        .flat_map(|o| o.aliases.iter().copied().chain(std::iter::once(o.name)))
        .filter(|a| a.len() >= 2)
        .collect();
    // Longest first, so "RIA Novosti" wins over "RIA".
    aliases.sort_by_key(|a| std::cmp::Reverse(a.len()));
    aliases.dedup();
    aliases
        .iter()
        .map(|a| regex::escape(a))
        .collect::<Vec<_>>()
        .join("|")
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let alias = alias_alternation();
        let tags = format!(
            r"(?m)(?:^|[\s(\[])(?P<slash>/ ?(?P<s>\p{{Lu}}[\p{{L}}\-]+(?: \p{{Lu}}[\p{{L}}\-]+)?) ?/)(?:$|[\s.,:;)\]—–-])|\((?P<paren>{alias})\)|[—–-] ?(?P<trail>{alias})\s*$"
        );
        let verbs_before = r"(?i:reported by|according to|told|citing|cited by|quoted by|in an interview with|speaking to|said to|via)";
        let verbs_after = r"(?i:said|says|reported|reports|writes|wrote|informs|informed|quoted|cited|learned|has learned|was told|news agency)";
        let phrases = format!(
            r"\b{verbs_before}\s+(?:the\s+)?(?P<a1>{alias})\b|\b(?P<a2>{alias})\s+{verbs_after}\b"
        );
        Patterns {
            tags: Regex::new(&tags).expect("agency tag pattern compiles"),
            phrases: Regex::new(&phrases).expect("agency phrase pattern compiles"),
        }
    })
}

fn canonical(alias: &str) -> Option<&'static str> {
    outlets().by_alias(alias).map(|o| o.name)
}

/// All agency tags of `text`, sorted and without overlaps.
pub fn find_agency_tags(text: &str) -> Vec<AgencyTag> {
    let p = patterns();
    let mut found: Vec<AgencyTag> = Vec::new();
    for caps in p.tags.captures_iter(text) {
        if let Some(m) = caps.name("slash") {
            let name = caps.name("s").map_or("", |s| s.as_str());
            // A slash tag names an agency when we know it, or when it is written like one
            // (short and in capitals: /BelTA/ no, /TASS/ yes); "/Syria/" is not a tag.
            let agency = match canonical(name) {
                Some(c) => c.to_string(),
                None if name.len() <= 8 && name.chars().all(|c| c.is_uppercase() || c == '-') => {
                    name.to_string()
                }
                None => continue,
            };
            found.push(AgencyTag {
                span: Span::new(m.start(), m.end()),
                agency,
            });
        } else if let Some(m) = caps.name("paren").or(caps.name("trail")) {
            let Some(name) = canonical(m.as_str()) else {
                continue;
            };
            let whole = caps.get(0).expect("match");
            found.push(AgencyTag {
                span: Span::new(whole.start(), whole.end()),
                agency: name.to_string(),
            });
        }
    }
    for caps in p.phrases.captures_iter(text) {
        let Some(m) = caps.name("a1").or(caps.name("a2")) else {
            continue;
        };
        let Some(outlet) = outlets().by_alias(m.as_str()) else {
            continue;
        };
        // Bare two-letter outlet names ("RT said") only count for agencies and broadcasters
        // whose short form is the usual name.
        if m.as_str().len() < 3 && outlet.kind != OutletKind::Agency && outlet.name != m.as_str() {
            continue;
        }
        found.push(AgencyTag {
            span: Span::new(m.start(), m.end()),
            agency: outlet.name.to_string(),
        });
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
        assert_eq!(names("BEIRUT (Reuters) - Fighters left.")[0].1, "Reuters");
        assert_eq!(
            names("Fighters left the city, officials said. — AP")[0].1,
            "Associated Press"
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
    }

    #[test]
    fn ignores_lookalikes() {
        assert!(names("see /news/ and and/or, the SDF (Syrian Democratic Forces) said").is_empty());
        assert!(names("Kurdish fighters (SDF) said the convoy left.").is_empty());
        assert!(names("Reuters-style wording is common.").is_empty());
    }
}
