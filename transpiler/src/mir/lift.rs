//! Functions as values: a lambda becomes a function of its own (lifted), taking the closure
//! object and its parameters; a closure object is a tuple of the code address and the captured
//! values (copied when the lambda is evaluated: Roast rejects lambdas whose captured variables
//! change later). A program function used as a value gets an adapter with that calling shape.

use super::build::{unsupported, FnBuilder, Result};
use super::syntax::*;
use crate::hir::{self, visit, ExprKind as K};
use crate::source::Span;
use crate::types::Ty;

/// The locals an expression reads, and those it binds itself (comprehension targets).
fn locals_of(e: &hir::Expr, read: &mut Vec<hir::LocalId>, bound: &mut Vec<hir::LocalId>) {
    match &e.kind {
        K::Local(l) => read.push(*l),
        K::Comprehension { gens, .. } | K::SetComp { gens, .. } | K::DictComp { gens, .. } => {
            gens.iter().for_each(|g| bound.extend(g.target.locals()));
        }
        K::Lambda { params, .. } => bound.extend(params),
        _ => {}
    }
    visit::each_child(e, &mut |c| locals_of(c, read, bound));
}

/// The parameters of a function called through a closure: the closure, then the arguments.
fn closure_params(ty: &Ty, ps: &[Ty]) -> Vec<LocalDecl> {
    let mut locals = vec![LocalDecl {
        name: "env".into(),
        ty: ty.clone(),
    }];
    for (i, t) in ps.iter().enumerate() {
        locals.push(LocalDecl {
            name: format!("_p{i}"),
            ty: t.clone(),
        });
    }
    locals
}

