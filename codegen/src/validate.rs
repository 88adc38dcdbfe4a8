//! Stage 2 (validate): choose the service and operations, collect the closure of shapes they
//! reach, and check every precondition later stages rely on. All problems are collected and
//! reported together, sorted by Smithy path; nothing here panics.

use std::collections::{BTreeMap, BTreeSet};

use crate::Settings;
use crate::ast::{Model, Shape, ShapeId, ShapeType};
use crate::error::{Error, ErrorKind, Errors, check};
use crate::ir::Protocol;
use crate::ir::Presence;
use crate::semantics;
use crate::traits::{self, EnumValue, Table};
use crate::warning::{Warning, WarningKind};

/// What to generate, once the model is known to be sound.
#[derive(Clone, Debug, PartialEq)]
pub struct Selection {
    /// The service.
    pub service: ShapeId,
    /// Its protocol.
    pub protocol: Protocol,
    /// The selected operations, sorted by shape name.
    pub operations: Vec<ShapeId>,
    /// The errors the service itself lists, which every one of its operations can return, in
    /// model order.
    pub common_errors: Vec<ShapeId>,
    /// Every shape the operations reach (inputs, outputs, errors and everything their members
    /// target, transitively), prelude shapes included.
    pub shapes: BTreeSet<ShapeId>,
    /// The service's operations left out (all of them were asked for), with the reason.
    pub skipped: Vec<(ShapeId, String)>,
    /// What the user should know about the model, sorted.
    pub warnings: Vec<Warning>,
    /// The traits of the service, the operations and every shape and member they reach.
    pub traits: Table,
}

/// Checks the model and selects what to generate.
pub fn validate(model: &Model, settings: &Settings) -> Result<Selection, Errors> {
    if let Err(reason) = crate::names::check_crate_name(&settings.package_name) {
        return Err(Errors::one("settings.package_name", ErrorKind::InvalidCrateName {
            name: settings.package_name.clone(),
            reason,
        }));
    }
    let service = choose_service(model, settings.service.as_deref())?;
    let Some(service_shape) = model.shape(&service) else {
        return Err(Errors::one(service.to_string(), ErrorKind::ServiceNotFound));
    };
    let mut errors = Vec::new();
    let protocol = protocol(service_shape, &mut errors);
    // The query protocols send the service's version with every request.
    if let Some(p) = protocol.filter(|p| p.is_query())
        && service_shape.version.as_deref().is_none_or(str::is_empty)
    {
        errors.push(Error::new(service.to_string(), ErrorKind::NoVersion { protocol: p.name() }));
    }
    let mut table = Table::default();
    for kind in table.read(&service.to_string(), &service_shape.traits) {
        errors.push(Error::new(service.to_string(), kind));
    }
    let all_operations = service_operations(model, service_shape, &mut errors);
    let common_errors = service_shape.errors.clone();
    // A streaming blob is a REST operation's payload, handed over as bytes; RPC protocols and
    // event streams have no such place.
    let streams_blobs = protocol.is_some_and(|p| !p.is_rpc());
    let unsupported = unsupported_operations(model, &all_operations, streams_blobs);
    let operations = select_operations(&all_operations, &unsupported, &settings.operations, &service, &mut errors);
    let skipped: Vec<(ShapeId, String)> = if settings.operations.is_empty() {
        unsupported.iter().map(|(id, reason)| (id.clone(), reason.clone())).collect()
    } else {
        Vec::new()
    };
    if operations.is_empty() && settings.operations.is_empty() {
        // A crate without an operation would hold nothing to call.
        errors.push(Error::new(service.to_string(), ErrorKind::NoOperations { skipped: unsupported.len() }));
        for (id, reason) in &unsupported {
            let kind = ErrorKind::OperationNotGenerated { name: id.name.clone(), reason: reason.clone() };
            errors.push(Error::new(id.to_string(), kind));
        }
    }
    let mut warnings: Vec<Warning> = skipped
        .iter()
        .map(|(id, reason)| Warning::new(id.to_string(), WarningKind::OperationSkipped { reason: reason.clone() }))
        .collect();
    check_errors(model, &service.to_string(), &common_errors, &mut errors);
    let shapes = closure(model, &operations, &common_errors, &service.to_string(), &mut errors);
    // Every trait of what is generated, parsed once; the stages after this read the table.
    for id in shapes.iter().chain(&operations) {
        let Some(shape) = model.shape(id) else { continue };
        let blob_stream = streams_blobs && shape.kind == ShapeType::Blob;
        read_traits(&mut table, &id.to_string(), &shape.traits, blob_stream, &mut errors);
        if matches!(shape.kind, ShapeType::Service | ShapeType::Operation | ShapeType::Resource) {
            continue;
        }
        for member in &shape.members {
            read_traits(&mut table, &id.member_path(&member.name), &member.traits, false, &mut errors);
        }
    }
    for id in shapes.iter().chain(&operations) {
        let Some(shape) = model.shape(id) else { continue };
        if shape.kind == ShapeType::Operation {
            check_operation(model, &table, shape, &mut errors);
            if streams_blobs {
                check_http_bindings(model, &table, shape, &mut errors);
            }
        } else {
            check_shape(model, &mut table, shape, &mut errors);
        }
        if shape.kind == ShapeType::Document && protocol.is_some_and(Protocol::is_xml) {
            let what = "a document shape: the XML protocols (awsQuery, ec2Query) have no documents".to_owned();
            errors.push(Error::new(id.to_string(), ErrorKind::Unsupported { what }));
        }
        unknown_properties(&table, &id.to_string(), &mut warnings);
        for member in &shape.members {
            unknown_properties(&table, &id.member_path(&member.name), &mut warnings);
        }
    }
    unknown_properties(&table, &service.to_string(), &mut warnings);
    warnings.sort();
    warnings.dedup();
    check_required_cycles(model, &shapes, &mut errors);
    check_collection_nesting(model, &shapes, &mut errors);
    check_case_conflicts(model, &shapes, &mut errors);
    check(errors)?;
    let Some(protocol) = protocol else {
        return Err(Errors::one(service.to_string(), ErrorKind::NoProtocol { found: Vec::new() }));
    };
    Ok(Selection { service, protocol, operations, common_errors, shapes, skipped, warnings, traits: table })
}

