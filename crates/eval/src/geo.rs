//! Geoparsing gold and scores for news toponym sets: LGL's layout (`lgl.xml` and the sets that
//! share it), GeoVirus and GeoWebNews (GWN).
//!
//! - LGL: `<article><text>` with `<toponyms><toponym><start><end><phrase><gaztag
//!   geonameid><lat><lon>…`; toponyms without a `gaztag` have no gold place and are not scored.
//! - GeoVirus: `<article><text>` with `<locations><location><name><start><end><lat><lon>`.
//! - GWN: `<toponym><extractedName><start><end><geonamesID><latitude><longitude>`; toponyms
//!   without coordinates (non-toponyms, unresolved) are not scored.
//!
//! Offsets count characters; they are turned into byte offsets. Where a set's offsets do not
//! point at the name (GeoVirus's are off by a few characters), the name is looked for nearby
//! and the count of such repairs is reported.
//!
//! Scores follow Gritta et al. ("What's missing in geographical parsing?", 2018): error in km
//! by great-circle distance, `acc161` = share of errors under 161 km, `auc` = mean of
//! ln(err + 1) / ln(20039) (lower is better), mean and median error; a toponym left unresolved
//! counts as 20,039 km. End to end, toponym spans are matched by overlap.

use serde::Serialize;

/// Half the Earth's circumference: the largest possible error, in km.
pub const MAX_ERROR_KM: f64 = 20039.0;

#[derive(Debug, Clone, PartialEq)]
pub struct GoldToponym {
    /// Byte offsets into the article text.
    pub start: usize,
    pub end: usize,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub geonameid: Option<u64>,
}

#[derive(Debug, Clone)]
pub struct GeoArticle {
    pub id: String,
    /// The article's web address: its `url`, else `http://` and LGL's `domain`.
    pub address: Option<String>,
    pub text: String,
    pub toponyms: Vec<GoldToponym>,
}

#[derive(Debug, Clone, Default)]
pub struct GeoCorpus {
    pub articles: Vec<GeoArticle>,
    /// Gold toponyms without coordinates, left out of scoring.
    pub unscored: usize,
    /// Gold offsets that did not point at the name and were repaired.
    pub realigned: usize,
    /// Gold toponyms whose name could not be found near its offsets (left out).
    pub dropped: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum GeoError {
    #[error("not XML: {0}")]
    Xml(String),
    #[error("no articles with toponyms (expected LGL, GeoVirus or GWN layout)")]
    Empty,
}

fn child<'a>(n: roxmltree::Node<'a, 'a>, name: &str) -> Option<roxmltree::Node<'a, 'a>> {
    n.children().find(|c| c.has_tag_name(name))
}

fn child_text<'a>(n: roxmltree::Node<'a, 'a>, name: &str) -> Option<&'a str> {
    child(n, name).and_then(|c| c.text()).map(str::trim)
}

fn parse_f64(s: Option<&str>) -> Option<f64> {
    s.and_then(|x| x.trim().parse().ok())
}

/// Byte offset of character `c` in `text` (the end when past it).
fn byte_of(text: &str, c: usize) -> usize {
    text.char_indices().nth(c).map_or(text.len(), |(i, _)| i)
}

