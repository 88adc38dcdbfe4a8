//! The traits the generator understands, parsed once: `validate` reads every shape and member of
//! the closure into a [`Table`] of typed values ([`Parsed`]), reporting each malformed value
//! where it is; `lower` and the stages after it read the table and never the JSON again.

mod http;
mod read;

pub use http::{
    HTTP, HTTP_HEADER, HTTP_LABEL, HTTP_PAYLOAD, HTTP_PREFIX_HEADERS, HTTP_QUERY, HTTP_QUERY_PARAMS, HTTP_RESPONSE_CODE,
    HttpTrait, UriPart,
};
pub use read::*;

use std::collections::BTreeMap;

use crate::ast::Traits;
use crate::error::ErrorKind;
use crate::json::Json;

/// `smithy.api#required`
pub const REQUIRED: &str = "smithy.api#required";
/// `smithy.api#default`
pub const DEFAULT: &str = "smithy.api#default";
/// `smithy.api#clientOptional`
pub const CLIENT_OPTIONAL: &str = "smithy.api#clientOptional";
/// `smithy.api#input`
pub const INPUT: &str = "smithy.api#input";
/// `smithy.api#error`
pub const ERROR: &str = "smithy.api#error";
/// `smithy.api#retryable`
pub const RETRYABLE: &str = "smithy.api#retryable";
/// `smithy.api#httpError`
pub const HTTP_ERROR: &str = "smithy.api#httpError";
/// `smithy.api#documentation`
pub const DOCUMENTATION: &str = "smithy.api#documentation";
/// `smithy.api#sensitive`
pub const SENSITIVE: &str = "smithy.api#sensitive";
/// `smithy.api#deprecated`
pub const DEPRECATED: &str = "smithy.api#deprecated";
/// `smithy.api#timestampFormat`
pub const TIMESTAMP_FORMAT: &str = "smithy.api#timestampFormat";
/// `smithy.api#enumValue`
pub const ENUM_VALUE: &str = "smithy.api#enumValue";
/// `smithy.api#enum`, the Smithy 1.0 way of making a string an enum.
pub const ENUM: &str = "smithy.api#enum";
/// `smithy.api#length`
pub const LENGTH: &str = "smithy.api#length";
/// `smithy.api#range`
pub const RANGE: &str = "smithy.api#range";
/// `smithy.api#pattern`
pub const PATTERN: &str = "smithy.api#pattern";
/// `smithy.api#uniqueItems`
pub const UNIQUE_ITEMS: &str = "smithy.api#uniqueItems";
/// `smithy.api#sparse`
pub const SPARSE: &str = "smithy.api#sparse";
/// `smithy.api#mixin`
pub const MIXIN: &str = "smithy.api#mixin";
/// `smithy.api#unitType`
pub const UNIT_TYPE: &str = "smithy.api#unitType";
/// `smithy.api#streaming`
pub const STREAMING: &str = "smithy.api#streaming";
/// `smithy.api#paginated`
pub const PAGINATED: &str = "smithy.api#paginated";
/// `smithy.api#endpoint`
pub const ENDPOINT: &str = "smithy.api#endpoint";
/// `smithy.api#hostLabel`
pub const HOST_LABEL: &str = "smithy.api#hostLabel";
/// `smithy.api#requestCompression`
pub const REQUEST_COMPRESSION: &str = "smithy.api#requestCompression";
/// `smithy.api#idempotencyToken`
pub const IDEMPOTENCY_TOKEN: &str = "smithy.api#idempotencyToken";
/// `smithy.test#httpRequestTests`
pub const HTTP_REQUEST_TESTS: &str = "smithy.test#httpRequestTests";
/// `smithy.test#httpResponseTests`
pub const HTTP_RESPONSE_TESTS: &str = "smithy.test#httpResponseTests";
/// `aws.protocols#awsQueryCompatible`
pub const AWS_QUERY_COMPATIBLE: &str = "aws.protocols#awsQueryCompatible";
/// `aws.protocols#awsJson1_0`
pub const AWS_JSON_1_0: &str = "aws.protocols#awsJson1_0";
/// `aws.protocols#awsJson1_1`
pub const AWS_JSON_1_1: &str = "aws.protocols#awsJson1_1";
/// `aws.protocols#restJson1`
pub const REST_JSON_1: &str = "aws.protocols#restJson1";
/// `aws.protocols#awsQuery`
pub const AWS_QUERY: &str = "aws.protocols#awsQuery";
/// `aws.protocols#ec2Query`
pub const EC2_QUERY: &str = "aws.protocols#ec2Query";
/// `aws.protocols#restXml`
pub const REST_XML: &str = "aws.protocols#restXml";
/// `aws.protocols#httpChecksum`: the request and response checksums an operation supports.
pub const HTTP_CHECKSUM: &str = "aws.protocols#httpChecksum";
/// `aws.customizations#s3UnwrappedXmlOutput`: the output's one body member is the root element.
pub const S3_UNWRAPPED_XML_OUTPUT: &str = "aws.customizations#s3UnwrappedXmlOutput";
/// `aws.protocols#awsQueryError`: an error's code and HTTP status under awsQuery.
pub const AWS_QUERY_ERROR: &str = "aws.protocols#awsQueryError";
/// `aws.protocols#ec2QueryName`: a member's key in an ec2Query request.
pub const EC2_QUERY_NAME: &str = "aws.protocols#ec2QueryName";
/// `smithy.api#xmlName`
pub const XML_NAME: &str = "smithy.api#xmlName";
/// `smithy.api#xmlAttribute`
pub const XML_ATTRIBUTE: &str = "smithy.api#xmlAttribute";
/// `smithy.api#xmlFlattened`
pub const XML_FLATTENED: &str = "smithy.api#xmlFlattened";
/// `smithy.api#xmlNamespace`
pub const XML_NAMESPACE: &str = "smithy.api#xmlNamespace";
/// `smithy.api#httpChecksumRequired`
pub const HTTP_CHECKSUM_REQUIRED: &str = "smithy.api#httpChecksumRequired";
/// `smithy.api#title`
pub const TITLE: &str = "smithy.api#title";
/// `aws.api#service`
pub const AWS_SERVICE: &str = "aws.api#service";
/// `aws.auth#sigv4`
pub const SIGV4: &str = "aws.auth#sigv4";
/// `smithy.waiters#waitable`: the operation's waiters, by name.
pub const WAITABLE: &str = "smithy.waiters#waitable";
/// `smithy.rules#endpointRuleSet`: how a client finds the service's endpoint.
pub const ENDPOINT_RULE_SET: &str = "smithy.rules#endpointRuleSet";
/// `smithy.rules#endpointTests`: the cases an endpoint resolver must pass.
pub const ENDPOINT_TESTS: &str = "smithy.rules#endpointTests";

