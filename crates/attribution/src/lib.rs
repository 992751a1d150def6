//! Who says what: attributions in the PARC / PolNeAR scheme (source, cue, content), found in
//! a document by a sequence tagger trained on PolNeAR, linked per paragraph, and classed by
//! speech act (assert, deny, confirm, accuse, warn, promise, question).
//!
//! [`Extractor::extract`] is a pure function of a document's text and text layers. The model
//! ships in `data/attribution.model.gz` (built by `rashomon-lab train attribution`); speakers are
//! resolved afterwards by `rashomon-actors`.
//!
//! **Cost.** Linear in the text, in time and memory. The tagger and the linker look at one
//! window at a time: a paragraph, or a piece of at most 64 sentences and 4,096 tokens of a
//! longer one (`sequence::WINDOW_SENTENCES`, `WINDOW_TOKENS`; cut at sentence boundaries, the
//! quotation state carried over). A token costs about 700 bytes while its window is tagged
//! (hashed features and weight slots, 2 × 29 words; Viterbi scores; label contexts), and a
//! window holds at most 4,096 tokens plus one sentence (at most 2,000 bytes, so 2,000
//! tokens): besides the attributions it returns, `extract` holds about 4 MB whatever the
//! length of the paragraph. Linking a run to its nearest cue is a sweep, and
//! [`trim_time_from_sources`] looks timexes up by binary search.

mod chain;
pub mod cues;
pub mod denials;
mod features;
mod link;
mod model;
mod sequence;
pub mod train;

use rashomon_model::{Attribution, Layers, Span};

pub use model::{Label, Model, ModelError};

/// The shipped model, trained on PolNeAR train.
static SHIPPED: &[u8] = include_bytes!("../data/attribution.model.gz");

/// Finds attributions with one model.
pub struct Extractor {
    model: Model,
}

impl Extractor {
    /// The shipped model (`data/attribution.model.gz`), parsed afresh: load it once at the
    /// edge and pass it on.
    pub fn shipped() -> Extractor {
        Extractor::new(Model::from_bytes(SHIPPED).expect("the shipped attribution model loads"))
    }

    pub fn new(model: Model) -> Extractor {
        Extractor { model }
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The attributions of a document, sorted by cue, without speakers.
    pub fn extract(&self, text: &str, layers: &Layers) -> Vec<Attribution> {
        let mut out: Vec<Attribution> = Vec::new();
        let mut features = Vec::new();
        sequence::for_each_window(text, layers, &self.model, |seq, opens_paragraph| {
            let labels = self.model.decode(seq, &mut features);
            let linked_all = link::link(seq, &labels);
            if linked_all.is_empty() {
                // A paragraph that only continues a quotation (news style: no closing mark
                // before the paragraph break, a new opening mark after it) belongs to the
                // quotation before it.
                if !opens_paragraph {
                    return;
                }
                if let (Some(previous), Some(quote)) = (out.last_mut(), continued_quote(seq)) {
                    if previous.direct {
                        previous.content.push(quote);
                    }
                }
                return;
            }
            for linked in linked_all {
                let content_text: String = linked
                    .content
                    .iter()
                    .map(|s| &text[s.range()])
                    .collect::<Vec<_>>()
                    .join(" ");
                let cue_class = cues::classify(&text[linked.cue.range()], &content_text);
                let direct = is_direct(&content_text);
                let mut attribution = Attribution {
                    source: linked.source,
                    cue: linked.cue,
                    content: linked.content,
                    cue_class,
                    speaker: None,
                    via: None,
                    direct,
                };
                chain::relayed_source(text, &mut attribution);
                out.push(attribution);
            }
        });
        out.sort_by_key(|a| a.cue);
        out
    }
}

/// Moves each source's start past a time expression it opens with ("On 13 October a member
/// of the council said" → "a member of the council"; "The next day a coalition spokesman"):
/// the tagger often takes a sentence's opening adverbial into the source. `timexes` are the
/// document's time expression spans, sorted.
pub fn trim_time_from_sources(text: &str, attributions: &mut [Attribution], timexes: &[Span]) {
    for a in attributions.iter_mut() {
        let Some(source) = a.source else { continue };
        let (s, e) = (source.start as usize, source.end as usize);
        // The timex may follow a preposition ("On", "In", "By") at the source's start.
        let lead = text[s..e]
            .split_once(' ')
            .filter(|(w, _)| {
                matches!(
                    w.to_ascii_lowercase().as_str(),
                    "on" | "in"
                        | "by"
                        | "at"
                        | "since"
                        | "until"
                        | "after"
                        | "before"
                        | "late"
                        | "early"
                        | "earlier"
                        | "later"
                )
            })
            .map_or(0, |(w, _)| w.len() + 1);
        // The timexes are sorted: look the two starts up rather than scan them all for every
        // attribution. One starting at `s` comes first, as in a scan in text order.
        let starting_at = |at: usize| {
            let k = timexes.partition_point(|t| (t.start as usize) < at);
            timexes.get(k).filter(|t| t.start as usize == at)
        };
        let Some(t) = starting_at(s).or_else(|| starting_at(s + lead)) else {
            continue;
        };
        let mut start = t.end as usize;
        let bytes = text.as_bytes();
        while start < e && matches!(bytes[start], b' ' | b',') {
            start += 1;
        }
        if start < e {
            a.source = Some(Span::new(start, e));
        }
    }
}

/// The quoted part of a paragraph that opens with a quotation mark and is mostly quoted.
fn continued_quote(seq: &[sequence::Tok]) -> Option<rashomon_model::Span> {
    let first = seq.first()?;
    if first.shape != sequence::Shape::Quote || !first.in_quote {
        return None;
    }
    let quoted = seq.iter().filter(|t| t.in_quote).count();
    if quoted * 10 < seq.len() * 8 {
        return None;
    }
    let last = seq.iter().rev().find(|t| t.in_quote)?;
    Some(rashomon_model::Span::new(
        first.span.start as usize,
        last.span.end as usize,
    ))
}

/// Whether most of the content's letters lie inside quotation marks.
fn is_direct(content: &str) -> bool {
    let mut inside = false;
    let (mut quoted, mut total) = (0usize, 0usize);
    for c in content.chars() {
        match c {
            '“' | '«' | '„' => inside = true,
            '”' | '»' => inside = false,
            '"' => inside = !inside,
            c if c.is_alphabetic() => {
                total += 1;
                quoted += inside as usize;
            }
            _ => {}
        }
    }
    total > 0 && quoted * 2 > total
}

#[cfg(test)]
mod tests {
    use super::*;
    use rashomon_model::{CueClass, Document};

