//! Statements: declarations where `decls` puts them, structured control flow kept as Rust's
//! `if`/`while`/`for`/`loop`, `for`/`while` with `else` through a flag.

use super::code::{prec, Code, Kind};
use super::decls::{addr, block_addr};
use super::{rust_type, FnEmitter, Repr};
use crate::hir::{self, visit, Arith, ExprKind as H, Iterable, LocalId, Place, StmtKind as S};
use crate::ownership::root_local;
use crate::types::Ty;

impl FnEmitter<'_> {
    /// A function body; a final `return value` becomes the tail expression.
    pub(super) fn block_body(&mut self, stmts: &[hir::Stmt], tail_return: bool) {
        self.hoisted(stmts);
        let n = stmts.len();
        let top = std::ptr::eq(stmts, self.f.body.as_slice());
        for (i, s) in stmts.iter().enumerate() {
            if top {
                self.share_cells(i);
            }
            if tail_return && i + 1 == n {
                if let S::Return(Some(v)) = &s.kind {
                    let v = self.returned(v);
                    self.line(&v);
                    return;
                }
            }
            self.stmt(s);
            if crate::types::always_returns(std::slice::from_ref(s)) {
                // What follows never runs (`return 0` after a `try` that always returns).
                return;
            }
        }
    }

    /// The condition of an `if`: `let AnyShape::Circle(s) = s` for `isinstance(s, Circle)`
    /// (binding `s` to the `Circle` in the block), else the boolean.
    fn if_head(
        &mut self,
        cond: &hir::Expr,
        then: &[hir::Stmt],
    ) -> (String, Option<(LocalId, bool)>) {
        if let H::IsInstance { value, class } = &cond.kind {
            if let (H::Local(id), Ty::Class(base)) = (&value.kind, &value.ty) {
                let leaf = !self
                    .program
                    .classes
                    .iter()
                    .any(|c| c.base.as_deref() == Some(class));
                if leaf
                    && self.is_dyn(value)
                    && !self.downcast_bound.contains_key(id)
                    && only_downcast(then, *id)
                {
                    let name = self.names[id.0 as usize].clone();
                    let (scrutinee, mutable) = match self.repr[id.0 as usize] {
                        Repr::Ref | Repr::StrRef => (name.clone(), false),
                        Repr::RefMut => (name.clone(), true),
                        _ if self.own.local(*id).mutated => (format!("&mut {name}"), true),
                        _ => (format!("&{name}"), false),
                    };
                    let pat = format!(
                        "{}::{}({name})",
                        super::dispatch::enum_name(base),
                        super::names::type_name(class)
                    );
                    return (format!("let {pat} = {scrutinee}"), Some((*id, mutable)));
                }
            }
        }
        (self.cond(cond), None)
    }

    /// The block of an `if`, with the local its head binds to a subclass instance, if any.
    fn then_block(&mut self, then: &[hir::Stmt], bound: Option<(LocalId, bool)>) {
        if let Some((id, mutable)) = bound {
            self.downcast_bound.insert(id, mutable);
        }
        self.block(then);
        if let Some((id, _)) = bound {
            self.downcast_bound.remove(&id);
        }
    }

    /// From top-level statement `i` on, the variables closures share live in a
    /// `Rc<RefCell<T>>` (see `ownership::cells`).
    fn share_cells(&mut self, i: usize) {
        let cells: Vec<LocalId> = self
            .own
            .cells
            .iter()
            .filter(|(_, at)| *at == i)
            .map(|(c, _)| *c)
            .collect();
        for c in cells {
            let name = self.names[c.0 as usize].clone();
            self.line(&format!(
                "let {name} = std::rc::Rc::new(std::cell::RefCell::new({name}));"
            ));
            self.repr[c.0 as usize] = Repr::Cell;
        }
    }

    /// A returned value: owned, or a borrow of a part of a parameter where the function
    /// returns one (`&mut self.rooms[name]`).
    fn returned(&mut self, v: &hir::Expr) -> String {
        if let (Some(rb), Ty::Optional(_)) = (self.own.ret_borrow, &v.ty) {
            return match &v.kind {
                H::None => "None".to_string(),
                H::Some(x) if rb.mutable => format!("Some({})", self.borrow_mut(x)),
                H::Some(x) => format!("Some({})", self.borrow(x)),
                H::Method { receiver, args, .. } => {
                    let k = self.key_ref(&args[0]);
                    if rb.mutable {
                        format!("{}.get_mut({k})", self.place_mut(receiver).recv())
                    } else {
                        format!("{}.get({k})", self.expr(receiver).recv())
                    }
                }
                _ if rb.mutable => format!("{}.as_deref_mut()", self.place_mut(v).recv()),
                _ => format!("{}.as_deref()", self.expr(v).recv()),
            };
        }
        match self.own.ret_borrow {
            Some(rb) if rb.mutable => match &v.kind {
                H::Index { list, index } if matches!(list.ty, Ty::Dict(..)) => {
                    let k = self.key_ref(index);
                    format!("{}.index_mut({k})", self.place_mut(list).recv())
                }
                _ => self.borrow_mut(v),
            },
            Some(_) => {
                let c = self.expr(v);
                match c.kind {
                    Kind::Ref | Kind::RefMut => c.text,
                    _ => format!("&{}", c.at(prec::UNARY)),
                }
            }
            None => self.value(v),
        }
    }

    /// The borrow a cursor takes (`self.head.as_deref_mut()`, `rt::error::unwrap(cur).next
    /// .as_deref_mut()`): the cursor's own borrow is moved along, not borrowed again, so that
    /// the new one lives as long as the old.
    fn cursor_value(&mut self, value: &hir::Expr, cursor: LocalId, mutable: bool) -> String {
        if let H::IfExp { cond, then, els } = &value.kind {
            let c = self.cond(cond);
            let t = self.cursor_value(then, cursor, mutable);
            let e = self.cursor_value(els, cursor, mutable);
            return format!("if {c} {{ {t} }} else {{ {e} }}");
        }
        let (as_deref, amp) = if mutable {
            ("as_deref_mut", "&mut ")
        } else {
            ("as_deref", "&")
        };
        // The text of a place, and whether it is already a reference.
        let path = |fe: &mut FnEmitter<'_>, e: &hir::Expr| -> (String, bool) {
            fn go(
                fe: &mut FnEmitter<'_>,
                e: &hir::Expr,
                cursor: LocalId,
                mutable: bool,
                as_deref: &str,
            ) -> (String, bool) {
                match &e.kind {
                    H::Local(id) if *id == cursor => (fe.names[id.0 as usize].clone(), true),
                    H::Unwrap(x) if matches!(x.kind, H::Local(id) if id == cursor) => {
                        let (t, _) = go(fe, x, cursor, mutable, as_deref);
                        (format!("rt::error::unwrap({t})"), true)
                    }
                    H::Unwrap(x) => {
                        let (t, _) = go(fe, x, cursor, mutable, as_deref);
                        (format!("rt::error::unwrap({t}.{as_deref}())"), true)
                    }
                    H::Field { obj, name } => {
                        let (t, _) = go(fe, obj, cursor, mutable, as_deref);
                        (format!("{t}.{}", super::names::ident(name)), false)
                    }
                    _ if mutable => {
                        let c = fe.place_mut(e);
                        (c.text, c.kind == Kind::RefMut)
                    }
                    _ => {
                        let c = fe.expr(e);
                        (c.text, matches!(c.kind, Kind::Ref | Kind::RefMut))
                    }
                }
            }
            go(fe, e, cursor, mutable, as_deref)
        };
        let (text, is_ref) = path(self, value);
        match &value.ty {
            Ty::Optional(_) => format!("{text}.{as_deref}()"),
            _ if is_ref => text,
            _ => format!("{amp}{text}"),
        }
    }

    /// The place `obj.name` assigned to: a field, or the enum accessor of a base-class value.
    fn field_target(&mut self, obj: &hir::Expr, name: &str) -> String {
        let o = self.place_mut(obj);
        if self.is_dyn(obj) {
            format!("*{}.{}_mut()", o.recv(), super::names::ident(name))
        } else {
            format!("{}.{}", o.recv(), super::names::ident(name))
        }
    }

    pub(super) fn block(&mut self, stmts: &[hir::Stmt]) {
        self.hoisted(stmts);
        for s in stmts {
            self.stmt(s);
            if crate::types::always_returns(std::slice::from_ref(s)) {
                return;
            }
        }
    }

    fn hoisted(&mut self, stmts: &[hir::Stmt]) {
        let Some(list) = self.decls.hoist.get(&block_addr(stmts)).cloned() else {
            return;
        };
        for (id, needs_default) in list {
            let ty = self.f.local(id).ty.clone();
            let name = self.names[id.0 as usize].clone();
            // Declared without a value, a name assigned once on every path needs no `mut`.
            let once = !needs_default
                && !self.own.local(id).mutated
                && assignments_on_a_path(stmts, id) <= 1;
            let m = if (self.own.needs_mut(id, false, None) || needs_default) && !once {
                "mut "
            } else {
                ""
            };
            if needs_default {
                self.line(&format!(
                    "let {m}{name}: {} = {};",
                    rust_type(&ty),
                    default_value(&ty)
                ));
            } else {
                self.line(&format!("let {m}{name}: {};", rust_type(&ty)));
            }
        }
    }

    fn stmt(&mut self, s: &hir::Stmt) {
        match &s.kind {
            S::Expr(
                e @ hir::Expr {
                    kind: H::Index { .. } | H::Field { .. },
                    ..
                },
            ) => {
                // Evaluated for its error only (`xs[i]` on its own line): borrow, never move.
                let c = self.expr(e);
                self.line(&format!("let _ = &{};", c.at(prec::UNARY)));
            }
            S::Expr(e) => {
                let c = self.expr(e);
                self.line(&format!("{};", c.text));
            }
            S::Pass => {}
            S::Assign {
                target: Place::Local(id),
                value,
            } => {
                let declares = self
                    .decls
                    .let_at
                    .get(&addr(s))
                    .is_some_and(|v| v.contains(id));
                if declares && self.own.elem_borrows.contains(id) {
                    // `p = ps[i]` then `p.x = 1`: a mutable borrow of the element (CPython's `p` is it).
                    let place = self.place_mut(value);
                    let b = match place.kind {
                        Kind::RefMut => place.text,
                        _ => format!("&mut {}", place.at(prec::UNARY)),
                    };
                    let name = self.names[id.0 as usize].clone();
                    self.repr[id.0 as usize] = Repr::RefMut;
                    self.line(&format!("let {name} = {b};"));
                    return;
                }
                if let Some(&mutable) = self.own.cursors.get(id) {
                    // `cur = self.head`, then `cur = cur.next`: a borrow moving down.
                    let b = self.cursor_value(value, *id, mutable);
                    let name = self.names[id.0 as usize].clone();
                    if !matches!(self.f.local(*id).ty, Ty::Optional(_)) {
                        self.repr[id.0 as usize] = if mutable { Repr::RefMut } else { Repr::Ref };
                    }
                    if declares {
                        self.line(&format!("let mut {name} = {b};"));
                    } else {
                        self.line(&format!("{name} = {b};"));
                    }
                    return;
                }
                if declares && self.own.call_borrows.contains(id) {
                    // `r = g.room(a)` of a function returning a part of `g`: keep its borrow.
                    self.keep_borrow = true;
                    let c = self.expr(value);
                    self.keep_borrow = false;
                    let name = self.names[id.0 as usize].clone();
                    if let Ty::Optional(_) = value.ty {
                        // `Option<&mut T>`: narrowed uses go through `as_deref_mut()`.
                        let m = if c.kind == Kind::RefMut { "mut " } else { "" };
                        self.line(&format!("let {m}{name} = {};", c.text));
                        return;
                    }
                    self.repr[id.0 as usize] = match c.kind {
                        Kind::RefMut => Repr::RefMut,
                        _ => Repr::Ref,
                    };
                    self.line(&format!("let {name} = {};", c.text));
                    return;
                }
                if declares && self.can_borrow_element(*id, value) {
                    // `p = points[i]` only read, and `points` never changed: a borrow, not a copy.
                    let b = self.borrow(value);
                    let name = self.names[id.0 as usize].clone();
                    self.repr[id.0 as usize] = Repr::Ref;
                    self.line(&format!("let {name} = {b};"));
                    return;
                }
                let v = self.value(value);
                let name = self.names[id.0 as usize].clone();
                if declares {
                    let m = if self.own.needs_mut(*id, false, None) {
                        "mut "
                    } else {
                        ""
                    };
                    let annot = if needs_annotation(value) {
                        format!(": {}", rust_type(&self.f.local(*id).ty))
                    } else {
                        String::new()
                    };
                    self.line(&format!("let {m}{name}{annot} = {v};"));
                } else {
                    self.line(&format!("{name} = {v};"));
                }
            }
            S::Assign {
                target: Place::Field { obj, name },
                value,
            } => {
                let v = self.value(value);
                let target = self.field_target(obj, name);
                self.line(&format!("{target} = {v};"));
            }
            S::Assign {
                target: Place::Index { list, index },
                value,
            } if matches!(list.ty, Ty::Dict(..)) && self.upsert(list, index, value) => {}
            S::Assign {
                target: Place::Index { list, index },
                value,
            } if matches!(list.ty, Ty::Dict(..)) => {
                let v = self.value(value);
                let k = self.value(index);
                let d = self.place_mut(list);
                self.line(&format!("{}.insert({k}, {v});", d.recv()));
            }
            S::Assign {
                target: Place::Index { list, index },
                value,
            } => {
                // CPython says "list assignment index out of range" here: go through the runtime.
                // (Rust evaluates the right-hand side first, as Python does.)
                let v = self.value(value);
                let base = self.borrow_mut(list);
                let i = self.value(index);
                self.line(&format!("*rt::index_mut({base}, {i}) = {v};"));
            }
            S::AugAssign { target, op, value } => self.aug_assign(target, *op, value, s),
            S::MultiAssign { targets, values } => self.multi_assign(targets, values, s),
            S::If { cond, then, els } => {
                let (c, bound) = self.if_head(cond, then);
                self.line(&format!("if {c} {{"));
                self.indent += 1;
                self.then_block(then, bound);
                self.indent -= 1;
                self.else_chain(els);
            }
            S::While { cond, body, orelse } => {
                let flag = self.loop_flag(orelse);
                let head = if matches!(cond.kind, H::Bool(true)) {
                    "loop {".to_string()
                } else {
                    format!("while {} {{", self.cond(cond))
                };
                self.line(&head);
                self.loop_body(body, flag.clone());
                self.line("}");
                self.loop_else(orelse, flag);
            }
            S::For {
                target: hir::Target::Local(var),
                iter: iter @ (Iterable::Range { .. } | Iterable::List(_) | Iterable::Str(_)),
                body,
                orelse,
            } => {
                self.for_loop(*var, iter, body, orelse);
            }
            S::For {
                target,
                iter,
                body,
                orelse,
            } => self.for_general(target, iter, body, orelse),
            S::Break => {
                if let Some(flag) = self.loop_flags.last().cloned().flatten() {
                    self.line(&format!("{flag} = true;"));
                }
                let exit = self.loop_exit(2);
                self.line(&exit);
            }
            S::Continue => {
                let exit = self.loop_exit(3);
                self.line(&exit);
            }
            S::Return(None) => {
                if self.in_try_closure() {
                    self.line("returned = Some(());");
                    self.line("return 1;");
                } else {
                    self.line("return;");
                }
            }
            S::Return(Some(v)) => {
                let v = self.returned(v);
                if self.in_try_closure() {
                    self.line(&format!("returned = Some({v});"));
                    self.line("return 1;");
                } else {
                    self.line(&format!("return {v};"));
                }
            }
            S::Raise { exc: Some(e), .. } => {
                let text = match &e.kind {
                    H::NewException { class, arg } => {
                        let msg = self.exception_message(class, arg.as_deref());
                        format!("rt::raise({}, {msg});", super::exceptions::kind(class))
                    }
                    _ if matches!(e.ty, Ty::Class(_)) => {
                        let Ty::Class(class) = &e.ty else { return };
                        let v = self.value(e);
                        let kind = format!("rt::ErrorKind::Other({class:?})");
                        format!("{{ let exception = {v}; rt::raise_exc(rt::PyException::with_payload({kind}, exception.__message.clone(), exception)) }}")
                    }
                    _ => format!("rt::raise_exc({});", self.value(e)),
                };
                self.line(&text);
            }
            S::Raise { exc: None, handler } => {
                let name = handler
                    .map_or_else(|| "error".to_string(), |h| self.names[h.0 as usize].clone());
                self.line(&format!("rt::raise_exc({name}.clone());"));
            }
            S::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => self.try_stmt(body, handlers, orelse, finalbody),
            S::Assert { cond, msg } => {
                let c = self.expr(cond);
                let negated = format!("!{}", c.at(prec::UNARY));
                let msg = match msg {
                    Some(m) if m.ty == Ty::Str => {
                        let c = self.expr(m);
                        match c.kind {
                            Kind::StrRef => c.text,
                            _ => self.own_code(c, &Ty::Str),
                        }
                    }
                    Some(m) => {
                        let b = self.borrow(m);
                        format!("rt::str({b})")
                    }
                    None => "\"\"".to_string(),
                };
                self.line(&format!("if {negated} {{"));
                self.indent += 1;
                self.line(&format!("rt::raise(rt::ErrorKind::AssertionError, {msg});"));
                self.indent -= 1;
                self.line("}");
            }
        }
    }

    fn else_chain(&mut self, els: &[hir::Stmt]) {
        if els.is_empty() {
            self.line("}");
            return;
        }
        if let [only] = els {
            if let S::If { cond, then, els } = &only.kind {
                if !self
                    .decls
                    .hoist
                    .contains_key(&block_addr(std::slice::from_ref(only)))
                {
                    let (c, bound) = self.if_head(cond, then);
                    self.line(&format!("}} else if {c} {{"));
                    self.indent += 1;
                    self.then_block(then, bound);
                    self.indent -= 1;
                    self.else_chain(els);
                    return;
                }
            }
        }
        self.line("} else {");
        self.indent += 1;
        self.block(els);
        self.indent -= 1;
        self.line("}");
    }

    fn loop_flag(&mut self, orelse: &[hir::Stmt]) -> Option<String> {
        if orelse.is_empty() {
            return None;
        }
        let flag = self.fresh("broke_out");
        self.line(&format!("let mut {flag} = false;"));
        Some(flag)
    }

    fn loop_body(&mut self, body: &[hir::Stmt], flag: Option<String>) {
        self.loop_flags.push(flag);
        self.loop_depth += 1;
        self.indent += 1;
        self.block(body);
        self.indent -= 1;
        self.loop_depth -= 1;
        self.loop_flags.pop();
    }

    fn loop_else(&mut self, orelse: &[hir::Stmt], flag: Option<String>) {
        if let Some(flag) = flag {
            self.line(&format!("if !{flag} {{"));
            self.indent += 1;
            self.block(orelse);
            self.indent -= 1;
            self.line("}");
        }
    }

    fn for_loop(
        &mut self,
        var: LocalId,
        iter: &Iterable,
        body: &[hir::Stmt],
        orelse: &[hir::Stmt],
    ) {
        if !matches!(
            iter,
            Iterable::Range { .. } | Iterable::List(_) | Iterable::Str(_)
        ) {
            return self.for_general(&hir::Target::Local(var), iter, body, orelse);
        }
        let flag = self.loop_flag(orelse);
        let bound = self.decls.for_binding.contains(&var);
        let var_name = self.names[var.0 as usize].clone();
        // A hoisted variable: the loop binds a fresh name and assigns it.
        let binding = if bound {
            var_name.clone()
        } else {
            self.fresh(&format!("{var_name}_item"))
        };
        let facts = self.own.local(var).clone();
        // A variable each loop binds itself is never reassigned in a body (see `decls`).
        let reassigned = !bound && facts.assignments > 1;
        // Each loop decides how its variable is bound (another loop may have bound it by reference).
        self.repr[var.0 as usize] = Repr::Value;
        match iter {
            Iterable::Range { start, stop, step } => {
                let a = self.value(start);
                let mut b = self.value(stop);
                // `range(10)`: both bounds literal would make the variable an `i32`.
                if matches!(start.kind, H::Int(_))
                    && matches!(stop.kind, H::Int(_))
                    && !b.ends_with("_i64")
                {
                    b.push_str("_i64");
                }
                let start_nonneg = matches!(start.kind, H::Int(n) if n >= 0)
                    || matches!(
                        start.kind,
                        H::Builtin {
                            func: hir::Builtin::LenList | hir::Builtin::LenStr,
                            ..
                        }
                    );
                let m = if bound && reassigned { "mut " } else { "" };
                let head = match step {
                    None => {
                        let bc = super::code::Code::value(b, prec::CAST);
                        format!(
                            "for {m}{binding} in {}..{} {{",
                            super::code::Code::value(a, prec::CAST).at(prec::CAST),
                            bc.at(prec::CAST)
                        )
                    }
                    Some(st) => match st.kind {
                        H::Int(k) if k > 0 => {
                            format!("for {m}{binding} in ({a}..{b}).step_by({k}) {{")
                        }
                        _ => {
                            let s = self.value(st);
                            format!("for {m}{binding} in rt::range({a}, {b}, {s}) {{")
                        }
                    },
                };
                if bound
                    && !reassigned
                    && start_nonneg
                    && step
                        .as_ref()
                        .is_none_or(|s| matches!(s.kind, H::Int(k) if k > 0))
                {
                    self.nonneg.insert(var);
                }
                self.line(&head);
            }
            Iterable::Str(s) => {
                let sb = self.borrow(s);
                self.repr[var.0 as usize] = if bound { Repr::StrRef } else { Repr::Value };
                self.line(&format!("for {binding} in rt::str_chars({sb}) {{"));
            }
            Iterable::List(list) if !reassigned && self.split_iter(list).is_some() => {
                // `for w in line.split()`: walk the pieces as `&str`, no list built.
                let it = self.split_iter(list).unwrap_or_default();
                self.repr[var.0 as usize] = if bound { Repr::StrRef } else { Repr::Value };
                self.line(&format!("for {binding} in {it} {{"));
            }
            Iterable::List(list) => {
                let elem = self.f.local(var).ty.clone();
                let mutated_in_body = root_local(list).is_some_and(|r| body_mutates(body, r, var));
                if mutated_in_body {
                    // The body changes the list: walk it by index, as CPython's iterator does.
                    let idx = self.fresh("index");
                    let l = self.expr(list);
                    self.line(&format!("let mut {idx} = 0;"));
                    self.line(&format!("while {idx} < {}.len() {{", l.recv()));
                    self.indent += 1;
                    let item = if elem.is_copy() {
                        format!("{}[{idx}]", l.recv())
                    } else {
                        format!("{}[{idx}].clone()", l.recv())
                    };
                    self.line(&format!("let {binding} = {item};"));
                    self.line(&format!("{idx} += 1;"));
                    self.indent -= 1;
                } else {
                    let l = self.expr(list);
                    let head = if elem.is_copy() {
                        let src = match l.kind {
                            Kind::Ref => l.text.clone(),
                            // `for x in xs` on a `&mut` parameter would move the reference.
                            Kind::RefMut => format!("{}.iter()", l.recv()),
                            _ => format!("&{}", l.at(prec::UNARY)),
                        };
                        if reassigned {
                            format!(
                                "for {binding} in {}.iter().copied() {{",
                                super::code::Code::value(src, prec::UNARY).recv()
                            )
                        } else {
                            format!("for &{binding} in {src} {{")
                        }
                    } else if facts.loop_var_mutated {
                        self.repr[var.0 as usize] = Repr::RefMut;
                        let p = self.place_mut(list);
                        format!("for {binding} in {}.iter_mut() {{", p.recv())
                    } else if l.kind == Kind::Value {
                        // A temporary list: take its elements.
                        format!("for {binding} in {} {{", l.text)
                    } else if reassigned || !bound {
                        format!("for {binding} in {}.iter().cloned() {{", l.recv())
                    } else {
                        self.repr[var.0 as usize] = Repr::Ref;
                        let src = match l.kind {
                            Kind::Ref => l.text.clone(),
                            // `for x in xs` on a `&mut` parameter would move the reference.
                            Kind::RefMut => format!("{}.iter()", l.recv()),
                            _ => format!("&{}", l.at(prec::UNARY)),
                        };
                        format!("for {binding} in {src} {{")
                    };
                    self.line(&head);
                }
            }
            _ => {}
        }
        self.indent += 1;
        if !bound {
            let split = matches!(iter, Iterable::List(l) if is_split(l));
            let conv = if matches!(iter, Iterable::Str(_)) || split {
                ".to_string()"
            } else {
                ""
            };
            let declare = if self.decls.loop_local.contains(&var) {
                "let mut "
            } else {
                ""
            };
            self.line(&format!("{declare}{var_name} = {binding}{conv};"));
        }
        self.indent -= 1;
        self.loop_body(body, flag.clone());
        self.line("}");
        self.loop_else(orelse, flag);
        self.nonneg.remove(&var);
    }

    /// A local bound once to an element or field of a container that nothing changes while the
    /// function runs, and itself only read: it can borrow the element.
    fn can_borrow_element(&self, id: LocalId, value: &hir::Expr) -> bool {
        if value.ty.is_copy() || matches!(value.ty, Ty::Func(..) | Ty::Exception(_)) {
            return false;
        }
        let is_part = matches!(value.kind, H::Index { .. } | H::Field { .. });
        let Some(root) = root_local(value) else {
            return false;
        };
        let facts = self.own.local(id);
        let root_facts = self.own.local(root);
        let root_is_ref_param = self.f.params.contains(&root)
            && matches!(self.repr[root.0 as usize], Repr::Ref | Repr::StrRef);
        is_part
            && facts.assignments == 1
            && !facts.mutated
            && !facts.escapes
            && !root_facts.mutated
            && !root_facts.escapes
            && (root_facts.assignments <= 1 || root_is_ref_param)
            && !self.in_try_closure()
    }

    /// `s.split()` / `s.split(",")` as an iterator of `&str` pieces (no list), when the split is
    /// one Rust's own splitting matches: whitespace, or a non-empty literal separator.
    fn split_iter(&mut self, list: &hir::Expr) -> Option<String> {
        if !is_split(list) {
            return None;
        }
        let H::Method { receiver, args, .. } = &list.kind else {
            return None;
        };
        let s = self.str_ref(receiver);
        match &args[0].kind {
            H::None => Some(format!("rt::str_split_whitespace({s})")),
            H::Str(sep) => Some(format!(
                "{}.split({sep:?})",
                Code::value(s, prec::ATOM).recv()
            )),
            _ => None,
        }
    }

    /// `d[k] = d.get(k, default) OP x` (the same dict and key): one probe through
    /// `Dict::upsert`, the key copied only when new. Returns whether it emitted the statement.
    fn upsert(&mut self, dict: &hir::Expr, key: &hir::Expr, value: &hir::Expr) -> bool {
        let H::Binary { op, left, right } = &value.kind else {
            return false;
        };
        let H::Method {
            method: hir::Method::DictGet,
            receiver,
            args,
        } = &left.kind
        else {
            return false;
        };
        let same_dict =
            matches!((&dict.kind, &receiver.kind), (H::Local(a), H::Local(b)) if a == b);
        let same_key = matches!((&key.kind, &args[0].kind), (H::Local(a), H::Local(b)) if a == b)
            || matches!((&key.kind, &args[0].kind), (H::Str(a), H::Str(b)) if a == b)
            || matches!((&key.kind, &args[0].kind), (H::Int(a), H::Int(b)) if a == b);
        if !same_dict
            || !same_key
            || super::decls::expr_mentions(
                right,
                match dict.kind {
                    H::Local(d) => d,
                    _ => return false,
                },
            )
        {
            return false;
        }
        let (sym, p) = match op {
            Arith::Add => ("+", prec::ADD),
            Arith::Sub => ("-", prec::ADD),
            Arith::Mul => ("*", prec::MUL),
            _ => return false,
        };
        let k = self.key_ref(key);
        let default = self.value(&args[1]);
        let old = self.fresh("old");
        let r = self.value(right);
        let rc = Code::value(r, self.expr_prec(right));
        let deref = if left.ty.is_copy() {
            format!("*{old}")
        } else {
            format!("{old}.clone()")
        };
        let d = self.place_mut(dict);
        self.line(&format!(
            "{}.upsert({k}, {default}, |{old}| {deref} {sym} {});",
            d.recv(),
            rc.at(p + 1)
        ));
        true
    }

    /// `for` over `enumerate`, `zip`, `reversed`, or with a tuple target.
    fn for_general(
        &mut self,
        target: &hir::Target,
        iter: &Iterable,
        body: &[hir::Stmt],
        orelse: &[hir::Stmt],
    ) {
        let flag = self.loop_flag(orelse);
        let owned = match target {
            hir::Target::Local(id) => {
                !self.decls.for_binding.contains(id)
                    || self.own.local(*id).assignments > 1
                    || self.own.local(*id).loop_var_mutated
            }
            hir::Target::Tuple(_) => false,
        };
        let mutable = target
            .locals()
            .iter()
            .any(|v| self.own.local(*v).loop_var_mutated);
        let root = crate::ownership::iter_root(iter);
        // The body changes the container itself: walk a snapshot of it.
        let snapshot = root
            .is_some_and(|r| target.locals().iter().all(|v| body_mutates(body, r, *v)) && !mutable);
        let (it, shape) = if snapshot {
            let (it, _) = self.iter_expr_mode(iter, true, false);
            (format!("{it}.collect::<Vec<_>>()"), Shape::Value)
        } else {
            self.iter_expr_mode(iter, owned, mutable)
        };
        let mut post = Vec::new();
        let pat = self.pattern(target, &shape, &mut post);
        self.line(&format!("for {pat} in {it} {{"));
        self.indent += 1;
        for p in post {
            self.line(&p);
        }
        self.indent -= 1;
        self.loop_body(body, flag.clone());
        self.line("}");
        self.loop_else(orelse, flag);
    }

    /// A Rust iterator for an iterable, and the shape of its items.
    pub(super) fn iter_expr(&mut self, iter: &Iterable, owned: bool) -> (String, Shape) {
        self.iter_expr_mode(iter, owned, false)
    }

    /// `mutable`: the loop changes the elements it binds (`iter_mut()`).
    fn iter_expr_mode(&mut self, iter: &Iterable, owned: bool, mutable: bool) -> (String, Shape) {
        match iter {
            Iterable::Range { start, stop, step } => {
                let a = self.value(start);
                let mut b = self.value(stop);
                if matches!(start.kind, H::Int(_))
                    && matches!(stop.kind, H::Int(_))
                    && !b.ends_with("_i64")
                {
                    b.push_str("_i64");
                }
                let text = match step {
                    None => format!("({a}..{b})"),
                    Some(st) => match st.kind {
                        H::Int(k) if k > 0 => format!("({a}..{b}).step_by({k})"),
                        _ => {
                            let s = self.value(st);
                            format!("rt::range({a}, {b}, {s})")
                        }
                    },
                };
                (text, Shape::Value)
            }
            Iterable::List(list)
                if mutable && !list.ty.iter_item().is_some_and(|t| t.is_copy()) =>
            {
                let l = self.place_mut(list);
                (format!("{}.iter_mut()", l.recv()), Shape::RefMut)
            }
            Iterable::Dict {
                dict,
                what: what @ (hir::DictIter::Items | hir::DictIter::Values),
            } if mutable => {
                let d = self.place_mut(dict);
                match what {
                    hir::DictIter::Values => (format!("{}.values_mut()", d.recv()), Shape::RefMut),
                    _ => (
                        format!("{}.iter_mut()", d.recv()),
                        Shape::Tuple(vec![Shape::Ref, Shape::RefMut]),
                    ),
                }
            }
            Iterable::List(list) if !owned && is_split(list) => {
                let it = self.split_iter(list).unwrap_or_default();
                (it, Shape::StrRef)
            }
            Iterable::List(list) => {
                let l = self.expr(list);
                if list.ty.iter_item().is_some_and(|t| t.is_copy()) {
                    (format!("{}.iter().copied()", l.recv()), Shape::Value)
                } else if owned {
                    (format!("{}.iter().cloned()", l.recv()), Shape::Value)
                } else {
                    (format!("{}.iter()", l.recv()), Shape::Ref)
                }
            }
            Iterable::Str(s) => {
                let sb = self.borrow(s);
                (format!("rt::str_chars({sb})"), Shape::StrRef)
            }
            Iterable::Enumerate { inner, start } => {
                let (it, shape) = self.iter_expr_mode(inner, owned, mutable);
                let start = match start.kind {
                    H::Int(n) => format!("{n}_i64"),
                    _ => self.value(start),
                };
                (
                    format!("({start}..).zip({it})"),
                    Shape::Tuple(vec![Shape::Value, shape]),
                )
            }
            Iterable::Zip(parts) => {
                let mut shapes = Vec::new();
                let mut text = String::new();
                for (i, p) in parts.iter().enumerate() {
                    let (it, shape) = self.iter_expr(p, owned);
                    shapes.push(shape);
                    if i == 0 {
                        text = it;
                    } else {
                        text = format!("{text}.zip({it})");
                    }
                }
                if shapes.len() > 2 {
                    // `a.zip(b).zip(c)` yields `((a, b), c)`: flatten to Python's triple.
                    let names: Vec<String> = (0..shapes.len()).map(|i| format!("z{i}")).collect();
                    let mut pat = names[0].clone();
                    for n in &names[1..] {
                        pat = format!("({pat}, {n})");
                    }
                    text = format!("{text}.map(|{pat}| ({}))", names.join(", "));
                    return (text, Shape::Tuple(shapes));
                }
                (text, Shape::Zip(shapes))
            }
            Iterable::Reversed(inner) => {
                let (it, shape) = self.iter_expr_mode(inner, owned, mutable);
                (format!("{it}.rev()"), shape)
            }
            Iterable::Set(set) => {
                let c = self.expr(set);
                let copy = set.ty.iter_item().is_some_and(|t| t.is_copy());
                if copy {
                    (format!("{}.iter().copied()", c.recv()), Shape::Value)
                } else if owned {
                    (format!("{}.iter().cloned()", c.recv()), Shape::Value)
                } else {
                    (format!("{}.iter()", c.recv()), Shape::Ref)
                }
            }
            Iterable::Dict { dict, what } => {
                let c = self.expr(dict);
                let Ty::Dict(k, v) = &dict.ty else {
                    return (String::new(), Shape::Value);
                };
                let one = |method: &str, t: &Ty| {
                    if t.is_copy() {
                        (format!("{}.{method}().copied()", c.recv()), Shape::Value)
                    } else if owned {
                        (format!("{}.{method}().cloned()", c.recv()), Shape::Value)
                    } else {
                        (format!("{}.{method}()", c.recv()), Shape::Ref)
                    }
                };
                match what {
                    hir::DictIter::Keys => one("keys", k),
                    hir::DictIter::Values => one("values", v),
                    hir::DictIter::Items if owned => (
                        format!(
                            "{}.iter().map({})",
                            c.recv(),
                            super::containers::owned_pair(k, v)
                        ),
                        Shape::Value,
                    ),
                    hir::DictIter::Items => (
                        format!("{}.iter()", c.recv()),
                        Shape::Tuple(vec![Shape::Ref, Shape::Ref]),
                    ),
                }
            }
        }
    }

    /// The pattern binding `target` to items of `shape`; sets each local's representation.
    /// Hoisted locals bind a fresh name and get an assignment in `post`.
    pub(super) fn pattern(
        &mut self,
        target: &hir::Target,
        shape: &Shape,
        post: &mut Vec<String>,
    ) -> String {
        match (target, shape) {
            (hir::Target::Tuple(ts), Shape::Tuple(shapes)) if ts.len() == shapes.len() => {
                let parts: Vec<String> = ts
                    .iter()
                    .zip(shapes)
                    .map(|(t, s)| self.pattern(t, s, post))
                    .collect();
                format!("({})", parts.join(", "))
            }
            (hir::Target::Tuple(ts), Shape::Zip(shapes)) if ts.len() == shapes.len() => {
                let mut acc = String::new();
                for (i, (t, s)) in ts.iter().zip(shapes).enumerate() {
                    let p = self.pattern(t, s, post);
                    acc = if i == 0 { p } else { format!("({acc}, {p})") };
                }
                acc
            }
            (hir::Target::Tuple(ts), Shape::Ref | Shape::RefMut) => {
                let parts: Vec<String> = ts.iter().map(|t| self.pattern(t, shape, post)).collect();
                format!("({})", parts.join(", "))
            }
            (hir::Target::Tuple(ts), _) => {
                let parts: Vec<String> = ts
                    .iter()
                    .map(|t| self.pattern(t, &Shape::Value, post))
                    .collect();
                format!("({})", parts.join(", "))
            }
            (hir::Target::Local(id), shape) => {
                let name = self.names[id.0 as usize].clone();
                let bound = self.decls.for_binding.contains(id) || self.f.local(*id).scoped;
                let repr = match shape {
                    Shape::Ref => Repr::Ref,
                    Shape::RefMut => Repr::RefMut,
                    Shape::StrRef => Repr::StrRef,
                    _ => Repr::Value,
                };
                if bound {
                    self.repr[id.0 as usize] = repr;
                    let m = "";
                    return format!("{m}{name}");
                }
                let fresh = self.fresh(&format!("{name}_item"));
                let conv = match shape {
                    Shape::StrRef => ".to_string()",
                    Shape::Ref if self.f.local(*id).ty.is_copy() => "",
                    Shape::Ref => ".clone()",
                    _ => "",
                };
                let deref = if matches!(shape, Shape::Ref) && self.f.local(*id).ty.is_copy() {
                    "*"
                } else {
                    ""
                };
                let declare = if self.decls.loop_local.contains(id) {
                    "let mut "
                } else {
                    ""
                };
                post.push(format!("{declare}{name} = {deref}{fresh}{conv};"));
                fresh
            }
        }
    }

    fn aug_assign(&mut self, target: &Place, op: Arith, value: &hir::Expr, s: &hir::Stmt) {
        let ty = value.ty.clone();
        let place = match target {
            Place::Local(id) => {
                let name = self.names[id.0 as usize].clone();
                match self.repr[id.0 as usize] {
                    Repr::RefMut => format!("*{name}"),
                    _ => name,
                }
            }
            Place::Field { obj, name } => self.field_target(obj, name),
            Place::Index { list, index } => {
                let e = hir::Expr {
                    kind: H::Index {
                        list: list.clone(),
                        index: index.clone(),
                    },
                    ty: ty.clone(),
                    span: s.span,
                };
                self.place_mut(&e).text
            }
        };
        if ty == Ty::Str && reads_word(&self.expr_text(value), place.trim_start_matches('*')) {
            // `s += s.strip()`, `s += f"<{s}>"`: the value borrows `s`, so it is made first.
            let v = self.value(value);
            let tmp = self.fresh("tail");
            self.line(&format!("let {tmp} = {v};"));
            self.line(&format!("{place} += {tmp}.as_str();"));
            return;
        }
        if ty == Ty::Str {
            // `acc += f"..."` / `acc += str(n)`: written into `acc`, with no string in between.
            let written = match &value.kind {
                H::FString(_) => {
                    let c = self.expr(value);
                    c.text
                        .strip_prefix("format!(")
                        .map(|rest| format!("let _ = write!({place}, {rest};"))
                }
                H::Builtin {
                    func: hir::Builtin::Str,
                    args,
                } if args.first().is_some_and(|a| a.ty == Ty::Int) => {
                    let v = self.value(&args[0]);
                    Some(format!("let _ = write!({place}, \"{{}}\", {v});"))
                }
                _ => None,
            };
            if let Some(w) = written {
                self.line(&w);
                return;
            }
            let v = self.str_ref(value);
            self.line(&format!("{place} += {v};"));
            return;
        }
        let v = self.value(value);
        let sym = match op {
            Arith::Add => Some("+="),
            Arith::Sub => Some("-="),
            Arith::Mul => Some("*="),
            Arith::BitAnd => Some("&="),
            Arith::BitOr => Some("|="),
            Arith::BitXor => Some("^="),
            _ => None,
        };
        match sym {
            Some(sym) => self.line(&format!("{place} {sym} {v};")),
            None => {
                let f = match (op, ty == Ty::Float) {
                    (Arith::Div, _) => "rt::true_div",
                    (Arith::FloorDiv, true) => "rt::floordiv_f64",
                    (Arith::Mod, true) => "rt::mod_f64",
                    (Arith::Pow, true) => "rt::pow_float",
                    (Arith::FloorDiv, false) => "rt::floordiv",
                    (Arith::Mod, false) => "rt::modulo",
                    (Arith::Pow, false) => "rt::pow_int",
                    (Arith::LShift, _) => "rt::shl",
                    _ => "rt::shr",
                };
                self.line(&format!("{place} = {f}({place}, {v});"));
            }
        }
    }

    fn multi_assign(&mut self, targets: &[Place], values: &[hir::Expr], s: &hir::Stmt) {
        let mut vals: Vec<String> = values.iter().map(|v| self.value(v)).collect();
        // Unpacking a list: `rt::unpack` checks the length (ValueError) and gives an array.
        let from_list = matches!(values, [v] if matches!(v.ty, Ty::List(_) | Ty::TupleOf(_)));
        if from_list {
            let v = vals.remove(0);
            let v = if matches!(values[0].ty, Ty::TupleOf(_)) {
                format!("Vec::from({v})")
            } else {
                v
            };
            vals.push(format!("rt::unpack::<_, {}>({v})", targets.len()));
        }
        let (open, close) = if from_list { ("[", "]") } else { ("(", ")") };
        let declared = self.decls.let_at.get(&addr(s)).cloned().unwrap_or_default();
        let all_locals: Option<Vec<LocalId>> = targets
            .iter()
            .map(|t| {
                if let Place::Local(id) = t {
                    Some(*id)
                } else {
                    None
                }
            })
            .collect();
        if let Some(locals) = all_locals {
            if declared.len() == locals.len() {
                let pats: Vec<String> = locals
                    .iter()
                    .map(|id| {
                        let m = if self.own.needs_mut(*id, false, None) {
                            "mut "
                        } else {
                            ""
                        };
                        format!("{m}{}", self.names[id.0 as usize])
                    })
                    .collect();
                self.line(&format!(
                    "let {open}{}{close} = ({});",
                    pats.join(", "),
                    vals.join(", ")
                ));
                return;
            }
            if declared.is_empty() {
                let names: Vec<String> = locals
                    .iter()
                    .map(|id| match self.repr[id.0 as usize] {
                        Repr::RefMut => format!("*{}", self.names[id.0 as usize]),
                        _ => self.names[id.0 as usize].clone(),
                    })
                    .collect();
                self.line(&format!(
                    "{open}{}{close} = ({});",
                    names.join(", "),
                    vals.join(", ")
                ));
                return;
            }
        }
        // Element targets: evaluate every value first, then assign in order.
        let temps: Vec<String> = (0..targets.len()).map(|_| self.fresh("value")).collect();
        self.line(&format!(
            "let {open}{}{close} = ({});",
            temps.join(", "),
            vals.join(", ")
        ));
        for (t, tmp) in targets.iter().zip(temps) {
            match t {
                Place::Local(id) => {
                    let name = self.names[id.0 as usize].clone();
                    self.line(&format!("{name} = {tmp};"));
                }
                Place::Field { obj, name } => {
                    let target = self.field_target(obj, name);
                    self.line(&format!("{target} = {tmp};"));
                }
                Place::Index { list, index } => {
                    let e = hir::Expr {
                        kind: H::Index {
                            list: list.clone(),
                            index: index.clone(),
                        },
                        ty: Ty::Error,
                        span: s.span,
                    };
                    let p = self.place_mut(&e);
                    self.line(&format!("{} = {tmp};", p.text));
                }
            }
        }
    }
}

