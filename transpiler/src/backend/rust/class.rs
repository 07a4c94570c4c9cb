//! Classes: a `struct` with public fields, an `impl` with `new` (from `__init__` or the
//! dataclass fields) and the methods (`&self`, `&mut self` or `self` as the body needs), and
//! trait impls for what the dunder methods provide (`PyFmt` for printing, `PartialEq`,
//! `PartialOrd`, `Hash`).

use super::{names, rust_type, FnEmitter, Repr};
use crate::hir::{self, ExprKind as H, Place, StmtKind as S};
use crate::ownership::Ownership;
use std::fmt::Write;

pub fn emit_class(
    program: &hir::Program,
    ownership: &Ownership,
    class: &hir::Class,
    consts: &super::consts::Folded,
) -> String {
    let name = names::type_name(&class.name);
    let mut out = String::new();
    let mut derives = vec!["Clone", "Debug", "Default"];
    if class.dataclass && !class.has_eq {
        derives.push("PartialEq");
    }
    if class.order && !class.has_lt {
        derives.push("PartialOrd");
    }
    if class.frozen && !class.has_hash && !class.has_eq {
        derives.push("Eq");
        derives.push("Hash");
    }
    let _ = writeln!(out, "#[derive({})]", derives.join(", "));
    let _ = writeln!(out, "pub struct {name} {{");
    for (f, t) in &class.fields {
        let _ = writeln!(out, "    pub {}: {},", names::ident(f), rust_type(t));
    }
    out.push_str("}\n\n");
    let _ = writeln!(out, "impl {name} {{");
    if class.init.is_none() {
        let params: Vec<String> = if class.dataclass {
            class
                .fields
                .iter()
                .map(|(f, t)| format!("{}: {}", names::ident(f), rust_type(t)))
                .collect()
        } else {
            Vec::new()
        };
        let fields: Vec<String> = if class.dataclass {
            class.fields.iter().map(|(f, _)| names::ident(f)).collect()
        } else {
            Vec::new()
        };
        let body = if class.dataclass || class.fields.is_empty() {
            format!("Self {{ {} }}", fields.join(", "))
        } else {
            "Self::default()".into()
        };
        let _ = writeln!(
            out,
            "pub fn new({}) -> Self {{ {body} }}",
            params.join(", ")
        );
    }
    let called = called_functions(program);
    for id in &class.methods {
        let f = program.function(*id);
        // The copies of base methods that `super()` needs are emitted only where used.
        if f.name.starts_with("super_") && !called.contains(id) {
            continue;
        }
        let Some(own) = ownership.functions.get(id.0 as usize) else {
            continue;
        };
        out.push_str(&super::emit_versions(
            program, ownership, f, own, consts, "",
        ));
    }
    out.push_str("}\n\n");
    // Printing.
    let str_body = if class.exception_base.is_some() && !class.has_str {
        "out.push_str(&self.__message);".to_string()
    } else if class.has_str {
        "out.push_str(&self.__str__());".to_string()
    } else {
        "self.fmt_repr(out);".to_string()
    };
    let repr_body = if class.exception_base.is_some() && !class.has_repr {
        format!("out.push_str(\"{}(\"); if !self.__message.is_empty() {{ self.__message.fmt_repr(out); }} out.push(')');", names::python_class_name(&class.name))
    } else if class.has_repr {
        "out.push_str(&self.__repr__());".to_string()
    } else if class.dataclass {
        let mut b = format!(
            "out.push_str(\"{}(\");",
            names::python_class_name(&class.name)
        );
        for (i, (f, _)) in class.fields.iter().enumerate() {
            let sep = if i == 0 { "" } else { ", " };
            let _ = write!(
                b,
                " out.push_str(\"{sep}{f}=\"); self.{}.fmt_repr(out);",
                names::ident(f)
            );
        }
        b.push_str(" out.push(')');");
        b
    } else {
        format!(
            "out.push_str(\"<__main__.{} object>\");",
            names::python_class_name(&class.name)
        )
    };
    let _ = writeln!(out, "impl rt::PyFmt for {name} {{\n    fn fmt_str(&self, out: &mut String) {{ {str_body} }}\n    fn fmt_repr(&self, out: &mut String) {{ {repr_body} }}\n}}\n");
    if class.has_eq {
        let _ = writeln!(out, "impl PartialEq for {name} {{\n    fn eq(&self, other: &Self) -> bool {{ self.__eq__(other) }}\n}}\n");
    } else if class.has_lt && !class.dataclass {
        let _ = writeln!(out, "impl PartialEq for {name} {{\n    fn eq(&self, other: &Self) -> bool {{ !self.__lt__(other) && !other.__lt__(self) }}\n}}\n");
    }
    if class.has_lt {
        let _ = writeln!(
            out,
            "impl PartialOrd for {name} {{\n    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {{\n        Some(if self.__lt__(other) {{ std::cmp::Ordering::Less }} else if other.__lt__(self) {{ std::cmp::Ordering::Greater }} else {{ std::cmp::Ordering::Equal }})\n    }}\n}}\n"
        );
    }
    if class.has_hash {
        let _ = writeln!(out, "impl std::hash::Hash for {name} {{\n    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {{ self.__hash__().hash(state) }}\n}}\n\nimpl Eq for {name} {{}}\n");
        // CPython places the object in a set by what `__hash__` returns.
        let _ = writeln!(out, "impl rt::PyHash for {name} {{\n    fn py_hash(&self) -> i64 {{ match self.__hash__() {{ -1 => -2, h => h }} }}\n}}\n");
    } else if class.frozen && !class.has_eq {
        // A frozen dataclass hashes as the tuple of its fields.
        let lanes: Vec<String> = class
            .fields
            .iter()
            .map(|(f, _)| format!("rt::PyHash::py_hash(&self.{})", names::ident(f)))
            .collect();
        let _ = writeln!(
            out,
            "impl rt::PyHash for {name} {{\n    fn py_hash(&self) -> i64 {{ rt::hash::tuple_hash([{}].into_iter(), {}) }}\n}}\n",
            lanes.join(", "),
            lanes.len()
        );
    }
    out
}

