//! Stage 3 output (lower): the model resolved into an IR that speaks Rust.
//!
//! Every item carries its Rust name (decided by `names`) next to its wire name, types are
//! resolved down to Rust types, recursion is already boxed, and docs are lines. Emitters read
//! only this IR, never the AST.

pub use crate::traits::{Deprecated, EndpointRules, EndpointTests, Fault, TimestampFormat};

use crate::json::Json;

/// Index of a `TypeDef` in `Crate::defs`.
pub type DefId = usize;
/// Index of a `Collection` in `Crate::collections`.
pub type CollId = usize;

/// Everything the emitters need to write one crate.
#[derive(Clone, Debug, PartialEq)]
pub struct Crate {
    /// Cargo package name.
    pub package_name: String,
    /// Cargo package version.
    pub version: String,
    /// Where the model came from, for the `@generated` header.
    pub source: String,
    /// The crate is its own workspace.
    pub standalone: bool,
    /// The service.
    pub service: Service,
    /// Operations, sorted by name.
    pub operations: Vec<Operation>,
    /// Generated types: structures, unions, enums and intEnums.
    pub defs: Vec<TypeDef>,
    /// Lists and maps, which map to `Vec` and `BTreeMap` but get their own (de)serializers.
    pub collections: Vec<Collection>,
    /// Variants of the service-wide error enum: every modeled error, by its type, with the
    /// variant name.
    pub service_errors: Vec<OperationError>,
    /// The model's protocol compliance tests, when asked for.
    pub protocol_tests: Vec<ProtocolTest>,
    /// The service's operations left out, by name, with the reason (for the crate docs).
    pub skipped_operations: Vec<(String, String)>,
    /// Waiters left out (their JMESPath goes beyond what the crate evaluates): the operation's
    /// shape id, the waiter's name and the reason.
    pub skipped_waiters: Vec<(String, String, String)>,
    /// What the service's customisations change, one sentence each (for the crate docs).
    pub customisations: Vec<String>,
}

/// The service's protocol.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    /// `aws.protocols#awsJson1_0`
    AwsJson1_0,
    /// `aws.protocols#awsJson1_1`
    AwsJson1_1,
    /// `aws.protocols#restJson1`
    RestJson1,
    /// `aws.protocols#awsQuery`
    AwsQuery,
    /// `aws.protocols#ec2Query`
    Ec2Query,
    /// `aws.protocols#restXml`
    RestXml,
}

impl Protocol {
    /// The trait id.
    pub fn trait_id(self) -> &'static str {
        match self {
            Protocol::AwsJson1_0 => crate::traits::AWS_JSON_1_0,
            Protocol::AwsJson1_1 => crate::traits::AWS_JSON_1_1,
            Protocol::RestJson1 => crate::traits::REST_JSON_1,
            Protocol::AwsQuery => crate::traits::AWS_QUERY,
            Protocol::Ec2Query => crate::traits::EC2_QUERY,
            Protocol::RestXml => crate::traits::REST_XML,
        }
    }

    /// The name people know it by, such as `awsJson 1.1`.
    pub fn name(self) -> &'static str {
        match self {
            Protocol::AwsJson1_0 => "awsJson 1.0",
            Protocol::AwsJson1_1 => "awsJson 1.1",
            Protocol::RestJson1 => "restJson1",
            Protocol::AwsQuery => "awsQuery",
            Protocol::Ec2Query => "ec2Query",
            Protocol::RestXml => "restXml",
        }
    }

    /// True for the RPC protocols, whose operations are all `POST /` with every member in the
    /// body; false for those that bind members with the HTTP binding traits.
    pub fn is_rpc(self) -> bool {
        matches!(self, Protocol::AwsJson1_0 | Protocol::AwsJson1_1 | Protocol::AwsQuery | Protocol::Ec2Query)
    }

    /// True for the protocols whose bodies are XML (and whose requests, for the query
    /// protocols, are forms): their timestamps are date-times unless the model says otherwise.
    pub fn is_xml(self) -> bool {
        matches!(self, Protocol::AwsQuery | Protocol::Ec2Query | Protocol::RestXml)
    }

    /// True for awsQuery and ec2Query, whose requests are forms and whose responses are XML.
    pub fn is_query(self) -> bool {
        matches!(self, Protocol::AwsQuery | Protocol::Ec2Query)
    }
}

