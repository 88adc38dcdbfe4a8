//! The emitted code for small one-concept fixture models, locked down by insta snapshots: one
//! snapshot per fixture holding every model-derived file (the runtime copied into every crate
//! and the fixed `rustfmt.toml` are left out).

fn snapshot(name: &str) {
    let files = tests::generate_fixture("models", name).unwrap_or_else(|e| panic!("{name} should generate:\n{e}"));
    let text: String = files
        .iter()
        .filter(|f| !tests::is_runtime(f) && f.path != "rustfmt.toml")
        .map(|f| format!("=== {} ===\n{}\n", f.path, f.contents))
        .collect();
    insta::assert_snapshot!(name, text);
}

tests::fixture_tests!(
    "models", snapshot;
    awkward_names,
    enums,
    errors,
    lists,
    maps,
    mixins,
    optional_required,
    pagination,
    recursion,
    request_features,
    rest_bindings,
    simple_types,
    streaming,
    support,
    timestamps,
    unions,
    validation,
    waiters,
);
