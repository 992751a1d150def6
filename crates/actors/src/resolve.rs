//! Speakers: from an attribution's source span to who it names.
//!
//! Within a document ([`Resolver::resolve_document`]): a named source is looked up in the
//! alias table (whole, then with titles and role words stripped, then by its last words); a
//! pronoun or a definite role phrase ("he", "the spokesman", "Russia's top diplomat") takes
//! the most recent named speaker that fits (role words shared first, then kind); an indefinite
//! source ("a source", "officials") is anonymous. The search looks back over the last
//! [`LOOK_BACK`] named speakers only, and only those are kept, which keeps a document linear
//! in time and bounded in memory in its attributions (a megabyte paragraph holds thousands; an
//! article a dozen).
//!
//! Across a pile ([`Resolver::merge_pile`]): names the table does not know are merged by name
//! variants (a lone surname joins the one full name in the pile that ends with it), and an
//! acronym joins the multi-word name it abbreviates, in English or in another language's
//! order and words (SDF, SDS; IS, IG; ISIL, IGIL).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rashomon_model::{Attribution, Span, Speaker, SpeakerKind};

use crate::names::{
    acronyms, key, looks_like_acronym, loose, translations_match, words, CALENDAR_WORDS,
};
use crate::speaker::{self, DocContext, Head, HeadClass};
use crate::table::{Actor, Table};

/// Named speakers a pronoun or role phrase may refer back to: the most recent ones.
pub const LOOK_BACK: usize = 64;

const PRONOUNS_PERSON: &[&str] = &["HE", "SHE", "HIM", "HER", "HIS", "I", "ME"];
const PRONOUNS_GROUP: &[&str] = &["IT", "ITS", "THEY", "THEM", "WE", "US", "THEIR"];
const INDEFINITE: &[&str] = &[
    "A",
    "AN",
    "ONE",
    "SOME",
    "SEVERAL",
    "MANY",
    "OTHER",
    "OTHERS",
    "TWO",
    "THREE",
    "ANOTHER",
    "SOURCES",
    "SOURCE",
    "OFFICIALS",
    "EXPERTS",
    "ANALYSTS",
    "WITNESSES",
    "RESIDENTS",
];
const DEFINITE: &[&str] = &["THE", "THIS", "THAT", "THESE", "THOSE"];
/// Capitalised words that name no one besides the calendar ([`CALENDAR_WORDS`]): the words
/// that open a sentence before the source ("On 13 October a member of the council said").
const NOT_NAMES: &[&str] = &[
    "ON",
    "IN",
    "AT",
    "AFTER",
    "BEFORE",
    "DURING",
    "SINCE",
    "UNTIL",
    "LAST",
    "NEXT",
    "YESTERDAY",
    "TODAY",
    "TOMORROW",
    "BUT",
    "AND",
    "MEANWHILE",
    "ALSO",
    // Sentence adverbs, conjunctions and prepositions capitalised by their place.
    "LATER",
    "EARLIER",
    "THEN",
    "NOW",
    "HOWEVER",
    "STILL",
    "YET",
    "THOUGH",
    "ALTHOUGH",
    "SO",
    "THUS",
    "INSTEAD",
    "FINALLY",
    "MAYBE",
    "PERHAPS",
    "WHEN",
    "WHILE",
    "AS",
    "IF",
    "FOR",
    "WITH",
    "FROM",
    "TO",
    "BY",
    "OR",
    "NOR",
    "WHERE",
    "WHY",
    "HOW",
];

/// Head nouns after a name through which the named body itself speaks.
const SPEAKS_FOR: &[&str] = &[
    "SPOKESMAN",
    "SPOKESWOMAN",
    "SPOKESPERSON",
    "REPRESENTATIVE",
    "SERVICE",
    "OFFICE",
    "STATEMENT",
    "PRESS",
    "HEADQUARTERS",
    "COMMAND",
    "LEADERSHIP",
];
/// Lowercase nouns for a person that a name may follow ("spokeswoman Michelle Lyons").
const PERSON_TITLES: &[&str] = &[
    "SPOKESMAN",
    "SPOKESWOMAN",
    "SPOKESPERSON",
    "REPRESENTATIVE",
    "CHIEF",
    "DIRECTOR",
    "OFFICIAL",
    "MINISTER",
    "SECRETARY",
    "CHAIRMAN",
    "CHAIRWOMAN",
    "COMMANDER",
    "HEAD",
    "LEADER",
    "PRESIDENT",
    "AMBASSADOR",
    "ENVOY",
    "GOVERNOR",
    "MAYOR",
];
/// Head nouns that make a name plus the noun an organisation ("the Trump campaign").
const ORGANISATION_HEADS: &[&str] = &[
    "CAMPAIGN",
    "GOVERNMENT",
    "ADMINISTRATION",
    "MINISTRY",
    "ARMY",
    "FORCES",
    "MILITARY",
    "COALITION",
    "AUTHORITIES",
    "POLICE",
    "COUNCIL",
    "COMMITTEE",
    "PARTY",
    "TEAM",
    "AGENCY",
    "EMBASSY",
    "MISSION",
    "CAMP",
];
const PREPOSITIONS: &[&str] = &[
    "OF", "IN", "FOR", "AT", "FROM", "WITH", "AGAINST", "BY", "NEAR", "INSIDE", "WITHIN", "CLOSE",
    "AMONG", "TO",
];
/// Words that make an unknown name an organisation.
const ORGANISATION_WORDS: &[&str] = &[
    "MINISTRY",
    "PARTY",
    "FORCES",
    "ARMY",
    "COUNCIL",
    "COMMITTEE",
    "AGENCY",
    "OFFICE",
    "DEPARTMENT",
    "COMMAND",
    "GROUP",
    "FRONT",
    "BRIGADE",
    "BRIGADES",
    "UNION",
    "ORGANIZATION",
    "ORGANISATION",
    "COALITION",
    "GOVERNMENT",
    "SERVICE",
    "NEWS",
    "TIMES",
    "POST",
    "PRESS",
    "CENTER",
    "CENTRE",
    "INSTITUTE",
    "UNIVERSITY",
    "COMMISSION",
    "ASSOCIATION",
    "MILITIA",
    "MILITIAS",
    "UNITS",
    "MINISTER",
    "KREMLIN",
    "PENTAGON",
    "NETWORK",
    "CAMPAIGN",
    "MOVEMENT",
    "FOUNDATION",
    "BANK",
    "COURT",
    "ASSEMBLY",
    "PARLIAMENT",
    "CONGRESS",
    "SENATE",
];
/// Titles that precede a person's name and are not part of it.
const TITLES: &[&str] = &[
    "MR",
    "MRS",
    "MS",
    "DR",
    "PROF",
    "GEN",
    "GENERAL",
    "COL",
    "COLONEL",
    "LT",
    "MAJOR",
    "MAJ",
    "CAPT",
    "CAPTAIN",
    "SEN",
    "SENATOR",
    "REP",
    "GOV",
    "GOVERNOR",
    "PRESIDENT",
    "PRIME",
    "MINISTER",
    "SPOKESMAN",
    "SPOKESWOMAN",
    "SPOKESPERSON",
    "AMBASSADOR",
    "ENVOY",
    "ADMIRAL",
    "SHEIKH",
    "SHEIK",
    "SECRETARY",
    "DEPUTY",
    "CHIEF",
    "HEAD",
    "LEADER",
    "COMMANDER",
    "FOREIGN",
    "DEFENSE",
    "DEFENCE",
    "STATE",
    "FORMER",
    "OFFICIAL",
    "MAYOR",
    "JUDGE",
    "SIR",
    "LORD",
    "KING",
    "QUEEN",
    "PRINCE",
    "EMIR",
    "AYATOLLAH",
    "PATRIARCH",
    "POPE",
    "CANDIDATE",
    "REPUBLICAN",
    "DEMOCRATIC",
    "DEMOCRAT",
    "PRESIDENTIAL",
    "VICE",
    "US",
    "U",
    "S",
    "UN",
    "OFFICER",
    "ANALYST",
    "EXPERT",
    "DIRECTOR",
    "CHAIRMAN",
    "CHAIRWOMAN",
    "NOMINEE",
];