/// Traits that would change the wire format in ways this generator cannot honour yet; a shape in
/// the generated closure that carries one is an error rather than silently wrong code.
pub const UNSUPPORTED: &[(&str, &str)] = &[
    (STREAMING, "streaming blobs and event streams are not generated"),
    ("smithy.api#eventHeader", "event streams are not generated"),
    ("smithy.api#eventPayload", "event streams are not generated"),
];

/// The constraint traits `validate()` checks.
pub const CONSTRAINTS: &[&str] = &[LENGTH, RANGE, PATTERN, UNIQUE_ITEMS];

/// The properties of the object-valued traits this generator reads, as Smithy defines them.
/// Another property is tolerated (a newer Smithy, or a service's extension, may add one) and
/// reported as a warning; a constraint trait with one is not checked, as the property may
/// change what it means (`@length(max: 8192, unit: "bytes")` on a map counts bytes, not entries).
const KNOWN_PROPERTIES: &[(&str, &[&str])] = &[
    (LENGTH, &["min", "max"]),
    (RANGE, &["min", "max"]),
    (DEPRECATED, &["message", "since"]),
    (PAGINATED, &["inputToken", "outputToken", "items", "pageSize"]),
    (ENDPOINT, &["hostPrefix"]),
    (REQUEST_COMPRESSION, &["encodings"]),
    (http::HTTP, &["method", "uri", "code"]),
    (RETRYABLE, &["throttling"]),
    (AWS_QUERY_ERROR, &["code", "httpResponseCode"]),
    (XML_NAMESPACE, &["uri", "prefix"]),
    (HTTP_CHECKSUM, &["requestAlgorithmMember", "requestChecksumRequired", "requestValidationModeMember", "responseAlgorithms"]),
];

