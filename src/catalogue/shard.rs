//! `--shard K/N`: the K-th of N disjoint slices of a catalogue, for a CI
//! matrix whose jobs each build one slice. A book's slice comes from a
//! hash of its name (not its place in the list), so adding or removing a
//! book never moves another one to a different job.

use std::fmt;
use std::str::FromStr;

/// One slice of N: `index` in `1..=count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl Shard {
    /// Whether the book named `name` (see [`crate::build::book_name`])
    /// belongs to this slice.
    pub fn contains(&self, name: &str) -> bool {
        let hash = blake3::hash(name.as_bytes());
        let mut first = [0u8; 8];
        first.copy_from_slice(&hash.as_bytes()[..8]);
        u64::from_le_bytes(first) % u64::from(self.count) == u64::from(self.index - 1)
    }
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("`{s}` is not K/N with 1 ≤ K ≤ N (e.g. 2/5)");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let index: u32 = k.trim().parse().map_err(|_| bad())?;
        let count: u32 = n.trim().parse().map_err(|_| bad())?;
        if index == 0 || count == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_k_of_n() {
        assert_eq!("2/5".parse(), Ok(Shard { index: 2, count: 5 }));
        for bad in ["0/3", "4/3", "3", "a/b", "1/0", ""] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    #[test]
    fn slices_are_disjoint_whole_and_stable() {
        let names: Vec<String> = (0..200).map(|i| format!("catalogue/book-{i}")).collect();
        for count in 1..=5 {
            let mut owners = vec![0; names.len()];
            for index in 1..=count {
                let shard = Shard { index, count };
                for (i, name) in names.iter().enumerate() {
                    if shard.contains(name) {
                        owners[i] += 1;
                    }
                }
            }
            assert!(owners.iter().all(|&o| o == 1), "N={count}: {owners:?}");
        }
    }
}
