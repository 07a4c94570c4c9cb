//! Built-in functions, methods of built-in types, and the `math` and `sys` modules: their
//! signatures and the resolution of each call to one `hir::Builtin` or `hir::Method`.

use super::expr::{mk, plural};
use super::{Checker, Ty};
use crate::diagnostics::Code;
use crate::hir::{self, Builtin as B, ExprKind as H, MathConst, Method as M};
use crate::source::Span;
use crate::syntax::ast::{self, ExprKind as A};

/// Built-in function names, for "did you mean" and for telling functions from values.
pub const BUILTIN_NAMES: &[&str] = &[
    "print", "len", "range", "abs", "min", "max", "sum", "str", "repr", "int", "float", "bool",
    "round", "sorted", "list", "ord", "chr", "divmod", "pow", "hex", "oct", "bin", "input", "any",
    "all", "set", "dict", "tuple", "map", "filter", "hash",
];

const MATH_FLOAT_1: &[&str] = &[
    "sqrt", "exp", "log2", "log10", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh",
    "tanh", "asinh", "acosh", "atanh", "fabs", "degrees", "radians", "log1p", "expm1", "erf",
    "erfc", "gamma", "lgamma",
];
const MATH_FLOAT_2: &[&str] = &["atan2", "hypot", "pow", "copysign", "fmod", "remainder"];
const MATH_PREDICATES: &[&str] = &["isfinite", "isinf", "isnan"];
const MATH_TO_INT: &[&str] = &["floor", "ceil", "trunc"];
const MATH_INT_2: &[&str] = &["gcd", "lcm", "comb", "perm"];
const MATH_INT_1: &[&str] = &["factorial", "isqrt"];
const MATH_CONSTS: &[&str] = &["pi", "e", "tau", "inf", "nan"];

/// The names a module provides, for "did you mean".
pub fn module_members(module: &str) -> Vec<&'static str> {
    match module {
        "math" => MATH_FLOAT_1
            .iter()
            .chain(MATH_FLOAT_2)
            .chain(MATH_PREDICATES)
            .chain(MATH_TO_INT)
            .chain(MATH_INT_2)
            .chain(MATH_INT_1)
            .chain(MATH_CONSTS)
            .chain(&["log", "isclose"])
            .copied()
            .collect(),
        "sys" => vec!["argv", "exit", "setrecursionlimit", "getrecursionlimit"],
        _ => Vec::new(),
    }
}

