//! The HTTP binding traits (Smithy's "HTTP binding traits"): `@http` with its URI pattern, and
//! the member traits that bind a member to a part of the message.

use crate::ast::Traits;
use crate::error::ErrorKind;
use crate::json::Json;

use super::read::invalid;

/// `smithy.api#http`
pub const HTTP: &str = "smithy.api#http";
/// `smithy.api#httpLabel`
pub const HTTP_LABEL: &str = "smithy.api#httpLabel";
/// `smithy.api#httpQuery`
pub const HTTP_QUERY: &str = "smithy.api#httpQuery";
/// `smithy.api#httpQueryParams`
pub const HTTP_QUERY_PARAMS: &str = "smithy.api#httpQueryParams";
/// `smithy.api#httpHeader`
pub const HTTP_HEADER: &str = "smithy.api#httpHeader";
/// `smithy.api#httpPrefixHeaders`
pub const HTTP_PREFIX_HEADERS: &str = "smithy.api#httpPrefixHeaders";
/// `smithy.api#httpPayload`
pub const HTTP_PAYLOAD: &str = "smithy.api#httpPayload";
/// `smithy.api#httpResponseCode`
pub const HTTP_RESPONSE_CODE: &str = "smithy.api#httpResponseCode";
/// `smithy.api#jsonName`
pub const JSON_NAME: &str = "smithy.api#jsonName";
/// `smithy.api#mediaType`
pub const MEDIA_TYPE: &str = "smithy.api#mediaType";

/// An operation's `@http` trait.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpTrait {
    /// The method, such as `GET`.
    pub method: String,
    /// The URI pattern.
    pub uri: UriPattern,
    /// The status of a successful response.
    pub code: u16,
}

/// A URI pattern: the path, in parts, then the query literals.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UriPattern {
    /// The path: literal text (slashes included) and labels, in order.
    pub path: Vec<UriPart>,
    /// Query literals after `?`: key, and value when the literal has `=`.
    pub query: Vec<(String, Option<String>)>,
}

/// One piece of a URI pattern's path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UriPart {
    /// Text copied as is.
    Literal(String),
    /// `{name}` (one segment), or `{name+}` when greedy (the rest of the path, slashes kept).
    Label {
        /// The member name.
        name: String,
        /// True for `{name+}`.
        greedy: bool,
    },
}

impl UriPattern {
    /// The labels, in order.
    pub fn labels(&self) -> impl Iterator<Item = (&str, bool)> {
        self.path.iter().filter_map(|p| match p {
            UriPart::Label { name, greedy } => Some((name.as_str(), *greedy)),
            UriPart::Literal(_) => None,
        })
    }
}

/// The `@http` trait.
pub fn http(traits: &Traits) -> Result<Option<HttpTrait>, ErrorKind> {
    let Some(value) = traits.get(HTTP) else {
        return Ok(None);
    };
    let text = |key: &str| value.get(key).and_then(Json::as_str);
    let method = text("method").filter(|m| !m.is_empty() && m.chars().all(|c| c.is_ascii_alphabetic()));
    let Some(method) = method else {
        return Err(invalid(HTTP, "expected a `method` of letters".into()));
    };
    let Some(uri) = text("uri") else {
        return Err(invalid(HTTP, "expected a string `uri`".into()));
    };
    let code = match value.get("code") {
        None => 200,
        Some(Json::Number(n)) => match n.as_u64().and_then(|c| u16::try_from(c).ok()) {
            Some(c) if (100..=599).contains(&c) => c,
            _ => return Err(invalid(HTTP, format!("`code` must be an HTTP status from 100 to 599, found {n}"))),
        },
        Some(other) => return Err(invalid(HTTP, format!("`code` must be an integer, found {}", other.type_name()))),
    };
    let uri = uri_pattern(uri).map_err(|reason| invalid(HTTP, reason))?;
    Ok(Some(HttpTrait { method: method.to_ascii_uppercase(), uri, code }))
}

