//! Endpoint rules: `smithy.rules#endpointRuleSet`, its tests (`smithy.rules#endpointTests`) and
//! the partition data `aws.partition` reads, parsed and type-checked here so the emitter can
//! compile them to Rust knowing every value's type. A rule set this generator cannot compile
//! exactly is refused with the JSON path of the place in the trait, never compiled loosely.
//!
//! Types follow the rules language: a value is a string, a boolean, an integer, an array of
//! strings or one of the records the library functions give (a partition, a URL, an ARN), and
//! may be unset. A parameter without a default or `required` may be unset, as may what
//! `substring`, `parseURL`, `aws.partition`, `aws.parseArn` and array indexing give; a condition
//! `isSet(ref)` or an `assign` proves a value set for the rest of its rule. Every function but
//! `isSet` takes values proven set (as Smithy's own type checker requires).

use std::collections::BTreeMap;

use crate::json::Json;

/// The type of a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    /// A string.
    Str,
    /// A boolean.
    Bool,
    /// An integer (only as a literal argument).
    Int,
    /// An array of strings.
    StrArray,
    /// What `aws.partition` gives.
    Partition,
    /// What `parseURL` gives.
    Url,
    /// What `aws.parseArn` gives.
    Arn,
}

impl Ty {
    fn name(self) -> &'static str {
        match self {
            Ty::Str => "a string",
            Ty::Bool => "a boolean",
            Ty::Int => "an integer",
            Ty::StrArray => "an array of strings",
            Ty::Partition => "a partition",
            Ty::Url => "a URL",
            Ty::Arn => "an ARN",
        }
    }
}

/// A value's type and whether it may be unset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Typed {
    /// The type.
    pub ty: Ty,
    /// True when the value may be unset.
    pub optional: bool,
}

const fn set(ty: Ty) -> Typed {
    Typed { ty, optional: false }
}

const fn maybe(ty: Ty) -> Typed {
    Typed { ty, optional: true }
}

/// A function of the standard library or the AWS extensions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Func {
    /// `isSet(value)`
    IsSet,
    /// `not(bool)`
    Not,
    /// `booleanEquals(a, b)`
    BooleanEquals,
    /// `stringEquals(a, b)`
    StringEquals,
    /// `substring(input, start, stop, reverse)`
    Substring,
    /// `uriEncode(value)`
    UriEncode,
    /// `parseURL(url)`
    ParseUrl,
    /// `isValidHostLabel(value, allowSubDomains)`
    IsValidHostLabel,
    /// `aws.partition(region)`
    Partition,
    /// `aws.parseArn(value)`
    ParseArn,
    /// `aws.isVirtualHostableS3Bucket(value, allowSubDomains)`
    IsVirtualHostableS3Bucket,
}

impl Func {
    fn named(name: &str) -> Option<Func> {
        Some(match name {
            "isSet" => Func::IsSet,
            "not" => Func::Not,
            "booleanEquals" => Func::BooleanEquals,
            "stringEquals" => Func::StringEquals,
            "substring" => Func::Substring,
            "uriEncode" => Func::UriEncode,
            "parseURL" => Func::ParseUrl,
            "isValidHostLabel" => Func::IsValidHostLabel,
            "aws.partition" => Func::Partition,
            "aws.parseArn" => Func::ParseArn,
            "aws.isVirtualHostableS3Bucket" => Func::IsVirtualHostableS3Bucket,
            _ => return None,
        })
    }

    /// The types of the arguments (each proven set, but `isSet`'s) and of the result.
    fn signature(self) -> (&'static [Ty], Typed) {
        match self {
            Func::IsSet => (&[], set(Ty::Bool)),
            Func::Not => (&[Ty::Bool], set(Ty::Bool)),
            Func::BooleanEquals => (&[Ty::Bool, Ty::Bool], set(Ty::Bool)),
            Func::StringEquals => (&[Ty::Str, Ty::Str], set(Ty::Bool)),
            Func::Substring => (&[Ty::Str, Ty::Int, Ty::Int, Ty::Bool], maybe(Ty::Str)),
            Func::UriEncode => (&[Ty::Str], set(Ty::Str)),
            Func::ParseUrl => (&[Ty::Str], maybe(Ty::Url)),
            Func::IsValidHostLabel | Func::IsVirtualHostableS3Bucket => (&[Ty::Str, Ty::Bool], set(Ty::Bool)),
            Func::Partition => (&[Ty::Str], maybe(Ty::Partition)),
            Func::ParseArn => (&[Ty::Str], maybe(Ty::Arn)),
        }
    }
}

/// One step of a `getAttr` path: a record's field or an array's item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// `name`
    Field(String),
    /// `[n]`
    Index(usize),
}

/// A piece of a templated string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// Text as it is.
    Text(String),
    /// `{name}` or `{name#path}`: a string value.
    Value(String, Vec<Step>),
}

/// An expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expr {
    /// A string, templated.
    Str(Vec<Piece>),
    /// A boolean literal.
    Bool(bool),
    /// An integer literal.
    Int(usize),
    /// `{"ref": name}`
    Ref(String),
    /// `{"fn": ..., "argv": [...]}`
    Call(Func, Vec<Expr>),
    /// `getAttr(value, path)`
    GetAttr(Box<Expr>, Vec<Step>),
}

/// A condition of a rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition {
    /// The function call.
    pub expr: Expr,
    /// The name its value is bound to for the rest of the rule.
    pub assign: Option<String>,
}

/// A property value of an endpoint in the rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Prop {
    /// A string or boolean expression.
    Value(Expr),
    /// An array.
    Array(Vec<Prop>),
    /// An object, sorted by key.
    Object(Vec<(String, Prop)>),
}

