//! JSON reading and writing for the JSON protocols (awsJson, restJson1), written for this crate
//! so it needs no dependencies: a strict pull parser, a writer into the caller's buffer, and the
//! reading of whole response bodies and error responses.

pub(crate) mod base64;
pub(crate) mod read;
pub(crate) mod response;
pub(crate) mod write;

pub(crate) use read::{Error, Reader, Result};

/// Bytes that end the plain run of a string: the closing quote, an escape, a control character.
pub(crate) fn is_special(b: u8) -> bool {
    b == b'"' || b == b'\\' || b < 0x20
}

/// The index of the first special byte, eight bytes at a time: a byte equal to `"` or `\` makes
/// `x ^ c` zero there, and `(v - 0x01..) & !v & 0x80..` flags zero bytes (and bytes below the
/// subtrahend, for the control-character test). Borrows only ever flag bytes after the first
/// real hit, so the lowest flag is exact.
pub(crate) fn find_special(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut chunks = bytes.chunks_exact(8);
    let mut offset: usize = 0;
    for chunk in &mut chunks {
        let Ok(word) = <[u8; 8]>::try_from(chunk) else {
            // Never: `chunks_exact(8)` gives eight bytes. Scanning on byte by byte stays right.
            let rest = bytes.get(offset..).unwrap_or_default();
            return rest.iter().position(|&b| is_special(b)).map(|i| offset.saturating_add(i));
        };
        let w = u64::from_le_bytes(word);
        let quote = w ^ (ONES * u64::from(b'"'));
        let backslash = w ^ (ONES * u64::from(b'\\'));
        let flags = ((quote.wrapping_sub(ONES) & !quote)
            | (backslash.wrapping_sub(ONES) & !backslash)
            | (w.wrapping_sub(ONES * 0x20) & !w))
            & HIGH;
        if flags != 0 {
            return Some(offset.saturating_add((flags.trailing_zeros() / 8) as usize));
        }
        offset = offset.saturating_add(8);
    }
    chunks.remainder().iter().position(|&b| is_special(b)).map(|i| offset.saturating_add(i))
}
