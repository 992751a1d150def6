//! From raw input items to annotated documents: the CPU-heavy part of ingest, run in parallel.
//!
//! Each builder makes a draft [`Document`] (metadata + text, id not yet set), and [`finish`]
//! fixes the text, hashes the
//! id, runs the text annotators and fills what the text itself says about outlet and date
//! where the metadata was silent.

use rashomon_model::{
    AnnotatedDocument, DateSource, DateValue, DocId, Document, Outlet, OutletSource, Published,
    SourceFormat,
};
use rashomon_text::outlets::{host_label, outlets};

use crate::decode::{cut_to_limit, decode, html_declared_charset, Declared, Origin};
use crate::error::Rejection;
use crate::walk::PathHints;

/// A draft document (its `id` still empty: [`finish`] sets it) and the warnings met while
/// reading it.
pub type Drafted = (Document, Vec<String>);

/// A built document and the warnings met on the way (odd bytes, unparseable dates).
#[derive(Debug)]
pub struct Built {
    pub doc: AnnotatedDocument,
    pub warnings: Vec<String>,
    /// The layers came with the input (a line of a `corpus.jsonl` that `rashomon ingest`
    /// wrote): they are taken as they are, and the model-backed layers are not recomputed.
    pub annotated: bool,
}

/// Whether a JSON record is a line of a `corpus.jsonl` (an annotated document as rashomon
/// writes it: `id`, `text`, `published` as an object and `layers`).
pub fn looks_annotated(value: &serde_json::Value) -> bool {
    value
        .get("layers")
        .is_some_and(serde_json::Value::is_object)
        && value.get("id").is_some_and(serde_json::Value::is_string)
        && value.get("text").is_some_and(serde_json::Value::is_string)
        && value
            .get("published")
            .is_some_and(serde_json::Value::is_object)
}

/// A line of a `corpus.jsonl` read back as the annotated document it is, its invariants
/// checked. `Err` says why it cannot be taken as it is.
pub fn from_annotated_record(value: serde_json::Value) -> Result<AnnotatedDocument, String> {
    let doc: AnnotatedDocument =
        serde_json::from_value(value).map_err(|e| format!("not a rashomon document: {e}"))?;
    doc.validate().map_err(|e| e.to_string())?;
    if doc.document.text.trim().is_empty() {
        return Err("no article text".into());
    }
    Ok(doc)
}

/// The outlet named by a URL's host.
pub fn outlet_from_url(url: &str) -> Option<Outlet> {
    let host = url::Url::parse(url).ok()?.host_str()?.to_string();
    let name = match outlets().by_host(&host) {
        Some(o) => o.name.to_string(),
        None => host_label(&host),
    };
    Some(Outlet {
        name,
        source: OutletSource::UrlHost,
    })
}

/// An outlet named by the input itself (a record's `source`, a page's `og:site_name`): the
/// table's canonical name when the name is a known alias ("reuters" stays as written, "BBC News"
/// becomes "BBC"), else the name as given.
fn named_outlet(name: &str, source: OutletSource) -> Outlet {
    let name = name.trim();
    Outlet {
        name: outlets()
            .by_alias(name)
            .map_or_else(|| name.to_string(), |o| o.name.to_string()),
        source,
    }
}

fn folder_outlet(hints: &PathHints) -> Option<Outlet> {
    hints.outlet.map(|name| Outlet {
        name: name.to_string(),
        source: OutletSource::Folder,
    })
}

fn folder_date(hints: &PathHints) -> Published {
    match &hints.date {
        Some((date, folder)) => {
            Published::known(DateValue::Date(*date), DateSource::FolderName, 0.9)
                .with_evidence(folder.clone())
        }
        None => Published::unknown(),
    }
}

