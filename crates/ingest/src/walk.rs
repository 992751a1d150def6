//! Expanding the command line's paths into input files, and what a file's path says about it
//! (a `YYYY-MM-DD` folder, a folder named after an outlet).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::error::InputError;

/// What a file's folders say about its documents.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PathHints {
    /// A publication date from a folder name, with the folder's name.
    pub date: Option<(NaiveDate, String)>,
    /// A known outlet a folder is named after.
    pub outlet: Option<&'static str>,
}

impl PathHints {
    /// Hints from folder names, nearest folder first.
    pub fn from_folders(folders: &[String]) -> PathHints {
        let mut hints = PathHints::default();
        for (i, name) in folders.iter().enumerate().rev() {
            if hints.date.is_none() {
                hints.date = date_folder(name).map(|d| (d, name.clone())).or_else(|| {
                    // Nested year/month/day folders: .../2017/10/14/
                    if i >= 2 {
                        let (y, m, d) = (&folders[i - 2], &folders[i - 1], name);
                        let ok = y.len() == 4 && m.len() <= 2 && d.len() <= 2;
                        let date = ok
                            .then(|| {
                                NaiveDate::from_ymd_opt(
                                    y.parse().ok()?,
                                    m.parse().ok()?,
                                    d.parse().ok()?,
                                )
                            })
                            .flatten();
                        date.map(|date| (date, format!("{y}/{m}/{d}")))
                    } else {
                        None
                    }
                });
            }
            if hints.outlet.is_none() {
                hints.outlet = rashomon_text::outlets::outlets()
                    .by_folder_name(name)
                    .map(|o| o.name);
            }
        }
        hints
    }
}

fn date_folder(name: &str) -> Option<NaiveDate> {
    ["%Y-%m-%d", "%Y_%m_%d", "%Y%m%d"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(name, f).ok())
        .filter(|d| (1800..=2200).contains(&chrono::Datelike::year(d)))
}

/// One input: a file, or standard input.
#[derive(Debug, Clone)]
pub struct Input {
    /// `None` for standard input.
    pub file: Option<PathBuf>,
    /// The path as shown to the user (`-` for standard input).
    pub display: String,
    pub hints: PathHints,
    /// Size on disk when known before reading (files named on the command line); 0 otherwise.
    pub size: u64,
}

impl Input {
    pub fn stdin() -> Input {
        Input {
            file: None,
            display: "-".into(),
            hints: PathHints::default(),
            size: 0,
        }
    }
}

/// The inputs found, the paths that could not be used, with why, and the paths left out.
#[derive(Debug, Default)]
pub struct Expanded {
    pub inputs: Vec<Input>,
    pub failures: Vec<(String, InputError)>,
    /// Files and folders the walk left out unread (hidden ones), counted by reason.
    pub skipped: std::collections::BTreeMap<String, u64>,
}

/// Why the walk leaves a file or folder out.
pub const HIDDEN_FILE: &str = "hidden file";
pub const HIDDEN_FOLDER: &str = "hidden folder";

