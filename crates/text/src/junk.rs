//! Scraping junk: lines that a page scraper kept but that are not part of the article.
//!
//! Each rule looks at one whole line, and only at short lines: junk is boilerplate, and a long
//! line is prose even when it mentions cookies or newsletters. A line set aside here is recorded
//! as a [`Junk`](rashomon_model::Junk) annotation; the text itself is left as it was.

use std::sync::OnceLock;

use rashomon_model::JunkKind;
use regex::RegexSet;

/// Lines longer than this are never junk (alt-text lists can be long, prose is longer). The
/// patterns use `.*` rather than counted repetitions, which would blow up the automaton: this
/// bound, and the word counts in [`classify_line`], keep them to short lines.
const MAX_JUNK_LINE: usize = 300;

/// Rules that name the start of the line, and rules that look for words anywhere in it (their
/// patterns start with `^.*`). A prose line fails the first kind within a few bytes; the second
/// kind must read the whole line, so it only looks at lines short enough to be such junk.
struct Rules {
    anchored: RuleSet,
    floating: RuleSet,
}

struct RuleSet {
    set: RegexSet,
    kinds: Vec<JunkKind>,
}

impl RuleSet {
    fn new(rules: Vec<(JunkKind, &str)>) -> RuleSet {
        RuleSet {
            set: RegexSet::new(rules.iter().map(|(_, p)| format!("(?i){p}")))
                .expect("junk patterns compile"),
            kinds: rules.iter().map(|(k, _)| *k).collect(),
        }
    }

    fn classify(&self, line: &str) -> Option<JunkKind> {
        // `is_match` runs on the lazy DFA; asking which pattern matched needs the slower
        // overlapping search, so it is done only for the few lines that are junk.
        if !self.set.is_match(line) {
            return None;
        }
        let first = self.set.matches(line).into_iter().next()?;
        Some(self.kinds[first])
    }
}

/// Lines longer than this are not searched for the words of floating rules (cookie banners,
/// newsletter prompts, "All rights reserved", photo credits at the end of a caption).
const MAX_FLOATING_LINE: usize = 200;

