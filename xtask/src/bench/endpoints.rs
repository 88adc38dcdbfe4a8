//! `cargo xtask bench endpoints`: the two ways of resolving endpoints, side by side in one run.
//!
//! For CloudTrail's rule set (3,880 bytes of JSON, the usual size: the median of the 31 rule
//! sets in `../shared` is about that), DynamoDB's (14,462, among the largest) and S3's (119,034,
//! the largest AWS publishes), each on a stand-in crate of one empty operation
//! (`official::stand_in`), three tiny programs, each built cold in its own target directory,
//! debug and release, three times (the fastest run counts):
//!
//! - `base`: builds the endpoint `Params` and prints them, over the crate with the body of its
//!   compiled `resolve` cut out: the crate and the program without any resolver;
//! - `compiled`: calls the generated `resolve` (the rules compiled to Rust, as we ship), over
//!   the crate as generated;
//! - `interpreted`: over the cut crate with `endpoint::interp` added (this directory's
//!   `endpoint_interpreter.rs` and the rule set as embedded JSON text), calling its `resolve`.
//!
//! The partition table and the rules library are in all three crates (both ways need them).
//! Before timing anything a fourth program runs every case of the model's endpoint tests
//! through the interpreter (its `check`, compiled only with the crate's [`CHECK_FEATURE`], so
//! the measured builds hold neither it nor the tests) and must pass them all, and both
//! resolvers must give the same URL for the measured parameters. Then callgrind counts
//! instructions: the program with 1 and with 1,001 resolves (the difference over 1,000 is one
//! resolve), and for the interpreter also with none (what the first call pays to parse the
//! embedded rules).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use codegen::json::Json;

use super::{callgrind, cargo, run_captured};

/// The interpreter, copied into the measured crate.
const INTERPRETER: &str = include_str!("endpoint_interpreter.rs");

/// The crate feature that compiles the interpreter's `check` and the tests it runs.
pub(crate) const CHECK_FEATURE: &str = "interp-check";

/// A measured rule set: its name, the model, and the parameters of the measured call, as
/// `Params` setters and as the interpreter's arguments.
struct RuleSet {
    name: &'static str,
    model: &'static str,
    what: &'static str,
    setters: &'static str,
    args: &'static str,
}

const RULE_SETS: &[RuleSet] = &[
    RuleSet {
        name: "cloudtrail",
        model: "../shared/models/cloudtrail-2013-11-01.json",
        what: "CloudTrail, `us-east-1`",
        setters: r#".with_region("us-east-1")"#,
        args: r#"("Region", Arg::Str("us-east-1"))"#,
    },
    RuleSet {
        name: "dynamodb",
        model: "../shared/models/dynamodb-2012-08-10.json",
        what: "DynamoDB, `us-east-1`",
        setters: r#".with_region("us-east-1")"#,
        args: r#"("Region", Arg::Str("us-east-1"))"#,
    },
    RuleSet {
        name: "s3",
        model: "../shared/corpus/xml/s3-2006-03-01.json",
        what: "S3, virtual-hosted bucket in `us-west-2`",
        setters: r#".with_region("us-west-2").with_bucket("bucket-name")"#,
        args: r#"("Region", Arg::Str("us-west-2")), ("Bucket", Arg::Str("bucket-name"))"#,
    },
];

/// How many times each program is built cold, each profile; the fastest counts.
const ROUNDS: usize = 3;

/// The three measured programs, by name.
const PROGRAMS: [&str; 3] = ["base", "compiled", "interpreted"];

