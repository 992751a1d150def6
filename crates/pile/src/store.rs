//! The pile's embedded store: one SQLite file that holds the documents as ingest made them
//! (text, metadata, layers), the account of every input, and the tables the last timeline run
//! derived (entries, their sentences and sources, claims and their statements). Users can open
//! it with any SQLite tool; the schema is below and in `docs/STORE.md`.
//!
//! Why SQLite (through `rusqlite`, its C library compiled in): it is one file a user can copy
//! and query, it has transactions — a crash in the middle of `rashomon add` leaves the store as
//! it was, and readers see either the old or the new pile, never half of one (WAL mode lets
//! them read while a writer works) — and it builds offline in about 90 s of CPU.
//!
//! A store carries its schema version (`meta.schema`); a store of another version is refused
//! with a message naming both versions, never misread.
//!
//! ```sql
//! meta(key TEXT PRIMARY KEY, value TEXT)            -- schema, created_by
//! batches(id INTEGER PRIMARY KEY, command TEXT, started TEXT, layers TEXT)
//! inputs(id INTEGER PRIMARY KEY, batch INTEGER, path TEXT, report TEXT)   -- report: JSON
//! documents(seq INTEGER PRIMARY KEY,                -- pile order (indexed by input too)
//!           id TEXT UNIQUE,                          -- content hash (see the data model)
//!           input INTEGER, path TEXT, locator TEXT, format TEXT, external_id TEXT,
//!           url TEXT, title TEXT, outlet TEXT, outlet_source TEXT,
//!           published TEXT, published_source TEXT, published_confidence REAL,
//!           published_evidence TEXT, language TEXT,
//!           text TEXT,                               -- never changed after ingest
//!           layers TEXT,                             -- JSON, as a corpus.jsonl line has it
//!           published_not_before TEXT,               -- what the text proves of an unknown
//!           published_not_after TEXT)                -- date: YYYY-MM-DD bounds
//! summary_card, summary_signature, summary_story,   -- each document's summary, a part a
//! summary_dates, summary_statements, summary_places, -- table (seq INTEGER PRIMARY KEY,
//! summary_names                                      --
//!                                                    -- data BLOB, MessagePack): what the
//!                                                    -- cross-document steps read
//! terms(term INTEGER PRIMARY KEY, sentences INTEGER) -- sentences holding each word stem (hashed)
//! entries(id INTEGER PRIMARY KEY, story INTEGER, date TEXT, status TEXT, score REAL,
//!         first_reported TEXT, outlets TEXT)
//! entry_sentences(entry INTEGER, rank INTEGER, doc TEXT, start INTEGER, end INTEGER, text TEXT)
//! entry_documents(entry INTEGER, doc TEXT)
//! claims(id INTEGER PRIMARY KEY, status TEXT, text TEXT, doc TEXT, start INTEGER, end INTEGER)
//! statements(claim INTEGER, doc TEXT, start INTEGER, end INTEGER, text TEXT, side TEXT,
//!            why TEXT, speaker TEXT, speaker_id TEXT, outlet TEXT)
//! ```
//!
//! Spans (`start`, `end`) are UTF-8 byte offsets into `documents.text` of the document `doc`
//! (its `id`): in SQL, `substr(CAST(text AS BLOB), start + 1, end - start)`.

use std::path::{Path, PathBuf};

use rashomon_ingest::InputReport;
use rashomon_model::{
    AnnotatedDocument, DateSource, DateValue, DocId, Document, Layers, Outlet, OutletSource,
    Published, SourceFormat,
};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension};

use crate::summary::{DocCard, DocSummary, Part};

/// The schema this version of rashomon reads and writes.
pub const SCHEMA_VERSION: u32 = 4;

/// SQLite's page cache per connection: 64 MB instead of the default 2, so that a transaction
/// that adds thousands of documents does not spill and re-read its own pages.
const PAGE_CACHE: &str = "PRAGMA cache_size = -65536;";

/// The file name of the store inside an output folder.
pub const STORE_FILE: &str = "pile.sqlite";

const SCHEMA: &str = "
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE batches(id INTEGER PRIMARY KEY, command TEXT NOT NULL, started TEXT NOT NULL,
                     layers TEXT NOT NULL);
CREATE TABLE inputs(id INTEGER PRIMARY KEY, batch INTEGER NOT NULL REFERENCES batches(id),
                    path TEXT NOT NULL, report TEXT NOT NULL);
