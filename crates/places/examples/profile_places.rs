//! Find + resolve throughput over every `.txt` file of a folder (best of five passes, one
//! thread); also for profiling:
//! `cargo run --release -p rashomon-places --example profile_places -- DIR`.
fn main() {
    let dir = std::env::args().nth(1).expect("a folder of .txt files");
    let mut texts = Vec::new();
    let mut stack = vec![std::path::PathBuf::from(dir)];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("readable folder") {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "txt") {
                texts.push(std::fs::read_to_string(&p).unwrap_or_default());
            }
        }
    }
    let g = &rashomon_places::Gazetteer::shipped(); // loaded before the clock starts
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    let mut best = f64::MAX;
    let mut n = 0;
    for _ in 0..5 {
        let started = std::time::Instant::now();
        n = 0;
        for t in &texts {
            n += rashomon_places::find_places(g, t).len();
        }
        best = best.min(started.elapsed().as_secs_f64());
    }
    println!(
        "{n} places in {:.1} MB: {:.1} MB/s (best of five passes, one thread)",
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / best
    );
}
