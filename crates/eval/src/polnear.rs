//! Reader for PolNeAR (Newell et al. 2018): `DATA_DIR/<split>/text/<stem>.txt` and
//! `DATA_DIR/<split>/attributions/<stem>_<annotator>.ann`, brat standoff with `Source`, `Cue`
//! and `Content` text-bound spans tied together by `Attribution` (or `Attribution-no-source`)
//! events.
//!
//! brat offsets count Unicode characters; they are turned into byte offsets here, so the spans
//! index the text exactly as our documents do. Text-bound spans not used by an event (the
//! annotators' `Discuss` and `Discard` flags) are ignored.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::attribution::{AttributionSpans, Fragments};

#[derive(Debug, Error)]
pub enum PolnearError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: line {line}: {reason}")]
    Malformed {
        path: PathBuf,
        line: usize,
        reason: String,
    },
    #[error("{path}: no PolNeAR articles (expected text/*.txt and attributions/*.ann)")]
    Empty { path: PathBuf },
}

/// One article with every annotator's attributions.
#[derive(Debug, Clone)]
pub struct Article {
    pub stem: String,
    pub path: PathBuf,
    pub text: String,
    /// One entry per annotator (`.ann` file), in file-name order.
    pub annotations: Vec<Annotation>,
}

#[derive(Debug, Clone)]
pub struct Annotation {
    pub annotator: String,
    pub attributions: Vec<AttributionSpans>,
}

/// Reads every article of `data_dir/split` that has at least one `.ann` file.
pub fn read_split(data_dir: &Path, split: &str) -> Result<Vec<Article>, PolnearError> {
    let root = data_dir.join(split);
    let ann_dir = root.join("attributions");
    let text_dir = root.join("text");
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| PolnearError::Io { path, source }
    };
    let mut by_stem: BTreeMap<String, Vec<(String, PathBuf)>> = BTreeMap::new();
    for entry in fs::read_dir(&ann_dir).map_err(io(&ann_dir))? {
        let path = entry.map_err(io(&ann_dir))?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Some(base) = name.strip_suffix(".ann") else {
            continue;
        };
        let (stem, annotator) = match base.rsplit_once('_') {
            Some((stem, who)) if !who.is_empty() && who.bytes().all(|b| b.is_ascii_hexdigit()) => {
                (stem.to_string(), who.to_string())
            }
            _ => (base.to_string(), String::new()),
        };
        by_stem.entry(stem).or_default().push((annotator, path));
    }
    let mut articles = Vec::with_capacity(by_stem.len());
    for (stem, mut files) in by_stem {
        files.sort();
        let path = text_dir.join(format!("{stem}.txt"));
        let text = fs::read_to_string(&path).map_err(io(&path))?;
        let chars = CharToByte::new(&text);
        let mut annotations = Vec::with_capacity(files.len());
        for (annotator, ann_path) in files {
            let raw = fs::read_to_string(&ann_path).map_err(io(&ann_path))?;
            let attributions =
                parse_ann(&raw, &chars).map_err(|(line, reason)| PolnearError::Malformed {
                    path: ann_path.clone(),
                    line,
                    reason,
                })?;
            annotations.push(Annotation {
                annotator,
                attributions,
            });
        }
        articles.push(Article {
            stem,
            path,
            text,
            annotations,
        });
    }
    if articles.is_empty() {
        return Err(PolnearError::Empty { path: root });
    }
    Ok(articles)
}

/// Character offset → byte offset, for one text.
pub struct CharToByte {
    starts: Vec<usize>,
}

impl CharToByte {
    pub fn new(text: &str) -> CharToByte {
        let mut starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        starts.push(text.len());
        CharToByte { starts }
    }

    pub fn byte(&self, char_offset: usize) -> Option<usize> {
        self.starts.get(char_offset).copied()
    }
}

