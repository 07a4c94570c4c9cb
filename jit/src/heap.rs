//! The objects JIT code reaches through handles: a per-thread slab of reference-counted strs
//! and lists. A handle is a slot index (0 is null, never a slot), so no raw pointer crosses the
//! JIT boundary and the glue needs no `unsafe`.
//!
//! Invariant: a slot's count is the number of handle words that refer to it (locals, list
//! elements, globals); at 0 the object is freed and its slot reused. Interned literals are
//! immortal. Every value in a container is a 64-bit word; `List::handles` says whether its words
//! are handles (so dropping the list releases them).

use std::cell::RefCell;

pub type Handle = u64;

pub enum Obj {
    Str {
        s: String,
        /// All ASCII: code point indexing is byte indexing.
        ascii: bool,
    },
    List {
        items: Vec<u64>,
        handles: bool,
    },
    /// A dict: keys (with their words) to value words.
    Dict {
        map: roast_runtime::Dict<crate::coll::Elem, u64>,
        kh: bool,
        vh: bool,
    },
    Set {
        set: roast_runtime::Set<crate::coll::Elem>,
        h: bool,
    },
    /// An exception object (`except E as e`, `ValueError("x")`).
    Exc(roast_runtime::PyException),
    /// A tuple (or a class instance's fields): bit `i` of `mask` says item `i` is a handle.
    Tuple {
        items: Vec<u64>,
        mask: u64,
    },
}

const IMMORTAL: u32 = u32::MAX;

struct Slot {
    rc: u32,
    obj: Option<Obj>,
}

pub struct Heap {
    slots: Vec<Slot>,
    free: Vec<u32>,
}

thread_local! {
    // Slot 0 (null) is reserved by the first allocation.
    static HEAP: RefCell<Heap> = const { RefCell::new(Heap { slots: Vec::new(), free: Vec::new() }) };
}

/// Runs `f` with the thread's heap. Not reentrant: `f` must not call back into `with`.
pub fn with<R>(f: impl FnOnce(&mut Heap) -> R) -> R {
    HEAP.with(|h| f(&mut h.borrow_mut()))
}

pub fn new_str(s: String) -> Handle {
    with(|h| h.alloc_str(s))
}

pub fn new_list(items: Vec<u64>, handles: bool) -> Handle {
    with(|h| h.alloc(Obj::List { items, handles }))
}

pub fn incref(x: Handle) {
    if x != 0 {
        with(|h| h.incref(x));
    }
}

/// Releases one reference; frees the object (and what it holds) at zero.
pub fn decref(x: Handle) {
    if x == 0 {
        return;
    }
    let freed = with(|h| h.release(x));
    // Freed containers hand their element handles back here, outside the heap borrow.
    let mut pending = match freed {
        Some(obj) => children(obj),
        None => return,
    };
    while let Some(x) = pending.pop() {
        if let Some(obj) = with(|h| h.release(x)) {
            pending.extend(children(obj));
        }
    }
}

/// The handles a freed object held.
fn children(obj: Obj) -> Vec<Handle> {
    match obj {
        Obj::List {
            items,
            handles: true,
        } => items,
        Obj::Dict { map, kh, vh } => {
            let mut out = Vec::new();
            for (k, v) in map.iter() {
                if kh {
                    out.push(k.word);
                }
                if vh {
                    out.push(*v);
                }
            }
            out
        }
        Obj::Set { set, h: true } => set.iter().map(|e| e.word).collect(),
        Obj::Tuple { items, mask } if mask != 0 => items
            .into_iter()
            .enumerate()
            .filter(|(i, _)| mask >> i & 1 == 1)
            .map(|(_, w)| w)
            .collect(),
        _ => Vec::new(),
    }
}

impl Heap {
    fn alloc(&mut self, obj: Obj) -> Handle {
        match self.free.pop() {
            Some(i) => {
                let slot = &mut self.slots[i as usize];
                slot.rc = 1;
                slot.obj = Some(obj);
                i as Handle
            }
            None => {
                if self.slots.is_empty() {
                    self.slots.push(Slot {
                        rc: IMMORTAL,
                        obj: None,
                    });
                }
                self.slots.push(Slot {
                    rc: 1,
                    obj: Some(obj),
                });
                (self.slots.len() - 1) as Handle
            }
        }
    }

    pub fn alloc_str(&mut self, s: String) -> Handle {
        let ascii = s.is_ascii();
        self.alloc(Obj::Str { s, ascii })
    }

    pub fn alloc_list(&mut self, items: Vec<u64>, handles: bool) -> Handle {
        self.alloc(Obj::List { items, handles })
    }

    pub fn alloc_tuple(&mut self, items: Vec<u64>, mask: u64) -> Handle {
        self.alloc(Obj::Tuple { items, mask })
    }

    pub fn alloc_obj(&mut self, obj: Obj) -> Handle {
        self.alloc(obj)
    }

    /// An immortal str (a literal of the compiled code).
    pub fn intern(&mut self, s: &str) -> Handle {
        let h = self.alloc_str(s.to_string());
        self.slots[h as usize].rc = IMMORTAL;
        h
    }

    pub fn incref(&mut self, x: Handle) {
        if let Some(slot) = self.slots.get_mut(x as usize) {
            if slot.rc != IMMORTAL {
                slot.rc += 1;
            }
        }
    }

    /// Drops one reference; returns the object when it was the last one.
    fn release(&mut self, x: Handle) -> Option<Obj> {
        let slot = self.slots.get_mut(x as usize)?;
        if slot.rc == IMMORTAL || slot.rc == 0 {
            return None;
        }
        slot.rc -= 1;
        if slot.rc > 0 {
            return None;
        }
        let obj = slot.obj.take();
        self.free.push(x as u32);
        obj
    }

    /// The object, when `x` is its only reference (so it may change in place).
    pub fn get_unique(&mut self, x: Handle) -> Option<&mut Obj> {
        let slot = self.slots.get_mut(x as usize)?;
        if slot.rc == 1 {
            slot.obj.as_mut()
        } else {
            None
        }
    }

    pub fn get(&self, x: Handle) -> Option<&Obj> {
        self.slots.get(x as usize)?.obj.as_ref()
    }

    pub fn get_mut(&mut self, x: Handle) -> Option<&mut Obj> {
        self.slots.get_mut(x as usize)?.obj.as_mut()
    }

    pub fn str(&self, x: Handle) -> &str {
        match self.get(x) {
            Some(Obj::Str { s, .. }) => s,
            _ => "",
        }
    }

    /// The items of a list or tuple.
    pub fn list(&self, x: Handle) -> &[u64] {
        match self.get(x) {
            Some(Obj::List { items, .. } | Obj::Tuple { items, .. }) => items,
            _ => &[],
        }
    }

    /// Live objects (for the memory tests).
    pub fn live(&self) -> usize {
        self.slots.len().saturating_sub(1 + self.free.len())
    }
}

/// Number of live objects on this thread (interned literals included).
pub fn live() -> usize {
    with(|h| h.live())
}
