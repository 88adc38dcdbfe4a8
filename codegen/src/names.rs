//! Naming, decided in one place: casing, keyword escaping, reserved words and collision checks
//! for every Rust name the generator emits. No other module converts a Smithy name.

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

use crate::error::{Error, ErrorKind};

/// Rust keywords (strict, reserved and 2024-edition) that can be written as raw identifiers.
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn", "else", "enum",
    "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut",
    "override", "priv", "pub", "ref", "return", "static", "struct", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore.
const NON_RAW_KEYWORDS: &[&str] = &["crate", "extern", "self", "Self", "super", "_"];

/// Type names the generated code (or its users' glob imports) relies on meaning the std prelude.
/// A model type with one of these names gets a trailing underscore (`Result` becomes `Result_`).
const RESERVED_TYPE_NAMES: &[&str] = &[
    "AsMut", "AsRef", "Box", "Clone", "Copy", "Debug", "Default", "Display", "Drop", "Eq", "Err", "Error",
    "Extend", "Fn", "FnMut", "FnOnce", "From", "Hash", "Into", "IntoIterator", "Iterator", "None", "Ok",
    "Option", "Ord", "PartialEq", "PartialOrd", "Result", "Self", "Send", "Sized", "Some", "String", "Sync",
    "ToOwned", "ToString", "TryFrom", "TryInto", "Unpin", "Vec",
];

/// Methods of std traits that clippy expects a method of that name to implement
/// (`clippy::should_implement_trait`): a builder setter with one of these names gets a trailing
/// underscore (`add_`), so a member named `add` never reads as `std::ops::Add::add`.
const STD_TRAIT_METHODS: &[&str] = &[
    "add", "as_mut", "as_ref", "bitand", "bitor", "bitxor", "borrow", "borrow_mut", "clone", "cmp", "default", "deref",
    "deref_mut", "div", "drop", "eq", "from_iter", "from_str", "hash", "index", "index_mut", "into_iter", "mul", "neg",
    "next", "not", "rem", "shl", "shr", "sub",
];

/// The name of the catch-all variant of enums, unions and operation errors.
pub const UNKNOWN_VARIANT: &str = "Unknown";
/// The catch-all variant of an operation error enum.
pub const UNHANDLED_VARIANT: &str = "Unhandled";
/// The variant of an operation error enum for a response that could not be parsed.
pub const MALFORMED_VARIANT: &str = "MalformedResponse";
/// The private field of modeled error structures that holds the response metadata.
pub const ERROR_META_FIELD: &str = "meta";
/// The method of every builder that produces the value.
pub const BUILD_METHOD: &str = "build";

/// `text` with its first letter upper case and the rest as it is (ec2Query's member names,
/// the endpoint rules' notes).
pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// `UpperCamelCase` name for a generated type (structure, union, enum, error).
pub fn type_name(smithy_name: &str) -> String {
    let camel = smithy_name.to_upper_camel_case();
    let camel = if camel.starts_with(|c: char| c.is_ascii_digit()) { format!("_{camel}") } else { camel };
    if RESERVED_TYPE_NAMES.contains(&camel.as_str()) { format!("{camel}_") } else { camel }
}

/// `UpperCamelCase` name for an enum or union variant; `reserved` lists the names the generated
/// enum already uses for itself (its catch-all variants).
pub fn variant_name(smithy_name: &str, reserved: &[&str]) -> String {
    let camel = smithy_name.to_upper_camel_case();
    // A legacy enum value without a `name` may hold no letter or digit at all (`*`); it is
    // named by its code points instead (`U002A`).
    let camel = if camel.is_empty() {
        smithy_name.chars().map(|c| format!("U{:04X}", u32::from(c))).collect::<String>()
    } else {
        camel
    };
    let camel = if camel.starts_with(|c: char| c.is_ascii_digit()) { format!("_{camel}") } else { camel };
    if camel == "Self" || reserved.contains(&camel.as_str()) { format!("{camel}_") } else { camel }
}

/// `snake_case` name for a field or a setter; keywords become raw identifiers (`r#type`), names
/// that cannot be raw get a trailing underscore, and `reserved` names get one too.
pub fn field_name(smithy_name: &str, reserved: &[&str]) -> String {
    let snake = snake(smithy_name);
    if reserved.contains(&snake.as_str()) { format!("{snake}_") } else { snake }
}