    /// The shipped model, loaded once for all tests of this module.
    fn shipped() -> &'static Extractor {
        static MODEL: std::sync::OnceLock<Extractor> = std::sync::OnceLock::new();
        MODEL.get_or_init(Extractor::shipped)
    }

    fn extract(text: &str) -> (String, Vec<Attribution>) {
        let doc = Document::from_text("t.txt", None, text.to_string());
        let layers = rashomon_text::annotate_with(&doc, Default::default());
        let found = shipped().extract(&doc.text, &layers);
        (doc.text, found)
    }

    fn part(text: &str, span: Option<rashomon_model::Span>) -> &str {
        span.map_or("", |s| &text[s.range()])
    }

    #[test]
    fn reported_speech_both_orders() {
        let (text, found) = extract(
            "The Russian Defence Ministry said that the Kurdish militias had agreed a corridor with the militants.\n\n\
             \"We took no part in any talks,\" a coalition spokesman told reporters on Friday.",
        );
        assert!(found.len() >= 2, "{found:?}");
        let first = &found[0];
        assert_eq!(part(&text, Some(first.cue)), "said");
        assert!(
            part(&text, first.source).contains("Defence Ministry"),
            "{first:?}"
        );
        assert!(text[first.content[0].range()].contains("agreed a corridor"));
        let second = found
            .iter()
            .find(|a| part(&text, Some(a.cue)).starts_with("told"))
            .expect("told");
        assert!(
            part(&text, second.source).contains("spokesman"),
            "{second:?}"
        );
        assert!(second.direct, "the content is a quotation");
    }

    #[test]
    fn a_quotation_continued_in_the_next_paragraph_stays_with_its_speaker() {
        let (text, found) = extract(
            "\"We never negotiated with the group,\" said Talal Silo, a spokesman for the fighters.\n\n\
             \"The claims are false and meant to discredit the operation.\n\n\
             \"We will continue until the city is free,\" he added.",
        );
        let first = found.first().expect("an attribution");
        let fragments: Vec<&str> = first.content.iter().map(|s| &text[s.range()]).collect();
        assert!(
            fragments.iter().any(|f| f.contains("meant to discredit")),
            "{fragments:?}"
        );
    }

    #[test]
    fn time_expressions_leave_the_source() {
        let text =
            "On 13 October a member of the council said it. The next day a spokesman said so.";
        let span = |s: &str| {
            let i = text.find(s).unwrap();
            Span::new(i, i + s.len())
        };
        let make = |source: &str, cue: &str| Attribution {
            source: Some(span(source)),
            cue: span(cue),
            content: Vec::new(),
            cue_class: CueClass::Assert,
            speaker: None,
            via: None,
            direct: false,
        };
        let mut a = vec![
            make("On 13 October a member of the council", "said it"),
            make("The next day a spokesman", "said so"),
        ];
        trim_time_from_sources(text, &mut a, &[span("13 October"), span("The next day")]);
        assert_eq!(
            &text[a[0].source.unwrap().range()],
            "a member of the council"
        );
        assert_eq!(&text[a[1].source.unwrap().range()], "a spokesman");
    }

    #[test]
    fn denial_is_classed() {
        let (text, found) =
            extract("The SDF denied that any deal had been struck with the militants.");
        let a = found.first().expect("an attribution");
        assert_eq!(part(&text, Some(a.cue)), "denied");
        assert_eq!(a.cue_class, CueClass::Deny);
    }

    #[test]
    fn model_round_trips_through_bytes() {
        let model = shipped().model();
        let again = Model::from_bytes(&model.to_bytes()).unwrap();
        assert_eq!(again.bits, model.bits);
        assert_eq!(again.cue_words, model.cue_words);
        assert_eq!(again.stages.len(), model.stages.len());
        for (a, b) in again.stages.iter().zip(&model.stages) {
            assert!(a.weights == b.weights && a.transitions == b.transitions);
        }
        assert!(matches!(
            Model::from_bytes(b"not gzip"),
            Err(ModelError::Corrupt(_))
        ));
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, b"WRONGMAGIC....").unwrap();
        assert!(matches!(
            Model::from_bytes(&gz.finish().unwrap()),
            Err(ModelError::Magic)
        ));
    }

    #[test]
    fn direct_speech_is_measured_on_letters() {
        assert!(is_direct("“We will hold the line.”"));
        assert!(!is_direct("the corridor was agreed"));
        assert!(!is_direct(
            "the so-called “corridor” was agreed by both sides last week"
        ));
    }
}
