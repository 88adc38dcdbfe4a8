//! The API report: what a change of the model does to the generated crate's Rust API.
//!
//! [`Surface`] is the crate's public API as the user sees it, drawn from the IR: every operation,
//! type, member, variant and enum value by its Rust path, with the Rust type of each field, how
//! its builder behaves, its wire details, constraints and a digest of its documentation. The
//! generator writes it into the crate as `api.json`, so a later run can compare a new model with
//! what the crate was generated from without the old model. [`diff`] compares two surfaces and
//! classifies each change by what it does to code that uses the crate; [`Report`] renders the
//! result as Markdown or JSON and gives the smallest version bump.

mod diff;
mod report;
mod surface;

pub use diff::diff;
pub use report::{Bump, Change, Class, Report};
pub use surface::Surface;

/// The file of the generated crate that records its API.
pub const API_FILE: &str = "api.json";

/// FNV-1a (64 bits) of `text`, as 16 hex digits: a digest that is the same on every platform and
/// in every version of this generator.
pub fn digest(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// The version after `version` (`MAJOR.MINOR.PATCH`, digits only) for a change that needs
/// `bump`, by Cargo's rules: below 1.0.0 the first non-zero number is the major one, so a
/// breaking change to `0.3.1` gives `0.4.0` and any other change `0.3.2`; every `0.0.z` is
/// incompatible with the next, so it only ever gains a patch.
pub fn next_version(version: &str, bump: Bump) -> Result<String, String> {
    let [major, minor, patch] = parse_version(version)?;
    let add = |n: u64| n.checked_add(1).ok_or_else(|| format!("version `{version}` cannot be bumped"));
    Ok(match (major, minor, bump) {
        (0, 0, _) => format!("0.0.{}", add(patch)?),
        (0, _, Bump::Major) => format!("0.{}.0", add(minor)?),
        (0, _, Bump::Minor | Bump::Patch) => format!("0.{minor}.{}", add(patch)?),
        (_, _, Bump::Major) => format!("{}.0.0", add(major)?),
        (_, _, Bump::Minor) => format!("{major}.{}.0", add(minor)?),
        (_, _, Bump::Patch) => format!("{major}.{minor}.{}", add(patch)?),
    })
}

/// `MAJOR.MINOR.PATCH`, each a number without leading zeros (Cargo's versions, without
/// pre-release or build parts, which a generated crate does not use).
pub fn parse_version(version: &str) -> Result<[u64; 3], String> {
    let bad = || format!("`{version}` is not a version of the form MAJOR.MINOR.PATCH");
    let mut numbers = [0u64; 3];
    let mut parts = version.split('.');
    for slot in &mut numbers {
        let part = parts.next().ok_or_else(bad)?;
        let digits_only = !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
        if !digits_only || (part.len() > 1 && part.starts_with('0')) {
            return Err(bad());
        }
        *slot = part.parse().map_err(|_| bad())?;
    }
    if parts.next().is_some() {
        return Err(bad());
    }
    Ok(numbers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_follow_cargos_rules() {
        assert_eq!(next_version("0.1.0", Bump::Major).as_deref(), Ok("0.2.0"));
        assert_eq!(next_version("0.1.3", Bump::Minor).as_deref(), Ok("0.1.4"));
        assert_eq!(next_version("0.1.3", Bump::Patch).as_deref(), Ok("0.1.4"));
        assert_eq!(next_version("0.0.7", Bump::Major).as_deref(), Ok("0.0.8"));
        assert_eq!(next_version("1.4.2", Bump::Major).as_deref(), Ok("2.0.0"));
        assert_eq!(next_version("1.4.2", Bump::Minor).as_deref(), Ok("1.5.0"));
        assert_eq!(next_version("1.4.2", Bump::Patch).as_deref(), Ok("1.4.3"));
        for bad in ["", "1", "1.2", "1.2.3.4", "01.2.3", "1.2.x", "1.2.3-beta", "-1.2.3"] {
            assert!(parse_version(bad).is_err(), "{bad}");
        }
        assert!(next_version("0.1.18446744073709551615", Bump::Patch).is_err());
    }

    #[test]
    fn the_digest_is_fnv1a() {
        assert_eq!(digest(""), "cbf29ce484222325");
        assert_eq!(digest("a"), "af63dc4c8601ec8c");
    }
}