/// The builder setter of a member: its field name, except that the builder's own `build` and
/// the names of std trait methods (`add`, `next`, `default`, ...) get a trailing underscore.
pub fn setter_name(smithy_name: &str) -> String {
    let name = field_name(smithy_name, &[BUILD_METHOD]);
    if STD_TRAIT_METHODS.contains(&name.as_str()) { format!("{name}_") } else { name }
}

/// The builder setter of a member that takes an `Option`: `set_` and the setter's name, without
/// the underscore a std trait method name gets (`set_add`), which no trait method has.
pub fn option_setter_for(smithy_name: &str) -> String {
    option_setter_name(&field_name(smithy_name, &[BUILD_METHOD]))
}

/// `snake_case` name for a module or function: like `field_name`, but keywords get a trailing
/// underscore instead of `r#`, which reads better in paths.
pub fn module_name(smithy_name: &str) -> String {
    let snake = snake(smithy_name);
    if RAW_KEYWORDS.contains(&snake.as_str()) { format!("{snake}_") } else { snake }
}

fn snake(smithy_name: &str) -> String {
    let snake = smithy_name.to_snake_case();
    let snake = if snake.starts_with(|c: char| c.is_ascii_digit()) || snake.is_empty() {
        format!("_{snake}")
    } else {
        snake
    };
    if NON_RAW_KEYWORDS.contains(&snake.as_str()) { format!("{snake}_") } else { snake }
}

/// The builder type of a generated type.
pub fn builder_name(type_name: &str) -> String {
    format!("{}Builder", type_name.trim_end_matches('_'))
}

/// The synthesized input type of an operation.
pub fn input_name(operation: &str) -> String {
    format!("{}Input", operation.to_upper_camel_case())
}

/// The synthesized output type of an operation.
pub fn output_name(operation: &str) -> String {
    format!("{}Output", operation.to_upper_camel_case())
}

/// The error enum of an operation.
pub fn operation_error_name(operation: &str) -> String {
    format!("{}Error", operation.to_upper_camel_case())
}

/// The setter that takes an `Option`, next to the plain setter.
pub fn option_setter_name(field: &str) -> String {
    format!("set_{}", field.trim_start_matches("r#"))
}

/// The internal serializer of a type or collection named `base`.
pub fn ser_fn(base: &str) -> String {
    format!("ser_{}", base.to_snake_case())
}

/// The internal deserializer of a type or collection named `base`.
pub fn de_fn(base: &str) -> String {
    format!("de_{}", base.to_snake_case())
}

/// The internal function building the error-corrected empty value of a structure.
pub fn empty_fn(base: &str) -> String {
    format!("empty_{}", base.to_snake_case())
}

/// The internal function building a modeled error from its error response.
pub fn error_fn(base: &str) -> String {
    format!("de_{}_response", base.to_snake_case())
}

/// The round-trip test of a type, from its deserializer's name (`de_s3_source` gives `s3_source`).
pub fn test_name(de_fn: &str) -> String {
    de_fn.strip_prefix("de_").unwrap_or(de_fn).to_owned()
}

/// The round-trip tests' function making arbitrary values of a type, from its deserializer's
/// name (`de_s3_source` gives `arb_s3_source`).
pub fn arbitrary_fn(de_fn: &str) -> String {
    format!("arb_{}", test_name(de_fn))
}

/// The internal function checking a type's constraints, from its serializer's name
/// (`ser_s3_source` gives `check_s3_source`).
pub fn check_fn(ser_fn: &str) -> String {
    format!("check_{}", ser_fn.strip_prefix("ser_").unwrap_or(ser_fn))
}

/// The internal function parsing an operation's responses.
pub fn parse_fn(operation: &str) -> String {
    format!("parse_{}_response", operation.to_snake_case())
}

/// The test function of a protocol compliance case: its id in snake case
/// (`AwsJson11Enums` gives `aws_json11_enums`).
pub fn test_fn_name(case_id: &str) -> String {
    module_name(case_id)
}

