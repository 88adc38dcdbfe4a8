//! Property tests of the crate's response parsers (runtime support copied from the generator).
//!
//! Each operation's parser gets the responses the generator wrote from the model (every member
//! set), then those responses broken every way we could think of: every prefix; every member
//! value swapped for numbers far outside any type, strings where numbers belong and the other
//! way round, invalid UTF-8, lone surrogates, nesting thousands of levels deep, huge strings;
//! duplicated keys; flipped, inserted and deleted bytes; arbitrary bytes; odd statuses and error
//! headers; every header a member is bound to given text no type holds, left out or sent twice.
//! Every input must give the output, a modeled error, an unhandled error or a parse error, never
//! a panic; a value swapped into a member's place (in the body or a header) that the parser
//! rejects must be reported at that member or inside it; offsets must lie within the body.
//!
//! `FUZZ_CASES` sets the number of random cases per parser (default 2,000; the success and the
//! error parser of an operation count as two parsers), `FUZZ_SEED` the random seed, `FUZZ_HUGE`
//! the size of the huge values (default 256 KiB) and `FUZZ_DEEP` the depth of the deep ones
//! (default 10,000).

#![allow(dead_code, reason = "each test binary uses what its operations need")]

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

/// A valid response written by the generator.
pub struct Seed {
    /// The HTTP status.
    pub status: u16,
    /// The body: every member of the output or error set.
    pub body: &'static str,
    /// The error code, for error responses.
    pub code: Option<&'static str>,
    /// The headers the HTTP bindings read, every bound one set: name, value, and the member it
    /// is read into (none for a prefix-headers entry, which takes any value).
    pub headers: &'static [(&'static str, &'static str, Option<&'static str>)],
    /// For an XML body, its member values: the byte range of each's text and its member path
    /// (a JSON body's values are found by reading it).
    pub slots: Option<&'static [(usize, usize, &'static str)]>,
}

/// What a parser made of a response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The operation's output.
    Output,
    /// One of the operation's modeled errors.
    Modeled,
    /// The catch-all error.
    Unhandled,
    /// A response that could not be parsed: where, and at which member.
    Malformed {
        /// The member path the parser reported.
        path: String,
        /// The byte offset the parser reported.
        offset: usize,
        /// The problem is a union with no variant or several, reported at the union.
        union: bool,
        /// For an error response whose code names a modeled error, the code the error kept.
        code: Option<String>,
    },
}

/// An operation's parser: status, headers, body.
pub type Parse = fn(u16, &[(String, Vec<u8>)], &[u8]) -> Outcome;

/// One input and what is known about it.
struct Case {
    what: String,
    status: u16,
    headers: Vec<(String, Vec<u8>)>,
    body: Vec<u8>,
    /// The member path of a value swapped in, when the rest of the body is intact.
    swapped: Option<Vec<Step>>,
    /// The code of the modeled error whose body it is, when the code is intact.
    code: Option<&'static str>,
}

/// One step of a path, by name or by index: members and map keys are both names.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Step {
    Name(String),
    Index(usize),
}

/// A value in a seed body: where it is and whose it is.
#[derive(Clone, Debug)]
struct Slot {
    start: usize,
    end: usize,
    path: Vec<Step>,
    /// False for the keys that identify an error (`__type`), which are no member.
    member: bool,
}

/// A deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Nesting far beyond any parser's depth limit (and AWS's SDKs' 200 levels): `FUZZ_DEEP`
/// levels, 10,000 by default.
fn deep() -> usize {
    env_number("FUZZ_DEEP", 10_000) as usize
}

/// Huge strings and numbers: `FUZZ_HUGE` bytes, 256 KiB by default. Parsing them is most of a
/// debug build's time, so checks of many crates at once may ask for less.
fn huge() -> usize {
    env_number("FUZZ_HUGE", 256 * 1024) as usize
}

/// A value to swap in for a member's.
struct Nasty {
    bytes: Vec<u8>,
    /// A whole JSON value: a parser that rejects it must say at which member. Broken JSON can
    /// end a value early or late (`"abc` swallows what follows), so only absence of panics and
    /// sane offsets are checked for it.
    whole: bool,
}

