//! Stage 4 (emit): one module per operation, holding its input and output types, its error enum,
//! and the two calls a user makes: build the request, parse the response. How the request is
//! framed and the response read is the protocol's (`super::protocol`).

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{Emitted, def, def_path, doc_attrs, member};
use super::types::{builders_docs, emit_builder, emit_def};
use crate::ir::{Crate, HostPrefixPart, Operation};
use crate::names::ident;

/// The contents of `src/operation/<module>.rs`.
pub fn emit_operation(krate: &Crate, op: &Operation) -> Emitted {
    let mut docs = op.docs.clone();
    if let Some(d) = &op.deprecated {
        crate::docs::push_paragraph(&mut docs, crate::docs::deprecation_note(d));
    }
    if let Some(p) = &op.pagination {
        docs.extend(pagination_docs(p));
    }
    let module_docs = docs.iter().map(|line| {
        let text = if line.is_empty() { String::new() } else { format!(" {line}") };
        quote!(#![doc = #text])
    });
    let (input_def, output_def) = (def(krate, op.input)?, def(krate, op.output)?);
    let input = emit_def(krate, input_def)?;
    let output = emit_def(krate, output_def)?;
    let builders = [emit_builder(krate, op.input, input_def)?, emit_builder(krate, op.output, output_def)?];
    // The input and output live in this module.
    let input_path = ident(&input_def.rust_name);
    let output_path = ident(&output_def.rust_name);
    let parse = ident(&op.parse_fn);
    let error_name = ident(&op.error_name);
    let name = &op.name;
    let error = emit_error_enum(krate, op)?;
    let builders_docs = builders_docs("this operation's input and output");
    let next_page = next_page(krate, op)?;
    // What the protocol decides: how the request is framed, and which response headers count.
    let super::protocol::OperationParts { items, request_doc, build_request, write_body, read_headers, response_doc } =
        super::protocol::operation(krate, op)?;
    let mut with_lines = vec!["The HTTP request for this input, built with the given options.".to_owned()];
    if op.gzip {
        with_lines.push(String::new());
        with_lines.push("The operation accepts gzip-compressed bodies: a body of at least".to_owned());
        with_lines.push("`request_min_compression_size_bytes` is compressed unless compression is disabled.".to_owned());
    }
    let request_with_doc = doc_attrs(&with_lines);
    // `RequestOptions::idempotency_token` fills the unset token members of the input.
    let tokens: Vec<_> = super::common::structure(krate, op.input)?
        .members
        .iter()
        .filter(|m| m.idempotency_token && m.presence == crate::ir::Presence::Optional && m.ty == crate::ir::Type::String)
        .map(|m| ident(&m.field))
        .collect();
    let fill_tokens = if tokens.is_empty() {
        TokenStream::new()
    } else {
        quote! {
            if let Some(token) = &options.idempotency_token
                && (#(self.#tokens.is_none())||*)
            {
                let mut filled = self.clone();
                #(filled.#tokens.get_or_insert_with(|| token.clone());)*
                return filled.to_request_with(options);
            }
        }
    };
    let request_doc = doc_attrs(&request_doc);
    let mut parse_doc = response_doc;
    parse_doc.extend([
        String::new(),
        "# Errors".to_owned(),
        String::new(),
        format!("A non-2xx status gives the modeled error it names, or [`{}::Unhandled`]; a body", op.error_name),
        format!("that cannot be parsed gives [`{}::MalformedResponse`], naming the member.", op.error_name),
    ]);
    let parse_doc = doc_attrs(&parse_doc);
    let endpoint_params = super::endpoint::operation_params(krate, op)?;
    Ok(quote! {
        #(#module_docs)*

        #items

        /// The operation's name in the model.
        pub const OPERATION_NAME: &str = #name;

        #input

        impl #input_path {
            #request_doc
            pub fn to_request(&self) -> crate::http::HttpRequest {
                self.to_request_with(&crate::http::RequestOptions::default())
            }

            /// [`validate`](Self::validate)s this input, then builds the request as
            /// [`to_request`](Self::to_request) does: the opt-in for catching a mistake before
            /// the round trip, rather than from the service.
            ///
            /// # Errors
            ///
            /// Every constraint of the model the input breaks; then nothing is built.
            pub fn to_validated_request(&self) -> Result<crate::http::HttpRequest, crate::validation::ValidationError> {
                self.validate()?;
                Ok(self.to_request())
            }

            #request_with_doc
            pub fn to_request_with(&self, options: &crate::http::RequestOptions) -> crate::http::HttpRequest {
                #fill_tokens
                #build_request
            }

            #write_body

            #next_page
        }

        #output

        impl #output_path {
            #parse_doc
            pub fn parse_response<K: AsRef<str>, V: AsRef<[u8]>>(
                status: u16,
                headers: impl IntoIterator<Item = (K, V)>,
                body: &[u8],
            ) -> Result<#output_path, #error_name> {
                crate::de::#parse(status, #read_headers, body)
            }
        }

        impl crate::operation::Operation for #input_path {
            const NAME: &'static str = OPERATION_NAME;
            type Output = #output_path;
            type Error = #error_name;

            fn validate(&self) -> Result<(), crate::validation::ValidationError> {
                #input_path::validate(self)
            }

            fn to_request_with(&self, options: &crate::http::RequestOptions) -> crate::http::HttpRequest {
                #input_path::to_request_with(self, options)
            }

            #endpoint_params

            fn parse_response<K: AsRef<str>, V: AsRef<[u8]>>(
                status: u16,
                headers: impl IntoIterator<Item = (K, V)>,
                body: &[u8],
            ) -> Result<#output_path, #error_name> {
                #output_path::parse_response(status, headers, body)
            }
        }

        #error

        pub mod builders {
            #builders_docs
            #(#builders)*
        }
    })
}

