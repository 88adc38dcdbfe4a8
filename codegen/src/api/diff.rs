//! Compares two surfaces and classifies every change by what it does to code using the crate.
//!
//! The rules follow from how the crate is generated and from Cargo's semver rules:
//! - structures, unions, enums and error enums are `#[non_exhaustive]`, so a new member, variant,
//!   enum value or error is additive; removing or retyping any of them breaks code;
//! - a structure's fields are `Option<T>` unless the member is required or has a default, so a
//!   member that becomes required or optional changes its field's type: breaking;
//! - `build()` returns `Result` when the structure has a required member without a default (an
//!   input always does): a change there changes its signature, breaking; a new required member
//!   of an input compiles, but `build()` then fails where it did not, which is breaking too
//!   (cargo-semver-checks cannot see it);
//! - `validate()` is opt-in, so a tighter or looser constraint changes behaviour, not the API;
//! - wire details (keys, bindings, timestamp formats, error codes and statuses) and `Debug`'s
//!   redaction are behaviour;
//! - deprecating an item is a minor change under Cargo's rules (new warnings, no new errors).

use serde_json::{Map, Value};

use super::report::{Change, Class, Report};
use super::surface::Surface;

/// Every change from `old` to `new`, sorted.
pub fn diff(old: &Surface, new: &Surface) -> Report {
    let mut d = Differ::default();
    d.service(&old.service, &new.service);
    d.operations(old, new);
    d.types(old, new);
    d.changes.sort();
    d.changes.dedup();
    Report { changes: d.changes }
}

#[derive(Default)]
struct Differ {
    changes: Vec<Change>,
}

fn text<'a>(entry: &'a Map<String, Value>, key: &str) -> &'a str {
    entry.get(key).and_then(Value::as_str).unwrap_or("")
}

fn flag(entry: &Map<String, Value>, key: &str) -> bool {
    entry.get(key).and_then(Value::as_bool).unwrap_or(false)
}

fn object<'a>(entry: &'a Map<String, Value>, key: &str) -> &'a Map<String, Value> {
    static EMPTY: std::sync::LazyLock<Map<String, Value>> = std::sync::LazyLock::new(Map::new);
    entry.get(key).and_then(Value::as_object).unwrap_or(&EMPTY)
}

fn as_object(value: &Value) -> &Map<String, Value> {
    static EMPTY: std::sync::LazyLock<Map<String, Value>> = std::sync::LazyLock::new(Map::new);
    value.as_object().unwrap_or(&EMPTY)
}

/// `a`, `b` and `c`.
fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn code(text: &str) -> String {
    format!("`{text}`")
}

/// A string value as it is, anything else as JSON.
fn show(value: &Value) -> String {
    value.as_str().map_or_else(|| value.to_string(), str::to_owned)
}

impl Differ {
    fn push(&mut self, class: Class, path: &str, what: String) {
        self.changes.push(Change { class, path: path.to_owned(), what });
    }

    /// Documentation and deprecation, shared by every kind of item.
    fn notes(&mut self, path: &str, old: &Map<String, Value>, new: &Map<String, Value>) {
        if text(old, "docs") != text(new, "docs") {
            let what = match (text(old, "docs").is_empty(), text(new, "docs").is_empty()) {
                (true, _) => "documentation added",
                (_, true) => "documentation removed",
                _ => "documentation changed",
            };
            self.push(Class::Documentation, path, what.to_owned());
        }
        match (text(old, "deprecated"), text(new, "deprecated")) {
            (a, b) if a == b => {}
            ("", b) => self.push(
                Class::Additive,
                path,
                format!("now {b} (new warnings where it is used; a minor change under Cargo's rules)"),
            ),
            (_, "") => self.push(Class::Documentation, path, "no longer deprecated".to_owned()),
            (_, b) => self.push(Class::Documentation, path, format!("deprecation notice now reads: {b}")),
        }
    }

    /// A one-line wire description that changed: behaviour.
    fn wire(&mut self, path: &str, old: &Map<String, Value>, new: &Map<String, Value>) {
        let (a, b) = (text(old, "wire"), text(new, "wire"));
        if a != b {
            self.push(Class::Behaviour, path, format!("on the wire: {} → {}", code(a), code(b)));
        }
    }

