//! Typed HIR: the checked program. Every name is resolved (to a local, a global constant, a
//! function or a built-in), every expression carries its type, calls have their arguments in
//! parameter order with defaults filled in, and implicit conversions (`int` → `float`) are
//! explicit. Invariant: no `Ty::Var` and no `Ty::Error` remain after checking succeeds.

pub mod recursion;
pub mod visit;

use crate::source::Span;
use crate::types::Ty;

pub use crate::syntax::ast::{BinOp, CmpOp};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LocalId(pub u32);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FuncId(pub u32);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GlobalId(pub u32);

#[derive(Debug, Default)]
pub struct Program {
    pub classes: Vec<Class>,
    /// User exception classes and their base classes.
    pub exceptions: Vec<(String, String)>,
    pub functions: Vec<Function>,
    /// Module-level names that functions read: constants, evaluated before `__main__` runs.
    pub globals: Vec<Global>,
    /// The module's top-level statements, as a function of no parameters.
    pub main: Function,
    /// `@extern` functions: declared in Roast (their body is empty here), implemented by a
    /// Rust function of the same name in the crate that embeds the code (`roast!`).
    pub externs: Vec<FuncId>,
    /// The functions defined by a top-level `def` (not methods, nested functions or generic
    /// instances), in source order: what embedding exports.
    pub top_level: Vec<FuncId>,
}

impl Program {
    pub fn function(&self, id: FuncId) -> &Function {
        &self.functions[id.0 as usize]
    }

    pub fn class(&self, name: &str) -> Option<&Class> {
        self.classes.iter().find(|c| c.name == name)
    }

    /// Does class `c` derive from `base` (directly or further up), or is it `base`?
    pub fn is_subclass(&self, c: &str, base: &str) -> bool {
        let mut k = Some(c);
        while let Some(cls) = k {
            if cls == base {
                return true;
            }
            k = self.class(cls).and_then(|c| c.base.as_deref());
        }
        false
    }

    /// `base` and every class deriving from it, in program order.
    pub fn family(&self, base: &str) -> Vec<&Class> {
        self.classes
            .iter()
            .filter(|c| self.is_subclass(&c.name, base))
            .collect()
    }

    /// Classes some subclass instance stands in for (the targets of `Upcast`): a value of such a
    /// class may be an instance of any class of its family.
    pub fn polymorphic_classes(&self) -> std::collections::BTreeSet<String> {
        fn expr(e: &Expr, out: &mut std::collections::BTreeSet<String>) {
            if let (ExprKind::Upcast(x), crate::types::Ty::Class(c)) = (&e.kind, &e.ty) {
                if x.ty != e.ty {
                    out.insert(c.clone());
                }
            }
            visit::each_child(e, &mut |c| expr(c, out));
        }
        fn block(stmts: &[Stmt], out: &mut std::collections::BTreeSet<String>) {
            for s in stmts {
                visit::stmt_exprs(s, &mut |e| expr(e, out));
                for b in visit::stmt_blocks(s) {
                    block(b, out);
                }
            }
        }
        let mut out = std::collections::BTreeSet::new();
        for f in self.functions.iter().chain(std::iter::once(&self.main)) {
            block(&f.body, &mut out);
        }
        for g in &self.globals {
            expr(&g.value, &mut out);
        }
        out
    }
}

/// A user class: its fields in declaration order, and what its dunder methods provide.
#[derive(Debug, Clone, Default)]
pub struct Class {
    pub name: String,
    /// The user class it derives from, if any.
    pub base: Option<String>,
    pub fields: Vec<(String, Ty)>,
    pub dataclass: bool,
    /// `@dataclass(order=True)`: instances compare field by field.
    pub order: bool,
    /// `@dataclass(frozen=True)`: immutable, hashable by its fields.
    pub frozen: bool,
    /// An exception class with fields or methods: its base exception class. Such a class has
    /// an implicit `__message` field (`str(e)`), set from the constructor's arguments and by
    /// `super().__init__(msg)`.
    pub exception_base: Option<String>,
    /// `__init__`, if the class defines one.
    pub init: Option<FuncId>,
    pub methods: Vec<FuncId>,
    pub has_str: bool,
    pub has_repr: bool,
    pub has_eq: bool,
    pub has_lt: bool,
    pub has_hash: bool,
    pub span: Span,
}

