//! Why union variants that hold a structure hold it boxed: `cargo bench -p tests --bench
//! union_layout`. A union whose one variant holds a 272-byte structure (the size of ACM's
//! `AcmCertificateMetadata`, which `CertificateMetadata` holds) next to small variants, laid out
//! both ways, and a `Vec` of 10,000 of them built as a response reader builds one (each value
//! made in a function that returns a `Result`, then pushed), with every value large, half of
//! them, and none. The figures are in BENCHMARKS.md ("Unions").

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

/// A structure as large as ACM's `AcmCertificateMetadata`: eleven optional strings.
#[derive(Clone, Default)]
#[allow(dead_code, reason = "only its size and its clone matter here")]
struct Large {
    fields: [Option<String>; 11],
    flag: Option<bool>,
}

#[derive(Clone)]
#[allow(dead_code, reason = "the variants are built, not read")]
#[allow(clippy::large_enum_variant, reason = "the layout being measured")]
enum Inline {
    Large(Large),
    Flag(bool),
    Text(String),
}

#[derive(Clone)]
#[allow(dead_code, reason = "the variants are built, not read")]
enum Boxed {
    Large(Box<Large>),
    Flag(bool),
    Text(String),
}

#[inline(never)]
fn read_inline(large: &Large, small: bool) -> Result<Inline, String> {
    if small { Ok(Inline::Flag(true)) } else { Ok(Inline::Large(large.clone())) }
}

#[inline(never)]
fn read_boxed(large: &Large, small: bool) -> Result<Boxed, String> {
    if small { Ok(Boxed::Flag(true)) } else { Ok(Boxed::Large(Box::new(large.clone()))) }
}

fn layouts(c: &mut Criterion) {
    println!("size: inline {} bytes, boxed {} bytes", std::mem::size_of::<Inline>(), std::mem::size_of::<Boxed>());
    let mut large = Large::default();
    large.fields[0] = Some("ISSUED".to_owned());
    large.flag = Some(true);
    let mut group = c.benchmark_group("union_vec_10000");
    for (label, small_one_in) in [("all_large", 0usize), ("half_large", 2), ("none_large", 1)] {
        let small = |i: usize| small_one_in != 0 && i.is_multiple_of(small_one_in);
        group.bench_function(BenchmarkId::new("inline", label), |b| {
            b.iter(|| {
                let mut items = Vec::new();
                for i in 0..10_000 {
                    items.push(read_inline(black_box(&large), small(i)).unwrap_or(Inline::Flag(false)));
                }
                items
            });
        });
        group.bench_function(BenchmarkId::new("boxed", label), |b| {
            b.iter(|| {
                let mut items = Vec::new();
                for i in 0..10_000 {
                    items.push(read_boxed(black_box(&large), small(i)).unwrap_or(Boxed::Flag(false)));
                }
                items
            });
        });
    }
    group.finish();
}

criterion_group!(benches, layouts);
criterion_main!(benches);
