//! MIR data types, no logic: a program is functions of basic blocks over typed locals.
//!
//! Invariants (checked by `verify`):
//! - Every block ends in exactly one `Terminator`; block and local ids are in range.
//! - A local of a *handle* type (`Ty::is_handle`: str, list, tuple, ...) owns one reference to a
//!   runtime object, or holds null. All locals start null (or zero). `Drop(l)` releases the
//!   reference and nulls `l`; `Move(l)` hands the reference on and nulls `l`. An `Assign` never
//!   overwrites a live handle: the builder drops the old value first.
//! - Operands are borrowed: an `Rvalue` reads its operands without taking their references, and
//!   produces a new owned value (for handle results).
//! - A statement with `can_raise` may leave a pending exception; after it, control goes to the
//!   function's unwind path when one is pending. The unwind path and `Return` drop every owned
//!   handle local (null is a no-op; `Return` moves its own local out first).
//! - Parameters that the body never assigns are *borrowed* from the caller (`Function::owned_params`
//!   says which are owned: the caller passes them as usual, the callee `Dup`s them on entry).

use crate::source::Span;
use crate::types::Ty;

pub use crate::hir::CmpOp;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Local(pub u32);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BlockId(pub u32);

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FuncIdx(pub u32);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GlobalIdx(pub u32);

