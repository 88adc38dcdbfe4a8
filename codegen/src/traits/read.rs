//! The readers of each trait the generator understands: JSON values into typed ones, or an error
//! saying what is wrong with the value. `super::parse` runs them all, once per shape or member.

use super::*;
use crate::ast::Traits;
use crate::error::ErrorKind;
use crate::json::Json;

/// The `documentation` text, if any.
pub fn documentation(traits: &Traits) -> Result<Option<&str>, ErrorKind> {
    match traits.get(DOCUMENTATION) {
        None => Ok(None),
        Some(Json::String(s)) => Ok(Some(s)),
        Some(other) => Err(invalid(DOCUMENTATION, format!("expected a string, found {}", other.type_name()))),
    }
}

/// Which side of the call an error blames.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// `client`
    Client,
    /// `server`
    Server,
}

/// The `error` trait.
pub fn error(traits: &Traits) -> Result<Option<Fault>, ErrorKind> {
    match traits.get(ERROR) {
        None => Ok(None),
        Some(Json::String(s)) if s == "client" => Ok(Some(Fault::Client)),
        Some(Json::String(s)) if s == "server" => Ok(Some(Fault::Server)),
        Some(other) => Err(invalid(ERROR, format!("expected \"client\" or \"server\", found {other}"))),
    }
}

/// The `httpError` status code.
pub fn http_error(traits: &Traits) -> Result<Option<u16>, ErrorKind> {
    match traits.get(HTTP_ERROR) {
        None => Ok(None),
        Some(Json::Number(n)) => match n.as_u64().and_then(|c| u16::try_from(c).ok()) {
            Some(code) if (200..=599).contains(&code) => Ok(Some(code)),
            _ => Err(invalid(HTTP_ERROR, format!("expected an HTTP status code from 200 to 599, found {n}"))),
        },
        Some(other) => Err(invalid(HTTP_ERROR, format!("expected an integer, found {}", other.type_name()))),
    }
}

/// The `retryable` trait: `Some(throttling)`, its `throttling` property (false when absent).
pub fn retryable(traits: &Traits) -> Result<Option<bool>, ErrorKind> {
    match traits.get(RETRYABLE) {
        None => Ok(None),
        Some(value @ Json::Object(_)) => match value.get("throttling") {
            None => Ok(Some(false)),
            Some(Json::Bool(throttling)) => Ok(Some(*throttling)),
            Some(other) => Err(invalid(RETRYABLE, format!("expected `throttling` to be a boolean, found {}", other.type_name()))),
        },
        Some(other) => Err(invalid(RETRYABLE, format!("expected an object, found {}", other.type_name()))),
    }
}

/// `@xmlNamespace`: the namespace URI, and the prefix it is bound to (none: the default namespace).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct XmlNamespace {
    /// The namespace URI.
    pub uri: String,
    /// The prefix, when the namespace is not the default one.
    pub prefix: Option<String>,
}

/// `@xmlNamespace`.
pub fn xml_namespace(traits: &Traits) -> Result<Option<XmlNamespace>, ErrorKind> {
    let Some(value) = traits.get(XML_NAMESPACE) else {
        return Ok(None);
    };
    let uri = match value.get("uri") {
        Some(Json::String(uri)) if !uri.is_empty() => uri.clone(),
        _ => return Err(invalid(XML_NAMESPACE, "expected an object with a non-empty string `uri`".into())),
    };
    let prefix = match value.get("prefix") {
        None => None,
        Some(Json::String(p)) if !p.is_empty() && !p.contains(':') => Some(p.clone()),
        Some(other) => return Err(invalid(XML_NAMESPACE, format!("expected `prefix` to be a name without `:`, found {other}"))),
    };
    Ok(Some(XmlNamespace { uri, prefix }))
}

