//! A pull parser over a response body: strict JSON (RFC 8259), no recursion of its own, a depth
//! limit for the generated parsers that do recurse, and errors that carry the byte offset and,
//! as they travel up, the member path.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::base64;
use super::find_special;
use crate::error::ParseErrorKind;
use crate::primitives::{BigDecimal, BigInteger, Document, Number, Timestamp, TimestampFormat};

/// Objects and arrays may nest this deep; deeper input is an error, not a stack overflow.
pub(crate) const MAX_DEPTH: usize = 128;

/// One step of a member path.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Segment {
    /// A structure member or union variant.
    Member(&'static str),
    /// A list index.
    Index(usize),
    /// A map key.
    Key(String),
}

/// A parse failure; boxed so results stay small on the happy path.
#[derive(Debug)]
pub(crate) struct Error(Box<ErrorInner>);

#[derive(Debug)]
pub(crate) struct ErrorInner {
    pub(crate) kind: ParseErrorKind,
    pub(crate) offset: usize,
    /// Innermost first: segments are added as the error travels out.
    pub(crate) path: Vec<Segment>,
}

impl Error {
    pub(crate) fn new(kind: ParseErrorKind, offset: usize) -> Error {
        Error(Box::new(ErrorInner { kind, offset, path: Vec::new() }))
    }

    /// Adds the member the failing value belongs to.
    pub(crate) fn member(mut self, name: &'static str) -> Error {
        self.0.path.push(Segment::Member(name));
        self
    }

    #[allow(dead_code, reason = "only models with lists report list indices")]
    /// Adds the list index the failing value sits at.
    pub(crate) fn index(mut self, index: usize) -> Error {
        self.0.path.push(Segment::Index(index));
        self
    }

    #[allow(dead_code, reason = "only models with maps report map keys")]
    /// Adds the map key the failing value sits under.
    pub(crate) fn key(mut self, key: &str) -> Error {
        self.0.path.push(Segment::Key(key.to_owned()));
        self
    }

    pub(crate) fn into_inner(self) -> ErrorInner {
        *self.0
    }
}

/// Where in the value a failure happened, added as the failure travels out: one small function
/// per value type, where a closure per member (`map_err(|e| e.member(name))`) would be one
/// function for each member of the model.
#[allow(dead_code, reason = "each model reads some of lists, maps and members")]
pub(crate) trait Locate<T> {
    /// The failure, if any, happened in the member `name`.
    fn in_member(self, name: &'static str) -> Result<T>;
    /// The failure, if any, happened at list index `index`.
    fn at_index(self, index: usize) -> Result<T>;
    /// The failure, if any, happened under map key `key`.
    fn at_key(self, key: &str) -> Result<T>;
}

impl<T> Locate<T> for Result<T> {
    fn in_member(self, name: &'static str) -> Result<T> {
        match self {
            Ok(value) => Ok(value),
            Err(e) => Err(e.member(name)),
        }
    }

    fn at_index(self, index: usize) -> Result<T> {
        match self {
            Ok(value) => Ok(value),
            Err(e) => Err(e.index(index)),
        }
    }

    fn at_key(self, key: &str) -> Result<T> {
        match self {
            Ok(value) => Ok(value),
            Err(e) => Err(e.key(key)),
        }
    }
}

/// The failure, if any, happened in the member at `index` of `names`: what a structure's
/// reader adds once for all its members.
#[allow(dead_code, reason = "only models with structures read from JSON need it")]
pub(crate) fn in_member_of(result: Result<()>, names: &[&'static str], index: usize) -> Result<()> {
    match result {
        Ok(()) => Ok(()),
        Err(e) => Err(e.member(names.get(index).copied().unwrap_or_default())),
    }
}

impl ErrorInner {
    /// The path as text: `ImportSource.S3.S3BucketRegion`, `Destinations[0]`, `Tags["k"]`.
    pub(crate) fn path_text(&self) -> String {
        path_text(self.path.iter().rev())
    }
}

/// A path, outermost step first, as text: `a.b[0]["k"]`.
pub(crate) fn path_text<'a>(steps: impl Iterator<Item = &'a Segment>) -> String {
    let mut out = String::new();
    for segment in steps {
        match segment {
            Segment::Member(name) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(name);
            }
            Segment::Index(i) => out.push_str(&format!("[{i}]")),
            Segment::Key(k) => out.push_str(&format!("[{k:?}]")),
        }
    }
    out
}

