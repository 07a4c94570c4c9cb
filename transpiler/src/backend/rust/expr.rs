//! Expressions. Each is emitted as `Code` (text, precedence, kind); the adapters at the top turn
//! it into what the context needs: a copy, a borrow, an owned value, a mutable place.

use super::code::{prec, Code, Kind};
use super::consts::{float_literal, literal};
use super::{callee_modes, FnEmitter, Repr};
use crate::hir::{self, Arith, Builtin as B, CmpOp, ExprKind as H, Method as M};
use crate::ownership::ParamMode;
use crate::types::Ty;

impl FnEmitter<'_> {
    // ----- adapters -----

    /// The value, owned: copied, moved when this is the last use, else cloned.
    pub(super) fn value(&mut self, e: &hir::Expr) -> String {
        let c = self.expr(e);
        self.own_code(c, &e.ty)
    }

    /// `value(e)`, with the precedence of `e`'s own code.
    fn value_with_prec(&mut self, e: &hir::Expr) -> Code {
        let c = self.expr(e);
        let p = c.prec;
        Code::value(self.own_code(c, &e.ty), p)
    }

    pub(super) fn own_code(&mut self, c: Code, ty: &Ty) -> String {
        if ty.is_copy() {
            return match c.kind {
                Kind::Ref | Kind::RefMut => format!("*{}", c.at(prec::UNARY)),
                _ => c.text,
            };
        }
        match c.kind {
            Kind::Value => c.text,
            Kind::Place if c.movable => c.text,
            Kind::Place => format!("{}.clone()", c.recv()),
            Kind::StrRef => format!("{}.to_string()", c.recv()),
            Kind::Ref | Kind::RefMut => format!("{}.to_owned()", c.recv()),
        }
    }

    /// A shared borrow (`&T`; `&[T]` and `&str` by deref coercion where the target is typed).
    pub(super) fn borrow(&mut self, e: &hir::Expr) -> String {
        match &e.kind {
            // A `Callable` argument: a plain closure or function, borrowed as `&dyn Fn`.
            H::Lambda { .. } if matches!(e.ty, Ty::Func(..)) => {
                return format!("&{}", self.closure(e, false).0)
            }
            H::FuncRef(id) => {
                return format!(
                    "&{}",
                    super::names::function_name(&self.program.function(*id).name)
                )
            }
            _ => {}
        }
        // A list parameter borrowed as `&[T]` is already the slice generic callees expect.
        if let H::Local(id) = e.kind {
            if self.f.params.contains(&id)
                && self.repr[id.0 as usize] == Repr::Ref
                && matches!(e.ty, Ty::List(_))
            {
                return self.names[id.0 as usize].clone();
            }
        }
        let c = self.expr(e);
        if matches!(e.ty, Ty::Func(..)) && matches!(c.kind, Kind::Place | Kind::Value) {
            return format!("&*{}", c.at(prec::UNARY));
        }
        borrow_code(&c, &e.ty)
    }

    /// An argument to a `Callable`: `Copy` values by value, others borrowed.
    fn fn_arg(&mut self, a: &hir::Expr) -> String {
        if a.ty.is_copy() {
            self.value(a)
        } else if a.ty == Ty::Str {
            self.str_ref(a)
        } else {
            self.borrow(a)
        }
    }

    /// A `bool` condition, dereferenced if it is an element reference.
    pub(super) fn cond(&mut self, e: &hir::Expr) -> String {
        self.cond_code(e).text
    }

    pub(super) fn cond_code(&mut self, e: &hir::Expr) -> Code {
        let c = self.expr(e);
        match c.kind {
            Kind::Ref | Kind::RefMut => Code::value(format!("*{}", c.at(prec::UNARY)), prec::UNARY),
            _ => c,
        }
    }

    /// A `&str` for a str-typed expression, usable where the type must be exactly `&str`.
    pub(super) fn str_ref(&mut self, e: &hir::Expr) -> String {
        let c = self.expr(e);
        match c.kind {
            Kind::StrRef => c.text,
            Kind::Value | Kind::Place | Kind::Ref | Kind::RefMut => {
                format!("{}.as_str()", c.recv())
            }
        }
    }

    /// A mutable borrow for passing to a `&mut` parameter.
    pub(super) fn borrow_mut(&mut self, e: &hir::Expr) -> String {
        let c = self.place_mut(e);
        match c.kind {
            Kind::RefMut => c.text,
            _ => format!("&mut {}", c.at(prec::UNARY)),
        }
    }

    /// A place that can be assigned or mutated through (`xs`, `xs[i]`, `*rt::index_mut(..)`).
    pub(super) fn place_mut(&mut self, e: &hir::Expr) -> Code {
        match &e.kind {
            H::Local(id) => {
                let name = self.names[id.0 as usize].clone();
                match self.repr[id.0 as usize] {
                    Repr::RefMut => Code::new(name, prec::ATOM, Kind::RefMut),
                    Repr::Cell => {
                        Code::new(format!("(*{name}.borrow_mut())"), prec::ATOM, Kind::Place)
                    }
                    _ => Code::new(name, prec::ATOM, Kind::Place),
                }
            }
            H::Field { obj, name } if self.is_dyn(obj) => {
                let base = self.place_mut(obj);
                Code::new(
                    format!("*{}.{}_mut()", base.recv(), super::names::ident(name)),
                    prec::UNARY,
                    Kind::Place,
                )
            }
            H::Field { obj, name } => {
                let base = self.place_mut(obj);
                Code::new(
                    format!("{}.{}", base.recv(), super::names::ident(name)),
                    prec::ATOM,
                    Kind::Place,
                )
            }
            H::Downcast(x) => {
                if let Some(bound) = self.bound_downcast(x) {
                    return bound;
                }
                let v = self.place_mut(x);
                Code::new(self.downcast(x, e, &v, "&mut "), prec::BLOCK, Kind::RefMut)
            }
            H::Unwrap(x) => {
                let base = self.place_mut(x);
                let how = if matches!(e.ty, Ty::Class(_)) {
                    "as_deref_mut"
                } else {
                    "as_mut"
                };
                Code::new(
                    format!("rt::error::unwrap({}.{how}())", base.recv()),
                    prec::ATOM,
                    Kind::RefMut,
                )
            }
            H::Index { list, index } if matches!(list.ty, Ty::Dict(..)) => {
                let k = self.key_ref(index);
                let base = self.place_mut(list);
                Code::new(
                    format!("*{}.index_mut({k})", base.recv()),
                    prec::UNARY,
                    Kind::Place,
                )
            }
            H::Index { list, index } => {
                let base = self.place_mut(list);
                if self.is_nonneg(index) {
                    let i = self.index_usize(index);
                    Code::new(format!("{}[{i}]", base.recv()), prec::ATOM, Kind::Place)
                } else {
                    let b = match base.kind {
                        Kind::RefMut => base.text,
                        _ => format!("&mut {}", base.at(prec::UNARY)),
                    };
                    let i = self.value(index);
                    Code::new(
                        format!("*rt::index_mut({b}, {i})"),
                        prec::UNARY,
                        Kind::Place,
                    )
                }
            }
            _ => self.expr(e),
        }
    }

    /// Is `e` a value of a polymorphic class (the enum over its family)? `self` in a method is
    /// always the class's own struct.
    pub(super) fn is_dyn(&self, e: &hir::Expr) -> bool {
        let Ty::Class(c) = &e.ty else { return false };
        if !super::dispatch::is_polymorphic(c) {
            return false;
        }
        let is_self = |id: &crate::hir::LocalId| {
            matches!(self.f.kind, hir::FnKind::Method(_) | hir::FnKind::Init(_))
                && self.f.params.first() == Some(id)
        };
        !matches!(&e.kind, H::Local(id) if is_self(id))
    }

    /// An index known to be non-negative, as `usize`.
    fn index_usize(&mut self, index: &hir::Expr) -> String {
        match &index.kind {
            H::Int(n) => n.to_string(),
            _ => {
                let c = self.expr(index);
                format!("{} as usize", c.at(prec::CAST))
            }
        }
    }

    fn is_nonneg(&self, index: &hir::Expr) -> bool {
        match &index.kind {
            H::Int(n) => *n >= 0,
            H::Local(id) => self.nonneg.contains(id),
            _ => false,
        }
    }

    // ----- expressions -----

    pub(super) fn expr(&mut self, e: &hir::Expr) -> Code {
        if let Some(t) = self.pre.get(&super::decls::addr(e)) {
            return Code::new(t.clone(), prec::ATOM, Kind::Value);
        }
        match &e.kind {
            H::Int(n) => Code::value(n.to_string(), if *n < 0 { prec::UNARY } else { prec::ATOM }),
            H::Float(x) => Code::value(
                float_literal(*x),
                if *x < 0.0 || x.is_sign_negative() {
                    prec::UNARY
                } else {
                    prec::ATOM
                },
            ),
            H::Bool(b) => Code::atom(b.to_string()),
            H::Str(s) => Code::new(format!("{s:?}"), prec::ATOM, Kind::StrRef),
            H::None if matches!(e.ty, Ty::Optional(_)) => Code::atom("None"),
            H::None => Code::atom("()"),
            H::MathConst(c) => Code::atom(match c {
                hir::MathConst::Pi => "std::f64::consts::PI",
                hir::MathConst::E => "std::f64::consts::E",
                hir::MathConst::Tau => "std::f64::consts::TAU",
                hir::MathConst::Inf => "f64::INFINITY",
                hir::MathConst::Nan => "f64::NAN",
            }),
            H::Local(id) if self.repr[id.0 as usize] == Repr::Cell => {
                let name = &self.names[id.0 as usize];
                Code::new(format!("(*{name}.borrow())"), prec::ATOM, Kind::Place)
            }
            H::Local(id) => {
                let name = self.names[id.0 as usize].clone();
                let kind = match self.repr[id.0 as usize] {
                    Repr::Value | Repr::Cell => Kind::Place,
                    Repr::Ref => Kind::Ref,
                    Repr::StrRef => Kind::StrRef,
                    Repr::RefMut => Kind::RefMut,
                };
                let mut c = Code::new(name, prec::ATOM, kind);
                c.movable = self.in_closure == 0 && self.own.can_move(*id, e.span.start);
                c
            }
            H::Global(g) => {
                let global = &self.program.globals[g.0 as usize];
                let name = super::names::global_name(self.program, g.0 as usize);
                match self.consts.get(g.0 as usize) {
                    Some(Some(c)) => {
                        let kind = if global.ty == Ty::Str {
                            Kind::StrRef
                        } else {
                            Kind::Value
                        };
                        let _ = literal(c);
                        Code::new(name, prec::ATOM, kind)
                    }
                    _ if global.ty.is_copy() => {
                        Code::new(format!("*{name}"), prec::UNARY, Kind::Value)
                    }
                    _ => Code::new(format!("(*{name})"), prec::ATOM, Kind::Place),
                }
            }
            H::ExcPayload { exc, class } => {
                let c = self.expr(exc);
                Code::new(
                    format!(
                        "{}.payload::<{}>()",
                        c.recv(),
                        super::names::type_name(class)
                    ),
                    prec::ATOM,
                    Kind::Ref,
                )
            }
            H::NewException { class, arg } => {
                let msg = self.exception_message(class, arg.as_deref());
                Code::atom(format!(
                    "rt::PyException::new({}, {msg})",
                    super::exceptions::kind(class)
                ))
            }
            H::Spread(x) => self.expr(x),
            H::Some(x) => {
                let v = self.value(x);
                if matches!(x.ty, Ty::Class(_)) {
                    return Code::atom(format!("Some(Box::new({v}))"));
                }
                Code::atom(format!("Some({v})"))
            }
            // A read-only cursor is already an `Option<&T>`, a copy of which is the value.
            H::Unwrap(x) if matches!(x.kind, H::Local(id) if self.own.cursors.get(&id) == Some(&false)) =>
            {
                let c = self.expr(x);
                Code::new(
                    format!("rt::error::unwrap({})", c.text),
                    prec::ATOM,
                    Kind::Ref,
                )
            }
            H::Unwrap(x) => {
                let c = self.expr(x);
                if matches!(e.ty, Ty::Class(_)) {
                    // `&Box<T>` reads like `&T` (fields, methods, `&T` arguments).
                    return Code::new(
                        format!("rt::error::unwrap({}.as_deref())", c.recv()),
                        prec::ATOM,
                        Kind::Ref,
                    );
                }
                if e.ty.is_copy() {
                    let v = self.own_code(c, &x.ty);
                    Code::atom(format!("rt::error::unwrap({v})"))
                } else {
                    Code::new(
                        format!("rt::error::unwrap({}.as_ref())", c.recv()),
                        prec::ATOM,
                        Kind::Ref,
                    )
                }
            }
            H::IntToFloat(x) => {
                let v = self.value(x);
                let c = Code::value(v, self.expr_prec(x));
                Code::value(format!("{} as f64", c.at(prec::CAST)), prec::CAST)
            }
            H::BoolToInt(x) => {
                let v = self.value(x);
                Code::atom(format!("i64::from({v})"))
            }
            H::Binary { op, left, right } => {
                if e.ty == Ty::Int {
                    if let Some(super::consts::Const::Int(n)) = super::consts::fold(e, self.consts)
                    {
                        return Code::value(
                            format!("{n}_i64"),
                            if n < 0 { prec::UNARY } else { prec::ATOM },
                        );
                    }
                }
                self.binary(*op, left, right, &e.ty)
            }
            H::Repeat { seq, count } => {
                let n = self.value(count);
                if seq.ty == Ty::Str {
                    let s = self.borrow(seq);
                    Code::atom(format!("rt::str_repeat({s}, {n})"))
                } else {
                    let s = self.borrow(seq);
                    Code::atom(format!("rt::repeat({s}, {n})"))
                }
            }
            H::Neg(x) => {
                let c = self.expr(x);
                let v = self.own_code(c.clone(), &x.ty);
                let c = Code::value(v, c.prec);
                Code::value(format!("-{}", c.at(prec::UNARY)), prec::UNARY)
            }
            H::Not(x) | H::Invert(x) => {
                let c = self.expr(x);
                let v = self.own_code(c.clone(), &x.ty);
                let c = Code::value(v, c.prec);
                Code::value(format!("!{}", c.at(prec::UNARY)), prec::UNARY)
            }
            H::Truthy(x) => self.truthy(x),
            H::Compare { op, left, right } => self.compare(*op, left, right),
            H::ChainCompare { first, rest } => self.chain(first, rest),
            H::And(a, b) | H::Or(a, b) => {
                let is_and = matches!(e.kind, H::And(..));
                if e.ty == Ty::Bool {
                    let l = self.expr(a);
                    let r = self.expr(b);
                    let (p, op) = if is_and {
                        (prec::AND, "&&")
                    } else {
                        (prec::OR, "||")
                    };
                    return Code::value(format!("{} {op} {}", l.at(p), r.at(p + 1)), p);
                }
                // `a or b` on other types: the first operand if it decides, else the second.
                let tmp = self.fresh("value");
                let av = self.value(a);
                let bv = self.value(b);
                let test = truthy_text(&tmp, &a.ty);
                let (then, els) = if is_and {
                    (bv, tmp.clone())
                } else {
                    (tmp.clone(), bv)
                };
                Code::value(
                    format!("{{ let {tmp} = {av}; if {test} {{ {then} }} else {{ {els} }} }}"),
                    prec::BLOCK,
                )
            }
            H::IfExp { cond, then, els } => {
                let c = self.expr(cond);
                let mut t = [self.value(then)];
                let f = self.value(els);
                if e.ty == Ty::Int {
                    // `(if c { 3 } else { 12 }).div_euclid(7)` would not know its int type.
                    suffix_int_literals(&mut t, [&**then, &**els].into_iter());
                }
                let t = &t[0];
                Code::value(
                    format!("if {} {{ {t} }} else {{ {f} }}", c.text),
                    prec::BLOCK,
                )
            }
            H::List(items) => {
                if items.is_empty() {
                    return match &e.ty {
                        Ty::List(t) if !t.contains_var() => {
                            Code::atom(format!("Vec::<{}>::new()", super::rust_type(t)))
                        }
                        _ => Code::atom("Vec::<()>::new()"),
                    };
                }
                let mut texts: Vec<String> = items.iter().map(|i| self.value(i)).collect();
                if e.ty == Ty::list(Ty::Int) {
                    suffix_int_literals(&mut texts, items.iter());
                }
                Code::atom(format!("vec![{}]", texts.join(", ")))
            }
            H::Comprehension { elt, gens } => self.comprehension(elt, gens),
            H::Field { obj, name } if self.is_dyn(obj) => {
                // A field of a base-class value: through the enum's accessor.
                let c = self.expr(obj);
                Code::new(
                    format!("{}.{}()", c.recv(), super::names::ident(name)),
                    prec::ATOM,
                    Kind::Ref,
                )
            }
            H::Field { obj, name } => {
                let c = self.expr(obj);
                let kind = if c.kind == Kind::Value {
                    Kind::Value
                } else {
                    Kind::Place
                };
                Code::new(
                    format!("{}.{}", c.recv(), super::names::ident(name)),
                    prec::ATOM,
                    kind,
                )
            }
            H::New { class, args } => {
                let info = self.program.classes.iter().find(|c| &c.name == class);
                let modes: Vec<ParamMode> = match info.and_then(|c| c.init) {
                    Some(init) => callee_modes(self.ownership, init)
                        .iter()
                        .skip(1)
                        .copied()
                        .collect(),
                    None => vec![ParamMode::Owned; args.len()],
                };
                let args = self.pass_args(args, &modes);
                let new = format!(
                    "{}::new({})",
                    super::names::type_name(class),
                    args.join(", ")
                );
                if super::dispatch::is_polymorphic(class) {
                    // An instance of the base class itself, as a value of the base class.
                    Code::atom(format!(
                        "{}::{}({new})",
                        super::dispatch::enum_name(class),
                        super::names::type_name(class)
                    ))
                } else {
                    Code::atom(new)
                }
            }
            H::Downcast(x) => {
                if let Some(bound) = self.bound_downcast(x) {
                    return bound;
                }
                let v = self.expr(x);
                Code::new(self.downcast(x, e, &v, "&"), prec::BLOCK, Kind::Ref)
            }
            H::Upcast(x) => {
                let (Ty::Class(base), Ty::Class(c)) = (&e.ty, &x.ty) else {
                    return self.expr(x);
                };
                if base == c && !super::dispatch::is_polymorphic(c) {
                    // `self` as a value of a class that is not used polymorphically.
                    return self.expr(x);
                }
                let v = self.value(x);
                if self.is_dyn(x) {
                    Code::atom(format!("{}::from({v})", super::dispatch::enum_name(base)))
                } else {
                    Code::atom(format!(
                        "{}::{}({v})",
                        super::dispatch::enum_name(base),
                        super::names::type_name(c)
                    ))
                }
            }
            H::IsInstance { value, class } if matches!(value.ty, Ty::Exception(_)) => {
                let v = self.expr(value);
                let class = hir::ExcClass {
                    name: class.clone(),
                    builtin: crate::types::is_builtin_exception(class)
                        && !self.program.exceptions.iter().any(|(n, _)| n == class),
                };
                match self.handler_test(&v.recv(), std::slice::from_ref(&class)) {
                    Some(test) => Code::value(test, prec::OR),
                    None => Code::value("true", prec::ATOM),
                }
            }
            H::IsInstance { value, class } => {
                let Ty::Class(declared) = &value.ty else {
                    return Code::value("false", prec::ATOM);
                };
                if !self.is_dyn(value) {
                    return Code::value("false", prec::ATOM);
                }
                let pats = super::dispatch::instance_patterns(self.program, declared, class);
                let v = self.expr(value);
                Code::value(
                    format!("matches!({}, {})", v.text, pats.join(" | ")),
                    prec::ATOM,
                )
            }
            H::Lambda { .. } if matches!(e.ty, Ty::Func(..)) => {
                let (closure, captures) = self.closure(e, true);
                let Ty::Func(ps, r) = &e.ty else {
                    return Code::atom(closure);
                };
                let rc = format!(
                    "std::rc::Rc::new({closure}) as std::rc::Rc<{}>",
                    super::fn_trait(ps, r)
                );
                if captures.is_empty() {
                    Code::value(rc, prec::CAST)
                } else {
                    Code::value(format!("{{ {} {rc} }}", captures.join(" ")), prec::BLOCK)
                }
            }
            H::Lambda { .. } => Code::atom(self.key_closure(e)),
            H::FuncRef(id) => {
                let name = super::names::function_name(&self.program.function(*id).name);
                let Ty::Func(ps, r) = &e.ty else {
                    return Code::atom(name);
                };
                Code::value(
                    format!(
                        "std::rc::Rc::new({name}) as std::rc::Rc<{}>",
                        super::fn_trait(ps, r)
                    ),
                    prec::CAST,
                )
            }
            H::CallValue { callee, args } => {
                let c = self.expr(callee);
                let args: Vec<String> = args.iter().map(|a| self.fn_arg(a)).collect();
                Code::atom(format!("{}({})", c.recv(), args.join(", ")))
            }
            H::Tuple(items) if items.is_empty() => {
                Code::atom(format!("{}::default()", turbofish(&e.ty)))
            }
            H::Tuple(items) if matches!(e.ty, Ty::TupleOf(_)) => {
                let ints = e.ty == Ty::TupleOf(Box::new(Ty::Int));
                let items: Vec<String> = items
                    .iter()
                    .enumerate()
                    .map(|(n, i)| match i.kind {
                        // The first int literal fixes the items' type (`i32` otherwise).
                        H::Int(v) if ints && n == 0 => format!("{v}_i64"),
                        _ => self.value(i),
                    })
                    .collect();
                Code::atom(format!("rt::Tuple::from([{}])", items.join(", ")))
            }
            H::Tuple(items) => {
                // An int literal in a tuple is typed: a tuple may go where nothing else fixes the
                // type (`hash((5, "a"))`), and `i32` would hash differently from `i64`.
                let items: Vec<String> = items
                    .iter()
                    .map(|i| match i.kind {
                        H::Int(n) => format!("{n}_i64"),
                        _ => self.value(i),
                    })
                    .collect();
                if items.len() == 1 {
                    Code::atom(format!("({},)", items[0]))
                } else {
                    Code::atom(format!("({})", items.join(", ")))
                }
            }
            H::TupleField { tuple, index } => {
                let c = self.expr(tuple);
                let kind = if c.kind == Kind::Value {
                    Kind::Value
                } else {
                    Kind::Place
                };
                Code::new(format!("{}.{index}", c.recv()), prec::ATOM, kind)
            }
            H::Index { list, index } if matches!(list.ty, Ty::Dict(..)) => {
                let k = self.key_ref(index);
                let d = self.expr(list);
                Code::new(format!("{}.index({k})", d.recv()), prec::ATOM, Kind::Ref)
            }
            H::Dict(pairs) => {
                if pairs.is_empty() {
                    return Code::atom(format!("{}::new()", turbofish(&e.ty)));
                }
                let mut keys: Vec<String> = pairs.iter().map(|(k, _)| self.value(k)).collect();
                let mut values: Vec<String> = pairs.iter().map(|(_, v)| self.value(v)).collect();
                if let Ty::Dict(k, v) = &e.ty {
                    if **k == Ty::Int {
                        suffix_int_literals(&mut keys, pairs.iter().map(|(k, _)| k));
                    }
                    if **v == Ty::Int {
                        suffix_int_literals(&mut values, pairs.iter().map(|(_, v)| v));
                    }
                }
                let items: Vec<String> = keys
                    .iter()
                    .zip(&values)
                    .map(|(k, v)| format!("({k}, {v})"))
                    .collect();
                Code::atom(format!(
                    "rt::Dict::<_, _>::from_iter([{}])",
                    items.join(", ")
                ))
            }
            H::Set(items) => {
                if items.is_empty() {
                    return Code::atom(format!("{}::new()", turbofish(&e.ty)));
                }
                let constant = items.len() > 2 && items.iter().all(hir::Expr::is_constant);
                let mut texts: Vec<String> = items.iter().map(|i| self.value(i)).collect();
                if e.ty == Ty::Set(Box::new(Ty::Int)) {
                    suffix_int_literals(&mut texts, items.iter());
                }
                if constant {
                    // CPython makes a frozenset of the constants, then a set from it: the order
                    // can differ from adding them one by one.
                    return Code::atom(format!("rt::Set::from_constants([{}])", texts.join(", ")));
                }
                Code::atom(format!("rt::Set::<_>::from_iter([{}])", texts.join(", ")))
            }
            H::DictComp { key, value, gens } => {
                let pair = hir::Expr {
                    kind: H::Tuple(vec![(**key).clone(), (**value).clone()]),
                    ty: Ty::Tuple(vec![key.ty.clone(), value.ty.clone()]),
                    span: e.span,
                };
                let c = self.comprehension(&pair, gens);
                Code::atom(comp_collect(&c.text, "rt::Dict<_, _>"))
            }
            H::SetComp { elt, gens } => {
                let c = self.comprehension(elt, gens);
                Code::atom(comp_collect(&c.text, "rt::Set<_>"))
            }
            H::Index { list, index } => {
                if self.is_nonneg(index) {
                    let l = self.expr(list);
                    let i = self.index_usize(index);
                    let base = match l.kind {
                        Kind::Ref | Kind::RefMut | Kind::Place | Kind::Value | Kind::StrRef => {
                            l.recv()
                        }
                    };
                    Code::new(format!("{base}[{i}]"), prec::ATOM, Kind::Place)
                } else {
                    let l = self.borrow(list);
                    let i = self.value(index);
                    Code::new(format!("rt::index({l}, {i})"), prec::ATOM, Kind::Ref)
                }
            }
            H::StrIndex { s, index } => {
                let s = self.borrow(s);
                let i = self.value(index);
                Code::new(format!("rt::str_at({s}, {i})"), prec::ATOM, Kind::StrRef)
            }
            H::Slice {
                seq,
                lower,
                upper,
                step,
            } => {
                let s = self.borrow(seq);
                let mut opt = |x: &Option<Box<hir::Expr>>| match x {
                    Some(x) => format!("Some({})", self.value(x)),
                    None => "None".to_string(),
                };
                let (a, b, c) = (opt(lower), opt(upper), opt(step));
                let f = if seq.ty == Ty::Str {
                    "rt::str_slice"
                } else {
                    "rt::slice"
                };
                Code::atom(format!("{f}({s}, {a}, {b}, {c})"))
            }
            H::Call { func, args }
                if !matches!(self.program.function(*func).kind, hir::FnKind::Function) =>
            {
                let callee = self.program.function(*func);
                let (modes, suffix) = self.call_version(*func, e.span.start);
                let name = super::names::ident(&callee.name) + suffix;
                match &callee.kind {
                    hir::FnKind::Static(class) => {
                        let args = self.pass_args(args, &modes);
                        Code::atom(format!(
                            "{}::{name}({})",
                            super::names::type_name(class),
                            args.join(", ")
                        ))
                    }
                    _ => {
                        let Some((recv, rest)) = args.split_first() else {
                            return Code::atom("()");
                        };
                        let r = match modes.first() {
                            Some(ParamMode::RefMut { .. }) => self.place_mut(recv).recv(),
                            Some(ParamMode::Owned) => {
                                Code::value(self.value(recv), prec::ATOM).recv()
                            }
                            _ => self.expr(recv).recv(),
                        };
                        let rest_modes: Vec<ParamMode> = modes.iter().skip(1).copied().collect();
                        // A str read from the object the method changes (`c.rename(c.name)`):
                        // copied first (a str cannot change, so no one sees the copy).
                        let root = match modes.first() {
                            Some(ParamMode::RefMut { .. }) => crate::ownership::root_local(recv),
                            _ => None,
                        };
                        let mut lets = Vec::new();
                        let mut texts = Vec::new();
                        for (a, m) in rest.iter().zip(rest_modes.iter()) {
                            if a.ty == Ty::Str
                                && root.is_some_and(|r| super::decls::expr_mentions(a, r))
                            {
                                let v = self.value(a);
                                let tmp = self.fresh("arg");
                                lets.push(format!("let {tmp} = {v};"));
                                texts.push(if *m == ParamMode::Owned {
                                    tmp
                                } else {
                                    format!("{tmp}.as_str()")
                                });
                            } else {
                                texts.extend(
                                    self.pass_args(
                                        std::slice::from_ref(a),
                                        std::slice::from_ref(m),
                                    ),
                                );
                            }
                        }
                        if rest.len() > rest_modes.len() {
                            let extra = self.pass_args(&rest[rest_modes.len()..], &[]);
                            texts.extend(extra);
                        }
                        let call = format!("{r}.{name}({})", texts.join(", "));
                        self.call_after(&lets, call, *func, e)
                    }
                }
            }
            H::Call { func, args } => {
                let (modes, suffix) = self.call_version(*func, e.span.start);
                let name = super::names::function_name(&self.program.function(*func).name) + suffix;
                // Arguments that read a list passed as `&mut` in the same call are evaluated
                // first, into temporaries (Rust's borrow rules; Python's order is the same).
                let mut_roots: Vec<crate::hir::LocalId> = args
                    .iter()
                    .zip(modes.iter())
                    .filter(|(_, m)| matches!(m, ParamMode::RefMut { .. }))
                    .filter_map(|(a, _)| crate::ownership::root_local(a))
                    .collect();
                let mut lets = Vec::new();
                let args: Vec<String> = args
                    .iter()
                    .zip(modes.iter().chain(std::iter::repeat(&ParamMode::Copy)))
                    .map(|(a, m)| {
                        let text = match m {
                            ParamMode::Copy | ParamMode::Owned => self.value(a),
                            ParamMode::Ref | ParamMode::StrShadow => self.borrow(a),
                            // A fresh value changed by the callee, made from a list or dict
                            // that the call also changes (`grow(d, list(d.values()))`): made
                            // first, into a temporary.
                            ParamMode::RefMut { .. }
                                if crate::ownership::root_local(a).is_none()
                                    && mut_roots
                                        .iter()
                                        .any(|r| super::decls::expr_mentions(a, *r)) =>
                            {
                                let v = self.value(a);
                                let tmp = self.fresh("arg");
                                lets.push(format!("let mut {tmp} = {v};"));
                                return format!("&mut {tmp}");
                            }
                            ParamMode::RefMut { .. } => return self.borrow_mut(a),
                        };
                        if mut_roots.iter().any(|r| super::decls::expr_mentions(a, *r)) {
                            let tmp = self.fresh("arg");
                            if a.ty == Ty::Str && *m != ParamMode::Owned {
                                // A str read from what the call changes (`f(c, c.name)`): a copy
                                // (a str cannot change, so no one sees it).
                                let v = self.value(a);
                                lets.push(format!("let {tmp} = {v};"));
                                return format!("{tmp}.as_str()");
                            }
                            lets.push(format!("let {tmp} = {text};"));
                            return tmp;
                        }
                        text
                    })
                    .collect();
                let call = format!("{name}({})", args.join(", "));
                self.call_after(&lets, call, *func, e)
            }
            H::Builtin { func, args } => self.builtin(*func, args, &e.ty),
            H::Method {
                method,
                receiver,
                args,
            } => self.method(*method, receiver, args),
            H::Print { args, sep, end } => {
                let spread = args.iter().any(|a| matches!(a.kind, H::Spread(_)));
                let mut prelude = String::new();
                let list = if spread {
                    // `print(a, *xs)`: the arguments collected into one vector of references
                    // (each bound first, so temporaries live through the call).
                    let mut lets = Vec::new();
                    let mut parts = Vec::new();
                    for a in args {
                        let name = self.fresh("arg");
                        match &a.kind {
                            H::Spread(xs) => {
                                let c = self.expr(xs);
                                lets.push(format!("let {name} = &{};", c.at(prec::UNARY)));
                                parts.push(format!(
                                    "items.extend({name}.iter().map(|x| x as &dyn rt::PyFmt));"
                                ));
                            }
                            _ => {
                                lets.push(format!("let {name} = {};", self.print_arg(a)));
                                parts.push(format!("items.push({name});"));
                            }
                        }
                    }
                    prelude = format!(
                        "{} let mut items: Vec<&dyn rt::PyFmt> = Vec::new(); {}",
                        lets.join(" "),
                        parts.join(" ")
                    );
                    "&items".to_string()
                } else if args.iter().any(|a| self.changes_something(a)) {
                    // `print(d, d.pop(k))`: the values are computed in order first; the objects
                    // named by the other arguments are printed as they are at the end, as
                    // CPython prints them.
                    let mut lets = Vec::new();
                    let mut items = Vec::new();
                    for a in args {
                        let named =
                            matches!(a.kind, H::Local(_) | H::Field { .. }) && !a.ty.is_copy();
                        if named {
                            items.push(self.print_arg(a));
                        } else {
                            let t = self.fresh("arg");
                            let v = self.value(a);
                            lets.push(format!("let {t} = {v};"));
                            items.push(format!("&{t}"));
                        }
                    }
                    prelude = lets.join(" ");
                    format!("&[{}]", items.join(", "))
                } else {
                    let items: Vec<String> = args.iter().map(|a| self.print_arg(a)).collect();
                    format!("&[{}]", items.join(", "))
                };
                let call = match (sep, end) {
                    (None, None) => format!("rt::print({list})"),
                    _ => {
                        let sep = match sep {
                            Some(s) => self.borrow(s),
                            None => "\" \"".into(),
                        };
                        let end = match end {
                            Some(s) => self.borrow(s),
                            None => "\"\\n\"".into(),
                        };
                        format!("rt::print_with({list}, {sep}, {end})")
                    }
                };
                if prelude.is_empty() {
                    Code::atom(call)
                } else {
                    Code::value(format!("{{ {prelude} {call} }}"), prec::BLOCK)
                }
            }
            H::FString(parts) => self.fstring(parts),
        }
    }

    /// A call's result, as a borrow where the callee returns a part of an argument. An
    /// `Option<&T>` result is copied into the usual `Option<Box<T>>` unless the caller keeps
    /// the borrow (`keep_borrow`).
    fn borrowed_result(&mut self, call: String, p: u8, func: hir::FuncId, e: &hir::Expr) -> Code {
        let ty = &e.ty;
        let Some(rb) = super::callee_ret_borrow(self.ownership, func) else {
            return Code::new(call, p, Kind::Value);
        };
        let mutable =
            rb.mutable && (!rb.shared_variant || self.own.mut_calls.contains(&e.span.start));
        let kind = if mutable { Kind::RefMut } else { Kind::Ref };
        match ty {
            Ty::Optional(_) if self.keep_borrow => Code::new(call, p, kind),
            Ty::Optional(_) => Code::value(
                format!(
                    "{}.map(|v| Box::new(v.clone()))",
                    Code::new(call, p, Kind::Value).recv()
                ),
                prec::ATOM,
            ),
            _ => Code::new(call, p, kind),
        }
    }

    /// Sorting `target` (a `&mut` list) by `key`: a key that is a part of the item (a field, a
    /// tuple item) is compared in place; any other key is computed once per item.
    fn sort_by_key(&mut self, target: &str, key: &hir::Expr, reverse: String) -> String {
        if let H::Lambda { params, body } = &key.kind {
            let part_of_item = |e: &hir::Expr| {
                let mut cur = e;
                let mut depth = 0;
                loop {
                    match &cur.kind {
                        H::Field { obj: x, .. } | H::TupleField { tuple: x, .. } => {
                            depth += 1;
                            cur = x;
                        }
                        H::Local(id) => return depth > 0 && params.first() == Some(id),
                        _ => return false,
                    }
                }
            };
            if let [p] = params.as_slice() {
                if !body.ty.is_copy() && part_of_item(body) {
                    let name = self.names[p.0 as usize].clone();
                    self.repr[p.0 as usize] = super::Repr::Ref;
                    self.in_closure += 1;
                    let part = self.expr(body);
                    self.in_closure -= 1;
                    return format!(
                        "rt::sort_by_ref_key({target}, |{name}| &{}, {reverse})",
                        part.at(prec::UNARY)
                    );
                }
            }
        }
        let k = self.key_closure(key);
        format!("rt::sort_by_key({target}, {k}, {reverse})")
    }

    /// The parameter modes a call passes, and the suffix of the version it calls: a function
    /// with both a `&` and a `&mut` version is called as `name_mut` only where its result is
    /// changed.
    fn call_version(&self, func: hir::FuncId, at: u32) -> (Vec<ParamMode>, &'static str) {
        let mut modes = callee_modes(self.ownership, func).to_vec();
        match super::callee_ret_borrow(self.ownership, func) {
            Some(rb) if rb.shared_variant => {
                if self.own.mut_calls.contains(&at) {
                    (modes, "_mut")
                } else {
                    if let Some(m) = modes.get_mut(rb.param) {
                        *m = ParamMode::Ref;
                    }
                    (modes, "")
                }
            }
            _ => (modes, ""),
        }
    }

    /// Arguments passed by each parameter's mode.
    /// `call`, after the `let`s that bind some of its arguments first.
    fn call_after(
        &mut self,
        lets: &[String],
        call: String,
        func: hir::FuncId,
        e: &hir::Expr,
    ) -> Code {
        if lets.is_empty() {
            self.borrowed_result(call, prec::ATOM, func, e)
        } else {
            let call = format!("{{ {} {call} }}", lets.join(" "));
            self.borrowed_result(call, prec::BLOCK, func, e)
        }
    }

    fn pass_args(&mut self, args: &[hir::Expr], modes: &[ParamMode]) -> Vec<String> {
        args.iter()
            .zip(modes.iter().chain(std::iter::repeat(&ParamMode::Owned)))
            .map(|(a, m)| match m {
                ParamMode::Copy | ParamMode::Owned => self.value(a),
                ParamMode::Ref | ParamMode::StrShadow => self.borrow(a),
                ParamMode::RefMut { .. } => self.borrow_mut(a),
            })
            .collect()
    }

    /// The text of `e`, to look at it (the expression is emitted again where it is used).
    pub(super) fn expr_text(&mut self, e: &hir::Expr) -> String {
        let saved = self.tmp;
        let text = self.expr(e).text;
        self.tmp = saved;
        text
    }

    /// The precedence of `self.value(e)`'s text (a borrowed int or float is dereferenced there:
    /// `*rt::index(xs, i)` binds looser than the `.rem_euclid(..)` a caller may add).
    pub(super) fn expr_prec(&mut self, e: &hir::Expr) -> u8 {
        let saved = self.tmp;
        let c = self.expr(e);
        self.tmp = saved;
        if e.ty.is_copy() {
            copied_prec(&c)
        } else {
            c.prec
        }
    }

    /// Does evaluating `e` change an object in place (a mutating method, a `&mut` argument)?
    fn changes_something(&self, e: &hir::Expr) -> bool {
        let here = match &e.kind {
            H::Method { method, .. } => method.mutates(),
            H::Call { func, .. } => callee_modes(self.ownership, *func)
                .iter()
                .any(|m| matches!(m, ParamMode::RefMut { .. })),
            _ => false,
        };
        let mut deep = false;
        hir::visit::each_child(e, &mut |c| deep = deep || self.changes_something(c));
        here || deep
    }

    fn print_arg(&mut self, a: &hir::Expr) -> String {
        let c = self.expr(a);
        match &a.kind {
            H::Int(n) => format!("&{n}_i64"),
            _ => format!("&{}", c.at(prec::UNARY)),
        }
    }

    fn truthy(&mut self, x: &hir::Expr) -> Code {
        let c = self.expr(x);
        let v = match x.ty {
            Ty::Int | Ty::Float | Ty::Bool => self.own_code(c.clone(), &x.ty),
            _ => c.recv(),
        };
        Code::value(
            truthy_text(&Code::value(v, c.prec).at(prec::CMP + 1), &x.ty),
            prec::CMP,
        )
    }

    fn binary(&mut self, op: Arith, left: &hir::Expr, right: &hir::Expr, ty: &Ty) -> Code {
        let operand_ty = &left.ty;
        if *operand_ty == Ty::Str {
            // `a + b` on strings: reuse `a`'s buffer when it is owned and dead.
            let l = self.expr(left);
            let r = self.str_ref(right);
            return match l.kind {
                Kind::Value => Code::value(format!("{} + {r}", l.at(prec::ADD)), prec::ADD),
                Kind::Place if l.movable => {
                    Code::value(format!("{} + {r}", l.at(prec::ADD)), prec::ADD)
                }
                _ => {
                    let l = self.str_ref(left);
                    Code::atom(format!("[{l}, {r}].concat()"))
                }
            };
        }
        if let Ty::List(_) | Ty::TupleOf(_) = operand_ty {
            let l = self.borrow(left);
            let r = self.borrow(right);
            return Code::atom(format!("rt::concat({l}, {r})"));
        }
        // `n // 2`, `n % 10`: by a positive constant, floor division and modulo are Euclidean
        // (and need no zero check).
        if let (Arith::FloorDiv | Arith::Mod, Ty::Int, H::Int(c)) = (op, operand_ty, &right.kind) {
            if *c > 0 {
                let l = match literal_int(left) {
                    Some(n) => format!("({n}_i64)"),
                    None => self.value(left),
                };
                let lc = Code::value(l, self.expr_prec(left));
                let m = if op == Arith::FloorDiv {
                    "div_euclid"
                } else {
                    "rem_euclid"
                };
                return Code::atom(format!("{}.{m}({c})", lc.recv()));
            }
        }
        // Each operand rendered once: rendering it again for its precedence made a chain of
        // `a + a + ... + a` exponential (50 terms did not finish).
        let lc = self.value_with_prec(left);
        let rc = self.value_with_prec(right);
        let infix =
            |sym: &str, p: u8| Code::value(format!("{} {sym} {}", lc.at(p), rc.at(p + 1)), p);
        let call = |f: &str| Code::atom(format!("{f}({}, {})", lc.text, rc.text));
        let float = *operand_ty == Ty::Float;
        match op {
            Arith::Add => infix("+", prec::ADD),
            Arith::Sub => infix("-", prec::ADD),
            Arith::Mul => infix("*", prec::MUL),
            Arith::Div if float => call("rt::true_div"),
            Arith::Div => call("rt::int_true_div"),
            Arith::FloorDiv if float => call("rt::floordiv_f64"),
            Arith::FloorDiv => call("rt::floordiv"),
            Arith::Mod if float => call("rt::mod_f64"),
            Arith::Mod => call("rt::modulo"),
            Arith::Pow if *ty == Ty::Float => call("rt::pow_float"),
            Arith::Pow => call("rt::pow_int"),
            Arith::BitAnd => infix("&", prec::BITAND),
            Arith::BitOr => infix("|", prec::BITOR),
            Arith::BitXor => infix("^", prec::BITXOR),
            Arith::LShift => call("rt::shl"),
            Arith::RShift => call("rt::shr"),
        }
    }

    /// `n < x` with an `int` and a `float`: compared exactly, as CPython does
    /// (`rt::int_lt_float(n, x)`, `rt::float_lt_int(x, n)`), not through `n as f64`.
    fn compare_int_float(
        &mut self,
        op: CmpOp,
        left: &hir::Expr,
        right: &hir::Expr,
    ) -> Option<Code> {
        let (l, r, name) = match (left.implicit_int_to_float(), right.implicit_int_to_float()) {
            (Some(i), None) if right.ty == Ty::Float => (i, right, "int_{}_float"),
            (None, Some(i)) if left.ty == Ty::Float => (left, i, "float_{}_int"),
            _ => return None,
        };
        let op = match op {
            CmpOp::Eq => "eq",
            CmpOp::NotEq => "ne",
            CmpOp::Lt => "lt",
            CmpOp::LtE => "le",
            CmpOp::Gt => "gt",
            CmpOp::GtE => "ge",
            _ => return None,
        };
        let (a, b) = (self.expr(l), self.expr(r));
        Some(Code::atom(format!(
            "rt::{}({}, {})",
            name.replace("{}", op),
            a.text,
            b.text
        )))
    }

    fn compare(&mut self, op: CmpOp, left: &hir::Expr, right: &hir::Expr) -> Code {
        if let Some(c) = self.compare_int_float(op, left, right) {
            return c;
        }
        match op {
            CmpOp::In | CmpOp::NotIn if matches!(right.ty, Ty::Class(_)) => {
                let Ty::Class(class) = &right.ty else {
                    return Code::atom("false");
                };
                let found = self.program.functions.iter().position(|f| {
                    f.name == "__contains__" && f.kind == hir::FnKind::Method(class.clone())
                });
                let Some(idx) = found else {
                    return Code::atom("false");
                };
                let func = hir::FuncId(u32::try_from(idx).unwrap_or(0));
                let call = hir::Expr {
                    kind: H::Call {
                        func,
                        args: vec![right.clone(), left.clone()],
                    },
                    ty: Ty::Bool,
                    span: left.span,
                };
                let c = self.expr(&call);
                if op == CmpOp::NotIn {
                    Code::value(format!("!{}", c.at(prec::UNARY)), prec::UNARY)
                } else {
                    c
                }
            }
            CmpOp::In | CmpOp::NotIn
                if !effect_free(left)
                    && !effect_free(right)
                    && !matches!(right.ty, Ty::Tuple(_)) =>
            {
                // Python evaluates the needle first, Rust the receiver of `.contains(..)`: when
                // both may print, raise or change something, the needle is bound first.
                let neg = if op == CmpOp::NotIn { "!" } else { "" };
                let v = self.value(left);
                let n = self.fresh("needle");
                let hay = self.expr(right).recv();
                let test = match &right.ty {
                    Ty::Dict(..) => format!("{hay}.contains_key(&{n})"),
                    Ty::Set(_) => format!("{hay}.contains(&{n})"),
                    Ty::Str => format!("{hay}.contains({n}.as_str())"),
                    _ if left.ty == Ty::Str => format!("{hay}.iter().any(|x| *x == {n})"),
                    _ => format!("{hay}.contains(&{n})"),
                };
                Code::value(format!("{{ let {n} = {v}; {neg}{test} }}"), prec::BLOCK)
            }
            CmpOp::In | CmpOp::NotIn => {
                let neg = if op == CmpOp::NotIn { "!" } else { "" };
                let text = if matches!(right.ty, Ty::Dict(..) | Ty::Set(_)) {
                    let hay = self.expr(right);
                    let needle = self.key_ref(left);
                    let m = if matches!(right.ty, Ty::Dict(..)) {
                        "contains_key"
                    } else {
                        "contains"
                    };
                    format!("{neg}{}.{m}({needle})", hay.recv())
                } else if right.ty == Ty::Str {
                    let hay = self.expr(right);
                    let needle = self.str_ref(left);
                    format!("{neg}{}.contains({needle})", hay.recv())
                } else if let Ty::Tuple(items) = &right.ty {
                    // `x in (a, b)`: compare with each item.
                    let parts: Vec<String> = match &right.kind {
                        H::Tuple(values) => values
                            .iter()
                            .map(|v| {
                                if v.ty == Ty::Str {
                                    self.str_ref(v)
                                } else {
                                    self.borrow_lit(v)
                                }
                            })
                            .collect(),
                        _ => {
                            let t = self.expr(right).recv();
                            (0..items.len())
                                .map(|i| {
                                    if items[i] == Ty::Str {
                                        format!("{t}.{i}.as_str()")
                                    } else {
                                        format!("&{t}.{i}")
                                    }
                                })
                                .collect()
                        }
                    };
                    let needle = if left.ty == Ty::Str {
                        self.str_ref(left)
                    } else {
                        self.borrow_lit(left)
                    };
                    format!("{neg}[{}].contains(&{needle})", parts.join(", "))
                } else {
                    let hay = self.expr(right);
                    let needle = self.borrow(left);
                    let needle = if left.ty == Ty::Str {
                        format!("&{}", self.str_ref(left))
                    } else {
                        needle
                    };
                    if left.ty == Ty::Str {
                        format!("{neg}{}.iter().any(|x| x == {needle})", hay.recv())
                    } else {
                        format!("{neg}{}.contains({needle})", hay.recv())
                    }
                };
                Code::value(
                    text,
                    if neg.is_empty() {
                        prec::ATOM
                    } else {
                        prec::UNARY
                    },
                )
            }
            CmpOp::Is | CmpOp::IsNot => {
                let (opt, other) = if matches!(left.ty, Ty::Optional(_)) {
                    (left, right)
                } else {
                    (right, left)
                };
                if !matches!(opt.ty, Ty::Optional(_)) || other.ty != Ty::None {
                    return Code::atom(if op == CmpOp::Is { "true" } else { "false" });
                }
                let c = self.expr(opt);
                let m = if op == CmpOp::Is {
                    "is_none"
                } else {
                    "is_some"
                };
                Code::atom(format!("{}.{m}()", c.recv()))
            }
            _ if matches!(left.ty, Ty::Set(_)) && !matches!(op, CmpOp::Eq | CmpOp::NotEq) => {
                let a = self.expr(left);
                let b = self.borrow(right);
                let text = match op {
                    CmpOp::LtE => format!("{}.is_subset({b})", a.recv()),
                    CmpOp::GtE => format!("{}.is_superset({b})", a.recv()),
                    CmpOp::Lt => format!("{}.is_proper_subset({b})", a.recv()),
                    _ => format!("{}.is_proper_superset({b})", a.recv()),
                };
                Code::value(text, prec::ATOM)
            }
            _ => {
                let sym = op.symbol();
                let (l, r) = if left.ty == Ty::Str {
                    (self.str_ref(left), self.str_ref(right))
                } else if left.ty.is_copy() {
                    (self.value(left), self.value(right))
                } else if matches!(left.ty, Ty::List(_)) && matches!(right.ty, Ty::List(_)) {
                    // As slices: a `&mut Vec` parameter, a `&[T]` one and a `&Vec` value
                    // compare only as `[T]` (and `xs < xs` must not borrow `xs` mutably).
                    let slice = |t: String| {
                        if t.chars().all(|c| c.is_alphanumeric() || c == '_') {
                            format!("{t}[..]")
                        } else {
                            format!("({t})[..]")
                        }
                    };
                    (slice(self.borrow(left)), slice(self.borrow(right)))
                } else {
                    (self.borrow(left), self.borrow(right))
                };
                let lc = Code::value(
                    l,
                    if left.ty.is_copy() {
                        self.expr_prec(left)
                    } else {
                        prec::UNARY
                    },
                );
                let rc = Code::value(
                    r,
                    if right.ty.is_copy() {
                        self.expr_prec(right)
                    } else {
                        prec::UNARY
                    },
                );
                // `12 - n as i64 < 8` reads as generics (`i64<8>`): a left side ending in a cast
                // goes in parentheses.
                let left = if lc.prec == prec::CAST || ends_with_cast(&lc.text) {
                    format!("({})", lc.text)
                } else {
                    lc.at(prec::CMP + 1)
                };
                Code::value(format!("{left} {sym} {}", rc.at(prec::CMP + 1)), prec::CMP)
            }
        }
    }

    /// `a < b < c`: each operand once; simple operands are repeated, others bound first.
    fn chain(&mut self, first: &hir::Expr, rest: &[(CmpOp, hir::Expr)]) -> Code {
        let simple = |e: &hir::Expr| {
            matches!(
                e.kind,
                H::Local(_) | H::Int(_) | H::Float(_) | H::Str(_) | H::Bool(_)
            ) && e.ty.is_copy()
        };
        if rest
            .iter()
            .take(rest.len().saturating_sub(1))
            .all(|(_, e)| simple(e))
        {
            let mut parts = Vec::new();
            let mut left = first;
            for (op, right) in rest {
                let c = self.compare(*op, left, right);
                parts.push(c.at(prec::AND + 1));
                left = right;
            }
            return Code::value(parts.join(" && "), prec::AND);
        }
        // Bind each middle operand to a temporary, evaluating lazily like Python:
        // `{ let b = ..; a < b && { let c = ..; b < c } }`.
        let first_v = self.value(first);
        let name = self.fresh("operand");
        let text = self.chain_rest(name.clone(), rest);
        Code::value(format!("{{ let {name} = {first_v}; {text} }}"), prec::BLOCK)
    }

    fn chain_rest(&mut self, prev: String, rest: &[(CmpOp, hir::Expr)]) -> String {
        let Some(((op, right), tail)) = rest.split_first() else {
            return "true".into();
        };
        let r = self.value(right);
        let sym = op.symbol();
        if tail.is_empty() {
            let r = if matches!(
                right.kind,
                H::Local(_) | H::Int(_) | H::Float(_) | H::Bool(_)
            ) {
                r
            } else {
                format!("({r})")
            };
            return format!("{prev} {sym} {r}");
        }
        let name = self.fresh("operand");
        let inner = self.chain_rest(name.clone(), tail);
        format!("{{ let {name} = {r}; {prev} {sym} {name} && {{ {inner} }} }}")
    }

    fn fstring(&mut self, parts: &[hir::FPart]) -> Code {
        let (fmt, args) = self.format_args(parts);
        let inline = fmt.replace("{{", "").contains('{');
        if args.is_empty() && !inline {
            return Code::new(format!("{fmt:?}"), prec::ATOM, Kind::StrRef);
        }
        if fmt == "{}" && args.len() == 1 && !inline {
            let a = &args[0];
            if a.starts_with("rt::") || a.ends_with(".to_string()") {
                return Code::atom(a.clone());
            }
            return Code::atom(format!("{a}.to_string()"));
        }
        let mut text = format!("format!({fmt:?}");
        for a in args {
            text.push_str(", ");
            text.push_str(&a);
        }
        text.push(')');
        Code::atom(text)
    }

    /// The format string and its arguments for a list of f-string parts.
    fn format_args(&mut self, parts: &[hir::FPart]) -> (String, Vec<String>) {
        let mut fmt = String::new();
        let mut args = Vec::new();
        for p in parts {
            match p {
                hir::FPart::Lit(s) => fmt.push_str(&s.replace('{', "{{").replace('}', "}}")),
                hir::FPart::Field { value, repr, spec } => {
                    let arg = match (spec, repr) {
                        (None, false) => match value.ty {
                            Ty::Int | Ty::Str => {
                                let c = self.expr(value);
                                if let (
                                    H::Local(_),
                                    Kind::Place | Kind::StrRef | Kind::Ref,
                                    false,
                                ) = (&value.kind, c.kind, c.text.starts_with("r#"))
                                {
                                    fmt.push('{');
                                    fmt.push_str(&c.text);
                                    fmt.push('}');
                                    continue;
                                }
                                c.text
                            }
                            _ => format!("rt::str({})", self.borrow_lit(value)),
                        },
                        (None, true) => format!("rt::repr({})", self.borrow_lit(value)),
                        (Some(spec), repr) => {
                            let spec_text = if spec.iter().all(|p| matches!(p, hir::FPart::Lit(_)))
                            {
                                let s: String = spec
                                    .iter()
                                    .map(|p| {
                                        if let hir::FPart::Lit(s) = p {
                                            s.as_str()
                                        } else {
                                            ""
                                        }
                                    })
                                    .collect();
                                format!("{s:?}")
                            } else {
                                let (f, a) = self.format_args(spec);
                                format!("&format!({f:?}, {})", a.join(", "))
                            };
                            let v = if *repr {
                                format!("&rt::repr({})", self.borrow_lit(value))
                            } else {
                                self.borrow_lit(value)
                            };
                            format!("rt::format({v}, {spec_text})")
                        }
                    };
                    fmt.push_str("{}");
                    args.push(arg);
                }
            }
        }
        (fmt, args)
    }

    /// A `&T` for a list element comparison (`&String` for str, never `&str`).
    fn elem_ref(&mut self, e: &hir::Expr) -> String {
        if e.ty == Ty::Str {
            let c = self.expr(e);
            return match c.kind {
                Kind::StrRef => format!("&{}.to_string()", c.recv()),
                Kind::Ref | Kind::RefMut => c.text,
                Kind::Value | Kind::Place => format!("&{}", c.at(prec::UNARY)),
            };
        }
        self.borrow_lit(e)
    }

    /// A borrow for the runtime's generic formatting functions (int literals typed as i64).
    fn borrow_lit(&mut self, e: &hir::Expr) -> String {
        if let H::Int(n) = e.kind {
            return format!("&{n}_i64");
        }
        self.borrow(e)
    }

    fn builtin(&mut self, func: B, args: &[hir::Expr], ty: &Ty) -> Code {
        let a = |s: &mut Self, i: usize| s.value(&args[i]);
        let r = |s: &mut Self, i: usize| s.borrow_lit(&args[i]);
        let call1 = |s: &mut Self, f: &str| {
            let x = a(s, 0);
            Code::atom(format!("{f}({x})"))
        };
        match func {
            B::LenList | B::LenStr => {
                let c = self.expr(&args[0]);
                if func == B::LenStr {
                    let s = borrow_code(&c, &Ty::Str);
                    Code::atom(format!("rt::str_len({s})"))
                } else {
                    Code::value(format!("{}.len() as i64", c.recv()), prec::CAST)
                }
            }
            B::LenDict | B::LenSet => {
                let c = self.expr(&args[0]);
                Code::value(format!("{}.len() as i64", c.recv()), prec::CAST)
            }
            B::HashInt => call1(self, "rt::hash_int"),
            B::HashValue => {
                let x = self.borrow(&args[0]);
                if cpython_hash(&args[0].ty) {
                    // The number CPython prints (it randomizes only str hashes).
                    Code::atom(format!("rt::py_hash({x})"))
                } else {
                    Code::atom(format!("rt::hash_value({x})"))
                }
            }
            B::SetFromList => {
                let it = self.owned_items(&args[0]);
                Code::atom(format!("{it}.collect::<rt::Set<_>>()"))
            }
            B::UnpackAtLeast => {
                let (len, n) = (self.value(&args[0]), self.value(&args[1]));
                Code::atom(format!("rt::unpack_at_least({len}, {n})"))
            }
            B::Transpose => {
                let rows = self.borrow(&args[0]);
                Code::atom(format!("rt::transpose({rows})"))
            }
            B::ToTupleOf => {
                let xs = self.value(&args[0]);
                match xs.strip_suffix(".collect::<Vec<_>>()") {
                    Some(chain) => Code::atom(format!("{chain}.collect::<rt::Tuple<_>>()")),
                    None => Code::atom(format!("rt::Tuple::from({xs})")),
                }
            }
            B::DictFromList => {
                let it = self.owned_items(&args[0]);
                Code::atom(format!("{it}.collect::<rt::Dict<_, _>>()"))
            }
            B::AbsInt => {
                if let Some(n) = literal_int(&args[0]).and_then(i64::checked_abs) {
                    return Code::atom(format!("{n}_i64"));
                }
                let x = self.expr(&args[0]);
                let v = self.own_code(x.clone(), &Ty::Int);
                Code::atom(format!("{}.abs()", Code::value(v, copied_prec(&x)).recv()))
            }
            B::AbsFloat => {
                if let H::Float(f) = args[0].kind {
                    return Code::atom(format!("{}_f64", float_literal(f.abs())));
                }
                if let H::Neg(inner) = &args[0].kind {
                    if let H::Float(f) = inner.kind {
                        return Code::atom(format!("{}_f64", float_literal(f.abs())));
                    }
                }
                let x = self.expr(&args[0]);
                let v = self.own_code(x.clone(), &Ty::Float);
                Code::atom(format!("{}.abs()", Code::value(v, copied_prec(&x)).recv()))
            }
            B::MinOf | B::MaxOf => {
                let is_min = func == B::MinOf;
                let literals: Option<Vec<i64>> = args.iter().map(literal_int).collect();
                if let (Ty::Int, Some(ns)) = (ty, literals) {
                    // `max(4, 9)`: the constant itself (`(4).max(9)` would not know its type).
                    let n = if is_min {
                        ns.iter().min()
                    } else {
                        ns.iter().max()
                    };
                    if let Some(&n) = n {
                        let p = if n < 0 { prec::UNARY } else { prec::ATOM };
                        return Code::value(format!("{n}_i64"), p);
                    }
                }
                let mut vals: Vec<String> = args.iter().map(|x| self.value(x)).collect();
                if *ty == Ty::Int {
                    // `(4).max(x)` with `x` a reference would not know its int type either.
                    suffix_int_literals(&mut vals[..1], args[..1].iter());
                }
                let mut acc = vals[0].clone();
                for v in &vals[1..] {
                    acc = match ty {
                        Ty::Int => format!(
                            "{}.{}({v})",
                            Code::value(acc, prec::BLOCK).recv(),
                            if is_min { "min" } else { "max" }
                        ),
                        Ty::Float => format!(
                            "rt::{}({acc}, {v})",
                            if is_min { "min_f64" } else { "max_f64" }
                        ),
                        _ => format!("rt::{}([{acc}, {v}])", if is_min { "min" } else { "max" }),
                    };
                }
                Code::atom(acc)
            }
            B::MinList | B::MaxList => {
                let is_min = func == B::MinList;
                let it = self.owned_items(&args[0]);
                let keyed = !matches!(args[1].kind, H::None);
                let call = if keyed {
                    let k = self.key_closure(&args[1]);
                    format!(
                        "rt::{}({}, {k})",
                        if is_min { "min_by_key" } else { "max_by_key" },
                        "ITEMS"
                    )
                } else {
                    format!("rt::{}({})", if is_min { "min" } else { "max" }, "ITEMS")
                };
                let elem = args[0].ty.iter_item().unwrap_or(Ty::Error);
                if args[2].ty == Ty::None && ty.is_optional() && !elem.is_optional() {
                    // `default=None`: `None` when empty, else `Some(the extreme)`.
                    let items = self.fresh("items");
                    let call = call.replace("ITEMS", &items);
                    let some = if matches!(elem, Ty::Class(_)) {
                        format!("Box::new({call})")
                    } else {
                        call
                    };
                    return Code::value(format!("{{ let {items}: Vec<_> = {}; if {items}.is_empty() {{ None }} else {{ Some({some}) }} }}", collected(&it)), prec::BLOCK);
                }
                if matches!(args[2].kind, H::None) {
                    return Code::atom(call.replace("ITEMS", items_arg(&it)));
                }
                let d = self.value(&args[2]);
                let items = self.fresh("items");
                let call = call.replace("ITEMS", &items);
                Code::value(format!("{{ let {items}: Vec<_> = {}; if {items}.is_empty() {{ {d} }} else {{ {call} }} }}", collected(&it)), prec::BLOCK)
            }
            B::SumInt | B::SumFloat => {
                let it = self.owned_items(&args[0]);
                if func == B::SumInt {
                    Code::atom(format!("{it}.sum::<i64>()"))
                } else {
                    Code::atom(format!("rt::sum_f64({})", items_arg(&it)))
                }
            }
            B::Any | B::All => {
                let f = if func == B::Any { "any" } else { "all" };
                if let H::Comprehension { elt, gens } = &args[0].kind {
                    if let Some(text) = self.comp_consume(elt, gens, f) {
                        return Code::atom(text);
                    }
                }
                let it = self.owned_items(&args[0]);
                let elem = args[0].ty.iter_item().unwrap_or(Ty::Bool);
                let test = super::expr::truthy_text("x", &elem);
                let pat = if elem.is_copy() { "x" } else { "x" };
                let test = if elem.is_copy() {
                    test
                } else {
                    super::expr::truthy_text("x", &elem)
                };
                Code::atom(format!("{it}.{f}(|{pat}| {test})"))
            }
            B::Str => match args[0].ty {
                Ty::Int => {
                    let c = self.expr(&args[0]);
                    let v = self.own_code(c.clone(), &Ty::Int);
                    Code::atom(format!(
                        "{}.to_string()",
                        Code::value(v, copied_prec(&c)).recv()
                    ))
                }
                Ty::Str => {
                    let v = self.value(&args[0]);
                    Code::atom(v)
                }
                _ => {
                    let x = r(self, 0);
                    Code::atom(format!("rt::str({x})"))
                }
            },
            B::Repr => {
                let x = r(self, 0);
                Code::atom(format!("rt::repr({x})"))
            }
            B::IntFromStr => {
                let s = self.borrow(&args[0]);
                Code::atom(format!("rt::int_from_str({s})"))
            }
            B::IntFromStrBase => {
                let s = self.borrow(&args[0]);
                let b = a(self, 1);
                Code::atom(format!("rt::int_from_str_base({s}, {b})"))
            }
            B::IntFromFloat => call1(self, "rt::int_from_float"),
            B::FloatFromStr => {
                let s = self.borrow(&args[0]);
                Code::atom(format!("rt::float_from_str({s})"))
            }
            B::RoundFloat => call1(self, "rt::round_half_even"),
            B::RoundFloatDigits => {
                let (x, n) = (a(self, 0), a(self, 1));
                Code::atom(format!("rt::round_digits({x}, {n})"))
            }
            B::RoundIntDigits => {
                let (x, n) = (a(self, 0), a(self, 1));
                Code::atom(format!("rt::round_int({x}, {n})"))
            }
            B::Sorted => {
                let items = self.owned_items(&args[0]);
                let (reverse, key) = (&args[1], &args[2]);
                if matches!(key.kind, H::None) && matches!(reverse.kind, H::Bool(false)) {
                    return Code::atom(format!("rt::sorted({})", items_arg(&items)));
                }
                let v = self.fresh("sorted");
                let sort = if matches!(key.kind, H::None) {
                    match reverse.kind {
                        H::Bool(true) => format!("rt::sort_reverse(&mut {v});"),
                        _ => {
                            let r = self.value(reverse);
                            format!("if {r} {{ rt::sort_reverse(&mut {v}) }} else {{ rt::sort(&mut {v}) }}")
                        }
                    }
                } else {
                    let r = self.value(reverse);
                    format!("{};", self.sort_by_key(&format!("&mut {v}"), key, r))
                };
                Code::value(
                    format!(
                        "{{ let mut {v}: Vec<_> = {}; {sort} {v} }}",
                        collected(&items)
                    ),
                    prec::BLOCK,
                )
            }
            B::ListCopy => {
                let c = self.expr(&args[0]);
                if c.kind == Kind::Value && matches!(args[0].ty, Ty::List(_)) {
                    // `list(xs[1:])`: the slice is a new list already.
                    return c;
                }
                Code::atom(format!("{}.to_vec()", c.recv()))
            }
            B::ListFromStr => {
                let s = self.borrow(&args[0]);
                Code::atom(format!(
                    "rt::str_chars({s}).map(str::to_string).collect::<Vec<_>>()"
                ))
            }
            B::Ord => {
                let s = self.borrow(&args[0]);
                Code::atom(format!("rt::ord({s})"))
            }
            B::Chr => call1(self, "rt::chr"),
            B::DivmodInt => {
                let (x, y) = (a(self, 0), a(self, 1));
                Code::atom(format!("rt::divmod({x}, {y})"))
            }
            B::DivmodFloat => {
                let (x, y) = (a(self, 0), a(self, 1));
                Code::atom(format!("rt::divmod_f64({x}, {y})"))
            }
            B::PowMod => {
                let (x, y, m) = (a(self, 0), a(self, 1), a(self, 2));
                Code::atom(format!("rt::pow_mod({x}, {y}, {m})"))
            }
            B::Hex => call1(self, "rt::hex"),
            B::Oct => call1(self, "rt::oct"),
            B::Bin => call1(self, "rt::bin"),
            B::BitLength => call1(self, "rt::bit_length"),
            B::Input => {
                let p = self.borrow(&args[0]);
                Code::atom(format!("rt::input({p})"))
            }
            B::SysArgv => Code::atom("rt::argv()"),
            B::StdinLines => Code::atom("rt::stdin_lines()"),
            B::StdinRead => Code::atom("rt::stdin_read()"),
            B::StdinReadline => Code::atom("rt::stdin_readline()"),
            B::SysExit => call1(self, "rt::exit"),
            B::SysSetRecursionLimit => call1(self, "rt::set_recursion_limit"),
            B::SysGetRecursionLimit => Code::atom("rt::get_recursion_limit()"),
            B::Math(name) => {
                let vals: Vec<String> = (0..args.len()).map(|i| a(self, i)).collect();
                let f = if name == "isclose" {
                    "isclose_tol"
                } else {
                    name
                };
                Code::atom(format!("rt::math::{f}({})", vals.join(", ")))
            }
        }
    }

    fn method(&mut self, method: M, receiver: &hir::Expr, args: &[hir::Expr]) -> Code {
        // `xs.insert(len(xs), v)`: arguments that read the receiver are evaluated before it is
        // borrowed mutably (Python evaluates them first too).
        if method.mutates() && method != M::ListAppend {
            if let Some(root) = crate::ownership::root_local(receiver) {
                let conflicting: Vec<&hir::Expr> = args
                    .iter()
                    .filter(|a| {
                        super::decls::expr_mentions(a, root) && !matches!(a.kind, H::Local(_))
                    })
                    .collect();
                if !conflicting.is_empty() {
                    let mut lets = Vec::new();
                    for a in conflicting {
                        let t = self.fresh("arg");
                        let v = self.value(a);
                        lets.push(format!("let {t} = {v};"));
                        self.pre.insert(super::decls::addr(a), t);
                    }
                    let call = self.method_inner(method, receiver, args);
                    return Code::value(
                        format!("{{ {} {} }}", lets.join(" "), call.text),
                        prec::BLOCK,
                    );
                }
            }
        }
        self.method_inner(method, receiver, args)
    }

    fn method_inner(&mut self, method: M, receiver: &hir::Expr, args: &[hir::Expr]) -> Code {
        let recv_mut = |s: &mut Self| {
            let c = s.place_mut(receiver);
            c.recv()
        };
        match method {
            M::ExcExitCode => {
                let e = self.expr(receiver);
                Code::atom(format!("{}.exit_code()", e.recv()))
            }
            M::ExcArgs => {
                let e = self.expr(receiver);
                Code::atom(format!("{}.args()", e.recv()))
            }
            M::ExcClassName => {
                let e = self.expr(receiver);
                Code::new(
                    format!("{}.kind.name()", e.recv()),
                    prec::ATOM,
                    Kind::StrRef,
                )
            }
            M::ListAppend => {
                let v = self.value(&args[0]);
                let r = recv_mut(self);
                // `xs.append(xs.pop(0))`: evaluate the argument before borrowing the receiver.
                let conflict = crate::ownership::root_local(receiver)
                    .is_some_and(|id| super::decls::expr_mentions(&args[0], id));
                if conflict {
                    let item = self.fresh("item");
                    return Code::value(
                        format!("{{ let {item} = {v}; {r}.push({item}) }}"),
                        prec::BLOCK,
                    );
                }
                Code::atom(format!("{r}.push({v})"))
            }
            M::ListPop => {
                let r = self.borrow_mut(receiver);
                Code::atom(format!("rt::list_pop({r})"))
            }
            M::ListPopAt => {
                let i = self.value(&args[0]);
                let r = self.borrow_mut(receiver);
                Code::atom(format!("rt::list_pop_at({r}, {i})"))
            }
            M::ListInsert => {
                let i = self.value(&args[0]);
                let v = self.value(&args[1]);
                let r = self.borrow_mut(receiver);
                Code::atom(format!("rt::list_insert({r}, {i}, {v})"))
            }
            M::ListExtend => {
                let c = self.expr(&args[0]);
                let r = recv_mut(self);
                if matches!(args[0].kind, H::List(ref items) if items.is_empty()) {
                    return Code::atom("()");
                }
                if c.kind == Kind::Value || (c.kind == Kind::Place && c.movable) {
                    Code::atom(format!("{r}.extend({})", c.text))
                } else {
                    Code::atom(format!(
                        "{r}.extend_from_slice({})",
                        borrow_code(&c, &args[0].ty)
                    ))
                }
            }
            M::ListIndex | M::ListCount => {
                let v = self.elem_ref(&args[0]);
                let r = self.borrow(receiver);
                let f = if method == M::ListIndex {
                    "list_index"
                } else {
                    "list_count"
                };
                Code::atom(format!("rt::{f}({r}, {v})"))
            }
            M::ListRemove => {
                let v = self.elem_ref(&args[0]);
                let r = self.borrow_mut(receiver);
                Code::atom(format!("rt::list_remove({r}, {v})"))
            }
            M::ListReverse => {
                let r = recv_mut(self);
                Code::atom(format!("{r}.reverse()"))
            }
            M::ListClear => {
                let r = recv_mut(self);
                Code::atom(format!("{r}.clear()"))
            }
            M::ListSort if !matches!(args[1].kind, H::None) => {
                let rev = self.value(&args[0]);
                let r = self.borrow_mut(receiver);
                Code::atom(self.sort_by_key(&r, &args[1], rev))
            }
            M::ListSort => {
                let r = self.borrow_mut(receiver);
                let reverse = &args[0];
                let float = receiver.ty == Ty::list(Ty::Float);
                match reverse.kind {
                    H::Bool(false) if float => Code::atom(format!("rt::sort_f64({r})")),
                    H::Bool(false) => Code::atom(format!("rt::sort({r})")),
                    H::Bool(true) => Code::atom(format!("rt::sort_reverse({r})")),
                    _ => {
                        let rev = self.value(reverse);
                        Code::atom(format!(
                            "if {rev} {{ rt::sort_reverse({r}) }} else {{ rt::sort({r}) }}"
                        ))
                    }
                }
            }
            M::ListCopy => {
                let c = self.expr(receiver);
                Code::atom(format!("{}.to_vec()", c.recv()))
            }
            M::Str(name) => self.str_method(name, receiver, args),
            M::ListSliceDel => {
                let mut opt = |x: &hir::Expr| match x.kind {
                    H::None => "None".to_string(),
                    _ => format!("Some({})", self.value(x)),
                };
                let (a, b, c) = (opt(&args[0]), opt(&args[1]), opt(&args[2]));
                let r = self.borrow_mut(receiver);
                Code::atom(format!("rt::slice_del({r}, {a}, {b}, {c})"))
            }
            M::ListSliceAssign => {
                let mut opt = |x: &hir::Expr| match x.kind {
                    H::None => "None".to_string(),
                    _ => format!("Some({})", self.value(x)),
                };
                let (a, b, c) = (opt(&args[0]), opt(&args[1]), opt(&args[2]));
                let v = self.value(&args[3]);
                let r = self.borrow_mut(receiver);
                Code::atom(format!("rt::slice_assign({r}, {a}, {b}, {c}, {v})"))
            }
            M::ListDel => {
                let i = self.value(&args[0]);
                let r = self.borrow_mut(receiver);
                Code::atom(format!("rt::list_del({r}, {i})"))
            }
            _ => self.container_method(method, receiver, args),
        }
    }

    fn str_method(&mut self, name: &str, receiver: &hir::Expr, args: &[hir::Expr]) -> Code {
        let s = self.borrow(receiver);
        let mut vals = Vec::new();
        for a in args {
            let v = match (&a.kind, &a.ty) {
                (H::None, _) => "None".to_string(),
                (_, Ty::Str)
                    if matches!(name, "strip" | "lstrip" | "rstrip" | "split" | "rsplit")
                        && vals.is_empty() =>
                {
                    format!("Some({})", self.borrow(a))
                }
                (H::Str(lit), Ty::Str)
                    if matches!(name, "ljust" | "rjust" | "center") && lit.chars().count() == 1 =>
                {
                    format!("{:?}", lit.chars().next().unwrap_or(' '))
                }
                (_, Ty::Str) if matches!(name, "ljust" | "rjust" | "center") => {
                    let c = self.borrow(a);
                    format!("rt::fill_char({c})")
                }
                (_, Ty::Str) => self.borrow(a),
                (_, Ty::List(_)) => self.borrow(a),
                _ => self.value(a),
            };
            vals.push(v);
        }
        if matches!(name, "startswith_any" | "endswith_any") {
            return Code::atom(format!("rt::str_{name}({s}, &[{}])", vals.join(", ")));
        }
        if matches!(name, "startswith_range" | "endswith_range") {
            let start = format!("Some({})", vals[1]);
            let end = args.get(2).map_or("None".to_string(), |a| {
                if matches!(a.kind, H::Int(i64::MAX)) {
                    "None".into()
                } else {
                    format!("Some({})", vals[2])
                }
            });
            return Code::atom(format!("rt::str_{name}({s}, {}, {start}, {end})", vals[0]));
        }
        let opt_range = matches!(name, "find" | "rfind" | "index" | "rindex" | "count");
        if opt_range {
            // start/end: i64::MAX and 0 stand for "not given".
            let start = args.get(1).map_or("None".to_string(), |a| {
                if matches!(a.kind, H::Int(0)) {
                    "None".into()
                } else {
                    format!("Some({})", vals[1])
                }
            });
            let end = args.get(2).map_or("None".to_string(), |a| {
                if matches!(a.kind, H::Int(i64::MAX)) {
                    "None".into()
                } else {
                    format!("Some({})", vals[2])
                }
            });
            let f = if name == "index" {
                "str_index_of"
            } else {
                name
            };
            let f = if name == "count" {
                "str_count"
            } else if name == "index" {
                f
            } else {
                &format!("str_{name}")
            };
            let f = if name == "index" {
                "str_index_of".to_string()
            } else {
                f.to_string()
            };
            return Code::atom(format!("rt::{f}({s}, {}, {start}, {end})", vals[0]));
        }
        if name == "join" {
            if let H::Comprehension { .. } = args[0].kind {
                let it = self.owned_items(&args[0]);
                return Code::atom(format!("{it}.collect::<Vec<String>>().join({s})"));
            }
            return Code::atom(format!("rt::str_join({s}, {})", vals[0]));
        }
        let mut all = vec![s];
        all.extend(vals);
        let call = format!("rt::str_{name}({})", all.join(", "));
        match name {
            "strip" | "lstrip" | "rstrip" | "removeprefix" | "removesuffix" => {
                Code::new(call, prec::ATOM, Kind::StrRef)
            }
            _ => Code::atom(call),
        }
    }
}

