//! Stage 4 (emit), JSON bodies: response deserializers, one function per type a response can
//! contain, shared by the JSON protocols.
//!
//! Rules they implement: unknown keys are skipped; `null` means absent (and is skipped inside
//! dense lists and maps); a missing `@default` member gets its default; a missing `@required`
//! member gets Smithy's error-corrected zero value; a wrong type is an error naming the member.

use proc_macro2::TokenStream;
use quote::quote;

use super::values::{local, read_fn, read_nullable, read_value};
use crate::emit::common::{
    Emitted, collection_cfg, def_cfg, def_path, gate, default_expr, or_default_value, or_zero, rust_type, test_only, zero_expr,
};
use crate::ir::{
    Binding, Collection, CollectionKind, Crate, DefKind, Member, Presence, Struct, StructRole, Type, TypeDef, Union,
};
use crate::names::{self, ident};

/// Every reader of the crate: one per type and collection a response can contain (and, under
/// `#[cfg(test)]`, those only the round-trip tests read), and the error-corrected empty values.
pub fn readers(krate: &Crate) -> Emitted {
    let values = read_as_values(krate, false);
    let values_in_tests = read_as_values(krate, true);
    // Errors are built from their responses by the shared error code, so an error's own reader
    // is needed only where it is some other value's member; an enum's, only where it is a value.
    let needs_reader = |id: usize, d: &TypeDef, values: &std::collections::BTreeSet<usize>| match &d.kind {
        DefKind::Struct(s) if matches!(s.role, StructRole::Error { .. }) => values.contains(&id),
        DefKind::Struct(_) | DefKind::Union(_) => true,
        DefKind::Enum(_) | DefKind::IntEnum(_) => values.contains(&id),
    };
    // What only requests hold gets a reader for the round-trip tests only.
    let mut defs = Vec::new();
    for (id, d) in krate.defs.iter().enumerate() {
        if d.de.library() && needs_reader(id, d, &values) {
            defs.push(gate(&def_cfg(krate, id)?, emit_def(krate, id, d)?));
        } else if d.de.any() && needs_reader(id, d, &values_in_tests) {
            defs.push(gate(&def_cfg(krate, id)?, test_only(true, emit_def(krate, id, d)?)));
        }
    }
    let empties = krate
        .defs
        .iter()
        .enumerate()
        .filter(|(_, d)| d.empty.any())
        .map(|(id, d)| Ok(gate(&def_cfg(krate, id)?, test_only(d.empty.tests_only(), emit_empty(krate, id, d)?))))
        .collect::<Emitted<Vec<_>>>()?;
    let collections = krate
        .collections
        .iter()
        .enumerate()
        .filter(|(_, c)| c.de.any())
        .map(|(id, c)| Ok(gate(&collection_cfg(krate, id)?, test_only(c.de.tests_only(), emit_collection(krate, id, c)?))))
        .collect::<Emitted<Vec<_>>>()?;
    Ok(quote! {
        #(#defs)*
        #(#empties)*
        #(#collections)*
    })
}

/// The enums (and errors) some response value holds, or with `test`, some value only the
/// round-trip tests read; an enum used only as a map key is read from the key and needs no
/// reader of its own.
pub(crate) fn read_as_values(krate: &Crate, test: bool) -> std::collections::BTreeSet<usize> {
    let mut out = std::collections::BTreeSet::new();
    let mut note = |ty: &Type| {
        if let Type::Def { id, .. } = ty {
            out.insert(*id);
        }
    };
    // Members outside the body (headers, the payload) and XML attributes are read from
    // their text, by no reader of their own.
    let xml = krate.service.protocol.is_xml();
    for def in krate.defs.iter().filter(|d| d.de.at(test)) {
        match &def.kind {
            DefKind::Struct(s) => {
                s.members.iter().filter(|m| m.binding == Binding::Body && !(xml && m.xml.attribute)).for_each(|m| note(&m.ty));
            }
            DefKind::Union(u) => u.variants.iter().filter_map(|v| v.ty.as_ref()).for_each(&mut note),
            _ => {}
        }
    }
    for c in krate.collections.iter().filter(|c| c.de.at(test)) {
        match &c.kind {
            CollectionKind::List { member, .. } => note(member),
            CollectionKind::Map { value, .. } => note(value),
        }
    }
    out
}

