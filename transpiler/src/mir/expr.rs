//! Expressions: each becomes an operand, computed into temporaries of the current statement.

use super::build::{check_ty, unsupported, FnBuilder, Result};
use super::syntax::*;
use crate::hir::{self, Arith, Builtin, ExprKind as K, Method};
use crate::source::Span;
use crate::types::Ty;

impl FnBuilder<'_> {
    fn rt(&mut self, ty: &Ty, op: RtOp, tys: Vec<Ty>, args: Vec<Operand>, span: Span) -> Operand {
        self.check_generic(op, &tys, span);
        self.value(ty, Rvalue::Runtime { op, tys, args }, span, op.can_raise())
    }

    fn rt_eval(&mut self, op: RtOp, tys: Vec<Ty>, args: Vec<Operand>, span: Span) {
        self.check_generic(op, &tys, span);
        self.push(
            StmtKind::Eval(Rvalue::Runtime { op, tys, args }),
            span,
            op.can_raise(),
        );
    }

    /// Runtime operations that format, compare or order values by their type cannot call back
    /// into compiled code: a class with its own dunders (or none, for printing) must not reach
    /// them.
    fn check_generic(&mut self, op: RtOp, tys: &[Ty], span: Span) {
        let formats = matches!(
            op,
            RtOp::ToStr | RtOp::ToRepr | RtOp::WriteValue | RtOp::WriteItems | RtOp::Format
        );
        let compares = matches!(
            op,
            RtOp::ListContains
                | RtOp::ListIndex
                | RtOp::ListCount
                | RtOp::ListRemove
                | RtOp::ListEq
                | RtOp::ValueCmp(_)
                | RtOp::Sorted
                | RtOp::SortInPlace
                | RtOp::ListMinMax(_)
                | RtOp::SortedByKey
                | RtOp::SortByKeyInPlace
                | RtOp::ListMinMaxByKey(_)
                | RtOp::Coll(_)
        );
        let ok = tys
            .iter()
            .all(|t| (!formats || self.safe(t, true)) && (!compares || self.safe(t, false)));
        if !ok && self.deferred.is_none() {
            let what = if formats {
                "formatting instances of classes with `__str__`/`__repr__` inside containers"
            } else {
                "comparing, ordering or hashing instances of classes with dunder methods"
            };
            self.deferred = Some(super::build::Unsupported {
                what: what.into(),
                span,
            });
        }
    }

    /// The runtime can format (`formatting`), or compare, order and hash, values of this type by
    /// itself: no class inside has the dunder methods that would take over.
    pub(super) fn safe(&self, ty: &Ty, formatting: bool) -> bool {
        self.safe_in(ty, formatting, &mut Vec::new())
    }

    /// `safe`, with the classes being looked at (a class holding itself through `Optional`
    /// is safe if the rest of it is).
    fn safe_in(&self, ty: &Ty, formatting: bool, seen: &mut Vec<String>) -> bool {
        match ty {
            Ty::Class(name) if seen.contains(name) => true,
            Ty::Class(name) => {
                let Some(c) = self.classes.iter().find(|c| &c.name == name) else {
                    return false;
                };
                let own = if formatting {
                    // Inside containers items show their `repr`; a class's own `__str__` is
                    // called directly (`to_str`).
                    c.dataclass && !c.has_repr
                } else {
                    !(c.has_eq || c.has_lt || c.has_hash)
                };
                seen.push(name.clone());
                let ok = own
                    && c.fields
                        .iter()
                        .all(|(_, t)| self.safe_in(t, formatting, seen));
                seen.pop();
                ok
            }
            Ty::List(t) | Ty::TupleOf(t) | Ty::Set(t) | Ty::Optional(t) => {
                self.safe_in(t, formatting, seen)
            }
            Ty::Dict(k, v) => {
                self.safe_in(k, formatting, seen) && self.safe_in(v, formatting, seen)
            }
            Ty::Tuple(ts) => ts.iter().all(|t| self.safe_in(t, formatting, seen)),
            _ => true,
        }
    }

    /// The method `name` of the class of type `ty`, if the class defines it.
    fn dunder(&self, ty: &Ty, name: &str) -> Option<FuncIdx> {
        let Ty::Class(c) = ty else {
            return None;
        };
        let cls = self.classes.iter().find(|k| &k.name == c)?;
        let suffix = format!(".{name}");
        cls.methods
            .iter()
            .find(|m| {
                self.functions
                    .get(m.0 as usize)
                    .is_some_and(|f| f.name == name || f.name.ends_with(&suffix))
            })
            .map(|m| FuncIdx(m.0))
    }

    /// `any(...)` / `all(...)`: over a one-generator comprehension, a loop that stops at the
    /// first deciding element (as CPython's generator would); over a list, the runtime.
    fn any_all(&mut self, is_any: bool, arg: &hir::Expr, span: Span) -> Result<Operand> {
        let r = self.temp(Ty::Bool);
        self.push(
            StmtKind::Assign {
                dest: r,
                value: Rvalue::Use(Operand::Const(Const::Bool(!is_any))),
            },
            span,
            false,
        );
        match &arg.kind {
            K::Comprehension { elt, gens } if gens.len() == 1 => {
                let outer = std::mem::take(&mut self.temps);
                let g = &gens[0];
                let mut body = |b: &mut Self| -> Result<()> {
                    let Some(&(_, brk)) = b.loops.last() else {
                        return unsupported("`any`/`all` here", span);
                    };
                    b.filters(&g.ifs, span)?;
                    let c = b.cond(elt)?;
                    b.flush(span);
                    let (decided, next) = (b.new_block(), b.new_block());
                    let (then, els) = if is_any {
                        (decided, next)
                    } else {
                        (next, decided)
                    };
                    b.branch(c, then, els);
                    b.switch_to(decided);
                    b.push(
                        StmtKind::Assign {
                            dest: r,
                            value: Rvalue::Use(Operand::Const(Const::Bool(is_any))),
                        },
                        span,
                        false,
                    );
                    b.goto(brk);
                    b.switch_to(next);
                    Ok(())
                };
                self.for_each_pub(&g.target, &g.iter, &mut body, span)?;
                self.temps = outer;
            }
            _ => {
                let Some(elem) = arg.ty.seq_elem() else {
                    return unsupported(format!("`any`/`all` of a `{}`", arg.ty), span);
                };
                let l = self.expr(arg)?;
                let name = if is_any { "any" } else { "all" };
                let tys = vec![arg.ty.clone(), Ty::Bool];
                let _ = elem;
                let v = self.rt(
                    &Ty::Bool,
                    RtOp::Named(Ns::Builtin, name),
                    tys,
                    vec![l],
                    span,
                );
                self.push(
                    StmtKind::Assign {
                        dest: r,
                        value: Rvalue::Use(v),
                    },
                    span,
                    false,
                );
            }
        }
        Ok(Operand::Copy(r))
    }

    /// A dict or set operation on a container of type `cty`.
    pub(super) fn coll(
        &mut self,
        ty: &Ty,
        op: CollOp,
        cty: &Ty,
        args: Vec<Operand>,
        span: Span,
    ) -> Operand {
        self.rt(ty, RtOp::Coll(op), vec![cty.clone()], args, span)
    }

    fn bin(&mut self, ty: &Ty, op: BinOp, a: Operand, b: Operand, span: Span) -> Operand {
        let raises = matches!(
            op,
            BinOp::IntAdd
                | BinOp::IntSub
                | BinOp::IntMul
                | BinOp::IntFloorDiv
                | BinOp::IntMod
                | BinOp::FloatDiv
        );
        self.value(ty, Rvalue::Binary(op, a, b), span, raises)
    }

    fn un(&mut self, ty: &Ty, op: UnOp, a: Operand, span: Span) -> Operand {
        self.value(ty, Rvalue::Unary(op, a), span, op == UnOp::IntNeg)
    }

    /// An expression as a bool operand (its Python truthiness).
    pub(super) fn cond(&mut self, e: &hir::Expr) -> Result<Operand> {
        let op = self.expr(e)?;
        Ok(self.truthy(op, &e.ty, e.span))
    }

    fn truthy(&mut self, op: Operand, ty: &Ty, span: Span) -> Operand {
        match ty {
            Ty::Bool => op,
            Ty::Int => self.un(&Ty::Bool, UnOp::IntIsNonZero, op, span),
            Ty::Float => self.un(&Ty::Bool, UnOp::FloatIsNonZero, op, span),
            Ty::None => Operand::Const(Const::Bool(false)),
            Ty::Optional(t) if matches!(**t, Ty::Class(_)) => {
                self.un(&Ty::Bool, UnOp::IsNotNull, op, span)
            }
            _ => self.rt(&Ty::Bool, RtOp::Truthy, vec![ty.clone()], vec![op], span),
        }
    }

    /// `str(x)` (or `repr(x)`) as a str operand.
    pub(super) fn to_str(&mut self, op: Operand, ty: &Ty, repr: bool, span: Span) -> Operand {
        if *ty == Ty::Str && !repr {
            return op;
        }
        if let Ty::Class(_) = ty {
            let f = match repr {
                false => self
                    .dunder(ty, "__str__")
                    .or_else(|| self.dunder(ty, "__repr__")),
                true => self.dunder(ty, "__repr__"),
            };
            if let Some(f) = f {
                return self.value(&Ty::Str, Rvalue::Call(f, vec![op]), span, true);
            }
        }
        if !self.safe(ty, true) && matches!(ty, Ty::List(_) | Ty::Tuple(_)) {
            return self.fmt_items(op, ty, span);
        }
        let rt = if repr { RtOp::ToRepr } else { RtOp::ToStr };
        self.rt(&Ty::Str, rt, vec![ty.clone()], vec![op], span)
    }

    pub(super) fn arith(
        &mut self,
        op: Arith,
        ty: &Ty,
        a: Operand,
        b: Operand,
        span: Span,
    ) -> Result<Operand> {
        let bin = |op| Some(Ok(op));
        let rt = |op| Some(Err(op));
        let which = match (ty, op) {
            (Ty::Int, Arith::Add) => bin(BinOp::IntAdd),
            (Ty::Int, Arith::Sub) => bin(BinOp::IntSub),
            (Ty::Int, Arith::Mul) => bin(BinOp::IntMul),
            (Ty::Int, Arith::FloorDiv) => bin(BinOp::IntFloorDiv),
            (Ty::Int, Arith::Mod) => bin(BinOp::IntMod),
            (Ty::Int, Arith::BitAnd) => bin(BinOp::IntBitAnd),
            (Ty::Int, Arith::BitOr) => bin(BinOp::IntBitOr),
            (Ty::Int, Arith::BitXor) => bin(BinOp::IntBitXor),
            (Ty::Int, Arith::Pow) => rt(RtOp::IntPow),
            (Ty::Int, Arith::LShift) => rt(RtOp::IntShl),
            (Ty::Int, Arith::RShift) => rt(RtOp::IntShr),
            (Ty::Float, Arith::Add) => bin(BinOp::FloatAdd),
            (Ty::Float, Arith::Sub) => bin(BinOp::FloatSub),
            (Ty::Float, Arith::Mul) => bin(BinOp::FloatMul),
            (Ty::Float, Arith::Div) => bin(BinOp::FloatDiv),
            (Ty::Float, Arith::FloorDiv) => rt(RtOp::FloatFloorDiv),
            (Ty::Float, Arith::Mod) => rt(RtOp::FloatMod),
            (Ty::Float, Arith::Pow) => rt(RtOp::FloatPow),
            (Ty::Str, Arith::Add) => rt(RtOp::StrConcat),
            (Ty::List(_), Arith::Add) => rt(RtOp::ListConcat),
            _ => None,
        };
        match which {
            Some(Ok(op)) => Ok(self.bin(ty, op, a, b, span)),
            Some(Err(op)) => {
                let tys = match ty {
                    Ty::List(e) => vec![(**e).clone()],
                    _ => Vec::new(),
                };
                Ok(self.rt(ty, op, tys, vec![a, b], span))
            }
            None => unsupported(format!("`{op:?}` on `{ty}`"), span),
        }
    }

    pub(super) fn expr(&mut self, e: &hir::Expr) -> Result<Operand> {
        let span = e.span;
        let ty = &e.ty;
        check_ty(ty, span)?;
        Ok(match &e.kind {
            K::Int(n) => Operand::Const(Const::Int(*n)),
            K::Float(x) => Operand::Const(Const::Float(*x)),
            K::Bool(b) => Operand::Const(Const::Bool(*b)),
            K::None => Operand::Const(Const::None),
            K::Str(s) => Operand::Const(Const::Str(s.clone())),
            K::MathConst(c) => Operand::Const(Const::Float(match c {
                hir::MathConst::Pi => std::f64::consts::PI,
                hir::MathConst::E => std::f64::consts::E,
                hir::MathConst::Tau => std::f64::consts::TAU,
                hir::MathConst::Inf => f64::INFINITY,
                hir::MathConst::Nan => f64::NAN,
            })),
            K::Local(l) => Operand::Copy(self.hl(*l)),
            K::Global(g) => self.value(ty, Rvalue::Global(GlobalIdx(g.0)), span, false),
            K::IntToFloat(x) => {
                let a = self.expr(x)?;
                self.un(ty, UnOp::IntToFloat, a, span)
            }
            K::BoolToInt(x) => {
                let a = self.expr(x)?;
                self.un(ty, UnOp::BoolToInt, a, span)
            }
            K::Binary { op, left, right } => {
                let a = self.expr(left)?;
                let b = self.expr(right)?;
                if *op == Arith::Div && left.ty == Ty::Int {
                    return Ok(self.rt(ty, RtOp::IntTrueDiv, Vec::new(), vec![a, b], span));
                }
                if *op == Arith::Pow && *ty == Ty::Float && left.ty == Ty::Int {
                    return Ok(self.rt(ty, RtOp::IntPowFloat, Vec::new(), vec![a, b], span));
                }
                self.arith(*op, ty, a, b, span)?
            }
            K::Repeat { seq, count } => {
                let a = self.expr(seq)?;
                let n = self.expr(count)?;
                match ty {
                    Ty::Str => self.rt(ty, RtOp::StrRepeat, Vec::new(), vec![a, n], span),
                    Ty::List(elem) => {
                        let tys = vec![(**elem).clone()];
                        self.rt(ty, RtOp::ListRepeat, tys, vec![a, n], span)
                    }
                    _ => return unsupported(format!("`*` on `{ty}`"), span),
                }
            }
            K::Neg(x) => {
                let a = self.expr(x)?;
                match ty {
                    Ty::Int => self.un(ty, UnOp::IntNeg, a, span),
                    Ty::Float => self.un(ty, UnOp::FloatNeg, a, span),
                    _ => return unsupported(format!("`-` on `{ty}`"), span),
                }
            }
            K::Invert(x) => {
                let a = self.expr(x)?;
                self.un(ty, UnOp::IntInvert, a, span)
            }
            K::Not(x) => {
                let c = self.cond(x)?;
                self.un(&Ty::Bool, UnOp::Not, c, span)
            }
            K::Truthy(x) => {
                let a = self.expr(x)?;
                self.truthy(a, &x.ty, span)
            }
            K::Compare { op, left, right }
                if left.implicit_int_to_float().is_some()
                    != right.implicit_int_to_float().is_some()
                    && left.ty == Ty::Float
                    && right.ty == Ty::Float =>
            {
                self.compare_int_float(*op, left, right, span)?
            }
            K::Compare { op, left, right } => {
                let a = self.expr(left)?;
                let b = self.expr(right)?;
                self.compare(*op, &left.ty, &right.ty, a, b, span)?
            }
            K::ChainCompare { first, rest } => {
                let r = self.temp(Ty::Bool);
                let after = self.new_block();
                let mut a = self.expr(first)?;
                let mut lty = first.ty.clone();
                for (i, (op, x)) in rest.iter().enumerate() {
                    let b = self.expr(x)?;
                    let b = if i + 1 < rest.len() {
                        Operand::Copy(self.take_owned(b, &x.ty, span))
                    } else {
                        b
                    };
                    let c = self.compare(*op, &lty, &x.ty, a, b.clone(), span)?;
                    self.assign_local(r, c.clone(), span);
                    if i + 1 < rest.len() {
                        let next = self.new_block();
                        self.branch(c, next, after);
                        self.switch_to(next);
                    }
                    a = b;
                    lty = x.ty.clone();
                }
                self.goto(after);
                self.switch_to(after);
                Operand::Copy(r)
            }
            K::And(l, r) | K::Or(l, r) => {
                let is_and = matches!(e.kind, K::And(..));
                let res = self.temp(ty.clone());
                if ty.is_handle() {
                    self.temps.push(res);
                }
                let a = self.expr(l)?;
                self.assign_local(res, a, span);
                let c = self.truthy(Operand::Copy(res), ty, span);
                let (second, after) = (self.new_block(), self.new_block());
                let (then, els) = if is_and {
                    (second, after)
                } else {
                    (after, second)
                };
                self.branch(c, then, els);
                self.switch_to(second);
                let b = self.expr(r)?;
                self.assign_local(res, b, span);
                self.goto(after);
                self.switch_to(after);
                Operand::Copy(res)
            }
            K::IfExp { cond, then, els } => {
                let res = self.temp(ty.clone());
                if ty.is_handle() {
                    self.temps.push(res);
                }
                let c = self.cond(cond)?;
                let (bt, be, after) = (self.new_block(), self.new_block(), self.new_block());
                self.branch(c, bt, be);
                self.switch_to(bt);
                let a = self.expr(then)?;
                self.assign_local(res, a, span);
                self.goto(after);
                self.switch_to(be);
                let b = self.expr(els)?;
                self.assign_local(res, b, span);
                self.goto(after);
                self.switch_to(after);
                Operand::Copy(res)
            }
            // A `tuple[T, ...]` is built as a list (both are sequences of words).
            K::List(items) | K::Tuple(items) if ty.seq_elem().is_some() => {
                let Some(elem) = ty.seq_elem() else {
                    return unsupported("a list literal of an unexpected type", span);
                };
                let elem = elem.clone();
                let l = self.rt(ty, RtOp::ListNew, vec![elem.clone()], Vec::new(), span);
                for x in items {
                    let v = self.expr(x)?;
                    self.rt_eval(RtOp::ListPush, vec![elem.clone()], vec![l.clone(), v], span);
                }
                l
            }
            K::Tuple(items) => {
                let t = self.rt(ty, RtOp::TupleNew, vec![ty.clone()], Vec::new(), span);
                for x in items {
                    let v = self.expr(x)?;
                    self.rt_eval(RtOp::TuplePush, vec![ty.clone()], vec![t.clone(), v], span);
                }
                t
            }
            K::TupleField { tuple, index } => {
                let t = self.expr(tuple)?;
                let i = Operand::Const(Const::Int(*index as i64));
                self.rt(ty, RtOp::TupleGet, vec![tuple.ty.clone()], vec![t, i], span)
            }
            K::New { class, args } => {
                let Some(cls) = self.classes.iter().find(|c| &c.name == class) else {
                    return unsupported(format!("the class `{class}`"), span);
                };
                let (init, dataclass) = (cls.init, cls.dataclass);
                let layout = super::build::layout(cls);
                let obj = self.rt(ty, RtOp::ObjNew, vec![layout.clone()], Vec::new(), span);
                let mut ops = Vec::new();
                for a in args {
                    ops.push(self.expr(a)?);
                }
                match init {
                    Some(f) => {
                        ops.insert(0, obj.clone());
                        let call = Rvalue::Call(FuncIdx(f.0), ops);
                        self.push(StmtKind::Eval(call), span, true);
                    }
                    None if dataclass => {
                        for (i, v) in ops.into_iter().enumerate() {
                            let i = Operand::Const(Const::Int(i as i64));
                            let args = vec![obj.clone(), i, v];
                            self.rt_eval(RtOp::ObjSet, vec![layout.clone()], args, span);
                        }
                    }
                    None => {}
                }
                obj
            }
            K::Field { obj, name } => {
                let (idx, layout) = self.field(&obj.ty, name, span)?;
                let o = self.expr(obj)?;
                let i = Operand::Const(Const::Int(idx as i64));
                self.rt(ty, RtOp::TupleGet, vec![layout], vec![o, i], span)
            }
            K::NewException { class, arg } => {
                let m = self.exc_message(class, arg.as_deref())?;
                let name = Operand::Const(Const::Str(class.name.clone()));
                self.rt(ty, RtOp::ExcNew, Vec::new(), vec![name, m], span)
            }
            K::Some(x) if x.ty.is_handle() => self.expr(x)?,
            K::Some(x) => {
                // A scalar in an `Optional` is boxed in a 1-tuple.
                let boxed = Ty::Tuple(vec![x.ty.clone()]);
                let v = self.expr(x)?;
                let t = self.rt(ty, RtOp::TupleNew, vec![boxed.clone()], Vec::new(), span);
                self.rt_eval(RtOp::TuplePush, vec![boxed], vec![t.clone(), v], span);
                t
            }
            K::Unwrap(x) => {
                let v = self.expr(x)?;
                let ok = self.un(&Ty::Bool, UnOp::IsNotNull, v.clone(), span);
                let (fail, cont) = (self.new_block(), self.new_block());
                self.branch(ok, cont, fail);
                self.switch_to(fail);
                let msg = "'NoneType' object used where a value is required";
                let saved = std::mem::take(&mut self.temps);
                self.raise("TypeError", Operand::Const(Const::Str(msg.into())), span);
                self.temps = saved;
                self.switch_to(cont);
                if ty.is_handle() {
                    v
                } else {
                    let boxed = vec![Ty::Tuple(vec![ty.clone()])];
                    let zero = Operand::Const(Const::Int(0));
                    self.rt(ty, RtOp::TupleGet, boxed, vec![v, zero], span)
                }
            }
            K::Lambda { params, body } => self.lambda(params, body, ty, span)?,
            K::FuncRef(f) => self.func_value(*f, ty, span)?,
            K::CallValue { callee, args } => self.call_value(callee, args, ty, span)?,
            K::Call { func, args } => {
                let mut ops = Vec::new();
                for a in args {
                    ops.push(self.expr(a)?);
                }
                self.value(ty, Rvalue::Call(FuncIdx(func.0), ops), span, true)
            }
            K::Builtin { func, args } => self.builtin(*func, args, ty, span)?,
            // `isinstance(e, C)` of a caught exception: its class, at run time.
            K::IsInstance { value, class } if matches!(value.ty, Ty::Exception(_)) => {
                let e = self.expr(value)?;
                let c = Operand::Const(Const::Str(class.clone()));
                let tys = vec![value.ty.clone(), Ty::Str, Ty::Bool];
                self.rt(
                    ty,
                    RtOp::Named(Ns::Builtin, "exc_isinstance"),
                    tys,
                    vec![e, c],
                    span,
                )
            }
            K::Method {
                method,
                receiver,
                args,
            } => self.method(*method, receiver, args, ty, span)?,
            K::Print { args, sep, end } => {
                let sep = match sep {
                    Some(s) => self.expr(s)?,
                    None => Operand::Const(Const::Str(" ".into())),
                };
                let mut ops = Vec::new();
                for a in args {
                    match &a.kind {
                        K::Spread(xs) => ops.push((self.expr(xs)?, xs.ty.clone(), true)),
                        _ => ops.push((self.expr(a)?, a.ty.clone(), false)),
                    }
                }
                let end = match end {
                    Some(s) => self.expr(s)?,
                    None => Operand::Const(Const::Str("\n".into())),
                };
                // With `*xs`, whether a separator is due is known only at run time.
                let started = self.temp(Ty::Bool);
                self.push(
                    StmtKind::Assign {
                        dest: started,
                        value: Rvalue::Use(Operand::Const(Const::Bool(false))),
                    },
                    span,
                    false,
                );
                let spread = ops.iter().any(|(_, _, s)| *s);
                for (i, (op, t, is_spread)) in ops.into_iter().enumerate() {
                    if is_spread {
                        let tys = vec![list_elem(&t)];
                        let args = vec![op, sep.clone(), Operand::Copy(started)];
                        let r = self.rt(&Ty::Bool, RtOp::WriteItems, tys, args, span);
                        self.assign_local(started, r, span);
                        continue;
                    }
                    if spread {
                        let (write, next) = (self.new_block(), self.new_block());
                        self.branch(Operand::Copy(started), write, next);
                        self.switch_to(write);
                        self.rt_eval(RtOp::WriteStr, Vec::new(), vec![sep.clone()], span);
                        self.goto(next);
                        self.switch_to(next);
                        let t = Operand::Const(Const::Bool(true));
                        self.assign_local(started, t, span);
                    } else if i > 0 {
                        self.rt_eval(RtOp::WriteStr, Vec::new(), vec![sep.clone()], span);
                    }
                    if matches!(t, Ty::Class(_)) || !self.safe(&t, true) {
                        let s = self.to_str(op, &t, false, span);
                        self.rt_eval(RtOp::WriteStr, Vec::new(), vec![s], span);
                    } else if t == Ty::Str {
                        self.rt_eval(RtOp::WriteStr, Vec::new(), vec![op], span);
                    } else {
                        self.rt_eval(RtOp::WriteValue, vec![t], vec![op], span);
                    }
                }
                self.rt_eval(RtOp::WriteStr, Vec::new(), vec![end], span);
                Operand::Const(Const::None)
            }
            K::FString(parts) => self.fstring(parts, span)?,
            K::Index { list, index } if matches!(list.ty, Ty::Dict(..)) => {
                let d = self.expr(list)?;
                let k = self.expr(index)?;
                self.coll(ty, CollOp::Get, &list.ty, vec![d, k], span)
            }
            K::Dict(pairs) => {
                let d = self.coll(ty, CollOp::New, ty, Vec::new(), span);
                for (k, v) in pairs {
                    let k = self.expr(k)?;
                    let v = self.expr(v)?;
                    self.coll(&Ty::None, CollOp::Set, ty, vec![d.clone(), k, v], span);
                }
                d
            }
            K::Set(items) => {
                let st = self.coll(ty, CollOp::New, ty, Vec::new(), span);
                for x in items {
                    let v = self.expr(x)?;
                    self.coll(&Ty::None, CollOp::Add, ty, vec![st.clone(), v], span);
                }
                if items.len() > 2 && items.iter().all(hir::Expr::is_constant) {
                    self.coll(&Ty::None, CollOp::Refold, ty, vec![st.clone()], span);
                }
                st
            }
            K::DictComp { key, value, gens } => {
                self.collect(&[key.as_ref(), value.as_ref()], gens, ty, span)?
            }
            K::SetComp { elt, gens } => self.collect(&[elt.as_ref()], gens, ty, span)?,
            K::Index { list, index } => {
                let Some(elem) = list.ty.seq_elem() else {
                    return unsupported(format!("indexing a `{}`", list.ty), span);
                };
                let tys = vec![elem.clone()];
                let l = self.expr(list)?;
                let i = self.expr(index)?;
                self.rt(ty, RtOp::ListGet, tys, vec![l, i], span)
            }
            K::StrIndex { s, index } => {
                let a = self.expr(s)?;
                let i = self.expr(index)?;
                self.rt(ty, RtOp::StrIndex, Vec::new(), vec![a, i], span)
            }
            K::Slice {
                seq,
                lower,
                upper,
                step,
            } => {
                let mut ops = vec![self.expr(seq)?];
                for b in [lower, upper, step] {
                    match b {
                        Some(e) if e.ty == Ty::Int => {
                            ops.push(self.expr(e)?);
                            ops.push(Operand::Const(Const::Bool(true)));
                        }
                        Some(e) if !matches!(e.kind, K::None) => {
                            return unsupported("an `Optional` slice bound", e.span)
                        }
                        _ => {
                            ops.push(Operand::Const(Const::Int(0)));
                            ops.push(Operand::Const(Const::Bool(false)));
                        }
                    }
                }
                let tys = match seq.ty.seq_elem() {
                    Some(t) => vec![t.clone()],
                    None => Vec::new(),
                };
                self.rt(ty, RtOp::Slice, tys, ops, span)
            }
            K::Comprehension { elt, gens } => self.collect(&[elt.as_ref()], gens, ty, span)?,
            other => return unsupported(describe(other), span),
        })
    }

    /// `n < x` with an `int` and a `float`, exact as in CPython: the rounded `n` compared with
    /// `x` decides, unless the two are equal; then the runtime compares exactly.
    fn compare_int_float(
        &mut self,
        op: CmpOp,
        left: &hir::Expr,
        right: &hir::Expr,
        span: Span,
    ) -> Result<Operand> {
        let int_left = left.implicit_int_to_float().is_some();
        let (l, r) = (
            left.implicit_int_to_float().unwrap_or(left),
            right.implicit_int_to_float().unwrap_or(right),
        );
        let a = self.expr(l)?;
        let b = self.expr(r)?;
        let (i, f) = if int_left { (a, b) } else { (b, a) };
        let rounded = self.un(&Ty::Float, UnOp::IntToFloat, i.clone(), span);
        let (x, y) = if int_left {
            (rounded.clone(), f.clone())
        } else {
            (f.clone(), rounded.clone())
        };
        let res = self.temp(Ty::Bool);
        let c = self.compare(op, &Ty::Float, &Ty::Float, x, y, span)?;
        self.assign_local(res, c, span);
        let same = self.compare(CmpOp::Eq, &Ty::Float, &Ty::Float, rounded, f.clone(), span)?;
        let (exact, after) = (self.new_block(), self.new_block());
        self.branch(same, exact, after);
        self.switch_to(exact);
        // The operator as seen from the int: `x < n` is `n > x`.
        let name = match (op, int_left) {
            (CmpOp::Eq, _) => "int_eq_float",
            (CmpOp::NotEq, _) => "int_ne_float",
            (CmpOp::Lt, true) | (CmpOp::Gt, false) => "int_lt_float",
            (CmpOp::LtE, true) | (CmpOp::GtE, false) => "int_le_float",
            (CmpOp::Gt, true) | (CmpOp::Lt, false) => "int_gt_float",
            _ => "int_ge_float",
        };
        let tys = vec![Ty::Int, Ty::Float, Ty::Bool];
        let e = self.rt(
            &Ty::Bool,
            RtOp::Named(Ns::Builtin, name),
            tys,
            vec![i, f],
            span,
        );
        self.assign_local(res, e, span);
        self.goto(after);
        self.switch_to(after);
        Ok(Operand::Copy(res))
    }

    fn compare(
        &mut self,
        op: CmpOp,
        lty: &Ty,
        rty: &Ty,
        a: Operand,
        b: Operand,
        span: Span,
    ) -> Result<Operand> {
        let b_ty = Ty::Bool;
        Ok(match (op, lty, rty) {
            (CmpOp::In | CmpOp::NotIn, _, _) => {
                let r = match rty {
                    Ty::Str if *lty == Ty::Str => {
                        self.rt(&b_ty, RtOp::StrContains, Vec::new(), vec![b, a], span)
                    }
                    Ty::List(elem) | Ty::TupleOf(elem) => {
                        let tys = vec![(**elem).clone()];
                        self.rt(&b_ty, RtOp::ListContains, tys, vec![b, a], span)
                    }
                    Ty::Dict(..) | Ty::Set(_) => {
                        self.coll(&b_ty, CollOp::Contains, rty, vec![b, a], span)
                    }
                    Ty::Class(_) if self.dunder(rty, "__contains__").is_some() => {
                        let f = self.dunder(rty, "__contains__").unwrap_or_default();
                        self.value(&b_ty, Rvalue::Call(f, vec![b, a]), span, true)
                    }
                    Ty::Tuple(ts) if ts.iter().all(|t| t == lty) => {
                        let tys = vec![lty.clone()];
                        self.rt(&b_ty, RtOp::ListContains, tys, vec![b, a], span)
                    }
                    _ => return unsupported(format!("`in` on `{rty}`"), span),
                };
                if op == CmpOp::NotIn {
                    self.un(&b_ty, UnOp::Not, r, span)
                } else {
                    r
                }
            }
            (CmpOp::Is | CmpOp::IsNot, _, _) => {
                let x = match (lty, rty) {
                    (Ty::Optional(_), Ty::None) => a,
                    (Ty::None, Ty::Optional(_)) => b,
                    _ => return unsupported("`is` here", span),
                };
                let r = self.un(&b_ty, UnOp::IsNotNull, x, span);
                if op == CmpOp::Is {
                    self.un(&b_ty, UnOp::Not, r, span)
                } else {
                    r
                }
            }
            (CmpOp::Eq | CmpOp::NotEq, Ty::Class(_), _) if self.dunder(lty, "__eq__").is_some() => {
                let f = self.dunder(lty, "__eq__").unwrap_or_default();
                let r = self.value(&b_ty, Rvalue::Call(f, vec![a, b]), span, true);
                if op == CmpOp::NotEq {
                    self.un(&b_ty, UnOp::Not, r, span)
                } else {
                    r
                }
            }
            (CmpOp::Lt | CmpOp::Gt, Ty::Class(_), _) if self.dunder(lty, "__lt__").is_some() => {
                let f = self.dunder(lty, "__lt__").unwrap_or_default();
                let args = if op == CmpOp::Lt {
                    vec![a, b]
                } else {
                    vec![b, a]
                };
                self.value(&b_ty, Rvalue::Call(f, args), span, true)
            }
            (_, Ty::Class(_), _) if lty == rty => {
                let tys = vec![lty.clone()];
                self.rt(&b_ty, RtOp::ValueCmp(op), tys, vec![a, b], span)
            }
            (_, Ty::Int, Ty::Int) => self.bin(&b_ty, BinOp::IntCmp(op), a, b, span),
            (_, Ty::Float, Ty::Float) => self.bin(&b_ty, BinOp::FloatCmp(op), a, b, span),
            (_, Ty::Bool, Ty::Bool) => self.bin(&b_ty, BinOp::BoolCmp(op), a, b, span),
            (_, Ty::Str, Ty::Str) => self.rt(&b_ty, RtOp::StrCmp(op), Vec::new(), vec![a, b], span),
            (_, Ty::List(_) | Ty::Tuple(_) | Ty::TupleOf(_) | Ty::Dict(..) | Ty::Set(_), _)
                if lty == rty =>
            {
                let tys = vec![lty.clone()];
                self.rt(&b_ty, RtOp::ValueCmp(op), tys, vec![a, b], span)
            }
            _ => return unsupported(format!("comparing `{lty}` with `{rty}`"), span),
        })
    }

    fn builtin(
        &mut self,
        func: Builtin,
        args: &[hir::Expr],
        ty: &Ty,
        span: Span,
    ) -> Result<Operand> {
        if let (Builtin::Any | Builtin::All, [arg]) = (func, args) {
            return self.any_all(func == Builtin::Any, arg, span);
        }
        if let (Builtin::ToTupleOf, [arg]) = (func, args) {
            // A tuple and a list are both a sequence of words here: a fixed-shape tuple or a
            // new list is the `tuple[T, ...]` itself; a list someone else holds is copied.
            let op = self.expr(arg)?;
            let fresh = !matches!(
                arg.kind,
                K::Local(_) | K::Global(_) | K::Field { .. } | K::Index { .. }
            );
            if fresh || !matches!(arg.ty, Ty::List(_)) {
                return Ok(op);
            }
            let tys = vec![arg.ty.clone(), arg.ty.clone()];
            return Ok(self.rt(
                ty,
                RtOp::Named(Ns::Builtin, "list_copy"),
                tys,
                vec![op],
                span,
            ));
        }
        let simple = match func {
            Builtin::LenList => Some(RtOp::ListLen),
            Builtin::LenStr => Some(RtOp::StrLen),
            Builtin::AbsInt => Some(RtOp::AbsInt),
            Builtin::IntFromStr => Some(RtOp::IntFromStr),
            Builtin::FloatFromStr => Some(RtOp::FloatFromStr),
            Builtin::IntFromFloat => Some(RtOp::IntFromFloat),
            Builtin::RoundFloat => Some(RtOp::RoundFloat),
            Builtin::SysArgv => Some(RtOp::SysArgv),
            _ => None,
        };
        let mut ops = Vec::new();
        for a in args {
            // A `key=` lambda is inlined where it is used (`by_key`).
            if matches!(a.kind, K::Lambda { .. }) {
                ops.push(Operand::Const(Const::None));
                continue;
            }
            ops.push(self.expr(a)?);
        }
        let coll = match func {
            Builtin::LenDict | Builtin::LenSet => Some((CollOp::Len, args[0].ty.clone())),
            Builtin::SetFromList => Some((CollOp::FromList, ty.clone())),
            Builtin::DictFromList => Some((CollOp::DictFromList, ty.clone())),
            _ => None,
        };
        if let Some((op, cty)) = coll {
            return Ok(self.coll(ty, op, &cty, ops, span));
        }
        if let Some(op) = simple {
            let tys = match func {
                Builtin::LenList => vec![list_elem(&args[0].ty)],
                _ => Vec::new(),
            };
            return Ok(self.rt(ty, op, tys, ops, span));
        }
        let arg_ty = args.first().map(|a| a.ty.clone()).unwrap_or_default();
        Ok(match func {
            Builtin::Str | Builtin::Repr => {
                let Some(op) = ops.pop() else {
                    return unsupported("`str()` without an argument", span);
                };
                self.to_str(op, &arg_ty, func == Builtin::Repr, span)
            }
            Builtin::AbsFloat => self.un(ty, UnOp::FloatAbs, ops[0].clone(), span),
            Builtin::MinOf | Builtin::MaxOf if arg_ty == Ty::Int => {
                // min keeps the first of equal values, max too: replace only on strict order.
                let cmp = if func == Builtin::MinOf {
                    CmpOp::Lt
                } else {
                    CmpOp::Gt
                };
                let mut acc = ops[0].clone();
                for b in ops.into_iter().skip(1) {
                    let c = self.bin(&Ty::Bool, BinOp::IntCmp(cmp), b.clone(), acc.clone(), span);
                    acc = self.value(ty, Rvalue::Select(c, b, acc), span, false);
                }
                acc
            }
            Builtin::Sorted if matches!(args[2].kind, K::None) => {
                let tys = vec![list_elem(&arg_ty)];
                self.rt(
                    ty,
                    RtOp::Sorted,
                    tys,
                    vec![ops[0].clone(), ops[1].clone()],
                    span,
                )
            }
            Builtin::Sorted => {
                let rev = Some(ops[1].clone());
                let xs = (ops[0].clone(), &args[0].ty);
                self.by_key(ty, RtOp::Sorted, xs, &args[2], rev, span)?
            }
            Builtin::MinList | Builtin::MaxList
                if matches!(args[1].kind, K::None)
                    && matches!(args[2].kind, K::None)
                    && !matches!(ty, Ty::Optional(_)) =>
            {
                let tys = vec![list_elem(&arg_ty)];
                let op = RtOp::ListMinMax(func == Builtin::MinList);
                self.rt(ty, op, tys, vec![ops[0].clone()], span)
            }
            Builtin::MinList | Builtin::MaxList
                if matches!(args[2].kind, K::None) && !matches!(ty, Ty::Optional(_)) =>
            {
                let op = RtOp::ListMinMax(func == Builtin::MinList);
                let xs = (ops[0].clone(), &args[0].ty);
                self.by_key(ty, op, xs, &args[1], None, span)?
            }
            Builtin::MinList | Builtin::MaxList
                if match ty {
                    Ty::Optional(t) => t.is_handle() && **t == list_elem(&arg_ty),
                    _ => true,
                } =>
            {
                // `default=`: the list's length decides.
                let elem = list_elem(&arg_ty);
                let xs = Operand::Copy(self.take_owned(ops[0].clone(), &arg_ty, span));
                let res = self.temp(ty.clone());
                let n = self.rt(
                    &Ty::Int,
                    RtOp::ListLen,
                    vec![elem.clone()],
                    vec![xs.clone()],
                    span,
                );
                let zero = Operand::Const(Const::Int(0));
                let empty = self.bin(&Ty::Bool, BinOp::IntCmp(CmpOp::Eq), n, zero, span);
                let (bdef, bval, after) = (self.new_block(), self.new_block(), self.new_block());
                self.branch(empty, bdef, bval);
                self.switch_to(bdef);
                self.assign_local(res, ops[2].clone(), span);
                self.goto(after);
                self.switch_to(bval);
                let op = RtOp::ListMinMax(func == Builtin::MinList);
                let r = if matches!(args[1].kind, K::None) {
                    self.rt(&elem, op, vec![elem.clone()], vec![xs.clone()], span)
                } else {
                    self.by_key(&elem, op, (xs.clone(), &arg_ty), &args[1], None, span)?
                };
                self.assign_local(res, r, span);
                self.goto(after);
                self.switch_to(after);
                if ty.is_handle() {
                    self.temps.push(res);
                }
                if let Operand::Copy(l) = xs {
                    self.temps.push(l);
                }
                Operand::Copy(res)
            }
            Builtin::SysExit if arg_ty == Ty::Int || args.is_empty() => {
                let code = ops.pop().unwrap_or(Operand::Const(Const::Int(0)));
                self.rt_eval(RtOp::Exit, Vec::new(), vec![code], span);
                Operand::Const(Const::None)
            }
            other => match named_builtin(other) {
                Some((ns, name)) => {
                    let mut tys: Vec<Ty> = args.iter().map(|a| a.ty.clone()).collect();
                    tys.push(ty.clone());
                    self.rt(ty, RtOp::Named(ns, name), tys, ops, span)
                }
                None => return unsupported(format!("the built-in `{other:?}`"), span),
            },
        })
    }

    fn method(
        &mut self,
        method: Method,
        receiver: &hir::Expr,
        args: &[hir::Expr],
        ty: &Ty,
        span: Span,
    ) -> Result<Operand> {
        let r = self.expr(receiver)?;
        let mut ops = vec![r];
        for a in args {
            if matches!(a.kind, K::Lambda { .. }) {
                ops.push(Operand::Const(Const::None));
                continue;
            }
            ops.push(self.expr(a)?);
        }
        let elem = vec![list_elem(&receiver.ty)];
        if let Some(op) = coll_method(method) {
            let rty = receiver.ty.clone();
            let opt_handle = matches!(ty, Ty::Optional(t) if t.is_handle());
            return Ok(match method {
                Method::DictGetOpt | Method::DictPopOpt if !opt_handle => {
                    let Ty::Optional(inner) = ty else {
                        return unsupported(format!("`{ty}` results"), span);
                    };
                    let inner = (**inner).clone();
                    let d = Operand::Copy(self.take_owned(ops[0].clone(), &rty, span));
                    let k = Operand::Copy(self.take_owned(ops[1].clone(), &args[0].ty, span));
                    let res = self.temp(ty.clone());
                    let has = self.coll(
                        &Ty::Bool,
                        CollOp::Contains,
                        &rty,
                        vec![d.clone(), k.clone()],
                        span,
                    );
                    let (yes, after) = (self.new_block(), self.new_block());
                    self.branch(has, yes, after);
                    self.switch_to(yes);
                    let get = if method == Method::DictGetOpt {
                        CollOp::Get
                    } else {
                        CollOp::Pop
                    };
                    let v = self.coll(&inner, get, &rty, vec![d.clone(), k.clone()], span);
                    let boxed = Ty::Tuple(vec![inner]);
                    let b = self.rt(ty, RtOp::TupleNew, vec![boxed.clone()], Vec::new(), span);
                    self.rt_eval(RtOp::TuplePush, vec![boxed], vec![b.clone(), v], span);
                    self.assign_local(res, b, span);
                    self.goto(after);
                    self.switch_to(after);
                    self.temps.push(res);
                    for o in [d, k] {
                        if let Operand::Copy(l) = o {
                            self.temps.push(l);
                        }
                    }
                    return Ok(Operand::Copy(res));
                }
                Method::DictGetOpt | Method::DictPopOpt => {
                    ops.push(Operand::Const(Const::None));
                    self.coll(ty, op, &rty, ops, span)
                }
                _ => self.coll(ty, op, &rty, ops, span),
            });
        }
        Ok(match method {
            Method::ListAppend => {
                self.rt_eval(RtOp::ListPush, elem, ops, span);
                Operand::Const(Const::None)
            }
            Method::ListPop => self.rt(ty, RtOp::ListPop, elem, ops, span),
            Method::ListPopAt => self.rt(ty, RtOp::ListPopAt, elem, ops, span),
            Method::ListIndex if args.len() == 1 => self.rt(ty, RtOp::ListIndex, elem, ops, span),
            Method::ListCount => self.rt(ty, RtOp::ListCount, elem, ops, span),
            Method::ExcArgs => {
                let tys = vec![receiver.ty.clone(), ty.clone()];
                self.rt(ty, RtOp::Named(Ns::Builtin, "exc_args"), tys, ops, span)
            }
            Method::ListCopy => self.rt(
                ty,
                RtOp::Named(Ns::Builtin, "list_copy"),
                vec![receiver.ty.clone(), ty.clone()],
                ops,
                span,
            ),
            Method::ListSliceAssign | Method::ListSliceDel => {
                let mut args2 = vec![ops[0].clone()];
                for (b, e) in ops[1..4].iter().zip(&args[..3]) {
                    let given = !matches!(e.kind, K::None);
                    if given && e.ty != Ty::Int {
                        return unsupported("an `Optional` slice bound", e.span);
                    }
                    args2.push(if given {
                        b.clone()
                    } else {
                        Operand::Const(Const::Int(0))
                    });
                    args2.push(Operand::Const(Const::Bool(given)));
                }
                let op = if method == Method::ListSliceAssign {
                    args2.push(ops[4].clone());
                    RtOp::SliceAssign
                } else {
                    args2.push(Operand::Const(Const::None));
                    RtOp::SliceDel
                };
                self.rt_eval(op, elem, args2, span);
                Operand::Const(Const::None)
            }
            Method::ListInsert
            | Method::ListDel
            | Method::ListExtend
            | Method::ListRemove
            | Method::ListReverse
            | Method::ListClear => {
                let op = match method {
                    Method::ListInsert => RtOp::ListInsert,
                    Method::ListDel => RtOp::ListDel,
                    Method::ListExtend => RtOp::ListExtend,
                    Method::ListRemove => RtOp::ListRemove,
                    Method::ListReverse => RtOp::ListReverse,
                    _ => RtOp::ListClear,
                };
                self.rt_eval(op, elem, ops, span);
                Operand::Const(Const::None)
            }
            Method::ListSort if matches!(args[1].kind, K::None) => {
                let ops = vec![ops[0].clone(), ops[1].clone()];
                self.rt_eval(RtOp::SortInPlace, elem, ops, span);
                Operand::Const(Const::None)
            }
            Method::ListSort => {
                let rev = Some(ops[1].clone());
                let xs = (ops[0].clone(), &receiver.ty);
                self.by_key(&Ty::None, RtOp::SortInPlace, xs, &args[1], rev, span)?;
                Operand::Const(Const::None)
            }
            Method::Str(name) if STR_METHODS.contains(&name) && args.len() <= 3 => {
                let mut tys: Vec<Ty> = std::iter::once(&receiver.ty)
                    .chain(args.iter().map(|a| &a.ty))
                    .cloned()
                    .collect();
                tys.push(ty.clone());
                self.rt(ty, RtOp::Named(Ns::StrMethod, name), tys, ops, span)
            }
            Method::Str(name) => return unsupported(format!("`str.{name}`"), span),
            other => return unsupported(format!("the method `{other:?}`"), span),
        })
    }

    fn fstring(&mut self, parts: &[hir::FPart], span: Span) -> Result<Operand> {
        let list_ty = Ty::list(Ty::Str);
        let l = self.rt(&list_ty, RtOp::ListNew, vec![Ty::Str], Vec::new(), span);
        for p in parts {
            let s = match p {
                hir::FPart::Lit(s) => Operand::Const(Const::Str(s.clone())),
                hir::FPart::Field { value, repr, spec } => {
                    let v = self.expr(value)?;
                    match spec {
                        None => self.to_str(v, &value.ty, *repr, value.span),
                        Some(spec) => {
                            let (v, vty) = if *repr {
                                (self.to_str(v, &value.ty, true, value.span), Ty::Str)
                            } else {
                                (v, value.ty.clone())
                            };
                            let spec = match spec.as_slice() {
                                [] => Operand::Const(Const::Str(String::new())),
                                [hir::FPart::Lit(s)] => Operand::Const(Const::Str(s.clone())),
                                parts => self.fstring(parts, span)?,
                            };
                            self.rt(&Ty::Str, RtOp::Format, vec![vty], vec![v, spec], span)
                        }
                    }
                }
            };
            self.rt_eval(RtOp::ListPush, vec![Ty::Str], vec![l.clone(), s], span);
        }
        Ok(self.rt(&Ty::Str, RtOp::StrJoinParts, Vec::new(), vec![l], span))
    }
}

