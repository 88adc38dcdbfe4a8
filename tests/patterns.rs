//! The pattern matcher every generated crate carries (`codegen/runtime/pattern.rs`, running the
//! programs `codegen::pattern` compiles) against the `regex` crate, on every pattern of the
//! official models and on patterns written to exercise each feature: the same answer for every
//! string tried. Strings come from each pattern's own shape (a walk of its syntax tree that
//! mostly matches, then mutated into near misses) and from its alphabet at random.
//! `PATTERN_CASES` sets the strings per pattern (default 2,000).

#[allow(dead_code, reason = "the generated crates use all of it; this test drives it directly")]
#[path = "../codegen/runtime/pattern.rs"]
mod pattern;

use codegen::pattern::{Inst, Node};

use tests::Rng;

/// A random index below `n`.
fn below(rng: &mut Rng, n: usize) -> usize {
    rng.below(n as u64) as usize
}

/// The runtime form of a compiled program, encoded as the generator writes it into a crate
/// (leaked: the runtime wants `'static` data).
fn runtime_pattern(program: &[Inst]) -> pattern::Pattern {
    let encoded = codegen::pattern::encode(program).unwrap();
    pattern::Pattern {
        source: "",
        program: Box::leak(encoded.program.into_boxed_slice()),
        ranges: Box::leak(encoded.ranges.into_boxed_slice()),
    }
}

/// The same pattern in the `regex` crate's syntax, every class spelled out; `None` for what it
/// cannot say (an empty class).
fn to_regex(node: &Node) -> Option<String> {
    Some(match node {
        Node::Empty => "(?:)".to_owned(),
        Node::Class(ranges, negated) => {
            // Surrogates are no characters: left out of the ranges.
            let mut parts = String::new();
            for &(a, b) in ranges {
                for (a, b) in [(a, b.min(0xD7FF)), (a.max(0xE000), b)] {
                    if a <= b {
                        parts.push_str(&format!("\\x{{{a:X}}}-\\x{{{b:X}}}"));
                    }
                }
            }
            match (parts.is_empty(), negated) {
                (true, true) => "(?s:.)".to_owned(),
                (true, false) => return None,
                (false, true) => format!("[^{parts}]"),
                (false, false) => format!("[{parts}]"),
            }
        }
        Node::Start => "^".to_owned(),
        Node::End => "$".to_owned(),
        Node::WordBoundary(true) => "(?-u:\\b)".to_owned(),
        Node::WordBoundary(false) => "(?-u:\\B)".to_owned(),
        Node::Concat(items) => items.iter().map(|i| to_regex(i).map(|r| format!("(?:{r})"))).collect::<Option<String>>()?,
        Node::Alternation(branches) => {
            format!("(?:{})", branches.iter().map(to_regex).collect::<Option<Vec<_>>>()?.join("|"))
        }
        Node::Repeat(inner, min, max) => match max {
            Some(max) => format!("(?:{}){{{min},{max}}}", to_regex(inner)?),
            None => format!("(?:{}){{{min},}}", to_regex(inner)?),
        },
    })
}

/// A character from a class: inside it (or, for a negated class, outside).
fn class_char(rng: &mut Rng, ranges: &[(u32, u32)], negated: bool) -> char {
    if negated || ranges.is_empty() {
        return *['a', 'Z', '0', ' ', '-', '\n', 'é', '😀'].get(below(rng, 8)).unwrap_or(&'a');
    }
    let (a, b) = ranges[below(rng, ranges.len())];
    let c = a + (rng.bits() % u64::from(b - a + 1)) as u32;
    char::from_u32(c).unwrap_or('\u{FFFD}')
}

/// A string that follows the pattern's shape (so often matches).
fn walk(rng: &mut Rng, node: &Node, out: &mut String) {
    match node {
        Node::Class(ranges, negated) => out.push(class_char(rng, ranges, *negated)),
        Node::Concat(items) => items.iter().for_each(|i| walk(rng, i, out)),
        Node::Alternation(branches) => {
            let pick = below(rng, branches.len());
            walk(rng, &branches[pick], out);
        }
        Node::Repeat(inner, min, max) => {
            let top = max.unwrap_or(min + 3).min(min + 3);
            let n = *min as usize + below(rng, (top - min + 1) as usize);
            for _ in 0..n {
                walk(rng, inner, out);
            }
        }
        Node::Empty | Node::Start | Node::End | Node::WordBoundary(_) => {}
    }
}

/// Every character that matters to a pattern: its class edges and their neighbours.
fn alphabet(node: &Node, out: &mut Vec<char>) {
    match node {
        Node::Class(ranges, _) => {
            for &(a, b) in ranges {
                for c in [a.saturating_sub(1), a, a + (b - a) / 2, b, b.saturating_add(1)] {
                    out.extend(char::from_u32(c));
                }
            }
        }
        Node::Concat(items) | Node::Alternation(items) => items.iter().for_each(|i| alphabet(i, out)),
        Node::Repeat(inner, ..) => alphabet(inner, out),
        _ => {}
    }
}

