//! What every waiter shares: the acceptors' JMESPath evaluated over the typed output, the
//! decision of one attempt, and the delays between attempts. Sans-IO: a waiter says what an
//! attempt's result means and how long to wait before the next; calling is the caller's.
#![allow(dead_code, reason = "each model's waiters use only part of the evaluator")]

use std::borrow::Cow;
use std::time::Duration;

use crate::error::ProvideErrorMetadata;
use crate::operation::Operation;

/// What one attempt's result says about the waiter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum State {
    /// Done: the resource is in the state waited for.
    Success,
    /// The resource will not get there (or the call failed in a way no acceptor expects).
    Failure,
    /// Not yet: call again after a delay.
    Retry,
}

/// A waiter of the model: the operation it polls, its delays and its acceptors.
pub trait Waiter {
    /// The input of the operation it calls.
    type Input: Operation;

    /// The waiter's name in the model.
    const NAME: &'static str;

    /// The shortest delay between attempts.
    const MIN_DELAY: Duration;

    /// The longest delay between attempts.
    const MAX_DELAY: Duration;

    /// What the result of one attempt says, by the model's acceptors in order: the first that
    /// matches decides; when none does, a failed call is [`State::Failure`] and a successful
    /// one [`State::Retry`].
    fn state(
        input: &Self::Input,
        result: Result<&<Self::Input as Operation>::Output, &<Self::Input as Operation>::Error>,
    ) -> State;

    /// The delays for a wait of at most `max_wait`, as Smithy's waiter rules say.
    fn backoff(max_wait: Duration) -> Backoff {
        Backoff::new(Self::MIN_DELAY, Self::MAX_DELAY, max_wait)
    }
}

/// The delays between a waiter's attempts. Attempt `n` (1 for the first retry) waits a random
/// time between the minimum delay and `min_delay * 2^(n - 1)`, that ceiling capped at the
/// maximum delay; a delay that would leave less than the minimum delay before `max_wait` is cut
/// so the last attempt lands a minimum delay before it, and when no such time is left the
/// waiter has timed out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Backoff {
    min_delay: Duration,
    max_delay: Duration,
    max_wait: Duration,
    attempt_ceiling: u32,
}

impl Backoff {
    /// The delays of a waiter with these bounds (the minimum at least 1 ms, the maximum at
    /// least the minimum), waiting at most `max_wait` in all.
    pub fn new(min_delay: Duration, max_delay: Duration, max_wait: Duration) -> Backoff {
        let min_delay = min_delay.max(Duration::from_millis(1));
        let max_delay = max_delay.max(min_delay);
        // The attempt after which the doubling would pass the maximum.
        let ratio = max_delay.as_secs_f64() / min_delay.as_secs_f64();
        let attempt_ceiling = (ratio.log2().floor() as u32).saturating_add(1);
        Backoff { min_delay, max_delay, max_wait, attempt_ceiling }
    }

    /// The ceiling of the delay before retry `attempt` (1 for the first), before the random
    /// draw and the cut at `max_wait`.
    pub fn ceiling(&self, attempt: u32) -> Duration {
        if attempt > self.attempt_ceiling {
            return self.max_delay;
        }
        let factor = 1u32.checked_shl(attempt.saturating_sub(1)).unwrap_or(u32::MAX);
        self.min_delay.saturating_mul(factor).min(self.max_delay)
    }

    /// The delay before retry `attempt` when `elapsed` has passed since the wait began, or
    /// `None` when the wait has run out of time.
    pub fn delay(&self, attempt: u32, elapsed: Duration) -> Option<Duration> {
        self.delay_with(attempt, elapsed, random_fraction())
    }

    /// [`delay`](Self::delay) with the random draw given: `fraction` in `[0, 1)` picks the
    /// delay between the minimum and the ceiling.
    pub fn delay_with(&self, attempt: u32, elapsed: Duration, fraction: f64) -> Option<Duration> {
        let remaining = self.max_wait.checked_sub(elapsed)?;
        if remaining <= self.min_delay {
            return None;
        }
        let ceiling = self.ceiling(attempt);
        let fraction = if fraction.is_nan() { 0.0 } else { fraction.clamp(0.0, 1.0) };
        let range = ceiling.saturating_sub(self.min_delay);
        let spread = Duration::try_from_secs_f64(range.as_secs_f64() * fraction).map_or(range, |d| d.min(range));
        let delay = self.min_delay.saturating_add(spread);
        Some(if remaining.saturating_sub(delay) <= self.min_delay { remaining.saturating_sub(self.min_delay) } else { delay })
    }
}