/// `rt::Dict::<K, V>` / `rt::Set::<T>` for an empty literal of that type.
fn turbofish(ty: &Ty) -> String {
    match ty {
        Ty::Dict(k, v) if !k.contains_var() && !v.contains_var() => format!(
            "rt::Dict::<{}, {}>",
            super::rust_type(k),
            super::rust_type(v)
        ),
        Ty::Set(t) if !t.contains_var() => format!("rt::Set::<{}>", super::rust_type(t)),
        Ty::TupleOf(t) if !t.contains_var() => format!("rt::Tuple::<{}>", super::rust_type(t)),
        Ty::TupleOf(_) | Ty::Tuple(_) => "rt::Tuple::<()>".into(),
        Ty::Dict(..) => "rt::Dict::<(), ()>".into(),
        _ => "rt::Set::<()>".into(),
    }
}

/// A list-producing comprehension text turned into another collection.
fn comp_collect(list_text: &str, target: &str) -> String {
    match list_text.strip_suffix(".collect::<Vec<_>>()") {
        Some(chain) => format!("{chain}.collect::<{target}>()"),
        None => format!("{list_text}.into_iter().collect::<{target}>()"),
    }
}

impl FnEmitter<'_> {
    /// `x` inside the `if let` that bound it to its subclass instance: the bound name.
    fn bound_downcast(&self, x: &hir::Expr) -> Option<Code> {
        let H::Local(id) = x.kind else {
            return None;
        };
        let mutable = *self.downcast_bound.get(&id)?;
        let kind = if mutable { Kind::RefMut } else { Kind::Ref };
        Some(Code::new(
            self.names[id.0 as usize].clone(),
            prec::ATOM,
            kind,
        ))
    }

    /// `x` (a base-class value, as `v`) as the subclass instance `e`'s type says it is: a
    /// reference (`&` or `&mut `, as `how`) into the enum's variant.
    fn downcast(&self, x: &hir::Expr, e: &hir::Expr, v: &Code, how: &str) -> String {
        let (Ty::Class(base), Ty::Class(class)) = (&x.ty, &e.ty) else {
            return v.text.clone();
        };
        let place = match v.kind {
            Kind::Ref | Kind::RefMut => v.text.clone(),
            _ => format!("{how}{}", v.at(prec::UNARY)),
        };
        format!(
            "match {place} {{ {}::{}(x) => x, _ => unreachable!(\"checked by isinstance\") }}",
            super::dispatch::enum_name(base),
            super::names::type_name(class)
        )
    }
}