/// Reads the traits at `path` into the table, reporting the malformed ones and those the
/// generator cannot honour.
fn read_traits(
    table: &mut Table,
    path: &str,
    shape_traits: &crate::ast::Traits,
    blob_stream: bool,
    errors: &mut Vec<Error>,
) {
    for kind in table.read(path, shape_traits) {
        errors.push(Error::new(path, kind));
    }
    for (trait_id, reason) in traits::UNSUPPORTED {
        if traits::has(shape_traits, trait_id) && !(blob_stream && *trait_id == traits::STREAMING) {
            errors.push(Error::new(path, ErrorKind::UnsupportedTrait { trait_id: (*trait_id).to_owned(), reason }));
        }
    }
}

/// Warns of the properties of known traits this generator does not know (tolerated: a newer
/// Smithy, or a service's own extension, may add some).
fn unknown_properties(table: &Table, path: &str, warnings: &mut Vec<Warning>) {
    for (trait_id, property) in &table.get(path).unknown_properties {
        let unchecked = traits::CONSTRAINTS.contains(trait_id);
        warnings.push(Warning::new(
            path,
            WarningKind::UnknownTraitProperty { trait_id: (*trait_id).to_owned(), property: property.clone(), unchecked },
        ));
    }
}

/// The operations this generator cannot generate, each with the reason: those whose input,
/// output or errors reach a shape with a trait it does not support (`@streaming` blobs, event
/// streams). The rest of the service is generated without them. Found by marking, from each
/// shape with such a trait, every shape that holds it, so each shape is visited once.
fn unsupported_operations(model: &Model, operations: &[ShapeId], streams_blobs: bool) -> BTreeMap<ShapeId, String> {
    // For each shape: the trait it (or a member of it) has that is not supported.
    let own = |shape: &Shape| -> Option<&'static str> {
        if streams_blobs && shape.kind == ShapeType::Blob {
            return None;
        }
        std::iter::once(&shape.traits).chain(shape.members.iter().map(|m| &m.traits)).find_map(|t| {
            traits::UNSUPPORTED.iter().find(|(id, _)| traits::has(t, id)).map(|(id, _)| *id)
        })
    };
    let mut holders: BTreeMap<&ShapeId, Vec<&ShapeId>> = BTreeMap::new();
    // The shape that makes each marked shape unsupported: the one with the trait.
    let mut cause: BTreeMap<&ShapeId, (&ShapeId, &'static str)> = BTreeMap::new();
    let mut queue: std::collections::VecDeque<&ShapeId> = std::collections::VecDeque::new();
    for shape in model.shapes.values() {
        if matches!(shape.kind, ShapeType::Service | ShapeType::Operation | ShapeType::Resource) {
            continue;
        }
        for member in &shape.members {
            holders.entry(&member.target).or_default().push(&shape.id);
        }
        if let Some(trait_id) = own(shape) {
            cause.insert(&shape.id, (&shape.id, trait_id));
            queue.push_back(&shape.id);
        }
    }
    while let Some(id) = queue.pop_front() {
        let Some(&found) = cause.get(id) else { continue };
        for holder in holders.get(id).map_or(&[][..], Vec::as_slice) {
            if !cause.contains_key(holder) {
                cause.insert(holder, found);
                queue.push_back(holder);
            }
        }
    }
    let mut out = BTreeMap::new();
    for op in operations {
        let Some(shape) = model.shape(op) else { continue };
        let refs = shape.input.iter().chain(&shape.output).chain(&shape.errors);
        if let Some((at, trait_id)) = refs.filter_map(|id| cause.get(id)).next() {
            let what = match model.shape(at).map(|s| s.kind) {
                Some(ShapeType::Union) => "an event stream",
                Some(ShapeType::Blob) => "a streaming blob",
                _ => "a stream",
            };
            let name = trait_id.rsplit('#').next().unwrap_or(trait_id);
            out.insert(op.clone(), format!("it uses {what} (`{at}` has `@{name}`), which this generator does not support"));
        }
    }
    out
}

