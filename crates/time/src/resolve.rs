//! From what an expression means (`Sem`) to its TimeML value, given the document creation
//! time (DCT) and the dates mentioned before it.

use chrono::{Datelike, Days, NaiveDate};
use rashomon_model::{Span, Timex, TimexAnchor, TimexType};

use crate::calendar::{nth_weekday, weekday_number, Point};
use crate::grammar::{Dir, Found, Holiday, Sem, Tod, YearRef};
use crate::lexicon::{looks_past, Kw, Lex, Unit};
use crate::scan::Tok;

/// State carried through one text: the DCT and the last date mentioned, which anaphoric
/// expressions ("the next day") count from.
pub(crate) struct Resolver<'a> {
    pub dct: Option<NaiveDate>,
    pub text: &'a str,
    pub toks: &'a [Tok],
    last: Option<(Point, Span)>,
}

impl<'a> Resolver<'a> {
    pub fn new(dct: Option<NaiveDate>, text: &'a str, toks: &'a [Tok]) -> Resolver<'a> {
        Resolver {
            dct,
            text,
            toks,
            last: None,
        }
    }

    pub fn resolve(&mut self, f: &Found) -> Option<Timex> {
        let span = Span::new(
            self.toks[f.start].start as usize,
            self.toks[f.end - 1].end as usize,
        );
        let (value, anchor, point) = self.value(f)?;
        // Later anaphora count from dates the text states or dates counted from the DCT, not
        // from other offsets ("a year ago ... year-earlier" both mean the same year).
        let offset = matches!(
            f.sem,
            Sem::Shift {
                anaphoric: true,
                ..
            } | Sem::Shift {
                n: ..=-1,
                unit: Unit::Year | Unit::Decade | Unit::Century,
                ..
            }
        );
        if let (Some(p), false) = (point, offset) {
            if matches!(f.ty, TimexType::Date | TimexType::Time) {
                self.last = Some((p, span));
            }
        }
        Some(Timex {
            span,
            kind: f.ty,
            value,
            anchor,
            modifier: f.modifier,
        })
    }

    /// `dir`, with `Dir::Tense` decided by the words around the expression; `default` when
    /// they give no cue.
    fn direction(&self, dir: Dir, f: &Found, default: Dir) -> Dir {
        match dir {
            Dir::Tense => tense(self.text, self.toks, f.start, f.end).unwrap_or(default),
            d => d,
        }
    }

    /// The value, what it was computed from, and the calendar point when there is one.
    fn value(&self, f: &Found) -> Option<(String, TimexAnchor, Option<Point>)> {
        use TimexAnchor::{Absolute, Dct};
        let dct = self.dct;
        let point = |p: Point, anchor| Some((with_tod(p.value(), f.tod, p), anchor, Some(p)));
        let unknown = |v: String| Some((with_tod_unknown(v, f.tod), Dct, None));
        match f.sem {
            Sem::Calendar {
                year: Some(y),
                month,
                day,
                ..
            } => match (month, day) {
                (Some(m), Some(d)) => {
                    point(Point::Day(NaiveDate::from_ymd_opt(y, m, d)?), Absolute)
                }
                (Some(m), None) => point(Point::Month(y, m), Absolute),
                _ => point(Point::Year(y), Absolute),
            },
            Sem::Calendar {
                year: None,
                month,
                day,
                weekday,
                dir,
            } => {
                // A bare weekday in news is the one just past; a date or month is the nearest
                // one, unless the sentence's tense says which way.
                let default = if month.is_none() {
                    Dir::Past
                } else {
                    Dir::Nearest
                };
                let dir = self.direction(dir, f, default);
                let Some(dct) = dct else {
                    return unknown(match (month, day, weekday) {
                        (Some(m), Some(d), _) => format!("XXXX-{m:02}-{d:02}"),
                        (Some(m), None, _) => format!("XXXX-{m:02}"),
                        (None, _, Some(w)) => format!("XXXX-WXX-{w}"),
                        _ => return None,
                    });
                };
                match (month, day, weekday) {
                    (Some(m), Some(d), Some(w)) => {
                        // "Thursday, May 25": the weekday pins down the year.
                        let best = (dct.year() - 10..=dct.year() + 1)
                            .filter_map(|y| NaiveDate::from_ymd_opt(y, m, d))
                            .filter(|date| weekday_number(*date) == w)
                            .min_by_key(|date| (*date - dct).num_days().abs());
                        match best {
                            Some(date) => point(Point::Day(date), Dct),
                            None => {
                                let y = pick_year(dct, dir, |y| {
                                    day_range(NaiveDate::from_ymd_opt(y, m, d))
                                })?;
                                point(Point::Day(NaiveDate::from_ymd_opt(y, m, d)?), Dct)
                            }
                        }
                    }
                    (Some(m), Some(d), None) => {
                        let y =
                            pick_year(dct, dir, |y| day_range(NaiveDate::from_ymd_opt(y, m, d)))?;
                        point(Point::Day(NaiveDate::from_ymd_opt(y, m, d)?), Dct)
                    }
                    (Some(m), None, _) => {
                        let y = pick_year(dct, dir, |y| month_range(y, m))?;
                        point(Point::Month(y, m), Dct)
                    }
                    (None, _, Some(w)) => point(Point::Day(weekday_near(dct, w, dir)?), Dct),
                    _ => None,
                }
            }
            Sem::Quarter { q, year } => {
                let Some(dct) = reference_date(dct, year) else {
                    return unknown(format!("XXXX-Q{q}"));
                };
                // The year's quarters are reported on during and after it: a later quarter than
                // the current one is last year's only when the sentence is in the past.
                let y = match year {
                    YearRef::Nearest(dir) => {
                        let current = (dct.month() - 1) / 3 + 1;
                        let past = matches!(
                            self.direction(dir, f, Dir::Nearest),
                            Dir::Past | Dir::PastStrict
                        );
                        if past && q > current {
                            dct.year() - 1
                        } else {
                            dct.year()
                        }
                    }
                    _ => self.year_of(year, dct, f, |y| quarter_range(y, q))?,
                };
                point(Point::Quarter(y, q), anchor_of(year))
            }
            Sem::MonthOf { month, year } => {
                let Some(dct) = reference_date(dct, year) else {
                    return unknown(format!("XXXX-{month:02}"));
                };
                let y = self.year_of(year, dct, f, |y| month_range(y, month))?;
                point(Point::Month(y, month), anchor_of(year))
            }
            Sem::Half { h, year } => {
                let Some(dct) = reference_date(dct, year) else {
                    return unknown(format!("XXXX-H{h}"));
                };
                let y = self.year_of(year, dct, f, |y| {
                    Some((
                        NaiveDate::from_ymd_opt(y, (h - 1) * 6 + 1, 1)?,
                        NaiveDate::from_ymd_opt(y + (h as i32 - 1), if h == 1 { 7 } else { 1 }, 1)?,
                    ))
                })?;
                point(Point::Half(y, h), anchor_of(year))
            }
            Sem::Season { season, year } => {
                let Some(dct) = reference_date(dct, year) else {
                    return unknown(format!("XXXX-{}", season.code()));
                };
                let y = self.year_of(year, dct, f, |y| {
                    let start = NaiveDate::from_ymd_opt(y, season.first_month(), 1)?;
                    Some((start, start.checked_add_months(chrono::Months::new(3))?))
                })?;
                point(Point::Season(y, season), anchor_of(year))
            }
            Sem::Decade(d) => point(Point::Decade(d), Absolute),
            Sem::Century(c) => point(Point::Century(c), Absolute),
            Sem::Holiday { holiday, dir } => {
                let date_in = |y: i32| match holiday {
                    Holiday::Christmas => NaiveDate::from_ymd_opt(y, 12, 25),
                    Holiday::ChristmasEve => NaiveDate::from_ymd_opt(y, 12, 24),
                    Holiday::NewYearsDay => NaiveDate::from_ymd_opt(y, 1, 1),
                    Holiday::NewYearsEve => NaiveDate::from_ymd_opt(y, 12, 31),
                    Holiday::Thanksgiving => nth_weekday(y, 11, 4, 4),
                };
                let Some(dct) = dct else {
                    let d = date_in(2000)?;
                    return match holiday {
                        Holiday::Thanksgiving => unknown("XXXX-11".into()),
                        _ => unknown(format!("XXXX-{:02}-{:02}", d.month(), d.day())),
                    };
                };
                let dir = self.direction(dir, f, Dir::Nearest);
                let y = pick_year(dct, dir, |y| day_range(date_in(y)))?;
                point(Point::Day(date_in(y)?), Dct)
            }
            Sem::Shift { unit, n, anaphoric } => {
                if anaphoric {
                    if let Some((last, span)) = self.last {
                        let base = last.first_day().and_then(|d| Point::containing(d, unit));
                        if let Some(p) = base.and_then(|b| b.shift(unit, n)) {
                            return point(p, TimexAnchor::Timex(span));
                        }
                    }
                }
                let Some(dct) = dct else {
                    return unknown(
                        match unit {
                            Unit::Week => "XXXX-WXX",
                            Unit::Weekend => "XXXX-WXX-WE",
                            Unit::Month => "XXXX-XX",
                            Unit::Quarter => "XXXX-QX",
                            Unit::Year | Unit::Decade | Unit::Century => "XXXX",
                            _ => "XXXX-XX-XX",
                        }
                        .into(),
                    );
                };
                let p = match unit {
                    // "a decade ago" names a year, not the 1980s.
                    Unit::Decade | Unit::Century if n != 0 => {
                        let years = if unit == Unit::Decade {
                            10 * n
                        } else {
                            100 * n
                        };
                        Point::containing(dct, Unit::Year)?.shift(Unit::Year, years)?
                    }
                    _ => Point::containing(dct, unit)?.shift(unit, n)?,
                };
                point(p, Dct)
            }
            Sem::PreviousQuarter => {
                let Some(dct) = dct else {
                    return unknown("XXXX-QX".into());
                };
                point(
                    Point::containing(dct, Unit::Quarter)?.shift(Unit::Quarter, -1)?,
                    Dct,
                )
            }
            Sem::TheQuarter => {
                if let Some((Point::Quarter(y, q), span)) = self.last {
                    return point(Point::Quarter(y, q), TimexAnchor::Timex(span));
                }
                let Some(dct) = dct else {
                    return unknown("XXXX-QX".into());
                };
                point(
                    Point::containing(dct, Unit::Quarter)?.shift(Unit::Quarter, -1)?,
                    Dct,
                )
            }
            Sem::Weekend(dir) => {
                let Some(dct) = dct else {
                    return unknown("XXXX-WXX-WE".into());
                };
                let saturday = weekday_near(dct, 6, self.direction(dir, f, Dir::Past))?;
                point(Point::containing(saturday, Unit::Weekend)?, Dct)
            }
            Sem::Ref(v) => Some((v.to_string(), Dct, None)),
            Sem::Duration { amount, unit } => Some((duration_value(amount, unit), Absolute, None)),
            Sem::Literal(v) => Some((v.to_string(), Absolute, None)),
            Sem::SetEvery { amount, unit } => Some((
                duration_value(Some(f64::from(amount)), unit),
                Absolute,
                None,
            )),
            Sem::SetWeekday(w) => Some((format!("XXXX-WXX-{w}"), Absolute, None)),
        }
    }

    fn year_of(
        &self,
        year: YearRef,
        dct: NaiveDate,
        f: &Found,
        range: impl Fn(i32) -> Option<(NaiveDate, NaiveDate)>,
    ) -> Option<i32> {
        match year {
            YearRef::Given(y) => Some(y),
            YearRef::Relative(o) => Some(dct.year() + o),
            YearRef::Nearest(dir) => pick_year(dct, self.direction(dir, f, Dir::Nearest), range),
        }
    }
}

