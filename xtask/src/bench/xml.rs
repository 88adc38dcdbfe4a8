//! `cargo xtask bench xml`: our XML reader against quick-xml, a well-kept XML crate, on the
//! same documents (IAM `ListUsers` pages and an error), and what each costs to build.
//!
//! - time and instructions: `tests/benches/xml.rs`, built in a workspace of its own under
//!   `target/bench-xml/suite/` against the whole official IAM crate generated there (its
//!   `list_users` feature alone), quick-xml and serde; criterion medians, then callgrind counts
//!   per iteration (1,001 iterations less 1, over 1,000; the large page 11 less 1, over 10)
//!   where valgrind is installed.
//! - build: three tiny programs, each built cold in its own target directory, debug then
//!   release: one reading a `ListUsers` response with our crate (`list_users` alone: the XML
//!   reader, the form writer, the types of one operation, the endpoint rules), one reading it
//!   with quick-xml's pull reader, one with quick-xml's serde deserializer and derived structs.
//!   What quick-xml would add to a generated crate is its own build, on top of ours.

use std::fmt::Write as _;
use std::path::Path;

use super::{Program, callgrind, cargo, cold_build, criterion_median, executable, nanos, run_captured, run_shown};
use super::{resolved_version, write_program};

/// The quick-xml release measured, pinned so that figures compare across runs.
const QUICK_XML: &str = "=0.42.0";

/// The documents (criterion groups) and the floors measured against ours.
const GROUPS: &[(&str, &str)] = &[
    ("xml_small", "`ListUsers`, 3 users (1.7 KB)"),
    ("xml_large", "`ListUsers`, 1,000 users (435 KB)"),
    ("xml_error", "`ServiceFailure` error"),
];
const FLOORS: &[(&str, &str)] = &[
    ("floor_quick_xml_serde", "quick-xml serde, derived structs"),
    ("floor_quick_xml_reader", "quick-xml pull reader, hand-written"),
];

/// The tiny program reading a response with our generated IAM crate.
const OURS_MAIN: &str = r#"use iam::operation::list_users::ListUsersOutput;

const BODY: &[u8] = b"<ListUsersResponse><ListUsersResult><Users><member><Path>/</Path><UserName>a</UserName><UserId>AIDA0000000000000000</UserId><Arn>arn:aws:iam::123456789012:user/a</Arn><CreateDate>2024-11-14T22:13:20Z</CreateDate></member></Users><IsTruncated>false</IsTruncated></ListUsersResult></ListUsersResponse>";

fn main() {
    let output = ListUsersOutput::parse_response(200, [("x-amzn-requestid", "r")], BODY).expect("a ListUsers page");
    println!("{} users", output.users.len());
}
"#;

/// The same with quick-xml's pull reader: the user names.
const READER_MAIN: &str = r#"use quick_xml::Reader;
use quick_xml::events::Event;

const BODY: &str = "<ListUsersResponse><ListUsersResult><Users><member><Path>/</Path><UserName>a</UserName><UserId>AIDA0000000000000000</UserId><Arn>arn:aws:iam::123456789012:user/a</Arn><CreateDate>2024-11-14T22:13:20Z</CreateDate></member></Users><IsTruncated>false</IsTruncated></ListUsersResult></ListUsersResponse>";

fn main() {
    let mut reader = Reader::from_str(BODY);
    let mut names = Vec::new();
    let mut in_name = false;
    loop {
        match reader.read_event().expect("a ListUsers page") {
            Event::Start(e) => in_name = e.local_name().as_ref() == "UserName",
            Event::Text(t) if in_name => names.push(t.xml10_content().into_owned()),
            Event::End(_) => in_name = false,
            Event::Eof => break,
            _ => {}
        }
    }
    println!("{} users", names.len());
}
"#;

/// The same with quick-xml's serde deserializer.
const SERDE_MAIN: &str = r#"use serde::Deserialize;