/// Abbreviated titles and name parts written with a full stop ("Rear Adm. Thad Allen",
/// "Henry M. Paulson Jr."), besides the [`TITLES`].
const ABBREVIATIONS: &[&str] = &[
    "ADM", "SGT", "CPL", "REV", "JR", "SR", "ST", "SEN", "REP", "GOV", "LT", "GEN", "COL", "CAPT",
    "MAJ", "DR", "MR", "MRS", "MS", "PROF", "SUPT", "INSP", "CMDR", "CDR",
];

/// A named speaker seen earlier in the document.
#[derive(Debug, Clone)]
struct Mention {
    speaker: Speaker,
    span: Span,
    role_words: Vec<String>,
}

/// Resolves speakers against one alias table.
pub struct Resolver {
    table: Arc<Table>,
    /// Acronym → actor index, for acronyms only one actor of the table gives.
    acronym_index: HashMap<String, Option<usize>>,
}

/// A capitalised word run of a text: (span, key); what acronyms may stand for.
#[derive(Debug, Clone, PartialEq)]
pub struct NameRun {
    pub span: Span,
    pub key: String,
}

impl Resolver {
    /// A resolver over `table`; builds the acronym index (a moment for the shipped table), so
    /// build it once and share it.
    pub fn new(table: Arc<Table>) -> Resolver {
        let mut acronym_index: HashMap<String, Option<usize>> = HashMap::new();
        for (i, actor) in table.actors.iter().enumerate() {
            if !matches!(actor.kind, SpeakerKind::Group | SpeakerKind::Organisation) {
                continue;
            }
            let mut forms: HashSet<String> = HashSet::new();
            for name in std::iter::once(&actor.name).chain(&actor.aliases) {
                let k = key(name);
                // Computed initials only for armed groups: companies' initials collide with
                // everything.
                if actor.kind == SpeakerKind::Group {
                    forms.extend(acronyms(&k));
                }
                if !k.contains(' ') && (2..=5).contains(&k.len()) {
                    forms.insert(k);
                }
            }
            for f in forms {
                acronym_index
                    .entry(f)
                    .and_modify(|v| {
                        if *v != Some(i) {
                            *v = None
                        }
                    })
                    .or_insert(Some(i));
            }
        }
        Resolver {
            table,
            acronym_index,
        }
    }

    /// The alias table this resolver reads.
    pub fn table(&self) -> &Table {
        &self.table
    }

    fn speaker_of(actor: &Actor) -> Speaker {
        Speaker {
            name: actor.name.clone(),
            entity_id: Some(actor.id.clone()),
            antecedent: None,
            kind: actor.kind,
        }
    }

    /// The actor an all-caps token stands for: the table's acronyms, then letter-by-letter
    /// translation of a table acronym (IGIL = ISIL with Gosudarstvo for State).
    fn acronym_actor(&self, written: &str) -> Option<&Actor> {
        let k = key(written);
        if let Some(Some(i)) = self.acronym_index.get(&k) {
            return Some(&self.table.actors[*i]);
        }
        let mut found: Option<usize> = None;
        for (form, actor) in &self.acronym_index {
            let Some(i) = actor else { continue };
            if form.len() == k.len() && form != &k && translations_match(form, &k) {
                if found.is_some_and(|f| f != *i) {
                    return None;
                }
                found = Some(*i);
            }
        }
        found.map(|i| &self.table.actors[i])
    }

    /// Speakers for every attribution of a document, in place, without the document's
    /// paragraphs and places (see [`Resolver::resolve_document_in`]).
    pub fn resolve_document(&self, text: &str, attributions: &mut [Attribution]) {
        self.resolve_document_in(text, attributions, &DocContext::default());
    }