/// The date to resolve a quarter, half or season against: the DCT, or any date when the year
/// is written out (only the year matters then).
fn reference_date(dct: Option<NaiveDate>, year: YearRef) -> Option<NaiveDate> {
    match year {
        YearRef::Given(y) => dct.or(NaiveDate::from_ymd_opt(y, 1, 1)),
        _ => dct,
    }
}

fn anchor_of(year: YearRef) -> TimexAnchor {
    match year {
        YearRef::Given(_) => TimexAnchor::Absolute,
        _ => TimexAnchor::Dct,
    }
}

fn day_range(d: Option<NaiveDate>) -> Option<(NaiveDate, NaiveDate)> {
    let d = d?;
    Some((d, d.checked_add_days(Days::new(1))?))
}

fn month_range(y: i32, m: u32) -> Option<(NaiveDate, NaiveDate)> {
    let start = NaiveDate::from_ymd_opt(y, m, 1)?;
    Some((start, start.checked_add_months(chrono::Months::new(1))?))
}

fn quarter_range(y: i32, q: u32) -> Option<(NaiveDate, NaiveDate)> {
    let start = NaiveDate::from_ymd_opt(y, (q - 1) * 3 + 1, 1)?;
    Some((start, start.checked_add_months(chrono::Months::new(3))?))
}

