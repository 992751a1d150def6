//! The pile-wide step of date inference: a year for datelines that give only day and month.

use rashomon_model::AnnotatedDocument;
use rashomon_time::infer::PileHint;

/// Completes publication dates that the text alone could not give (a dateline's "May 31"
/// with no year) with what the pile says of its dates — the year nearest the middle of the
/// well-founded publication dates of its other articles — and re-resolves those documents'
/// timexes, inside the writer's transaction: only the documents without a date are read back.
/// Returns how many dates were completed.
pub(crate) fn complete_in_store(
    writer: &crate::store::Writer<'_>,
) -> Result<usize, crate::StoreError> {
    let hint = rashomon_time::infer::pile_hint(writer.publication_dates()?);
    let mut completed = 0;
    for mut stored in writer.undated()? {
        let doc = &mut stored.doc;
        let mut changed = false;
        if let Some(hint) = &hint {
            if needs_year(doc) && complete_with_pile(doc, hint) {
                completed += 1;
                changed = true;
            } else {
                changed |= complete_timex_years(doc, hint) > 0;
            }
        }
        if !doc.document.published.is_known() {
            changed |= anchor_weekdays(doc, hint.as_ref()) > 0;
        }
        if changed {
            writer.update_dates(stored.seq, doc)?;
        }
    }
    Ok(completed)
}

/// How far from the article's latest stated day a bare weekday is placed, at most, on either
/// side: a week has one such day in this reach.
const WEEKDAY_REACH: i64 = 3;

/// The longest stretch of the pile's publication dates (last − first, in days) within which an
/// undated article's weekdays are placed when the article states no day of its own: the
/// stretch then holds each weekday once at most.
const PILE_WEEK_SPAN: i64 = 4;

/// How far the day that places an undated article's weekdays may lie from the pile's
/// well-founded publication dates, when it has some.
const ANCHOR_REACH: i64 = 7;

/// Gives the bare weekdays of an undated document ("on Tuesday", `XXXX-WXX-2`) a day: the one
/// nearest the latest day a sentence of the document states in full as its own ("on February
/// 3, 2015", or a year-less date the pile completed; not a reference point such as "after
/// Sept. 11, 2001"). A news article reports its latest days, and its weekdays name
/// days of the same week. A latest day far from the pile's own dates is background ("since
/// the April 20 explosion" in June's news) and places nothing. With no day stated, a weekday
/// is placed among the days from the first to the last the pile's dated articles came out on,
/// when it falls there once (a pile published over a few days); else it stays unknown.
/// Marked [`TimexAnchor::Pile`](rashomon_model::TimexAnchor::Pile) (inferred, not read).
/// Returns how many were placed.
pub fn anchor_weekdays(doc: &mut AnnotatedDocument, pile: Option<&PileHint>) -> usize {
    use chrono::Datelike;
    // The days sentences tell events on (their own days): not reference points ("the first
    // trading day after Sept. 11, 2001", "since May 3") nor background.
    let latest = rashomon_timeline::DocDates::of(doc)
        .units
        .iter()
        .filter_map(|u| u.event_day)
        .max()
        .filter(|&d| pile.is_none_or(|p| p.distance(d) <= ANCHOR_REACH));
    // The days a weekday may name: the week around the article's latest day; without one,
    // the days from the first to the last the pile's dated articles came out on, when those
    // are few enough that a weekday falls in them once at most.
    let days: Vec<chrono::NaiveDate> = match (latest, pile) {
        (Some(latest), _) => (-WEEKDAY_REACH..=WEEKDAY_REACH)
            .filter_map(|offset| latest.checked_add_signed(chrono::Duration::days(offset)))
            .collect(),
        (None, Some(PileHint::Dates(dates))) => {
            let (Some(first), Some(last)) = (dates.first(), dates.last()) else {
                return 0;
            };
            if (*last - *first).num_days() > PILE_WEEK_SPAN {
                return 0;
            }
            first.iter_days().take_while(|d| d <= last).collect()
        }
        (None, _) => return 0,
    };
    let mut placed = 0;
    for t in &mut doc.layers.timexes {
        let Some(w) = t
            .value
            .strip_prefix("XXXX-WXX-")
            .and_then(|w| w.parse::<u32>().ok())
            .filter(|w| (1..=7).contains(w))
        else {
            continue;
        };
        let day = days.iter().find(|d| d.weekday().number_from_monday() == w);
        if let Some(day) = day {
            t.value = day.format("%Y-%m-%d").to_string();
            t.anchor = rashomon_model::TimexAnchor::Pile;
            placed += 1;
        }
    }
    placed
}