/// `aws.protocols#awsQueryError`'s code.
pub fn aws_query_error(traits: &Traits) -> Result<Option<&str>, ErrorKind> {
    let Some(value) = traits.get(AWS_QUERY_ERROR) else {
        return Ok(None);
    };
    match value.get("code") {
        Some(Json::String(code)) if !code.is_empty() => Ok(Some(code)),
        _ => Err(invalid(AWS_QUERY_ERROR, "expected an object with a non-empty string `code`".into())),
    }
}

/// Why a shape or member is deprecated.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Deprecated {
    /// The explanation.
    pub message: Option<String>,
    /// Since when.
    pub since: Option<String>,
}

/// The `deprecated` trait.
pub fn deprecated(traits: &Traits) -> Result<Option<Deprecated>, ErrorKind> {
    let Some(value) = traits.get(DEPRECATED) else {
        return Ok(None);
    };
    let Some(fields) = value.as_object() else {
        return Err(invalid(DEPRECATED, format!("expected an object, found {}", value.type_name())));
    };
    let mut out = Deprecated::default();
    for (key, value) in fields {
        let slot = match key.as_str() {
            "message" => &mut out.message,
            "since" => &mut out.since,
            _ => continue,
        };
        *slot = Some(value.as_str().ok_or_else(|| invalid(DEPRECATED, format!("`{key}` must be a string")))?.to_owned());
    }
    Ok(Some(out))
}

/// A `timestampFormat` value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TimestampFormat {
    /// `epoch-seconds`
    EpochSeconds,
    /// `date-time` (RFC 3339)
    DateTime,
    /// `http-date` (RFC 7231 IMF-fixdate)
    HttpDate,
}

impl TimestampFormat {
    /// The name the model gives it, such as `epoch-seconds`.
    pub fn as_str(self) -> &'static str {
        match self {
            TimestampFormat::EpochSeconds => "epoch-seconds",
            TimestampFormat::DateTime => "date-time",
            TimestampFormat::HttpDate => "http-date",
        }
    }
}

/// The `timestampFormat` trait.
pub fn timestamp_format(traits: &Traits) -> Result<Option<TimestampFormat>, ErrorKind> {
    match traits.get(TIMESTAMP_FORMAT) {
        None => Ok(None),
        Some(Json::String(s)) => match s.as_str() {
            "epoch-seconds" => Ok(Some(TimestampFormat::EpochSeconds)),
            "date-time" => Ok(Some(TimestampFormat::DateTime)),
            "http-date" => Ok(Some(TimestampFormat::HttpDate)),
            other => Err(invalid(
                TIMESTAMP_FORMAT,
                format!("expected \"epoch-seconds\", \"date-time\" or \"http-date\", found {other:?}"),
            )),
        },
        Some(other) => Err(invalid(TIMESTAMP_FORMAT, format!("expected a string, found {}", other.type_name()))),
    }
}

/// A `length` constraint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Length {
    /// Inclusive minimum.
    pub min: Option<u64>,
    /// Inclusive maximum.
    pub max: Option<u64>,
}

/// The `length` trait.
pub fn length(traits: &Traits) -> Result<Option<Length>, ErrorKind> {
    let Some(value) = traits.get(LENGTH) else {
        return Ok(None);
    };
    let Some(fields) = value.as_object() else {
        return Err(invalid(LENGTH, format!("expected an object, found {}", value.type_name())));
    };
    let mut out = Length { min: None, max: None };
    for (key, value) in fields {
        let slot = match key.as_str() {
            "min" => &mut out.min,
            "max" => &mut out.max,
            _ => continue, // see `unknown_properties`
        };
        *slot = Some(
            value
                .as_number()
                .and_then(serde_json::Number::as_u64)
                .ok_or_else(|| invalid(LENGTH, format!("`{key}` must be a non-negative integer, found {value}")))?,
        );
    }
    if out.min.is_none() && out.max.is_none() {
        return Err(invalid(LENGTH, "at least one of `min` and `max` is required".into()));
    }
    if let (Some(min), Some(max)) = (out.min, out.max)
        && min > max
    {
        return Err(invalid(LENGTH, format!("min {min} is greater than max {max}")));
    }
    Ok(Some(out))
}

