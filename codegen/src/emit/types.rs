//! Stage 4 (emit): plain Rust types, one function per IR node kind: structures with their
//! builders, string enums, int enums, unions, and the extra impls of modeled errors. Nothing here
//! knows about the wire protocol.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{
    Emitted, collection, def as def_of, def_path, deprecated_attr, doc_attrs, field_type, or_default_value, path_text,
    rust_type,
};
use crate::ir::{
    CollectionKind, Crate, DefKind, Enum, IntEnum, Member, Presence, Retry, Struct, StructRole, Type, TypeDef, Union,
};
use crate::names::{self, ident};

/// The type and its impls; a structure's builder is apart ([`emit_builder`]), in the
/// `builders` module beside it.
pub fn emit_def(krate: &Crate, def: &TypeDef) -> Emitted {
    Ok(match &def.kind {
        DefKind::Struct(s) => {
            let ty = emit_struct(krate, def, s)?;
            let error = match s.role {
                StructRole::Error { .. } => emit_error_impls(def, s),
                _ => TokenStream::new(),
            };
            quote!(#ty #error)
        }
        DefKind::Union(u) => emit_union(krate, def, u)?,
        DefKind::Enum(e) => emit_enum(def, e),
        DefKind::IntEnum(e) => emit_int_enum(def, e),
    })
}

/// The builder of a structure, for its module's `builders` module; nothing for other types.
pub fn emit_builder(krate: &Crate, id: usize, def: &TypeDef) -> Emitted {
    match &def.kind {
        DefKind::Struct(s) => emit_struct_builder(krate, id, def, s),
        _ => Ok(TokenStream::new()),
    }
}

/// The docs of a `builders` module.
pub fn builders_docs(of: &str) -> TokenStream {
    let doc = format!(" The builders of {of}: each type's `builder()` makes one.");
    quote!(#![doc = #doc])
}

/// Docs of a type, with its deprecation note.
fn type_docs(def: &TypeDef) -> TokenStream {
    let mut lines = def.docs.clone();
    if let Some(d) = &def.deprecated {
        crate::docs::push_paragraph(&mut lines, crate::docs::deprecation_note(d));
    }
    doc_attrs(&lines)
}

/// A hand-written `Debug` for a structure or its builder (both have one field per member) when
/// sensitive values must be redacted; nothing when `Debug` can be derived.
fn struct_debug(def: &TypeDef, s: &Struct, name: &proc_macro2::Ident, label: &str) -> TokenStream {
    if !def.sensitive && !s.members.iter().any(|m| m.sensitive) {
        return TokenStream::new();
    }
    let fields: Vec<(String, TokenStream, bool)> = s
        .members
        .iter()
        .map(|m| {
            let field = ident(&m.field);
            (m.field.clone(), quote!(&self.#field), m.sensitive)
        })
        .collect();
    debug_impl(name, label, def.sensitive, &fields)
}

/// A `Debug` impl that prints `*** Sensitive Data Redacted ***` for sensitive members (or for the
/// whole value when the shape itself is sensitive). `fields` are `(label, expression, sensitive)`.
fn debug_impl(name: &proc_macro2::Ident, label: &str, whole: bool, fields: &[(String, TokenStream, bool)]) -> TokenStream {
    let body = if whole {
        quote!(f.write_str(concat!(#label, "(*** Sensitive Data Redacted ***)")))
    } else {
        let fields = fields.iter().map(|(label, expr, sensitive)| {
            if *sensitive {
                quote!(.field(#label, &"*** Sensitive Data Redacted ***"))
            } else {
                quote!(.field(#label, #expr))
            }
        });
        quote!(f.debug_struct(#label) #(#fields)* .finish_non_exhaustive())
    };
    quote! {
        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                #body
            }
        }
    }
}

fn emit_struct(krate: &Crate, def: &TypeDef, s: &Struct) -> Emitted {
    let name = ident(&def.rust_name);
    let docs = type_docs(def);
    let deprecated = deprecated_attr(def.deprecated.as_ref());
    let builder = ident(&s.builder);
    let fields = s
        .members
        .iter()
        .map(|m| {
            let field = ident(&m.field);
            let ty = field_type(krate, m)?;
            let docs = doc_attrs(&m.docs);
            let deprecated = deprecated_attr(m.deprecated.as_ref());
            Ok(quote!(#docs #deprecated pub #field: #ty,))
        })
        .collect::<Emitted<Vec<_>>>()?;
    let is_error = matches!(s.role, StructRole::Error { .. });
    let meta_field = ident(names::ERROR_META_FIELD);
    let meta = if is_error {
        quote!(pub(crate) #meta_field: crate::error::ResponseMetadata,)
    } else {
        TokenStream::new()
    };
    let debug = struct_debug(def, s, &name, &def.rust_name);
    let derives = if debug.is_empty() { quote!(#[derive(Clone, Debug, PartialEq)]) } else { quote!(#[derive(Clone, PartialEq)]) };
    let builder_doc = format!(" A builder for [`{}`].", def.rust_name);
    let builder = quote!(builders::#builder);
    Ok(quote! {
        #docs
        #deprecated
        #derives
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #meta
        }

        #debug

        impl #name {
            #[doc = #builder_doc]
            pub fn builder() -> #builder {
                #builder::default()
            }
        }
    })
}

/// The type a setter takes: `impl Into<T>` where that helps (strings, enums, timestamps, boxed
/// values), an iterator for lists and maps, the type itself otherwise; and the field's new
/// value made from `value`. Lists and maps are collected by one generic function of the runtime
/// each, rather than an iterator chain (and, for maps, a closure) in every setter.
fn setter_param(krate: &Crate, ty: &Type) -> Emitted<(TokenStream, TokenStream)> {
    Ok(match ty {
        Type::String | Type::Blob | Type::Timestamp(_) | Type::Document => {
            let t = rust_type(krate, ty)?;
            (quote!(impl Into<#t>), quote!(Some(value.into())))
        }
        Type::Def { id, boxed } => {
            let path = def_path(krate, *id)?;
            let into = matches!(def_of(krate, *id)?.kind, DefKind::Enum(_) | DefKind::IntEnum(_));
            let param = if into { quote!(impl Into<#path>) } else { quote!(#path) };
            let value = if into { quote!(value.into()) } else { quote!(value) };
            let value = if *boxed { quote!(Box::new(#value)) } else { value };
            (param, quote!(Some(#value)))
        }
        Type::Collection(id) => match &collection(krate, *id)?.kind {
            CollectionKind::List { member, sparse } => {
                let item = rust_type(krate, member)?;
                let param = if *sparse {
                    quote!(impl IntoIterator<Item = Option<#item>>)
                } else {
                    quote!(impl IntoIterator<Item = impl Into<#item>>)
                };
                (param, quote!(crate::primitives::list_of(value)))
            }
            CollectionKind::Map { key, value, sparse } => {
                let k = rust_type(krate, key)?;
                let v = rust_type(krate, value)?;
                let param = if *sparse {
                    quote!(impl IntoIterator<Item = (impl Into<#k>, Option<#v>)>)
                } else {
                    quote!(impl IntoIterator<Item = (impl Into<#k>, impl Into<#v>)>)
                };
                (param, quote!(crate::primitives::map_of(value)))
            }
        },
        _ => (rust_type(krate, ty)?, quote!(Some(value))),
    })
}

/// Whether a structure's builder holds the structure itself: when every member is an `Option`
/// in both, the builder is a wrapper whose `Clone`, `Debug` and `PartialEq` are the structure's
/// own (one copy of each per shape instead of two) and whose `build()` moves the value out.
fn builder_wraps(s: &Struct) -> bool {
    !matches!(s.role, StructRole::Error { .. }) && s.members.iter().all(|m| m.presence == Presence::Optional)
}

fn emit_struct_builder(krate: &Crate, id: usize, def: &TypeDef, s: &Struct) -> Emitted {
    let builder = ident(&s.builder);
    let path = def_path(krate, id)?;
    let wraps = builder_wraps(s);
    let setters = s.members.iter().map(|m| emit_setters(krate, def, &path, m, wraps)).collect::<Emitted<Vec<_>>>()?;
    let build = emit_build(krate, def, &path, s, wraps)?;
    let doc = format!(" A builder for [`{}`]({path}).", def.rust_name, path = path_text(&path));
    if wraps {
        let fields = s.members.iter().map(|m| {
            let field = ident(&m.field);
            quote!(#field: None,)
        });
        return Ok(quote! {
            #[doc = #doc]
            #[derive(Clone, Debug, PartialEq)]
            pub struct #builder(#path);

            impl Default for #builder {
                fn default() -> Self {
                    Self(#path { #(#fields)* })
                }
            }

            impl #builder {
                #(#setters)*
                #build
            }
        });
    }
    let fields = s
        .members
        .iter()
        .map(|m| {
            let field = ident(&m.field);
            let ty = rust_type(krate, &m.ty)?;
            Ok(quote!(#field: Option<#ty>,))
        })
        .collect::<Emitted<Vec<_>>>()?;
    let debug = struct_debug(def, s, &builder, &s.builder);
    let derives = if debug.is_empty() {
        quote!(#[derive(Clone, Debug, Default, PartialEq)])
    } else {
        quote!(#[derive(Clone, Default, PartialEq)])
    };
    Ok(quote! {
        #[doc = #doc]
        #derives
        pub struct #builder {
            #(#fields)*
        }

        #debug

        impl #builder {
            #(#setters)*
            #build
        }
    })
}

/// Where a builder keeps a member: its own field, or the wrapped structure's.
fn builder_slot(field: &proc_macro2::Ident, wraps: bool) -> TokenStream {
    if wraps { quote!(self.0.#field) } else { quote!(self.#field) }
}

fn emit_setters(krate: &Crate, def: &TypeDef, path: &TokenStream, m: &Member, wraps: bool) -> Emitted {
    let slot = builder_slot(&ident(&m.field), wraps);
    let setter = ident(&m.setter);
    let option_setter = ident(&m.option_setter);
    let (param, convert) = setter_param(krate, &m.ty)?;
    let ty = rust_type(krate, &m.ty)?;
    let target = field_link(def, path, m);
    let doc = format!(" Sets {target}.");
    let option_doc = format!(" Sets or clears {target}.");
    let deprecated = deprecated_attr(m.deprecated.as_ref());
    Ok(quote! {
        #[doc = #doc]
        #deprecated
        pub fn #setter(mut self, value: #param) -> Self {
            #slot = #convert;
            self
        }

        #[doc = #option_doc]
        #deprecated
        pub fn #option_setter(mut self, value: Option<#ty>) -> Self {
            #slot = value;
            self
        }
    })
}

/// An intra-doc link to a field (by its full path, as builders live in their own module), or
/// plain code for raw identifiers, which links cannot name.
fn field_link(def: &TypeDef, path: &TokenStream, m: &Member) -> String {
    if names::ident(&m.field).to_string().starts_with("r#") {
        format!("`{}::{}`", def.rust_name, m.field)
    } else {
        format!("[`{}::{}`]({}::{})", def.rust_name, m.field, path_text(path), m.field)
    }
}

fn emit_build(krate: &Crate, def: &TypeDef, path: &TokenStream, s: &Struct, wraps: bool) -> Emitted {
    let name = path;
    let rust_name = &def.rust_name;
    let link = format!("[`{rust_name}`]({})", path_text(path));
    let missing = |m: &Member| {
        let wire = &m.name;
        quote!(crate::error::BuildError::missing(#rust_name, #wire))
    };
    let checks = if s.role == StructRole::Input {
        let checks = s.members.iter().filter(|m| m.required).map(|m| {
            let slot = builder_slot(&ident(&m.field), wraps);
            let err = missing(m);
            quote!(if #slot.is_none() { return Err(#err); })
        });
        let labels = s.members.iter().filter(|m| m.host_label).map(|m| {
            let slot = builder_slot(&ident(&m.field), wraps);
            let wire = &m.name;
            quote! {
                if let Some(value) = &#slot
                    && !crate::error::is_valid_host_label(value)
                {
                    return Err(crate::error::BuildError::invalid_host_label(#rust_name, #wire));
                }
            }
        });
        quote!(#(#checks)* #(#labels)*)
    } else {
        TokenStream::new()
    };
    let required: Vec<String> = s
        .members
        .iter()
        .filter(|m| m.presence == Presence::Required || (s.role == StructRole::Input && m.required))
        .map(|m| format!("`{}`", m.name))
        .collect();
    // A wrapping builder holds the structure itself: build() moves it out, with no fields to list.
    let value = if wraps {
        quote!(self.0)
    } else {
        let values = s
            .members
            .iter()
            .map(|m| {
                let field = ident(&m.field);
                let value = match &m.presence {
                    Presence::Optional => quote!(self.#field),
                    Presence::Required => {
                        let err = missing(m);
                        quote!(self.#field.ok_or(#err)?)
                    }
                    Presence::Default(d) => or_default_value(krate, quote!(self.#field), &m.ty, d)?,
                };
                Ok(quote!(#field: #value,))
            })
            .collect::<Emitted<Vec<_>>>()?;
        let meta = if matches!(s.role, StructRole::Error { .. }) {
            let meta = ident(names::ERROR_META_FIELD);
            quote!(#meta: crate::error::ResponseMetadata::default(),)
        } else {
            TokenStream::new()
        };
        quote!(#name { #(#values)* #meta })
    };
    if s.build_is_fallible() {
        let mut docs = vec![format!("Builds the {link}.")];
        if !required.is_empty() {
            docs.push(String::new());
            docs.push("# Errors".to_owned());
            docs.push(String::new());
            docs.push(format!("A [`BuildError`](crate::error::BuildError) naming the first unset required member: {}.", required.join(", ")));
        } else {
            docs.push(String::new());
            docs.push("# Errors".to_owned());
            docs.push(String::new());
            docs.push("None today: the model requires no member. The `Result` keeps this signature stable if a later model does.".to_owned());
        }
        let docs = doc_attrs(&docs);
        Ok(quote! {
            #docs
            pub fn build(self) -> Result<#name, crate::error::BuildError> {
                #checks
                Ok(#value)
            }
        })
    } else {
        let doc = format!(" Builds the {link}.");
        Ok(quote! {
            #[doc = #doc]
            pub fn build(self) -> #name {
                #value
            }
        })
    }
}

fn emit_error_impls(def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.rust_name);
    let StructRole::Error { code, message_member, status, retry, .. } = &s.role else {
        return TokenStream::new();
    };
    let meta = ident(names::ERROR_META_FIELD);
    let message = match message_member.and_then(|i| s.members.get(i)) {
        Some(m) => {
            let field = ident(&m.field);
            match m.presence {
                Presence::Optional => quote!(self.#field.as_deref()),
                _ => quote!(Some(self.#field.as_str())),
            }
        }
        None => quote!(None),
    };
    let status_literal = proc_macro2::Literal::u16_unsuffixed(*status);
    // Only a `@retryable` error says more than its code and status do.
    let retry_kind = match retry {
        Some(Retry::Throttling) => quote! {
            /// `Throttling`: the model marks this error retryable, as throttling.
            fn retry_kind(&self) -> Option<crate::error::RetryKind> {
                Some(crate::error::RetryKind::Throttling)
            }
        },
        Some(Retry::Transient) => quote! {
            /// `Transient`: the model marks this error retryable.
            fn retry_kind(&self) -> Option<crate::error::RetryKind> {
                Some(crate::error::RetryKind::Transient)
            }
        },
        None => TokenStream::new(),
    };
    let code_doc = format!(" The error code, `{code}`.");
    let status_doc = format!(" The HTTP status the model gives this error, {status}.");
    quote! {
        impl #name {
            #[doc = #code_doc]
            pub const CODE: &'static str = #code;

            #[doc = #status_doc]
            pub const HTTP_STATUS: u16 = #status_literal;

            /// The HTTP status and request id of the response this error came in, and for
            /// services compatible with awsQuery, its awsQuery code and fault.
            pub fn meta(&self) -> &crate::error::ResponseMetadata {
                &self.#meta
            }
        }

        impl crate::error::ProvideErrorMetadata for #name {
            fn code(&self) -> Option<&str> {
                Some(self.#meta.query_error_code().unwrap_or(Self::CODE))
            }

            fn message(&self) -> Option<&str> {
                #message
            }

            fn request_id(&self) -> Option<&str> {
                self.#meta.request_id()
            }

            fn status(&self) -> u16 {
                self.#meta.status()
            }

            #retry_kind
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match crate::error::ProvideErrorMetadata::message(self) {
                    Some(message) => write!(f, "{}: {}", Self::CODE, message),
                    None => f.write_str(Self::CODE),
                }
            }
        }

        impl std::error::Error for #name {}
    }
}

fn emit_enum(def: &TypeDef, e: &Enum) -> TokenStream {
    let name = ident(&def.rust_name);
    let docs = type_docs(def);
    let deprecated = deprecated_attr(def.deprecated.as_ref());
    let variants = e.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let docs = doc_attrs(&v.docs);
        let deprecated = deprecated_attr(v.deprecated.as_ref());
        quote!(#docs #deprecated #variant,)
    });
    let values: Vec<&str> = e.variants.iter().map(|v| v.value.as_str()).collect();
    let to_str = e.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let value = &v.value;
        quote!(Self::#variant => #value,)
    });
    // By the value's index in `VALUES`: an integer switch, where a `match` on strings would
    // compile to one comparison per variant in every enum.
    let from_index = e.variants.iter().enumerate().map(|(index, v)| {
        let variant = ident(&v.rust_name);
        let index = proc_macro2::Literal::usize_unsuffixed(index);
        quote!(Some(#index) => Some(Self::#variant),)
    });
    let example = e.variants.first().map(|v| v.value.clone()).unwrap_or_default();
    let unknown_doc = format!(
        " A value this version of the crate does not know; it is kept and sent back unchanged. `{}::from(\"{}\")` gives the known variant, never this one.",
        def.rust_name, example.escape_default()
    );
    quote! {
        #docs
        #deprecated
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #[doc = #unknown_doc]
            Unknown(crate::primitives::UnknownValue),
        }

        impl #name {
            /// Every value the model defines, in model order.
            pub const VALUES: &'static [&'static str] = &[#(#values),*];

            /// The value as it is written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::Unknown(value) => value.as_str(),
                }
            }

            fn known(value: &str) -> Option<Self> {
                match crate::primitives::index_of(Self::VALUES, value) {
                    #(#from_index)*
                    _ => None,
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match Self::known(value) {
                    Some(known) => known,
                    None => Self::Unknown(crate::primitives::UnknownValue::new(value.to_owned())),
                }
            }
        }

        impl From<String> for #name {
            fn from(value: String) -> Self {
                match Self::known(&value) {
                    Some(known) => known,
                    None => Self::Unknown(crate::primitives::UnknownValue::new(value)),
                }
            }
        }

        impl std::str::FromStr for #name {
            type Err = std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

fn emit_int_enum(def: &TypeDef, e: &IntEnum) -> TokenStream {
    let name = ident(&def.rust_name);
    let docs = type_docs(def);
    let deprecated = deprecated_attr(def.deprecated.as_ref());
    let variants = e.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let docs = doc_attrs(&v.docs);
        let deprecated = deprecated_attr(v.deprecated.as_ref());
        quote!(#docs #deprecated #variant,)
    });
    let values: Vec<i32> = e.variants.iter().map(|v| v.value).collect();
    let to_int = e.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let value = v.value;
        quote!(Self::#variant => #value,)
    });
    let from_int = e.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let value = v.value;
        quote!(#value => Self::#variant,)
    });
    quote! {
        #docs
        #deprecated
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the crate does not know; it is kept and sent back unchanged.
            Unknown(crate::primitives::UnknownIntValue),
        }

        impl #name {
            /// Every value the model defines, in model order.
            pub const VALUES: &'static [i32] = &[#(#values),*];

            /// The value as it is written on the wire.
            pub fn value(&self) -> i32 {
                match self {
                    #(#to_int)*
                    Self::Unknown(value) => value.value(),
                }
            }
        }

        impl From<i32> for #name {
            fn from(value: i32) -> Self {
                match value {
                    #(#from_int)*
                    other => Self::Unknown(crate::primitives::UnknownIntValue::new(other)),
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.value())
            }
        }
    }
}

fn emit_union(krate: &Crate, def: &TypeDef, u: &Union) -> Emitted {
    let name = ident(&def.rust_name);
    let docs = type_docs(def);
    let deprecated = deprecated_attr(def.deprecated.as_ref());
    let variants = u
        .variants
        .iter()
        .map(|v| {
            let variant = ident(&v.rust_name);
            let docs = doc_attrs(&v.docs);
            let deprecated = deprecated_attr(v.deprecated.as_ref());
            Ok(match &v.ty {
                Some(ty) => {
                    let ty = rust_type(krate, ty)?;
                    quote!(#docs #deprecated #variant(#ty),)
                }
                None => quote!(#docs #deprecated #variant,),
            })
        })
        .collect::<Emitted<Vec<_>>>()?;
    let redact = def.sensitive || u.variants.iter().any(|v| v.sensitive);
    let derives = if redact { quote!(#[derive(Clone, PartialEq)]) } else { quote!(#[derive(Clone, Debug, PartialEq)]) };
    let debug = if redact {
        let arms = u.variants.iter().map(|v| {
            let variant = ident(&v.rust_name);
            let text = &v.rust_name;
            match (&v.ty, v.sensitive || def.sensitive) {
                (None, _) => quote!(Self::#variant => f.write_str(#text),),
                (Some(_), true) => quote!(Self::#variant(_) => f.debug_tuple(#text).field(&"*** Sensitive Data Redacted ***").finish(),),
                (Some(_), false) => quote!(Self::#variant(value) => f.debug_tuple(#text).field(value).finish(),),
            }
        });
        quote! {
            impl std::fmt::Debug for #name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    match self {
                        #(#arms)*
                        Self::Unknown(value) => f.debug_tuple("Unknown").field(value).finish(),
                    }
                }
            }
        }
    } else {
        TokenStream::new()
    };
    Ok(quote! {
        #docs
        #deprecated
        #derives
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A variant this version of the crate does not know, kept with its raw JSON value so
            /// it can be sent back unchanged.
            Unknown(crate::primitives::UnknownVariant),
        }

        #debug
    })
}
