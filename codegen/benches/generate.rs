//! How long the generator takes, in the release profile: `cargo bench -p codegen`.
//!
//! Each model is generated a number of times (after one warm-up run) and the median, minimum
//! and maximum wall time are printed. A plain harness, so it needs no dependency; the figures
//! are reported, never asserted (timing on a shared machine is noisy).

use std::path::PathBuf;
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn measure(label: &str, text: &str, settings: &codegen::Settings, runs: usize) {
    if let Err(e) = codegen::generate(text, settings) {
        eprintln!("{label}: {e}");
        return;
    }
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            let files = codegen::generate(text, settings);
            let elapsed = start.elapsed();
            std::hint::black_box(files).ok();
            elapsed
        })
        .collect();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = times.get(times.len() / 2).copied().unwrap_or_default();
    let (min, max) = (times.first().copied().unwrap_or_default(), times.last().copied().unwrap_or_default());
    println!("{label:<44} median {:>8.2} ms   min {:>8.2} ms   max {:>8.2} ms   ({runs} runs)", ms(median), ms(min), ms(max));
}

fn main() {
    // `cargo bench` passes `--bench`; any other argument filters by label.
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let cases = [
        ("model/cloudtrail.json (StartImport)", root().join("model/cloudtrail.json"), 50),
        ("cloudtrail-2013-11-01.json (whole model)", root().join("../shared/models/cloudtrail-2013-11-01.json"), 15),
        ("dynamodb-2012-08-10.json (whole model)", root().join("../shared/models/dynamodb-2012-08-10.json"), 15),
        ("lambda-2015-03-31.json (whole model, restJson1)", root().join("../shared/corpus/restJson1/lambda-2015-03-31.json"), 15),
    ];
    for (label, path, runs) in cases {
        if filter.as_deref().is_some_and(|f| !label.contains(f)) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!("{label}: cannot read {}", path.display());
            continue;
        };
        let settings = codegen::Settings {
            package_name: "bench".to_owned(),
            source: label.to_owned(),
            service: None,
            operations: Vec::new(),
            protocol_tests: false,
            standalone: true,
            version: None,
            partitions: std::fs::read_to_string(root().join("../shared/endpoints/partitions.json")).ok(),
        };
        measure(label, &text, &settings, runs);
    }
}
