//! A pull reader over an XML response body (awsQuery, ec2Query, restXml): elements are read one
//! at a time, in document order, by the generated readers, which recurse once per nested element
//! while the reader itself never does. It borrows from the body wherever nothing needs decoding.
//!
//! What it accepts is XML 1.0 without a DTD, checked where a response's reader goes: tags must
//! balance, names and attributes must be well-formed, references must name a predefined entity
//! or an XML character. It is lenient where checking would cost every byte and buy nothing: the
//! characters of text are not checked against XML's `Char` production (nor for `]]>`), text
//! that is skipped (mixed content, skipped elements) is not decoded, an attribute value is
//! decoded only when it is read, and duplicate attributes are not looked for. A DOCTYPE is
//! refused outright: AWS never sends one, and without it no entity can expand.

use std::borrow::Cow;

use crate::error::ParseErrorKind;
use crate::json::base64;
use crate::json::{Error, Result};
use crate::primitives::{BigDecimal, BigInteger, Timestamp, TimestampFormat};

/// Elements may nest this deep below the root; deeper is `ParseErrorKind::TooDeep`.
pub(crate) const MAX_DEPTH: usize = 128;

/// What the errors of input that stops too soon say.
const END_OF_INPUT: &str = "unexpected end of input";

/// The reading position in a body.
pub(crate) struct Reader<'a> {
    input: &'a [u8],
    /// The input as text, when all of it is UTF-8 (checked once, as one long run): the text
    /// read is then sliced from it, and only a body that is not UTF-8 has each piece checked.
    input_text: Option<&'a str>,
    pos: usize,
}

/// A start tag that has been read: its name, its attributes (kept raw, decoded on request) and
/// where it is. The reader is then inside its content (unless it is self-closing).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Element<'a> {
    /// The qualified name as written, such as `a:Foo`.
    name: &'a [u8],
    /// Everything between the name and the closing `>` or `/>`, checked well-formed.
    #[allow(dead_code, reason = "only models with attribute members read attributes")]
    attributes: &'a [u8],
    /// `<Foo/>`: there is no content and no end tag.
    empty: bool,
    /// 0 for the root element, 1 for its children, and so on.
    depth: usize,
    /// The offset of the `<`.
    start: usize,
}

/// An error about the XML syntax at `offset`.
fn malformed(what: &'static str, offset: usize) -> Error {
    Error::new(ParseErrorKind::MalformedXml(what), offset)
}

/// XML's whitespace (`S`): space, tab, carriage return, line feed.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// A byte that may start a name: a letter, `_`, `:`, or any byte of a non-ASCII character.
fn is_name_start(b: u8) -> bool {
    NAME_BYTES.get(usize::from(b)).is_some_and(|&class| class == START)
}

/// A byte that may continue a name: what may start one, and digits, `-` and `.`.
fn is_name_byte(b: u8) -> bool {
    NAME_BYTES.get(usize::from(b)).is_some_and(|&class| class != 0)
}

/// [`NAME_BYTES`] of a byte that may start a name.
const START: u8 = 2;

/// What each byte may be in a name: [`START`], 1 (only after the first byte) or 0 (not at all).
/// A table, because names are scanned byte by byte: one load each instead of a chain of ranges.
static NAME_BYTES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut rest: &mut [u8] = &mut table;
    let mut b: u8 = 0;
    while let Some((class, tail)) = rest.split_first_mut() {
        *class = match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'_' | b':' | 0x80..=0xFF => START,
            b'0'..=b'9' | b'-' | b'.' => 1,
            _ => 0,
        };
        rest = tail;
        b = b.wrapping_add(1);
    }
    table
};

/// The length of the name at the start of `bytes`: 0 when none starts there.
fn name_len(bytes: &[u8]) -> usize {
    match bytes.first() {
        Some(&b) if is_name_start(b) => bytes.iter().position(|&b| !is_name_byte(b)).unwrap_or(bytes.len()),
        _ => 0,
    }
}

/// The number of whitespace bytes at the start of `bytes`.
fn space_len(bytes: &[u8]) -> usize {
    bytes.iter().position(|&b| !is_space(b)).unwrap_or(bytes.len())
}

/// The part of a qualified name after its first `:`, or the whole name.
fn local_part(name: &[u8]) -> &[u8] {
    match name.iter().position(|&b| b == b':') {
        Some(colon) => name.get(colon.saturating_add(1)..).unwrap_or_default(),
        None => name,
    }
}

/// Whether a name (`qualified`, and its `local` part) is `name`: the qualified name when `name`
/// has a `:`, else the local name.
fn name_is(qualified: &[u8], local: &[u8], name: &str) -> bool {
    let name = name.as_bytes();
    if local.len() == qualified.len() {
        // No prefix: a `name` with a `:` cannot match, one without is compared with all of it.
        return same(qualified, name);
    }
    if same(local, name) { !name.contains(&b':') } else { same(qualified, name) }
}

/// Whether `a` and `b` are the same bytes, eight at a time: names are short, and comparing them
/// here costs less than a call to `memcmp`.
fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut a_words = a.chunks_exact(8);
    let mut b_words = b.chunks_exact(8);
    let word = |bytes: &[u8]| u64::from_ne_bytes(<[u8; 8]>::try_from(bytes).unwrap_or_default());
    if !a_words.by_ref().zip(b_words.by_ref()).all(|(x, y)| word(x) == word(y)) {
        return false;
    }
    a_words.remainder().iter().zip(b_words.remainder()).all(|(x, y)| x == y)
}

/// The index of the first byte of `bytes` that is one of `targets`, eight bytes at a time: a byte
/// equal to a target makes `word ^ target` zero there, and `(x - 0x01..) & !x & 0x80..` flags
/// zero bytes. A borrow only flags bytes above a real zero, so the lowest flag is exact.
fn find<const N: usize>(bytes: &[u8], targets: [u8; N]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut chunks = bytes.chunks_exact(8);
    let mut offset: usize = 0;
    for chunk in &mut chunks {
        // `chunks_exact(8)` always gives eight bytes; the default is never used.
        let word = u64::from_le_bytes(<[u8; 8]>::try_from(chunk).unwrap_or_default());
        let mut flags = 0;
        for target in targets {
            let x = word ^ ONES.wrapping_mul(u64::from(target));
            flags |= x.wrapping_sub(ONES) & !x;
        }
        flags &= HIGH;
        if flags != 0 {
            return Some(offset.saturating_add((flags.trailing_zeros() >> 3) as usize));
        }
        offset = offset.saturating_add(8);
    }
    chunks.remainder().iter().position(|b| targets.contains(b)).map(|i| offset.saturating_add(i))
}

/// The index of the first occurrence of `needle` (a short terminator such as `-->`) in `hay`.
fn find_seq(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, tail) = needle.split_first()?;
    let mut from: usize = 0;
    loop {
        let at = from.saturating_add(find(hay.get(from..)?, [first])?);
        let next = at.saturating_add(1);
        if hay.get(next..).is_some_and(|rest| rest.starts_with(tail)) {
            return Some(at);
        }
        from = next;
    }
}

/// Bytes of the body as text, or an error at the offset of the first byte that is not UTF-8;
/// `offset` is where `bytes` start.
fn utf8(bytes: &[u8], offset: usize) -> Result<&str> {
    std::str::from_utf8(bytes)
        .map_err(|e| Error::new(ParseErrorKind::InvalidUtf8, offset.saturating_add(e.valid_up_to())))
}

/// What a reference (`&amp;`, `&#65;`) stands for.
enum Piece {
    /// One of the five predefined entities.
    Entity(&'static str),
    /// A character reference.
    Char(char),
}

/// Whether `c` is an XML `Char`: tab, line feed, carriage return, and everything from space on
/// but surrogates (which `char` cannot hold) and U+FFFE and U+FFFF.
fn is_xml_char(c: char) -> bool {
    matches!(u32::from(c), 0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
}

/// The reference at the start of `bytes` (which start with `&`, at `offset` in the body): what it
/// stands for, and its length through the `;`.
fn reference(bytes: &[u8], offset: usize) -> Result<(Piece, usize)> {
    if bytes.get(1) == Some(&b'#') {
        let (radix, digits_at) = if bytes.get(2) == Some(&b'x') { (16, 3) } else { (10, 2) };
        let mut end = digits_at;
        let mut value: u32 = 0;
        while let Some(digit) = bytes.get(end).and_then(|&b| char::from(b).to_digit(radix)) {
            value = value
                .checked_mul(radix)
                .and_then(|v| v.checked_add(digit))
                .ok_or_else(|| malformed("a character reference beyond Unicode", offset))?;
            end = end.saturating_add(1);
        }
        if end == digits_at || bytes.get(end) != Some(&b';') {
            return Err(malformed("invalid character reference", offset));
        }
        return match char::from_u32(value) {
            Some(c) if is_xml_char(c) => Ok((Piece::Char(c), end.saturating_add(1))),
            _ => Err(malformed("a character reference to a character XML does not allow", offset)),
        };
    }
    const ENTITIES: [(&[u8], &str); 5] =
        [(b"&lt;", "<"), (b"&gt;", ">"), (b"&amp;", "&"), (b"&quot;", "\""), (b"&apos;", "'")];
    for (name, text) in ENTITIES {
        if bytes.starts_with(name) {
            return Ok((Piece::Entity(text), name.len()));
        }
    }
    let name = name_len(bytes.get(1..).unwrap_or_default());
    if name > 0 && bytes.get(name.saturating_add(1)) == Some(&b';') {
        Err(malformed("unknown entity", offset))
    } else {
        Err(malformed("`&` that does not start a reference", offset))
    }
}

/// Decoded text being put together: borrowed from the body while it is one piece, copied into a
/// string from the second piece on.
#[derive(Default)]
struct Text<'a> {
    first: &'a str,
    owned: Option<String>,
}

impl<'a> Text<'a> {
    /// Appends text that lives as long as the body.
    fn push(&mut self, text: &'a str) {
        if text.is_empty() {
            return;
        }
        if let Some(owned) = &mut self.owned {
            owned.push_str(text);
        } else if self.first.is_empty() {
            self.first = text;
        } else {
            self.owned().push_str(text);
        }
    }

    /// Appends what a reference stands for.
    fn push_piece(&mut self, piece: Piece) {
        match piece {
            Piece::Entity(text) => self.push(text),
            Piece::Char(c) => self.owned().push(c),
        }
    }

    /// The text as a string of its own, from now on.
    fn owned(&mut self) -> &mut String {
        let first = self.first;
        self.owned.get_or_insert_with(|| {
            let mut owned = String::with_capacity(first.len().saturating_add(32));
            owned.push_str(first);
            owned
        })
    }

