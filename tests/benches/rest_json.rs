//! restJson1, our generated crate side by side with hand-written floors doing the same sans-IO
//! work, on `UpdateObject` of the `rest_bindings` fixture: a label and a greedy label, a query
//! literal, a query parameter and a query list, two headers and a JSON body going out; two
//! headers (one an http-date) and a JSON body coming back.
//!
//! Not part of the `tests` package: `cargo xtask bench rest` generates the fixture crate into
//! `target/bench-rest/`, builds this file there against it, runs it and prints the ratios.
//!
//! - `request`: the whole request: URI (percent-encoded labels and query), headers, JSON body
//!   and its length. Floor: the same by hand, for this one shape.
//! - `parse`: the 200 response: the headers, an http-date among them, and the body. Floor: the
//!   headers found and the date read by hand, the body by `serde_json::from_slice` into a
//!   derived struct (timestamps as `f64`: the floor does less than we do).

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic, missing_docs, reason = "a benchmark")]

use std::collections::BTreeMap;
use std::hint::black_box;

use criterion::{Criterion, criterion_group};
use fixture_rest_bindings::operation::update_object::{UpdateObjectInput, UpdateObjectOutput};
use fixture_rest_bindings::primitives::Timestamp;
use fixture_rest_bindings::types::{Kind, Retention};

const RESPONSE: &[u8] = br#"{"Key":"photos/2024/summer holiday.jpg","Size":2345678,"Stored":1700000000.5,"Description":"At the \"beach\", day 3","Tags":{"stage":"prod","team":"data"},"Labels":["red","green","blue"],"Retention":{"Days":30,"Mode":"file"}}"#;
const HEADERS: [(&str, &str); 4] = [
    ("content-type", "application/json"),
    ("x-amzn-requestid", "b4e1a2c3-0000-4000-8000-000000000000"),
    ("x-version", "v42"),
    ("last-modified", "Tue, 14 Nov 2023 22:13:20 GMT"),
];

fn ours_input() -> UpdateObjectInput {
    UpdateObjectInput::builder()
        .bucket("my-bucket")
        .key("photos/2024/summer holiday.jpg")
        .version("v41")
        .fields(["size", "tags"])
        .if_match("\"9b2cf535f27731c974343645a3985328\"")
        .token("client-token-1")
        .description("At the \"beach\", day 3")
        .tags([("team", "data"), ("stage", "prod")])
        .labels(["red", "green", "blue"])
        .retention(Retention::builder().days(30).mode(Kind::File).build())
        .expires(Timestamp::from_secs(1_767_225_600))
        .build()
        .unwrap()
}

/// The hand-written floors: what a careful person would write for this one call.
mod floor {
    use serde::Deserialize;

    use super::BTreeMap;

    pub struct Input {
        pub bucket: String,
        pub key: String,
        pub version: String,
        pub fields: Vec<String>,
        pub if_match: String,
        pub token: String,
        pub description: String,
        pub tags: BTreeMap<String, String>,
        pub labels: Vec<String>,
        pub days: i32,
        pub mode: String,
        pub expires: i64,
    }

    pub struct Request {
        pub method: &'static str,
        pub uri: String,
        pub headers: Vec<(&'static str, String)>,
        pub body: Vec<u8>,
    }

    #[derive(Deserialize)]
    pub struct Retention {
        #[serde(rename = "Days")]
        pub days: Option<i32>,
        #[serde(rename = "Mode")]
        pub mode: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    #[allow(dead_code, reason = "parsed, not read")]
    pub struct Body {
        pub key: Option<String>,
        pub size: Option<i64>,
        pub stored: Option<f64>,
        pub description: Option<String>,
        pub tags: Option<BTreeMap<String, String>>,
        pub labels: Option<Vec<String>>,
        pub retention: Option<Retention>,
    }