/// The year in which a yearly recurring period (given as `[start, end)` per year) lies in
/// direction `dir` from `dct`.
fn pick_year(
    dct: NaiveDate,
    dir: Dir,
    range: impl Fn(i32) -> Option<(NaiveDate, NaiveDate)>,
) -> Option<i32> {
    let years = dct.year() - 2..=dct.year() + 2;
    let ranges = years.filter_map(|y| range(y).map(|r| (y, r)));
    let mut ranges: Vec<(i32, (NaiveDate, NaiveDate))> = ranges.collect();
    ranges.sort_by_key(|(y, _)| *y);
    match dir {
        Dir::Past | Dir::Tense => ranges.iter().rev().find(|(_, (s, _))| *s <= dct),
        Dir::PastStrict => ranges.iter().rev().find(|(_, (_, e))| *e <= dct),
        Dir::Future => ranges.iter().find(|(_, (_, e))| *e > dct),
        Dir::FutureStrict => ranges.iter().find(|(_, (s, _))| *s > dct),
        Dir::Same => return Some(dct.year()),
        Dir::Nearest => ranges.iter().min_by_key(|(_, (s, e))| {
            if *s <= dct && dct < *e {
                0
            } else {
                (*s - dct).num_days().abs().min((*e - dct).num_days().abs())
            }
        }),
    }
    .map(|(y, _)| *y)
}

