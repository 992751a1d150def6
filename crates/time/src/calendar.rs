//! Calendar arithmetic on TimeML points: a day, week, month, quarter, half, season, year,
//! decade or century, shifted by whole units and written as TIMEX3 values.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

use crate::lexicon::{Season, Unit};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Point {
    Day(NaiveDate),
    /// ISO week, by its Monday.
    Week(NaiveDate),
    /// The weekend of an ISO week, by the week's Monday.
    Weekend(NaiveDate),
    Month(i32, u32),
    Quarter(i32, u32),
    Half(i32, u32),
    Season(i32, Season),
    Year(i32),
    /// 199 is the 1990s.
    Decade(i32),
    /// 19 is the 1900s.
    Century(i32),
}

fn monday_of(d: NaiveDate) -> Option<NaiveDate> {
    d.checked_sub_days(Days::new(u64::from(d.weekday().num_days_from_monday())))
}

fn add_months(y: i32, m: u32, n: i32) -> (i32, u32) {
    let total = y * 12 + (m as i32 - 1) + n;
    (total.div_euclid(12), (total.rem_euclid(12) + 1) as u32)
}

fn shift_days(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    if n >= 0 {
        d.checked_add_days(Days::new(n as u64))
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs()))
    }
}

fn shift_months(d: NaiveDate, n: i32) -> Option<NaiveDate> {
    if n >= 0 {
        d.checked_add_months(Months::new(n as u32))
    } else {
        d.checked_sub_months(Months::new(n.unsigned_abs()))
    }
}

impl Point {
    /// The point of granularity `unit` that contains day `d`.
    pub fn containing(d: NaiveDate, unit: Unit) -> Option<Point> {
        Some(match unit {
            Unit::Second | Unit::Minute | Unit::Hour | Unit::Day => Point::Day(d),
            Unit::Week => Point::Week(monday_of(d)?),
            Unit::Weekend => Point::Weekend(monday_of(d)?),
            Unit::Month => Point::Month(d.year(), d.month()),
            Unit::Quarter => Point::Quarter(d.year(), (d.month() - 1) / 3 + 1),
            Unit::Year => Point::Year(d.year()),
            Unit::Decade => Point::Decade(d.year().div_euclid(10)),
            Unit::Century => Point::Century(d.year().div_euclid(100)),
        })
    }

    /// A day inside the point (its first), for comparisons.
    pub fn first_day(self) -> Option<NaiveDate> {
        match self {
            Point::Day(d) | Point::Week(d) => Some(d),
            Point::Weekend(d) => shift_days(d, 5),
            Point::Month(y, m) => NaiveDate::from_ymd_opt(y, m, 1),
            Point::Quarter(y, q) => NaiveDate::from_ymd_opt(y, (q - 1) * 3 + 1, 1),
            Point::Half(y, h) => NaiveDate::from_ymd_opt(y, (h - 1) * 6 + 1, 1),
            Point::Season(y, s) => NaiveDate::from_ymd_opt(y, s.first_month(), 1),
            Point::Year(y) => NaiveDate::from_ymd_opt(y, 1, 1),
            Point::Decade(d) => NaiveDate::from_ymd_opt(d * 10, 1, 1),
            Point::Century(c) => NaiveDate::from_ymd_opt(c * 100, 1, 1),
        }
    }

    /// Whether the point is at least as fine as `unit` (a day can be shifted by weeks; a year
    /// cannot be shifted by days).
    fn fine_enough(self, unit: Unit) -> bool {
        let rank = |u: Unit| match u {
            Unit::Second | Unit::Minute | Unit::Hour | Unit::Day => 0,
            Unit::Week | Unit::Weekend => 1,
            Unit::Month => 2,
            Unit::Quarter => 3,
            Unit::Year => 4,
            Unit::Decade => 5,
            Unit::Century => 6,
        };
        let own = match self {
            Point::Day(_) => 0,
            Point::Week(_) | Point::Weekend(_) => 1,
            Point::Month(..) => 2,
            Point::Quarter(..) | Point::Half(..) | Point::Season(..) => 3,
            Point::Year(_) => 4,
            Point::Decade(_) => 5,
            Point::Century(_) => 6,
        };
        own <= rank(unit)
    }

