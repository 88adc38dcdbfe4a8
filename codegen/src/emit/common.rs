//! Stage 4 (emit) helpers every emitter shares: doc attributes, type paths, literals.

use proc_macro2::{Literal, TokenStream};
use quote::{ToTokens, quote};

use crate::ir::{
    Collection, CollectionKind, Crate, DefKind, DefaultValue, Deprecated, Location, Member, Operation, Presence, Struct,
    TimestampFormat, Type, TypeDef,
};
use crate::json::Json;
use crate::names::ident;

/// A broken invariant of the IR, found while emitting: a bug in the generator, which `emit`
/// reports as an internal error rather than writing code around it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Broken(pub String);

/// What an emitter gives: tokens (or another value), or the invariant it found broken.
pub type Emitted<T = TokenStream> = Result<T, Broken>;

/// The generated type `id`.
pub fn def(krate: &Crate, id: usize) -> Emitted<&TypeDef> {
    krate.defs.get(id).ok_or_else(|| Broken(format!("type {id} does not exist")))
}

/// The list or map `id`.
pub fn collection(krate: &Crate, id: usize) -> Emitted<&Collection> {
    krate.collections.get(id).ok_or_else(|| Broken(format!("collection {id} does not exist")))
}

/// The operation at `index`.
pub fn operation(krate: &Crate, index: usize) -> Emitted<&Operation> {
    krate.operations.get(index).ok_or_else(|| Broken(format!("operation {index} does not exist")))
}

/// The structure `id` (an operation's input or output, an error, a plain structure).
pub fn structure(krate: &Crate, id: usize) -> Emitted<&Struct> {
    let d = def(krate, id)?;
    match &d.kind {
        DefKind::Struct(s) => Ok(s),
        _ => Err(Broken(format!("{} is not a structure", d.shape_id))),
    }
}

/// The member at `index` of the structure `id`.
pub fn member(krate: &Crate, id: usize, index: usize) -> Emitted<&Member> {
    let s = structure(krate, id)?;
    s.members.get(index).ok_or_else(|| Broken(format!("type {id} has no member {index}")))
}

/// One `#[doc = " line"]` per line, which prettyplease prints as `/// line`.
pub fn doc_attrs(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|line| {
        let text = if line.is_empty() { String::new() } else { format!(" {line}") };
        quote!(#[doc = #text])
    });
    quote!(#(#attrs)*)
}

/// `#[deprecated(note = "...")]`, or nothing. Smithy's `since` is free text (often a date), so it
/// goes into the note rather than Rust's `since`, which must be a semver version.
pub fn deprecated_attr(deprecated: Option<&Deprecated>) -> TokenStream {
    match deprecated {
        Some(d) => {
            let note = crate::docs::deprecation_attribute(d);
            quote!(#[deprecated(note = #note)])
        }
        None => TokenStream::new(),
    }
}

/// The path of a generated type, from anywhere in the crate.
pub fn def_path(krate: &Crate, id: usize) -> Emitted {
    def_path_in(krate, id, &quote!(crate))
}

/// The path of a generated type under `root` (`crate` inside the crate, the crate's name outside).
pub fn def_path_in(krate: &Crate, id: usize, root: &TokenStream) -> Emitted {
    let d = def(krate, id)?;
    let name = ident(&d.rust_name);
    Ok(match d.location {
        Location::Types => quote!(#root::types::#name),
        Location::Operation(op) => {
            let module = ident(&operation(krate, op)?.module);
            quote!(#root::operation::#module::#name)
        }
    })
}

/// The trait impls of an error enum (an operation's, or the service-wide one): each modeled
/// variant (`variants`) and the two catch-alls hold a type with the same metadata, so one
/// `match` (`ErrorEnum::parts`) finds it and `ProvideErrorMetadata` (one generic impl in the
/// runtime), `Display` and `Error` ask it. `cfgs` holds each variant's `cfg` (nothing when it
/// is always there).
pub fn error_enum_impls(name: &TokenStream, variants: &[&proc_macro2::Ident], cfgs: &[TokenStream]) -> TokenStream {
    let arms = variants.iter().enumerate().map(|(i, variant)| {
        let cfg = cfgs.get(i).cloned().unwrap_or_default();
        let text = variant.to_string();
        quote!(#cfg Self::#variant(e) => (#text, &**e),)
    });
    // `Debug` and `PartialEq` go through the one match too: derived, they were a third of the
    // front end's time on a whole-service crate (one arm per variant in each).
    quote! {
        impl crate::error::ErrorEnum for #name {
            fn parts(&self) -> (&'static str, &dyn crate::error::ErrorParts) {
                match self {
                    #(#arms)*
                    Self::Unhandled(e) => ("Unhandled", &**e),
                    Self::MalformedResponse(e) => ("MalformedResponse", &**e),
                }
            }
        }

        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                let (variant, error) = crate::error::ErrorEnum::parts(self);
                f.debug_tuple(variant).field(&error).finish()
            }
        }

        impl PartialEq for #name {
            fn eq(&self, other: &Self) -> bool {
                use crate::error::ErrorEnum;
                let ((variant, error), (other_variant, other_error)) = (self.parts(), other.parts());
                variant == other_variant && error.same(other_error)
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(crate::error::ErrorEnum::parts(self).1, f)
            }
        }

        impl std::error::Error for #name {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                std::error::Error::source(crate::error::ErrorEnum::parts(self).1)
            }
        }
    }
}

