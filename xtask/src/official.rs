//! `cargo xtask official-models [--only NAME]...`: generates a standalone crate from each whole
//! official model in `../shared/models/` and `../shared/corpus/awsJson/` (as `cargo xtask
//! codegen --model PATH --out DIR` would, package named from the file), checks that a second run
//! gives the same bytes, and proves each crate as it stands alone: `clippy --all-targets -D
//! warnings` (with no `clippy.toml` but the crate's own attributes), rustdoc with `-D warnings`,
//! its doc tests, and its round trips and parser property tests at small case counts.
//!
//! The models directory is read, not listed here, so a model added to the corpus is covered,
//! whatever its protocol (awsJson, restJson1, awsQuery, ec2Query, restXml). S3's endpoint rule
//! set is also proven under the interpreter `cargo xtask bench endpoints` measures, on a
//! stand-in with one empty operation (the benchmark's crate).
//! Crates are proven on two lanes at once (this machine has two cores, and a crate's front end
//! is one thread), each with its own target directory, the biggest models first.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The directories of whole models, relative to the workspace root.
const MODEL_DIRS: &[&str] =
    &["../shared/models", "../shared/corpus/awsJson", "../shared/corpus/restJson1", "../shared/corpus/xml"];

/// The property tests' sizes: fewer random cases per parser and values per type than the
/// crates' defaults, and smaller huge values (16 KiB strings, 1,000 levels of nesting, still far
/// past every limit), as the whole models have hundreds of parsers and a debug build spends most
/// of its time reading the huge values. `cargo xtask fuzz` runs the full sizes.
const PROPERTY_TEST_SIZES: &[(&str, &str)] =
    &[("FUZZ_CASES", "300"), ("ROUND_TRIP_CASES", "200"), ("FUZZ_HUGE", "16384"), ("FUZZ_DEEP", "1000")];

/// One model to prove.
pub(crate) struct Model {
    /// The model file.
    pub(crate) path: PathBuf,
    /// The package name, from the file name.
    pub(crate) package: String,
    /// The file's size, to balance the lanes.
    size: u64,
}

/// Every whole model, by package name; `only` keeps those named (all when empty).
pub(crate) fn models(root: &Path, only: &[String]) -> Result<Vec<Model>, String> {
    let mut out = Vec::new();
    for dir in MODEL_DIRS {
        let dir = root.join(dir);
        let entries = std::fs::read_dir(&dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| format!("cannot list {}: {e}", dir.display()))?.path();
            if path.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            let package = crate::default_package_name(&stem);
            let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
            out.push(Model { path, package, size });
        }
    }
    out.sort_by(|a, b| a.package.cmp(&b.package));
    for name in only {
        if !out.iter().any(|m| m.package == *name) {
            let known: Vec<&str> = out.iter().map(|m| m.package.as_str()).collect();
            return Err(format!("no official model named `{name}`; they are: {}", known.join(", ")));
        }
    }
    out.retain(|m| only.is_empty() || only.contains(&m.package));
    Ok(out)
}

/// Runs every check; an error says which failed.
pub fn run(root: &Path, only: &[String]) -> Result<(), String> {
    let dir = root.join("target").join("official-models");
    let no_config = dir.join("no-clippy-config");
    std::fs::create_dir_all(&no_config).map_err(|e| format!("cannot create {}: {e}", no_config.display()))?;
    let models = models(root, only)?;
    let started = Instant::now();
    // Generate every crate first: cheap, and a model the generator refuses fails fast.
    for model in &models {
        generate(&dir, model)?;
    }
    // Two lanes, the biggest models first, each to the lane with less work so far.
    let mut by_size: Vec<&Model> = models.iter().collect();
    by_size.sort_by(|a, b| b.size.cmp(&a.size).then_with(|| a.package.cmp(&b.package)));
    let mut lanes: [(u64, Vec<&Model>); 2] = [(0, Vec::new()), (0, Vec::new())];
    for model in by_size {
        if let Some(lane) = lanes.iter_mut().min_by_key(|(work, _)| *work) {
            lane.0 = lane.0.saturating_add(model.size);
            lane.1.push(model);
        }
    }
    let results: Vec<Result<(), String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = lanes
            .iter()
            .enumerate()
            .map(|(i, (_, lane))| {
                let target = dir.join(format!("target-{i}"));
                let no_config = &no_config;
                let dir = &dir;
                scope.spawn(move || -> Result<(), String> {
                    for model in lane {
                        prove(&dir.join(&model.package), &target, no_config, &model.package)?;
                    }
                    Ok(())
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|_| Err("a lane panicked".to_owned()))).collect()
    });
    let failures: Vec<String> = results.into_iter().filter_map(Result::err).collect();
    if !failures.is_empty() {
        return Err(failures.join("\n"));
    }
    interpreted_rules(root, &dir, &no_config, only)?;
    println!("{} models proven in {:.0} s", models.len(), started.elapsed().as_secs_f64());
    Ok(())
}

