//! The build cache of `roast run` and `roast build`.
//!
//! ```text
//! $ROAST_CACHE_DIR (or $XDG_CACHE_HOME/roast, or ~/.cache/roast)
//!   target/                      the ONE shared CARGO_TARGET_DIR
//!   roast-runtime/               the ONE shared vendored runtime (same path for every program,
//!                                so cargo compiles it once per profile)
//!   projects/<package>/          one generated project per program (package name from
//!     Cargo.toml, src/main.rs    the canonical source path: see `project::package_name`)
//!     release.stamp, debug.stamp cache key and executable of the last successful build
//! ```
//!
//! The key hashes the generated Rust, the Cargo.toml, the runtime's sources, the compiler's
//! version and the profile. When the stamp matches and the executable exists, the program runs
//! without cargo or rustc being started at all.

use super::cargo::{self, Profile, Progress};
use super::compile::io_reason;
use super::hash::StableHasher;
use super::project::{self, GeneratedFile, ProjectSpec, ReleaseProfile};
use super::{embedded, trace, Error, Result};
use std::fs;
use std::path::{Path, PathBuf};

/// The cache directory and what lives in it.
#[derive(Clone, Debug)]
pub struct Cache {
    pub root: PathBuf,
}

impl Cache {
    /// `$ROAST_CACHE_DIR`, else `$XDG_CACHE_HOME/roast`, else `$HOME/.cache/roast`.
    pub fn locate() -> Result<Cache> {
        let non_empty = |v: &str| {
            std::env::var_os(v)
                .filter(|s| !s.is_empty())
                .map(PathBuf::from)
        };
        let root = non_empty("ROAST_CACHE_DIR")
            .or_else(|| non_empty("XDG_CACHE_HOME").map(|p| p.join("roast")))
            .or_else(|| non_empty("HOME").map(|p| p.join(".cache").join("roast")))
            .ok_or_else(|| {
                Error::new("cannot find a cache directory: set ROAST_CACHE_DIR (or HOME)")
            })?;
        let root = if root.is_absolute() {
            root
        } else {
            std::env::current_dir()
                .map(|cwd| cwd.join(&root))
                .unwrap_or(root)
        };
        Ok(Cache { root })
    }

    pub fn target_dir(&self) -> PathBuf {
        self.root.join("target")
    }

    pub fn runtime_dir(&self) -> PathBuf {
        self.root.join("roast-runtime")
    }

    pub fn project_dir(&self, package: &str) -> PathBuf {
        self.root.join("projects").join(package)
    }
}

/// A program ready to be looked up in the cache or built.
#[derive(Debug)]
pub struct Prepared {
    pub project_dir: PathBuf,
    pub files: Vec<GeneratedFile>,
    pub profile: Profile,
    /// The cache key of this program's build.
    pub key: String,
    /// The program as the user named it, for messages.
    pub shown: String,
}

impl Prepared {
    fn stamp_path(&self) -> PathBuf {
        self.project_dir
            .join(format!("{}.stamp", self.profile.name()))
    }
}

/// Lays out (in memory) the project for `rust`, the Rust generated from `source`.
pub fn prepare(cache: &Cache, source: &Path, rust: &str, profile: Profile) -> Prepared {
    let package = project::package_name(source);
    let spec = ProjectSpec {
        source,
        rust,
        bin: package.clone(),
        package: package.clone(),
        runtime_path: "../../roast-runtime".to_string(),
        release: ReleaseProfile::default(),
    };
    let files = project::project_files(&spec);
    let mut h = StableHasher::new();
    h.add(env!("CARGO_PKG_VERSION").as_bytes())
        .add(&embedded::RUNTIME_HASH.to_le_bytes())
        .add(profile.name().as_bytes());
    for f in &files {
        h.add(f.path.to_string_lossy().as_bytes())
            .add(f.contents.as_bytes());
    }
    Prepared {
        project_dir: cache.project_dir(&package),
        files,
        profile,
        key: h.hex(),
        shown: source.display().to_string(),
    }
}

/// The executable of an earlier build with the same key, if it is still there.
pub fn lookup(prepared: &Prepared) -> Option<PathBuf> {
    let stamp = fs::read_to_string(prepared.stamp_path()).ok()?;
    let mut key = None;
    let mut exe = None;
    for line in stamp.lines() {
        if let Some(k) = line.strip_prefix("key=") {
            key = Some(k);
        } else if let Some(e) = line.strip_prefix("executable=") {
            exe = Some(PathBuf::from(e));
        }
    }
    let exe = exe?;
    (key? == prepared.key && exe.is_file()).then_some(exe)
}

/// Writes the project (and the shared runtime) and builds it; records the stamp.
pub fn build(cache: &Cache, prepared: &Prepared, progress: Progress) -> Result<PathBuf> {
    sync_runtime(cache)?;
    project::write_files(&prepared.project_dir, &prepared.files)?;
    let stamp = prepared.stamp_path();
    let _ = fs::remove_file(&stamp);
    let exe = cargo::build(
        &prepared.project_dir.join("Cargo.toml"),
        &cache.target_dir(),
        prepared.profile,
        progress,
        &prepared.shown,
    )?;
    let record = format!("key={}\nexecutable={}\n", prepared.key, exe.display());
    project::write_atomic(&stamp, record.as_bytes())?;
    trace!("built {} -> {}", prepared.shown, exe.display());
    Ok(exe)
}

/// Makes the shared runtime copy match the runtime built into this compiler, touching nothing
/// when it already does (so cargo does not rebuild it).
fn sync_runtime(cache: &Cache) -> Result<()> {
    let dir = cache.runtime_dir();
    let hash_file = dir.join(".roast-runtime-hash");
    let want = format!("{:016x}\n", embedded::RUNTIME_HASH);
    if fs::read_to_string(&hash_file).is_ok_and(|h| h == want) && dir.join("Cargo.toml").is_file() {
        return Ok(());
    }
    trace!("writing the shared runtime to {}", dir.display());
    fs::create_dir_all(&dir).map_err(|e| {
        Error::new(format!(
            "cannot create cache directory `{}`: {}",
            dir.display(),
            io_reason(&e)
        ))
    })?;
    project::write_files(&dir, &project::runtime_files(Path::new("")))?;
    project::write_atomic(&hash_file, want.as_bytes())
}
