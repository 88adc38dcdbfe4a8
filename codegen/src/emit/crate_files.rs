//! Stage 4 (emit): the files that hold the crate together: `Cargo.toml`, `rustfmt.toml`,
//! `lib.rs` with the crate documentation, and the `operation` module index.

use proc_macro2::TokenStream;
use quote::quote;

use crate::docs::code;
use crate::ir::{Crate, DefKind, Presence};
use crate::names::ident;

/// `Cargo.toml`: no dependencies by default; the `http` feature brings the `http` crate.
pub fn cargo_toml(krate: &Crate) -> String {
    let description = format!(
        "{} client for the {} protocol, sans-IO: builds requests and parses responses",
        krate.service.title,
        protocol_name(krate)
    );
    let workspace = if krate.standalone { "\n# Builds on its own, wherever it is written.\n[workspace]\n" } else { "" };
    format!(
        "[package]\nname = {name}\nversion = {version}\nedition = \"2024\"\nrust-version = \"1.88\"\ndescription = {description}\npublish = false\n\n[dependencies]\n# Conversions to and from `http`'s request and response types, with the `http` feature.\nhttp = {{ version = \"1\", optional = true }}\n\n{features}{workspace}",
        features = features_toml(krate),
        name = toml_string(&krate.package_name),
        version = toml_string(&krate.version),
        description = toml_string(&description),
    )
}

/// The `[features]` table: one feature per operation, each compiling that operation with the
/// types, errors, validation and tests it reaches, and a default that enables them all.
fn features_toml(krate: &Crate) -> String {
    // Module names: snake case, so bare TOML keys.
    let names: Vec<String> = krate.operations.iter().map(super::common::feature_name).collect();
    let mut out = String::from("# One feature per operation: depend with `default-features = false` and name the\n# operations you call to compile only what they need.\n[features]\n");
    if names.is_empty() {
        out.push_str("default = []\n");
    } else {
        out.push_str("default = [\n");
        for name in &names {
            out.push_str(&format!("    {},\n", toml_string(name)));
        }
        out.push_str("]\n");
    }
    // An operation whose feature is `http` (none of AWS's has one) also brings `http`'s types.
    for name in names.iter().filter(|name| *name != HTTP_FEATURE) {
        out.push_str(&format!("{name} = []\n"));
    }
    out.push_str("# `http::Request` from a request, responses from `http::Response` (off by default).\n");
    out.push_str(&format!("{HTTP_FEATURE} = [\"dep:http\"]\n"));
    out
}

/// The feature that brings the `http` crate's types.
const HTTP_FEATURE: &str = "http";

fn toml_string(text: &str) -> String {
    // A TOML basic string has the same escapes as JSON for everything we emit.
    serde_json::Value::String(text.to_owned()).to_string()
}

fn protocol_name(krate: &Crate) -> &'static str {
    krate.service.protocol.name()
}

/// `rustfmt.toml`: generated code is laid out by prettyplease and must stay byte-identical to
/// what the generator writes, so `cargo fmt` leaves it alone.
pub fn rustfmt_toml() -> String {
    "disable_all_formatting = true\n".to_owned()
}

