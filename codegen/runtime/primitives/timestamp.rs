//! An exact point in time, and its three Smithy wire formats.

use std::fmt;
use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const NANOS_PER_SEC: u32 = 1_000_000_000;
const SECS_PER_DAY: i64 = 86_400;

/// A point in time with nanosecond precision, stored exactly as whole seconds since the Unix
/// epoch plus nanoseconds; it never goes through floating point.
///
/// On the wire Smithy writes timestamps in one of three [`TimestampFormat`]s. `epoch-seconds` is
/// written as an integer when the time is a whole second and otherwise as the shortest decimal
/// with at most nine fractional digits (`1672617600.5`, `-1.5`); parsing reads the decimal
/// exactly, so `1.700000000123E9` is 2023-11-14T22:13:20.123Z to the nanosecond. Digits finer
/// than a nanosecond are dropped.
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    /// Whole seconds since the epoch, rounded towards negative infinity.
    secs: i64,
    /// Nanoseconds after `secs`, always below one billion.
    nanos: u32,
}

/// The wire formats of a Smithy timestamp (`@timestampFormat`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TimestampFormat {
    /// Seconds since the Unix epoch as a JSON number, such as `1672531200` or `1672617600.5`.
    EpochSeconds,
    /// RFC 3339 date and time in UTC, such as `2023-01-01T00:00:00Z`.
    DateTime,
    /// The IMF-fixdate of HTTP (RFC 9110), such as `Sun, 01 Jan 2023 00:00:00 GMT`.
    HttpDate,
}

impl fmt::Display for TimestampFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TimestampFormat::EpochSeconds => "epoch-seconds",
            TimestampFormat::DateTime => "date-time",
            TimestampFormat::HttpDate => "http-date",
        })
    }
}

/// Why a timestamp could not be parsed or converted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimestampError {
    format: Option<TimestampFormat>,
    reason: &'static str,
}

impl TimestampError {
    const fn new(format: TimestampFormat, reason: &'static str) -> Self {
        TimestampError { format: Some(format), reason }
    }

    /// The format that was being read, or `None` for a conversion.
    pub fn format(&self) -> Option<TimestampFormat> {
        self.format
    }

    /// What was wrong.
    pub fn reason(&self) -> &str {
        self.reason
    }
}

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.format {
            Some(format) => write!(f, "invalid {format} timestamp: {}", self.reason),
            None => f.write_str(self.reason),
        }
    }
}

impl std::error::Error for TimestampError {}

impl Timestamp {
    /// 1970-01-01T00:00:00Z.
    pub const UNIX_EPOCH: Timestamp = Timestamp { secs: 0, nanos: 0 };

    /// Whole seconds since the Unix epoch (negative before it).
    pub const fn from_secs(secs: i64) -> Timestamp {
        Timestamp { secs, nanos: 0 }
    }

    /// Seconds since the epoch plus a fraction; `None` when `subsec_nanos` is a second or more.
    pub const fn from_secs_and_nanos(secs: i64, subsec_nanos: u32) -> Option<Timestamp> {
        if subsec_nanos < NANOS_PER_SEC { Some(Timestamp { secs, nanos: subsec_nanos }) } else { None }
    }

    /// Milliseconds since the Unix epoch (negative before it).
    pub const fn from_millis(millis: i64) -> Timestamp {
        let secs = millis.div_euclid(1000);
        // rem_euclid(1000) is in 0..1000, so the product is below one billion.
        let nanos = (millis.rem_euclid(1000) as u32).saturating_mul(1_000_000);
        Timestamp { secs, nanos }
    }

    /// Whole seconds since the epoch, rounded towards negative infinity: -1.5 s gives -2.
    pub const fn secs(self) -> i64 {
        self.secs
    }

    /// Nanoseconds after [`secs`](Self::secs), always below one billion: -1.5 s gives 500000000.
    pub const fn subsec_nanos(self) -> u32 {
        self.nanos
    }

    /// Parses text in the given format.
    pub fn parse(text: &str, format: TimestampFormat) -> Result<Timestamp, TimestampError> {
        match format {
            TimestampFormat::EpochSeconds => parse_epoch_seconds(text),
            TimestampFormat::DateTime => parse_date_time(text),
            TimestampFormat::HttpDate => parse_http_date(text),
        }
    }

