//! A last pass over the generated Rust's syntax tree. The text emitter parenthesizes and
//! borrows defensively, since it builds each expression without knowing where it will end up;
//! here, with the whole tree in view, what a person would not write goes: parentheses around
//! a whole initializer, argument or loop iterator, `&a == &b` comparisons, `&vec![..]`
//! passed where a slice serves, `!(a != b)`, and names bound but never used (a loop variable
//! becomes `_`, a closure or function parameter `_name`, as rustc asks).

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;
use std::collections::HashSet;
use syn::visit_mut::{self, VisitMut};

pub fn file(f: &mut syn::File) {
    Tidy.visit_file_mut(f);
}

struct Tidy;

/// `(e)` → `e` where the position already delimits the expression. Block-like expressions and
/// struct literals keep their parentheses (a loop head needs them).
fn unparen(e: &mut syn::Expr) {
    while let syn::Expr::Paren(p) = e {
        if matches!(
            *p.expr,
            syn::Expr::Struct(_)
                | syn::Expr::If(_)
                | syn::Expr::Match(_)
                | syn::Expr::Block(_)
                | syn::Expr::Loop(_)
                | syn::Expr::While(_)
                | syn::Expr::ForLoop(_)
                | syn::Expr::Closure(_)
        ) {
            return;
        }
        *e = (*p.expr).clone();
    }
}

/// `&vec![a, b]` as a call argument → `&[a, b]`.
fn slice_literal(e: &mut syn::Expr) {
    let syn::Expr::Reference(r) = e else { return };
    if r.mutability.is_some() {
        return;
    }
    let syn::Expr::Macro(m) = &*r.expr else {
        return;
    };
    if !m.mac.path.is_ident("vec") {
        return;
    }
    let Ok(items) = m.mac.parse_body_with(
        syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated,
    ) else {
        return;
    };
    if items.is_empty() {
        return;
    }
    *r.expr = syn::Expr::Array(syn::ExprArray {
        attrs: Vec::new(),
        bracket_token: Default::default(),
        elems: items,
    });
}

fn args(args: &mut syn::punctuated::Punctuated<syn::Expr, syn::Token![,]>) {
    for a in args.iter_mut() {
        unparen(a);
        slice_literal(a);
    }
}

impl VisitMut for Tidy {
    fn visit_local_mut(&mut self, l: &mut syn::Local) {
        if let Some(init) = &mut l.init {
            unparen(&mut init.expr);
        }
        visit_mut::visit_local_mut(self, l);
    }

    fn visit_expr_for_loop_mut(&mut self, f: &mut syn::ExprForLoop) {
        unparen(&mut f.expr);
        let used = idents(f.body.to_token_stream());
        unused_to(&mut f.pat, &used, Unused::Wild);
        visit_mut::visit_expr_for_loop_mut(self, f);
    }

    fn visit_expr_closure_mut(&mut self, c: &mut syn::ExprClosure) {
        if let syn::Expr::Block(b) = &mut *c.body {
            tail_returns(&mut b.block);
        }
        let used = idents(c.body.to_token_stream());
        for p in c.inputs.iter_mut() {
            unused_to(p, &used, Unused::Underscore);
        }
        visit_mut::visit_expr_closure_mut(self, c);
    }

    fn visit_item_fn_mut(&mut self, f: &mut syn::ItemFn) {
        let used = idents(f.block.to_token_stream());
        unused_params(&mut f.sig, &used);
        tail_returns(&mut f.block);
        visit_mut::visit_item_fn_mut(self, f);
    }

    fn visit_impl_item_fn_mut(&mut self, f: &mut syn::ImplItemFn) {
        let used = idents(f.block.to_token_stream());
        unused_params(&mut f.sig, &used);
        tail_returns(&mut f.block);
        visit_mut::visit_impl_item_fn_mut(self, f);
    }

    fn visit_expr_mut(&mut self, e: &mut syn::Expr) {
        // `format!("{}", x)` → `x.to_string()`.
        if let syn::Expr::Macro(m) = e {
            if m.mac.path.is_ident("format") {
                if let Ok(args) = m.mac.parse_body_with(
                    syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated,
                ) {
                    if let [syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(f),
                        ..
                    }), x] = args.iter().collect::<Vec<_>>().as_slice()
                    {
                        if f.value() == "{}" {
                            let x = (*x).clone();
                            *e = syn::parse_quote!((#x).to_string());
                            unparen_receiver(e);
                        }
                    }
                }
            }
        }
        // `!(a != b)` → `a == b` (only equality: `!(a < b)` differs from `a >= b` for NaN).
        if let syn::Expr::Unary(syn::ExprUnary {
            op: syn::UnOp::Not(_),
            expr,
            ..
        }) = e
        {
            if let syn::Expr::Paren(syn::ExprParen { expr: inner, .. }) = &**expr {
                if let syn::Expr::Binary(b) = &**inner {
                    let op = match b.op {
                        syn::BinOp::Ne(_) => Some(syn::BinOp::Eq(Default::default())),
                        syn::BinOp::Eq(_) => Some(syn::BinOp::Ne(Default::default())),
                        _ => None,
                    };
                    if let Some(op) = op {
                        let mut b = b.clone();
                        b.op = op;
                        *e = syn::Expr::Binary(b);
                    }
                }
            }
        }
        visit_mut::visit_expr_mut(self, e);
    }

