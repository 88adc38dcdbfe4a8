//! Arbitrary-precision numbers, kept as their exact decimal text.

use std::fmt;
use std::str::FromStr;

/// The text is not a number of the required kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidNumber {
    expected: &'static str,
}

impl fmt::Display for InvalidNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "expected {}", self.expected)
    }
}

impl std::error::Error for InvalidNumber {}

/// An integer of any size (Smithy `bigInteger`), kept as its decimal digits.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BigInteger(String);

/// A decimal number of any size and precision (Smithy `bigDecimal`), kept as JSON number text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BigDecimal(String);

impl BigInteger {
    /// The decimal text, such as `-12345678901234567890`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Wraps text already known to be an integer.
    #[allow(dead_code, reason = "only models with bigInteger members read them")]
    pub(crate) fn new_unchecked(text: String) -> BigInteger {
        BigInteger(text)
    }
}

impl BigDecimal {
    /// The number text, such as `1.5e300`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Wraps text already known to be a JSON number.
    #[allow(dead_code, reason = "only models with bigDecimal members read them")]
    pub(crate) fn new_unchecked(text: String) -> BigDecimal {
        BigDecimal(text)
    }
}

/// Length of the JSON number at the start of `bytes`: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
pub(crate) fn json_number_len(bytes: &[u8]) -> Option<(usize, bool)> {
    let digits = |from: usize| bytes.get(from..).map_or(0, |b| b.iter().take_while(|c| c.is_ascii_digit()).count());
    // Every step moves within `bytes`, whose length fits `usize`: saturating never bites.
    let mut i = usize::from(bytes.first() == Some(&b'-'));
    let int = digits(i);
    if int == 0 || (int > 1 && bytes.get(i) == Some(&b'0')) {
        return None;
    }
    i = i.saturating_add(int);
    let mut integer = true;
    if bytes.get(i) == Some(&b'.') {
        let frac = digits(i.saturating_add(1));
        if frac == 0 {
            return None;
        }
        i = i.saturating_add(1).saturating_add(frac);
        integer = false;
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i = i.saturating_add(1);
        if matches!(bytes.get(i), Some(b'+' | b'-')) {
            i = i.saturating_add(1);
        }
        let exp = digits(i);
        if exp == 0 {
            return None;
        }
        i = i.saturating_add(exp);
        integer = false;
    }
    Some((i, integer))
}

impl FromStr for BigInteger {
    type Err = InvalidNumber;

    fn from_str(text: &str) -> Result<BigInteger, InvalidNumber> {
        match json_number_len(text.as_bytes()) {
            Some((len, true)) if len == text.len() => Ok(BigInteger(text.to_owned())),
            _ => Err(InvalidNumber { expected: "an integer such as `-123`" }),
        }
    }
}

impl FromStr for BigDecimal {
    type Err = InvalidNumber;

    fn from_str(text: &str) -> Result<BigDecimal, InvalidNumber> {
        match json_number_len(text.as_bytes()) {
            Some((len, _)) if len == text.len() => Ok(BigDecimal(text.to_owned())),
            _ => Err(InvalidNumber { expected: "a decimal number such as `-1.5e3`" }),
        }
    }
}

impl From<i64> for BigInteger {
    fn from(value: i64) -> BigInteger {
        BigInteger(value.to_string())
    }
}

impl From<u64> for BigInteger {
    fn from(value: u64) -> BigInteger {
        BigInteger(value.to_string())
    }
}

impl From<i64> for BigDecimal {
    fn from(value: i64) -> BigDecimal {
        BigDecimal(value.to_string())
    }
}

impl fmt::Display for BigInteger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for BigDecimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