    /// The timestamp written in the given format.
    pub fn format(self, format: TimestampFormat) -> String {
        let mut buf = [0u8; 48];
        self.format_into(format, &mut buf).to_owned()
    }

    /// Appends the epoch-seconds text (`1672617600.5`, `-1.5`): the shortest exact decimal.
    pub(crate) fn write_epoch_seconds(self, out: &mut Vec<u8>) {
        write_epoch_seconds(self, out);
    }

    /// Formats into a stack buffer and returns the text; no allocation.
    pub(crate) fn format_into(self, format: TimestampFormat, buf: &mut [u8; 48]) -> &str {
        let mut w = Cursor { buf: &mut *buf, len: 0 };
        match format {
            TimestampFormat::EpochSeconds => write_epoch_seconds(self, &mut w),
            TimestampFormat::DateTime => write_date_time(self, &mut w),
            TimestampFormat::HttpDate => write_http_date(self, &mut w),
        }
        let len = w.len;
        // Only ASCII was written.
        std::str::from_utf8(buf.get(..len).unwrap_or_default()).unwrap_or_default()
    }
}

impl fmt::Display for Timestamp {
    /// RFC 3339, as [`TimestampFormat::DateTime`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = [0u8; 48];
        f.write_str(self.format_into(TimestampFormat::DateTime, &mut buf))
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({self})")
    }
}

impl FromStr for Timestamp {
    type Err = TimestampError;

    /// Parses RFC 3339, as [`TimestampFormat::DateTime`].
    fn from_str(text: &str) -> Result<Timestamp, TimestampError> {
        parse_date_time(text)
    }
}

impl From<SystemTime> for Timestamp {
    /// Exact for every time a `SystemTime` can hold on current platforms; a time more than
    /// `i64::MAX` seconds away from the epoch saturates.
    fn from(time: SystemTime) -> Timestamp {
        match time.duration_since(UNIX_EPOCH) {
            Ok(after) => Timestamp {
                secs: i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
                nanos: after.subsec_nanos(),
            },
            Err(before) => {
                let before = before.duration();
                let secs = i64::try_from(before.as_secs()).unwrap_or(i64::MAX);
                match before.subsec_nanos() {
                    0 => Timestamp { secs: secs.saturating_neg(), nanos: 0 },
                    n => Timestamp { secs: secs.saturating_neg().saturating_sub(1), nanos: NANOS_PER_SEC.saturating_sub(n) },
                }
            }
        }
    }
}

impl TryFrom<Timestamp> for SystemTime {
    type Error = TimestampError;

    /// Fails only when the platform's `SystemTime` cannot reach the timestamp.
    fn try_from(ts: Timestamp) -> Result<SystemTime, TimestampError> {
        let out_of_range = TimestampError { format: None, reason: "timestamp is out of the range of SystemTime" };
        let base = if ts.secs >= 0 {
            UNIX_EPOCH.checked_add(Duration::from_secs(ts.secs.unsigned_abs()))
        } else {
            UNIX_EPOCH.checked_sub(Duration::from_secs(ts.secs.unsigned_abs()))
        };
        base.and_then(|t| t.checked_add(Duration::from_nanos(u64::from(ts.nanos)))).ok_or(out_of_range)
    }
}

/// A fixed buffer being filled; the formats below never exceed it (the longest, a date-time
/// with a 12-digit year and nine fractional digits, is 40 bytes).
struct Cursor<'a> {
    buf: &'a mut [u8; 48],
    len: usize,
}

impl Cursor<'_> {
    fn push(&mut self, byte: u8) {
        if let Some(slot) = self.buf.get_mut(self.len) {
            *slot = byte;
            self.len = self.len.saturating_add(1);
        }
    }

    fn push_str(&mut self, s: &str) {
        s.bytes().for_each(|b| self.push(b));
    }

    /// Decimal digits of `n`, zero-padded to `width`.
    fn push_uint(&mut self, n: u64, width: usize) {
        let mut buf = [0u8; 20];
        let digits = super::decimal_digits(n, &mut buf);
        for _ in digits.len()..width {
            self.push(b'0');
        }
        digits.iter().for_each(|&b| self.push(b));
    }

    /// `.` and the nanoseconds without trailing zeros; nothing when zero.
    fn push_fraction(&mut self, nanos: u32) {
        write_fraction(nanos, self);
    }
}

