//! Checking expressions: literals, names, operators, subscripts, calls of user functions,
//! f-strings. Built-in functions and methods are in `builtins.rs`.

use super::{Checker, Ty};
use crate::diagnostics::Code;
use crate::hir::{self, Arith, ExprKind as H};
use crate::source::Span;
use crate::syntax::ast::{self, ExprKind as A};

pub(super) fn mk(kind: H, ty: Ty, span: Span) -> hir::Expr {
    hir::Expr { kind, ty, span }
}

impl Checker<'_> {
    pub(super) fn error_expr(&self, span: Span) -> hir::Expr {
        mk(H::None, Ty::Error, span)
    }

    pub(super) fn mismatch(&mut self, expected: &Ty, found: &Ty, span: Span) {
        let expected = self.fcx.infer.resolve(expected);
        let found = self.fcx.infer.resolve(found);
        if expected.contains_error() || found.contains_error() {
            return;
        }
        let subclass = match (&expected, &found) {
            (Ty::Class(base), Ty::Class(c)) if self.derives_from_class(c, base) => {
                Some((c.clone(), base.clone()))
            }
            _ => None,
        };
        let d = self.error(
            Code::TypeMismatch,
            format!("expected `{expected}`, found `{found}`"),
            span,
            format!("this is a `{found}`"),
        );
        if let Some((c, base)) = subclass {
            d.help = Some(format!("`{c}` derives from `{base}`, but a subclass instance can stand for its base class only where a `{base}` value is expected directly (an annotated variable, a parameter, a list element); declare the container's type, e.g. `list[{base}]`"));
        } else if expected == Ty::Float && found == Ty::Int {
            d.help = Some("Python keeps an int an int even where a float is declared, and prints it without `.0`; write a float literal (`1.0`) or convert with `float(...)`".into());
        } else if expected == Ty::Str {
            d.help = Some("convert it with `str(...)`".into());
        } else if found == Ty::Str && expected == Ty::Int {
            d.help = Some("convert it with `int(...)`".into());
        }
    }

    /// Does user class `c` derive (directly or not) from `base`?
    /// `str`, `list`, `dict` or `set` as a name (not a local): `str.lower` is its method.
    fn is_builtin_type_name(&self, e: &ast::Expr) -> bool {
        matches!(&e.kind, A::Name(t) if matches!(t.as_str(), "str" | "list" | "dict" | "set") && !self.fcx.scope.contains_key(t))
    }

    /// Is `v` the `self` parameter of the method being checked?
    fn is_self(&self, v: &hir::Expr) -> bool {
        matches!(v.kind, H::Local(id) if id.0 == 0 && self.fcx.scope.get("self") == Some(&id))
    }

    pub(super) fn derives_from_class(&self, c: &str, base: &str) -> bool {
        let mut k = self.class_parent.get(c).cloned();
        while let Some(p) = k {
            if p == base {
                return true;
            }
            k = self.class_parent.get(&p).cloned();
        }
        false
    }

    /// Checks `e` where a value of type `expected` is needed.
    pub(super) fn expr_expect(&mut self, e: &ast::Expr, expected: &Ty) -> hir::Expr {
        let expected_r = self.fcx.infer.resolve(expected);
        // `a if c else b` where a value of a known type is needed: each branch must be one.
        if let (A::IfExp { test, body, orelse }, false) = (&e.kind, expected_r.contains_var()) {
            let cond = self.condition(test);
            let then = self.expr_expect(body, &expected_r);
            let els = self.expr_expect(orelse, &expected_r);
            return mk(
                H::IfExp {
                    cond: Box::new(cond),
                    then: Box::new(then),
                    els: Box::new(els),
                },
                expected_r,
                e.span,
            );
        }
        // A lambda takes its parameter types from the `Callable` it must be.
        if let (A::Lambda { params, body }, Ty::Func(ps, ret)) = (&e.kind, &expected_r) {
            return self.lambda(params, body, ps, ret, e.span);
        }
        // A built-in function where a `Callable` is expected: a lambda that calls it.
        if let (A::Name(n), Ty::Func(ps, ret)) = (&e.kind, &expected_r) {
            if super::builtins::BUILTIN_NAMES.contains(&n.as_str())
                && !self.fcx.scope.contains_key(n)
            {
                let params: Vec<ast::Ident> = (0..ps.len())
                    .map(|i| ast::Ident {
                        name: format!("arg{i}"),
                        span: e.span,
                    })
                    .collect();
                let args = params
                    .iter()
                    .map(|p| ast::Expr {
                        kind: A::Name(p.name.clone()),
                        span: e.span,
                    })
                    .collect();
                let body = ast::Expr {
                    kind: A::Call {
                        func: Box::new(e.clone()),
                        args,
                        keywords: Vec::new(),
                    },
                    span: e.span,
                };
                return self.lambda(&params, &body, ps, ret, e.span);
            }
        }
        // `key=str.lower`: a method of a built-in type where a `Callable` is expected: a lambda
        // calling it on its first argument.
        if let (A::Attribute { value, attr }, Ty::Func(ps, ret)) = (&e.kind, &expected_r) {
            if self.is_builtin_type_name(value) && !ps.is_empty() {
                let params: Vec<ast::Ident> = (0..ps.len())
                    .map(|i| ast::Ident {
                        name: format!("arg{i}"),
                        span: e.span,
                    })
                    .collect();
                let name = |p: &ast::Ident| ast::Expr {
                    kind: A::Name(p.name.clone()),
                    span: e.span,
                };
                let body = ast::Expr {
                    kind: A::Call {
                        func: Box::new(ast::Expr {
                            kind: A::Attribute {
                                value: Box::new(name(&params[0])),
                                attr: attr.clone(),
                            },
                            span: e.span,
                        }),
                        args: params[1..].iter().map(name).collect(),
                        keywords: Vec::new(),
                    },
                    span: e.span,
                };
                return self.lambda(&params, &body, ps, ret, e.span);
            }
        }
        // Dict, set and tuple literals pass the expected item types down (empty `{}` too).
        match (&e.kind, &expected_r) {
            (A::Dict(pairs), Ty::Dict(k, v)) => {
                let pairs: Vec<(hir::Expr, hir::Expr)> = pairs
                    .iter()
                    .map(|(a, b)| (self.expr_expect(a, k), self.expr_expect(b, v)))
                    .collect();
                return mk(H::Dict(pairs), expected_r.clone(), e.span);
            }
            (A::Set(items), Ty::Set(t)) => {
                let items: Vec<hir::Expr> = items.iter().map(|i| self.expr_expect(i, t)).collect();
                return mk(H::Set(items), expected_r.clone(), e.span);
            }
            (A::Tuple(items), Ty::TupleOf(t)) => {
                let items: Vec<hir::Expr> = items.iter().map(|i| self.expr_expect(i, t)).collect();
                return mk(H::Tuple(items), expected_r.clone(), e.span);
            }
            (A::Tuple(items), Ty::Tuple(ts)) if items.len() == ts.len() => {
                let items: Vec<hir::Expr> = items
                    .iter()
                    .zip(ts)
                    .map(|(i, t)| self.expr_expect(i, t))
                    .collect();
                return mk(H::Tuple(items), expected_r.clone(), e.span);
            }
            _ => {}
        }
        // An empty list literal takes its element type from the context.
        if let (A::List(items), Ty::List(elem)) = (&e.kind, &expected_r) {
            let items: Vec<hir::Expr> = items.iter().map(|i| self.expr_expect(i, elem)).collect();
            return mk(H::List(items), expected_r.clone(), e.span);
        }
        let v = self.expr(e);
        self.coerce(v, expected)
    }

    /// A list value (a slice, a concatenation) as the `tuple[T, ...]` it is in Python.
    pub(super) fn to_tuple_of(&mut self, list: hir::Expr, elem: Ty) -> hir::Expr {
        let span = list.span;
        mk(
            H::Builtin {
                func: hir::Builtin::ToTupleOf,
                args: vec![list],
            },
            Ty::TupleOf(Box::new(elem)),
            span,
        )
    }

    /// `v` as a value of type `expected`: `Optional` values are wrapped or unwrapped where
    /// the other side needs it; otherwise the types must unify.
    pub(super) fn coerce(&mut self, v: hir::Expr, expected: &Ty) -> hir::Expr {
        let exp = self.fcx.infer.resolve(expected);
        let found = self.fcx.infer.resolve(&v.ty);
        let span = v.span;
        match (&exp, &found) {
            (Ty::Optional(_), Ty::None) => return hir::Expr { ty: exp, ..v },
            (Ty::Optional(inner), f)
                if !matches!(f, Ty::Optional(_) | Ty::Var(_)) && self.fcx.infer.unify(inner, f) =>
            {
                return mk(H::Some(Box::new(v)), exp, span);
            }
            (e, Ty::Optional(inner))
                if !matches!(e, Ty::Optional(_) | Ty::Var(_) | Ty::Error)
                    && self.fcx.infer.unify(e, inner) =>
            {
                return mk(H::Unwrap(Box::new(v)), exp, span);
            }
            // A fixed-shape tuple whose items share the type a `tuple[T, ...]` needs.
            (Ty::TupleOf(elem), Ty::Tuple(ts))
                if ts.len() <= 12 && ts.iter().all(|t| self.fcx.infer.unify(elem, t)) =>
            {
                if let H::Tuple(_) = v.kind {
                    // A literal is built as a `tuple[T, ...]` at once.
                    return hir::Expr { ty: exp, ..v };
                }
                return mk(
                    H::Builtin {
                        func: hir::Builtin::ToTupleOf,
                        args: vec![v],
                    },
                    exp,
                    span,
                );
            }
            // A narrowed value (`isinstance`) where its own class or a base is expected: the
            // value itself, not a copy of the subclass instance.
            (Ty::Class(_), Ty::Class(_)) if matches!(v.kind, H::Downcast(_)) => {
                let H::Downcast(inner) = v.kind else {
                    return v;
                };
                return self.coerce(*inner, expected);
            }
            // A subclass instance where its base class is expected.
            (Ty::Class(base), Ty::Class(c)) if self.derives_from_class(c, base) => {
                return mk(H::Upcast(Box::new(v)), exp, span);
            }
            // `self` as a value of its class: where the class is used polymorphically, `self`
            // (one class's struct) becomes a value of the enum over the family.
            (Ty::Class(base), Ty::Class(c)) if base == c && self.is_self(&v) => {
                return mk(H::Upcast(Box::new(v)), exp, span);
            }
            (Ty::Optional(inner), Ty::Class(c)) if matches!(&**inner, Ty::Class(base) if self.derives_from_class(c, base)) =>
            {
                let up = mk(H::Upcast(Box::new(v)), (**inner).clone(), span);
                return mk(H::Some(Box::new(up)), exp, span);
            }
            _ => {}
        }
        if !self.fcx.infer.unify(expected, &v.ty) {
            self.mismatch(expected, &v.ty, span);
        }
        v
    }

    /// A caught exception of a user class with fields, as the class's object.
    pub(super) fn exception_object(&mut self, v: hir::Expr) -> hir::Expr {
        match self.fcx.infer.resolve(&v.ty) {
            Ty::Exception(name) if self.class_ids.contains_key(&name) => {
                let span = v.span;
                mk(
                    H::ExcPayload {
                        exc: Box::new(v),
                        class: name.clone(),
                    },
                    Ty::Class(name),
                    span,
                )
            }
            _ => v,
        }
    }

    /// An `Optional` operand used as its value.
    pub(super) fn unwrap_opt(&mut self, v: hir::Expr) -> hir::Expr {
        match self.fcx.infer.resolve(&v.ty) {
            Ty::Optional(inner) => {
                let span = v.span;
                mk(H::Unwrap(Box::new(v)), *inner, span)
            }
            _ => v,
        }
    }

    /// Python truthiness as a `bool` expression.
    pub(super) fn truthy(&mut self, e: hir::Expr) -> hir::Expr {
        match self.fcx.infer.resolve(&e.ty) {
            Ty::Bool | Ty::Error => e,
            Ty::Var(_) => {
                self.error(
                    Code::CannotInfer,
                    "cannot infer the type of this condition",
                    e.span,
                    "type unknown",
                );
                e
            }
            _ => {
                let span = e.span;
                mk(H::Truthy(Box::new(e)), Ty::Bool, span)
            }
        }
    }

    pub(super) fn expr(&mut self, e: &ast::Expr) -> hir::Expr {
        let span = e.span;
        match &e.kind {
            A::Int(n) => mk(H::Int(*n), Ty::Int, span),
            A::Float(x) => mk(H::Float(*x), Ty::Float, span),
            A::Bool(b) => mk(H::Bool(*b), Ty::Bool, span),
            A::Str(s) => mk(H::Str(s.clone()), Ty::Str, span),
            A::None => mk(H::None, Ty::None, span),
            A::Error => self.error_expr(span),
            A::Ellipsis => {
                self.error(
                    Code::Unsupported,
                    "`...` (Ellipsis) as a value is not supported by Roast",
                    span,
                    "Ellipsis",
                );
                self.error_expr(span)
            }
            A::Name(name) => self.name(name, span),
            A::List(items) => {
                let elem = self.fcx.infer.fresh();
                let items: Vec<hir::Expr> =
                    items.iter().map(|i| self.expr_expect(i, &elem)).collect();
                let elem = self.fcx.infer.resolve(&elem);
                mk(H::List(items), Ty::list(elem), span)
            }
            // `"%d items" % n`: printf-style formatting of a literal, as an f-string.
            A::BinOp {
                left,
                op: ast::BinOp::Mod,
                right,
            } if matches!(left.kind, A::Str(_)) => {
                let A::Str(fmt) = &left.kind else {
                    return self.error_expr(span);
                };
                match percent_format(fmt, right, span) {
                    Ok(parts) => {
                        let parts = self.fstring(&parts);
                        mk(H::FString(parts), Ty::Str, span)
                    }
                    Err(why) => {
                        self.error(Code::Unsupported, why, left.span, "format string")
                            .help = Some("write it as an f-string".into());
                        self.error_expr(span)
                    }
                }
            }
            A::BinOp { left, op, right } => {
                let l = self.expr(left);
                let l = self.unwrap_opt(l);
                let r = self.expr(right);
                let r = self.unwrap_opt(r);
                self.binary(*op, l, r, span)
            }
            A::UnaryOp { op, operand } => {
                let v = self.expr(operand);
                self.unary(*op, v, span)
            }
            A::BoolOp { op, values } => {
                let mut it = values.iter();
                let Some(first) = it.next() else {
                    return self.error_expr(span);
                };
                let mut acc = self.expr(first);
                // `x is not None and x.f`, `isinstance(s, Circle) and s.r > 1`: what the
                // operands before tell holds in the ones after.
                let mut scope = Narrowing::default();
                let mut prev = first;
                for v in it {
                    if *op == ast::BoolOp::And {
                        self.narrow(prev, &mut scope);
                    }
                    let r = self.expr(v);
                    acc = self.bool_op(*op, acc, r, span);
                    prev = v;
                }
                self.unnarrow(scope);
                acc
            }
            A::Compare { left, ops } => self.compare(left, ops, span),
            A::IfExp { test, body, orelse } => {
                let cond = self.condition(test);
                let mut scope = Narrowing::default();
                self.narrow(test, &mut scope);
                let mut then = self.expr(body);
                self.unnarrow(scope);
                // `x if c else None` / `None if c else x`: an `Optional`.
                let els = if self.fcx.infer.resolve(&then.ty) == Ty::None
                    && !matches!(orelse.kind, A::None)
                {
                    let els = self.expr(orelse);
                    let opt = Ty::Optional(Box::new(self.fcx.infer.resolve(&els.ty)));
                    then = self.coerce(then, &opt);
                    self.coerce(els, &opt)
                } else if matches!(orelse.kind, A::None)
                    && !matches!(self.fcx.infer.resolve(&then.ty), Ty::None | Ty::Optional(_))
                {
                    let opt = Ty::Optional(Box::new(self.fcx.infer.resolve(&then.ty)));
                    then = self.coerce(then, &opt);
                    self.expr_expect(orelse, &opt)
                } else {
                    self.expr_expect(orelse, &then.ty)
                };
                let ty = then.ty.clone();
                mk(
                    H::IfExp {
                        cond: Box::new(cond),
                        then: Box::new(then),
                        els: Box::new(els),
                    },
                    ty,
                    span,
                )
            }
            A::Subscript { value, index } => self.subscript(value, index, span),
            A::Call {
                func,
                args,
                keywords,
            } => self.call(func, args, keywords, span),
            A::Attribute { value, attr } => self.attribute(value, attr, span),
            A::FString(parts) => {
                let parts = self.fstring(parts);
                mk(H::FString(parts), Ty::Str, span)
            }
            A::Slice { .. } => {
                self.error(
                    Code::Syntax,
                    "a slice is only allowed inside `[...]`",
                    span,
                    "slice",
                );
                self.error_expr(span)
            }
            A::Tuple(items) => {
                let items: Vec<hir::Expr> = items.iter().map(|i| self.expr(i)).collect();
                let ty = Ty::Tuple(items.iter().map(|i| i.ty.clone()).collect());
                mk(H::Tuple(items), ty, span)
            }
            A::Dict(pairs) => {
                let (k, v) = (self.fcx.infer.fresh(), self.fcx.infer.fresh());
                let pairs: Vec<(hir::Expr, hir::Expr)> = pairs
                    .iter()
                    .map(|(a, b)| (self.expr_expect(a, &k), self.expr_expect(b, &v)))
                    .collect();
                let ty = Ty::Dict(
                    Box::new(self.fcx.infer.resolve(&k)),
                    Box::new(self.fcx.infer.resolve(&v)),
                );
                self.check_hashable(&ty, span);
                mk(H::Dict(pairs), ty, span)
            }
            A::Set(items) => {
                let elem = self.fcx.infer.fresh();
                let items: Vec<hir::Expr> =
                    items.iter().map(|i| self.expr_expect(i, &elem)).collect();
                let ty = Ty::Set(Box::new(self.fcx.infer.resolve(&elem)));
                self.check_hashable(&ty, span);
                mk(H::Set(items), ty, span)
            }
            A::ListComp { elt, generators } | A::GeneratorExp { elt, generators } => {
                self.comprehension(elt, generators, span)
            }
            A::SetComp { elt, generators } => {
                let list = self.comprehension(elt, generators, span);
                match list.kind {
                    H::Comprehension { elt, gens } => {
                        let ty = Ty::Set(Box::new(elt.ty.clone()));
                        mk(H::SetComp { elt, gens }, ty, span)
                    }
                    other => mk(other, Ty::Error, span),
                }
            }
            A::DictComp {
                key,
                value,
                generators,
            } => {
                let pair = ast::Expr {
                    kind: A::Tuple(vec![(**key).clone(), (**value).clone()]),
                    span,
                };
                let list = self.comprehension(&pair, generators, span);
                match list.kind {
                    H::Comprehension { elt, gens } => match elt.kind {
                        H::Tuple(mut kv) if kv.len() == 2 => {
                            let value = kv.pop().map(Box::new);
                            let key = kv.pop().map(Box::new);
                            let (Some(key), Some(value)) = (key, value) else {
                                return self.error_expr(span);
                            };
                            let ty = Ty::Dict(Box::new(key.ty.clone()), Box::new(value.ty.clone()));
                            mk(H::DictComp { key, value, gens }, ty, span)
                        }
                        _ => self.error_expr(span),
                    },
                    other => mk(other, Ty::Error, span),
                }
            }
            A::Starred(_) => {
                self.error(
                    Code::Unsupported,
                    "`*xs` argument unpacking is only supported in `print(...)`",
                    span,
                    "argument unpacking",
                )
                .help = Some("pass the arguments one by one".into());
                self.error_expr(span)
            }
            A::Lambda { .. } => {
                self.error(Code::CannotInfer, "cannot infer the parameter types of this lambda", span, "lambda").help =
                    Some("annotate where it goes, e.g. `f: Callable[[int], int] = lambda x: x + 1`, or use `def`".into());
                self.error_expr(span)
            }
        }
    }

    /// Dict keys and set elements must be hashable: no lists, dicts or sets (and no floats yet).
    pub(super) fn check_hashable(&mut self, ty: &Ty, span: Span) {
        let classes: Vec<String> = self
            .classes
            .iter()
            .filter(|c| c.has_hash || c.frozen)
            .map(|c| c.name.clone())
            .collect();
        let hashable = |t: &Ty| hashable_with(t, &classes);
        fn hashable_with(t: &Ty, classes: &[String]) -> bool {
            match t {
                Ty::Class(c) => classes.contains(c),
                Ty::Tuple(ts) => ts.iter().all(|t| hashable_with(t, classes)),
                Ty::Optional(t) | Ty::TupleOf(t) => hashable_with(t, classes),
                Ty::Int | Ty::Bool | Ty::Str | Ty::Var(_) | Ty::Error | Ty::None => true,
                _ => false,
            }
        }
        let key = match ty {
            Ty::Dict(k, _) => k,
            Ty::Set(t) => t,
            _ => return,
        };
        if !hashable(key) {
            let d = self.error(
                Code::TypeMismatch,
                format!("`{key}` cannot be a dict key or set element"),
                span,
                "not hashable in Roast",
            );
            d.help = Some(if **key == Ty::Float {
                "float keys are not supported yet; use int or str keys".into()
            } else {
                "use a tuple instead of a list, or a str".into()
            });
        }
    }

    fn comprehension(
        &mut self,
        elt: &ast::Expr,
        generators: &[ast::Comprehension],
        span: Span,
    ) -> hir::Expr {
        let mut saved = Vec::new();
        let mut gens = Vec::new();
        for g in generators {
            let Some((iter, item)) = self.iterable(&g.iter) else {
                self.restore_scope(saved);
                return self.error_expr(span);
            };
            let Some(target) = self.comp_target(&g.target, &item, &mut saved) else {
                self.restore_scope(saved);
                return self.error_expr(span);
            };
            let ifs = g.ifs.iter().map(|c| self.condition(c)).collect();
            gens.push(hir::CompFor { target, iter, ifs });
        }
        let narrowed: Vec<hir::LocalId> = generators
            .iter()
            .flat_map(|g| g.ifs.iter().flat_map(|c| self.not_none_names(c)))
            .collect();
        let added: Vec<hir::LocalId> = narrowed
            .into_iter()
            .filter(|id| self.fcx.narrowed.insert(*id))
            .collect();
        let elt = self.expr(elt);
        for id in added {
            self.fcx.narrowed.remove(&id);
        }
        self.restore_scope(saved);
        let ty = Ty::list(elt.ty.clone());
        mk(
            H::Comprehension {
                elt: Box::new(elt),
                gens,
            },
            ty,
            span,
        )
    }

    fn comp_target(
        &mut self,
        target: &ast::Expr,
        item: &Ty,
        saved: &mut Vec<(String, Option<hir::LocalId>)>,
    ) -> Option<hir::Target> {
        match &target.kind {
            A::Name(name) => Some(hir::Target::Local(self.new_scoped_local(
                name,
                item.clone(),
                target.span,
                saved,
            ))),
            A::Tuple(items) | A::List(items) => {
                let types = self.unpack_types(item, items.len(), target.span)?;
                let mut parts = Vec::new();
                for (t, ty) in items.iter().zip(&types) {
                    parts.push(self.comp_target(t, ty, saved)?);
                }
                Some(hir::Target::Tuple(parts))
            }
            _ => {
                self.error(
                    Code::Unsupported,
                    "this comprehension target is not supported",
                    target.span,
                    "use names or a tuple of names",
                );
                None
            }
        }
    }

    /// `type(x).__name__`: the class name, known from the type, or at run time for a caught
    /// exception (which may be of a subclass of the class caught).
    fn type_name_of(&mut self, x: &ast::Expr, span: Span) -> hir::Expr {
        let v = self.expr(x);
        let ty = self.fcx.infer.resolve(&v.ty);
        let name = match &ty {
            Ty::Exception(_) => {
                return mk(
                    H::Method {
                        method: hir::Method::ExcClassName,
                        receiver: Box::new(v),
                        args: Vec::new(),
                    },
                    Ty::Str,
                    span,
                );
            }
            Ty::Int => "int",
            Ty::Float => "float",
            Ty::Bool => "bool",
            Ty::Str => "str",
            Ty::None => "NoneType",
            Ty::List(_) => "list",
            Ty::Dict(..) => "dict",
            Ty::Set(_) => "set",
            Ty::Tuple(_) | Ty::TupleOf(_) => "tuple",
            Ty::Class(c) if !self.class_parent.values().any(|p| p == c) => {
                let name = c.split('[').next().unwrap_or(c).to_string();
                return mk(H::Str(name), Ty::Str, span);
            }
            Ty::Error => return self.error_expr(span),
            other => {
                self.error(
                    Code::Unsupported,
                    format!("`type(...).__name__` of a `{other}` is not supported by Roast"),
                    x.span,
                    "here",
                )
                .help =
                    Some("a class with subclasses can hold any of them; use `isinstance`".into());
                return self.error_expr(span);
            }
        };
        mk(H::Str(name.to_string()), Ty::Str, span)
    }

    /// A nested function used as a value (`return key`): a closure calling the lifted function
    /// with the variables it reads from the enclosing function, as a lambda would.
    fn nested_value(
        &mut self,
        id: hir::FuncId,
        captured: &[hir::LocalId],
        span: Span,
    ) -> hir::Expr {
        let sig = self.sigs[id.0 as usize].clone();
        let own = sig.params.len().saturating_sub(captured.len());
        let ps: Vec<Ty> = sig.params[..own].iter().map(|p| p.ty.clone()).collect();
        let mut saved = Vec::new();
        let ids: Vec<hir::LocalId> = sig.params[..own]
            .iter()
            .map(|p| self.new_scoped_local(&p.name, p.ty.clone(), span, &mut saved))
            .collect();
        self.restore_scope(saved);
        let mut args: Vec<hir::Expr> = ids
            .iter()
            .zip(&ps)
            .map(|(l, t)| mk(H::Local(*l), t.clone(), span))
            .collect();
        for l in captured {
            let ty = self.fcx.infer.resolve(&self.fcx.locals[l.0 as usize].ty);
            args.push(mk(H::Local(*l), ty, span));
        }
        let body = mk(H::Call { func: id, args }, sig.ret.clone(), span);
        mk(
            H::Lambda {
                params: ids,
                body: Box::new(body),
            },
            Ty::Func(ps, Box::new(sig.ret)),
            span,
        )
    }

    /// `lambda params: body` as a `Callable[[ps], ret]`.
    fn lambda(
        &mut self,
        params: &[ast::Ident],
        body: &ast::Expr,
        ps: &[Ty],
        ret: &Ty,
        span: Span,
    ) -> hir::Expr {
        if params.len() != ps.len() {
            self.error(
                Code::Arguments,
                format!(
                    "this lambda takes {} parameter{}, but a `Callable` of {} is expected",
                    params.len(),
                    plural(params.len()),
                    ps.len()
                ),
                span,
                "parameter count",
            );
            return self.error_expr(span);
        }
        let mut saved = Vec::new();
        let ids: Vec<hir::LocalId> = params
            .iter()
            .zip(ps)
            .map(|(p, t)| self.new_scoped_local(&p.name, t.clone(), p.span, &mut saved))
            .collect();
        let b = self.expr_expect(body, ret);
        self.restore_scope(saved);
        mk(
            H::Lambda {
                params: ids,
                body: Box::new(b),
            },
            Ty::Func(ps.to_vec(), Box::new(ret.clone())),
            span,
        )
    }

    /// The `Optional` locals a condition proves are not `None` when it is true
    /// (`x is not None`, and each side of an `and`).
    pub(super) fn not_none_names(&self, c: &ast::Expr) -> Vec<hir::LocalId> {
        match &c.kind {
            A::Compare { left, ops } => match (&left.kind, ops.as_slice()) {
                (A::Name(n), [(ast::CmpOp::IsNot, r)]) if matches!(r.kind, A::None) => {
                    self.fcx.scope.get(n).copied().into_iter().collect()
                }
                _ => Vec::new(),
            },
            A::BoolOp {
                op: ast::BoolOp::And,
                values,
            } => values.iter().flat_map(|v| self.not_none_names(v)).collect(),
            _ => Vec::new(),
        }
    }

    /// Makes what condition `c` says hold (`x is not None`, `isinstance(s, Circle)`) until
    /// `unnarrow(scope)`.
    pub(super) fn narrow(&mut self, c: &ast::Expr, scope: &mut Narrowing) {
        for id in self.not_none_names(c) {
            if self.fcx.narrowed.insert(id) {
                scope.not_none.push(id);
            }
        }
        for (id, class) in self.isinstance_names(c) {
            if !self.fcx.downcasts.contains_key(&id) {
                self.fcx.downcasts.insert(id, class);
                scope.downcasts.push(id);
            }
        }
    }

    pub(super) fn unnarrow(&mut self, scope: Narrowing) {
        for id in scope.not_none {
            self.fcx.narrowed.remove(&id);
        }
        for id in scope.downcasts {
            self.fcx.downcasts.remove(&id);
        }
    }

    /// The base-class locals `c` (an `if` condition) tests with `isinstance(x, Sub)`, with
    /// `Sub`: a class with no subclasses of its own, deriving from `x`'s class.
    pub(super) fn isinstance_names(&self, c: &ast::Expr) -> Vec<(hir::LocalId, String)> {
        match &c.kind {
            A::Call { func, args, .. } if matches!(&func.kind, A::Name(n) if n == "isinstance" && !self.fcx.scope.contains_key(n)) =>
            {
                let [value, class] = args.as_slice() else {
                    return Vec::new();
                };
                let (A::Name(x), A::Name(sub)) = (&value.kind, &class.kind) else {
                    return Vec::new();
                };
                let Some(&id) = self.fcx.scope.get(x) else {
                    return Vec::new();
                };
                let Ty::Class(base) = self.fcx.infer.resolve(&self.fcx.locals[id.0 as usize].ty)
                else {
                    return Vec::new();
                };
                let leaf = !self.class_parent.values().any(|p| p == sub);
                if leaf && self.derives_from_class(sub, &base) {
                    vec![(id, sub.clone())]
                } else {
                    Vec::new()
                }
            }
            A::BoolOp {
                op: ast::BoolOp::And,
                values,
            } => values
                .iter()
                .flat_map(|v| self.isinstance_names(v))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// A call of a `Callable` value.
    pub(super) fn call_value(
        &mut self,
        callee: hir::Expr,
        args: &[ast::Expr],
        span: Span,
    ) -> hir::Expr {
        let Ty::Func(ps, ret) = self.fcx.infer.resolve(&callee.ty) else {
            return self.error_expr(span);
        };
        if ps.len() != args.len() {
            self.error(
                Code::Arguments,
                format!(
                    "this function takes {} argument{} ({} given)",
                    ps.len(),
                    plural(ps.len()),
                    args.len()
                ),
                span,
                "wrong number of arguments",
            );
            return self.error_expr(span);
        }
        let args = args
            .iter()
            .zip(&ps)
            .map(|(a, p)| self.expr_expect(a, p))
            .collect();
        mk(
            H::CallValue {
                callee: Box::new(callee),
                args,
            },
            *ret,
            span,
        )
    }

    /// A `key=` function over elements of type `elem`: a lambda, or any callable name (`len`,
    /// a user function), as a `Lambda` of one parameter.
    pub(super) fn key_function(&mut self, key: &ast::Expr, elem: &Ty) -> hir::Expr {
        let f = self.key_function_any(key, elem);
        let ty = self.fcx.infer.resolve(&f.ty);
        if !matches!(ty, Ty::Error) && !super::builtins::orderable(&ty) {
            self.error(
                Code::TypeMismatch,
                format!("a key function must return something orderable, not `{ty}`"),
                key.span,
                "key",
            );
        }
        f
    }

    /// A one-parameter function over `elem` (a lambda or any callable name) as a `Lambda`
    /// whose type is its result type.
    pub(super) fn key_function_any(&mut self, key: &ast::Expr, elem: &Ty) -> hir::Expr {
        let mut saved = Vec::new();
        let (param, body) = match &key.kind {
            A::Lambda { params, body } => {
                let [p] = params.as_slice() else {
                    self.error(
                        Code::Arguments,
                        "a key function takes exactly one argument",
                        key.span,
                        "wrong number of parameters",
                    );
                    return self.error_expr(key.span);
                };
                let id = self.new_scoped_local(&p.name, elem.clone(), p.span, &mut saved);
                (id, self.expr(body))
            }
            _ => {
                let id = self.new_scoped_local("item", elem.clone(), key.span, &mut saved);
                let arg = ast::Expr {
                    kind: A::Name("item".into()),
                    span: key.span,
                };
                // `key=str.lower`: the method called on the item.
                let unbound = match &key.kind {
                    A::Attribute { value, attr } if self.is_builtin_type_name(value) => {
                        Some(attr.clone())
                    }
                    _ => None,
                };
                let call = match unbound {
                    Some(attr) => ast::Expr {
                        kind: A::Call {
                            func: Box::new(ast::Expr {
                                kind: A::Attribute {
                                    value: Box::new(arg),
                                    attr,
                                },
                                span: key.span,
                            }),
                            args: Vec::new(),
                            keywords: Vec::new(),
                        },
                        span: key.span,
                    },
                    None => ast::Expr {
                        kind: A::Call {
                            func: Box::new(key.clone()),
                            args: vec![arg],
                            keywords: Vec::new(),
                        },
                        span: key.span,
                    },
                };
                (id, self.expr(&call))
            }
        };
        self.restore_scope(saved);
        let ty = self.fcx.infer.resolve(&body.ty);
        mk(
            H::Lambda {
                params: vec![param],
                body: Box::new(body),
            },
            ty,
            key.span,
        )
    }

    fn name(&mut self, name: &str, span: Span) -> hir::Expr {
        if let Some(&id) = self.fcx.scope.get(name) {
            let ty = self.fcx.locals[id.0 as usize].ty.clone();
            if self.fcx.narrowed.contains(&id) {
                if let Ty::Optional(inner) = self.fcx.infer.resolve(&ty) {
                    let local = mk(H::Local(id), ty, span);
                    return mk(H::Unwrap(Box::new(local)), *inner, span);
                }
            }
            if let Some(class) = self.fcx.downcasts.get(&id).cloned() {
                let local = mk(H::Local(id), ty, span);
                return mk(H::Downcast(Box::new(local)), Ty::Class(class), span);
            }
            return mk(H::Local(id), ty, span);
        }
        if let Some(&id) = self.global_ids.get(name) {
            let ty = self.globals[id.0 as usize].ty.clone();
            return mk(H::Global(id), ty, span);
        }
        if name == "__name__" && !self.fcx.assigned.contains(name) {
            return mk(H::Str("__main__".into()), Ty::Str, span);
        }
        if self.fcx.assigned.contains(name) {
            self.error(
                Code::UnknownName,
                format!("`{name}` is used before it is assigned"),
                span,
                "not assigned yet",
            )
            .help = Some("assign it before this line; Python would raise UnboundLocalError".into());
            return self.error_expr(span);
        }
        if let Some(&id) = self.global_ids.get(name) {
            let ty = self.globals[id.0 as usize].ty.clone();
            return mk(H::Global(id), ty, span);
        }
        if let Some(path) = self.imported_names.get(name).cloned() {
            if let Some(e) = self.module_constant(&path, span) {
                return e;
            }
        }
        if let Some((id, captured)) = self.fcx.nested.get(name).cloned() {
            return self.nested_value(id, &captured, span);
        }
        if let Some(&id) = self.func_ids.get(name) {
            if matches!(self.kinds.get(id.0 as usize), Some(hir::FnKind::Function)) {
                let sig = &self.sigs[id.0 as usize];
                let ty = Ty::Func(
                    sig.params.iter().map(|p| p.ty.clone()).collect(),
                    Box::new(sig.ret.clone()),
                );
                return mk(H::FuncRef(id), ty, span);
            }
        }
        if self.func_ids.contains_key(name) || super::builtins::BUILTIN_NAMES.contains(&name) {
            self.error(
                Code::Unsupported,
                format!("the function `{name}` can only be called here, not used as a value"),
                span,
                "function used as a value",
            )
            .help = Some("functions as values arrive with lambdas and `Callable`".into());
            return self.error_expr(span);
        }
        if self.modules.contains(name) {
            self.error(
                Code::TypeMismatch,
                format!("module `{name}` cannot be used as a value"),
                span,
                "module",
            );
            return self.error_expr(span);
        }
        self.unknown_name(name, span);
        self.error_expr(span)
    }

    pub(super) fn binary(
        &mut self,
        op: ast::BinOp,
        l: hir::Expr,
        r: hir::Expr,
        span: Span,
    ) -> hir::Expr {
        let lt = self.fcx.infer.resolve(&l.ty);
        let rt = self.fcx.infer.resolve(&r.ty);
        if lt == Ty::Error || rt == Ty::Error {
            return self.error_expr(span);
        }
        let arith = match op {
            ast::BinOp::Add => Arith::Add,
            ast::BinOp::Sub => Arith::Sub,
            ast::BinOp::Mul => Arith::Mul,
            ast::BinOp::Div => Arith::Div,
            ast::BinOp::FloorDiv => Arith::FloorDiv,
            ast::BinOp::Mod => Arith::Mod,
            ast::BinOp::Pow => Arith::Pow,
            ast::BinOp::BitAnd => Arith::BitAnd,
            ast::BinOp::BitOr => Arith::BitOr,
            ast::BinOp::BitXor => Arith::BitXor,
            ast::BinOp::LShift => Arith::LShift,
            ast::BinOp::RShift => Arith::RShift,
            ast::BinOp::MatMul => {
                self.error(
                    Code::Unsupported,
                    "the `@` operator is not supported by Roast",
                    span,
                    "matrix multiplication",
                );
                return self.error_expr(span);
            }
        };
        if let Some(call) = self.dunder_binary(arith, &l, &r, span) {
            return call;
        }
        let bin = |op, l: hir::Expr, r: hir::Expr, ty: Ty| {
            mk(
                H::Binary {
                    op,
                    left: Box::new(l),
                    right: Box::new(r),
                },
                ty,
                span,
            )
        };
        let int_ops_only = matches!(
            arith,
            Arith::BitAnd | Arith::BitOr | Arith::BitXor | Arith::LShift | Arith::RShift
        );
        match (&lt, &rt) {
            _ if lt.is_numeric() && rt.is_numeric() => {
                let (l, lt) = self.bool_as_int(l, lt);
                let (r, rt) = self.bool_as_int(r, rt);
                if int_ops_only {
                    if lt == Ty::Int && rt == Ty::Int {
                        return bin(arith, l, r, Ty::Int);
                    }
                    return self.bad_operands(op, &lt, &rt, span);
                }
                match (lt, rt, arith) {
                    (Ty::Int, Ty::Int, Arith::Div) => mk(
                        H::Binary {
                            op: Arith::Div,
                            left: Box::new(l),
                            right: Box::new(r),
                        },
                        Ty::Float,
                        span,
                    ),
                    (Ty::Int, Ty::Int, Arith::Pow) => {
                        if let H::Neg(inner) | H::IntToFloat(inner) = &r.kind {
                            if matches!(inner.kind, H::Int(_)) {
                                let l = self.to_float(l);
                                let r = self.to_float(r);
                                return bin(Arith::Pow, l, r, Ty::Float);
                            }
                        }
                        if let H::Int(n) = r.kind {
                            if n < 0 {
                                let l = self.to_float(l);
                                let r = self.to_float(r);
                                return bin(Arith::Pow, l, r, Ty::Float);
                            }
                        }
                        bin(Arith::Pow, l, r, Ty::Int)
                    }
                    (Ty::Int, Ty::Int, _) => bin(arith, l, r, Ty::Int),
                    _ => {
                        let l = self.to_float(l);
                        let r = self.to_float(r);
                        bin(arith, l, r, Ty::Float)
                    }
                }
            }
            (Ty::Str, Ty::Str) if arith == Arith::Add => bin(Arith::Add, l, r, Ty::Str),
            (Ty::Set(_), Ty::Set(_))
                if matches!(
                    arith,
                    Arith::BitOr | Arith::BitAnd | Arith::Sub | Arith::BitXor
                ) =>
            {
                if !self.fcx.infer.unify(&lt, &rt) {
                    return self.bad_operands(op, &lt, &rt, span);
                }
                let method = match arith {
                    Arith::BitOr => hir::Method::SetUnion,
                    Arith::BitAnd => hir::Method::SetIntersection,
                    Arith::Sub => hir::Method::SetDifference,
                    _ => hir::Method::SetSymmetricDifference,
                };
                let ty = self.fcx.infer.resolve(&lt);
                mk(
                    H::Method {
                        method,
                        receiver: Box::new(l),
                        args: vec![r],
                    },
                    ty,
                    span,
                )
            }
            (Ty::TupleOf(_), Ty::TupleOf(_) | Ty::Tuple(_)) | (Ty::Tuple(_), Ty::TupleOf(_))
                if arith == Arith::Add =>
            {
                let ty = if matches!(lt, Ty::TupleOf(_)) { lt } else { rt };
                let (l, r) = (self.coerce(l, &ty), self.coerce(r, &ty));
                let Ty::TupleOf(elem) = self.fcx.infer.resolve(&ty) else {
                    return self.error_expr(span);
                };
                let list = bin(Arith::Add, l, r, Ty::List(elem.clone()));
                self.to_tuple_of(list, *elem)
            }
            (Ty::TupleOf(elem), Ty::Int | Ty::Bool) | (Ty::Int | Ty::Bool, Ty::TupleOf(elem))
                if arith == Arith::Mul =>
            {
                let elem = (**elem).clone();
                let (seq, count, ct) = if matches!(lt, Ty::TupleOf(_)) {
                    (l, r, rt)
                } else {
                    (r, l, lt)
                };
                let (count, _) = self.bool_as_int(count, ct);
                let list = mk(
                    H::Repeat {
                        seq: Box::new(seq),
                        count: Box::new(count),
                    },
                    Ty::list(elem.clone()),
                    span,
                );
                self.to_tuple_of(list, elem)
            }
            (Ty::List(_), Ty::List(_)) if arith == Arith::Add => {
                if !self.fcx.infer.unify(&lt, &rt) {
                    return self.bad_operands(op, &lt, &rt, span);
                }
                let ty = self.fcx.infer.resolve(&lt);
                bin(Arith::Add, l, r, ty)
            }
            (Ty::Str | Ty::List(_), Ty::Int | Ty::Bool) if arith == Arith::Mul => {
                let (r, _) = self.bool_as_int(r, rt.clone());
                mk(
                    H::Repeat {
                        seq: Box::new(l),
                        count: Box::new(r),
                    },
                    lt,
                    span,
                )
            }
            (Ty::Int | Ty::Bool, Ty::Str | Ty::List(_)) if arith == Arith::Mul => {
                let (l, _) = self.bool_as_int(l, lt.clone());
                mk(
                    H::Repeat {
                        seq: Box::new(r),
                        count: Box::new(l),
                    },
                    rt,
                    span,
                )
            }
            (Ty::Var(_), _) | (_, Ty::Var(_)) => {
                self.error(
                    Code::CannotInfer,
                    "cannot infer the operand types here",
                    span,
                    "type unknown",
                );
                self.error_expr(span)
            }
            _ => self.bad_operands(op, &lt, &rt, span),
        }
    }

    /// `a + b` on a class with `__add__` (and the other arithmetic dunders): a method call.
    fn dunder_binary(
        &mut self,
        op: Arith,
        l: &hir::Expr,
        r: &hir::Expr,
        span: Span,
    ) -> Option<hir::Expr> {
        let Ty::Class(class) = self.fcx.infer.resolve(&l.ty) else {
            return None;
        };
        let name = match op {
            Arith::Add => "__add__",
            Arith::Sub => "__sub__",
            Arith::Mul => "__mul__",
            Arith::Div => "__truediv__",
            Arith::FloorDiv => "__floordiv__",
            Arith::Mod => "__mod__",
            Arith::Pow => "__pow__",
            Arith::BitAnd => "__and__",
            Arith::BitOr => "__or__",
            Arith::BitXor => "__xor__",
            Arith::LShift => "__lshift__",
            Arith::RShift => "__rshift__",
        };
        let id = *self.func_ids.get(&format!("{class}.{name}"))?;
        Some(self.call_checked(id, vec![l.clone(), r.clone()], span))
    }

    /// A call of user function `id` with already-checked arguments (receiver first for
    /// methods), each converted to its parameter's type.
    pub(super) fn call_checked(
        &mut self,
        id: hir::FuncId,
        args: Vec<hir::Expr>,
        span: Span,
    ) -> hir::Expr {
        let sig = self.sigs[id.0 as usize].clone();
        if sig.params.len() != args.len() {
            self.error(
                Code::Arguments,
                format!(
                    "`{}` takes {} arguments here, {} given",
                    sig.name,
                    sig.params.len(),
                    args.len()
                ),
                span,
                "wrong number of arguments",
            );
            return self.error_expr(span);
        }
        let args = args
            .into_iter()
            .zip(&sig.params)
            .map(|(a, p)| self.coerce(a, &p.ty))
            .collect();
        mk(H::Call { func: id, args }, sig.ret.clone(), span)
    }

    fn bad_operands(&mut self, op: ast::BinOp, lt: &Ty, rt: &Ty, span: Span) -> hir::Expr {
        let d = self.error(
            Code::BadOperand,
            format!(
                "unsupported operand types for {}: `{lt}` and `{rt}`",
                op.symbol()
            ),
            span,
            format!("`{lt}` {} `{rt}`", op.symbol()),
        );
        if (*lt == Ty::Str && rt.is_numeric()) || (lt.is_numeric() && *rt == Ty::Str) {
            d.help = Some("convert the number with `str(...)`, or use an f-string".into());
        }
        self.error_expr(span)
    }

    fn bool_as_int(&mut self, e: hir::Expr, ty: Ty) -> (hir::Expr, Ty) {
        if ty == Ty::Bool {
            let span = e.span;
            (mk(H::BoolToInt(Box::new(e)), Ty::Int, span), Ty::Int)
        } else {
            (e, ty)
        }
    }

    pub(super) fn to_float(&mut self, e: hir::Expr) -> hir::Expr {
        match self.fcx.infer.resolve(&e.ty) {
            Ty::Float => e,
            Ty::Bool => {
                let span = e.span;
                let (i, _) = self.bool_as_int(e, Ty::Bool);
                mk(H::IntToFloat(Box::new(i)), Ty::Float, span)
            }
            _ => {
                let span = e.span;
                // A literal folds to a float when that is exact (beyond 2**53 it would round,
                // and `2**53 + 1 == 2.0**53` must compare the exact values).
                if let H::Int(n) = e.kind {
                    if n.unsigned_abs() <= 1 << 53 {
                        #[allow(clippy::cast_precision_loss)]
                        return mk(H::Float(n as f64), Ty::Float, span);
                    }
                }
                mk(H::IntToFloat(Box::new(e)), Ty::Float, span)
            }
        }
    }

    fn unary(&mut self, op: ast::UnaryOp, v: hir::Expr, span: Span) -> hir::Expr {
        let ty = self.fcx.infer.resolve(&v.ty);
        if let (Ty::Class(class), ast::UnaryOp::Neg | ast::UnaryOp::Pos) = (&ty, op) {
            let name = if op == ast::UnaryOp::Neg {
                "__neg__"
            } else {
                "__pos__"
            };
            if let Some(&id) = self.func_ids.get(&format!("{class}.{name}")) {
                return self.call_checked(id, vec![v], span);
            }
        }
        match op {
            ast::UnaryOp::Not => {
                let b = self.truthy(v);
                mk(H::Not(Box::new(b)), Ty::Bool, span)
            }
            ast::UnaryOp::Neg | ast::UnaryOp::Pos if ty.is_numeric() => {
                let (v, ty) = self.bool_as_int(v, ty);
                if op == ast::UnaryOp::Pos {
                    return v;
                }
                if let H::Int(n) = v.kind {
                    if let Some(m) = n.checked_neg() {
                        return mk(H::Int(m), Ty::Int, span);
                    }
                }
                mk(H::Neg(Box::new(v)), ty, span)
            }
            ast::UnaryOp::Invert if matches!(ty, Ty::Int | Ty::Bool) => {
                let (v, _) = self.bool_as_int(v, ty);
                mk(H::Invert(Box::new(v)), Ty::Int, span)
            }
            _ if ty == Ty::Error => self.error_expr(span),
            _ => {
                let sym = match op {
                    ast::UnaryOp::Neg => "-",
                    ast::UnaryOp::Pos => "+",
                    ast::UnaryOp::Invert => "~",
                    ast::UnaryOp::Not => "not",
                };
                self.error(
                    Code::BadOperand,
                    format!("bad operand type for unary {sym}: `{ty}`"),
                    span,
                    format!("a `{ty}`"),
                );
                self.error_expr(span)
            }
        }
    }

    fn bool_op(&mut self, op: ast::BoolOp, l: hir::Expr, r: hir::Expr, span: Span) -> hir::Expr {
        let lt = self.fcx.infer.resolve(&l.ty);
        let rt = self.fcx.infer.resolve(&r.ty);
        // `a and b` is the value of `a` or of `b`: both must have one type (bools mostly).
        let (l, r, ty) = if lt == rt {
            (l, r, lt)
        } else if lt.is_numeric() && rt.is_numeric() && (lt == Ty::Bool || rt == Ty::Bool) {
            // `x > 0 and flag`: mixing a bool with an int is only sound as two bools when the
            // int side is itself a comparison; otherwise Python would return the int.
            self.error(
                Code::TypeMismatch,
                format!("`{}` on a `{lt}` and a `{rt}`: Python returns one of the operands, so they need one type", if op == ast::BoolOp::And { "and" } else { "or" }),
                span,
                "operand types differ",
            )
            .help = Some("compare explicitly, e.g. `x != 0`".into());
            return self.error_expr(span);
        } else if !self.fcx.infer.unify(&lt, &rt) {
            self.error(
                Code::TypeMismatch,
                format!("`{}` on a `{lt}` and a `{rt}`: Python returns one of the operands, so they need one type", if op == ast::BoolOp::And { "and" } else { "or" }),
                span,
                "operand types differ",
            );
            return self.error_expr(span);
        } else {
            let ty = self.fcx.infer.resolve(&lt);
            (l, r, ty)
        };
        let kind = match op {
            ast::BoolOp::And => H::And(Box::new(l), Box::new(r)),
            ast::BoolOp::Or => H::Or(Box::new(l), Box::new(r)),
        };
        mk(kind, ty, span)
    }

    fn compare(
        &mut self,
        left: &ast::Expr,
        ops: &[(ast::CmpOp, ast::Expr)],
        span: Span,
    ) -> hir::Expr {
        let first = self.expr(left);
        let mut operands = vec![first];
        let mut pairs = Vec::new();
        for (op, right) in ops {
            let r = self.expr(right);
            let Some(l) = operands.last() else { break };
            let l = l.clone();
            match self.compare_pair(*op, l, r, span) {
                Some((l2, r2)) => {
                    if let Some(last) = operands.last_mut() {
                        *last = l2;
                    }
                    pairs.push(*op);
                    operands.push(r2);
                }
                None => return self.error_expr(span),
            }
        }
        let mut it = operands.into_iter();
        let Some(first) = it.next() else {
            return self.error_expr(span);
        };
        let rest: Vec<(ast::CmpOp, hir::Expr)> = pairs.into_iter().zip(it).collect();
        if rest.len() == 1 {
            let Some((op, right)) = rest.into_iter().next() else {
                return self.error_expr(span);
            };
            return mk(
                H::Compare {
                    op,
                    left: Box::new(first),
                    right: Box::new(right),
                },
                Ty::Bool,
                span,
            );
        }
        mk(
            H::ChainCompare {
                first: Box::new(first),
                rest,
            },
            Ty::Bool,
            span,
        )
    }

    /// Checks one comparison and converts its operands to a common type.
    fn compare_pair(
        &mut self,
        op: ast::CmpOp,
        l: hir::Expr,
        r: hir::Expr,
        span: Span,
    ) -> Option<(hir::Expr, hir::Expr)> {
        use ast::CmpOp as C;
        let lt = self.fcx.infer.resolve(&l.ty);
        let rt = self.fcx.infer.resolve(&r.ty);
        if lt == Ty::Error || rt == Ty::Error {
            return None;
        }
        match op {
            C::In | C::NotIn => {
                let l = self.unwrap_opt(l);
                let lt = self.fcx.infer.resolve(&l.ty);
                match &rt {
                    Ty::Str if lt == Ty::Str => return Some((l, r)),
                    Ty::Tuple(items)
                        if !items.is_empty() && items.iter().all(|t| *t == items[0]) =>
                    {
                        let elem = items[0].clone();
                        if self.fcx.infer.unify(&elem, &lt) {
                            return Some((l, r));
                        }
                        self.mismatch(&elem, &lt, l.span);
                        return None;
                    }
                    Ty::Class(class)
                        if self.func_ids.contains_key(&format!("{class}.__contains__")) =>
                    {
                        return Some((l, r));
                    }
                    Ty::Dict(elem, _) | Ty::Set(elem) => {
                        let elem = (**elem).clone();
                        if let (Ty::TupleOf(_), Ty::Tuple(_)) = (&elem, &lt) {
                            // `(1, 2) in seen` for a `set[tuple[int, ...]]`.
                            return Some((self.coerce(l, &elem), r));
                        }
                        if self.fcx.infer.unify(&elem, &lt) {
                            return Some((l, r));
                        }
                        self.mismatch(&elem, &lt, l.span);
                        return None;
                    }
                    Ty::List(elem) | Ty::TupleOf(elem) => {
                        let elem = (**elem).clone();
                        if self.fcx.infer.unify(&elem, &lt) {
                            return Some((l, r));
                        }
                        if elem == Ty::Float && lt.is_numeric() {
                            let l = self.to_float(l);
                            return Some((l, r));
                        }
                        self.mismatch(&elem, &lt, l.span);
                        return None;
                    }
                    _ => {}
                }
                self.error(
                    Code::BadOperand,
                    format!("`in` needs a list or str on its right, found `{rt}`"),
                    r.span,
                    "not a container",
                );
                None
            }
            C::Is | C::IsNot => {
                if rt == Ty::None || lt == Ty::None {
                    if (lt == Ty::None && rt == Ty::None)
                        || matches!(lt, Ty::Optional(_))
                        || matches!(rt, Ty::Optional(_))
                    {
                        return Some((l, r));
                    }
                    self.error(
                        Code::TypeMismatch,
                        format!(
                            "`is None` on a `{}` that can never be None",
                            if lt == Ty::None { &rt } else { &lt }
                        ),
                        span,
                        "always false",
                    )
                    .help = Some("`is None` needs an `Optional[...]` value".into());
                    return None;
                }
                self.error(
                    Code::Unsupported,
                    "`is` is only supported with `None`",
                    span,
                    "identity comparison",
                )
                .help = Some("use `==` to compare values".into());
                None
            }
            _ => {
                let (l, r) = if matches!(op, C::Eq | C::NotEq) {
                    (l, r)
                } else {
                    (self.unwrap_opt(l), self.unwrap_opt(r))
                };
                let lt = self.fcx.infer.resolve(&l.ty);
                let rt = self.fcx.infer.resolve(&r.ty);
                if matches!(op, C::Eq | C::NotEq) {
                    if let (Ty::Optional(inner), other) | (other, Ty::Optional(inner)) = (&lt, &rt)
                    {
                        if **inner == *other || *other == Ty::None {
                            let (l, r) = if matches!(lt, Ty::Optional(_)) {
                                (l, self.coerce(r, &lt))
                            } else {
                                (self.coerce(l, &rt), r)
                            };
                            return Some((l, r));
                        }
                    }
                }
                if lt.is_numeric() && rt.is_numeric() {
                    return Some(match (&lt, &rt) {
                        (Ty::Float, Ty::Float) | (Ty::Int, Ty::Int) | (Ty::Bool, Ty::Bool) => {
                            (l, r)
                        }
                        (Ty::Float, _) | (_, Ty::Float) => (self.to_float(l), self.to_float(r)),
                        _ => (
                            self.bool_as_int(l, lt.clone()).0,
                            self.bool_as_int(r, rt.clone()).0,
                        ),
                    });
                }
                let ordered = !matches!(op, C::Eq | C::NotEq);
                // Tuples of different lengths, or a fixed-shape tuple and a `tuple[T, ...]`,
                // compare item by item as `tuple[T, ...]`s.
                let (l, r, lt, rt) = match (&lt, &rt) {
                    (Ty::TupleOf(_), Ty::Tuple(_)) => (l, self.coerce(r, &lt), lt.clone(), lt),
                    (Ty::Tuple(_), Ty::TupleOf(_)) => (self.coerce(l, &rt), r, rt.clone(), rt),
                    (Ty::Tuple(a), Ty::Tuple(b)) if a.len() != b.len() => {
                        match homogeneous(a.iter().chain(b)) {
                            Some(elem) => {
                                let ty = Ty::TupleOf(Box::new(elem));
                                (self.coerce(l, &ty), self.coerce(r, &ty), ty.clone(), ty)
                            }
                            None => (l, r, lt, rt),
                        }
                    }
                    _ => (l, r, lt, rt),
                };
                if self.fcx.infer.unify(&lt, &rt) {
                    let t = self.fcx.infer.resolve(&lt);
                    if let Some(ci) = self.class_of(&t) {
                        let c = &self.classes[ci];
                        let ok = if ordered {
                            c.has_lt || c.order
                        } else {
                            c.has_eq || c.dataclass
                        };
                        if !ok {
                            let what = if ordered {
                                "define `__lt__` to order instances"
                            } else {
                                "define `__eq__` (or use `@dataclass`) to compare values; Python's default `==` compares identity"
                            };
                            let name = c.name.clone();
                            self.error(
                                Code::BadOperand,
                                format!(
                                    "`{}` is not supported between `{name}` instances",
                                    op.symbol()
                                ),
                                span,
                                "no comparison defined",
                            )
                            .help = Some(what.to_string());
                            return None;
                        }
                        return Some((l, r));
                    }
                    if ordered && !orderable(&t) && !matches!(t, Ty::Set(_)) {
                        self.error(
                            Code::BadOperand,
                            format!("`{}` is not supported between `{t}` values", op.symbol()),
                            span,
                            "cannot order these",
                        );
                        return None;
                    }
                    return Some((l, r));
                }
                if !ordered {
                    // Python would say False (or True for !=); a program comparing different types is almost surely wrong.
                    self.error(
                        Code::TypeMismatch,
                        format!(
                            "comparing a `{lt}` with a `{rt}` is always {}",
                            if op == C::Eq { "False" } else { "True" }
                        ),
                        span,
                        "different types",
                    );
                    return None;
                }
                self.error(
                    Code::BadOperand,
                    format!(
                        "`{}` is not supported between `{lt}` and `{rt}`",
                        op.symbol()
                    ),
                    span,
                    format!("`{lt}` {} `{rt}`", op.symbol()),
                );
                None
            }
        }
    }

    fn subscript(&mut self, value: &ast::Expr, index: &ast::Expr, span: Span) -> hir::Expr {
        let v = self.expr(value);
        let vt = self.fcx.infer.resolve(&v.ty);
        if let A::Slice { lower, upper, step } = &index.kind {
            if !matches!(vt, Ty::List(_) | Ty::Str | Ty::TupleOf(_)) {
                if vt != Ty::Error {
                    self.error(
                        Code::TypeMismatch,
                        format!("`{vt}` cannot be sliced"),
                        value.span,
                        "not a list or str",
                    );
                }
                return self.error_expr(span);
            }
            let mut part = |p: &Option<Box<ast::Expr>>| {
                p.as_ref().map(|x| Box::new(self.expr_expect(x, &Ty::Int)))
            };
            let (lower, upper, step) = (part(lower), part(upper), part(step));
            let (ty, of_tuple) = match &vt {
                Ty::TupleOf(elem) => (Ty::List(elem.clone()), Some((**elem).clone())),
                _ => (vt, None),
            };
            let slice = mk(
                H::Slice {
                    seq: Box::new(v),
                    lower,
                    upper,
                    step,
                },
                ty,
                span,
            );
            return match of_tuple {
                Some(elem) => self.to_tuple_of(slice, elem),
                None => slice,
            };
        }
        match vt {
            Ty::List(elem) | Ty::TupleOf(elem) => {
                let i = self.expr_expect(index, &Ty::Int);
                mk(
                    H::Index {
                        list: Box::new(v),
                        index: Box::new(i),
                    },
                    *elem,
                    span,
                )
            }
            Ty::Dict(k, val) => {
                let key = self.expr_expect(index, &k);
                mk(
                    H::Index {
                        list: Box::new(v),
                        index: Box::new(key),
                    },
                    *val,
                    span,
                )
            }
            Ty::Class(class) if self.func_ids.contains_key(&format!("{class}.__getitem__")) => {
                let id = self.func_ids[&format!("{class}.__getitem__")];
                let i = self.expr(index);
                self.call_checked(id, vec![v, i], span)
            }
            Ty::Str => {
                let i = self.expr_expect(index, &Ty::Int);
                mk(
                    H::StrIndex {
                        s: Box::new(v),
                        index: Box::new(i),
                    },
                    Ty::Str,
                    span,
                )
            }
            Ty::Tuple(types) => {
                let n = i64::try_from(types.len()).unwrap_or(i64::MAX);
                let literal = match &index.kind {
                    A::Int(i) => Some(*i),
                    A::UnaryOp {
                        op: ast::UnaryOp::Neg,
                        operand,
                    } => match operand.kind {
                        A::Int(i) => Some(-i),
                        _ => None,
                    },
                    _ => None,
                };
                if let (None, Some(elem)) = (literal, homogeneous(types.iter())) {
                    // `t[i]` of a tuple whose items share a type: as a `tuple[T, ...]`.
                    let ty = Ty::TupleOf(Box::new(elem.clone()));
                    let t = self.coerce(v, &ty);
                    let i = self.expr_expect(index, &Ty::Int);
                    return mk(
                        H::Index {
                            list: Box::new(t),
                            index: Box::new(i),
                        },
                        elem,
                        span,
                    );
                }
                let Some(i) = literal else {
                    self.error(
                        Code::Unsupported,
                        "a tuple can only be indexed with a constant",
                        index.span,
                        "not a constant",
                    )
                    .help = Some("its items have different types, so `t[i]` has no single type; unpack the tuple instead (`a, b = t`), or index it with a constant".into());
                    return self.error_expr(span);
                };
                let i = if i < 0 { i + n } else { i };
                match usize::try_from(i).ok().filter(|&i| i < types.len()) {
                    Some(i) => mk(
                        H::TupleField {
                            tuple: Box::new(v),
                            index: i,
                        },
                        types[i].clone(),
                        span,
                    ),
                    None => {
                        self.error(
                            Code::TypeMismatch,
                            "tuple index out of range",
                            index.span,
                            format!("the tuple has {n} items"),
                        );
                        self.error_expr(span)
                    }
                }
            }
            Ty::Error => self.error_expr(span),
            Ty::Var(_) => {
                self.error(
                    Code::CannotInfer,
                    "cannot infer the type of this value before indexing it",
                    value.span,
                    "type unknown",
                );
                self.error_expr(span)
            }
            other => {
                self.error(
                    Code::TypeMismatch,
                    format!("`{other}` cannot be indexed"),
                    value.span,
                    format!("a `{other}`"),
                );
                self.error_expr(span)
            }
        }
    }

    fn attribute(&mut self, value: &ast::Expr, attr: &ast::Ident, span: Span) -> hir::Expr {
        let attribute = self.attribute_inner(value, attr, span);
        attribute
    }

    fn attribute_inner(&mut self, value: &ast::Expr, attr: &ast::Ident, span: Span) -> hir::Expr {
        if let A::Name(m) = &value.kind {
            if self.modules.contains(m) && !self.fcx.scope.contains_key(m) {
                let path = format!("{m}.{}", attr.name);
                if let Some(e) = self.module_constant(&path, span) {
                    return e;
                }
                let known = super::builtins::module_members(m);
                let suggestion =
                    crate::diagnostics::did_you_mean(&attr.name, known.iter().copied());
                let d = self.error(
                    Code::UnknownAttribute,
                    format!("module `{m}` has no attribute `{}`", attr.name),
                    attr.span,
                    "unknown attribute",
                );
                if let Some(s) = suggestion {
                    d.help = Some(format!("did you mean `{m}.{s}`?"));
                }
                return self.error_expr(span);
            }
        }
        // `type(x).__name__`.
        if let A::Call { func, args, .. } = &value.kind {
            if matches!(&func.kind, A::Name(n) if n == "type" && !self.fcx.scope.contains_key(n))
                && attr.name == "__name__"
                && args.len() == 1
            {
                return self.type_name_of(&args[0], span);
            }
        }
        // `Deck.SUITS`: a class constant.
        if let A::Name(c) = &value.kind {
            if self.class_ids.contains_key(c) && !self.fcx.scope.contains_key(c) {
                if let Some((id, ty)) = self.class_const(c, &attr.name) {
                    return mk(H::Global(id), ty, span);
                }
            }
        }
        let v = self.expr(value);
        let v = self.unwrap_opt(v);
        if matches!(self.fcx.infer.resolve(&v.ty), Ty::Exception(_)) && attr.name == "args" {
            return mk(
                H::Method {
                    method: hir::Method::ExcArgs,
                    receiver: Box::new(v),
                    args: Vec::new(),
                },
                Ty::TupleOf(Box::new(Ty::Str)),
                span,
            );
        }
        let v = self.exception_object(v);
        let vt = self.fcx.infer.resolve(&v.ty);
        if self.class_of(&vt).is_some() {
            return self.field(v, attr, span);
        }
        // `e.code` of a caught `SystemExit`.
        if matches!(&vt, Ty::Exception(n) if n == "SystemExit") && attr.name == "code" {
            return mk(
                H::Method {
                    method: hir::Method::ExcExitCode,
                    receiver: Box::new(v),
                    args: Vec::new(),
                },
                Ty::Int,
                span,
            );
        }
        if vt != Ty::Error {
            self.error(
                Code::UnknownAttribute,
                format!("`{vt}` has no attribute `{}`", attr.name),
                attr.span,
                "unknown attribute",
            );
        }
        self.error_expr(span)
    }

    /// A call of a user function: arguments matched to parameters, defaults filled in.
    pub(super) fn call_user(
        &mut self,
        id: hir::FuncId,
        args: &[ast::Expr],
        keywords: &[ast::Keyword],
        span: Span,
    ) -> hir::Expr {
        self.call_user_from(id, None, args, keywords, span)
    }

    /// A call of a user function or method; `receiver` is the already-checked `self`.
    pub(super) fn call_user_from(
        &mut self,
        id: hir::FuncId,
        receiver: Option<hir::Expr>,
        args: &[ast::Expr],
        keywords: &[ast::Keyword],
        span: Span,
    ) -> hir::Expr {
        if self.generic_defs.contains_key(&id) {
            return self.call_generic(id, args, keywords, span);
        }
        let sig = self.sigs[id.0 as usize].clone();
        let skip = match self.kinds.get(id.0 as usize) {
            Some(hir::FnKind::Method(_) | hir::FnKind::Init(_)) => 1,
            _ => 0,
        };
        let params = sig.params.get(skip..).unwrap_or(&[]).to_vec();
        let Some(mut out) =
            self.match_arguments(&sig.name, &params, sig.span, args, keywords, span)
        else {
            return self.error_expr(span);
        };
        if skip == 1 {
            if let Some(r) = receiver {
                out.insert(0, r);
            }
        }
        mk(
            H::Call {
                func: id,
                args: out,
            },
            sig.ret.clone(),
            span,
        )
    }

    /// A call of a generic function: its type parameters are solved from the arguments, and
    /// the call goes to the instance for those types.
    fn call_generic(
        &mut self,
        id: hir::FuncId,
        args: &[ast::Expr],
        keywords: &[ast::Keyword],
        span: Span,
    ) -> hir::Expr {
        let sig = self.sigs[id.0 as usize].clone();
        let mut names: Vec<String> = Vec::new();
        for p in sig
            .params
            .iter()
            .map(|p| &p.ty)
            .chain(std::iter::once(&sig.ret))
        {
            collect_params(p, &mut names);
        }
        let vars: Vec<(String, Ty)> = names
            .iter()
            .map(|n| (n.clone(), self.fcx.infer.fresh()))
            .collect();
        let lookup = |n: &str| vars.iter().find(|(b, _)| b == n).map(|(_, t)| t.clone());
        let params: Vec<super::ParamSig> = sig
            .params
            .iter()
            .map(|p| super::ParamSig {
                ty: p.ty.subst(&lookup),
                ..p.clone()
            })
            .collect();
        let Some(out) = self.match_arguments(&sig.name, &params, sig.span, args, keywords, span)
        else {
            return self.error_expr(span);
        };
        let mut bindings = Vec::new();
        for (n, v) in &vars {
            let t = self.fcx.infer.resolve(v);
            if t.contains_var() || t.contains_error() {
                if !t.contains_error() {
                    self.error(
                        Code::CannotInfer,
                        format!(
                            "cannot infer the type `{n}` stands for in this call of `{}`",
                            sig.name
                        ),
                        span,
                        "type parameter unknown",
                    )
                    .help =
                        Some("give the arguments known types (e.g. annotate an empty list)".into());
                }
                return self.error_expr(span);
            }
            bindings.push((n.clone(), t));
        }
        let inst = self.instantiate(id, bindings.clone());
        let ret = sig.ret.subst(&|n: &str| {
            bindings
                .iter()
                .find(|(b, _)| b == n)
                .map(|(_, t)| t.clone())
        });
        mk(
            H::Call {
                func: inst,
                args: out,
            },
            ret,
            span,
        )
    }

    /// Arguments matched to parameters (positional, then keywords, then defaults).
    pub(super) fn match_arguments(
        &mut self,
        name: &str,
        params: &[super::ParamSig],
        def_span: Span,
        args: &[ast::Expr],
        keywords: &[ast::Keyword],
        span: Span,
    ) -> Option<Vec<hir::Expr>> {
        if let Some(star) = args.iter().find(|a| matches!(a.kind, A::Starred(_))) {
            self.expr(star);
            return None;
        }
        let mut slots: Vec<Option<hir::Expr>> = vec![None; params.len()];
        let positional = params.iter().filter(|p| !p.keyword_only).count();
        // Function arguments (`lambda x: x * x`) are checked after the others, which may fix
        // the types their parameters stand for (`my_map(lambda x: x * x, nums)`); making a
        // function has no effects, so the order of evaluation is unchanged.
        let is_func = |cx: &Self, i: usize| {
            params
                .get(i)
                .is_some_and(|p| matches!(cx.fcx.infer.resolve(&p.ty), Ty::Func(..)))
        };
        let order: Vec<usize> = (0..args.len())
            .filter(|&i| !is_func(self, i))
            .chain((0..args.len()).filter(|&i| is_func(self, i)))
            .collect();
        for i in order {
            let a = &args[i];
            if i >= positional {
                self.error(
                    Code::Arguments,
                    format!(
                        "`{name}` takes {positional} positional argument{} but {} were given",
                        plural(positional),
                        args.len()
                    ),
                    a.span,
                    "unexpected argument",
                )
                .labels
                .push(crate::diagnostics::Label {
                    span: def_span,
                    message: "defined here".into(),
                    primary: false,
                });
                break;
            }
            let ty = params[i].ty.clone();
            slots[i] = Some(self.expr_expect(a, &ty));
        }
        for k in keywords {
            match params.iter().position(|p| p.name == k.name.name) {
                Some(i) if slots[i].is_some() => {
                    self.error(
                        Code::Arguments,
                        format!(
                            "`{name}` got multiple values for argument `{}`",
                            k.name.name
                        ),
                        k.name.span,
                        "given twice",
                    );
                }
                Some(i) => {
                    let ty = params[i].ty.clone();
                    slots[i] = Some(self.expr_expect(&k.value, &ty));
                }
                None => {
                    let names: Vec<&str> = params.iter().map(|p| p.name.as_str()).collect();
                    let suggestion =
                        crate::diagnostics::did_you_mean(&k.name.name, names.iter().copied())
                            .map(str::to_string);
                    let d = self.error(
                        Code::Arguments,
                        format!("`{name}` has no parameter named `{}`", k.name.name),
                        k.name.span,
                        "unknown keyword argument",
                    );
                    if let Some(s) = suggestion {
                        d.help = Some(format!("did you mean `{s}`?"));
                    }
                }
            }
        }
        let mut out = Vec::new();
        for (slot, p) in slots.into_iter().zip(params) {
            match slot.or_else(|| p.default.clone()) {
                Some(e) => out.push(e),
                None => {
                    self.error(
                        Code::Arguments,
                        format!("`{name}` is missing the argument `{}`", p.name),
                        span,
                        format!("`{}` not given", p.name),
                    )
                    .labels
                    .push(crate::diagnostics::Label {
                        span: def_span,
                        message: "defined here".into(),
                        primary: false,
                    });
                    return None;
                }
            }
        }
        Some(out)
    }

    fn fstring(&mut self, parts: &[ast::FStringPart]) -> Vec<hir::FPart> {
        let mut out = Vec::new();
        for p in parts {
            match p {
                ast::FStringPart::Literal(s) => out.push(hir::FPart::Lit(s.clone())),
                ast::FStringPart::Field(f) => {
                    if let Some(text) = &f.debug_text {
                        out.push(hir::FPart::Lit(text.clone()));
                    }
                    let value = self.expr(&f.expr);
                    if self.fcx.infer.resolve(&value.ty).contains_var() {
                        self.error(
                            Code::CannotInfer,
                            "cannot infer the type of this value",
                            f.expr.span,
                            "type unknown",
                        );
                    }
                    // `f"{x=}"` uses repr unless a conversion or spec says otherwise.
                    let repr = match f.conversion {
                        Some('r' | 'a') => true,
                        Some(_) => false,
                        None => f.debug_text.is_some() && f.spec.is_empty(),
                    };
                    let spec = if f.spec.is_empty() {
                        None
                    } else {
                        Some(self.fstring(&f.spec))
                    };
                    out.push(hir::FPart::Field { value, repr, spec });
                }
            }
        }
        out
    }
}

/// Narrowings in force for a while (see `Checker::narrow`).
#[derive(Default)]
pub(super) struct Narrowing {
    not_none: Vec<hir::LocalId>,
    downcasts: Vec<hir::LocalId>,
}

/// The one type all of `types` have, if they do.
fn homogeneous<'a>(mut types: impl Iterator<Item = &'a Ty>) -> Option<Ty> {
    let first = types.next()?;
    types.all(|t| t == first).then(|| first.clone())
}