/// The dict and set methods, as runtime operations.
fn coll_method(m: Method) -> Option<CollOp> {
    use CollOp as C;
    Some(match m {
        Method::DictGet | Method::DictGetOpt => C::GetOr,
        Method::DictSetdefault => C::SetDefault,
        Method::DictPop => C::Pop,
        Method::DictPopDefault | Method::DictPopOpt => C::PopOr,
        Method::DictPopitem => C::Popitem,
        Method::DictKeys => C::Keys,
        Method::DictValues => C::Values,
        Method::DictItems => C::Items,
        Method::DictUpdate | Method::SetUpdate => C::Update,
        Method::DictCopy | Method::SetCopy => C::Copy,
        Method::DictClear | Method::SetClear => C::Clear,
        Method::DictDel => C::Del,
        Method::SetAdd => C::Add,
        Method::SetRemove => C::Remove,
        Method::SetDiscard => C::Discard,
        Method::SetPop => C::SetPop,
        Method::SetUnion => C::Union,
        Method::SetIntersection => C::Intersection,
        Method::SetDifference => C::Difference,
        Method::SetSymmetricDifference => C::SymmetricDifference,
        Method::SetIntersectionUpdate => C::IntersectionUpdate,
        Method::SetDifferenceUpdate => C::DifferenceUpdate,
        Method::SetSymmetricDifferenceUpdate => C::SymmetricDifferenceUpdate,
        Method::SetIsSubset => C::IsSubset,
        Method::SetIsSuperset => C::IsSuperset,
        Method::SetIsDisjoint => C::IsDisjoint,
        Method::SetToList => C::Keys,
        _ => return None,
    })
}