/// Every JSON type, numbers no type holds, text the readers must reject, and broken JSON.
fn nasty_values() -> Vec<Nasty> {
    let whole = [
        "null", "true", "false", "0", "-0", "-0.0", "1.5", "-1", "255", "256", "-129", "32768", "2147483648",
        "-2147483649", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
        "123456789012345678901234567890", "-123456789012345678901234567890", "1e400", "-1e400", "1e-400",
        "4.9e-324", "1.7976931348623157e308", "3.4028235e38", "3.5e38", "1E+2", "0e0", "\"\"", "\"x\"",
        "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"nan\"", "\"1\"", "\"true\"", "\"2023-13-45T25:61:61Z\"",
        "\"2023-11-14T22:13:20.123456789123Z\"", "\"Tue, 14 Nov 2023 22:13:20 GMT\"", "\"@@==\"", "\"aGVsbG8\"",
        "\"\\ud800\"", "\"\\udc00\\ud800\"", "\"\\uD83D\\uDE00\"", "\"\\u0000\"", "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"",
        "[]", "[null]", "[1,\"a\",{},[],null,true]", "{}", "{\"a\":null}", "{\"__type\":\"X\",\"message\":1}",
    ];
    let broken = [
        "NaN", "nan", "Infinity", "+1", "01", "-", "1.", ".5", "1e", "tru", "nul", "\"abc", "\"\\x\"", "[1,",
        "{\"a\"", "{\"a\":}", "}", "]", ",", ":", "", "\"a\u{1}b\"",
    ];
    let mut values = listed(&whole, &broken);
    // Invalid UTF-8 inside strings: a stray byte, an overlong encoding, a UTF-8 surrogate, a
    // truncated sequence. The string is whole; its reader must reject it where it is.
    for bytes in [&b"\xff\xfe"[..], b"\xc0\x80", b"\xed\xa0\x80", b"\xe2\x82", b"\x80"] {
        let mut value = b"\"".to_vec();
        value.extend_from_slice(bytes);
        value.push(b'"');
        values.push(Nasty { bytes: value, whole: true });
    }
    values
}

/// Values given as text: the `whole` ones, then the `broken` ones.
fn listed(whole: &[&str], broken: &[&str]) -> Vec<Nasty> {
    whole
        .iter()
        .map(|v| Nasty { bytes: v.as_bytes().to_vec(), whole: true })
        .chain(broken.iter().map(|v| Nasty { bytes: v.as_bytes().to_vec(), whole: false }))
        .collect()
}

/// Element text no type holds or only some do, text the readers must reject, and broken XML.
fn nasty_xml_values() -> Vec<Nasty> {
    let whole = [
        "", " ", "x", "true", "TRUE", "0", "-0", "1.5", "-1", "255", "256", "-129", "32768", "2147483648",
        "-2147483649", "9223372036854775808", "123456789012345678901234567890", "1e400", "-1e400", "1e-400",
        "NaN", "nan", "Infinity", "-Infinity", "+Infinity", "inf", "2023-13-45T25:61:61Z",
        "2023-11-14T22:13:20.123456789123Z", "Tue, 14 Nov 2023 22:13:20 GMT", "@@==", "aGVsbG8", "&amp;&lt;&gt;",
        "&#65;&#x42;", "&#0;", "&#xD800;", "&#x110000;", "&bogus;", "&", "&#;", "<![CDATA[7]]>",
        "<![CDATA[<x>]]>", "<!-- c -->1", "<?pi x?>1", "<x/>", "<x>1</x>", "<member>1</member>", " 7 ",
    ];
    let broken = ["<", "</", "<x>", "</x>", "<![CDATA[", "<!--", "<?", "<x a='1>", "]]>", "\u{0}"];
    let mut values = listed(&whole, &broken);
    for bytes in [&b"\xff\xfe"[..], b"\xc0\x80", b"\xed\xa0\x80", b"\xe2\x82", b"\x80"] {
        values.push(Nasty { bytes: bytes.to_vec(), whole: true });
    }
    values
}

/// XML values too large to swap in everywhere: deep nesting, huge text and numbers.
fn huge_xml_values() -> Vec<Nasty> {
    let (deep, huge_len) = (deep(), huge());
    let mut deep_elements = b"<a>".repeat(deep);
    deep_elements.extend(b"</a>".repeat(deep));
    let unclosed = b"<a>".repeat(deep);
    let huge = vec![b'a'; huge_len];
    let entities = b"&#xe9;&amp;".repeat(huge_len / 11);
    let huge_number = vec![b'9'; huge_len];
    [(deep_elements, true), (unclosed, false), (huge, true), (entities, true), (huge_number, true)]
        .into_iter()
        .map(|(bytes, whole)| Nasty { bytes, whole })
        .collect()
}