pub fn parse(xml: &str) -> Result<GeoCorpus, GeoError> {
    let doc = roxmltree::Document::parse(xml).map_err(|e| GeoError::Xml(e.to_string()))?;
    let mut corpus = GeoCorpus::default();
    for (n, article) in doc
        .root_element()
        .children()
        .filter(|c| c.has_tag_name("article"))
        .enumerate()
    {
        let text = child_text(article, "text").unwrap_or("").to_string();
        // GeoVirus and GWN keep leading spaces out of `text()` trimming: use the raw text.
        let raw = child(article, "text").and_then(|t| t.text()).unwrap_or("");
        let text = if raw.trim() == text {
            raw.to_string()
        } else {
            text
        };
        let id = article
            .attribute("docid")
            .or(article.attribute("file"))
            .map(str::to_string)
            .unwrap_or_else(|| n.to_string());
        let mut toponyms = Vec::new();
        for t in article
            .descendants()
            .filter(|d| d.has_tag_name("toponym") || d.has_tag_name("location"))
        {
            let name = child_text(t, "phrase")
                .or(child_text(t, "extractedName"))
                .or(child_text(t, "name"))
                .unwrap_or("")
                .to_string();
            let (lat, lon, geonameid) = if let Some(g) = child(t, "gaztag") {
                (
                    parse_f64(child_text(g, "lat")),
                    parse_f64(child_text(g, "lon")),
                    g.attribute("geonameid").and_then(|x| x.parse().ok()),
                )
            } else {
                (
                    parse_f64(child_text(t, "lat").or(child_text(t, "latitude"))),
                    parse_f64(child_text(t, "lon").or(child_text(t, "longitude"))),
                    child_text(t, "geonamesID").and_then(|x| x.parse().ok()),
                )
            };
            let (Some(lat), Some(lon)) = (lat, lon) else {
                corpus.unscored += 1;
                continue;
            };
            let (Some(s), Some(e)) = (
                child_text(t, "start").and_then(|x| x.parse::<usize>().ok()),
                child_text(t, "end").and_then(|x| x.parse::<usize>().ok()),
            ) else {
                corpus.unscored += 1;
                continue;
            };
            let (mut start, mut end) = (byte_of(&text, s), byte_of(&text, e));
            if text.get(start..end) != Some(name.as_str()) {
                // Look for the name within 40 characters of the given start.
                let from = byte_of(&text, s.saturating_sub(40));
                let to = byte_of(&text, e + 40);
                match text.get(from..to).and_then(|w| w.find(name.as_str())) {
                    Some(i) if !name.is_empty() => {
                        start = from + i;
                        end = start + name.len();
                        corpus.realigned += 1;
                    }
                    _ => {
                        corpus.dropped += 1;
                        continue;
                    }
                }
            }
            toponyms.push(GoldToponym {
                start,
                end,
                name,
                lat,
                lon,
                geonameid,
            });
        }
        toponyms.sort_by_key(|t| (t.start, t.end));
        let address = child_text(article, "url")
            .filter(|u| !u.is_empty())
            .map(str::to_string)
            .or_else(|| {
                child_text(article, "domain")
                    .filter(|d| !d.is_empty())
                    .map(|d| format!("http://{d}"))
            });
        corpus.articles.push(GeoArticle {
            id,
            address,
            text,
            toponyms,
        });
    }
    if corpus.articles.iter().all(|a| a.toponyms.is_empty()) {
        return Err(GeoError::Empty);
    }
    Ok(corpus)
}

/// Great-circle distance in km (haversine, mean Earth radius 6,371 km).
pub fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().min(1.0).asin()
}

/// A system's place for a toponym.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Predicted {
    pub start: usize,
    pub end: usize,
    pub lat: f64,
    pub lon: f64,
    pub geonameid: Option<u64>,
}

