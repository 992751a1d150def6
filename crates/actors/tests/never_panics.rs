//! Speaker resolution takes whatever the tagger marks as a source: arbitrary text, any span.

use proptest::prelude::*;
use rashomon_actors::{name_runs, Resolver, Table};
use rashomon_model::{Attribution, CueClass, Span};

fn shipped_resolver() -> &'static Resolver {
    static RESOLVER: std::sync::OnceLock<Resolver> = std::sync::OnceLock::new();
    RESOLVER.get_or_init(|| Resolver::new(std::sync::Arc::new(Table::shipped())))
}

fn boundary(text: &str, at: usize) -> usize {
    let mut i = at.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[path = "../../../tests-support/soak.rs"]
mod soak;
use soak::cases;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(200)))]
    #[test]
    fn resolving_arbitrary_sources_never_panics(
        text in "(\\PC|[A-Z][a-z]+|'s|’s| of | the |-led|MoD|SDF|IGIL| he | a source in ){0,40}",
        cuts in proptest::collection::vec((0usize..400, 0usize..60), 0..8),
    ) {
        let mut attributions: Vec<Attribution> = cuts
            .iter()
            .map(|&(start, len)| {
                let s = boundary(&text, start);
                let e = boundary(&text, s + len).max(s);
                Attribution {
                    source: Some(Span::new(s, e)),
                    cue: Span::new(e, e),
                    content: Vec::new(),
                    cue_class: CueClass::Assert,
                    speaker: None,
                    via: None,
                    direct: false,
                }
            })
            .collect();
        let resolver = shipped_resolver();
        resolver.resolve_document(&text, &mut attributions);
        for a in &attributions {
            if let Some(s) = &a.speaker {
                if let Some(ant) = s.antecedent {
                    prop_assert!(ant.end as usize <= text.len());
                }
            }
        }
        let runs = name_runs(&text);
        for r in &runs {
            prop_assert!(text.get(r.span.range()).is_some());
        }
        let keys: Vec<String> = runs.into_iter().map(|r| r.key).collect();
        resolver.merge_pile(attributions.iter_mut().filter_map(|a| a.speaker.as_mut()), &keys);
    }
}
