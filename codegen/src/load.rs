//! Stage 1 (load): JSON text into the `ast` mirror of the Smithy JSON AST.
//!
//! Only the shape of the JSON is checked here (types of fields, shape ids, shape types); what the
//! shapes mean is `validate`'s business. Mixins are flattened at the end, so later stages see each
//! shape with the members and traits it really has. Prelude shapes (`smithy.api#String`, ...) are
//! added when the model does not define them.

use std::collections::BTreeMap;

use crate::ast::{Member, Model, Shape, ShapeId, ShapeType, Traits, is_identifier};
use crate::error::{Error, ErrorKind, Errors};
use crate::json::Json;

/// Smithy versions this generator reads: the 2.0 JSON AST.
const SUPPORTED_VERSIONS: &[&str] = &["2", "2.0"];

/// Parses a model. Every problem found is returned, sorted by path.
pub fn load(text: &str) -> Result<Model, Errors> {
    let json = Json::parse(text)
        .map_err(|e| Errors::one("model", ErrorKind::InvalidJson { message: e.to_string() }))?;
    let mut errors = Vec::new();
    let model = read_model(&json, &mut errors);
    if !errors.is_empty() {
        return Err(Errors::new(errors));
    }
    let Some(mut model) = model else {
        return Err(Errors::one("model", ErrorKind::MissingField { field: "shapes" }));
    };
    crate::mixins::flatten(&mut model)?;
    add_prelude(&mut model);
    Ok(model)
}

fn read_model(json: &Json, errors: &mut Vec<Error>) -> Option<Model> {
    let Some(top) = json.as_object() else {
        errors.push(wrong_type("model", "model", "an object", json));
        return None;
    };
    let version = match get(top, "smithy") {
        None => {
            errors.push(Error::new("model", ErrorKind::MissingField { field: "smithy" }));
            return None;
        }
        Some(Json::String(v)) => v.clone(),
        Some(other) => {
            errors.push(wrong_type("model", "smithy", "a string", other));
            return None;
        }
    };
    if !SUPPORTED_VERSIONS.contains(&version.as_str()) {
        errors.push(Error::new("model", ErrorKind::UnsupportedVersion { found: version }));
        return None;
    }
    let mut shapes = BTreeMap::new();
    match get(top, "shapes") {
        None => {}
        Some(Json::Object(entries)) => {
            for (key, value) in entries {
                let Some(id) = ShapeId::parse(key) else {
                    errors.push(Error::new(
                        format!("model.shapes[{key:?}]"),
                        ErrorKind::InvalidShapeId { found: key.clone() },
                    ));
                    continue;
                };
                if let Some(shape) = read_shape(&id, value, errors) {
                    shapes.insert(id, shape);
                }
            }
        }
        Some(other) => errors.push(wrong_type("model", "shapes", "an object", other)),
    }
    Some(Model { version, shapes })
}

