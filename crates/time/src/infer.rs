//! Publication dates for documents that do not state one, inferred from what the text says.
//!
//! A wrong date is worse than none, so evidence is ranked and only strong evidence gives a
//! value:
//!
//! 1. **The page's own marks** in the opening lines: a date in the page's address
//!    (`…/2007-04-09-office-shooting.htm`, `…/2013/03/11/…`), and date stamps — a date that a
//!    line gives alone or with stamp words and a clock time (`Published: April 10, 2007`,
//!    `Updated 4/9/2007 6:04 PM`, `Thu Jun 17, 2010 5:18 pm EDT`, `This article was amended
//!    on 16 June 2010`). The earliest stamp wins (posted before updated).
//! 2. **The dateline** (`MOSCOW, May 31. /TASS/.`): its year, when it gives none, from the
//!    pile (the date nearest the dates the pile's other articles were published), else from the
//!    latest full date the text reports, when that is recent enough to fix it and a weekday
//!    agrees ("Thursday, May 25"; "on Wednesday" in the lead for the dateline's own day).
//!
//! Everything else — a full date in the lead or further down the text, a weekday's date
//! ("Sunday May 31", which fits one year of the pile's), a year the text names — is an event
//! the article reports, not its day (on Timeline17, taking the lead's full date as the
//! publication date was more than a day off for one in five articles): the date is left
//! unknown, with the bounds the text proves (never earlier than the latest event it reports as
//! past, never later than one it announces).

use chrono::{Datelike, NaiveDate};
use rashomon_model::{DateSource, DateValue, Dateline, Published};

use crate::calendar::weekday_number;
use crate::grammar::{Dir, Grammar, Sem};
use crate::scan::{scan, Tok};

/// The opening lines of a text, where a page's furniture (address, stamps) and the dateline
/// sit: this many non-blank lines, and no further than [`OPENING_BYTES`].
const OPENING_LINES: usize = 12;
const OPENING_BYTES: usize = 2_500;

/// A full date the text states.
#[derive(Debug, Clone)]
struct FullDate {
    date: NaiveDate,
    written: String,
    start: usize,
    end: usize,
    /// The tense of its sentence: reported as past, announced as coming, or not marked.
    tense: Option<Dir>,
}

/// What the text says about its own date, collected once.
#[derive(Debug, Default)]
struct Clues {
    full_dates: Vec<FullDate>,
    /// Day and month written beside a weekday ("Thursday, May 25"): only some years fit.
    pinned: Vec<(u32, u32, u32, String)>,
    /// Where each pinned mention starts and ends.
    pinned_at: Vec<(usize, usize)>,
    /// Weekdays named alone ("on Wednesday"), with where they start.
    weekdays: Vec<(u32, usize)>,
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
            let start = toks[f.start].start as usize;
            match (year, month, day, weekday) {
                (Some(y), Some(m), Some(d), _) => {
                    if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
                        c.full_dates.push(FullDate {
                            date,
                            written: surface(),
                            start,
                            end: toks[f.end - 1].end as usize,
                            tense: crate::resolve::tense(text, &toks, f.start, f.end),
                        });
                    }
                }
                (None, Some(m), Some(d), Some(w)) => {
                    c.pinned.push((m, d, w, surface()));
                    c.pinned_at.push((start, toks[f.end - 1].end as usize));
                }
                (None, None, None, Some(w)) => c.weekdays.push((w, start)),
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

/// A line of the text: byte range without its line break.
fn opening_lines(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        if line.trim().is_empty() {
            continue;
        }
        if out.len() >= OPENING_LINES || start >= OPENING_BYTES {
            break;
        }
        out.push((start, start + line.trim_end().len()));
    }
    out
}

/// Words that stamp a date as the page's own ("Published:", "Last updated", "amended on").
const STAMP_WORDS: &[&str] = &[
    "posted",
    "published",
    "updated",
    "last",
    "first",
    "modified",
    "created",
    "date",
    "dated",
    "on",
    "at",
    "this",
    "article",
    "story",
    "page",
    "was",
    "amended",
    "edited",
    "filed",
    "released",
    "issued",
    "time",
    "and",
];

/// Time zones and half-day marks that follow a clock time in a stamp.
const CLOCK_WORDS: &[&str] = &[
    "am", "pm", "a", "p", "m", "gmt", "utc", "bst", "cet", "cest", "est", "edt", "cst", "cdt",
    "mst", "mdt", "pst", "pdt", "et", "pt", "ct", "hkt", "msk", "ist", "eet", "eest",
];

