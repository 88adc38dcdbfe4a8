//! Stage 3 (lower): the HTTP binding resolver. For every operation, its method, URI pattern and
//! success status; for every member of an operation's input, output or error, where it lives in
//! the message. REST protocols read the `@http*` traits; RPC protocols (awsJson) resolve
//! statically: `POST /`, everything in the body, as Smithy's own generators do. Emitters read
//! the result from the IR and never ask which protocol they serve to know where a member lives.

use crate::ast::Shape;
use crate::ir::{Binding, Http, Protocol, StructRole, TimestampFormat, UriPart};
use crate::traits::{self, Parsed, Table};

/// The operation's method, URI and status. A REST operation without `@http` is reported by
/// `validate`; here it gets RPC's.
pub fn operation(protocol: Protocol, table: &Table, op: &Shape, input: Option<&Shape>) -> Http {
    let http = if protocol.is_rpc() { None } else { table.get(&op.id.to_string()).http.as_ref() };
    let Some(http) = http else {
        return Http { method: "POST".to_owned(), path: vec![UriPart::Literal("/".to_owned())], query: Vec::new(), code: 200 };
    };
    let members = input.map(|i| i.members.as_slice()).unwrap_or_default();
    let path = http
        .uri
        .path
        .iter()
        .map(|part| match part {
            traits::UriPart::Literal(text) => UriPart::Literal(text.clone()),
            traits::UriPart::Label { name, greedy } => UriPart::Label {
                // `validate` checked that every label names an input member.
                member: members.iter().position(|m| m.name == *name).unwrap_or(0),
                greedy: *greedy,
            },
        })
        .collect();
    Http { method: http.method.clone(), path, query: http.uri.query.clone(), code: http.code }
}

/// Where a member lives: the HTTP binding traits say, for the members of an operation's input,
/// output or error under a REST protocol; everything else is in the body.
pub fn member(protocol: Protocol, role: &StructRole, member_traits: &crate::ast::Traits, parsed: &Parsed) -> Binding {
    if protocol.is_rpc() {
        return Binding::Body;
    }
    let has = |id: &str| traits::has(member_traits, id);
    let input = matches!(role, StructRole::Input);
    let response = matches!(role, StructRole::Output | StructRole::Error { .. });
    if !input && !response {
        return Binding::Body;
    }
    if input && has(traits::HTTP_LABEL) {
        Binding::Label
    } else if let (true, Some(name)) = (input, &parsed.http_query) {
        Binding::Query(name.clone())
    } else if input && has(traits::HTTP_QUERY_PARAMS) {
        Binding::QueryParams
    } else if let Some(name) = &parsed.http_header {
        Binding::Header(name.clone())
    } else if let Some(prefix) = &parsed.http_prefix_headers {
        Binding::PrefixHeaders(prefix.clone())
    } else if has(traits::HTTP_PAYLOAD) {
        Binding::Payload
    } else if matches!(role, StructRole::Output) && has(traits::HTTP_RESPONSE_CODE) {
        Binding::ResponseCode
    } else {
        Binding::Body
    }
}

/// A member's key in a JSON body: awsJson ignores `@jsonName` (its keys are member names);
/// restJson1 honours it.
pub fn json_key(protocol: Protocol, name: &str, parsed: &Parsed) -> String {
    match (protocol, &parsed.json_name) {
        (Protocol::RestJson1, Some(key)) => key.clone(),
        _ => name.to_owned(),
    }
}

/// How the XML protocols name and place a member.
pub fn xml_member(protocol: Protocol, name: &str, parsed: &Parsed, attribute: bool, flattened: bool) -> crate::ir::XmlMember {
    let xml_name = parsed.xml_name.clone().unwrap_or_else(|| name.to_owned());
    let query_key = match (protocol, &parsed.ec2_query_name) {
        (Protocol::Ec2Query, Some(key)) => key.clone(),
        (Protocol::Ec2Query, None) => crate::names::capitalise(&xml_name),
        _ => xml_name.clone(),
    };
    crate::ir::XmlMember { name: xml_name, attribute, flattened, namespace: parsed.xml_namespace.clone(), query_key }
}

/// The element names of a list's items, or a map's keys and values.
pub fn xml_collection_names(table: &Table, id: &crate::ast::ShapeId) -> crate::ir::XmlCollectionNames {
    let named = |member: &str, default: &str| {
        table.get(&id.member_path(member)).xml_name.clone().unwrap_or_else(|| default.to_owned())
    };
    let namespace = |member: &str| table.get(&id.member_path(member)).xml_namespace.clone();
    crate::ir::XmlCollectionNames {
        item: named("member", "member"),
        key: named("key", "key"),
        value: named("value", "value"),
        namespaces: [namespace("member"), namespace("key"), namespace("value")],
    }
}

/// The format of a member's timestamps where its binding puts them: the model's, else the
/// binding traits' default for the place (http-date in headers, date-time in the URI);
/// epoch seconds in a JSON body.
pub fn timestamp_format(binding: &Binding, explicit: Option<TimestampFormat>) -> TimestampFormat {
    explicit.unwrap_or(match binding {
        Binding::Header(_) | Binding::PrefixHeaders(_) => TimestampFormat::HttpDate,
        Binding::Label | Binding::Query(_) | Binding::QueryParams => TimestampFormat::DateTime,
        Binding::Body | Binding::Payload | Binding::ResponseCode => TimestampFormat::EpochSeconds,
    })
}
