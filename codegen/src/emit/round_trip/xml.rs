//! The round trips of the XML protocols' crates: arbitrary values of every structure, union,
//! list and map a response holds are written as XML elements, as a service would write them, by
//! writers compiled for these tests only (`xml_write_*`, over `xml::write`), and read back by the
//! crate's own readers; every modeled error is written as the protocol's error response and read
//! back by its builder; every operation's output is written as the whole response, envelope
//! included, and parsed by `parse_response`.
//!
//! Left out: types that reach a sparse list or map (XML has no null item; AWS's XML models have
//! none), the collections read only flattened (they have no reader of their own; the
//! structures holding them test them), and restXml's outputs and errors with members bound to
//! headers, the status or the payload, or whose output is unwrapped (the compliance cases cover
//! those).

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::{Node, arbitrary_fn, closure, node_cfg};
use crate::emit::common::{Broken, Emitted, collection, def, def_cfg, def_path, gate, op_cfg};
use crate::ir::{CollectionKind, Crate, DefKind, Protocol, Struct, StructRole, Type};
use crate::names::{self, ident};

/// What the XML round trips add to `round_trip.rs`.
pub(super) struct XmlRoundTrips {
    /// The types whose arbitrary values the tests make.
    pub roots: Vec<Node>,
    /// The writers.
    pub items: Vec<TokenStream>,
    /// The tests of values, errors and operations.
    pub values: Vec<TokenStream>,
    pub errors: Vec<TokenStream>,
    pub operations: Vec<TokenStream>,
}

/// The node of a type whose writer is a function of its own: structures, unions, lists, maps.
fn node_of(krate: &Crate, ty: &Type) -> Option<Node> {
    match ty {
        Type::Def { id, .. } => match krate.defs.get(*id).map(|d| &d.kind) {
            Some(DefKind::Struct(_) | DefKind::Union(_)) => Some(Node::Def(*id)),
            _ => None,
        },
        Type::Collection(id) => Some(Node::Collection(*id)),
        _ => None,
    }
}

/// Whether a value of `node` can hold a sparse collection (or a document), which XML cannot
/// write so that it reads back the same.
fn reaches_unwritable(krate: &Crate, node: Node) -> bool {
    closure(krate, &[node]).into_iter().any(|n| match n {
        Node::Collection(id) => krate.collections.get(id).is_some_and(|c| match &c.kind {
            CollectionKind::List { sparse, .. } | CollectionKind::Map { sparse, .. } => *sparse,
        }),
        Node::Def(id) => krate.defs.get(id).is_some_and(|d| match &d.kind {
            DefKind::Struct(s) => s.members.iter().any(|m| m.ty == Type::Document),
            DefKind::Union(u) => u.variants.iter().any(|v| v.ty == Some(Type::Document)),
            DefKind::Enum(_) | DefKind::IntEnum(_) => false,
        }),
    })
}

/// Whether every member of `node` (a restXml output or error, say) is in the body: those
/// bound to headers, the status or the payload are the HTTP round trips' (and the compliance
/// cases'), not these, which write and read XML alone.
fn all_in_body(krate: &Crate, node: Node) -> bool {
    match node {
        Node::Def(id) => krate.defs.get(id).is_none_or(|d| match &d.kind {
            DefKind::Struct(s) => s.members.iter().all(|m| m.binding == crate::ir::Binding::Body),
            _ => true,
        }),
        Node::Collection(_) => true,
    }
}

/// The writer functions `node`'s writer calls.
fn calls(krate: &Crate, node: Node) -> Emitted<Vec<Node>> {
    let mut out = Vec::new();
    match node {
        Node::Def(id) => match &def(krate, id)?.kind {
            DefKind::Struct(s) => out.extend(member_calls(krate, s)?),
            DefKind::Union(u) => out.extend(u.variants.iter().filter_map(|v| v.ty.as_ref()).filter_map(|ty| node_of(krate, ty))),
            DefKind::Enum(_) | DefKind::IntEnum(_) => {}
        },
        Node::Collection(id) => match &collection(krate, id)?.kind {
            CollectionKind::List { member, .. } => out.extend(node_of(krate, member)),
            CollectionKind::Map { value, .. } => out.extend(node_of(krate, value)),
        },
    }
    Ok(out)
}

