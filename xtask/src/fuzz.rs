//! `cargo xtask fuzz [--cases N]`: the long campaign of the property tests every generated crate
//! carries (`tests/fuzz`: its response parsers; `src/round_trip.rs`: its types), in release with
//! overflow checks and debug assertions on, over
//! every crate we generate: the StartImport crate in `generated/`, each fixture model in
//! `tests/fixtures/models/`, the Smithy protocol compliance services, and the whole official
//! CloudTrail and DynamoDB models. `--cases` sets the random inputs per parser and the values per
//! type (default 1,000,000). CI runs the same tests with the crates' small defaults.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// Generates the crates into one workspace under `target/fuzz-campaign/` and runs their
/// property tests in release with `cases` inputs per parser and values per type.
pub fn run(root: &Path, cases: u64) -> Result<(), String> {
    let dir = root.join("target").join("fuzz-campaign");
    let mut members = Vec::new();
    let mut add = |name: String, model: &Path, service: Option<&str>| -> Result<(), String> {
        let text = std::fs::read_to_string(model).map_err(|e| format!("cannot read {}: {e}", model.display()))?;
        let settings = codegen::Settings {
            package_name: format!("fuzz-{name}"),
            source: model.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            service: service.map(str::to_owned),
            operations: Vec::new(),
            protocol_tests: false,
            standalone: false,
            version: None,
            partitions: crate::partitions(),
        };
        let files = codegen::generate(&text, &settings).map_err(|e| format!("{}:\n{e}", model.display()))?;
        crate::write(&dir.join(&name), &files).map_err(|e| format!("cannot write {name}: {e}"))?;
        members.push(format!("{name:?}"));
        Ok(())
    };
    add("start-import".to_owned(), &root.join(crate::DEFAULT_MODEL), None)?;
    let fixtures = root.join("tests/fixtures/models");
    let mut names: Vec<String> = std::fs::read_dir(&fixtures)
        .map_err(|e| format!("cannot list {}: {e}", fixtures.display()))?
        .filter_map(|entry| entry.ok()?.path().file_stem().map(|s| s.to_string_lossy().replace('_', "-")))
        .collect();
    names.sort();
    for name in &names {
        add(format!("fixture-{name}"), &fixtures.join(format!("{}.json", name.replace('-', "_"))), None)?;
    }
    for (name, service, _) in crate::protocol::SUITES {
        add(format!("protocol-{name}"), &root.join(crate::protocol::MODEL), Some(service))?;
    }
    // The two models the campaign was sized for; the corpus models' many parsers would take
    // days at a million cases each.
    for model in crate::official::models(root, &["cloudtrail".to_owned(), "dynamodb".to_owned()])? {
        add(model.package, &model.path, None)?;
    }
    // Release speed, with the checks of a debug build kept: an arithmetic overflow or a
    // `debug_assert!` still panics, so the campaign would catch it.
    let manifest = format!(
        "[workspace]\nresolver = \"3\"\nmembers = [{}]\n\n[profile.release]\noverflow-checks = true\ndebug-assertions = true\n",
        members.join(", ")
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).map_err(|e| format!("cannot write the manifest: {e}"))?;

    println!("==> {} crates in {}: release build, then {cases} cases per parser and values per type", members.len(), dir.display());
    let started = Instant::now();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["test", "--release", "--offline", "--workspace", "--lib", "--test", "fuzz", "--", "--nocapture", "--test-threads", "2"])
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env("FUZZ_CASES", cases.to_string())
        .env("ROUND_TRIP_CASES", cases.to_string())
        .current_dir(&dir)
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let parsers: Vec<&str> = stdout.lines().filter(|l| l.contains(" parser): ")).collect();
    let inputs: u64 = parsers
        .iter()
        .filter_map(|l| l.split(" parser): ").nth(1)?.split(' ').next()?.parse::<u64>().ok())
        .sum();
    let round_trips = stdout.lines().filter(|l| l.starts_with("test round_trip::") && l.ends_with(" ok")).count();
    if !output.status.success() {
        println!("{stdout}{}", String::from_utf8_lossy(&output.stderr));
        return Err("the campaign found a failure (above)".to_owned());
    }
    for line in &parsers {
        println!("  {line}");
    }
    println!(
        "{} crates: {} parsers, {inputs} inputs, none panicked or misreported; {round_trips} round-trip tests of {cases} values each; {:.0} s",
        members.len(),
        parsers.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
