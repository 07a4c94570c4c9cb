//! End-to-end tests of the `roast` and `roast2rs` binaries: what a user sees.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const ROAST: &str = env!("CARGO_BIN_EXE_roast");
const ROAST2RS: &str = env!("CARGO_BIN_EXE_roast2rs");

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("roast-cli")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

fn run(cmd: &mut Command) -> Output {
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn example(name: &str) -> PathBuf {
    support::repo_root().join("examples").join(name)
}

#[test]
fn check_accepts_a_good_program_silently() {
    let out = run(Command::new(ROAST).arg("check").arg(example("fib.roast")));
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "");
}

#[test]
fn check_rejects_a_bad_program_with_rustc_style_diagnostics() {
    let dir = scratch("check_bad");
    let bad = dir.join("bad.roast");
    std::fs::write(
        &bad,
        "def f(x: int) -> int:\n    return x + \"s\"\n\nprint(f(1))\n",
    )
    .expect("write");
    let out = run(Command::new(ROAST).arg("check").arg(&bad));
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.starts_with("error[E"), "stderr: {err}");
    assert!(err.contains("--> "), "stderr: {err}");
    assert!(err.contains('^'), "stderr: {err}");
}

#[test]
fn a_missing_file_is_a_one_line_error() {
    let out = run(Command::new(ROAST).args(["check", "no/such/file.roast"]));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "error: couldn't read `no/such/file.roast`: No such file or directory\n"
    );
    let out = run(Command::new(ROAST2RS).arg("no/such/file.roast"));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stderr).lines().count(), 1);
}

#[test]
fn a_directory_or_non_utf8_file_is_a_one_line_error() {
    let dir = scratch("bad_inputs");
    let out = run(Command::new(ROAST).arg("check").arg(&dir));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).starts_with("error: ") && text(&out.stderr).contains("is a directory")
    );
    let latin1 = dir.join("latin1.roast");
    std::fs::write(&latin1, b"print('caf\xe9')\n").expect("write");
    let out = run(Command::new(ROAST).arg("emit").arg(&latin1));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("not valid UTF-8"),
        "stderr: {}",
        text(&out.stderr)
    );
    assert_eq!(text(&out.stderr).lines().count(), 1);
}

/// A one-line `error: ...` on stderr, status 1, nothing on stdout.
fn assert_one_line_error(out: &Output, what: &str, mentions: &str) {
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{what}: stderr: {err}");
    assert!(
        err.starts_with("error: ") && err.lines().count() == 1 && err.contains(mentions),
        "{what}: stderr: {err}"
    );
    assert_eq!(text(&out.stdout), "", "{what}");
}

#[test]
fn every_command_reports_a_bad_program_path_in_one_line() {
    let dir = scratch("bad_paths");
    let latin1 = dir.join("latin1.roast");
    std::fs::write(&latin1, b"x = 1\nprint('caf\xe9')\n").expect("write");
    let missing = dir.join("missing.roast");
    let cases: [(&Path, &str); 3] = [
        (&missing, "No such file or directory"),
        (&dir, "is a directory"),
        (&latin1, "is not valid UTF-8 (invalid byte on line 2)"),
    ];
    for (program, mentions) in cases {
        for args in [
            &["check"][..],
            &["check", "--explain-ownership"],
            &["emit"],
            &["run"],
        ] {
            let out = run(Command::new(ROAST).args(args).arg(program));
            assert_one_line_error(&out, &format!("roast {args:?}"), mentions);
        }
        let out = run(Command::new(ROAST2RS)
            .arg(program)
            .arg("-o")
            .arg(dir.join("out")));
        assert_one_line_error(&out, "roast2rs", mentions);
        let out = run(Command::new(ROAST2RS).arg("--emit-rust").arg(program));
        assert_one_line_error(&out, "roast2rs --emit-rust", mentions);
    }
    assert!(!dir.join("out").exists(), "roast2rs wrote a project");
}

