//! Extraction throughput on the text files under a folder, for profiling:
//! `cargo run --release -p rashomon-attribution --example profile -- DIR`.
fn main() {
    let dir = std::env::args().nth(1).expect("a folder of .txt files");
    let mut texts = Vec::new();
    for e in std::fs::read_dir(&dir).expect("readable folder") {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "txt") {
            texts.push(std::fs::read_to_string(&p).unwrap());
        }
    }
    let docs: Vec<_> = texts
        .iter()
        .map(|t| {
            let d = rashomon_model::Document::from_text("x", None, t.clone());
            let l = rashomon_text::annotate_with(&d, Default::default());
            (d, l)
        })
        .collect();
    let extractor = &rashomon_attribution::Extractor::shipped();
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    let started = std::time::Instant::now();
    let mut n = 0;
    for _ in 0..3 {
        for (d, l) in &docs {
            n += extractor.extract(&d.text, l).len();
        }
    }
    let s = started.elapsed().as_secs_f64();
    println!("{n} attributions, {:.1} MB/s", 3.0 * bytes as f64 / 1e6 / s);
}
