//! Errors for bad models, shared by every stage: one closed `ErrorKind` per rule, each tied to the
//! Smithy path of the place it concerns, so a message can be grepped in the model.

use std::fmt;

/// The protocol traits the generator speaks, as an error lists them.
const SUPPORTED: &str = "aws.protocols#awsJson1_0, aws.protocols#awsJson1_1, aws.protocols#restJson1, aws.protocols#awsQuery, aws.protocols#ec2Query or aws.protocols#restXml";

/// One problem found in a model.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Error {
    /// Where: a Smithy shape path (`ns#Shape`, `ns#Shape$member`), or a JSON location when the
    /// problem comes before shapes exist (`model`, `model.shapes`).
    pub path: String,
    /// What.
    pub kind: ErrorKind,
}

impl Error {
    /// An error at `path`.
    pub fn new(path: impl Into<String>, kind: ErrorKind) -> Error {
        Error { path: path.into(), kind }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.kind)
    }
}

impl std::error::Error for Error {}

/// Every rule a model can break, one variant each; the wording is user interface and is
/// snapshot-tested.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ErrorKind {
    /// The text is not JSON.
    InvalidJson {
        /// serde_json's message, with line and column.
        message: String,
    },
    /// A field of the JSON AST holds the wrong JSON type.
    WrongJsonType {
        /// The field.
        field: String,
        /// What the AST requires there.
        expected: &'static str,
        /// What the model has.
        found: &'static str,
    },
    /// A field the JSON AST requires is absent.
    MissingField {
        /// The field.
        field: &'static str,
    },
    /// The `smithy` version is not one this generator reads.
    UnsupportedVersion {
        /// The version found.
        found: String,
    },
    /// A shape id does not follow the Smithy syntax.
    InvalidShapeId {
        /// The text found.
        found: String,
    },
    /// A member name is not a Smithy identifier.
    InvalidMemberName {
        /// The text found.
        found: String,
    },
    /// A shape's `type` is not a Smithy shape type.
    UnknownShapeType {
        /// The type found.
        found: String,
    },
    /// A reference names a shape that does not exist.
    DanglingTarget {
        /// The missing shape.
        target: String,
    },
    /// A reference names a shape of the wrong type.
    WrongTargetType {
        /// What the reference is (`input`, `error`, `map key`, ...).
        role: &'static str,
        /// The shape referred to.
        target: String,
        /// The types allowed.
        expected: &'static str,
        /// The type found, with its article (`an integer`).
        found: &'static str,
    },
    /// A member that the shape type requires is missing or misnamed.
    WrongMembers {
        /// What the shape type requires.
        expected: &'static str,
    },
    /// An enum or intEnum without members.
    EmptyEnum,
    /// An error listed in `errors` lacks the `smithy.api#error` trait.
    ErrorWithoutErrorTrait {
        /// The error shape.
        target: String,
    },
    /// A trait's value does not match the trait's definition.
    InvalidTraitValue {
        /// The trait id.
        trait_id: String,
        /// What is wrong.
        reason: String,
    },
    /// A trait this generator knows changes the wire format in a way it does not support.
    UnsupportedTrait {
        /// The trait id.
        trait_id: String,
        /// Why it cannot be honoured.
        reason: &'static str,
    },
    /// A construct this generator does not support.
    Unsupported {
        /// What it is.
        what: String,
    },
    /// The model has no service shape to generate.
    NoService,
    /// The model has several services and none was chosen.
    AmbiguousService {
        /// The services found.
        services: Vec<String>,
    },
    /// The chosen service is not in the model.
    ServiceNotFound,
    /// The crate name asked for cannot name a Cargo package and a Rust library.
    InvalidCrateName {
        /// The name asked for.
        name: String,
        /// Which rule it breaks.
        reason: &'static str,
    },
    /// A requested operation is not one of the service's.
    OperationNotFound {
        /// The name asked for.
        name: String,
        /// The service's operations with the closest names, best first.
        suggestions: Vec<String>,
    },
    /// The service has no operation to generate: none at all, or only some the generator
    /// leaves out (each named by a warning).
    NoOperations {
        /// How many operations were left out.
        skipped: usize,
    },
    /// A requested operation is one the generator leaves out.
    OperationNotGenerated {
        /// The name asked for.
        name: String,
        /// Why it is left out.
        reason: String,
    },
    /// The service has no protocol trait this generator supports.
    NoProtocol {
        /// Protocol-like traits present on the service.
        found: Vec<String>,
    },
    /// A service speaking a query protocol has no `version`, which its requests must send.
    NoVersion {
        /// The protocol: `awsQuery` or `ec2Query`.
        protocol: &'static str,
    },
    /// Structures whose required members refer to each other in a loop, so no finite value exists.
    RequiredCycle {
        /// The loop, as member paths.
        cycle: Vec<String>,
    },
    /// Two things get the same Rust name.
    NameCollision {
        /// The Rust name both map to.
        rust_name: String,
        /// The Smithy path of the other one.
        other: String,
    },
    /// Two shape ids (or member names) differ only in case, which Smithy forbids: code
    /// generators for case-insensitive targets could not tell them apart.
    CaseConflict {
        /// The other shape id.
        other: String,
    },
    /// Two enum members share a value.
    DuplicateEnumValue {
        /// The value.
        value: String,
        /// The other member.
        other: String,
    },
    /// The crate version asked for is not `MAJOR.MINOR.PATCH`.
    InvalidVersion {
        /// Why.
        reason: String,
    },
    /// The partition data (`--partitions`) cannot be read.
    InvalidPartitions {
        /// What is wrong, with the JSON path.
        reason: String,
    },
    /// A bug in the generator itself: emitted tokens did not parse as Rust.
    Internal {
        /// What failed.
        message: String,
    },
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::InvalidJson { message } => write!(f, "not valid JSON: {message}"),
            ErrorKind::WrongJsonType { field, expected, found } => {
                write!(f, "`{field}` must be {expected}, found {found}")
            }
            ErrorKind::MissingField { field } => write!(f, "missing required field `{field}`"),
            ErrorKind::UnsupportedVersion { found } => {
                write!(f, "unsupported Smithy version `{found}`; only 2.0 models are read")
            }
            ErrorKind::InvalidShapeId { found } => write!(f, "`{found}` is not a valid absolute shape id"),
            ErrorKind::InvalidMemberName { found } => write!(f, "`{found}` is not a valid member name"),
            ErrorKind::UnknownShapeType { found } => write!(f, "unknown shape type `{found}`"),
            ErrorKind::DanglingTarget { target } => write!(f, "target {target} does not exist"),
            ErrorKind::WrongTargetType { role, target, expected, found } => {
                write!(f, "{role} {target} must be {expected}, but it is {found}")
            }
            ErrorKind::WrongMembers { expected } => write!(f, "{expected}"),
            ErrorKind::EmptyEnum => f.write_str("an enum must have at least one member"),
            ErrorKind::ErrorWithoutErrorTrait { target } => {
                write!(f, "error {target} does not have the smithy.api#error trait")
            }
            ErrorKind::InvalidTraitValue { trait_id, reason } => write!(f, "invalid {trait_id}: {reason}"),
            ErrorKind::InvalidPartitions { reason } => write!(f, "invalid partition data: {reason}"),
            ErrorKind::UnsupportedTrait { trait_id, reason } => {
                write!(f, "trait {trait_id} is not supported: {reason}")
            }
            ErrorKind::Unsupported { what } => write!(f, "not supported: {what}"),
            ErrorKind::NoService => f.write_str("the model has no service shape"),
            ErrorKind::AmbiguousService { services } => {
                write!(f, "the model has several services ({}); choose one", services.join(", "))
            }
            ErrorKind::ServiceNotFound => f.write_str("service not found in the model"),
            ErrorKind::InvalidCrateName { name, reason } => write!(f, "the crate name {name:?} {reason}"),
            ErrorKind::OperationNotFound { name, suggestions } if suggestions.is_empty() => {
                write!(f, "the service has no operation named `{name}`")
            }
            ErrorKind::OperationNotFound { name, suggestions } => write!(
                f,
                "the service has no operation named `{name}`; did you mean {}?",
                suggestions.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
            ),
            ErrorKind::NoOperations { skipped: 0 } => f.write_str("the service has no operations, so there is nothing to generate"),
            ErrorKind::NoOperations { skipped } => write!(
                f,
                "every operation of the service ({skipped}) uses what this generator does not support, so there is nothing to generate"
            ),
            ErrorKind::OperationNotGenerated { name, reason } => {
                write!(f, "the operation `{name}` cannot be generated: {reason}")
            }
            ErrorKind::NoProtocol { found } if found.is_empty() => write!(f, "the service has no supported protocol trait ({SUPPORTED})"),
            ErrorKind::NoProtocol { found } => {
                write!(f, "the service has no supported protocol trait ({SUPPORTED}); found {}", found.join(", "))
            }
            ErrorKind::NoVersion { protocol } => write!(
                f,
                "the service has no `version`, which every {protocol} request sends as its `Version` parameter"
            ),
            ErrorKind::RequiredCycle { cycle } => write!(
                f,
                "required members form a cycle that no finite value can satisfy: {}",
                cycle.join(" -> ")
            ),
            ErrorKind::NameCollision { rust_name, other } => {
                write!(f, "Rust name `{rust_name}` is also the name of {other}")
            }
            ErrorKind::CaseConflict { other } => {
                write!(f, "differs only in case from {other}; Smithy shape ids and member names must differ in more than case")
            }
            ErrorKind::DuplicateEnumValue { value, other } => {
                write!(f, "enum value {value:?} is also the value of {other}")
            }
            ErrorKind::InvalidVersion { reason } => write!(f, "invalid crate version: {reason}"),
            ErrorKind::Internal { message } => write!(f, "internal generator error: {message}"),
        }
    }
}

/// Every problem found, sorted by path and deduplicated; never empty when returned as an error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Errors(Vec<Error>);

impl Errors {
    /// Sorts and deduplicates the problems.
    pub fn new(mut errors: Vec<Error>) -> Errors {
        errors.sort();
        errors.dedup();
        Errors(errors)
    }

    /// One problem.
    pub fn one(path: impl Into<String>, kind: ErrorKind) -> Errors {
        Errors(vec![Error::new(path, kind)])
    }

    /// The problems, in order.
    pub fn as_slice(&self) -> &[Error] {
        &self.0
    }

    /// Number of problems.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when there are no problems.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Errors {
    /// One problem per line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Errors {}

/// Turns a list of problems into a result: `Ok` when empty.
pub fn check(errors: Vec<Error>) -> Result<(), Errors> {
    if errors.is_empty() { Ok(()) } else { Err(Errors::new(errors)) }
}
