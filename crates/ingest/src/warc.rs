//! A streaming WARC reader for news crawls (Common Crawl's CC-NEWS layout): `response` records
//! whose payload is an HTTP response carrying an HTML page.
//!
//! Hand-written rather than the `warc` crate: we need to skip records we do not want without
//! buffering them, to hold at most one record in memory (CC-NEWS files are ~1 GB), and to say
//! exactly which record was cut short or malformed; `warc` 0.4 also cannot open a file read-only.
//!
//! Limits apply to what a record produces, not only to what is read: a body sent with
//! `Content-Encoding: gzip` or `deflate` is inflated into at most `max_record` bytes (a 270 KB
//! record can hold a 268 MB page), and a record over it is rejected with the reason. Record
//! bodies that are not text (images, archives, a body still compressed) are skipped by reason;
//! they never make the whole file count as binary.

use std::io::{self, BufRead, Read};

use crate::source::{read_line_bounded, LineRead};

const MAX_HEADER_LINE: usize = 64 * 1024;
const MAX_HEADERS: usize = 1000;

/// An HTML page found in a WARC response record.
#[derive(Debug)]
pub struct HtmlPage {
    pub record: u64,
    pub bytes: Vec<u8>,
    pub url: Option<String>,
    pub charset: Option<String>,
    pub record_id: Option<String>,
}

#[derive(Debug)]
pub enum WarcItem {
    Page(HtmlPage),
    /// A record that is not an article page (a request, metadata, an image, a redirect).
    Skipped {
        record: u64,
        reason: String,
    },
    /// A response record that should hold a page but cannot be used.
    Rejected {
        record: u64,
        reason: String,
    },
}

/// A failure that ends the reading of the file.
#[derive(Debug)]
pub struct WarcError {
    pub record: u64,
    pub reason: String,
    pub io: Option<io::Error>,
}

impl WarcError {
    fn new(record: u64, reason: impl Into<String>) -> WarcError {
        WarcError {
            record,
            reason: reason.into(),
            io: None,
        }
    }

    fn io(record: u64, what: &str, e: io::Error) -> WarcError {
        WarcError {
            record,
            reason: format!("{what}: {e}"),
            io: Some(e),
        }
    }
}

/// Reads every record of the WARC stream, emitting pages and accounting for the rest. Returns
/// the number of records read.
pub fn read_warc(
    reader: &mut dyn BufRead,
    max_record: u64,
    emit: &mut dyn FnMut(WarcItem),
) -> Result<u64, WarcError> {
    let mut line = Vec::new();
    let mut record = 0u64;
    loop {
        // Records are separated by blank lines.
        let first = loop {
            match read_line_bounded(reader, &mut line, MAX_HEADER_LINE)
                .map_err(|e| WarcError::io(record + 1, "read error", e))?
            {
                LineRead::Eof => return Ok(record),
                LineRead::TooLong(n) => {
                    return Err(WarcError::new(
                        record + 1,
                        format!("header line of {n} bytes"),
                    ))
                }
                LineRead::Line if line.is_empty() => continue,
                LineRead::Line => break String::from_utf8_lossy(&line).into_owned(),
            }
        };
        record += 1;
        if !first.starts_with("WARC/") {
            let shown: String = first.chars().take(40).collect();
            return Err(WarcError::new(
                record,
                format!("expected a WARC/1.x version line, found {shown:?}"),
            ));
        }
        let headers = read_headers(reader, &mut line)
            .map_err(|e| WarcError::io(record, "cut short in its header", e))?
            .ok_or_else(|| WarcError::new(record, "cut short in its header"))?;
        let header = |name: &str| {
            headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
        };
        let length: u64 = header("Content-Length")
            .and_then(|v| v.trim().parse().ok())
            .ok_or_else(|| WarcError::new(record, "no valid Content-Length header"))?;
        let warc_type = header("WARC-Type").unwrap_or("").to_ascii_lowercase();
        let is_http = header("Content-Type").is_some_and(|t| t.contains("application/http"));
        if warc_type != "response" || !is_http || length > max_record {
            skip_exact(reader, length).map_err(|e| {
                WarcError::io(
                    record,
                    &format!("cut short: expected {length} bytes of content"),
                    e,
                )
            })?;
            let reason = if warc_type != "response" {
                format!(
                    "WARC-Type {}",
                    if warc_type.is_empty() {
                        "missing"
                    } else {
                        &warc_type
                    }
                )
            } else if !is_http {
                "response without an HTTP payload".to_string()
            } else {
                emit(WarcItem::Rejected {
                    record,
                    reason: format!("{length}-byte record over the {max_record}-byte limit"),
                });
                continue;
            };
            emit(WarcItem::Skipped { record, reason });
            continue;
        }
        let mut payload = vec![0u8; length as usize];
        reader.read_exact(&mut payload).map_err(|e| {
            WarcError::io(
                record,
                &format!("cut short: expected {length} bytes of content"),
                e,
            )
        })?;
        let url = header("WARC-Target-URI").map(|u| u.trim().trim_matches(['<', '>']).to_string());
        let record_id =
            header("WARC-Record-ID").map(|u| u.trim().trim_matches(['<', '>']).to_string());
        emit(match parse_http(&payload, max_record) {
            Ok(http) => match http {
                Http::Page { body, charset } => WarcItem::Page(HtmlPage {
                    record,
                    bytes: body,
                    url,
                    charset,
                    record_id,
                }),
                Http::NotAPage(reason) => WarcItem::Skipped { record, reason },
            },
            Err(reason) => WarcItem::Rejected { record, reason },
        });
    }
}