CREATE TABLE documents(
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    input INTEGER NOT NULL REFERENCES inputs(id) DEFERRABLE INITIALLY DEFERRED,
    path TEXT NOT NULL, locator TEXT, format TEXT NOT NULL, external_id TEXT,
    url TEXT, title TEXT, outlet TEXT, outlet_source TEXT,
    published TEXT, published_source TEXT NOT NULL, published_confidence REAL NOT NULL,
    published_evidence TEXT, language TEXT,
    text TEXT NOT NULL,
    layers TEXT NOT NULL,
    published_not_before TEXT, published_not_after TEXT);
-- Also what keeps the foreign key check cheap: without it, each input written after its
-- documents (accounts are complete only when reading ends) scans the whole table.
CREATE INDEX documents_input ON documents(input);
CREATE TABLE summary_card(seq INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE summary_signature(seq INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE summary_story(seq INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE summary_dates(seq INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE summary_statements(seq INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE summary_places(seq INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE summary_names(seq INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE terms(term INTEGER PRIMARY KEY, sentences INTEGER NOT NULL);
CREATE TABLE entries(id INTEGER PRIMARY KEY, story INTEGER, date TEXT NOT NULL,
                     status TEXT NOT NULL, score REAL NOT NULL, first_reported TEXT,
                     outlets TEXT NOT NULL);
CREATE TABLE entry_sentences(entry INTEGER NOT NULL REFERENCES entries(id), rank INTEGER NOT NULL,
                             doc TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,
                             text TEXT NOT NULL);
CREATE TABLE entry_documents(entry INTEGER NOT NULL REFERENCES entries(id), doc TEXT NOT NULL);
CREATE TABLE claims(id INTEGER PRIMARY KEY, status TEXT NOT NULL, text TEXT NOT NULL,
                    doc TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL);
CREATE TABLE statements(claim INTEGER NOT NULL REFERENCES claims(id), doc TEXT NOT NULL,
                        start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL,
                        side TEXT NOT NULL, why TEXT, speaker TEXT, speaker_id TEXT,
                        outlet TEXT);
";

/// Why a store cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: {source}")]
    Sqlite {
        path: String,
        source: rusqlite::Error,
    },
    #[error("{path}: not a rashomon store (no schema version in its meta table)")]
    NotAStore { path: String },
    #[error("{path}: a store of schema {found}, written by {by}; this rashomon reads schema {SCHEMA_VERSION} — use the rashomon that wrote it, or ingest the articles again")]
    Version {
        path: String,
        found: String,
        by: String,
    },
    #[error("{path}: document {seq} cannot be read back: {reason}")]
    BadRow {
        path: String,
        seq: i64,
        reason: String,
    },
    #[error("{path}: already exists (a store is made once, by `rashomon ingest`; `rashomon add` adds to it)")]
    Exists { path: String },
}

/// An open store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// A document as the store holds it, with the input it came from.
pub struct StoredDocument {
    /// Its place in the pile (`documents.seq`: 1, 2, … in the order documents were added).
    pub seq: i64,
    /// The `inputs.id` it came from.
    pub input: i64,
    pub doc: AnnotatedDocument,
}

/// One run that wrote into the store (`ingest` or `add`).
pub struct BatchInfo<'a> {
    pub command: &'a str,
    /// What layers the documents of the run got, as JSON.
    pub layers: &'a str,
}

fn enum_str<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        other => panic!("an enum that serialises as a string, not {other:?}"),
    }
}

fn enum_from<T: serde::de::DeserializeOwned>(s: &str) -> Result<T, String> {
    serde_json::from_value(serde_json::Value::String(s.to_string())).map_err(|e| e.to_string())
}

impl Store {
    fn sqlite(&self) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        move |source| StoreError::Sqlite {
            path: self.path.display().to_string(),
            source,
        }
    }

    /// Makes a new, empty store at `path` (which must not exist). It starts with SQLite's
    /// rollback journal, in which a bulk load into a new file writes each page once (the
    /// write-ahead log writes it twice: to the log, then to the file); [`Store::share`] turns
    /// the write-ahead log on once the first documents are in.
    pub fn create(path: &Path) -> Result<Store, StoreError> {
        let name = path.display().to_string();
        if path.exists() {
            return Err(StoreError::Exists { path: name });
        }
        let sqlite = |source| StoreError::Sqlite {
            path: name.clone(),
            source,
        };
        let conn = Connection::open(path).map_err(sqlite)?;
        conn.execute_batch(&format!(
            "PRAGMA journal_mode = DELETE; PRAGMA foreign_keys = ON; {PAGE_CACHE}"
        ))
        .map_err(sqlite)?;
        conn.execute_batch(&format!(
            "BEGIN; {SCHEMA}
             INSERT INTO meta VALUES ('schema', '{SCHEMA_VERSION}');
             INSERT INTO meta VALUES ('sentences', '0');
             INSERT INTO meta VALUES ('created_by', 'rashomon {}');
             COMMIT;",
            env!("CARGO_PKG_VERSION")
        ))
        .map_err(sqlite)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// Puts the store in write-ahead-log mode (kept in the file), in which readers go on
    /// while a writer adds documents. Does nothing on a store already in that mode.
    pub fn share(&self) -> Result<(), StoreError> {
        self.conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0))
            .map_err(self.sqlite())?;
        Ok(())
    }

    /// Opens an existing store, checking its schema version. `path` may also be a folder
    /// holding `pile.sqlite` (what `rashomon ingest --out DIR` wrote).
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let path = if path.is_dir() {
            path.join(STORE_FILE)
        } else {
            path.to_path_buf()
        };
        let name = path.display().to_string();
        let sqlite = |source| StoreError::Sqlite {
            path: name.clone(),
            source,
        };
        let conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(sqlite)?;
        conn.busy_timeout(std::time::Duration::from_secs(30))
            .map_err(sqlite)?;
        let has_meta: bool = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'",
                [],
                |r| r.get::<_, i64>(0),
            )
            .map_err(sqlite)?
            > 0;
        if !has_meta {
            return Err(StoreError::NotAStore { path: name });
        }
        let meta = |key: &str| {
            conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| {
                r.get::<_, String>(0)
            })
            .optional()
        };
        let found = meta("schema").map_err(sqlite)?;
        let by = meta("created_by").map_err(sqlite)?.unwrap_or_default();
        match found {
            None => return Err(StoreError::NotAStore { path: name }),
            Some(v) if v != SCHEMA_VERSION.to_string() => {
                return Err(StoreError::Version {
                    path: name,
                    found: v,
                    by,
                })
            }
            Some(_) => {}
        }
        conn.execute_batch(&format!("PRAGMA foreign_keys = ON; {PAGE_CACHE}"))
            .map_err(sqlite)?;
        Ok(Store { conn, path })
    }

    /// Whether `path` is a store (an SQLite file, or a folder holding `pile.sqlite`).
    pub fn is_store(path: &Path) -> bool {
        let file = if path.is_dir() {
            path.join(STORE_FILE)
        } else {
            path.to_path_buf()
        };
        let mut magic = [0u8; 16];
        std::fs::File::open(&file)
            .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut magic))
            .is_ok()
            && &magic == b"SQLite format 3\0"
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Starts writing: everything written through the [`Writer`] appears at once when it is
    /// committed, or not at all.
    pub fn writer(&mut self) -> Result<Writer<'_>, StoreError> {
        let path = self.path.display().to_string();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|source| StoreError::Sqlite { path, source })?;
        Ok(Writer {
            tx,
            path: self.path.clone(),
        })
    }

    /// How many documents the store holds.
    pub fn len(&self) -> Result<usize, StoreError> {
        self.conn
            .query_row("SELECT count(*) FROM documents", [], |r| r.get::<_, i64>(0))
            .map(|n| n as usize)
            .map_err(self.sqlite())
    }

    pub fn is_empty(&self) -> Result<bool, StoreError> {
        Ok(self.len()? == 0)
    }

    /// The ids of every document the store holds.
    pub fn ids(&self) -> Result<std::collections::HashSet<DocId>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id FROM documents")
            .map_err(self.sqlite())?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(self.sqlite())?;
        rows.map(|r| r.map(DocId).map_err(self.sqlite())).collect()
    }

    /// Every input the store was made from, with its account, in reading order: (`inputs.id`,
    /// report).
    pub fn inputs(&self) -> Result<Vec<(i64, InputReport)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, report FROM inputs ORDER BY id")
            .map_err(self.sqlite())?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
            .map_err(self.sqlite())?;
        let mut out = Vec::new();
        for row in rows {
            let (id, json) = row.map_err(self.sqlite())?;
            let report = serde_json::from_str(&json).map_err(|e| StoreError::BadRow {
                path: self.path.display().to_string(),
                seq: id,
                reason: format!("input report: {e}"),
            })?;
            out.push((id, report));
        }
        Ok(out)
    }

    /// Calls `each` with every document, in pile order, reading one row at a time.
    pub fn for_each_document(
        &self,
        mut each: impl FnMut(StoredDocument),
    ) -> Result<(), StoreError> {
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT {DOCUMENT_COLUMNS} FROM documents ORDER BY seq"
            ))
            .map_err(self.sqlite())?;
        let mut rows = stmt.query([]).map_err(self.sqlite())?;
        while let Some(row) = rows.next().map_err(self.sqlite())? {
            each(self.document_of(row)?);
        }
        Ok(())
    }

    /// Calls `each` with every document's place (`seq`), input and card, in the order they
    /// were added, reading one row at a time.
    pub fn for_each_card(&self, mut each: impl FnMut(i64, i64, DocCard)) -> Result<(), StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT d.seq, d.input, s.data FROM documents d JOIN summary_card s ON s.seq = d.seq
                 ORDER BY d.seq",
            )
            .map_err(self.sqlite())?;
        let mut rows = stmt.query([]).map_err(self.sqlite())?;
        while let Some(row) = rows.next().map_err(self.sqlite())? {
            let seq: i64 = row.get(0).map_err(self.sqlite())?;
            let input: i64 = row.get(1).map_err(self.sqlite())?;
            let bytes: Vec<u8> = row.get(2).map_err(self.sqlite())?;
            each(seq, input, self.decode(seq, Part::Card, &bytes)?);
        }
        Ok(())
    }

    /// Calls `each` with every document's place (`seq`) and its `part` of the summary, in
    /// the order they were added, reading one row at a time.
    pub fn for_each_part<T: serde::de::DeserializeOwned>(
        &self,
        part: Part,
        mut each: impl FnMut(i64, T),
    ) -> Result<(), StoreError> {
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT seq, data FROM {} ORDER BY seq",
                part.table()
            ))
            .map_err(self.sqlite())?;
        let mut rows = stmt.query([]).map_err(self.sqlite())?;
        while let Some(row) = rows.next().map_err(self.sqlite())? {
            let seq: i64 = row.get(0).map_err(self.sqlite())?;
            let bytes: Vec<u8> = row.get(1).map_err(self.sqlite())?;
            each(seq, self.decode(seq, part, &bytes)?);
        }
        Ok(())
    }

    /// The `part` of these documents' summaries, in the order asked.
    pub fn parts_at<T: serde::de::DeserializeOwned>(
        &self,
        part: Part,
        seqs: &[i64],
    ) -> Result<Vec<T>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT data FROM {} WHERE seq = ?1", part.table()))
            .map_err(self.sqlite())?;
        let mut out = Vec::with_capacity(seqs.len());
        for &seq in seqs {
            let bytes: Vec<u8> = stmt.query_row([seq], |r| r.get(0)).map_err(self.sqlite())?;
            out.push(self.decode(seq, part, &bytes)?);
        }
        Ok(out)
    }

    fn decode<T: serde::de::DeserializeOwned>(
        &self,
        seq: i64,
        part: Part,
        bytes: &[u8],
    ) -> Result<T, StoreError> {
        crate::summary::from_bytes(bytes).map_err(|reason| StoreError::BadRow {
            path: self.path.display().to_string(),
            seq,
            reason: format!("{}: {reason}", part.table()),
        })
    }

    /// How many sentences of the pile hold each term (the timeline's IDF).
    pub fn term_counts(&self) -> Result<rashomon_timeline::TermCounts, StoreError> {
        let sentences: String = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'sentences'", [], |r| {
                r.get(0)
            })
            .map_err(self.sqlite())?;
        let mut counts = rashomon_timeline::TermCounts {
            sentences: sentences.parse().unwrap_or(0),
            ..Default::default()
        };
        let mut stmt = self
            .conn
            .prepare("SELECT term, sentences FROM terms")
            .map_err(self.sqlite())?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))
            .map_err(self.sqlite())?;
        for row in rows {
            let (term, n) = row.map_err(self.sqlite())?;
            counts.df.insert(term as u32, n as u32);
        }
        Ok(counts)
    }

    /// The text of each `(seq, span)` asked for, in the order asked; each document's text is
    /// read once however many of its spans are asked for.
    pub fn texts(&self, wanted: &[(i64, rashomon_model::Span)]) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT text FROM documents WHERE seq = ?1")
            .map_err(self.sqlite())?;
        let mut order: Vec<usize> = (0..wanted.len()).collect();
        order.sort_by_key(|&i| wanted[i].0);
        let mut out = vec![String::new(); wanted.len()];
        let mut current: Option<(i64, String)> = None;
        for i in order {
            let (seq, span) = wanted[i];
            if current.as_ref().is_none_or(|(s, _)| *s != seq) {
                let text: String = stmt.query_row([seq], |r| r.get(0)).map_err(self.sqlite())?;
                current = Some((seq, text));
            }
            let text = &current.as_ref().expect("read above").1;
            out[i] = text.get(span.range()).unwrap_or_default().to_string();
        }
        Ok(out)
    }

    /// The documents with these pile positions (`seq`), in the order asked.
    pub fn documents_at(&self, seqs: &[i64]) -> Result<Vec<StoredDocument>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {DOCUMENT_COLUMNS} FROM documents WHERE seq = ?1"
            ))
            .map_err(self.sqlite())?;
        let mut out = Vec::with_capacity(seqs.len());
        for &seq in seqs {
            let mut rows = stmt.query([seq]).map_err(self.sqlite())?;
            if let Some(row) = rows.next().map_err(self.sqlite())? {
                out.push(self.document_of(row)?);
            }
        }
        Ok(out)
    }

    fn document_of(&self, row: &rusqlite::Row<'_>) -> Result<StoredDocument, StoreError> {
        let seq: i64 = row.get(0).map_err(self.sqlite())?;
        let bad = |reason: String| StoreError::BadRow {
            path: self.path.display().to_string(),
            seq,
            reason,
        };
        read_row(row).map_err(|e| bad(e.to_string()))?.map_err(bad)
    }
}