const BODY: &str = "<ListUsersResponse><ListUsersResult><Users><member><Path>/</Path><UserName>a</UserName><UserId>AIDA0000000000000000</UserId><Arn>arn:aws:iam::123456789012:user/a</Arn><CreateDate>2024-11-14T22:13:20Z</CreateDate></member></Users><IsTruncated>false</IsTruncated></ListUsersResult></ListUsersResponse>";

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Response {
    list_users_result: ListUsersResult,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ListUsersResult {
    users: Users,
    is_truncated: bool,
    marker: Option<String>,
}

#[derive(Deserialize)]
struct Users {
    #[serde(default)]
    member: Vec<User>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(dead_code)]
struct User {
    path: String,
    user_name: String,
    user_id: String,
    arn: String,
    create_date: String,
    password_last_used: Option<String>,
}

fn main() {
    let response: Response = quick_xml::de::from_str(BODY).expect("a ListUsers page");
    let result = response.list_users_result;
    println!("{} users, truncated {}, marker {:?}", result.users.member.len(), result.is_truncated, result.marker);
}
"#;

/// Runs the XML measurements and returns their tables.
pub(crate) fn xml(root: &Path) -> Result<String, String> {
    let dir = root.join("target").join("bench-xml");
    let model = root.join("../shared/corpus/xml/iam-2010-05-08.json");
    let iam = dir.join("iam");
    println!("==> generating the whole IAM crate into {}", iam.display());
    crate::generate_standalone(&model, "iam", &iam)?;
    // The suite's workspace beside the crate, not above it: the crate is a workspace of its own.
    let mut out = timing(root, &dir.join("suite"), &iam)?;
    out.push_str(&builds(&dir, &iam)?);
    Ok(out)
}

/// The criterion suite and the instruction counts.
fn timing(root: &Path, dir: &Path, iam: &Path) -> Result<String, String> {
    let bench = dir.join("bench");
    std::fs::create_dir_all(bench.join("benches")).map_err(|e| format!("cannot create {}: {e}", bench.display()))?;
    let source = root.join("tests/benches/xml.rs");
    std::fs::copy(&source, bench.join("benches/xml.rs")).map_err(|e| format!("cannot copy {}: {e}", source.display()))?;
    let manifest = format!(
        r#"[package]
name = "bench-xml"
version = "0.1.0"
edition = "2024"
publish = false

[dev-dependencies]
iam = {{ path = {:?}, default-features = false, features = ["list_users"] }}
criterion = {{ version = "0.8", default-features = false }}
quick-xml = {{ version = "{QUICK_XML}", features = ["serialize"] }}
serde = {{ version = "1", features = ["derive"] }}

[[bench]]
name = "xml"
harness = false
"#,
        iam.display().to_string()
    );
    let workspace = "[workspace]\nresolver = \"3\"\nmembers = [\"bench\"]\n";
    for (path, text) in [(bench.join("Cargo.toml"), manifest.as_str()), (dir.join("Cargo.toml"), workspace)] {
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    // This workspace's versions of criterion and serde; quick-xml is added by the fetch.
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).map_err(|e| format!("cannot copy Cargo.lock: {e}"))?;
    run_shown(cargo().arg("fetch").current_dir(dir), "cargo fetch (XML bench)")?;
    println!("==> criterion: the XML suite in {}", dir.display());
    let target = dir.join("target");
    run_shown(
        cargo().args(["bench", "--frozen", "-p", "bench-xml"]).env("CARGO_TARGET_DIR", &target).current_dir(dir),
        "cargo bench (XML)",
    )?;
    let mut out = String::from(
        "## XML reader time (criterion medians)\n\n| document | ours | floor | floor time | ours over floor |\n|---|---|---|---|---|\n",
    );
    for (group, document) in GROUPS {
        let ours = criterion_median(&target, group, "ours")?;
        for (floor, floor_name) in FLOORS {
            let floor_time = criterion_median(&target, group, floor)?;
            let _ = writeln!(
                out,
                "| {document} | {} | {floor_name} | {} | {:.2}x |",
                nanos(ours),
                nanos(floor_time),
                ours / floor_time
            );
        }
    }
    out.push('\n');
    if std::process::Command::new("valgrind").arg("--version").output().is_err() {
        println!("==> instructions: valgrind is not installed, so no XML instruction counts");
        return Ok(out);
    }
    println!("==> instructions: the XML work under callgrind");
    let messages = run_captured(
        cargo()
            .args(["bench", "--frozen", "-p", "bench-xml", "--no-run", "--message-format=json"])
            .env("CARGO_TARGET_DIR", &target)
            .current_dir(dir),
        "cargo bench --no-run (XML)",
    )?;
    let exe = executable(&messages, "xml").ok_or("cargo did not name the xml executable")?;
    out.push_str(
        "## XML reader instructions per iteration (callgrind)\n\n| document | ours | floor | floor instructions | ours over floor |\n|---|---|---|---|---|\n",
    );
    for (group, document) in GROUPS {
        let ours = per_iteration(&exe, &format!("{group}/ours"))?;
        for (floor, floor_name) in FLOORS {
            let floor_count = per_iteration(&exe, &format!("{group}/{floor}"))?;
            #[allow(clippy::cast_precision_loss, reason = "a ratio of instruction counts")]
            let ratio = ours as f64 / floor_count.max(1) as f64;
            let _ = writeln!(out, "| {document} | {ours} | {floor_name} | {floor_count} | {ratio:.2}x |");
        }
    }
    out.push('\n');
    Ok(out)
}

/// One iteration's instructions, the large document counted over 11 iterations less 1 (it
/// is a thousand times the work of the others), the others over 1,001 less 1.
fn per_iteration(exe: &Path, scenario: &str) -> Result<u64, String> {
    println!("    {scenario}");
    let many: u64 = if scenario.starts_with("xml_large") { 11 } else { 1001 };
    let one = callgrind(exe, &[scenario, "1"], scenario)?;
    let more = callgrind(exe, &[scenario, &many.to_string()], scenario)?;
    Ok(more.saturating_sub(one) / (many - 1))
}

/// The cold builds of the three tiny programs.
fn builds(dir: &Path, iam: &Path) -> Result<String, String> {
    let programs = [
        Program {
            name: "xml-ours",
            what: "our generated IAM crate, `list_users` alone",
            dependencies: format!(
                "iam = {{ path = {:?}, default-features = false, features = [\"list_users\"] }}",
                iam.display().to_string()
            ),
            main: OURS_MAIN.to_owned(),
        },
        Program {
            name: "xml-quick-xml",
            what: "quick-xml (pull reader)",
            dependencies: format!("quick-xml = \"{QUICK_XML}\""),
            main: READER_MAIN.to_owned(),
        },
        Program {
            name: "xml-quick-xml-serde",
            what: "quick-xml (`serialize`) and serde derive",
            dependencies: format!(
                "quick-xml = {{ version = \"{QUICK_XML}\", features = [\"serialize\"] }}\nserde = {{ version = \"1\", features = [\"derive\"] }}"
            ),
            main: SERDE_MAIN.to_owned(),
        },
    ];
    let mut out = String::from(
        "## XML: cold build of a tiny program reading a `ListUsers` page\n\n| program depends on | version | packages compiled | debug | release |\n|---|---|---|---|---|\n",
    );
    for program in &programs {
        let path = dir.join(program.name);
        write_program(&path, program)?;
        println!("==> build: {} (fetching first, not timed)", program.what);
        run_shown(cargo().arg("fetch").current_dir(&path), "cargo fetch")?;
        let version = resolved_version(&path, program)?;
        let debug = cold_build(&path, false)?;
        let release = cold_build(&path, true)?;
        println!("    debug {:.1} s, release {:.1} s, {} packages", debug.seconds, release.seconds, debug.packages);
        let _ = writeln!(
            out,
            "| {} | {version} | {} | {:.1} s | {:.1} s |",
            program.what, debug.packages, debug.seconds, release.seconds
        );
    }
    out.push('\n');
    Ok(out)
}
