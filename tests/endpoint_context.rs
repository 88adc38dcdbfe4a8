//! `operationContextParams`: the endpoint parameters DynamoDB's batch and transaction
//! operations bind by JMESPath into their input (`keys(RequestItems)`,
//! `TransactItems[*].Get.TableName`, and a multi-select list flattened), as compiled into the
//! example's crate, and the endpoint they lead to.

use dynamodb::endpoint::{Params, resolve};
use dynamodb::operation::Operation;
use dynamodb::operation::batch_get_item::BatchGetItemInput;
use dynamodb::operation::transact_get_items::TransactGetItemsInput;
use dynamodb::operation::transact_write_items::TransactWriteItemsInput;
use dynamodb::types::{AttributeValue, ConditionCheck, Delete, Get, KeysAndAttributes, Put, TransactGetItem, TransactWriteItem};

const ARN_A: &str = "arn:aws:dynamodb:us-east-1:222222222222:table/a";
const ARN_B: &str = "arn:aws:dynamodb:us-east-1:222222222222:table/b";

fn key() -> [(String, AttributeValue); 1] {
    [("pk".to_owned(), AttributeValue::S("v".to_owned()))]
}

fn keys() -> KeysAndAttributes {
    KeysAndAttributes::builder().keys([std::collections::BTreeMap::from(key())]).build().unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn batch_get_item_binds_the_tables_of_its_request_items() {
    let input = BatchGetItemInput::builder().request_items([(ARN_B, keys()), (ARN_A, keys())]).build().unwrap_or_else(|e| panic!("{e}"));
    let params = input.endpoint_params(Params::default().with_region("us-east-1"));
    assert_eq!(params.resource_arn_list, Some(vec![ARN_A.to_owned(), ARN_B.to_owned()]), "map keys, in the map's order");
    // With the account in the ARNs, the rules choose the account's own endpoint.
    let endpoint = resolve(&params.with_account_id_endpoint_mode("preferred")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(endpoint.url(), "https://222222222222.ddb.us-east-1.amazonaws.com");
}

#[test]
fn transactions_bind_each_items_table_and_leave_the_parameter_unset_without_any() {
    let get = |table: &str| {
        let get = Get::builder().table_name(table).key(key()).build().unwrap_or_else(|e| panic!("{e}"));
        TransactGetItem::builder().get(get).build().unwrap_or_else(|e| panic!("{e}"))
    };
    let input = TransactGetItemsInput::builder().transact_items([get(ARN_A), get("plain")]).build().unwrap_or_else(|e| panic!("{e}"));
    let params = input.endpoint_params(Params::default());
    assert_eq!(params.resource_arn_list, Some(vec![ARN_A.to_owned(), "plain".to_owned()]));

    // `TransactItems[*].[ConditionCheck.TableName, Put.TableName, Delete.TableName, Update.TableName][]`:
    // whichever each item holds, in order.
    let check = ConditionCheck::builder().table_name("c").key(key()).condition_expression("attribute_exists(pk)").build();
    let put = Put::builder().table_name("p").item(key()).build();
    let delete = Delete::builder().table_name("d").key(key()).build();
    let items = [
        TransactWriteItem::builder().put(put.unwrap_or_else(|e| panic!("{e}"))).build(),
        TransactWriteItem::builder().condition_check(check.unwrap_or_else(|e| panic!("{e}"))).build(),
        TransactWriteItem::builder().delete(delete.unwrap_or_else(|e| panic!("{e}"))).build(),
    ];
    let input = TransactWriteItemsInput::builder()
        .transact_items(items)
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let params = input.endpoint_params(Params::default());
    assert_eq!(params.resource_arn_list, Some(vec!["p".to_owned(), "c".to_owned(), "d".to_owned()]));

    let empty = TransactWriteItemsInput::builder().transact_items(Vec::<TransactWriteItem>::new()).build();
    let params = empty.unwrap_or_else(|e| panic!("{e}")).endpoint_params(Params::default());
    assert_eq!(params.resource_arn_list, None, "no table, no parameter");
}

/// A binding the crate cannot make is a warning naming the operation and the parameter, never
/// a silent gap: a path to a number, a path giving one value for a string array, a path that is
/// not JMESPath, a member of the wrong type, a static value of the wrong type, and a parameter
/// the rules do not have. The one binding that compiles gives no warning.
#[test]
fn bindings_the_crate_cannot_make_are_warnings() {
    let model = serde_json::json!({
        "smithy": "2.0",
        "shapes": {
            "example#Svc": {
                "type": "service",
                "version": "2024-01-01",
                "operations": [{ "target": "example#Op" }],
                "traits": {
                    "aws.protocols#awsJson1_0": {},
                    "smithy.rules#endpointRuleSet": {
                        "version": "1.0",
                        "parameters": {
                            "Names": { "type": "stringArray", "required": false, "documentation": "names" },
                            "Count": { "type": "string", "required": false, "documentation": "a count" },
                            "One": { "type": "stringArray", "required": false, "documentation": "one name" },
                            "Bad": { "type": "string", "required": false, "documentation": "bad path" },
                            "Flag": { "type": "boolean", "required": false, "documentation": "a flag" },
                            "Mode": { "type": "string", "required": false, "documentation": "a mode" }
                        },
                        "rules": [{ "conditions": [], "endpoint": { "url": "https://example.com" }, "type": "endpoint" }]
                    }
                }
            },
            "example#Op": {
                "type": "operation",
                "input": { "target": "example#OpInput" },
                "output": { "target": "smithy.api#Unit" },
                "traits": {
                    "smithy.rules#operationContextParams": {
                        "Names": { "path": "Items[*].Id" },
                        "Count": { "path": "N" },
                        "One": { "path": "Label" },
                        "Bad": { "path": "Items[" }
                    },
                    "smithy.rules#staticContextParams": {
                        "Mode": { "value": true },
                        "Missing": { "value": "x" }
                    }
                }
            },
            "example#OpInput": {
                "type": "structure",
                "members": {
                    "Items": { "target": "example#Items" },
                    "N": { "target": "smithy.api#Integer" },
                    "Label": { "target": "smithy.api#String" },
                    "On": { "target": "smithy.api#Integer", "traits": { "smithy.rules#contextParam": { "name": "Flag" } } }
                },
                "traits": { "smithy.api#input": {} }
            },
            "example#Items": { "type": "list", "member": { "target": "example#Item" } },
            "example#Item": { "type": "structure", "members": { "Id": { "target": "smithy.api#String" } } }
        }
    });
    let generated = codegen::generate_with_report(&model.to_string(), &tests::standalone_settings("warnings"))
        .unwrap_or_else(|e| panic!("{e}"));
    let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    let unbound = |param: &str| warnings.iter().filter(|w| w.contains(&format!("endpoint parameter `{param}` is left unbound"))).count();
    for param in ["Count", "One", "Bad", "Flag", "Mode", "Missing"] {
        assert_eq!(unbound(param), 1, "`{param}` should be warned about once: {warnings:#?}");
    }
    assert_eq!(unbound("Names"), 0, "`Names` is bound: {warnings:#?}");
    assert!(warnings.iter().all(|w| w.starts_with("example#Op: ")), "each names the operation: {warnings:#?}");
    assert!(warnings.iter().any(|w| w.contains("its path `Items[`")), "the path is quoted: {warnings:#?}");
    assert!(warnings.iter().any(|w| w.contains("`Missing`") && w.contains("no such parameter")), "{warnings:#?}");
    let operation = generated.files.iter().find(|f| f.path == "src/operation/op.rs").unwrap_or_else(|| panic!("no op.rs"));
    assert!(operation.contents.contains("params.names = "), "the path that compiles is bound");
}
