// Not a module of xtask: `cargo xtask bench endpoints` copies this file into a generated crate
// as `src/endpoint/interp.rs` (with the rule set and its tests appended as string constants)
// to measure the other way of resolving endpoints: interpreting the rules from embedded data.

//! Endpoint resolution by interpreting the rule set: the model's `smithy.rules#endpointRuleSet`
//! is embedded as JSON text ([`RULES`]), parsed once on first use into a tree of rules whose
//! names are resolved to slots, and walked on every call. The rules engine's library is the
//! crate's own (`super::rules`), the same the compiled resolver calls, and so is its partition
//! table (`super::PARTITIONS`, which the generator emits for every rule set that calls
//! `aws.partition`, as all of AWS's do); what this adds is a JSON parser, the tree, a dynamic
//! value type and the evaluator. It knows the functions AWS's rule sets call (those the
//! generator compiles); a rule set calling another (`coalesce`, `ite`, `split`) fails to load.
#![allow(dead_code, reason = "a benchmark's interpreter: each rule set uses only some of it")]

use std::borrow::Cow;
use std::sync::OnceLock;

use super::rules::{self, Property};
use super::{Endpoint, EndpointError, PARTITIONS};

/// A parameter value given to [`resolve`].
#[derive(Clone, Copy, Debug)]
pub enum Arg<'a> {
    /// A string parameter.
    Str(&'a str),
    /// A boolean parameter.
    Bool(bool),
    /// A string-array parameter.
    List(&'a [String]),
}

/// Resolves the endpoint for `args` (parameters by their names in the rules; those left out are
/// unset, or take their default).
///
/// # Errors
///
/// The rules' error, a required parameter unset, or (the first time) a rule set that does not
/// parse.
pub fn resolve(args: &[(&str, Arg<'_>)]) -> Result<Endpoint, EndpointError> {
    let program = match PROGRAM.get_or_init(|| Program::load(RULES)) {
        Ok(program) => program,
        Err(why) => return Err(EndpointError::new(format!("the embedded rule set does not load: {why}"))),
    };
    program.resolve(args)
}

static PROGRAM: OnceLock<Result<Program, String>> = OnceLock::new();

// ---------------------------------------------------------------------------------------------
// JSON

/// A JSON value (numbers are integers: the rules hold no others).
#[derive(Clone, Debug, PartialEq)]
enum Json {
    Null,
    Bool(bool),
    Int(i64),
    Str(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn as_str(&self) -> Option<&str> {
        if let Json::Str(s) = self { Some(s) } else { None }
    }

    fn as_array(&self) -> &[Json] {
        if let Json::Array(items) = self { items } else { &[] }
    }
}

struct Parser<'t> {
    bytes: &'t [u8],
    at: usize,
}

fn parse_json(text: &str) -> Result<Json, String> {
    let mut parser = Parser { bytes: text.as_bytes(), at: 0 };
    let value = parser.value(0)?;
    parser.space();
    if parser.at == parser.bytes.len() { Ok(value) } else { Err(format!("trailing data at byte {}", parser.at)) }
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn bump(&mut self, n: usize) {
        self.at = self.at.saturating_add(n);
    }

    fn rest(&self) -> &[u8] {
        self.bytes.get(self.at..).unwrap_or_default()
    }

    fn since(&self, start: usize) -> &[u8] {
        self.bytes.get(start..self.at).unwrap_or_default()
    }

    fn space(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
            self.bump(1);
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        self.space();
        if self.peek() == Some(byte) {
            self.bump(1);
            true
        } else {
            false
        }
    }

    fn expect(&mut self, byte: u8) -> Result<(), String> {
        if self.eat(byte) { Ok(()) } else { Err(format!("expected `{}` at byte {}", char::from(byte), self.at)) }
    }

    fn value(&mut self, depth: usize) -> Result<Json, String> {
        if depth > 128 {
            return Err("nested too deeply".to_owned());
        }
        let inner = depth.saturating_add(1);
        self.space();
        match self.peek() {
            Some(b'{') => {
                self.bump(1);
                let mut entries = Vec::new();
                if !self.eat(b'}') {
                    loop {
                        self.space();
                        let key = self.string()?;
                        self.expect(b':')?;
                        entries.push((key, self.value(inner)?));
                        if self.eat(b'}') {
                            break;
                        }
                        self.expect(b',')?;
                    }
                }
                Ok(Json::Object(entries))
            }
            Some(b'[') => {
                self.bump(1);
                let mut items = Vec::new();
                if !self.eat(b']') {
                    loop {
                        items.push(self.value(inner)?);
                        if self.eat(b']') {
                            break;
                        }
                        self.expect(b',')?;
                    }
                }
                Ok(Json::Array(items))
            }
            Some(b'"') => self.string().map(Json::Str),
            Some(b't') => self.word("true", Json::Bool(true)),
            Some(b'f') => self.word("false", Json::Bool(false)),
            Some(b'n') => self.word("null", Json::Null),
            Some(b'-' | b'0'..=b'9') => {
                let start = self.at;
                self.bump(1);
                while self.peek().is_some_and(|b| b.is_ascii_digit()) {
                    self.bump(1);
                }
                let digits = std::str::from_utf8(self.since(start)).unwrap_or_default();
                digits.parse().map(Json::Int).map_err(|_| format!("not an integer at byte {start}"))
            }
            _ => Err(format!("expected a value at byte {}", self.at)),
        }
    }

    fn word(&mut self, word: &str, value: Json) -> Result<Json, String> {
        if self.rest().starts_with(word.as_bytes()) {
            self.bump(word.len());
            Ok(value)
        } else {
            Err(format!("expected `{word}` at byte {}", self.at))
        }
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let digits = self.rest().get(..4).ok_or("a short \\u escape")?;
        let digits = std::str::from_utf8(digits).map_err(|_| "a bad \\u escape")?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err("a bad \\u escape".to_owned());
        }
        let code = u32::from_str_radix(digits, 16).map_err(|_| "a bad \\u escape".to_owned())?;
        self.bump(4);
        Ok(code)
    }

    fn string(&mut self) -> Result<String, String> {
        if self.peek() != Some(b'"') {
            return Err(format!("expected a string at byte {}", self.at));
        }
        self.bump(1);
        let mut out = String::new();
        loop {
            let start = self.at;
            while self.peek().is_some_and(|b| b != b'"' && b != b'\\') {
                self.bump(1);
            }
            out.push_str(std::str::from_utf8(self.since(start)).map_err(|_| "not UTF-8")?);
            match self.peek() {
                Some(b'"') => {
                    self.bump(1);
                    return Ok(out);
                }
                Some(b'\\') => {
                    let escape = *self.rest().get(1).ok_or("an unterminated string")?;
                    self.bump(2);
                    out.push(match escape {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let high = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&high) && self.rest().starts_with(b"\\u") {
                                self.bump(2);
                                let low = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&low) {
                                    return Err(format!("a lone surrogate before byte {}", self.at));
                                }
                                let (high, low) = (high.wrapping_sub(0xD800), low.wrapping_sub(0xDC00));
                                high.wrapping_shl(10).wrapping_add(low).wrapping_add(0x10000)
                            } else {
                                high
                            };
                            char::from_u32(code).ok_or("a \\u escape that is no character")?
                        }
                        _ => return Err(format!("a bad escape at byte {}", self.at)),
                    });
                }
                _ => return Err("an unterminated string".to_owned()),
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The rule tree

/// A step of a `getAttr` path or a template reference: `a.b[0]`.
#[derive(Debug)]
enum Step {
    Field(String),
    Index(usize),
}

/// A piece of a template string.
#[derive(Debug)]
enum Piece {
    Text(String),
    Var(usize, Vec<Step>),
}

#[derive(Debug, Clone, Copy)]
enum Func {
    IsSet,
    Not,
    BooleanEquals,
    StringEquals,
    GetAttr,
    Substring,
    UriEncode,
    ParseUrl,
    IsValidHostLabel,
    Partition,
    ParseArn,
    IsVirtualHostableS3Bucket,
}

#[derive(Debug)]
enum Expr {
    Template(Vec<Piece>),
    Bool(bool),
    Int(i64),
    Array(Vec<Expr>),
    Ref(usize),
    Call(Func, Vec<Expr>),
    Attr(Box<Expr>, Vec<Step>),
}

#[derive(Debug)]
struct Condition {
    call: Expr,
    assign: Option<usize>,
}

/// A property value, with its strings templated.
#[derive(Debug)]
enum Prop {
    Str(Vec<Piece>),
    Bool(bool),
    Int(i64),
    Array(Vec<Prop>),
    Object(Vec<(String, Prop)>),
}

#[derive(Debug)]
enum Outcome {
    Endpoint { url: Expr, headers: Vec<(String, Vec<Expr>)>, properties: Vec<(String, Prop)> },
    Error(Expr),
    Tree(Vec<Rule>),
}

#[derive(Debug)]
struct Rule {
    conditions: Vec<Condition>,
    outcome: Outcome,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum ParamType {
    Str,
    Bool,
    List,
}

#[derive(Debug)]
struct Param {
    name: String,
    ty: ParamType,
    required: bool,
    default: Option<Value<'static>>,
}

#[derive(Debug)]
struct Program {
    params: Vec<Param>,
    slots: usize,
    rules: Vec<Rule>,
}

/// Name to slot: the parameters first, then every name a condition assigns.
struct Names(Vec<String>);

impl Names {
    fn slot(&self, name: &str) -> Result<usize, String> {
        self.0.iter().position(|n| n == name).ok_or_else(|| format!("`{name}` is not in scope"))
    }

    fn assign(&mut self, name: &str) -> usize {
        self.slot(name).unwrap_or_else(|_| {
            self.0.push(name.to_owned());
            self.0.len().saturating_sub(1)
        })
    }
}

fn steps(path: &str) -> Result<Vec<Step>, String> {
    let mut steps = Vec::new();
    for part in path.split('.') {
        let at = part.find('[').unwrap_or(part.len());
        let (field, mut rest) = (part.get(..at).unwrap_or_default(), part.get(at..).unwrap_or_default());
        if !field.is_empty() {
            steps.push(Step::Field(field.to_owned()));
        }
        while let Some(inner) = rest.strip_prefix('[') {
            let (index, after) = inner.split_once(']').ok_or_else(|| format!("an unclosed `[` in `{path}`"))?;
            steps.push(Step::Index(index.parse().map_err(|_| format!("a bad index in `{path}`"))?));
            rest = after;
        }
        if !rest.is_empty() {
            return Err(format!("a bad path `{path}`"));
        }
    }
    Ok(steps)
}

fn template(text: &str, names: &Names) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '{' if chars.peek().is_some_and(|&(_, n)| n == '{') => {
                chars.next();
                literal.push('{');
            }
            '}' if chars.peek().is_some_and(|&(_, n)| n == '}') => {
                chars.next();
                literal.push('}');
            }
            '{' => {
                let after = text.get(at.saturating_add(1)..).unwrap_or_default();
                let (reference, _) = after.split_once('}').ok_or_else(|| format!("an unclosed `{{` in `{text}`"))?;
                let end = at.saturating_add(reference.len()).saturating_add(1);
                while chars.peek().is_some_and(|&(i, _)| i <= end) {
                    chars.next();
                }
                if !literal.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut literal)));
                }
                let (name, path) = reference.split_once('#').unwrap_or((reference, ""));
                pieces.push(Piece::Var(names.slot(name)?, if path.is_empty() { Vec::new() } else { steps(path)? }));
            }
            _ => literal.push(c),
        }
    }
    if !literal.is_empty() || pieces.is_empty() {
        pieces.push(Piece::Text(literal));
    }
    Ok(pieces)
}

