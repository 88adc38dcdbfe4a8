//! Stage 3 (lower), optional: the model's protocol compliance cases (`smithy.test#httpRequestTests`
//! and `smithy.test#httpResponseTests`) as typed IR, their `params` checked against the shapes
//! they describe. Cases for servers or for another protocol are left out.

use std::collections::BTreeMap;

use crate::ast::{Model, ShapeId};
use crate::error::{Error, ErrorKind, Errors, check};
use crate::ir::{
    CollectionKind, Crate, DefId, DefKind, Expected, ProtocolTest, ProtocolTestKind, Type, Value,
};
use crate::json::Json;
use crate::names;
use crate::traits;
use crate::validate::Selection;

/// Every client case of the selected operations and their errors, in operation order.
pub fn lower(
    model: &Model,
    selection: &Selection,
    def_ids: &BTreeMap<ShapeId, DefId>,
    krate: &Crate,
) -> Result<Vec<ProtocolTest>, Errors> {
    let protocol = krate.service.protocol.trait_id();
    let mut errors = Vec::new();
    let mut tests = Vec::new();
    for (index, op) in krate.operations.iter().enumerate() {
        let Some(shape) = ShapeId::parse(&op.shape_id).and_then(|id| model.shape(&id)) else { continue };
        for case in cases(&shape.traits, traits::HTTP_REQUEST_TESTS, protocol) {
            match request_case(krate, index, case) {
                Ok(test) => tests.push(test),
                Err(kind) => errors.push(Error::new(&op.shape_id, kind)),
            }
        }
        for case in cases(&shape.traits, traits::HTTP_RESPONSE_TESTS, protocol) {
            match response_case(krate, index, None, case) {
                Ok(test) => tests.push(test),
                Err(kind) => errors.push(Error::new(&op.shape_id, kind)),
            }
        }
    }
    // Error cases run against the first operation (by name) that can return the error.
    for (id, def) in def_ids {
        let Some(shape) = model.shape(id) else { continue };
        if !selection.shapes.contains(id) {
            continue;
        }
        let operation = krate.operations.iter().position(|op| op.errors.iter().any(|e| e.def == *def));
        let Some(operation) = operation else { continue };
        for case in cases(&shape.traits, traits::HTTP_RESPONSE_TESTS, protocol) {
            match response_case(krate, operation, Some(*def), case) {
                Ok(test) => tests.push(test),
                Err(kind) => errors.push(Error::new(id.to_string(), kind)),
            }
        }
    }
    for kind in ["request", "response"] {
        let names: Vec<(&str, &str)> = tests
            .iter()
            .filter(|t| matches!(t.kind, ProtocolTestKind::Request { .. }) == (kind == "request"))
            .map(|t| (t.fn_name.as_str(), t.id.as_str()))
            .collect();
        errors.extend(names::check_unique(names));
    }
    check(errors)?;
    Ok(tests)
}

/// The cases of one test trait that a client of `protocol` runs.
fn cases<'a>(shape_traits: &'a crate::ast::Traits, trait_id: &str, protocol: &str) -> Vec<&'a Json> {
    shape_traits
        .get(trait_id)
        .and_then(Json::as_array)
        .unwrap_or_default()
        .iter()
        .filter(|case| case.get("appliesTo").and_then(Json::as_str) != Some("server"))
        .filter(|case| case.get("protocol").and_then(Json::as_str) == Some(protocol))
        .collect()
}

fn bad(id: &str, reason: impl std::fmt::Display) -> ErrorKind {
    ErrorKind::InvalidTraitValue { trait_id: "smithy.test".into(), reason: format!("case {id}: {reason}") }
}

fn text(case: &Json, key: &str) -> Option<String> {
    case.get(key).and_then(Json::as_str).map(str::to_owned)
}

fn string_map(case: &Json, key: &str) -> Vec<(String, String)> {
    case.get(key)
        .and_then(Json::as_object)
        .unwrap_or_default()
        .iter()
        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
        .collect()
}

fn string_list(case: &Json, key: &str) -> Vec<String> {
    case.get(key).and_then(Json::as_array).unwrap_or_default().iter().filter_map(|v| v.as_str().map(str::to_owned)).collect()
}

fn case_id(case: &Json) -> Result<String, ErrorKind> {
    text(case, "id").ok_or_else(|| bad("?", "a case needs a string `id`"))
}