fn choose_service(model: &Model, wanted: Option<&str>) -> Result<ShapeId, Errors> {
    let services: Vec<&ShapeId> =
        model.shapes.values().filter(|s| s.kind == ShapeType::Service).map(|s| &s.id).collect();
    match wanted {
        Some(name) => {
            let found: Vec<&ShapeId> =
                services.iter().copied().filter(|id| id.to_string() == name || id.name == name).collect();
            match found.as_slice() {
                [one] => Ok((*one).clone()),
                [] => Err(Errors::one(name, ErrorKind::ServiceNotFound)),
                many => Err(Errors::one(
                    "model",
                    ErrorKind::AmbiguousService { services: many.iter().map(ToString::to_string).collect() },
                )),
            }
        }
        None => match services.as_slice() {
            [one] => Ok((*one).clone()),
            [] => Err(Errors::one("model", ErrorKind::NoService)),
            many => Err(Errors::one(
                "model",
                ErrorKind::AmbiguousService { services: many.iter().map(ToString::to_string).collect() },
            )),
        },
    }
}

/// The service's protocol. A service may list several (restJson1 and awsJson1_1, say); the
/// generator speaks, in this order of preference, awsJson 1.1, awsJson 1.0, restJson1, awsQuery,
/// ec2Query, restXml.
fn protocol(service: &Shape, errors: &mut Vec<Error>) -> Option<Protocol> {
    let has = |id: &str| traits::has(&service.traits, id);
    if has(traits::AWS_JSON_1_1) {
        Some(Protocol::AwsJson1_1)
    } else if has(traits::AWS_JSON_1_0) {
        Some(Protocol::AwsJson1_0)
    } else if has(traits::REST_JSON_1) {
        Some(Protocol::RestJson1)
    } else if has(traits::AWS_QUERY) {
        Some(Protocol::AwsQuery)
    } else if has(traits::EC2_QUERY) {
        Some(Protocol::Ec2Query)
    } else if has(traits::REST_XML) {
        Some(Protocol::RestXml)
    } else {
        let found = service.traits.keys().filter(|k| k.starts_with("aws.protocols#")).cloned().collect();
        errors.push(Error::new(service.id.to_string(), ErrorKind::NoProtocol { found }));
        None
    }
}

/// The service's operations, through its resources too, without repeats.
fn service_operations(model: &Model, service: &Shape, errors: &mut Vec<Error>) -> Vec<ShapeId> {
    let mut operations = BTreeSet::new();
    let mut seen_resources = BTreeSet::new();
    let mut stack: Vec<&Shape> = vec![service];
    while let Some(container) = stack.pop() {
        let path = container.id.to_string();
        for op in container.operations.iter().chain(&container.lifecycle) {
            match model.shape(op) {
                None => errors.push(Error::new(&path, ErrorKind::DanglingTarget { target: op.to_string() })),
                Some(s) if s.kind != ShapeType::Operation => {
                    errors.push(wrong_target(&path, "operation", op, "an operation", s.kind));
                }
                Some(_) => {
                    operations.insert(op.clone());
                }
            }
        }
        for res in &container.resources {
            match model.shape(res) {
                None => errors.push(Error::new(&path, ErrorKind::DanglingTarget { target: res.to_string() })),
                Some(s) if s.kind != ShapeType::Resource => {
                    errors.push(wrong_target(&path, "resource", res, "a resource", s.kind));
                }
                Some(s) => {
                    if seen_resources.insert(res.clone()) {
                        stack.push(s);
                    }
                }
            }
        }
    }
    let mut by_name: Vec<ShapeId> = operations.into_iter().collect();
    by_name.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.cmp(b)));
    for pair in by_name.windows(2) {
        if let [a, b] = pair
            && a.name == b.name
        {
            errors.push(Error::new(
                b.to_string(),
                ErrorKind::NameCollision { rust_name: b.name.clone(), other: a.to_string() },
            ));
        }
    }
    by_name
}

fn select_operations(
    all: &[ShapeId],
    unsupported: &BTreeMap<ShapeId, String>,
    wanted: &[String],
    service: &ShapeId,
    errors: &mut Vec<Error>,
) -> Vec<ShapeId> {
    if wanted.is_empty() {
        return all.iter().filter(|op| !unsupported.contains_key(*op)).cloned().collect();
    }
    let mut selected = Vec::new();
    for name in wanted {
        match all.iter().find(|op| op.name == *name || op.to_string() == *name) {
            Some(op) => match unsupported.get(op) {
                Some(reason) => errors.push(Error::new(
                    op.to_string(),
                    ErrorKind::OperationNotGenerated { name: name.clone(), reason: reason.clone() },
                )),
                None => {
                    if !selected.contains(op) {
                        selected.push(op.clone());
                    }
                }
            },
            None => {
                let suggestions = crate::names::suggest(name, all.iter().map(|op| op.name.as_str()));
                errors.push(Error::new(service.to_string(), ErrorKind::OperationNotFound { name: name.clone(), suggestions }));
            }
        }
    }
    selected.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.cmp(b)));
    selected
}

