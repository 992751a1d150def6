//! Bounding the structure of an HTML page before it is parsed: how deeply its elements nest,
//! and how many tags it has.
//!
//! The HTML tree builder checks scopes by walking the stack of open elements, and readability
//! (dom_smoothie) scores every candidate over its whole subtree: both cost the number of
//! elements times their depth, so 100,000 nested `<div>`s (1.1 MB) held a core for minutes.
//! Browsers bound the depth of the tree they build (Chromium at 512); we do the same, on the
//! bytes, before parsing: one linear pass counts the depth of start and end tags, and tags
//! deeper than the limit are left out (their text stays, joined to the element at the limit).
//!
//! The tree itself costs some 300 bytes a node: 16 MB of `<p>` is 5.5 million elements and
//! 2 GB. The same pass counts tags and comments (each makes at most one node, plus the text
//! node after it), and the page is cut before the tag over [`MAX_TAGS`]: the parser then
//! builds at most about twice that many nodes (some 150 MB), whatever the page.
//!
//! The count is deliberately simple — no tree is built: void elements (`<br>`, `<img>`) and
//! elements whose end tag may be omitted (`<p>`, `<li>`, `<td>`) do not nest, comments,
//! doctypes and the raw text of `<script>`, `<style>`, `<textarea>`, `<title>` are skipped, and
//! a quoted attribute value may hold `>`. A sloppy page with many unclosed `<font>` tags can
//! count deeper than the tree a parser would build; it then loses only the tags beyond the
//! limit, never text.

/// The deepest element nesting handed to the HTML parser and extractor.
pub const MAX_DEPTH: usize = 256;

/// Tags (start and end tags, comments, doctypes) handed to the parser: a long news page has
/// a few thousand.
pub const MAX_TAGS: usize = 250_000;

/// Elements without content or end tag.
const VOID: &[&[u8]] = &[
    b"area",
    b"base",
    b"br",
    b"col",
    b"embed",
    b"hr",
    b"img",
    b"input",
    b"link",
    b"meta",
    b"param",
    b"source",
    b"track",
    b"wbr",
    b"keygen",
    b"frame",
    b"basefont",
    b"bgsound",
    b"image",
];

/// Elements whose end tag may be left out: the parser closes them when the next one opens, so
/// an unclosed one does not nest.
const OPTIONAL_END: &[&[u8]] = &[
    b"p",
    b"li",
    b"dt",
    b"dd",
    b"tr",
    b"td",
    b"th",
    b"option",
    b"optgroup",
    b"rb",
    b"rt",
    b"rtc",
    b"rp",
    b"thead",
    b"tbody",
    b"tfoot",
    b"colgroup",
    b"caption",
    b"html",
    b"head",
    b"body",
];

/// Elements whose content is text up to their end tag.
const RAW_TEXT: &[&[u8]] = &[
    b"script",
    b"style",
    b"textarea",
    b"title",
    b"xmp",
    b"iframe",
    b"noembed",
    b"noframes",
];

/// A page that went past a limit, with the tags beyond the depth limit left out and the part
/// after the tag limit cut off.
#[derive(Debug)]
pub struct Bounded {
    pub html: String,
    /// Start and end tags left out for their depth.
    pub dropped: usize,
    /// The deepest nesting counted.
    pub depth: usize,
    /// Where the page was cut for its number of tags (a byte of the page as given).
    pub cut_at: Option<usize>,
}

/// `html` within `max_depth` and `max_tags` (see the module doc), or `None` when the page stays
/// within both (the usual case: no copy is made). Linear in the length of the page.
pub fn bound(html: &str, max_depth: usize, max_tags: usize) -> Option<Bounded> {
    let cuts = scan(html.as_bytes(), max_depth, max_tags);
    if cuts.ranges.is_empty() && cuts.cut_at.is_none() {
        return None;
    }
    let end = cuts.cut_at.unwrap_or(html.len());
    let mut out = String::with_capacity(end);
    let mut at = 0;
    for &(start, stop) in &cuts.ranges {
        out.push_str(&html[at..start]);
        // A space keeps the words of two left-out elements apart.
        out.push(' ');
        at = stop;
    }
    out.push_str(&html[at..end]);
    Some(Bounded {
        html: out,
        dropped: cuts.ranges.len(),
        depth: cuts.depth,
        cut_at: cuts.cut_at,
    })
}

