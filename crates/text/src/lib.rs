//! Text analysis of news articles, as pure functions from a document's text to annotation
//! layers: scraping junk, datelines, agency tags, paragraphs, sentences, tokens; plus the
//! normalisation used for matching and language identification.
//!
//! [`annotate`] is the entry point: it runs every analysis of this crate over one document and
//! returns its [`Layers`]. It never changes the text.
//!
//! Every pass is linear in the text, and [`annotate_bounded`] also bounds what one document
//! produces: at most [`Limits::max_sentences`] sentences and non-blank lines (past them the
//! layers stop, and the caller is told where, to cut the text there), each sentence at most
//! [`sentences::MAX_SENTENCE_BYTES`] (longer runs are cut at a space, and counted). Memory is
//! then O(text + max_sentences) whatever the text holds.

pub mod agency;
mod chars;
pub mod dateline;
pub mod junk;
pub mod language;
pub mod normalize;
pub mod outlets;
pub mod sentences;
pub mod swar;
pub mod tokens;
pub mod words;

use rashomon_model::{Document, Junk, Layers, Span};

/// One line of the text: `start..end` without its line break.
#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
}

fn lines(text: &str, from: usize) -> impl Iterator<Item = Line> + '_ {
    let bytes = text.as_bytes();
    let mut pos = from;
    std::iter::from_fn(move || {
        if pos >= bytes.len() {
            return None;
        }
        let start = pos;
        let nl = memchr::memchr(b'\n', &bytes[pos..]).map_or(bytes.len(), |i| pos + i);
        pos = nl + 1;
        let end = if nl > start && bytes[nl - 1] == b'\r' {
            nl - 1
        } else {
            nl
        };
        Some(Line { start, end })
    })
}

fn trimmed(text: &str, line: Line) -> Span {
    let s = &text[line.start..line.end];
    let lead = s.len() - s.trim_start().len();
    if lead == s.len() {
        return Span::new(line.start, line.start);
    }
    Span::new(line.start + lead, line.start + s.trim_end().len())
}

/// The title of a plain text: its first non-blank line, or the first after section labels and
/// site furniture (at most [`TITLE_LINES`] lines down), when a body follows it.
pub fn title_line(text: &str) -> Option<&str> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(TITLE_LINES + 1)
        .collect();
    lines.first()?;
    let title = lines
        .iter()
        .take(TITLE_LINES)
        .position(|l| !is_furniture(l))
        // A headline is short: a long line after the furniture is the body.
        .filter(|&k| lines[k].len() <= MAX_TITLE)
        .unwrap_or(0);
    (title + 1 < lines.len()).then(|| lines[title])
}

/// Longest line taken as a title after section labels.
const MAX_TITLE: usize = 200;

/// Site furniture above a headline: section labels, navigation, share and subscribe prompts,
/// advertisement marks, code. (A "Source: …" or byline line is not furniture: it may carry the
/// headline itself.)
fn is_furniture(line: &str) -> bool {
    use rashomon_model::JunkKind::*;
    matches!(
        junk::classify_line(line),
        Some(Navigation | Share | Subscribe | Cookie | Advertisement | Code | AltText)
    ) || junk::is_section_label(line)
}

/// Lines of site furniture looked past for the title.
const TITLE_LINES: usize = 6;

/// Content lines searched for a dateline: it opens the lead, or sits on a line of its own
/// after section labels, a kicker, the headline and a subtitle.
const DATELINE_LINES: usize = 6;

/// The dateline of the opening lines: the first content line that opens with one, among the
/// first [`DATELINE_LINES`] and no further than the lead (the first line of prose).
fn find_opening_dateline(text: &str, content: &[(Span, bool)]) -> Option<rashomon_model::Dateline> {
    for (span, _) in content.iter().take(DATELINE_LINES) {
        if let Some(d) = dateline::find_dateline(text, span.start as usize) {
            return Some(d);
        }
        if text[span.range()].split_whitespace().count() >= 12 {
            break;
        }
    }
    None
}

