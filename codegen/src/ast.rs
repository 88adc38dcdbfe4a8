//! Stage 1 output (load): a faithful mirror of the Smithy JSON AST, with no interpretation.
//!
//! Shapes are kept in a `BTreeMap` keyed by shape id so every later stage walks them in a stable
//! order; members keep the order the model gives them, because awsJson writes keys in that order.
//! Traits stay as JSON until a later stage asks for one (see `traits`).

use std::collections::BTreeMap;
use std::fmt;

use crate::json::Json;

/// An absolute Smithy shape id such as `com.amazonaws.cloudtrail#StartImport`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ShapeId {
    /// The namespace, before the `#`.
    pub namespace: String,
    /// The shape name, after the `#`.
    pub name: String,
}

impl ShapeId {
    /// Parses an absolute shape id without a member part, as Smithy's ABNF defines it.
    pub fn parse(text: &str) -> Option<ShapeId> {
        let (namespace, name) = text.split_once('#')?;
        let namespace_ok = namespace.split('.').all(is_identifier);
        if !namespace_ok || !is_identifier(name) {
            return None;
        }
        Some(ShapeId { namespace: namespace.to_owned(), name: name.to_owned() })
    }

    /// The Smithy path of one of this shape's members: `ns#Shape$member`.
    pub fn member_path(&self, member: &str) -> String {
        format!("{self}${member}")
    }

    /// True for shapes of the Smithy prelude (`smithy.api#...`).
    pub fn is_prelude(&self) -> bool {
        self.namespace == PRELUDE_NAMESPACE
    }
}

impl fmt::Display for ShapeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}", self.namespace, self.name)
    }
}

/// The namespace of the Smithy prelude.
pub const PRELUDE_NAMESPACE: &str = "smithy.api";

/// Smithy identifier: `*"_" ALPHA *(ALPHA / DIGIT / "_")`, where a run of leading underscores must
/// be followed by a letter or digit.
pub fn is_identifier(text: &str) -> bool {
    let rest = text.trim_start_matches('_');
    let Some(first) = rest.chars().next() else {
        return false;
    };
    let leading_underscores = rest.len() != text.len();
    let first_ok = first.is_ascii_alphabetic() || (leading_underscores && first.is_ascii_digit());
    first_ok && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Every shape type of Smithy 2.0.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ShapeType {
    /// `blob`
    Blob,
    /// `boolean`
    Boolean,
    /// `string`
    String,
    /// `byte`
    Byte,
    /// `short`
    Short,
    /// `integer`
    Integer,
    /// `long`
    Long,
    /// `float`
    Float,
    /// `double`
    Double,
    /// `bigInteger`
    BigInteger,
    /// `bigDecimal`
    BigDecimal,
    /// `timestamp`
    Timestamp,
    /// `document`
    Document,
    /// `enum`
    Enum,
    /// `intEnum`
    IntEnum,
    /// `list` (and the deprecated `set`, which is a list with `@uniqueItems`)
    List,
    /// `map`
    Map,
    /// `structure`
    Structure,
    /// `union`
    Union,
    /// `service`
    Service,
    /// `operation`
    Operation,
    /// `resource`
    Resource,
}

impl ShapeType {
    /// The type as spelled in the JSON AST; `set` reads as a list.
    pub fn parse(text: &str) -> Option<ShapeType> {
        Some(match text {
            "blob" => ShapeType::Blob,
            "boolean" => ShapeType::Boolean,
            "string" => ShapeType::String,
            "byte" => ShapeType::Byte,
            "short" => ShapeType::Short,
            "integer" => ShapeType::Integer,
            "long" => ShapeType::Long,
            "float" => ShapeType::Float,
            "double" => ShapeType::Double,
            "bigInteger" => ShapeType::BigInteger,
            "bigDecimal" => ShapeType::BigDecimal,
            "timestamp" => ShapeType::Timestamp,
            "document" => ShapeType::Document,
            "enum" => ShapeType::Enum,
            "intEnum" => ShapeType::IntEnum,
            "list" | "set" => ShapeType::List,
            "map" => ShapeType::Map,
            "structure" => ShapeType::Structure,
            "union" => ShapeType::Union,
            "service" => ShapeType::Service,
            "operation" => ShapeType::Operation,
            "resource" => ShapeType::Resource,
            _ => return None,
        })
    }

    /// The name the JSON AST uses for this type.
    pub fn as_str(self) -> &'static str {
        match self {
            ShapeType::Blob => "blob",
            ShapeType::Boolean => "boolean",
            ShapeType::String => "string",
            ShapeType::Byte => "byte",
            ShapeType::Short => "short",
            ShapeType::Integer => "integer",
            ShapeType::Long => "long",
            ShapeType::Float => "float",
            ShapeType::Double => "double",
            ShapeType::BigInteger => "bigInteger",
            ShapeType::BigDecimal => "bigDecimal",
            ShapeType::Timestamp => "timestamp",
            ShapeType::Document => "document",
            ShapeType::Enum => "enum",
            ShapeType::IntEnum => "intEnum",
            ShapeType::List => "list",
            ShapeType::Map => "map",
            ShapeType::Structure => "structure",
            ShapeType::Union => "union",
            ShapeType::Service => "service",
            ShapeType::Operation => "operation",
            ShapeType::Resource => "resource",
        }
    }

    /// The type name with its indefinite article, for messages: `an integer`, `a string`.
    pub fn with_article(self) -> &'static str {
        match self {
            ShapeType::Blob => "a blob",
            ShapeType::Boolean => "a boolean",
            ShapeType::String => "a string",
            ShapeType::Byte => "a byte",
            ShapeType::Short => "a short",
            ShapeType::Integer => "an integer",
            ShapeType::Long => "a long",
            ShapeType::Float => "a float",
            ShapeType::Double => "a double",
            ShapeType::BigInteger => "a bigInteger",
            ShapeType::BigDecimal => "a bigDecimal",
            ShapeType::Timestamp => "a timestamp",
            ShapeType::Document => "a document",
            ShapeType::Enum => "an enum",
            ShapeType::IntEnum => "an intEnum",
            ShapeType::List => "a list",
            ShapeType::Map => "a map",
            ShapeType::Structure => "a structure",
            ShapeType::Union => "a union",
            ShapeType::Service => "a service",
            ShapeType::Operation => "an operation",
            ShapeType::Resource => "a resource",
        }
    }

    /// Types whose members are listed under `members`.
    pub fn has_named_members(self) -> bool {
        matches!(self, ShapeType::Structure | ShapeType::Union | ShapeType::Enum | ShapeType::IntEnum)
    }
}