/// Publication dates a source may state: outside them a metadata date is a broken field (a
/// year -1 or 9999), not a date.
pub fn plausible_publication_date(value: DateValue) -> bool {
    let date = value.date();
    let earliest = chrono::NaiveDate::from_ymd_opt(1800, 1, 1).expect("a valid date");
    let latest = chrono::Utc::now().date_naive() + chrono::Days::new(366);
    (earliest..=latest).contains(&date)
}

/// A metadata date string read: the date when it parses and is plausible, else the warning.
fn metadata_date(raw: &str, what: &str) -> Result<DateValue, String> {
    match DateValue::parse(raw) {
        Some(v) if plausible_publication_date(v) => Ok(v),
        Some(v) => Err(format!(
            "implausible date {raw:?} in {what} (year {}, outside 1800 to next year)",
            chrono::Datelike::year(&v.date())
        )),
        None => Err(format!("unreadable date {raw:?} in {what}")),
    }
}

/// Fixes the text, gives it its id and text layers (`rashomon-text`), and fills what the text
/// says about outlet and date where the metadata was silent, within the default
/// [`crate::DocumentLimits`]. Rejects documents with no text. The layers that need models
/// (time expressions, attributions, places) are added by `rashomon-annotate`.
pub fn finish(
    document: Document,
    warnings: Vec<String>,
    options: rashomon_text::AnnotateOptions,
) -> Result<Built, Rejection> {
    finish_with(
        document,
        warnings,
        options,
        crate::DocumentLimits::default(),
    )
}

/// [`finish`] within `limits`: a text with more sentences (or lines) than `limits.text`
/// allows is cut (after the last sentence that fits), with a warning.
pub fn finish_with(
    mut document: Document,
    warnings: Vec<String>,
    options: rashomon_text::AnnotateOptions,
    limits: crate::DocumentLimits,
) -> Result<Built, Rejection> {
    let mut warnings = warnings;
    if document.text.trim().is_empty() {
        return Err(Rejection::new(document.locator, "no article text"));
    }
    warnings.extend(cut_to_limit(
        &mut document.text,
        limits.max_text_bytes.min(u32::MAX as usize),
        "text",
    ));
    if document.language.is_none() {
        document.language = rashomon_text::language::detect_language(&document.text);
    }
    // The text is fixed here: cut it where the annotation had to stop, and annotate the cut
    // text again, so that the layers are those of the text the document keeps. Cutting can
    // only shorten the text, so this ends; in practice the second pass fits.
    let total = document.text.len();
    let mut cut_for_sentences = None;
    let (layers, bounded) = loop {
        let (layers, bounded) = rashomon_text::annotate_bounded(&document, options, limits.text);
        match bounded.cut_at {
            Some(cut) if cut < document.text.len() => {
                document.text.truncate(cut);
                cut_for_sentences = Some(cut);
            }
            _ => break (layers, bounded),
        }
    };
    if let Some(cut) = cut_for_sentences {
        warnings.push(format!(
            "text cut at byte {cut} of {total}: over the {}-sentence (or line) limit of a document",
            limits.text.max_sentences
        ));
    }
    if bounded.long_sentences_cut > 0 {
        warnings.push(format!(
            "{} run(s) of text without sentence punctuation cut into sentences of at most {} bytes",
            bounded.long_sentences_cut,
            rashomon_text::sentences::MAX_SENTENCE_BYTES
        ));
    }
    if document.text.trim().is_empty() {
        return Err(Rejection::new(document.locator, "no article text"));
    }
    document.id = DocId::from_content(document.title.as_deref(), &document.text);

    // What the text says, used only where the metadata said nothing.
    if document.outlet.is_none() {
        let from_dateline = layers
            .dateline
            .as_ref()
            .and_then(|d| d.agency)
            .and_then(|span| layers.agency_tags.iter().find(|t| t.span == span));
        if let Some(tag) = from_dateline.or(layers.agency_tags.first()) {
            document.outlet = Some(Outlet {
                name: tag.agency.clone(),
                source: OutletSource::AgencyTag,
            });
        }
    }
    if !document.published.is_known() {
        if let Some(d) = &layers.dateline {
            if let (Some(y), Some(m), Some(day)) = (d.year, d.month, d.day) {
                if let Some(date) = chrono::NaiveDate::from_ymd_opt(y, m, day) {
                    let evidence = document.text[d.span.range()].to_string();
                    document.published =
                        Published::known(DateValue::Date(date), DateSource::Dateline, 0.8)
                            .with_evidence(evidence);
                }
            }
        }
    }
    if let Some(warning) = dateline_disagreement(&document, &layers) {
        warnings.push(warning);
    }
    if !document.published.is_known() {
        let dateline = layers.dateline.as_ref();
        match rashomon_time::infer::infer_publication(&document.text, dateline, None) {
            Some(p) if p.is_known() => document.published = p,
            Some(p) => {
                // No value, but what the text says and proves of it.
                document.published.evidence = p.evidence;
                document.published.not_before = p.not_before;
                document.published.not_after = p.not_after;
            }
            None => {}
        }
    }
    Ok(Built {
        doc: AnnotatedDocument { document, layers },
        warnings,
        annotated: false,
    })
}

