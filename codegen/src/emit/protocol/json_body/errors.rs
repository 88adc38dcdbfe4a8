//! Stage 4 (emit), JSON bodies: building modeled errors from error responses (both JSON
//! protocols read error bodies alike).
//!
//! An error response is read once, by the runtime's `ErrorBody`: it takes the keys that
//! identify the error (`code`, `__type` and the generic message keys) and notes where the value
//! of each member of the service's errors starts. Once the code says which error it is, that
//! error's builder parses its own members from where they start, with their own types, so a
//! member of another error with the same name and another type never gets in the way, and a
//! malformed member is reported by name. The code below is shared: one list of member names for
//! the service, one builder per error, and a one-line match arm per error an operation lists.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::values::{local, read_fn};
use crate::emit::common::{Emitted, def_cfg, def_path, gate};
use crate::ir::{Binding, Crate, DefKind, Member, Presence, Struct, StructRole, Type, TypeDef};
use crate::names::{self, ident};

/// The member names of the service's errors that operations list, in the order of the `members`
/// index `ErrorBody` keeps.
pub fn member_names(krate: &Crate) -> BTreeMap<&str, usize> {
    let names: BTreeSet<&str> =
        listed_errors(krate)
            .flat_map(|(_, _, s)| s.members.iter().filter(|m| m.binding == Binding::Body).map(|m| m.json_key.as_str()))
            .collect();
    names.into_iter().enumerate().map(|(index, name)| (name, index)).collect()
}

/// The errors some operation lists, each once, in definition order.
fn listed_errors(krate: &Crate) -> impl Iterator<Item = (usize, &TypeDef, &Struct)> {
    let ids: BTreeSet<usize> = krate.operations.iter().flat_map(|op| op.errors.iter().map(|e| e.def)).collect();
    ids.into_iter().filter_map(|id| {
        let def = krate.defs.get(id)?;
        let DefKind::Struct(s) = &def.kind else { return None };
        matches!(s.role, StructRole::Error { .. }).then_some((id, def, s))
    })
}

/// The service's list of error member names, the `ErrorBody` type that uses it, and one builder
/// per listed error.
pub fn emit_shared(krate: &Crate) -> Emitted {
    let members = member_names(krate);
    let count = Literal::usize_unsuffixed(members.len());
    let names = members.keys();
    let builders = listed_errors(krate)
        .map(|(id, def, s)| Ok(gate(&def_cfg(krate, id)?, emit_builder(krate, &members, id, def, s)?)))
        .collect::<Emitted<Vec<_>>>()?;
    Ok(quote! {
        /// The member names of the service's errors, in the order an [`ErrorBody`] locates them.
        pub(crate) const ERROR_MEMBERS: [&str; #count] = [#(#names),*];

        /// An error response of this service, read once.
        pub(crate) type ErrorBody<'a> = crate::json::response::ErrorBody<'a, #count>;

        #(#builders)*
    })
}

/// Builds one modeled error from an error response read once: its members from where they
/// start, its message from the generic keys when its own is absent, and the response metadata.
fn emit_builder(krate: &Crate, members: &BTreeMap<&str, usize>, id: usize, def: &TypeDef, s: &Struct) -> Emitted {
    let name = ident(&def.error_fn);
    let path = def_path(krate, id)?;
    let own_message = own_message(s);
    // Members are parsed before the body is checked: a member that cannot be read is reported
    // with its full path, which the check (of the skipped value) would not know. Members the
    // HTTP bindings put elsewhere (headers) are left absent, for the response parser to set.
    let locals = s
        .members
        .iter()
        .map(|m| {
            let local = local(&m.field);
            let value = match members.get(m.json_key.as_str()) {
                Some(index) if m.binding == Binding::Body => {
                    member_value(krate, m, *index, own_message == Some(m.name.as_str()))?
                }
                _ => super::de::absent(krate, m)?,
            };
            Ok(quote!(let #local = #value;))
        })
        .collect::<Emitted<Vec<_>>>()?;
    let fields = s.members.iter().map(|m| {
        let field = ident(&m.field);
        let local = local(&m.field);
        quote!(#field: #local,)
    });
    let meta = ident(names::ERROR_META_FIELD);
    let doc = format!(
        " Builds a `{}` from its error response: its members, the generic message if its own is absent, and the response's metadata.",
        def.rust_name
    );
    Ok(quote! {
        #[doc = #doc]
        pub(crate) fn #name(body: &mut ErrorBody<'_>) -> Result<#path> {
            #(#locals)*
            body.check()?;
            Ok(#path {
                #(#fields)*
                #meta: body.metadata(),
            })
        }
    })
}

/// A member's value, parsed from where the body has it.
fn member_value(krate: &Crate, member: &Member, index: usize, own_message: bool) -> Emitted {
    let read = read_fn(krate, &member.ty)?;
    let wire = &member.json_key;
    let index = Literal::usize_unsuffixed(index);
    let boxed = if matches!(member.ty, Type::Def { boxed: true, .. }) { quote!(.map(Box::new)) } else { TokenStream::new() };
    if own_message {
        // An optional string (`own_message` says so): one shared reader for every error.
        return Ok(quote!(body.own_message(#index, #wire)?));
    }
    let value = quote!(body.member(#index, #wire, #read)? #boxed);
    super::de::absent_value(krate, member, value)
}

/// The name of the error's own optional message member, which the generic message keys fill
/// when the body leaves it out.
fn own_message(s: &Struct) -> Option<&str> {
    let StructRole::Error { message_member: Some(index), .. } = &s.role else { return None };
    let member = s.members.get(*index)?;
    (member.presence == Presence::Optional && member.ty == Type::String).then_some(member.name.as_str())
}
