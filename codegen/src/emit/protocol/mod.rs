//! Stage 4 (emit): the one place that knows which protocol the crate speaks. Everything else in
//! `emit` reads the HTTP bindings from the IR and asks here how the protocol frames a request,
//! reads a response and names its modules; each protocol is one file beside this one, the
//! JSON body code (`json_body`) is shared by the JSON protocols and the XML body code
//! (`xml_body`) by the XML ones.

mod aws_json;
mod http_bindings;
pub mod json_body;
mod query;
mod rest;
mod rest_json;
mod rest_xml;
pub mod xml_body;

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::common::Emitted;
use crate::ir::{Crate, Operation, Protocol};

/// What the protocol puts in an operation's module.
pub struct OperationParts {
    /// Items of the module: constants the requests use.
    pub items: TokenStream,
    /// The documentation of `to_request`.
    pub request_doc: Vec<String>,
    /// The body of `to_request_with(&self, options)`, giving the `HttpRequest`.
    pub build_request: TokenStream,
    /// `write_body`, with its documentation: the body alone, into the caller's buffer.
    pub write_body: TokenStream,
    /// The expression turning `headers` (the caller's) into what the parser reads.
    pub read_headers: TokenStream,
    /// The first lines of the documentation of `parse_response`: what it reads.
    pub response_doc: Vec<String>,
}

/// The protocol's parts of an operation's module.
pub fn operation(krate: &Crate, op: &Operation) -> Emitted<OperationParts> {
    match krate.service.protocol {
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => aws_json::operation(krate, op),
        Protocol::RestJson1 => rest_json::operation(krate, op),
        Protocol::AwsQuery | Protocol::Ec2Query => query::operation(krate, op),
        Protocol::RestXml => rest_xml::operation(krate, op),
    }
}