fn expr(json: &Json, names: &Names) -> Result<Expr, String> {
    Ok(match json {
        Json::Str(text) => Expr::Template(template(text, names)?),
        Json::Bool(b) => Expr::Bool(*b),
        Json::Int(n) => Expr::Int(*n),
        Json::Array(items) => Expr::Array(items.iter().map(|item| expr(item, names)).collect::<Result<_, _>>()?),
        Json::Object(_) => {
            if let Some(name) = json.get("ref").and_then(Json::as_str) {
                Expr::Ref(names.slot(name)?)
            } else if let Some(function) = json.get("fn").and_then(Json::as_str) {
                let argv = json.get("argv").map(Json::as_array).unwrap_or_default();
                let func = match function {
                    "isSet" => Func::IsSet,
                    "not" => Func::Not,
                    "booleanEquals" => Func::BooleanEquals,
                    "stringEquals" => Func::StringEquals,
                    "getAttr" => {
                        let [target, Json::Str(path)] = argv else { return Err("getAttr takes a value and a path".to_owned()) };
                        return Ok(Expr::Attr(Box::new(expr(target, names)?), steps(path)?));
                    }
                    "substring" => Func::Substring,
                    "uriEncode" => Func::UriEncode,
                    "parseURL" => Func::ParseUrl,
                    "isValidHostLabel" => Func::IsValidHostLabel,
                    "aws.partition" => Func::Partition,
                    "aws.parseArn" => Func::ParseArn,
                    "aws.isVirtualHostableS3Bucket" => Func::IsVirtualHostableS3Bucket,
                    other => return Err(format!("unknown function `{other}`")),
                };
                Expr::Call(func, argv.iter().map(|arg| expr(arg, names)).collect::<Result<_, _>>()?)
            } else {
                return Err("an object that is neither a reference nor a call".to_owned());
            }
        }
        Json::Null => return Err("null where a value belongs".to_owned()),
    })
}

