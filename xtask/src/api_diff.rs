//! `cargo xtask api-diff OLD.json NEW.json`: what a model change does to the generated crate's
//! API, without writing anything; and `cargo xtask semver-checks`: the same verdicts set against
//! cargo-semver-checks run on the two generated crates, for every consecutive pair of models in
//! a history directory.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::api::{Class, Report, Surface};

/// How to print the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// For a changelog or a pull request.
    Markdown,
    /// For tools.
    Json,
}

/// Why a comparison did not happen.
#[derive(Debug)]
pub enum Failure {
    /// A model has problems (exit status 1).
    Model(String),
    /// A file cannot be read, or a tool cannot run (exit status 2).
    Io(String),
}

/// The settings both models are lowered with: the package name from the new model's file name.
fn settings_for(new: &Path, service: Option<&str>) -> codegen::Settings {
    let stem = new.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    codegen::Settings {
        package_name: crate::default_package_name(&stem),
        source: new.file_name().map_or_else(|| new.display().to_string(), |n| n.to_string_lossy().into_owned()),
        service: service.map(str::to_owned),
        operations: Vec::new(),
        protocol_tests: false,
        standalone: true,
        version: None,
        partitions: crate::partitions(),
    }
}

fn surface(path: &Path, settings: &codegen::Settings) -> Result<Surface, Failure> {
    let text =
        std::fs::read_to_string(path).map_err(|e| Failure::Io(format!("cannot read {}: {e}", path.display())))?;
    codegen::prepare(&text, settings)
        .map(|p| p.api())
        .map_err(|errors| Failure::Model(format!("{errors}\n{}: {} problem(s)", path.display(), errors.len())))
}

/// The report for two model files.
pub fn compare(old: &Path, new: &Path, service: Option<&str>) -> Result<Report, Failure> {
    let settings = settings_for(new, service);
    Ok(codegen::api::diff(&surface(old, &settings)?, &surface(new, &settings)?))
}

/// The title a report gets: the two files' names.
pub fn title(old: &Path, new: &Path) -> String {
    let name = |p: &Path| p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned());
    format!("{} → {}", name(old), name(new))
}

/// Prints the report; `Ok(false)` when `deny` names a class the report has.
pub fn run(
    old: &Path,
    new: &Path,
    service: Option<&str>,
    format: Format,
    deny: Option<Class>,
) -> Result<bool, Failure> {
    let report = compare(old, new, service)?;
    match format {
        Format::Markdown => print!("{}", report.markdown(&title(old, new), None)),
        Format::Json => print!("{}", report.json(None)),
    }
    Ok(match deny {
        Some(class) if report.has_at_least(class) => {
            eprintln!("error: the change has {} changes, which --deny refuses", class.as_str());
            false
        }
        _ => true,
    })
}

/// The history directories `semver-checks` reads by default: the real CloudTrail and DynamoDB
/// histories, and a small model whose versions break its API in every way the report knows.
pub fn default_histories(root: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> =
        ["cloudtrail", "dynamodb"].iter().map(|name| root.join("../shared/history").join(name)).collect();
    dirs.push(root.join("tests/fixtures/api-history"));
    dirs
}

/// The models in a history directory, oldest first (their names end in the date).
pub fn history(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut models: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    models.sort();
    if models.len() < 2 {
        return Err(format!("{} holds fewer than two models", dir.display()));
    }
    Ok(models)
}

/// What cargo-semver-checks said about one pair: each lint that failed, with the items it
/// names, all needing a major version (it runs with `--release-type minor`, so lints that only
/// need a minor version pass).
struct Verdict {
    failures: Vec<(String, Vec<String>)>,
}

/// Generates one model's whole crate into `dir`, standalone, at version 0.1.0 (the versions
/// say nothing here: cargo-semver-checks is told the release type).
fn generate_into(model: &Path, dir: &Path, package: &str) -> Result<(), String> {
    let text = std::fs::read_to_string(model).map_err(|e| format!("cannot read {}: {e}", model.display()))?;
    let settings = codegen::Settings { package_name: package.to_owned(), ..settings_for(model, None) };
    let files = codegen::generate(&text, &settings).map_err(|e| format!("{}: {e}", model.display()))?;
    crate::write(dir, &files).map_err(|e| format!("{}: {e}", dir.display()))?;
    Ok(())
}

