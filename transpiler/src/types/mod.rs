//! The type checker: spanned AST → typed HIR. Locals are inferred; parameters and returns are
//! annotated. It reports every error it finds, and an `Error` type stops cascades.

mod annotations;
mod builtins;
mod class;
mod exceptions;
mod expr;
mod externs;
pub mod generic_classes;
mod infer;
mod resolve;
mod stmt;
mod ty;

pub use exceptions::{is_builtin_exception, RAISED_ONLY};
pub use stmt::always_returns;
pub use ty::Ty;

use crate::diagnostics::{did_you_mean, Code, Diagnostic};
use crate::hir::{self, FuncId, GlobalId, LocalId};
use crate::source::Span;
use crate::syntax::ast;
use infer::Infer;
use std::collections::{HashMap, HashSet};

/// Checks a whole module.
pub fn check_module(module: &ast::Module, diags: &mut Vec<Diagnostic>) -> hir::Program {
    let mut cx = Checker {
        diags,
        sigs: Vec::new(),
        func_ids: HashMap::new(),
        modules: HashSet::new(),
        imported_names: HashMap::new(),
        globals: Vec::new(),
        global_ids: HashMap::new(),
        properties: HashSet::new(),
        class_consts: Vec::new(),
        global_names: HashSet::new(),
        fcx: FnCtx::default(),
        classes: Vec::new(),
        class_ids: HashMap::new(),
        class_defaults: HashMap::new(),
        kinds: Vec::new(),
        exceptions: HashMap::new(),
        class_parent: HashMap::new(),
        defined_in: HashMap::new(),
        type_vars: HashSet::new(),
        generic_defs: HashMap::new(),
        instances: HashMap::new(),
        pending_instances: Vec::new(),
        subst: HashMap::new(),
        pending_nested: Vec::new(),
        externs: Vec::new(),
        top_level: Vec::new(),
    };
    cx.check_module(module)
}

/// A parameter of a user function as callers see it.
#[derive(Debug, Clone)]
struct ParamSig {
    name: String,
    ty: Ty,
    default: Option<hir::Expr>,
    keyword_only: bool,
}

#[derive(Debug, Clone)]
struct FuncSig {
    name: String,
    params: Vec<ParamSig>,
    ret: Ty,
    span: Span,
}

struct Checker<'d> {
    diags: &'d mut Vec<Diagnostic>,
    sigs: Vec<FuncSig>,
    func_ids: HashMap<String, FuncId>,
    /// Modules imported with `import m` (only `math` and `sys`).
    modules: HashSet<String>,
    /// Names imported with `from m import name`, to the module they come from.
    imported_names: HashMap<String, String>,
    globals: Vec<hir::Global>,
    global_ids: HashMap<String, GlobalId>,
    /// Methods declared `@property`: reading the attribute calls them.
    properties: HashSet<FuncId>,
    /// Class attributes with values (`SUITS = ["h", "s"]` in a class body), to become
    /// constants named `Class.NAME`: (class, name, annotation, value, span).
    class_consts: Vec<(String, String, Option<ast::Expr>, ast::Expr, Span)>,
    /// Module-level names that some function reads (they become constants).
    global_names: HashSet<String>,
    fcx: FnCtx,
    classes: Vec<hir::Class>,
    class_ids: HashMap<String, usize>,
    /// Dataclass field defaults, per class, in field order.
    class_defaults: HashMap<String, Vec<Option<hir::Expr>>>,
    /// The kind of each declared function, by id.
    kinds: Vec<hir::FnKind>,
    /// User exception classes, to their base class.
    exceptions: HashMap<String, String>,
    /// User classes deriving from another user class, to their base.
    class_parent: HashMap<String, String>,
    /// Methods copied into a subclass, to the class whose body defines them (`super()` inside
    /// them is relative to that class).
    defined_in: HashMap<FuncId, String>,
    /// Module-level `T = TypeVar("T")` names.
    type_vars: HashSet<String>,
    /// Generic functions: their definition, to check once per instance.
    generic_defs: HashMap<FuncId, ast::FunctionDef>,
    /// Instances made so far: (generic, concrete type arguments) → instance.
    instances: HashMap<(FuncId, Vec<Ty>), FuncId>,
    /// Instances whose bodies still need checking, with their type arguments.
    pending_instances: Vec<(FuncId, FuncId, Vec<(String, Ty)>)>,
    /// While checking an instance: what each type parameter stands for.
    subst: HashMap<String, Ty>,
    /// Nested functions lifted to module level, waiting for their bodies to be checked:
    /// (id, definition, captured names and types).
    pending_nested: Vec<(FuncId, ast::FunctionDef, Vec<(String, Ty)>)>,
    /// `@extern` functions (see `externs.rs`).
    externs: Vec<FuncId>,
    /// Functions defined by a top-level `def`, in source order.
    top_level: Vec<FuncId>,
}

