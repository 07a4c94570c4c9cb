//! A text form of the MIR, one statement a line: for tests, debugging and `roast-jit --mir`.

use super::syntax::*;
use std::fmt::Write as _;

pub fn print(program: &Program) -> String {
    let mut out = String::new();
    for (i, g) in program.globals.iter().enumerate() {
        let _ = writeln!(out, "global g{i} {}: {}", g.name, g.ty);
    }
    for (i, f) in program.functions.iter().enumerate() {
        let entry = if FuncIdx(i as u32) == program.entry {
            " (entry)"
        } else {
            ""
        };
        let depth = match f.depth_cost {
            0 => String::new(),
            n => format!(" [recursion depth +{n}]"),
        };
        let _ = writeln!(out, "fn f{i} {}{entry} -> {}:{depth}", f.name, f.ret);
        for (j, l) in f.locals.iter().enumerate() {
            let kind = if j < f.params as usize {
                if f.owned_params.contains(&Local(j as u32)) {
                    "param (owned)"
                } else {
                    "param"
                }
            } else {
                "let"
            };
            let _ = writeln!(out, "    {kind} _{j} {}: {}", l.name, l.ty);
        }
        for (j, b) in f.blocks.iter().enumerate() {
            let _ = writeln!(out, "  bb{j}:");
            for s in &b.stmts {
                let raise = if s.can_raise { "  [may raise]" } else { "" };
                let _ = writeln!(out, "    {}{raise}", stmt(&s.kind));
            }
            let _ = writeln!(out, "    {}", term(&b.term));
        }
    }
    out
}

fn op(o: &Operand) -> String {
    match o {
        Operand::Copy(l) => format!("_{}", l.0),
        Operand::Const(Const::Str(s)) => format!("{s:?}"),
        Operand::Const(c) => format!("{c:?}"),
    }
}

fn ops(os: &[Operand]) -> String {
    os.iter().map(op).collect::<Vec<_>>().join(", ")
}

fn rvalue(r: &Rvalue) -> String {
    match r {
        Rvalue::Use(o) => op(o),
        Rvalue::Dup(o) => format!("dup {}", op(o)),
        Rvalue::Move(l) => format!("move _{}", l.0),
        Rvalue::Select(c, a, b) => format!("select {}, {}, {}", op(c), op(a), op(b)),
        Rvalue::Binary(b, x, y) => format!("{b:?}({}, {})", op(x), op(y)),
        Rvalue::Unary(u, x) => format!("{u:?}({})", op(x)),
        Rvalue::Call(f, args) => format!("call f{}({})", f.0, ops(args)),
        Rvalue::Runtime { op: r, tys, args } => {
            let tys: Vec<String> = tys.iter().map(|t| t.to_string()).collect();
            let tys = if tys.is_empty() {
                String::new()
            } else {
                format!("[{}]", tys.join(", "))
            };
            format!("rt {r:?}{tys}({})", ops(args))
        }
        Rvalue::Global(g) => format!("global g{}", g.0),
        Rvalue::FuncAddr(f) => format!("addr f{}", f.0),
        Rvalue::CallIndirect { addr, args, .. } => format!("call *{}({})", op(addr), ops(args)),
    }
}

fn stmt(s: &StmtKind) -> String {
    match s {
        StmtKind::Assign { dest, value } => format!("_{} = {}", dest.0, rvalue(value)),
        StmtKind::Eval(r) => rvalue(r),
        StmtKind::Drop(l) => format!("drop _{}", l.0),
        StmtKind::SetGlobal { global, value } => format!("g{} = move _{}", global.0, value.0),
    }
}

fn term(t: &Terminator) -> String {
    match t {
        Terminator::Goto(b) => format!("goto bb{}", b.0),
        Terminator::Branch { cond, then, els } => {
            format!("if {} then bb{} else bb{}", op(cond), then.0, els.0)
        }
        Terminator::Return(Some(l)) => format!("return move _{}", l.0),
        Terminator::Return(None) => "return".into(),
        Terminator::Unwind => "unwind".into(),
        Terminator::Unreachable => "unreachable".into(),
    }
}