impl FnBuilder<'_> {
    /// The closure's layout: the code address, then the captured values.
    fn closure_layout(&self, caps: &[hir::LocalId]) -> Ty {
        let mut ts = vec![Ty::Int];
        ts.extend(
            caps.iter()
                .map(|c| self.f.locals[self.hl(*c).0 as usize].ty.clone()),
        );
        Ty::Tuple(ts)
    }

    /// Reserves the index of a lifted function.
    fn reserve(&self) -> FuncIdx {
        let mut l = self.lifted.borrow_mut();
        l.functions.push(Function::default());
        FuncIdx(l.first + l.functions.len() as u32 - 1)
    }

    fn store(&self, idx: FuncIdx, f: Function) {
        let mut l = self.lifted.borrow_mut();
        let first = l.first;
        if let Some(slot) = l.functions.get_mut((idx.0 - first) as usize) {
            *slot = f;
        }
    }

    /// A closure object for `func` capturing `caps` (operands of the current function).
    fn closure(
        &mut self,
        func: FuncIdx,
        layout: Ty,
        caps: Vec<Operand>,
        ty: &Ty,
        span: Span,
    ) -> Operand {
        let t = self.value(
            ty,
            Rvalue::Runtime {
                op: RtOp::TupleNew,
                tys: vec![layout.clone()],
                args: Vec::new(),
            },
            span,
            false,
        );
        let addr = self.value(&Ty::Int, Rvalue::FuncAddr(func), span, false);
        for v in std::iter::once(addr).chain(caps) {
            self.push(
                StmtKind::Eval(Rvalue::Runtime {
                    op: RtOp::TuplePush,
                    tys: vec![layout.clone()],
                    args: vec![t.clone(), v],
                }),
                span,
                false,
            );
        }
        t
    }

    /// `lambda params: body` as a value of type `ty`.
    pub(super) fn lambda(
        &mut self,
        params: &[hir::LocalId],
        body: &hir::Expr,
        ty: &Ty,
        span: Span,
    ) -> Result<Operand> {
        let (Ty::Func(ps, ret), Some(hf)) = (ty, self.hir) else {
            return unsupported("this lambda", span);
        };
        let (mut read, mut bound) = (Vec::new(), Vec::new());
        locals_of(body, &mut read, &mut bound);
        let mut caps: Vec<hir::LocalId> = Vec::new();
        for l in read {
            if !params.contains(&l) && !bound.contains(&l) && !caps.contains(&l) {
                caps.push(l);
            }
        }
        let layout = self.closure_layout(&caps);
        let idx = self.reserve();
        let k = params.len() as u32;
        let mut b = FnBuilder::new(self.program, hf, self.lifted);
        b.base = 1 + k;
        b.f.name = format!("{}.<lambda>", hf.name);
        b.f.params = 1 + k;
        b.f.ret = (**ret).clone();
        let mut locals = closure_params(ty, ps);
        locals.append(&mut b.f.locals);
        b.f.locals = locals;
        for (i, p) in params.iter().enumerate() {
            let dest = b.hl(*p);
            b.assign_local(dest, Operand::Copy(Local(1 + i as u32)), span);
        }
        for (j, c) in caps.iter().enumerate() {
            let cty = b.f.locals[b.hl(*c).0 as usize].ty.clone();
            let v = b.value(
                &cty,
                Rvalue::Runtime {
                    op: RtOp::TupleGet,
                    tys: vec![layout.clone()],
                    args: vec![
                        Operand::Copy(Local(0)),
                        Operand::Const(Const::Int(j as i64 + 1)),
                    ],
                },
                span,
                false,
            );
            let dest = b.hl(*c);
            b.assign_local(dest, v, span);
        }
        b.flush(span);
        let r = b.expr(body)?;
        let term = if **ret == Ty::None {
            Terminator::Return(None)
        } else {
            Terminator::Return(Some(b.take_owned(r, ret, span)))
        };
        b.flush(span);
        b.terminate(term);
        if let Some(u) = b.deferred.take() {
            return Err(u);
        }
        self.store(idx, b.f);
        let caps = caps.iter().map(|c| Operand::Copy(self.hl(*c))).collect();
        Ok(self.closure(idx, layout, caps, ty, span))
    }

    /// A program function `f` used as a value of type `ty`: a closure over an adapter.
    pub(super) fn func_value(&mut self, f: hir::FuncId, ty: &Ty, span: Span) -> Result<Operand> {
        let Ty::Func(ps, ret) = ty else {
            return unsupported("this function value", span);
        };
        let idx = self.reserve();
        let mut locals = closure_params(ty, ps);
        let r = Local(locals.len() as u32);
        locals.push(LocalDecl {
            name: "_r".into(),
            ty: (**ret).clone(),
        });
        let args = (1..=ps.len() as u32)
            .map(|i| Operand::Copy(Local(i)))
            .collect();
        let call = Statement {
            kind: StmtKind::Assign {
                dest: r,
                value: Rvalue::Call(FuncIdx(f.0), args),
            },
            span,
            can_raise: true,
        };
        let adapter = Function {
            name: format!(
                "{}.<value>",
                self.functions.get(f.0 as usize).map_or("", |f| &f.name)
            ),
            params: 1 + ps.len() as u32,
            owned_params: Vec::new(),
            ret: (**ret).clone(),
            locals,
            depth_cost: 0,
            blocks: vec![Block {
                stmts: vec![call],
                term: Terminator::Return((**ret != Ty::None).then_some(r)),
                unwind: None,
            }],
        };
        self.store(idx, adapter);
        Ok(self.closure(idx, Ty::Tuple(vec![Ty::Int]), Vec::new(), ty, span))
    }

    /// A call of a `Callable` value: its code address from the closure, which it also gets.
    pub(super) fn call_value(
        &mut self,
        callee: &hir::Expr,
        args: &[hir::Expr],
        ty: &Ty,
        span: Span,
    ) -> Result<Operand> {
        let Ty::Func(ps, _) = &callee.ty else {
            return unsupported("this call", span);
        };
        let c = self.expr(callee)?;
        let mut ops = vec![c.clone()];
        for a in args {
            ops.push(self.expr(a)?);
        }
        let addr = self.value(
            &Ty::Int,
            Rvalue::Runtime {
                op: RtOp::TupleGet,
                tys: vec![Ty::Tuple(vec![Ty::Int])],
                args: vec![c, Operand::Const(Const::Int(0))],
            },
            span,
            false,
        );
        let value = Rvalue::CallIndirect {
            addr,
            params: std::iter::once(callee.ty.clone())
                .chain(ps.iter().cloned())
                .collect(),
            args: ops,
        };
        Ok(self.value(ty, value, span, true))
    }
}
