//! User classes: declaration (fields from annotations and from `self.x = ...` in `__init__`,
//! methods, `@dataclass`, `@staticmethod`), constructor calls, field access and method calls.

use super::expr::mk;
use super::{Checker, Ty};
use crate::diagnostics::Code;
use crate::hir::{self, ExprKind as H, FuncId};
use crate::source::Span;
use crate::syntax::ast::{self, ExprKind as A};

impl Checker<'_> {
    pub(super) fn register_class(&mut self, def: &ast::ClassDef) {
        if self.class_ids.contains_key(&def.name.name)
            || self.exceptions.contains_key(&def.name.name)
        {
            self.error(
                Code::Redefinition,
                format!("class `{}` is defined twice", def.name.name),
                def.name.span,
                "defined again here",
            );
            return;
        }
        if let [base] = def.bases.as_slice() {
            if let A::Name(b) = &base.kind {
                if super::exceptions::is_builtin_exception(b) || self.exceptions.contains_key(b) {
                    self.exceptions.insert(def.name.name.clone(), b.clone());
                    let plain = def.body.iter().all(|s| matches!(s.kind, ast::StmtKind::Pass) || matches!(&s.kind, ast::StmtKind::Expr(e) if matches!(e.kind, A::Str(_))));
                    if !plain {
                        // Fields or methods: also a class, whose objects travel inside the exception.
                        self.class_ids
                            .insert(def.name.name.clone(), self.classes.len());
                        let fields = vec![("__message".to_string(), Ty::Str)];
                        self.classes.push(hir::Class {
                            name: def.name.name.clone(),
                            fields,
                            exception_base: Some(b.clone()),
                            span: def.name.span,
                            ..hir::Class::default()
                        });
                    }
                    return;
                }
            }
        }
        let is_dataclass = |e: &ast::Expr| match &e.kind {
            A::Name(n) => n == "dataclass",
            A::Attribute { attr, .. } => attr.name == "dataclass",
            _ => false,
        };
        let (mut dataclass, mut order, mut frozen) = (false, false, false);
        for d in &def.decorators {
            match &d.kind {
                _ if is_dataclass(d) => dataclass = true,
                A::Call {
                    func,
                    args,
                    keywords,
                } if is_dataclass(func) && args.is_empty() => {
                    dataclass = true;
                    for k in keywords {
                        let on = matches!(k.value.kind, A::Bool(true));
                        match k.name.name.as_str() {
                            "order" => order = on,
                            "frozen" => frozen = on,
                            "eq" if on => {}
                            other => {
                                self.error(
                                    Code::Unsupported,
                                    format!("`@dataclass({other}=...)` is not supported by Roast"),
                                    k.name.span,
                                    "option",
                                );
                            }
                        }
                    }
                }
                _ => {
                    self.error(
                        Code::Unsupported,
                        "this class decorator is not supported by Roast",
                        d.span,
                        "decorator",
                    )
                    .help = Some(
                        "Roast supports `@dataclass`, with `order=True` and `frozen=True`".into(),
                    );
                }
            }
        }
        match def.bases.as_slice() {
            [] => {}
            [b] => match &b.kind {
                A::Name(p)
                    if self.class_ids.contains_key(p) && !self.exceptions.contains_key(p) =>
                {
                    self.class_parent.insert(def.name.name.clone(), p.clone());
                }
                A::Name(p) if p == "object" => {}
                _ => {
                    self.error(
                        Code::Unsupported,
                        "a base class must be a class defined earlier in the program",
                        b.span,
                        "base class",
                    );
                }
            },
            [_, second, ..] => {
                self.error(
                    Code::Unsupported,
                    "multiple inheritance is not supported by Roast",
                    second.span,
                    "second base class",
                );
            }
        }
        self.class_ids
            .insert(def.name.name.clone(), self.classes.len());
        self.classes.push(hir::Class {
            name: def.name.name.clone(),
            base: self.class_parent.get(&def.name.name).cloned(),
            dataclass,
            order,
            frozen,
            span: def.name.span,
            ..hir::Class::default()
        });
    }

    /// Fields from annotations, then methods (its own, then those it inherits, and a
    /// `super_name` copy of each base method for `super().name(...)`); returns the methods to
    /// check. An inherited method is checked again with `self` of this class.
    pub(super) fn declare_class<'a>(
        &mut self,
        def: &'a ast::ClassDef,
        all: &std::collections::HashMap<String, &'a ast::ClassDef>,
    ) -> Vec<(FuncId, &'a ast::FunctionDef)> {
        let mut methods = self.declare_class_own(def);
        let class = def.name.name.clone();
        let Some(&ci) = self.class_ids.get(&class) else {
            return methods;
        };
        // Ancestors, nearest first.
        let mut ancestors = Vec::new();
        let mut c = class.clone();
        while let Some(p) = self.class_parent.get(&c).cloned() {
            if ancestors.contains(&p) || ancestors.len() > 32 {
                break;
            }
            ancestors.push(p.clone());
            c = p;
        }
        if ancestors.is_empty() {
            return methods;
        }
        let own: Vec<String> = def
            .body
            .iter()
            .filter_map(|s| match &s.kind {
                ast::StmtKind::FunctionDef(f) => Some(f.name.name.clone()),
                _ => None,
            })
            .collect();
        let mut defined = own.clone();
        let mut inherited_fields = Vec::new();
        for a in &ancestors {
            let Some(adef) = all.get(a) else { continue };
            for stmt in &adef.body {
                match &stmt.kind {
                    ast::StmtKind::AnnAssign {
                        target,
                        annotation,
                        value,
                    } => {
                        // `MAX: int = 10` outside a dataclass is a class constant.
                        let dataclass = self
                            .class_ids
                            .get(a)
                            .is_some_and(|&i| self.classes[i].dataclass);
                        if value.is_some() && !dataclass {
                            continue;
                        }
                        if let A::Name(n) = &target.kind {
                            if !self.classes[ci].fields.iter().any(|(f, _)| f == n)
                                && !inherited_fields.iter().any(|(f, _): &(String, Ty)| f == n)
                            {
                                let t = self.annotation(annotation);
                                inherited_fields.push((n.clone(), t));
                            }
                        }
                    }
                    ast::StmtKind::FunctionDef(f) => {
                        let name = f.name.name.clone();
                        if defined.contains(&name) {
                            continue;
                        }
                        defined.push(name.clone());
                        let is_static = f
                            .decorators
                            .iter()
                            .any(|d| matches!(&d.kind, A::Name(n) if n == "staticmethod"));
                        let kind = if is_static {
                            hir::FnKind::Static(class.clone())
                        } else if name == "__init__" {
                            hir::FnKind::Init(class.clone())
                        } else {
                            hir::FnKind::Method(class.clone())
                        };
                        if let Some(id) = self.declare_callable(f, format!("{class}.{name}"), kind)
                        {
                            if is_property(f) {
                                self.properties.insert(id);
                            }
                            self.defined_in.insert(id, a.clone());
                            self.note_method(ci, &name, id);
                            methods.push((id, f));
                        }
                    }
                    _ => {}
                }
            }
        }
        // `super().m(...)` in a method defined in class A (this class or an ancestor) reaches
        // the nearest definition of `m` above A: one copy per (A, m), with `self` of this class.
        let chain: Vec<String> = std::iter::once(class.clone())
            .chain(ancestors.iter().cloned())
            .collect();
        for (i, a) in chain.iter().enumerate() {
            let mut seen: Vec<String> = Vec::new();
            for above in &chain[i + 1..] {
                let Some(adef) = all.get(above) else { continue };
                for stmt in &adef.body {
                    let ast::StmtKind::FunctionDef(f) = &stmt.kind else {
                        continue;
                    };
                    let name = f.name.name.clone();
                    let is_static = f
                        .decorators
                        .iter()
                        .any(|d| matches!(&d.kind, A::Name(n) if n == "staticmethod"));
                    if is_static || seen.contains(&name) {
                        continue;
                    }
                    seen.push(name.clone());
                    if let Some(id) = self.declare_callable(
                        f,
                        format!("{class}.__super_{a}_{name}__"),
                        hir::FnKind::Method(class.clone()),
                    ) {
                        let m = if name == "__init__" {
                            "init".to_string()
                        } else {
                            name.trim_matches('_').to_string()
                        };
                        self.sigs[id.0 as usize].name = if i == 0 {
                            format!("super_{m}")
                        } else {
                            format!("super_{}_{m}", a.to_lowercase())
                        };
                        self.defined_in.insert(id, above.clone());
                        self.classes[ci].methods.push(id);
                        methods.push((id, f));
                    }
                }
            }
        }
        // Base fields come first, as CPython lays out a dataclass.
        let own_fields = std::mem::take(&mut self.classes[ci].fields);
        inherited_fields.extend(own_fields);
        self.classes[ci].fields = inherited_fields;
        methods
    }

    /// The class's own fields and methods.
    fn declare_class_own<'a>(
        &mut self,
        def: &'a ast::ClassDef,
    ) -> Vec<(FuncId, &'a ast::FunctionDef)> {
        let Some(&ci) = self.class_ids.get(&def.name.name) else {
            return Vec::new();
        };
        if self.exceptions.contains_key(&def.name.name) && self.classes[ci].exception_base.is_none()
        {
            return Vec::new();
        }
        let class = def.name.name.clone();
        let dataclass = self.classes[ci].dataclass;
        let mut defaults = Vec::new();
        let mut methods = Vec::new();
        for stmt in &def.body {
            match &stmt.kind {
                ast::StmtKind::AnnAssign {
                    target,
                    annotation,
                    value,
                } => {
                    let ast::ExprKind::Name(name) = &target.kind else {
                        self.error(
                            Code::Unsupported,
                            "a class field must be a plain name",
                            target.span,
                            "field",
                        );
                        continue;
                    };
                    let ty = self.annotation(annotation);
                    let default = match value {
                        Some(v) if dataclass => Some(self.dataclass_default(v, &ty)),
                        Some(v) => {
                            // `MAX: int = 10`: a class constant, not a field.
                            self.class_consts.push((
                                class.clone(),
                                name.clone(),
                                Some(annotation.clone()),
                                v.clone(),
                                target.span,
                            ));
                            continue;
                        }
                        None => None,
                    };
                    if defaults.iter().any(Option::is_some) && default.is_none() && dataclass {
                        self.error(
                            Code::Syntax,
                            format!("non-default argument '{name}' follows default argument"),
                            target.span,
                            "needs a default",
                        );
                    }
                    self.classes[ci].fields.push((name.clone(), ty));
                    defaults.push(default);
                }
                ast::StmtKind::FunctionDef(f) => {
                    let is_static = f
                        .decorators
                        .iter()
                        .any(|d| matches!(&d.kind, A::Name(n) if n == "staticmethod"));
                    for d in &f.decorators {
                        if !matches!(&d.kind, A::Name(n) if n == "staticmethod" || n == "property")
                        {
                            self.error(
                                Code::Unsupported,
                                "this method decorator is not supported by Roast",
                                d.span,
                                "decorator",
                            );
                        }
                    }
                    let name = f.name.name.as_str();
                    let kind = if is_static {
                        hir::FnKind::Static(class.clone())
                    } else if name == "__init__" {
                        hir::FnKind::Init(class.clone())
                    } else {
                        hir::FnKind::Method(class.clone())
                    };
                    if let Some(id) = self.declare_callable(f, format!("{class}.{name}"), kind) {
                        if is_property(f) {
                            self.properties.insert(id);
                        }
                        self.note_method(ci, name, id);
                        methods.push((id, f));
                    }
                }
                ast::StmtKind::Pass => {}
                ast::StmtKind::Expr(e) if matches!(e.kind, A::Str(_)) => {}
                ast::StmtKind::Assign { targets, value } if matches!(targets.as_slice(), [t] if matches!(t.kind, A::Name(_))) =>
                {
                    // `SUITS = ["h", "s"]`: a class constant.
                    if let A::Name(n) = &targets[0].kind {
                        self.class_consts.push((
                            class.clone(),
                            n.clone(),
                            None,
                            value.clone(),
                            targets[0].span,
                        ));
                    }
                }
                _ => {
                    self.error(
                        Code::Unsupported,
                        "only field annotations and methods are supported in a class body",
                        stmt.span,
                        "statement in class body",
                    );
                }
            }
        }
        self.class_defaults.insert(class, defaults);
        methods
    }

    /// A class that contains itself without a list in between (a linked node, a tree) would be
    /// an infinitely large Rust struct; Roast rejects it until it maps such classes to boxes.
    pub(super) fn check_recursive_classes(&mut self) {
        fn inline_classes(t: &Ty, out: &mut Vec<String>) {
            match t {
                Ty::Class(c) => out.push(c.clone()),
                // `Optional[Node]` is boxed (`Option<Box<Node>>`): no infinite size.
                Ty::Optional(_) => {}
                Ty::Tuple(ts) => ts.iter().for_each(|t| inline_classes(t, out)),
                _ => {}
            }
        }
        for ci in 0..self.classes.len() {
            let name = self.classes[ci].name.clone();
            // Depth-first search over fields held inline.
            let mut stack: Vec<String> = Vec::new();
            for (_, t) in &self.classes[ci].fields {
                inline_classes(t, &mut stack);
            }
            let mut seen = std::collections::HashSet::new();
            let mut recursive = false;
            while let Some(c) = stack.pop() {
                if c == name {
                    recursive = true;
                    break;
                }
                if !seen.insert(c.clone()) {
                    continue;
                }
                if let Some(&cj) = self.class_ids.get(&c) {
                    for (_, t) in &self.classes[cj].fields {
                        inline_classes(t, &mut stack);
                    }
                }
            }
            if recursive {
                let span = self.classes[ci].span;
                self.error(Code::Unsupported, format!("class `{name}` contains itself without `Optional`, so no instance could ever be built"), span, "recursive class").help =
                    Some("make the field `Optional[...]` (it is `None` at the ends), or hold the children in a list".into());
            }
        }
    }

    /// Records method `id` of class `ci`, and what its dunder name provides.
    fn note_method(&mut self, ci: usize, name: &str, id: FuncId) {
        let c = &mut self.classes[ci];
        match name {
            "__init__" => c.init = Some(id),
            "__str__" => c.has_str = true,
            "__repr__" => c.has_repr = true,
            "__eq__" => c.has_eq = true,
            "__lt__" => c.has_lt = true,
            "__hash__" => c.has_hash = true,
            _ => {}
        }
        c.methods.push(id);
    }

    pub(super) fn class_of(&self, ty: &Ty) -> Option<usize> {
        match ty {
            Ty::Class(name) => self.class_ids.get(name).copied(),
            _ => None,
        }
    }

    pub(super) fn field_ty(&self, ci: usize, name: &str) -> Option<Ty> {
        self.classes[ci]
            .fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t.clone())
    }

    /// `Class(args)`: `__init__`'s parameters, or the dataclass fields.
    pub(super) fn construct(
        &mut self,
        class: &str,
        args: &[ast::Expr],
        keywords: &[ast::Keyword],
        span: Span,
    ) -> hir::Expr {
        let Some(&ci) = self.class_ids.get(class) else {
            return self.error_expr(span);
        };
        let info = self.classes[ci].clone();
        let ty = Ty::Class(class.to_string());
        if let Some(init) = info.init {
            let call = self.call_user_from(init, None, args, keywords, span);
            return match call.kind {
                H::Call { args, .. } => mk(
                    H::New {
                        class: class.to_string(),
                        args,
                    },
                    ty,
                    span,
                ),
                _ => call,
            };
        }
        if info.dataclass {
            let defaults = self.class_defaults.get(class).cloned().unwrap_or_default();
            let params: Vec<super::ParamSig> = info
                .fields
                .iter()
                .zip(defaults.into_iter().chain(std::iter::repeat(None)))
                .map(|((n, t), d)| super::ParamSig {
                    name: n.clone(),
                    ty: t.clone(),
                    default: d,
                    keyword_only: false,
                })
                .collect();
            let args = self.match_arguments(class, &params, info.span, args, keywords, span);
            return match args {
                Some(args) => mk(
                    H::New {
                        class: class.to_string(),
                        args,
                    },
                    ty,
                    span,
                ),
                None => self.error_expr(span),
            };
        }
        if !args.is_empty() || !keywords.is_empty() {
            self.error(
                Code::Arguments,
                format!("`{class}()` takes no arguments (it has no `__init__`)"),
                span,
                "unexpected arguments",
            );
        }
        mk(
            H::New {
                class: class.to_string(),
                args: Vec::new(),
            },
            ty,
            span,
        )
    }

    /// `obj.name` on a class instance.
    pub(super) fn field(&mut self, obj: hir::Expr, attr: &ast::Ident, span: Span) -> hir::Expr {
        let Some(ci) = self.class_of(&self.fcx.infer.resolve(&obj.ty)) else {
            return self.error_expr(span);
        };
        match self.field_ty(ci, &attr.name) {
            Some(ty) => mk(
                H::Field {
                    obj: Box::new(obj),
                    name: attr.name.clone(),
                },
                ty,
                span,
            ),
            // `@property def area(self)`: reading `obj.area` calls it.
            None if self
                .func_ids
                .get(&format!("{}.{}", self.classes[ci].name, attr.name))
                .is_some_and(|id| self.properties.contains(id)) =>
            {
                let key = format!("{}.{}", self.classes[ci].name, attr.name);
                let Some(&id) = self.func_ids.get(&key) else {
                    return self.error_expr(span);
                };
                let ret = self.sigs[id.0 as usize].ret.clone();
                mk(
                    H::Call {
                        func: id,
                        args: vec![obj],
                    },
                    ret,
                    span,
                )
            }
            None if self
                .class_const(&self.classes[ci].name, &attr.name)
                .is_some() =>
            {
                let class = self.classes[ci].name.clone();
                let Some((id, ty)) = self.class_const(&class, &attr.name) else {
                    return self.error_expr(span);
                };
                mk(H::Global(id), ty, span)
            }
            None => {
                let class = self.classes[ci].name.clone();
                let names: Vec<String> = self.classes[ci]
                    .fields
                    .iter()
                    .map(|(n, _)| n.clone())
                    .collect();
                let suggestion =
                    crate::diagnostics::did_you_mean(&attr.name, names.iter().map(String::as_str))
                        .map(str::to_string);
                let d = self.error(
                    Code::UnknownAttribute,
                    format!("`{class}` has no field `{}`", attr.name),
                    attr.span,
                    "unknown field",
                );
                if let Some(s) = suggestion {
                    d.help = Some(format!("did you mean `{s}`?"));
                }
                self.error_expr(span)
            }
        }
    }

    /// The place `obj.name = ...`; in `__init__`, a new field is declared by its first assignment.
    pub(super) fn field_place(
        &mut self,
        obj: &ast::Expr,
        attr: &ast::Ident,
        value_ty: Option<&Ty>,
    ) -> Option<hir::Place> {
        let o = self.expr(obj);
        let o = self.unwrap_opt(o);
        let ot = self.fcx.infer.resolve(&o.ty);
        let Some(ci) = self.class_of(&ot) else {
            if ot != Ty::Error {
                self.error(
                    Code::UnknownAttribute,
                    format!("`{ot}` has no attribute `{}`", attr.name),
                    attr.span,
                    "not a class instance",
                );
            }
            return None;
        };
        if self.classes[ci].frozen && self.fcx.init_of.is_none() {
            let class = self.classes[ci].name.clone();
            self.error(
                Code::TypeMismatch,
                format!(
                    "cannot assign to field `{}`: `{class}` is a frozen dataclass",
                    attr.name
                ),
                attr.span,
                "frozen",
            )
            .help = Some(
                "CPython raises FrozenInstanceError here; build a new instance instead".into(),
            );
            return None;
        }
        if self.field_ty(ci, &attr.name).is_none() {
            let in_own_init = self.fcx.init_of.as_deref() == Some(self.classes[ci].name.as_str())
                && matches!(&obj.kind, A::Name(n) if n == "self");
            match (in_own_init, value_ty) {
                (true, Some(t)) => {
                    let t = self.fcx.infer.resolve(t);
                    self.classes[ci].fields.push((attr.name.clone(), t));
                }
                _ => {
                    let class = self.classes[ci].name.clone();
                    self.error(Code::UnknownAttribute, format!("`{class}` has no field `{}`", attr.name), attr.span, "unknown field").help =
                        Some("declare the field in the class body (`name: type`) or assign it in `__init__`".into());
                    return None;
                }
            }
        }
        Some(hir::Place::Field {
            obj: Box::new(o),
            name: attr.name.clone(),
        })
    }

    /// `obj.method(args)` or `Class.static_method(args)`.
    pub(super) fn call_method(
        &mut self,
        class: &str,
        receiver: Option<hir::Expr>,
        attr: &ast::Ident,
        args: &[ast::Expr],
        keywords: &[ast::Keyword],
        span: Span,
    ) -> hir::Expr {
        let key = format!("{class}.{}", attr.name);
        let Some(&id) = self.func_ids.get(&key) else {
            if let Some(r) = receiver {
                if args.is_empty() && keywords.is_empty() {
                    // A field holding a value that is called: not supported.
                    let _ = r;
                }
            }
            let ci = self.class_ids.get(class).copied();
            let names: Vec<String> = ci
                .map(|ci| {
                    self.classes[ci]
                        .methods
                        .iter()
                        .map(|m| self.sigs[m.0 as usize].name.clone())
                        .collect()
                })
                .unwrap_or_default();
            let suggestion =
                crate::diagnostics::did_you_mean(&attr.name, names.iter().map(String::as_str))
                    .map(str::to_string);
            let d = self.error(
                Code::UnknownAttribute,
                format!("`{class}` has no method `{}`", attr.name),
                attr.span,
                "unknown method",
            );
            if let Some(s) = suggestion {
                d.help = Some(format!("did you mean `{s}`?"));
            }
            return self.error_expr(span);
        };
        let is_static = matches!(self.kinds.get(id.0 as usize), Some(hir::FnKind::Static(_)));
        match (receiver, is_static) {
            (Some(r), false) => self.call_user_from(id, Some(r), args, keywords, span),
            (None, true) => self.call_user_from(id, None, args, keywords, span),
            (Some(_), true) => self.call_user_from(id, None, args, keywords, span),
            (None, false) => {
                self.error(
                    Code::Arguments,
                    format!(
                        "`{class}.{}` is a method: call it on an instance",
                        attr.name
                    ),
                    span,
                    "no instance",
                );
                self.error_expr(span)
            }
        }
    }
}

/// `@property` on a method.
fn is_property(f: &ast::FunctionDef) -> bool {
    f.decorators
        .iter()
        .any(|d| matches!(&d.kind, A::Name(n) if n == "property"))
}
