//! Checking statements.

use super::resolve;
use super::{Checker, Ty};
use crate::diagnostics::Code;
use crate::hir::{self, Arith, Place, StmtKind};
use crate::source::Span;
use crate::syntax::ast;
use std::collections::HashSet;

impl Checker<'_> {
    pub(super) fn check_block(&mut self, stmts: &[ast::Stmt]) -> Vec<hir::Stmt> {
        let refs: Vec<&ast::Stmt> = stmts.iter().collect();
        self.check_block_refs(&refs)
    }

    pub(super) fn check_block_refs(&mut self, stmts: &[&ast::Stmt]) -> Vec<hir::Stmt> {
        self.fcx.depth += 1;
        let out = self.check_block_inner(stmts);
        self.fcx.depth -= 1;
        out
    }

    fn check_block_inner(&mut self, stmts: &[&ast::Stmt]) -> Vec<hir::Stmt> {
        let mut out = Vec::new();
        for s in stmts {
            if let Some(main_body) = main_guard(s) {
                out.extend(self.check_block(main_body));
                continue;
            }
            // `i = j = 0`: the value goes to the first name, and each later name takes the one
            // before it (so a shared list is shared here too, with the usual aliasing checks).
            if let ast::StmtKind::Assign { targets, value } = &s.kind {
                // `xs[0] = xs[1] = False`: with a constant of an immutable type, each target
                // simply gets the constant.
                let constant = matches!(
                    value.kind,
                    ast::ExprKind::Int(_)
                        | ast::ExprKind::Float(_)
                        | ast::ExprKind::Str(_)
                        | ast::ExprKind::Bool(_)
                        | ast::ExprKind::None
                ) || matches!(&value.kind, ast::ExprKind::UnaryOp { operand, .. } if matches!(operand.kind, ast::ExprKind::Int(_) | ast::ExprKind::Float(_)));
                if targets.len() > 1
                    && constant
                    && targets.iter().all(|t| {
                        matches!(
                            t.kind,
                            ast::ExprKind::Name(_)
                                | ast::ExprKind::Subscript { .. }
                                | ast::ExprKind::Attribute { .. }
                        )
                    })
                {
                    for t in targets {
                        let one = ast::Stmt {
                            kind: ast::StmtKind::Assign {
                                targets: vec![t.clone()],
                                value: value.clone(),
                            },
                            span: s.span,
                        };
                        if let Some(kind) = self.stmt(&one) {
                            out.push(hir::Stmt { kind, span: s.span });
                        }
                    }
                    continue;
                }
                if targets.len() > 1
                    && targets
                        .iter()
                        .all(|t| matches!(t.kind, ast::ExprKind::Name(_)))
                {
                    let mut prev: Option<ast::Expr> = None;
                    for t in targets {
                        let v = prev.clone().unwrap_or_else(|| value.clone());
                        let one = ast::Stmt {
                            kind: ast::StmtKind::Assign {
                                targets: vec![t.clone()],
                                value: v,
                            },
                            span: s.span,
                        };
                        if let Some(kind) = self.stmt(&one) {
                            out.push(hir::Stmt { kind, span: s.span });
                        }
                        prev = Some(t.clone());
                    }
                    continue;
                }
            }
            // `first, *rest = xs`: items by position and the slice between.
            if let Some(flat) = self.starred_unpacking(s) {
                out.extend(self.check_block_inner(&flat.iter().collect::<Vec<_>>()));
                continue;
            }
            // `x, (y, z) = v`: the nested tuple goes to a hidden name first, which is then
            // unpacked in turn (Python assigns left to right, so the order is the same).
            if let Some(flat) = self.flatten_unpacking(s) {
                out.extend(self.check_block_inner(&flat.iter().collect::<Vec<_>>()));
                continue;
            }
            if let Some(kind) = self.stmt(s) {
                out.push(hir::Stmt { kind, span: s.span });
            }
        }
        out
    }

    /// The internal call a starred unpacking checks the length with (no Python name can
    /// spell it).
    pub(super) const UNPACK_CHECK: &'static str = "<unpack at least>";

    /// `a, *rest, z = v` as `t = v` (a hidden name, unless `v` is a name already), a check that
    /// `t` has at least two items (`ValueError` as CPython's), `a = t[0]`,
    /// `rest = list(t[1:-1])` and `z = t[-1]`; `None` when the statement has no starred target.
    fn starred_unpacking(&mut self, s: &ast::Stmt) -> Option<Vec<ast::Stmt>> {
        use ast::ExprKind as E;
        let ast::StmtKind::Assign { targets, value } = &s.kind else {
            return None;
        };
        let [target] = targets.as_slice() else {
            return None;
        };
        let (E::Tuple(items) | E::List(items)) = &target.kind else {
            return None;
        };
        let star = items.iter().position(|i| matches!(i.kind, E::Starred(_)))?;
        let e = |kind| ast::Expr { kind, span: s.span };
        let assign = |target: ast::Expr, value: ast::Expr| ast::Stmt {
            kind: ast::StmtKind::Assign {
                targets: vec![target],
                value,
            },
            span: s.span,
        };
        let mut out = Vec::new();
        let seq = match &value.kind {
            E::Name(_) => value.clone(),
            _ => {
                self.fcx.hidden += 1;
                let hidden = format!("unpacked_{}", self.fcx.hidden);
                self.fcx.assigned.insert(hidden.clone());
                // `a, *b = (1, 2, 3)` unpacks the items as a list literal would.
                let value = match &value.kind {
                    E::Tuple(items) => e(E::List(items.clone())),
                    _ => value.clone(),
                };
                out.push(assign(e(E::Name(hidden.clone())), value));
                e(E::Name(hidden))
            }
        };
        let after = items.len() - star - 1;
        let fixed = items.len() - 1;
        out.push(ast::Stmt {
            kind: ast::StmtKind::Expr(e(E::Call {
                func: Box::new(e(E::Name(Self::UNPACK_CHECK.into()))),
                args: vec![seq.clone(), e(E::Int(fixed as i64))],
                keywords: Vec::new(),
            })),
            span: s.span,
        });
        let at = |i: i64| {
            e(E::Subscript {
                value: Box::new(seq.clone()),
                index: Box::new(e(E::Int(i))),
            })
        };
        for (i, item) in items.iter().enumerate() {
            let value = if i < star {
                at(i as i64)
            } else if i > star {
                at(i as i64 - items.len() as i64)
            } else {
                let upper = (after > 0).then(|| Box::new(e(E::Int(-(after as i64)))));
                let slice = e(E::Subscript {
                    value: Box::new(seq.clone()),
                    index: Box::new(e(E::Slice {
                        lower: Some(Box::new(e(E::Int(star as i64)))),
                        upper,
                        step: None,
                    })),
                });
                e(E::Call {
                    func: Box::new(e(E::Name("list".into()))),
                    args: vec![slice],
                    keywords: Vec::new(),
                })
            };
            let target = match &item.kind {
                E::Starred(inner) => (**inner).clone(),
                _ => item.clone(),
            };
            out.push(assign(target, value));
        }
        Some(out)
    }

    /// `a, (b, c) = v` as `a, t = v` and `b, c = t` (`t` a hidden name); `None` when the
    /// statement has no nested unpacking.
    fn flatten_unpacking(&mut self, s: &ast::Stmt) -> Option<Vec<ast::Stmt>> {
        let ast::StmtKind::Assign { targets, value } = &s.kind else {
            return None;
        };
        let [target] = targets.as_slice() else {
            return None;
        };
        let (ast::ExprKind::Tuple(items) | ast::ExprKind::List(items)) = &target.kind else {
            return None;
        };
        let nested =
            |e: &ast::Expr| matches!(e.kind, ast::ExprKind::Tuple(_) | ast::ExprKind::List(_));
        if !items.iter().any(nested) {
            return None;
        }
        let mut outer = Vec::new();
        let mut inner = Vec::new();
        for item in items {
            if nested(item) {
                self.fcx.hidden += 1;
                let hidden = format!("unpacked_{}", self.fcx.hidden);
                self.fcx.assigned.insert(hidden.clone());
                let name = ast::Expr {
                    kind: ast::ExprKind::Name(hidden),
                    span: item.span,
                };
                outer.push(name.clone());
                inner.push(ast::Stmt {
                    kind: ast::StmtKind::Assign {
                        targets: vec![item.clone()],
                        value: name,
                    },
                    span: s.span,
                });
            } else {
                outer.push(item.clone());
            }
        }
        let mut out = vec![ast::Stmt {
            kind: ast::StmtKind::Assign {
                targets: vec![ast::Expr {
                    kind: ast::ExprKind::Tuple(outer),
                    span: target.span,
                }],
                value: value.clone(),
            },
            span: s.span,
        }];
        out.extend(inner);
        Some(out)
    }

    fn stmt(&mut self, s: &ast::Stmt) -> Option<StmtKind> {
        use ast::StmtKind as A;
        Some(match &s.kind {
            A::Expr(ast::Expr {
                kind: ast::ExprKind::Call { func, args, .. },
                span,
            }) if matches!(&func.kind, ast::ExprKind::Attribute { value, attr } if attr.name == "__init__" && matches!(&value.kind, ast::ExprKind::Call { func, .. } if matches!(&func.kind, ast::ExprKind::Name(n) if n == "super"))) =>
            {
                if let Some(kind) = self.super_init(args, *span) {
                    return Some(kind);
                }
                let ast::StmtKind::Expr(e) = &s.kind else {
                    return None;
                };
                let e = self.expr(e);
                StmtKind::Expr(e)
            }
            A::Expr(e) => {
                let e = self.expr(e);
                StmtKind::Expr(e)
            }
            A::Pass => StmtKind::Pass,
            A::Assign { targets, value } => return self.assign(targets, value, s.span),
            A::AnnAssign {
                target,
                annotation,
                value: Some(value),
            } if matches!(target.kind, ast::ExprKind::Attribute { .. }) => {
                // `self.items: list[str] = []`.
                let ty = self.annotation(annotation);
                let ast::ExprKind::Attribute { value: obj, attr } = &target.kind else {
                    return None;
                };
                let v = self.expr_expect(value, &ty);
                let place = self.field_place(obj, attr, Some(&ty))?;
                let field_ty = place_ty(&place, self);
                let v = self.coerce(v, &field_ty);
                StmtKind::Assign {
                    target: place,
                    value: v,
                }
            }
            A::AnnAssign {
                target,
                annotation,
                value,
            } => {
                let ty = self.annotation(annotation);
                let ast::ExprKind::Name(name) = &target.kind else {
                    self.error(
                        Code::Unsupported,
                        "an annotation is only allowed on a plain name",
                        target.span,
                        "annotated target",
                    );
                    return None;
                };
                let local = match self.fcx.scope.get(name).copied() {
                    Some(id) => {
                        let old = self.fcx.locals[id.0 as usize].ty.clone();
                        if !self.fcx.infer.unify(&old, &ty) {
                            let old = self.fcx.infer.resolve(&old);
                            self.error(Code::TypeMismatch, format!("`{name}` is already a `{old}`; it cannot be redeclared as `{ty}`"), target.span, "redeclared here").help =
                                Some("use a new name for the new value".into());
                        }
                        id
                    }
                    None => self.new_local(name, ty.clone(), target.span),
                };
                self.fcx.declared.insert(local, target.span);
                let value = value.as_ref()?;
                let value = self.expr_expect(value, &ty);
                StmtKind::Assign {
                    target: Place::Local(local),
                    value,
                }
            }
            A::AugAssign { target, op, value } => return self.aug_assign(target, *op, value),
            A::If { test, body, orelse } => {
                let cond = self.condition(test);
                // `if x is not None:` — in the block, `x` is its value (unless the block rebinds it).
                let mut assigned_here = HashSet::new();
                resolve::collect_assigned(body, &mut |n| {
                    assigned_here.insert(n.to_string());
                });
                let names = self.not_none_names(test);
                let added: Vec<hir::LocalId> = names
                    .into_iter()
                    .filter(|id| !assigned_here.contains(&self.fcx.locals[id.0 as usize].name))
                    .filter(|id| self.fcx.narrowed.insert(*id))
                    .collect();
                // `if isinstance(s, Circle):` — in the block, `s` is that `Circle`.
                let downcasts: Vec<(hir::LocalId, String)> = self
                    .isinstance_names(test)
                    .into_iter()
                    .filter(|(id, _)| !assigned_here.contains(&self.fcx.locals[id.0 as usize].name))
                    .filter(|(id, _)| !self.fcx.downcasts.contains_key(id))
                    .collect();
                self.fcx.downcasts.extend(downcasts.iter().cloned());
                let then = self.check_block(body);
                for (id, _) in downcasts {
                    self.fcx.downcasts.remove(&id);
                }
                for id in added {
                    self.fcx.narrowed.remove(&id);
                }
                let els = self.check_block(orelse);
                StmtKind::If { cond, then, els }
            }
            A::While { test, body, orelse } => {
                let cond = self.condition(test);
                self.fcx.loop_depth += 1;
                let body = self.check_block(body);
                self.fcx.loop_depth -= 1;
                let orelse = self.check_block(orelse);
                StmtKind::While { cond, body, orelse }
            }
            A::For {
                target,
                iter,
                body,
                orelse,
            } => {
                let (iter, item) = self.iterable(iter)?;
                // `for [a, b] in rows`: a list (or str) item is bound to a hidden name, which
                // the body's first statement unpacks.
                let mut unpacks = Vec::new();
                let target = self.split_for_target(target, &item, &mut unpacks);
                let target = self.for_target(&target, &item)?;
                let body = if unpacks.is_empty() {
                    std::borrow::Cow::Borrowed(body)
                } else {
                    unpacks.extend(body.iter().cloned());
                    std::borrow::Cow::Owned(unpacks)
                };
                self.fcx.loop_depth += 1;
                let body = self.check_block(&body);
                self.fcx.loop_depth -= 1;
                let orelse = self.check_block(orelse);
                StmtKind::For {
                    target,
                    iter,
                    body,
                    orelse,
                }
            }
            A::Break | A::Continue => {
                if self.fcx.loop_depth == 0 {
                    let what = if matches!(s.kind, A::Break) {
                        "break"
                    } else {
                        "continue"
                    };
                    self.error(
                        Code::Misplaced,
                        format!("`{what}` outside a loop"),
                        s.span,
                        "not inside `for` or `while`",
                    );
                    return None;
                }
                if matches!(s.kind, A::Break) {
                    StmtKind::Break
                } else {
                    StmtKind::Continue
                }
            }
            A::Return(value) => {
                if self.fcx.is_main {
                    self.error(
                        Code::Misplaced,
                        "`return` outside a function",
                        s.span,
                        "at module level",
                    );
                    return None;
                }
                let ret = self.fcx.ret.clone();
                match value {
                    Some(v) => {
                        let v = self.expr_expect(v, &ret);
                        StmtKind::Return(Some(v))
                    }
                    None => {
                        if ret != Ty::None && ret != Ty::Error {
                            self.error(
                                Code::TypeMismatch,
                                format!(
                                    "this function returns `{ret}`, but this `return` has no value"
                                ),
                                s.span,
                                "returns None",
                            );
                        }
                        StmtKind::Return(None)
                    }
                }
            }
            A::Assert { test, msg } => {
                let cond = self.condition(test);
                let msg = msg.as_ref().map(|m| self.expr(m));
                StmtKind::Assert { cond, msg }
            }
            A::FunctionDef(def) => {
                self.nested_def(def);
                return None;
            }
            A::ClassDef(def) => {
                self.error(
                    Code::Unsupported,
                    "classes must be defined at module level",
                    def.name.span,
                    "class defined here",
                );
                return None;
            }
            A::Import(_) | A::ImportFrom { .. } => {
                self.error(
                    Code::Unsupported,
                    "imports are only supported at module level",
                    s.span,
                    "import inside a block",
                );
                return None;
            }
            A::Del(targets) => {
                let [target] = targets.as_slice() else {
                    self.error(
                        Code::Unsupported,
                        "`del` of several targets is not supported; write one `del` per line",
                        s.span,
                        "several targets",
                    );
                    return None;
                };
                if let ast::ExprKind::Subscript { value: list, index } = &target.kind {
                    if let ast::ExprKind::Slice { lower, upper, step } = &index.kind {
                        let l = self.expr(list);
                        if !matches!(self.fcx.infer.resolve(&l.ty), Ty::List(_)) {
                            self.error(
                                Code::TypeMismatch,
                                "`del` of a slice needs a list",
                                list.span,
                                "not a list",
                            );
                            return None;
                        }
                        let mut bound = |b: &Option<Box<ast::Expr>>| match b {
                            Some(x) => self.expr_expect(x, &Ty::Int),
                            None => hir::Expr {
                                kind: hir::ExprKind::None,
                                ty: Ty::None,
                                span: s.span,
                            },
                        };
                        let (a, b, c) = (bound(lower), bound(upper), bound(step));
                        return Some(StmtKind::Expr(hir::Expr {
                            kind: hir::ExprKind::Method {
                                method: hir::Method::ListSliceDel,
                                receiver: Box::new(l),
                                args: vec![a, b, c],
                            },
                            ty: Ty::None,
                            span: s.span,
                        }));
                    }
                }
                let Some(Place::Index { list, index }) = self.place(target) else {
                    self.error(
                        Code::Unsupported,
                        "`del` is only supported on `xs[i]` and `d[k]`",
                        target.span,
                        "not an element",
                    );
                    return None;
                };
                let method = if matches!(self.fcx.infer.resolve(&list.ty), Ty::Dict(..)) {
                    hir::Method::DictDel
                } else {
                    hir::Method::ListDel
                };
                StmtKind::Expr(hir::Expr {
                    kind: hir::ExprKind::Method {
                        method,
                        receiver: list,
                        args: vec![*index],
                    },
                    ty: Ty::None,
                    span: s.span,
                })
            }
            A::Raise { exc, cause } => {
                return self.raise_stmt(exc.as_ref(), cause.as_ref(), s.span)
            }
            A::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => return self.try_stmt(body, handlers, orelse, finalbody),
        })
    }

    /// A condition of `if`/`while`/`assert`: any value, tested for truthiness.
    pub(super) fn condition(&mut self, e: &ast::Expr) -> hir::Expr {
        // In a condition only the truth of `a and b` matters, so its operands may differ in
        // type (`if xs and xs[0] > 0:`): test each one's truth.
        match &e.kind {
            ast::ExprKind::BoolOp { op, values } => {
                let mut it = values.iter();
                let Some(first) = it.next() else {
                    return self.error_expr(e.span);
                };
                let mut acc = self.condition(first);
                let mut scope = super::expr::Narrowing::default();
                let mut prev = first;
                for v in it {
                    if *op == ast::BoolOp::And {
                        self.narrow(prev, &mut scope);
                    }
                    prev = v;
                    let r = self.condition(v);
                    let kind = match op {
                        ast::BoolOp::And => hir::ExprKind::And(Box::new(acc), Box::new(r)),
                        ast::BoolOp::Or => hir::ExprKind::Or(Box::new(acc), Box::new(r)),
                    };
                    acc = hir::Expr {
                        kind,
                        ty: Ty::Bool,
                        span: e.span,
                    };
                }
                self.unnarrow(scope);
                acc
            }
            ast::ExprKind::UnaryOp {
                op: ast::UnaryOp::Not,
                operand,
            } => {
                let inner = self.condition(operand);
                hir::Expr {
                    kind: hir::ExprKind::Not(Box::new(inner)),
                    ty: Ty::Bool,
                    span: e.span,
                }
            }
            _ => {
                let v = self.expr(e);
                self.truthy(v)
            }
        }
    }

    /// Binds `name` (new local, or the existing one with a type check).
    fn bind_name(&mut self, name: &str, ty: Ty, span: Span) -> hir::LocalId {
        match self.fcx.scope.get(name).copied() {
            Some(id) => {
                let old = self.fcx.locals[id.0 as usize].ty.clone();
                if !self.fcx.infer.unify(&old, &ty) {
                    self.type_change(name, &old, &ty, span);
                }
                id
            }
            None => self.new_local(name, ty, span),
        }
    }

    fn type_change(&mut self, name: &str, old: &Ty, new: &Ty, span: Span) {
        let old = self.fcx.infer.resolve(old);
        let new = self.fcx.infer.resolve(new);
        let help = if old == Ty::Int && new == Ty::Float {
            format!("Python would print `{name}` differently before and after; make it a float from the start (e.g. `{name} = 0.0`)")
        } else {
            "a variable keeps one type in Roast; use a new name for the new value".to_string()
        };
        self.error(
            Code::TypeMismatch,
            format!("`{name}` is a `{old}`, but here it is given a `{new}`"),
            span,
            format!("expected `{old}`, found `{new}`"),
        )
        .help = Some(help);
    }

    fn assign(&mut self, targets: &[ast::Expr], value: &ast::Expr, span: Span) -> Option<StmtKind> {
        if targets.len() != 1 {
            self.error(
                Code::Unsupported,
                "chained assignment `a = b = value` is not supported by Roast",
                span,
                "several targets",
            )
            .help = Some("assign each name on its own line".into());
            return None;
        }
        let target = &targets[0];
        match &target.kind {
            ast::ExprKind::Name(name) => {
                if self.global_ids.contains_key(name)
                    && !self.fcx.scope.contains_key(name)
                    && self.fcx.is_main
                {
                    self.error(Code::Unsupported, format!("module-level variable `{name}` is read inside a function, so it must be assigned only once"), target.span, "assigned again");
                    return None;
                }
                let value = match self.fcx.scope.get(name).copied() {
                    Some(id) => {
                        let ty = self.fcx.locals[id.0 as usize].ty.clone();
                        let v = self.expr(value);
                        let v = if matches!(self.fcx.infer.resolve(&ty), Ty::Optional(_))
                            || matches!(self.fcx.infer.resolve(&v.ty), Ty::Optional(_))
                        {
                            self.coerce(v, &ty)
                        } else {
                            v
                        };
                        let resolved_old = self.fcx.infer.resolve(&ty);
                        let resolved_new = self.fcx.infer.resolve(&v.ty);
                        let retype = self.fcx.depth == 1
                            && !resolved_old.contains_var()
                            && !resolved_new.contains_var()
                            && !resolved_new.contains_error()
                            && resolved_old != resolved_new
                            && !(resolved_old == Ty::Int && resolved_new == Ty::Float)
                            && !self.fcx.declared.contains_key(&id);
                        if retype {
                            // Straight-line code gives the name a new value of another type: a new
                            // variable from here on (the old one is never read again).
                            let local = self.new_local(name, resolved_new, target.span);
                            return Some(StmtKind::Assign {
                                target: Place::Local(local),
                                value: v,
                            });
                        }
                        if !self.fcx.infer.unify(&ty, &v.ty) {
                            self.type_change(name, &ty, &v.ty, v.span);
                        }
                        v
                    }
                    None => self.expr(value),
                };
                let local = self.bind_name(name, value.ty.clone(), target.span);
                Some(StmtKind::Assign {
                    target: Place::Local(local),
                    value,
                })
            }
            ast::ExprKind::Subscript { value: list, index }
                if matches!(index.kind, ast::ExprKind::Slice { .. }) =>
            {
                let ast::ExprKind::Slice { lower, upper, step } = &index.kind else {
                    return None;
                };
                let l = self.expr(list);
                let lt = self.fcx.infer.resolve(&l.ty);
                if !matches!(lt, Ty::List(_)) {
                    if lt != Ty::Error {
                        self.error(
                            Code::TypeMismatch,
                            format!("`{lt}` does not support slice assignment"),
                            list.span,
                            "not a list",
                        );
                    }
                    return None;
                }
                let mut bound = |b: &Option<Box<ast::Expr>>| match b {
                    Some(x) => self.expr_expect(x, &Ty::Int),
                    None => hir::Expr {
                        kind: hir::ExprKind::None,
                        ty: Ty::None,
                        span,
                    },
                };
                let (a, b, c) = (bound(lower), bound(upper), bound(step));
                let v = self.expr_expect(value, &lt);
                Some(StmtKind::Expr(hir::Expr {
                    kind: hir::ExprKind::Method {
                        method: hir::Method::ListSliceAssign,
                        receiver: Box::new(l),
                        args: vec![a, b, c, v],
                    },
                    ty: Ty::None,
                    span,
                }))
            }
            ast::ExprKind::Subscript { .. } => {
                let place = self.place(target)?;
                let elem = place_ty(&place, self);
                let value = self.expr_expect(value, &elem);
                Some(StmtKind::Assign {
                    target: place,
                    value,
                })
            }
            ast::ExprKind::Tuple(items) | ast::ExprKind::List(items) => {
                // `a, b = x, y`, or `q, r = divmod(a, b)` from a tuple-typed value.
                let (values, item_types): (Vec<hir::Expr>, Vec<Ty>) = match &value.kind {
                    ast::ExprKind::Tuple(vs) | ast::ExprKind::List(vs) => {
                        if vs.len() != items.len() {
                            self.error(
                                Code::TypeMismatch,
                                format!("{} names but {} values", items.len(), vs.len()),
                                span,
                                "counts differ",
                            );
                            return None;
                        }
                        let values: Vec<hir::Expr> = vs.iter().map(|v| self.expr(v)).collect();
                        let types = values.iter().map(|v| v.ty.clone()).collect();
                        (values, types)
                    }
                    _ => {
                        let v = self.expr(value);
                        match self.fcx.infer.resolve(&v.ty) {
                            Ty::Tuple(ts) if ts.len() == items.len() => (vec![v], ts),
                            // `a, b = line.split("=")`: a list of exactly that many items.
                            Ty::List(elem) | Ty::TupleOf(elem) => {
                                (vec![v], vec![*elem; items.len()])
                            }
                            // `a, b, c = "abc"`: one character each.
                            Ty::Str => {
                                let chars = hir::Expr {
                                    kind: hir::ExprKind::Builtin {
                                        func: hir::Builtin::ListFromStr,
                                        args: vec![v],
                                    },
                                    ty: Ty::list(Ty::Str),
                                    span: value.span,
                                };
                                (vec![chars], vec![Ty::Str; items.len()])
                            }
                            Ty::Error => return None,
                            other => {
                                self.error(
                                    Code::TypeMismatch,
                                    format!("cannot unpack a `{other}` into {} names", items.len()),
                                    value.span,
                                    "not a tuple of that size",
                                );
                                return None;
                            }
                        }
                    }
                };
                let mut places = Vec::new();
                for (t, ty) in items.iter().zip(&item_types) {
                    let v = hir::Expr {
                        kind: hir::ExprKind::None,
                        ty: ty.clone(),
                        span: t.span,
                    };
                    let v = &v;
                    match &t.kind {
                        ast::ExprKind::Name(name) => {
                            let id = self.bind_name(name, v.ty.clone(), t.span);
                            places.push(Place::Local(id));
                        }
                        ast::ExprKind::Subscript { .. } | ast::ExprKind::Attribute { .. } => {
                            let p = match &t.kind {
                                ast::ExprKind::Attribute { value: obj, attr } => {
                                    self.field_place(obj, attr, Some(&v.ty))?
                                }
                                _ => self.place(t)?,
                            };
                            let elem = place_ty(&p, self);
                            if !self.fcx.infer.unify(&elem, &v.ty) {
                                self.mismatch(&elem, &v.ty, v.span);
                            }
                            places.push(p);
                        }
                        _ => {
                            self.error(
                                Code::Unsupported,
                                "this assignment target is not supported",
                                t.span,
                                "target",
                            );
                            return None;
                        }
                    }
                }
                Some(StmtKind::MultiAssign {
                    targets: places,
                    values,
                })
            }
            ast::ExprKind::Attribute { value: obj, attr } => {
                let v = self.expr(value);
                let place = self.field_place(obj, attr, Some(&v.ty))?;
                let ty = place_ty(&place, self);
                let v = self.coerce(v, &ty);
                Some(StmtKind::Assign {
                    target: place,
                    value: v,
                })
            }
            _ => {
                self.error(
                    Code::Syntax,
                    "cannot assign to this expression",
                    target.span,
                    "not a variable or element",
                );
                None
            }
        }
    }

    /// An assignable place: a local that exists, or a list element.
    fn place(&mut self, target: &ast::Expr) -> Option<Place> {
        match &target.kind {
            ast::ExprKind::Name(name) => match self.fcx.scope.get(name).copied() {
                Some(id) => Some(Place::Local(id)),
                None => {
                    self.unknown_name(name, target.span);
                    None
                }
            },
            ast::ExprKind::Attribute { value, attr } => self.field_place(value, attr, None),
            ast::ExprKind::Subscript { value, index } => {
                if matches!(index.kind, ast::ExprKind::Slice { .. }) {
                    self.error(
                        Code::Unsupported,
                        "slice assignment is not supported yet",
                        index.span,
                        "slice",
                    );
                    return None;
                }
                let list = self.expr(value);
                let lt = self.fcx.infer.resolve(&list.ty);
                match lt {
                    Ty::List(_) => {}
                    Ty::Dict(k, _) => {
                        let key = self.expr_expect(index, &k);
                        return Some(Place::Index {
                            list: Box::new(list),
                            index: Box::new(key),
                        });
                    }
                    Ty::Str => {
                        self.error(
                            Code::TypeMismatch,
                            "`str` does not support item assignment",
                            target.span,
                            "strings are immutable",
                        )
                        .help = Some(
                            "build a new string, e.g. with slicing: `s[:i] + c + s[i + 1:]`".into(),
                        );
                        return None;
                    }
                    Ty::Error => return None,
                    other => {
                        self.error(
                            Code::TypeMismatch,
                            format!("`{other}` does not support item assignment"),
                            value.span,
                            "not a list",
                        );
                        return None;
                    }
                }
                let index = self.expr_expect(index, &Ty::Int);
                Some(Place::Index {
                    list: Box::new(list),
                    index: Box::new(index),
                })
            }
            _ => {
                self.error(
                    Code::Unsupported,
                    "this assignment target is not supported",
                    target.span,
                    "target",
                );
                None
            }
        }
    }

    fn aug_assign(
        &mut self,
        target: &ast::Expr,
        op: ast::BinOp,
        value: &ast::Expr,
    ) -> Option<StmtKind> {
        let place = self.place(target)?;
        let ty = self.fcx.infer.resolve(&place_ty(&place, self));
        let span = target.span.to(value.span);
        // `xs += ys` extends the list in place.
        if let Ty::List(_) = ty {
            if op == ast::BinOp::Add {
                let v = self.expr_expect(value, &ty);
                let receiver = place_expr(&place, ty, target.span);
                return Some(StmtKind::Expr(hir::Expr {
                    kind: hir::ExprKind::Method {
                        method: hir::Method::ListExtend,
                        receiver: Box::new(receiver),
                        args: vec![v],
                    },
                    ty: Ty::None,
                    span,
                }));
            }
        }
        // `s |= t` and friends change the set in place.
        if let Ty::Set(_) = ty {
            let method = match op {
                ast::BinOp::BitOr => Some(hir::Method::SetUpdate),
                ast::BinOp::BitAnd => Some(hir::Method::SetIntersectionUpdate),
                ast::BinOp::Sub => Some(hir::Method::SetDifferenceUpdate),
                ast::BinOp::BitXor => Some(hir::Method::SetSymmetricDifferenceUpdate),
                _ => None,
            };
            if let Some(method) = method {
                let v = self.expr_expect(value, &ty);
                let receiver = place_expr(&place, ty, target.span);
                return Some(StmtKind::Expr(hir::Expr {
                    kind: hir::ExprKind::Method {
                        method,
                        receiver: Box::new(receiver),
                        args: vec![v],
                    },
                    ty: Ty::None,
                    span,
                }));
            }
        }
        let v = self.expr(value);
        let v = self.unwrap_opt(v);
        let current = place_expr(&place, ty.clone(), target.span);
        let result = self.binary(op, current, v, span);
        let result_ty = self.fcx.infer.resolve(&result.ty);
        if result_ty != ty && result_ty != Ty::Error && ty != Ty::Error {
            let name = self
                .fcx
                .locals
                .get(match &place {
                    Place::Local(l) => l.0 as usize,
                    _ => usize::MAX,
                })
                .map(|l| l.name.clone());
            self.type_change(
                &name.unwrap_or_else(|| "the element".into()),
                &ty,
                &result_ty,
                span,
            );
            return None;
        }
        // Keep the compact `x op= v` form when the operation maps onto it directly.
        if let hir::ExprKind::Binary {
            op: arith, right, ..
        } = result.kind
        {
            if matches!(
                arith,
                Arith::Add | Arith::Sub | Arith::Mul | Arith::BitAnd | Arith::BitOr | Arith::BitXor
            ) || ty == Ty::Float
            {
                return Some(StmtKind::AugAssign {
                    target: place,
                    op: arith,
                    value: *right,
                });
            }
            let current = place_expr(&place, ty.clone(), target.span);
            let value = hir::Expr {
                kind: hir::ExprKind::Binary {
                    op: arith,
                    left: Box::new(current),
                    right,
                },
                ty,
                span,
            };
            return Some(StmtKind::Assign {
                target: place,
                value,
            });
        }
        Some(StmtKind::Assign {
            target: place,
            value: result,
        })
    }

    /// The item types of a tuple that a `for` or comprehension target unpacks into `n` names.
    pub(super) fn unpack_types(&mut self, item: &Ty, n: usize, span: Span) -> Option<Vec<Ty>> {
        let item = self.fcx.infer.resolve(item);
        let Ty::Tuple(types) = item else {
            if item != Ty::Error {
                self.error(
                    Code::TypeMismatch,
                    format!("cannot unpack a `{item}` into {n} names"),
                    span,
                    "not a tuple",
                );
            }
            return None;
        };
        if types.len() != n {
            self.error(
                Code::TypeMismatch,
                format!("cannot unpack a tuple of {} into {n} names", types.len()),
                span,
                "sizes differ",
            );
            return None;
        }
        Some(types)
    }

    /// `target` with each part that unpacks a list, a `tuple[T, ...]` or a str replaced by a
    /// hidden name, and the assignments that unpack those names, in order, in `unpacks`.
    fn split_for_target(
        &mut self,
        target: &ast::Expr,
        item: &Ty,
        unpacks: &mut Vec<ast::Stmt>,
    ) -> ast::Expr {
        let (ast::ExprKind::Tuple(items) | ast::ExprKind::List(items)) = &target.kind else {
            return target.clone();
        };
        match self.fcx.infer.resolve(item) {
            Ty::Tuple(types) if types.len() == items.len() => {
                let items = items
                    .iter()
                    .zip(&types)
                    .map(|(t, ty)| self.split_for_target(t, ty, unpacks))
                    .collect();
                ast::Expr {
                    kind: ast::ExprKind::Tuple(items),
                    span: target.span,
                }
            }
            Ty::List(_) | Ty::TupleOf(_) | Ty::Str => {
                self.fcx.hidden += 1;
                let hidden = format!("unpacked_{}", self.fcx.hidden);
                self.fcx.assigned.insert(hidden.clone());
                let name = ast::Expr {
                    kind: ast::ExprKind::Name(hidden),
                    span: target.span,
                };
                unpacks.push(ast::Stmt {
                    kind: ast::StmtKind::Assign {
                        targets: vec![target.clone()],
                        value: name.clone(),
                    },
                    span: target.span,
                });
                name
            }
            _ => target.clone(),
        }
    }

    /// A `for` target: a name, or a tuple of targets matching a tuple item type.
    fn for_target(&mut self, target: &ast::Expr, item: &Ty) -> Option<hir::Target> {
        match &target.kind {
            ast::ExprKind::Name(name) => Some(hir::Target::Local(self.bind_name(
                name,
                item.clone(),
                target.span,
            ))),
            ast::ExprKind::Tuple(items) | ast::ExprKind::List(items) => {
                let types = self.unpack_types(item, items.len(), target.span)?;
                let parts: Option<Vec<hir::Target>> = items
                    .iter()
                    .zip(&types)
                    .map(|(t, ty)| self.for_target(t, ty))
                    .collect();
                Some(hir::Target::Tuple(parts?))
            }
            _ => {
                self.error(
                    Code::Unsupported,
                    "this `for` target is not supported",
                    target.span,
                    "use names or a tuple of names",
                );
                None
            }
        }
    }

    /// What a `for` loop iterates over, and the type of each item.
    pub(super) fn iterable(&mut self, e: &ast::Expr) -> Option<(hir::Iterable, Ty)> {
        if let ast::ExprKind::Call {
            func,
            args,
            keywords,
        } = &e.kind
        {
            let name = match &func.kind {
                ast::ExprKind::Name(n)
                    if !self.fcx.scope.contains_key(n) && !self.func_ids.contains_key(n) =>
                {
                    n.as_str()
                }
                _ => "",
            };
            match name {
                "range" => {
                    if let Some(k) = keywords.first() {
                        self.error(
                            Code::Arguments,
                            "`range()` takes no keyword arguments",
                            k.name.span,
                            "keyword",
                        );
                    }
                    let ints: Vec<hir::Expr> =
                        args.iter().map(|a| self.expr_expect(a, &Ty::Int)).collect();
                    let mut it = ints.into_iter();
                    let range = match (it.next(), it.next(), it.next(), it.next()) {
                        (Some(stop), None, None, None) => {
                            let start = hir::Expr {
                                kind: hir::ExprKind::Int(0),
                                ty: Ty::Int,
                                span: e.span,
                            };
                            hir::Iterable::Range {
                                start,
                                stop,
                                step: None,
                            }
                        }
                        (Some(start), Some(stop), None, None) => hir::Iterable::Range {
                            start,
                            stop,
                            step: None,
                        },
                        (Some(start), Some(stop), Some(step), None) => {
                            if matches!(step.kind, hir::ExprKind::Int(0)) {
                                self.error(
                                    Code::TypeMismatch,
                                    "`range()` step must not be zero",
                                    step.span,
                                    "zero step",
                                );
                            }
                            hir::Iterable::Range {
                                start,
                                stop,
                                step: Some(step),
                            }
                        }
                        _ => {
                            self.error(
                                Code::Arguments,
                                format!("`range()` takes 1 to 3 arguments, {} given", args.len()),
                                e.span,
                                "wrong number of arguments",
                            );
                            return None;
                        }
                    };
                    return Some((range, Ty::Int));
                }
                "enumerate" => {
                    let (inner, start_arg) = match args.as_slice() {
                        [inner] => (inner, None),
                        [inner, start] => (inner, Some(start)),
                        _ => {
                            self.error(
                                Code::Arguments,
                                "`enumerate()` takes one iterable and an optional start",
                                e.span,
                                "wrong arguments",
                            );
                            return None;
                        }
                    };
                    let (inner, item) = self.iterable(inner)?;
                    let mut start = match start_arg {
                        Some(a) => self.expr_expect(a, &Ty::Int),
                        None => hir::Expr {
                            kind: hir::ExprKind::Int(0),
                            ty: Ty::Int,
                            span: e.span,
                        },
                    };
                    for k in keywords {
                        if k.name.name == "start" {
                            start = self.expr_expect(&k.value, &Ty::Int);
                        } else {
                            self.error(
                                Code::Arguments,
                                format!("`enumerate()` has no keyword argument `{}`", k.name.name),
                                k.name.span,
                                "unknown keyword",
                            );
                        }
                    }
                    return Some((
                        hir::Iterable::Enumerate {
                            inner: Box::new(inner),
                            start,
                        },
                        Ty::Tuple(vec![Ty::Int, item]),
                    ));
                }
                "zip" if matches!(args.as_slice(), [a] if matches!(a.kind, ast::ExprKind::Starred(_))) =>
                {
                    // `zip(*rows)`: the columns of a list of lists, each a tuple.
                    let ast::ExprKind::Starred(rows) = &args[0].kind else {
                        return None;
                    };
                    let v = self.expr(rows);
                    let elem = match self.fcx.infer.resolve(&v.ty) {
                        Ty::List(row) => row.seq_elem().cloned(),
                        Ty::Error => return None,
                        _ => None,
                    };
                    let Some(elem) = elem else {
                        self.error(
                            Code::TypeMismatch,
                            format!(
                                "`zip(*rows)` needs a list of lists, found `{}`",
                                self.fcx.infer.resolve(&v.ty)
                            ),
                            rows.span,
                            "not a list of lists",
                        );
                        return None;
                    };
                    let col = Ty::TupleOf(Box::new(elem));
                    let columns = hir::Expr {
                        kind: hir::ExprKind::Builtin {
                            func: hir::Builtin::Transpose,
                            args: vec![v],
                        },
                        ty: Ty::list(col.clone()),
                        span: e.span,
                    };
                    return Some((hir::Iterable::List(columns), col));
                }
                "zip" => {
                    if args.len() < 2 {
                        self.error(
                            Code::Arguments,
                            "`zip()` needs at least two iterables here",
                            e.span,
                            "too few arguments",
                        );
                        return None;
                    }
                    let mut parts = Vec::new();
                    let mut types = Vec::new();
                    for a in args {
                        let (it, ty) = self.iterable(a)?;
                        parts.push(it);
                        types.push(ty);
                    }
                    return Some((hir::Iterable::Zip(parts), Ty::Tuple(types)));
                }
                "reversed" => {
                    let [inner] = args.as_slice() else {
                        self.error(
                            Code::Arguments,
                            "`reversed()` takes one argument",
                            e.span,
                            "wrong arguments",
                        );
                        return None;
                    };
                    let (inner, item) = self.iterable(inner)?;
                    if !matches!(
                        inner,
                        hir::Iterable::List(_)
                            | hir::Iterable::Str(_)
                            | hir::Iterable::Range { .. }
                            | hir::Iterable::Dict { .. }
                    ) {
                        self.error(
                            Code::Unsupported,
                            "`reversed()` of this iterable is not supported",
                            e.span,
                            "reverse a list, range or str",
                        );
                        return None;
                    }
                    return Some((hir::Iterable::Reversed(Box::new(inner)), item));
                }
                _ => {}
            }
        }
        let v = self.expr(e);
        if let hir::ExprKind::Method {
            method: m @ (hir::Method::DictKeys | hir::Method::DictValues | hir::Method::DictItems),
            receiver,
            ..
        } = &v.kind
        {
            let what = match m {
                hir::Method::DictKeys => hir::DictIter::Keys,
                hir::Method::DictValues => hir::DictIter::Values,
                _ => hir::DictIter::Items,
            };
            let item = match &v.ty {
                Ty::List(t) => (**t).clone(),
                _ => Ty::Error,
            };
            return Some((
                hir::Iterable::Dict {
                    dict: (**receiver).clone(),
                    what,
                },
                item,
            ));
        }
        match self.fcx.infer.resolve(&v.ty) {
            Ty::Tuple(items) if !items.is_empty() && items.iter().all(|t| *t == items[0]) => {
                // A tuple whose items share a type iterates as a `tuple[T, ...]`.
                let elem = items[0].clone();
                let v = self.coerce(v, &Ty::TupleOf(Box::new(elem.clone())));
                Some((hir::Iterable::List(v), elem))
            }
            Ty::Dict(k, _) => Some((
                hir::Iterable::Dict {
                    dict: v,
                    what: hir::DictIter::Keys,
                },
                *k,
            )),
            Ty::Set(t) => Some((hir::Iterable::Set(v), *t)),
            Ty::List(t) | Ty::TupleOf(t) => Some((hir::Iterable::List(v), *t)),
            Ty::Str => Some((hir::Iterable::Str(v), Ty::Str)),
            Ty::Error => None,
            Ty::Var(_) => {
                self.error(
                    Code::CannotInfer,
                    "cannot infer what this iterates over",
                    e.span,
                    "type unknown here",
                );
                None
            }
            other => {
                self.error(Code::TypeMismatch, format!("`{other}` is not iterable in Roast"), e.span, "cannot iterate over this").help =
                    Some("Roast iterates over `range(...)`, lists, strings, `enumerate`, `zip` and `reversed`".into());
                None
            }
        }
    }
}