    fn visit_expr_assign_mut(&mut self, a: &mut syn::ExprAssign) {
        unparen(&mut a.right);
        visit_mut::visit_expr_assign_mut(self, a);
    }

    fn visit_expr_call_mut(&mut self, c: &mut syn::ExprCall) {
        args(&mut c.args);
        visit_mut::visit_expr_call_mut(self, c);
    }

    fn visit_expr_method_call_mut(&mut self, c: &mut syn::ExprMethodCall) {
        args(&mut c.args);
        visit_mut::visit_expr_method_call_mut(self, c);
    }

    fn visit_expr_binary_mut(&mut self, b: &mut syn::ExprBinary) {
        use syn::BinOp as B;
        let comparison = matches!(
            b.op,
            B::Eq(_) | B::Ne(_) | B::Lt(_) | B::Le(_) | B::Gt(_) | B::Ge(_)
        );
        if comparison {
            if let (syn::Expr::Reference(l), syn::Expr::Reference(r)) = (&*b.left, &*b.right) {
                if l.mutability.is_none() && r.mutability.is_none() {
                    let (l, r) = ((*l.expr).clone(), (*r.expr).clone());
                    *b.left = l;
                    *b.right = r;
                }
            }
        }
        visit_mut::visit_expr_binary_mut(self, b);
    }
}

/// Every identifier in a token stream, macro bodies included.
fn idents(tokens: TokenStream) -> HashSet<String> {
    fn walk(tokens: TokenStream, out: &mut HashSet<String>) {
        for t in tokens {
            match t {
                TokenTree::Ident(i) => {
                    out.insert(i.to_string());
                }
                TokenTree::Group(g) => walk(g.stream(), out),
                // `format!("{name}")` reads `name` from inside a string: count every word of
                // a literal as used.
                TokenTree::Literal(l) => {
                    let text = l.to_string();
                    for word in text.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
                        if !word.is_empty() {
                            out.insert(word.to_string());
                        }
                    }
                }
                TokenTree::Punct(_) => {}
            }
        }
    }
    let mut out = HashSet::new();
    walk(tokens, &mut out);
    out
}

#[derive(Clone, Copy)]
enum Unused {
    /// `_`: a loop variable.
    Wild,
    /// `_name`: a parameter keeps its name for the reader.
    Underscore,
}

/// Renames the names `pat` binds that `used` does not mention.
fn unused_to(pat: &mut syn::Pat, used: &HashSet<String>, how: Unused) {
    match pat {
        syn::Pat::Ident(i) if i.subpat.is_none() => {
            let name = i.ident.to_string();
            if used.contains(&name) || name.starts_with('_') || name == "self" {
                return;
            }
            match how {
                Unused::Wild => {
                    *pat = syn::Pat::Wild(syn::PatWild {
                        attrs: Vec::new(),
                        underscore_token: Default::default(),
                    })
                }
                Unused::Underscore => {
                    i.ident = syn::Ident::new(&format!("_{name}"), i.ident.span());
                    i.mutability = None;
                }
            }
        }
        syn::Pat::Tuple(t) => t.elems.iter_mut().for_each(|p| unused_to(p, used, how)),
        syn::Pat::Reference(r) => unused_to(&mut r.pat, used, how),
        syn::Pat::Type(t) => unused_to(&mut t.pat, used, Unused::Underscore),
        _ => {}
    }
}

fn unused_params(sig: &mut syn::Signature, used: &HashSet<String>) {
    for input in sig.inputs.iter_mut() {
        if let syn::FnArg::Typed(t) = input {
            unused_to(&mut t.pat, used, Unused::Underscore);
        }
    }
}

/// `(x).to_string()` → `x.to_string()` where `x` needs no parentheses as a receiver.
fn unparen_receiver(e: &mut syn::Expr) {
    let syn::Expr::MethodCall(m) = e else { return };
    if let syn::Expr::Paren(p) = &*m.receiver {
        if matches!(
            *p.expr,
            syn::Expr::Path(_)
                | syn::Expr::Call(_)
                | syn::Expr::MethodCall(_)
                | syn::Expr::Field(_)
                | syn::Expr::Index(_)
                | syn::Expr::Macro(_)
                | syn::Expr::Lit(_)
        ) {
            *m.receiver = (*p.expr).clone();
        }
    }
}

/// `return x;` as the last thing a function does → `x` (through a final `if`/`match`).
fn tail_returns(block: &mut syn::Block) {
    let Some(last) = block.stmts.last_mut() else {
        return;
    };
    match last {
        syn::Stmt::Expr(syn::Expr::Return(r), Some(_)) if r.expr.is_some() => {
            let value = r.expr.take().map(|x| *x);
            if let Some(value) = value {
                *last = syn::Stmt::Expr(value, None);
            }
        }
        syn::Stmt::Expr(e, None) => tail_expr(e),
        _ => {}
    }
}

fn tail_expr(e: &mut syn::Expr) {
    match e {
        syn::Expr::Return(r) if r.expr.is_some() => {
            if let Some(value) = r.expr.take() {
                *e = *value;
            }
        }
        syn::Expr::Block(b) => tail_returns(&mut b.block),
        syn::Expr::If(i) => {
            if let Some((_, els)) = &mut i.else_branch {
                tail_returns(&mut i.then_branch);
                tail_expr(els);
            }
        }
        syn::Expr::Match(m) => {
            for arm in &mut m.arms {
                tail_expr(&mut arm.body);
            }
        }
        _ => {}
    }
}