    #[allow(dead_code, reason = "parsed, not read")]
    pub struct Output {
        pub version: Option<String>,
        pub modified: Option<i64>,
        pub body: Body,
    }

    const HEX: &[u8; 16] = b"0123456789ABCDEF";

    fn encode(out: &mut String, text: &str, keep_slash: bool) {
        for &b in text.as_bytes() {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') || (keep_slash && b == b'/') {
                out.push(char::from(b));
            } else {
                out.push('%');
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 15)]));
            }
        }
    }

    fn string(out: &mut Vec<u8>, s: &str) {
        out.push(b'"');
        let mut start = 0;
        for (i, &b) in s.as_bytes().iter().enumerate() {
            if b < 0x20 || b == b'"' || b == b'\\' {
                out.extend_from_slice(&s.as_bytes()[start..i]);
                match b {
                    b'"' => out.extend_from_slice(b"\\\""),
                    b'\\' => out.extend_from_slice(b"\\\\"),
                    _ => out.extend_from_slice(&[b'\\', b'u', b'0', b'0', HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]),
                }
                start = i + 1;
            }
        }
        out.extend_from_slice(&s.as_bytes()[start..]);
        out.push(b'"');
    }

    fn strings(out: &mut Vec<u8>, items: &[String]) {
        out.push(b'[');
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            string(out, item);
        }
        out.push(b']');
    }

    pub fn request(input: &Input) -> Request {
        let mut uri = String::with_capacity(96);
        uri.push_str("/buckets/");
        encode(&mut uri, &input.bucket, false);
        uri.push_str("/objects/");
        encode(&mut uri, &input.key, true);
        uri.push_str("?update&version=");
        encode(&mut uri, &input.version, false);
        for field in &input.fields {
            uri.push_str("&field=");
            encode(&mut uri, field, false);
        }
        let mut body = Vec::with_capacity(256);
        body.extend_from_slice(b"{\"Description\":");
        string(&mut body, &input.description);
        body.extend_from_slice(b",\"Tags\":{");
        for (i, (k, v)) in input.tags.iter().enumerate() {
            if i > 0 {
                body.push(b',');
            }
            string(&mut body, k);
            body.push(b':');
            string(&mut body, v);
        }
        body.extend_from_slice(b"},\"Labels\":");
        strings(&mut body, &input.labels);
        body.extend_from_slice(b",\"Retention\":{\"Days\":");
        body.extend_from_slice(input.days.to_string().as_bytes());
        body.extend_from_slice(b",\"Mode\":");
        string(&mut body, &input.mode);
        body.extend_from_slice(b"},\"Expires\":");
        body.extend_from_slice(input.expires.to_string().as_bytes());
        body.push(b'}');
        let headers = vec![
            ("If-Match", input.if_match.clone()),
            ("X-Request-Token", input.token.clone()),
            ("Content-Type", "application/json".to_owned()),
            ("Content-Length", body.len().to_string()),
        ];
        Request { method: "POST", uri, headers, body }
    }

    /// `Tue, 14 Nov 2023 22:13:20 GMT` to seconds since the epoch (days from civil).
    fn http_date(text: &str) -> Option<i64> {
        let parts: Vec<&str> = text.split(' ').collect();
        let [_, day, month, year, clock, "GMT"] = parts[..] else { return None };
        let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
            .iter()
            .position(|m| *m == month)? as i64
            + 1;
        let (day, year): (i64, i64) = (day.parse().ok()?, year.parse().ok()?);
        let mut clock = clock.split(':').map(|p| p.parse::<i64>());
        let (h, m, s) = (clock.next()?.ok()?, clock.next()?.ok()?, clock.next()?.ok()?);
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (month + 9) % 12;
        let doy = (153 * mp + 2) / 5 + day - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        let days = era * 146_097 + doe - 719_468;
        Some(days * 86_400 + h * 3600 + m * 60 + s)
    }

    pub fn parse(headers: &[(&str, &str)], body: &[u8]) -> Output {
        let header = |name: &str| headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| *v);
        Output {
            version: header("X-Version").map(str::to_owned),
            modified: header("Last-Modified").and_then(http_date),
            body: serde_json::from_slice(body).unwrap(),
        }
    }
}

