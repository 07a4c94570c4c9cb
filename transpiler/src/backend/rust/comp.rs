//! Comprehensions and key functions: a single `for` clause becomes an iterator chain
//! (`xs.iter().filter(..).map(..)`), fused into its consumer (`sum`, `any`, `sorted`, ...);
//! several clauses become nested loops that push into a vector.

use super::code::{prec, Code};
use super::FnEmitter;
use crate::hir::{self, ExprKind as H};
use crate::types::Ty;

impl FnEmitter<'_> {
    /// A list (or materialized generator) from a comprehension.
    pub(super) fn comprehension(&mut self, elt: &hir::Expr, gens: &[hir::CompFor]) -> Code {
        if let Some(chain) = self.comp_chain(elt, gens) {
            return Code::atom(format!("{chain}.collect::<Vec<_>>()"));
        }
        let items = self.fresh("items");
        let mut text = format!("{{ let mut {items} = Vec::new(); ");
        self.in_closure += 1;
        let mut closing = String::new();
        for g in gens {
            let owned = self.owned_target(&g.target);
            let (it, shape) = self.iter_expr(&g.iter, owned);
            let mut post = Vec::new();
            let pat = self.pattern(&g.target, &shape, &mut post);
            text.push_str(&format!("for {pat} in {it} {{ "));
            closing.push_str("} ");
            for c in &g.ifs {
                let c = self.cond(c);
                text.push_str(&format!("if {c} {{ "));
                closing.push_str("} ");
            }
        }
        let v = self.value(elt);
        self.in_closure -= 1;
        text.push_str(&format!("{items}.push({v}); {closing}{items} }}"));
        Code::value(text, prec::BLOCK)
    }

    /// `iter.filter(|&pat| cond).map(|pat| elt)` for a one-clause comprehension.
    fn comp_chain(&mut self, elt: &hir::Expr, gens: &[hir::CompFor]) -> Option<String> {
        let [g] = gens else { return None };
        let (mut chain, pat) = self.comp_source(g)?;
        self.in_closure += 1;
        let v = self.value(elt);
        self.in_closure -= 1;
        if !(v == pat && matches!(elt.kind, H::Local(_))) || !elt.ty.is_copy() {
            chain.push_str(&format!(".map(|{pat}| {v})"));
        }
        Some(chain)
    }

    /// The iterator and filters of one clause, and the pattern binding its items.
    fn comp_source(&mut self, g: &hir::CompFor) -> Option<(String, String)> {
        // A list's tuples can be borrowed one by one: the element expression copies what it
        // keeps (`[r[0] for r in records]` clones the names, not the records).
        let owned = self.owned_target(&g.target) && !matches!(g.iter, hir::Iterable::List(_));
        let (it, shape) = self.iter_expr(&g.iter, owned);
        let mut post = Vec::new();
        let pat = self.pattern(&g.target, &shape, &mut post);
        if !post.is_empty() {
            return None;
        }
        let mut chain = it;
        if !g.ifs.is_empty() {
            self.in_closure += 1;
            let conds: Vec<String> = g
                .ifs
                .iter()
                .map(|c| self.cond_code(c).at(prec::AND + 1))
                .collect();
            self.in_closure -= 1;
            chain.push_str(&format!(".filter(|&{pat}| {})", conds.join(" && ")));
        }
        Some((chain, pat))
    }

    /// `any`/`all` over a comprehension: the test goes into the consumer's closure.
    pub(super) fn comp_consume(
        &mut self,
        elt: &hir::Expr,
        gens: &[hir::CompFor],
        consumer: &str,
    ) -> Option<String> {
        let [g] = gens else { return None };
        let (chain, pat) = self.comp_source(g)?;
        self.in_closure += 1;
        let c = self.cond_code(elt);
        self.in_closure -= 1;
        let test = if elt.ty == Ty::Bool {
            c.text
        } else {
            super::expr::truthy_text(&c.at(prec::CMP + 1), &elt.ty)
        };
        Some(format!("{chain}.{consumer}(|{pat}| {test})"))
    }

    /// An iterator of owned items of a list-typed expression (fusing a comprehension).
    pub(super) fn owned_items(&mut self, e: &hir::Expr) -> String {
        if let H::Comprehension { elt, gens } = &e.kind {
            if let Some(chain) = self.comp_chain(elt, gens) {
                return chain;
            }
        }
        let c = self.expr(e);
        let copy = e.ty.iter_item().is_some_and(|t| t.is_copy());
        match c.kind {
            _ if copy && c.kind != super::code::Kind::Value => {
                format!("{}.iter().copied()", c.recv())
            }
            super::code::Kind::Value => format!("{}.into_iter()", c.recv()),
            super::code::Kind::Place if c.movable => format!("{}.into_iter()", c.recv()),
            _ => format!("{}.iter().cloned()", c.recv()),
        }
    }

    /// A single name bound to whole tuples: iterate owned items (a tuple of references would
    /// not outlive the loop).
    fn owned_target(&self, target: &hir::Target) -> bool {
        matches!(target, hir::Target::Local(id) if matches!(self.f.local(*id).ty, Ty::Tuple(_)) && !self.f.local(*id).ty.is_copy())
    }

    /// A lambda as a Rust closure with typed parameters; `owned` makes it `move`, and returns
    /// the `let` statements that clone what it captures.
    pub(super) fn closure(&mut self, lambda: &hir::Expr, owned: bool) -> (String, Vec<String>) {
        let H::Lambda { params, body } = &lambda.kind else {
            return ("|| ()".into(), Vec::new());
        };
        let mut ps = Vec::new();
        for p in params {
            let ty = self.f.local(*p).ty.clone();
            let name = self.names[p.0 as usize].clone();
            self.repr[p.0 as usize] = if ty.is_copy() {
                super::Repr::Value
            } else if ty == Ty::Str {
                super::Repr::StrRef
            } else {
                super::Repr::Ref
            };
            ps.push(format!("{name}: {}", super::fn_arg_type(&ty)));
        }
        let mut captures = Vec::new();
        let saved_repr = self.repr.clone();
        if owned {
            let mut seen = std::collections::BTreeSet::new();
            captured_locals(body, params, self.f, &mut seen);
            for id in seen {
                let ty = &self.f.local(id).ty;
                if ty.is_copy() {
                    continue;
                }
                let name = self.names[id.0 as usize].clone();
                if self.repr[id.0 as usize] == super::Repr::Cell {
                    // The closure gets its own handle on the shared value.
                    captures.push(format!("let {name} = std::rc::Rc::clone(&{name});"));
                    continue;
                }
                let c = self.expr(&hir::Expr {
                    kind: H::Local(id),
                    ty: ty.clone(),
                    span: lambda.span,
                });
                let v = match c.kind {
                    super::code::Kind::Ref | super::code::Kind::StrRef => {
                        format!("{name}.to_owned()")
                    }
                    _ => format!("{name}.clone()"),
                };
                captures.push(format!("let {name} = {v};"));
                self.repr[id.0 as usize] = super::Repr::Value;
            }
        }
        self.in_closure += 1;
        let v = self.value(body);
        self.in_closure -= 1;
        self.repr = saved_repr;
        let mv = if owned { "move " } else { "" };
        (format!("{mv}|{}| {v}", ps.join(", ")), captures)
    }

    /// A key function as a closure over `&T`.
    pub(super) fn key_closure(&mut self, lambda: &hir::Expr) -> String {
        let H::Lambda { params, body } = &lambda.kind else {
            return "|_| ()".into();
        };
        let Some(&p) = params.first() else {
            return "|_| ()".into();
        };
        let ty: Ty = self.f.local(p).ty.clone();
        let name = self.names[p.0 as usize].clone();
        let pat = if ty.is_copy() {
            self.repr[p.0 as usize] = super::Repr::Value;
            format!("&{name}")
        } else {
            self.repr[p.0 as usize] = super::Repr::Ref;
            name
        };
        self.in_closure += 1;
        let v = self.value(body);
        self.in_closure -= 1;
        format!("|{pat}| {v}")
    }
}

/// Locals a lambda body reads that it does not bind itself.
fn captured_locals(
    e: &hir::Expr,
    params: &[hir::LocalId],
    f: &hir::Function,
    out: &mut std::collections::BTreeSet<hir::LocalId>,
) {
    if let H::Local(id) = e.kind {
        if !params.contains(&id) && !f.local(id).scoped {
            out.insert(id);
        }
    }
    hir::visit::each_child(e, &mut |c| captured_locals(c, params, f, out));
}
