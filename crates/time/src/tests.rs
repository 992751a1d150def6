use super::*;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// (text, type, value) of every timex.
fn tagged(text: &str, dct: &str) -> Vec<(String, &'static str, String)> {
    tag(text, Some(day(dct)))
        .into_iter()
        .map(|t| (text[t.span.range()].to_string(), t.kind.as_str(), t.value))
        .collect()
}

fn one(text: &str, dct: &str) -> (String, &'static str, String) {
    let all = tagged(text, dct);
    assert_eq!(all.len(), 1, "{text:?} gave {all:?}");
    all.into_iter().next().unwrap()
}

#[track_caller]
fn check(text: &str, dct: &str, span: &str, ty: &str, value: &str) {
    let (s, t, v) = one(text, dct);
    assert_eq!((s.as_str(), t, v.as_str()), (span, ty, value), "{text:?}");
}

#[test]
fn absolute_dates() {
    check(
        "It happened on May 25, 2017 in Raqqa.",
        "2017-06-01",
        "May 25, 2017",
        "DATE",
        "2017-05-25",
    );
    check(
        "It happened on 13 October 2017.",
        "2017-06-01",
        "13 October 2017",
        "DATE",
        "2017-10-13",
    );
    check(
        "Sales fell in Sept. 1998.",
        "1999-01-01",
        "Sept. 1998",
        "DATE",
        "1998-09",
    );
    check(
        "Prices rose in 1998, analysts said.",
        "1999-01-01",
        "1998",
        "DATE",
        "1998",
    );
    check(
        "The report is dated 25.05.2017.",
        "2017-06-01",
        "25.05.2017",
        "DATE",
        "2017-05-25",
    );
    check(
        "The report is dated 2017-05-25.",
        "2017-06-01",
        "2017-05-25",
        "DATE",
        "2017-05-25",
    );
    check(
        "It grew in the 1990s.",
        "2017-06-01",
        "the 1990s",
        "DATE",
        "199",
    );
    check(
        "in the 20th century",
        "2017-06-01",
        "the 20th century",
        "DATE",
        "19",
    );
}

#[test]
fn underspecified_dates_resolve_to_the_past_unless_the_verb_looks_forward() {
    check(
        "The corridor was agreed on May 25.",
        "2017-05-31",
        "May 25",
        "DATE",
        "2017-05-25",
    );
    check(
        "On 13 October the fighters left.",
        "2018-01-10",
        "13 October",
        "DATE",
        "2017-10-13",
    );
    check(
        "Talks will resume on June 3.",
        "2017-05-31",
        "June 3",
        "DATE",
        "2017-06-03",
    );
    check(
        "The fighters left on Thursday.",
        "2017-05-31",
        "Thursday",
        "DATE",
        "2017-05-25",
    );
    check(
        "The ministers will meet on Friday.",
        "2017-05-31",
        "Friday",
        "DATE",
        "2017-06-02",
    );
    check(
        "He left in December.",
        "2017-05-31",
        "December",
        "DATE",
        "2016-12",
    );
}

#[test]
fn tense_cues() {
    // Wednesday 2000-04-05.
    let dct = "2000-04-05";
    // "United" looks like a past participle but is a name; "would" points forward.
    check(
        "the father would be traveling to the United States Thursday with his wife",
        dct,
        "Thursday",
        "DATE",
        "2000-04-06",
    );
    // "were planning to": the future seen from the past.
    check(
        "Protesters were planning to drive to the airport on Monday.",
        dct,
        "Monday",
        "DATE",
        "2000-04-10",
    );
    // A reporting verb right beside the date gives the day of the statement.
    check(
        "The ministry said Monday that the talks had failed.",
        dct,
        "Monday",
        "DATE",
        "2000-04-03",
    );
    // A scheduled event in the present tense.
    check(
        "The trial begins Monday in Miami.",
        dct,
        "Monday",
        "DATE",
        "2000-04-10",
    );
}

#[test]
fn a_weekday_beside_a_date_pins_the_year() {
    // 25 May was a Thursday in 2017 and in 2023; the nearest such year to the DCT wins.
    check(
        "on Thursday, May 25 the convoy left",
        "2018-03-01",
        "Thursday, May 25",
        "DATE",
        "2017-05-25",
    );
}

#[test]
fn relative_dates() {
    check(
        "He arrived yesterday.",
        "2017-05-31",
        "yesterday",
        "DATE",
        "2017-05-30",
    );
    check(
        "Talks were held last week.",
        "2017-05-31",
        "last week",
        "DATE",
        "2017-W21",
    );
    check(
        "Sales fell last year.",
        "2017-05-31",
        "last year",
        "DATE",
        "2016",
    );
    check(
        "This month prices rose.",
        "2017-05-31",
        "This month",
        "DATE",
        "2017-05",
    );
    check(
        "Two years ago he left.",
        "2017-05-31",
        "Two years ago",
        "DATE",
        "2015",
    );
    check(
        "Three days ago he left.",
        "2017-05-31",
        "Three days ago",
        "DATE",
        "2017-05-28",
    );
    check(
        "He is in Moscow now.",
        "2017-05-31",
        "now",
        "DATE",
        "PRESENT_REF",
    );
    check(
        "Earnings rose in the third quarter.",
        "1989-10-26",
        "the third quarter",
        "DATE",
        "1989-Q3",
    );
    check(
        "third-quarter profit",
        "1989-10-26",
        "third-quarter",
        "DATE",
        "1989-Q3",
    );
    check(
        "He left last April.",
        "2017-05-31",
        "last April",
        "DATE",
        "2017-04",
    );
    check(
        "He left last fall.",
        "2017-05-31",
        "last fall",
        "DATE",
        "2016-FA",
    );
    check(
        "He will come back early next year.",
        "2017-05-31",
        "early next year",
        "DATE",
        "2018",
    );
    check(
        "He fell ill this morning.",
        "2017-05-31",
        "this morning",
        "TIME",
        "2017-05-31TMO",
    );
    check(
        "It rained Friday morning.",
        "2017-05-31",
        "Friday morning",
        "TIME",
        "2017-05-26TMO",
    );
}

