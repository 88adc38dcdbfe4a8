//! What endpoint resolution gives and the functions of the rules engine's standard library
//! (`isValidHostLabel`, `substring`, `uriEncode`, `parseURL`, `aws.partition`, `aws.parseArn`,
//! `aws.isVirtualHostableS3Bucket`). The generator compiles a model's rules to Rust that calls
//! these; none of them panics or allocates more than its result.
#![allow(dead_code, reason = "the library serves every rule set; each calls only some of it")]

use std::fmt;

use crate::pattern::Pattern;

/// Where to send a request: the URL, headers to add and the properties the rules attach (the
/// auth schemes above all).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    url: String,
    headers: Vec<(String, Vec<String>)>,
    properties: Vec<(String, Property)>,
}

impl Endpoint {
    /// An endpoint at `url` with no headers or properties.
    pub fn new(url: impl Into<String>) -> Endpoint {
        Endpoint { url: url.into(), headers: Vec::new(), properties: Vec::new() }
    }

    /// With the header `name` set to `values` (in order), replacing any values it had.
    #[must_use]
    pub fn with_header(mut self, name: &str, values: Vec<String>) -> Endpoint {
        insert_sorted(&mut self.headers, name, values);
        self
    }

    /// With the property `name` set to `value`, replacing any value it had.
    #[must_use]
    pub fn with_property(mut self, name: &str, value: Property) -> Endpoint {
        insert_sorted(&mut self.properties, name, value);
        self
    }

    /// The URL: scheme, authority and path, to which the request's own path and query are added.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The headers to add to every request sent here, by name (sorted), each with its values.
    pub fn headers(&self) -> &[(String, Vec<String>)] {
        &self.headers
    }

    /// The values of the header `name` (as the rules spell it), if it is set.
    pub fn header(&self, name: &str) -> Option<&[String]> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_slice())
    }

    /// The properties, by name (sorted).
    pub fn properties(&self) -> &[(String, Property)] {
        &self.properties
    }

    /// The property `name`, if the rules set it.
    pub fn property(&self, name: &str) -> Option<&Property> {
        self.properties.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// The auth schemes the `authSchemes` property lists, in the rules' order of preference;
    /// entries without a string `name` are skipped.
    pub fn auth_schemes(&self) -> Vec<AuthScheme<'_>> {
        let Some(Property::Array(schemes)) = self.property("authSchemes") else { return Vec::new() };
        schemes.iter().filter_map(AuthScheme::from_property).collect()
    }

    /// The signing region of the first auth scheme that names one: where a SigV4 signer must
    /// scope its signature (it differs from the configured region for global endpoints).
    pub fn signing_region(&self) -> Option<&str> {
        self.auth_schemes().into_iter().find_map(|s| s.signing_region)
    }

    /// The signing name of the first auth scheme that names one.
    pub fn signing_name(&self) -> Option<&str> {
        self.auth_schemes().into_iter().find_map(|s| s.signing_name)
    }
}

/// Puts `(name, value)` in `entries`, kept sorted by name, replacing an entry of that name.
fn insert_sorted<V>(entries: &mut Vec<(String, V)>, name: &str, value: V) {
    match entries.binary_search_by(|(n, _)| n.as_str().cmp(name)) {
        Ok(at) => {
            if let Some(entry) = entries.get_mut(at) {
                entry.1 = value;
            }
        }
        Err(at) => entries.insert(at, (name.to_owned(), value)),
    }
}

/// A property value of an endpoint, as the rules write it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Property {
    /// A string.
    String(String),
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// An array.
    Array(Vec<Property>),
    /// An object, its entries sorted by key.
    Object(Vec<(String, Property)>),
}

impl Property {
    /// An object of `entries`, sorted by key (a later entry replaces an earlier one of the same key).
    pub fn object(entries: Vec<(&str, Property)>) -> Property {
        let mut sorted = Vec::with_capacity(entries.len());
        for (key, value) in entries {
            insert_sorted(&mut sorted, key, value);
        }
        Property::Object(sorted)
    }

    /// The entry `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Property> {
        match self {
            Property::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The text of a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Property::String(s) => Some(s),
            _ => None,
        }
    }

    /// The value of a boolean.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Property::Bool(b) => Some(*b),
            _ => None,
        }
    }
}

impl From<&str> for Property {
    fn from(text: &str) -> Property {
        Property::String(text.to_owned())
    }
}