/// Whether the text is hard-wrapped (one paragraph spread over lines of similar length), in
/// which case a single line break is a space, not a paragraph end.
fn is_hard_wrapped(text: &str, content: &[(Span, bool)]) -> bool {
    if content.len() < 4 {
        return false;
    }
    let long = content
        .iter()
        .filter(|(s, _)| (50..=100).contains(&s.len()))
        .count();
    let ends_sentence = content
        .iter()
        .filter(|(s, _)| {
            let line = &text[s.range()];
            line.ends_with(['.', '!', '?', '"', '”', '»', ':'])
        })
        .count();
    let max = content.iter().map(|(s, _)| s.len()).max().unwrap_or(0);
    max <= 110 && long * 10 >= content.len() * 6 && ends_sentence * 2 < content.len()
}

/// What [`annotate_with`] computes beyond the always-present layers.
#[derive(Debug, Clone, Copy, Default)]
pub struct AnnotateOptions {
    /// Fill the token layer. Tokens are cheap to recompute from sentences ([`tokens::tokenize`])
    /// and would double the size of a stored corpus, so stages that need them ask for them.
    pub tokens: bool,
}

/// Bounds on what one document's annotation produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Sentences, and non-blank lines (junk lines included), annotated; the layers stop at the
    /// end of the last one that fits.
    pub max_sentences: usize,
}

impl Limits {
    /// No bound: the whole text is annotated.
    pub const NONE: Limits = Limits {
        max_sentences: usize::MAX,
    };
}

impl Default for Limits {
    /// 50,000 sentences: some 6 MB of news prose, a hundred times a long article.
    fn default() -> Self {
        Limits {
            max_sentences: 50_000,
        }
    }
}

/// What [`annotate_bounded`] cut, for the caller's account.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Bounded {
    /// The layers end here: the text goes on past [`Limits::max_sentences`]. The caller cuts
    /// the text at this byte (a character boundary, after a sentence or before a line) and
    /// annotates again.
    pub cut_at: Option<usize>,
    /// Runs without sentence punctuation longer than [`sentences::MAX_SENTENCE_BYTES`], cut
    /// into sentences at a space (no text is lost).
    pub long_sentences_cut: usize,
}

/// All layers this crate computes for `doc`, tokens included.
pub fn annotate(doc: &Document) -> Layers {
    annotate_with(doc, AnnotateOptions { tokens: true })
}

/// The layers of `doc`, with the optional ones as `options` say.
pub fn annotate_with(doc: &Document, options: AnnotateOptions) -> Layers {
    annotate_bounded(doc, options, Limits::NONE).0
}