fn prop(json: &Json, names: &Names) -> Result<Prop, String> {
    Ok(match json {
        Json::Str(text) => Prop::Str(template(text, names)?),
        Json::Bool(b) => Prop::Bool(*b),
        Json::Int(n) => Prop::Int(*n),
        Json::Array(items) => Prop::Array(items.iter().map(|item| prop(item, names)).collect::<Result<_, _>>()?),
        Json::Object(entries) => {
            Prop::Object(entries.iter().map(|(k, v)| Ok((k.clone(), prop(v, names)?))).collect::<Result<_, String>>()?)
        }
        Json::Null => return Err("null in a property".to_owned()),
    })
}

fn rule(json: &Json, names: &mut Names) -> Result<Rule, String> {
    // Names a rule's conditions assign are in scope for its later conditions and its outcome
    // only: afterwards they are hidden (a later rule assigning the same name gets a new slot),
    // so a reference outside the scope is refused here, as Smithy's checker refuses it.
    let scope = names.0.len();
    let mut conditions = Vec::new();
    for condition in json.get("conditions").map(Json::as_array).unwrap_or_default() {
        let call = expr(condition, names)?;
        let assign = condition.get("assign").and_then(Json::as_str).map(|name| names.assign(name));
        conditions.push(Condition { call, assign });
    }
    let outcome = match json.get("type").and_then(Json::as_str) {
        Some("endpoint") => {
            let endpoint = json.get("endpoint").ok_or("an endpoint rule without an endpoint")?;
            let url = expr(endpoint.get("url").ok_or("an endpoint without a url")?, names)?;
            let mut headers = Vec::new();
            if let Some(Json::Object(entries)) = endpoint.get("headers") {
                for (name, values) in entries {
                    headers.push((name.clone(), values.as_array().iter().map(|v| expr(v, names)).collect::<Result<_, _>>()?));
                }
            }
            let mut properties = Vec::new();
            if let Some(Json::Object(entries)) = endpoint.get("properties") {
                for (name, value) in entries {
                    properties.push((name.clone(), prop(value, names)?));
                }
            }
            Outcome::Endpoint { url, headers, properties }
        }
        Some("error") => Outcome::Error(expr(json.get("error").ok_or("an error rule without an error")?, names)?),
        Some("tree") => Outcome::Tree(
            json.get("rules").map(Json::as_array).unwrap_or_default().iter().map(|r| rule(r, names)).collect::<Result<_, _>>()?,
        ),
        other => return Err(format!("a rule of type {other:?}")),
    };
    // Hide the names assigned here from the rules after this one.
    for name in names.0.iter_mut().skip(scope) {
        if !name.starts_with('\0') {
            name.insert(0, '\0');
        }
    }
    Ok(Rule { conditions, outcome })
}