#[derive(Debug, Clone, Default)]
pub struct GeoScorer {
    errors: Vec<f64>,
    exact: usize,
    with_id: usize,
    predicted_spans: usize,
    gold_spans: usize,
    matched_spans: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct GeoScores {
    /// Percent of scored toponyms with an error under 161 km.
    pub acc161: f64,
    /// Mean of ln(err + 1) / ln(20039); 0 is perfect, 1 the worst.
    pub auc: f64,
    pub mean_km: f64,
    pub median_km: f64,
    /// Percent of toponyms with a gold GeoNames id that got exactly that id.
    pub exact_id: Option<f64>,
    pub toponyms: usize,
    /// End to end only: toponym spans, overlap matching, percent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub r: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub f1: Option<f64>,
}

impl GeoScorer {
    /// Adds one article. In gold-mention mode `predicted` holds one entry per gold toponym at
    /// its span (or none when it was left unresolved); end to end it holds what the system
    /// found. A gold toponym with no overlapping prediction counts as 20,039 km.
    pub fn add(&mut self, gold: &[GoldToponym], predicted: &[Predicted]) {
        self.gold_spans += gold.len();
        self.predicted_spans += predicted.len();
        let mut used = vec![false; predicted.len()];
        for g in gold {
            // The prediction with the largest overlap that is not yet used.
            let best = predicted
                .iter()
                .enumerate()
                .filter(|(i, p)| !used[*i] && p.start < g.end && g.start < p.end)
                .max_by_key(|(_, p)| p.end.min(g.end) - p.start.max(g.start))
                .map(|(i, _)| i);
            let error = match best {
                Some(i) => {
                    used[i] = true;
                    self.matched_spans += 1;
                    let p = predicted[i];
                    if let (Some(a), Some(b)) = (g.geonameid, p.geonameid) {
                        self.exact += (a == b) as usize;
                    }
                    distance_km(g.lat, g.lon, p.lat, p.lon)
                }
                None => MAX_ERROR_KM,
            };
            if g.geonameid.is_some() {
                self.with_id += 1;
            }
            self.errors.push(error);
        }
    }

