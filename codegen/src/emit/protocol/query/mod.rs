//! Stage 4 (emit), awsQuery and ec2Query: every request is `POST /` with a form body
//! (`Action`, `Version`, then the input's members, `ser`); responses are XML, read by the
//! shared XML readers (`xml_body`) from inside the protocol's wrapping elements, and errors are
//! `<Error>` elements whose `<Code>` names the modeled error.

pub mod ser;

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::common::{Broken, Emitted, def, structure};
use crate::ir::{Crate, Operation, Protocol};
use crate::names::ident;

/// The runtime's name of the protocol's response wrapping.
fn style(krate: &Crate) -> TokenStream {
    match krate.service.protocol {
        Protocol::Ec2Query => quote!(crate::xml::response::Style::Ec2),
        _ => quote!(crate::xml::response::Style::Query),
    }
}

/// The operation module's parts: `ACTION`, the framing, and the request built from both.
pub fn operation(krate: &Crate, op: &Operation) -> Emitted<super::OperationParts> {
    let name = &op.name;
    let version = krate.service.version.clone().unwrap_or_default();
    let compression = if op.gzip {
        quote!(Some(crate::http::Compression { encode: crate::gzip::compress, encoding: "gzip" }))
    } else {
        quote!(None)
    };
    let host_prefix = crate::emit::operation::host_prefix_expr(krate, op)?;
    if !op.fixed_headers.is_empty() {
        return Err(Broken(format!("{}: {} takes no customised headers", op.shape_id, krate.service.protocol.name())));
    }
    let action_doc = format!(" The `Action` of `{name}` requests.");
    let items = quote! {
        #[doc = #action_doc]
        pub const ACTION: &str = #name;

        /// How requests of this operation are framed.
        const FRAMING: crate::query::Framing = crate::query::Framing { compression: #compression };
    };
    let request = super::with_checksum(krate, op, quote!(crate::query::request(&FRAMING, body, #host_prefix, options)))?;
    let input = structure(krate, op.input)?;
    let capacity = super::body_capacity(input).saturating_add(name.len()).saturating_add(version.len());
    let build_request = quote! {
        let mut body = Vec::with_capacity(#capacity);
        self.write_body(&mut body);
        #request
    };
    let input_ser = ident(&def(krate, op.input)?.ser_fn);
    let write = if input.members.is_empty() {
        TokenStream::new()
    } else {
        quote!(crate::ser::#input_ser(out, &mut crate::query::Key::new(), self);)
    };
    let write_body = quote! {
        /// Appends the form body of the request to `out`: `Action`, `Version`, then the members
        /// that are set.
        pub fn write_body(&self, out: &mut Vec<u8>) {
            crate::query::begin(out, ACTION, #version);
            #write
        }
    };
    let protocol = krate.service.protocol.name();
    Ok(super::OperationParts {
        items,
        request_doc: vec![
            "The HTTP request for this input: `POST /` with `Content-Type: application/x-www-form-urlencoded`".to_owned(),
            format!("and the {protocol} form body (`Action={name}`, `Version={version}`, the members). Sign it"),
            "(SigV4) and send it with your own HTTP client.".to_owned(),
        ],
        build_request,
        write_body,
        read_headers: quote!(crate::http::ResponseHeaders::read(headers, false)),
        response_doc: vec![
            format!("Parses a `{name}` response: the HTTP status, the headers (names in any case; only"),
            "`x-amzn-requestid` is read) and the XML body.".to_owned(),
        ],
    })
}

/// `de.rs`: the parser of an operation's responses, status, headers and body to its output or
/// its error.
pub fn parse_fn(krate: &Crate, op: &Operation) -> Emitted {
    let operation = &op.name;
    let style = style(krate);
    // awsQuery wraps the output's members in `<OperationResult>`; ec2Query does not.
    let result = match krate.service.protocol {
        Protocol::Ec2Query => String::new(),
        _ => format!("{}Result", op.name),
    };
    let read_error = quote!(crate::xml::response::ErrorResponse::read(status, &mut headers, body, #style));
    super::rpc_parse_fn(krate, op, read_error, |output_de, error| {
        quote! {
            return crate::xml::response::parse_body(body, #result, #output_de).map_err(|failure| {
                #error::MalformedResponse(Box::new(crate::json::response::parse_error(failure, #operation, status, headers.request_id)))
            });
        }
    })
}
