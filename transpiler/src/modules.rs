//! Programs of several files: `from helpers import area` reads `helpers.roast` beside the
//! program (through a loader the caller provides; the library does no IO) and links its
//! definitions into the program, its top-level statements running first, as an import does.

use crate::diagnostics::{Code, Diagnostic};
use crate::source::SourceFile;
use crate::syntax::{self, ast};
use std::collections::HashSet;

/// Finds a module's source by its name (`helpers` → the text of `helpers.roast`).
pub type Loader<'a> = &'a dyn Fn(&str) -> Option<SourceFile>;

/// Modules Roast provides itself; any other `from M import ...` names a `.roast` file.
const BUILTIN_MODULES: &[&str] = &["typing", "math", "sys", "dataclasses", "__future__"];

/// `main` with the definitions of every user module it imports (transitively) placed before
/// its own statements.
pub fn link(main: ast::Module, loader: Loader<'_>, diags: &mut Vec<Diagnostic>) -> ast::Module {
    let mut linked = HashSet::new();
    let mut prefix = Vec::new();
    let body = link_imports(main.body, loader, diags, &mut linked, &mut prefix, 0, true);
    prefix.extend(body);
    ast::Module { body: prefix }
}

fn link_imports(
    body: Vec<ast::Stmt>,
    loader: Loader<'_>,
    diags: &mut Vec<Diagnostic>,
    linked: &mut HashSet<String>,
    prefix: &mut Vec<ast::Stmt>,
    depth: usize,
    report: bool,
) -> Vec<ast::Stmt> {
    let mut out = Vec::new();
    for stmt in body {
        let ast::StmtKind::ImportFrom { module, names } = &stmt.kind else {
            out.push(stmt);
            continue;
        };
        if BUILTIN_MODULES.contains(&module.name.as_str()) {
            out.push(stmt);
            continue;
        }
        let name = module.name.clone();
        if !linked.contains(&name) {
            let Some(file) = loader(&name) else {
                if report {
                    diags.push(
                        Diagnostic::error(Code::UnsupportedImport, format!("cannot find module `{name}`"), module.span, "no such module")
                            .with_help(format!("Roast looks for `{name}.roast` beside the program; the standard library offers `math` and `sys`")),
                    );
                }
                continue;
            };
            if depth > 32 {
                continue;
            }
            linked.insert(name.clone());
            let parsed = syntax::parse(&file);
            if !parsed.diagnostics.is_empty() || crate::check(&file).is_err() {
                diags.push(
                    Diagnostic::error(
                        Code::UnsupportedImport,
                        format!("module `{name}` has errors"),
                        module.span,
                        "imported here",
                    )
                    .with_help(format!("run `roast check {name}.roast` to see them")),
                );
                continue;
            }
            let module_body: Vec<ast::Stmt> = parsed
                .module
                .body
                .into_iter()
                .filter(|s| !is_main_guard(s))
                .collect();
            let inner = link_imports(module_body, loader, diags, linked, prefix, depth + 1, false);
            // The names the importer asks for must exist in the module.
            for alias in names {
                if alias.asname.is_some() {
                    diags.push(Diagnostic::error(
                        Code::Unsupported,
                        "`import ... as ...` of a module's name is not supported yet",
                        alias.name.span,
                        "rename",
                    ));
                }
                if !defines(&inner, &alias.name.name) {
                    diags.push(Diagnostic::error(
                        Code::UnknownName,
                        format!("module `{name}` has no name `{}`", alias.name.name),
                        alias.name.span,
                        "not defined there",
                    ));
                }
            }
            prefix.extend(inner);
        }
    }
    out
}

fn defines(body: &[ast::Stmt], name: &str) -> bool {
    body.iter().any(|s| match &s.kind {
        ast::StmtKind::FunctionDef(f) => f.name.name == name,
        ast::StmtKind::ClassDef(c) => c.name.name == name,
        ast::StmtKind::Assign { targets, .. } => targets
            .iter()
            .any(|t| matches!(&t.kind, ast::ExprKind::Name(n) if n == name)),
        ast::StmtKind::AnnAssign { target, .. } => {
            matches!(&target.kind, ast::ExprKind::Name(n) if n == name)
        }
        _ => false,
    })
}

/// `if __name__ == "__main__":` — false in an imported module.
pub(crate) fn is_main_guard(s: &ast::Stmt) -> bool {
    let ast::StmtKind::If { test, .. } = &s.kind else {
        return false;
    };
    let ast::ExprKind::Compare { left, ops } = &test.kind else {
        return false;
    };
    matches!(&left.kind, ast::ExprKind::Name(n) if n == "__name__")
        && matches!(ops.as_slice(), [(ast::CmpOp::Eq, r)] if matches!(&r.kind, ast::ExprKind::Str(s) if s == "__main__"))
}
