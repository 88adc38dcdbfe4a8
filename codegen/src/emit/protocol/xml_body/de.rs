//! Stage 4 (emit), XML bodies: response deserializers, one function per type a response can
//! contain, each reading one element (`fn(&mut Reader, &Element) -> Result<T>`).
//!
//! Rules they implement: a member is the child element of its XML name (`@xmlName`, else its
//! name), or with `@xmlAttribute` the attribute; unknown elements are skipped; a wrapped list's
//! items are its `member` children (or the member's `@xmlName`), a flattened list's the
//! repeated elements of the member's own name; a map's entries are `<entry>` children with
//! `<key>` and `<value>` (or their names), a flattened map's the repeated member elements; a
//! missing `@default` member gets its default, a missing `@required` one Smithy's
//! error-corrected zero value; a value that cannot be read is an error naming the member.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::common::{Broken, Emitted, collection, collection_cfg, def, def_cfg, def_path, gate, rust_type, structure};
use crate::emit::protocol::json_body::de::{absent, absent_value, emit_empty, error_meta_default, read_as_values};
use crate::ir::{Binding, Collection, CollectionKind, Crate, DefKind, Member, Struct, StructRole, TimestampFormat, Type, TypeDef, Union};
use crate::names::{self, ident};

/// Every reader of the crate: one per structure, union, enum, list and map a response can
/// contain (errors included: their builders read them), and the error-corrected empty values.
pub fn readers(krate: &Crate) -> Emitted {
    // An enum used only as a map key is read from the key's text, and needs no reader.
    let values = read_as_values(krate, false);
    let unwrapped = unwrapped_outputs(krate);
    let mut defs = Vec::new();
    for (id, d) in krate.defs.iter().enumerate() {
        let needed = match &d.kind {
            DefKind::Enum(_) | DefKind::IntEnum(_) => values.contains(&id),
            DefKind::Struct(_) => !unwrapped.contains(&id),
            DefKind::Union(_) => true,
        };
        if d.de.library() && needed {
            defs.push(gate(&def_cfg(krate, id)?, emit_def(krate, id, d)?));
        }
    }
    let empties = krate
        .defs
        .iter()
        .enumerate()
        .filter(|(_, d)| d.empty.library())
        .map(|(id, d)| Ok(gate(&def_cfg(krate, id)?, emit_empty(krate, id, d)?)))
        .collect::<Emitted<Vec<_>>>()?;
    let wrapped = super::wrapped_collections(krate, false);
    let collections = krate
        .collections
        .iter()
        .enumerate()
        .filter(|(id, c)| c.de.library() && wrapped.contains(id))
        .map(|(id, c)| Ok(gate(&collection_cfg(krate, id)?, emit_collection(krate, id, c)?)))
        .collect::<Emitted<Vec<_>>>()?;
    Ok(quote! {
        #(#defs)*
        #(#empties)*
        #(#collections)*
    })
}

/// The outputs whose one body member is the root element (`@s3UnwrappedXmlOutput`): their
/// operation's parser reads them, with no reader of their own.
pub(crate) fn unwrapped_outputs(krate: &Crate) -> std::collections::BTreeSet<usize> {
    krate.operations.iter().filter(|op| op.unwrapped_output).map(|op| op.output).collect()
}

fn emit_def(krate: &Crate, id: usize, d: &TypeDef) -> Emitted {
    let name = ident(&d.de_fn);
    let path = def_path(krate, id)?;
    let doc = format!(" Reads a `{}`; unknown values are kept.", d.rust_name);
    match &d.kind {
        DefKind::Struct(s) => emit_struct(krate, id, d, s),
        DefKind::Union(u) => emit_union(krate, id, d, u),
        DefKind::Enum(_) => Ok(quote! {
            #[doc = #doc]
            pub(crate) fn #name<'a>(reader: &mut Reader<'a>, element: &Element<'a>) -> Result<#path> {
                reader.text(element).map(|value| #path::from(&*value))
            }
        }),
        DefKind::IntEnum(_) => Ok(quote! {
            #[doc = #doc]
            pub(crate) fn #name<'a>(reader: &mut Reader<'a>, element: &Element<'a>) -> Result<#path> {
                reader.i32(element).map(#path::from)
            }
        }),
    }
}

