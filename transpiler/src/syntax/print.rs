//! A compact S-expression printer for the AST, for tests and debugging. Spans are left out.
//!
//! ```text
//! (def add (a: int b: int = 2) -> int
//!   (return (+ a b)))
//! ```

use super::ast;
use super::ast::{Expr, ExprKind, FStringPart, Stmt, StmtKind};
use std::fmt::Write;

/// The whole module, one top-level statement per line (nested blocks indented).
pub fn module(module: &ast::Module) -> String {
    let mut out = String::new();
    for stmt in &module.body {
        statement(stmt, 0, &mut out);
        out.push('\n');
    }
    out
}

/// One expression on one line.
pub fn expression(e: &Expr) -> String {
    let mut out = String::new();
    expr(e, &mut out);
    out
}

fn block(label: &str, body: &[Stmt], indent: usize, out: &mut String) {
    if body.is_empty() {
        return;
    }
    out.push('\n');
    push_indent(indent + 1, out);
    out.push('(');
    out.push_str(label);
    for stmt in body {
        out.push('\n');
        statement(stmt, indent + 2, out);
    }
    out.push(')');
}

fn push_indent(indent: usize, out: &mut String) {
    for _ in 0..indent {
        out.push_str("  ");
    }
}

fn statement(stmt: &Stmt, indent: usize, out: &mut String) {
    push_indent(indent, out);
    match &stmt.kind {
        StmtKind::Expr(e) => {
            out.push_str("(expr ");
            expr(e, out);
            out.push(')');
        }
        StmtKind::Assign { targets, value } => {
            out.push_str("(=");
            for t in targets {
                out.push(' ');
                expr(t, out);
            }
            out.push(' ');
            expr(value, out);
            out.push(')');
        }
        StmtKind::AnnAssign {
            target,
            annotation,
            value,
        } => {
            out.push_str("(: ");
            expr(target, out);
            out.push(' ');
            expr(annotation, out);
            if let Some(v) = value {
                out.push_str(" = ");
                expr(v, out);
            }
            out.push(')');
        }
        StmtKind::AugAssign { target, op, value } => {
            let _ = write!(out, "({}= ", op.symbol());
            expr(target, out);
            out.push(' ');
            expr(value, out);
            out.push(')');
        }
        StmtKind::If { test, body, orelse } => {
            out.push_str("(if ");
            expr(test, out);
            block("then", body, indent, out);
            block("else", orelse, indent, out);
            out.push(')');
        }
        StmtKind::While { test, body, orelse } => {
            out.push_str("(while ");
            expr(test, out);
            block("do", body, indent, out);
            block("else", orelse, indent, out);
            out.push(')');
        }
        StmtKind::For {
            target,
            iter,
            body,
            orelse,
        } => {
            out.push_str("(for ");
            expr(target, out);
            out.push_str(" in ");
            expr(iter, out);
            block("do", body, indent, out);
            block("else", orelse, indent, out);
            out.push(')');
        }
        StmtKind::Break => out.push_str("(break)"),
        StmtKind::Continue => out.push_str("(continue)"),
        StmtKind::Pass => out.push_str("(pass)"),
        StmtKind::Return(value) => {
            out.push_str("(return");
            if let Some(v) = value {
                out.push(' ');
                expr(v, out);
            }
            out.push(')');
        }
        StmtKind::Assert { test, msg } => {
            out.push_str("(assert ");
            expr(test, out);
            if let Some(m) = msg {
                out.push(' ');
                expr(m, out);
            }
            out.push(')');
        }
        StmtKind::Del(targets) => {
            out.push_str("(del");
            for t in targets {
                out.push(' ');
                expr(t, out);
            }
            out.push(')');
        }
        StmtKind::Raise { exc, cause } => {
            out.push_str("(raise");
            if let Some(e) = exc {
                out.push(' ');
                expr(e, out);
            }
            if let Some(c) = cause {
                out.push_str(" from ");
                expr(c, out);
            }
            out.push(')');
        }
        StmtKind::Try {
            body,
            handlers,
            orelse,
            finalbody,
        } => {
            out.push_str("(try");
            block("body", body, indent, out);
            for h in handlers {
                out.push('\n');
                push_indent(indent + 1, out);
                out.push_str("(except");
                if let Some(t) = &h.typ {
                    out.push(' ');
                    expr(t, out);
                }
                if let Some(n) = &h.name {
                    let _ = write!(out, " as {}", n.name);
                }
                for stmt in &h.body {
                    out.push('\n');
                    statement(stmt, indent + 2, out);
                }
                out.push(')');
            }
            block("else", orelse, indent, out);
            block("finally", finalbody, indent, out);
            out.push(')');
        }
        StmtKind::FunctionDef(f) => {
            decorators(&f.decorators, out);
            let _ = write!(out, "(def {}", f.name.name);
            type_params(&f.type_params, out);
            out.push_str(" (");
            for (i, p) in f.params.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                if p.keyword_only {
                    out.push('*');
                }
                out.push_str(&p.name.name);
                if let Some(a) = &p.annotation {
                    out.push_str(": ");
                    expr(a, out);
                }
                if let Some(d) = &p.default {
                    out.push_str(" = ");
                    expr(d, out);
                }
            }
            out.push(')');
            if let Some(r) = &f.returns {
                out.push_str(" -> ");
                expr(r, out);
            }
            for stmt in &f.body {
                out.push('\n');
                statement(stmt, indent + 1, out);
            }
            out.push(')');
        }
        StmtKind::ClassDef(c) => {
            decorators(&c.decorators, out);
            let _ = write!(out, "(class {}", c.name.name);
            type_params(&c.type_params, out);
            out.push_str(" (");
            for (i, b) in c.bases.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                expr(b, out);
            }
            out.push(')');
            for stmt in &c.body {
                out.push('\n');
                statement(stmt, indent + 1, out);
            }
            out.push(')');
        }
        StmtKind::Import(names) => {
            out.push_str("(import");
            aliases(names, out);
            out.push(')');
        }
        StmtKind::ImportFrom { module, names } => {
            let _ = write!(out, "(from {} import", module.name);
            aliases(names, out);
            out.push(')');
        }
    }
}