/// The `str` methods the glue implements (`jit::glue::str_method`).
pub const STR_METHODS: &[&str] = &[
    "upper",
    "lower",
    "strip",
    "lstrip",
    "rstrip",
    "split",
    "rsplit",
    "join",
    "replace",
    "startswith",
    "endswith",
    "find",
    "rfind",
    "index",
    "rindex",
    "count",
    "isdigit",
    "isalpha",
    "isalnum",
    "isspace",
    "isupper",
    "islower",
    "isdecimal",
    "isnumeric",
    "title",
    "capitalize",
    "swapcase",
    "casefold",
    "zfill",
    "ljust",
    "rjust",
    "center",
    "removeprefix",
    "removesuffix",
    "splitlines",
    "expandtabs",
    "istitle",
    "isascii",
    "isprintable",
    "partition",
    "rpartition",
    "startswith_any",
    "endswith_any",
    "startswith_range",
    "endswith_range",
];

/// Built-ins the glue implements by name (`jit::glue::named`).
fn named_builtin(b: Builtin) -> Option<(Ns, &'static str)> {
    let name = match b {
        Builtin::Ord => "ord",
        Builtin::Chr => "chr",
        Builtin::Hex => "hex",
        Builtin::Oct => "oct",
        Builtin::Bin => "bin",
        Builtin::SumInt => "sum_int",
        Builtin::SumFloat => "sum_float",
        Builtin::Input => "input",
        Builtin::StdinReadline => "stdin_readline",
        Builtin::StdinRead => "stdin_read",
        Builtin::StdinLines => "stdin_lines",
        Builtin::RoundFloatDigits => "round_digits",
        Builtin::RoundIntDigits => "round_int",
        Builtin::MinOf => "min",
        Builtin::MaxOf => "max",
        Builtin::IntFromStrBase => "int_base",
        Builtin::BitLength => "bit_length",
        Builtin::HashInt => "hash_int",
        Builtin::HashValue => "hash_value",
        Builtin::Transpose => "transpose",
        Builtin::UnpackAtLeast => "unpack_at_least",
        Builtin::ListFromStr => "list_from_str",
        Builtin::ListCopy => "list_copy",
        Builtin::DivmodInt => "divmod_int",
        Builtin::DivmodFloat => "divmod_float",
        Builtin::SysSetRecursionLimit => "setrecursionlimit",
        Builtin::SysGetRecursionLimit => "getrecursionlimit",
        Builtin::Math(name) => return Some((Ns::Math, name)),
        _ => return None,
    };
    Some((Ns::Builtin, name))
}

fn list_elem(ty: &Ty) -> Ty {
    ty.seq_elem().cloned().unwrap_or(Ty::None)
}

/// A short name for an expression kind, for the "not supported" note.
fn describe(k: &hir::ExprKind) -> String {
    let s = match k {
        K::Some(_) | K::Unwrap(_) => "`Optional` values",
        K::ExcPayload { .. } => "fields of exception objects",
        K::Tuple(_) | K::TupleField { .. } => "tuples",
        K::Dict(_) | K::DictComp { .. } => "dicts",
        K::Set(_) | K::SetComp { .. } => "sets",
        K::Comprehension { .. } => "comprehensions",
        K::Lambda { .. } | K::FuncRef(_) | K::CallValue { .. } => "functions as values",
        K::New { .. } | K::Field { .. } => "classes",
        K::Slice { .. } => "slices",
        K::Spread(_) => "`*` arguments",
        K::Upcast(_) | K::Downcast(_) | K::IsInstance { .. } => {
            "subclass instances used as their base class"
        }
        K::Global(_) => "module-level values",
        _ => "this expression",
    };
    s.to_string()
}