/// Parses one `.ann` file into attributions; errors carry (line number, reason).
///
/// A text-bound line is `T<n>\t<Label> <start> <end>[;<start> <end>…]\t<text>`; its text may
/// itself hold newlines (discontinuous spans over paragraphs), so lines that do not start a new
/// annotation are skipped as the tail of the previous one.
pub fn parse_ann(raw: &str, chars: &CharToByte) -> Result<Vec<AttributionSpans>, (usize, String)> {
    let mut spans: BTreeMap<&str, (&str, Fragments)> = BTreeMap::new();
    let mut events: Vec<(usize, &str)> = Vec::new();
    for (n, line) in raw.lines().enumerate() {
        let line_no = n + 1;
        let mut fields = line.splitn(3, '\t');
        let id = fields.next().unwrap_or("");
        let starts_annotation = id.len() > 1
            && matches!(id.as_bytes()[0], b'T' | b'E')
            && id[1..].bytes().all(|b| b.is_ascii_digit());
        if !starts_annotation {
            continue;
        }
        let Some(body) = fields.next() else {
            return Err((line_no, format!("{id} has no annotation field")));
        };
        if id.starts_with('E') {
            events.push((line_no, body));
            continue;
        }
        let (label, offsets) = body
            .split_once(' ')
            .ok_or_else(|| (line_no, format!("{id} has no offsets")))?;
        let mut fragments = Vec::new();
        for part in offsets.split(';') {
            let (s, e) = part
                .trim()
                .split_once(' ')
                .ok_or_else(|| (line_no, format!("{id}: bad offsets {part:?}")))?;
            let parse = |x: &str| {
                x.parse::<usize>()
                    .map_err(|_| (line_no, format!("{id}: bad offset {x:?}")))
            };
            let (s, e) = (parse(s)?, parse(e)?);
            let (Some(bs), Some(be)) = (chars.byte(s), chars.byte(e)) else {
                return Err((line_no, format!("{id}: offsets {s}..{e} beyond the text")));
            };
            if bs > be {
                return Err((line_no, format!("{id}: offsets {s}..{e} reversed")));
            }
            fragments.push(bs..be);
        }
        fragments.sort_by_key(|r| r.start);
        spans.insert(id, (label, Fragments(fragments)));
    }
    let mut out = Vec::with_capacity(events.len());
    for (line_no, body) in events {
        let mut parts = body.split_whitespace();
        let Some(kind) = parts.next() else {
            return Err((line_no, "empty event".into()));
        };
        if !kind.starts_with("Attribution") {
            continue;
        }
        let mut attribution = AttributionSpans::default();
        for arg in parts {
            let Some((role, id)) = arg.split_once(':') else {
                return Err((line_no, format!("bad event argument {arg:?}")));
            };
            let Some((_, fragments)) = spans.get(id) else {
                return Err((line_no, format!("event names {id}, which is not defined")));
            };
            let slot = match role {
                "Source" => &mut attribution.source,
                "Cue" => &mut attribution.cue,
                // A second content span (rare) is more fragments of the same content.
                "Content" | "Content2" => &mut attribution.content,
                _ => continue,
            };
            match slot {
                Some(existing) => {
                    existing.0.extend(fragments.0.iter().cloned());
                    existing.0.sort_by_key(|r| r.start);
                }
                None => *slot = Some(fragments.clone()),
            }
        }
        if attribution.source.is_some()
            || attribution.cue.is_some()
            || attribution.content.is_some()
        {
            out.push(attribution);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_events_discontinuous_spans_and_multiline_text() {
        // "é" is two bytes: brat's character offsets must become byte offsets.
        let text = "Café owner Ann said: “we open.” Then more.\nsecond line";
        let chars = CharToByte::new(text);
        let ann = "T1\tSource 5 14\towner Ann\nT2\tCue 15 19\tsaid\nT3\tContent 21 31;32 36\t“we open.”\nThen\nT4\tAttribution 15 19\tsaid\nE1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\nT5\tDiscard 0 4\tCafé\n#1\tAnnotatorNotes T1\tnote\nE2\tAttribution-no-source:T4 Cue:T2\n";
        let got = parse_ann(ann, &chars).unwrap();
        assert_eq!(got.len(), 2);
        let src = got[0].source.as_ref().unwrap();
        assert_eq!(&text[src.0[0].clone()], "owner Ann");
        let content = got[0].content.as_ref().unwrap();
        assert_eq!(content.0.len(), 2);
        assert_eq!(&text[content.0[0].clone()], "“we open.”");
        assert_eq!(&text[content.0[1].clone()], "Then");
        assert!(got[1].source.is_none() && got[1].content.is_none());
    }

    #[test]
    fn reports_bad_lines() {
        let chars = CharToByte::new("short");
        let err = parse_ann("T1\tCue 2 99\tx\n", &chars).unwrap_err();
        assert_eq!(err.0, 1);
        assert!(err.1.contains("beyond the text"), "{}", err.1);
        let err = parse_ann("T1\tCue 0 1\tx\nE1\tAttribution:T9 Cue:T7\n", &chars).unwrap_err();
        assert_eq!(err.0, 2);
    }
}
