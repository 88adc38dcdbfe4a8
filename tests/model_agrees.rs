//! Our `model/` is a faithful extract of the official CloudTrail model: the same shapes (ids,
//! types, members in the same order, targets, traits) and the same endpoint rule set and tests,
//! differing only in documentation text.

use std::collections::{BTreeMap, BTreeSet};

use codegen::json::Json;

const SERVICE: &str = "com.amazonaws.cloudtrail#CloudTrail_20131101";
const OPERATION: &str = "com.amazonaws.cloudtrail#StartImport";
const DOCUMENTATION: &str = "smithy.api#documentation";

fn shapes(path: &std::path::Path) -> Vec<(String, Json)> {
    let json = Json::parse(&tests::read(path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    match json.get("shapes") {
        Some(Json::Object(entries)) => entries.clone(),
        _ => panic!("{} has no shapes", path.display()),
    }
}

/// The shape with its documentation removed everywhere (shape, members).
fn without_docs(json: &Json) -> Json {
    match json {
        Json::Object(entries) => Json::Object(
            entries
                .iter()
                .filter(|(k, _)| k != DOCUMENTATION)
                .map(|(k, v)| (k.clone(), without_docs(v)))
                .filter(|(k, v)| !(k == "traits" && matches!(v, Json::Object(t) if t.is_empty())))
                .collect(),
        ),
        Json::Array(items) => Json::Array(items.iter().map(without_docs).collect()),
        other => other.clone(),
    }
}

/// An endpoint rule set or its tests without their `documentation` strings (parameters and
/// test cases have them).
fn without_rule_docs(json: &Json) -> Json {
    match json {
        Json::Object(entries) => Json::Object(
            entries.iter().filter(|(k, _)| k != "documentation").map(|(k, v)| (k.clone(), without_rule_docs(v))).collect(),
        ),
        Json::Array(items) => Json::Array(items.iter().map(without_rule_docs).collect()),
        other => other.clone(),
    }
}

const RULE_TRAITS: [&str; 2] = ["smithy.rules#endpointRuleSet", "smithy.rules#endpointTests"];

/// Shape ids reachable from the operation: input, output, errors and member targets.
fn closure(shapes: &BTreeMap<String, Json>, start: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![start.to_owned()];
    while let Some(id) = stack.pop() {
        if id.starts_with("smithy.api#") || !seen.insert(id.clone()) {
            continue;
        }
        let shape = shapes.get(&id).unwrap_or_else(|| panic!("{id} is referenced but missing"));
        for key in ["input", "output"] {
            if let Some(target) = shape.get(key).and_then(|r| r.get("target")).and_then(Json::as_str) {
                stack.push(target.to_owned());
            }
        }
        for key in ["errors"] {
            for item in shape.get(key).and_then(Json::as_array).unwrap_or_default() {
                stack.extend(item.get("target").and_then(Json::as_str).map(str::to_owned));
            }
        }
        for key in ["member", "key", "value"] {
            if let Some(target) = shape.get(key).and_then(|m| m.get("target")).and_then(Json::as_str) {
                stack.push(target.to_owned());
            }
        }
        for (_, member) in shape.get("members").and_then(Json::as_object).unwrap_or_default() {
            stack.extend(member.get("target").and_then(Json::as_str).map(str::to_owned));
        }
    }
    seen
}

#[test]
fn every_shape_of_the_closure_matches_the_official_model() {
    let ours: BTreeMap<String, Json> = shapes(&tests::root().join("model/cloudtrail.json")).into_iter().collect();
    let official: BTreeMap<String, Json> =
        shapes(&tests::shared().join("models/cloudtrail-2013-11-01.json")).into_iter().collect();

    let our_closure = closure(&ours, OPERATION);
    let official_closure = closure(&official, OPERATION);
    assert_eq!(our_closure, official_closure, "the StartImport closures differ");
    assert_eq!(our_closure.len(), 24, "StartImport reaches 24 shapes: itself, 12 errors and 11 others");

    let mut expected_ids: BTreeSet<String> = official_closure.clone();
    expected_ids.insert(SERVICE.to_owned());
    assert_eq!(ours.keys().cloned().collect::<BTreeSet<_>>(), expected_ids, "model/ has exactly the closure and the service");

    for id in &our_closure {
        let (Some(mine), Some(theirs)) = (ours.get(id), official.get(id)) else { unreachable!() };
        assert_eq!(without_docs(mine), without_docs(theirs), "{id} differs from the official model");
    }
    // Wherever the official model documents a shape or member, ours does too, in our words.
    let documented = |shape: &Json| shape.get("traits").and_then(|t| t.get(DOCUMENTATION)).is_some();
    for id in &our_closure {
        let (Some(mine), Some(theirs)) = (ours.get(id), official.get(id)) else { unreachable!() };
        assert!(documented(mine) || !documented(theirs), "{id} lacks documentation");
        for (name, member) in theirs.get("members").and_then(Json::as_object).unwrap_or_default() {
            let my_member = mine.get("members").and_then(|m| m.get(name));
            assert!(my_member.is_some_and(documented) || !documented(member), "{id}${name} lacks documentation");
        }
    }
}

#[test]
fn the_service_shape_matches_except_for_the_other_operations() {
    let ours: BTreeMap<String, Json> = shapes(&tests::root().join("model/cloudtrail.json")).into_iter().collect();
    let official: BTreeMap<String, Json> =
        shapes(&tests::shared().join("models/cloudtrail-2013-11-01.json")).into_iter().collect();
    let (Some(mine), Some(theirs)) = (ours.get(SERVICE), official.get(SERVICE)) else {
        panic!("{SERVICE} missing");
    };
    assert_eq!(mine.get("type"), theirs.get("type"));
    assert_eq!(mine.get("version"), theirs.get("version"));
    assert_eq!(mine.get("version").and_then(Json::as_str), Some("2013-11-01"));
    let targets = |s: &Json| -> BTreeSet<String> {
        s.get("operations")
            .and_then(Json::as_array)
            .unwrap_or_default()
            .iter()
            .filter_map(|o| o.get("target").and_then(Json::as_str).map(str::to_owned))
            .collect()
    };
    assert_eq!(targets(mine), BTreeSet::from([OPERATION.to_owned()]));
    assert!(targets(theirs).contains(OPERATION));
    // Every trait is carried over as is, the endpoint rule set and its tests included (the
    // facts of where the service answers); only documentation is our own.
    let traits = |s: &Json| -> BTreeMap<String, Json> {
        s.get("traits")
            .and_then(Json::as_object)
            .unwrap_or_default()
            .iter()
            .filter(|(k, _)| k != DOCUMENTATION)
            .map(|(k, v)| (k.clone(), if RULE_TRAITS.contains(&k.as_str()) { without_rule_docs(v) } else { v.clone() }))
            .collect()
    };
    let (our_traits, official_traits) = (traits(mine), traits(theirs));
    assert_eq!(our_traits, official_traits);
    for id in RULE_TRAITS {
        assert!(our_traits.contains_key(id), "model/ lacks {id}");
    }
    let cases = |s: &Json| {
        s.get("traits")
            .and_then(|t| t.get("smithy.rules#endpointTests"))
            .and_then(|t| t.get("testCases"))
            .and_then(Json::as_array)
            .map(<[Json]>::len)
    };
    assert_eq!(cases(mine), Some(49));
    // The documentation strings of the rules are ours, not copies.
    let docs = |s: &Json| -> Vec<String> {
        let mut out = Vec::new();
        let rules = s.get("traits").and_then(|t| t.get("smithy.rules#endpointRuleSet"));
        for (_, p) in rules.and_then(|r| r.get("parameters")).and_then(Json::as_object).unwrap_or_default() {
            out.extend(p.get("documentation").and_then(Json::as_str).map(str::to_owned));
        }
        out
    };
    let (ours, official) = (docs(mine), docs(theirs));
    assert_eq!(ours.len(), official.len());
    assert!(ours.iter().all(|d| !official.contains(d)), "a parameter's documentation is copied: {ours:?}");
    assert_eq!(
        our_traits.get("aws.auth#sigv4").map(ToString::to_string).as_deref(),
        Some(r#"{"name":"cloudtrail"}"#)
    );
    assert!(our_traits.contains_key("aws.protocols#awsJson1_1"));
}