/// A dateline's day and month that contradict the publication date the metadata gives: worth
/// a warning (a wrong date field, or a reprint of an older wire story).
fn dateline_disagreement(document: &Document, layers: &rashomon_model::Layers) -> Option<String> {
    use chrono::Datelike;
    let published = document.published.value?.date();
    let dateline = layers.dateline.as_ref()?;
    let (month, day) = (dateline.month?, dateline.day?);
    let year = dateline.year.unwrap_or(published.year());
    let candidates = [year - 1, year, year + 1];
    let close = candidates
        .iter()
        .filter_map(|&y| chrono::NaiveDate::from_ymd_opt(y, month, day))
        .any(|d| (d - published).num_days().abs() <= 1);
    (!close).then(|| {
        format!(
            "the dateline \"{}\" disagrees with the publication date {} ({:?})",
            &document.text[dateline.date.unwrap_or(dateline.span).range()],
            published,
            document.published.source
        )
    })
}

/// A plain-text article: the first non-empty line that is not a section label or site
/// furniture is the title when a body follows it. The
/// decoded text is cut to `max_bytes` (a legacy encoding can triple the size of the bytes).
pub fn from_text_file(
    bytes: Vec<u8>,
    path: &str,
    locator: Option<String>,
    hints: &PathHints,
    max_bytes: usize,
) -> Result<Drafted, Rejection> {
    let decoded = decode(bytes, None);
    let mut warnings = decoded.warnings;
    let mut text = decoded.text;
    warnings.extend(cut_to_limit(&mut text, max_bytes, "decoded text"));
    // The first line, or the first after section labels and site furniture, when a body
    // follows it.
    let title = rashomon_text::title_line(&text).map(str::to_string);
    Ok((
        Document {
            id: DocId(String::new()),
            path: path.to_string(),
            locator,
            format: SourceFormat::Txt,
            external_id: None,
            outlet: folder_outlet(hints),
            url: None,
            title,
            text,
            published: folder_date(hints),
            language: None,
        },
        warnings,
    ))
}

fn str_field<'a>(
    obj: &'a serde_json::Map<String, serde_json::Value>,
    names: &[&str],
) -> Option<&'a str> {
    names.iter().find_map(|n| match obj.get(*n)? {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.as_str()),
        // {"source": {"name": "Reuters"}} as news APIs write it.
        serde_json::Value::Object(inner) => inner
            .get("name")
            .and_then(|v| v.as_str())
            .filter(|s| !s.trim().is_empty()),
        _ => None,
    })
}

/// Fields of a JSON record that may hold its publication date, in order of preference.
const DATE_FIELDS: &[&str] = &[
    "published",
    "date",
    "published_at",
    "pubdate",
    "date_publish",
    "datetime",
    "publication_date",
];

