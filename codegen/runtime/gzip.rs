//! Gzip (RFC 1952) of a DEFLATE stream (RFC 1951), for `@requestCompression`: LZ77 matching with
//! hash chains over a 32 KiB window, coded with the fixed Huffman tables. Deterministic (no
//! timestamp in the header), no dependencies.
//!
//! It reads only the caller's own request body, never a response. Its arithmetic is on window
//! offsets, match lengths (3..=258), distances (1..=32768), code values from fixed tables and bit
//! counts below 64, each bounded by the input's length or by DEFLATE's constants; `tests/runtime.rs`
//! checks its output against an independent decoder over empty, random and repetitive inputs.
#![allow(clippy::arithmetic_side_effects, reason = "bounded as the module documentation says")]

/// The gzip encoding of `data`.
pub(crate) fn compress(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() / 2 + 32);
    // Magic, deflate, no flags, no modification time, no extra flags, unknown OS.
    out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
    deflate(data, &mut out);
    out.extend_from_slice(&crc32(data).to_le_bytes());
    // ISIZE is the length modulo 2^32, by definition.
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out
}

/// Bits packed least significant first, as DEFLATE wants.
struct Bits<'a> {
    out: &'a mut Vec<u8>,
    buffer: u64,
    count: u32,
}

impl Bits<'_> {
    fn put(&mut self, value: u32, bits: u32) {
        self.buffer |= u64::from(value) << self.count;
        self.count += bits;
        while self.count >= 8 {
            self.out.push(self.buffer as u8);
            self.buffer >>= 8;
            self.count -= 8;
        }
    }

    /// A Huffman code, which DEFLATE stores most significant bit first.
    fn put_code(&mut self, code: u32, bits: u32) {
        self.put(code.reverse_bits() >> (32 - bits), bits);
    }

    fn finish(mut self) {
        if self.count > 0 {
            self.out.push(self.buffer as u8);
        }
        self.buffer = 0;
        self.count = 0;
    }
}

/// The fixed Huffman code of a literal/length symbol: (code, bit length).
fn literal_code(symbol: u32) -> (u32, u32) {
    match symbol {
        0..=143 => (0x30 + symbol, 8),
        144..=255 => (0x190 + symbol - 144, 9),
        256..=279 => (symbol - 256, 7),
        _ => (0xc0 + symbol - 280, 8),
    }
}

/// Length 3..=258 as (symbol, extra bits, extra value).
fn length_symbol(length: u32) -> (u32, u32, u32) {
    const BASES: [u32; 29] = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
    ];
    const EXTRA: [u32; 29] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
    let index = BASES.iter().rposition(|&base| base <= length).unwrap_or(0);
    let base = BASES.get(index).copied().unwrap_or(3);
    let extra = EXTRA.get(index).copied().unwrap_or(0);
    (257 + index as u32, extra, length - base)
}

/// Distance 1..=32768 as (symbol, extra bits, extra value).
fn distance_symbol(distance: u32) -> (u32, u32, u32) {
    const BASES: [u32; 30] = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097,
        6145, 8193, 12289, 16385, 24577,
    ];
    let index = BASES.iter().rposition(|&base| base <= distance).unwrap_or(0);
    let base = BASES.get(index).copied().unwrap_or(1);
    let extra = if index < 4 { 0 } else { (index as u32 - 2) / 2 };
    (index as u32, extra, distance - base)
}

const WINDOW: usize = 32 * 1024;
const HASH_BITS: u32 = 15;
const MIN_MATCH: usize = 3;
const MAX_MATCH: usize = 258;
/// How many earlier positions with the same hash are tried; more compresses better, slower.
const MAX_CHAIN: usize = 64;

fn hash(data: &[u8], at: usize) -> usize {
    match data.get(at..at + MIN_MATCH) {
        Some(&[a, b, c]) => {
            let v = u32::from(a) << 16 | u32::from(b) << 8 | u32::from(c);
            (v.wrapping_mul(0x9E37_79B1) >> (32 - HASH_BITS)) as usize
        }
        _ => 0,
    }
}