/// Checks that `name` can be both a Cargo package name and, with `-` read as `_`, the name of
/// the Rust library the generated code refers to; says which rule it breaks if not.
pub fn check_crate_name(name: &str) -> Result<(), &'static str> {
    let lib = name.replace('-', "_");
    if name.is_empty() {
        Err("is empty")
    } else if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        Err("may hold only ASCII letters, digits, `-` and `_`")
    } else if !name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        Err("must start with an ASCII letter or `_`")
    } else if lib == "_" || RAW_KEYWORDS.contains(&lib.as_str()) || NON_RAW_KEYWORDS.contains(&lib.as_str()) {
        Err("is a Rust keyword")
    } else if ["alloc", "core", "proc_macro", "std", "test"].contains(&lib.as_str()) {
        Err("is the name of a crate Rust itself provides")
    } else {
        Ok(())
    }
}

/// The Rust identifier for a name produced by this module (`r#type` becomes a raw identifier).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None if RAW_KEYWORDS.contains(&name) => Ident::new_raw(name, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// Finds names that two Smithy things share in one Rust namespace. Each entry is the Rust name
/// and the Smithy path of the thing it names; the second and later owners of a name each get an
/// error naming the first.
pub fn check_unique<'a>(entries: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<Error> {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    let mut errors = Vec::new();
    for (rust_name, path) in entries {
        let key = rust_name.trim_start_matches("r#");
        match seen.get(key) {
            Some(first) if *first != path => errors.push(Error::new(
                path,
                ErrorKind::NameCollision { rust_name: key.to_owned(), other: (*first).to_owned() },
            )),
            Some(_) => {}
            None => {
                seen.insert(key, path);
            }
        }
    }
    errors
}

/// Makes names that share a Rust namespace unique, deterministically: in each group of equal
/// names, the one whose Smithy name sorts first keeps the name and the others get a number
/// (`value`, `value_2`; `Thing`, `Thing2`), so the outcome depends on the names alone, not on
/// model order. Entries are `(rust name, smithy name, smithy path)`; returns the final names, and
/// an error for each collision numbering could not resolve (the numbered name is taken too).
pub fn disambiguate(entries: &[(String, String, String)], separator: &str) -> (Vec<String>, Vec<Error>) {
    let mut names: Vec<String> = entries.iter().map(|(rust, _, _)| rust.clone()).collect();
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, (rust, _, _)) in entries.iter().enumerate() {
        groups.entry(rust.trim_start_matches("r#")).or_default().push(i);
    }
    for (base, mut group) in groups {
        if group.len() < 2 {
            continue;
        }
        group.sort_by(|a, b| {
            let key = |i: &usize| entries.get(*i).map(|(_, smithy, path)| (smithy.as_str(), path.as_str()));
            key(a).cmp(&key(b))
        });
        for (n, index) in group.iter().enumerate().skip(1) {
            if let Some(name) = names.get_mut(*index) {
                *name = format!("{base}{separator}{}", n.saturating_add(1));
            }
        }
    }
    let errors = check_unique(names.iter().zip(entries).map(|(name, (_, _, path))| (name.as_str(), path.as_str())));
    (names, errors)
}

/// The candidates closest to a name that matched none, best first, at most three: those within
/// a few edits of it (ignoring case) and those that contain it, for a "did you mean" hint.
pub fn suggest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let wanted = name.to_lowercase();
    let limit = (wanted.chars().count() / 3).max(2);
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter_map(|candidate| {
            let lower = candidate.to_lowercase();
            let distance = edit_distance(&wanted, &lower);
            if distance <= limit {
                Some((distance, candidate))
            } else if !wanted.is_empty() && lower.contains(&wanted) {
                Some((limit.saturating_add(1), candidate))
            } else {
                None
            }
        })
        .collect();
    scored.sort_unstable();
    scored.dedup();
    scored.into_iter().take(3).map(|(_, c)| c.to_owned()).collect()
}

/// Levenshtein distance in characters, with one row of memory.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i.saturating_add(1);
        }
        for (j, cb) in b.iter().enumerate() {
            let above = row.get(j.saturating_add(1)).copied().unwrap_or(0);
            let left = row.get(j).copied().unwrap_or(0);
            let replace = diagonal.saturating_add(usize::from(ca != *cb));
            let best = replace.min(above.saturating_add(1)).min(left.saturating_add(1));
            diagonal = above;
            if let Some(cell) = row.get_mut(j.saturating_add(1)) {
                *cell = best;
            }
        }
    }
    row.last().copied().unwrap_or(0)
}