    /// Speakers for every attribution of a document, in place. A source that is no speaker
    /// ([`crate::speaker::judge`]: a fragment, a place, an artefact naming nobody, a
    /// pronoun without antecedent, a phrase inside a quotation) gets none.
    pub fn resolve_document_in(
        &self,
        text: &str,
        attributions: &mut [Attribution],
        context: &DocContext<'_>,
    ) {
        let mut mentions: Vec<Mention> = Vec::new();
        // The document's capitalised words inside sentences, read once when first needed.
        let mut inside: Option<HashSet<String>> = None;
        for a in attributions.iter_mut() {
            if a.source.is_none() {
                a.speaker = None;
                continue;
            }
            let needs_names = a.source.is_some_and(|s| {
                let s = s.start as usize;
                speaker::opens_sentence(text, s)
            });
            if needs_names && inside.is_none() {
                inside = Some(speaker::names_inside_sentences(text));
            }
            let known = |w: &str| {
                inside.as_ref().is_some_and(|n| n.contains(w))
                    || self.table.lookup_key(&key(w)).is_some()
            };
            // A relative pronoun speaks for the phrase it follows.
            let antecedent = a
                .source
                .and_then(|s| speaker::relative_antecedent(text, s, &self.table));
            let judged = match antecedent {
                Some(np) => {
                    let mut b = a.clone();
                    b.source = Some(np);
                    speaker::judge(text, &b, &self.table, context, &known)
                }
                None => speaker::judge(text, a, &self.table, context, &known),
            };
            let Some(head) = judged.filter(Head::is_speaker) else {
                a.speaker = None;
                continue;
            };
            let source = match (head.class, head.author) {
                (HeadClass::Artefact, Some(author)) => author,
                _ => head.phrase,
            };
            let written = &text[source.range()];
            let lowered: String;
            let mut words: Vec<(Span, &str)> = words(text, source);
            let all_keys: Vec<String> = words.iter().map(|(_, w)| key(w)).collect();
            let judged_start = antecedent.or(a.source).map(|s| s.start);
            let common_first =
                head.common_first && !words.is_empty() && Some(source.start) == judged_start;
            // "Officers said", "Rebels in the Western Mountains": a common noun capitalised by
            // its place is no name. The name search sees it in lower case (so that a name
            // after its preposition stays a modifier); the search for an earlier speaker
            // reads the phrase without it.
            let named_keys: Vec<String> = all_keys.clone();
            let named_words: Vec<(Span, &str)> = if common_first {
                lowered = words[0].1.to_lowercase();
                let mut w = words.clone();
                w[0].1 = lowered.as_str();
                words.remove(0);
                w
            } else {
                words.clone()
            };
            let keys: Vec<String> = words.iter().map(|(_, w)| key(w)).collect();
            let possessive = words
                .iter()
                .any(|(_, w)| w.ends_with("'s") || w.ends_with("’s"));
            if head.class == HeadClass::Pronoun {
                // A pronoun speaks through its antecedent: an earlier speaker, else the last
                // name before it that fits; "you" and a pronoun that finds none name nobody.
                a.speaker = self
                    .referring(&all_keys, possessive, &mentions)
                    .or_else(|| self.name_before(text, source, &all_keys));
                continue;
            }
            let keys_for_referring = if words.is_empty() { &all_keys } else { &keys };
            let mut speaker = if words.is_empty() {
                None
            } else {
                self.named(text, &named_words, &named_keys)
            };
            if let (Some(np), Some(sp)) = (antecedent, speaker.as_mut()) {
                sp.antecedent.get_or_insert(np);
            }
            // "Russia's top diplomat", "the Russian foreign minister": a country word inside a
            // role phrase refers to an earlier speaker when one fits; else the country speaks.
            if speaker
                .as_ref()
                .is_some_and(|s| s.kind == SpeakerKind::Country)
                && keys
                    .iter()
                    .filter(|k| !matches!(k.as_str(), "THE" | "S"))
                    .count()
                    > 1
            {
                if let Some(earlier) = self.referring(keys_for_referring, possessive, &mentions) {
                    speaker = Some(earlier);
                }
            }
            let speaker = speaker.or_else(|| {
                self.referring(keys_for_referring, possessive, &mentions)
                    .or_else(|| {
                        let mut s = anonymous_or_unknown(written, &all_keys)?;
                        if head.class == HeadClass::Agent {
                            s.kind = SpeakerKind::Anonymous;
                        }
                        Some(s)
                    })
            });
            if let Some(sp) = &speaker {
                if sp.antecedent.is_none() && sp.kind != SpeakerKind::Anonymous {
                    let mut role_words: Vec<String> = keys.clone();
                    if let Some(actor) = sp.entity_id.as_deref().and_then(|id| self.table.actor(id))
                    {
                        for alias in &actor.aliases {
                            role_words.extend(key(alias).split(' ').map(str::to_string));
                        }
                    }
                    mentions.push(Mention {
                        speaker: sp.clone(),
                        span: source,
                        role_words,
                    });
                    // Only the last LOOK_BACK are ever looked at: keep memory bounded too.
                    if mentions.len() >= 2 * LOOK_BACK {
                        mentions.drain(..LOOK_BACK);
                    }
                }
            }
            a.speaker = speaker;
        }
    }

    /// The last name before a pronoun at `source` that fits it: a person for "he", "she",
    /// "I"; a body for "it", "they", "we". Looked for in the 600 bytes before it.
    fn name_before(&self, text: &str, source: Span, keys: &[String]) -> Option<Speaker> {
        let k = keys.first()?.as_str();
        // "it" is too often no one ("it has been revealed") to look for a name.
        let person = matches!(k, "HE" | "SHE" | "I" | "HIS" | "HER" | "HIM" | "ME" | "MY");
        let body = matches!(k, "THEY" | "THEIR" | "WE" | "OUR");
        if !person && !body {
            return None;
        }
        let end = source.start as usize;
        let mut from = end.saturating_sub(400);
        while !text.is_char_boundary(from) {
            from += 1;
        }
        let window = &text[from..end];
        for run in name_runs(window).into_iter().rev() {
            let span = Span::new(from + run.span.start as usize, from + run.span.end as usize);
            let words = words(text, span);
            let keys: Vec<String> = words.iter().map(|(_, w)| key(w)).collect();
            // A place or an address ("at Church Ave. and E. 31st St.") is nobody.
            let located = text[..span.start as usize]
                .trim_end()
                .rsplit(|c: char| !c.is_alphanumeric())
                .next()
                .is_some_and(|w| {
                    matches!(
                        w.to_lowercase().as_str(),
                        "at" | "in" | "on" | "from" | "to" | "near" | "of" | "into"
                    )
                });
            if located {
                continue;
            }
            let Some(mut s) = self.named(text, &words, &keys) else {
                continue;
            };
            let fits = if person {
                // A person's name: two words at least, none of them a common noun
                // ("Gordon Advisors") or an abbreviation ("E. 31st St.").
                s.kind == SpeakerKind::Person
                    && s.name.split_whitespace().count() >= 2
                    && s.name.split_whitespace().all(|w| {
                        let k = key(w);
                        !ABBREVIATIONS.contains(&k.as_str())
                            && !speaker::is_agent_noun(w, &self.table)
                            && !w.chars().any(|c| c.is_ascii_digit())
                    })
            } else {
                matches!(
                    s.kind,
                    SpeakerKind::Organisation | SpeakerKind::Group | SpeakerKind::Country
                )
            };
            if fits {
                s.antecedent = Some(span);
                return Some(s);
            }
        }
        None
    }

