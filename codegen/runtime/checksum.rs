//! Request checksums (`aws.protocols#httpChecksum`): the checksum of the body as sent, in the
//! `x-amz-checksum-<algorithm>` header, base64-encoded, with the algorithm named in
//! `x-amz-sdk-checksum-algorithm`. Sent when the caller picks an algorithm (the operation's
//! algorithm member) and, with CRC32, when the operation requires a checksum and none was
//! picked, as botocore does. CRC32, CRC32C, CRC64NVME, SHA-1 and SHA-256 are computed here;
//! another algorithm a model names is sent as named, without a checksum, for the service to
//! refuse. A checksum header the caller set already is kept.

use std::borrow::Cow;

use crate::http::HttpRequest;

/// The algorithm sent when the operation requires a checksum and the caller picked none.
const DEFAULT: &str = "CRC32";

/// Adds the body's checksum in `algorithm` (else [`DEFAULT`], when `required`) to `request`.
pub(crate) fn add(request: &mut HttpRequest, algorithm: Option<&str>, required: bool) {
    let algorithm = match algorithm {
        Some(algorithm) => algorithm,
        None if required => DEFAULT,
        None => return,
    };
    if request.header("x-amz-sdk-checksum-algorithm").is_none() {
        request.headers.push((Cow::Borrowed("x-amz-sdk-checksum-algorithm"), Cow::Owned(algorithm.to_owned())));
    }
    let name = format!("x-amz-checksum-{}", algorithm.to_ascii_lowercase());
    if request.header(&name).is_some() {
        return;
    }
    let Some(digest) = digest(algorithm, &request.body) else { return };
    let mut text = Vec::with_capacity(digest.len().saturating_mul(2));
    crate::json::base64::encode(&digest, &mut text);
    request.headers.push((Cow::Owned(name), Cow::Owned(String::from_utf8(text).unwrap_or_default())));
}

/// The checksum of `data` in `algorithm` (a name in any case), big-endian; `None` for one this
/// crate does not compute.
pub(crate) fn digest(algorithm: &str, data: &[u8]) -> Option<Vec<u8>> {
    Some(match algorithm.to_ascii_uppercase().as_str() {
        "CRC32" => crc32(&CRC32, data).to_be_bytes().to_vec(),
        "CRC32C" => crc32(&CRC32C, data).to_be_bytes().to_vec(),
        "CRC64NVME" => crc64nvme(data).to_be_bytes().to_vec(),
        "SHA1" => sha1(data).to_vec(),
        "SHA256" => sha256(data).to_vec(),
        _ => return None,
    })
}

/// The table of a reflected CRC-32 of polynomial `poly` (reversed).
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects, reason = "evaluated while compiling: an index out of bounds fails the build")]
const fn crc32_table(poly: u32) -> [u32; 256] {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut crc = i as u32;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ poly } else { crc >> 1 };
            bit += 1;
        }
        table[i] = crc;
        i += 1;
    }
    table
}

/// CRC-32 (ISO-HDLC, as zlib's).
const CRC32: [u32; 256] = crc32_table(0xEDB8_8320);
/// CRC-32C (Castagnoli).
const CRC32C: [u32; 256] = crc32_table(0x82F6_3B78);

fn crc32(table: &[u32; 256], data: &[u8]) -> u32 {
    let mut crc = u32::MAX;
    for &byte in data {
        let index = usize::from((crc as u8) ^ byte);
        crc = table.get(index).copied().unwrap_or(0) ^ (crc >> 8);
    }
    !crc
}

/// The table of CRC-64/NVME (reflected, polynomial 0xAD93D23594C93659).
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects, reason = "evaluated while compiling: an index out of bounds fails the build")]
const CRC64NVME: [u64; 256] = {
    let mut table = [0u64; 256];
    let mut i = 0;
    while i < 256 {
        let mut crc = i as u64;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0x9A6C_9329_AC4B_C9B5 } else { crc >> 1 };
            bit += 1;
        }
        table[i] = crc;
        i += 1;
    }
    table
};

fn crc64nvme(data: &[u8]) -> u64 {
    let mut crc = u64::MAX;
    for &byte in data {
        let index = usize::from((crc as u8) ^ byte);
        crc = CRC64NVME.get(index).copied().unwrap_or(0) ^ (crc >> 8);
    }
    !crc
}

/// `data` padded as SHA-1 and SHA-256 pad it: a 1 bit, zeros to 56 bytes mod 64, then its
/// length in bits, big-endian.
fn padded(data: &[u8]) -> Vec<u8> {
    let mut message = Vec::with_capacity(data.len().saturating_add(72));
    message.extend_from_slice(data);
    message.push(0x80);
    while message.len() % 64 != 56 {
        message.push(0);
    }
    message.extend_from_slice(&(data.len() as u64).wrapping_mul(8).to_be_bytes());
    message
}

