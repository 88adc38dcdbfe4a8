//! Very large and very deep models: the generator copes without stack overflow (it walks models
//! with explicit stacks, never recursion per nesting level), in time proportional to the model.
//! The models are built here: a chain of 10,000 structures each nesting the next, and a model of
//! 100,000 shapes. Each run prints its time; timings are not asserted (CI machines vary).

use std::fmt::Write as _;
use std::time::Instant;

/// A service with one operation `Op` and the given shapes; `OpInput` and `OpOutput` hold `member`.
fn model(member_target: &str, shapes: &str) -> String {
    format!(
        r#"{{"smithy":"2.0","shapes":{{
"example.big#Service":{{"type":"service","version":"1","operations":[{{"target":"example.big#Op"}}],"traits":{{"aws.protocols#awsJson1_1":{{}}}}}},
"example.big#Op":{{"type":"operation","input":{{"target":"example.big#OpInput"}},"output":{{"target":"example.big#OpOutput"}}}},
"example.big#OpInput":{{"type":"structure","members":{{"Value":{{"target":"{member_target}"}}}},"traits":{{"smithy.api#input":{{}}}}}},
"example.big#OpOutput":{{"type":"structure","members":{{"Value":{{"target":"{member_target}"}}}},"traits":{{"smithy.api#output":{{}}}}}}
{shapes}}}}}"#
    )
}

fn generate(name: &str, text: &str) -> Vec<codegen::GeneratedFile> {
    let started = Instant::now();
    let files = codegen::generate(text, &tests::standalone_settings(name)).unwrap_or_else(|e| panic!("{name}:\n{e}"));
    let lines: usize = files.iter().map(|f| f.contents.lines().count()).sum();
    println!("{name}: {} bytes of model, {lines} lines generated in {:?}", text.len(), started.elapsed());
    files
}

