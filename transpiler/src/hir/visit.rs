//! Visiting the direct children of HIR expressions and statements.

use super::{Expr, ExprKind, FPart, Place, Stmt, StmtKind};

/// Calls `f` on each direct sub-expression of `e`, in evaluation order.
pub fn each_child<'a>(e: &'a Expr, f: &mut dyn FnMut(&'a Expr)) {
    use ExprKind as K;
    match &e.kind {
        K::Int(_)
        | K::Float(_)
        | K::Bool(_)
        | K::Str(_)
        | K::None
        | K::Local(_)
        | K::Global(_)
        | K::MathConst(_)
        | K::FuncRef(_) => {}
        K::CallValue { callee, args } => {
            f(callee);
            args.iter().for_each(f);
        }
        K::IntToFloat(x)
        | K::BoolToInt(x)
        | K::Neg(x)
        | K::Not(x)
        | K::Invert(x)
        | K::Truthy(x)
        | K::Some(x)
        | K::Unwrap(x)
        | K::Downcast(x)
        | K::Spread(x)
        | K::Upcast(x)
        | K::IsInstance { value: x, .. } => f(x),
        K::Binary { left, right, .. }
        | K::Compare { left, right, .. }
        | K::And(left, right)
        | K::Or(left, right) => {
            f(left);
            f(right);
        }
        K::Repeat { seq, count } => {
            f(seq);
            f(count);
        }
        K::ChainCompare { first, rest } => {
            f(first);
            rest.iter().for_each(|(_, x)| f(x));
        }
        K::IfExp { cond, then, els } => {
            f(cond);
            f(then);
            f(els);
        }
        K::List(xs)
        | K::Tuple(xs)
        | K::Set(xs)
        | K::Call { args: xs, .. }
        | K::Builtin { args: xs, .. }
        | K::New { args: xs, .. } => xs.iter().for_each(f),
        K::Field { obj, .. } | K::ExcPayload { exc: obj, .. } => f(obj),
        K::NewException { arg, .. } => {
            if let Some(a) = arg {
                f(a);
            }
        }
        K::Dict(kvs) => kvs.iter().for_each(|(k, v)| {
            f(k);
            f(v);
        }),
        K::DictComp { key, value, gens } => {
            for g in gens {
                g.iter.exprs().into_iter().for_each(&mut *f);
                g.ifs.iter().for_each(&mut *f);
            }
            f(key);
            f(value);
        }
        K::SetComp { elt, gens } => {
            for g in gens {
                g.iter.exprs().into_iter().for_each(&mut *f);
                g.ifs.iter().for_each(&mut *f);
            }
            f(elt);
        }
        K::TupleField { tuple, .. } => f(tuple),
        K::Lambda { body, .. } => f(body),
        K::Comprehension { elt, gens } => {
            for g in gens {
                g.iter.exprs().into_iter().for_each(&mut *f);
                g.ifs.iter().for_each(&mut *f);
            }
            f(elt);
        }
        K::Index { list: a, index: b } | K::StrIndex { s: a, index: b } => {
            f(a);
            f(b);
        }
        K::Slice {
            seq,
            lower,
            upper,
            step,
        } => {
            f(seq);
            for x in [lower, upper, step].into_iter().flatten() {
                f(x);
            }
        }
        K::Method { receiver, args, .. } => {
            f(receiver);
            args.iter().for_each(f);
        }
        K::Print { args, sep, end } => {
            args.iter().for_each(&mut *f);
            for x in [sep, end].into_iter().flatten() {
                f(x);
            }
        }
        K::FString(parts) => fparts(parts, f),
    }
}

fn fparts<'a>(parts: &'a [FPart], f: &mut dyn FnMut(&'a Expr)) {
    for p in parts {
        if let FPart::Field { value, spec, .. } = p {
            f(value);
            if let Some(spec) = spec {
                fparts(spec, f);
            }
        }
    }
}