/// `item`, compiled for tests only when `test` is true (nothing stays nothing).
pub(crate) fn test_only(test: bool, item: TokenStream) -> TokenStream {
    if test && !item.is_empty() { quote!(#[cfg(test)] #item) } else { item }
}

/// A path as doc text, for the target of an intra-doc link: `crate::types::Foo`.
pub fn path_text(path: &TokenStream) -> String {
    path.to_string().replace(' ', "")
}

/// The Rust type of a value.
pub fn rust_type(krate: &Crate, ty: &Type) -> Emitted {
    Ok(match ty {
        Type::Bool => quote!(bool),
        Type::Byte => quote!(i8),
        Type::Short => quote!(i16),
        Type::Integer => quote!(i32),
        Type::Long => quote!(i64),
        Type::Float => quote!(f32),
        Type::Double => quote!(f64),
        Type::String => quote!(String),
        Type::Blob => quote!(Vec<u8>),
        Type::Timestamp(_) => quote!(crate::primitives::Timestamp),
        Type::Document => quote!(crate::primitives::Document),
        Type::BigInteger => quote!(crate::primitives::BigInteger),
        Type::BigDecimal => quote!(crate::primitives::BigDecimal),
        Type::Def { id, boxed } => {
            let path = def_path(krate, *id)?;
            if *boxed { quote!(Box<#path>) } else { path }
        }
        Type::Collection(id) => match &collection(krate, *id)?.kind {
            CollectionKind::List { member, sparse } => {
                let item = rust_type(krate, member)?;
                if *sparse { quote!(Vec<Option<#item>>) } else { quote!(Vec<#item>) }
            }
            CollectionKind::Map { key, value, sparse } => {
                let key = rust_type(krate, key)?;
                let value = rust_type(krate, value)?;
                if *sparse {
                    quote!(std::collections::BTreeMap<#key, Option<#value>>)
                } else {
                    quote!(std::collections::BTreeMap<#key, #value>)
                }
            }
        },
    })
}

/// The type of a structure field: `Option<T>` unless the member always has a value.
pub fn field_type(krate: &Crate, member: &Member) -> Emitted {
    let ty = rust_type(krate, &member.ty)?;
    Ok(match member.presence {
        Presence::Optional => quote!(Option<#ty>),
        Presence::Required | Presence::Default(_) => ty,
    })
}

/// The `TimestampFormat` value for a format.
pub fn timestamp_format(format: TimestampFormat) -> TokenStream {
    match format {
        TimestampFormat::EpochSeconds => quote!(crate::primitives::TimestampFormat::EpochSeconds),
        TimestampFormat::DateTime => quote!(crate::primitives::TimestampFormat::DateTime),
        TimestampFormat::HttpDate => quote!(crate::primitives::TimestampFormat::HttpDate),
    }
}

/// A byte-string literal of a member's JSON key, quoted and followed by `:`.
pub fn json_key_literal(name: &str) -> Literal {
    let quoted = serde_json::Value::String(name.to_owned()).to_string();
    Literal::byte_string(format!("{quoted}:").as_bytes())
}

/// The expression for a `@default` value of a member of type `ty`.
pub fn default_expr(krate: &Crate, ty: &Type, value: &DefaultValue) -> Emitted {
    Ok(match (value, ty) {
        (DefaultValue::Bool(b), _) => quote!(#b),
        (DefaultValue::Int(n), Type::Byte) => int_literal(*n, "i8"),
        (DefaultValue::Int(n), Type::Short) => int_literal(*n, "i16"),
        (DefaultValue::Int(n), Type::Integer) => int_literal(*n, "i32"),
        (DefaultValue::Int(n), _) => int_literal(*n, "i64"),
        (DefaultValue::Float(f), Type::Float) => float_literal(*f, true),
        (DefaultValue::Float(f), _) => float_literal(*f, false),
        (DefaultValue::String(s), Type::Def { id, .. }) => {
            let path = def_path(krate, *id)?;
            match enum_variant_for(krate, *id, s) {
                Some(variant) => quote!(#path::#variant),
                None => quote!(#path::from(#s)),
            }
        }
        (DefaultValue::String(s), _) => quote!(String::from(#s)),
        (DefaultValue::IntEnum(n), Type::Def { id, .. }) => {
            let path = def_path(krate, *id)?;
            quote!(#path::from(#n))
        }
        (DefaultValue::IntEnum(n), _) => quote!(#n),
        (DefaultValue::Blob(bytes), _) => {
            let bytes = bytes.iter().map(|b| Literal::u8_suffixed(*b));
            quote!(vec![#(#bytes),*])
        }
        (DefaultValue::Timestamp(secs), _) => quote!(crate::primitives::Timestamp::from_secs(#secs)),
        (DefaultValue::BigNumber(text), Type::BigInteger) => {
            quote!(crate::primitives::BigInteger::new_unchecked(String::from(#text)))
        }
        (DefaultValue::BigNumber(text), _) => {
            quote!(crate::primitives::BigDecimal::new_unchecked(String::from(#text)))
        }
        (DefaultValue::Document(json), _) => document_expr(json, &quote!(crate)),
        (DefaultValue::EmptyList, _) => quote!(Vec::new()),
        (DefaultValue::EmptyMap, _) => quote!(std::collections::BTreeMap::new()),
    })
}

/// A suffixed integer literal; negative values as a negated literal, which also covers the
/// minimum of each type.
pub fn int_literal(n: i64, suffix: &str) -> TokenStream {
    let lit: TokenStream = format!("{}{suffix}", n.unsigned_abs()).parse().unwrap_or_default();
    if n < 0 { quote!(-#lit) } else { lit }
}

/// A suffixed float literal, negated like `int_literal`.
pub fn float_literal(f: f64, single: bool) -> TokenStream {
    let ty = if single { quote!(f32) } else { quote!(f64) };
    // Literals are finite; the rest are the type's constants.
    let magnitude = if single { f64::from(f.abs() as f32) } else { f.abs() };
    let lit = match (magnitude.is_nan(), magnitude.is_infinite()) {
        (true, _) => return quote!(#ty::NAN),
        (_, true) => quote!(#ty::INFINITY),
        _ if single => Literal::f32_suffixed(magnitude as f32).into_token_stream(),
        _ => Literal::f64_suffixed(magnitude).into_token_stream(),
    };
    if f.is_sign_negative() { quote!(-#lit) } else { quote!(#lit) }
}

fn enum_variant_for(krate: &Crate, id: usize, value: &str) -> Option<proc_macro2::Ident> {
    match krate.defs.get(id).map(|d| &d.kind) {
        Some(DefKind::Enum(e)) => e.variants.iter().find(|v| v.value == value).map(|v| ident(&v.rust_name)),
        _ => None,
    }
}

/// A `Document` value built from model JSON, with paths under `root`.
pub fn document_expr(json: &Json, root: &TokenStream) -> TokenStream {
    let document = quote!(#root::primitives::Document);
    let number = quote!(#root::primitives::Number);
    match json {
        Json::Null => quote!(#document::Null),
        Json::Bool(b) => quote!(#document::Bool(#b)),
        Json::String(s) => quote!(#document::String(String::from(#s))),
        Json::Number(n) => {
            if let Some(u) = n.as_u64() {
                quote!(#document::Number(#number::PosInt(#u)))
            } else if let Some(i) = n.as_i64() {
                let i = int_literal(i, "i64");
                quote!(#document::Number(#number::NegInt(#i)))
            } else {
                let f = float_literal(n.as_f64().unwrap_or_default(), false);
                quote!(#document::Number(#number::Float(#f)))
            }
        }
        Json::Array(items) => {
            let items = items.iter().map(|item| document_expr(item, root));
            quote!(#document::Array(vec![#(#items),*]))
        }
        Json::Object(entries) => {
            let entries = entries.iter().map(|(k, v)| {
                let v = document_expr(v, root);
                quote!((String::from(#k), #v))
            });
            quote!(#document::Object([#(#entries),*].into_iter().collect()))
        }
    }
}

/// `option.unwrap_or...` giving the member's `@default` when the option is `None`: eager for
/// constants, lazy for values that allocate, `unwrap_or_default` when the default is the type's.
pub fn or_default_value(krate: &Crate, option: TokenStream, ty: &Type, value: &DefaultValue) -> Emitted {
    Ok(match value {
        DefaultValue::EmptyList | DefaultValue::EmptyMap => quote!(#option.unwrap_or_default()),
        DefaultValue::String(s) if s.is_empty() && *ty == Type::String => quote!(#option.unwrap_or_default()),
        DefaultValue::Blob(b) if b.is_empty() => quote!(#option.unwrap_or_default()),
        DefaultValue::Bool(_)
        | DefaultValue::Int(_)
        | DefaultValue::Float(_)
        | DefaultValue::Timestamp(_)
        | DefaultValue::Document(Json::Bool(_) | Json::Number(_)) => {
            let value = default_expr(krate, ty, value)?;
            quote!(#option.unwrap_or(#value))
        }
        DefaultValue::String(text) if matches!(ty, Type::Def { .. }) && enum_variant_for_type(krate, ty, text) => {
            let value = default_expr(krate, ty, value)?;
            quote!(#option.unwrap_or(#value))
        }
        DefaultValue::Document(Json::Null) => quote!(#option.unwrap_or_default()),
        _ => {
            let value = default_expr(krate, ty, value)?;
            quote!(#option.unwrap_or_else(|| #value))
        }
    })
}

fn enum_variant_for_type(krate: &Crate, ty: &Type, value: &str) -> bool {
    match ty {
        Type::Def { id, .. } => enum_variant_for(krate, *id, value).is_some(),
        _ => false,
    }
}

/// `option.unwrap_or...` giving Smithy's error-corrected zero value when the option is `None`.
pub fn or_zero(krate: &Crate, option: TokenStream, ty: &Type) -> Emitted {
    Ok(match ty {
        Type::Bool
        | Type::Byte
        | Type::Short
        | Type::Integer
        | Type::Long
        | Type::Float
        | Type::Double
        | Type::String
        | Type::Blob
        | Type::Timestamp(_)
        | Type::Document
        | Type::Collection(_) => quote!(#option.unwrap_or_default()),
        Type::Def { id, boxed: false } if matches!(def(krate, *id)?.kind, DefKind::Struct(_)) => {
            let empty = ident(&def(krate, *id)?.empty_fn);
            quote!(#option.unwrap_or_else(#empty))
        }
        _ => {
            let zero = zero_expr(krate, ty)?;
            quote!(#option.unwrap_or_else(|| #zero))
        }
    })
}

/// The error-corrected "zero" value of a required member missing from a response (Smithy's
/// client error correction): empty, zero, false, the epoch, or an unknown enum value.
pub fn zero_expr(krate: &Crate, ty: &Type) -> Emitted {
    Ok(match ty {
        Type::Bool => quote!(false),
        Type::Byte | Type::Short | Type::Integer | Type::Long => quote!(0),
        Type::Float | Type::Double => quote!(0.0),
        Type::String => quote!(String::new()),
        Type::Blob => quote!(Vec::new()),
        Type::Timestamp(_) => quote!(crate::primitives::Timestamp::UNIX_EPOCH),
        Type::Document => quote!(crate::primitives::Document::Null),
        Type::BigInteger => quote!(crate::primitives::BigInteger::new_unchecked(String::from("0"))),
        Type::BigDecimal => quote!(crate::primitives::BigDecimal::new_unchecked(String::from("0"))),
        Type::Collection(id) => match collection(krate, *id)?.kind {
            CollectionKind::Map { .. } => quote!(std::collections::BTreeMap::new()),
            CollectionKind::List { .. } => quote!(Vec::new()),
        },
        Type::Def { id, boxed } => {
            let path = def_path(krate, *id)?;
            let d = def(krate, *id)?;
            let value = match &d.kind {
                DefKind::Enum(_) => {
                    quote!(#path::Unknown(crate::primitives::UnknownValue::new(String::new())))
                }
                DefKind::IntEnum(_) => quote!(#path::from(0)),
                DefKind::Union(_) => quote!(#path::Unknown(crate::primitives::UnknownVariant::new(
                    String::new(),
                    String::from("null")
                ))),
                DefKind::Struct(_) => {
                    let empty = ident(&d.empty_fn);
                    quote!(#empty())
                }
            };
            if *boxed { quote!(Box::new(#value)) } else { value }
        }
    })
}

/// Whether `tokens` name `name` outside the items marked `#[cfg(test)]` (an item ends at its
/// first top-level `{ .. }` block, or its `;`).
pub(crate) fn mentions_outside_tests(tokens: &TokenStream, name: &str) -> bool {
    let mut trees = tokens.clone().into_iter();
    while let Some(tree) = trees.next() {
        match tree {
            proc_macro2::TokenTree::Punct(p) if p.as_char() == '#' => {
                let Some(proc_macro2::TokenTree::Group(attr)) = trees.next() else { continue };
                if attr.stream().to_string().replace(' ', "") != "cfg(test)" {
                    if mentions(&attr.stream(), name) {
                        return true;
                    }
                    continue;
                }
                // Skip the test-only item.
                for tree in trees.by_ref() {
                    match tree {
                        proc_macro2::TokenTree::Group(g) if g.delimiter() == proc_macro2::Delimiter::Brace => break,
                        proc_macro2::TokenTree::Punct(p) if p.as_char() == ';' => break,
                        _ => {}
                    }
                }
            }
            proc_macro2::TokenTree::Ident(i) if i == name => return true,
            proc_macro2::TokenTree::Group(g) if mentions_outside_tests(&g.stream(), name) => return true,
            _ => {}
        }
    }
    false
}

/// True when `tokens` name the identifier `name` anywhere.
pub(crate) fn mentions(tokens: &TokenStream, name: &str) -> bool {
    tokens.clone().into_iter().any(|tree| match tree {
        proc_macro2::TokenTree::Ident(i) => i == name,
        proc_macro2::TokenTree::Group(g) => mentions(&g.stream(), name),
        _ => false,
    })
}

/// The Cargo feature that compiles an operation: its module name (`start_import`); `default`,
/// which Cargo keeps for itself, becomes `default_`.
pub fn feature_name(op: &Operation) -> String {
    match op.module.trim_start_matches("r#") {
        "default" => "default_".to_owned(),
        module => module.to_owned(),
    }
}

/// `#[cfg(feature = "a")]`, or `#[cfg(any(feature = "a", ...))]`: compiled when any of the
/// operations `ops` is. Nothing when `ops` is empty (what no operation reaches is always
/// compiled).
pub fn cfg_for(krate: &Crate, ops: &[usize]) -> Emitted {
    let features = ops.iter().map(|i| Ok(feature_name(operation(krate, *i)?))).collect::<Emitted<Vec<String>>>()?;
    Ok(match features.as_slice() {
        [] => TokenStream::new(),
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    })
}

/// The `cfg` of the type `id`: the features of the operations that reach it.
pub fn def_cfg(krate: &Crate, id: usize) -> Emitted {
    cfg_for(krate, &def(krate, id)?.operations)
}

/// The `cfg` of the list or map `id`.
pub fn collection_cfg(krate: &Crate, id: usize) -> Emitted {
    cfg_for(krate, &collection(krate, id)?.operations)
}

/// The `cfg` of an operation: its own feature.
pub fn op_cfg(op: &Operation) -> TokenStream {
    let feature = feature_name(op);
    quote!(#[cfg(feature = #feature)])
}

/// `items` (a sequence of whole items), each behind `cfg`. An item ends at a `;` or at a
/// `{ ... }` group that no `;` follows (`impl X { ... }`, `fn f() { ... }`, `struct S { ... }`;
/// `static P: T = T { ... };` runs to its `;`). The generator's own output only, so the rule
/// needs no more of Rust's grammar than that.
pub fn gate(cfg: &TokenStream, items: TokenStream) -> TokenStream {
    use proc_macro2::{Delimiter, TokenTree};
    if cfg.is_empty() || items.is_empty() {
        return items;
    }
    let mut out = TokenStream::new();
    let mut current: Vec<TokenTree> = Vec::new();
    let mut tokens = items.into_iter().peekable();
    let flush = |current: &mut Vec<TokenTree>, out: &mut TokenStream| {
        if !current.is_empty() {
            out.extend(cfg.clone());
            out.extend(current.drain(..));
        }
    };
    while let Some(token) = tokens.next() {
        let ends = match &token {
            TokenTree::Punct(p) => p.as_char() == ';',
            // An attribute's `[...]` is a bracket group; only braces end an item.
            TokenTree::Group(g) => {
                g.delimiter() == Delimiter::Brace && !matches!(tokens.peek(), Some(TokenTree::Punct(p)) if p.as_char() == ';')
            }
            _ => false,
        };
        current.push(token);
        if ends {
            flush(&mut current, &mut out);
        }
    }
    flush(&mut current, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every item gets the `cfg`, wherever its braces and semicolons are.
    #[test]
    fn gate_puts_the_cfg_on_every_item() {
        let cfg = quote!(#[cfg(feature = "a")]);
        let items = quote! {
            /// A doc.
            #[derive(Debug)]
            pub struct S { x: u8 }
            impl S { fn f(&self) -> u8 { self.x } }
            struct T(u8);
            static P: S = S { x: 1 };
            const C: [&str; 2] = ["a;", "b"];
            pub(crate) fn g() -> Result<(), ()> { Ok(()) }
            use a::{b, c};
        };
        let gated = gate(&cfg, items).to_string();
        assert_eq!(gated.matches("# [cfg (feature = \"a\")]").count(), 7, "{gated}");
        for item in ["# [doc = r\" A doc.\"]", "impl S", "struct T", "static P", "const C", "pub (crate) fn g", "use a"] {
            let at = gated.find(item).unwrap_or_else(|| panic!("{item} missing from {gated}"));
            let before = gated.get(..at).unwrap_or_default().trim_end();
            assert!(before.ends_with("# [cfg (feature = \"a\")]"), "{item} has no cfg before it: {gated}");
        }
        assert!(gate(&TokenStream::new(), quote!(struct S;)).to_string() == "struct S ;");
    }
}
