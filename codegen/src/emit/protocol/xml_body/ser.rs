//! Stage 4 (emit), XML bodies: writers, one function per structure, union, list and map, over
//! `xml::write`. restXml's request bodies are written with them (`emit_module`), and the XML
//! round trips write responses with the same code under other names (`Writers`).
//!
//! Each writer is called once a value's start tag is open (`<name`, and the namespace the
//! member or item declares): it writes a structure's attributes, closes the tag and writes the
//! children; the caller writes the end tag. Rules: a structure's members bound to the body, in
//! model order, each the element of its XML name (or an attribute with `@xmlAttribute`), absent
//! ones left out; a wrapped list's items `member` children (or the member's `@xmlName`), a
//! flattened list's items repeated elements of the member's name; a map's entries `<entry>`
//! elements (flattened: the member's own) holding `<key>` and `<value>`; a union one variant's
//! element; `@xmlNamespace` on a member or a collection's member an `xmlns` (or `xmlns:prefix`)
//! attribute on its element. XML has no null: a sparse collection's absent items are left out.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::emit::common::{Broken, Emitted, collection, collection_cfg, def, def_cfg, def_path, gate, rust_type};
use crate::emit::round_trip::Node;
use crate::ir::{Binding, CollectionKind, Crate, DefKind, Member, Presence, StructRole, TimestampFormat, Type};
use crate::names::ident;
use crate::traits::XmlNamespace;

/// How a set of writers is named: the library's are the types' serializers (`ser_fn`), the
/// round trips' their own.
pub(crate) struct Writers<'a> {
    /// The crate.
    pub krate: &'a Crate,
    /// The name of the writer of a structure, union, list or map.
    pub name: &'a dyn Fn(Node) -> Emitted<Ident>,
    /// The path of the writers' module, as the code writing values calls them: empty in their
    /// own module, `crate::ser::` elsewhere.
    pub path: TokenStream,
}

/// The name of the library's writer of `node`: its serializer.
pub(crate) fn library_name(krate: &Crate, node: Node) -> Emitted<Ident> {
    Ok(ident(match node {
        Node::Def(id) => &def(krate, id)?.ser_fn,
        Node::Collection(id) => &collection(krate, id)?.ser_fn,
    }))
}

/// The whole `ser` module of a restXml crate: the writers of what request bodies hold.
pub fn emit_module(krate: &Crate) -> Emitted {
    let name_of = |node: Node| library_name(krate, node);
    let writers = Writers { krate, name: &name_of, path: TokenStream::new() };
    let mut items = Vec::new();
    for node in library_nodes(krate) {
        let cfg = match node {
            Node::Def(id) => def_cfg(krate, id)?,
            Node::Collection(id) => collection_cfg(krate, id)?,
        };
        items.push(gate(&cfg, writers.writer(node)?));
    }
    let doc = format!(
        " {} request serializers. Each writes one value's XML into the caller's buffer, after its open start tag.",
        super::super::doc_name(krate)
    );
    Ok(quote! {
        #![doc = #doc]

        #(#items)*
    })
}

/// The structures, unions and collections request bodies write with a writer of their own: the
/// inputs with members in the body, every other structure and union requests hold, and the
/// collections requests hold wrapped (those only ever flattened are written item by item).
fn library_nodes(krate: &Crate) -> Vec<Node> {
    let defs = krate.defs.iter().enumerate().filter(|(_, d)| d.ser.library()).filter_map(|(id, d)| match &d.kind {
        DefKind::Struct(s) if s.role == StructRole::Input && !s.members.iter().any(|m| m.binding == Binding::Body) => None,
        DefKind::Struct(_) | DefKind::Union(_) => Some(Node::Def(id)),
        DefKind::Enum(_) | DefKind::IntEnum(_) => None,
    });
    let wrapped = super::wrapped_collections(krate, true);
    defs.chain(wrapped.into_iter().map(Node::Collection)).collect()
}

/// The name and URI of the `xmlns` attribute declaring `ns`.
pub(crate) fn namespace_attribute(ns: &XmlNamespace) -> (String, &str) {
    let name = match &ns.prefix {
        Some(prefix) => format!("xmlns:{prefix}"),
        None => "xmlns".to_owned(),
    };
    (name, ns.uri.as_str())
}