/// Header values no bound type holds, or only some do: empty, numbers out of range, special
/// floats, broken dates, base64 and quoting, control characters, bytes that are not UTF-8, and
/// huge ones.
fn nasty_header_values() -> Vec<Vec<u8>> {
    let text: [&[u8]; 36] = [
        b"", b" ", b"x", b"-1", b"-0", b"1.5", b"1e400", b"-1e400", b"256", b"-129", b"32768", b"2147483648",
        b"9223372036854775808", b"123456789012345678901234567890", b"NaN", b"nan", b"-Infinity", b"true", b"TRUE",
        b"2023-13-45T25:61:61Z", b"Tue, 14 Nov 2023 22:13:20 GMT", b"Mon, 32 Foo 2023 99:99:99 GMT", b"1700000000.123",
        b"@@==", b"aGVsbG8", b"\"unclosed", b"\"a\", \"b\"", b"a,,b", b",", b"\\", b"\"\\\"", b"\xff\xfe", b"\xc3\xa9",
        b"\t x \t", b"a\x00b", b"\r\n",
    ];
    let huge = huge();
    let mut values: Vec<Vec<u8>> = text.iter().map(|v| v.to_vec()).collect();
    values.push(vec![b'a'; huge]);
    values.push(vec![b'9'; huge]);
    values.push(b"a,".repeat(huge / 2));
    values.push(vec![b'"'; huge]);
    values
}

/// Values too large to swap in everywhere: deep nesting, huge strings and numbers.
fn huge_values() -> Vec<Nasty> {
    let (deep, huge_len) = (deep(), huge());
    let mut deep_array = vec![b'['; deep];
    deep_array.extend(std::iter::repeat_n(b']', deep));
    let mut deep_object = b"{\"a\":".repeat(deep);
    deep_object.extend_from_slice(b"null");
    deep_object.extend(std::iter::repeat_n(b'}', deep));
    let unclosed = vec![b'['; deep];
    let mut huge = vec![b'"'];
    huge.extend(std::iter::repeat_n(b'a', huge_len));
    huge.push(b'"');
    let mut escapes = vec![b'"'];
    escapes.extend(b"\\u00e9\\n".repeat(huge_len / 8));
    escapes.push(b'"');
    let huge_number = vec![b'9'; huge_len];
    [(deep_array, true), (deep_object, true), (unclosed, false), (huge, true), (escapes, true), (huge_number, true)]
        .into_iter()
        .map(|(bytes, whole)| Nasty { bytes, whole })
        .collect()
}

/// The values of a seed body, with their paths: those the generator gave for an XML seed, else
/// found in the generator's own compact JSON.
fn slots(seed: &Seed, error: bool) -> Vec<Slot> {
    if let Some(slots) = seed.slots {
        return slots.iter().map(|&(start, end, path)| Slot { start, end, path: parse_path(path), member: true }).collect();
    }
    let body = seed.body.as_bytes();
    let mut out = Vec::new();
    let mut pos = 0;
    scan_value(body, &mut pos, &mut Vec::new(), error, &mut out);
    out
}

fn skip_ws(body: &[u8], pos: &mut usize) {
    while body.get(*pos).is_some_and(|b| b.is_ascii_whitespace()) {
        *pos += 1;
    }
}

fn scan_string(body: &[u8], pos: &mut usize) -> String {
    let start = *pos + 1;
    *pos += 1;
    while let Some(&b) = body.get(*pos) {
        *pos += 1;
        match b {
            b'\\' => *pos += 1,
            b'"' => break,
            _ => {}
        }
    }
    String::from_utf8_lossy(&body[start..pos.saturating_sub(1).max(start)]).into_owned()
}