/// A `range` constraint, bounds kept as the model's decimal text so nothing is rounded.
#[derive(Clone, Debug, PartialEq)]
pub struct Range {
    /// Inclusive minimum.
    pub min: Option<serde_json::Number>,
    /// Inclusive maximum.
    pub max: Option<serde_json::Number>,
}

/// The `range` trait.
pub fn range(traits: &Traits) -> Result<Option<Range>, ErrorKind> {
    let Some(value) = traits.get(RANGE) else {
        return Ok(None);
    };
    let Some(fields) = value.as_object() else {
        return Err(invalid(RANGE, format!("expected an object, found {}", value.type_name())));
    };
    let mut out = Range { min: None, max: None };
    for (key, value) in fields {
        let slot = match key.as_str() {
            "min" => &mut out.min,
            "max" => &mut out.max,
            _ => continue, // see `unknown_properties`
        };
        *slot = Some(value.as_number().cloned().ok_or_else(|| invalid(RANGE, format!("`{key}` must be a number, found {value}")))?);
    }
    if out.min.is_none() && out.max.is_none() {
        return Err(invalid(RANGE, "at least one of `min` and `max` is required".into()));
    }
    if let (Some(min), Some(max)) = (&out.min, &out.max)
        && min.as_f64().zip(max.as_f64()).is_some_and(|(a, b)| a > b)
    {
        return Err(invalid(RANGE, format!("min {min} is greater than max {max}")));
    }
    Ok(Some(out))
}

/// The `pattern` trait.
pub fn pattern(traits: &Traits) -> Result<Option<&str>, ErrorKind> {
    match traits.get(PATTERN) {
        None => Ok(None),
        Some(Json::String(s)) => Ok(Some(s)),
        Some(other) => Err(invalid(PATTERN, format!("expected a string, found {}", other.type_name()))),
    }
}

/// The `enumValue` of a member of an `enum` shape.
pub fn enum_value_string(traits: &Traits) -> Result<Option<&str>, ErrorKind> {
    match traits.get(ENUM_VALUE) {
        None => Ok(None),
        Some(Json::String(s)) if !s.is_empty() => Ok(Some(s)),
        Some(other) => Err(invalid(ENUM_VALUE, format!("expected a non-empty string, found {other}"))),
    }
}

/// The `enumValue` of a member of an `intEnum` shape.
pub fn enum_value_int(traits: &Traits) -> Result<Option<i32>, ErrorKind> {
    match traits.get(ENUM_VALUE) {
        None => Ok(None),
        Some(Json::Number(n)) => n
            .as_i64()
            .and_then(|v| i32::try_from(v).ok())
            .map(Some)
            .ok_or_else(|| invalid(ENUM_VALUE, format!("expected a 32-bit integer, found {n}"))),
        Some(other) => Err(invalid(ENUM_VALUE, format!("expected an integer, found {}", other.type_name()))),
    }
}

/// One entry of the Smithy 1.0 `enum` trait.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LegacyEnumValue {
    /// The wire value.
    pub value: String,
    /// The optional symbolic name.
    pub name: Option<String>,
    /// Its documentation.
    pub documentation: Option<String>,
}