/// Shapes reached from the operations and the service's common errors, walked with an explicit
/// stack so deep models cannot overflow the call stack. Dangling references are reported where
/// they are made.
fn closure(
    model: &Model,
    operations: &[ShapeId],
    common_errors: &[ShapeId],
    service: &str,
    errors: &mut Vec<Error>,
) -> BTreeSet<ShapeId> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<(ShapeId, String)> = common_errors.iter().map(|id| (id.clone(), service.to_owned())).collect();
    for op in operations {
        let Some(shape) = model.shape(op) else { continue };
        let path = op.to_string();
        let refs = shape.input.iter().chain(&shape.output).chain(&shape.errors);
        stack.extend(refs.map(|id| (id.clone(), path.clone())));
    }
    while let Some((id, from)) = stack.pop() {
        if seen.contains(&id) {
            continue;
        }
        let Some(shape) = model.shape(&id) else {
            errors.push(Error::new(from, ErrorKind::DanglingTarget { target: id.to_string() }));
            continue;
        };
        seen.insert(id.clone());
        if matches!(shape.kind, ShapeType::Service | ShapeType::Operation | ShapeType::Resource) {
            continue;
        }
        for member in &shape.members {
            stack.push((member.target.clone(), id.member_path(&member.name)));
        }
    }
    seen
}

fn check_operation(model: &Model, table: &Table, op: &Shape, errors: &mut Vec<Error>) {
    let path = op.id.to_string();
    for (role, target) in [("input", &op.input), ("output", &op.output)] {
        if let Some(target) = target
            && let Some(shape) = model.shape(target)
            && shape.kind != ShapeType::Structure
        {
            errors.push(wrong_target(&path, role, target, "a structure", shape.kind));
        }
    }
    check_host_prefix(model, table, op, errors);
    check_errors(model, &path, &op.errors, errors);
}

/// The HTTP bindings of a REST operation are sound (Smithy's "HTTP binding traits"): it has
/// `@http`; each label of its URI names a required input member with `@httpLabel`, and each such
/// member is in the URI; its input, output and errors have at most one `@httpPayload` member,
/// and none other in the body when they have one.
fn check_http_bindings(model: &Model, table: &Table, op: &Shape, errors: &mut Vec<Error>) {
    let path = op.id.to_string();
    let bad = |trait_id: &str, reason: String| ErrorKind::InvalidTraitValue { trait_id: trait_id.to_owned(), reason };
    let Some(http) = &table.get(&path).http else {
        errors.push(Error::new(&path, bad(traits::HTTP, "every operation of a REST service needs @http".into())));
        return;
    };
    let input = op.input.as_ref().and_then(|id| model.shape(id));
    let members = input.map(|i| i.members.as_slice()).unwrap_or_default();
    for (label, _) in http.uri.labels() {
        let ok = members.iter().any(|m| {
            m.name == label && traits::has(&m.traits, traits::HTTP_LABEL) && traits::has(&m.traits, traits::REQUIRED)
        });
        if !ok {
            errors.push(Error::new(
                &path,
                bad(traits::HTTP, format!("the label `{{{label}}}` must name a required input member with @httpLabel")),
            ));
        }
    }
    if let Some(input) = input {
        for m in members.iter().filter(|m| traits::has(&m.traits, traits::HTTP_LABEL)) {
            if !http.uri.labels().any(|(label, _)| label == m.name) {
                errors.push(Error::new(
                    input.id.member_path(&m.name),
                    bad(traits::HTTP_LABEL, "the operation's URI has no label for this member".into()),
                ));
            }
        }
    }
    let bound = [traits::HTTP_LABEL, traits::HTTP_QUERY, traits::HTTP_QUERY_PARAMS, traits::HTTP_HEADER, traits::HTTP_PREFIX_HEADERS, traits::HTTP_RESPONSE_CODE];
    for id in op.input.iter().chain(&op.output).chain(&op.errors) {
        let Some(shape) = model.shape(id) else { continue };
        check_binding_targets(model, table, shape, errors);
        let payloads: Vec<&str> =
            shape.members.iter().filter(|m| traits::has(&m.traits, traits::HTTP_PAYLOAD)).map(|m| m.name.as_str()).collect();
        if payloads.len() > 1 {
            errors.push(Error::new(id.to_string(), bad(traits::HTTP_PAYLOAD, format!("at most one member may be the payload, not {}", payloads.join(", ")))));
        }
        if !payloads.is_empty() {
            let in_body = shape.members.iter().filter(|m| !traits::has(&m.traits, traits::HTTP_PAYLOAD) && !bound.iter().any(|b| traits::has(&m.traits, b)));
            for m in in_body {
                errors.push(Error::new(
                    id.member_path(&m.name),
                    bad(traits::HTTP_PAYLOAD, "with a payload member, every other member must be bound elsewhere (a header, the URI)".into()),
                ));
            }
        }
    }
}

