//! StartImport, our generated crate side by side with hand-written floors doing the same
//! sans-IO work: `cargo bench -p tests --bench start_import` (or `cargo xtask bench`, which also
//! prints the ratios).
//!
//! - `serialize`: the golden request body into a buffer the caller reuses. Floors: hand-written
//!   writes, and `serde_json::to_writer` of a derived struct.
//! - `parse_200`: the golden 200 body. Floor: `serde_json::from_slice` into a derived struct
//!   (timestamps as `f64`, so not exact: the floor does less than we do).
//! - `parse_400`: the golden 400 body to its error. Floor: `serde_json::from_slice` of the code
//!   and message, and a match on the code.
//! - `round_trip`: build the whole request (headers and body), then parse the 200 response.

mod common;

use common::Data;
use criterion::{Criterion, criterion_group, criterion_main};

fn serialize(c: &mut Criterion) {
    let mut data = Data::load();
    let mut group = c.benchmark_group("serialize");
    group.bench_function("ours", |b| b.iter(|| common::ours_serialize(&mut data)));
    group.bench_function("floor_hand_written", |b| b.iter(|| common::floor_serialize(&mut data)));
    group.bench_function("floor_serde_to_writer", |b| b.iter(|| common::floor_serde_serialize(&mut data)));
    group.finish();
}

fn parse_200(c: &mut Criterion) {
    let data = Data::load();
    let mut group = c.benchmark_group("parse_200");
    group.bench_function("ours", |b| b.iter(|| common::ours_parse_200(&data)));
    group.bench_function("floor_serde_from_slice", |b| b.iter(|| common::floor_parse_200(&data)));
    group.finish();
}

fn parse_400(c: &mut Criterion) {
    let data = Data::load();
    let mut group = c.benchmark_group("parse_400");
    group.bench_function("ours", |b| b.iter(|| common::ours_parse_400(&data)));
    group.bench_function("floor_serde_from_slice", |b| b.iter(|| common::floor_parse_400(&data)));
    group.finish();
}

fn round_trip(c: &mut Criterion) {
    let data = Data::load();
    let mut group = c.benchmark_group("round_trip");
    group.bench_function("ours", |b| b.iter(|| common::ours_round_trip(&data)));
    group.bench_function("floor", |b| b.iter(|| common::floor_round_trip(&data)));
    group.finish();
}

criterion_group!(benches, serialize, parse_200, parse_400, round_trip);
criterion_main!(benches);
