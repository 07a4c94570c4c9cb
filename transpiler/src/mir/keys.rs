//! `key=` functions (`sorted`, `list.sort`, `min`, `max`): the key lambda is inlined in a loop
//! that computes every element's key into a list; the runtime then orders the elements by those
//! keys (stably, as CPython does), never calling back into compiled code.

use super::build::{unsupported, FnBuilder, Result};
use super::syntax::*;
use crate::hir::{self, ExprKind as K};
use crate::source::Span;
use crate::types::Ty;

impl FnBuilder<'_> {
    /// `repr` of a list or tuple whose items the runtime cannot format (classes with
    /// `__repr__`): the parts are built here, each item's through its own method.
    pub(super) fn fmt_items(&mut self, op: Operand, ty: &Ty, span: Span) -> Operand {
        let outer = std::mem::take(&mut self.temps);
        let seq = self.take_owned(op, ty, span);
        let parts = self.temp(Ty::list(Ty::Str));
        let push = |b: &mut Self, s: Operand| {
            b.push(
                StmtKind::Eval(Rvalue::Runtime {
                    op: RtOp::ListPush,
                    tys: vec![Ty::Str],
                    args: vec![Operand::Copy(parts), s],
                }),
                span,
                false,
            );
        };
        self.push(
            StmtKind::Assign {
                dest: parts,
                value: Rvalue::Runtime {
                    op: RtOp::ListNew,
                    tys: vec![Ty::Str],
                    args: Vec::new(),
                },
            },
            span,
            false,
        );
        let lit = |s: &str| Operand::Const(Const::Str(s.into()));
        match ty {
            Ty::Tuple(ts) => {
                push(self, lit("("));
                for (i, t) in ts.iter().enumerate() {
                    if i > 0 {
                        push(self, lit(", "));
                    }
                    let item = self.value(
                        t,
                        Rvalue::Runtime {
                            op: RtOp::TupleGet,
                            tys: vec![ty.clone()],
                            args: vec![Operand::Copy(seq), Operand::Const(Const::Int(i as i64))],
                        },
                        span,
                        false,
                    );
                    let s = self.to_str(item, t, true, span);
                    push(self, s);
                    self.flush(span);
                }
                push(self, lit(if ts.len() == 1 { ",)" } else { ")" }));
            }
            _ => {
                let elem = ty.seq_elem().cloned().unwrap_or(Ty::None);
                push(self, lit("["));
                let mut body = |b: &mut Self, item: Operand, first: Operand| -> Result<()> {
                    let (sep, next) = (b.new_block(), b.new_block());
                    b.branch(first, next, sep);
                    b.switch_to(sep);
                    push(b, lit(", "));
                    b.goto(next);
                    b.switch_to(next);
                    let s = b.to_str(item, &elem, true, span);
                    push(b, s);
                    Ok(())
                };
                if let Err(u) = self.each_index(seq, &elem, span, &mut body) {
                    self.deferred.get_or_insert(u);
                }
                push(self, lit("]"));
            }
        }
        let r = self.value(
            &Ty::Str,
            Rvalue::Runtime {
                op: RtOp::StrJoinParts,
                tys: Vec::new(),
                args: vec![Operand::Copy(parts)],
            },
            span,
            false,
        );
        let mut temps = outer;
        temps.extend(self.temps.drain(..));
        temps.extend([seq, parts]);
        self.temps = temps;
        r
    }

    /// A loop over the items of the list in `list`: `body` gets each item (a temporary of the
    /// iteration) and whether it is the first.
    fn each_index(
        &mut self,
        list: Local,
        elem: &Ty,
        span: Span,
        body: &mut dyn FnMut(&mut Self, Operand, Operand) -> Result<()>,
    ) -> Result<()> {
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
        let first = self.temp(Ty::Bool);
        self.push(
            StmtKind::Assign {
                dest: first,
                value: Rvalue::Binary(
                    BinOp::IntCmp(CmpOp::Eq),
                    Operand::Copy(idx),
                    Operand::Const(Const::Int(0)),
                ),
            },
            span,
            false,
        );
        body(self, item, Operand::Copy(first))?;
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
        Ok(())
    }

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
        let mut body = |b: &mut Self, item: Operand, _first: Operand| -> Result<()> {
            b.assign_local(b.hl(*p), item, span);
            let k = b.expr(body)?;
            b.push(
                StmtKind::Eval(Rvalue::Runtime {
                    op: RtOp::ListPush,
                    tys: vec![kty.clone()],
                    args: vec![Operand::Copy(keys), k],
                }),
                span,
                false,
            );
            Ok(())
        };
        self.each_index(list, elem, span, &mut body)?;
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
        let Some(elem) = xs_ty.seq_elem() else {
            return unsupported(format!("`key=` over a `{xs_ty}`"), span);
        };
        let elem = elem.clone();
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
