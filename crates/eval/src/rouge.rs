//! ROUGE-N counts exactly as ROUGE-1.5.5 computes them when the tilse timeline scorer calls it
//! (`-a -n 2 -x -f A -d -m -s -t 2`: stemming, stopword removal, raw hit/peer/model counts).
//!
//! A port, not a wrapper: the Perl script is not available offline, and timeline scoring calls
//! it thousands of times per topic. The text goes through the same steps as in the script:
//! the SEE reader keeps a sentence's text up to its first `<`; A–Z are lower-cased; `-` is
//! spaced out and every byte that is not an ASCII letter, digit or `-` becomes a space;
//! stopwords (`smart_common_words.txt`) are dropped; only tokens starting with `[a-z0-9$]` are
//! kept; tokens longer than three bytes are mapped through WordNet's exception list or else
//! ROUGE's own Porter stemmer. N-grams run over the whole summary (they bridge sentences and
//! removed words).

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::OnceLock;

use regex::Regex;

/// The two resource files ROUGE-1.5.5 reads with `-m -s`.
#[derive(Debug, Clone)]
pub struct RougeResources {
    stopwords: HashSet<String>,
    exceptions: HashMap<String, String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ResourceError {
    #[error("cannot read {path}")]
    Read {
        path: String,
        source: std::io::Error,
    },
}

impl RougeResources {
    /// Reads `smart_common_words.txt` and `WordNet-2.0.exc.tsv` (word, tab, base form) from
    /// `dir`.
    pub fn load(dir: &Path) -> Result<RougeResources, ResourceError> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read_to_string(&path).map_err(|source| ResourceError::Read {
                path: path.display().to_string(),
                source,
            })
        };
        let stopwords = read("smart_common_words.txt")?
            .lines()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect();
        let exceptions = read("WordNet-2.0.exc.tsv")?
            .lines()
            .filter_map(|l| l.split_once('\t'))
            .map(|(w, b)| (w.to_string(), b.trim_end().to_string()))
            .collect();
        Ok(RougeResources {
            stopwords,
            exceptions,
        })
    }

    pub fn from_parts(stopwords: HashSet<String>, exceptions: HashMap<String, String>) -> Self {
        RougeResources {
            stopwords,
            exceptions,
        }
    }
}

/// Hit, peer and model n-gram counts (ROUGE's `H_count`, `P_count`, `M_count`).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct NgramCounts {
    pub hit: f64,
    pub peer: f64,
    pub model: f64,
}

/// A ROUGE-1.5.5 scorer with a stem cache (words repeat a lot across the calls of one run).
pub struct Rouge<'a> {
    resources: &'a RougeResources,
    stems: RefCell<HashMap<String, String>>,
}