fn scan_value(body: &[u8], pos: &mut usize, path: &mut Vec<Step>, error: bool, out: &mut Vec<Slot>) {
    skip_ws(body, pos);
    let start = *pos;
    let index = out.len();
    let member = !(error && path.len() == 1 && path[0] == Step::Name("__type".to_owned()));
    let pushed = !path.is_empty();
    if pushed {
        out.push(Slot { start, end: start, path: path.clone(), member });
    }
    match body.get(*pos) {
        Some(b'{') => {
            *pos += 1;
            loop {
                skip_ws(body, pos);
                match body.get(*pos) {
                    Some(b'}') => {
                        *pos += 1;
                        break;
                    }
                    Some(b',') => *pos += 1,
                    Some(b'"') => {
                        let key = scan_string(body, pos);
                        skip_ws(body, pos);
                        *pos += 1; // the colon
                        path.push(Step::Name(key));
                        scan_value(body, pos, path, error, out);
                        path.pop();
                    }
                    _ => break,
                }
            }
        }
        Some(b'[') => {
            *pos += 1;
            let mut i = 0;
            loop {
                skip_ws(body, pos);
                match body.get(*pos) {
                    Some(b']') => {
                        *pos += 1;
                        break;
                    }
                    Some(b',') => *pos += 1,
                    Some(_) => {
                        path.push(Step::Index(i));
                        scan_value(body, pos, path, error, out);
                        path.pop();
                        i += 1;
                    }
                    None => break,
                }
            }
        }
        Some(b'"') => {
            scan_string(body, pos);
        }
        Some(_) => {
            while body.get(*pos).is_some_and(|b| !matches!(b, b',' | b'}' | b']') && !b.is_ascii_whitespace()) {
                *pos += 1;
            }
        }
        None => {}
    }
    if pushed && let Some(slot) = out.get_mut(index) {
        slot.end = *pos;
    }
}

/// A reported path (`A.B[0]["k"]`) as steps.
fn parse_path(text: &str) -> Vec<Step> {
    let mut steps = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("[\"") {
            // A map key, written with Rust's string escapes; seed keys have none.
            let end = after.find("\"]").unwrap_or(after.len());
            steps.push(Step::Name(after[..end].to_owned()));
            rest = after.get(end + 2..).unwrap_or_default();
        } else if let Some(after) = rest.strip_prefix('[') {
            let end = after.find(']').unwrap_or(after.len());
            steps.push(Step::Index(after[..end].parse().unwrap_or(usize::MAX)));
            rest = after.get(end + 1..).unwrap_or_default();
        } else {
            let rest_trimmed = rest.strip_prefix('.').unwrap_or(rest);
            let end = rest_trimmed.find(['.', '[']).unwrap_or(rest_trimmed.len());
            steps.push(Step::Name(rest_trimmed[..end].to_owned()));
            rest = &rest_trimmed[end..];
        }
    }
    steps
}

fn splice(body: &[u8], start: usize, end: usize, value: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len() + value.len());
    out.extend_from_slice(&body[..start]);
    out.extend_from_slice(value);
    out.extend_from_slice(&body[end..]);
    out
}

fn request_id() -> (String, Vec<u8>) {
    ("x-amzn-requestid".to_owned(), b"fuzz".to_vec())
}

/// A response's headers: names and values.
type Headers = Vec<(String, Vec<u8>)>;

/// A seed's headers: the request id and those the members are read from.
fn seed_headers(seed: &Seed) -> Headers {
    std::iter::once(request_id())
        .chain(seed.headers.iter().map(|(name, value, _)| ((*name).to_owned(), value.as_bytes().to_vec())))
        .collect()
}

/// Tallies of one parser's run.
#[derive(Default)]
struct Tally {
    cases: u64,
    output: u64,
    modeled: u64,
    unhandled: u64,
    malformed: u64,
    bytes: u64,
    slowest: Duration,
    slowest_len: usize,
}

impl Tally {
    fn add(&mut self, outcome: &Outcome, len: usize, took: Duration) {
        self.cases += 1;
        self.bytes += len as u64;
        match outcome {
            Outcome::Output => self.output += 1,
            Outcome::Modeled => self.modeled += 1,
            Outcome::Unhandled => self.unhandled += 1,
            Outcome::Malformed { .. } => self.malformed += 1,
        }
        if took > self.slowest {
            self.slowest = took;
            self.slowest_len = len;
        }
    }
}