/// The properties of known object-valued traits that this generator does not know, by trait,
/// in the model's order.
pub fn unknown_properties(traits: &Traits) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    for (trait_id, known) in KNOWN_PROPERTIES {
        if let Some(fields) = traits.get(*trait_id).and_then(Json::as_object) {
            out.extend(fields.iter().filter(|(k, _)| !known.contains(&k.as_str())).map(|(k, _)| (*trait_id, k.clone())));
        }
    }
    out
}

/// True when the trait is present.
pub fn has(traits: &Traits, id: &str) -> bool {
    traits.contains_key(id)
}


/// An `enumValue`: a string for an `enum`'s member, an integer for an `intEnum`'s.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EnumValue {
    /// A string enum's value.
    String(String),
    /// An intEnum's value.
    Int(i32),
}

/// Every trait of one shape or member that the generator reads, typed. Presence-only traits
/// (`@required`, `@sensitive`, `@sparse`, ...) are read with [`has`], which needs no parsing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Parsed {
    /// `@documentation`.
    pub documentation: Option<String>,
    /// `@error`.
    pub error: Option<Fault>,
    /// `@httpError`.
    pub http_error: Option<u16>,
    /// `@retryable`: `Some(true)` when it says the error is throttling.
    pub retryable: Option<bool>,
    /// `@deprecated`.
    pub deprecated: Option<Deprecated>,
    /// `@timestampFormat`.
    pub timestamp_format: Option<TimestampFormat>,
    /// `@length`.
    pub length: Option<Length>,
    /// `@range`.
    pub range: Option<Range>,
    /// `@pattern`.
    pub pattern: Option<String>,
    /// The Smithy 1.0 `@enum` trait.
    pub legacy_enum: Option<Vec<LegacyEnumValue>>,
    /// `@enumValue`, read by the kind of enum the member belongs to (set by `validate`).
    pub enum_value: Option<EnumValue>,
    /// `@endpoint`'s host prefix.
    pub host_prefix: Option<Vec<HostPrefixPart>>,
    /// `@requestCompression` lists gzip.
    pub gzip: bool,
    /// `@paginated`, as written here (an operation completes it with its service's).
    pub paginated: Option<Paginated>,
    /// `aws.auth#sigv4`'s signing name.
    pub sigv4_name: Option<String>,
    /// `aws.api#service`'s `sdkId`.
    pub sdk_id: Option<String>,
    /// `aws.api#service` `endpointPrefix`.
    pub endpoint_prefix: Option<String>,
    /// `@title`.
    pub title: Option<String>,
    /// `@http`.
    pub http: Option<HttpTrait>,
    /// `@httpHeader`: the header name.
    pub http_header: Option<String>,
    /// `@httpPrefixHeaders`: the prefix (possibly empty).
    pub http_prefix_headers: Option<String>,
    /// `@httpQuery`: the parameter name.
    pub http_query: Option<String>,
    /// `@jsonName`.
    pub json_name: Option<String>,
    /// `@mediaType`.
    pub media_type: Option<String>,
    /// `@xmlName`.
    pub xml_name: Option<String>,
    /// `@xmlNamespace`.
    pub xml_namespace: Option<XmlNamespace>,
    /// `aws.protocols#ec2QueryName`.
    pub ec2_query_name: Option<String>,
    /// `aws.protocols#awsQueryError`: the code.
    pub aws_query_error: Option<String>,
    /// `smithy.waiters#waitable`: the names of the operation's waiters, sorted.
    pub waiters: Vec<String>,
    /// `smithy.rules#endpointRuleSet`, summarised.
    pub endpoint_rules: Option<EndpointRules>,
    /// `smithy.rules#endpointTests`, summarised.
    pub endpoint_tests: Option<EndpointTests>,
    /// Properties of known traits this generator does not know.
    pub unknown_properties: Vec<(&'static str, String)>,
}

