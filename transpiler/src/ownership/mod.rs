//! Ownership inference: maps Python's shared references onto Rust's moves and borrows.
//!
//! For every function it decides how each parameter is passed (`&T`, `&mut T`, by value),
//! which locals need `mut`, and, for every use of a non-`Copy` local where an owned value is
//! needed, whether the value can be moved (it is not used again) or must be cloned. A clone
//! that CPython's sharing would make observable (one side is mutated in place) is an error
//! (`E0010`) that shows both places. Invariant: the backend never decides ownership itself; it
//! reads these tables.

mod aliases;
mod cells;
mod copies;
mod cursors;
mod explain;
mod facts;
mod globals;

pub use explain::explain;

pub use facts::iter_root;
mod liveness;
mod returns;
mod webs;

pub use returns::RetBorrow;

use crate::diagnostics::Diagnostic;
use crate::hir::{self, LocalId};
use crate::types::Ty;
use std::collections::HashSet;

/// How a parameter is passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamMode {
    /// `int`, `float`, `bool`: by value.
    Copy,
    /// Only read: `&[T]`, `&str`, `&T`.
    Ref,
    /// Mutated in place: `&mut Vec<T>`, or `&mut [T]` when the length never changes.
    RefMut { len_changes: bool },
    /// Stored, returned or rebound: by value, the caller moves (or clones when it still needs it).
    Owned,
    /// A `str` parameter the function rebinds: `&str`, copied into a local `String` on entry.
    StrShadow,
}

/// What the function does with one local.
#[derive(Clone, Debug, Default)]
pub struct LocalFacts {
    /// Assignments to the local (a parameter counts its binding as one).
    pub assignments: u32,
    /// Changed in place (method, element assignment, passed as `&mut`).
    pub mutated: bool,
    /// Its length changes (append, pop, ...): a `&mut [T]` does not suffice.
    pub len_changes: bool,
    /// Returned, stored in a container, bound to another name, or passed by value.
    pub escapes: bool,
    /// A `for` loop variable that the body mutates: the loop uses `iter_mut()`.
    pub loop_var_mutated: bool,
}

#[derive(Debug, Default)]
pub struct FnOwnership {
    pub params: Vec<ParamMode>,
    pub locals: Vec<LocalFacts>,
    /// Uses `(local, span start)` of non-`Copy` locals that are the last use: they may move.
    pub moves: HashSet<(LocalId, u32)>,
    /// Locals bound to an element or field that they change: a mutable borrow of it.
    pub elem_borrows: HashSet<LocalId>,
    /// The function returns a borrow of a part of this parameter (`-> &mut Room`).
    pub ret_borrow: Option<RetBorrow>,
    /// Locals bound to the borrow such a function returns (`r = g.room(a)`).
    pub call_borrows: HashSet<LocalId>,
    /// Calls (by where they start) whose borrowed result is changed: they need the `&mut`
    /// version of a function that has both.
    pub mut_calls: HashSet<u32>,
    /// The `&` version of a function returning a borrow (see `RetBorrow::shared_variant`).
    pub shared: Option<Box<FnOwnership>>,
    /// Locals walking down a chain of objects (`cur = cur.next`): a borrow that moves along,
    /// mutable (`true`) when the walk changes what it visits.
    pub cursors: std::collections::HashMap<LocalId, bool>,
    /// Captured variables the closures change, shared as `Rc<RefCell<T>>` from the top-level
    /// statement at the index on (see `cells`).
    pub cells: Vec<(LocalId, usize)>,
}

impl FnOwnership {
    pub fn local(&self, id: LocalId) -> &LocalFacts {
        static EMPTY: LocalFacts = LocalFacts {
            assignments: 0,
            mutated: false,
            len_changes: false,
            escapes: false,
            loop_var_mutated: false,
        };
        self.locals.get(id.0 as usize).unwrap_or(&EMPTY)
    }

