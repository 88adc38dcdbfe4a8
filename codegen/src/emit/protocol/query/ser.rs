//! Stage 4 (emit), awsQuery and ec2Query request bodies: one form writer per structure, union,
//! list and map a request can contain. Each appends `&Key=value` pairs for what is set, the key
//! built as it goes (`Tags.member.1.Key`): a member adds its query key (`Member::xml`'s), a
//! wrapped list `member` (or its member's `@xmlName`) and the 1-based index, a map `entry`, the
//! index and `key`/`value` (or their `@xmlName`s). ec2Query flattens every list and leaves empty
//! lists out, where awsQuery sends `List=`.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::common::{Broken, Emitted, collection, collection_cfg, def, def_cfg, def_path, gate, rust_type, timestamp_format};
use crate::ir::{Collection, CollectionKind, Crate, DefKind, Presence, Protocol, Struct, Type, TypeDef, Union};
use crate::names::ident;

/// The whole `ser` module: the writers of what requests hold.
pub fn emit_module(krate: &Crate) -> Emitted {
    let defs = krate
        .defs
        .iter()
        .enumerate()
        .filter(|(_, d)| d.ser.library())
        .map(|(id, d)| Ok(gate(&def_cfg(krate, id)?, emit_def(krate, id, d)?)))
        .collect::<Emitted<Vec<_>>>()?;
    let collections = krate
        .collections
        .iter()
        .enumerate()
        .filter(|(_, c)| c.ser.library())
        .map(|(id, c)| Ok(gate(&collection_cfg(krate, id)?, emit_collection(krate, id, c)?)))
        .collect::<Emitted<Vec<_>>>()?;
    let doc = format!(
        " {} request serializers. Each writes one value's `&Key=value` pairs into the caller's buffer.",
        krate.service.protocol.name()
    );
    let import = if defs.iter().chain(&collections).any(|t| !t.is_empty()) {
        quote!(use crate::query::{self, Key};)
    } else {
        TokenStream::new()
    };
    Ok(quote! {
        #![doc = #doc]

        #import

        #(#defs)*
        #(#collections)*
    })
}

fn emit_def(krate: &Crate, id: usize, d: &TypeDef) -> Emitted {
    match &d.kind {
        DefKind::Struct(s) if s.members.is_empty() => Ok(TokenStream::new()),
        DefKind::Struct(s) => emit_struct(krate, id, d, s),
        DefKind::Union(u) => emit_union(krate, id, d, u),
        DefKind::Enum(_) | DefKind::IntEnum(_) => Ok(TokenStream::new()),
    }
}

/// Whether the protocol writes a list member's items under it directly (`Name.1`).
fn flattened(krate: &Crate, flattened: bool) -> bool {
    flattened || krate.service.protocol == Protocol::Ec2Query
}

