//! Unification of inference variables within one function (`xs = []` gets its element type
//! from a later `xs.append(1)`).

use super::ty::{Ty, TyVar};

#[derive(Default, Debug)]
pub struct Infer {
    vars: Vec<Option<Ty>>,
}

impl Infer {
    pub fn fresh(&mut self) -> Ty {
        let id = TyVar::try_from(self.vars.len()).unwrap_or(TyVar::MAX);
        self.vars.push(None);
        Ty::Var(id)
    }

    /// Replaces every solved variable, deeply.
    pub fn resolve(&self, ty: &Ty) -> Ty {
        match ty {
            Ty::Var(v) => match self.vars.get(*v as usize) {
                Some(Some(t)) => self.resolve(t),
                _ => ty.clone(),
            },
            Ty::List(t) => Ty::List(Box::new(self.resolve(t))),
            Ty::Set(t) => Ty::Set(Box::new(self.resolve(t))),
            Ty::TupleOf(t) => Ty::TupleOf(Box::new(self.resolve(t))),
            Ty::Optional(t) => Ty::Optional(Box::new(self.resolve(t))),
            Ty::Dict(k, v) => Ty::Dict(Box::new(self.resolve(k)), Box::new(self.resolve(v))),
            Ty::Tuple(ts) => Ty::Tuple(ts.iter().map(|t| self.resolve(t)).collect()),
            Ty::Func(ps, r) => Ty::Func(
                ps.iter().map(|t| self.resolve(t)).collect(),
                Box::new(self.resolve(r)),
            ),
            _ => ty.clone(),
        }
    }

    /// Makes `a` and `b` equal if they can be; `false` on a mismatch.
    pub fn unify(&mut self, a: &Ty, b: &Ty) -> bool {
        let a = self.resolve(a);
        let b = self.resolve(b);
        match (&a, &b) {
            (Ty::Error, _) | (_, Ty::Error) => true,
            (Ty::Var(x), Ty::Var(y)) if x == y => true,
            (Ty::Var(x), t) | (t, Ty::Var(x)) => {
                if occurs(*x, t) {
                    return false;
                }
                if let Some(slot) = self.vars.get_mut(*x as usize) {
                    *slot = Some(t.clone());
                }
                true
            }
            (Ty::List(x), Ty::List(y))
            | (Ty::Set(x), Ty::Set(y))
            | (Ty::TupleOf(x), Ty::TupleOf(y))
            | (Ty::Optional(x), Ty::Optional(y)) => self.unify(x, y),
            (Ty::Dict(k1, v1), Ty::Dict(k2, v2)) => self.unify(k1, k2) && self.unify(v1, v2),
            (Ty::Tuple(xs), Ty::Tuple(ys)) => {
                xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| self.unify(x, y))
            }
            (Ty::Func(p1, r1), Ty::Func(p2, r2)) => {
                p1.len() == p2.len()
                    && p1.iter().zip(p2).all(|(x, y)| self.unify(x, y))
                    && self.unify(r1, r2)
            }
            _ => a == b,
        }
    }
}

fn occurs(v: TyVar, ty: &Ty) -> bool {
    match ty {
        Ty::Var(w) => *w == v,
        Ty::List(t) | Ty::Set(t) | Ty::TupleOf(t) | Ty::Optional(t) => occurs(v, t),
        Ty::Dict(k, x) => occurs(v, k) || occurs(v, x),
        Ty::Tuple(ts) => ts.iter().any(|t| occurs(v, t)),
        _ => false,
    }
}
