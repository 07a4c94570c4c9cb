//! Many programs as modules of ONE Rust crate, built with one `cargo build`: the test crate's
//! `main.rs` dispatches on `argv[1]` (the program's name). If rustc rejects some modules, its
//! errors (from `--message-format=json`) are blamed on their programs, which are set aside with
//! the message, and the crate is rebuilt without them. Used by `programs.rs` and `differential.rs`.

use cargo_metadata::Message;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The one crate holding every program, after building it.
pub struct Built {
    /// The dispatcher executable, or why there is none.
    pub exe: Result<PathBuf, String>,
    /// Programs left out of the crate, and why (diagnostics, a panic, rustc errors).
    pub failures: HashMap<String, String>,
}

/// The module name of a program in the test crate (`p_` + the name made an identifier).
pub fn module_name(program: &str) -> String {
    let ident: String = program
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    format!("p_{ident}")
}

/// Builds `modules` (program → (module name, Rust code)) as one crate named `crate_name` in `dir`,
/// one `cargo build` per round: a program whose module rustc rejects is added to `failures` (with
/// the rustc message and its numbered code) and the crate is rebuilt without it.
pub fn build(
    dir: &Path,
    crate_name: &str,
    mut modules: BTreeMap<String, (String, String)>,
    mut failures: HashMap<String, String>,
) -> Built {
    let mut last_error = String::new();
    let start = std::time::Instant::now();
    // Each round either builds, or takes out at least one program that rustc rejected.
    for round in 1..=modules.len() + 1 {
        let layout = match write_crate(dir, crate_name, &modules) {
            Ok(layout) => layout,
            Err(e) => {
                return Built {
                    exe: Err(e),
                    failures,
                }
            }
        };
        match cargo_build(dir, crate_name) {
            Ok(exe) => {
                eprintln!("note: {} programs built as one crate in {} with {round} cargo build(s), {:.1} s", modules.len(), dir.display(), start.elapsed().as_secs_f64());
                return Built {
                    exe: Ok(exe),
                    failures,
                };
            }
            Err(BuildError::Failed { errors, output }) => {
                let mut blamed: BTreeMap<String, String> = BTreeMap::new();
                for (places, rendered) in errors {
                    if let Some(program) = places
                        .iter()
                        .find_map(|(file, line)| layout.blame(file, *line))
                    {
                        blamed.entry(program).or_default().push_str(&rendered);
                    }
                }
                if blamed.is_empty() {
                    last_error = format!("the test crate in {} failed to build, and no error points into a program:\n{output}", dir.display());
                    break;
                }
                for (program, rendered) in blamed {
                    if let Some((module, code)) = modules.remove(&program) {
                        failures
                            .insert(program, format!("rustc rejected the generated Rust (a Roast bug: generated Rust must always compile):\n{rendered}\n----- src/{module}.rs\n{}", numbered(&code)));
                    }
                }
            }
            Err(BuildError::Other(e)) => {
                last_error = e;
                break;
            }
        }
    }
    eprintln!("{last_error}");
    Built {
        exe: Err(format!(
            "the test crate did not build: {}",
            last_error.lines().next().unwrap_or("")
        )),
        failures,
    }
}

/// Checks generated Rust before it goes into the crate: it tokenizes and has no `unsafe`.
pub fn check_generated(code: &str) -> Result<(), String> {
    let tokens: proc_macro2::TokenStream = code.parse().map_err(|e| {
        format!(
            "the generated Rust does not even tokenize: {e}\n----- generated\n{}",
            numbered(code)
        )
    })?;
    if contains_unsafe(tokens) {
        return Err(format!(
            "the generated Rust contains `unsafe`\n----- generated\n{}",
            numbered(code)
        ));
    }
    Ok(())
}

pub fn contains_unsafe(tokens: proc_macro2::TokenStream) -> bool {
    tokens.into_iter().any(|t| match t {
        proc_macro2::TokenTree::Ident(i) => i == "unsafe",
        proc_macro2::TokenTree::Group(g) => contains_unsafe(g.stream()),
        _ => false,
    })
}

pub fn numbered(code: &str) -> String {
    code.lines()
        .enumerate()
        .fold(String::new(), |mut out, (i, l)| {
            let _ = writeln!(out, "{:>4} | {l}", i + 1);
            out
        })
}

/// Where each program sits in the generated crate, to blame rustc errors on programs.
struct Layout {
    /// `src/p_x.rs` → program.
    files: HashMap<String, String>,
    /// Line of `src/main.rs` → program.
    main_lines: HashMap<usize, String>,
}

impl Layout {
    fn blame(&self, file: &str, line: usize) -> Option<String> {
        let file = file.replace('\\', "/");
        if let Some(p) = self
            .files
            .iter()
            .find(|(f, _)| file.ends_with(f.as_str()))
            .map(|(_, p)| p)
        {
            return Some(p.clone());
        }
        if file.ends_with("src/main.rs") {
            return self.main_lines.get(&line).cloned();
        }
        None
    }
}

/// Optimization level of the test crate (measured: see README's "Tests" section).
pub const OPT_LEVEL: &str = "0";

