//! Exceptions: the built-in classes and user classes deriving from them, `raise`, and
//! `try`/`except`/`else`/`finally`.

use super::expr::mk;
use super::{Checker, Ty};
use crate::diagnostics::Code;
use crate::hir::{self, ExcClass, ExprKind as H, StmtKind};
use crate::source::Span;
use crate::syntax::ast::{self, ExprKind as A};

/// CPython's built-in exception classes that Roast programs can raise and catch.
pub const BUILTIN_EXCEPTIONS: &[&str] = &[
    "BaseException",
    "Exception",
    "ArithmeticError",
    "ZeroDivisionError",
    "OverflowError",
    "LookupError",
    "IndexError",
    "KeyError",
    "ValueError",
    "TypeError",
    "AssertionError",
    "RuntimeError",
    "NotImplementedError",
    "RecursionError",
    "StopIteration",
    "EOFError",
    "AttributeError",
    "UnicodeError",
    "UnicodeDecodeError",
    "NameError",
    "SyntaxError",
    "OSError",
    "SystemExit",
];

/// Built-in classes a program may raise and catch that the runtime has no kind of its own for
/// (nothing in Roast raises them by itself): they are carried as `ErrorKind::Other`, which
/// derives from `Exception` as they do.
pub const RAISED_ONLY: &[&str] = &["NameError", "SyntaxError", "OSError"];

pub fn is_builtin_exception(name: &str) -> bool {
    BUILTIN_EXCEPTIONS.contains(&name)
}

