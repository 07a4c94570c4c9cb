//! `roast repl` (`roast-jit repl`): an interactive session on top of the JIT.
//!
//! Input is grouped into cells as Python's interactive console groups it: a line opening a block
//! (ending in `:`, or a decorator) continues until an empty line (or, more leniently than
//! CPython, a dedented line that is not `elif`/`else`/`except`/`finally`); an unclosed bracket
//! continues a simple statement.
//!
//! State is kept by replay: the session is the source of every accepted cell, and a new cell runs
//! as one program made of those cells, a marker `print`, and the new cell, compiled and run by
//! the JIT with stdout captured. Only what follows the marker is shown, so earlier cells' output
//! is not repeated. A top-level expression statement of the new cell (also inside its `if`/`for`/
//! ... bodies, as in CPython's `single` mode) becomes `print(repr(...))` unless its type is
//! `None`. A cell that defines a function or class drops the earlier definition of that name; a
//! compile error or a runtime error leaves the session as it was before the cell.
//!
//! Replay re-executes earlier cells, so it is exact only for deterministic cells: a cell reading
//! `input()`, the clock or random numbers gets a new value at every later cell.

use crate::{run_job, NotRun, JOB};
use roast::diagnostics::Severity;
use roast::hir::visit::stmt_blocks;
use roast::hir::{Stmt, StmtKind};
use roast::types::Ty;
use roast::{Diagnostic, SourceFile, Span};
use roast_runtime as rt;
use std::collections::HashSet;
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

/// The line that separates replayed output from the new cell's output.
const MARKER: &str = "--roast-repl-cell-boundary-8d1c4e--";

const HELP: &str = "\
Roast REPL: type Roast (statically typed Python) statements; a block ends with an empty line.
An expression statement prints its repr (nothing for None).
  :type EXPR   show the inferred type of EXPR
  :rust NAME   show the Rust that `roast build` generates for the function or class NAME
  :help        this help
  exit(), quit() or Ctrl-D leave the session.
";

/// Where the lines of a session come from.
trait Input {
    /// The next line (without its newline), or `None` at end of input.
    fn line(&mut self, prompt: &str) -> Option<String>;
    /// Called for each line a cell takes, with the prompt it was read under.
    fn echo(&mut self, _prompt: &str, _line: &str) {}
    /// Whether the last `None` from `line` was Ctrl-C (abandon the input) rather than the end.
    fn take_interrupt(&mut self) -> bool {
        false
    }
}

/// stdin not a terminal: lines as they come, echoed with their prompts when `echo` is set (the
/// transcript format of `tests/repl/`).
/// The whole input is read first, so that stdin is not locked while a cell runs (a cell
/// calling `input()` then reads end of input, `EOFError`, instead of waiting on the lock).
struct Piped {
    lines: std::vec::IntoIter<String>,
    echo: bool,
}

impl Input for Piped {
    fn line(&mut self, _prompt: &str) -> Option<String> {
        self.lines.next()
    }
    fn echo(&mut self, prompt: &str, line: &str) {
        if self.echo {
            let shown = format!("{prompt}{line}");
            out(&format!("{}\n", shown.trim_end()));
        }
    }
}

/// stdin a terminal: line editing and history (rustyline), the history kept in
/// `$XDG_DATA_HOME/roast/repl_history` (default `~/.local/share/roast/repl_history`).
struct Terminal {
    editor: rustyline::DefaultEditor,
    history: Option<PathBuf>,
    interrupted: bool,
}

impl Terminal {
    fn new() -> Option<Terminal> {
        let mut editor = rustyline::DefaultEditor::new().ok()?;
        let history = std::env::var_os("XDG_DATA_HOME")
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
            .map(|d| d.join("roast").join("repl_history"));
        if let Some(h) = &history {
            let _ = editor.load_history(h);
        }
        Some(Terminal {
            editor,
            history,
            interrupted: false,
        })
    }
}

