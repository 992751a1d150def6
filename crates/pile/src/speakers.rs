//! The pile-wide step of speaker resolution, on the documents' summaries.

use rashomon_actors::Resolver;
use rashomon_model::Speaker;
use serde::Deserialize;

/// What the pile keeps of a document's statements between steps: the speakers they name
/// (merged across the pile) and which attribution names which. Read from the statements
/// part of the summary (its contents are not read: they stay in the store).
/// Its fields are `DocStatements`' own names, with no defaults: a statements part that lacks
/// them is refused as a bad row, not read as a document without speakers.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct DocSpeakers {
    attributions: Vec<SpeakerOf>,
    pub speakers: Vec<Speaker>,
}

/// An attribution's speaker, all that is read of it.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
struct SpeakerOf {
    speaker: Option<u16>,
}

impl DocSpeakers {
    /// The speaker of the document's `n`th attribution.
    pub fn of_attribution(&self, n: usize) -> Option<&Speaker> {
        let i = self.attributions.get(n)?.speaker?;
        self.speakers.get(i as usize)
    }
}

/// Merges speakers across the pile: lone surnames into the one full name, acronyms into the
/// name they abbreviate somewhere in the pile, a ministry without its country into the one
/// with it. Per-document resolution happened when the documents were annotated. Acronyms
/// need the keys of the pile's capitalised name runs: `run_keys` gives every document's
/// (from the summaries), read only when an acronym waits for them.
pub(crate) fn merge<E>(
    statements: &mut [DocSpeakers],
    resolver: &Resolver,
    run_keys: impl FnOnce(&mut dyn FnMut(Vec<String>)) -> Result<(), E>,
) -> Result<(), E> {
    let needs_runs = statements.iter().any(|d| {
        d.speakers.iter().any(|s| {
            s.entity_id
                .as_deref()
                .is_some_and(|id| id.starts_with("name:"))
                && rashomon_actors::names::looks_like_acronym(&s.name)
        })
    });
    let mut keys: std::collections::HashSet<String> = std::collections::HashSet::new();
    if needs_runs {
        run_keys(&mut |doc_keys| keys.extend(doc_keys))?;
    }
    let keys: Vec<String> = keys.into_iter().collect();
    let speakers = statements.iter_mut().flat_map(|d| d.speakers.iter_mut());
    resolver.merge_pile(speakers, &keys);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rashomon_linking::claims::DocStatements;
    use rashomon_model::{
        AnnotatedDocument, Attribution, CueClass, Document, Layers, Span, SpeakerKind,
    };

    /// The speakers read back from a stored statements part are the statements' own, each
    /// attribution with its own.
    #[test]
    fn speakers_read_from_the_statements_part() {
        let text = "The council said buses left. Police said nothing.";
        let speaker = Speaker {
            name: "Raqqa Civil Council".into(),
            entity_id: Some("name:rqq-cvl-cnsl".into()),
            antecedent: None,
            kind: SpeakerKind::Organisation,
        };
        let attribution = |cue: (usize, usize), speaker: Option<Speaker>| Attribution {
            source: None,
            cue: Span::new(cue.0, cue.1),
            content: vec![],
            cue_class: CueClass::Assert,
            speaker,
            via: None,
            direct: false,
        };
        let doc = AnnotatedDocument {
            document: Document::from_text("a.txt", None, text.to_string()),
            layers: Layers {
                sentences: vec![Span::new(0, 28), Span::new(29, text.len())],
                attributions: vec![
                    attribution((12, 16), Some(speaker.clone())),
                    attribution((36, 40), None),
                ],
                ..Layers::default()
            },
        };
        let bytes = crate::summary::to_bytes(&DocStatements::of(&doc));
        let read: DocSpeakers = crate::summary::from_bytes(&bytes).unwrap();
        assert_eq!(read.of_attribution(0), Some(&speaker));
        assert_eq!(read.of_attribution(1), None);
        assert_eq!(read.of_attribution(2), None);
        assert!(
            crate::summary::from_bytes::<DocSpeakers>(&crate::summary::to_bytes(&1u8)).is_err()
        );
    }
}
