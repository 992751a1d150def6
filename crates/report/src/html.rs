//! `report.html`: a newsroom-style timeline in one file, no scripts or outside resources.
//! Each entry can be opened (`<details>`) to read its sentences in their paragraphs.
//!
//! Written with maud: the page is compiled from `html!` templates, and every value put into
//! it is escaped by construction — what the articles say can never become markup.

use std::collections::HashMap;

use chrono::NaiveDate;
use maud::{html, Markup, PreEscaped, DOCTYPE};
use rashomon_linking::claims::Status;
use rashomon_model::DateSource;
use rashomon_timeline::Mode;

use crate::{one_line, ClaimOut, ClaimSideOut, DocumentOut, EntryOut, SentenceOut, TimelineOut};

fn long_date(d: NaiveDate) -> String {
    d.format("%a %-d %B %Y").to_string()
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
.status.denied { background:#fbe3d6; color:#7a2e0b; }
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

/// Sides shown per claim, claims shown per section and outlets named per claim: the page stays
/// readable on a big pile; `timeline.json` and `claims.csv` hold everything.
const SIDES_SHOWN: usize = 8;
const CLAIMS_SHOWN: usize = 60;
const OUTLETS_SHOWN: usize = 20;

/// The report page: `headline` is its title and `lede` a one-line account of the input.
pub fn render_html(out: &TimelineOut, headline: &str, lede: &str) -> String {
    let documents: HashMap<&str, &DocumentOut> =
        out.documents.iter().map(|d| (d.id.as_str(), d)).collect();
    // Entries run story by story: the span is over all of them.
    let first = out.entries.iter().map(|e| e.date).min();
    let last = out.entries.iter().map(|e| e.date).max();
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (headline) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                header {
                    h1 { (headline) }
                    p { (lede) }
                    @if let (Some(first), Some(last)) = (first, last) {
                        p {
                            @match out.mode {
                                Mode::Events => {
                                    (plural(out.entries.len(), "event")) " from " (long_date(first)) " to "
                                    (long_date(last)) ", each once with every article that reports it; single-source events are marked: they are the ones to check. "
                                }
                                Mode::TopDates => {
                                    (out.entries.len()) " dates from " (long_date(first)) " to "
                                    (long_date(last)) ". "
                                }
                            }
                            "Open an entry's sources to read each sentence in its article."
                        }
                        p.meta { "Read as: " (out.mode_reason) "." }
                    }
                    @for note in &out.notes {
                        p { (note) }
                    }
                }
                main {
                    (claims_sections(&out.claims))
                    @if out.entries.is_empty() {
                        p { "No dated events were found in these articles." }
                    }
                    @for (i, e) in out.entries.iter().enumerate() {
                        @if let Some(sid) = e.story.filter(|&s| i == 0 || out.entries[i - 1].story != Some(s)) {
                            @if let Some(story) = out.stories.get(sid) {
                                h2.story {
                                    "Story " (sid + 1) ": " (story.label.join(" · "))
                                    small { (story.documents.len()) " articles" }
                                }
                            }
                        }
                        @if e.story.is_none() && i > 0 && out.entries[i - 1].story.is_some() {
                            h2.story { "Events of articles in no story" }
                        }
                        (entry(out, e, &documents))
                    }
                }
                footer {
                    "Made by rashomon from the articles listed in timeline.json; every sentence is quoted as the article has it. Dates marked “inferred” were worked out from the text, not given by the source. Places: GeoNames (geonames.org), CC-BY 4.0."
                }
            }
        }
    };
    page.into_string()
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

fn entry(out: &TimelineOut, e: &EntryOut, documents: &HashMap<&str, &DocumentOut>) -> Markup {
    let mut seen = std::collections::HashSet::new();
    let places: Vec<_> = e.places.iter().filter(|p| seen.insert(p.id)).collect();
    html! {
        section.entry id=(format!("d{}", e.date)) {
            div.date {
                (long_date(e.date))
                @if e.date_inferred {
                    " " span.inferred title="The articles name this day only by a weekday or a date without a year, placed from the days the pile's articles came out on: check it." { "(inferred)" }
                }
                small {
                    (plural(e.documents.len(), "article"))
                    @if let Some(f) = e.first_reported {
                        br; "first reported " (long_date(f))
                    }
                }
                span class=(format!("status {}", e.status.as_str())) { (e.status.as_str()) }
                @for &c in &e.claims {
                    @if out.claims.get(c).is_some_and(|c| c.status == Status::Disputed) {
                        " " a.meta href=(format!("#c{c}")) { "claim " (c + 1) }
                    }
                }
            }
            div {
                @for s in &e.summary {
                    p.s {
                        (s.text)
                        @if let Some(o) = &s.outlet { span.outlet { (o) } }
                    }
                }
                @if !e.attributions.is_empty() {
                    ul.says {
                        @for a in &e.attributions {
                            li {
                                b { (a.speaker.as_ref().map(|s| s.name.as_str())
                                    .or(a.source.as_ref().map(|s| s.text.as_str()))
                                    .unwrap_or("unattributed")) }
                                " "
                                span class=(format!("cue {}", a.cue_class.as_str())) { (one_line(&a.cue.text)) }
                                " "
                                (a.content.as_ref().map(|c| one_line(&c.text)).unwrap_or_default())
                                @if let Some(o) = &a.outlet { span.outlet { (o) } }
                            }
                        }
                    }
                }
                @if !places.is_empty() {
                    div.meta {
                        "Places: "
                        @for (n, p) in places.iter().enumerate() {
                            @if n > 0 { ", " }
                            span title=(format!("{:.3}, {:.3}", p.lat, p.lon)) { (p.name) }
                            " (" (p.country) ")"
                        }
                    }
                }
                @if !e.outlets.is_empty() {
                    div.meta { "Reported by " (e.outlets.join(", ")) }
                }
                details {
                    summary { "Sources" }
                    @for s in &e.summary {
                        @if let Some(d) = documents.get(s.doc_id.as_str()) {
                            (source(s, d))
                        }
                    }
                }
            }
        }
    }
}

