//! Client-side checks of the model's constraints: `@required`, `@length`, `@range`, `@pattern`
//! and `@uniqueItems`; and, for the members the HTTP binding traits put in the URI or the
//! headers, what HTTP itself forbids there: an empty label, a control character in a header.
//!
//! Building a value never fails on a constraint, and sending one never checks them unless asked:
//! a service that relaxes a limit must never break an old client. `validate()` is explicit; it
//! checks the value and everything it holds, and reports every violation at once, each with its
//! path (`destinations[0]`, `import_source.s3.s3_location_uri`, `tags["env"]`), the constraint,
//! and the measure that broke it. Lengths count Unicode scalar values for strings, bytes for
//! blobs, and items or entries for lists and maps, as Smithy specifies.

use std::cmp::Ordering;
use std::fmt;

use crate::json::read::{Segment, path_text};

/// What a value got wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Constraint {
    /// `@required`: the member is missing.
    Required,
    /// `@length`: the value's length is outside the allowed bounds.
    Length {
        /// The least allowed, if bounded below.
        min: Option<u64>,
        /// The most allowed, if bounded above.
        max: Option<u64>,
        /// The value's length.
        length: u64,
        /// What the length counts: `characters`, `bytes`, `items` or `entries`.
        unit: &'static str,
    },
    /// `@range`: the number is outside the allowed bounds (or not a number at all).
    Range {
        /// The least allowed, as the model writes it, if bounded below.
        min: Option<&'static str>,
        /// The most allowed, as the model writes it, if bounded above.
        max: Option<&'static str>,
        /// The value.
        value: String,
    },
    /// `@pattern`: the string does not match the regular expression. The value is not repeated,
    /// as it may be sensitive.
    Pattern {
        /// The pattern, as the model writes it.
        pattern: &'static str,
    },
    /// `@uniqueItems`: an item equals an earlier one.
    UniqueItems {
        /// The earlier item.
        first: usize,
        /// The item that repeats it.
        repeat: usize,
    },
    /// `@httpLabel`: the value is empty, which would leave the URI without the segment.
    EmptyLabel,
    /// `@httpHeader` or `@httpPrefixHeaders`: the value holds a control character (other than
    /// tab), which HTTP forbids in a header: a CR or LF would end it.
    HeaderValue,
    /// `@httpPrefixHeaders`: the key makes no header name (empty, or not only HTTP's token
    /// characters).
    HeaderName,
}

impl fmt::Display for Constraint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let bounds = |f: &mut fmt::Formatter<'_>, min: Option<&dyn fmt::Display>, max: Option<&dyn fmt::Display>| match (min, max) {
            (Some(min), Some(max)) => write!(f, "from {min} to {max}"),
            (Some(min), None) => write!(f, "at least {min}"),
            (None, Some(max)) => write!(f, "at most {max}"),
            (None, None) => f.write_str("any"),
        };
        match self {
            Constraint::Required => f.write_str("is required but missing"),
            Constraint::Length { min, max, length, unit } => {
                write!(f, "has length {length} ({unit}); allowed: ")?;
                bounds(f, min.as_ref().map(|m| m as &dyn fmt::Display), max.as_ref().map(|m| m as &dyn fmt::Display))
            }
            Constraint::Range { min, max, value } => {
                write!(f, "is {value}; allowed: ")?;
                bounds(f, min.as_ref().map(|m| m as &dyn fmt::Display), max.as_ref().map(|m| m as &dyn fmt::Display))
            }
            Constraint::Pattern { pattern } => write!(f, "does not match the pattern `{pattern}`"),
            Constraint::UniqueItems { first, repeat } => write!(f, "item {repeat} repeats item {first}"),
            Constraint::EmptyLabel => f.write_str("is empty, which a URI label cannot be"),
            Constraint::HeaderValue => f.write_str("holds a control character, which a header cannot"),
            Constraint::HeaderName => f.write_str("is not a header name (HTTP token characters only)"),
        }
    }
}

/// One broken constraint, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    path: String,
    constraint: Constraint,
}

impl Violation {
    /// Where, from the value `validate()` was called on, by Rust field names: `destinations[0]`,
    /// `import_source.s3.s3_bucket_region`, `tags["env"]`. Empty for the value itself.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The constraint and the measure that broke it.
    pub fn constraint(&self) -> &Constraint {
        &self.constraint
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "the value {}", self.constraint)
        } else {
            write!(f, "`{}` {}", self.path, self.constraint)
        }
    }
}

