//! The generated crate's `Timestamp`: exact in every format, right for negative times, and
//! convertible to and from `SystemTime`.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cloudtrail_start_import::primitives::{Timestamp, TimestampFormat};

fn ts(secs: i64, nanos: u32) -> Timestamp {
    Timestamp::from_secs_and_nanos(secs, nanos).unwrap_or_else(|| panic!("{nanos} nanoseconds"))
}

#[test]
fn epoch_seconds_are_written_as_the_shortest_exact_decimal() {
    let cases = [
        (ts(0, 0), "0"),
        (ts(1_672_531_200, 0), "1672531200"),
        (ts(1_672_617_600, 500_000_000), "1672617600.5"),
        (ts(1, 100), "1.0000001"),
        (ts(1, 999_999_999), "1.999999999"),
        (ts(-2, 500_000_000), "-1.5"),
        (ts(-1, 500_000_000), "-0.5"),
        (ts(-1, 0), "-1"),
        (ts(-1, 999_999_999), "-0.000000001"),
        (ts(i64::MAX, 999_999_999), "9223372036854775807.999999999"),
        (ts(i64::MIN, 1), "-9223372036854775807.999999999"),
        (ts(i64::MIN, 0), "-9223372036854775808"),
    ];
    for (value, text) in cases {
        assert_eq!(value.format(TimestampFormat::EpochSeconds), text);
        assert_eq!(Timestamp::parse(text, TimestampFormat::EpochSeconds), Ok(value), "{text}");
    }
}

#[test]
fn epoch_seconds_parse_exactly() {
    let cases = [
        ("1.700000000123E9", ts(1_700_000_000, 123_000_000)),
        ("1.700000000123e+9", ts(1_700_000_000, 123_000_000)),
        ("17000000001.23e-1", ts(1_700_000_000, 123_000_000)),
        ("0.5e1", ts(5, 0)),
        ("5e-10", ts(0, 0)),
        ("-0", ts(0, 0)),
        ("0e999999999999999999999", ts(0, 0)),
        ("1.9999999999", ts(1, 999_999_999)),
        ("-1.9999999999", ts(-2, 1)),
    ];
    for (text, value) in cases {
        assert_eq!(Timestamp::parse(text, TimestampFormat::EpochSeconds), Ok(value), "{text}");
    }
    for bad in ["", "-", "1.", ".5", "1e", "1e+", "abc", "1 ", "+1", "1e400", "9223372036854775808", "NaN"] {
        assert!(Timestamp::parse(bad, TimestampFormat::EpochSeconds).is_err(), "{bad:?} should not parse");
    }
}

#[test]
fn date_times_are_rfc_3339() {
    let value = ts(1_700_000_000, 123_000_000);
    assert_eq!(value.format(TimestampFormat::DateTime), "2023-11-14T22:13:20.123Z");
    assert_eq!(value.to_string(), "2023-11-14T22:13:20.123Z");
    assert_eq!(ts(0, 0).to_string(), "1970-01-01T00:00:00Z");
    assert_eq!(ts(-1, 0).to_string(), "1969-12-31T23:59:59Z");
    assert_eq!(ts(951_782_400, 0).to_string(), "2000-02-29T00:00:00Z");
    assert_eq!(ts(253_402_300_799, 999_999_999).to_string(), "9999-12-31T23:59:59.999999999Z");
    let parsed = |text: &str| Timestamp::parse(text, TimestampFormat::DateTime);
    assert_eq!(parsed("2023-11-14T22:13:20.123Z"), Ok(value));
    assert_eq!(parsed("2023-11-14t22:13:20.123z"), Ok(value));
    assert_eq!(parsed("2023-11-14T23:13:20.123+01:00"), Ok(value));
    assert_eq!(parsed("2023-11-14T20:43:20.123-01:30"), Ok(value));
    assert_eq!(parsed("2023-11-14T22:13:20.1234567891Z"), Ok(ts(1_700_000_000, 123_456_789)));
    assert_eq!("0001-01-01T00:00:00Z".parse::<Timestamp>(), Ok(ts(-62_135_596_800, 0)));
    for bad in [
        "2023-11-14",
        "2023-11-14T22:13:20",
        "2023-02-29T00:00:00Z",
        "2023-13-01T00:00:00Z",
        "2023-11-14T24:00:00Z",
        "2023-11-14T22:13:60Z",
        "2023-11-14T22:13:20.Z",
        "2023-11-14T22:13:20Z ",
        "23-11-14T22:13:20Z",
    ] {
        assert!(parsed(bad).is_err(), "{bad} should not parse");
    }
}

#[test]
fn http_dates_are_imf_fixdate() {
    let value = ts(784_111_777, 0);
    assert_eq!(value.format(TimestampFormat::HttpDate), "Sun, 06 Nov 1994 08:49:37 GMT");
    assert_eq!(Timestamp::parse("Sun, 06 Nov 1994 08:49:37 GMT", TimestampFormat::HttpDate), Ok(value));
    assert_eq!(ts(1_700_000_000, 0).format(TimestampFormat::HttpDate), "Tue, 14 Nov 2023 22:13:20 GMT");
    assert_eq!(
        Timestamp::parse("Tue, 14 Nov 2023 22:13:20.5 GMT", TimestampFormat::HttpDate),
        Ok(ts(1_700_000_000, 500_000_000))
    );
    assert!(Timestamp::parse("Sunday, 06-Nov-94 08:49:37 GMT", TimestampFormat::HttpDate).is_err());
    assert!(Timestamp::parse("Sun, 06 Nov 1994 08:49:37 UTC", TimestampFormat::HttpDate).is_err());
}

