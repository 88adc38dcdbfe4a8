//! Stage 4 (emit), restJson1: the HTTP binding traits place each member (`http_bindings`), and
//! what stays in the body is a JSON object of the members bound to it, or the `@httpPayload`
//! member alone (a structure, union or document as JSON, a blob as its bytes, a string or enum
//! as its text). Error codes come from `X-Amzn-Errortype`, else the body's `code` or `__type`,
//! as in awsJson; a response with no code at all is the modeled error its status names, when
//! exactly one of the operation's errors has that status.

use proc_macro2::TokenStream;
use quote::quote;

use super::http_bindings;
use crate::emit::common::{Broken, Emitted, def, def_path, structure};
use crate::ir::{Binding, Crate, DefKind, Member, Operation, StructRole, Type};
use crate::names::ident;

/// `Content-Type: application/json`.
const JSON: &str = "application/json";

/// The input's payload member, if it has one.
fn payload(s: &crate::ir::Struct) -> Option<&Member> {
    s.members.iter().find(|m| m.binding == Binding::Payload)
}

/// The operation module's parts.
pub fn operation(krate: &Crate, op: &Operation) -> Emitted<super::OperationParts> {
    let name = &op.name;
    let input = structure(krate, op.input)?;
    let input_ser = ident(&def(krate, op.input)?.ser_fn);
    let method = &op.http.method;
    let uri = http_bindings::uri(krate, op)?;
    let mut headers = http_bindings::request_headers(krate, input, &quote!(self))?;
    // A service customisation's headers, after the members' (which win).
    for (name, value) in &op.fixed_headers {
        headers.extend(quote! {
            if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(#name)) {
                headers.push((std::borrow::Cow::Borrowed(#name), std::borrow::Cow::Borrowed(#value)));
            }
        });
    }
    let host_prefix = crate::emit::operation::host_prefix_expr(krate, op)?;
    let compression = if op.gzip {
        quote!(Some(crate::http::Compression { encode: crate::gzip::compress, encoding: "gzip" }))
    } else {
        quote!(None)
    };
    let has_body_members = input.members.iter().any(|m| m.binding == Binding::Body);
    let capacity = super::body_capacity(input);
    let (body, write_body, what) = match payload(input) {
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
    let header_count = input.members.iter().filter(|m| matches!(m.binding, Binding::Header(_))).count().saturating_add(2);
    let request = quote!(crate::rest::request(#method, uri.finish(), headers, body, #host_prefix, #compression, options));
    let request = super::with_checksum(op, request);
    let headers_binding = if headers.is_empty() {
        quote!(let headers = Vec::new();)
    } else {
        quote!(let mut headers: Vec<(std::borrow::Cow<'static, str>, std::borrow::Cow<'static, str>)> = Vec::with_capacity(#header_count);)
    };
    let build_request = quote! {
        #uri
        #headers_binding
        #headers
        let body = #body;
        #request
    };
    let write_doc = match payload(input) {
        Some(p) => format!(" Appends the body of the request to `out`: the `{}` member.", p.name),
        None if has_body_members => " Appends the JSON body of the request to `out`. With enough capacity reserved in `out`, nothing is allocated.".to_owned(),
        None => " Appends the body of the request to `out`: nothing, as every member of this operation's input is bound to the URI or the headers.".to_owned(),
    };
    let write_body = quote! {
        #[doc = #write_doc]
        pub fn write_body(&self, out: &mut Vec<u8>) {
            #write_body
        }
    };
    // The headers the output's and the errors' members are bound to: only those are kept.
    let (mut names, mut prefixes) = (Vec::new(), Vec::new());
    http_bindings::bound_headers(structure(krate, op.output)?, &mut names, &mut prefixes);
    for e in &op.errors {
        http_bindings::bound_headers(structure(krate, e.def)?, &mut names, &mut prefixes);
    }
    let read_headers = if names.is_empty() && prefixes.is_empty() {
        quote!(crate::http::ResponseHeaders::read(headers, false))
    } else {
        quote!(crate::http::ResponseHeaders::read_bound(headers, false, &[#(#names),*], &[#(#prefixes),*]))
    };
    let pattern = op
        .http
        .path
        .iter()
        .map(|p| match p {
            crate::ir::UriPart::Literal(t) => t.clone(),
            crate::ir::UriPart::Label { member, greedy } => {
                let name = crate::emit::common::member(krate, op.input, *member).map(|m| m.name.clone()).unwrap_or_default();
                if *greedy { format!("{{{name}+}}") } else { format!("{{{name}}}") }
            }
        })
        .collect::<String>();
    Ok(super::OperationParts {
        items: TokenStream::new(),
        request_doc: vec![
            format!("The HTTP request for this input: `{method} {pattern}` with the members the HTTP binding traits"),
            format!("place in the URI and the headers, and {what}. Sign it (SigV4) and send it with your own HTTP client."),
        ],
        build_request,
        write_body,
        read_headers,
        response_doc: vec![
            format!("Parses a `{name}` response: the HTTP status, the headers (names in any case; those the model"),
            "binds to members, `X-Amzn-Errortype` and `x-amzn-requestid`) and the body.".to_owned(),
        ],
    })
}

/// The request body of an input whose `p` member is the payload (an `Option<Body>`
/// expression), and `write_body`'s statements, for the structure `receiver` (`self`, say).
fn payload_body(krate: &Crate, p: &Member, receiver: &TokenStream) -> Emitted<(TokenStream, TokenStream)> {
    let field = ident(&p.field);
    let value = if p.presence == crate::ir::Presence::Optional {
        quote!(#receiver.#field.as_ref())
    } else {
        quote!(Some(&#receiver.#field))
    };
    let media = p.media_type.as_deref();
    Ok(match &p.ty {
        Type::Blob => {
            let content_type = media.unwrap_or("application/octet-stream");
            (
                quote!(#value.cloned().map(|bytes| crate::rest::Body { bytes, content_type: #content_type })),
                quote!(if let Some(v) = #value { out.extend_from_slice(v); }),
            )
        }
        Type::String => {
            let content_type = media.unwrap_or("text/plain");
            (
                quote!(#value.cloned().map(|text| crate::rest::Body { bytes: text.into_bytes(), content_type: #content_type })),
                quote!(if let Some(v) = #value { out.extend_from_slice(v.as_bytes()); }),
            )
        }
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
                DefKind::Enum(_) => {
                    let content_type = media.unwrap_or("text/plain");
                    (
                        quote!(#value.map(|v| crate::rest::Body { bytes: v.as_str().as_bytes().to_vec(), content_type: #content_type })),
                        quote!(if let Some(v) = #value { out.extend_from_slice(v.as_str().as_bytes()); }),
                    )
                }
                DefKind::IntEnum(_) => return Err(Broken(format!("{} cannot be a payload", p.path))),
            }
        }
        _ => return Err(Broken(format!("{} cannot be a payload", p.path))),
    })
}

/// The expression reading a payload member of type `ty` from the whole `body`: `None` when the
/// body is empty.
fn payload_value(krate: &Crate, p: &Member) -> Emitted {
    Ok(match &p.ty {
        Type::Blob => quote!(if body.is_empty() { None } else { Some(body.to_vec()) }),
        Type::String => quote! {
            if body.is_empty() {
                None
            } else {
                Some(String::from_utf8(body.to_vec()).map_err(|_| crate::json::Error::new(crate::error::ParseErrorKind::InvalidUtf8, 0))?)
            }
        },
        Type::Document => quote! {
            if body.is_empty() { None } else { Some(crate::json::response::parse_body(body, crate::json::Reader::document)?) }
        },
        Type::Def { id, boxed } => {
            let d = def(krate, *id)?;
            let path = def_path(krate, *id)?;
            let box_it = if *boxed { quote!(.map(Box::new)) } else { TokenStream::new() };
            match &d.kind {
                DefKind::Enum(_) => quote! {
                    if body.is_empty() {
                        None
                    } else {
                        Some(#path::from(std::str::from_utf8(body).map_err(|_| crate::json::Error::new(crate::error::ParseErrorKind::InvalidUtf8, 0))?))
                    }
                },
                _ => {
                    let de = ident(&d.de_fn);
                    quote! {
                        if body.iter().all(u8::is_ascii_whitespace) {
                            None
                        } else {
                            Some(crate::json::response::parse_body(body, crate::de::#de)?) #box_it
                        }
                    }
                }
            }
        }
        _ => return Err(Broken(format!("{} cannot be a payload", p.path))),
    })
}

/// `de.rs`: the parser of an operation's responses, and the function that reads a successful
/// one (body, headers and status) into the output.
pub fn parse_fn(krate: &Crate, op: &Operation) -> Emitted {
    let name = ident(&op.parse_fn);
    let read_output = ident(&format!("read_{}", op.parse_fn));
    let output_def = def(krate, op.output)?;
    let output = def_path(krate, op.output)?;
    let output_struct = structure(krate, op.output)?;
    let output_de = ident(&output_def.de_fn);
    let module = ident(&op.module);
    let error_name = ident(&op.error_name);
    let error_path = quote!(crate::operation::#module::#error_name);
    let error = quote!(#error_name);
    let operation = &op.name;
    // The members the body holds: the payload alone, the JSON object, or nothing (then
    // whatever the body holds, often `{}` or nothing, is ignored).
    let body_read = if output_struct.members.iter().any(|m| m.binding == Binding::Body) {
        quote!(crate::json::response::parse_body(body, #output_de)?)
    } else {
        let fields = output_struct
            .members
            .iter()
            .map(|m| {
                let f = ident(&m.field);
                let value = if m.binding == Binding::Payload {
                    super::json_body::de::absent_value(krate, m, payload_value(krate, m)?)?
                } else {
                    super::json_body::de::absent(krate, m)?
                };
                Ok(quote!(#f: #value,))
            })
            .collect::<Emitted<Vec<_>>>()?;
        quote!(#output { #(#fields)* })
    };
    let bound = http_bindings::response_members(krate, output_struct, &quote!(output))?;
    let mutable = if bound.is_empty() { TokenStream::new() } else { quote!(mut) };
    let reads = |f: fn(&Binding) -> bool| output_struct.members.iter().any(|m| f(&m.binding));
    let unused_headers = !reads(|b| matches!(b, Binding::Header(_) | Binding::PrefixHeaders(_)));
    let unused_status = !reads(|b| *b == Binding::ResponseCode);
    let unused = match (unused_status, unused_headers) {
        (true, true) => quote!(let _ = (status, headers);),
        (true, false) => quote!(let _ = status;),
        (false, true) => quote!(let _ = headers;),
        (false, false) => TokenStream::new(),
    };
    let uses_body = payload(output_struct).is_some() || output_struct.members.iter().any(|m| m.binding == Binding::Body);
    let body_param = if uses_body { quote!(body) } else { quote!(_body) };
    let read_doc = format!(" Reads a successful `{}` response into its output.", op.name);
    // Modeled errors: by code, else by status when exactly one of them has it.
    let mut arms = Vec::new();
    let mut by_status: std::collections::BTreeMap<u16, Vec<String>> = std::collections::BTreeMap::new();
    for e in &op.errors {
        let d = def(krate, e.def)?;
        let s = structure(krate, e.def)?;
        let StructRole::Error { code, status, .. } = &s.role else {
            return Err(Broken(format!("{} is listed as an error but is none", d.shape_id)));
        };
        by_status.entry(*status).or_default().push(code.clone());
        let build = ident(&d.error_fn);
        let variant = ident(&e.variant);
        let bound = http_bindings::response_members(krate, s, &quote!(e))?;
        let build = if bound.is_empty() {
            quote!(#build(&mut error))
        } else {
            quote!(#build(&mut error).and_then(|mut e| {
                let headers = &headers;
                #bound
                Ok(e)
            }))
        };
        let code = proc_macro2::Literal::byte_string(code.as_bytes());
        arms.push(quote!(Some(code) if code == #code => match #build {
            Ok(e) => return Err(#error::#variant(Box::new(e))),
            Err(e) => e,
        },));
    }
    let fallback = by_status.iter().filter(|(_, codes)| codes.len() == 1).filter_map(|(status, codes)| {
        let code = proc_macro2::Literal::byte_string(codes.first()?.as_bytes());
        Some(quote!(#status => Some(#code.as_slice()),))
    });
    let errors = if op.errors.is_empty() {
        quote! {
            Err(#error::Unhandled(Box::new(ErrorBody::read(status, &mut headers, body, &ERROR_MEMBERS).unhandled())))
        }
    } else {
        quote! {
            let mut error = ErrorBody::read(status, &mut headers, body, &ERROR_MEMBERS);
            let code = error.code().or(match status {
                #(#fallback)*
                _ => None,
            });
            let mismatch = match code {
                #(#arms)*
                _ => return Err(#error::Unhandled(Box::new(error.unhandled()))),
            };
            // The code names a modeled error the body does not match: keep the code.
            Err(#error::Unhandled(Box::new(error.mismatched(mismatch, #operation))))
        }
    };
    let status_expr = quote!(status);
    let doc = format!(" Parses a `{}` response.", op.name);
    Ok(quote! {
        #[doc = #read_doc]
        fn #read_output(status: u16, headers: &ResponseHeaders, #body_param: &[u8]) -> Result<#output> {
            #unused
            let #mutable output = #body_read;
            #bound
            Ok(output)
        }

        #[doc = #doc]
        pub(crate) fn #name(status: u16, mut headers: ResponseHeaders, body: &[u8]) -> std::result::Result<#output, #error_path> {
            use #error_path;
            if crate::http::is_success(#status_expr) {
                return match #read_output(status, &headers, body) {
                    Ok(output) => Ok(output),
                    Err(e) => Err(#error::MalformedResponse(Box::new(crate::json::response::parse_error(e, #operation, status, headers.request_id)))),
                };
            }
            #errors
        }
    })
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
