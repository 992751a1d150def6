//! Agency chains: "RIA Novosti said a source in the Russian defense Ministry that …" names
//! the real source inside what the agency "said". When the tagged source is a news outlet
//! and the content opens with an anonymous or named source followed by "that", the outlet
//! becomes the relay (`via`) and the phrase before "that" the source.

use rashomon_model::{Attribution, Span};

/// Words that open a relayed source phrase.
const OPENERS: &[&str] = &[
    "a",
    "an",
    "the",
    "its",
    "one",
    "two",
    "several",
    "sources",
    "source",
    "officials",
    "representatives",
    "representative",
];

pub(crate) fn relayed_source(text: &str, a: &mut Attribution) {
    let (Some(source), Some(first)) = (a.source, a.content.first().copied()) else {
        return;
    };
    let source_text = text[source.range()].trim();
    // Outlet names are capitalised; most sources are not outlets, and the look-up scans.
    if !source_text
        .trim_start_matches("the ")
        .starts_with(|c: char| c.is_uppercase())
    {
        return;
    }
    let outlets = rashomon_text::outlets::outlets();
    let is_outlet = outlets.by_alias(source_text).is_some()
        || outlets
            .by_alias(
                source_text
                    .trim_start_matches("the ")
                    .trim_start_matches("The "),
            )
            .is_some();
    if !is_outlet {
        return;
    }
    let content = &text[first.range()];
    let opener = content
        .split_whitespace()
        .next()
        .map(|w| w.to_lowercase())
        .unwrap_or_default();
    if !OPENERS.contains(&opener.as_str()) {
        return;
    }
    // The phrase runs to " that " within the first 15 words.
    let Some(that) = content.find(" that ") else {
        return;
    };
    if content[..that].split_whitespace().count() > 15 || that == 0 {
        return;
    }
    let relayed = Span::new(first.start as usize, first.start as usize + that);
    let rest_start = first.start as usize + that + 1;
    a.via = Some(source);
    a.source = Some(relayed);
    a.content[0] = Span::new(rest_start, first.end as usize);
}

#[cfg(test)]
mod tests {
    use super::*;
    use rashomon_model::CueClass;

    #[test]
    fn an_agency_relaying_a_source_becomes_the_relay() {
        let text =
            "RIA Novosti said a source in the Russian defense Ministry that the column left.";
        let find = |s: &str| {
            let i = text.find(s).unwrap();
            Span::new(i, i + s.len())
        };
        let mut a = Attribution {
            source: Some(find("RIA Novosti")),
            cue: find("said"),
            content: vec![Span::new(text.find("a source").unwrap(), text.len() - 1)],
            cue_class: CueClass::Assert,
            speaker: None,
            via: None,
            direct: false,
        };
        relayed_source(text, &mut a);
        assert_eq!(a.via, Some(find("RIA Novosti")));
        assert_eq!(
            &text[a.source.unwrap().range()],
            "a source in the Russian defense Ministry"
        );
        assert_eq!(&text[a.content[0].range()], "that the column left");
        // A source that is not an outlet is left alone.
        let text2 = "The minister said a source in the army that it left.";
        let mut b = Attribution {
            source: Some(Span::new(0, 12)),
            cue: Span::new(13, 17),
            content: vec![Span::new(18, text2.len() - 1)],
            ..a.clone()
        };
        b.via = None;
        relayed_source(text2, &mut b);
        assert!(b.via.is_none());
    }
}
