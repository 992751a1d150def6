use thiserror::Error;

/// Why an input file could not be read, or stopped being readable part-way.
#[derive(Debug, Error)]
pub enum InputError {
    #[error("cannot open: {0}")]
    Open(std::io::Error),
    #[error("read error: {0}")]
    Read(std::io::Error),
    #[error("empty file")]
    Empty,
    #[error("binary file (not text, HTML, JSON or WARC)")]
    Binary,
    #[error("{size} bytes, over the {limit}-byte limit (raise it with --max-file-size)")]
    TooLarge { size: u64, limit: u64 },
    #[error("corrupt or truncated gzip stream: {0}")]
    Gzip(std::io::Error),
    #[error("record {record}: {reason}")]
    Warc { record: u64, reason: String },
    #[error("not valid JSON: {0}")]
    Json(String),
    #[error("no articles: {0}")]
    NotArticles(String),
    #[error("not a file or folder")]
    NotAFile,
}

/// One document of an input that could not be used, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Rejection {
    /// Where in the file: `line 12`, `record 3`, or absent for a whole-file document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locator: Option<String>,
    pub reason: String,
}

impl Rejection {
    pub fn new(locator: Option<String>, reason: impl Into<String>) -> Rejection {
        Rejection {
            locator,
            reason: reason.into(),
        }
    }
}