    /// The text: borrowed if it stayed one piece.
    fn finish(self) -> Cow<'a, str> {
        match self.owned {
            Some(owned) => Cow::Owned(owned),
            None => Cow::Borrowed(self.first),
        }
    }
}

/// Appends the raw text `bytes` (at `offset` in the body, with no references: a CDATA section's)
/// with its line ends normalised: `\r\n` and a lone `\r` become `\n`.
fn push_lines<'a>(out: &mut Text<'a>, bytes: &'a [u8], offset: usize) -> Result<()> {
    let mut from: usize = 0;
    loop {
        let rest = bytes.get(from..).unwrap_or_default();
        let at = offset.saturating_add(from);
        let Some(cr) = find(rest, [b'\r']) else {
            out.push(utf8(rest, at)?);
            return Ok(());
        };
        out.push(utf8(rest.get(..cr).unwrap_or_default(), at)?);
        from = from.saturating_add(cr).saturating_add(1);
        // After `\r\n`, the `\n` starts the next run.
        if bytes.get(from) != Some(&b'\n') {
            out.push("\n");
        }
    }
}

/// An attribute value's text (`bytes`, between the quotes, at `offset` in the body): references
/// decoded, and each whitespace character (a `\r\n` counting as one) a space, as XML normalises
/// the values of attributes it has no declaration for. Characters from references are kept.
#[allow(dead_code, reason = "only models with attribute members read attributes")]
fn attribute_value(bytes: &[u8], offset: usize) -> Result<Cow<'_, str>> {
    const SPECIAL: [u8; 4] = [b'&', b'\t', b'\n', b'\r'];
    if find(bytes, SPECIAL).is_none() {
        return utf8(bytes, offset).map(Cow::Borrowed);
    }
    let mut out = Text::default();
    let mut from: usize = 0;
    loop {
        let rest = bytes.get(from..).unwrap_or_default();
        let at = offset.saturating_add(from);
        let Some(n) = find(rest, SPECIAL) else {
            out.push(utf8(rest, at)?);
            return Ok(out.finish());
        };
        out.push(utf8(rest.get(..n).unwrap_or_default(), at)?);
        let special = rest.get(n..).unwrap_or_default();
        let len = match special {
            [b'&', ..] => {
                let (piece, len) = reference(special, at.saturating_add(n))?;
                out.push_piece(piece);
                len
            }
            [b'\r', b'\n', ..] => {
                out.push(" ");
                2
            }
            _ => {
                out.push(" ");
                1
            }
        };
        from = from.saturating_add(n).saturating_add(len);
    }
}

/// Whether `text` is a decimal number as Rust's `str::parse::<f64>` reads one (sign, digits,
/// point, exponent), leaving out the spellings of infinity and NaN it also reads.
#[allow(dead_code, reason = "only models with number members read them")]
fn is_decimal(text: &str) -> bool {
    !text.is_empty()
        && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'+' | b'-' | b'.' | b'e' | b'E'))
        && text.parse::<f64>().is_ok()
}

/// `UnexpectedType` for text that is not what a scalar needs.
#[allow(dead_code, reason = "only models with scalar members read them")]
fn not_a(expected: &'static str) -> ParseErrorKind {
    ParseErrorKind::UnexpectedType { expected, found: "text" }
}

/// What is wrong with text that is not an integer: a fraction or exponent, or anything else.
#[allow(dead_code, reason = "only models with integer members read them")]
fn not_an_integer(text: &str) -> ParseErrorKind {
    if is_decimal(text) { ParseErrorKind::NotAnInteger } else { not_a("an integer") }
}

/// An integer in decimal, with an optional sign and leading zeros (as XML Schema writes them),
/// that fits `T`.
#[allow(dead_code, reason = "only models with integer members read them")]
fn parse_integer<T: TryFrom<i64>>(text: &str, ty: &'static str) -> std::result::Result<T, ParseErrorKind> {
    let bytes = text.as_bytes();
    let (negative, digits) = match bytes {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        _ => (false, bytes),
    };
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return Err(not_an_integer(text));
    }
    let out_of_range = ParseErrorKind::NumberOutOfRange { ty };
    let mut magnitude: u64 = 0;
    for &d in digits {
        magnitude = match magnitude.checked_mul(10).and_then(|m| m.checked_add(u64::from(d.wrapping_sub(b'0')))) {
            Some(m) => m,
            None => return Err(out_of_range),
        };
    }
    let value = if negative { 0i64.checked_sub_unsigned(magnitude) } else { i64::try_from(magnitude).ok() };
    match value.and_then(|v| T::try_from(v).ok()) {
        Some(v) => Ok(v),
        None => Err(out_of_range),
    }
}

/// `text`, an integer as [`parse_integer`] reads one, as a JSON integer: no `+`, no leading zero.
#[allow(dead_code, reason = "only models with bigInteger members read them")]
fn json_integer(text: &str) -> Option<String> {
    let (sign, digits) = match text.as_bytes().first() {
        Some(b'-') => ("-", text.get(1..)?),
        Some(b'+') => ("", text.get(1..)?),
        _ => ("", text),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let significant = digits.trim_start_matches('0');
    Some(format!("{sign}{}", if significant.is_empty() { "0" } else { significant }))
}

/// `text`, a number as [`is_decimal`] accepts one (`+1.5`, `.5`, `1.`, `007`), as a JSON number.
#[allow(dead_code, reason = "only models with bigDecimal members read them")]
fn json_decimal(text: &str) -> Option<String> {
    if !is_decimal(text) {
        return None;
    }
    let (sign, unsigned) = match text.as_bytes().first() {
        Some(b'-') => ("-", text.get(1..)?),
        Some(b'+') => ("", text.get(1..)?),
        _ => ("", text),
    };
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(e) => (unsigned.get(..e)?, unsigned.get(e..)?),
        None => (unsigned, ""),
    };
    let (int, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    let point = if fraction.is_empty() { "" } else { "." };
    Some(format!("{sign}{int}{point}{fraction}{exponent}"))
}

impl<'a> Element<'a> {
    /// The qualified name as written, such as `a:Foo`.
    #[allow(dead_code, reason = "only some readers need an element's name itself")]
    pub(crate) fn name(&self) -> &'a [u8] {
        self.name
    }

    /// The name after its first `:` (`Foo` for `a:Foo`), or the whole name.
    #[allow(dead_code, reason = "only some readers need an element's name itself")]
    pub(crate) fn local_name(&self) -> &'a [u8] {
        local_part(self.name)
    }

    /// Whether this element is `name`: with a `:` in `name`, the qualified name is compared
    /// (`a:Foo`), else the local name (`Foo` is `<Foo>`, `<a:Foo>` and `<b:Foo>`).
    pub(crate) fn is(&self, name: &str) -> bool {
        name_is(self.name, local_part(self.name), name)
    }

    /// The byte offset of its `<`.
    pub(crate) fn offset(&self) -> usize {
        self.start
    }

    /// An attribute's value, entities decoded, attribute-value whitespace normalised (\t \r \n ->
    /// space, after line-end normalisation; character references are not normalised); `name` is
    /// matched like [`is`](Self::is); xmlns declarations are attributes too. The first match counts.
    #[allow(dead_code, reason = "only models with attribute members read attributes")]
    pub(crate) fn attribute(&self, name: &str) -> Result<Option<Cow<'a, str>>> {
        // The attributes follow the name at once; the start tag was checked when it was read.
        let base = self.start.saturating_add(1).saturating_add(self.name.len());
        let attributes = self.attributes;
        let mut p: usize = 0;
        loop {
            let rest = attributes.get(p..).unwrap_or_default();
            p = p.saturating_add(space_len(rest));
            let rest = attributes.get(p..).unwrap_or_default();
            let qualified = rest.get(..name_len(rest)).unwrap_or_default();
            if qualified.is_empty() {
                return Ok(None);
            }
            p = p.saturating_add(qualified.len());
            p = p.saturating_add(space_len(attributes.get(p..).unwrap_or_default()));
            if attributes.get(p) != Some(&b'=') {
                return Ok(None);
            }
            p = p.saturating_add(1);
            p = p.saturating_add(space_len(attributes.get(p..).unwrap_or_default()));
            let Some(&quote) = attributes.get(p) else {
                return Ok(None);
            };
            let value_at = p.saturating_add(1);
            let value = attributes.get(value_at..).unwrap_or_default();
            let Some(len) = find(value, [quote]) else {
                return Ok(None);
            };
            if name_is(qualified, local_part(qualified), name) {
                return attribute_value(value.get(..len).unwrap_or_default(), base.saturating_add(value_at)).map(Some);
            }
            p = value_at.saturating_add(len).saturating_add(1);
        }
    }
}

impl<'a> Reader<'a> {
    /// A reader at the start of `input`. Checks once whether the body is UTF-8, which is
    /// cheaper than checking each piece of text read: most of a body is text that is read.
    pub(crate) fn new(input: &'a [u8]) -> Reader<'a> {
        Reader { input, input_text: std::str::from_utf8(input).ok(), pos: 0 }
    }

    /// Moves past `n` bytes. Positions never exceed the body's length, so this cannot
    /// overflow; saturating says so without an arithmetic operator that could.
    fn bump(&mut self, n: usize) {
        self.pos = self.pos.saturating_add(n);
    }

    /// The input from `start` to `end` as text, or an error at the first byte that is not UTF-8.
    fn str(&self, start: usize, end: usize) -> Result<&'a str> {
        if let Some(text) = self.input_text.and_then(|text| text.get(start..end)) {
            return Ok(text);
        }
        utf8(self.input.get(start..end).unwrap_or_default(), start)
    }