type Headers = Vec<(String, String)>;

fn read_headers(reader: &mut dyn BufRead, line: &mut Vec<u8>) -> io::Result<Option<Headers>> {
    let mut headers = Vec::new();
    loop {
        match read_line_bounded(reader, line, MAX_HEADER_LINE)? {
            LineRead::Eof => return Ok(None),
            LineRead::TooLong(_) => continue,
            LineRead::Line if line.is_empty() => return Ok(Some(headers)),
            LineRead::Line => {
                if headers.len() < MAX_HEADERS {
                    let text = String::from_utf8_lossy(line);
                    if let Some((k, v)) = text.split_once(':') {
                        headers.push((k.trim().to_string(), v.trim().to_string()));
                    }
                }
            }
        }
    }
}

fn skip_exact(reader: &mut dyn BufRead, length: u64) -> io::Result<()> {
    let copied = io::copy(&mut reader.take(length), &mut io::sink())?;
    if copied < length {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            format!("only {copied} bytes left"),
        ));
    }
    Ok(())
}

enum Http {
    Page {
        body: Vec<u8>,
        charset: Option<String>,
    },
    NotAPage(String),
}

fn parse_http(payload: &[u8], max_body: u64) -> Result<Http, String> {
    let (head_len, sep) = match memchr::memmem::find(payload, b"\r\n\r\n") {
        Some(i) => (i, 4),
        None => match memchr::memmem::find(payload, b"\n\n") {
            Some(i) => (i, 2),
            None => return Err("HTTP response without a header end".into()),
        },
    };
    let head = String::from_utf8_lossy(&payload[..head_len]);
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or("");
    let status: u16 = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| {
            format!(
                "bad HTTP status line {:?}",
                status_line.chars().take(40).collect::<String>()
            )
        })?;
    if !(200..300).contains(&status) {
        return Ok(Http::NotAPage(format!("HTTP status {status}")));
    }
    let mut content_type = None;
    let mut content_encoding = None;
    let mut chunked = false;
    for l in lines {
        let Some((k, v)) = l.split_once(':') else {
            continue;
        };
        let (k, v) = (k.trim().to_ascii_lowercase(), v.trim().to_ascii_lowercase());
        match k.as_str() {
            "content-type" => content_type = Some(v),
            "content-encoding" => content_encoding = Some(v),
            "transfer-encoding" => chunked = v.contains("chunked"),
            _ => {}
        }
    }
    let mut body = payload[head_len + sep..].to_vec();
    if let Some(t) = &content_type {
        let html = t.contains("html") || t.contains("xml") && t.contains("xhtml");
        if !html {
            let kind = t.split(';').next().unwrap_or("").trim();
            return Ok(Http::NotAPage(format!("content type {kind}")));
        }
    }
    if chunked {
        body = dechunk(&body).ok_or("bad chunked transfer encoding")?;
    }
    match content_encoding.as_deref() {
        None | Some("identity") | Some("") => {}
        Some("gzip") | Some("x-gzip") => {
            body = inflate_bounded(flate2::read::MultiGzDecoder::new(&body[..]), max_body)
                .map_err(|e| e.message("gzip"))?;
        }
        Some("deflate") => {
            body = inflate_bounded(flate2::read::ZlibDecoder::new(&body[..]), max_body)
                .map_err(|e| e.message("deflate"))?;
        }
        Some(other) => return Err(format!("unsupported content encoding {other}")),
    }
    if let Some(kind) = binary_body(&body) {
        return Ok(Http::NotAPage(format!("binary body ({kind})")));
    }
    let charset = content_type
        .as_deref()
        .and_then(crate::decode::content_type_charset);
    Ok(Http::Page { body, charset })
}

