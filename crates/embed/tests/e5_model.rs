//! Tests that need the e5 files. They fetch them like the tool does (the README's `cargo
//! test --workspace` sets everything up); with `RASHOMON_NO_FETCH=1` and no cached model they
//! skip, saying so.

use rashomon_embed::vocab::{Tokenizer, Vocab};
use rashomon_embed::{ensure_e5, E5Files, Embed, SetupError, SetupOptions, StaticEmbedder, E5};

/// The e5 files, fetched once for all the tests of this binary (they run in parallel).
fn files() -> Option<E5Files> {
    static FILES: std::sync::OnceLock<Result<E5Files, String>> = std::sync::OnceLock::new();
    let got = FILES.get_or_init(|| match ensure_e5(&SetupOptions::from_env()) {
        Ok(f) => Ok(f),
        Err(e @ SetupError::NoFetch { .. }) => Err(e.to_string()),
        Err(e) => panic!("the e5 set-up failed: {e}"),
    });
    match got {
        Ok(f) => Some(f.clone()),
        Err(skip) => {
            eprintln!("skipped: {skip}");
            None
        }
    }
}

const TEXTS: &[&str] = &[
    "The Kurds agreed a corridor with ISIS out of Raqqa.",
    "Курды договорились с ИГИЛ о коридоре из Ракки.",
    "Курди домовилися з ІДІЛ про коридор з Ракки.",
    "اتفق الأكراد مع داعش على ممر للخروج من الرقة.",
    "«Мы не заключали никаких сделок», — заявил Мустафа Бали 14 октября 2017 года.",
    "  ДАМАСК,\u{a0}5 марта (SANA)  —  ﬁve  ｆｕｌｌ-width １２３ … “quotes” ",
    "U.S. officials said 3 p.m. Tuesday's strike killed 35 (or 12?) people; 日本語 too.",
    "line one\nline two\tthree\r\n\u{200b}zero\u{feff}width ﷺ ½ Ⅻ ＡＢＣ",
    "",
];

#[test]
fn the_rust_tokeniser_matches_the_engine() {
    let Some(files) = files() else { return };
    let vocab = Vocab::read_e5(&files.model).unwrap();
    assert_eq!(vocab.len(), 250_002);
    let tok = Tokenizer::for_vocab(&vocab);
    let e5 = E5::load(&files).unwrap();
    for text in TEXTS {
        // The engine counts "query: " + text, plus <s> and </s>.
        let ours = tok.encode(&format!("query: {text}")).len() + 2;
        assert_eq!(ours, e5.token_count(text), "{text:?}");
    }
    let ids = tok.encode("The Kurds agreed");
    let pieces: Vec<&str> = ids
        .iter()
        .map(|i| vocab.pieces[i.unwrap() as usize].as_str())
        .collect();
    assert_eq!(pieces, ["▁The", "▁Kurd", "s", "▁agreed"]);
}

#[test]
fn e5_embeds_translations_close_together() {
    let Some(files) = files() else { return };
    let e5 = E5::load(&files).unwrap().with_threads(2);
    assert_eq!(e5.dim(), 384);
    let e = e5.embed(TEXTS).unwrap();
    assert_eq!(e.len(), TEXTS.len());
    for i in 0..TEXTS.len() {
        let n: f32 = e.row(i).iter().map(|x| x * x).sum();
        assert!((n - 1.0).abs() < 1e-3, "row {i} norm {n}");
    }
    // en/ru, en/uk, en/ar translations are closer than an unrelated sentence.
    let unrelated = e.cosine(0, 6);
    for j in 1..4 {
        assert!(
            e.cosine(0, j) > 0.85 && e.cosine(0, j) > unrelated + 0.05,
            "{j}: {} vs {unrelated}",
            e.cosine(0, j)
        );
    }
    // Batches give the same vectors as single texts.
    let one = e5.embed(&TEXTS[1..2]).unwrap();
    assert!(one
        .row(0)
        .iter()
        .zip(e.row(1))
        .all(|(a, b)| (a - b).abs() < 1e-4));
}

#[test]
fn the_bundled_table_tokenises_like_e5_on_kept_words() {
    let Some(files) = files() else { return };
    let vocab = Vocab::read_e5(&files.model).unwrap();
    let full = Tokenizer::for_vocab(&vocab);
    let st = StaticEmbedder::bundled().unwrap();
    // Frequent English and Russian words are whole pieces in both.
    for text in [
        "the government said on Tuesday",
        "правительство заявило во вторник",
    ] {
        let a: Vec<&str> = full
            .encode(text)
            .iter()
            .map(|i| vocab.pieces[i.unwrap() as usize].as_str())
            .collect();
        let b: Vec<&str> = st
            .tokenizer()
            .encode(text)
            .iter()
            .map(|i| st.table().pieces[i.unwrap() as usize].as_str())
            .collect();
        assert_eq!(a, b, "{text}");
    }
}