/// A weekday's name or abbreviation ("Wednesday", "Wed", "Thurs"), as the tagger's lexicon
/// knows them.
fn weekday_word(w: &str) -> bool {
    !w.is_empty()
        && matches!(
            crate::lexicon::classify(w.as_bytes()),
            crate::lexicon::Lex::Weekday(_) | crate::lexicon::Lex::WeekdayAbbr(_)
        )
}

/// A weekday's or a month's name or abbreviation.
fn calendar_word(w: &str) -> bool {
    weekday_word(w)
        || !w.is_empty()
            && matches!(
                crate::lexicon::classify(w.as_bytes()),
                crate::lexicon::Lex::Month(_) | crate::lexicon::Lex::MonthAbbr(_)
            )
}

fn words_lower(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether `after` (the rest of a line after a date) is a stamp's tail: nothing, or a clock
/// time with its zone ("7:59 pm EDT", "18.39 BST", "- 7: 07AM", ", 02: 24 GMT").
fn stamp_tail(after: &str) -> bool {
    let rest = after.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, ',' | '-' | '|' | '–' | '—' | '.')
    });
    let rest = rest.strip_prefix("at ").unwrap_or(rest);
    if rest.trim().is_empty() {
        return true;
    }
    clock_then_words(rest).is_some_and(|tail| {
        let words = words_lower(tail);
        words.iter().all(|w| {
            calendar_word(w)
                || [CLOCK_WORDS, STAMP_WORDS]
                    .iter()
                    .any(|list| list.contains(&w.as_str()))
        })
    }) || clock_then_words(rest).is_some() && !rest.contains(char::is_lowercase)
}

/// A clock time at the start of `s` ("7:59", "18.39", "6: 04"): the rest after it.
fn clock_then_words(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    if !(1..=2).contains(&i) {
        return None;
    }
    if !matches!(b.get(i), Some(b':' | b'.')) {
        return None;
    }
    i += 1;
    while b.get(i) == Some(&b' ') {
        i += 1;
    }
    let m = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    (i - m == 2).then(|| &s[i..])
}

/// Whether `before` (the line before a date) leaves the date standing as a stamp: nothing but
/// stamp words, weekday names, a place and separator ("HOUSTON |"), or a clock.
fn stamp_head(before: &str) -> bool {
    let trimmed = before.trim_end();
    if trimmed.ends_with(['|', '•', '·']) {
        return true;
    }
    words_lower(before).iter().all(|w| {
        STAMP_WORDS.contains(&w.as_str()) || weekday_word(w) || CLOCK_WORDS.contains(&w.as_str())
    })
}

/// A page stamp: a date standing as the page's own in its line.
fn is_stamp(text: &str, line: (usize, usize), start: usize, end: usize) -> bool {
    let before = &text[line.0..start];
    let after = &text[end.min(line.1)..line.1];
    (stamp_head(before) && stamp_tail(after))
        || (clock_then_words(
            after.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '-')),
        )
        .is_some_and(|tail| {
            let words = words_lower(tail);
            words
                .first()
                .is_some_and(|w| CLOCK_WORDS.contains(&w.as_str()))
        }))
}

/// A date in a web address standing alone on a line (`http: / / site. com / 2013 / 03 / 11 /
/// …`, tokenised or not): `/YYYY-MM-DD`, `/YYYY/MM/DD/`, `/YYYYMMDD`.
fn address_date(line: &str) -> Option<NaiveDate> {
    let squeezed: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let lower = squeezed.to_ascii_lowercase();
    if !(lower.starts_with("http") || lower.starts_with("www.")) || squeezed.len() > 400 {
        return None;
    }
    let b = squeezed.as_bytes();
    let num = |i: usize, n: usize| -> Option<u32> {
        let s = b.get(i..i + n)?;
        s.iter()
            .all(u8::is_ascii_digit)
            .then(|| std::str::from_utf8(s).ok()?.parse().ok())
            .flatten()
    };
    for (i, _) in squeezed.match_indices('/') {
        let Some(y) = num(i + 1, 4).filter(|y| (1990..=2100).contains(y)) else {
            continue;
        };
        let j = i + 5;
        let sep = b.get(j).copied();
        let (m, d, end) = match sep {
            Some(s @ (b'-' | b'/' | b'_')) => {
                let Some(m) = num(j + 1, 2) else { continue };
                if b.get(j + 3) != Some(&s) {
                    continue;
                }
                let Some(d) = num(j + 4, 2) else { continue };
                (m, d, j + 6)
            }
            _ => match (num(j, 2), num(j + 2, 2)) {
                (Some(m), Some(d)) => (m, d, j + 4),
                _ => continue,
            },
        };
        // The day must end there: "/2007/04/091234" is an id, not a date.
        if b.get(end).is_some_and(u8::is_ascii_digit) {
            continue;
        }
        if let Some(date) = NaiveDate::from_ymd_opt(y as i32, m, d) {
            return Some(date);
        }
    }
    None
}