impl Input for Terminal {
    fn line(&mut self, prompt: &str) -> Option<String> {
        match self.editor.readline(prompt) {
            Ok(line) => {
                if !line.trim().is_empty() {
                    let _ = self.editor.add_history_entry(line.as_str());
                    if let Some(h) = &self.history {
                        if let Some(dir) = h.parent() {
                            let _ = std::fs::create_dir_all(dir);
                        }
                        let _ = self.editor.append_history(h);
                    }
                }
                Some(line)
            }
            Err(rustyline::error::ReadlineError::Interrupted) => {
                self.interrupted = true;
                None
            }
            Err(_) => None,
        }
    }
    fn take_interrupt(&mut self) -> bool {
        std::mem::take(&mut self.interrupted)
    }
}

/// stdin a terminal that rustyline cannot drive: prompts on stdout, plain lines.
struct Plain;

impl Input for Plain {
    fn line(&mut self, prompt: &str) -> Option<String> {
        out(prompt);
        let mut s = String::new();
        match std::io::stdin().lock().read_line(&mut s) {
            Ok(0) | Err(_) => {
                out("\n");
                None
            }
            Ok(_) => Some(s.trim_end_matches(['\n', '\r']).to_string()),
        }
    }
}

fn out(s: &str) {
    let mut o = std::io::stdout().lock();
    let _ = o.write_all(s.as_bytes());
    let _ = o.flush();
}

fn err(s: &str) {
    let _ = std::io::stdout().lock().flush();
    let mut e = std::io::stderr().lock();
    let _ = e.write_all(s.as_bytes());
    let _ = e.flush();
}

/// `roast-jit repl [--echo]`: runs the session; returns the exit status.
pub fn main(args: &[String]) -> i32 {
    let echo = args.iter().any(|a| a == "--echo");
    rt::set_argv(vec![String::new()]);
    let mut session = Session::default();
    let mut input: Box<dyn Input> = if std::io::stdin().is_terminal() {
        out("Roast REPL (JIT). :help for help, Ctrl-D or exit() to leave.\n");
        match Terminal::new() {
            Some(t) => Box::new(t),
            None => Box::new(Plain),
        }
    } else {
        let mut text = String::new();
        if let Err(e) = std::io::Read::read_to_string(&mut std::io::stdin(), &mut text) {
            err(&format!("error: cannot read the input: {e}\n"));
            return 1;
        }
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        Box::new(Piped {
            lines: lines.into_iter(),
            echo,
        })
    };
    let mut pushed = None;
    // For measurements: each input's time from its last line read to its result printed.
    let times = std::env::var_os("ROAST_REPL_TIMES").is_some();
    while let Some(cell) = read_cell(input.as_mut(), &mut pushed) {
        let start = std::time::Instant::now();
        // A compiler bug must not end the session: the input is dropped, the session goes on.
        let end = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| session.run(&cell)))
            .unwrap_or_else(|_| {
                err("internal error: the compiler crashed on this input (a Roast bug); it is dropped\n");
                None
            });
        if times {
            err(&format!(
                "[repl: {:.1} ms]\n",
                start.elapsed().as_secs_f64() * 1e3
            ));
        }
        if let Some(code) = end {
            return code;
        }
    }
    0
}

/// Reads one cell (its lines, each with `\n`); `None` at end of input. A line that ends a block
/// by dedenting is kept in `pushed` for the next cell. Ctrl-C abandons the input being typed.
fn read_cell(input: &mut dyn Input, pushed: &mut Option<String>) -> Option<String> {
    loop {
        let cell = read_lines(input, pushed);
        if !input.take_interrupt() {
            return cell;
        }
        err("KeyboardInterrupt\n");
    }
}

