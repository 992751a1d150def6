//! `report.html`: a newsroom-style timeline in one file, no scripts or outside resources.
//! Each entry can be opened (`<details>`) to read its sentences in their paragraphs.

use std::fmt::Write;

use chrono::NaiveDate;
use rashomon_model::{AnnotatedDocument, DateSource};

use crate::{context_of, one_line, ClaimOut, ClaimSideOut, TimelineOut};

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn long_date(iso: &str) -> String {
    NaiveDate::parse_from_str(iso, "%Y-%m-%d")
        .map(|d| d.format("%a %-d %B %Y").to_string())
        .unwrap_or_else(|_| iso.to_string())
}

const STYLE: &str = r#"
:root { --ink:#1d1d1f; --muted:#6e6e73; --line:#d2d2d7; --accent:#b3261e; --paper:#fbfbf8; }
* { box-sizing: border-box; }
body { margin:0; background:var(--paper); color:var(--ink); font:17px/1.55 Georgia, "Times New Roman", serif; }
header { max-width:860px; margin:0 auto; padding:2.5rem 1.25rem 1rem; border-bottom:3px double var(--line); }
header h1 { font-size:2.1rem; margin:0 0 .4rem; letter-spacing:-.01em; }
header p { margin:.2rem 0; color:var(--muted); font:15px/1.5 system-ui, sans-serif; }
main { max-width:860px; margin:0 auto; padding:1rem 1.25rem 3rem; }
.entry { display:grid; grid-template-columns:9.5rem 1fr; gap:1.25rem; padding:1.1rem 0; border-bottom:1px solid var(--line); }
.date { font:600 15px/1.3 system-ui, sans-serif; color:var(--accent); position:sticky; top:.5rem; align-self:start; }
.date small { display:block; font-weight:400; color:var(--muted); margin-top:.25rem; }
.entry p.s { margin:0 0 .55rem; }
.outlet { font:600 12px/1 system-ui, sans-serif; text-transform:uppercase; letter-spacing:.04em; color:var(--muted); margin-left:.35rem; white-space:nowrap; }
.meta { font:13px/1.45 system-ui, sans-serif; color:var(--muted); }
details { margin-top:.5rem; font:15px/1.5 system-ui, sans-serif; }
summary { cursor:pointer; color:var(--accent); font-weight:600; }
.src { border-left:3px solid var(--line); padding:.3rem 0 .3rem .8rem; margin:.6rem 0; }
.src h3 { font-size:14px; margin:0 0 .2rem; }
.src .ctx { color:#333; }
mark { background:#fff1a8; padding:0 .1em; }
ul.says { margin:.2rem 0 .6rem; padding-left:1.1rem; font:15px/1.5 system-ui, sans-serif; }
ul.says li { margin:.15rem 0; }
.cue { font-size:12px; text-transform:uppercase; letter-spacing:.04em; padding:0 .3em; border-radius:3px; background:#ececec; }
.cue.deny, .cue.accuse { background:#fbe0de; color:var(--accent); font-weight:600; }
.cue.confirm { background:#e0f2e4; }
.inferred { color:var(--accent); font-weight:600; }
h2.story { font-size:1.35rem; margin:2rem 0 .2rem; padding-bottom:.3rem; border-bottom:2px solid var(--ink); }
h2.story small { font:14px system-ui, sans-serif; color:var(--muted); margin-left:.6rem; }
.status { display:inline-block; font:600 11px/1.6 system-ui, sans-serif; text-transform:uppercase; letter-spacing:.05em; padding:0 .45em; border-radius:3px; margin-top:.35rem; }
.status.disputed { background:var(--accent); color:#fff; }
.status.corroborated { background:#e0f2e4; color:#1e5b2c; }
.status.single-source { background:#ececec; color:var(--muted); }
section.claims { border:1px solid var(--line); background:#fff; padding:.8rem 1rem; margin:1rem 0 1.5rem; }
section.claims h2 { font-size:1.2rem; margin:.1rem 0 .6rem; }
.claim { padding:.55rem 0; border-top:1px solid var(--line); }
.claim:first-of-type { border-top:0; }
.claim q { font-style:italic; }
.sides { display:grid; grid-template-columns:1fr 1fr; gap:.8rem; font:14px/1.45 system-ui, sans-serif; margin-top:.35rem; }
.sides h4 { margin:0 0 .2rem; font-size:12px; text-transform:uppercase; letter-spacing:.05em; color:var(--muted); }
.sides ul { margin:0; padding-left:1rem; }
.sides .against h4 { color:var(--accent); }
footer { max-width:860px; margin:0 auto; padding:1rem 1.25rem 3rem; font:13px/1.5 system-ui, sans-serif; color:var(--muted); }
@media (max-width:640px) { .entry { grid-template-columns:1fr; gap:.3rem; } .date { position:static; } }
"#;

/// The report page. `docs` are the documents the timeline's indexes refer to; `headline` is the
/// page title and `lede` a one-line account of the input.
pub fn render_html(
    out: &TimelineOut,
    docs: &[AnnotatedDocument],
    headline: &str,
    lede: &str,
) -> String {
    let by_id: std::collections::HashMap<&str, &AnnotatedDocument> =
        docs.iter().map(|d| (d.document.id.0.as_str(), d)).collect();
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header>\n<h1>{}</h1>\n<p>{}</p>\n",
        esc(headline),
        esc(headline),
        esc(lede)
    );
    // Entries run story by story: the span is over all of them.
    let first = out.entries.iter().map(|e| e.date.as_str()).min();
    let last = out.entries.iter().map(|e| e.date.as_str()).max();
    if let (Some(first), Some(last)) = (first, last) {
        let _ = writeln!(
            h,
            "<p>{} dates from {} to {}. Open an entry's sources to read each sentence in its article.</p>",
            out.entries.len(),
            esc(&long_date(first)),
            esc(&long_date(last))
        );
    }
    for note in &out.notes {
        let _ = writeln!(h, "<p>{}</p>", esc(note));
    }
    h.push_str("</header>\n<main>\n");
    render_claims(&mut h, &out.claims);
    if out.entries.is_empty() {
        h.push_str("<p>No dated events were found in these articles.</p>\n");
    }
    let mut current_story: Option<usize> = None;
    for e in &out.entries {
        if let (Some(sid), true) = (e.story, e.story != current_story) {
            current_story = e.story;
            if let Some(story) = out.stories.get(sid) {
                let _ = writeln!(
                    h,
                    "<h2 class=\"story\">Story {}: {}<small>{} articles</small></h2>",
                    sid + 1,
                    esc(&story.label.join(" · ")),
                    story.documents.len()
                );
            }
        }
        let _ = write!(
            h,
            "<section class=\"entry\" id=\"d{}\">\n<div class=\"date\">{}<small>",
            esc(&e.date),
            esc(&long_date(&e.date))
        );
        let n = e.documents.len();
        let _ = write!(h, "{n} article{}", if n == 1 { "" } else { "s" });
        if let Some(f) = &e.first_reported {
            let _ = write!(h, "<br>first reported {}", esc(&long_date(f)));
        }
        let _ = write!(h, "</small><span class=\"status {0}\">{0}</span>", e.status);
        for &c in &e.claims {
            if out.claims.get(c).is_some_and(|c| c.status == "disputed") {
                let _ = write!(h, " <a class=\"meta\" href=\"#c{c}\">claim {}</a>", c + 1);
            }
        }
        h.push_str("</div>\n<div>\n");
        for s in &e.summary {
            let _ = write!(h, "<p class=\"s\">{}", esc(&s.text));
            if let Some(o) = &s.outlet {
                let _ = write!(h, "<span class=\"outlet\">{}</span>", esc(o));
            }
            h.push_str("</p>\n");
        }
        if !e.attributions.is_empty() {
            h.push_str("<ul class=\"says\">\n");
            for a in &e.attributions {
                let who = a
                    .speaker
                    .as_ref()
                    .map(|s| s.name.as_str())
                    .or(a.source.as_ref().map(|s| s.text.as_str()))
                    .unwrap_or("unattributed");
                let what = a
                    .content
                    .as_ref()
                    .map(|c| one_line(&c.text))
                    .unwrap_or_default();
                let class = a.cue_class.as_str();
                let _ = write!(
                    h,
                    "<li><b>{}</b> <span class=\"cue {class}\">{}</span> {}",
                    esc(who),
                    esc(&one_line(&a.cue.text)),
                    esc(&what)
                );
                if let Some(o) = &a.outlet {
                    let _ = write!(h, "<span class=\"outlet\">{}</span>", esc(o));
                }
                h.push_str("</li>\n");
            }
            h.push_str("</ul>\n");
        }
        if !e.places.is_empty() {
            let mut seen = std::collections::HashSet::new();
            let names: Vec<String> = e
                .places
                .iter()
                .filter(|p| seen.insert(p.id))
                .map(|p| {
                    format!(
                        "<span title=\"{:.3}, {:.3}\">{}</span> ({})",
                        p.lat,
                        p.lon,
                        esc(&p.name),
                        esc(&p.country)
                    )
                })
                .collect();
            let _ = writeln!(h, "<div class=\"meta\">Places: {}</div>", names.join(", "));
        }
        if !e.outlets.is_empty() {
            let _ = writeln!(
                h,
                "<div class=\"meta\">Reported by {}</div>",
                esc(&e.outlets.join(", "))
            );
        }
        h.push_str("<details><summary>Sources</summary>\n");
        for s in &e.summary {
            let Some(doc) = by_id.get(s.doc_id.as_str()) else {
                continue;
            };
            let d = &doc.document;
            let span = rashomon_model::Span::new(s.start as usize, s.end as usize);
            let ctx = context_of(doc, span);
            let text = &d.text;
            let before = one_line(&text[ctx.start as usize..span.start as usize]);
            let sentence = one_line(&text[span.range()]);
            let after = one_line(&text[span.end as usize..ctx.end as usize]);
            let title = d.title.as_deref().unwrap_or(&d.path);
            let _ = write!(
                h,
                "<div class=\"src\"><h3>{}</h3><div class=\"meta\">",
                esc(title)
            );
            if let Some(o) = &d.outlet {
                let _ = write!(h, "{} · ", esc(&o.name));
            }
            match d.published.value {
                Some(v) if d.published.source == DateSource::Inferred => {
                    let _ = write!(
                        h,
                        "<span class=\"inferred\" title=\"{}\">published {} (inferred)</span>",
                        esc(d.published.evidence.as_deref().unwrap_or("")),
                        esc(&v.date().to_string())
                    );
                }
                Some(v) => {
                    let _ = write!(h, "published {}", esc(&v.date().to_string()));
                }
                None => h.push_str("publication date unknown"),
            }
            let _ = writeln!(
                h,
                " · <code>{}</code> bytes {}–{}</div><p class=\"ctx\">{} <mark>{}</mark> {}</p></div>",
                esc(&d.path),
                s.start,
                s.end,
                esc(&before),
                esc(&sentence),
                esc(&after)
            );
        }
        h.push_str("</details>\n</div>\n</section>\n");
    }
    h.push_str("</main>\n<footer>Made by rashomon from the articles listed in timeline.json; every sentence is quoted as the article has it. Dates marked “inferred” were worked out from the text, not given by the source. Places: GeoNames (geonames.org), CC-BY 4.0.</footer>\n</body>\n</html>\n");
    h
}

/// A quotation without its own quotation marks, for showing inside `<q>`.
fn unquoted(s: &str) -> &str {
    let t = s.trim();
    let inner = t
        .trim_start_matches(['"', '“', '«'])
        .trim_end_matches(['"', '”', '»']);
    let inner = inner.trim_end_matches([',', ';']);
    inner
        .trim_start_matches(['"', '“'])
        .trim_end_matches(['"', '”'])
}

fn side_item(h: &mut String, s: &ClaimSideOut) {
    let who = s.speaker.as_deref().unwrap_or("unattributed");
    let _ = write!(
        h,
        "<li><b>{}</b> <span class=\"cue {}\">{}</span> <q title=\"{} bytes {}–{}\">{}</q>",
        esc(who),
        s.cue_class.as_str(),
        esc(&s.cue),
        esc(&s.path),
        s.start,
        s.end,
        esc(unquoted(&s.text))
    );
    if let Some(o) = &s.outlet {
        let _ = write!(h, "<span class=\"outlet\">{}</span>", esc(o));
    }
    h.push_str("</li>\n");
}

/// Sides shown per claim, and claims shown per section: the page stays readable on a big
/// pile; `timeline.json` and `claims.csv` hold everything.
const SIDES_SHOWN: usize = 8;
const CLAIMS_SHOWN: usize = 60;

/// One side of a claim: its statements, at most `SIDES_SHOWN`.
fn side_list(h: &mut String, sides: &[ClaimSideOut]) {
    for s in sides.iter().take(SIDES_SHOWN) {
        side_item(h, s);
    }
    if sides.len() > SIDES_SHOWN {
        let _ = writeln!(
            h,
            "<li class=\"meta\">and {} more statements (in timeline.json and claims.csv)</li>",
            sides.len() - SIDES_SHOWN
        );
    }
    if sides.is_empty() {
        h.push_str("<li>nobody in these articles</li>\n");
    }
}

fn claim_block(h: &mut String, c: &ClaimOut) {
    let _ = write!(
        h,
        "<div class=\"claim\" id=\"c{id}\"><span class=\"status {status}\">{status}</span> <b>Claim {n}:</b> <q>{text}</q>\n<div class=\"sides\"><div><h4>Asserted by</h4><ul>\n",
        id = c.id,
        status = c.status,
        n = c.id + 1,
        text = esc(unquoted(&c.text))
    );
    side_list(h, &c.asserted_by);
    h.push_str("</ul></div>\n<div class=\"against\"><h4>Denied by</h4><ul>\n");
    side_list(h, &c.denied_by);
    let mut outlets: Vec<&str> = c
        .reported_by
        .iter()
        .map(|r| r.outlet.as_deref().unwrap_or(r.path.as_str()))
        .collect();
    outlets.sort_unstable();
    outlets.dedup();
    let shown: Vec<&str> = outlets.iter().take(20).copied().collect();
    let _ = writeln!(
        h,
        "</ul></div></div>\n<div class=\"meta\">Carried by {}{}</div></div>",
        esc(&shown.join(", ")),
        if outlets.len() > shown.len() {
            format!(" and {} more", outlets.len() - shown.len())
        } else {
            String::new()
        }
    );
}

/// Claims, at most `CLAIMS_SHOWN`, and how many more the data files hold.
fn claim_blocks(h: &mut String, claims: &[&ClaimOut], what: &str) {
    for c in claims.iter().take(CLAIMS_SHOWN) {
        claim_block(h, c);
    }
    if claims.len() > CLAIMS_SHOWN {
        let _ = writeln!(
            h,
            "<p class=\"meta\">{} more {what} are in timeline.json and claims.csv.</p>",
            claims.len() - CLAIMS_SHOWN
        );
    }
}

/// Disputed claims first and open, the rest folded: disputes at a glance.
fn render_claims(h: &mut String, claims: &[ClaimOut]) {
    let (disputed, rest): (Vec<&ClaimOut>, Vec<&ClaimOut>) =
        claims.iter().partition(|c| c.status == "disputed");
    if !disputed.is_empty() {
        let _ = writeln!(
            h,
            "<section class=\"claims\"><h2>Disputed claims ({})</h2>",
            disputed.len()
        );
        claim_blocks(h, &disputed, "disputed claims");
        h.push_str("</section>\n");
    }
    if !rest.is_empty() {
        let corroborated = rest.iter().filter(|c| c.status == "corroborated").count();
        let _ = writeln!(
            h,
            "<section class=\"claims\"><details><summary>Other claims: {corroborated} corroborated, {} single-source</summary>",
            rest.len() - corroborated
        );
        claim_blocks(h, &rest, "claims");
        h.push_str("</details></section>\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(
            esc("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
