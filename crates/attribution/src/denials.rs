//! Reported denials: a denial of what someone else said names two speakers.
//!
//! - "X rejected the statements by Y alleging that P", "X denied claims from Y that P",
//!   "X dismissed reports by Y that P": X denies P, and Y says P.
//! - "Y's claims that P were denied by X", "the claims by Y that P were rejected by X": the
//!   same, in the passive.
//! - "The information was refuted by Z": Z denies what "the information" refers to (the
//!   claims step links such a short denial to the statement before it).
//!
//! [`resolve`] rewrites the tagger's attributions so that the denier's content is the
//! proposition P (not "the statements by Y alleging …"), gives a passive denial its agent as
//! source and its subject as content, and adds an attribution for the reported party Y
//! (source Y, cue the wrapper noun or verb: "statements", "alleging", "claims"; content P)
//! when the tagger found none. The classes are the cue classes of the words: the denier's is
//! `Deny`, the reported party's `Assert` or `Accuse` ("allegations").
//!
//! Linear in the text: one pass over each sentence's words and over the attributions, which
//! are sorted by cue.

use rashomon_model::{Attribution, CueClass, Span};

/// Nouns that wrap a reported proposition.
const WRAPPERS: &[&str] = &[
    "claim",
    "claims",
    "report",
    "reports",
    "allegation",
    "allegations",
    "accusation",
    "accusations",
    "statement",
    "statements",
    "assertion",
    "assertions",
    "suggestion",
    "suggestions",
    "rumour",
    "rumours",
    "rumor",
    "rumors",
    "information",
    "story",
    "stories",
    "charge",
    "charges",
    "remarks",
    "comments",
    "announcement",
    "assertion",
    "insinuations",
    "speculation",
    "news",
];
/// Words that join a wrapper (and its author) to the proposition.
const CONNECTORS: &[&str] = &[
    "that",
    "alleging",
    "claiming",
    "saying",
    "suggesting",
    "asserting",
    "stating",
    "according",
];
/// Participles of denial verbs, for the passive.
const DENIED: &[&str] = &[
    "denied",
    "refuted",
    "rejected",
    "dismissed",
    "disputed",
    "contradicted",
    "rebutted",
    "debunked",
    "disproved",
    "repudiated",
    "disavowed",
];
const AUXILIARIES: &[&str] = &["was", "were", "is", "are", "been", "be", "being"];

