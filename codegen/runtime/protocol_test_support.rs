//! Checks the generated protocol compliance tests share: a request against what its case
//! expects, and values compared so that NaN equals NaN.

use std::fmt::Debug;

use crate::client::http::HttpRequest;
use crate::client::primitives::{Document, Number};

/// What a request case expects.
pub struct ExpectedRequest<'a> {
    /// The method.
    pub method: &'static str,
    /// The path and query.
    pub uri: &'static str,
    /// The endpoint host the client is given.
    pub host: Option<&'static str>,
    /// The host the request must go to.
    pub resolved_host: Option<&'static str>,
    /// The endpoint the rules resolved for the case's client settings, if it has any: the
    /// request goes there rather than to `host`.
    pub endpoint: Option<&'a str>,
    /// Headers that must have these values.
    pub headers: &'static [(&'static str, &'static str)],
    /// Headers that must be absent.
    pub forbid_headers: &'static [&'static str],
    /// Headers that must be present.
    pub require_headers: &'static [&'static str],
    /// Query parameters the query must hold, as `key=value` or `key`, percent-encoded.
    pub query_params: &'static [&'static str],
    /// Query keys that must be absent.
    pub forbid_query_params: &'static [&'static str],
    /// Query keys that must be present.
    pub require_query_params: &'static [&'static str],
    /// The body.
    pub body: Option<&'static str>,
    /// How to compare the body: as bytes, as JSON values, or as XML documents.
    pub body_kind: BodyKind,
    /// The XML elements that are map entries (`entry`, and the flattened maps' members): the
    /// entries of one map compare in any order, as a map's have none (nor do a structure's
    /// members; a list's items keep theirs).
    pub map_entries: &'static [&'static str],
}

/// How a case's body is compared.
#[derive(Clone, Copy, PartialEq, Eq)]
#[allow(dead_code, reason = "each suite compares the bodies its cases have")]
pub enum BodyKind {
    /// Byte for byte.
    Bytes,
    /// As JSON values: key order and number spelling aside.
    Json,
    /// As XML documents: whitespace between elements, the declaration, comments, attribute
    /// order and the spelling of escapes aside.
    Xml,
}

/// Panics, saying what differs, unless the request is what the case expects.
pub fn check_request(request: &HttpRequest, expected: &ExpectedRequest<'_>) {
    assert_eq!(request.method, expected.method, "method");
    let host = expected.host.unwrap_or("example.com");
    let url = match expected.endpoint {
        Some(endpoint) => request.url(endpoint),
        None => request.url(&format!("https://{host}")),
    };
    let after_scheme = url.strip_prefix("https://").unwrap_or(&url);
    let (actual_host, path) = match after_scheme.find('/') {
        Some(at) => after_scheme.split_at(at),
        None => (after_scheme, "/"),
    };
    // The path as the case has it; the query's parameters in any order.
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let (expected_path, expected_query) = expected.uri.split_once('?').unwrap_or((expected.uri, ""));
    assert_eq!(path, expected_path, "URI path");
    let params: Vec<&str> = query.split('&').filter(|p| !p.is_empty()).collect();
    let key = |param: &str| param.split_once('=').map_or(param, |(k, _)| k).to_owned();
    for wanted in expected_query.split('&').filter(|p| !p.is_empty()).chain(expected.query_params.iter().copied()) {
        assert!(params.contains(&wanted), "query parameter {wanted} missing from {query:?}");
    }
    for forbidden in expected.forbid_query_params {
        assert!(!params.iter().any(|p| key(p) == *forbidden), "query parameter {forbidden} must be absent from {query:?}");
    }
    for required in expected.require_query_params {
        assert!(params.iter().any(|p| key(p) == *required), "query parameter {required} must be present in {query:?}");
    }
    if let Some(resolved) = expected.resolved_host {
        assert_eq!(actual_host, resolved, "host");
    }
    for (name, value) in expected.headers {
        assert_eq!(request.header(name), Some(*value), "header {name}");
    }
    for name in expected.forbid_headers {
        assert_eq!(request.header(name), None, "header {name} must be absent");
    }
    for name in expected.require_headers {
        assert!(request.header(name).is_some(), "header {name} must be present");
    }
    let Some(body) = expected.body else { return };
    if expected.body_kind == BodyKind::Xml {
        let actual = String::from_utf8_lossy(&request.body);
        if actual.trim().is_empty() && body.trim().is_empty() {
            return;
        }
        let mut parsed = xml_tree(&actual).unwrap_or_else(|e| panic!("the request body is not XML ({e}): {actual}"));
        let mut wanted = xml_tree(body).unwrap_or_else(|e| panic!("the case's body is not XML: {e}"));
        parsed.sort_entries(expected.map_entries);
        wanted.sort_entries(expected.map_entries);
        assert!(parsed == wanted, "body differs\n  actual: {actual}\nexpected: {body}");
    } else if expected.body_kind == BodyKind::Json {
        let actual = Document::from_json(&request.body)
            .unwrap_or_else(|e| panic!("the request body is not JSON ({e}): {}", String::from_utf8_lossy(&request.body)));
        let wanted = Document::from_json(body.as_bytes()).unwrap_or_else(|e| panic!("the case's body is not JSON: {e}"));
        assert!(
            json_equal(&actual, &wanted),
            "body differs\n  actual: {}\nexpected: {}",
            String::from_utf8_lossy(&request.body),
            body
        );
    } else {
        assert_eq!(String::from_utf8_lossy(&request.body), body, "body");
    }
}

