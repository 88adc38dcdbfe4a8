//! What enums and unions hold when a response carries a value this crate does not know yet.
//! None of these can be built by hand, so a known value can never hide in them.

use std::fmt;

/// A string enum value this version of the crate does not know. It is kept exactly and sent back
/// unchanged.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnknownValue(String);

impl UnknownValue {
    #[allow(dead_code, reason = "only models with enums read unknown values")]
    pub(crate) fn new(value: String) -> UnknownValue {
        UnknownValue(value)
    }

    /// The value as received.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An intEnum value this version of the crate does not know. It is kept exactly and sent back
/// unchanged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnknownIntValue(i32);

impl UnknownIntValue {
    #[allow(dead_code, reason = "only models with intEnums read unknown values")]
    pub(crate) fn new(value: i32) -> UnknownIntValue {
        UnknownIntValue(value)
    }

    /// The value as received.
    pub fn value(&self) -> i32 {
        self.0
    }
}

/// A union variant this version of the crate does not know: its name and its value as raw JSON,
/// both kept so the value can be sent back unchanged.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UnknownVariant {
    name: String,
    raw_json: String,
}

impl UnknownVariant {
    #[allow(dead_code, reason = "only models with unions read unknown variants")]
    pub(crate) fn new(name: String, raw_json: String) -> UnknownVariant {
        UnknownVariant { name, raw_json }
    }

    /// The variant's name (its JSON key).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The variant's value, as the JSON text received.
    pub fn raw_json(&self) -> &str {
        &self.raw_json
    }
}