    fn sensitivity(&mut self, path: &str, old: &Map<String, Value>, new: &Map<String, Value>) {
        match (flag(old, "sensitive"), flag(new, "sensitive")) {
            (false, true) => self.push(Class::Behaviour, path, "now sensitive: `Debug` redacts it".to_owned()),
            (true, false) => self.push(Class::Behaviour, path, "no longer sensitive: `Debug` shows it".to_owned()),
            _ => {}
        }
    }

    fn service(&mut self, old: &Map<String, Value>, new: &Map<String, Value>) {
        let path = "crate";
        if text(old, "shape") != text(new, "shape") {
            self.push(
                Class::Behaviour,
                path,
                format!("generated from another service: {} → {}", code(text(old, "shape")), code(text(new, "shape"))),
            );
        }
        for (key, label) in [("title", "title"), ("sdk_id", "SDK id")] {
            if text(old, key) != text(new, key) {
                self.push(
                    Class::Documentation,
                    path,
                    format!("{label} {} → {}", code(text(old, key)), code(text(new, key))),
                );
            }
        }
        if text(old, "api_version") != text(new, "api_version") {
            self.push(
                Class::Behaviour,
                path,
                format!("API version {} → {}", code(text(old, "api_version")), code(text(new, "api_version"))),
            );
        }
        self.notes(path, old, new);
        self.wire(path, old, new);
        if old.get("customisations") != new.get("customisations") {
            self.push(Class::Behaviour, path, "the service customisations changed".to_owned());
        }
        self.error_variants(path, "the service-wide `Error`", object(old, "errors"), object(new, "errors"));
        self.endpoint_tests(old, new);
        let (old_rules, new_rules) = (object(old, "endpoint_rules"), object(new, "endpoint_rules"));
        match (old_rules.is_empty(), new_rules.is_empty()) {
            (true, true) => {}
            (true, false) => self.push(Class::Additive, "endpoint", "endpoint resolver added (the model gained a rule set)".to_owned()),
            (false, true) => self.push(Class::Breaking, "endpoint", "endpoint resolver removed (the model lost its rule set)".to_owned()),
            (false, false) => {
                // `endpoint::Params` is `#[non_exhaustive]`: a new parameter is a new field
                // old code does not see; a removed one, or one of another type, breaks it.
                let (a, b) = (object(old_rules, "parameters"), object(new_rules, "parameters"));
                let path = "endpoint::Params";
                for (name, desc) in b {
                    match a.get(name) {
                        None => self.push(Class::Additive, path, format!("parameter {} added ({})", code(name), show(desc))),
                        Some(old) if old != desc => {
                            let ty = |v: &Value| v.as_str().and_then(|s| s.split(',').next()).unwrap_or_default().to_owned();
                            let class = if ty(old) == ty(desc) { Class::Behaviour } else { Class::Breaking };
                            self.push(class, path, format!("parameter {}: {} → {}", code(name), show(old), show(desc)));
                        }
                        Some(_) => {}
                    }
                }
                for (name, desc) in a {
                    if !b.contains_key(name) {
                        self.push(Class::Breaking, path, format!("parameter {} removed (was {})", code(name), show(desc)));
                    }
                }
                if text(old_rules, "digest") != text(new_rules, "digest") {
                    self.push(Class::Behaviour, "endpoint::resolve", "the endpoint rules changed: some requests may resolve elsewhere".to_owned());
                }
            }
        }
    }

    fn endpoint_tests(&mut self, old: &Map<String, Value>, new: &Map<String, Value>) {
        let (a, b) = (object(old, "endpoint_tests"), object(new, "endpoint_tests"));
        if a == b {
            return;
        }
        let cases = |m: &Map<String, Value>| m.get("cases").and_then(Value::as_u64).unwrap_or(0);
        let what = match (a.is_empty(), b.is_empty()) {
            (true, _) => format!("endpoint tests added ({} cases)", cases(b)),
            (_, true) => format!("endpoint tests removed ({} cases)", cases(a)),
            _ if cases(a) == cases(b) => format!("endpoint tests changed ({} cases)", cases(b)),
            _ => format!("endpoint tests changed ({} → {} cases)", cases(a), cases(b)),
        };
        // Only the crate's own tests (`tests/endpoints.rs`) follow: its library does not change.
        self.push(Class::NotGenerated, "endpoint", format!("{what}: only the crate's own tests change"));
    }