/// What kind of function a `Function` is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum FnKind {
    #[default]
    Function,
    /// A method of the named class; its first parameter is `self`.
    Method(String),
    /// A `@staticmethod` of the named class.
    Static(String),
    /// The `__init__` of the named class.
    Init(String),
    /// A generic function's definition: only its instances are emitted.
    Generic,
}

#[derive(Debug)]
pub struct Global {
    pub name: String,
    pub ty: Ty,
    pub value: Expr,
    pub span: Span,
}

#[derive(Debug, Default)]
pub struct Function {
    pub name: String,
    pub kind: FnKind,
    /// The first `params.len()` locals are the parameters, in order.
    pub params: Vec<LocalId>,
    pub ret: Ty,
    pub locals: Vec<Local>,
    pub body: Vec<Stmt>,
    pub span: Span,
}

impl Function {
    pub fn local(&self, id: LocalId) -> &Local {
        &self.locals[id.0 as usize]
    }
}

#[derive(Debug, Clone)]
pub struct Local {
    pub name: String,
    pub ty: Ty,
    pub span: Span,
    /// Bound by a comprehension or lambda: scoped to that expression, not to the function.
    pub scoped: bool,
}

#[derive(Debug, Clone)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum StmtKind {
    Expr(Expr),
    /// `target = value` (also the annotated form).
    Assign {
        target: Place,
        value: Expr,
    },
    /// `a, b = x, y`: all values are evaluated before any target is assigned.
    MultiAssign {
        targets: Vec<Place>,
        values: Vec<Expr>,
    },
    /// `target op= value` on numbers and strings (`+=` on a list is `Extend`).
    AugAssign {
        target: Place,
        op: Arith,
        value: Expr,
    },
    If {
        cond: Expr,
        then: Vec<Stmt>,
        els: Vec<Stmt>,
    },
    While {
        cond: Expr,
        body: Vec<Stmt>,
        orelse: Vec<Stmt>,
    },
    For {
        target: Target,
        iter: Iterable,
        body: Vec<Stmt>,
        orelse: Vec<Stmt>,
    },
    Break,
    Continue,
    Return(Option<Expr>),
    Assert {
        cond: Expr,
        msg: Option<Expr>,
    },
    Pass,
    /// `raise exc`; `None` re-raises the exception being handled (in `handler`).
    Raise {
        exc: Option<Expr>,
        handler: Option<LocalId>,
    },
    Try {
        body: Vec<Stmt>,
        handlers: Vec<Handler>,
        orelse: Vec<Stmt>,
        finalbody: Vec<Stmt>,
    },
}

/// `except (A, B) as e:` — `classes` empty for a bare `except:`; each class as the set of
/// exception kinds it catches (itself and its user-defined subclasses).
#[derive(Debug, Clone)]
pub struct Handler {
    pub classes: Vec<ExcClass>,
    pub var: LocalId,
    pub body: Vec<Stmt>,
}

/// An exception class: a built-in one (`ValueError`) or a user class deriving from one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExcClass {
    pub name: String,
    pub builtin: bool,
}

/// Something that can be assigned to.
#[derive(Debug, Clone)]
pub enum Place {
    Local(LocalId),
    /// `list[index]` or `dict[key]` (by the container's type).
    Index {
        list: Box<Expr>,
        index: Box<Expr>,
    },
    /// `obj.field`.
    Field {
        obj: Box<Expr>,
        name: String,
    },
}

/// One `for ... in ... if ...` clause of a comprehension.
#[derive(Debug, Clone)]
pub struct CompFor {
    pub target: Target,
    pub iter: Iterable,
    pub ifs: Vec<Expr>,
}