/// Numeric dates with slashes in a line ("4 / 9 / 2007", "11/28/05"): the date, when the order
/// of day and month is certain (one of them above 12, or both equal), and where it sits.
fn slash_dates(line: &str) -> Vec<(NaiveDate, usize, usize)> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    // Reads digits at `i`, then optional spaces, '/', optional spaces.
    let digits = |i: usize| -> (usize, u32) {
        let mut k = i;
        while k < b.len() && b[k].is_ascii_digit() && k - i < 5 {
            k += 1;
        }
        let v = line[i..k].parse().unwrap_or(0);
        (k - i, v)
    };
    let slash = |mut k: usize| -> Option<usize> {
        while b.get(k) == Some(&b' ') {
            k += 1;
        }
        (b.get(k) == Some(&b'/')).then_some(())?;
        k += 1;
        while b.get(k) == Some(&b' ') {
            k += 1;
        }
        Some(k)
    };
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && (b[i - 1].is_ascii_digit() || b[i - 1] == b'/')) {
            i += 1;
            continue;
        }
        let (n1, a) = digits(i);
        let parsed = (|| {
            if !(1..=2).contains(&n1) {
                return None;
            }
            let j = slash(i + n1)?;
            let (n2, c) = digits(j);
            if !(1..=2).contains(&n2) {
                return None;
            }
            let k = slash(j + n2)?;
            let (n3, y) = digits(k);
            let end = k + n3;
            if b.get(end).is_some_and(|x| x.is_ascii_digit() || *x == b'/') {
                return None;
            }
            let year = match n3 {
                4 => y as i32,
                2 if y < 50 => 2000 + y as i32,
                2 => 1900 + y as i32,
                _ => return None,
            };
            let (m, d) = match (a, c) {
                (a, c) if a > 12 && c <= 12 => (c, a),
                (a, c) if c > 12 && a <= 12 => (a, c),
                (a, c) if a == c => (a, c),
                _ => return None,
            };
            Some((NaiveDate::from_ymd_opt(year, m, d)?, end))
        })();
        match parsed {
            Some((date, end)) => {
                out.push((date, i, end));
                i = end;
            }
            None => i += n1.max(1),
        }
    }
    out
}

/// The page's own marks in the opening lines: the earliest (date, confidence, evidence), and
/// where the full dates that are stamps start (they are no events of the text).
fn page_marks(text: &str, c: &Clues) -> (Option<(NaiveDate, f32, String)>, Vec<usize>) {
    let lines = opening_lines(text);
    let mut marks: Vec<(NaiveDate, f32, String)> = Vec::new();
    let mut stamps = Vec::new();
    for &(ls, le) in &lines {
        let line = &text[ls..le];
        if let Some(date) = address_date(line) {
            marks.push((
                date,
                0.8,
                format!("the page's address: \"{}\"", line.trim()),
            ));
            continue;
        }
        for f in c.full_dates.iter().filter(|f| f.start >= ls && f.end <= le) {
            if is_stamp(text, (ls, le), f.start, f.end) {
                stamps.push(f.start);
                marks.push((f.date, 0.75, format!("date stamp: \"{}\"", line.trim())));
            }
        }
        // "Sunday, November 27 - 2005 at 16:12": a weekday's date and, apart, its year.
        for (&(m, d, w, _), &(s, e)) in c.pinned.iter().zip(&c.pinned_at) {
            if s < ls || e > le {
                continue;
            }
            let after = &text[e..le];
            let rest = after.trim_start_matches([' ', ',', '-', '–', '—']);
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            let Some(year) = (digits == 4)
                .then(|| rest[..4].parse::<i32>().ok())
                .flatten()
            else {
                continue;
            };
            let year_end = le - rest.len() + 4;
            let fits = NaiveDate::from_ymd_opt(year, m, d).filter(|x| weekday_number(*x) == w);
            if let Some(date) = fits.filter(|_| is_stamp(text, (ls, le), s, year_end)) {
                marks.push((date, 0.7, format!("date stamp: \"{}\"", line.trim())));
            }
        }
        for (date, s, e) in slash_dates(line) {
            if is_stamp(text, (ls, le), ls + s, ls + e) {
                marks.push((date, 0.7, format!("date stamp: \"{}\"", line.trim())));
            }
        }
    }
    (marks.into_iter().min_by_key(|m| m.0), stamps)
}