#[test]
fn roast2rs_reports_an_unwritable_output_folder_in_one_line() {
    let dir = scratch("unwritable");
    // Under a file: no directory can be made there, whoever runs the test.
    let file = dir.join("a-file");
    std::fs::write(&file, "mine\n").expect("write");
    let out = run(Command::new(ROAST2RS)
        .arg(example("fib.roast"))
        .arg("-o")
        .arg(file.join("project")));
    assert_one_line_error(
        &out,
        "-o under a file",
        "a-file` is a file, not a directory",
    );
    // The output is a file.
    let out = run(Command::new(ROAST2RS)
        .arg(example("fib.roast"))
        .arg("-o")
        .arg(&file));
    assert_one_line_error(&out, "-o a file", "is not a directory");
    assert_eq!(std::fs::read_to_string(&file).expect("read"), "mine\n");
    // A read-only directory (root can write anyway: then there is nothing to check).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let locked = dir.join("locked");
        std::fs::create_dir(&locked).expect("mkdir");
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).expect("chmod");
        if std::fs::write(locked.join("probe"), "").is_err() {
            let out = run(Command::new(ROAST2RS)
                .arg(example("fib.roast"))
                .arg("-o")
                .arg(&locked));
            assert_one_line_error(&out, "read-only -o", "Permission denied");
            assert_eq!(std::fs::read_dir(&locked).expect("ls").count(), 0);
        }
        let _ = std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755));
    }
}

#[test]
fn roast2rs_never_overwrites_a_foreign_cargo_toml() {
    let dir = scratch("foreign_toml");
    let foreign = "[package]\nname = \"mine\"\nversion = \"1.0.0\"\n";
    std::fs::write(dir.join("Cargo.toml"), foreign).expect("write");
    let out = run(Command::new(ROAST2RS)
        .arg(example("fib.roast"))
        .arg("-o")
        .arg(&dir));
    assert_one_line_error(&out, "foreign Cargo.toml", "refusing to overwrite");
    assert!(text(&out.stderr).contains("Cargo.toml"));
    assert_eq!(
        std::fs::read_to_string(dir.join("Cargo.toml")).expect("read"),
        foreign
    );
    let left: Vec<_> = walk(&dir);
    assert_eq!(left, [dir.join("Cargo.toml")], "something was written");
}

#[test]
fn emit_rust_prints_a_whole_main_rs() {
    let out = run(Command::new(ROAST2RS)
        .arg("--emit-rust")
        .arg(example("fib.roast")));
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    let rust = text(&out.stdout);
    assert!(rust.contains("use roast_runtime as rt;"), "{rust}");
    assert!(rust.contains("fn main()"), "{rust}");
    let out2 = run(Command::new(ROAST).arg("emit").arg(example("fib.roast")));
    assert_eq!(
        text(&out2.stdout),
        rust,
        "`roast emit` and `roast2rs --emit-rust` differ"
    );
}