/// Runs the comparison and gives the report.
pub(super) fn endpoints(root: &Path) -> Result<String, String> {
    if Command::new("valgrind").arg("--version").output().is_err() {
        return Err("valgrind is not installed (on Debian: apt-get install valgrind)".to_owned());
    }
    let dir = root.join("target").join("bench-endpoints");
    let mut builds = String::from(
        "## Endpoint resolution: compiled rules against interpreted rules\n\n\
         Cold build of the whole program (the stand-in crate and a `main`), the fastest of three runs, \
         and in brackets what resolving adds to the program over the crate without a resolver:\n\n\
         | Rule set | no resolver, debug / release | compiled, debug / release | interpreted, debug / release |\n|---|---:|---:|---:|\n",
    );
    let mut calls = String::from(
        "\nInstructions (callgrind, release):\n\n\
         | Rule set | cases the interpreter passes | compiled, per resolve | interpreted, per resolve | interpreted, the first call's parse | compiled resolver | interpreter |\n\
         |---|---:|---:|---:|---:|---:|---:|\n",
    );
    for set in RULE_SETS {
        let model = root.join(set.model);
        let text = std::fs::read_to_string(&model).map_err(|e| format!("cannot read {}: {e}", model.display()))?;
        let stand_in = crate::official::stand_in(&text).map_err(|e| format!("{}: {e}", model.display()))?;
        let (rules, tests) = rule_texts(&stand_in)?;
        let package = format!("rules-{}", set.name);
        let files = codegen::generate(&stand_in, &crate::standalone_settings(&package, &model))
            .map_err(|e| format!("{}:\n{e}", model.display()))?;
        let here = dir.join(set.name);
        if here.exists() {
            std::fs::remove_dir_all(&here).map_err(|e| format!("cannot remove {}: {e}", here.display()))?;
        }
        let (plain, cut, with_interp) = (here.join("crate"), here.join("crate-cut"), here.join("crate-interp"));
        for out in [&plain, &cut, &with_interp] {
            crate::write(out, &files).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
        }
        cut_resolver(&cut)?;
        cut_resolver(&with_interp)?;
        add_interpreter(&with_interp, &rules, &tests)?;
        let library = package.replace('-', "_");
        for program in PROGRAMS.into_iter().chain(["check"]) {
            write_program(&here.join(program), program, set, &library)?;
        }

        println!("==> {}: the interpreter on the model's endpoint tests", set.name);
        let check = run_release(&here.join("check"), &[])?;
        let (passed, total) = check.trim().split_once('/').ok_or_else(|| format!("the check printed {check:?}"))?;
        if passed != total {
            return Err(format!("{}: the interpreter passes {passed} of {total} endpoint test cases", set.name));
        }
        let compiled_url = run_release(&here.join("compiled"), &["1"])?;
        let interpreted_url = run_release(&here.join("interpreted"), &["1"])?;
        if compiled_url != interpreted_url || !compiled_url.contains("https://") {
            return Err(format!("{}: compiled gives {compiled_url:?}, interpreted {interpreted_url:?}", set.name));
        }

        // One untimed build first, so that the first timed one finds the caches as warm as the rest.
        cold_build(&here.join("base"), false)?;
        // The fastest (debug, release) build of each program, in the order of PROGRAMS.
        let mut best = [[f64::INFINITY; 2]; 3];
        for round in 1..=ROUNDS {
            for (program, fastest) in PROGRAMS.iter().zip(best.iter_mut()) {
                for (release, fastest) in [false, true].into_iter().zip(fastest.iter_mut()) {
                    println!("==> {}: cold build of `{program}` ({}, round {round})", set.name, if release { "release" } else { "debug" });
                    let seconds = cold_build(&here.join(program), release)?;
                    *fastest = fastest.min(seconds);
                }
            }
        }
        let [[base_debug, base_release], [compiled_debug, compiled_release], [interpreted_debug, interpreted_release]] = best;
        let added = |debug: f64, release: f64| {
            format!("{debug:.2} s / {release:.2} s ({:+.2} / {:+.2})", debug - base_debug, release - base_release)
        };
        let _ = writeln!(
            builds,
            "| {} | {base_debug:.2} s / {base_release:.2} s | {} | {} |",
            set.what,
            added(compiled_debug, compiled_release),
            added(interpreted_debug, interpreted_release)
        );

        println!("==> {}: instructions", set.name);
        let count = |program: &str, n: u32| instructions(&here.join(program), program, n);
        let compiled = count("compiled", 1001)?.saturating_sub(count("compiled", 1)?) / 1000;
        let (none, one, many) = (count("interpreted", 0)?, count("interpreted", 1)?, count("interpreted", 1001)?);
        let interpreted = many.saturating_sub(one) / 1000;
        let parse = one.saturating_sub(none).saturating_sub(interpreted);
        let resolver_lines = resolver_lines(&plain.join("src/endpoint.rs"))?;
        let interpreter_lines = INTERPRETER.lines().count();
        let _ = writeln!(
            calls,
            "| {} | {passed}/{total} | {compiled} | {interpreted} ({:.1}x) | {parse} | {resolver_lines} lines | {interpreter_lines} lines + {} bytes of JSON |",
            set.what,
            ratio(interpreted, compiled),
            rules.len()
        );
    }
    Ok(format!("{builds}{calls}\n"))
}

#[allow(clippy::cast_precision_loss, reason = "a ratio of instruction counts")]
fn ratio(a: u64, b: u64) -> f64 {
    a as f64 / b.max(1) as f64
}

/// The rule set and its tests as compact JSON text.
fn rule_texts(model: &str) -> Result<(String, String), String> {
    let json = Json::parse(model).map_err(|e| format!("the stand-in is not JSON: {e}"))?;
    let shapes = json.get("shapes").and_then(Json::as_object).ok_or("the stand-in has no shapes")?;
    let traits = shapes
        .iter()
        .find_map(|(_, shape)| (shape.get("type").and_then(Json::as_str) == Some("service")).then(|| shape.get("traits")).flatten())
        .ok_or("the stand-in has no service traits")?;
    let rules = traits.get("smithy.rules#endpointRuleSet").ok_or("the model has no endpoint rule set")?;
    let tests = traits.get("smithy.rules#endpointTests").ok_or("the model has no endpoint tests")?;
    Ok((rules.to_string(), tests.to_string()))
}

