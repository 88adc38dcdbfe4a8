//! Stage 4 (emit), awsJson 1.0 and 1.1: every request is `POST /` with `Content-Type:
//! application/x-amz-json-1.x`, `X-Amz-Target: Service.Operation` and the input as the JSON
//! body; the error code comes from `X-Amzn-Errortype`, else the body's `code` or `__type`.

use quote::quote;

use crate::emit::common::{Broken, Emitted, def};
use crate::ir::{Crate, Operation, Protocol};
use crate::names::ident;

/// The `Content-Type` of requests.
fn content_type(protocol: Protocol) -> &'static str {
    match protocol {
        Protocol::AwsJson1_0 => "application/x-amz-json-1.0",
        _ => "application/x-amz-json-1.1",
    }
}

/// The operation module's parts: `TARGET`, the framing, and the request built from both.
pub fn operation(krate: &Crate, op: &Operation) -> Emitted<super::OperationParts> {
    let target = format!("{}.{}", krate.service.name, op.name);
    let name = &op.name;
    let content_type = content_type(krate.service.protocol);
    let query_compatible = krate.service.query_compatible;
    let compression = if op.gzip {
        quote!(Some(crate::http::Compression { encode: crate::gzip::compress, encoding: "gzip" }))
    } else {
        quote!(None)
    };
    let host_prefix = crate::emit::operation::host_prefix_expr(krate, op)?;
    if !op.fixed_headers.is_empty() {
        return Err(Broken(format!("{}: awsJson takes no customised headers", op.shape_id)));
    }
    let target_doc = format!(" The `X-Amz-Target` header of `{name}` requests.");
    let items = quote! {
        #[doc = #target_doc]
        pub const TARGET: &str = #target;

        /// How requests of this operation are framed.
        const FRAMING: crate::aws_json::Framing = crate::aws_json::Framing {
            target: TARGET,
            content_type: #content_type,
            query_compatible: #query_compatible,
            compression: #compression,
        };
    };
    let request = super::with_checksum(krate, op, quote!(crate::aws_json::request(&FRAMING, body, #host_prefix, options)))?;
    let capacity = super::body_capacity(crate::emit::common::structure(krate, op.input)?);
    let build_request = quote! {
        let mut body = Vec::with_capacity(#capacity);
        self.write_body(&mut body);
        #request
    };
    let input_ser = ident(&def(krate, op.input)?.ser_fn);
    let write_body = quote! {
        /// Appends the JSON body of the request to `out`. With enough capacity reserved in `out`,
        /// nothing is allocated.
        pub fn write_body(&self, out: &mut Vec<u8>) {
            crate::ser::#input_ser(out, self);
        }
    };
    Ok(super::OperationParts {
        items,
        request_doc: vec![
            format!("The HTTP request for this input: `POST /` with `Content-Type: {content_type}`,"),
            format!("`X-Amz-Target: {target}` and the JSON body. Sign it (SigV4) and send it with"),
            "your own HTTP client.".to_owned(),
        ],
        build_request,
        write_body,
        read_headers: quote!(crate::http::ResponseHeaders::read(headers, FRAMING.query_compatible)),
        response_doc: vec![
            format!("Parses a `{name}` response: the HTTP status, the headers (names in any case; only"),
            "`X-Amzn-Errortype` and `x-amzn-requestid` are read) and the body.".to_owned(),
        ],
    })
}

/// `de.rs`: the parser of an operation's responses, status, headers and body to its output or
/// its error.
pub fn parse_fn(krate: &Crate, op: &Operation) -> Emitted {
    let operation = &op.name;
    let read_error = quote!(ErrorBody::read(status, &mut headers, body, &ERROR_MEMBERS));
    super::rpc_parse_fn(krate, op, read_error, |output_de, error| {
        quote! {
            return crate::json::response::read_output(body, #output_de, #operation, status, &mut headers.request_id)
                .map_err(#error::MalformedResponse);
        }
    })
}