fn read_shape(id: &ShapeId, json: &Json, errors: &mut Vec<Error>) -> Option<Shape> {
    let path = id.to_string();
    let Some(fields) = json.as_object() else {
        errors.push(wrong_type(&path, "shape", "an object", json));
        return None;
    };
    let kind_text = match get(fields, "type") {
        None => {
            errors.push(Error::new(&path, ErrorKind::MissingField { field: "type" }));
            return None;
        }
        Some(Json::String(t)) => t,
        Some(other) => {
            errors.push(wrong_type(&path, "type", "a string", other));
            return None;
        }
    };
    let Some(kind) = ShapeType::parse(kind_text) else {
        if kind_text == "apply" {
            errors.push(Error::new(&path, ErrorKind::Unsupported { what: "`apply` shapes".into() }));
        } else {
            errors.push(Error::new(&path, ErrorKind::UnknownShapeType { found: kind_text.clone() }));
        }
        return None;
    };
    let mut shape = Shape::new(id.clone(), kind);
    shape.is_set = kind_text == "set";
    let before = errors.len();
    shape.traits = read_traits(&path, get(fields, "traits"), errors);
    shape.mixins = read_refs(&path, fields, "mixins", errors);

    match kind {
        ShapeType::List => {
            if let Some(member) = read_member_field(id, fields, "member", errors) {
                shape.members.push(member);
            }
        }
        ShapeType::Map => {
            for name in ["key", "value"] {
                if let Some(member) = read_member_field(id, fields, name, errors) {
                    shape.members.push(member);
                }
            }
        }
        k if k.has_named_members() => match get(fields, "members") {
            None => {}
            Some(Json::Object(entries)) => {
                for (name, value) in entries {
                    if !is_identifier(name) {
                        errors.push(Error::new(
                            id.member_path(name),
                            ErrorKind::InvalidMemberName { found: name.clone() },
                        ));
                        continue;
                    }
                    if let Some(member) = read_member(id, name, value, errors) {
                        shape.members.push(member);
                    }
                }
            }
            Some(other) => errors.push(wrong_type(&path, "members", "an object", other)),
        },
        ShapeType::Operation => {
            shape.input = read_ref(&path, fields, "input", errors);
            shape.output = read_ref(&path, fields, "output", errors);
            shape.errors = read_refs(&path, fields, "errors", errors);
        }
        ShapeType::Service => {
            shape.version = match get(fields, "version") {
                None => None,
                Some(Json::String(v)) => Some(v.clone()),
                Some(other) => {
                    errors.push(wrong_type(&path, "version", "a string", other));
                    None
                }
            };
            shape.operations = read_refs(&path, fields, "operations", errors);
            shape.resources = read_refs(&path, fields, "resources", errors);
            shape.errors = read_refs(&path, fields, "errors", errors);
        }
        ShapeType::Resource => {
            shape.operations = read_refs(&path, fields, "operations", errors);
            shape.resources = read_refs(&path, fields, "resources", errors);
            for field in ["create", "put", "read", "update", "delete", "list"] {
                if let Some(op) = read_ref(&path, fields, field, errors) {
                    shape.lifecycle.push(op);
                }
            }
            shape.lifecycle.extend(read_refs(&path, fields, "collectionOperations", errors));
        }
        _ => {}
    }
    (errors.len() == before).then_some(shape)
}

fn read_member_field(
    owner: &ShapeId,
    fields: &[(String, Json)],
    name: &'static str,
    errors: &mut Vec<Error>,
) -> Option<Member> {
    match get(fields, name) {
        Some(value) => read_member(owner, name, value, errors),
        None => {
            errors.push(Error::new(owner.to_string(), ErrorKind::MissingField { field: name }));
            None
        }
    }
}

fn read_member(owner: &ShapeId, name: &str, json: &Json, errors: &mut Vec<Error>) -> Option<Member> {
    let path = owner.member_path(name);
    let Some(fields) = json.as_object() else {
        errors.push(wrong_type(&path, "member", "an object", json));
        return None;
    };
    let before = errors.len();
    let target = match get(fields, "target") {
        None => {
            errors.push(Error::new(&path, ErrorKind::MissingField { field: "target" }));
            None
        }
        Some(value) => parse_id(&path, "target", value, errors),
    };
    let traits = read_traits(&path, get(fields, "traits"), errors);
    let target = target?;
    (errors.len() == before).then(|| Member { name: name.to_owned(), target, traits })
}

fn read_traits(path: &str, json: Option<&Json>, errors: &mut Vec<Error>) -> Traits {
    let mut traits = Traits::new();
    match json {
        None => {}
        Some(Json::Object(entries)) => {
            for (key, value) in entries {
                if ShapeId::parse(key).is_none() {
                    errors.push(Error::new(path, ErrorKind::InvalidShapeId { found: key.clone() }));
                    continue;
                }
                traits.insert(key.clone(), value.clone());
            }
        }
        Some(other) => errors.push(wrong_type(path, "traits", "an object", other)),
    }
    traits
}

/// A single `{"target": id}` reference.
fn read_ref(path: &str, fields: &[(String, Json)], field: &str, errors: &mut Vec<Error>) -> Option<ShapeId> {
    let value = get(fields, field)?;
    let Some(target) = value.get("target") else {
        errors.push(wrong_type(path, field, "an object with a `target`", value));
        return None;
    };
    parse_id(path, field, target, errors)
}

