//! `cargo xtask official-models`: generates a standalone crate from each whole official model in
//! `../shared/models/` (as `cargo xtask codegen --model PATH --out DIR` would), checks that a
//! second run gives the same bytes, and proves each crate with `clippy -D warnings`, rustdoc
//! with `-D warnings` and its doc tests.

use std::path::Path;
use std::process::Command;

/// The models, relative to the workspace root, and their package names.
pub(crate) const MODELS: &[(&str, &str)] = &[
    ("../shared/models/cloudtrail-2013-11-01.json", "cloudtrail"),
    ("../shared/models/dynamodb-2012-08-10.json", "dynamodb"),
];

/// Runs every check; an error says which failed.
pub fn run(root: &Path) -> Result<(), String> {
    let dir = root.join("target").join("official-models");
    for (model, package) in MODELS {
        let path = root.join(model);
        let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let settings = codegen::Settings {
            package_name: (*package).to_owned(),
            source: path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            service: None,
            operations: Vec::new(),
            protocol_tests: false,
            standalone: true,
        };
        let started = std::time::Instant::now();
        let codegen::Generated { files, report, .. } =
            codegen::generate_with_report(&text, &settings).map_err(|e| format!("{model}:\n{e}"))?;
        let elapsed = started.elapsed();
        let again = codegen::generate(&text, &settings).map_err(|e| format!("{model}:\n{e}"))?;
        if files != again {
            return Err(format!("{model}: a second run gave different bytes"));
        }
        let out = dir.join(package);
        crate::write(&out, &files).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
        // What a dependent compiles: the library, without the tests (`tests/`, and
        // `src/round_trip*`, which is `#[cfg(test)]`).
        let is_test = |path: &str| path.starts_with("tests/") || path.starts_with("src/round_trip");
        let count = |test: bool, runtime: Option<bool>| -> usize {
            files
                .iter()
                .filter(|f| f.path.ends_with(".rs") && is_test(&f.path) == test)
                .filter(|f| runtime.is_none_or(|r| f.contents.contains("runtime support copied from") == r))
                .map(|f| f.contents.lines().count())
                .sum()
        };
        println!(
            "{package}: {} files; library: {} lines of Rust ({} generated from the model, {} runtime); tests: {} lines; generated in {:.0} ms (debug build)",
            files.len(),
            count(false, None),
            count(false, Some(false)),
            count(false, Some(true)),
            count(true, None),
            elapsed.as_secs_f64() * 1000.0
        );
        for line in report.to_string().lines() {
            println!("{package}: {line}");
        }
        let target = dir.join("target");
        cargo(&out, &target, &["clippy", "--quiet", "--all-targets", "--", "-D", "warnings"], &[])?;
        cargo(&out, &target, &["doc", "--quiet", "--no-deps"], &[("RUSTDOCFLAGS", "-D warnings")])?;
        cargo(&out, &target, &["test", "--quiet", "--doc"], &[])?;
        // Fewer random cases than the default: the whole models have many operations.
        cargo(&out, &target, &["test", "--quiet", "--lib", "--test", "fuzz"], &[("FUZZ_CASES", "300"), ("ROUND_TRIP_CASES", "200")])?;
        println!("{package}: clippy -D warnings, rustdoc -D warnings, doc tests, round trips and parser property tests pass");
    }
    Ok(())
}

fn cargo(dir: &Path, target: &Path, args: &[&str], env: &[(&str, &str)]) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(args)
        .env("CARGO_TARGET_DIR", target)
        .envs(env.iter().copied())
        .current_dir(dir)
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "`cargo {}` failed in {}:\n{}{}",
            args.join(" "),
            dir.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}
