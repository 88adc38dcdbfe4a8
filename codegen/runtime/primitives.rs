//! Value types the Smithy model's simple shapes map to, beyond the ones std has.

mod big_number;
mod document;
mod timestamp;
mod unknown;

pub use big_number::{BigDecimal, BigInteger, InvalidNumber};
pub(crate) use big_number::json_number_len;
pub use document::{Document, DocumentError, Number};
pub use timestamp::{Timestamp, TimestampError, TimestampFormat};
#[allow(unused_imports, reason = "only models with epoch-seconds timestamps in responses read them")]
pub(crate) use timestamp::epoch_seconds_prefix;
pub use unknown::{UnknownIntValue, UnknownValue, UnknownVariant};

/// Where `value` is among an enum's `VALUES`: one loop here, rather than one closure and one
/// search to type-check and borrow-check in every enum of the crate.
#[allow(dead_code, reason = "only models with enums look values up")]
#[inline]
pub(crate) fn index_of(values: &[&str], value: &str) -> Option<usize> {
    values.iter().position(|known| *known == value)
}

/// A builder's list setter: every item converted, as the member's `Vec`.
#[allow(dead_code, reason = "only models with lists in structures build them")]
#[inline]
pub(crate) fn list_of<T>(items: impl IntoIterator<Item = impl Into<T>>) -> Option<Vec<T>> {
    Some(items.into_iter().map(Into::into).collect())
}

/// A builder's map setter: every key and value converted, as the member's map.
#[allow(dead_code, reason = "only models with maps in structures build them")]
#[inline]
pub(crate) fn map_of<K: Ord, V>(
    entries: impl IntoIterator<Item = (impl Into<K>, impl Into<V>)>,
) -> Option<std::collections::BTreeMap<K, V>> {
    Some(entries.into_iter().map(|(k, v)| (k.into(), v.into())).collect())
}

/// The decimal digits of `n`, written at the end of `buf`.
pub(crate) fn decimal_digits(mut n: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut start = buf.len();
    loop {
        start = start.saturating_sub(1);
        if let Some(digit) = buf.get_mut(start) {
            *digit = b'0' | (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || start == 0 {
            break;
        }
    }
    buf.get(start..).unwrap_or_default()
}