pub(crate) type Result<T> = std::result::Result<T, Error>;

/// The reading position in a body.
pub(crate) struct Reader<'a> {
    input: &'a [u8],
    pos: usize,
    depth: usize,
}

/// Bytes as text, or an error at `offset` when they are not UTF-8.
pub(crate) fn utf8(bytes: Cow<'_, [u8]>, offset: usize) -> Result<Cow<'_, str>> {
    match bytes {
        Cow::Borrowed(b) => std::str::from_utf8(b)
            .map(Cow::Borrowed)
            .map_err(|e| Error::new(ParseErrorKind::InvalidUtf8, offset.saturating_add(1).saturating_add(e.valid_up_to()))),
        Cow::Owned(b) => String::from_utf8(b).map(Cow::Owned).map_err(|_| Error::new(ParseErrorKind::InvalidUtf8, offset)),
    }
}

/// Iterates the members of an object opened with [`Reader::begin_object`].
pub(crate) struct Object {
    first: bool,
    /// Where the last key read starts (its opening quote).
    key_at: usize,
    /// The index [`Object::next_member`] tries first: the one after the last member found.
    next: usize,
}

/// Iterates the items of an array opened with [`Reader::begin_array`].
pub(crate) struct Array {
    first: bool,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(input: &'a [u8]) -> Reader<'a> {
        Reader { input, pos: 0, depth: 0 }
    }

    #[allow(dead_code, reason = "only services whose errors have members read them where they start")]
    /// A reader of the member value at `pos` of a top-level object in `input`.
    pub(crate) fn at(input: &'a [u8], pos: usize) -> Reader<'a> {
        Reader { input, pos, depth: 1 }
    }

    /// Moves past `n` bytes. Positions never exceed the body's length, so this cannot
    /// overflow; saturating says so without an arithmetic operator that could.
    fn bump(&mut self, n: usize) {
        self.pos = self.pos.saturating_add(n);
    }

    /// The offset of the next significant byte.
    pub(crate) fn position(&mut self) -> usize {
        self.peek();
        self.pos
    }

    fn err(&self, kind: ParseErrorKind) -> Error {
        Error::new(kind, self.pos)
    }

    fn syntax(&self, what: &'static str) -> Error {
        self.err(ParseErrorKind::Syntax(what))
    }

    /// The next significant byte, after whitespace, without consuming it.
    pub(crate) fn peek(&mut self) -> Option<u8> {
        while let Some(&b) = self.input.get(self.pos) {
            if !matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
                return Some(b);
            }
            self.bump(1);
        }
        None
    }

    /// What the next value is, for error messages.
    fn found(&mut self) -> &'static str {
        match self.peek() {
            Some(b'{') => "an object",
            Some(b'[') => "an array",
            Some(b'"') => "a string",
            Some(b't' | b'f') => "a boolean",
            Some(b'n') => "null",
            Some(b'-' | b'0'..=b'9') => "a number",
            Some(_) => "an invalid token",
            None => "the end of the body",
        }
    }

    fn unexpected(&mut self, expected: &'static str) -> Error {
        let found = self.found();
        self.err(ParseErrorKind::UnexpectedType { expected, found })
    }

    /// Ensures nothing but whitespace is left.
    pub(crate) fn finish(&mut self) -> Result<()> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.syntax("unexpected characters after the value")),
        }
    }

    fn literal(&mut self, text: &'static [u8]) -> Result<()> {
        if self.input.get(self.pos..self.pos.saturating_add(text.len())) == Some(text) {
            self.bump(text.len());
            Ok(())
        } else {
            Err(self.syntax("invalid literal"))
        }
    }

    fn enter(&mut self) -> Result<()> {
        if self.depth >= MAX_DEPTH {
            return Err(self.err(ParseErrorKind::TooDeep { limit: MAX_DEPTH }));
        }
        self.depth = self.depth.saturating_add(1);
        self.bump(1);
        Ok(())
    }

    /// Consumes `null` if it comes next.
    pub(crate) fn take_null(&mut self) -> Result<bool> {
        if self.peek() == Some(b'n') {
            self.literal(b"null")?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// `None` for `null`, else the value `read` reads.
    pub(crate) fn nullable<T>(&mut self, read: impl FnOnce(&mut Self) -> Result<T>) -> Result<Option<T>> {
        // Matches rather than `?` and `map`: this is instantiated for every type read.
        match self.take_null() {
            Ok(true) => Ok(None),
            Ok(false) => match read(self) {
                Ok(value) => Ok(Some(value)),
                Err(e) => Err(e),
            },
            Err(e) => Err(e),
        }
    }

    /// Reads a structure member's value into `slot`: `None` for `null`, else what `read`
    /// reads. A structure's reader gives each member one such call, with one `?` for all.
    #[allow(dead_code, reason = "only models with structures read from JSON need it")]
    pub(crate) fn member_into<T>(&mut self, slot: &mut Option<T>, read: impl FnOnce(&mut Self) -> Result<T>) -> Result<()> {
        match self.nullable(read) {
            Ok(value) => {
                *slot = value;
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// [`member_into`](Self::member_into) for a member the model boxes.
    #[allow(dead_code, reason = "only models with recursive structures need it")]
    pub(crate) fn boxed_member_into<T>(
        &mut self,
        slot: &mut Option<Box<T>>,
        read: impl FnOnce(&mut Self) -> Result<T>,
    ) -> Result<()> {
        match self.nullable(read) {
            Ok(value) => {
                *slot = value.map(Box::new);
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// Opens an object.
    pub(crate) fn begin_object(&mut self) -> Result<Object> {
        if self.peek() != Some(b'{') {
            return Err(self.unexpected("an object"));
        }
        self.enter()?;
        Ok(Object { first: true, key_at: 0, next: 0 })
    }

    /// Opens an array.
    pub(crate) fn begin_array(&mut self) -> Result<Array> {
        if self.peek() != Some(b'[') {
            return Err(self.unexpected("an array"));
        }
        self.enter()?;
        Ok(Array { first: true })
    }

    /// A string's bytes, escapes decoded, borrowed from the body when it has none. Not checked
    /// for UTF-8: keys are compared as bytes, and [`str`](Self::str) checks what it returns.
    /// Only the common case is here (no escape before the closing quote); everything else is
    /// [`str_bytes_rest`](Self::str_bytes_rest), out of line, so this one needs few registers.
    pub(crate) fn str_bytes(&mut self) -> Result<Cow<'a, [u8]>> {
        // Callers mostly peeked already: the quote is then right here, with no whitespace to skip.
        if self.input.get(self.pos) != Some(&b'"') && self.peek() != Some(b'"') {
            return Err(self.unexpected("a string"));
        }
        let start = self.pos.saturating_add(1);
        let rest = self.input.get(start..).unwrap_or_default();
        if let Some(len) = find_special(rest)
            && let Some((text, [b'"', ..])) = rest.split_at_checked(len)
        {
            self.pos = start.saturating_add(len).saturating_add(1);
            return Ok(Cow::Borrowed(text));
        }
        self.str_bytes_rest(start)
    }

    /// The rest of [`str_bytes`](Self::str_bytes) for the string whose text starts at `start`:
    /// copies the runs between escapes, decoding each escape, or fails.
    #[cold]
    #[inline(never)]
    fn str_bytes_rest(&mut self, start: usize) -> Result<Cow<'a, [u8]>> {
        self.pos = start;
        let mut out: Vec<u8> = Vec::new();
        loop {
            let rest = self.input.get(self.pos..).unwrap_or_default();
            let Some(len) = find_special(rest) else {
                self.pos = self.input.len();
                return Err(self.syntax("unterminated string"));
            };
            if out.capacity() == 0 {
                // The first run: room for it and for a few escapes and runs after it, at once.
                out.reserve(len.saturating_add(16));
            }
            out.extend_from_slice(rest.get(..len).unwrap_or_default());
            self.bump(len);
            match rest.get(len) {
                Some(b'"') => {
                    self.bump(1);
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    self.bump(1);
                    self.escape(&mut out)?;
                }
                _ => return Err(self.syntax("control character in string")),
            }
        }
    }

    /// A string, borrowed from the body when it has no escapes.
    pub(crate) fn str(&mut self) -> Result<Cow<'a, str>> {
        let start = self.position();
        utf8(self.str_bytes()?, start)
    }

    /// Decodes one escape after its backslash.
    fn escape(&mut self, out: &mut Vec<u8>) -> Result<()> {
        let Some(&c) = self.input.get(self.pos) else {
            return Err(self.syntax("unterminated string"));
        };
        self.bump(1);
        let byte = match c {
            b'"' => b'"',
            b'\\' => b'\\',
            b'/' => b'/',
            b'b' => 0x08,
            b'f' => 0x0c,
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            b'u' => {
                let first = self.hex4()?;
                let code = if (0xD800..0xDC00).contains(&first) {
                    if self.input.get(self.pos..self.pos.saturating_add(2)) != Some(b"\\u") {
                        return Err(self.syntax("unpaired surrogate in \\u escape"));
                    }
                    self.bump(2);
                    let second = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&second) {
                        return Err(self.syntax("unpaired surrogate in \\u escape"));
                    }
                    (((first & 0x3FF) << 10) | (second & 0x3FF)).saturating_add(0x10000)
                } else {
                    first
                };
                let ch = char::from_u32(code).ok_or_else(|| self.syntax("unpaired surrogate in \\u escape"))?;
                out.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes());
                return Ok(());
            }
            _ => return Err(self.syntax("invalid escape")),
        };
        out.push(byte);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32> {
        let digits = self.input.get(self.pos..self.pos.saturating_add(4)).ok_or_else(|| self.syntax("invalid \\u escape"))?;
        let mut value = 0u32;
        for &d in digits {
            let v = (d as char).to_digit(16).ok_or_else(|| self.syntax("invalid \\u escape"))?;
            value = (value << 4) | v;
        }
        self.bump(4);
        Ok(value)
    }

    /// An owned string.
    pub(crate) fn string(&mut self) -> Result<String> {
        self.str().map(Cow::into_owned)
    }

    #[allow(dead_code, reason = "only models with boolean members read them")]
    pub(crate) fn bool(&mut self) -> Result<bool> {
        match self.peek() {
            Some(b't') => self.literal(b"true").map(|()| true),
            Some(b'f') => self.literal(b"false").map(|()| false),
            _ => Err(self.unexpected("a boolean")),
        }
    }

    /// The text of a JSON number and whether it is an integer (no fraction, no exponent).
    fn number_text(&mut self, expected: &'static str) -> Result<(&'a str, bool)> {
        if !matches!(self.peek(), Some(b'-' | b'0'..=b'9')) {
            return Err(self.unexpected(expected));
        }
        let rest = self.input.get(self.pos..).unwrap_or_default();
        let (len, integer) =
            crate::primitives::json_number_len(rest).ok_or_else(|| self.syntax("invalid number"))?;
        let text = rest.get(..len).and_then(|t| std::str::from_utf8(t).ok()).unwrap_or_default();
        self.bump(len);
        Ok((text, integer))
    }

    #[allow(dead_code, reason = "only models with integer members read them")]
    fn integer(&mut self, ty: &'static str, min: i64, max: i64) -> Result<i64> {
        let start = self.pos;
        let (text, integer) = self.number_text("an integer")?;
        if !integer {
            return Err(Error::new(ParseErrorKind::NotAnInteger, start));
        }
        let (negative, digits) = match text.strip_prefix('-') {
            Some(d) => (true, d),
            None => (false, text),
        };
        let out_of_range = || Error::new(ParseErrorKind::NumberOutOfRange { ty }, start);
        let mut magnitude: u64 = 0;
        for d in digits.bytes() {
            magnitude = magnitude
                .checked_mul(10)
                .and_then(|m| m.checked_add(u64::from(d.wrapping_sub(b'0'))))
                .ok_or_else(out_of_range)?;
        }
        let value = if negative {
            0i64.checked_sub_unsigned(magnitude).ok_or_else(out_of_range)?
        } else {
            i64::try_from(magnitude).map_err(|_| out_of_range())?
        };
        if value < min || value > max {
            return Err(out_of_range());
        }
        Ok(value)
    }

    #[allow(dead_code, reason = "only models with byte members read them")]
    pub(crate) fn i8(&mut self) -> Result<i8> {
        self.integer("a byte", i8::MIN.into(), i8::MAX.into()).map(|v| v as i8)
    }

    #[allow(dead_code, reason = "only models with short members read them")]
    pub(crate) fn i16(&mut self) -> Result<i16> {
        self.integer("a short", i16::MIN.into(), i16::MAX.into()).map(|v| v as i16)
    }

    #[allow(dead_code, reason = "only models with integer or intEnum members read them")]
    pub(crate) fn i32(&mut self) -> Result<i32> {
        self.integer("an integer", i32::MIN.into(), i32::MAX.into()).map(|v| v as i32)
    }

    #[allow(dead_code, reason = "only models with long members read them")]
    pub(crate) fn i64(&mut self) -> Result<i64> {
        self.integer("a long", i64::MIN, i64::MAX)
    }

    /// A float: a JSON number, or `"NaN"`, `"Infinity"`, `"-Infinity"` as Smithy's JSON
    /// protocols write the non-finite values. A finite number too large for the type is an
    /// error, not infinity.
    fn float<T: std::str::FromStr + Copy>(&mut self, ty: &'static str, nan: T, inf: T, neg_inf: T, finite: fn(T) -> bool) -> Result<T> {
        if self.peek() == Some(b'"') {
            let start = self.pos;
            let text = self.str()?;
            return match &*text {
                "NaN" => Ok(nan),
                "Infinity" => Ok(inf),
                "-Infinity" => Ok(neg_inf),
                _ => Err(Error::new(ParseErrorKind::UnexpectedType { expected: "a number", found: "a string" }, start)),
            };
        }
        let start = self.pos;
        let (text, _) = self.number_text("a number")?;
        match text.parse::<T>() {
            Ok(v) if finite(v) => Ok(v),
            _ => Err(Error::new(ParseErrorKind::NumberOutOfRange { ty }, start)),
        }
    }

    #[allow(dead_code, reason = "only models with float members read them")]
    pub(crate) fn f32(&mut self) -> Result<f32> {
        self.float("a float", f32::NAN, f32::INFINITY, f32::NEG_INFINITY, f32::is_finite)
    }

    #[allow(dead_code, reason = "only models with double members read them")]
    pub(crate) fn f64(&mut self) -> Result<f64> {
        self.float("a double", f64::NAN, f64::INFINITY, f64::NEG_INFINITY, f64::is_finite)
    }

    #[allow(dead_code, reason = "only models with bigInteger members read them")]
    pub(crate) fn big_integer(&mut self) -> Result<BigInteger> {
        let start = self.pos;
        match self.number_text("an integer")? {
            (text, true) => Ok(BigInteger::new_unchecked(text.to_owned())),
            (_, false) => Err(Error::new(ParseErrorKind::NotAnInteger, start)),
        }
    }

    #[allow(dead_code, reason = "only models with bigDecimal members read them")]
    pub(crate) fn big_decimal(&mut self) -> Result<BigDecimal> {
        self.number_text("a number").map(|(text, _)| BigDecimal::new_unchecked(text.to_owned()))
    }

    #[allow(dead_code, reason = "only models with timestamp members read them")]
    /// A timestamp, read exactly: a number is epoch seconds; a string is read as a date-time,
    /// or failing that as an http-date, whatever format the member declares, so a service that
    /// changes format cannot break parsing.
    pub(crate) fn timestamp(&mut self) -> Result<Timestamp> {
        let start = self.pos;
        let wrap = |e| Error::new(ParseErrorKind::Timestamp(e), start);
        match self.peek() {
            Some(b'"') => {
                let text = self.str()?;
                Timestamp::parse(&text, TimestampFormat::DateTime)
                    .or_else(|e| Timestamp::parse(&text, TimestampFormat::HttpDate).map_err(|_| e))
                    .map_err(wrap)
            }
            _ => {
                // One pass for the common case; anything else through the full number check.
                let rest = self.input.get(self.pos..).unwrap_or_default();
                if let Some((timestamp, len)) = crate::primitives::epoch_seconds_prefix(rest) {
                    self.bump(len);
                    return Ok(timestamp);
                }
                let (text, _) = self.number_text("a timestamp")?;
                Timestamp::parse(text, TimestampFormat::EpochSeconds).map_err(wrap)
            }
        }
    }

    #[allow(dead_code, reason = "only models with blob members read them")]
    /// A blob: a base64 string.
    pub(crate) fn blob(&mut self) -> Result<Vec<u8>> {
        let start = self.pos;
        let text = self.str()?;
        base64::decode(text.as_bytes()).ok_or_else(|| Error::new(ParseErrorKind::InvalidBase64, start))
    }

    /// Any JSON value as a document.
    pub(crate) fn document(&mut self) -> Result<Document> {
        Ok(match self.peek() {
            Some(b'n') => {
                self.literal(b"null")?;
                Document::Null
            }
            Some(b't' | b'f') => Document::Bool(self.bool()?),
            Some(b'"') => Document::String(self.string()?),
            Some(b'[') => {
                let mut array = self.begin_array()?;
                let mut items = Vec::new();
                while array.next(self)? {
                    let i = items.len();
                    items.push(self.document().map_err(|e| e.index(i))?);
                }
                Document::Array(items)
            }
            Some(b'{') => {
                let mut object = self.begin_object()?;
                let mut entries = BTreeMap::new();
                while let Some(key) = object.next_key_text(self)? {
                    let value = self.document().map_err(|e| e.key(&key))?;
                    entries.insert(key.into_owned(), value);
                }
                Document::Object(entries)
            }
            _ => {
                let start = self.pos;
                let (text, integer) = self.number_text("a document")?;
                let number = if integer {
                    match text.strip_prefix('-') {
                        None => text.parse::<u64>().ok().map(Number::PosInt),
                        Some(_) => text.parse::<i64>().ok().map(Number::NegInt),
                    }
                } else {
                    None
                };
                match number {
                    Some(n) => Document::Number(n),
                    None => match text.parse::<f64>() {
                        Ok(f) if f.is_finite() => Document::Number(Number::Float(f)),
                        _ => return Err(Error::new(ParseErrorKind::NumberOutOfRange { ty: "a document number" }, start)),
                    },
                }
            }
        })
    }

    /// Skips one value of any type. Skipping does not recurse, so it has no depth limit: an
    /// unknown member nested 10,000 deep is skipped like any other (AWS's SDKs read 200 deep;
    /// the limit is for the generated parsers, which recurse). The containers open are kept on
    /// the heap, one byte each.
    pub(crate) fn skip_value(&mut self) -> Result<()> {
        // The containers entered so far: (is an object, no member read yet).
        let mut open: Vec<(bool, bool)> = Vec::new();
        loop {
            // A value starts here.
            match self.peek() {
                Some(b'{') => {
                    self.bump(1);
                    open.push((true, true));
                }
                Some(b'[') => {
                    self.bump(1);
                    open.push((false, true));
                }
                Some(b'"') => self.skip_string()?,
                Some(b't') => self.literal(b"true")?,
                Some(b'f') => self.literal(b"false")?,
                Some(b'n') => self.literal(b"null")?,
                _ => {
                    self.number_text("a value")?;
                }
            }
            // Close finished containers, then move to the next value, if any.
            loop {
                let Some(top) = open.last_mut() else {
                    return Ok(());
                };
                let (is_object, first) = *top;
                match self.peek() {
                    Some(c) if c == if is_object { b'}' } else { b']' } => {
                        self.bump(1);
                        open.pop();
                        continue;
                    }
                    Some(b',') if !first => self.bump(1),
                    Some(_) if first => {}
                    Some(_) => return Err(self.syntax("expected `,` or a closing bracket")),
                    None => return Err(self.syntax("unexpected end of the body")),
                }
                top.1 = false;
                if is_object {
                    self.skip_string_key()?;
                }
                break;
            }
        }
    }

    fn skip_string_key(&mut self) -> Result<()> {
        if self.peek() != Some(b'"') {
            return Err(self.syntax("expected a string key"));
        }
        self.skip_string()?;
        if self.peek() != Some(b':') {
            return Err(self.syntax("expected `:` after a key"));
        }
        self.bump(1);
        Ok(())
    }

    /// Skips a string, checking its escapes but not its UTF-8 (a skipped value is never read).
    fn skip_string(&mut self) -> Result<()> {
        self.bump(1); // the opening quote, checked by the caller
        loop {
            let rest = self.input.get(self.pos..).unwrap_or_default();
            let Some(len) = find_special(rest) else {
                self.pos = self.input.len();
                return Err(self.syntax("unterminated string"));
            };
            self.bump(len.saturating_add(1));
            match rest.get(len) {
                Some(b'"') => return Ok(()),
                Some(b'\\') => match self.input.get(self.pos) {
                    Some(b'u') => {
                        self.bump(1);
                        self.hex4()?;
                    }
                    Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => self.bump(1),
                    _ => return Err(self.syntax("invalid escape")),
                },
                _ => {
                    self.pos = self.pos.saturating_sub(1);
                    return Err(self.syntax("control character in string"));
                }
            }
        }
    }

    #[allow(dead_code, reason = "only models with unions keep unknown variants' JSON")]
    /// The raw JSON text of the next value, for values kept unparsed.
    pub(crate) fn raw_value(&mut self) -> Result<&'a str> {
        self.peek();
        let start = self.pos;
        self.skip_value()?;
        let bytes = self.input.get(start..self.pos).unwrap_or_default();
        std::str::from_utf8(bytes).map_err(|_| Error::new(ParseErrorKind::InvalidUtf8, start))
    }
}

/// A key [`Object::next_key_or_plain`] found: its index among the names looked for in place,
/// if it is one of them, and its bytes.
#[allow(dead_code, reason = "only the JSON error reader looks for its keys in place")]
pub(crate) type FoundKey<'a> = (Option<usize>, Cow<'a, [u8]>);

impl Object {
    /// The next key's bytes (after its `:`), or `None` at the end of the object. Keys are
    /// compared as bytes; [`utf8`] turns one into text where text is needed.
    pub(crate) fn next_key<'a>(&mut self, r: &mut Reader<'a>) -> Result<Option<Cow<'a, [u8]>>> {
        if !self.open_key(r)? {
            return Ok(None);
        }
        let key = r.str_bytes()?;
        Self::colon(r)?;
        Ok(Some(key))
    }

    /// The next key (after its `:`), or `None` at the end of the object, tried first against
    /// each of `plain` in place: one found there is given with its index and needs no string
    /// read. That is exact only for names JSON writes as themselves (no `"`, `\` or control
    /// character); any other key is read as a string, escapes decoded, and given with `None`.
    #[allow(dead_code, reason = "only the JSON error reader looks for its keys in place")]
    #[inline]
    pub(crate) fn next_key_or_plain<'a>(
        &mut self,
        r: &mut Reader<'a>,
        plain: &[&'static str],
    ) -> Result<Option<FoundKey<'a>>> {
        if !self.open_key(r)? {
            return Ok(None);
        }
        let start = r.pos.saturating_add(1);
        for (index, name) in plain.iter().enumerate() {
            let end = start.saturating_add(name.len());
            if r.input.get(end) == Some(&b'"') && r.input.get(start..end).is_some_and(|key| same_out_of_line(key, name.as_bytes())) {
                r.pos = end.saturating_add(1);
                Self::colon(r)?;
                return Ok(Some((Some(index), Cow::Borrowed(name.as_bytes()))));
            }
        }
        let key = r.str_bytes()?;
        Self::colon(r)?;
        Ok(Some((None, key)))
    }

    /// The index in `names` of the next member that is one of them, or `None` at the end of
    /// the object; the values of other keys are skipped. A structure's reader matches on the
    /// index, so its code holds one integer switch instead of a comparison per member.
    ///
    /// Members mostly come in the model's order, so the name after the last one found is
    /// tried first, against the body's bytes before the key is read as a string. That is
    /// exact only for names JSON writes as themselves (no `"`, `\` or control character):
    /// the generator passes other names to [`next_member_escaped`](Self::next_member_escaped).
    #[allow(dead_code, reason = "only models with structures read from JSON need it")]
    pub(crate) fn next_member(&mut self, r: &mut Reader<'_>, names: &[&str]) -> Result<Option<usize>> {
        loop {
            if !self.open_key(r)? {
                return Ok(None);
            }
            if let Some(name) = names.get(self.next) {
                let start = r.pos.saturating_add(1);
                let end = start.saturating_add(name.len());
                if r.input.get(end) == Some(&b'"') && r.input.get(start..end).is_some_and(|key| same(key, name.as_bytes())) {
                    r.pos = end.saturating_add(1);
                    Self::colon(r)?;
                    let index = self.next;
                    self.next = index.saturating_add(1);
                    return Ok(Some(index));
                }
            }
            if let Some(index) = self.find_member(r, names)? {
                return Ok(Some(index));
            }
        }
    }

    /// [`next_member`](Self::next_member) for names that JSON escapes: each key is read as a
    /// string, escapes decoded, before it is looked up.
    #[allow(dead_code, reason = "only models with member names JSON escapes need it")]
    pub(crate) fn next_member_escaped(&mut self, r: &mut Reader<'_>, names: &[&str]) -> Result<Option<usize>> {
        loop {
            if !self.open_key(r)? {
                return Ok(None);
            }
            if let Some(index) = self.find_member(r, names)? {
                return Ok(Some(index));
            }
        }
    }

    /// Reads the key at the reader and its `:`; its index in `names`, or, skipping the value,
    /// `None` when it is not there.
    fn find_member(&mut self, r: &mut Reader<'_>, names: &[&str]) -> Result<Option<usize>> {
        let key = r.str_bytes()?;
        Self::colon(r)?;
        match names.iter().position(|name| name.as_bytes() == &*key) {
            Some(index) => {
                self.next = index.saturating_add(1);
                Ok(Some(index))
            }
            None => {
                r.skip_value()?;
                Ok(None)
            }
        }
    }

    /// Moves past the `,` before a key (or checks there is none before the first); false at
    /// the end of the object. The reader is then at the key's opening quote. Always inlined:
    /// as a call of its own (LLVM declined `#[inline]`), it cost the 400 parse 41 instructions
    /// (2,512 against 2,471).
    #[inline(always)]
    fn open_key(&mut self, r: &mut Reader<'_>) -> Result<bool> {
        match r.peek() {
            Some(b'}') => {
                r.bump(1);
                r.depth = r.depth.saturating_sub(1);
                return Ok(false);
            }
            Some(b',') if !self.first => r.bump(1),
            Some(b'"') if self.first => {}
            None => return Err(r.syntax("unexpected end of the body")),
            Some(_) if self.first => return Err(r.syntax("expected a string key or `}`")),
            Some(_) => return Err(r.syntax("expected `,` or `}`")),
        }
        self.first = false;
        if r.peek() != Some(b'"') {
            return Err(r.syntax("expected a string key"));
        }
        self.key_at = r.pos;
        Ok(true)
    }

    /// The `:` after a key.
    #[inline(always)]
    fn colon(r: &mut Reader<'_>) -> Result<()> {
        if r.peek() != Some(b':') {
            return Err(r.syntax("expected `:` after a key"));
        }
        r.bump(1);
        Ok(())
    }

    #[allow(dead_code, reason = "only union readers need where a key starts")]
    /// Where the last key read starts: its opening quote.
    pub(crate) fn key_at(&self) -> usize {
        self.key_at
    }

    #[allow(dead_code, reason = "only maps and documents keep their keys")]
    /// The next key as text, for maps and documents, whose keys are kept.
    pub(crate) fn next_key_text<'a>(&mut self, r: &mut Reader<'a>) -> Result<Option<Cow<'a, str>>> {
        match self.next_key(r)? {
            Some(key) => utf8(key, self.key_at).map(Some),
            None => Ok(None),
        }
    }
}

