//! `raise` and `try`: Python exceptions travel as panics (`rt::raise`), and a `try` body runs
//! inside `rt::catch`, which returns `Err(exception)`. `return`, `break` and `continue` that
//! leave a `try` body become codes the closure returns (1, 2, 3) and the code after the catch
//! carries out; `finally` runs after a second, outer catch.

use super::FnEmitter;
use crate::hir::{self, ExcClass, StmtKind as S};
use crate::types::Ty;

/// `rt::ErrorKind::ValueError`, or `rt::ErrorKind::Other("MyError")` for a user class.
pub fn kind(class: &ExcClass) -> String {
    if class.builtin && !crate::types::RAISED_ONLY.contains(&class.name.as_str()) {
        format!("rt::ErrorKind::{}", class.name)
    } else {
        format!("rt::ErrorKind::Other({:?})", class.name)
    }
}

/// Does any `try` body, handler or `else` in `stmts` contain a `return`?
pub fn returns_inside_try(stmts: &[hir::Stmt]) -> bool {
    stmts.iter().any(|s| match &s.kind {
        S::Try { .. } => contains_return(std::slice::from_ref(s)),
        _ => hir::visit::stmt_blocks(s)
            .iter()
            .any(|b| returns_inside_try(b)),
    })
}

fn contains_return(stmts: &[hir::Stmt]) -> bool {
    stmts.iter().any(|s| {
        matches!(s.kind, S::Return(_))
            || hir::visit::stmt_blocks(s)
                .iter()
                .any(|b| contains_return(b))
    })
}

/// Does `stmts` `break` (or `continue`) a loop around it (not one inside it)?
fn leaves_loop(stmts: &[hir::Stmt], brk: bool) -> bool {
    stmts.iter().any(|s| match &s.kind {
        S::Break => brk,
        S::Continue => !brk,
        S::While { orelse, .. } | S::For { orelse, .. } => leaves_loop(orelse, brk),
        _ => hir::visit::stmt_blocks(s)
            .iter()
            .any(|b| leaves_loop(b, brk)),
    })
}

/// Does `stmts` leave its region by `return`, or by `break`/`continue` of a loop outside it?
fn escapes(stmts: &[hir::Stmt], in_loop: bool) -> bool {
    stmts.iter().any(|s| match &s.kind {
        S::Return(_) => true,
        S::Break | S::Continue => !in_loop,
        S::While { body, orelse, .. } | S::For { body, orelse, .. } => {
            escapes(body, true) || escapes(orelse, in_loop)
        }
        _ => hir::visit::stmt_blocks(s)
            .iter()
            .any(|b| escapes(b, in_loop)),
    })
}