fn weekday_near(dct: NaiveDate, w: u32, dir: Dir) -> Option<NaiveDate> {
    let today = weekday_number(dct) as i64;
    let w = i64::from(w);
    let back = (today - w).rem_euclid(7);
    let ahead = (w - today).rem_euclid(7);
    let offset = match dir {
        Dir::Past | Dir::Tense => -back,
        Dir::Nearest => {
            if back <= ahead {
                -back
            } else {
                ahead
            }
        }
        Dir::PastStrict => -(if back == 0 { 7 } else { back }),
        Dir::Future => ahead,
        Dir::FutureStrict => {
            if ahead == 0 {
                7
            } else {
                ahead
            }
        }
        Dir::Same => w - today,
    };
    if offset >= 0 {
        dct.checked_add_days(Days::new(offset as u64))
    } else {
        dct.checked_sub_days(Days::new(offset.unsigned_abs()))
    }
}

fn with_tod(value: String, tod: Option<Tod>, p: Point) -> String {
    match (tod, p) {
        (Some(tod), Point::Day(_)) => with_tod_unknown(value, Some(tod)),
        _ => value,
    }
}

fn with_tod_unknown(value: String, tod: Option<Tod>) -> String {
    match tod {
        Some(Tod::Pod(p)) => format!("{value}T{}", p.code()),
        Some(Tod::Clock { hour, minute }) => format!("{value}T{hour:02}:{minute:02}"),
        None => value,
    }
}

