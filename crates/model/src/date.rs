use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// A calendar date, or a moment when the source gave a time too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum DateValue {
    /// Serialised as `2017-05-25`.
    Date(NaiveDate),
    /// Serialised as RFC 3339, `2017-05-25T14:03:00+03:00`.
    DateTime(DateTime<FixedOffset>),
}

impl DateValue {
    /// Parses the date forms found in feeds and HTML metadata: RFC 3339 / ISO 8601 with or
    /// without offset or seconds, RFC 2822, a plain `YYYY-MM-DD`, `YYYY/MM/DD` and `YYYYMMDD`.
    pub fn parse(raw: &str) -> Option<DateValue> {
        let s = raw.trim();
        if s.is_empty() {
            return None;
        }
        if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
            return Some(DateValue::DateTime(dt));
        }
        if let Ok(dt) = DateTime::parse_from_rfc2822(s) {
            return Some(DateValue::DateTime(dt));
        }
        for fmt in [
            "%Y-%m-%dT%H:%M:%S%.f%z",
            "%Y-%m-%dT%H:%M%z",
            "%Y-%m-%d %H:%M:%S%.f%z",
        ] {
            if let Ok(dt) = DateTime::parse_from_str(s, fmt) {
                return Some(DateValue::DateTime(dt));
            }
        }
        // A local time without an offset: the date is what we can trust.
        for fmt in [
            "%Y-%m-%dT%H:%M:%S%.f",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M:%S%.f",
            "%Y-%m-%d %H:%M",
        ] {
            if let Ok(dt) = chrono::NaiveDateTime::parse_from_str(s, fmt) {
                return Some(DateValue::Date(dt.date()));
            }
        }
        for fmt in [
            "%Y-%m-%d",
            "%Y/%m/%d",
            "%Y%m%d",
            "%d %B %Y",
            "%B %d, %Y",
            "%b %d, %Y",
            "%d %b %Y",
        ] {
            if let Ok(d) = NaiveDate::parse_from_str(s, fmt) {
                return Some(DateValue::Date(d));
            }
        }
        // "2017-05-25T..." with some unusual tail: keep the date part when it is clean.
        if s.len() > 10 && s.is_char_boundary(10) {
            if let Ok(d) = NaiveDate::parse_from_str(&s[..10], "%Y-%m-%d") {
                return Some(DateValue::Date(d));
            }
        }
        None
    }

    pub fn date(self) -> NaiveDate {
        match self {
            DateValue::Date(d) => d,
            DateValue::DateTime(dt) => dt.date_naive(),
        }
    }
}

impl std::fmt::Display for DateValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DateValue::Date(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            DateValue::DateTime(dt) => write!(f, "{}", dt.to_rfc3339()),
        }
    }
}

/// Where a publication date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateSource {
    /// A `published`/`date` field of a feed or JSON record.
    Metadata,
    /// `<meta>` tags or JSON-LD of an HTML page.
    HtmlMeta,
    /// A `YYYY-MM-DD` folder in the file's path.
    FolderName,
    /// The dateline at the head of the text (`WASHINGTON, Oct 5, 2017 (Reuters) -`).
    Dateline,
    /// Inferred from the text or the corpus; see `evidence`.
    Inferred,
    /// No date could be found.
    Unknown,
}

/// A document's publication date with where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Published {
    pub value: Option<DateValue>,
    pub source: DateSource,
    /// 1.0 for metadata; lower for weaker sources; 0.0 when unknown.
    pub confidence: f32,
    /// What the value was read from (the raw metadata string, the folder name, the dateline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// What the text proves of the date even when `value` is unknown: the article is never
    /// earlier than the latest event it reports as past ("on or after 2017-05-25").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_before: Option<NaiveDate>,
    /// ... and never later than an event it announces as coming.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_after: Option<NaiveDate>,
}

impl Published {
    pub fn unknown() -> Published {
        Published {
            value: None,
            source: DateSource::Unknown,
            confidence: 0.0,
            evidence: None,
            not_before: None,
            not_after: None,
        }
    }

    pub fn known(value: DateValue, source: DateSource, confidence: f32) -> Published {
        Published {
            value: Some(value),
            source,
            confidence,
            evidence: None,
            not_before: None,
            not_after: None,
        }
    }

    pub fn with_evidence(mut self, evidence: impl Into<String>) -> Published {
        self.evidence = Some(evidence.into());
        self
    }

    pub fn is_known(&self) -> bool {
        self.value.is_some()
    }

    /// The bounds as words: "on or after 2017-05-25", "between 2017-05-25 and 2017-06-01".
    pub fn bounds_text(&self) -> Option<String> {
        match (self.not_before, self.not_after) {
            (Some(a), Some(b)) => Some(format!("between {a} and {b}")),
            (Some(a), None) => Some(format!("on or after {a}")),
            (None, Some(b)) => Some(format!("on or before {b}")),
            (None, None) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_common_forms() {
        let d = |s: &str| DateValue::parse(s).map(|v| v.to_string());
        assert_eq!(d("2017-05-25").as_deref(), Some("2017-05-25"));
        assert_eq!(
            d("2017-05-25T14:03:00+03:00").as_deref(),
            Some("2017-05-25T14:03:00+03:00")
        );
        assert_eq!(
            d("2017-05-25T14:03:00Z").as_deref(),
            Some("2017-05-25T14:03:00+00:00")
        );
        assert_eq!(
            d("Thu, 25 May 2017 14:03:00 +0000").as_deref(),
            Some("2017-05-25T14:03:00+00:00")
        );
        assert_eq!(d("2017-05-25T14:03:00").as_deref(), Some("2017-05-25"));
        assert_eq!(d("2017/05/25").as_deref(), Some("2017-05-25"));
        assert_eq!(d("May 25, 2017").as_deref(), Some("2017-05-25"));
        assert_eq!(d("yesterday"), None);
        assert_eq!(d(""), None);
        assert_eq!(d("2017-13-45"), None);
    }

    #[test]
    fn bounds_are_optional_in_json() {
        // A `Published` written before bounds existed still reads.
        let old = r#"{"value":null,"source":"unknown","confidence":0.0}"#;
        let p: Published = serde_json::from_str(old).unwrap();
        assert_eq!(p, Published::unknown());
        let mut p = Published::unknown();
        p.not_before = NaiveDate::from_ymd_opt(2017, 5, 25);
        let json = serde_json::to_string(&p).unwrap();
        assert!(json.contains("\"not_before\":\"2017-05-25\""), "{json}");
        assert_eq!(serde_json::from_str::<Published>(&json).unwrap(), p);
        assert_eq!(p.bounds_text().unwrap(), "on or after 2017-05-25");
        assert_eq!(serde_json::to_string(&Published::unknown()).unwrap(), old);
    }

    #[test]
    fn serde_keeps_the_kind() {
        for raw in ["\"2017-05-25\"", "\"2017-05-25T14:03:00+03:00\""] {
            let v: DateValue = serde_json::from_str(raw).unwrap();
            assert_eq!(serde_json::to_string(&v).unwrap(), raw);
        }
    }
}