/// The Smithy 1.0 `enum` trait on a string shape.
pub fn legacy_enum(traits: &Traits) -> Result<Option<Vec<LegacyEnumValue>>, ErrorKind> {
    let Some(value) = traits.get(ENUM) else {
        return Ok(None);
    };
    let Some(items) = value.as_array() else {
        return Err(invalid(ENUM, format!("expected an array, found {}", value.type_name())));
    };
    let mut out = Vec::new();
    for item in items {
        let text = |key: &str| -> Result<Option<String>, ErrorKind> {
            match item.get(key) {
                None => Ok(None),
                Some(Json::String(s)) => Ok(Some(s.clone())),
                Some(other) => Err(invalid(ENUM, format!("`{key}` must be a string, found {}", other.type_name()))),
            }
        };
        let value = text("value")?.ok_or_else(|| invalid(ENUM, "every entry needs a `value`".into()))?;
        if value.is_empty() {
            return Err(invalid(ENUM, "every `value` must be a non-empty string".into()));
        }
        let name = text("name")?;
        // Smithy 1.0: `^[a-zA-Z_]+[a-zA-Z_0-9]*$`.
        if let Some(name) = &name
            && !(name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        {
            return Err(invalid(ENUM, format!("the name {name:?} of the value {value:?} is not a valid enum name")));
        }
        out.push(LegacyEnumValue { value, name, documentation: text("documentation")? });
    }
    if out.is_empty() {
        return Err(invalid(ENUM, "expected at least one value".into()));
    }
    Ok(Some(out))
}

/// The `name` of the `aws.auth#sigv4` trait.
pub fn sigv4_name(traits: &Traits) -> Result<Option<&str>, ErrorKind> {
    let Some(value) = traits.get(SIGV4) else {
        return Ok(None);
    };
    match value.get("name") {
        Some(Json::String(s)) if !s.is_empty() => Ok(Some(s)),
        _ => Err(invalid(SIGV4, "expected an object with a non-empty string `name`".into())),
    }
}

/// The `sdkId` of the `aws.api#service` trait.
pub fn sdk_id(traits: &Traits) -> Result<Option<&str>, ErrorKind> {
    let Some(value) = traits.get(AWS_SERVICE) else {
        return Ok(None);
    };
    match value.get("sdkId") {
        Some(Json::String(s)) if !s.is_empty() => Ok(Some(s)),
        _ => Err(invalid(AWS_SERVICE, "expected an object with a non-empty string `sdkId`".into())),
    }
}

/// `aws.api#service` `endpointPrefix`, when given.
pub fn endpoint_prefix(traits: &Traits) -> Result<Option<&str>, ErrorKind> {
    match traits.get(AWS_SERVICE).and_then(|value| value.get("endpointPrefix")) {
        None => Ok(None),
        Some(Json::String(s)) if !s.is_empty() => Ok(Some(s)),
        Some(other) => {
            Err(invalid(AWS_SERVICE, format!("expected `endpointPrefix` to be a non-empty string, found {}", other.type_name())))
        }
    }
}

/// The names of an operation's waiters, sorted.
pub fn waiters(traits: &Traits) -> Result<Option<Vec<String>>, ErrorKind> {
    let Some(value) = traits.get(WAITABLE) else {
        return Ok(None);
    };
    let Some(entries) = value.as_object() else {
        return Err(invalid(WAITABLE, format!("expected an object of waiters by name, found {}", value.type_name())));
    };
    let mut names: Vec<String> = entries.iter().map(|(name, _)| name.clone()).collect();
    names.sort();
    Ok(Some(names))
}

/// What the API report needs of a service's endpoint rule set: a digest of its rules and its
/// parameters, each described in one line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndpointRules {
    /// FNV-1a (64 bits) of the compact JSON text of the rule set's `version` and `rules`, in hex.
    pub digest: String,
    /// Each parameter by name: its type (in lower case: older models write `String`, newer
    /// `string`, which mean the same), built-in, whether it is required, and its default.
    pub parameters: Vec<(String, String)>,
}

/// The endpoint rule set, summarised.
pub fn endpoint_rules(traits: &Traits) -> Result<Option<EndpointRules>, ErrorKind> {
    let Some(value) = traits.get(ENDPOINT_RULE_SET) else {
        return Ok(None);
    };
    if value.as_object().is_none() {
        return Err(invalid(ENDPOINT_RULE_SET, format!("expected an object, found {}", value.type_name())));
    }
    let mut parameters = Vec::new();
    if let Some(params) = value.get("parameters").and_then(Json::as_object) {
        for (name, param) in params {
            let mut text = param.get("type").and_then(Json::as_str).unwrap_or("?").to_ascii_lowercase();
            if let Some(built_in) = param.get("builtIn").and_then(Json::as_str) {
                text.push_str(&format!(", built-in {built_in}"));
            }
            if param.get("required").and_then(Json::as_bool) == Some(true) {
                text.push_str(", required");
            }
            if let Some(default) = param.get("default") {
                text.push_str(&format!(", default {default}"));
            }
            parameters.push((name.clone(), text));
        }
    }
    parameters.sort();
    let part = |key: &str| value.get(key).map(|v| sorted_keys(v).to_string()).unwrap_or_default();
    let digest = crate::api::digest(&format!("{}\n{}", part("version"), part("rules")));
    Ok(Some(EndpointRules { digest, parameters }))
}