/// Puts the interpreter into the stand-in crate at `out` (generated from `stand_in`; its library
/// is `library`), with `tests/interp.rs`, which runs every endpoint test case of the model
/// through it when the crate's [`CHECK_FEATURE`] is on: `cargo xtask official-models` proves it
/// so on S3's rules.
pub(crate) fn add_interpreter_test(out: &Path, stand_in: &str, library: &str) -> Result<(), String> {
    let (rules, tests) = rule_texts(stand_in)?;
    add_interpreter(out, &rules, &tests)?;
    let test = format!(
        "//! The interpreter of `cargo xtask bench endpoints` on this rule set's own test cases.\n\n\
         #![cfg(feature = \"{CHECK_FEATURE}\")]\n\n\
         #[test]\nfn every_case_passes() {{\n    let (passed, total, failures) = {library}::endpoint::interp::check();\n    \
         assert!(failures.is_empty(), \"{{}} of {{total}} cases fail:\\n{{}}\", failures.len(), failures.join(\"\\n\"));\n    \
         assert!(passed == total && total > 0, \"{{passed}} of {{total}}\");\n}}\n"
    );
    let path = out.join("tests/interp.rs");
    std::fs::write(&path, test).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Cuts the body of the compiled `resolve` out of the crate at `out`, leaving an error.
fn cut_resolver(out: &Path) -> Result<(), String> {
    let endpoint = out.join("src/endpoint.rs");
    let text = std::fs::read_to_string(&endpoint).map_err(|e| format!("cannot read {}: {e}", endpoint.display()))?;
    let lines: Vec<&str> = text.lines().collect();
    let (start, end) = resolve_span(&lines)?;
    let (head, tail) = (lines.get(..=start).unwrap_or_default(), lines.get(end..).unwrap_or_default());
    // The partition table stays (the interpreter reads it), seen as used.
    let keep = if text.contains("\nstatic PARTITIONS:") { "    let _ = (params, PARTITIONS);" } else { "    let _ = params;" };
    let body = [keep, "    Err(EndpointError::new(\"this benchmark's crate resolves by its interpreter only\"))"];
    let cut: Vec<&str> = head.iter().copied().chain(body).chain(tail.iter().copied()).collect();
    std::fs::write(&endpoint, cut.join("\n") + "\n").map_err(|e| format!("cannot write {}: {e}", endpoint.display()))
}

/// Puts the interpreter into the crate at `out` as `endpoint::interp`, with the rules, and the
/// tests behind the crate's feature [`CHECK_FEATURE`] (added to its manifest).
fn add_interpreter(out: &Path, rules: &str, tests: &str) -> Result<(), String> {
    let module = format!(
        "{INTERPRETER}\n/// The rule set, as the model gives it.\nconst RULES: &str = {rules:?};\n\n\
         /// The rule set's tests, as the model gives them.\n#[cfg(feature = \"{CHECK_FEATURE}\")]\nconst TESTS: &str = {tests:?};\n"
    );
    let manifest = out.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).map_err(|e| format!("cannot read {}: {e}", manifest.display()))?;
    if !text.contains("\n[features]\n") {
        return Err(format!("{} has no [features] table", manifest.display()));
    }
    let text = text.replacen("\n[features]\n", &format!("\n[features]\n{CHECK_FEATURE} = []\n"), 1);
    std::fs::write(&manifest, text).map_err(|e| format!("cannot write {}: {e}", manifest.display()))?;
    let path = out.join("src/endpoint/interp.rs");
    std::fs::write(&path, module).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    let endpoint = out.join("src/endpoint.rs");
    let mut text = std::fs::read_to_string(&endpoint).map_err(|e| format!("cannot read {}: {e}", endpoint.display()))?;
    text.push_str("\npub mod interp;\n");
    std::fs::write(&endpoint, text).map_err(|e| format!("cannot write {}: {e}", endpoint.display()))
}

