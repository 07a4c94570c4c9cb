//! `roast check --explain-ownership`: each function's parameter modes and the locals that need
//! `mut`, in Roast's terms.

use super::{Ownership, ParamMode};
use crate::hir;
use crate::source::SourceFile;
use crate::types::Ty;
use std::fmt::Write;

pub fn explain(file: &SourceFile, program: &hir::Program, ownership: &Ownership) -> String {
    let mut out = String::new();
    for (i, f) in program.functions.iter().enumerate() {
        if f.kind == hir::FnKind::Generic {
            continue;
        }
        let Some(own) = ownership.functions.get(i) else {
            continue;
        };
        function(&mut out, file, f, own);
    }
    function(&mut out, file, &program.main, &ownership.main);
    out
}

fn function(out: &mut String, file: &SourceFile, f: &hir::Function, own: &super::FnOwnership) {
    if f.name == "__main__" {
        out.push_str("module top level\n");
    } else {
        let (line, _) = file.line_col(f.span.start);
        let _ = writeln!(out, "def {} (line {line})", f.name);
    }
    for (i, p) in f.params.iter().enumerate() {
        let local = f.local(*p);
        let mode = own.params.get(i).copied().unwrap_or(ParamMode::Copy);
        let how = match (mode, &local.ty) {
            (ParamMode::Copy, _) => "copied (a number or bool)".to_string(),
            (ParamMode::Ref, Ty::Str) => "borrowed as `&str`: only read".to_string(),
            (ParamMode::Ref, _) => "borrowed: only read, never copied".to_string(),
            (ParamMode::RefMut { len_changes: true }, _) => "borrowed mutably (`&mut`): changed in place, the caller sees the change".to_string(),
            (ParamMode::RefMut { len_changes: false }, Ty::List(_)) => "borrowed mutably as a slice (`&mut [T]`): its elements change, its length does not".to_string(),
            (ParamMode::RefMut { .. }, _) => "borrowed mutably (`&mut`): changed in place, the caller sees the change".to_string(),
            (ParamMode::Owned, _) => "taken by value: it is stored, returned or rebound, so the caller moves it (or copies it if still needed)".to_string(),
            (ParamMode::StrShadow, _) => "borrowed as `&str`, copied into a local `String` because the function rebinds it".to_string(),
        };
        let _ = writeln!(out, "  parameter {}: {} — {how}", local.name, local.ty);
    }
    if let Some(rb) = own.ret_borrow {
        let from = f
            .params
            .get(rb.param)
            .map_or("?", |p| f.local(*p).name.as_str());
        let how = match (rb.mutable, rb.shared_variant) {
            (true, true) => "both as `&` and, for callers that change it, as `&mut` (`_mut`)",
            (true, false) => "as `&mut`: callers change it in place",
            _ => "as `&`",
        };
        let _ = writeln!(
            out,
            "  returns a part of `{from}`, borrowed {how}: the caller gets the object itself, as in CPython"
        );
    }
    let mut walks: Vec<String> = own
        .cursors
        .iter()
        .map(|(id, m)| {
            let name = &f.local(*id).name;
            if *m {
                format!("{name} (changing what it visits)")
            } else {
                name.clone()
            }
        })
        .collect();
    walks.sort();
    if !walks.is_empty() {
        let _ = writeln!(
            out,
            "  walks down a linked structure with a borrow that moves along: {}",
            walks.join(", ")
        );
    }
    let cells: Vec<&str> = own
        .cells
        .iter()
        .map(|(id, _)| f.local(*id).name.as_str())
        .collect();
    if !cells.is_empty() {
        let _ = writeln!(
            out,
            "  shared with the closures made here, which change it (`Rc<RefCell<T>>`, one owner they all reach): {}",
            cells.join(", ")
        );
    }
    let mut borrows: Vec<&str> = own
        .elem_borrows
        .iter()
        .chain(own.call_borrows.iter())
        .map(|id| f.local(*id).name.as_str())
        .collect();
    borrows.sort_unstable();
    if !borrows.is_empty() {
        let _ = writeln!(
            out,
            "  names for a part of a container, borrowed instead of copied: {}",
            borrows.join(", ")
        );
    }
    let mut muts: Vec<&str> = f
        .locals
        .iter()
        .enumerate()
        .filter(|(i, l)| {
            !l.scoped
                && !f.params.contains(&hir::LocalId(*i as u32))
                && own.needs_mut(hir::LocalId(*i as u32), false, None)
        })
        .map(|(_, l)| l.name.as_str())
        .collect();
    muts.sort_unstable();
    muts.dedup();
    if !muts.is_empty() {
        let _ = writeln!(
            out,
            "  changed after their first assignment (`let mut`): {}",
            muts.join(", ")
        );
    }
    out.push('\n');
}
