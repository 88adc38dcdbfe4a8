//! Bad models, through the real command: for each fixture in `tests/fixtures/bad/`,
//! `cargo xtask codegen --model FILE --out DIR` exits with status 1 (a panic would be 101),
//! writes nothing (not even DIR, and leaves an existing DIR as it was), and prints every problem
//! on its own line starting with the Smithy shape path it concerns (`model` for the file as a
//! whole), then one summary line. The texts are insta snapshots: error text is user interface.

#![allow(clippy::panic, reason = "the helpers fail the test by panicking, with what went wrong")]

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    xtask::workspace_root()
}

/// Runs the command on a fixture; the exit code and what it printed.
fn codegen(model: &str, out: &Path) -> (Option<i32>, String, String) {
    codegen_with(model, out, &[])
}

/// As [`codegen`], with more arguments.
fn codegen_with(model: &str, out: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["codegen", "--model", model, "--out"])
        .arg(out)
        .args(args)
        .current_dir(root())
        .output()
        .unwrap_or_else(|e| panic!("cannot run xtask: {e}"));
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap_or_else(|e| panic!("not UTF-8: {e}"));
    (output.status.code(), text(output.stdout), text(output.stderr))
}

fn out_dir(name: &str) -> PathBuf {
    let dir = root().join("target").join("bad-models").join(name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).unwrap_or_else(|e| panic!("cannot remove {}: {e}", dir.display()));
    }
    dir
}

fn check(name: &str) {
    let model = format!("tests/fixtures/bad/{name}.json");
    let out = out_dir(name);
    let (code, stdout, stderr) = codegen(&model, &out);
    assert_eq!(code, Some(1), "{name}: exit status\n{stderr}");
    assert!(!out.exists(), "{name}: {} was created", out.display());
    assert_eq!(stdout, "", "{name}: nothing goes to standard output");
    let lines: Vec<&str> = stderr.lines().collect();
    let (summary, problems) = lines.split_last().unwrap_or_else(|| panic!("{name}: printed nothing"));
    assert_eq!(*summary, format!("error: {} problem(s) in {model}; nothing was written", problems.len()));
    for line in problems {
        let (place, _) = line.split_once(": ").unwrap_or_else(|| panic!("{name}: {line:?} names no place"));
        assert!(place == "model" || place.contains('#'), "{name}: {line:?} does not start with a shape path");
    }
    insta::assert_snapshot!(name, stderr);
}

/// An output directory that exists is left exactly as it was.
#[test]
fn an_existing_output_directory_is_left_alone() {
    let out = out_dir("existing");
    std::fs::create_dir_all(out.join("src")).unwrap();
    std::fs::write(out.join("src/lib.rs"), "// mine\n").unwrap();
    let (code, _, _) = codegen("tests/fixtures/bad/many_problems.json", &out);
    assert_eq!(code, Some(1));
    assert_eq!(std::fs::read_to_string(out.join("src/lib.rs")).unwrap(), "// mine\n");
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1);
}

/// A file that cannot be read is a usage error (2), not a model problem.
#[test]
fn a_missing_model_is_a_usage_error() {
    let out = out_dir("missing");
    let (code, _, stderr) = codegen("tests/fixtures/bad/no_such_file.json", &out);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.starts_with("error: cannot read tests/fixtures/bad/no_such_file.json: "), "{stderr}");
    assert!(!out.exists());
}

/// A crate name Cargo or Rust would refuse is a model-level problem (1), named, with nothing
/// written.
#[test]
fn a_crate_name_that_cannot_be_one_is_refused() {
    let out = out_dir("crate-name");
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["codegen", "--model", "tests/fixtures/models/enums.json", "--crate-name", "my crate", "--out"])
        .arg(&out)
        .current_dir(root())
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(!out.exists());
    insta::assert_snapshot!("crate_name_invalid", stderr);
}

/// A pattern `validate()` cannot honour is a warning naming its member, and generation goes on.
#[test]
fn an_unhonoured_pattern_is_a_warning_naming_its_place() {
    let out = out_dir("unhonoured-pattern");
    let (code, _, stderr) = codegen("tests/fixtures/models/validation.json", &out);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(out.join("src/lib.rs").exists());
    insta::assert_snapshot!("unhonoured_pattern_warning", stderr);
}