fn decorators(decorators: &[Expr], out: &mut String) {
    for d in decorators {
        out.push('@');
        expr(d, out);
        out.push(' ');
    }
}

fn type_params(params: &[ast::Ident], out: &mut String) {
    if params.is_empty() {
        return;
    }
    out.push('[');
    let names: Vec<&str> = params.iter().map(|p| p.name.as_str()).collect();
    out.push_str(&names.join(" "));
    out.push(']');
}

fn aliases(names: &[ast::Alias], out: &mut String) {
    for a in names {
        out.push(' ');
        out.push_str(&a.name.name);
        if let Some(asname) = &a.asname {
            let _ = write!(out, " as {}", asname.name);
        }
    }
}

fn list(open: &str, items: &[Expr], close: &str, out: &mut String) {
    out.push_str(open);
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        expr(item, out);
    }
    out.push_str(close);
}

fn comprehension(label: &str, elts: &[&Expr], generators: &[ast::Comprehension], out: &mut String) {
    let _ = write!(out, "({label}");
    for e in elts {
        out.push(' ');
        expr(e, out);
    }
    for g in generators {
        out.push_str(" (for ");
        expr(&g.target, out);
        out.push_str(" in ");
        expr(&g.iter, out);
        for cond in &g.ifs {
            out.push_str(" if ");
            expr(cond, out);
        }
        out.push(')');
    }
    out.push(')');
}

fn fstring_parts(parts: &[FStringPart], out: &mut String) {
    for part in parts {
        out.push(' ');
        match part {
            FStringPart::Literal(s) => {
                let _ = write!(out, "{s:?}");
            }
            FStringPart::Field(f) => {
                out.push('{');
                expr(&f.expr, out);
                if let Some(d) = &f.debug_text {
                    let _ = write!(out, " debug={d:?}");
                }
                if let Some(c) = f.conversion {
                    let _ = write!(out, " !{c}");
                }
                if !f.spec.is_empty() {
                    out.push_str(" :");
                    fstring_parts(&f.spec, out);
                }
                out.push('}');
            }
        }
    }
}