fn duration_value(amount: Option<f64>, unit: Unit) -> String {
    let (time, letter, scale) = match unit {
        Unit::Second => (true, "S", 1.0),
        Unit::Minute => (true, "M", 1.0),
        Unit::Hour => (true, "H", 1.0),
        Unit::Day => (false, "D", 1.0),
        Unit::Week => (false, "W", 1.0),
        Unit::Weekend => (false, "D", 2.0),
        Unit::Month => (false, "M", 1.0),
        Unit::Quarter => (false, "M", 3.0),
        Unit::Year => (false, "Y", 1.0),
        Unit::Decade => (false, "Y", 10.0),
        Unit::Century => (false, "Y", 100.0),
    };
    let t = if time { "T" } else { "" };
    match amount {
        Some(a) => {
            let v = a * scale;
            if v.fract() == 0.0 {
                format!("P{t}{}{letter}", v as u64)
            } else {
                format!("P{t}{v}{letter}")
            }
        }
        None => match unit {
            Unit::Decade => "PXDE".into(),
            Unit::Century => "PXCE".into(),
            Unit::Quarter => "PXQ".into(),
            _ => format!("P{t}X{letter}"),
        },
    }
}

/// Whether the words around an expression put it in the future: the nearest tense cue in the
/// same sentence decides ("will meet on Friday" → future; "said on Friday" → past); `None`
/// when the sentence has no cue.
pub(crate) fn tense(text: &str, toks: &[Tok], start: usize, end: usize) -> Option<Dir> {
    const WINDOW: usize = 10;
    let future = |lex: Lex| {
        matches!(
            lex,
            Lex::Kw(
                Kw::Will
                    | Kw::Shall
                    | Kw::Going
                    | Kw::Expected
                    | Kw::Scheduled
                    | Kw::Plans
                    | Kw::Due
                    | Kw::Upcoming
                    | Kw::Next
                    | Kw::Would
                    | Kw::Scheduled3,
            )
        )
    };
    // The cue of token `i`, `distance` tokens from the expression.
    let cue = |i: usize, distance: usize| {
        let t = &toks[i];
        match t.lex {
            Lex::Kw(Kw::Reporting) if distance <= 1 => Some(Dir::Past),
            lex if future(lex) => Some(Dir::Future),
            // "were planning to", "was expected to": the future seen from the past.
            Lex::Kw(Kw::PastAux) if toks.get(i + 1).is_some_and(|n| future(n.lex)) => {
                Some(Dir::Future)
            }
            Lex::Kw(Kw::PastVerb | Kw::PastAux | Kw::Ago | Kw::Last) => Some(Dir::Past),
            Lex::Other
                if looks_past(&text.as_bytes()[t.start as usize..t.end as usize])
                    && !(i > 0 && toks[i - 1].lex == Lex::Kw(Kw::Be)) =>
            {
                Some(Dir::Past)
            }
            _ => None,
        }
    };
    let mut best: Option<(usize, Dir)> = None;
    for (d, i) in (start.saturating_sub(WINDOW)..start).rev().enumerate() {
        if sentence_end(toks, i) {
            break;
        }
        if let Some(dir) = cue(i, d) {
            best = Some((d, dir));
            break;
        }
    }
    for (d, i) in (end..(end + WINDOW).min(toks.len())).enumerate() {
        if sentence_end(toks, i) {
            break;
        }
        if let Some(dir) = cue(i, d) {
            if best.is_none_or(|(b, _)| d < b) {
                best = Some((d, dir));
            }
            break;
        }
    }
    best.map(|(_, dir)| dir)
}

/// A sentence-final punctuation token; a period right after a short word ("Sept.", "Mr.") is
/// taken for an abbreviation.
fn sentence_end(toks: &[Tok], i: usize) -> bool {
    match toks[i].lex {
        Lex::Punct(b'!' | b'?' | b';') => true,
        Lex::Punct(b'.') => {
            !(i > 0 && {
                let p = &toks[i - 1];
                p.end == toks[i].start && p.end - p.start <= 4 && !matches!(p.lex, Lex::Num { .. })
            })
        }
        _ => false,
    }
}