/// Per-function state.
#[derive(Default)]
struct FnCtx {
    locals: Vec<hir::Local>,
    scope: HashMap<String, LocalId>,
    /// Names assigned somewhere in this function (Python's rule: they are local throughout).
    assigned: HashSet<String>,
    infer: Infer,
    ret: Ty,
    loop_depth: u32,
    is_main: bool,
    /// Annotated types of locals, when the source gives them.
    declared: HashMap<LocalId, Span>,
    /// In `__init__` of this class: `self.x = v` may introduce the field `x`.
    init_of: Option<String>,
    /// The class whose body defines the method being checked (for `super()`).
    defined_in: Option<String>,
    /// The exception variables of the enclosing `except` handlers, innermost last.
    handlers: Vec<LocalId>,
    /// Nested functions defined so far in this function: name → (lifted function, the outer
    /// locals it reads, passed as extra arguments at each call).
    nested: HashMap<String, (FuncId, Vec<LocalId>)>,
    /// How deep in nested blocks the statement being checked is (1: the function's own body).
    depth: u32,
    /// `Optional` locals known not to be `None` here (`if x is not None:`, a comprehension's
    /// `if x is not None`): reading them gives the value.
    narrowed: HashSet<LocalId>,
    /// Base-class locals known to hold an instance of this subclass here
    /// (`if isinstance(s, Circle):`): reading them gives that instance.
    downcasts: HashMap<LocalId, String>,
    /// Hidden names made so far (`unpacked_1` for a nested unpacking target).
    hidden: u32,
}