    /// A source that names someone: capitalised words, titles and role words stripped.
    fn named(&self, text: &str, words: &[(Span, &str)], keys: &[String]) -> Option<Speaker> {
        if let Some(ministry) = self.ministry(text, words, keys) {
            return Some(ministry);
        }
        // The longest run of capitalised words (joined by "of", "al", "bin" and the like).
        let mut best: Option<(usize, usize)> = None;
        let mut i = 0;
        let function_word = |k: &str| {
            DEFINITE.contains(&k)
                || INDEFINITE.contains(&k)
                || PRONOUNS_PERSON.contains(&k)
                || PRONOUNS_GROUP.contains(&k)
                || NOT_NAMES.contains(&k)
                || CALENDAR_WORDS.contains(&k)
        };
        // Words joined by a single space (not "Forces (SDF" or "Forces, Talal"), or by the
        // full stop of an abbreviated title ("Lt. Gen. Sergei Rudskoi").
        let spaced = |a: usize, b: usize| {
            let gap = &text[words[a].0.end as usize..words[b].0.start as usize];
            gap.chars().all(char::is_whitespace)
                || (gap.trim() == "."
                    && (TITLES.contains(&keys[a].as_str())
                        || ABBREVIATIONS.contains(&keys[a].as_str())
                        || (keys[a].len() == 1 && is_capitalised(words[a].1))))
        };
        // "a spokesman for the Raqqa Civil Council": the body speaks.
        if let Some(p) = keys.iter().position(|k| SPEAKS_FOR.contains(&k.as_str())) {
            if matches!(keys.get(p + 1).map(String::as_str), Some("FOR" | "OF")) {
                let mut q = p + 2;
                while q < words.len() && DEFINITE.contains(&keys[q].as_str()) {
                    q += 1;
                }
                // "…, Talal Silo": a person named after the body speaks instead.
                let mut end = q;
                while end + 1 < words.len() && spaced(end, end + 1) {
                    end += 1;
                }
                if q < words.len() && is_name_word(words[q].1) && end + 1 == words.len() {
                    let span = Span::new(words[q].0.start as usize, words[end].0.end as usize);
                    let name = text[span.range()].trim_end_matches([',', '.']);
                    if let Some(actor) = self.table.lookup(name) {
                        return Some(Self::speaker_of(actor));
                    }
                    return Some(Speaker {
                        name: name.to_string(),
                        entity_id: Some(self.unknown_entity(&key(name))),
                        antecedent: None,
                        kind: SpeakerKind::Organisation,
                    });
                }
            }
        }
        // A name after a preposition modifies the speaker ("a spokesman for the coalition",
        // "a source in the ministry", "the coalition against Islamic State"), unless the
        // source is only that.
        let mut after_preposition = false;
        while i < words.len() {
            if i > 0 && !spaced(i - 1, i) {
                // A comma or bracket ends the modifier: "…, Talal Silo".
                after_preposition = false;
            }
            if PREPOSITIONS.contains(&keys[i].as_str()) && i > 0 {
                after_preposition = true;
            }
            // "Department of Corrections spokeswoman Michelle Lyons": a role noun after the
            // modifier introduces the speaker's name.
            if !is_capitalised(words[i].1)
                && PERSON_TITLES.contains(&keys[i].as_str())
                && words.get(i + 1).is_some_and(|(_, w)| is_name_word(w))
            {
                after_preposition = false;
            }
            // "Svanberg, a Swede who …", "Joe Barton, a Texas Republican": a name after an
            // indefinite article describes the speaker, it does not name him.
            if matches!(keys[i].as_str(), "A" | "AN") && i > 0 {
                after_preposition = true;
            }
            if !is_name_word(words[i].1) || function_word(&keys[i]) || after_preposition {
                i += 1;
                continue;
            }
            let mut j = i;
            while j + 1 < words.len()
                && spaced(j, j + 1)
                && (is_name_word(words[j + 1].1)
                    || (j + 2 < words.len()
                        && ["OF", "AL", "BIN", "IBN", "DE", "EL", "VAN", "VON", "ABU"]
                            .contains(&keys[j + 1].as_str())
                        && is_name_word(words[j + 2].1)))
            {
                j += 1;
            }
            // The longest run; of equal ones the last ("Defence Ministry spokesman Igor
            // Konashenkov").
            if best.is_none_or(|(s, e)| j - i >= e - s) {
                best = Some((i, j));
            }
            i = j + 1;
        }
        let (start, end) = best?;
        // A lowercase head noun after the name decides who speaks: "the Kremlin spokesman"
        // speaks for the Kremlin, "the Trump campaign" is an organisation of its own, "the
        // Agency interlocutor" or "Kurdish sources" are anonymous.
        // Only words that follow the name directly: "Bart Stupak, playing on …" is a name
        // and a clause, not a role phrase.
        let head: Vec<&str> = keys[end + 1..]
            .iter()
            .zip(&words[end + 1..])
            .enumerate()
            .take_while(|(n, (_, (_, w)))| !is_capitalised(w) && spaced(end + n, end + n + 1))
            .map(|(_, (k, _))| k.as_str())
            .collect();
        if let Some(&last) = head.last() {
            let stops_here = end + 1 + head.len() == words.len();
            if stops_here && !SPEAKS_FOR.contains(&last) {
                if ORGANISATION_HEADS.contains(&last) {
                    let span = Span::new(
                        words[start].0.start as usize,
                        words[words.len() - 1].0.end as usize,
                    );
                    let name = &text[span.range()];
                    return Some(Speaker {
                        name: name.to_string(),
                        entity_id: Some(self.unknown_entity(&key(name))),
                        antecedent: None,
                        kind: SpeakerKind::Organisation,
                    });
                }
                // A role phrase ("Russia's top diplomat") or an anonymous source: not a name.
                return None;
            }
        }
        let run: Vec<&str> = keys[start..=end].iter().map(String::as_str).collect();
        // "BP Chief Operating Officer Doug Suttles", "City Council Member Jumaane Williams":
        // a title or role noun inside the run, followed by two plain name words or more,
        // introduces the person who speaks.
        let titled = |w: &str| {
            TITLES.contains(&w)
                || self.table.role(w).is_some()
                || speaker::is_agent_noun(w, &self.table)
        };
        if let Some(t) = (0..run.len().saturating_sub(2)).rev().find(|&t| {
            (titled(run[t]) && !looks_like_acronym(words[start + t].1))
                || ABBREVIATIONS.contains(&run[t])
        }) {
            let rest = &run[t + 1..];
            let plain = rest.iter().all(|w| {
                !titled(w)
                    && !ORGANISATION_WORDS.contains(w)
                    && !function_word(w)
                    && !["OF", "AND", "THE"].contains(w)
            });
            if plain && rest.len() >= 2 {
                let span = Span::new(
                    words[start + t + 1].0.start as usize,
                    words[end].0.end as usize,
                );
                let name = &text[span.range()];
                if let Some(actor) = self.table.lookup(name) {
                    return Some(Self::speaker_of(actor));
                }
                return Some(Speaker {
                    name: name.to_string(),
                    entity_id: Some(self.unknown_entity(&key(name))),
                    antecedent: None,
                    kind: SpeakerKind::Person,
                });
            }
        }
        // Whole run, then without leading titles/roles/countries, then its last words.
        for from in 0..run.len() {
            let candidate = run[from..].join(" ");
            if let Some(actor) = self.table.lookup_key(&candidate) {
                return Some(Self::speaker_of(actor));
            }
            let head = run[from];
            let is_title = TITLES.contains(&head)
                || (self.table.role(head).is_some() && !looks_like_acronym(words[start + from].1))
                || self
                    .table
                    .lookup_key(head)
                    .is_some_and(|a| a.kind == SpeakerKind::Country);
            if !is_title {
                break;
            }
        }
        // Strip leading titles, roles and countries for the displayed name.
        let mut from = 0;
        while from < run.len()
            && (TITLES.contains(&run[from])
                || (self.table.role(run[from]).is_some()
                    && !looks_like_acronym(words[start + from].1))
                || self
                    .table
                    .lookup_key(run[from])
                    .is_some_and(|a| a.kind == SpeakerKind::Country))
        {
            from += 1;
        }
        let organisation = run.iter().any(|w| ORGANISATION_WORDS.contains(w));
        if from == run.len() && !organisation {
            // Only titles: "President", "Foreign Minister" — a role phrase, not a name.
            return None;
        }
        let name_start = if organisation { start } else { start + from };
        let span = Span::new(
            words[name_start].0.start as usize,
            words[end].0.end as usize,
        );
        let written = &text[span.range()];
        // An acronym waits for the pile: the names written out there say what it stands for
        // before the table's guess does (`merge_pile`).
        let k = key(written);
        // "Americans", "Republicans": a plural of a nationality or a group noun names a group
        // of people, anonymous, not a person.
        if !k.contains(' ') && !looks_like_acronym(written) {
            let singular = k.strip_suffix('S').unwrap_or(&k);
            let plural = singular.len() < k.len();
            let nationality = self
                .table
                .lookup_key(singular)
                .is_some_and(|a| a.kind == SpeakerKind::Country);
            if plural && (nationality || speaker::is_agent_noun(singular, &self.table)) {
                return Some(Speaker {
                    name: written.to_string(),
                    entity_id: None,
                    antecedent: None,
                    kind: SpeakerKind::Anonymous,
                });
            }
        }
        let kind = if organisation {
            SpeakerKind::Organisation
        } else if looks_like_acronym(written) {
            SpeakerKind::Unknown
        } else {
            SpeakerKind::Person
        };
        Some(Speaker {
            name: written.to_string(),
            entity_id: Some(self.unknown_entity(&k)),
            antecedent: None,
            kind,
        })
    }