/// A fraction in `[0, 1)` from std's randomly keyed hasher.
fn random_fraction() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(0x5EED_0003);
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// A JMESPath value over the typed output: scalars by value, objects as the structure they
/// are (their fields read when the path asks), lists built as the path walks them.
#[derive(Clone)]
pub(crate) enum Value<'a> {
    Null,
    Bool(bool),
    Number(f64),
    Str(Cow<'a, str>),
    Array(Vec<Value<'a>>),
    Object(&'a dyn Fields),
}

impl Value<'_> {
    /// JMESPath's truthiness: false, null, and empty strings, lists and objects are false.
    fn truthy(&self) -> bool {
        match self {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Number(_) => true,
            Value::Str(s) => !s.is_empty(),
            Value::Array(items) => !items.is_empty(),
            Value::Object(object) => !present(*object).is_empty(),
        }
    }

    fn equals(&self, other: &Value<'_>) -> bool {
        match (self, other) {
            (Value::Null, Value::Null) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Number(a), Value::Number(b)) => a == b,
            (Value::Str(a), Value::Str(b)) => a == b,
            (Value::Array(a), Value::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.equals(y)),
            (Value::Object(a), Value::Object(b)) => {
                let (mut a, mut b) = (present(*a), present(*b));
                a.sort_by(|x, y| x.0.cmp(y.0));
                b.sort_by(|x, y| x.0.cmp(y.0));
                a.len() == b.len() && a.iter().zip(&b).all(|(x, y)| x.0 == y.0 && x.1.equals(&y.1))
            }
            _ => false,
        }
    }
}

/// A structure (or map, or union) a path can read fields of.
pub(crate) trait Fields {
    /// The field `name` (the model's member name), `Null` when absent.
    fn field(&self, name: &str) -> Value<'_>;

    /// Every field, absent ones as `Null`: for `length()`, truthiness and equality.
    fn entries(&self) -> Vec<(&str, Value<'_>)>;
}

/// The fields of `object` that are present.
fn present(object: &dyn Fields) -> Vec<(&str, Value<'_>)> {
    let mut entries = object.entries();
    entries.retain(|(_, value)| !matches!(value, Value::Null));
    entries
}

/// A value a path can reach.
pub(crate) trait ToValue {
    /// The value as JMESPath sees it.
    fn to_value(&self) -> Value<'_>;
}

impl ToValue for String {
    fn to_value(&self) -> Value<'_> {
        Value::Str(Cow::Borrowed(self))
    }
}

impl ToValue for bool {
    fn to_value(&self) -> Value<'_> {
        Value::Bool(*self)
    }
}

macro_rules! numbers {
    ($($t:ty),*) => {
        $(impl ToValue for $t {
            fn to_value(&self) -> Value<'_> {
                Value::Number(f64::from(*self))
            }
        })*
    };
}

numbers!(i8, i16, i32, f32, f64);

impl ToValue for i64 {
    fn to_value(&self) -> Value<'_> {
        Value::Number(*self as f64)
    }
}

impl ToValue for crate::primitives::Timestamp {
    /// Seconds since the epoch, as botocore's waiters see a timestamp compared with a number.
    fn to_value(&self) -> Value<'_> {
        Value::Number(self.secs() as f64 + f64::from(self.subsec_nanos()) / 1e9)
    }
}

impl ToValue for crate::primitives::BigInteger {
    fn to_value(&self) -> Value<'_> {
        self.as_str().parse().map_or(Value::Null, Value::Number)
    }
}

impl ToValue for crate::primitives::BigDecimal {
    fn to_value(&self) -> Value<'_> {
        self.as_str().parse().map_or(Value::Null, Value::Number)
    }
}

impl ToValue for crate::primitives::Document {
    fn to_value(&self) -> Value<'_> {
        use crate::primitives::{Document, Number};
        match self {
            Document::Null => Value::Null,
            Document::Bool(b) => Value::Bool(*b),
            Document::Number(Number::PosInt(n)) => Value::Number(*n as f64),
            Document::Number(Number::NegInt(n)) => Value::Number(*n as f64),
            Document::Number(Number::Float(n)) => Value::Number(*n),
            Document::String(s) => Value::Str(Cow::Borrowed(s)),
            Document::Array(items) => items.to_value(),
            Document::Object(entries) => Value::Object(entries),
        }
    }
}

impl ToValue for Vec<u8> {
    /// A blob: JMESPath has no bytes; null, which compares equal to nothing an acceptor expects.
    fn to_value(&self) -> Value<'_> {
        Value::Null
    }
}

impl<T: ToValue> ToValue for Vec<T> {
    fn to_value(&self) -> Value<'_> {
        Value::Array(self.iter().map(ToValue::to_value).collect())
    }
}

impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value<'_> {
        self.as_ref().map_or(Value::Null, ToValue::to_value)
    }
}

impl<T: ToValue + ?Sized> ToValue for Box<T> {
    fn to_value(&self) -> Value<'_> {
        (**self).to_value()
    }
}