/// A warning for a date field that holds no date string (a number, a list, an object): it was
/// not ignored in silence. `null` says "no date" and an object with a `"value"` is the form
/// `corpus.jsonl` writes (read elsewhere), so neither is warned about.
fn unreadable_date_field(obj: &serde_json::Map<String, serde_json::Value>) -> Option<String> {
    use serde_json::Value;
    DATE_FIELDS.iter().find_map(|&name| {
        let shape = match obj.get(name)? {
            Value::Null | Value::String(_) => return None,
            Value::Object(inner) if inner.contains_key("value") => return None,
            Value::Number(n) => format!("the number {n}"),
            Value::Bool(b) => format!("{b}"),
            Value::Array(a) => format!("a list of {} value(s)", a.len()),
            Value::Object(_) => "an object".to_string(),
        };
        Some(format!(
            "publication date field {name:?} holds {shape}, not a date string; ignored"
        ))
    })
}

/// One article record of a JSON Lines or JSON file.
pub fn from_json_record(
    value: serde_json::Value,
    path: &str,
    locator: Option<String>,
    hints: &PathHints,
) -> Result<Drafted, Rejection> {
    let serde_json::Value::Object(obj) = value else {
        return Err(Rejection::new(locator, "not a JSON object"));
    };
    let Some(text) = str_field(&obj, &["text", "body", "content", "maintext", "article"]) else {
        return Err(Rejection::new(
            locator,
            "no text: expected a non-empty \"text\" (or \"body\", \"content\") field",
        ));
    };
    let mut warnings = Vec::new();
    let external_id = match obj.get("id") {
        Some(serde_json::Value::String(s)) => Some(s.clone()),
        Some(serde_json::Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let url = str_field(&obj, &["url", "link", "canonical_url"]).map(str::to_string);
    let outlet = str_field(
        &obj,
        &[
            "outlet",
            "source",
            "publisher",
            "site",
            "site_name",
            "source_domain",
        ],
    )
    .map(|name| named_outlet(name, OutletSource::Metadata))
    .or_else(|| url.as_deref().and_then(outlet_from_url))
    .or_else(|| folder_outlet(hints));
    let published = match str_field(&obj, DATE_FIELDS) {
        Some(raw) => match metadata_date(raw, "the record") {
            Ok(v) => Published::known(v, DateSource::Metadata, 1.0).with_evidence(raw),
            Err(warning) => {
                warnings.push(format!("{warning}; publication date unknown"));
                Published::unknown().with_evidence(raw)
            }
        },
        None => {
            warnings.extend(unreadable_date_field(&obj));
            folder_date(hints)
        }
    };
    Ok((
        Document {
            id: DocId(String::new()),
            path: path.to_string(),
            locator,
            format: SourceFormat::Jsonl,
            external_id,
            outlet,
            url,
            title: str_field(&obj, &["title", "headline"]).map(|t| t.trim().to_string()),
            text: text.to_string(),
            published,
            language: str_field(&obj, &["language", "lang"]).map(str::to_string),
        },
        warnings,
    ))
}

/// Metadata names for a publication date beyond the ones the extractor reads itself.
const EXTRA_DATE_META: &[&str] = &[
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "datepublished",
    "sailthru.date",
    "dc.date",
    "dc.date.issued",
    "og:published_time",
    "article.published",
    "published_time",
    "original-publish-date",
    "article:published",
    "release_date",
];

/// An HTML page: main text by readability (dom_smoothie), metadata from `<meta>`/JSON-LD.
pub struct HtmlSource<'a> {
    pub bytes: Vec<u8>,
    /// The decoded page is cut to this many bytes.
    pub max_bytes: usize,
    /// Deeper element nesting is flattened before parsing ([`crate::nesting`]).
    pub max_depth: usize,
    /// The page is cut before the tag over this many ([`crate::nesting`]).
    pub max_tags: usize,
    pub path: &'a str,
    pub locator: Option<String>,
    pub url: Option<String>,
    pub charset: Option<String>,
    pub external_id: Option<String>,
    pub format: SourceFormat,
}

pub fn from_html(src: HtmlSource<'_>, hints: &PathHints) -> Result<Drafted, Rejection> {
    let meta_charset;
    let declared = match &src.charset {
        Some(label) => Some(Declared {
            label,
            origin: Origin::Http,
        }),
        None => {
            meta_charset = html_declared_charset(&src.bytes);
            meta_charset.as_deref().map(|label| Declared {
                label,
                origin: Origin::Meta,
            })
        }
    };
    let decoded = decode(src.bytes, declared);
    let mut warnings = decoded.warnings;
    let mut html = decoded.text;
    warnings.extend(cut_to_limit(&mut html, src.max_bytes, "decoded page"));
    if let Some(bounded) = crate::nesting::bound(&html, src.max_depth, src.max_tags) {
        if bounded.dropped > 0 {
            warnings.push(format!(
                "elements nested {} deep, over the {}-level limit: {} tags beyond it left out before extraction (their text kept)",
                bounded.depth, src.max_depth, bounded.dropped
            ));
        }
        if let Some(cut) = bounded.cut_at {
            warnings.push(format!(
                "page cut at byte {cut} of {}: over the {}-tag limit",
                html.len(),
                src.max_tags
            ));
        }
        html = bounded.html;
    }
    let dom = dom_query::Document::from(html.as_str());

    let meta = |names: &[&str]| -> Option<String> {
        dom.select("meta").iter().find_map(|m| {
            let key = m
                .attr("property")
                .or_else(|| m.attr("name"))
                .or_else(|| m.attr("itemprop"))?
                .to_ascii_lowercase();
            if names.contains(&key.as_str()) {
                m.attr("content")
                    .map(|c| c.trim().to_string())
                    .filter(|c| !c.is_empty())
            } else {
                None
            }
        })
    };
    let canonical = dom
        .select("link[rel=canonical]")
        .attr("href")
        .map(|h| h.trim().to_string())
        .filter(|h| h.starts_with("http"))
        .or_else(|| meta(&["og:url"]).filter(|h| h.starts_with("http")));
    let url = canonical.or(src.url.clone());
    let extra_date = meta(EXTRA_DATE_META).or_else(|| {
        dom.select("time[datetime]")
            .iter()
            .find_map(|t| t.attr("datetime").map(|d| d.to_string()))
    });

    let config = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        ..Default::default()
    };
    let document_url = url.as_deref().filter(|u| url::Url::parse(u).is_ok());
    let article =
        dom_smoothie::Readability::with_document(dom.clone(), document_url, Some(config.clone()))
            .or_else(|_| dom_smoothie::Readability::with_document(dom.clone(), None, Some(config)))
            .ok()
            .and_then(|mut r| r.parse().ok());
    let (title, text, site_name, published_raw) = match article {
        Some(a) => (
            Some(a.title.trim().to_string()).filter(|t| !t.is_empty()),
            a.text_content.to_string(),
            a.site_name.clone(),
            a.published_time.clone(),
        ),
        None => {
            // Too little for readability to call it an article: fall back to the paragraphs.
            let paragraphs: Vec<String> = dom
                .select("p")
                .iter()
                .map(|p| p.text().trim().to_string())
                .filter(|p| !p.is_empty())
                .collect();
            let title = dom.select("title").text().trim().to_string();
            (
                Some(title).filter(|t| !t.is_empty()),
                paragraphs.join("\n\n"),
                meta(&["og:site_name"]),
                None,
            )
        }
    };
    let text = tidy_extracted(&text);

    let outlet = site_name
        .filter(|s| !s.trim().is_empty())
        .map(|s| named_outlet(&s, OutletSource::HtmlMeta))
        .or_else(|| url.as_deref().and_then(outlet_from_url))
        .or_else(|| folder_outlet(hints));
    let published = match published_raw.or(extra_date) {
        Some(raw) => match metadata_date(&raw, "page metadata") {
            Ok(v) => Published::known(v, DateSource::HtmlMeta, 0.95).with_evidence(raw),
            Err(warning) => {
                warnings.push(format!("{warning}; ignored"));
                folder_date(hints)
            }
        },
        None => folder_date(hints),
    };
    Ok((
        Document {
            id: DocId(String::new()),
            path: src.path.to_string(),
            locator: src.locator,
            format: src.format,
            external_id: src.external_id,
            outlet,
            url,
            title,
            text,
            published,
            language: None,
        },
        warnings,
    ))
}