/// Parses a URI pattern (Smithy's `@http` `uri`): it starts with `/`; labels are whole path
/// segments, named like members, each once, a greedy one at most once; the query part holds
/// only literals; no fragment.
pub fn uri_pattern(uri: &str) -> Result<UriPattern, String> {
    if !uri.starts_with('/') {
        return Err(format!("uri {uri:?} must start with `/`"));
    }
    if uri.contains('#') {
        return Err(format!("uri {uri:?} must not have a fragment"));
    }
    let (path, query) = match uri.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (uri, None),
    };
    let mut parts: Vec<UriPart> = Vec::new();
    let mut literal = String::new();
    let mut names: Vec<&str> = Vec::new();
    let mut greedy_seen = false;
    for (i, segment) in path.split('/').enumerate() {
        if i > 0 {
            literal.push('/');
        }
        if let Some(inner) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            let (name, greedy) = match inner.strip_suffix('+') {
                Some(name) => (name, true),
                None => (inner, false),
            };
            if !crate::ast::is_identifier(name) {
                return Err(format!("`{{{inner}}}` in uri {uri:?} is not a member name"));
            }
            if names.contains(&name) {
                return Err(format!("the label `{name}` appears twice in uri {uri:?}"));
            }
            if greedy && greedy_seen {
                return Err(format!("uri {uri:?} has more than one greedy label"));
            }
            greedy_seen |= greedy;
            names.push(name);
            if !literal.is_empty() {
                parts.push(UriPart::Literal(std::mem::take(&mut literal)));
            }
            parts.push(UriPart::Label { name: name.to_owned(), greedy });
        } else if segment.contains('{') || segment.contains('}') {
            return Err(format!("a label in uri {uri:?} must be a whole path segment"));
        } else {
            literal.push_str(segment);
        }
    }
    if !literal.is_empty() {
        parts.push(UriPart::Literal(literal));
    }
    let mut literals = Vec::new();
    for pair in query.unwrap_or_default().split('&').filter(|p| !p.is_empty()) {
        if pair.contains('{') || pair.contains('}') {
            return Err(format!("the query of uri {uri:?} may hold only literals"));
        }
        match pair.split_once('=') {
            Some((key, value)) => literals.push((key.to_owned(), Some(value.to_owned()))),
            None => literals.push((pair.to_owned(), None)),
        }
    }
    Ok(UriPattern { path: parts, query: literals })
}

/// The name of a member trait whose value is a non-empty string (`@httpHeader`, `@httpQuery`,
/// `@httpPrefixHeaders` may be empty: the caller says).
pub fn string_value<'a>(traits: &'a Traits, id: &str, may_be_empty: bool) -> Result<Option<&'a str>, ErrorKind> {
    match traits.get(id) {
        None => Ok(None),
        Some(Json::String(s)) if may_be_empty || !s.is_empty() => Ok(Some(s)),
        Some(other) => Err(invalid(id, format!("expected a non-empty string, found {other}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_patterns_split_into_literals_labels_and_query() {
        let p = uri_pattern("/2015-03-31/functions/{FunctionName}/invocations?x=1&flag").unwrap();
        assert_eq!(
            p.path,
            [
                UriPart::Literal("/2015-03-31/functions/".into()),
                UriPart::Label { name: "FunctionName".into(), greedy: false },
                UriPart::Literal("/invocations".into()),
            ]
        );
        assert_eq!(p.query, [("x".to_owned(), Some("1".to_owned())), ("flag".to_owned(), None)]);
        let p = uri_pattern("/{Bucket}/{Key+}").unwrap();
        assert_eq!(p.labels().collect::<Vec<_>>(), [("Bucket", false), ("Key", true)]);
        assert_eq!(uri_pattern("/").unwrap().path, [UriPart::Literal("/".into())]);
    }

    #[test]
    fn bad_uri_patterns_are_refused() {
        for bad in ["x", "/a#b", "/a{b}", "/{a}/{a}", "/{a+}/{b+}", "/{1a}", "/a?b={c}"] {
            assert!(uri_pattern(bad).is_err(), "{bad}");
        }
    }
}
