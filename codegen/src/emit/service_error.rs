//! Stage 4 (emit): the service-wide error, for code that calls many operations: every modeled
//! error of the service in one enum, with `From` from each operation's error enum.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{Emitted, def, def_cfg, def_path, doc_attrs};
use crate::ir::Crate;
use crate::names::ident;

/// `src/service_error.rs`.
pub fn emit(krate: &Crate) -> Emitted {
    let variants: Vec<(proc_macro2::Ident, TokenStream, Vec<String>)> = krate
        .service_errors
        .iter()
        .map(|e| Ok((ident(&e.variant), def_path(krate, e.def)?, def(krate, e.def)?.docs.clone())))
        .collect::<Emitted<_>>()?;
    // A variant is there when an operation that can give it is.
    let cfgs: Vec<TokenStream> = krate.service_errors.iter().map(|e| def_cfg(krate, e.def)).collect::<Emitted<_>>()?;
    let decls = variants.iter().zip(&cfgs).map(|((variant, path, docs), cfg)| {
        let docs = doc_attrs(docs);
        quote!(#docs #cfg #variant(Box<#path>),)
    });
    // Every variant holds a type with the same metadata: ask it.
    let names: Vec<&proc_macro2::Ident> = variants.iter().map(|(variant, _, _)| variant).collect();
    let impls = super::common::error_enum_impls(&quote!(Error), &names, &cfgs);
    let froms = krate.operations.iter().map(|op| {
        let module = ident(&op.module);
        let error = ident(&op.error_name);
        let arms = op.errors.iter().map(|e| {
            let variant = ident(&e.variant);
            // The service-wide variant of the same error type.
            let target = krate.service_errors.iter().find(|s| s.def == e.def).map_or_else(|| variant.clone(), |s| ident(&s.variant));
            quote!(#error::#variant(e) => Error::#target(e),)
        });
        let doc = format!(" Any error of `{}`.", op.name);
        let cfg = super::common::op_cfg(op);
        quote! {
            #[doc = #doc]
            #cfg
            impl From<crate::operation::#module::#error> for Error {
                fn from(error: crate::operation::#module::#error) -> Error {
                    use crate::operation::#module::#error;
                    match error {
                        #(#arms)*
                        #error::Unhandled(e) => Error::Unhandled(e),
                        #error::MalformedResponse(e) => Error::MalformedResponse(e),
                    }
                }
            }
        }
    });
    Ok(quote! {
        //! The service-wide error: any error of any operation.

        /// Any error of any operation of the service: every modeled error, then the catch-alls.
        /// Each operation's error converts into it with `From` (so `?` works across operations).
        #[derive(Clone)]
        #[non_exhaustive]
        pub enum Error {
            #(#decls)*
            /// An error response with a code no operation models (or none at all), kept whole.
            Unhandled(Box<crate::error::UnhandledError>),
            /// A response whose body could not be parsed; the error names the member and the byte offset.
            MalformedResponse(Box<crate::error::ParseError>),
        }

        #impls

        #(#froms)*
    })
}
