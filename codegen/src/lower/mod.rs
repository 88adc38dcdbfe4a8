//! Stage 3 (lower): the validated model into the Rust-speaking IR.
//!
//! First every generated type and collection gets an id and a Rust name (from `names`), so
//! members can refer to each other; then members are resolved; then graph passes box recursion
//! and mark what requests and responses reach. Name collisions are reported here, all at once.

mod bindings;
mod customise;
mod graph;
pub(crate) mod protocol_tests;

use std::collections::{BTreeMap, BTreeSet};

use crate::Settings;
use crate::ast::{Member as AstMember, Model, Shape, ShapeId, ShapeType};
use crate::docs;
use crate::json::Json;
use crate::error::{Error, ErrorKind, Errors, check};
use crate::ir::{
    Collection, CollectionKind, Constraints, Crate, DefId, DefKind, Enum, EnumVariant, HostPrefixPart, IntEnum,
    IntEnumVariant, Location, Member, Needed, Operation, OperationError, PatternCheck, Presence, Retry, Service, Struct, StructRole,
    TimestampFormat, Type, TypeDef, Union, Variant,
};
use crate::names;
use crate::semantics;
use crate::traits::{self, EnumValue, Parsed, Table};
use crate::validate::Selection;

/// Lowers a validated selection of the model.
pub fn lower(model: &Model, selection: &Selection, settings: &Settings) -> Result<Crate, Errors> {
    let mut cx =
        Lowerer {
            model,
            table: &selection.traits,
            protocol: selection.protocol,
            errors: Vec::new(),
            def_ids: BTreeMap::new(),
            coll_ids: BTreeMap::new(),
        };
    let mut krate = Crate {
        package_name: settings.package_name.clone(),
        version: settings.version.clone().unwrap_or_else(|| crate::DEFAULT_VERSION.to_owned()),
        source: settings.source.clone(),
        standalone: settings.standalone,
        service: cx.service(selection, settings),
        operations: Vec::new(),
        defs: Vec::new(),
        collections: Vec::new(),
        service_errors: Vec::new(),
        protocol_tests: Vec::new(),
        skipped_operations: selection.skipped.iter().map(|(id, reason)| (id.name.clone(), reason.clone())).collect(),
        skipped_waiters: Vec::new(),
        customisations: Vec::new(),
    };
    let pending = cx.allocate(selection, &mut krate);
    for (id, source) in pending {
        let kind = cx.def_kind(&source);
        if let (Some(def), Some(kind)) = (krate.defs.get_mut(id), kind) {
            def.kind = kind;
        }
    }
    for i in 0..krate.collections.len() {
        let id = krate.collections.get(i).and_then(|c| ShapeId::parse(&c.shape_id));
        let kind = id.as_ref().and_then(|id| cx.collection_kind(id));
        if let (Some(coll), Some(kind)) = (krate.collections.get_mut(i), kind) {
            coll.kind = kind;
        }
        let shape = id.as_ref().and_then(|id| model.shape(id));
        let element = |name: &str| shape.and_then(|s| Some((s.member(name)?, s.id.member_path(name))));
        let item = element("member").or_else(|| element("value")).map(|(m, path)| cx.constraints(m, &path));
        let key = element("key").map(|(m, path)| cx.constraints(m, &path));
        if let Some(coll) = krate.collections.get_mut(i) {
            coll.item_constraints = item.unwrap_or_default();
            coll.key_constraints = key.unwrap_or_default();
        }
    }
    cx.name_builders(&mut krate);
    set_pagination(selection, &mut krate);
    krate.service_errors = service_errors(&krate);
    cx.check_names(&krate);
    check(std::mem::take(&mut cx.errors))?;
    customise::apply(&mut krate);
    graph::box_recursion(&mut krate);
    graph::box_union_structures(&mut krate);
    graph::mark_directions(&mut krate);
    graph::mark_needs_empty(&mut krate);
    graph::mark_operations(&mut krate);
    if settings.protocol_tests {
        krate.protocol_tests = protocol_tests::lower(model, selection, &cx.def_ids, &krate)?;
    }
    Ok(krate)
}

/// What a generated type is lowered from.
enum Source {
    /// A shape of the model, with the role it plays.
    Shape(ShapeId, StructRole),
    /// An operation's input or output, synthesized from its shape (or from nothing for `Unit`).
    OperationIo { shape: Option<ShapeId>, role: StructRole },
}

struct Lowerer<'m> {
    model: &'m Model,
    /// The parsed traits of everything selected.
    table: &'m Table,
    /// The service's protocol, which decides where members live.
    protocol: crate::ir::Protocol,
    errors: Vec<Error>,
    /// Generated types of the `types` module, by shape.
    def_ids: BTreeMap<ShapeId, DefId>,
    /// Collections, by shape.
    coll_ids: BTreeMap<ShapeId, usize>,
}

