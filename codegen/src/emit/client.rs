//! `src/client/operations.rs`: one method of the runtime's `Client` per operation, and the
//! endpoint parameter that holds the region (the signing region where the endpoint names none).

use quote::quote;

use super::common::{Emitted, def, doc_attrs, op_cfg};
use crate::ir::Crate;
use crate::names::ident;
use crate::rules::{ParamTy, RuleSet};

/// The methods `Client` has of its own, which no operation's method may take.
const CLIENT_METHODS: &[&str] =
    &["attempt", "build", "new", "params", "prepare", "retry", "send", "transport", "wait", "with_request_options", "with_retry"];

/// The method name of the operation whose module is `module`: the module's name, or
/// `call_<module>` where the client has a method of that name (or one starting `with_` or
/// `wait_until_`, the waiters' methods).
pub fn method_name(module: &str) -> String {
    if CLIENT_METHODS.contains(&module) || module.starts_with("with_") || module.starts_with("wait_until_") {
        format!("call_{module}")
    } else {
        module.to_owned()
    }
}

/// The file.
pub fn operations(krate: &Crate, set: &RuleSet) -> Emitted {
    let methods = krate
        .operations
        .iter()
        .map(|op| {
            let input = &def(krate, op.input)?.rust_name;
            let output = &def(krate, op.output)?.rust_name;
            let module = ident(&op.module);
            let (input, output, error) = (ident(input), ident(output), ident(&op.error_name));
            let method = ident(&method_name(&op.module));
            let cfg = op_cfg(op);
            let mut lines = vec![format!("`{}`: {}", op.name, super::crate_files::first_sentence(&op.docs))];
            lines.push(String::new());
            lines.push(format!("Sends [`{input}`](crate::operation::{}::{input}) as [`send`](Client::send) does.", op.module));
            lines.push(String::new());
            lines.push("# Errors".to_owned());
            lines.push(String::new());
            lines.push(format!("The operation's error ([`{error}`](crate::operation::{}::{error})), the transport's, or", op.module));
            lines.push("the reason the call was never sent.".to_owned());
            let docs = doc_attrs(&lines);
            let deprecated = super::common::deprecated_attr(op.deprecated.as_ref());
            Ok(quote! {
                #cfg
                #docs
                #deprecated
                pub fn #method(
                    &self,
                    input: &crate::operation::#module::#input,
                ) -> Result<crate::operation::#module::#output, SendError<crate::operation::#module::#error, T::Error>> {
                    self.send(input)
                }
            })
        })
        .collect::<Emitted<Vec<_>>>()?;
    let mut waits = Vec::new();
    for op in &krate.operations {
        let cfg = op_cfg(op);
        let input = ident(&def(krate, op.input)?.rust_name);
        let module = ident(&op.module);
        for w in &op.waiter_specs {
            let method = ident(&super::waiter::method_name(&w.name));
            let waiter = ident(&super::waiter::type_name(&w.name));
            let docs = doc_attrs(&[
                format!(
                    "Calls `{}` until the waiter [`{}`](crate::waiter::{}) says success or failure,",
                    op.name,
                    w.name,
                    super::waiter::type_name(&w.name)
                ),
                "sleeping between calls as it says, starting no call after `max_wait`.".to_owned(),
                String::new(),
                "# Errors".to_owned(),
                String::new(),
                "The waiter failed, timed out, or a call could not be made.".to_owned(),
            ]);
            let deprecated =
                if w.deprecated { quote!(#[deprecated(note = "the model deprecates this waiter")]) } else { quote!() };
            waits.push(quote! {
                #cfg
                #docs
                #deprecated
                pub fn #method(
                    &self,
                    input: &crate::operation::#module::#input,
                    max_wait: std::time::Duration,
                ) -> crate::waiter::WaitResult<crate::waiter::#waiter, T::Error> {
                    self.wait::<crate::waiter::#waiter>(input, max_wait)
                }
            });
        }
    }
    let region = set.params.iter().find(|p| p.built_in.as_deref() == Some("AWS::Region") && p.ty == ParamTy::Str);
    let region = match region {
        Some(p) => {
            let field = super::endpoint::local(&p.name);
            if p.default.is_some() { quote!(Some(params.#field.as_str())) } else { quote!(params.#field.as_deref()) }
        }
        None => quote!({
            let _ = params;
            None
        }),
    };
    Ok(quote! {
        //! The operations as methods of [`Client`].

        use super::{Client, SendError, Sign, Transport};

        /// The region of `params` (its `AWS::Region` parameter), if set.
        pub(super) fn region(params: &crate::endpoint::Params) -> Option<&str> {
            #region
        }

        impl<T: Transport, S: Sign> Client<T, S> {
            #(#methods)*
            #(#waits)*
        }
    })
}
