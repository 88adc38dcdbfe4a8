//! Regeneration is safe, through the real command: `cargo xtask codegen --model FILE --out DIR`
//! never overwrites or deletes a file it did not write (it refuses, names each, and writes
//! nothing), reports a stray Rust file in `src/`, leaves other files of the user's alone, and
//! writes a crate that Cargo accepts both inside a workspace that lists it and on its own.

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "the helpers fail the test by panicking, with what went wrong, as indexing a JSON model does"
)]

use std::path::{Path, PathBuf};
use std::process::Command;

const MODEL: &str = "tests/fixtures/models/enums.json";

fn root() -> PathBuf {
    xtask::workspace_root()
}

/// A fresh directory under `target/regeneration/`.
fn scratch(name: &str) -> PathBuf {
    let dir = root().join("target").join("regeneration").join(name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).unwrap_or_else(|e| panic!("cannot remove {}: {e}", dir.display()));
    }
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    dir
}

/// Runs `cargo xtask` with `args`; the exit code, standard output and standard error.
fn xtask(args: &[&str]) -> (Option<i32>, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap_or_else(|e| panic!("cannot run xtask: {e}"));
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap_or_else(|e| panic!("not UTF-8: {e}"));
    (output.status.code(), text(output.stdout), text(output.stderr))
}

fn codegen(out: &Path, more: &[&str]) -> (Option<i32>, String, String) {
    let out = out.to_string_lossy().into_owned();
    let mut args = vec!["codegen", "--model", MODEL, "--out", out.as_str()];
    args.extend_from_slice(more);
    xtask(&args)
}

/// Every file under `dir`, with its contents, sorted.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                out.push((path, bytes));
            }
        }
    }
    out.sort();
    out
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn a_users_crate_is_never_overwritten() {
    let out = scratch("users-crate");
    write(&out.join("Cargo.toml"), "[package]\nname = \"mine\"\nversion = \"1.0.0\"\n");
    write(&out.join("src/lib.rs"), "//! My own crate.\n");
    let before = snapshot(&out);
    let (code, stdout, stderr) = codegen(&out, &[]);
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert_eq!(snapshot(&out), before, "nothing was written");
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert!(stderr.contains("Cargo.toml: would be overwritten"), "{stderr}");
    assert!(stderr.contains("src/lib.rs: would be overwritten"), "{stderr}");
}

#[test]
fn a_stray_rust_file_in_src_is_reported_and_other_files_are_kept() {
    let out = scratch("stray");
    let (code, _, stderr) = codegen(&out, &[]);
    assert_eq!(code, Some(0), "{stderr}");
    // A user's binary and module in src/: Cargo would build src/main.rs with the crate.
    write(&out.join("src/main.rs"), "fn main() {}\n");
    write(&out.join("src/notes.rs"), "// mine\n");
    let before = snapshot(&out);
    let (code, _, stderr) = codegen(&out, &[]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("src/main.rs: in src/, which the generated crate owns"), "{stderr}");
    assert!(stderr.contains("src/notes.rs: in src/, which the generated crate owns"), "{stderr}");
    assert_eq!(snapshot(&out), before, "nothing was written");
    // Files elsewhere are the user's business: kept, and said so.
    std::fs::remove_file(out.join("src/main.rs")).unwrap();
    std::fs::remove_file(out.join("src/notes.rs")).unwrap();
    write(&out.join("README.md"), "mine\n");
    write(&out.join("tests/mine.rs"), "#[test]\nfn mine() {}\n");
    let (code, stdout, stderr) = codegen(&out, &[]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("kept    README.md (not generated, left alone)"), "{stdout}");
    assert!(stdout.contains("kept    tests/mine.rs (not generated, left alone)"), "{stdout}");
    assert_eq!(std::fs::read_to_string(out.join("README.md")).unwrap(), "mine\n");
}

#[test]
fn generated_files_are_rewritten_and_deleted_but_edits_without_the_header_are_not() {
    let out = scratch("edits");
    assert_eq!(codegen(&out, &[]).0, Some(0));
    // A generated file, edited but still marked, is the generator's: brought back.
    let lib = out.join("src/lib.rs");
    let generated = std::fs::read_to_string(&lib).unwrap();
    std::fs::write(&lib, format!("{generated}\n// an edit\n")).unwrap();
    // A generated file it no longer produces is deleted.
    write(&out.join("src/old.rs"), "// @generated by cargo xtask codegen from an old model. Do not edit.\n");
    let (code, stdout, stderr) = codegen(&out, &[]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(std::fs::read_to_string(&lib).unwrap(), generated);
    assert!(stdout.contains("deleted src/old.rs"), "{stdout}");
    // With its header removed, the file is the user's: refused.
    std::fs::write(&lib, "//! Taken over by hand.\n").unwrap();
    let (code, _, stderr) = codegen(&out, &[]);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(std::fs::read_to_string(&lib).unwrap(), "//! Taken over by hand.\n");
}

/// Runs `cargo metadata` in `dir` (no build); the packages Cargo sees, or its error.
fn cargo_metadata(dir: &Path) -> Result<String, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["metadata", "--no-deps", "--format-version", "1", "--offline"])
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run cargo: {e}"));
    let text = String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr);
    if output.status.success() { Ok(text) } else { Err(text) }
}