fn orderable(t: &Ty) -> bool {
    match t {
        Ty::Class(_) => true,
        Ty::Int | Ty::Float | Ty::Bool | Ty::Str => true,
        Ty::List(e) | Ty::TupleOf(e) => orderable(e),
        Ty::Tuple(ts) => ts.iter().all(orderable),
        _ => false,
    }
}

pub(super) fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn collect_params(t: &Ty, out: &mut Vec<String>) {
    match t {
        Ty::Param(n) => {
            if !out.contains(n) {
                out.push(n.clone());
            }
        }
        Ty::List(t) | Ty::Set(t) | Ty::Optional(t) | Ty::TupleOf(t) => collect_params(t, out),
        Ty::Dict(k, v) => {
            collect_params(k, out);
            collect_params(v, out);
        }
        Ty::Tuple(ts) => ts.iter().for_each(|t| collect_params(t, out)),
        Ty::Func(ps, r) => {
            ps.iter().for_each(|t| collect_params(t, out));
            collect_params(r, out);
        }
        _ => {}
    }
}

/// `fmt % values` (printf-style, `fmt` a literal) as the parts of the equivalent f-string:
/// `"%-5s|%05.1f%%" % (a, x)` → `f"{a!s:<5}|{x:05.1f}%"`.
fn percent_format(
    fmt: &str,
    values: &ast::Expr,
    span: Span,
) -> Result<Vec<ast::FStringPart>, String> {
    let args: Vec<&ast::Expr> = match &values.kind {
        A::Tuple(items) => items.iter().collect(),
        _ => vec![values],
    };
    let mut parts = Vec::new();
    let mut lit = String::new();
    let mut next = args.into_iter();
    let chars: Vec<char> = fmt.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        if c != '%' {
            lit.push(c);
            continue;
        }
        if chars.get(i) == Some(&'%') {
            lit.push('%');
            i += 1;
            continue;
        }
        let mut flags = String::new();
        while let Some(&f) = chars.get(i).filter(|f| "-+ 0#".contains(**f)) {
            flags.push(f);
            i += 1;
        }
        let mut width = String::new();
        while let Some(&d) = chars.get(i).filter(|d| d.is_ascii_digit()) {
            width.push(d);
            i += 1;
        }
        let mut precision = String::new();
        if chars.get(i) == Some(&'.') {
            i += 1;
            precision.push('.');
            while let Some(&d) = chars.get(i).filter(|d| d.is_ascii_digit()) {
                precision.push(d);
                i += 1;
            }
        }
        let Some(&kind) = chars.get(i) else {
            return Err("incomplete format: a `%` at the end".into());
        };
        i += 1;
        let Some(value) = next.next() else {
            return Err("not enough arguments for the format string".into());
        };
        let numeric = "dixXoeEfFgG".contains(kind);
        if !numeric && !matches!(kind, 's' | 'r') {
            return Err(format!(
                "the `%{kind}` conversion is not supported by Roast"
            ));
        }
        let mut spec = String::new();
        if flags.contains('-') {
            spec.push('<');
        } else if !numeric && !width.is_empty() {
            spec.push('>');
        }
        if flags.contains('+') {
            spec.push('+');
        } else if flags.contains(' ') {
            spec.push(' ');
        }
        if flags.contains('#') {
            spec.push('#');
        }
        if flags.contains('0') && numeric && !flags.contains('-') {
            spec.push('0');
        }
        spec.push_str(&width);
        spec.push_str(&precision);
        let (conversion, expr) = match kind {
            's' => (Some('s'), value.clone()),
            'r' => (Some('r'), value.clone()),
            // `%d` of a float truncates it, as `int()` does.
            'd' | 'i' | 'x' | 'X' | 'o' => {
                spec.push(if kind == 'i' { 'd' } else { kind });
                let int = ast::Expr {
                    kind: A::Call {
                        func: Box::new(ast::Expr {
                            kind: A::Name("int".into()),
                            span,
                        }),
                        args: vec![value.clone()],
                        keywords: Vec::new(),
                    },
                    span: value.span,
                };
                (None, int)
            }
            _ => {
                spec.push(kind);
                (None, value.clone())
            }
        };
        if !lit.is_empty() {
            parts.push(ast::FStringPart::Literal(std::mem::take(&mut lit)));
        }
        parts.push(ast::FStringPart::Field(ast::FStringField {
            expr,
            debug_text: None,
            conversion,
            spec: if spec.is_empty() {
                Vec::new()
            } else {
                vec![ast::FStringPart::Literal(spec)]
            },
        }));
    }
    if next.next().is_some() {
        return Err("not all arguments converted during string formatting".into());
    }
    if !lit.is_empty() {
        parts.push(ast::FStringPart::Literal(lit));
    }
    Ok(parts)
}