/// What a rule gives when its conditions hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// An endpoint.
    Endpoint {
        /// The URL, a string expression.
        url: Expr,
        /// Headers, sorted by name, each with its value expressions.
        headers: Vec<(String, Vec<Expr>)>,
        /// Properties, sorted by name.
        properties: Vec<(String, Prop)>,
    },
    /// An error with this message (a string expression).
    Error(Expr),
    /// More rules, tried in order.
    Tree(Vec<Rule>),
}

/// A rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    /// The conditions, all of which must hold.
    pub conditions: Vec<Condition>,
    /// The outcome.
    pub outcome: Outcome,
}

/// The type of a parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamTy {
    /// `string`
    Str,
    /// `boolean`
    Bool,
    /// `stringArray`
    StrArray,
}

/// A literal value: a parameter's default or test value, or an expected property.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// A string.
    Str(String),
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// An array.
    Array(Vec<Value>),
    /// An object, sorted by key.
    Object(Vec<(String, Value)>),
}

/// A parameter of the rule set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Param {
    /// The name in the rules (`Region`).
    pub name: String,
    /// The type.
    pub ty: ParamTy,
    /// Must be set for resolution to proceed.
    pub required: bool,
    /// The value when the caller sets none.
    pub default: Option<Value>,
    /// The SDK setting it comes from (`AWS::Region`).
    pub built_in: Option<String>,
    /// The documentation.
    pub docs: Option<String>,
    /// The deprecation message, when deprecated.
    pub deprecated: Option<String>,
}

impl Param {
    /// True when the value may be unset inside the rules (no default, not required).
    pub fn optional(&self) -> bool {
        self.default.is_none() && !self.required
    }

    fn typed(&self) -> Typed {
        let ty = match self.ty {
            ParamTy::Str => Ty::Str,
            ParamTy::Bool => Ty::Bool,
            ParamTy::StrArray => Ty::StrArray,
        };
        Typed { ty, optional: self.optional() }
    }
}

/// What a test expects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expect {
    /// This endpoint.
    Endpoint {
        /// The URL.
        url: String,
        /// Headers, sorted by name.
        headers: Vec<(String, Vec<String>)>,
        /// Properties, sorted by name.
        properties: Vec<(String, Value)>,
    },
    /// An error with this message.
    Error(String),
}

/// One case of `smithy.rules#endpointTests`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Test {
    /// The case's documentation.
    pub docs: Option<String>,
    /// The parameters it sets, by index into the rule set's parameters.
    pub params: Vec<(usize, Value)>,
    /// What resolution gives.
    pub expect: Expect,
    /// The same case as calls of operations: the SDK settings and the input's members.
    pub operation_inputs: Vec<OperationInput>,
}

/// One `operationInputs` entry of a test case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OperationInput {
    /// The operation's name.
    pub operation: String,
    /// The built-in settings (`AWS::Region`...), by name.
    pub built_ins: Vec<(String, Value)>,
    /// The input's members, by name.
    pub members: Vec<(String, Value)>,
}

/// What `aws.partition` gives for a partition or one of its regions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outputs {
    /// `name`
    pub name: String,
    /// `dnsSuffix`
    pub dns_suffix: String,
    /// `dualStackDnsSuffix`
    pub dual_stack_dns_suffix: String,
    /// `supportsFIPS`
    pub supports_fips: bool,
    /// `supportsDualStack`
    pub supports_dual_stack: bool,
    /// `implicitGlobalRegion`
    pub implicit_global_region: String,
}

/// One partition of the partition data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Partition {
    /// `aws`, `aws-cn`...
    pub id: String,
    /// The pattern of the region names it claims, as written.
    pub region_regex: String,
    /// That pattern compiled for the crate's matcher.
    pub program: Vec<crate::pattern::Inst>,
    /// Its regions, each with the outputs it overrides, if any.
    pub regions: Vec<(String, Option<Outputs>)>,
    /// Its outputs.
    pub outputs: Outputs,
}

/// A service's endpoint rules, ready to compile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleSet {
    /// The parameters, by name.
    pub params: Vec<Param>,
    /// The rules.
    pub rules: Vec<Rule>,
    /// The partition data, when the rules call `aws.partition`.
    pub partitions: Vec<Partition>,
    /// The test cases.
    pub tests: Vec<Test>,
}

/// Why a rule set, its tests or the partition data cannot be compiled: where (a JSON path in
/// the trait or the partition file) and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Which input: a trait id, or `partitions`.
    pub source: &'static str,
    /// The JSON path in it and what is wrong.
    pub reason: String,
}

type Parsed<T> = Result<T, String>;

fn field<'a>(value: &'a Json, key: &str, at: &str) -> Parsed<&'a Json> {
    value.get(key).ok_or_else(|| format!("{at}: missing `{key}`"))
}

fn string<'a>(value: &'a Json, at: &str) -> Parsed<&'a str> {
    value.as_str().ok_or_else(|| format!("{at}: expected a string, found {}", value.type_name()))
}

fn array<'a>(value: &'a Json, at: &str) -> Parsed<&'a [Json]> {
    value.as_array().ok_or_else(|| format!("{at}: expected an array, found {}", value.type_name()))
}

fn object<'a>(value: &'a Json, at: &str) -> Parsed<&'a [(String, Json)]> {
    value.as_object().ok_or_else(|| format!("{at}: expected an object, found {}", value.type_name()))
}

fn boolean(value: &Json, at: &str) -> Parsed<bool> {
    value.as_bool().ok_or_else(|| format!("{at}: expected a boolean, found {}", value.type_name()))
}

