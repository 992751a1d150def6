//! The account of a run: for every input, what was read, kept, rejected and why.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::{InputError, Rejection};
use crate::format::Format;

/// `s` as it may be written into a log line: control characters (a newline in a file name
/// would forge a line of its own; an escape sequence would drive the terminal) and bidirectional
/// overrides are written as escapes (`\n`, `\u{1b}`). The report itself is JSON, which escapes
/// them anyway.
pub fn escape_for_log(s: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        c.is_control()
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !s.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if unsafe_char(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Detailed rejections and warnings kept per input; the counts are always complete.
const KEEP_DETAILS: usize = 1000;
/// Messages logged per input before the rest go only to the report.
const LOG_DETAILS: u64 = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InputStatus {
    /// Read to the end.
    Read,
    /// Some documents were read, then the input broke off (see `error`).
    Partial,
    /// Nothing usable was read (see `error` and `rejections`).
    Rejected,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InputReport {
    pub path: String,
    pub format: Option<Format>,
    pub bytes: u64,
    pub status: InputStatus,
    /// Documents read and kept (every document read is kept, duplicates included).
    pub documents: u64,
    /// Of `documents`, how many repeat an earlier article (set after duplicate detection).
    pub duplicates: u64,
    /// Records rejected (malformed JSON, no text, a record over the limit).
    pub rejected: u64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rejections: Vec<Rejection>,
    /// Records that are not articles (WARC requests, images, redirects), by reason.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub skipped: BTreeMap<String, u64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// Why the input could not be read, or where it broke off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl InputReport {
    pub fn new(path: String, bytes: u64) -> InputReport {
        InputReport {
            path,
            format: None,
            bytes,
            status: InputStatus::Read,
            documents: 0,
            duplicates: 0,
            rejected: 0,
            rejections: Vec::new(),
            skipped: BTreeMap::new(),
            warnings: Vec::new(),
            error: None,
        }
    }

    pub fn reject(&mut self, rejection: Rejection) {
        self.rejected += 1;
        if self.rejected <= LOG_DETAILS {
            let path = escape_for_log(&self.path);
            let reason = escape_for_log(&rejection.reason);
            match &rejection.locator {
                Some(l) => tracing::warn!("{path}: {}: {reason}", escape_for_log(l)),
                None => tracing::warn!("{path}: {reason}"),
            }
        } else if self.rejected == LOG_DETAILS + 1 {
            tracing::warn!(
                "{}: more rejected records; see ingest-report.json",
                escape_for_log(&self.path)
            );
        }
        if self.rejections.len() < KEEP_DETAILS {
            self.rejections.push(rejection);
        }
    }

    pub fn warn(&mut self, locator: Option<&str>, message: String) {
        let message = match locator {
            Some(l) => format!("{l}: {message}"),
            None => message,
        };
        if (self.warnings.len() as u64) < LOG_DETAILS {
            tracing::warn!(
                "{}: {}",
                escape_for_log(&self.path),
                escape_for_log(&message)
            );
        }
        if self.warnings.len() < KEEP_DETAILS {
            self.warnings.push(message);
        }
    }

    /// Folds in what the reader found while framing this input (format, size, error, records
    /// rejected or skipped); `self` holds what building its documents found.
    pub fn merge_read(&mut self, read: InputReport) {
        self.format = read.format;
        self.bytes = read.bytes;
        self.error = read.error;
        self.rejected += read.rejected;
        let room = KEEP_DETAILS.saturating_sub(self.rejections.len());
        self.rejections
            .extend(read.rejections.into_iter().take(room));
        for (reason, n) in read.skipped {
            *self.skipped.entry(reason).or_insert(0) += n;
        }
        let room = KEEP_DETAILS.saturating_sub(self.warnings.len());
        self.warnings.extend(read.warnings.into_iter().take(room));
    }

    pub fn fail(&mut self, error: InputError) {
        tracing::warn!(
            "{}: {}",
            escape_for_log(&self.path),
            escape_for_log(&error.to_string())
        );
        self.error = Some(error.to_string());
    }
}

/// Totals over all inputs.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Totals {
    pub inputs: u64,
    pub inputs_read: u64,
    pub inputs_partial: u64,
    pub inputs_rejected: u64,
    pub documents: u64,
    pub records_rejected: u64,
    pub records_skipped: u64,
    pub bytes: u64,
    /// Files and folders the folder walk left out without reading them (hidden ones), by
    /// reason ("hidden file", "hidden folder": a folder counts once, its content unseen).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub paths_skipped: BTreeMap<String, u64>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct IngestReport {
    pub totals: Totals,
    pub inputs: Vec<InputReport>,
    /// Paths the folder walk left out, by reason (copied into the totals).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub skipped_paths: BTreeMap<String, u64>,
}

impl IngestReport {
    /// A path that could not be opened or walked at all.
    pub fn rejected_path(&mut self, path: String, error: InputError) {
        let mut entry = InputReport::new(path, 0);
        entry.fail(error);
        self.inputs.push(entry);
    }

    /// Sets statuses and totals once all inputs are read.
    pub fn finalize(&mut self) {
        let mut t = Totals {
            paths_skipped: self.skipped_paths.clone(),
            ..Totals::default()
        };
        for input in &mut self.inputs {
            input.status = match (&input.error, input.documents) {
                (None, 0) if input.rejected > 0 => InputStatus::Rejected,
                (None, _) => InputStatus::Read,
                (Some(_), 0) => InputStatus::Rejected,
                (Some(_), _) => InputStatus::Partial,
            };
            t.inputs += 1;
            match input.status {
                InputStatus::Read => t.inputs_read += 1,
                InputStatus::Partial => t.inputs_partial += 1,
                InputStatus::Rejected => t.inputs_rejected += 1,
            }
            t.documents += input.documents;
            t.records_rejected += input.rejected;
            t.records_skipped += input.skipped.values().sum::<u64>();
            t.bytes += input.bytes;
        }
        self.totals = t;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_lines_cannot_be_forged() {
        assert_eq!(escape_for_log("a/b.txt"), "a/b.txt");
        assert_eq!(
            escape_for_log("x\nWARN forged: y\u{1b}[2J\u{202e}"),
            "x\\nWARN forged: y\\u{1b}[2J\\u{202e}"
        );
        assert_eq!(escape_for_log("Ракка\t"), "Ракка\\t");
    }
}