impl Program {
    fn load(text: &str) -> Result<Program, String> {
        let json = parse_json(text)?;
        let mut params = Vec::new();
        if let Some(Json::Object(entries)) = json.get("parameters") {
            for (name, spec) in entries {
                let ty = match spec.get("type").and_then(Json::as_str).map(str::to_ascii_lowercase).as_deref() {
                    Some("string") => ParamType::Str,
                    Some("boolean") => ParamType::Bool,
                    Some("stringarray") => ParamType::List,
                    other => return Err(format!("parameter `{name}` has the type {other:?}")),
                };
                let default = match spec.get("default") {
                    None => None,
                    Some(Json::Str(s)) => Some(Value::Str(Cow::Owned(s.clone()))),
                    Some(Json::Bool(b)) => Some(Value::Bool(*b)),
                    Some(Json::Array(items)) => Some(Value::Array(
                        items.iter().map(|i| i.as_str().map(|s| Value::Str(Cow::Owned(s.to_owned())))).collect::<Option<_>>().ok_or("a bad default")?,
                    )),
                    Some(_) => return Err(format!("parameter `{name}` has a bad default")),
                };
                let required = spec.get("required") == Some(&Json::Bool(true));
                params.push(Param { name: name.clone(), ty, required, default });
            }
        }
        let mut names = Names(params.iter().map(|p| p.name.clone()).collect());
        let rules = json.get("rules").map(Json::as_array).unwrap_or_default().iter().map(|r| rule(r, &mut names)).collect::<Result<_, _>>()?;
        Ok(Program { params, slots: names.0.len(), rules })
    }