/// One final block with the fixed Huffman codes.
fn deflate(data: &[u8], out: &mut Vec<u8>) {
    let mut bits = Bits { out, buffer: 0, count: 0 };
    bits.put(1, 1); // final block
    bits.put(1, 2); // fixed Huffman codes
    let mut head = vec![usize::MAX; 1 << HASH_BITS];
    let mut prev = vec![usize::MAX; WINDOW];
    let insert = |head: &mut [usize], prev: &mut [usize], at: usize| {
        if at + MIN_MATCH <= data.len() {
            let h = hash(data, at);
            if let (Some(slot), Some(link)) = (head.get_mut(h), prev.get_mut(at % WINDOW)) {
                *link = *slot;
                *slot = at;
            }
        }
    };
    let mut pos = 0;
    while pos < data.len() {
        let (length, distance) = longest_match(data, pos, &head, &prev);
        if length >= MIN_MATCH {
            let (symbol, extra, value) = length_symbol(length as u32);
            let (code, size) = literal_code(symbol);
            bits.put_code(code, size);
            bits.put(value, extra);
            let (symbol, extra, value) = distance_symbol(distance as u32);
            bits.put_code(symbol, 5);
            bits.put(value, extra);
            for at in pos..pos + length {
                insert(&mut head, &mut prev, at);
            }
            pos += length;
        } else {
            let byte = data.get(pos).copied().unwrap_or(0);
            let (code, size) = literal_code(u32::from(byte));
            bits.put_code(code, size);
            insert(&mut head, &mut prev, pos);
            pos += 1;
        }
    }
    let (code, size) = literal_code(256); // end of block
    bits.put_code(code, size);
    bits.finish();
}

/// The longest earlier match for the bytes at `pos`: (length, distance), length 0 for none.
fn longest_match(data: &[u8], pos: usize, head: &[usize], prev: &[usize]) -> (usize, usize) {
    if pos + MIN_MATCH > data.len() {
        return (0, 0);
    }
    let limit = MAX_MATCH.min(data.len() - pos);
    let mut candidate = head.get(hash(data, pos)).copied().unwrap_or(usize::MAX);
    let (mut best_len, mut best_dist) = (0, 0);
    for _ in 0..MAX_CHAIN {
        if candidate == usize::MAX || candidate >= pos || pos - candidate > WINDOW {
            break;
        }
        let here = data.get(pos..pos + limit).unwrap_or_default();
        let there = data.get(candidate..candidate + limit).unwrap_or_default();
        let len = here.iter().zip(there).take_while(|(a, b)| a == b).count();
        if len > best_len {
            best_len = len;
            best_dist = pos - candidate;
            if len == limit {
                break;
            }
        }
        let next = prev.get(candidate % WINDOW).copied().unwrap_or(usize::MAX);
        // A link older than the candidate means the slot was reused by a newer position.
        if next != usize::MAX && next >= candidate {
            break;
        }
        candidate = next;
    }
    (best_len, best_dist)
}

/// CRC-32 (IEEE), as gzip's trailer requires.
fn crc32(data: &[u8]) -> u32 {
    #[allow(clippy::indexing_slicing, reason = "evaluated at compile time, where an index out of bounds cannot pass")]
    const TABLE: [u32; 256] = {
        let mut table = [0u32; 256];
        let mut i = 0;
        while i < 256 {
            let mut c = i as u32;
            let mut k = 0;
            while k < 8 {
                c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
                k += 1;
            }
            table[i] = c;
            i += 1;
        }
        table
    };
    !data.iter().fold(!0u32, |crc, &byte| {
        TABLE.get(((crc ^ u32::from(byte)) & 0xff) as usize).copied().unwrap_or(0) ^ (crc >> 8)
    })
}
