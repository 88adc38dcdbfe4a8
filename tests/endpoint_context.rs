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