const DOCUMENT_COLUMNS: &str = "seq, input, id, path, locator, format, external_id, url, title, \
     outlet, outlet_source, published, published_source, published_confidence, \
     published_evidence, language, text, layers, published_not_before, published_not_after";

type RowResult = Result<Result<StoredDocument, String>, rusqlite::Error>;

fn read_row(row: &rusqlite::Row<'_>) -> RowResult {
    let seq: i64 = row.get(0)?;
    let input: i64 = row.get(1)?;
    let format: String = row.get(5)?;
    let outlet: Option<String> = row.get(9)?;
    let outlet_source: Option<String> = row.get(10)?;
    let published: Option<String> = row.get(11)?;
    let published_source: String = row.get(12)?;
    let layers: String = row.get(17)?;
    let not_before: Option<String> = row.get(18)?;
    let not_after: Option<String> = row.get(19)?;
    let built = (|| -> Result<StoredDocument, String> {
        let outlet = match (outlet, outlet_source) {
            (Some(name), Some(source)) => Some(Outlet {
                name,
                source: enum_from::<OutletSource>(&source)?,
            }),
            _ => None,
        };
        let value = match published {
            Some(p) => Some(DateValue::parse(&p).ok_or(format!("unreadable date {p:?}"))?),
            None => None,
        };
        let bound = |b: Option<String>| -> Result<Option<chrono::NaiveDate>, String> {
            b.map(|b| {
                chrono::NaiveDate::parse_from_str(&b, "%Y-%m-%d")
                    .map_err(|_| format!("unreadable date bound {b:?}"))
            })
            .transpose()
        };
        let document = Document {
            id: DocId(row.get(2).map_err(|e| e.to_string())?),
            path: row.get(3).map_err(|e| e.to_string())?,
            locator: row.get(4).map_err(|e| e.to_string())?,
            format: enum_from::<SourceFormat>(&format)?,
            external_id: row.get(6).map_err(|e| e.to_string())?,
            url: row.get(7).map_err(|e| e.to_string())?,
            title: row.get(8).map_err(|e| e.to_string())?,
            outlet,
            published: Published {
                value,
                source: enum_from::<DateSource>(&published_source)?,
                confidence: row.get(13).map_err(|e| e.to_string())?,
                evidence: row.get(14).map_err(|e| e.to_string())?,
                not_before: bound(not_before)?,
                not_after: bound(not_after)?,
            },
            language: row.get(15).map_err(|e| e.to_string())?,
            text: row.get(16).map_err(|e| e.to_string())?,
        };
        let layers: Layers = serde_json::from_str(&layers).map_err(|e| format!("layers: {e}"))?;
        let doc = AnnotatedDocument { document, layers };
        doc.validate().map_err(|e| e.to_string())?;
        Ok(StoredDocument { seq, input, doc })
    })();
    Ok(built)
}