/// The layers of `doc` within `limits`, and what was cut. When [`Bounded::cut_at`] is set the
/// layers cover only the text before it (every span lies inside it).
pub fn annotate_bounded(
    doc: &Document,
    options: AnnotateOptions,
    limits: Limits,
) -> (Layers, Bounded) {
    let text = doc.text.as_str();
    let mut layers = Layers::default();
    let mut bounded = Bounded::default();
    let max = limits.max_sentences.max(1);

    let mut body_start = 0;
    if let Some(title) = doc.title.as_deref() {
        // The title is the first non-blank line, or the first after section labels and site
        // furniture (which are junk, never the title).
        let mut labels = Vec::new();
        for (line, span) in lines(text, 0)
            .map(|l| (l, trimmed(text, l)))
            .filter(|(_, s)| !s.is_empty())
            .take(TITLE_LINES)
        {
            if !title.trim().is_empty() && text[span.range()] == *title.trim() {
                layers.title = Some(span);
                layers.junk.append(&mut labels);
                body_start = (line.end + 1).min(text.len());
                if text.as_bytes().get(line.end) == Some(&b'\r') {
                    body_start = (line.end + 2).min(text.len());
                }
                break;
            }
            let line = &text[span.range()];
            if !is_furniture(line) {
                break;
            }
            labels.push(Junk {
                span,
                kind: junk::classify_line(line).unwrap_or(rashomon_model::JunkKind::Navigation),
            });
        }
    }

    // Lines: junk is set aside, blank lines and junk end paragraphs. Each content line
    // records whether a paragraph break comes before it.
    let mut content: Vec<(Span, bool)> = Vec::new();
    let mut break_before = true;
    let mut in_comments = false;
    for line in lines(text, body_start) {
        let span = trimmed(text, line);
        if span.is_empty() {
            break_before = true;
            continue;
        }
        if content.len() + layers.junk.len() >= max {
            bounded.cut_at = Some(line.start);
            break;
        }
        if in_comments {
            layers.junk.push(Junk {
                span,
                kind: rashomon_model::JunkKind::Comments,
            });
            continue;
        }
        if let Some(kind) = junk::classify_line(&text[span.range()]) {
            // Readers' comments open after some article text; all that follows is theirs.
            in_comments = kind == rashomon_model::JunkKind::Comments && !content.is_empty();
            layers.junk.push(Junk { span, kind });
            break_before = true;
            continue;
        }
        content.push((span, break_before));
        break_before = false;
    }

    let dateline = find_opening_dateline(text, &content);
    let wrapped = is_hard_wrapped(text, &content);

    let mut push = |mut para: Span| {
        if let Some(d) = &dateline {
            if para.contains(d.span) || para.start == d.span.start {
                let rest = &text[d.span.end as usize..para.end as usize];
                let lead = rest.len() - rest.trim_start().len();
                para.start = d.span.end + lead as u32;
            }
        }
        if !para.is_empty() {
            layers.paragraphs.push(para);
        }
    };
    let mut current: Option<Span> = None;
    for &(span, starts_block) in &content {
        match current {
            Some(mut para) if wrapped && !starts_block => {
                para.end = span.end;
                current = Some(para);
            }
            _ => {
                if let Some(para) = current.take() {
                    push(para);
                }
                current = Some(span);
            }
        }
    }
    if let Some(para) = current {
        push(para);
    }
    layers.dateline = dateline;

    // About one sentence per 120 bytes of news prose: one allocation, usually.
    layers
        .sentences
        .reserve((text.len() / 100 + 1).min(max.saturating_add(1)));
    for (k, para) in layers.paragraphs.iter().enumerate() {
        bounded.long_sentences_cut +=
            sentences::split_sentences_counting(text, *para, &mut layers.sentences);
        if layers.sentences.len() >= max {
            if layers.sentences.len() > max || k + 1 < layers.paragraphs.len() {
                // Cut after sentence `max`: its paragraph ends there, later ones go.
                layers.sentences.truncate(max);
                let end = layers.sentences[max - 1].end;
                layers.paragraphs.truncate(k + 1);
                layers.paragraphs[k].end = end;
                let cut = end as usize;
                bounded.cut_at = Some(bounded.cut_at.map_or(cut, |c| c.min(cut)));
                layers.junk.retain(|j| (j.span.end as usize) <= cut);
            }
            break;
        }
    }
    let annotated = bounded.cut_at.unwrap_or(text.len());
    if options.tokens {
        layers.tokens.reserve(text.len() / 5);
        for sentence in &layers.sentences {
            tokens::tokenize(text, *sentence, &mut layers.tokens);
        }
    }

    // Tags inside junk lines are photo credits ("/ AFP"), not the source of the copy.
    let junk_spans: Vec<Span> = layers.junk.iter().map(|j| j.span).collect();
    let tags = agency::find_agency_tags(&text[..annotated]);
    layers.agency_tags = outside_sorted(tags, |t| t.span, &junk_spans)
        .into_iter()
        .filter(|t| layers.title.is_none_or(|title| !title.overlaps(t.span)))
        .collect();
    (layers, bounded)
}