/// An XML element as the comparison sees it: its name as written, its attributes (namespace
/// declarations among them) sorted, and its children, text trimmed and whitespace-only text
/// left out, in the order [`XmlElement::sort_entries`] gives them.
#[derive(Debug, PartialEq)]
struct XmlElement {
    name: String,
    attributes: Vec<(String, String)>,
    children: Vec<XmlNode>,
}

#[derive(Debug, PartialEq)]
enum XmlNode {
    Element(XmlElement),
    Text(String),
}

impl XmlElement {
    /// Puts the children in a canonical order, all the way down: differently named siblings
    /// (a structure's members) by name, as their order means nothing; same-named siblings (a
    /// list's items) as they are, as theirs does, except for each run of map entries (elements
    /// named in `entries`), which is sorted.
    fn sort_entries(&mut self, entries: &[&str]) {
        for child in &mut self.children {
            if let XmlNode::Element(e) = child {
                e.sort_entries(entries);
            }
        }
        // Stable: same-named siblings keep their order.
        self.children.sort_by(|a, b| {
            let name = |node: &XmlNode| match node {
                XmlNode::Element(e) => e.name.clone(),
                XmlNode::Text(_) => String::new(),
            };
            name(a).cmp(&name(b))
        });
        let entry_name = |node: &XmlNode| match node {
            XmlNode::Element(e) if entries.contains(&e.name.as_str()) => Some(e.name.clone()),
            _ => None,
        };
        let mut start = 0;
        while start < self.children.len() {
            let name = self.children.get(start).and_then(entry_name);
            let mut end = start + 1;
            if name.is_some() {
                while end < self.children.len() && self.children.get(end).and_then(entry_name) == name {
                    end += 1;
                }
                if let Some(run) = self.children.get_mut(start..end) {
                    run.sort_by_cached_key(|node| format!("{node:?}"));
                }
            }
            start = end;
        }
    }
}

