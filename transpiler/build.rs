//! Embeds the runtime crate's sources into the compiler, so that `roast` and `roast2rs` can write
//! a generated project that builds without this repository beside it.
//!
//! Writes `$OUT_DIR/embedded_runtime.rs` holding `RUNTIME_FILES: &[(&str, &str)]` (path relative
//! to the vendored crate, contents) and `RUNTIME_HASH: u64` (a hash of all of it). The vendored
//! `Cargo.toml` is rewritten here: `key.workspace = true` takes the value from the root
//! `[workspace.package]`, and `[lints] workspace = true` becomes a copy of `[workspace.lints.*]`,
//! so the copy stands on its own.

use std::collections::BTreeMap;
use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    let manifest_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let repo = manifest_dir
        .parent()
        .expect("transpiler/ has a parent")
        .to_path_buf();
    let runtime = repo.join("runtime");
    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("OUT_DIR"));

    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed={}", runtime.join("src").display());
    println!(
        "cargo:rerun-if-changed={}",
        runtime.join("Cargo.toml").display()
    );
    if runtime.join("build.rs").is_file() {
        // (Only when it exists: a missing rerun-if-changed path makes cargo rerun every time.)
        println!(
            "cargo:rerun-if-changed={}",
            runtime.join("build.rs").display()
        );
    }
    println!(
        "cargo:rerun-if-changed={}",
        repo.join("Cargo.toml").display()
    );

    // Relative path → absolute path of every file to embed, sorted for a stable table.
    let mut files: BTreeMap<String, PathBuf> = BTreeMap::new();
    walk(&runtime.join("src"), "src", &mut files);
    if runtime.join("build.rs").is_file() {
        files.insert("build.rs".into(), runtime.join("build.rs"));
    }

    let root_toml = read(&repo.join("Cargo.toml"));
    let runtime_toml = read(&runtime.join("Cargo.toml"));
    let vendored_toml = vendor_manifest(&runtime_toml, &root_toml);
    let vendored_toml_path = out_dir.join("vendored-runtime-Cargo.toml");
    fs::write(&vendored_toml_path, &vendored_toml).expect("write vendored Cargo.toml");

    let mut hash = Fnv::new();
    hash.add(b"Cargo.toml");
    hash.add(vendored_toml.as_bytes());
    let mut table = String::new();
    let _ = writeln!(
        table,
        "    ({:?}, include_str!({:?})),",
        "Cargo.toml",
        vendored_toml_path.display().to_string()
    );
    for (rel, abs) in &files {
        let text = read(abs);
        hash.add(rel.as_bytes());
        hash.add(text.as_bytes());
        let _ = writeln!(
            table,
            "    ({rel:?}, include_str!({:?})),",
            abs.display().to_string()
        );
    }

    let code = format!(
        "/// Every file of the vendored runtime crate: (path relative to the crate, contents).\n\
         pub static RUNTIME_FILES: &[(&str, &str)] = &[\n{table}];\n\n\
         /// A hash of `RUNTIME_FILES`, to tell one runtime version from another.\n\
         pub const RUNTIME_HASH: u64 = {:#018x};\n",
        hash.finish()
    );
    fs::write(out_dir.join("embedded_runtime.rs"), code).expect("write embedded_runtime.rs");
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Collects the regular files under `dir` (skipping hidden files and editor backups).
fn walk(dir: &Path, rel: &str, out: &mut BTreeMap<String, PathBuf>) {
    let entries =
        fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
    for entry in entries {
        let entry = entry.expect("directory entry");
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.')
            || name.ends_with('~')
            || name.ends_with(".swp")
            || name.ends_with(".orig")
        {
            continue;
        }
        let path = entry.path();
        let child = format!("{rel}/{name}");
        if path.is_dir() {
            walk(&path, &child, out);
        } else if path.is_file() {
            out.insert(child, path);
        }
    }
}

/// The runtime's Cargo.toml with every workspace-inherited key replaced by its value.
fn vendor_manifest(runtime_toml: &str, root_toml: &str) -> String {
    let sections = toml_sections(root_toml);
    let package = sections
        .get("workspace.package")
        .cloned()
        .unwrap_or_default();
    let mut out = String::new();
    let mut section = String::new();
    for line in runtime_toml.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            section = trimmed.trim_matches(['[', ']']).trim().to_string();
            if section == "lints" {
                continue; // rewritten below from [workspace.lints.*]
            }
            out.push_str(line);
            out.push('\n');
            continue;
        }
        if section == "lints" {
            assert!(
                trimmed.is_empty() || trimmed.starts_with('#') || trimmed.replace(' ', "") == "workspace=true",
                "runtime/Cargo.toml: only `[lints] workspace = true` can be vendored, found `{trimmed}`"
            );
            continue;
        }
        let compact = trimmed.replace(' ', "");
        let inherited = compact
            .strip_suffix(".workspace=true")
            .or_else(|| compact.strip_suffix("={workspace=true}"));
        match inherited {
            Some(key) if section == "package" => {
                let value = package.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()).unwrap_or_else(|| panic!("runtime/Cargo.toml inherits `{key}` but [workspace.package] has no such key"));
                let _ = writeln!(out, "{key} = {value}");
            }
            Some(key) => panic!(
                "runtime/Cargo.toml: `{key}` in [{section}] inherits from the workspace; the runtime is vendored \
                 into generated projects and must not depend on the workspace"
            ),
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    for (name, entries) in &sections {
        if let Some(tool) = name.strip_prefix("workspace.lints.") {
            let _ = writeln!(out, "\n[lints.{tool}]");
            for (k, v) in entries {
                let _ = writeln!(out, "{k} = {v}");
            }
        }
    }
    out
}

/// A minimal reader for the flat `key = value` sections of a Cargo.toml (values kept verbatim).
fn toml_sections(text: &str) -> BTreeMap<String, Vec<(String, String)>> {
    let mut sections: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let mut current = String::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if trimmed.starts_with('[') {
            current = trimmed.trim_matches(['[', ']']).trim().to_string();
            continue;
        }
        if let Some((k, v)) = trimmed.split_once('=') {
            sections
                .entry(current.clone())
                .or_default()
                .push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    sections
}

/// FNV-1a, 64 bits: stable across Rust versions, unlike `DefaultHasher`.
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    fn add(&mut self, bytes: &[u8]) {
        for &b in bytes
            .iter()
            .chain((bytes.len() as u64).to_le_bytes().iter())
        {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}