fn floor_input() -> floor::Input {
    floor::Input {
        bucket: "my-bucket".to_owned(),
        key: "photos/2024/summer holiday.jpg".to_owned(),
        version: "v41".to_owned(),
        fields: vec!["size".to_owned(), "tags".to_owned()],
        if_match: "\"9b2cf535f27731c974343645a3985328\"".to_owned(),
        token: "client-token-1".to_owned(),
        description: "At the \"beach\", day 3".to_owned(),
        tags: [("team", "data"), ("stage", "prod")].into_iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect(),
        labels: vec!["red".to_owned(), "green".to_owned(), "blue".to_owned()],
        days: 30,
        mode: "file".to_owned(),
        expires: 1_767_225_600,
    }
}

/// Both sides build the same request and read the same values, checked once before timing.
fn check() {
    let ours = ours_input().to_request();
    let floor = floor::request(&floor_input());
    assert_eq!((ours.method, ours.uri.as_str()), (floor.method, floor.uri.as_str()));
    let ours_headers: Vec<(&str, &str)> = ours.headers.iter().map(|(k, v)| (k.as_ref(), v.as_ref())).collect();
    let floor_headers: Vec<(&str, &str)> = floor.headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(ours_headers, floor_headers);
    assert_eq!(String::from_utf8_lossy(&ours.body), String::from_utf8_lossy(&floor.body));
    let ours = UpdateObjectOutput::parse_response(200, HEADERS, RESPONSE).unwrap();
    let floor = floor::parse(&HEADERS, RESPONSE);
    assert_eq!(ours.version, floor.version);
    assert_eq!(ours.modified.map(Timestamp::secs), floor.modified);
    assert_eq!(ours.size, floor.body.size);
    assert_eq!(ours.labels, floor.body.labels);
}

fn request(c: &mut Criterion) {
    check();
    let (ours, floor) = (ours_input(), floor_input());
    let mut group = c.benchmark_group("rest_request");
    group.bench_function("ours", |b| b.iter(|| black_box(&ours).to_request()));
    group.bench_function("floor_hand_written", |b| b.iter(|| floor::request(black_box(&floor))));
    group.finish();
}

fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("rest_parse");
    group.bench_function("ours", |b| {
        b.iter(|| UpdateObjectOutput::parse_response(200, black_box(HEADERS), black_box(RESPONSE)).unwrap())
    });
    group.bench_function("floor_hand_written_and_serde", |b| b.iter(|| floor::parse(black_box(&HEADERS), black_box(RESPONSE))));
    group.finish();
}

criterion_group!(benches, request, parse);

/// Under criterion by default; given `SCENARIO ITERATIONS` (as `cargo xtask bench rest` does
/// under callgrind), that scenario's work alone, so that its instructions can be counted.
fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    if let [scenario, iterations] = &args[..]
        && let Ok(iterations) = iterations.parse::<u64>()
    {
        check();
        let (ours, floor) = (ours_input(), floor_input());
        for _ in 0..iterations {
            match scenario.as_str() {
                "rest_request/ours" => drop(black_box(black_box(&ours).to_request())),
                "rest_request/floor_hand_written" => drop(black_box(floor::request(black_box(&floor)))),
                "rest_parse/ours" => {
                    drop(black_box(UpdateObjectOutput::parse_response(200, black_box(HEADERS), black_box(RESPONSE))))
                }
                "rest_parse/floor_hand_written_and_serde" => {
                    drop(black_box(floor::parse(black_box(&HEADERS), black_box(RESPONSE))))
                }
                other => panic!("unknown scenario {other}"),
            }
        }
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