fn read_lines(input: &mut dyn Input, pushed: &mut Option<String>) -> Option<String> {
    let first = loop {
        let line = match pushed.take() {
            Some(l) => l,
            None => input.line(">>> ")?,
        };
        input.echo(">>> ", &line);
        if !line.trim().is_empty() {
            break line;
        }
    };
    let block = opens_block(&first);
    let mut depth = bracket_depth(&first);
    let mut cell = format!("{first}\n");
    if !block && depth <= 0 {
        return Some(cell);
    }
    while let Some(line) = input.line("... ") {
        if depth <= 0 && block {
            if line.trim().is_empty() {
                input.echo("... ", &line);
                break;
            }
            let first_word = line.split(|c: char| !c.is_alphanumeric()).next();
            // `else:` and friends continue the block; so does what follows a decorator.
            let clause = matches!(first_word, Some("elif" | "else" | "except" | "finally"))
                || first.starts_with('@')
                    && (line.starts_with('@') || matches!(first_word, Some("def" | "class")));
            if !line.starts_with([' ', '\t']) && !clause {
                *pushed = Some(line);
                return Some(cell);
            }
        }
        input.echo("... ", &line);
        depth += bracket_depth(&line);
        cell.push_str(&line);
        cell.push('\n');
        if !block && depth <= 0 {
            break;
        }
    }
    Some(cell)
}

/// The line without its comment (trailing space removed), and its open brackets minus its
/// closed ones, outside string literals.
fn scan(line: &str) -> (&str, i32) {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut depth = 0;
    for (i, c) in line.char_indices() {
        match quote {
            Some(_) if escaped => escaped = false,
            Some(_) if c == '\\' => escaped = true,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '#' => return (line[..i].trim_end(), depth),
                '"' | '\'' => quote = Some(c),
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => depth -= 1,
                _ => {}
            },
        }
    }
    (line.trim_end(), depth)
}

fn opens_block(line: &str) -> bool {
    let code = scan(line).0;
    code.ends_with(':') || code.starts_with('@')
}

fn bracket_depth(line: &str) -> i32 {
    scan(line).1
}

/// The name a cell defines with a top-level `def` or `class` (after its decorators).
fn defined_name(cell: &str) -> Option<String> {
    let line = cell
        .lines()
        .find(|l| !l.trim().is_empty() && !l.starts_with('@'))?;
    let rest = line
        .strip_prefix("def ")
        .or_else(|| line.strip_prefix("class "))?;
    let name: String = rest
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    (!name.is_empty()).then_some(name)
}

#[derive(Default)]
struct Session {
    /// The accepted cells, in order.
    cells: Vec<String>,
    /// Notes already shown (the JIT falling back to the native build), shown once each.
    notes: HashSet<String>,
}

/// A program made of some earlier cells and one more piece of source.
struct Assembled {
    file: SourceFile,
    /// Where the new piece starts and ends in `file`.
    start: usize,
    end: usize,
    /// The earlier cells used, by index, with their start offsets.
    used: Vec<(usize, usize)>,
}

impl Session {
    fn assemble(&self, keep: &[usize], marker: bool, piece: &str) -> Assembled {
        let mut text = String::new();
        let mut used = Vec::new();
        for &i in keep {
            used.push((i, text.len()));
            text.push_str(&self.cells[i]);
        }
        if marker {
            text.push_str(&format!("print(\"{MARKER}\")\n"));
        }
        let start = text.len();
        text.push_str(piece);
        let end = text.len();
        Assembled {
            file: SourceFile::new("<stdin>", text),
            start,
            end,
            used,
        }
    }