/// `a.b[0]` as steps.
fn path(text: &str, at: &str) -> Parsed<Vec<Step>> {
    let mut steps = Vec::new();
    for part in text.split('.') {
        let (name, mut rest) = match part.find('[') {
            Some(i) => (part.get(..i).unwrap_or_default(), part.get(i..).unwrap_or_default()),
            None => (part, ""),
        };
        if !name.is_empty() {
            steps.push(Step::Field(name.to_owned()));
        } else if rest.is_empty() {
            return Err(format!("{at}: empty step in the path `{text}`"));
        }
        while !rest.is_empty() {
            let inner = rest.strip_prefix('[').and_then(|r| r.split_once(']'));
            let Some((digits, after)) = inner else { return Err(format!("{at}: bad index in the path `{text}`")) };
            let index = digits.parse::<usize>().map_err(|_| format!("{at}: bad index `{digits}` in the path `{text}`"))?;
            steps.push(Step::Index(index));
            rest = after;
        }
    }
    Ok(steps)
}

/// A templated string: `{name}`, `{name#path}`, `{{` and `}}`.
fn template(text: &str, at: &str) -> Parsed<Vec<Piece>> {
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                literal.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                literal.push('}');
            }
            '{' => {
                let mut inner = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some(c) => inner.push(c),
                        None => return Err(format!("{at}: unclosed `{{` in the template {text:?}")),
                    }
                }
                if !literal.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut literal)));
                }
                let (name, steps) = match inner.split_once('#') {
                    Some((name, p)) => (name, path(p, at)?),
                    None => (inner.as_str(), Vec::new()),
                };
                if name.is_empty() {
                    return Err(format!("{at}: empty `{{}}` in the template {text:?}"));
                }
                pieces.push(Piece::Value(name.to_owned(), steps));
            }
            '}' => return Err(format!("{at}: unmatched `}}` in the template {text:?} (write `}}}}`)")),
            c => literal.push(c),
        }
    }
    if !literal.is_empty() || pieces.is_empty() {
        pieces.push(Piece::Text(literal));
    }
    Ok(pieces)
}

fn expr(value: &Json, at: &str) -> Parsed<Expr> {
    match value {
        Json::String(s) => Ok(Expr::Str(template(s, at)?)),
        Json::Bool(b) => Ok(Expr::Bool(*b)),
        Json::Number(n) => {
            let n = n.as_u64().and_then(|n| usize::try_from(n).ok());
            n.map(Expr::Int).ok_or_else(|| format!("{at}: expected a non-negative integer"))
        }
        Json::Object(_) if value.get("ref").is_some() => {
            Ok(Expr::Ref(string(field(value, "ref", at)?, &format!("{at}.ref"))?.to_owned()))
        }
        Json::Object(_) if value.get("fn").is_some() => call(value, at),
        _ => Err(format!("{at}: expected a string, boolean, integer, reference or function call, found {}", value.type_name())),
    }
}

fn call(value: &Json, at: &str) -> Parsed<Expr> {
    let name = string(field(value, "fn", at)?, &format!("{at}.fn"))?;
    let argv = array(field(value, "argv", at)?, &format!("{at}.argv"))?;
    let arg_at = |i: usize| format!("{at}.argv[{i}]");
    if name == "getAttr" {
        let [target, p] = argv else {
            return Err(format!("{at}: getAttr takes 2 arguments, found {}", argv.len()));
        };
        let steps = path(string(p, &arg_at(1))?, &arg_at(1))?;
        return Ok(Expr::GetAttr(Box::new(expr(target, &arg_at(0))?), steps));
    }
    let Some(func) = Func::named(name) else {
        return Err(format!("{at}: the function `{name}` is not one this generator knows"));
    };
    let args = argv.iter().enumerate().map(|(i, a)| expr(a, &arg_at(i))).collect::<Parsed<Vec<_>>>()?;
    let wanted = if func == Func::IsSet { 1 } else { func.signature().0.len() };
    if args.len() != wanted {
        return Err(format!("{at}: `{name}` takes {wanted} argument(s), found {}", args.len()));
    }
    Ok(Expr::Call(func, args))
}

fn prop(value: &Json, at: &str) -> Parsed<Prop> {
    match value {
        Json::Array(items) => Ok(Prop::Array(
            items.iter().enumerate().map(|(i, v)| prop(v, &format!("{at}[{i}]"))).collect::<Parsed<_>>()?,
        )),
        Json::Object(entries) if value.get("ref").is_none() && value.get("fn").is_none() => {
            let mut out = BTreeMap::new();
            for (k, v) in entries {
                out.insert(k.clone(), prop(v, &format!("{at}.{k}"))?);
            }
            Ok(Prop::Object(out.into_iter().collect()))
        }
        _ => Ok(Prop::Value(expr(value, at)?)),
    }
}