fn emit_struct(krate: &Crate, id: usize, d: &TypeDef, s: &Struct) -> Emitted {
    let name = ident(&d.ser_fn);
    let path = def_path(krate, id)?;
    let members = s
        .members
        .iter()
        .map(|m| {
            let field = ident(&m.field);
            let part = &m.xml.query_key;
            let write = write_value(krate, &m.ty, quote!(v), flattened(krate, m.xml.flattened))?;
            Ok(match m.presence {
                Presence::Optional if m.idempotency_token => quote! {
                    let at = key.push(#part);
                    match &value.#field {
                        Some(v) => { #write }
                        // @idempotencyToken: a fresh token when the caller sets none.
                        None => query::string(out, key, &crate::idempotency::token()),
                    }
                    key.cut(at);
                },
                Presence::Optional => quote! {
                    if let Some(v) = &value.#field {
                        let at = key.push(#part);
                        #write
                        key.cut(at);
                    }
                },
                Presence::Required | Presence::Default(_) => quote! {
                    let at = key.push(#part);
                    let v = &value.#field;
                    #write
                    key.cut(at);
                },
            })
        })
        .collect::<Emitted<Vec<_>>>()?;
    let doc = format!(" Writes a `{}`'s members that are set.", d.rust_name);
    Ok(quote! {
        #[doc = #doc]
        pub(crate) fn #name(out: &mut Vec<u8>, key: &mut Key, value: &#path) {
            #(#members)*
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
            let part = &v.xml.query_key;
            Ok(match &v.ty {
                Some(ty) => {
                    let write = write_value(krate, ty, quote!(v), flattened(krate, v.xml.flattened))?;
                    quote! {
                        #path::#variant(v) => {
                            let at = key.push(#part);
                            #write
                            key.cut(at);
                        }
                    }
                }
                // A unit variant: the key alone says which it is.
                None => quote! {
                    #path::#variant => {
                        let at = key.push(#part);
                        query::string(out, key, "");
                        key.cut(at);
                    }
                },
            })
        })
        .collect::<Emitted<Vec<_>>>()?;
    let doc = format!(" Writes a `{}`: its one variant.", d.rust_name);
    Ok(quote! {
        #[doc = #doc]
        pub(crate) fn #name(out: &mut Vec<u8>, key: &mut Key, value: &#path) {
            match value {
                #(#arms)*
                // A variant this crate does not know was never built by the caller's code.
                #path::Unknown(_) => {}
            }
        }
    })
}

fn emit_collection(krate: &Crate, id: usize, c: &Collection) -> Emitted {
    let name = ident(&c.ser_fn);
    let ec2 = krate.service.protocol == Protocol::Ec2Query;
    Ok(match &c.kind {
        CollectionKind::List { member, sparse } => {
            let item_ty = rust_type(krate, member)?;
            let param = if *sparse { quote!(&[Option<#item_ty>]) } else { quote!(&[#item_ty]) };
            // An item that is itself a list is wrapped by its own member name (flattening is a
            // member's trait), except under ec2Query, which flattens every list.
            let write = write_value(krate, member, quote!(item), ec2)?;
            let body = if *sparse {
                quote! {
                    if let Some(item) = item {
                        #write
                    }
                }
            } else {
                write
            };
            let empty = if ec2 { TokenStream::new() } else { quote!(query::empty(out, key);) };
            let doc = format!(
                " Writes a `{}` list: each item under its 1-based index, inside `item` unless the list is flattened.",
                c.shape_id
            );
            quote! {
                #[doc = #doc]
                pub(crate) fn #name(out: &mut Vec<u8>, key: &mut Key, value: #param, item: Option<&str>) {
                    if value.is_empty() {
                        #empty
                        return;
                    }
                    let wrapped = item.map(|item| key.push(item));
                    for (index, item) in value.iter().enumerate() {
                        let at = key.push_index(index);
                        #body
                        key.cut(at);
                    }
                    if let Some(at) = wrapped {
                        key.cut(at);
                    }
                }
            }
        }
        CollectionKind::Map { key: key_ty, value, sparse } => {
            let map_ty = rust_type(krate, &Type::Collection(id))?;
            let key_text = match key_ty {
                Type::Def { .. } => quote!(k.as_str()),
                _ => quote!(k),
            };
            let write = write_value(krate, value, quote!(v), ec2)?;
            let body = if *sparse {
                quote! {
                    if let Some(v) = v {
                        #write
                    }
                }
            } else {
                write
            };
            let (key_name, value_name) = (&c.xml_names.key, &c.xml_names.value);
            let doc = format!(
                " Writes a `{}` map: each entry under its 1-based index (inside `entry` unless the map is flattened), as `{key_name}` and `{value_name}`.",
                c.shape_id
            );
            quote! {
                #[doc = #doc]
                pub(crate) fn #name(out: &mut Vec<u8>, key: &mut Key, value: &#map_ty, flattened: bool) {
                    let wrapped = (!flattened).then(|| key.push("entry"));
                    for (index, (k, v)) in value.iter().enumerate() {
                        let entry = key.push_index(index);
                        let at = key.push(#key_name);
                        query::string(out, key, #key_text);
                        key.cut(at);
                        let at = key.push(#value_name);
                        #body
                        key.cut(at);
                        key.cut(entry);
                    }
                    if let Some(at) = wrapped {
                        key.cut(at);
                    }
                }
            }
        }
    })
}

/// Statements writing the value that `expr` (a reference) points to under the current key; a
/// list is written flattened when `flattened`.
fn write_value(krate: &Crate, ty: &Type, expr: TokenStream, flattened: bool) -> Emitted {
    Ok(match ty {
        Type::String => quote!(query::string(out, key, #expr);),
        Type::Bool => quote!(query::bool(out, key, *#expr);),
        Type::Byte | Type::Short | Type::Integer | Type::Long => quote!(query::int(out, key, *#expr);),
        Type::Float => quote!(query::f32(out, key, *#expr);),
        Type::Double => quote!(query::f64(out, key, *#expr);),
        Type::Blob => quote!(query::blob(out, key, #expr);),
        Type::Timestamp(format) => {
            let format = timestamp_format(*format);
            quote!(query::timestamp(out, key, *#expr, #format);)
        }
        Type::BigInteger | Type::BigDecimal => quote!(query::string(out, key, #expr.as_str());),
        Type::Document => return Err(Broken("the query protocols have no documents; validation refuses them".to_owned())),
        Type::Def { id, .. } => {
            let d = def(krate, *id)?;
            match &d.kind {
                DefKind::Enum(_) => quote!(query::string(out, key, #expr.as_str());),
                DefKind::IntEnum(_) => quote!(query::int(out, key, #expr.value());),
                DefKind::Struct(s) if s.members.is_empty() => TokenStream::new(),
                DefKind::Struct(_) | DefKind::Union(_) => {
                    let f = ident(&d.ser_fn);
                    quote!(#f(out, key, #expr);)
                }
            }
        }
        Type::Collection(id) => {
            let c = collection(krate, *id)?;
            let f = ident(&c.ser_fn);
            match &c.kind {
                CollectionKind::List { .. } if flattened => quote!(#f(out, key, #expr, None);),
                CollectionKind::List { .. } => {
                    let item = &c.xml_names.item;
                    quote!(#f(out, key, #expr, Some(#item));)
                }
                CollectionKind::Map { .. } => quote!(#f(out, key, #expr, #flattened);),
            }
        }
    })
}
