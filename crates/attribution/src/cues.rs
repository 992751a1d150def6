//! Cue words and cue classes.
//!
//! The word lists are general English reporting vocabulary, including the stiff verbs
//! machine translation from Russian produces ("informed", "noted", "stressed", "refuted"),
//! not anything tuned to one story.

use rashomon_model::CueClass;

/// Reporting words that always count as cue words, whatever the training data saw.
pub const REPORTING_WORDS: &[&str] = &[
    "say",
    "says",
    "said",
    "saying",
    "tell",
    "tells",
    "told",
    "telling",
    "according",
    "add",
    "adds",
    "added",
    "adding",
    "state",
    "stated",
    "states",
    "stating",
    "claim",
    "claims",
    "claimed",
    "claiming",
    "note",
    "noted",
    "notes",
    "noting",
    "announce",
    "announced",
    "announces",
    "report",
    "reported",
    "reports",
    "reporting",
    "explain",
    "explained",
    "explains",
    "argue",
    "argued",
    "argues",
    "insist",
    "insisted",
    "insists",
    "deny",
    "denied",
    "denies",
    "denying",
    "confirm",
    "confirmed",
    "confirms",
    "warn",
    "warned",
    "warns",
    "warning",
    "accuse",
    "accused",
    "accuses",
    "ask",
    "asked",
    "asks",
    "write",
    "wrote",
    "writes",
    "tweet",
    "tweeted",
    "stress",
    "stressed",
    "stresses",
    "emphasize",
    "emphasized",
    "emphasised",
    "underline",
    "underlined",
    "inform",
    "informed",
    "informs",
    "declare",
    "declared",
    "declares",
    "allege",
    "alleged",
    "alleges",
    "promise",
    "promised",
    "pledged",
    "vowed",
    "refute",
    "refuted",
    "refutes",
    "reject",
    "rejected",
    "dismissed",
    "acknowledged",
    "admitted",
    "believe",
    "believes",
    "believed",
    "think",
    "thinks",
    "thought",
    "quoted",
    "cited",
    "suggested",
    "suggests",
    "blamed",
    "threatened",
    "assured",
    "recalled",
    "replied",
    "responded",
    "specified",
    "clarified",
    "commented",
    "indicated",
];

/// The class of a cue, from the cue's words and, for plain "said", the content.
///
/// Denial is the class the cross-check needs most, and news often denies with a plain verb:
/// "said the report was false", "called the claims groundless". A content that calls
/// something untrue therefore makes a neutral cue a denial.
pub fn classify(cue: &str, content: &str) -> CueClass {
    let cue = cue.to_lowercase();
    let stems = |list: &[&str]| {
        cue.split(|c: char| !c.is_alphanumeric())
            .any(|w| list.iter().any(|s| w.starts_with(s)))
    };
    let class = if stems(&[
        "deni",
        "deny",
        "refut",
        "reject",
        "dismiss",
        "disput",
        "contradict",
        "rebut",
        "disprov",
        "disavow",
        "debunk",
        "repudiat",
        "contest",
    ]) {
        CueClass::Deny
    } else if stems(&[
        "confirm",
        "acknowledg",
        "admit",
        "verif",
        "corroborat",
        "conced",
    ]) {
        CueClass::Confirm
    } else if stems(&[
        "accus", "blame", "alleg", "condemn", "denounc", "charg", "slam", "criticiz", "criticis",
        "lambast", "fault",
    ]) {
        CueClass::Accuse
    } else if stems(&["warn", "threat", "caution", "alarm"]) {
        CueClass::Warn
    } else if stems(&[
        "promis", "pledg", "vow", "guarant", "swore", "swear", "sworn",
    ]) {
        CueClass::Promise
    } else if stems(&[
        "ask", "question", "wonder", "doubt", "query", "queri", "inquir", "enquir",
    ]) {
        CueClass::Question
    } else {
        CueClass::Assert
    };
    if class == CueClass::Assert && calls_untrue(content) {
        return CueClass::Deny;
    }
    class
}

fn calls_untrue(content: &str) -> bool {
    let c = content.to_lowercase();
    [
        "not true",
        "untrue",
        "false",
        "groundless",
        "baseless",
        "unfounded",
        "fake",
        "fabricat",
        "no truth",
        "nonsense",
        "did not take place",
        "never happened",
        "no such",
        "a lie",
        "disinformation",
        "misinformation",
        "not correspond to reality",
        "does not correspond",
    ]
    .iter()
    .any(|p| c.contains(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_from_cue_and_content() {
        assert_eq!(
            classify("said", "the corridor was agreed"),
            CueClass::Assert
        );
        assert_eq!(classify("denied", "it"), CueClass::Deny);
        assert_eq!(classify("was refuted by", "the claim"), CueClass::Deny);
        assert_eq!(classify("contested", "the figures"), CueClass::Deny);
        assert_eq!(
            classify("said", "the reports were groundless"),
            CueClass::Deny
        );
        assert_eq!(classify("confirmed", "the strike"), CueClass::Confirm);
        assert_eq!(classify("accused", "Moscow of lying"), CueClass::Accuse);
        assert_eq!(classify("warned", "of retaliation"), CueClass::Warn);
        assert_eq!(classify("vowed", "to fight on"), CueClass::Promise);
        assert_eq!(classify("asked", "why"), CueClass::Question);
        // A content calling something untrue does not override a specific class.
        assert_eq!(
            classify("accused", "them of spreading fake news"),
            CueClass::Accuse
        );
    }
}