fn request_case(krate: &Crate, operation: usize, case: &Json) -> Result<ProtocolTest, ErrorKind> {
    let id = case_id(case)?;
    let input = krate.operations.get(operation).map(|op| op.input).ok_or_else(|| bad(&id, "no operation"))?;
    let params = struct_value(krate, input, case.get("params").unwrap_or(&Json::Object(Vec::new())), &id)?;
    Ok(ProtocolTest {
        fn_name: names::test_fn_name(&id),
        operation,
        kind: ProtocolTestKind::Request {
            params,
            method: text(case, "method").ok_or_else(|| bad(&id, "a request case needs a `method`"))?,
            uri: text(case, "uri").ok_or_else(|| bad(&id, "a request case needs a `uri`"))?,
            host: text(case, "host"),
            resolved_host: text(case, "resolvedHost"),
            headers: string_map(case, "headers"),
            forbid_headers: string_list(case, "forbidHeaders"),
            require_headers: string_list(case, "requireHeaders"),
            query_params: string_list(case, "queryParams"),
            forbid_query_params: string_list(case, "forbidQueryParams"),
            require_query_params: string_list(case, "requireQueryParams"),
            body: text(case, "body"),
            body_media_type: text(case, "bodyMediaType"),
            endpoint_settings: endpoint_settings(case, &id)?,
        },
        id,
    })
}

/// The endpoint built-ins a request case's `vendorParams` set (`AwsConfig`'s `scopedConfig`:
/// the client's settings, then the operation's, which win). A setting this does not know is
/// an error, so that no case silently runs with a configuration other than its own.
fn endpoint_settings(case: &Json, id: &str) -> Result<Vec<(String, crate::rules::Value)>, ErrorKind> {
    use crate::rules::Value;
    let Some(scoped) = case.get("vendorParams").and_then(|v| v.get("scopedConfig")) else {
        return Ok(Vec::new());
    };
    let mut settings: Vec<(String, Value)> = Vec::new();
    let mut set = |name: &str, value: Value| {
        settings.retain(|(n, _)| n != name);
        settings.push((name.to_owned(), value));
    };
    for scope in ["client", "operation"] {
        let Some(Json::Object(fields)) = scoped.get(scope) else { continue };
        for (key, value) in fields {
            match (key.as_str(), value) {
                ("region", Json::String(region)) if scope == "client" => set("AWS::Region", Value::Str(region.clone())),
                ("s3", Json::Object(s3)) => {
                    for (key, value) in s3 {
                        match (key.as_str(), value) {
                            ("addressing_style", Json::String(style)) if style == "path" || style == "virtual" => {
                                set("AWS::S3::ForcePathStyle", Value::Bool(style == "path"));
                            }
                            ("use_dualstack_endpoint", Json::Bool(on)) => set("AWS::UseDualStack", Value::Bool(*on)),
                            ("use_accelerate_endpoint", Json::Bool(on)) => set("AWS::S3::Accelerate", Value::Bool(*on)),
                            _ => return Err(bad(id, format!("vendorParams: the {scope} setting s3.{key} is not understood"))),
                        }
                    }
                }
                _ => return Err(bad(id, format!("vendorParams: the {scope} setting {key} is not understood"))),
            }
        }
    }
    settings.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(settings)
}

fn response_case(krate: &Crate, operation: usize, error: Option<DefId>, case: &Json) -> Result<ProtocolTest, ErrorKind> {
    let id = case_id(case)?;
    let status = case
        .get("code")
        .and_then(Json::as_number)
        .and_then(serde_json::Number::as_u64)
        .and_then(|c| u16::try_from(c).ok())
        .ok_or_else(|| bad(&id, "a response case needs an HTTP status `code`"))?;
    let op = krate.operations.get(operation).ok_or_else(|| bad(&id, "no operation"))?;
    let empty = Json::Object(Vec::new());
    let params = case.get("params").unwrap_or(&empty);
    let expected = match error {
        None => Expected::Output(struct_value(krate, op.output, params, &id)?),
        Some(def) => {
            let variant = op.errors.iter().find(|e| e.def == def).map(|e| e.variant.clone()).unwrap_or_default();
            let vendor = case.get("vendorParams");
            Expected::Error {
                variant,
                value: struct_value(krate, def, params, &id)?,
                code: vendor.and_then(|v| v.get("code")).and_then(Json::as_str).map(str::to_owned),
                query_error_type: vendor.and_then(|v| v.get("type")).and_then(Json::as_str).map(str::to_owned),
            }
        }
    };
    Ok(ProtocolTest {
        fn_name: names::test_fn_name(&id),
        operation,
        kind: ProtocolTestKind::Response {
            status,
            headers: string_map(case, "headers"),
            body: text(case, "body"),
            expected,
        },
        id,
    })
}

/// A structure's members from a JSON object of member names.
pub(crate) fn struct_value(krate: &Crate, def: DefId, json: &Json, id: &str) -> Result<Value, ErrorKind> {
    let Some(DefKind::Struct(s)) = krate.defs.get(def).map(|d| &d.kind) else {
        return Err(bad(id, "params must describe a structure"));
    };
    let name = krate.defs.get(def).map_or("", |d| d.rust_name.as_str());
    let Some(entries) = json.as_object() else {
        return Err(bad(id, format!("params for {name} must be an object, found {}", json.type_name())));
    };
    let mut members = Vec::new();
    for (key, value) in entries {
        let Some(index) = s.members.iter().position(|m| m.name == *key) else {
            return Err(bad(id, format!("{name} has no member `{key}`")));
        };
        if *value == Json::Null {
            continue;
        }
        let ty = s.members.get(index).map(|m| m.ty.clone()).unwrap_or(Type::String);
        members.push((index, value_of(krate, &ty, value, id)?));
    }
    Ok(Value::Struct(def, members))
}

