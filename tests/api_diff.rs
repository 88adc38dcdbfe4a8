//! The API report's rules, one model change at a time: each test edits a small model and
//! checks exactly which changes the report gives, and their classes.

use codegen::api::{Bump, Class};
use serde_json::{Value, json};

fn base() -> Value {
    json!({
        "smithy": "2.0",
        "shapes": {
            "ex#Svc": {
                "type": "service", "version": "2020-01-01",
                "operations": [{"target": "ex#GetThing"}, {"target": "ex#ListThings"}],
                "traits": {
                    "aws.protocols#awsJson1_1": {},
                    "aws.api#service": {"sdkId": "Svc"},
                    "smithy.rules#endpointRuleSet": {
                        "version": "1.0",
                        "parameters": {"Region": {"type": "String", "builtIn": "AWS::Region"}},
                        "rules": []
                    }
                }
            },
            "ex#GetThing": {
                "type": "operation",
                "input": {"target": "ex#GetThingInput"}, "output": {"target": "ex#GetThingOutput"},
                "errors": [{"target": "ex#NotFound"}],
                "traits": {"smithy.api#documentation": "Gets a thing."}
            },
            "ex#GetThingInput": {"type": "structure", "members": {
                "Name": {"target": "smithy.api#String", "traits": {"smithy.api#required": {}, "smithy.api#length": {"min": 1, "max": 64}}},
                "Limit": {"target": "smithy.api#Integer"}
            }},
            "ex#GetThingOutput": {"type": "structure", "members": {"Thing": {"target": "ex#Thing"}}},
            "ex#Thing": {"type": "structure", "members": {
                "Id": {"target": "smithy.api#String", "traits": {"smithy.api#required": {}}},
                "Status": {"target": "ex#Status"},
                "Shape": {"target": "ex#Shape"},
                "Created": {"target": "smithy.api#Timestamp"}
            }},
            "ex#Status": {"type": "enum", "members": {
                "ACTIVE": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "ACTIVE"}},
                "GONE": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "GONE"}}
            }},
            "ex#Shape": {"type": "union", "members": {
                "Circle": {"target": "smithy.api#Integer"},
                "Square": {"target": "smithy.api#Integer"}
            }},
            "ex#NotFound": {"type": "structure", "members": {"message": {"target": "smithy.api#String"}},
                "traits": {"smithy.api#error": "client", "smithy.api#httpError": 404}},
            "ex#ListThings": {
                "type": "operation",
                "input": {"target": "ex#ListThingsInput"}, "output": {"target": "ex#ListThingsOutput"},
                "traits": {"smithy.api#paginated": {"inputToken": "NextToken", "outputToken": "NextToken", "items": "Things"}}
            },
            "ex#ListThingsInput": {"type": "structure", "members": {"NextToken": {"target": "smithy.api#String"}}},
            "ex#ListThingsOutput": {"type": "structure", "members": {
                "NextToken": {"target": "smithy.api#String"},
                "Things": {"target": "ex#ThingList"}
            }},
            "ex#ThingList": {"type": "list", "member": {"target": "ex#Thing"}}
        }
    })
}

fn surface(model: &Value) -> codegen::api::Surface {
    let settings = tests::standalone_settings("svc");
    codegen::prepare(&model.to_string(), &settings).unwrap_or_else(|e| panic!("{e}")).api()
}

/// The changes `edit` makes to the base model, as `(class, path, what)`.
fn changes(edit: impl FnOnce(&mut Value)) -> Vec<(Class, String, String)> {
    let old = base();
    let mut new = base();
    edit(&mut new);
    let report = codegen::api::diff(&surface(&old), &surface(&new));
    report.changes.into_iter().map(|c| (c.class, c.path, c.what)).collect()
}

fn shape<'a>(model: &'a mut Value, id: &str) -> &'a mut Value {
    &mut model["shapes"][id]
}