/// The first prose line of the opening (a line of a dozen words or more): the lead.
fn lead(text: &str) -> Option<(usize, usize)> {
    opening_lines(text)
        .into_iter()
        .find(|&(s, e)| text[s..e].split_whitespace().count() >= 12)
}

/// What the text proves of its date: never earlier than the latest date it reports (news
/// reports the past unless its wording looks forward), never later than the earliest it
/// announces as coming.
fn bounds(c: &Clues, stamps: &[usize]) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let not_before = c
        .full_dates
        .iter()
        .filter(|f| f.tense != Some(Dir::Future) && !stamps.contains(&f.start))
        .map(|f| f.date)
        .max();
    let not_after = c
        .full_dates
        .iter()
        .filter(|f| f.tense == Some(Dir::Future))
        .map(|f| f.date)
        .min()
        .filter(|a| not_before.is_none_or(|b| b <= *a));
    (not_before, not_after)
}

/// What the pile says of when its articles were published, for [`infer_publication_in`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PileHint {
    /// Only the year most of the pile was published in.
    Year(i32),
    /// The well-founded publication dates of the pile's articles, sorted (a pile may hold
    /// stories years apart: a date is placed near one of them, not near their middle).
    Dates(Vec<NaiveDate>),
}

/// How far from the nearest well-founded date of the pile a dateline's date may fall.
pub const PILE_REACH_DAYS: i64 = 62;

impl PileHint {
    /// The pile's years, and the years either side of them.
    fn years(&self) -> Vec<i32> {
        let mut years: Vec<i32> = match self {
            PileHint::Year(y) => vec![y - 1, *y, y + 1],
            PileHint::Dates(dates) => dates
                .iter()
                .flat_map(|d| [d.year() - 1, d.year(), d.year() + 1])
                .collect(),
        };
        years.sort_unstable();
        years.dedup();
        years
    }

    /// Days from `date` to the nearest of the pile's dates (to the first of July, when only
    /// the year is known).
    pub fn distance(&self, date: NaiveDate) -> i64 {
        match self {
            PileHint::Year(y) => {
                let mid = NaiveDate::from_ymd_opt(*y, 7, 1).expect("the first of July is a date");
                (date - mid).num_days().abs()
            }
            PileHint::Dates(dates) => {
                let k = dates.partition_point(|d| *d < date);
                [k.checked_sub(1), Some(k)]
                    .into_iter()
                    .flatten()
                    .filter_map(|i| dates.get(i))
                    .map(|d| (date - *d).num_days().abs())
                    .min()
                    .unwrap_or(i64::MAX)
            }
        }
    }

    /// Of the dates (month, day) gives in the pile's years where `fits` holds, the one nearest
    /// the pile's dates, with its distance.
    pub fn place(
        &self,
        month: u32,
        day: u32,
        fits: impl Fn(NaiveDate) -> bool,
    ) -> Option<(NaiveDate, i64)> {
        self.years()
            .into_iter()
            .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
            .filter(|d| fits(*d))
            .map(|d| (d, self.distance(d)))
            .min_by_key(|&(d, n)| (n, d))
    }
}

/// Infers a publication date from the text. `dateline` is the document's dateline layer;
/// `corpus_year` the year most documents of the same corpus were published in, if known.
///
/// Returns `None` when the text offers nothing; a `Published` with no value but with evidence
/// (and bounds) when it offers only partial or weak evidence.
pub fn infer_publication(
    text: &str,
    dateline: Option<&Dateline>,
    corpus_year: Option<i32>,
) -> Option<Published> {
    infer_publication_in(text, dateline, corpus_year.map(PileHint::Year))
}