impl Checker<'_> {
    fn error(
        &mut self,
        code: Code,
        message: impl Into<String>,
        span: Span,
        label: impl Into<String>,
    ) -> &mut Diagnostic {
        self.diags
            .push(Diagnostic::error(code, message, span, label));
        let last = self.diags.len() - 1;
        &mut self.diags[last]
    }

    fn check_module(&mut self, module: &ast::Module) -> hir::Program {
        // Pass 0: class names, so annotations may name a class defined later; type variables.
        for stmt in &module.body {
            if let ast::StmtKind::ClassDef(def) = &stmt.kind {
                self.register_class(def);
            }
            if let Some(name) = type_var_definition(stmt) {
                self.type_vars.insert(name);
            }
        }
        // Pass 1: imports, function and method signatures, module-level names.
        let mut top_assigned: HashMap<String, usize> = HashMap::new();
        let mut defs: Vec<(FuncId, &ast::FunctionDef)> = Vec::new();
        let class_asts: HashMap<String, &ast::ClassDef> = module
            .body
            .iter()
            .filter_map(|s| match &s.kind {
                ast::StmtKind::ClassDef(c) => Some((c.name.name.clone(), c)),
                _ => None,
            })
            .collect();
        for stmt in &module.body {
            match &stmt.kind {
                ast::StmtKind::Import(aliases) => self.import(aliases),
                ast::StmtKind::ImportFrom { module, names } => self.import_from(module, names),
                ast::StmtKind::FunctionDef(def) => {
                    if let Some(id) = self.declare_function(def) {
                        defs.push((id, def));
                    }
                }
                ast::StmtKind::ClassDef(def) => defs.extend(self.declare_class(def, &class_asts)),
                _ if type_var_definition(stmt).is_some() => {}
                _ => resolve::collect_assigned(std::slice::from_ref(stmt), &mut |name| {
                    *top_assigned.entry(name.to_string()).or_default() += 1;
                }),
            }
        }
        // Module-level names read inside functions become constants.
        for (_, def) in &defs {
            for name in resolve::free_names(def) {
                if top_assigned.contains_key(&name) && !self.func_ids.contains_key(&name) {
                    self.global_names.insert(name);
                }
            }
        }
        // Pass 2: the constants, in source order.
        self.fcx = FnCtx {
            is_main: true,
            ret: Ty::None,
            ..FnCtx::default()
        };
        for stmt in &module.body {
            self.declare_global(stmt, &top_assigned);
        }
        for (class, name, annotation, value, span) in std::mem::take(&mut self.class_consts) {
            self.declare_class_const(&class, &name, annotation.as_ref(), &value, span);
        }
        // Pass 3: bodies; each class's `__init__` first, since it may introduce fields.
        let mut functions: Vec<Option<hir::Function>> =
            (0..self.sigs.len()).map(|_| None).collect();
        // `__init__`s may introduce fields: the copies of base `__init__`s (for `super()`) first,
        // then each class's own, then everything else.
        let is_init = |cx: &Self, id: &FuncId, def: &ast::FunctionDef| {
            matches!(cx.kinds.get(id.0 as usize), Some(hir::FnKind::Init(_)))
                || def.name.name == "__init__"
        };
        let (mut inits, others): (Vec<_>, Vec<_>) =
            defs.iter().partition(|(id, def)| is_init(self, id, def));
        inits.sort_by_key(|(id, _)| {
            matches!(self.kinds.get(id.0 as usize), Some(hir::FnKind::Init(_)))
        });
        for (id, def) in inits.into_iter().chain(others) {
            if self.generic_defs.contains_key(&id) {
                continue;
            }
            let f = self.check_function(id, def);
            if let Some(slot) = functions.get_mut(id.0 as usize) {
                *slot = Some(f);
            }
        }
        self.check_instances(&mut functions);
        self.check_recursive_classes();
        // Pass 4: the top-level statements.
        self.fcx = FnCtx {
            is_main: true,
            ret: Ty::None,
            ..FnCtx::default()
        };
        let mut assigned = HashSet::new();
        resolve::collect_assigned(&module.body, &mut |n| {
            assigned.insert(n.to_string());
        });
        self.fcx.assigned = assigned;
        let top: Vec<&ast::Stmt> = module
            .body
            .iter()
            .filter(|s| {
                !matches!(
                    s.kind,
                    ast::StmtKind::FunctionDef(_)
                        | ast::StmtKind::ClassDef(_)
                        | ast::StmtKind::Import(_)
                        | ast::StmtKind::ImportFrom { .. }
                )
            })
            .filter(|s| !self.is_global_definition(s) && type_var_definition(s).is_none())
            .collect();
        let body = self.check_block_refs(&top);
        let main = self.finish_function(
            "__main__".into(),
            Vec::new(),
            Ty::None,
            body,
            Span::default(),
        );
        self.check_instances(&mut functions);
        let functions: Vec<hir::Function> = functions
            .into_iter()
            .map(|f| {
                f.unwrap_or_else(|| hir::Function {
                    kind: hir::FnKind::Generic,
                    ..hir::Function::default()
                })
            })
            .collect();
        let mut exceptions: Vec<(String, String)> = self
            .exceptions
            .iter()
            .map(|(a, b)| (a.clone(), b.clone()))
            .collect();
        exceptions.sort();
        hir::Program {
            classes: std::mem::take(&mut self.classes),
            exceptions,
            functions,
            globals: std::mem::take(&mut self.globals),
            main,
            externs: std::mem::take(&mut self.externs),
            top_level: std::mem::take(&mut self.top_level),
        }
    }

    fn import(&mut self, aliases: &[ast::Alias]) {
        for alias in aliases {
            let name = alias.name.name.as_str();
            match name {
                "math" | "sys" => {
                    if let Some(asname) = &alias.asname {
                        self.error(
                            Code::Unsupported,
                            "`import ... as ...` is not supported for built-in modules",
                            asname.span,
                            "rename not supported",
                        )
                        .help = Some(format!(
                            "write `import {name}` and use `{name}.` before its names"
                        ));
                    }
                    self.modules.insert(name.to_string());
                }
                "typing" | "dataclasses" | "__future__" => {}
                _ => {
                    self.error(
                        Code::UnsupportedImport,
                        format!("module `{name}` is not available in Roast"),
                        alias.name.span,
                        "unknown module",
                    )
                    .help = Some(
                        "Roast provides `math` and `sys`, plus `typing` for annotations".into(),
                    );
                }
            }
        }
    }

    fn import_from(&mut self, module: &ast::Ident, names: &[ast::Alias]) {
        match module.name.as_str() {
            "typing" | "__future__" | "dataclasses" => {}
            "math" | "sys" => {
                for alias in names {
                    let local = alias.asname.as_ref().unwrap_or(&alias.name);
                    self.imported_names.insert(
                        local.name.clone(),
                        format!("{}.{}", module.name, alias.name.name),
                    );
                }
            }
            // A user module: linked into the program before checking (see `modules`).
            _ => {}
        }
    }

    fn declare_function(&mut self, def: &ast::FunctionDef) -> Option<FuncId> {
        let is_extern = self.extern_decorator(def);
        for dec in &def.decorators {
            if !externs::is_extern_decorator(dec) {
                self.error(
                    Code::Unsupported,
                    "decorators on functions are not supported by Roast",
                    dec.span,
                    "decorator",
                );
            }
        }
        let id = self.declare_callable(def, def.name.name.clone(), hir::FnKind::Function)?;
        self.top_level.push(id);
        if is_extern {
            self.declare_extern(id, def);
        }
        Some(id)
    }

    /// Declares a function or method under `key` (`name`, or `Class.name` for methods).
    fn declare_callable(
        &mut self,
        def: &ast::FunctionDef,
        key: String,
        kind: hir::FnKind,
    ) -> Option<FuncId> {
        if let Some(prev) = self.func_ids.get(&key) {
            let prev = self.sigs[prev.0 as usize].span;
            self.error(
                Code::Redefinition,
                format!("`{}` is defined twice", def.name.name),
                def.name.span,
                "defined again here",
            )
            .labels
            .push(crate::diagnostics::Label {
                span: prev,
                message: "first defined here".into(),
                primary: false,
            });
            return None;
        }
        let self_class = match &kind {
            hir::FnKind::Method(c) | hir::FnKind::Init(c) => Some(c.clone()),
            _ => None,
        };
        // PEP 695 type parameters (`def first[T](...)`) act like module-level type variables.
        let added: Vec<String> = def
            .type_params
            .iter()
            .map(|t| t.name.clone())
            .filter(|n| self.type_vars.insert(n.clone()))
            .collect();

        let mut params = Vec::new();
        let mut seen_default = false;
        for (i, p) in def.params.iter().enumerate() {
            let ty = match (&p.annotation, &self_class) {
                (None, Some(class)) if i == 0 => Ty::Class(class.clone()),
                // `def __eq__(self, other: object)`: Roast compares instances of one class.
                (
                    Some(ast::Expr {
                        kind: ast::ExprKind::Name(n),
                        ..
                    }),
                    Some(class),
                ) if n == "object" && def.name.name.starts_with("__") => Ty::Class(class.clone()),
                (Some(a), _) => self.annotation(a),
                (None, _) => {
                    self.error(
                        Code::MissingAnnotation,
                        format!("parameter `{}` has no type annotation", p.name.name),
                        p.name.span,
                        "annotation needed",
                    )
                    .help = Some(format!(
                        "Roast needs the type of every parameter, e.g. `{}: int`",
                        p.name.name
                    ));
                    Ty::Error
                }
            };
            let default = p.default.as_ref().map(|d| {
                seen_default = true;
                self.check_default(d, &ty)
            });
            if default.is_none() && seen_default && !p.keyword_only {
                self.error(
                    Code::Syntax,
                    "a parameter without a default follows one with a default",
                    p.name.span,
                    "needs a default",
                );
            }
            params.push(ParamSig {
                name: p.name.name.clone(),
                ty,
                default,
                keyword_only: p.keyword_only,
            });
        }
        let ret = match &def.returns {
            Some(r) => self.annotation(r),
            None => {
                let at = Span {
                    start: def.name.span.end,
                    end: def.name.span.end,
                };
                self.error(
                    Code::MissingAnnotation,
                    format!("function `{}` has no return type annotation", def.name.name),
                    def.name.span,
                    "annotation needed",
                )
                .help = Some(
                    "add `-> None` if it returns nothing, or the type it returns, e.g. `-> int`"
                        .into(),
                );
                let _ = at;
                Ty::Error
            }
        };
        for n in added {
            self.type_vars.remove(&n);
        }
        if self_class.is_some() && def.params.is_empty() {
            self.error(
                Code::Arguments,
                format!("method `{}` has no `self` parameter", def.name.name),
                def.name.span,
                "add `self`",
            )
            .help = Some("write `def name(self, ...)`, or mark it `@staticmethod`".into());
            return None;
        }
        let generic = params.iter().any(|p| p.ty.has_param()) || ret.has_param();
        let id = FuncId(u32::try_from(self.sigs.len()).unwrap_or(u32::MAX));
        self.func_ids.insert(key, id);
        self.sigs.push(FuncSig {
            name: def.name.name.clone(),
            params,
            ret,
            span: def.name.span,
        });
        self.kinds.push(kind);
        if generic {
            if self_class.is_some() {
                self.error(
                    Code::Unsupported,
                    "generic methods are not supported by Roast yet",
                    def.name.span,
                    "generic method",
                );
            } else {
                self.generic_defs.insert(id, def.clone());
            }
        }
        Some(id)
    }

    /// A default value: a constant expression of the parameter's type.
    /// A dataclass field's default: a constant, `field(default=constant)`, or
    /// `field(default_factory=list)` (also `dict`, `set`): a new empty container for each
    /// instance, as the constructor fills it in at each call.
    fn dataclass_default(&mut self, expr: &ast::Expr, ty: &Ty) -> hir::Expr {
        let ast::ExprKind::Call {
            func,
            args,
            keywords,
        } = &expr.kind
        else {
            return self.check_default(expr, ty);
        };
        if !matches!(&func.kind, ast::ExprKind::Name(n) if n == "field") || !args.is_empty() {
            return self.check_default(expr, ty);
        }
        match keywords.as_slice() {
            [k] if k.name.name == "default" => self.check_default(&k.value, ty),
            [k] if k.name.name == "default_factory" => {
                let empty = match &k.value.kind {
                    ast::ExprKind::Name(n) if n == "list" => Some(ast::ExprKind::List(Vec::new())),
                    ast::ExprKind::Name(n) if n == "dict" => Some(ast::ExprKind::Dict(Vec::new())),
                    ast::ExprKind::Name(n) if n == "set" => Some(ast::ExprKind::Call {
                        func: Box::new(ast::Expr {
                            kind: ast::ExprKind::Name("set".into()),
                            span: k.value.span,
                        }),
                        args: Vec::new(),
                        keywords: Vec::new(),
                    }),
                    _ => None,
                };
                let Some(kind) = empty else {
                    self.error(
                        Code::Unsupported,
                        "only `list`, `dict` and `set` are supported as a `default_factory`",
                        k.value.span,
                        "factory",
                    );
                    return self.error_expr(expr.span);
                };
                let saved = std::mem::take(&mut self.fcx);
                let value = self.expr_expect(
                    &ast::Expr {
                        kind,
                        span: k.value.span,
                    },
                    ty,
                );
                self.fcx = saved;
                value
            }
            _ => {
                self.error(
                    Code::Unsupported,
                    "`field(...)` takes one of `default=` or `default_factory=` in Roast",
                    expr.span,
                    "field",
                );
                self.error_expr(expr.span)
            }
        }
    }

    fn check_default(&mut self, expr: &ast::Expr, ty: &Ty) -> hir::Expr {
        let saved = std::mem::take(&mut self.fcx);
        let value = self.expr_expect(expr, ty);
        self.fcx = saved;
        if !is_constant(&value) {
            self.error(Code::Unsupported, "a default value must be a constant (a number, string, bool or None)", expr.span, "not a constant").help =
                Some("Python evaluates defaults once and shares them between calls; use `None` and create the value inside the function".into());
        }
        value
    }

    fn is_global_definition(&self, stmt: &ast::Stmt) -> bool {
        match &stmt.kind {
            ast::StmtKind::Assign { targets, .. } => {
                targets.len() == 1
                    && matches!(&targets[0].kind, ast::ExprKind::Name(n) if self.global_names.contains(n))
            }
            ast::StmtKind::AnnAssign {
                target,
                value: Some(_),
                ..
            } => {
                matches!(&target.kind, ast::ExprKind::Name(n) if self.global_names.contains(n))
            }
            _ => false,
        }
    }

    fn declare_global(&mut self, stmt: &ast::Stmt, top_assigned: &HashMap<String, usize>) {
        let (target, annotation, value) = match &stmt.kind {
            ast::StmtKind::Assign { targets, value } if targets.len() == 1 => {
                (&targets[0], None, value)
            }
            ast::StmtKind::AnnAssign {
                target,
                annotation,
                value: Some(value),
            } => (target, Some(annotation), value),
            _ => return,
        };
        let ast::ExprKind::Name(name) = &target.kind else {
            return;
        };
        if !self.global_names.contains(name) {
            return;
        }
        if top_assigned.get(name).copied().unwrap_or(0) > 1 {
            self.error(Code::Unsupported, format!("module-level variable `{name}` is read inside a function, so it must be assigned only once"), target.span, "assigned here and elsewhere").help =
                Some("pass the value to the function as a parameter instead".into());
            return;
        }
        let name = name.clone();
        self.push_global(name, annotation, value, target.span);
    }

    /// A class attribute with a value: a constant, read as `Class.NAME` or `self.NAME`.
    fn declare_class_const(
        &mut self,
        class: &str,
        name: &str,
        annotation: Option<&ast::Expr>,
        value: &ast::Expr,
        span: Span,
    ) {
        self.push_global(format!("{class}.{name}"), annotation, value, span);
    }

    /// Checks a constant's value (against its annotation, if any) and records it.
    fn push_global(
        &mut self,
        name: String,
        annotation: Option<&ast::Expr>,
        value: &ast::Expr,
        span: Span,
    ) {
        let expected = annotation.map(|a| self.annotation(a));
        let value = match &expected {
            Some(t) => self.expr_expect(value, t),
            None => self.expr(value),
        };
        let ty = self.fcx.infer.resolve(&value.ty);
        if ty.contains_var() {
            let short = name.rsplit('.').next().unwrap_or(&name).to_string();
            self.error(
                Code::CannotInfer,
                format!("cannot infer the type of `{name}`"),
                span,
                "type unknown",
            )
            .help = Some(format!("annotate it, e.g. `{short}: list[int] = []`"));
        }
        let id = GlobalId(u32::try_from(self.globals.len()).unwrap_or(u32::MAX));
        self.global_ids.insert(name.clone(), id);
        self.globals.push(hir::Global {
            name,
            ty,
            value,
            span,
        });
    }

    /// The constant `name` of `class` or of a class it derives from.
    fn class_const(&self, class: &str, name: &str) -> Option<(GlobalId, Ty)> {
        let mut k = Some(class.to_string());
        while let Some(c) = k {
            if let Some(&id) = self.global_ids.get(&format!("{c}.{name}")) {
                let ty = self.globals.get(id.0 as usize)?.ty.clone();
                return Some((id, ty));
            }
            k = self.class_parent.get(&c).cloned();
        }
        None
    }

    /// A nested function's body, checked as a module-level function whose extra trailing
    /// parameters are the outer variables it reads.
    fn check_lifted(
        &mut self,
        id: FuncId,
        def: &ast::FunctionDef,
        captured: &[(String, Ty)],
    ) -> hir::Function {
        let sig = self.sigs[id.0 as usize].clone();
        let mut assigned = HashSet::new();
        resolve::collect_assigned(&def.body, &mut |n| {
            assigned.insert(n.to_string());
        });
        for (name, _) in captured {
            if assigned.contains(name) {
                self.error(
                    Code::Unsupported,
                    format!("the nested function `{}` assigns `{name}`, a variable of the enclosing function", def.name.name),
                    def.name.span,
                    "rebinding an outer variable",
                )
                .help = Some("return the new value instead (Roast does not support `nonlocal`)".into());
            }
        }
        self.fcx = FnCtx {
            ret: sig.ret.clone(),
            assigned,
            ..FnCtx::default()
        };
        let mut params = Vec::new();
        for (p, ps) in def.params.iter().zip(&sig.params) {
            params.push(self.new_local(&p.name.name, ps.ty.clone(), p.name.span));
        }
        let mut captured_locals = Vec::new();
        for (name, ty) in captured {
            // Parameters a Python caller never sees: the outer variables, passed at each call.
            let l = self.new_local(name, ty.clone(), def.name.span);
            captured_locals.push(l);
            params.push(l);
        }
        // The function may call itself.
        self.fcx
            .nested
            .insert(def.name.name.clone(), (id, captured_locals));
        let body = self.check_block(&def.body);
        if sig.ret != Ty::None && sig.ret != Ty::Error && !stmt::always_returns(&body) {
            self.error(
                Code::TypeMismatch,
                format!(
                    "function `{}` can reach its end without returning a `{}`",
                    def.name.name, sig.ret
                ),
                def.name.span,
                format!("declared to return `{}`", sig.ret),
            );
        }
        self.finish_function(sig.name, params, sig.ret, body, def.span)
    }

    /// `def inner(...)` inside a function: lifted to module level, the outer variables it
    /// reads become extra parameters (so each call sees their current values, as in Python).
    pub(super) fn nested_def(&mut self, def: &ast::FunctionDef) {
        let outer: Vec<(String, LocalId)> = resolve::free_names(def)
            .into_iter()
            .filter_map(|n| self.fcx.scope.get(&n).map(|id| (n, *id)))
            .collect();
        let mut outer = outer;
        outer.sort();
        let owner = self.fcx.nested.len();
        let key = format!("<nested {}#{owner}>", def.name.name);
        let Some(id) = self.declare_callable(def, key, hir::FnKind::Function) else {
            return;
        };
        let captured: Vec<(String, Ty)> = outer
            .iter()
            .map(|(n, l)| {
                (
                    n.clone(),
                    self.fcx.infer.resolve(&self.fcx.locals[l.0 as usize].ty),
                )
            })
            .collect();
        for (n, t) in &captured {
            if t.contains_var() {
                self.error(
                    Code::CannotInfer,
                    format!(
                        "the type of `{n}` must be known where `{}` is defined",
                        def.name.name
                    ),
                    def.name.span,
                    "captured here",
                )
                .help = Some(format!("annotate `{n}` where it is first assigned"));
                return;
            }
        }
        // The lifted function's name in Rust: unique among functions.
        let base = def.name.name.clone();
        let taken = |n: &str, sigs: &[FuncSig], id: FuncId| {
            sigs.iter()
                .enumerate()
                .any(|(i, s)| i != id.0 as usize && s.name == n)
        };
        let mut lifted = base.clone();
        let mut k = 2;
        while taken(&lifted, &self.sigs, id) || self.class_ids.contains_key(&lifted) {
            lifted = format!("{base}_{k}");
            k += 1;
        }
        if let Some(sig) = self.sigs.get_mut(id.0 as usize) {
            sig.name = lifted;
            // Callers never pass these by name: the placeholder default is replaced at each call.
            let placeholder = |t: &Ty| hir::Expr {
                kind: hir::ExprKind::None,
                ty: t.clone(),
                span: def.name.span,
            };
            sig.params.extend(captured.iter().map(|(n, t)| ParamSig {
                name: format!("<captured {n}>"),
                ty: t.clone(),
                default: Some(placeholder(t)),
                keyword_only: true,
            }));
        }
        self.fcx.nested.insert(
            def.name.name.clone(),
            (id, outer.iter().map(|(_, l)| *l).collect()),
        );
        self.pending_nested.push((id, def.clone(), captured));
    }

    fn check_function(&mut self, id: FuncId, def: &ast::FunctionDef) -> hir::Function {
        if self.externs.contains(&id) {
            return self.extern_function(id, def);
        }
        let sig = self.sigs[id.0 as usize].clone();
        let kind = self.kinds.get(id.0 as usize).cloned().unwrap_or_default();
        let mut assigned = HashSet::new();
        resolve::collect_assigned(&def.body, &mut |n| {
            assigned.insert(n.to_string());
        });
        let init_of = match &kind {
            hir::FnKind::Init(c) => Some(c.clone()),
            // A base class's `__init__` copied for `super().__init__(...)`.
            hir::FnKind::Method(c) if def.name.name == "__init__" => Some(c.clone()),
            _ => None,
        };
        let defined_in = self.defined_in.get(&id).cloned().or_else(|| match &kind {
            hir::FnKind::Method(c) | hir::FnKind::Init(c) | hir::FnKind::Static(c) => {
                Some(c.clone())
            }
            _ => None,
        });
        self.fcx = FnCtx {
            ret: sig.ret.clone(),
            assigned,
            init_of,
            defined_in,
            ..FnCtx::default()
        };
        let mut params = Vec::new();
        for (p, ps) in def.params.iter().zip(&sig.params) {
            let local = self.new_local(&p.name.name, ps.ty.clone(), p.name.span);
            params.push(local);
        }
        let body = self.check_block(&def.body);
        if sig.ret != Ty::None && sig.ret != Ty::Error && !stmt::always_returns(&body) {
            self.error(
                Code::TypeMismatch,
                format!(
                    "function `{}` can reach its end without returning a `{}`",
                    sig.name, sig.ret
                ),
                def.name.span,
                format!("declared to return `{}`", sig.ret),
            )
            .help = Some(
                "Python would return `None` there; add a `return` at the end, or raise an error"
                    .into(),
            );
        }
        let mut f = self.finish_function(sig.name, params, sig.ret, body, def.span);
        f.kind = kind;
        f
    }

    /// Resolves inference variables in the function's locals and body, reporting what stays unknown.
    fn finish_function(
        &mut self,
        name: String,
        params: Vec<LocalId>,
        ret: Ty,
        mut body: Vec<hir::Stmt>,
        span: Span,
    ) -> hir::Function {
        let fcx = std::mem::take(&mut self.fcx);
        let mut locals = fcx.locals;
        for local in &mut locals {
            local.ty = fcx.infer.resolve(&local.ty);
            if local.ty.contains_var() {
                self.error(
                    Code::CannotInfer,
                    format!("cannot infer the type of `{}`", local.name),
                    local.span,
                    "type unknown",
                )
                .help = Some(format!(
                    "annotate it where it is first assigned, e.g. `{}: list[int] = []`",
                    local.name
                ));
            }
        }
        resolve::zonk_block(&mut body, &fcx.infer);
        hir::Function {
            name,
            kind: hir::FnKind::Function,
            params,
            ret,
            locals,
            body,
            span,
        }
    }

    /// The instance of generic function `id` for these argument types, declared on first use;
    /// its body is checked later with the type parameters bound.
    fn instantiate(&mut self, id: FuncId, bindings: Vec<(String, Ty)>) -> FuncId {
        let key = (
            id,
            bindings.iter().map(|(_, t)| t.clone()).collect::<Vec<_>>(),
        );
        if let Some(&inst) = self.instances.get(&key) {
            return inst;
        }
        let sig = self.sigs[id.0 as usize].clone();
        let lookup = |n: &str| {
            bindings
                .iter()
                .find(|(b, _)| b == n)
                .map(|(_, t)| t.clone())
        };
        let suffix: Vec<String> = key
            .1
            .iter()
            .map(|t| {
                t.to_string()
                    .replace(|c: char| !c.is_ascii_alphanumeric(), "_")
                    .trim_matches('_')
                    .to_string()
            })
            .collect();
        let params = sig
            .params
            .iter()
            .map(|p| ParamSig {
                ty: p.ty.subst(&lookup),
                ..p.clone()
            })
            .collect();
        let inst = FuncId(u32::try_from(self.sigs.len()).unwrap_or(u32::MAX));
        let name = format!("{}_{}", sig.name, suffix.join("_"));
        self.sigs.push(FuncSig {
            name,
            params,
            ret: sig.ret.subst(&lookup),
            span: sig.span,
        });
        self.kinds.push(hir::FnKind::Function);
        self.instances.insert(key, inst);
        self.pending_instances.push((id, inst, bindings));
        inst
    }

    /// Checks the bodies of the instances and lifted nested functions made so far (which may
    /// make more).
    fn check_instances(&mut self, functions: &mut Vec<Option<hir::Function>>) {
        while let Some((id, def, captured)) = self.pending_nested.pop() {
            let saved_fcx = std::mem::take(&mut self.fcx);
            let mut f = self.check_lifted(id, &def, &captured);
            f.name = self.sigs[id.0 as usize].name.clone();
            self.fcx = saved_fcx;
            if functions.len() <= id.0 as usize {
                functions.resize_with(id.0 as usize + 1, || None);
            }
            functions[id.0 as usize] = Some(f);
        }
        while let Some((generic, inst, bindings)) = self.pending_instances.pop() {
            let Some(def) = self.generic_defs.get(&generic).cloned() else {
                continue;
            };
            let saved_fcx = std::mem::take(&mut self.fcx);
            let saved_subst = std::mem::replace(&mut self.subst, bindings.into_iter().collect());
            let mut f = self.check_function(inst, &def);
            f.name = self.sigs[inst.0 as usize].name.clone();
            self.subst = saved_subst;
            self.fcx = saved_fcx;
            if functions.len() <= inst.0 as usize {
                functions.resize_with(inst.0 as usize + 1, || None);
            }
            functions[inst.0 as usize] = Some(f);
        }
    }

    fn new_local(&mut self, name: &str, ty: Ty, span: Span) -> LocalId {
        let id = LocalId(u32::try_from(self.fcx.locals.len()).unwrap_or(u32::MAX));
        self.fcx.locals.push(hir::Local {
            name: name.to_string(),
            ty,
            span,
            scoped: false,
        });
        self.fcx.scope.insert(name.to_string(), id);
        id
    }

    /// A local bound by a comprehension or lambda; the caller restores the scope afterwards
    /// with `restore_scope`.
    fn new_scoped_local(
        &mut self,
        name: &str,
        ty: Ty,
        span: Span,
        saved: &mut Vec<(String, Option<LocalId>)>,
    ) -> LocalId {
        saved.push((name.to_string(), self.fcx.scope.get(name).copied()));
        let id = LocalId(u32::try_from(self.fcx.locals.len()).unwrap_or(u32::MAX));
        self.fcx.locals.push(hir::Local {
            name: name.to_string(),
            ty,
            span,
            scoped: true,
        });
        self.fcx.scope.insert(name.to_string(), id);
        id
    }

    fn restore_scope(&mut self, saved: Vec<(String, Option<LocalId>)>) {
        for (name, prev) in saved.into_iter().rev() {
            match prev {
                Some(id) => self.fcx.scope.insert(name, id),
                None => self.fcx.scope.remove(&name),
            };
        }
    }

    /// Every name visible here, for "did you mean".
    fn visible_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.fcx.scope.keys().cloned().collect();
        names.extend(self.func_ids.keys().cloned());
        names.extend(self.global_ids.keys().cloned());
        names.extend(builtins::BUILTIN_NAMES.iter().map(|s| s.to_string()));
        names
    }

    fn unknown_name(&mut self, name: &str, span: Span) {
        let names = self.visible_names();
        let suggestion = did_you_mean(name, names.iter().map(String::as_str)).map(str::to_string);
        let d = self.error(
            Code::UnknownName,
            format!("cannot find `{name}` in this scope"),
            span,
            "not found in this scope",
        );
        if let Some(s) = suggestion {
            d.help = Some(format!("a name with a similar spelling exists: `{s}`"));
        }
    }
}

/// `T = TypeVar("T")`: the name it defines.
fn type_var_definition(stmt: &ast::Stmt) -> Option<String> {
    let ast::StmtKind::Assign { targets, value } = &stmt.kind else {
        return None;
    };
    let [target] = targets.as_slice() else {
        return None;
    };
    let ast::ExprKind::Name(name) = &target.kind else {
        return None;
    };
    let ast::ExprKind::Call { func, .. } = &value.kind else {
        return None;
    };
    matches!(&func.kind, ast::ExprKind::Name(f) if f == "TypeVar").then(|| name.clone())
}

/// Literals and negated literals: what a default value may be.
fn is_constant(e: &hir::Expr) -> bool {
    match &e.kind {
        hir::ExprKind::Int(_)
        | hir::ExprKind::Float(_)
        | hir::ExprKind::Bool(_)
        | hir::ExprKind::Str(_)
        | hir::ExprKind::None => true,
        hir::ExprKind::Neg(inner) | hir::ExprKind::IntToFloat(inner) => is_constant(inner),
        hir::ExprKind::MathConst(_) => true,
        _ => false,
    }
}
