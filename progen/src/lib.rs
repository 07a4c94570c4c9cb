//! Random well-typed Roast programs, for differential testing against CPython (issue 9).
//!
//! `generate(seed)` returns a program that is valid Python 3.11, inside the Roast language, that
//! terminates quickly and prints many intermediate values. The same seed always gives the same
//! program (the PRNG is this file's own splitmix64, no dependencies).
//!
//! Invariants the generator keeps, so that CPython and Roast must agree:
//! - every int that is stored (a variable, an element, a field, an argument, a return value) is a
//!   literal, a name, a length, or reduced modulo a constant below 10^6, and only such atoms are
//!   multiplied: no value comes near 64 bits (Roast's `int` is i64, CPython's grows);
//! - loops are bounded (`range` of a small constant, a `while` whose counter only the loop
//!   header changes, or a container that the loop body does not change), recursion is on a
//!   parameter `n` that goes down by 1 or 2 from a small constant, and a running cost estimate
//!   (loop trips times calls) caps the work each function does;
//! - a list, dict, set or object is never bound to a second name (a container stored or returned
//!   is a fresh one: a copy, a comprehension, a literal), so no program relies on the sharing that
//!   Roast rejects (`E0010`);
//! - a set is printed only through `sorted`, `len` or membership (Roast iterates sets in insertion
//!   order, a documented divergence), and an object only when its class defines `__str__` or is a
//!   dataclass;
//! - f-string placeholders hold no string literal (Python 3.11 cannot nest the same quote).

use std::fmt::Write as _;

/// Inside a generator's retry loop: the value, or try another alternative.
macro_rules! some {
    ($e:expr) => {
        match $e {
            Some(v) => v,
            None => continue,
        }
    };
}

/// splitmix64: small, fast, and good enough to pick program shapes.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u32) -> bool {
        (self.next_u64() % 100) < u64::from(percent)
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next_u64() % ((hi - lo + 1) as u64)) as i64
    }

    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Ty {
    Int,
    Bool,
    Str,
    ListInt,
    ListStr,
    Dict,
    Set,
    Tuple,
    Obj(usize),
}

impl Ty {
    fn is_container(self) -> bool {
        !matches!(self, Ty::Int | Ty::Bool | Ty::Str)
    }
}

#[derive(Clone)]
struct Var {
    name: String,
    ty: Ty,
    /// May be rebound (`x = ...`, `x += ...`).
    assignable: bool,
    /// Being iterated over (or a loop variable): neither changed nor rebound nor passed on.
    frozen: bool,
}

#[derive(Clone)]
struct Func {
    name: String,
    params: Vec<(String, Ty)>,
    ret: Option<Ty>,
    /// Estimated work of one call.
    cost: u64,
}

#[derive(Clone)]
struct Class {
    name: String,
    dataclass: bool,
    fields: Vec<(String, Ty)>,
    /// Parameters of the constructor (the fields set from arguments).
    init: Vec<(String, Ty)>,
    has_str: bool,
    methods: Vec<Func>,
}

impl Class {
    fn printable(&self) -> bool {
        self.dataclass || self.has_str
    }
}

const MODULI: [i64; 5] = [1_000_003, 9_973, -997, 65_536, 101];
const WORDS: [&str; 16] = [
    "a",
    "bb",
    "Roast",
    "hello world",
    "x,y,z",
    "",
    "42",
    "  pad  ",
    "Straße",
    "naïve",
    "Ωmega",
    "it's",
    "tab\\tx",
    "a-b-c",
    "ABC",
    "7",
];
/// The budget of estimated work per function (loop trips, calls, prints).
const BUDGET: u64 = 1500;

struct Gen {
    rng: Rng,
    out: String,
    indent: usize,
    env: Vec<Var>,
    next_id: usize,
    funcs: Vec<Func>,
    classes: Vec<Class>,
    loop_depth: usize,
    in_try: bool,
    /// Product of the trip counts of the enclosing loops.
    mult: u64,
    /// Estimated work of the function being generated.
    cost: u64,
    /// Return type of the function being generated (`None` for `-> None`), if in one.
    ret: Option<Option<Ty>>,
    /// Generating `main`, whose own statements must not raise past their `try`.
    in_main: bool,
    /// The next `owned` value may be an empty literal (its type is annotated).
    allow_empty: bool,
    /// The program defines `GenError` and `CodeError` (the JIT does not run exception classes
    /// yet, so only some programs have them).
    user_exceptions: bool,
    /// The call being generated is a statement of its own (see `args_for`).
    statement_call: bool,
}

/// The program of `seed`.
pub fn generate(seed: u64) -> String {
    let mut g = Gen {
        rng: Rng::new(seed),
        out: String::new(),
        indent: 0,
        env: Vec::new(),
        next_id: 0,
        funcs: Vec::new(),
        classes: Vec::new(),
        loop_depth: 0,
        in_try: false,
        mult: 1,
        cost: 0,
        ret: None,
        in_main: false,
        allow_empty: false,
        user_exceptions: false,
        statement_call: false,
    };
    g.program(seed);
    g.out
}

fn lit_str(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\\\""))
}