/// The local variable holding a member while its element is read.
fn local(m: &Member) -> proc_macro2::Ident {
    crate::emit::protocol::json_body::values::local(&m.field)
}

fn emit_struct(krate: &Crate, id: usize, d: &TypeDef, s: &Struct) -> Emitted {
    let name = ident(&d.de_fn);
    let path = def_path(krate, id)?;
    // Members bound to headers or the status are the operation's parser's to set.
    let (attributes, elements): (Vec<&Member>, Vec<&Member>) =
        s.members.iter().filter(|m| m.binding == Binding::Body).partition(|m| m.xml.attribute);
    let attribute_reads = attributes
        .iter()
        .map(|m| {
            let local = local(m);
            let name = &m.xml.name;
            let value = match &m.ty {
                Type::String => quote!(element.attribute(#name)?.map(std::borrow::Cow::into_owned)),
                Type::Def { id, .. } if matches!(def(krate, *id)?.kind, DefKind::Enum(_)) => {
                    let path = def_path(krate, *id)?;
                    quote!(element.attribute(#name)?.map(|value| #path::from(&*value)))
                }
                _ => return Err(Broken(format!("{}: only string and enum members can be XML attributes here", m.path))),
            };
            Ok(quote!(let #local = #value;))
        })
        .collect::<Emitted<Vec<_>>>()?;
    let locals = elements.iter().map(|m| {
        let local = local(m);
        quote!(let mut #local = None;)
    });
    let names = elements.iter().map(|m| &m.xml.name);
    let arms = elements
        .iter()
        .enumerate()
        .map(|(index, m)| {
            let local = local(m);
            let index = proc_macro2::Literal::usize_unsuffixed(index);
            let read = member_read(krate, m, &local)?;
            Ok(quote!(#index => #read,))
        })
        .collect::<Emitted<Vec<_>>>()?;
    let fields = s
        .members
        .iter()
        .map(|m| {
            let field = ident(&m.field);
            let local = local(m);
            let value = if m.binding == Binding::Body { absent_value(krate, m, quote!(#local))? } else { absent(krate, m)? };
            Ok(quote!(#field: #value,))
        })
        .collect::<Emitted<Vec<_>>>()?;
    let meta = error_meta_default(s);
    let doc = format!(" Reads a `{}` element.", d.rust_name);
    let read = if elements.is_empty() {
        quote! {
            while let Some(child) = reader.next_child(element)? {
                reader.skip(&child)?;
            }
        }
    } else {
        quote! {
            const NAMES: &[&str] = &[#(#names),*];
            while let Some((member, child)) = reader.next_member(element, NAMES)? {
                let read = match member {
                    #(#arms)*
                    _ => Ok(()),
                };
                crate::json::read::in_member_of(read, NAMES, member)?;
            }
        }
    };
    Ok(quote! {
        #[doc = #doc]
        pub(crate) fn #name<'a>(reader: &mut Reader<'a>, element: &Element<'a>) -> Result<#path> {
            #(#attribute_reads)*
            #(#locals)*
            #read
            Ok(#path { #(#fields)* #meta })
        }
    })
}

/// The expression reading a member from its element `child` into its local: flattened lists
/// and maps add one item or entry per element, anything else sets the value.
fn member_read(krate: &Crate, m: &Member, local: &proc_macro2::Ident) -> Emitted {
    if m.xml.flattened
        && let Type::Collection(id) = &m.ty
    {
        let c = collection(krate, *id)?;
        return Ok(match &c.kind {
            CollectionKind::List { member, sparse } => {
                let read = item_read(krate, member, *sparse)?;
                quote!(crate::xml::push_item(&mut #local, reader, &child, #read))
            }
            CollectionKind::Map { key, value, sparse } => {
                let (key_name, value_name) = (&c.xml_names.key, &c.xml_names.value);
                let key = key_fn(krate, key)?;
                let read = item_read(krate, value, *sparse)?;
                quote!(crate::xml::entry_into_slot(&mut #local, reader, &child, [#key_name, #value_name], #key, #read))
            }
        });
    }
    let read = read_fn(krate, &m.ty)?;
    Ok(quote!(crate::xml::member_into(&mut #local, reader, &child, #read)))
}

/// The reader of a list item or map value: a sparse collection's items are `Some`.
fn item_read(krate: &Crate, ty: &Type, sparse: bool) -> Emitted {
    let read = read_fn(krate, ty)?;
    Ok(if sparse { quote!(|reader: &mut Reader<'a>, element: &Element<'a>| #read(reader, element).map(Some)) } else { read })
}

/// How a map's key text becomes its key.
fn key_fn(krate: &Crate, ty: &Type) -> Emitted {
    Ok(match ty {
        Type::Def { id, .. } => {
            let path = def_path(krate, *id)?;
            quote!(|key: String| #path::from(&*key))
        }
        _ => quote!(std::convert::identity),
    })
}

/// The function (or closure) reading a value of type `ty` from its element.
pub(crate) fn read_fn(krate: &Crate, ty: &Type) -> Emitted {
    Ok(match ty {
        Type::String => quote!(Reader::string),
        Type::Bool => quote!(Reader::bool),
        Type::Byte => quote!(Reader::i8),
        Type::Short => quote!(Reader::i16),
        Type::Integer => quote!(Reader::i32),
        Type::Long => quote!(Reader::i64),
        Type::Float => quote!(Reader::f32),
        Type::Double => quote!(Reader::f64),
        Type::Blob => quote!(Reader::blob),
        Type::Timestamp(format) => match format {
            TimestampFormat::DateTime => quote!(crate::xml::date_time),
            TimestampFormat::EpochSeconds => quote!(crate::xml::epoch_seconds),
            TimestampFormat::HttpDate => quote!(crate::xml::http_date),
        },
        Type::Document => return Err(Broken("the XML protocols have no documents; validation refuses them".to_owned())),
        Type::BigInteger => quote!(Reader::big_integer),
        Type::BigDecimal => quote!(Reader::big_decimal),
        Type::Def { id, boxed } => {
            let f = ident(&def(krate, *id)?.de_fn);
            if *boxed { quote!(|reader: &mut Reader<'a>, element: &Element<'a>| #f(reader, element).map(Box::new)) } else { quote!(#f) }
        }
        Type::Collection(id) => {
            let f = ident(&collection(krate, *id)?.de_fn);
            quote!(#f)
        }
    })
}

fn emit_union(krate: &Crate, id: usize, d: &TypeDef, u: &Union) -> Emitted {
    let name = ident(&d.de_fn);
    let path = def_path(krate, id)?;
    let names = u.variants.iter().map(|v| &v.xml.name);
    let arms = u
        .variants
        .iter()
        .enumerate()
        .map(|(index, v)| {
            let variant = ident(&v.rust_name);
            let wire = &v.name;
            let index = proc_macro2::Literal::usize_unsuffixed(index);
            Ok(match &v.ty {
                Some(ty) => {
                    let read = match ty {
                        Type::Def { id, boxed: true } => {
                            let f = ident(&def(krate, *id)?.de_fn);
                            quote!(#f(reader, &child).map(Box::new))
                        }
                        _ => {
                            let f = read_fn(krate, ty)?;
                            quote!(#f(reader, &child))
                        }
                    };
                    quote!(Some(#index) => #path::#variant(crate::json::read::Locate::in_member(#read, #wire)?),)
                }
                None => quote!(Some(#index) => {
                    reader.skip(&child)?;
                    #path::#variant
                }),
            })
        })
        .collect::<Emitted<Vec<_>>>()?;
    let doc = format!(" Reads a `{}`: an element with exactly one variant's element.", d.rust_name);
    Ok(quote! {
        #[doc = #doc]
        pub(crate) fn #name<'a>(reader: &mut Reader<'a>, element: &Element<'a>) -> Result<#path> {
            const NAMES: &[&str] = &[#(#names),*];
            let mut value = None;
            let mut count = 0usize;
            while let Some(child) = reader.next_child(element)? {
                let variant = match NAMES.iter().position(|name| child.is(name)) {
                    #(#arms)*
                    _ => {
                        let name = String::from_utf8_lossy(child.local_name()).into_owned();
                        reader.skip(&child)?;
                        #path::Unknown(crate::primitives::UnknownVariant::new(name, String::new()))
                    }
                };
                count = count.saturating_add(1);
                value = Some(variant);
            }
            match value {
                Some(value) if count == 1 => Ok(value),
                _ => Err(crate::json::Error::new(crate::error::ParseErrorKind::UnionVariants { count }, element.offset())),
            }
        }
    })
}

fn emit_collection(krate: &Crate, id: usize, c: &Collection) -> Emitted {
    let name = ident(&c.de_fn);
    let ty = rust_type(krate, &Type::Collection(id))?;
    Ok(match &c.kind {
        CollectionKind::List { member, sparse } => {
            let read = item_read(krate, member, *sparse)?;
            let item = &c.xml_names.item;
            let doc = format!(" Reads a `{}` list: its `{item}` elements.", c.shape_id);
            quote! {
                #[doc = #doc]
                pub(crate) fn #name<'a>(reader: &mut Reader<'a>, element: &Element<'a>) -> Result<#ty> {
                    crate::xml::list(reader, element, #item, #read)
                }
            }
        }
        CollectionKind::Map { key, value, sparse } => {
            let key = key_fn(krate, key)?;
            let read = item_read(krate, value, *sparse)?;
            let (key_name, value_name) = (&c.xml_names.key, &c.xml_names.value);
            let doc = format!(" Reads a `{}` map: its `entry` elements, each a `{key_name}` and a `{value_name}`.", c.shape_id);
            quote! {
                #[doc = #doc]
                pub(crate) fn #name<'a>(reader: &mut Reader<'a>, element: &Element<'a>) -> Result<#ty> {
                    crate::xml::map(reader, element, [#key_name, #value_name], #key, #read)
                }
            }
        }
    })
}

/// The builders of the modeled errors operations list: each reads its `<Error>` element, takes
/// the generic message when its own is absent, and the response's metadata.
pub fn error_builders(krate: &Crate) -> Emitted {
    let ids: std::collections::BTreeSet<usize> =
        krate.operations.iter().flat_map(|op| op.errors.iter().map(|e| e.def)).collect();
    let builders = ids
        .into_iter()
        .map(|id| {
            let d = def(krate, id)?;
            Ok(gate(&def_cfg(krate, id)?, error_builder(krate, id, d, structure(krate, id)?)?))
        })
        .collect::<Emitted<Vec<_>>>()?;
    Ok(quote!(#(#builders)*))
}

fn error_builder(krate: &Crate, id: usize, d: &TypeDef, s: &Struct) -> Emitted {
    let name = ident(&d.error_fn);
    let path = def_path(krate, id)?;
    let read = ident(&d.de_fn);
    let meta = ident(names::ERROR_META_FIELD);
    let message = match &s.role {
        StructRole::Error { message_member: Some(index), .. } => match s.members.get(*index) {
            Some(m) if m.presence == crate::ir::Presence::Optional && m.ty == crate::ir::Type::String => {
                let field = ident(&m.field);
                quote! {
                    if error.#field.is_none() {
                        error.#field = body.message();
                    }
                }
            }
            _ => TokenStream::new(),
        },
        _ => TokenStream::new(),
    };
    let doc = format!(
        " Builds a `{}` from its error response: its members, the generic message if its own is absent, and the response's metadata.",
        d.rust_name
    );
    Ok(quote! {
        #[doc = #doc]
        pub(crate) fn #name(body: &mut crate::xml::response::ErrorResponse<'_>) -> Result<#path> {
            let mut error = body.parse(#read)?;
            #message
            error.#meta = body.metadata();
            Ok(error)
        }
    })
}
