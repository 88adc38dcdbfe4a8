//! Generates a sans-IO Rust client crate for an awsJson service from a Smithy JSON AST model.
//!
//! The pipeline is one module per stage:
//! `load -> validate -> lower -> emit -> render`, then the caller (the xtask) writes the files.
//! [`generate`] runs it on model text in memory; this library never touches the file system.
//!
//! A model is untrusted input: no `unwrap`, `expect`, `panic!`, indexing or unchecked arithmetic
//! (all denied by the lints below and clippy `-D warnings` in CI), and no recursion per level of
//! a model's nesting (explicit stacks instead) except where that depth is capped (64 nested
//! groups in a pattern, 32 collections in each other, 128 levels of model JSON), so a bad or
//! huge model gets errors, not a panic or a stack overflow.
#![warn(clippy::arithmetic_side_effects)]

pub mod api;
pub mod ast;
mod docs;
mod emit;
pub mod error;
pub mod ir;
pub mod json;
mod load;
mod lower;
mod mixins;
mod names;
pub mod pattern;
mod render;
pub mod report;
pub mod rules;
mod semantics;
mod traits;
mod validate;
pub mod waiters;
pub mod warning;

pub use error::{Error, ErrorKind, Errors};
pub use warning::{Warning, WarningKind};

/// What to generate, and how to label it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// Cargo package name of the generated crate.
    pub package_name: String,
    /// How the `@generated` headers name the model, such as `model/cloudtrail.json`.
    pub source: String,
    /// The service to generate, by shape id or name; `None` when the model has one service.
    pub service: Option<String>,
    /// Operations to generate, by name or shape id; empty for every operation of the service.
    pub operations: Vec<String>,
    /// Also generate `tests/protocol/` from the model's `smithy.test` protocol compliance cases.
    pub protocol_tests: bool,
    /// The crate is its own workspace (`[workspace]` in its manifest), to build outside any other.
    pub standalone: bool,
    /// The crate's version (`MAJOR.MINOR.PATCH`); `None` for [`DEFAULT_VERSION`].
    pub version: Option<String>,
    /// The text of the partition data (`partitions.json`) that the endpoint rules' `aws.partition`
    /// reads; needed only by a model whose rules call it.
    pub partitions: Option<String>,
}

/// The version of a crate generated for the first time.
pub const DEFAULT_VERSION: &str = "0.1.0";

/// One file of the generated crate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the crate root, with `/` separators.
    pub path: String,
    /// The whole file.
    pub contents: String,
}

/// What a run of the generator gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Generated {
    /// Every file of the crate, sorted by path.
    pub files: Vec<GeneratedFile>,
    /// What the generated `validate()` checks of the model's constraint traits.
    pub report: report::ConstraintReport,
    /// What the user should know: operations left out, trait properties ignored, patterns not
    /// checked; sorted by path.
    pub warnings: Vec<Warning>,
}

/// Generates the crate for `model_json`: every file, sorted by path. A bad model gives every
/// problem found, each naming its Smithy shape path.
pub fn generate(model_json: &str, settings: &Settings) -> Result<Vec<GeneratedFile>, Errors> {
    generate_with_report(model_json, settings).map(|generated| generated.files)
}

/// As [`generate`], with the constraint report and the warnings, which a tool should show.
pub fn generate_with_report(model_json: &str, settings: &Settings) -> Result<Generated, Errors> {
    prepare(model_json, settings)?.generate()
}

/// A model read, checked and lowered, ready to generate: what a tool needs to compare the
/// crate's API with an earlier one and choose its version before writing anything.
#[derive(Clone, Debug)]
pub struct Prepared {
    krate: ir::Crate,
    report: report::ConstraintReport,
    warnings: Vec<Warning>,
}

/// Reads, checks and lowers the model; a bad model gives every problem found.
pub fn prepare(model_json: &str, settings: &Settings) -> Result<Prepared, Errors> {
    if let Some(version) = &settings.version {
        api::parse_version(version)
            .map_err(|reason| Errors::one("Cargo.toml", ErrorKind::InvalidVersion { reason }))?;
    }
    let model = load::load(model_json)?;
    let selection = validate::validate(&model, settings)?;
    let krate = lower::lower(&model, &selection, settings)?;
    let report = report::report(&model, &krate);
    let mut warnings = selection.warnings.clone();
    warnings.extend(report.skipped_patterns.iter().map(|(place, pattern, reason)| {
        Warning::new(place, WarningKind::PatternNotChecked { pattern: pattern.clone(), reason: reason.clone() })
    }));
    warnings.extend(krate.skipped_waiters.iter().map(|(operation, waiter, reason)| {
        Warning::new(operation, WarningKind::WaiterSkipped { waiter: waiter.clone(), reason: reason.clone() })
    }));
    warnings.extend(emit::unbound_endpoint_params(&krate)?.into_iter().map(|(operation, param, reason)| {
        Warning::new(&operation, WarningKind::EndpointParamUnbound { param, reason })
    }));
    warnings.sort();
    Ok(Prepared { krate, report, warnings })
}

impl Prepared {
    /// The public API the crate will have.
    pub fn api(&self) -> api::Surface {
        api::Surface::of(&self.krate)
    }

    /// The version the crate will have.
    pub fn version(&self) -> &str {
        &self.krate.version
    }

    /// Sets the crate's version (`MAJOR.MINOR.PATCH`).
    pub fn set_version(&mut self, version: &str) -> Result<(), String> {
        api::parse_version(version)?;
        self.krate.version = version.to_owned();
        Ok(())
    }

    /// Emits and renders every file of the crate.
    pub fn generate(self) -> Result<Generated, Errors> {
        let files = render::render(emit::emit(&self.krate)?, &self.krate.source)?;
        Ok(Generated { files, report: self.report, warnings: self.warnings })
    }
}

/// Runs the first three stages and returns the IR, for tests and tools that inspect it.
pub fn lower_model(model_json: &str, settings: &Settings) -> Result<ir::Crate, Errors> {
    let model = load::load(model_json)?;
    let selection = validate::validate(&model, settings)?;
    lower::lower(&model, &selection, settings)
}