/// What a `for` loop binds: a name, or a tuple of targets (`for i, (a, b) in ...`).
#[derive(Debug, Clone)]
pub enum Target {
    Local(LocalId),
    Tuple(Vec<Target>),
}

impl Target {
    /// Every local the target binds, left to right.
    pub fn locals(&self) -> Vec<LocalId> {
        match self {
            Target::Local(id) => vec![*id],
            Target::Tuple(ts) => ts.iter().flat_map(Target::locals).collect(),
        }
    }
}

/// What a `for` loop walks over.
#[derive(Debug, Clone)]
pub enum Iterable {
    Range {
        start: Expr,
        stop: Expr,
        step: Option<Expr>,
    },
    /// Elements of a list, in order.
    List(Expr),
    /// The characters of a string, each a one-character `str`.
    Str(Expr),
    /// `enumerate(inner, start)`: `(index, item)` pairs.
    Enumerate { inner: Box<Iterable>, start: Expr },
    /// `zip(a, b, ...)`: tuples, stopping at the shortest.
    Zip(Vec<Iterable>),
    /// `reversed(inner)` of a list, range or str.
    Reversed(Box<Iterable>),
    /// A dict's keys, values or `(key, value)` items, in insertion order.
    Dict { dict: Expr, what: DictIter },
    /// A set's elements, in insertion order.
    Set(Expr),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DictIter {
    Keys,
    Values,
    Items,
}

impl Iterable {
    /// The expressions the iterable evaluates (once, before the loop), in order.
    pub fn exprs(&self) -> Vec<&Expr> {
        match self {
            Iterable::Range { start, stop, step } => {
                let mut v = vec![start, stop];
                v.extend(step.as_ref());
                v
            }
            Iterable::List(e)
            | Iterable::Str(e)
            | Iterable::Set(e)
            | Iterable::Dict { dict: e, .. } => vec![e],
            Iterable::Enumerate { inner, start } => {
                let mut v = inner.exprs();
                v.push(start);
                v
            }
            Iterable::Zip(items) => items.iter().flat_map(Iterable::exprs).collect(),
            Iterable::Reversed(inner) => inner.exprs(),
        }
    }

