//! Generic classes (`class Stack(Generic[T])`, or `class Stack[T]`) are compiled once per
//! instantiation the program writes, as generic functions are. Before checking, every
//! `Stack[int]` in an annotation becomes a class of its own named `Stack[int]`: a copy of the
//! template with its type parameters replaced in every annotation of its body. A constructor
//! call takes its instance from the annotation it is assigned to (`s: Stack[int] = Stack()`),
//! the function's return annotation (`return Stack()`), or its own type arguments
//! (`Stack[int]()`). The template itself is not compiled.

use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::ast::{self, Expr, ExprKind as A, Stmt, StmtKind as S};
use std::collections::{BTreeMap, HashMap};

pub fn expand(module: &mut ast::Module, diags: &mut Vec<Diagnostic>) {
    let mut templates: HashMap<String, (ast::ClassDef, Vec<String>)> = HashMap::new();
    for s in &module.body {
        if let S::ClassDef(def) = &s.kind {
            let params = type_params(def);
            if !params.is_empty() {
                templates.insert(def.name.name.clone(), (def.clone(), params));
            }
        }
    }
    if templates.is_empty() {
        return;
    }
    let mut cx = Cx {
        templates,
        instances: BTreeMap::new(),
        queue: Vec::new(),
        diags,
    };
    let mut body = std::mem::take(&mut module.body);
    cx.block(&mut body, None);
    // Instances are made as they are found; their bodies may name further instances.
    let mut made: Vec<(String, Stmt)> = Vec::new();
    while let Some(key) = cx.queue.pop() {
        let Some((template, args)) = cx.instances.get(&key).cloned() else {
            continue;
        };
        let Some((def, params)) = cx.templates.get(&template).cloned() else {
            continue;
        };
        let mut def = def;
        let span = def.span;
        def.name.name = key.clone();
        def.type_params.clear();
        def.bases.retain(|b| generic_base(b).is_none());
        let subst: HashMap<String, Expr> = params.into_iter().zip(args).collect();
        substitute_block(&mut def.body, &subst);
        let mut stmt = Stmt {
            kind: S::ClassDef(def),
            span,
        };
        cx.stmt(&mut stmt, None);
        made.push((template, stmt));
    }
    // Each template's instances stand where the template stood.
    let mut out = Vec::with_capacity(body.len() + made.len());
    for s in body {
        match &s.kind {
            S::ClassDef(def) if cx.templates.contains_key(&def.name.name) => {
                let name = def.name.name.clone();
                let mut mine: Vec<Stmt> = made
                    .iter()
                    .filter(|(t, _)| *t == name)
                    .map(|(_, s)| s.clone())
                    .collect();
                mine.reverse();
                out.extend(mine);
            }
            _ => out.push(s),
        }
    }
    module.body = out;
}

/// `class Stack[T]` or `class Stack(Generic[T])`: its type parameters.
fn type_params(def: &ast::ClassDef) -> Vec<String> {
    if !def.type_params.is_empty() {
        return def.type_params.iter().map(|p| p.name.clone()).collect();
    }
    def.bases.iter().find_map(generic_base).unwrap_or_default()
}

/// `Generic[T]` / `Generic[K, V]` as a base: the parameter names.
fn generic_base(b: &Expr) -> Option<Vec<String>> {
    let A::Subscript { value, index } = &b.kind else {
        return None;
    };
    if !matches!(&value.kind, A::Name(n) if n == "Generic") {
        return None;
    }
    let items: Vec<&Expr> = match &index.kind {
        A::Tuple(items) => items.iter().collect(),
        _ => vec![index],
    };
    items
        .iter()
        .map(|e| match &e.kind {
            A::Name(n) => Some(n.clone()),
            _ => None,
        })
        .collect()
}