/// Where the formatters write: a caller's buffer, or a stack buffer.
trait Sink {
    fn put(&mut self, bytes: &[u8]);
}

impl Sink for Vec<u8> {
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

impl Sink for Cursor<'_> {
    fn put(&mut self, bytes: &[u8]) {
        bytes.iter().for_each(|&b| self.push(b));
    }
}

/// `.` and the nanoseconds without trailing zeros; nothing when zero.
fn write_fraction(nanos: u32, out: &mut impl Sink) {
    if nanos == 0 {
        return;
    }
    let mut n = nanos;
    let mut width: usize = 9;
    while n.is_multiple_of(10) {
        n /= 10;
        width = width.saturating_sub(1);
    }
    let mut buf = [0; 20];
    let digits = super::decimal_digits(u64::from(n), &mut buf);
    out.put(b".");
    for _ in digits.len()..width {
        out.put(b"0");
    }
    out.put(digits);
}

/// Epoch seconds, the shortest exact decimal: -1.5 s is stored as secs -2 plus 0.5 s, and
/// written as -(1 + 0.5).
fn write_epoch_seconds(ts: Timestamp, out: &mut impl Sink) {
    let (whole, fraction) = if ts.secs < 0 && ts.nanos > 0 {
        (ts.secs.saturating_add(1).unsigned_abs(), NANOS_PER_SEC.saturating_sub(ts.nanos))
    } else {
        (ts.secs.unsigned_abs(), ts.nanos)
    };
    if ts.secs < 0 {
        out.put(b"-");
    }
    out.put(super::decimal_digits(whole, &mut [0; 20]));
    write_fraction(fraction, out);
}

fn write_year(year: i64, w: &mut Cursor<'_>) {
    if (0..=9999).contains(&year) {
        w.push_uint(year.unsigned_abs(), 4);
    } else {
        // ISO 8601 expanded years; RFC 3339 itself stops at 9999.
        w.push(if year < 0 { b'-' } else { b'+' });
        w.push_uint(year.unsigned_abs(), 4);
    }
}

fn write_date_time(ts: Timestamp, w: &mut Cursor<'_>) {
    let (days, secs_of_day) = (ts.secs.div_euclid(SECS_PER_DAY), ts.secs.rem_euclid(SECS_PER_DAY));
    let (year, month, day) = civil_from_days(days);
    write_year(year, w);
    w.push(b'-');
    w.push_uint(u64::from(month), 2);
    w.push(b'-');
    w.push_uint(u64::from(day), 2);
    w.push(b'T');
    write_clock(secs_of_day, w);
    w.push_fraction(ts.nanos);
    w.push(b'Z');
}

fn write_clock(secs_of_day: i64, w: &mut Cursor<'_>) {
    let s = secs_of_day.unsigned_abs();
    w.push_uint(s / 3600, 2);
    w.push(b':');
    w.push_uint(s / 60 % 60, 2);
    w.push(b':');
    w.push_uint(s % 60, 2);
}

const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

fn write_http_date(ts: Timestamp, w: &mut Cursor<'_>) {
    let (days, secs_of_day) = (ts.secs.div_euclid(SECS_PER_DAY), ts.secs.rem_euclid(SECS_PER_DAY));
    let (year, month, day) = civil_from_days(days);
    // 1970-01-01 was a Thursday.
    let weekday = days.rem_euclid(7).saturating_add(4).rem_euclid(7);
    w.push_str(usize::try_from(weekday).ok().and_then(|i| WEEKDAYS.get(i)).unwrap_or(&"Sun"));
    w.push_str(", ");
    w.push_uint(u64::from(day), 2);
    w.push(b' ');
    w.push_str(usize::try_from(month).ok().and_then(|m| MONTHS.get(m.wrapping_sub(1))).unwrap_or(&"Jan"));
    w.push(b' ');
    write_year(year, w);
    w.push(b' ');
    write_clock(secs_of_day, w);
    w.push_fraction(ts.nanos);
    w.push_str(" GMT");
}