/// Runs one case; a panic or a broken property fails the test with the input to reproduce it.
fn run_case(operation: &str, parse: Parse, case: &Case, tally: &mut Tally) {
    let started = Instant::now();
    let result = catch_unwind(AssertUnwindSafe(|| parse(case.status, &case.headers, &case.body)));
    let took = started.elapsed();
    let outcome = match result {
        Ok(outcome) => outcome,
        Err(_) => fail(operation, case, "the parser panicked"),
    };
    if let Outcome::Malformed { path, offset, union, code } = &outcome {
        if *offset > case.body.len() {
            fail(operation, case, &format!("offset {offset} is past the end of the body"));
        }
        if let Some(swapped) = &case.swapped {
            // At the member or inside it; a union's variant count is reported at the union.
            let reported = parse_path(path);
            let named = reported.starts_with(swapped) || (*union && swapped.starts_with(&reported));
            if !named {
                fail(operation, case, &format!("the error names {path:?}, not the member the value was swapped into"));
            }
            // A modeled error whose member is broken keeps its code.
            if case.code.is_some() && code.as_deref() != case.code {
                fail(operation, case, &format!("the error lost its code: {code:?}, not {:?}", case.code));
            }
        }
    }
    tally.add(&outcome, case.body.len(), took);
}

fn fail(operation: &str, case: &Case, why: &str) -> ! {
    let shown = |bytes: &[u8]| {
        let text = String::from_utf8_lossy(&bytes[..bytes.len().min(2000)]).into_owned();
        if bytes.len() > 2000 { format!("{text}... ({} bytes)", bytes.len()) } else { text }
    };
    let headers: Vec<String> = case.headers.iter().map(|(k, v)| format!("{k}: {}", shown(v))).collect();
    panic!(
        "{operation}: {why}\n  case: {}\n  status: {}\n  headers: {headers:?}\n  body: {}",
        case.what,
        case.status,
        shown(&case.body)
    );
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.replace('_', "").parse().ok()).unwrap_or(default)
}