struct Cuts {
    /// Byte ranges of the tags to leave out, in order; each starts at `<` and ends after `>`.
    ranges: Vec<(usize, usize)>,
    depth: usize,
    /// The start of the first tag over the tag limit.
    cut_at: Option<usize>,
}

fn tag_name(bytes: &[u8], from: usize) -> (usize, [u8; 16], usize) {
    let mut end = from;
    while end < bytes.len()
        && (bytes[end].is_ascii_alphanumeric() || matches!(bytes[end], b'-' | b':' | b'_'))
    {
        end += 1;
    }
    let mut lower = [0u8; 16];
    let len = end - from;
    if len <= lower.len() {
        for (d, s) in lower.iter_mut().zip(&bytes[from..end]) {
            *d = s.to_ascii_lowercase();
        }
    }
    // Names longer than the buffer are none of the listed ones: an empty name stands for them.
    (end, lower, if len <= lower.len() { len } else { 0 })
}

/// The end of the tag whose name ends at `from`: the byte after its `>` (quoted attribute
/// values may hold `>`), and whether it closed with `/>`.
fn tag_end(bytes: &[u8], from: usize) -> (usize, bool) {
    let mut i = from;
    let mut last_non_space = 0u8;
    while i < bytes.len() {
        match bytes[i] {
            b'>' => return (i + 1, last_non_space == b'/'),
            q @ (b'"' | b'\'') if last_non_space == b'=' => {
                match memchr::memchr(q, &bytes[i + 1..]) {
                    Some(k) => i += k + 2,
                    None => return (bytes.len(), false),
                }
                last_non_space = q;
                continue;
            }
            b if b.is_ascii_whitespace() => {}
            b => last_non_space = b,
        }
        i += 1;
    }
    (bytes.len(), false)
}

/// Where the raw text of element `name` ends: at its end tag `</name`, or the end of the page.
fn raw_text_end(bytes: &[u8], from: usize, name: &[u8]) -> usize {
    let mut i = from;
    while let Some(k) = memchr::memchr(b'<', &bytes[i..]) {
        let at = i + k;
        let rest = &bytes[at + 1..];
        if rest.first() == Some(&b'/')
            && rest.len() > name.len()
            && rest[1..=name.len()].eq_ignore_ascii_case(name)
            && !rest
                .get(name.len() + 1)
                .is_some_and(|b| b.is_ascii_alphanumeric())
        {
            return at;
        }
        i = at + 1;
    }
    bytes.len()
}

