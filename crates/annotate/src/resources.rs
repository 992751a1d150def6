//! [`Resources`]: every model and table the pipeline reads, in one value.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use rashomon_actors::{Resolver, Table};
use rashomon_attribution::Extractor;
use rashomon_places::Gazetteer;
use rashomon_stance::StanceModel;

/// A model or table given on the command line that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ResourcesError {
    #[error("{path}: cannot read the gazetteer: {source}")]
    ReadGazetteer {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: not a usable gazetteer: {reason}")]
    BadGazetteer { path: String, reason: String },
}

/// The models and tables of a run: the attribution tagger, the actor table and its resolver,
/// the gazetteer, the stance model. Built once at the edge and passed by reference; each part
/// is loaded the first time it is asked for (so `Resources` is cheap to make), at most once,
/// and is shared by all threads.
#[derive(Default)]
pub struct Resources {
    extractor: OnceLock<Extractor>,
    resolver: OnceLock<Resolver>,
    gazetteer: OnceLock<Gazetteer>,
    stance: OnceLock<StanceModel>,
}

impl Resources {
    /// The models and tables rashomon ships, each loaded on first use.
    pub fn shipped() -> Resources {
        Resources::default()
    }

    /// Uses the gazetteer in `path` (built by `rashomon-lab gazetteer build`) instead of the
    /// shipped one. Read now, so that a bad file is reported before any work.
    pub fn with_gazetteer_file(self, path: &Path) -> Result<Resources, ResourcesError> {
        let bytes = std::fs::read(path).map_err(|source| ResourcesError::ReadGazetteer {
            path: path.display().to_string(),
            source,
        })?;
        let g = Gazetteer::from_gzip(&bytes).map_err(|e| ResourcesError::BadGazetteer {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        Ok(self.with_gazetteer(g))
    }

    /// Uses `g` as the gazetteer.
    pub fn with_gazetteer(self, g: Gazetteer) -> Resources {
        let _ = self.gazetteer.set(g);
        self
    }

    /// Uses `model` as the attribution tagger.
    pub fn with_extractor(self, extractor: Extractor) -> Resources {
        let _ = self.extractor.set(extractor);
        self
    }

    /// Uses `model` as the stance model.
    pub fn with_stance(self, model: StanceModel) -> Resources {
        let _ = self.stance.set(model);
        self
    }

    /// The attribution tagger.
    pub fn extractor(&self) -> &Extractor {
        self.extractor.get_or_init(Extractor::shipped)
    }

    /// The speaker resolver over the actor table.
    pub fn resolver(&self) -> &Resolver {
        self.resolver
            .get_or_init(|| Resolver::new(Arc::new(Table::shipped())))
    }

    /// The actor alias table.
    pub fn actors(&self) -> &Table {
        self.resolver().table()
    }

    /// The gazetteer.
    pub fn gazetteer(&self) -> &Gazetteer {
        self.gazetteer.get_or_init(Gazetteer::shipped)
    }

    /// The stance model.
    pub fn stance(&self) -> &StanceModel {
        self.stance.get_or_init(StanceModel::shipped)
    }
}
