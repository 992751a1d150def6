//! Publication dates for documents that do not state one, inferred from what the text says:
//! its dateline, the dates it mentions, and weekday/date agreement ("Thursday, May 25" can only
//! be certain years); optionally helped by the year most of a corpus was published in.
//!
//! Every inferred date carries its evidence and a confidence below that of metadata, and
//! nothing is guessed when the text gives no ground for it.

use chrono::{Datelike, NaiveDate};
use rashomon_model::{DateSource, DateValue, Dateline, Published};

use crate::calendar::weekday_number;
use crate::grammar::{Dir, Grammar, Sem};
use crate::scan::{scan, Tok};

/// What the text says about its own date, collected once.
#[derive(Debug, Default)]
struct Clues {
    /// Full dates the text states (with year), outside future-tense sentences, with their text.
    full_dates: Vec<(NaiveDate, String, usize)>,
    /// Day and month written beside a weekday ("Thursday, May 25"): only some years fit.
    pinned: Vec<(u32, u32, u32, String)>,
    /// The latest year the text names.
    latest_year: Option<i32>,
}

fn clues(text: &str) -> Clues {
    let toks = scan(text);
    let grammar = Grammar { toks: &toks, text };
    let mut c = Clues::default();
    let mut i = 0;
    while i < toks.len() {
        let Some(f) = grammar.at(i) else {
            i += 1;
            continue;
        };
        i = f.end;
        let surface = || surface(text, &toks, f.start, f.end);
        if let Sem::Calendar {
            year,
            month,
            day,
            weekday,
            ..
        } = f.sem
        {
            if let Some(y) = year {
                c.latest_year = c.latest_year.max(Some(y));
            }
            match (year, month, day, weekday) {
                (Some(y), Some(m), Some(d), _) => {
                    let future =
                        crate::resolve::tense(text, &toks, f.start, f.end) == Some(Dir::Future);
                    if let (Some(date), false) = (NaiveDate::from_ymd_opt(y, m, d), future) {
                        c.full_dates
                            .push((date, surface(), toks[f.start].start as usize));
                    }
                }
                (None, Some(m), Some(d), Some(w)) => c.pinned.push((m, d, w, surface())),
                _ => {}
            }
        }
    }
    c
}

fn surface(text: &str, toks: &[Tok], start: usize, end: usize) -> String {
    text[toks[start].start as usize..toks[end - 1].end as usize].to_string()
}

/// Years in `years` in which every pinned (month, day, weekday) mention, taken to lie within
/// the year before the date (month, day) of that year, falls on its weekday.
fn fit_pinned(
    years: impl Iterator<Item = i32>,
    anchor: Option<(u32, u32)>,
    pinned: &[(u32, u32, u32, String)],
) -> Vec<i32> {
    years
        .filter(|&y| {
            pinned.iter().all(|(m, d, w, _)| {
                // A mention later in the calendar than the anchor date belongs to the year before.
                let year = match anchor {
                    Some((am, ad)) if (*m, *d) > (am, ad) => y - 1,
                    _ => y,
                };
                NaiveDate::from_ymd_opt(year, *m, *d).is_some_and(|date| weekday_number(date) == *w)
            })
        })
        .collect()
}

