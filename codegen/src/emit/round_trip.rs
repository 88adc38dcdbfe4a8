//! Stage 4 (emit): the round-trip tests of the crate, `src/round_trip.rs` (compiled only for its
//! own tests): for every structure, union, list and map, arbitrary values are written as JSON and
//! read back, and must come back equal (one-way types get the missing direction under
//! `#[cfg(test)]`, see `lower::graph::mark_directions`); every modeled error is written as an
//! error body and read back by its builder; every string enum keeps any value, known or not.

mod xml;

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{Emitted, collection, collection_cfg, def, def_cfg, def_path, gate, mentions, op_cfg, rust_type};
use crate::ir::{CollectionKind, Crate, DefKind, Presence, Struct, StructRole, Type};
use crate::names::{self, ident};

/// The support code the tests share.
pub const SUPPORT: &str = include_str!("../../runtime/round_trip_support.rs");

/// A type the tests need values of.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Node {
    Def(usize),
    Collection(usize),
}

/// `src/round_trip.rs`.
pub fn emit(krate: &Crate) -> Emitted {
    // Every structure, union, list and map, whichever way the crate uses it: what only requests
    // hold is read back by readers compiled for these tests only, what only responses hold is
    // written by test-only writers. Errors are read back as error responses, below.
    let tested: Vec<Node> = krate
        .defs
        .iter()
        .enumerate()
        .filter(|(_, d)| {
            // Under a REST protocol an operation's input and output are not one JSON object
            // (members live in the URI and the headers): round trips through the JSON body
            // would lose them.
            let rest_io = !krate.service.protocol.is_rpc() && matches!(d.location, crate::ir::Location::Operation(_));
            // The XML protocols' values are not written as JSON: only their enums are tested here.
            !krate.service.protocol.is_xml()
                && !rest_io
                && d.ser.any()
                && d.de.any()
                && match &d.kind {
                    DefKind::Struct(s) => !is_error(s),
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
                .filter(|(_, c)| !krate.service.protocol.is_xml() && c.ser.any() && c.de.any())
                .map(|(id, _)| Node::Collection(id)),
        )
        .collect();
    // Errors read back through their error body: those whose members are all in it.
    let errors: Vec<usize> = krate
        .service_errors
        .iter()
        .map(|e| e.def)
        .filter(|id| !krate.service.protocol.is_xml() && def(krate, *id).is_ok_and(|d| d.ser.any()))
        .collect();
    let operations = operation_round_trips(krate)?;
    let xml = if krate.service.protocol.is_xml() { Some(xml::round_trips(krate)?) } else { None };
    let roots: Vec<Node> = tested
        .iter()
        .copied()
        .chain(errors.iter().map(|id| Node::Def(*id)))
        .chain(operations.roots.iter().copied())
        .chain(xml.iter().flat_map(|x| x.roots.iter().copied()))
        .collect();
    let needed = closure(krate, &roots);
    let arbitrary = needed.iter().map(|node| Ok(gate(&node_cfg(krate, *node)?, emit_arbitrary(krate, *node)?))).collect::<Emitted<Vec<_>>>()?;
    let mut tests = Vec::new();
    for node in &tested {
        let (test, name, ser, de) = match *node {
            Node::Def(id) => {
                let d = def(krate, id)?;
                (&d.de_fn, &d.rust_name, &d.ser_fn, &d.de_fn)
            }
            Node::Collection(id) => {
                let c = collection(krate, id)?;
                (&c.de_fn, &c.shape_id, &c.ser_fn, &c.de_fn)
            }
        };
        let (test, ser, de) = (ident(&names::test_name(test)), ident(ser), ident(de));
        let arb = arbitrary_fn(krate, *node)?;
        // A list's writer takes a slice: the closure lets the `Vec` deref to one.
        let list = match *node {
            Node::Collection(id) => matches!(collection(krate, id)?.kind, CollectionKind::List { .. }),
            Node::Def(_) => false,
        };
        let write = if list { quote!(|out, v| crate::ser::#ser(out, v)) } else { quote!(crate::ser::#ser) };
        let cfg = node_cfg(krate, *node)?;
        tests.push(quote! {
            #cfg
            #[test]
            fn #test() {
                support::check(#name, |g| #arb(g, support::DEPTH), #write, crate::de::#de);
            }
        });
    }
    let mut error_tests = Vec::new();
    for &id in &errors {
        let d = def(krate, id)?;
        let test = ident(&names::test_name(&d.de_fn));
        let (name, ser, build) = (&d.shape_id, ident(&d.ser_fn), ident(&d.error_fn));
        let arb = arbitrary_fn(krate, Node::Def(id))?;
        let meta = ident(names::ERROR_META_FIELD);
        let cfg = def_cfg(krate, id)?;
        error_tests.push(quote! {
            #cfg
            #[test]
            fn #test() {
                support::check_parsed(#name, |g| #arb(g, support::DEPTH), crate::ser::#ser, |body| {
                    let mut headers = crate::http::ResponseHeaders::default();
                    let mut error = crate::de::ErrorBody::read(400, &mut headers, body, &crate::de::ERROR_MEMBERS);
                    let mut parsed = crate::de::#build(&mut error)?;
                    assert_eq!(parsed.#meta.status(), 400);
                    parsed.#meta = Default::default();
                    Ok(parsed)
                });
            }
        });
    }
    let mut enums = Vec::new();
    for (id, d) in krate.defs.iter().enumerate() {
        let DefKind::Enum(e) = &d.kind else { continue };
        let test = ident(&names::test_name(&d.de_fn));
        let path = def_path(krate, id)?;
        let values = e.variants.iter().map(|v| &v.value);
        let name = &d.shape_id;
        let cfg = def_cfg(krate, id)?;
        enums.push(quote! {
            #cfg
            #[test]
            fn #test() {
                super::support::check_enum::<#path>(#name, &[#(#values),*], #path::as_str);
            }
        });
    }
    let mut operation_tests = operations.tests;
    let mut xml_items = Vec::new();
    if let Some(x) = xml {
        tests.extend(x.values);
        error_tests.extend(x.errors);
        operation_tests.extend(x.operations);
        xml_items = x.items;
    }
    let values = test_module("values", tests);
    let operation_items = &operations.items;
    let error_tests = test_module("errors", error_tests);
    let operations_doc = if operation_tests.is_empty() || krate.service.protocol.is_xml() {
        TokenStream::new()
    } else {
        quote! {
            //!
            //! Every operation's request, built by the crate, is read back as a service would read
            //! it, and every response a service would write parses back into the output it was
            //! written from.
        }
    };
    let operation_tests = test_module("operations", operation_tests);
    let enums = if enums.is_empty() {
        TokenStream::new()
    } else {
        quote! {
            mod enums {
                #(#enums)*
            }
        }
    };
    let is_xml = krate.service.protocol.is_xml();
    let doc = if is_xml {
        quote! {
            //! Round trips: arbitrary values of every structure, union, list and map a response
            //! holds, written as XML as a service would write them (by writers compiled for these
            //! tests only) and read back by the crate's readers, come back equal; every modeled
            //! error, written as the protocol's error response, comes back equal from its builder;
            //! every operation's output, written as its whole response, envelope included, parses
            //! back into itself; string enums keep every value, known or not. `ROUND_TRIP_CASES`
            //! sets the values per type.
        }
    } else {
        quote! {
            //! Round trips: arbitrary values of every structure, union, list and map, written as JSON
            //! and read back, come back equal (what only requests hold is read, and what only
            //! responses hold written, by code compiled for these tests only); every modeled error,
            //! written as an error response body, comes back equal from its builder; string enums
            //! keep every value, known or not. `ROUND_TRIP_CASES` sets the values per type.
        }
    };
    Ok(quote! {
        #doc
        #operations_doc

        #![allow(clippy::arithmetic_side_effects, reason = "test code, computing with values it made itself")]

        mod support;

        /// Whether arbitrary values are held to what XML can carry (the characters XML 1.0
        /// allows, years 1 to 9999): true for the crates of the XML protocols.
        const XML: bool = #is_xml;

        #(#arbitrary)*
        #(#operation_items)*
        #(#xml_items)*
        #values
        #error_tests
        #operation_tests
        #enums
    })
}

/// The `cfg` of what tests `node`: the features of the operations that reach it.
fn node_cfg(krate: &Crate, node: Node) -> Emitted {
    match node {
        Node::Def(id) => def_cfg(krate, id),
        Node::Collection(id) => collection_cfg(krate, id),
    }
}

/// A module of tests that use the arbitrary-value functions above it; nothing when empty.
fn test_module(name: &str, tests: Vec<TokenStream>) -> TokenStream {
    if tests.is_empty() {
        return TokenStream::new();
    }
    let name = ident(name);
    quote! {
        mod #name {
            use super::*;

            #(#tests)*
        }
    }
}

fn is_error(s: &Struct) -> bool {
    matches!(s.role, StructRole::Error { .. })
}

/// The optional members an arbitrary value always sets, because leaving them out would not read
/// back as absent: an `@idempotencyToken` (the writer fills in a fresh one), and an error's own
/// message when another member's name is one of the generic message keys (that member's value
/// would fill it).
fn always_set(s: &Struct) -> Vec<usize> {
    let mut out: Vec<usize> = s.members.iter().enumerate().filter(|(_, m)| m.idempotency_token).map(|(i, _)| i).collect();
    if let StructRole::Error { message_member: Some(own), .. } = &s.role {
        let generic = ["message", "Message", "errorMessage"];
        let clash = s.members.iter().enumerate().any(|(i, m)| i != *own && generic.contains(&m.name.as_str()));
        if clash {
            out.push(*own);
        }
    }
    out
}

/// Every type reachable from `roots`, without recursion (models can nest thousands deep).
fn closure(krate: &Crate, roots: &[Node]) -> BTreeSet<Node> {
    let mut seen: BTreeSet<Node> = BTreeSet::new();
    let mut work: Vec<Node> = roots.to_vec();
    while let Some(node) = work.pop() {
        if !seen.insert(node) {
            continue;
        }
        let mut visit = |ty: &Type| match ty {
            Type::Def { id, .. } => work.push(Node::Def(*id)),
            Type::Collection(id) => work.push(Node::Collection(*id)),
            _ => {}
        };
        match node {
            Node::Def(id) => match krate.defs.get(id).map(|d| &d.kind) {
                Some(DefKind::Struct(s)) => s.members.iter().for_each(|m| visit(&m.ty)),
                Some(DefKind::Union(u)) => u.variants.iter().filter_map(|v| v.ty.as_ref()).for_each(&mut visit),
                _ => {}
            },
            Node::Collection(id) => match krate.collections.get(id).map(|c| &c.kind) {
                Some(CollectionKind::List { member, .. }) => visit(member),
                Some(CollectionKind::Map { key, value, .. }) => {
                    visit(key);
                    visit(value);
                }
                None => {}
            },
        }
    }
    seen
}

fn arbitrary_fn(krate: &Crate, node: Node) -> Emitted<proc_macro2::Ident> {
    let de = match node {
        Node::Def(id) => &def(krate, id)?.de_fn,
        Node::Collection(id) => &collection(krate, id)?.de_fn,
    };
    Ok(ident(&names::arbitrary_fn(de)))
}

/// True when a value of `ty` nests, so its expression reads `depth`.
fn uses_depth(ty: &Type) -> bool {
    matches!(ty, Type::Def { .. } | Type::Collection(_) | Type::Document)
}

/// An expression of type `ty` built from `g` at `depth`.
fn value(krate: &Crate, ty: &Type) -> Emitted {
    Ok(match ty {
        Type::Bool => quote!(g.bool()),
        Type::Byte => quote!(g.i8()),
        Type::Short => quote!(g.i16()),
        Type::Integer => quote!(g.i32()),
        Type::Long => quote!(g.i64()),
        Type::Float => quote!(g.f32()),
        Type::Double => quote!(g.f64()),
        Type::String => quote!(g.string()),
        Type::Blob => quote!(g.blob()),
        Type::Timestamp(_) => quote!(g.timestamp()),
        Type::Document => quote!(g.document(depth.min(2))),
        Type::BigInteger => quote!(g.big_integer()),
        Type::BigDecimal => quote!(g.big_decimal()),
        Type::Def { id, boxed } => {
            let arb = arbitrary_fn(krate, Node::Def(*id))?;
            if *boxed { quote!(Box::new(#arb(g, depth))) } else { quote!(#arb(g, depth)) }
        }
        Type::Collection(id) => {
            let arb = arbitrary_fn(krate, Node::Collection(*id))?;
            quote!(#arb(g, depth))
        }
    })
}

fn emit_arbitrary(krate: &Crate, node: Node) -> Emitted {
    let name = arbitrary_fn(krate, node)?;
    let (ty, body) = match node {
        Node::Def(id) => {
            let d = def(krate, id)?;
            let path = def_path(krate, id)?;
            let body = match &d.kind {
                DefKind::Struct(s) => {
                    let always = always_set(s);
                    let nested = s.members.iter().enumerate().any(|(index, m)| {
                        (m.presence == Presence::Optional && !always.contains(&index)) || uses_depth(&m.ty)
                    });
                    let depth = match (nested, s.members.is_empty()) {
                        (true, _) => quote!(let depth = depth.saturating_sub(1);),
                        (false, false) => quote!(let _ = depth;),
                        (false, true) => quote!(let _ = (g, depth);),
                    };
                    let fields = s
                        .members
                        .iter()
                        .enumerate()
                        .map(|(index, m)| {
                            let field = ident(&m.field);
                            let value = value(krate, &m.ty)?;
                            // XML cannot tell a flattened empty list or map from an absent one.
                            let flattened = krate.service.protocol.is_xml()
                                && m.xml.flattened
                                && matches!(m.ty, Type::Collection(_));
                            Ok(match m.presence {
                                Presence::Optional if always.contains(&index) => quote!(#field: Some(#value),),
                                Presence::Optional if flattened => {
                                    quote!(#field: g.option(depth, |g| #value).filter(|v| !v.is_empty()),)
                                }
                                Presence::Optional => quote!(#field: g.option(depth, |g| #value),),
                                Presence::Required | Presence::Default(_) => quote!(#field: #value,),
                            })
                        })
                        .collect::<Emitted<Vec<_>>>()?;
                    let meta = if matches!(s.role, crate::ir::StructRole::Error { .. }) {
                        let meta = ident(names::ERROR_META_FIELD);
                        quote!(#meta: Default::default(),)
                    } else {
                        TokenStream::new()
                    };
                    quote! {
                        #depth
                        #path { #(#fields)* #meta }
                    }
                }
                DefKind::Union(u) => {
                    // The names the readers know the variants by: an unknown one must be none.
                    let xml = krate.service.protocol.is_xml();
                    let known: Vec<&String> = u.variants.iter().map(|v| if xml { &v.xml.name } else { &v.name }).collect();
                    let arms = u
                        .variants
                        .iter()
                        .enumerate()
                        .map(|(i, v)| {
                            let variant = ident(&v.rust_name);
                            Ok(match &v.ty {
                                Some(ty) => {
                                    let value = value(krate, ty)?;
                                    quote!(#i => #path::#variant(#value),)
                                }
                                None => quote!(#i => #path::#variant,),
                            })
                        })
                        .collect::<Emitted<Vec<_>>>()?;
                    let count = u.variants.len();
                    let nests = u.variants.iter().filter_map(|v| v.ty.as_ref()).any(uses_depth);
                    let depth = if nests { quote!(let depth = depth - 1;) } else { TokenStream::new() };
                    quote! {
                        if depth == 0 {
                            return #path::Unknown(g.unknown_variant(&[#(#known),*]));
                        }
                        #depth
                        match g.below(#count + 1) {
                            #(#arms)*
                            _ => #path::Unknown(g.unknown_variant(&[#(#known),*])),
                        }
                    }
                }
                DefKind::Enum(e) => {
                    let values = e.variants.iter().map(|v| &v.value);
                    quote! {
                        let _ = depth;
                        #path::from(g.enum_value(&[#(#values),*]).as_str())
                    }
                }
                DefKind::IntEnum(e) => {
                    let values = e.variants.iter().map(|v| v.value);
                    quote! {
                        let _ = depth;
                        #path::from(g.int_enum_value(&[#(#values),*]))
                    }
                }
            };
            (path, body)
        }
        Node::Collection(id) => {
            let ty = rust_type(krate, &Type::Collection(id))?;
            let body = match &collection(krate, id)?.kind {
                CollectionKind::List { member, sparse } => {
                    let item = value(krate, member)?;
                    let item = if *sparse { quote!(g.option(depth, |g| #item)) } else { item };
                    if *sparse || uses_depth(member) {
                        quote! {
                            let items = depth;
                            let depth = depth.saturating_sub(1);
                            g.list(items, |g| #item)
                        }
                    } else {
                        quote!(g.list(depth, |g| #item))
                    }
                }
                CollectionKind::Map { key: key_ty, value: v, sparse } => {
                    let key = value(krate, key_ty)?;
                    let item = value(krate, v)?;
                    let item = if *sparse { quote!(g.option(depth, |g| #item)) } else { item };
                    if *sparse || uses_depth(v) || uses_depth(key_ty) {
                        quote! {
                            let items = depth;
                            let depth = depth.saturating_sub(1);
                            g.map(items, |g| #key, |g| #item)
                        }
                    } else {
                        quote!(g.map(depth, |g| #key, |g| #item))
                    }
                }
            };
            (ty, body)
        }
    };
    Ok(quote! {
        fn #name(g: &mut support::Gen, depth: usize) -> #ty {
            #body
        }
    })
}

/// What the operations' round trips add, under a protocol that binds members outside the
/// body: the types their values reach, the codecs and wire-value functions, and the tests.
struct OperationRoundTrips {
    roots: Vec<Node>,
    items: Vec<TokenStream>,
    tests: Vec<TokenStream>,
}

/// Each operation's input is built into a request by the crate and read back as a service
/// would; each output is written as a service would and parsed by the crate. The values are
/// arbitrary where the wire keeps every value (the body, the query) and held to what it can
/// carry elsewhere: header text without control characters or white space at the ends, labels
/// and payloads that are not empty, lists and maps outside the body with an item at least
/// (the wire cannot tell an empty one from none).
fn operation_round_trips(krate: &Crate) -> Emitted<OperationRoundTrips> {
    let mut out = OperationRoundTrips { roots: Vec::new(), items: Vec::new(), tests: Vec::new() };
    // The arbitrary-value functions by name, to find those the wire values call.
    let defs = (0..krate.defs.len()).map(Node::Def);
    let collections = (0..krate.collections.len()).map(Node::Collection);
    let by_name: std::collections::BTreeMap<String, Node> = defs
        .chain(collections)
        .map(|node| Ok((arbitrary_fn(krate, node)?.to_string(), node)))
        .collect::<Emitted<_>>()?;
    for op in &krate.operations {
        let Some((codecs, names)) = super::protocol::round_trip_codecs(krate, op)? else {
            continue;
        };
        let cfg = op_cfg(op);
        out.items.push(gate(&cfg, codecs));
        let module = op.module.trim_end_matches('_');
        let named: Vec<&str> = names.named_query.iter().map(String::as_str).collect();
        let input_arb = ident(&format!("arbitrary_{module}_input"));
        let output_arb = ident(&format!("arbitrary_{module}_output"));
        // Headers the request gets when their members are unset: a body's `Content-Type`, and
        // a service customisation's. Read back, they are the member's.
        let filled: Vec<String> = std::iter::once("content-type".to_owned())
            .chain(op.fixed_headers.iter().map(|(name, _)| name.to_ascii_lowercase()))
            .collect();
        for (id, name) in [(op.input, &input_arb), (op.output, &output_arb)] {
            out.items.push(gate(&cfg, wire_arbitrary(krate, id, name, &named, &filled, &by_name, &mut out.roots)?));
        }
        let output = def_path(krate, op.output)?;
        let (write, read) = (&names.write_response, &names.read_request);
        let (request_test, response_test) = (ident(&format!("{module}_request")), ident(&format!("{module}_response")));
        let (request_name, response_name) = (format!("{} request", op.name), format!("{} response", op.name));
        out.tests.push(quote! {
            #cfg
            #[test]
            fn #request_test() {
                let options = crate::http::RequestOptions::default().disable_request_compression(true);
                support::check_message(
                    #request_name,
                    |g| #input_arb(g, support::DEPTH),
                    |v| support::Message::request(v.to_request_with(&options)),
                    #read,
                );
            }

            #cfg
            #[test]
            fn #response_test() {
                support::check_message(#response_name, |g| #output_arb(g, support::DEPTH), #write, |m| {
                    #output::parse_response(m.status, m.headers.iter().map(|(k, v)| (k.as_str(), v.as_bytes())), &m.body)
                });
            }
        });
    }
    Ok(out)
}

/// The function `name` making arbitrary values of an operation's input or output `id` that
/// its HTTP bindings carry whole; the types whose functions it calls are added to `roots`.
fn wire_arbitrary(
    krate: &Crate,
    id: usize,
    name: &proc_macro2::Ident,
    named: &[&str],
    filled: &[String],
    by_name: &std::collections::BTreeMap<String, Node>,
    roots: &mut Vec<Node>,
) -> Emitted {
    let s = super::common::structure(krate, id)?;
    let path = def_path(krate, id)?;
    let always = always_set(s);
    // A map of every header (`@httpPrefixHeaders("")`) reads back the specific headers
    // too: in a structure with one, they stay unset.
    let every_header = s.members.iter().any(|m| m.binding == crate::ir::Binding::PrefixHeaders(String::new()));
    let values = s
        .members
        .iter()
        .enumerate()
        .map(|(index, m)| match &m.binding {
            crate::ir::Binding::Header(_) if every_header && m.presence == Presence::Optional => Ok(quote!(None)),
            _ => wire_value(krate, m, named, filled, always.contains(&index)),
        })
        .collect::<Emitted<Vec<_>>>()?;
    for v in &values {
        uses_arbitrary(v, by_name, roots);
    }
    let fields = s.members.iter().zip(&values).map(|(m, value)| {
        let field = ident(&m.field);
        quote!(#field: #value,)
    });
    let depth = if values.iter().any(|v| mentions(v, "depth")) {
        quote!(let depth = depth.saturating_sub(1);)
    } else if values.is_empty() {
        quote!(let _ = (g, depth);)
    } else {
        quote!(let _ = depth;)
    };
    Ok(quote! {
        fn #name(g: &mut support::Gen, depth: usize) -> #path {
            #depth
            #path { #(#fields)* }
        }
    })
}

/// The values of a member of an operation's input or output that its binding carries whole.
fn wire_value(krate: &Crate, m: &crate::ir::Member, named_query: &[&str], filled: &[String], always: bool) -> Emitted {
    use crate::ir::Binding;
    // A value of type `ty` outside the body, as a header (`header`) or a label or payload
    // (`nonempty`) keeps it.
    let scalar = |ty: &Type, header: bool, nonempty: bool| -> Emitted {
        let enum_values = |id: usize| -> Emitted<Option<Vec<String>>> {
            Ok(match &def(krate, id)?.kind {
                DefKind::Enum(e) => Some(e.variants.iter().map(|v| v.value.clone()).collect()),
                _ => None,
            })
        };
        Ok(match ty {
            Type::String if header && m.media_type.is_none() => quote!(g.header_text()),
            Type::String if nonempty => quote!(g.nonempty_string()),
            Type::Blob if nonempty => quote!(g.nonempty_blob()),
            Type::Def { id, .. } => match enum_values(*id)? {
                Some(values) if header => {
                    let path = def_path(krate, *id)?;
                    quote!(#path::from(g.header_enum(&[#(#values),*]).as_str()))
                }
                Some(values) if nonempty => {
                    let path = def_path(krate, *id)?;
                    quote!(#path::from(g.nonempty_enum(&[#(#values),*]).as_str()))
                }
                _ => value(krate, ty)?,
            },
            _ => value(krate, ty)?,
        })
    };
    let list_item = |ty: &Type| -> Emitted<Option<Type>> {
        Ok(match ty {
            Type::Collection(id) => match &collection(krate, *id)?.kind {
                CollectionKind::List { member, .. } => Some(member.clone()),
                CollectionKind::Map { .. } => None,
            },
            _ => None,
        })
    };
    let optional = m.presence == Presence::Optional;
    let (inner, sometimes) = match &m.binding {
        Binding::Body => (value(krate, &m.ty)?, !always),
        Binding::Payload => match &m.ty {
            // An unset structure payload is sent as `{}`, which reads back as one.
            Type::Def { id, .. } if matches!(def(krate, *id)?.kind, DefKind::Struct(_)) => {
                (value(krate, &m.ty)?, false)
            }
            ty => (scalar(ty, false, optional)?, !always),
        },
        Binding::Header(name) => {
            // Left unset, a header the request fills anyway reads back as the member's.
            let sometimes = !always && !filled.contains(&name.to_ascii_lowercase());
            match list_item(&m.ty)? {
                Some(item) => {
                    let item = scalar(&item, true, false)?;
                    (quote!(g.nonempty_list(|g| #item)), sometimes)
                }
                None => (scalar(&m.ty, true, false)?, sometimes),
            }
        }
        // Read back, no header with the prefix is an empty map, never an absent one.
        Binding::PrefixHeaders(_) => (quote!(g.header_map()), false),
        Binding::Query(_) => match list_item(&m.ty)? {
            Some(item) => {
                let item = value(krate, &item)?;
                (quote!(g.nonempty_list(|g| #item)), !always)
            }
            None => (value(krate, &m.ty)?, !always),
        },
        Binding::QueryParams => {
            let Type::Collection(id) = &m.ty else {
                return Err(super::common::Broken(format!("{} is no map", m.path)));
            };
            let CollectionKind::Map { value: v, sparse, .. } = &collection(krate, *id)?.kind else {
                return Err(super::common::Broken(format!("{} is no map", m.path)));
            };
            let item = match list_item(v)? {
                Some(_) => quote!(g.nonempty_list(|g| g.string())),
                None => quote!(g.string()),
            };
            let item = if *sparse { quote!(Some(#item)) } else { item };
            (quote!(g.query_map(&[#(#named_query),*], |g| #item)), !always)
        }
        // A label is required: an empty one would not be one.
        Binding::Label => (scalar(&m.ty, false, true)?, false),
        Binding::ResponseCode => (quote!(g.status()), false),
    };
    Ok(match (optional, sometimes) {
        (true, true) => quote!(g.option(depth, |g| #inner)),
        (true, false) => quote!(Some(#inner)),
        (false, _) => inner,
    })
}

/// Adds the types whose arbitrary-value functions (`by_name`) `tokens` call to `roots`.
fn uses_arbitrary(tokens: &TokenStream, by_name: &std::collections::BTreeMap<String, Node>, roots: &mut Vec<Node>) {
    for tree in tokens.clone() {
        match tree {
            proc_macro2::TokenTree::Ident(i) => roots.extend(by_name.get(&i.to_string()).copied()),
            proc_macro2::TokenTree::Group(g) => uses_arbitrary(&g.stream(), by_name, roots),
            _ => {}
        }
    }
}