/// Why an encoded body could not be inflated.
enum InflateError {
    Corrupt(io::Error),
    /// The body inflates past the limit: reading stopped there.
    TooLarge(u64),
}

impl InflateError {
    fn message(&self, encoding: &str) -> String {
        match self {
            InflateError::Corrupt(e) => format!("bad {encoding} content encoding: {e}"),
            InflateError::TooLarge(limit) => {
                format!("{encoding} content encoding inflates past the {limit}-byte record limit")
            }
        }
    }
}

/// Inflates into at most `limit` bytes: a small compressed body cannot make us allocate more.
fn inflate_bounded(decoder: impl Read, limit: u64) -> Result<Vec<u8>, InflateError> {
    let mut out = Vec::new();
    decoder
        .take(limit.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(InflateError::Corrupt)?;
    if out.len() as u64 > limit {
        return Err(InflateError::TooLarge(limit));
    }
    Ok(out)
}

/// What a body that cannot be a page is, from its first bytes: an image, an archive, a body
/// still compressed, or bytes with NULs (which no HTML page holds; UTF-16 pages start with a
/// byte-order mark).
fn binary_body(body: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG", "PNG image"),
        (b"\xff\xd8\xff", "JPEG image"),
        (b"GIF8", "GIF image"),
        (b"RIFF", "RIFF media"),
        (b"%PDF", "PDF"),
        (b"\x1f\x8b", "gzip data"),
        (b"PK\x03\x04", "zip archive"),
        (b"\x00\x00\x01\x00", "icon"),
        (b"wOFF", "web font"),
        (b"wOF2", "web font"),
    ];
    if let Some((_, kind)) = MAGIC.iter().find(|(m, _)| body.starts_with(m)) {
        return Some(kind);
    }
    let utf16 = body.starts_with(&[0xff, 0xfe]) || body.starts_with(&[0xfe, 0xff]);
    (!utf16 && memchr::memchr(0, &body[..body.len().min(1024)]).is_some()).then_some("NUL bytes")
}

fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let nl = memchr::memchr(b'\n', data)?;
        let size_text = std::str::from_utf8(&data[..nl]).ok()?.trim();
        let size_text = size_text.split(';').next()?.trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        data = &data[nl + 1..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size..)?;
        data = data
            .strip_prefix(b"\r\n")
            .or_else(|| data.strip_prefix(b"\n"))
            .unwrap_or(data);
    }
}

