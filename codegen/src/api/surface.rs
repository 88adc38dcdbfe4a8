//! The crate's API as data: built from the IR, written as `api.json`, read back.
//!
//! Objects leave out what is false, empty or absent, so the file stays small; the reader in
//! `diff` treats a missing key as exactly that. Every map is keyed by what the user names in
//! code: operations by module, types by Rust path, members by model name (their Rust field is a
//! property, so a renamed field is a change of that member), enum values by wire value.

use serde_json::{Map, Value, json};

use crate::ir::{
    Binding, CollectionKind, Constraints, Crate, DefKind, Deprecated, HostPrefixPart, Location, Member, Presence,
    StructRole, Type, UriPart,
};

use super::digest;

/// Bumped when the meaning of a key changes, so an old file is not misread.
const FORMAT: u64 = 1;

/// A crate's public API: the service, operations by module and types by Rust path.
#[derive(Clone, Debug, PartialEq)]
pub struct Surface {
    /// The service: its protocol, signing name, endpoint rules, service-wide errors.
    pub(super) service: Map<String, Value>,
    /// Operations by module name.
    pub(super) operations: Map<String, Value>,
    /// Types by Rust path (`types::Trail`, `operation::start_import::StartImportInput`).
    pub(super) types: Map<String, Value>,
}

impl Surface {
    /// The API of the crate `krate` describes.
    pub fn of(krate: &Crate) -> Surface {
        let mut types = Map::new();
        for def in &krate.defs {
            types.insert(def_path(krate, def), type_entry(krate, def));
        }
        let mut operations = Map::new();
        for op in &krate.operations {
            operations.insert(op.module.clone(), operation_entry(krate, op));
        }
        Surface { service: service_entry(krate), operations, types }
    }

    /// The entries of `api.json` after its `@generated` line, in order, each value as JSON
    /// text: small values on one line, the operations and types one per line.
    pub fn entries(&self) -> Vec<(String, String)> {
        vec![
            ("format".to_owned(), FORMAT.to_string()),
            ("service".to_owned(), Value::Object(self.service.clone()).to_string()),
            ("operations".to_owned(), lines(&self.operations)),
            ("types".to_owned(), lines(&self.types)),
        ]
    }

    /// Reads an `api.json` back; an error says what is wrong with it.
    pub fn parse(text: &str) -> Result<Surface, String> {
        let value: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
        let format = value.get("format").and_then(Value::as_u64);
        if format != Some(FORMAT) {
            return Err(match format {
                Some(n) => format!("format {n}, which this generator does not read (it writes format {FORMAT})"),
                None => "no `format` number".to_owned(),
            });
        }
        let object = |key: &str| match value.get(key) {
            Some(Value::Object(map)) => Ok(map.clone()),
            _ => Err(format!("`{key}` is not an object")),
        };
        Ok(Surface { service: object("service")?, operations: object("operations")?, types: object("types")? })
    }
}

/// A map written one entry per line, each entry compact.
fn lines(map: &Map<String, Value>) -> String {
    if map.is_empty() {
        return "{}".to_owned();
    }
    let entries: Vec<String> =
        map.iter().map(|(key, value)| format!("  {}: {value}", Value::String(key.clone()))).collect();
    format!("{{\n{}\n}}", entries.join(",\n"))
}

/// Inserts `value` unless it is `null`, `false`, `""`, `[]` or `{}`.
fn put(map: &mut Map<String, Value>, key: &str, value: Value) {
    let empty = match &value {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::Number(_) => false,
    };
    if !empty {
        map.insert(key.to_owned(), value);
    }
}

fn docs_digest(docs: &[String]) -> Value {
    if docs.is_empty() { Value::Null } else { Value::String(digest(&docs.join("\n"))) }
}

fn deprecation(deprecated: Option<&Deprecated>) -> Value {
    match deprecated {
        None => Value::Null,
        Some(d) => {
            let mut text = String::from("deprecated");
            if let Some(since) = &d.since {
                text.push_str(&format!(" since {since}"));
            }
            if let Some(message) = &d.message {
                text.push_str(&format!(": {message}"));
            }
            Value::String(text)
        }
    }
}

fn def_path(krate: &Crate, def: &crate::ir::TypeDef) -> String {
    match def.location {
        Location::Types => format!("types::{}", def.rust_name),
        Location::Operation(i) => match krate.operations.get(i) {
            Some(op) => format!("operation::{}::{}", op.module, def.rust_name),
            None => format!("operation::?::{}", def.rust_name),
        },
    }
}