fn find(list: &[&'static str], name: &str) -> Option<&'static str> {
    list.iter().copied().find(|n| *n == name)
}

impl Checker<'_> {
    /// `math.pi`, `sys.argv`: a module attribute that is a value.
    pub(super) fn module_constant(&mut self, path: &str, span: Span) -> Option<hir::Expr> {
        let c = match path {
            "math.pi" => MathConst::Pi,
            "math.e" => MathConst::E,
            "math.tau" => MathConst::Tau,
            "math.inf" => MathConst::Inf,
            "math.nan" => MathConst::Nan,
            "sys.argv" => {
                return Some(mk(
                    H::Builtin {
                        func: B::SysArgv,
                        args: Vec::new(),
                    },
                    Ty::list(Ty::Str),
                    span,
                ))
            }
            "sys.stdin" => {
                return Some(mk(
                    H::Builtin {
                        func: B::StdinLines,
                        args: Vec::new(),
                    },
                    Ty::list(Ty::Str),
                    span,
                ))
            }
            _ => return None,
        };
        Some(mk(H::MathConst(c), Ty::Float, span))
    }

    pub(super) fn call(
        &mut self,
        func: &ast::Expr,
        args: &[ast::Expr],
        keywords: &[ast::Keyword],
        span: Span,
    ) -> hir::Expr {
        match &func.kind {
            A::Name(name)
                if matches!(
                    self.fcx
                        .scope
                        .get(name)
                        .map(|id| self.fcx.infer.resolve(&self.fcx.locals[id.0 as usize].ty)),
                    Some(Ty::Func(..))
                ) =>
            {
                let callee = self.expr(func);
                self.call_value(callee, args, span)
            }
            A::Name(name)
                if !self.fcx.scope.contains_key(name) && self.fcx.nested.contains_key(name) =>
            {
                let (id, captured) = self.fcx.nested[name].clone();
                let call = self.call_user(id, args, keywords, span);
                match call.kind {
                    H::Call { func, mut args } => {
                        let n = captured.len();
                        // Defaults were filled in for the captured parameters: replace them.
                        args.truncate(args.len().saturating_sub(n));
                        for l in captured {
                            let ty = self.fcx.locals[l.0 as usize].ty.clone();
                            args.push(mk(H::Local(l), ty, span));
                        }
                        mk(H::Call { func, args }, call.ty, span)
                    }
                    _ => call,
                }
            }
            A::Name(name) if !self.fcx.scope.contains_key(name) => {
                if matches!(name.as_str(), "map" | "filter") {
                    return self.map_filter(name, args, span);
                }
                if let Some(&id) = self.func_ids.get(name) {
                    return self.call_user(id, args, keywords, span);
                }
                if self.class_ids.contains_key(name) {
                    return self.construct(name, args, keywords, span);
                }
                if name == Self::UNPACK_CHECK {
                    let [seq, n] = args else {
                        return self.error_expr(span);
                    };
                    let v = self.expr(seq);
                    let len = match self.fcx.infer.resolve(&v.ty) {
                        Ty::Str => self.builtin(B::LenStr, vec![v], Ty::Int, span),
                        Ty::List(_) | Ty::TupleOf(_) => {
                            self.builtin(B::LenList, vec![v], Ty::Int, span)
                        }
                        Ty::Error => return self.error_expr(span),
                        other => {
                            self.error(
                                Code::TypeMismatch,
                                format!("cannot unpack a `{other}` with a starred name"),
                                seq.span,
                                "not a list, tuple or str",
                            );
                            return self.error_expr(span);
                        }
                    };
                    let n = self.expr_expect(n, &Ty::Int);
                    return self.builtin(B::UnpackAtLeast, vec![len, n], Ty::None, span);
                }
                if let Some(class) = self.exception_class(name) {
                    self.no_keywords(name, keywords);
                    return self.new_exception(class, args, span);
                }
                if let Some(path) = self.imported_names.get(name).cloned() {
                    if let Some((m, f)) = path.split_once('.') {
                        return self.module_call(m, f, func.span, args, keywords, span);
                    }
                }
                if matches!(name.as_str(), "enumerate" | "zip" | "reversed" | "range") {
                    return self.iterable_as_list(func, args, keywords, span);
                }
                if BUILTIN_NAMES.contains(&name.as_str()) {
                    return self.builtin_call(name, func.span, args, keywords, span);
                }
                if name == "isinstance" {
                    if let [value, class] = args {
                        let v = self.expr(value);
                        let vt = self.fcx.infer.resolve(&v.ty);
                        let names: Vec<&ast::Expr> = match &class.kind {
                            A::Tuple(items) => items.iter().collect(),
                            _ => vec![class],
                        };
                        // A caught exception may be of any subclass of the class caught: its
                        // class is looked at at run time.
                        if matches!(vt, Ty::Exception(_)) {
                            let classes: Option<Vec<String>> = names
                                .iter()
                                .map(|c| match &c.kind {
                                    A::Name(n) => self.exception_class(n).map(|_| n.clone()),
                                    _ => None,
                                })
                                .collect();
                            if let Some(classes) = classes {
                                let mut test: Option<hir::Expr> = None;
                                for class in classes {
                                    let one = mk(
                                        H::IsInstance {
                                            value: Box::new(v.clone()),
                                            class,
                                        },
                                        Ty::Bool,
                                        span,
                                    );
                                    test = Some(match test {
                                        None => one,
                                        Some(t) => {
                                            mk(H::Or(Box::new(t), Box::new(one)), Ty::Bool, span)
                                        }
                                    });
                                }
                                return test.unwrap_or_else(|| mk(H::Bool(false), Ty::Bool, span));
                            }
                        }
                        let matches = names.iter().any(|c| match &c.kind {
                            A::Name(n) => match (n.as_str(), &vt) {
                                ("int", Ty::Int)
                                | ("float", Ty::Float)
                                | ("bool", Ty::Bool)
                                | ("str", Ty::Str)
                                | ("list", Ty::List(_))
                                | ("dict", Ty::Dict(..))
                                | ("set", Ty::Set(_))
                                | ("tuple", Ty::Tuple(_) | Ty::TupleOf(_))
                                | ("object", _) => true,
                                ("int", Ty::Bool) => true,
                                (n, Ty::Class(c)) => {
                                    let mut k = Some(c.clone());
                                    let mut found = false;
                                    while let Some(cls) = k {
                                        if cls == n {
                                            found = true;
                                            break;
                                        }
                                        k = self.class_parent.get(&cls).cloned();
                                    }
                                    found
                                }
                                (n, Ty::Exception(e)) => {
                                    n == e || n == "Exception" || n == "BaseException"
                                }
                                _ => false,
                            },
                            _ => false,
                        });
                        // A base-class value may hold a subclass instance: ask at run time.
                        if let (false, Ty::Class(c), [cls]) = (matches, &vt, names.as_slice()) {
                            if let A::Name(n) = &cls.kind {
                                if self.derives_from_class(n, c) {
                                    return mk(
                                        H::IsInstance {
                                            value: Box::new(v),
                                            class: n.clone(),
                                        },
                                        Ty::Bool,
                                        span,
                                    );
                                }
                            }
                        }
                        // Otherwise types are static in Roast: `isinstance` is known at compile
                        // time.
                        return mk(H::Bool(matches), Ty::Bool, span);
                    }
                }
                if name == "isinstance" {
                    self.error(
                        Code::Unsupported,
                        format!("`{name}()` is not supported by Roast yet"),
                        func.span,
                        "not yet available",
                    );
                    return self.error_expr(span);
                }
                if name == "eval"
                    || name == "exec"
                    || name == "getattr"
                    || name == "setattr"
                    || name == "globals"
                    || name == "locals"
                {
                    self.error(Code::Unsupported, format!("`{name}()` is not supported by Roast: it needs a dynamic runtime"), func.span, "dynamic feature").help =
                        Some("Roast compiles to native code ahead of time; write the operation out explicitly".into());
                    return self.error_expr(span);
                }
                self.unknown_name(name, func.span);
                self.error_expr(span)
            }
            A::Attribute { value, attr } if matches!(&value.kind, A::Call { func, args, .. } if args.is_empty() && matches!(&func.kind, A::Name(n) if n == "super")) =>
            {
                // `super().name(...)`: the base class's version, with this `self`.
                let this = self.fcx.scope.get("self").copied();
                let class = this.and_then(|id| {
                    match self.fcx.infer.resolve(&self.fcx.locals[id.0 as usize].ty) {
                        Ty::Class(c) => Some(c),
                        _ => None,
                    }
                });
                let (Some(this), Some(class)) = (this, class) else {
                    self.error(
                        Code::Unsupported,
                        "`super()` is only supported inside a method",
                        func.span,
                        "super()",
                    );
                    return self.error_expr(span);
                };
                let from = self.fcx.defined_in.clone().unwrap_or_else(|| class.clone());
                let Some(&id) = self
                    .func_ids
                    .get(&format!("{class}.__super_{from}_{}__", attr.name))
                else {
                    self.error(
                        Code::UnknownAttribute,
                        format!("the base class of `{class}` has no method `{}`", attr.name),
                        attr.span,
                        "not in the base class",
                    );
                    return self.error_expr(span);
                };
                let receiver = mk(H::Local(this), Ty::Class(class), value.span);
                self.call_user_from(id, Some(receiver), args, keywords, span)
            }
            A::Attribute { value, attr } if matches!(&value.kind, A::Attribute { value: m, attr: s } if s.name == "stdin" && matches!(&m.kind, A::Name(n) if n == "sys" && self.modules.contains(n))) =>
            {
                let (func, ty) = match attr.name.as_str() {
                    "read" => (B::StdinRead, Ty::Str),
                    "readline" => (B::StdinReadline, Ty::Str),
                    "readlines" => (B::StdinLines, Ty::list(Ty::Str)),
                    other => {
                        self.error(Code::UnknownAttribute, format!("`sys.stdin.{other}` is not available in Roast"), attr.span, "unknown method").help =
                            Some("Roast offers `sys.stdin.read()`, `.readline()`, `.readlines()`, `for line in sys.stdin`, and `input()`".into());
                        return self.error_expr(span);
                    }
                };
                if !args.is_empty() {
                    self.error(
                        Code::Arguments,
                        format!("`sys.stdin.{}()` takes no arguments here", attr.name),
                        span,
                        "arguments",
                    );
                }
                self.builtin(func, Vec::new(), ty, span)
            }
            A::Attribute { value, attr } => {
                if let A::Name(m) = &value.kind {
                    if self.modules.contains(m) && !self.fcx.scope.contains_key(m) {
                        return self.module_call(m, &attr.name, attr.span, args, keywords, span);
                    }
                }
                if let A::Name(c) = &value.kind {
                    if self.class_ids.contains_key(c) && !self.fcx.scope.contains_key(c) {
                        return self.call_method(&c.clone(), None, attr, args, keywords, span);
                    }
                }
                let receiver = self.expr(value);
                let receiver = self.unwrap_opt(receiver);
                let receiver = self.exception_object(receiver);
                if let Ty::Class(c) = self.fcx.infer.resolve(&receiver.ty) {
                    return self.call_method(&c, Some(receiver), attr, args, keywords, span);
                }
                self.method_call(receiver, attr, args, keywords, span)
            }
            _ => {
                let f = self.expr(func);
                if let Ty::Func(..) = self.fcx.infer.resolve(&f.ty) {
                    return self.call_value(f, args, span);
                }
                if f.ty != Ty::Error {
                    self.error(
                        Code::TypeMismatch,
                        format!("a `{}` is not callable", self.fcx.infer.resolve(&f.ty)),
                        func.span,
                        "not a function",
                    );
                }
                self.error_expr(span)
            }
        }
    }

    fn no_keywords(&mut self, name: &str, keywords: &[ast::Keyword]) {
        if let Some(k) = keywords.first() {
            self.error(
                Code::Arguments,
                format!("`{name}()` takes no keyword argument `{}`", k.name.name),
                k.name.span,
                "unexpected keyword",
            );
        }
    }

    fn arity(
        &mut self,
        name: &str,
        args: &[ast::Expr],
        min: usize,
        max: usize,
        span: Span,
    ) -> bool {
        if args.len() < min || args.len() > max {
            let expected = if min == max {
                format!("{min}")
            } else {
                format!("{min} to {max}")
            };
            self.error(
                Code::Arguments,
                format!(
                    "`{name}()` takes {expected} argument{} ({} given)",
                    plural(max),
                    args.len()
                ),
                span,
                "wrong number of arguments",
            );
            return false;
        }
        true
    }

    fn builtin(&self, func: B, args: Vec<hir::Expr>, ty: Ty, span: Span) -> hir::Expr {
        mk(H::Builtin { func, args }, ty, span)
    }

    fn builtin_call(
        &mut self,
        name: &str,
        name_span: Span,
        args: &[ast::Expr],
        keywords: &[ast::Keyword],
        span: Span,
    ) -> hir::Expr {
        if name == "print" {
            let args: Vec<hir::Expr> = args
                .iter()
                .map(|a| match &a.kind {
                    A::Starred(inner) => {
                        let v = self.expr(inner);
                        match self.fcx.infer.resolve(&v.ty) {
                            Ty::List(_) | Ty::Set(_) | Ty::TupleOf(_) => {
                                mk(H::Spread(Box::new(v)), Ty::None, a.span)
                            }
                            Ty::Error => v,
                            other => {
                                self.error(
                                    Code::TypeMismatch,
                                    format!("`print(*...)` needs a list here, found `{other}`"),
                                    inner.span,
                                    "not a list",
                                );
                                self.error_expr(a.span)
                            }
                        }
                    }
                    _ => self.expr(a),
                })
                .collect();
            let (mut sep, mut end) = (None, None);
            for k in keywords {
                let v = self.expr_expect(&k.value, &Ty::Str);
                match k.name.name.as_str() {
                    "sep" => sep = Some(Box::new(v)),
                    "end" => end = Some(Box::new(v)),
                    "flush" | "file" => {
                        self.error(
                            Code::Unsupported,
                            format!(
                                "`print(..., {}=...)` is not supported by Roast",
                                k.name.name
                            ),
                            k.name.span,
                            "unsupported keyword",
                        );
                    }
                    other => {
                        self.error(
                            Code::Arguments,
                            format!("`print()` has no keyword argument `{other}`"),
                            k.name.span,
                            "unknown keyword",
                        )
                        .help = Some("`print` takes `sep=` and `end=`".into());
                    }
                }
            }
            for a in &args {
                if self.fcx.infer.resolve(&a.ty).contains_var() {
                    self.error(
                        Code::CannotInfer,
                        "cannot infer the type of this value",
                        a.span,
                        "type unknown",
                    );
                }
            }
            return mk(H::Print { args, sep, end }, Ty::None, span);
        }
        if name == "round" {
            if !self.arity(name, args, 1, 2, span) {
                return self.error_expr(span);
            }
            self.no_keywords(name, keywords);
            let x = self.expr(&args[0]);
            let xt = self.fcx.infer.resolve(&x.ty);
            return match (xt, args.get(1)) {
                (Ty::Float, None) => self.builtin(B::RoundFloat, vec![x], Ty::Int, span),
                (Ty::Float, Some(n)) => {
                    let n = self.expr_expect(n, &Ty::Int);
                    self.builtin(B::RoundFloatDigits, vec![x, n], Ty::Float, span)
                }
                (Ty::Int, None) => x,
                (Ty::Int, Some(n)) => {
                    let n = self.expr_expect(n, &Ty::Int);
                    self.builtin(B::RoundIntDigits, vec![x, n], Ty::Int, span)
                }
                (Ty::Error, _) => self.error_expr(span),
                (t, _) => {
                    self.error(
                        Code::TypeMismatch,
                        format!("`round()` needs a number, found `{t}`"),
                        args[0].span,
                        "not a number",
                    );
                    self.error_expr(span)
                }
            };
        }
        if matches!(name, "sorted" | "min" | "max" | "any" | "all") && args.len() == 1 {
            return self.iterable_builtin(name, &args[0], keywords, span);
        }
        if matches!(name, "min" | "max") && args.len() > 1 && !keywords.is_empty() {
            let list = ast::Expr {
                kind: A::List(args.to_vec()),
                span,
            };
            return self.iterable_builtin(name, &list, keywords, span);
        }
        self.no_keywords(name, keywords);
        let (min, max) = match name {
            "input" => (0, 1),
            "min" | "max" => (1, usize::MAX),
            "int" => (1, 2),
            "divmod" => (2, 2),
            "pow" => (2, 3),
            "str" | "float" | "bool" | "list" | "set" | "dict" | "tuple" => (0, 1),
            _ => (1, 1),
        };
        if !self.arity(name, args, min, max, span) {
            return self.error_expr(span);
        }
        let checked: Vec<hir::Expr> = args.iter().map(|a| self.expr(a)).collect();
        let checked: Vec<hir::Expr> = checked.into_iter().map(|a| self.unwrap_opt(a)).collect();
        let types: Vec<Ty> = checked
            .iter()
            .map(|a| self.fcx.infer.resolve(&a.ty))
            .collect();
        if types.iter().any(|t| *t == Ty::Error) {
            return self.error_expr(span);
        }
        let mut it = checked.into_iter();
        let first = it.next();
        let bad = |cx: &mut Self, what: &str, t: &Ty, at: Span| {
            cx.error(
                Code::TypeMismatch,
                format!("`{name}()` {what}, found `{t}`"),
                at,
                format!("a `{t}`"),
            );
            cx.error_expr(span)
        };
        match (name, first, types.first()) {
            ("hash", Some(x), Some(Ty::Class(class)))
                if self.func_ids.contains_key(&format!("{class}.__hash__")) =>
            {
                let id = self.func_ids[&format!("{class}.__hash__")];
                self.call_checked(id, vec![x], span)
            }
            ("hash", Some(x), Some(Ty::Int | Ty::Bool)) => {
                self.builtin(B::HashInt, vec![x], Ty::Int, span)
            }
            ("hash", Some(x), Some(t)) => {
                let t = t.clone();
                if !numbers_only(&t) {
                    self.check_hashable(&Ty::Set(Box::new(t)), span);
                }
                self.builtin(B::HashValue, vec![x], Ty::Int, span)
            }
            ("len", Some(x), Some(Ty::Class(class)))
                if self.func_ids.contains_key(&format!("{class}.__len__")) =>
            {
                let id = self.func_ids[&format!("{class}.__len__")];
                self.call_checked(id, vec![x], span)
            }
            ("len", Some(x), Some(t)) => match t {
                Ty::List(_) | Ty::TupleOf(_) => self.builtin(B::LenList, vec![x], Ty::Int, span),
                Ty::Str => self.builtin(B::LenStr, vec![x], Ty::Int, span),
                Ty::Tuple(ts) => mk(H::Int(i64::try_from(ts.len()).unwrap_or(0)), Ty::Int, span),
                Ty::Dict(..) => self.builtin(B::LenDict, vec![x], Ty::Int, span),
                Ty::Set(_) => self.builtin(B::LenSet, vec![x], Ty::Int, span),
                t => bad(self, "needs a list or str", t, args[0].span),
            },
            ("abs", Some(x), Some(t)) => match t {
                Ty::Int => self.builtin(B::AbsInt, vec![x], Ty::Int, span),
                Ty::Bool => {
                    let x = mk(H::BoolToInt(Box::new(x)), Ty::Int, span);
                    self.builtin(B::AbsInt, vec![x], Ty::Int, span)
                }
                Ty::Float => self.builtin(B::AbsFloat, vec![x], Ty::Float, span),
                t => bad(self, "needs a number", t, args[0].span),
            },
            ("min" | "max", Some(x), Some(_)) => {
                let mut all = vec![x];
                all.extend(it);
                let ty = if types.iter().all(|t| *t == Ty::Int || *t == Ty::Bool)
                    && types.contains(&Ty::Int)
                {
                    Ty::Int
                } else if types.iter().all(|t| *t == types[0]) {
                    types[0].clone()
                } else if types.iter().all(Ty::is_numeric) {
                    // Python returns the winning operand unchanged: an int stays an int.
                    self.error(
                        Code::TypeMismatch,
                        format!("`{name}()` of ints and floats: Python returns the winner unchanged, so the result type depends on the values"),
                        span,
                        "mixed int and float",
                    )
                    .help = Some("make the arguments all floats (e.g. `0.0` instead of `0`, or `float(x)`)".into());
                    return self.error_expr(span);
                } else {
                    self.error(
                        Code::TypeMismatch,
                        format!("`{name}()` arguments must have one type"),
                        span,
                        "mixed types",
                    );
                    return self.error_expr(span);
                };
                if !matches!(ty, Ty::Int | Ty::Float | Ty::Str) {
                    return bad(self, "needs numbers or strings", &ty, span);
                }
                let all = all
                    .into_iter()
                    .map(|a| {
                        if a.ty == Ty::Bool {
                            mk(H::BoolToInt(Box::new(a)), Ty::Int, span)
                        } else {
                            a
                        }
                    })
                    .collect();
                let f = if name == "min" { B::MinOf } else { B::MaxOf };
                self.builtin(f, all, ty, span)
            }
            ("sum", Some(x), Some(Ty::Set(e))) => {
                let e = (**e).clone();
                let list = mk(
                    H::Method {
                        method: M::SetToList,
                        receiver: Box::new(x),
                        args: vec![],
                    },
                    Ty::list(e.clone()),
                    span,
                );
                match e {
                    Ty::Int => self.builtin(B::SumInt, vec![list], Ty::Int, span),
                    Ty::Float => self.builtin(B::SumFloat, vec![list], Ty::Float, span),
                    t => bad(self, "needs numbers", &t, args[0].span),
                }
            }
            ("sum", Some(x), Some(t)) => match t {
                Ty::List(e) | Ty::TupleOf(e) if **e == Ty::Int => {
                    self.builtin(B::SumInt, vec![x], Ty::Int, span)
                }
                Ty::List(e) | Ty::TupleOf(e) if **e == Ty::Float => {
                    self.builtin(B::SumFloat, vec![x], Ty::Float, span)
                }
                t => bad(self, "needs a list of numbers", t, args[0].span),
            },
            ("str", None, _) => mk(H::Str(String::new()), Ty::Str, span),
            ("str", Some(x), _) => self.builtin(B::Str, vec![x], Ty::Str, span),
            ("repr", Some(x), _) => self.builtin(B::Repr, vec![x], Ty::Str, span),
            ("bool", None, _) => mk(H::Bool(false), Ty::Bool, span),
            ("bool", Some(x), _) => self.truthy(x),
            ("float", None, _) => mk(H::Float(0.0), Ty::Float, span),
            ("float", Some(x), Some(t)) => match t {
                Ty::Float => x,
                Ty::Int | Ty::Bool => {
                    // The call's span marks the conversion explicit: `float(n) == f` compares
                    // the rounded value (`hir::Expr::implicit_int_to_float`).
                    let mut e = self.to_float(x);
                    e.span = span;
                    e
                }
                Ty::Str => self.builtin(B::FloatFromStr, vec![x], Ty::Float, span),
                t => bad(self, "needs a number or str", t, args[0].span),
            },
            ("int", Some(x), Some(t)) => match (t, it.next()) {
                (Ty::Int, None) => x,
                (Ty::Bool, None) => mk(H::BoolToInt(Box::new(x)), Ty::Int, span),
                (Ty::Float, None) => self.builtin(B::IntFromFloat, vec![x], Ty::Int, span),
                (Ty::Str, None) => self.builtin(B::IntFromStr, vec![x], Ty::Int, span),
                (Ty::Str, Some(base)) => {
                    if types[1] != Ty::Int {
                        return bad(self, "needs an int base", &types[1], args[1].span);
                    }
                    self.builtin(B::IntFromStrBase, vec![x, base], Ty::Int, span)
                }
                (t, _) => bad(self, "needs a number or str", t, args[0].span),
            },
            ("list", None, _) => {
                let elem = self.fcx.infer.fresh();
                mk(H::List(Vec::new()), Ty::list(elem), span)
            }
            ("tuple", None, _) => mk(H::Tuple(Vec::new()), Ty::Tuple(Vec::new()), span),
            ("tuple", Some(x), Some(Ty::Tuple(_) | Ty::TupleOf(_))) => x,
            // `tuple(xs)`: the items as a list, then as a tuple.
            ("tuple", Some(x), Some(t)) => {
                let list = match t {
                    Ty::List(_) => x,
                    _ => {
                        let t = t.clone();
                        let Some(list) = self.as_list(x, &t) else {
                            return bad(self, "needs an iterable", &t, args[0].span);
                        };
                        list
                    }
                };
                let Ty::List(e) = self.fcx.infer.resolve(&list.ty) else {
                    return self.error_expr(span);
                };
                self.builtin(B::ToTupleOf, vec![list], Ty::TupleOf(e), span)
            }
            ("list", Some(x), Some(Ty::List(_))) => {
                let ty = types[0].clone();
                self.builtin(B::ListCopy, vec![x], ty, span)
            }
            ("list", Some(x), Some(t)) => {
                let t = t.clone();
                match self.as_list(x, &t) {
                    Some(list) => list,
                    None => bad(self, "needs a list or str", &t, args[0].span),
                }
            }
            ("set", None, _) => {
                let elem = self.fcx.infer.fresh();
                mk(H::Set(Vec::new()), Ty::Set(Box::new(elem)), span)
            }
            ("set", Some(x), Some(t)) => match t {
                Ty::List(e) | Ty::TupleOf(e) => {
                    let ty = Ty::Set(e.clone());
                    self.check_hashable(&ty, span);
                    self.builtin(B::SetFromList, vec![x], ty, span)
                }
                Ty::Str => {
                    let chars = self.builtin(B::ListFromStr, vec![x], Ty::list(Ty::Str), span);
                    self.builtin(
                        B::SetFromList,
                        vec![chars],
                        Ty::Set(Box::new(Ty::Str)),
                        span,
                    )
                }
                Ty::Set(_) => mk(
                    H::Method {
                        method: M::SetCopy,
                        receiver: Box::new(x),
                        args: vec![],
                    },
                    t.clone(),
                    span,
                ),
                Ty::Dict(k, _) => {
                    let keys = mk(
                        H::Method {
                            method: M::DictKeys,
                            receiver: Box::new(x),
                            args: vec![],
                        },
                        Ty::list((**k).clone()),
                        span,
                    );
                    self.builtin(B::SetFromList, vec![keys], Ty::Set(k.clone()), span)
                }
                t => bad(self, "needs an iterable", t, args[0].span),
            },
            ("dict", None, _) => {
                let (k, v) = (self.fcx.infer.fresh(), self.fcx.infer.fresh());
                mk(
                    H::Dict(Vec::new()),
                    Ty::Dict(Box::new(k), Box::new(v)),
                    span,
                )
            }
            ("dict", Some(x), Some(t)) => match t {
                Ty::Dict(..) => mk(
                    H::Method {
                        method: M::DictCopy,
                        receiver: Box::new(x),
                        args: vec![],
                    },
                    t.clone(),
                    span,
                ),
                Ty::List(item) if matches!(&**item, Ty::Tuple(kv) if kv.len() == 2) => {
                    let Ty::Tuple(kv) = &**item else {
                        return self.error_expr(span);
                    };
                    let ty = Ty::Dict(Box::new(kv[0].clone()), Box::new(kv[1].clone()));
                    self.check_hashable(&ty, span);
                    self.builtin(B::DictFromList, vec![x], ty, span)
                }
                t => bad(self, "needs a dict here", t, args[0].span),
            },
            ("ord", Some(x), Some(Ty::Str)) => self.builtin(B::Ord, vec![x], Ty::Int, span),
            ("chr", Some(x), Some(Ty::Int)) => self.builtin(B::Chr, vec![x], Ty::Str, span),
            ("hex", Some(x), Some(Ty::Int)) => self.builtin(B::Hex, vec![x], Ty::Str, span),
            ("oct", Some(x), Some(Ty::Int)) => self.builtin(B::Oct, vec![x], Ty::Str, span),
            ("bin", Some(x), Some(Ty::Int)) => self.builtin(B::Bin, vec![x], Ty::Str, span),
            ("divmod", Some(x), Some(t)) => {
                let Some(y) = it.next() else {
                    return self.error_expr(span);
                };
                match (t, &types[1]) {
                    (Ty::Int, Ty::Int) => self.builtin(
                        B::DivmodInt,
                        vec![x, y],
                        Ty::Tuple(vec![Ty::Int, Ty::Int]),
                        span,
                    ),
                    (a, b) if a.is_numeric() && b.is_numeric() => {
                        let (x, y) = (self.to_float(x), self.to_float(y));
                        self.builtin(
                            B::DivmodFloat,
                            vec![x, y],
                            Ty::Tuple(vec![Ty::Float, Ty::Float]),
                            span,
                        )
                    }
                    (t, _) => bad(self, "needs numbers", t, args[0].span),
                }
            }
            // `pow(b, e, m)`: modular exponentiation, on ints.
            ("pow", Some(x), Some(_)) if types.len() == 3 => {
                if let Some((i, t)) = types.iter().enumerate().find(|(_, t)| **t != Ty::Int) {
                    return bad(self, "with three arguments needs ints", t, args[i].span);
                }
                let rest: Vec<hir::Expr> = it.collect();
                let mut all = vec![x];
                all.extend(rest);
                self.builtin(B::PowMod, all, Ty::Int, span)
            }
            ("pow", Some(x), Some(_)) => {
                let Some(y) = it.next() else {
                    return self.error_expr(span);
                };
                self.binary(ast::BinOp::Pow, x, y, span)
            }
            ("input", None, _) => {
                let prompt = mk(H::Str(String::new()), Ty::Str, span);
                self.builtin(B::Input, vec![prompt], Ty::Str, span)
            }
            ("input", Some(x), Some(Ty::Str)) => self.builtin(B::Input, vec![x], Ty::Str, span),
            (_, Some(_), Some(t)) => {
                let what = match name {
                    "ord" | "input" => "needs a str",
                    _ => "needs an int",
                };
                bad(self, what, t, args[0].span)
            }
            _ => {
                self.error(
                    Code::Arguments,
                    format!("`{name}()` needs an argument"),
                    name_span,
                    "missing argument",
                );
                self.error_expr(span)
            }
        }
    }

    /// `map(f, xs)` and `filter(f, xs)`: the lists they would yield.
    fn map_filter(&mut self, name: &str, args: &[ast::Expr], span: Span) -> hir::Expr {
        let [f, xs] = args else {
            self.error(
                Code::Arguments,
                format!("`{name}()` takes a function and one iterable here"),
                span,
                "wrong arguments",
            );
            return self.error_expr(span);
        };
        let Some((iter, item)) = self.iterable(xs) else {
            return self.error_expr(span);
        };
        let key = self.key_function_any(f, &item);
        let H::Lambda { params, body } = key.kind else {
            return self.error_expr(span);
        };
        let Some(&p) = params.first() else {
            return self.error_expr(span);
        };
        let target = hir::Target::Local(p);
        if name == "map" {
            let ty = Ty::list(body.ty.clone());
            mk(
                H::Comprehension {
                    elt: body,
                    gens: vec![hir::CompFor {
                        target,
                        iter,
                        ifs: Vec::new(),
                    }],
                },
                ty,
                span,
            )
        } else {
            let cond = self.truthy(*body);
            let elt = mk(H::Local(p), item.clone(), span);
            mk(
                H::Comprehension {
                    elt: Box::new(elt),
                    gens: vec![hir::CompFor {
                        target,
                        iter,
                        ifs: vec![cond],
                    }],
                },
                Ty::list(item),
                span,
            )
        }
    }

    /// `enumerate(..)`, `zip(..)`, `reversed(..)` outside a `for`: the list they would yield.
    fn iterable_as_list(
        &mut self,
        func: &ast::Expr,
        args: &[ast::Expr],
        keywords: &[ast::Keyword],
        span: Span,
    ) -> hir::Expr {
        let call = ast::Expr {
            kind: A::Call {
                func: Box::new(func.clone()),
                args: args.to_vec(),
                keywords: keywords.to_vec(),
            },
            span,
        };
        let Some((iter, item)) = self.iterable(&call) else {
            return self.error_expr(span);
        };
        let mut saved = Vec::new();
        let id = self.new_scoped_local("item", item.clone(), span, &mut saved);
        self.restore_scope(saved);
        let elt = mk(H::Local(id), item.clone(), span);
        let gens = vec![hir::CompFor {
            target: hir::Target::Local(id),
            iter,
            ifs: Vec::new(),
        }];
        mk(
            H::Comprehension {
                elt: Box::new(elt),
                gens,
            },
            Ty::list(item),
            span,
        )
    }

    /// `sorted`, `min`, `max`, `any`, `all` of one iterable, with `key=`/`reverse=`/`default=`.
    fn iterable_builtin(
        &mut self,
        name: &str,
        arg: &ast::Expr,
        keywords: &[ast::Keyword],
        span: Span,
    ) -> hir::Expr {
        let xs = self.expr(arg);
        let t = self.fcx.infer.resolve(&xs.ty);
        let (xs, t) = match &t {
            Ty::Dict(k, _) => (
                mk(
                    H::Method {
                        method: M::DictKeys,
                        receiver: Box::new(xs),
                        args: vec![],
                    },
                    Ty::list((**k).clone()),
                    arg.span,
                ),
                Ty::list((**k).clone()),
            ),
            Ty::Set(e) => (
                mk(
                    H::Method {
                        method: M::SetToList,
                        receiver: Box::new(xs),
                        args: vec![],
                    },
                    Ty::list((**e).clone()),
                    arg.span,
                ),
                Ty::list((**e).clone()),
            ),
            // `min((a, b, c))`: a tuple whose items share a type.
            Ty::Tuple(ts) if !ts.is_empty() && ts.iter().all(|t| *t == ts[0]) => {
                let ty = Ty::TupleOf(Box::new(ts[0].clone()));
                (self.coerce(xs, &ty), ty)
            }
            _ => (xs, t),
        };
        let elem = match &t {
            Ty::List(e) | Ty::TupleOf(e) => (**e).clone(),
            Ty::Str => Ty::Str,
            Ty::Error => return self.error_expr(span),
            other => {
                self.error(
                    Code::TypeMismatch,
                    format!("`{name}()` needs a list here, found `{other}`"),
                    arg.span,
                    format!("a `{other}`"),
                );
                return self.error_expr(span);
            }
        };
        let xs = if t == Ty::Str {
            self.builtin(B::ListFromStr, vec![xs], Ty::list(Ty::Str), arg.span)
        } else {
            xs
        };
        let none = || mk(H::None, Ty::None, span);
        let mut key = none();
        let mut reverse = mk(H::Bool(false), Ty::Bool, span);
        let mut default = None;
        for k in keywords {
            match (name, k.name.name.as_str()) {
                ("sorted" | "min" | "max", "key") => {
                    // `max(d, key=d.get)`: over the dict's own keys, `get` always finds the key.
                    let own_get = matches!((&arg.kind, &k.value.kind), (A::Name(d), A::Attribute { value, attr })
                        if attr.name == "get" && matches!(&value.kind, A::Name(v) if v == d));
                    key = if own_get {
                        let A::Attribute { value, .. } = &k.value.kind else {
                            return self.error_expr(span);
                        };
                        let lookup = ast::Expr {
                            kind: A::Lambda {
                                params: vec![ast::Ident {
                                    name: "key".into(),
                                    span: k.value.span,
                                }],
                                body: Box::new(ast::Expr {
                                    kind: A::Subscript {
                                        value: value.clone(),
                                        index: Box::new(ast::Expr {
                                            kind: A::Name("key".into()),
                                            span: k.value.span,
                                        }),
                                    },
                                    span: k.value.span,
                                }),
                            },
                            span: k.value.span,
                        };
                        self.key_function(&lookup, &elem)
                    } else {
                        self.key_function(&k.value, &elem)
                    }
                }
                ("sorted", "reverse") => reverse = self.expr_expect(&k.value, &Ty::Bool),
                // `default=None` makes the result `Optional[T]`.
                ("min" | "max", "default")
                    if is_none_literal(&k.value)
                        && !self.fcx.infer.resolve(&elem).is_optional() =>
                {
                    default = Some(mk(H::None, Ty::None, k.value.span));
                }
                ("min" | "max", "default") => default = Some(self.expr_expect(&k.value, &elem)),
                (_, other) => {
                    self.error(
                        Code::Arguments,
                        format!("`{name}()` has no keyword argument `{other}`"),
                        k.name.span,
                        "unknown keyword",
                    );
                }
            }
        }
        let elem = self.fcx.infer.resolve(&elem);
        match name {
            "any" | "all" => {
                let f = if name == "any" { B::Any } else { B::All };
                self.builtin(f, vec![xs], Ty::Bool, span)
            }
            "sorted" => {
                if matches!(key.kind, H::None) && !orderable_elem(&elem) {
                    self.error(
                        Code::TypeMismatch,
                        format!("a `list[{elem}]` cannot be sorted"),
                        arg.span,
                        "elements are not ordered",
                    )
                    .help = Some("pass a `key=` function".into());
                }
                let ty = Ty::list(elem);
                self.builtin(B::Sorted, vec![xs, reverse, key], ty, span)
            }
            _ => {
                if matches!(key.kind, H::None) && !orderable_elem(&elem) {
                    self.error(
                        Code::TypeMismatch,
                        format!("`{name}()` of `{elem}` values needs a `key=` function"),
                        arg.span,
                        "elements are not ordered",
                    );
                }
                let f = if name == "min" {
                    B::MinList
                } else {
                    B::MaxList
                };
                let ty = match &default {
                    Some(d) if d.ty == Ty::None => Ty::Optional(Box::new(elem)),
                    _ => elem,
                };
                let default = default.unwrap_or_else(none);
                self.builtin(f, vec![xs, key, default], ty, span)
            }
        }
    }

    /// A container method with fixed parameter types: checks the count, then each argument.
    #[allow(clippy::too_many_arguments)]
    fn fixed_method(
        &mut self,
        full: &str,
        method: M,
        receiver: hir::Expr,
        args: &[ast::Expr],
        params: &[Ty],
        ret: &Ty,
        span: Span,
    ) -> hir::Expr {
        if !self.arity(full, args, params.len(), params.len(), span) {
            return self.error_expr(span);
        }
        let args = args
            .iter()
            .zip(params)
            .map(|(a, p)| self.expr_expect(a, p))
            .collect();
        let ret = self.fcx.infer.resolve(ret);
        let receiver = Box::new(receiver);
        mk(
            H::Method {
                method,
                receiver,
                args,
            },
            ret,
            span,
        )
    }

    /// "`list` has no method `apend`", with the closest known name as help.
    fn unknown_method(
        &mut self,
        ty: &str,
        name: &str,
        known: &[&str],
        at: Span,
        span: Span,
    ) -> hir::Expr {
        let suggestion = crate::diagnostics::did_you_mean(name, known.iter().copied());
        let d = self.error(
            Code::UnknownAttribute,
            format!("`{ty}` has no method `{name}`"),
            at,
            "unknown method",
        );
        if let Some(s) = suggestion {
            d.help = Some(format!("did you mean `{s}`?"));
        }
        self.error_expr(span)
    }

    fn module_call(
        &mut self,
        module: &str,
        name: &str,
        name_span: Span,
        args: &[ast::Expr],
        keywords: &[ast::Keyword],
        span: Span,
    ) -> hir::Expr {
        if module == "sys" {
            return match name {
                "exit" => {
                    self.no_keywords("sys.exit", keywords);
                    if !self.arity("sys.exit", args, 0, 1, span) {
                        return self.error_expr(span);
                    }
                    let code = match args.first() {
                        Some(a) => self.expr_expect(a, &Ty::Int),
                        None => mk(H::Int(0), Ty::Int, span),
                    };
                    self.builtin(B::SysExit, vec![code], Ty::None, span)
                }
                "setrecursionlimit" => {
                    self.no_keywords("sys.setrecursionlimit", keywords);
                    if !self.arity("sys.setrecursionlimit", args, 1, 1, span) {
                        return self.error_expr(span);
                    }
                    let n = self.expr_expect(&args[0], &Ty::Int);
                    self.builtin(B::SysSetRecursionLimit, vec![n], Ty::None, span)
                }
                "getrecursionlimit" => {
                    self.no_keywords("sys.getrecursionlimit", keywords);
                    if !self.arity("sys.getrecursionlimit", args, 0, 0, span) {
                        return self.error_expr(span);
                    }
                    self.builtin(B::SysGetRecursionLimit, Vec::new(), Ty::Int, span)
                }
                _ => {
                    self.error(
                        Code::UnknownAttribute,
                        format!("`sys.{name}` is not available in Roast"),
                        name_span,
                        "unknown function",
                    )
                    .help = Some(
                        "Roast provides `sys.argv`, `sys.exit`, `sys.setrecursionlimit` and \
                         `sys.getrecursionlimit`"
                            .into(),
                    );
                    self.error_expr(span)
                }
            };
        }
        let full = format!("math.{name}");
        if name == "isclose" {
            let mut all: Vec<hir::Expr> = Vec::new();
            if !self.arity(&full, args, 2, 2, span) {
                return self.error_expr(span);
            }
            for a in args {
                let e = self.expr(a);
                all.push(self.float_arg(e, &full));
            }
            let mut rel = mk(H::Float(1e-9), Ty::Float, span);
            let mut abs = mk(H::Float(0.0), Ty::Float, span);
            for k in keywords {
                let e = self.expr(&k.value);
                let e = self.float_arg(e, &full);
                match k.name.name.as_str() {
                    "rel_tol" => rel = e,
                    "abs_tol" => abs = e,
                    other => {
                        self.error(
                            Code::Arguments,
                            format!("`math.isclose()` has no keyword argument `{other}`"),
                            k.name.span,
                            "unknown keyword",
                        );
                    }
                }
            }
            all.push(rel);
            all.push(abs);
            return self.builtin(B::Math("isclose"), all, Ty::Bool, span);
        }
        self.no_keywords(&full, keywords);
        let (canonical, params, ret): (&'static str, Vec<Ty>, Ty) =
            if let Some(n) = find(MATH_FLOAT_1, name) {
                (n, vec![Ty::Float], Ty::Float)
            } else if let Some(n) = find(MATH_FLOAT_2, name) {
                (n, vec![Ty::Float, Ty::Float], Ty::Float)
            } else if let Some(n) = find(MATH_PREDICATES, name) {
                (n, vec![Ty::Float], Ty::Bool)
            } else if let Some(n) = find(MATH_TO_INT, name) {
                (n, vec![Ty::Float], Ty::Int)
            } else if let Some(n) = find(MATH_INT_2, name) {
                (n, vec![Ty::Int, Ty::Int], Ty::Int)
            } else if let Some(n) = find(MATH_INT_1, name) {
                (n, vec![Ty::Int], Ty::Int)
            } else if name == "log" {
                if args.len() == 2 {
                    ("log_base", vec![Ty::Float, Ty::Float], Ty::Float)
                } else {
                    ("log", vec![Ty::Float], Ty::Float)
                }
            } else {
                let known = module_members("math");
                let suggestion = crate::diagnostics::did_you_mean(name, known.iter().copied());
                let d = self.error(
                    Code::UnknownAttribute,
                    format!("module `math` has no function `{name}`"),
                    name_span,
                    "unknown function",
                );
                if let Some(s) = suggestion {
                    d.help = Some(format!("did you mean `math.{s}`?"));
                }
                return self.error_expr(span);
            };
        if !self.arity(&full, args, params.len(), params.len(), span) {
            return self.error_expr(span);
        }
        let mut out = Vec::new();
        for (a, p) in args.iter().zip(&params) {
            let e = self.expr(a);
            let e = if *p == Ty::Float {
                self.float_arg(e, &full)
            } else {
                self.int_arg(e, &full)
            };
            out.push(e);
        }
        // `math.floor` of an int is the int itself.
        if MATH_TO_INT.contains(&canonical) {
            if let Some(first) = out.first() {
                if let H::IntToFloat(inner) = &first.kind {
                    return (**inner).clone();
                }
            }
        }
        self.builtin(B::Math(canonical), out, ret, span)
    }

    /// A math argument that must be a float: ints are converted, as CPython does.
    fn float_arg(&mut self, e: hir::Expr, func: &str) -> hir::Expr {
        let t = self.fcx.infer.resolve(&e.ty);
        if t.is_numeric() {
            return self.to_float(e);
        }
        if t != Ty::Error {
            self.error(
                Code::TypeMismatch,
                format!("`{func}()` needs a number, found `{t}`"),
                e.span,
                format!("a `{t}`"),
            );
        }
        e
    }

    fn int_arg(&mut self, e: hir::Expr, func: &str) -> hir::Expr {
        let t = self.fcx.infer.resolve(&e.ty);
        match t {
            Ty::Int | Ty::Error => e,
            Ty::Bool => {
                let span = e.span;
                mk(H::BoolToInt(Box::new(e)), Ty::Int, span)
            }
            t => {
                self.error(
                    Code::TypeMismatch,
                    format!("`{func}()` needs an int, found `{t}`"),
                    e.span,
                    format!("a `{t}`"),
                );
                e
            }
        }
    }

    fn method_call(
        &mut self,
        receiver: hir::Expr,
        attr: &ast::Ident,
        args: &[ast::Expr],
        keywords: &[ast::Keyword],
        span: Span,
    ) -> hir::Expr {
        let rt = self.fcx.infer.resolve(&receiver.ty);
        let name = attr.name.as_str();
        match &rt {
            Ty::List(elem) => {
                self.list_method(receiver, (**elem).clone(), attr, args, keywords, span)
            }
            // A tuple has the two list methods that do not change it.
            Ty::TupleOf(elem) if matches!(name, "count" | "index") => {
                self.list_method(receiver, (**elem).clone(), attr, args, keywords, span)
            }
            Ty::Str => self.str_method(receiver, attr, args, keywords, span),
            Ty::Dict(k, v) => self.dict_method(
                receiver,
                (**k).clone(),
                (**v).clone(),
                attr,
                args,
                keywords,
                span,
            ),
            Ty::Set(e) => self.set_method(receiver, (**e).clone(), attr, args, keywords, span),
            Ty::Int if name == "bit_length" && args.is_empty() => {
                self.builtin(B::BitLength, vec![receiver], Ty::Int, span)
            }
            Ty::Error => self.error_expr(span),
            Ty::Var(_) => {
                self.error(
                    Code::CannotInfer,
                    format!("cannot infer the type of the value whose `.{name}()` is called"),
                    receiver.span,
                    "type unknown",
                )
                .help = Some("annotate the variable, e.g. `xs: list[int] = []`".into());
                self.error_expr(span)
            }
            t => {
                self.error(
                    Code::UnknownAttribute,
                    format!("`{t}` has no method `{name}`"),
                    attr.span,
                    "unknown method",
                );
                self.error_expr(span)
            }
        }
    }

    fn list_method(
        &mut self,
        receiver: hir::Expr,
        elem: Ty,
        attr: &ast::Ident,
        args: &[ast::Expr],
        keywords: &[ast::Keyword],
        span: Span,
    ) -> hir::Expr {
        let name = attr.name.as_str();
        let full = format!("list.{name}");
        if name == "sort" {
            if let Some(k) = keywords
                .iter()
                .find(|k| k.name.name != "reverse" && k.name.name != "key")
            {
                self.error(
                    Code::Arguments,
                    format!("`list.sort()` has no keyword argument `{}`", k.name.name),
                    k.name.span,
                    "keyword",
                );
            }
            if !self.arity(&full, args, 0, 0, span) {
                return self.error_expr(span);
            }
            let reverse = match keywords.iter().find(|k| k.name.name == "reverse") {
                Some(k) => self.expr_expect(&k.value, &Ty::Bool),
                None => mk(H::Bool(false), Ty::Bool, span),
            };
            let key = match keywords.iter().find(|k| k.name.name == "key") {
                Some(k) => self.key_function(&k.value, &elem),
                None => {
                    if !orderable_elem(&elem) {
                        self.error(
                            Code::TypeMismatch,
                            format!("a `list[{elem}]` cannot be sorted"),
                            receiver.span,
                            "elements are not ordered",
                        )
                        .help = Some("pass a `key=` function".into());
                    }
                    mk(H::None, Ty::None, span)
                }
            };
            return mk(
                H::Method {
                    method: M::ListSort,
                    receiver: Box::new(receiver),
                    args: vec![reverse, key],
                },
                Ty::None,
                span,
            );
        }
        self.no_keywords(&full, keywords);
        let (method, params, ret): (M, Vec<Ty>, Ty) = match (name, args.len()) {
            ("append", _) => (M::ListAppend, vec![elem.clone()], Ty::None),
            ("pop", 0) => (M::ListPop, vec![], elem.clone()),
            ("pop", _) => (M::ListPopAt, vec![Ty::Int], elem.clone()),
            ("insert", _) => (M::ListInsert, vec![Ty::Int, elem.clone()], Ty::None),
            ("extend", _) => (M::ListExtend, vec![Ty::list(elem.clone())], Ty::None),
            ("index", _) => (M::ListIndex, vec![elem.clone()], Ty::Int),
            ("count", _) => (M::ListCount, vec![elem.clone()], Ty::Int),
            ("remove", _) => (M::ListRemove, vec![elem.clone()], Ty::None),
            ("reverse", _) => (M::ListReverse, vec![], Ty::None),
            ("clear", _) => (M::ListClear, vec![], Ty::None),
            ("copy", _) => (M::ListCopy, vec![], Ty::list(elem.clone())),
            _ => {
                let known = [
                    "append", "pop", "insert", "extend", "index", "count", "remove", "reverse",
                    "clear", "copy", "sort",
                ];
                return self.unknown_method("list", name, &known, attr.span, span);
            }
        };
        self.fixed_method(&full, method, receiver, args, &params, &ret, span)
    }

    #[allow(clippy::too_many_arguments)]
    fn dict_method(
        &mut self,
        receiver: hir::Expr,
        k: Ty,
        v: Ty,
        attr: &ast::Ident,
        args: &[ast::Expr],
        keywords: &[ast::Keyword],
        span: Span,
    ) -> hir::Expr {
        let name = attr.name.as_str();
        let full = format!("dict.{name}");
        self.no_keywords(&full, keywords);
        let dict_ty = Ty::Dict(Box::new(k.clone()), Box::new(v.clone()));
        let (method, params, ret): (M, Vec<Ty>, Ty) = match (name, args.len()) {
            // `d.get(k)` and `d.get(k, None)` are both `Optional[V]`.
            ("get", 1) => (
                M::DictGetOpt,
                vec![k.clone()],
                Ty::Optional(Box::new(v.clone())),
            ),
            ("get", 2) if is_none_literal(&args[1]) && !v.is_optional() => {
                return self.dict_method_opt(receiver, M::DictGetOpt, &k, &v, &args[0], span);
            }
            ("get", _) => (M::DictGet, vec![k.clone(), v.clone()], v.clone()),
            ("setdefault", _) => (M::DictSetdefault, vec![k.clone(), v.clone()], v.clone()),
            ("pop", 1) => (M::DictPop, vec![k.clone()], v.clone()),
            ("pop", 2) if is_none_literal(&args[1]) && !v.is_optional() => {
                return self.dict_method_opt(receiver, M::DictPopOpt, &k, &v, &args[0], span);
            }
            ("pop", _) => (M::DictPopDefault, vec![k.clone(), v.clone()], v.clone()),
            ("popitem", _) => (
                M::DictPopitem,
                vec![],
                Ty::Tuple(vec![k.clone(), v.clone()]),
            ),
            ("keys", _) => (M::DictKeys, vec![], Ty::list(k.clone())),
            ("values", _) => (M::DictValues, vec![], Ty::list(v.clone())),
            ("items", _) => (
                M::DictItems,
                vec![],
                Ty::list(Ty::Tuple(vec![k.clone(), v.clone()])),
            ),
            ("update", _) => (M::DictUpdate, vec![dict_ty.clone()], Ty::None),
            ("copy", _) => (M::DictCopy, vec![], dict_ty.clone()),
            ("clear", _) => (M::DictClear, vec![], Ty::None),
            _ => {
                let known = [
                    "get",
                    "setdefault",
                    "pop",
                    "popitem",
                    "keys",
                    "values",
                    "items",
                    "update",
                    "copy",
                    "clear",
                ];
                return self.unknown_method("dict", name, &known, attr.span, span);
            }
        };
        self.fixed_method(&full, method, receiver, args, &params, &ret, span)
    }

    /// `d.get(k, None)` / `d.pop(k, None)`: the `None` default makes the result `Optional[V]`.
    fn dict_method_opt(
        &mut self,
        receiver: hir::Expr,
        method: M,
        k: &Ty,
        v: &Ty,
        key: &ast::Expr,
        span: Span,
    ) -> hir::Expr {
        let key = self.expr_expect(key, k);
        let ty = Ty::Optional(Box::new(self.fcx.infer.resolve(v)));
        mk(
            H::Method {
                method,
                receiver: Box::new(receiver),
                args: vec![key],
            },
            ty,
            span,
        )
    }

    fn set_method(
        &mut self,
        receiver: hir::Expr,
        e: Ty,
        attr: &ast::Ident,
        args: &[ast::Expr],
        keywords: &[ast::Keyword],
        span: Span,
    ) -> hir::Expr {
        let name = attr.name.as_str();
        let full = format!("set.{name}");
        self.no_keywords(&full, keywords);
        let set_ty = Ty::Set(Box::new(e.clone()));
        let (method, params, ret): (M, Vec<Ty>, Ty) = match name {
            "add" => (M::SetAdd, vec![e.clone()], Ty::None),
            "remove" => (M::SetRemove, vec![e.clone()], Ty::None),
            "discard" => (M::SetDiscard, vec![e.clone()], Ty::None),
            "pop" => (M::SetPop, vec![], e.clone()),
            "clear" => (M::SetClear, vec![], Ty::None),
            "copy" => (M::SetCopy, vec![], set_ty.clone()),
            "union" => (M::SetUnion, vec![set_ty.clone()], set_ty.clone()),
            "intersection" => (M::SetIntersection, vec![set_ty.clone()], set_ty.clone()),
            "difference" => (M::SetDifference, vec![set_ty.clone()], set_ty.clone()),
            "symmetric_difference" => (
                M::SetSymmetricDifference,
                vec![set_ty.clone()],
                set_ty.clone(),
            ),
            "update" => (M::SetUpdate, vec![set_ty.clone()], Ty::None),
            "intersection_update" => (M::SetIntersectionUpdate, vec![set_ty.clone()], Ty::None),
            "difference_update" => (M::SetDifferenceUpdate, vec![set_ty.clone()], Ty::None),
            "symmetric_difference_update" => (
                M::SetSymmetricDifferenceUpdate,
                vec![set_ty.clone()],
                Ty::None,
            ),
            "issubset" => (M::SetIsSubset, vec![set_ty.clone()], Ty::Bool),
            "issuperset" => (M::SetIsSuperset, vec![set_ty.clone()], Ty::Bool),
            "isdisjoint" => (M::SetIsDisjoint, vec![set_ty.clone()], Ty::Bool),
            _ => {
                let known = [
                    "add",
                    "remove",
                    "discard",
                    "pop",
                    "clear",
                    "copy",
                    "union",
                    "intersection",
                    "difference",
                    "symmetric_difference",
                    "update",
                    "issubset",
                    "issuperset",
                    "isdisjoint",
                ];
                return self.unknown_method("set", name, &known, attr.span, span);
            }
        };
        if matches!(method, M::SetUnion | M::SetIntersection | M::SetDifference) && args.len() > 1 {
            // `a.union(b, c)` is `a.union(b).union(c)`.
            let mut acc = receiver;
            for a in args {
                let one = std::slice::from_ref(a);
                acc = self.set_method(acc, e.clone(), attr, one, &[], span);
            }
            return acc;
        }
        if !self.arity(&full, args, params.len(), params.len(), span) {
            return self.error_expr(span);
        }
        // Set operations also take lists (`s.union([1, 2])`): convert them.
        let mut out = Vec::new();
        for (a, p) in args.iter().zip(&params) {
            let v = self.expr(a);
            let vt = self.fcx.infer.resolve(&v.ty);
            if let (Ty::Set(_), Ty::List(_)) = (p, &vt) {
                let conv = mk(
                    H::Builtin {
                        func: B::SetFromList,
                        args: vec![v],
                    },
                    p.clone(),
                    a.span,
                );
                if !self.fcx.infer.unify(p, &conv.ty) {
                    self.mismatch(p, &vt, a.span);
                }
                out.push(conv);
                continue;
            }
            let v = self.coerce(v, p);
            out.push(v);
        }
        mk(
            H::Method {
                method,
                receiver: Box::new(receiver),
                args: out,
            },
            ret,
            span,
        )
    }

    /// `"{} is {:.2f}".format(a, b)` on a literal: the same parts as an f-string.
    fn str_format(
        &mut self,
        template: &str,
        args: &[ast::Expr],
        keywords: &[ast::Keyword],
        span: Span,
    ) -> hir::Expr {
        let values: Vec<hir::Expr> = args.iter().map(|a| self.expr(a)).collect();
        let named: Vec<(String, hir::Expr)> = keywords
            .iter()
            .map(|k| (k.name.name.clone(), self.expr(&k.value)))
            .collect();
        let mut parts = Vec::new();
        let mut lit = String::new();
        let mut next = 0usize;
        let mut chars = template.chars().peekable();
        let bad = |cx: &mut Self, msg: &str| {
            cx.error(
                Code::TypeMismatch,
                format!("invalid format string: {msg}"),
                span,
                "in this `.format()` call",
            );
            cx.error_expr(span)
        };
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    lit.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    lit.push('}');
                }
                '}' => return bad(self, "single '}' encountered"),
                '{' => {
                    let mut field = String::new();
                    let mut depth = 1;
                    for c in chars.by_ref() {
                        match c {
                            '{' => depth += 1,
                            '}' => {
                                depth -= 1;
                                if depth == 0 {
                                    break;
                                }
                            }
                            _ => {}
                        }
                        field.push(c);
                    }
                    if depth != 0 {
                        return bad(self, "expected '}' before end of string");
                    }
                    let (head, spec) = match field.split_once(':') {
                        Some((h, sp)) => (h.to_string(), Some(sp.to_string())),
                        None => (field.clone(), None),
                    };
                    let (key, conv) = match head.split_once('!') {
                        Some((k, c)) => (k.to_string(), Some(c.to_string())),
                        None => (head, None),
                    };
                    let value = if key.is_empty() {
                        let v = values.get(next).cloned();
                        next += 1;
                        v
                    } else if let Ok(i) = key.parse::<usize>() {
                        values.get(i).cloned()
                    } else {
                        named
                            .iter()
                            .find(|(n, _)| *n == key)
                            .map(|(_, v)| v.clone())
                    };
                    let Some(value) = value else {
                        let msg = if key.is_empty() {
                            "more fields than arguments".to_string()
                        } else {
                            format!("no argument for field `{key}`")
                        };
                        return bad(self, &msg);
                    };
                    if !lit.is_empty() {
                        parts.push(hir::FPart::Lit(std::mem::take(&mut lit)));
                    }
                    let repr = matches!(conv.as_deref(), Some("r" | "a"));
                    let spec = spec
                        .filter(|s| !s.is_empty())
                        .map(|s| vec![hir::FPart::Lit(s)]);
                    parts.push(hir::FPart::Field { value, repr, spec });
                }
                c => lit.push(c),
            }
        }
        if !lit.is_empty() {
            parts.push(hir::FPart::Lit(lit));
        }
        mk(H::FString(parts), Ty::Str, span)
    }

    fn str_method(
        &mut self,
        receiver: hir::Expr,
        attr: &ast::Ident,
        args: &[ast::Expr],
        keywords: &[ast::Keyword],
        span: Span,
    ) -> hir::Expr {
        use Ty::{Bool, Int, Str};
        let name = attr.name.as_str();
        // `s.startswith(("a", "b"))`: any of a tuple of prefixes (suffixes).
        if let (["startswith" | "endswith"], [arg], []) = ([name], args, keywords) {
            if let A::Tuple(items) = &arg.kind {
                let canonical = if name == "startswith" {
                    "startswith_any"
                } else {
                    "endswith_any"
                };
                let args = items
                    .iter()
                    .map(|item| self.expr_expect(item, &Str))
                    .collect();
                let method = M::Str(canonical);
                return mk(
                    H::Method {
                        method,
                        receiver: Box::new(receiver),
                        args,
                    },
                    Bool,
                    span,
                );
            }
        }
        if name == "format" {
            if let H::Str(template) = &receiver.kind {
                let template = template.clone();
                return self.str_format(&template, args, keywords, span);
            }
            self.error(
                Code::Unsupported,
                "`.format()` is only supported on a string literal",
                receiver.span,
                "not a literal",
            )
            .help = Some("use an f-string".into());
            return self.error_expr(span);
        }
        let full = format!("str.{name}");
        let opt_str = Ty::Optional(Box::new(Str));
        // (canonical name, required params, optional params, return type)
        let (canonical, required, optional, ret): (&'static str, Vec<Ty>, Vec<Ty>, Ty) = match name
        {
            "upper" => ("upper", vec![], vec![], Str),
            "lower" => ("lower", vec![], vec![], Str),
            "title" => ("title", vec![], vec![], Str),
            "capitalize" => ("capitalize", vec![], vec![], Str),
            "swapcase" => ("swapcase", vec![], vec![], Str),
            "casefold" => ("casefold", vec![], vec![], Str),
            "strip" => ("strip", vec![], vec![opt_str.clone()], Str),
            "lstrip" => ("lstrip", vec![], vec![opt_str.clone()], Str),
            "rstrip" => ("rstrip", vec![], vec![opt_str.clone()], Str),
            "split" => ("split", vec![], vec![opt_str.clone(), Int], Ty::list(Str)),
            "rsplit" => ("rsplit", vec![], vec![opt_str.clone(), Int], Ty::list(Str)),
            "splitlines" => ("splitlines", vec![], vec![Bool], Ty::list(Str)),
            "join" => ("join", vec![Ty::list(Str)], vec![], Str),
            "replace" => ("replace", vec![Str, Str], vec![Int], Str),
            "startswith" if args.len() > 1 => ("startswith_range", vec![Str], vec![Int, Int], Bool),
            "endswith" if args.len() > 1 => ("endswith_range", vec![Str], vec![Int, Int], Bool),
            "startswith" => ("startswith", vec![Str], vec![], Bool),
            "endswith" => ("endswith", vec![Str], vec![], Bool),
            "partition" => (
                "partition",
                vec![Str],
                vec![],
                Ty::Tuple(vec![Str, Str, Str]),
            ),
            "rpartition" => (
                "rpartition",
                vec![Str],
                vec![],
                Ty::Tuple(vec![Str, Str, Str]),
            ),
            "find" => ("find", vec![Str], vec![Int, Int], Int),
            "rfind" => ("rfind", vec![Str], vec![Int, Int], Int),
            "index" => ("index", vec![Str], vec![Int, Int], Int),
            "rindex" => ("rindex", vec![Str], vec![Int, Int], Int),
            "count" => ("count", vec![Str], vec![], Int),
            "isdigit" => ("isdigit", vec![], vec![], Bool),
            "isalpha" => ("isalpha", vec![], vec![], Bool),
            "isalnum" => ("isalnum", vec![], vec![], Bool),
            "isspace" => ("isspace", vec![], vec![], Bool),
            "isupper" => ("isupper", vec![], vec![], Bool),
            "islower" => ("islower", vec![], vec![], Bool),
            "isdecimal" => ("isdecimal", vec![], vec![], Bool),
            "isnumeric" => ("isnumeric", vec![], vec![], Bool),
            "istitle" => ("istitle", vec![], vec![], Bool),
            "zfill" => ("zfill", vec![Int], vec![], Str),
            "ljust" => ("ljust", vec![Int], vec![Str], Str),
            "rjust" => ("rjust", vec![Int], vec![Str], Str),
            "center" => ("center", vec![Int], vec![Str], Str),
            "removeprefix" => ("removeprefix", vec![Str], vec![], Str),
            "removesuffix" => ("removesuffix", vec![Str], vec![], Str),
            "expandtabs" => ("expandtabs", vec![], vec![Int], Str),
            _ => {
                let known = [
                    "upper",
                    "lower",
                    "title",
                    "capitalize",
                    "strip",
                    "lstrip",
                    "rstrip",
                    "split",
                    "rsplit",
                    "splitlines",
                    "join",
                    "replace",
                    "startswith",
                    "endswith",
                    "find",
                    "rfind",
                    "index",
                    "rindex",
                    "count",
                    "isdigit",
                    "isalpha",
                    "isalnum",
                    "isspace",
                    "isupper",
                    "islower",
                    "zfill",
                    "ljust",
                    "rjust",
                    "center",
                ];
                return self.unknown_method("str", name, &known, attr.span, span);
            }
        };
        // Keywords: only `maxsplit` (split) and `keepends` (splitlines).
        let mut given: Vec<Option<&ast::Expr>> = args.iter().map(Some).collect();
        for k in keywords {
            let slot = match (canonical, k.name.name.as_str()) {
                ("split" | "rsplit", "sep") => 0,
                ("split" | "rsplit", "maxsplit") => 1,
                ("splitlines", "keepends") => 0,
                _ => {
                    self.error(
                        Code::Arguments,
                        format!("`{full}()` has no keyword argument `{}`", k.name.name),
                        k.name.span,
                        "unknown keyword",
                    );
                    continue;
                }
            };
            if given.len() <= slot {
                given.resize(slot + 1, None);
            }
            given[slot] = Some(&k.value);
        }
        let total = required.len() + optional.len();
        if given.len() < required.len() || given.len() > total {
            let expected = if optional.is_empty() {
                format!("{}", required.len())
            } else {
                format!("{} to {}", required.len(), total)
            };
            self.error(
                Code::Arguments,
                format!(
                    "`{full}()` takes {expected} argument{} ({} given)",
                    plural(total),
                    given.len()
                ),
                span,
                "wrong number of arguments",
            );
            return self.error_expr(span);
        }
        let mut out = Vec::new();
        for (i, p) in required.iter().chain(&optional).enumerate() {
            let arg = match given.get(i).copied().flatten() {
                Some(a) if canonical == "join" => {
                    // `sep.join(s)` joins the characters of a str; `sep.join(xs)` a list of str.
                    let v = self.expr(a);
                    match self.fcx.infer.resolve(&v.ty) {
                        Ty::Str => self.builtin(B::ListFromStr, vec![v], Ty::list(Ty::Str), a.span),
                        _ => self.coerce(v, p),
                    }
                }
                Some(a) => match p {
                    Ty::Optional(inner) => {
                        if matches!(a.kind, A::None) {
                            mk(H::None, Ty::None, a.span)
                        } else {
                            self.expr_expect(a, inner)
                        }
                    }
                    p => self.expr_expect(a, p),
                },
                None if i < required.len() => return self.error_expr(span),
                None => match p {
                    // Python's defaults for the optional parameters.
                    Ty::Optional(_) => mk(H::None, Ty::None, span),
                    Ty::Int if matches!(canonical, "split" | "rsplit" | "replace") => {
                        mk(H::Int(-1), Int, span)
                    }
                    Ty::Int if canonical == "expandtabs" => mk(H::Int(8), Int, span),
                    Ty::Int if i == required.len() => mk(H::Int(0), Int, span),
                    Ty::Int => mk(H::Int(i64::MAX), Int, span),
                    Ty::Bool => mk(H::Bool(false), Bool, span),
                    _ => mk(H::Str(" ".into()), Str, span),
                },
            };
            out.push(arg);
        }
        mk(
            H::Method {
                method: M::Str(canonical),
                receiver: Box::new(receiver),
                args: out,
            },
            ret,
            span,
        )
    }
}