/// Checks one operation's parsers against its seeds: first the seeds as they are, then every
/// prefix, every swapped member value, then random cases.
pub fn check(operation: &str, seeds: &[Seed], parse: Parse) {
    let cases = env_number("FUZZ_CASES", 2_000);
    let mut rng = Rng(env_number("FUZZ_SEED", 0x5EED) ^ operation.bytes().fold(0u64, |h, b| h.rotate_left(5) ^ u64::from(b)));
    let (json_nasty, xml_nasty) = (nasty_values(), nasty_xml_values());
    let (json_huge, xml_huge) = (huge_values(), huge_xml_values());
    let header_values = nasty_header_values();
    let codes: Vec<&str> = seeds.iter().filter_map(|s| s.code).collect();
    let started = Instant::now();
    let mut tallies = [Tally::default(), Tally::default()];
    for seed in seeds {
        let (nasty, huge) = if seed.slots.is_some() { (&xml_nasty, &xml_huge) } else { (&json_nasty, &json_huge) };
        let error = seed.code.is_some();
        let tally = &mut tallies[usize::from(error)];
        let body = seed.body.as_bytes();
        let expected = if error { Outcome::Modeled } else { Outcome::Output };
        // The seed itself, with the code in the body, and in the header as well.
        let mut headers = seed_headers(seed);
        let case = Case {
            what: "the seed".to_owned(),
            status: seed.status,
            headers: headers.clone(),
            body: body.to_vec(),
            swapped: None,
            code: None,
        };
        let outcome = parse(seed.status, &headers, body);
        if outcome != expected {
            fail(operation, &case, &format!("the seed gave {outcome:?}, not {expected:?}"));
        }
        run_case(operation, parse, &case, tally);
        if let Some(code) = seed.code {
            headers.push(("X-Amzn-Errortype".to_owned(), format!("{code}:http://internal.amazon.com/").into_bytes()));
            let outcome = parse(seed.status, &headers, body);
            if outcome != expected {
                fail(operation, &Case { headers, ..case }, &format!("the seed gave {outcome:?}, not {expected:?}"));
            }
        }
        // Every prefix (of a large seed, five hundred evenly spread).
        let step = body.len().div_ceil(500).max(1);
        for len in (0..body.len()).step_by(step) {
            let case = Case {
                what: format!("the seed cut to {len} bytes"),
                status: seed.status,
                headers: seed_headers(seed),
                body: body[..len].to_vec(),
                swapped: None,
                code: None,
            };
            run_case(operation, parse, &case, tally);
        }
        // Every value swapped for every nasty value (of a large seed, sixty-four values evenly
        // spread); the huge ones at a few places.
        let slots = slots(seed, error);
        let stride = slots.len().div_ceil(64).max(1);
        let slots: Vec<&Slot> = slots.iter().step_by(stride).collect();
        let every = slots.len().div_ceil(4).max(1);
        for (i, slot) in slots.iter().enumerate() {
            let values = nasty.iter().chain(huge.iter().filter(|_| i % every == 0));
            for value in values {
                let shown = String::from_utf8_lossy(&value.bytes[..value.bytes.len().min(40)]).into_owned();
                let case = Case {
                    what: format!("value at {:?} swapped for {shown}", slot.path),
                    status: seed.status,
                    headers: seed_headers(seed),
                    body: splice(body, slot.start, slot.end, &value.bytes),
                    swapped: (slot.member && value.whole).then(|| slot.path.clone()),
                    code: seed.code.filter(|_| slot.member && value.whole),
                };
                run_case(operation, parse, &case, tally);
            }
        }
        // Every bound header given every nasty value, left out, and sent twice.
        for (i, (name, value, member)) in seed.headers.iter().enumerate() {
            let at = i + 1;
            let swapped = member.map(|m| vec![Step::Name(m.to_owned())]);
            let mut variants: Vec<(String, Headers)> = header_values
                .iter()
                .map(|nasty| {
                    let mut headers = seed_headers(seed);
                    headers[at].1 = nasty.clone();
                    let shown = String::from_utf8_lossy(&nasty[..nasty.len().min(40)]).into_owned();
                    (format!("header {name} set to {shown:?}"), headers)
                })
                .collect();
            let mut without = seed_headers(seed);
            without.remove(at);
            variants.push((format!("header {name} left out"), without));
            let mut twice = seed_headers(seed);
            twice.push(((*name).to_owned(), value.as_bytes().to_vec()));
            variants.push((format!("header {name} sent twice"), twice));
            for (what, headers) in variants {
                let case = Case {
                    what,
                    status: seed.status,
                    headers,
                    body: body.to_vec(),
                    swapped: swapped.clone(),
                    code: seed.code.filter(|_| member.is_some()),
                };
                run_case(operation, parse, &case, tally);
            }
        }
    }
    // Random cases, half from the success seeds, half from the error seeds.
    for error in [false, true] {
        let pool: Vec<(&Seed, Vec<Slot>)> =
            seeds.iter().filter(|s| s.code.is_some() == error).map(|s| (s, slots(s, error))).collect();
        if pool.is_empty() {
            continue;
        }
        for n in 0..cases {
            let (seed, slots) = rng.pick(&pool);
            let nasty = if seed.slots.is_some() { &xml_nasty } else { &json_nasty };
            let case = random_case(&mut rng, seed, slots, nasty, &header_values, &codes, n);
            run_case(operation, parse, &case, &mut tallies[usize::from(error)]);
        }
    }
    for (tally, which) in tallies.iter().zip(["success", "error"]) {
        if tally.cases > 0 {
            println!(
                "{operation} ({which} parser): {} cases, {} bytes: {} output, {} modeled, {} unhandled, {} malformed; slowest {:?} ({} bytes)",
                tally.cases,
                tally.bytes,
                tally.output,
                tally.modeled,
                tally.unhandled,
                tally.malformed,
                tally.slowest,
                tally.slowest_len
            );
        }
    }
    println!("{operation}: done in {:?}", started.elapsed());
}

