//! The hash table that holds a policy's exact origins.
//!
//! The runtime builds it once per policy, from the origins the macro
//! checked (and from origins read from the environment), and looks origins
//! up with [`lookup`]: one hash and, almost always, one comparison whatever
//! the number of origins.
//!
//! ```
//! use cors_rules::exact_table::{build, lookup};
//!
//! let origins = ["https://a.com", "https://b.com"];
//! let slots: Vec<&str> = build(&origins).into_iter().map(|slot| slot.map_or("", |i| origins[i])).collect();
//! assert!(lookup(&slots, "https://b.com"));
//! assert!(!lookup(&slots, "https://c.com"));
//! ```

/// FNV-1a over the origin's bytes. Only configured origins are stored, so a
/// hostile `Origin` cannot lengthen a probe sequence; it can only pick one.
#[inline]
pub const fn hash(bytes: &[u8]) -> u64 {
    let mut state: u64 = 0xcbf2_9ce4_8422_2325;
    let mut index = 0;
    while index < bytes.len() {
        state ^= bytes[index] as u64;
        state = state.wrapping_mul(0x0000_0100_0000_01b3);
        index += 1;
    }
    state
}

/// The number of slots for `count` origins: a power of two at least twice
/// the count, so probe sequences stay short and always reach an empty slot.
pub fn slot_count(count: usize) -> usize {
    if count == 0 {
        0
    } else {
        (count * 2).next_power_of_two()
    }
}

/// Lays out `origins` (distinct, non-empty) in open-addressing slots; each
/// slot holds the index of its origin or `None`.
pub fn build(origins: &[&str]) -> Vec<Option<usize>> {
    let len = slot_count(origins.len());
    let mut slots = vec![None; len];
    for (index, origin) in origins.iter().enumerate() {
        let mut slot = (hash(origin.as_bytes()) as usize) & (len - 1);
        while slots[slot].is_some() {
            slot = (slot + 1) & (len - 1);
        }
        slots[slot] = Some(index);
    }
    slots
}

/// Whether `key` is in `slots` (a table from [`build`], empty strings for
/// empty slots).
#[inline]
pub fn lookup(slots: &[&str], key: &str) -> bool {
    if slots.is_empty() || key.is_empty() {
        return false;
    }
    let mask = slots.len() - 1;
    let mut slot = (hash(key.as_bytes()) as usize) & mask;
    loop {
        let stored = slots[slot];
        if stored.is_empty() {
            return false;
        }
        if stored == key {
            return true;
        }
        slot = (slot + 1) & mask;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stored_origin_is_found_and_no_other() {
        let owned: Vec<String> = (0..1000)
            .map(|i| format!("https://site{i}.example"))
            .collect();
        let origins: Vec<&str> = owned.iter().map(String::as_str).collect();
        let slots: Vec<&str> = build(&origins)
            .into_iter()
            .map(|slot| slot.map_or("", |i| origins[i]))
            .collect();
        assert_eq!(slots.len(), 2048);
        assert!(origins.iter().all(|origin| lookup(&slots, origin)));
        assert!(!lookup(&slots, "https://site1000.example"));
        assert!(!lookup(&slots, "https://site1.example/"));
        assert!(!lookup(&slots, ""));
        assert!(!lookup(&[], "https://site1.example"));
    }
}
