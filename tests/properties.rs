//! Round trips through the public API of the generated StartImport crate: arbitrary requests are
//! written with `write_body`, and the body, read as a StartImport response (whose members mirror
//! the request's), gives back the same values: strings of every kind of character, timestamps
//! anywhere in `i64` seconds to the nanosecond, any number of destinations. The generated crate's
//! own tests (`generated/tests/fuzz`, `generated/src/round_trip.rs`) cover each type and parser.
//! `ROUND_TRIP_CASES` sets the number of requests (default 2,000).

use cloudtrail_start_import::operation::start_import::{StartImportInput, StartImportOutput};
use cloudtrail_start_import::primitives::Timestamp;
use cloudtrail_start_import::types::{ImportSource, S3ImportSource};

use tests::Rng;

/// Arbitrary request values.
trait Arbitrary {
    fn string(&mut self) -> String;
    fn timestamp(&mut self) -> Timestamp;
}

impl Arbitrary for Rng {
    fn string(&mut self) -> String {
        const EDGES: [char; 12] = ['"', '\\', '/', '\u{0}', '\n', '\u{1f}', '\u{7f}', 'é', '\u{2028}', '\u{ffff}', '😀', '\u{10ffff}'];
        (0..self.below(40))
            .map(|_| match self.below(3) {
                0 => EDGES[self.below(EDGES.len() as u64) as usize],
                1 => char::from(b' ' + self.below(95) as u8),
                _ => char::from_u32(self.below(0x11_0000) as u32).unwrap_or('\u{fffd}'),
            })
            .collect()
    }

    fn timestamp(&mut self) -> Timestamp {
        let secs = if self.below(2) == 0 { self.bits() as i64 } else { 1_700_000_000 + self.below(1 << 32) as i64 };
        let nanos = [0, self.below(1000) as u32 * 1_000_000, self.below(1_000_000_000) as u32][self.below(3) as usize];
        Timestamp::from_secs_and_nanos(secs, nanos).unwrap()
    }
}

#[test]
fn requests_read_back_as_responses() {
    let cases: u64 = std::env::var("ROUND_TRIP_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(2_000);
    let mut rng = Rng(0x5EED);
    let mut body = Vec::new();
    for case in 0..cases {
        let destinations: Vec<String> = (0..rng.below(4)).map(|_| rng.string()).collect();
        let s3 = S3ImportSource::builder()
            .s3_location_uri(rng.string())
            .s3_bucket_region(rng.string())
            .s3_bucket_access_role_arn(rng.string())
            .build()
            .unwrap();
        let (start, end) = (rng.timestamp(), rng.timestamp());
        let input = StartImportInput::builder()
            .destinations(destinations.clone())
            .import_source(ImportSource::builder().s3(s3.clone()).build().unwrap())
            .start_event_time(start)
            .end_event_time(end)
            .import_id(rng.string())
            .build()
            .unwrap();
        body.clear();
        input.write_body(&mut body);
        let output = StartImportOutput::parse_response(200, [("x-amzn-requestid", "r")], &body)
            .unwrap_or_else(|e| panic!("case {case}: {e}\n{}", String::from_utf8_lossy(&body)));
        assert_eq!(output.destinations.as_ref(), Some(&destinations), "case {case}");
        assert_eq!(output.import_source.as_ref().map(|s| s.s3.clone()), Some(s3), "case {case}");
        assert_eq!((output.start_event_time, output.end_event_time), (Some(start), Some(end)), "case {case}");
        assert_eq!(output.import_id, input.import_id, "case {case}");
    }
}