    pub fn exprs_mut(&mut self) -> Vec<&mut Expr> {
        match self {
            Iterable::Range { start, stop, step } => {
                let mut v = vec![start, stop];
                v.extend(step.as_mut());
                v
            }
            Iterable::List(e)
            | Iterable::Str(e)
            | Iterable::Set(e)
            | Iterable::Dict { dict: e, .. } => vec![e],
            Iterable::Enumerate { inner, start } => {
                let mut v = inner.exprs_mut();
                v.push(start);
                v
            }
            Iterable::Zip(items) => items.iter_mut().flat_map(Iterable::exprs_mut).collect(),
            Iterable::Reversed(inner) => inner.exprs_mut(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Expr {
    pub kind: ExprKind,
    pub ty: Ty,
    pub span: Span,
}

impl Expr {
    /// A literal CPython folds into a constant (`3`, `-1.5`, `"a"`, `(1, "b")`): a set display
    /// of three or more of them is built from a frozenset constant, in that table's order.
    pub fn is_constant(&self) -> bool {
        match &self.kind {
            ExprKind::Int(_)
            | ExprKind::Float(_)
            | ExprKind::Str(_)
            | ExprKind::Bool(_)
            | ExprKind::None => true,
            ExprKind::Neg(x) => matches!(x.kind, ExprKind::Int(_) | ExprKind::Float(_)),
            ExprKind::Tuple(items) => items.iter().all(Expr::is_constant),
            _ => false,
        }
    }

    /// The `int` of an implicit conversion to `float` (an `int` operand of a comparison with a
    /// `float`, which CPython compares exactly), not of an explicit `float(x)`: the checker
    /// gives an explicit call's conversion the call's span.
    pub fn implicit_int_to_float(&self) -> Option<&Expr> {
        match &self.kind {
            ExprKind::IntToFloat(inner) if inner.span == self.span && inner.ty == Ty::Int => {
                Some(inner)
            }
            _ => None,
        }
    }
}

/// Arithmetic with Python's semantics for the operand type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Arith {
    Add,
    Sub,
    Mul,
    /// True division: always a float.
    Div,
    FloorDiv,
    Mod,
    Pow,
    BitAnd,
    BitOr,
    BitXor,
    LShift,
    RShift,
}

#[derive(Debug, Clone)]
pub enum ExprKind {
    Int(i64),
    Float(f64),
    Bool(bool),
    Str(String),
    None,
    Local(LocalId),
    Global(GlobalId),
    /// A value where an `Optional` is expected.
    Some(Box<Expr>),
    /// An `Optional` used where its value is required (`None` there raises `TypeError`).
    Unwrap(Box<Expr>),
    /// A base-class value inside `if isinstance(x, Sub):`, used as the subclass (the
    /// expression's type); the same object, not a copy.
    Downcast(Box<Expr>),
    /// The object of a user exception class carried by a caught exception (`except E as e`).
    ExcPayload {
        exc: Box<Expr>,
        class: String,
    },
    /// `ValueError("msg")`: an exception object (the message is `str(arg)`, `repr` for KeyError).
    NewException {
        class: ExcClass,
        arg: Option<Box<Expr>>,
    },
    /// `int` → `float` where Python mixes them.
    IntToFloat(Box<Expr>),
    /// `bool` → `int` where Python does arithmetic on a bool.
    BoolToInt(Box<Expr>),
    /// Arithmetic on two operands of the expression's type (`int`, `float`, `str`, `list`);
    /// `Div` takes floats, `Pow` on ints with a negative literal exponent became floats.
    Binary {
        op: Arith,
        left: Box<Expr>,
        right: Box<Expr>,
    },
    /// `str * int`, `list * int`.
    Repeat {
        seq: Box<Expr>,
        count: Box<Expr>,
    },
    Neg(Box<Expr>),
    Not(Box<Expr>),
    Invert(Box<Expr>),
    /// `left op right` on operands of one type (numbers already unified).
    Compare {
        op: CmpOp,
        left: Box<Expr>,
        right: Box<Expr>,
    },
    /// `a < b < c`: each operand evaluated once, left to right, stopping at the first false.
    ChainCompare {
        first: Box<Expr>,
        rest: Vec<(CmpOp, Expr)>,
    },
    /// `a and b`: both operands of the result type; the value is `a` if `a` is falsy.
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    /// Python truthiness of any value, as a bool.
    Truthy(Box<Expr>),
    IfExp {
        cond: Box<Expr>,
        then: Box<Expr>,
        els: Box<Expr>,
    },
    List(Vec<Expr>),
    Tuple(Vec<Expr>),
    Dict(Vec<(Expr, Expr)>),
    Set(Vec<Expr>),
    /// `{key: value for ...}`.
    DictComp {
        key: Box<Expr>,
        value: Box<Expr>,
        gens: Vec<CompFor>,
    },
    /// `{elt for ...}`.
    SetComp {
        elt: Box<Expr>,
        gens: Vec<CompFor>,
    },
    /// `[elt for target in iter if cond ...]` (also generator expressions, which Roast
    /// materializes unless the consumer — `sum`, `any`, `sorted`, ... — fuses the loop).
    Comprehension {
        elt: Box<Expr>,
        gens: Vec<CompFor>,
    },
    /// `lambda p: body` (key functions, `Callable` values).
    Lambda {
        params: Vec<LocalId>,
        body: Box<Expr>,
    },
    /// A user function used as a value.
    FuncRef(FuncId),
    /// A call of a `Callable` value.
    CallValue {
        callee: Box<Expr>,
        args: Vec<Expr>,
    },
    /// `Class(args)`: the constructor, arguments in `__init__`'s order (or the dataclass fields').
    New {
        class: String,
        args: Vec<Expr>,
    },
    /// `obj.field`.
    Field {
        obj: Box<Expr>,
        name: String,
    },
    /// `t[0]` on a tuple (the index is a constant, already made non-negative).
    TupleField {
        tuple: Box<Expr>,
        index: usize,
    },
    /// `xs[i]` on a list, `d[k]` on a dict (by the container's type).
    Index {
        list: Box<Expr>,
        index: Box<Expr>,
    },
    /// `s[i]` on a str (a one-character str).
    StrIndex {
        s: Box<Expr>,
        index: Box<Expr>,
    },
    /// `xs[a:b:c]` on a list or str.
    Slice {
        seq: Box<Expr>,
        lower: Option<Box<Expr>>,
        upper: Option<Box<Expr>>,
        step: Option<Box<Expr>>,
    },
    /// A call of a user function with every argument in parameter order.
    Call {
        func: FuncId,
        args: Vec<Expr>,
    },
    Builtin {
        func: Builtin,
        args: Vec<Expr>,
    },
    /// A method of a built-in type; `receiver` is a place for the mutating ones.
    Method {
        method: Method,
        receiver: Box<Expr>,
        args: Vec<Expr>,
    },
    /// `print(*args, sep=.., end=..)`; an argument of kind `Spread` prints each item of a list.
    Print {
        args: Vec<Expr>,
        sep: Option<Box<Expr>>,
        end: Option<Box<Expr>>,
    },
    /// `*xs` in `print(...)`: the list's items, each a separate argument.
    Spread(Box<Expr>),
    /// An instance of a subclass used where its base class (`ty`) is expected: the base class
    /// then stands for "this class or any subclass" and dispatches on the instance's class.
    Upcast(Box<Expr>),
    /// `isinstance(value, class)` where `value`'s declared class is a base of `class`: decided
    /// at run time.
    IsInstance {
        value: Box<Expr>,
        class: String,
    },
    FString(Vec<FPart>),
    /// A `math` constant.
    MathConst(MathConst),
}

#[derive(Debug, Clone)]
pub enum FPart {
    Lit(String),
    /// A replacement field: value, `!r`, and the format spec (static text or parts).
    Field {
        value: Expr,
        repr: bool,
        spec: Option<Vec<FPart>>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MathConst {
    Pi,
    E,
    Tau,
    Inf,
    Nan,
}

/// Built-in functions after overload resolution: the variant fixes the argument types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Builtin {
    /// `len(list)`, `len(str)`.
    LenList,
    LenStr,
    AbsInt,
    AbsFloat,
    /// `min(a, b, ...)` / `max(a, b, ...)` over numbers or strings.
    MinOf,
    MaxOf,
    /// `min(xs, key)` / `max(xs, key)` over a list (`key` a `Lambda` or `None`).
    MinList,
    MaxList,
    SumInt,
    SumFloat,
    /// `str(x)`, `repr(x)` of any value.
    Str,
    Repr,
    IntFromStr,
    IntFromStrBase,
    IntFromFloat,
    FloatFromStr,
    /// `round(x)` → int, `round(x, n)` → float, `round(i, n)` → int.
    RoundFloat,
    RoundFloatDigits,
    RoundIntDigits,
    /// `sorted(xs, reverse, key)`: a new sorted list; `key` is a `Lambda` or `None`.
    Sorted,
    /// `any(xs)` / `all(xs)` by truthiness.
    Any,
    All,
    /// `list(xs)` / `list(s)`: a copy.
    ListCopy,
    /// `set(xs)` from a list.
    SetFromList,
    /// `a, *rest = xs`: raises CPython's `ValueError` unless `len` (the first argument) is at
    /// least the number of names besides the starred one (the second).
    UnpackAtLeast,
    /// `zip(*rows)` of a list of lists (or of `tuple[T, ...]`s): the columns, as tuples.
    Transpose,
    /// `tuple(xs)` from a list, or a fixed-shape tuple whose items share a type: a
    /// `tuple[T, ...]`.
    ToTupleOf,
    /// `hash(x)` of an int, or of another hashable value.
    HashInt,
    HashValue,
    /// `dict(pairs)` from a list of pairs.
    DictFromList,
    LenDict,
    LenSet,
    ListFromStr,
    Ord,
    Chr,
    DivmodInt,
    DivmodFloat,
    /// `pow(base, exp, mod)` on ints.
    PowMod,
    Hex,
    Oct,
    Bin,
    Input,
    SysArgv,
    SysExit,
    /// `sys.setrecursionlimit(n)`.
    SysSetRecursionLimit,
    /// `sys.getrecursionlimit()`.
    SysGetRecursionLimit,
    /// `sys.stdin` (iterated) / `sys.stdin.readlines()`, `.read()`, `.readline()`.
    StdinLines,
    StdinRead,
    StdinReadline,
    /// A function of the `math` module by name.
    Math(&'static str),
    BitLength,
}

/// Methods of built-in types after resolution.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    /// `type(e).__name__` of a caught exception: its class's name.
    ExcClassName,
    /// `e.code` of a caught `SystemExit`.
    ExcExitCode,
    /// `e.args` of a caught exception: a `tuple[str, ...]`.
    ExcArgs,
    ListAppend,
    ListPop,
    ListPopAt,
    ListInsert,
    ListExtend,
    ListIndex,
    ListCount,
    ListRemove,
    ListReverse,
    ListSort,
    ListClear,
    ListCopy,
    /// `del xs[i]`.
    ListDel,
    /// `xs[a:b:c] = values` (absent bounds are `None` expressions).
    ListSliceAssign,
    /// `del xs[a:b:c]`.
    ListSliceDel,
    /// `d.get(k, default)`; `d.get(k)` is `DictGetOpt` (an `Optional`).
    DictGet,
    DictGetOpt,
    DictSetdefault,
    DictPop,
    DictPopDefault,
    /// `d.pop(k, None)`: an `Optional[V]`.
    DictPopOpt,
    DictPopitem,
    /// `d.keys()`, `d.values()`, `d.items()` as lists (a `for` walks them without copying).
    DictKeys,
    DictValues,
    DictItems,
    DictUpdate,
    DictCopy,
    DictClear,
    /// `del d[k]`.
    DictDel,
    SetAdd,
    SetRemove,
    SetDiscard,
    SetPop,
    SetClear,
    SetCopy,
    SetUnion,
    SetIntersection,
    SetDifference,
    SetSymmetricDifference,
    /// `s |= t` and friends, and `s.update(t)`.
    SetUpdate,
    SetIntersectionUpdate,
    SetDifferenceUpdate,
    SetSymmetricDifferenceUpdate,
    SetIsSubset,
    SetIsSuperset,
    SetIsDisjoint,
    /// A set's elements as a list (for `sorted(s)`, `list(s)`).
    SetToList,
    /// A `str` method by its Python name, arguments already typed.
    Str(&'static str),
}

impl Method {
    /// The method changes its receiver in place.
    pub fn mutates(self) -> bool {
        use Method as M;
        !matches!(
            self,
            M::ExcClassName
                | M::ExcExitCode
                | M::ExcArgs
                | M::ListIndex
                | M::ListCount
                | M::ListCopy
                | M::Str(_)
                | M::DictGet
                | M::DictGetOpt
                | M::DictKeys
                | M::DictValues
                | M::DictItems
                | M::DictCopy
                | M::SetCopy
                | M::SetUnion
                | M::SetIntersection
                | M::SetDifference
                | M::SetSymmetricDifference
                | M::SetIsSubset
                | M::SetIsSuperset
                | M::SetIsDisjoint
                | M::SetToList
        )
    }

    /// The method only changes elements, never the length (a `&mut [T]` suffices).
    pub fn keeps_len(self) -> bool {
        matches!(self, Method::ListReverse | Method::ListSort)
    }
}