fn rule(value: &Json, at: &str) -> Parsed<Rule> {
    let conditions = match value.get("conditions") {
        Some(list) => array(list, &format!("{at}.conditions"))?,
        None => &[],
    };
    let mut out = Vec::new();
    for (i, c) in conditions.iter().enumerate() {
        let c_at = format!("{at}.conditions[{i}]");
        if c.get("fn").is_none() {
            return Err(format!("{c_at}: a condition must be a function call"));
        }
        let assign = match c.get("assign") {
            Some(name) => Some(string(name, &format!("{c_at}.assign"))?.to_owned()),
            None => None,
        };
        out.push(Condition { expr: call(c, &c_at)?, assign });
    }
    let kind = string(field(value, "type", at)?, &format!("{at}.type"))?;
    let outcome = match kind {
        "endpoint" => {
            let e_at = format!("{at}.endpoint");
            let endpoint = field(value, "endpoint", at)?;
            let url = expr(field(endpoint, "url", &e_at)?, &format!("{e_at}.url"))?;
            let mut headers = BTreeMap::new();
            if let Some(h) = endpoint.get("headers") {
                for (name, values) in object(h, &format!("{e_at}.headers"))? {
                    let h_at = format!("{e_at}.headers.{name}");
                    let values = array(values, &h_at)?;
                    let values = values.iter().enumerate().map(|(i, v)| expr(v, &format!("{h_at}[{i}]"))).collect::<Parsed<_>>()?;
                    headers.insert(name.clone(), values);
                }
            }
            let mut properties = BTreeMap::new();
            if let Some(p) = endpoint.get("properties") {
                for (name, v) in object(p, &format!("{e_at}.properties"))? {
                    properties.insert(name.clone(), prop(v, &format!("{e_at}.properties.{name}"))?);
                }
            }
            Outcome::Endpoint { url, headers: headers.into_iter().collect(), properties: properties.into_iter().collect() }
        }
        "error" => Outcome::Error(expr(field(value, "error", at)?, &format!("{at}.error"))?),
        "tree" => Outcome::Tree(rules(field(value, "rules", at)?, &format!("{at}.rules"))?),
        other => return Err(format!("{at}.type: expected `endpoint`, `error` or `tree`, found `{other}`")),
    };
    Ok(Rule { conditions: out, outcome })
}

fn rules(value: &Json, at: &str) -> Parsed<Vec<Rule>> {
    array(value, at)?.iter().enumerate().map(|(i, r)| rule(r, &format!("{at}[{i}]"))).collect()
}

fn literal(value: &Json, at: &str) -> Parsed<Value> {
    Ok(match value {
        Json::String(s) => Value::Str(s.clone()),
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => Value::Int(n.as_i64().ok_or_else(|| format!("{at}: expected an integer"))?),
        Json::Array(items) => {
            Value::Array(items.iter().enumerate().map(|(i, v)| literal(v, &format!("{at}[{i}]"))).collect::<Parsed<_>>()?)
        }
        Json::Object(entries) => {
            let mut out = BTreeMap::new();
            for (k, v) in entries {
                out.insert(k.clone(), literal(v, &format!("{at}.{k}"))?);
            }
            Value::Object(out.into_iter().collect())
        }
        Json::Null => return Err(format!("{at}: expected a value, found null")),
    })
}

/// A value of a parameter's type.
fn param_value(param: &Param, value: &Json, at: &str) -> Parsed<Value> {
    let v = literal(value, at)?;
    let fits = match (&v, param.ty) {
        (Value::Str(_), ParamTy::Str) | (Value::Bool(_), ParamTy::Bool) => true,
        (Value::Array(items), ParamTy::StrArray) => items.iter().all(|i| matches!(i, Value::Str(_))),
        _ => false,
    };
    if fits { Ok(v) } else { Err(format!("{at}: not a value of the parameter `{}`'s type", param.name)) }
}

fn params(value: &Json) -> Parsed<Vec<Param>> {
    let mut out = Vec::new();
    for (name, p) in object(value, "parameters")? {
        let at = format!("parameters.{name}");
        let ty = match string(field(p, "type", &at)?, &format!("{at}.type"))?.to_ascii_lowercase().as_str() {
            "string" => ParamTy::Str,
            "boolean" => ParamTy::Bool,
            "stringarray" => ParamTy::StrArray,
            other => return Err(format!("{at}.type: `{other}` is not a parameter type (string, boolean, stringArray)")),
        };
        let text = |key: &str| -> Parsed<Option<String>> {
            p.get(key).map(|v| string(v, &format!("{at}.{key}")).map(str::to_owned)).transpose()
        };
        let mut param = Param {
            name: name.clone(),
            ty,
            required: p.get("required").map(|r| boolean(r, &format!("{at}.required"))).transpose()?.unwrap_or(false),
            default: None,
            built_in: text("builtIn")?,
            docs: text("documentation")?,
            deprecated: p.get("deprecated").map(|d| d.get("message").and_then(Json::as_str).unwrap_or_default().to_owned()),
        };
        if let Some(d) = p.get("default") {
            param.default = Some(param_value(&param, d, &format!("{at}.default"))?);
        }
        out.push(param);
    }
    // The order of an object's keys means nothing: the parameters go by name.
    out.sort_by(|a, b| a.name.cmp(&b.name));
    for (i, p) in out.iter().enumerate() {
        if let Some(other) = out.get(..i).unwrap_or_default().iter().find(|o| rust_name(&o.name) == rust_name(&p.name)) {
            return Err(format!("parameters.{}: it and `{}` have one Rust name, `{}`", p.name, other.name, rust_name(&p.name)));
        }
    }
    Ok(out)
}

/// The Rust name of a parameter or an assigned name (as a field and a local).
pub fn rust_name(name: &str) -> String {
    crate::names::field_name(name, &["params"])
}

/// The variables in scope while checking and compiling a rule: each name with its type, the
/// latest binding last.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    vars: Vec<(String, Typed)>,
}

impl Scope {
    /// The parameters, before any rule.
    pub fn of(params: &[Param]) -> Scope {
        Scope { vars: params.iter().map(|p| (p.name.clone(), p.typed())).collect() }
    }

    /// The type of `name`, if it is in scope.
    pub fn get(&self, name: &str) -> Option<Typed> {
        self.vars.iter().rev().find(|(n, _)| n == name).map(|(_, t)| *t)
    }

