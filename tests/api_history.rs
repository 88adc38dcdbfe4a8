//! The API report for every consecutive pair of the real model versions in
//! `../shared/history/`, pinned: CloudTrail (5 versions) and DynamoDB (11).

use std::path::PathBuf;

use codegen::api::{Bump, Class, Surface};

fn surfaces(service: &str) -> Vec<(String, Surface)> {
    let dir = match service {
        "things" => tests::fixtures().join("api-history"),
        _ => tests::root().join("../shared/history").join(service),
    };
    let models = xtask::api_diff::history(&dir).unwrap_or_else(|e| panic!("{e}"));
    models
        .iter()
        .map(|path: &PathBuf| {
            let settings = codegen::Settings {
                package_name: service.to_owned(),
                source: path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
                service: None,
                operations: Vec::new(),
                protocol_tests: false,
                standalone: true,
                version: None,
                partitions: tests::partitions(),
            };
            let prepared =
                codegen::prepare(&tests::read(path), &settings).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            (stem, prepared.api())
        })
        .collect()
}

fn pin(service: &str) -> Vec<(String, codegen::api::Report)> {
    let surfaces = surfaces(service);
    let mut reports = Vec::new();
    for pair in surfaces.windows(2) {
        let [(old_name, old), (new_name, new)] = pair else { continue };
        let report = codegen::api::diff(old, new);
        let title = format!("{old_name} → {new_name}");
        insta::assert_snapshot!(format!("{old_name}__{new_name}"), report.markdown(&title, None));
        // Reading the recorded surface back gives the same report.
        let entries = new.entries();
        let text = format!(
            "{{\"//\": \"x\",\n{}\n}}",
            entries.iter().map(|(k, v)| format!("\"{k}\": {v}")).collect::<Vec<_>>().join(",\n")
        );
        let read_back = Surface::parse(&text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(&read_back, new, "{new_name}: api.json does not read back");
        reports.push((title, report));
    }
    reports
}

fn bumps(reports: &[(String, codegen::api::Report)]) -> Vec<Option<Bump>> {
    reports.iter().map(|(_, r)| r.bump()).collect()
}

#[test]
fn cloudtrail_history() {
    let reports = pin("cloudtrail");
    // 05-29 → 08-22 changed only endpoint tests and 08-22 → 10-24 only the case of the
    // endpoint parameters' types (`String` → `string`), which mean the same.
    assert_eq!(bumps(&reports), [None, None, Some(Bump::Minor), Some(Bump::Minor)]);
    assert!(reports[1].1.is_empty(), "{:?}", reports[1].1);
}

#[test]
fn dynamodb_history() {
    let reports = pin("dynamodb");
    use Bump::{Minor, Patch};
    assert_eq!(
        bumps(&reports),
        [Some(Minor), None, Some(Patch), Some(Patch), Some(Patch), Some(Patch), Some(Minor), Some(Minor), Some(Minor), Some(Minor)]
    );
    // 11-19 → 01-22 added four waiters, each a new type and `Client` method: a minor change.
    assert!(reports[6].1.markdown("", None).contains("waiters added: `ContributorInsightsEnabled`"));
    // 08-28 → 10-02 changed the endpoint rules themselves (not only their key order): where
    // some requests resolve, a patch.
    assert!(reports[3].1.markdown("", None).contains("the endpoint rules changed"));
    // In ten versions AWS broke nothing a user of the crate could see.
    assert!(reports.iter().all(|(_, r)| r.count(Class::Breaking) == 0));
}

#[test]
fn a_history_that_breaks_things() {
    // tests/fixtures/api-history: version 2 removes an operation, a member and an enum value,
    // makes a required member optional and an optional input member required; version 3 only
    // adds. `cargo xtask semver-checks` runs cargo-semver-checks on the same pairs.
    let reports = pin("things");
    assert_eq!(bumps(&reports), [Some(Bump::Major), Some(Bump::Minor)]);
    assert_eq!(reports[0].1.count(Class::Breaking), 8);
}