fn classes(list: &[(Class, String, String)]) -> Vec<(Class, &str)> {
    list.iter().map(|(c, p, _)| (*c, p.as_str())).collect()
}

#[test]
fn the_same_model_gives_no_changes() {
    assert_eq!(changes(|_| {}), []);
}

#[test]
fn operations_added_and_removed() {
    let added = changes(|m| {
        m["shapes"]["ex#Svc"]["operations"].as_array_mut().unwrap().push(json!({"target": "ex#DeleteThing"}));
        m["shapes"]["ex#DeleteThing"] = json!({"type": "operation", "input": {"target": "ex#GetThingInput"}});
    });
    let paths = classes(&added);
    assert!(paths.contains(&(Class::Additive, "operation::delete_thing")), "{added:?}");
    assert!(paths.contains(&(Class::Additive, "operation::delete_thing::DeleteThingInput")), "{added:?}");
    assert!(paths.iter().all(|(c, _)| *c == Class::Additive), "{added:?}");

    let removed = changes(|m| {
        m["shapes"]["ex#Svc"]["operations"].as_array_mut().unwrap().remove(1);
    });
    let paths = classes(&removed);
    assert!(paths.contains(&(Class::Breaking, "operation::list_things")), "{removed:?}");
    assert!(paths.contains(&(Class::Breaking, "operation::list_things::ListThingsInput")), "{removed:?}");
}

#[test]
fn members_added_removed_retyped_and_renamed() {
    let list = changes(|m| {
        let members = &mut shape(m, "ex#Thing")["members"];
        members["Size"] = json!({"target": "smithy.api#Long"});
        members.as_object_mut().unwrap().remove("Created");
        members["Status"] = json!({"target": "smithy.api#String"});
    });
    assert_eq!(
        classes(&list),
        [
            (Class::Breaking, "types::Status"),
            (Class::Breaking, "types::Thing::created"),
            (Class::Breaking, "types::Thing::status"),
            (Class::Additive, "types::Thing::size"),
        ],
        "{list:?}"
    );
    assert!(list[2].2.contains("`Option<types::Status>` → `Option<String>`"), "{list:?}");
}

#[test]
fn optionality_changes_the_field_type() {
    let list = changes(|m| {
        shape(m, "ex#Thing")["members"]["Id"]["traits"] = json!({});
        shape(m, "ex#Thing")["members"]["Created"]["traits"] = json!({"smithy.api#required": {}});
    });
    let whats: Vec<(&str, &str)> = list.iter().map(|(_, p, w)| (p.as_str(), w.as_str())).collect();
    assert!(whats.contains(&("types::Thing::id", "now optional: its field is an `Option`")), "{list:?}");
    assert!(
        whats.contains(&("types::Thing::created", "now always present: its field is no longer an `Option`")),
        "{list:?}"
    );
    assert!(list.iter().all(|(c, _, _)| *c == Class::Breaking), "{list:?}");

    // Every member of an input is an `Option`: a new @required there changes only `build()`.
    let list = changes(|m| {
        shape(m, "ex#GetThingInput")["members"]["Limit"]["traits"] = json!({"smithy.api#required": {}});
    });
    assert_eq!(classes(&list), [(Class::Breaking, "operation::get_thing::GetThingInput::limit")], "{list:?}");
    assert!(list[0].2.contains("`build()` fails"), "{list:?}");
    let list = changes(|m| {
        shape(m, "ex#GetThingInput")["members"]["Name"]["traits"] = json!({"smithy.api#length": {"min": 1, "max": 64}});
    });
    assert_eq!(classes(&list), [(Class::Behaviour, "operation::get_thing::GetThingInput::name")], "{list:?}");

    // A plain structure whose first required member appears: `build()` becomes fallible.
    let list = changes(|m| {
        shape(m, "ex#GetThingOutput")["members"]["Count"] =
            json!({"target": "smithy.api#Integer", "traits": {"smithy.api#required": {}}});
    });
    assert_eq!(
        classes(&list),
        [
            (Class::Breaking, "operation::get_thing::GetThingOutput"),
            (Class::Additive, "operation::get_thing::GetThingOutput::count"),
        ],
        "{list:?}"
    );
    assert!(list[0].2.contains("now returns a `Result`"), "{list:?}");
}