fn place_ty(place: &Place, cx: &Checker<'_>) -> Ty {
    match place {
        Place::Local(id) => cx.fcx.locals[id.0 as usize].ty.clone(),
        Place::Index { list, .. } => match cx.fcx.infer.resolve(&list.ty) {
            Ty::List(t) | Ty::Dict(_, t) => *t,
            _ => Ty::Error,
        },
        Place::Field { obj, name } => cx
            .class_of(&cx.fcx.infer.resolve(&obj.ty))
            .and_then(|ci| cx.field_ty(ci, name))
            .unwrap_or(Ty::Error),
    }
}

/// The current value of a place, as an expression.
fn place_expr(place: &Place, ty: Ty, span: Span) -> hir::Expr {
    let kind = match place {
        Place::Local(id) => hir::ExprKind::Local(*id),
        Place::Index { list, index } => hir::ExprKind::Index {
            list: list.clone(),
            index: index.clone(),
        },
        Place::Field { obj, name } => hir::ExprKind::Field {
            obj: obj.clone(),
            name: name.clone(),
        },
    };
    hir::Expr { kind, ty, span }
}

/// `if __name__ == "__main__":` — its body, which always runs.
fn main_guard(s: &ast::Stmt) -> Option<&[ast::Stmt]> {
    let ast::StmtKind::If { test, body, orelse } = &s.kind else {
        return None;
    };
    let ast::ExprKind::Compare { left, ops } = &test.kind else {
        return None;
    };
    let is_name = matches!(&left.kind, ast::ExprKind::Name(n) if n == "__name__");
    let is_main = matches!(ops.as_slice(), [(ast::CmpOp::Eq, r)] if matches!(&r.kind, ast::ExprKind::Str(s) if s == "__main__"));
    (is_name && is_main && orelse.is_empty()).then_some(body.as_slice())
}

