//! TimeML (`.tml`) files as TempEval-3 uses them: the `<TEXT>` with its tags stripped, the
//! TIMEX3 annotations as spans into that plain text, and the document creation time.

use chrono::NaiveDate;

/// One TIMEX3 of a TimeML text. Offsets are byte offsets into [`TimemlDoc::text`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimexAnnotation {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kind: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TimemlDoc {
    /// The content of `<TEXT>` with every tag removed and entities decoded.
    pub text: String,
    /// The value of the `<DCT>` TIMEX3, as written (`1998-01-08`, `1998-02-06T22:19:00`).
    pub dct_value: Option<String>,
    /// TIMEX3 elements of `<TEXT>` whose content has no nested tag, in document order.
    pub timexes: Vec<TimexAnnotation>,
}

impl TimemlDoc {
    /// The calendar date of the DCT.
    pub fn dct(&self) -> Option<NaiveDate> {
        let v = self.dct_value.as_deref()?;
        NaiveDate::parse_from_str(v.get(..10)?, "%Y-%m-%d").ok()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum TimemlError {
    #[error("no <TEXT> element")]
    NoText,
    #[error("unterminated tag at byte {0}")]
    UnterminatedTag(usize),
}

/// Parses one TimeML document.
pub fn parse(xml: &str) -> Result<TimemlDoc, TimemlError> {
    let dct_value = xml.find("<DCT>").and_then(|at| {
        let rest = &xml[at..];
        let end = rest.find("</DCT>")?;
        let open = &rest[..end];
        let tag_start = open.find("<TIMEX3")?;
        let tag_end = open[tag_start..].find('>')? + tag_start;
        attribute(&open[tag_start..tag_end], "value")
    });
    let start = xml.find("<TEXT>").ok_or(TimemlError::NoText)? + "<TEXT>".len();
    let end = xml[start..]
        .find("</TEXT>")
        .map_or(xml.len(), |e| start + e);
    let body = &xml[start..end];

    let mut text = String::with_capacity(body.len());
    let mut timexes = Vec::new();
    // An open TIMEX3: its attributes, where its content starts in `text`, and whether a tag
    // appeared inside it (such timexes are not counted, as in the official scorer).
    let mut open: Option<(String, usize, bool)> = None;
    let mut i = 0;
    let bytes = body.as_bytes();
    while i < bytes.len() {
        match bytes[i] {
            b'<' => {
                let close = body[i..]
                    .find('>')
                    .ok_or(TimemlError::UnterminatedTag(start + i))?;
                let tag = &body[i + 1..i + close];
                if let Some(attrs) = tag.strip_prefix("TIMEX3") {
                    if let Some((_, _, nested)) = open.as_mut() {
                        *nested = true;
                    }
                    open = Some((attrs.to_string(), text.len(), false));
                } else if tag == "/TIMEX3" {
                    if let Some((attrs, from, nested)) = open.take() {
                        if !nested {
                            timexes.push(TimexAnnotation {
                                start: from,
                                end: text.len(),
                                text: text[from..].to_string(),
                                kind: attribute(&attrs, "type").unwrap_or_default(),
                                value: attribute(&attrs, "value").unwrap_or_default(),
                            });
                        }
                    }
                } else if let Some((_, _, nested)) = open.as_mut() {
                    *nested = true;
                }
                i += close + 1;
            }
            b'&' => {
                let semi = body[i..].find(';').filter(|&s| s <= 10);
                match semi.and_then(|s| decode_entity(&body[i + 1..i + s]).map(|c| (c, s))) {
                    Some((c, s)) => {
                        text.push(c);
                        i += s + 1;
                    }
                    None => {
                        text.push('&');
                        i += 1;
                    }
                }
            }
            _ => {
                let next = body[i..].find(['<', '&']).map_or(bytes.len(), |n| i + n);
                text.push_str(&body[i..next]);
                i = next;
            }
        }
    }
    Ok(TimemlDoc {
        text,
        dct_value,
        timexes,
    })
}

fn decode_entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

/// The value of `name="..."` in a tag's attribute string.
fn attribute(attrs: &str, name: &str) -> Option<String> {
    let mut rest = attrs;
    while let Some(at) = rest.find(name) {
        let before_ok = at == 0 || rest.as_bytes()[at - 1].is_ascii_whitespace();
        let after = &rest[at + name.len()..];
        let after_trim = after.trim_start();
        if before_ok {
            if let Some(v) = after_trim.strip_prefix('=') {
                let v = v.trim_start();
                let quote = v.chars().next()?;
                if quote == '"' || quote == '\'' {
                    let end = v[1..].find(quote)?;
                    return Some(v[1..1 + end].to_string());
                }
            }
        }
        rest = after;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_tags_and_keeps_offsets() {
        let xml = r#"<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08" functionInDocument="CREATION_TIME">19980108</TIMEX3></DCT>
<TEXT>It fell <TIMEX3 tid="t1" type="DATE" value="1998-01-07">yesterday</TIMEX3> by 5 &amp; <EVENT eid="e1">rose</EVENT> <TIMEX3 tid="t2" type="DURATION" value="P1W">a <X>week</X></TIMEX3>.</TEXT></TimeML>"#;
        let doc = parse(xml).unwrap();
        assert_eq!(doc.text, "It fell yesterday by 5 & rose a week.");
        assert_eq!(doc.dct().unwrap().to_string(), "1998-01-08");
        assert_eq!(doc.timexes.len(), 1, "the nested one is not counted");
        let t = &doc.timexes[0];
        assert_eq!(&doc.text[t.start..t.end], "yesterday");
        assert_eq!((t.kind.as_str(), t.value.as_str()), ("DATE", "1998-01-07"));
    }
}