    /// How many bindings there are, to return to with [`Scope::truncate`].
    pub fn depth(&self) -> usize {
        self.vars.len()
    }

    /// Drops the bindings made since `len`.
    pub fn truncate(&mut self, len: usize) {
        self.vars.truncate(len);
    }

    /// A name in scope that `name` would share a Rust name with.
    fn same_rust_name(&self, name: &str) -> Option<&str> {
        let rust = rust_name(name);
        self.vars.iter().map(|(n, _)| n.as_str()).find(|n| *n != name && rust_name(n) == rust)
    }

    /// Binds `name`.
    pub fn bind(&mut self, name: &str, typed: Typed) {
        self.vars.push((name.to_owned(), typed));
    }
}

/// The type of `steps` applied to a value of type `base`.
pub fn attr_type(base: Ty, steps: &[Step]) -> Result<Typed, String> {
    let mut current = set(base);
    for step in steps {
        if current.optional {
            return Err("a path cannot go on past an array item, which may be unset".to_owned());
        }
        current = match (current.ty, step) {
            (Ty::Partition, Step::Field(f)) => match f.as_str() {
                "name" | "dnsSuffix" | "dualStackDnsSuffix" | "implicitGlobalRegion" => set(Ty::Str),
                "supportsFIPS" | "supportsDualStack" => set(Ty::Bool),
                _ => return Err(format!("a partition has no field `{f}`")),
            },
            (Ty::Url, Step::Field(f)) => match f.as_str() {
                "scheme" | "authority" | "path" | "normalizedPath" => set(Ty::Str),
                "isIp" => set(Ty::Bool),
                _ => return Err(format!("a URL has no field `{f}`")),
            },
            (Ty::Arn, Step::Field(f)) => match f.as_str() {
                "partition" | "service" | "region" | "accountId" => set(Ty::Str),
                "resourceId" => set(Ty::StrArray),
                _ => return Err(format!("an ARN has no field `{f}`")),
            },
            (Ty::StrArray, Step::Index(_)) => maybe(Ty::Str),
            (ty, Step::Field(f)) => return Err(format!("{} has no field `{f}`", ty.name())),
            (ty, Step::Index(_)) => return Err(format!("{} cannot be indexed", ty.name())),
        };
    }
    Ok(current)
}

/// The type of an expression in `scope`, or why it is ill-typed.
pub fn type_of(e: &Expr, scope: &Scope) -> Result<Typed, String> {
    match e {
        Expr::Str(pieces) => {
            for piece in pieces {
                if let Piece::Value(name, steps) = piece {
                    let typed = scope.get(name).ok_or_else(|| format!("the template names `{name}`, which is not in scope"))?;
                    let typed = if typed.optional && !steps.is_empty() {
                        return Err(format!("`{name}` may be unset here"));
                    } else if steps.is_empty() {
                        typed
                    } else {
                        attr_type(typed.ty, steps)?
                    };
                    if typed != set(Ty::Str) {
                        return Err(format!("the template's `{{{name}}}` must be a string proven set, but is {}{}", typed.ty.name(), if typed.optional { " that may be unset" } else { "" }));
                    }
                }
            }
            Ok(set(Ty::Str))
        }
        Expr::Bool(_) => Ok(set(Ty::Bool)),
        Expr::Int(_) => Ok(set(Ty::Int)),
        Expr::Ref(name) => scope.get(name).ok_or_else(|| format!("`{name}` is not a parameter or an assigned name in scope")),
        Expr::GetAttr(target, steps) => {
            let t = type_of(target, scope)?;
            if t.optional {
                return Err("getAttr of a value that may be unset (assign it in a condition first)".to_owned());
            }
            attr_type(t.ty, steps)
        }
        Expr::Call(Func::IsSet, args) => {
            for a in args {
                type_of(a, scope)?;
            }
            Ok(set(Ty::Bool))
        }
        Expr::Call(func, args) => {
            let (wanted, result) = func.signature();
            for (i, (a, want)) in args.iter().zip(wanted).enumerate() {
                let t = type_of(a, scope)?;
                if t.ty != *want {
                    return Err(format!("argument {i} must be {}, but is {}", want.name(), t.ty.name()));
                }
                if t.optional {
                    return Err(format!("argument {i} may be unset here (check it with isSet first)"));
                }
                if *want == Ty::Int && !matches!(a, Expr::Int(_)) {
                    return Err(format!("argument {i} must be an integer literal"));
                }
            }
            Ok(result)
        }
    }
}

/// Checks a rule list, binding what conditions prove or assign for the rest of each rule.
fn check(rules: &[Rule], scope: &mut Scope, at: &str) -> Parsed<()> {
    for (i, rule) in rules.iter().enumerate() {
        let r_at = format!("{at}[{i}]");
        let len = scope.depth();
        for (j, c) in rule.conditions.iter().enumerate() {
            let c_at = format!("{r_at}.conditions[{j}]");
            let typed = type_of(&c.expr, scope).map_err(|why| format!("{c_at}: {why}"))?;
            if let Expr::Call(Func::IsSet, args) = &c.expr
                && let [Expr::Ref(name)] = args.as_slice()
                && let Some(t) = scope.get(name)
            {
                scope.bind(name, Typed { optional: false, ..t });
            }
            if let Some(name) = &c.assign {
                if scope.get(name).is_some() {
                    return Err(format!("{c_at}.assign: `{name}` is already in scope"));
                }
                if let Some(other) = scope.same_rust_name(name) {
                    return Err(format!("{c_at}.assign: `{name}` and `{other}`, in scope, have one Rust name"));
                }
                scope.bind(name, Typed { optional: false, ..typed });
            }
        }
        let checked = match &rule.outcome {
            Outcome::Endpoint { url, headers, properties } => {
                string_expr(url, scope).map_err(|why| format!("{r_at}.endpoint.url: {why}"))?;
                for (name, values) in headers {
                    for (k, v) in values.iter().enumerate() {
                        string_expr(v, scope).map_err(|why| format!("{r_at}.endpoint.headers.{name}[{k}]: {why}"))?;
                    }
                }
                for (name, p) in properties {
                    check_prop(p, scope, &format!("{r_at}.endpoint.properties.{name}"))?;
                }
                Ok(())
            }
            Outcome::Error(message) => string_expr(message, scope).map_err(|why| format!("{r_at}.error: {why}")),
            Outcome::Tree(sub) => check(sub, scope, &format!("{r_at}.rules")),
        };
        checked?;
        scope.truncate(len);
    }
    Ok(())
}

