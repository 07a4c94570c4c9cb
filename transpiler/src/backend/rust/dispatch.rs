//! Base classes that stand for their subclasses (`shapes: list[Shape] = [Rect(2, 3), Circle(1)]`).
//! Such a class is, as a type, an `enum` over its family (`AnyShape::Rect(Rect)`), with one
//! method per method of the base that matches on the instance's class and calls that class's
//! own method (each subclass has its own copy of what it inherits, so the call inside reaches
//! the overriding method as CPython's does), accessors for the base's fields, and printing. The
//! classes themselves stay plain structs; only values declared as the base class are enums.

use super::{names, param_type, rust_type};
use crate::hir;
use crate::ownership::{Ownership, ParamMode};
use crate::types::Ty;
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::fmt::Write;

thread_local! {
    /// The polymorphic classes of the program being emitted: `rust_type` reads it, since the
    /// Rust type of `Shape` depends on it.
    static POLYMORPHIC: RefCell<BTreeSet<String>> = const { RefCell::new(BTreeSet::new()) };
}

/// Records the program's polymorphic classes; called before anything is emitted.
pub fn begin(program: &hir::Program) {
    let classes = program.polymorphic_classes();
    POLYMORPHIC.with(|p| *p.borrow_mut() = classes);
}

pub fn is_polymorphic(class: &str) -> bool {
    POLYMORPHIC.with(|p| p.borrow().contains(class))
}

pub fn polymorphic() -> Vec<String> {
    POLYMORPHIC.with(|p| p.borrow().iter().cloned().collect())
}

/// The Rust type of a value of class `class`.
pub fn class_type(class: &str) -> String {
    if is_polymorphic(class) {
        enum_name(class)
    } else {
        names::type_name(class)
    }
}

pub fn enum_name(class: &str) -> String {
    format!("Any{}", names::type_name(class))
}

/// `matches!` patterns for the members of `declared`'s family that are `class` or derive from
/// it (`isinstance(s, Rect)` on a `Shape`).
pub fn instance_patterns(program: &hir::Program, declared: &str, class: &str) -> Vec<String> {
    program
        .family(declared)
        .iter()
        .filter(|c| program.is_subclass(&c.name, class))
        .map(|c| format!("{}::{}(_)", enum_name(declared), names::type_name(&c.name)))
        .collect()
}

/// The enum for polymorphic class `base`, its dispatching methods, field accessors, printing,
/// and conversions from the enums of polymorphic subclasses.
pub fn emit_enum(program: &hir::Program, ownership: &Ownership, base: &hir::Class) -> String {
    let family = program.family(&base.name);
    let name = enum_name(&base.name);
    let arms = |body: &dyn Fn(&str) -> String| -> String {
        family
            .iter()
            .map(|c| {
                let v = names::type_name(&c.name);
                format!("Self::{v}(v) => {},", body(&v))
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "/// A `{}`: an instance of `{}` or of any class deriving from it.",
        base.name, base.name
    );
    out.push_str("#[derive(Clone, Debug)]\n");
    let _ = writeln!(out, "pub enum {name} {{");
    for c in &family {
        let v = names::type_name(&c.name);
        let _ = writeln!(out, "    {v}({v}),");
    }
    out.push_str("}\n\n");
    let _ = writeln!(
        out,
        "impl Default for {name} {{ fn default() -> Self {{ Self::{0}({0}::default()) }} }}\n",
        names::type_name(&base.name)
    );
    let _ = writeln!(out, "impl {name} {{");
    for id in &base.methods {
        let f = program.function(*id);
        if !matches!(f.kind, hir::FnKind::Method(_)) || f.name.starts_with("super_") {
            continue;
        }
        let Some(own) = ownership.functions.get(id.0 as usize) else {
            continue;
        };
        let recv = match own.params.first() {
            Some(ParamMode::RefMut { .. }) => "&mut self",
            Some(ParamMode::Owned) => "self",
            _ => "&self",
        };
        let mut params = vec![recv.to_string()];
        let mut args = Vec::new();
        for (i, p) in f.params.iter().enumerate().skip(1) {
            let local = f.local(*p);
            let mode = own.params.get(i).copied().unwrap_or(ParamMode::Copy);
            let pname = names::ident(&local.name);
            params.push(format!("{pname}: {}", param_type(&local.ty, mode)));
            args.push(pname);
        }
        let ret = if f.ret == Ty::None {
            String::new()
        } else {
            format!(" -> {}", rust_type(&f.ret))
        };
        let method = names::ident(&f.name);
        let args = args.join(", ");
        let _ = writeln!(
            out,
            "pub fn {method}({}){ret} {{ match self {{ {} }} }}",
            params.join(", "),
            arms(&|_| format!("v.{method}({args})"))
        );
    }
    for (field, ty) in &base.fields {
        if field.starts_with("__") {
            continue;
        }
        let f = names::ident(field);
        let t = rust_type(ty);
        let _ = writeln!(
            out,
            "pub fn {f}(&self) -> &{t} {{ match self {{ {} }} }}",
            arms(&|_| format!("&v.{f}"))
        );
        let _ = writeln!(
            out,
            "pub fn {f}_mut(&mut self) -> &mut {t} {{ match self {{ {} }} }}",
            arms(&|_| format!("&mut v.{f}"))
        );
    }
    out.push_str("}\n\n");
    let _ = writeln!(
        out,
        "impl rt::PyFmt for {name} {{\n    fn fmt_str(&self, out: &mut String) {{ match self {{ {} }} }}\n    fn fmt_repr(&self, out: &mut String) {{ match self {{ {} }} }}\n}}\n",
        arms(&|_| "v.fmt_str(out)".into()),
        arms(&|_| "v.fmt_repr(out)".into()),
    );
    // A polymorphic subclass's enum converts into this one.
    for sub in &family {
        if sub.name == base.name || !is_polymorphic(&sub.name) {
            continue;
        }
        let sub_enum = enum_name(&sub.name);
        let conv: Vec<String> = program
            .family(&sub.name)
            .iter()
            .map(|c| {
                let v = names::type_name(&c.name);
                format!("{sub_enum}::{v}(v) => Self::{v}(v),")
            })
            .collect();
        let _ = writeln!(
            out,
            "impl From<{sub_enum}> for {name} {{\n    fn from(value: {sub_enum}) -> Self {{ match value {{ {} }} }}\n}}\n",
            conv.join(" ")
        );
    }
    out
}
