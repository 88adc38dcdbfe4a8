//! `cargo xtask protocol-tests`: generates a crate for each service of the Smithy AWS
//! protocol compliance suite, with its cases as tests, runs them, and prints every case by name
//! with its result. A case that fails must be listed, with a reason, in
//! `tests/protocol-expected-failures.txt`; a listed case that passes is an error too, so the
//! list only shrinks.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::ir::ProtocolTestKind;

/// The suite model, relative to the workspace root.
pub const MODEL: &str = "../shared/protocol-tests/smithy-aws-protocol-tests_model.json";
/// The expected failures, relative to the workspace root.
pub const EXPECTED_FAILURES: &str = "tests/protocol-expected-failures.txt";

/// Each service: directory and package name, service shape id, protocol.
pub(crate) const SUITES: &[(&str, &str, &str)] = &[
    ("json", "aws.protocoltests.json#JsonProtocol", "awsJson1_1"),
    ("json10", "aws.protocoltests.json10#JsonRpc10", "awsJson1_0"),
    ("json10-query-compatible", "aws.protocoltests.json10#QueryCompatibleJsonRpc10", "awsJson1_0"),
    ("rest-json", "aws.protocoltests.restjson#RestJson", "restJson1"),
    ("query", "aws.protocoltests.query#AwsQuery", "awsQuery"),
    ("ec2", "aws.protocoltests.ec2#AwsEc2", "ec2Query"),
    ("rest-xml", "aws.protocoltests.restxml#RestXml", "restXml"),
    ("rest-xml-namespace", "aws.protocoltests.restxml.xmlns#RestXmlWithNamespace", "restXml"),
    ("s3", "com.amazonaws.s3#AmazonS3", "restXml"),
];

/// The suite's S3 service.
const S3_SERVICE: &str = "com.amazonaws.s3#AmazonS3";
/// The official S3 model, relative to the workspace root: its endpoint rules address the suite's
/// S3 requests.
pub const S3_MODEL: &str = "../shared/corpus/xml/s3-2006-03-01.json";

/// The suite model with the official S3 model's endpoint traits on the suite's S3 service: its
/// rule set and client context parameters, and for each of the suite's operations the
/// official operation's context parameters (`@staticContextParams`, `@operationContextParams`,
/// and `@contextParam` on its input's members of the same name).
fn with_s3_endpoint_rules(text: &str, official_path: &Path) -> Result<String, String> {
    use codegen::json::Json;
    let official = std::fs::read_to_string(official_path).map_err(|e| format!("cannot read {}: {e}", official_path.display()))?;
    let official = Json::parse(&official).map_err(|e| format!("{}: {e}", official_path.display()))?;
    let mut suite = Json::parse(text).map_err(|e| format!("the suite model: {e}"))?;
    let shape = |id: &str| official.get("shapes").and_then(|s| s.get(id)).cloned();
    let service = shape(S3_SERVICE).ok_or("the official S3 model has no service")?;
    fn field<'a>(value: &'a mut Json, key: &str) -> Option<&'a mut Json> {
        match value {
            Json::Object(entries) => entries.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
    fn set(value: &mut Json, key: &str, new: Json) {
        if let Json::Object(entries) = value {
            entries.retain(|(k, _)| k != key);
            entries.push((key.to_owned(), new));
        }
    }
    let shapes = field(&mut suite, "shapes").ok_or("the suite model has no shapes")?;
    let suite_service = field(shapes, S3_SERVICE).ok_or("the suite has no S3 service")?;
    let operations: Vec<String> = suite_service
        .get("operations")
        .and_then(Json::as_array)
        .unwrap_or_default()
        .iter()
        .filter_map(|o| o.get("target").and_then(Json::as_str).map(str::to_owned))
        .collect();
    let traits = field(suite_service, "traits").ok_or("the suite's S3 service has no traits")?;
    for key in ["smithy.rules#endpointRuleSet", "smithy.rules#clientContextParams"] {
        if let Some(value) = service.get("traits").and_then(|t| t.get(key)) {
            set(traits, key, value.clone());
        }
    }
    for op_id in operations {
        let Some(official_op) = shape(&op_id) else { continue };
        let Some(op) = field(shapes, &op_id) else { continue };
        let input = op.get("input").and_then(|i| i.get("target")).and_then(Json::as_str).map(str::to_owned);
        if let Some(op_traits) = field(op, "traits") {
            for key in ["smithy.rules#staticContextParams", "smithy.rules#operationContextParams"] {
                if let Some(value) = official_op.get("traits").and_then(|t| t.get(key)) {
                    set(op_traits, key, value.clone());
                }
            }
        }
        let official_input = official_op.get("input").and_then(|i| i.get("target")).and_then(Json::as_str).and_then(shape);
        let (Some(input), Some(official_input)) = (input, official_input) else { continue };
        let Some(members) = field(shapes, &input).and_then(|i| field(i, "members")) else { continue };
        let Json::Object(members) = members else { continue };
        for (name, member) in members.iter_mut() {
            let context = official_input.get("members").and_then(|m| m.get(name)).and_then(|m| m.get("traits")).and_then(|t| t.get("smithy.rules#contextParam"));
            if let Some(context) = context {
                if field(member, "traits").is_none() {
                    set(member, "traits", Json::Object(Vec::new()));
                }
                if let Some(member_traits) = field(member, "traits") {
                    set(member_traits, "smithy.rules#contextParam", context.clone());
                }
            }
        }
    }
    Ok(suite.to_string())
}