#[test]
fn a_chain_of_ten_thousand_nested_structures() {
    let depth: usize = std::env::var("CHAIN_DEPTH").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000);
    let mut shapes = String::new();
    for i in 0..depth {
        let next = if i + 1 == depth {
            r#""Leaf":{"target":"smithy.api#String"}"#.to_owned()
        } else {
            format!(r#""Next":{{"target":"example.big#S{}"}}"#, i + 1)
        };
        write!(shapes, r#","example.big#S{i}":{{"type":"structure","members":{{{next},"Name":{{"target":"smithy.api#String"}}}}}}"#).unwrap();
    }
    let files = generate("chain", &model("example.big#S0", &shapes));
    let types = files.iter().find(|f| f.path == "src/types.rs").unwrap();
    assert!(types.contents.contains(&format!("pub struct S{}", depth - 1)));
}

#[test]
fn a_model_of_a_hundred_thousand_shapes() {
    let env = |name: &str, default: usize| std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default);
    let count = env("SHAPE_COUNT", 100_000);
    // Reachable from the operation: a tree of structures, ten members each, every member
    // targeting a structure of the next level or a constrained string. The rest of the shapes
    // are loaded and checked but not generated (`REACHABLE=50000` generates them all: some
    // fifteen million lines, for a release build).
    let reachable = env("REACHABLE", 2_000).min(count / 2);
    let mut shapes = String::new();
    for i in 0..reachable {
        let members: Vec<String> = (0..10)
            .map(|m| {
                let child = i * 10 + m + 1;
                let target =
                    if child < reachable { format!("example.big#T{child}") } else { format!("example.big#Str{}", child % reachable) };
                format!(r#""M{m}":{{"target":"{target}"}}"#)
            })
            .collect();
        write!(shapes, r#","example.big#T{i}":{{"type":"structure","members":{{{}}}}}"#, members.join(",")).unwrap();
        write!(shapes, r#","example.big#Str{i}":{{"type":"string","traits":{{"smithy.api#length":{{"min":1,"max":{}}}}}}}"#, i + 1)
            .unwrap();
    }
    for i in 0..count - 2 * reachable {
        write!(
            shapes,
            r#","example.big#U{i}":{{"type":"structure","members":{{"Next":{{"target":"example.big#U{}"}},"At":{{"target":"smithy.api#Timestamp"}}}}}}"#,
            (i + 1) % (count - 2 * reachable)
        )
        .unwrap();
    }
    generate("wide", &model("example.big#T0", &shapes));
}

/// Lists and maps holding each other `depth` deep, with no structure between.
fn nested_collections(depth: usize) -> String {
    let mut shapes = String::new();
    for i in 0..depth {
        let (kind, next) = if i + 1 == depth {
            ("list", r#""member":{"target":"smithy.api#String"}"#.to_owned())
        } else if i % 2 == 0 {
            ("list", format!(r#""member":{{"target":"example.big#C{}"}}"#, i + 1))
        } else {
            ("map", format!(r#""key":{{"target":"smithy.api#String"}},"value":{{"target":"example.big#C{}"}}"#, i + 1))
        };
        write!(shapes, r#","example.big#C{i}":{{"type":"{kind}",{next}}}"#).unwrap();
    }
    model("example.big#C0", &shapes)
}

/// Collections in collections make one Rust type, so their nesting is limited (to 32): deeper is
/// an error at the outermost one, even ten thousand deep, not a stack overflow.
#[test]
fn ten_thousand_nested_lists_and_maps_are_an_error() {
    generate("collections", &nested_collections(32));
    let errors = codegen::generate(&nested_collections(10_000), &tests::standalone_settings("collections")).unwrap_err();
    assert_eq!(
        errors.to_string(),
        "example.big#C0: not supported: lists and maps nested 10000 deep with no structure between; at most 32 make one Rust type"
    );
}

/// Each shape of a mixin chain holds every member above it, so a chain costs its length squared:
/// two thousand deep is two million members, plenty to show no recursion per link.
#[test]
fn a_chain_of_two_thousand_mixins() {
    let depth = 2_000;
    let mut shapes = String::new();
    for i in 0..depth {
        let mixins = if i + 1 == depth { String::new() } else { format!(r#","mixins":[{{"target":"example.big#M{}"}}]"#, i + 1) };
        write!(
            shapes,
            r#","example.big#M{i}":{{"type":"structure","members":{{"F{i}":{{"target":"smithy.api#String"}}}},"traits":{{"smithy.api#mixin":{{}}}}{mixins}}}"#
        )
        .unwrap();
    }
    write!(shapes, r#","example.big#Mixed":{{"type":"structure","members":{{}},"mixins":[{{"target":"example.big#M0"}}]}}"#).unwrap();
    let files = generate("mixins", &model("example.big#Mixed", &shapes));
    let types = files.iter().find(|f| f.path == "src/types.rs").unwrap();
    assert!(types.contents.contains("pub f1999: Option<String>"));
}

#[test]
fn documentation_nested_ten_thousand_tags_deep() {
    let docs = format!("{}deep{}", "<ul><li><b>".repeat(10_000), "</b></li></ul>".repeat(10_000));
    let shapes = format!(
        r#","example.big#Doc":{{"type":"structure","members":{{"Name":{{"target":"smithy.api#String","traits":{{"smithy.api#documentation":{}}}}}}}}}"#,
        serde_json::Value::String(docs)
    );
    generate("docs", &model("example.big#Doc", &shapes));
}

/// A model whose JSON itself nests a hundred thousand deep (in an unknown trait's value, which
/// the generator otherwise ignores) is refused as JSON it will not read, not a stack overflow.
#[test]
fn json_nested_a_hundred_thousand_deep_is_an_error() {
    let depth = 100_000;
    let value = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let text = model("smithy.api#String", "").replacen(
        r#""traits":{"aws.protocols#awsJson1_1":{}}"#,
        &format!(r#""traits":{{"aws.protocols#awsJson1_1":{{}},"example.big#deep":{value}}}"#),
        1,
    );
    assert!(text.contains("example.big#deep"));
    let errors = codegen::generate(&text, &tests::standalone_settings("deep-json")).unwrap_err();
    let message = errors.to_string();
    assert!(message.starts_with("model: not valid JSON: recursion limit exceeded"), "{message}");
}
