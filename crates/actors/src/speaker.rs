//! What counts as a speaker: the head of an attribution's source phrase and its class.
//!
//! A speaker is a person, an organisation, a group, a role or an anonymous-source phrase ("a
//! source in the ministry"). The tagger's source spans are sometimes none of these: a lone
//! determiner ("A"), a common noun ("fact", "photos", "Planes"), a town ("Paisley"), a noun
//! phrase from inside a quotation. [`judge`] finds the head word of a source phrase and sorts
//! it into a [`HeadClass`] from general signals only, never from a list of bad strings:
//!
//! - **The head**: the first comma-separated part of the phrase, without leading determiners
//!   and possessive markers, up to a preposition (unless it joins two capitalised words, as
//!   in "Ministry of Interior"), a relative pronoun or a sentence adverb ("then",
//!   "meanwhile", "-ly"). Quantity nouns are transparent: "55 percent of voters" is headed by
//!   "voters".
//! - **Names** by capitalisation, with the sentence's first word held to a stricter test: it
//!   is a name only when the document also capitalises it inside a sentence, the actor table
//!   knows it, or another capitalised word follows it ("Officers said" is a common noun,
//!   "Scherlinck said" a name when "Gerry Scherlinck" appears elsewhere).
//! - **Places**: a name that the document's place layer found as a town, district, region or
//!   area is not a speaker; countries and capitals are ("Moscow said").
//! - **Agents**: role nouns of the actor table (Phoenix agents, plurals included), the
//!   general classes of person, group and organisation nouns below, and agent-noun morphology
//!   (-man, -woman, -person, -ist, -ian).
//! - **Artefacts** (report, statement, poll, video) speak through their author: "a BP
//!   statement", "a statement from NHS Greater Glasgow" name one; "the report" names nobody.
//! - **Pronouns** are speakers when they resolve to an antecedent; relative pronouns,
//!   determiners, quantifiers and other common nouns are fragments.
//!
//! A source inside a quotation (opened before it in its paragraph and not closed) or inside
//! its own attribution's content is a fragment of what is said, whatever its head.

use std::collections::HashSet;

use rashomon_model::{Attribution, PlaceClass, Span, Toponym};

use crate::names::{key, words};
use crate::table::Table;

/// What a document offers the speaker test besides its text.
#[derive(Debug, Clone, Copy, Default)]
pub struct DocContext<'a> {
    /// Paragraph spans, sorted: where a quotation's state is reset.
    pub paragraphs: &'a [Span],
    /// The place layer, sorted by start.
    pub places: &'a [Toponym],
}

/// The class of a source phrase's head word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadClass {
    /// A capitalised name: a person, an organisation, a country.
    Name,
    /// A personal pronoun: a speaker when it has an antecedent.
    Pronoun,
    /// A role, group, organisation or anonymous-source noun ("spokesman", "officials",
    /// "police", "sources").
    Agent,
    /// A document or recording; a speaker only through a name it carries.
    Artefact,
    /// A town, district, region or area.
    Place,
    /// Anything else: a determiner, a relative pronoun, a common noun, a verb.
    Fragment,
}

/// A source phrase judged.
#[derive(Debug, Clone, PartialEq)]
pub struct Head {
    /// The head word.
    pub span: Span,
    pub class: HeadClass,
    /// The speaker phrase: the source without what follows a relative pronoun, a sentence
    /// adverb or the first comma ("Police at first" → "Police"; "a woman who identified
    /// herself as …" → "a woman").
    pub phrase: Span,
    /// The phrase's first word is a common word capitalised because it opens the sentence.
    pub common_first: bool,
    /// For an artefact, the name it carries ("a BP statement" → "BP").
    pub author: Option<Span>,
}

impl Head {
    /// Whether the phrase can be a speaker (a pronoun still needs its antecedent).
    pub fn is_speaker(&self) -> bool {
        match self.class {
            HeadClass::Name | HeadClass::Pronoun | HeadClass::Agent => true,
            HeadClass::Artefact => self.author.is_some(),
            HeadClass::Place | HeadClass::Fragment => false,
        }
    }
}