impl<'a> Rouge<'a> {
    pub fn new(resources: &'a RougeResources) -> Rouge<'a> {
        Rouge {
            resources,
            stems: RefCell::new(HashMap::new()),
        }
    }

    /// The tokens ROUGE counts for a summary given as sentences.
    pub fn tokens(&self, sentences: &[String]) -> Vec<String> {
        let mut out = Vec::new();
        for sentence in sentences {
            // pyrouge escapes `^` as `&circ;` in the SEE file; the script reads it back as is.
            let escaped = sentence.replace('^', "&circ;");
            // The SEE line pattern takes the text up to the first `<` (and needs some text).
            let text = escaped.split('<').next().unwrap_or("");
            let mut cleaned = String::with_capacity(text.len() + 8);
            for &b in text.as_bytes() {
                match b {
                    b'-' => cleaned.push_str(" - "),
                    b'A'..=b'Z' => cleaned.push(b.to_ascii_lowercase() as char),
                    b'a'..=b'z' | b'0'..=b'9' => cleaned.push(b as char),
                    _ => cleaned.push(' '),
                }
            }
            for token in cleaned.split_ascii_whitespace() {
                if self.resources.stopwords.contains(token) {
                    continue;
                }
                let first = token.as_bytes()[0];
                if !(first.is_ascii_lowercase() || first.is_ascii_digit() || first == b'$') {
                    continue;
                }
                if token.len() > 3 {
                    out.push(self.morph_stem(token));
                } else {
                    out.push(token.to_string());
                }
            }
        }
        out
    }

    fn morph_stem(&self, token: &str) -> String {
        if let Some(base) = self.resources.exceptions.get(token) {
            return base.clone();
        }
        if let Some(s) = self.stems.borrow().get(token) {
            return s.clone();
        }
        let s = porter_stem(token);
        self.stems.borrow_mut().insert(token.to_string(), s.clone());
        s
    }

    /// ROUGE-`n` counts of a peer summary against model summaries, as `-f A -t 2` sums them:
    /// per model, hits = Σ min(peer count, model count) over n-grams, and the peer's n-gram
    /// total is added once per model.
    pub fn counts(&self, peer: &[String], models: &[Vec<String>], n: usize) -> NgramCounts {
        let peer_tokens = self.tokens(peer);
        let peer_grams = ngrams(&peer_tokens, n);
        let peer_total: usize = peer_grams.values().sum();
        let mut c = NgramCounts::default();
        for model in models {
            let model_tokens = self.tokens(model);
            let model_grams = ngrams(&model_tokens, n);
            let model_total: usize = model_grams.values().sum();
            let hit: usize = peer_grams
                .iter()
                .map(|(g, &k)| k.min(model_grams.get(g).copied().unwrap_or(0)))
                .sum();
            c.hit += hit as f64;
            c.peer += peer_total as f64;
            c.model += model_total as f64;
        }
        c
    }
}

fn ngrams(tokens: &[String], n: usize) -> HashMap<Vec<&str>, usize> {
    let mut grams = HashMap::new();
    if tokens.len() >= n {
        for w in tokens.windows(n) {
            *grams
                .entry(w.iter().map(String::as_str).collect())
                .or_insert(0) += 1;
        }
    }
    grams
}

struct PorterRegexes {
    mgr0: Regex,
    meq1: Regex,
    mgr1: Regex,
    vowel_in_stem: Regex,
    cvc: Regex,
    step2: Regex,
    step3: Regex,
    step4: Regex,
    step4_ion: Regex,
}

fn porter_regexes() -> &'static PorterRegexes {
    static R: OnceLock<PorterRegexes> = OnceLock::new();
    R.get_or_init(|| {
        let c = "[^aeiou]";
        let v = "[aeiouy]";
        let cs = format!("{c}[^aeiouy]*");
        let vs = format!("{v}[aeiou]*");
        let re = |p: &str| Regex::new(p).expect("valid Porter pattern");
        PorterRegexes {
            mgr0: re(&format!("^({cs})?{vs}{cs}")),
            meq1: re(&format!("^({cs})?{vs}{cs}({vs})?$")),
            mgr1: re(&format!("^({cs})?{vs}{cs}{vs}{cs}")),
            vowel_in_stem: re(&format!("^({cs})?{v}")),
            cvc: re(&format!("^{cs}{v}[^aeiouwxy]$")),
            step2: re("(ational|tional|enci|anci|izer|bli|alli|entli|eli|ousli|ization|ation|ator|alism|iveness|fulness|ousness|aliti|iviti|biliti|logi)$"),
            step3: re("(icate|ative|alize|iciti|ical|ful|ness)$"),
            step4: re("(al|ance|ence|er|ic|able|ible|ant|ement|ou|ism|ate|iti|ous|ive|ize)$"),
            step4_ion: re("(s|t)(ion)$"),
        }
    })
}

/// The Porter stemmer of ROUGE-1.5.5: the Perl "Release 1" of tartarus.org with ROUGE's 2004
/// change to step 4, on a lower-case ASCII word. Suffix rules take the leftmost (longest)
/// matching suffix, as the Perl regexes do. The step-4 variant was found by matching the
/// reference scores in `../shared/data/tilse/golden` exactly (see `tests/tilse_golden.rs`):
/// Porter's single longest-suffix rule leaves some of them one hit short.
pub fn porter_stem(word: &str) -> String {
    if word.len() < 3 {
        return word.to_string();
    }
    let r = porter_regexes();
    let initial_y = word.starts_with('y');
    // An initial y is a consonant: upper-case it so the vowel patterns skip it.
    let mut w = if initial_y {
        format!("Y{}", &word[1..])
    } else {
        word.to_string()
    };

    // Step 1a
    if let Some(stem) = w.strip_suffix("sses") {
        w = format!("{stem}ss");
    } else if let Some(stem) = w.strip_suffix("ies") {
        w = format!("{stem}i");
    } else if w.ends_with('s') && w.len() >= 2 && !w[..w.len() - 1].ends_with('s') {
        w.pop();
    }
    // Step 1b
    if let Some(stem) = w.strip_suffix("eed") {
        if r.mgr0.is_match(stem) {
            w.pop();
        }
    } else {
        let stem = w
            .strip_suffix("ed")
            .or_else(|| w.strip_suffix("ing"))
            .map(str::to_string);
        if let Some(stem) = stem {
            if r.vowel_in_stem.is_match(&stem) {
                w = stem;
                let b = w.as_bytes();
                let n = b.len();
                if w.ends_with("at") || w.ends_with("bl") || w.ends_with("iz") {
                    w.push('e');
                } else if n >= 2 && b[n - 1] == b[n - 2] && !b"aeiouylsz".contains(&b[n - 1]) {
                    w.pop();
                } else if r.cvc.is_match(&w) {
                    w.push('e');
                }
            }
        }
    }
    // Step 1c
    if let Some(stem) = w.strip_suffix('y') {
        if r.vowel_in_stem.is_match(stem) {
            w = format!("{stem}i");
        }
    }
    // Step 2
    if let Some(m) = r.step2.find(&w) {
        let (stem, suffix) = w.split_at(m.start());
        if r.mgr0.is_match(stem) {
            w = format!("{stem}{}", step2_replacement(suffix));
        }
    }
    // Step 3
    if let Some(m) = r.step3.find(&w) {
        let (stem, suffix) = w.split_at(m.start());
        if r.mgr0.is_match(stem) {
            w = format!("{stem}{}", step3_replacement(suffix));
        }
    }
    // Step 4, as ROUGE-1.5.5 changed it (2004): the -ement group, then -ment, then -ent or
    // else (s|t)-ion, each tried on what the previous rule left.
    if let Some(m) = r.step4.find(&w) {
        let stem = &w[..m.start()];
        if r.mgr1.is_match(stem) {
            w = stem.to_string();
        }
    }
    if let Some(stem) = w.strip_suffix("ment") {
        if r.mgr1.is_match(stem) {
            w = stem.to_string();
        }
    }
    if let Some(stem) = w.strip_suffix("ent").map(str::to_string) {
        if r.mgr1.is_match(&stem) {
            w = stem;
        }
    } else if let Some(m) = r.step4_ion.find(&w) {
        // The stem keeps the s or t.
        let stem = &w[..m.start() + 1];
        if r.mgr1.is_match(stem) {
            w = stem.to_string();
        }
    }
    // Step 5
    if let Some(stem) = w.strip_suffix('e') {
        if r.mgr1.is_match(stem) || (r.meq1.is_match(stem) && !r.cvc.is_match(stem)) {
            w = stem.to_string();
        }
    }
    if w.ends_with("ll") && r.mgr1.is_match(&w) {
        w.pop();
    }
    if initial_y {
        w.replace_range(..1, "y");
    }
    w
}

