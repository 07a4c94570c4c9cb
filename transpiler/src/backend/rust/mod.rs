//! The Rust backend: typed HIR plus the ownership tables → Rust source text, parsed with `syn`
//! (so a malformed emission is caught here as a Roast bug, never by rustc) and laid out by
//! `prettyplease`. Invariant: every ownership decision comes from `ownership::Ownership`; this
//! module only spells it.

mod class;
mod code;
mod comp;
mod consts;
mod containers;
mod decls;
mod dispatch;
mod exceptions;
mod expr;
mod names;

pub(crate) use names::function_name;
mod stmt;
mod tidy;

use crate::diagnostics::Diagnostic;
use crate::hir::{self, LocalId};
use crate::ownership::{FnOwnership, Ownership, ParamMode};
use crate::types::Ty;
use crate::{EmitMode, EmitOptions};
use std::collections::HashSet;
use std::fmt::Write;

/// Emits the whole program as one formatted Rust file.
pub fn emit(
    program: &hir::Program,
    ownership: &Ownership,
    options: &EmitOptions,
) -> Result<String, Diagnostic> {
    let mut out = String::new();
    let embed = options.mode == EmitMode::Embed;
    if !embed {
        out.push_str("use roast_runtime as rt;\n\n");
    }
    dispatch::begin(program);
    DEPTH_COSTS.with(|c| *c.borrow_mut() = hir::recursion::depth_costs(program));
    let consts = consts::fold_globals(program);
    for (i, g) in program.globals.iter().enumerate() {
        out.push_str(&consts::emit_global(program, ownership, i, g, &consts));
    }
    for class in &program.classes {
        out.push_str(&class::emit_class(program, ownership, class, &consts));
    }
    for name in dispatch::polymorphic() {
        if let Some(class) = program.class(&name) {
            out.push_str(&dispatch::emit_enum(program, ownership, class));
        }
    }
    for (i, f) in program.functions.iter().enumerate() {
        if f.kind != hir::FnKind::Function {
            continue;
        }
        let id = hir::FuncId(u32::try_from(i).unwrap_or(u32::MAX));
        if program.externs.contains(&id) {
            continue;
        }
        let own = ownership.functions.get(i);
        let Some(own) = own else { continue };
        let vis = if embed && program.top_level.contains(&id) && !f.name.starts_with('_') {
            "pub "
        } else {
            ""
        };
        out.push_str(&emit_versions(program, ownership, f, own, &consts, vis));
        out.push('\n');
    }
    if !embed {
        let mut fe = FnEmitter::new(program, ownership, &program.main, &ownership.main, &consts);
        out.push_str("/// The module's top-level statements.\n");
        out.push_str(&fe.function(true));
    }
    if options.mode == EmitMode::Binary {
        out.push_str("\nfn main() {\n    rt::run(__main__);\n}\n");
    }
    if out.contains("let _ = write!(") {
        // `acc += f"..."` writes into the string (`std::fmt::Write`).
        out.insert_str(0, "use std::fmt::Write as _;\n");
    }
    let mut file = syn::parse_file(&out).map_err(|e| {
        Diagnostic::internal(
            format!("the Rust backend produced invalid Rust ({e}):\n{out}"),
            program.main.span,
        )
    })?;
    tidy::file(&mut file);
    let code = separate_items(&prettyplease::unparse(&file));
    Ok(
        if matches!(options.mode, EmitMode::Binary | EmitMode::Module) {
            format!("{ALLOWED_LINTS}{code}")
        } else {
            code
        },
    )
}