/// The service shape.
#[derive(Clone, Debug, PartialEq)]
pub struct Service {
    /// Smithy shape id.
    pub shape_id: String,
    /// Shape name, the prefix of `X-Amz-Target`.
    pub name: String,
    /// `smithy.api#title`, or the shape name.
    pub title: String,
    /// `aws.api#service` `sdkId`.
    pub sdk_id: Option<String>,
    /// `aws.auth#sigv4` signing name.
    pub signing_name: Option<String>,
    /// `aws.api#service` `endpointPrefix`.
    pub endpoint_prefix: Option<String>,
    /// API version.
    pub version: Option<String>,
    /// Protocol.
    pub protocol: Protocol,
    /// `@awsQueryCompatible`: requests say `x-amzn-query-mode: true`.
    pub query_compatible: bool,
    /// `@xmlNamespace` on the service: restXml's request bodies declare it on their root
    /// element when the input's own structure declares none.
    pub xml_namespace: Option<crate::traits::XmlNamespace>,
    /// `@restXml(noErrorWrapping: true)`: error responses are a bare `<Error>` element, not
    /// one inside `<ErrorResponse>` (S3).
    pub no_error_wrapping: bool,
    /// Documentation lines.
    pub docs: Vec<String>,
    /// `smithy.rules#endpointRuleSet`, summarised (for the API report).
    pub endpoint_rules: Option<EndpointRules>,
    /// `smithy.rules#endpointTests`, summarised (for the API report).
    pub endpoint_tests: Option<EndpointTests>,
    /// The endpoint rule set with its tests, checked, for the generated resolver.
    pub endpoint: Option<crate::rules::RuleSet>,
}

/// One operation.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// Smithy shape id.
    pub shape_id: String,
    /// Wire name (the shape name), as in `X-Amz-Target`.
    pub name: String,
    /// Module name under `operation`.
    pub module: String,
    /// Documentation lines.
    pub docs: Vec<String>,
    /// Deprecation, if any.
    pub deprecated: Option<Deprecated>,
    /// The synthesized input structure.
    pub input: DefId,
    /// The synthesized output structure.
    pub output: DefId,
    /// Name of the operation's error enum.
    pub error_name: String,
    /// Name of the internal function that parses the operation's responses.
    pub parse_fn: String,
    /// Modeled errors, in model order.
    pub errors: Vec<OperationError>,
    /// The `@endpoint` host prefix: literal text and input member indices.
    pub host_prefix: Option<Vec<HostPrefixPart>>,
    /// `@requestCompression` with gzip.
    pub gzip: bool,
    /// `@httpChecksumRequired`: requests carry `Content-MD5`.
    pub checksum_required: bool,
    /// `aws.protocols#httpChecksum`'s request side: requests carry a checksum of the body when
    /// the caller picks an algorithm, or when the operation requires one.
    pub request_checksum: Option<RequestChecksum>,
    /// A successful status whose body is an `<Error>` document is that error: a service
    /// customisation (S3's `CopyObject`, `CompleteMultipartUpload`...).
    pub error_on_success: bool,
    /// `aws.customizations#s3UnwrappedXmlOutput`: the response body's root element is the
    /// output's one body member itself, not an element holding it (S3's `GetBucketLocation`).
    pub unwrapped_output: bool,
    /// Headers every request sends, unless a member sets the same one: a service
    /// customisation (`lower::customise`), not the model.
    pub fixed_headers: Vec<(String, String)>,
    /// `@paginated`: how to page through results.
    pub pagination: Option<Pagination>,
    /// Method, URI pattern and success status (for RPC protocols, `POST /` and 200).
    pub http: Http,
    /// The names of its `smithy.waiters#waitable` waiters, sorted (for the API report).
    pub waiters: Vec<String>,
    /// Its waiters that are generated, in name order.
    pub waiter_specs: Vec<crate::waiters::Waiter>,
    /// Endpoint parameters the operation binds (`@contextParam` input members,
    /// `staticContextParams` and `operationContextParams`), by parameter name.
    pub endpoint_context: Vec<(String, EndpointContext)>,
    /// `operationContextParams` whose path does not parse, by parameter name, with the reason:
    /// left unbound, with a warning.
    pub unparsed_context_paths: Vec<(String, String)>,
}