#[test]
fn a_crate_inside_a_users_workspace_joins_it_or_stands_alone() {
    let ws = scratch("workspace");
    write(&ws.join("Cargo.toml"), "[workspace]\nresolver = \"3\"\nmembers = [\"clients/*\"] # generated clients\nexclude = [\"clients/own\"]\n");
    // Listed by the glob: a member, with no [workspace] table of its own.
    let member = ws.join("clients/enums");
    let (code, stdout, stderr) = codegen(&member, &[]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("is a member of the workspace at"), "{stdout}");
    assert!(!std::fs::read_to_string(member.join("Cargo.toml")).unwrap().contains("[workspace]"));
    let metadata = cargo_metadata(&ws).unwrap_or_else(|e| panic!("cargo refused the workspace:\n{e}"));
    assert!(metadata.contains("\"name\":\"enums\""), "{metadata}");
    cargo_metadata(&member).unwrap_or_else(|e| panic!("cargo refused the member:\n{e}"));
    // Excluded, or not listed: its own workspace.
    for dir in [ws.join("clients/own"), ws.join("elsewhere/enums")] {
        let (code, _, stderr) = codegen(&dir, &[]);
        assert_eq!(code, Some(0), "{stderr}");
        assert!(std::fs::read_to_string(dir.join("Cargo.toml")).unwrap().contains("[workspace]"));
        cargo_metadata(&dir).unwrap_or_else(|e| panic!("cargo refused {}:\n{e}", dir.display()));
    }
    cargo_metadata(&ws).unwrap_or_else(|e| panic!("cargo refused the workspace:\n{e}"));
    // The flags decide when asked.
    let forced = ws.join("clients/forced");
    assert_eq!(codegen(&forced, &["--standalone"]).0, Some(0));
    assert!(std::fs::read_to_string(forced.join("Cargo.toml")).unwrap().contains("[workspace]"));
    assert_eq!(codegen(&forced, &["--workspace-member"]).0, Some(0));
    assert!(!std::fs::read_to_string(forced.join("Cargo.toml")).unwrap().contains("[workspace]"));
}

#[test]
fn help_prints_the_usage() {
    for args in [&["--help"][..], &["-h"], &["codegen", "--help"], &["help"]] {
        let (code, stdout, stderr) = xtask(args);
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
        assert!(stdout.starts_with("usage: cargo xtask codegen"), "{args:?}: {stdout}");
        assert!(stdout.contains("--workspace-member"), "{stdout}");
    }
    let (code, _, stderr) = xtask(&["codegen", "--nope"]);
    assert_eq!(code, Some(2));
    assert!(stderr.starts_with("error: unknown option `--nope`\nusage:"), "{stderr}");
}

