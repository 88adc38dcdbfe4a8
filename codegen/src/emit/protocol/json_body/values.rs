//! Stage 4 (emit), JSON bodies: the expressions that read one value, shared by the readers of
//! types (`de`) and of modeled errors (`errors`).

use quote::quote;

use crate::emit::common::{Emitted, collection, def};
use crate::ir::{Crate, Type};
use crate::names::ident;

/// An expression of type `Result<Option<T>>` reading a nullable value of type `ty`.
pub(crate) fn read_nullable(krate: &Crate, ty: &Type) -> Emitted {
    let read = read_fn(krate, ty)?;
    Ok(match ty {
        Type::Def { boxed: true, .. } => quote!(reader.nullable(#read).map(|v| v.map(Box::new))),
        _ => quote!(reader.nullable(#read)),
    })
}

/// An expression of type `Result<T>` reading a non-null value of type `ty`.
pub(crate) fn read_value(krate: &Crate, ty: &Type) -> Emitted {
    let read = read_fn(krate, ty)?;
    Ok(match ty {
        Type::Def { boxed: true, .. } => quote!(#read(reader).map(Box::new)),
        _ => quote!(#read(reader)),
    })
}

/// The function reading a value of type `ty` (unboxed).
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
        Type::Timestamp(_) => quote!(Reader::timestamp),
        Type::Document => quote!(Reader::document),
        Type::BigInteger => quote!(Reader::big_integer),
        Type::BigDecimal => quote!(Reader::big_decimal),
        Type::Def { id, .. } => {
            let f = ident(&def(krate, *id)?.de_fn);
            quote!(#f)
        }
        Type::Collection(id) => {
            let f = ident(&collection(krate, *id)?.de_fn);
            quote!(#f)
        }
    })
}

/// The local variable holding a member while its object is read.
pub(crate) fn local(field: &str) -> proc_macro2::Ident {
    ident(&format!("v_{}", field.trim_start_matches("r#")))
}

