//! Development aid: story grouping on all Timeline17 articles mixed together, against the
//! topics as labels (B-cubed P/R/F1, number of stories), for a few thresholds.
//! `cargo run --release -p rashomon-lab --example stories_t17 -- ../shared/data/t17`
use std::path::PathBuf;

fn main() {
    let t17 = PathBuf::from(std::env::args().nth(1).expect("T17 folder"));
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(&t17)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path().join("InputDocs")))
        .filter(|p| p.is_dir())
        .collect();
    inputs.sort();
    let resources = rashomon_pile::Resources::shipped();
    let options = rashomon_pile::ReadOptions::default();
    let pile = rashomon_pile::Pile::read(&inputs, &[], &options, &resources, None, |_| {}).unwrap();
    let docs = pile.all_documents(&resources).unwrap();
    let label: Vec<String> = docs
        .iter()
        .map(|d| {
            let p = d.document.path.split('/').collect::<Vec<_>>();
            let folder = p
                .iter()
                .position(|s| *s == "InputDocs")
                .map(|i| p[i - 1])
                .unwrap_or("");
            folder.split('_').next().unwrap_or("").to_string()
        })
        .collect();
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by_key(|&i| (docs[i].document.published.value.map(|v| v.date()), i));
    for th in [0.06f32, 0.08, 0.10, 0.12, 0.15, 0.2] {
        let grouping = rashomon_linking::stories::Grouping {
            threshold: th,
            ..rashomon_linking::stories::TOPICS
        };
        let stories = rashomon_linking::stories::group_stories(&docs, &order, grouping);
        let mut story_of = vec![0usize; docs.len()];
        for (s, st) in stories.iter().enumerate() {
            for &m in &st.members {
                story_of[m] = s;
            }
        }
        let (mut p, mut r) = (0.0, 0.0);
        for i in 0..docs.len() {
            let same_story: Vec<usize> = (0..docs.len())
                .filter(|&j| story_of[j] == story_of[i])
                .collect();
            let same_label: Vec<usize> =
                (0..docs.len()).filter(|&j| label[j] == label[i]).collect();
            let both = same_story.iter().filter(|&&j| label[j] == label[i]).count() as f64;
            p += both / same_story.len() as f64;
            r += both / same_label.len() as f64;
        }
        let n = docs.len() as f64;
        let (p, r) = (p / n, r / n);
        let big = stories.iter().filter(|s| s.members.len() >= 10).count();
        println!(
            "threshold {th}: {} stories ({} with 10+ articles), B-cubed P {:.3} R {:.3} F1 {:.3}",
            stories.len(),
            big,
            p,
            r,
            2.0 * p * r / (p + r)
        );
    }
}
