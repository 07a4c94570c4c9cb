//! `for` loops: the iterable is evaluated once into loop-owned locals, a header block tests for
//! the next item, and the body binds it to the target.

use super::build::{unsupported, FnBuilder, Result};
use super::syntax::*;
use crate::hir;
use crate::source::Span;
use crate::types::Ty;

/// The state of one iteration source, in locals the loop owns.
enum Source {
    /// `cur` counts from start by `step` until it passes `stop`.
    Range {
        cur: Local,
        stop: Local,
        step: Local,
        /// The step's sign when it is a constant.
        step_const: Option<i64>,
    },
    /// A list or str walked by index (backwards when `rev`); the length is read each time.
    Seq {
        seq: Local,
        idx: Local,
        elem: Ty,
        is_str: bool,
        rev: bool,
    },
    /// `enumerate(inner, start)`.
    Enumerate { inner: Box<Source>, count: Local },
    /// `zip(a, b, ...)`: stops at the shortest.
    Zip(Vec<Source>),
}

impl FnBuilder<'_> {
    pub(super) fn for_loop(
        &mut self,
        target: &hir::Target,
        iter: &hir::Iterable,
        body: &[hir::Stmt],
        orelse: &[hir::Stmt],
        span: Span,
    ) -> Result<()> {
        self.for_each(target, iter, &mut |b| b.block(body), orelse, span)
    }

    /// A list, set or dict comprehension: a new container filled by nested loops (`elts` is
    /// the element, or the key and the value).
    pub(super) fn collect(
        &mut self,
        elts: &[&hir::Expr],
        gens: &[hir::CompFor],
        ty: &Ty,
        span: Span,
    ) -> Result<Operand> {
        let (op, tys, add) = match ty {
            Ty::List(elem) => (RtOp::ListNew, vec![(**elem).clone()], RtOp::ListPush),
            Ty::Set(_) | Ty::Dict(..) => {
                let add = if elts.len() == 2 {
                    CollOp::Set
                } else {
                    CollOp::Add
                };
                (RtOp::Coll(CollOp::New), vec![ty.clone()], RtOp::Coll(add))
            }
            _ => return unsupported("this comprehension", span),
        };
        // The enclosing expression's temporaries stay alive across the loops.
        let outer = std::mem::take(&mut self.temps);
        let l = self.temp(ty.clone());
        self.push(
            StmtKind::Assign {
                dest: l,
                value: Rvalue::Runtime {
                    op,
                    tys: tys.clone(),
                    args: Vec::new(),
                },
            },
            span,
            false,
        );
        let mut leaf = |b: &mut Self| -> Result<()> {
            let mut args = vec![Operand::Copy(l)];
            for e in elts {
                args.push(b.expr(e)?);
            }
            b.push(
                StmtKind::Eval(Rvalue::Runtime {
                    op: add,
                    tys: tys.clone(),
                    args,
                }),
                span,
                false,
            );
            b.flush(span);
            Ok(())
        };
        self.comp_level(gens, &mut leaf, span)?;
        self.temps = outer;
        self.temps.push(l);
        Ok(Operand::Copy(l))
    }

    fn comp_level(
        &mut self,
        gens: &[hir::CompFor],
        leaf: &mut dyn FnMut(&mut Self) -> Result<()>,
        span: Span,
    ) -> Result<()> {
        let Some((g, rest)) = gens.split_first() else {
            return leaf(self);
        };
        let mut body = |b: &mut Self| -> Result<()> {
            b.filters(&g.ifs, span)?;
            b.comp_level(rest, leaf, span)
        };
        self.for_each(&g.target, &g.iter, &mut body, &[], span)
    }

    /// A comprehension's `if` clauses: a false one continues the innermost loop.
    pub(super) fn filters(&mut self, ifs: &[hir::Expr], span: Span) -> Result<()> {
        for c in ifs {
            let c = self.cond(c)?;
            self.flush(span);
            let next = self.new_block();
            let Some(&(cont, _)) = self.loops.last() else {
                return unsupported("a comprehension outside a loop", span);
            };
            self.branch(c, next, cont);
            self.switch_to(next);
        }
        Ok(())
    }

    /// A `for` loop whose body is built by `body` (no `else`).
    pub(super) fn for_each_pub(
        &mut self,
        target: &hir::Target,
        iter: &hir::Iterable,
        body: &mut dyn FnMut(&mut Self) -> Result<()>,
        span: Span,
    ) -> Result<()> {
        self.for_each(target, iter, body, &[], span)
    }

    fn for_each(
        &mut self,
        target: &hir::Target,
        iter: &hir::Iterable,
        body: &mut dyn FnMut(&mut Self) -> Result<()>,
        orelse: &[hir::Stmt],
        span: Span,
    ) -> Result<()> {
        let src = self.source(iter, span)?;
        self.flush(span);
        let (head, bbody, latch, belse, brk, after) = (
            self.new_block(),
            self.new_block(),
            self.new_block(),
            self.new_block(),
            self.new_block(),
            self.new_block(),
        );
        self.goto(head);
        self.switch_to(head);
        let c = self.has_next(&src, span);
        self.branch(c, bbody, belse);
        self.switch_to(bbody);
        self.bind(&src, target, span)?;
        self.flush(span);
        self.loops.push((latch, brk));
        body(self)?;
        self.loops.pop();
        self.goto(latch);
        self.switch_to(latch);
        self.advance(&src, span);
        self.goto(head);
        // Normal end: release the loop's values, then the `else` block.
        self.switch_to(belse);
        self.release(&src, span);
        self.block(orelse)?;
        self.goto(after);
        self.switch_to(brk);
        self.release(&src, span);
        self.goto(after);
        self.switch_to(after);
        Ok(())
    }

    fn int_local(&mut self, op: Operand, span: Span) -> Local {
        let l = self.temp(Ty::Int);
        self.push(
            StmtKind::Assign {
                dest: l,
                value: Rvalue::Use(op),
            },
            span,
            false,
        );
        l
    }

    fn source(&mut self, iter: &hir::Iterable, span: Span) -> Result<Source> {
        use hir::Iterable as I;
        Ok(match iter {
            I::Range { start, stop, step } => {
                let a = self.expr(start)?;
                let b = self.expr(stop)?;
                let (s, step_const) = match step {
                    Some(e) => {
                        let k = match e.kind {
                            hir::ExprKind::Int(k) => Some(k),
                            _ => None,
                        };
                        (self.expr(e)?, k)
                    }
                    None => (Operand::Const(Const::Int(1)), Some(1)),
                };
                let cur = self.int_local(a, span);
                let stop = self.int_local(b, span);
                let step = self.int_local(s, span);
                if step_const.is_none_or(|k| k == 0) {
                    let zero = self.binary_bool(
                        BinOp::IntCmp(CmpOp::Eq),
                        Operand::Copy(step),
                        Operand::Const(Const::Int(0)),
                        span,
                    );
                    let (fail, ok) = (self.new_block(), self.new_block());
                    self.branch(zero, fail, ok);
                    self.switch_to(fail);
                    let msg = Operand::Const(Const::Str("range() arg 3 must not be zero".into()));
                    self.raise("ValueError", msg, span);
                    self.switch_to(ok);
                }
                Source::Range {
                    cur,
                    stop,
                    step,
                    step_const,
                }
            }
            I::List(e) | I::Str(e) => {
                let op = self.expr(e)?;
                let seq = self.take_owned(op, &e.ty, span);
                let is_str = matches!(iter, I::Str(_));
                let elem = e.ty.seq_elem().cloned().unwrap_or(Ty::Str);
                let idx = self.int_local(Operand::Const(Const::Int(0)), span);
                Source::Seq {
                    seq,
                    idx,
                    elem,
                    is_str,
                    rev: false,
                }
            }
            I::Reversed(inner) => match &**inner {
                I::List(e) => {
                    let op = self.expr(e)?;
                    let seq = self.take_owned(op, &e.ty, span);
                    let elem = e.ty.seq_elem().cloned().unwrap_or(Ty::Str);
                    let len = self.len_of(seq, &e.ty, span);
                    let idx = self.int_local(len, span);
                    Source::Seq {
                        seq,
                        idx,
                        elem,
                        is_str: false,
                        rev: true,
                    }
                }
                _ => return unsupported("`reversed` of this iterable", span),
            },
            I::Enumerate { inner, start } => {
                let inner = self.source(inner, span)?;
                let s = self.expr(start)?;
                let count = self.int_local(s, span);
                Source::Enumerate {
                    inner: Box::new(inner),
                    count,
                }
            }
            I::Zip(parts) => Source::Zip(
                parts
                    .iter()
                    .map(|p| self.source(p, span))
                    .collect::<Result<Vec<_>>>()?,
            ),
            I::Dict { dict: e, .. } | I::Set(e) if !matches!(e.ty, Ty::None) => {
                // Walks a snapshot: the keys, values or items as a new list.
                let (op, elem) = match (iter, &e.ty) {
                    (I::Dict { .. }, Ty::Dict(k, v)) => match what_of(iter) {
                        hir::DictIter::Keys => (CollOp::Keys, (**k).clone()),
                        hir::DictIter::Values => (CollOp::Values, (**v).clone()),
                        hir::DictIter::Items => {
                            (CollOp::Items, Ty::Tuple(vec![(**k).clone(), (**v).clone()]))
                        }
                    },
                    (_, Ty::Set(t)) => (CollOp::Keys, (**t).clone()),
                    _ => return unsupported(format!("iterating over a `{}`", e.ty), span),
                };
                let c = self.expr(e)?;
                let list_ty = Ty::list(elem.clone());
                let seq = self.temp(list_ty);
                self.push(
                    StmtKind::Assign {
                        dest: seq,
                        value: Rvalue::Runtime {
                            op: RtOp::Coll(op),
                            tys: vec![e.ty.clone()],
                            args: vec![c],
                        },
                    },
                    span,
                    false,
                );
                let idx = self.int_local(Operand::Const(Const::Int(0)), span);
                Source::Seq {
                    seq,
                    idx,
                    elem,
                    is_str: false,
                    rev: false,
                }
            }
            I::Dict { .. } | I::Set(_) => return unsupported("this iteration", span),
        })
    }

    fn binary_bool(&mut self, op: BinOp, a: Operand, b: Operand, span: Span) -> Operand {
        let t = self.temp(Ty::Bool);
        self.push(
            StmtKind::Assign {
                dest: t,
                value: Rvalue::Binary(op, a, b),
            },
            span,
            false,
        );
        Operand::Copy(t)
    }

    fn len_of(&mut self, seq: Local, ty: &Ty, span: Span) -> Operand {
        let (op, tys) = match ty {
            Ty::List(t) | Ty::TupleOf(t) => (RtOp::ListLen, vec![(**t).clone()]),
            _ => (RtOp::StrLen, Vec::new()),
        };
        let t = self.temp(Ty::Int);
        self.push(
            StmtKind::Assign {
                dest: t,
                value: Rvalue::Runtime {
                    op,
                    tys,
                    args: vec![Operand::Copy(seq)],
                },
            },
            span,
            false,
        );
        Operand::Copy(t)
    }

    /// The loop condition: is there another item?
    fn has_next(&mut self, src: &Source, span: Span) -> Operand {
        match src {
            Source::Range {
                cur,
                stop,
                step,
                step_const,
            } => {
                let lt = BinOp::IntCmp(CmpOp::Lt);
                let gt = BinOp::IntCmp(CmpOp::Gt);
                let (c, s) = (Operand::Copy(*cur), Operand::Copy(*stop));
                match step_const {
                    Some(k) if *k > 0 => self.binary_bool(lt, c, s, span),
                    Some(_) => self.binary_bool(gt, c, s, span),
                    None => {
                        let pos = self.binary_bool(
                            gt,
                            Operand::Copy(*step),
                            Operand::Const(Const::Int(0)),
                            span,
                        );
                        let a = self.binary_bool(lt, c.clone(), s.clone(), span);
                        let b = self.binary_bool(gt, c, s, span);
                        let t = self.temp(Ty::Bool);
                        self.push(
                            StmtKind::Assign {
                                dest: t,
                                value: Rvalue::Select(pos, a, b),
                            },
                            span,
                            false,
                        );
                        Operand::Copy(t)
                    }
                }
            }
            Source::Seq {
                seq,
                idx,
                elem,
                is_str,
                rev,
            } => {
                if *rev {
                    return self.binary_bool(
                        BinOp::IntCmp(CmpOp::Gt),
                        Operand::Copy(*idx),
                        Operand::Const(Const::Int(0)),
                        span,
                    );
                }
                let ty = if *is_str {
                    Ty::Str
                } else {
                    Ty::list(elem.clone())
                };
                let len = self.len_of(*seq, &ty, span);
                self.binary_bool(BinOp::IntCmp(CmpOp::Lt), Operand::Copy(*idx), len, span)
            }
            Source::Enumerate { inner, .. } => self.has_next(inner, span),
            Source::Zip(parts) => {
                let mut acc: Option<Operand> = None;
                for p in parts {
                    let c = self.has_next(p, span);
                    acc = Some(match acc {
                        None => c,
                        Some(a) => {
                            let t = self.temp(Ty::Bool);
                            let f = Operand::Const(Const::Bool(false));
                            self.push(
                                StmtKind::Assign {
                                    dest: t,
                                    value: Rvalue::Select(a, c, f),
                                },
                                span,
                                false,
                            );
                            Operand::Copy(t)
                        }
                    });
                }
                acc.unwrap_or(Operand::Const(Const::Bool(false)))
            }
        }
    }

    /// The current item, as an operand (a statement temporary for handles).
    fn item(&mut self, src: &Source, span: Span) -> Operand {
        match src {
            Source::Range { cur, .. } => Operand::Copy(*cur),
            Source::Seq {
                seq,
                idx,
                elem,
                is_str,
                rev,
            } => {
                let i = if *rev {
                    let t = self.temp(Ty::Int);
                    self.push(
                        StmtKind::Assign {
                            dest: t,
                            value: Rvalue::Binary(
                                BinOp::IntSub,
                                Operand::Copy(*idx),
                                Operand::Const(Const::Int(1)),
                            ),
                        },
                        span,
                        false,
                    );
                    Operand::Copy(t)
                } else {
                    Operand::Copy(*idx)
                };
                let (op, ty, tys) = if *is_str {
                    (RtOp::StrCharAt, Ty::Str, Vec::new())
                } else {
                    (RtOp::ListGetUnchecked, elem.clone(), vec![elem.clone()])
                };
                self.value(
                    &ty,
                    Rvalue::Runtime {
                        op,
                        tys,
                        args: vec![Operand::Copy(*seq), i],
                    },
                    span,
                    false,
                )
            }
            // As one value (`for t in enumerate(xs)`): a new tuple.
            Source::Enumerate { .. } | Source::Zip(_) => {
                let ty = self.item_ty(src);
                let t = self.value(
                    &ty,
                    Rvalue::Runtime {
                        op: RtOp::TupleNew,
                        tys: vec![ty.clone()],
                        args: Vec::new(),
                    },
                    span,
                    false,
                );
                let parts: Vec<Operand> = match src {
                    Source::Enumerate { inner, count } => {
                        vec![Operand::Copy(*count), self.item(inner, span)]
                    }
                    Source::Zip(parts) => parts.iter().map(|p| self.item(p, span)).collect(),
                    _ => Vec::new(),
                };
                for v in parts {
                    self.push(
                        StmtKind::Eval(Rvalue::Runtime {
                            op: RtOp::TuplePush,
                            tys: vec![ty.clone()],
                            args: vec![t.clone(), v],
                        }),
                        span,
                        false,
                    );
                }
                t
            }
        }
    }

    fn bind(&mut self, src: &Source, target: &hir::Target, span: Span) -> Result<()> {
        match (src, target) {
            (Source::Enumerate { inner, count }, hir::Target::Tuple(ts)) if ts.len() == 2 => {
                self.bind_one(&ts[0], Operand::Copy(*count), &Ty::Int, span)?;
                self.bind(inner, &ts[1], span)
            }
            (Source::Zip(parts), hir::Target::Tuple(ts)) if ts.len() == parts.len() => {
                for (p, t) in parts.iter().zip(ts) {
                    self.bind(p, t, span)?;
                }
                Ok(())
            }
            (_, t) => {
                let ty = self.item_ty(src);
                let v = self.item(src, span);
                self.bind_one(t, v, &ty, span)
            }
        }
    }

    fn item_ty(&self, src: &Source) -> Ty {
        match src {
            Source::Range { .. } => Ty::Int,
            Source::Seq { elem, .. } => elem.clone(),
            Source::Enumerate { inner, .. } => Ty::Tuple(vec![Ty::Int, self.item_ty(inner)]),
            Source::Zip(parts) => Ty::Tuple(parts.iter().map(|p| self.item_ty(p)).collect()),
        }
    }

    fn bind_one(&mut self, target: &hir::Target, v: Operand, ty: &Ty, span: Span) -> Result<()> {
        match (target, ty) {
            (hir::Target::Local(l), _) => {
                self.assign_local(self.hl(*l), v, span);
                Ok(())
            }
            (hir::Target::Tuple(targets), Ty::Tuple(ts)) if targets.len() == ts.len() => {
                let t = self.take_owned(v, ty, span);
                let items = self.tuple_items(t, ts, span);
                for ((target, item), ity) in targets.iter().zip(items).zip(ts) {
                    self.bind_one(target, Operand::Copy(item), ity, span)?;
                    self.drop_local(item, span);
                }
                self.push(StmtKind::Drop(t), span, false);
                Ok(())
            }
            (hir::Target::Tuple(_), _) => unsupported(format!("unpacking a `{ty}`"), span),
        }
    }

    fn advance(&mut self, src: &Source, span: Span) {
        let step = |b: &mut Self, l: Local, by: Operand, op: BinOp| {
            // A range counter past i64's end stops the loop in CPython; here it is an
            // OverflowError (the documented 64-bit divergence).
            b.push(
                StmtKind::Assign {
                    dest: l,
                    value: Rvalue::Binary(op, Operand::Copy(l), by),
                },
                span,
                true,
            );
        };
        match src {
            Source::Range { cur, step: s, .. } => {
                step(self, *cur, Operand::Copy(*s), BinOp::IntAdd)
            }
            Source::Seq { idx, rev, .. } => {
                let op = if *rev { BinOp::IntSub } else { BinOp::IntAdd };
                step(self, *idx, Operand::Const(Const::Int(1)), op)
            }
            Source::Enumerate { inner, count } => {
                self.advance(inner, span);
                step(self, *count, Operand::Const(Const::Int(1)), BinOp::IntAdd);
            }
            Source::Zip(parts) => parts.iter().for_each(|p| self.advance(p, span)),
        }
    }

    fn release(&mut self, src: &Source, span: Span) {
        match src {
            Source::Range { .. } => {}
            Source::Seq { seq, .. } => self.push(StmtKind::Drop(*seq), span, false),
            Source::Enumerate { inner, .. } => self.release(inner, span),
            Source::Zip(parts) => parts.iter().for_each(|p| self.release(p, span)),
        }
    }
}

fn what_of(iter: &hir::Iterable) -> hir::DictIter {
    match iter {
        hir::Iterable::Dict { what, .. } => *what,
        _ => hir::DictIter::Keys,
    }
}
