//! Stage 4 (emit): the runtime support every generated crate carries (JSON reading and writing,
//! timestamps, documents, errors, HTTP framing). It is hand-written Rust kept in
//! `codegen/runtime/` and copied verbatim, so the generated crate needs no dependencies.

/// Path in the generated crate, path under `codegen/runtime/`, contents.
pub const FILES: &[(&str, &str, &str)] = &[
    ("src/aws_json.rs", "aws_json.rs", include_str!("../../runtime/aws_json.rs")),
    ("src/client.rs", "client.rs", include_str!("../../runtime/client.rs")),
    ("src/waiter/client.rs", "waiter_client.rs", include_str!("../../runtime/waiter_client.rs")),
    ("src/waiter/engine.rs", "waiter_engine.rs", include_str!("../../runtime/waiter_engine.rs")),
    ("src/endpoint/rules.rs", "endpoint_rules.rs", include_str!("../../runtime/endpoint_rules.rs")),
    ("src/error.rs", "error.rs", include_str!("../../runtime/error.rs")),
    ("src/gzip.rs", "gzip.rs", include_str!("../../runtime/gzip.rs")),
    ("src/http.rs", "http.rs", include_str!("../../runtime/http.rs")),
    ("src/idempotency.rs", "idempotency.rs", include_str!("../../runtime/idempotency.rs")),
    ("src/json.rs", "json.rs", include_str!("../../runtime/json.rs")),
    ("src/json/base64.rs", "json/base64.rs", include_str!("../../runtime/json/base64.rs")),
    ("src/json/read.rs", "json/read.rs", include_str!("../../runtime/json/read.rs")),
    ("src/json/response.rs", "json/response.rs", include_str!("../../runtime/json/response.rs")),
    ("src/json/write.rs", "json/write.rs", include_str!("../../runtime/json/write.rs")),
    ("src/md5.rs", "md5.rs", include_str!("../../runtime/md5.rs")),
    ("src/pattern.rs", "pattern.rs", include_str!("../../runtime/pattern.rs")),
    ("src/primitives.rs", "primitives.rs", include_str!("../../runtime/primitives.rs")),
    ("src/primitives/big_number.rs", "primitives/big_number.rs", include_str!("../../runtime/primitives/big_number.rs")),
    ("src/primitives/document.rs", "primitives/document.rs", include_str!("../../runtime/primitives/document.rs")),
    ("src/primitives/timestamp.rs", "primitives/timestamp.rs", include_str!("../../runtime/primitives/timestamp.rs")),
    ("src/primitives/unknown.rs", "primitives/unknown.rs", include_str!("../../runtime/primitives/unknown.rs")),
    ("src/query.rs", "query.rs", include_str!("../../runtime/query.rs")),
    ("src/rest.rs", "rest.rs", include_str!("../../runtime/rest.rs")),
    ("src/validation.rs", "validation.rs", include_str!("../../runtime/validation.rs")),
    ("src/xml.rs", "xml.rs", include_str!("../../runtime/xml.rs")),
    ("src/xml/read.rs", "xml/read.rs", include_str!("../../runtime/xml/read.rs")),
    ("src/xml/write.rs", "xml/write.rs", include_str!("../../runtime/xml/write.rs")),
];
