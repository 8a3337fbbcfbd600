//! Fractional keys for a card's place in its column. A move writes only the moved card's
//! key, chosen strictly between its new neighbours' keys, so two devices moving cards
//! offline never renumber each other's cards; two cards that end up with the same key
//! (both dropped between the same neighbours) sort by id, the same on every replica.
//!
//! Keys are strings of base-62 digits (`0-9A-Za-z`, in ASCII order, so SQLite's binary
//! text order is key order) that never end in `0`: there is always room below a key.
//! The midpoint follows David Greenspan's "Implementing Fractional Indexing" (2020).

const DIGITS: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BASE: usize = 62;

/// Whether `key` is a rank this module writes: non-empty base-62 digits, not ending in 0.
pub fn is_valid(key: &str) -> bool {
    !key.is_empty()
        && key.bytes().all(|b| DIGITS.contains(&b))
        && !key.ends_with('0')
}

fn digit(b: u8) -> usize {
    DIGITS.iter().position(|d| *d == b).unwrap_or(0)
}

/// The key of a card written before ranks existed: its old integer position, in the same
/// digits (the SQL of the board query says the same: `printf('%019d', position) || 'V'`).
pub fn legacy(position: i64) -> String {
    format!("{:019}V", position.max(0))
}

/// A key strictly between `before` and `after` (either may be missing: the start or the
/// end of the column). Keys that are not valid or not in order are treated as missing.
pub fn between(before: Option<&str>, after: Option<&str>) -> String {
    let before = before.filter(|k| is_valid(k));
    let after = after.filter(|k| is_valid(k));
    match (before, after) {
        (Some(a), Some(b)) if a < b => midpoint(a, Some(b)),
        (Some(a), Some(_)) | (Some(a), None) => key_after(a),
        (None, Some(b)) => key_before(b),
        (None, None) => "V".to_string(),
    }
}

/// A short key above `a`: its first digit below `z` plus one, the rest dropped (cards are
/// added at the end of a column far more often than anywhere else: a key grows by one
/// digit every 30 or so appends rather than every few).
fn key_after(a: &str) -> String {
    match a.bytes().position(|b| b != b'z') {
        Some(i) => format!("{}{}", &a[..i], DIGITS[digit(a.as_bytes()[i]) + 1] as char),
        None => format!("{a}V"),
    }
}

/// A short key below `b` (which never ends in 0): the same from the other end.
fn key_before(b: &str) -> String {
    let bytes = b.as_bytes();
    match bytes.iter().position(|c| *c != b'0') {
        Some(i) if digit(bytes[i]) > 1 => format!("{}{}", &b[..i], DIGITS[digit(bytes[i]) - 1] as char),
        Some(i) => format!("{}0V", &b[..i]),
        None => midpoint("", Some(b)),
    }
}

/// A key between `a` (or the very start, "") and `b` (or the end): `a < b`, neither
/// ending in 0.
fn midpoint(a: &str, b: Option<&str>) -> String {
    let (ab, bb) = (a.as_bytes(), b.map(str::as_bytes));
    if let Some(bb) = bb {
        // Skip the common prefix (a digit missing from `a` counts as 0).
        let mut n = 0;
        while n < bb.len() && ab.get(n).copied().unwrap_or(b'0') == bb[n] {
            n += 1;
        }
        if n > 0 {
            let rest_a = if n < ab.len() { &a[n..] } else { "" };
            return format!("{}{}", &b.unwrap_or_default()[..n], midpoint(rest_a, Some(&b.unwrap_or_default()[n..])));
        }
    }
    let da = ab.first().map_or(0, |d| digit(*d));
    let db = bb.map_or(BASE, |bb| digit(bb[0]));
    if db - da > 1 {
        return (DIGITS[(da + db) / 2] as char).to_string();
    }
    match bb {
        // b's first digit alone is above a and below b.
        Some(bb) if bb.len() > 1 => (bb[0] as char).to_string(),
        _ => {
            let rest = if ab.len() > 1 { &a[1..] } else { "" };
            format!("{}{}", DIGITS[da] as char, midpoint(rest, None))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};

    #[test]
    fn keys_fall_strictly_between_their_neighbours() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        let mut keys: Vec<String> = vec![between(None, None)];
        for _ in 0..3000 {
            let i = rng.gen_range(0..=keys.len());
            let before = i.checked_sub(1).map(|j| keys[j].as_str());
            let after = keys.get(i).map(String::as_str);
            let key = between(before, after);
            assert!(is_valid(&key), "{key} is a valid key");
            assert!(before.is_none_or(|b| b < key.as_str()), "{before:?} < {key}");
            assert!(after.is_none_or(|a| key.as_str() < a), "{key} < {after:?}");
            keys.insert(i, key);
        }
    }

    #[test]
    fn always_inserting_at_the_front_or_the_back_keeps_keys_short() {
        let mut first = between(None, None);
        let mut last = first.clone();
        for _ in 0..1000 {
            first = between(None, Some(&first));
            last = between(Some(&last), None);
        }
        assert!(first.len() < 40 && last.len() < 40, "{} and {}", first.len(), last.len());
    }

    #[test]
    fn legacy_positions_sort_as_numbers_and_below_new_keys_at_the_end() {
        assert!(legacy(9) < legacy(10));
        assert!(is_valid(&legacy(0)));
        assert!(between(Some(&legacy(3)), Some(&legacy(4))) > legacy(3));
        assert!(between(Some(&legacy(3)), None) > legacy(3));
    }

    #[test]
    fn keys_out_of_order_are_not_trusted() {
        let key = between(Some("b"), Some("a"));
        assert!(key.as_str() > "b");
    }
}
