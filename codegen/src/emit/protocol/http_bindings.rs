//! Stage 4 (emit), REST protocols: the parts of a request and a response the HTTP binding traits
//! place outside the body, the same whatever the body's format: the URI (labels, query
//! literals, `@httpQuery`, `@httpQueryParams`), the headers (`@httpHeader`,
//! `@httpPrefixHeaders`), and reading headers and the status back into an output or an error.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::common::{Broken, Emitted, collection, def, def_path, member, structure, timestamp_format};
use crate::ir::{Binding, CollectionKind, Crate, DefKind, Member, Operation, Struct, TimestampFormat, Type, UriPart};
use crate::names::ident;

/// The text of a value of type `ty` that `value` (a reference) points to, as the binding traits
/// write it outside the body: an expression of type `&str` or `String`.
pub fn text(krate: &Crate, ty: &Type, value: &TokenStream, format: TimestampFormat, base64: bool) -> Emitted {
    Ok(match ty {
        Type::String if base64 => quote!(crate::rest::base64_text(#value.as_bytes())),
        Type::String | Type::BigInteger | Type::BigDecimal => quote!(#value.as_str()),
        Type::Bool => quote!(crate::rest::bool_text(*#value)),
        Type::Byte | Type::Short | Type::Integer | Type::Long => quote!(#value.to_string()),
        Type::Float => quote!(crate::rest::f32_text(*#value)),
        Type::Double => quote!(crate::rest::float_text(*#value)),
        Type::Timestamp(_) => {
            let format = timestamp_format(format);
            quote!(crate::rest::timestamp_text(*#value, #format))
        }
        Type::Blob => quote!(crate::rest::base64_text(#value)),
        Type::Def { id, .. } => match def(krate, *id)?.kind {
            DefKind::Enum(_) => quote!(#value.as_str()),
            DefKind::IntEnum(_) => quote!(#value.value().to_string()),
            _ => return Err(Broken(format!("type {id} cannot be written outside a body"))),
        },
        Type::Document | Type::Collection(_) => {
            return Err(Broken("a document or collection cannot be one value outside a body".into()));
        }
    })
}

/// What [`text`] gives for a type: a `&'static str`, a `&str` borrowed from the value, or a
/// `String` of its own.
enum TextKind {
    Static,
    Borrowed,
    Owned,
}

fn text_kind(krate: &Crate, ty: &Type, base64: bool) -> Emitted<TextKind> {
    Ok(match ty {
        Type::String if base64 => TextKind::Owned,
        Type::String | Type::BigInteger | Type::BigDecimal => TextKind::Borrowed,
        Type::Bool => TextKind::Static,
        Type::Def { id, .. } => match def(krate, *id)?.kind {
            DefKind::Enum(_) => TextKind::Borrowed,
            _ => TextKind::Owned,
        },
        _ => TextKind::Owned,
    })
}

/// A closure `|text: &str| -> Option<T>` reading a value of type `ty` from the binding traits'
/// text, and what it expects (for the error when it reads nothing).
pub fn parse(krate: &Crate, ty: &Type, format: TimestampFormat, base64: bool) -> Emitted<(TokenStream, &'static str)> {
    Ok(match ty {
        Type::String if base64 => (quote!(|t: &str| crate::rest::base64_string(t)), "base64 text"),
        Type::String => (quote!(|t: &str| Some(t.to_owned())), "text"),
        Type::Bool => (quote!(crate::rest::parse_bool), "a boolean"),
        Type::Byte => (quote!(|t: &str| t.parse::<i8>().ok()), "a byte"),
        Type::Short => (quote!(|t: &str| t.parse::<i16>().ok()), "a short"),
        Type::Integer => (quote!(|t: &str| t.parse::<i32>().ok()), "an integer"),
        Type::Long => (quote!(|t: &str| t.parse::<i64>().ok()), "a long"),
        Type::Float => (quote!(|t: &str| crate::rest::parse_float(t).map(|f| f as f32)), "a float"),
        Type::Double => (quote!(crate::rest::parse_float), "a double"),
        Type::BigInteger => (quote!(|t: &str| t.parse::<crate::primitives::BigInteger>().ok()), "an integer"),
        Type::BigDecimal => (quote!(|t: &str| t.parse::<crate::primitives::BigDecimal>().ok()), "a number"),
        Type::Timestamp(_) => {
            let f = timestamp_format(format);
            (quote!(|t: &str| crate::primitives::Timestamp::parse(t, #f).ok()), "a timestamp")
        }
        Type::Blob => (quote!(|t: &str| crate::rest::base64_bytes(t)), "base64 bytes"),
        Type::Def { id, .. } => {
            let path = def_path(krate, *id)?;
            match def(krate, *id)?.kind {
                DefKind::Enum(_) => (quote!(|t: &str| Some(#path::from(t))), "text"),
                DefKind::IntEnum(_) => (quote!(|t: &str| t.parse::<i32>().ok().map(#path::from)), "an integer"),
                _ => return Err(Broken(format!("type {id} cannot be read outside a body"))),
            }
        }
        Type::Document | Type::Collection(_) => {
            return Err(Broken("a document or collection cannot be one value outside a body".into()));
        }
    })
}

/// The item type of a list member (a header or query list), or `None` for a single value.
pub fn list_item(krate: &Crate, ty: &Type) -> Emitted<Option<Type>> {
    match ty {
        Type::Collection(id) => match &collection(krate, *id)?.kind {
            CollectionKind::List { member, .. } => Ok(Some(member.clone())),
            CollectionKind::Map { .. } => Ok(None),
        },
        _ => Ok(None),
    }
}

/// Statements binding `value` to the member's value in `receiver` (an `Option<&T>`): its own,
/// or for an unset `@idempotencyToken` a fresh token.
fn bound_value(m: &Member, receiver: &TokenStream) -> TokenStream {
    let field = ident(&m.field);
    if m.presence != crate::ir::Presence::Optional {
        quote!(let value = Some(&#receiver.#field);)
    } else if m.idempotency_token && m.ty == Type::String {
        quote! {
            let token = #receiver.#field.clone().unwrap_or_else(crate::idempotency::token);
            let value = Some(&token);
        }
    } else {
        quote!(let value = #receiver.#field.as_ref();)
    }
}

/// Statements building `uri` (a `crate::rest::Uri`) for the operation's input: the path with
/// its labels, the query literals, then the `@httpQuery` members and `@httpQueryParams` entries
/// not already written.
pub fn uri(krate: &Crate, op: &Operation) -> Emitted {
    // The pattern's text, 16 bytes a label, and 24 a query parameter.
    let input = structure(krate, op.input)?;
    let path = op.http.path.iter().map(|p| if let UriPart::Literal(t) = p { t.len() } else { 16 }).sum::<usize>();
    let literals = op.http.query.iter().map(|(k, v)| k.len().saturating_add(v.as_ref().map_or(0, String::len)).saturating_add(2));
    let params = input.members.iter().filter(|m| matches!(m.binding, Binding::Query(_) | Binding::QueryParams)).count();
    let capacity = path.saturating_add(literals.fold(0, usize::saturating_add)).saturating_add(params.saturating_mul(24));
    // S3's bucket operations may have no path and no query of their own.
    let empty = op.http.path.is_empty() && op.http.query.is_empty() && params == 0;
    let mut out = if empty {
        quote!(let uri = crate::rest::Uri::with_capacity(0);)
    } else {
        quote!(let mut uri = crate::rest::Uri::with_capacity(#capacity);)
    };
    for part in &op.http.path {
        out.extend(match part {
            UriPart::Literal(text) => quote!(uri.literal(#text);),
            UriPart::Label { member: index, greedy } => {
                let m = member(krate, op.input, *index)?;
                let field = ident(&m.field);
                let value = text(krate, &m.ty, &quote!(v), m.timestamp_format, false)?;
                match &m.label_default {
                    // A service customisation's default for a label left unset.
                    Some(default) => quote!(uri.label(self.#field.as_deref().unwrap_or(#default), #greedy);),
                    // A label is required; one left unset (or set to `None` after building) is empty.
                    None => quote! {
                        if let Some(v) = &self.#field {
                            uri.label(AsRef::<str>::as_ref(&#value), #greedy);
                        }
                    },
                }
            }
        });
    }
    for (key, value) in &op.http.query {
        let value = match value {
            Some(v) => quote!(Some(#v)),
            None => quote!(None),
        };
        out.extend(quote!(uri.query_literal(#key, #value);));
    }
    for m in &input.members {
        let Binding::Query(key) = &m.binding else { continue };
        let value = bound_value(m, &quote!(self));
        out.extend(match list_item(krate, &m.ty)? {
            Some(item) => {
                let item_text = text(krate, &item, &quote!(item), m.timestamp_format, false)?;
                quote! {
                    #value
                    if let Some(items) = value {
                        for item in items {
                            uri.query(#key, AsRef::<str>::as_ref(&#item_text));
                        }
                    }
                }
            }
            None => {
                let item_text = text(krate, &m.ty, &quote!(v), m.timestamp_format, false)?;
                quote! {
                    #value
                    if let Some(v) = value {
                        uri.query(#key, AsRef::<str>::as_ref(&#item_text));
                    }
                }
            }
        });
    }
    // `@httpQuery` members and the pattern's literals win over `@httpQueryParams` entries.
    let named = query_keys(op, input);
    for m in input.members.iter().filter(|m| m.binding == Binding::QueryParams) {
        let field = ident(&m.field);
        let Type::Collection(id) = &m.ty else { return Err(Broken(format!("{} is no map", m.path))) };
        let CollectionKind::Map { value, sparse, .. } = &collection(krate, *id)?.kind else {
            return Err(Broken(format!("{} is no map", m.path)));
        };
        let values = match (list_item(krate, value)?, sparse) {
            (Some(_), false) => quote!(v.iter()),
            (Some(_), true) => quote!(v.iter().flatten()),
            (None, false) => quote!(std::iter::once(v)),
            (None, true) => quote!(v.iter()),
        };
        out.extend(quote! {
            if let Some(params) = &self.#field {
                for (k, v) in params {
                    if ![#(#named),*].contains(&k.as_str()) {
                        for v in #values {
                            uri.query(k, v);
                        }
                    }
                }
            }
        });
    }
    Ok(out)
}

/// The query keys an operation's URI pattern and `@httpQuery` members name, which its
/// `@httpQueryParams` entries cannot take.
pub fn query_keys<'a>(op: &'a Operation, input: &'a Struct) -> Vec<&'a str> {
    let literal = op.http.query.iter().map(|(k, _)| k.as_str());
    let members = input.members.iter().filter_map(|m| match &m.binding {
        Binding::Query(key) => Some(key.as_str()),
        _ => None,
    });
    literal.chain(members).collect()
}

/// Statements pushing the `@httpHeader` and `@httpPrefixHeaders` members of `receiver` (a
/// structure `input`, such as `self`) onto `headers`.
pub fn request_headers(krate: &Crate, input: &Struct, receiver: &TokenStream) -> Emitted {
    let mut out = TokenStream::new();
    // The specific headers first: a prefix-headers entry of the same name stays out.
    let specific = input.members.iter().filter(|m| matches!(m.binding, Binding::Header(_)));
    let prefixed = input.members.iter().filter(|m| matches!(m.binding, Binding::PrefixHeaders(_)));
    for m in specific.chain(prefixed) {
        match &m.binding {
            Binding::Header(name) => {
                let value = bound_value(m, receiver);
                let base64 = m.media_type.is_some();
                out.extend(match list_item(krate, &m.ty)? {
                    Some(item) => {
                        let item_text = text(krate, &item, &quote!(item), m.timestamp_format, base64)?;
                        // http-dates hold commas of their own, and are never quoted.
                        let quote_items =
                            !(matches!(item, Type::Timestamp(_)) && m.timestamp_format == TimestampFormat::HttpDate);
                        quote! {
                            #value
                            if let Some(items) = value {
                                let mut list = String::new();
                                for (i, item) in items.iter().enumerate() {
                                    crate::rest::push_header_item(&mut list, i == 0, AsRef::<str>::as_ref(&#item_text), #quote_items);
                                }
                                headers.push((std::borrow::Cow::Borrowed(#name), std::borrow::Cow::Owned(list)));
                            }
                        }
                    }
                    None => {
                        let v_text = text(krate, &m.ty, &quote!(v), m.timestamp_format, base64)?;
                        let header_value = match text_kind(krate, &m.ty, base64)? {
                            TextKind::Static => quote!(std::borrow::Cow::Borrowed(#v_text)),
                            TextKind::Borrowed => quote!(std::borrow::Cow::Owned(#v_text.to_owned())),
                            TextKind::Owned => quote!(std::borrow::Cow::Owned(#v_text)),
                        };
                        quote! {
                            #value
                            if let Some(v) = value {
                                headers.push((std::borrow::Cow::Borrowed(#name), #header_value));
                            }
                        }
                    }
                });
            }
            Binding::PrefixHeaders(prefix) => {
                let field = ident(&m.field);
                let map = if m.presence == crate::ir::Presence::Optional {
                    quote!(#receiver.#field.as_ref())
                } else {
                    quote!(Some(&#receiver.#field))
                };
                out.extend(quote! {
                    if let Some(map) = #map {
                        for (k, v) in map {
                            let name = format!("{}{k}", #prefix);
                            if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(&name)) {
                                headers.push((std::borrow::Cow::Owned(name), std::borrow::Cow::Owned(v.clone())));
                            }
                        }
                    }
                });
            }
            _ => {}
        }
    }
    Ok(out)
}

/// Adds to `names` and `prefixes` the header names and prefixes the members of `s` are bound
/// to, each once without regard to case (the first spelling met is kept).
pub fn bound_headers(s: &Struct, names: &mut Vec<String>, prefixes: &mut Vec<String>) {
    for m in &s.members {
        let (list, name) = match &m.binding {
            Binding::Header(name) => (&mut *names, name),
            Binding::PrefixHeaders(prefix) => (&mut *prefixes, prefix),
            _ => continue,
        };
        if !list.iter().any(|known| known.eq_ignore_ascii_case(name)) {
            list.push(name.clone());
        }
    }
}

/// Statements setting the members of `target` (a mutable binding of the structure `s`) bound
/// to the response's headers (`headers`, a `&ResponseHeaders`) and status (`status`), each
/// failing with a `json::Error` at the member.
pub fn response_members(krate: &Crate, s: &Struct, target: &TokenStream) -> Emitted {
    let mut out = TokenStream::new();
    for m in &s.members {
        let field = ident(&m.field);
        let member_name = &m.name;
        let value = match &m.binding {
            Binding::Header(name) => {
                let base64 = m.media_type.is_some();
                match list_item(krate, &m.ty)? {
                    Some(item) => {
                        let (parse, expected) = parse(krate, &item, m.timestamp_format, base64)?;
                        let dates = matches!(item, Type::Timestamp(_)) && m.timestamp_format == TimestampFormat::HttpDate;
                        quote!(crate::rest::header_list(headers, #member_name, #name, #expected, #dates, #parse)?)
                    }
                    None => {
                        let (parse, expected) = parse(krate, &m.ty, m.timestamp_format, base64)?;
                        if m.lenient_header {
                            // A value that cannot be read is left out (a service customisation).
                            quote!(crate::rest::header(headers, #member_name, #name, #expected, #parse).ok().flatten())
                        } else {
                            quote!(crate::rest::header(headers, #member_name, #name, #expected, #parse)?)
                        }
                    }
                }
            }
            // No header with the prefix is an empty map, as the compliance cases have it.
            Binding::PrefixHeaders(prefix) => quote! {
                Some(headers.prefixed(#prefix).map(|(k, v)| (k, v.to_owned())).collect::<std::collections::BTreeMap<String, String>>())
            },
            Binding::ResponseCode => {
                let code = quote!(i32::from(status));
                let value = if m.presence == crate::ir::Presence::Optional { quote!(Some(#code)) } else { code };
                out.extend(quote!(#target.#field = #value;));
                continue;
            }
            _ => continue,
        };
        let value = super::json_body::de::absent_value(krate, m, value)?;
        out.extend(quote!(#target.#field = #value;));
    }
    Ok(out)
}