fn folder_names(path: &Path) -> Vec<String> {
    path.parent()
        .map(|p| {
            p.components()
                .filter_map(|c| match c {
                    std::path::Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Expands files and folders (recursively, in sorted order) into inputs. Hidden files and
/// folders inside a folder are left out and counted in [`Expanded::skipped`] (a hidden folder
/// once, unwalked); a hidden path named on the command line is read. `-` stands for standard
/// Checks an `--exclude` pattern: `Err` says what is wrong with it.
pub fn check_exclude(pattern: &str) -> Result<(), String> {
    ignore::overrides::OverrideBuilder::new(".")
        .add(&format!("!{pattern}"))
        .map(|_| ())
        .map_err(|e| format!("bad glob {pattern:?}: {e}"))
}

/// input. `exclude` holds glob patterns of files to leave out.
pub fn expand(paths: &[PathBuf], exclude: &[String]) -> Result<Expanded, String> {
    let mut out = Expanded::default();
    for path in paths {
        if path.as_os_str() == "-" {
            out.inputs.push(Input::stdin());
            continue;
        }
        let display = path.display().to_string();
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                out.failures.push((display, InputError::Open(e)));
                continue;
            }
        };
        if meta.is_file() {
            // Only the folders the user typed count as hints: not the rest of an absolute path.
            let folders = folder_names(path);
            let keep = if path.is_absolute() { 2 } else { folders.len() };
            let folders = folders[folders.len().saturating_sub(keep)..].to_vec();
            out.inputs.push(Input {
                file: Some(path.clone()),
                display,
                hints: PathHints::from_folders(&folders),
                size: meta.len(),
            });
            continue;
        }
        if !meta.is_dir() {
            out.failures.push((display, InputError::NotAFile));
            continue;
        }
        let mut overrides = ignore::overrides::OverrideBuilder::new(path);
        for pattern in exclude {
            overrides
                .add(&format!("!{pattern}"))
                .map_err(|e| format!("bad --exclude pattern {pattern:?}: {e}"))?;
        }
        let overrides = overrides
            .build()
            .map_err(|e| format!("bad --exclude patterns: {e}"))?;
        let root_name: Vec<String> = path
            .canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .into_iter()
            .collect();
        // Hidden entries are pruned here rather than by the walker's own filter, so that they
        // can be counted: nothing is left out without a trace in the account.
        let hidden: std::sync::Arc<std::sync::Mutex<Vec<bool>>> = Default::default();
        let seen_hidden = hidden.clone();
        let walker = ignore::WalkBuilder::new(path)
            .standard_filters(false)
            .hidden(false)
            .follow_links(true)
            .overrides(overrides)
            .sort_by_file_name(|a, b| a.cmp(b))
            .filter_entry(move |entry| {
                let is_hidden =
                    entry.depth() > 0 && entry.file_name().as_encoded_bytes().starts_with(b".");
                if is_hidden {
                    let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
                    if let Ok(mut seen) = seen_hidden.lock() {
                        seen.push(is_dir);
                    }
                }
                !is_hidden
            })
            .build();
        let mut hints_by_folder: std::collections::HashMap<PathBuf, PathHints> = Default::default();
        for entry in walker {
            match entry {
                Ok(entry) => {
                    let Some(ft) = entry.file_type() else {
                        continue;
                    };
                    if ft.is_dir() {
                        continue;
                    }
                    let file = entry.path().to_path_buf();
                    let display = file.display().to_string();
                    if !ft.is_file() {
                        out.failures.push((display, InputError::NotAFile));
                        continue;
                    }
                    let relative = file.strip_prefix(path).unwrap_or(&file);
                    // Files of one folder share their hints: work them out once per folder.
                    let parent = relative.parent().unwrap_or(Path::new("")).to_path_buf();
                    let hints = hints_by_folder
                        .entry(parent)
                        .or_insert_with(|| {
                            let mut folders = root_name.clone();
                            folders.extend(folder_names(relative));
                            PathHints::from_folders(&folders)
                        })
                        .clone();
                    // No stat here: the size comes from the open file, which saves a path
                    // lookup per file on corpora of many small files.
                    out.inputs.push(Input {
                        file: Some(file),
                        display,
                        hints,
                        size: 0,
                    });
                }
                Err(e) => {
                    let shown = match &e {
                        ignore::Error::WithPath { path, .. } => path.display().to_string(),
                        _ => path.display().to_string(),
                    };
                    let io = e
                        .into_io_error()
                        .unwrap_or_else(|| std::io::Error::other("cannot walk folder"));
                    out.failures.push((shown, InputError::Open(io)));
                }
            }
        }
        let hidden = std::mem::take(&mut *hidden.lock().unwrap_or_else(|e| e.into_inner()));
        for is_dir in hidden {
            let reason = if is_dir { HIDDEN_FOLDER } else { HIDDEN_FILE };
            *out.skipped.entry(reason.to_string()).or_insert(0) += 1;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hints(folders: &[&str]) -> PathHints {
        PathHints::from_folders(&folders.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn timeline17_layout() {
        let h = hints(&["t17", "bpoil_bbc", "InputDocs", "2010-05-24"]);
        assert_eq!(h.date.unwrap().0.to_string(), "2010-05-24");
        assert_eq!(h.outlet, Some("BBC"));
    }

    #[test]
    fn nested_dates_and_nothing() {
        let h = hints(&["news", "2017", "10", "14"]);
        assert_eq!(h.date.unwrap().1, "2017/10/14");
        assert_eq!(hints(&["articles", "misc"]), PathHints::default());
        assert_eq!(hints(&["2017-13-45"]).date, None);
    }

    #[test]
    fn walks_sorted_and_reports_missing() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("reuters").join("2017-10-14");
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(sub.join("b.txt"), "x").unwrap();
        std::fs::write(sub.join("a.txt"), "x").unwrap();
        std::fs::write(sub.join(".hidden"), "x").unwrap();
        std::fs::write(sub.join("skip.log"), "x").unwrap();
        let e = expand(
            &[dir.path().to_path_buf(), dir.path().join("missing")],
            &["*.log".to_string()],
        )
        .unwrap();
        let names: Vec<_> = e
            .inputs
            .iter()
            .map(|i| {
                i.file
                    .as_ref()
                    .unwrap()
                    .file_name()
                    .unwrap()
                    .to_str()
                    .unwrap()
            })
            .collect();
        assert_eq!(names, vec!["a.txt", "b.txt"]);
        assert_eq!(e.skipped.get(HIDDEN_FILE), Some(&1));
        assert_eq!(e.inputs[0].hints.outlet, Some("Reuters"));
        assert_eq!(e.failures.len(), 1);
        assert!(e.failures[0].0.ends_with("missing"));
    }
}