/// Gives the year-less dates of an undated document ("On 13 October", `XXXX-10-13`) the year
/// that puts them nearest the middle of the pile's dates, among the years around it where the
/// weekday the text gives with them ("Thursday, May 25") fits; marked
/// [`TimexAnchor::Pile`](rashomon_model::TimexAnchor::Pile). Returns how many were completed.
pub fn complete_timex_years(doc: &mut AnnotatedDocument, hint: &PileHint) -> usize {
    use chrono::Datelike;
    if doc.document.published.is_known() {
        return 0;
    }
    let text = &doc.document.text;
    let mut completed = 0;
    for t in &mut doc.layers.timexes {
        let Some(rest) = t.value.strip_prefix("XXXX-") else {
            continue;
        };
        let (Some(month), Some(day)) = (
            rest.get(..2).and_then(|m| m.parse::<u32>().ok()),
            rest.get(3..5).and_then(|d| d.parse::<u32>().ok()),
        ) else {
            continue;
        };
        if rest.len() != 5 || rest.as_bytes()[2] != b'-' {
            continue;
        }
        let weekday = weekday_in(&text[t.span.range()]);
        // An event the article reports may lie well before its publication, but not years.
        let best = hint
            .place(month, day, |d| weekday.is_none_or(|w| d.weekday() == w))
            .filter(|&(_, distance)| distance <= REACH_DAYS)
            .map(|(d, _)| d);
        if let Some(date) = best {
            t.value = date.format("%Y-%m-%d").to_string();
            t.anchor = rashomon_model::TimexAnchor::Pile;
            completed += 1;
        }
    }
    completed
}

/// How far from the nearest well-founded date of the pile a year-less date may be placed.
const REACH_DAYS: i64 = 183;

/// The weekday an expression names ("Thursday, May 25"), if any.
fn weekday_in(expression: &str) -> Option<chrono::Weekday> {
    use chrono::Weekday::*;
    let lower = expression.to_lowercase();
    [
        ("monday", Mon),
        ("tuesday", Tue),
        ("wednesday", Wed),
        ("thursday", Thu),
        ("friday", Fri),
        ("saturday", Sat),
        ("sunday", Sun),
    ]
    .into_iter()
    .find(|(name, _)| lower.contains(name))
    .map(|(_, w)| w)
}

/// Whether a document without a date needs the pile's year to get one (its dateline gives
/// day and month).
pub fn needs_year(doc: &AnnotatedDocument) -> bool {
    !doc.document.published.is_known()
        && doc
            .layers
            .dateline
            .as_ref()
            .is_some_and(|d| d.month.is_some() && d.day.is_some())
}

/// Infers `doc`'s publication date with the pile's year; on success re-resolves its timexes
/// (when it has that layer) and returns true.
pub fn complete_with_year(doc: &mut AnnotatedDocument, year: i32) -> bool {
    complete_with_pile(doc, &PileHint::Year(year))
}

