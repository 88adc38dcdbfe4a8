//! Golden requests: what AWS's SDKs send, recorded once from botocore, against what generated
//! crates build. For each, a crate is generated from the official model (`../shared/corpus/`)
//! for the recorded operations; the test file from `tests/golden/` goes into its `tests/` with
//! the recording and `tests/golden/recorded.rs`, and its tests run. The `record.py` beside each
//! recording says how it was made.

use std::process::Command;

/// Generates `model` (in `../shared/corpus/restJson1`) as the crate `package` with
/// `operations`, adds `tests/golden/<dir>/<test>.rs` and its recording, and runs that test.
fn run(model: &str, package: &str, operations: &[&str], dir: &str, test: &str) {
    run_in("restJson1", model, package, operations, dir, test);
}

/// As [`run`], for a model in `../shared/corpus/<corpus>`.
fn run_in(corpus: &str, model: &str, package: &str, operations: &[&str], dir: &str, test: &str) {
    let path = tests::shared().join("corpus").join(corpus).join(model);
    let settings = codegen::Settings {
        operations: operations.iter().map(|o| (*o).to_owned()).collect(),
        ..tests::standalone_settings(package)
    };
    let files = codegen::generate(&tests::read(&path), &settings).unwrap_or_else(|e| panic!("{e}"));
    let crates = tests::root().join("target").join("golden-crates");
    let out = crates.join(package);
    xtask::write(&out, &files).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
    let golden = tests::root().join("tests").join("golden");
    std::fs::create_dir_all(out.join("tests/recorded")).unwrap_or_else(|e| panic!("{e}"));
    for (from, to) in [
        (golden.join(dir).join(format!("{test}.rs")), format!("tests/{test}.rs")),
        (golden.join(dir).join("requests.txt"), "tests/requests.txt".to_owned()),
        (golden.join("recorded.rs"), "tests/recorded/mod.rs".to_owned()),
    ] {
        std::fs::write(out.join(&to), tests::read(&from)).unwrap_or_else(|e| panic!("cannot write {to}: {e}"));
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["test", "--quiet", "--offline", "--test", test])
        // One target directory for the golden crates: they share nothing but the compiler's
        // work on the test harness, and the disk.
        .env("CARGO_TARGET_DIR", crates.join("target"))
        .env_remove("RUSTFLAGS")
        .current_dir(&out)
        .output()
        .unwrap_or_else(|e| panic!("cannot run cargo: {e}"));
    assert!(
        output.status.success(),
        "the golden {package} requests differ:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn lambda_requests_are_what_botocore_sends() {
    let operations = ["Invoke", "GetFunction", "ListFunctions", "UpdateFunctionConfiguration"];
    run("lambda-2015-03-31.json", "lambda", &operations, "lambda", "golden");
}

#[test]
fn glacier_customisations_are_what_botocore_sends() {
    run("glacier-2012-06-01.json", "glacier", &["ListVaults", "DescribeVault"], "customised", "glacier");
}

#[test]
fn api_gateway_customisation_is_what_botocore_sends() {
    run("api-gateway-2015-07-09.json", "api-gateway", &["GetRestApis", "GetExport"], "customised", "api_gateway");
}

#[test]
fn sts_assume_role_is_what_botocore_sends() {
    run_in("xml", "sts-2011-06-15.json", "sts", &["AssumeRole"], "query", "sts");
}

#[test]
fn iam_list_users_pages_are_what_botocore_sends() {
    run_in("xml", "iam-2010-05-08.json", "iam", &["ListUsers"], "query", "iam");
}

#[test]
fn sns_publish_is_what_botocore_sends() {
    run_in("xml", "sns-2010-03-31.json", "sns", &["Publish"], "query", "sns");
}

#[test]
fn s3_requests_are_what_botocore_sends() {
    run_in("xml", "s3-2006-03-01.json", "s3", &["PutObject", "ListObjectsV2", "DeleteObjects", "PutObjectTagging", "CopyObject", "HeadObject"], "s3", "s3");
}
