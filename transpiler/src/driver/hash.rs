//! A small stable hash (FNV-1a, 64 bits) for cache keys and package names. `DefaultHasher` is
//! not promised to be stable across Rust releases; this is.

/// FNV-1a over a sequence of byte strings; each is followed by its length, so
/// `["ab", "c"]` and `["a", "bc"]` hash differently.
#[derive(Clone, Debug)]
pub struct StableHasher(u64);

impl Default for StableHasher {
    fn default() -> Self {
        StableHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl StableHasher {
    pub fn new() -> StableHasher {
        StableHasher::default()
    }

    pub fn add(&mut self, bytes: &[u8]) -> &mut StableHasher {
        for &b in bytes
            .iter()
            .chain((bytes.len() as u64).to_le_bytes().iter())
        {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        self
    }

    pub fn finish(&self) -> u64 {
        self.0
    }

    /// The hash as 16 lowercase hex digits.
    pub fn hex(&self) -> String {
        format!("{:016x}", self.0)
    }
}

/// The hash of one byte string, as 16 hex digits.
pub fn hex_of(bytes: &[u8]) -> String {
    StableHasher::new().add(bytes).hex()
}
