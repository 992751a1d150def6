//! Development aid: every (word, stem) of a predicted and a reference timeline, with counts,
//! to find where a ROUGE port's stems disagree. `cargo run -p rashomon-eval --example
//! rouge_debug -- TILSE_DIR PRED REF`.
use rashomon_eval::rouge::{Rouge, RougeResources};
use rashomon_eval::tls::Timeline;
use std::collections::BTreeMap;
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let res = RougeResources::load(std::path::Path::new(&a[1])).unwrap();
    let rouge = Rouge::new(&res);
    let pred = Timeline::parse(&std::fs::read_to_string(&a[2]).unwrap());
    let refr = Timeline::parse(&std::fs::read_to_string(&a[3]).unwrap());
    let p: Vec<String> = pred.dates.values().flatten().cloned().collect();
    let r: Vec<String> = refr.dates.values().flatten().cloned().collect();
    let mut words: BTreeMap<String, (String, usize, usize)> = BTreeMap::new();
    for (side, sents) in [(0, &p), (1, &r)] {
        for s in sents.iter() {
            for w in s.split_whitespace() {
                for st in rouge.tokens(&[w.to_string()]) {
                    let e = words
                        .entry(format!("{}|{}", w.to_lowercase(), st))
                        .or_insert((st.clone(), 0, 0));
                    if side == 0 {
                        e.1 += 1
                    } else {
                        e.2 += 1
                    }
                }
            }
        }
    }
    for (k, (st, pc, rc)) in &words {
        println!("{k}\t{st}\t{pc}\t{rc}");
    }
}