/// [`same`], called.
#[inline(never)]
fn same_out_of_line(a: &[u8], b: &[u8]) -> bool {
    same(a, b)
}

/// Whether `a` and `b` hold the same bytes, compared in place a word at a time (keys are
/// short, and this needs no call to `memcmp`): eight bytes at a time, the last eight again for
/// a tail; a key of four to seven bytes as its first four and its last four. Inlined into a
/// structure's member lookup, where it runs for every member; the error reader calls
/// [`same_out_of_line`], which leaves it more registers.
#[inline(always)]
fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let eight = |w: &[u8; 8]| u64::from_ne_bytes(*w);
    let four = |w: &[u8; 4]| u32::from_ne_bytes(*w);
    if a.len() >= 8 {
        let (words, other) = (a.as_chunks::<8>().0, b.as_chunks::<8>().0);
        return words.iter().zip(other).all(|(x, y)| eight(x) == eight(y))
            && a.last_chunk::<8>().map(eight) == b.last_chunk::<8>().map(eight);
    }
    if a.len() >= 4 {
        return a.first_chunk::<4>().map(four) == b.first_chunk::<4>().map(four)
            && a.last_chunk::<4>().map(four) == b.last_chunk::<4>().map(four);
    }
    a.iter().zip(b).all(|(x, y)| x == y)
}

impl Array {
    /// True when another item follows, positioned at it; false at the end of the array.
    pub(crate) fn next(&mut self, r: &mut Reader<'_>) -> Result<bool> {
        match r.peek() {
            Some(b']') => {
                r.bump(1);
                r.depth = r.depth.saturating_sub(1);
                return Ok(false);
            }
            Some(b',') if !self.first => r.bump(1),
            Some(_) if self.first => {}
            None => return Err(r.syntax("unexpected end of the body")),
            Some(_) => return Err(r.syntax("expected `,` or `]`")),
        }
        self.first = false;
        Ok(true)
    }
}