    fn resolve<'a>(&'a self, args: &[(&str, Arg<'a>)]) -> Result<Endpoint, EndpointError> {
        let mut env: Vec<Option<Value<'a>>> = vec![None; self.slots];
        for (slot, param) in env.iter_mut().zip(&self.params) {
            let given = args.iter().find(|(name, _)| *name == param.name).map(|&(_, arg)| match arg {
                Arg::Str(s) => Value::Str(Cow::Borrowed(s)),
                Arg::Bool(b) => Value::Bool(b),
                Arg::List(items) => Value::Array(items.iter().map(|s| Value::Str(Cow::Borrowed(s.as_str()))).collect()),
            });
            *slot = given.or_else(|| param.default.clone());
            if slot.is_none() && param.required {
                return Err(EndpointError::new(format!("the endpoint parameter `{}` is required but not set", param.name)));
            }
        }
        match walk(&self.rules, &mut env)? {
            Some(endpoint) => Ok(endpoint),
            None => Err(EndpointError::new("no endpoint rule matches these parameters")),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Evaluation

/// A value while the rules run: strings borrowed from the parameters where they can be.
#[derive(Clone, Debug, PartialEq)]
enum Value<'a> {
    Str(Cow<'a, str>),
    Bool(bool),
    Int(i64),
    Array(Vec<Value<'a>>),
    Record(Vec<(&'static str, Value<'a>)>),
    Partition(&'static rules::Partition),
}

impl<'a> Value<'a> {
    fn attr(&self, step: &Step) -> Option<Value<'a>> {
        match (self, step) {
            (Value::Record(fields), Step::Field(name)) => fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone()),
            (Value::Partition(p), Step::Field(name)) => Some(match name.as_str() {
                "name" => Value::Str(Cow::Borrowed(p.name)),
                "dnsSuffix" => Value::Str(Cow::Borrowed(p.dns_suffix)),
                "dualStackDnsSuffix" => Value::Str(Cow::Borrowed(p.dual_stack_dns_suffix)),
                "supportsFIPS" => Value::Bool(p.supports_fips),
                "supportsDualStack" => Value::Bool(p.supports_dual_stack),
                "implicitGlobalRegion" => Value::Str(Cow::Borrowed(p.implicit_global_region)),
                _ => return None,
            }),
            (Value::Array(items), Step::Index(at)) => items.get(*at).cloned(),
            _ => None,
        }
    }

    fn into_str(self) -> Option<Cow<'a, str>> {
        if let Value::Str(s) = self { Some(s) } else { None }
    }

    fn as_bool(&self) -> Option<bool> {
        if let Value::Bool(b) = self { Some(*b) } else { None }
    }

    fn text(&self, out: &mut String) {
        match self {
            Value::Str(s) => out.push_str(s),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Int(n) => out.push_str(&n.to_string()),
            _ => {}
        }
    }
}

fn owned(s: &str) -> Value<'static> {
    Value::Str(Cow::Owned(s.to_owned()))
}

fn render<'a>(pieces: &'a [Piece], env: &[Option<Value<'a>>]) -> Option<Cow<'a, str>> {
    match pieces {
        [Piece::Text(text)] => return Some(Cow::Borrowed(text)),
        [Piece::Var(slot, path)] => return lookup(env, *slot, path)?.into_str(),
        _ => {}
    }
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Var(slot, path) => lookup(env, *slot, path)?.text(&mut out),
        }
    }
    Some(Cow::Owned(out))
}

fn lookup<'a>(env: &[Option<Value<'a>>], slot: usize, path: &[Step]) -> Option<Value<'a>> {
    let mut value = env.get(slot)?.clone()?;
    for step in path {
        value = value.attr(step)?;
    }
    Some(value)
}

