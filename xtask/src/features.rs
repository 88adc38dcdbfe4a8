//! `cargo xtask features [--seed N]`: proves that a generated crate compiles, warning-free, with
//! any set of its per-operation features: `cargo clippy --all-targets -D warnings` with no
//! operation, with each operation alone for the StartImport crate (`generated/`), and, for the
//! whole CloudTrail and DynamoDB models, with a seeded random sample of 10 single operations
//! and 3 random sets of them. The seed is printed, so a failure can be run again.
//!
//! Clippy checks rather than builds: what features change is which items exist, and a check
//! sees every one of them.

use std::path::Path;
use std::time::Instant;

/// The whole models sampled, under `../shared/models/`.
const WHOLE_MODELS: &[&str] = &["cloudtrail-2013-11-01.json", "dynamodb-2012-08-10.json"];

/// The seed when none is given: any fixed number, so CI checks the same sample each run.
pub const DEFAULT_SEED: u64 = 20_261_202;

/// Single operations sampled per whole model.
const SINGLES: usize = 10;

/// Random sets of operations sampled per whole model.
const SETS: usize = 3;

/// `features` in an order drawn from `seed` and `draw`: sorted by a digest of each name with
/// them, so the order depends on nothing else.
fn shuffled<'a>(features: &'a [String], seed: u64, draw: &str) -> Vec<&'a String> {
    let mut keyed: Vec<(String, &String)> =
        features.iter().map(|f| (codegen::api::digest(&format!("{seed}/{draw}/{f}")), f)).collect();
    keyed.sort();
    keyed.into_iter().map(|(_, f)| f).collect()
}

/// The feature sets to check for a crate with these features: none; every one alone when
/// there are at most `SINGLES`, else `SINGLES` distinct ones drawn from `seed`; and, with more
/// than one, `SETS` sets of two to half of them, drawn likewise.
pub fn sample(features: &[String], seed: u64) -> Vec<Vec<String>> {
    let mut out = vec![Vec::new()];
    out.extend(shuffled(features, seed, "single").into_iter().take(SINGLES).map(|f| vec![f.clone()]));
    if features.len() > 1 {
        let largest = (features.len() / 2).max(2);
        for set in 0..SETS {
            let order = shuffled(features, seed, &format!("set {set}"));
            // The size, from the digest too: 2 to `largest`.
            let draw = codegen::api::digest(&format!("{seed}/size {set}"));
            let number = u64::from_str_radix(draw.get(..8).unwrap_or("0"), 16).unwrap_or(0);
            let size = 2 + usize::try_from(number).unwrap_or(0) % (largest - 1);
            let mut chosen: Vec<String> = order.into_iter().take(size).cloned().collect();
            chosen.sort();
            out.push(chosen);
        }
    }
    out
}

/// The per-operation features a generated crate's `Cargo.toml` declares (all but `default`).
pub fn declared_features(manifest: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_features = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_features = line == "[features]";
            continue;
        }
        if !in_features {
            continue;
        }
        if let Some((key, _)) = line.split_once('=') {
            let key = key.trim();
            if key != "default" && !key.is_empty() && !key.starts_with('"') && !key.starts_with('#') {
                out.push(key.to_owned());
            }
        }
    }
    out
}

/// Runs every check; an error says which failed.
pub fn run(root: &Path, seed: u64) -> Result<(), String> {
    println!("seed {seed} (`cargo xtask features --seed {seed}` checks the same sample)");
    let dir = root.join("target").join("features");
    let target = dir.join("target");
    let no_config = dir.join("no-clippy-config");
    std::fs::create_dir_all(&no_config).map_err(|e| format!("cannot create {}: {e}", no_config.display()))?;
    let started = Instant::now();
    let mut crates = vec![(root.join("generated"), "cloudtrail-start-import".to_owned())];
    for file in WHOLE_MODELS {
        let model = crate::official::models(root, &[])?
            .into_iter()
            .find(|m| m.path.file_name().is_some_and(|n| n == *file))
            .ok_or_else(|| format!("../shared/models/{file} is missing"))?;
        let out = dir.join(&model.package);
        crate::generate_standalone(&model.path, &model.package, &out)?;
        crates.push((out, model.package));
    }
    let mut checks = 0usize;
    for (index, (path, package)) in crates.iter().enumerate() {
        let manifest_path = path.join("Cargo.toml");
        let manifest =
            std::fs::read_to_string(&manifest_path).map_err(|e| format!("cannot read {}: {e}", manifest_path.display()))?;
        let features = declared_features(&manifest);
        // Each crate draws from its own stream, so adding a model leaves the others' samples.
        let sets = sample(&features, seed.wrapping_add(u64::try_from(index).unwrap_or(0)));
        for set in sets {
            let step = Instant::now();
            let list = set.join(",");
            let mut args = vec!["clippy", "--quiet", "--all-targets", "--no-default-features"];
            if !set.is_empty() {
                args.extend(["--features", list.as_str()]);
            }
            args.extend(["--", "-D", "warnings"]);
            // generated/ is a member of this workspace: check it there, by package.
            let in_workspace = index == 0;
            if in_workspace {
                args.splice(1..1, ["-p", package.as_str()]);
            }
            crate::official::cargo(if in_workspace { root } else { path }, &target, &no_config, &args, &[])?;
            checks += 1;
            let shown = if set.is_empty() { "no operation".to_owned() } else { set.join(", ") };
            println!("{package}: {shown}: clippy -D warnings passes ({:.0} s)", step.elapsed().as_secs_f64());
        }
    }
    println!("{checks} feature sets checked in {:.0} s", started.elapsed().as_secs_f64());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("op_{i}")).collect()
    }

    #[test]
    fn a_small_crate_checks_none_and_each_operation_alone() {
        let sample = sample(&names(1), 7);
        assert_eq!(sample, vec![Vec::<String>::new(), vec!["op_0".to_owned()]]);
    }

    #[test]
    fn a_big_crate_checks_ten_distinct_singles_and_three_sets() {
        let features = names(60);
        let sample = sample(&features, DEFAULT_SEED);
        assert_eq!(sample.len(), 1 + SINGLES + SETS);
        assert!(sample.first().is_some_and(Vec::is_empty));
        let singles: std::collections::BTreeSet<&Vec<String>> = sample.iter().skip(1).take(SINGLES).collect();
        assert_eq!(singles.len(), SINGLES, "the singles are distinct");
        for set in sample.iter().skip(1 + SINGLES) {
            assert!((2..=30).contains(&set.len()), "{set:?}");
            let distinct: std::collections::BTreeSet<&String> = set.iter().collect();
            assert_eq!(distinct.len(), set.len());
        }
        // The same seed, the same sample; another seed, another.
        assert_eq!(super::sample(&features, DEFAULT_SEED), sample);
        assert_ne!(super::sample(&features, DEFAULT_SEED + 1), sample);
    }

    #[test]
    fn the_declared_features_are_read_from_the_manifest() {
        let manifest = "[package]\nname = \"x\"\n\n[features]\ndefault = [\n    \"a\",\n    \"b\",\n]\na = []\nb = []\n\n[workspace]\n";
        assert_eq!(declared_features(manifest), vec!["a".to_owned(), "b".to_owned()]);
    }
}