/// Infers `doc`'s publication date with what the pile says of its dates; on success
/// re-resolves its timexes (when it has that layer) and returns true. A document that stays
/// undated keeps the bounds and evidence found.
pub fn complete_with_pile(doc: &mut AnnotatedDocument, hint: &PileHint) -> bool {
    if doc.document.published.is_known() {
        return false;
    }
    let text = &doc.document.text;
    let inferred = rashomon_time::infer::infer_publication_in(
        text,
        doc.layers.dateline.as_ref(),
        Some(hint.clone()),
    );
    match inferred.filter(|p| p.is_known()) {
        Some(p) => {
            doc.document.published = p;
            if !doc.layers.timexes.is_empty() {
                doc.layers.timexes = rashomon_time::tag_document(&doc.document, &doc.layers);
            }
            true
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rashomon_model::{Document, Layers, Span, Timex, TimexAnchor, TimexType};

    #[test]
    fn year_less_dates_take_the_pile_year_and_the_weekday() {
        let text = "On 13 October the fighters left. On Thursday, May 25 a column left.";
        let mut layers = Layers::default();
        for (written, value) in [
            ("13 October", "XXXX-10-13"),
            ("Thursday, May 25", "XXXX-05-25"),
        ] {
            let at = text.find(written).unwrap();
            layers.timexes.push(Timex {
                span: Span::new(at, at + written.len()),
                kind: TimexType::Date,
                value: value.into(),
                anchor: TimexAnchor::Dct,
                modifier: None,
            });
        }
        let mut doc = AnnotatedDocument {
            document: Document::from_text("x.txt", None, text.into()),
            layers,
        };
        let around = chrono::NaiveDate::from_ymd_opt(2017, 10, 20).unwrap();
        assert_eq!(
            complete_timex_years(&mut doc, &PileHint::Dates(vec![around])),
            2
        );
        let values: Vec<&str> = doc
            .layers
            .timexes
            .iter()
            .map(|t| t.value.as_str())
            .collect();
        // 25 May was a Thursday in 2017, not in 2016 or 2018.
        assert_eq!(values, vec!["2017-10-13", "2017-05-25"]);
        assert!(doc
            .layers
            .timexes
            .iter()
            .all(|t| t.anchor == TimexAnchor::Pile));
    }

    /// An undated document of `text` whose timexes are `(written, value)`, in text order.
    fn undated_with(text: &str, timexes: &[(&str, &str)]) -> AnnotatedDocument {
        let timexes = timexes
            .iter()
            .map(|(written, value)| {
                let at = text.find(written).unwrap();
                Timex {
                    span: Span::new(at, at + written.len()),
                    kind: TimexType::Date,
                    value: (*value).into(),
                    anchor: TimexAnchor::Dct,
                    modifier: None,
                }
            })
            .collect();
        let document = Document::from_text("x.txt", None, text.into());
        let layers = Layers {
            timexes,
            ..rashomon_text::annotate(&document)
        };
        AnnotatedDocument { document, layers }
    }

    #[test]
    fn bare_weekdays_take_the_week_of_the_latest_stated_day_unless_it_is_background() {
        let text = "Photo taken on February 3, 2015. The king met Obama on Wednesday. \
                    The pilot was shown on Tuesday; the strikes came on Thursday.";
        let undated = undated_with(
            text,
            &[
                ("February 3, 2015", "2015-02-03"),
                ("Wednesday", "XXXX-WXX-3"),
                ("Tuesday", "XXXX-WXX-2"),
                ("Thursday", "XXXX-WXX-4"),
            ],
        );
        let values = |doc: &AnnotatedDocument| -> Vec<String> {
            doc.layers.timexes.iter().map(|t| t.value.clone()).collect()
        };

        // No other article has a date: 3 February 2015 (a Tuesday) places the week.
        let mut doc = undated.clone();
        assert_eq!(anchor_weekdays(&mut doc, None), 3);
        assert_eq!(
            values(&doc),
            ["2015-02-03", "2015-02-04", "2015-02-03", "2015-02-05"]
        );
        assert_eq!(doc.layers.timexes[1].anchor, TimexAnchor::Pile);

        // The pile's articles came out on Tuesday 16 June: February is background, and only
        // the Tuesday falls on a day the pile's articles came out on.
        let mut doc = undated.clone();
        let june = chrono::NaiveDate::from_ymd_opt(2015, 6, 16).unwrap();
        assert_eq!(
            anchor_weekdays(&mut doc, Some(&PileHint::Dates(vec![june]))),
            1
        );
        assert_eq!(
            values(&doc),
            ["2015-02-03", "XXXX-WXX-3", "2015-06-16", "XXXX-WXX-4"]
        );
    }

    #[test]
    fn without_a_stated_day_weekdays_fall_among_the_pile_days_if_once() {
        let text = "Scientists said on Thursday the well leaks more. On Monday it began.";
        let undated = undated_with(
            text,
            &[("Thursday", "XXXX-WXX-4"), ("Monday", "XXXX-WXX-1")],
        );
        let day = |d: u32| chrono::NaiveDate::from_ymd_opt(2010, 5, d).unwrap();
        // Published Wednesday 26 to Friday 28 May 2010: Thursday is the 27th; Monday is not
        // among those days, so it stays unknown.
        let mut doc = undated.clone();
        let pile = PileHint::Dates(vec![day(26), day(28)]);
        assert_eq!(anchor_weekdays(&mut doc, Some(&pile)), 1);
        assert_eq!(doc.layers.timexes[0].value, "2010-05-27");
        assert_eq!(doc.layers.timexes[1].value, "XXXX-WXX-1");
        // Published over two weeks: a weekday could be either of two days, none is placed.
        let mut doc = undated.clone();
        let pile = PileHint::Dates(vec![day(12), day(26)]);
        assert_eq!(anchor_weekdays(&mut doc, Some(&pile)), 0);
    }

    #[test]
    fn a_reference_point_places_no_weekday() {
        let text = "Stocks fell the most since the day after Sept. 11, 2001. \
                    Lawmakers met on Monday.";
        let mut doc = undated_with(
            text,
            &[("Sept. 11, 2001", "2001-09-11"), ("Monday", "XXXX-WXX-1")],
        );
        assert_eq!(anchor_weekdays(&mut doc, None), 0);
        assert_eq!(doc.layers.timexes[1].value, "XXXX-WXX-1");
    }
}