/// Each member of a structure an operation sends or receives is bound where its type can go
/// (Smithy's HTTP binding traits): a label, a query parameter or a header holds one value
/// (a boolean, number, string, enum or timestamp; a blob in a header or the query, as base64),
/// the latter two also a list of them; `@httpPrefixHeaders` a map of strings;
/// `@httpQueryParams` a map of strings or of lists of strings; `@httpPayload` a string, blob,
/// enum, structure, union or document; `@httpResponseCode` an integer. No two members take one
/// header (in any case) or one query key.
fn check_binding_targets(model: &Model, table: &Table, shape: &Shape, errors: &mut Vec<Error>) {
    use ShapeType as T;
    let kind = |id: &ShapeId| model.shape(id).map(|s| s.kind);
    let scalar =
        |k: Option<ShapeType>, blob: bool| matches!(k, Some(T::Boolean | T::String | T::Enum | T::IntEnum | T::Timestamp | T::Byte | T::Short | T::Integer | T::Long | T::Float | T::Double | T::BigInteger | T::BigDecimal)) || (blob && k == Some(T::Blob));
    // The target of a list's items, or of a map's values.
    let item = |id: &ShapeId, of: ShapeType, name: &str| -> Option<ShapeId> {
        let target = model.shape(id).filter(|s| s.kind == of)?;
        target.member(name).map(|m| m.target.clone())
    };
    let scalar_or_list = |id: &ShapeId| scalar(kind(id), true) || item(id, T::List, "member").is_some_and(|i| scalar(kind(&i), true));
    let mut headers: BTreeMap<String, &str> = BTreeMap::new();
    let mut query: BTreeMap<&str, &str> = BTreeMap::new();
    for m in &shape.members {
        let at = shape.id.member_path(&m.name);
        let parsed = table.get(&at);
        let target = &m.target;
        let (trait_id, fits, what) = if traits::has(&m.traits, traits::HTTP_LABEL) {
            (traits::HTTP_LABEL, scalar(kind(target), false), "a boolean, number, string, enum or timestamp")
        } else if traits::has(&m.traits, traits::HTTP_QUERY) {
            (traits::HTTP_QUERY, scalar_or_list(target), "a boolean, number, string, enum, timestamp or blob, or a list of them")
        } else if traits::has(&m.traits, traits::HTTP_HEADER) {
            (traits::HTTP_HEADER, scalar_or_list(target), "a boolean, number, string, enum, timestamp or blob, or a list of them")
        } else if traits::has(&m.traits, traits::HTTP_PREFIX_HEADERS) {
            let fits = item(target, T::Map, "value").is_some_and(|v| kind(&v) == Some(T::String));
            (traits::HTTP_PREFIX_HEADERS, fits, "a map of strings")
        } else if traits::has(&m.traits, traits::HTTP_QUERY_PARAMS) {
            let fits = item(target, T::Map, "value").is_some_and(|v| {
                kind(&v) == Some(T::String) || item(&v, T::List, "member").is_some_and(|i| kind(&i) == Some(T::String))
            });
            (traits::HTTP_QUERY_PARAMS, fits, "a map of strings or of lists of strings")
        } else if traits::has(&m.traits, traits::HTTP_PAYLOAD) {
            let fits = matches!(kind(target), Some(T::String | T::Blob | T::Enum | T::Structure | T::Union | T::Document));
            (traits::HTTP_PAYLOAD, fits, "a string, blob, enum, structure, union or document")
        } else if traits::has(&m.traits, traits::HTTP_RESPONSE_CODE) {
            (traits::HTTP_RESPONSE_CODE, kind(target) == Some(T::Integer), "an integer")
        } else {
            continue;
        };
        if !fits {
            let reason = format!("the member targets `{target}`; this binding takes {what}");
            errors.push(Error::new(&at, ErrorKind::InvalidTraitValue { trait_id: trait_id.to_owned(), reason }));
        }
        if let Some(name) = &parsed.http_header
            && let Some(other) = headers.insert(name.to_ascii_lowercase(), &m.name)
        {
            let reason = format!("the header `{name}` is bound to `{other}` too");
            errors.push(Error::new(&at, ErrorKind::InvalidTraitValue { trait_id: traits::HTTP_HEADER.to_owned(), reason }));
        }
        if let Some(key) = &parsed.http_query
            && let Some(other) = query.insert(key, &m.name)
        {
            let reason = format!("the query key `{key}` is bound to `{other}` too");
            errors.push(Error::new(&at, ErrorKind::InvalidTraitValue { trait_id: traits::HTTP_QUERY.to_owned(), reason }));
        }
    }
}

