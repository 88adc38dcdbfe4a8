//! Smithy documents: untyped JSON-like values.

use std::collections::BTreeMap;
use std::fmt;

use crate::error::ParseErrorKind;

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

impl Document {
    /// Parses JSON text into a document. Objects with a repeated key keep the last value.
    pub fn from_json(json: &[u8]) -> Result<Document, DocumentError> {
        let mut reader = crate::json::Reader::new(json);
        let document = reader.document().and_then(|d| reader.finish().map(|()| d));
        document.map_err(|e| {
            let inner = e.into_inner();
            DocumentError { kind: inner.kind, offset: inner.offset }
        })
    }

    /// The document as compact JSON, object keys sorted.
    pub fn to_json(&self) -> String {
        let mut out = Vec::new();
        crate::json::write::document(&mut out, self);
        String::from_utf8_lossy(&out).into_owned()
    }
}

/// JSON text that is not a document.
#[derive(Clone, Debug, PartialEq)]
pub struct DocumentError {
    kind: ParseErrorKind,
    offset: usize,
}

impl DocumentError {
    /// What was wrong.
    pub fn kind(&self) -> &ParseErrorKind {
        &self.kind
    }

    /// Byte offset where it was found.
    pub fn offset(&self) -> usize {
        self.offset
    }
}

impl fmt::Display for DocumentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid document: {} at byte {}", self.kind, self.offset)
    }
}

impl std::error::Error for DocumentError {}

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