#[derive(Debug, Default)]
pub struct Program {
    pub functions: Vec<Function>,
    /// Module constants (`hir::Program::globals`), each a word the code reads and writes.
    pub globals: Vec<GlobalDecl>,
    /// Runs first: evaluates the globals in order, then runs the module's statements.
    pub entry: FuncIdx,
    /// User classes: an instance is a tuple of its fields, in this order.
    pub classes: Vec<ClassDecl>,
    /// User exception classes and their base classes.
    pub exceptions: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
pub struct ClassDecl {
    pub name: String,
    pub fields: Vec<(String, Ty)>,
    /// `@dataclass` without its own `__repr__`: the runtime writes its `repr` from the fields.
    pub auto_repr: bool,
    /// `@dataclass` without `__eq__`: `==` compares the fields (else it is identity).
    pub field_eq: bool,
    /// `@dataclass(order=True)` without `__lt__`: ordering compares the fields.
    pub field_order: bool,
}

#[derive(Debug)]
pub struct GlobalDecl {
    pub name: String,
    pub ty: Ty,
}

#[derive(Debug, Default)]
pub struct Function {
    pub name: String,
    /// The first `params` locals are the parameters.
    pub params: u32,
    /// Parameters the body assigns: they are `Dup`ed on entry and so owned like other locals.
    pub owned_params: Vec<Local>,
    pub ret: Ty,
    pub locals: Vec<LocalDecl>,
    /// `blocks[0]` is the entry.
    pub blocks: Vec<Block>,
    /// What a call adds to the recursion depth (`hir::recursion::depth_costs`): 0, or 1 (2 for
    /// an `__init__`) for a function that can reach a recursive cycle; such a function raises
    /// `RecursionError` on entry past the limit and gives the depth back at its exit.
    pub depth_cost: u8,
}

#[derive(Debug, Clone)]
pub struct LocalDecl {
    pub name: String,
    pub ty: Ty,
}

#[derive(Debug, Default)]
pub struct Block {
    pub stmts: Vec<Statement>,
    pub term: Terminator,
    /// Where a pending exception goes from here: an `except` dispatch block, or (`None`) the
    /// function's exit.
    pub unwind: Option<BlockId>,
}

#[derive(Debug)]
pub struct Statement {
    pub kind: StmtKind,
    /// Where in the source (for notes and future tracebacks).
    pub span: Span,
    /// A pending exception must be checked after this statement.
    pub can_raise: bool,
}

#[derive(Debug)]
pub enum StmtKind {
    /// `dest = value`; `dest` holds no live reference.
    Assign { dest: Local, value: Rvalue },
    /// Evaluates for its effect; a handle result is released at once.
    Eval(Rvalue),
    /// Releases the local's reference (if any) and nulls it.
    Drop(Local),
    /// Stores an owned value into a global, releasing the global's old value.
    SetGlobal { global: GlobalIdx, value: Local },
}

#[derive(Debug, Default)]
pub enum Terminator {
    Goto(BlockId),
    Branch {
        cond: Operand,
        then: BlockId,
        els: BlockId,
    },
    /// Returns the local's value (moved out), or `None` for a `None` function.
    Return(Option<Local>),
    /// The pending exception was just set: go to the unwind path.
    Unwind,
    /// Never reached (after a statement that always raises).
    #[default]
    Unreachable,
}

#[derive(Debug, Clone)]
pub enum Operand {
    Copy(Local),
    Const(Const),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Const {
    Int(i64),
    Float(f64),
    Bool(bool),
    /// The `None` value (a zero word); also a null handle for `Optional`.
    None,
    /// A string literal: an immortal, borrowed handle.
    Str(String),
}

#[derive(Debug)]
pub enum Rvalue {
    /// A scalar operand's value.
    Use(Operand),
    /// A new reference to a handle operand.
    Dup(Operand),
    /// The local's reference, moved out (the local becomes null).
    Move(Local),
    /// `cond ? a : b` on scalars.
    Select(Operand, Operand, Operand),
    Binary(BinOp, Operand, Operand),
    Unary(UnOp, Operand),
    /// A call of a program function; arguments borrowed.
    Call(FuncIdx, Vec<Operand>),
    /// A runtime entry point; `tys` parameterizes it (element types, the type to format).
    Runtime {
        op: RtOp,
        tys: Vec<Ty>,
        args: Vec<Operand>,
    },
    /// A global's value (a new reference for handles).
    Global(GlobalIdx),
    /// The code address of a function (for closure objects).
    FuncAddr(FuncIdx),
    /// A call through a code address; `params` are the callee's parameter types (the closure
    /// first), the result type is the destination's.
    CallIndirect {
        addr: Operand,
        params: Vec<Ty>,
        args: Vec<Operand>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinOp {
    /// Checked: overflow raises `OverflowError`.
    IntAdd,
    IntSub,
    IntMul,
    /// Floor division and modulo: zero raises `ZeroDivisionError`.
    IntFloorDiv,
    IntMod,
    IntBitAnd,
    IntBitOr,
    IntBitXor,
    IntCmp(CmpOp),
    FloatAdd,
    FloatSub,
    FloatMul,
    /// Zero raises `ZeroDivisionError`.
    FloatDiv,
    FloatCmp(CmpOp),
    /// `==`/`!=`/`<`... on bools (as ints).
    BoolCmp(CmpOp),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnOp {
    /// Checked negation.
    IntNeg,
    IntInvert,
    FloatNeg,
    Not,
    IntToFloat,
    BoolToInt,
    IntIsNonZero,
    FloatIsNonZero,
    /// A handle is not null (an `Optional` that is not `None`).
    IsNotNull,
    FloatAbs,
}

/// Runtime entry points, by what they do. The JIT maps each to an `extern "C"` function;
/// operand and result words follow the operand locals' and destination's types, and each type
/// in `Rvalue::Runtime::tys` comes first as a type descriptor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RtOp {
    // ----- numbers (the slow or rare paths; they raise CPython's errors)
    IntPow,
    IntPowFloat,
    IntShl,
    IntShr,
    IntTrueDiv,
    FloatFloorDiv,
    FloatMod,
    FloatPow,
    AbsInt,
    IntFromFloat,
    RoundFloat,
    // ----- output
    /// Appends `str(value)` of the type `tys[0]` to stdout.
    WriteValue,
    /// Appends a str to stdout.
    WriteStr,
    /// `print(..., *xs, ...)`: writes the items of list operand 0 (of `tys[0]`), each after the
    /// separator (operand 1) when something was written before (operand 2); returns whether
    /// anything has been written now.
    WriteItems,
    // ----- strings
    /// `str(value)` / `repr(value)` of type `tys[0]`.
    ToStr,
    ToRepr,
    /// `format(value, spec)` of type `tys[0]`.
    Format,
    StrConcat,
    /// `s += t` on a str local: takes operand 0's reference (the destination is that same
    /// local) and appends in place when nothing else refers to the string.
    StrAppend,
    StrRepeat,
    StrCmp(CmpOp),
    StrLen,
    /// `s[i]` (negative indices count from the end).
    StrIndex,
    StrContains,
    /// The `i`-th character, `0 <= i < len` (a `for` over a str).
    StrCharAt,
    IntFromStr,
    FloatFromStr,
    /// Joins a list of strs into one: the parts of an f-string.
    StrJoinParts,
    // ----- lists (`tys[0]` is the element type)
    ListNew,
    /// Appends (a new reference to) the element.
    ListPush,
    ListRepeat,
    ListLen,
    ListGet,
    ListSet,
    /// `xs[i]` for `0 <= i < len` already checked (a `for` over a list).
    ListGetUnchecked,
    ListPop,
    /// `xs.pop(i)`, `xs.insert(i, x)`, `del xs[i]`, `xs.extend(ys)`, `xs.index(x)`,
    /// `xs.count(x)`, `xs.remove(x)`, `xs.reverse()`, `xs.clear()`.
    ListPopAt,
    ListInsert,
    ListDel,
    ListExtend,
    ListIndex,
    ListCount,
    ListRemove,
    ListReverse,
    ListClear,
    ListConcat,
    ListContains,
    ListEq,
    /// `sys.argv` as a new list of strs.
    SysArgv,
    /// Sets a pending exception of the class named by `tys`-free operand 0 (an interned str)
    /// with message operand 1 (a str).
    Raise,
    /// `sys.exit(code)`.
    Exit,
    /// Truthiness of a container of type `tys[0]` (non-empty).
    Truthy,
    /// A built-in function, `math` function or `str` method by name: `tys` holds each
    /// argument's type, then the result's.
    Named(Ns, &'static str),
    /// A new, empty tuple of type `tys[0]` (filled by `TuplePush`).
    TupleNew,
    /// A new instance of the class `tys[0]`, every field zero (null).
    ObjNew,
    /// Field `i` (operand 1) of an instance of `tys[0]` (`TupleGet` reads fields).
    ObjSet,
    /// Appends item operand 1 to the tuple being built (a new reference for handles).
    TuplePush,
    /// Item `i` (operand 1, a constant in range) of a tuple of type `tys[0]`.
    TupleGet,
    /// Does the pending exception match one of the classes (operands: interned names; none for
    /// a bare `except:`)? Never raises; the exception stays pending.
    ExcMatches,
    /// Takes the pending exception (clearing it) as an exception object.
    ExcTake,
    /// Makes the exception object (operand 0) pending again (`raise`, the end of `finally`).
    ExcRaise,
    /// A new exception object: class name (interned), message (a str).
    ExcNew,
    /// Python's ordering of two values of type `tys[0]` (tuples and lists compare item by item).
    ValueCmp(CmpOp),
    /// `sorted(xs)`, `xs.sort()` without a key (operand 1: reverse), elements of type `tys[0]`.
    Sorted,
    SortInPlace,
    /// `min(xs)` (true) / `max(xs)` (false) of a non-empty list, elements of type `tys[0]`.
    ListMinMax(bool),
    /// The same by precomputed keys (operand 1, a list of `tys[1]`): stable, like CPython.
    SortedByKey,
    SortByKeyInPlace,
    ListMinMaxByKey(bool),
    /// A dict or set operation; `tys[0]` is the dict or set type (for `FromList` and
    /// `DictFromList`, the result's).
    Coll(CollOp),
    /// `xs[a:b:c] = values` (operands: the list, three (value, given) bound pairs, the values)
    /// and `del xs[a:b:c]` (values `None`); `tys[0]` is the element type.
    SliceAssign,
    SliceDel,
    /// `seq[a:b:c]` of a list (`tys[0]` the element type) or a str (no `tys`); each bound is a
    /// (value, given) pair of operands.
    Slice,
}

/// Dict and set operations (operands after the container type).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CollOp {
    New,
    /// `d[k] = v`
    Set,
    /// `d[k]` (KeyError)
    Get,
    /// `d.get(k, default)`
    GetOr,
    Contains,
    Len,
    /// `del d[k]` (KeyError)
    Del,
    Pop,
    PopOr,
    /// New lists of the keys, values, `(key, value)` tuples, or a set's elements.
    Keys,
    Values,
    Items,
    SetDefault,
    /// `d.update(other)`, `s |= t`
    Update,
    Copy,
    Clear,
    Popitem,
    Add,
    Remove,
    Discard,
    SetPop,
    /// `set(xs)` from a list.
    FromList,
    /// `dict(pairs)` from a list of 2-tuples.
    DictFromList,
    Union,
    Intersection,
    Difference,
    SymmetricDifference,
    IntersectionUpdate,
    DifferenceUpdate,
    IsSubset,
    IsSuperset,
    IsDisjoint,
    /// `s ^= t`
    SymmetricDifferenceUpdate,
    /// A set display of constants, built by adding them, laid out as CPython lays it out
    /// (`roast_runtime::Set::from_constants`).
    Refold,
}

impl CollOp {
    /// Every operation, in declaration order (the runtime decodes an operation's index).
    pub const ALL: [CollOp; 34] = {
        use CollOp::*;
        [
            New,
            Set,
            Get,
            GetOr,
            Contains,
            Len,
            Del,
            Pop,
            PopOr,
            Keys,
            Values,
            Items,
            SetDefault,
            Update,
            Copy,
            Clear,
            Popitem,
            Add,
            Remove,
            Discard,
            SetPop,
            FromList,
            DictFromList,
            Union,
            Intersection,
            Difference,
            SymmetricDifference,
            IntersectionUpdate,
            DifferenceUpdate,
            IsSubset,
            IsSuperset,
            IsDisjoint,
            SymmetricDifferenceUpdate,
            Refold,
        ]
    };

    pub fn code(self) -> i64 {
        Self::ALL.iter().position(|o| *o == self).unwrap_or(0) as i64
    }
}

/// Where a `RtOp::Named` function lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Ns {
    Builtin,
    Math,
    StrMethod,
}

impl RtOp {
    /// May leave a pending exception.
    pub fn can_raise(self) -> bool {
        use RtOp as R;
        !matches!(
            self,
            R::ToStr
                | R::ToRepr
                | R::StrConcat
                | R::StrAppend
                | R::StrCmp(_)
                | R::StrLen
                | R::StrContains
                | R::StrCharAt
                | R::StrJoinParts
                | R::ListNew
                | R::ListPush
                | R::ListLen
                | R::ListGetUnchecked
                | R::ListConcat
                | R::ListContains
                | R::ListEq
                | R::SysArgv
                | R::Truthy
                | R::TupleNew
                | R::TuplePush
                | R::TupleGet
                | R::ObjNew
                | R::ObjSet
                | R::ExcMatches
                | R::ExcTake
                | R::ExcNew
                | R::ValueCmp(_)
                | R::Sorted
                | R::SortInPlace
        )
    }
}

impl Ty {
    /// Values of this type are runtime objects reached through a reference-counted handle.
    pub fn is_handle(&self) -> bool {
        match self {
            Ty::Str
            | Ty::List(_)
            | Ty::TupleOf(_)
            | Ty::Dict(..)
            | Ty::Set(_)
            | Ty::Tuple(_)
            | Ty::Class(_)
            | Ty::Func(..)
            | Ty::Exception(_) => true,
            // `None` is null; a scalar inside is boxed (a 1-tuple).
            Ty::Optional(_) => true,
            _ => false,
        }
    }
}
