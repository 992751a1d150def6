//! The timeline, the story grouping and the report take any documents: they never panic,
//! every summary sentence is a valid span of its document, and the HTML escapes what the
//! articles say.

use chrono::NaiveDate;
use proptest::prelude::*;
use rashomon_model::{AnnotatedDocument, DateSource, DateValue, Document, Published};

const PIECES: &[&str] = &[
    "The",
    "dam",
    "broke",
    "on",
    "Monday",
    "May",
    "25",
    ",",
    "2017",
    ".",
    "Raqqa",
    "Rakka",
    "fighters",
    "left",
    "the",
    "city",
    "last",
    "week",
    "yesterday",
    "<script>alert(1)</script>",
    "&amp;",
    "\"",
    "«",
    "»",
    "He",
    "said",
    "13",
    "October",
    "\n\n",
    "\n",
    "Москва",
    "’",
    "—",
    "two",
    "days",
    "later",
    "in",
    "2016",
    "Thursday",
    ",",
    "a",
    "convoy",
    "of",
    "buses",
    // The shapes the reported-denial rules rewrite ("X is denying Y’s assertion that P",
    // "P was refuted by Z"), with the curly apostrophe inside a word.
    "congressman’s",
    "Russia's",
    "is",
    "denying",
    "rejected",
    "refuted",
    "was",
    "by",
    "claims",
    "assertion",
    "alleging",
    "that",
    "ministry",
];

fn texts() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        prop::collection::vec(prop::sample::select(PIECES), 0..80).prop_map(|w| w.join(" ")),
    ]
}

fn dates() -> impl Strategy<Value = Option<NaiveDate>> {
    prop_oneof![
        Just(None),
        (1990i32..2030, 1u32..=12, 1u32..=28)
            .prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
    ]
}

fn document(text: String, date: Option<NaiveDate>) -> AnnotatedDocument {
    let mut document = Document::from_text("x.txt", None, text);
    if let Some(d) = date {
        document.published = Published::known(DateValue::Date(d), DateSource::Metadata, 1.0);
    }
    let mut layers = rashomon_text::annotate(&document);
    layers.timexes = rashomon_time::tag_document(&document, &layers);
    AnnotatedDocument { document, layers }
}

fn actors() -> &'static rashomon_actors::Table {
    static TABLE: std::sync::OnceLock<rashomon_actors::Table> = std::sync::OnceLock::new();
    TABLE.get_or_init(rashomon_actors::Table::shipped)
}

#[path = "../../../tests-support/soak.rs"]
mod soak;
use soak::cases;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(300)))]

    #[test]
    fn timeline_and_report_never_panic(
        docs in prop::collection::vec((texts(), dates()), 0..8),
        n_dates in prop::option::of(1usize..5),
        k in 1usize..4,
        keyword in prop::option::of(prop::sample::select(vec!["dam", "raqqa", "CONVOY"])),
        mode in prop::option::of(prop::sample::select(vec![rashomon_timeline::Mode::Events, rashomon_timeline::Mode::TopDates])),
    ) {
        let docs: Vec<AnnotatedDocument> = docs.into_iter().map(|(t, d)| document(t, d)).collect();
        let order: Vec<usize> = (0..docs.len()).collect();
        let stories = rashomon_linking::stories::group_stories(&docs, &order, rashomon_linking::stories::TOPICS);
        let grouped: usize = stories.iter().map(|s| s.members.len()).sum();
        prop_assert_eq!(grouped, docs.len());
        let group_of: Vec<usize> = (0..docs.len()).collect();
        let options = rashomon_timeline::Options {
            dates: n_dates,
            sentences_per_date: Some(k),
            keywords: keyword.map(|k| vec![k.to_string()]).unwrap_or_default(),
            from: None,
            to: None,
            mode,
        };
        let t = rashomon_timeline::build(&docs, &group_of, &options);
        if let Some(n) = n_dates {
            let days: std::collections::BTreeSet<_> = t.entries.iter().map(|e| e.date).collect();
            prop_assert!(days.len() <= n);
        }
        for e in &t.entries {
            prop_assert!(e.summary.len() <= k);
            for s in &e.summary {
                let text = &docs[s.doc].document.text;
                prop_assert!(s.span.end as usize <= text.len());
                prop_assert!(text.is_char_boundary(s.span.start as usize) && text.is_char_boundary(s.span.end as usize));
            }
        }
        let claims = rashomon_linking::claims::find_claims(&docs, &group_of, actors(), None, 0.3);
        let view = rashomon_report::InMemory::new(&docs);
        let found = rashomon_report::Found { timeline: &t, stories: &[], claims: &claims };
        let out = rashomon_report::assemble(&view, &found, &options, Vec::new());
        let mut csv = Vec::new();
        rashomon_report::write_csv(&out, &mut csv).unwrap();
        let html = rashomon_report::render_html(&out, "<b>t</b>", "lede");
        prop_assert!(!html.contains("<script"));
        prop_assert!(!html.contains("<b>t</b>"));
    }
}
