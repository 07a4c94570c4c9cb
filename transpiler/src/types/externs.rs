//! `@extern` functions: a Roast signature whose body is `...`, implemented by a Rust function
//! of the same name in the crate that embeds the code with `roast!`. Calls to one are checked
//! against the declared signature like any other call; the function has no HIR body, and the
//! backend emits nothing for it. (Whether externs are allowed at all is the caller's choice:
//! `roast::check` rejects them, `roast::emit_embedded` accepts them.)

use super::{Checker, FnCtx};
use crate::diagnostics::Code;
use crate::hir::{self, FuncId};
use crate::syntax::ast;

/// `@extern` (the only decorator a module-level function may carry).
pub(super) fn is_extern_decorator(dec: &ast::Expr) -> bool {
    matches!(&dec.kind, ast::ExprKind::Name(n) if n == "extern")
}

impl Checker<'_> {
    /// Whether `def` is marked `@extern`; reports a body other than `...`.
    pub(super) fn extern_decorator(&mut self, def: &ast::FunctionDef) -> bool {
        let Some(dec) = def.decorators.iter().find(|d| is_extern_decorator(d)) else {
            return false;
        };
        let stub = matches!(
            def.body.as_slice(),
            [ast::Stmt {
                kind: ast::StmtKind::Pass,
                ..
            }]
        );
        if !stub {
            self.error(
                Code::Unsupported,
                format!(
                    "the `@extern` function `{}` has a body; its body must be `...`",
                    def.name.name
                ),
                dec.span,
                "implemented in Rust",
            )
            .help = Some(
                "an `@extern` function is implemented by the Rust function of the same name; write `...` as its body"
                    .into(),
            );
        }
        true
    }

    /// Records `id` as an extern; generic externs are rejected (Rust would need one per type).
    pub(super) fn declare_extern(&mut self, id: FuncId, def: &ast::FunctionDef) {
        if self.generic_defs.remove(&id).is_some() {
            self.error(
                Code::Unsupported,
                format!("the `@extern` function `{}` is generic", def.name.name),
                def.name.span,
                "generic extern",
            )
            .help = Some("declare one `@extern` function per type it is used with".into());
        }
        self.externs.push(id);
    }

    /// The HIR of an extern: its parameters and return type, and no body.
    pub(super) fn extern_function(&mut self, id: FuncId, def: &ast::FunctionDef) -> hir::Function {
        let sig = self.sigs[id.0 as usize].clone();
        self.fcx = FnCtx {
            ret: sig.ret.clone(),
            ..FnCtx::default()
        };
        let params = def
            .params
            .iter()
            .zip(&sig.params)
            .map(|(p, ps)| self.new_local(&p.name.name, ps.ty.clone(), p.name.span))
            .collect();
        self.finish_function(sig.name, params, sig.ret, Vec::new(), def.span)
    }
}
