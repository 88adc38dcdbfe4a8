//! Stage 4 (emit): the IR into the files of the crate, as token streams (Rust) or text (TOML,
//! runtime sources). Files are keyed by path, so their order never depends on emission order.

pub(crate) mod common;
mod client;
mod crate_files;
mod endpoint;
mod fuzz_tests;
mod operation;
mod protocol;
mod protocol_tests;
mod round_trip;
mod runtime;
mod service_error;
mod types;
mod validate;
mod waiter;

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use crate::error::{ErrorKind, Errors};
use crate::ir::{Crate, Location};

/// What a file holds before rendering.
pub enum Content {
    /// Generated Rust, to be laid out by prettyplease.
    Rust(TokenStream),
    /// Generated Rust of the library, every function of which is made `#[inline]`: compiled in
    /// the crate that calls it, and only if it does, rather than all of it here (what a program
    /// does not call it does not compile). The runtime, which every operation shares, is not.
    Library(TokenStream),
    /// Generated TOML.
    Toml(String),
    /// A runtime source copied verbatim, with its path under `codegen/runtime/`.
    Runtime(&'static str, &'static str),
    /// A JSON object: its entries after the `@generated` one, each value already JSON text.
    JsonObject(Vec<(String, String)>),
}

/// Every file of the crate, by path relative to the crate root. A broken invariant of the IR (a
/// bug in the generator) is an internal error, never code written around it.
pub fn emit(krate: &Crate) -> Result<BTreeMap<String, Content>, Errors> {
    files(krate).map_err(|common::Broken(message)| {
        Errors::one(krate.service.shape_id.clone(), ErrorKind::Internal { message: format!("the IR is inconsistent: {message}") })
    })
}

/// The endpoint parameters the operations' traits bind that the crate leaves unbound:
/// `(operation shape id, parameter, reason)`.
pub fn unbound_endpoint_params(krate: &Crate) -> Result<Vec<(String, String, String)>, Errors> {
    endpoint::unbound_params(krate).map_err(|common::Broken(message)| {
        Errors::one(krate.service.shape_id.clone(), ErrorKind::Internal { message: format!("the IR is inconsistent: {message}") })
    })
}