    /// Runs one cell; `Some(status)` when the session ends (`exit()`, `sys.exit`).
    fn run(&mut self, cell: &str) -> Option<i32> {
        let trimmed = cell.trim();
        if matches!(trimmed, "exit()" | "quit()") {
            return Some(0);
        }
        if trimmed == ":help" {
            out(HELP);
            return None;
        }
        if let Some(expr) = trimmed.strip_prefix(":type") {
            self.show_type(expr.trim());
            return None;
        }
        if let Some(name) = trimmed.strip_prefix(":rust") {
            self.show_rust(name.trim());
            return None;
        }
        if trimmed.starts_with(':') {
            err(&format!(
                "error: unknown command `{}` (:help lists the commands)\n",
                trimmed.split_whitespace().next().unwrap_or(trimmed)
            ));
            return None;
        }
        // A redefinition replaces the earlier definition; a repeated import replaces itself.
        let defines = defined_name(cell);
        let mut keep: Vec<usize> = (0..self.cells.len())
            .filter(|&i| {
                let c = &self.cells[i];
                !(defines.is_some() && defined_name(c) == defines
                    || (trimmed.starts_with("import ") || trimmed.starts_with("from "))
                        && c.trim() == trimmed)
            })
            .collect();
        // Earlier cells that no longer compile against a redefinition are forgotten (with a note).
        let checked = loop {
            let a = self.assemble(&keep, true, cell);
            match roast::check_with(&a.file, &|m| crate::load_beside(&a.file, m)) {
                Ok(c) => break (a, c),
                Err(diags) => {
                    let broken = broken_cells(&a, &diags);
                    if defines.is_none() || broken.is_empty() {
                        self.report(&a, &diags);
                        return None;
                    }
                    for i in &broken {
                        let first = self.cells[*i].lines().next().unwrap_or("").trim();
                        err(&format!(
                            "note: forgetting `{first}`: it no longer compiles after this redefinition\n"
                        ));
                    }
                    keep.retain(|i| !broken.contains(i));
                }
            }
        };
        let (a, checked) = checked;
        // Expression statements of the cell print their repr.
        let mut shows = Vec::new();
        collect_shows(&checked.program.main.body, a.start, a.end, &mut shows);
        shows.sort_by_key(|(s, _)| std::cmp::Reverse(s.start));
        let mut shown = cell.to_string();
        for (n, (s, optional)) in shows.into_iter().enumerate() {
            let (lo, hi) = (s.start as usize - a.start, s.end as usize - a.start);
            let line_start = shown[..lo].rfind('\n').map_or(0, |i| i + 1);
            let indent = &shown[line_start..lo];
            let expr = &shown[lo..hi];
            let print = if optional && indent.trim().is_empty() {
                // `None` prints nothing: bind the value, test it.
                let v = format!("__roast_repl_value_{n}");
                format!("{v} = {expr}\n{indent}if {v} is not None:\n{indent}    print(repr({v}))")
            } else {
                format!("print(repr({expr}))")
            };
            shown = format!("{}{print}{}", &shown[..lo], &shown[hi..]);
        }
        // Without expression statements to show, the program that checked is the one to run.
        let run = self.assemble(&keep, true, &shown);
        let prepared = if shown == cell {
            crate::lower(&run.file, &checked)
        } else {
            crate::prepare(&run.file)
        };
        let (status, stdout, stderr) = match prepared {
            Ok(program) => {
                *JOB.lock().unwrap_or_else(|e| e.into_inner()) = Some(program);
                rt::run_captured(run_job)
            }
            Err(NotRun::Diagnostics(d)) => {
                // The print rewrite should never break a program that checked: a Roast bug.
                err(&format!("internal error: the REPL's rewrite of this input does not compile (a Roast bug):\n{d}"));
                return None;
            }
            Err(NotRun::Unsupported(note)) => {
                // The line is the session program's, not the input's: leave it out.
                let note = match (note.find(" (line "), note.find("); ")) {
                    (Some(a), Some(b)) if a < b => format!("{}{}", &note[..a], &note[b + 1..]),
                    _ => note,
                };
                if self.notes.insert(note.clone()) {
                    err(&format!("{note}\n"));
                }
                native(&run.file.text)
            }
        };
        let after = stdout
            .find(&format!("{MARKER}\n"))
            .map(|i| &stdout[i + MARKER.len() + 1..])
            .unwrap_or("");
        out(after);
        if status == 0 {
            self.cells = keep.iter().map(|&i| self.cells[i].clone()).collect();
            self.cells.push(cell.to_string());
            return None;
        }
        if stderr.contains("Traceback (most recent call last):") {
            // An exception: CPython's last traceback line; the session stays as it was.
            if let Some(last) = stderr.lines().rev().find(|l| !l.trim().is_empty()) {
                err(&format!("{last}\n"));
            }
            None
        } else {
            // `sys.exit(...)`: leaves the session, as in CPython.
            err(&stderr);
            Some(status)
        }
    }