/// Words of a span with their byte spans (letters, digits, inner apostrophes and hyphens).
fn words(text: &str, span: Span) -> Vec<(Span, String)> {
    let s = &text[span.range()];
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
        let inner = c.is_alphanumeric()
            || (matches!(c, '-' | '\'' | '’') && start.is_some() && {
                let next = s[i + c.len_utf8()..].chars().next();
                next.is_some_and(char::is_alphanumeric)
            });
        match (inner, start) {
            (true, None) => start = Some(i),
            (false, Some(b)) => {
                let sp = Span::new(span.start as usize + b, span.start as usize + i);
                out.push((sp, s[b..i].to_lowercase().replace('’', "'")));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// Whether nothing but spaces lies between two offsets.
fn adjacent(text: &str, a: usize, b: usize) -> bool {
    a <= b && text[a..b].chars().all(char::is_whitespace)
}

/// A wrapper phrase parsed: "the statements by the ministry alleging that P".
#[derive(Debug, Clone, Copy, PartialEq)]
struct Wrapped {
    /// The wrapper noun ("statements").
    wrapper: Span,
    /// Its author, when named ("the ministry"; "Russia" in "Russia's allegations").
    author: Option<Span>,
    /// The connector word ("alleging", "that").
    connector: Option<Span>,
    /// The proposition, from the connector (or its "that") to the phrase's end.
    proposition: Option<Span>,
}

/// Parses `span` as [determiner | Y's] WRAPPER [by|from|of|in Y] [connector P], with the
/// wrapper among its first words.
fn wrapped(text: &str, span: Span) -> Option<Wrapped> {
    let w = words(text, span);
    let k = w
        .iter()
        .take(6)
        .position(|(_, x)| WRAPPERS.contains(&x.as_str()))?;
    // Before the wrapper: determiners, adjectives, or a possessive author ("Russia's").
    let author_before = w[..k]
        .iter()
        .rposition(|(_, x)| x.ends_with("'s"))
        .map(|p| {
            let first = w[..p]
                .iter()
                .rposition(|(_, x)| matches!(x.as_str(), "the" | "a" | "an"))
                .map_or(0, |d| d + 1);
            // The text may write the apostrophe as ’ (three bytes): cut what it has.
            let end = w[p].0.end as usize;
            let suffix = if text[..end].ends_with("’s") {
                "’s"
            } else {
                "'s"
            };
            Span::new(w[first].0.start as usize, end - suffix.len())
        });
    let mut i = k + 1;
    let mut author = author_before;
    if i < w.len() && matches!(w[i].1.as_str(), "by" | "from" | "of" | "in") {
        // The author runs to the connector.
        let start = i + 1;
        let mut j = start;
        while j < w.len() && !CONNECTORS.contains(&w[j].1.as_str()) && j - start < 8 {
            j += 1;
        }
        if j > start && j < w.len() && CONNECTORS.contains(&w[j].1.as_str()) {
            author = Some(Span::new(
                w[start].0.start as usize,
                w[j - 1].0.end as usize,
            ));
        }
        i = j;
    }
    let (connector, proposition) = match w.get(i) {
        Some((c, x)) if CONNECTORS.contains(&x.as_str()) && i + 1 < w.len() => {
            // "according to which", "alleging that": the proposition starts after them.
            let mut p = i + 1;
            while p < w.len() && matches!(w[p].1.as_str(), "to" | "which" | "that") && x != "that" {
                p += 1;
            }
            let from = if x == "that" {
                c.start as usize
            } else {
                w.get(p)?.0.start as usize
            };
            (Some(*c), Some(Span::new(from, span.end as usize)))
        }
        _ => (None, None),
    };
    Some(Wrapped {
        wrapper: w[k].0,
        author,
        connector,
        proposition,
    })
}

/// The attribution of the reported party: source Y, the wrapper or connector as cue.
fn reported(text: &str, author: Span, cue: Span, proposition: Span) -> Attribution {
    let cue_text = &text[cue.range()];
    let class = match crate::cues::classify(cue_text, "") {
        CueClass::Accuse => CueClass::Accuse,
        _ => CueClass::Assert,
    };
    Attribution {
        source: Some(author),
        cue,
        content: vec![proposition],
        cue_class: class,
        speaker: None,
        via: None,
        direct: false,
    }
}

/// Resolves the reported denials of a document's attributions (sorted by cue; they stay so).
/// `sentences` are the document's sentence spans, sorted.
pub fn resolve(text: &str, sentences: &[Span], attributions: &mut Vec<Attribution>) {
    let mut added: Vec<Attribution> = Vec::new();
    passive(text, sentences, attributions, &mut added);
    active(text, attributions, &mut added);
    // Rewritten contents keep the layer's invariant: fragments in text order, none inside
    // another.
    for a in attributions.iter_mut().chain(added.iter_mut()) {
        in_text_order(&mut a.content);
    }
    if added.is_empty() {
        return;
    }
    // New attributions keep the layer's order and never share a cue's words with another.
    for a in added {
        let k = attributions.partition_point(|b| b.cue.start < a.cue.start);
        let clashes = |b: Option<&Attribution>| b.is_some_and(|b| b.cue.overlaps(a.cue));
        if clashes(attributions.get(k))
            || clashes(k.checked_sub(1).and_then(|p| attributions.get(p)))
        {
            continue;
        }
        attributions.insert(k, a);
    }
}

/// Sorts content fragments by position and drops any that overlaps the one before it.
fn in_text_order(content: &mut Vec<Span>) {
    content.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end)));
    let mut last_end = 0;
    content.retain(|f| {
        let keep = f.start >= last_end && f.end > f.start;
        if keep {
            last_end = f.end;
        }
        keep
    });
}

