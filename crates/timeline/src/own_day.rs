//! The event's own day: which of the days a sentence mentions is the day of what it tells.
//!
//! - A statement is dated by the day it was made: "the ministry said on Wednesday that the
//!   column left on Monday" is Wednesday's statement.
//! - Otherwise the sentence's own day is its first day-precise time expression that is not a
//!   reference point ("since May 3", "until June 1", "before March 2").
//! - A sentence without a day of its own tells today's news (present, perfect, or a past
//!   without a date in a news report): the article's day.
//! - Background is not a day event: the past perfect ("had been under their control since
//!   May 2015", "had seized the city"), a time coarser than a day and no day ("in 2013",
//!   "since May 2015"), or only reference points.

use chrono::NaiveDate;
use rashomon_model::Span;

/// What [`own_day`] found of one sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct OwnDay {
    pub day: Option<NaiveDate>,
    pub background: bool,
    pub statement: bool,
}

/// Verbs that report a statement.
const REPORTING: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "announced",
    "announces",
    "stated",
    "states",
    "declared",
    "claimed",
    "claims",
    "denied",
    "denies",
    "reported",
    "reports",
    "confirmed",
    "confirms",
    "added",
    "insisted",
    "warned",
    "warns",
    "noted",
    "explained",
    "wrote",
    "tweeted",
    "accused",
    "rejected",
    "admitted",
    "acknowledged",
    "urged",
    "called",
    "stressed",
    "emphasized",
    "emphasised",
    "asserted",
    "argued",
    "replied",
    "responded",
    "dismissed",
    "testified",
    "promised",
    "pledged",
    "vowed",
    "threatened",
];

/// Words that may stand between a reporting verb and its time ("told reporters on
/// Wednesday", "said in a statement late on Wednesday").
const BETWEEN: &[&str] = &[
    "on",
    "late",
    "early",
    "this",
    "in",
    "a",
    "an",
    "the",
    "statement",
    "to",
    "reporters",
    "journalists",
    "press",
    "news",
    "conference",
    "briefing",
    "at",
    "interview",
    "televised",
    "speech",
    "him",
    "her",
    "them",
    "us",
    "it",
    "also",
    "again",
    "earlier",
    "later",
];

/// Words that make the time after them a reference point, not the sentence's event day.
const REFERENCE: &[&str] = &[
    "since",
    "until",
    "till",
    "before",
    "after",
    "by",
    "from",
    "through",
    "throughout",
];

/// Past participles that do not end in -ed or -en, for the past perfect ("had left").
const IRREGULAR_PARTICIPLES: &[&str] = &[
    "been",
    "left",
    "held",
    "fought",
    "lost",
    "won",
    "led",
    "built",
    "sent",
    "spent",
    "kept",
    "brought",
    "bought",
    "caught",
    "taught",
    "thought",
    "told",
    "sold",
    "said",
    "made",
    "paid",
    "put",
    "set",
    "hit",
    "cut",
    "shut",
    "struck",
    "begun",
    "become",
    "come",
    "run",
    "met",
    "fled",
    "fallen",
    "seen",
    "done",
    "gone",
    "had",
    "got",
    "found",
    "heard",
    "felt",
    "stood",
    "understood",
    "won",
    "shot",
    "laid",
    "read",
    "dealt",
    "meant",
    "slain",
    "sought",
];

/// Adverbs that may stand between "had" and its participle.
const PERFECT_ADVERBS: &[&str] = &[
    "not",
    "already",
    "also",
    "long",
    "previously",
    "earlier",
    "just",
    "never",
    "once",
    "recently",
    "since",
    "first",
    "only",
    "largely",
    "effectively",
    "all",
    "reportedly",
];