/// Calls `f` on each direct sub-expression of `e`, mutably.
pub fn each_child_mut(e: &mut Expr, f: &mut dyn FnMut(&mut Expr)) {
    use ExprKind as K;
    match &mut e.kind {
        K::Int(_)
        | K::Float(_)
        | K::Bool(_)
        | K::Str(_)
        | K::None
        | K::Local(_)
        | K::Global(_)
        | K::MathConst(_)
        | K::FuncRef(_) => {}
        K::CallValue { callee, args } => {
            f(callee);
            args.iter_mut().for_each(&mut *f);
        }
        K::IntToFloat(x)
        | K::BoolToInt(x)
        | K::Neg(x)
        | K::Not(x)
        | K::Invert(x)
        | K::Truthy(x)
        | K::Some(x)
        | K::Unwrap(x)
        | K::Downcast(x)
        | K::Spread(x)
        | K::Upcast(x)
        | K::IsInstance { value: x, .. } => f(x),
        K::Binary { left, right, .. }
        | K::Compare { left, right, .. }
        | K::And(left, right)
        | K::Or(left, right) => {
            f(left);
            f(right);
        }
        K::Repeat { seq, count } => {
            f(seq);
            f(count);
        }
        K::ChainCompare { first, rest } => {
            f(first);
            rest.iter_mut().for_each(|(_, x)| f(x));
        }
        K::IfExp { cond, then, els } => {
            f(cond);
            f(then);
            f(els);
        }
        K::List(xs)
        | K::Tuple(xs)
        | K::Set(xs)
        | K::Call { args: xs, .. }
        | K::Builtin { args: xs, .. }
        | K::New { args: xs, .. } => xs.iter_mut().for_each(f),
        K::Field { obj, .. } | K::ExcPayload { exc: obj, .. } => f(obj),
        K::NewException { arg, .. } => {
            if let Some(a) = arg {
                f(a);
            }
        }
        K::Dict(kvs) => kvs.iter_mut().for_each(|(k, v)| {
            f(k);
            f(v);
        }),
        K::DictComp { key, value, gens } => {
            for g in gens.iter_mut() {
                g.iter.exprs_mut().into_iter().for_each(&mut *f);
                g.ifs.iter_mut().for_each(&mut *f);
            }
            f(key);
            f(value);
        }
        K::SetComp { elt, gens } => {
            for g in gens.iter_mut() {
                g.iter.exprs_mut().into_iter().for_each(&mut *f);
                g.ifs.iter_mut().for_each(&mut *f);
            }
            f(elt);
        }
        K::TupleField { tuple, .. } => f(tuple),
        K::Lambda { body, .. } => f(body),
        K::Comprehension { elt, gens } => {
            for g in gens.iter_mut() {
                g.iter.exprs_mut().into_iter().for_each(&mut *f);
                g.ifs.iter_mut().for_each(&mut *f);
            }
            f(elt);
        }
        K::Index { list: a, index: b } | K::StrIndex { s: a, index: b } => {
            f(a);
            f(b);
        }
        K::Slice {
            seq,
            lower,
            upper,
            step,
        } => {
            f(seq);
            for x in [lower, upper, step].into_iter().flatten() {
                f(x);
            }
        }
        K::Method { receiver, args, .. } => {
            f(receiver);
            args.iter_mut().for_each(f);
        }
        K::Print { args, sep, end } => {
            args.iter_mut().for_each(&mut *f);
            for x in [sep, end].into_iter().flatten() {
                f(x);
            }
        }
        K::FString(parts) => fparts_mut(parts, f),
    }
}

fn fparts_mut(parts: &mut [FPart], f: &mut dyn FnMut(&mut Expr)) {
    for p in parts {
        if let FPart::Field { value, spec, .. } = p {
            f(value);
            if let Some(spec) = spec {
                fparts_mut(spec, f);
            }
        }
    }
}