    /// Does the Rust binding need `mut`?
    pub fn needs_mut(&self, id: LocalId, is_param: bool, mode: Option<ParamMode>) -> bool {
        let f = self.local(id);
        let reassigned = f.assignments > 1 || (is_param && f.assignments > 0);
        match mode {
            Some(ParamMode::RefMut { .. }) | Some(ParamMode::Ref) => false,
            Some(ParamMode::StrShadow) => false,
            _ => reassigned || f.mutated,
        }
    }

    pub fn can_move(&self, id: LocalId, span_start: u32) -> bool {
        self.moves.contains(&(id, span_start))
    }
}

#[derive(Debug, Default)]
pub struct Ownership {
    pub functions: Vec<FnOwnership>,
    pub main: FnOwnership,
}

/// Infers ownership for the whole program, reporting observable aliasing as errors. Names for
/// parts of containers that a borrow cannot serve are first replaced by the parts themselves
/// (see `aliases`), which is why the program is taken mutably.
pub fn infer(program: &mut hir::Program, diags: &mut Vec<Diagnostic>) -> Ownership {
    for f in program
        .functions
        .iter_mut()
        .chain(std::iter::once(&mut program.main))
    {
        webs::split(f);
    }
    let mut modes = param_modes(program, &HashSet::new());
    let mut rewritten = false;
    for f in program
        .functions
        .iter_mut()
        .chain(std::iter::once(&mut program.main))
    {
        // A rewritten name makes its container used where the next name is: go again.
        for _ in 0..f.locals.len() {
            let facts = facts::collect(f, &modes);
            let mut round = Vec::new();
            if !aliases::rewrite(f, &facts, &modes, &mut round) {
                diags.extend(round);
                break;
            }
            rewritten = true;
        }
    }
    // A function that hands out a part of a parameter that some caller changes takes that
    // parameter as `&mut`: force it, and go again until nothing more is forced.
    let candidates: Vec<Option<usize>> = program.functions.iter().map(returns::candidate).collect();
    let mut forced = HashSet::new();
    // The modes the functions need for what they do themselves.
    let own_modes = if rewritten {
        param_modes(program, &HashSet::new())
    } else {
        modes.clone()
    };
    if rewritten || candidates.iter().any(Option::is_some) {
        for _ in 0..program.functions.len() + 1 {
            modes = param_modes(program, &forced);
            let changed = returns::changed_results(program, &|f| facts::collect(f, &modes), &modes);
            let mut grew = false;
            for (func, _) in changed.iter().flatten() {
                if let Some(p) = candidates[func.0 as usize] {
                    grew |= forced.insert((func.0 as usize, p));
                }
            }
            if !grew {
                break;
            }
        }
    }
    let groups = override_groups(program);
    let ret_borrows: Vec<Option<RetBorrow>> = candidates
        .iter()
        .zip(&modes)
        .enumerate()
        .map(|(i, (c, m))| {
            // A dispatching method returns what every override returns: values.
            if groups.iter().any(|g| g.contains(&i)) {
                return None;
            }
            let param = (*c)?;
            match m.get(param)? {
                ParamMode::Ref => Some(RetBorrow {
                    param,
                    mutable: false,
                    shared_variant: false,
                }),
                ParamMode::RefMut { .. } => Some(RetBorrow {
                    param,
                    mutable: true,
                    shared_variant: forced.contains(&(i, param))
                        && own_modes.get(i).and_then(|m| m.get(param)) == Some(&ParamMode::Ref),
                }),
                _ => None,
            }
        })
        .collect();
    globals::check(program, &modes, diags);
    let aliasing: Vec<bool> = program.functions.iter().map(facts::returns_alias).collect();
    let changed = returns::changed_results(program, &|f| facts::collect(f, &modes), &modes);
    let mut out = Ownership::default();
    for (i, f) in program.functions.iter().enumerate() {
        let mut own = finish(f, modes[i].clone(), &modes, &aliasing, &ret_borrows, diags);
        own.ret_borrow = ret_borrows[i];
        own.mut_calls = changed[i].iter().map(|(_, at)| *at).collect();
        if let Some(rb) = own.ret_borrow.filter(|rb| rb.shared_variant) {
            // The `&` version: the parameter read, the part lent for reading.
            let mut params = modes[i].clone();
            params[rb.param] = ParamMode::Ref;
            let mut quiet = Vec::new();
            let mut shared = finish(f, params, &modes, &aliasing, &ret_borrows, &mut quiet);
            shared.ret_borrow = Some(RetBorrow {
                mutable: false,
                shared_variant: false,
                ..rb
            });
            shared.mut_calls = own.mut_calls.clone();
            own.shared = Some(Box::new(shared));
        }
        if let Some(rb) = own.ret_borrow.filter(|rb| rb.mutable) {
            // `for t in self.tasks: ... return t` hands out `&mut`: the loop walks mutably.
            for v in returns::returned_elements(f, rb.param) {
                if let Some(facts) = own.locals.get_mut(v.0 as usize) {
                    facts.loop_var_mutated = true;
                }
            }
        }
        out.functions.push(own);
    }
    out.main = finish(
        &program.main,
        Vec::new(),
        &modes,
        &aliasing,
        &ret_borrows,
        diags,
    );
    out.main.mut_calls = changed
        .last()
        .map(|c| c.iter().map(|(_, at)| *at).collect())
        .unwrap_or_default();
    out
}

