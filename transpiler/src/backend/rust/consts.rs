//! Module-level names that functions read: folded to `const` items when their value is a
//! constant expression (with Python's arithmetic, so `10**9 + 7` is `1000000007`), otherwise
//! `static` items initialized on first use.

use super::{rust_type, FnEmitter};
use crate::hir::{self, Arith, ExprKind as H};
use crate::ownership::{FnOwnership, Ownership};
use crate::types::Ty;

#[derive(Clone, Debug, PartialEq)]
pub enum Const {
    Int(i64),
    Float(f64),
    Bool(bool),
    Str(String),
}

/// The folded value of each global, where it folds.
pub type Folded = Vec<Option<Const>>;

pub fn fold_globals(program: &hir::Program) -> Folded {
    let mut folded: Folded = Vec::new();
    for g in &program.globals {
        let v = fold(&g.value, &folded);
        folded.push(v);
    }
    folded
}

pub fn fold(e: &hir::Expr, globals: &Folded) -> Option<Const> {
    use Const::{Bool, Float, Int, Str};
    Some(match &e.kind {
        H::Int(n) => Int(*n),
        H::Float(x) => Float(*x),
        H::Bool(b) => Bool(*b),
        H::Str(s) => Str(s.clone()),
        H::Global(g) => globals.get(g.0 as usize)?.clone()?,
        H::IntToFloat(x) => match fold(x, globals)? {
            #[allow(clippy::cast_precision_loss)]
            Int(n) => Float(n as f64),
            _ => return None,
        },
        H::BoolToInt(x) => match fold(x, globals)? {
            Bool(b) => Int(i64::from(b)),
            _ => return None,
        },
        H::Neg(x) => match fold(x, globals)? {
            Int(n) => Int(n.checked_neg()?),
            Float(f) => Float(-f),
            _ => return None,
        },
        H::Binary { op, left, right } => match (fold(left, globals)?, fold(right, globals)?) {
            (Int(a), Int(b)) => Int(match op {
                Arith::Add => a.checked_add(b)?,
                Arith::Sub => a.checked_sub(b)?,
                Arith::Mul => a.checked_mul(b)?,
                Arith::FloorDiv if b != 0 => {
                    let q = a.checked_div(b)?;
                    if a % b != 0 && ((a < 0) != (b < 0)) {
                        q - 1
                    } else {
                        q
                    }
                }
                Arith::Pow if b >= 0 => a.checked_pow(u32::try_from(b).ok()?)?,
                Arith::Mod if b != 0 => {
                    let r = a.checked_rem(b)?;
                    if r != 0 && ((r < 0) != (b < 0)) {
                        r + b
                    } else {
                        r
                    }
                }
                Arith::BitAnd => a & b,
                Arith::BitOr => a | b,
                Arith::BitXor => a ^ b,
                _ => return None,
            }),
            (Float(a), Float(b)) => Float(match op {
                Arith::Add => a + b,
                Arith::Sub => a - b,
                Arith::Mul => a * b,
                Arith::Div if b != 0.0 => a / b,
                _ => return None,
            }),
            (Str(a), Str(b)) if *op == Arith::Add => Str(a + &b),
            _ => return None,
        },
        _ => return None,
    })
}

/// The Rust literal for a folded constant.
pub fn literal(c: &Const) -> String {
    match c {
        Const::Int(n) => n.to_string(),
        Const::Float(x) => float_literal(*x),
        Const::Bool(b) => b.to_string(),
        Const::Str(s) => format!("{s:?}"),
    }
}

pub fn float_literal(x: f64) -> String {
    if x.is_nan() {
        "f64::NAN".into()
    } else if x.is_infinite() {
        if x > 0.0 {
            "f64::INFINITY".into()
        } else {
            "f64::NEG_INFINITY".into()
        }
    } else {
        let s = format!("{x:?}");
        if s.contains(['.', 'e', 'E']) || s.contains("inf") || s.contains("NaN") {
            s
        } else {
            format!("{s}.0")
        }
    }
}

/// The item for global `i`.
pub fn emit_global(
    program: &hir::Program,
    ownership: &Ownership,
    i: usize,
    g: &hir::Global,
    folded: &Folded,
) -> String {
    let name = super::names::global_name(program, i);
    if let Some(Some(c)) = folded.get(i) {
        let ty = if g.ty == Ty::Str {
            "&str".to_string()
        } else {
            rust_type(&g.ty)
        };
        return format!("const {name}: {ty} = {};\n\n", literal(c));
    }
    // A value computed at run time, once, on first use.
    let empty = hir::Function::default();
    let own = FnOwnership::default();
    let mut fe = FnEmitter::new(program, ownership, &empty, &own, folded);
    let value = fe.value(&g.value);
    format!(
        "static {name}: std::sync::LazyLock<{}> = std::sync::LazyLock::new(|| {value});\n\n",
        rust_type(&g.ty)
    )
}