fn string_expr(e: &Expr, scope: &Scope) -> Result<(), String> {
    match type_of(e, scope)? {
        Typed { ty: Ty::Str, optional: false } => Ok(()),
        t => Err(format!("expected a string proven set, found {}", t.ty.name())),
    }
}

fn check_prop(p: &Prop, scope: &Scope, at: &str) -> Parsed<()> {
    match p {
        Prop::Value(e) => match type_of(e, scope).map_err(|why| format!("{at}: {why}"))? {
            Typed { ty: Ty::Str | Ty::Bool | Ty::Int, optional: false } => Ok(()),
            t => Err(format!("{at}: a property must be a string, boolean or integer proven set, found {}", t.ty.name())),
        },
        Prop::Array(items) => items.iter().enumerate().try_for_each(|(i, v)| check_prop(v, scope, &format!("{at}[{i}]"))),
        Prop::Object(entries) => entries.iter().try_for_each(|(k, v)| check_prop(v, scope, &format!("{at}.{k}"))),
    }
}

/// True when the rules call `aws.partition`.
fn calls_partition(rules: &[Rule]) -> bool {
    fn in_expr(e: &Expr) -> bool {
        match e {
            Expr::Call(Func::Partition, _) => true,
            Expr::Call(_, args) => args.iter().any(in_expr),
            Expr::GetAttr(target, _) => in_expr(target),
            _ => false,
        }
    }
    rules.iter().any(|r| {
        r.conditions.iter().any(|c| in_expr(&c.expr)) || matches!(&r.outcome, Outcome::Tree(sub) if calls_partition(sub))
    })
}

fn tests(value: &Json, params: &[Param]) -> Parsed<Vec<Test>> {
    let cases = array(field(value, "testCases", "")?, "testCases")?;
    let mut out = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let at = format!("testCases[{i}]");
        let mut set_params = Vec::new();
        if let Some(p) = case.get("params") {
            for (name, v) in object(p, &format!("{at}.params"))? {
                let Some(index) = params.iter().position(|p| p.name == *name) else {
                    return Err(format!("{at}.params.{name}: the rule set has no such parameter"));
                };
                let param = params.get(index).ok_or_else(|| format!("{at}.params.{name}: no such parameter"))?;
                set_params.push((index, param_value(param, v, &format!("{at}.params.{name}"))?));
            }
        }
        set_params.sort_by_key(|(index, _)| *index);
        let expect = field(case, "expect", &at)?;
        let e_at = format!("{at}.expect");
        let expect = if let Some(error) = expect.get("error") {
            Expect::Error(string(error, &format!("{e_at}.error"))?.to_owned())
        } else {
            let endpoint = field(expect, "endpoint", &e_at)?;
            let e_at = format!("{e_at}.endpoint");
            let url = string(field(endpoint, "url", &e_at)?, &format!("{e_at}.url"))?.to_owned();
            let mut headers = BTreeMap::new();
            if let Some(h) = endpoint.get("headers") {
                for (name, values) in object(h, &format!("{e_at}.headers"))? {
                    let h_at = format!("{e_at}.headers.{name}");
                    let values = array(values, &h_at)?.iter().map(|v| string(v, &h_at).map(str::to_owned)).collect::<Parsed<_>>()?;
                    headers.insert(name.clone(), values);
                }
            }
            let properties = match endpoint.get("properties") {
                Some(p) => match literal(p, &format!("{e_at}.properties"))? {
                    Value::Object(entries) => entries,
                    _ => return Err(format!("{e_at}.properties: expected an object")),
                },
                None => Vec::new(),
            };
            Expect::Endpoint { url, headers: headers.into_iter().collect(), properties }
        };
        let docs = case.get("documentation").and_then(Json::as_str).map(str::to_owned);
        let mut operation_inputs = Vec::new();
        if let Some(list) = case.get("operationInputs") {
            for (j, input) in array(list, &format!("{at}.operationInputs"))?.iter().enumerate() {
                let i_at = format!("{at}.operationInputs[{j}]");
                let operation = string(field(input, "operationName", &i_at)?, &format!("{i_at}.operationName"))?.to_owned();
                let entries = |key: &str| -> Parsed<Vec<(String, Value)>> {
                    match input.get(key) {
                        Some(v) => match literal(v, &format!("{i_at}.{key}"))? {
                            Value::Object(entries) => Ok(entries),
                            _ => Err(format!("{i_at}.{key}: expected an object")),
                        },
                        None => Ok(Vec::new()),
                    }
                };
                operation_inputs.push(OperationInput { operation, built_ins: entries("builtInParams")?, members: entries("operationParams")? });
            }
        }
        out.push(Test { docs, params: set_params, expect, operation_inputs });
    }
    Ok(out)
}