/// An annotation as Python writes it (`list[int]`, `dict[str, Stack[int]]`).
fn text(e: &Expr) -> String {
    match &e.kind {
        A::Name(n) => n.clone(),
        A::None => "None".into(),
        A::Str(s) => s.clone(),
        A::Attribute { value, attr } => format!("{}.{}", text(value), attr.name),
        A::Subscript { value, index } => format!("{}[{}]", text(value), text(index)),
        A::Tuple(items) | A::List(items) => {
            let parts: Vec<String> = items.iter().map(text).collect();
            parts.join(", ")
        }
        A::BinOp {
            left,
            op: ast::BinOp::BitOr,
            right,
        } => format!("{} | {}", text(left), text(right)),
        _ => "?".into(),
    }
}

struct Cx<'d> {
    templates: HashMap<String, (ast::ClassDef, Vec<String>)>,
    /// Instance name → (template, type arguments).
    instances: BTreeMap<String, (String, Vec<Expr>)>,
    queue: Vec<String>,
    diags: &'d mut Vec<Diagnostic>,
}

impl Cx<'_> {
    fn block(&mut self, stmts: &mut [Stmt], ret: Option<&Expr>) {
        for s in stmts {
            self.stmt(s, ret);
        }
    }

    fn stmt(&mut self, s: &mut Stmt, ret: Option<&Expr>) {
        match &mut s.kind {
            S::AnnAssign {
                annotation, value, ..
            } => {
                self.annotation(annotation);
                if let Some(v) = value {
                    self.construct_as(v, annotation);
                    self.expr(v);
                }
            }
            S::FunctionDef(f) => self.function(f),
            S::ClassDef(c) => {
                if self.templates.contains_key(&c.name.name) {
                    return;
                }
                self.block(&mut c.body, None);
            }
            S::Return(Some(v)) => {
                if let Some(ret) = ret {
                    self.construct_as(v, ret);
                }
                self.expr(v);
            }
            S::Expr(e) => self.expr(e),
            S::Assign { targets, value } => {
                targets.iter_mut().for_each(|t| self.expr(t));
                self.expr(value);
            }
            S::AugAssign { target, value, .. } => {
                self.expr(target);
                self.expr(value);
            }
            S::If { test, body, orelse } | S::While { test, body, orelse } => {
                self.expr(test);
                self.block(body, ret);
                self.block(orelse, ret);
            }
            S::For {
                target,
                iter,
                body,
                orelse,
            } => {
                self.expr(target);
                self.expr(iter);
                self.block(body, ret);
                self.block(orelse, ret);
            }
            S::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                self.block(body, ret);
                for h in handlers {
                    self.block(&mut h.body, ret);
                }
                self.block(orelse, ret);
                self.block(finalbody, ret);
            }
            S::Assert { test, msg } => {
                self.expr(test);
                if let Some(m) = msg {
                    self.expr(m);
                }
            }
            S::Raise { exc, cause } => {
                for e in [exc, cause].into_iter().flatten() {
                    self.expr(e);
                }
            }
            S::Del(es) => es.iter_mut().for_each(|e| self.expr(e)),
            S::Return(None)
            | S::Break
            | S::Continue
            | S::Pass
            | S::Import(_)
            | S::ImportFrom { .. } => {}
        }
    }

    fn function(&mut self, f: &mut ast::FunctionDef) {
        for p in &mut f.params {
            if let Some(a) = &mut p.annotation {
                self.annotation(a);
            }
            if let Some(d) = &mut p.default {
                self.expr(d);
            }
        }
        if let Some(r) = &mut f.returns {
            self.annotation(r);
        }
        let ret = f.returns.clone();
        self.block(&mut f.body, ret.as_ref());
    }

    /// Rewrites the instantiations in an annotation; returns the instance it names, if it is
    /// one.
    fn annotation(&mut self, e: &mut Expr) -> Option<String> {
        match &mut e.kind {
            A::Subscript { value, index } => {
                if let A::Name(t) = &value.kind {
                    if let Some((_, params)) = self.templates.get(t) {
                        let (t, n) = (t.clone(), params.len());
                        let args: Vec<&mut Expr> = match &mut index.kind {
                            A::Tuple(items) => items.iter_mut().collect(),
                            _ => vec![&mut **index],
                        };
                        let mut args_owned = Vec::new();
                        for a in args {
                            self.annotation(a);
                            args_owned.push(a.clone());
                        }
                        if args_owned.len() != n {
                            self.diags.push(Diagnostic::error(
                                Code::TypeMismatch,
                                format!(
                                    "`{t}` takes {n} type argument{}",
                                    if n == 1 { "" } else { "s" }
                                ),
                                e.span,
                                "type arguments",
                            ));
                            return None;
                        }
                        let key = format!("{t}[{}]", text(index));
                        if !self.instances.contains_key(&key) {
                            self.instances.insert(key.clone(), (t, args_owned));
                            self.queue.push(key.clone());
                        }
                        e.kind = A::Name(key.clone());
                        return Some(key);
                    }
                }
                self.annotation(value);
                self.annotation(index);
                None
            }
            A::Tuple(items) | A::List(items) => {
                items.iter_mut().for_each(|i| {
                    self.annotation(i);
                });
                None
            }
            A::BinOp { left, right, .. } => {
                self.annotation(left);
                self.annotation(right);
                None
            }
            // `"Pair[V, K]"`: a forward reference naming an instance.
            A::Str(t) if t.contains('[') => {
                let Some(mut parsed) = parse_annotation(t, e.span) else {
                    return None;
                };
                let found = self.annotation(&mut parsed);
                if found.is_some() {
                    *e = parsed;
                }
                found
            }
            A::Name(n) if self.templates.contains_key(n.as_str()) => {
                let n = n.clone();
                let params = self.templates[&n].1.join(", ");
                self.diags.push(
                    Diagnostic::error(
                        Code::CannotInfer,
                        format!("the generic class `{n}` needs its type arguments here"),
                        e.span,
                        "type arguments missing",
                    )
                    .with_help(format!("write them, e.g. `{n}[int]` for `{n}[{params}]`")),
                );
                None
            }
            _ => None,
        }
    }

    /// `Stack()` where a `Stack[int]` is expected (`ann`, already rewritten): the instance's
    /// constructor; through list, set and dict displays, tuples and `Optional`.
    fn construct_as(&mut self, v: &mut Expr, ann: &Expr) {
        match (&ann.kind, &mut v.kind) {
            (A::Name(key), A::Call { func, .. }) => {
                if let Some((template, _)) = self.instances.get(key) {
                    if matches!(&func.kind, A::Name(n) if n == template) {
                        func.kind = A::Name(key.clone());
                    }
                }
            }
            (A::Subscript { value, index }, _) => {
                let outer = match &value.kind {
                    A::Name(n) => n.as_str(),
                    A::Attribute { attr, .. } => attr.name.as_str(),
                    _ => return,
                };
                let args: Vec<&Expr> = match &index.kind {
                    A::Tuple(items) => items.iter().collect(),
                    _ => vec![&**index],
                };
                match (outer, args.as_slice(), &mut v.kind) {
                    ("list" | "set", [elem], A::List(items) | A::Set(items)) => {
                        let elem = (*elem).clone();
                        items.iter_mut().for_each(|i| self.construct_as(i, &elem));
                    }
                    ("dict", [_, val], A::Dict(pairs)) => {
                        let val = (*val).clone();
                        pairs
                            .iter_mut()
                            .for_each(|(_, x)| self.construct_as(x, &val));
                    }
                    ("tuple", _, A::Tuple(items)) if items.len() == args.len() => {
                        let args: Vec<Expr> = args.iter().map(|a| (*a).clone()).collect();
                        for (i, a) in items.iter_mut().zip(&args) {
                            self.construct_as(i, a);
                        }
                    }
                    ("Optional", [inner], _) => {
                        let inner = (*inner).clone();
                        self.construct_as(v, &inner);
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }

    /// Instantiations written in expressions (`Stack[int]()`), and constructor calls of a
    /// template whose instance nothing says.
    fn expr(&mut self, e: &mut Expr) {
        match &mut e.kind {
            A::Call { func, .. } if matches!(&func.kind, A::Subscript { value, .. } if matches!(&value.kind, A::Name(t) if self.templates.contains_key(t))) =>
            {
                self.annotation(func);
            }
            A::Call { func, .. } if matches!(&func.kind, A::Name(t) if self.templates.contains_key(t)) =>
            {
                let A::Name(t) = &func.kind else { return };
                let t = t.clone();
                self.diags.push(
                    Diagnostic::error(
                        Code::CannotInfer,
                        format!("cannot tell which `{t}[...]` this creates"),
                        func.span,
                        "generic class",
                    )
                    .with_help(format!(
                        "annotate where it goes (`s: {t}[int] = {t}(...)`), or write the type arguments (`{t}[int](...)`)"
                    )),
                );
                // Reported: the checker need not say more about it.
                e.kind = A::Error;
                return;
            }
            _ => {}
        }
        each_child_mut(e, &mut |c| self.expr(c));
    }
}

/// The direct sub-expressions of `e`.
fn each_child_mut(e: &mut Expr, f: &mut dyn FnMut(&mut Expr)) {
    match &mut e.kind {
        A::Int(_) | A::Float(_) | A::Str(_) | A::Bool(_) | A::None | A::Name(_) | A::Error => {}
        A::Ellipsis => {}
        A::FString(parts) => fstring_parts(parts, f),
        A::List(items) | A::Tuple(items) | A::Set(items) => items.iter_mut().for_each(f),
        A::Dict(pairs) => {
            for (k, v) in pairs {
                f(k);
                f(v);
            }
        }
        A::BinOp { left, right, .. } => {
            f(left);
            f(right);
        }
        A::UnaryOp { operand, .. } => f(operand),
        A::BoolOp { values, .. } => values.iter_mut().for_each(f),
        A::Compare { left, ops } => {
            f(left);
            ops.iter_mut().for_each(|(_, x)| f(x));
        }
        A::IfExp { test, body, orelse } => {
            f(test);
            f(body);
            f(orelse);
        }
        A::Call {
            func,
            args,
            keywords,
        } => {
            f(func);
            args.iter_mut().for_each(&mut *f);
            keywords.iter_mut().for_each(|k| f(&mut k.value));
        }
        A::Attribute { value, .. } => f(value),
        A::Subscript { value, index } => {
            f(value);
            f(index);
        }
        A::Slice { lower, upper, step } => {
            for x in [lower, upper, step].into_iter().flatten() {
                f(x);
            }
        }
        A::ListComp { elt, generators }
        | A::SetComp { elt, generators }
        | A::GeneratorExp { elt, generators } => {
            f(elt);
            comprehension(generators, f);
        }
        A::DictComp {
            key,
            value,
            generators,
        } => {
            f(key);
            f(value);
            comprehension(generators, f);
        }
        A::Lambda { body, .. } => f(body),
        A::Starred(x) => f(x),
    }
}

fn comprehension(generators: &mut [ast::Comprehension], f: &mut dyn FnMut(&mut Expr)) {
    for g in generators {
        f(&mut g.target);
        f(&mut g.iter);
        g.ifs.iter_mut().for_each(&mut *f);
    }
}

fn fstring_parts(parts: &mut [ast::FStringPart], f: &mut dyn FnMut(&mut Expr)) {
    for p in parts {
        if let ast::FStringPart::Field(field) = p {
            f(&mut field.expr);
            fstring_parts(&mut field.spec, f);
        }
    }
}

/// Replaces the type parameters in every annotation of a class body.
fn substitute_block(stmts: &mut [Stmt], subst: &HashMap<String, Expr>) {
    for s in stmts {
        match &mut s.kind {
            S::AnnAssign { annotation, .. } => substitute(annotation, subst),
            S::FunctionDef(f) => {
                for p in &mut f.params {
                    if let Some(a) = &mut p.annotation {
                        substitute(a, subst);
                    }
                }
                if let Some(r) = &mut f.returns {
                    substitute(r, subst);
                }
                substitute_block(&mut f.body, subst);
            }
            S::If { body, orelse, .. }
            | S::While { body, orelse, .. }
            | S::For { body, orelse, .. } => {
                substitute_block(body, subst);
                substitute_block(orelse, subst);
            }
            S::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                substitute_block(body, subst);
                for h in handlers {
                    substitute_block(&mut h.body, subst);
                }
                substitute_block(orelse, subst);
                substitute_block(finalbody, subst);
            }
            _ => {}
        }
    }
}

fn substitute(e: &mut Expr, subst: &HashMap<String, Expr>) {
    match &mut e.kind {
        A::Name(n) => {
            if let Some(to) = subst.get(n.as_str()) {
                let span = e.span;
                *e = to.clone();
                e.span = span;
            }
        }
        // A forward reference as a string: `"Stack[T]"`.
        A::Str(s) if subst.keys().any(|k| s.contains(k.as_str())) => {
            let mut t = s.clone();
            for (k, v) in subst {
                t = replace_word(&t, k, &text(v));
            }
            *s = t;
        }
        _ => each_child_mut(e, &mut |c| substitute(c, subst)),
    }
}

/// `text` with the whole word `word` replaced.
fn replace_word(text: &str, word: &str, with: &str) -> String {
    let mut out = String::new();
    let mut cur = String::new();
    for ch in text.chars() {
        if ch.is_alphanumeric() || ch == '_' {
            cur.push(ch);
        } else {
            out.push_str(if cur == word { with } else { &cur });
            cur.clear();
            out.push(ch);
        }
    }
    out.push_str(if cur == word { with } else { &cur });
    out
}

/// An annotation written as a string (`"Pair[int, str]"`), as an expression: names, dotted
/// names, `None` and subscripts.
fn parse_annotation(text: &str, span: crate::source::Span) -> Option<Expr> {
    fn parse(chars: &[char], at: &mut usize, span: crate::source::Span) -> Option<Expr> {
        while chars.get(*at) == Some(&' ') {
            *at += 1;
        }
        let start = *at;
        while chars
            .get(*at)
            .is_some_and(|c| c.is_alphanumeric() || *c == '_' || *c == '.')
        {
            *at += 1;
        }
        if start == *at {
            return None;
        }
        let word: String = chars[start..*at].iter().collect();
        let mut e = Expr {
            kind: if word == "None" {
                A::None
            } else {
                A::Name(word)
            },
            span,
        };
        while chars.get(*at) == Some(&' ') {
            *at += 1;
        }
        if chars.get(*at) == Some(&'[') {
            *at += 1;
            let mut items = vec![parse(chars, at, span)?];
            loop {
                while chars.get(*at) == Some(&' ') {
                    *at += 1;
                }
                match chars.get(*at) {
                    Some(',') => {
                        *at += 1;
                        items.push(parse(chars, at, span)?);
                    }
                    Some(']') => {
                        *at += 1;
                        break;
                    }
                    _ => return None,
                }
            }
            let index = if items.len() == 1 {
                items.pop()?
            } else {
                Expr {
                    kind: A::Tuple(items),
                    span,
                }
            };
            e = Expr {
                kind: A::Subscript {
                    value: Box::new(e),
                    index: Box::new(index),
                },
                span,
            };
        }
        Some(e)
    }
    let chars: Vec<char> = text.chars().collect();
    let mut at = 0;
    let e = parse(&chars, &mut at, span)?;
    (chars[at..].iter().all(|c| *c == ' ')).then_some(e)
}