/// Extracted text comes with the page's indentation and runs of blank lines; keep one blank
/// line between paragraphs and no indentation. This happens before the text is fixed.
fn tidy_extracted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if blank {
            out.push_str("\n\n");
        } else if !out.is_empty() {
            out.push('\n');
        }
        blank = false;
        out.push_str(line);
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_hints() -> PathHints {
        PathHints::default()
    }

    fn built(drafted: Result<Drafted, Rejection>) -> Result<Built, Rejection> {
        let (draft, warnings) = drafted?;
        let mut built = finish(
            draft,
            warnings,
            rashomon_text::AnnotateOptions { tokens: true },
        )?;
        // The time layer, as `rashomon-annotate` adds it: resolved against the date `finish` kept.
        let doc = &mut built.doc;
        doc.layers.timexes = rashomon_time::tag_document(&doc.document, &doc.layers);
        Ok(built)
    }

    #[test]
    fn text_file_title_and_body() {
        let b = built(from_text_file(
            b"\n  Kurds deny deal \nThe SDF denied it.\n".to_vec(),
            "a.txt",
            None,
            &no_hints(),
            1 << 20,
        ))
        .unwrap();
        assert_eq!(b.doc.document.title.as_deref(), Some("Kurds deny deal"));
        assert_eq!(
            b.doc.document.text,
            "\n  Kurds deny deal \nThe SDF denied it.\n"
        );
        assert_eq!(b.doc.layers.sentences.len(), 1);
        let one_line = built(from_text_file(
            b"Only one line here.".to_vec(),
            "b.txt",
            None,
            &no_hints(),
            1 << 20,
        ))
        .unwrap();
        assert_eq!(one_line.doc.document.title, None);
        assert!(built(from_text_file(
            b"  \n \n".to_vec(),
            "c.txt",
            None,
            &no_hints(),
            1 << 20,
        ))
        .is_err());
    }

    #[test]
    fn dateline_gives_date_and_agency() {
        let b = built(from_text_file(
            b"Title\nBEIRUT, Oct 14, 2017 (Reuters) - Buses left Raqqa.\n".to_vec(),
            "a.txt",
            None,
            &no_hints(),
            1 << 20,
        ))
        .unwrap();
        let d = &b.doc.document;
        assert_eq!(d.published.value.unwrap().to_string(), "2017-10-14");
        assert_eq!(d.published.source, DateSource::Dateline);
        let outlet = d.outlet.as_ref().unwrap();
        assert_eq!(
            (outlet.name.as_str(), outlet.source),
            ("Reuters", OutletSource::AgencyTag)
        );
    }

    #[test]
    fn datelines_check_the_metadata_date_and_timexes_use_it() {
        let text = "MOSCOW, May 31. /TASS/. The ministry said on Wednesday that the column left last week.";
        let v = serde_json::json!({"text": text, "published": "2017-06-05"});
        let b = built(from_json_record(v, "f.jsonl", None, &no_hints())).unwrap();
        assert!(
            b.warnings.iter().any(|w| w.contains("disagrees")),
            "{:?}",
            b.warnings
        );
        let values: Vec<&str> = b
            .doc
            .layers
            .timexes
            .iter()
            .map(|t| t.value.as_str())
            .collect();
        // Resolved against the metadata date (Monday 2017-06-05), not the dateline.
        assert!(values.contains(&"2017-05-31"), "{values:?}");
        assert!(values.contains(&"2017-W22"), "{values:?}");

        let v = serde_json::json!({"text": text, "published": "2017-05-31"});
        let b = built(from_json_record(v, "f.jsonl", None, &no_hints())).unwrap();
        assert!(b.warnings.is_empty(), "{:?}", b.warnings);
    }

    #[test]
    fn json_records() {
        let v = serde_json::json!({
            "id": 7, "title": "T", "text": "Body text here.", "source": {"name": "reuters"},
            "url": "https://www.tass.com/world/1", "date": "2017-05-31T10:00:00+03:00"
        });
        let b = built(from_json_record(
            v,
            "f.jsonl",
            Some("line 1".into()),
            &no_hints(),
        ))
        .unwrap();
        let d = &b.doc.document;
        assert_eq!(d.external_id.as_deref(), Some("7"));
        assert_eq!(d.outlet.as_ref().unwrap().name, "reuters");
        assert_eq!(d.published.source, DateSource::Metadata);
        let v = serde_json::json!({"text": "Body.", "url": "https://www.tass.com/world/1", "published": "last Thursday"});
        let b = built(from_json_record(v, "f.jsonl", None, &no_hints())).unwrap();
        assert_eq!(b.doc.document.outlet.as_ref().unwrap().name, "TASS");
        assert!(!b.doc.document.published.is_known());
        assert_eq!(b.warnings.len(), 1);
        let err = built(from_json_record(
            serde_json::json!({"title": "no text"}),
            "f",
            Some("line 3".into()),
            &no_hints(),
        ))
        .unwrap_err();
        assert_eq!(err.locator.as_deref(), Some("line 3"));
        assert!(from_json_record(serde_json::json!([1, 2]), "f", None, &no_hints()).is_err());
    }

    #[test]
    fn html_page() {
        let html = r#"<!DOCTYPE html><html lang="en"><head><title>Kurds deny corridor deal | Levant Observer</title>
<meta property="og:site_name" content="Levant Observer">
<meta property="article:published_time" content="2017-10-14T09:30:00+03:00">
<link rel="canonical" href="https://levant-observer.example/2017/10/kurds-deny">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Kurds deny corridor deal</h1>
<p>The Syrian Democratic Forces on Saturday denied that any deal had been struck with Islamic State fighters to leave Raqqa, contradicting a statement from the Russian defence ministry.</p>
<p>"There was no agreement with the terrorists," an SDF spokesman told reporters in the town of Ain Issa, north of the city, adding that fighting continued in the old quarter.</p>
<p>The US-led coalition said it had not taken part in any talks about the evacuation of the militants, but that local officials had negotiated the departure of civilians.</p>
</article><footer>Share on Facebook</footer></body></html>"#;
        let b = built(from_html(
            HtmlSource {
                bytes: html.as_bytes().to_vec(),
                max_bytes: 1 << 20,
                max_depth: crate::nesting::MAX_DEPTH,
                max_tags: crate::nesting::MAX_TAGS,
                path: "p.html",
                locator: None,
                url: None,
                charset: None,
                external_id: None,
                format: SourceFormat::Html,
            },
            &no_hints(),
        ))
        .unwrap();
        let d = &b.doc.document;
        assert_eq!(
            d.url.as_deref(),
            Some("https://levant-observer.example/2017/10/kurds-deny")
        );
        assert_eq!(d.outlet.as_ref().unwrap().name, "Levant Observer");
        assert_eq!(d.published.source, DateSource::HtmlMeta);
        assert_eq!(d.published.value.unwrap().date().to_string(), "2017-10-14");
        assert!(d.text.contains("There was no agreement"), "{}", d.text);
        assert!(!d.text.contains("Home"), "{}", d.text);
        assert!(d
            .title
            .as_deref()
            .unwrap()
            .starts_with("Kurds deny corridor deal"));
        assert!(b.doc.layers.paragraphs.len() >= 3, "{:?}", d.text);
    }
}