/// Parameter modes depend on callees' modes: iterate to a fixpoint (modes only grow). `forced`
/// parameters (function, parameter) are at least `&mut`.
fn param_modes(program: &hir::Program, forced: &HashSet<(usize, usize)>) -> Vec<Vec<ParamMode>> {
    let mut modes: Vec<Vec<ParamMode>> =
        program.functions.iter().map(|f| initial_modes(f)).collect();
    let groups = override_groups(program);
    for _ in 0..32 {
        let mut next: Vec<Vec<ParamMode>> = Vec::with_capacity(modes.len());
        for (i, f) in program.functions.iter().enumerate() {
            let facts = facts::collect(f, &modes);
            let mut new = modes_from_facts(f, &facts);
            for (j, m) in new.iter_mut().enumerate() {
                if *m == ParamMode::Ref && forced.contains(&(i, j)) {
                    *m = ParamMode::RefMut { len_changes: false };
                }
            }
            next.push(new);
        }
        unify_overrides(&mut next, &groups);
        if next == modes {
            break;
        }
        modes = next;
    }
    modes
}

/// The methods a call through a polymorphic base class may reach, one group per method of the
/// base: the base's and each subclass's version (function indexes).
fn override_groups(program: &hir::Program) -> Vec<Vec<usize>> {
    let mut groups = Vec::new();
    for base in program.polymorphic_classes() {
        let Some(class) = program.class(&base) else {
            continue;
        };
        for id in &class.methods {
            let f = program.function(*id);
            if !matches!(f.kind, hir::FnKind::Method(_)) || f.name.starts_with("super_") {
                continue;
            }
            let mut group = vec![id.0 as usize];
            for sub in program.family(&base) {
                if sub.name == base {
                    continue;
                }
                group.extend(
                    sub.methods
                        .iter()
                        .filter(|m| program.function(**m).name == f.name)
                        .map(|m| m.0 as usize),
                );
            }
            groups.push(group);
        }
    }
    groups
}