/// `request` (an `HttpRequest` expression), with `Content-MD5` added for an operation with
/// `@httpChecksumRequired`, and the checksum `@httpChecksum` asks for (the algorithm the
/// input's member picks, else CRC32 where one is required).
fn with_checksum(krate: &Crate, op: &Operation, request: TokenStream) -> crate::emit::common::Emitted {
    let mut added = TokenStream::new();
    if op.checksum_required {
        added.extend(quote!(crate::md5::add_content_md5(&mut request);));
    }
    if let Some(checksum) = &op.request_checksum {
        let algorithm = match checksum.algorithm_member {
            Some(index) => {
                let m = crate::emit::common::member(krate, op.input, index)?;
                let field = crate::names::ident(&m.field);
                let text = match &m.ty {
                    crate::ir::Type::String => quote!(self.#field.as_deref()),
                    _ => quote!(self.#field.as_ref().map(|a| a.as_str())),
                };
                if m.presence == crate::ir::Presence::Optional { text } else { quote!(Some(self.#field.as_str())) }
            }
            None => quote!(None),
        };
        let required = checksum.required;
        added.extend(quote!(crate::checksum::add(&mut request, #algorithm, #required);));
    }
    Ok(if added.is_empty() {
        request
    } else {
        quote! {{
            let mut request = #request;
            #added
            request
        }}
    })
}

/// The parser of an RPC protocol's responses (awsJson, awsQuery, ec2Query), which differ only
/// in how they read a successful body (`success`, given the output's reader and the error
/// enum's name) and which error reader they start (`read_error`, over `status`, `headers` and
/// `body`): modeled errors are matched by code, a code whose body does not match is kept.
fn rpc_parse_fn(
    krate: &Crate,
    op: &Operation,
    read_error: TokenStream,
    success: impl FnOnce(&proc_macro2::Ident, &proc_macro2::Ident) -> TokenStream,
) -> Emitted {
    use crate::emit::common::{Broken, def, def_path, structure};
    use crate::names::ident;
    let name = ident(&op.parse_fn);
    let output = def_path(krate, op.output)?;
    let output_de = ident(&def(krate, op.output)?.de_fn);
    let module = ident(&op.module);
    let error = ident(&op.error_name);
    let error_path = quote!(crate::operation::#module::#error);
    let operation = &op.name;
    let arms = op
        .errors
        .iter()
        .map(|e| {
            let d = def(krate, e.def)?;
            let crate::ir::StructRole::Error { code, .. } = &structure(krate, e.def)?.role else {
                return Err(Broken(format!("{} is listed as an error but is none", d.shape_id)));
            };
            let build = ident(&d.error_fn);
            let variant = ident(&e.variant);
            let code = proc_macro2::Literal::byte_string(code.as_bytes());
            Ok(quote!(Some(code) if code == #code => match #build(&mut error) {
                Ok(e) => return Err(#error::#variant(Box::new(e))),
                Err(e) => e,
            },))
        })
        .collect::<Emitted<Vec<_>>>()?;
    let errors = if op.errors.is_empty() {
        quote!(Err(#error::Unhandled(Box::new(#read_error.unhandled()))))
    } else {
        quote! {
            let mut error = #read_error;
            let mismatch = match error.code() {
                #(#arms)*
                _ => return Err(#error::Unhandled(Box::new(error.unhandled()))),
            };
            // The code names a modeled error the body does not match: keep the code.
            Err(#error::Unhandled(Box::new(error.mismatched(mismatch, #operation))))
        }
    };
    let success = success(&output_de, &error);
    let doc = format!(" Parses a `{}` response.", op.name);
    Ok(quote! {
        #[doc = #doc]
        pub(crate) fn #name(status: u16, mut headers: ResponseHeaders, body: &[u8]) -> std::result::Result<#output, #error_path> {
            use #error_path;
            if crate::http::is_success(status) {
                #success
            }
            #errors
        }
    })
}

/// A first guess at the size of a JSON body holding the members of `s` bound to it, so that
/// writing one seldom grows its buffer: 64 bytes and 48 a member, at most 2 KiB.
fn body_capacity(s: &crate::ir::Struct) -> usize {
    let members = s.members.iter().filter(|m| m.binding == crate::ir::Binding::Body).count();
    members.saturating_mul(48).saturating_add(64).min(2048)
}

/// How the crate's docs name the protocol family: `awsJson`, `restJson1`.
pub fn doc_name(krate: &Crate) -> &'static str {
    match krate.service.protocol {
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => "awsJson",
        Protocol::RestJson1 => "restJson1",
        Protocol::AwsQuery => "awsQuery",
        Protocol::Ec2Query => "ec2Query",
        Protocol::RestXml => "restXml",
    }
}

/// `src/ser.rs`: the request body writers.
pub fn ser_module(krate: &Crate) -> Emitted {
    match krate.service.protocol {
        Protocol::AwsQuery | Protocol::Ec2Query => query::ser::emit_module(krate),
        Protocol::RestXml => xml_body::ser::emit_module(krate),
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 | Protocol::RestJson1 => json_body::ser::emit_module(krate),
    }
}

/// `src/de.rs`: one parser per operation, the builders of modeled errors, and the readers.
pub fn de_module(krate: &Crate) -> Emitted {
    if krate.service.protocol.is_xml() {
        return xml_de_module(krate);
    }
    let operations = krate
        .operations
        .iter()
        .map(|op| match krate.service.protocol {
            Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => aws_json::parse_fn(krate, op),
            Protocol::RestJson1 => rest_json::parse_fn(krate, op),
            Protocol::AwsQuery | Protocol::Ec2Query | Protocol::RestXml => {
                Err(crate::emit::common::Broken("the XML protocols' parsers are xml_de_module's".to_owned()))
            }
        }
        .map(|items| crate::emit::common::gate(&crate::emit::common::op_cfg(op), items)))
        .collect::<Emitted<Vec<_>>>()?;
    let errors = json_body::errors::emit_shared(krate)?;
    let readers = json_body::de::readers(krate)?;
    let doc = format!(" {} response deserializers.", doc_name(krate));
    // The trait that names where a failure happened, where some reader uses it.
    // (in test-only readers alone, the import is test-only too).
    let names = ["in_member", "at_index", "at_key"];
    let used = |test: bool| {
        operations.iter().chain([&errors, &readers]).any(|tokens| {
            names.iter().any(|name| {
                if test {
                    crate::emit::common::mentions(tokens, name)
                } else {
                    crate::emit::common::mentions_outside_tests(tokens, name)
                }
            })
        })
    };
    let locate = if used(false) {
        quote!(use crate::json::read::Locate;)
    } else if used(true) {
        quote!(#[cfg(test)] use crate::json::read::Locate;)
    } else {
        TokenStream::new()
    };
    let imports = quote!(#locate use crate::json::{Reader, Result};);
    Ok(quote! {
        #![doc = #doc]

        use crate::http::ResponseHeaders;
        #imports

        #(#operations)*
        #errors
        #readers
    })
}

/// `src/de.rs` of an XML protocol: the operations' parsers, the builders of modeled errors and
/// the element readers.
fn xml_de_module(krate: &Crate) -> Emitted {
    let operations = krate
        .operations
        .iter()
        .map(|op| {
            let parser = match krate.service.protocol {
                Protocol::RestXml => rest_xml::parse_fn(krate, op),
                _ => query::parse_fn(krate, op),
            };
            parser.map(|items| crate::emit::common::gate(&crate::emit::common::op_cfg(op), items))
        })
        .collect::<Emitted<Vec<_>>>()?;
    let errors = xml_body::de::error_builders(krate)?;
    let readers = xml_body::de::readers(krate)?;
    let doc = format!(" {} response deserializers.", doc_name(krate));
    let imports = if crate::emit::common::mentions(&readers, "Reader") {
        quote!(use crate::xml::{Element, Reader};)
    } else {
        TokenStream::new()
    };
    Ok(quote! {
        #![doc = #doc]

        use crate::http::ResponseHeaders;
        use crate::json::Result;
        #imports

        #(#operations)*
        #errors
        #readers
    })
}

/// Every runtime file that belongs to a protocol: a crate carries only those of its own
/// ([`runtime_files`]).
pub const PROTOCOL_FILES: &[&str] = &[
    "src/aws_json.rs",
    "src/rest.rs",
    "src/query.rs",
    "src/xml.rs",
    "src/xml/read.rs",
    "src/xml/response.rs",
    "src/xml/write.rs",
];

/// The runtime files the protocol needs beyond those every crate has, by path in the crate.
pub fn runtime_files(krate: &Crate) -> &'static [&'static str] {
    match krate.service.protocol {
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => &["src/aws_json.rs"],
        Protocol::RestJson1 => &["src/rest.rs"],
        Protocol::AwsQuery | Protocol::Ec2Query => {
            &["src/query.rs", "src/xml.rs", "src/xml/read.rs", "src/xml/response.rs", "src/xml/write.rs"]
        }
        Protocol::RestXml => &["src/rest.rs", "src/xml.rs", "src/xml/read.rs", "src/xml/response.rs", "src/xml/write.rs"],
    }
}

/// The round trips' codecs of an operation: its output written as a response and its request
/// read back into an input, as a service would (test code), with their names. `None` for the
/// RPC protocols: awsJson's inputs and outputs are whole JSON bodies the value round trips
/// cover; the query protocols' outputs have their own round trips (`round_trip::xml`), their
/// form requests none (the compliance cases and the golden requests check them).
pub fn round_trip_codecs(krate: &Crate, op: &Operation) -> Emitted<Option<(TokenStream, RoundTripCodecs)>> {
    match krate.service.protocol {
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 | Protocol::AwsQuery | Protocol::Ec2Query | Protocol::RestXml => Ok(None),
        Protocol::RestJson1 => {
            let (write_response, read_request) = rest_json::round_trip_codec_names(op);
            let named_query = http_bindings::query_keys(op, crate::emit::common::structure(krate, op.input)?)
                .into_iter()
                .map(str::to_owned)
                .collect();
            Ok(Some((
                rest_json::round_trip_codecs(krate, op)?,
                RoundTripCodecs { write_response, read_request, named_query },
            )))
        }
    }
}

/// The names an operation's round trips call.
pub struct RoundTripCodecs {
    /// `fn(&Output) -> support::Message`.
    pub write_response: proc_macro2::Ident,
    /// `fn(&support::Message) -> json::Result<Input>`.
    pub read_request: proc_macro2::Ident,
    /// The query keys the operation itself uses, which `@httpQueryParams` entries cannot take.
    pub named_query: Vec<String>,
}
