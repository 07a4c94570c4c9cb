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
//! every function a lambda calls, and every function may reach the dunder methods (`__str__`,
//! `__eq__`, `__lt__`, ...) that printing, comparing and hashing call implicitly.

use super::{visit, Builtin, Expr, ExprKind, FnKind, Program, Stmt};
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
    let dunders: Vec<usize> = (0..n)
        .filter(|&i| {
            let f = &program.functions[i];
            let m = method_part(&f.name);
            matches!(f.kind, FnKind::Method(_))
                && m.len() > 4
                && m.starts_with("__")
                && m.ends_with("__")
        })
        .collect();
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
        edges[i].extend(dunders.iter().copied());
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
    let in_lambda = in_lambda || matches!(e.kind, ExprKind::Lambda { .. });
    visit::each_child(e, &mut |c| expr(c, calls, in_lambda));
}