#[test]
fn system_time_round_trips() {
    let now = SystemTime::now();
    let back: SystemTime = Timestamp::from(now).try_into().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back, now);
    let before = UNIX_EPOCH - Duration::from_millis(1500);
    assert_eq!(Timestamp::from(before), ts(-2, 500_000_000));
    let back: SystemTime = ts(-2, 500_000_000).try_into().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back, before);
    assert_eq!(Timestamp::from(UNIX_EPOCH + Duration::new(5, 7)), ts(5, 7));
}

#[test]
fn construction_and_ordering() {
    assert_eq!(Timestamp::from_millis(-1500), ts(-2, 500_000_000));
    assert_eq!(Timestamp::from_millis(1), ts(0, 1_000_000));
    assert_eq!(Timestamp::from_secs_and_nanos(0, 1_000_000_000), None);
    assert!(ts(-2, 500_000_000) < ts(-1, 0));
    assert_eq!(Timestamp::default(), Timestamp::UNIX_EPOCH);
    assert_eq!(format!("{:?}", ts(0, 0)), "Timestamp(1970-01-01T00:00:00Z)");
}

#[test]
fn years_outside_four_digits_are_written_expanded_and_read_back() {
    for value in [
        ts(i64::MIN, 0),
        ts(i64::MAX, 999_999_999),
        ts(-242_368_238_364 * 31_556_952, 762_608_555),
        ts(-62_167_219_200, 0), // 0000-01-01
        ts(-62_167_219_201, 0), // -0001-12-31T23:59:59
        ts(253_402_300_800, 5), // 10000-01-01
    ] {
        for format in [TimestampFormat::DateTime, TimestampFormat::HttpDate] {
            let text = value.format(format);
            assert_eq!(Timestamp::parse(&text, format), Ok(value), "{text}");
        }
    }
    assert_eq!(ts(253_402_300_800, 0).format(TimestampFormat::DateTime), "+10000-01-01T00:00:00Z");
    assert_eq!(ts(-62_167_219_201, 0).format(TimestampFormat::DateTime), "-0001-12-31T23:59:59Z");
    for bad in ["+999-01-01T00:00:00Z", "+1234567890123-01-01T00:00:00Z", "99999-01-01T00:00:00Z"] {
        assert!(Timestamp::parse(bad, TimestampFormat::DateTime).is_err(), "{bad}");
    }
}

/// The timestamp a 200 response body's `CreatedTimestamp` reads as, or `None` when the response
/// is refused.
fn read_in_response(number: &str) -> Option<Timestamp> {
    use cloudtrail_start_import::operation::start_import::StartImportOutput;
    let body = format!(r#"{{"CreatedTimestamp":{number},"ImportId":"x"}}"#);
    StartImportOutput::parse_response(200, [("x-amzn-requestid", "r")], body.as_bytes()).ok()?.created_timestamp
}

/// The response reader reads an epoch-seconds number in one pass when it can, and through
/// `Timestamp::parse` otherwise: both must give the same timestamp for every JSON number, and
/// refuse the same ones.
#[test]
fn epoch_seconds_read_in_one_pass_agree_with_the_general_parse() {
    let mut numbers: Vec<String> = [
        "0", "-0", "1", "-1", "0.5", "-0.5", "1.6725312E9", "1.6726176005E9", "1.700000000123E9", "1e0", "1E+2", "1e-2",
        "123456789.123456789", "123456789.1234567891", "-123456789.1234567891", "9223372036854775807",
        "-9223372036854775808", "9223372036854775808", "-9223372036854775809", "9.223372036854775807e18",
        "9.223372036854775808e18", "1e18", "1e19", "1e40", "1e41", "0e41", "1e-40", "1e-41", "12345678901234567890",
        "1234567890123456789", "0.0000000001", "-0.0000000001", "0.000000001", "-0.000000001", "5e-10", "-5e-10",
        "1.9999999999", "-1.9999999999", "100e-2", "1000000000.000000000", "00", "01", "-01", "1.", ".5", "1e",
        "1e+", "-", "+1", "1.e5", "1e400", "0e999999999999999999999",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    // And many more: mantissas of 1 to 20 digits, with a point anywhere, signs and exponents.
    let mut state: u64 = 0x5eed;
    let mut next = |n: u64| {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % n
    };
    for _ in 0..20_000 {
        let len = 1 + next(20) as usize;
        let mut digits: String = (0..len).map(|_| char::from(b'0' + next(10) as u8)).collect();
        if digits.len() > 1 && digits.starts_with('0') && next(2) == 0 {
            digits.replace_range(..1, "1");
        }
        let point = next(len as u64 + 1) as usize;
        let mut text = String::new();
        if next(3) == 0 {
            text.push('-');
        }
        let (int, frac) = digits.split_at(point.max(1).min(len));
        text.push_str(int);
        if !frac.is_empty() {
            text.push('.');
            text.push_str(frac);
        }
        if next(2) == 0 {
            text.push(['e', 'E'][next(2) as usize]);
            text.push_str(["", "+", "-"][next(3) as usize]);
            text.push_str(&next(45).to_string());
        }
        numbers.push(text);
    }
    for number in &numbers {
        let valid_json = !number.trim_start_matches('-').starts_with("0") || {
            let rest = number.trim_start_matches('-');
            rest == "0" || rest.starts_with("0.") || rest.starts_with("0e") || rest.starts_with("0E")
        };
        let expected = if valid_json { Timestamp::parse(number, TimestampFormat::EpochSeconds).ok() } else { None };
        assert_eq!(read_in_response(number), expected, "{number}");
    }
}
