//! What the benchmarks share: the golden StartImport data, the hand-written floors, and each
//! measured piece of work as a function, so the timing benchmark and the instruction count
//! run exactly the same code.

#![allow(dead_code, reason = "each benchmark binary uses its own subset")]

use std::hint::black_box;

use cloudtrail_start_import::operation::start_import::{StartImportError, StartImportInput, StartImportOutput};
use cloudtrail_start_import::primitives::Timestamp;
use cloudtrail_start_import::types::{ImportSource, S3ImportSource};

const ARN: &str = "arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE";
const URI: &str = "s3://amzn-s3-demo-bucket/AWSLogs/123456789012/CloudTrail/";
const REGION: &str = "us-east-1";
const ROLE: &str = "arn:aws:iam::123456789012:role/service-role/CloudTrailImportRole";
pub const HEADERS: [(&str, &str); 2] = [("content-type", "application/x-amz-json-1.1"), ("x-amzn-requestid", "b4e1a2c3")];

pub fn shared(name: &str) -> Vec<u8> {
    let path = format!("{}/../../shared/golden/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

pub fn ours_input() -> StartImportInput {
    let s3 = S3ImportSource::builder().s3_location_uri(URI).s3_bucket_region(REGION).s3_bucket_access_role_arn(ROLE);
    StartImportInput::builder()
        .destinations([ARN])
        .import_source(ImportSource::builder().s3(s3.build().unwrap()).build().unwrap())
        .start_event_time(Timestamp::from_secs(1_672_531_200))
        .end_event_time(Timestamp::from_secs_and_nanos(1_672_617_600, 500_000_000).unwrap())
        .build()
        .unwrap()
}

/// The hand-written floors: what a careful person would write for this one call.
pub mod floor {
    use serde::{Deserialize, Serialize};

    /// The request, as plain data.
    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct Input {
        pub destinations: Vec<String>,
        pub import_source: Source,
        pub start_event_time: u64,
        pub end_event_time: f64,
    }

    #[derive(Serialize, Deserialize)]
    pub struct Source {
        #[serde(rename = "S3")]
        pub s3: S3,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct S3 {
        pub s3_location_uri: String,
        pub s3_bucket_region: String,
        pub s3_bucket_access_role_arn: String,
    }

    /// The 200 response; timestamps as `f64` (inexact: the floor does less than we do).
    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    #[allow(dead_code, reason = "parsed, not read")]
    pub struct Output {
        pub import_id: Option<String>,
        pub destinations: Option<Vec<String>>,
        pub import_source: Option<Source>,
        pub start_event_time: Option<f64>,
        pub end_event_time: Option<f64>,
        pub import_status: Option<String>,
        pub created_timestamp: Option<f64>,
        pub updated_timestamp: Option<f64>,
    }

    /// The 400 body.
    #[derive(Deserialize)]
    pub struct ErrorBody {
        #[serde(rename = "__type")]
        pub kind: Option<String>,
        #[serde(rename = "Message")]
        pub message: Option<String>,
    }

    /// JSON string escaping, by hand.
    fn string(out: &mut Vec<u8>, s: &str) {
        out.push(b'"');
        let mut start = 0;
        for (i, &b) in s.as_bytes().iter().enumerate() {
            if b < 0x20 || b == b'"' || b == b'\\' {
                out.extend_from_slice(&s.as_bytes()[start..i]);
                out.extend_from_slice(&[b'\\', b'u', b'0', b'0', b"0123456789abcdef"[(b >> 4) as usize], b"0123456789abcdef"[(b & 15) as usize]]);
                start = i + 1;
            }
        }
        out.extend_from_slice(&s.as_bytes()[start..]);
        out.push(b'"');
    }

    fn uint(out: &mut Vec<u8>, mut n: u64) {
        let mut digits = [0u8; 20];
        let mut i = 20;
        loop {
            i -= 1;
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        out.extend_from_slice(&digits[i..]);
    }

    /// The request body, written by hand for this one shape.
    pub fn write(out: &mut Vec<u8>, input: &Input) {
        out.extend_from_slice(b"{\"Destinations\":[");
        for (i, d) in input.destinations.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            string(out, d);
        }
        out.extend_from_slice(b"],\"ImportSource\":{\"S3\":{\"S3LocationUri\":");
        let s3 = &input.import_source.s3;
        string(out, &s3.s3_location_uri);
        out.extend_from_slice(b",\"S3BucketRegion\":");
        string(out, &s3.s3_bucket_region);
        out.extend_from_slice(b",\"S3BucketAccessRoleArn\":");
        string(out, &s3.s3_bucket_access_role_arn);
        out.extend_from_slice(b"}},\"StartEventTime\":");
        uint(out, input.start_event_time);
        out.extend_from_slice(b",\"EndEventTime\":");
        let whole = input.end_event_time.trunc() as u64;
        uint(out, whole);
        out.extend_from_slice(b".5}");
    }
}

pub fn floor_input() -> floor::Input {
    floor::Input {
        destinations: vec![ARN.to_owned()],
        import_source: floor::Source {
            s3: floor::S3 {
                s3_location_uri: URI.to_owned(),
                s3_bucket_region: REGION.to_owned(),
                s3_bucket_access_role_arn: ROLE.to_owned(),
            },
        },
        start_event_time: 1_672_531_200,
        end_event_time: 1_672_617_600.5,
    }
}


/// Everything the measured work reads, built once.
pub struct Data {
    pub ours: StartImportInput,
    pub floor: floor::Input,
    pub request_body: Vec<u8>,
    pub response_200: Vec<u8>,
    pub response_400: Vec<u8>,
    pub buffer: Vec<u8>,
}

impl Data {
    /// Loads the golden files and checks both sides produce the golden request body.
    pub fn load() -> Data {
        let mut data = Data {
            ours: ours_input(),
            floor: floor_input(),
            request_body: shared("start-import-request-body.json"),
            response_200: shared("start-import-response-200.json"),
            response_400: shared("start-import-response-400.json"),
            buffer: Vec::with_capacity(1024),
        };
        ours_serialize(&mut data);
        assert_eq!(data.buffer, data.request_body);
        floor_serialize(&mut data);
        assert_eq!(data.buffer, data.request_body);
        data
    }
}

/// Our request body into the reused buffer.
pub fn ours_serialize(data: &mut Data) -> usize {
    data.buffer.clear();
    black_box(&data.ours).write_body(&mut data.buffer);
    black_box(data.buffer.len())
}

/// The hand-written request body into the reused buffer.
pub fn floor_serialize(data: &mut Data) -> usize {
    data.buffer.clear();
    floor::write(&mut data.buffer, black_box(&data.floor));
    black_box(data.buffer.len())
}

/// serde_json's request body into the reused buffer.
pub fn floor_serde_serialize(data: &mut Data) -> usize {
    data.buffer.clear();
    serde_json::to_writer(&mut data.buffer, black_box(&data.floor)).unwrap();
    black_box(data.buffer.len())
}

/// Our parse of the 200 response.
pub fn ours_parse_200(data: &Data) -> StartImportOutput {
    StartImportOutput::parse_response(200, black_box(HEADERS), black_box(&data.response_200)).unwrap()
}

/// serde_json's parse of the 200 response.
pub fn floor_parse_200(data: &Data) -> floor::Output {
    serde_json::from_slice::<floor::Output>(black_box(&data.response_200)).unwrap()
}

/// Our parse of the 400 response, to its modeled error.
pub fn ours_parse_400(data: &Data) -> Box<cloudtrail_start_import::types::InvalidParameterException> {
    match StartImportOutput::parse_response(400, black_box(HEADERS), black_box(&data.response_400)) {
        Err(StartImportError::InvalidParameterException(e)) => e,
        other => panic!("{other:?}"),
    }
}

/// serde_json's parse of the 400 response, and a match on its code.
pub fn floor_parse_400(data: &Data) -> Option<String> {
    let error: floor::ErrorBody = serde_json::from_slice(black_box(&data.response_400)).unwrap();
    match error.kind.as_deref() {
        Some("InvalidParameterException") => error.message,
        other => panic!("{other:?}"),
    }
}

/// Our whole call: the request (headers and a fresh body), then the 200 response.
pub fn ours_round_trip(data: &Data) -> StartImportOutput {
    let request = black_box(&data.ours).to_request();
    black_box(&request);
    StartImportOutput::parse_response(200, black_box(HEADERS), black_box(&data.response_200)).unwrap()
}

/// The hand-written whole call: the same headers and a fresh body, then serde_json's parse.
pub fn floor_round_trip(data: &Data) -> floor::Output {
    let mut body = Vec::new();
    floor::write(&mut body, black_box(&data.floor));
    let headers = [
        ("Content-Type", "application/x-amz-json-1.1".to_owned()),
        ("X-Amz-Target", "CloudTrail_20131101.StartImport".to_owned()),
        ("Content-Length", body.len().to_string()),
    ];
    black_box((&headers, &body));
    serde_json::from_slice::<floor::Output>(black_box(&data.response_200)).unwrap()
}