/// `hash()` of a value of this type is a number CPython computes the same way in every run.
fn cpython_hash(ty: &Ty) -> bool {
    match ty {
        Ty::Int | Ty::Bool | Ty::Float => true,
        Ty::Tuple(ts) => ts.len() <= 8 && ts.iter().all(cpython_hash),
        Ty::TupleOf(t) => cpython_hash(t),
        _ => false,
    }
}

/// Int literals alone would default to i32 in Rust: when every item is one, the first gets
/// an `_i64` suffix (a list, a set, or the keys or values of a dict literal).
fn suffix_int_literals<'a>(texts: &mut [String], items: impl Iterator<Item = &'a hir::Expr>) {
    if let (true, Some(first)) = (
        items.into_iter().all(|i| literal_int(i).is_some()),
        texts.first_mut(),
    ) {
        if !first.ends_with("_i64") {
            first.push_str("_i64");
        }
    }
}

/// Does `text` end with a cast to a type name (`a - xs.len() as i64`)?
fn ends_with_cast(text: &str) -> bool {
    text.rsplit_once(" as ").is_some_and(|(_, ty)| {
        !ty.is_empty() && ty.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// The precedence of `own_code(c, ty)` for a `Copy` type: a borrowed value is dereferenced
/// (`*i`), which binds looser than a method call added after it.
fn copied_prec(c: &Code) -> u8 {
    if matches!(c.kind, Kind::Ref | Kind::RefMut) {
        c.prec.min(prec::UNARY)
    } else {
        c.prec
    }
}

/// An expression whose evaluation prints nothing, raises nothing and changes nothing (so it may
/// be evaluated after another one without Python noticing).
fn effect_free(e: &hir::Expr) -> bool {
    match &e.kind {
        H::Int(_) | H::Float(_) | H::Bool(_) | H::Str(_) | H::None | H::Local(_) | H::Global(_) => {
            true
        }
        H::MathConst(_) => true,
        H::Field { obj, .. } => effect_free(obj),
        H::TupleField { tuple, .. } => effect_free(tuple),
        H::Neg(x) | H::Not(x) | H::Truthy(x) | H::IntToFloat(x) | H::BoolToInt(x) => effect_free(x),
        _ => false,
    }
}

fn literal_int(e: &hir::Expr) -> Option<i64> {
    match &e.kind {
        H::Int(n) => Some(*n),
        H::Neg(x) => literal_int(x)?.checked_neg(),
        _ => None,
    }
}

pub(super) fn borrow_code(c: &Code, ty: &Ty) -> String {
    match c.kind {
        // `&Vec<T>` / `&String` from an element or loop variable: give generic callees the
        // slice or str they expect.
        Kind::Ref if matches!(ty, Ty::List(_)) => format!("&{}[..]", c.recv()),
        Kind::Ref if *ty == Ty::Str => format!("{}.as_str()", c.recv()),
        Kind::Ref | Kind::RefMut | Kind::StrRef => c.text.clone(),
        Kind::Value | Kind::Place => format!("&{}", c.at(prec::UNARY)),
    }
}

/// Python truthiness of the expression text `v` of type `ty`.
pub(super) fn truthy_text(v: &str, ty: &Ty) -> String {
    match ty {
        Ty::Int => format!("{v} != 0"),
        Ty::Float => format!("{v} != 0.0"),
        Ty::Bool => v.to_string(),
        Ty::None | Ty::Var(_) | Ty::Error => "false".to_string(),
        Ty::Optional(_) => format!("{v}.is_some()"),
        _ => format!("!{v}.is_empty()"),
    }
}

/// An iterator passed to a runtime function that takes `impl IntoIterator`: an owned
/// collection goes as it is.
fn items_arg(items: &str) -> &str {
    items.strip_suffix(".into_iter()").unwrap_or(items)
}

/// An iterator of owned items collected into a `Vec`: a list's items copied with `to_vec()`,
/// an owned list as it is.
fn collected(items: &str) -> String {
    if let Some(list) = items
        .strip_suffix(".iter().cloned()")
        .or_else(|| items.strip_suffix(".iter().copied()"))
    {
        return format!("{list}.to_vec()");
    }
    if let Some(vec) = items
        .strip_suffix(".into_iter()")
        .filter(|v| v.ends_with(".collect::<Vec<_>>()"))
    {
        return vec.to_string();
    }
    format!("{items}.collect()")
}