fn scan(bytes: &[u8], limit: usize, max_tags: usize) -> Cuts {
    let mut cuts = Cuts {
        ranges: Vec::new(),
        depth: 0,
        cut_at: None,
    };
    let mut depth = 0usize;
    let mut tags = 0usize;
    let mut i = 0usize;
    while let Some(k) = memchr::memchr(b'<', &bytes[i..]) {
        let start = i + k;
        let next = bytes.get(start + 1).copied().unwrap_or(0);
        if matches!(next, b'!' | b'?' | b'/') || next.is_ascii_alphabetic() {
            tags += 1;
            if tags > max_tags {
                cuts.cut_at = Some(start);
                break;
            }
        }
        if next == b'!' {
            i = if bytes[start..].starts_with(b"<!--") {
                memchr::memmem::find(&bytes[start + 4..], b"-->")
                    .map_or(bytes.len(), |e| start + 4 + e + 3)
            } else {
                memchr::memchr(b'>', &bytes[start..]).map_or(bytes.len(), |e| start + e + 1)
            };
            continue;
        }
        if next == b'?' {
            i = memchr::memchr(b'>', &bytes[start..]).map_or(bytes.len(), |e| start + e + 1);
            continue;
        }
        if next == b'/' {
            if !bytes.get(start + 2).is_some_and(u8::is_ascii_alphabetic) {
                i = memchr::memchr(b'>', &bytes[start..]).map_or(bytes.len(), |e| start + e + 1);
                continue;
            }
            let (name_end, lower, len) = tag_name(bytes, start + 2);
            let name = &lower[..len];
            let end =
                memchr::memchr(b'>', &bytes[name_end..]).map_or(bytes.len(), |e| name_end + e + 1);
            if !(VOID.contains(&name) || OPTIONAL_END.contains(&name)) {
                if depth > limit {
                    cuts.ranges.push((start, end));
                }
                depth = depth.saturating_sub(1);
            }
            i = end;
            continue;
        }
        if !next.is_ascii_alphabetic() {
            // A lone `<` is text.
            i = start + 1;
            continue;
        }
        let (name_end, lower, len) = tag_name(bytes, start + 1);
        let name = &lower[..len];
        let (end, self_closing) = tag_end(bytes, name_end);
        i = end;
        if RAW_TEXT.contains(&name) {
            i = raw_text_end(bytes, end, name);
        } else if name == b"plaintext" {
            break;
        }
        if self_closing || VOID.contains(&name) || OPTIONAL_END.contains(&name) {
            continue;
        }
        depth += 1;
        cuts.depth = cuts.depth.max(depth);
        if depth > limit {
            cuts.ranges.push((start, end));
        }
    }
    cuts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shallow_pages_are_left_alone() {
        let page = "<html><body><div><p>One<p>Two<br><img src=x><ul><li>a<li>b</ul></div>\
                    <script>if (a<b) { x = '<div>'; }</script><!-- <div><div> --></body></html>";
        assert!(bound(page, 2, 100).is_none());
        assert_eq!(scan(page.as_bytes(), 2, 100).depth, 2);
    }

    #[test]
    fn deep_nesting_is_cut_at_the_limit() {
        let n = 1000;
        let page = format!(
            "<html><body>{}<p>Buses left Raqqa.</p>{}</body></html>",
            "<div class=\"a>b\">".repeat(n),
            "</div>".repeat(n)
        );
        let flat = bound(&page, 10, usize::MAX).unwrap();
        assert_eq!(flat.depth, n);
        assert_eq!(flat.dropped, 2 * (n - 10));
        assert_eq!(flat.cut_at, None);
        assert_eq!(scan(flat.html.as_bytes(), 10, usize::MAX).depth, 10);
        assert!(flat.html.contains("<p>Buses left Raqqa.</p>"));
        assert_eq!(flat.html.matches("<div").count(), 10);
        assert_eq!(flat.html.matches("</div>").count(), 10);
    }

    #[test]
    fn odd_markup_does_not_panic() {
        for page in [
            "<",
            "<!",
            "<!--",
            "</",
            "</a",
            "<a",
            "<a href='",
            "<a b=\"c",
            "<script>",
            "<?x",
            "</>",
            "<1>",
            "<ÿ>",
            "<a/>",
            "<plaintext><div>",
        ] {
            let _ = bound(page, 0, 1);
        }
        assert!(bound("<a/><a/><a/>", 1, 3).is_none());
    }

    #[test]
    fn pages_are_cut_before_the_tag_over_the_limit() {
        let page = "<p>".repeat(1000);
        let cut = bound(&page, MAX_DEPTH, 100).unwrap();
        assert_eq!(cut.cut_at, Some(300));
        assert_eq!(cut.html, "<p>".repeat(100));
        // Comments and end tags count; a lone `<` does not.
        let page = "<!-- a --> 1 < 2 </b><b>";
        assert!(bound(page, MAX_DEPTH, 3).is_none());
        assert_eq!(bound(page, MAX_DEPTH, 2).unwrap().cut_at, Some(21));
    }
}