/// An operation that uses a stream is left out with a warning naming it and why; the rest of
/// the service is generated. Asked for by name, it is an error.
#[test]
fn an_operation_left_out_is_a_warning_or_an_error_when_asked_for() {
    let out = out_dir("streaming");
    let (code, _, stderr) = codegen("tests/fixtures/models/streaming.json", &out);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(out.join("src/operation/describe.rs").exists());
    assert!(!out.join("src/operation/subscribe.rs").exists());
    insta::assert_snapshot!("operations_left_out_warning", stderr);
    let out = out_dir("streaming-named");
    let (code, _, stderr) =
        codegen_with("tests/fixtures/models/streaming.json", &out, &["--operation", "Describe", "--operation", "Subscribe"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(!out.exists());
    insta::assert_snapshot!("operation_left_out_asked_for", stderr);
}

/// An operation the service does not have suggests the closest names.
#[test]
fn an_unknown_operation_suggests_the_closest_names() {
    let out = out_dir("unknown-operation");
    let (code, _, stderr) = codegen_with("tests/fixtures/models/streaming.json", &out, &["--operation", "Describ"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(!out.exists());
    insta::assert_snapshot!("unknown_operation", stderr);
}

/// A known trait with a property the generator does not know is a warning, never fatal; a
/// constraint with one is not checked, and the warning says so.
#[test]
fn an_unknown_trait_property_is_a_warning() {
    let out = out_dir("unknown-property");
    let (code, _, stderr) = codegen("tests/fixtures/models/maps.json", &out);
    assert_eq!(code, Some(0), "{stderr}");
    insta::assert_snapshot!("unknown_trait_property_warning", stderr);
}

/// `--check` on a stale directory names the exact command that brings it up to date.
#[test]
fn check_names_the_command_that_updates() {
    let out = out_dir("check");
    std::fs::create_dir_all(&out).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["codegen", "--check", "--model", "tests/fixtures/models/enums.json", "--out", "target/bad-models/check"])
        .current_dir(root())
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(
        stderr.lines().last(),
        Some(
            "error: target/bad-models/check is out of date; run `cargo xtask codegen --model tests/fixtures/models/enums.json --out target/bad-models/check` to update it"
        )
    );
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0, "--check writes nothing");
}

macro_rules! bad_models {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                check(stringify!($name));
            }
        )*

        /// The list above names exactly the fixtures, so none is forgotten.
        #[test]
        fn every_fixture_has_a_test() {
            let mut names: Vec<String> = std::fs::read_dir(root().join("tests/fixtures/bad"))
                .unwrap()
                .map(|e| e.unwrap().path().file_stem().unwrap().to_string_lossy().into_owned())
                .collect();
            names.sort();
            assert_eq!(names, [$(stringify!($name)),*]);
        }
    };
}

bad_models!(
    dangling_target,
    default_not_finite,
    default_of_wrong_type,
    document_under_xml_protocol,
    documentation_not_a_string,
    duplicate_enum_value,
    enum_value_empty,
    enum_without_members,
    error_fault_unknown,
    error_without_error_trait,
    host_prefix_unclosed,
    http_bindings_misplaced,
    http_error_out_of_range,
    input_not_a_structure,
    int_enum_value_not_integer,
    invalid_json,
    invalid_shape_id,
    invalid_timestamp_format,
    legacy_enum_name_invalid,
    length_min_above_max,
    list_without_member,
    many_problems,
    map_key_not_a_string,
    map_without_value,
    member_names_differ_only_in_case,
    member_without_target,
    missing_version,
    mixin_cycle,
    no_protocol,
    no_service,
    only_streaming_operations,
    operation_target_as_member,
    paginated_wrong_type,
    query_service_without_version,
    range_not_numeric,
    required_cycle,
    rest_operation_without_http,
    service_error_without_error_trait,
    shapes_not_an_object,
    top_level_not_an_object,
    two_services,
    unknown_shape_type,
    wrong_json_types,
    wrong_version,
);