    /// Prints diagnostics: those in the new cell against the cell's own lines (`<stdin>:1:5`),
    /// any others against the whole session.
    fn report(&self, a: &Assembled, diags: &[Diagnostic]) {
        let cell = SourceFile::new("<stdin>", &a.file.text[a.start..a.end]);
        let inside = |s: &Span| s.start as usize >= a.start && s.end as usize <= a.end;
        let mut local = Vec::new();
        let mut global = Vec::new();
        for d in diags {
            if !d.labels.is_empty()
                && d.labels
                    .iter()
                    .filter(|l| l.primary)
                    .all(|l| inside(&l.span))
            {
                let mut d = d.clone();
                d.labels.retain(|l| inside(&l.span));
                for l in &mut d.labels {
                    l.span = Span::new(
                        l.span.start as usize - a.start,
                        l.span.end as usize - a.start,
                    );
                }
                local.push(d);
            } else {
                global.push(d.clone());
            }
        }
        let mut text = roast::diagnostics::render(&cell, &local);
        if !global.is_empty() {
            let whole = SourceFile::new("<session>", a.file.text.clone());
            text.push_str(&roast::diagnostics::render(&whole, &global));
        }
        err(&text);
    }

    /// `:rust NAME`: the items of the generated Rust that define `NAME` (its `fn`, or its
    /// `struct`/`enum` and their `impl`s).
    fn show_rust(&self, name: &str) {
        if name.is_empty() {
            err("error: `:rust` needs the name of a function or class, e.g. `:rust fib`\n");
            return;
        }
        let keep: Vec<usize> = (0..self.cells.len()).collect();
        let a = self.assemble(&keep, false, "");
        let options = roast::EmitOptions {
            mode: roast::EmitMode::Module,
        };
        match roast::emit_rust_with(&a.file, &options, &|m| crate::load_beside(&a.file, m)) {
            Err(diags) => self.report(&a, &diags),
            Ok(rust) => {
                let found: Vec<String> = rust_items(&rust)
                    .into_iter()
                    .filter(|item| defines(item, name))
                    .collect();
                if found.is_empty() {
                    err(&format!(
                        "error: no function or class named `{name}` in this session\n"
                    ));
                } else {
                    out(&found.join("\n"));
                }
            }
        }
    }

    /// `:type EXPR`: the expression's inferred type, in the session's context.
    fn show_type(&self, expr: &str) {
        if expr.is_empty() {
            err("error: `:type` needs an expression, e.g. `:type len(xs)`\n");
            return;
        }
        let keep: Vec<usize> = (0..self.cells.len()).collect();
        let a = self.assemble(&keep, false, &format!("{expr}\n"));
        match roast::check_with(&a.file, &|m| crate::load_beside(&a.file, m)) {
            Err(diags) => self.report(&a, &diags),
            Ok(checked) => {
                let ty = checked
                    .program
                    .main
                    .body
                    .iter()
                    .find_map(|s| match &s.kind {
                        StmtKind::Expr(e) if e.span.start as usize >= a.start => Some(e.ty.clone()),
                        _ => None,
                    });
                match ty {
                    Some(t) => out(&format!("{t}\n")),
                    None => err("error: `:type` needs one expression\n"),
                }
            }
        }
    }
}