/// The `errors` of an operation or a service (at `path`) are structures with `@error`.
fn check_errors(model: &Model, path: &str, targets: &[ShapeId], errors: &mut Vec<Error>) {
    for target in targets {
        let Some(shape) = model.shape(target) else { continue };
        if shape.kind != ShapeType::Structure {
            errors.push(wrong_target(path, "error", target, "a structure", shape.kind));
        } else if !traits::has(&shape.traits, traits::ERROR) {
            errors.push(Error::new(path, ErrorKind::ErrorWithoutErrorTrait { target: target.to_string() }));
        }
    }
}

/// Every `{label}` of an `@endpoint` host prefix names an input member with `@hostLabel` that is
/// a required string, and every `@hostLabel` member is used.
fn check_host_prefix(model: &Model, table: &Table, op: &Shape, errors: &mut Vec<Error>) {
    let path = op.id.to_string();
    let parts = table.get(&path).host_prefix.clone().unwrap_or_default();
    let input = op.input.as_ref().and_then(|id| model.shape(id));
    let labels: Vec<&str> = parts
        .iter()
        .filter_map(|p| match p {
            traits::HostPrefixPart::Label(name) => Some(name.as_str()),
            traits::HostPrefixPart::Literal(_) => None,
        })
        .collect();
    for label in &labels {
        let member = input.and_then(|i| i.member(label));
        let ok = member.is_some_and(|m| {
            traits::has(&m.traits, traits::HOST_LABEL)
                && traits::has(&m.traits, traits::REQUIRED)
                && model.shape(&m.target).is_some_and(|t| t.kind == ShapeType::String)
        });
        if !ok {
            errors.push(Error::new(
                &path,
                ErrorKind::InvalidTraitValue {
                    trait_id: traits::ENDPOINT.into(),
                    reason: format!("host label `{{{label}}}` must name a required string input member with @hostLabel"),
                },
            ));
        }
    }
    for member in input.map(|i| i.members.as_slice()).unwrap_or_default() {
        if traits::has(&member.traits, traits::HOST_LABEL) && !labels.contains(&member.name.as_str()) {
            errors.push(Error::new(
                op.input.as_ref().map_or_else(|| path.clone(), |i| i.member_path(&member.name)),
                ErrorKind::InvalidTraitValue {
                    trait_id: traits::HOST_LABEL.into(),
                    reason: "the operation's @endpoint host prefix does not use this label".into(),
                },
            ));
        }
    }
}

fn check_shape(model: &Model, table: &mut Table, shape: &Shape, errors: &mut Vec<Error>) {
    let path = shape.id.to_string();
    if matches!(shape.kind, ShapeType::Service | ShapeType::Operation | ShapeType::Resource) {
        // Reported where a member targets it.
        return;
    }
    if traits::has(&shape.traits, traits::MIXIN) {
        errors.push(Error::new(&path, ErrorKind::Unsupported { what: "a mixin shape used as data".into() }));
    }
    for member in &shape.members {
        let member_path = shape.id.member_path(&member.name);
        let Some(target) = model.shape(&member.target) else { continue };
        let target_ok = match shape.kind {
            ShapeType::Enum | ShapeType::IntEnum => member.target.is_prelude() && member.target.name == "Unit",
            _ => !matches!(target.kind, ShapeType::Service | ShapeType::Operation | ShapeType::Resource),
        };
        if !target_ok {
            let expected = if shape.kind.has_named_members() && shape.kind != ShapeType::Structure
                && shape.kind != ShapeType::Union
            {
                "smithy.api#Unit"
            } else {
                "a data shape"
            };
            errors.push(wrong_target(&member_path, "member target", &member.target, expected, target.kind));
        }
        if let Some(format) = member.traits.get(traits::TIMESTAMP_FORMAT)
            && target.kind != ShapeType::Timestamp
        {
            errors.push(Error::new(
                &member_path,
                ErrorKind::InvalidTraitValue {
                    trait_id: traits::TIMESTAMP_FORMAT.into(),
                    reason: format!("{format} applies only to timestamps, but the target is a {}", target.kind),
                },
            ));
        }
        if shape.kind == ShapeType::Structure
            && let Err(kind) = semantics::presence(model, shape, member)
        {
            errors.push(Error::new(&member_path, kind));
        }
    }
    match shape.kind {
        ShapeType::Enum => check_enum_values(table, shape, errors),
        ShapeType::IntEnum => check_int_enum_values(table, shape, errors),
        ShapeType::String => {
            if let Some(values) = &table.get(&path).legacy_enum {
                let mut seen = BTreeSet::new();
                for value in values.clone() {
                    if !seen.insert(value.value.clone()) {
                        errors.push(Error::new(
                            &path,
                            ErrorKind::DuplicateEnumValue { value: value.value, other: path.clone() },
                        ));
                    }
                }
            }
        }
        ShapeType::Map => {
            if let Some(key) = shape.member("key")
                && let Some(target) = model.shape(&key.target)
                && !matches!(target.kind, ShapeType::String | ShapeType::Enum)
            {
                errors.push(wrong_target(
                    &shape.id.member_path("key"),
                    "map key",
                    &key.target,
                    "a string or enum",
                    target.kind,
                ));
            }
        }
        ShapeType::Union if shape.members.is_empty() => {
            errors.push(Error::new(&path, ErrorKind::WrongMembers { expected: "a union must have at least one member" }));
        }
        _ => {}
    }
}