impl Checker<'_> {
    /// The items of `x`, a dict (its keys), set, str (its characters) or `tuple[T, ...]`, as a
    /// new list; `None` for a type that is not iterable.
    fn as_list(&mut self, x: hir::Expr, t: &Ty) -> Option<hir::Expr> {
        let span = x.span;
        let method = |x, method, elem: &Ty| {
            mk(
                H::Method {
                    method,
                    receiver: Box::new(x),
                    args: vec![],
                },
                Ty::list(elem.clone()),
                span,
            )
        };
        Some(match t {
            Ty::Dict(k, _) => method(x, M::DictKeys, k),
            Ty::Set(e) => method(x, M::SetToList, e),
            Ty::TupleOf(e) => {
                let ty = Ty::list((**e).clone());
                self.builtin(B::ListCopy, vec![x], ty, span)
            }
            Ty::Str => self.builtin(B::ListFromStr, vec![x], Ty::list(Ty::Str), span),
            _ => return None,
        })
    }
}

/// A number, or a tuple of numbers: hashable (floats too, though they cannot be keys yet).
fn numbers_only(t: &Ty) -> bool {
    match t {
        Ty::Int | Ty::Bool | Ty::Float => true,
        Ty::Tuple(ts) => ts.iter().all(numbers_only),
        Ty::TupleOf(t) => numbers_only(t),
        _ => false,
    }
}

pub(super) fn orderable(t: &Ty) -> bool {
    orderable_elem(t)
}

fn orderable_elem(t: &Ty) -> bool {
    match t {
        Ty::Class(_) => true,
        Ty::Int | Ty::Float | Ty::Bool | Ty::Str => true,
        Ty::List(e) | Ty::TupleOf(e) => orderable_elem(e),
        Ty::Tuple(ts) => ts.iter().all(orderable_elem),
        _ => false,
    }
}

/// The expression is the literal `None`.
fn is_none_literal(e: &ast::Expr) -> bool {
    matches!(e.kind, ast::ExprKind::None)
}