/// Gives every method of a group the strongest mode any of them needs for each parameter, so
/// that one signature serves the dispatch.
fn unify_overrides(modes: &mut [Vec<ParamMode>], groups: &[Vec<usize>]) {
    fn rank(m: ParamMode) -> u8 {
        match m {
            ParamMode::Copy => 0,
            ParamMode::Ref | ParamMode::StrShadow => 1,
            ParamMode::RefMut { .. } => 2,
            ParamMode::Owned => 3,
        }
    }
    for group in groups {
        let n = group
            .iter()
            .filter_map(|&i| modes.get(i).map(Vec::len))
            .max()
            .unwrap_or(0);
        for j in 0..n {
            let all: Vec<ParamMode> = group
                .iter()
                .filter_map(|&i| modes.get(i).and_then(|m| m.get(j)).copied())
                .collect();
            let Some(&top) = all.iter().max_by_key(|m| rank(**m)) else {
                continue;
            };
            let top = match top {
                ParamMode::RefMut { .. } => ParamMode::RefMut {
                    len_changes: all
                        .iter()
                        .any(|m| matches!(m, ParamMode::RefMut { len_changes: true })),
                },
                m => m,
            };
            for &i in group {
                if let Some(m) = modes.get_mut(i).and_then(|m| m.get_mut(j)) {
                    if rank(*m) < rank(top) || (rank(*m) == 2 && *m != top) {
                        *m = top;
                    }
                }
            }
        }
    }
}

fn finish(
    f: &hir::Function,
    params: Vec<ParamMode>,
    modes: &[Vec<ParamMode>],
    aliasing: &[bool],
    ret_borrows: &[Option<RetBorrow>],
    diags: &mut Vec<Diagnostic>,
) -> FnOwnership {
    let locals = facts::collect(f, modes);
    let moves = liveness::last_uses(f);
    let mut own = FnOwnership {
        params,
        locals,
        moves,
        elem_borrows: HashSet::new(),
        ret_borrow: None,
        call_borrows: HashSet::new(),
        mut_calls: HashSet::new(),
        shared: None,
        cursors: std::collections::HashMap::new(),
        cells: Vec::new(),
    };
    own.cursors = cursors::find(f, &own);
    own.cells = cells::find(f, &own, modes);
    if !own.cells.is_empty() {
        // A shared value changed only by its closures needs no `mut` binding of its own.
        let outside = facts::collect_outside_closures(f, modes);
        for (c, _) in &own.cells {
            let i = c.0 as usize;
            if let (Some(facts), Some(out)) = (own.locals.get_mut(i), outside.get(i)) {
                facts.mutated = out.mutated;
                facts.len_changes = out.len_changes;
            }
        }
    }
    let borrows = facts::check_aliasing(f, &own, modes, aliasing, ret_borrows, diags);
    own.elem_borrows = borrows.elements;
    own.call_borrows = borrows.calls;
    copies::check(f, &own, modes, diags);
    own
}

fn initial_modes(f: &hir::Function) -> Vec<ParamMode> {
    f.params
        .iter()
        .map(|p| {
            if f.local(*p).ty.is_copy() {
                ParamMode::Copy
            } else {
                ParamMode::Ref
            }
        })
        .collect()
}

fn modes_from_facts(f: &hir::Function, facts: &[LocalFacts]) -> Vec<ParamMode> {
    f.params
        .iter()
        .map(|p| {
            let ty = &f.local(*p).ty;
            let Some(fa) = facts.get(p.0 as usize) else {
                return ParamMode::Ref;
            };
            if ty.is_copy() {
                ParamMode::Copy
            } else if *ty == Ty::Str {
                if fa.assignments > 0 {
                    ParamMode::StrShadow
                } else {
                    ParamMode::Ref
                }
            } else if fa.escapes || fa.assignments > 0 {
                ParamMode::Owned
            } else if fa.mutated {
                ParamMode::RefMut {
                    len_changes: fa.len_changes,
                }
            } else {
                ParamMode::Ref
            }
        })
        .collect()
}

/// The local a place expression is rooted in: `xs`, `xs[i]`, `grid[i][j]` → `xs` / `grid`.
pub fn root_local(e: &hir::Expr) -> Option<LocalId> {
    match &e.kind {
        hir::ExprKind::Local(id) => Some(*id),
        hir::ExprKind::Index { list, .. }
        | hir::ExprKind::Field { obj: list, .. }
        | hir::ExprKind::Unwrap(list)
        | hir::ExprKind::Downcast(list) => root_local(list),
        _ => None,
    }
}