fn def_path_of(krate: &Crate, id: usize) -> String {
    krate.defs.get(id).map_or_else(|| "?".to_owned(), |d| def_path(krate, d))
}

/// The Rust type, as the generated code spells it (paths relative to the crate root).
fn rust_type(krate: &Crate, ty: &Type) -> String {
    match ty {
        Type::Bool => "bool".to_owned(),
        Type::Byte => "i8".to_owned(),
        Type::Short => "i16".to_owned(),
        Type::Integer => "i32".to_owned(),
        Type::Long => "i64".to_owned(),
        Type::Float => "f32".to_owned(),
        Type::Double => "f64".to_owned(),
        Type::String => "String".to_owned(),
        Type::Blob => "Vec<u8>".to_owned(),
        Type::Timestamp(_) => "primitives::Timestamp".to_owned(),
        Type::Document => "primitives::Document".to_owned(),
        Type::BigInteger => "primitives::BigInteger".to_owned(),
        Type::BigDecimal => "primitives::BigDecimal".to_owned(),
        Type::Def { id, boxed } => {
            let path = def_path_of(krate, *id);
            if *boxed { format!("Box<{path}>") } else { path }
        }
        Type::Collection(id) => match krate.collections.get(*id).map(|c| &c.kind) {
            Some(CollectionKind::List { member, sparse }) => {
                let item = rust_type(krate, member);
                if *sparse { format!("Vec<Option<{item}>>") } else { format!("Vec<{item}>") }
            }
            Some(CollectionKind::Map { key, value, sparse }) => {
                let (key, value) = (rust_type(krate, key), rust_type(krate, value));
                if *sparse { format!("BTreeMap<{key}, Option<{value}>>") } else { format!("BTreeMap<{key}, {value}>") }
            }
            None => "?".to_owned(),
        },
    }
}

/// The timestamp formats inside a type, where it has any: `Vec<epoch-seconds>` says a list of
/// timestamps is written as epoch seconds. Empty when the type holds no timestamp itself (a
/// structure's own members say theirs).
fn timestamp_formats(krate: &Crate, ty: &Type, depth: usize) -> String {
    match ty {
        Type::Timestamp(format) => format.as_str().to_owned(),
        Type::Collection(id) if depth < 32 => match krate.collections.get(*id).map(|c| &c.kind) {
            Some(CollectionKind::List { member, .. }) => {
                let inner = timestamp_formats(krate, member, depth.saturating_add(1));
                if inner.is_empty() { inner } else { format!("list of {inner}") }
            }
            Some(CollectionKind::Map { value, .. }) => {
                let inner = timestamp_formats(krate, value, depth.saturating_add(1));
                if inner.is_empty() { inner } else { format!("map of {inner}") }
            }
            None => String::new(),
        },
        _ => String::new(),
    }
}

/// The constraints `validate()` checks (of types requests contain), by where they apply: `""` for the value itself,
/// `member`, `key` and `value` (and `member.member`, ...) inside lists and maps.
fn constraints(krate: &Crate, own: &Constraints, ty: &Type) -> Value {
    let mut places = Map::new();
    put(&mut places, "", constraint_entry(own));
    let mut stack = vec![(String::new(), ty, 0usize)];
    while let Some((prefix, ty, depth)) = stack.pop() {
        let Type::Collection(id) = ty else { continue };
        let Some(collection) = krate.collections.get(*id) else { continue };
        if depth >= 32 {
            continue;
        }
        match &collection.kind {
            CollectionKind::List { member, .. } => {
                let place = format!("{prefix}member");
                put(&mut places, &place, constraint_entry(&collection.item_constraints));
                stack.push((format!("{place}."), member, depth.saturating_add(1)));
            }
            CollectionKind::Map { value, .. } => {
                put(&mut places, &format!("{prefix}key"), constraint_entry(&collection.key_constraints));
                let place = format!("{prefix}value");
                put(&mut places, &place, constraint_entry(&collection.item_constraints));
                stack.push((format!("{place}."), value, depth.saturating_add(1)));
            }
        }
    }
    Value::Object(places)
}

