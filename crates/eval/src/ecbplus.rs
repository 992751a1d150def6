//! ECB+ (Cybulska & Vossen 2014) as a story-grouping benchmark: 982 news documents in 43
//! topics; each topic holds two sub-topics, similar but different events (the original ECB
//! documents, files `<topic>_<n>ecb.xml`, and the ones ECB+ added, `<topic>_<n>ecbplus.xml`).
//! A document's gold story is its sub-topic.
//!
//! The files are CROMER XML: `<Document doc_name=…>` holding `<token t_id sentence
//! number>word</token>` elements. The text is rebuilt from the tokens: one line per sentence,
//! words joined by spaces except before closing punctuation.

use std::io::Read;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq)]
pub struct EcbDocument {
    /// The file name, e.g. `3_9ecbplus.xml`.
    pub name: String,
    pub topic: u32,
    /// `ecb` or `ecbplus`: with the topic, the gold story.
    pub part: &'static str,
    pub text: String,
}

impl EcbDocument {
    /// The gold sub-topic, e.g. `3/ecbplus`.
    pub fn subtopic(&self) -> String {
        format!("{}/{}", self.topic, self.part)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum EcbError {
    #[error("{file}: not XML: {reason}")]
    Xml { file: String, reason: String },
    #[error("{0}: reading: {1}")]
    Io(String, std::io::Error),
    #[error("{0}: no ECB+ documents (expected ECBplus_xml.tar.gz or folders of <topic>_<n>ecb[plus].xml)")]
    Empty(String),
}

/// Topic and part of an ECB+ file name (`3_9ecbplus.xml` → 3, `ecbplus`).
pub fn parse_name(name: &str) -> Option<(u32, &'static str)> {
    let stem = name.strip_suffix(".xml")?;
    let (topic, rest) = stem.split_once('_')?;
    let topic = topic.parse().ok()?;
    let digits = rest.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match &rest[digits.len()..] {
        "ecb" => Some((topic, "ecb")),
        "ecbplus" => Some((topic, "ecbplus")),
        _ => None,
    }
}

fn closes(word: &str) -> bool {
    matches!(
        word,
        "." | "," | ";" | ":" | "!" | "?" | ")" | "]" | "'s" | "n't" | "'" | "%"
    )
}

/// Reads one document's XML.
pub fn parse_document(name: &str, xml: &str) -> Result<Option<EcbDocument>, EcbError> {
    let Some((topic, part)) = parse_name(name) else {
        return Ok(None);
    };
    let doc = roxmltree::Document::parse(xml).map_err(|e| EcbError::Xml {
        file: name.to_string(),
        reason: e.to_string(),
    })?;
    let mut text = String::new();
    let mut sentence: Option<&str> = None;
    for token in doc.descendants().filter(|n| n.has_tag_name("token")) {
        let word = token.text().unwrap_or("").trim();
        if word.is_empty() {
            continue;
        }
        let s = token.attribute("sentence");
        if sentence.is_some() && s != sentence {
            text.push('\n');
        } else if !text.is_empty() && !closes(word) && !text.ends_with(['(', '[', '$']) {
            text.push(' ');
        }
        sentence = s;
        text.push_str(word);
    }
    Ok(Some(EcbDocument {
        name: name.to_string(),
        topic,
        part,
        text,
    }))
}

/// Reads ECB+ from `path`: the distribution's `ECBplus_xml.tar.gz` (inside `path` or `path`
/// itself) or a folder tree of the extracted XML files. Documents come sorted by topic, part
/// and number.
pub fn read(path: &Path) -> Result<Vec<EcbDocument>, EcbError> {
    let archive = if path.is_dir() {
        path.join("ECBplus_xml.tar.gz")
    } else {
        path.to_path_buf()
    };
    let io = |e| EcbError::Io(path.display().to_string(), e);
    let mut docs = Vec::new();
    if archive.is_file() {
        let file = std::fs::File::open(&archive).map_err(io)?;
        let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(file));
        for entry in tar.entries().map_err(io)? {
            let mut entry = entry.map_err(io)?;
            let entry_path = entry.path().map_err(io)?.into_owned();
            let Some(name) = entry_path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            let name = name.to_string();
            if parse_name(&name).is_none() {
                continue;
            }
            let mut xml = String::new();
            entry
                .read_to_string(&mut xml)
                .map_err(|e| EcbError::Io(format!("{}: {name}", archive.display()), e))?;
            docs.extend(parse_document(&name, &xml)?);
        }
    } else if path.is_dir() {
        let mut stack: Vec<PathBuf> = vec![path.to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).map_err(io)? {
                let p = entry.map_err(io)?.path();
                if p.is_dir() {
                    stack.push(p);
                } else if let Some(name) = p.file_name().and_then(|n| n.to_str()) {
                    if parse_name(name).is_some() {
                        let xml = std::fs::read_to_string(&p)
                            .map_err(|e| EcbError::Io(p.display().to_string(), e))?;
                        docs.extend(parse_document(name, &xml)?);
                    }
                }
            }
        }
    }
    if docs.is_empty() {
        return Err(EcbError::Empty(path.display().to_string()));
    }
    let number = |d: &EcbDocument| -> u32 {
        d.name
            .split_once('_')
            .map(|(_, r)| r.trim_start_matches(|c: char| !c.is_ascii_digit()))
            .and_then(|r| {
                r.split(|c: char| !c.is_ascii_digit())
                    .next()
                    .and_then(|n| n.parse().ok())
            })
            .unwrap_or(0)
    };
    docs.sort_by(|a, b| {
        (a.topic, a.part, number(a), &a.name).cmp(&(b.topic, b.part, number(b), &b.name))
    });
    Ok(docs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_give_topic_and_part() {
        assert_eq!(parse_name("3_9ecbplus.xml"), Some((3, "ecbplus")));
        assert_eq!(parse_name("12_10ecb.xml"), Some((12, "ecb")));
        assert_eq!(parse_name("Icon\r"), None);
        assert_eq!(parse_name("3_ecb.xml"), None);
    }

    #[test]
    fn text_is_rebuilt_from_tokens() {
        let xml = r#"<Document doc_name="1_2ecb.xml">
<token t_id="1" sentence="0" number="0">Lindsay</token>
<token t_id="2" sentence="0" number="1">Lohan</token>
<token t_id="3" sentence="0" number="2">(</token>
<token t_id="4" sentence="0" number="3">again</token>
<token t_id="5" sentence="0" number="4">)</token>
<token t_id="6" sentence="0" number="5">.</token>
<token t_id="7" sentence="1" number="0">Rehab</token>
<token t_id="8" sentence="1" number="1">did</token>
<token t_id="9" sentence="1" number="2">n't</token>
<token t_id="10" sentence="1" number="3">work</token>
</Document>"#;
        let d = parse_document("1_2ecb.xml", xml).unwrap().unwrap();
        assert_eq!(d.text, "Lindsay Lohan (again).\nRehab didn't work");
        assert_eq!(d.subtopic(), "1/ecb");
        assert!(parse_document("1_2ecb.xml", "<Document").is_err());
    }
}