thread_local! {
    /// What each function's frame adds to the recursion depth (`hir::recursion`).
    static DEPTH_COSTS: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The line opening a function that counts toward the recursion depth, if `f` is one:
/// `let _depth = rt::enter_recursion();` (a name no local of `f` has).
pub(super) fn depth_guard(program: &hir::Program, f: &hir::Function) -> Option<String> {
    let i = program.functions.iter().position(|g| std::ptr::eq(g, f))?;
    let call = match DEPTH_COSTS.with(|c| c.borrow().get(i).copied()) {
        Some(1) => "rt::enter_recursion()",
        Some(2) => "rt::enter_init()",
        _ => return None,
    };
    let mut name = "_depth".to_string();
    let mut n = 0;
    while f.locals.iter().any(|l| l.name == name) {
        n += 1;
        name = format!("_depth{n}");
    }
    Some(format!("let {name} = {call};"))
}

/// The lints the generated code is exempt from, because they fight the translation itself.
const ALLOWED_LINTS: &str = "\
// Lints that fight the translation: a Python list is a `Vec` even when it is never resized, and
// the program's own expressions are kept as written, constant ones and float literals included.
#![allow(clippy::useless_vec, clippy::eq_op, clippy::identity_op)]
#![allow(clippy::nonminimal_bool, clippy::overly_complex_bool_expr)]
#![allow(clippy::approx_constant, clippy::erasing_op)]
#![allow(clippy::absurd_extreme_comparisons, clippy::reversed_empty_ranges)]

";

/// A function, and where it returns a borrow that only some callers change, its `&` version
/// beside the `&mut` one (`get` and `get_mut`).
fn emit_versions(
    program: &hir::Program,
    ownership: &Ownership,
    f: &hir::Function,
    own: &FnOwnership,
    consts: &consts::Folded,
    vis: &str,
) -> String {
    let mut fe = FnEmitter::new(program, ownership, f, own, consts);
    let Some(shared) = &own.shared else {
        return format!("{vis}{}", fe.function(false));
    };
    fe.name_suffix = "_mut";
    let mutable = fe.function(false);
    let mut fe = FnEmitter::new(program, ownership, f, shared, consts);
    format!("{vis}{}{vis}{mutable}", fe.function(false))
}

/// A blank line between top-level items, as a person would leave.
fn separate_items(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + 256);
    let mut prev: Option<&str> = None;
    for line in code.lines() {
        if let Some(p) = prev {
            let item_ended =
                p == "}" || p.ends_with(';') && !p.starts_with(' ') && !p.starts_with("use ");
            let after_use = p.starts_with("use ") && !line.starts_with("use ");
            if (item_ended || after_use)
                && !line.is_empty()
                && !line.starts_with(' ')
                && !line.starts_with('}')
            {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
        prev = Some(line);
    }
    out
}

/// How a local's Rust binding relates to the Python value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Repr {
    /// The binding owns the value (`i64`, `String`, `Vec<T>`).
    Value,
    /// A shared reference (`&[T]`, `&str`, a `for` variable over a list of non-`Copy`).
    Ref,
    /// A `&str` (parameters and string constants), which needs no `.as_str()`.
    StrRef,
    /// A mutable reference (`&mut Vec<T>`, `&mut [T]`, an `iter_mut()` variable).
    RefMut,
    /// A value closures share and change (`Rc<RefCell<T>>`, see `ownership::cells`).
    Cell,
}

struct FnEmitter<'a> {
    program: &'a hir::Program,
    ownership: &'a Ownership,
    f: &'a hir::Function,
    own: &'a FnOwnership,
    consts: &'a consts::Folded,
    names: Vec<String>,
    repr: Vec<Repr>,
    decls: decls::Decls,
    /// Locals known to hold a non-negative int (range loop variables), for plain indexing.
    nonneg: HashSet<LocalId>,
    /// `for` variables that are hoisted: their loop binds a fresh name and assigns.
    tmp: u32,
    out: String,
    indent: usize,
    loop_flags: Vec<Option<String>>,
    /// Inside a closure or a loop the emitter builds (comprehensions, key functions): no moves.
    in_closure: u32,
    /// Base-class locals an enclosing `if let Enum::Sub(x) = x` has bound to their subclass
    /// instance, mutably (`true`) or not.
    downcast_bound: std::collections::HashMap<LocalId, bool>,
    /// The call being emitted keeps the borrow its callee returns (`r = g.find(k)`).
    keep_borrow: bool,
    /// Appended to the function's name: `_mut` for the `&mut` version of a function that
    /// also has a `&` one.
    name_suffix: &'static str,
    /// Loops entered so far (for `break` inside a `try` closure).
    loop_depth: u32,
    /// The `try` bodies being emitted as closures: the loop depth at each one's start.
    try_frames: Vec<u32>,
    /// Expressions (by address) already evaluated into a temporary of this name.
    pre: std::collections::HashMap<usize, String>,
}