fn constraint_entry(c: &Constraints) -> Value {
    let mut entry = Map::new();
    if let Some((min, max)) = c.length {
        entry.insert("length".to_owned(), json!([min, max]));
    }
    if let Some((min, max)) = &c.range {
        entry.insert("range".to_owned(), json!([min, max]));
    }
    if let Some(p) = c.pattern.as_ref().filter(|p| p.program.is_ok()) {
        entry.insert("pattern".to_owned(), Value::String(p.source.clone()));
    }
    put(&mut entry, "unique", Value::Bool(c.unique_items));
    Value::Object(entry)
}

fn binding_text(binding: &Binding, json_key: &str) -> String {
    match binding {
        Binding::Body => format!("body {json_key}"),
        Binding::Label => "label".to_owned(),
        Binding::Query(name) => format!("query {name}"),
        Binding::QueryParams => "query map".to_owned(),
        Binding::Header(name) => format!("header {name}"),
        Binding::PrefixHeaders(prefix) => format!("headers {prefix}*"),
        Binding::Payload => "payload".to_owned(),
        Binding::ResponseCode => "status code".to_owned(),
    }
}

/// Where a member is on the wire, in one line: its binding, timestamp format and the rest.
fn member_wire(krate: &Crate, m: &Member) -> String {
    let xml = krate.service.protocol.is_xml();
    let mut parts = vec![binding_text(&m.binding, if xml { &m.xml.name } else { &m.json_key })];
    if xml {
        if m.xml.query_key != m.xml.name {
            parts.push(format!("query key {}", m.xml.query_key));
        }
        if m.xml.flattened {
            parts.push("flattened".to_owned());
        }
        if m.xml.attribute {
            parts.push("attribute".to_owned());
        }
    }
    let formats = timestamp_formats(krate, &m.ty, 0);
    if !formats.is_empty() {
        if m.binding == Binding::Body {
            parts.push(format!("timestamps {formats}"));
        } else {
            parts.push(format!("timestamps {}", m.timestamp_format.as_str()));
        }
    }
    if let Some(media) = &m.media_type {
        parts.push(format!("media type {media}"));
    }
    if m.idempotency_token {
        parts.push("idempotency token".to_owned());
    }
    if m.host_label {
        parts.push("host label".to_owned());
    }
    if let Some(default) = &m.label_default {
        parts.push(format!("label default {default:?}"));
    }
    parts.join("; ")
}

/// A member's entry; `checked` when `validate()` checks the structure (requests contain it), so
/// its constraints matter.
fn member_entry(krate: &Crate, m: &Member, checked: bool) -> Value {
    let ty = rust_type(krate, &m.ty);
    let field_type = match m.presence {
        Presence::Optional => format!("Option<{ty}>"),
        Presence::Required | Presence::Default(_) => ty,
    };
    let mut entry = Map::new();
    entry.insert("field".to_owned(), Value::String(m.field.clone()));
    entry.insert("type".to_owned(), Value::String(field_type));
    put(&mut entry, "required", Value::Bool(m.required));
    if let Presence::Default(value) = &m.presence {
        entry.insert("default".to_owned(), Value::String(format!("{value:?}")));
    }
    put(&mut entry, "sensitive", Value::Bool(m.sensitive));
    put(&mut entry, "deprecated", deprecation(m.deprecated.as_ref()));
    put(&mut entry, "docs", docs_digest(&m.docs));
    entry.insert("wire".to_owned(), Value::String(member_wire(krate, m)));
    if checked {
        put(&mut entry, "constraints", constraints(krate, &m.constraints, &m.ty));
    }
    Value::Object(entry)
}

