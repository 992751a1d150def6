//! Aligning a system's copy of a document with the gold copy, as the TempEval-3 toolkit does.
//!
//! The official toolkit compares the two annotations by the text of their `<TEXT>` elements,
//! read through an XML parser (which turns CRLF into LF) and tokenised, so line ends, header
//! markup outside `<TEXT>` and whitespace do not matter. The equivalent here: the two plain
//! texts must hold the same sequence of non-whitespace characters, and each system offset is
//! carried to the gold offset of the same non-whitespace character. A span is carried by its
//! first and last non-whitespace characters, so the spans of both sides are compared without
//! the whitespace at their edges whenever the two texts differ. When they are byte-identical
//! the alignment is the identity and nothing is trimmed.

use crate::tempeval::ScoredTimex;
use crate::timeml::TimemlDoc;

/// Where two texts first differ beyond whitespace.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the text differs from the gold text beyond whitespace: line {gold_line} of the gold text \
     has {gold_context:?} where line {system_line} of the system's has {system_context:?}"
)]
pub struct Misaligned {
    /// Byte offsets (into the plain texts) of the first differing non-whitespace character,
    /// or the text's length when that text ran out first.
    pub gold_at: usize,
    pub system_at: usize,
    /// 1-based line numbers of those offsets in the plain texts (the `<TEXT>` content).
    pub gold_line: usize,
    pub system_line: usize,
    /// The text around each offset, whitespace collapsed.
    pub gold_context: String,
    pub system_context: String,
}

/// Carries byte offsets of a system text to the gold text.
#[derive(Debug, Clone)]
pub struct Alignment {
    /// Both texts are byte-identical: offsets are carried unchanged.
    identity: bool,
    /// Byte offset in the system text of each non-whitespace character, in order.
    system: Vec<usize>,
    /// Byte span in the gold text of the same characters.
    gold: Vec<(usize, usize)>,
    gold_len: usize,
}

impl Alignment {
    /// Aligns `system` to `gold`; fails where their non-whitespace characters differ.
    pub fn new(gold: &str, system: &str) -> Result<Alignment, Misaligned> {
        if gold == system {
            return Ok(Alignment {
                identity: true,
                system: Vec::new(),
                gold: Vec::new(),
                gold_len: gold.len(),
            });
        }
        let mut g = gold.char_indices().filter(|(_, c)| !c.is_whitespace());
        let mut s = system.char_indices().filter(|(_, c)| !c.is_whitespace());
        let mut out = Alignment {
            identity: false,
            system: Vec::new(),
            gold: Vec::new(),
            gold_len: gold.len(),
        };
        loop {
            match (g.next(), s.next()) {
                (None, None) => return Ok(out),
                (Some((gi, gc)), Some((si, sc))) if gc == sc => {
                    out.system.push(si);
                    out.gold.push((gi, gi + gc.len_utf8()));
                }
                (gn, sn) => {
                    let gold_at = gn.map_or(gold.len(), |(i, _)| i);
                    let system_at = sn.map_or(system.len(), |(i, _)| i);
                    return Err(Misaligned {
                        gold_at,
                        system_at,
                        gold_line: line_of(gold, gold_at),
                        system_line: line_of(system, system_at),
                        gold_context: context(gold, gold_at),
                        system_context: context(system, system_at),
                    });
                }
            }
        }
    }

    /// Whether the two texts were byte-identical.
    pub fn is_identity(&self) -> bool {
        self.identity
    }

    /// The gold span of the system span `start..end`: from its first to the end of its last
    /// non-whitespace character. A span without any is carried to an empty span where the
    /// next non-whitespace character is (or the end of the gold text).
    pub fn map(&self, start: usize, end: usize) -> (usize, usize) {
        if self.identity {
            return (start, end);
        }
        let first = self.system.partition_point(|&o| o < start);
        let past = self.system.partition_point(|&o| o < end);
        if first < past {
            (self.gold[first].0, self.gold[past - 1].1)
        } else {
            let at = self.gold.get(first).map_or(self.gold_len, |g| g.0);
            (at, at)
        }
    }
}

/// `start..end` of `text` without the whitespace at its edges (an all-whitespace span becomes
/// empty at its end).
pub fn trim_span(text: &str, start: usize, end: usize) -> (usize, usize) {
    let inner = &text[start..end];
    let lead = inner.len() - inner.trim_start().len();
    let trail = inner.len() - inner.trim_end().len();
    if lead == inner.len() {
        (end, end)
    } else {
        (start + lead, end - trail)
    }
}