const PRONOUNS: &[&str] = &[
    "he", "she", "they", "we", "i", "you", "it", "him", "her", "them", "us", "me", "his", "their",
    "its", "our", "my", "your",
];
/// Quantifier pronouns that stand for people on their own ("Others said", "Some warned"):
/// anonymous groups. Numerals and articles on their own are fragments.
const PEOPLE_QUANTIFIERS: &[&str] = &[
    "others",
    "some",
    "many",
    "those",
    "both",
    "most",
    "few",
    "several",
    "everyone",
    "anyone",
    "someone",
    "somebody",
    "everybody",
    "nobody",
    "none",
    "all",
];
/// Quantity nouns that stand for a share of people on their own ("Twenty-four percent
/// said").
const SHARES: &[&str] = &[
    "percent",
    "majority",
    "minority",
    "half",
    "third",
    "thirds",
    "quarter",
    "plurality",
];
const RELATIVES: &[&str] = &["who", "whom", "whose", "which", "that", "what"];
/// Words that stand before a head and are never one: determiners, quantifiers, numbers.
const DETERMINERS: &[&str] = &[
    "a",
    "an",
    "the",
    "this",
    "that",
    "these",
    "those",
    "some",
    "any",
    "many",
    "several",
    "other",
    "others",
    "another",
    "both",
    "all",
    "each",
    "every",
    "few",
    "most",
    "more",
    "much",
    "no",
    "none",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "dozens",
    "hundreds",
    "thousands",
    "his",
    "her",
    "its",
    "their",
    "our",
    "my",
    "your",
    "and",
    "but",
    "or",
    "so",
    "also",
    "even",
    "only",
    "just",
    "nobody",
    "someone",
    "somebody",
    "anyone",
    "everyone",
    "everybody",
];
/// Quantity nouns: the head is the noun after their "of" ("55 percent of voters").
const QUANTITIES: &[&str] = &[
    "percent",
    "per",
    "majority",
    "minority",
    "half",
    "third",
    "thirds",
    "quarter",
    "number",
    "dozens",
    "hundreds",
    "thousands",
    "millions",
    "most",
    "many",
    "some",
    "all",
    "none",
    "one",
    "two",
    "three",
    "several",
    "few",
    "each",
    "both",
    "any",
    "rest",
    "lot",
    "lots",
];
const PREPOSITIONS: &[&str] = &[
    "of", "for", "in", "at", "from", "with", "by", "on", "to", "close", "familiar", "inside",
    "within", "among", "near", "under", "over", "about", "after", "before", "during", "as",
];
/// Sentence adverbs that end a source phrase ("Police at first", "LaCalamita then").
const ADVERBS: &[&str] = &[
    "then",
    "meanwhile",
    "also",
    "now",
    "too",
    "already",
    "still",
    "later",
    "earlier",
    "today",
    "yesterday",
    "tonight",
    "again",
    "however",
    "though",
    "instead",
    "previously",
    "once",
];
/// Words that make a preposition an adverbial, not the start of a modifier ("Police at
/// first").
const SET_PHRASES: &[&str] = &[
    "first", "least", "last", "once", "turn", "fact", "times", "length", "present", "large", "all",
    "now", "least",
];
/// Nouns for people and groups of people that neither the actor table's roles nor the
/// agent-noun endings cover: the general vocabulary of who speaks in news.
const PERSON_NOUNS: &[&str] = &[
    "academic",
    "activist",
    "actor",
    "actress",
    "administration",
    "adviser",
    "advisor",
    "agency",
    "agent",
    "aide",
    "allies",
    "ally",
    "ambassador",
    "analyst",
    "anchor",
    "appointee",
    "army",
    "assembly",
    "attendee",
    "attorney",
    "audience",
    "auditor",
    "aunt",
    "author",
    "authorities",
    "backer",
    "bank",
    "banker",
    "blogger",
    "board",
    "boss",
    "boy",
    "brigade",
    "broadcaster",
    "broker",
    "brother",
    "bureau",
    "bystander",
    "cabinet",
    "camp",
    "campaign",
    "candidate",
    "celebrity",
    "center",
    "centre",
    "chairman",
    "channel",
    "chief",
    "child",
    "children",
    "citizen",
    "clerk",
    "coalition",
    "colleague",
    "columnist",
    "command",
    "commander",
    "commentator",
    "commission",
    "committee",
    "community",
    "company",
    "congress",
    "conservative",
    "constituent",
    "consultant",
    "contact",
    "cop",
    "cops",
    "coroner",
    "corporation",
    "correspondent",
    "council",
    "counsel",
    "counterpart",
    "court",
    "cousin",
    "critic",
    "crowd",
    "customer",
    "daily",
    "daughter",
    "dealer",
    "defendant",
    "defender",
    "delegate",
    "delegation",
    "democrat",
    "demonstrator",
    "department",
    "detainee",
    "diplomat",
    "director",
    "doctor",
    "donor",
    "driver",
    "economist",
    "editor",
    "elector",
    "embassy",
    "employee",
    "engineer",
    "envoy",
    "epidemiologist",
    "establishment",
    "examiner",
    "executive",
    "expert",
    "eyewitness",
    "family",
    "fan",
    "farmer",
    "father",
    "fighter",
    "firefighter",
    "firm",
    "force",
    "forces",
    "friend",
    "front-runner",
    "frontrunner",
    "geologist",
    "girl",
    "government",
    "governor",
    "graduate",
    "group",
    "guard",
    "head",
    "headquarters",
    "historian",
    "hospital",
    "host",
    "husband",
    "independent",
    "insider",
    "insiders",
    "inspector",
    "institute",
    "interlocutor",
    "investigator",
    "investor",
    "journalist",
    "judge",
    "jury",
    "lawmaker",
    "lawyer",
    "leader",
    "leadership",
    "legislator",
    "liberal",
    "listener",
    "local",
    "man",
    "manager",
    "mayor",
    "media",
    "mediator",
    "medic",
    "member",
    "men",
    "militant",
    "military",
    "militia",
    "minister",
    "ministry",
    "mission",
    "moderate",
    "mogul",
    "monitor",
    "mother",
    "mourner",
    "movement",
    "narrator",
    "navy",
    "negotiator",
    "neighbor",
    "neighbour",
    "network",
    "newspaper",
    "nominee",
    "nurse",
    "observer",
    "office",
    "officer",
    "official",
    "operative",
    "opponent",
    "organisation",
    "organiser",
    "organization",
    "organizer",
    "outlet",
    "owner",
    "panel",
    "paper",
    "paramedic",
    "parent",
    "parliament",
    "participant",
    "partner",
    "party",
    "passenger",
    "patient",
    "people",
    "person",
    "physician",
    "pilot",
    "plaintiff",
    "police",
    "politician",
    "pollster",
    "president",
    "press",
    "professor",
    "progressive",
    "prosecutor",
    "protester",
    "protestor",
    "public",
    "reader",
    "rebel",
    "receptionist",
    "refugee",
    "regime",
    "regulator",
    "relative",
    "reporter",
    "representative",
    "republican",
    "rescuer",
    "researcher",
    "resident",
    "residents",
    "retiree",
    "rival",
    "school",
    "scientist",
    "secretary",
    "seismologist",
    "senate",
    "senator",
    "service",
    "sheriff",
    "side",
    "sister",
    "soldier",
    "somebody",
    "someone",
    "son",
    "source",
    "speaker",
    "spokesman",
    "spokesperson",
    "spokeswoman",
    "staff",
    "star",
    "station",
    "strategist",
    "student",
    "supporter",
    "survivor",
    "suspect",
    "tabloid",
    "teacher",
    "team",
    "trader",
    "troops",
    "trustee",
    "uncle",
    "undersheriff",
    "union",
    "unit",
    "university",
    "user",
    "victim",
    "viewer",
    "villager",
    "virologist",
    "volunteer",
    "voter",
    "website",
    "wife",
    "witness",
    "woman",
    "women",
    "worker",
    "writer",
];
/// Documents and recordings: they speak through an author they name.
const ARTEFACTS: &[&str] = &[
    "account",
    "ad",
    "advertisement",
    "analysis",
    "article",
    "assessment",
    "audit",
    "autopsy",
    "banner",
    "book",
    "broadcast",
    "bulletin",
    "chart",
    "communique",
    "data",
    "declaration",
    "document",
    "e-mail",
    "editorial",
    "email",
    "estimate",
    "figures",
    "filing",
    "findings",
    "footage",
    "graph",
    "image",
    "leaflet",
    "letter",
    "map",
    "memo",
    "message",
    "note",
    "notice",
    "page",
    "pamphlet",
    "photo",
    "picture",
    "poll",
    "post",
    "record",
    "recording",
    "records",
    "release",
    "report",
    "research",
    "results",
    "review",
    "sign",
    "site",
    "statement",
    "story",
    "study",
    "survey",
    "testimony",
    "transcript",
    "tweet",
    "video",
    "website",
];

