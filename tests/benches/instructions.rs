//! Instruction counts of the StartImport work, for judging regressions on a noisy machine:
//! `cargo xtask bench` runs this binary under `valgrind --tool=callgrind` twice per scenario,
//! with 1 and with 1001 iterations, and reports the difference over 1000: the instructions one
//! iteration costs, setup excluded. Counts are repeatable where times are not.
//!
//! Usage: `instructions SCENARIO ITERATIONS`; scenarios are listed by `instructions list`.

mod common;

use std::hint::black_box;

use common::Data;

const SCENARIOS: &[&str] = &[
    "serialize/ours",
    "serialize/floor_hand_written",
    "serialize/floor_serde_to_writer",
    "parse_200/ours",
    "parse_200/floor_serde_from_slice",
    "parse_400/ours",
    "parse_400/floor_serde_from_slice",
    "round_trip/ours",
    "round_trip/floor",
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let (Some(scenario), Some(iterations)) = (args.first(), args.get(1).and_then(|n| n.parse::<u64>().ok())) else {
        // `cargo bench` runs every bench target without arguments: list, do nothing.
        println!("{}", SCENARIOS.join("\n"));
        return;
    };
    let mut data = Data::load();
    for _ in 0..iterations {
        match scenario.as_str() {
            "serialize/ours" => drop(black_box(common::ours_serialize(&mut data))),
            "serialize/floor_hand_written" => drop(black_box(common::floor_serialize(&mut data))),
            "serialize/floor_serde_to_writer" => drop(black_box(common::floor_serde_serialize(&mut data))),
            "parse_200/ours" => drop(black_box(common::ours_parse_200(&data))),
            "parse_200/floor_serde_from_slice" => drop(black_box(common::floor_parse_200(&data))),
            "parse_400/ours" => drop(black_box(common::ours_parse_400(&data))),
            "parse_400/floor_serde_from_slice" => drop(black_box(common::floor_parse_400(&data))),
            "round_trip/ours" => drop(black_box(common::ours_round_trip(&data))),
            "round_trip/floor" => drop(black_box(common::floor_round_trip(&data))),
            other => panic!("unknown scenario {other}"),
        }
    }
}
