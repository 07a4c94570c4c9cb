//! Name analysis over the AST (which names a block assigns, which a function reads from outside)
//! and the final substitution of solved inference variables into the HIR.

use super::infer::Infer;
use crate::hir;
use crate::syntax::ast;
use std::collections::HashSet;

/// Calls `f` with every name that `stmts` bind (assignment targets, `for` targets), not looking
/// into nested function bodies.
pub fn collect_assigned(stmts: &[ast::Stmt], f: &mut dyn FnMut(&str)) {
    for s in stmts {
        match &s.kind {
            ast::StmtKind::Assign { targets, .. } => {
                targets.iter().for_each(|t| target_names(t, f))
            }
            ast::StmtKind::AnnAssign { target, .. } | ast::StmtKind::AugAssign { target, .. } => {
                target_names(target, f)
            }
            ast::StmtKind::For {
                target,
                body,
                orelse,
                ..
            } => {
                target_names(target, f);
                collect_assigned(body, f);
                collect_assigned(orelse, f);
            }
            ast::StmtKind::If { body, orelse, .. } | ast::StmtKind::While { body, orelse, .. } => {
                collect_assigned(body, f);
                collect_assigned(orelse, f);
            }
            ast::StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                collect_assigned(body, f);
                for h in handlers {
                    if let Some(n) = &h.name {
                        f(&n.name);
                    }
                    collect_assigned(&h.body, f);
                }
                collect_assigned(orelse, f);
                collect_assigned(finalbody, f);
            }
            _ => {}
        }
    }
}

fn target_names(t: &ast::Expr, f: &mut dyn FnMut(&str)) {
    match &t.kind {
        ast::ExprKind::Name(n) => f(n),
        ast::ExprKind::Tuple(items) | ast::ExprKind::List(items) => {
            items.iter().for_each(|i| target_names(i, f))
        }
        _ => {}
    }
}

/// Names a function reads that it neither binds nor takes as parameters.
pub fn free_names(def: &ast::FunctionDef) -> HashSet<String> {
    let mut bound: HashSet<String> = def.params.iter().map(|p| p.name.name.clone()).collect();
    collect_assigned(&def.body, &mut |n| {
        bound.insert(n.to_string());
    });
    let mut used = HashSet::new();
    for s in &def.body {
        stmt_names(s, &mut used);
    }
    // Comprehension and lambda variables are bound where they appear.
    let mut scoped = HashSet::new();
    for s in &def.body {
        scoped_names_stmt(s, &mut scoped);
    }
    bound.extend(scoped);
    for p in &def.params {
        if let Some(d) = &p.default {
            expr_names(d, &mut used);
        }
    }
    used.retain(|n| !bound.contains(n));
    used
}

fn stmt_names(s: &ast::Stmt, out: &mut HashSet<String>) {
    let block =
        |b: &[ast::Stmt], out: &mut HashSet<String>| b.iter().for_each(|s| stmt_names(s, out));
    match &s.kind {
        ast::StmtKind::Expr(e) | ast::StmtKind::Return(Some(e)) => expr_names(e, out),
        ast::StmtKind::Assign { targets, value } => {
            targets.iter().for_each(|t| expr_names(t, out));
            expr_names(value, out);
        }
        ast::StmtKind::AnnAssign { target, value, .. } => {
            expr_names(target, out);
            if let Some(v) = value {
                expr_names(v, out);
            }
        }
        ast::StmtKind::AugAssign { target, value, .. } => {
            expr_names(target, out);
            expr_names(value, out);
        }
        ast::StmtKind::If { test, body, orelse } | ast::StmtKind::While { test, body, orelse } => {
            expr_names(test, out);
            block(body, out);
            block(orelse, out);
        }
        ast::StmtKind::For {
            target,
            iter,
            body,
            orelse,
        } => {
            expr_names(target, out);
            expr_names(iter, out);
            block(body, out);
            block(orelse, out);
        }
        ast::StmtKind::Assert { test, msg } => {
            expr_names(test, out);
            if let Some(m) = msg {
                expr_names(m, out);
            }
        }
        ast::StmtKind::Del(es) => es.iter().for_each(|e| expr_names(e, out)),
        ast::StmtKind::Raise { exc, cause } => {
            exc.iter().chain(cause).for_each(|e| expr_names(e, out));
        }
        ast::StmtKind::Try {
            body,
            handlers,
            orelse,
            finalbody,
        } => {
            block(body, out);
            for h in handlers {
                block(&h.body, out);
            }
            block(orelse, out);
            block(finalbody, out);
        }
        _ => {}
    }
}