impl From<String> for Property {
    fn from(text: String) -> Property {
        Property::String(text)
    }
}

impl From<bool> for Property {
    fn from(value: bool) -> Property {
        Property::Bool(value)
    }
}

/// One entry of an endpoint's `authSchemes`: how to sign requests sent there.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct AuthScheme<'a> {
    /// `sigv4`, `sigv4a`, `sigv4-s3express`...
    pub name: &'a str,
    /// The service name to sign with.
    pub signing_name: Option<&'a str>,
    /// The region to sign for (SigV4).
    pub signing_region: Option<&'a str>,
    /// The regions to sign for (SigV4a).
    pub signing_region_set: Vec<&'a str>,
    /// When true, the signer must not encode the path a second time (S3).
    pub disable_double_encoding: bool,
}

impl<'a> AuthScheme<'a> {
    fn from_property(scheme: &'a Property) -> Option<AuthScheme<'a>> {
        let text = |key: &str| scheme.get(key).and_then(Property::as_str);
        let set = match scheme.get("signingRegionSet") {
            Some(Property::Array(items)) => items.iter().filter_map(Property::as_str).collect(),
            _ => Vec::new(),
        };
        Some(AuthScheme {
            name: text("name")?,
            signing_name: text("signingName"),
            signing_region: text("signingRegion"),
            signing_region_set: set,
            disable_double_encoding: scheme.get("disableDoubleEncoding").and_then(Property::as_bool).unwrap_or(false),
        })
    }
}

/// Why no endpoint could be resolved: the message of the rule that refused the parameters (as
/// the model words it), a required parameter that is not set, or no rule matching.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndpointError {
    message: String,
}

impl EndpointError {
    /// An error saying `message`.
    pub fn new(message: impl Into<String>) -> EndpointError {
        EndpointError { message: message.into() }
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for EndpointError {}

/// What `aws.partition` gives: a partition's name and what its endpoints support.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Partition {
    pub(crate) name: &'static str,
    pub(crate) dns_suffix: &'static str,
    pub(crate) dual_stack_dns_suffix: &'static str,
    pub(crate) supports_fips: bool,
    pub(crate) supports_dual_stack: bool,
    pub(crate) implicit_global_region: &'static str,
}

/// One partition of the partition data: its regions (each with the outputs it overrides, if
/// any), the pattern of region names it claims, and its outputs.
pub(crate) struct PartitionData {
    pub(crate) id: &'static str,
    pub(crate) regions: &'static [(&'static str, Option<Partition>)],
    pub(crate) region_regex: Pattern,
    pub(crate) outputs: Partition,
}

/// `aws.partition(region)`: the partition that lists the region, else the first whose region
/// pattern matches it, else the `aws` partition.
pub(crate) fn partition(partitions: &'static [PartitionData], region: &str) -> Option<&'static Partition> {
    for data in partitions {
        if let Some((_, outputs)) = data.regions.iter().find(|(name, _)| *name == region) {
            return Some(outputs.as_ref().unwrap_or(&data.outputs));
        }
    }
    partitions
        .iter()
        .find(|data| data.region_regex.is_match(region))
        .or_else(|| partitions.iter().find(|data| data.id == "aws"))
        .map(|data| &data.outputs)
}

/// `isValidHostLabel(value, allowSubDomains)`: one to 63 ASCII letters, digits and hyphens,
/// not starting with a hyphen; with `allow_sub_domains`, several such labels joined by dots.
pub(crate) fn is_valid_host_label(value: &str, allow_sub_domains: bool) -> bool {
    let label = |l: &str| {
        (1..=63).contains(&l.len())
            && !l.starts_with('-')
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    if allow_sub_domains { value.split('.').all(label) } else { label(value) }
}

/// `substring(input, start, stop, reverse)`: the characters `start..stop` of an ASCII string,
/// counted from its end when `reverse`; unset when the string is not ASCII or too short, or
/// `start` is not before `stop`.
pub(crate) fn substring(input: &str, start: usize, stop: usize, reverse: bool) -> Option<&str> {
    if !input.is_ascii() || start >= stop || input.len() < stop {
        return None;
    }
    let len = input.len();
    if reverse { input.get(len.checked_sub(stop)?..len.checked_sub(start)?) } else { input.get(start..stop) }
}

/// `uriEncode(value)`: every byte but the unreserved characters of RFC 3986 percent-encoded,
/// in upper-case hex.
pub(crate) fn uri_encode(value: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            for nibble in [b >> 4, b & 0xf] {
                out.push(HEX.get(usize::from(nibble)).map_or('0', |&h| char::from(h)));
            }
        }
    }
    out
}