/// A word that ends a speaker phrase: a relative pronoun or a sentence adverb (lowercase:
/// "Kelly" is a name).
fn ends_phrase(w: &str) -> bool {
    let l = lower(w);
    !is_capitalised(w)
        && (RELATIVES.contains(&l.as_str())
            || ADVERBS.contains(&l.as_str())
            || (l.len() > 4
                && l.ends_with("ly")
                && PERSON_NOUNS.binary_search(&l.as_str()).is_err()))
}

fn lower(w: &str) -> String {
    w.to_lowercase().replace('’', "'")
}

fn is_capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// A name word: capitalised (not a hyphenated modifier such as "US-backed"), or a lowercase
/// particle joined to a capitalised name ("al-Midana", "ez-Zor").
fn is_name_word(w: &str) -> bool {
    if is_capitalised(w) {
        return !w
            .rsplit_once('-')
            .is_some_and(|(_, tail)| tail.chars().next().is_some_and(char::is_lowercase));
    }
    w.split_once('-')
        .is_some_and(|(head, tail)| head.len() <= 3 && is_capitalised(tail))
}

/// The singular of a plural noun, crudely: enough to look nouns up in the classes.
fn singulars(k: &str) -> Vec<String> {
    let mut out = vec![k.to_string()];
    if let Some(s) = k.strip_suffix("ies") {
        out.push(format!("{s}y"));
    }
    if let Some(s) = k.strip_suffix("es") {
        out.push(s.to_string());
    }
    if let Some(s) = k.strip_suffix('s') {
        out.push(s.to_string());
    }
    if let Some(s) = k.strip_suffix("men") {
        out.push(format!("{s}man"));
    }
    out
}

