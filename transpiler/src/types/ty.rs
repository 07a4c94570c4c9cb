//! Roast's types, shown to the user in Python's notation.

use std::fmt;

/// An inference variable, solved by unification within one function.
pub type TyVar = u32;

#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub enum Ty {
    Int,
    Float,
    Bool,
    Str,
    #[default]
    None,
    List(Box<Ty>),
    Dict(Box<Ty>, Box<Ty>),
    Set(Box<Ty>),
    Tuple(Vec<Ty>),
    /// `tuple[T, ...]`: a tuple of any length whose items all have type `T`.
    TupleOf(Box<Ty>),
    Optional(Box<Ty>),
    /// An instance of a user class, by name.
    Class(String),
    /// `Callable[[A, B], R]`.
    Func(Vec<Ty>, Box<Ty>),
    /// An exception instance (`except E as e`, `ValueError("x")`), by its class name.
    Exception(String),
    /// A type parameter of a generic function (`T`), replaced by a concrete type in each
    /// instance the program uses.
    Param(String),
    /// Not yet known: solved by later uses (`xs = []` then `xs.append(1)`).
    Var(TyVar),
    /// The type of an expression that already has an error: stops cascades.
    Error,
}

impl Ty {
    pub fn list(elem: Ty) -> Ty {
        Ty::List(Box::new(elem))
    }

    /// The item type of a list or a `tuple[T, ...]`: the sequences read by position.
    pub fn seq_elem(&self) -> Option<&Ty> {
        match self {
            Ty::List(t) | Ty::TupleOf(t) => Some(t),
            _ => None,
        }
    }

    pub fn is_optional(&self) -> bool {
        matches!(self, Ty::Optional(_))
    }

    /// Values of this type are copied, never shared (`int`, `float`, `bool`, `None`).
    pub fn is_copy(&self) -> bool {
        match self {
            Ty::Int | Ty::Float | Ty::Bool | Ty::None | Ty::Error => true,
            Ty::Tuple(items) => items.iter().all(Ty::is_copy),
            Ty::Optional(inner) => inner.is_copy(),
            _ => false,
        }
    }

    pub fn is_numeric(&self) -> bool {
        matches!(self, Ty::Int | Ty::Float | Ty::Bool)
    }

    /// The element type produced by iterating over a value of this type.
    pub fn iter_item(&self) -> Option<Ty> {
        match self {
            Ty::List(t) | Ty::Set(t) | Ty::TupleOf(t) => Some((**t).clone()),
            Ty::Dict(k, _) => Some((**k).clone()),
            Ty::Str => Some(Ty::Str),
            _ => None,
        }
    }

    pub fn contains_var(&self) -> bool {
        match self {
            Ty::Var(_) => true,
            Ty::List(t) | Ty::Set(t) | Ty::TupleOf(t) | Ty::Optional(t) => t.contains_var(),
            Ty::Dict(k, v) => k.contains_var() || v.contains_var(),
            Ty::Tuple(ts) => ts.iter().any(Ty::contains_var),
            _ => false,
        }
    }

    pub fn contains_error(&self) -> bool {
        match self {
            Ty::Error => true,
            Ty::List(t) | Ty::Set(t) | Ty::TupleOf(t) | Ty::Optional(t) => t.contains_error(),
            Ty::Dict(k, v) => k.contains_error() || v.contains_error(),
            Ty::Tuple(ts) => ts.iter().any(Ty::contains_error),
            _ => false,
        }
    }
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ty::Int => f.write_str("int"),
            Ty::Float => f.write_str("float"),
            Ty::Bool => f.write_str("bool"),
            Ty::Str => f.write_str("str"),
            Ty::None => f.write_str("None"),
            Ty::List(t) => write!(f, "list[{t}]"),
            Ty::Dict(k, v) => write!(f, "dict[{k}, {v}]"),
            Ty::Set(t) => write!(f, "set[{t}]"),
            Ty::TupleOf(t) => write!(f, "tuple[{t}, ...]"),
            Ty::Tuple(ts) => {
                f.write_str("tuple[")?;
                for (i, t) in ts.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{t}")?;
                }
                f.write_str("]")
            }
            Ty::Optional(t) => write!(f, "{t} | None"),
            Ty::Class(name) | Ty::Exception(name) => f.write_str(name),
            Ty::Func(params, ret) => {
                f.write_str("Callable[[")?;
                for (i, t) in params.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{t}")?;
                }
                write!(f, "], {ret}]")
            }
            Ty::Var(_) => f.write_str("?"),
            Ty::Param(n) => f.write_str(n),
            Ty::Error => f.write_str("<error>"),
        }
    }
}

impl Ty {
    /// Does the type mention a type parameter?
    pub fn has_param(&self) -> bool {
        match self {
            Ty::Param(_) => true,
            Ty::List(t) | Ty::Set(t) | Ty::TupleOf(t) | Ty::Optional(t) => t.has_param(),
            Ty::Dict(k, v) => k.has_param() || v.has_param(),
            Ty::Tuple(ts) => ts.iter().any(Ty::has_param),
            Ty::Func(ps, r) => ps.iter().any(Ty::has_param) || r.has_param(),
            _ => false,
        }
    }

    /// The type with each parameter replaced as `f` says.
    pub fn subst(&self, f: &dyn Fn(&str) -> Option<Ty>) -> Ty {
        match self {
            Ty::Param(n) => f(n).unwrap_or_else(|| self.clone()),
            Ty::List(t) => Ty::List(Box::new(t.subst(f))),
            Ty::Set(t) => Ty::Set(Box::new(t.subst(f))),
            Ty::TupleOf(t) => Ty::TupleOf(Box::new(t.subst(f))),
            Ty::Optional(t) => Ty::Optional(Box::new(t.subst(f))),
            Ty::Dict(k, v) => Ty::Dict(Box::new(k.subst(f)), Box::new(v.subst(f))),
            Ty::Tuple(ts) => Ty::Tuple(ts.iter().map(|t| t.subst(f)).collect()),
            Ty::Func(ps, r) => Ty::Func(
                ps.iter().map(|t| t.subst(f)).collect(),
                Box::new(r.subst(f)),
            ),
            _ => self.clone(),
        }
    }
}