/// A random input built from a seed.
fn random_case(
    rng: &mut Rng,
    seed: &Seed,
    slots: &[Slot],
    nasty: &[Nasty],
    header_values: &[Vec<u8>],
    codes: &[&str],
    n: u64,
) -> Case {
    let mut body = seed.body.as_bytes().to_vec();
    let mut headers = seed_headers(seed);
    let mut what = Vec::new();
    let mut swapped = None;
    let mut code = None;
    match rng.below(9) {
        0 => {
            // Arbitrary bytes, sometimes from the body format's alphabet.
            let len = rng.below(256);
            let alphabet: &[u8] = if seed.slots.is_some() {
                b"<>/=\"'&;#x![]CDATA-?ab01 \x00\xff"
            } else {
                b"{}[]\":,0123456789-+.eEtrufalsn \\/u\x00\xff"
            };
            body = (0..len)
                .map(|_| if rng.chance(2) { *rng.pick(alphabet) } else { rng.next() as u8 })
                .collect();
            what.push("arbitrary bytes".to_owned());
        }
        1 | 2 if !slots.is_empty() => {
            // A value swapped for a nasty one, or for another value of the same body.
            let slot = rng.pick(slots).clone();
            let (value, whole) = if rng.chance(2) {
                let nasty = rng.pick(nasty);
                (nasty.bytes.clone(), nasty.whole)
            } else {
                let other = rng.pick(slots);
                (body[other.start..other.end].to_vec(), true)
            };
            what.push(format!("value at {:?} swapped for {}", slot.path, String::from_utf8_lossy(&value)));
            body = splice(&body, slot.start, slot.end, &value);
            swapped = (slot.member && whole).then_some(slot.path);
        }
        3 if !slots.is_empty() && seed.slots.is_none() => {
            // A key repeated with another value: the last one wins, or is rejected by name.
            let slot = rng.pick(slots).clone();
            if let Some(Step::Name(key)) = slot.path.last() {
                let value = rng.pick(nasty);
                let mut pair = format!(",\"{key}\":").into_bytes();
                pair.extend_from_slice(&value.bytes);
                what.push(format!("key {key:?} repeated with {}", String::from_utf8_lossy(&value.bytes)));
                body = splice(&body, slot.end, slot.end, &pair);
                swapped = (slot.member && value.whole).then_some(slot.path);
            }
        }
        8 if !seed.headers.is_empty() => {
            // A bound header given a nasty value.
            let at = rng.below(seed.headers.len());
            let (name, _, member) = seed.headers[at];
            let value = rng.pick(header_values).clone();
            what.push(format!("header {name} set to {:?}", String::from_utf8_lossy(&value[..value.len().min(40)])));
            headers[at + 1].1 = value;
            swapped = member.map(|m| vec![Step::Name(m.to_owned())]);
            code = seed.code.filter(|_| member.is_some());
        }
        _ => {
            // Byte edits.
            for _ in 0..=rng.below(4) {
                let at = rng.below(body.len() + 1);
                match rng.below(6) {
                    0 if at < body.len() => {
                        body[at] ^= 1 << rng.below(8);
                        what.push(format!("bit flipped at {at}"));
                    }
                    1 => {
                        body.insert(at, rng.next() as u8);
                        what.push(format!("byte inserted at {at}"));
                    }
                    2 if at < body.len() => {
                        let end = (at + 1 + rng.below(16)).min(body.len());
                        body.drain(at..end);
                        what.push(format!("bytes {at}..{end} deleted"));
                    }
                    3 if at < body.len() => {
                        let end = (at + 1 + rng.below(32)).min(body.len());
                        let copy = body[at..end].to_vec();
                        body.splice(at..at, copy);
                        what.push(format!("bytes {at}..{end} repeated"));
                    }
                    4 => {
                        let value = &rng.pick(nasty).bytes;
                        body.splice(at..at, value.iter().copied());
                        what.push(format!("{} inserted at {at}", String::from_utf8_lossy(value)));
                    }
                    _ => {
                        body.truncate(at);
                        what.push(format!("cut at {at}"));
                    }
                }
            }
        }
    }
    let mut error_headers = false;
    let status = match rng.below(10) {
        0 => *rng.pick(&[0, 100, 199, 200, 204, 299, 300, 400, 404, 500, 503, 599, 999, u16::MAX]),
        _ => seed.status,
    };
    if rng.chance(4) {
        let code: Vec<u8> = match (rng.below(5), codes.is_empty()) {
            (0, _) => b"".to_vec(),
            (1, _) => b"\xff\xfe".to_vec(),
            (2, _) => b"::##".to_vec(),
            (3, false) => format!("aws.example#{}:http://internal/", rng.pick(codes)).into_bytes(),
            (_, false) => rng.pick(codes).as_bytes().to_vec(),
            (_, true) => b"SomeError".to_vec(),
        };
        what.push(format!("X-Amzn-Errortype {:?}", String::from_utf8_lossy(&code)));
        headers.push(("X-Amzn-Errortype".to_owned(), code));
        error_headers = true;
    }
    if rng.chance(8) {
        headers.push(("x-amzn-query-error".to_owned(), b"Some.Code;Sender".to_vec()));
        what.push("x-amzn-query-error".to_owned());
        error_headers = true;
    }
    // Another status or error code may pick another parser, for which the swapped value is no
    // member: then only the absence of panics is checked.
    if status != seed.status || error_headers {
        swapped = None;
    }
    Case { what: format!("random case {n}: {}", what.join(", ")), status, headers, body, swapped, code }
}