    /// The point `n` units later (earlier when negative), at the point's own granularity.
    pub fn shift(self, unit: Unit, n: i32) -> Option<Point> {
        if !self.fine_enough(unit) {
            return None;
        }
        let months = match unit {
            Unit::Month => Some(n),
            Unit::Quarter => Some(3 * n),
            Unit::Year => Some(12 * n),
            Unit::Decade => Some(120 * n),
            Unit::Century => Some(1200 * n),
            _ => None,
        };
        let days = match unit {
            Unit::Day => Some(i64::from(n)),
            Unit::Week | Unit::Weekend => Some(7 * i64::from(n)),
            _ => None,
        };
        Some(match self {
            Point::Day(d) => Point::Day(match (days, months) {
                (Some(k), _) => shift_days(d, k)?,
                (_, Some(k)) => shift_months(d, k)?,
                _ => return None,
            }),
            Point::Week(d) | Point::Weekend(d) => {
                let moved = match (days, months) {
                    (Some(k), _) => shift_days(d, k)?,
                    (_, Some(k)) => monday_of(shift_months(d, k)?)?,
                    _ => return None,
                };
                if matches!(self, Point::Week(_)) {
                    Point::Week(moved)
                } else {
                    Point::Weekend(moved)
                }
            }
            Point::Month(y, m) => {
                let (y, m) = add_months(y, m, months?);
                Point::Month(y, m)
            }
            Point::Quarter(y, q) => {
                let (y, m) = add_months(y, (q - 1) * 3 + 1, months?);
                Point::Quarter(y, (m - 1) / 3 + 1)
            }
            Point::Half(y, h) => {
                let (y, m) = add_months(y, (h - 1) * 6 + 1, months?);
                Point::Half(y, (m - 1) / 6 + 1)
            }
            Point::Season(y, s) => Point::Season(y + months? / 12, s),
            Point::Year(y) => Point::Year(y + months? / 12),
            Point::Decade(d) => Point::Decade(d + months? / 120),
            Point::Century(c) => Point::Century(c + months? / 1200),
        })
    }

    /// The TIMEX3 value.
    pub fn value(self) -> String {
        match self {
            Point::Day(d) => format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
            Point::Week(d) => {
                let w = d.iso_week();
                format!("{:04}-W{:02}", w.year(), w.week())
            }
            Point::Weekend(d) => {
                let w = d.iso_week();
                format!("{:04}-W{:02}-WE", w.year(), w.week())
            }
            Point::Month(y, m) => format!("{y:04}-{m:02}"),
            Point::Quarter(y, q) => format!("{y:04}-Q{q}"),
            Point::Half(y, h) => format!("{y:04}-H{h}"),
            Point::Season(y, s) => format!("{y:04}-{}", s.code()),
            Point::Year(y) => format!("{y:04}"),
            Point::Decade(d) => format!("{d:03}"),
            Point::Century(c) => format!("{c:02}"),
        }
    }
}

pub(crate) fn weekday_number(d: NaiveDate) -> u32 {
    d.weekday().number_from_monday()
}

pub(crate) fn weekday_from_number(n: u32) -> Weekday {
    match n {
        1 => Weekday::Mon,
        2 => Weekday::Tue,
        3 => Weekday::Wed,
        4 => Weekday::Thu,
        5 => Weekday::Fri,
        6 => Weekday::Sat,
        _ => Weekday::Sun,
    }
}

/// The `nth` (1-based) given weekday of a month: Thanksgiving is the fourth Thursday of November.
pub(crate) fn nth_weekday(year: i32, month: u32, weekday: u32, nth: u8) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday_from_number(weekday), nth)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn shifts_keep_granularity() {
        let d = day("2017-05-31");
        assert_eq!(
            Point::Day(d).shift(Unit::Day, -1).unwrap().value(),
            "2017-05-30"
        );
        assert_eq!(
            Point::Day(d).shift(Unit::Month, -1).unwrap().value(),
            "2017-04-30"
        );
        assert_eq!(
            Point::containing(d, Unit::Week)
                .unwrap()
                .shift(Unit::Week, -1)
                .unwrap()
                .value(),
            "2017-W21"
        );
        assert_eq!(
            Point::containing(d, Unit::Month)
                .unwrap()
                .shift(Unit::Month, -5)
                .unwrap()
                .value(),
            "2016-12"
        );
        assert_eq!(
            Point::containing(d, Unit::Quarter)
                .unwrap()
                .shift(Unit::Quarter, -2)
                .unwrap()
                .value(),
            "2016-Q4"
        );
        assert_eq!(
            Point::Quarter(1989, 3)
                .shift(Unit::Year, -1)
                .unwrap()
                .value(),
            "1988-Q3"
        );
        assert_eq!(Point::containing(d, Unit::Decade).unwrap().value(), "201");
        assert_eq!(Point::Year(2017).shift(Unit::Day, 1), None);
        assert_eq!(
            Point::containing(day("2017-01-01"), Unit::Weekend)
                .unwrap()
                .value(),
            "2016-W52-WE"
        );
    }
}