/// The block ends in a `return` on every path (so the function cannot fall off its end).
pub fn always_returns(stmts: &[hir::Stmt]) -> bool {
    stmts.iter().any(|s| match &s.kind {
        StmtKind::Return(_) | StmtKind::Raise { .. } => true,
        StmtKind::Try {
            body,
            handlers,
            orelse,
            finalbody,
        } => {
            always_returns(finalbody)
                || ((always_returns(body) || always_returns(orelse))
                    && handlers.iter().all(|h| always_returns(&h.body)))
        }
        StmtKind::If { then, els, .. } => always_returns(then) && always_returns(els),
        StmtKind::While { cond, body, .. } => {
            matches!(cond.kind, hir::ExprKind::Bool(true)) && !has_break(body)
        }
        StmtKind::Expr(e) => matches!(
            e.kind,
            hir::ExprKind::Builtin {
                func: hir::Builtin::SysExit,
                ..
            }
        ),
        StmtKind::Assert { cond, .. } => matches!(cond.kind, hir::ExprKind::Bool(false)),
        _ => false,
    })
}

fn has_break(stmts: &[hir::Stmt]) -> bool {
    stmts.iter().any(|s| match &s.kind {
        StmtKind::Break => true,
        StmtKind::If { then, els, .. } => has_break(then) || has_break(els),
        StmtKind::Try { .. } => crate::hir::visit::stmt_blocks(s)
            .iter()
            .any(|b| has_break(b)),
        _ => false,
    })
}