    /// The variants of an error enum (an operation's or the service's): variant name to the
    /// error type's path.
    fn error_variants(&mut self, path: &str, owner: &str, old: &Map<String, Value>, new: &Map<String, Value>) {
        for (variant, ty) in new {
            match old.get(variant) {
                None => self.push(
                    Class::Additive,
                    path,
                    format!("error {} added to {owner} (it is `#[non_exhaustive]`)", code(variant)),
                ),
                Some(before) if before != ty => self.push(
                    Class::Breaking,
                    path,
                    format!(
                        "error {} of {owner} now holds {} instead of {}",
                        code(variant),
                        code(ty.as_str().unwrap_or("")),
                        code(before.as_str().unwrap_or(""))
                    ),
                ),
                Some(_) => {}
            }
        }
        for variant in old.keys().filter(|v| !new.contains_key(*v)) {
            self.push(Class::Breaking, path, format!("error {} removed from {owner}", code(variant)));
        }
    }

    fn operations(&mut self, old: &Surface, new: &Surface) {
        let skipped = object(&new.service, "skipped");
        for (module, entry) in &new.operations {
            let path = format!("operation::{module}");
            let Some(before) = old.operations.get(module) else {
                let name = text(as_object(entry), "name");
                self.push(Class::Additive, &path, format!("operation {} added", code(name)));
                continue;
            };
            self.operation(&path, as_object(before), as_object(entry));
        }
        for (module, entry) in &old.operations {
            if new.operations.contains_key(module) {
                continue;
            }
            let name = text(as_object(entry), "name");
            let what = match skipped.get(name).and_then(Value::as_str) {
                Some(reason) => format!("operation {} removed: now left out of the crate ({reason})", code(name)),
                None => format!("operation {} removed", code(name)),
            };
            self.push(Class::Breaking, &format!("operation::{module}"), what);
        }
    }