/// `value` with the keys of every object sorted: the order of an object's keys means nothing
/// in the rules or their tests, so it must not change a digest.
fn sorted_keys(value: &Json) -> Json {
    match value {
        Json::Object(entries) => {
            let mut entries: Vec<(String, Json)> = entries.iter().map(|(k, v)| (k.clone(), sorted_keys(v))).collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Json::Object(entries)
        }
        Json::Array(items) => Json::Array(items.iter().map(sorted_keys).collect()),
        other => other.clone(),
    }
}

/// What the API report needs of a service's endpoint tests: how many there are and a digest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndpointTests {
    /// The number of test cases.
    pub cases: usize,
    /// FNV-1a (64 bits) of the cases' compact JSON text, in hex.
    pub digest: String,
}

/// The endpoint tests, summarised.
pub fn endpoint_tests(traits: &Traits) -> Result<Option<EndpointTests>, ErrorKind> {
    let Some(value) = traits.get(ENDPOINT_TESTS) else {
        return Ok(None);
    };
    let Some(cases) = value.get("testCases").and_then(Json::as_array) else {
        return Err(invalid(ENDPOINT_TESTS, "expected an object with an array `testCases`".to_owned()));
    };
    let text: Vec<String> = cases.iter().map(|c| sorted_keys(c).to_string()).collect();
    Ok(Some(EndpointTests { cases: cases.len(), digest: crate::api::digest(&text.join("\n")) }))
}

/// One piece of an `@endpoint` host prefix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostPrefixPart {
    /// Text copied as is.
    Literal(String),
    /// `{name}`: the value of the input member `name`, which has `@hostLabel`.
    Label(String),
}

/// The `hostPrefix` of the `endpoint` trait, split into literal text and `{label}`s.
pub fn host_prefix(traits: &Traits) -> Result<Option<Vec<HostPrefixPart>>, ErrorKind> {
    let Some(value) = traits.get(ENDPOINT) else {
        return Ok(None);
    };
    let Some(prefix) = value.get("hostPrefix").and_then(Json::as_str) else {
        return Err(invalid(ENDPOINT, "expected an object with a string `hostPrefix`".into()));
    };
    let mut parts = Vec::new();
    let mut rest = prefix;
    while !rest.is_empty() {
        match rest.find('{') {
            Some(0) => {
                let Some(end) = rest.find('}') else {
                    return Err(invalid(ENDPOINT, format!("unclosed `{{` in hostPrefix {prefix:?}")));
                };
                let label = rest.get(1..end).unwrap_or_default();
                if !crate::ast::is_identifier(label) {
                    return Err(invalid(ENDPOINT, format!("`{{{label}}}` in hostPrefix {prefix:?} is not a member name")));
                }
                parts.push(HostPrefixPart::Label(label.to_owned()));
                rest = rest.get(end.saturating_add(1)..).unwrap_or_default();
            }
            Some(at) => {
                parts.push(HostPrefixPart::Literal(rest.get(..at).unwrap_or_default().to_owned()));
                rest = rest.get(at..).unwrap_or_default();
            }
            None => {
                parts.push(HostPrefixPart::Literal(rest.to_owned()));
                rest = "";
            }
        }
    }
    let valid = parts.iter().all(|p| match p {
        HostPrefixPart::Literal(text) => text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.'),
        HostPrefixPart::Label(_) => true,
    });
    if !valid {
        return Err(invalid(ENDPOINT, format!("hostPrefix {prefix:?} has characters a host name cannot have")));
    }
    Ok(Some(parts))
}