/// What a Rust iterator yields, so that patterns bind the right representation.
#[derive(Clone, Debug)]
pub(super) enum Shape {
    /// Owned or `Copy` values.
    Value,
    /// `&T` (elements of a list of non-`Copy` values).
    Ref,
    /// `&mut T` (`iter_mut()` when the loop changes its elements).
    RefMut,
    /// `&str` (characters of a string).
    StrRef,
    /// A tuple of item shapes (`enumerate`).
    Tuple(Vec<Shape>),
    /// `a.zip(b).zip(c)`: nested pairs, left-leaning.
    Zip(Vec<Shape>),
}

/// `s.split()` or `s.split("literal")` with no `maxsplit`.
fn is_split(list: &hir::Expr) -> bool {
    let H::Method {
        method: hir::Method::Str("split"),
        args,
        ..
    } = &list.kind
    else {
        return false;
    };
    let sep_ok = match &args[0].kind {
        H::None => true,
        H::Str(sep) => !sep.is_empty(),
        _ => false,
    };
    sep_ok && matches!(args[1].kind, H::Int(-1))
}

/// A `let` needs a type when the value alone does not fix it (literals, empty lists).
fn needs_annotation(value: &hir::Expr) -> bool {
    fn literal_only(e: &hir::Expr) -> bool {
        match &e.kind {
            H::None => true,
            H::Int(_) | H::Float(_) | H::List(_) => {
                let mut all = true;
                visit::each_child(e, &mut |c| all = all && literal_only(c));
                all
            }
            H::Neg(x) => literal_only(x),
            H::Binary { left, right, .. } => literal_only(left) && literal_only(right),
            _ => false,
        }
    }
    literal_only(value)
}