/// "P was refuted by Z", "Y's claims that P were denied by X".
fn passive(
    text: &str,
    sentences: &[Span],
    attributions: &mut [Attribution],
    added: &mut Vec<Attribution>,
) {
    for &sentence in sentences {
        // Cheap test first: most sentences hold no denial participle.
        let lower = text[sentence.range()].to_lowercase();
        if !DENIED.iter().any(|d| lower.contains(d)) || !lower.contains(" by ") {
            continue;
        }
        let w = words(text, sentence);
        for i in 1..w.len().saturating_sub(2) {
            if !DENIED.contains(&w[i].1.as_str())
                || !AUXILIARIES.contains(&w[i - 1].1.as_str())
                || w[i + 1].1 != "by"
            {
                continue;
            }
            // The auxiliary chain: "has been", "had been", "were".
            let mut aux = i - 1;
            while aux > 0 && matches!(w[aux - 1].1.as_str(), "has" | "have" | "had" | "been") {
                aux -= 1;
            }
            if aux == 0 {
                continue;
            }
            let cue = Span::new(w[aux].0.start as usize, w[i].0.end as usize);
            // The agent: to a comma, a clause or the sentence's end, at most 8 words.
            let start = i + 2;
            let mut end = start;
            while end < w.len()
                && end - start < 8
                && adjacent_or_plain(
                    text,
                    w[end - 1].0.end as usize,
                    w[end].0.start as usize,
                    end == start,
                )
                && !matches!(
                    w[end].1.as_str(),
                    "on" | "in"
                        | "at"
                        | "as"
                        | "who"
                        | "which"
                        | "that"
                        | "after"
                        | "during"
                        | "late"
                        | "earlier"
                        | "last"
                        | "this"
                        | "and"
                        | "but"
                        | "because"
                        | "saying"
                        | "calling"
                        | "adding"
                )
            {
                end += 1;
            }
            if end == start {
                continue;
            }
            let agent = Span::new(w[start].0.start as usize, w[end - 1].0.end as usize);
            // The subject: from the last comma before the auxiliary, or the sentence start.
            let before = &text[sentence.start as usize..cue.start as usize];
            let subject_start = before
                .rfind([',', ';', ':'])
                .map(|c| sentence.start as usize + c + 1)
                .filter(|&s| {
                    // A comma inside the subject's own wrapper phrase does not cut it.
                    text[s..cue.start as usize].split_whitespace().count() >= 2
                })
                .unwrap_or(sentence.start as usize);
            let subject_words = words(text, Span::new(subject_start, cue.start as usize));
            let Some(first) = subject_words.first() else {
                continue;
            };
            let subject = Span::new(
                first.0.start as usize,
                subject_words.last().expect("not empty").0.end as usize,
            );
            let parsed = wrapped(text, subject);
            let content = parsed.and_then(|p| p.proposition).unwrap_or(subject);
            // The tagger's attribution of this cue, or a new one.
            match attributions.iter_mut().find(|a| a.cue.overlaps(cue)) {
                Some(a) => {
                    if a.source
                        .is_none_or(|s| s.overlaps(subject) || !s.overlaps(agent))
                    {
                        a.source = Some(agent);
                    }
                    a.content = vec![content];
                    a.cue_class = CueClass::Deny;
                }
                None => added.push(Attribution {
                    source: Some(agent),
                    cue,
                    content: vec![content],
                    cue_class: CueClass::Deny,
                    speaker: None,
                    via: None,
                    direct: false,
                }),
            }
            if let Some(Wrapped {
                wrapper,
                author: Some(author),
                proposition: Some(p),
                ..
            }) = parsed
            {
                let said = attributions.iter().any(|a| {
                    a.cue.overlaps(wrapper) || (a.cue.start >= author.start && a.cue.end <= p.start)
                });
                if !said {
                    added.push(reported(text, author, wrapper, p));
                }
            }
        }
    }
}

/// Whether the agent may run on from one word to the next: only spaces between them (the
/// first word may follow "by" with anything but punctuation).
fn adjacent_or_plain(text: &str, a: usize, b: usize, first: bool) -> bool {
    first || adjacent(text, a, b) || text[a..b].trim() == "."
}