impl Lowerer<'_> {
    fn service(&mut self, selection: &Selection, settings: &Settings) -> Service {
        let shape = self.model.shape(&selection.service);
        let traits_of = shape.map(|s| s.traits.clone()).unwrap_or_default();
        let parsed = self.table.get(&selection.service.to_string());
        let title = parsed.title.clone();
        let sdk_id = parsed.sdk_id.clone();
        Service {
            shape_id: selection.service.to_string(),
            name: selection.service.name.clone(),
            title: title.or_else(|| sdk_id.clone()).unwrap_or_else(|| selection.service.name.clone()),
            sdk_id,
            signing_name: parsed.sigv4_name.clone(),
            endpoint_prefix: parsed.endpoint_prefix.clone(),
            version: shape.and_then(|s| s.version.clone()),
            protocol: selection.protocol,
            query_compatible: traits::has(&traits_of, traits::AWS_QUERY_COMPATIBLE),
            xml_namespace: parsed.xml_namespace.clone(),
            no_error_wrapping: selection.protocol == crate::ir::Protocol::RestXml
                && traits_of.get(traits::REST_XML).and_then(|t| t.get("noErrorWrapping")).and_then(crate::json::Json::as_bool)
                    == Some(true),
            docs: shape_docs(parsed),
            endpoint_rules: parsed.endpoint_rules.clone(),
            endpoint_tests: parsed.endpoint_tests.clone(),
            endpoint: self.endpoint(&selection.service.to_string(), &traits_of, settings),
        }
    }

    /// The service's endpoint rule set, checked; a problem is an error naming the trait and
    /// the JSON path in it (or the partition data).
    fn endpoint(&mut self, service: &str, traits: &crate::ast::Traits, settings: &Settings) -> Option<crate::rules::RuleSet> {
        let partitions = match settings.partitions.as_deref().map(crate::rules::partitions) {
            Some(Ok(p)) => Some(p),
            Some(Err(reason)) => {
                self.errors.push(Error::new("partitions", ErrorKind::InvalidPartitions { reason }));
                return None;
            }
            None => None,
        };
        match crate::rules::rule_set(traits, partitions.as_deref()) {
            Ok(set) => set,
            Err(problem) => {
                let kind = ErrorKind::InvalidTraitValue { trait_id: problem.source.to_owned(), reason: problem.reason };
                self.errors.push(Error::new(service, kind));
                None
            }
        }
    }

    /// Gives every generated type and collection an id and a name; returns what each type is
    /// lowered from.
    fn allocate(&mut self, selection: &Selection, krate: &mut Crate) -> Vec<(DefId, Source)> {
        let model = self.model;
        let operations: Vec<&Shape> = selection.operations.iter().filter_map(|id| model.shape(id)).collect();
        let errors: BTreeSet<&ShapeId> =
            operations.iter().flat_map(|op| &op.errors).chain(&selection.common_errors).collect();
        let io: BTreeSet<&ShapeId> = operations.iter().flat_map(|op| op.input.iter().chain(&op.output)).collect();
        let member_targets: BTreeSet<&ShapeId> = selection
            .shapes
            .iter()
            .filter_map(|id| model.shape(id))
            .flat_map(|s| s.members.iter().map(|m| &m.target))
            .collect();
        let mut pending = Vec::new();
        for id in &selection.shapes {
            let Some(shape) = model.shape(id) else { continue };
            let role = match shape.kind {
                ShapeType::Structure if traits::has(&shape.traits, traits::UNIT_TYPE) => continue,
                ShapeType::Structure if errors.contains(id) => self.error_role(shape),
                ShapeType::Structure if io.contains(id) && !member_targets.contains(id) => continue,
                ShapeType::Structure => StructRole::Plain,
                ShapeType::Union | ShapeType::Enum | ShapeType::IntEnum => StructRole::Plain,
                ShapeType::String if traits::has(&shape.traits, traits::ENUM) => StructRole::Plain,
                ShapeType::List | ShapeType::Map => {
                    self.coll_ids.insert(id.clone(), krate.collections.len());
                    krate.collections.push(Collection {
                        shape_id: id.to_string(),
                        kind: CollectionKind::List { member: Type::String, sparse: false },
                        in_request: false,
                        ser: Needed::No,
                        de: Needed::No,
                        ser_fn: String::new(),
                        de_fn: String::new(),
                        xml_names: bindings::xml_collection_names(self.table, id),
                        item_constraints: Constraints::default(),
                        key_constraints: Constraints::default(),
                        operations: Vec::new(),
                    });
                    continue;
                }
                _ => continue,
            };
            let rust_name = names::type_name(&id.name);
            let parsed = self.table.get(&id.to_string());
            let mut docs = shape_docs(parsed);
            if docs.is_empty() {
                let what = match (&role, shape.kind) {
                    (StructRole::Error { .. }, _) => "error",
                    (_, ShapeType::Union) => "union",
                    (_, ShapeType::Structure) => "structure",
                    _ => "enum",
                };
                docs.push(format!("The {} {what}.", docs::code(&id.name)));
            }
            let def = new_def(id.to_string(), rust_name, Location::Types, docs, parsed, &shape.traits);
            self.def_ids.insert(id.clone(), krate.defs.len());
            pending.push((krate.defs.len(), Source::Shape(id.clone(), role)));
            krate.defs.push(def);
        }
        for (index, op) in operations.iter().enumerate() {
            let name = op.id.name.clone();
            let mut ids = [0usize; 2];
            for (slot, (role, shape, rust_name, what)) in [
                (StructRole::Input, &op.input, names::input_name(&name), "input"),
                (StructRole::Output, &op.output, names::output_name(&name), "output"),
            ]
            .into_iter()
            .enumerate()
            {
                let shape = shape.clone().filter(|id| !(id.is_prelude() && id.name == "Unit"));
                let traits_of = shape.as_ref().and_then(|id| model.shape(id)).map(|s| s.traits.clone()).unwrap_or_default();
                let parsed = shape.as_ref().map_or_else(|| self.table.get(""), |id| self.table.get(&id.to_string()));
                let mut docs = shape_docs(parsed);
                if docs.is_empty() {
                    docs.push(format!("The {what} of the {} operation.", docs::code(&name)));
                }
                let shape_id = shape.as_ref().map_or_else(|| format!("{}${what}", op.id), ToString::to_string);
                let mut def = new_def(shape_id, rust_name, Location::Operation(index), docs, parsed, &traits_of);
                def.deprecated = None;
                if let Some(slot_id) = ids.get_mut(slot) {
                    *slot_id = krate.defs.len();
                }
                pending.push((krate.defs.len(), Source::OperationIo { shape, role }));
                krate.defs.push(def);
            }
            let [input, output] = ids;
            let op_traits = self.table.get(&op.id.to_string());
            let mut op_docs = shape_docs(op_traits);
            if op_docs.is_empty() {
                op_docs.push(format!("The {} operation.", docs::code(&name)));
            }
            // Variant names follow the error types' names, decided in `name_types`.
            // The operation's own errors, then those the service lists for every operation.
            let mut listed = BTreeSet::new();
            let op_errors = op
                .errors
                .iter()
                .chain(&selection.common_errors)
                .filter(|e| listed.insert(*e))
                .filter_map(|e| self.def_ids.get(e).copied())
                .map(|def| OperationError { def, variant: String::new() })
                .collect();
            let input_shape = op.input.as_ref().and_then(|id| model.shape(id));
            let host_prefix = op_traits.host_prefix.clone().map(|parts| {
                parts
                    .into_iter()
                    .map(|part| match part {
                        traits::HostPrefixPart::Literal(text) => HostPrefixPart::Literal(text),
                        traits::HostPrefixPart::Label(name) => HostPrefixPart::Label(
                            input_shape.and_then(|s| s.members.iter().position(|m| m.name == name)).unwrap_or(0),
                        ),
                    })
                    .collect()
            });
            let http = bindings::operation(self.protocol, self.table, op, input_shape);
            let mut endpoint_context = Vec::new();
            if let Some(Json::Object(statics)) = op.traits.get("smithy.rules#staticContextParams") {
                for (param, v) in statics {
                    let value = match v.get("value") {
                        Some(Json::String(s)) => Some(crate::rules::Value::Str(s.clone())),
                        Some(Json::Bool(b)) => Some(crate::rules::Value::Bool(*b)),
                        _ => None,
                    };
                    if let Some(value) = value {
                        endpoint_context.push((param.clone(), crate::ir::EndpointContext::Static(value)));
                    }
                }
            }
            for (i, m) in input_shape.map(|s| s.members.as_slice()).unwrap_or_default().iter().enumerate() {
                if let Some(param) = m.traits.get("smithy.rules#contextParam").and_then(|t| t.get("name")).and_then(Json::as_str) {
                    endpoint_context.push((param.to_owned(), crate::ir::EndpointContext::Member(i)));
                }
            }
            // A path this generator cannot evaluate leaves its parameter unbound, as the crate's
            // docs of `endpoint_params` say, with a warning.
            let mut unparsed_context_paths = Vec::new();
            if let Some(Json::Object(paths)) = op.traits.get("smithy.rules#operationContextParams") {
                for (param, v) in paths {
                    match v.get("path").and_then(Json::as_str).map(|text| (text, crate::waiters::parse(text))) {
                        Some((_, Ok(path))) => endpoint_context.push((param.clone(), crate::ir::EndpointContext::Path(path))),
                        Some((text, Err(crate::waiters::Problem::Invalid(why)))) => {
                            unparsed_context_paths.push((param.clone(), format!("its path `{text}` is not valid JMESPath: {why}")));
                        }
                        Some((text, Err(crate::waiters::Problem::Unsupported(why)))) => {
                            unparsed_context_paths
                                .push((param.clone(), format!("its path `{text}` uses JMESPath the generator does not compile: {why}")));
                        }
                        None => unparsed_context_paths.push((param.clone(), "it has no string `path`".to_owned())),
                    }
                }
            }
            endpoint_context.sort_by(|a, b| a.0.cmp(&b.0));
            let mut waiter_specs = Vec::new();
            if let Some(value) = op.traits.get(traits::WAITABLE) {
                match crate::waiters::read(value) {
                    Ok((waiters, skipped)) => {
                        waiter_specs = waiters;
                        for (waiter, reason) in skipped {
                            krate.skipped_waiters.push((op.id.to_string(), waiter, reason));
                        }
                    }
                    Err(reason) => self.errors.push(Error::new(
                        op.id.to_string(),
                        ErrorKind::InvalidTraitValue { trait_id: traits::WAITABLE.to_owned(), reason },
                    )),
                }
            }
            krate.operations.push(Operation {
                http,
                pagination: None,
                host_prefix,
                gzip: op_traits.gzip,
                checksum_required: traits::has(&op.traits, traits::HTTP_CHECKSUM_REQUIRED),
                unwrapped_output: traits::has(&op.traits, traits::S3_UNWRAPPED_XML_OUTPUT),
                error_on_success: false,
                request_checksum: request_checksum(op, input_shape),
                fixed_headers: Vec::new(),
                shape_id: op.id.to_string(),
                name: name.clone(),
                module: names::module_name(&name),
                docs: op_docs,
                deprecated: op_traits.deprecated.clone(),
                input,
                output,
                error_name: names::operation_error_name(&name),
                parse_fn: names::parse_fn(&name),
                errors: op_errors,
                waiters: op_traits.waiters.clone(),
                waiter_specs,
                endpoint_context,
                unparsed_context_paths,
            });
        }
        self.name_types(krate);
        self.name_functions(krate);
        pending
    }

    /// Types of the `types` module, operation modules and error variants, made unique by
    /// numbering (see `names::disambiguate`).
    fn name_types(&mut self, krate: &mut Crate) {
        let shared: Vec<usize> =
            krate.defs.iter().enumerate().filter(|(_, d)| d.location == Location::Types).map(|(i, _)| i).collect();
        let entries: Vec<(String, String, String)> = shared
            .iter()
            .filter_map(|i| krate.defs.get(*i))
            .map(|d| (d.rust_name.clone(), d.shape_id.clone(), d.shape_id.clone()))
            .collect();
        let (type_names, errors) = names::disambiguate(&entries, "");
        self.errors.extend(errors);
        for (i, name) in shared.iter().zip(type_names) {
            if let Some(def) = krate.defs.get_mut(*i) {
                def.rust_name = name;
            }
        }
        let entries: Vec<(String, String, String)> =
            krate.operations.iter().map(|op| (op.module.clone(), op.shape_id.clone(), op.shape_id.clone())).collect();
        let (modules, errors) = names::disambiguate(&entries, "_");
        self.errors.extend(errors);
        for (op, module) in krate.operations.iter_mut().zip(modules) {
            op.module = module;
        }
        let defs = &krate.defs;
        for op in &mut krate.operations {
            for error in &mut op.errors {
                let rust_name = defs.get(error.def).map_or("", |d| d.rust_name.as_str());
                error.variant = names::variant_name(rust_name, &[names::UNHANDLED_VARIANT, names::MALFORMED_VARIANT]);
            }
        }
    }

    fn error_role(&mut self, shape: &Shape) -> StructRole {
        let parsed = self.table.get(&shape.id.to_string());
        let fault = parsed.error.unwrap_or(traits::Fault::Client);
        let status = parsed.http_error.unwrap_or(match fault {
            traits::Fault::Client => 400,
            traits::Fault::Server => 500,
        });
        let message_member = shape.members.iter().position(|m| {
            m.name.eq_ignore_ascii_case("message")
                && self.model.shape(&m.target).is_some_and(|t| t.kind == ShapeType::String)
        });
        let retry = parsed.retryable.map(|throttling| if throttling { Retry::Throttling } else { Retry::Transient });
        // The query protocols' code is the `@awsQueryError` code where the error has one.
        let code = match &parsed.aws_query_error {
            Some(code) if self.protocol.is_query() => code.clone(),
            _ => shape.id.name.clone(),
        };
        StructRole::Error { fault, status, code, message_member, retry }
    }

    /// Internal function names, unique across the crate.
    fn name_functions(&self, krate: &mut Crate) {
        let mut ser: Vec<String> = krate.defs.iter().map(|d| names::ser_fn(&d.rust_name)).collect();
        let mut de: Vec<String> = krate.defs.iter().map(|d| names::de_fn(&d.rust_name)).collect();
        let mut empty: Vec<String> = krate.defs.iter().map(|d| names::empty_fn(&d.rust_name)).collect();
        let coll_name =
            |c: &Collection| ShapeId::parse(&c.shape_id).map_or_else(|| c.shape_id.clone(), |id| id.name);
        ser.extend(krate.collections.iter().map(|c| names::ser_fn(&coll_name(c))));
        de.extend(krate.collections.iter().map(|c| names::de_fn(&coll_name(c))));
        // Error readers share the namespace of the other readers.
        de.extend(krate.defs.iter().map(|d| names::error_fn(&d.rust_name)));
        names::dedupe_internal(&mut ser);
        names::dedupe_internal(&mut de);
        names::dedupe_internal(&mut empty);
        let n = krate.defs.len();
        for (i, def) in krate.defs.iter_mut().enumerate() {
            def.ser_fn = ser.get(i).cloned().unwrap_or_default();
            def.de_fn = de.get(i).cloned().unwrap_or_default();
            def.empty_fn = empty.get(i).cloned().unwrap_or_default();
        }
        let c = krate.collections.len();
        for (i, coll) in krate.collections.iter_mut().enumerate() {
            coll.ser_fn = ser.get(n.saturating_add(i)).cloned().unwrap_or_default();
            coll.de_fn = de.get(n.saturating_add(i)).cloned().unwrap_or_default();
        }
        for (i, def) in krate.defs.iter_mut().enumerate() {
            def.error_fn = de.get(n.saturating_add(c).saturating_add(i)).cloned().unwrap_or_default();
        }
    }

    fn def_kind(&mut self, source: &Source) -> Option<DefKind> {
        let model = self.model;
        match source {
            Source::OperationIo { shape: None, role } => Some(DefKind::Struct(Struct {
                members: Vec::new(),
                role: role.clone(),
                builder: String::new(),
            })),
            Source::OperationIo { shape: Some(id), role } | Source::Shape(id, role) => {
                let shape = model.shape(id)?;
                Some(match shape.kind {
                    ShapeType::Structure => DefKind::Struct(self.lower_struct(shape, role.clone())),
                    ShapeType::Union => DefKind::Union(self.lower_union(shape)),
                    ShapeType::Enum => DefKind::Enum(self.lower_enum(shape)),
                    ShapeType::String => DefKind::Enum(self.lower_legacy_enum(shape)),
                    ShapeType::IntEnum => DefKind::IntEnum(self.lower_int_enum(shape)),
                    _ => return None,
                })
            }
        }
    }

    fn lower_struct(&mut self, shape: &Shape, role: StructRole) -> Struct {
        let reserved: &[&str] = if matches!(role, StructRole::Error { .. }) { &[names::ERROR_META_FIELD] } else { &[] };
        let mut members = Vec::new();
        for m in &shape.members {
            let path = shape.id.member_path(&m.name);
            let ty = match self.resolve(m, &path) {
                Some(Resolved::Type(ty)) => ty,
                Some(Resolved::Unit) => {
                    self.errors.push(Error::new(
                        &path,
                        ErrorKind::WrongTargetType {
                            role: "member target",
                            target: m.target.to_string(),
                            expected: "a data shape",
                            found: "smithy.api#Unit",
                        },
                    ));
                    continue;
                }
                None => continue,
            };
            let presence = match role {
                StructRole::Input => Presence::Optional,
                _ => match semantics::presence(self.model, shape, m) {
                    Ok(p) => p,
                    Err(kind) => {
                        self.errors.push(Error::new(&path, kind));
                        continue;
                    }
                },
            };
            let field = names::field_name(&m.name, reserved);
            let setter = names::setter_name(&m.name);
            let parsed = self.table.get(&path);
            let target_traits = self.model.shape(&m.target).map(|t| self.table.get(&t.id.to_string()));
            let binding = bindings::member(self.protocol, &role, &m.traits, parsed);
            let mut xml = bindings::xml_member(self.protocol, &m.name, parsed, traits::has(&m.traits, traits::XML_ATTRIBUTE), traits::has(&m.traits, traits::XML_FLATTENED));
            if binding == crate::ir::Binding::Payload {
                // A payload is the body's root element: named by the member's `@xmlName`, else
                // by its target's, else by the target's shape name; its namespace likewise.
                if parsed.xml_name.is_none() {
                    xml.name = target_traits.and_then(|t| t.xml_name.clone()).unwrap_or_else(|| m.target.name.clone());
                }
                if xml.namespace.is_none() {
                    xml.namespace = target_traits.and_then(|t| t.xml_namespace.clone());
                }
            }
            members.push(Member {
                name: m.name.clone(),
                json_key: bindings::json_key(self.protocol, &m.name, parsed),
                xml,
                timestamp_format: bindings::timestamp_format(&binding, self.explicit_timestamp_format(m, &path)),
                binding,
                media_type: target_traits.and_then(|t| t.media_type.clone()),
                field,
                option_setter: names::option_setter_for(&m.name),
                setter,
                docs: self.member_docs(m, &path),
                ty,
                presence,
                required: traits::has(&m.traits, traits::REQUIRED),
                sensitive: self.is_sensitive(m),
                deprecated: self.table.get(&path).deprecated.clone(),
                idempotency_token: traits::has(&m.traits, traits::IDEMPOTENCY_TOKEN),
                host_label: traits::has(&m.traits, traits::HOST_LABEL),
                label_default: None,
                lenient_header: false,
                constraints: self.constraints(m, &path),
                path,
            });
        }
        self.disambiguate_fields(&mut members);
        Struct { members, role, builder: String::new() }
    }

    /// Fields made unique by numbering; the setters follow.
    fn disambiguate_fields(&mut self, members: &mut [Member]) {
        let entries: Vec<(String, String, String)> =
            members.iter().map(|m| (m.field.clone(), m.name.clone(), m.path.clone())).collect();
        let (fields, errors) = names::disambiguate(&entries, "_");
        self.errors.extend(errors);
        for (member, field) in members.iter_mut().zip(fields) {
            if member.field != field {
                member.setter = field.clone();
                member.option_setter = names::option_setter_name(&field);
                member.field = field;
            }
        }
    }

    fn lower_union(&mut self, shape: &Shape) -> Union {
        let mut variants: Vec<Variant> = Vec::new();
        for m in &shape.members {
            let path = shape.id.member_path(&m.name);
            let ty = match self.resolve(m, &path) {
                Some(Resolved::Type(ty)) => Some(ty),
                Some(Resolved::Unit) => None,
                None => continue,
            };
            variants.push(Variant {
                name: m.name.clone(),
                json_key: bindings::json_key(self.protocol, &m.name, self.table.get(&path)),
                xml: bindings::xml_member(self.protocol, &m.name, self.table.get(&path), false, traits::has(&m.traits, traits::XML_FLATTENED)),
                rust_name: names::variant_name(&m.name, &[names::UNKNOWN_VARIANT]),
                docs: self.member_docs(m, &path),
                ty,
                sensitive: self.is_sensitive(m),
                deprecated: self.table.get(&path).deprecated.clone(),
                constraints: self.constraints(m, &shape.id.member_path(&m.name)),
            });
        }
        let entries: Vec<(String, String, String)> =
            variants.iter().map(|v| (v.rust_name.clone(), v.name.clone(), shape.id.member_path(&v.name))).collect();
        let (variant_names, errors) = names::disambiguate(&entries, "");
        self.errors.extend(errors);
        for (variant, name) in variants.iter_mut().zip(variant_names) {
            variant.rust_name = name;
        }
        Union { variants }
    }

    fn lower_enum(&mut self, shape: &Shape) -> Enum {
        let variants = shape
            .members
            .iter()
            .map(|m| {
                let parsed = self.table.get(&shape.id.member_path(&m.name));
                let value = match &parsed.enum_value {
                    Some(EnumValue::String(value)) => value.clone(),
                    _ => m.name.clone(),
                };
                let mut docs = shape_docs(parsed);
                if docs.is_empty() {
                    docs.push(format!("The value {}.", docs::code(&value)));
                }
                EnumVariant {
                    rust_name: names::variant_name(&m.name, &[names::UNKNOWN_VARIANT]),
                    value,
                    docs,
                    deprecated: parsed.deprecated.clone(),
                }
            })
            .collect();
        Enum { variants: self.disambiguate_enum(shape, variants) }
    }

    /// Enum variants made unique by numbering.
    fn disambiguate_enum(&mut self, shape: &Shape, mut variants: Vec<EnumVariant>) -> Vec<EnumVariant> {
        let entries: Vec<(String, String, String)> = variants
            .iter()
            .map(|v| (v.rust_name.clone(), v.value.clone(), format!("{} value {:?}", shape.id, v.value)))
            .collect();
        let (variant_names, errors) = names::disambiguate(&entries, "");
        self.errors.extend(errors);
        for (variant, name) in variants.iter_mut().zip(variant_names) {
            variant.rust_name = name;
        }
        variants
    }

    /// A Smithy 1.0 string with the `enum` trait.
    fn lower_legacy_enum(&mut self, shape: &Shape) -> Enum {
        let values = self.table.get(&shape.id.to_string()).legacy_enum.clone().unwrap_or_default();
        let variants = values
            .into_iter()
            .map(|v| {
                let name = v.name.clone().unwrap_or_else(|| v.value.clone());
                let mut docs = v.documentation.as_deref().map(docs::documentation).unwrap_or_default();
                if docs.is_empty() {
                    docs.push(format!("The value {}.", docs::code(&v.value)));
                }
                let rust_name = names::variant_name(&name, &[names::UNKNOWN_VARIANT]);
                EnumVariant { rust_name, value: v.value, docs, deprecated: None }
            })
            .collect();
        Enum { variants: self.disambiguate_enum(shape, variants) }
    }

    fn lower_int_enum(&mut self, shape: &Shape) -> IntEnum {
        let variants = shape
            .members
            .iter()
            .map(|m| {
                let parsed = self.table.get(&shape.id.member_path(&m.name));
                let value = match &parsed.enum_value {
                    Some(EnumValue::Int(value)) => *value,
                    _ => 0,
                };
                let mut docs = shape_docs(parsed);
                if docs.is_empty() {
                    docs.push(format!("The value {value}."));
                }
                IntEnumVariant {
                    rust_name: names::variant_name(&m.name, &[names::UNKNOWN_VARIANT]),
                    value,
                    docs,
                    deprecated: parsed.deprecated.clone(),
                }
            })
            .collect::<Vec<IntEnumVariant>>();
        let entries: Vec<(String, String, String)> = variants
            .iter()
            .map(|v| (v.rust_name.clone(), format!("{:011}", i64::from(v.value).saturating_add(i64::from(i32::MAX))), format!("{} value {}", shape.id, v.value)))
            .collect();
        let (variant_names, errors) = names::disambiguate(&entries, "");
        self.errors.extend(errors);
        let mut variants = variants;
        for (variant, name) in variants.iter_mut().zip(variant_names) {
            variant.rust_name = name;
        }
        IntEnum { variants }
    }

    fn collection_kind(&mut self, id: &ShapeId) -> Option<CollectionKind> {
        let shape = self.model.shape(id)?;
        let sparse = traits::has(&shape.traits, traits::SPARSE);
        let mut resolve = |name: &str| -> Option<Type> {
            let member = shape.member(name)?;
            match self.resolve(member, &id.member_path(name))? {
                Resolved::Type(ty) => Some(ty),
                Resolved::Unit => {
                    self.errors.push(Error::new(
                        id.member_path(name),
                        ErrorKind::WrongTargetType {
                            role: "member target",
                            target: member.target.to_string(),
                            expected: "a data shape",
                            found: "smithy.api#Unit",
                        },
                    ));
                    None
                }
            }
        };
        match shape.kind {
            ShapeType::List => Some(CollectionKind::List { member: resolve("member")?, sparse }),
            ShapeType::Map => {
                let key = resolve("key")?;
                let value = resolve("value")?;
                Some(CollectionKind::Map { key, value, sparse })
            }
            _ => None,
        }
    }

    /// The Rust type of a member's target.
    fn resolve(&mut self, member: &AstMember, path: &str) -> Option<Resolved> {
        let target = self.model.shape(&member.target)?;
        let ty = match target.kind {
            ShapeType::Boolean => Type::Bool,
            ShapeType::Byte => Type::Byte,
            ShapeType::Short => Type::Short,
            ShapeType::Integer => Type::Integer,
            ShapeType::Long => Type::Long,
            ShapeType::Float => Type::Float,
            ShapeType::Double => Type::Double,
            ShapeType::BigInteger => Type::BigInteger,
            ShapeType::BigDecimal => Type::BigDecimal,
            ShapeType::Blob => Type::Blob,
            ShapeType::Document => Type::Document,
            ShapeType::Timestamp => {
                let member_format = self.table.get(path).timestamp_format;
                let target_format = self.table.get(&target.id.to_string()).timestamp_format;
                // The body's default: epoch seconds in JSON, date-time in XML and query bodies.
                let default = if self.protocol.is_xml() { TimestampFormat::DateTime } else { TimestampFormat::EpochSeconds };
                Type::Timestamp(member_format.or(target_format).unwrap_or(default))
            }
            ShapeType::String if !traits::has(&target.traits, traits::ENUM) => Type::String,
            ShapeType::List | ShapeType::Map => Type::Collection(*self.coll_ids.get(&member.target)?),
            ShapeType::Structure if traits::has(&target.traits, traits::UNIT_TYPE) => return Some(Resolved::Unit),
            ShapeType::String
            | ShapeType::Structure
            | ShapeType::Union
            | ShapeType::Enum
            | ShapeType::IntEnum => match self.def_ids.get(&member.target) {
                Some(id) => Type::Def { id: *id, boxed: false },
                None => {
                    self.errors.push(Error::new(
                        path,
                        ErrorKind::Unsupported {
                            what: format!("member target {} is only an operation input or output", member.target),
                        },
                    ));
                    return None;
                }
            },
            ShapeType::Service | ShapeType::Operation | ShapeType::Resource => return None,
        };
        Some(Resolved::Type(ty))
    }

    /// The `@timestampFormat` a member's timestamps have in the model: the member's, else its
    /// target's, else (for a list) its items'.
    fn explicit_timestamp_format(&self, member: &AstMember, path: &str) -> Option<TimestampFormat> {
        let target = self.model.shape(&member.target)?;
        let own = self.table.get(path).timestamp_format.or(self.table.get(&target.id.to_string()).timestamp_format);
        own.or_else(|| {
            let item = target.member("member").filter(|_| target.kind == ShapeType::List)?;
            let item_path = target.id.member_path("member");
            let item_target = self.model.shape(&item.target)?;
            self.table.get(&item_path).timestamp_format.or(self.table.get(&item_target.id.to_string()).timestamp_format)
        })
    }

    fn is_sensitive(&self, member: &AstMember) -> bool {
        traits::has(&member.traits, traits::SENSITIVE)
            || self.model.shape(&member.target).is_some_and(|t| traits::has(&t.traits, traits::SENSITIVE))
    }

    /// The constraint traits on a member's value: each taken from the member if it has it, else
    /// from its target; patterns are compiled (or refused) here.
    fn constraints(&self, member: &AstMember, path: &str) -> Constraints {
        let mut out = Constraints::default();
        // A constraint with a property this generator does not know is not checked (see
        // `traits::unknown_properties`); the report counts it as skipped.
        if let Some((parsed, source)) = self.pick(member, path, traits::LENGTH)
            && let Some(length) = parsed.length
        {
            if parsed.has_unknown_properties(traits::LENGTH) {
                out.unchecked.push(traits::LENGTH);
            } else {
                out.length = Some((length.min, length.max));
            }
            out.sources.push((traits::LENGTH, source));
        }
        if let Some((parsed, source)) = self.pick(member, path, traits::RANGE)
            && let Some(range) = &parsed.range
        {
            if parsed.has_unknown_properties(traits::RANGE) {
                out.unchecked.push(traits::RANGE);
            } else {
                out.range = Some((range.min.as_ref().map(ToString::to_string), range.max.as_ref().map(ToString::to_string)));
            }
            out.sources.push((traits::RANGE, source));
        }
        if let Some((parsed, source)) = self.pick(member, path, traits::PATTERN)
            && let Some(pattern) = &parsed.pattern
        {
            out.pattern = Some(PatternCheck { source: pattern.clone(), program: crate::pattern::compile(pattern) });
            out.sources.push((traits::PATTERN, source));
        }
        if let Some((_, source)) = self.pick(member, path, traits::UNIQUE_ITEMS) {
            out.unique_items = true;
            out.sources.push((traits::UNIQUE_ITEMS, source));
        }
        out
    }

    /// Where a member's value gets the trait `id`: the member (at `path`) if it has it, else
    /// its target; the parsed traits there and the place.
    fn pick(&self, member: &AstMember, path: &str, id: &str) -> Option<(&Parsed, String)> {
        if member.traits.contains_key(id) {
            return Some((self.table.get(path), path.to_owned()));
        }
        let target = self.model.shape(&member.target)?;
        target.traits.contains_key(id).then(|| (self.table.get(&target.id.to_string()), target.id.to_string()))
    }

    /// The member's documentation, else its target's (for simple targets, which describe the
    /// value), then a line with the model's constraints.
    fn member_docs(&self, member: &AstMember, path: &str) -> Vec<String> {
        let target = self.model.shape(&member.target);
        let mut lines = shape_docs(self.table.get(path));
        if lines.is_empty()
            && let Some(target) = target
            && !matches!(target.kind, ShapeType::Structure | ShapeType::Union)
        {
            lines = shape_docs(self.table.get(&target.id.to_string()));
        }
        if lines.is_empty() {
            lines.push(format!("The {} member.", docs::code(&member.name)));
        }
        let pick = |id: &str| self.pick(member, path, id).map(|(parsed, _)| parsed);
        let length = pick(traits::LENGTH).and_then(|t| t.length);
        let range = pick(traits::RANGE).and_then(|t| t.range.clone());
        let unchecked: Vec<String> = [traits::LENGTH, traits::RANGE]
            .into_iter()
            .filter_map(|id| {
                let t = pick(id)?;
                let properties: Vec<String> =
                    t.unknown_properties.iter().filter(|(i, _)| *i == id).map(|(_, p)| format!("`{p}`")).collect();
                (!properties.is_empty()).then(|| {
                    let name = id.rsplit('#').next().unwrap_or(id);
                    format!("`validate()` does not check this `@{name}`: the model gives it {}, which this generator does not know.", properties.join(", "))
                })
            })
            .collect();
        let pattern = pick(traits::PATTERN).and_then(|t| t.pattern.as_deref());
        let unit = match target.map(|t| t.kind) {
            Some(ShapeType::List) => ("item", "items"),
            Some(ShapeType::Map) => ("entry", "entries"),
            Some(ShapeType::Blob) => ("byte", "bytes"),
            _ => ("character", "characters"),
        };
        if let Some(line) = docs::constraints(length, range.as_ref(), pattern, unit) {
            docs::push_paragraph(&mut lines, line);
        }
        if let Some(Err(reason)) = pattern.map(crate::pattern::compile) {
            docs::push_paragraph(&mut lines, format!("`validate()` does not check this pattern: {reason}."));
        }
        for line in unchecked {
            docs::push_paragraph(&mut lines, line);
        }
        lines
    }

    /// Builders live in a `builders` module beside their types, so a model type named like a
    /// builder (`AppBlockBuilder` beside `AppBlock`) never meets one. Within each `builders`
    /// module, names are made unique by numbering.
    fn name_builders(&mut self, krate: &mut Crate) {
        let mut by_location: BTreeMap<Location, Vec<usize>> = BTreeMap::new();
        for (i, def) in krate.defs.iter().enumerate() {
            if matches!(def.kind, DefKind::Struct(_)) {
                by_location.entry(def.location).or_default().push(i);
            }
        }
        for ids in by_location.values() {
            let entries: Vec<(String, String, String)> = ids
                .iter()
                .filter_map(|i| krate.defs.get(*i))
                .map(|d| (names::builder_name(&d.rust_name), d.shape_id.clone(), format!("the builder of {}", d.shape_id)))
                .collect();
            let (builder_names, errors) = names::disambiguate(&entries, "");
            self.errors.extend(errors);
            for (i, name) in ids.iter().zip(builder_names) {
                if let Some(DefKind::Struct(s)) = krate.defs.get_mut(*i).map(|d| &mut d.kind) {
                    s.builder = name;
                }
            }
        }
    }

    /// Rust names that share a namespace must differ.
    fn check_names(&mut self, krate: &Crate) {
        let mut type_names: Vec<(String, String)> = Vec::new();
        for def in krate.defs.iter().filter(|d| d.location == Location::Types) {
            type_names.push((def.rust_name.clone(), def.shape_id.clone()));
        }
        self.errors.extend(names::check_unique(type_names.iter().map(|(a, b)| (a.as_str(), b.as_str()))));
        let modules: Vec<(&str, &str)> =
            krate.operations.iter().map(|op| (op.module.as_str(), op.shape_id.as_str())).collect();
        self.errors.extend(names::check_unique(modules));
        for def in &krate.defs {
            match &def.kind {
                DefKind::Struct(s) => {
                    let fields = s.members.iter().map(|m| (m.field.as_str(), m.path.as_str()));
                    let field_errors = names::check_unique(fields);
                    if !field_errors.is_empty() {
                        // Setters follow field names: their collisions would say the same again.
                        self.errors.extend(field_errors);
                        continue;
                    }
                    let build = format!("the build method of {}", def.shape_id);
                    let methods = s
                        .members
                        .iter()
                        .flat_map(|m| [(m.setter.as_str(), m.path.as_str()), (m.option_setter.as_str(), m.path.as_str())])
                        .chain([(names::BUILD_METHOD, build.as_str())]);
                    self.errors.extend(names::check_unique(methods));
                }
                DefKind::Union(u) => {
                    let variants: Vec<(String, String)> = u
                        .variants
                        .iter()
                        .map(|v| (v.rust_name.clone(), format!("{}${}", def.shape_id, v.name)))
                        .collect();
                    self.errors.extend(names::check_unique(variants.iter().map(|(a, b)| (a.as_str(), b.as_str()))));
                }
                DefKind::Enum(e) => {
                    let variants: Vec<(String, String)> = e
                        .variants
                        .iter()
                        .map(|v| (v.rust_name.clone(), format!("{} value {:?}", def.shape_id, v.value)))
                        .collect();
                    self.errors.extend(names::check_unique(variants.iter().map(|(a, b)| (a.as_str(), b.as_str()))));
                }
                DefKind::IntEnum(e) => {
                    let variants: Vec<(String, String)> = e
                        .variants
                        .iter()
                        .map(|v| (v.rust_name.clone(), format!("{} value {}", def.shape_id, v.value)))
                        .collect();
                    self.errors.extend(names::check_unique(variants.iter().map(|(a, b)| (a.as_str(), b.as_str()))));
                }
            }
        }
    }
}