/// Where an operation's endpoint parameter comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum EndpointContext {
    /// The input member at this index (`@contextParam`).
    Member(usize),
    /// This value (`staticContextParams`).
    Static(crate::rules::Value),
    /// The value of this JMESPath path into the input (`operationContextParams`).
    Path(crate::waiters::Expr),
}

/// How an operation's request is addressed, and what status its success has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Http {
    /// The method, such as `GET`.
    pub method: String,
    /// The path: literal text (already percent-encoded as the model writes it) and labels.
    pub path: Vec<UriPart>,
    /// Query literals of the URI pattern: key, and value when it has one.
    pub query: Vec<(String, Option<String>)>,
    /// The status of a successful response.
    pub code: u16,
}

/// One piece of a URI path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UriPart {
    /// Text copied as is.
    Literal(String),
    /// The value of the input member at this index; a greedy label keeps its slashes.
    Label {
        /// The member, by index in the input structure.
        member: usize,
        /// `{name+}`.
        greedy: bool,
    },
}

/// Where a member of an operation's input, output or error lives in the HTTP message (Smithy's
/// HTTP binding traits). Members of every other structure, and all members under an RPC
/// protocol, are in the body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Binding {
    /// A member of the body document, under `Member::json_key`.
    Body,
    /// `@httpLabel`: a segment of the URI path (greedy or not, as the pattern says).
    Label,
    /// `@httpQuery`: a query parameter of this name (repeated for lists).
    Query(String),
    /// `@httpQueryParams`: a map of query parameters.
    QueryParams,
    /// `@httpHeader`: a header of this name (lists as comma-separated values).
    Header(String),
    /// `@httpPrefixHeaders`: every header whose name starts with this prefix (a map).
    PrefixHeaders(String),
    /// `@httpPayload`: the whole body.
    Payload,
    /// `@httpResponseCode`: the response status.
    ResponseCode,
}

/// How a paginated operation pages, by wire names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pagination {
    /// Input member that takes the token.
    pub input_token: Option<String>,
    /// Output member (or path) that holds the next token.
    pub output_token: Option<String>,
    /// Output member (or path) with the page's items.
    pub items: Option<String>,
    /// Input member that limits the page size.
    pub page_size: Option<String>,
    /// When both tokens are top-level members of the same type: their indices in the input and
    /// output structures, for the generated `next_page`.
    pub next_page: Option<(usize, usize)>,
}

/// One piece of a host prefix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostPrefixPart {
    /// Text copied as is.
    Literal(String),
    /// The value of the input member at this index.
    Label(usize),
}

/// One modeled error of an operation.
#[derive(Clone, Debug, PartialEq)]
pub struct OperationError {
    /// The error structure.
    pub def: DefId,
    /// Variant name in the operation's error enum.
    pub variant: String,
}

/// Who needs a piece of generated code: no one, the crate's own tests alone (it is compiled
/// under `#[cfg(test)]`), or the library.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Needed {
    /// Not generated.
    #[default]
    No,
    /// Generated for the round-trip tests only.
    Tests,
    /// Generated into the library.
    Library,
}

impl Needed {
    /// The library needs it.
    pub fn library(self) -> bool {
        self == Needed::Library
    }

    /// Only the tests need it.
    pub fn tests_only(self) -> bool {
        self == Needed::Tests
    }

    /// Someone needs it.
    pub fn any(self) -> bool {
        self != Needed::No
    }

    /// With `test`, whether only the tests need it; without, whether the library does.
    pub fn at(self, test: bool) -> bool {
        if test { self.tests_only() } else { self.library() }
    }
}

/// Where a generated type lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Location {
    /// The shared `types` module.
    Types,
    /// An operation's own module (its input and output), by index in `Crate::operations`.
    Operation(usize),
}

