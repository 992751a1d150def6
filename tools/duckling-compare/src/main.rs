//! `cargo run --release -- DIR`: runs rashomon's tagger and the `duckling` crate (0.4) on the
//! `<TEXT>` of every TimeML file under DIR with its gold DCT, converts duckling's resolved
//! times to TIMEX3 values, and prints both systems' TempEval-3 scores and speed.

use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{Datelike, NaiveDateTime, TimeZone, Timelike};
use duckling::{Context, DimensionKind, DimensionValue, Grain, Lang, Locale, Options, TimePoint, TimeValue};
use rashomon_eval::tempeval::{count, Counts, ScoredTimex};
use rashomon_eval::timeml::{parse, TimemlDoc};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("readable folder") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "tml") {
            out.push(p);
        }
    }
}

fn point_value(p: &TimePoint) -> (String, &'static str) {
    let (v, grain): (NaiveDateTime, Grain) = match p {
        TimePoint::Naive { value, grain } => (*value, *grain),
        TimePoint::Instant { value, grain } => (value.naive_local(), *grain),
    };
    match grain {
        Grain::Year => (format!("{:04}", v.year()), "DATE"),
        Grain::Quarter => (format!("{:04}-Q{}", v.year(), (v.month() - 1) / 3 + 1), "DATE"),
        Grain::Month => (format!("{:04}-{:02}", v.year(), v.month()), "DATE"),
        Grain::Week => {
            let w = v.date().iso_week();
            (format!("{:04}-W{:02}", w.year(), w.week()), "DATE")
        }
        Grain::Day => (v.format("%Y-%m-%d").to_string(), "DATE"),
        Grain::NoGrain => ("PRESENT_REF".into(), "DATE"),
        _ => (v.format("%Y-%m-%dT%H:%M").to_string(), "TIME"),
    }
}

fn duration_value(value: i64, grain: Grain) -> String {
    match grain {
        Grain::Second => format!("PT{value}S"),
        Grain::Minute => format!("PT{value}M"),
        Grain::Hour => format!("PT{value}H"),
        Grain::Day => format!("P{value}D"),
        Grain::Week => format!("P{value}W"),
        Grain::Month => format!("P{value}M"),
        Grain::Quarter => format!("P{}M", 3 * value),
        _ => format!("P{value}Y"),
    }
}

fn duckling_timexes(doc: &TimemlDoc) -> Vec<ScoredTimex> {
    let locale = Locale::new(Lang::EN, None);
    let dct = doc.dct().expect("gold DCT");
    let reference = chrono::FixedOffset::east_opt(0)
        .unwrap()
        .with_ymd_and_hms(dct.year(), dct.month(), dct.day(), 12, 0, 0)
        .unwrap();
    let context = Context::new(reference, locale);
    let entities = duckling::parse(&doc.text, &locale, &[DimensionKind::Time, DimensionKind::Duration], &context, &Options::default());
    entities
        .into_iter()
        .filter_map(|e| {
            let (value, kind) = match &e.value {
                DimensionValue::Time(TimeValue::Single { value, .. }) => point_value(value),
                DimensionValue::Time(TimeValue::Interval { from: Some(p), .. }) | DimensionValue::Time(TimeValue::Interval { to: Some(p), .. }) => point_value(p),
                DimensionValue::Duration { value, grain, .. } => (duration_value(*value, *grain), "DURATION"),
                _ => return None,
            };
            let _ = reference.hour();
            Some(ScoredTimex { start: e.start, end: e.end, text: doc.text[e.start..e.end].to_string(), kind: kind.into(), value })
        })
        .collect()
}

fn ours(doc: &TimemlDoc) -> Vec<ScoredTimex> {
    rashomon_time::tag(&doc.text, doc.dct())
        .into_iter()
        .map(|t| ScoredTimex {
            start: t.span.start as usize,
            end: t.span.end as usize,
            text: doc.text[t.span.range()].to_string(),
            kind: t.kind.as_str().into(),
            value: t.value,
        })
        .collect()
}

fn main() {
    let dir = std::env::args().nth(1).expect("usage: duckling-compare TIMEML_DIR [MAX_FILES]");
    let max: usize = std::env::args().nth(2).map_or(usize::MAX, |s| s.parse().expect("a number"));
    let mut paths = Vec::new();
    files(Path::new(&dir), &mut paths);
    paths.sort();
    paths.truncate(max);
    let docs: Vec<TimemlDoc> = paths.iter().map(|p| parse(&std::fs::read_to_string(p).unwrap()).unwrap()).collect();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    for (name, system) in [("rashomon", ours as fn(&TimemlDoc) -> Vec<ScoredTimex>), ("duckling 0.4", duckling_timexes)] {
        let started = Instant::now();
        let mut total = Counts::default();
        for doc in &docs {
            let gold: Vec<ScoredTimex> = doc.timexes.iter().map(ScoredTimex::from).collect();
            total += count(&gold, &system(doc));
        }
        let secs = started.elapsed().as_secs_f64();
        let s = total.scores();
        println!(
            "{name:<13} files {:>4}  strict F1 {:>6.2}  relaxed F1 {:>6.2}  value F1 {:>6.2}  type F1 {:>6.2}  ({:.3} s, {:.3} MB/s, {:.2} ms per KB)",
            docs.len(),
            s.strict_f1,
            s.relaxed_f1,
            s.value_f1,
            s.type_f1,
            secs,
            bytes as f64 / 1e6 / secs,
            secs * 1000.0 / (bytes as f64 / 1024.0)
        );
    }
}
