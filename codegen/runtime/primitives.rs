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