fn write_crate(
    dir: &Path,
    crate_name: &str,
    modules: &BTreeMap<String, (String, String)>,
) -> Result<Layout, String> {
    let runtime = super::repo_root().join("runtime");
    let opt_level = std::env::var("ROAST_TEST_OPT_LEVEL").unwrap_or_else(|_| OPT_LEVEL.to_string());
    let cargo_toml = format!(
        "# Written by transpiler/tests/support/one_crate.rs: every test program as a module of one crate.\n\
         [package]\nname = \"{crate_name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\nroast-runtime = {{ path = {:?} }}\n\n\
         [profile.dev]\nopt-level = {opt_level}\noverflow-checks = true\npanic = \"unwind\"\ndebug = false\n\n\
         [profile.dev.package.roast-runtime]\nopt-level = 2\n\n\
         [workspace]\n",
        runtime.display().to_string()
    );
    let mut main = String::from(
        "//! Written by transpiler/tests/support/one_crate.rs: runs the test program named by argv[1].\n\
         use roast_runtime as rt;\n\n",
    );
    let mut layout = Layout {
        files: HashMap::new(),
        main_lines: HashMap::new(),
    };
    let line_of = |s: &str| s.lines().count() + 1;
    for (program, (module, _)) in modules {
        layout.main_lines.insert(line_of(&main), program.clone());
        let _ = writeln!(main, "mod {module};");
        layout
            .files
            .insert(format!("src/{module}.rs"), program.clone());
    }
    main.push_str(
        "\nfn main() {\n    let mut args = std::env::args().skip(1);\n    let name = args.next().unwrap_or_default();\n\
         \x20   let program: fn() = match name.as_str() {\n",
    );
    for (program, (module, _)) in modules {
        layout.main_lines.insert(line_of(&main), program.clone());
        let _ = writeln!(main, "        {program:?} => {module}::__main__,");
    }
    main.push_str(
        "        _ => {\n            eprintln!(\"no test program named {name:?}\");\n            std::process::exit(2);\n        }\n    };\n\
         \x20   let mut argv = vec![format!(\"{name}.roast\")];\n    argv.extend(args);\n    rt::set_argv(argv);\n\
         \x20   std::process::exit(rt::run_to_exit_code(program));\n}\n",
    );

    let src = dir.join("src");
    std::fs::create_dir_all(&src).map_err(|e| format!("cannot create {}: {e}", src.display()))?;
    let mut wanted = vec![
        (dir.join("Cargo.toml"), cargo_toml),
        (src.join("main.rs"), main),
    ];
    for (module, code) in modules.values() {
        wanted.push((src.join(format!("{module}.rs")), code.clone()));
    }
    // Remove modules of programs that are gone or left out.
    if let Ok(entries) = std::fs::read_dir(&src) {
        for e in entries.flatten() {
            if !wanted.iter().any(|(p, _)| *p == e.path()) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
    for (path, text) in wanted {
        // Unchanged files keep their mtime, so cargo does not rebuild for nothing.
        if std::fs::read(&path).ok().as_deref() != Some(text.as_bytes()) {
            std::fs::write(&path, text)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }
    }
    Ok(layout)
}

enum BuildError {
    /// rustc errors as (the places they point at, rendered message), and cargo's whole output.
    Failed {
        errors: Vec<(Vec<(String, usize)>, String)>,
        output: String,
    },
    Other(String),
}

/// One `cargo build` of the test crate; the dispatcher's path on success.
fn cargo_build(dir: &Path, crate_name: &str) -> Result<PathBuf, BuildError> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.args(["build", "--message-format=json", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd
        .spawn()
        .map_err(|e| BuildError::Other(format!("cannot run cargo: {e}")))?;
    let stderr = child.stderr.take().map(|mut r| {
        std::thread::spawn(move || {
            let mut s = String::new();
            let _ = std::io::Read::read_to_string(&mut r, &mut s);
            s
        })
    });
    let mut exe = None;
    let mut errors = Vec::new();
    let mut rendered_all = String::new();
    if let Some(out) = child.stdout.take() {
        for msg in Message::parse_stream(BufReader::new(out)).flatten() {
            match msg {
                Message::CompilerArtifact(a) if a.target.name == crate_name => {
                    if let Some(e) = a.executable {
                        exe = Some(e.into_std_path_buf());
                    }
                }
                Message::CompilerMessage(m) => {
                    let d = &m.message;
                    let rendered = d.rendered.clone().unwrap_or_else(|| d.message.clone());
                    rendered_all.push_str(&rendered);
                    if d.level != cargo_metadata::diagnostic::DiagnosticLevel::Error {
                        continue;
                    }
                    // Blame the first span (primary first, then macro call sites) in a program.
                    let mut spans: Vec<&cargo_metadata::diagnostic::DiagnosticSpan> =
                        d.spans.iter().filter(|s| s.is_primary).collect();
                    spans.extend(d.spans.iter().filter(|s| !s.is_primary));
                    spans.extend(d.children.iter().flat_map(|c| c.spans.iter()));
                    let mut located: Vec<(String, usize)> = Vec::new();
                    for s in spans {
                        located.push((s.file_name.clone(), s.line_start));
                        let mut exp = s.expansion.as_deref();
                        while let Some(e) = exp {
                            located.push((e.span.file_name.clone(), e.span.line_start));
                            exp = e.span.expansion.as_deref();
                        }
                    }
                    errors.push((located, rendered));
                }
                _ => {}
            }
        }
    }
    let status = child
        .wait()
        .map_err(|e| BuildError::Other(format!("cannot wait for cargo: {e}")))?;
    let stderr = stderr.and_then(|h| h.join().ok()).unwrap_or_default();
    match exe {
        Some(exe) if status.success() => Ok(exe),
        _ => Err(BuildError::Failed {
            errors,
            output: format!("{rendered_all}{stderr}"),
        }),
    }
}