    /// The input from the reading position on.
    fn rest(&self) -> &'a [u8] {
        self.input.get(self.pos..).unwrap_or_default()
    }

    /// The error for input that ends too soon, at its end.
    fn end_of_input(&self) -> Error {
        malformed(END_OF_INPUT, self.input.len())
    }

    /// The offset of the first byte at or after `p` that is not whitespace.
    fn after_space(&self, p: usize) -> usize {
        p.saturating_add(space_len(self.input.get(p..).unwrap_or_default()))
    }

    /// Moves to the next `<`; the end of the input there is an error.
    fn seek_tag(&mut self) -> Result<()> {
        match find(self.rest(), [b'<']) {
            Some(n) => {
                self.bump(n);
                Ok(())
            }
            None => {
                self.pos = self.input.len();
                Err(self.end_of_input())
            }
        }
    }

    /// The document element: skips a UTF-8 BOM, the XML declaration, comments, processing
    /// instructions and whitespace. A DOCTYPE is an error (AWS never sends one; refusing it
    /// rules out entity expansion).
    pub(crate) fn root(&mut self) -> Result<Element<'a>> {
        if self.pos == 0 && self.input.starts_with(b"\xEF\xBB\xBF") {
            self.pos = 3;
        }
        // The XML declaration must come first; whitespace before it is forgiven.
        let mut first = true;
        loop {
            self.pos = self.after_space(self.pos);
            match self.rest() {
                [] => return Err(malformed("no root element", self.pos)),
                [b'<', b'?', ..] => self.instruction(first)?,
                [b'<', b'!', b'-', b'-', ..] => self.comment()?,
                [b'<', b, ..] if is_name_start(*b) => return self.start_tag(0),
                [b'<', ..] => return Err(self.bad_markup()),
                _ => return Err(malformed("text before the root element", self.pos)),
            }
            first = false;
        }
    }

    /// After the root element's end: only whitespace, comments and processing instructions may
    /// follow.
    pub(crate) fn finish(&mut self) -> Result<()> {
        loop {
            self.pos = self.after_space(self.pos);
            match self.rest() {
                [] => return Ok(()),
                [b'<', b'?', ..] => self.instruction(false)?,
                [b'<', b'!', b'-', b'-', ..] => self.comment()?,
                _ => return Err(malformed("content after the root element", self.pos)),
            }
        }
    }

    /// The next child element of `parent` (the reader must be inside `parent`'s content, i.e.
    /// `parent` was the last element returned and nothing of its content consumed, or a previous
    /// child was fully read or skipped). Skips character data (any text between children is
    /// ignored: mixed content), comments, processing instructions and CDATA sections. At
    /// `parent`'s end tag, consumes it and returns `None` (a self-closing parent returns `None` at
    /// once). An end tag whose name differs from `parent`'s is an error; so is the end of the
    /// input. A child deeper than [`MAX_DEPTH`] is `TooDeep`.
    pub(crate) fn next_child(&mut self, parent: &Element<'a>) -> Result<Option<Element<'a>>> {
        if parent.empty {
            return Ok(None);
        }
        loop {
            self.seek_tag()?;
            match self.input.get(self.pos.saturating_add(1)) {
                Some(b'/') => {
                    self.end_tag(parent.name)?;
                    return Ok(None);
                }
                Some(&b) if is_name_start(b) => {
                    let depth = parent.depth.saturating_add(1);
                    if depth > MAX_DEPTH {
                        return Err(Error::new(ParseErrorKind::TooDeep { limit: MAX_DEPTH }, self.pos));
                    }
                    return self.start_tag(depth).map(Some);
                }
                _ => self.markup()?,
            }
        }
    }

    /// The next child of `parent` whose name [`is`](Element::is) one of `names`, with its index
    /// in `names`; other children are skipped. A structure's reader matches on the index.
    #[allow(dead_code, reason = "only models with structures or collections in responses read them")]
    pub(crate) fn next_member(&mut self, parent: &Element<'a>, names: &[&str]) -> Result<Option<(usize, Element<'a>)>> {
        while let Some(child) = self.next_child(parent)? {
            let local = local_part(child.name);
            if let Some(index) = names.iter().position(|name| name_is(child.name, local, name)) {
                return Ok(Some((index, child)));
            }
            self.skip(&child)?;
        }
        Ok(None)
    }

    /// Skips the rest of `element` through its end tag, checking that tags balance. It does not
    /// recurse, so it has no depth limit: the names of the elements open inside are kept on the
    /// heap (nothing is allocated for an element without children).
    pub(crate) fn skip(&mut self, element: &Element<'a>) -> Result<()> {
        if element.empty {
            return Ok(());
        }
        let mut open: Vec<&'a [u8]> = Vec::new();
        let mut current = element.name;
        loop {
            self.seek_tag()?;
            match self.input.get(self.pos.saturating_add(1)) {
                Some(b'/') => {
                    self.end_tag(current)?;
                    match open.pop() {
                        Some(name) => current = name,
                        None => return Ok(()),
                    }
                }
                Some(&b) if is_name_start(b) => {
                    // The depth of a skipped element is never looked at.
                    let child = self.start_tag(0)?;
                    if !child.empty {
                        open.push(current);
                        current = child.name;
                    }
                }
                _ => self.markup()?,
            }
        }
    }

    /// The text content of `element` through its end tag: character data with the five
    /// predefined entities and decimal and hex character references decoded (a reference to a
    /// code point that is not an XML `Char`, or an unknown entity, is an error), CDATA sections
    /// verbatim, comments and processing instructions left out, line ends normalised (`\r\n`
    /// and a lone `\r` become `\n`). Borrowed when nothing needed decoding. Text that is not
    /// UTF-8 is `InvalidUtf8`; a child element is `UnexpectedType`. Whitespace is kept. An empty
    /// or self-closing element gives `""`.
    pub(crate) fn text(&mut self, element: &Element<'a>) -> Result<Cow<'a, str>> {
        if element.empty {
            return Ok(Cow::Borrowed(""));
        }
        // The common case: plain text, then the end tag.
        let start = self.pos;
        let rest = self.rest();
        if let Some(n) = find(rest, [b'<', b'&', b'\r'])
            && rest.get(n.saturating_add(1)) == Some(&b'/')
            && rest.get(n) == Some(&b'<')
        {
            let text = self.str(start, start.saturating_add(n))?;
            self.bump(n);
            self.end_tag(element.name)?;
            return Ok(Cow::Borrowed(text));
        }
        self.text_rest(element)
    }

    /// The rest of [`text`](Self::text), for text with references, line ends to normalise,
    /// CDATA sections, comments or processing instructions: decodes piece by piece, or fails.
    #[cold]
    #[inline(never)]
    fn text_rest(&mut self, element: &Element<'a>) -> Result<Cow<'a, str>> {
        let mut out = Text::default();
        loop {
            let rest = self.rest();
            let Some(n) = find(rest, [b'<', b'&', b'\r']) else {
                self.pos = self.input.len();
                return Err(self.end_of_input());
            };
            out.push(self.str(self.pos, self.pos.saturating_add(n))?);
            self.bump(n);
            let special = rest.get(n..).unwrap_or_default();
            match special {
                [b'&', ..] => {
                    let (piece, len) = reference(special, self.pos)?;
                    out.push_piece(piece);
                    self.bump(len);
                }
                [b'\r', next, ..] => {
                    self.bump(1);
                    // After `\r\n`, the `\n` starts the next run.
                    if *next != b'\n' {
                        out.push("\n");
                    }
                }
                [b'\r'] => {
                    self.bump(1);
                    return Err(self.end_of_input());
                }
                [b'<', b'/', ..] => {
                    self.end_tag(element.name)?;
                    return Ok(out.finish());
                }
                [b'<', b, ..] if is_name_start(*b) => {
                    let found = ParseErrorKind::UnexpectedType { expected: "text", found: "an element" };
                    return Err(Error::new(found, self.pos));
                }
                _ if special.starts_with(b"<![CDATA[") => {
                    let at = self.pos.saturating_add(9);
                    let content = self.cdata()?;
                    push_lines(&mut out, content, at)?;
                }
                _ => self.markup()?,
            }
        }
    }

    /// Reads the start tag at the reader (a `<` and a name's first byte): its name and
    /// attributes, checked, up to and including its `>` or `/>`. Only the common case is here (a
    /// name, then `>` or `/>`); attributes and errors are [`start_tag_rest`](Self::start_tag_rest).
    fn start_tag(&mut self, depth: usize) -> Result<Element<'a>> {
        let start = self.pos;
        let after = self.input.get(start.saturating_add(1)..).unwrap_or_default();
        let len = name_len(after);
        if let Some((name, rest)) = after.split_at_checked(len) {
            let (empty, tag_len) = match rest {
                [b'>', ..] => (false, 2),
                [b'/', b'>', ..] => (true, 3),
                _ => return self.start_tag_rest(depth, name),
            };
            self.pos = start.saturating_add(len).saturating_add(tag_len);
            return Ok(Element { name, attributes: &[], empty, depth, start });
        }
        self.start_tag_rest(depth, &[])
    }

    /// The rest of [`start_tag`](Self::start_tag), after `name`: its attributes, checked, and
    /// its `>` or `/>`.
    #[cold]
    #[inline(never)]
    fn start_tag_rest(&mut self, depth: usize, name: &'a [u8]) -> Result<Element<'a>> {
        let start = self.pos;
        if name.is_empty() {
            // Never: callers check that a name starts after the `<`.
            return Err(malformed("a start tag without a name", start));
        }
        let attributes_at = start.saturating_add(1).saturating_add(name.len());
        let mut p = attributes_at;
        let mut spaced = false;
        loop {
            match self.input.get(p) {
                Some(b'>') => {
                    self.pos = p.saturating_add(1);
                    let attributes = self.input.get(attributes_at..p).unwrap_or_default();
                    return Ok(Element { name, attributes, empty: false, depth, start });
                }
                Some(b'/') => {
                    let attributes = self.input.get(attributes_at..p).unwrap_or_default();
                    p = p.saturating_add(1);
                    return match self.input.get(p) {
                        Some(b'>') => {
                            self.pos = p.saturating_add(1);
                            Ok(Element { name, attributes, empty: true, depth, start })
                        }
                        Some(_) => Err(malformed("expected `>` after `/` in a start tag", p)),
                        None => Err(self.end_of_input()),
                    };
                }
                Some(&b) if is_space(b) => {
                    p = self.after_space(p);
                    spaced = true;
                }
                Some(&b) if spaced && is_name_start(b) => {
                    p = self.check_attribute(p)?;
                    spaced = false;
                }
                Some(&b) if is_name_start(b) => return Err(malformed("expected whitespace before an attribute", p)),
                Some(_) => return Err(malformed("invalid character in a start tag", p)),
                None => return Err(self.end_of_input()),
            }
        }
    }

    /// Checks the attribute at `p` in a start tag (`name="value"` or `name='value'`, with
    /// whitespace allowed around the `=`); returns the offset after its closing quote.
    fn check_attribute(&self, p: usize) -> Result<usize> {
        let p = p.saturating_add(name_len(self.input.get(p..).unwrap_or_default()));
        let p = self.after_space(p);
        match self.input.get(p) {
            Some(b'=') => {}
            Some(_) => return Err(malformed("expected `=` after an attribute name", p)),
            None => return Err(self.end_of_input()),
        }
        let p = self.after_space(p.saturating_add(1));
        let quote = match self.input.get(p) {
            Some(&quote @ (b'"' | b'\'')) => quote,
            Some(_) => return Err(malformed("expected a quoted attribute value", p)),
            None => return Err(self.end_of_input()),
        };
        let value_at = p.saturating_add(1);
        let value = self.input.get(value_at..).unwrap_or_default();
        match find(value, [quote, b'<']) {
            Some(n) if value.get(n) == Some(&quote) => Ok(value_at.saturating_add(n).saturating_add(1)),
            Some(n) => Err(malformed("`<` in an attribute value", value_at.saturating_add(n))),
            None => Err(self.end_of_input()),
        }
    }

    /// Reads the end tag at the reader (`</`), which must close `name`: `</name>`, with
    /// whitespace allowed before the `>`. Only the common case is here (no whitespace); the rest
    /// is [`end_tag_rest`](Self::end_tag_rest).
    fn end_tag(&mut self, name: &[u8]) -> Result<()> {
        let start = self.pos;
        let rest = self.input.get(start.saturating_add(2)..).unwrap_or_default();
        if let Some((found, [b'>', ..])) = rest.split_at_checked(name.len())
            && same(found, name)
        {
            self.pos = start.saturating_add(3).saturating_add(name.len());
            return Ok(());
        }
        self.end_tag_rest(name)
    }

    /// The rest of [`end_tag`](Self::end_tag): whitespace before the `>`, or an error.
    #[cold]
    #[inline(never)]
    fn end_tag_rest(&mut self, name: &[u8]) -> Result<()> {
        let start = self.pos;
        let name_at = start.saturating_add(2);
        let end = name_at.saturating_add(name.len());
        if !self.input.get(name_at..end).is_some_and(|found| same(found, name)) {
            let rest = self.input.get(name_at..).unwrap_or_default();
            if rest.len() < name.len() && name.starts_with(rest) {
                return Err(self.end_of_input());
            }
            return Err(malformed("mismatched end tag", start));
        }
        match self.input.get(end) {
            Some(&b) if is_name_byte(b) => return Err(malformed("mismatched end tag", start)),
            _ => {}
        }
        let p = self.after_space(end);
        match self.input.get(p) {
            Some(b'>') => {
                self.pos = p.saturating_add(1);
                Ok(())
            }
            Some(_) => Err(malformed("expected `>` to close an end tag", p)),
            None => Err(self.end_of_input()),
        }
    }

    /// Skips the comment, processing instruction or CDATA section at the reader (a `<` that
    /// starts no tag), in an element's content; anything else there is an error.
    fn markup(&mut self) -> Result<()> {
        let rest = self.rest();
        if rest.starts_with(b"<!--") {
            self.comment()
        } else if rest.starts_with(b"<?") {
            self.instruction(false)
        } else if rest.starts_with(b"<![CDATA[") {
            self.cdata().map(|_| ())
        } else {
            Err(self.bad_markup())
        }
    }

    /// The error for a `<` at the reader that starts nothing the reader accepts there.
    #[cold]
    fn bad_markup(&self) -> Error {
        let rest = self.rest();
        if rest.starts_with(b"<!DOCTYPE") {
            return malformed("a DOCTYPE is not allowed", self.pos);
        }
        let openers: [&[u8]; 4] = [b"<!--", b"<![CDATA[", b"<!DOCTYPE", b"</"];
        if openers.iter().any(|opener| opener.len() > rest.len() && opener.starts_with(rest)) {
            return self.end_of_input();
        }
        malformed("`<` that starts no tag, comment, processing instruction or CDATA section", self.pos)
    }

    /// Skips the comment at the reader (`<!--`), through its `-->`; `--` inside is an error.
    fn comment(&mut self) -> Result<()> {
        let start = self.pos;
        let body_at = start.saturating_add(4);
        let Some(dashes) = find_seq(self.input.get(body_at..).unwrap_or_default(), b"--") else {
            return Err(malformed("unterminated comment", start));
        };
        let dashes = body_at.saturating_add(dashes);
        let end = dashes.saturating_add(2);
        match self.input.get(end) {
            Some(b'>') => {
                self.pos = end.saturating_add(1);
                Ok(())
            }
            Some(_) => Err(malformed("`--` inside a comment", dashes)),
            None => Err(malformed("unterminated comment", start)),
        }
    }

    /// Skips the processing instruction at the reader (`<?`), through its `?>`. Its target must
    /// be a name; `xml` (the XML declaration) only where `declaration` allows it.
    fn instruction(&mut self, declaration: bool) -> Result<()> {
        let start = self.pos;
        let target_at = start.saturating_add(2);
        let rest = self.input.get(target_at..).unwrap_or_default();
        let target = rest.get(..name_len(rest)).unwrap_or_default();
        if target.is_empty() {
            return Err(match rest.is_empty() {
                true => self.end_of_input(),
                false => malformed("a processing instruction without a target", target_at),
            });
        }
        if target.eq_ignore_ascii_case(b"xml") && !declaration {
            return Err(malformed("an XML declaration is allowed only at the start", start));
        }
        let after = target_at.saturating_add(target.len());
        match self.input.get(after) {
            Some(&b) if b == b'?' || is_space(b) => {}
            Some(_) => return Err(malformed("invalid processing instruction target", after)),
            None => return Err(self.end_of_input()),
        }
        match find_seq(self.input.get(after..).unwrap_or_default(), b"?>") {
            Some(n) => {
                self.pos = after.saturating_add(n).saturating_add(2);
                Ok(())
            }
            None => Err(malformed("unterminated processing instruction", start)),
        }
    }

    /// Reads the CDATA section at the reader (`<![CDATA[`), through its `]]>`: its raw content.
    fn cdata(&mut self) -> Result<&'a [u8]> {
        let start = self.pos;
        let content_at = start.saturating_add(9);
        let rest = self.input.get(content_at..).unwrap_or_default();
        let Some(len) = find_seq(rest, b"]]>") else {
            return Err(malformed("unterminated CDATA section", start));
        };
        self.pos = content_at.saturating_add(len).saturating_add(3);
        Ok(rest.get(..len).unwrap_or_default())
    }

    /// `element`'s text, for a scalar, with where it starts (for errors).
    #[allow(dead_code, reason = "only models with scalar members read them")]
    fn scalar(&mut self, element: &Element<'a>) -> Result<(Cow<'a, str>, usize)> {
        let start = self.pos;
        let text = self.text(element)?;
        Ok((text, start))
    }

    /// An owned string: the text, whitespace kept.
    #[allow(dead_code, reason = "only models with string members read them")]
    pub(crate) fn string(&mut self, element: &Element<'a>) -> Result<String> {
        self.text(element).map(Cow::into_owned)
    }

    /// `true` or `false`, ignoring whitespace around it.
    #[allow(dead_code, reason = "only models with boolean members read them")]
    pub(crate) fn bool(&mut self, element: &Element<'a>) -> Result<bool> {
        let (text, start) = self.scalar(element)?;
        match text.trim_ascii() {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err(Error::new(not_a("a boolean"), start)),
        }
    }

    /// An integer in decimal that fits `T` (named `ty` in errors), ignoring whitespace around it.
    #[allow(dead_code, reason = "only models with integer members read them")]
    fn integer<T: TryFrom<i64>>(&mut self, element: &Element<'a>, ty: &'static str) -> Result<T> {
        let (text, start) = self.scalar(element)?;
        parse_integer(text.trim_ascii(), ty).map_err(|kind| Error::new(kind, start))
    }

    /// A byte: an integer from -128 to 127.
    #[allow(dead_code, reason = "only models with byte members read them")]
    pub(crate) fn i8(&mut self, element: &Element<'a>) -> Result<i8> {
        self.integer(element, "a byte")
    }

    /// A short: an integer from -32768 to 32767.
    #[allow(dead_code, reason = "only models with short members read them")]
    pub(crate) fn i16(&mut self, element: &Element<'a>) -> Result<i16> {
        self.integer(element, "a short")
    }

    /// An integer that fits 32 bits.
    #[allow(dead_code, reason = "only models with integer or intEnum members read them")]
    pub(crate) fn i32(&mut self, element: &Element<'a>) -> Result<i32> {
        self.integer(element, "an integer")
    }

    /// A long: an integer that fits 64 bits.
    #[allow(dead_code, reason = "only models with long members read them")]
    pub(crate) fn i64(&mut self, element: &Element<'a>) -> Result<i64> {
        self.integer(element, "a long")
    }

    /// A float: a decimal number as Rust reads one, or `NaN`, `Infinity`, `-Infinity` as Smithy
    /// writes the non-finite values (Rust's own spellings, such as `inf`, are errors). A finite
    /// number too large for the type is an error, not infinity.
    #[allow(dead_code, reason = "only models with float or double members read them")]
    fn float<T: std::str::FromStr + Copy>(
        &mut self,
        element: &Element<'a>,
        ty: &'static str,
        [nan, infinity, negative_infinity]: [T; 3],
        finite: fn(T) -> bool,
    ) -> Result<T> {
        let (text, start) = self.scalar(element)?;
        let text = text.trim_ascii();
        match text {
            "NaN" => return Ok(nan),
            "Infinity" => return Ok(infinity),
            "-Infinity" => return Ok(negative_infinity),
            _ => {}
        }
        if !is_decimal(text) {
            return Err(Error::new(not_a("a number"), start));
        }
        match text.parse::<T>() {
            Ok(value) if finite(value) => Ok(value),
            Ok(_) => Err(Error::new(ParseErrorKind::NumberOutOfRange { ty }, start)),
            Err(_) => Err(Error::new(not_a("a number"), start)),
        }
    }

    /// A float (32 bits), as [`float`](Self::float) reads one.
    #[allow(dead_code, reason = "only models with float members read them")]
    pub(crate) fn f32(&mut self, element: &Element<'a>) -> Result<f32> {
        self.float(element, "a float", [f32::NAN, f32::INFINITY, f32::NEG_INFINITY], f32::is_finite)
    }

    /// A double (64 bits), as [`float`](Self::float) reads one.
    #[allow(dead_code, reason = "only models with double members read them")]
    pub(crate) fn f64(&mut self, element: &Element<'a>) -> Result<f64> {
        self.float(element, "a double", [f64::NAN, f64::INFINITY, f64::NEG_INFINITY], f64::is_finite)
    }

    /// An integer of any size, as [`i64`](Self::i64) reads one but unbounded.
    #[allow(dead_code, reason = "only models with bigInteger members read them")]
    pub(crate) fn big_integer(&mut self, element: &Element<'a>) -> Result<BigInteger> {
        let (text, start) = self.scalar(element)?;
        let text = text.trim_ascii();
        if let Ok(value) = text.parse::<BigInteger>() {
            return Ok(value);
        }
        match json_integer(text).and_then(|json| json.parse::<BigInteger>().ok()) {
            Some(value) => Ok(value),
            None => Err(Error::new(not_an_integer(text), start)),
        }
    }

    /// A decimal number of any size and precision, as [`f64`](Self::f64) reads one but exact
    /// (and finite: `NaN` and the infinities are errors), kept as JSON number text.
    #[allow(dead_code, reason = "only models with bigDecimal members read them")]
    pub(crate) fn big_decimal(&mut self, element: &Element<'a>) -> Result<BigDecimal> {
        let (text, start) = self.scalar(element)?;
        let text = text.trim_ascii();
        if let Ok(value) = text.parse::<BigDecimal>() {
            return Ok(value);
        }
        match json_decimal(text).and_then(|json| json.parse::<BigDecimal>().ok()) {
            Some(value) => Ok(value),
            None => Err(Error::new(not_a("a number"), start)),
        }
    }

    /// A timestamp in `format` (what the member declares, date-time by default in XML),
    /// ignoring whitespace around it. Text in another format is also accepted, as the JSON
    /// reader's `timestamp` falls back (date-time, then http-date, then epoch seconds), so a
    /// service that changes format cannot break parsing; the error is the declared format's.
    #[allow(dead_code, reason = "only models with timestamp members read them")]
    pub(crate) fn timestamp(&mut self, element: &Element<'a>, format: TimestampFormat) -> Result<Timestamp> {
        let (text, start) = self.scalar(element)?;
        let text = text.trim_ascii();
        match Timestamp::parse(text, format) {
            Ok(timestamp) => Ok(timestamp),
            Err(e) => [TimestampFormat::DateTime, TimestampFormat::HttpDate, TimestampFormat::EpochSeconds]
                .into_iter()
                .filter(|&other| other != format)
                .find_map(|other| Timestamp::parse(text, other).ok())
                .ok_or_else(|| Error::new(ParseErrorKind::Timestamp(e), start)),
        }
    }

    /// A blob: base64 text; ASCII whitespace inside is ignored (line-wrapped base64).
    #[allow(dead_code, reason = "only models with blob members read them")]
    pub(crate) fn blob(&mut self, element: &Element<'a>) -> Result<Vec<u8>> {
        let (text, start) = self.scalar(element)?;
        let bytes = text.as_bytes();
        let decoded = if bytes.iter().any(u8::is_ascii_whitespace) {
            let compact: Vec<u8> = bytes.iter().copied().filter(|b| !b.is_ascii_whitespace()).collect();
            base64::decode(&compact)
        } else {
            base64::decode(bytes)
        };
        decoded.ok_or_else(|| Error::new(ParseErrorKind::InvalidBase64, start))
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "tests report failures by panicking, and compute with values they made themselves"
)]
mod tests {
    use super::*;

    /// A document with most of what the reader handles, ending with the root's end tag.
    const SAMPLE: &[u8] = b"\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- leading -->\n\
        <R xmlns=\"https://example.com/\" xmlns:a='urn:a' id=\"r&amp;1\">\n  <?pi data?>\n  \
        <a:Item id='x &lt; y'><Value>plain</Value><Value>a &amp; b &#x41;&#66;</Value></a:Item>\n  \
        <Item><Value><![CDATA[<raw> ]]]]><![CDATA[>]]></Value><Empty/><Empty a=\"1\" /></Item>\n  \
        mixed <!-- c --> text\n  <Value>line1&#13;&#10;line2\r\nline3</Value>\n</R   >";

    fn kind(e: Error) -> ParseErrorKind {
        e.into_inner().kind
    }

    fn offset(e: Error) -> usize {
        e.into_inner().offset
    }

    /// Reads a whole document, without recursion: elements named `Value` as text, others by
    /// their children. Returns what it saw, as a compact trace.
    fn walk(input: &[u8]) -> Result<String> {
        let mut r = Reader::new(input);
        let root = r.root()?;
        let mut out = format!("<{}>", String::from_utf8_lossy(root.name()));
        let mut stack = vec![root];
        while let Some(top) = stack.last().copied() {
            match r.next_child(&top)? {
                Some(child) => {
                    out.push_str(&format!("<{}", String::from_utf8_lossy(child.name())));
                    if let Some(id) = child.attribute("id")? {
                        out.push_str(&format!(" id={id:?}"));
                    }
                    out.push('>');
                    if child.is("Value") {
                        out.push_str(&r.text(&child)?);
                        out.push_str("</>");
                    } else {
                        stack.push(child);
                    }
                }
                None => {
                    out.push_str("</>");
                    stack.pop();
                }
            }
        }
        r.finish()?;
        Ok(out)
    }

    /// Reads a whole document by skipping its root.
    fn skim(input: &[u8]) -> Result<()> {
        let mut r = Reader::new(input);
        let root = r.root()?;
        r.skip(&root)?;
        r.finish()
    }

    /// The root's text read by `read`, then the end of the document.
    fn scalar<T>(xml: &str, read: impl for<'a> FnOnce(&mut Reader<'a>, &Element<'a>) -> Result<T>) -> Result<T> {
        let mut r = Reader::new(xml.as_bytes());
        let root = r.root()?;
        let value = read(&mut r, &root)?;
        r.finish()?;
        Ok(value)
    }

    fn text_of(xml: &str) -> Result<String> {
        scalar(xml, |r, e| r.text(e).map(Cow::into_owned))
    }

    fn malformed_kind(what: &'static str) -> ParseErrorKind {
        ParseErrorKind::MalformedXml(what)
    }

    #[test]
    fn sample_document() {
        assert_eq!(
            walk(SAMPLE).unwrap(),
            "<R><a:Item id=\"x < y\"><Value>plain</><Value>a & b AB</></><Item><Value><raw> ]]></><Empty></>\
             <Empty></></><Value>line1\r\nline2\nline3</></>"
        );
        skim(SAMPLE).unwrap();
        let mut r = Reader::new(SAMPLE);
        let root = r.root().unwrap();
        assert_eq!(root.attribute("id").unwrap().as_deref(), Some("r&1"));
        assert_eq!(root.attribute("xmlns").unwrap().as_deref(), Some("https://example.com/"));
        assert_eq!(root.attribute("xmlns:a").unwrap().as_deref(), Some("urn:a"));
        assert_eq!(root.offset(), SAMPLE.iter().position(|&b| b == b'R').unwrap() - 1);
    }

    #[test]
    fn nested_and_self_closing() {
        let xml = b"<a><b><c>x</c><d/></b><e></e><f /></a>";
        assert_eq!(walk(xml).unwrap(), "<a><b><c></><d></></><e></><f></></>");
        let mut r = Reader::new(b"<r/>");
        let root = r.root().unwrap();
        assert!(root.empty);
        assert!(r.next_child(&root).unwrap().is_none());
        assert!(r.next_child(&root).unwrap().is_none());
        assert_eq!(r.text(&root).unwrap(), "");
        r.skip(&root).unwrap();
        r.finish().unwrap();
        // Children come with their depth and offsets.
        let mut r = Reader::new(b"<a> <b><c/></b></a>");
        let a = r.root().unwrap();
        let b = r.next_child(&a).unwrap().unwrap();
        assert_eq!((b.depth, b.offset()), (1, 4));
        let c = r.next_child(&b).unwrap().unwrap();
        assert_eq!((c.depth, c.offset(), c.empty), (2, 7, true));
        assert!(r.next_child(&b).unwrap().is_none());
        assert!(r.next_child(&a).unwrap().is_none());
        r.finish().unwrap();
        // An element's text, empty or self-closing.
        assert_eq!(text_of("<a></a>").unwrap(), "");
        assert_eq!(text_of("<a/>").unwrap(), "");
        assert_eq!(text_of("<a  />").unwrap(), "");
    }

    #[test]
    fn attributes() {
        let xml = "<a x=\"1\" y = '2' z=\"a&amp;b&#x20;c&quot;&apos;&lt;&gt;\" w=\"l1&#10;l2\r\nl3\tl4\nl5\rl6\" \
                   gt=\"a>b\" sq='say \"hi\"' dq=\"it's\" xmlns=\"urn:d\" xmlns:p=\"urn:p\" p:q=\"pq\" e=\"\"/>";
        let mut r = Reader::new(xml.as_bytes());
        let a = r.root().unwrap();
        let get = |name: &str| a.attribute(name).unwrap().map(Cow::into_owned);
        assert!(matches!(a.attribute("x").unwrap(), Some(Cow::Borrowed("1"))));
        assert_eq!(get("y").as_deref(), Some("2"));
        assert_eq!(get("z").as_deref(), Some("a&b c\"'<>"));
        assert_eq!(get("w").as_deref(), Some("l1\nl2 l3 l4 l5 l6"));
        assert_eq!(get("gt").as_deref(), Some("a>b"));
        assert_eq!(get("sq").as_deref(), Some("say \"hi\""));
        assert_eq!(get("dq").as_deref(), Some("it's"));
        assert_eq!(get("xmlns").as_deref(), Some("urn:d"));
        assert_eq!(get("xmlns:p").as_deref(), Some("urn:p"));
        assert_eq!(get("q").as_deref(), Some("pq"));
        assert_eq!(get("p:q").as_deref(), Some("pq"));
        assert_eq!(get("b:q"), None);
        assert_eq!(get("e").as_deref(), Some(""));
        assert_eq!(get("missing"), None);
        assert!(r.next_child(&a).unwrap().is_none());
        r.finish().unwrap();

        // A bad reference is found when the attribute is read, where it is.
        let mut r = Reader::new(b"<a x=\"ok\" y=\"v&bad;\"/>");
        let a = r.root().unwrap();
        assert_eq!(a.attribute("x").unwrap().as_deref(), Some("ok"));
        let e = a.attribute("y").unwrap_err().into_inner();
        assert_eq!((e.kind, e.offset), (malformed_kind("unknown entity"), 14));
        let mut r = Reader::new(b"<a y=\"\xFF\"/>");
        assert_eq!(offset(r.root().unwrap().attribute("y").unwrap_err()), 6);

        for (xml, what, at) in [
            ("<a x=\"<\"/>", "`<` in an attribute value", 6),
            ("<a x=\"1\"y=\"2\"/>", "expected whitespace before an attribute", 8),
            ("<a x=1/>", "expected a quoted attribute value", 5),
            ("<a x/>", "expected `=` after an attribute name", 4),
            ("<a x = />", "expected a quoted attribute value", 7),
            ("<a =\"1\"/>", "invalid character in a start tag", 3),
            ("<a x=\"1\" / >", "expected `>` after `/` in a start tag", 10),
            ("<a!/>", "invalid character in a start tag", 2),
            ("<a b!/>", "expected `=` after an attribute name", 4),
        ] {
            let e = Reader::new(xml.as_bytes()).root().unwrap_err().into_inner();
            assert_eq!((e.kind, e.offset), (malformed_kind(what), at), "{xml}");
        }
    }

    #[test]
    fn names_and_namespaces() {
        let mut r = Reader::new(b"<a:Foo xmlns:a=\"u\"><b:Bar/><Bar/><_x.y-z9/><\xC3\xA9t\xC3\xA9/></a:Foo>");
        let root = r.root().unwrap();
        assert_eq!(root.name(), b"a:Foo");
        assert_eq!(root.local_name(), b"Foo");
        assert!(root.is("Foo"));
        assert!(root.is("a:Foo"));
        assert!(!root.is("b:Foo"));
        assert!(!root.is("Fo"));
        assert!(!root.is("a:Fooo"));
        let bar = r.next_child(&root).unwrap().unwrap();
        assert!(bar.is("Bar") && bar.is("b:Bar") && !bar.is("a:Bar"));
        let plain = r.next_child(&root).unwrap().unwrap();
        assert!(plain.is("Bar") && !plain.is("b:Bar"));
        assert_eq!(plain.local_name(), b"Bar");
        let odd = r.next_child(&root).unwrap().unwrap();
        assert!(odd.is("_x.y-z9"));
        let accented = r.next_child(&root).unwrap().unwrap();
        assert!(accented.is("été"));
        assert!(r.next_child(&root).unwrap().is_none());
        r.finish().unwrap();
        // A name has more than one colon: the local name is after the first.
        let mut r = Reader::new(b"<a:b:c/>");
        let e = r.root().unwrap();
        assert_eq!(e.local_name(), b"b:c");
        assert!(e.is("a:b:c"));
        assert!(!e.is("b:c"));
        assert!(!e.is("c"));
        // Names must start well.
        for xml in ["<1a/>", "<-a/>", "<.a/>", "< a/>"] {
            assert!(matches!(kind(Reader::new(xml.as_bytes()).root().unwrap_err()), ParseErrorKind::MalformedXml(_)));
        }
    }

    #[test]
    fn references() {
        assert_eq!(
            text_of("<a>&lt;&gt;&amp;&apos;&quot;&#65;&#x42;&#x1F600;&#0000067;&#x00000044;</a>").unwrap(),
            "<>&'\"AB😀CD"
        );
        assert_eq!(
            text_of("<a>&#9;&#xA;&#xd;&#x10FFFF;&#xFFFD;&#xE000;&#xD7FF;&#32;</a>").unwrap(),
            "\t\n\r\u{10FFFF}\u{FFFD}\u{E000}\u{D7FF} "
        );
        for (xml, what) in [
            ("<a>&#0;</a>", "a character reference to a character XML does not allow"),
            ("<a>&#x0;</a>", "a character reference to a character XML does not allow"),
            ("<a>&#1;</a>", "a character reference to a character XML does not allow"),
            ("<a>&#xD800;</a>", "a character reference to a character XML does not allow"),
            ("<a>&#xDFFF;</a>", "a character reference to a character XML does not allow"),
            ("<a>&#xFFFE;</a>", "a character reference to a character XML does not allow"),
            ("<a>&#xFFFF;</a>", "a character reference to a character XML does not allow"),
            ("<a>&#x110000;</a>", "a character reference to a character XML does not allow"),
            ("<a>&#4294967296;</a>", "a character reference beyond Unicode"),
            ("<a>&#x123456789;</a>", "a character reference beyond Unicode"),
            ("<a>&foo;</a>", "unknown entity"),
            ("<a>&AMP;</a>", "unknown entity"),
            ("<a>&#X41;</a>", "invalid character reference"),
            ("<a>&#65</a>", "invalid character reference"),
            ("<a>&#;</a>", "invalid character reference"),
            ("<a>&#x;</a>", "invalid character reference"),
            ("<a>&#-1;</a>", "invalid character reference"),
            ("<a>&#xG;</a>", "invalid character reference"),
            ("<a>&amp</a>", "`&` that does not start a reference"),
            ("<a>& b</a>", "`&` that does not start a reference"),
            ("<a>&;</a>", "`&` that does not start a reference"),
        ] {
            let e = text_of(xml).unwrap_err().into_inner();
            assert_eq!((e.kind, e.offset), (malformed_kind(what), 3), "{xml}");
        }
    }

    #[test]
    fn text_decoding() {
        let mut r = Reader::new(b"<a><b>plain text</b><c><![CDATA[x<y>&amp;]]></c><d>a&amp;b</d><e>  </e></a>");
        let a = r.root().unwrap();
        let b = r.next_child(&a).unwrap().unwrap();
        assert!(matches!(r.text(&b).unwrap(), Cow::Borrowed("plain text")));
        let c = r.next_child(&a).unwrap().unwrap();
        assert!(matches!(r.text(&c).unwrap(), Cow::Borrowed("x<y>&amp;")));
        let d = r.next_child(&a).unwrap().unwrap();
        assert!(matches!(r.text(&d).unwrap(), Cow::Owned(ref s) if s == "a&b"));
        let e = r.next_child(&a).unwrap().unwrap();
        assert_eq!(r.text(&e).unwrap(), "  ");
        assert!(r.next_child(&a).unwrap().is_none());
        r.finish().unwrap();

        // Line ends, in text and CDATA; a character reference is kept.
        assert_eq!(text_of("<a>a\r\nb\rc&#13;d\n\re\r</a>").unwrap(), "a\nb\nc\rd\n\ne\n");
        assert_eq!(text_of("<a>\r\n</a>").unwrap(), "\n");
        assert_eq!(text_of("<a><![CDATA[a\r\nb\rc]]>\r</a>").unwrap(), "a\nb\nc\n");
        // CDATA: verbatim, `]]>` split across two sections, empty, next to text.
        assert_eq!(text_of("<a><![CDATA[]]]]><![CDATA[>]]></a>").unwrap(), "]]>");
        assert_eq!(text_of("<a>x<![CDATA[]]>y</a>").unwrap(), "xy");
        assert_eq!(text_of("<a><![CDATA[<!-- no -->]]]></a>").unwrap(), "<!-- no -->]");
        // Comments and processing instructions are left out.
        assert_eq!(text_of("<a>x<!-- c -->y<?p z?>z<!---->w</a>").unwrap(), "xyzw");
        assert_eq!(text_of("<a>x<!-- <b>not</b> -->y</a>").unwrap(), "xy");
        // Non-ASCII text, and `>` (which text may hold).
        assert_eq!(text_of("<a>été &gt; 1 > 0</a>").unwrap(), "été > 1 > 0");
        // Not UTF-8, on either path.
        for (xml, at) in [(&b"<a>ab\xFFc</a>"[..], 5), (b"<a>&amp;\xC3</a>", 8), (b"<a><![CDATA[ab\xFF]]></a>", 14)] {
            let mut r = Reader::new(xml);
            let root = r.root().unwrap();
            let e = r.text(&root).unwrap_err().into_inner();
            assert_eq!((e.kind, e.offset), (ParseErrorKind::InvalidUtf8, at));
        }
        // A child element is not text.
        let e = text_of("<r>ab<c/>d</r>").unwrap_err().into_inner();
        assert_eq!((e.kind, e.offset), (ParseErrorKind::UnexpectedType { expected: "text", found: "an element" }, 5));
        assert!(text_of("<r>&amp;<c>x</c></r>").is_err());
        // `<` must start something.
        for xml in ["<r>a < b</r>", "<r>a <1</r>", "<r><!x></r>", "<r><![CDATA x]]></r>", "<r><!DOCTYPE r></r>"] {
            assert!(matches!(kind(text_of(xml).unwrap_err()), ParseErrorKind::MalformedXml(_)), "{xml}");
        }
        // The end tag must be the element's.
        let e = text_of("<r>x</s>").unwrap_err().into_inner();
        assert_eq!((e.kind, e.offset), (malformed_kind("mismatched end tag"), 4));
        let e = text_of("<r>&amp;</s>").unwrap_err().into_inner();
        assert_eq!((e.kind, e.offset), (malformed_kind("mismatched end tag"), 8));
    }

    #[test]
    fn comments_and_instructions_everywhere() {
        let xml = "<?xml version=\"1.0\"?><!--c--><?pi x?>\n<r><!--c--><?p?><v>a<!--c-->b<?p x?>c</v>\
                   <!-- - --><?q ?></r><!--e--> <?e?>\n";
        let mut r = Reader::new(xml.as_bytes());
        let root = r.root().unwrap();
        let v = r.next_child(&root).unwrap().unwrap();
        assert_eq!(r.text(&v).unwrap(), "abc");
        assert!(r.next_child(&root).unwrap().is_none());
        r.finish().unwrap();
        skim(xml.as_bytes()).unwrap();
        // Whitespace before the XML declaration is forgiven.
        Reader::new(b"\n <?xml version=\"1.0\"?><r/>").root().unwrap();
        for (xml, what) in [
            ("<r><!-- a -- b --></r>", "`--` inside a comment"),
            ("<r><!-- a ---></r>", "`--` inside a comment"),
            ("<!-- a -- b --><r/>", "`--` inside a comment"),
            ("<r><!-- a </r>", "unterminated comment"),
            ("<r><?p a </r>", "unterminated processing instruction"),
            ("<r><![CDATA[ a </r>", "unterminated CDATA section"),
            ("<!--c--><?xml version=\"1.0\"?><r/>", "an XML declaration is allowed only at the start"),
            ("<r><?xml version=\"1.0\"?></r>", "an XML declaration is allowed only at the start"),
            ("<r/><?xml version=\"1.0\"?>", "an XML declaration is allowed only at the start"),
            ("<?xml version=\"1.0\"?><?XML version=\"1.0\"?><r/>", "an XML declaration is allowed only at the start"),
            ("<r><? p?></r>", "a processing instruction without a target"),
            ("<r><?p\"?></r>", "invalid processing instruction target"),
            ("<r><?p!?></r>", "invalid processing instruction target"),
        ] {
            let result = walk(xml.as_bytes());
            assert_eq!(kind(result.unwrap_err()), malformed_kind(what), "{xml}");
            assert_eq!(kind(skim(xml.as_bytes()).unwrap_err()), malformed_kind(what), "{xml}");
        }
        // Targets that only start with `xml` are other instructions.
        walk(b"<?xml-stylesheet href=\"a\"?><r><?xmlfoo?><?p-?></r>").unwrap();
    }

    #[test]
    fn prolog() {
        // A BOM, then the declaration.
        assert_eq!(walk(b"\xEF\xBB\xBF<?xml version=\"1.0\"?><r/>").unwrap(), "<r></>");
        assert_eq!(walk(b"\xEF\xBB\xBF<r/>").unwrap(), "<r></>");
        // A BOM only at the start; half a BOM is text.
        assert!(walk(b" \xEF\xBB\xBF<r/>").is_err());
        assert!(walk(b"\xEF\xBB<r/>").is_err());
        // DOCTYPE is refused, so no entity can be declared.
        for xml in ["<!DOCTYPE r [<!ENTITY x \"y\">]><r>&x;</r>", "<?xml version=\"1.0\"?>\n<!DOCTYPE r><r/>"] {
            let e = Reader::new(xml.as_bytes()).root().unwrap_err();
            assert_eq!(kind(e), malformed_kind("a DOCTYPE is not allowed"));
        }
        for (xml, what) in [
            ("", "no root element"),
            ("  \n", "no root element"),
            ("<!-- only -->", "no root element"),
            ("text<r/>", "text before the root element"),
            ("<![CDATA[x]]><r/>", "`<` that starts no tag, comment, processing instruction or CDATA section"),
            ("</r>", "`<` that starts no tag, comment, processing instruction or CDATA section"),
            ("<", END_OF_INPUT),
            ("<!-", END_OF_INPUT),
            ("<!DOCTY", END_OF_INPUT),
        ] {
            assert_eq!(kind(Reader::new(xml.as_bytes()).root().unwrap_err()), malformed_kind(what), "{xml:?}");
        }
    }

    #[test]
    fn end_tags() {
        walk(b"<a><b></b ></a\n\t>").unwrap();
        for (xml, at) in [("<a><b></a></b>", 6), ("<a></ab>", 3), ("<ab></a>", 4), ("<a:b></b>", 5), ("<a></A>", 3)] {
            let e = walk(xml.as_bytes()).unwrap_err().into_inner();
            assert_eq!((e.kind, e.offset), (malformed_kind("mismatched end tag"), at), "{xml}");
            assert_eq!(offset(skim(xml.as_bytes()).unwrap_err()), at, "{xml}");
        }
        for xml in ["<a></a x>", "<a></a/>", "<a></a"] {
            assert!(matches!(kind(walk(xml.as_bytes()).unwrap_err()), ParseErrorKind::MalformedXml(_)), "{xml}");
        }
        let e = walk(b"<a><b>").unwrap_err().into_inner();
        assert_eq!((e.kind, e.offset), (malformed_kind(END_OF_INPUT), 6));
    }

    #[test]
    fn truncated_anywhere() {
        for len in 0..SAMPLE.len() {
            let prefix = &SAMPLE[..len];
            for result in [walk(prefix).map(drop), skim(prefix)] {
                let e = result.unwrap_err().into_inner();
                assert!(matches!(e.kind, ParseErrorKind::MalformedXml(_)), "{len}: {:?}", e.kind);
                assert!(e.offset <= len, "{len}");
            }
        }
    }

    /// `<a>` nested `n + 1` deep: a root with `n` levels of descendants.
    fn nested(n: usize) -> Vec<u8> {
        let mut xml = b"<a>".repeat(n + 1);
        xml.extend(b"</a>".repeat(n + 1));
        xml
    }

    #[test]
    fn depth_limit() {
        walk(&nested(MAX_DEPTH)).unwrap();
        let e = walk(&nested(MAX_DEPTH + 1)).unwrap_err().into_inner();
        assert_eq!((e.kind, e.offset), (ParseErrorKind::TooDeep { limit: MAX_DEPTH }, 3 * (MAX_DEPTH + 1)));
        // Skipping has no limit, and does not recurse.
        let mut xml = b"<r><x>".to_vec();
        xml.extend(nested(10_000));
        xml.extend(b"</x><y>v</y></r>");
        let mut r = Reader::new(&xml);
        let root = r.root().unwrap();
        let x = r.next_child(&root).unwrap().unwrap();
        r.skip(&x).unwrap();
        let y = r.next_child(&root).unwrap().unwrap();
        assert_eq!(r.text(&y).unwrap(), "v");
        assert!(r.next_child(&root).unwrap().is_none());
        r.finish().unwrap();
        skim(&nested(10_000)).unwrap();
        // Unbalanced deep inside a skipped element.
        let mut bad = nested(10_000);
        bad.splice(5000 * 3..5000 * 3 + 3, b"<b>".iter().copied());
        assert!(skim(&bad).is_err());
    }

    #[test]
    fn mixed_content_and_members() {
        let mut r = Reader::new(b"<r>hello <a>1</a> world &amp; <b/> !</r>");
        let root = r.root().unwrap();
        let a = r.next_child(&root).unwrap().unwrap();
        assert!(a.is("a"));
        r.skip(&a).unwrap();
        let b = r.next_child(&root).unwrap().unwrap();
        assert!(b.is("b"));
        assert!(r.next_child(&root).unwrap().is_none());
        r.finish().unwrap();

        let xml = b"<r><A>1</A><X a='>'><deep><A>no</A><!-- <A> --></deep></X><B>2</B><p:A>3</p:A><C/></r>";
        let mut r = Reader::new(xml);
        let root = r.root().unwrap();
        let mut seen = Vec::new();
        while let Some((index, child)) = r.next_member(&root, &["A", "B"]).unwrap() {
            seen.push((index, r.string(&child).unwrap()));
        }
        assert_eq!(seen, [(0, "1".to_owned()), (1, "2".to_owned()), (0, "3".to_owned())]);
        r.finish().unwrap();
    }

    #[test]
    fn finish_after_the_root() {
        for xml in ["<r/>", "<r/> \n", "<r></r><!--c--> <?p x?>\r\n", "<?xml version=\"1.0\"?><r/>"] {
            walk(xml.as_bytes()).unwrap();
        }
        for (xml, at) in
            [("<r/>x", 4), ("<r/> <r/>", 5), ("<r/><![CDATA[x]]>", 4), ("<r/>&amp;", 4), ("<r/><!-- -->x", 12)]
        {
            let e = walk(xml.as_bytes()).unwrap_err().into_inner();
            assert_eq!((e.kind, e.offset), (malformed_kind("content after the root element"), at), "{xml}");
        }
        assert!(walk(b"<r/><!DOCTYPE r>").is_err());
        assert!(walk(b"<r/><!-- x").is_err());
    }

    #[test]
    fn booleans_and_strings() {
        assert!(scalar("<v>true</v>", |r, e| r.bool(e)).unwrap());
        assert!(!scalar("<v> false\n</v>", |r, e| r.bool(e)).unwrap());
        for text in ["True", "1", "", "yes", "t rue"] {
            let e = scalar(&format!("<v>{text}</v>"), |r, e| r.bool(e)).unwrap_err().into_inner();
            assert_eq!((e.kind, e.offset), (not_a("a boolean"), 3), "{text}");
        }
        assert_eq!(scalar("<v>  a &amp; b  </v>", |r, e| r.string(e)).unwrap(), "  a & b  ");
        assert_eq!(scalar("<v/>", |r, e| r.string(e)).unwrap(), "");
    }

    #[test]
    fn integers() {
        fn int<T>(
            text: &str,
            read: impl for<'a> FnOnce(&mut Reader<'a>, &Element<'a>) -> Result<T>,
        ) -> std::result::Result<T, ParseErrorKind> {
            scalar(&format!("<v>{text}</v>"), read).map_err(kind)
        }
        fn range<T>(ty: &'static str) -> std::result::Result<T, ParseErrorKind> {
            Err(ParseErrorKind::NumberOutOfRange { ty })
        }
        assert_eq!(int("127", |r, e| r.i8(e)), Ok(127));
        assert_eq!(int("-128", |r, e| r.i8(e)), Ok(-128));
        assert_eq!(int("128", |r, e| r.i8(e)), range("a byte"));
        assert_eq!(int("-129", |r, e| r.i8(e)), range("a byte"));
        assert_eq!(int("32767", |r, e| r.i16(e)), Ok(32767));
        assert_eq!(int("-32768", |r, e| r.i16(e)), Ok(-32768));
        assert_eq!(int("32768", |r, e| r.i16(e)), range("a short"));
        assert_eq!(int("2147483647", |r, e| r.i32(e)), Ok(i32::MAX));
        assert_eq!(int("-2147483648", |r, e| r.i32(e)), Ok(i32::MIN));
        assert_eq!(int("2147483648", |r, e| r.i32(e)), range("an integer"));
        assert_eq!(int("9223372036854775807", |r, e| r.i64(e)), Ok(i64::MAX));
        assert_eq!(int("-9223372036854775808", |r, e| r.i64(e)), Ok(i64::MIN));
        assert_eq!(int("9223372036854775808", |r, e| r.i64(e)), range("a long"));
        assert_eq!(int("-9223372036854775809", |r, e| r.i64(e)), range("a long"));
        assert_eq!(int("99999999999999999999999", |r, e| r.i64(e)), range("a long"));
        assert_eq!(int(" \n42\t", |r, e| r.i32(e)), Ok(42));
        assert_eq!(int("+7", |r, e| r.i32(e)), Ok(7));
        assert_eq!(int("007", |r, e| r.i32(e)), Ok(7));
        assert_eq!(int("-0", |r, e| r.i32(e)), Ok(0));
        for text in ["1.5", "1.0", "1e3", "-2E+2", ".5", "5."] {
            assert_eq!(int(text, |r, e| r.i32(e)), Err(ParseErrorKind::NotAnInteger), "{text}");
        }
        for text in ["", "-", "+", "abc", "1 2", "0x10", "inf", "NaN", "1_000", "--1", "&#49;x"] {
            assert_eq!(int(text, |r, e| r.i64(e)), Err(not_a("an integer")), "{text}");
        }
        // References are decoded first.
        assert_eq!(int("&#49;&#x32;", |r, e| r.i32(e)), Ok(12));
        // The error is where the text starts.
        let mut r = Reader::new(b"<r><v>abc</v></r>");
        let root = r.root().unwrap();
        let v = r.next_child(&root).unwrap().unwrap();
        assert_eq!(offset(r.i32(&v).unwrap_err()), 6);
        // Big integers.
        let big = |text: &str| scalar(&format!("<v>{text}</v>"), |r, e| r.big_integer(e)).map_err(kind);
        assert_eq!(big(" 123456789012345678901234567890 ").unwrap().as_str(), "123456789012345678901234567890");
        assert_eq!(big("-5").unwrap().as_str(), "-5");
        assert_eq!(big("+007").unwrap().as_str(), "7");
        assert_eq!(big("-000").unwrap().as_str(), "-0");
        assert_eq!(big("1.5"), Err(ParseErrorKind::NotAnInteger));
        assert_eq!(big("x"), Err(not_a("an integer")));
        assert_eq!(big(""), Err(not_a("an integer")));
    }

    #[test]
    fn floats() {
        let f64 = |text: &str| scalar(&format!("<v>{text}</v>"), |r, e| r.f64(e)).map_err(kind);
        let f32 = |text: &str| scalar(&format!("<v>{text}</v>"), |r, e| r.f32(e)).map_err(kind);
        assert_eq!(f64("1.5"), Ok(1.5));
        assert_eq!(f64(" -2e3\n"), Ok(-2000.0));
        assert_eq!(f64("+.5"), Ok(0.5));
        assert_eq!(f64("5."), Ok(5.0));
        assert_eq!(f64("1E-2"), Ok(0.01));
        assert_eq!(f64("0"), Ok(0.0));
        assert!(f64("NaN").unwrap().is_nan());
        assert_eq!(f64("Infinity"), Ok(f64::INFINITY));
        assert_eq!(f64("-Infinity"), Ok(f64::NEG_INFINITY));
        assert_eq!(f64(" Infinity "), Ok(f64::INFINITY));
        assert!(f32("NaN").unwrap().is_nan());
        assert_eq!(f32("-Infinity"), Ok(f32::NEG_INFINITY));
        assert_eq!(f32("0.1"), Ok(0.1f32));
        for text in
            ["inf", "-inf", "nan", "NAN", "+Infinity", "infinity", "INFINITY", "-NaN", "", "1,5", "e3", ".", "-", "0x1"]
        {
            assert_eq!(f64(text), Err(not_a("a number")), "{text}");
            assert_eq!(f32(text), Err(not_a("a number")), "{text}");
        }
        assert_eq!(f64("1e999"), Err(ParseErrorKind::NumberOutOfRange { ty: "a double" }));
        assert_eq!(f32("3.5e38"), Err(ParseErrorKind::NumberOutOfRange { ty: "a float" }));
        let big = |text: &str| scalar(&format!("<v>{text}</v>"), |r, e| r.big_decimal(e)).map_err(kind);
        assert_eq!(big("1.5e300").unwrap().as_str(), "1.5e300");
        assert_eq!(big(" -12345678901234567890.123456789 ").unwrap().as_str(), "-12345678901234567890.123456789");
        assert_eq!(big("+.5").unwrap().as_str(), "0.5");
        assert_eq!(big("1.").unwrap().as_str(), "1");
        assert_eq!(big("007.50E+3").unwrap().as_str(), "7.50E+3");
        assert_eq!(big("1e99999").unwrap().as_str(), "1e99999");
        for text in ["NaN", "Infinity", "inf", "", "1.2.3", "x"] {
            assert_eq!(big(text), Err(not_a("a number")), "{text}");
        }
    }

    #[test]
    fn timestamps() {
        let read = |text: &str, format| {
            scalar(&format!("<v>{text}</v>"), |r, e| r.timestamp(e, format)).map(|t| (t.secs(), t.subsec_nanos()))
        };
        let date_time = TimestampFormat::DateTime;
        assert_eq!(read("2023-01-01T00:00:00Z", date_time).unwrap(), (1_672_531_200, 0));
        assert_eq!(read(" 2023-01-01T00:00:00.123Z\n", date_time).unwrap(), (1_672_531_200, 123_000_000));
        assert_eq!(read("2023-01-01T01:00:00.5+01:00", date_time).unwrap(), (1_672_531_200, 500_000_000));
        assert_eq!(read("2022-12-31T20:30:00-03:30", date_time).unwrap(), (1_672_531_200, 0));
        let http = "Sun, 01 Jan 2023 00:00:00 GMT";
        assert_eq!(read(http, TimestampFormat::HttpDate).unwrap(), (1_672_531_200, 0));
        assert_eq!(read(http, date_time).unwrap(), (1_672_531_200, 0));
        assert_eq!(read("1672531200", TimestampFormat::EpochSeconds).unwrap(), (1_672_531_200, 0));
        assert_eq!(read("1672531200.25", date_time).unwrap(), (1_672_531_200, 250_000_000));
        assert_eq!(read("2023-01-01T00:00:00Z", TimestampFormat::EpochSeconds).unwrap(), (1_672_531_200, 0));
        assert_eq!(read("2023-01-01T00:00:00Z", TimestampFormat::HttpDate).unwrap(), (1_672_531_200, 0));
        let e = read("yesterday", TimestampFormat::HttpDate).unwrap_err().into_inner();
        assert_eq!(e.offset, 3);
        match e.kind {
            ParseErrorKind::Timestamp(e) => assert_eq!(e.format(), Some(TimestampFormat::HttpDate)),
            other => panic!("{other:?}"),
        }
        assert!(matches!(kind(read("", date_time).unwrap_err()), ParseErrorKind::Timestamp(_)));
    }

    #[test]
    fn blobs() {
        let blob = |text: &str| scalar(&format!("<v>{text}</v>"), |r, e| r.blob(e)).map_err(kind);
        assert_eq!(blob("aGVsbG8=").unwrap(), b"hello");
        assert_eq!(blob("aGVs\n  bG8=\r\n").unwrap(), b"hello");
        assert_eq!(blob("aGVsbG8").unwrap(), b"hello");
        assert_eq!(blob("").unwrap(), b"");
        assert_eq!(scalar("<v/>", |r, e| r.blob(e)).unwrap(), b"");
        for text in ["aGVsbG8*", "a", "aGVsbG8==="] {
            assert_eq!(blob(text), Err(ParseErrorKind::InvalidBase64), "{text}");
        }
    }

    #[test]
    fn search_helpers() {
        for len in 0..40 {
            let mut bytes = vec![b'x'; len];
            assert_eq!(find(&bytes, [b'<', b'&']), None);
            for at in 0..len {
                bytes[at] = b'&';
                assert_eq!(find(&bytes, [b'<', b'&']), Some(at));
                if at + 1 < len {
                    bytes[at + 1] = b'<';
                    assert_eq!(find(&bytes, [b'<', b'&']), Some(at));
                    bytes[at + 1] = b'x';
                }
                bytes[at] = b'\x80';
                assert_eq!(find(&bytes, [b'<', b'&']), None);
                bytes[at] = b'x';
            }
        }
        assert_eq!(find_seq(b"a]]]>", b"]]>"), Some(2));
        assert_eq!(find_seq(b"a]]", b"]]>"), None);
        assert_eq!(find_seq(b"-->", b"--"), Some(0));
        assert_eq!(find_seq(b"", b"--"), None);
    }

    /// Reads a document as a generated reader might, with every kind of read, driven by `seed`.
    fn exercise(input: &[u8], mut seed: u64) -> Result<()> {
        let mut r = Reader::new(input);
        let root = r.root()?;
        let mut stack = vec![root];
        while let Some(top) = stack.last().copied() {
            seed = xorshift(seed);
            let Some(child) = r.next_child(&top)? else {
                stack.pop();
                continue;
            };
            for name in ["id", "a", "xmlns", "xmlns:a", "a:id"] {
                child.attribute(name)?;
            }
            match seed % 16 {
                0 => r.skip(&child)?,
                1 => drop(r.text(&child)?),
                2 => drop(r.bool(&child)),
                3 => drop(r.i8(&child)),
                4 => drop(r.i64(&child)),
                5 => drop(r.f64(&child)),
                6 => drop(r.f32(&child)),
                7 => drop(r.blob(&child)),
                8 => drop(r.timestamp(&child, TimestampFormat::DateTime)),
                9 => drop(r.big_integer(&child)),
                10 => drop(r.big_decimal(&child)),
                11 => {
                    let names = ["Value", "Empty", "a:Item"];
                    if let Some((_, member)) = r.next_member(&child, &names)? {
                        r.skip(&member)?;
                    }
                    r.skip(&child)?;
                }
                _ if child.is("Value") => drop(r.string(&child)?),
                _ => stack.push(child),
            }
        }
        r.finish()
    }

    fn xorshift(mut x: u64) -> u64 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    }

    #[test]
    fn fuzz_never_panics() {
        const BYTES: &[u8] = b"<>/&;!?-[]\"'=: \r\n#xa0AZ\x00\x80\xC3\xFF";
        const SNIPPETS: [&[u8]; 12] =
            [b"<a>", b"</a>", b"<!--", b"-->", b"<![CDATA[", b"]]>", b"<?", b"?>", b"&#x", b"&amp;", b"<V/>", b"<!DOC"];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |bound: usize| {
            state = xorshift(state);
            (state % bound.max(1) as u64) as usize
        };
        let mut ok = 0;
        for _ in 0..20_000 {
            let mut doc = SAMPLE.to_vec();
            for _ in 0..1 + next(4) {
                let at = next(doc.len() + 1);
                match next(5) {
                    0 => {
                        if at < doc.len() {
                            doc[at] = BYTES[next(BYTES.len())];
                        }
                    }
                    1 => {
                        let end = (at + next(16)).min(doc.len());
                        doc.drain(at..end);
                    }
                    2 => {
                        let end = (at + next(64)).min(doc.len());
                        let copy = doc[at..end].to_vec();
                        let to = next(doc.len() + 1);
                        doc.splice(to..to, copy);
                    }
                    3 => {
                        let snippet = SNIPPETS[next(SNIPPETS.len())];
                        doc.splice(at..at, snippet.iter().copied());
                    }
                    _ => doc.truncate(at),
                }
            }
            let seed = (next(usize::MAX) as u64) | 1;
            let results = [walk(&doc).map(drop), skim(&doc), exercise(&doc, seed)];
            // Skimming checks less than walking (no text, no attributes, no depth limit).
            assert!(results[0].is_err() || results[1].is_ok(), "{}", String::from_utf8_lossy(&doc));
            ok += results.iter().filter(|r| r.is_ok()).count();
        }
        // Some mutations leave the document well-formed; most do not.
        assert!(ok > 0);
    }
}
