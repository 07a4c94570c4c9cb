//! `key=` functions (`sorted`, `list.sort`, `min`, `max`): the key lambda is inlined in a loop
//! that computes every element's key into a list; the runtime then orders the elements by those
//! keys (stably, as CPython does), never calling back into compiled code.

use super::build::{unsupported, FnBuilder, Result};
use super::syntax::*;
use crate::hir::{self, ExprKind as K};
use crate::source::Span;
use crate::types::Ty;

impl FnBuilder<'_> {
    /// The keys of the list in `list` (elements of type `elem`), as a new list local.
    fn keys_of(
        &mut self,
        list: Local,
        elem: &Ty,
        key: &hir::Expr,
        span: Span,
    ) -> Result<(Local, Ty)> {
        let K::Lambda { params, body } = &key.kind else {
            return unsupported("this `key=` function", key.span);
        };
        let [p] = params.as_slice() else {
            return unsupported("this `key=` function", key.span);
        };
        let kty = body.ty.clone();
        let keys = self.temp(Ty::list(kty.clone()));
        self.push(
            StmtKind::Assign {
                dest: keys,
                value: Rvalue::Runtime {
                    op: RtOp::ListNew,
                    tys: vec![kty.clone()],
                    args: Vec::new(),
                },
            },
            span,
            false,
        );
        let idx = self.temp(Ty::Int);
        self.push(
            StmtKind::Assign {
                dest: idx,
                value: Rvalue::Use(Operand::Const(Const::Int(0))),
            },
            span,
            false,
        );
        let (head, body_b, after) = (self.new_block(), self.new_block(), self.new_block());
        self.goto(head);
        self.switch_to(head);
        let len = self.temp(Ty::Int);
        self.push(
            StmtKind::Assign {
                dest: len,
                value: Rvalue::Runtime {
                    op: RtOp::ListLen,
                    tys: vec![elem.clone()],
                    args: vec![Operand::Copy(list)],
                },
            },
            span,
            false,
        );
        let more = self.temp(Ty::Bool);
        self.push(
            StmtKind::Assign {
                dest: more,
                value: Rvalue::Binary(
                    BinOp::IntCmp(CmpOp::Lt),
                    Operand::Copy(idx),
                    Operand::Copy(len),
                ),
            },
            span,
            false,
        );
        self.branch(Operand::Copy(more), body_b, after);
        self.switch_to(body_b);
        let outer = std::mem::take(&mut self.temps);
        let item = self.value(
            elem,
            Rvalue::Runtime {
                op: RtOp::ListGetUnchecked,
                tys: vec![elem.clone()],
                args: vec![Operand::Copy(list), Operand::Copy(idx)],
            },
            span,
            false,
        );
        self.assign_local(Local(p.0), item, span);
        let k = self.expr(body)?;
        self.push(
            StmtKind::Eval(Rvalue::Runtime {
                op: RtOp::ListPush,
                tys: vec![kty.clone()],
                args: vec![Operand::Copy(keys), k],
            }),
            span,
            false,
        );
        self.flush(span);
        self.temps = outer;
        self.push(
            StmtKind::Assign {
                dest: idx,
                value: Rvalue::Binary(
                    BinOp::IntAdd,
                    Operand::Copy(idx),
                    Operand::Const(Const::Int(1)),
                ),
            },
            span,
            true,
        );
        self.goto(head);
        self.switch_to(after);
        Ok((keys, kty))
    }

    /// `sorted(xs, key=..., reverse=...)`, `xs.sort(key=...)`, `min`/`max(xs, key=...)`:
    /// `op` is `Sorted`, `SortInPlace` or `ListMinMax`; `extra` the reverse flag, if any.
    pub(super) fn by_key(
        &mut self,
        ty: &Ty,
        op: RtOp,
        (xs, xs_ty): (Operand, &Ty),
        key: &hir::Expr,
        extra: Option<Operand>,
        span: Span,
    ) -> Result<Operand> {
        let Ty::List(elem) = xs_ty else {
            return unsupported(format!("`key=` over a `{xs_ty}`"), span);
        };
        let elem = (**elem).clone();
        let list = self.take_owned(xs, xs_ty, span);
        let (keys, kty) = self.keys_of(list, &elem, key, span)?;
        let mut args = vec![Operand::Copy(list), Operand::Copy(keys)];
        args.extend(extra);
        let by_key = match op {
            RtOp::Sorted => RtOp::SortedByKey,
            RtOp::SortInPlace => RtOp::SortByKeyInPlace,
            RtOp::ListMinMax(min) => RtOp::ListMinMaxByKey(min),
            _ => return unsupported("this `key=` use", span),
        };
        let r = self.value(
            ty,
            Rvalue::Runtime {
                op: by_key,
                tys: vec![elem, kty],
                args,
            },
            span,
            by_key.can_raise(),
        );
        self.drop_local(keys, span);
        self.drop_local(list, span);
        Ok(r)
    }
}