/// `src/lib.rs`: crate documentation and the module tree.
pub fn lib_rs(krate: &Crate) -> super::common::Emitted {
    let docs = crate_docs(krate);
    let docs = docs.iter().map(|line| {
        let text = if line.is_empty() { String::new() } else { format!(" {line}") };
        quote!(#![doc = #text])
    });
    let gzip = if krate.operations.iter().any(|op| op.gzip) { quote!(mod gzip;) } else { TokenStream::new() };
    let md5 = if krate.operations.iter().any(|op| op.checksum_required) { quote!(mod md5;) } else { TokenStream::new() };
    let checksum =
        if krate.operations.iter().any(|op| op.request_checksum.is_some()) { quote!(mod checksum;) } else { TokenStream::new() };
    let idempotency = if uses_idempotency_tokens(krate, false) {
        quote!(mod idempotency;)
    } else if uses_idempotency_tokens(krate, true) {
        quote!(#[cfg(test)] mod idempotency;)
    } else {
        TokenStream::new()
    };
    let pattern = if super::validate::uses_patterns(krate) || super::endpoint::uses_partitions(krate) {
        quote!(mod pattern;)
    } else {
        TokenStream::new()
    };
    let endpoint = if krate.service.endpoint.is_some() {
        quote! {
            pub mod client;
            pub mod endpoint;
        }
    } else {
        TokenStream::new()
    };
    // The protocol's own runtime: `src/aws_json.rs` gives `mod aws_json;` (a submodule's file,
    // `src/xml/read.rs`, is its parent's to declare).
    let protocol_modules = super::protocol::runtime_files(krate).iter().filter_map(|path| {
        let module = path.strip_prefix("src/")?.strip_suffix(".rs")?;
        let module = (!module.contains('/')).then(|| ident(module))?;
        Some(quote!(mod #module;))
    });
    let service_error = quote! {
        mod service_error;
        pub use error::{ProvideErrorMetadata, RetryKind};
        pub use service_error::Error;
    };
    let client = if krate.service.endpoint.is_some() { quote!(pub use client::Client;) } else { TokenStream::new() };
    let waiter = if super::waiter::has_waiters(krate) { quote!(pub mod waiter;) } else { TokenStream::new() };
    // With some operations' features off, runtime code only they use is unused; with all on
    // (the default), every warning stays.
    let features = krate.operations.iter().map(super::common::feature_name);
    let subset = quote! {
        #![cfg_attr(
            not(all(#(feature = #features),*)),
            allow(dead_code, unused_imports, reason = "the runtime serves every operation; this build compiles only some")
        )]
    };
    let constants = service_constants(&krate.service);
    Ok(quote! {
        #(#docs)*
        #![forbid(unsafe_code)]
        #subset
        #![warn(missing_docs)]
        #![allow(deprecated, reason = "the crate must name, read and write what the model deprecates; its users still see the warnings")]
        #![warn(
            clippy::unwrap_used,
            clippy::expect_used,
            clippy::panic,
            clippy::unreachable,
            clippy::todo,
            clippy::unimplemented,
            clippy::indexing_slicing,
            clippy::arithmetic_side_effects
        )]

        #endpoint
        pub mod error;
        pub mod http;
        pub mod operation;
        pub mod primitives;
        pub mod types;
        pub mod validation;
        #waiter

        #service_error
        #client
        #constants

        #(#protocol_modules)*
        mod de;
        #gzip
        #md5
        #checksum
        #idempotency
        mod json;
        #pattern
        #[cfg(test)]
        #[allow(clippy::panic, reason = "a test reports a failure by panicking")]
        mod round_trip;
        mod ser;
        mod validate;
    })
}

/// True when a structure requests write (with `test`, one only the round-trip tests write) has
/// an optional `@idempotencyToken` member, so the token generator is needed.
pub fn uses_idempotency_tokens(krate: &Crate, test: bool) -> bool {
    krate.defs.iter().any(|d| {
        (if test { d.ser.tests_only() } else { d.in_request })
            && matches!(&d.kind, crate::ir::DefKind::Struct(s) if s.members.iter().any(|m| m.idempotency_token && m.presence == Presence::Optional))
    })
}

/// The facts about the service a client needs beside the requests: the names to sign with, to
/// find the endpoint by and to report, each a constant when the model gives it.
fn service_constants(service: &crate::ir::Service) -> TokenStream {
    let facts = [
        ("SIGNING_NAME", &service.signing_name, " The name SigV4 signs this service's requests with (`aws.auth#sigv4`)."),
        ("SDK_ID", &service.sdk_id, " The service's name in AWS's SDKs (`aws.api#service` `sdkId`)."),
        ("API_VERSION", &service.version, " The version of the service's API this crate was generated from."),
        (
            "ENDPOINT_PREFIX",
            &service.endpoint_prefix,
            " The first label of the service's endpoint host names (`aws.api#service` `endpointPrefix`).",
        ),
    ];
    facts
        .into_iter()
        .filter_map(|(name, value, doc)| {
            let (name, value) = (ident(name), value.as_deref()?);
            Some(quote!(#[doc = #doc] pub const #name: &str = #value;))
        })
        .collect()
}

fn crate_docs(krate: &Crate) -> Vec<String> {
    let service = &krate.service;
    let mut lines = vec![format!("# {}", service.title), String::new()];
    lines.extend(service.docs.iter().cloned());
    if !service.docs.is_empty() {
        lines.push(String::new());
    }
    let version = service.version.as_deref().map(|v| format!(" (API version {v})")).unwrap_or_default();
    lines.push(format!(
        "Generated from the Smithy model of {}{version}. The crate is sans-IO: it builds",
        code(&service.shape_id)
    ));
    lines.push(format!(
        "{} requests and parses their responses; you bring the HTTP client and the SigV4 signer{}.",
        protocol_name(krate),
        service.signing_name.as_deref().map(|n| format!(" (signing name {})", code(n))).unwrap_or_default()
    ));
    lines.push("It has no dependencies; the `http` feature (off by default) converts requests into".to_owned());
    lines.push("`http::Request`s and parses `http::Response`s.".to_owned());
    if krate.service.endpoint.is_some() {
        lines.push("[`endpoint::resolve`] gives the URL to send requests to and the name and region to sign".to_owned());
        lines.push("them with, by the model's endpoint rules (region, FIPS, dual-stack, custom endpoints).".to_owned());
    }
    lines.push(String::new());
    lines.push("## Operations".to_owned());
    lines.push(String::new());
    for op in &krate.operations {
        lines.push(format!("- [`{}`](operation::{}): {}", op.name, op.module, first_sentence(&op.docs)));
    }
    lines.push(String::new());
    if !krate.skipped_operations.is_empty() {
        lines.push("Not generated (the generator prints a warning for each):".to_owned());
        lines.push(String::new());
        for (name, reason) in &krate.skipped_operations {
            lines.push(format!("- `{name}`: {reason}."));
        }
        lines.push(String::new());
    }
    if !krate.customisations.is_empty() {
        lines.push("Beyond what the model says, as AWS's SDKs do for this service:".to_owned());
        lines.push(String::new());
        for what in &krate.customisations {
            lines.push(format!("- {what}."));
        }
        lines.push(String::new());
    }
    lines.push(
        "Each operation has its own error enum; [`Error`] holds any of them, for code that calls many operations."
            .to_owned(),
    );
    lines.push(String::new());
    lines.extend(example(krate));
    lines.extend(client_example(krate));
    lines.extend(protocol_behaviour(krate).into_iter().map(str::to_owned));
    lines.extend(
        [
            "- Building or sending a value never checks the model's constraints (`@length`, `@range`,",
            "  `@pattern`, `@uniqueItems`): a service that relaxes a limit never breaks an old client.",
            "  `build()` fails only when a `@required` member is unset, and names it.",
            "- Checking is explicit: `validate()` on every operation input (and on every type a request",
            "  can hold that the model constrains) checks `@required` and every constraint above, in",
            "  the value and all it holds, and returns every violation at once, each with its path",
            "  (`destinations[0]`), the constraint and the measure; `to_validated_request()` validates",
            "  before building. Lengths count characters (Unicode scalar values) for strings, bytes for",
            "  blobs, items and entries for lists and maps. Patterns are checked by a small built-in",
            "  matcher, linear in the text; the few the generator cannot honour exactly are named in",
            "  their member's documentation as not checked. Responses are never validated.",
            "- Requests write members in model order and leave absent members out.",
            "- Responses: unknown members are skipped, a missing `@default` member takes its default,",
            "  and a missing `@required` member takes Smithy's error-corrected zero value. A value of",
            "  the wrong type is an error that names the member.",
            "- Enums keep values this crate does not know (`Unknown`), and send them back unchanged.",
            "- Timestamps are exact to the nanosecond; see [`Timestamp`](primitives::Timestamp).",
        ]
        .map(str::to_owned),
    );
    lines
}

/// The first sentence of the first paragraph, for one-line summaries; a full stop inside code
/// or a link does not end it.
pub fn first_sentence(docs: &[String]) -> String {
    let first = docs.first().map(String::as_str).unwrap_or_default();
    let (mut in_code, mut depth) = (false, 0usize);
    for (at, c) in first.char_indices() {
        match c {
            '`' => in_code = !in_code,
            '[' | '(' if !in_code => depth = depth.saturating_add(1),
            ']' | ')' if !in_code => depth = depth.saturating_sub(1),
            '.' if !in_code && depth == 0 && first.get(at.saturating_add(1)..at.saturating_add(2)) == Some(" ") => {
                return first.get(..=at).unwrap_or(first).to_owned();
            }
            _ => {}
        }
    }
    first.to_owned()
}

/// The heading of the behaviour list, and what the protocol's bodies are.
fn protocol_behaviour(krate: &Crate) -> Vec<&'static str> {
    let mut lines = vec!["", "## Behaviour", ""];
    if krate.service.protocol.is_query() {
        lines.extend([
            "- Requests are forms: `Action`, `Version`, then the members that are set, in model order,",
            "  percent-encoded as botocore encodes them. Responses are XML: a member is the element of",
            "  its XML name; unknown elements are skipped; entities, character references and CDATA are",
            "  read exactly; nesting deeper than 128 elements is an error, never a stack overflow.",
        ]);
    } else if krate.service.protocol.is_xml() {
        lines.extend([
            "- Requests: the HTTP binding traits place members in the URI and the headers; the others",
            "  are the elements of the input's XML document, in model order, those unset left out (or",
            "  the payload is the body alone). Responses are XML: a member is the element of its XML",
            "  name; unknown elements are skipped; entities, character references and CDATA are read",
            "  exactly; nesting deeper than 128 elements is an error, never a stack overflow.",
        ]);
    } else {
        lines.extend([
            "- JSON bodies: an empty input is `{}`; in responses `null` means absent, and nesting deeper",
            "  than 128 levels is an error, never a stack overflow.",
        ]);
    }
    lines
}

/// The body of a success response with nothing set, as the examples give it (escaped for a
/// byte string literal): `{}` in JSON, the empty response element in XML.
fn example_body(krate: &Crate, op: &crate::ir::Operation) -> String {
    if krate.service.protocol.is_xml() { format!("<{}Response/>", op.name) } else { "{}".to_owned() }
}

/// A runnable example for the first operation.
fn example(krate: &Crate) -> Vec<String> {
    let Some(op) = krate.operations.first() else { return Vec::new() };
    let Some(input) = krate.defs.get(op.input) else { return Vec::new() };
    let Some(output) = krate.defs.get(op.output) else { return Vec::new() };
    let lib = krate.package_name.replace('-', "_");
    // The example runs only when the input can be built without setting anything.
    let runs = match &input.kind {
        DefKind::Struct(s) => !s.members.iter().any(|m| m.required || m.presence == Presence::Required),
        _ => false,
    };
    let fence = if runs { "```" } else { "```no_run" };
    let feature = super::common::feature_name(op);
    let package = &krate.package_name;
    vec![
        "## Features".to_owned(),
        String::new(),
        format!("Each operation has a Cargo feature named after its module (`{feature}` for"),
        format!("[`{}`](operation::{})); the default features enable them all. A program that calls", op.name, op.module),
        "a few operations compiles only those, with the types, errors and validation they reach:".to_owned(),
        String::new(),
        "```toml".to_owned(),
        "[dependencies]".to_owned(),
        format!("{package} = {{ version = \"{}\", default-features = false, features = [\"{feature}\"] }}", krate.version),
        "```".to_owned(),
        String::new(),
        "## Example".to_owned(),
        String::new(),
        fence.to_owned(),
        format!("# #[cfg(feature = \"{feature}\")]"),
        "# fn main() -> Result<(), Box<dyn std::error::Error>> {".to_owned(),
        format!("use {lib}::operation::{}::{{{}, {}}};", op.module, input.rust_name, output.rust_name),
        String::new(),
        format!("let input = {}::builder().build()?;", input.rust_name),
        "let request = input.to_request();".to_owned(),
        "assert_eq!(request.method, \"POST\");".to_owned(),
        "// Sign `request` with SigV4, send it, then hand the response over:".to_owned(),
        format!(
            "let output = {}::parse_response(200, [(\"x-amzn-requestid\", \"example\")], b\"{}\")?;",
            output.rust_name,
            example_body(krate, op)
        ),
        format!("# let _: {} = output;", output.rust_name),
        "# Ok(())".to_owned(),
        "# }".to_owned(),
        format!("# #[cfg(not(feature = \"{feature}\"))]"),
        "# fn main() {}".to_owned(),
        "```".to_owned(),
    ]
}

/// The crate docs' section on [`Client`], for a crate with endpoint rules: a call from end to end
/// over a transport that answers every request with the first operation's success.
fn client_example(krate: &Crate) -> Vec<String> {
    let Some(set) = &krate.service.endpoint else { return Vec::new() };
    let Some(op) = krate.operations.first() else { return Vec::new() };
    let Some(input) = krate.defs.get(op.input) else { return Vec::new() };
    let lib = krate.package_name.replace('-', "_");
    let runs = match &input.kind {
        DefKind::Struct(s) => !s.members.iter().any(|m| m.required || m.presence == Presence::Required),
        _ => false,
    };
    let region = set.params.iter().find(|p| p.built_in.as_deref() == Some("AWS::Region"));
    let params = match region {
        Some(p) => format!("Params::default().with_{}(\"us-east-1\")", crate::names::field_name(&p.name, &[])),
        None => "Params::default()".to_owned(),
    };
    let feature = super::common::feature_name(op);
    let method = super::client::method_name(&op.module);
    vec![
        String::new(),
        "## Calling the service".to_owned(),
        String::new(),
        "[`Client`] does the rest of a call: it resolves the endpoint by the model's rules, builds the".to_owned(),
        "request, has your signer sign it, sends it with your transport (one method: request in,".to_owned(),
        "response out), retries what AWS's SDKs retry, and parses the output or the typed error.".to_owned(),
        "A closure can be the transport, and another the signer:".to_owned(),
        String::new(),
        if runs { "```" } else { "```no_run" }.to_owned(),
        format!("# #[cfg(feature = \"{feature}\")]"),
        "# fn main() -> Result<(), Box<dyn std::error::Error>> {".to_owned(),
        format!("use {lib}::client::{{BoxError, Client, Request, Response}};"),
        format!("use {lib}::endpoint::Params;"),
        format!("use {lib}::operation::{}::{};", op.module, input.rust_name),
        String::new(),
        "// The transport: your HTTP client sends `request.method` to `request.url`.".to_owned(),
        "let transport = |request: Request| -> Result<Response, std::io::Error> {".to_owned(),
        "    assert!(request.url.starts_with(\"https://\"));".to_owned(),
        format!(
            "    Ok(Response {{ status: {}, headers: Vec::new(), body: b\"{}\".to_vec() }})",
            op.http.code,
            example_body(krate, op)
        ),
        "};".to_owned(),
        "// The signer: SigV4 for `request.signing.name` in `request.signing.region`.".to_owned(),
        "let signer = |request: &mut Request| -> Result<(), BoxError> {".to_owned(),
        "    request.headers.push((\"authorization\".into(), \"AWS4-HMAC-SHA256 ...\".into()));".to_owned(),
        "    Ok(())".to_owned(),
        "};".to_owned(),
        format!("let client = Client::new(transport, {params}).with_signer(signer);"),
        format!("let output = client.{method}(&{}::builder().build()?)?;", input.rust_name),
        "# let _ = output;".to_owned(),
        "# Ok(())".to_owned(),
        "# }".to_owned(),
        format!("# #[cfg(not(feature = \"{feature}\"))]"),
        "# fn main() {}".to_owned(),
        "```".to_owned(),
    ]
}

/// `src/operation.rs`: one module per operation.
pub fn operation_rs(krate: &Crate) -> TokenStream {
    let modules = krate.operations.iter().map(|op| {
        let module = ident(&op.module);
        let cfg = super::common::op_cfg(op);
        quote!(#cfg pub mod #module;)
    });
    let lib = krate.package_name.replace('-', "_");
    let example = [
        String::new(),
        "Every operation's input implements [`Operation`], so one generic function can send".to_owned(),
        "any of them:".to_owned(),
        String::new(),
        "```".to_owned(),
        format!("use {lib}::operation::Operation;"),
        String::new(),
        "/// Sends `input` with `transport` (an HTTP client, with a SigV4 signer before it),".to_owned(),
        "/// which gives the response's status, headers and body.".to_owned(),
        "fn send<I: Operation>(".to_owned(),
        "    input: &I,".to_owned(),
        format!("    transport: impl FnOnce({lib}::http::HttpRequest) -> (u16, Vec<(String, String)>, Vec<u8>),"),
        ") -> Result<I::Output, I::Error> {".to_owned(),
        "    let (status, headers, body) = transport(input.to_request());".to_owned(),
        "    I::parse_response(status, headers.iter().map(|(k, v)| (k.as_str(), v.as_bytes())), &body)".to_owned(),
        "}".to_owned(),
        "```".to_owned(),
    ];
    let docs = example.iter().map(|line| {
        let text = if line.is_empty() { String::new() } else { format!(" {line}") };
        quote!(#![doc = #text])
    });
    let endpoint_params = if krate.service.endpoint.is_some() {
        quote! {
            /// The endpoint parameters of a call: `params` (the caller's settings: region, FIPS,
            /// dual-stack...) with those the model binds to the operation, from members of the
            /// input (`@contextParam`, and JMESPath paths into it, `operationContextParams`) and
            /// fixed values (`staticContextParams`).
            fn endpoint_params(&self, params: crate::endpoint::Params) -> crate::endpoint::Params {
                params
            }
        }
    } else {
        TokenStream::new()
    };
    quote! {
        //! The operations, one module each: the input, the output, the error enum, and the calls
        //! that build a request and parse a response. Each is compiled with its Cargo feature
        //! (the module's name), which the default features enable for every operation.
        #(#docs)*

        /// An operation, implemented by its input: what it returns, how it fails, how its request
        /// is built and its response parsed. The inherent methods of the same names (the
        /// input's, and the output's `parse_response`) do the same; this trait is for code
        /// generic over operations, such as one `send` for them all.
        pub trait Operation {
            /// The operation's name in the model.
            const NAME: &'static str;

            /// What the operation returns.
            type Output;

            /// How the operation fails: its modeled errors and the catch-alls.
            type Error: std::error::Error + crate::error::ProvideErrorMetadata + Into<crate::Error> + 'static;

            /// Checks the input against the model's constraints.
            ///
            /// # Errors
            ///
            /// Every constraint the input breaks.
            fn validate(&self) -> Result<(), crate::validation::ValidationError>;

            /// The HTTP request for this input, built with `options`.
            fn to_request_with(&self, options: &crate::http::RequestOptions) -> crate::http::HttpRequest;

            /// The HTTP request for this input.
            fn to_request(&self) -> crate::http::HttpRequest {
                self.to_request_with(&crate::http::RequestOptions::default())
            }

            #endpoint_params

            /// Parses the operation's response: the status, the headers (names in any case) and
            /// the body.
            ///
            /// # Errors
            ///
            /// The error the response is, or the body's parse failure.
            fn parse_response<K: AsRef<str>, V: AsRef<[u8]>>(
                status: u16,
                headers: impl IntoIterator<Item = (K, V)>,
                body: &[u8],
            ) -> Result<Self::Output, Self::Error>;

            /// Parses the operation's response from an [`http::Response`]
            /// whose body is its bytes. With the `http` feature.
            ///
            /// # Errors
            ///
            /// As [`parse_response`](Self::parse_response).
            #[cfg(feature = "http")]
            fn parse_http_response<B: AsRef<[u8]>>(response: &::http::Response<B>) -> Result<Self::Output, Self::Error> {
                let headers = response.headers().iter().map(|(name, value)| (name.as_str(), value.as_bytes()));
                Self::parse_response(response.status().as_u16(), headers, response.body().as_ref())
            }
        }

        #(#modules)*
    }
}

/// `src/types.rs` header: the shared types follow it.
pub fn types_rs_docs() -> TokenStream {
    quote! {
        //! The data types requests and responses share: structures (each with a builder), enums,
        //! unions, and the modeled errors.
    }
}
