//! Structural checks of the MIR: ids in range, parameters first, operand types where the JIT
//! relies on them. A failure is a bug in the lowering.

use super::syntax::*;

/// The first problem found, if any.
pub fn verify(program: &Program) -> Result<(), String> {
    if program.entry.0 as usize >= program.functions.len() {
        return Err("entry function out of range".into());
    }
    for f in &program.functions {
        let nl = f.locals.len();
        let nb = f.blocks.len();
        let local = |l: &Local| -> Result<(), String> {
            if (l.0 as usize) < nl {
                Ok(())
            } else {
                Err(format!("{}: local _{} out of range", f.name, l.0))
            }
        };
        let operand = |o: &Operand| match o {
            Operand::Copy(l) => local(l),
            Operand::Const(_) => Ok(()),
        };
        let block = |b: &BlockId| -> Result<(), String> {
            if (b.0 as usize) < nb {
                Ok(())
            } else {
                Err(format!("{}: block bb{} out of range", f.name, b.0))
            }
        };
        if f.params as usize > nl {
            return Err(format!("{}: more parameters than locals", f.name));
        }
        for b in &f.blocks {
            for s in &b.stmts {
                match &s.kind {
                    StmtKind::Assign { dest, value } => {
                        local(dest)?;
                        rvalue(value, &operand, &local, program)?;
                    }
                    StmtKind::Eval(value) => rvalue(value, &operand, &local, program)?,
                    StmtKind::Drop(l) => {
                        local(l)?;
                        if !f.locals[l.0 as usize].ty.is_handle() {
                            return Err(format!("{}: drop of _{}, not a handle", f.name, l.0));
                        }
                    }
                    StmtKind::SetGlobal { global, value } => {
                        local(value)?;
                        if global.0 as usize >= program.globals.len() {
                            return Err(format!("{}: global out of range", f.name));
                        }
                    }
                }
            }
            match &b.term {
                Terminator::Goto(t) => block(t)?,
                Terminator::Branch { cond, then, els } => {
                    operand(cond)?;
                    block(then)?;
                    block(els)?;
                }
                Terminator::Return(Some(l)) => local(l)?,
                Terminator::Return(None) | Terminator::Unwind | Terminator::Unreachable => {}
            }
        }
    }
    Ok(())
}

fn rvalue(
    r: &Rvalue,
    operand: &dyn Fn(&Operand) -> Result<(), String>,
    local: &dyn Fn(&Local) -> Result<(), String>,
    program: &Program,
) -> Result<(), String> {
    match r {
        Rvalue::Use(o) | Rvalue::Dup(o) | Rvalue::Unary(_, o) => operand(o),
        Rvalue::Move(l) => local(l),
        Rvalue::Select(a, b, c) => {
            operand(a)?;
            operand(b)?;
            operand(c)
        }
        Rvalue::Binary(_, a, b) => {
            operand(a)?;
            operand(b)
        }
        Rvalue::Call(f, args) => {
            if f.0 as usize >= program.functions.len() {
                return Err(format!("call of f{} out of range", f.0));
            }
            args.iter().try_for_each(operand)
        }
        Rvalue::Runtime { args, .. } => args.iter().try_for_each(operand),
        Rvalue::FuncAddr(f) => {
            if (f.0 as usize) < program.functions.len() {
                Ok(())
            } else {
                Err(format!("address of f{} out of range", f.0))
            }
        }
        Rvalue::CallIndirect { addr, args, .. } => {
            operand(addr)?;
            args.iter().try_for_each(operand)
        }
        Rvalue::Global(g) => {
            if (g.0 as usize) < program.globals.len() {
                Ok(())
            } else {
                Err("global out of range".into())
            }
        }
    }
}