    fn operation(&mut self, path: &str, old: &Map<String, Value>, new: &Map<String, Value>) {
        self.notes(path, old, new);
        self.wire(path, old, new);
        for (key, what) in [("input", "input type"), ("output", "output type"), ("error", "error type")] {
            if text(old, key) != text(new, key) {
                let change = format!("{what} {} → {}", code(text(old, key)), code(text(new, key)));
                self.push(Class::Breaking, path, change);
            }
        }
        let owner = format!("`{}`", text(new, "error").rsplit("::").next().unwrap_or(""));
        self.error_variants(path, &owner, object(old, "errors"), object(new, "errors"));
        let (a, b) = (object(old, "pagination"), object(new, "pagination"));
        let (had_next, has_next) = (flag(a, "next_page"), flag(b, "next_page"));
        match (a.is_empty(), b.is_empty()) {
            (true, true) => {}
            (true, false) if has_next => {
                self.push(Class::Additive, path, "now paginated: the input gains `next_page`".to_owned());
            }
            (true, false) => self.push(
                Class::Documentation,
                path,
                "now paginated (documented only: its tokens are not top-level members, so no `next_page`)".to_owned(),
            ),
            (false, true) if had_next => {
                self.push(Class::Breaking, path, "no longer paginated: the input loses `next_page`".to_owned());
            }
            (false, true) => self.push(Class::Documentation, path, "no longer paginated".to_owned()),
            (false, false) => {
                if had_next && !has_next {
                    self.push(Class::Breaking, path, "the input loses `next_page`".to_owned());
                } else if !had_next && has_next {
                    self.push(Class::Additive, path, "the input gains `next_page`".to_owned());
                }
                let tokens = ["input_token", "output_token", "items", "page_size"];
                if tokens.iter().any(|k| text(a, k) != text(b, k)) {
                    let show = |p: &Map<String, Value>| {
                        tokens.iter().map(|k| format!("{k}={}", text(p, k))).collect::<Vec<_>>().join(", ")
                    };
                    self.push(Class::Behaviour, path, format!("pagination {} → {}", show(a), show(b)));
                }
            }
        }
        // Waiters by name, each with the digest of its delays and acceptors (an older report
        // lists names alone: their digests are unknown, so only additions and removals show).
        let waiters = |entry: &Map<String, Value>| -> Vec<(String, Option<String>)> {
            match entry.get("waiters") {
                Some(Value::Object(w)) => w.iter().map(|(k, v)| (k.clone(), v.as_str().map(str::to_owned))).collect(),
                Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).map(|n| (n.to_owned(), None)).collect(),
                _ => Vec::new(),
            }
        };
        let (a, b) = (waiters(old), waiters(new));
        let find = |list: &[(String, Option<String>)], name: &str| list.iter().find(|(n, _)| n == name).map(|(_, d)| d.clone());
        let added: Vec<String> = b.iter().filter(|(w, _)| find(&a, w).is_none()).map(|(w, _)| code(w)).collect();
        let removed: Vec<String> = a.iter().filter(|(w, _)| find(&b, w).is_none()).map(|(w, _)| code(w)).collect();
        let changed: Vec<String> = b
            .iter()
            .filter(|(w, digest)| matches!((find(&a, w), digest), (Some(Some(before)), Some(after)) if &before != after))
            .map(|(w, _)| code(w))
            .collect();
        if !added.is_empty() {
            self.push(Class::Additive, path, format!("waiters added: {} (in `waiter`, and `Client::wait_until_*`)", list(&added)));
        }
        if !removed.is_empty() {
            self.push(Class::Breaking, path, format!("waiters removed: {}", list(&removed)));
        }
        if !changed.is_empty() {
            self.push(Class::Behaviour, path, format!("waiters that decide differently (delays or acceptors): {}", list(&changed)));
        }
    }

    fn types(&mut self, old: &Surface, new: &Surface) {
        // A shape whose Rust path changed (a new name took its old one, or the model renamed it
        // and kept its id) is one change, not a removal and an addition.
        let shape = |v: &Value| text(as_object(v), "shape").to_owned();
        let removed: Vec<(&String, &Value)> = old.types.iter().filter(|(p, _)| !new.types.contains_key(*p)).collect();
        let added: Vec<(&String, &Value)> = new.types.iter().filter(|(p, _)| !old.types.contains_key(*p)).collect();
        let mut renamed_from = std::collections::BTreeSet::new();
        for (path, entry) in &added {
            let id = shape(entry);
            let unique = |list: &[(&String, &Value)]| list.iter().filter(|(_, e)| shape(e) == id).count() == 1;
            match removed.iter().find(|(_, e)| shape(e) == id).filter(|_| unique(&removed) && unique(&added)) {
                Some((before, _)) => {
                    renamed_from.insert((*before).clone());
                    self.push(Class::Breaking, path, format!("renamed from {} (shape {})", code(before), code(&id)));
                }
                None => self.push(Class::Additive, path, format!("{} added", kind_name(as_object(entry)))),
            }
        }
        for (path, entry) in &removed {
            if !renamed_from.contains(*path) {
                self.push(Class::Breaking, path, format!("{} removed", kind_name(as_object(entry))));
            }
        }
        for (path, entry) in &new.types {
            if let Some(before) = old.types.get(path) {
                self.type_change(path, as_object(before), as_object(entry));
            }
        }
    }

    fn type_change(&mut self, path: &str, old: &Map<String, Value>, new: &Map<String, Value>) {
        if text(old, "kind") != text(new, "kind") {
            let what = format!("was {}, now {}", kind_name(old), kind_name(new));
            self.push(Class::Breaking, path, what);
            return;
        }
        self.notes(path, old, new);
        self.sensitivity(path, old, new);
        match text(new, "kind") {
            "structure" => self.structure(path, old, new),
            "union" => self.union(path, old, new),
            _ => self.enum_values(path, object(old, "values"), object(new, "values")),
        }
    }

    fn structure(&mut self, path: &str, old: &Map<String, Value>, new: &Map<String, Value>) {
        let input = text(new, "role") == "input";
        match (flag(old, "fallible_build"), flag(new, "fallible_build")) {
            (false, true) => self.push(
                Class::Breaking,
                path,
                "`build()` now returns a `Result` (a member became required)".to_owned(),
            ),
            (true, false) => self.push(
                Class::Breaking,
                path,
                "`build()` no longer returns a `Result` (no member is required now)".to_owned(),
            ),
            _ => {}
        }
        let (a, b) = (object(old, "error"), object(new, "error"));
        for (key, label) in [("code", "error code"), ("status", "HTTP status"), ("fault", "fault")] {
            if a.get(key) != b.get(key) {
                let show = |m: &Map<String, Value>| m.get(key).map_or_else(String::new, ToString::to_string);
                self.push(Class::Behaviour, path, format!("{label} {} → {}", show(a), show(b)));
            }
        }
        if a.get("retryable") != b.get("retryable") {
            let show = |m: &Map<String, Value>| m.get("retryable").and_then(Value::as_str).unwrap_or("none").to_owned();
            self.push(Class::Behaviour, path, format!("`@retryable` {} → {}", show(a), show(b)));
        }
        let (old_members, new_members) = (object(old, "members"), object(new, "members"));
        for (name, entry) in new_members {
            let entry = as_object(entry);
            let field = text(entry, "field");
            let member_path = format!("{path}::{field}");
            let Some(before) = old_members.get(name) else {
                let required = flag(entry, "required") && !entry.contains_key("default");
                if required && (input || flag(old, "fallible_build")) {
                    self.push(
                        Class::Breaking,
                        &member_path,
                        format!("required member {} added: `build()` fails without it", code(name)),
                    );
                } else {
                    self.push(Class::Additive, &member_path, format!("member {} added", code(name)));
                }
                continue;
            };
            self.member(&member_path, name, input, as_object(before), entry);
        }
        for (name, entry) in old_members {
            if !new_members.contains_key(name) {
                let member_path = format!("{path}::{}", text(as_object(entry), "field"));
                self.push(Class::Breaking, &member_path, format!("member {} removed", code(name)));
            }
        }
    }

    fn member(&mut self, path: &str, name: &str, input: bool, old: &Map<String, Value>, new: &Map<String, Value>) {
        if text(old, "field") != text(new, "field") {
            let what = format!("field of {} renamed from {}", code(name), code(text(old, "field")));
            self.push(Class::Breaking, path, what);
        }
        let (a, b) = (text(old, "type"), text(new, "type"));
        if a != b {
            let what = if b == format!("Option<{a}>") {
                "now optional: its field is an `Option`".to_owned()
            } else if a == format!("Option<{b}>") {
                "now always present: its field is no longer an `Option`".to_owned()
            } else {
                format!("type {} → {}", code(a), code(b))
            };
            self.push(Class::Breaking, path, what);
        }
        let (was, is) = (flag(old, "required"), flag(new, "required"));
        if input && !was && is {
            self.push(Class::Breaking, path, "now required: `build()` fails without it".to_owned());
        } else if input && was && !is {
            self.push(Class::Behaviour, path, "no longer required: `build()` accepts it unset".to_owned());
        }
        match (old.get("default"), new.get("default")) {
            (a, b) if a == b => {}
            (None, Some(value)) => self.push(Class::Behaviour, path, format!("default {value} when absent")),
            (Some(_), None) => self.push(Class::Behaviour, path, "no default any more".to_owned()),
            (Some(a), Some(b)) => self.push(Class::Behaviour, path, format!("default {a} → {b}")),
            (None, None) => {}
        }
        self.notes(path, old, new);
        self.sensitivity(path, old, new);
        self.wire(path, old, new);
        self.constraints(path, object(old, "constraints"), object(new, "constraints"));
    }

    fn union(&mut self, path: &str, old: &Map<String, Value>, new: &Map<String, Value>) {
        let (old_variants, new_variants) = (object(old, "variants"), object(new, "variants"));
        for (name, entry) in new_variants {
            let entry = as_object(entry);
            let variant_path = format!("{path}::{}", text(entry, "variant"));
            let Some(before) = old_variants.get(name).map(as_object) else {
                let what = format!("variant {} added (the union is `#[non_exhaustive]`)", code(name));
                self.push(Class::Additive, &variant_path, what);
                continue;
            };
            if text(before, "variant") != text(entry, "variant") {
                let what = format!("variant of {} renamed from {}", code(name), code(text(before, "variant")));
                self.push(Class::Breaking, &variant_path, what);
            }
            if text(before, "type") != text(entry, "type") {
                let what = format!("type {} → {}", code(text(before, "type")), code(text(entry, "type")));
                self.push(Class::Breaking, &variant_path, what);
            }
            self.notes(&variant_path, before, entry);
            self.sensitivity(&variant_path, before, entry);
            self.wire(&variant_path, before, entry);
            self.constraints(&variant_path, object(before, "constraints"), object(entry, "constraints"));
        }
        for (name, entry) in old_variants {
            if !new_variants.contains_key(name) {
                let variant_path = format!("{path}::{}", text(as_object(entry), "variant"));
                self.push(Class::Breaking, &variant_path, format!("variant {} removed", code(name)));
            }
        }
    }

    fn enum_values(&mut self, path: &str, old: &Map<String, Value>, new: &Map<String, Value>) {
        for (value, entry) in new {
            let entry = as_object(entry);
            let variant_path = format!("{path}::{}", text(entry, "variant"));
            let Some(before) = old.get(value).map(as_object) else {
                let what = format!(
                    "value {} added (the enum is `#[non_exhaustive]`; it parsed as `Unknown` before)",
                    code(value)
                );
                self.push(Class::Additive, &variant_path, what);
                continue;
            };
            if text(before, "variant") != text(entry, "variant") {
                let what = format!("variant of {} renamed from {}", code(value), code(text(before, "variant")));
                self.push(Class::Breaking, &variant_path, what);
            }
            self.notes(&variant_path, before, entry);
        }
        for (value, entry) in old {
            if !new.contains_key(value) {
                let variant_path = format!("{path}::{}", text(as_object(entry), "variant"));
                let what = format!("value {} removed (it parses as `Unknown` now)", code(value));
                self.push(Class::Breaking, &variant_path, what);
            }
        }
    }

    /// Constraints, by place: tighter, looser, or changed where neither can be said.
    fn constraints(&mut self, path: &str, old: &Map<String, Value>, new: &Map<String, Value>) {
        let mut places: Vec<&String> = old.keys().chain(new.keys()).collect();
        places.sort();
        places.dedup();
        for place in places {
            let (a, b) = (old.get(place).map(as_object), new.get(place).map(as_object));
            let (a, b) = (a.cloned().unwrap_or_default(), b.cloned().unwrap_or_default());
            if a == b {
                continue;
            }
            let at = if place.is_empty() { String::new() } else { format!(" on its {}", place.replace('.', "'s ")) };
            for key in ["length", "range", "pattern", "unique"] {
                let (x, y) = (a.get(key), b.get(key));
                if x == y {
                    continue;
                }
                let direction = match (x, y) {
                    (None, Some(_)) => "tightened",
                    (Some(_), None) => "loosened",
                    (Some(x), Some(y)) if key == "length" || key == "range" => bounds_direction(key, x, y),
                    _ => "changed",
                };
                let show = |v: Option<&Value>| v.map_or_else(|| "none".to_owned(), |v| describe(key, v));
                let what = format!(
                    "constraint {direction}{at}: {} → {} (`validate()` checks it; the API is the same)",
                    show(x),
                    show(y)
                );
                self.push(Class::Behaviour, path, what);
            }
        }
    }
}

