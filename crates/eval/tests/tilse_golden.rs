//! The timeline scorer against scores computed by the reference tilse + ROUGE-1.5.5 Perl
//! (`../shared/data/tilse/golden`, `newstls-golden`). Skipped with a message when the data is
//! absent.

use std::path::{Path, PathBuf};

use rashomon_eval::rouge::{Rouge, RougeResources};
use rashomon_eval::tls::{score, Prf, Timeline};
use serde_json::Value;

fn data() -> Option<PathBuf> {
    let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    if d.join("tilse/golden").is_dir() && d.join("t17").is_dir() {
        Some(d)
    } else {
        eprintln!("skipped: ../shared/data/tilse or t17 not found (they are on developer machines and CI)");
        None
    }
}

fn read(p: &Path) -> Timeline {
    Timeline::parse(&std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display())))
}

thread_local! {
    static FAILURES: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn close(what: &str, got: Prf, want: &Value) {
    let w = |k: &str| want[k].as_f64().unwrap();
    for (name, g, e) in [
        ("p", got.p, w("precision")),
        ("r", got.r, w("recall")),
        ("f", got.f, w("f_score")),
    ] {
        if (g - e).abs() >= 1e-6 {
            FAILURES.with(|f| {
                f.borrow_mut()
                    .push(format!("{what} {name}: got {g}, expected {e}"))
            });
        }
    }
}

fn assert_no_failures() {
    FAILURES.with(|f| {
        let f = f.borrow();
        assert!(f.is_empty(), "{} mismatches:\n{}", f.len(), f.join("\n"));
    });
}

/// The reference timeline file of a golden name `<topic>_<stem>`.
fn reference_of(t17: &Path, name: &str) -> PathBuf {
    let stem = name.split_once('_').unwrap().1;
    for entry in std::fs::read_dir(t17).unwrap() {
        let p = entry
            .unwrap()
            .path()
            .join("timelines")
            .join(format!("{stem}.txt"));
        if p.exists() {
            return p;
        }
    }
    panic!("no reference timeline for {name}");
}

#[test]
fn tilse_golden_scores() {
    let Some(data) = data() else { return };
    let resources = RougeResources::load(&data.join("tilse")).unwrap();
    let rouge = Rouge::new(&resources);
    let mut checked = 0;
    for system in ["TL17_bestds", "TL17_bestsumm"] {
        let golden: Value = serde_json::from_str(
            &std::fs::read_to_string(data.join(format!("tilse/golden/{system}.json"))).unwrap(),
        )
        .unwrap();
        for t in golden["per_timeline"].as_array().unwrap() {
            let name = t["name"].as_str().unwrap();
            let pred = read(&data.join(format!("tilse/sdf-tls-outputs/{system}_{name}.txt")));
            let reference = read(&reference_of(&data.join("t17"), name));
            let s = score(&rouge, &pred, &[reference]);
            let what = |m: &str| format!("{system} {name} {m}");
            close(&what("date"), s.date, &t["date"]);
            close(&what("concat r1"), s.concat_r1, &t["concat"]["rouge_1"]);
            close(&what("concat r2"), s.concat_r2, &t["concat"]["rouge_2"]);
            close(
                &what("agreement r1"),
                s.agreement_r1,
                &t["agreement"]["rouge_1"],
            );
            close(
                &what("agreement r2"),
                s.agreement_r2,
                &t["agreement"]["rouge_2"],
            );
            close(&what("align m:1 r1"), s.ar1, &t["align_m1"]["rouge_1"]);
            close(&what("align m:1 r2"), s.ar2, &t["align_m1"]["rouge_2"]);
            checked += 1;
        }
    }
    assert_eq!(checked, 22);
    assert_no_failures();
}

#[test]
fn newstls_golden_scores() {
    let Some(data) = data() else { return };
    let resources = RougeResources::load(&data.join("tilse")).unwrap();
    let rouge = Rouge::new(&resources);
    let dir = data.join("tilse/newstls-golden");
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let mut checked = 0;
    for (name, want) in expected.as_object().unwrap() {
        let pred = read(&dir.join(format!("{name}.pred.txt")));
        let reference = read(&dir.join(format!("{name}.ref.txt")));
        let s = score(&rouge, &pred, &[reference]);
        close(&format!("{name} date"), s.date, &want["date"]);
        close(
            &format!("{name} align m:1 r1"),
            s.ar1,
            &want["rouge"]["rouge_1"],
        );
        close(
            &format!("{name} align m:1 r2"),
            s.ar2,
            &want["rouge"]["rouge_2"],
        );
        checked += 1;
    }
    assert_eq!(checked, 11);
    assert_no_failures();
}