/// Days since 1970-01-01 to a proleptic Gregorian (year, month, day); Howard Hinnant's
/// `civil_from_days`, exact over the whole `i64` seconds range.
#[allow(
    clippy::arithmetic_side_effects,
    reason = "|days| < 1.1e14 (i64 seconds over 86400), so no step comes near i64's range; the commented ranges bound the rest"
)]
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11]
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32; // [1, 31]
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32; // [1, 12]
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// The inverse of `civil_from_days`, for the years a parser accepts (at most twelve digits).
#[allow(
    clippy::arithmetic_side_effects,
    reason = "|year| < 1e12 and month, day come from two digits, so every step stays below 1e15"
)]
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(month);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Reads an exact decimal number of seconds: `-?digits(.digits)?([eE][+-]?digits)?`.
fn parse_epoch_seconds(text: &str) -> Result<Timestamp, TimestampError> {
    const F: TimestampFormat = TimestampFormat::EpochSeconds;
    let bad = |reason| TimestampError::new(F, reason);
    let bytes = text.as_bytes();
    let (negative, rest) = match bytes.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, bytes),
    };
    let int_len = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    let (int_digits, rest) = rest.split_at_checked(int_len).unwrap_or((rest, &[]));
    let (frac_digits, rest) = match rest.split_first() {
        Some((b'.', rest)) => {
            let n = rest.iter().take_while(|b| b.is_ascii_digit()).count();
            if n == 0 {
                return Err(bad("expected digits after the decimal point"));
            }
            rest.split_at_checked(n).unwrap_or((rest, &[]))
        }
        _ => (&[][..], rest),
    };
    if int_digits.is_empty() {
        return Err(bad("expected a number"));
    }
    let exponent: i64 = match rest.split_first() {
        None => 0,
        Some((b'e' | b'E', rest)) => {
            let (sign, digits) = match rest.split_first() {
                Some((b'-', d)) => (-1, d),
                Some((b'+', d)) => (1, d),
                _ => (1, rest),
            };
            if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
                return Err(bad("invalid exponent"));
            }
            // Saturate: any exponent this large is out of range unless the digits are all zero.
            let magnitude = digits.iter().fold(0i64, |acc, &d| acc.saturating_mul(10).saturating_add(digit(d).into()));
            magnitude.min(1_000_000).saturating_mul(sign)
        }
        Some(_) => return Err(bad("unexpected character")),
    };
    // The digits D (integer then fraction) with the decimal point after `point` of them; digit
    // i is worth 10^(point - 1 - i) seconds. Integer digits go to `whole`, the first nine
    // fractional positions to `nanos`, finer ones are dropped.
    const SCALE: [u32; 9] = [100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1];
    let point = i64::try_from(int_digits.len()).unwrap_or(i64::MAX).saturating_add(exponent);
    let mut whole: u64 = 0;
    let mut nanos: u32 = 0;
    let mut index: i64 = 0;
    for &digit_byte in int_digits.iter().chain(frac_digits) {
        let d = digit(digit_byte);
        if index < point {
            whole = whole.checked_mul(10).and_then(|w| w.checked_add(d.into())).ok_or_else(|| bad("out of range"))?;
        } else if let Some(scale) = usize::try_from(index.saturating_sub(point)).ok().and_then(|p| SCALE.get(p)) {
            // At most nine digits, each below ten times its scale: below one billion.
            nanos = nanos.saturating_add(u32::from(d).saturating_mul(*scale));
        }
        index = index.saturating_add(1);
    }
    // Integer digits the exponent asks for beyond those written: zeros.
    if whole != 0 {
        for _ in index..point {
            whole = whole.checked_mul(10).ok_or_else(|| bad("out of range"))?;
        }
    }
    // A negative fraction borrows a second: -1.5 is -2 plus 0.5.
    let secs = if negative {
        0i64.checked_sub_unsigned(whole).and_then(|s| if nanos > 0 { s.checked_sub(1) } else { Some(s) })
    } else {
        i64::try_from(whole).ok()
    };
    let secs = secs.ok_or_else(|| bad("out of range"))?;
    let nanos = if negative && nanos > 0 { NANOS_PER_SEC.saturating_sub(nanos) } else { nanos };
    Ok(Timestamp { secs, nanos })
}