/// The items whose span overlaps none of `spans`; both sorted by start, `spans` without
/// overlaps. One sweep over both, so linear rather than items × spans.
pub fn outside_sorted<T>(items: Vec<T>, span_of: impl Fn(&T) -> Span, spans: &[Span]) -> Vec<T> {
    let mut k = 0;
    items
        .into_iter()
        .filter(|item| {
            let s = span_of(item);
            // Spans ending at or before this item's start cannot overlap it or any later one.
            while k < spans.len() && spans[k].end <= s.start {
                k += 1;
            }
            !spans[k..]
                .iter()
                .take_while(|j| j.start < s.end)
                .any(|j| j.overlaps(s))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rashomon_model::{AnnotatedDocument, JunkKind};

    fn doc(title: Option<&str>, text: &str) -> Document {
        Document::from_text("t.txt", title.map(str::to_string), text.into())
    }

    #[test]
    fn wire_story_layers() {
        let text = "Kurds deny corridor deal\n\nImage may contain: outdoor\nMOSCOW, May 31. /TASS/. The Russian Defence Ministry said the Kurds agreed a corridor. The SDF denied it.\nShare on Facebook\n\n\"There was no deal,\" an SDF spokesman said.\n";
        let d = doc(Some("Kurds deny corridor deal"), text);
        let layers = annotate(&d);
        assert_eq!(
            &text[layers.title.unwrap().range()],
            "Kurds deny corridor deal"
        );
        let junk: Vec<_> = layers
            .junk
            .iter()
            .map(|j| (&text[j.span.range()], j.kind))
            .collect();
        assert_eq!(
            junk,
            vec![
                ("Image may contain: outdoor", JunkKind::AltText),
                ("Share on Facebook", JunkKind::Share)
            ]
        );
        let dl = layers.dateline.clone().unwrap();
        assert_eq!(&text[dl.span.range()], "MOSCOW, May 31. /TASS/.");
        let sentences: Vec<_> = layers.sentences.iter().map(|s| &text[s.range()]).collect();
        assert_eq!(
            sentences,
            vec![
                "The Russian Defence Ministry said the Kurds agreed a corridor.",
                "The SDF denied it.",
                "\"There was no deal,\" an SDF spokesman said."
            ]
        );
        assert_eq!(layers.agency_tags.len(), 1);
        assert_eq!(layers.agency_tags[0].agency, "TASS");
        let annotated = AnnotatedDocument {
            document: d,
            layers,
        };
        annotated.validate().unwrap();
        assert!(annotated.layers.tokens.len() > 20);
    }

    #[test]
    fn hard_wrapped_text_joins_lines() {
        let text = "Fighters of the Islamic State began to leave the city of Raqqa\non Thursday under a deal with local elders, according to residents\nwho spoke by telephone and said the buses were heading east toward\nthe desert near Deir ez-Zor where fighting continued for days.\n";
        let layers = annotate(&doc(None, text));
        assert_eq!(layers.paragraphs.len(), 1);
        assert_eq!(layers.sentences.len(), 1);
    }

    #[test]
    fn bounded_annotation_stops_at_the_sentence_limit() {
        let text = "One here. Two here. Three here.\n\nFour here. Five here.\n";
        let d = doc(None, text);
        let (layers, bounded) =
            annotate_bounded(&d, AnnotateOptions::default(), Limits { max_sentences: 2 });
        let cut = bounded.cut_at.expect("cut");
        assert_eq!(&text[..cut], "One here. Two here.");
        assert_eq!(layers.sentences.len(), 2);
        assert_eq!(layers.paragraphs, vec![Span::new(0, cut)]);
        // The cut text, annotated again, fits and gives the same layers.
        let again = doc(None, &text[..cut]);
        let (layers2, bounded2) = annotate_bounded(
            &again,
            AnnotateOptions::default(),
            Limits { max_sentences: 2 },
        );
        assert_eq!(bounded2, Bounded::default());
        assert_eq!(layers2, layers);
        // Exactly at the limit: nothing is cut.
        let (_, b) = annotate_bounded(&d, AnnotateOptions::default(), Limits { max_sentences: 5 });
        assert_eq!(b.cut_at, None);
        assert_eq!(
            annotate_with(&d, AnnotateOptions::default())
                .sentences
                .len(),
            5
        );
    }

    #[test]
    fn bounded_annotation_counts_lines_and_long_runs() {
        let text = "Share on Facebook\nA line\nAnother line\nA third line\n";
        let (layers, bounded) = annotate_bounded(
            &doc(None, text),
            AnnotateOptions::default(),
            Limits { max_sentences: 2 },
        );
        assert_eq!(bounded.cut_at, Some(text.find("Another").unwrap()));
        assert_eq!(layers.junk.len() + layers.paragraphs.len(), 2);
        let long = "word ".repeat(1000);
        let (layers, bounded) =
            annotate_bounded(&doc(None, &long), AnnotateOptions::default(), Limits::NONE);
        assert_eq!(bounded.long_sentences_cut, layers.sentences.len() - 1);
        assert!(bounded.long_sentences_cut >= 2);
    }

    #[test]
    fn sweep_matches_the_pairwise_overlap_filter() {
        let spans = [
            Span::new(2, 5),
            Span::new(5, 9),
            Span::new(12, 20),
            Span::new(30, 31),
        ];
        let items: Vec<Span> = (0..40)
            .flat_map(|s| [Span::new(s, s), Span::new(s, s + 1), Span::new(s, s + 7)])
            .collect();
        let naive: Vec<Span> = items
            .iter()
            .copied()
            .filter(|i| !spans.iter().any(|j| j.overlaps(*i)))
            .collect();
        assert_eq!(outside_sorted(items, |s| *s, &spans), naive);
    }

    #[test]
    fn furniture_is_no_title_and_the_dateline_follows_the_headline() {
        let text = "Politics\n\nKurds deny a corridor deal with IS\nThe SDF says no militants left Raqqa\n\nMOSCOW, May 31. /TASS/. The Russian Defence Ministry said the Kurds agreed a corridor.\n\nComments (3)\nIvan: fake news!\nOleg: agreed.\n";
        let title = title_line(text).unwrap();
        assert_eq!(title, "Kurds deny a corridor deal with IS");
        // A "Source: …" line may be the headline itself; a long line is never one.
        assert_eq!(
            title_line("Source: kurdish fighters let IGIL leave Rakka\n\nRIA Novosti said so.\n"),
            Some("Source: kurdish fighters let IGIL leave Rakka")
        );
        let long = format!("World\n{}\nMore.\n", "word ".repeat(60));
        assert_eq!(title_line(&long), Some("World"));
        let layers = annotate(&doc(Some(title), text));
        assert_eq!(&text[layers.title.unwrap().range()], title);
        let dl = layers.dateline.clone().unwrap();
        assert_eq!(&text[dl.span.range()], "MOSCOW, May 31. /TASS/.");
        let junk: Vec<_> = layers
            .junk
            .iter()
            .map(|j| (&text[j.span.range()], j.kind))
            .collect();
        assert_eq!(
            junk,
            vec![
                ("Politics", JunkKind::Navigation),
                ("Comments (3)", JunkKind::Comments),
                ("Ivan: fake news!", JunkKind::Comments),
                ("Oleg: agreed.", JunkKind::Comments),
            ]
        );
        let sentences: Vec<_> = layers.sentences.iter().map(|s| &text[s.range()]).collect();
        assert_eq!(
            sentences,
            vec![
                "The SDF says no militants left Raqqa",
                "The Russian Defence Ministry said the Kurds agreed a corridor."
            ]
        );
        AnnotatedDocument {
            document: doc(Some(title), text),
            layers,
        }
        .validate()
        .unwrap();
    }

    #[test]
    fn line_per_sentence_text_keeps_lines() {
        let text = "Title line\nFirst sentence here .\nSecond one , with tokens .\n";
        let layers = annotate(&doc(Some("Title line"), text));
        assert_eq!(layers.paragraphs.len(), 2);
        assert_eq!(layers.sentences.len(), 2);
    }
}