fn eval<'a>(e: &'a Expr, env: &[Option<Value<'a>>]) -> Option<Value<'a>> {
    match e {
        Expr::Template(pieces) => render(pieces, env).map(Value::Str),
        Expr::Bool(b) => Some(Value::Bool(*b)),
        Expr::Int(n) => Some(Value::Int(*n)),
        Expr::Array(items) => items.iter().map(|item| eval(item, env)).collect::<Option<_>>().map(Value::Array),
        Expr::Ref(slot) => env.get(*slot)?.clone(),
        Expr::Attr(target, path) => {
            let mut value = eval(target, env)?;
            for step in path {
                value = value.attr(step)?;
            }
            Some(value)
        }
        Expr::Call(Func::IsSet, argv) => Some(Value::Bool(match argv.first() {
            Some(Expr::Ref(slot)) => env.get(*slot).is_some_and(Option::is_some),
            other => other.and_then(|a| eval(a, env)).is_some(),
        })),
        Expr::Call(func, argv) => {
            let mut args = Vec::with_capacity(argv.len());
            for arg in argv {
                args.push(eval(arg, env)?);
            }
            call(*func, args)
        }
    }
}

fn call<'a>(func: Func, args: Vec<Value<'a>>) -> Option<Value<'a>> {
    let mut args = args.into_iter();
    let mut next = || args.next();
    Some(match func {
        Func::IsSet => Value::Bool(true),
        Func::Not => Value::Bool(!next()?.as_bool()?),
        Func::BooleanEquals => Value::Bool(next()?.as_bool()? == next()?.as_bool()?),
        Func::StringEquals => Value::Bool(next()?.into_str()? == next()?.into_str()?),
        Func::GetAttr => return None,
        Func::Substring => {
            let s = next()?.into_str()?;
            let (Value::Int(start), Value::Int(stop), Value::Bool(reverse)) = (next()?, next()?, next()?) else { return None };
            let (start, stop) = (usize::try_from(start).ok()?, usize::try_from(stop).ok()?);
            match s {
                Cow::Borrowed(b) => Value::Str(Cow::Borrowed(rules::substring(b, start, stop, reverse)?)),
                Cow::Owned(o) => owned(rules::substring(&o, start, stop, reverse)?),
            }
        }
        Func::UriEncode => Value::Str(Cow::Owned(rules::uri_encode(&next()?.into_str()?))),
        Func::ParseUrl => {
            let s = next()?.into_str()?;
            let url = rules::parse_url(&s)?;
            Value::Record(vec![
                ("scheme", owned(url.scheme)),
                ("authority", owned(url.authority)),
                ("path", owned(url.path)),
                ("normalizedPath", Value::Str(Cow::Owned(url.normalized_path))),
                ("isIp", Value::Bool(url.is_ip)),
            ])
        }
        Func::IsValidHostLabel => {
            let s = next()?.into_str()?;
            Value::Bool(rules::is_valid_host_label(&s, next()?.as_bool()?))
        }
        Func::Partition => Value::Partition(rules::partition(PARTITIONS, &next()?.into_str()?)?),
        Func::ParseArn => {
            let s = next()?.into_str()?;
            let arn = rules::parse_arn(&s)?;
            Value::Record(vec![
                ("partition", owned(arn.partition)),
                ("service", owned(arn.service)),
                ("region", owned(arn.region)),
                ("accountId", owned(arn.account_id)),
                ("resourceId", Value::Array(arn.resource_id.iter().map(|r| owned(r)).collect())),
            ])
        }
        Func::IsVirtualHostableS3Bucket => {
            let s = next()?.into_str()?;
            Value::Bool(rules::is_virtual_hostable_s3_bucket(&s, next()?.as_bool()?))
        }
    })
}