fn value_of(krate: &Crate, ty: &Type, json: &Json, id: &str) -> Result<Value, ErrorKind> {
    let mismatch = |what: &str| bad(id, format!("expected {what}, found {json}"));
    Ok(match ty {
        Type::Bool => Value::Bool(json.as_bool().ok_or_else(|| mismatch("a boolean"))?),
        Type::Byte | Type::Short | Type::Integer | Type::Long => Value::Int(
            json.as_number().and_then(serde_json::Number::as_i64).ok_or_else(|| mismatch("an integer"))?,
            ty.clone(),
        ),
        Type::Float | Type::Double => {
            let value = match json {
                Json::String(s) if s == "NaN" => f64::NAN,
                Json::String(s) if s == "Infinity" => f64::INFINITY,
                Json::String(s) if s == "-Infinity" => f64::NEG_INFINITY,
                Json::Number(n) => n.as_f64().ok_or_else(|| mismatch("a number"))?,
                _ => return Err(mismatch("a number")),
            };
            Value::Float(value, ty.clone())
        }
        Type::String => Value::String(json.as_str().ok_or_else(|| mismatch("a string"))?.to_owned()),
        Type::Blob => Value::Blob(json.as_str().ok_or_else(|| mismatch("a string"))?.as_bytes().to_vec()),
        Type::Timestamp(_) => match json {
            Json::Number(n) => Value::Timestamp(n.to_string()),
            Json::String(s) => Value::Timestamp(s.clone()),
            _ => return Err(mismatch("a timestamp")),
        },
        Type::BigInteger | Type::BigDecimal => match json {
            Json::Number(n) => Value::BigNumber(n.to_string(), ty.clone()),
            Json::String(s) => Value::BigNumber(s.clone(), ty.clone()),
            _ => return Err(mismatch("a number")),
        },
        Type::Document => Value::Document(json.clone()),
        Type::Def { id: def, .. } => match krate.defs.get(*def).map(|d| &d.kind) {
            Some(DefKind::Enum(_)) => Value::Enum(*def, json.as_str().ok_or_else(|| mismatch("a string"))?.to_owned()),
            Some(DefKind::IntEnum(_)) => Value::IntEnum(
                *def,
                json.as_number()
                    .and_then(serde_json::Number::as_i64)
                    .and_then(|n| i32::try_from(n).ok())
                    .ok_or_else(|| mismatch("an integer"))?,
            ),
            Some(DefKind::Struct(_)) => struct_value(krate, *def, json, id)?,
            Some(DefKind::Union(u)) => {
                let entries: Vec<&(String, Json)> =
                    json.as_object().ok_or_else(|| mismatch("an object"))?.iter().filter(|(_, v)| *v != Json::Null).collect();
                let [(key, value)] = entries.as_slice() else {
                    return Err(bad(id, format!("a union value needs exactly one member, found {json}")));
                };
                let index = u
                    .variants
                    .iter()
                    .position(|v| v.name == *key)
                    .ok_or_else(|| bad(id, format!("the union has no member `{key}`")))?;
                let inner = match u.variants.get(index).and_then(|v| v.ty.as_ref()) {
                    Some(ty) => Some(Box::new(value_of(krate, ty, value, id)?)),
                    None => None,
                };
                Value::Union(*def, index, inner)
            }
            None => return Err(mismatch("a known type")),
        },
        Type::Collection(coll) => match krate.collections.get(*coll).map(|c| &c.kind) {
            Some(CollectionKind::List { member, sparse }) => {
                let items = json.as_array().ok_or_else(|| mismatch("a list"))?;
                let mut values = Vec::with_capacity(items.len());
                for item in items {
                    values.push(if *item == Json::Null && *sparse { Value::Null } else { value_of(krate, member, item, id)? });
                }
                Value::List(values, *sparse)
            }
            Some(CollectionKind::Map { key, value, sparse }) => {
                let entries = json.as_object().ok_or_else(|| mismatch("a map"))?;
                let mut values = Vec::with_capacity(entries.len());
                for (k, v) in entries {
                    let v = if *v == Json::Null && *sparse { Value::Null } else { value_of(krate, value, v, id)? };
                    values.push((k.clone(), v));
                }
                Value::Map(key.clone(), values, *sparse)
            }
            None => return Err(mismatch("a known type")),
        },
    })
}