impl Checker<'_> {
    /// `super().__init__(args)` in the `__init__` of an exception class: sets `str(self)`.
    pub(super) fn super_init(&mut self, args: &[ast::Expr], span: Span) -> Option<StmtKind> {
        let Some(class) = self.fcx.init_of.clone() else {
            self.error(Code::Unsupported, "`super()` is only supported as `super().__init__(...)` in an exception class's `__init__`", span, "super()");
            return None;
        };
        let Some(&self_id) = self.fcx.scope.get("self") else {
            return None;
        };
        if !self
            .classes
            .get(self.class_ids.get(&class).copied().unwrap_or(usize::MAX))
            .is_some_and(|c| c.exception_base.is_some())
        {
            return None;
        }
        let values: Vec<hir::Expr> = args.iter().map(|a| self.expr(a)).collect();
        let message = exception_message(values, span);
        let obj = mk(H::Local(self_id), Ty::Class(class), span);
        Some(StmtKind::Assign {
            target: hir::Place::Field {
                obj: Box::new(obj),
                name: "__message".into(),
            },
            value: message,
        })
    }

    /// The exception class a name denotes, if it is one.
    pub(super) fn exception_class(&self, name: &str) -> Option<ExcClass> {
        if self.fcx.scope.contains_key(name) {
            return None;
        }
        if self.exceptions.contains_key(name) {
            return Some(ExcClass {
                name: name.to_string(),
                builtin: false,
            });
        }
        is_builtin_exception(name).then(|| ExcClass {
            name: name.to_string(),
            builtin: true,
        })
    }

    /// `ValueError("msg")` / `ValueError`.
    pub(super) fn new_exception(
        &mut self,
        class: ExcClass,
        args: &[ast::Expr],
        span: Span,
    ) -> hir::Expr {
        let arg = match args {
            [] => None,
            [a] => Some(Box::new(self.expr(a))),
            _ => {
                self.error(
                    Code::Unsupported,
                    "an exception with several arguments is not supported; pass one message",
                    span,
                    "several arguments",
                );
                None
            }
        };
        let ty = Ty::Exception(class.name.clone());
        mk(H::NewException { class, arg }, ty, span)
    }

    pub(super) fn raise_stmt(
        &mut self,
        exc: Option<&ast::Expr>,
        cause: Option<&ast::Expr>,
        span: Span,
    ) -> Option<StmtKind> {
        if let Some(c) = cause {
            // CPython's last traceback line is the raised exception's: the cause only adds context.
            let _ = self.expr(c);
        }
        let Some(exc) = exc else {
            let Some(&handler) = self.fcx.handlers.last() else {
                self.error(
                    Code::Misplaced,
                    "`raise` without an exception outside an `except` block",
                    span,
                    "nothing to re-raise",
                );
                return None;
            };
            return Some(StmtKind::Raise {
                exc: None,
                handler: Some(handler),
            });
        };
        let value = match &exc.kind {
            A::Name(n) if self.exception_class(n).is_some() => {
                let class = self.exception_class(n)?;
                self.new_exception(class, &[], exc.span)
            }
            _ => self.expr(exc),
        };
        match self.fcx.infer.resolve(&value.ty) {
            Ty::Exception(_) => Some(StmtKind::Raise {
                exc: Some(value),
                handler: None,
            }),
            Ty::Class(c) if self.exceptions.contains_key(&c) => Some(StmtKind::Raise {
                exc: Some(value),
                handler: None,
            }),
            Ty::Error => None,
            other => {
                self.error(
                    Code::TypeMismatch,
                    format!("exceptions must derive from BaseException, not `{other}`"),
                    exc.span,
                    "not an exception",
                )
                .help = Some("raise an exception class, e.g. `raise ValueError(\"...\")`".into());
                None
            }
        }
    }

    pub(super) fn try_stmt(
        &mut self,
        body: &[ast::Stmt],
        handlers: &[ast::ExceptHandler],
        orelse: &[ast::Stmt],
        finalbody: &[ast::Stmt],
    ) -> Option<StmtKind> {
        let body = self.check_block(body);
        let mut out = Vec::new();
        for h in handlers {
            let mut classes = Vec::new();
            if let Some(t) = &h.typ {
                let names: Vec<&ast::Expr> = match &t.kind {
                    A::Tuple(items) => items.iter().collect(),
                    _ => vec![t],
                };
                for n in names {
                    match &n.kind {
                        A::Name(name) => match self.exception_class(name) {
                            Some(c) => classes.push(c),
                            None => {
                                self.error(Code::UnknownName, format!("`{name}` is not an exception class"), n.span, "not an exception").help =
                                    Some("catch a built-in exception such as `ValueError`, or a class deriving from `Exception`".into());
                            }
                        },
                        _ => {
                            self.error(
                                Code::Unsupported,
                                "only exception class names can follow `except`",
                                n.span,
                                "not a class name",
                            );
                        }
                    }
                }
            }
            let ty = Ty::Exception(if classes.len() == 1 {
                classes[0].name.clone()
            } else {
                "Exception".into()
            });
            let mut saved = Vec::new();
            let name = h.name.as_ref().map_or("error", |n| n.name.as_str());
            let var = self.new_scoped_local(
                name,
                ty,
                h.name.as_ref().map_or(h.span, |n| n.span),
                &mut saved,
            );
            self.fcx.handlers.push(var);
            let hbody = self.check_block(&h.body);
            self.fcx.handlers.pop();
            self.restore_scope(saved);
            out.push(hir::Handler {
                classes,
                var,
                body: hbody,
            });
        }
        let orelse = self.check_block(orelse);
        let finalbody = self.check_block(finalbody);
        Some(StmtKind::Try {
            body,
            handlers: out,
            orelse,
            finalbody,
        })
    }
}

/// `str(e)` of an exception built from these arguments: nothing → `""`, one → `str(arg)`,
/// several → the repr of their tuple.
pub fn exception_message(values: Vec<hir::Expr>, span: Span) -> hir::Expr {
    match values.len() {
        0 => mk(H::Str(String::new()), Ty::Str, span),
        1 => {
            let v = values
                .into_iter()
                .next()
                .unwrap_or_else(|| mk(H::None, Ty::None, span));
            if v.ty == Ty::Str {
                v
            } else {
                mk(
                    H::Builtin {
                        func: hir::Builtin::Str,
                        args: vec![v],
                    },
                    Ty::Str,
                    span,
                )
            }
        }
        _ => {
            let ty = Ty::Tuple(values.iter().map(|v| v.ty.clone()).collect());
            let t = mk(H::Tuple(values), ty, span);
            mk(
                H::Builtin {
                    func: hir::Builtin::Str,
                    args: vec![t],
                },
                Ty::Str,
                span,
            )
        }
    }
}