/// Writes the program `name` (one of [`PROGRAMS`], or `check`) for `set`, over the crate `library`.
fn write_program(path: &Path, name: &str, set: &RuleSet, library: &str) -> Result<(), String> {
    let (krate, features) = match name {
        "base" => ("crate-cut", String::new()),
        "compiled" => ("crate", String::new()),
        "interpreted" => ("crate-interp", String::new()),
        _ => ("crate-interp", format!(", features = [\"{CHECK_FEATURE}\"]")),
    };
    let setters = set.setters;
    let resolves = |call: &str, setup: &str| {
        format!(
            "use std::hint::black_box;\n\n{}fn main() {{\n    let n: u32 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1);\n    \
             {setup}\n    let mut last = None;\n    for _ in 0..n {{\n        last = Some(black_box({call}));\n    }}\n    \
             println!(\"{{:?}}\", last.map(|r| r.map(|e| e.url().to_owned())));\n}}\n",
            if name == "interpreted" { format!("use {library}::endpoint::interp::{{self, Arg}};\n\n") } else { String::new() }
        )
    };
    let main = match name {
        "base" => format!(
            "fn main() {{\n    let params = {library}::endpoint::Params::default(){setters};\n    println!(\"{{params:?}}\");\n}}\n"
        ),
        "compiled" => resolves(
            &format!("{library}::endpoint::resolve(black_box(&params))"),
            &format!("let params = {library}::endpoint::Params::default(){setters};"),
        ),
        "interpreted" => resolves("interp::resolve(black_box(&args))", &format!("let args = [{}];", set.args)),
        _ => format!(
            "fn main() {{\n    let (passed, total, failures) = {library}::endpoint::interp::check();\n    \
             for failure in &failures {{\n        eprintln!(\"{{failure}}\");\n    }}\n    println!(\"{{passed}}/{{total}}\");\n}}\n"
        ),
    };
    let manifest = format!(
        "[package]\nname = \"bench-endpoints-{}-{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\n{library} = {{ package = \"rules-{}\", path = \"../{krate}\"{features} }}\n\n# Not part of the repository's workspace.\n[workspace]\n",
        set.name, set.name
    );
    let src = path.join("src");
    std::fs::create_dir_all(&src).map_err(|e| format!("cannot create {}: {e}", src.display()))?;
    std::fs::write(path.join("Cargo.toml"), manifest).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    std::fs::write(src.join("main.rs"), main).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// The release executable of the program at `path`.
fn executable(path: &Path) -> Result<PathBuf, String> {
    let manifest = std::fs::read_to_string(path.join("Cargo.toml")).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let name = manifest.lines().find_map(|l| l.strip_prefix("name = \"")).and_then(|l| l.strip_suffix('"')).ok_or("no package name")?;
    Ok(path.join("target/release").join(name))
}

/// Builds (release) and runs the program at `path` with `args`; gives what it printed.
fn run_release(path: &Path, args: &[&str]) -> Result<String, String> {
    run_captured(cargo().args(["build", "--release", "--quiet", "--offline"]).current_dir(path), "cargo build --release")?;
    run_captured(Command::new(executable(path)?).args(args), "the program")
}

/// A cold build: the target directory removed first, then timed.
fn cold_build(path: &Path, release: bool) -> Result<f64, String> {
    let target = path.join("target");
    if target.exists() {
        std::fs::remove_dir_all(&target).map_err(|e| format!("cannot remove {}: {e}", target.display()))?;
    }
    let mut command = cargo();
    command.args(["build", "--quiet", "--offline"]).env("CARGO_INCREMENTAL", "0").current_dir(path);
    if release {
        command.arg("--release");
    }
    let started = Instant::now();
    run_captured(&mut command, "cargo build")?;
    Ok(started.elapsed().as_secs_f64())
}

/// The instructions the release build of `program` runs with `n` resolves.
fn instructions(path: &Path, program: &str, n: u32) -> Result<u64, String> {
    if !executable(path)?.is_file() {
        run_captured(cargo().args(["build", "--release", "--quiet", "--offline"]).current_dir(path), "cargo build --release")?;
    }
    callgrind(&executable(path)?, &[&n.to_string()], program)
}

/// The lines of the compiled `resolve` function in `endpoint.rs`, its signature and closing
/// brace included.
fn resolver_lines(endpoint: &Path) -> Result<usize, String> {
    let text = std::fs::read_to_string(endpoint).map_err(|e| format!("cannot read {}: {e}", endpoint.display()))?;
    let lines: Vec<&str> = text.lines().collect();
    let (start, end) = resolve_span(&lines)?;
    Ok(end - start + 1)
}

/// Where `resolve` is in the lines of `endpoint.rs`: the line of its signature and that of its
/// closing brace (the first line after it that is a lone `}`).
fn resolve_span(lines: &[&str]) -> Result<(usize, usize), String> {
    let start = lines.iter().position(|l| l.starts_with("pub fn resolve(")).ok_or("no `pub fn resolve` in endpoint.rs")?;
    let end = lines.iter().skip(start).position(|l| *l == "}").map(|at| start + at).ok_or("no end of `resolve` in endpoint.rs")?;
    Ok((start, end))
}