fn type_entry(krate: &Crate, def: &crate::ir::TypeDef) -> Value {
    let mut entry = Map::new();
    entry.insert("shape".to_owned(), Value::String(def.shape_id.clone()));
    put(&mut entry, "docs", docs_digest(&def.docs));
    put(&mut entry, "deprecated", deprecation(def.deprecated.as_ref()));
    put(&mut entry, "sensitive", Value::Bool(def.sensitive));
    match &def.kind {
        DefKind::Struct(s) => {
            entry.insert("kind".to_owned(), Value::String("structure".to_owned()));
            let role = match &s.role {
                StructRole::Plain => "plain",
                StructRole::Input => "input",
                StructRole::Output => "output",
                StructRole::Error { fault, status, code, retry, .. } => {
                    let mut error =
                        json!({ "code": code, "status": status, "fault": format!("{fault:?}").to_lowercase() });
                    if let (Some(retry), Some(fields)) = (retry, error.as_object_mut()) {
                        fields.insert("retryable".to_owned(), Value::String(format!("{retry:?}").to_lowercase()));
                    }
                    entry.insert("error".to_owned(), error);
                    "error"
                }
            };
            entry.insert("role".to_owned(), Value::String(role.to_owned()));
            put(&mut entry, "fallible_build", Value::Bool(s.build_is_fallible()));
            let members: Map<String, Value> =
                s.members.iter().map(|m| (m.name.clone(), member_entry(krate, m, def.in_request))).collect();
            entry.insert("members".to_owned(), Value::Object(members));
        }
        DefKind::Union(u) => {
            entry.insert("kind".to_owned(), Value::String("union".to_owned()));
            let mut variants = Map::new();
            for v in &u.variants {
                let mut variant = Map::new();
                variant.insert("variant".to_owned(), Value::String(v.rust_name.clone()));
                let ty = v.ty.as_ref().map_or_else(|| "()".to_owned(), |t| rust_type(krate, t));
                variant.insert("type".to_owned(), Value::String(ty));
                put(&mut variant, "sensitive", Value::Bool(v.sensitive));
                put(&mut variant, "deprecated", deprecation(v.deprecated.as_ref()));
                put(&mut variant, "docs", docs_digest(&v.docs));
                let mut wire = format!("body {}", v.json_key);
                if let Some(formats) = v.ty.as_ref().map(|t| timestamp_formats(krate, t, 0)).filter(|f| !f.is_empty()) {
                    wire.push_str(&format!("; timestamps {formats}"));
                }
                variant.insert("wire".to_owned(), Value::String(wire));
                if let Some(ty) = v.ty.as_ref().filter(|_| def.in_request) {
                    put(&mut variant, "constraints", constraints(krate, &v.constraints, ty));
                }
                variants.insert(v.name.clone(), Value::Object(variant));
            }
            entry.insert("variants".to_owned(), Value::Object(variants));
        }
        DefKind::Enum(e) => {
            entry.insert("kind".to_owned(), Value::String("enum".to_owned()));
            let values =
                e.variants.iter().map(|v| (v.value.clone(), enum_value(&v.rust_name, v.deprecated.as_ref(), &v.docs)));
            entry.insert("values".to_owned(), Value::Object(values.collect()));
        }
        DefKind::IntEnum(e) => {
            entry.insert("kind".to_owned(), Value::String("intEnum".to_owned()));
            let values = e
                .variants
                .iter()
                .map(|v| (v.value.to_string(), enum_value(&v.rust_name, v.deprecated.as_ref(), &v.docs)));
            entry.insert("values".to_owned(), Value::Object(values.collect()));
        }
    }
    Value::Object(entry)
}

fn enum_value(rust_name: &str, deprecated: Option<&Deprecated>, docs: &[String]) -> Value {
    let mut value = Map::new();
    value.insert("variant".to_owned(), Value::String(rust_name.to_owned()));
    put(&mut value, "deprecated", deprecation(deprecated));
    put(&mut value, "docs", docs_digest(docs));
    Value::Object(value)
}

fn operation_entry(krate: &Crate, op: &crate::ir::Operation) -> Value {
    let mut entry = Map::new();
    entry.insert("name".to_owned(), Value::String(op.name.clone()));
    entry.insert("shape".to_owned(), Value::String(op.shape_id.clone()));
    put(&mut entry, "docs", docs_digest(&op.docs));
    put(&mut entry, "deprecated", deprecation(op.deprecated.as_ref()));
    entry.insert("input".to_owned(), Value::String(def_path_of(krate, op.input)));
    entry.insert("output".to_owned(), Value::String(def_path_of(krate, op.output)));
    entry.insert("error".to_owned(), Value::String(format!("operation::{}::{}", op.module, op.error_name)));
    let errors: Map<String, Value> =
        op.errors.iter().map(|e| (e.variant.clone(), Value::String(def_path_of(krate, e.def)))).collect();
    put(&mut entry, "errors", Value::Object(errors));
    if let Some(p) = &op.pagination {
        let mut pagination = Map::new();
        for (key, value) in [
            ("input_token", &p.input_token),
            ("output_token", &p.output_token),
            ("items", &p.items),
            ("page_size", &p.page_size),
        ] {
            put(&mut pagination, key, value.clone().map_or(Value::Null, Value::String));
        }
        put(&mut pagination, "next_page", Value::Bool(p.next_page.is_some()));
        entry.insert("pagination".to_owned(), Value::Object(pagination));
    }
    // The waiters generated, each with a digest of what it decides (delays and acceptors).
    let waiters: Map<String, Value> = op
        .waiter_specs
        .iter()
        .map(|w| (w.name.clone(), Value::String(super::digest(&format!("{:?}", (w.min_delay, w.max_delay, &w.acceptors))))))
        .collect();
    put(&mut entry, "waiters", Value::Object(waiters));
    entry.insert("wire".to_owned(), Value::String(operation_wire(krate, op)));
    Value::Object(entry)
}