impl Gen {
    fn line(&mut self, text: &str) {
        for _ in 0..self.indent {
            self.out.push_str("    ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn fresh(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        format!("{prefix}{}", self.next_id)
    }

    fn ann(&self, ty: Ty) -> String {
        match ty {
            Ty::Int => "int".into(),
            Ty::Bool => "bool".into(),
            Ty::Str => "str".into(),
            Ty::ListInt => "list[int]".into(),
            Ty::ListStr => "list[str]".into(),
            Ty::Dict => "dict[str, int]".into(),
            Ty::Set => "set[int]".into(),
            Ty::Tuple => "tuple[int, str]".into(),
            Ty::Obj(c) => self.classes[c].name.clone(),
        }
    }

    fn vars_of(&self, ty: Ty) -> Vec<Var> {
        self.env.iter().filter(|v| v.ty == ty).cloned().collect()
    }

    fn var_of(&mut self, ty: Ty) -> Option<String> {
        let vs = self.vars_of(ty);
        if vs.is_empty() {
            None
        } else {
            Some(self.rng.pick(&vs).name.clone())
        }
    }

    /// A variable of `ty` that may be changed in place (not being iterated).
    fn mutable_var(&mut self, ty: Ty) -> Option<String> {
        let vs: Vec<Var> = self.vars_of(ty).into_iter().filter(|v| !v.frozen).collect();
        if vs.is_empty() {
            None
        } else {
            Some(self.rng.pick(&vs).name.clone())
        }
    }

    /// Calls may raise here: not in `main`'s own statements outside a `try`.
    fn calls_ok(&self) -> bool {
        !self.in_main || self.in_try
    }

    fn budget_left(&self) -> bool {
        self.cost < BUDGET
    }

    fn modulus(&mut self) -> i64 {
        *self.rng.pick(&MODULI)
    }

    fn int_lit(&mut self) -> String {
        let v = if self.rng.chance(70) {
            self.rng.range(0, 12)
        } else {
            self.rng.range(-50, 200)
        };
        if v < 0 {
            format!("({v})")
        } else {
            v.to_string()
        }
    }

    fn str_lit(&mut self) -> String {
        let w = *self.rng.pick(&WORDS);
        lit_str(w)
    }

    // ----- expressions -------------------------------------------------------------------------

    /// An int atom: a literal, a name or a length (small enough to multiply).
    fn int_atom(&mut self) -> String {
        match self.rng.below(4) {
            0 | 1 => self.var_of(Ty::Int).unwrap_or_else(|| self.int_lit()),
            2 => {
                if let Some(c) = self.any_sized() {
                    format!("len({c})")
                } else {
                    self.int_lit()
                }
            }
            _ => self.int_lit(),
        }
    }

    /// A name of a str, list, dict or set, for `len`.
    fn any_sized(&mut self) -> Option<String> {
        let vs: Vec<Var> = self
            .env
            .iter()
            .filter(|v| {
                matches!(
                    v.ty,
                    Ty::Str | Ty::ListInt | Ty::ListStr | Ty::Dict | Ty::Set
                )
            })
            .cloned()
            .collect();
        if vs.is_empty() {
            None
        } else {
            Some(self.rng.pick(&vs).name.clone())
        }
    }

    /// An int expression whose value is safe to store: an atom, or reduced by a modulus.
    fn int_store(&mut self, depth: u32) -> String {
        if depth == 0 || self.rng.chance(25) {
            return self.int_atom();
        }
        let e = self.int_expr(depth);
        let m = self.modulus();
        if m < 0 {
            format!("({e}) % ({m})")
        } else {
            format!("({e}) % {m}")
        }
    }

    /// A read-only view of a container of `ty`: a name, or a fresh value.
    fn container_read(&mut self, ty: Ty, depth: u32) -> String {
        if self.rng.chance(75) {
            if let Some(v) = self.var_of(ty) {
                return v;
            }
        }
        self.owned(ty, depth.saturating_sub(1))
    }

    /// `PRE{a container of ty}POST`.
    fn read(&mut self, ty: Ty, d: u32, pre: &str, post: &str) -> String {
        format!("{pre}{}{post}", self.container_read(ty, d))
    }

    fn int_expr(&mut self, depth: u32) -> String {
        if depth == 0 {
            return self.int_atom();
        }
        let d = depth - 1;
        loop {
            let e = match self.rng.below(22) {
                0 => self.int_atom(),
                1 | 2 => {
                    let op = if self.rng.chance(50) { "+" } else { "-" };
                    format!("{} {op} {}", self.int_expr_p(d), self.int_expr_p(d))
                }
                3 => {
                    let m = self.modulus();
                    format!("({} * {}) % ({m})", self.int_atom(), self.int_atom())
                }
                4 => {
                    let k = *self.rng.pick(&[2i64, 3, 7, -4, 10, -1]);
                    let op = if self.rng.chance(50) { "//" } else { "%" };
                    format!("{} {op} ({k})", self.int_expr_p(d))
                }
                5 => {
                    let c = some!(self.any_sized());
                    format!("len({c})")
                }
                6 => format!("sum({})", self.container_read(Ty::ListInt, d)),
                7 => match self.rng.below(3) {
                    0 => format!("abs({})", self.int_expr(d)),
                    1 => format!("min({}, {})", self.int_expr(d), self.int_expr(d)),
                    _ => format!("max({}, {})", self.int_expr(d), self.int_expr(d)),
                },
                8 => {
                    let s = self.str_expr_p(d);
                    let m = *self.rng.pick(&["find", "count", "rfind"]);
                    format!("{s}.{m}({})", self.str_lit())
                }
                9 => {
                    let xs = some!(self.var_of(Ty::ListInt));
                    let i = self.int_expr(d);
                    format!("({xs}[({i}) % len({xs})] if {xs} else -1)")
                }
                10 => {
                    let dv = self.container_read(Ty::Dict, d);
                    format!("{dv}.get({}, {})", self.str_expr(d), self.int_atom())
                }
                11 => some!(self.call_expr(Some(Ty::Int), d)),
                12 => some!(self.obj_expr(Ty::Int, d)),
                13 => format!(
                    "({} if {} else {})",
                    self.int_expr(d),
                    self.bool_expr(d),
                    self.int_expr(d)
                ),
                14 => {
                    let t = some!(self.var_of(Ty::Tuple));
                    format!("{t}[0]")
                }
                15 => {
                    let s = some!(self.var_of(Ty::Str));
                    match self.rng.below(3) {
                        0 => format!("(ord({s}[0]) if {s} else 0)"),
                        1 => format!("len(str({}))", self.int_expr(d)),
                        _ => format!("int(str({}))", self.int_expr(d)),
                    }
                }
                16 if self.in_try || (!self.in_main && self.rng.chance(15)) => {
                    some!(self.risky_int(d))
                }
                17 => {
                    let xs = self.container_read(Ty::ListInt, d);
                    let k = self.rng.range(1, 5);
                    let cond = *self.rng.pick(&["x % 2 == 0", "x > 3", "x != 0", "True"]);
                    format!("sum(x * {k} for x in {xs} if {cond})")
                }
                18 => {
                    let xs = self.container_read(Ty::ListInt, d);
                    let f = *self.rng.pick(&["max", "min"]);
                    format!("{f}({xs}, default={})", self.int_lit())
                }
                19 => {
                    let a = self.int_atom();
                    let k = self.rng.range(0, 3);
                    format!("({a} ** {k}) % 1000003")
                }
                20 => self.read(Ty::Set, d, "sum(", ")"),
                21 => self.read(Ty::ListStr, d, "len(", ")"),
                _ => continue,
            };
            return e;
        }
    }

    /// An int expression in parentheses when it is not an atom.
    fn int_expr_p(&mut self, depth: u32) -> String {
        let e = self.int_expr(depth);
        if e.chars().all(|c| c.is_alphanumeric() || c == '_') {
            e
        } else {
            format!("({e})")
        }
    }

    /// An int expression that may raise.
    fn risky_int(&mut self, d: u32) -> Option<String> {
        Some(match self.rng.below(6) {
            0 => {
                let xs = self.var_of(Ty::ListInt)?;
                format!("{xs}[{}]", self.int_atom())
            }
            1 => {
                let dv = self.var_of(Ty::Dict)?;
                format!("{dv}[{}]", self.str_expr(d))
            }
            2 => format!("{} // {}", self.int_expr_p(d), self.int_atom()),
            3 => format!("{} % {}", self.int_expr_p(d), self.int_atom()),
            4 => format!("int({})", self.str_expr(d)),
            _ => {
                let xs = self.var_of(Ty::ListInt)?;
                format!("{xs}.index({})", self.int_atom())
            }
        })
    }

    fn bool_expr(&mut self, depth: u32) -> String {
        if depth == 0 {
            if let Some(v) = self.var_of(Ty::Bool) {
                if self.rng.chance(40) {
                    return v;
                }
            }
            let a = self.int_atom();
            let op = *self.rng.pick(&["<", "<=", ">", ">=", "==", "!="]);
            return format!("{a} {op} {}", self.int_atom());
        }
        let d = depth - 1;
        loop {
            let e = match self.rng.below(14) {
                0 | 1 => {
                    let op = *self.rng.pick(&["<", "<=", ">", ">=", "==", "!="]);
                    format!("{} {op} {}", self.int_expr_p(d), self.int_expr_p(d))
                }
                2 => format!(
                    "{} < {} <= {}",
                    self.int_atom(),
                    self.int_atom(),
                    self.int_atom()
                ),
                3 => {
                    let op = *self.rng.pick(&["==", "!=", "<", ">="]);
                    format!("{} {op} {}", self.str_expr_p(d), self.str_expr_p(d))
                }
                4 => {
                    let c = self.container_read(Ty::ListInt, d);
                    let neg = if self.rng.chance(30) { "not " } else { "" };
                    format!("{} {neg}in {c}", self.int_expr_p(d))
                }
                5 => {
                    let c = self.container_read(Ty::Dict, d);
                    format!("{} in {c}", self.str_expr_p(d))
                }
                6 => format!("not ({})", self.bool_expr(d)),
                7 => {
                    let op = if self.rng.chance(50) { "and" } else { "or" };
                    format!("({}) {op} ({})", self.bool_expr(d), self.bool_expr(d))
                }
                8 => {
                    let s = self.str_expr_p(d);
                    match self.rng.below(5) {
                        0 => format!("{s}.startswith({})", self.str_lit()),
                        1 => format!("{s}.endswith({})", self.str_lit()),
                        2 => format!("{s}.isdigit()"),
                        3 => format!("{s}.isalpha()"),
                        _ => format!("{} in {s}", self.str_lit()),
                    }
                }
                9 => some!(self.call_expr(Some(Ty::Bool), d)),
                10 => {
                    let s = self.container_read(Ty::Set, d);
                    format!("{} in {s}", self.int_expr_p(d))
                }
                11 => {
                    let xs = self.container_read(Ty::ListInt, d);
                    let f = *self.rng.pick(&["any", "all"]);
                    format!("{f}(x > {} for x in {xs})", self.int_lit())
                }
                12 => {
                    let a = self.container_read(Ty::ListInt, d);
                    let b = self.container_read(Ty::ListInt, d);
                    let op = *self.rng.pick(&["==", "!=", "<"]);
                    format!("{a} {op} {b}")
                }
                13 => some!(self.obj_expr(Ty::Bool, d)),
                _ => continue,
            };
            return e;
        }
    }

    fn str_expr(&mut self, depth: u32) -> String {
        if depth == 0 {
            return if self.rng.chance(50) {
                self.var_of(Ty::Str).unwrap_or_else(|| self.str_lit())
            } else {
                self.str_lit()
            };
        }
        let d = depth - 1;
        loop {
            let e = match self.rng.below(18) {
                0 => self.str_expr(0),
                1 => format!("{} + {}", self.str_expr_p(d), self.str_expr_p(d)),
                2 | 3 => self.fstring(),
                4 => {
                    let s = self.str_expr_p(d);
                    let m = *self.rng.pick(&[
                        "upper()",
                        "lower()",
                        "strip()",
                        "title()",
                        "capitalize()",
                        "swapcase()",
                        "lstrip()",
                        "casefold()",
                    ]);
                    format!("{s}.{m}")
                }
                5 => {
                    let s = self.str_expr_p(d);
                    format!("{s}.replace({}, {})", self.str_lit(), self.str_lit())
                }
                6 => {
                    let s = self.str_expr_p(d);
                    let a = self.rng.range(-4, 6);
                    let b = self.rng.range(-3, 8);
                    match self.rng.below(5) {
                        0 => format!("{s}[{a}:{b}]"),
                        1 => format!("{s}[::-1]"),
                        2 => format!("{s}[::2]"),
                        3 => format!("{s}[{a}:]"),
                        _ => format!("{s}[:{b}]"),
                    }
                }
                7 => {
                    let xs = self.container_read(Ty::ListStr, d);
                    let sep = *self.rng.pick(&["\",\"", "\" \"", "\"\"", "\"-\""]);
                    format!("{sep}.join({xs})")
                }
                8 => format!("str({})", self.int_expr(d)),
                9 => self.read(Ty::ListInt, d, "str(", ")"),
                10 => format!("repr({})", self.str_expr(d)),
                11 => format!("{} * {}", self.str_expr_p(d), self.rng.range(0, 3)),
                12 => format!(
                    "({} if {} else {})",
                    self.str_expr(d),
                    self.bool_expr(d),
                    self.str_expr(d)
                ),
                13 => some!(self.call_expr(Some(Ty::Str), d)),
                14 => some!(self.obj_expr(Ty::Str, d)),
                15 => {
                    let s = some!(self.var_of(Ty::Str));
                    format!("({s}[{}] if {s} else \"?\")", self.rng.range(-1, 0))
                }
                16 => {
                    let s = self.str_expr_p(d);
                    let w = self.rng.range(0, 9);
                    match self.rng.below(4) {
                        0 => format!("{s}.zfill({w})"),
                        1 => format!("{s}.center({w}, \"*\")"),
                        2 => format!("{s}.ljust({w}, \".\")"),
                        _ => format!("{s}.rjust({w})"),
                    }
                }
                17 => {
                    let t = some!(self.var_of(Ty::Tuple));
                    format!("{t}[1]")
                }
                _ => continue,
            };
            return e;
        }
    }

    fn str_expr_p(&mut self, depth: u32) -> String {
        let e = self.str_expr(depth);
        let literal = e.starts_with('"') && e.ends_with('"') && e.len() >= 2 && !e.contains('+');
        if literal || e.chars().all(|c| c.is_alphanumeric() || c == '_') {
            e
        } else {
            format!("({e})")
        }
    }

    /// An f-string whose placeholders are names and atoms (no quotes inside).
    fn fstring(&mut self) -> String {
        let mut s = String::from("f\"");
        let n = self.rng.range(1, 3);
        for i in 0..n {
            if i > 0 || self.rng.chance(50) {
                let sep: &&str = self.rng.pick(&["<", " ", "|", "x=", ": ", "é"]);
                s.push_str(sep);
            }
            let ph = match self.rng.below(6) {
                0 | 1 => {
                    let a = self.int_atom();
                    let spec = *self.rng.pick(&[
                        "", "", ":5", ":<4", ":>6", ":^7", ":03d", ":+d", ":,", ":x", ":b",
                    ]);
                    format!("{a}{spec}")
                }
                2 | 3 => match self.var_of(Ty::Str) {
                    Some(v) => {
                        let spec = *self.rng.pick(&["", "", "!r", ":>8", ":<5", ":^9", ":.2"]);
                        format!("{v}{spec}")
                    }
                    None => self.int_atom(),
                },
                4 => {
                    let a = self.int_atom();
                    let k = *self.rng.pick(&[3, 7, 4, -6]);
                    let spec = *self.rng.pick(&["", ":.2f", ":8.3f", ":.1e", ":g", ":.0f"]);
                    format!("{a} / {k}{spec}")
                }
                _ => {
                    let vs: Vec<Var> = self
                        .env
                        .iter()
                        .filter(|v| {
                            matches!(
                                v.ty,
                                Ty::ListInt | Ty::ListStr | Ty::Dict | Ty::Tuple | Ty::Bool
                            ) || matches!(v.ty, Ty::Obj(c) if self.classes[c].printable())
                        })
                        .cloned()
                        .collect();
                    if vs.is_empty() {
                        self.int_atom()
                    } else {
                        self.rng.pick(&vs).name.clone()
                    }
                }
            };
            let _ = write!(s, "{{{ph}}}");
        }
        if self.rng.chance(30) {
            s.push_str(" {{ok}}");
        }
        s.push('"');
        s
    }

    /// A fresh value of a container type (never a bare name of another container).
    fn owned(&mut self, ty: Ty, depth: u32) -> String {
        let d = depth.saturating_sub(1);
        let empty_ok = std::mem::take(&mut self.allow_empty);
        let min = i64::from(!empty_ok);
        if depth == 0 && matches!(ty, Ty::ListInt | Ty::ListStr | Ty::Dict | Ty::Set) {
            // the leaves of an expression: a name's copy or a short literal
            if let Some(v) = self.var_of(ty).filter(|_| self.rng.chance(50)) {
                return format!("{v}.copy()");
            }
            let n = self.rng.range(min, 3);
            let items: Vec<String> = (0..n)
                .map(|_| match ty {
                    Ty::ListStr => self.str_lit(),
                    Ty::Dict => format!("{}: {}", self.str_lit(), self.int_lit()),
                    _ => self.int_lit(),
                })
                .collect();
            return match ty {
                Ty::Set if n == 0 => "set()".to_string(),
                Ty::Set | Ty::Dict => format!("{{{}}}", items.join(", ")),
                _ => format!("[{}]", items.join(", ")),
            };
        }
        match ty {
            Ty::Int => self.int_store(depth),
            Ty::Bool => self.bool_expr(depth),
            Ty::Str => self.str_expr(depth),
            Ty::ListInt => loop {
                let e = match self.rng.below(12) {
                    0 => {
                        let n = self.rng.range(min, 5);
                        let items: Vec<String> = (0..n).map(|_| self.int_lit()).collect();
                        format!("[{}]", items.join(", "))
                    }
                    1 => {
                        let v = some!(self.var_of(Ty::ListInt));
                        match self.rng.below(3) {
                            0 => format!("{v}.copy()"),
                            1 => format!("{v}[:]"),
                            _ => format!("list({v})"),
                        }
                    }
                    2 => {
                        let k = self.rng.range(0, 7);
                        let m = self.rng.range(2, 13);
                        format!("[i * i % {m} for i in range({k})]")
                    }
                    3 => {
                        let xs = self.container_read(Ty::ListInt, d);
                        let cond = *self.rng.pick(&["x % 2 == 1", "x > 2", "x != 3", "x < 50"]);
                        let m = self.modulus();
                        format!("[(x * 3 + 1) % ({m}) for x in {xs} if {cond}]")
                    }
                    4 => {
                        let xs = self.container_read(Ty::ListInt, d);
                        match self.rng.below(4) {
                            0 => format!("sorted({xs})"),
                            1 => format!("sorted({xs}, reverse=True)"),
                            2 => format!("sorted({xs}, key=lambda v: v % 5)"),
                            _ => format!("list(reversed({xs}))"),
                        }
                    }
                    5 => {
                        let v = some!(self.var_of(Ty::ListInt));
                        let a = self.rng.range(-3, 4);
                        let b = self.rng.range(-2, 6);
                        match self.rng.below(3) {
                            0 => format!("{v}[{a}:{b}]"),
                            1 => format!("{v}[::-1]"),
                            _ => format!("{v}[{a}::2]"),
                        }
                    }
                    6 => self.read(Ty::ListStr, d, "[len(w) for w in ", "]"),
                    7 => {
                        let a = self.rng.range(-3, 3);
                        let b = self.rng.range(0, 8);
                        format!("list(range({a}, {b}))")
                    }
                    8 => {
                        let a = self.owned(Ty::ListInt, d);
                        let b = self.owned(Ty::ListInt, d);
                        format!("({a} + {b})[:12]")
                    }
                    9 => some!(self.call_expr(Some(Ty::ListInt), d)),
                    10 => self.read(Ty::Set, d, "sorted(", ")"),
                    11 => self.read(Ty::Dict, d, "list(", ".values())"),
                    _ => continue,
                };
                break e;
            },
            Ty::ListStr => loop {
                let e = match self.rng.below(9) {
                    0 => {
                        let n = self.rng.range(min, 4);
                        let items: Vec<String> = (0..n).map(|_| self.str_lit()).collect();
                        format!("[{}]", items.join(", "))
                    }
                    1 => {
                        let v = some!(self.var_of(Ty::ListStr));
                        format!("{v}.copy()")
                    }
                    2 => {
                        let s = self.str_expr_p(d);
                        match self.rng.below(3) {
                            0 => format!("{s}.split(\",\")"),
                            1 => format!("{s}.split()"),
                            _ => format!("list({s})[:8]"),
                        }
                    }
                    3 => {
                        let xs = self.container_read(Ty::ListStr, d);
                        match self.rng.below(3) {
                            0 => format!("sorted({xs})"),
                            1 => format!("sorted({xs}, key=len)"),
                            _ => format!("sorted({xs}, key=lambda w: w[::-1], reverse=True)"),
                        }
                    }
                    4 => {
                        let xs = self.container_read(Ty::ListStr, d);
                        format!("[w.upper() + \"!\" for w in {xs} if len(w) < 6]")
                    }
                    5 => self.read(Ty::Dict, d, "list(", ".keys())"),
                    6 => self.read(Ty::ListInt, d, "[str(x) for x in ", "]"),
                    7 => some!(self.call_expr(Some(Ty::ListStr), d)),
                    8 => {
                        let a = self.owned(Ty::ListStr, d);
                        let b = self.owned(Ty::ListStr, d);
                        format!("({a} + {b})[:10]")
                    }
                    _ => continue,
                };
                break e;
            },
            Ty::Dict => loop {
                let e = match self.rng.below(6) {
                    0 => {
                        let n = self.rng.range(min, 3);
                        let mut items = Vec::new();
                        for _ in 0..n {
                            items.push(format!("{}: {}", self.str_lit(), self.int_lit()));
                        }
                        format!("{{{}}}", items.join(", "))
                    }
                    1 => {
                        let v = some!(self.var_of(Ty::Dict));
                        if self.rng.chance(50) {
                            format!("{v}.copy()")
                        } else {
                            format!("dict({v})")
                        }
                    }
                    2 => self.read(Ty::ListStr, d, "{w: len(w) for w in ", "}"),
                    3 => {
                        let ks = self.container_read(Ty::ListStr, d);
                        let vs = self.container_read(Ty::ListInt, d);
                        format!("dict(zip({ks}, {vs}))")
                    }
                    4 => some!(self.call_expr(Some(Ty::Dict), d)),
                    5 => {
                        let k = self.rng.range(0, 5);
                        format!(
                            "{{str(i): i * {} for i in range({k})}}",
                            self.rng.range(1, 9)
                        )
                    }
                    _ => continue,
                };
                break e;
            },
            Ty::Set => loop {
                let e = match self.rng.below(6) {
                    0 => {
                        let n = self.rng.range(1, 4);
                        let items: Vec<String> = (0..n).map(|_| self.int_lit()).collect();
                        format!("{{{}}}", items.join(", "))
                    }
                    1 => format!("set({})", self.container_read(Ty::ListInt, d)),
                    2 => self.read(Ty::ListInt, d, "{x % 5 for x in ", "}"),
                    3 => {
                        let a = some!(self.var_of(Ty::Set));
                        let b = self.owned(Ty::Set, d);
                        let op = *self.rng.pick(&["|", "&", "-", "^"]);
                        format!("{a} {op} {b}")
                    }
                    4 => {
                        let v = some!(self.var_of(Ty::Set));
                        format!("{v}.copy()")
                    }
                    5 if empty_ok => "set()".to_string(),
                    _ => continue,
                };
                break e;
            },
            Ty::Tuple => {
                if self.rng.chance(20) {
                    if let Some(c) = self.call_expr(Some(Ty::Tuple), d) {
                        return c;
                    }
                }
                format!("({}, {})", self.int_store(d), self.str_expr(d))
            }
            Ty::Obj(c) => {
                let init = self.classes[c].init.clone();
                let args: Vec<String> = init.iter().map(|(_, t)| self.owned(*t, d)).collect();
                format!("{}({})", self.classes[c].name, args.join(", "))
            }
        }
    }

    /// An expression of `ty` from an object's field or method, if there is an object in scope.
    fn obj_expr(&mut self, ty: Ty, d: u32) -> Option<String> {
        let objs: Vec<Var> = self
            .env
            .iter()
            .filter(|v| matches!(v.ty, Ty::Obj(_)))
            .cloned()
            .collect();
        if objs.is_empty() {
            return None;
        }
        let o = self.rng.pick(&objs).clone();
        let Ty::Obj(c) = o.ty else { return None };
        let class = self.classes[c].clone();
        let mut options: Vec<String> = class
            .fields
            .iter()
            .filter(|(_, t)| *t == ty)
            .map(|(f, _)| format!("{}.{f}", o.name))
            .collect();
        if !o.frozen && self.budget_left() && self.calls_ok() {
            for m in class.methods.iter().filter(|m| m.ret == Some(ty)) {
                if let Some(args) = self.args_for(&m.params, d, false) {
                    options.push(format!("{}.{}({})", o.name, m.name, args));
                    self.cost += self.mult * m.cost;
                }
            }
        }
        if options.is_empty() {
            return None;
        }
        Some(self.rng.pick(&options).clone())
    }

    /// Arguments for `params`: ints reduced, containers either a name (never the same one twice,
    /// never one being iterated) or a fresh value.
    ///
    /// Containers go by name only in a call that is a statement of its own (`by_name`): nested in
    /// an expression, a callee changing a container that the expression also reads is a known
    /// Roast bug (`tests/pending/diff_zip_arg_changes_list.roast`).
    fn args_for(&mut self, params: &[(String, Ty)], d: u32, by_name: bool) -> Option<String> {
        let mut used: Vec<String> = Vec::new();
        let mut args = Vec::new();
        for (name, t) in params {
            let a = if name == "n" {
                // the depth of a recursive function: small
                self.rng.range(-1, 6).to_string()
            } else if !by_name && t.is_container() {
                self.owned(*t, d)
            } else if t.is_container() && !matches!(t, Ty::Obj(_)) && self.rng.chance(60) {
                let cands: Vec<Var> = self
                    .vars_of(*t)
                    .into_iter()
                    .filter(|v| !v.frozen && !used.contains(&v.name))
                    .collect();
                if cands.is_empty() {
                    self.owned(*t, d)
                } else {
                    let n = self.rng.pick(&cands).name.clone();
                    used.push(n.clone());
                    n
                }
            } else if let Ty::Obj(_) = t {
                let cands: Vec<Var> = self
                    .vars_of(*t)
                    .into_iter()
                    .filter(|v| !v.frozen && !used.contains(&v.name))
                    .collect();
                if cands.is_empty() || self.rng.chance(30) {
                    self.owned(*t, d)
                } else {
                    let n = self.rng.pick(&cands).name.clone();
                    used.push(n.clone());
                    n
                }
            } else {
                self.owned(*t, d)
            };
            args.push(a);
        }
        Some(args.join(", "))
    }

    /// A call of a generated function returning `ret` (within the budget).
    fn call_expr(&mut self, ret: Option<Ty>, d: u32) -> Option<String> {
        if !self.budget_left() || !self.calls_ok() {
            return None;
        }
        let cands: Vec<Func> = self
            .funcs
            .iter()
            .filter(|f| f.ret == ret && self.cost + self.mult * f.cost <= BUDGET * 2)
            .cloned()
            .collect();
        if cands.is_empty() {
            return None;
        }
        let f = self.rng.pick(&cands).clone();
        let args = self.args_for(&f.params, d, self.statement_call)?;
        self.cost += self.mult * f.cost;
        Some(format!("{}({args})", f.name))
    }

    /// Something worth printing.
    fn print_arg(&mut self) -> String {
        let d = self.rng.range(1, 2) as u32;
        match self.rng.below(12) {
            0..=2 => self.int_expr(d),
            3..=5 => self.str_expr(d),
            6 => self.bool_expr(d),
            7 => self.container_read(Ty::ListInt, d),
            8 => self.container_read(Ty::ListStr, d),
            9 => self.container_read(Ty::Dict, d),
            10 => format!("sorted({})", self.container_read(Ty::Set, d)),
            _ => {
                let printable: Vec<Var> = self
                    .env
                    .iter()
                    .filter(|v| {
                        v.ty == Ty::Tuple
                            || matches!(v.ty, Ty::Obj(c) if self.classes[c].printable())
                    })
                    .cloned()
                    .collect();
                if printable.is_empty() {
                    let a = self.int_atom();
                    format!("{a} / {}", self.rng.pick(&[2, 3, 8, -7]))
                } else {
                    self.rng.pick(&printable).name.clone()
                }
            }
        }
    }

    // ----- statements --------------------------------------------------------------------------

    fn print_stmt(&mut self) {
        let n = self.rng.range(1, 3);
        let mut args: Vec<String> = vec![format!("\"p{}\"", self.next_id)];
        self.next_id += 1;
        for _ in 0..n {
            args.push(self.print_arg());
        }
        if self.rng.chance(10) {
            args.push("sep=\"|\"".into());
        }
        if self.rng.chance(5) {
            args.push("end=\";\\n\"".into());
        }
        self.cost += self.mult;
        let text = format!("print({})", args.join(", "));
        self.line(&text);
    }

    fn declare(&mut self, ty: Ty) -> String {
        let name = self.fresh("v");
        self.allow_empty = ty.is_container();
        let depth = if self.rng.chance(30) { 2 } else { 1 };
        let e = self.owned(ty, depth);
        self.allow_empty = false;
        let ann = if ty.is_container() || self.rng.chance(40) {
            format!(": {}", self.ann(ty))
        } else {
            String::new()
        };
        self.line(&format!("{name}{ann} = {e}"));
        self.env.push(Var {
            name: name.clone(),
            ty,
            assignable: true,
            frozen: false,
        });
        name
    }

    fn random_ty(&mut self) -> Ty {
        let mut tys = vec![
            Ty::Int,
            Ty::Int,
            Ty::Str,
            Ty::Str,
            Ty::Bool,
            Ty::ListInt,
            Ty::ListInt,
            Ty::ListStr,
            Ty::Dict,
            Ty::Set,
            Ty::Tuple,
        ];
        for c in 0..self.classes.len() {
            tys.push(Ty::Obj(c));
        }
        *self.rng.pick(&tys)
    }

    fn assign(&mut self) -> bool {
        let vs: Vec<Var> = self
            .env
            .iter()
            .filter(|v| v.assignable && !v.frozen)
            .cloned()
            .collect();
        if vs.is_empty() {
            return false;
        }
        let v = self.rng.pick(&vs).clone();
        let text = match v.ty {
            Ty::Int => {
                if self.rng.chance(40) {
                    let op = *self.rng.pick(&["+=", "-=", "//=", "%="]);
                    let rhs = match op {
                        "//=" | "%=" => format!("{}", self.rng.pick(&[2, 3, -5, 7])),
                        _ => self.int_store(1),
                    };
                    if matches!(op, "+=" | "-=") {
                        let m = self.modulus();
                        format!("{n} {op} {rhs}\n{n} %= {m}", n = v.name)
                    } else {
                        format!("{} {op} {rhs}", v.name)
                    }
                } else {
                    format!("{} = {}", v.name, self.int_store(2))
                }
            }
            Ty::Str => {
                if self.rng.chance(40) {
                    format!("{n} += {}\n{n} = {n}[-12:]", self.str_expr(1), n = v.name)
                } else {
                    format!("{} = ({})[:16]", v.name, self.str_expr(2))
                }
            }
            Ty::Bool => format!("{} = {}", v.name, self.bool_expr(2)),
            Ty::ListInt | Ty::ListStr => {
                if self.rng.chance(30) {
                    let rhs = self.owned(v.ty, 1);
                    format!("{n} = ({n} + {rhs})[-10:]", n = v.name)
                } else {
                    format!("{} = {}", v.name, self.owned(v.ty, 2))
                }
            }
            Ty::Dict | Ty::Set | Ty::Tuple | Ty::Obj(_) => {
                format!("{} = {}", v.name, self.owned(v.ty, 2))
            }
        };
        for l in text.lines() {
            self.line(l);
        }
        true
    }

    fn mutate(&mut self) -> bool {
        let tys = [
            Ty::ListInt,
            Ty::ListInt,
            Ty::ListStr,
            Ty::Dict,
            Ty::Dict,
            Ty::Set,
        ];
        let ty = *self.rng.pick(&tys);
        let objs: Vec<Var> = self
            .env
            .iter()
            .filter(|v| matches!(v.ty, Ty::Obj(_)) && !v.frozen)
            .cloned()
            .collect();
        if !objs.is_empty() && self.rng.chance(30) {
            let o = self.rng.pick(&objs).clone();
            return self.mutate_obj(&o);
        }
        let Some(v) = self.mutable_var(ty) else {
            return false;
        };
        let text = match ty {
            Ty::ListInt | Ty::ListStr => {
                let elem = |g: &mut Gen| {
                    if ty == Ty::ListInt {
                        g.int_store(1)
                    } else {
                        g.str_expr(1)
                    }
                };
                match self.rng.below(9) {
                    0 | 1 => format!("{v}.append({})", elem(self)),
                    2 => format!("if {v}:\n    print(\"popped\", {v}.pop())"),
                    3 => format!("{v}.insert({}, {})", self.rng.range(-2, 3), elem(self)),
                    4 => format!(
                        "if {v}:\n    {v}[{}] = {}",
                        self.rng.range(-1, 0),
                        elem(self)
                    ),
                    5 => format!("{v}.sort()"),
                    6 => format!("{v}.reverse()"),
                    7 => format!("if len({v}) > 1:\n    del {v}[0]"),
                    _ => {
                        let e = elem(self);
                        format!("{v}.extend([{e}, {}])", elem(self))
                    }
                }
            }
            Ty::Dict => {
                let k = self.str_expr(1);
                match self.rng.below(6) {
                    0 | 1 => format!("{v}[{k}] = {}", self.int_store(1)),
                    2 => format!("{v}.setdefault({k}, {})", self.int_atom()),
                    3 => format!("if {k} in {v}:\n    del {v}[{k}]"),
                    4 => format!(
                        "if {k} in {v}:\n    {v}[{k}] += {}\nelse:\n    {v}[{k}] = 1",
                        self.int_atom()
                    ),
                    _ => format!("print(\"pop\", {v}.pop({k}, -1))"),
                }
            }
            _ => {
                let e = self.int_store(1);
                if self.rng.chance(60) {
                    format!("{v}.add({e})")
                } else {
                    format!("{v}.discard({e})")
                }
            }
        };
        for l in text.lines() {
            self.line(l);
        }
        true
    }

    fn mutate_obj(&mut self, o: &Var) -> bool {
        let Ty::Obj(c) = o.ty else { return false };
        let class = self.classes[c].clone();
        if self.rng.chance(50) || class.methods.is_empty() {
            let fs: Vec<(String, Ty)> = class
                .fields
                .iter()
                .filter(|(_, t)| matches!(t, Ty::Int | Ty::Str | Ty::ListInt))
                .cloned()
                .collect();
            if fs.is_empty() {
                return false;
            }
            let (f, t) = self.rng.pick(&fs).clone();
            let text = match t {
                Ty::Int => format!("{}.{f} = {}", o.name, self.int_store(1)),
                Ty::Str => format!("{}.{f} = ({})[:10]", o.name, self.str_expr(1)),
                _ => format!("{}.{f}.append({})", o.name, self.int_store(1)),
            };
            self.line(&text);
            return true;
        }
        if !self.budget_left() || !self.calls_ok() {
            return false;
        }
        let m = self.rng.pick(&class.methods).clone();
        let Some(args) = self.args_for(&m.params, 1, true) else {
            return false;
        };
        self.cost += self.mult * m.cost;
        let call = format!("{}.{}({args})", o.name, m.name);
        if m.ret.is_some() && self.rng.chance(60) {
            self.line(&format!("print(\"{}\", {call})", m.name));
        } else {
            self.line(&call);
        }
        true
    }

    fn block(&mut self, n: usize, depth: u32) {
        let saved = self.env.len();
        let start = self.out.len();
        for _ in 0..n {
            self.stmt(depth);
        }
        if self.out.len() == start {
            self.line("pass");
        }
        self.env.truncate(saved);
    }

    fn stmt(&mut self, depth: u32) {
        let over = !self.budget_left();
        for _ in 0..20 {
            let done = match self.rng.below(20) {
                0 if self.rng.chance(40) => {
                    // tuple unpacking into two new names
                    let Some(t) = self.var_of(Ty::Tuple) else {
                        continue;
                    };
                    let (a, b) = (self.fresh("v"), self.fresh("v"));
                    self.line(&format!("{a}, {b} = {t}"));
                    self.line(&format!("print(\"{a}\", {a}, {b})"));
                    for (n, ty) in [(a, Ty::Int), (b, Ty::Str)] {
                        self.env.push(Var {
                            name: n,
                            ty,
                            assignable: true,
                            frozen: false,
                        });
                    }
                    true
                }
                0..=2 => {
                    let t = self.random_ty();
                    let name = self.declare(t);
                    if self.rng.chance(40) && t != Ty::Set {
                        if let Ty::Obj(c) = t {
                            if !self.classes[c].printable() {
                                return;
                            }
                        }
                        self.line(&format!("print(\"{name}\", {name})"));
                    }
                    true
                }
                3 | 4 => self.assign(),
                5..=7 => {
                    self.print_stmt();
                    true
                }
                8 | 9 => self.mutate(),
                10 | 11 if depth > 0 => {
                    self.if_stmt(depth);
                    true
                }
                12 | 13 if depth > 0 && self.loop_depth < 2 && !over => self.for_stmt(depth),
                14 if depth > 0 && self.loop_depth < 2 && !over => {
                    self.while_stmt(depth);
                    true
                }
                15 if depth > 0 && !self.in_try => {
                    self.try_stmt(depth);
                    true
                }
                16 if !self.in_main || self.in_try => {
                    let cond = self.bool_expr(1);
                    let text = match self.rng.below(if self.user_exceptions { 5 } else { 3 }) {
                        0 => "raise ValueError(\"bad value\")".to_string(),
                        1 => format!("raise KeyError({})", self.str_lit()),
                        2 => format!("raise IndexError(f\"index {{{}}}\")", self.int_atom()),
                        3 => format!("raise GenError(f\"gen {{{}}}\")", self.int_atom()),
                        _ => format!("raise CodeError({})", self.int_atom()),
                    };
                    if self.rng.chance(70) || self.in_try {
                        self.line(&format!("if {cond}:"));
                        self.indent += 1;
                        self.line(&text);
                        self.indent -= 1;
                        true
                    } else {
                        false
                    }
                }
                17 if self.loop_depth > 0 => {
                    let kw = if self.rng.chance(50) {
                        "break"
                    } else {
                        "continue"
                    };
                    let cond = self.bool_expr(1);
                    self.line(&format!("if {cond}:"));
                    self.indent += 1;
                    self.line(kw);
                    self.indent -= 1;
                    true
                }
                18 if self.ret.is_some() => {
                    let cond = self.bool_expr(1);
                    let ret = self.ret.unwrap();
                    let value = match ret {
                        Some(t) => format!("return {}", self.owned(t, 1)),
                        None => "return".to_string(),
                    };
                    self.line(&format!("if {cond}:"));
                    self.indent += 1;
                    self.line(&value);
                    self.indent -= 1;
                    true
                }
                19 => {
                    // a call for its effect
                    self.statement_call = true;
                    let c = self.call_expr(None, 1);
                    self.statement_call = false;
                    if let Some(c) = c {
                        self.line(&c);
                        true
                    } else {
                        false
                    }
                }
                _ => false,
            };
            if done {
                return;
            }
        }
        self.print_stmt();
    }

    fn if_stmt(&mut self, depth: u32) {
        let cond = self.bool_expr(2);
        self.line(&format!("if {cond}:"));
        self.indent += 1;
        let n = self.rng.range(1, 3) as usize;
        self.block(n, depth - 1);
        self.indent -= 1;
        if self.rng.chance(40) {
            let cond = self.bool_expr(2);
            self.line(&format!("elif {cond}:"));
            self.indent += 1;
            self.block(n, depth - 1);
            self.indent -= 1;
        }
        if self.rng.chance(50) {
            self.line("else:");
            self.indent += 1;
            self.block(n, depth - 1);
            self.indent -= 1;
        }
    }

    fn loop_body(&mut self, trips: u64, depth: u32, vars: &[(&str, Ty)], frozen: Option<&str>) {
        let loop_vars: Vec<Var> = vars.iter().map(|(n, t)| Self::loop_var(n, *t)).collect();
        let saved_mult = self.mult;
        self.mult *= trips.max(1);
        self.loop_depth += 1;
        let saved_env = self.env.clone();
        if let Some(f) = frozen {
            for v in self.env.iter_mut().filter(|v| v.name == f) {
                v.frozen = true;
            }
        }
        self.env.extend(loop_vars);
        self.indent += 1;
        let n = self.rng.range(1, 3) as usize;
        self.block(n, depth - 1);
        self.indent -= 1;
        self.env = saved_env;
        self.loop_depth -= 1;
        self.mult = saved_mult;
        if self.rng.chance(15) {
            self.line("else:");
            self.indent += 1;
            self.print_stmt();
            self.indent -= 1;
        }
    }

    fn loop_var(name: &str, ty: Ty) -> Var {
        Var {
            name: name.to_string(),
            ty,
            assignable: false,
            frozen: true,
        }
    }

    fn for_stmt(&mut self, depth: u32) -> bool {
        let x = self.fresh("i");
        match self.rng.below(7) {
            0 | 1 => {
                let k = self.rng.range(0, 6);
                let head = if self.rng.chance(30) {
                    format!("for {x} in range({}, {k}, 2):", self.rng.range(-2, 1))
                } else {
                    format!("for {x} in range({k}):")
                };
                self.line(&head);
                self.loop_body(k as u64, depth, &[(&x, Ty::Int)], None);
            }
            2 => {
                let Some(xs) = self.var_of(Ty::ListInt) else {
                    return false;
                };
                self.line(&format!("for {x} in {xs}:"));
                self.loop_body(6, depth, &[(&x, Ty::Int)], Some(&xs));
            }
            3 => {
                let Some(xs) = self.var_of(Ty::ListStr) else {
                    return false;
                };
                let i = self.fresh("k");
                self.line(&format!("for {i}, {x} in enumerate({xs}):"));
                self.loop_body(6, depth, &[(&x, Ty::Str), (&i, Ty::Int)], Some(&xs));
            }
            4 => {
                let Some(dv) = self.var_of(Ty::Dict) else {
                    return false;
                };
                let k = self.fresh("k");
                if self.rng.chance(30) {
                    self.line(&format!("for {k}, {x} in sorted({dv}.items()):"));
                } else {
                    self.line(&format!("for {k}, {x} in {dv}.items():"));
                }
                self.loop_body(6, depth, &[(&k, Ty::Str), (&x, Ty::Int)], Some(&dv));
            }
            5 => {
                let Some(s) = self.var_of(Ty::Str) else {
                    return false;
                };
                self.line(&format!("for {x} in {s}[:6]:"));
                self.loop_body(6, depth, &[(&x, Ty::Str)], None);
            }
            _ => {
                let (Some(a), Some(b)) = (self.var_of(Ty::ListInt), self.var_of(Ty::ListStr))
                else {
                    return false;
                };
                let y = self.fresh("k");
                self.line(&format!("for {x}, {y} in zip({a}, {b}):"));
                let saved: Vec<Var> = self.env.clone();
                for v in self.env.iter_mut().filter(|v| v.name == a) {
                    v.frozen = true;
                }
                self.loop_body(6, depth, &[(&x, Ty::Int), (&y, Ty::Str)], Some(&b));
                self.env = saved;
            }
        }
        true
    }

    fn while_stmt(&mut self, depth: u32) {
        let c = self.fresh("w");
        let k = self.rng.range(0, 5);
        self.line(&format!("{c} = 0"));
        self.line(&format!("while {c} < {k}:"));
        self.indent += 1;
        self.line(&format!("{c} += 1"));
        self.indent -= 1;
        self.loop_body(k as u64, depth, &[(&c, Ty::Int)], None);
    }

    fn try_stmt(&mut self, depth: u32) {
        self.line("try:");
        self.indent += 1;
        let saved = self.in_try;
        self.in_try = true;
        let n = self.rng.range(1, 3) as usize;
        let saved_env = self.env.len();
        for _ in 0..n {
            if self.rng.chance(50) {
                // something that may raise, printed
                let e = match self.rng.below(3) {
                    0 => self.risky_int(1),
                    1 => {
                        let xs = self.var_of(Ty::ListInt);
                        xs.map(|xs| format!("{xs}.pop({})", self.rng.range(-3, 3)))
                    }
                    _ => self.var_of(Ty::ListStr).map(|xs| format!("min({xs})")),
                };
                let e = e.unwrap_or_else(|| format!("{} // {}", self.int_atom(), self.int_atom()));
                self.line(&format!("print(\"try\", {e})"));
            } else {
                self.stmt(depth - 1);
            }
        }
        self.env.truncate(saved_env);
        self.in_try = saved;
        self.indent -= 1;
        let handlers = [
            ("IndexError", "IndexError"),
            ("KeyError", "KeyError"),
            ("ZeroDivisionError", "ZeroDivisionError"),
            ("ValueError", "ValueError"),
            ("(KeyError, IndexError)", "LookupError"),
            ("ArithmeticError", "ArithmeticError"),
            ("GenError", "GenError"),
            ("CodeError", "CodeError"),
        ];
        let k = self.rng.range(1, 3);
        let mut used = Vec::new();
        let n_handlers = if self.user_exceptions {
            handlers.len()
        } else {
            6
        };
        for _ in 0..k {
            let (h, label) = *self.rng.pick(&handlers[..n_handlers]);
            if used.contains(&h) {
                continue;
            }
            used.push(h);
            let e = self.fresh("e");
            self.line(&format!("except {h} as {e}:"));
            self.indent += 1;
            if h == "CodeError" {
                self.line(&format!("print(\"{label}\", {e}.code, {e})"));
            } else if self.user_exceptions && self.rng.chance(50) {
                self.line(&format!("print(\"{label}\", type({e}).__name__, {e})"));
            } else {
                self.line(&format!("print(\"{label}\", repr(str({e})))"));
            }
            self.indent -= 1;
        }
        if self.in_main || self.rng.chance(20) {
            self.line("except Exception as ex:");
            self.indent += 1;
            self.line(&self.exception_print("other", "ex"));
            self.indent -= 1;
        }
        if self.rng.chance(25) {
            self.line("else:");
            self.indent += 1;
            self.print_stmt();
            self.indent -= 1;
        }
        if self.rng.chance(40) {
            self.line("finally:");
            self.indent += 1;
            self.print_stmt();
            self.indent -= 1;
        }
    }

    /// `print(...)` of a caught exception: its class name only in programs with exception
    /// classes (the JIT runs neither yet), else its message and `repr`.
    fn exception_print(&self, label: &str, e: &str) -> String {
        if self.user_exceptions {
            format!("print(\"{label}\", type({e}).__name__, {e})")
        } else {
            format!("print(\"{label}\", {e}, repr(str({e})))")
        }
    }

    // ----- definitions -------------------------------------------------------------------------

    fn param_ty(&mut self, allow_objs: bool) -> Ty {
        let mut tys = vec![
            Ty::Int,
            Ty::Int,
            Ty::Str,
            Ty::ListInt,
            Ty::ListStr,
            Ty::Dict,
            Ty::Bool,
        ];
        if allow_objs {
            for c in 0..self.classes.len() {
                tys.push(Ty::Obj(c));
            }
        }
        *self.rng.pick(&tys)
    }

    fn ret_ty(&mut self) -> Option<Ty> {
        let tys = [
            Some(Ty::Int),
            Some(Ty::Int),
            Some(Ty::Str),
            Some(Ty::Str),
            Some(Ty::Bool),
            Some(Ty::ListInt),
            Some(Ty::ListStr),
            Some(Ty::Dict),
            Some(Ty::Tuple),
            None,
        ];
        *self.rng.pick(&tys)
    }

    fn reset_fn_state(&mut self, ret: Option<Ty>) {
        self.env.clear();
        self.cost = 1;
        self.mult = 1;
        self.loop_depth = 0;
        self.in_try = false;
        self.ret = Some(ret);
    }

    fn function(&mut self, index: usize) {
        let name = format!("f{index}");
        let recursive = self.rng.chance(20);
        let mut params: Vec<(String, Ty)> = Vec::new();
        if recursive {
            params.push(("n".into(), Ty::Int));
        }
        let np = self.rng.range(0, 3);
        for i in 0..np {
            let t = self.param_ty(true);
            params.push((format!("a{i}"), t));
        }
        let ret = if recursive {
            Some(if self.rng.chance(50) {
                Ty::Int
            } else {
                Ty::Str
            })
        } else {
            self.ret_ty()
        };
        self.reset_fn_state(ret);
        let ps: Vec<String> = params
            .iter()
            .map(|(n, t)| format!("{n}: {}", self.ann(*t)))
            .collect();
        let rt = ret.map_or("None".to_string(), |t| self.ann(t));
        self.line(&format!("def {name}({}) -> {rt}:", ps.join(", ")));
        self.indent += 1;
        for (n, t) in &params {
            self.env.push(Var {
                name: n.clone(),
                ty: *t,
                assignable: !t.is_container() && n != "n",
                frozen: false,
            });
        }
        if recursive {
            self.line("if n <= 0:");
            self.indent += 1;
            let base = self.owned(ret.unwrap(), 1);
            self.line(&format!("return {base}"));
            self.indent -= 1;
        }
        let n = self.rng.range(2, 4) as usize;
        let depth = self.rng.range(1, 2) as u32;
        for _ in 0..n {
            self.stmt(depth);
        }
        let mut cost = self.cost;
        if recursive {
            let rest: Vec<String> = params[1..]
                .iter()
                .map(|(_, t)| {
                    if t.is_container() {
                        // read-only params passed on, containers as fresh copies
                        self.owned(*t, 0)
                    } else {
                        self.owned(*t, 0)
                    }
                })
                .collect();
            let mut args = vec!["n - 1".to_string()];
            args.extend(rest.iter().cloned());
            let call1 = format!("{name}({})", args.join(", "));
            let two = self.rng.chance(30);
            args[0] = "n - 2".into();
            let call2 = format!("{name}({})", args.join(", "));
            let e = match (ret.unwrap(), two) {
                (Ty::Int, false) => format!("({} + {call1}) % 1000003", self.int_expr(1)),
                (Ty::Int, true) => format!("({call1} + {call2}) % 1000003"),
                (_, false) => format!("({} + {call1})[:20]", self.str_expr(1)),
                (_, true) => format!("({call1} + \"/\" + {call2})[-20:]"),
            };
            self.line(&format!("return {e}"));
            cost *= if two { 40 } else { 8 };
        } else if let Some(t) = ret {
            let e = self.owned(t, 2);
            self.line(&format!("return {e}"));
        } else if self.rng.chance(30) {
            self.print_stmt();
        }
        self.indent -= 1;
        self.line("");
        self.line("");
        self.funcs.push(Func {
            name,
            params,
            ret,
            cost: cost.max(1) + 1,
        });
        let _ = recursive;
    }

    fn class(&mut self, index: usize) {
        let name = format!("C{index}");
        let dataclass = self.rng.chance(50);
        let mut fields: Vec<(String, Ty)> = Vec::new();
        let nf = self.rng.range(1, 3);
        let ftys = [Ty::Int, Ty::Int, Ty::Str, Ty::ListInt, Ty::Bool];
        for i in 0..nf {
            let t = *self.rng.pick(&ftys);
            fields.push((format!("x{i}"), t));
        }
        let has_str = !dataclass && self.rng.chance(60);
        let init: Vec<(String, Ty)> = fields.clone();
        let mut class = Class {
            name: name.clone(),
            dataclass,
            fields: fields.clone(),
            init: init.clone(),
            has_str,
            methods: Vec::new(),
        };
        if dataclass {
            self.line("@dataclass");
        }
        self.line(&format!("class {name}:"));
        self.indent += 1;
        for (f, t) in &fields {
            let a = self.ann(*t);
            self.line(&format!("{f}: {a}"));
        }
        // an extra field set by __init__ (plain classes)
        if !dataclass {
            self.line("log: list[str]");
            self.line("");
            let ps: Vec<String> = init
                .iter()
                .map(|(n, t)| format!("{n}: {}", self.ann(*t)))
                .collect();
            self.line(&format!("def __init__(self, {}) -> None:", ps.join(", ")));
            self.indent += 1;
            for (f, _) in &fields {
                self.line(&format!("self.{f} = {f}"));
            }
            self.line("self.log = []");
            self.indent -= 1;
            class.fields.push(("log".into(), Ty::ListStr));
        }
        self.classes.push(class.clone());
        let ci = self.classes.len() - 1;
        let nm = self.rng.range(1, 2);
        for m in 0..nm {
            let mname = format!("m{m}");
            let ret = self.ret_ty();
            self.reset_fn_state(ret);
            let mut params = Vec::new();
            for i in 0..self.rng.range(0, 2) {
                params.push((format!("b{i}"), self.param_ty(false)));
            }
            let mut ps = vec!["self".to_string()];
            ps.extend(params.iter().map(|(n, t)| format!("{n}: {}", self.ann(*t))));
            let rt = ret.map_or("None".to_string(), |t| self.ann(t));
            self.line("");
            self.line(&format!("def {mname}({}) -> {rt}:", ps.join(", ")));
            self.indent += 1;
            for (f, t) in &self.classes[ci].fields.clone() {
                self.env.push(Var {
                    name: format!("self.{f}"),
                    ty: *t,
                    assignable: !t.is_container(),
                    frozen: false,
                });
            }
            for (n, t) in &params {
                self.env.push(Var {
                    name: n.clone(),
                    ty: *t,
                    assignable: !t.is_container(),
                    frozen: false,
                });
            }
            // methods call no functions (those come later) and no other methods
            let saved_funcs = std::mem::take(&mut self.funcs);
            let n = self.rng.range(1, 2) as usize;
            for _ in 0..n {
                self.stmt(1);
            }
            if let Some(t) = ret {
                let e = self.owned(t, 2);
                self.line(&format!("return {e}"));
            }
            self.funcs = saved_funcs;
            self.indent -= 1;
            let cost = self.cost;
            self.classes[ci].methods.push(Func {
                name: mname,
                params,
                ret,
                cost: cost + 1,
            });
        }
        if has_str {
            self.reset_fn_state(Some(Ty::Str));
            self.line("");
            self.line("def __str__(self) -> str:");
            self.indent += 1;
            let parts: Vec<String> = self.classes[ci]
                .fields
                .iter()
                .map(|(f, _)| format!("{f}={{self.{f}}}"))
                .collect();
            self.line(&format!("return f\"{name}({})\"", parts.join(", ")));
            self.indent -= 1;
        }
        self.indent -= 1;
        self.line("");
        self.line("");
        self.env.clear();
    }

    fn program(&mut self, seed: u64) {
        self.line(&format!(
            "# Generated by progen (seed {seed}): a random Roast program, checked against CPython."
        ));
        self.line("from dataclasses import dataclass");
        self.line("");
        self.line("");
        self.user_exceptions = self.rng.chance(30);
        if self.user_exceptions {
            self.line("class GenError(Exception):");
            self.line("    pass");
            self.line("");
            self.line("");
            self.line("class CodeError(Exception):");
            self.line("    def __init__(self, code: int) -> None:");
            self.line("        super().__init__(f\"code {code}\")");
            self.line("        self.code = code");
            self.line("");
            self.line("");
        }
        let nc = self.rng.range(0, 1);
        for c in 0..nc {
            self.class(c as usize);
        }
        let nfun = self.rng.range(2, 4);
        for i in 0..nfun {
            self.function(i as usize);
        }
        // main: calls every function, guarded, and prints what it changed
        self.reset_fn_state(None);
        self.in_main = true;
        self.line("def main() -> None:");
        self.indent += 1;
        for _ in 0..self.rng.range(2, 3) {
            let t = self.random_ty();
            self.declare(t);
        }
        for _ in 0..self.rng.range(1, 2) {
            self.stmt(2);
        }
        let funcs = self.funcs.clone();
        for f in &funcs {
            for _ in 0..self.rng.range(1, 2) {
                self.mult = 1;
                self.cost = 0;
                let mut args: Vec<String> = Vec::new();
                for (n, t) in &f.params {
                    let a = if n == "n" {
                        self.rng.range(-1, 7).to_string()
                    } else if t.is_container() {
                        match self.mutable_var(*t) {
                            Some(v) if !args.contains(&v) && self.rng.chance(60) => v,
                            _ => self.owned(*t, 1),
                        }
                    } else {
                        self.owned(*t, 1)
                    };
                    args.push(a);
                }
                let call = format!("{}({})", f.name, args.join(", "));
                self.line("try:");
                self.indent += 1;
                if f.ret.is_some() {
                    self.line(&format!("print(\"{}\", {call})", f.name));
                } else {
                    self.line(&call);
                }
                self.indent -= 1;
                self.line("except Exception as ex:");
                self.indent += 1;
                let text = self.exception_print(&format!("{} raised", f.name), "ex");
                self.line(&text);
                self.indent -= 1;
                let shown: Vec<String> = args
                    .iter()
                    .filter(|a| self.env.iter().any(|v| &v.name == *a && v.ty != Ty::Set))
                    .filter(|a| {
                        self.env.iter().any(|v| {
                            &v.name == *a
                                && !matches!(v.ty, Ty::Obj(c) if !self.classes[c].printable())
                        })
                    })
                    .cloned()
                    .collect();
                if !shown.is_empty() {
                    self.line(&format!("print(\"after\", {})", shown.join(", ")));
                }
            }
        }
        self.stmt(1);
        self.indent -= 1;
        self.line("");
        self.line("");
        self.line("if __name__ == \"__main__\":");
        self.line("    main()");
        if self.rng.chance(12) {
            // an uncaught exception ends some programs: exit status and last stderr line
            let e = match self.rng.below(if self.user_exceptions { 3 } else { 1 }) {
                0 => "KeyError(\"missing\")",
                1 => "CodeError(3)",
                _ => "GenError(\"the end\")",
            };
            self.line(&format!("    raise {e}"));
        }
    }
}