impl<'a> FnEmitter<'a> {
    fn new(
        program: &'a hir::Program,
        ownership: &'a Ownership,
        f: &'a hir::Function,
        own: &'a FnOwnership,
        consts: &'a consts::Folded,
    ) -> Self {
        let names = names::local_names(f);
        let mut repr = vec![Repr::Value; f.locals.len()];
        for (i, p) in f.params.iter().enumerate() {
            let mode = own.params.get(i).copied().unwrap_or(ParamMode::Copy);
            repr[p.0 as usize] = match mode {
                ParamMode::Copy | ParamMode::Owned | ParamMode::StrShadow => Repr::Value,
                ParamMode::Ref if f.local(*p).ty == Ty::Str => Repr::StrRef,
                ParamMode::Ref => Repr::Ref,
                ParamMode::RefMut { .. } => Repr::RefMut,
            };
        }
        let decls = decls::Decls::compute(f);
        FnEmitter {
            program,
            ownership,
            f,
            own,
            consts,
            names,
            repr,
            decls,
            nonneg: HashSet::new(),
            tmp: 0,
            out: String::new(),
            indent: 0,
            loop_flags: Vec::new(),
            in_closure: 0,
            downcast_bound: std::collections::HashMap::new(),
            keep_borrow: false,
            name_suffix: "",
            loop_depth: 0,
            try_frames: Vec::new(),
            pre: std::collections::HashMap::new(),
        }
    }