    pub fn scores(&self, end_to_end: bool) -> GeoScores {
        let n = self.errors.len().max(1) as f64;
        let mut sorted = self.errors.clone();
        sorted.sort_by(|a, b| a.total_cmp(b));
        let median = match sorted.len() {
            0 => 0.0,
            k if k % 2 == 1 => sorted[k / 2],
            k => (sorted[k / 2 - 1] + sorted[k / 2]) / 2.0,
        };
        let (p, r, f1) = if end_to_end {
            let p = 100.0 * self.matched_spans as f64 / self.predicted_spans.max(1) as f64;
            let r = 100.0 * self.matched_spans as f64 / self.gold_spans.max(1) as f64;
            let f = if p + r > 0.0 {
                2.0 * p * r / (p + r)
            } else {
                0.0
            };
            (Some(p), Some(r), Some(f))
        } else {
            (None, None, None)
        };
        GeoScores {
            acc161: 100.0 * self.errors.iter().filter(|&&e| e < 161.0).count() as f64 / n,
            auc: self
                .errors
                .iter()
                .map(|e| (e + 1.0).ln() / MAX_ERROR_KM.ln())
                .sum::<f64>()
                / n,
            mean_km: self.errors.iter().sum::<f64>() / n,
            median_km: median,
            exact_id: (self.with_id > 0).then(|| 100.0 * self.exact as f64 / self.with_id as f64),
            toponyms: self.errors.len(),
            p,
            r,
            f1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LGL: &str = r#"<?xml version="1.0"?><articles><article docid="1"><domain>WWW.Example.com</domain><text><![CDATA[Café in Paris, near Lyon.]]></text>
<toponyms><toponym><start>8</start><end>13</end><phrase>Paris</phrase><gaztag geonameid="2988507"><lat>48.85341</lat><lon>2.3488</lon></gaztag></toponym>
<toponym><start>20</start><end>24</end><phrase>Lyon</phrase><gaztag geonameid="2996944"><lat>45.74846</lat><lon>4.84671</lon></gaztag></toponym>
<toponym><start>0</start><end>4</end><phrase>Café</phrase></toponym></toponyms></article></articles>"#;

    #[test]
    fn reads_lgl_with_character_offsets() {
        let c = parse(LGL).unwrap();
        let a = &c.articles[0];
        assert_eq!(a.toponyms.len(), 2);
        assert_eq!(c.unscored, 1, "a toponym without a gaztag is not scored");
        // "é" is two bytes: the character offset 8 is byte 9.
        assert_eq!(&a.text[a.toponyms[0].start..a.toponyms[0].end], "Paris");
        assert_eq!(a.toponyms[0].geonameid, Some(2988507));
        assert_eq!(a.address.as_deref(), Some("http://WWW.Example.com"));
    }

    #[test]
    fn reads_geovirus_and_gwn_and_repairs_offsets() {
        let gv = r#"<articles><article><source>x</source><text>Farm in Pandi, Bulacan.</text><locations><location><name>Pandi</name><start>9</start><end>14</end><lat>14.87</lat><lon>120.95</lon></location></locations></article></articles>"#;
        let c = parse(gv).unwrap();
        assert_eq!(c.realigned, 1);
        assert_eq!(c.articles[0].address, None);
        let with_url = gv.replace(
            "<source>x</source>",
            "<url>https://news.example.org:8080/a?b</url>",
        );
        assert_eq!(
            parse(&with_url).unwrap().articles[0].address.as_deref(),
            Some("https://news.example.org:8080/a?b")
        );
        let t = &c.articles[0].toponyms[0];
        assert_eq!(&c.articles[0].text[t.start..t.end], "Pandi");
        let gwn = r#"<articles><article file="0"><text>Rain in Oslo today.</text><toponyms><toponym><extractedName>Oslo</extractedName><start>8</start><end>12</end><geonamesID>3143244</geonamesID><latitude>59.91</latitude><longitude>10.75</longitude></toponym><toponym><extractedName>today</extractedName><start>13</start><end>18</end><geonamesID/><latitude/><longitude/></toponym></toponyms></article></articles>"#;
        let c = parse(gwn).unwrap();
        assert_eq!(c.articles[0].toponyms.len(), 1);
        assert_eq!(c.unscored, 1);
        assert!(matches!(parse("<articles/>"), Err(GeoError::Empty)));
        assert!(matches!(parse("<articles>"), Err(GeoError::Xml(_))));
    }

    #[test]
    fn scores_by_hand() {
        // Paris → London is 344 km; Lyon exact; a third toponym unresolved (20,039 km).
        let gold = vec![
            GoldToponym {
                start: 0,
                end: 5,
                name: "Paris".into(),
                lat: 48.8534,
                lon: 2.3488,
                geonameid: Some(1),
            },
            GoldToponym {
                start: 10,
                end: 14,
                name: "Lyon".into(),
                lat: 45.7485,
                lon: 4.8467,
                geonameid: Some(2),
            },
            GoldToponym {
                start: 20,
                end: 25,
                name: "Xyzzy".into(),
                lat: 0.0,
                lon: 0.0,
                geonameid: None,
            },
        ];
        let predicted = vec![
            Predicted {
                start: 0,
                end: 5,
                lat: 51.5085,
                lon: -0.1257,
                geonameid: Some(9),
            },
            Predicted {
                start: 10,
                end: 14,
                lat: 45.7485,
                lon: 4.8467,
                geonameid: Some(2),
            },
        ];
        let mut s = GeoScorer::default();
        s.add(&gold, &predicted);
        let out = s.scores(false);
        let d = distance_km(48.8534, 2.3488, 51.5085, -0.1257);
        assert!((d - 343.5).abs() < 2.0, "{d}");
        assert!((out.acc161 - 100.0 / 3.0).abs() < 1e-9);
        assert!((out.mean_km - (d + 0.0 + MAX_ERROR_KM) / 3.0).abs() < 1e-6);
        assert!((out.median_km - d).abs() < 1e-9);
        let auc = ((d + 1.0).ln() + 0.0 + (MAX_ERROR_KM + 1.0).ln()) / MAX_ERROR_KM.ln() / 3.0;
        assert!((out.auc - auc).abs() < 1e-9);
        assert_eq!(out.exact_id, Some(50.0), "one of the two gold ids");
        let e2e = s.scores(true);
        assert_eq!(e2e.p, Some(100.0));
        assert!((e2e.r.unwrap() - 200.0 / 3.0).abs() < 1e-9);
    }
}