impl FnEmitter<'_> {
    pub(super) fn in_try_closure(&self) -> bool {
        !self.try_frames.is_empty()
    }

    /// `break;` / `continue;`, or the code that makes the enclosing `try` closure do it.
    pub(super) fn loop_exit(&self, code: u8) -> String {
        let word = if code == 2 { "break;" } else { "continue;" };
        match self.try_frames.last() {
            Some(&depth) if self.loop_depth <= depth => format!("return {code};"),
            _ => word.to_string(),
        }
    }

    /// The message of a new exception: `str(arg)` (`repr(arg)` for KeyError), or empty.
    pub(super) fn exception_message(
        &mut self,
        class: &ExcClass,
        arg: Option<&hir::Expr>,
    ) -> String {
        match arg {
            None => "\"\"".to_string(),
            Some(a) if class.name == "KeyError" => format!("rt::repr({})", self.borrow(a)),
            Some(a) if a.ty == Ty::Str => self.value(a),
            Some(a) => format!("rt::str({})", self.borrow(a)),
        }
    }

    /// The test that an exception `e` is caught by a handler of these classes.
    pub(super) fn handler_test(&self, var: &str, classes: &[ExcClass]) -> Option<String> {
        if classes.is_empty()
            || classes
                .iter()
                .any(|c| c.builtin && c.name == "BaseException")
        {
            return None;
        }
        // `except Exception` catches everything but `SystemExit` (a `BaseException`).
        if classes.iter().any(|c| c.builtin && c.name == "Exception") {
            return Some(format!("!{var}.is(rt::ErrorKind::SystemExit)"));
        }
        let mut tests = Vec::new();
        for c in classes {
            if c.builtin && !crate::types::RAISED_ONLY.contains(&c.name.as_str()) {
                tests.push(format!("{var}.is({})", kind(c)));
            } else {
                tests.push(format!("{var}.kind == {}", kind(c)));
            }
            // User classes deriving from this one.
            for (sub, _) in self
                .program
                .exceptions
                .iter()
                .filter(|(sub, _)| self.derives_from(sub, &c.name))
            {
                tests.push(format!("{var}.kind == rt::ErrorKind::Other({sub:?})"));
            }
        }
        Some(tests.join(" || "))
    }

    fn derives_from(&self, class: &str, ancestor: &str) -> bool {
        let mut c = class;
        while let Some((_, base)) = self.program.exceptions.iter().find(|(n, _)| n == c) {
            if base == ancestor {
                return true;
            }
            c = base;
        }
        false
    }

    pub(super) fn try_stmt(
        &mut self,
        body: &[hir::Stmt],
        handlers: &[hir::Handler],
        orelse: &[hir::Stmt],
        finalbody: &[hir::Stmt],
    ) {
        let codes = escapes(body, false)
            || escapes(orelse, false)
            || handlers.iter().any(|h| escapes(&h.body, false)) && !finalbody.is_empty();
        let has_finally = !finalbody.is_empty();
        let result = if codes { "code" } else { "outcome" };
        self.in_closure += 1;
        if has_finally {
            self.line(&format!("let {result} = rt::catch(|| {{"));
            self.indent += 1;
            self.try_frames.push(self.loop_depth);
        }
        let head = if codes && !has_finally {
            format!("let {result} = match rt::catch(|| {{")
        } else {
            "match rt::catch(|| {".to_string()
        };
        self.line(&head);
        self.indent += 1;
        self.try_frames.push(self.loop_depth);
        self.block(body);
        if codes && !ends_in_jump(body) {
            self.line("0");
        }
        self.try_frames.pop();
        self.indent -= 1;
        self.line("}) {");
        self.indent += 1;
        // Success: the `else` block.
        let ok = if codes { "Ok(0)" } else { "Ok(())" };
        if orelse.is_empty() {
            self.line(&format!("{ok} => {},", if codes { "0" } else { "{}" }));
        } else {
            self.line(&format!("{ok} => {{"));
            self.indent += 1;
            self.block(orelse);
            if codes && !ends_in_jump(orelse) {
                self.line("0");
            }
            self.indent -= 1;
            self.line("}");
        }
        if codes {
            self.line("Ok(code) => code,");
        }
        let mut catches_all = false;
        for h in handlers {
            let var = self.names[h.var.0 as usize].clone();
            let test = self.handler_test(&var, &h.classes);
            let used = uses_local(&h.body, h.var);
            let pat = match (&test, used) {
                (Some(t), _) => format!("Err({var}) if {t}"),
                (None, true) => format!("Err({var})"),
                (None, false) => "Err(_)".to_string(),
            };
            if test.is_none() {
                catches_all = true;
            }
            self.line(&format!("{pat} => {{"));
            self.indent += 1;
            self.repr[h.var.0 as usize] = super::Repr::Value;
            self.in_closure -= 1;
            self.block(&h.body);
            self.in_closure += 1;
            if codes && !ends_in_jump(&h.body) {
                self.line("0");
            }
            self.indent -= 1;
            self.line("}");
            if catches_all {
                break;
            }
        }
        if !catches_all {
            self.line("Err(error) => rt::raise_exc(error),");
        }
        self.indent -= 1;
        self.line(if codes && !has_finally { "};" } else { "}" });
        self.in_closure -= 1;
        if has_finally {
            self.try_frames.pop();
            self.indent -= 1;
            self.line("});");
            self.block(finalbody);
            if crate::types::always_returns(finalbody) {
                // A `return` in `finally` wins over anything in flight, exceptions included.
            } else if codes {
                self.line(&format!("let {result} = match {result} {{"));
                self.indent += 1;
                self.line("Ok(code) => code,");
                self.line("Err(error) => rt::raise_exc(error),");
                self.indent -= 1;
                self.line("};");
            } else {
                self.line(&format!("if let Err(error) = {result} {{"));
                self.indent += 1;
                self.line("rt::raise_exc(error);");
                self.indent -= 1;
                self.line("}");
            }
        }
        if codes && !(has_finally && crate::types::always_returns(finalbody)) {
            let has_return = contains_return(body)
                || contains_return(orelse)
                || handlers.iter().any(|h| contains_return(&h.body));
            let diverges = (crate::types::always_returns(body)
                || crate::types::always_returns(orelse))
                && handlers
                    .iter()
                    .all(|h| crate::types::always_returns(&h.body));
            let region = || {
                std::iter::once(body)
                    .chain(std::iter::once(orelse))
                    .chain(handlers.iter().map(|h| h.body.as_slice()))
                    .chain(std::iter::once(finalbody))
            };
            let breaks = region().any(|b| leaves_loop(b, true));
            let continues = region().any(|b| leaves_loop(b, false));
            self.dispatch_code(result, has_return, diverges, breaks, continues);
        }
    }

    /// Carries out the code a `try` closure returned.
    fn dispatch_code(
        &mut self,
        code: &str,
        has_return: bool,
        diverges: bool,
        breaks: bool,
        continues: bool,
    ) {
        let ret = if self.in_try_closure() {
            "return 1".to_string()
        } else if self.f.ret == Ty::None {
            "return".to_string()
        } else {
            "return returned.expect(\"set before returning\")".to_string()
        };
        let brk = self.loop_exit(2);
        let cont = self.loop_exit(3);
        let in_loop = self.loop_depth > 0 || self.in_try_closure();
        let mut arms: Vec<(u8, String)> = Vec::new();
        if has_return {
            arms.push((1, ret));
        }
        if in_loop && breaks {
            arms.push((2, brk.trim_end_matches(';').to_string()));
        }
        if in_loop && continues {
            arms.push((3, cont.trim_end_matches(';').to_string()));
        }
        if let ([(n, action)], false) = (arms.as_slice(), diverges) {
            // One way out: `if code == 1 { return ... }`.
            self.line(&format!("if {code} == {n} {{"));
            self.indent += 1;
            self.line(&format!("{action};"));
            self.indent -= 1;
            self.line("}");
            return;
        }
        self.line(&format!("match {code} {{"));
        self.indent += 1;
        for (n, action) in &arms {
            self.line(&format!("{n} => {action},"));
        }
        self.line(if diverges {
            "_ => unreachable!(\"every path of the `try` returned\"),"
        } else {
            "_ => {}"
        });
        self.indent -= 1;
        self.line("}");
    }
}

fn ends_in_jump(stmts: &[hir::Stmt]) -> bool {
    matches!(
        stmts.last().map(|s| &s.kind),
        Some(S::Return(_) | S::Break | S::Continue | S::Raise { .. })
    )
}

fn uses_local(stmts: &[hir::Stmt], id: hir::LocalId) -> bool {
    stmts.iter().any(|s| {
        matches!(s.kind, S::Raise { exc: None, handler: Some(h) } if h == id)
            || super::decls::reads(s, id)
    })
}