fn strings(rng: &mut Rng, node: &Node, count: usize) -> Vec<String> {
    let mut letters = vec![' ', 'a', 'Z', '0', '_', '-', '\n', '\r', '\t', 'é', '😀', '\u{2028}', '\u{FEFF}', '\u{10FFFF}'];
    alphabet(node, &mut letters);
    let mut out = vec![String::new()];
    for i in 0..count {
        let mut s = String::new();
        if i % 3 == 0 {
            for _ in 0..below(rng, 24) {
                s.push(letters[below(rng, letters.len())]);
            }
        } else {
            walk(rng, node, &mut s);
            // A near miss, half the time: one character replaced, inserted or deleted.
            if below(rng, 2) == 0 {
                let mut chars: Vec<char> = s.chars().collect();
                let at = below(rng, chars.len() + 1);
                match below(rng, 3) {
                    0 if at < chars.len() => chars[at] = letters[below(rng, letters.len())],
                    1 => chars.insert(at, letters[below(rng, letters.len())]),
                    _ if at < chars.len() => {
                        chars.remove(at);
                    }
                    _ => {}
                }
                s = chars.into_iter().collect();
            }
            if below(rng, 4) == 0 {
                s = format!("{}{s}{}", letters[below(rng, letters.len())], letters[below(rng, letters.len())]);
            }
        }
        out.push(s);
    }
    out
}

/// Every `@pattern` in the official models.
fn model_patterns() -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(tests::shared().join("models")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        let mut stack = vec![&json];
        while let Some(value) = stack.pop() {
            match value {
                serde_json::Value::Object(map) => {
                    if let Some(serde_json::Value::String(p)) = map.get("smithy.api#pattern") {
                        out.push(p.clone());
                    }
                    stack.extend(map.values());
                }
                serde_json::Value::Array(items) => stack.extend(items),
                _ => {}
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

const FEATURES: &[&str] = &[
    "abc",
    "^abc$",
    "a|b|",
    "^(?:ab|cd)+$",
    "^(a|ab)(c|bcd)(d*)$",
    "x{3}",
    "^x{2,4}$",
    "^(?:a{2}){1,2}b{0,1}$",
    "^[^a-c]*$",
    "\\bword\\b",
    "\\Bo\\B",
    "^.+$",
    "^(?s).+$",
    "^\\s*\\S+\\s*$",
    "^\\w+@\\w+\\.\\w{2,3}$",
    "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$",
    "^[\\u0041-\\u005A\\u00e9]+$",
    "^[\\uD83D\\uDE00-\\uD83D\\uDE4F]$",
    "^\\p{Alnum}{1,8}$",
    "^[\\p{Punct}\\s]+$",
    "(a*)*b",
    "^(a?){10}a{10}$",
    "^$",
    "a$|^b",
    "[-a]",
    "[a-]",
    "[\\w-]+",
    "^[\\]\\[\\-]+$",
    "\\x41\\u{1F600}?",
    "^(?:(?:(?:a)))*$",
    "^a+?b*?$",
    "^[^]+$",
];

#[test]
fn the_matcher_agrees_with_the_regex_crate() {
    let cases: usize = std::env::var("PATTERN_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(2_000);
    let mut rng = Rng(0x5EED);
    let mut patterns: Vec<String> = FEATURES.iter().map(|p| (*p).to_owned()).collect();
    let from_models = model_patterns();
    assert!(from_models.len() >= 20, "the official models have patterns");
    patterns.extend(from_models);
    let mut compared = 0;
    for source in &patterns {
        let Ok(program) = codegen::pattern::compile(source) else { continue };
        let node = codegen::pattern::parse(source).unwrap();
        let Some(translated) = to_regex(&node) else { continue };
        let reference = regex::Regex::new(&translated).unwrap_or_else(|e| panic!("{source} as {translated}: {e}"));
        let ours = runtime_pattern(&program);
        let (mut matched, mut missed) = (0, 0);
        for text in strings(&mut rng, &node, cases) {
            let expected = reference.is_match(&text);
            assert_eq!(ours.is_match(&text), expected, "pattern {source:?} (as {translated}) on {text:?}");
            if expected { matched += 1 } else { missed += 1 }
        }
        // The strings are meant to land on both sides (a few patterns match everything).
        assert!(matched > 0, "{source}: no string matched");
        compared += 1;
        let _ = missed;
    }
    assert!(compared >= 50, "{compared} patterns compared");
}

#[test]
fn the_refused_patterns_of_the_official_models_say_why() {
    for source in model_patterns() {
        if let Err(reason) = codegen::pattern::compile(&source) {
            assert!(!reason.0.is_empty(), "{source}");
            println!("not checked: {source}: {reason}");
        }
    }
}

#[test]
fn the_matcher_takes_any_bytes_for_a_program_without_panicking() {
    // A crate's programs come from the generator, but the matcher reads them as untrusted bytes:
    // a truncated instruction, an unknown opcode, a jump or a class range out of bounds ends a
    // thread, never the process.
    let mut rng = Rng(0xB17E);
    let mut matched = 0;
    for _ in 0..5_000 {
        let mut program = Vec::new();
        for _ in 0..below(&mut rng, 12) {
            program.push(below(&mut rng, 10) as u8);
            program.extend((below(&mut rng, 14) as u16).to_le_bytes());
            program.extend((below(&mut rng, 4) as u16).to_le_bytes());
        }
        program.truncate(program.len().saturating_sub(below(&mut rng, 3)));
        let ranges: Vec<u8> = (0..below(&mut rng, 30)).map(|_| [0, 0x61, 0x62, 0xFF][below(&mut rng, 4)]).collect();
        let pattern =
            pattern::Pattern { source: "", program: Box::leak(program.into_boxed_slice()), ranges: Box::leak(ranges.into_boxed_slice()) };
        let text: String = (0..below(&mut rng, 8)).map(|_| ['a', 'b', ' ', '\u{10FFFF}'][below(&mut rng, 4)]).collect();
        matched += usize::from(pattern.is_match(&text));
    }
    // Some of the random programs reach `Match` (opcode 8).
    assert!(matched > 0);
}
