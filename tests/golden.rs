//! Golden requests: what AWS's SDKs send, recorded once, against what generated crates build.
//! For Lambda (restJson1): a crate generated from the official model (`../shared/corpus/`)
//! for the recorded operations gets `tests/golden/lambda/golden.rs` and the recording beside
//! it, and its tests run. `tests/golden/lambda/record.py` recorded the bytes from botocore.

use std::process::Command;

/// The operations the recording covers.
const LAMBDA_OPERATIONS: &[&str] = &["Invoke", "GetFunction", "ListFunctions", "UpdateFunctionConfiguration"];

#[test]
fn lambda_requests_are_what_botocore_sends() {
    let model = tests::shared().join("corpus").join("restJson1").join("lambda-2015-03-31.json");
    let settings = codegen::Settings {
        operations: LAMBDA_OPERATIONS.iter().map(|o| (*o).to_owned()).collect(),
        ..tests::standalone_settings("lambda")
    };
    let files = codegen::generate(&tests::read(&model), &settings).unwrap_or_else(|e| panic!("{e}"));
    let dir = tests::root().join("target").join("golden-crates").join("lambda");
    xtask::write(&dir, &files).unwrap_or_else(|e| panic!("cannot write {}: {e}", dir.display()));
    let golden = tests::root().join("tests").join("golden").join("lambda");
    for (from, to) in [("golden.rs", "tests/golden.rs"), ("requests.txt", "tests/requests.txt")] {
        std::fs::write(dir.join(to), tests::read(&golden.join(from))).unwrap_or_else(|e| panic!("cannot write {to}: {e}"));
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["test", "--quiet", "--offline", "--test", "golden"])
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env_remove("RUSTFLAGS")
        .current_dir(&dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run cargo: {e}"));
    assert!(
        output.status.success(),
        "the golden Lambda requests differ:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
