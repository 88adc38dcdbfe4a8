//! The seeds of the XML protocols' parsers: each response the model describes written as the
//! protocol wraps it, with every member set, and where each member's text lies (the JSON seeds'
//! values the support code finds itself; an XML body does not say which elements are lists).

use crate::ir::{Binding, CollectionKind, Crate, DefKind, Operation, Protocol, StructRole, TimestampFormat, Type};

use super::{MAX_DEPTH, MAX_SEED, SeedResponse, map_keys};

/// A body being written, with the member values found so far: byte range and path.
struct Writer {
    out: String,
    slots: Vec<(usize, usize, String)>,
}

/// The operation's seeds: the output's response and each modeled error's.
pub(super) fn seeds(krate: &Crate, op: &Operation) -> Vec<SeedResponse> {
    if krate.service.protocol == Protocol::RestXml {
        return rest_seeds(krate, op);
    }
    let ec2 = krate.service.protocol == Protocol::Ec2Query;
    let mut seeds = Vec::new();
    let mut w = Writer { out: String::new(), slots: Vec::new() };
    w.out.push_str(&format!("<{}Response xmlns=\"https://example.com/doc/\">", op.name));
    if !ec2 {
        w.out.push_str(&format!("<{}Result>", op.name));
    }
    members(krate, op.output, &mut Vec::new(), "", &mut w);
    if ec2 {
        w.out.push_str("<requestId>fuzz</requestId>");
    } else {
        w.out.push_str(&format!("</{}Result><ResponseMetadata><RequestId>fuzz</RequestId></ResponseMetadata>", op.name));
    }
    w.out.push_str(&format!("</{}Response>", op.name));
    seeds.push(SeedResponse { status: op.http.code, body: w.out, code: None, headers: Vec::new(), slots: Some(w.slots) });
    error_seeds(krate, op, &mut seeds);
    seeds
}

/// A seed for each of the operation's modeled errors, in the protocol's error envelope, with
/// the headers its members are bound to.
fn error_seeds(krate: &Crate, op: &Operation, seeds: &mut Vec<SeedResponse>) {
    for error in &op.errors {
        let Some(DefKind::Struct(s)) = krate.defs.get(error.def).map(|d| &d.kind) else { continue };
        let StructRole::Error { code, status, .. } = &s.role else { continue };
        let mut w = Writer { out: String::new(), slots: Vec::new() };
        let code_text = escape(code);
        let close = match krate.service.protocol {
            Protocol::Ec2Query => {
                w.out.push_str(&format!("<Response><Errors><Error><Code>{code_text}</Code>"));
                "</Error></Errors><RequestID>fuzz</RequestID></Response>"
            }
            Protocol::RestXml if krate.service.no_error_wrapping => {
                w.out.push_str(&format!("<Error><Code>{code_text}</Code>"));
                "<RequestId>fuzz</RequestId></Error>"
            }
            _ => {
                w.out.push_str(&format!("<ErrorResponse><Error><Type>Sender</Type><Code>{code_text}</Code>"));
                "</Error><RequestId>fuzz</RequestId></ErrorResponse>"
            }
        };
        members(krate, error.def, &mut Vec::new(), "", &mut w);
        w.out.push_str(close);
        let headers = super::seed_headers(krate, error.def);
        seeds.push(SeedResponse { status: *status, body: w.out, code: Some(code.clone()), headers, slots: Some(w.slots) });
    }
}

