//! Which functions count toward CPython's recursion depth (`RecursionError`).
//!
//! CPython counts every frame; the depth only matters where it is checked against the limit,
//! that is when a function of a recursive cycle is entered (only a cycle can go deep) and in
//! `sys.setrecursionlimit`. So a function counts its frame when it can reach (through calls,
//! itself included) a function on a cycle of the call graph or a `sys.setrecursionlimit`
//! call: then, whenever the depth is checked, every frame below is counted, and the depth is
//! CPython's. The other functions (leaves like `max2`, helpers that recurse nowhere) pay
//! nothing. Both backends read the result: the Rust backend opens a counting function with
//! `let _depth = rt::enter_recursion();`, the JIT with inline code doing the same.
//!
//! The call graph is conservative: a call of a method reaches every method of that name (an
//! override may run), a call of a `Callable` value reaches every function used as a value and
//! every function a lambda calls, and an operation on instances of a class (printing,
//! formatting, comparing, hashing, arithmetic: anything but naming them, reading a field,
//! passing them to a user function) reaches that class's and its subclasses' dunder methods
//! (`__str__`, `__eq__`, `__lt__`, ...), which it may call implicitly.

use super::{visit, Builtin, Expr, ExprKind, FnKind, Program, Stmt};
use crate::types::Ty;
use std::collections::BTreeSet;

