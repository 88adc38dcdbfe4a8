//! Responses the generated StartImport crate parses: the golden 200 body, and every way a body
//! can be odd or wrong.

use cloudtrail_start_import::error::ParseErrorKind;
use cloudtrail_start_import::operation::start_import::{StartImportError, StartImportOutput};
use cloudtrail_start_import::primitives::Timestamp;
use cloudtrail_start_import::types::ImportStatus;

const NO_HEADERS: [(&str, &str); 0] = [];

fn parse(body: &[u8]) -> Result<StartImportOutput, StartImportError> {
    StartImportOutput::parse_response(200, NO_HEADERS, body)
}

fn ok(body: &[u8]) -> StartImportOutput {
    parse(body).unwrap_or_else(|e| panic!("{e}"))
}

fn malformed(body: &[u8]) -> cloudtrail_start_import::error::ParseError {
    match parse(body) {
        Err(StartImportError::MalformedResponse(e)) => *e,
        other => panic!("expected a parse error for {:?}, got {other:?}", String::from_utf8_lossy(body)),
    }
}

#[test]
fn golden_200_body() {
    let body = std::fs::read(tests::shared().join("golden/start-import-response-200.json"))
        .unwrap_or_else(|e| panic!("cannot read the golden response: {e}"));
    let output = ok(&body);
    assert_eq!(output.import_id.as_deref(), Some("b4e1a2c3-5d6f-4a7b-8c9d-0e1f2a3b4c5d"));
    assert_eq!(
        output.destinations.as_deref(),
        Some(&["arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE".to_owned()][..])
    );
    let s3 = &output.import_source.as_ref().unwrap_or_else(|| panic!("ImportSource")).s3;
    assert_eq!(s3.s3_location_uri, "s3://amzn-s3-demo-bucket/AWSLogs/123456789012/CloudTrail/");
    assert_eq!(s3.s3_bucket_region, "us-east-1");
    assert_eq!(s3.s3_bucket_access_role_arn, "arn:aws:iam::123456789012:role/service-role/CloudTrailImportRole");
    assert_eq!(output.start_event_time, Some(Timestamp::from_secs(1_672_531_200)));
    assert_eq!(output.end_event_time, Timestamp::from_secs_and_nanos(1_672_617_600, 500_000_000));
    assert_eq!(output.import_status, Some(ImportStatus::Initializing));
    // 1.700000000123E9 is exactly 2023-11-14T22:13:20.123Z; through f64 it would be .122999906.
    let created = output.created_timestamp.unwrap_or_else(|| panic!("CreatedTimestamp"));
    assert_eq!((created.secs(), created.subsec_nanos()), (1_700_000_000, 123_000_000));
    assert_eq!(created.to_string(), "2023-11-14T22:13:20.123Z");
    assert_eq!(output.updated_timestamp, Some(created));
}

#[test]
fn any_2xx_status_is_success() {
    for status in [200, 201, 204, 299] {
        assert!(StartImportOutput::parse_response(status, NO_HEADERS, b"{}").is_ok(), "{status}");
    }
}

#[test]
fn empty_body_counts_as_empty_object() {
    let output = ok(b"");
    assert_eq!(output, StartImportOutput::builder().build());
    assert_eq!(ok(b"  \n"), output);
    assert_eq!(ok(b"{}"), output);
    assert_eq!(ok(b" { } "), output);
}

#[test]
fn unknown_keys_are_skipped_whatever_they_hold() {
    let body = br#"{"New":{"deep":[1,{"a":[null,true,"\u00e9\"x"]}],"n":-1.5e3},"ImportId":"id","Other":"x","Array":[[[]]]}"#;
    let output = ok(body);
    assert_eq!(output.import_id.as_deref(), Some("id"));
}