    /// A ministry, in any case and word order ("the ministry of defence of Russia",
    /// "Russia's Defence Ministry"), unless a person is named after it ("Defence Ministry
    /// spokesman Igor Konashenkov").
    fn ministry(&self, text: &str, words: &[(Span, &str)], keys: &[String]) -> Option<Speaker> {
        let m = keys.iter().position(|k| k == "MINISTRY")?;
        // "a source in the ministry" is someone in it, not the ministry.
        if keys[..m].iter().any(|k| PREPOSITIONS.contains(&k.as_str())) {
            return None;
        }
        let tail = &keys[m + 1..];
        let ok = tail.is_empty() || (tail[0] == "OF" && tail.len() <= 5);
        // A bare "the ministry" refers back to the ministry named before.
        let bare = keys
            .iter()
            .all(|k| k == "MINISTRY" || DEFINITE.contains(&k.as_str()));
        if !ok || bare {
            return None;
        }
        let first = keys
            .iter()
            .position(|k| !DEFINITE.contains(&k.as_str()))
            .unwrap_or(0);
        let span = Span::new(
            words[first].0.start as usize,
            words[words.len() - 1].0.end as usize,
        );
        let name = &text[span.range()];
        Some(Speaker {
            name: name.to_string(),
            entity_id: Some(self.unknown_entity(&key(name))),
            antecedent: None,
            kind: SpeakerKind::Organisation,
        })
    }

    /// The entity id of a name the table does not know: its loose key, except that a
    /// ministry is its topic words plus its country, in any order ("Russian Defence
    /// Ministry" = "Ministry of Defense of Russia" = `name:ministry-dfns@rus`).
    fn unknown_entity(&self, k: &str) -> String {
        let words: Vec<&str> = k.split(' ').collect();
        if words.contains(&"MINISTRY") {
            let mut country: Option<String> = None;
            let mut topic: Vec<String> = Vec::new();
            for w in &words {
                if matches!(*w, "MINISTRY" | "OF" | "THE" | "AND" | "FOR") {
                    continue;
                }
                match self.table.lookup_key(w) {
                    Some(a) if a.kind == SpeakerKind::Country => {
                        country = Some(a.code.to_lowercase())
                    }
                    _ => topic.push(loose(w).to_lowercase()),
                }
            }
            topic.sort();
            let place = country.map(|c| format!("@{c}")).unwrap_or_default();
            return format!("name:ministry-{}{place}", topic.join("-"));
        }
        format!("name:{}", loose(k).to_lowercase().replace(' ', "-"))
    }

    /// A pronoun or definite role phrase: the most recent fitting named speaker.
    fn referring(
        &self,
        keys: &[String],
        possessive: bool,
        mentions: &[Mention],
    ) -> Option<Speaker> {
        let first = keys.first()?.as_str();
        let mentions = &mentions[mentions.len().saturating_sub(LOOK_BACK)..];
        let pick = |m: &Mention| {
            let mut s = m.speaker.clone();
            s.antecedent = Some(m.span);
            s
        };
        if keys.len() == 1 && PRONOUNS_PERSON.contains(&first) {
            return mentions
                .iter()
                .rev()
                .find(|m| m.speaker.kind == SpeakerKind::Person)
                .map(pick);
        }
        if keys.len() == 1 && PRONOUNS_GROUP.contains(&first) {
            return mentions
                .iter()
                .rev()
                .find(|m| m.speaker.kind != SpeakerKind::Person)
                .map(pick);
        }
        let definite = DEFINITE.contains(&first) || possessive;
        if !definite
            || keys
                .iter()
                .any(|k| INDEFINITE.contains(&k.as_str()) && k != "ONE")
        {
            return None;
        }
        // Role words shared with an earlier speaker (prefix match: RUSSIA ~ RUSSIAN).
        let content: Vec<&str> = keys
            .iter()
            .map(String::as_str)
            .filter(|k| !DEFINITE.contains(k) && *k != "S" && k.len() > 2)
            .collect();
        if content.is_empty() {
            return None;
        }
        let shares = |m: &Mention| {
            content
                .iter()
                .filter(|c| {
                    m.role_words
                        .iter()
                        .any(|r| r.starts_with(*c) || c.starts_with(r.as_str()) && r.len() > 3)
                })
                .count()
        };
        let best = mentions
            .iter()
            .enumerate()
            .rev()
            .map(|(i, m)| (shares(m), i))
            .max_by_key(|&(n, i)| (n, i));
        if let Some((n, i)) = best {
            if n > 0 {
                return Some(pick(&mentions[i]));
            }
        }
        // A role noun for a person ("the diplomat", "the spokesman") takes the last person;
        // an organisation noun ("the ministry") the last organisation.
        let head = *content.last()?;
        if ORGANISATION_WORDS.contains(&head) && head != "MINISTER" {
            // "the coalition", "the US-led coalition": a body of its own, named by its head
            // noun so that every article's "the coalition" meets.
            return Some(Speaker {
                name: format!("the {}", head.to_lowercase()),
                entity_id: Some(format!("name:{}", loose(head).to_lowercase())),
                antecedent: None,
                kind: SpeakerKind::Organisation,
            });
        }
        if self.table.role(head).is_none() && !TITLES.contains(&head) {
            return None;
        }
        mentions
            .iter()
            .rev()
            .find(|m| m.speaker.kind == SpeakerKind::Person)
            .map(pick)
    }

