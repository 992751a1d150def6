use serde::{Deserialize, Serialize};

use crate::Span;

/// A statement attributed to a source, in the PARC / PolNeAR scheme: *who* (source) says, by
/// which words (cue), *what* (content). "The ministry said the corridor was agreed":
/// source "The ministry", cue "said", content "the corridor was agreed".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attribution {
    /// Absent for unattributed passives and bare cues ("it was noted that …").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Span>,
    pub cue: Span,
    /// The content's fragments in text order: one span usually, several when the source and
    /// cue interrupt it ("“We will,” he said, “hold the line.”").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub content: Vec<Span>,
    /// What the source does with the content: the input of the cross-check.
    pub cue_class: CueClass,
    /// The speaker the source refers to, resolved within the document ("he" → the last named
    /// person) and, when known, to an actor entity across documents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<Speaker>,
    /// The outlet or agency that relays the source ("RIA Novosti said a source in the
    /// ministry …": source "a source in the ministry", via "RIA Novosti").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<Span>,
    /// Whether the content is (mostly) inside quotation marks.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub direct: bool,
}

/// The speech act of a cue, coarse enough to cross-check: who asserts, who denies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CueClass {
    /// Says, reports, states: the default.
    Assert,
    /// Denies, refutes, rejects, dismisses.
    Deny,
    /// Confirms, acknowledges, admits.
    Confirm,
    /// Accuses, blames, alleges.
    Accuse,
    /// Warns, threatens.
    Warn,
    /// Promises, pledges, vows.
    Promise,
    /// Asks, questions, doubts.
    Question,
}

impl CueClass {
    pub fn as_str(self) -> &'static str {
        match self {
            CueClass::Assert => "assert",
            CueClass::Deny => "deny",
            CueClass::Confirm => "confirm",
            CueClass::Accuse => "accuse",
            CueClass::Warn => "warn",
            CueClass::Promise => "promise",
            CueClass::Question => "question",
        }
    }
}

/// Who an attribution's source refers to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Speaker {
    /// Display name: the named mention the source resolves to ("Sergei Lavrov"), or the source
    /// as written when it names nobody ("a source in the ministry").
    pub name: String,
    /// Actor entity: `actor:<slug>` from the alias table, `name:<key>` for a name the table does
    /// not know (merged across documents by name variants), absent for anonymous sources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity_id: Option<String>,
    /// Where the name was found, when that is not the source itself (a pronoun's antecedent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub antecedent: Option<Span>,
    pub kind: SpeakerKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpeakerKind {
    Person,
    Organisation,
    /// Armed groups and militias.
    Group,
    /// A state, a government or its capital used for it ("Moscow said").
    Country,
    /// "a source", "officials", "the agency interlocutor".
    Anonymous,
    /// A name we could not type.
    Unknown,
}