/// SHA-1 (FIPS 180-4). Not for security: it is the integrity check the service asks for.
fn sha1(data: &[u8]) -> [u8; 20] {
    let mut state: [u32; 5] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0];
    for block in padded(data).chunks_exact(64) {
        let mut w = [0u32; 80];
        for (word, bytes) in w.iter_mut().zip(block.chunks_exact(4)) {
            *word = u32::from_be_bytes(bytes.try_into().unwrap_or([0; 4]));
        }
        for t in 16usize..80 {
            let at = |i: usize| w.get(t.wrapping_sub(i)).copied().unwrap_or(0);
            let value = (at(3) ^ at(8) ^ at(14) ^ at(16)).rotate_left(1);
            if let Some(slot) = w.get_mut(t) {
                *slot = value;
            }
        }
        let [mut a, mut b, mut c, mut d, mut e] = state;
        for (t, &word) in w.iter().enumerate() {
            let (f, k) = match t / 20 {
                0 => ((b & c) | (!b & d), 0x5A82_7999),
                1 => (b ^ c ^ d, 0x6ED9_EBA1),
                2 => ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC),
                _ => (b ^ c ^ d, 0xCA62_C1D6),
            };
            let temp = a.rotate_left(5).wrapping_add(f).wrapping_add(e).wrapping_add(k).wrapping_add(word);
            e = d;
            d = c;
            c = b.rotate_left(30);
            b = a;
            a = temp;
        }
        for (s, v) in state.iter_mut().zip([a, b, c, d, e]) {
            *s = s.wrapping_add(v);
        }
    }
    let mut out = [0u8; 20];
    for (chunk, word) in out.chunks_exact_mut(4).zip(state) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
    out
}

/// SHA-256's round constants.
const K256: [u32; 64] = [
    0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5, 0xd807_aa98,
    0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174, 0xe49b_69c1, 0xefbe_4786,
    0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da, 0x983e_5152, 0xa831_c66d, 0xb003_27c8,
    0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967, 0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13,
    0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85, 0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819,
    0xd699_0624, 0xf40e_3585, 0x106a_a070, 0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a,
    0x5b9c_ca4f, 0x682e_6ff3, 0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7,
    0xc671_78f2,
];

/// SHA-256 (FIPS 180-4).
fn sha256(data: &[u8]) -> [u8; 32] {
    let mut state: [u32; 8] =
        [0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19];
    for block in padded(data).chunks_exact(64) {
        let mut w = [0u32; 64];
        for (word, bytes) in w.iter_mut().zip(block.chunks_exact(4)) {
            *word = u32::from_be_bytes(bytes.try_into().unwrap_or([0; 4]));
        }
        for t in 16usize..64 {
            let at = |i: usize| w.get(t.wrapping_sub(i)).copied().unwrap_or(0);
            let (w15, w2) = (at(15), at(2));
            let s0 = w15.rotate_right(7) ^ w15.rotate_right(18) ^ (w15 >> 3);
            let s1 = w2.rotate_right(17) ^ w2.rotate_right(19) ^ (w2 >> 10);
            let value = at(16).wrapping_add(s0).wrapping_add(at(7)).wrapping_add(s1);
            if let Some(slot) = w.get_mut(t) {
                *slot = value;
            }
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = state;
        for (&k, &word) in K256.iter().zip(w.iter()) {
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let ch = (e & f) ^ (!e & g);
            let t1 = h.wrapping_add(s1).wrapping_add(ch).wrapping_add(k).wrapping_add(word);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(maj);
            h = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (s, v) in state.iter_mut().zip([a, b, c, d, e, f, g, h]) {
            *s = s.wrapping_add(v);
        }
    }
    let mut out = [0u8; 32];
    for (chunk, word) in out.chunks_exact_mut(4).zip(state) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::digest;

    fn hex(algorithm: &str, data: &[u8]) -> String {
        digest(algorithm, data).unwrap_or_default().iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The catalogue's check values (the digest of `123456789`) and FIPS 180's examples.
    #[test]
    fn the_published_vectors() {
        assert_eq!(hex("CRC32", b"123456789"), "cbf43926");
        assert_eq!(hex("CRC32C", b"123456789"), "e3069283");
        assert_eq!(hex("CRC64NVME", b"123456789"), "ae8b14860a799888");
        assert_eq!(hex("crc32", b""), "00000000");
        assert_eq!(hex("SHA1", b"abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
        assert_eq!(hex("SHA1", b""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
        assert_eq!(
            hex("SHA1", b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1"
        );
        assert_eq!(hex("SHA256", b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(hex("SHA256", b""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assert_eq!(
            hex("SHA256", b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
        // A million `a`s: many blocks.
        assert_eq!(hex("SHA256", &[b'a'; 1_000_000]), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
        assert_eq!(hex("SHA1", &[b'a'; 1_000_000]), "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
        assert_eq!(digest("SHA512", b"abc"), None);
    }
}
