//! Smithy documents: untyped JSON-like values.

use std::collections::BTreeMap;

/// An untyped value, for members that target a Smithy `document`.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Document {
    /// No value.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string.
    String(String),
    /// An ordered list of documents.
    Array(Vec<Document>),
    /// Documents by key; keys are kept sorted so serialization is deterministic.
    Object(BTreeMap<String, Document>),
}

/// A document number: integers stay exact, anything else is an `f64`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    /// A non-negative integer.
    PosInt(u64),
    /// A negative integer.
    NegInt(i64),
    /// A number with a fraction or exponent, or an integer too large for 64 bits.
    Float(f64),
}

impl From<bool> for Document {
    fn from(value: bool) -> Document {
        Document::Bool(value)
    }
}

impl From<&str> for Document {
    fn from(value: &str) -> Document {
        Document::String(value.to_owned())
    }
}

impl From<String> for Document {
    fn from(value: String) -> Document {
        Document::String(value)
    }
}

impl From<i64> for Document {
    fn from(value: i64) -> Document {
        Document::Number(if value < 0 { Number::NegInt(value) } else { Number::PosInt(value.unsigned_abs()) })
    }
}

impl From<u64> for Document {
    fn from(value: u64) -> Document {
        Document::Number(Number::PosInt(value))
    }
}

impl From<f64> for Document {
    fn from(value: f64) -> Document {
        Document::Number(Number::Float(value))
    }
}

impl From<Vec<Document>> for Document {
    fn from(value: Vec<Document>) -> Document {
        Document::Array(value)
    }
}

impl From<BTreeMap<String, Document>> for Document {
    fn from(value: BTreeMap<String, Document>) -> Document {
        Document::Object(value)
    }
}
