//! Every fixture model's generated crate compiles cleanly and behaves: the crates are written
//! into a throwaway workspace under `target/`, each with its behaviour test from
//! `tests/fixtures/behaviour/`, then `cargo clippy -D warnings` and `cargo test` run over it. This
//! proves the constructs StartImport does not use (unions, maps, recursion, every simple type,
//! defaults, error correction), not only their snapshots.

use std::path::Path;
use std::process::Command;

fn cargo(dir: &Path, args: &[&str]) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    // Clippy's settings as a crate has them anywhere, not this repository's `clippy.toml`
    // (which lets tests panic): an empty directory holds none.
    let no_config = dir.join("no-clippy-config");
    std::fs::create_dir_all(&no_config).unwrap_or_else(|e| panic!("{e}"));
    let output = Command::new(cargo)
        .args(args)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env("CLIPPY_CONF_DIR", &no_config)
        .current_dir(dir)
        .env_remove("RUSTFLAGS")
        .env("RUSTDOCFLAGS", "-D warnings")
        .output()
        .unwrap_or_else(|e| panic!("cannot run cargo: {e}"));
    assert!(
        output.status.success(),
        "`cargo {}` failed on the fixture crates:\n{}{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn every_fixture_crate_passes_clippy_and_its_behaviour_tests() {
    let dir = tests::root().join("target").join("fixture-crates");
    let names = tests::fixture_names("models");
    assert_eq!(names, tests::fixture_names("behaviour").iter().map(|n| n.replace(".rs", "")).collect::<Vec<_>>());
    for name in &names {
        let files = tests::generate_fixture("models", name).unwrap_or_else(|e| panic!("{name}:\n{e}"));
        let crate_dir = dir.join(name);
        xtask::write(&crate_dir, &files).unwrap_or_else(|e| panic!("cannot write {}: {e}", crate_dir.display()));
        let behaviour = tests::read(&tests::fixtures().join("behaviour").join(format!("{name}.rs")));
        std::fs::create_dir_all(crate_dir.join("tests")).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(crate_dir.join("tests/behaviour.rs"), behaviour).unwrap_or_else(|e| panic!("{e}"));
    }
    let members: Vec<String> = names.iter().map(|n| format!("{n:?}")).collect();
    let manifest = format!("[workspace]\nresolver = \"3\"\nmembers = [{}]\n", members.join(", "));
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap_or_else(|e| panic!("cannot write the manifest: {e}"));
    cargo(&dir, &["clippy", "--quiet", "--offline", "--workspace", "--all-targets", "--", "-D", "warnings"]);
    cargo(&dir, &["test", "--quiet", "--offline", "--workspace"]);
}