/// The depth each function's frame adds: 0 (not counted), 1, or 2 for an `__init__` (CPython
/// counts the call of the class and the `__init__` frame). Indexed by `FuncId`.
pub fn depth_costs(program: &Program) -> Vec<u8> {
    let n = program.functions.len();
    let mut edges: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); n];
    let mut sets_limit = vec![false; n];
    let mut as_values: BTreeSet<usize> = BTreeSet::new();
    let mut calls_values = vec![false; n];
    let method_part = |name: &str| name.rsplit('.').next().unwrap_or(name).to_string();
    // The dunder methods of each class, which printing, comparing and hashing its instances
    // may call.
    let dunders_of = |class: &str| -> Vec<usize> {
        (0..n)
            .filter(|&i| {
                let f = &program.functions[i];
                let m = method_part(&f.name);
                matches!(&f.kind, FnKind::Method(c) if program.is_subclass(c, class))
                    && m.len() > 4
                    && m.starts_with("__")
                    && m.ends_with("__")
            })
            .collect()
    };
    for (i, f) in program.functions.iter().enumerate() {
        if f.kind == FnKind::Generic {
            continue;
        }
        let mut calls = Calls::default();
        block(&f.body, &mut calls);
        sets_limit[i] = calls.sets_limit;
        calls_values[i] = calls.call_value;
        as_values.extend(calls.values.iter().copied());
        as_values.extend(calls.in_lambdas.iter().copied());
        for c in calls.direct {
            edges[i].insert(c);
            let callee = &program.functions[c];
            if matches!(callee.kind, FnKind::Method(_)) {
                let m = method_part(&callee.name);
                for (j, g) in program.functions.iter().enumerate() {
                    if matches!(g.kind, FnKind::Method(_)) && method_part(&g.name) == m {
                        edges[i].insert(j);
                    }
                }
            }
        }
        for class in calls.classes {
            if let Some(init) = program.class(&class).and_then(|c| c.init) {
                edges[i].insert(init.0 as usize);
            }
        }
        edges[i].extend(calls.values.iter().copied());
        for class in &calls.handled {
            edges[i].extend(dunders_of(class));
        }
    }
    for (i, e) in edges.iter_mut().enumerate() {
        if calls_values[i] {
            e.extend(as_values.iter().copied());
        }
        e.retain(|&j| j < n);
    }
    // Observers: functions on a cycle (they reach themselves), and `setrecursionlimit` callers.
    let mut counts = sets_limit;
    for i in 0..n {
        if !counts[i] && reaches(&edges, i, i) {
            counts[i] = true;
        }
    }
    // Everything that reaches an observer counts too.
    loop {
        let mut changed = false;
        for i in 0..n {
            if !counts[i] && edges[i].iter().any(|&j| counts[j]) {
                counts[i] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    (0..n)
        .map(|i| match (counts[i], &program.functions[i].kind) {
            (false, _) => 0,
            (true, FnKind::Init(_)) => 2,
            (true, _) => 1,
        })
        .collect()
}

/// Can `from` reach `to` through one or more calls?
fn reaches(edges: &[BTreeSet<usize>], from: usize, to: usize) -> bool {
    let mut seen = vec![false; edges.len()];
    let mut stack: Vec<usize> = edges[from].iter().copied().collect();
    while let Some(f) = stack.pop() {
        if f == to {
            return true;
        }
        if !std::mem::replace(&mut seen[f], true) {
            stack.extend(edges[f].iter().copied());
        }
    }
    false
}

#[derive(Default)]
struct Calls {
    direct: BTreeSet<usize>,
    classes: BTreeSet<String>,
    values: BTreeSet<usize>,
    in_lambdas: BTreeSet<usize>,
    call_value: bool,
    sets_limit: bool,
    /// Classes whose instances an operation (printing, formatting, comparing, hashing, ...)
    /// takes: their dunder methods may run.
    handled: BTreeSet<String>,
}

fn block(stmts: &[Stmt], calls: &mut Calls) {
    for s in stmts {
        visit::stmt_exprs(s, &mut |e| expr(e, calls, false));
        for b in visit::stmt_blocks(s) {
            block(b, calls);
        }
    }
}

fn expr(e: &Expr, calls: &mut Calls, in_lambda: bool) {
    match &e.kind {
        ExprKind::Call { func, .. } => {
            calls.direct.insert(func.0 as usize);
            if in_lambda {
                calls.in_lambdas.insert(func.0 as usize);
            }
        }
        ExprKind::New { class, .. } => {
            calls.classes.insert(class.clone());
        }
        ExprKind::FuncRef(f) => {
            calls.values.insert(f.0 as usize);
        }
        ExprKind::CallValue { .. } => calls.call_value = true,
        ExprKind::Builtin {
            func: Builtin::SysSetRecursionLimit,
            ..
        } => calls.sets_limit = true,
        _ => {}
    }
    // An operation on instances may call their dunders; naming, reading a field, passing
    // them to a user function or making them does not.
    let plain = matches!(
        e.kind,
        ExprKind::Local(_)
            | ExprKind::Global(_)
            | ExprKind::Field { .. }
            | ExprKind::Call { .. }
            | ExprKind::New { .. }
            | ExprKind::FuncRef(_)
            | ExprKind::Lambda { .. }
            | ExprKind::Upcast(_)
            | ExprKind::Some(_)
            | ExprKind::Unwrap(_)
    );
    if !plain {
        visit::each_child(e, &mut |c| classes_in(&c.ty, &mut calls.handled));
    }
    let in_lambda = in_lambda || matches!(e.kind, ExprKind::Lambda { .. });
    visit::each_child(e, &mut |c| expr(c, calls, in_lambda));
}

/// The classes a value of type `ty` holds or is.
fn classes_in(ty: &Ty, out: &mut BTreeSet<String>) {
    match ty {
        Ty::Class(c) | Ty::Exception(c) => {
            out.insert(c.clone());
        }
        Ty::List(t) | Ty::Set(t) | Ty::Optional(t) => classes_in(t, out),
        Ty::Dict(k, v) => {
            classes_in(k, out);
            classes_in(v, out);
        }
        Ty::Tuple(ts) => ts.iter().for_each(|t| classes_in(t, out)),
        Ty::Func(ps, r) => {
            ps.iter().for_each(|t| classes_in(t, out));
            classes_in(r, out);
        }
        _ => {}
    }
}