/// A summary sentence in its paragraph, with the article it is from.
fn source(s: &SentenceOut, d: &DocumentOut) -> Markup {
    let ctx = &s.context.text;
    let at = |offset: u32| (offset.saturating_sub(s.context.start) as usize).min(ctx.len());
    let (from, to) = (at(s.start), at(s.end));
    let (before, sentence, after) = match (ctx.get(..from), ctx.get(from..to), ctx.get(to..)) {
        (Some(b), Some(m), Some(a)) => (one_line(b), one_line(m), one_line(a)),
        _ => (String::new(), s.text.clone(), String::new()),
    };
    html! {
        div.src {
            h3 { (d.title.as_deref().unwrap_or(&d.path)) }
            div.meta {
                @if let Some(o) = &d.outlet { (o) " · " }
                @match d.published.value {
                    Some(v) if d.published.source == DateSource::Inferred => {
                        span.inferred title=(d.published.evidence.as_deref().unwrap_or("")) {
                            "published " (v.date()) " (inferred)"
                        }
                    }
                    Some(v) => { "published " (v.date()) }
                    None => {
                        "publication date unknown"
                        @if let Some(bounds) = d.published.bounds_text() { " (" (bounds) ")" }
                    }
                }
                " · " code { (d.path) } " bytes " (s.start) "–" (s.end)
            }
            p.ctx { (before) " " mark { (sentence) } " " (after) }
        }
    }
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

/// One side of a claim: its statements, at most `SIDES_SHOWN`.
fn side_list(sides: &[ClaimSideOut]) -> Markup {
    html! {
        @for s in sides.iter().take(SIDES_SHOWN) {
            li {
                b { (s.speaker.as_deref().unwrap_or("unattributed")) }
                " "
                span class=(format!("cue {}", s.cue_class.as_str())) { (s.cue) }
                " "
                q title=(format!("{} bytes {}–{}", s.path, s.start, s.end)) { (unquoted(&s.text)) }
                @if let Some(o) = &s.outlet { span.outlet { (o) } }
            }
        }
        @if sides.len() > SIDES_SHOWN {
            li.meta { "and " (sides.len() - SIDES_SHOWN) " more statements (in timeline.json and claims.csv)" }
        }
        @if sides.is_empty() {
            li { "nobody in these articles" }
        }
    }
}

fn claim_block(c: &ClaimOut) -> Markup {
    let mut outlets: Vec<&str> = c
        .reported_by
        .iter()
        .map(|r| r.outlet.as_deref().unwrap_or(r.path.as_str()))
        .collect();
    outlets.sort_unstable();
    outlets.dedup();
    let shown = &outlets[..outlets.len().min(OUTLETS_SHOWN)];
    html! {
        div.claim id=(format!("c{}", c.id)) {
            span class=(format!("status {}", c.status.as_str())) { (c.status.as_str()) }
            " " b { "Claim " (c.id + 1) ":" } " " q { (unquoted(&c.text)) }
            div.sides {
                div { h4 { "Asserted by" } ul { (side_list(&c.asserted_by)) } }
                div.against { h4 { "Denied by" } ul { (side_list(&c.denied_by)) } }
            }
            @if !c.figures.is_empty() {
                div.meta {
                    "Figures differ: "
                    @for (n, f) in c.figures.iter().enumerate() {
                        @if n > 0 { "; " }
                        b { (f.figures.join(", ")) }
                        " (" (f.speaker.as_deref().or(f.outlet.as_deref()).unwrap_or(f.doc_id.as_str())) ")"
                    }
                }
            }
            div.meta {
                "Carried by " (shown.join(", "))
                @if outlets.len() > shown.len() { " and " (outlets.len() - shown.len()) " more" }
            }
        }
    }
}

/// Claims, at most `CLAIMS_SHOWN`, and how many more the data files hold.
fn claim_blocks(claims: &[&ClaimOut], what: &str) -> Markup {
    html! {
        @for c in claims.iter().take(CLAIMS_SHOWN) { (claim_block(c)) }
        @if claims.len() > CLAIMS_SHOWN {
            p.meta { (claims.len() - CLAIMS_SHOWN) " more " (what) " are in timeline.json and claims.csv." }
        }
    }
}

/// Disputed claims first and open, the rest folded: disputes at a glance.
fn claims_sections(claims: &[ClaimOut]) -> Markup {
    let (disputed, rest): (Vec<&ClaimOut>, Vec<&ClaimOut>) =
        claims.iter().partition(|c| c.status == Status::Disputed);
    let corroborated = rest
        .iter()
        .filter(|c| c.status == Status::Corroborated)
        .count();
    let denied = rest.iter().filter(|c| c.status == Status::Denied).count();
    html! {
        @if !disputed.is_empty() {
            section.claims {
                h2 { "Disputed claims (" (disputed.len()) ")" }
                (claim_blocks(&disputed, "disputed claims"))
            }
        }
        @if !rest.is_empty() {
            section.claims {
                details {
                    summary {
                        "Other claims: " (corroborated) " corroborated, "
                        (denied) " denied by someone and asserted by nobody in these articles, "
                        (rest.len() - corroborated - denied) " single-source"
                    }
                    (claim_blocks(&rest, "claims"))
                }
            }
        }
    }
}