/// The enums fixture with one more value of `Color` and `Paint`'s output member `Level` gone.
fn changed_model(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(root().join(MODEL)).unwrap();
    let mut model: serde_json::Value = serde_json::from_str(&text).unwrap();
    let shapes = model["shapes"].as_object_mut().unwrap();
    let color = shapes.iter_mut().find(|(id, _)| id.ends_with("#Color")).unwrap().1;
    color["members"]["GREEN"] = serde_json::json!({"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "green"}});
    let output = shapes.iter_mut().find(|(id, _)| id.ends_with("#PaintOutput")).unwrap().1;
    output["members"].as_object_mut().unwrap().remove("Level");
    let path = dir.join("enums-changed.json");
    write(&path, &model.to_string());
    path
}

#[test]
fn regeneration_reports_the_api_changes_and_bumps_the_version() {
    let dir = scratch("api-changes");
    let out = dir.join("crate");
    assert_eq!(codegen(&out, &[]).0, Some(0));
    let version = |out: &Path| {
        let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
        manifest.lines().find(|l| l.starts_with("version = ")).unwrap().to_owned()
    };
    assert_eq!(version(&out), "version = \"0.1.0\"");

    // Only the value added: additive, so the version gains a patch (Cargo's minor below 1.0).
    let changed = changed_model(&dir);
    let mut only_added: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(root().join(MODEL)).unwrap()).unwrap();
    let color = only_added["shapes"].as_object_mut().unwrap().iter_mut().find(|(id, _)| id.ends_with("#Color")).unwrap().1;
    color["members"]["GREEN"] = serde_json::json!({"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "green"}});
    let added = dir.join("enums-added.json");
    write(&added, &only_added.to_string());
    let (out_s, added_s, changed_s) =
        (out.to_string_lossy().into_owned(), added.to_string_lossy().into_owned(), changed.to_string_lossy().into_owned());
    let (code, stdout, stderr) = xtask(&["codegen", "--model", &added_s, "--out", &out_s, "--crate-name", "enums"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("Suggested version bump: **minor (0.1.0 → 0.1.1)**"), "{stdout}");
    assert!(stdout.contains("- `types::Color::Green`: value `green` added"), "{stdout}");
    assert_eq!(version(&out), "version = \"0.1.1\"");

    // Running again changes nothing, and the version stays.
    let (code, stdout, _) = xtask(&["codegen", "--model", &added_s, "--out", &out_s, "--crate-name", "enums"]);
    assert_eq!(code, Some(0));
    assert!(!stdout.contains("API changes"), "{stdout}");
    assert_eq!(version(&out), "version = \"0.1.1\"");

    // --check on a model with a breaking change reports it and fails, writing nothing.
    let before = snapshot(&out);
    let (code, stdout, _) = xtask(&["codegen", "--check", "--model", &changed_s, "--out", &out_s, "--crate-name", "enums"]);
    assert_eq!(code, Some(1));
    assert!(stdout.contains("Suggested version bump: **major (0.1.1 → 0.2.0)**"), "{stdout}");
    assert_eq!(snapshot(&out), before);

    // The breaking change: a major bump, which below 1.0 is the minor number.
    let (code, stdout, stderr) = xtask(&["codegen", "--model", &changed_s, "--out", &out_s, "--crate-name", "enums"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("- `operation::paint::PaintOutput::level`: member `Level` removed"), "{stdout}");
    assert_eq!(version(&out), "version = \"0.2.0\"");

    // --crate-version decides instead; a bad one is refused, naming the problem.
    let (code, _, _) = xtask(&["codegen", "--model", &changed_s, "--out", &out_s, "--crate-name", "enums", "--crate-version", "1.0.0"]);
    assert_eq!(code, Some(0));
    assert_eq!(version(&out), "version = \"1.0.0\"");
    let (code, _, stderr) = xtask(&["codegen", "--model", &changed_s, "--out", &out_s, "--crate-version", "1.0"]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("Cargo.toml: invalid crate version: `1.0` is not a version of the form MAJOR.MINOR.PATCH"), "{stderr}");
}

#[test]
fn api_diff_compares_two_models_and_can_refuse_breaking_changes() {
    let dir = scratch("api-diff");
    let changed = changed_model(&dir).to_string_lossy().into_owned();
    let (code, stdout, stderr) = xtask(&["api-diff", MODEL, &changed]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.starts_with("## API changes: enums.json → enums-changed.json\n\nSuggested version bump: **major**"), "{stdout}");
    assert!(stdout.contains("| 1 | 1 |"), "{stdout}");

    let (code, stdout, _) = xtask(&["api-diff", MODEL, &changed, "--format", "json"]);
    assert_eq!(code, Some(0));
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["bump"], "major");
    assert_eq!(json["counts"]["breaking"], 1);
    assert_eq!(json["counts"]["additive"], 1);

    let (code, _, stderr) = xtask(&["api-diff", MODEL, &changed, "--deny", "breaking"]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("breaking changes, which --deny refuses"), "{stderr}");
    let (code, _, _) = xtask(&["api-diff", MODEL, MODEL, "--deny", "any"]);
    assert_eq!(code, Some(0));

    // Nothing is written, and bad input names the problem.
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
    let (code, _, stderr) = xtask(&["api-diff", MODEL]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("api-diff takes two model files"), "{stderr}");
    let (code, _, stderr) = xtask(&["api-diff", MODEL, "missing.json"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("cannot read missing.json"), "{stderr}");
    let bad = dir.join("bad.json");
    write(&bad, "{\"smithy\": \"2.0\", \"shapes\": {}}");
    let (code, _, stderr) = xtask(&["api-diff", MODEL, &bad.to_string_lossy()]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("bad.json: 1 problem(s)"), "{stderr}");
}
