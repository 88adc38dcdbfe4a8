//! Stage 4 (emit), restJson1: the HTTP binding traits place each member (`http_bindings`, the
//! REST framing in `rest`), and what stays in the body is a JSON object of the members bound to
//! it, or the `@httpPayload` member alone (a structure, union or document as JSON, a blob as its
//! bytes, a string or enum as its text). Error codes come from `X-Amzn-Errortype`, else the
//! body's `code` or `__type`, as in awsJson; a response with no code at all is the modeled error
//! its status names, when exactly one of the operation's errors has that status.

use proc_macro2::TokenStream;
use quote::quote;

use super::http_bindings;
use crate::emit::common::{Broken, Emitted, def, def_path, structure};
use crate::ir::{Binding, Crate, DefKind, Member, Operation, Type};
use crate::names::ident;

/// `Content-Type: application/json`.
const JSON: &str = "application/json";

use super::rest::payload;

/// The operation module's parts.
pub fn operation(krate: &Crate, op: &Operation) -> Emitted<super::OperationParts> {
    let input = structure(krate, op.input)?;
    let input_ser = ident(&def(krate, op.input)?.ser_fn);
    let has_body_members = input.members.iter().any(|m| m.binding == Binding::Body);
    let capacity = super::body_capacity(input);
    let (body, write, what) = match payload(input) {
        Some(p) => {
            let (body, write) = payload_body(krate, p, &quote!(self))?;
            (body, write, format!("the `{}` member as the body", p.name))
        }
        None if has_body_members => (
            quote! {{
                let mut bytes = Vec::with_capacity(#capacity);
                self.write_body(&mut bytes);
                Some(crate::rest::Body { bytes, content_type: #JSON })
            }},
            quote!(crate::ser::#input_ser(out, self);),
            "the JSON body".to_owned(),
        ),
        None => (quote!(None), quote!(let _ = out;), "no body".to_owned()),
    };
    let write_doc = match payload(input) {
        Some(p) => format!(" Appends the body of the request to `out`: the `{}` member.", p.name),
        None if has_body_members => " Appends the JSON body of the request to `out`. With enough capacity reserved in `out`, nothing is allocated.".to_owned(),
        None => " Appends the body of the request to `out`: nothing, as every member of this operation's input is bound to the URI or the headers.".to_owned(),
    };
    super::rest::operation(krate, op, super::rest::RequestBody { body, write, what, write_doc })
}

/// The request body of an input whose `p` member is the payload (an `Option<Body>`
/// expression), and `write_body`'s statements, for the structure `receiver` (`self`, say).
fn payload_body(krate: &Crate, p: &Member, receiver: &TokenStream) -> Emitted<(TokenStream, TokenStream)> {
    if let Some(raw) = super::rest::raw_payload_body(krate, p, receiver)? {
        return Ok(raw);
    }
    let value = super::rest::payload_ref(p, receiver);
    Ok(match &p.ty {
        Type::Document => (
            quote!(#value.map(|v| {
                let mut bytes = Vec::new();
                crate::json::write::document(&mut bytes, v);
                crate::rest::Body { bytes, content_type: #JSON }
            })),
            quote!(if let Some(v) = #value { crate::json::write::document(out, v); }),
        ),
        Type::Def { id, .. } => {
            let d = def(krate, *id)?;
            let ser = ident(&d.ser_fn);
            match &d.kind {
                // An unset structure payload is sent as `{}`; an unset union as no body.
                DefKind::Struct(_) => (
                    quote! {{
                        let mut bytes = Vec::new();
                        #receiver.write_body(&mut bytes);
                        Some(crate::rest::Body { bytes, content_type: #JSON })
                    }},
                    quote! {
                        match #value {
                            Some(v) => crate::ser::#ser(out, v),
                            None => out.extend_from_slice(b"{}"),
                        }
                    },
                ),
                DefKind::Union(_) => (
                    quote!(#value.map(|v| {
                        let mut bytes = Vec::new();
                        crate::ser::#ser(&mut bytes, v);
                        crate::rest::Body { bytes, content_type: #JSON }
                    })),
                    quote!(if let Some(v) = #value { crate::ser::#ser(out, v); }),
                ),
                DefKind::Enum(_) | DefKind::IntEnum(_) => return Err(Broken(format!("{} cannot be a payload", p.path))),
            }
        }
        _ => return Err(Broken(format!("{} cannot be a payload", p.path))),
    })
}

/// The expression reading a payload member of type `ty` from the whole `body`: `None` when the
/// body is empty.
fn payload_value(krate: &Crate, p: &Member) -> Emitted {
    if let Some(raw) = super::rest::raw_payload_value(krate, p)? {
        return Ok(raw);
    }
    Ok(match &p.ty {
        Type::Document => quote! {
            if body.is_empty() { None } else { Some(crate::json::response::parse_body(body, crate::json::Reader::document)?) }
        },
        Type::Def { id, boxed } => {
            let de = ident(&def(krate, *id)?.de_fn);
            let box_it = if *boxed { quote!(.map(Box::new)) } else { TokenStream::new() };
            quote! {
                if body.iter().all(u8::is_ascii_whitespace) {
                    None
                } else {
                    Some(crate::json::response::parse_body(body, crate::de::#de)?) #box_it
                }
            }
        }
        _ => return Err(Broken(format!("{} cannot be a payload", p.path))),
    })
}

/// `de.rs`: the parser of an operation's responses, and the function that reads a successful
/// one (body, headers and status) into the output.
pub fn parse_fn(krate: &Crate, op: &Operation) -> Emitted {
    let de = ident(&def(krate, op.output)?.de_fn);
    let format = super::rest::ResponseBody {
        read: quote!(crate::json::response::parse_body(body, #de)),
        payload: payload_value,
        error: quote!(ErrorBody::read(status, &mut headers, body, &ERROR_MEMBERS)),
        is_error: None,
    };
    super::rest::parse_fn(krate, op, &format)
}

/// The round trips' codecs of an operation, compiled for the crate's tests only: its output
/// written as a response (`write_<op>_response`), and its request read back into an input
/// (`read_<op>_request`), as a service would.
pub fn round_trip_codecs(krate: &Crate, op: &Operation) -> Emitted {
    let input_path = def_path(krate, op.input)?;
    let output_path = def_path(krate, op.output)?;
    let input = structure(krate, op.input)?;
    let output = structure(krate, op.output)?;
    let (write, read) = round_trip_codec_names(op);
    let receiver = quote!(output);
    // The response: the bound headers, the status, the body.
    let headers = http_bindings::request_headers(krate, output, &receiver)?;
    let code = op.http.code;
    let status = match output.members.iter().find(|m| m.binding == Binding::ResponseCode) {
        Some(m) => {
            let field = ident(&m.field);
            let code_value = if m.presence == crate::ir::Presence::Optional {
                quote!(output.#field)
            } else {
                quote!(Some(output.#field))
            };
            quote!(#code_value.and_then(|c| u16::try_from(c).ok()).unwrap_or(#code))
        }
        None => quote!(#code),
    };
    let body = match payload(output) {
        Some(p) => {
            let (_, write_payload) = payload_body(krate, p, &receiver)?;
            quote! {
                let out = &mut body;
                #write_payload
            }
        }
        None if output.members.iter().any(|m| m.binding == Binding::Body) => {
            let ser = ident(&def(krate, op.output)?.ser_fn);
            quote!(crate::ser::#ser(&mut body, output);)
        }
        None => TokenStream::new(),
    };
    let headers_binding = if headers.is_empty() {
        quote!(let headers = Vec::new();)
    } else {
        quote!(let mut headers: Vec<(std::borrow::Cow<'static, str>, std::borrow::Cow<'static, str>)> = Vec::new();)
    };
    let body_binding =
        if body.is_empty() { quote!(let body = Vec::new();) } else { quote!(let mut body = Vec::new();) };
    // The request: labels, query, headers, body.
    let parts = op.http.path.iter().map(|part| match part {
        crate::ir::UriPart::Literal(text) => quote!(support::PathPart::Literal(#text)),
        crate::ir::UriPart::Label { greedy: true, .. } => quote!(support::PathPart::Greedy),
        crate::ir::UriPart::Label { greedy: false, .. } => quote!(support::PathPart::Label),
    });
    let mut assignments = TokenStream::new();
    let labels = op.http.path.iter().filter_map(|part| match part {
        crate::ir::UriPart::Label { member, .. } => Some(*member),
        crate::ir::UriPart::Literal(_) => None,
    });
    for (at, index) in labels.enumerate() {
        let m = crate::emit::common::member(krate, op.input, index)?;
        let field = ident(&m.field);
        let (parse, expected) = http_bindings::parse(krate, &m.ty, m.timestamp_format, false)?;
        let name = &m.name;
        assignments.extend(quote!(input.#field = Some(support::label(&labels, #at, #name, #expected, #parse)?);));
    }
    let named = http_bindings::query_keys(op, input);
    for m in &input.members {
        let Binding::Query(key) = &m.binding else {
            continue;
        };
        let field = ident(&m.field);
        let name = &m.name;
        assignments.extend(match http_bindings::list_item(krate, &m.ty)? {
            Some(item) => {
                let (parse, expected) = http_bindings::parse(krate, &item, m.timestamp_format, false)?;
                quote!(input.#field = support::query_list(&query, #key, #name, #expected, #parse)?;)
            }
            None => {
                let (parse, expected) = http_bindings::parse(krate, &m.ty, m.timestamp_format, false)?;
                quote!(input.#field = support::query_value(&query, #key, #name, #expected, #parse)?;)
            }
        });
    }
    for m in input.members.iter().filter(|m| m.binding == Binding::QueryParams) {
        let field = ident(&m.field);
        let (lists, sparse) = query_params_shape(krate, m)?;
        let item =
            if sparse { quote!(Some(v.clone().unwrap_or_default())) } else { quote!(v.clone().unwrap_or_default()) };
        let insert = if lists {
            quote!(params.entry(k.clone()).or_insert_with(Vec::new).push(#item);)
        } else {
            quote!(params.entry(k.clone()).or_insert_with(|| #item);)
        };
        assignments.extend(quote! {
            let mut params = std::collections::BTreeMap::new();
            for (k, v) in &query {
                if ![#(#named),*].contains(&k.as_str()) {
                    #insert
                }
            }
            input.#field = (!params.is_empty()).then_some(params);
        });
    }
    let header_reads = http_bindings::response_members(krate, input, &quote!(input))?;
    let bound_headers = input.members.iter().filter_map(|m| match &m.binding {
        Binding::Header(name) => Some(name.to_ascii_lowercase()),
        _ => None,
    });
    let input_body = if input.members.iter().any(|m| m.binding == Binding::Body) {
        let de = ident(&def(krate, op.input)?.de_fn);
        quote!(crate::json::response::parse_body(body, crate::de::#de)?)
    } else {
        let fields = input
            .members
            .iter()
            .map(|m| {
                let f = ident(&m.field);
                let value = if m.binding == Binding::Payload { payload_value(krate, m)? } else { quote!(None) };
                Ok(quote!(#f: #value,))
            })
            .collect::<Emitted<Vec<_>>>()?;
        quote!(#input_path { #(#fields)* })
    };
    let uses = |f: fn(&Binding) -> bool| input.members.iter().any(|m| f(&m.binding));
    let mutable = if assignments.is_empty() && header_reads.is_empty() { TokenStream::new() } else { quote!(mut) };
    let labels_binding = if uses(|b| *b == Binding::Label) {
        quote!(let labels = support::match_path(path, &[#(#parts),*])?;)
    } else {
        quote!(support::match_path(path, &[#(#parts),*])?;)
    };
    let query_binding = if uses(|b| matches!(b, Binding::Query(_) | Binding::QueryParams)) {
        quote!(let query = support::parse_query(query)?;)
    } else {
        quote!(let _ = query;)
    };
    let headers_read = if header_reads.is_empty() {
        TokenStream::new()
    } else {
        quote!(let headers = &message.member_headers(&[#(#bound_headers),*]);)
    };
    let body_read = if uses(|b| matches!(b, Binding::Body | Binding::Payload)) {
        quote!(let body = message.body.as_slice();)
    } else {
        TokenStream::new()
    };
    let unused_output = if output.members.is_empty() { quote!(let _ = output;) } else { TokenStream::new() };
    let write_doc = format!(" Writes a `{}` output as its response, as a service would.", op.name);
    let read_doc = format!(" Reads a `{}` request back into its input, as a service would.", op.name);
    Ok(quote! {
        #[doc = #write_doc]
        fn #write(output: &#output_path) -> support::Message {
            #unused_output
            #headers_binding
            #headers
            #body_binding
            #body
            support::Message::response(#status, headers, body)
        }

        #[doc = #read_doc]
        fn #read(message: &support::Message) -> crate::json::Result<#input_path> {
            let (path, query) = message.path_and_query();
            #labels_binding
            #query_binding
            #headers_read
            #body_read
            let #mutable input = #input_body;
            #assignments
            #header_reads
            Ok(input)
        }
    })
}

/// The names of an operation's round-trip codecs: the response writer and the request reader.
pub fn round_trip_codec_names(op: &Operation) -> (proc_macro2::Ident, proc_macro2::Ident) {
    let module = op.module.trim_end_matches('_');
    (ident(&format!("write_{module}_response")), ident(&format!("read_{module}_request")))
}

/// For an `@httpQueryParams` member: whether its values are lists, and whether the map is
/// sparse.
pub fn query_params_shape(krate: &Crate, m: &Member) -> Emitted<(bool, bool)> {
    let Type::Collection(id) = &m.ty else {
        return Err(Broken(format!("{} is no map", m.path)));
    };
    match &crate::emit::common::collection(krate, *id)?.kind {
        crate::ir::CollectionKind::Map { value, sparse, .. } => {
            Ok((http_bindings::list_item(krate, value)?.is_some(), *sparse))
        }
        crate::ir::CollectionKind::List { .. } => Err(Broken(format!("{} is no map", m.path))),
    }
}