/// A generated type.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeDef {
    /// Smithy shape id it comes from.
    pub shape_id: String,
    /// Rust type name.
    pub rust_name: String,
    /// Module it lives in.
    pub location: Location,
    /// Documentation lines.
    pub docs: Vec<String>,
    /// Deprecation, if any.
    pub deprecated: Option<Deprecated>,
    /// True when the whole shape is `@sensitive`: `Debug` redacts it.
    pub sensitive: bool,
    /// True when requests contain it (anywhere: in the body, the URI or the headers), so
    /// `validate()` checks it.
    pub in_request: bool,
    /// Who needs its JSON serializer: the library when request bodies contain it, the
    /// round-trip tests alone when it is read but never sent.
    pub ser: Needed,
    /// Who needs its deserializer: the library when responses contain it, the round-trip tests
    /// alone when it is sent but never read.
    pub de: Needed,
    /// Who needs its error-corrected empty value (a required member of a parsed structure).
    pub empty: Needed,
    /// Serializer function name.
    pub ser_fn: String,
    /// Deserializer function name.
    pub de_fn: String,
    /// Name of the function building the error-corrected empty value.
    pub empty_fn: String,
    /// Name of the function reading a modeled error from an error response.
    pub error_fn: String,
    /// The operations (indices into `Crate::operations`) whose input, output or errors reach it:
    /// the Cargo features that compile it.
    pub operations: Vec<usize>,
    /// Its root element's name in an XML body (restXml requests and payloads): its
    /// `@xmlName`, else its shape name.
    pub xml_name: String,
    /// `@xmlNamespace` on the shape, declared on its element where it is the body's root.
    pub xml_namespace: Option<crate::traits::XmlNamespace>,
    /// What kind of type.
    pub kind: DefKind,
}

/// The kinds of generated types.
#[derive(Clone, Debug, PartialEq)]
pub enum DefKind {
    /// A structure.
    Struct(Struct),
    /// A union.
    Union(Union),
    /// A string enum.
    Enum(Enum),
    /// An integer enum.
    IntEnum(IntEnum),
}

/// A structure.
#[derive(Clone, Debug, PartialEq)]
pub struct Struct {
    /// Members in model order.
    pub members: Vec<Member>,
    /// What the structure is for.
    pub role: StructRole,
    /// Name of its builder.
    pub builder: String,
}

impl Struct {
    /// True when `build()` can fail: some member is required and has no default.
    pub fn build_is_fallible(&self) -> bool {
        matches!(self.role, StructRole::Input) || self.members.iter().any(|m| m.presence == Presence::Required)
    }
}

/// What a structure is for.
#[derive(Clone, Debug, PartialEq)]
pub enum StructRole {
    /// Plain data.
    Plain,
    /// An operation input: every member is optional (Smithy's `@input` makes them
    /// `@clientOptional`), and `build()` reports unset `@required` members.
    Input,
    /// An operation output.
    Output,
    /// A modeled error.
    Error {
        /// Who is at fault.
        fault: Fault,
        /// The HTTP status code the model gives.
        status: u16,
        /// The wire code (the shape name).
        code: String,
        /// The member that holds the error message, if any (a string member named `message` in
        /// any case).
        message_member: Option<usize>,
        /// `@retryable`: whether to retry the call after this error, and how.
        retry: Option<Retry>,
    },
}

/// How a `@retryable` error is retried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Retry {
    /// `@retryable(throttling: true)`: the service asks the caller to slow down.
    Throttling,
    /// `@retryable`: a failure that may not happen again.
    Transient,
}

/// A structure member.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    /// The member's name in the model.
    pub name: String,
    /// Its key in a JSON body: the name, or its `@jsonName` where the protocol honours that.
    pub json_key: String,
    /// How the XML protocols name and place it.
    pub xml: XmlMember,
    /// Where it lives in the HTTP message.
    pub binding: Binding,
    /// Its `@mediaType`, when its target (a string or blob) has one.
    pub media_type: Option<String>,
    /// The format its timestamps (its own, or its list's items) take where its binding puts
    /// them; in a JSON body, `ty` says.
    pub timestamp_format: TimestampFormat,
    /// Smithy member path, for docs and errors.
    pub path: String,
    /// Rust field name.
    pub field: String,
    /// Builder setter name.
    pub setter: String,
    /// Builder setter that takes an `Option`.
    pub option_setter: String,
    /// Documentation lines.
    pub docs: Vec<String>,
    /// Resolved type.
    pub ty: Type,
    /// How absence is represented.
    pub presence: Presence,
    /// True when the member has `@required`, even if its type is an `Option` (inputs).
    pub required: bool,
    /// True when the member or its target is `@sensitive`.
    pub sensitive: bool,
    /// Deprecation, if any.
    pub deprecated: Option<Deprecated>,
    /// `@idempotencyToken`: a fresh token is sent when the caller leaves it unset.
    pub idempotency_token: bool,
    /// `@hostLabel`: the value goes into the host prefix and must be a valid host label.
    pub host_label: bool,
    /// For a string label a service customisation lets the caller leave unset: the text sent
    /// then (`lower::customise`).
    pub label_default: Option<String>,
    /// A response header whose value, when it cannot be read, reads as absent rather than
    /// failing the response: a service customisation (S3's `Expires`).
    pub lenient_header: bool,
    /// The constraints on the value.
    pub constraints: Constraints,
}