/// The writers a structure's members call: a flattened collection's items' own, else the
/// member type's.
fn member_calls(krate: &Crate, s: &Struct) -> Emitted<Vec<Node>> {
    let mut out = Vec::new();
    for m in s.members.iter().filter(|m| !m.xml.attribute && m.binding == crate::ir::Binding::Body) {
        match (&m.ty, m.xml.flattened) {
            (Type::Collection(id), true) => match &collection(krate, *id)?.kind {
                CollectionKind::List { member, .. } => out.extend(node_of(krate, member)),
                CollectionKind::Map { value, .. } => out.extend(node_of(krate, value)),
            },
            (ty, _) => out.extend(node_of(krate, ty)),
        }
    }
    Ok(out)
}

/// The name of `node`'s writer.
fn writer(krate: &Crate, node: Node) -> Emitted<proc_macro2::Ident> {
    let de = match node {
        Node::Def(id) => &def(krate, id)?.de_fn,
        Node::Collection(id) => &collection(krate, id)?.de_fn,
    };
    Ok(ident(&format!("xml_write_{}", de.trim_start_matches("de_"))))
}

/// The XML round trips of the crate.
pub(super) fn round_trips(krate: &Crate) -> Emitted<XmlRoundTrips> {
    let wrapped = crate::emit::protocol::xml_body::wrapped_collections(krate, false);
    // An unwrapped output has no reader of its own (its operation's parser reads it).
    let unwrapped = crate::emit::protocol::xml_body::de::unwrapped_outputs(krate);
    let tested: Vec<Node> = krate
        .defs
        .iter()
        .enumerate()
        .filter(|(id, d)| {
            !unwrapped.contains(id)
                && d.de.library()
                && match &d.kind {
                    DefKind::Struct(s) => !matches!(s.role, StructRole::Error { .. }),
                    DefKind::Union(_) => true,
                    DefKind::Enum(_) | DefKind::IntEnum(_) => false,
                }
        })
        .map(|(id, _)| Node::Def(id))
        .chain(
            krate
                .collections
                .iter()
                .enumerate()
                .filter(|(id, c)| c.de.library() && wrapped.contains(id))
                .map(|(id, _)| Node::Collection(id)),
        )
        .filter(|node| !reaches_unwritable(krate, *node) && all_in_body(krate, *node))
        .collect();
    let errors: Vec<usize> = krate
        .service_errors
        .iter()
        .map(|e| e.def)
        .filter(|id| {
            def(krate, *id).is_ok_and(|d| d.de.library())
                && !reaches_unwritable(krate, Node::Def(*id))
                && all_in_body(krate, Node::Def(*id))
        })
        .collect();
    let outputs: Vec<&crate::ir::Operation> = krate
        .operations
        .iter()
        .filter(|op| {
            !op.unwrapped_output
                && def(krate, op.output).is_ok_and(|d| d.de.library())
                && !reaches_unwritable(krate, Node::Def(op.output))
                && all_in_body(krate, Node::Def(op.output))
        })
        .collect();
    // The writers called: the tested types', the outputs', what the errors' members call, and
    // on down.
    let mut work: Vec<Node> = tested.iter().copied().chain(outputs.iter().map(|op| Node::Def(op.output))).collect();
    work.extend(errors.iter().map(|id| Node::Def(*id)));
    let mut written = BTreeSet::new();
    while let Some(node) = work.pop() {
        if written.insert(node) {
            work.extend(calls(krate, node)?);
        }
    }
    let items = written
        .iter()
        .map(|node| Ok(gate(&node_cfg(krate, *node)?, emit_writer(krate, *node)?)))
        .chain(errors.iter().map(|id| Ok(gate(&def_cfg(krate, *id)?, emit_error_writer(krate, *id)?))))
        .collect::<Emitted<Vec<_>>>()?;
    let mut values = Vec::new();
    for node in &tested {
        let (test, name) = match *node {
            Node::Def(id) => {
                let d = def(krate, id)?;
                (&d.de_fn, &d.rust_name)
            }
            Node::Collection(id) => {
                let c = collection(krate, id)?;
                (&c.de_fn, &c.shape_id)
            }
        };
        let de = ident(test);
        let test = ident(&names::test_name(test));
        let (arb, write) = (arbitrary_fn(krate, *node)?, writer(krate, *node)?);
        let cfg = node_cfg(krate, *node)?;
        values.push(quote! {
            #cfg
            #[test]
            fn #test() {
                support::check_parsed(#name, |g| #arb(g, support::DEPTH), |out, v| {
                    crate::xml::write::start(out, "Value");
                    #write(out, v);
                    crate::xml::write::end(out, "Value");
                }, |body| {
                    crate::xml::response::parse_body(body, "", crate::de::#de)
                });
            }
        });
    }
    let style = match krate.service.protocol {
        Protocol::Ec2Query => quote!(crate::xml::response::Style::Ec2),
        Protocol::RestXml if krate.service.no_error_wrapping => quote!(crate::xml::response::Style::Unwrapped),
        Protocol::RestXml => quote!(crate::xml::response::Style::RestXml),
        _ => quote!(crate::xml::response::Style::Query),
    };
    let mut error_tests = Vec::new();
    for &id in &errors {
        let d = def(krate, id)?;
        let test = ident(&names::test_name(&d.de_fn));
        let (name, build) = (&d.shape_id, ident(&d.error_fn));
        let write = ident(&format!("xml_write_{}_error", d.de_fn.trim_start_matches("de_")));
        let arb = arbitrary_fn(krate, Node::Def(id))?;
        let meta = ident(names::ERROR_META_FIELD);
        let cfg = def_cfg(krate, id)?;
        let StructRole::Error { code, .. } = &crate::emit::common::structure(krate, id)?.role else {
            return Err(Broken(format!("{} is listed as an error but is none", d.shape_id)));
        };
        // awsQuery's metadata keeps the code and the fault; the others' keep neither.
        let query_error = match krate.service.protocol {
            Protocol::Ec2Query | Protocol::RestXml => quote!(assert_eq!(parsed.#meta.query_error_code(), None);),
            _ => quote! {
                assert_eq!(parsed.#meta.query_error_code(), Some(#code));
                assert_eq!(parsed.#meta.query_error_type(), Some("Sender"));
            },
        };
        error_tests.push(quote! {
            #cfg
            #[test]
            fn #test() {
                support::check_parsed(#name, |g| #arb(g, support::DEPTH), #write, |body| {
                    let mut headers = crate::http::ResponseHeaders::default();
                    let mut error = crate::xml::response::ErrorResponse::read(400, &mut headers, body, #style);
                    let mut parsed = crate::de::#build(&mut error)?;
                    assert_eq!(parsed.#meta.status(), 400);
                    assert_eq!(parsed.#meta.request_id(), Some("request-1"));
                    #query_error
                    parsed.#meta = Default::default();
                    Ok(parsed)
                });
            }
        });
    }
    let mut operations = Vec::new();
    for op in outputs {
        let output = def_path(krate, op.output)?;
        let write = writer(krate, Node::Def(op.output))?;
        let arb = arbitrary_fn(krate, Node::Def(op.output))?;
        let module = op.module.trim_end_matches('_');
        let test = ident(&format!("{module}_response"));
        let name = format!("{} response", op.name);
        let response = format!("{}Response", op.name);
        let root = &def(krate, op.output)?.xml_name;
        // awsQuery wraps the members in `<OperationResult>`; ec2Query has them in the root.
        let body = match krate.service.protocol {
            Protocol::Ec2Query => quote! {
                crate::xml::write::start(&mut body, #response);
                #write(&mut body, v);
                crate::xml::write::end(&mut body, #response);
            },
            // restXml's root is the output's element, whatever its name.
            Protocol::RestXml => quote! {
                crate::xml::write::start(&mut body, #root);
                #write(&mut body, v);
                crate::xml::write::end(&mut body, #root);
            },
            _ => {
                let result = format!("{}Result", op.name);
                quote! {
                    crate::xml::write::start(&mut body, #response);
                    crate::xml::write::open(&mut body);
                    crate::xml::write::start(&mut body, #result);
                    #write(&mut body, v);
                    crate::xml::write::end(&mut body, #result);
                    crate::xml::write::start(&mut body, "ResponseMetadata");
                    crate::xml::write::open(&mut body);
                    crate::xml::write::leaf(&mut body, "RequestId", "request-1");
                    crate::xml::write::end(&mut body, "ResponseMetadata");
                    crate::xml::write::end(&mut body, #response);
                }
            }
        };
        let cfg = op_cfg(op);
        operations.push(quote! {
            #cfg
            #[test]
            fn #test() {
                support::check_message(
                    #name,
                    |g| #arb(g, support::DEPTH),
                    |v| {
                        let mut body = Vec::new();
                        #body
                        support::Message::response(200, Vec::new(), body)
                    },
                    |m| #output::parse_response(m.status, m.headers.iter().map(|(k, v)| (k.as_str(), v.as_bytes())), &m.body),
                );
            }
        });
    }
    // The outputs are among the tested types.
    let roots = tested.iter().copied().chain(errors.iter().map(|id| Node::Def(*id))).collect();
    Ok(XmlRoundTrips { roots, items, values, errors: error_tests, operations })
}

/// The writer of `node`: the code that writes restXml's requests, under the round trips' name.
fn emit_writer(krate: &Crate, node: Node) -> Emitted {
    let name_of = |node: Node| writer(krate, node);
    crate::emit::protocol::xml_body::ser::Writers { krate, name: &name_of, path: TokenStream::new() }.writer(node)
}

/// The writer of a modeled error's whole response: the protocol's envelope, its `<Code>` and
/// `<Type>`, its members, and a request id.
fn emit_error_writer(krate: &Crate, id: usize) -> Emitted {
    let d = def(krate, id)?;
    let path = def_path(krate, id)?;
    let s = crate::emit::common::structure(krate, id)?;
    let StructRole::Error { code, .. } = &s.role else {
        return Err(Broken(format!("{} is listed as an error but is none", d.shape_id)));
    };
    let name = ident(&format!("xml_write_{}_error", d.de_fn.trim_start_matches("de_")));
    let members = writer(krate, Node::Def(id))?;
    // awsQuery's errors say whose fault they are; ec2Query's do not.
    let fault = match krate.service.protocol {
        Protocol::Ec2Query => TokenStream::new(),
        _ => quote!(crate::xml::write::leaf(out, "Type", "Sender");),
    };
    let error = quote! {
        crate::xml::write::start(out, "Error");
        #members(out, value);
        #fault
        crate::xml::write::leaf(out, "Code", #code);
        crate::xml::write::end(out, "Error");
    };
    let body = match krate.service.protocol {
        Protocol::RestXml if krate.service.no_error_wrapping => quote! {
            crate::xml::write::start(out, "Error");
            #members(out, value);
            crate::xml::write::leaf(out, "Code", #code);
            crate::xml::write::leaf(out, "RequestId", "request-1");
            crate::xml::write::end(out, "Error");
        },
        Protocol::Ec2Query => quote! {
            crate::xml::write::start(out, "Response");
            crate::xml::write::open(out);
            crate::xml::write::start(out, "Errors");
            crate::xml::write::open(out);
            #error
            crate::xml::write::end(out, "Errors");
            crate::xml::write::leaf(out, "RequestID", "request-1");
            crate::xml::write::end(out, "Response");
        },
        _ => quote! {
            crate::xml::write::start(out, "ErrorResponse");
            crate::xml::write::open(out);
            #error
            crate::xml::write::leaf(out, "RequestId", "request-1");
            crate::xml::write::end(out, "ErrorResponse");
        },
    };
    Ok(quote! {
        fn #name(out: &mut Vec<u8>, value: &#path) {
            #body
        }
    })
}
