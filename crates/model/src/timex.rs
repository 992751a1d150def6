use serde::{Deserialize, Serialize};

use crate::Span;

/// TimeML TIMEX3 types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexType {
    /// A calendar date or period: `2017-05-25`, `2017-W21`, `2017-Q2`, `PAST_REF`.
    Date,
    /// A time of day, or a part of one: `2017-05-25T15:00`, `2017-05-25TMO`.
    Time,
    /// A length of time: `P3D`, `PT24H`, `PXY`.
    Duration,
    /// A recurrence: `P1D` ("daily"), `XXXX-WXX-1` ("every Monday").
    Set,
}

impl TimexType {
    pub fn as_str(self) -> &'static str {
        match self {
            TimexType::Date => "DATE",
            TimexType::Time => "TIME",
            TimexType::Duration => "DURATION",
            TimexType::Set => "SET",
        }
    }
}

/// What a timex value was computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimexAnchor {
    /// The expression says it all ("May 25, 2017", "three days", "daily").
    Absolute,
    /// Resolved against the document creation time ("yesterday", "on Thursday").
    Dct,
    /// Resolved against an earlier timex of the same text ("the next day", "a year earlier").
    Timex(Span),
    /// The document has no date of its own, so the value is inferred: the year ("On 13
    /// October") from the dates of the pile's other articles, and from the weekday when the
    /// text gives one; a bare weekday ("on Tuesday") as the one nearest the latest day the
    /// text states.
    Pile,
}

/// A temporal expression found in a text: its span, TimeML type and value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timex {
    pub span: Span,
    #[serde(rename = "type")]
    pub kind: TimexType,
    /// TimeML TIMEX3 value. Unknown parts are `X` (`XXXX-10-13`: the year could not be known).
    pub value: String,
    pub anchor: TimexAnchor,
    /// TimeML `mod`.
    #[serde(default, rename = "mod", skip_serializing_if = "Option::is_none")]
    pub modifier: Option<TimexMod>,
}

/// TimeML `mod` values that news text expresses ("early May", "about a year", "more than two days").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TimexMod {
    Start,
    Mid,
    End,
    Approx,
    MoreThan,
    LessThan,
    EqualOrLess,
    EqualOrMore,
}