fn emit_def(krate: &Crate, id: usize, d: &TypeDef) -> Emitted {
    let name = ident(&d.de_fn);
    let doc = format!(" Reads a `{}`; unknown values are kept.", d.rust_name);
    match &d.kind {
        DefKind::Struct(s) => emit_struct(krate, id, d, s),
        DefKind::Union(u) => emit_union(krate, id, d, u),
        DefKind::Enum(_) => {
            let path = def_path(krate, id)?;
            Ok(quote! {
                #[doc = #doc]
                pub(crate) fn #name(reader: &mut Reader<'_>) -> Result<#path> {
                    reader.str().map(|value| #path::from(&*value))
                }
            })
        }
        DefKind::IntEnum(_) => {
            let path = def_path(krate, id)?;
            Ok(quote! {
                #[doc = #doc]
                pub(crate) fn #name(reader: &mut Reader<'_>) -> Result<#path> {
                    reader.i32().map(#path::from)
                }
            })
        }
    }
}

/// The value of a member from `option` (an `Option` of its type): the option itself, or when
/// it is `None`, the member's zero or default.
pub(crate) fn absent_value(krate: &Crate, m: &Member, option: TokenStream) -> Emitted {
    match &m.presence {
        Presence::Optional => Ok(option),
        Presence::Required => or_zero(krate, option, &m.ty),
        Presence::Default(d) => or_default_value(krate, option, &m.ty, d),
    }
}

/// The value of a member that is absent: `None`, its zero, or its default.
pub(crate) fn absent(krate: &Crate, m: &Member) -> Emitted {
    match &m.presence {
        Presence::Optional => Ok(quote!(None)),
        Presence::Required => zero_expr(krate, &m.ty),
        Presence::Default(d) => default_expr(krate, &m.ty, d),
    }
}