/// Runs cargo-semver-checks on the crates in `old` and `new`, asking whether `new` may be a
/// release without breaking changes.
fn semver_checks(old: &Path, new: &Path, package: &str, target: &Path) -> Result<Verdict, String> {
    let output = Command::new("cargo")
        .args(["semver-checks", "check-release", "--release-type", "minor", "--package", package])
        .arg("--manifest-path")
        .arg(new.join("Cargo.toml"))
        .arg("--baseline-root")
        .arg(old)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .map_err(|e| format!("cannot run cargo semver-checks: {e}"))?;
    // The report is on standard output, the progress on standard error.
    let verdict = parse_verdict(&String::from_utf8_lossy(&output.stdout));
    if output.status.success() != verdict.failures.is_empty() {
        return Err(format!(
            "cargo semver-checks gave a report this command cannot read:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(verdict)
}

/// Why cargo-semver-checks does not flag a change the report calls breaking.
fn why_unflagged(change: &codegen::api::Change) -> &'static str {
    if change.what.contains("fails without it") {
        "it compiles as before but `build()` now fails at run time, which no compiler-level check can see"
    } else if change.what.contains("Option") || change.what.contains("Result") || change.what.contains("type ") {
        "a changed field, variant or return type; cargo-semver-checks has no lint for changed types"
    } else if change.what.contains("renamed") {
        "a renamed item it reports only when the old name is gone from every path"
    } else {
        "cargo-semver-checks has no lint for this change"
    }
}

/// Reads cargo-semver-checks' report: each `--- failure LINT: ... ---` block and its items (the
/// lines after `Failed in:`).
fn parse_verdict(text: &str) -> Verdict {
    let mut failures: Vec<(String, Vec<String>)> = Vec::new();
    let mut in_items = false;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("--- failure ") {
            let lint = rest.split(':').next().unwrap_or(rest).trim().to_owned();
            failures.push((lint, Vec::new()));
            in_items = false;
        } else if line.trim() == "Failed in:" {
            in_items = true;
        } else if in_items {
            match (line.trim(), failures.last_mut()) {
                ("", _) => in_items = false,
                (item, Some((_, items))) => items.push(item.to_owned()),
                (_, None) => {}
            }
        }
    }
    Verdict { failures }
}

/// The Rust path, relative to the crate root and in the report's terms, of an item line of
/// cargo-semver-checks: `variant Status::Gone, previously in file /x/src/types.rs:73` gives
/// `types::Status::Gone`; `field created of struct Thing, ...` gives `types::Thing::created`; a
/// builder's item is its structure's (`types::builders::ThingBuilder::set_created` gives
/// `types::Thing::created`).
fn item_path(item: &str, package: &str) -> Vec<String> {
    let (head, file) = match item.split_once(" in file ") {
        Some((head, file)) => (head.trim_end_matches(", previously"), file),
        None => (item, ""),
    };
    let mut words: Vec<&str> = head.split_whitespace().collect();
    if let [_, field, "of", _, owner] = words.as_slice() {
        let joined = format!("{owner}::{field}");
        return item_path(&format!("{joined} in file {file}"), package);
    }
    if words.len() > 1 {
        words.remove(0);
    }
    let name = words.join(" ");
    let crate_prefix = format!("{}::", package.replace('-', "_"));
    let mut segments: Vec<String> = if let Some(rest) = name.strip_prefix(&crate_prefix) {
        rest.split("::").map(str::to_owned).collect()
    } else {
        // A path relative to the module of the file it was in.
        let module = file.rsplit_once("/src/").map_or("", |(_, m)| m);
        let module = module.split(':').next().unwrap_or("").trim_end_matches(".rs");
        let mut segments: Vec<String> =
            module.split('/').filter(|s| !s.is_empty() && *s != "lib" && *s != "mod").map(str::to_owned).collect();
        segments.extend(name.split("::").map(str::to_owned));
        segments
    };
    // Builders stand for their structures, setters for their members.
    segments.retain(|s| s != "builders");
    let mut out = Vec::new();
    for (i, segment) in segments.iter().enumerate() {
        let after_builder = i > 0 && segments.get(i - 1).is_some_and(|p| p.ends_with("Builder"));
        let segment = match segment.strip_suffix("Builder") {
            Some(owner) if !owner.is_empty() => owner.to_owned(),
            _ if after_builder => segment.strip_prefix("set_").unwrap_or(segment).to_owned(),
            _ => segment.clone(),
        };
        out.push(segment);
    }
    out
}

/// True when the breaking change covers `item`: it is about that item, or it removed one that
/// holds it (a removed operation takes its module's every item with it).
fn covers(change: &codegen::api::Change, item: &[String]) -> bool {
    let ours: Vec<&str> = change.path.split("::").collect();
    let prefix = ours.len() <= item.len() && ours.iter().zip(item).all(|(a, b)| a == b);
    prefix && (ours.len() == item.len() || change.what.contains("removed"))
}

/// Runs the check on every consecutive pair of every history; the table goes to stdout and,
/// with `out`, into that file. `Ok(false)` when cargo-semver-checks calls a pair breaking that
/// the report does not, or flags an item the report has no breaking change for.
pub fn semver_agreement(root: &Path, histories: &[PathBuf], out: Option<&Path>) -> Result<bool, String> {
    let work = root.join("target/semver-checks");
    let target = work.join("target");
    let mut table = String::from(
        "| Pair | Ours: breaking / additive / neither | Bump | cargo-semver-checks | Agreement |\n|---|---|---|---|---|\n",
    );
    let mut notes = String::new();
    let mut agree = true;
    for dir in histories {
        let models = history(dir)?;
        for pair in models.windows(2) {
            let [old, new] = pair else { continue };
            let report = compare(old, new, None).map_err(|f| match f {
                Failure::Model(m) | Failure::Io(m) => m,
            })?;
            let stem = |p: &Path| p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            let package = crate::default_package_name(&stem(new));
            let (old_dir, new_dir) = (work.join(&package).join(stem(old)), work.join(&package).join(stem(new)));
            generate_into(old, &old_dir, &package)?;
            generate_into(new, &new_dir, &package)?;
            let verdict = semver_checks(&old_dir, &new_dir, &package, &target)?;
            let ours_breaking = report.count(Class::Breaking);
            let neither = report.neither();
            let theirs = if verdict.failures.is_empty() {
                "not breaking".to_owned()
            } else {
                let lints: Vec<String> = verdict.failures.iter().map(|(l, i)| format!("{l} ({})", i.len())).collect();
                format!("breaking: {}", lints.join(", "))
            };
            let mut unmatched = Vec::new();
            for (lint, items) in &verdict.failures {
                for item in items {
                    let path = item_path(item, &package);
                    if !report.changes.iter().any(|c| c.class == Class::Breaking && covers(c, &path)) {
                        unmatched.push(format!("{lint}: {item}"));
                    }
                }
            }
            let pair_agrees = unmatched.is_empty() && (verdict.failures.is_empty() || ours_breaking > 0);
            agree &= pair_agrees;
            let agreement = if !pair_agrees {
                "**disagrees**".to_owned()
            } else if ours_breaking > 0 && verdict.failures.is_empty() {
                "agrees; we also call breaking what it cannot see".to_owned()
            } else {
                "agrees".to_owned()
            };
            let name = |p: &Path| p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            let _ = writeln!(
                table,
                "| {} → {} | {ours_breaking} / {} / {neither} | {} | {theirs} | {agreement} |",
                name(old),
                name(new),
                report.count(Class::Additive),
                report.bump().map_or("none", |b| b.as_str()),
            );
            if ours_breaking > 0 {
                let flagged = |c: &&codegen::api::Change| {
                    verdict.failures.iter().flat_map(|(_, items)| items).any(|i| covers(c, &item_path(i, &package)))
                };
                let unflagged: Vec<&codegen::api::Change> =
                    report.changes.iter().filter(|c| c.class == Class::Breaking).filter(|c| !flagged(c)).collect();
                if !unflagged.is_empty() {
                    let _ = writeln!(
                        notes,
                        "\n{} → {}: breaking here, not flagged by cargo-semver-checks:",
                        name(old),
                        name(new)
                    );
                }
                for change in unflagged {
                    let _ = writeln!(notes, "- `{}`: {} ({})", change.path, change.what, why_unflagged(change));
                }
            }
            for item in &unmatched {
                let _ = writeln!(
                    notes,
                    "\n{} → {}: flagged by cargo-semver-checks, not breaking here: {item}",
                    name(old),
                    name(new)
                );
            }
        }
    }
    let text = format!("{table}{notes}");
    print!("{text}");
    if let Some(out) = out {
        std::fs::write(out, &text).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    }
    Ok(agree)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_are_read_from_the_report() {
        let text = "\
     Checked [   0.051s] 229 checks: 222 pass, 7 fail, 0 warn, 31 skip

--- failure enum_variant_missing: pub enum variant removed or renamed ---

Description:
A publicly-visible enum has at least one variant that is no longer available under its prior name.

Failed in:
  variant Status::Gone, previously in file /x/src/types.rs:73
  variant Status::Old, previously in file /x/src/types.rs:80

--- failure struct_pub_field_missing: pub struct's pub field removed or renamed ---

Failed in:
  field created of struct Thing, previously in file /x/src/types.rs:139

     Summary semver requires new major version: 2 major and 0 minor checks failed
";
        let verdict = parse_verdict(text);
        assert_eq!(verdict.failures.len(), 2);
        assert_eq!(verdict.failures[0].0, "enum_variant_missing");
        assert_eq!(verdict.failures[0].1.len(), 2);
        assert_eq!(verdict.failures[1].1, ["field created of struct Thing, previously in file /x/src/types.rs:139"]);
        assert!(parse_verdict("     Summary no semver update required\n").failures.is_empty());
    }

    #[test]
    fn items_are_read_as_the_reports_paths() {
        let path = |item: &str| item_path(item, "my-things").join("::");
        assert_eq!(path("variant Status::Gone, previously in file /x/src/types.rs:73"), "types::Status::Gone");
        assert_eq!(
            path("field created of struct Thing, previously in file /x/src/types.rs:139"),
            "types::Thing::created"
        );
        assert_eq!(
            path("ThingBuilder::set_created, previously in file /x/src/types/builders.rs:73"),
            "types::Thing::created"
        );
        assert_eq!(
            path(
                "enum my_things::operation::list_things::ListThingsError, previously in file /x/src/operation/list_things.rs:116"
            ),
            "operation::list_things::ListThingsError"
        );
        assert_eq!(
            path(
                "struct my_things::operation::list_things::builders::ListThingsInputBuilder, previously in file /x/src/operation/list_things.rs:178"
            ),
            "operation::list_things::ListThingsInput"
        );
        assert_eq!(path("TARGET in file /x/src/operation/list_things.rs:9"), "operation::list_things::TARGET");
        let change = |path: &str, what: &str| codegen::api::Change {
            class: Class::Breaking,
            path: path.to_owned(),
            what: what.to_owned(),
        };
        let target = item_path("TARGET in file /x/src/operation/list_things.rs:9", "t");
        assert!(covers(&change("operation::list_things", "operation `ListThings` removed"), &target));
        assert!(!covers(&change("operation::list_things", "input type changed"), &target));
        let created = item_path("field created of struct Thing, previously in file /x/src/types.rs:1", "t");
        assert!(covers(&change("types::Thing::created", "member `Created` removed"), &created));
        assert!(!covers(&change("types::Thing::id", "member `Id` removed"), &created));
        assert!(!covers(&change("types::Thing", "`build()` now returns a `Result`"), &created));
    }
}