/// Whether a lowercase noun names a person, a group or an organisation.
pub fn is_agent_noun(k: &str, table: &Table) -> bool {
    let k = lower(k);
    if k.len() < 2 {
        return false;
    }
    let forms = singulars(&k);
    if forms
        .iter()
        .any(|f| PERSON_NOUNS.binary_search(&f.as_str()).is_ok())
    {
        return true;
    }
    // Agent-noun endings: spokesman, chairwoman, analyst, physician.
    let agentive = forms.iter().any(|f| {
        ["man", "woman", "person", "ist", "ian"]
            .iter()
            .any(|e| f.len() > e.len() + 2 && f.ends_with(e))
    });
    if agentive && !forms.iter().any(|f| is_artefact_noun(f)) {
        return true;
    }
    table.role(&key(&k)).is_some()
}

fn is_artefact_noun(k: &str) -> bool {
    singulars(&lower(k))
        .iter()
        .any(|f| ARTEFACTS.binary_search(&f.as_str()).is_ok())
}

/// Whether the word at `at` opens its sentence: nothing but spaces, opening quotation marks
/// and brackets between it and the text's start or a sentence's end.
pub fn opens_sentence(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end_matches(|c: char| {
        (c.is_whitespace() && c != '\n')
            || matches!(c, '"' | '“' | '‘' | '\'' | '`' | '(' | '[' | '«' | '-')
    });
    // A line break opens a sentence too: a headline ends without a full stop.
    before.is_empty()
        || before.ends_with(['.', '!', '?', ':', ';', '\n', '”', '»'])
        || before.ends_with("''")
}

/// Capitalised words that a document writes inside its sentences (not at their start): the
/// document's own evidence of what its names are.
///
/// Lines in title case (headlines, captions: most of their words capitalised) are no
/// evidence and are passed over.
pub fn names_inside_sentences(text: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let span = Span::new(offset, offset + line.len());
        offset += line.len();
        let w = words(text, span);
        let capitalised = w.iter().filter(|(_, x)| is_capitalised(x)).count();
        if w.len() >= 5 && capitalised * 5 >= w.len() * 3 {
            continue;
        }
        out.extend(
            w.into_iter()
                .filter(|(s, x)| is_capitalised(x) && !opens_sentence(text, s.start as usize))
                .map(|(_, x)| x.trim_end_matches(['.']).to_string()),
        );
    }
    out
}

/// How far back [`inside_quotation`] reads: a quotation opened further back is taken as
/// closed. Bounded so that a megabyte paragraph with thousands of attributions stays linear.
const QUOTE_WINDOW: usize = 2048;

/// Whether `at` lies inside a quotation opened earlier in its paragraph (within
/// [`QUOTE_WINDOW`] bytes).
pub fn inside_quotation(text: &str, paragraphs: &[Span], at: usize) -> bool {
    let mut floor = at.saturating_sub(QUOTE_WINDOW);
    while !text.is_char_boundary(floor) {
        floor += 1;
    }
    let k = paragraphs.partition_point(|p| (p.end as usize) <= at);
    let start = paragraphs
        .get(k)
        .filter(|p| (p.start as usize) <= at)
        .map_or_else(
            || {
                text[floor..at]
                    .rfind("\n\n")
                    .map_or(floor, |i| floor + i + 2)
            },
            |p| p.start as usize,
        )
        .max(floor);
    // Bytes, not characters: “ ” « » are E2 80 9C, E2 80 9D, C2 AB, C2 BB in UTF-8.
    let bytes = &text.as_bytes()[start..at];
    let mut inside = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => inside = !inside,
            b'`' if bytes.get(i + 1) == Some(&b'`') => {
                inside = true;
                i += 1;
            }
            b'\'' if bytes.get(i + 1) == Some(&b'\'') => {
                inside = false;
                i += 1;
            }
            0xE2 if bytes.get(i + 1) == Some(&0x80) => match bytes.get(i + 2) {
                Some(0x9C) => inside = true,
                Some(0x9D) => inside = false,
                _ => {}
            },
            0xC2 => match bytes.get(i + 1) {
                Some(0xAB) => inside = true,
                Some(0xBB) => inside = false,
                _ => {}
            },
            _ => {}
        }
        i += 1;
    }
    inside
}

