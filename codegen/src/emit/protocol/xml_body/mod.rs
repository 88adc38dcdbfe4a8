//! Stage 4 (emit): XML bodies, shared by the XML protocols (awsQuery, ec2Query, restXml): one
//! reader per type a response can contain (`de`), one writer per type a restXml request can
//! contain (`ser`, whose code the round trips also use to write responses).

pub mod de;
pub mod ser;

use std::collections::BTreeSet;

use crate::ir::{Binding, CollectionKind, Crate, DefKind, Needed, Type};

/// The collections that some value the library reads (or with `ser`, writes) holds wrapped, in
/// an element of their own: those read or written only as flattened members go item by item,
/// and need no function of their own. Members bound outside the body do not count. (The round
/// trips write the responses the library reads, so they ask for the read side.)
pub(crate) fn wrapped_collections(krate: &Crate, ser: bool) -> BTreeSet<usize> {
    let side = |n: (Needed, Needed)| (if ser { n.0 } else { n.1 }).library();
    let mut out = BTreeSet::new();
    for d in krate.defs.iter().filter(|d| side((d.ser, d.de))) {
        match &d.kind {
            DefKind::Struct(s) => out.extend(
                s.members
                    .iter()
                    .filter(|m| m.binding == Binding::Body && !m.xml.flattened)
                    .filter_map(|m| collection_id(&m.ty)),
            ),
            // A union's variant is one element, written whole.
            DefKind::Union(u) => out.extend(u.variants.iter().filter_map(|v| v.ty.as_ref().and_then(collection_id))),
            DefKind::Enum(_) | DefKind::IntEnum(_) => {}
        }
    }
    for c in krate.collections.iter().filter(|c| side((c.ser, c.de))) {
        match &c.kind {
            CollectionKind::List { member, .. } => out.extend(collection_id(member)),
            CollectionKind::Map { value, .. } => out.extend(collection_id(value)),
        }
    }
    out
}

fn collection_id(ty: &Type) -> Option<usize> {
    match ty {
        Type::Collection(id) => Some(*id),
        _ => None,
    }
}