/// The partition data (`partitions.json`, as botocore and the SDKs ship it).
pub fn partitions(text: &str) -> Result<Vec<Partition>, String> {
    let json = Json::parse(text).map_err(|e| format!("not JSON: {e}"))?;
    let list = array(field(&json, "partitions", "")?, "partitions")?;
    let mut out = Vec::new();
    for (i, p) in list.iter().enumerate() {
        let at = format!("partitions[{i}]");
        let id = string(field(p, "id", &at)?, &format!("{at}.id"))?.to_owned();
        let outputs_of = |value: &Json, base: Option<&Outputs>, at: &str| -> Parsed<Outputs> {
            let text = |key: &str, base: Option<&String>| -> Parsed<String> {
                match (value.get(key), base) {
                    (Some(v), _) => Ok(string(v, &format!("{at}.{key}"))?.to_owned()),
                    (None, Some(b)) => Ok(b.clone()),
                    (None, None) => Err(format!("{at}: missing `{key}`")),
                }
            };
            let flag = |key: &str, base: Option<bool>| -> Parsed<bool> {
                match (value.get(key), base) {
                    (Some(v), _) => boolean(v, &format!("{at}.{key}")),
                    (None, Some(b)) => Ok(b),
                    (None, None) => Err(format!("{at}: missing `{key}`")),
                }
            };
            Ok(Outputs {
                name: text("name", base.map(|b| &b.name))?,
                dns_suffix: text("dnsSuffix", base.map(|b| &b.dns_suffix))?,
                dual_stack_dns_suffix: text("dualStackDnsSuffix", base.map(|b| &b.dual_stack_dns_suffix))?,
                supports_fips: flag("supportsFIPS", base.map(|b| b.supports_fips))?,
                supports_dual_stack: flag("supportsDualStack", base.map(|b| b.supports_dual_stack))?,
                implicit_global_region: text("implicitGlobalRegion", base.map(|b| &b.implicit_global_region))?,
            })
        };
        let outputs = outputs_of(field(p, "outputs", &at)?, None, &format!("{at}.outputs"))?;
        let region_regex = string(field(p, "regionRegex", &at)?, &format!("{at}.regionRegex"))?.to_owned();
        let program = crate::pattern::compile(&region_regex)
            .map_err(|why| format!("{at}.regionRegex: the pattern {region_regex:?} cannot be compiled: {why}"))?;
        let mut regions = Vec::new();
        if let Some(r) = p.get("regions") {
            for (name, region) in object(r, &format!("{at}.regions"))? {
                let overrides = region.as_object().is_some_and(|o| o.iter().any(|(k, _)| k != "description"));
                let o = if overrides { Some(outputs_of(region, Some(&outputs), &format!("{at}.regions.{name}"))?) } else { None };
                regions.push((name.clone(), o));
            }
        }
        out.push(Partition { id, region_regex, program, regions, outputs });
    }
    Ok(out)
}

/// The rule set of a service's traits, checked, with its tests and (when the rules call
/// `aws.partition`) the partition data; `None` when the service has no rule set.
pub fn rule_set(traits: &crate::ast::Traits, partitions: Option<&[Partition]>) -> Result<Option<RuleSet>, Problem> {
    const RULES: &str = crate::traits::ENDPOINT_RULE_SET;
    const TESTS: &str = "smithy.rules#endpointTests";
    let Some(value) = traits.get(RULES) else { return Ok(None) };
    let problem = |source: &'static str| move |reason: String| Problem { source, reason };
    let params = params(field(value, "parameters", "").map_err(problem(RULES))?).map_err(problem(RULES))?;
    let rules = rules(field(value, "rules", "").map_err(problem(RULES))?, "rules").map_err(problem(RULES))?;
    check(&rules, &mut Scope::of(&params), "rules").map_err(problem(RULES))?;
    let partitions = if calls_partition(&rules) {
        match partitions {
            Some(p) => p.to_vec(),
            None => {
                return Err(Problem {
                    source: RULES,
                    reason: "the rules call `aws.partition`, which needs the partition data (`--partitions FILE`)".to_owned(),
                });
            }
        }
    } else {
        Vec::new()
    };
    let tests = match traits.get(TESTS) {
        Some(t) => tests(t, &params).map_err(problem(TESTS))?,
        None => Vec::new(),
    };
    Ok(Some(RuleSet { params, rules, partitions, tests }))
}

/// True when `name` is read by `e`.
pub fn mentions(e: &Expr, name: &str) -> bool {
    match e {
        Expr::Str(pieces) => pieces.iter().any(|p| matches!(p, Piece::Value(n, _) if n == name)),
        Expr::Ref(n) => n == name,
        Expr::Call(_, args) => args.iter().any(|a| mentions(a, name)),
        Expr::GetAttr(target, _) => mentions(target, name),
        Expr::Bool(_) | Expr::Int(_) => false,
    }
}

fn prop_mentions(p: &Prop, name: &str) -> bool {
    match p {
        Prop::Value(e) => mentions(e, name),
        Prop::Array(items) => items.iter().any(|i| prop_mentions(i, name)),
        Prop::Object(entries) => entries.iter().any(|(_, v)| prop_mentions(v, name)),
    }
}