/// The phrase a relative pronoun source stands for: "…, said Rahm Emanuel, the chief of
/// staff, who …" → "Rahm Emanuel"; "the report, which …" → "the report". The nearest name run
/// or agent noun (with its determiners and modifiers) before it in its sentence, skipping an
/// apposition between commas.
pub fn relative_antecedent(text: &str, source: Span, table: &Table) -> Option<Span> {
    let w = words(text, source);
    // Lowercase: "WHO" is an organisation.
    if w.len() != 1 || !w[0].1.starts_with(char::is_lowercase) || !RELATIVES.contains(&w[0].1) {
        return None;
    }
    let start = source.start as usize;
    let mut from = start.saturating_sub(300);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    // Back to the sentence's start at most.
    let window = &text[from..start];
    let cut = window
        .rfind(['.', '!', '?', '\n', ';', ':'])
        .map_or(from, |i| from + i + 1);
    let before = words(text, Span::new(cut, start));
    // The last word that can head a speaker phrase.
    let mut k = before.len();
    while k > 0 {
        let (_, w) = before[k - 1];
        let l = lower(w);
        if is_name_word(w)
            || is_agent_noun(&l, table)
            || is_artefact_noun(&l)
            || (PRONOUNS.contains(&l.as_str()) && !l.ends_with('s'))
        {
            break;
        }
        // "the chief of staff" is fine, a verb or object in between is not: a relative
        // clause follows its antecedent closely.
        if before.len() - k >= 4 {
            return None;
        }
        k -= 1;
    }
    if k == 0 {
        return None;
    }
    let end = k - 1;
    let mut s = end;
    let spaced = |x: usize, y: usize| {
        text[before[x].0.end as usize..before[y].0.start as usize]
            .chars()
            .all(char::is_whitespace)
    };
    if is_name_word(before[end].1) {
        while s > 0 && is_name_word(before[s - 1].1) && spaced(s - 1, s) {
            s -= 1;
        }
    } else {
        while s > 0 && spaced(s - 1, s) && {
            let l = lower(before[s - 1].1);
            !PREPOSITIONS.contains(&l.as_str())
                && !RELATIVES.contains(&l.as_str())
                && !l.ends_with("ed")
                && (DETERMINERS.contains(&l.as_str())
                    || is_name_word(before[s - 1].1)
                    || is_agent_noun(&l, table)
                    || l.len() > 2)
                && s + 4 > end
        } {
            s -= 1;
        }
    }
    Some(Span::new(
        before[s].0.start as usize,
        before[end].0.end as usize,
    ))
}