impl fmt::Display for ShapeType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Traits by absolute trait id, values kept as JSON.
pub type Traits = BTreeMap<String, Json>;

/// A member of a structure, union, enum, intEnum, or the `member`/`key`/`value` of a list or map.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    /// The member name (`member`, `key` and `value` for lists and maps).
    pub name: String,
    /// The shape the member targets.
    pub target: ShapeId,
    /// The member's own traits.
    pub traits: Traits,
}

/// One shape of the model.
#[derive(Clone, Debug, PartialEq)]
pub struct Shape {
    /// The shape's id.
    pub id: ShapeId,
    /// The shape's type.
    pub kind: ShapeType,
    /// True when the JSON AST spelled the type `set`.
    pub is_set: bool,
    /// The shape's traits.
    pub traits: Traits,
    /// Members in model order; lists hold `member`, maps hold `key` then `value`.
    pub members: Vec<Member>,
    /// Mixins the shape applies, in model order.
    pub mixins: Vec<ShapeId>,
    /// Operation input.
    pub input: Option<ShapeId>,
    /// Operation output.
    pub output: Option<ShapeId>,
    /// Operation (or service) errors, in model order.
    pub errors: Vec<ShapeId>,
    /// Service or resource operations, in model order.
    pub operations: Vec<ShapeId>,
    /// Service or resource child resources, in model order.
    pub resources: Vec<ShapeId>,
    /// Resource lifecycle operations (`create`, `put`, `read`, `update`, `delete`, `list`) and
    /// `collectionOperations`, in that order.
    pub lifecycle: Vec<ShapeId>,
    /// Service version.
    pub version: Option<String>,
}

impl Shape {
    /// A shape with no members, traits or references.
    pub fn new(id: ShapeId, kind: ShapeType) -> Shape {
        Shape {
            id,
            kind,
            is_set: false,
            traits: Traits::new(),
            members: Vec::new(),
            mixins: Vec::new(),
            input: None,
            output: None,
            errors: Vec::new(),
            operations: Vec::new(),
            resources: Vec::new(),
            lifecycle: Vec::new(),
            version: None,
        }
    }

    /// The member with this name.
    pub fn member(&self, name: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.name == name)
    }
}

/// A whole model: the Smithy version and every shape by id.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    /// The `smithy` version string.
    pub version: String,
    /// Every shape, including the prelude shapes the model refers to.
    pub shapes: BTreeMap<ShapeId, Shape>,
}

impl Model {
    /// The shape with this id.
    pub fn shape(&self, id: &ShapeId) -> Option<&Shape> {
        self.shapes.get(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_ids_follow_the_abnf() {
        assert!(ShapeId::parse("com.amazonaws.cloudtrail#StartImport").is_some());
        assert!(ShapeId::parse("a#_1").is_some());
        assert!(ShapeId::parse("a#_").is_none());
        assert!(ShapeId::parse("a#1a").is_none());
        assert!(ShapeId::parse("a.#B").is_none());
        assert!(ShapeId::parse("#B").is_none());
        assert!(ShapeId::parse("a#B$c").is_none());
        assert!(ShapeId::parse("a#B#C").is_none());
    }
}