/// What `parseURL` gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Url<'a> {
    /// `http` or `https`.
    pub(crate) scheme: &'a str,
    /// The host and port, as written.
    pub(crate) authority: &'a str,
    /// The path as written (empty when there is none).
    pub(crate) path: &'a str,
    /// The path starting and ending with `/`.
    pub(crate) normalized_path: String,
    /// Whether the host is an IPv4 or a bracketed IPv6 address.
    pub(crate) is_ip: bool,
}

/// `parseURL(url)`: an `http` or `https` URL with a host, without a query or a fragment.
pub(crate) fn parse_url(url: &str) -> Option<Url<'_>> {
    let (scheme, rest) = url.split_once("://")?;
    if !matches!(scheme, "http" | "https") || rest.contains(['?', '#']) {
        return None;
    }
    let (authority, path) = match rest.find('/') {
        Some(at) => (rest.get(..at)?, rest.get(at..)?),
        None => (rest, ""),
    };
    if authority.is_empty() || authority.contains(['@', ' ']) {
        return None;
    }
    let host = if authority.starts_with('[') {
        let end = authority.find(']')?;
        let port = authority.get(end.checked_add(1)?..)?;
        if !(port.is_empty() || port.strip_prefix(':').is_some_and(is_port)) {
            return None;
        }
        authority.get(..=end)?
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) if is_port(port) => host,
            Some(_) => return None,
            None => authority,
        }
    };
    if host.is_empty() {
        return None;
    }
    let is_ip = is_ipv4(host) || (host.starts_with('[') && host.ends_with(']'));
    let mut normalized_path = String::with_capacity(path.len().saturating_add(2));
    if !path.starts_with('/') {
        normalized_path.push('/');
    }
    normalized_path.push_str(path);
    if !normalized_path.ends_with('/') {
        normalized_path.push('/');
    }
    Some(Url { scheme, authority, path, normalized_path, is_ip })
}

/// One to five digits.
fn is_port(text: &str) -> bool {
    (1..=5).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit())
}

/// Four dot-separated decimal numbers, each at most 255.
fn is_ipv4(host: &str) -> bool {
    let number = |part: &str| {
        (1..=3).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit()) && part.parse::<u8>().is_ok()
    };
    host.split('.').count() == 4 && host.split('.').all(number)
}

/// What `aws.parseArn` gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Arn<'a> {
    pub(crate) partition: &'a str,
    pub(crate) service: &'a str,
    pub(crate) region: &'a str,
    pub(crate) account_id: &'a str,
    /// The resource, split at every `:` and `/`.
    pub(crate) resource_id: Vec<&'a str>,
}

/// `aws.parseArn(value)`: `arn:partition:service:region:account:resource`, where the partition,
/// service and resource are not empty.
pub(crate) fn parse_arn(value: &str) -> Option<Arn<'_>> {
    let mut parts = value.splitn(6, ':');
    let (Some("arn"), Some(partition), Some(service), Some(region), Some(account_id), Some(resource)) =
        (parts.next(), parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    if partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    Some(Arn { partition, service, region, account_id, resource_id: resource.split([':', '/']).collect() })
}

/// `aws.isVirtualHostableS3Bucket(value, allowSubDomains)`: a bucket name that can be a host
/// name: 3 to 63 lower-case letters, digits and hyphens, starting and ending with a letter or
/// digit; with `allow_sub_domains`, several such labels joined by dots.
pub(crate) fn is_virtual_hostable_s3_bucket(value: &str, allow_sub_domains: bool) -> bool {
    let bucket = |label: &str| {
        (3..=63).contains(&label.len())
            && is_valid_host_label(label, false)
            && !label.bytes().any(|b| b.is_ascii_uppercase())
            && !label.ends_with('-')
    };
    if allow_sub_domains { value.split('.').all(bucket) } else { bucket(value) }
}