/// restXml's seeds: the output's element (or its payload alone) with its bound headers, and
/// each modeled error inside `<ErrorResponse>` (bare with `noErrorWrapping`).
fn rest_seeds(krate: &Crate, op: &Operation) -> Vec<SeedResponse> {
    let mut seeds = Vec::new();
    let mut w = Writer { out: String::new(), slots: Vec::new() };
    let output = krate.defs.get(op.output);
    let payload = match output.map(|d| &d.kind) {
        Some(DefKind::Struct(s)) => s.members.iter().find(|m| m.binding == Binding::Payload),
        _ => None,
    };
    match payload {
        Some(p) => match &p.ty {
            Type::Def { id, .. } if matches!(krate.defs.get(*id).map(|d| &d.kind), Some(DefKind::Struct(_) | DefKind::Union(_))) => {
                element(krate, &p.ty, &p.xml.name, &mut Vec::new(), "", &mut w);
            }
            // A blob, string or enum payload is the body as it is: its own mutations test it.
            _ => w.out.push_str("text"),
        },
        None if op.unwrapped_output => {
            let body = match output.map(|d| &d.kind) {
                Some(DefKind::Struct(s)) => s.members.iter().find(|m| m.binding == Binding::Body),
                _ => None,
            };
            if let Some(m) = body {
                element(krate, &m.ty, &m.xml.name, &mut Vec::new(), "", &mut w);
            }
        }
        None => {
            let root = output.map_or("Output", |d| d.xml_name.as_str());
            w.out.push_str(&format!("<{root}>"));
            members(krate, op.output, &mut Vec::new(), "", &mut w);
            w.out.push_str(&format!("</{root}>"));
        }
    }
    let headers = super::seed_headers(krate, op.output);
    seeds.push(SeedResponse { status: op.http.code, body: w.out, code: None, headers, slots: Some(w.slots) });
    error_seeds(krate, op, &mut seeds);
    seeds
}

/// Text with XML's special characters escaped.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The member path `path` extended by a member name.
fn member_path(path: &str, name: &str) -> String {
    if path.is_empty() { name.to_owned() } else { format!("{path}.{name}") }
}

/// A structure's members as child elements (its attributes are left out: absent is valid).
fn members(krate: &Crate, id: usize, stack: &mut Vec<usize>, path: &str, w: &mut Writer) -> bool {
    let Some(DefKind::Struct(s)) = krate.defs.get(id).map(|d| &d.kind) else { return false };
    if stack.contains(&id) || stack.len() > MAX_DEPTH {
        return false;
    }
    stack.push(id);
    // Members bound to headers or the status are not in the body.
    for m in s.members.iter().filter(|m| !m.xml.attribute && m.binding == Binding::Body) {
        if w.out.len() > MAX_SEED {
            break;
        }
        let (mark, slots) = (w.out.len(), w.slots.len());
        let path = member_path(path, &m.xml.name);
        let written = match (&m.ty, m.xml.flattened) {
            (Type::Collection(c), true) => flattened(krate, *c, &m.xml.name, stack, &path, w),
            (ty, _) => element(krate, ty, &m.xml.name, stack, &path, w),
        };
        if !written {
            w.out.truncate(mark);
            w.slots.truncate(slots);
        }
    }
    stack.pop();
    true
}

/// `<name>value</name>`.
fn element(krate: &Crate, ty: &Type, name: &str, stack: &mut Vec<usize>, path: &str, w: &mut Writer) -> bool {
    w.out.push_str(&format!("<{name}>"));
    let written = value(krate, ty, stack, path, w);
    w.out.push_str(&format!("</{name}>"));
    written
}

/// Two items (the second only while the seed is small), each written by `item`.
fn items(w: &mut Writer, mut item: impl FnMut(usize, &mut Writer) -> bool) -> bool {
    for i in 0..2 {
        if i > 0 && w.out.len() > MAX_SEED {
            break;
        }
        if !item(i, w) {
            return false;
        }
    }
    true
}

/// A flattened list's items or map's entries, each an element of the member's name.
fn flattened(krate: &Crate, id: usize, name: &str, stack: &mut Vec<usize>, path: &str, w: &mut Writer) -> bool {
    let Some(c) = krate.collections.get(id) else { return false };
    match &c.kind {
        CollectionKind::List { member, .. } => {
            items(w, |i, w| element(krate, member, name, stack, &format!("{path}[{i}]"), w))
        }
        CollectionKind::Map { key, value: v, .. } => {
            let keys = map_keys(krate, key);
            items(w, |i, w| {
                let Some(k) = keys.get(i) else { return true };
                w.out.push_str(&format!("<{name}>"));
                let written = entry(krate, &c.xml_names, k, v, stack, path, w);
                w.out.push_str(&format!("</{name}>"));
                written
            })
        }
    }
}