/// Lower-cased words of `s` with their byte ranges in `s`.
fn words(s: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        let word_char = c.is_alphanumeric() || c == '\'' || c == '’';
        match (word_char, start) {
            (true, None) => start = Some(i),
            (false, Some(st)) => {
                out.push((st, i, s[st..i].to_lowercase()));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(st) = start {
        out.push((st, s.len(), s[st..].to_lowercase()));
    }
    out
}

/// Whether the words hold a past perfect: "had" (or "'d") and a participle, perhaps after an
/// adverb or two. "had a meeting" is not one.
fn past_perfect(words: &[(usize, usize, String)]) -> bool {
    words.iter().enumerate().any(|(i, (_, _, w))| {
        if w != "had" {
            return false;
        }
        let mut k = i + 1;
        while words
            .get(k)
            .is_some_and(|(_, _, a)| PERFECT_ADVERBS.contains(&a.as_str()))
            && k < i + 3
        {
            k += 1;
        }
        words.get(k).is_some_and(|(_, _, p)| {
            p.len() > 3 && (p.ends_with("ed") || p.ends_with("en"))
                || IRREGULAR_PARTICIPLES.contains(&p.as_str())
        })
    })
}

/// The sentence's own day. `sentence` is its text, starting at byte `at` of the document;
/// `days` the day-precise time expressions inside it (document spans, in order); `coarse`
/// whether it holds a time expression coarser than a day (a year, a month); `published` the
/// article's day.
pub(crate) fn own_day(
    sentence: &str,
    at: u32,
    days: &[(Span, NaiveDate)],
    coarse: bool,
    published: Option<NaiveDate>,
) -> OwnDay {
    // Most sentences name no time and hold no "had": today's news, decided without splitting
    // them into words (what the rest of this function would conclude, at a fraction of the
    // cost).
    if days.is_empty()
        && !coarse
        && !sentence
            .as_bytes()
            .windows(3)
            .any(|w| w.eq_ignore_ascii_case(b"had"))
    {
        return OwnDay {
            day: published,
            ..OwnDay::default()
        };
    }
    let words = words(sentence);
    let local = |s: Span| {
        (
            (s.start.saturating_sub(at)) as usize,
            (s.end.saturating_sub(at)) as usize,
        )
    };
    // The word index at or after byte `b`.
    let word_at = |b: usize| words.partition_point(|(_, e, _)| *e <= b);
    let is_reference = |s: Span| {
        let (start, _) = local(s);
        let k = word_at(start);
        k > 0 && REFERENCE.contains(&words[k - 1].2.as_str())
            || (k > 1
                && REFERENCE.contains(&words[k - 2].2.as_str())
                && matches!(words[k - 1].2.as_str(), "the" | "early" | "late" | "mid"))
    };
    if past_perfect(&words) {
        return OwnDay {
            background: true,
            ..OwnDay::default()
        };
    }
    // A statement: a reporting verb right beside a day.
    for (vi, (_, _, w)) in words.iter().enumerate() {
        if !REPORTING.contains(&w.as_str()) {
            continue;
        }
        for &(span, day) in days {
            let (start, end) = local(span);
            let tk = word_at(start);
            let te = word_at(end.saturating_sub(1));
            let after = tk > vi
                && tk - vi <= 6
                && words[vi + 1..tk]
                    .iter()
                    .all(|(_, _, b)| BETWEEN.contains(&b.as_str()));
            let before = te < vi && vi - te <= 2;
            if after || before {
                return OwnDay {
                    day: Some(day),
                    background: false,
                    statement: true,
                };
            }
        }
    }
    if let Some(&(_, day)) = days.iter().find(|(s, _)| !is_reference(*s)) {
        return OwnDay {
            day: Some(day),
            ..OwnDay::default()
        };
    }
    if !days.is_empty() || coarse {
        // Only reference points, or a year or month and no day: background.
        return OwnDay {
            background: true,
            ..OwnDay::default()
        };
    }
    OwnDay {
        day: published,
        ..OwnDay::default()
    }
}

/// Whether a DATE value is coarser than a day but names a definite time: a year, a month, a
/// season, a quarter, a week, a decade ("2013", "2015-05", "201X", "2017-W21").
pub(crate) fn is_coarse(value: &str) -> bool {
    let b = value.as_bytes();
    b.len() >= 3 && b.len() < 10 && b[..3].iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// `marks`: (the words of a day expression, its day).
    fn run(sentence: &str, marks: &[(&str, &str)], coarse: bool) -> OwnDay {
        let days: Vec<(Span, NaiveDate)> = marks
            .iter()
            .map(|(w, day)| {
                let at = sentence.find(w).unwrap();
                (Span::new(at, at + w.len()), d(day))
            })
            .collect();
        own_day(sentence, 0, &days, coarse, Some(d("2017-06-01")))
    }

    #[test]
    fn a_sentence_without_a_time_is_today_unless_it_is_past_perfect() {
        let today = Some(d("2017-06-01"));
        let plain = own_day("The army entered the town.", 0, &[], false, today);
        assert_eq!((plain.day, plain.background), (today, false));
        let perfect = own_day("The army had entered the town.", 0, &[], false, today);
        assert_eq!((perfect.day, perfect.background), (None, true));
        let had_a_meeting = own_day("They HAD a meeting; Chad said so.", 0, &[], false, today);
        assert_eq!(
            (had_a_meeting.day, had_a_meeting.background),
            (today, false)
        );
    }

    #[test]
    fn statements_take_the_day_they_were_made() {
        let o = run(
            "The ministry said on Wednesday that the column left Raqqa on Monday.",
            &[("Wednesday", "2017-05-31"), ("Monday", "2017-05-29")],
            false,
        );
        assert_eq!((o.day, o.statement), (Some(d("2017-05-31")), true));
        let o = run(
            "On Monday, the column left Raqqa, the ministry said.",
            &[("Monday", "2017-05-29")],
            false,
        );
        assert_eq!((o.day, o.statement), (Some(d("2017-05-29")), false));
        let o = run(
            "The SDF told reporters on Thursday that there was no deal.",
            &[("Thursday", "2017-06-01")],
            false,
        );
        assert!(o.statement);
    }

    #[test]
    fn background_is_no_day_event() {
        for (s, marks, coarse) in [
            ("The militants seized the city in 2013.", vec![], true),
            (
                "The town had been under their control since May 2015.",
                vec![],
                true,
            ),
            (
                "The army had retaken Palmyra on March 2, 2017 after heavy fighting.",
                vec![("March 2, 2017", "2017-03-02")],
                false,
            ),
            (
                "Fighting has continued since March 2, 2017 in the area.",
                vec![("March 2, 2017", "2017-03-02")],
                false,
            ),
        ] {
            let o = run(s, &marks, coarse);
            assert!(o.background && o.day.is_none(), "{s}: {o:?}");
        }
    }

    #[test]
    fn today_news_takes_the_article_day() {
        let o = run("Kurdish forces have entered the city.", &[], false);
        assert_eq!((o.day, o.background), (Some(d("2017-06-01")), false));
        let o = run("The meeting had a long agenda.", &[], false);
        assert!(!o.background);
        let o = run(
            "Syrian troops retook the town on Thursday, May 25.",
            &[("Thursday, May 25", "2017-05-25")],
            false,
        );
        assert_eq!(o.day, Some(d("2017-05-25")));
    }

    #[test]
    fn coarse_values() {
        for v in ["2013", "2015-05", "201", "2017-W21", "2017-Q2", "2017-SU"] {
            assert!(is_coarse(v), "{v}");
        }
        for v in ["2017-05-25", "PAST_REF", "XXXX-05", "P3D"] {
            assert!(!is_coarse(v), "{v}");
        }
    }
}