fn check_enum_values(table: &mut Table, shape: &Shape, errors: &mut Vec<Error>) {
    if shape.members.is_empty() {
        errors.push(Error::new(shape.id.to_string(), ErrorKind::EmptyEnum));
        return;
    }
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for member in &shape.members {
        let path = shape.id.member_path(&member.name);
        let value = match traits::enum_value_string(&member.traits) {
            Ok(value) => value.unwrap_or(&member.name).to_owned(),
            Err(kind) => {
                errors.push(Error::new(&path, kind));
                continue;
            }
        };
        if let Some(parsed) = table.get_mut(&path) {
            parsed.enum_value = Some(EnumValue::String(value.clone()));
        }
        if let Some(first) = seen.get(&value) {
            errors.push(Error::new(&path, ErrorKind::DuplicateEnumValue { value, other: first.clone() }));
        } else {
            seen.insert(value, path);
        }
    }
}

fn check_int_enum_values(table: &mut Table, shape: &Shape, errors: &mut Vec<Error>) {
    if shape.members.is_empty() {
        errors.push(Error::new(shape.id.to_string(), ErrorKind::EmptyEnum));
        return;
    }
    let mut seen: BTreeMap<i32, String> = BTreeMap::new();
    for member in &shape.members {
        let path = shape.id.member_path(&member.name);
        match traits::enum_value_int(&member.traits) {
            Ok(Some(value)) => {
                if let Some(parsed) = table.get_mut(&path) {
                    parsed.enum_value = Some(EnumValue::Int(value));
                }
                if let Some(first) = seen.get(&value) {
                    errors.push(Error::new(
                        &path,
                        ErrorKind::DuplicateEnumValue { value: value.to_string(), other: first.clone() },
                    ));
                } else {
                    seen.insert(value, path);
                }
            }
            Ok(None) => errors.push(Error::new(
                &path,
                ErrorKind::InvalidTraitValue {
                    trait_id: traits::ENUM_VALUE.into(),
                    reason: "every intEnum member needs an integer enumValue".into(),
                },
            )),
            Err(kind) => errors.push(Error::new(&path, kind)),
        }
    }
}

/// Structures whose `Required` members lead back to themselves have no finite value: neither a
/// builder nor error correction could ever produce one. Walked with an explicit stack.
fn check_required_cycles(model: &Model, shapes: &BTreeSet<ShapeId>, errors: &mut Vec<Error>) {
    // Edges: structure -> (member path, target structure) for required members.
    let mut edges: BTreeMap<&ShapeId, Vec<(String, &ShapeId)>> = BTreeMap::new();
    for id in shapes {
        let Some(shape) = model.shape(id) else { continue };
        if shape.kind != ShapeType::Structure {
            continue;
        }
        for member in &shape.members {
            let is_struct = model.shape(&member.target).is_some_and(|t| t.kind == ShapeType::Structure);
            if is_struct && semantics::presence(model, shape, member) == Ok(Presence::Required) {
                edges.entry(id).or_default().push((id.member_path(&member.name), &member.target));
            }
        }
    }
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Active,
        Done,
    }
    let mut marks: BTreeMap<&ShapeId, Mark> = BTreeMap::new();
    let mut reported: BTreeSet<BTreeSet<String>> = BTreeSet::new();
    for start in edges.keys() {
        if marks.contains_key(start) {
            continue;
        }
        // Stack of (node, next edge index); `path` holds the member paths taken.
        let mut stack: Vec<(&ShapeId, usize)> = vec![(start, 0)];
        let mut path: Vec<String> = Vec::new();
        marks.insert(start, Mark::Active);
        while let Some((node, next)) = stack.last().copied() {
            let out = edges.get(node).map_or(&[][..], Vec::as_slice);
            let Some((member_path, target)) = out.get(next) else {
                marks.insert(node, Mark::Done);
                stack.pop();
                path.pop();
                continue;
            };
            if let Some(top) = stack.last_mut() {
                top.1 = top.1.saturating_add(1);
            }
            match marks.get(target) {
                Some(Mark::Done) => {}
                Some(Mark::Active) => {
                    let begin = stack.iter().position(|(n, _)| n == target).unwrap_or(0);
                    let mut cycle: Vec<String> = path.get(begin..).map(<[String]>::to_vec).unwrap_or_default();
                    cycle.push(member_path.clone());
                    if reported.insert(cycle.iter().cloned().collect()) {
                        let at = cycle.iter().min().cloned().unwrap_or_default();
                        errors.push(Error::new(at, ErrorKind::RequiredCycle { cycle }));
                    }
                }
                None => {
                    marks.insert(target, Mark::Active);
                    path.push(member_path.clone());
                    stack.push((target, 0));
                }
            }
        }
    }
}