/// The statement declaring `ns` in the open start tag, if there is one.
pub(crate) fn declare(ns: Option<&XmlNamespace>) -> TokenStream {
    match ns {
        Some(ns) => {
            let (name, uri) = namespace_attribute(ns);
            quote!(crate::xml::write::attribute(out, #name, #uri);)
        }
        None => TokenStream::new(),
    }
}

/// The text of a scalar value `v` (a reference) of type `ty`, and whether it is an owned
/// `String` (else a `&str`).
fn text(krate: &Crate, ty: &Type, v: &TokenStream) -> Emitted<Option<(TokenStream, bool)>> {
    Ok(Some(match ty {
        Type::String => (quote!(#v), false),
        Type::Bool => (quote!(if *#v { "true" } else { "false" }), false),
        Type::Byte | Type::Short | Type::Integer | Type::Long | Type::BigInteger | Type::BigDecimal => {
            (quote!(#v.to_string()), true)
        }
        Type::Float => (quote!(crate::xml::write::f32(*#v)), true),
        Type::Double => (quote!(crate::xml::write::f64(*#v)), true),
        Type::Blob => (quote!(crate::xml::write::blob(#v)), true),
        Type::Timestamp(format) => {
            let format = match format {
                TimestampFormat::DateTime => quote!(DateTime),
                TimestampFormat::EpochSeconds => quote!(EpochSeconds),
                TimestampFormat::HttpDate => quote!(HttpDate),
            };
            (quote!(#v.format(crate::primitives::TimestampFormat::#format)), true)
        }
        Type::Document => return Err(Broken("the XML protocols have no documents; validation refuses them".to_owned())),
        Type::Def { id, .. } => match &def(krate, *id)?.kind {
            DefKind::Enum(_) => (quote!(#v.as_str()), false),
            DefKind::IntEnum(_) => (quote!(#v.value().to_string()), true),
            DefKind::Struct(_) | DefKind::Union(_) => return Ok(None),
        },
        Type::Collection(_) => return Ok(None),
    }))
}

impl Writers<'_> {
    /// The statements writing value `v` (a reference) of type `ty` as the element `name`,
    /// declaring `ns` on it.
    pub(crate) fn element(&self, ty: &Type, name: &str, ns: Option<&XmlNamespace>, v: &TokenStream) -> Emitted {
        let declare = declare(ns);
        if let Some((text, owned)) = text(self.krate, ty, v)? {
            let text = if owned { quote!(&#text) } else { text };
            return Ok(if declare.is_empty() {
                quote!(crate::xml::write::leaf(out, #name, #text);)
            } else {
                quote! {
                    crate::xml::write::start(out, #name);
                    #declare
                    crate::xml::write::open(out);
                    crate::xml::write::text(out, #text);
                    crate::xml::write::end(out, #name);
                }
            });
        }
        let node = match ty {
            Type::Def { id, .. } => Node::Def(*id),
            Type::Collection(id) => Node::Collection(*id),
            _ => return Err(Broken(format!("no XML writer for {ty:?}"))),
        };
        let f = (self.name)(node)?;
        let path = &self.path;
        Ok(quote! {
            crate::xml::write::start(out, #name);
            #declare
            #path #f(out, #v);
            crate::xml::write::end(out, #name);
        })
    }

    /// A structure member (`v`, a reference): a flattened list's items or map's entries each an
    /// element of the member's name, anything else one element.
    fn member(&self, m: &Member) -> Emitted {
        let name = &m.xml.name;
        let ns = m.xml.namespace.as_ref();
        if m.xml.flattened
            && let Type::Collection(id) = &m.ty
        {
            let c = collection(self.krate, *id)?;
            return match &c.kind {
                CollectionKind::List { member, sparse } => {
                    let write = self.element(member, name, ns, &quote!(item))?;
                    let items = if *sparse { quote!(v.iter().flatten()) } else { quote!(v.iter()) };
                    Ok(quote! {
                        for item in #items {
                            #write
                        }
                    })
                }
                CollectionKind::Map { .. } => self.entries(*id, name, ns),
            };
        }
        self.element(&m.ty, name, ns, &quote!(v))
    }

    /// The entries of map `v` (collection `id`), each an element `entry` (declaring `ns`)
    /// holding its key and its value.
    fn entries(&self, id: usize, entry: &str, ns: Option<&XmlNamespace>) -> Emitted {
        let c = collection(self.krate, id)?;
        let CollectionKind::Map { key, value, sparse } = &c.kind else {
            return Err(Broken(format!("{} is no map", c.shape_id)));
        };
        let [_, key_ns, value_ns] = &c.xml_names.namespaces;
        let write_key = self.element(key, &c.xml_names.key, key_ns.as_ref(), &quote!(k))?;
        let write_value = self.element(value, &c.xml_names.value, value_ns.as_ref(), &quote!(item))?;
        let declare = declare(ns);
        let (entries, item) = if *sparse {
            (quote!(v.iter().filter_map(|(k, item)| Some((k, item.as_ref()?)))), quote!((k, item)))
        } else {
            (quote!(v.iter()), quote!((k, item)))
        };
        Ok(quote! {
            for #item in #entries {
                crate::xml::write::start(out, #entry);
                #declare
                crate::xml::write::open(out);
                #write_key
                #write_value
                crate::xml::write::end(out, #entry);
            }
        })
    }

    /// The writer function of a structure, union, list or map.
    pub(crate) fn writer(&self, node: Node) -> Emitted {
        let krate = self.krate;
        let name = (self.name)(node)?;
        Ok(match node {
            Node::Def(id) => {
                let d = def(krate, id)?;
                let path = def_path(krate, id)?;
                match &d.kind {
                    DefKind::Struct(s) => {
                        let mut attributes = TokenStream::new();
                        let mut elements = TokenStream::new();
                        for m in s.members.iter().filter(|m| m.binding == Binding::Body) {
                            let field = ident(&m.field);
                            let write = if m.xml.attribute {
                                let Some((text, owned)) = text(krate, &m.ty, &quote!(v))? else {
                                    return Err(Broken(format!("{}: an XML attribute must be a simple value", m.path)));
                                };
                                let text = if owned { quote!(&#text) } else { text };
                                let attribute = &m.xml.name;
                                quote!(crate::xml::write::attribute(out, #attribute, #text);)
                            } else {
                                self.member(m)?
                            };
                            let statement = match m.presence {
                                Presence::Optional if m.idempotency_token && m.ty == Type::String => quote! {{
                                    // @idempotencyToken: a fresh token when the caller sets none.
                                    let token = value.#field.clone().unwrap_or_else(crate::idempotency::token);
                                    let v = &token;
                                    #write
                                }},
                                Presence::Optional => quote! {
                                    if let Some(v) = &value.#field {
                                        #write
                                    }
                                },
                                Presence::Required | Presence::Default(_) => quote! {{
                                    let v = &value.#field;
                                    #write
                                }},
                            };
                            if m.xml.attribute {
                                attributes.extend(statement);
                            } else {
                                elements.extend(statement);
                            }
                        }
                        let value = if attributes.is_empty() && elements.is_empty() { quote!(_value) } else { quote!(value) };
                        let doc = format!(" Writes a `{}`: its attributes, the end of its start tag, its members.", d.rust_name);
                        quote! {
                            #[doc = #doc]
                            pub(crate) fn #name(out: &mut Vec<u8>, #value: &#path) {
                                #attributes
                                crate::xml::write::open(out);
                                #elements
                            }
                        }
                    }
                    DefKind::Union(u) => {
                        let arms = u
                            .variants
                            .iter()
                            .map(|v| {
                                let variant = ident(&v.rust_name);
                                let element = &v.xml.name;
                                Ok(match &v.ty {
                                    Some(ty) => {
                                        let write = self.element(ty, element, v.xml.namespace.as_ref(), &quote!(v))?;
                                        quote!(#path::#variant(v) => { #write })
                                    }
                                    None => quote!(#path::#variant => crate::xml::write::leaf(out, #element, ""),),
                                })
                            })
                            .collect::<Emitted<Vec<_>>>()?;
                        let doc = format!(" Writes a `{}`: the end of its start tag, its variant's element.", d.rust_name);
                        quote! {
                            #[doc = #doc]
                            pub(crate) fn #name(out: &mut Vec<u8>, value: &#path) {
                                crate::xml::write::open(out);
                                match value {
                                    #(#arms)*
                                    #path::Unknown(v) => crate::xml::write::leaf(out, v.name(), ""),
                                }
                            }
                        }
                    }
                    DefKind::Enum(_) | DefKind::IntEnum(_) => {
                        return Err(Broken(format!("{} is written as text, by no writer of its own", d.shape_id)));
                    }
                }
            }
            Node::Collection(id) => {
                let c = collection(krate, id)?;
                let (ty, body, what) = match &c.kind {
                    CollectionKind::List { member, sparse } => {
                        let item = &c.xml_names.item;
                        let write = self.element(member, item, c.xml_names.namespaces[0].as_ref(), &quote!(item))?;
                        let items = if *sparse { quote!(v.iter().flatten()) } else { quote!(v.iter()) };
                        let item_ty = rust_type(krate, member)?;
                        let item_ty = if *sparse { quote!(Option<#item_ty>) } else { item_ty };
                        let body = quote! {
                            for item in #items {
                                #write
                            }
                        };
                        (quote!([#item_ty]), body, format!("list: its `{item}` elements"))
                    }
                    CollectionKind::Map { .. } => {
                        let what = format!("map: its `entry` elements, each a `{}` and a `{}`", c.xml_names.key, c.xml_names.value);
                        (rust_type(krate, &Type::Collection(id))?, self.entries(id, "entry", None)?, what)
                    }
                };
                let doc = format!(" Writes a `{}` {what}.", c.shape_id);
                quote! {
                    #[doc = #doc]
                    pub(crate) fn #name(out: &mut Vec<u8>, v: &#ty) {
                        crate::xml::write::open(out);
                        #body
                    }
                }
            }
        })
    }
}
