//! Writing output files: all the files of a run appear together or not at all.
//!
//! A run writes into a fresh folder beside `--out` ([`Staged::begin`], which also takes a lock
//! so that a second run into the same `--out` is refused at once, and fails early when the
//! folder cannot be written), and [`Staged::commit`] puts it in place of `--out` with two
//! renames. Killed at any moment, a run leaves either the previous outputs or the new ones
//! (files of the folder that the run did not write are kept); a staging folder left by a
//! killed run is named `.NAME.rashomon-*` beside `--out`.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::{Context, Result};
use serde::Serialize;

/// Writes `value` as pretty JSON to `path`.
pub fn write_json(path: &Path, value: &impl Serialize) -> Result<()> {
    let file = File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    let mut w = BufWriter::new(file);
    serde_json::to_writer_pretty(&mut w, value)
        .map_err(std::io::Error::from)
        .and_then(|()| w.write_all(b"\n"))
        .and_then(|()| w.flush())
        .with_context(|| format!("cannot write {}", path.display()))
}

/// Writes `bytes` to `path`.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut f = File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    f.write_all(bytes)
        .with_context(|| format!("cannot write {}", path.display()))
}

/// Writes a sequence of values as JSON Lines to `path`.
pub fn write_json_lines<T: Serialize>(path: &Path, items: &[T]) -> Result<()> {
    let file = File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    let mut w = BufWriter::new(file);
    for item in items {
        serde_json::to_writer(&mut w, item)
            .map_err(std::io::Error::from)
            .and_then(|()| w.write_all(b"\n"))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    w.flush()
        .with_context(|| format!("cannot write {}", path.display()))
}

/// Removes a store left at `path` by an earlier run (with SQLite's side files).
pub fn remove_store(path: &Path) -> Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let file = std::path::PathBuf::from(format!("{}{suffix}", path.display()));
        match std::fs::remove_file(&file) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("cannot replace {}", file.display())),
        }
    }
    Ok(())
}

/// The output folder of a run, being written.
pub struct Staged {
    target: std::path::PathBuf,
    staging: Option<tempfile::TempDir>,
    /// Held until the run ends: the kernel releases it if the process dies.
    _lock: File,
}

impl Staged {
    /// Starts writing a run's outputs for `target`: takes the lock of `target` (a second run
    /// into it is refused with a message naming it) and makes the staging folder beside it.
    pub fn begin(target: &Path) -> Result<Staged> {
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .filter(|n| n != "." && n != "..")
            .with_context(|| format!("{}: not a usable output folder name", target.display()))?;
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => std::path::PathBuf::from("."),
        };
        if target.exists() && !target.is_dir() {
            anyhow::bail!("{}: exists and is not a folder", target.display());
        }
        std::fs::create_dir_all(&parent)
            .with_context(|| format!("cannot create output folder {}", parent.display()))?;
        let lock_path = parent.join(format!(".{name}.rashomon-lock"));
        let lock = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .with_context(|| format!("cannot write in {}", parent.display()))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => anyhow::bail!(
                "{}: another rashomon run is writing there; wait for it to end or choose another --out",
                target.display()
            ),
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(e).with_context(|| format!("cannot lock {}", lock_path.display()))
            }
        }
        let staging = tempfile::Builder::new()
            .prefix(&format!(".{name}.rashomon-"))
            .tempdir_in(&parent)
            .with_context(|| format!("cannot write in {}", parent.display()))?;
        Ok(Staged {
            target: target.to_path_buf(),
            staging: Some(staging),
            _lock: lock,
        })
    }

    /// Where a file of the run is written until the run commits.
    pub fn path(&self, file: &str) -> std::path::PathBuf {
        self.staging
            .as_ref()
            .expect("staging until committed")
            .path()
            .join(file)
    }

    /// Where a file of the run will be once the run commits (for messages).
    pub fn final_path(&self, file: &str) -> std::path::PathBuf {
        self.target.join(file)
    }

    /// Puts the run's files in place of the previous outputs, all at once.
    pub fn commit(mut self) -> Result<()> {
        let staging = self.staging.take().expect("committed once").keep();
        let target = &self.target;
        if !target.exists() {
            return std::fs::rename(&staging, target).with_context(|| {
                format!("cannot move {} to {}", staging.display(), target.display())
            });
        }
        // The previous folder steps aside, the new one takes its place, and what the previous
        // one held that this run did not write comes back into it.
        let old = staging.with_file_name(
            staging
                .file_name()
                .map(|n| {
                    n.to_string_lossy()
                        .replacen("rashomon-", "rashomon-old-", 1)
                })
                .unwrap_or_default(),
        );
        std::fs::rename(target, &old)
            .with_context(|| format!("cannot move {} aside", target.display()))?;
        std::fs::rename(&staging, target).with_context(|| {
            format!("cannot move {} to {}", staging.display(), target.display())
        })?;
        for entry in std::fs::read_dir(&old)
            .with_context(|| format!("cannot read {}", old.display()))?
            .flatten()
        {
            let dest = target.join(entry.file_name());
            if !dest.exists() {
                std::fs::rename(entry.path(), &dest)
                    .with_context(|| format!("cannot move {} back", entry.path().display()))?;
            }
        }
        std::fs::remove_dir_all(&old).with_context(|| format!("cannot remove {}", old.display()))
    }
}
