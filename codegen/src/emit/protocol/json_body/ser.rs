//! Stage 4 (emit), JSON bodies: request serializers, one function per structure, union, list and
//! map that a request can contain, shared by the JSON protocols. Keys are the members' JSON keys
//! (`Member::json_key`: awsJson ignores `@jsonName`, restJson1 honours it), in model order;
//! absent members are left out, never written as `null`.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::common::{Emitted, collection, collection_cfg, def, def_cfg, def_path, gate, json_key_literal, rust_type, test_only, timestamp_format};
use crate::ir::{Binding, Collection, CollectionKind, Crate, DefKind, Presence, Struct, Type, TypeDef, Union};
use crate::names::ident;

/// The whole `ser` module. Serializers of what only responses hold are compiled for the crate's
/// round-trip tests only.
pub fn emit_module(krate: &Crate) -> Emitted {
    let defs = krate
        .defs
        .iter()
        .enumerate()
        .filter(|(_, d)| d.ser.any())
        .map(|(id, d)| Ok(gate(&def_cfg(krate, id)?, test_only(d.ser.tests_only(), emit_def(krate, id, d)?))))
        .collect::<Emitted<Vec<_>>>()?;
    let collections = krate
        .collections
        .iter()
        .enumerate()
        .filter(|(_, c)| c.ser.any())
        .map(|(id, c)| Ok(gate(&collection_cfg(krate, id)?, test_only(c.ser.tests_only(), emit_collection(krate, id, c)?))))
        .collect::<Emitted<Vec<_>>>()?;
    let writes = |test: bool| {
        krate.collections.iter().any(|c| c.ser.at(test))
            || krate.defs.iter().any(|d| {
                d.ser.at(test)
                    && match &d.kind {
                        DefKind::Struct(s) => s.members.iter().any(|m| m.binding == Binding::Body),
                        _ => true,
                    }
            })
    };
    let import = if writes(false) {
        quote!(use crate::json::write;)
    } else if writes(true) {
        quote!(#[cfg(test)] use crate::json::write;)
    } else {
        TokenStream::new()
    };
    let doc = format!(" {} request serializers. Each writes one value as compact JSON into the caller's buffer.", super::super::doc_name(krate));
    Ok(quote! {
        #![doc = #doc]

        #import

        #(#defs)*
        #(#collections)*
    })
}

fn emit_def(krate: &Crate, id: usize, d: &TypeDef) -> Emitted {
    match &d.kind {
        DefKind::Struct(s) => emit_struct(krate, id, d, s),
        DefKind::Union(u) => emit_union(krate, id, d, u),
        // Enums are written inline as their string or integer value.
        DefKind::Enum(_) | DefKind::IntEnum(_) => Ok(TokenStream::new()),
    }
}

/// A structure as a JSON object: its members bound to the body (all of them, but for an
/// operation's input, output or error under a REST protocol, whose other members the HTTP
/// bindings place elsewhere).
fn emit_struct(krate: &Crate, id: usize, d: &TypeDef, s: &Struct) -> Emitted {
    let name = ident(&d.ser_fn);
    let path = def_path(krate, id)?;
    let body: Vec<_> = s.members.iter().filter(|m| m.binding == Binding::Body).collect();
    let members = body
        .iter()
        .map(|m| {
            let field = ident(&m.field);
            let key = json_key_literal(&m.json_key);
            let write = write_value(krate, &m.ty, quote!(v))?;
            Ok(match m.presence {
                Presence::Optional if m.idempotency_token => quote! {
                    write::key(out, &mut first, #key);
                    match &value.#field {
                        Some(v) => { #write }
                        // @idempotencyToken: a fresh token when the caller sets none.
                        None => write::string(out, &crate::idempotency::token()),
                    }
                },
                Presence::Optional => quote! {
                    if let Some(v) = &value.#field {
                        write::key(out, &mut first, #key);
                        #write
                    }
                },
                Presence::Required | Presence::Default(_) => quote! {
                    write::key(out, &mut first, #key);
                    let v = &value.#field;
                    #write
                },
            })
        })
        .collect::<Emitted<Vec<_>>>()?;
    let first = if body.is_empty() { TokenStream::new() } else { quote!(let mut first = true;) };
    let value = if body.is_empty() { quote!(_value) } else { quote!(value) };
    let doc = format!(" Writes a `{}` as a JSON object.", d.rust_name);
    Ok(quote! {
        #[doc = #doc]
        pub(crate) fn #name(out: &mut Vec<u8>, #value: &#path) {
            out.push(b'{');
            #first
            #(#members)*
            out.push(b'}');
        }
    })
}

fn emit_union(krate: &Crate, id: usize, d: &TypeDef, u: &Union) -> Emitted {
    let name = ident(&d.ser_fn);
    let path = def_path(krate, id)?;
    let arms = u
        .variants
        .iter()
        .map(|v| {
            let variant = ident(&v.rust_name);
            let key = json_key_literal(&v.json_key);
            Ok(match &v.ty {
                Some(ty) => {
                    let write = write_value(krate, ty, quote!(v))?;
                    quote! {
                        #path::#variant(v) => {
                            out.push(b'{');
                            out.extend_from_slice(#key);
                            #write
                            out.push(b'}');
                        }
                    }
                }
                None => quote! {
                    #path::#variant => {
                        out.push(b'{');
                        out.extend_from_slice(#key);
                        out.extend_from_slice(b"{}}");
                    }
                },
            })
        })
        .collect::<Emitted<Vec<_>>>()?;
    let doc = format!(" Writes a `{}` as a JSON object with its one variant.", d.rust_name);
    Ok(quote! {
        #[doc = #doc]
        pub(crate) fn #name(out: &mut Vec<u8>, value: &#path) {
            match value {
                #(#arms)*
                #path::Unknown(v) => write::unknown_variant(out, v),
            }
        }
    })
}

fn emit_collection(krate: &Crate, id: usize, c: &Collection) -> Emitted {
    let name = ident(&c.ser_fn);
    Ok(match &c.kind {
        CollectionKind::List { member, sparse } => {
            let item_ty = rust_type(krate, member)?;
            let param = if *sparse { quote!(&[Option<#item_ty>]) } else { quote!(&[#item_ty]) };
            let write = write_value(krate, member, quote!(item))?;
            let body = if *sparse {
                quote! {
                    match item {
                        Some(item) => { #write }
                        None => out.extend_from_slice(b"null"),
                    }
                }
            } else {
                write
            };
            let doc = format!(" Writes a `{}` list as a JSON array.", c.shape_id);
            quote! {
                #[doc = #doc]
                pub(crate) fn #name(out: &mut Vec<u8>, value: #param) {
                    out.push(b'[');
                    let mut first = true;
                    for item in value {
                        write::item(out, &mut first);
                        #body
                    }
                    out.push(b']');
                }
            }
        }
        CollectionKind::Map { key, value, sparse } => {
            let map_ty = rust_type(krate, &Type::Collection(id))?;
            let key_text = match key {
                Type::Def { .. } => quote!(k.as_str()),
                _ => quote!(k),
            };
            let write = write_value(krate, value, quote!(v))?;
            let body = if *sparse {
                quote! {
                    match v {
                        Some(v) => { #write }
                        None => out.extend_from_slice(b"null"),
                    }
                }
            } else {
                write
            };
            let doc = format!(" Writes a `{}` map as a JSON object.", c.shape_id);
            quote! {
                #[doc = #doc]
                pub(crate) fn #name(out: &mut Vec<u8>, value: &#map_ty) {
                    out.push(b'{');
                    let mut first = true;
                    for (k, v) in value {
                        write::item(out, &mut first);
                        write::string(out, #key_text);
                        out.push(b':');
                        #body
                    }
                    out.push(b'}');
                }
            }
        }
    })
}

/// Statements writing the value that `expr` (a reference) points to.
pub(crate) fn write_value(krate: &Crate, ty: &Type, expr: TokenStream) -> Emitted {
    Ok(match ty {
        Type::String => quote!(write::string(out, #expr);),
        Type::Bool => quote!(write::bool(out, *#expr);),
        Type::Byte | Type::Short | Type::Integer | Type::Long => quote!(write::int(out, *#expr);),
        Type::Float => quote!(write::f32(out, *#expr);),
        Type::Double => quote!(write::f64(out, *#expr);),
        Type::Blob => quote!(write::blob(out, #expr);),
        Type::Timestamp(format) => {
            let format = timestamp_format(*format);
            quote!(write::timestamp(out, *#expr, #format);)
        }
        Type::Document => quote!(write::document(out, #expr);),
        Type::BigInteger | Type::BigDecimal => quote!(write::raw(out, #expr.as_str());),
        Type::Def { id, .. } => {
            let d = def(krate, *id)?;
            match &d.kind {
                DefKind::Enum(_) => quote!(write::string(out, #expr.as_str());),
                DefKind::IntEnum(_) => quote!(write::int(out, #expr.value());),
                DefKind::Struct(_) | DefKind::Union(_) => {
                    let f = ident(&d.ser_fn);
                    quote!(#f(out, #expr);)
                }
            }
        }
        Type::Collection(id) => {
            let f = ident(&collection(krate, *id)?.ser_fn);
            quote!(#f(out, #expr);)
        }
    })
}