/// [`infer_publication`] with what the pile says of its dates.
pub fn infer_publication_in(
    text: &str,
    dateline: Option<&Dateline>,
    pile: Option<PileHint>,
) -> Option<Published> {
    let c = clues(text);
    let (mark, stamps) = page_marks(text, &c);
    let (not_before, not_after) = bounds(&c, &stamps);
    let with_bounds = |mut p: Published| {
        p.not_before = not_before;
        p.not_after = not_after;
        Some(p)
    };
    let inferred = |date: NaiveDate, confidence: f32, evidence: String| {
        Some(
            Published::known(DateValue::Date(date), DateSource::Inferred, confidence)
                .with_evidence(evidence),
        )
    };
    // A value the text contradicts (an event it reports comes later) is no value; the page's
    // own marks yield only to a date reported in the past tense.
    let contradicted = |date: NaiveDate| not_before.is_some_and(|b| date < b);
    let past = c
        .full_dates
        .iter()
        .filter(|f| f.tense == Some(Dir::Past) && !stamps.contains(&f.start))
        .map(|f| f.date)
        .max();

    // 1. The page's own marks.
    if let Some((date, confidence, evidence)) = mark {
        if past.is_none_or(|b| date >= b) {
            return inferred(date, confidence, evidence);
        }
    }

    // 2. The dateline's day and month.
    let dateline_day =
        dateline.and_then(|d| Some((d.month?, d.day?, &text[d.date.unwrap_or(d.span).range()])));
    if let Some((m, d, written)) = dateline_day {
        let mut notes = Vec::new();
        if !c.pinned.is_empty() {
            let names: Vec<&str> = c.pinned.iter().map(|p| p.3.as_str()).collect();
            notes.push(format!("weekday agrees with {}", names.join(", ")));
        }
        let lead_weekdays: Vec<u32> = lead(text)
            .map(|(s, e)| {
                c.weekdays
                    .iter()
                    .filter(|(_, at)| (s..e).contains(at))
                    .map(|(w, _)| *w)
                    .collect()
            })
            .unwrap_or_default();
        // Candidate years and why: the pile's, else the latest past date the text reports.
        let chosen = if let Some(pile) = &pile {
            // Weekday agreement first ("Thursday, May 25" fits only some years), then the
            // date nearest the pile's own; a pile of dated articles must have one near it.
            let pinned_fit = |date: NaiveDate| {
                c.pinned.is_empty()
                    || fit_pinned(std::iter::once(date.year()), Some((m, d)), &c.pinned).len() == 1
            };
            pile.place(m, d, |date| !contradicted(date) && pinned_fit(date))
                .filter(|&(_, distance)| {
                    matches!(pile, PileHint::Year(_)) || distance <= PILE_REACH_DAYS
                })
                .map(|(date, distance)| {
                    let why = match pile {
                        PileHint::Year(y) => format!("year from the pile ({y})"),
                        PileHint::Dates(_) => format!(
                            "year from the pile (an article of it dated {distance} day(s) away)"
                        ),
                    };
                    (date, 0.6f32, why)
                })
        } else if let Some(floor) = not_before {
            // The first (month, day) on or after the latest date the text reports: taken only
            // when it follows within half a year and a weekday agrees (the lead names the
            // dateline's weekday, or a "Thursday, May 25" fits): an old background date ("the
            // Sept. 11, 2001 attacks") must not fix the year of today's story.
            [floor.year(), floor.year() + 1]
                .iter()
                .filter_map(|&y| NaiveDate::from_ymd_opt(y, m, d))
                .find(|date| *date >= floor)
                .filter(|date| (*date - floor).num_days() <= 183)
                .filter(|date| {
                    lead_weekdays.contains(&weekday_number(*date))
                        || (!c.pinned.is_empty()
                            && fit_pinned(std::iter::once(date.year()), Some((m, d)), &c.pinned)
                                .len()
                                == 1)
                })
                .map(|date| {
                    (
                        date,
                        0.6,
                        format!("year from the latest date the text reports ({floor})"),
                    )
                })
        } else {
            None
        };
        if let Some((date, mut confidence, why)) = chosen {
            if lead_weekdays.contains(&weekday_number(date)) {
                notes.push(format!("the lead's weekday is {}", date.weekday()));
                confidence += 0.1;
            }
            if !c.pinned.is_empty() {
                confidence += 0.1;
            }
            let notes = if notes.is_empty() {
                String::new()
            } else {
                format!("; {}", notes.join("; "))
            };
            return inferred(
                date,
                confidence.min(0.8),
                format!("dateline \"{written}\"; {why}{notes}"),
            );
        }
        let mut unknown = Published::unknown();
        unknown.evidence = Some(format!(
            "dateline \"{written}\" gives no year and nothing fixes one"
        ));
        return with_bounds(unknown);
    }

    // Weak evidence: no value, but what the text proves.
    if not_before.is_some() || not_after.is_some() {
        let mut unknown = Published::unknown();
        let latest = c
            .full_dates
            .iter()
            .filter(|f| Some(f.date) == not_before)
            .map(|f| f.written.as_str())
            .next();
        unknown.evidence = Some(match latest {
            Some(w) => format!("no date of its own; reports \"{w}\" as past"),
            None => "no date of its own".to_string(),
        });
        return with_bounds(unknown);
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

/// What a pile says of its dates: its well-founded publication dates (stated by the source, or
/// inferred from a page mark or a dateline, confidence at least 0.6), for
/// [`infer_publication_in`].
pub fn pile_hint(
    dates: impl IntoIterator<Item = (DateSource, f32, Option<DateValue>)>,
) -> Option<PileHint> {
    let mut days: Vec<NaiveDate> = dates
        .into_iter()
        .filter(|(source, confidence, _)| *source != DateSource::Inferred || *confidence >= 0.6)
        .filter_map(|(_, _, v)| v.map(DateValue::date))
        .collect();
    if days.is_empty() {
        return None;
    }
    days.sort_unstable();
    days.dedup();
    Some(PileHint::Dates(days))
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

    fn value(p: &Option<Published>) -> Option<String> {
        p.as_ref()?.value.map(|v| v.to_string())
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
    fn dateline_year_from_the_pile_nearest_its_dates() {
        let text = "GAZA, Dec. 30 (Xinhua) -- A minister said on Sunday that the dams were opened.";
        let dl = dateline(text, "Dec. 30", 12, 30);
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let pile = PileHint::Dates(vec![day("2015-01-02")]);
        let p = infer_publication_in(text, Some(&dl), Some(pile)).unwrap();
        assert_eq!(p.value.unwrap().to_string(), "2014-12-30");
        // A pile of two stories years apart: the date goes near the story it fits, and a
        // date near neither is left unknown.
        let pile = PileHint::Dates(vec![day("2008-12-10"), day("2013-03-11")]);
        let p = infer_publication_in(text, Some(&dl), Some(pile.clone())).unwrap();
        assert_eq!(p.value.unwrap().to_string(), "2008-12-30");
        let far = "ATHENS, July 4 (Xinhua) -- A minister said that the talks failed.";
        let dl = dateline(far, "July 4", 7, 4);
        let p = infer_publication_in(far, Some(&dl), Some(pile)).unwrap();
        assert!(p.value.is_none(), "{p:?}");
    }

    #[test]
    fn dateline_year_from_the_text() {
        let text =
            "GENEVA, Jan. 5 (Reuters) - Talks that began on December 12, 2016 resumed on Thursday after they were suspended.";
        let dl = dateline(text, "Jan. 5", 1, 5);
        let p = infer_publication(text, Some(&dl), None).unwrap();
        assert_eq!(p.value.unwrap().to_string(), "2017-01-05");
    }

    #[test]
    fn an_old_date_does_not_date_a_dateline() {
        let text = "NEW YORK , Sept. 29 -- Without a bailout plan stocks fell sharply around the globe on Monday .\nThe Dow tumbled 7 percent , eclipsing the record drop after the Sept. 11 , 2001 , terrorist attacks .";
        let dl = dateline(text, "Sept. 29", 9, 29);
        let p = infer_publication(text, Some(&dl), None).unwrap();
        assert!(p.value.is_none(), "{p:?}");
        assert_eq!(p.not_before.unwrap().to_string(), "2001-09-11");
    }

    #[test]
    fn an_old_year_does_not_date_a_dateline() {
        // The only year is history: a Wednesday, Sept. 24 fits 1952 as well as 2008.
        let text = "NEW YORK , Sept. 24 -- McCain made a bet Wednesday that recalls a declaration during the 1952 campaign that he would go to Korea .";
        let dl = dateline(text, "Sept. 24", 9, 24);
        let p = infer_publication(text, Some(&dl), None).unwrap();
        assert!(p.value.is_none());
    }

    #[test]
    fn background_dates_are_bounds_not_the_date() {
        let text = "Syrian troops are pushing east.\n\nThe army advanced along the road towards the town on Thursday, officials said.\n\nOn March 2, 2017 the army retook Palmyra after heavy fighting, the ministry said.";
        let p = infer_publication(text, None, None).unwrap();
        assert!(p.value.is_none(), "{p:?}");
        assert_eq!(p.not_before.unwrap().to_string(), "2017-03-02");
    }

    #[test]
    fn a_lead_date_is_a_bound() {
        let text = "Fresh riots were reported in Greece on Saturday December 13 2008 in protest at the killing of a boy by police.";
        let p = infer_publication(text, None, None).unwrap();
        assert_eq!(p.value, None);
        assert_eq!(p.bounds_text().unwrap(), "on or after 2008-12-13");
    }

    #[test]
    fn page_marks() {
        for (text, want) in [
            ("http: / / usatoday30. usatoday. com / news / nation / 2007 - 04 - 09 - office - shooting _ N. htm\n\nA man was arrested, police said on Monday after a chase through the town.", "2007-04-09"),
            ("http://gothamist.com/2013/03/11/dozens_riot.php\nYesterday the police explained what officers did.", "2013-03-11"),
            ("Strong quake jolts Iran\n\nPosted 11 / 27 / 2005 7: 21 AM\n\nUpdated 11 / 27 / 2005 3: 41 PM\n\nAn earthquake shook the island.", "2005-11-27"),
            ("11 / 28 / 05\n\nAftershocks jolt the island\n\nThe sixth aftershock shook the island on Monday.", "2005-11-28"),
            ("Headline here\n\nPUBLISHED: WEDNESDAY, MARCH 13, 2013, 12: 38 AM\n\nText.", "2013-03-13"),
            ("HOUSTON | Wed May 26 , 2010 7:46 pm EDT HOUSTON -LRB- Reuters -RRB- - BP Plc said.", "2010-05-26"),
            ("Headline\nApril 10, 2007 - 7: 07AM\nA gunman shot three people.", "2007-04-10"),
            ("Quake\nSunday, November 27 - 2005 at 16: 12\nThe quake killed ten.", "2005-11-27"),
            ("Headline\non April 30, 2008 at 4: 31 AM, updated April 30, 2008 at 8: 33 AM\nText.", "2008-04-30"),
            ("Riots\n\nPUBLISHED: WEDNESDAY, MARCH 13, 2013, 2: 29 PM\n\nUPDATED: THURSDAY, MARCH 14, 2013, 9: 31 AM\n\nText.", "2013-03-13"),
        ] {
            assert_eq!(value(&infer_publication(text, None, None)).as_deref(), Some(want), "{text}");
        }
        // An ambiguous numeric date is no stamp; a date in prose is none either.
        assert_eq!(slash_dates("Updated 4 / 9 / 2007 6: 04 PM"), vec![]);
        assert!(address_date("Read the story at the site").is_none());
    }

    #[test]
    fn further_down_dates_are_not_the_date() {
        let text = "Family devastated by death of swine flu victim\n\nThe family of the first British patient to die said today they were devastated by the news.\n\nA statement said: \"My beautiful son was born on 1st June 2009, 11 weeks early.\"";
        let p = infer_publication(text, None, None);
        assert_eq!(value(&p), None);
    }

    #[test]
    fn nothing_to_go_on() {
        assert!(infer_publication("The fighters left on Thursday.", None, None).is_none());
    }

    #[test]
    fn the_pile_hint_is_the_median_of_founded_dates() {
        let d = |s: &str| {
            Some(DateValue::Date(
                NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap(),
            ))
        };
        let hint = pile_hint([
            (DateSource::Inferred, 0.75, d("2015-02-22")),
            (DateSource::Inferred, 0.4, d("2001-09-11")),
            (DateSource::Metadata, 1.0, d("2015-02-24")),
            (DateSource::Dateline, 0.8, d("2015-02-23")),
        ]);
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(
            hint,
            Some(PileHint::Dates(vec![
                day("2015-02-22"),
                day("2015-02-23"),
                day("2015-02-24")
            ]))
        );
    }
}
