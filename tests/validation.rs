//! `validate()` on the generated StartImport crate, on both sides of every boundary the model
//! sets: exactly one destination, each 3 to 256 characters matching `^[a-zA-Z0-9._/\-:]+$`; an
//! import id of exactly 36 characters matching `^[a-f0-9\-]+$`. Lengths count characters, not
//! bytes; building and sending never check (only `validate()` and `to_validated_request()` do).

use cloudtrail_start_import::operation::start_import::StartImportInput;
use cloudtrail_start_import::types::{ImportSource, S3ImportSource};
use cloudtrail_start_import::validation::Constraint;

const ARN: &str = "arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore/EXAMPLE";
const ID: &str = "b4e1a2c3-5d6f-4a7b-8c9d-0e1f2a3b4c5d";

fn input(destinations: &[&str], id: Option<&str>) -> StartImportInput {
    let s3 = S3ImportSource::builder()
        .s3_location_uri("s3://bucket/prefix/")
        .s3_bucket_region("us-east-1")
        .s3_bucket_access_role_arn("arn:aws:iam::123456789012:role/Import")
        .build()
        .unwrap();
    StartImportInput::builder()
        .destinations(destinations.iter().copied())
        .import_source(ImportSource::builder().s3(s3).build().unwrap())
        .set_import_id(id.map(str::to_owned))
        .build()
        .unwrap()
}

/// The violations as `path: constraint`.
fn violations(input: &StartImportInput) -> Vec<String> {
    input.validate().err().map_or_else(Vec::new, |e| {
        e.violations().iter().map(|v| format!("{}: {}", v.path(), v.constraint())).collect()
    })
}

#[test]
fn exactly_one_destination() {
    assert_eq!(violations(&input(&[], None)), ["destinations: has length 0 (items); allowed: from 1 to 1"]);
    assert_eq!(violations(&input(&[ARN], None)), Vec::<String>::new());
    assert_eq!(violations(&input(&[ARN, ARN], None)), ["destinations: has length 2 (items); allowed: from 1 to 1"]);
}

#[test]
fn destination_lengths_from_3_to_256_characters() {
    for (len, good) in [(2, false), (3, true), (256, true), (257, false)] {
        let arn = "a".repeat(len);
        let found = violations(&input(&[&arn], None));
        if good {
            assert_eq!(found, Vec::<String>::new(), "{len}");
        } else {
            assert_eq!(found, [format!("destinations[0]: has length {len} (characters); allowed: from 3 to 256")], "{len}");
        }
    }
    let err = input(&["ab"], None).validate().unwrap_err();
    let violation = &err.violations()[0];
    assert_eq!(violation.path(), "destinations[0]");
    assert_eq!(violation.constraint(), &Constraint::Length { min: Some(3), max: Some(256), length: 2, unit: "characters" });
}

#[test]
fn import_ids_of_exactly_36_characters() {
    for (id, good) in [(&ID[..35], false), (ID, true), (&format!("{ID}a")[..], false)] {
        assert_eq!(input(&[ARN], Some(id)).validate().is_ok(), good, "{} characters", id.chars().count());
    }
    assert_eq!(
        violations(&input(&[ARN], Some(&ID[..35]))),
        ["import_id: has length 35 (characters); allowed: from 36 to 36"]
    );
}

#[test]
fn forbidden_characters() {
    assert_eq!(violations(&input(&["arn with spaces"], None)), ["destinations[0]: does not match the pattern `^[a-zA-Z0-9._/\\-:]+$`"]);
    let upper = ID.to_uppercase();
    assert_eq!(violations(&input(&[ARN], Some(&upper))), ["import_id: does not match the pattern `^[a-f0-9\\-]+$`"]);
    // A trailing newline is a character like any other (`$` is the end of the value).
    assert!(input(&[&format!("{ARN}\n")], None).validate().is_err());
}

#[test]
fn multi_byte_characters_count_once_and_are_forbidden_by_the_patterns() {
    // 36 characters but 38 bytes: the length is right, the pattern is not.
    let id = format!("é{}", &ID[1..]);
    assert_eq!((id.chars().count(), id.len()), (36, 37));
    assert_eq!(violations(&input(&[ARN], Some(&id))), ["import_id: does not match the pattern `^[a-f0-9\\-]+$`"]);
    // Three characters, twelve bytes: long enough by characters; still not a valid ARN.
    assert_eq!(violations(&input(&["😀😀😀"], None)), ["destinations[0]: does not match the pattern `^[a-zA-Z0-9._/\\-:]+$`"]);
    assert_eq!(
        violations(&input(&["😀😀"], None)),
        [
            "destinations[0]: has length 2 (characters); allowed: from 3 to 256",
            "destinations[0]: does not match the pattern `^[a-zA-Z0-9._/\\-:]+$`"
        ]
    );
}

#[test]
fn every_violation_at_once_and_the_opt_in_request() {
    let bad = input(&["x", "a b"], Some("abcd"));
    let err = bad.validate().unwrap_err();
    let found: Vec<String> = err.violations().iter().map(ToString::to_string).collect();
    assert_eq!(
        found,
        [
            "`destinations` has length 2 (items); allowed: from 1 to 1",
            "`destinations[0]` has length 1 (characters); allowed: from 3 to 256",
            "`destinations[1]` does not match the pattern `^[a-zA-Z0-9._/\\-:]+$`",
            "`import_id` has length 4 (characters); allowed: from 36 to 36",
        ]
    );
    assert!(err.to_string().starts_with("StartImportInput breaks 4 constraints of the model: "));
    // Sending never checks; the opt-in does.
    assert!(!bad.to_request().body.is_empty());
    assert!(bad.to_validated_request().is_err());
    let good = input(&[ARN], Some(ID));
    assert_eq!(good.to_validated_request().unwrap(), good.to_request());
}

/// What `validate()` checks of the whole official CloudTrail model: every `@length`, `@range`
/// and `@pattern` a request can hold, none skipped (the rest sit on response shapes only).
#[test]
fn the_official_cloudtrail_constraints_are_all_checked() {
    let text = std::fs::read_to_string(tests::shared().join("models/cloudtrail-2013-11-01.json")).unwrap();
    let codegen::Generated { report, .. } = codegen::generate_with_report(&text, &tests::standalone_settings("cloudtrail")).unwrap();
    let counts: Vec<(&str, usize, usize, usize, usize)> =
        report.counts.iter().map(|c| (c.trait_id, c.in_model, c.checked, c.response_only, c.skipped)).collect();
    assert_eq!(
        counts,
        [
            ("smithy.api#length", 53, 49, 4, 0),
            ("smithy.api#range", 13, 13, 0, 0),
            ("smithy.api#pattern", 35, 32, 3, 0),
            ("smithy.api#uniqueItems", 0, 0, 0, 0),
        ]
    );
    assert!(report.skipped_patterns.is_empty(), "{:?}", report.skipped_patterns);
}
