//! A fixed-seed random source for the layout engine's randomised tests,
//! so that the line and page breakers' property tests draw from one
//! generator and a failing case can be replayed from its seed.

/// A linear congruential generator with Knuth's MMIX constants.
pub(crate) struct Lcg(pub(crate) u64);

impl Lcg {
    /// The next 31 bits.
    pub(crate) fn next(&mut self) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as u32
    }

    /// A number in `0..n`.
    pub(crate) fn below(&mut self, n: u32) -> u32 {
        self.next() % n
    }
}