/// How the XML protocols (awsQuery, ec2Query, restXml) name and place a member or union variant.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct XmlMember {
    /// Its element (or attribute) name in an XML body: its `@xmlName`, else its name.
    pub name: String,
    /// `@xmlAttribute`: an attribute of its structure's element, not a child element.
    pub attribute: bool,
    /// `@xmlFlattened`: a list's items (a map's entries) are repeated elements of this name,
    /// with no wrapping element.
    pub flattened: bool,
    /// `@xmlNamespace` on the member.
    pub namespace: Option<crate::traits::XmlNamespace>,
    /// Its key in a query request: under awsQuery its XML name; under ec2Query its
    /// `@ec2QueryName`, else its XML name capitalised.
    pub query_key: String,
}

/// The request checksum of an operation with `aws.protocols#httpChecksum`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestChecksum {
    /// The input member (an index) that picks the algorithm (`requestAlgorithmMember`).
    pub algorithm_member: Option<usize>,
    /// `requestChecksumRequired`: a checksum (CRC32 unless one is picked) is always sent.
    pub required: bool,
}

/// How a member's absence is represented.
#[derive(Clone, Debug, PartialEq)]
pub enum Presence {
    /// `Option<T>`.
    Optional,
    /// `T`; a builder fails without it, a response without it is error-corrected.
    Required,
    /// `T`, filled with this default when absent.
    Default(DefaultValue),
}

/// A `@default` value, already checked against the member's type.
#[derive(Clone, Debug, PartialEq)]
pub enum DefaultValue {
    /// A boolean.
    Bool(bool),
    /// An integer of any width.
    Int(i64),
    /// A float or double.
    Float(f64),
    /// A string, or an enum value.
    String(String),
    /// An intEnum value.
    IntEnum(i32),
    /// Blob bytes (the model gives them in base64).
    Blob(Vec<u8>),
    /// Epoch seconds.
    Timestamp(i64),
    /// A bigInteger or bigDecimal literal.
    BigNumber(String),
    /// A document.
    Document(crate::json::Json),
    /// `[]`
    EmptyList,
    /// `{}`
    EmptyMap,
}

/// A union.
#[derive(Clone, Debug, PartialEq)]
pub struct Union {
    /// Variants in model order.
    pub variants: Vec<Variant>,
}

/// A union variant.
#[derive(Clone, Debug, PartialEq)]
pub struct Variant {
    /// The member's name in the model.
    pub name: String,
    /// Its key in a JSON body: the name, or its `@jsonName` where the protocol honours that.
    pub json_key: String,
    /// How the XML protocols name and place it.
    pub xml: XmlMember,
    /// Rust variant name.
    pub rust_name: String,
    /// Documentation lines.
    pub docs: Vec<String>,
    /// The value type, or `None` for `smithy.api#Unit`.
    pub ty: Option<Type>,
    /// True when the member or its target is `@sensitive`.
    pub sensitive: bool,
    /// Deprecation, if any.
    pub deprecated: Option<Deprecated>,
    /// The constraints on the value.
    pub constraints: Constraints,
}

/// A string enum.
#[derive(Clone, Debug, PartialEq)]
pub struct Enum {
    /// Variants in model order.
    pub variants: Vec<EnumVariant>,
}

/// A string enum variant.
#[derive(Clone, Debug, PartialEq)]
pub struct EnumVariant {
    /// Wire value.
    pub value: String,
    /// Rust variant name.
    pub rust_name: String,
    /// Documentation lines.
    pub docs: Vec<String>,
    /// Deprecation, if any.
    pub deprecated: Option<Deprecated>,
}

/// An integer enum.
#[derive(Clone, Debug, PartialEq)]
pub struct IntEnum {
    /// Variants in model order.
    pub variants: Vec<IntEnumVariant>,
}

/// An integer enum variant.
#[derive(Clone, Debug, PartialEq)]
pub struct IntEnumVariant {
    /// Wire value.
    pub value: i32,
    /// Rust variant name.
    pub rust_name: String,
    /// Documentation lines.
    pub docs: Vec<String>,
    /// Deprecation, if any.
    pub deprecated: Option<Deprecated>,
}

