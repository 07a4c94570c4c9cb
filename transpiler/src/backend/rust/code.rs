//! A piece of emitted Rust: its text, its operator precedence (to parenthesize exactly where
//! Rust needs it), and what kind of value it denotes (owned, a place, a reference).

/// Rust operator precedences, high binds tighter.
pub mod prec {
    pub const ATOM: u8 = 100;
    pub const UNARY: u8 = 90;
    pub const CAST: u8 = 85;
    pub const MUL: u8 = 80;
    pub const ADD: u8 = 70;
    pub const BITAND: u8 = 55;
    pub const BITXOR: u8 = 50;
    pub const BITOR: u8 = 45;
    pub const CMP: u8 = 40;
    pub const AND: u8 = 30;
    pub const OR: u8 = 25;
    /// `if ... else ...`, blocks: parenthesized as any operand.
    pub const BLOCK: u8 = 5;
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A temporary or constant: owned, can be moved freely.
    Value,
    /// A named place owning its value (a local, `xs[i]`, a static): moving needs liveness, else clone.
    Place,
    /// An expression of type `&T`.
    Ref,
    /// An expression of type `&str` (string literals, `&str` parameters).
    StrRef,
    /// An expression of type `&mut T`.
    RefMut,
}

#[derive(Clone, Debug)]
pub struct Code {
    pub text: String,
    pub prec: u8,
    pub kind: Kind,
    /// A local use that may be moved (set by the emitter from the ownership tables).
    pub movable: bool,
}

impl Code {
    pub fn new(text: impl Into<String>, prec: u8, kind: Kind) -> Code {
        Code {
            text: text.into(),
            prec,
            kind,
            movable: false,
        }
    }

    pub fn value(text: impl Into<String>, prec: u8) -> Code {
        Code::new(text, prec, Kind::Value)
    }

    pub fn atom(text: impl Into<String>) -> Code {
        Code::new(text, prec::ATOM, Kind::Value)
    }

    /// The text, parenthesized if it binds looser than `min`.
    pub fn at(&self, min: u8) -> String {
        if self.prec < min {
            format!("({})", self.text)
        } else {
            self.text.clone()
        }
    }

    /// As the receiver of a method call or an index.
    pub fn recv(&self) -> String {
        self.at(prec::ATOM)
    }
}