/// Calls `f` on every expression directly held by a statement (not nested statements).
pub fn stmt_exprs<'a>(s: &'a Stmt, f: &mut dyn FnMut(&'a Expr)) {
    match &s.kind {
        StmtKind::Expr(e) | StmtKind::Return(Some(e)) => f(e),
        StmtKind::Assign { target, value } | StmtKind::AugAssign { target, value, .. } => {
            place_exprs(target, f);
            f(value);
        }
        StmtKind::MultiAssign { targets, values } => {
            values.iter().for_each(&mut *f);
            targets.iter().for_each(|t| place_exprs(t, f));
        }
        StmtKind::If { cond, .. } | StmtKind::While { cond, .. } => f(cond),
        StmtKind::For { iter, .. } => iter.exprs().into_iter().for_each(f),
        StmtKind::Assert { cond, msg } => {
            f(cond);
            if let Some(m) = msg {
                f(m);
            }
        }
        StmtKind::Raise { exc: Some(e), .. } => f(e),
        StmtKind::Return(None)
        | StmtKind::Break
        | StmtKind::Continue
        | StmtKind::Pass
        | StmtKind::Raise { exc: None, .. }
        | StmtKind::Try { .. } => {}
    }
}

fn place_exprs<'a>(p: &'a Place, f: &mut dyn FnMut(&'a Expr)) {
    match p {
        Place::Index { list, index } => {
            f(list);
            f(index);
        }
        Place::Field { obj, .. } => f(obj),
        Place::Local(_) => {}
    }
}

/// The nested statement blocks of a statement.
pub fn stmt_blocks(s: &Stmt) -> Vec<&[Stmt]> {
    match &s.kind {
        StmtKind::If { then, els, .. } => vec![then, els],
        StmtKind::While { body, orelse, .. } | StmtKind::For { body, orelse, .. } => {
            vec![body, orelse]
        }
        StmtKind::Try {
            body,
            handlers,
            orelse,
            finalbody,
        } => {
            let mut v: Vec<&[Stmt]> = vec![body];
            v.extend(handlers.iter().map(|h| h.body.as_slice()));
            v.push(orelse);
            v.push(finalbody);
            v
        }
        _ => Vec::new(),
    }
}

/// `stmt_exprs`, mutably.
pub fn stmt_exprs_mut(s: &mut Stmt, f: &mut dyn FnMut(&mut Expr)) {
    match &mut s.kind {
        StmtKind::Expr(e) | StmtKind::Return(Some(e)) => f(e),
        StmtKind::Assign { target, value } | StmtKind::AugAssign { target, value, .. } => {
            place_exprs_mut(target, f);
            f(value);
        }
        StmtKind::MultiAssign { targets, values } => {
            values.iter_mut().for_each(&mut *f);
            targets.iter_mut().for_each(|t| place_exprs_mut(t, f));
        }
        StmtKind::If { cond, .. } | StmtKind::While { cond, .. } => f(cond),
        StmtKind::For { iter, .. } => iter.exprs_mut().into_iter().for_each(f),
        StmtKind::Assert { cond, msg } => {
            f(cond);
            if let Some(m) = msg {
                f(m);
            }
        }
        StmtKind::Raise { exc: Some(e), .. } => f(e),
        StmtKind::Return(None)
        | StmtKind::Break
        | StmtKind::Continue
        | StmtKind::Pass
        | StmtKind::Raise { exc: None, .. }
        | StmtKind::Try { .. } => {}
    }
}

fn place_exprs_mut(p: &mut Place, f: &mut dyn FnMut(&mut Expr)) {
    match p {
        Place::Index { list, index } => {
            f(list);
            f(index);
        }
        Place::Field { obj, .. } => f(obj),
        Place::Local(_) => {}
    }
}

/// `stmt_blocks`, mutably.
pub fn stmt_blocks_mut(s: &mut Stmt) -> Vec<&mut Vec<Stmt>> {
    match &mut s.kind {
        StmtKind::If { then, els, .. } => vec![then, els],
        StmtKind::While { body, orelse, .. } | StmtKind::For { body, orelse, .. } => {
            vec![body, orelse]
        }
        StmtKind::Try {
            body,
            handlers,
            orelse,
            finalbody,
        } => {
            let mut v: Vec<&mut Vec<Stmt>> = vec![body];
            v.extend(handlers.iter_mut().map(|h| &mut h.body));
            v.push(orelse);
            v.push(finalbody);
            v
        }
        _ => Vec::new(),
    }
}
