//! The rules that recognise time expressions in a token stream and say what they mean, before
//! any date arithmetic: `Sem` is resolved against the publication date in `resolve`.
//!
//! Rules are tried at each token that can start an expression; the longest match wins and the
//! scan continues after it. Span extents follow the TimeML guidelines: determiners and
//! modifiers ("the", "early", "more than") are inside, prepositions ("on", "in") are not.

use rashomon_model::{TimexMod, TimexType};

use crate::lexicon::{Kw, Lex, Pod, Season, Unit};
use crate::scan::Tok;

/// Which way an underspecified date lies from the reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dir {
    /// Decide from the tense around the expression (news: the past unless the wording points forward).
    Tense,
    /// The nearest occurrence on or before the reference ("on Friday" in a report of what happened).
    Past,
    /// Strictly before ("last Friday", "last April").
    PastStrict,
    /// On or after the reference.
    Future,
    /// Strictly after ("next Friday").
    FutureStrict,
    /// In the reference's own year or week ("this April", "this Friday").
    Same,
    /// Whichever occurrence is closest to the reference.
    Nearest,
}

/// Which year a quarter, half or season belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum YearRef {
    Given(i32),
    /// The publication year plus an offset ("last year" = -1).
    Relative(i32),
    /// Nearest to the reference in the direction of the tense.
    Nearest(Dir),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Holiday {
    Christmas,
    ChristmasEve,
    NewYearsDay,
    NewYearsEve,
    Thanksgiving,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Sem {
    /// A calendar date with some fields missing; anything missing comes from the reference.
    Calendar {
        year: Option<i32>,
        month: Option<u32>,
        day: Option<u32>,
        weekday: Option<u32>,
        dir: Dir,
    },
    Quarter {
        q: u32,
        year: YearRef,
    },
    /// A month of a year given relative to the publication date ("June last year").
    MonthOf {
        month: u32,
        year: YearRef,
    },
    Half {
        h: u32,
        year: YearRef,
    },
    Season {
        season: Season,
        year: YearRef,
    },
    Decade(i32),
    Century(i32),
    Holiday {
        holiday: Holiday,
        dir: Dir,
    },
    /// `n` units from the publication date (`anaphoric`: from the last date mentioned).
    Shift {
        unit: Unit,
        n: i32,
        anaphoric: bool,
    },
    /// The quarter before the publication date's ("the latest quarter").
    PreviousQuarter,
    /// "the quarter": the last quarter mentioned, else the one before the publication date's.
    TheQuarter,
    /// "the weekend": the nearest weekend in the direction of the tense.
    Weekend(Dir),
    /// Something `n` units ago/later whose amount is vague ("years ago"): a reference value.
    Ref(&'static str),
    Duration {
        amount: Option<f64>,
        unit: Unit,
    },
    /// A literal value ("P9M", "XXXX-WXX-1").
    Literal(&'static str),
    SetEvery {
        amount: u32,
        unit: Unit,
    },
    SetWeekday(u32),
}

/// A time of day attached to a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tod {
    Pod(Pod),
    Clock { hour: u32, minute: u32 },
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Found {
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    pub ty: TimexType,
    pub sem: Sem,
    pub tod: Option<Tod>,
    pub modifier: Option<TimexMod>,
}

pub(crate) struct Grammar<'a> {
    pub toks: &'a [Tok],
    pub text: &'a str,
}

const OTHER: Lex = Lex::Other;

impl Grammar<'_> {
    fn lex(&self, i: usize) -> Lex {
        self.toks.get(i).map_or(OTHER, |t| t.lex)
    }

    fn kw(&self, i: usize, k: Kw) -> bool {
        self.lex(i) == Lex::Kw(k)
    }

    fn punct(&self, i: usize, c: u8) -> bool {
        self.lex(i) == Lex::Punct(c)
    }

    fn capital(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.capital)
    }

    /// Whether token `i` and `i + 1` touch (no space between).
    fn glued(&self, i: usize) -> bool {
        match (self.toks.get(i), self.toks.get(i + 1)) {
            (Some(a), Some(b)) => a.end == b.start,
            _ => false,
        }
    }

    /// Where an expression's head starts after an optional "the", and whether there was one.
    fn after_the(&self, i: usize) -> (usize, bool) {
        if self.kw(i, Kw::The) {
            (i + 1, true)
        } else {
            (i, false)
        }
    }

    fn unit(&self, i: usize) -> Option<(Unit, bool)> {
        match self.lex(i) {
            Lex::Unit { unit, plural } => Some((unit, plural)),
            _ => None,
        }
    }

    /// The expression starting at token `i`, if any: the longest of all rules.
    pub fn at(&self, i: usize) -> Option<Found> {
        if !can_start(self.lex(i)) {
            return None;
        }
        let (core_start, modifier) = self.modifier_prefix(i);
        let mut best: Option<Found> = None;
        let mut consider = |f: Option<Found>| {
            if let Some(f) = f {
                if best.is_none_or(|b| f.end > b.end) {
                    best = Some(f);
                }
            }
        };
        if core_start > i && self.kw(i, Kw::The) && self.kw(core_start, Kw::The) {
            // "the end of the year": the current one.
            if let Some((unit, false)) = self.unit(core_start + 1) {
                if matches!(unit, Unit::Year | Unit::Month | Unit::Week | Unit::Quarter) {
                    let mut f = self.found(
                        i,
                        core_start + 2,
                        TimexType::Date,
                        Sem::Shift {
                            unit,
                            n: 0,
                            anaphoric: false,
                        },
                    )?;
                    f.modifier = modifier;
                    consider(Some(f));
                }
            }
        }
        if core_start > i {
            // "early next year", "the end of the month", "about two years", "mid-1990s".
            let inner = self.core(core_start);
            consider(inner.and_then(|mut f| {
                let adverb = matches!(self.lex(i), Lex::Kw(Kw::Earlier | Kw::Later));
                let fits = match modifier {
                    // "earlier this year" keeps its adverb; "later Friday", "earlier today" do not.
                    Some(TimexMod::Start | TimexMod::End) if adverb => matches!(
                        f.sem,
                        Sem::Shift { n: 0, unit, anaphoric: false } if unit != Unit::Day
                    ),
                    Some(TimexMod::Start | TimexMod::Mid | TimexMod::End) => {
                        matches!(f.ty, TimexType::Date | TimexType::Time)
                            && !matches!(f.sem, Sem::Ref(_))
                    }
                    // "about two years", not "over the past two years".
                    _ => {
                        !self.kw(core_start, Kw::The)
                            && (f.ty == TimexType::Duration
                                || matches!(f.sem, Sem::Shift { n, .. } if n != 0))
                    }
                };
                fits.then(|| {
                    f.start = i;
                    f.modifier = modifier;
                    f
                })
            }));
        }
        consider(self.core(i));
        best
    }

    /// Modifiers that may precede an expression, and where the expression itself starts.
    fn modifier_prefix(&self, i: usize) -> (usize, Option<TimexMod>) {
        use Kw::*;
        let at = |k| self.kw(i, k);
        let next = |k| self.kw(i + 1, k);
        match self.lex(i) {
            Lex::Kw(The) if matches!(self.lex(i + 1), Lex::Kw(Early | Late | Mid)) => {
                let (k, m) = self.modifier_prefix(i + 1);
                match self.lex(k) {
                    Lex::Decade { .. } | Lex::Season(_) => (k, m),
                    _ => (i, None),
                }
            }
            // "late-November", "early-2017".
            Lex::Kw(Early) if self.punct(i + 1, b'-') && self.glued(i) => {
                (i + 2, Some(TimexMod::Start))
            }
            Lex::Kw(Late) if self.punct(i + 1, b'-') && self.glued(i) => {
                (i + 2, Some(TimexMod::End))
            }
            Lex::Kw(Early | Earlier) => (i + 1, Some(TimexMod::Start)),
            Lex::Kw(Late | Later) => (i + 1, Some(TimexMod::End)),
            Lex::Kw(Mid) if self.punct(i + 1, b'-') => (i + 2, Some(TimexMod::Mid)),
            Lex::Kw(Mid | Middle) if !next(Of) => (i + 1, Some(TimexMod::Mid)),
            Lex::Kw(The) if self.kw(i + 2, Of) => {
                let m = match self.lex(i + 1) {
                    Lex::Kw(End) => Some(TimexMod::End),
                    Lex::Kw(Beginning | Start) => Some(TimexMod::Start),
                    Lex::Kw(Middle) => Some(TimexMod::Mid),
                    _ => None,
                };
                m.map_or((i, None), |m| (i + 3, Some(m)))
            }
            Lex::Kw(About | Around | Nearly | Almost | Approximately | Roughly | SomeDet) => {
                (i + 1, Some(TimexMod::Approx))
            }
            Lex::Kw(More | Over) if at(More) && next(Than) => (i + 2, Some(TimexMod::MoreThan)),
            Lex::Kw(Over) => (i + 1, Some(TimexMod::MoreThan)),
            Lex::Kw(Less) if next(Than) => (i + 2, Some(TimexMod::LessThan)),
            Lex::Kw(Under) => (i + 1, Some(TimexMod::LessThan)),
            Lex::Kw(Up) if next(To) => (i + 2, Some(TimexMod::EqualOrLess)),
            Lex::Kw(At) if next(Least) => (i + 2, Some(TimexMod::EqualOrMore)),
            _ => (i, None),
        }
    }

    /// The longest expression of the rules that can start with token `i`'s class: calling
    /// only those keeps the tagger fast on the common words ("the", "a", numbers).
    fn core(&self, i: usize) -> Option<Found> {
        use Kw::*;
        let mut best: Option<Found> = None;
        let mut take = |f: Option<Found>| {
            if let Some(f) = f {
                if best.is_none_or(|b| f.end > b.end) {
                    best = Some(f);
                }
            }
        };
        match self.lex(i) {
            Lex::Num { .. } => {
                take(self.numeric_date(i));
                take(self.explicit_date(i));
                take(self.year(i));
                take(self.ago(i));
                take(self.duration(i));
                take(self.clock(i));
            }
            Lex::OrdinalNum(_) => {
                take(self.explicit_date(i));
                take(self.quarter(i));
            }
            Lex::Decade { .. } => take(self.year(i)),
            Lex::Month(_) | Lex::MonthAbbr(_) | Lex::Weekday(_) | Lex::WeekdayAbbr(_) => {
                take(self.explicit_date(i));
                take(self.weekday(i));
            }
            Lex::NumWord(_) => {
                take(self.ago(i));
                take(self.duration(i));
            }
            Lex::Ordinal(_) => take(self.quarter(i)),
            Lex::Unit { .. } => take(self.ago(i)),
            Lex::Season(_) => take(self.season(i)),
            Lex::HourAmPm { .. } => take(self.clock(i)),
            Lex::Kw(k) => match k {
                The => {
                    take(self.explicit_date(i));
                    take(self.year(i));
                    take(self.deictic(i));
                    take(self.relative(i));
                    take(self.quarter(i));
                    take(self.season(i));
                }
                Fiscal => {
                    take(self.year(i));
                    take(self.quarter(i));
                }
                Last | Past | Next | Coming | This | Current | Previous | Following | Same
                | That | Upcoming => {
                    take(self.weekday(i));
                    take(self.deictic(i));
                    take(self.relative(i));
                    take(self.season(i));
                }
                Today | Yesterday | Tomorrow | Tonight | Now | Currently | Nowadays | Presently
                | Recently | Lately | Recent => take(self.deictic(i)),
                A | Several | Few | Many => {
                    take(self.ago(i));
                    take(self.duration(i));
                }
                Half => take(self.duration(i)),
                Second | Final => take(self.quarter(i)),
                Daily | Weekly | Monthly | Annually | Yearly | Hourly | Nightly | Every | Each
                | Once | Twice => take(self.set(i)),
                Noon | Midnight => take(self.clock(i)),
                Christmas | Thanksgiving | New => take(self.holiday(i)),
                _ => {}
            },
            _ => {}
        }
        best
    }

    fn found(&self, start: usize, end: usize, ty: TimexType, sem: Sem) -> Option<Found> {
        Some(Found {
            start,
            end,
            ty,
            sem,
            tod: None,
            modifier: None,
        })
    }

    /// A month name at `i`: (month, index after it, including an abbreviation's period).
    fn month(&self, i: usize) -> Option<(u32, usize)> {
        match self.lex(i) {
            Lex::Month(m) if self.capital(i) || self.lower_case_month(i, m) => Some((m, i + 1)),
            Lex::MonthAbbr(m) if self.capital(i) => {
                if self.punct(i + 1, b'.') && self.glued(i) {
                    Some((m, i + 2))
                } else if matches!(self.lex(i + 1), Lex::Num { .. } | Lex::OrdinalNum(_)) {
                    Some((m, i + 1))
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    /// Whether a month name written in lower case ("may 25", "25 october", as machine
    /// translation writes them) is a month here: a day number must stand beside it, and
    /// "may", a modal verb too, needs more — a preposition before it ("on may 25") or the date
    /// ending after the day ("may 25, 2017", "may 25.", "25 may 2017").
    fn lower_case_month(&self, i: usize, m: u32) -> bool {
        let is_day = |k: usize| match self.lex(k) {
            Lex::Num { value, digits } => (1..=31).contains(&value) && digits <= 2,
            Lex::OrdinalNum(v) => (1..=31).contains(&v),
            _ => false,
        };
        let date_ends = |k: usize| {
            k >= self.toks.len()
                || matches!(self.lex(k), Lex::Punct(_) | Lex::Num { digits: 4, .. })
        };
        let day_after = is_day(i + 1);
        let day_before = i > 0 && is_day(i - 1);
        if !(day_after || day_before) {
            return false;
        }
        if m != 5 {
            return true;
        }
        let preposition = i > 0
            && matches!(
                self.lex(i - 1),
                Lex::Kw(Kw::On | Kw::Of | Kw::Since | Kw::Until | Kw::Before | Kw::After)
            );
        (day_after && (preposition || date_ends(i + 2))) || (day_before && date_ends(i + 1))
    }

    /// A day of month at `i` ("25", "25th", "twenty-fifth" is rare and skipped).
    fn day(&self, i: usize) -> Option<(u32, usize)> {
        match self.lex(i) {
            Lex::Num { value, digits } if (1..=31).contains(&value) && digits <= 2 => {
                // "May 25th" spelled "25 th" is not handled; "25-year" is not a day.
                if self.punct(i + 1, b'-') && self.glued(i) {
                    return None;
                }
                Some((value, i + 1))
            }
            Lex::OrdinalNum(value) if (1..=31).contains(&value) => Some((value, i + 1)),
            _ => None,
        }
    }

    /// A four-digit year at `i`.
    fn year_number(&self, i: usize) -> Option<(i32, usize)> {
        match self.lex(i) {
            Lex::Num { value, digits: 4 } if (1000..=2100).contains(&value) => {
                Some((value as i32, i + 1))
            }
            _ => None,
        }
    }

    /// A weekday name, with an optional comma after it: "Thursday, ".
    fn weekday_name(&self, i: usize) -> Option<(u32, usize)> {
        match self.lex(i) {
            Lex::Weekday(w) => Some((w, i + 1)),
            Lex::WeekdayAbbr(w) if self.capital(i) => {
                let after = if self.punct(i + 1, b'.') {
                    i + 2
                } else {
                    i + 1
                };
                // Only as a prefix of a date ("Thu, May 25"): abbreviations are names too.
                let after_comma = if self.punct(after, b',') {
                    after + 1
                } else {
                    after
                };
                (self.month(after_comma).is_some() || self.day(after_comma).is_some())
                    .then_some((w, after))
            }
            _ => None,
        }
    }

    /// "May 25, 2017", "Thursday, May 25", "25 May 2017", "the 25th of May", "May 2017", "May".
    fn explicit_date(&self, i: usize) -> Option<Found> {
        let (weekday, j) = match self.weekday_name(i) {
            Some((w, j)) => (Some(w), if self.punct(j, b',') { j + 1 } else { j }),
            None => (None, i),
        };
        let date = |end, year, month, day| {
            self.found(
                i,
                end,
                TimexType::Date,
                Sem::Calendar {
                    year,
                    month: Some(month),
                    day,
                    weekday: if day.is_some() { weekday } else { None },
                    dir: Dir::Tense,
                },
            )
        };
        // Month first.
        if let Some((month, k)) = self.month(j) {
            if let Some((day, k2)) = self.day(k) {
                let k3 = if self.punct(k2, b',') { k2 + 1 } else { k2 };
                if let Some((year, k4)) = self.year_number(k3) {
                    return date(k4, Some(year), month, Some(day));
                }
                return date(k2, None, month, Some(day));
            }
            let k2 = if self.punct(k, b',') || self.kw(k, Kw::Of) {
                k + 1
            } else {
                k
            };
            if let Some((year, k3)) = self.year_number(k2) {
                return date(k3, Some(year), month, None);
            }
            if weekday.is_some() {
                return None;
            }
            return self.month_alone(j, month, k);
        }
        // Day first: "25 May 2017", "the 25th of May".
        let (j, _the) = if self.kw(j, Kw::The) && weekday.is_none() {
            (j + 1, true)
        } else {
            (j, false)
        };
        let (day, k) = self.day(j)?;
        let k = if self.kw(k, Kw::Of) { k + 1 } else { k };
        let (month, k2) = self.month(k)?;
        let k3 = if self.punct(k2, b',') { k2 + 1 } else { k2 };
        if let Some((year, k4)) = self.year_number(k3) {
            return date(k4, Some(year), month, Some(day));
        }
        date(k2, None, month, Some(day))
    }

    /// A month name on its own is a date only where it cannot be a verb or a name: "May" and
    /// "March" need a preposition or modifier before them.
    fn month_alone(&self, i: usize, month: u32, end: usize) -> Option<Found> {
        if !matches!(self.lex(i), Lex::Month(_)) {
            return None;
        }
        let before = i.checked_sub(1).map_or(OTHER, |b| self.lex(b));
        let context = matches!(
            before,
            Lex::Kw(
                Kw::In
                    | Kw::Of
                    | Kw::Early
                    | Kw::Late
                    | Kw::Mid
                    | Kw::Since
                    | Kw::Until
                    | Kw::Last
                    | Kw::Next
                    | Kw::This
                    | Kw::Before
                    | Kw::After
            )
        ) || before == Lex::Punct(b'-');
        if matches!(month, 3 | 5) && !context {
            return None;
        }
        // "January this year", "June last year".
        if let (Lex::Kw(k @ (Kw::This | Kw::Last | Kw::Next)), Some((Unit::Year, false))) =
            (self.lex(end), self.unit(end + 1))
        {
            let offset = match k {
                Kw::Last => -1,
                Kw::Next => 1,
                _ => 0,
            };
            return self.found(
                i,
                end + 2,
                TimexType::Date,
                Sem::MonthOf {
                    month,
                    year: YearRef::Relative(offset),
                },
            );
        }
        self.found(
            i,
            end,
            TimexType::Date,
            Sem::Calendar {
                year: None,
                month: Some(month),
                day: None,
                weekday: None,
                dir: Dir::Tense,
            },
        )
    }

    /// "2017-05-25", "25.05.2017", "05/25/2017", "2017/05/25".
    fn numeric_date(&self, i: usize) -> Option<Found> {
        let num = |k: usize| match self.lex(k) {
            Lex::Num { value, digits } => Some((value, digits)),
            _ => None,
        };
        let (a, ad) = num(i)?;
        let sep = match self.lex(i + 1) {
            Lex::Punct(c @ (b'-' | b'.' | b'/')) => c,
            _ => return None,
        };
        if !(self.glued(i) && self.glued(i + 1) && self.glued(i + 2) && self.glued(i + 3)) {
            return None;
        }
        if !self.punct(i + 3, sep) {
            return None;
        }
        let (b, bd) = num(i + 2)?;
        let (c, cd) = num(i + 4)?;
        // A fourth glued part ("1.2.3.4", a version or an address) is not a date.
        if self.glued(i + 4)
            && matches!(self.lex(i + 5), Lex::Punct(b'.' | b'-' | b'/'))
            && num(i + 6).is_some()
        {
            return None;
        }
        let (y, m, d) = if ad == 4 && bd <= 2 && cd <= 2 {
            (a, b, c)
        } else if cd == 4 && ad <= 2 && bd <= 2 {
            match sep {
                // Day first in dotted dates (European and Russian use); slashes are month
                // first unless the first number cannot be a month.
                b'/' if a <= 12 => (c, a, b),
                _ => (c, b, a),
            }
        } else {
            return None;
        };
        if !(1..=12).contains(&m) || !(1..=31).contains(&d) || !(1000..=2100).contains(&y) {
            return None;
        }
        chrono::NaiveDate::from_ymd_opt(y as i32, m, d)?;
        self.found(
            i,
            i + 5,
            TimexType::Date,
            Sem::Calendar {
                year: Some(y as i32),
                month: Some(m),
                day: Some(d),
                weekday: None,
                dir: Dir::Tense,
            },
        )
    }

    /// "1998", "fiscal 1998", "the 1990s", "'90s", "the 20th century".
    fn year(&self, i: usize) -> Option<Found> {
        let (j, the) = self.after_the(i);
        let (j, fiscal) = if self.kw(j, Kw::Fiscal) {
            (j + 1, true)
        } else {
            (j, false)
        };
        match self.lex(j) {
            Lex::Num { value, digits: 4 } if (1000..=2100).contains(&value) => {
                if the && !fiscal {
                    return None;
                }
                if !self.plausible_year(j) {
                    return None;
                }
                self.found(
                    i,
                    j + 1,
                    TimexType::Date,
                    Sem::Calendar {
                        year: Some(value as i32),
                        month: None,
                        day: None,
                        weekday: None,
                        dir: Dir::Tense,
                    },
                )
            }
            Lex::Decade { value, digits } if !fiscal => {
                let decade = if digits == 4 {
                    value as i32 / 10
                } else if j > 0 && self.punct(j - 1, b'\'') && self.glued(j - 1) {
                    // "'90s": the century is the one the two digits most likely mean in news.
                    let start = if the { i } else { j - 1 };
                    let century = if value >= 30 { 190 } else { 200 };
                    return self.found(
                        start,
                        j + 1,
                        TimexType::Date,
                        Sem::Decade(century + value as i32 / 10),
                    );
                } else {
                    return None;
                };
                self.found(i, j + 1, TimexType::Date, Sem::Decade(decade))
            }
            Lex::OrdinalNum(c) | Lex::Ordinal(c)
                if the
                    && (1..=21).contains(&c)
                    && matches!(
                        self.lex(j + 1),
                        Lex::Unit {
                            unit: Unit::Century,
                            plural: false
                        }
                    ) =>
            {
                self.found(i, j + 2, TimexType::Date, Sem::Century(c as i32 - 1))
            }
            _ => None,
        }
    }

    /// Whether a four-digit number is used as a year rather than a count or an amount.
    fn plausible_year(&self, j: usize) -> bool {
        if j > 0 {
            match self.lex(j - 1) {
                Lex::Punct(b'$' | b'#' | b'.' | b'+' | b'-' | b'/' | b':') if self.glued(j - 1) => {
                    return false
                }
                Lex::Punct(b',') if j >= 2 && matches!(self.lex(j - 2), Lex::Num { .. }) => {
                    return false
                }
                // "about 1500 people", "more than 2000".
                Lex::Kw(
                    Kw::About
                    | Kw::Around
                    | Kw::Nearly
                    | Kw::Almost
                    | Kw::Approximately
                    | Kw::Than
                    | Kw::SomeDet
                    | Kw::Roughly,
                ) => return false,
                _ => {}
            }
        }
        match self.lex(j + 1) {
            Lex::Punct(b'%') => false,
            Lex::Punct(b',' | b'.')
                if self.glued(j)
                    && matches!(self.lex(j + 2), Lex::Num { .. })
                    && self.glued(j + 1) =>
            {
                false
            }
            Lex::Unit { .. } => false,
            Lex::Punct(b'-' | b':' | b'/') if self.glued(j) => false,
            // A count of something: "1500 people", "2000 troops".
            Lex::Other => !self.plural_noun(j + 1),
            _ => true,
        }
    }

    /// A lower-case word that looks like a plural noun (the things a number counts).
    fn plural_noun(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| {
            !t.capital
                && t.end - t.start > 3
                && self.text.as_bytes()[t.end as usize - 1] == b's'
                && self.text.as_bytes()[t.end as usize - 2] != b's'
        })
    }

    /// "Friday", "last Friday", "next Friday", "Friday morning", "Friday night".
    fn weekday(&self, i: usize) -> Option<Found> {
        let (j, dir) = match self.lex(i) {
            Lex::Kw(Kw::Last | Kw::Past) => (i + 1, Dir::PastStrict),
            Lex::Kw(Kw::Next | Kw::Coming) => (i + 1, Dir::FutureStrict),
            Lex::Kw(Kw::This) => (i + 1, Dir::Same),
            _ => (i, Dir::Tense),
        };
        let Lex::Weekday(w) = self.lex(j) else {
            return None;
        };
        let mut f = self.found(
            i,
            j + 1,
            TimexType::Date,
            Sem::Calendar {
                year: None,
                month: None,
                day: None,
                weekday: Some(w),
                dir,
            },
        )?;
        if let Lex::Pod(p) = self.lex(j + 1) {
            f.end = j + 2;
            f.ty = TimexType::Time;
            f.tod = Some(Tod::Pod(p));
        }
        Some(f)
    }

    /// "today", "yesterday morning", "tonight", "now", "recently", "the future", "recent years".
    fn deictic(&self, i: usize) -> Option<Found> {
        use Kw::*;
        let shift = |n| Sem::Shift {
            unit: Unit::Day,
            n,
            anaphoric: false,
        };
        let with_pod = |f: Option<Found>, j: usize| {
            f.map(|mut f| {
                if let Lex::Pod(p) = self.lex(j) {
                    f.end = j + 1;
                    f.ty = TimexType::Time;
                    f.tod = Some(Tod::Pod(p));
                }
                f
            })
        };
        let r = |end, v| self.found(i, end, TimexType::Date, Sem::Ref(v));
        match self.lex(i) {
            Lex::Kw(Today) => with_pod(self.found(i, i + 1, TimexType::Date, shift(0)), i + 1),
            Lex::Kw(Yesterday) => with_pod(self.found(i, i + 1, TimexType::Date, shift(-1)), i + 1),
            Lex::Kw(Tomorrow) => with_pod(self.found(i, i + 1, TimexType::Date, shift(1)), i + 1),
            Lex::Kw(Tonight) => {
                let mut f = self.found(i, i + 1, TimexType::Time, shift(0))?;
                f.tod = Some(Tod::Pod(Pod::Night));
                Some(f)
            }
            Lex::Kw(This) => match self.lex(i + 1) {
                Lex::Pod(p) => {
                    let mut f = self.found(i, i + 2, TimexType::Time, shift(0))?;
                    f.tod = Some(Tod::Pod(p));
                    Some(f)
                }
                _ => None,
            },
            Lex::Kw(Last) if self.lex(i + 1) == Lex::Pod(Pod::Night) => {
                let mut f = self.found(i, i + 2, TimexType::Time, shift(-1))?;
                f.tod = Some(Tod::Pod(Pod::Night));
                Some(f)
            }
            Lex::Kw(Now | Currently | Nowadays | Presently) => r(i + 1, "PRESENT_REF"),
            Lex::Kw(Current) if !matches!(self.lex(i + 1), Lex::Unit { .. } | Lex::Kw(Fiscal)) => {
                r(i + 1, "PRESENT_REF")
            }
            Lex::Kw(Recently | Lately) => r(i + 1, "PAST_REF"),
            Lex::Kw(Recent) if matches!(self.lex(i + 1), Lex::Unit { plural: true, .. }) => {
                r(i + 2, "PAST_REF")
            }
            Lex::Kw(The) => match self.lex(i + 1) {
                Lex::Kw(Future) => r(i + 2, "FUTURE_REF"),
                Lex::Kw(Present) if !self.kw(i + 2, Of) => r(i + 2, "PRESENT_REF"),
                Lex::Kw(Past)
                    if !matches!(
                        self.lex(i + 2),
                        Lex::Unit { .. }
                            | Lex::Num { .. }
                            | Lex::NumWord(_)
                            | Lex::Kw(Few | Several | Couple | Many)
                    ) =>
                {
                    r(i + 2, "PAST_REF")
                }
                Lex::Kw(Near) if self.kw(i + 2, Future) => r(i + 3, "FUTURE_REF"),
                _ => None,
            },
            _ => None,
        }
    }

    /// "last week", "this year", "next month", "the past two months", "the next day",
    /// "the following year", "that day", "last April", "this summer".
    fn relative(&self, i: usize) -> Option<Found> {
        use Kw::*;
        let (j, the) = self.after_the(i);
        if the {
            match self.lex(j) {
                Lex::Unit {
                    unit: Unit::Weekend,
                    plural: false,
                } => {
                    return self.found(i, j + 1, TimexType::Date, Sem::Weekend(Dir::Tense));
                }
                Lex::Unit {
                    unit: Unit::Quarter,
                    plural: false,
                } if !self.kw(j + 1, Of) => {
                    return self.found(i, j + 1, TimexType::Date, Sem::TheQuarter);
                }
                _ => {}
            }
        }
        let word = match self.lex(j) {
            Lex::Kw(
                k @ (Last | This | Next | Past | Coming | Previous | Following | Current | Same
                | That | Upcoming),
            ) => k,
            _ => return None,
        };
        if word == That && the {
            return None;
        }
        let k = j + 1;
        // "last April", "next Friday" are handled here too for months.
        if let Lex::Month(m) = self.lex(k) {
            if the || !self.capital(k) {
                return None;
            }
            let dir = match word {
                Last | Past | Previous => Dir::PastStrict,
                Next | Coming | Following | Upcoming => Dir::FutureStrict,
                This | Current => Dir::Same,
                _ => return None,
            };
            return self.found(
                i,
                k + 1,
                TimexType::Date,
                Sem::Calendar {
                    year: None,
                    month: Some(m),
                    day: None,
                    weekday: None,
                    dir,
                },
            );
        }
        // "the past two months", "the next 10 days", "the last few years": durations.
        if matches!(word, Last | Past | Next | Coming | Previous | Following) {
            if let Some((amount, k2)) = self.amount(k) {
                if let Some((unit, _)) = self.unit(k2) {
                    if amount != Some(1.0) || !matches!(self.lex(k), Lex::Kw(A)) {
                        return self.found(
                            i,
                            k2 + 1,
                            TimexType::Duration,
                            Sem::Duration { amount, unit },
                        );
                    }
                }
            }
            if let Some((unit, true)) = self.unit(k) {
                // "the coming weeks", "the past months".
                return self.found(
                    i,
                    k + 1,
                    TimexType::Duration,
                    Sem::Duration { amount: None, unit },
                );
            }
        }
        let (unit, plural) = self.unit(k)?;
        if plural || matches!(unit, Unit::Second | Unit::Minute | Unit::Hour) {
            return None;
        }
        let end = k + 1;
        match (word, the) {
            // "the past year", "the last month": the span up to now.
            (Past, _) | (Last, true) if unit != Unit::Weekend => self.found(
                i,
                end,
                TimexType::Duration,
                Sem::Duration {
                    amount: Some(1.0),
                    unit,
                },
            ),
            (Next | Following, true)
            | (Previous | Following, false)
            | (Previous, true)
            | (Same, true)
            | (That, false) => {
                let n = match word {
                    Next | Following => 1,
                    Previous => -1,
                    _ => 0,
                };
                let mut f = self.found(
                    i,
                    end,
                    TimexType::Date,
                    Sem::Shift {
                        unit,
                        n,
                        anaphoric: true,
                    },
                )?;
                if let Lex::Pod(p) = self.lex(end) {
                    if unit == Unit::Day {
                        f.end = end + 1;
                        f.ty = TimexType::Time;
                        f.tod = Some(Tod::Pod(p));
                    }
                }
                Some(f)
            }
            // "last week", "this year", "next month": from the publication date.
            (Last | This | Current | Next | Coming | Upcoming, false)
            | (Current | Coming | Upcoming, true) => {
                let n = match word {
                    Last => -1,
                    This | Current => 0,
                    _ => 1,
                };
                self.found(
                    i,
                    end,
                    TimexType::Date,
                    Sem::Shift {
                        unit,
                        n,
                        anaphoric: false,
                    },
                )
            }
            _ => None,
        }
    }

    /// "the third quarter", "third-quarter", "the fourth quarter of 1998", "the latest quarter",
    /// "the first half", "the first nine months".
    fn quarter(&self, i: usize) -> Option<Found> {
        use Kw::*;
        let (j, the) = self.after_the(i);
        let (j, _fiscal) = if self.kw(j, Fiscal) {
            (j + 1, true)
        } else {
            (j, false)
        };
        let ordinal = match self.lex(j) {
            Lex::Ordinal(n) | Lex::OrdinalNum(n) => Some(n),
            Lex::Kw(Second) => Some(2),
            Lex::Kw(Final) => Some(4),
            _ => None,
        };
        // "the first nine months", "the nine months": a duration.
        if the {
            let k = if ordinal == Some(1) { j + 1 } else { j };
            if let Some((Some(n), k2)) = self.amount(k) {
                if self.lex(k2)
                    == (Lex::Unit {
                        unit: Unit::Month,
                        plural: true,
                    })
                    && n > 1.0
                {
                    return self.found(
                        i,
                        k2 + 1,
                        TimexType::Duration,
                        Sem::Duration {
                            amount: Some(n),
                            unit: Unit::Month,
                        },
                    );
                }
            }
        }
        if let Some(n) = ordinal {
            let k = if self.punct(j + 1, b'-') && self.glued(j) {
                j + 2
            } else {
                j + 1
            };
            let is_quarter = self.lex(k)
                == (Lex::Unit {
                    unit: Unit::Quarter,
                    plural: false,
                });
            let is_half = self.kw(k, Half);
            if (is_quarter && (1..=4).contains(&n)) || (is_half && (1..=2).contains(&n)) {
                let (year, end) = self.of_year(k + 1);
                // "the third-quarter results": the article belongs to "results".
                let i = if k == j + 2 && the { i + 1 } else { i };
                let sem = if is_quarter {
                    Sem::Quarter { q: n, year }
                } else {
                    Sem::Half { h: n, year }
                };
                return self.found(i, end, TimexType::Date, sem);
            }
            return None;
        }
        if the
            && matches!(self.lex(j), Lex::Kw(Latest | Last))
            && self.lex(j + 1)
                == (Lex::Unit {
                    unit: Unit::Quarter,
                    plural: false,
                })
        {
            return self.found(i, j + 2, TimexType::Date, Sem::PreviousQuarter);
        }
        None
    }

    /// An optional "of 1998", "of this year", "of last year", " 1998" after a quarter or season.
    fn of_year(&self, k: usize) -> (YearRef, usize) {
        let k2 = if self.kw(k, Kw::Of) || self.kw(k, Kw::In) {
            k + 1
        } else {
            k
        };
        let k3 = if self.kw(k2, Kw::Fiscal) { k2 + 1 } else { k2 };
        if let Some((y, end)) = self.year_number(k3) {
            return (YearRef::Given(y), end);
        }
        let year_word = Lex::Unit {
            unit: Unit::Year,
            plural: false,
        };
        if k2 > k && self.lex(k2 + 1) == year_word {
            match self.lex(k2) {
                Lex::Kw(Kw::This) => return (YearRef::Relative(0), k2 + 2),
                Lex::Kw(Kw::Last) => return (YearRef::Relative(-1), k2 + 2),
                Lex::Kw(Kw::Next) => return (YearRef::Relative(1), k2 + 2),
                _ => {}
            }
        }
        (YearRef::Nearest(Dir::Tense), k)
    }

    /// "this summer", "last fall", "the spring of 1994", "summer".
    fn season(&self, i: usize) -> Option<Found> {
        use Kw::*;
        let (j, year) = match self.lex(i) {
            Lex::Kw(This) if self.kw(i + 1, Past) => (i + 2, YearRef::Nearest(Dir::Past)),
            Lex::Kw(This | Current) => (i + 1, YearRef::Relative(0)),
            Lex::Kw(Last | Past | Previous) => (i + 1, YearRef::Nearest(Dir::PastStrict)),
            Lex::Kw(Next | Coming) => (i + 1, YearRef::Nearest(Dir::FutureStrict)),
            Lex::Kw(The) => (i + 1, YearRef::Nearest(Dir::Tense)),
            _ => (i, YearRef::Nearest(Dir::Tense)),
        };
        let Lex::Season(season) = self.lex(j) else {
            return None;
        };
        if j == i {
            // A bare season word ("fall" is also a verb): only after "in"/"early"/"late" or capitalised with a year.
            let before = i.checked_sub(1).map(|b| self.lex(b));
            let (y, end) = self.of_year(j + 1);
            if let YearRef::Given(_) = y {
                return self.found(i, end, TimexType::Date, Sem::Season { season, year: y });
            }
            if season == Season::Fall
                || !matches!(
                    before,
                    Some(Lex::Kw(In | Early | Late | Mid | Since | Until))
                )
            {
                return None;
            }
            return self.found(i, j + 1, TimexType::Date, Sem::Season { season, year });
        }
        let (year, end) = match self.of_year(j + 1) {
            (y @ YearRef::Given(_), end) => (y, end),
            _ => (year, j + 1),
        };
        self.found(i, end, TimexType::Date, Sem::Season { season, year })
    }

    /// A count before a unit: digits, number words ("twenty-four"), "a", "a few", "several".
    /// `None` amount means unspecified ("several", "a few").
    fn amount(&self, i: usize) -> Option<(Option<f64>, usize)> {
        use Kw::*;
        match self.lex(i) {
            Lex::Num { value, digits } if digits <= 4 => {
                // "5 1/2 hours"
                if let (
                    Lex::Num {
                        value: 1,
                        digits: 1,
                    },
                    Lex::Punct(b'/'),
                    Lex::Num {
                        value: 2,
                        digits: 1,
                    },
                ) = (self.lex(i + 1), self.lex(i + 2), self.lex(i + 3))
                {
                    if self.glued(i + 1) && self.glued(i + 2) {
                        return Some((Some(f64::from(value) + 0.5), i + 4));
                    }
                }
                // "2.5 years"
                if self.punct(i + 1, b'.') && self.glued(i) && self.glued(i + 1) {
                    if let Lex::Num {
                        value: frac,
                        digits: fd,
                    } = self.lex(i + 2)
                    {
                        let v = f64::from(value) + f64::from(frac) / 10f64.powi(i32::from(fd));
                        return Some((Some(v), i + 3));
                    }
                }
                Some((Some(f64::from(value)), i + 1))
            }
            Lex::NumWord(n) => {
                let mut v = n;
                let mut k = i + 1;
                if n >= 20 && n % 10 == 0 {
                    let k2 = if self.punct(k, b'-') { k + 1 } else { k };
                    if let Lex::NumWord(u) = self.lex(k2) {
                        if u < 10 {
                            v += u;
                            k = k2 + 1;
                        }
                    }
                }
                if self.kw(k, Hundred) {
                    v *= 100;
                    k += 1;
                } else if self.kw(k, Thousand) {
                    v *= 1000;
                    k += 1;
                }
                // "two and a half years"
                if self.kw(k, And) && self.kw(k + 1, A) && self.kw(k + 2, Half) {
                    return Some((Some(f64::from(v) + 0.5), k + 3));
                }
                Some((Some(f64::from(v)), k))
            }
            Lex::Kw(A) => match self.lex(i + 1) {
                Lex::Kw(Few) => Some((None, i + 2)),
                Lex::Kw(Couple) if self.kw(i + 2, Of) => Some((Some(2.0), i + 3)),
                Lex::Kw(Couple) => Some((Some(2.0), i + 2)),
                Lex::Kw(Hundred) => Some((Some(100.0), i + 2)),
                Lex::Kw(Thousand) => Some((Some(1000.0), i + 2)),
                _ => Some((Some(1.0), i + 1)),
            },
            Lex::Kw(Several | Few | Many) => Some((None, i + 1)),
            _ => None,
        }
    }

    /// "three days ago", "a year earlier", "two weeks later", "year-ago", "years ago".
    fn ago(&self, i: usize) -> Option<Found> {
        use Kw::*;
        let (amount, k) = match self.amount(i) {
            Some(a) => a,
            None if self.unit(i).is_some() => (Some(1.0), i),
            None => return None,
        };
        let (unit, plural) = self.unit(k)?;
        let k2 = if self.punct(k + 1, b'-') && self.glued(k) {
            k + 2
        } else {
            k + 1
        };
        if k == i && (k2 == k + 1 || plural) {
            // A bare unit is only "year-ago"/"year-earlier" (glued); "years ago" is below.
            if !(plural && k2 == k + 1 && self.kw(k2, Ago)) {
                return None;
            }
        }
        // (sign of the offset, whether it counts from the last date mentioned, vague value)
        let (sign, anaphoric, vague) = match self.lex(k2) {
            Lex::Kw(Ago) => (-1, false, "PAST_REF"),
            Lex::Kw(Earlier) => (-1, true, "PAST_REF"),
            Lex::Kw(Later) => (1, true, "FUTURE_REF"),
            // "two days before" / "after" only at the end of a clause: otherwise they are
            // prepositions ("two days after the vote": a duration and an event).
            Lex::Kw(Before) if self.is_clause_end(k2 + 1) => (-1, true, "PAST_REF"),
            Lex::Kw(After) if self.is_clause_end(k2 + 1) => (1, true, "FUTURE_REF"),
            _ => return None,
        };
        let sem = match amount {
            Some(a) if a.fract() == 0.0 => Sem::Shift {
                unit,
                n: sign * a as i32,
                anaphoric,
            },
            _ => Sem::Ref(vague),
        };
        self.found(i, k2 + 1, TimexType::Date, sem)
    }

    fn is_clause_end(&self, i: usize) -> bool {
        i >= self.toks.len()
            || matches!(
                self.lex(i),
                Lex::Punct(b'.' | b',' | b';' | b'!' | b'?' | b')')
            )
    }

    /// "three years", "24 hours", "two-year", "a week", "several months", "half an hour".
    fn duration(&self, i: usize) -> Option<Found> {
        use Kw::*;
        if self.kw(i, Half) && self.kw(i + 1, A) {
            let (unit, false) = self.unit(i + 2)? else {
                return None;
            };
            return self.found(
                i,
                i + 3,
                TimexType::Duration,
                Sem::Duration {
                    amount: Some(0.5),
                    unit,
                },
            );
        }
        let (amount, k) = self.amount(i)?;
        let hyphen = self.punct(k, b'-') && k > i && self.glued(k - 1);
        let k = if hyphen { k + 1 } else { k };
        let (unit, plural) = self.unit(k)?;
        // "1988 quarter": a large count needs a plural unit, except in a hyphenated adjective
        // ("a 1000-year flood"); a small one is an adjective without its hyphen ("a five year
        // low", "a 30 day period").
        if !hyphen && !plural && amount.is_some_and(|a| a >= 100.0) {
            return None;
        }
        // "three-quarters", "a quarter of the vote": fractions, not periods.
        if unit == Unit::Quarter && (hyphen || self.kw(k + 1, Of)) {
            return None;
        }
        // "37-year-old" is an age; "a year" after "once"/"twice"/"per" is a frequency.
        if self.punct(k + 1, b'-')
            && self.glued(k)
            && (self.kw(k + 2, Old) || self.kw(k + 2, Ago) || self.kw(k + 2, Earlier))
        {
            return None;
        }
        if self.kw(k + 1, Old) {
            return None;
        }
        let a_word = self.kw(i, A);
        if a_word && amount == Some(1.0) && plural {
            return None;
        }
        if amount == Some(1.0)
            && a_word
            && i > 0
            && matches!(
                self.lex(i - 1),
                Lex::Kw(Once | Twice) | Lex::Num { .. } | Lex::NumWord(_)
            )
        {
            return None;
        }
        let mut end = k + 1;
        let mut amount = amount;
        // "a year and a half", "an hour and a half".
        if self.kw(end, And) && self.kw(end + 1, A) && self.kw(end + 2, Half) {
            amount = amount.map(|a| a + 0.5);
            end += 3;
        }
        // "decades-long", "two-week-long".
        if self.punct(end, b'-') && self.glued(end - 1) && self.kw(end + 1, Long) {
            end += 2;
        }
        self.found(i, end, TimexType::Duration, Sem::Duration { amount, unit })
    }

    /// "daily", "every week", "each year", "twice a month", "every Monday".
    fn set(&self, i: usize) -> Option<Found> {
        use Kw::*;
        let lit = |end, v| self.found(i, end, TimexType::Set, Sem::Literal(v));
        match self.lex(i) {
            Lex::Kw(k @ (Daily | Weekly | Monthly | Annually | Yearly | Hourly | Nightly)) => {
                // "the People's Daily", "Weekly Standard": a capitalised name mid-sentence.
                if self.capital(i)
                    && i > 0
                    && !matches!(self.lex(i - 1), Lex::Punct(b'.' | b'"' | b'\n'))
                {
                    return None;
                }
                let v = match k {
                    Daily => "P1D",
                    Weekly => "P1W",
                    Monthly => "P1M",
                    Annually | Yearly => "P1Y",
                    Hourly => "PT1H",
                    _ => "XXXX-XX-XXTNI",
                };
                lit(i + 1, v)
            }
            Lex::Kw(Every | Each) => {
                let j = if self.kw(i + 1, OtherDet) {
                    i + 2
                } else {
                    i + 1
                };
                let every_other = j == i + 2;
                if let Lex::Weekday(w) = self.lex(j) {
                    return self.found(i, j + 1, TimexType::Set, Sem::SetWeekday(w));
                }
                let (amount, k) = match self.amount(j) {
                    Some((Some(a), k)) if !self.kw(j, A) => (a as u32, k),
                    _ => (if every_other { 2 } else { 1 }, j),
                };
                let (unit, _) = self.unit(k)?;
                self.found(i, k + 1, TimexType::Set, Sem::SetEvery { amount, unit })
            }
            Lex::Kw(Once | Twice) => {
                if !(self.kw(i + 1, A)
                    || self.kw(i + 1, Per)
                    || self.kw(i + 1, Every)
                    || self.kw(i + 1, Each))
                {
                    return None;
                }
                let (unit, false) = self.unit(i + 2)? else {
                    return None;
                };
                self.found(i, i + 3, TimexType::Set, Sem::SetEvery { amount: 1, unit })
            }
            _ => None,
        }
    }

    /// "3 p.m.", "10:35 a.m. EST", "noon", "midnight Friday", "9 a.m. Tuesday".
    fn clock(&self, i: usize) -> Option<Found> {
        use Kw::*;
        let (hour, minute, mut k) = match self.lex(i) {
            Lex::HourAmPm { hour, pm } => (to_24(hour, pm), 0, i + 1),
            Lex::Kw(Noon) => (12, 0, i + 1),
            Lex::Kw(Midnight) => (24, 0, i + 1),
            Lex::Num { value: h, digits } if digits <= 2 && h <= 24 => {
                let (minute, k) = if self.punct(i + 1, b':') && self.glued(i) && self.glued(i + 1) {
                    match self.lex(i + 2) {
                        Lex::Num {
                            value: m,
                            digits: 2,
                        } if m < 60 => (m, i + 3),
                        _ => return None,
                    }
                } else {
                    (0, i + 1)
                };
                match self.am_pm(k) {
                    Some((pm, k2)) if (1..=12).contains(&h) => (to_24(h, pm), minute, k2),
                    None if k > i + 1 && self.kw(k, Zone) => (h, minute, k),
                    _ => return None,
                }
            }
            _ => return None,
        };
        if self.kw(k, Zone) {
            k += 1;
        }
        let clock = Some(Tod::Clock { hour, minute });
        // A day written after the time: "9 a.m. Tuesday", "5 p.m. EST, Nov. 6", "noon yesterday".
        let k2 = if self.punct(k, b',') || self.kw(k, On) {
            k + 1
        } else {
            k
        };
        for day in [self.explicit_date(k2), self.weekday(k2), self.deictic(k2)]
            .into_iter()
            .flatten()
        {
            if day.tod.is_none()
                && matches!(
                    day.sem,
                    Sem::Calendar { day: Some(_), .. }
                        | Sem::Calendar {
                            weekday: Some(_),
                            ..
                        }
                        | Sem::Shift {
                            unit: Unit::Day,
                            ..
                        }
                )
            {
                let mut f = day;
                f.start = i;
                f.ty = TimexType::Time;
                f.tod = clock;
                return Some(f);
            }
        }
        let mut f = self.found(
            i,
            k,
            TimexType::Time,
            Sem::Shift {
                unit: Unit::Day,
                n: 0,
                anaphoric: false,
            },
        )?;
        f.tod = clock;
        Some(f)
    }

    /// "a.m." / "p.m." / "am" / "pm" at `k`.
    fn am_pm(&self, k: usize) -> Option<(bool, usize)> {
        match self.lex(k) {
            Lex::Kw(Kw::Am) => Some((false, k + 1)),
            Lex::Kw(Kw::Pm) => Some((true, k + 1)),
            Lex::Kw(Kw::A) | Lex::Other if self.punct(k + 1, b'.') && self.glued(k) => {
                let t = self.toks.get(k)?;
                let len = t.end - t.start;
                if len != 1 {
                    return None;
                }
                let pm = self.lex(k) == Lex::Other;
                // "a.m." / "p.m.": the letter after the period must be "m".
                if !self.glued(k + 1) {
                    return None;
                }
                let m = self.toks.get(k + 2)?;
                if m.end - m.start != 1 || m.lex != Lex::Other {
                    return None;
                }
                let end = if self.punct(k + 3, b'.') && self.glued(k + 2) {
                    k + 4
                } else {
                    k + 3
                };
                Some((pm, end))
            }
            _ => None,
        }
    }

    /// "Christmas", "Christmas Eve", "New Year's Day", "Thanksgiving".
    fn holiday(&self, i: usize) -> Option<Found> {
        use Kw::*;
        let day_word = |k: usize| {
            self.lex(k)
                == (Lex::Unit {
                    unit: Unit::Day,
                    plural: false,
                })
                && self.capital(k)
        };
        let (holiday, end) = match self.lex(i) {
            Lex::Kw(Christmas) if self.capital(i) => {
                if self.kw(i + 1, Eve) {
                    (Holiday::ChristmasEve, i + 2)
                } else if day_word(i + 1) {
                    (Holiday::Christmas, i + 2)
                } else {
                    (Holiday::Christmas, i + 1)
                }
            }
            Lex::Kw(Thanksgiving) if self.capital(i) => (
                Holiday::Thanksgiving,
                if day_word(i + 1) { i + 2 } else { i + 1 },
            ),
            Lex::Kw(New)
                if self.capital(i)
                    && self.lex(i + 1)
                        == (Lex::Unit {
                            unit: Unit::Year,
                            plural: false,
                        })
                    && self.punct(i + 2, b'\'') =>
            {
                let k = i + 4;
                if self.kw(k, Eve) {
                    (Holiday::NewYearsEve, k + 1)
                } else if day_word(k) {
                    (Holiday::NewYearsDay, k + 1)
                } else {
                    return None;
                }
            }
            _ => return None,
        };
        self.found(
            i,
            end,
            TimexType::Date,
            Sem::Holiday {
                holiday,
                dir: Dir::Tense,
            },
        )
    }
}

fn to_24(hour: u32, pm: bool) -> u32 {
    match (hour, pm) {
        (12, false) => 0,
        (12, true) => 12,
        (h, true) => h + 12,
        (h, false) => h,
    }
}

/// Cheap filter: words that are none of the vocabulary, punctuation and parts of the day
/// never start an expression (the rules dispatch on everything else).
fn can_start(lex: Lex) -> bool {
    !matches!(lex, Lex::Other | Lex::Punct(_) | Lex::Pod(_))
}