/// The root element of an XML document, or what is wrong with it.
fn xml_tree(text: &str) -> Result<XmlElement, String> {
    let mut rest = text;
    let mut stack: Vec<XmlElement> = Vec::new();
    let mut root = None;
    let mut pending = String::new();
    while !rest.is_empty() {
        let Some(at) = rest.find('<') else {
            pending.push_str(&unescape(rest)?);
            break;
        };
        pending.push_str(&unescape(&rest[..at])?);
        rest = &rest[at..];
        if let Some(after) = rest.strip_prefix("<![CDATA[") {
            let end = after.find("]]>").ok_or("unterminated CDATA")?;
            pending.push_str(&after[..end]);
            rest = &after[end + 3..];
            continue;
        }
        let text = std::mem::take(&mut pending);
        if let Some(parent) = stack.last_mut() {
            let trimmed = text.trim();
            if !trimmed.is_empty() {
                parent.children.push(XmlNode::Text(trimmed.to_owned()));
            }
        } else if !text.trim().is_empty() {
            return Err(format!("text outside the root element: {text:?}"));
        }
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = &after[after.find("-->").ok_or("unterminated comment")? + 3..];
        } else if let Some(after) = rest.strip_prefix("<?") {
            rest = &after[after.find("?>").ok_or("unterminated declaration")? + 2..];
        } else if let Some(after) = rest.strip_prefix("</") {
            let end = after.find('>').ok_or("unterminated end tag")?;
            let name = after[..end].trim();
            let element = stack.pop().ok_or_else(|| format!("</{name}> closes nothing"))?;
            if element.name != name {
                return Err(format!("</{name}> closes <{}>", element.name));
            }
            rest = &after[end + 1..];
            close(&mut stack, &mut root, element)?;
        } else {
            let end = tag_end(rest).ok_or("unterminated start tag")?;
            let tag = &rest[1..end];
            let (tag, empty) = match tag.strip_suffix('/') {
                Some(tag) => (tag, true),
                None => (tag, false),
            };
            let element = start_tag(tag)?;
            rest = &rest[end + 1..];
            if empty {
                close(&mut stack, &mut root, element)?;
            } else {
                stack.push(element);
            }
        }
    }
    if let Some(open) = stack.last() {
        return Err(format!("<{}> is never closed", open.name));
    }
    root.ok_or_else(|| "no root element".to_owned())
}

/// Where the start tag at the beginning of `text` ends (its `>`), quoted values skipped.
fn tag_end(text: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if q == c => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// The element a start tag's inside (`name a="b"`) opens.
fn start_tag(tag: &str) -> Result<XmlElement, String> {
    let tag = tag.trim();
    let name_end = tag.find(char::is_whitespace).unwrap_or(tag.len());
    let (name, mut rest) = tag.split_at(name_end);
    let mut attributes = Vec::new();
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        let eq = rest.find('=').ok_or_else(|| format!("attribute without a value in <{tag}>"))?;
        let key = rest[..eq].trim().to_owned();
        let value = rest[eq + 1..].trim_start();
        let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'').ok_or("unquoted attribute value")?;
        let end = value[1..].find(quote).ok_or("unterminated attribute value")? + 1;
        attributes.push((key, unescape(&value[1..end])?));
        rest = &value[end + 1..];
    }
    attributes.sort();
    Ok(XmlElement { name: name.to_owned(), attributes, children: Vec::new() })
}

/// Adds a finished element to its parent, or makes it the root.
fn close(stack: &mut [XmlElement], root: &mut Option<XmlElement>, element: XmlElement) -> Result<(), String> {
    match stack.last_mut() {
        Some(parent) => parent.children.push(XmlNode::Element(element)),
        None if root.is_none() => *root = Some(element),
        None => return Err("two root elements".to_owned()),
    }
    Ok(())
}

/// Text with its entity and character references replaced.
fn unescape(text: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let end = rest[at..].find(';').ok_or("unterminated reference")? + at;
        let name = &rest[at + 1..end];
        let c = match name {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = match name.strip_prefix("#x") {
                    Some(hex) => u32::from_str_radix(hex, 16),
                    None => name.strip_prefix('#').ok_or_else(|| format!("unknown entity &{name};"))?.parse(),
                };
                code.ok().and_then(char::from_u32).ok_or_else(|| format!("bad character reference &{name};"))?
            }
        };
        out.push(c);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// JSON values equal, numbers compared by value (`1` equals `1.0`).
fn json_equal(a: &Document, b: &Document) -> bool {
    match (a, b) {
        (Document::Number(x), Document::Number(y)) => number(x) == number(y),
        (Document::Array(x), Document::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_equal(x, y))
        }
        (Document::Object(x), Document::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| json_equal(v, w)))
        }
        _ => a == b,
    }
}

fn number(n: &Number) -> f64 {
    match *n {
        Number::PosInt(v) => v as f64,
        Number::NegInt(v) => v as f64,
        Number::Float(v) => v,
    }
}

/// Panics unless the values are equal; values whose only difference is NaN (which is never
/// equal to itself) count as equal when their debug forms are.
pub fn assert_same<T: PartialEq + Debug>(actual: &T, expected: &T) {
    if actual != expected {
        assert_eq!(format!("{actual:#?}"), format!("{expected:#?}"));
    }
}