fn files(krate: &Crate) -> common::Emitted<BTreeMap<String, Content>> {
    let mut files = BTreeMap::new();
    files.insert("Cargo.toml".to_owned(), Content::Toml(crate_files::cargo_toml(krate)));
    files.insert("rustfmt.toml".to_owned(), Content::Toml(crate_files::rustfmt_toml()));
    files.insert(crate::api::API_FILE.to_owned(), Content::JsonObject(crate::api::Surface::of(krate).entries()));
    files.insert("src/lib.rs".to_owned(), Content::Rust(crate_files::lib_rs(krate)?));
    files.insert("src/operation.rs".to_owned(), Content::Rust(crate_files::operation_rs(krate)));
    let header = crate_files::types_rs_docs();
    let shared: Vec<(usize, &crate::ir::TypeDef)> =
        krate.defs.iter().enumerate().filter(|(_, d)| d.location == Location::Types).collect();
    let types = shared
        .iter()
        .map(|(id, d)| Ok(common::gate(&common::def_cfg(krate, *id)?, types::emit_def(krate, d)?)))
        .collect::<common::Emitted<Vec<_>>>()?;
    files.insert("src/types.rs".to_owned(), Content::Rust(quote!(#header pub mod builders; #(#types)*)));
    let builders_docs = types::builders_docs("the structures of [`types`](super)");
    let builders = shared
        .iter()
        .map(|(id, d)| Ok(common::gate(&common::def_cfg(krate, *id)?, types::emit_builder(krate, *id, d)?)))
        .collect::<common::Emitted<Vec<_>>>()?;
    files.insert("src/types/builders.rs".to_owned(), Content::Rust(quote!(#builders_docs #(#builders)*)));
    for op in &krate.operations {
        files.insert(format!("src/operation/{}.rs", op.module), Content::Rust(operation::emit_operation(krate, op)?));
    }
    files.insert("src/ser.rs".to_owned(), Content::Rust(protocol::ser_module(krate)?));
    files.insert("src/service_error.rs".to_owned(), Content::Rust(service_error::emit(krate)?));
    files.insert("src/de.rs".to_owned(), Content::Rust(protocol::de_module(krate)?));
    files.insert("src/validate.rs".to_owned(), Content::Rust(validate::emit(krate)?));
    let gzip = krate.operations.iter().any(|op| op.gzip);
    let idempotency = crate_files::uses_idempotency_tokens(krate, false) || crate_files::uses_idempotency_tokens(krate, true);
    for (path, source, text) in runtime::FILES {
        let wanted = match *path {
            "src/gzip.rs" => gzip,
            "src/md5.rs" => krate.operations.iter().any(|op| op.checksum_required),
            "src/checksum.rs" => krate.operations.iter().any(|op| op.request_checksum.is_some()),
            "src/idempotency.rs" => idempotency,
            p if protocol::PROTOCOL_FILES.contains(&p) => protocol::runtime_files(krate).contains(path),
            "src/pattern.rs" => validate::uses_patterns(krate) || endpoint::uses_partitions(krate),
            "src/endpoint/rules.rs" | "src/client.rs" => krate.service.endpoint.is_some(),
            "src/waiter/engine.rs" => waiter::has_waiters(krate),
            "src/waiter/client.rs" => waiter::has_waiters(krate) && krate.service.endpoint.is_some(),
            _ => true,
        };
        if wanted {
            files.insert((*path).to_owned(), Content::Runtime(source, text));
        }
    }
    if let Some(set) = &krate.service.endpoint {
        files.insert("src/endpoint.rs".to_owned(), Content::Rust(endpoint::module(krate, set)?));
        // A rule set without test cases gets no test file.
        if !set.tests.is_empty() {
            files.insert("tests/endpoints.rs".to_owned(), Content::Rust(endpoint::tests(krate, set)?));
        }
        files.insert("src/client/operations.rs".to_owned(), Content::Rust(client::operations(krate, set)?));
    }
    if waiter::has_waiters(krate) {
        files.insert("src/waiter.rs".to_owned(), Content::Rust(waiter::module(krate)?));
    }
    files.insert("src/round_trip.rs".to_owned(), Content::Rust(round_trip::emit(krate)?));
    files.insert("src/round_trip/support.rs".to_owned(), Content::Runtime("round_trip_support.rs", round_trip::SUPPORT));
    let (main, support) = fuzz_tests::emit(krate)?;
    files.insert("tests/fuzz/main.rs".to_owned(), Content::Rust(main));
    files.insert("tests/fuzz/support.rs".to_owned(), Content::Runtime("fuzz_support.rs", support));
    // Everything generated from the model that a dependent's program may call.
    for (path, content) in files.iter_mut() {
        if path.starts_with("src/") && !path.starts_with("src/round_trip") && matches!(content, Content::Rust(_)) {
            let Content::Rust(tokens) = std::mem::replace(content, Content::Toml(String::new())) else { continue };
            *content = Content::Library(tokens);
        }
    }
    if !krate.protocol_tests.is_empty() {
        let (main, support) = protocol_tests::emit(krate)?;
        files.insert("tests/protocol/main.rs".to_owned(), Content::Rust(main));
        files.insert("tests/protocol/support.rs".to_owned(), Content::Runtime("protocol_test_support.rs", support));
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MODEL: &str = r#"{"smithy":"2.0","shapes":{
        "a#S":{"type":"service","version":"1","operations":[{"target":"a#Op"}],"traits":{"aws.protocols#awsJson1_1":{}}},
        "a#Op":{"type":"operation","input":{"target":"a#In"}},
        "a#In":{"type":"structure","members":{"V":{"target":"a#T"}}},
        "a#T":{"type":"structure","members":{"N":{"target":"smithy.api#String"}}}}}"#;

    fn lowered() -> Crate {
        let settings = crate::Settings {
            package_name: "x".into(),
            source: "x.json".into(),
            service: None,
            operations: Vec::new(),
            protocol_tests: false,
            standalone: true,
            version: None,
            partitions: None,
        };
        crate::lower_model(MODEL, &settings).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_consistent_ir_emits() {
        assert!(emit(&lowered()).is_ok());
    }

    /// A reference the IR cannot resolve is the generator's bug: an internal error naming it,
    /// never code with a placeholder in its place.
    #[test]
    fn a_broken_ir_is_an_internal_error() {
        let mut krate = lowered();
        if let Some(op) = krate.operations.first_mut() {
            op.input = 9999;
        }
        let errors = emit(&krate).err().map(|e| e.to_string()).unwrap_or_default();
        assert_eq!(errors, "a#S: internal generator error: the IR is inconsistent: type 9999 does not exist");
        let mut krate = lowered();
        for def in &mut krate.defs {
            if let crate::ir::DefKind::Struct(s) = &mut def.kind {
                for m in &mut s.members {
                    if let crate::ir::Type::Def { id, .. } = &mut m.ty {
                        *id = 4242;
                    }
                }
            }
        }
        let errors = emit(&krate).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(errors.contains("type 4242 does not exist"), "{errors}");
    }
}