fn rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| {
        use JunkKind::*;
        // Every pattern is anchored at both ends: it describes the whole line.
        let table: &[(JunkKind, &str)] = &[
            (Comments, r"^(\d+ )?((readers?'?|user) )?(comments?|discussion|reactions)( \(\d+\)| \d+)?[.:]?$"),
            (Comments, r"^(leave|post|add|write|show|view|load|read) (a |your |all |the )?(\d+ )?(comments?|reply|replies|reactions)[.:]?$"),
            (Comments, r"^(join|start) the (discussion|conversation)[.:]?$"),
            (Comments, r"^(you must be logged in|log in|sign in|register) to (post a )?comment.*$"),
            (AltText, r"^(this )?(image|photo|picture) (may|might) contain(?-u:\b).*$"),
            (AltText, r"^no (automatic )?alt(ernative)? text available\.?$"),
            (AltText, r"^(image|photo)( description)?: (no description|not available)\.?$"),
            (Share, r"^((share|tweet|e-?mail|print|pin|like|save|copy link|whatsapp|facebook|twitter|x|telegram|linkedin|pinterest|reddit|vk|messenger|flipboard|comments?|\d+ comments?)( (this|on|via|to|article|story|page|post|it|link))*[\s|,:•·/-]*)+$"),
            (Share, r"^(follow|like|join) us (on|at)(?-u:\b).*$"),
            (Share, r"^(share|send) (this|the) (article|story|page|post)(?-u:\b).*$"),
            (Subscribe, r"^(subscribe|sign up|signup|register now|join (our|us)|get (our|the latest|breaking|daily|free|the best))(?-u:\b).*$"),
            (Subscribe, r"^.*(?-u:\b)(sign up|subscribe|register|get|receive)(?-u:\b).*(?-u:\b)newsletters?(?-u:\b).*$"),
            (Cookie, r"^.*(?-u:\b)(cookies?(?-u:\b).*(?-u:\b)(accept|consent|policy|settings|preferences|experience|agree|browsing)|(we|this (site|website)|our (site|website)) uses? cookies)(?-u:\b).*$"),
            (Navigation, r"^(all news|latest news|top stories|most read|most popular|trending( now)?|breaking news|news feed|home|menu|search|video|videos|photos?|gallery|live|opinion|world|politics|middle east|europe|business|sport|sports|more|next|previous|back to top|skip to (main )?content|loading\.*|close|open|watch|listen|related( articles| stories| news)?|see also|read more|continue reading|click here.*|read (also|next|the full story).*|(related|read more|see also|also read|read also|more on this)\s*:.*)[.:]?$"),
            (Advertisement, r"^(advertisement|advertising|sponsored( content)?|ad|promoted|paid content|partner content)\.?$"),
            (Copyright, r"^(©|\(c\)|copyright(?-u:\b)).*$"),
            (Copyright, r"^.*(?-u:\b)all rights reserved(?-u:\b).*$"),
            (Byline, r"^(by|written by|author|authors|posted by|story by|words by)[: ]+\s*(?-i:\p{Lu})[\p{L}'.-]+( (?-i:\p{Lu})[\p{L}'.-]+){0,3}((,| and| &) (?-i:\p{Lu})[\p{L}'.-]+( (?-i:\p{Lu})[\p{L}'.-]+){0,3}){0,3}([,|] (?-i:\p{Lu})[\p{L}'.&-]*( (?-i:\p{Lu})[\p{L}'.&-]*){0,3})?$"),
            (Byline, r"^(reporting|additional reporting|writing|editing|compiled|translated|translation) by .*$"),
            (Byline, r"^(updated|published|posted|last updated)( on| at)?[: ]+.*\d.*$"),
            (PhotoCredit, r"^(photo|photos|photograph|image|picture|pictures|credit|file photo|photo credit|source)s?\s*(:|by(?-u:\b)|credit(?-u:\b)|/).*$"),
            (PhotoCredit, r"^.*(/|\|)\s*(getty images|afp|reuters|ap( photo)?|epa|shutterstock|sputnik|tass|anadolu( agency)?)( via getty images)?\)?\.?$"),
            (PhotoCredit, r"^\((photo|image|picture|file)[^)]{0,160}\)$"),
            (Code, r#"^(\{\s*"|\[\s*\{\s*"|<(script|style|iframe|noscript)|(var|let|const) [a-z_$][\w$]* ?=|function ?\(|\(function|window\.|document\.|googletag\.|if ?\(typeof ).*$"#),
        ];
        let (floating, anchored): (Vec<_>, Vec<_>) =
            table.iter().copied().partition(|(_, p)| p.starts_with("^.*"));
        Rules {
            anchored: RuleSet::new(anchored),
            floating: RuleSet::new(floating),
        }
    })
}

