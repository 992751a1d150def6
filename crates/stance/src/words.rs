//! Words as the stance features see them: lower-cased, Snowball-stemmed, function words out —
//! except the negations and hedges, which carry the stance.

use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};
use xxhash_rust::xxh3::xxh3_64;

/// A stemmed word and its hash, the key every table uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub stem: String,
    pub key: u64,
}

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::English))
}

pub fn key(stem: &str) -> u64 {
    xxh3_64(stem.as_bytes())
}

/// Function words that say nothing about topic or stance. Negations (not, no, never) and
/// modal hedges (may, might, could) are deliberately absent.
#[rustfmt::skip]
const STOP: &[&str] = &[
    "a", "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as",
    "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by",
    "can", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further",
    "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself",
    "his", "how", "i", "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most",
    "my", "myself", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves",
    "out", "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the",
    "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those",
    "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when",
    "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your",
    "yours", "yourself", "yourselves", "s", "t", "ll", "ve", "re", "d", "m", "one", "two", "said",
    "says", "say", "told", "new", "year", "years",
];

/// Words that refute or cast doubt on a claim.
#[rustfmt::skip]
pub const REFUTING: &[&str] = &[
    "fake", "fraud", "hoax", "false", "deny", "denies", "denied", "denial", "despite", "nope",
    "doubt", "doubts", "bogus", "debunk", "debunked", "debunks", "prank", "pranks", "retract",
    "retracted", "untrue", "misleading", "myth", "fabricated", "satire", "satirical", "incorrect",
    "wrong", "refute", "refuted", "refutes", "dismissed", "baseless", "rejected", "rejects",
    "contrary", "actually", "debunking", "fiction", "unfounded", "not", "never", "no", "isn",
    "wasn", "didn", "doesn", "nothing",
];

/// The refuting words that call a story untrue (not the plain negations, which any report
/// uses).
#[rustfmt::skip]
pub const DEBUNKING: &[&str] = &[
    "fake", "fraud", "hoax", "false", "deny", "denies", "denied", "bogus", "debunk", "debunked",
    "debunks", "prank", "pranks", "retract", "retracted", "untrue", "misleading", "myth",
    "fabricated", "satire", "satirical", "refute", "refuted", "refutes", "baseless", "debunking",
    "fiction", "unfounded", "spoof", "parody", "scam", "doctored", "photoshopped", "rumour", "rumor",
];

/// Words that report a claim without vouching for it.
#[rustfmt::skip]
pub const HEDGING: &[&str] = &[
    "allegedly", "reportedly", "reported", "reports", "claims", "claimed", "claim", "rumor",
    "rumors", "rumour", "rumours", "unconfirmed", "may", "might", "could", "purportedly",
    "apparently", "according", "suggest", "suggests", "appears", "appear", "seems", "possibly",
    "perhaps", "unverified", "believed", "supposedly", "speculation", "if", "whether", "alleged",
    "report", "supposed", "likely", "sources",
];

fn is_stop(w: &str) -> bool {
    static SET: OnceLock<std::collections::HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| STOP.iter().copied().collect())
        .contains(w)
}

/// The Snowball stem of a lower-case word.
pub fn stem(word: &str) -> String {
    stemmer().stem(word).into_owned()
}

/// Stem keys of a word list, for membership tests on [`Word::key`].
pub fn keys_of(list: &[&str]) -> std::collections::HashSet<u64> {
    list.iter().map(|w| key(&stemmer().stem(w))).collect()
}

/// How many content words `text` holds ([`words`] without stemming them: what a length test
/// needs, at a fraction of the cost).
pub fn count(text: &str) -> usize {
    let mut n = 0;
    for_each_content_word(text, |_| n += 1);
    n
}

/// The content words of `text`, in order: runs of letters and digits of two or more
/// characters, lower-cased, apostrophe tails dropped ("didn't" → "didn"), stop words out,
/// stemmed.
pub fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    for_each_content_word(text, |lower| out.push(stemmed(lower)));
    out
}

/// Calls `each` with the content words of `text`, lower-cased, before stemming.
fn for_each_content_word(text: &str, mut each: impl FnMut(&str)) {
    let mut lower = String::new();
    for raw in text.split(|c: char| !c.is_alphanumeric()) {
        if raw.chars().nth(1).is_none() {
            continue;
        }
        lower.clear();
        lower.extend(raw.chars().flat_map(char::to_lowercase));
        if !is_stop(&lower) {
            each(&lower);
        }
    }
}

/// Distinct words whose stems a thread keeps; past it the memo starts afresh (news repeats
/// its words: most are met again long before).
const MEMO_WORDS: usize = 1 << 16;

/// A lower-case word's stem and key, remembered per thread: Snowball stemming is most of the
/// cost of [`words`], and the claims and stance steps read millions of words.
fn stemmed(lower: &str) -> Word {
    thread_local! {
        static MEMO: std::cell::RefCell<std::collections::HashMap<String, Word>> =
            std::cell::RefCell::new(std::collections::HashMap::new());
    }
    MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        if let Some(w) = memo.get(lower) {
            return w.clone();
        }
        let stem = stemmer().stem(lower).into_owned();
        let w = Word {
            key: key(&stem),
            stem,
        };
        if memo.len() >= MEMO_WORDS {
            memo.clear();
        }
        memo.insert(lower.to_string(), w.clone());
        w
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_and_drops_function_words_but_keeps_negation() {
        let w: Vec<String> = words("The Kurds did not agree corridors; denied it.")
            .into_iter()
            .map(|w| w.stem)
            .collect();
        assert_eq!(w, ["kurd", "not", "agre", "corridor", "deni"]);
        assert!(keys_of(REFUTING).contains(&key("deni")));
        assert!(keys_of(HEDGING).contains(&words("Reportedly")[0].key));
    }

    #[test]
    fn count_is_the_number_of_words() {
        for text in [
            "The Kurds did not agree corridors; denied it.",
            "a I of the",
            "Ümit Özdağ's party ÇAĞ-2 said 12 km",
            "",
        ] {
            assert_eq!(count(text), words(text).len(), "{text:?}");
        }
    }
}