/// Writes a WARC response record; for tests, benchmarks and fuzz seeds.
pub fn write_response_record(out: &mut Vec<u8>, url: &str, http_body: &[u8], content_type: &str) {
    let mut http = format!("HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n\r\n").into_bytes();
    http.extend_from_slice(http_body);
    out.extend_from_slice(
        format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\nWARC-Date: 2017-10-14T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:{:08x}>\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
            url.len(),
            http.len()
        )
        .as_bytes(),
    );
    out.extend_from_slice(&http);
    out.extend_from_slice(b"\r\n\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(data: &[u8]) -> (Vec<WarcItem>, Result<u64, WarcError>) {
        let mut items = Vec::new();
        let mut r = data;
        let res = read_warc(&mut r, 1 << 20, &mut |i| items.push(i));
        (items, res)
    }

    #[test]
    fn reads_pages_and_skips_the_rest() {
        let mut data =
            b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 4\r\n\r\nabcd\r\n\r\n".to_vec();
        write_response_record(
            &mut data,
            "https://example.org/a",
            b"<html><p>Hello</p></html>",
            "text/html; charset=utf-8",
        );
        write_response_record(
            &mut data,
            "https://example.org/logo.png",
            b"\x89PNG",
            "image/png",
        );
        let (items, res) = read(&data);
        assert_eq!(res.unwrap(), 3);
        assert!(
            matches!(&items[0], WarcItem::Skipped { reason, .. } if reason == "WARC-Type warcinfo")
        );
        match &items[1] {
            WarcItem::Page(p) => {
                assert_eq!(p.url.as_deref(), Some("https://example.org/a"));
                assert_eq!(p.charset.as_deref(), Some("utf-8"));
                assert_eq!(p.bytes, b"<html><p>Hello</p></html>");
            }
            other => panic!("{other:?}"),
        }
        assert!(
            matches!(&items[2], WarcItem::Skipped { reason, .. } if reason == "content type image/png")
        );
    }

    #[test]
    fn cut_short_record_names_the_record() {
        let mut data = Vec::new();
        write_response_record(
            &mut data,
            "https://example.org/a",
            b"<html>one</html>",
            "text/html",
        );
        write_response_record(
            &mut data,
            "https://example.org/b",
            b"<html>two two two</html>",
            "text/html",
        );
        data.truncate(data.len() - 12);
        let (items, res) = read(&data);
        assert_eq!(items.len(), 1);
        let err = res.unwrap_err();
        assert_eq!(err.record, 2);
        assert!(err.reason.starts_with("cut short"), "{}", err.reason);
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        let (_, res) = read(b"hello world\n");
        assert!(res.unwrap_err().reason.contains("expected a WARC"));
        let (_, res) = read(b"WARC/1.0\r\nWARC-Type: response\r\n\r\n");
        assert!(res.unwrap_err().reason.contains("Content-Length"));
    }

    #[test]
    fn chunked_and_gzip_bodies() {
        assert_eq!(
            dechunk(b"5\r\nHello\r\n6\r\n world\r\n0\r\n\r\n").unwrap(),
            b"Hello world"
        );
        let mut gz = Vec::new();
        {
            use std::io::Write;
            let mut enc = flate2::write::GzEncoder::new(&mut gz, flate2::Compression::fast());
            enc.write_all(b"<html>zipped</html>").unwrap();
        }
        let mut payload =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n"
                .to_vec();
        payload.extend_from_slice(&gz);
        match parse_http(&payload, 1 << 20).unwrap() {
            Http::Page { body, .. } => assert_eq!(body, b"<html>zipped</html>"),
            Http::NotAPage(r) => panic!("{r}"),
        }
    }

    fn gzip_page(body: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(body).unwrap();
        let mut payload =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n"
                .to_vec();
        payload.extend_from_slice(&gz.finish().unwrap());
        payload
    }

    #[test]
    fn inflated_bodies_are_bounded_by_the_record_limit() {
        let page = vec![b' '; 100_000];
        let payload = gzip_page(&page);
        assert!(payload.len() < 1000);
        match parse_http(&payload, 100_000) {
            Ok(Http::Page { body, .. }) => assert_eq!(body.len(), 100_000),
            _ => panic!("a body at the limit is a page"),
        }
        match parse_http(&payload, 99_999) {
            Err(reason) => assert_eq!(
                reason,
                "gzip content encoding inflates past the 99999-byte record limit"
            ),
            _ => panic!("a body over the limit is rejected"),
        }
    }

    #[test]
    fn binary_bodies_are_skipped_by_reason() {
        let mut payload = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n".to_vec();
        payload.extend_from_slice(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
        match parse_http(&payload, 1 << 20).unwrap() {
            Http::NotAPage(reason) => assert_eq!(reason, "binary body (PNG image)"),
            Http::Page { .. } => panic!("an image is no page"),
        }
        let mut payload = b"HTTP/1.1 200 OK\r\n\r\n".to_vec();
        payload.extend_from_slice(b"<html>\0\0</html>");
        assert!(matches!(
            parse_http(&payload, 1 << 20).unwrap(),
            Http::NotAPage(reason) if reason == "binary body (NUL bytes)"
        ));
    }
}