#[test]
fn months_of_relative_years_and_hyphenated_modifiers() {
    check(
        "It began in June last year.",
        "2017-05-31",
        "June last year",
        "DATE",
        "2016-06",
    );
    check(
        "Sales fell in late-November.",
        "2017-12-20",
        "late-November",
        "DATE",
        "2017-11",
    );
    check(
        "Stocks hit a five year low.",
        "2017-05-31",
        "five year",
        "DURATION",
        "P5Y",
    );
}

#[test]
fn anaphoric_dates_count_from_the_last_date_mentioned() {
    let got = tagged(
        "The talks began on May 25. The next day the fighters left.",
        "2017-06-10",
    );
    assert_eq!(got[1], ("The next day".into(), "DATE", "2017-05-26".into()));
    let got = tagged(
        "The talks began on May 25. Two days later the fighters left.",
        "2017-06-10",
    );
    assert_eq!(
        got[1],
        ("Two days later".into(), "DATE", "2017-05-27".into())
    );
}

#[test]
fn durations_and_sets() {
    check(
        "He stayed for three years.",
        "2017-05-31",
        "three years",
        "DURATION",
        "P3Y",
    );
    check(
        "over the past two months",
        "2017-05-31",
        "the past two months",
        "DURATION",
        "P2M",
    );
    check(
        "in the last twenty four hours",
        "2017-05-31",
        "the last twenty four hours",
        "DURATION",
        "PT24H",
    );
    check(
        "a five-year plan",
        "2017-05-31",
        "five-year",
        "DURATION",
        "P5Y",
    );
    check(
        "for several years",
        "2017-05-31",
        "several years",
        "DURATION",
        "PXY",
    );
    check(
        "It lasted more than four hours.",
        "2017-05-31",
        "more than four hours",
        "DURATION",
        "PT4H",
    );
    check(
        "It is published daily.",
        "2017-05-31",
        "daily",
        "SET",
        "P1D",
    );
    check(
        "They meet every week.",
        "2017-05-31",
        "every week",
        "SET",
        "P1W",
    );
}

#[test]
fn times_of_day() {
    check(
        "The blast was at 10:35 a.m. local time.",
        "2017-05-31",
        "10:35 a.m.",
        "TIME",
        "2017-05-31T10:35",
    );
    check(
        "The deadline is 5 p.m. EST Friday.",
        "2017-05-31",
        "5 p.m. EST Friday",
        "TIME",
        "2017-05-26T17:00",
    );
}

#[test]
fn no_dct_leaves_unknown_parts() {
    let t = tag("The fighters left on 13 October.", None);
    assert_eq!(t[0].value, "XXXX-10-13");
    let t = tag("The fighters left on Thursday.", None);
    assert_eq!(t[0].value, "XXXX-WXX-4");
}

#[test]
fn not_times() {
    for text in [
        "He may come.",
        "They march on.",
        "It cost $2000 dollars.",
        "A 37-year-old man.",
        "About 1500 people.",
        "The Weekly Standard said so.",
    ] {
        let got = tagged(text, "2017-05-31");
        assert!(
            got.is_empty() || text.contains("1500") && got.iter().all(|t| t.0 != "1500"),
            "{text:?}: {got:?}"
        );
    }
}

#[test]
fn timexes_inside_junk_lines_are_left_out() {
    use rashomon_model::{Document, Junk, JunkKind, Layers, Span};
    let line = "Updated 5 May 2017\nTalks began on 3 May 2017.\n";
    let text = line.repeat(50);
    let document = Document::from_text("t", None, text.clone());
    let mut layers = Layers::default();
    for (k, _) in text.match_indices("Updated 5 May 2017") {
        layers.junk.push(Junk {
            span: Span::new(k, k + "Updated 5 May 2017".len()),
            kind: JunkKind::Share,
        });
    }
    let kept = tag_document(&document, &layers);
    assert_eq!(kept.len(), 50);
    assert!(kept.iter().all(|t| &text[t.span.range()] == "3 May 2017"));
}

#[test]
fn lower_case_months_of_machine_translation() {
    check(
        "The column left Raqqa on may 25, officials said.",
        "2017-06-01",
        "may 25",
        "DATE",
        "2017-05-25",
    );
    check(
        "Talks resumed on 13 october in Geneva.",
        "2017-11-01",
        "13 october",
        "DATE",
        "2017-10-13",
    );
    check(
        "The deal was signed march 3, 2016 by both sides.",
        "2017-06-01",
        "march 3, 2016",
        "DATE",
        "2016-03-03",
    );
    // "may" the modal verb stays a verb, and a lone month in lower case is no date.
    for text in [
        "Prices may 25 percent higher next year.",
        "The army may march on the city.",
        "Fighters may 2 weeks later leave.",
    ] {
        assert!(
            tag(text, Some(day("2017-06-01")))
                .iter()
                .all(|t| !t.value.contains("-05")),
            "{text}: {:?}",
            tag(text, Some(day("2017-06-01")))
        );
    }
}