impl FnEmitter<'_> {
    /// `__init__` as `pub fn new(...) -> Self`: a struct literal when the body only assigns
    /// each field once from values not involving `self`, else a default-built `this` that the
    /// body fills in.
    pub(super) fn init_function(&mut self) -> String {
        let f = self.f;
        let Some(&self_id) = f.params.first() else {
            return String::new();
        };
        let class = match &f.kind {
            hir::FnKind::Init(c) => c.clone(),
            _ => String::new(),
        };
        let fields: Vec<String> = self
            .program
            .classes
            .iter()
            .find(|c| c.name == class)
            .map(|c| c.fields.iter().map(|(n, _)| n.clone()).collect())
            .unwrap_or_default();
        let mut params = Vec::new();
        for (i, p) in f.params.iter().enumerate().skip(1) {
            let mode = self
                .own
                .params
                .get(i)
                .copied()
                .unwrap_or(crate::ownership::ParamMode::Copy);
            let pname = self.names[p.0 as usize].clone();
            let m = if self.own.needs_mut(*p, true, Some(mode)) {
                "mut "
            } else {
                ""
            };
            params.push(format!(
                "{m}{pname}: {}",
                super::param_type(&f.local(*p).ty, mode)
            ));
        }
        self.line(&format!("pub fn new({}) -> Self {{", params.join(", ")));
        self.indent += 1;
        if let Some(guard) = super::depth_guard(self.program, f) {
            self.line(&guard);
        }
        let is_exception = self
            .program
            .classes
            .iter()
            .any(|c| c.name == class && c.exception_base.is_some());
        let simple = !is_exception
            && f.body
                .iter()
                .all(|s| matches!(&s.kind, S::Assign { target: Place::Field { obj, .. }, value } if matches!(obj.kind, H::Local(id) if id == self_id) && !super::decls::expr_mentions(value, self_id)));
        let assigned: Vec<&String> = f
            .body
            .iter()
            .filter_map(|s| match &s.kind {
                S::Assign {
                    target: Place::Field { name, .. },
                    ..
                } => Some(name),
                _ => None,
            })
            .collect();
        let complete = fields
            .iter()
            .all(|n| assigned.iter().filter(|a| **a == n).count() == 1)
            && assigned.len() == fields.len();
        if simple && complete {
            let mut inits = Vec::new();
            for s in &f.body {
                if let S::Assign {
                    target: Place::Field { name, .. },
                    value,
                } = &s.kind
                {
                    let v = self.value(value);
                    let field = names::ident(name);
                    inits.push(if v == field {
                        field
                    } else {
                        format!("{field}: {v}")
                    });
                }
            }
            self.line(&format!("Self {{ {} }}", inits.join(", ")));
        } else {
            self.names[self_id.0 as usize] = "this".into();
            self.repr[self_id.0 as usize] = Repr::Value;
            self.line("let mut this = Self::default();");
            if is_exception {
                // CPython's BaseException keeps the constructor's arguments: `str(e)` is the one
                // argument, or their tuple; `super().__init__(msg)` replaces it.
                let args: Vec<hir::LocalId> = f.params.iter().skip(1).copied().collect();
                let msg = match args.as_slice() {
                    [] => "String::new()".to_string(),
                    [a] if f.local(*a).ty == crate::types::Ty::Str => {
                        format!("{}.to_string()", self.names[a.0 as usize])
                    }
                    [a] => format!("rt::str(&{})", self.names[a.0 as usize]),
                    many => format!(
                        "rt::str(&({},))",
                        many.iter()
                            .map(|a| format!("&{}", self.names[a.0 as usize]))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                self.line(&format!("this.__message = {msg};"));
            }
            self.block_body(&f.body, false);
            self.line("this");
        }
        self.indent -= 1;
        self.line("}");
        std::mem::take(&mut self.out)
    }
}

/// Every function some code calls.
fn called_functions(program: &hir::Program) -> std::collections::HashSet<hir::FuncId> {
    fn expr(e: &hir::Expr, out: &mut std::collections::HashSet<hir::FuncId>) {
        if let H::Call { func, .. } = &e.kind {
            out.insert(*func);
        }
        hir::visit::each_child(e, &mut |c| expr(c, out));
    }
    fn block(stmts: &[hir::Stmt], out: &mut std::collections::HashSet<hir::FuncId>) {
        for s in stmts {
            hir::visit::stmt_exprs(s, &mut |e| expr(e, out));
            for b in hir::visit::stmt_blocks(s) {
                block(b, out);
            }
        }
    }
    let mut out = std::collections::HashSet::new();
    for f in program
        .functions
        .iter()
        .chain(std::iter::once(&program.main))
    {
        block(&f.body, &mut out);
    }
    out
}