fn expr(e: &Expr, out: &mut String) {
    match &e.kind {
        ExprKind::Starred(inner) => {
            out.push('*');
            expr(inner, out);
        }
        ExprKind::Int(v) => {
            let _ = write!(out, "{v}");
        }
        ExprKind::Float(v) => {
            let _ = write!(out, "{v:?}");
        }
        ExprKind::Str(s) => {
            let _ = write!(out, "{s:?}");
        }
        ExprKind::Bool(b) => out.push_str(if *b { "True" } else { "False" }),
        ExprKind::None => out.push_str("None"),
        ExprKind::Ellipsis => out.push_str("..."),
        ExprKind::FString(parts) => {
            out.push_str("(f");
            fstring_parts(parts, out);
            out.push(')');
        }
        ExprKind::Name(n) => out.push_str(n),
        ExprKind::List(items) => list("[", items, "]", out),
        ExprKind::Tuple(items) => list("(tuple ", items, ")", out),
        ExprKind::Set(items) => list("{", items, "}", out),
        ExprKind::Dict(pairs) => {
            out.push_str("(dict");
            for (k, v) in pairs {
                out.push_str(" (");
                expr(k, out);
                out.push(' ');
                expr(v, out);
                out.push(')');
            }
            out.push(')');
        }
        ExprKind::BinOp { left, op, right } => {
            let _ = write!(out, "({} ", op.symbol());
            expr(left, out);
            out.push(' ');
            expr(right, out);
            out.push(')');
        }
        ExprKind::UnaryOp { op, operand } => {
            let name = match op {
                ast::UnaryOp::Neg => "neg",
                ast::UnaryOp::Pos => "pos",
                ast::UnaryOp::Not => "not",
                ast::UnaryOp::Invert => "~",
            };
            let _ = write!(out, "({name} ");
            expr(operand, out);
            out.push(')');
        }
        ExprKind::BoolOp { op, values } => {
            let name = match op {
                ast::BoolOp::And => "and",
                ast::BoolOp::Or => "or",
            };
            let _ = write!(out, "({name} ");
            list("", values, "", out);
            out.push(')');
        }
        ExprKind::Compare { left, ops } => {
            out.push_str("(cmp ");
            expr(left, out);
            for (op, right) in ops {
                let _ = write!(out, " {} ", op.symbol());
                expr(right, out);
            }
            out.push(')');
        }
        ExprKind::IfExp { test, body, orelse } => {
            out.push_str("(ifexp ");
            expr(test, out);
            out.push(' ');
            expr(body, out);
            out.push(' ');
            expr(orelse, out);
            out.push(')');
        }
        ExprKind::Call {
            func,
            args,
            keywords,
        } => {
            out.push_str("(call ");
            expr(func, out);
            for a in args {
                out.push(' ');
                expr(a, out);
            }
            for k in keywords {
                let _ = write!(out, " {}=", k.name.name);
                expr(&k.value, out);
            }
            out.push(')');
        }
        ExprKind::Attribute { value, attr } => {
            out.push_str("(. ");
            expr(value, out);
            let _ = write!(out, " {})", attr.name);
        }
        ExprKind::Subscript { value, index } => {
            out.push_str("(sub ");
            expr(value, out);
            out.push(' ');
            expr(index, out);
            out.push(')');
        }
        ExprKind::Slice { lower, upper, step } => {
            out.push_str("(slice");
            for part in [lower, upper, step] {
                out.push(' ');
                match part {
                    Some(p) => expr(p, out),
                    None => out.push('_'),
                }
            }
            out.push(')');
        }
        ExprKind::ListComp { elt, generators } => {
            comprehension("listcomp", &[elt], generators, out)
        }
        ExprKind::SetComp { elt, generators } => comprehension("setcomp", &[elt], generators, out),
        ExprKind::GeneratorExp { elt, generators } => {
            comprehension("genexp", &[elt], generators, out)
        }
        ExprKind::DictComp {
            key,
            value,
            generators,
        } => comprehension("dictcomp", &[key, value], generators, out),
        ExprKind::Lambda { params, body } => {
            out.push_str("(lambda (");
            let names: Vec<&str> = params.iter().map(|p| p.name.as_str()).collect();
            out.push_str(&names.join(" "));
            out.push_str(") ");
            expr(body, out);
            out.push(')');
        }
        ExprKind::Error => out.push_str("<error>"),
    }
}