fn line_of(text: &str, at: usize) -> usize {
    1 + text.as_bytes()[..at]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

fn context(text: &str, at: usize) -> String {
    let mut from = at.saturating_sub(30);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (at + 30).min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    // Each run of whitespace as one space.
    let show = |s: &str| {
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            if !c.is_whitespace() {
                out.push(c);
            } else if !out.ends_with(' ') {
                out.push(' ');
            }
        }
        out
    };
    format!("{}[HERE]{}", show(&text[from..at]), show(&text[at..to]))
}

/// The timexes of a gold document and of a system's annotation of the same text, both in the
/// gold text's offsets and with the gold text's surface strings, ready for
/// [`crate::tempeval::count`]. When the two plain texts are byte-identical these are the
/// documents' own timexes; otherwise the system spans are carried over by [`Alignment`] and
/// the gold spans are trimmed the same way, so a strict match is the same extent up to
/// whitespace.
pub fn timexes_in_gold(
    gold: &TimemlDoc,
    system: &TimemlDoc,
) -> Result<(Vec<ScoredTimex>, Vec<ScoredTimex>), Misaligned> {
    let alignment = Alignment::new(&gold.text, &system.text)?;
    let scored = |(start, end): (usize, usize), kind: &str, value: &str| ScoredTimex {
        start,
        end,
        text: gold.text[start..end].to_string(),
        kind: kind.to_string(),
        value: value.to_string(),
    };
    let gold_timexes = gold
        .timexes
        .iter()
        .map(|t| {
            let span = if alignment.is_identity() {
                (t.start, t.end)
            } else {
                trim_span(&gold.text, t.start, t.end)
            };
            scored(span, &t.kind, &t.value)
        })
        .collect();
    let system_timexes = system
        .timexes
        .iter()
        .map(|t| scored(alignment.map(t.start, t.end), &t.kind, &t.value))
        .collect();
    Ok((gold_timexes, system_timexes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tempeval::count;
    use crate::timeml::parse;

    #[test]
    fn identical_texts_map_to_themselves() {
        let a = Alignment::new("a  b", "a  b").unwrap();
        assert!(a.is_identity());
        assert_eq!(a.map(1, 3), (1, 3), "nothing trimmed");
    }

    #[test]
    fn crlf_and_spacing_map_to_the_same_characters() {
        let gold = "On Friday,\nMarch 22 it rose.";
        let system = "On  Friday,\r\n\r\nMarch 22\tit rose.";
        let a = Alignment::new(gold, system).unwrap();
        assert!(!a.is_identity());
        let s = system.find("Friday").unwrap();
        let (gs, ge) = a.map(s, s + "Friday".len());
        assert_eq!(&gold[gs..ge], "Friday");
        // A span across a changed line end.
        let s = system.find("Friday").unwrap();
        let e = system.find(" 22").unwrap() + 3;
        let (gs, ge) = a.map(s, e);
        assert_eq!(&gold[gs..ge], "Friday,\nMarch 22");
        // Whitespace at the edges of a system span is not carried.
        let s = system.find(",").unwrap() + 1;
        let e = system.find("22").unwrap() + 2;
        let (gs, ge) = a.map(s, e);
        assert_eq!(&gold[gs..ge], "March 22");
        // An all-whitespace span is empty, before the next character.
        let s = system.find("\t").unwrap();
        assert_eq!(
            a.map(s, s + 1),
            (gold.find("it").unwrap(), gold.find("it").unwrap())
        );
        assert_eq!(a.map(system.len(), system.len()), (gold.len(), gold.len()));
    }

    #[test]
    fn multibyte_characters_keep_their_width() {
        let gold = "née\n« 1998 »";
        let system = "née « 1998 »";
        let a = Alignment::new(gold, system).unwrap();
        let s = system.find("1998").unwrap();
        let (gs, ge) = a.map(s - 3, s + 7);
        assert_eq!(&gold[gs..ge], "« 1998 »");
    }

    #[test]
    fn different_words_are_misaligned_with_where() {
        let e = Alignment::new("It rose\non Friday.", "It rose\r\non Monday.").unwrap_err();
        assert_eq!((e.gold_line, e.system_line), (2, 2));
        assert_eq!(&"It rose\non Friday."[e.gold_at..e.gold_at + 1], "F");
        assert!(e.gold_context.contains("on [HERE]Friday"), "{e}");
        assert!(e.system_context.contains("on [HERE]Monday"), "{e}");
        let e = Alignment::new("It rose.", "It rose. Then fell.").unwrap_err();
        assert_eq!((e.gold_at, e.system_at), (8, 9));
        let e = Alignment::new("It rose. Then.", "It rose.").unwrap_err();
        assert_eq!((e.gold_at, e.system_at), (9, 8));
        assert!(e.to_string().contains("line 1 of the gold text"), "{e}");
    }

    #[test]
    fn trim_span_drops_edge_whitespace() {
        assert_eq!(trim_span(" a b ", 0, 5), (1, 4));
        assert_eq!(trim_span(" a b ", 1, 4), (1, 4));
        assert_eq!(trim_span("a   b", 1, 3), (3, 3));
    }

    fn tml(header: &str, body: &str) -> String {
        format!("<?xml version=\"1.0\" ?>\n<TimeML>{header}<DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"2013-03-22\">2013-03-22</TIMEX3></DCT>\n<TEXT>{body}</TEXT></TimeML>\n")
    }

    #[test]
    fn a_crlf_copy_without_header_scores_like_the_gold() {
        let body = "\nShares fell <TIMEX3 tid=\"t1\" type=\"DATE\" value=\"2013-03-21\">yesterday</TIMEX3>.\n\nThey rose <TIMEX3 tid=\"t2\" type=\"DATE\" value=\"2013-03-22\">on\nFriday</TIMEX3> and <EVENT eid=\"e1\">held</EVENT> for <TIMEX3 tid=\"t3\" type=\"DURATION\" value=\"P3D\">three days</TIMEX3>.\n";
        let gold = parse(&tml("\n<DOCID>X1</DOCID>\n<TITLE>T</TITLE>\n", body)).unwrap();
        let system = parse(&tml("", body).replace('\n', "\r\n")).unwrap();
        // Read directly, every offset after the first line end is off.
        let direct: Vec<ScoredTimex> = system.timexes.iter().map(ScoredTimex::from).collect();
        let gold_direct: Vec<ScoredTimex> = gold.timexes.iter().map(ScoredTimex::from).collect();
        assert!(count(&gold_direct, &direct).scores().strict_f1 < 100.0);
        let (g, s) = timexes_in_gold(&gold, &system).unwrap();
        assert_eq!(g, gold_direct, "no whitespace at the gold edges: unchanged");
        assert_eq!(s[1].text, "on\nFriday");
        let sc = count(&g, &s).scores();
        assert_eq!(
            (sc.strict_f1, sc.relaxed_f1, sc.value_f1, sc.type_f1),
            (100.0, 100.0, 100.0, 100.0)
        );
    }

    #[test]
    fn edge_whitespace_inside_a_tag_does_not_break_a_strict_match() {
        let gold = parse(&tml(
            "",
            "On <TIMEX3 tid=\"t1\" type=\"DATE\" value=\"2013-03-22\">Friday </TIMEX3>\nit rose.",
        ))
        .unwrap();
        let system = parse(&tml(
            "",
            "On <TIMEX3 tid=\"t1\" type=\"DATE\" value=\"2013-03-22\">Friday </TIMEX3>\r\nit rose.",
        ))
        .unwrap();
        let (g, s) = timexes_in_gold(&gold, &system).unwrap();
        assert_eq!(
            (g[0].text.as_str(), s[0].text.as_str()),
            ("Friday", "Friday")
        );
        assert_eq!(count(&g, &s).strict, 1);
    }

    #[test]
    fn a_real_disagreement_still_counts() {
        let gold = parse(&tml("", "Up <TIMEX3 tid=\"t1\" type=\"DATE\" value=\"2014\">early next year</TIMEX3>.\nDown <TIMEX3 tid=\"t2\" type=\"DATE\" value=\"2013-03-21\">yesterday</TIMEX3>.")).unwrap();
        let system = parse(&tml("", "Up early <TIMEX3 tid=\"t1\" type=\"DATE\" value=\"2014\">next year</TIMEX3>.\r\nDown <TIMEX3 tid=\"t2\" type=\"DATE\" value=\"2013-03-20\">yesterday</TIMEX3>.")).unwrap();
        let (g, s) = timexes_in_gold(&gold, &system).unwrap();
        let c = count(&g, &s);
        assert_eq!((c.relaxed, c.strict, c.value), (2, 1, 1));
    }
}