/// Pagination of each operation, now that members are lowered.
fn set_pagination(selection: &Selection, krate: &mut Crate) {
    let service_defaults = selection.traits.get(&selection.service.to_string()).paginated.as_ref();
    let defs = &krate.defs;
    for op in &mut krate.operations {
        let Some(own) = &selection.traits.get(&op.shape_id).paginated else { continue };
        let p = own.or(service_defaults);
        let members = |def: usize| match defs.get(def).map(|d| &d.kind) {
            Some(DefKind::Struct(s)) => s.members.as_slice(),
            _ => &[],
        };
        let input = members(op.input);
        let output = members(op.output);
        let next_page = match (&p.input_token, &p.output_token) {
            (Some(i), Some(o)) => {
                let i = input.iter().position(|m| m.name == *i);
                let o = output.iter().position(|m| m.name == *o);
                match (i, o) {
                    (Some(i), Some(o))
                        if input.get(i).map(|m| &m.ty) == output.get(o).map(|m| &m.ty)
                            && output.get(o).is_some_and(|m| m.presence == Presence::Optional) =>
                    {
                        Some((i, o))
                    }
                    _ => None,
                }
            }
            _ => None,
        };
        op.pagination = Some(crate::ir::Pagination {
            input_token: p.input_token,
            output_token: p.output_token,
            items: p.items,
            page_size: p.page_size,
            next_page,
        });
    }
}