/// The value of a union variant that holds nothing (`smithy.api#Unit`): an empty object.
pub(crate) struct Empty;

impl Fields for Empty {
    fn field(&self, _name: &str) -> Value<'_> {
        Value::Null
    }

    fn entries(&self) -> Vec<(&str, Value<'_>)> {
        Vec::new()
    }
}

/// A map's keys, as text.
pub(crate) trait Key {
    fn key(&self) -> &str;
}

impl Key for String {
    fn key(&self) -> &str {
        self
    }
}

impl<K: Key + Ord, V: ToValue> ToValue for std::collections::BTreeMap<K, V> {
    fn to_value(&self) -> Value<'_> {
        Value::Object(self)
    }
}

impl<K: Key + Ord, V: ToValue> Fields for std::collections::BTreeMap<K, V> {
    fn field(&self, name: &str) -> Value<'_> {
        self.iter().find(|(k, _)| k.key() == name).map_or(Value::Null, |(_, v)| v.to_value())
    }

    fn entries(&self) -> Vec<(&str, Value<'_>)> {
        self.iter().map(|(k, v)| (k.key(), v.to_value())).collect()
    }
}

/// A path's syntax tree, generated from the model's JMESPath.
pub(crate) enum Expr {
    Current,
    Field(&'static str),
    Sub(&'static Expr, &'static Expr),
    Index(&'static Expr, i64),
    Flatten(&'static Expr),
    Project(&'static Expr, &'static Expr),
    Filter(&'static Expr, &'static Expr, &'static Expr),
    Compare(Cmp, &'static Expr, &'static Expr),
    And(&'static Expr, &'static Expr),
    Or(&'static Expr, &'static Expr),
    Not(&'static Expr),
    Null,
    Bool(bool),
    Number(f64),
    Str(&'static str),
    Length(&'static Expr),
    Contains(&'static Expr, &'static Expr),
    Keys(&'static Expr),
    List(&'static [Expr]),
}

/// A comparator of JMESPath.
#[derive(Clone, Copy)]
pub(crate) enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// Evaluates `expr` on `current`.
pub(crate) fn eval<'a>(expr: &Expr, current: &Value<'a>) -> Value<'a> {
    match expr {
        Expr::Current => current.clone(),
        Expr::Field(name) => match current {
            Value::Object(object) => object.field(name),
            _ => Value::Null,
        },
        Expr::Sub(lhs, rhs) => match eval(lhs, current) {
            Value::Null => Value::Null,
            value => eval(rhs, &value),
        },
        Expr::Index(lhs, index) => match eval(lhs, current) {
            Value::Array(mut items) => {
                let at = if *index < 0 { i64::try_from(items.len()).ok().and_then(|n| n.checked_add(*index)) } else { Some(*index) };
                match at.and_then(|i| usize::try_from(i).ok()).filter(|&i| i < items.len()) {
                    Some(i) => items.swap_remove(i),
                    None => Value::Null,
                }
            }
            _ => Value::Null,
        },
        Expr::Flatten(lhs) => match eval(lhs, current) {
            Value::Array(items) => {
                let mut flat = Vec::with_capacity(items.len());
                for item in items {
                    match item {
                        Value::Array(inner) => flat.extend(inner),
                        other => flat.push(other),
                    }
                }
                Value::Array(flat)
            }
            _ => Value::Null,
        },
        Expr::Project(lhs, rhs) => match eval(lhs, current) {
            Value::Array(items) => {
                Value::Array(items.iter().map(|item| eval(rhs, item)).filter(|v| !matches!(v, Value::Null)).collect())
            }
            _ => Value::Null,
        },
        Expr::Filter(lhs, condition, rhs) => match eval(lhs, current) {
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .filter(|item| eval(condition, item).truthy())
                    .map(|item| eval(rhs, item))
                    .filter(|v| !matches!(v, Value::Null))
                    .collect(),
            ),
            _ => Value::Null,
        },
        Expr::Compare(cmp, lhs, rhs) => {
            let (a, b) = (eval(lhs, current), eval(rhs, current));
            match cmp {
                Cmp::Eq => Value::Bool(a.equals(&b)),
                Cmp::Ne => Value::Bool(!a.equals(&b)),
                ordering => match (a, b) {
                    (Value::Number(a), Value::Number(b)) => Value::Bool(match ordering {
                        Cmp::Lt => a < b,
                        Cmp::Le => a <= b,
                        Cmp::Gt => a > b,
                        _ => a >= b,
                    }),
                    // Ordering compares numbers only.
                    _ => Value::Null,
                },
            }
        }
        Expr::And(lhs, rhs) => {
            let left = eval(lhs, current);
            if left.truthy() { eval(rhs, current) } else { left }
        }
        Expr::Or(lhs, rhs) => {
            let left = eval(lhs, current);
            if left.truthy() { left } else { eval(rhs, current) }
        }
        Expr::Not(inner) => Value::Bool(!eval(inner, current).truthy()),
        Expr::Null => Value::Null,
        Expr::Bool(b) => Value::Bool(*b),
        Expr::Number(n) => Value::Number(*n),
        Expr::Str(s) => Value::Str(Cow::Borrowed(s)),
        Expr::Length(arg) => match eval(arg, current) {
            Value::Str(s) => Value::Number(s.chars().count() as f64),
            Value::Array(items) => Value::Number(items.len() as f64),
            Value::Object(object) => Value::Number(present(object).len() as f64),
            _ => Value::Null,
        },
        Expr::Keys(arg) => match eval(arg, current) {
            Value::Object(object) => Value::Array(present(object).into_iter().map(|(k, _)| Value::Str(Cow::Borrowed(k))).collect()),
            _ => Value::Null,
        },
        Expr::List(items) => match current {
            Value::Null => Value::Null,
            _ => Value::Array(items.iter().map(|item| eval(item, current)).collect()),
        },
        Expr::Contains(subject, search) => {
            let needle = eval(search, current);
            match eval(subject, current) {
                Value::Array(items) => Value::Bool(items.iter().any(|item| item.equals(&needle))),
                Value::Str(haystack) => match needle {
                    Value::Str(needle) => Value::Bool(haystack.contains(needle.as_ref())),
                    _ => Value::Bool(false),
                },
                _ => Value::Null,
            }
        }
    }
}

/// How an acceptor compares a path's result with its expected value.
#[derive(Clone, Copy)]
pub(crate) enum Comparator {
    /// `stringEquals`
    Str,
    /// `booleanEquals`
    Bool,
    /// `allStringEquals`
    AllStr,
    /// `anyStringEquals`
    AnyStr,
}

/// When an acceptor matches.
pub(crate) enum Matcher {
    /// The path on a successful output.
    Output(&'static Expr, Comparator, &'static str),
    /// The path on `{"input": ..., "output": ...}` of a successful call.
    InputOutput(&'static Expr, Comparator, &'static str),
    /// The call succeeded (`true`) or failed (`false`).
    Success(bool),
    /// The call failed with this error code.
    ErrorType(&'static str),
}

/// One acceptor: the state it concludes when its matcher matches.
pub(crate) struct Acceptor {
    pub(crate) state: State,
    pub(crate) matcher: Matcher,
}

/// The input and output, as the one object `inputOutput` paths read.
struct InputOutput<'a> {
    input: &'a dyn Fields,
    output: &'a dyn Fields,
}

impl Fields for InputOutput<'_> {
    fn field(&self, name: &str) -> Value<'_> {
        match name {
            "input" => Value::Object(self.input),
            "output" => Value::Object(self.output),
            _ => Value::Null,
        }
    }

    fn entries(&self) -> Vec<(&str, Value<'_>)> {
        vec![("input", Value::Object(self.input)), ("output", Value::Object(self.output))]
    }
}

fn compare(value: &Value<'_>, comparator: Comparator, expected: &str) -> bool {
    let is_expected = |v: &Value<'_>| matches!(v, Value::Str(s) if s == expected);
    match comparator {
        Comparator::Str => is_expected(value),
        Comparator::Bool => matches!(value, Value::Bool(b) if (if *b { "true" } else { "false" }) == expected),
        Comparator::AllStr => matches!(value, Value::Array(items) if !items.is_empty() && items.iter().all(is_expected)),
        Comparator::AnyStr => matches!(value, Value::Array(items) if items.iter().any(is_expected)),
    }
}

/// The state one attempt's result gives: the first acceptor that matches, or, when none does,
/// failure for an error and retry for an output.
pub(crate) fn decide(
    acceptors: &[Acceptor],
    input: Option<&dyn Fields>,
    result: Result<&dyn Fields, &dyn ProvideErrorMetadata>,
) -> State {
    for acceptor in acceptors {
        let matched = match (&acceptor.matcher, result) {
            (Matcher::Output(path, comparator, expected), Ok(output)) => {
                compare(&eval(path, &Value::Object(output)), *comparator, expected)
            }
            (Matcher::InputOutput(path, comparator, expected), Ok(output)) => match input {
                Some(input) => {
                    let both = InputOutput { input, output };
                    compare(&eval(path, &Value::Object(&both)), *comparator, expected)
                }
                None => false,
            },
            (Matcher::Success(wanted), result) => *wanted == result.is_ok(),
            (Matcher::ErrorType(code), Err(error)) => error.code() == Some(*code),
            _ => false,
        };
        if matched {
            return acceptor.state;
        }
    }
    if result.is_err() { State::Failure } else { State::Retry }
}