/// Whether `@requestCompression` lists gzip, the one encoding this generator writes. Other
/// encodings are ignored: the trait lists what the service accepts, and a client may use any.
pub fn request_compression_gzip(traits: &Traits) -> Result<bool, ErrorKind> {
    let Some(value) = traits.get(REQUEST_COMPRESSION) else {
        return Ok(false);
    };
    let Some(encodings) = value.get("encodings").and_then(Json::as_array) else {
        return Err(invalid(REQUEST_COMPRESSION, "expected an object with an `encodings` array".into()));
    };
    let mut gzip = false;
    for encoding in encodings {
        match encoding.as_str() {
            Some(e) => gzip |= e.eq_ignore_ascii_case("gzip"),
            None => return Err(invalid(REQUEST_COMPRESSION, "encodings must be strings".into())),
        }
    }
    Ok(gzip)
}

/// The `paginated` trait's member names (paths, for nested outputs).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Paginated {
    /// Input member that takes the token.
    pub input_token: Option<String>,
    /// Output member (or path) that holds the next token.
    pub output_token: Option<String>,
    /// Output member (or path) with the page's items.
    pub items: Option<String>,
    /// Input member that limits the page size.
    pub page_size: Option<String>,
}

/// A `paginated` trait as it is written (an operation's, or a service's defaults).
pub fn paginated(traits: &Traits) -> Result<Option<Paginated>, ErrorKind> {
    let Some(value) = traits.get(PAGINATED) else {
        return Ok(None);
    };
    let read = |key: &str| -> Result<Option<String>, ErrorKind> {
        match value.get(key) {
            None => Ok(None),
            Some(Json::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(invalid(PAGINATED, format!("`{key}` must be a string, found {other}"))),
        }
    };
    Ok(Some(Paginated {
        input_token: read("inputToken")?,
        output_token: read("outputToken")?,
        items: read("items")?,
        page_size: read("pageSize")?,
    }))
}

impl Paginated {
    /// This operation's pagination, each member it leaves out taken from the service's
    /// defaults (Smithy lets a service give them for every operation).
    pub fn or(&self, defaults: Option<&Paginated>) -> Paginated {
        let pick = |own: &Option<String>, default: Option<&Option<String>>| own.clone().or_else(|| default.cloned().flatten());
        Paginated {
            input_token: pick(&self.input_token, defaults.map(|d| &d.input_token)),
            output_token: pick(&self.output_token, defaults.map(|d| &d.output_token)),
            items: pick(&self.items, defaults.map(|d| &d.items)),
            page_size: pick(&self.page_size, defaults.map(|d| &d.page_size)),
        }
    }
}

pub(super) fn invalid(trait_id: &str, reason: String) -> ErrorKind {
    ErrorKind::InvalidTraitValue { trait_id: trait_id.to_owned(), reason }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn traits(value: &str) -> Traits {
        let value = Json::parse(value).unwrap_or_else(|e| panic!("{e}"));
        Traits::from([(RETRYABLE.to_owned(), value)])
    }

    #[test]
    fn retryable_reads_its_throttling_flag() {
        assert_eq!(retryable(&Traits::new()), Ok(None));
        assert_eq!(retryable(&traits("{}")), Ok(Some(false)));
        assert_eq!(retryable(&traits(r#"{"throttling": true}"#)), Ok(Some(true)));
        assert_eq!(retryable(&traits(r#"{"throttling": false}"#)), Ok(Some(false)));
        for (value, reason) in [
            (r#"{"throttling": "yes"}"#, "expected `throttling` to be a boolean, found a string"),
            ("true", "expected an object, found a boolean"),
        ] {
            let Err(ErrorKind::InvalidTraitValue { trait_id, reason: found }) = retryable(&traits(value)) else {
                panic!("{value} was accepted")
            };
            assert_eq!((trait_id.as_str(), found.as_str()), (RETRYABLE, reason));
        }
    }
}