    fn line(&mut self, text: &str) {
        for _ in 0..self.indent {
            self.out.push_str("    ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn fresh(&mut self, base: &str) -> String {
        self.tmp += 1;
        let taken: HashSet<&str> = self.names.iter().map(String::as_str).collect();
        let mut name = base.to_string();
        let mut n = 1;
        while taken.contains(name.as_str()) {
            n += 1;
            name = format!("{base}{n}");
        }
        self.names.push(name.clone());
        name
    }

    fn function(&mut self, is_main: bool) -> String {
        let f = self.f;
        let is_method = matches!(f.kind, hir::FnKind::Method(_));
        if let hir::FnKind::Init(_) = f.kind {
            return self.init_function();
        }
        let name = if is_main {
            "__main__".to_string()
        } else if is_method || matches!(f.kind, hir::FnKind::Static(_)) {
            names::ident(&f.name)
        } else {
            names::function_name(&f.name)
        } + self.name_suffix;
        let mut params = Vec::new();
        let mut shadows = Vec::new();
        for (i, p) in f.params.iter().enumerate() {
            let mode = self.own.params.get(i).copied().unwrap_or(ParamMode::Copy);
            if is_method && i == 0 {
                self.names[p.0 as usize] = "self".into();
                params.push(match mode {
                    ParamMode::RefMut { .. } => "&mut self".to_string(),
                    ParamMode::Owned if self.own.needs_mut(*p, true, Some(mode)) => {
                        "mut self".to_string()
                    }
                    ParamMode::Owned => "self".to_string(),
                    _ => "&self".to_string(),
                });
                continue;
            }
            let local = f.local(*p);
            let pname = self.names[p.0 as usize].clone();
            let mutable = self.own.needs_mut(*p, true, Some(mode));
            let ty = param_type(&local.ty, mode);
            params.push(format!(
                "{}{pname}: {ty}",
                if mutable { "mut " } else { "" }
            ));
            if mode == ParamMode::StrShadow {
                shadows.push(format!("let mut {pname} = {pname}.to_owned();"));
            }
        }
        let ret = match self.own.ret_borrow {
            _ if f.ret == Ty::None => String::new(),
            Some(rb) => {
                let m = if rb.mutable { "&mut " } else { "&" };
                match &f.ret {
                    Ty::Optional(t) => format!(" -> Option<{m}{}>", rust_type(t)),
                    t => format!(" -> {m}{}", rust_type(t)),
                }
            }
            None => format!(" -> {}", rust_type(&f.ret)),
        };
        let vis = if is_main || f.kind != hir::FnKind::Function {
            "pub "
        } else {
            ""
        };
        let mut head = String::new();
        let _ = write!(head, "{vis}fn {name}({}){ret} {{", params.join(", "));
        self.line(&head);
        self.indent += 1;
        if let Some(guard) = depth_guard(self.program, f) {
            self.line(&guard);
        }
        for s in shadows {
            self.line(&s);
        }
        if exceptions::returns_inside_try(&f.body) {
            let t = if f.ret == Ty::None {
                "()".to_string()
            } else {
                rust_type(&f.ret)
            };
            self.line(&format!("let mut returned: Option<{t}> = None;"));
        }
        let body = &f.body;
        self.block_body(body, !is_main && f.ret != Ty::None);
        self.indent -= 1;
        self.line("}");
        std::mem::take(&mut self.out)
    }
}

/// The Rust type of a value of a Roast type.
pub(crate) fn rust_type(ty: &Ty) -> String {
    match ty {
        Ty::Int => "i64".into(),
        Ty::Float => "f64".into(),
        Ty::Bool => "bool".into(),
        Ty::Str => "String".into(),
        Ty::None | Ty::Error | Ty::Var(_) | Ty::Param(_) => "()".into(),
        Ty::List(t) => format!("Vec<{}>", rust_type(t)),
        Ty::Set(t) => format!("rt::Set<{}>", rust_type(t)),
        Ty::TupleOf(t) => format!("rt::Tuple<{}>", rust_type(t)),
        Ty::Dict(k, v) => format!("rt::Dict<{}, {}>", rust_type(k), rust_type(v)),
        // `()` in Rust is Python's `None`: the empty tuple is an empty `rt::Tuple`.
        Ty::Tuple(ts) if ts.is_empty() => "rt::Tuple<()>".into(),
        Ty::Tuple(ts) => {
            let items: Vec<String> = ts.iter().map(rust_type).collect();
            if items.len() == 1 {
                format!("({},)", items[0])
            } else {
                format!("({})", items.join(", "))
            }
        }
        // A class inside an `Optional` is boxed, so linked and tree structures have a size.
        Ty::Optional(t) if matches!(**t, Ty::Class(_)) => format!("Option<Box<{}>>", rust_type(t)),
        Ty::Optional(t) => format!("Option<{}>", rust_type(t)),
        Ty::Class(name) => dispatch::class_type(name),
        Ty::Exception(_) => "rt::PyException".into(),
        Ty::Func(ps, r) => format!("std::rc::Rc<{}>", fn_trait(ps, r)),
    }
}

/// `dyn Fn(A, &str) -> R` for `Callable[[A, str], R]`: `Copy` arguments by value, others borrowed.
pub(crate) fn fn_trait(ps: &[Ty], r: &Ty) -> String {
    let args: Vec<String> = ps.iter().map(fn_arg_type).collect();
    let ret = if *r == Ty::None {
        String::new()
    } else {
        format!(" -> {}", rust_type(r))
    };
    format!("dyn Fn({}){ret}", args.join(", "))
}

pub(crate) fn fn_arg_type(t: &Ty) -> String {
    match t {
        t if t.is_copy() => rust_type(t),
        Ty::Str => "&str".into(),
        t => format!("&{}", rust_type(t)),
    }
}

fn param_type(ty: &Ty, mode: ParamMode) -> String {
    match (mode, ty) {
        (ParamMode::Ref, Ty::Func(ps, r)) => format!("&{}", fn_trait(ps, r)),
        (ParamMode::Copy | ParamMode::Owned, _) => rust_type(ty),
        (ParamMode::Ref | ParamMode::StrShadow, Ty::Str) => "&str".into(),
        (ParamMode::Ref, Ty::List(t)) => format!("&[{}]", rust_type(t)),
        (ParamMode::Ref, _) => format!("&{}", rust_type(ty)),
        (ParamMode::RefMut { len_changes: false }, Ty::List(t)) => {
            format!("&mut [{}]", rust_type(t))
        }
        (ParamMode::RefMut { .. }, _) => format!("&mut {}", rust_type(ty)),
        (ParamMode::StrShadow, _) => rust_type(ty),
    }
}

/// Per-program map from function to its parameter modes.
/// The borrow a function returns instead of a value, if it does.
fn callee_ret_borrow(
    ownership: &Ownership,
    func: hir::FuncId,
) -> Option<crate::ownership::RetBorrow> {
    ownership.functions.get(func.0 as usize)?.ret_borrow
}

fn callee_modes<'a>(ownership: &'a Ownership, func: hir::FuncId) -> &'a [ParamMode] {
    ownership
        .functions
        .get(func.0 as usize)
        .map_or(&[], |f| f.params.as_slice())
}