fn default_value(ty: &Ty) -> String {
    match ty {
        Ty::Int => "0".into(),
        Ty::Float => "0.0".into(),
        Ty::Bool => "false".into(),
        Ty::Str => "String::new()".into(),
        Ty::List(_) => "Vec::new()".into(),
        Ty::Optional(_) => "None".into(),
        _ => "Default::default()".into(),
    }
}

/// The loop body changes the list it iterates over (other than through the loop variable).
/// The most assignments of `id` one run through `stmts` can make (2 stands for "more than
/// one": a loop that assigns it, say).
fn assignments_on_a_path(stmts: &[hir::Stmt], id: LocalId) -> u32 {
    let mut n = 0;
    for s in stmts {
        n += match &s.kind {
            S::Assign { target, .. } | S::AugAssign { target, .. } => {
                u32::from(matches!(target, Place::Local(x) if *x == id))
            }
            S::MultiAssign { targets, .. } => targets
                .iter()
                .filter(|t| matches!(t, Place::Local(x) if *x == id))
                .count() as u32,
            S::If { then, els, .. } => {
                assignments_on_a_path(then, id).max(assignments_on_a_path(els, id))
            }
            S::While { body, orelse, .. } | S::For { body, orelse, .. } => {
                let in_loop = assignments_on_a_path(body, id);
                let loop_target =
                    matches!(&s.kind, S::For { target, .. } if target.locals().contains(&id));
                if in_loop > 0 || loop_target {
                    2
                } else {
                    assignments_on_a_path(orelse, id)
                }
            }
            _ => visit::stmt_blocks(s)
                .iter()
                .map(|b| assignments_on_a_path(b, id))
                .sum(),
        };
        if n > 1 {
            return 2;
        }
    }
    n
}