fn property<'a>(p: &'a Prop, env: &[Option<Value<'a>>]) -> Result<Property, EndpointError> {
    let unset = || EndpointError::new("a property names an unset value");
    Ok(match p {
        Prop::Str(pieces) => Property::String(render(pieces, env).ok_or_else(unset)?.into_owned()),
        Prop::Bool(b) => Property::Bool(*b),
        Prop::Int(n) => Property::Int(*n),
        Prop::Array(items) => Property::Array(items.iter().map(|i| property(i, env)).collect::<Result<_, _>>()?),
        Prop::Object(entries) => Property::object(
            entries.iter().map(|(k, v)| Ok((k.as_str(), property(v, env)?))).collect::<Result<_, EndpointError>>()?,
        ),
    })
}

/// Runs `rules` in order: the first whose conditions hold decides. `None`: none held.
fn walk<'a>(rules: &'a [Rule], env: &mut Vec<Option<Value<'a>>>) -> Result<Option<Endpoint>, EndpointError> {
    'rules: for rule in rules {
        for condition in &rule.conditions {
            let value = eval(&condition.call, env);
            if matches!(value, None | Some(Value::Bool(false))) {
                continue 'rules;
            }
            if let Some(slot) = condition.assign
                && let Some(place) = env.get_mut(slot)
            {
                *place = value;
            }
        }
        return match &rule.outcome {
            Outcome::Endpoint { url, headers, properties } => {
                let unset = || EndpointError::new("the endpoint's URL names an unset value");
                let url = eval(url, env).and_then(Value::into_str).ok_or_else(unset)?;
                let mut endpoint = Endpoint::new(url.into_owned());
                for (name, values) in headers {
                    let values = values.iter().map(|v| eval(v, env).and_then(Value::into_str).map(Cow::into_owned)).collect::<Option<_>>();
                    endpoint = endpoint.with_header(name, values.ok_or_else(|| EndpointError::new("a header names an unset value"))?);
                }
                for (name, value) in properties {
                    endpoint = endpoint.with_property(name, property(value, env)?);
                }
                Ok(Some(endpoint))
            }
            Outcome::Error(message) => {
                let message = eval(message, env).and_then(Value::into_str).ok_or_else(|| EndpointError::new("an error names an unset value"))?;
                Err(EndpointError::new(message.into_owned()))
            }
            // A tree whose conditions hold is the last word: none of its rules holding is an
            // error, as in the compiled resolver.
            Outcome::Tree(inner) => match walk(inner, env)? {
                Some(endpoint) => Ok(Some(endpoint)),
                None => Err(EndpointError::new("no endpoint rule matches these parameters")),
            },
        };
    }
    Ok(None)
}