/// Powers of ten that fit a `u64`.
const POW10: [u64; 20] = [
    1,
    10,
    100,
    1_000,
    10_000,
    100_000,
    1_000_000,
    10_000_000,
    100_000_000,
    1_000_000_000,
    10_000_000_000,
    100_000_000_000,
    1_000_000_000_000,
    10_000_000_000_000,
    100_000_000_000_000,
    1_000_000_000_000_000,
    10_000_000_000_000_000,
    100_000_000_000_000_000,
    1_000_000_000_000_000_000,
    10_000_000_000_000_000_000,
];

/// The epoch-seconds timestamp a JSON number at the start of `bytes` writes, read in one pass,
/// with the number's length: the common case (at most 19 significant digits, an exponent that
/// leaves the value within `i64` seconds). `None` for anything else, valid or not, which
/// [`Timestamp::parse`] after the reader's full number check then decides; both give the same
/// timestamp wherever this one gives any (digits past the ninth decimal are dropped).
#[allow(dead_code, reason = "only models with epoch-seconds timestamps in responses read them")]
pub(crate) fn epoch_seconds_prefix(bytes: &[u8]) -> Option<(Timestamp, usize)> {
    let mut at = 0usize;
    let negative = bytes.first() == Some(&b'-');
    if negative {
        at = 1;
    }
    let mut mantissa: u64 = 0;
    let mut digits = 0usize;
    let int_start = at;
    while let Some(&b) = bytes.get(at) {
        if !b.is_ascii_digit() {
            break;
        }
        mantissa = mantissa.checked_mul(10)?.checked_add(u64::from(digit(b)))?;
        at = at.saturating_add(1);
    }
    let int_len = at.saturating_sub(int_start);
    // JSON: at least one integer digit, and no leading zero before another digit.
    if int_len == 0 || (int_len > 1 && bytes.get(int_start) == Some(&b'0')) {
        return None;
    }
    digits = digits.saturating_add(int_len);
    let mut frac_len = 0usize;
    if bytes.get(at) == Some(&b'.') {
        at = at.saturating_add(1);
        while let Some(&b) = bytes.get(at) {
            if !b.is_ascii_digit() {
                break;
            }
            mantissa = mantissa.checked_mul(10)?.checked_add(u64::from(digit(b)))?;
            frac_len = frac_len.saturating_add(1);
            at = at.saturating_add(1);
        }
        if frac_len == 0 {
            return None;
        }
        digits = digits.saturating_add(frac_len);
    }
    if digits > 19 {
        return None;
    }
    let mut exponent: i64 = 0;
    if let Some(b'e' | b'E') = bytes.get(at) {
        at = at.saturating_add(1);
        let sign = match bytes.get(at) {
            Some(b'-') => {
                at = at.saturating_add(1);
                -1
            }
            Some(b'+') => {
                at = at.saturating_add(1);
                1
            }
            _ => 1,
        };
        let exp_start = at;
        while let Some(&b) = bytes.get(at) {
            if !b.is_ascii_digit() {
                break;
            }
            // Small exponents only: a big one is the general path's to judge.
            exponent = exponent.checked_mul(10)?.checked_add(i64::from(digit(b)))?;
            if exponent > 40 {
                return None;
            }
            at = at.saturating_add(1);
        }
        if at == exp_start {
            return None;
        }
        exponent = exponent.saturating_mul(sign);
    }
    // The value is `mantissa` times ten to `shift`.
    let shift = exponent.saturating_sub(i64::try_from(frac_len).ok()?);
    let (whole, nanos) = if shift >= 0 {
        let scale = *POW10.get(usize::try_from(shift).ok()?)?;
        (mantissa.checked_mul(scale)?, 0u32)
    } else {
        let places = usize::try_from(shift.checked_neg()?).ok()?;
        let scale = *POW10.get(places)?;
        let fraction = mantissa.checked_rem(scale)?;
        // The first nine places of the fraction, as nanoseconds; finer ones dropped.
        let nanos = if places <= 9 {
            fraction.checked_mul(*POW10.get(9usize.checked_sub(places)?)?)?
        } else {
            fraction.checked_div(*POW10.get(places.checked_sub(9)?)?)?
        };
        (mantissa.checked_div(scale)?, u32::try_from(nanos).ok()?)
    };
    let whole = i64::try_from(whole).ok()?;
    // A negative fraction borrows a second: -1.5 is -2 plus 0.5.
    let timestamp = match (negative, nanos) {
        (false, _) => Timestamp { secs: whole, nanos },
        (true, 0) => Timestamp { secs: whole.checked_neg()?, nanos: 0 },
        (true, _) => Timestamp { secs: whole.checked_neg()?.checked_sub(1)?, nanos: NANOS_PER_SEC.checked_sub(nanos)? },
    };
    Some((timestamp, at))
}