/// A structure from a JSON object: the members bound to the body are read, the others (an
/// operation output's headers, say) left absent for the response parser to set.
fn emit_struct(krate: &Crate, id: usize, d: &TypeDef, s: &Struct) -> Emitted {
    let name = ident(&d.de_fn);
    let path = def_path(krate, id)?;
    let body: Vec<&Member> = s.members.iter().filter(|m| m.binding == Binding::Body).collect();
    // When every member the body holds is optional, each is read straight into the value it
    // ends in: one local in all rather than one a member, typed from the start (a local that
    // starts as `None` leaves its type for inference to find at the end), and no moves into
    // the value at the end. Where a member is required or has a default, every member keeps
    // a local, so that "absent" (the zero or the default) can be told from a value.
    let direct = body.iter().all(|m| matches!(m.presence, Presence::Optional));
    let slot = |m: &Member| {
        if direct {
            let field = ident(&m.field);
            quote!(out.#field)
        } else {
            let local = local(&m.field);
            quote!(#local)
        }
    };
    let locals = body.iter().filter(|_| !direct).map(|m| {
        let local = local(&m.field);
        quote!(let mut #local = None;)
    });
    // A `match` on the member's index among the keys this structure reads (found by the
    // runtime): an integer switch, where a comparison per member would be instantiated,
    // inlined and type-checked once for every member of every structure.
    let names = body.iter().map(|m| &m.json_key);
    // Names JSON writes as themselves can be compared with the body's bytes before the key is
    // read as a string; others need their escapes decoded first.
    let plain = body.iter().all(|m| !m.json_key.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20));
    let next = if plain { quote!(next_member) } else { quote!(next_member_escaped) };
    let arms = body
        .iter()
        .enumerate()
        .map(|(index, m)| {
            let slot = slot(m);
            let read = read_fn(krate, &m.ty)?;
            let into = if matches!(m.ty, Type::Def { boxed: true, .. }) { quote!(boxed_member_into) } else { quote!(member_into) };
            let index = proc_macro2::Literal::usize_unsuffixed(index);
            Ok(quote!(#index => reader.#into(&mut #slot, #read),))
        })
        .collect::<Emitted<Vec<_>>>()?;
    let fields = s
        .members
        .iter()
        .map(|m| {
            let field = ident(&m.field);
            let value = if m.binding != Binding::Body {
                absent(krate, m)?
            } else if direct {
                quote!(None)
            } else {
                let local = local(&m.field);
                absent_value(krate, m, quote!(#local))?
            };
            Ok(quote!(#field: #value,))
        })
        .collect::<Emitted<Vec<_>>>()?;
    let meta = error_meta_default(s);
    let doc = format!(" Reads a `{}` object.", d.rust_name);
    let read = if body.is_empty() {
        quote! {
            while object.next_key(reader)?.is_some() {
                reader.skip_value()?;
            }
        }
    } else {
        quote! {
            const NAMES: &[&str] = &[#(#names),*];
            while let Some(member) = object.#next(reader, NAMES)? {
                let read = match member {
                    #(#arms)*
                    _ => Ok(()),
                };
                crate::json::read::in_member_of(read, NAMES, member)?;
            }
        }
    };
    if direct && !body.is_empty() {
        return Ok(quote! {
            #[doc = #doc]
            pub(crate) fn #name(reader: &mut Reader<'_>) -> Result<#path> {
                let mut out = #path { #(#fields)* #meta };
                let mut object = reader.begin_object()?;
                #read
                Ok(out)
            }
        });
    }
    Ok(quote! {
        #[doc = #doc]
        pub(crate) fn #name(reader: &mut Reader<'_>) -> Result<#path> {
            #(#locals)*
            let mut object = reader.begin_object()?;
            #read
            Ok(#path { #(#fields)* #meta })
        }
    })
}

pub(crate) fn error_meta_default(s: &Struct) -> TokenStream {
    if matches!(s.role, StructRole::Error { .. }) {
        let meta = ident(names::ERROR_META_FIELD);
        quote!(#meta: crate::error::ResponseMetadata::default(),)
    } else {
        TokenStream::new()
    }
}

/// The error-corrected value of a structure missing from a response: what `{}` would read as.
pub(crate) fn emit_empty(krate: &Crate, id: usize, d: &TypeDef) -> Emitted {
    let DefKind::Struct(s) = &d.kind else {
        return Err(crate::emit::common::Broken(format!("{} needs an empty value but is no structure", d.shape_id)));
    };
    let name = ident(&d.empty_fn);
    let path = def_path(krate, id)?;
    let fields = s
        .members
        .iter()
        .map(|m| {
            let field = ident(&m.field);
            let value = match &m.presence {
                Presence::Optional => quote!(None),
                Presence::Required => zero_expr(krate, &m.ty)?,
                Presence::Default(d) => default_expr(krate, &m.ty, d)?,
            };
            Ok(quote!(#field: #value,))
        })
        .collect::<Emitted<Vec<_>>>()?;
    let meta = error_meta_default(s);
    let doc = format!(" The error-corrected `{}` used when a required member is missing.", d.rust_name);
    Ok(quote! {
        #[doc = #doc]
        pub(crate) fn #name() -> #path {
            #path { #(#fields)* #meta }
        }
    })
}

fn emit_union(krate: &Crate, id: usize, d: &TypeDef, u: &Union) -> Emitted {
    let name = ident(&d.de_fn);
    let path = def_path(krate, id)?;
    let arms = u
        .variants
        .iter()
        .map(|v| {
            let variant = ident(&v.rust_name);
            let wire = &v.json_key;
            let key = proc_macro2::Literal::byte_string(wire.as_bytes());
            let value = match &v.ty {
                Some(ty) => {
                    let read = read_value(krate, ty)?;
                    quote!(#path::#variant(#read.in_member(#wire)?))
                }
                None => quote! {
                    reader.skip_value()?;
                    #path::#variant
                },
            };
            Ok(quote! {
                if *key == *#key {
                    #value
                } else
            })
        })
        .collect::<Emitted<Vec<_>>>()?;
    let doc = format!(" Reads a `{}`: an object with exactly one non-null member.", d.rust_name);
    Ok(quote! {
        #[doc = #doc]
        pub(crate) fn #name(reader: &mut Reader<'_>) -> Result<#path> {
            let start = reader.position();
            let mut value = None;
            let mut count = 0usize;
            let mut object = reader.begin_object()?;
            while let Some(key) = object.next_key(reader)? {
                let key_at = object.key_at();
                // A null member is not set; `__type` is a type hint some services add.
                if reader.take_null()? {
                    continue;
                }
                let variant = if *key == *b"__type" {
                    reader.skip_value()?;
                    continue;
                } else #(#arms)* {
                    let name = crate::json::read::utf8(key, key_at)?.into_owned();
                    #path::Unknown(crate::primitives::UnknownVariant::new(name, reader.raw_value()?.to_owned()))
                };
                count = count.saturating_add(1);
                value = Some(variant);
            }
            match value {
                Some(value) if count == 1 => Ok(value),
                _ => Err(crate::json::Error::new(crate::error::ParseErrorKind::UnionVariants { count }, start)),
            }
        }
    })
}

fn emit_collection(krate: &Crate, id: usize, c: &Collection) -> Emitted {
    let name = ident(&c.de_fn);
    let ty = rust_type(krate, &Type::Collection(id))?;
    Ok(match &c.kind {
        CollectionKind::List { member, sparse } => {
            let push = if *sparse {
                let read = read_nullable(krate, member)?;
                quote!(items.push(#read.at_index(index)?);)
            } else {
                let read = read_value(krate, member)?;
                quote! {
                    if reader.take_null()? {
                        continue;
                    }
                    items.push(#read.at_index(index)?);
                }
            };
            let doc = format!(" Reads a `{}` list.", c.shape_id);
            quote! {
                #[doc = #doc]
                pub(crate) fn #name(reader: &mut Reader<'_>) -> Result<#ty> {
                    let mut items = Vec::new();
                    let mut array = reader.begin_array()?;
                    let mut next_index = 0usize;
                    while array.next(reader)? {
                        let index = next_index;
                        next_index = next_index.saturating_add(1);
                        #push
                    }
                    Ok(items)
                }
            }
        }
        CollectionKind::Map { key, value, sparse } => {
            let key_value = match key {
                Type::Def { id, .. } => {
                    let path = def_path(krate, *id)?;
                    quote!(#path::from(&*key))
                }
                _ => quote!(key.into_owned()),
            };
            let insert = if *sparse {
                let read = read_nullable(krate, value)?;
                quote! {
                    let value = #read.at_key(&key)?;
                    map.insert(#key_value, value);
                }
            } else {
                let read = read_value(krate, value)?;
                quote! {
                    if reader.take_null()? {
                        continue;
                    }
                    let value = #read.at_key(&key)?;
                    map.insert(#key_value, value);
                }
            };
            let doc = format!(" Reads a `{}` map.", c.shape_id);
            quote! {
                #[doc = #doc]
                pub(crate) fn #name(reader: &mut Reader<'_>) -> Result<#ty> {
                    let mut map = std::collections::BTreeMap::new();
                    let mut object = reader.begin_object()?;
                    while let Some(key) = object.next_key_text(reader)? {
                        #insert
                    }
                    Ok(map)
                }
            }
        }
    })
}
