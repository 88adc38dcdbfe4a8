//! Stage 4 (emit), restXml: the HTTP binding traits place each member (`http_bindings`, the
//! REST framing in `rest`), and what stays in the body is an XML document: the input's
//! element (its `@xmlName`, else its shape name, declaring its `@xmlNamespace` or the
//! service's) holding the members bound to the body, or the `@httpPayload` member alone (a
//! structure or union as the element of the payload's XML name, declaring its namespace or the
//! service's, a blob as its bytes, a string or enum as its text). Responses are read the same
//! way, by the shared XML readers; errors are `<ErrorResponse><Error>`, or with
//! `noErrorWrapping` (S3) a bare `<Error>`, whose `<Code>` names the modeled error, else the
//! status when exactly one of the operation's errors has it.

use proc_macro2::TokenStream;
use quote::quote;

use super::rest::{RequestBody, ResponseBody, payload};
use super::xml_body::ser::{Writers, declare};
use crate::emit::common::{Broken, Emitted, def, structure};
use crate::ir::{Binding, Crate, DefKind, Member, Operation, Type};
use crate::names::ident;

/// `Content-Type: application/xml`.
const XML: &str = "application/xml";

/// The operation module's parts.
pub fn operation(krate: &Crate, op: &Operation) -> Emitted<super::OperationParts> {
    let input_def = def(krate, op.input)?;
    let input = structure(krate, op.input)?;
    let input_ser = ident(&input_def.ser_fn);
    let has_body_members = input.members.iter().any(|m| m.binding == Binding::Body);
    let capacity = super::body_capacity(input);
    let body = match payload(input) {
        Some(p) => payload_body(krate, p)?,
        None if has_body_members => {
            let root = &input_def.xml_name;
            let declare = declare(input_def.xml_namespace.as_ref().or(krate.service.xml_namespace.as_ref()));
            RequestBody {
                body: quote! {{
                    let mut bytes = Vec::with_capacity(#capacity);
                    self.write_body(&mut bytes);
                    Some(crate::rest::Body { bytes, content_type: #XML })
                }},
                write: quote! {
                    crate::xml::write::start(out, #root);
                    #declare
                    crate::ser::#input_ser(out, self);
                    crate::xml::write::end(out, #root);
                },
                what: format!("the XML body (`<{root}>`)"),
                write_doc: format!(" Appends the XML body of the request to `out`: the `{root}` element holding the members bound to the body."),
            }
        }
        None => RequestBody {
            body: quote!(None),
            write: quote!(let _ = out;),
            what: "no body".to_owned(),
            write_doc: " Appends the body of the request to `out`: nothing, as every member of this operation's input is bound to the URI or the headers.".to_owned(),
        },
    };
    super::rest::operation(krate, op, body)
}

/// The body of an input whose `p` member is the payload: a blob, string or enum as is, a
/// structure or union as the element of the payload's XML name; an unset payload sends no body.
fn payload_body(krate: &Crate, p: &Member) -> Emitted<RequestBody> {
    let what = format!("the `{}` member as the body", p.name);
    let write_doc = format!(" Appends the body of the request to `out`: the `{}` member.", p.name);
    if let Some((body, write)) = super::rest::raw_payload_body(krate, p, &quote!(self))? {
        return Ok(RequestBody { body, write, what, write_doc });
    }
    let value = super::rest::payload_ref(p, &quote!(self));
    match &p.ty {
        Type::Def { id, .. } if matches!(def(krate, *id)?.kind, DefKind::Struct(_) | DefKind::Union(_)) => {
            let name_of = |node| super::xml_body::ser::library_name(krate, node);
            let ns = p.xml.namespace.as_ref().or(krate.service.xml_namespace.as_ref());
            let element = Writers { krate, name: &name_of, path: quote!(crate::ser::) }.element(&p.ty, &p.xml.name, ns, &quote!(v))?;
            Ok(RequestBody {
                body: quote!(#value.map(|_| {
                    let mut bytes = Vec::new();
                    self.write_body(&mut bytes);
                    crate::rest::Body { bytes, content_type: #XML }
                })),
                write: quote! {
                    if let Some(v) = #value {
                        #element
                    }
                },
                what,
                write_doc,
            })
        }
        _ => Err(Broken(format!("{} cannot be a payload", p.path))),
    }
}

/// The expression reading a payload member from the whole `body`: `None` when the body is
/// empty (or, for a structure or union, only whitespace).
fn payload_value(krate: &Crate, p: &Member) -> Emitted {
    if let Some(raw) = super::rest::raw_payload_value(krate, p)? {
        return Ok(raw);
    }
    match &p.ty {
        Type::Def { id, boxed } => {
            let de = ident(&def(krate, *id)?.de_fn);
            let box_it = if *boxed { quote!(.map(Box::new)) } else { TokenStream::new() };
            Ok(quote! {
                if body.iter().all(u8::is_ascii_whitespace) {
                    None
                } else {
                    Some(crate::xml::response::parse_body(body, "", #de)?) #box_it
                }
            })
        }
        _ => Err(Broken(format!("{} cannot be a payload", p.path))),
    }
}

/// How the protocol wraps its errors.
fn style(krate: &Crate) -> TokenStream {
    if krate.service.no_error_wrapping {
        quote!(crate::xml::response::Style::Unwrapped)
    } else {
        quote!(crate::xml::response::Style::RestXml)
    }
}

/// The reader of an output whose one body member is the root element itself
/// (`@s3UnwrappedXmlOutput`): a closure over the root, the other members absent.
fn unwrapped_read(krate: &Crate, op: &Operation) -> Emitted {
    let output = structure(krate, op.output)?;
    let path = crate::emit::common::def_path(krate, op.output)?;
    let body: Vec<&Member> = output.members.iter().filter(|m| m.binding == Binding::Body).collect();
    let [member] = body.as_slice() else {
        return Err(Broken(format!("{}: an unwrapped XML output must have exactly one member in the body", op.shape_id)));
    };
    let read = super::xml_body::de::read_fn(krate, &member.ty)?;
    let fields = output
        .members
        .iter()
        .map(|m| {
            let field = ident(&m.field);
            let value = if m.binding == Binding::Body {
                super::json_body::de::absent_value(krate, m, quote!(Some((#read)(reader, root)?)))?
            } else {
                super::json_body::de::absent(krate, m)?
            };
            Ok(quote!(#field: #value,))
        })
        .collect::<Emitted<Vec<_>>>()?;
    let meta = super::json_body::de::error_meta_default(output);
    Ok(quote!(|reader, root| Ok(#path { #(#fields)* #meta })))
}

/// `de.rs`: the parser of an operation's responses.
pub fn parse_fn(krate: &Crate, op: &Operation) -> Emitted {
    let style = style(krate);
    let de = ident(&def(krate, op.output)?.de_fn);
    let read = if op.unwrapped_output { unwrapped_read(krate, op)? } else { quote!(#de) };
    let format = ResponseBody {
        read: quote!(crate::xml::response::parse_body(body, "", #read)),
        payload: payload_value,
        error: quote!(crate::xml::response::ErrorResponse::read(status, &mut headers, body, #style)),
        is_error: Some(quote!(crate::xml::response::is_error(body))),
    };
    super::rest::parse_fn(krate, op, &format)
}