/// True when `name` is read by the conditions or the outcome of `rule`, recursively.
pub fn rule_mentions(conditions: &[Condition], outcome: &Outcome, name: &str) -> bool {
    conditions.iter().any(|c| mentions(&c.expr, name))
        || match outcome {
            Outcome::Endpoint { url, headers, properties } => {
                mentions(url, name)
                    || headers.iter().any(|(_, v)| v.iter().any(|e| mentions(e, name)))
                    || properties.iter().any(|(_, p)| prop_mentions(p, name))
            }
            Outcome::Error(message) => mentions(message, name),
            Outcome::Tree(sub) => sub.iter().any(|r| rule_mentions(&r.conditions, &r.outcome, name)),
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_and_paths() {
        assert_eq!(
            template("https://{Region}.{P#dnsSuffix}{{x}}", "t"),
            Ok(vec![
                Piece::Text("https://".into()),
                Piece::Value("Region".into(), vec![]),
                Piece::Text(".".into()),
                Piece::Value("P".into(), vec![Step::Field("dnsSuffix".into())]),
                Piece::Text("{x}".into()),
            ])
        );
        assert_eq!(path("resourceId[2]", "p"), Ok(vec![Step::Field("resourceId".into()), Step::Index(2)]));
        assert_eq!(path("[0]", "p"), Ok(vec![Step::Index(0)]));
        assert!(template("{Region", "t").is_err());
        assert!(template("a}b", "t").is_err());
        assert!(path("a[x]", "p").is_err());
    }

    fn set_of(json: &str) -> Result<Option<RuleSet>, Problem> {
        let value = Json::parse(json).unwrap_or(Json::Null);
        let traits: crate::ast::Traits = [(crate::traits::ENDPOINT_RULE_SET.to_owned(), value)].into_iter().collect();
        rule_set(&traits, None)
    }

    #[test]
    fn ill_typed_rules_are_refused_with_their_place() {
        let unset = r#"{"version":"1.0","parameters":{"Region":{"type":"string"}},"rules":[
            {"conditions":[{"fn":"stringEquals","argv":[{"ref":"Region"},"x"]}],"type":"error","error":"no"}]}"#;
        assert_eq!(
            set_of(unset).err().map(|p| p.reason),
            Some("rules[0].conditions[0]: argument 0 may be unset here (check it with isSet first)".to_owned())
        );
        let proven = r#"{"version":"1.0","parameters":{"Region":{"type":"string"}},"rules":[
            {"conditions":[{"fn":"isSet","argv":[{"ref":"Region"}]},{"fn":"stringEquals","argv":[{"ref":"Region"},"x"]}],
             "type":"error","error":"no {Region}"}]}"#;
        assert!(set_of(proven).is_ok_and(|s| s.is_some()));
        let unknown = r#"{"version":"1.0","parameters":{},"rules":[
            {"conditions":[{"fn":"aws.frobnicate","argv":[]}],"type":"error","error":"no"}]}"#;
        assert_eq!(
            set_of(unknown).err().map(|p| p.reason),
            Some("rules[0].conditions[0]: the function `aws.frobnicate` is not one this generator knows".to_owned())
        );
        let partition = r#"{"version":"1.0","parameters":{"Region":{"type":"string","required":true}},"rules":[
            {"conditions":[{"fn":"aws.partition","argv":[{"ref":"Region"}],"assign":"P"}],"type":"error","error":"{P#nope}"}]}"#;
        assert_eq!(set_of(partition).err().map(|p| p.reason), Some("rules[0].error: a partition has no field `nope`".to_owned()));
        let needs_data = r#"{"version":"1.0","parameters":{"Region":{"type":"string","required":true}},"rules":[
            {"conditions":[{"fn":"aws.partition","argv":[{"ref":"Region"}],"assign":"P"}],"type":"error","error":"{P#name}"}]}"#;
        assert_eq!(
            set_of(needs_data).err().map(|p| p.reason),
            Some("the rules call `aws.partition`, which needs the partition data (`--partitions FILE`)".to_owned())
        );
        let clash = r#"{"version":"1.0","parameters":{"UseFIPS":{"type":"boolean"},"use_fips":{"type":"boolean"}},"rules":[]}"#;
        assert_eq!(
            set_of(clash).err().map(|p| p.reason),
            Some("parameters.use_fips: it and `UseFIPS` have one Rust name, `use_fips`".to_owned())
        );
    }

    #[test]
    fn partition_data_is_checked() {
        assert!(partitions(r#"{"partitions":[{"id":"aws"}]}"#).is_err_and(|e| e == "partitions[0]: missing `outputs`"));
        let bad_regex = r#"{"partitions":[{"id":"aws","regionRegex":"(?<=x)","outputs":{"name":"aws","dnsSuffix":"a",
            "dualStackDnsSuffix":"b","supportsFIPS":true,"supportsDualStack":true,"implicitGlobalRegion":"us-east-1"}}]}"#;
        assert!(partitions(bad_regex).is_err_and(|e| e.starts_with("partitions[0].regionRegex: the pattern")), "{:?}", partitions(bad_regex));
        let region = r#"{"partitions":[{"id":"aws","regionRegex":"^us\\-\\w+$","regions":{"us-x":{"description":"X","dnsSuffix":"x.example"}},
            "outputs":{"name":"aws","dnsSuffix":"a","dualStackDnsSuffix":"b","supportsFIPS":true,"supportsDualStack":false,"implicitGlobalRegion":"us-east-1"}}]}"#;
        let parsed = partitions(region).unwrap_or_default();
        let overridden = parsed.first().and_then(|p| p.regions.first()).and_then(|(_, o)| o.clone());
        assert_eq!(overridden.map(|o| (o.dns_suffix, o.name, o.supports_dual_stack)), Some(("x.example".to_owned(), "aws".to_owned(), false)));
    }
}
