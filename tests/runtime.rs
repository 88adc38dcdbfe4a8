//! The runtime support copied into every generated crate, tested on its own where the StartImport
//! crate cannot reach it: gzip checked against an independent decoder, idempotency tokens.

#[path = "../codegen/runtime/gzip.rs"]
#[allow(dead_code, reason = "only `compress` is exercised here")]
mod gzip;

#[path = "../codegen/runtime/idempotency.rs"]
mod idempotency;

use std::io::Read;

fn gunzip(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(data).read_to_end(&mut out).unwrap_or_else(|e| panic!("not valid gzip: {e}"));
    out
}

#[test]
fn gzip_round_trips_through_an_independent_decoder() {
    let mut samples: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"a".to_vec(),
        b"abcabcabcabcabcabcabcabcabcabc".to_vec(),
        vec![0; 100_000],
        (0..=255u8).cycle().take(70_000).collect(),
        tests::read(&tests::root().join("model/cloudtrail.json")).into_bytes(),
    ];
    // Pseudo-random bytes (no repeats to find) and text with long-distance repeats.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    samples.push(
        (0..50_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect(),
    );
    let phrase = b"the quick brown fox jumps over the lazy dog ";
    samples.push(phrase.iter().cycle().take(300_000).copied().collect());
    for sample in &samples {
        let compressed = gzip::compress(sample);
        assert_eq!(&gunzip(&compressed), sample, "{} bytes", sample.len());
        assert_eq!(gzip::compress(sample), compressed, "deterministic");
    }
    let json = tests::read(&tests::root().join("model/cloudtrail.json")).into_bytes();
    let ratio = gzip::compress(&json).len() as f64 / json.len() as f64;
    assert!(ratio < 0.25, "JSON compresses to under a quarter, got {ratio:.2}");
}

#[test]
fn idempotency_tokens_are_distinct_version_4_uuids() {
    let tokens: std::collections::BTreeSet<String> = (0..10_000).map(|_| idempotency::token()).collect();
    assert_eq!(tokens.len(), 10_000);
    for token in tokens.iter().take(100) {
        let groups: Vec<&str> = token.split('-').collect();
        assert_eq!(groups.iter().map(|g| g.len()).collect::<Vec<_>>(), [8, 4, 4, 4, 12], "{token}");
        assert!(groups[2].starts_with('4'), "{token}");
        assert!(matches!(groups[3].as_bytes()[0], b'8' | b'9' | b'a' | b'b'), "{token}");
    }
}