/// Is every use of `id` in `stmts` as the subclass instance an `isinstance` found
/// (`H::Downcast`)? Then an `if let` may bind the name to that instance for the block.
fn only_downcast(stmts: &[hir::Stmt], id: LocalId) -> bool {
    fn expr_ok(e: &hir::Expr, id: LocalId) -> bool {
        match &e.kind {
            H::Downcast(x) if matches!(x.kind, H::Local(y) if y == id) => true,
            H::Local(y) => *y != id,
            _ => {
                let mut ok = true;
                hir::visit::each_child(e, &mut |c| ok = ok && expr_ok(c, id));
                ok
            }
        }
    }
    stmts.iter().all(|s| {
        let mut ok = true;
        hir::visit::stmt_exprs(s, &mut |e| ok = ok && expr_ok(e, id));
        ok && hir::visit::stmt_blocks(s)
            .iter()
            .all(|b| only_downcast(b, id))
    })
}

fn body_mutates(body: &[hir::Stmt], list: LocalId, var: LocalId) -> bool {
    fn expr_mutates(e: &hir::Expr, list: LocalId) -> bool {
        if let H::Method {
            method, receiver, ..
        } = &e.kind
        {
            if method.mutates() && root_local(receiver) == Some(list) {
                return true;
            }
        }
        if let H::Call { args, .. } = &e.kind {
            // Passing the list to a function that may mutate it: conservatively, any `&mut`.
            if args
                .iter()
                .any(|a| matches!(a.kind, H::Local(id) if id == list) && !a.ty.is_copy())
            {
                return false;
            }
        }
        let mut found = false;
        visit::each_child(e, &mut |c| found = found || expr_mutates(c, list));
        found
    }
    let _ = var;
    body.iter().any(|s| {
        let direct = match &s.kind {
            S::Assign {
                target: Place::Index { list: l, .. },
                ..
            }
            | S::AugAssign {
                target: Place::Index { list: l, .. },
                ..
            } => root_local(l) == Some(list),
            S::Assign {
                target: Place::Local(id),
                ..
            } => *id == list,
            _ => false,
        };
        let mut found = direct;
        visit::stmt_exprs(s, &mut |e| found = found || expr_mutates(e, list));
        found
            || visit::stmt_blocks(s)
                .iter()
                .any(|b| body_mutates(b, list, var))
    })
}

/// Does `text` mention `word` as a whole name or path (`s` in `rt::str_strip(&s, None)`, `self.x`
/// in `self.x.as_str()`)?
fn reads_word(text: &str, word: &str) -> bool {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(|c| ident(c) || c == '.') && !after.is_some_and(ident)
    })
}
