//! Stage 4 (emit), the REST protocols (restJson1, restXml): what they share beyond the binding
//! traits' parts (`http_bindings`). A request is the URI, the bound headers and the body the
//! format writes; a response's bound headers and status are read into the output, its body by
//! the format; a modeled error is matched by the code the format's error reader finds, else by
//! the status when exactly one of the operation's errors has it. Each format says only how it
//! writes and reads a body (`RequestBody`, `ResponseBody`).

use proc_macro2::TokenStream;
use quote::quote;

use super::http_bindings;
use crate::emit::common::{Broken, Emitted, def, def_path, structure};
use crate::ir::{Binding, Crate, DefKind, Member, Operation, StructRole, Type};
use crate::names::ident;

/// A structure's payload member, if it has one.
pub(super) fn payload(s: &crate::ir::Struct) -> Option<&Member> {
    s.members.iter().find(|m| m.binding == Binding::Payload)
}

/// The payload member `p` of `receiver` as an `Option<&T>` expression.
pub(super) fn payload_ref(p: &Member, receiver: &TokenStream) -> TokenStream {
    let field = ident(&p.field);
    if p.presence == crate::ir::Presence::Optional {
        quote!(#receiver.#field.as_ref())
    } else {
        quote!(Some(&#receiver.#field))
    }
}

/// The request body and `write_body`'s statements of a payload every format sends the same
/// way: a blob as its bytes, a string or enum as its text (`@mediaType`, else
/// `application/octet-stream` and `text/plain`). `None` for a structure, union or document.
pub(super) fn raw_payload_body(krate: &Crate, p: &Member, receiver: &TokenStream) -> Emitted<Option<(TokenStream, TokenStream)>> {
    let value = payload_ref(p, receiver);
    let media = p.media_type.as_deref();
    Ok(Some(match &p.ty {
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
        Type::Def { id, .. } if matches!(def(krate, *id)?.kind, DefKind::Enum(_)) => {
            let content_type = media.unwrap_or("text/plain");
            (
                quote!(#value.map(|v| crate::rest::Body { bytes: v.as_str().as_bytes().to_vec(), content_type: #content_type })),
                quote!(if let Some(v) = #value { out.extend_from_slice(v.as_str().as_bytes()); }),
            )
        }
        _ => return Ok(None),
    }))
}

/// The expression reading a payload every format sends the same way (a blob, string or enum)
/// from the whole `body`: `None` when the body is empty. `None` for other payloads.
pub(super) fn raw_payload_value(krate: &Crate, p: &Member) -> Emitted<Option<TokenStream>> {
    Ok(Some(match &p.ty {
        Type::Blob => quote!(if body.is_empty() { None } else { Some(body.to_vec()) }),
        Type::String => quote! {
            if body.is_empty() {
                None
            } else {
                Some(String::from_utf8(body.to_vec()).map_err(|_| crate::json::Error::new(crate::error::ParseErrorKind::InvalidUtf8, 0))?)
            }
        },
        Type::Def { id, .. } if matches!(def(krate, *id)?.kind, DefKind::Enum(_)) => {
            let path = def_path(krate, *id)?;
            quote! {
                if body.is_empty() {
                    None
                } else {
                    Some(#path::from(std::str::from_utf8(body).map_err(|_| crate::json::Error::new(crate::error::ParseErrorKind::InvalidUtf8, 0))?))
                }
            }
        }
        _ => return Ok(None),
    }))
}

/// How the format writes an operation's request body.
pub(super) struct RequestBody {
    /// The body: an `Option<crate::rest::Body>` expression over `self`.
    pub body: TokenStream,
    /// `write_body`'s statements, appending the body to `out`.
    pub write: TokenStream,
    /// What the body is, for `to_request`'s documentation: "the JSON body".
    pub what: String,
    /// `write_body`'s documentation.
    pub write_doc: String,
}

/// The operation module's parts, given how its body is written.
pub(super) fn operation(krate: &Crate, op: &Operation, body: RequestBody) -> Emitted<super::OperationParts> {
    let name = &op.name;
    let input = structure(krate, op.input)?;
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
    let RequestBody { body, write, what, write_doc } = body;
    let header_count = input.members.iter().filter(|m| matches!(m.binding, Binding::Header(_))).count().saturating_add(2);
    let request = quote!(crate::rest::request(#method, uri.finish(), headers, body, #host_prefix, #compression, options));
    let request = super::with_checksum(krate, op, request)?;
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
    let write_body = quote! {
        #[doc = #write_doc]
        pub fn write_body(&self, out: &mut Vec<u8>) {
            #write
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
    // S3's bucket operations have no path of their own: the endpoint's is theirs.
    let target = if pattern.is_empty() { format!("`{method}` to the endpoint's own path") } else { format!("`{method} {pattern}`") };
    let error_header = match krate.service.protocol {
        crate::ir::Protocol::RestJson1 => "`X-Amzn-Errortype` and ",
        _ => "",
    };
    Ok(super::OperationParts {
        items: TokenStream::new(),
        request_doc: vec![
            format!("The HTTP request for this input: {target} with the members the HTTP binding traits"),
            format!("place in the URI and the headers, and {what}. Sign it (SigV4) and send it with your own HTTP client."),
        ],
        build_request,
        write_body,
        read_headers,
        response_doc: vec![
            format!("Parses a `{name}` response: the HTTP status, the headers (names in any case; those the model"),
            format!("binds to members, {error_header}`x-amzn-requestid`) and the body."),
        ],
    })
}

/// How the format reads a response's body.
pub(super) struct ResponseBody {
    /// The output read from `body`, for an output with members in the body: a
    /// `json::Result` expression.
    pub read: TokenStream,
    /// A payload member's value read from the whole `body` (`None` when it is empty).
    pub payload: fn(&Crate, &Member) -> Emitted,
    /// The error reader over `status`, `headers` and `body`, whose builders the modeled errors
    /// have.
    pub error: TokenStream,
    /// For an operation with `error_on_success`, whether a successful `body` is an error.
    pub is_error: Option<TokenStream>,
}

/// `de.rs`: the parser of an operation's responses, and the function that reads a successful
/// one (body, headers and status) into the output.
pub(super) fn parse_fn(krate: &Crate, op: &Operation, format: &ResponseBody) -> Emitted {
    let name = ident(&op.parse_fn);
    let read_output = ident(&format!("read_{}", op.parse_fn));
    let output = def_path(krate, op.output)?;
    let output_struct = structure(krate, op.output)?;
    let module = ident(&op.module);
    let error_name = ident(&op.error_name);
    let error_path = quote!(crate::operation::#module::#error_name);
    let error = quote!(#error_name);
    let operation = &op.name;
    // The members the body holds: the payload alone, those bound to the body, or nothing
    // (then whatever the body holds, often `{}` or nothing, is ignored).
    let body_read = if output_struct.members.iter().any(|m| m.binding == Binding::Body) {
        let read = &format.read;
        quote!(#read?)
    } else {
        let fields = output_struct
            .members
            .iter()
            .map(|m| {
                let f = ident(&m.field);
                let value = if m.binding == Binding::Payload {
                    super::json_body::de::absent_value(krate, m, (format.payload)(krate, m)?)?
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
    let read_error = &format.error;
    let errors = if op.errors.is_empty() {
        quote! {
            Err(#error::Unhandled(Box::new(#read_error.unhandled())))
        }
    } else {
        let fallback: Vec<TokenStream> = fallback.collect();
        let code = if fallback.is_empty() {
            quote!(error.code())
        } else {
            quote! {
                error.code().or(match status {
                    #(#fallback)*
                    _ => None,
                })
            }
        };
        quote! {
            let mut error = #read_error;
            let code = #code;
            let mismatch = match code {
                #(#arms)*
                _ => return Err(#error::Unhandled(Box::new(error.unhandled()))),
            };
            // The code names a modeled error the body does not match: keep the code.
            Err(#error::Unhandled(Box::new(error.mismatched(mismatch, #operation))))
        }
    };
    let doc = format!(" Parses a `{}` response.", op.name);
    let success = match (&format.is_error, op.error_on_success) {
        (Some(is_error), true) => quote!(crate::http::is_success(status) && !#is_error),
        _ => quote!(crate::http::is_success(status)),
    };
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
            if #success {
                return match #read_output(status, &headers, body) {
                    Ok(output) => Ok(output),
                    Err(e) => Err(#error::MalformedResponse(Box::new(crate::json::response::parse_error(e, #operation, status, headers.request_id)))),
                };
            }
            #errors
        }
    })
}
