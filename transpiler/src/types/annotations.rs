//! Type annotations (`int`, `list[float]`, `"Node"`, `int | None`, `Optional[str]`) to types.

use super::{Checker, Ty};
use crate::diagnostics::Code;
use crate::syntax::ast;

impl Checker<'_> {
    pub(super) fn annotation(&mut self, e: &ast::Expr) -> Ty {
        use ast::ExprKind as K;
        match &e.kind {
            K::None => Ty::None,
            K::Name(n) => match n.as_str() {
                "int" => Ty::Int,
                "float" => Ty::Float,
                "bool" => Ty::Bool,
                "str" => Ty::Str,
                "None" => Ty::None,
                _ if self.subst.contains_key(n) => self.subst[n].clone(),
                _ if self.type_vars.contains(n) => Ty::Param(n.clone()),
                _ if self.class_ids.contains_key(n) => Ty::Class(n.clone()),
                "list" | "List" => self.bare_generic(e, "list[int]"),
                "dict" | "Dict" => self.bare_generic(e, "dict[str, int]"),
                "set" | "Set" => self.bare_generic(e, "set[int]"),
                "tuple" | "Tuple" => self.bare_generic(e, "tuple[int, str]"),
                _ => {
                    self.error(Code::UnknownName, format!("unknown type `{n}`"), e.span, "not a type Roast knows").help =
                        Some("Roast's types are int, float, bool, str, None, list[T], dict[K, V], set[T], tuple[...] and Optional[T]".into());
                    Ty::Error
                }
            },
            K::Str(s) => {
                // A forward reference: parse the string as an annotation.
                match s.as_str() {
                    _ if self.class_ids.contains_key(s) => Ty::Class(s.clone()),
                    "int" => Ty::Int,
                    "float" => Ty::Float,
                    "bool" => Ty::Bool,
                    "str" => Ty::Str,
                    _ => {
                        self.error(
                            Code::Unsupported,
                            format!("string annotation `{s}` is not supported yet"),
                            e.span,
                            "forward reference",
                        );
                        Ty::Error
                    }
                }
            }
            K::Subscript { value, index } => {
                let args: Vec<&ast::Expr> = match &index.kind {
                    K::Tuple(items) => items.iter().collect(),
                    _ => vec![index],
                };
                let K::Name(head) = &value.kind else {
                    self.error(Code::TypeMismatch, "not a type", e.span, "expected a type");
                    return Ty::Error;
                };
                if head == "Callable" {
                    if let [params, ret] = args.as_slice() {
                        if let K::List(ps) = &params.kind {
                            let ps: Vec<Ty> = ps.iter().map(|p| self.annotation(p)).collect();
                            let r = self.annotation(ret);
                            return Ty::Func(ps, Box::new(r));
                        }
                    }
                    self.error(
                        Code::TypeMismatch,
                        "write `Callable[[parameter types], return type]`",
                        e.span,
                        "malformed Callable",
                    );
                    return Ty::Error;
                }
                match (head.as_str(), args.as_slice()) {
                    ("list" | "List", [t]) => Ty::list(self.annotation(t)),
                    ("set" | "Set", [t]) => Ty::Set(Box::new(self.annotation(t))),
                    ("dict" | "Dict", [k, v]) => {
                        Ty::Dict(Box::new(self.annotation(k)), Box::new(self.annotation(v)))
                    }
                    ("Optional", [t]) => Ty::Optional(Box::new(self.annotation(t))),
                    ("tuple" | "Tuple", [t, dots]) if matches!(dots.kind, K::Ellipsis) => {
                        Ty::TupleOf(Box::new(self.annotation(t)))
                    }
                    // `tuple[()]`: the empty tuple.
                    ("tuple" | "Tuple", [unit]) if matches!(&unit.kind, K::Tuple(t) if t.is_empty()) => {
                        Ty::Tuple(Vec::new())
                    }
                    ("tuple" | "Tuple", items) => {
                        Ty::Tuple(items.iter().map(|t| self.annotation(t)).collect())
                    }
                    _ => {
                        self.error(
                            Code::TypeMismatch,
                            format!("`{head}[...]` is not a type Roast knows"),
                            e.span,
                            "unknown generic type",
                        );
                        Ty::Error
                    }
                }
            }
            K::BinOp {
                left,
                op: ast::BinOp::BitOr,
                right,
            } => {
                let l = self.annotation(left);
                let r = self.annotation(right);
                match (l, r) {
                    (t, Ty::None) | (Ty::None, t) => Ty::Optional(Box::new(t)),
                    _ => {
                        self.error(
                            Code::Unsupported,
                            "union types other than `T | None` are not supported by Roast",
                            e.span,
                            "union",
                        );
                        Ty::Error
                    }
                }
            }
            _ => {
                self.error(
                    Code::TypeMismatch,
                    "this is not a type annotation Roast understands",
                    e.span,
                    "expected a type",
                );
                Ty::Error
            }
        }
    }

    fn bare_generic(&mut self, e: &ast::Expr, example: &str) -> Ty {
        self.error(
            Code::MissingAnnotation,
            "a container type needs its element types",
            e.span,
            "element type missing",
        )
        .help = Some(format!("write the element types, e.g. `{example}`"));
        Ty::Error
    }
}