fn expr_names(e: &ast::Expr, out: &mut HashSet<String>) {
    use ast::ExprKind as K;
    match &e.kind {
        K::Name(n) => {
            out.insert(n.clone());
        }
        K::List(xs) | K::Tuple(xs) | K::Set(xs) => xs.iter().for_each(|x| expr_names(x, out)),
        K::Dict(kvs) => kvs.iter().for_each(|(k, v)| {
            expr_names(k, out);
            expr_names(v, out);
        }),
        K::BinOp { left, right, .. } => {
            expr_names(left, out);
            expr_names(right, out);
        }
        K::UnaryOp { operand, .. } => expr_names(operand, out),
        K::BoolOp { values, .. } => values.iter().for_each(|x| expr_names(x, out)),
        K::Compare { left, ops } => {
            expr_names(left, out);
            ops.iter().for_each(|(_, x)| expr_names(x, out));
        }
        K::IfExp { test, body, orelse } => {
            expr_names(test, out);
            expr_names(body, out);
            expr_names(orelse, out);
        }
        K::Call {
            func,
            args,
            keywords,
        } => {
            expr_names(func, out);
            args.iter().for_each(|x| expr_names(x, out));
            keywords.iter().for_each(|k| expr_names(&k.value, out));
        }
        K::Attribute { value, .. } => expr_names(value, out),
        K::Subscript { value, index } => {
            expr_names(value, out);
            expr_names(index, out);
        }
        K::Slice { lower, upper, step } => {
            for x in [lower, upper, step].into_iter().flatten() {
                expr_names(x, out);
            }
        }
        K::FString(parts) => fstring_names(parts, out),
        K::ListComp { elt, generators }
        | K::SetComp { elt, generators }
        | K::GeneratorExp { elt, generators } => {
            expr_names(elt, out);
            comp_names(generators, out);
        }
        K::DictComp {
            key,
            value,
            generators,
        } => {
            expr_names(key, out);
            expr_names(value, out);
            comp_names(generators, out);
        }
        K::Lambda { body, .. } => expr_names(body, out),
        K::Starred(inner) => expr_names(inner, out),
        _ => {}
    }
}

fn comp_names(gens: &[ast::Comprehension], out: &mut HashSet<String>) {
    for g in gens {
        expr_names(&g.iter, out);
        g.ifs.iter().for_each(|x| expr_names(x, out));
    }
}

fn fstring_names(parts: &[ast::FStringPart], out: &mut HashSet<String>) {
    for p in parts {
        if let ast::FStringPart::Field(f) = p {
            expr_names(&f.expr, out);
            fstring_names(&f.spec, out);
        }
    }
}

/// Substitutes solved inference variables into every type of a checked body.
pub fn zonk_block(stmts: &mut [hir::Stmt], infer: &Infer) {
    for s in stmts {
        hir::visit::stmt_exprs_mut(s, &mut |e| zonk(e, infer));
        for b in hir::visit::stmt_blocks_mut(s) {
            zonk_block(b, infer);
        }
    }
}

/// Resolves the types of an expression and all its parts.
pub fn zonk(e: &mut hir::Expr, infer: &Infer) {
    e.ty = infer.resolve(&e.ty);
    hir::visit::each_child_mut(e, &mut |c| zonk(c, infer));
}

fn scoped_names_stmt(s: &ast::Stmt, out: &mut HashSet<String>) {
    let mut exprs: Vec<&ast::Expr> = Vec::new();
    match &s.kind {
        ast::StmtKind::Expr(e) | ast::StmtKind::Return(Some(e)) => exprs.push(e),
        ast::StmtKind::Assign { value, .. } | ast::StmtKind::AugAssign { value, .. } => {
            exprs.push(value)
        }
        ast::StmtKind::AnnAssign { value: Some(v), .. } => exprs.push(v),
        ast::StmtKind::If { test, body, orelse } | ast::StmtKind::While { test, body, orelse } => {
            exprs.push(test);
            body.iter()
                .chain(orelse)
                .for_each(|s| scoped_names_stmt(s, out));
        }
        ast::StmtKind::For {
            iter, body, orelse, ..
        } => {
            exprs.push(iter);
            body.iter()
                .chain(orelse)
                .for_each(|s| scoped_names_stmt(s, out));
        }
        ast::StmtKind::Try {
            body,
            handlers,
            orelse,
            finalbody,
        } => {
            body.iter()
                .chain(orelse)
                .chain(finalbody)
                .for_each(|s| scoped_names_stmt(s, out));
            handlers
                .iter()
                .flat_map(|h| &h.body)
                .for_each(|s| scoped_names_stmt(s, out));
        }
        _ => {}
    }
    for e in exprs {
        scoped_names_expr(e, out);
    }
}

fn scoped_names_expr(e: &ast::Expr, out: &mut HashSet<String>) {
    use ast::ExprKind as K;
    match &e.kind {
        K::ListComp { elt, generators }
        | K::SetComp { elt, generators }
        | K::GeneratorExp { elt, generators } => {
            generators.iter().for_each(|g| {
                target_names(&g.target, &mut |n| {
                    out.insert(n.to_string());
                })
            });
            scoped_names_expr(elt, out);
        }
        K::DictComp { generators, .. } => generators.iter().for_each(|g| {
            target_names(&g.target, &mut |n| {
                out.insert(n.to_string());
            })
        }),
        K::Lambda { params, body } => {
            out.extend(params.iter().map(|p| p.name.clone()));
            scoped_names_expr(body, out);
        }
        K::Call {
            func,
            args,
            keywords,
        } => {
            scoped_names_expr(func, out);
            args.iter().for_each(|a| scoped_names_expr(a, out));
            keywords
                .iter()
                .for_each(|k| scoped_names_expr(&k.value, out));
        }
        K::BinOp { left, right, .. } => {
            scoped_names_expr(left, out);
            scoped_names_expr(right, out);
        }
        K::List(xs) | K::Tuple(xs) => xs.iter().for_each(|x| scoped_names_expr(x, out)),
        _ => {}
    }
}