/// The item `at` of an array of strings, unset past its end.
pub(crate) fn index<S: AsRef<str>>(items: &[S], at: usize) -> Option<&str> {
    items.get(at).map(AsRef::as_ref)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_labels() {
        assert!(is_valid_host_label("us-east-1", false));
        assert!(is_valid_host_label("a", false));
        assert!(!is_valid_host_label("", false));
        assert!(!is_valid_host_label("-a", false));
        assert!(!is_valid_host_label("a.b", false));
        assert!(is_valid_host_label("a.b", true));
        assert!(!is_valid_host_label("a..b", true));
        assert!(!is_valid_host_label(&"a".repeat(64), false));
        assert!(!is_valid_host_label("a_b", false));
    }

    #[test]
    fn substrings() {
        assert_eq!(substring("abcdef", 0, 4, false), Some("abcd"));
        assert_eq!(substring("abcdef", 0, 4, true), Some("cdef"));
        assert_eq!(substring("abcdef", 2, 6, true), Some("abcd"));
        assert_eq!(substring("abc", 0, 4, false), None);
        assert_eq!(substring("abcd", 2, 2, false), None);
        assert_eq!(substring("ab\u{e9}d", 0, 2, false), None);
    }

    #[test]
    fn uri_encoding() {
        assert_eq!(uri_encode("a b/c~d"), "a%20b%2Fc~d");
        assert_eq!(uri_encode("\u{e9}"), "%C3%A9");
    }

    #[test]
    fn urls() {
        let url = parse_url("https://example.com:8443/a/b");
        let parts = url.as_ref().map(|u| (u.scheme, u.authority, u.path, u.normalized_path.as_str(), u.is_ip));
        assert_eq!(parts, Some(("https", "example.com:8443", "/a/b", "/a/b/", false)));
        let url = parse_url("http://127.0.0.1");
        assert_eq!(url.as_ref().map(|u| (u.path, u.normalized_path.as_str(), u.is_ip)), Some(("", "/", true)));
        assert!(parse_url("http://[::1]:80/").is_some_and(|u| u.is_ip));
        assert!(parse_url("https://example.com?x=1").is_none());
        assert!(parse_url("ftp://example.com").is_none());
        assert!(parse_url("https://").is_none());
        assert!(parse_url("example.com").is_none());
        assert!(parse_url("https://example.com:port").is_none());
        assert!(parse_url("https://256.1.1.1").is_some_and(|u| !u.is_ip));
    }

    #[test]
    fn arns() {
        let arn = parse_arn("arn:aws:s3:us-west-2:123456789012:accesspoint/my-ap:x");
        let parts = arn.as_ref().map(|a| (a.partition, a.service, a.region, a.account_id, a.resource_id.clone()));
        assert_eq!(parts, Some(("aws", "s3", "us-west-2", "123456789012", vec!["accesspoint", "my-ap", "x"])));
        assert!(parse_arn("arn:aws:s3:::bucket").is_some_and(|a| a.region.is_empty() && a.resource_id == ["bucket"]));
        assert!(parse_arn("arn:aws:s3:us-west-2:123").is_none());
        assert!(parse_arn("arn::s3:::b").is_none());
        assert!(parse_arn("nra:aws:s3:::b").is_none());
    }

    #[test]
    fn buckets() {
        assert!(is_virtual_hostable_s3_bucket("my-bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("my.bucket", false));
        assert!(is_virtual_hostable_s3_bucket("abc.bucket", true));
        assert!(!is_virtual_hostable_s3_bucket("my.bucket", true));
        assert!(!is_virtual_hostable_s3_bucket("My-bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("ab", false));
        assert!(!is_virtual_hostable_s3_bucket("192.168.0.1", true));
        assert!(!is_virtual_hostable_s3_bucket("bucket-", false));
    }

    #[test]
    fn endpoints_keep_headers_and_properties_sorted() {
        let a = Endpoint::new("https://a").with_property("z", Property::from(true)).with_property("a", Property::from("x"));
        let b = Endpoint::new("https://a").with_property("a", Property::from("x")).with_property("z", Property::from(true));
        assert_eq!(a, b);
        let scheme = Property::object(vec![("signingRegion", "us-east-1".into()), ("name", "sigv4".into())]);
        let e = Endpoint::new("https://a").with_property("authSchemes", Property::Array(vec![scheme]));
        assert_eq!(e.signing_region(), Some("us-east-1"));
        assert_eq!(e.signing_name(), None);
        assert_eq!(e.auth_schemes().first().map(|s| s.name), Some("sigv4"));
    }
}