#[test]
fn null_means_absent() {
    let output = ok(br#"{"ImportId":null,"Destinations":null,"ImportSource":null,"StartEventTime":null,"ImportStatus":null}"#);
    assert_eq!(output, StartImportOutput::builder().build());
    // Inside a dense list, a null is skipped.
    let output = ok(br#"{"Destinations":["a",null,"b"]}"#);
    assert_eq!(output.destinations, Some(vec!["a".to_owned(), "b".to_owned()]));
}

#[test]
fn unknown_enum_value_is_kept() {
    let output = ok(br#"{"ImportStatus":"PAUSED_FOR_LUNCH"}"#);
    let status = output.import_status.unwrap_or_else(|| panic!("ImportStatus"));
    assert!(matches!(status, ImportStatus::Unknown(_)));
    assert_eq!(status.as_str(), "PAUSED_FOR_LUNCH");
}

#[test]
fn missing_required_members_are_error_corrected() {
    // ImportSource.S3 and the three S3 members are @required: a response without them still
    // parses, with Smithy's zero values, rather than losing the whole response.
    let output = ok(br#"{"ImportSource":{}}"#);
    let s3 = output.import_source.map(|s| s.s3).unwrap_or_else(|| panic!("ImportSource"));
    assert_eq!((s3.s3_location_uri.as_str(), s3.s3_bucket_region.as_str()), ("", ""));
    let output = ok(br#"{"ImportSource":{"S3":{"S3BucketRegion":"eu-west-1"}}}"#);
    let s3 = output.import_source.map(|s| s.s3).unwrap_or_else(|| panic!("ImportSource"));
    assert_eq!(s3.s3_bucket_region, "eu-west-1");
    assert_eq!(s3.s3_location_uri, "");
}

#[test]
fn escaped_strings_are_decoded() {
    let output = ok(br#"{"ImportId":"a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00 \u0000"}"#);
    assert_eq!(output.import_id.as_deref(), Some("a\"b\\c/d\u{8}\u{c}\n\r\t\u{e9}\u{1f600} \u{0}"));
    let output = ok("{\"ImportId\":\"déjà vu 😀\"}".as_bytes());
    assert_eq!(output.import_id.as_deref(), Some("déjà vu 😀"));
}

#[test]
fn keys_match_in_any_order_spelled_any_way() {
    // Model order, reversed, and interleaved with keys that are a member's name cut short, made
    // longer, or differing in case: each member is found by its name alone.
    let forward = ok(br#"{"ImportId":"i","Destinations":["d"],"ImportStatus":"COMPLETED"}"#);
    let backward = ok(br#"{"ImportStatus":"COMPLETED","Destinations":["d"],"ImportId":"i"}"#);
    let near = ok(br#"{"Import":1,"ImportIdX":2,"importid":3,"ImportStatus":"COMPLETED","ImportI":4,"Destinations":["d"],"ImportId":"i","Destination":5}"#);
    for output in [&forward, &backward, &near] {
        assert_eq!(output.import_id.as_deref(), Some("i"));
        assert_eq!(output.destinations.as_deref(), Some(&["d".to_owned()][..]));
        assert_eq!(output.import_status, Some(ImportStatus::Completed));
    }
    // A key written with escapes is the name it decodes to.
    let escaped = ok(br#"{"Import\u0049d":"i","\u0044estinations":["d"]}"#);
    assert_eq!(escaped.import_id.as_deref(), Some("i"));
    assert_eq!(escaped.destinations.as_deref(), Some(&["d".to_owned()][..]));
    // A key that runs to the end of the body, or a name with no `:` after it, is malformed.
    for body in [&br#"{"ImportId"#[..], br#"{"ImportId""#, br#"{"ImportId" "i"}"#, br#"{"ImportId":"i","ImportStatus"#] {
        assert!(matches!(malformed(body).kind(), ParseErrorKind::Syntax(_)), "{}", String::from_utf8_lossy(body));
    }
}

#[test]
fn duplicate_keys_take_the_last_value() {
    assert_eq!(ok(br#"{"ImportId":"a","ImportId":"b"}"#).import_id.as_deref(), Some("b"));
}

#[test]
fn timestamps_parse_exactly_in_every_spelling() {
    let cases: [(&str, i64, u32); 8] = [
        ("1672531200", 1_672_531_200, 0),
        ("1.6725312E9", 1_672_531_200, 0),
        ("1.6726176005E9", 1_672_617_600, 500_000_000),
        ("1672617600.5", 1_672_617_600, 500_000_000),
        ("-1.5", -2, 500_000_000),
        ("0.000000001", 0, 1),
        ("1.0000000019", 1, 1),
        ("\"2023-01-01T00:00:00Z\"", 1_672_531_200, 0),
    ];
    for (text, secs, nanos) in cases {
        let output = ok(format!(r#"{{"CreatedTimestamp":{text}}}"#).as_bytes());
        let ts = output.created_timestamp.unwrap_or_else(|| panic!("{text}"));
        assert_eq!((ts.secs(), ts.subsec_nanos()), (secs, nanos), "{text}");
    }
}

#[test]
fn wrong_types_name_the_member() {
    let cases: [(&[u8], &str, &str); 8] = [
        (br#"{"ImportId":5}"#, "ImportId", "expected a string, found a number"),
        (br#"{"Destinations":"arn"}"#, "Destinations", "expected an array, found a string"),
        (br#"{"Destinations":["a",7]}"#, "Destinations[1]", "expected a string, found a number"),
        (br#"{"ImportSource":[]}"#, "ImportSource", "expected an object, found an array"),
        (br#"{"ImportSource":{"S3":{"S3BucketRegion":true}}}"#, "ImportSource.S3.S3BucketRegion", "expected a string, found a boolean"),
        (br#"{"StartEventTime":"yesterday"}"#, "StartEventTime", "invalid date-time timestamp: invalid year"),
        (br#"{"StartEventTime":1e400}"#, "StartEventTime", "invalid epoch-seconds timestamp: out of range"),
        (br#"{"ImportStatus":{}}"#, "ImportStatus", "expected a string, found an object"),
    ];
    for (body, path, message) in cases {
        let err = malformed(body);
        assert_eq!(err.path(), path, "{}", String::from_utf8_lossy(body));
        assert_eq!(err.kind().to_string(), message, "{}", String::from_utf8_lossy(body));
        assert_eq!(err.operation(), "StartImport");
        assert_eq!(err.status(), 200);
    }
}

#[test]
fn parse_errors_say_where_and_what() {
    let err = StartImportOutput::parse_response(200, [("X-Amzn-RequestId", "req-1")], br#"{"ImportId":5}"#);
    let Err(StartImportError::MalformedResponse(err)) = err else { panic!("expected a parse error") };
    assert_eq!(err.offset(), 12);
    assert_eq!(err.request_id(), Some("req-1"));
    assert_eq!(
        err.to_string(),
        "cannot parse the StartImport response (HTTP 200): expected a string, found a number at `ImportId` (byte 12)"
    );
}

#[test]
fn malformed_json_is_an_error_not_a_panic() {
    let bodies: [&[u8]; 20] = [
        b"{",
        b"}",
        b"[]",
        b"null",
        b"\"x\"",
        b"{\"ImportId\"}",
        b"{\"ImportId\":}",
        b"{\"ImportId\":\"a\",}",
        b"{\"ImportId\":\"a\" \"Destinations\":[]}",
        b"{\"ImportId\":\"unterminated}",
        b"{\"ImportId\":\"bad \\x escape\"}",
        b"{\"ImportId\":\"lone \\ud800 surrogate\"}",
        b"{\"ImportId\":\"control \x01 char\"}",
        b"{\"ImportId\":\"\xff\xfe invalid utf-8\"}",
        b"{\"Destinations\":[\"a\" \"b\"]}",
        b"{\"StartEventTime\":01}",
        b"{\"StartEventTime\":1.}",
        b"{\"StartEventTime\":-}",
        b"{} trailing",
        b"{\"a\":tru}",
    ];
    for body in bodies {
        let err = malformed(body);
        assert!(!err.to_string().is_empty());
    }
}

#[test]
fn deep_unknown_members_are_skipped_without_overflowing_the_stack() {
    // StartImport's shapes do not recurse, so no member the parser reads nests deep (the
    // limit, for parsers that recurse, is checked by the `recursion` fixture); an unknown
    // member is skipped without recursion, however deep, also inside a known structure.
    let mut body = b"{\"Unknown\":".to_vec();
    body.extend(std::iter::repeat_n(b'[', 100_000));
    body.extend(std::iter::repeat_n(b']', 100_000));
    body.extend(b",\"ImportId\":\"x\"}");
    assert_eq!(ok(&body).import_id.as_deref(), Some("x"));
    let mut body = b"{\"ImportSource\":{\"S3\":{\"Deep\":".to_vec();
    body.extend(std::iter::repeat_n(b'[', 100_000));
    body.extend(std::iter::repeat_n(b']', 100_000));
    body.extend(b",\"S3BucketRegion\":\"r\"}}}");
    let source = ok(&body).import_source.unwrap();
    let cloudtrail_start_import::types::ImportSource { s3, .. } = source;
    assert_eq!(s3.s3_bucket_region, "r");
    // Unbalanced, it is still an error, not a hang or an overflow.
    let mut body = b"{\"Unknown\":".to_vec();
    body.extend(std::iter::repeat_n(b'[', 100_000));
    assert!(matches!(malformed(&body).kind(), ParseErrorKind::Syntax(_)));
}