fn step2_replacement(suffix: &str) -> &'static str {
    match suffix {
        "ational" => "ate",
        "tional" => "tion",
        "enci" => "ence",
        "anci" => "ance",
        "izer" => "ize",
        "bli" => "ble",
        "alli" => "al",
        "entli" => "ent",
        "eli" => "e",
        "ousli" => "ous",
        "ization" => "ize",
        "ation" => "ate",
        "ator" => "ate",
        "alism" => "al",
        "iveness" => "ive",
        "fulness" => "ful",
        "ousness" => "ous",
        "aliti" => "al",
        "iviti" => "ive",
        "biliti" => "ble",
        _ => "log",
    }
}

fn step3_replacement(suffix: &str) -> &'static str {
    match suffix {
        "icate" => "ic",
        "alize" => "al",
        "iciti" => "ic",
        "ical" => "ic",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn porter_classics() {
        for (w, s) in [
            ("caresses", "caress"),
            ("ponies", "poni"),
            ("cats", "cat"),
            ("feed", "feed"),
            ("agreed", "agre"),
            ("plastered", "plaster"),
            ("motoring", "motor"),
            ("hopping", "hop"),
            ("filing", "file"),
            ("happy", "happi"),
            ("relational", "relat"),
            ("conditional", "condit"),
            ("generalization", "gener"),
            ("electrical", "electr"),
            ("adjustment", "adjust"),
            ("replacement", "replac"),
            ("adoption", "adopt"),
            // ROUGE's step 4 goes on after a first removal.
            ("accidental", "accid"),
            ("congressional", "congress"),
            ("controll", "control"),
            ("youth", "youth"),
            ("spill", "spill"),
            ("leaking", "leak"),
        ] {
            assert_eq!(porter_stem(w), s, "{w}");
        }
    }

    #[test]
    fn tokens_as_rouge_reads_them() {
        let res = RougeResources::from_parts(
            ["the", "of"].iter().map(|s| s.to_string()).collect(),
            [("children".to_string(), "child".to_string())]
                .into_iter()
                .collect(),
        );
        let rouge = Rouge::new(&res);
        let t = rouge.tokens(&[
            "The oil-spill of BP's well < hidden".into(),
            "children x^2".into(),
        ]);
        assert_eq!(
            t,
            ["oil", "spill", "bp", "s", "well", "child", "x", "circ", "2"]
        );
    }

    #[test]
    fn counts_clip_and_sum_per_model() {
        let res = RougeResources::from_parts(HashSet::new(), HashMap::new());
        let rouge = Rouge::new(&res);
        let peer = vec!["a b a".to_string()];
        let c = rouge.counts(
            &peer,
            &[vec!["a c".to_string()], vec!["a a b".to_string()]],
            1,
        );
        // model 1: min(2,1) = 1; model 2: min(2,2) + min(1,1) = 3.
        assert_eq!((c.hit, c.peer, c.model), (4.0, 6.0, 5.0));
    }
}