/// The `## Pagination` section of the operation's docs.
fn pagination_docs(p: &crate::ir::Pagination) -> Vec<String> {
    let code = |name: &Option<String>| name.as_deref().map(crate::docs::code);
    let mut text = String::from("This operation is paginated.");
    if let (Some(input), Some(output)) = (code(&p.input_token), code(&p.output_token)) {
        text.push_str(&format!(
            " To get the next page, send the same input with {input} set to the {output} of the previous output; there are no more pages when {output} is absent."
        ));
    }
    if let Some(items) = code(&p.items) {
        text.push_str(&format!(" The items of a page are in {items}."));
    }
    if let Some(size) = code(&p.page_size) {
        text.push_str(&format!(" {size} limits the size of a page."));
    }
    if p.next_page.is_some() {
        text.push_str(" The input's `next_page` builds the next input.");
    }
    vec![String::new(), "# Pagination".to_owned(), String::new(), text]
}

/// `next_page`, when both pagination tokens are top-level members of the same type.
fn next_page(krate: &Crate, op: &Operation) -> Emitted {
    let Some((input_index, output_index)) = op.pagination.as_ref().and_then(|p| p.next_page) else {
        return Ok(TokenStream::new());
    };
    let input = member(krate, op.input, input_index)?;
    let output = member(krate, op.output, output_index)?;
    let input_field = ident(&input.field);
    let output_field = ident(&output.field);
    let output_type = ident(&def(krate, op.output)?.rust_name);
    let empty_check = match output.ty {
        crate::ir::Type::String | crate::ir::Type::Collection(_) | crate::ir::Type::Blob => quote! {
            if token.is_empty() {
                return None;
            }
        },
        _ => TokenStream::new(),
    };
    let doc = doc_attrs(&[
        format!("The input for the page after `output`: this input with `{}` set to the output's", input.name),
        format!("`{}`; `None` on the last page, when the output has no token.", output.name),
    ]);
    Ok(quote! {
        #doc
        pub fn next_page(&self, output: &#output_type) -> Option<Self> {
            let token = output.#output_field.as_ref()?;
            #empty_check
            let mut next = self.clone();
            next.#input_field = Some(token.clone());
            Some(next)
        }
    })
}

/// `None`, or the host prefix of the operation's `@endpoint` with its labels filled in.
pub(super) fn host_prefix_expr(krate: &Crate, op: &Operation) -> Emitted {
    let Some(parts) = &op.host_prefix else {
        return Ok(quote!(None));
    };
    let pushes = parts
        .iter()
        .map(|part| {
            Ok(match part {
                HostPrefixPart::Literal(text) => match text.chars().collect::<Vec<_>>().as_slice() {
                    [c] => quote!(prefix.push(#c);),
                    _ => quote!(prefix.push_str(#text);),
                },
                HostPrefixPart::Label(index) => {
                    let field = ident(&member(krate, op.input, *index)?.field);
                    quote!(prefix.push_str(self.#field.as_deref().unwrap_or_default());)
                }
            })
        })
        .collect::<Emitted<Vec<_>>>()?;
    Ok(quote!({
        let mut prefix = String::new();
        #(#pushes)*
        Some(prefix)
    }))
}

fn emit_error_enum(krate: &Crate, op: &Operation) -> Emitted {
    let name = ident(&op.error_name);
    let doc = format!(" The errors of `{}`: one variant per error the model lists, then the catch-alls.", op.name);
    let variants: Vec<(proc_macro2::Ident, TokenStream, Vec<String>)> = op
        .errors
        .iter()
        .map(|e| Ok((ident(&e.variant), def_path(krate, e.def)?, def(krate, e.def)?.docs.clone())))
        .collect::<Emitted<_>>()?;
    // Variants hold boxes so the error stays small whatever the model puts in it.
    let decls = variants.iter().map(|(variant, path, docs)| {
        let docs = doc_attrs(docs);
        quote!(#docs #variant(Box<#path>),)
    });
    // Every variant holds a type with the same metadata: ask it.
    let names: Vec<&proc_macro2::Ident> = variants.iter().map(|(variant, _, _)| variant).collect();
    let impls = super::common::error_enum_impls(&quote!(#name), &names, &[]);
    Ok(quote! {
        #[doc = #doc]
        #[derive(Clone)]
        #[non_exhaustive]
        pub enum #name {
            #(#decls)*
            /// An error response with a code this operation does not model (or none at all), kept whole.
            Unhandled(Box<crate::error::UnhandledError>),
            /// A response whose body could not be parsed; the error names the member and the byte offset.
            MalformedResponse(Box<crate::error::ParseError>),
        }

        #impls
    })
}