/// Every constraint a value breaks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationError {
    type_name: &'static str,
    violations: Vec<Violation>,
}

impl ValidationError {
    /// The violations, in the order of the value's members.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.violations.len();
        write!(f, "{} breaks {count} constraint{} of the model: ", self.type_name, if count == 1 { "" } else { "s" })?;
        for (i, violation) in self.violations.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{violation}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationError {}

/// Walks a value, collecting violations.
pub(crate) struct Validator {
    type_name: &'static str,
    path: Vec<Segment>,
    violations: Vec<Violation>,
}

#[allow(dead_code, reason = "each model's constraints use part of it")]
impl Validator {
    pub(crate) fn new(type_name: &'static str) -> Validator {
        Validator { type_name, path: Vec::new(), violations: Vec::new() }
    }

    /// `Ok` when nothing was broken, else every violation.
    pub(crate) fn finish(self) -> Result<(), ValidationError> {
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(ValidationError { type_name: self.type_name, violations: self.violations })
        }
    }

    fn report(&mut self, constraint: Constraint) {
        self.violations.push(Violation { path: path_text(self.path.iter()), constraint });
    }

    /// Steps into a member: what is checked until [`leave`](Self::leave) is reported at it.
    /// Plain calls rather than closures, so a model's checks compile to straight-line code.
    pub(crate) fn enter_field(&mut self, name: &'static str) {
        self.path.push(Segment::Member(name));
    }

    /// Steps into a list item, until [`leave`](Self::leave).
    pub(crate) fn enter_index(&mut self, index: usize) {
        self.path.push(Segment::Index(index));
    }

    /// Steps into a map entry, until [`leave`](Self::leave).
    pub(crate) fn enter_key(&mut self, key: &str) {
        self.path.push(Segment::Key(key.to_owned()));
    }

    /// Steps back out of the member, item or entry entered last.
    pub(crate) fn leave(&mut self) {
        self.path.pop();
    }

    /// A required member that is absent.
    pub(crate) fn missing(&mut self, name: &'static str) {
        self.enter_field(name);
        self.report(Constraint::Required);
        self.leave();
    }

    /// A required member: present or not.
    pub(crate) fn required(&mut self, present: bool) {
        if !present {
            self.report(Constraint::Required);
        }
    }

    /// A length in `unit`s.
    pub(crate) fn length(&mut self, length: usize, min: Option<u64>, max: Option<u64>, unit: &'static str) {
        let length = u64::try_from(length).unwrap_or(u64::MAX);
        if min.is_some_and(|min| length < min) || max.is_some_and(|max| length > max) {
            self.report(Constraint::Length { min, max, length, unit });
        }
    }

    /// A string's length, in characters (Unicode scalar values).
    pub(crate) fn chars(&mut self, text: &str, min: Option<u64>, max: Option<u64>) {
        self.length(text.chars().count(), min, max, "characters");
    }

    /// A number's range, compared exactly as decimals with the bounds as the model writes them.
    /// `value` is the number as it goes on the wire (integers in full, floats as the shortest
    /// text that reads back the same), so `0.1f32` is within `max: 0.1`. NaN is within no
    /// range; an infinity is beyond the bound on its side.
    pub(crate) fn number(&mut self, value: &str, min: Option<&'static str>, max: Option<&'static str>) {
        let (below, above) = match value {
            "NaN" => (true, true),
            "inf" => (false, max.is_some()),
            "-inf" => (min.is_some(), false),
            _ => (
                min.is_some_and(|min| compare_decimal(value, min) == Some(Ordering::Less)),
                max.is_some_and(|max| compare_decimal(value, max) == Some(Ordering::Greater)),
            ),
        };
        if (below && min.is_some()) || (above && max.is_some()) {
            self.report(Constraint::Range { min, max, value: value.to_owned() });
        }
    }

    /// A string against a pattern: whether it matched, and the pattern as the model writes it.
    /// (The matcher is `crate::pattern`, which only crates with patterns have.)
    pub(crate) fn pattern(&mut self, matched: bool, source: &'static str) {
        if !matched {
            self.report(Constraint::Pattern { pattern: source });
        }
    }

    /// A label's text: not empty.
    #[allow(dead_code, reason = "only the REST protocols have labels")]
    pub(crate) fn label(&mut self, text: &str) {
        if text.is_empty() {
            self.report(Constraint::EmptyLabel);
        }
    }

