//! `roast-jit prog.roast [ARGS]`: runs a program through the Cranelift JIT. `roast run --jit`
//! executes this binary (it lives beside `roast`). A program the JIT does not support yet is run
//! by `roast run` (the native build), after a one-line note on stderr.
//!
//! `roast-jit --mir prog.roast` prints the program's MIR instead; `roast-jit --compile-only
//! prog.roast` checks, lowers and compiles it without running it, and prints the times.
//! `roast-jit repl [--echo]` is `roast repl` (see `repl.rs`).

use std::path::PathBuf;
use std::process::Command;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().is_some_and(|a| a == "repl") {
        std::process::exit(roast_jit::repl::main(&args[1..]));
    }
    let show_mir = args.first().is_some_and(|a| a == "--mir");
    let compile_only = args.first().is_some_and(|a| a == "--compile-only");
    if show_mir || compile_only {
        args.remove(0);
    }
    let start = std::time::Instant::now();
    let Some(path) = args.first().cloned() else {
        eprintln!("usage: roast-jit [--mir] PROGRAM.roast [ARGS...]");
        std::process::exit(2);
    };
    let text = match std::fs::read(&path) {
        Ok(b) => match String::from_utf8(b) {
            Ok(t) => t,
            Err(_) => fail(&format!(
                "`{path}` is not valid UTF-8; Roast source must be UTF-8"
            )),
        },
        Err(e) => fail(&format!("couldn't read `{path}`: {}", e.kind())),
    };
    let file = roast::SourceFile::new(path.clone(), text);
    match roast_jit::prepare(&file) {
        Ok(program) if show_mir => print!("{}", roast::mir::print(&program)),
        Ok(program) if compile_only => {
            let front = start.elapsed();
            if let Err(e) = roast_jit::compile_only(&program) {
                fail(&format!("internal error: {e}"))
            }
            eprintln!(
                "check + MIR: {:.1} ms, Cranelift: {:.1} ms",
                front.as_secs_f64() * 1e3,
                (start.elapsed() - front).as_secs_f64() * 1e3
            );
        }
        Ok(program) => std::process::exit(roast_jit::run(program, args)),
        Err(roast_jit::NotRun::Diagnostics(d)) => {
            eprint!("{d}");
            std::process::exit(1)
        }
        Err(roast_jit::NotRun::Unsupported(note)) => {
            eprintln!("{note}");
            if std::env::var_os("ROAST_JIT_NO_FALLBACK").is_some() {
                std::process::exit(3);
            }
            native(&args)
        }
    }
}

fn fail(msg: &str) -> ! {
    eprintln!("error: {msg}");
    std::process::exit(1)
}

/// Runs `roast run ARGS` (the `roast` beside this executable, else on PATH) in this process's place.
fn native(args: &[String]) -> ! {
    let beside = std::env::current_exe()
        .ok()
        .and_then(|p| {
            p.parent()
                .map(|d| d.join(format!("roast{}", std::env::consts::EXE_SUFFIX)))
        })
        .filter(|p| p.is_file());
    let roast = beside.unwrap_or_else(|| PathBuf::from("roast"));
    let mut cmd = Command::new(&roast);
    cmd.arg("run").args(args);
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        let e = cmd.exec();
        fail(&format!("cannot run `{}`: {e}", roast.display()))
    }
    #[cfg(not(unix))]
    match cmd.status() {
        Ok(s) => std::process::exit(s.code().unwrap_or(1)),
        Err(e) => fail(&format!("cannot run `{}`: {e}", roast.display())),
    }
}