#[test]
fn roast2rs_writes_a_standalone_project_and_refuses_foreign_files() {
    let dir = scratch("roast2rs");
    let out = run(Command::new(ROAST2RS)
        .arg(example("fib.roast"))
        .arg("-o")
        .arg(&dir));
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    let cargo_toml = std::fs::read_to_string(dir.join("Cargo.toml")).expect("Cargo.toml");
    assert!(cargo_toml.starts_with("# Generated by roast2rs"));
    assert!(cargo_toml.contains("[workspace]"));
    assert!(std::fs::read_to_string(dir.join("src/main.rs"))
        .expect("main.rs")
        .starts_with("// Generated by roast2rs from fib.roast"));
    let runtime_toml =
        std::fs::read_to_string(dir.join("roast-runtime/Cargo.toml")).expect("runtime Cargo.toml");
    assert!(!runtime_toml.contains("workspace"), "{runtime_toml}");
    // No path to this repository anywhere in the output.
    let repo = support::repo_root().display().to_string();
    for file in walk(&dir) {
        let content = std::fs::read_to_string(&file).unwrap_or_default();
        assert!(
            !content.contains(&repo),
            "{} mentions {repo}",
            file.display()
        );
    }
    // Generating again over our own files is fine.
    let again = run(Command::new(ROAST2RS)
        .arg(example("fib.roast"))
        .arg("-o")
        .arg(&dir));
    assert_eq!(
        again.status.code(),
        Some(0),
        "stderr: {}",
        text(&again.stderr)
    );

    // A Cargo.toml roast2rs did not write: refuse, say which file, write nothing.
    let foreign = scratch("roast2rs_foreign");
    std::fs::write(foreign.join("Cargo.toml"), "[package]\nname = \"mine\"\n").expect("write");
    let out = run(Command::new(ROAST2RS)
        .arg(example("fib.roast"))
        .current_dir(&foreign));
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.starts_with("error: ") && err.contains("Cargo.toml") && err.lines().count() == 1,
        "stderr: {err}"
    );
    assert_eq!(
        std::fs::read_to_string(foreign.join("Cargo.toml")).expect("read"),
        "[package]\nname = \"mine\"\n"
    );
    assert!(
        !foreign.join("src").exists() && !foreign.join("roast-runtime").exists(),
        "something was written"
    );

    // The same for a hand-written src/main.rs.
    let foreign_src = scratch("roast2rs_foreign_src");
    std::fs::create_dir_all(foreign_src.join("src")).expect("mkdir");
    std::fs::write(foreign_src.join("src/main.rs"), "fn main() {}\n").expect("write");
    let out = run(Command::new(ROAST2RS)
        .arg(example("fib.roast"))
        .arg("-o")
        .arg(&foreign_src));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("main.rs"),
        "stderr: {}",
        text(&out.stderr)
    );
    assert!(
        !foreign_src.join("Cargo.toml").exists(),
        "Cargo.toml was written"
    );
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// `roast run` twice: the first builds (release), the second runs the cached binary without
/// cargo (the `ROAST_LOG` trace says `cache hit`, and the binary is not rewritten).
#[test]
fn roast_run_caches_the_build() {
    let cache = scratch("run_cache");
    let fib = example("fib.roast");
    let run_fib = || {
        run(Command::new(ROAST)
            .arg("run")
            .arg(&fib)
            .env("ROAST_CACHE_DIR", &cache)
            .env("ROAST_LOG", "1")
            .env_remove("CARGO_TARGET_DIR"))
    };
    let first = run_fib();
    assert_eq!(
        first.status.code(),
        Some(0),
        "stderr: {}",
        text(&first.stderr)
    );
    assert!(
        text(&first.stderr).contains("cache miss"),
        "stderr: {}",
        text(&first.stderr)
    );
    let exe = text(&first.stderr)
        .lines()
        .find_map(|l| l.split_once(" -> ").map(|(_, e)| PathBuf::from(e.trim())))
        .expect("the trace names the built executable");
    assert!(
        exe.starts_with(&cache),
        "the binary {} is not in the cache",
        exe.display()
    );
    let mtime = std::fs::metadata(&exe)
        .and_then(|m| m.modified())
        .expect("mtime");

    let second = run_fib();
    assert_eq!(
        second.status.code(),
        Some(0),
        "stderr: {}",
        text(&second.stderr)
    );
    assert!(
        text(&second.stderr).contains("cache hit"),
        "stderr: {}",
        text(&second.stderr)
    );
    assert!(
        !text(&second.stderr).contains("running"),
        "cargo ran again: {}",
        text(&second.stderr)
    );
    assert_eq!(
        std::fs::metadata(&exe)
            .and_then(|m| m.modified())
            .expect("mtime"),
        mtime
    );
    assert_eq!(text(&first.stdout), text(&second.stdout));

    // What CPython prints, when it is here.
    if let Ok(py) = Command::new("python3").arg(&fib).output() {
        if py.status.success() {
            assert_eq!(
                text(&second.stdout),
                text(&py.stdout),
                "roast run and python3 disagree"
            );
        }
    }
}