#[test]
fn enum_values_and_union_variants() {
    let list = changes(|m| {
        shape(m, "ex#Status")["members"]["PENDING"] =
            json!({"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "PENDING"}});
        shape(m, "ex#Status")["members"].as_object_mut().unwrap().remove("GONE");
        shape(m, "ex#Shape")["members"]["Triangle"] = json!({"target": "smithy.api#Integer"});
        shape(m, "ex#Shape")["members"]["Square"] = json!({"target": "smithy.api#Long"});
    });
    assert_eq!(
        classes(&list),
        [
            (Class::Breaking, "types::Shape::Square"),
            (Class::Breaking, "types::Status::Gone"),
            (Class::Additive, "types::Shape::Triangle"),
            (Class::Additive, "types::Status::Pending"),
        ],
        "{list:?}"
    );
}

#[test]
fn errors_added_and_removed() {
    let list = changes(|m| {
        m["shapes"]["ex#Throttled"] = json!({"type": "structure", "members": {},
            "traits": {"smithy.api#error": "server", "smithy.api#httpError": 503}});
        shape(m, "ex#GetThing")["errors"] = json!([{"target": "ex#Throttled"}]);
    });
    let whats: Vec<(Class, &str, &str)> = list.iter().map(|(c, p, w)| (*c, p.as_str(), w.as_str())).collect();
    assert!(
        whats.contains(&(
            Class::Additive,
            "operation::get_thing",
            "error `Throttled` added to `GetThingError` (it is `#[non_exhaustive]`)"
        )),
        "{list:?}"
    );
    assert!(
        whats.contains(&(Class::Breaking, "operation::get_thing", "error `NotFound` removed from `GetThingError`")),
        "{list:?}"
    );
    assert!(whats.contains(&(Class::Breaking, "types::NotFound", "error structure removed")), "{list:?}");
    assert!(whats.contains(&(Class::Additive, "types::Throttled", "error structure added")), "{list:?}");
}

#[test]
fn wire_only_changes_are_behaviour() {
    let list = changes(|m| {
        shape(m, "ex#Thing")["members"]["Created"]["traits"] = json!({"smithy.api#timestampFormat": "date-time"});
        shape(m, "ex#NotFound")["traits"]["smithy.api#httpError"] = json!(410);
        shape(m, "ex#Thing")["members"]["Id"]["traits"]["smithy.api#sensitive"] = json!({});
    });
    assert_eq!(
        classes(&list),
        [
            (Class::Behaviour, "types::NotFound"),
            (Class::Behaviour, "types::Thing::created"),
            (Class::Behaviour, "types::Thing::id"),
        ],
        "{list:?}"
    );
    assert!(list[0].2.contains("HTTP status 404 → 410"), "{list:?}");
    assert!(list[1].2.contains("timestamps epoch-seconds` → `body Created; timestamps date-time"), "{list:?}");
    assert!(list[2].2.contains("`Debug` redacts it"), "{list:?}");
}

#[test]
fn an_error_becoming_retryable_is_behaviour() {
    let list = changes(|m| {
        shape(m, "ex#NotFound")["traits"]["smithy.api#retryable"] = json!({"throttling": true});
    });
    assert_eq!(classes(&list), [(Class::Behaviour, "types::NotFound")], "{list:?}");
    assert!(list[0].2.contains("`@retryable` none → throttling"), "{list:?}");
}

#[test]
fn constraints_tighten_and_loosen() {
    let tighter = changes(|m| {
        shape(m, "ex#GetThingInput")["members"]["Name"]["traits"]["smithy.api#length"] = json!({"min": 1, "max": 32});
        shape(m, "ex#GetThingInput")["members"]["Limit"]["traits"] = json!({"smithy.api#range": {"min": 1}});
    });
    // The generated docs state each constraint, so they change too.
    let (docs, tighter): (Vec<_>, Vec<_>) = tighter.into_iter().partition(|(c, _, _)| *c == Class::Documentation);
    assert_eq!(docs.len(), 2, "{docs:?}");
    let whats: Vec<&str> = tighter.iter().map(|(_, _, w)| w.as_str()).collect();
    assert_eq!(tighter.len(), 2, "{tighter:?}");
    assert!(tighter.iter().all(|(c, _, _)| *c == Class::Behaviour), "{tighter:?}");
    assert!(whats.iter().any(|w| w.starts_with("constraint tightened: length 1..=64 → length 1..=32")), "{whats:?}");
    assert!(whats.iter().any(|w| w.starts_with("constraint tightened: none → range 1.. (")), "{whats:?}");
    let looser = changes(|m| {
        shape(m, "ex#GetThingInput")["members"]["Name"]["traits"]["smithy.api#length"] = json!({"max": 128});
    });
    let looser: Vec<_> = looser.into_iter().filter(|(c, _, _)| *c != Class::Documentation).collect();
    assert_eq!(looser.len(), 1, "{looser:?}");
    assert!(looser[0].2.starts_with("constraint loosened: length 1..=64 → length ..=128"), "{looser:?}");
}

#[test]
fn documentation_deprecation_pagination_waiters_and_endpoint_rules() {
    let list = changes(|m| {
        shape(m, "ex#GetThing")["traits"]["smithy.api#documentation"] = json!("Gets one thing.");
        shape(m, "ex#Thing")["traits"] = json!({"smithy.api#deprecated": {"message": "use Item"}});
        let acceptors = json!([{"state": "success", "matcher": {"success": true}}]);
        shape(m, "ex#ListThings")["traits"] = json!({"smithy.waiters#waitable": {"ThingsExist": {"acceptors": acceptors}}});
        m["shapes"]["ex#Svc"]["traits"]["smithy.rules#endpointRuleSet"]["parameters"]["UseFIPS"] =
            json!({"type": "Boolean", "builtIn": "AWS::UseFIPS", "required": true, "default": false});
    });
    let whats: Vec<(Class, &str, &str)> = list.iter().map(|(c, p, w)| (*c, p.as_str(), w.as_str())).collect();
    assert!(whats.contains(&(Class::Documentation, "operation::get_thing", "documentation changed")), "{list:?}");
    assert!(
        whats.contains(&(
            Class::Additive,
            "types::Thing",
            "now deprecated: use Item (new warnings where it is used; a minor change under Cargo's rules)"
        )),
        "{list:?}"
    );
    assert!(
        whats.contains(&(
            Class::Breaking,
            "operation::list_things",
            "no longer paginated: the input loses `next_page`"
        )),
        "{list:?}"
    );
    assert!(
        whats.contains(&(
            Class::Additive,
            "operation::list_things",
            "waiters added: `ThingsExist` (in `waiter`, and `Client::wait_until_*`)"
        )),
        "{list:?}"
    );
    assert!(
        whats.contains(&(
            Class::Additive,
            "endpoint::Params",
            "parameter `UseFIPS` added (boolean, built-in AWS::UseFIPS, required, default false)"
        )),
        "{list:?}"
    );
    assert_eq!(list.len(), 5, "{list:?}");
}

#[test]
fn waiters_that_decide_differently_are_behaviour_and_removed_ones_breaking() {
    let with = |waiters: Value| {
        let mut model = base();
        shape(&mut model, "ex#GetThing")["traits"]["smithy.waiters#waitable"] = waiters;
        model
    };
    let waiter = |min: u64| json!({"minDelay": min, "acceptors": [{"state": "success", "matcher": {"success": true}}]});
    let old = with(json!({"A": waiter(2), "B": waiter(2)}));
    let new = with(json!({"A": waiter(5)}));
    let report = codegen::api::diff(&surface(&old), &surface(&new));
    let list: Vec<(Class, &str, &str)> = report.changes.iter().map(|c| (c.class, c.path.as_str(), c.what.as_str())).collect();
    assert_eq!(
        list,
        [
            (Class::Breaking, "operation::get_thing", "waiters removed: `B`"),
            (Class::Behaviour, "operation::get_thing", "waiters that decide differently (delays or acceptors): `A`"),
        ]
    );
}

#[test]
fn a_renamed_type_is_one_change() {
    // A new shape takes the Rust name `Status`'s disambiguation gave away: here, a model that
    // renames the shape and keeps nothing else is a removal and an addition; one that keeps the
    // shape id under a new Rust name is one rename.
    let list = changes(|m| {
        let status = shape(m, "ex#Status").take();
        m["shapes"].as_object_mut().unwrap().remove("ex#Status");
        m["shapes"]["ex#State"] = status;
        shape(m, "ex#Thing")["members"]["Status"] = json!({"target": "ex#State"});
    });
    let paths = classes(&list);
    assert!(paths.contains(&(Class::Breaking, "types::Status")), "{list:?}");
    assert!(paths.contains(&(Class::Additive, "types::State")), "{list:?}");
    assert!(paths.contains(&(Class::Breaking, "types::Thing::status")), "{list:?}");
}

#[test]
fn the_bump_is_the_worst_class() {
    let report = |edit: fn(&mut Value)| {
        let mut new = base();
        edit(&mut new);
        codegen::api::diff(&surface(&base()), &surface(&new))
    };
    assert_eq!(report(|_| {}).bump(), None);
    assert_eq!(
        report(|m| shape(m, "ex#GetThing")["traits"]["smithy.api#documentation"] = json!("x")).bump(),
        Some(Bump::Patch)
    );
    assert_eq!(
        report(|m| shape(m, "ex#Shape")["members"]["Hexagon"] = json!({"target": "smithy.api#Integer"})).bump(),
        Some(Bump::Minor)
    );
    assert_eq!(
        report(|m| {
            shape(m, "ex#Shape")["members"].as_object_mut().unwrap().remove("Square");
        })
        .bump(),
        Some(Bump::Major)
    );
    // What changes only the crate's own tests leaves the version alone.
    let tests_only = report(|m| {
        m["shapes"]["ex#Svc"]["traits"]["smithy.rules#endpointTests"] =
            json!({"version": "1.0", "testCases": [{"params": {}, "expect": {"error": "no region"}}]});
    });
    assert_eq!(tests_only.bump(), None);
    assert!(!tests_only.is_empty());
}

#[test]
fn reports_render_as_markdown_and_json() {
    let mut new = base();
    shape(&mut new, "ex#Shape")["members"].as_object_mut().unwrap().remove("Square");
    shape(&mut new, "ex#GetThing")["traits"]["smithy.api#documentation"] = json!("x");
    let report = codegen::api::diff(&surface(&base()), &surface(&new));
    insta::assert_snapshot!(report.markdown("old → new", Some(("0.3.1", "0.4.0"))), @r"
    ## API changes: old → new

    Suggested version bump: **major (0.3.1 → 0.4.0)**

    | Breaking | Additive | Neither (behaviour, documentation, not generated) |
    |---:|---:|---:|
    | 1 | 0 | 1 (0, 1, 0) |

    ### Breaking

    - `types::Shape::Square`: variant `Square` removed

    ### Documentation

    <details><summary>1 items</summary>

    - `operation::get_thing`: documentation changed

    </details>
    ");
    let json: Value = serde_json::from_str(&report.json(None)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json["bump"], "major");
    assert_eq!(json["counts"]["breaking"], 1);
    assert_eq!(
        json["changes"][0],
        json!({"class": "breaking", "semver": "breaking", "path": "types::Shape::Square", "change": "variant `Square` removed"})
    );
}