/// A map entry's key and value elements.
fn entry(
    krate: &Crate,
    names: &crate::ir::XmlCollectionNames,
    key: &str,
    ty: &Type,
    stack: &mut Vec<usize>,
    path: &str,
    w: &mut Writer,
) -> bool {
    w.out.push_str(&format!("<{}>{}</{}>", names.key, escape(key), names.key));
    element(krate, ty, &names.value, stack, &format!("{path}[{key:?}]"), w)
}

/// An element's content for a value of type `ty`; a scalar's text is a slot.
fn value(krate: &Crate, ty: &Type, stack: &mut Vec<usize>, path: &str, w: &mut Writer) -> bool {
    let text = match ty {
        Type::Bool => "true".to_owned(),
        Type::Byte => "7".to_owned(),
        Type::Short => "300".to_owned(),
        Type::Integer => "70000".to_owned(),
        Type::Long => "5000000000".to_owned(),
        Type::Float => "1.5".to_owned(),
        Type::Double => "2.5e10".to_owned(),
        Type::String => "text".to_owned(),
        Type::Blob => "aGVsbG8=".to_owned(),
        Type::Timestamp(TimestampFormat::EpochSeconds) => "1700000000.123".to_owned(),
        Type::Timestamp(TimestampFormat::DateTime) => "2023-11-14T22:13:20.123Z".to_owned(),
        Type::Timestamp(TimestampFormat::HttpDate) => "Tue, 14 Nov 2023 22:13:20 GMT".to_owned(),
        Type::BigInteger => "123456789012345678901234567890".to_owned(),
        Type::BigDecimal => "1234567890.0987654321".to_owned(),
        Type::Document => return false,
        Type::Def { id, .. } => match krate.defs.get(*id).map(|d| &d.kind) {
            Some(DefKind::Struct(_)) => return members(krate, *id, stack, path, w),
            Some(DefKind::Union(u)) => {
                if stack.contains(id) || stack.len() > MAX_DEPTH {
                    return false;
                }
                stack.push(*id);
                let (mark, slots) = (w.out.len(), w.slots.len());
                let mut done = false;
                for variant in &u.variants {
                    w.out.truncate(mark);
                    w.slots.truncate(slots);
                    let path = member_path(path, &variant.xml.name);
                    done = match &variant.ty {
                        Some(ty) => element(krate, ty, &variant.xml.name, stack, &path, w),
                        None => {
                            w.out.push_str(&format!("<{}/>", variant.xml.name));
                            true
                        }
                    };
                    if done {
                        break;
                    }
                }
                stack.pop();
                return done;
            }
            Some(DefKind::Enum(e)) => match e.variants.first() {
                Some(v) => v.value.clone(),
                None => return false,
            },
            Some(DefKind::IntEnum(e)) => match e.variants.first() {
                Some(v) => v.value.to_string(),
                None => return false,
            },
            None => return false,
        },
        Type::Collection(id) => {
            let Some(c) = krate.collections.get(*id) else { return false };
            return match &c.kind {
                CollectionKind::List { member, .. } => {
                    items(w, |i, w| element(krate, member, &c.xml_names.item, stack, &format!("{path}[{i}]"), w))
                }
                CollectionKind::Map { key, value: v, .. } => {
                    let keys = map_keys(krate, key);
                    items(w, |i, w| {
                        let Some(k) = keys.get(i) else { return true };
                        w.out.push_str("<entry>");
                        let written = entry(krate, &c.xml_names, k, v, stack, path, w);
                        w.out.push_str("</entry>");
                        written
                    })
                }
            };
        }
    };
    let text = escape(&text);
    let start = w.out.len();
    w.out.push_str(&text);
    w.slots.push((start, w.out.len(), path.to_owned()));
    true
}
