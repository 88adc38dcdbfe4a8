//! Warnings: what the generator leaves out or reads past in a model it can still generate, each
//! tied to the Smithy path of the place it concerns, like an error. Printed by the xtask, never
//! fatal.

use std::fmt;

/// One thing about the model the user should know.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    /// Where: a Smithy shape path (`ns#Shape`, `ns#Shape$member`).
    pub path: String,
    /// What.
    pub kind: WarningKind,
}

impl Warning {
    /// A warning at `path`.
    pub fn new(path: impl Into<String>, kind: WarningKind) -> Warning {
        Warning { path: path.into(), kind }
    }
}

/// Every kind of warning, one variant each; the wording is user interface.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum WarningKind {
    /// An operation is left out of the crate; the others are generated.
    OperationSkipped {
        /// Why.
        reason: String,
    },
    /// A known trait has a property this generator does not know; it is ignored.
    UnknownTraitProperty {
        /// The trait id.
        trait_id: String,
        /// The property.
        property: String,
        /// For the constraint traits: `validate()` does not check the trait at all, since the
        /// property may change what it means.
        unchecked: bool,
    },
    /// A waiter whose JMESPath the crate cannot evaluate: it is left out.
    WaiterSkipped {
        /// The waiter's name.
        waiter: String,
        /// Why.
        reason: String,
    },
    /// An endpoint parameter an operation's traits bind (`@contextParam`, `staticContextParams`,
    /// `operationContextParams`) that the crate leaves unbound: `endpoint_params` does not set it.
    EndpointParamUnbound {
        /// The parameter.
        param: String,
        /// Why.
        reason: String,
    },
    /// A `@pattern` the generated matcher cannot honour exactly: `validate()` does not check it.
    PatternNotChecked {
        /// The pattern.
        pattern: String,
        /// Why.
        reason: String,
    },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.kind)
    }
}

impl fmt::Display for WarningKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WarningKind::OperationSkipped { reason } => write!(f, "operation not generated: {reason}"),
            WarningKind::UnknownTraitProperty { trait_id, property, unchecked: false } => {
                write!(f, "{trait_id} has the property `{property}`, which this generator does not know; it is ignored")
            }
            WarningKind::UnknownTraitProperty { trait_id, property, unchecked: true } => write!(
                f,
                "{trait_id} has the property `{property}`, which this generator does not know; validate() will not check this constraint"
            ),
            WarningKind::PatternNotChecked { pattern, reason } => {
                write!(f, "validate() will not check the pattern `{pattern}`: {reason}")
            }
            WarningKind::WaiterSkipped { waiter, reason } => {
                write!(f, "the waiter `{waiter}` is not generated: {reason}")
            }
            WarningKind::EndpointParamUnbound { param, reason } => {
                write!(f, "the endpoint parameter `{param}` is left unbound: {reason}")
            }
        }
    }
}