fn kind_name(entry: &Map<String, Value>) -> String {
    match text(entry, "kind") {
        "structure" => match text(entry, "role") {
            "error" => "error structure".to_owned(),
            "input" => "input structure".to_owned(),
            "output" => "output structure".to_owned(),
            _ => "structure".to_owned(),
        },
        "intEnum" => "int enum".to_owned(),
        other => other.to_owned(),
    }
}

/// A constraint in the model's terms: `length 1..=128`, `range ..=100`, `pattern ^a+$`.
fn describe(key: &str, value: &Value) -> String {
    match (key, value.as_array()) {
        ("length" | "range", Some(bounds)) => {
            let bound = |i: usize| match bounds.get(i) {
                Some(Value::Null) | None => String::new(),
                Some(Value::String(s)) => s.clone(),
                Some(other) => other.to_string(),
            };
            let upper = bound(1);
            if upper.is_empty() { format!("{key} {}..", bound(0)) } else { format!("{key} {}..={upper}", bound(0)) }
        }
        ("pattern", _) => format!("pattern {}", code(value.as_str().unwrap_or(""))),
        ("unique", _) => "unique items".to_owned(),
        _ => value.to_string(),
    }
}

/// Whether `[min, max]` bounds got tighter, looser, or both.
fn bounds_direction(key: &str, old: &Value, new: &Value) -> &'static str {
    let bound = |v: &Value, i: usize| -> Option<f64> {
        match v.as_array().and_then(|a| a.get(i)) {
            Some(Value::String(s)) => s.parse().ok(),
            Some(Value::Number(n)) => n.as_f64(),
            _ => None,
        }
    };
    // A length is never negative: no minimum is a minimum of 0.
    let floor = if key == "length" { 0.0 } else { f64::NEG_INFINITY };
    let lower = |v: &Value| bound(v, 0).unwrap_or(floor);
    let upper = |v: &Value| bound(v, 1).unwrap_or(f64::INFINITY);
    let tighter = lower(new) > lower(old) || upper(new) < upper(old);
    let looser = lower(new) < lower(old) || upper(new) > upper(old);
    match (tighter, looser) {
        (true, false) => "tightened",
        (false, true) => "loosened",
        _ => "changed",
    }
}