/// A list or map shape.
#[derive(Clone, Debug, PartialEq)]
pub struct Collection {
    /// Smithy shape id.
    pub shape_id: String,
    /// List or map, with element types.
    pub kind: CollectionKind,
    /// True when requests contain it, so `validate()` checks it.
    pub in_request: bool,
    /// Who needs its serializer.
    pub ser: Needed,
    /// Who needs its deserializer.
    pub de: Needed,
    /// Serializer function name.
    pub ser_fn: String,
    /// Deserializer function name.
    pub de_fn: String,
    /// The element names of its items in XML and query bodies: a list's member (`member`, or
    /// the member's `@xmlName`), a map's key and value (`key`, `value`, or theirs).
    pub xml_names: XmlCollectionNames,
    /// The constraints on each item (lists) or value (maps).
    pub item_constraints: Constraints,
    /// The constraints on each key (maps).
    pub key_constraints: Constraints,
    /// The operations (indices into `Crate::operations`) that reach it: the Cargo features that
    /// compile it.
    pub operations: Vec<usize>,
}

/// The element names of a list's items, or of a map's keys and values, in XML and query bodies.
#[derive(Clone, Debug, PartialEq)]
pub struct XmlCollectionNames {
    /// A list item's element: `member`, or the list member's `@xmlName`.
    pub item: String,
    /// A map key's element: `key`, or the key member's `@xmlName`.
    pub key: String,
    /// A map value's element: `value`, or the value member's `@xmlName`.
    pub value: String,
    /// `@xmlNamespace` on the list's member (declared on each item's element), or on the map's
    /// key and value members.
    pub namespaces: [Option<crate::traits::XmlNamespace>; 3],
}

impl Default for XmlCollectionNames {
    fn default() -> XmlCollectionNames {
        XmlCollectionNames { item: "member".to_owned(), key: "key".to_owned(), value: "value".to_owned(), namespaces: Default::default() }
    }
}

/// The constraint traits on a value: its member's, else its target's.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Constraints {
    /// `@length`: inclusive minimum and maximum, in the unit of the value's type.
    pub length: Option<(Option<u64>, Option<u64>)>,
    /// `@range`: inclusive minimum and maximum, as the model writes the numbers.
    pub range: Option<(Option<String>, Option<String>)>,
    /// `@pattern`, and its compiled program or why it is not checked.
    pub pattern: Option<PatternCheck>,
    /// `@uniqueItems`.
    pub unique_items: bool,
    /// Constraint traits present but not checked: they have a property this generator does not
    /// know.
    pub unchecked: Vec<&'static str>,
    /// Where each applied trait is written: its id and the shape or member path.
    pub sources: Vec<(&'static str, String)>,
}

impl Constraints {
    /// True when nothing would be checked.
    pub fn is_empty(&self) -> bool {
        self.length.is_none()
            && self.range.is_none()
            && self.pattern.as_ref().is_none_or(|p| p.program.is_err())
            && !self.unique_items
    }
}

/// A `@pattern`, compiled for the generated matcher.
#[derive(Clone, Debug, PartialEq)]
pub struct PatternCheck {
    /// The regular expression, as the model writes it.
    pub source: String,
    /// The program, or why the pattern is not checked.
    pub program: Result<Vec<crate::pattern::Inst>, crate::pattern::Unsupported>,
}

/// List or map.
#[derive(Clone, Debug, PartialEq)]
pub enum CollectionKind {
    /// A list: `Vec<T>`, or `Vec<Option<T>>` when sparse.
    List {
        /// Element type.
        member: Type,
        /// `@sparse`: elements may be null.
        sparse: bool,
    },
    /// A map: `BTreeMap<K, V>`, or `BTreeMap<K, Option<V>>` when sparse.
    Map {
        /// Key type: `String` or a string enum.
        key: Type,
        /// Value type.
        value: Type,
        /// `@sparse`: values may be null.
        sparse: bool,
    },
}