/// "X rejected the statements by Y alleging that P", "X denied claims from Y that P".
fn active(text: &str, attributions: &mut [Attribution], added: &mut Vec<Attribution>) {
    for a in attributions.iter_mut() {
        split_denier_from_source(text, a, added);
    }
    for n in 0..attributions.len() {
        if attributions[n].cue_class != CueClass::Deny {
            continue;
        }
        // "dismissed reports by": the wrapper went into the cue; it belongs to the content.
        let cue = attributions[n].cue;
        let cue_words = words(text, cue);
        if let Some(k) = cue_words
            .iter()
            .skip(1)
            .position(|(_, x)| WRAPPERS.contains(&x.as_str()))
            .map(|k| k + 1)
        {
            let wrapper_start = cue_words[k].0.start as usize;
            attributions[n].cue = Span::new(cue.start as usize, cue_words[k - 1].0.end as usize);
            match attributions[n].content.first_mut() {
                Some(first) if first.start as usize >= cue.end as usize => {
                    *first = Span::new(wrapper_start, first.end as usize);
                }
                _ => attributions[n]
                    .content
                    .insert(0, Span::new(wrapper_start, cue.end as usize)),
            }
        }
        let Some(&first) = attributions[n].content.first() else {
            continue;
        };
        let Some(parsed) = wrapped(text, first) else {
            continue;
        };
        match (parsed.proposition, parsed.author) {
            (Some(p), author) => {
                attributions[n].content[0] = p;
                if let Some(author) = author {
                    let said = attributions.iter().enumerate().any(|(m, a)| {
                        m != n && a.cue.start >= first.start && a.cue.end <= first.end
                    });
                    if !said {
                        let cue = parsed
                            .connector
                            .filter(|c| !text[c.range()].eq_ignore_ascii_case("that"));
                        added.push(reported(text, author, cue.unwrap_or(parsed.wrapper), p));
                    }
                }
            }
            (None, _) => {
                // "rejected the statements" followed by "by Y alleging that P", which the
                // tagger made an attribution of its own: the denial is of its content.
                if words(text, first).len() > 4 {
                    continue;
                }
                let next = attributions.get(n + 1).filter(|b| {
                    let starts = b.source.map_or(b.cue.start, |s| s.start.min(b.cue.start));
                    starts >= first.end
                        && text[first.end as usize..starts as usize]
                            .trim()
                            .trim_start_matches("by")
                            .trim()
                            .is_empty()
                        && !b.content.is_empty()
                });
                if let Some(content) = next.map(|b| b.content.clone()) {
                    attributions[n].content = content;
                }
            }
        }
    }
}