/// A list of `{"target": id}` references.
fn read_refs(path: &str, fields: &[(String, Json)], field: &str, errors: &mut Vec<Error>) -> Vec<ShapeId> {
    let Some(value) = get(fields, field) else {
        return Vec::new();
    };
    let Some(items) = value.as_array() else {
        errors.push(wrong_type(path, field, "an array", value));
        return Vec::new();
    };
    let mut ids = Vec::new();
    for item in items {
        match item.get("target") {
            Some(target) => ids.extend(parse_id(path, field, target, errors)),
            None => errors.push(wrong_type(path, field, "an array of objects with a `target`", item)),
        }
    }
    ids
}

fn parse_id(path: &str, field: &str, json: &Json, errors: &mut Vec<Error>) -> Option<ShapeId> {
    let Some(text) = json.as_str() else {
        errors.push(wrong_type(path, field, "a shape id string", json));
        return None;
    };
    let id = ShapeId::parse(text);
    if id.is_none() {
        errors.push(Error::new(path, ErrorKind::InvalidShapeId { found: text.to_owned() }));
    }
    id
}

fn get<'a>(fields: &'a [(String, Json)], key: &str) -> Option<&'a Json> {
    fields.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

fn wrong_type(path: &str, field: &str, expected: &'static str, found: &Json) -> Error {
    Error::new(path, ErrorKind::WrongJsonType { field: field.to_owned(), expected, found: found.type_name() })
}

/// The simple shapes of the Smithy prelude, with the zero defaults of the deprecated
/// `Primitive*` shapes.
const PRELUDE: &[(&str, ShapeType, Option<i64>)] = &[
    ("Blob", ShapeType::Blob, None),
    ("Boolean", ShapeType::Boolean, None),
    ("String", ShapeType::String, None),
    ("Byte", ShapeType::Byte, None),
    ("Short", ShapeType::Short, None),
    ("Integer", ShapeType::Integer, None),
    ("Long", ShapeType::Long, None),
    ("Float", ShapeType::Float, None),
    ("Double", ShapeType::Double, None),
    ("BigInteger", ShapeType::BigInteger, None),
    ("BigDecimal", ShapeType::BigDecimal, None),
    ("Timestamp", ShapeType::Timestamp, None),
    ("Document", ShapeType::Document, None),
    ("PrimitiveBoolean", ShapeType::Boolean, Some(0)),
    ("PrimitiveByte", ShapeType::Byte, Some(0)),
    ("PrimitiveShort", ShapeType::Short, Some(0)),
    ("PrimitiveInteger", ShapeType::Integer, Some(0)),
    ("PrimitiveLong", ShapeType::Long, Some(0)),
    ("PrimitiveFloat", ShapeType::Float, Some(0)),
    ("PrimitiveDouble", ShapeType::Double, Some(0)),
];

/// Adds the prelude shapes the model does not define itself, and `smithy.api#Unit`.
fn add_prelude(model: &mut Model) {
    for (name, kind, zero) in PRELUDE {
        let id = ShapeId { namespace: crate::ast::PRELUDE_NAMESPACE.into(), name: (*name).into() };
        model.shapes.entry(id.clone()).or_insert_with(|| {
            let mut shape = Shape::new(id, *kind);
            if let Some(zero) = zero {
                let value = if *kind == ShapeType::Boolean { Json::Bool(false) } else { Json::Number((*zero).into()) };
                shape.traits.insert(crate::traits::DEFAULT.into(), value);
            }
            shape
        });
    }
    let unit = ShapeId { namespace: crate::ast::PRELUDE_NAMESPACE.into(), name: "Unit".into() };
    model.shapes.entry(unit.clone()).or_insert_with(|| {
        let mut shape = Shape::new(unit, ShapeType::Structure);
        shape.traits.insert(crate::traits::UNIT_TYPE.into(), Json::Object(Vec::new()));
        shape
    });
}