/// A resolved Rust type.
#[derive(Clone, Debug, PartialEq)]
pub enum Type {
    /// `bool`
    Bool,
    /// `i8`
    Byte,
    /// `i16`
    Short,
    /// `i32`
    Integer,
    /// `i64`
    Long,
    /// `f32`
    Float,
    /// `f64`
    Double,
    /// `String`
    String,
    /// `Vec<u8>`, base64 on the wire.
    Blob,
    /// `Timestamp`, in the given wire format.
    Timestamp(TimestampFormat),
    /// `Document`
    Document,
    /// `BigInteger`
    BigInteger,
    /// `BigDecimal`
    BigDecimal,
    /// A generated type, boxed when it closes a cycle.
    Def {
        /// The type.
        id: DefId,
        /// True when the reference is `Box`ed.
        boxed: bool,
    },
    /// A list or map.
    Collection(CollId),
}

/// One case of a Smithy protocol compliance test (`smithy.test#httpRequestTests` or
/// `smithy.test#httpResponseTests`).
#[derive(Clone, Debug, PartialEq)]
pub struct ProtocolTest {
    /// The case id.
    pub id: String,
    /// The test function name: the id in snake case.
    pub fn_name: String,
    /// The operation whose request is built or whose response is parsed.
    pub operation: usize,
    /// What is checked.
    pub kind: ProtocolTestKind,
}

/// A request case or a response case.
#[derive(Clone, Debug, PartialEq)]
pub enum ProtocolTestKind {
    /// Build the input from `params`, check the request.
    Request {
        /// The input.
        params: Value,
        /// Expected method.
        method: String,
        /// Expected path and query.
        uri: String,
        /// The endpoint host the client is configured with.
        host: Option<String>,
        /// The host the request must go to.
        resolved_host: Option<String>,
        /// Headers that must be present with these values.
        headers: Vec<(String, String)>,
        /// Headers that must be absent.
        forbid_headers: Vec<String>,
        /// Headers that must be present, whatever their value.
        require_headers: Vec<String>,
        /// Query parameters (`key=value` or `key`, percent-encoded) the query must hold.
        query_params: Vec<String>,
        /// Query keys that must be absent.
        forbid_query_params: Vec<String>,
        /// Query keys that must be present, whatever their value.
        require_query_params: Vec<String>,
        /// Expected body.
        body: Option<String>,
        /// How to compare the body: JSON values when this is a JSON media type.
        body_media_type: Option<String>,
        /// The client settings of the case's `vendorParams` (Smithy's `AwsConfig`), as the
        /// endpoint rules' built-ins they set (`AWS::Region`, `AWS::S3::ForcePathStyle`...):
        /// the request then goes to the endpoint the rules resolve.
        endpoint_settings: Vec<(String, crate::rules::Value)>,
    },
    /// Parse the response, compare with `expected`.
    Response {
        /// HTTP status.
        status: u16,
        /// Response headers.
        headers: Vec<(String, String)>,
        /// Response body.
        body: Option<String>,
        /// What parsing must give.
        expected: Expected,
    },
}

/// The expected result of parsing a response.
#[derive(Clone, Debug, PartialEq)]
pub enum Expected {
    /// The operation's output.
    Output(Value),
    /// One of the operation's modeled errors.
    Error {
        /// The variant of the operation's error enum.
        variant: String,
        /// The error's members.
        value: Value,
        /// The error code the client must expose, when the case says.
        code: Option<String>,
        /// The awsQuery error type the client must expose, when the case says.
        query_error_type: Option<String>,
    },
}

/// A value of the model, typed, as protocol test parameters give them.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// Absent.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer, with its Rust type.
    Int(i64, Type),
    /// A float or double (NaN and infinities included), with its Rust type.
    Float(f64, Type),
    /// A string.
    String(String),
    /// Blob bytes.
    Blob(Vec<u8>),
    /// A timestamp, as the model text gives it (epoch seconds or date-time).
    Timestamp(String),
    /// A bigInteger or bigDecimal, as text.
    BigNumber(String, Type),
    /// A document.
    Document(Json),
    /// An enum value.
    Enum(DefId, String),
    /// An intEnum value.
    IntEnum(DefId, i32),
    /// A structure: members by index.
    Struct(DefId, Vec<(usize, Value)>),
    /// A union: variant index and value (`None` for unit variants).
    Union(DefId, usize, Option<Box<Value>>),
    /// A list, and whether it is sparse (items are `Option`s).
    List(Vec<Value>, bool),
    /// A map: the key type, the entries, and whether it is sparse (values are `Option`s).
    Map(Type, Vec<(String, Value)>, bool),
}
