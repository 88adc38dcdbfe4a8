//! Standard base64 (RFC 4648, with padding), the encoding of Smithy blobs in JSON. Only models
//! with blobs use it.

#[allow(dead_code, reason = "only models with blob members encode or decode base64")]
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

#[allow(dead_code, reason = "only models with blob members encode or decode base64")]
/// Appends the base64 text of `bytes`.
pub(crate) fn encode(bytes: &[u8], out: &mut Vec<u8>) {
    let symbol = |n: u32, shift: u32| ALPHABET.get(((n >> shift) & 63) as usize).copied().unwrap_or(b'=');
    let mut chunks = bytes.chunks_exact(3);
    for chunk in &mut chunks {
        if let [a, b, c] = *chunk {
            let n = u32::from(a) << 16 | u32::from(b) << 8 | u32::from(c);
            out.extend_from_slice(&[symbol(n, 18), symbol(n, 12), symbol(n, 6), symbol(n, 0)]);
        }
    }
    match *chunks.remainder() {
        [a] => {
            let n = u32::from(a) << 16;
            out.extend_from_slice(&[symbol(n, 18), symbol(n, 12), b'=', b'=']);
        }
        [a, b] => {
            let n = u32::from(a) << 16 | u32::from(b) << 8;
            out.extend_from_slice(&[symbol(n, 18), symbol(n, 12), symbol(n, 6), b'=']);
        }
        _ => {}
    }
}

#[allow(dead_code, reason = "only models with blob members encode or decode base64")]
fn value(c: u8) -> Option<u32> {
    Some(u32::from(match c {
        // Each arm's range keeps the subtraction in 0..26 (or 0..10): wrapping never wraps.
        b'A'..=b'Z' => c.wrapping_sub(b'A'),
        b'a'..=b'z' => c.wrapping_sub(b'a').wrapping_add(26),
        b'0'..=b'9' => c.wrapping_sub(b'0').wrapping_add(52),
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    }))
}

#[allow(dead_code, reason = "only models with blob members encode or decode base64")]
/// Decodes base64 text; padding may be present or left out, anything else invalid is `None`.
pub(crate) fn decode(text: &[u8]) -> Option<Vec<u8>> {
    let unpadded = match text {
        [rest @ .., b'=', b'='] if text.len().is_multiple_of(4) => rest,
        [rest @ .., b'='] if text.len().is_multiple_of(4) => rest,
        _ => text,
    };
    if unpadded.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity((unpadded.len() / 4).saturating_mul(3).saturating_add(2));
    let mut chunks = unpadded.chunks_exact(4);
    for chunk in &mut chunks {
        let n = chunk.iter().try_fold(0u32, |acc, &c| Some(acc << 6 | value(c)?))?;
        out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8]);
    }
    match *chunks.remainder() {
        [a, b] => {
            let n = value(a)? << 18 | value(b)? << 12;
            if n & 0xFFFF != 0 {
                return None;
            }
            out.push((n >> 16) as u8);
        }
        [a, b, c] => {
            let n = value(a)? << 18 | value(b)? << 12 | value(c)? << 6;
            if n & 0xFF != 0 {
                return None;
            }
            out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8]);
        }
        _ => {}
    }
    Some(out)
}