/// "Many in the community contest police allegations that P": the tagger took "Many in
/// the community contest police" for the source of "allegations". The words before the
/// denial verb deny P; the words after it are who alleges it.
fn split_denier_from_source(text: &str, a: &mut Attribution, added: &mut Vec<Attribution>) {
    let (Some(source), false) = (a.source, a.content.is_empty()) else {
        return;
    };
    let cue_words = words(text, a.cue);
    let wrapper_cue = !cue_words.is_empty()
        && cue_words
            .iter()
            .all(|(_, x)| WRAPPERS.contains(&x.as_str()) || x == "s");
    if !wrapper_cue {
        return;
    }
    let w = words(text, source);
    let Some(v) = (1..w.len().saturating_sub(1))
        .find(|&v| crate::cues::classify(&w[v].1, "") == CueClass::Deny)
    else {
        return;
    };
    let denier = Span::new(w[0].0.start as usize, w[v - 1].0.end as usize);
    a.source = Some(Span::new(w[v + 1].0.start as usize, source.end as usize));
    added.push(Attribution {
        source: Some(denier),
        cue: w[v].0,
        content: a.content.clone(),
        cue_class: CueClass::Deny,
        speaker: None,
        via: None,
        direct: false,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str, s: &str) -> Span {
        let i = text
            .find(s)
            .unwrap_or_else(|| panic!("{s:?} not in {text:?}"));
        Span::new(i, i + s.len())
    }

    fn attribution(
        text: &str,
        source: Option<&str>,
        cue: &str,
        content: Option<&str>,
        class: CueClass,
    ) -> Attribution {
        Attribution {
            source: source.map(|s| span(text, s)),
            cue: span(text, cue),
            content: content.map(|c| vec![span(text, c)]).unwrap_or_default(),
            cue_class: class,
            speaker: None,
            via: None,
            direct: false,
        }
    }

    /// (source, cue, content, class) of each attribution, as text.
    fn parts(text: &str, a: &[Attribution]) -> Vec<(String, String, String, CueClass)> {
        a.iter()
            .map(|a| {
                (
                    a.source
                        .map_or(String::new(), |s| text[s.range()].to_string()),
                    text[a.cue.range()].to_string(),
                    a.content
                        .iter()
                        .map(|c| &text[c.range()])
                        .collect::<Vec<_>>()
                        .join(" … "),
                    a.cue_class,
                )
            })
            .collect()
    }

    fn whole(text: &str) -> Vec<Span> {
        vec![Span::new(0, text.len())]
    }

    #[test]
    fn a_curly_possessive_author_is_cut_on_a_character_boundary() {
        let text =
            "The department is denying a congressman’s assertion that fighters crossed the border.";
        let mut a = vec![attribution(
            text,
            Some("The department"),
            "is denying",
            Some("a congressman’s assertion that fighters crossed the border"),
            CueClass::Deny,
        )];
        resolve(text, &whole(text), &mut a);
        for x in &a {
            for s in x.source.iter().chain(&x.content).chain([&x.cue]) {
                assert!(
                    text.is_char_boundary(s.start as usize)
                        && text.is_char_boundary(s.end as usize)
                );
            }
        }
        let got = parts(text, &a);
        assert!(
            got.iter()
                .any(|(source, _, content, class)| source == "congressman"
                    && content.ends_with("fighters crossed the border")
                    && *class == CueClass::Assert),
            "{got:?}"
        );
    }

    #[test]
    fn rejected_statements_by_y_alleging_p() {
        // The tagger's two attributions: the denial of "the statements", Y alleging P.
        let text = "Cavusoglu rejected the statements by the ministry alleging that the militias had reached no agreement.";
        let mut a = vec![
            attribution(
                text,
                Some("Cavusoglu"),
                "rejected",
                Some("the statements"),
                CueClass::Deny,
            ),
            attribution(
                text,
                Some("the ministry"),
                "alleging",
                Some("that the militias had reached no agreement"),
                CueClass::Accuse,
            ),
        ];
        resolve(text, &whole(text), &mut a);
        let p = parts(text, &a);
        assert_eq!(p[0].0, "Cavusoglu");
        assert_eq!(p[0].2, "that the militias had reached no agreement");
        assert_eq!(p[0].3, CueClass::Deny);
        assert_eq!(p[1].0, "the ministry");
        assert_eq!(p.len(), 2);
        // The tagger's one attribution with the whole wrapper as content.
        let mut a = vec![attribution(
            text,
            Some("Cavusoglu"),
            "rejected",
            Some("the statements by the ministry alleging that the militias had reached no agreement"),
            CueClass::Deny,
        )];
        resolve(text, &whole(text), &mut a);
        let p = parts(text, &a);
        assert_eq!(p.len(), 2, "{p:?}");
        assert_eq!(p[0].2, "the militias had reached no agreement");
        assert_eq!(
            (p[1].0.as_str(), p[1].1.as_str(), p[1].2.as_str(), p[1].3),
            (
                "the ministry",
                "alleging",
                "the militias had reached no agreement",
                CueClass::Accuse
            )
        );
    }

    #[test]
    fn denied_claims_from_y_that_p() {
        let text =
            "The coalition denied claims from Moscow that its aircraft had struck the convoy.";
        let mut a = vec![attribution(
            text,
            Some("The coalition"),
            "denied",
            Some("claims from Moscow that its aircraft had struck the convoy"),
            CueClass::Deny,
        )];
        resolve(text, &whole(text), &mut a);
        let p = parts(text, &a);
        assert_eq!(p[0].2, "that its aircraft had struck the convoy");
        assert_eq!(
            (p[1].0.as_str(), p[1].1.as_str(), p[1].3),
            ("Moscow", "claims", CueClass::Assert)
        );
        // The wrapper inside the cue.
        let text =
            "The SDF dismissed reports by Russian media that it had let the militants leave.";
        let mut a = vec![attribution(
            text,
            Some("The SDF"),
            "dismissed reports by",
            Some("Russian media that it had let the militants leave"),
            CueClass::Deny,
        )];
        resolve(text, &whole(text), &mut a);
        let p = parts(text, &a);
        assert_eq!(p[0].1, "dismissed");
        assert_eq!(p[0].2, "that it had let the militants leave");
        assert_eq!(
            (p[1].0.as_str(), p[1].1.as_str()),
            ("Russian media", "reports")
        );
    }

    #[test]
    fn passive_denials_get_their_agent() {
        let text = "The information was refuted by the Syrian Democratic Forces.";
        let mut a = Vec::new();
        resolve(text, &whole(text), &mut a);
        let p = parts(text, &a);
        assert_eq!(
            p,
            vec![(
                "the Syrian Democratic Forces".to_string(),
                "was refuted".to_string(),
                "The information".to_string(),
                CueClass::Deny
            )]
        );
        // Y's claims that P were denied by X: the tagger found Y's claim and a bare cue.
        let text =
            "The ministry's claims that the two groups agreed a corridor were denied by the SDF.";
        let mut a = vec![
            attribution(
                text,
                Some("The ministry"),
                "'s claims",
                Some("that the two groups agreed a corridor"),
                CueClass::Assert,
            ),
            attribution(text, None, "were denied", None, CueClass::Deny),
        ];
        resolve(text, &whole(text), &mut a);
        let p = parts(text, &a);
        assert_eq!(p.len(), 2);
        assert_eq!(p[1].0, "the SDF");
        assert_eq!(p[1].2, "that the two groups agreed a corridor");
        // Nothing found: both are made.
        let text = "On Friday, Russia's allegations that the coalition bombed the hospital were rejected by the Pentagon on Friday.";
        let mut a = Vec::new();
        resolve(text, &whole(text), &mut a);
        let p = parts(text, &a);
        assert_eq!(p.len(), 2, "{p:?}");
        assert_eq!(
            (p[0].0.as_str(), p[0].1.as_str(), p[0].2.as_str(), p[0].3),
            (
                "Russia",
                "allegations",
                "that the coalition bombed the hospital",
                CueClass::Accuse
            )
        );
        assert_eq!(
            (p[1].0.as_str(), p[1].1.as_str(), p[1].3),
            ("the Pentagon", "were rejected", CueClass::Deny)
        );
    }

    #[test]
    fn a_denier_inside_the_source_of_an_allegation() {
        let text = "Many in the community contest police allegations that he pointed a gun.";
        let mut a = vec![attribution(
            text,
            Some("Many in the community contest police"),
            "allegations",
            Some("that he pointed a gun"),
            CueClass::Accuse,
        )];
        resolve(text, &whole(text), &mut a);
        let p = parts(text, &a);
        assert_eq!(
            (p[0].0.as_str(), p[0].1.as_str(), p[0].2.as_str(), p[0].3),
            (
                "Many in the community",
                "contest",
                "that he pointed a gun",
                CueClass::Deny
            )
        );
        assert_eq!((p[1].0.as_str(), p[1].3), ("police", CueClass::Accuse));
    }

    #[test]
    fn plain_denials_and_assertions_are_left_alone() {
        let text = "The SDF denied that any deal had been struck. The ministry said the report was rejected by nobody.";
        let mut a = vec![attribution(
            text,
            Some("The SDF"),
            "denied",
            Some("that any deal had been struck"),
            CueClass::Deny,
        )];
        let before = a.clone();
        resolve(text, &[Span::new(0, 45)], &mut a);
        assert_eq!(a, before);
    }
}