/// Judges an attribution's source phrase (`None` without a source). `known_name` says
/// whether a capitalised word is a name on evidence outside the phrase: the document writes
/// it capitalised inside a sentence ([`names_inside_sentences`]) or the actor table knows it.
pub fn judge(
    text: &str,
    a: &Attribution,
    table: &Table,
    context: &DocContext<'_>,
    known_name: &dyn Fn(&str) -> bool,
) -> Option<Head> {
    let source = a.source?;
    let all = words(text, source);
    if all.is_empty() {
        return None;
    }
    let fragment = |span: Span| Head {
        span,
        class: HeadClass::Fragment,
        phrase: span,
        common_first: false,
        author: None,
    };
    // Inside a quotation, or inside what its own attribution says: part of the content.
    if inside_quotation(text, context.paragraphs, source.start as usize)
        || a.content.iter().any(|c| c.overlaps(source))
    {
        return Some(fragment(source));
    }
    // The first part, up to a comma, bracket or dash.
    let mut end = all.len();
    for i in 1..all.len() {
        let gap = &text[all[i - 1].0.end as usize..all[i].0.start as usize];
        if gap.contains([',', '(', ')', ';', ':', '—', '–']) || gap.contains(" - ") {
            end = i;
            break;
        }
    }
    let seg = &all[..end];
    let lows: Vec<String> = seg.iter().map(|(_, w)| lower(w)).collect();
    let first_opens = opens_sentence(text, seg[0].0.start as usize);
    // The sentence's first word is a name only on evidence.
    let first_is_name = |w: &str| {
        let bare = w.trim_end_matches('.');
        known_name(bare)
            || crate::names::looks_like_acronym(bare)
            || (seg.len() > 1 && is_name_word(seg[1].1))
    };
    let common_first = first_opens && is_capitalised(seg[0].1) && !first_is_name(seg[0].1);
    let name_at = |i: usize| {
        is_name_word(seg[i].1)
            && !(i == 0 && common_first)
            && !DETERMINERS.contains(&lows[i].as_str())
            // An all-capital word longer than an acronym at a sentence's start is a shout
            // ("REVENGE:"), not a name.
            && !(i == 0
                && first_opens
                && seg[i].1.len() > 5
                && seg[i].1.chars().all(|c| !c.is_lowercase()))
    };
    // Walk to the head.
    let mut head: Option<usize> = None;
    // "A majority of those who": the quantity heads when nothing after its "of" does.
    let mut quantity_head: Option<usize> = None;
    let mut i = 0;
    while i < seg.len() {
        let l = lows[i].as_str();
        // Possessive marker of a tokenised text ("BP 's chairman").
        if l == "s" && i > 0 {
            i += 1;
            continue;
        }
        if i > 0 && ends_phrase(seg[i].1) {
            break;
        }
        if PREPOSITIONS.contains(&l) && i > 0 {
            // Name-internal "of": "Ministry of Interior", "University of Alabama".
            let joins = l == "of" && name_at(i - 1) && i + 1 < seg.len() && name_at(i + 1);
            let quantity = l == "of"
                && head.is_none_or(|h| QUANTITIES.contains(&lows[h].as_str()))
                && i + 1 < seg.len();
            if quantity {
                quantity_head = head.or(quantity_head);
                head = None;
                i += 1;
                continue;
            }
            if !joins {
                break;
            }
            i += 1;
            continue;
        }
        if !DETERMINERS.contains(&l)
            || QUANTITIES.contains(&l)
            || head.is_some()
            || (seg.len() == 1 && (PRONOUNS.contains(&l) || PEOPLE_QUANTIFIERS.contains(&l)))
        {
            head = Some(i);
        }
        i += 1;
    }
    // The phrase runs over commas (an apposition may name the speaker: "a spokesman for
    // the SDF, Talal Silo") to a relative pronoun or a sentence adverb.
    let phrase_end = (1..all.len())
        .find(|&i| {
            ends_phrase(all[i].1)
                || (PREPOSITIONS.contains(&lower(all[i].1).as_str())
                    && all
                        .get(i + 1)
                        .is_some_and(|(_, w)| SET_PHRASES.contains(&lower(w).as_str())))
        })
        .unwrap_or(all.len());
    // A coordination names its last conjunct as the head's phrase ("Scotland and health
    // officials", "and witnesses"), unless "and" joins a name ("Health and Human Services").
    let phrase_start = head
        .and_then(|h| {
            (0..h).rev().find(|&j| {
                matches!(lows[j].as_str(), "and" | "or" | "but")
                    && (j == 0 || ((0..j).any(&name_at) && !name_at(j + 1)))
            })
        })
        .map_or(0, |j| j + 1);
    let phrase = Span::new(
        all[phrase_start].0.start as usize,
        all[phrase_end.max(phrase_start + 1) - 1].0.end as usize,
    );
    let Some(h) = head.or(quantity_head) else {
        return Some(Head {
            phrase,
            ..fragment(seg[0].0)
        });
    };
    // An acronym ("WHO", "US", "IT") is a name, whatever word it spells.
    let acronym = seg[h].1.len() >= 2 && crate::names::looks_like_acronym(seg[h].1);
    let l = if acronym { "" } else { lows[h].as_str() };
    let head_span = seg[h].0;
    let make = |class: HeadClass, author: Option<Span>| Head {
        span: head_span,
        class,
        phrase,
        common_first,
        author,
    };
    if PRONOUNS.contains(&l) && h == 0 {
        return Some(make(HeadClass::Pronoun, None));
    }
    // "Others said", "Many in the community contest …" ("of" is the quantity's own: "both
    // of whom" names no one, "some of the residents" is headed by "residents").
    let alone =
        h + 1 == seg.len() || (PREPOSITIONS.contains(&lows[h + 1].as_str()) && lows[h + 1] != "of");
    if alone && PEOPLE_QUANTIFIERS.contains(&l) {
        return Some(make(HeadClass::Agent, None));
    }
    if SHARES
        .iter()
        .any(|q| l == *q || l.ends_with(&format!("-{q}")))
    {
        return Some(make(HeadClass::Agent, None));
    }
    if RELATIVES.contains(&l) || DETERMINERS.contains(&l) || QUANTITIES.contains(&l) {
        return Some(make(HeadClass::Fragment, None));
    }
    if acronym {
        return Some(make(HeadClass::Name, None));
    }
    // An abbreviation alone ("St.", "Ave.") names nobody.
    let abbreviated = seg.len() == 1
        && seg[h].1.chars().count() <= 3
        && text[head_span.end as usize..].starts_with('.');
    if name_at(h) && !abbreviated {
        // The capitalised run around the head.
        let mut s = h;
        while s > 0 && (name_at(s - 1) || (lows[s - 1] == "of" && s >= 2 && name_at(s - 2))) {
            s -= 1;
        }
        let run = Span::new(seg[s].0.start as usize, head_span.end as usize);
        let written = &text[run.range()];
        // The place layer found it here, or found the same name elsewhere in the document
        // (the finder passes over a sentence's ambiguous first word). Only the first places
        // are compared by name: a bounded look-up whatever the document's length.
        let k = context.places.partition_point(|p| p.span.start < run.start);
        let place = context.places[k.saturating_sub(1)..]
            .iter()
            .take(3)
            .find(|p| p.span.start <= run.start && p.span.end >= run.end)
            .or_else(|| {
                context
                    .places
                    .iter()
                    .take(256)
                    .find(|p| text.get(p.span.range()) == Some(written))
            });
        // The whole capitalised run is the place ("Troy Police Chief Charles Craft" is not
        // "Troy"); countries and capitals speak for their states ("Moscow said").
        if let Some(p) = place {
            if !matches!(p.class, PlaceClass::Country | PlaceClass::Capital) {
                return Some(make(HeadClass::Place, None));
            }
        }
        return Some(make(HeadClass::Name, None));
    }
    if is_artefact_noun(l) {
        // Its author: a name before the head ("a BP statement") or after by/from/of.
        let spaced = |x: usize, y: usize| {
            text[all[x].0.end as usize..all[y].0.start as usize]
                .chars()
                .all(char::is_whitespace)
        };
        let before = (0..h).rev().find(|&j| name_at(j)).map(|j| {
            let mut s = j;
            while s > 0 && name_at(s - 1) && spaced(s - 1, s) {
                s -= 1;
            }
            Span::new(seg[s].0.start as usize, seg[j].0.end as usize)
        });
        let after = (h + 1..all.len())
            .find(|&j| matches!(lower(all[j].1).as_str(), "by" | "from" | "of"))
            .and_then(|j| (j + 1..all.len()).find(|&m| is_name_word(all[m].1)))
            .map(|m| {
                let mut e = m;
                while e + 1 < all.len() && is_name_word(all[e + 1].1) && spaced(e, e + 1) {
                    e += 1;
                }
                Span::new(all[m].0.start as usize, all[e].0.end as usize)
            });
        let author = before.or(after);
        return Some(make(HeadClass::Artefact, author));
    }
    if is_agent_noun(l, table) {
        return Some(make(HeadClass::Agent, None));
    }
    Some(make(HeadClass::Fragment, None))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rashomon_model::CueClass;

    fn table() -> &'static Table {
        static TABLE: std::sync::OnceLock<Table> = std::sync::OnceLock::new();
        TABLE.get_or_init(Table::shipped)
    }

    /// Judges `source` in `text` (its last occurrence).
    fn judged(text: &str, source: &str) -> Head {
        let s = text.rfind(source).unwrap();
        let a = Attribution {
            source: Some(Span::new(s, s + source.len())),
            cue: Span::new(s + source.len(), s + source.len()),
            content: Vec::new(),
            cue_class: CueClass::Assert,
            speaker: None,
            via: None,
            direct: false,
        };
        let names = names_inside_sentences(text);
        judge(text, &a, table(), &DocContext::default(), &|w| {
            names.contains(w)
        })
        .unwrap()
    }

    /// The word classes are looked up by binary search.
    #[test]
    fn word_classes_are_sorted() {
        for list in [PERSON_NOUNS, ARTEFACTS] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
    }

    #[test]
    fn people_roles_groups_and_anonymous_sources_are_speakers() {
        for (text, source, class) in [
            ("Talal Silo said it.", "Talal Silo", HeadClass::Name),
            (
                "It was, said a source in the ministry.",
                "a source in the ministry",
                HeadClass::Agent,
            ),
            (
                "Kurdish officials said so.",
                "Kurdish officials",
                HeadClass::Agent,
            ),
            ("Then the police said so.", "the police", HeadClass::Agent),
            (
                "Then the coalition spokesman said so.",
                "the coalition spokesman",
                HeadClass::Agent,
            ),
            ("Officers said so.", "Officers", HeadClass::Agent),
            ("Witnesses told us.", "Witnesses", HeadClass::Agent),
            (
                "Then 55 percent of voters said no.",
                "55 percent of voters",
                HeadClass::Agent,
            ),
            ("Then he said no.", "he", HeadClass::Pronoun),
            (
                "It was, said the Gaza Ministry of Interior.",
                "the Gaza Ministry of Interior",
                HeadClass::Name,
            ),
            (
                "It was, said spokesman Muhammad al-Midana.",
                "spokesman Muhammad al-Midana",
                HeadClass::Name,
            ),
            ("Then economists said no.", "economists", HeadClass::Agent),
            (
                "Then a virologist said no.",
                "a virologist",
                HeadClass::Agent,
            ),
            (
                "Many in the community contest it.",
                "Many in the community",
                HeadClass::Agent,
            ),
            ("Others said no.", "Others", HeadClass::Agent),
            (
                "Then some of the residents said no.",
                "some of the residents",
                HeadClass::Agent,
            ),
        ] {
            let h = judged(text, source);
            assert_eq!(h.class, class, "{source}: {h:?}");
            assert!(h.is_speaker(), "{source}");
        }
    }

    #[test]
    fn fragments_artefacts_and_places_are_not() {
        for (text, source) in [
            ("A message posted on the site said so.", "A"),
            ("The fact is, as the fact says.", "fact"),
            ("Then photos showed the damage.", "photos"),
            ("Planes flew over.", "Planes"),
            ("Pamphlets announced a march.", "Pamphlets"),
            ("Views expressed in it are his.", "Views"),
            ("REVENGE: 'Any son of a bitch' he said.", "REVENGE"),
            ("The report said so.", "The report"),
            ("It rose, three counts of it said.", "three"),
            ("Then who said so.", "who"),
            ("Two men, both of whom had fired, left.", "both of whom"),
        ] {
            let h = judged(text, source);
            assert!(!h.is_speaker(), "{source}: {h:?}");
        }
    }

    #[test]
    fn phrases_end_at_adverbs_and_relative_clauses() {
        let text = "Police at first said so.";
        let h = judged(text, "Police at first");
        assert_eq!(h.class, HeadClass::Agent);
        assert_eq!(&text[h.span.range()], "Police");
        let text = "A woman who identified herself as his cousin told us.";
        let h = judged(text, "A woman who identified herself as his cousin");
        assert_eq!(&text[h.phrase.range()], "A woman");
        assert!(h.is_speaker());
        let text = "US Central Command meanwhile admitted it.";
        let h = judged(text, "US Central Command meanwhile");
        assert_eq!(&text[h.phrase.range()], "US Central Command");
        assert_eq!(h.class, HeadClass::Name);
    }

    #[test]
    fn artefacts_speak_through_the_name_they_carry() {
        let text = "Then a BP statement said so. A statement from NHS Greater Glasgow said.";
        let h = judged(text, "a BP statement");
        assert_eq!(h.class, HeadClass::Artefact);
        assert_eq!(&text[h.author.unwrap().range()], "BP");
        let h = judged(text, "A statement from NHS Greater Glasgow");
        assert_eq!(&text[h.author.unwrap().range()], "NHS Greater Glasgow");
    }

    #[test]
    fn a_sentence_opening_name_needs_evidence() {
        let text = "Then Gerry Scherlinck spoke.\n\nScherlinck said so. Officers said so.";
        assert_eq!(judged(text, "Scherlinck").class, HeadClass::Name);
        let h = judged(text, "Officers");
        assert_eq!(h.class, HeadClass::Agent);
        assert!(h.common_first);
    }

    #[test]
    fn acronyms_are_names_and_abbreviations_alone_are_not() {
        let text = "Then WHO said so. Then US said so.";
        assert_eq!(judged(text, "WHO").class, HeadClass::Name);
        assert_eq!(judged(text, "US").class, HeadClass::Name);
        let text = "It was at Church Ave. and E. 31st St., said the man.";
        assert!(!judged(text, "St").is_speaker());
        let names = names_inside_sentences(
            "Jordan's King Vows Brutal Revenge On Militants\n\nBrutal: a video.",
        );
        assert!(!names.contains("Brutal"));
    }

    #[test]
    fn sources_inside_quotations_are_fragments() {
        let text = "“The people said we should go,” he said.";
        let h = judged(text, "The people");
        assert_eq!(h.class, HeadClass::Fragment);
        let text = "He said: `` The people said it '' .";
        let h = judged(text, "The people");
        assert_eq!(h.class, HeadClass::Fragment);
        assert!(!inside_quotation(text, &[], 0));
    }
}