/// Makes internal names (private functions) unique by numbering repeats, in the order given.
pub fn dedupe_internal(names: &mut [String]) {
    let mut used: BTreeSet<String> = BTreeSet::new();
    for name in names.iter_mut() {
        if used.insert(name.clone()) {
            continue;
        }
        let mut n = 2usize;
        loop {
            let candidate = format!("{name}_{n}");
            if used.insert(candidate.clone()) {
                *name = candidate;
                break;
            }
            n = n.saturating_add(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_use_rust_casing_and_avoid_the_prelude() {
        assert_eq!(type_name("UUID"), "Uuid");
        assert_eq!(type_name("EventDataStoreARNInvalidException"), "EventDataStoreArnInvalidException");
        assert_eq!(type_name("S3ImportSource"), "S3ImportSource");
        assert_eq!(type_name("Result"), "Result_");
        assert_eq!(type_name("Option"), "Option_");
        assert_eq!(type_name("Date"), "Date");
    }

    #[test]
    fn fields_escape_keywords() {
        assert_eq!(field_name("S3LocationUri", &[]), "s3_location_uri");
        assert_eq!(field_name("type", &[]), "type");
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(field_name("Self", &[]), "self_");
        assert_eq!(field_name("Meta", &["meta"]), "meta_");
        assert_eq!(module_name("Match"), "match_");
        assert_eq!(variant_name("IN_PROGRESS", &[]), "InProgress");
        assert_eq!(variant_name("UNKNOWN", &[UNKNOWN_VARIANT]), "Unknown_");
    }

    #[test]
    fn setters_avoid_the_builder_and_std_trait_methods() {
        assert_eq!(setter_name("Name"), "name");
        assert_eq!(setter_name("build"), "build_");
        for (member, setter) in [("Add", "add_"), ("next", "next_"), ("FromStr", "from_str_"), ("Default", "default_"), ("eq", "eq_")] {
            assert_eq!(setter_name(member), setter);
        }
        assert_eq!(setter_name("type"), "type");
        assert_eq!(option_setter_for("Add"), "set_add");
        assert_eq!(option_setter_for("build"), "set_build_");
    }

    #[test]
    fn crate_names_must_name_a_package_and_a_library() {
        for good in ["cloudtrail", "cloudtrail-start-import", "dynamo_db", "_x", "s3v2"] {
            assert_eq!(check_crate_name(good), Ok(()), "{good}");
        }
        for bad in ["", "my crate", "2020", "-x", "caf\u{e9}", "self", "type", "std", "test", "_", "proc-macro"] {
            assert!(check_crate_name(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn variants_without_letters_are_named_by_code_points() {
        assert_eq!(variant_name("*", &[]), "U002A");
        assert_eq!(variant_name("+-", &[]), "U002BU002D");
        assert_eq!(variant_name("a*", &[]), "A");
    }

    #[test]
    fn collisions_name_both_places() {
        let errors = check_unique([("foo", "a#S$foo"), ("foo", "a#S$Foo"), ("bar", "a#S$bar")]);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].to_string(), "a#S$Foo: Rust name `foo` is also the name of a#S$foo");
    }

    #[test]
    fn unknown_names_get_the_closest_suggestions() {
        let ops = ["StartImport", "StopImport", "GetImport", "ListImports", "CreateTrail"];
        assert_eq!(suggest("StartImprot", ops), ["StartImport"]);
        assert_eq!(suggest("startimport", ops), ["StartImport", "StopImport"]);
        assert_eq!(suggest("StopImport", ops), ["StopImport", "StartImport"]);
        assert_eq!(suggest("Import", ops), ["GetImport", "ListImports", "StartImport"]);
        assert!(suggest("DescribeEverything", ops).is_empty());
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn internal_names_are_numbered() {
        let mut names = vec!["a".to_owned(), "b".to_owned(), "a".to_owned()];
        dedupe_internal(&mut names);
        assert_eq!(names, ["a", "b", "a_2"]);
    }
}