/// One case and how it went.
struct Outcome {
    suite: &'static str,
    id: String,
    kind: &'static str,
    passed: bool,
}

/// Runs every suite; returns whether the results are exactly as expected.
pub fn run(root: &Path, model_path: &Path) -> Result<bool, String> {
    let text = std::fs::read_to_string(model_path).map_err(|e| format!("cannot read {}: {e}", model_path.display()))?;
    let expected = read_expected_failures(&root.join(EXPECTED_FAILURES))?;
    let dir = root.join("target").join("protocol-tests");
    let mut members = Vec::new();
    let mut suites = Vec::new();
    for (name, service, protocol) in SUITES {
        // The S3 cases expect the addressing S3's endpoint rules give, which the suite's S3
        // model leaves out: they run with the official model's.
        let patched = if *service == S3_SERVICE { Some(with_s3_endpoint_rules(&text, &root.join(S3_MODEL))?) } else { None };
        let text = patched.as_deref().unwrap_or(&text);
        let settings = codegen::Settings {
            package_name: format!("protocol-test-{name}"),
            source: "../shared/protocol-tests/smithy-aws-protocol-tests_model.json".to_owned(),
            service: Some((*service).to_owned()),
            operations: Vec::new(),
            protocol_tests: true,
            standalone: false,
            version: None,
            partitions: crate::partitions(),
        };
        let krate = codegen::lower_model(text, &settings).map_err(|e| format!("{service}:\n{e}"))?;
        let files = codegen::generate(text, &settings).map_err(|e| format!("{service}:\n{e}"))?;
        crate::write(&dir.join(name), &files).map_err(|e| format!("cannot write {}: {e}", dir.display()))?;
        members.push(format!("{name:?}"));
        suites.push((*name, *service, *protocol, settings.package_name, krate));
    }
    let manifest = format!("[workspace]\nresolver = \"3\"\nmembers = [{}]\n", members.join(", "));
    std::fs::write(dir.join("Cargo.toml"), manifest).map_err(|e| format!("cannot write the manifest: {e}"))?;

    // The generated crates and their tests must be as clean as any other generated crate.
    cargo(&dir, &["clippy", "--offline", "--workspace", "--all-targets", "--", "-D", "warnings"])?;
    let mut outcomes = Vec::new();
    for (name, service, protocol, package, krate) in &suites {
        let results = cargo_test(&dir, package)?;
        println!("\n{protocol}: {service} ({} cases)", krate.protocol_tests.len());
        for test in &krate.protocol_tests {
            let (kind, module) = match test.kind {
                ProtocolTestKind::Request { .. } => ("request", "requests"),
                ProtocolTestKind::Response { .. } => ("response", "responses"),
            };
            let passed = results.get(&format!("{module}::{}", test.fn_name)).copied().unwrap_or(false);
            let key = case_key(name, kind, &test.id);
            let mark = match (passed, expected.contains_key(&key)) {
                (true, false) => "PASS ",
                (false, true) => "XFAIL",
                (true, true) => "XPASS",
                (false, false) => "FAIL ",
            };
            println!("  {mark} {} ({kind})", test.id);
            outcomes.push(Outcome { suite: name, id: test.id.clone(), kind, passed });
        }
    }
    let compliant = report(&outcomes, &expected);
    // The suites' models have every shape the protocol knows: fuzz their parsers and round-trip
    // their types too.
    println!("\nproperty tests of the suites' generated crates (tests/fuzz and the round trips):");
    // The round trips first, without `--nocapture`, so that each test's line is whole.
    let output = cargo_output(&dir, &["test", "--offline", "--workspace", "--lib", "--", "round_trip::"])?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let round_trips = stdout.lines().filter(|l| l.starts_with("test round_trip::") && l.ends_with(" ok")).count();
    if !output.status.success() {
        println!("{stdout}{}", String::from_utf8_lossy(&output.stderr));
        return Err("the round trips of the suites' crates failed".to_owned());
    }
    let output = cargo_output(&dir, &["test", "--offline", "--workspace", "--test", "fuzz", "--", "--nocapture"])?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<&str> = stdout.lines().filter(|l| l.contains(" parser): ")).collect();
    let cases: u64 = lines.iter().filter_map(|l| l.split(" parser): ").nth(1)?.split(' ').next()?.parse::<u64>().ok()).sum();
    println!("{} parsers, {cases} cases; {round_trips} round-trip tests", lines.len());
    if !output.status.success() {
        println!("{stdout}{}", String::from_utf8_lossy(&output.stderr));
        return Err("the property tests of the suites' parsers failed".to_owned());
    }
    Ok(compliant)
}

