//! A stable sort by an integer key with little code, for sorts that are not
//! on a hot path or whose lists are short in practice: a query's terms, a run
//! of combining marks, story groups by their first member.
//!
//! Each use of `slice::sort_by_key` instantiates a driftsort with its sorting
//! networks for that element type and key function, inlined key and all: the
//! query's terms cost 25 KB of wasm at opt-level 3, for lists of a few
//! elements. Here short lists take an insertion sort (a few hundred bytes,
//! and the faster sort at that length); longer ones, which only hostile
//! input makes, sort `(key, position)` pairs with the one `sort_unstable`
//! the index already instantiates, so no length is quadratic.

/// Up to this length, insertion sort.
const SHORT: usize = 16;

/// Sorts `v` by `key`, keeping equal elements in their order.
pub fn stable_sort_by_key<T: Clone>(v: &mut [T], mut key: impl FnMut(&T) -> u64) {
    if v.len() <= SHORT {
        for i in 1..v.len() {
            let mut j = i;
            while j > 0 && key(&v[j - 1]) > key(&v[j]) {
                v.swap(j - 1, j);
                j -= 1;
            }
        }
        return;
    }
    // `(key, position)` as `(u64, u32)`, the pair type the index's writer
    // sorts, so no new instantiation: these lists are nowhere near 2³² long.
    let mut order: Vec<(u64, u32)> = v.iter().zip(0..).map(|(e, at)| (key(e), at)).collect();
    // Positions are distinct, so an unstable sort of the pairs is a stable sort of `v`.
    order.sort_unstable();
    let sorted: Vec<T> = order.iter().map(|&(_, at)| v[at as usize].clone()).collect();
    v.clone_from_slice(&sorted);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_as_the_standard_stable_sort() {
        let mut seed = 7u32;
        for len in (0..40).chain([200, 1000]) {
            let v: Vec<(u64, u32)> = (0..len)
                .map(|i| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    (u64::from(seed >> 16) % 5, i)
                })
                .collect();
            let (mut ours, mut std) = (v.clone(), v);
            stable_sort_by_key(&mut ours, |e| e.0);
            std.sort_by_key(|e| e.0);
            assert_eq!(ours, std, "{len}");
        }
    }
}