/// The top-level items of generated (prettyplease-formatted) Rust, each with the attributes
/// and doc comments before it: an item ends at a `}` or `;` in the first column.
fn rust_items(rust: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut item = String::new();
    for line in rust.lines() {
        if item.is_empty() && (line.trim().is_empty() || line.starts_with("#!")) {
            continue;
        }
        item.push_str(line);
        item.push('\n');
        let attr = line.starts_with("#[") || line.starts_with("//");
        if !attr && !line.starts_with([' ', '\t']) && (line.starts_with('}') || line.ends_with(';'))
        {
            items.push(std::mem::take(&mut item));
        }
    }
    items
}

/// Whether a generated item defines `name`: `fn name`, `struct name`, `enum name`, or an `impl`
/// for it.
fn defines(item: &str, name: &str) -> bool {
    let Some(header) = item
        .lines()
        .find(|l| !l.starts_with("#[") && !l.starts_with("//"))
    else {
        return false;
    };
    let words: Vec<&str> = header
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    match words.iter().position(|w| {
        matches!(
            *w,
            "fn" | "struct" | "enum" | "const" | "static" | "type" | "impl"
        )
    }) {
        Some(i) if words[i] == "impl" => words[i + 1..].contains(&name),
        Some(i) => words.get(i + 1) == Some(&name),
        None => false,
    }
}

/// The earlier cells holding the primary label of an error.
fn broken_cells(a: &Assembled, diags: &[Diagnostic]) -> Vec<usize> {
    let mut broken = Vec::new();
    for d in diags.iter().filter(|d| d.severity == Severity::Error) {
        for l in d.labels.iter().filter(|l| l.primary) {
            let at = l.span.start as usize;
            if at >= a.start {
                continue;
            }
            if let Some(&(i, _)) = a.used.iter().rev().find(|(_, start)| *start <= at) {
                if !broken.contains(&i) {
                    broken.push(i);
                }
            }
        }
    }
    broken
}

/// The spans of the expression statements in `start..end` whose value is printed (not `None`),
/// each with whether its type is `Optional`,
/// looking inside compound statements (CPython's `single` mode prints those too).
fn collect_shows(body: &[Stmt], start: usize, end: usize, shows: &mut Vec<(Span, bool)>) {
    for s in body {
        if let StmtKind::Expr(e) = &s.kind {
            let (lo, hi) = (e.span.start as usize, e.span.end as usize);
            if lo >= start && hi <= end && lo < hi && e.ty != Ty::None {
                shows.push((e.span, matches!(e.ty, Ty::Optional(_))));
            }
        }
        for block in stmt_blocks(s) {
            collect_shows(block, start, end, shows);
        }
    }
}

/// Runs a session program the JIT cannot lower with `roast run` (the native build), capturing
/// its output: (status, stdout, stderr).
fn native(text: &str) -> (i32, String, String) {
    let dir = std::env::temp_dir().join(format!("roast-repl-{}", std::process::id()));
    let path = dir.join("session.roast");
    if let Err(e) = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, text)) {
        return (
            1,
            String::new(),
            format!("Traceback (most recent call last):\nRuntimeError: cannot write the session for the native build: {e}\n"),
        );
    }
    let roast = std::env::current_exe()
        .ok()
        .and_then(|p| {
            p.parent()
                .map(|d| d.join(format!("roast{}", std::env::consts::EXE_SUFFIX)))
        })
        .filter(|p| p.is_file())
        .unwrap_or_else(|| std::path::PathBuf::from("roast"));
    match std::process::Command::new(&roast)
        .arg("run")
        .arg(&path)
        .stdin(std::process::Stdio::null())
        .output()
    {
        Ok(o) => (
            o.status.code().unwrap_or(1),
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        ),
        Err(e) => (
            1,
            String::new(),
            format!(
                "Traceback (most recent call last):\nRuntimeError: cannot run `{}` for the native build: {e}\n",
                roast.display()
            ),
        ),
    }
}
