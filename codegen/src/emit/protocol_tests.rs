//! Stage 4 (emit), optional: the model's protocol compliance cases as an integration test of the
//! generated crate, `tests/protocol/`: one `#[test]` per case, named after the case id, in a
//! `requests` and a `responses` module.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::common::{
    Broken, Emitted, def as def_of, def_path_in, document_expr, float_literal, int_literal, member as member_of, operation,
    structure,
};
use crate::ir::{Crate, DefKind, Expected, ProtocolTest, ProtocolTestKind, Type, Value};
use crate::names::ident;

/// The checks every generated test shares.
const SUPPORT: &str = include_str!("../../runtime/protocol_test_support.rs");

/// `tests/protocol/main.rs` and the text of `tests/protocol/support.rs`.
pub fn emit(krate: &Crate) -> Emitted<(TokenStream, &'static str)> {
    let lib = ident(&krate.package_name.replace('-', "_"));
    let root = quote!(crate::client);
    let requests = krate
        .protocol_tests
        .iter()
        .filter(|t| matches!(t.kind, ProtocolTestKind::Request { .. }))
        .map(|t| emit_request(krate, t, &root))
        .collect::<Emitted<Vec<_>>>()?;
    let responses = krate
        .protocol_tests
        .iter()
        .filter(|t| matches!(t.kind, ProtocolTestKind::Response { .. }))
        .map(|t| emit_response(krate, t, &root))
        .collect::<Emitted<Vec<_>>>()?;
    let doc = format!(
        " Protocol compliance tests of {}, one per `smithy.test` case the model gives a client.",
        krate.service.shape_id
    );
    let main = quote! {
        #![doc = #doc]
        #![allow(clippy::approx_constant, clippy::unreadable_literal, reason = "values are the test cases' own")]
        #![allow(clippy::panic, reason = "a test reports a failure by panicking")]

        // `::` names the crate itself even when a module here has its name (a crate `support`).
        use ::#lib as client;

        mod support;

        mod requests {
            use crate::support::{BodyKind, ExpectedRequest, check_request};

            #(#requests)*
        }

        mod responses {
            use crate::support::assert_same;

            #(#responses)*
        }
    };
    Ok((main, SUPPORT))
}

