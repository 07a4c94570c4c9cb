//! HIR → MIR: functions become blocks, expressions become temporaries, and every reference a
//! handle local owns is released explicitly (`Drop`) or at the function's exits.
//!
//! The builder covers a growing subset of the language; anything else is `Unsupported`, naming
//! the construct and its span, so a backend can say so before running anything.

use super::syntax::*;
use crate::hir;
use crate::source::Span;
use crate::types::Ty;

/// A `finally` block around the statements being lowered.
#[derive(Clone)]
struct Finally {
    body: Vec<hir::Stmt>,
    /// The handler outside its `try`.
    outer: Option<BlockId>,
    /// How many loops enclose the `try`.
    loops: usize,
}

/// Functions lifted out of lambdas while lowering, numbered from `first`.
pub(super) struct Lifted {
    pub(super) first: u32,
    pub(super) functions: Vec<Function>,
}

/// A construct the MIR (and so the JIT) does not handle yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported {
    pub what: String,
    pub span: Span,
}

pub(super) type Result<T> = std::result::Result<T, Unsupported>;

pub(super) fn unsupported<T>(what: impl Into<String>, span: Span) -> Result<T> {
    Err(Unsupported {
        what: what.into(),
        span,
    })
}

/// Lowers a checked program.
pub fn lower(program: &hir::Program) -> Result<Program> {
    if let Some(c) = program.classes.iter().find(|c| c.exception_base.is_some()) {
        return unsupported("exception classes", c.span);
    }
    let classes = program
        .classes
        .iter()
        .map(|c| ClassDecl {
            name: c.name.clone(),
            fields: c.fields.clone(),
            auto_repr: c.dataclass && !c.has_repr,
            field_eq: c.dataclass && !c.has_eq,
            field_order: c.order && !c.has_lt,
        })
        .collect();
    let n = program.functions.len();
    let lifted = std::cell::RefCell::new(Lifted {
        first: n as u32 + 2,
        functions: Vec::new(),
    });
    let mut functions = Vec::with_capacity(n + 2);
    let costs = hir::recursion::depth_costs(program);
    for f in &program.functions {
        if f.kind == hir::FnKind::Generic {
            // Only its instances are called.
            functions.push(Function {
                name: f.name.clone(),
                blocks: vec![Block::default()],
                ..Function::default()
            });
            continue;
        }
        let mut built = FnBuilder::new(program, f, &lifted).build()?;
        built.depth_cost = costs.get(functions.len()).copied().unwrap_or(0);
        functions.push(built);
    }
    functions.push(FnBuilder::new(program, &program.main, &lifted).build()?);
    let globals = program
        .globals
        .iter()
        .map(|g| {
            check_ty(&g.ty, g.span)?;
            Ok(GlobalDecl {
                name: g.name.clone(),
                ty: g.ty.clone(),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    functions.push(entry_function(program, FuncIdx(n as u32), &lifted)?);
    functions.extend(lifted.into_inner().functions);
    Ok(Program {
        functions,
        globals,
        entry: FuncIdx(n as u32 + 1),
        classes,
        exceptions: program.exceptions.clone(),
    })
}

/// `__entry__`: evaluates the globals in order, then calls the module's statements.
fn entry_function(
    program: &hir::Program,
    main: FuncIdx,
    lifted: &std::cell::RefCell<Lifted>,
) -> Result<Function> {
    let empty = hir::Function {
        name: "__entry__".into(),
        ..hir::Function::default()
    };
    let mut b = FnBuilder::new(program, &empty, lifted);
    for (i, g) in program.globals.iter().enumerate() {
        let op = b.expr(&g.value)?;
        let owned = b.take_owned(op, &g.ty, g.span);
        b.push(
            StmtKind::SetGlobal {
                global: GlobalIdx(i as u32),
                value: owned,
            },
            g.span,
            false,
        );
        b.flush(g.span);
    }
    b.push(
        StmtKind::Eval(Rvalue::Call(main, Vec::new())),
        Span::default(),
        true,
    );
    b.terminate(Terminator::Return(None));
    Ok(b.f)
}

/// The types whose values the MIR can represent.
pub(super) fn check_ty(ty: &Ty, span: Span) -> Result<()> {
    match ty {
        Ty::Int | Ty::Float | Ty::Bool | Ty::None | Ty::Str => Ok(()),
        // The element type of a container that is always empty (`print(*[])`): any word.
        Ty::Var(_) => Ok(()),
        Ty::List(t) | Ty::TupleOf(t) => check_ty(t, span),
        Ty::Class(_) | Ty::Exception(_) => Ok(()),
        Ty::Func(ps, r) => {
            ps.iter().try_for_each(|t| check_ty(t, span))?;
            check_ty(r, span)
        }
        Ty::Dict(k, v) => {
            check_ty(k, span)?;
            check_ty(v, span)
        }
        Ty::Set(t) => check_ty(t, span),
        Ty::Optional(t) if !matches!(**t, Ty::Optional(_) | Ty::None) => check_ty(t, span),
        Ty::Tuple(ts) if ts.len() <= 64 => ts.iter().try_for_each(|t| check_ty(t, span)),
        _ => unsupported(format!("values of type `{ty}`"), span),
    }
}

pub(super) struct FnBuilder<'a> {
    pub(super) classes: &'a [hir::Class],
    /// Functions made from lambdas (`lift.rs`), numbered after the program's own.
    pub(super) lifted: &'a std::cell::RefCell<Lifted>,
    /// The MIR local of HIR local 0 (lambda bodies get their own parameters first).
    pub(super) base: u32,
    pub(super) functions: &'a [hir::Function],
    pub(super) program: &'a hir::Program,
    /// The first construct found unsupported where no `Result` could carry it.
    pub(super) deferred: Option<Unsupported>,
    pub(super) f: Function,
    pub(super) cur: BlockId,
    /// Innermost last: (continue target, break target).
    pub(super) loops: Vec<(BlockId, BlockId)>,
    /// Handle temporaries of the current statement, released when it ends.
    pub(super) temps: Vec<Local>,
    /// The innermost enclosing `except` dispatch (new blocks unwind there).
    handler: Option<BlockId>,
    /// The `finally` blocks around the current statement, innermost last: `return`, `break`
    /// and `continue` run them on the way out.
    finally: Vec<Finally>,
    pub(super) hir: Option<&'a hir::Function>,
}

impl<'a> FnBuilder<'a> {
    pub(super) fn new(
        program: &'a hir::Program,
        hf: &'a hir::Function,
        lifted: &'a std::cell::RefCell<Lifted>,
    ) -> FnBuilder<'a> {
        let locals = hf
            .locals
            .iter()
            .map(|l| LocalDecl {
                name: l.name.clone(),
                ty: l.ty.clone(),
            })
            .collect();
        FnBuilder {
            classes: &program.classes,
            lifted,
            base: 0,
            program,
            functions: &program.functions,
            deferred: None,
            f: Function {
                name: hf.name.clone(),
                params: hf.params.len() as u32,
                owned_params: Vec::new(),
                ret: hf.ret.clone(),
                locals,
                blocks: vec![Block::default()],
                depth_cost: 0,
            },
            cur: BlockId(0),
            loops: Vec::new(),
            temps: Vec::new(),
            handler: None,
            finally: Vec::new(),
            hir: Some(hf),
        }
    }

    fn build(mut self) -> Result<Function> {
        let Some(hf) = self.hir else {
            return Ok(self.f);
        };
        check_ty(&hf.ret, hf.span)?;
        for l in &hf.locals {
            check_ty(&l.ty, l.span)?;
        }
        // Parameters the body assigns are owned: take a reference on entry.
        let mut assigned = Vec::new();
        assigned_locals(&hf.body, &mut assigned);
        for (i, p) in hf.params.iter().enumerate() {
            let l = Local(i as u32);
            if assigned.contains(p) && self.f.locals[i].ty.is_handle() {
                self.f.owned_params.push(l);
                let t = self.temp(self.f.locals[i].ty.clone());
                self.push(
                    StmtKind::Assign {
                        dest: t,
                        value: Rvalue::Dup(Operand::Copy(l)),
                    },
                    hf.span,
                    false,
                );
                self.push(
                    StmtKind::Assign {
                        dest: l,
                        value: Rvalue::Move(t),
                    },
                    hf.span,
                    false,
                );
            }
        }
        self.block(&hf.body)?;
        if let Some(u) = self.deferred.take() {
            return Err(u);
        }
        if matches!(hf.ret, Ty::None | Ty::Optional(_)) {
            self.terminate(Terminator::Return(None));
        } else {
            let msg = "internal error: a function ended without `return` (this is a Roast bug)";
            self.raise(
                "RuntimeError",
                Operand::Const(Const::Str(msg.into())),
                hf.span,
            );
        }
        Ok(self.f)
    }
}

/// Locals the statements assign (targets of `=`, `op=`, `for`, `except ... as`).
fn assigned_locals(stmts: &[hir::Stmt], out: &mut Vec<hir::LocalId>) {
    use hir::StmtKind as S;
    let place = |p: &hir::Place, out: &mut Vec<hir::LocalId>| {
        if let hir::Place::Local(l) = p {
            out.push(*l);
        }
    };
    for s in stmts {
        match &s.kind {
            S::Assign { target, .. } | S::AugAssign { target, .. } => place(target, out),
            S::MultiAssign { targets, .. } => targets.iter().for_each(|t| place(t, out)),
            S::If { then, els, .. } => {
                assigned_locals(then, out);
                assigned_locals(els, out);
            }
            S::While { body, orelse, .. } => {
                assigned_locals(body, out);
                assigned_locals(orelse, out);
            }
            S::For {
                target,
                body,
                orelse,
                ..
            } => {
                out.extend(target.locals());
                assigned_locals(body, out);
                assigned_locals(orelse, out);
            }
            S::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                assigned_locals(body, out);
                for h in handlers {
                    out.push(h.var);
                    assigned_locals(&h.body, out);
                }
                assigned_locals(orelse, out);
                assigned_locals(finalbody, out);
            }
            _ => {}
        }
    }
}

// ----- blocks, statements, temporaries ---------------------------------------------------------

impl FnBuilder<'_> {
    pub(super) fn new_block(&mut self) -> BlockId {
        self.f.blocks.push(Block {
            unwind: self.handler,
            ..Block::default()
        });
        BlockId(self.f.blocks.len() as u32 - 1)
    }

    pub(super) fn push(&mut self, kind: StmtKind, span: Span, can_raise: bool) {
        let block = &mut self.f.blocks[self.cur.0 as usize];
        block.stmts.push(Statement {
            kind,
            span,
            can_raise,
        });
    }

    /// Ends the current block; later statements go to a fresh (unreachable) block.
    pub(super) fn terminate(&mut self, term: Terminator) {
        self.f.blocks[self.cur.0 as usize].term = term;
        self.cur = self.new_block();
    }

    /// The MIR local of a HIR local.
    pub(super) fn hl(&self, id: hir::LocalId) -> Local {
        Local(id.0 + self.base)
    }

    /// Ends the current block with a two-way branch.
    pub(super) fn branch(&mut self, cond: Operand, then: BlockId, els: BlockId) {
        self.f.blocks[self.cur.0 as usize].term = Terminator::Branch { cond, then, els };
    }

    pub(super) fn goto(&mut self, target: BlockId) {
        self.f.blocks[self.cur.0 as usize].term = Terminator::Goto(target);
    }

    pub(super) fn switch_to(&mut self, b: BlockId) {
        self.cur = b;
    }

    pub(super) fn temp(&mut self, ty: Ty) -> Local {
        self.f.locals.push(LocalDecl {
            name: format!("_t{}", self.f.locals.len()),
            ty,
        });
        Local(self.f.locals.len() as u32 - 1)
    }

    /// Evaluates `value` into a new temporary (released at the end of the statement).
    pub(super) fn value(&mut self, ty: &Ty, value: Rvalue, span: Span, can_raise: bool) -> Operand {
        let t = self.temp(ty.clone());
        self.push(StmtKind::Assign { dest: t, value }, span, can_raise);
        if ty.is_handle() {
            self.temps.push(t);
        }
        Operand::Copy(t)
    }

    /// A local owning a reference to the operand's value, no longer released with the statement.
    pub(super) fn take_owned(&mut self, op: Operand, ty: &Ty, span: Span) -> Local {
        if let Operand::Copy(t) = op {
            if let Some(i) = self.temps.iter().position(|x| *x == t) {
                self.temps.remove(i);
                return t;
            }
        }
        let t = self.temp(ty.clone());
        let value = if ty.is_handle() {
            Rvalue::Dup(op)
        } else {
            Rvalue::Use(op)
        };
        self.push(StmtKind::Assign { dest: t, value }, span, false);
        t
    }

    /// Releases the statement's temporaries.
    /// Releases a local's reference, if its type has one.
    pub(super) fn drop_local(&mut self, l: Local, span: Span) {
        if self.f.locals[l.0 as usize].ty.is_handle() {
            self.push(StmtKind::Drop(l), span, false);
        }
    }

    pub(super) fn flush(&mut self, span: Span) {
        for t in std::mem::take(&mut self.temps) {
            self.drop_local(t, span);
        }
    }

    /// `dest = op`, releasing what `dest` held.
    pub(super) fn assign_local(&mut self, dest: Local, op: Operand, span: Span) {
        let ty = self.f.locals[dest.0 as usize].ty.clone();
        if ty.is_handle() {
            let owned = self.take_owned(op, &ty, span);
            self.push(StmtKind::Drop(dest), span, false);
            self.push(
                StmtKind::Assign {
                    dest,
                    value: Rvalue::Move(owned),
                },
                span,
                false,
            );
        } else {
            self.push(
                StmtKind::Assign {
                    dest,
                    value: Rvalue::Use(op),
                },
                span,
                false,
            );
        }
    }

    pub(super) fn block(&mut self, stmts: &[hir::Stmt]) -> Result<()> {
        for s in stmts {
            self.stmt(s)?;
            self.flush(s.span);
        }
        Ok(())
    }

    fn stmt(&mut self, s: &hir::Stmt) -> Result<()> {
        use hir::StmtKind as S;
        let span = s.span;
        match &s.kind {
            S::Expr(e) => {
                self.expr(e)?;
            }
            S::Pass => {}
            S::Assign { target, value } => {
                let v = self.expr(value)?;
                self.assign(target, v, span)?;
            }
            S::MultiAssign { targets, values } => {
                let owned = match values.as_slice() {
                    [v] if targets.len() > 1 => self.unpack(v, targets.len())?,
                    _ => {
                        let mut owned = Vec::new();
                        for v in values {
                            let op = self.expr(v)?;
                            owned.push(self.take_owned(op, &v.ty, v.span));
                        }
                        owned
                    }
                };
                for (t, o) in targets.iter().zip(owned) {
                    self.assign(t, Operand::Copy(o), span)?;
                    self.drop_local(o, span);
                }
            }
            S::AugAssign { target, op, value } => self.aug_assign(target, *op, value, span)?,
            S::If { cond, then, els } => {
                let c = self.cond(cond)?;
                self.flush(span);
                let (bt, be, after) = (self.new_block(), self.new_block(), self.new_block());
                self.branch(c, bt, be);
                self.switch_to(bt);
                self.block(then)?;
                self.goto(after);
                self.switch_to(be);
                self.block(els)?;
                self.goto(after);
                self.switch_to(after);
            }
            S::While { cond, body, orelse } => {
                let (head, bbody, belse, after) = (
                    self.new_block(),
                    self.new_block(),
                    self.new_block(),
                    self.new_block(),
                );
                self.goto(head);
                self.switch_to(head);
                let c = self.cond(cond)?;
                self.flush(span);
                self.branch(c, bbody, belse);
                self.switch_to(bbody);
                self.loops.push((head, after));
                self.block(body)?;
                self.loops.pop();
                self.goto(head);
                self.switch_to(belse);
                self.block(orelse)?;
                self.goto(after);
                self.switch_to(after);
            }
            S::For {
                target,
                iter,
                body,
                orelse,
            } => self.for_loop(target, iter, body, orelse, span)?,
            S::Break | S::Continue => {
                let Some(&(cont, brk)) = self.loops.last() else {
                    return unsupported("`break` outside a loop", span);
                };
                let target = if matches!(s.kind, S::Break) {
                    brk
                } else {
                    cont
                };
                self.run_finallies(true)?;
                self.goto(target);
                self.cur = self.new_block();
            }
            S::Return(value) => {
                let ret = match value {
                    Some(e) => {
                        let op = self.expr(e)?;
                        Some(self.take_owned(op, &e.ty, span))
                    }
                    None => None,
                };
                self.flush(span);
                self.run_finallies(false)?;
                self.terminate(Terminator::Return(ret));
            }
            S::Assert { cond, msg } => {
                let c = self.cond(cond)?;
                let (fail, ok) = (self.new_block(), self.new_block());
                self.branch(c, ok, fail);
                self.switch_to(fail);
                let m = match msg {
                    Some(m) => {
                        let op = self.expr(m)?;
                        self.to_str(op, &m.ty, false, m.span)
                    }
                    None => Operand::Const(Const::Str(String::new())),
                };
                self.raise("AssertionError", m, span);
                self.switch_to(ok);
            }
            S::Raise { exc: Some(e), .. } => match &e.kind {
                hir::ExprKind::NewException { class, arg } => {
                    let m = self.exc_message(class, arg.as_deref())?;
                    self.raise(&class.name, m, span);
                }
                _ if matches!(e.ty, Ty::Exception(_)) => {
                    let v = self.expr(e)?;
                    self.reraise(v, span);
                }
                _ => return unsupported("raising an exception object", span),
            },
            S::Raise {
                exc: None,
                handler: Some(h),
            } => self.reraise(Operand::Copy(Local(h.0)), span),
            S::Raise { .. } => return unsupported("`raise` here", span),
            S::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => self.try_stmt(body, handlers, orelse, finalbody, span)?,
        }
        Ok(())
    }

    /// `a, b = value` from one list (or tuple): a local owning each item, in order.
    fn unpack(&mut self, v: &hir::Expr, n: usize) -> Result<Vec<Local>> {
        if let Ty::Tuple(ts) = &v.ty {
            let op = self.expr(v)?;
            let t = self.take_owned(op, &v.ty, v.span);
            let items = self.tuple_items(t, ts, v.span);
            self.push(StmtKind::Drop(t), v.span, false);
            return Ok(items);
        }
        let Some(elem) = v.ty.seq_elem() else {
            return unsupported(format!("unpacking a `{}`", v.ty), v.span);
        };
        let elem = elem.clone();
        let op = self.expr(v)?;
        let list = Operand::Copy(self.take_owned(op, &v.ty, v.span));
        self.push(
            StmtKind::Eval(Rvalue::Runtime {
                op: RtOp::Named(Ns::Builtin, "unpack_check"),
                tys: vec![v.ty.clone(), Ty::Int, Ty::None],
                args: vec![list.clone(), Operand::Const(Const::Int(n as i64))],
            }),
            v.span,
            true,
        );
        let mut out = Vec::new();
        for i in 0..n {
            let t = self.temp(elem.clone());
            self.push(
                StmtKind::Assign {
                    dest: t,
                    value: Rvalue::Runtime {
                        op: RtOp::ListGetUnchecked,
                        tys: vec![elem.clone()],
                        args: vec![list.clone(), Operand::Const(Const::Int(i as i64))],
                    },
                },
                v.span,
                false,
            );
            out.push(t);
        }
        if let Operand::Copy(l) = list {
            self.push(StmtKind::Drop(l), v.span, false);
        }
        Ok(out)
    }

    /// A local owning each item of the tuple in local `t` (of item types `ts`).
    pub(super) fn tuple_items(&mut self, t: Local, ts: &[Ty], span: Span) -> Vec<Local> {
        let tuple_ty = Ty::Tuple(ts.to_vec());
        let mut out = Vec::new();
        for (i, ty) in ts.iter().enumerate() {
            let x = self.temp(ty.clone());
            self.push(
                StmtKind::Assign {
                    dest: x,
                    value: Rvalue::Runtime {
                        op: RtOp::TupleGet,
                        tys: vec![tuple_ty.clone()],
                        args: vec![Operand::Copy(t), Operand::Const(Const::Int(i as i64))],
                    },
                },
                span,
                false,
            );
            out.push(x);
        }
        out
    }

    /// An exception's message: `str(arg)` (`repr` for `KeyError`), or empty.
    pub(super) fn exc_message(
        &mut self,
        class: &hir::ExcClass,
        arg: Option<&hir::Expr>,
    ) -> Result<Operand> {
        Ok(match arg {
            Some(a) => {
                let op = self.expr(a)?;
                self.to_str(op, &a.ty, class.name == "KeyError", a.span)
            }
            None => Operand::Const(Const::Str(String::new())),
        })
    }

    /// Makes an exception object pending again and unwinds.
    fn reraise(&mut self, exc: Operand, span: Span) {
        self.push(
            StmtKind::Eval(Rvalue::Runtime {
                op: RtOp::ExcRaise,
                tys: Vec::new(),
                args: vec![exc],
            }),
            span,
            true,
        );
        self.flush(span);
        self.terminate(Terminator::Unwind);
    }

    /// `try`/`except`/`else`/`finally`. The body's blocks unwind to a dispatch block that tests
    /// the pending exception against each handler; with `finally`, every exit of the body and
    /// handlers runs it (an exception is taken aside meanwhile and raised again after).
    fn try_stmt(
        &mut self,
        body: &[hir::Stmt],
        handlers: &[hir::Handler],
        orelse: &[hir::Stmt],
        finalbody: &[hir::Stmt],
        span: Span,
    ) -> Result<()> {
        let outer = self.handler;
        let has_finally = !finalbody.is_empty();
        if has_finally {
            self.finally.push(Finally {
                body: finalbody.to_vec(),
                outer,
                loops: self.loops.len(),
            });
        }
        let after = self.new_block();
        // Where exceptions from the handlers and `else` go: the `finally` runner, or outward.
        let fin_exc = has_finally.then(|| self.new_block());
        self.handler = fin_exc.or(outer);
        let dispatch = self.new_block();
        self.handler = Some(dispatch);
        let first_temp = self.f.locals.len();
        let bbody = self.new_block();
        self.goto(bbody);
        self.switch_to(bbody);
        self.block(body)?;
        let last_temp = self.f.locals.len();
        self.handler = fin_exc.or(outer);
        let normal = self.new_block();
        self.goto(normal);
        // Dispatch: release what the interrupted statement held, then find a handler.
        self.switch_to(dispatch);
        for l in first_temp..last_temp {
            if self.f.locals[l].name.starts_with("_t") {
                self.drop_local(Local(l as u32), span);
            }
        }
        for h in handlers {
            let names = h
                .classes
                .iter()
                .map(|c| Operand::Const(Const::Str(c.name.clone())))
                .collect();
            let m = self.temp(Ty::Bool);
            self.push(
                StmtKind::Assign {
                    dest: m,
                    value: Rvalue::Runtime {
                        op: RtOp::ExcMatches,
                        tys: Vec::new(),
                        args: names,
                    },
                },
                h.body.first().map_or(span, |s| s.span),
                false,
            );
            let (hb, next) = (self.new_block(), self.new_block());
            self.branch(Operand::Copy(m), hb, next);
            self.switch_to(hb);
            let var = self.hl(h.var);
            let e = self.temp(self.f.locals[var.0 as usize].ty.clone());
            self.push(
                StmtKind::Assign {
                    dest: e,
                    value: Rvalue::Runtime {
                        op: RtOp::ExcTake,
                        tys: Vec::new(),
                        args: Vec::new(),
                    },
                },
                span,
                false,
            );
            self.assign_local(var, Operand::Copy(e), span);
            self.drop_local(e, span);
            self.block(&h.body)?;
            self.goto(after);
            self.switch_to(next);
        }
        // No handler matched: the exception stays pending and goes on.
        self.terminate(Terminator::Unwind);
        // The body ended normally: `else`, then `finally`.
        self.switch_to(normal);
        self.block(orelse)?;
        if has_finally {
            self.finally.pop();
        }
        self.handler = outer;
        self.goto(after);
        if let Some(fe) = fin_exc {
            // Every normal path reaches `after`: run `finally` there.
            self.switch_to(after);
            let cont = self.new_block();
            self.block(finalbody)?;
            self.goto(cont);
            // An exception: take it aside, run `finally`, raise it again.
            self.switch_to(fe);
            let stash = self.temp(Ty::Exception("BaseException".into()));
            self.push(
                StmtKind::Assign {
                    dest: stash,
                    value: Rvalue::Runtime {
                        op: RtOp::ExcTake,
                        tys: Vec::new(),
                        args: Vec::new(),
                    },
                },
                span,
                false,
            );
            self.block(finalbody)?;
            self.reraise(Operand::Copy(stash), span);
            self.switch_to(cont);
        } else {
            self.switch_to(after);
        }
        Ok(())
    }

    /// Lowers, in place, the `finally` blocks that a `return` (all of them) or a `break` /
    /// `continue` (those inside the innermost loop) leaves, innermost first; each runs with the
    /// handlers outside its `try`.
    fn run_finallies(&mut self, loop_exit: bool) -> Result<()> {
        let saved = (self.finally.clone(), self.handler);
        let depth = self.loops.len();
        while let Some(top) = self.finally.pop() {
            if loop_exit && top.loops < depth {
                break;
            }
            self.handler = top.outer;
            let b = self.new_block();
            self.goto(b);
            self.switch_to(b);
            self.block(&top.body)?;
        }
        (self.finally, self.handler) = saved;
        Ok(())
    }

    /// Sets the pending exception `class(msg)` and unwinds.
    pub(super) fn raise(&mut self, class: &str, msg: Operand, span: Span) {
        self.push(
            StmtKind::Eval(Rvalue::Runtime {
                op: RtOp::Raise,
                tys: Vec::new(),
                args: vec![Operand::Const(Const::Str(class.to_string())), msg],
            }),
            span,
            true,
        );
        self.flush(span);
        self.terminate(Terminator::Unwind);
    }

    fn assign(&mut self, target: &hir::Place, v: Operand, span: Span) -> Result<()> {
        match target {
            hir::Place::Local(l) => {
                self.assign_local(self.hl(*l), v, span);
                Ok(())
            }
            hir::Place::Index { list, index } if matches!(list.ty, Ty::Dict(..)) => {
                let d = self.expr(list)?;
                let k = self.expr(index)?;
                self.push(
                    StmtKind::Eval(Rvalue::Runtime {
                        op: RtOp::Coll(CollOp::Set),
                        tys: vec![list.ty.clone()],
                        args: vec![d, k, v],
                    }),
                    span,
                    false,
                );
                Ok(())
            }
            hir::Place::Index { list, index } => {
                let Ty::List(elem) = &list.ty else {
                    return unsupported(format!("assigning into a `{}`", list.ty), span);
                };
                let l = self.expr(list)?;
                let i = self.expr(index)?;
                self.push(
                    StmtKind::Eval(Rvalue::Runtime {
                        op: RtOp::ListSet,
                        tys: vec![(**elem).clone()],
                        args: vec![l, i, v],
                    }),
                    span,
                    true,
                );
                Ok(())
            }
            hir::Place::Field { obj, name } => {
                let (idx, layout) = self.field(&obj.ty, name, span)?;
                let o = self.expr(obj)?;
                let i = Operand::Const(Const::Int(idx as i64));
                self.push(
                    StmtKind::Eval(Rvalue::Runtime {
                        op: RtOp::ObjSet,
                        tys: vec![layout],
                        args: vec![o, i, v],
                    }),
                    span,
                    false,
                );
                Ok(())
            }
        }
    }

    /// A field's index, and the class layout as a tuple type (for the runtime).
    pub(super) fn field(&self, class: &Ty, name: &str, span: Span) -> Result<(usize, Ty)> {
        let Ty::Class(c) = class else {
            return unsupported(format!("a field of a `{class}`"), span);
        };
        let Some(cls) = self.classes.iter().find(|k| &k.name == c) else {
            return unsupported(format!("the class `{c}`"), span);
        };
        let Some(idx) = cls.fields.iter().position(|(n, _)| n == name) else {
            return unsupported(format!("the field `{c}.{name}`"), span);
        };
        Ok((idx, layout(cls)))
    }

    fn aug_assign(
        &mut self,
        target: &hir::Place,
        op: hir::Arith,
        value: &hir::Expr,
        span: Span,
    ) -> Result<()> {
        match target {
            hir::Place::Local(l)
                if op == hir::Arith::Add && self.f.locals[self.hl(*l).0 as usize].ty == Ty::Str =>
            {
                let v = self.expr(value)?;
                let dest = self.hl(*l);
                self.push(
                    StmtKind::Assign {
                        dest,
                        value: Rvalue::Runtime {
                            op: RtOp::StrAppend,
                            tys: Vec::new(),
                            args: vec![Operand::Copy(dest), v],
                        },
                    },
                    span,
                    false,
                );
                Ok(())
            }
            hir::Place::Local(l) => {
                let ty = self.f.locals[self.hl(*l).0 as usize].ty.clone();
                let cur = Operand::Copy(self.hl(*l));
                let v = self.expr(value)?;
                let r = self.arith(op, &ty, cur, v, span)?;
                self.assign_local(self.hl(*l), r, span);
                Ok(())
            }
            hir::Place::Index { list, index } if matches!(list.ty, Ty::Dict(..)) => {
                let Ty::Dict(_, vt) = &list.ty else {
                    return unsupported("this assignment", span);
                };
                let vt = (**vt).clone();
                let dty = vec![list.ty.clone()];
                let d = self.expr(list)?;
                let d = Operand::Copy(self.take_owned(d, &list.ty, span));
                let k = self.expr(index)?;
                let k = Operand::Copy(self.take_owned(k, &index.ty, span));
                let old = self.value(
                    &vt,
                    Rvalue::Runtime {
                        op: RtOp::Coll(CollOp::Get),
                        tys: dty.clone(),
                        args: vec![d.clone(), k.clone()],
                    },
                    span,
                    true,
                );
                let v = self.expr(value)?;
                let r = self.arith(op, &vt, old, v, span)?;
                self.push(
                    StmtKind::Eval(Rvalue::Runtime {
                        op: RtOp::Coll(CollOp::Set),
                        tys: dty,
                        args: vec![d.clone(), k.clone(), r],
                    }),
                    span,
                    false,
                );
                for o in [d, k] {
                    if let Operand::Copy(l) = o {
                        self.drop_local(l, span);
                    }
                }
                Ok(())
            }
            hir::Place::Index { list, index } => {
                let Ty::List(elem) = &list.ty else {
                    return unsupported(format!("assigning into a `{}`", list.ty), span);
                };
                let elem = (**elem).clone();
                let l = self.expr(list)?;
                let i = self.expr(index)?;
                let i = Operand::Copy(self.take_owned(i, &Ty::Int, span));
                let old = self.value(
                    &elem,
                    Rvalue::Runtime {
                        op: RtOp::ListGet,
                        tys: vec![elem.clone()],
                        args: vec![l.clone(), i.clone()],
                    },
                    span,
                    true,
                );
                let v = self.expr(value)?;
                let r = self.arith(op, &elem, old, v, span)?;
                self.push(
                    StmtKind::Eval(Rvalue::Runtime {
                        op: RtOp::ListSet,
                        tys: vec![elem],
                        args: vec![l, i, r],
                    }),
                    span,
                    true,
                );
                Ok(())
            }
            hir::Place::Field { obj, name } => {
                let (idx, layout) = self.field(&obj.ty, name, span)?;
                let fty = match &layout {
                    Ty::Tuple(ts) => ts[idx].clone(),
                    _ => Ty::None,
                };
                let o = self.expr(obj)?;
                let o = Operand::Copy(self.take_owned(o, &obj.ty, span));
                let i = Operand::Const(Const::Int(idx as i64));
                let old = self.value(
                    &fty,
                    Rvalue::Runtime {
                        op: RtOp::TupleGet,
                        tys: vec![layout.clone()],
                        args: vec![o.clone(), i.clone()],
                    },
                    span,
                    false,
                );
                let v = self.expr(value)?;
                let r = self.arith(op, &fty, old, v, span)?;
                self.push(
                    StmtKind::Eval(Rvalue::Runtime {
                        op: RtOp::ObjSet,
                        tys: vec![layout],
                        args: vec![o.clone(), i, r],
                    }),
                    span,
                    false,
                );
                if let Operand::Copy(l) = o {
                    self.drop_local(l, span);
                }
                Ok(())
            }
        }
    }
}

/// A class's fields as a tuple type: how the runtime sees an instance.
pub(super) fn layout(c: &hir::Class) -> Ty {
    Ty::Tuple(c.fields.iter().map(|(_, t)| t.clone()).collect())
}
