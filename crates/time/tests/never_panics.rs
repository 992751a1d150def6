//! The tagger and the date inference take any text: they never panic, and every timex is a
//! valid, sorted, non-overlapping span with a non-empty value.

use chrono::NaiveDate;
use proptest::prelude::*;

const PIECES: &[&str] = &[
    "the",
    "last",
    "next",
    "this",
    "week",
    "May",
    "25",
    ",",
    "2017",
    "Thursday",
    "ago",
    "two",
    "years",
    "-",
    "year",
    "earlier",
    "later",
    "day",
    "a",
    "p.m.",
    "10:30",
    "Sept.",
    ".",
    "mid",
    "1990s",
    "'",
    "90s",
    "quarter",
    "third",
    "of",
    "fiscal",
    "every",
    "Monday",
    "night",
    "now",
    "early",
    "about",
    "more",
    "than",
    "half",
    "an",
    "hour",
    "and",
    "Christmas",
    "New",
    "Year's",
    "Day",
    "1/2",
    "25.05.2017",
    "2017-05-25",
    "05/25/2017",
    "will",
    "said",
    "Москва",
    "’",
    "—",
    "\n",
    "31st",
    "twenty",
    "four",
    "hours",
    "the",
    "end",
    "weekend",
    "spring",
    "1500",
];

fn texts() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        prop::collection::vec(prop::sample::select(PIECES), 0..40).prop_map(|w| w.join(" ")),
        prop::collection::vec(prop::sample::select(PIECES), 0..40).prop_map(|w| w.concat()),
    ]
}

fn dcts() -> impl Strategy<Value = Option<NaiveDate>> {
    prop_oneof![
        Just(None),
        (-3000i32..5000, 1u32..=12, 1u32..=28)
            .prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
        Just(NaiveDate::MIN.into()),
        Just(NaiveDate::MAX.into()),
    ]
}

#[path = "../../../tests-support/soak.rs"]
mod soak;
use soak::cases;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(2000)))]

    #[test]
    fn tagging_gives_valid_spans(text in texts(), dct in dcts()) {
        let timexes = rashomon_time::tag(&text, dct);
        let mut previous_end = 0;
        for t in &timexes {
            let (s, e) = (t.span.start as usize, t.span.end as usize);
            prop_assert!(s < e && e <= text.len());
            prop_assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
            prop_assert!(s >= previous_end, "overlap in {:?}", text);
            prop_assert!(!t.value.is_empty());
            previous_end = e;
        }
    }

    #[test]
    fn inference_never_panics(text in texts(), year in prop::option::of(-3000i32..5000)) {
        let _ = rashomon_time::infer::infer_publication(&text, None, year);
    }
}
