//! Bad models give errors, never panics: every problem on its own line, each starting with the
//! Smithy shape path it concerns. The texts are insta snapshots: error text is user interface.

fn snapshot(name: &str) {
    let errors = match tests::generate_fixture("bad", name) {
        Ok(_) => panic!("{name} should be rejected"),
        Err(errors) => errors,
    };
    let text = errors.to_string();
    assert_eq!(text.lines().count(), errors.len(), "one problem per line");
    insta::assert_snapshot!(name, text);
}

tests::fixture_tests!(
    "bad", snapshot;
    dangling_target,
    default_of_wrong_type,
    duplicate_enum_value,
    enum_without_members,
    error_without_error_trait,
    input_not_a_structure,
    invalid_json,
    invalid_shape_id,
    invalid_timestamp_format,
    length_min_above_max,
    list_without_member,
    many_problems,
    map_key_not_a_string,
    member_names_differ_only_in_case,
    missing_version,
    no_protocol,
    no_service,
    operation_target_as_member,
    range_not_numeric,
    required_cycle,
    streaming_blob,
    two_services,
    unknown_shape_type,
    wrong_json_types,
    wrong_version,
);
