//! Stage 4 (emit): the property tests of the crate's response parsers, `tests/fuzz/`. For each
//! operation, the responses the model describes (the output and each modeled error, every member
//! set) become seeds, which the support code copied beside them breaks every way it knows.

mod xml;

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{Emitted, def_path_in};
use crate::ir::{Binding, CollectionKind, Crate, DefKind, Operation, StructRole, TimestampFormat, Type};
use crate::names::ident;

/// The checks every generated test shares.
const SUPPORT: &str = include_str!("../../runtime/fuzz_support.rs");

/// Structures nest this deep in a seed; deeper members are left out (responses may omit them).
const MAX_DEPTH: usize = 4;
/// A seed stops growing past this many bytes: large models stay fast to fuzz.
const MAX_SEED: usize = 16 * 1024;

/// `tests/fuzz/main.rs` and the text of `tests/fuzz/support.rs`.
pub fn emit(krate: &Crate) -> Emitted<(TokenStream, &'static str)> {
    let lib = ident(&krate.package_name.replace('-', "_"));
    // `::` names the crate itself even when a module here has its name (a crate `support`).
    let root = quote!(::#lib);
    let tests = krate
        .operations
        .iter()
        .map(|op| Ok(super::common::gate(&super::common::op_cfg(op), emit_operation(krate, op, &root)?)))
        .collect::<Emitted<Vec<_>>>()?;
    let doc = format!(
        " Property tests of every response parser of {}: see `support.rs`. `FUZZ_CASES` sets the random cases per parser.",
        krate.service.shape_id
    );
    // A crate whose every operation is left out has no parser to test.
    let shared = if krate.operations.is_empty() {
        TokenStream::new()
    } else {
        quote! {
            use crate::support::{Outcome, Seed};

            /// What a parse error says, and the code the error kept.
            fn malformed(e: &#root::error::ParseError, code: Option<&str>) -> Outcome {
                Outcome::Malformed {
                    path: e.path().to_owned(),
                    offset: e.offset(),
                    union: matches!(e.kind(), #root::error::ParseErrorKind::UnionVariants { .. }),
                    code: code.map(str::to_owned),
                }
            }
        }
    };
    // With some operations' features off, the shared helpers may go unused.
    let features = krate.operations.iter().map(super::common::feature_name);
    let subset = quote! {
        #![cfg_attr(not(all(#(feature = #features),*)), allow(dead_code, unused_imports, reason = "only some operations are compiled"))]
    };
    let main = quote! {
        #![doc = #doc]
        #![allow(clippy::panic, reason = "a test reports a failure by panicking")]
        #subset

        mod support;

        #shared

        #(#tests)*
    };
    Ok((main, SUPPORT))
}

fn emit_operation(krate: &Crate, op: &Operation, root: &TokenStream) -> Emitted {
    let name = ident(&op.module);
    let output = def_path_in(krate, op.output, root)?;
    let module = ident(&op.module);
    let error_name = ident(&op.error_name);
    let error = quote!(#root::operation::#module::#error_name);
    let operation = &op.name;
    let seeds = seeds(krate, op).into_iter().map(|seed| {
        let code = match seed.code {
            Some(code) => quote!(Some(#code)),
            None => quote!(None),
        };
        let status = proc_macro2::Literal::u16_unsuffixed(seed.status);
        let body = raw_string(&seed.body);
        let headers = seed.headers.iter().map(|(name, value, member)| {
            let member = match member {
                Some(m) => quote!(Some(#m)),
                None => quote!(None),
            };
            quote!((#name, #value, #member))
        });
        let slots = match &seed.slots {
            Some(slots) => {
                let slots = slots.iter().map(|(start, end, path)| {
                    let (start, end) = (proc_macro2::Literal::usize_unsuffixed(*start), proc_macro2::Literal::usize_unsuffixed(*end));
                    quote!((#start, #end, #path))
                });
                quote!(Some(&[#(#slots),*]))
            }
            None => quote!(None),
        };
        quote!(Seed { status: #status, body: #body, code: #code, headers: &[#(#headers),*], slots: #slots })
    });
    Ok(quote! {
        #[test]
        fn #name() {
            crate::support::check(#operation, &[#(#seeds),*], |status, headers, body| {
                match #output::parse_response(status, headers.iter().map(|(k, v)| (k, v)), body) {
                    Ok(_) => Outcome::Output,
                    Err(#error::MalformedResponse(e)) => malformed(&e, None),
                    // A modeled error's code with a body that is not that error's.
                    Err(#error::Unhandled(u)) => match u.parse_error() {
                        Some(e) => malformed(e, #root::ProvideErrorMetadata::code(u.as_ref())),
                        None => Outcome::Unhandled,
                    },
                    Err(_) => Outcome::Modeled,
                }
            });
        }
    })
}

/// A response written from the model.
struct SeedResponse {
    status: u16,
    body: String,
    /// The code of an error response.
    code: Option<String>,
    /// The headers the HTTP bindings read: name, value, and the member it is read into (none
    /// for a prefix-headers entry, which takes any value).
    headers: Vec<(String, String, Option<String>)>,
    /// An XML body's member values: byte range of the text and member path.
    slots: Option<Vec<(usize, usize, String)>>,
}

/// The headers a structure's members are read from, every one set.
pub(super) fn seed_headers(krate: &Crate, id: usize) -> Vec<(String, String, Option<String>)> {
    let Some(DefKind::Struct(s)) = krate.defs.get(id).map(|d| &d.kind) else { return Vec::new() };
    s.members
        .iter()
        .filter_map(|m| match &m.binding {
            Binding::Header(name) => {
                let value = match &m.ty {
                    Type::Collection(list) => match krate.collections.get(*list).map(|c| &c.kind) {
                        Some(CollectionKind::List { member, .. }) => {
                            let item = header_sample(krate, member, m)?;
                            format!("{item}, {item}")
                        }
                        _ => return None,
                    },
                    ty => header_sample(krate, ty, m)?,
                };
                Some((name.clone(), value, Some(m.name.clone())))
            }
            Binding::PrefixHeaders(prefix) => Some((format!("{prefix}seed"), "text".to_owned(), None)),
            _ => None,
        })
        .collect()
}

/// A header's text for a value of type `ty` of the member `m`.
fn header_sample(krate: &Crate, ty: &Type, m: &crate::ir::Member) -> Option<String> {
    Some(match ty {
        Type::String if m.media_type.is_some() => "dGV4dA==".to_owned(),
        Type::String => "text".to_owned(),
        Type::Bool => "true".to_owned(),
        Type::Byte => "7".to_owned(),
        Type::Short => "300".to_owned(),
        Type::Integer => "70000".to_owned(),
        Type::Long => "5000000000".to_owned(),
        Type::Float => "1.5".to_owned(),
        Type::Double => "2.5e10".to_owned(),
        Type::BigInteger => "123456789012345678901234567890".to_owned(),
        Type::BigDecimal => "1234567890.0987654321".to_owned(),
        Type::Blob => "aGVsbG8=".to_owned(),
        Type::Timestamp(_) => match m.timestamp_format {
            TimestampFormat::EpochSeconds => "1700000000.123".to_owned(),
            TimestampFormat::DateTime => "2023-11-14T22:13:20.123Z".to_owned(),
            TimestampFormat::HttpDate => "Tue, 14 Nov 2023 22:13:20 GMT".to_owned(),
        },
        Type::Def { id, .. } => match krate.defs.get(*id).map(|d| &d.kind) {
            Some(DefKind::Enum(e)) => e.variants.first()?.value.clone(),
            Some(DefKind::IntEnum(e)) => e.variants.first()?.value.to_string(),
            _ => return None,
        },
        Type::Document | Type::Collection(_) => return None,
    })
}

/// The operation's seeds: the output's response and each modeled error's.
fn seeds(krate: &Crate, op: &Operation) -> Vec<SeedResponse> {
    if krate.service.protocol.is_xml() {
        return xml::seeds(krate, op);
    }
    let mut seeds = Vec::new();
    let mut out = String::new();
    // The body: the output's JSON object, or the payload member alone (as JSON, or as text).
    let payload = match krate.defs.get(op.output).map(|d| &d.kind) {
        Some(DefKind::Struct(s)) => s.members.iter().find(|m| m.binding == Binding::Payload),
        _ => None,
    };
    match payload.map(|p| &p.ty) {
        None => {
            sample_struct(krate, op.output, &mut Vec::new(), None, &mut out);
        }
        Some(ty @ (Type::Def { .. } | Type::Document))
            if !matches!(ty, Type::Def { id, .. } if matches!(krate.defs.get(*id).map(|d| &d.kind), Some(DefKind::Enum(_) | DefKind::IntEnum(_)))) =>
        {
            sample(krate, ty, &mut Vec::new(), &mut out);
        }
        Some(_) => out.push_str("text"),
    }
    seeds.push(SeedResponse { status: op.http.code, body: out, code: None, headers: seed_headers(krate, op.output), slots: None });
    for error in &op.errors {
        let Some(DefKind::Struct(s)) = krate.defs.get(error.def).map(|d| &d.kind) else { continue };
        let StructRole::Error { code, status, .. } = &s.role else { continue };
        let mut out = String::new();
        sample_struct(krate, error.def, &mut Vec::new(), Some(code), &mut out);
        seeds.push(SeedResponse {
            status: *status,
            body: out,
            code: Some(code.clone()),
            headers: seed_headers(krate, error.def),
            slots: None,
        });
    }
    seeds
}

/// A raw string literal (`r#"..."#`, with as many `#` as the text needs), for readable seeds.
fn raw_string(text: &str) -> TokenStream {
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}").parse().unwrap_or_else(|_| quote!(#text))
}

/// A JSON string literal.
fn json_string(text: &str, out: &mut String) {
    out.push_str(&serde_json::Value::String(text.to_owned()).to_string());
}

/// A structure with every member it can have; with `code`, an error body led by `__type`.
fn sample_struct(krate: &Crate, id: usize, stack: &mut Vec<usize>, code: Option<&str>, out: &mut String) -> bool {
    let Some(DefKind::Struct(s)) = krate.defs.get(id).map(|d| &d.kind) else { return false };
    if stack.contains(&id) || stack.len() > MAX_DEPTH {
        return false;
    }
    stack.push(id);
    out.push('{');
    let mut first = true;
    if let Some(code) = code {
        out.push_str("\"__type\":");
        json_string(code, out);
        first = false;
    }
    // Members the HTTP bindings put elsewhere (headers, the status) are not in the body.
    for member in s.members.iter().filter(|m| m.binding == Binding::Body) {
        if out.len() > MAX_SEED {
            break;
        }
        let mark = out.len();
        if !first {
            out.push(',');
        }
        json_string(&member.json_key, out);
        out.push(':');
        // A string member keyed `code` is where a body's error code is read first: it holds
        // the code, as a service would send it.
        let written = match code {
            Some(code) if member.json_key == "code" && member.ty == Type::String => {
                json_string(code, out);
                true
            }
            _ => sample(krate, &member.ty, stack, out),
        };
        if written {
            first = false;
        } else {
            out.truncate(mark);
        }
    }
    out.push('}');
    stack.pop();
    true
}

/// A value of type `ty`, or `false` (writing nothing usable) when recursion or size rule it out.
fn sample(krate: &Crate, ty: &Type, stack: &mut Vec<usize>, out: &mut String) -> bool {
    match ty {
        Type::Bool => out.push_str("true"),
        Type::Byte => out.push('7'),
        Type::Short => out.push_str("300"),
        Type::Integer => out.push_str("70000"),
        Type::Long => out.push_str("5000000000"),
        Type::Float => out.push_str("1.5"),
        Type::Double => out.push_str("2.5e10"),
        Type::String => out.push_str("\"text\""),
        Type::Blob => out.push_str("\"aGVsbG8=\""),
        Type::Timestamp(TimestampFormat::EpochSeconds) => out.push_str("1700000000.123"),
        Type::Timestamp(TimestampFormat::DateTime) => out.push_str("\"2023-11-14T22:13:20.123Z\""),
        Type::Timestamp(TimestampFormat::HttpDate) => out.push_str("\"Tue, 14 Nov 2023 22:13:20 GMT\""),
        Type::Document => out.push_str("{\"a\":[1,\"two\",null,true,2.5,{}]}"),
        Type::BigInteger => out.push_str("123456789012345678901234567890"),
        Type::BigDecimal => out.push_str("1234567890.0987654321"),
        Type::Def { id, .. } => return sample_def(krate, *id, stack, out),
        Type::Collection(id) => match krate.collections.get(*id).map(|c| &c.kind) {
            Some(CollectionKind::List { member, .. }) => {
                out.push('[');
                for i in 0..2 {
                    let mark = out.len();
                    if i > 0 {
                        // A second item only while the seed is small: nested collections
                        // would double it at every level.
                        if out.len() > MAX_SEED {
                            break;
                        }
                        out.push(',');
                    }
                    if !sample(krate, member, stack, out) {
                        out.truncate(mark);
                        break;
                    }
                }
                out.push(']');
            }
            Some(CollectionKind::Map { key, value, .. }) => {
                out.push('{');
                for (i, key) in map_keys(krate, key).iter().enumerate() {
                    let mark = out.len();
                    if i > 0 {
                        if out.len() > MAX_SEED {
                            break;
                        }
                        out.push(',');
                    }
                    json_string(key, out);
                    out.push(':');
                    if !sample(krate, value, stack, out) {
                        out.truncate(mark);
                        break;
                    }
                }
                out.push('}');
            }
            None => return false,
        },
    }
    true
}

fn sample_def(krate: &Crate, id: usize, stack: &mut Vec<usize>, out: &mut String) -> bool {
    match krate.defs.get(id).map(|d| &d.kind) {
        Some(DefKind::Struct(_)) => sample_struct(krate, id, stack, None, out),
        Some(DefKind::Union(u)) => {
            if stack.contains(&id) || stack.len() > MAX_DEPTH {
                return false;
            }
            stack.push(id);
            let mark = out.len();
            let mut done = false;
            for variant in &u.variants {
                out.truncate(mark);
                out.push('{');
                json_string(&variant.json_key, out);
                out.push(':');
                let written = match &variant.ty {
                    Some(ty) => sample(krate, ty, stack, out),
                    None => {
                        out.push_str("{}");
                        true
                    }
                };
                if written {
                    out.push('}');
                    done = true;
                    break;
                }
            }
            stack.pop();
            done
        }
        Some(DefKind::Enum(e)) => match e.variants.first() {
            Some(v) => {
                json_string(&v.value, out);
                true
            }
            None => false,
        },
        Some(DefKind::IntEnum(e)) => match e.variants.first() {
            Some(v) => {
                out.push_str(&v.value.to_string());
                true
            }
            None => false,
        },
        None => false,
    }
}

/// Two map keys: enum keys take the enum's first values.
fn map_keys(krate: &Crate, key: &Type) -> Vec<String> {
    if let Type::Def { id, .. } = key
        && let Some(DefKind::Enum(e)) = krate.defs.get(*id).map(|d| &d.kind)
    {
        return e.variants.iter().take(2).map(|v| v.value.clone()).collect();
    }
    vec!["key0".to_owned(), "key1".to_owned()]
}