fn option_str(value: Option<&String>) -> TokenStream {
    match value {
        Some(text) => quote!(Some(#text)),
        None => quote!(None),
    }
}

fn emit_request(krate: &Crate, test: &ProtocolTest, root: &TokenStream) -> Emitted {
    let ProtocolTestKind::Request {
        params,
        method,
        uri,
        host,
        resolved_host,
        headers,
        forbid_headers,
        require_headers,
        query_params,
        forbid_query_params,
        require_query_params,
        body,
        body_media_type,
        endpoint_settings,
    } = &test.kind
    else {
        return Err(Broken(format!("case {} is no request case", test.id)));
    };
    let name = ident(&test.fn_name);
    let input = value_expr(krate, params, root)?;
    // A case with client settings goes to the endpoint the rules resolve for them and the input.
    let (resolve, endpoint) = match (&krate.service.endpoint, endpoint_settings.is_empty()) {
        (_, true) => (TokenStream::new(), quote!(None)),
        (Some(set), false) => {
            let settings = super::endpoint::built_in_settings(set, endpoint_settings)?.ok_or_else(|| {
                Broken(format!("case {}: the endpoint rules have no parameter for one of its settings", test.id))
            })?;
            (
                quote! {
                    let params = #root::operation::Operation::endpoint_params(&input, #root::endpoint::Params::default() #(#settings)*);
                    let endpoint = #root::endpoint::resolve(&params).unwrap_or_else(|e| panic!("no endpoint: {e}"));
                },
                quote!(Some(endpoint.url())),
            )
        }
        (None, false) => return Err(Broken(format!("case {} sets the client's endpoint settings, but the service has no endpoint rules", test.id))),
    };
    let headers = headers.iter().map(|(k, v)| quote!((#k, #v)));
    let map_entries = map_entry_names(krate);
    let body_kind = match body_media_type.as_deref() {
        Some(m) if m.contains("json") => quote!(BodyKind::Json),
        Some(m) if m.contains("xml") => quote!(BodyKind::Xml),
        _ => quote!(BodyKind::Bytes),
    };
    let body = option_str(body.as_ref());
    let host = option_str(host.as_ref());
    let resolved_host = option_str(resolved_host.as_ref());
    let doc = format!(" `{}`", test.id);
    Ok(quote! {
        #[doc = #doc]
        #[test]
        fn #name() {
            let input = #input;
            // A fixed token for `@idempotencyToken` members left unset, as the cases expect.
            let request = input.to_request_with(
                &#root::http::RequestOptions::default().idempotency_token("00000000-0000-4000-8000-000000000000"),
            );
            #resolve
            check_request(
                &request,
                &ExpectedRequest {
                    method: #method,
                    uri: #uri,
                    host: #host,
                    resolved_host: #resolved_host,
                    headers: &[#(#headers),*],
                    forbid_headers: &[#(#forbid_headers),*],
                    require_headers: &[#(#require_headers),*],
                    query_params: &[#(#query_params),*],
                    forbid_query_params: &[#(#forbid_query_params),*],
                    require_query_params: &[#(#require_query_params),*],
                    body: #body,
                    endpoint: #endpoint,
                    body_kind: #body_kind,
                    map_entries: &[#(#map_entries),*],
                },
            );
        }
    })
}

fn emit_response(krate: &Crate, test: &ProtocolTest, root: &TokenStream) -> Emitted {
    let ProtocolTestKind::Response { status, headers, body, expected } = &test.kind else {
        return Err(Broken(format!("case {} is no response case", test.id)));
    };
    let op = operation(krate, test.operation)?;
    let name = ident(&test.fn_name);
    let output = def_path_in(krate, op.output, root)?;
    let module = ident(&op.module);
    let error = ident(&op.error_name);
    let header_count = Literal::usize_unsuffixed(headers.len());
    let headers = headers.iter().map(|(k, v)| quote!((#k, #v)));
    let body = Literal::byte_string(body.as_deref().unwrap_or_default().as_bytes());
    let check = match expected {
        Expected::Output(value) => {
            let expected = value_expr(krate, value, root)?;
            quote! {
                let expected = #expected;
                match parsed {
                    Ok(actual) => assert_same(&actual, &expected),
                    Err(e) => panic!("expected the output, got {e:?}"),
                }
            }
        }
        Expected::Error { variant, value, code, query_error_type } => {
            let variant = ident(variant);
            let expected = value_expr(krate, value, root)?;
            let Value::Struct(def, _) = value else {
                return Err(Broken(format!("case {}: an error's value is no structure", test.id)));
            };
            let fields: Vec<_> = structure(krate, *def)?.members.iter().map(|m| ident(&m.field)).collect();
            let code = code
                .as_ref()
                .map(|code| quote!(assert_eq!(#root::ProvideErrorMetadata::code(&error), Some(#code), "error code");));
            let query_type = query_error_type
                .as_ref()
                .map(|t| quote!(assert_eq!(actual.meta().query_error_type(), Some(#t), "query error type");));
            // Bindings nothing reads are left out, so the tests compile without warnings.
            let expected = if fields.is_empty() { TokenStream::new() } else { quote!(let expected = #expected;) };
            let actual = if fields.is_empty() && query_type.is_none() { quote!(_) } else { quote!(actual) };
            quote! {
                #expected
                let error = match parsed {
                    Err(error) => error,
                    Ok(output) => panic!("expected an error, got {output:?}"),
                };
                #code
                let #root::operation::#module::#error::#variant(#actual) = error else {
                    panic!("expected the {} variant, got {error:?}", stringify!(#variant));
                };
                #query_type
                #(assert_same(&actual.#fields, &expected.#fields);)*
            }
        }
    };
    let doc = format!(" `{}`", test.id);
    Ok(quote! {
        #[doc = #doc]
        #[test]
        fn #name() {
            let parsed = #output::parse_response(#status, [#(#headers),*] as [(&str, &str); #header_count], #body);
            #check
        }
    })
}

/// An expression building `value`.
pub(super) fn value_expr(krate: &Crate, value: &Value, root: &TokenStream) -> Emitted {
    Ok(match value {
        Value::Null => quote!(None),
        Value::Bool(b) => quote!(#b),
        Value::Int(n, ty) => int_literal(
            *n,
            match ty {
                Type::Byte => "i8",
                Type::Short => "i16",
                Type::Integer => "i32",
                _ => "i64",
            },
        ),
        Value::Float(f, ty) => {
            let single = *ty == Type::Float;
            let float = if single { quote!(f32) } else { quote!(f64) };
            if f.is_nan() {
                quote!(#float::NAN)
            } else if f.is_infinite() && *f > 0.0 {
                quote!(#float::INFINITY)
            } else if f.is_infinite() {
                quote!(#float::NEG_INFINITY)
            } else {
                float_literal(*f, single)
            }
        }
        Value::String(s) => quote!(String::from(#s)),
        Value::Blob(bytes) => {
            let bytes = Literal::byte_string(bytes);
            quote!(#bytes.to_vec())
        }
        Value::Timestamp(text) => {
            let format = if text.parse::<f64>().is_ok() { quote!(EpochSeconds) } else { quote!(DateTime) };
            quote!(#root::primitives::Timestamp::parse(#text, #root::primitives::TimestampFormat::#format).unwrap())
        }
        Value::BigNumber(text, ty) => {
            let ty = if *ty == Type::BigInteger { quote!(BigInteger) } else { quote!(BigDecimal) };
            quote!(#text.parse::<#root::primitives::#ty>().unwrap())
        }
        Value::Document(json) => document_expr(json, root),
        Value::Enum(def, text) => {
            let path = def_path_in(krate, *def, root)?;
            quote!(#path::from(#text))
        }
        Value::IntEnum(def, n) => {
            let path = def_path_in(krate, *def, root)?;
            quote!(#path::from(#n))
        }
        Value::Struct(def, members) => {
            let path = def_path_in(krate, *def, root)?;
            let s = structure(krate, *def)?;
            let setters = members
                .iter()
                .map(|(index, value)| {
                    let member = member_of(krate, *def, *index)?;
                    let setter = ident(&member.option_setter);
                    let value = boxed(&member.ty, value_expr(krate, value, root)?);
                    Ok(quote!(.#setter(Some(#value))))
                })
                .collect::<Emitted<Vec<_>>>()?;
            let unwrap = if s.build_is_fallible() { quote!(.unwrap()) } else { TokenStream::new() };
            quote!(#path::builder() #(#setters)* .build() #unwrap)
        }
        Value::Union(def, index, inner) => {
            let path = def_path_in(krate, *def, root)?;
            let DefKind::Union(u) = &def_of(krate, *def)?.kind else {
                return Err(Broken(format!("type {def} is no union")));
            };
            let variant = u.variants.get(*index).ok_or_else(|| Broken(format!("union {def} has no variant {index}")))?;
            let name = ident(&variant.rust_name);
            match (inner, &variant.ty) {
                (Some(inner), Some(ty)) => {
                    let inner = boxed(ty, value_expr(krate, inner, root)?);
                    quote!(#path::#name(#inner))
                }
                _ => quote!(#path::#name),
            }
        }
        Value::List(items, sparse) => {
            if items.is_empty() {
                return Ok(quote!(Vec::new()));
            }
            let sparse = *sparse;
            let items = items
                .iter()
                .map(|item| {
                    Ok(match item {
                        Value::Null => quote!(None),
                        item if sparse => {
                            let item = value_expr(krate, item, root)?;
                            quote!(Some(#item))
                        }
                        item => value_expr(krate, item, root)?,
                    })
                })
                .collect::<Emitted<Vec<_>>>()?;
            quote!(vec![#(#items),*])
        }
        Value::Map(key, entries, sparse) => {
            if entries.is_empty() {
                return Ok(quote!(std::collections::BTreeMap::new()));
            }
            let sparse = *sparse;
            let entries = entries
                .iter()
                .map(|(k, v)| {
                    let key = match key {
                        Type::Def { id, .. } => {
                            let path = def_path_in(krate, *id, root)?;
                            quote!(#path::from(#k))
                        }
                        _ => quote!(String::from(#k)),
                    };
                    let value = match v {
                        Value::Null => quote!(None),
                        v if sparse => {
                            let v = value_expr(krate, v, root)?;
                            quote!(Some(#v))
                        }
                        v => value_expr(krate, v, root)?,
                    };
                    Ok(quote!((#key, #value)))
                })
                .collect::<Emitted<Vec<_>>>()?;
            quote!(std::collections::BTreeMap::from([#(#entries),*]))
        }
    })
}

/// `Box::new(value)` for a reference that is boxed.
fn boxed(ty: &Type, value: TokenStream) -> TokenStream {
    match ty {
        Type::Def { boxed: true, .. } => quote!(Box::new(#value)),
        _ => value,
    }
}

/// The XML elements that are map entries in the crate's bodies: `entry`, and the names of the
/// flattened map members.
fn map_entry_names(krate: &Crate) -> Vec<String> {
    let mut names = std::collections::BTreeSet::from(["entry".to_owned()]);
    for d in &krate.defs {
        if let DefKind::Struct(s) = &d.kind {
            for m in s.members.iter().filter(|m| m.xml.flattened) {
                let Type::Collection(id) = &m.ty else { continue };
                if krate.collections.get(*id).is_some_and(|c| matches!(c.kind, crate::ir::CollectionKind::Map { .. })) {
                    names.insert(m.xml.name.clone());
                }
            }
        }
    }
    names.into_iter().collect()
}
