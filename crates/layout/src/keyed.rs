//! One sort for the whole layout: items as (key, index) pairs of integers. Every sort by
//! a different closure would compile to its own copy of the sorting code in WebAssembly;
//! this keeps the layout module small.

/// A key that orders like `v` (total order, NaN last).
pub(super) fn f64_key(v: f64) -> u64 {
    let bits = v.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}

/// `items` ordered by key, then by index.
pub(super) fn sort(items: &mut [(u64, usize)]) {
    items.sort_unstable();
}

/// The indices `0..keys.len()` ordered by their key (ties keep index order).
pub(super) fn order_of(keys: impl Iterator<Item = u64>) -> Vec<usize> {
    let mut items: Vec<(u64, usize)> = keys.enumerate().map(|(i, k)| (k, i)).collect();
    sort(&mut items);
    items.into_iter().map(|(_, i)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f64_keys_order_like_the_numbers() {
        let xs = [3.5, -1.0, 0.0, -0.5, 1e9, -1e9];
        let order = order_of(xs.iter().map(|&x| f64_key(x)));
        let sorted: Vec<f64> = order.iter().map(|&i| xs[i]).collect();
        assert_eq!(sorted, [-1e9, -1.0, -0.5, 0.0, 3.5, 1e9]);
    }
}