    /// Cross-document merging of the `name:` entities of a pile, in place. `run_keys` are the
    /// keys of the capitalised runs of every document ([`name_runs`], [`run_keys`]), which
    /// acronyms may stand for; only their set matters (not their order or repeats).
    pub fn merge_pile<'a>(
        &self,
        speakers: impl IntoIterator<Item = &'a mut Speaker>,
        run_keys: &[String],
    ) {
        let mut speakers: Vec<&'a mut Speaker> = speakers.into_iter().collect();
        // Full names (two words or more) by the loose key of their last word.
        let mut by_surname: HashMap<String, HashSet<String>> = HashMap::new();
        let mut full: HashMap<String, (String, SpeakerKind)> = HashMap::new();
        for s in speakers.iter() {
            let Some(id) = s.entity_id.as_deref() else {
                continue;
            };
            if s.kind == SpeakerKind::Person {
                let k = key(&s.name);
                if let Some((_, last)) = k.rsplit_once(' ') {
                    by_surname
                        .entry(loose(last))
                        .or_default()
                        .insert(id.to_string());
                    full.insert(id.to_string(), (s.name.clone(), s.kind));
                }
            }
        }
        // Acronyms of the pile's multi-word names.
        let mut expansions: HashMap<String, HashSet<String>> = HashMap::new();
        for k in run_keys {
            for a in acronyms(k) {
                expansions.entry(a).or_default().insert(k.clone());
            }
        }
        for s in speakers.iter_mut() {
            let Some(id) = s.entity_id.clone() else {
                continue;
            };
            if !id.starts_with("name:") {
                continue;
            }
            let k = key(&s.name);
            if !k.contains(' ') && s.kind == SpeakerKind::Person {
                if let Some(ids) = by_surname.get(&loose(&k)) {
                    if ids.len() == 1 {
                        let target = ids.iter().next().expect("one").clone();
                        if target != id {
                            s.name = full[&target].0.clone();
                            s.entity_id = Some(target);
                        }
                    }
                }
                continue;
            }
            if looks_like_acronym(&s.name) {
                let mut options: HashSet<String> = expansions.get(&k).cloned().unwrap_or_default();
                // Same-order translated acronyms of the pile's names (SDS for SDF's name).
                if options.is_empty() {
                    for (acronym, names) in &expansions {
                        if acronym.len() == k.len() && translations_match(acronym, &k) {
                            options.extend(names.iter().cloned());
                        }
                    }
                }
                if options.is_empty() {
                    if let Some(actor) = self.acronym_actor(&s.name) {
                        **s = Self::speaker_of(actor);
                    }
                    continue;
                }
                if options.len() == 1 {
                    let expansion = options.into_iter().next().expect("one");
                    match self.table.lookup_key(&expansion) {
                        Some(actor) => **s = Self::speaker_of(actor),
                        None => {
                            s.entity_id = Some(self.unknown_entity(&expansion));
                            s.name = title_case(&expansion);
                            s.kind = SpeakerKind::Organisation;
                        }
                    }
                }
            }
        }
        // A ministry named without its country ("the Ministry of Defence") is the pile's one
        // ministry of that topic with a country, when there is exactly one.
        let mut with_country: HashMap<String, HashSet<String>> = HashMap::new();
        for s in speakers.iter() {
            if let Some((base, _)) = s.entity_id.as_deref().and_then(|id| id.split_once('@')) {
                with_country
                    .entry(base.to_string())
                    .or_default()
                    .insert(s.entity_id.clone().expect("checked"));
            }
        }
        let names: HashMap<String, String> = speakers
            .iter()
            .filter_map(|s| Some((s.entity_id.clone()?, s.name.clone())))
            .collect();
        // "the Russian ministry" (no topic): the pile's one ministry of that country.
        let mut by_country: HashMap<String, HashSet<String>> = HashMap::new();
        for ids in with_country.values() {
            for id in ids {
                if let Some((base, country)) = id.split_once('@') {
                    if base != "name:ministry-" {
                        by_country
                            .entry(country.to_string())
                            .or_default()
                            .insert(id.clone());
                    }
                }
            }
        }
        for s in speakers.iter_mut() {
            let Some(id) = s.entity_id.clone() else {
                continue;
            };
            if let Some(country) = id.strip_prefix("name:ministry-@") {
                if let Some(ids) = by_country.get(country) {
                    if ids.len() == 1 {
                        let target = ids.iter().next().expect("one").clone();
                        s.name = names[&target].clone();
                        s.entity_id = Some(target);
                    }
                }
                continue;
            }
            if id.starts_with("name:ministry-") && !id.contains('@') {
                if let Some(ids) = with_country.get(&id) {
                    if ids.len() == 1 {
                        let target = ids.iter().next().expect("one").clone();
                        s.name = names[&target].clone();
                        s.entity_id = Some(target);
                    }
                }
            }
        }
    }
}