/// Proves the endpoint rule set of each model in [`INTERPRETED`] under the interpreter
/// `cargo xtask bench endpoints` measures, on the benchmark's stand-in crate (the service's
/// traits, one empty operation): clippy stays quiet and every case of its endpoint tests passes.
/// With `only`, those of the models named.
fn interpreted_rules(root: &Path, dir: &Path, no_config: &Path, only: &[String]) -> Result<(), String> {
    let target = dir.join("target-0");
    for (package, model) in INTERPRETED {
        let whole = package.trim_start_matches("rules-");
        if !only.is_empty() && !only.iter().any(|name| name == whole) {
            continue;
        }
        let path = root.join(model);
        let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let stand_in = stand_in(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        let settings = crate::standalone_settings(package, &path);
        let files = codegen::generate(&stand_in, &settings).map_err(|e| format!("{}:\n{e}", path.display()))?;
        let started = Instant::now();
        let copy = dir.join(format!("{package}-interp"));
        if copy.exists() {
            std::fs::remove_dir_all(&copy).map_err(|e| format!("cannot remove {}: {e}", copy.display()))?;
        }
        crate::write(&copy, &files).map_err(|e| format!("cannot write {}: {e}", copy.display()))?;
        crate::bench::endpoints::add_interpreter_test(&copy, &stand_in, &package.replace('-', "_"))?;
        let feature = crate::bench::endpoints::CHECK_FEATURE;
        cargo(&copy, &target, no_config, &["clippy", "--quiet", "--all-targets", "--features", feature, "--", "-D", "warnings"], &[])?;
        cargo(&copy, &target, no_config, &["test", "--quiet", "--test", "interp", "--features", feature], &[])?;
        println!(
            "{package}: the benchmark's endpoint rule interpreter (`cargo xtask bench endpoints`): clippy -D warnings, every endpoint test case passes ({:.0} s)",
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

/// The rule sets the interpreter `cargo xtask bench endpoints` measures is proven on, by
/// package and model: S3's calls every function of the rules' library.
const INTERPRETED: &[(&str, &str)] = &[("rules-s3", "../shared/corpus/xml/s3-2006-03-01.json")];

/// A model of the service of `text` with its traits (endpoint rules, tests, signing name) but
/// its protocol, one empty operation, and awsJson 1.0.
pub(crate) fn stand_in(text: &str) -> Result<String, String> {
    use codegen::json::Json;
    let json = Json::parse(text).map_err(|e| format!("not JSON: {e}"))?;
    let shapes = json.get("shapes").and_then(Json::as_object).ok_or("no shapes")?;
    let (id, service) = shapes.iter().find(|(_, s)| s.get("type").and_then(Json::as_str) == Some("service")).ok_or("no service")?;
    let namespace = id.split('#').next().unwrap_or_default();
    let mut traits: Vec<(String, Json)> = service
        .get("traits")
        .and_then(Json::as_object)
        .unwrap_or_default()
        .iter()
        .filter(|(k, _)| k.starts_with("smithy.rules#") || matches!(k.as_str(), "aws.api#service" | "aws.auth#sigv4" | "smithy.api#title"))
        .cloned()
        .collect();
    traits.push(("aws.protocols#awsJson1_0".to_owned(), Json::Object(Vec::new())));
    let operation = format!("{namespace}#Ping");
    let unit = || Json::Object(vec![("target".to_owned(), Json::String("smithy.api#Unit".to_owned()))]);
    let service = Json::Object(vec![
        ("type".to_owned(), Json::String("service".to_owned())),
        ("version".to_owned(), service.get("version").cloned().unwrap_or(Json::String("1".to_owned()))),
        ("operations".to_owned(), Json::Array(vec![Json::Object(vec![("target".to_owned(), Json::String(operation.clone()))])])),
        ("traits".to_owned(), Json::Object(traits)),
    ]);
    let ping = Json::Object(vec![("type".to_owned(), Json::String("operation".to_owned())), ("input".to_owned(), unit()), ("output".to_owned(), unit())]);
    let model = Json::Object(vec![
        ("smithy".to_owned(), Json::String("2.0".to_owned())),
        ("shapes".to_owned(), Json::Object(vec![(id.clone(), service), (operation, ping)])),
    ]);
    Ok(model.to_string())
}

/// Generates one model's crate (twice, to check the bytes are the same) and says how big it is.
fn generate(dir: &Path, model: &Model) -> Result<(), String> {
    let name = model.path.display();
    let text = std::fs::read_to_string(&model.path).map_err(|e| format!("cannot read {name}: {e}"))?;
    let settings = crate::standalone_settings(&model.package, &model.path);
    let started = Instant::now();
    let codegen::Generated { files, report, warnings } =
        codegen::generate_with_report(&text, &settings).map_err(|e| format!("{name}:\n{e}"))?;
    let elapsed = started.elapsed();
    let again = codegen::generate(&text, &settings).map_err(|e| format!("{name}:\n{e}"))?;
    if files != again {
        return Err(format!("{name}: a second run gave different bytes"));
    }
    let out = dir.join(&model.package);
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
    let package = &model.package;
    let skipped: Vec<&codegen::Warning> =
        warnings.iter().filter(|w| matches!(w.kind, codegen::WarningKind::OperationSkipped { .. })).collect();
    println!(
        "{package}: {} files; library: {} lines of Rust ({} generated from the model, {} runtime); tests: {} lines; {} operations left out; generated in {:.0} ms (debug build)",
        files.len(),
        count(false, None),
        count(false, Some(false)),
        count(false, Some(true)),
        count(true, None),
        skipped.len(),
        elapsed.as_secs_f64() * 1000.0
    );
    for warning in &skipped {
        println!("{package}: left out: {warning}");
    }
    for line in report.to_string().lines() {
        println!("{package}: {line}");
    }
    Ok(())
}

/// One cargo command of a proof: its label, arguments and environment.
type Step<'a> = (&'a str, &'a [&'a str], &'a [(&'a str, &'a str)]);

/// Proves one generated crate, as it stands alone.
fn prove(out: &Path, target: &Path, no_config: &Path, package: &str) -> Result<(), String> {
    let started = Instant::now();
    let mut times: Vec<(&str, Duration)> = Vec::new();
    let steps: [Step; 4] = [
        ("clippy", &["clippy", "--quiet", "--all-targets", "--", "-D", "warnings"], &[]),
        ("rustdoc", &["doc", "--quiet", "--no-deps"], &[("RUSTDOCFLAGS", "-D warnings")]),
        ("doc tests", &["test", "--quiet", "--doc"], &[]),
        ("property tests", &["test", "--quiet", "--lib", "--test", "fuzz"], PROPERTY_TEST_SIZES),
    ];
    for (label, args, env) in steps {
        let step = Instant::now();
        cargo(out, target, no_config, args, env)?;
        times.push((label, step.elapsed()));
    }
    // The endpoint rule set's own cases, where the model has them: every one must pass.
    let mut endpoint_cases = String::new();
    if out.join("tests/endpoints.rs").is_file() {
        let step = Instant::now();
        let stdout = cargo(out, target, no_config, &["test", "--quiet", "--test", "endpoints"], &[])?;
        times.push(("endpoint tests", step.elapsed()));
        let passed = passed(&stdout, package)?;
        endpoint_cases = format!(", {passed} endpoint test cases");
    }
    let shown: Vec<String> = times.iter().map(|(label, t)| format!("{label} {:.0} s", t.as_secs_f64())).collect();
    println!(
        "{package}: clippy -D warnings, rustdoc -D warnings, doc tests, round trips and parser property tests{endpoint_cases} pass ({:.0} s: {})",
        started.elapsed().as_secs_f64(),
        shown.join(", ")
    );
    Ok(())
}

/// How many tests `cargo test --quiet` says passed.
fn passed(stdout: &str, package: &str) -> Result<usize, String> {
    stdout
        .lines()
        .find_map(|l| l.strip_prefix("test result: ok. ")?.split(' ').next()?.parse::<usize>().ok())
        .ok_or_else(|| format!("{package}: the endpoint tests printed no result"))
}

/// Runs cargo in `dir`; gives its standard output, or an error with all it printed.
pub(crate) fn cargo(dir: &Path, target: &Path, no_config: &Path, args: &[&str], env: &[(&str, &str)]) -> Result<String, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(args)
        .env("CARGO_TARGET_DIR", target)
        // As the crate is anywhere: no clippy.toml but its own attributes.
        .env("CLIPPY_CONF_DIR", no_config)
        // A fresh build of a big crate: no debug info, no incremental state to write.
        .env("CARGO_PROFILE_DEV_DEBUG", "0")
        .env("CARGO_PROFILE_TEST_DEBUG", "0")
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("RUSTFLAGS")
        .envs(env.iter().copied())
        .current_dir(dir)
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
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