/// Prints the summary; true when every case passed or failed as the list says.
fn report(outcomes: &[Outcome], expected: &BTreeMap<String, String>) -> bool {
    println!();
    let mut ok = true;
    for (name, service, protocol) in SUITES {
        let cases: Vec<&Outcome> = outcomes.iter().filter(|o| o.suite == *name).collect();
        let passed = cases.iter().filter(|o| o.passed).count();
        let requests = cases.iter().filter(|o| o.kind == "request").count();
        println!(
            "{protocol} {service}: {} cases ({requests} request, {} response): {passed} passed, {} failed",
            cases.len(),
            cases.len() - requests,
            cases.len() - passed
        );
    }
    let seen: BTreeSet<String> = outcomes.iter().map(|o| case_key(o.suite, o.kind, &o.id)).collect();
    for outcome in outcomes {
        let key = case_key(outcome.suite, outcome.kind, &outcome.id);
        match (outcome.passed, expected.get(&key)) {
            (false, None) => {
                ok = false;
                println!("error: {key} failed and is not an expected failure");
            }
            (true, Some(_)) => {
                ok = false;
                println!("error: {key} passes now; remove it from {EXPECTED_FAILURES}");
            }
            _ => {}
        }
    }
    for key in expected.keys() {
        if !seen.contains(key) {
            ok = false;
            println!("error: {key} is listed in {EXPECTED_FAILURES} but no such case exists");
        }
    }
    for (key, reason) in expected {
        println!("expected failure: {key}: {reason}");
    }
    ok
}

/// How a case is named in the expected failures: `suite/kind/CaseId`. The kind is needed
/// because a request case and a response case may share an id (`json/request/AwsJson11Enums`
/// and `json/response/AwsJson11Enums`).
fn case_key(suite: &str, kind: &str, id: &str) -> String {
    format!("{suite}/{kind}/{id}")
}

/// `suite/kind/CaseId reason` lines; `#` starts a comment.
fn read_expected_failures(path: &Path) -> Result<BTreeMap<String, String>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut out = BTreeMap::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((key, reason)) = line.split_once(char::is_whitespace) else {
            return Err(format!("{}:{}: a case needs a reason", path.display(), number + 1));
        };
        out.insert(key.to_owned(), reason.trim().to_owned());
    }
    Ok(out)
}

/// Runs cargo in `dir` with its own target directory.
fn cargo_output(dir: &Path, args: &[&str]) -> Result<std::process::Output, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    // Clippy as the crates would have it anywhere: no `clippy.toml` but their own attributes.
    let no_config = dir.join("no-clippy-config");
    std::fs::create_dir_all(&no_config).map_err(|e| format!("cannot create {}: {e}", no_config.display()))?;
    Command::new(cargo)
        .args(args)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env("CLIPPY_CONF_DIR", &no_config)
        .current_dir(dir)
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))
}

/// Runs cargo in `dir`; an error with its output when it fails.
fn cargo(dir: &Path, args: &[&str]) -> Result<(), String> {
    let output = cargo_output(dir, args)?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!("`cargo {}` failed:\n{}", args.join(" "), String::from_utf8_lossy(&output.stderr)))
    }
}

/// Runs the package's protocol tests; returns pass or fail by test path.
fn cargo_test(dir: &Path, package: &str) -> Result<BTreeMap<String, bool>, String> {
    let output = cargo_output(
        dir,
        &["test", "--offline", "--package", package, "--test", "protocol", "--no-fail-fast", "--", "--test-threads", "1"],
    )?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut results = BTreeMap::new();
    for line in stdout.lines() {
        let Some(rest) = line.strip_prefix("test ") else { continue };
        if let Some(name) = rest.strip_suffix(" ... ok") {
            results.insert(name.to_owned(), true);
        } else if let Some(name) = rest.strip_suffix(" ... FAILED") {
            results.insert(name.to_owned(), false);
        }
    }
    if results.is_empty() {
        return Err(format!(
            "the {package} tests did not run:\n{}{}",
            stdout,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    if !output.status.success() {
        // Show why cases failed, so the report can be read without running cargo again.
        let failures = stdout.split("failures:").nth(1).unwrap_or_default();
        if !failures.trim().is_empty() {
            println!("\n{package} failures:{failures}");
        }
    }
    Ok(results)
}

/// The default model path.
pub fn default_model(root: &Path) -> PathBuf {
    root.join(MODEL)
}