// ---------------------------------------------------------------------------------------------
// The model's own test cases, through the interpreter (with the crate's `interp-check`
// feature only, so that the measured builds hold neither this nor the tests)

/// Runs every case of the embedded `smithy.rules#endpointTests` ([`TESTS`]) through
/// [`resolve`]: the cases that passed, the total, and what the failures got.
#[cfg(feature = "interp-check")]
pub fn check() -> (usize, usize, Vec<String>) {
    let tests = match parse_json(TESTS) {
        Ok(tests) => tests,
        Err(why) => return (0, 1, vec![format!("the embedded tests do not parse: {why}")]),
    };
    let (mut passed, mut total, mut failures) = (0_usize, 0_usize, Vec::new());
    for case in tests.get("testCases").map(Json::as_array).unwrap_or_default() {
        total = total.saturating_add(1);
        let lists: Vec<(String, Vec<String>)> = match case.get("params") {
            Some(Json::Object(entries)) => entries
                .iter()
                .filter_map(|(k, v)| match v {
                    Json::Array(items) => Some((k.clone(), items.iter().filter_map(|i| i.as_str().map(str::to_owned)).collect())),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        let mut args: Vec<(&str, Arg<'_>)> = Vec::new();
        if let Some(Json::Object(entries)) = case.get("params") {
            for (name, value) in entries {
                match value {
                    Json::Str(s) => args.push((name, Arg::Str(s))),
                    Json::Bool(b) => args.push((name, Arg::Bool(*b))),
                    _ => {}
                }
            }
        }
        for (name, items) in &lists {
            args.push((name, Arg::List(items)));
        }
        let got = resolve(&args);
        let expect = case.get("expect");
        let ok = match (expect.and_then(|e| e.get("endpoint")), expect.and_then(|e| e.get("error")), &got) {
            (Some(endpoint), _, Ok(got)) => match expected(endpoint) {
                Some(want) => &want == got,
                None => false,
            },
            (None, Some(Json::Str(message)), Err(got)) => got.message() == message,
            _ => false,
        };
        if ok {
            passed = passed.saturating_add(1);
        } else {
            let name = case.get("documentation").and_then(Json::as_str).unwrap_or("a case");
            failures.push(format!("{name}: got {got:?}"));
        }
    }
    (passed, total, failures)
}

#[cfg(feature = "interp-check")]
fn expected(endpoint: &Json) -> Option<Endpoint> {
    let mut want = Endpoint::new(endpoint.get("url")?.as_str()?);
    if let Some(Json::Object(headers)) = endpoint.get("headers") {
        for (name, values) in headers {
            want = want.with_header(name, values.as_array().iter().filter_map(|v| v.as_str().map(str::to_owned)).collect());
        }
    }
    if let Some(Json::Object(properties)) = endpoint.get("properties") {
        for (name, value) in properties {
            want = want.with_property(name, literal(value)?);
        }
    }
    Some(want)
}

#[cfg(feature = "interp-check")]
fn literal(json: &Json) -> Option<Property> {
    Some(match json {
        Json::Str(s) => Property::String(s.clone()),
        Json::Bool(b) => Property::Bool(*b),
        Json::Int(n) => Property::Int(*n),
        Json::Array(items) => Property::Array(items.iter().map(literal).collect::<Option<_>>()?),
        Json::Object(entries) => Property::object(entries.iter().map(|(k, v)| Some((k.as_str(), literal(v)?))).collect::<Option<_>>()?),
        Json::Null => return None,
    })
}