/// How the operation's request is addressed and framed, in one line.
fn operation_wire(krate: &Crate, op: &crate::ir::Operation) -> String {
    let input = krate.defs.get(op.input).and_then(|d| match &d.kind {
        DefKind::Struct(s) => Some(s),
        _ => None,
    });
    let member_name = |i: usize| input.and_then(|s| s.members.get(i)).map_or("?", |m| m.name.as_str());
    let mut uri = String::new();
    for part in &op.http.path {
        match part {
            UriPart::Literal(text) => uri.push_str(text),
            UriPart::Label { member, greedy } => {
                uri.push_str(&format!("{{{}{}}}", member_name(*member), if *greedy { "+" } else { "" }));
            }
        }
    }
    for (i, (key, value)) in op.http.query.iter().enumerate() {
        uri.push(if i == 0 { '?' } else { '&' });
        uri.push_str(key);
        if let Some(value) = value {
            uri.push('=');
            uri.push_str(value);
        }
    }
    let mut parts = vec![format!("{} {uri} -> {}", op.http.method, op.http.code)];
    if krate.service.protocol.is_query() {
        parts.push(format!("action {}", op.name));
    } else if krate.service.protocol.is_rpc() {
        parts.push(format!("target {}.{}", krate.service.name, op.name));
    }
    if let Some(prefix) = &op.host_prefix {
        let text: String = prefix
            .iter()
            .map(|p| match p {
                HostPrefixPart::Literal(text) => text.clone(),
                HostPrefixPart::Label(i) => format!("{{{}}}", member_name(*i)),
            })
            .collect();
        parts.push(format!("host prefix {text}"));
    }
    if op.gzip {
        parts.push("gzip".to_owned());
    }
    if op.checksum_required {
        parts.push("Content-MD5".to_owned());
    }
    for (name, value) in &op.fixed_headers {
        parts.push(format!("header {name}: {value}"));
    }
    parts.join("; ")
}

fn service_entry(krate: &Crate) -> Map<String, Value> {
    let s = &krate.service;
    let mut entry = Map::new();
    entry.insert("shape".to_owned(), Value::String(s.shape_id.clone()));
    entry.insert("title".to_owned(), Value::String(s.title.clone()));
    put(&mut entry, "sdk_id", s.sdk_id.clone().map_or(Value::Null, Value::String));
    put(&mut entry, "api_version", s.version.clone().map_or(Value::Null, Value::String));
    put(&mut entry, "docs", docs_digest(&s.docs));
    let mut wire = vec![s.protocol.name().to_owned()];
    if let Some(name) = &s.signing_name {
        wire.push(format!("signing name {name}"));
    }
    if s.query_compatible {
        wire.push("awsQuery compatible".to_owned());
    }
    entry.insert("wire".to_owned(), Value::String(wire.join("; ")));
    put(&mut entry, "customisations", json!(krate.customisations));
    let errors: Map<String, Value> =
        krate.service_errors.iter().map(|e| (e.variant.clone(), Value::String(def_path_of(krate, e.def)))).collect();
    put(&mut entry, "errors", Value::Object(errors));
    let skipped: Map<String, Value> =
        krate.skipped_operations.iter().map(|(name, reason)| (name.clone(), Value::String(reason.clone()))).collect();
    put(&mut entry, "skipped", Value::Object(skipped));
    if let Some(rules) = &s.endpoint_rules {
        let parameters: Map<String, Value> =
            rules.parameters.iter().map(|(name, text)| (name.clone(), Value::String(text.clone()))).collect();
        entry.insert("endpoint_rules".to_owned(), json!({ "digest": rules.digest, "parameters": parameters }));
    }
    if let Some(tests) = &s.endpoint_tests {
        entry.insert("endpoint_tests".to_owned(), json!({ "cases": tests.cases, "digest": tests.digest }));
    }
    entry
}