/// Every modeled error of the service's operations, sorted by name, for the service-wide error.
fn service_errors(krate: &Crate) -> Vec<OperationError> {
    let mut seen = BTreeSet::new();
    let mut errors: Vec<OperationError> =
        krate.operations.iter().flat_map(|op| op.errors.iter()).filter(|e| seen.insert(e.def)).cloned().collect();
    errors.sort_by(|a, b| a.variant.cmp(&b.variant));
    errors
}

/// The request side of an operation's `@httpChecksum`: `None` when it neither requires a
/// checksum nor names a member that picks one (a member the input lacks is not one).
fn request_checksum(op: &Shape, input: Option<&Shape>) -> Option<crate::ir::RequestChecksum> {
    let value = op.traits.get(traits::HTTP_CHECKSUM)?;
    let required = value.get("requestChecksumRequired").and_then(Json::as_bool) == Some(true);
    let algorithm_member = value
        .get("requestAlgorithmMember")
        .and_then(Json::as_str)
        .and_then(|name| input?.members.iter().position(|m| m.name == name));
    (required || algorithm_member.is_some()).then_some(crate::ir::RequestChecksum { algorithm_member, required })
}

/// A resolved member target: a type, or `smithy.api#Unit`.
enum Resolved {
    Type(Type),
    Unit,
}

fn new_def(
    shape_id: String,
    rust_name: String,
    location: Location,
    docs: Vec<String>,
    parsed: &Parsed,
    t: &crate::ast::Traits,
) -> TypeDef {
    TypeDef {
        rust_name,
        location,
        docs,
        deprecated: parsed.deprecated.clone(),
        sensitive: traits::has(t, traits::SENSITIVE),
        in_request: false,
        ser: Needed::No,
        de: Needed::No,
        empty: Needed::No,
        ser_fn: String::new(),
        de_fn: String::new(),
        empty_fn: String::new(),
        error_fn: String::new(),
        operations: Vec::new(),
        xml_name: parsed.xml_name.clone().unwrap_or_else(|| shape_id.rsplit('#').next().unwrap_or_default().to_owned()),
        xml_namespace: parsed.xml_namespace.clone(),
        kind: DefKind::Struct(Struct { members: Vec::new(), role: StructRole::Plain, builder: String::new() }),
        shape_id,
    }
}

/// The documentation trait as lines, with a fallback left to the caller.
fn shape_docs(parsed: &Parsed) -> Vec<String> {
    parsed.documentation.as_deref().map(docs::documentation).unwrap_or_default()
}