fn title_case(k: &str) -> String {
    k.split(' ')
        .map(|w| {
            let lower = w.to_lowercase();
            if ["of", "and", "the", "in"].contains(&lower.as_str()) {
                return lower;
            }
            let mut c = lower.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(|c| c.is_uppercase())
}

/// A capitalised word that can be part of a name: not a hyphenated modifier such as
/// "Kurdish-led", "US-backed", "Moscow-based".
fn is_name_word(w: &str) -> bool {
    is_capitalised(w)
        && !w
            .rsplit_once('-')
            .is_some_and(|(_, tail)| tail.chars().next().is_some_and(|c| c.is_lowercase()))
}

fn anonymous_or_unknown(written: &str, keys: &[String]) -> Option<Speaker> {
    if keys.is_empty() {
        return None;
    }
    // "the Agency interlocutor", "Kurdish sources": a common noun heads the phrase.
    let head_is_common_noun = written
        .split_whitespace()
        .last()
        .and_then(|w| w.chars().next())
        .is_some_and(|c| c.is_lowercase());
    let kind = if keys.iter().any(|k| INDEFINITE.contains(&k.as_str()))
        || head_is_common_noun
        || !written.chars().any(|c| c.is_uppercase())
    {
        SpeakerKind::Anonymous
    } else {
        SpeakerKind::Unknown
    };
    Some(Speaker {
        name: written.trim().to_string(),
        entity_id: None,
        antecedent: None,
        kind,
    })
}

/// The distinct keys of a text's capitalised runs ([`name_runs`]), sorted: what
/// [`Resolver::merge_pile`] reads of each document of a pile.
pub fn run_keys(text: &str) -> Vec<String> {
    let mut keys: Vec<String> = name_runs(text).into_iter().map(|r| r.key).collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Capitalised runs of two to six words in a text ("Syrian Democratic Forces"), as keys:
/// what the pile's acronyms may stand for.
pub fn name_runs(text: &str) -> Vec<NameRun> {
    let all = words(text, Span::new(0, text.len()));
    let mut out = Vec::new();
    let mut i = 0;
    while i < all.len() {
        // The key only for a name word (most words are not): it is the costly test.
        if !is_name_word(all[i].1) || looks_like_acronym(all[i].1) || {
            let k = key(all[i].1);
            DEFINITE.contains(&k.as_str()) || k.is_empty()
        } {
            i += 1;
            continue;
        }
        let mut j = i;
        while j + 1 < all.len() {
            let next = all[j + 1].1;
            let gap = &text[all[j].0.end as usize..all[j + 1].0.start as usize];
            let joins = gap == " "
                && (is_name_word(next) && !looks_like_acronym(next)
                    || ["of", "and", "the"].contains(&next));
            if !joins {
                break;
            }
            j += 1;
        }
        // Do not end on a joining word.
        let mut end = j;
        while end > i && !is_capitalised(all[end].1) {
            end -= 1;
        }
        if (1..6).contains(&(end - i)) {
            let span = Span::new(all[i].0.start as usize, all[end].0.end as usize);
            out.push(NameRun {
                span,
                key: key(&text[span.range()]),
            });
        }
        i = j + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rashomon_model::CueClass;

    /// One resolver over the shipped table for all tests of this module.
    fn shipped_resolver() -> &'static Resolver {
        static RESOLVER: std::sync::OnceLock<Resolver> = std::sync::OnceLock::new();
        RESOLVER.get_or_init(|| Resolver::new(Arc::new(Table::shipped())))
    }

    /// Attributions whose sources are the given phrases, in a text made of them.
    fn doc(sources: &[&str]) -> (String, Vec<Attribution>) {
        let mut text = String::new();
        let mut out = Vec::new();
        for s in sources {
            let start = text.len();
            text.push_str(s);
            let end = text.len();
            text.push_str(" said it. ");
            out.push(Attribution {
                source: Some(Span::new(start, end)),
                cue: Span::new(end + 1, end + 5),
                content: vec![Span::new(end + 6, end + 8)],
                cue_class: CueClass::Assert,
                speaker: None,
                via: None,
                direct: false,
            });
        }
        (text, out)
    }

    fn entities(sources: &[&str]) -> Vec<Option<String>> {
        let resolver = shipped_resolver();
        let (text, mut attributions) = doc(sources);
        resolver.resolve_document(&text, &mut attributions);
        resolver.merge_pile(
            attributions.iter_mut().filter_map(|a| a.speaker.as_mut()),
            &run_keys(&text),
        );
        attributions
            .into_iter()
            .map(|a| a.speaker.and_then(|s| s.entity_id))
            .collect()
    }

    fn all_same(ids: &[Option<String>]) {
        assert!(ids[0].is_some(), "{ids:?}");
        assert!(ids.iter().all(|i| i == &ids[0]), "{ids:?}");
    }

    /// A role phrase looks back over the last `LOOK_BACK` named speakers only: a document of
    /// thousands of attributions stays linear.
    #[test]
    fn referring_looks_back_a_bounded_way() {
        let resolver = shipped_resolver();
        let mut sources = vec!["coalition spokesman Ryan Dillon"];
        sources.extend(std::iter::repeat_n("Talal Silo", LOOK_BACK));
        sources.push("the coalition spokesman");
        let (text, mut attributions) = doc(&sources);
        resolver.resolve_document(&text, &mut attributions);
        let last = attributions.last().unwrap().speaker.as_ref().unwrap();
        let first_source = attributions[0].source.unwrap();
        assert_ne!(last.antecedent, Some(first_source), "{last:?}");
        // Within the bound, the shared role words find it.
        let (text, mut attributions) = doc(&[
            "coalition spokesman Ryan Dillon",
            "Talal Silo",
            "the coalition spokesman",
        ]);
        resolver.resolve_document(&text, &mut attributions);
        let last = attributions.last().unwrap().speaker.as_ref().unwrap();
        assert_eq!(last.antecedent, attributions[0].source, "{last:?}");
    }

    #[test]
    fn lavrov_in_every_spelling_and_role() {
        let ids = entities(&[
            "Russian Foreign Minister Sergei Lavrov",
            "Lavrov",
            "Sergey Lavrov",
            "He",
            "Russia's top diplomat",
            "the Russian foreign minister",
        ]);
        all_same(&ids);
        assert_eq!(ids[0].as_deref(), Some("actor:sergey-lavrov"));
    }

    #[test]
    fn islamic_state_in_every_spelling() {
        all_same(&entities(&[
            "ISIS",
            "IS",
            "ISIL",
            "IG",
            "IGIL",
            "Daesh",
            "Islamic State",
            "the Islamic State",
            "DAESH",
        ]));
    }

    #[test]
    fn syrian_democratic_forces_and_acronyms() {
        all_same(&entities(&[
            "The Kurdish-led Syrian Democratic Forces",
            "SDF",
            "SDS",
        ]));
    }

    #[test]
    fn names_after_a_preposition_modify_the_speaker() {
        let resolver = shipped_resolver();
        let (text, mut a) = doc(&[
            "The US-led coalition against Islamic State",
            "A spokesman for the Syrian Democratic Forces, Talal Silo",
            "Syrian Democratic Forces (SDF)",
        ]);
        resolver.resolve_document(&text, &mut a);
        let s: Vec<&Speaker> = a.iter().map(|x| x.speaker.as_ref().unwrap()).collect();
        assert_ne!(
            s[0].entity_id.as_deref(),
            Some("actor:islamic-state"),
            "{:?}",
            s[0]
        );
        assert_eq!(s[1].name, "Talal Silo");
        assert_eq!(s[2].name, "Syrian Democratic Forces");
    }

    #[test]
    fn head_nouns_after_a_name() {
        let resolver = shipped_resolver();
        let (text, mut a) = doc(&[
            "the Agency interlocutor",
            "Kurdish sources",
            "the Trump campaign",
            "the ministry of defence of Russia",
            "Defence Ministry spokesman Igor Konashenkov",
        ]);
        resolver.resolve_document(&text, &mut a);
        let s: Vec<&Speaker> = a.iter().map(|x| x.speaker.as_ref().unwrap()).collect();
        assert_eq!(s[0].kind, SpeakerKind::Anonymous, "{:?}", s[0]);
        assert_eq!(s[1].kind, SpeakerKind::Anonymous, "{:?}", s[1]);
        assert_eq!(
            (s[2].name.as_str(), s[2].kind),
            ("Trump campaign", SpeakerKind::Organisation)
        );
        assert_eq!(s[3].entity_id.as_deref(), Some("name:ministry-dfns@rus"));
        assert_eq!(s[4].name, "Igor Konashenkov");
        let (text, mut a) = doc(&["On 13 October a member of the Raqqa Civil Council"]);
        resolver.resolve_document(&text, &mut a);
        let s0 = a[0].speaker.as_ref().unwrap();
        assert_eq!(s0.kind, SpeakerKind::Anonymous, "{s0:?}");
        let (text, mut a) = doc(&[
            "Lt. Gen. Sergei Rudskoi of the General Staff",
            "a spokesman for the Raqqa Civil Council",
            "a member of the Raqqa Civil Council",
        ]);
        resolver.resolve_document(&text, &mut a);
        let s: Vec<&Speaker> = a.iter().map(|x| x.speaker.as_ref().unwrap()).collect();
        assert_eq!(s[0].name, "Sergei Rudskoi");
        assert_eq!(
            (s[1].name.as_str(), s[1].kind),
            ("Raqqa Civil Council", SpeakerKind::Organisation)
        );
        assert_eq!(s[2].kind, SpeakerKind::Anonymous);
        let (text, mut a) = doc(&[
            "a source in the Russian defense Ministry",
            "the coalition",
            "the US-led coalition",
        ]);
        resolver.resolve_document(&text, &mut a);
        let s: Vec<&Speaker> = a.iter().map(|x| x.speaker.as_ref().unwrap()).collect();
        assert_eq!(s[0].kind, SpeakerKind::Anonymous, "{:?}", s[0]);
        assert_eq!(s[1].kind, SpeakerKind::Organisation);
        assert_eq!(s[1].entity_id, s[2].entity_id);
    }

    /// Attributions over the given (source, cue) pairs of a text.
    fn in_text(text: &str, pairs: &[(&str, &str)]) -> Vec<Attribution> {
        let find = |s: &str| {
            let i = text.find(s).unwrap_or_else(|| panic!("{s:?}"));
            Span::new(i, i + s.len())
        };
        pairs
            .iter()
            .map(|(source, cue)| Attribution {
                source: Some(find(source)),
                cue: find(cue),
                content: Vec::new(),
                cue_class: CueClass::Assert,
                speaker: None,
                via: None,
                direct: false,
            })
            .collect()
    }

    #[test]
    fn sources_that_are_no_speakers_get_none() {
        let resolver = shipped_resolver();
        let text = "A message posted on the site said the firm was closed. Photos showed                     the damage. The report said ten died.";
        let mut a = in_text(
            text,
            &[
                ("A", "said the firm"),
                ("Photos", "showed"),
                ("The report", "said ten"),
            ],
        );
        resolver.resolve_document(text, &mut a);
        assert!(a.iter().all(|x| x.speaker.is_none()), "{a:?}");
        // A statement carries its author.
        let text = "A statement from NHS Greater Glasgow said the patient died.";
        let mut a = in_text(text, &[("A statement from NHS Greater Glasgow", "said")]);
        resolver.resolve_document(text, &mut a);
        assert_eq!(a[0].speaker.as_ref().unwrap().name, "NHS Greater Glasgow");
    }

    #[test]
    fn a_common_noun_opening_the_sentence_keeps_its_modifiers() {
        let resolver = shipped_resolver();
        let text = "Rebels in the Western Mountains said they had shut a pipeline.";
        let mut a = in_text(text, &[("Rebels in the Western Mountains", "said")]);
        resolver.resolve_document(text, &mut a);
        let s = a[0].speaker.as_ref().unwrap();
        assert_eq!(
            (s.name.as_str(), s.kind),
            ("Rebels in the Western Mountains", SpeakerKind::Anonymous)
        );
        let text = "Department of Corrections spokeswoman Michelle Lyons said so.";
        let mut a = in_text(
            text,
            &[(
                "Department of Corrections spokeswoman Michelle Lyons",
                "said",
            )],
        );
        resolver.resolve_document(text, &mut a);
        assert_eq!(a[0].speaker.as_ref().unwrap().name, "Michelle Lyons");
    }

    #[test]
    fn titles_inside_a_name_run_introduce_the_person() {
        let resolver = shipped_resolver();
        let (text, mut a) = doc(&[
            "BP Chief Operating Officer Doug Suttles",
            "City Council Member Jumaane Williams",
            "Treasury Secretary Henry M. Paulson Jr.",
        ]);
        resolver.resolve_document(&text, &mut a);
        let s: Vec<&Speaker> = a.iter().map(|x| x.speaker.as_ref().unwrap()).collect();
        assert_eq!(s[0].name, "Doug Suttles");
        assert_eq!(
            (s[1].name.as_str(), s[1].kind),
            ("Jumaane Williams", SpeakerKind::Person)
        );
        assert_eq!(s[2].name, "Henry M. Paulson Jr");
    }

    #[test]
    fn relative_and_personal_pronouns_find_the_name_before_them() {
        let resolver = shipped_resolver();
        let text = "The talks were led by Sergei Rudskoi, who said the corridor was open.

                    Later Gerry Scherlinck arrived at the scene. He said the man fled.";
        let mut a = in_text(
            text,
            &[("who", "said the corridor"), ("He", "said the man")],
        );
        resolver.resolve_document(text, &mut a);
        let s: Vec<&Speaker> = a.iter().map(|x| x.speaker.as_ref().unwrap()).collect();
        assert_eq!(s[0].name, "Sergei Rudskoi");
        assert!(s[0].antecedent.is_some());
        assert_eq!(s[1].name, "Gerry Scherlinck");
        // Nobody to refer to: no speaker rather than "it".
        let text = "It has been revealed that the king flew.";
        let mut a = in_text(text, &[("It", "has been revealed")]);
        resolver.resolve_document(text, &mut a);
        assert!(a[0].speaker.is_none());
    }

    #[test]
    fn a_town_is_no_speaker_but_a_country_is() {
        use rashomon_model::{PlaceClass, Toponym};
        let resolver = shipped_resolver();
        let text = "Doctors in Paisley will be allowed to test. Paisley said so. Russia said no.";
        let place = |name: &str, class: PlaceClass| Toponym {
            span: {
                let i = text.find(name).unwrap();
                Span::new(i, i + name.len())
            },
            id: 1,
            name: name.to_string(),
            country: "GB".to_string(),
            region: None,
            class,
            lat: 0.0,
            lon: 0.0,
            confidence: 1.0,
        };
        let places = vec![
            place("Paisley", PlaceClass::City),
            place("Russia", PlaceClass::Country),
        ];
        let mut a = in_text(text, &[("Paisley said", "said so"), ("Russia", "said no")]);
        a[0].source = Some(Span::new(44, 51));
        assert_eq!(&text[44..51], "Paisley");
        let context = DocContext {
            paragraphs: &[],
            places: &places,
        };
        resolver.resolve_document_in(text, &mut a, &context);
        assert!(a[0].speaker.is_none(), "{:?}", a[0].speaker);
        assert_eq!(a[1].speaker.as_ref().unwrap().kind, SpeakerKind::Country);
    }

    #[test]
    fn defence_ministry_in_every_word_order() {
        all_same(&entities(&[
            "The Russian Defense Ministry",
            "the Russian ministry",
            "Russia's Ministry of Defence",
            "the ministry",
            "the Ministry of Defence",
            "MoD",
        ]));
    }

    #[test]
    fn unknown_people_merge_by_surname_and_anonymous_sources_stay_anonymous() {
        let resolver = shipped_resolver();
        let (text, mut a) = doc(&["Spokeswoman Haley Morris", "Morris", "a source", "she"]);
        resolver.resolve_document(&text, &mut a);
        resolver.merge_pile(a.iter_mut().filter_map(|x| x.speaker.as_mut()), &[]);
        let s: Vec<&Speaker> = a.iter().map(|x| x.speaker.as_ref().unwrap()).collect();
        assert_eq!(s[0].name, "Haley Morris");
        assert_eq!(s[1].entity_id, s[0].entity_id);
        assert_eq!(s[2].kind, SpeakerKind::Anonymous);
        assert!(s[2].entity_id.is_none());
        assert_eq!(s[3].entity_id, s[0].entity_id);
        assert!(
            s[3].antecedent.is_some(),
            "a pronoun points at its antecedent"
        );
    }
}