/// Infers a publication date from the text. `dateline` is the document's dateline layer;
/// `corpus_year` the year most documents of the same corpus were published in, if known.
///
/// Returns `None` when the text offers nothing; a `Published` with no value but with evidence
/// when it offers a partial date (a dateline's day and month) that could not be completed.
pub fn infer_publication(
    text: &str,
    dateline: Option<&Dateline>,
    corpus_year: Option<i32>,
) -> Option<Published> {
    let c = clues(text);
    let dateline_day =
        dateline.and_then(|d| Some((d.month?, d.day?, &text[d.date.unwrap_or(d.span).range()])));
    let latest_full = c.full_dates.iter().max_by_key(|(d, _, _)| *d);
    let reference = c.latest_year.or(corpus_year);
    let inferred = |date: NaiveDate, confidence: f32, evidence: String| {
        Some(
            Published::known(DateValue::Date(date), DateSource::Inferred, confidence)
                .with_evidence(evidence),
        )
    };

    if let Some((m, d, written)) = dateline_day {
        // The dateline gives day and month; find the year.
        let pinned_note = if c.pinned.is_empty() {
            String::new()
        } else {
            let names: Vec<&str> = c.pinned.iter().map(|p| p.3.as_str()).collect();
            format!("; weekday agrees with {}", names.join(", "))
        };
        if let Some(reference) = reference {
            let candidates = fit_pinned(reference - 1..=reference + 1, Some((m, d)), &c.pinned);
            let candidates = if candidates.is_empty() {
                vec![reference - 1, reference, reference + 1]
            } else {
                candidates
            };
            let floor = latest_full.map(|(date, _, _)| *date);
            // The earliest candidate not before the latest date the text states; else the
            // candidate nearest the reference year.
            let pick = candidates
                .iter()
                .filter_map(|&y| NaiveDate::from_ymd_opt(y, m, d))
                .filter(|date| floor.is_none_or(|f| *date >= f))
                .min()
                .or_else(|| {
                    candidates
                        .iter()
                        .min_by_key(|&&y| (y - reference).abs())
                        .and_then(|&y| NaiveDate::from_ymd_opt(y, m, d))
                })?;
            let (why, confidence) = match (c.latest_year, floor) {
                (Some(_), Some(f)) => (
                    format!("year from the dates the text gives (latest {f})"),
                    0.7,
                ),
                (Some(y), None) => (
                    format!("year from the years the text names (latest {y})"),
                    0.6,
                ),
                _ => (format!("year from the corpus ({reference})"), 0.5),
            };
            let confidence = if c.pinned.is_empty() {
                confidence
            } else {
                confidence + 0.1
            };
            return inferred(
                pick,
                confidence,
                format!("dateline \"{written}\"; {why}{pinned_note}"),
            );
        }
        // No year anywhere: only weekday agreement could tell, and it repeats every few years.
        let mut unknown = Published::unknown();
        unknown.evidence = Some(format!("dateline \"{written}\" gives no year{pinned_note}"));
        return Some(unknown);
    }

    // The first full date the text states: a byline or lead date comes early, while page
    // furniture (crawl stamps, copyright years, cookie expiry) and later events come after.
    // Near the top of the text it is more often the publication date.
    if let Some((date, written, at)) = c.full_dates.first() {
        let (confidence, place) = if *at < 400 {
            (0.5, "near the top")
        } else {
            (0.3, "further down")
        };
        return inferred(
            *date,
            confidence,
            format!("first date the text gives ({place}): \"{written}\""),
        );
    }
    if let (Some(reference), Some((m, d, w, written))) = (reference, c.pinned.last()) {
        let years = fit_pinned(
            reference - 1..=reference + 1,
            None,
            &[(*m, *d, *w, written.clone())],
        );
        if let [y] = years[..] {
            let date = NaiveDate::from_ymd_opt(y, *m, *d)?;
            return inferred(
                date,
                0.3,
                format!("date the text gives: \"{written}\", weekday fits {y}"),
            );
        }
    }
    None
}

/// The most common year among the publication dates of a corpus, for
/// [`infer_publication`]'s `corpus_year`. Only dates the sources state count: an inferred
/// date must not vote for the year that inferred it.
pub fn corpus_year(
    dates: impl IntoIterator<Item = (DateSource, Option<DateValue>)>,
) -> Option<i32> {
    let mut counts = std::collections::BTreeMap::<i32, usize>::new();
    for (source, value) in dates {
        if let (Some(v), false) = (value, source == DateSource::Inferred) {
            *counts.entry(v.date().year()).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(y, n)| (n, y))
        .map(|(y, _)| y)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rashomon_model::Span;

    fn dateline(text: &str, written: &str, month: u32, day: u32) -> Dateline {
        let at = text.find(written).unwrap();
        Dateline {
            span: Span::new(0, at + written.len()),
            place: None,
            date: Some(Span::new(at, at + written.len())),
            year: None,
            month: Some(month),
            day: Some(day),
            agency: None,
        }
    }

    #[test]
    fn dateline_year_from_the_corpus_and_weekday() {
        let text =
            "MOSCOW, May 31. /TASS/. The ministry said that on Thursday, May 25, a column left.";
        let dl = dateline(text, "May 31", 5, 31);
        let p = infer_publication(text, Some(&dl), Some(2017)).unwrap();
        assert_eq!(p.value.unwrap().to_string(), "2017-05-31");
        assert_eq!(p.source, DateSource::Inferred);
        assert!(p.evidence.as_deref().unwrap().contains("Thursday, May 25"));
        // Without a year anywhere, no date is made up; the evidence says why.
        let p = infer_publication(text, Some(&dl), None).unwrap();
        assert!(p.value.is_none());
        assert!(p.evidence.unwrap().contains("no year"));
    }

    #[test]
    fn dateline_year_from_the_text() {
        let text = "GENEVA, Jan. 5 (Reuters) - Talks that began on December 12, 2016 resumed.";
        let dl = dateline(text, "Jan. 5", 1, 5);
        let p = infer_publication(text, Some(&dl), None).unwrap();
        assert_eq!(p.value.unwrap().to_string(), "2017-01-05");
    }

    #[test]
    fn first_stated_date_without_dateline() {
        let text =
            "The fighters left Raqqa on 13 October 2017. Talks had begun on 10 October 2017.";
        let p = infer_publication(text, None, None).unwrap();
        assert_eq!(p.value.unwrap().to_string(), "2017-10-13");
        assert!(p.confidence <= 0.5);
        assert!(p.evidence.unwrap().contains("first date"));
    }

    #[test]
    fn nothing_to_go_on() {
        assert!(infer_publication("The fighters left on Thursday.", None, None).is_none());
    }
}