impl Parsed {
    /// True when a constraint trait has a property this generator does not know, so
    /// `validate()` leaves it unchecked.
    pub fn has_unknown_properties(&self, trait_id: &str) -> bool {
        self.unknown_properties.iter().any(|(id, _)| *id == trait_id)
    }
}

/// Reads every trait the generator understands; a malformed value is reported and left unset.
pub fn parse(traits: &Traits) -> (Parsed, Vec<ErrorKind>) {
    fn take<T>(errors: &mut Vec<ErrorKind>, result: Result<Option<T>, ErrorKind>) -> Option<T> {
        result.unwrap_or_else(|kind| {
            errors.push(kind);
            None
        })
    }
    let mut errors = Vec::new();
    let e = &mut errors;
    let owned = |v: Option<&str>| v.map(str::to_owned);
    let mut parsed = Parsed {
        documentation: take(e, documentation(traits).map(owned)),
        error: take(e, error(traits)),
        http_error: take(e, http_error(traits)),
        retryable: take(e, retryable(traits)),
        deprecated: take(e, deprecated(traits)),
        timestamp_format: take(e, timestamp_format(traits)),
        length: take(e, length(traits)),
        range: take(e, range(traits)),
        pattern: take(e, pattern(traits).map(owned)),
        legacy_enum: take(e, legacy_enum(traits)),
        enum_value: None,
        host_prefix: take(e, host_prefix(traits)),
        gzip: false,
        paginated: take(e, paginated(traits)),
        sigv4_name: take(e, sigv4_name(traits).map(owned)),
        sdk_id: take(e, sdk_id(traits).map(owned)),
        endpoint_prefix: take(e, endpoint_prefix(traits).map(owned)),
        title: take(e, http::string_value(traits, TITLE, true).map(owned)),
        http: take(e, http::http(traits)),
        http_header: take(e, http::string_value(traits, http::HTTP_HEADER, false).map(owned)),
        http_prefix_headers: take(e, http::string_value(traits, http::HTTP_PREFIX_HEADERS, true).map(owned)),
        http_query: take(e, http::string_value(traits, http::HTTP_QUERY, false).map(owned)),
        json_name: take(e, http::string_value(traits, http::JSON_NAME, false).map(owned)),
        media_type: take(e, http::string_value(traits, http::MEDIA_TYPE, false).map(owned)),
        xml_name: take(e, http::string_value(traits, XML_NAME, false).map(owned)),
        xml_namespace: take(e, xml_namespace(traits)),
        ec2_query_name: take(e, http::string_value(traits, EC2_QUERY_NAME, false).map(owned)),
        aws_query_error: take(e, aws_query_error(traits).map(owned)),
        waiters: take(e, waiters(traits)).unwrap_or_default(),
        endpoint_rules: take(e, endpoint_rules(traits)),
        endpoint_tests: take(e, endpoint_tests(traits)),
        unknown_properties: unknown_properties(traits),
    };
    match request_compression_gzip(traits) {
        Ok(gzip) => parsed.gzip = gzip,
        Err(kind) => errors.push(kind),
    }
    (parsed, errors)
}

/// The parsed traits of every shape and member `validate` read, by shape id or member path.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    entries: BTreeMap<String, Parsed>,
}

/// What a place without traits has.
static NONE: std::sync::LazyLock<Parsed> = std::sync::LazyLock::new(Parsed::default);

impl Table {
    /// Parses the traits at `path` (once: a second call keeps the first), returning the
    /// problems found.
    pub fn read(&mut self, path: &str, traits: &Traits) -> Vec<ErrorKind> {
        if self.entries.contains_key(path) {
            return Vec::new();
        }
        let (parsed, errors) = parse(traits);
        self.entries.insert(path.to_owned(), parsed);
        errors
    }

    /// The traits at `path`: a shape id (`ns#Shape`) or a member path (`ns#Shape$member`);
    /// nothing for a place that was not read.
    pub fn get(&self, path: &str) -> &Parsed {
        self.entries.get(path).unwrap_or(&NONE)
    }

    /// The traits at `path`, to complete (the `enumValue`, which depends on the enum's kind).
    pub fn get_mut(&mut self, path: &str) -> Option<&mut Parsed> {
        self.entries.get_mut(path)
    }
}
