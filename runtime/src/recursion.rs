//! CPython's recursion limit: `RecursionError: maximum recursion depth exceeded` at the depth
//! where CPython 3.11 raises it, `sys.setrecursionlimit` and `sys.getrecursionlimit`.
//!
//! The depth counts frames as CPython does: the module's frame is 1, each call of a function
//! adds 1 and a constructor call adds 2 (CPython counts the call of the class and the
//! `__init__` frame). A call that would make the depth exceed the limit raises instead. Only
//! the functions whose frames can be on the stack when the depth matters count (the compiler
//! finds them: the functions that can reach a recursive cycle of the call graph or
//! `sys.setrecursionlimit`); they open with `let _depth = rt::enter_recursion();`, whose guard
//! gives the frame back when dropped, on return and on unwinding alike. Every other function
//! pays nothing.
//!
//! The program runs on a thread with a large stack (see `error::run`); past
//! [`STACK_CHECK_FROM`] frames each entry also checks the stack left, so that a limit raised
//! beyond what the stack holds gives a `RecursionError` rather than a crash.

use crate::error::{raise, ErrorKind};
use std::cell::Cell;

/// CPython's default `sys.getrecursionlimit()`.
pub const DEFAULT_LIMIT: u32 = 1000;

/// Below this depth the stack always suffices (it allows frames of 50 KiB and more), so only
/// deeper entries check the stack left.
const STACK_CHECK_FROM: u32 = 10_000;

/// Stack kept free below the deepest counted frame, for the calls it makes.
const STACK_RESERVE: usize = 4 << 20;

thread_local! {
    /// The current depth: the module's frame is 1.
    static DEPTH: Cell<u32> = const { Cell::new(1) };
    /// The depth past which an entry takes the slow path: `min(limit, STACK_CHECK_FROM)`.
    static CHECK_AT: Cell<u32> = const { Cell::new(DEFAULT_LIMIT) };
    /// `sys.getrecursionlimit()`.
    static LIMIT: Cell<u32> = const { Cell::new(DEFAULT_LIMIT) };
    /// The lowest usable stack address of this thread, 0 when unknown.
    static STACK_FLOOR: Cell<usize> = const { Cell::new(0) };
}

/// The current depth (the module's frame is 1).
fn depth() -> i64 {
    i64::from(DEPTH.with(Cell::get))
}

/// A counted frame: dropping it gives the depth back.
#[must_use]
pub struct RecursionGuard {
    /// The depth before the frame.
    outer: u32,
}

impl Drop for RecursionGuard {
    #[inline]
    fn drop(&mut self) {
        // A store of the depth saved on entry, not a decrement: a function returning does not
        // wait for the counter its last callee just wrote.
        DEPTH.with(|d| d.set(self.outer));
    }
}

/// Enters a function that can recurse: raises `RecursionError` when the depth would exceed
/// the limit. Generated code: `let _depth = rt::enter_recursion();`.
#[inline]
pub fn enter_recursion() -> RecursionGuard {
    enter(1)
}

/// Enters a constructor (`__init__`) that can recurse: CPython counts two frames for it.
#[inline]
pub fn enter_init() -> RecursionGuard {
    enter(2)
}

#[inline(always)]
fn enter(cost: u32) -> RecursionGuard {
    let outer = DEPTH.with(Cell::get);
    // Wrapping: the depth stays far below `u32::MAX`, and generated code is built with overflow
    // checks, whose branches would only cost here.
    let d = outer.wrapping_add(cost);
    DEPTH.with(|c| c.set(d));
    if d > CHECK_AT.with(Cell::get) && too_deep() {
        DEPTH.with(|c| c.set(outer));
        raise_recursion_error();
    }
    RecursionGuard { outer }
}

/// The slow path of an entry (the frame already counted) past the limit or deep in the stack:
/// does the depth exceed the limit, or is the stack nearly used up?
#[cold]
#[inline(never)]
pub fn too_deep() -> bool {
    if depth() > i64::from(LIMIT.with(Cell::get)) {
        return true;
    }
    let floor = STACK_FLOOR.with(Cell::get);
    let probe = 0u8;
    let here = &probe as *const u8 as usize;
    floor != 0 && here < floor.saturating_add(STACK_RESERVE)
}

/// Raises `RecursionError: maximum recursion depth exceeded`.
#[cold]
#[inline(never)]
pub fn raise_recursion_error() -> ! {
    raise(
        ErrorKind::RecursionError,
        "maximum recursion depth exceeded",
    )
}

/// `sys.setrecursionlimit(n)`, with CPython's errors.
pub fn set_recursion_limit(n: i64) {
    if n > i64::from(i32::MAX) || n < i64::from(i32::MIN) {
        raise(
            ErrorKind::OverflowError,
            "Python int too large to convert to C int",
        );
    }
    if n < 1 {
        raise(
            ErrorKind::ValueError,
            "recursion limit must be greater or equal than 1",
        );
    }
    // CPython counts the call of `setrecursionlimit` itself.
    let current = depth();
    let depth = current + 1;
    if depth >= n {
        raise(
            ErrorKind::RecursionError,
            format!(
                "cannot set the recursion limit to {n} at the recursion depth {depth}: the limit is too low"
            ),
        );
    }
    let n = n as u32;
    LIMIT.with(|l| l.set(n));
    CHECK_AT.with(|c| c.set(n.min(STACK_CHECK_FROM)));
}

/// `sys.getrecursionlimit()`.
pub fn get_recursion_limit() -> i64 {
    i64::from(LIMIT.with(Cell::get))
}

/// Starts a program on this thread: depth 1, the default limit, and the stack's lowest address
/// (`stack_size` bytes below the caller's frame).
pub(crate) fn begin_program(stack_size: usize) {
    let here = &stack_size as *const usize as usize;
    DEPTH.with(|c| c.set(1));
    LIMIT.with(|c| c.set(DEFAULT_LIMIT));
    CHECK_AT.with(|c| c.set(DEFAULT_LIMIT));
    STACK_FLOOR.with(|c| c.set(here.saturating_sub(stack_size)));
}

/// The addresses of this thread's depth and slow-path threshold (`u32`s), for the JIT's
/// inline entry and exit code.
pub fn counter_addresses() -> (usize, usize) {
    (
        DEPTH.with(|c| c.as_ptr() as usize),
        CHECK_AT.with(|c| c.as_ptr() as usize),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth_reached(d: u32) -> u32 {
        let _g = enter_recursion();
        match crate::catch(|| depth_reached(d + 1)) {
            Ok(r) => r,
            Err(_) => d,
        }
    }

    #[test]
    fn limit_and_unwinding() {
        std::thread::spawn(|| {
            begin_program(8 << 20);
            // The module frame is 1: the 999th nested call is the last one allowed.
            assert_eq!(depth_reached(1), 999);
            assert_eq!(depth(), 1);
            set_recursion_limit(50);
            assert_eq!(get_recursion_limit(), 50);
            assert_eq!(depth_reached(1), 49);
            assert!(crate::catch(|| set_recursion_limit(2)).is_err());
            assert!(crate::catch(|| set_recursion_limit(0)).is_err());
        })
        .join()
        .unwrap();
    }
}