    /// A header's text: no control characters but tab.
    #[allow(dead_code, reason = "only the REST protocols bind members to headers")]
    pub(crate) fn header_text(&mut self, text: &str) {
        if text.chars().any(|c| c.is_ascii_control() && c != '\t') {
            self.report(Constraint::HeaderValue);
        }
    }

    /// The rest of a header's name after a prefix: HTTP token characters, at least one.
    #[allow(dead_code, reason = "only models with @httpPrefixHeaders need it")]
    pub(crate) fn header_name(&mut self, name: &str) {
        let token = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
        if name.is_empty() || !name.bytes().all(token) {
            self.report(Constraint::HeaderName);
        }
    }

    /// No two items equal (first repeat reported for each repeated item).
    pub(crate) fn unique<T: PartialEq>(&mut self, items: &[T]) {
        for (repeat, item) in items.iter().enumerate() {
            if let Some(first) = items.get(..repeat).and_then(|earlier| earlier.iter().position(|e| e == item)) {
                self.report(Constraint::UniqueItems { first, repeat });
            }
        }
    }
}

/// A decimal number as sign, significant digits (no leading or trailing zeros) and the power of
/// ten of the first digit; `None` for text that is not a number.
fn decimal_parts(text: &str) -> Option<(bool, Vec<u8>, i64)> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(at) => (rest.get(..at)?, saturating_integer(rest.get(at.saturating_add(1)..)?)?),
        None => (rest, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if int.is_empty() && frac.is_empty() || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits: Vec<u8> = int.bytes().chain(frac.bytes()).map(|b| b.wrapping_sub(b'0')).collect();
    let leading = digits.iter().take_while(|&&d| d == 0).count();
    let significant: Vec<u8> = digits.get(leading..).unwrap_or_default().to_vec();
    let trailing = significant.iter().rev().take_while(|&&d| d == 0).count();
    let significant = significant.get(..significant.len().saturating_sub(trailing)).unwrap_or_default().to_vec();
    // The first significant digit's power of ten: the integer digits after the leading zeros,
    // minus one, shifted by the exponent.
    let int_len = i64::try_from(int.len()).unwrap_or(i64::MAX);
    let leading = i64::try_from(leading).unwrap_or(i64::MAX);
    let power = int_len.saturating_sub(leading).saturating_sub(1).saturating_add(exponent);
    Some((negative && !significant.is_empty(), significant, power))
}

/// An exponent, saturated to `i64`: `1e99999999999999999999` is still a (huge) number.
fn saturating_integer(text: &str) -> Option<i64> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let magnitude = digits.bytes().fold(0i64, |n, d| n.saturating_mul(10).saturating_add(i64::from(d.wrapping_sub(b'0'))));
    Some(if negative { magnitude.saturating_neg() } else { magnitude })
}

/// Compares two decimal numbers exactly; `None` when either is not a number.
fn compare_decimal(a: &str, b: &str) -> Option<Ordering> {
    let (a_negative, a_digits, a_power) = decimal_parts(a)?;
    let (b_negative, b_digits, b_power) = decimal_parts(b)?;
    let magnitude = match (a_digits.is_empty(), b_digits.is_empty()) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        (false, false) => a_power.cmp(&b_power).then_with(|| a_digits.cmp(&b_digits)),
    };
    Some(match (a_negative, b_negative) {
        (false, false) => magnitude,
        (true, true) => magnitude.reverse(),
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_compare_exactly() {
        use Ordering::*;
        for (a, b, order) in [
            ("1", "1.0", Equal),
            ("0", "-0.0", Equal),
            ("10", "9.99", Greater),
            ("1e3", "999", Greater),
            ("1E-3", "0.001", Equal),
            ("-5", "-4", Less),
            ("123456789012345678901234567890", "123456789012345678901234567891", Less),
            ("0.5", "5e-1", Equal),
            ("-0.0001", "0", Less),
            ("1e400", "1e399", Greater),
            ("007", "7", Equal),
            ("1e99999999999999999999", "10", Greater),
            ("-1e99999999999999999999", "-10", Less),
            ("1e-99999999999999999999", "0", Greater),
            ("0.1", "0.1", Equal),
            ("1e300", "1e+300", Equal),
        ] {
            assert_eq!(compare_decimal(a, b), Some(order), "{a} vs {b}");
        }
        assert_eq!(compare_decimal("x", "1"), None);
    }
}