/// Whether a short line is a section label or breadcrumb of the site rather than a headline:
/// "Politics", "World news", "IN THE WORLD", "News / World / Middle East", "Home > Syria".
/// Checked only for the lines above a title, where a page's furniture sits.
pub fn is_section_label(line: &str) -> bool {
    let line = line.trim();
    if line.is_empty() || line.len() > 80 || line.ends_with(['.', '!', '?', '"', '”', ':']) {
        return false;
    }
    if line.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let segments: Vec<&str> = line
        .split(['/', '>', '»', '|', '•', '·'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let short = |s: &str| s.split_whitespace().count() <= 3;
    if segments.len() >= 2 && segments.iter().all(|s| short(s)) {
        return true;
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    let letters = || line.chars().filter(|c| c.is_alphabetic());
    let all_caps = letters().count() >= 3 && letters().all(char::is_uppercase);
    words.len() <= 2 || (all_caps && words.len() <= 4)
}

/// A line that opens the readers' comments under an article: "Comments (12)", "Leave a
/// reply", "Join the discussion". What follows it is no longer the article.
pub fn opens_comments(line: &str) -> bool {
    classify_line(line) == Some(JunkKind::Comments)
}

/// The kind of junk a line is, or `None` for a content line. `line` is one line of text without
/// its line break.
pub fn classify_line(line: &str) -> Option<JunkKind> {
    let line = line.trim();
    if line.is_empty() || line.len() > MAX_JUNK_LINE {
        return None;
    }
    let rules = rules();
    let kind = rules.anchored.classify(line).or_else(|| {
        (line.len() <= MAX_FLOATING_LINE)
            .then(|| rules.floating.classify(line))
            .flatten()
    })?;
    // A cookie/subscribe line must read like a prompt, not like a sentence of news that
    // happens to use the word: prompts are short and rarely end in a full stop after 15 words.
    let words = line.split_whitespace().count();
    match kind {
        JunkKind::Cookie | JunkKind::Subscribe if words > 25 => return None,
        JunkKind::Byline if words > 12 || names_a_time(line) => return None,
        _ => {}
    }
    Some(kind)
}

/// "By Thursday, ..." is a sentence, not a byline.
fn names_a_time(line: &str) -> bool {
    const TIME_WORDS: &[&str] = &[
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "then",
        "now",
        "noon",
        "midnight",
        "evening",
        "morning",
        "the",
    ];
    let second = line.split_whitespace().nth(1).unwrap_or("");
    let word = second
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    TIME_WORDS.contains(&word.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use JunkKind::*;

    #[test]
    fn section_labels() {
        for line in [
            "Politics",
            "World news",
            "IN THE MIDDLE EAST",
            "News / World / Middle East",
            "Home > Syria",
        ] {
            assert!(is_section_label(line), "{line}");
        }
        for line in [
            "Kurds deny a corridor deal with IS",
            "Syrian army retakes Palmyra from militants",
            "MOSCOW, May 31. /TASS/.",
            "Russia's defence ministry said the militants left.",
        ] {
            assert!(!is_section_label(line), "{line}");
        }
    }

    #[test]
    fn recognises_junk() {
        let cases = [
            ("Image may contain: outdoor", AltText),
            (
                "Image may contain: 3 people, people standing and outdoor",
                AltText,
            ),
            ("No automatic alt text available.", AltText),
            ("Share on Facebook", Share),
            ("Share | Tweet | Email", Share),
            ("Facebook Twitter WhatsApp", Share),
            ("Comments (12)", Comments),
            ("12 comments", Comments),
            ("Leave a reply", Comments),
            ("Join the discussion", Comments),
            ("Follow us on Telegram", Share),
            ("Sign up for our daily newsletter", Subscribe),
            ("Subscribe to our channel", Subscribe),
            (
                "We use cookies to improve your experience. Accept cookies",
                Cookie,
            ),
            ("All news", Navigation),
            ("Read more: Kurds deny deal", Navigation),
            ("Skip to main content", Navigation),
            ("ADVERTISEMENT", Advertisement),
            ("© 2017 Levant Observer. All rights reserved.", Copyright),
            ("By Jane Doe", Byline),
            ("By Jane Doe and Omar Haddad, Levant Observer", Byline),
            ("Reporting by Jane Doe; Editing by John Roe", Byline),
            ("Photo: Smoke over the city", PhotoCredit),
            ("A convoy leaves the city. / AFP", PhotoCredit),
            ("(Photo: archive)", PhotoCredit),
            (
                "{\"title\": \"Playing the oil prices money game\", \"description\": \"x\"}",
                Code,
            ),
            ("var playerConfig = {autoplay: true};", Code),
            (
                "googletag.cmd.push(function() { googletag.display('ad'); });",
                Code,
            ),
        ];
        for (line, kind) in cases {
            assert_eq!(classify_line(line), Some(kind), "{line}");
        }
    }

    #[test]
    fn keeps_prose() {
        for line in [
            "The SDF said it would share intelligence with the coalition.",
            "Russia's defence ministry said the militants had agreed to leave Raqqa.",
            "By Thursday, the convoy had reached the desert.",
            "World leaders condemned the deal.",
            "Residents were told to register with the local council before the evacuation, officials said on Friday in a statement posted online.",
            "Photographs published by the ministry showed buses leaving the city.",
            "Fighters were told to register with the SDF.",
            "Unless you subscribe to the Big Lie technique, the claim makes no sense.",
            "One industry newsletter honored the minister for his leadership.",
            "The EU fined the company over cookies.",
            "Documents seen by the agency show the convoy left at night.",
            "Let it be said that the talks failed.",
            "Posted by the ministry at 10 am, the video showed a convoy of 40 buses leaving.",
            "",
        ] {
            assert_eq!(classify_line(line), None, "{line}");
        }
    }
}