/// Seconds since midnight of a clock read from two-digit fields.
fn seconds_of_day(hour: u32, minute: u32, second: u32) -> i64 {
    i64::from(hour).saturating_mul(3600).saturating_add(i64::from(minute).saturating_mul(60)).saturating_add(second.into())
}

/// The value of an ASCII digit (callers have checked it is one).
fn digit(byte: u8) -> u8 {
    byte.wrapping_sub(b'0')
}

/// A tiny cursor over ASCII text for the two text formats.
struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
    format: TimestampFormat,
}

impl Scanner<'_> {
    /// Moves past `n` bytes; positions stay within the text, so saturating never bites.
    fn bump(&mut self, n: usize) {
        self.pos = self.pos.saturating_add(n);
    }

    fn err(&self, reason: &'static str) -> TimestampError {
        TimestampError::new(self.format, reason)
    }

    fn digits(&mut self, n: usize, what: &'static str) -> Result<u32, TimestampError> {
        let slice = self.bytes.get(self.pos..self.pos.saturating_add(n)).ok_or_else(|| self.err(what))?;
        if !slice.iter().all(u8::is_ascii_digit) {
            return Err(self.err(what));
        }
        self.bump(n);
        Ok(slice.iter().fold(0u32, |acc, &d| acc.saturating_mul(10).saturating_add(digit(d).into())))
    }

    /// Four digits, or the ISO 8601 expanded form this crate writes for years outside 0 to 9999:
    /// a sign and four to twelve digits.
    fn year(&mut self) -> Result<i64, TimestampError> {
        let sign = match self.bytes.get(self.pos) {
            Some(b'+') => 1,
            Some(b'-') => -1,
            _ => return self.digits(4, "invalid year").map(i64::from),
        };
        self.bump(1);
        let len = self.bytes.get(self.pos..).unwrap_or_default().iter().take_while(|b| b.is_ascii_digit()).count();
        if !(4..=12).contains(&len) {
            return Err(self.err("invalid year"));
        }
        let digits = self.bytes.get(self.pos..self.pos.saturating_add(len)).unwrap_or_default();
        self.bump(len);
        // At most twelve digits: far inside `i64`.
        Ok(digits.iter().fold(0i64, |acc, &d| acc.saturating_mul(10).saturating_add(digit(d).into())).saturating_mul(sign))
    }

    fn expect(&mut self, byte: u8, reason: &'static str) -> Result<(), TimestampError> {
        match self.bytes.get(self.pos) {
            Some(&b) if b == byte => {
                self.bump(1);
                Ok(())
            }
            _ => Err(self.err(reason)),
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        let hit = self.bytes.get(self.pos).is_some_and(|b| b.eq_ignore_ascii_case(&byte));
        if hit {
            self.bump(1);
        }
        hit
    }

    /// `.digits`, if present, as nanoseconds; digits past the ninth are dropped.
    fn fraction(&mut self) -> Result<u32, TimestampError> {
        if !self.eat(b'.') {
            return Ok(0);
        }
        let start = self.pos;
        let mut nanos = 0u32;
        while let Some(&d) = self.bytes.get(self.pos).filter(|d| d.is_ascii_digit()) {
            // Nine digits at most: below one billion.
            if self.pos.saturating_sub(start) < 9 {
                nanos = nanos.saturating_mul(10).saturating_add(digit(d).into());
            }
            self.bump(1);
        }
        let count = self.pos.saturating_sub(start);
        if count == 0 {
            return Err(self.err("expected digits after the decimal point"));
        }
        for _ in count..9 {
            nanos = nanos.saturating_mul(10);
        }
        Ok(nanos)
    }

    fn clock(&mut self) -> Result<(u32, u32, u32), TimestampError> {
        let hour = self.digits(2, "invalid hour")?;
        self.expect(b':', "expected `:` after the hour")?;
        let minute = self.digits(2, "invalid minute")?;
        self.expect(b':', "expected `:` after the minute")?;
        let second = self.digits(2, "invalid second")?;
        if hour > 23 || minute > 59 || second > 59 {
            return Err(self.err("time of day out of range"));
        }
        Ok((hour, minute, second))
    }

    fn done(&self) -> Result<(), TimestampError> {
        if self.pos == self.bytes.len() { Ok(()) } else { Err(self.err("unexpected trailing characters")) }
    }
}