/// Lists and maps nested directly in each other, with no structure or union between, become one
/// Rust type (`Vec<BTreeMap<String, Vec<..>>>`): this deep at most.
const MAX_COLLECTION_NESTING: usize = 32;

/// Collections nested deeper than `MAX_COLLECTION_NESTING`, or in a loop (an infinite type), are
/// errors, reported once per chain at its outermost collection. Chains are followed iteratively.
fn check_collection_nesting(model: &Model, shapes: &BTreeSet<ShapeId>, errors: &mut Vec<Error>) {
    let is_collection = |id: &ShapeId| model.shape(id).is_some_and(|s| matches!(s.kind, ShapeType::List | ShapeType::Map));
    // The collection a collection holds directly, if any.
    let inner = |id: &ShapeId| -> Option<&ShapeId> {
        let shape = model.shape(id)?;
        let name = if shape.kind == ShapeType::List { "member" } else { "value" };
        let target = &shape.members.iter().find(|m| m.name == name)?.target;
        is_collection(target).then_some(target)
    };
    let collections: Vec<&ShapeId> = shapes.iter().filter(|id| is_collection(id)).collect();
    let nested: BTreeSet<&ShapeId> = collections.iter().filter_map(|id| inner(id)).collect();
    // Depth of each collection: 1 plus that of the collection it holds.
    let mut depth: BTreeMap<&ShapeId, usize> = BTreeMap::new();
    for &start in &collections {
        let mut chain: Vec<&ShapeId> = Vec::new();
        let mut in_chain: BTreeSet<&ShapeId> = BTreeSet::new();
        let mut at = Some(start);
        let mut base = 0;
        while let Some(id) = at {
            if let Some(d) = depth.get(id) {
                base = *d;
                break;
            }
            if in_chain.contains(id)
                && let Some(begin) = chain.iter().position(|c| *c == id)
            {
                let cycle: Vec<String> = chain.get(begin..).unwrap_or_default().iter().map(ToString::to_string).collect();
                let head = cycle.iter().min().cloned().unwrap_or_default();
                let mut shown = cycle.clone();
                shown.push(cycle.first().cloned().unwrap_or_default());
                errors.push(Error::new(
                    head,
                    ErrorKind::Unsupported { what: format!("collections holding each other with no structure between: {}", shown.join(" -> ")) },
                ));
                base = usize::MAX / 2;
                break;
            }
            chain.push(id);
            in_chain.insert(id);
            at = inner(id);
        }
        for (i, id) in chain.iter().rev().enumerate() {
            depth.insert(id, base.saturating_add(i).saturating_add(1));
        }
    }
    for &id in &collections {
        let d = depth.get(id).copied().unwrap_or(0);
        if d > MAX_COLLECTION_NESTING && d < usize::MAX / 2 && !nested.contains(id) {
            errors.push(Error::new(
                id.to_string(),
                ErrorKind::Unsupported {
                    what: format!(
                        "lists and maps nested {d} deep with no structure between; at most {MAX_COLLECTION_NESTING} make one Rust type"
                    ),
                },
            ));
        }
    }
}

/// Shape ids, and member names within a shape, must be unique ignoring case (Smithy 2.0, "shape
/// ID conflicts").
fn check_case_conflicts(model: &Model, shapes: &BTreeSet<ShapeId>, errors: &mut Vec<Error>) {
    let mut seen: BTreeMap<String, &ShapeId> = BTreeMap::new();
    for id in shapes {
        if let Some(first) = seen.get(&id.to_string().to_lowercase()) {
            errors.push(Error::new(id.to_string(), ErrorKind::CaseConflict { other: first.to_string() }));
        } else {
            seen.insert(id.to_string().to_lowercase(), id);
        }
        let Some(shape) = model.shape(id) else { continue };
        let mut members: BTreeMap<String, &str> = BTreeMap::new();
        for member in &shape.members {
            match members.get(&member.name.to_lowercase()) {
                Some(first) => errors.push(Error::new(
                    id.member_path(&member.name),
                    ErrorKind::CaseConflict { other: id.member_path(first) },
                )),
                None => {
                    members.insert(member.name.to_lowercase(), &member.name);
                }
            }
        }
    }
}

fn wrong_target(path: &str, role: &'static str, target: &ShapeId, expected: &'static str, found: ShapeType) -> Error {
    Error::new(
        path,
        ErrorKind::WrongTargetType { role, target: target.to_string(), expected, found: found.with_article() },
    )
}