/// Writes into a store, inside one transaction.
pub struct Writer<'s> {
    tx: rusqlite::Transaction<'s>,
    path: PathBuf,
}

impl Writer<'_> {
    fn sqlite(&self) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        move |source| StoreError::Sqlite {
            path: self.path.display().to_string(),
            source,
        }
    }

    /// Records a run that writes into the store; returns its id.
    pub fn batch(&self, info: &BatchInfo<'_>) -> Result<i64, StoreError> {
        self.tx
            .execute(
                "INSERT INTO batches(command, started, layers) VALUES (?1, ?2, ?3)",
                params![
                    info.command,
                    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                    info.layers
                ],
            )
            .map_err(self.sqlite())?;
        Ok(self.tx.last_insert_rowid())
    }

    /// The id the next input will get: documents refer to their input before the input's
    /// account is complete (it is written when reading ends).
    pub fn next_input_id(&self) -> Result<i64, StoreError> {
        self.tx
            .query_row("SELECT coalesce(max(id), 0) + 1 FROM inputs", [], |r| {
                r.get(0)
            })
            .map_err(self.sqlite())
    }

    /// Writes an input's account with the given id.
    pub fn input(&self, id: i64, batch: i64, report: &InputReport) -> Result<(), StoreError> {
        let json = serde_json::to_string(report).expect("reports serialise");
        self.tx
            .execute(
                "INSERT INTO inputs(id, batch, path, report) VALUES (?1, ?2, ?3, ?4)",
                params![id, batch, report.path, json],
            )
            .map_err(self.sqlite())?;
        Ok(())
    }

    /// Appends a document and its summary; returns its place in the pile (`documents.seq`).
    pub fn document(
        &self,
        input: i64,
        doc: &AnnotatedDocument,
        summary: &DocSummary,
    ) -> Result<i64, StoreError> {
        let d = &doc.document;
        let layers = serde_json::to_string(&doc.layers).expect("layers serialise");
        let mut stmt = self
            .tx
            .prepare_cached(
                "INSERT INTO documents(input, id, path, locator, format, external_id, url, title,
                    outlet, outlet_source, published, published_source, published_confidence,
                    published_evidence, language, text, layers, published_not_before,
                    published_not_after)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                         ?18, ?19)",
            )
            .map_err(self.sqlite())?;
        stmt.execute(params![
            input,
            d.id.0,
            d.path,
            d.locator,
            enum_str(&d.format),
            d.external_id,
            d.url,
            d.title,
            d.outlet.as_ref().map(|o| o.name.as_str()),
            d.outlet.as_ref().map(|o| enum_str(&o.source)),
            d.published.value.map(|v| v.to_string()),
            enum_str(&d.published.source),
            d.published.confidence,
            d.published.evidence,
            d.language,
            d.text,
            layers,
            d.published.not_before.map(|b| b.to_string()),
            d.published.not_after.map(|b| b.to_string())
        ])
        .map_err(self.sqlite())?;
        let seq = self.tx.last_insert_rowid();
        self.summary(seq, summary)?;
        Ok(seq)
    }

    /// Writes (or rewrites) a document's summary, part by part.
    fn summary(&self, seq: i64, summary: &DocSummary) -> Result<(), StoreError> {
        for (part, bytes) in summary.parts() {
            self.tx
                .prepare_cached(&format!(
                    "INSERT OR REPLACE INTO {}(seq, data) VALUES (?1, ?2)",
                    part.table()
                ))
                .and_then(|mut stmt| stmt.execute(params![seq, bytes]))
                .map_err(self.sqlite())?;
        }
        Ok(())
    }

    /// Rewrites what a pile-wide step may change of a stored document: its publication date,
    /// its layers and so its summary. The text and the other metadata stay as ingest wrote
    /// them.
    pub fn update_dates(&self, seq: i64, doc: &AnnotatedDocument) -> Result<(), StoreError> {
        let d = &doc.document;
        let layers = serde_json::to_string(&doc.layers).expect("layers serialise");
        self.tx
            .execute(
                "UPDATE documents SET published = ?2, published_source = ?3,
                    published_confidence = ?4, published_evidence = ?5, layers = ?6,
                    published_not_before = ?7, published_not_after = ?8
                 WHERE seq = ?1",
                params![
                    seq,
                    d.published.value.map(|v| v.to_string()),
                    enum_str(&d.published.source),
                    d.published.confidence,
                    d.published.evidence,
                    layers,
                    d.published.not_before.map(|b| b.to_string()),
                    d.published.not_after.map(|b| b.to_string())
                ],
            )
            .map_err(self.sqlite())?;
        self.summary(seq, &DocSummary::of(doc))
    }

    /// Adds the sentence counts of added documents to the pile's.
    pub fn add_terms(&self, counts: &rashomon_timeline::TermCounts) -> Result<(), StoreError> {
        let mut stmt = self
            .tx
            .prepare_cached(
                "INSERT INTO terms(term, sentences) VALUES (?1, ?2)
                 ON CONFLICT(term) DO UPDATE SET sentences = sentences + excluded.sentences",
            )
            .map_err(self.sqlite())?;
        for (&term, &n) in &counts.df {
            stmt.execute(params![term as i64, n as i64])
                .map_err(self.sqlite())?;
        }
        self.tx
            .execute(
                "UPDATE meta SET value = CAST(CAST(value AS INTEGER) + ?1 AS TEXT)
                 WHERE key = 'sentences'",
                params![counts.sentences as i64],
            )
            .map_err(self.sqlite())?;
        Ok(())
    }

    /// Every document's publication date, how it was obtained and with what confidence, in
    /// pile order.
    pub fn publication_dates(
        &self,
    ) -> Result<Vec<(DateSource, f32, Option<DateValue>)>, StoreError> {
        let mut stmt = self
            .tx
            .prepare(
                "SELECT published_source, published_confidence, published FROM documents
                 ORDER BY seq",
            )
            .map_err(self.sqlite())?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, f64>(1)?,
                    r.get::<_, Option<String>>(2)?,
                ))
            })
            .map_err(self.sqlite())?;
        let mut out = Vec::new();
        for row in rows {
            let (source, confidence, value) = row.map_err(self.sqlite())?;
            let source = enum_from::<DateSource>(&source).unwrap_or(DateSource::Unknown);
            out.push((
                source,
                confidence as f32,
                value.as_deref().and_then(DateValue::parse),
            ));
        }
        Ok(out)
    }

    /// The documents without a publication date.
    pub fn undated(&self) -> Result<Vec<StoredDocument>, StoreError> {
        let mut stmt = self
            .tx
            .prepare(&format!(
                "SELECT {DOCUMENT_COLUMNS} FROM documents WHERE published IS NULL ORDER BY seq"
            ))
            .map_err(self.sqlite())?;
        let mut rows = stmt.query([]).map_err(self.sqlite())?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(self.sqlite())? {
            let seq: i64 = row.get(0).map_err(self.sqlite())?;
            let doc =
                read_row(row)
                    .map_err(self.sqlite())?
                    .map_err(|reason| StoreError::BadRow {
                        path: self.path.display().to_string(),
                        seq,
                        reason,
                    })?;
            out.push(doc);
        }
        Ok(out)
    }

    /// Replaces the tables a timeline run derives (entries, their sentences and documents,
    /// claims and their statements) with those of `out`.
    pub fn timeline(&self, out: &rashomon_report::TimelineOut) -> Result<(), StoreError> {
        let tx = &self.tx;
        let sqlite = self.sqlite();
        tx.execute_batch(
            "DELETE FROM entry_sentences; DELETE FROM entry_documents; DELETE FROM entries;
             DELETE FROM statements; DELETE FROM claims;",
        )
        .map_err(&sqlite)?;
        for (id, e) in out.entries.iter().enumerate() {
            tx.execute(
                "INSERT INTO entries(id, story, date, status, score, first_reported, outlets)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    id as i64,
                    e.story.map(|s| s as i64),
                    e.date.to_string(),
                    e.status.as_str(),
                    e.score,
                    e.first_reported.map(|d| d.to_string()),
                    e.outlets.join("; ")
                ],
            )
            .map_err(&sqlite)?;
            for (rank, s) in e.summary.iter().enumerate() {
                tx.execute(
                    "INSERT INTO entry_sentences(entry, rank, doc, start, end, text)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![id as i64, rank as i64, s.doc_id, s.start, s.end, s.text],
                )
                .map_err(&sqlite)?;
            }
            for doc in &e.documents {
                tx.execute(
                    "INSERT INTO entry_documents(entry, doc) VALUES (?1, ?2)",
                    params![id as i64, doc],
                )
                .map_err(&sqlite)?;
            }
        }
        for c in &out.claims {
            tx.execute(
                "INSERT INTO claims(id, status, text, doc, start, end) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![c.id as i64, c.status.as_str(), c.text, c.doc_id, c.start, c.end],
            )
            .map_err(&sqlite)?;
            let sides = c
                .asserted_by
                .iter()
                .map(|s| ("asserts", s))
                .chain(c.denied_by.iter().map(|s| ("denies", s)));
            for (side, s) in sides {
                let why = s.against.map(|a| {
                    serde_json::to_value(a)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default()
                });
                tx.execute(
                    "INSERT INTO statements(claim, doc, start, end, text, side, why, speaker,
                        speaker_id, outlet) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                    params![
                        c.id as i64,
                        s.doc_id,
                        s.start,
                        s.end,
                        s.text,
                        side,
                        why,
                        s.speaker,
                        s.entity_id,
                        s.outlet
                    ],
                )
                .map_err(&sqlite)?;
            }
        }
        Ok(())
    }

    /// Makes everything written visible at once.
    pub fn commit(self) -> Result<(), StoreError> {
        let path = self.path.display().to_string();
        self.tx
            .commit()
            .map_err(|source| StoreError::Sqlite { path, source })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> AnnotatedDocument {
        let document = Document::from_text("a.txt", Some("T".into()), text.to_string());
        let layers = Layers {
            sentences: vec![rashomon_model::Span::new(0, text.len())],
            ..Layers::default()
        };
        AnnotatedDocument { document, layers }
    }

    fn add(store: &mut Store, texts: &[&str]) {
        let w = store.writer().unwrap();
        let batch = w
            .batch(&BatchInfo {
                command: "test",
                layers: "{}",
            })
            .unwrap();
        let input = w.next_input_id().unwrap();
        for t in texts {
            w.document(input, &doc(t), &DocSummary::of(&doc(t)))
                .unwrap();
        }
        w.input(input, batch, &InputReport::new("a.txt".into(), 1))
            .unwrap();
        w.commit().unwrap();
    }

    #[test]
    fn documents_read_back_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pile.sqlite");
        let mut store = Store::create(&path).unwrap();
        add(&mut store, &["First article.", "Second article."]);
        drop(store);
        assert!(Store::is_store(&path));
        assert!(Store::is_store(dir.path()), "a folder holding pile.sqlite");
        let store = Store::open(dir.path()).unwrap();
        let mut back = Vec::new();
        store.for_each_document(|d| back.push(d)).unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!(back[0].doc, doc("First article."));
        assert_eq!(back[1].doc, doc("Second article."));
        assert_eq!(store.inputs().unwrap().len(), 1);
        let at = store.documents_at(&[back[1].seq]).unwrap();
        assert_eq!(at[0].doc, doc("Second article."));
        assert!(matches!(
            Store::create(&path),
            Err(StoreError::Exists { .. })
        ));
    }

    #[test]
    fn a_write_that_is_not_committed_leaves_the_store_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pile.sqlite");
        let mut store = Store::create(&path).unwrap();
        add(&mut store, &["Kept."]);
        {
            let w = store.writer().unwrap();
            let input = w.next_input_id().unwrap();
            let lost = doc("Lost in a crash.");
            w.document(input, &lost, &DocSummary::of(&lost)).unwrap();
            // Dropped without commit: what a crash in the middle of `add` does.
        }
        assert_eq!(store.len().unwrap(), 1);
        // A reader opened while a writer is busy sees the last committed pile.
        let w = store.writer().unwrap();
        let batch = w
            .batch(&BatchInfo {
                command: "test",
                layers: "{}",
            })
            .unwrap();
        let input = w.next_input_id().unwrap();
        let later = doc("Not yet visible.");
        w.document(input, &later, &DocSummary::of(&later)).unwrap();
        w.input(input, batch, &InputReport::new("b.txt".into(), 1))
            .unwrap();
        let reader = Store::open(&path).unwrap();
        assert_eq!(reader.len().unwrap(), 1);
        w.commit().unwrap();
        assert_eq!(reader.len().unwrap(), 2);
    }

    #[test]
    fn a_store_of_another_schema_is_refused_with_both_versions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pile.sqlite");
        drop(Store::create(&path).unwrap());
        let conn = Connection::open(&path).unwrap();
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema'", [])
            .unwrap();
        drop(conn);
        let err = Store::open(&path).err().expect("refused").to_string();
        assert!(
            err.contains("schema 99") && err.contains(&format!("reads schema {SCHEMA_VERSION}")),
            "{err}"
        );
        let other = dir.path().join("other.sqlite");
        Connection::open(&other)
            .unwrap()
            .execute_batch("CREATE TABLE t(x);")
            .unwrap();
        assert!(matches!(
            Store::open(&other),
            Err(StoreError::NotAStore { .. })
        ));
    }
}