fn assemble(
    s: &Scanner<'_>,
    (year, month, day): (i64, u32, u32),
    (hour, minute, second): (u32, u32, u32),
    nanos: u32,
    offset_secs: i64,
) -> Result<Timestamp, TimestampError> {
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return Err(s.err("date out of range"));
    }
    // Years of twelve digits reach past what `i64` seconds hold: computed wide, then checked.
    // The clock and offset come from two-digit fields; the days are below 1e15 (see above).
    let clock = seconds_of_day(hour, minute, second);
    let secs = i128::from(days_from_civil(year, month, day))
        .saturating_mul(i128::from(SECS_PER_DAY))
        .saturating_add(i128::from(clock))
        .saturating_sub(i128::from(offset_secs));
    let secs = i64::try_from(secs).map_err(|_| s.err("out of range"))?;
    Ok(Timestamp { secs, nanos })
}

/// RFC 3339: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)`, `T` and `Z` in either case.
fn parse_date_time(text: &str) -> Result<Timestamp, TimestampError> {
    let mut s = Scanner { bytes: text.as_bytes(), pos: 0, format: TimestampFormat::DateTime };
    let year = s.year()?;
    s.expect(b'-', "expected `-` after the year")?;
    let month = s.digits(2, "invalid month")?;
    s.expect(b'-', "expected `-` after the month")?;
    let day = s.digits(2, "invalid day")?;
    if !s.eat(b'T') {
        return Err(s.err("expected `T` between date and time"));
    }
    let clock = s.clock()?;
    let nanos = s.fraction()?;
    let offset = if s.eat(b'Z') {
        0
    } else {
        let negative = match s.bytes.get(s.pos) {
            Some(b'+') => false,
            Some(b'-') => true,
            _ => return Err(s.err("expected `Z` or an offset such as `+01:00`")),
        };
        s.bump(1);
        let hours = s.digits(2, "invalid offset hours")?;
        s.expect(b':', "expected `:` in the offset")?;
        let minutes = s.digits(2, "invalid offset minutes")?;
        if hours > 23 || minutes > 59 {
            return Err(s.err("offset out of range"));
        }
        let offset = seconds_of_day(hours, minutes, 0);
        if negative { offset.saturating_neg() } else { offset }
    };
    s.done()?;
    assemble(&s, (year, month, day), clock, nanos, offset)
}

/// IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`, with optional fractional seconds.
fn parse_http_date(text: &str) -> Result<Timestamp, TimestampError> {
    let mut s = Scanner { bytes: text.as_bytes(), pos: 0, format: TimestampFormat::HttpDate };
    let weekday = s.bytes.get(0..3).ok_or_else(|| s.err("expected a day name"))?;
    if !WEEKDAYS.iter().any(|d| d.as_bytes() == weekday) {
        return Err(s.err("expected a day name"));
    }
    s.pos = 3;
    s.expect(b',', "expected `,` after the day name")?;
    s.expect(b' ', "expected a space")?;
    let day = s.digits(2, "invalid day")?;
    s.expect(b' ', "expected a space")?;
    let month_name = s.bytes.get(s.pos..s.pos.saturating_add(3)).ok_or_else(|| s.err("expected a month name"))?;
    let month = MONTHS.iter().position(|m| m.as_bytes() == month_name).ok_or_else(|| s.err("expected a month name"))?;
    s.bump(3);
    s.expect(b' ', "expected a space")?;
    let year = s.year()?;
    s.expect(b' ', "expected a space")?;
    let clock = s.clock()?;
    let nanos = s.fraction()?;
    s.expect(b' ', "expected ` GMT`")?;
    for &b in b"GMT" {
        s.expect(b, "expected ` GMT`")?;
    }
    s.done()?;
    let month = u32::try_from(month.saturating_add(1)).unwrap_or(0);
    assemble(&s, (year, month, day), clock, nanos, 0)
}
