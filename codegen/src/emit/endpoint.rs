//! Stage 4 (emit): the endpoint rule set compiled to Rust, `src/endpoint.rs` (`Params`,
//! `resolve`, the partition table), and its test cases, `tests/endpoints.rs`.
//!
//! Each rule becomes an `if` whose conditions are joined by `&&`: a boolean function is a test,
//! a value that may be unset is matched with `let Some(name) = ...` (binding it when the rules
//! assign it or read it after `isSet`), and a value always set is a `let` between two `if`s.
//! A rule whose conditions always hold ends its list: what follows it can never run.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::common::{Broken, Emitted, doc_attrs};
use crate::ir::Crate;
use crate::names::{field_name, ident};
use crate::rules::{
    Condition, Expect, Expr, Func, Outcome, Param, ParamTy, Partition, Piece, Prop, Rule, RuleSet, Scope, Step, Ty, Typed,
    Value, attr_type, rule_mentions, type_of,
};

/// What resolution says when no rule matches: the rule sets AWS publishes end every list with a
/// rule that always matches, so this is reached only by a rule set that is not exhaustive.
const NO_RULE: &str = "no endpoint rule matches these parameters";

/// A boolean expression, kept apart from other code so negations and comparisons come out in
/// their simplest form (`a != b`, `x.is_none()`, never `!(a == b)` or `x == true`).
#[derive(Clone)]
enum B {
    /// A boolean-valued call, path or name.
    Atom(TokenStream),
    /// `!atom`
    Not(TokenStream),
    /// `a == b` (`true`) or `a != b`.
    Cmp(TokenStream, TokenStream, bool),
    /// `x.is_some()` (`true`) or `x.is_none()`.
    IsSome(TokenStream, bool),
    /// A literal.
    Lit(bool),
}

impl B {
    fn negate(self) -> B {
        match self {
            B::Atom(t) => B::Not(t),
            B::Not(t) => B::Atom(t),
            B::Cmp(a, b, eq) => B::Cmp(a, b, !eq),
            B::IsSome(t, some) => B::IsSome(t, !some),
            B::Lit(v) => B::Lit(!v),
        }
    }

    fn tokens(&self) -> TokenStream {
        match self {
            B::Atom(t) => t.clone(),
            B::Not(t) => quote!(!#t),
            B::Cmp(a, b, true) => quote!(#a == #b),
            B::Cmp(a, b, false) => quote!(#a != #b),
            B::IsSome(t, true) => quote!(#t.is_some()),
            B::IsSome(t, false) => quote!(#t.is_none()),
            B::Lit(v) => quote!(#v),
        }
    }

    /// As an operand of `==` or an argument.
    fn operand(&self) -> TokenStream {
        match self {
            B::Cmp(..) => {
                let t = self.tokens();
                quote!((#t))
            }
            _ => self.tokens(),
        }
    }
}

/// Compiled code: a boolean, or another value.
enum Code {
    Bool(B),
    Other(TokenStream),
}

/// An expression compiled.
struct Out {
    code: Code,
    typed: Typed,
    /// For a string computed as an owned `String`, that `String` (`code` borrows it).
    owned: Option<TokenStream>,
}

impl Out {
    fn tokens(&self) -> TokenStream {
        match &self.code {
            Code::Bool(b) => b.operand(),
            Code::Other(t) => t.clone(),
        }
    }

    fn boolean(&self) -> B {
        match &self.code {
            Code::Bool(b) => b.clone(),
            Code::Other(t) => B::Atom(t.clone()),
        }
    }
}

/// One link of a rule's condition chain.
enum Link {
    /// A boolean test.
    Test(TokenStream),
    /// `let Some(name) = value`.
    Let(Ident, TokenStream),
    /// A statement between two `if`s.
    Stmt(TokenStream),
}

/// The name of a rule variable in Rust.
pub fn local(name: &str) -> Ident {
    ident(&crate::rules::rust_name(name))
}

struct Compiler<'a> {
    set: &'a RuleSet,
    scope: Scope,
}

impl Compiler<'_> {
    fn typed(&self, e: &Expr) -> Emitted<Typed> {
        type_of(e, &self.scope).map_err(|why| Broken(format!("the checked endpoint rules do not type: {why}")))
    }

    fn expr(&self, e: &Expr) -> Emitted<Out> {
        let typed = self.typed(e)?;
        let other = |t: TokenStream| Out { code: Code::Other(t), typed, owned: None };
        let boolean = |b: B| Out { code: Code::Bool(b), typed, owned: None };
        Ok(match e {
            Expr::Str(pieces) => match pieces.as_slice() {
                [Piece::Text(text)] => other(quote!(#text)),
                [Piece::Value(name, steps)] => other(self.path(name, steps)?),
                _ => {
                    let owned = self.format(pieces)?;
                    Out { code: Code::Other(quote!(#owned.as_str())), typed, owned: Some(owned) }
                }
            },
            Expr::Bool(v) => boolean(B::Lit(*v)),
            Expr::Int(n) => {
                let n = Literal::usize_unsuffixed(*n);
                other(quote!(#n))
            }
            Expr::Ref(name) => {
                let id = local(name);
                if typed == (Typed { ty: Ty::Bool, optional: false }) { boolean(B::Atom(quote!(#id))) } else { other(quote!(#id)) }
            }
            Expr::GetAttr(target, steps) => {
                let target = self.expr(target)?;
                let code = access(target.tokens(), target.typed.ty, steps)?;
                if typed == (Typed { ty: Ty::Bool, optional: false }) { boolean(B::Atom(code)) } else { other(code) }
            }
            Expr::Call(func, exprs) => {
                let args = exprs.iter().map(|a| self.expr(a)).collect::<Emitted<Vec<_>>>()?;
                let arg = |i: usize| args.get(i).map(Out::tokens).ok_or_else(|| Broken(format!("{func:?} lacks argument {i}")));
                let bool_arg =
                    |i: usize| args.get(i).map(Out::boolean).ok_or_else(|| Broken(format!("{func:?} lacks argument {i}")));
                match func {
                    Func::IsSet => {
                        let a = args.first().ok_or_else(|| Broken("isSet without an argument".to_owned()))?;
                        if a.typed.optional { boolean(B::IsSome(a.tokens(), true)) } else { boolean(B::Lit(true)) }
                    }
                    Func::Not => boolean(bool_arg(0)?.negate()),
                    Func::BooleanEquals => match (bool_arg(0)?, bool_arg(1)?) {
                        (x, B::Lit(v)) | (B::Lit(v), x) => boolean(if v { x } else { x.negate() }),
                        (a, b) => boolean(B::Cmp(a.operand(), b.operand(), true)),
                    },
                    Func::StringEquals => {
                        // A comparison with "" is a test for emptiness.
                        let empty = |i: usize| matches!(exprs.get(i), Some(Expr::Str(p)) if p.as_slice() == [Piece::Text(String::new())]);
                        if empty(1) {
                            let a = arg(0)?;
                            boolean(B::Atom(quote!(#a.is_empty())))
                        } else if empty(0) {
                            let b = arg(1)?;
                            boolean(B::Atom(quote!(#b.is_empty())))
                        } else {
                            boolean(B::Cmp(arg(0)?, arg(1)?, true))
                        }
                    }
                    Func::Substring => {
                        let (s, start, stop, reverse) = (arg(0)?, arg(1)?, arg(2)?, arg(3)?);
                        other(quote!(rules::substring(#s, #start, #stop, #reverse)))
                    }
                    Func::UriEncode => {
                        let s = arg(0)?;
                        let owned = quote!(rules::uri_encode(#s));
                        Out { code: Code::Other(quote!(#owned.as_str())), typed, owned: Some(owned) }
                    }
                    Func::ParseUrl => {
                        let s = arg(0)?;
                        other(quote!(rules::parse_url(#s)))
                    }
                    Func::IsValidHostLabel => {
                        let (s, sub) = (arg(0)?, arg(1)?);
                        boolean(B::Atom(quote!(rules::is_valid_host_label(#s, #sub))))
                    }
                    Func::Partition => {
                        let s = arg(0)?;
                        other(quote!(rules::partition(PARTITIONS, #s)))
                    }
                    Func::ParseArn => {
                        let s = arg(0)?;
                        other(quote!(rules::parse_arn(#s)))
                    }
                    Func::IsVirtualHostableS3Bucket => {
                        let (s, sub) = (arg(0)?, arg(1)?);
                        boolean(B::Atom(quote!(rules::is_virtual_hostable_s3_bucket(#s, #sub))))
                    }
                }
            }
        })
    }

    /// `name#steps` of a template: the variable, then the path.
    fn path(&self, name: &str, steps: &[Step]) -> Emitted {
        let id = local(name);
        if steps.is_empty() {
            return Ok(quote!(#id));
        }
        let typed = self.scope.get(name).ok_or_else(|| Broken(format!("`{name}` is not in scope")))?;
        access(quote!(#id), typed.ty, steps)
    }

    /// A template with more than one piece, as `format!`: variables inline, paths as arguments.
    fn format(&self, pieces: &[Piece]) -> Emitted {
        let mut text = String::new();
        let mut args = Vec::new();
        for piece in pieces {
            match piece {
                Piece::Text(t) => text.push_str(&t.replace('{', "{{").replace('}', "}}")),
                Piece::Value(name, steps) => {
                    let id = crate::rules::rust_name(name);
                    if steps.is_empty() && !id.starts_with("r#") {
                        text.push('{');
                        text.push_str(&id);
                        text.push('}');
                    } else {
                        text.push_str("{}");
                        args.push(self.path(name, steps)?);
                    }
                }
            }
        }
        Ok(quote!(format!(#text #(, #args)*)))
    }

    /// A string for `Into<String>`: a literal, a `&str`, or an owned `String`.
    fn string(&self, e: &Expr) -> Emitted {
        let out = self.expr(e)?;
        Ok(out.owned.clone().unwrap_or_else(|| out.tokens()))
    }

    fn prop(&self, p: &Prop) -> Emitted {
        Ok(match p {
            Prop::Value(e) => {
                let out = self.expr(e)?;
                match out.typed.ty {
                    Ty::Int => {
                        let t = out.tokens();
                        quote!(Property::Int(#t))
                    }
                    Ty::Bool => {
                        let t = out.boolean().tokens();
                        quote!(Property::Bool(#t))
                    }
                    _ => {
                        let t = out.owned.clone().unwrap_or_else(|| out.tokens());
                        quote!(Property::from(#t))
                    }
                }
            }
            Prop::Array(items) => {
                let items = items.iter().map(|i| self.prop(i)).collect::<Emitted<Vec<_>>>()?;
                quote!(Property::Array(vec![#(#items),*]))
            }
            Prop::Object(entries) => {
                let entries = entries
                    .iter()
                    .map(|(k, v)| {
                        let v = self.prop(v)?;
                        Ok(quote!((#k, #v)))
                    })
                    .collect::<Emitted<Vec<_>>>()?;
                quote!(Property::object(vec![#(#entries),*]))
            }
        })
    }

    /// The links of a condition; binds what it proves or assigns. `later` says whether a name is
    /// read after this condition, in the rest of the rule.
    fn condition(&mut self, c: &Condition, later: &dyn Fn(&str) -> bool, links: &mut Vec<Link>) -> Emitted<()> {
        let out = self.expr(&c.expr)?;
        let typed = out.typed;
        if let Some(name) = &c.assign {
            self.scope.bind(name, Typed { optional: false, ..typed });
            let id = local(name);
            let used = later(name);
            match (typed.optional, typed.ty, used) {
                (true, Ty::Bool, true) => {
                    let t = out.tokens();
                    links.push(Link::Let(id.clone(), t));
                    links.push(Link::Test(quote!(#id)));
                }
                (true, Ty::Bool, false) => {
                    let t = out.tokens();
                    links.push(Link::Test(quote!(#t == Some(true))));
                }
                (true, _, true) => links.push(Link::Let(id, out.tokens())),
                (true, _, false) => links.push(Link::Test(B::IsSome(out.tokens(), true).tokens())),
                (false, Ty::Bool, true) => {
                    let t = out.boolean().tokens();
                    links.push(Link::Stmt(quote!(let #id = #t;)));
                    links.push(Link::Test(quote!(#id)));
                }
                (false, Ty::Bool, false) => links.push(Link::Test(out.boolean().tokens())),
                (false, _, true) => match &out.owned {
                    Some(owned) => links.push(Link::Stmt(quote!(let #id = #owned; let #id = #id.as_str();))),
                    None => {
                        let t = out.tokens();
                        links.push(Link::Stmt(quote!(let #id = #t;)));
                    }
                },
                (false, _, false) => {}
            }
            return Ok(());
        }
        if let Expr::Call(Func::IsSet, args) = &c.expr
            && let [Expr::Ref(name)] = args.as_slice()
            && let Some(t) = self.scope.get(name)
            && t.optional
        {
            self.scope.bind(name, Typed { optional: false, ..t });
            let id = local(name);
            if later(name) {
                links.push(Link::Let(id.clone(), quote!(#id)));
            } else {
                links.push(Link::Test(quote!(#id.is_some())));
            }
            return Ok(());
        }
        match (typed.ty, typed.optional) {
            (Ty::Bool, false) => match out.boolean() {
                B::Lit(true) => {}
                b => links.push(Link::Test(b.tokens())),
            },
            (Ty::Bool, true) => {
                let t = out.tokens();
                links.push(Link::Test(quote!(#t == Some(true))));
            }
            (_, true) => links.push(Link::Test(B::IsSome(out.tokens(), true).tokens())),
            (_, false) => {}
        }
        Ok(())
    }

    /// The statements of a rule list and whether they always return (a rule that always
    /// matches ends the list). In `tail` position, the last value is an expression, not a
    /// `return`.
    fn rules(&mut self, rules: &[Rule], tail: bool) -> Emitted<(Vec<TokenStream>, bool)> {
        let mut out = Vec::new();
        for rule in rules {
            let len = self.scope.depth();
            let mut links = Vec::new();
            for (j, c) in rule.conditions.iter().enumerate() {
                let rest = rule.conditions.get(j.saturating_add(1)..).unwrap_or_default();
                let later = |name: &str| rule_mentions(rest, &rule.outcome, name);
                self.condition(c, &later, &mut links)?;
            }
            let always = links.iter().all(|l| matches!(l, Link::Stmt(_)));
            let body = self.outcome(&rule.outcome, tail && always)?;
            self.scope.truncate(len);
            let nested = nest(links, body);
            if always {
                out.extend(nested);
                return Ok((out, true));
            }
            if nested.len() == 1 {
                out.extend(nested);
            } else {
                out.push(quote!({ #(#nested)* }));
            }
        }
        Ok((out, false))
    }

    fn outcome(&mut self, outcome: &Outcome, tail: bool) -> Emitted<Vec<TokenStream>> {
        let finish = |value: TokenStream| if tail { value } else { quote!(return #value;) };
        Ok(match outcome {
            Outcome::Endpoint { url, headers, properties } => {
                let url = self.string(url)?;
                let mut value = quote!(Endpoint::new(#url));
                for (name, values) in headers {
                    let values = values.iter().map(|v| self.string(v).map(|t| quote!(String::from(#t)))).collect::<Emitted<Vec<_>>>()?;
                    value = quote!(#value.with_header(#name, vec![#(#values),*]));
                }
                for (name, p) in properties {
                    let p = self.prop(p)?;
                    value = quote!(#value.with_property(#name, #p));
                }
                vec![finish(quote!(Ok(#value)))]
            }
            Outcome::Error(message) => {
                let message = self.string(message)?;
                vec![finish(quote!(Err(EndpointError::new(#message))))]
            }
            Outcome::Tree(sub) => {
                let (mut stmts, always) = self.rules(sub, tail)?;
                if !always {
                    stmts.push(finish(quote!(Err(EndpointError::new(#NO_RULE)))));
                }
                stmts
            }
        })
    }
}

/// The field path `steps` on `base`, a value of type `ty`.
fn access(base: TokenStream, ty: Ty, steps: &[Step]) -> Emitted {
    let mut code = base;
    let mut ty = ty;
    for step in steps {
        code = match (ty, step) {
            (Ty::StrArray, Step::Index(n)) => {
                let n = Literal::usize_unsuffixed(*n);
                quote!(rules::index(#code, #n))
            }
            (Ty::Url, Step::Field(f)) if f == "normalizedPath" => quote!(#code.normalized_path.as_str()),
            (Ty::Arn, Step::Field(f)) if f == "resourceId" => quote!(#code.resource_id.as_slice()),
            (_, Step::Field(f)) => {
                let f = ident(&heck::ToSnakeCase::to_snake_case(f.as_str()));
                quote!(#code.#f)
            }
            (_, Step::Index(_)) => return Err(Broken(format!("{ty:?} cannot be indexed"))),
        };
        ty = attr_type(ty, std::slice::from_ref(step))
            .map_err(|why| Broken(format!("the checked endpoint rules do not type: {why}")))?
            .ty;
    }
    Ok(code)
}

/// A rule's links around its body: runs of tests and matches make one `if`, statements sit
/// between them.
fn nest(links: Vec<Link>, body: Vec<TokenStream>) -> Vec<TokenStream> {
    let mut inner = body;
    let mut chain: Vec<TokenStream> = Vec::new();
    let wrap = |chain: &mut Vec<TokenStream>, inner: Vec<TokenStream>| -> Vec<TokenStream> {
        if chain.is_empty() {
            return inner;
        }
        chain.reverse();
        let parts = std::mem::take(chain);
        vec![quote!(if #(#parts)&&* { #(#inner)* })]
    };
    for link in links.into_iter().rev() {
        match link {
            Link::Test(t) => chain.push(t),
            Link::Let(id, value) => chain.push(quote!(let Some(#id) = #value)),
            Link::Stmt(s) => {
                inner = wrap(&mut chain, inner);
                inner.insert(0, s);
            }
        }
    }
    wrap(&mut chain, inner)
}

/// The Rust type of a parameter's field and the field's default value.
fn param_field(p: &Param) -> Emitted<(TokenStream, TokenStream)> {
    let ty = match p.ty {
        ParamTy::Str => quote!(String),
        ParamTy::Bool => quote!(bool),
        ParamTy::StrArray => quote!(Vec<String>),
    };
    Ok(match &p.default {
        Some(d) => (ty, value_of(d)?),
        None => (quote!(Option<#ty>), quote!(None)),
    })
}

/// A literal of a parameter's type.
fn value_of(v: &Value) -> Emitted {
    Ok(match v {
        Value::Bool(b) => quote!(#b),
        Value::Str(s) => quote!(String::from(#s)),
        Value::Array(items) => {
            let items = items.iter().map(value_of).collect::<Emitted<Vec<_>>>()?;
            quote!(vec![#(#items),*])
        }
        Value::Int(_) | Value::Object(_) => {
            return Err(Broken("a parameter's value is a string, a boolean or an array of strings".to_owned()));
        }
    })
}

/// True when a default is the type's own default (`false`, empty), so `Default` can be derived.
fn is_type_default(v: &Value) -> bool {
    match v {
        Value::Bool(b) => !b,
        Value::Str(s) => s.is_empty(),
        Value::Array(items) => items.is_empty(),
        Value::Int(n) => *n == 0,
        Value::Object(entries) => entries.is_empty(),
    }
}

fn param_docs(p: &Param) -> Vec<String> {
    let mut docs = p.docs.as_deref().map(crate::docs::documentation).unwrap_or_default();
    if docs.is_empty() {
        docs.push(format!("The `{}` parameter of the endpoint rules.", p.name));
    }
    let mut notes = vec![format!("`{}` in the rules", p.name)];
    if let Some(b) = &p.built_in {
        notes.push(format!("the SDK setting `{b}`"));
    }
    if p.required && p.default.is_none() {
        notes.push("required: resolution fails while it is `None`".to_owned());
    }
    if let Some(d) = &p.default {
        let text = match d {
            Value::Bool(b) => b.to_string(),
            Value::Str(s) => format!("{s:?}"),
            _ => "set".to_owned(),
        };
        notes.push(format!("default `{text}`"));
    }
    crate::docs::push_paragraph(&mut docs, format!("{}.", crate::names::capitalise(&notes.join("; "))));
    if let Some(message) = &p.deprecated {
        let message = if message.is_empty() { String::new() } else { format!(": {message}") };
        crate::docs::push_paragraph(&mut docs, format!("Deprecated in the rules{message}."));
    }
    docs
}

fn outputs_tokens(o: &crate::rules::Outputs) -> TokenStream {
    let (name, dns, dual, fips, dual_stack, global) = (
        &o.name,
        &o.dns_suffix,
        &o.dual_stack_dns_suffix,
        o.supports_fips,
        o.supports_dual_stack,
        &o.implicit_global_region,
    );
    quote! {
        rules::Partition {
            name: #name,
            dns_suffix: #dns,
            dual_stack_dns_suffix: #dual,
            supports_fips: #fips,
            supports_dual_stack: #dual_stack,
            implicit_global_region: #global,
        }
    }
}

fn partitions_static(partitions: &[Partition]) -> Emitted {
    let entries = partitions
        .iter()
        .map(|p| {
            let encoded = crate::pattern::encode(&p.program)
                .map_err(|why| Broken(format!("the region pattern `{}` cannot be encoded: {why}", p.region_regex)))?;
            let (program, ranges) = (Literal::byte_string(&encoded.program), Literal::byte_string(&encoded.ranges));
            let (id, source) = (&p.id, &p.region_regex);
            let regions = p.regions.iter().map(|(name, o)| {
                let o = match o {
                    Some(o) => {
                        let o = outputs_tokens(o);
                        quote!(Some(#o))
                    }
                    None => quote!(None),
                };
                quote!((#name, #o))
            });
            let outputs = outputs_tokens(&p.outputs);
            Ok(quote! {
                rules::PartitionData {
                    id: #id,
                    regions: &[#(#regions),*],
                    region_regex: Pattern { source: #source, program: #program, ranges: #ranges },
                    outputs: #outputs,
                }
            })
        })
        .collect::<Emitted<Vec<_>>>()?;
    Ok(quote! {
        /// The partition data `aws.partition` reads, in the order of the partition file.
        static PARTITIONS: &[rules::PartitionData] = &[#(#entries),*];
    })
}

/// The `Operation::endpoint_params` of an operation that binds endpoint parameters: each
/// `staticContextParams` value, each `@contextParam` member of the input that is set (a
/// string or boolean member naming a parameter of its type), and each `operationContextParams`
/// path the generator compiles. Nothing when it binds none.
pub fn operation_params(krate: &Crate, op: &crate::ir::Operation) -> Emitted {
    let Some(set) = &krate.service.endpoint else { return Ok(TokenStream::new()) };
    let mut stmts = Vec::new();
    for (name, source) in &op.endpoint_context {
        if let Binding::Bound(stmt) = binding(krate, set, op, name, source)? {
            stmts.push(stmt);
        }
    }
    if stmts.is_empty() {
        return Ok(TokenStream::new());
    }
    Ok(quote! {
        fn endpoint_params(&self, mut params: crate::endpoint::Params) -> crate::endpoint::Params {
            #(#stmts)*
            params
        }
    })
}

/// Every endpoint parameter an operation's traits bind that the crate leaves unbound, with the
/// reason: `(operation shape id, parameter, reason)`, for the generator's warnings.
pub fn unbound_params(krate: &Crate) -> Emitted<Vec<(String, String, String)>> {
    let Some(set) = &krate.service.endpoint else { return Ok(Vec::new()) };
    let mut unbound = Vec::new();
    for op in &krate.operations {
        for (name, source) in &op.endpoint_context {
            if let Binding::Unbound(reason) = binding(krate, set, op, name, source)? {
                unbound.push((op.shape_id.clone(), name.clone(), reason));
            }
        }
        for (name, reason) in &op.unparsed_context_paths {
            unbound.push((op.shape_id.clone(), name.clone(), reason.clone()));
        }
    }
    Ok(unbound)
}

/// What one binding of an operation's endpoint context becomes.
enum Binding {
    /// The statement that sets the parameter in `endpoint_params`.
    Bound(TokenStream),
    /// Left unbound, and why.
    Unbound(String),
}

/// The statement binding the parameter `name` from `source`, or why there is none.
fn binding(krate: &Crate, set: &RuleSet, op: &crate::ir::Operation, name: &str, source: &crate::ir::EndpointContext) -> Emitted<Binding> {
    use crate::ir::EndpointContext;
    let unbound = |why: &str| Ok(Binding::Unbound(why.to_owned()));
    let Some(p) = set.params.iter().find(|p| p.name == *name) else {
        return unbound("the endpoint rules have no such parameter");
    };
    let field = local(&p.name);
    let wrap = |v: TokenStream| if p.default.is_some() { v } else { quote!(Some(#v)) };
    Ok(Binding::Bound(match (source, p.ty) {
        (EndpointContext::Static(Value::Str(s)), ParamTy::Str) => {
            let v = wrap(quote!(String::from(#s)));
            quote!(params.#field = #v;)
        }
        (EndpointContext::Static(Value::Bool(b)), ParamTy::Bool) => {
            let v = wrap(quote!(#b));
            quote!(params.#field = #v;)
        }
        (EndpointContext::Static(_), _) => return unbound("the static value is not of the parameter's type"),
        (EndpointContext::Member(index), ParamTy::Str | ParamTy::Bool) => {
            let member = super::common::member(krate, op.input, *index)?;
            let want = if p.ty == ParamTy::Str { crate::ir::Type::String } else { crate::ir::Type::Bool };
            if member.ty != want {
                return unbound(&format!("the input member `{}` is not of the parameter's type", member.name));
            }
            let m = ident(&member.field);
            let read = if p.ty == ParamTy::Str { quote!(value.clone()) } else { quote!(*value) };
            let v = wrap(read);
            if matches!(member.presence, crate::ir::Presence::Optional) {
                quote!(if let Some(value) = &self.#m { params.#field = #v; })
            } else {
                quote!({ let value = &self.#m; params.#field = #v; })
            }
        }
        (EndpointContext::Member(_), _) => return unbound("a `@contextParam` member binds only a string or boolean parameter"),
        (EndpointContext::Path(path), ParamTy::Str | ParamTy::StrArray) => {
            let start = InputPath::One(crate::ir::Type::Def { id: op.input, boxed: false }, quote!(Some(self)));
            let cannot = "the generator cannot evaluate its JMESPath path over the input's types (it compiles fields, \
                          `[*]`, `[]`, multi-select lists of one type and `keys()` to strings)";
            let Some(value) = typed_path(krate, path, start)? else { return unbound(cannot) };
            // A list member named directly is the list of its items.
            let value = match value {
                InputPath::One(crate::ir::Type::Collection(id), code) if p.ty == ParamTy::StrArray => {
                    match &super::common::collection(krate, id)?.kind {
                        crate::ir::CollectionKind::List { member, sparse: false } => {
                            InputPath::Many(member.clone(), quote!(#code.into_iter().flatten().collect::<Vec<_>>()))
                        }
                        _ => return unbound(cannot),
                    }
                }
                other => other,
            };
            match (value, p.ty) {
                (InputPath::One(ty, code), ParamTy::Str) => {
                    let Some(text) = as_text(krate, &ty, quote!(value))? else { return unbound(cannot) };
                    let v = wrap(text);
                    quote!(if let Some(value) = #code { params.#field = #v; })
                }
                (InputPath::Many(ty, code), ParamTy::StrArray) => {
                    let Some(text) = as_text(krate, &ty, quote!(value))? else { return unbound(cannot) };
                    let v = wrap(quote!(values));
                    quote! {
                        let values: Vec<String> = #code.into_iter().map(|value| #text).collect();
                        if !values.is_empty() {
                            params.#field = #v;
                        }
                    }
                }
                _ => return unbound("its path gives one value for a string array, or several for a string"),
            }
        }
        (EndpointContext::Path(_), _) => return unbound("an `operationContextParams` path binds only a string or string array parameter"),
    }))
}

/// A path into the input, typed: `One(ty, code)` where `code` is an `Option<&T>`, or
/// `Many(ty, code)` where it is a `Vec<&T>` (a projection's results, nulls dropped).
enum InputPath {
    One(crate::ir::Type, TokenStream),
    Many(crate::ir::Type, TokenStream),
    /// A projection whose items are lists (`a[*].b[*]`): a list of lists, which only a
    /// flatten (`[]`) may take; the code holds the items already flattened.
    Nested(crate::ir::Type, TokenStream),
}

/// `operationContextParams`' JMESPath compiled to Rust over the input's types: fields,
/// sub-expressions, `[*]` and `[]` projections, multi-select lists of one type, `keys()`.
/// `None` for anything else (the parameter stays unbound).
fn typed_path(krate: &Crate, path: &crate::waiters::Expr, current: InputPath) -> Emitted<Option<InputPath>> {
    use crate::ir::{CollectionKind, DefKind, Presence, Type};
    use crate::waiters::Expr;
    Ok(match path {
        Expr::Current => Some(current),
        Expr::Field(name) => {
            // A field of a list (after a pipe or parentheses) is null in JMESPath: only a
            // projection applies a field to each item, item by item, below.
            let InputPath::One(ty, code) = current else { return Ok(None) };
            let Type::Def { id, .. } = ty else { return Ok(None) };
            let DefKind::Struct(s) = &super::common::def(krate, id)?.kind else { return Ok(None) };
            let Some(m) = s.members.iter().find(|m| m.name == *name) else { return Ok(None) };
            let field = ident(&m.field);
            let boxed = matches!(m.ty, Type::Def { boxed: true, .. });
            let (optional, read) = match (&m.presence, boxed) {
                (Presence::Optional, false) => (true, quote!(v.#field.as_ref())),
                (Presence::Optional, true) => (true, quote!(v.#field.as_deref())),
                (_, false) => (false, quote!(&v.#field)),
                (_, true) => (false, quote!(&*v.#field)),
            };
            let ty = m.ty.clone();
            Some(if optional {
                InputPath::One(ty, quote!(#code.and_then(|v| #read)))
            } else {
                InputPath::One(ty, quote!(#code.map(|v| #read)))
            })
        }
        Expr::Sub(a, b) => match typed_path(krate, a, current)? {
            Some(inner) => typed_path(krate, b, inner)?,
            None => None,
        },
        Expr::Flatten(inner) => match typed_path(krate, inner, current)? {
            Some(InputPath::One(Type::Collection(id), code) | InputPath::Many(Type::Collection(id), code)) => {
                match &super::common::collection(krate, id)?.kind {
                    CollectionKind::List { member, sparse: false } => {
                        Some(InputPath::Many(member.clone(), quote!(#code.into_iter().flatten().collect::<Vec<_>>())))
                    }
                    _ => None,
                }
            }
            // A projection of lists, or of multi-select lists: their items.
            Some(InputPath::Nested(ty, code)) => Some(InputPath::Many(ty, code)),
            _ => None,
        },
        Expr::Project(lhs, rhs) => {
            let items = match typed_path(krate, lhs, current)? {
                Some(InputPath::One(Type::Collection(id), code)) => match &super::common::collection(krate, id)?.kind {
                    CollectionKind::List { member, sparse: false } => (member.clone(), quote!(#code.into_iter().flatten())),
                    _ => return Ok(None),
                },
                Some(InputPath::Many(ty, code)) => (ty, quote!(#code.into_iter())),
                _ => return Ok(None),
            };
            let (ty, iter) = items;
            if matches!(**rhs, Expr::Current) {
                return Ok(Some(InputPath::Many(ty, quote!(#iter.collect::<Vec<_>>()))));
            }
            match typed_path(krate, rhs, InputPath::One(ty, quote!(Some(e))))? {
                Some(InputPath::One(ty, code)) => Some(InputPath::Many(ty, quote!(#iter.filter_map(|e| #code).collect::<Vec<_>>()))),
                Some(InputPath::Many(ty, code)) => Some(InputPath::Nested(ty, quote!(#iter.flat_map(|e| #code).collect::<Vec<_>>()))),
                _ => None,
            }
        }
        Expr::MultiList(items) => {
            let InputPath::One(ty, code) = current else { return Ok(None) };
            let mut parts = Vec::new();
            let mut item_ty = None;
            for item in items {
                match typed_path(krate, item, InputPath::One(ty.clone(), quote!(Some(v))))? {
                    Some(InputPath::One(t, part)) if item_ty.as_ref().is_none_or(|seen| *seen == t) => {
                        item_ty = Some(t);
                        parts.push(part);
                    }
                    _ => return Ok(None),
                }
            }
            let Some(item_ty) = item_ty else { return Ok(None) };
            Some(InputPath::Many(item_ty, quote!(#code.into_iter().flat_map(|v| [#(#parts),*].into_iter().flatten()).collect::<Vec<_>>())))
        }
        Expr::Keys(inner) => match typed_path(krate, inner, current)? {
            Some(InputPath::One(Type::Collection(id), code)) => match &super::common::collection(krate, id)?.kind {
                CollectionKind::Map { key, .. } => Some(InputPath::Many(key.clone(), quote!(#code.into_iter().flat_map(|m| m.keys()).collect::<Vec<_>>()))),
                CollectionKind::List { .. } => None,
            },
            _ => None,
        },
        _ => None,
    })
}

/// `value` (a `&T` of type `ty`) as a `String`, for a string or string enum.
fn as_text(krate: &Crate, ty: &crate::ir::Type, value: TokenStream) -> Emitted<Option<TokenStream>> {
    Ok(match ty {
        crate::ir::Type::String => Some(quote!(String::from(#value.as_str()))),
        crate::ir::Type::Def { id, .. } if matches!(super::common::def(krate, *id)?.kind, crate::ir::DefKind::Enum(_)) => {
            Some(quote!(#value.as_str().to_owned()))
        }
        _ => None,
    })
}

/// True when the crate embeds partition data, whose region patterns need the matcher.
pub fn uses_partitions(krate: &Crate) -> bool {
    krate.service.endpoint.as_ref().is_some_and(|set| !set.partitions.is_empty())
}

/// `src/endpoint.rs`.
pub fn module(krate: &Crate, set: &RuleSet) -> Emitted {
    let fields = set
        .params
        .iter()
        .map(|p| {
            let docs = doc_attrs(&param_docs(p));
            let name = local(&p.name);
            let (ty, _) = param_field(p)?;
            Ok(quote!(#docs pub #name: #ty,))
        })
        .collect::<Emitted<Vec<_>>>()?;
    let derivable = set.params.iter().all(|p| p.default.as_ref().is_none_or(is_type_default));
    let default = if derivable {
        TokenStream::new()
    } else {
        let values = set
            .params
            .iter()
            .map(|p| {
                let name = local(&p.name);
                let (_, value) = param_field(p)?;
                Ok(quote!(#name: #value,))
            })
            .collect::<Emitted<Vec<_>>>()?;
        quote! {
            impl Default for Params {
                fn default() -> Params {
                    Params { #(#values)* }
                }
            }
        }
    };
    let setters = set.params.iter().map(|p| {
        let name = local(&p.name);
        let setter = ident(&format!("with_{}", field_name(&p.name, &[])));
        let doc = format!(" With `{}` set to `value`.", p.name);
        let (arg, value) = match p.ty {
            ParamTy::Str => (quote!(impl Into<String>), quote!(value.into())),
            ParamTy::Bool => (quote!(bool), quote!(value)),
            ParamTy::StrArray => (quote!(Vec<String>), quote!(value)),
        };
        let value = if p.default.is_some() { value } else { quote!(Some(#value)) };
        quote! {
            #[doc = #doc]
            #[must_use]
            pub fn #setter(mut self, value: #arg) -> Params {
                self.#name = #value;
                self
            }
        }
    });
    let derives = if derivable { quote!(#[derive(Clone, Debug, Default, PartialEq, Eq)]) } else { quote!(#[derive(Clone, Debug, PartialEq, Eq)]) };
    // Each parameter the rules read becomes a local of the type the rules see.
    let mut prelude = Vec::new();
    for p in &set.params {
        let name = local(&p.name);
        let read = set.rules.iter().any(|r| rule_mentions(&r.conditions, &r.outcome, &p.name));
        let borrowed = match (p.ty, p.default.is_some()) {
            (ParamTy::Bool, _) => quote!(params.#name),
            (ParamTy::Str, true) => quote!(params.#name.as_str()),
            (ParamTy::StrArray, true) => quote!(params.#name.as_slice()),
            (_, false) => quote!(params.#name.as_deref()),
        };
        if p.required && p.default.is_none() {
            let message = format!("the endpoint parameter `{}` is required but not set", p.name);
            if read {
                prelude.push(quote!(let Some(#name) = #borrowed else { return Err(EndpointError::new(#message)); };));
            } else {
                prelude.push(quote!(if params.#name.is_none() { return Err(EndpointError::new(#message)); }));
            }
        } else if read {
            prelude.push(quote!(let #name = #borrowed;));
        }
    }
    let mut compiler = Compiler { set, scope: Scope::of(&set.params) };
    let (mut body, always) = compiler.rules(&set.rules, true)?;
    if !always {
        body.push(quote!(Err(EndpointError::new(#NO_RULE))));
    }
    let partitions = if compiler.set.partitions.is_empty() { TokenStream::new() } else { partitions_static(&compiler.set.partitions)? };
    let pattern = if compiler.set.partitions.is_empty() { TokenStream::new() } else { quote!(use crate::pattern::Pattern;) };
    let service = &krate.service.title;
    let mut lines = vec![
        format!("Endpoint resolution for {service}: the model's endpoint rule set compiled to Rust."),
        String::new(),
        "Fill in [`Params`] (the region, FIPS and dual-stack settings, a custom endpoint and the".to_owned(),
        "service's own parameters) and [`resolve`] gives the [`Endpoint`]: its URL, the headers to".to_owned(),
        "add and the auth scheme to sign with, or the rules' own error.".to_owned(),
        String::new(),
        "```".to_owned(),
        format!("use {}::endpoint::{{resolve, Params}};", krate.package_name.replace('-', "_")),
        String::new(),
        "let params = Params::default().with_region(\"eu-west-1\");".to_owned(),
        "let endpoint = resolve(&params)?;".to_owned(),
        "assert!(endpoint.url().starts_with(\"https://\"));".to_owned(),
        "# Ok::<(), Box<dyn std::error::Error>>(())".to_owned(),
        "```".to_owned(),
    ];
    // The example sets the region; a rule set without one keeps the prose only.
    if !set.params.iter().any(|p| p.name == "Region" && p.ty == ParamTy::Str && p.default.is_none()) {
        lines.truncate(5);
    }
    let module_docs = lines.iter().map(|line| {
        let text = if line.is_empty() { String::new() } else { format!(" {line}") };
        quote!(#![doc = #text])
    });
    Ok(quote! {
        #(#module_docs)*

        mod rules;

        pub use rules::{AuthScheme, Endpoint, EndpointError, Property};
        #pattern

        /// What endpoint resolution reads: the SDK's settings (region, FIPS, dual-stack, a custom
        /// endpoint) and the service's own parameters. `Params::default()` sets none but the
        /// defaults; each `with_` method sets one (the fields can be set directly too). A model
        /// update may add parameters, so the struct is `#[non_exhaustive]`.
        #derives
        #[non_exhaustive]
        pub struct Params {
            #(#fields)*
        }

        impl Params {
            #(#setters)*
        }

        #default

        #partitions

        /// Resolves the endpoint for `params` by the service's endpoint rules.
        ///
        /// # Errors
        ///
        /// When the rules refuse the parameters (their message says why: FIPS with a custom
        /// endpoint, a region that is not a valid host label...) or a required parameter is unset.
        pub fn resolve(params: &Params) -> Result<Endpoint, EndpointError> {
            #(#prelude)*
            #(#body)*
        }
    })
}

/// `tests/endpoints.rs`: one test per case of `smithy.rules#endpointTests`.
pub fn tests(krate: &Crate, set: &RuleSet) -> Emitted {
    let lib = ident(&krate.package_name.replace('-', "_"));
    let cases = set
        .tests
        .iter()
        .enumerate()
        .map(|(i, case)| {
            let name = ident(&format!("case_{i}"));
            let docs = doc_attrs(&case.docs.as_deref().map(crate::docs::lines).unwrap_or_default());
            let fields = case
                .params
                .iter()
                .map(|(index, v)| {
                    let p = set.params.get(*index).ok_or_else(|| Broken(format!("endpoint parameter {index} does not exist")))?;
                    let setter = ident(&format!("with_{}", field_name(&p.name, &[])));
                    let value = match v {
                        Value::Str(s) => quote!(#s),
                        other => value_of(other)?,
                    };
                    Ok(quote!(.#setter(#value)))
                })
                .collect::<Emitted<Vec<_>>>()?;
            let params = quote!(Params::default() #(#fields)*);
            let check = match &case.expect {
                Expect::Error(message) => {
                    quote!(assert_eq!(resolve(&params).map_err(|e| e.to_string()), Err(String::from(#message)));)
                }
                Expect::Endpoint { url, headers, properties } => {
                    let mut value = quote!(Endpoint::new(#url));
                    for (name, values) in headers {
                        value = quote!(#value.with_header(#name, vec![#(String::from(#values)),*]));
                    }
                    for (name, p) in properties {
                        let p = property(p);
                        value = quote!(#value.with_property(#name, #p));
                    }
                    quote!(assert_eq!(resolve(&params), Ok(#value));)
                }
            };
            let mut tests = vec![quote! {
                #docs
                #[test]
                fn #name() {
                    let params = #params;
                    #check
                }
            }];
            for (j, input) in case.operation_inputs.iter().enumerate() {
                let Some((call, feature)) = operation_call(krate, set, input)? else { continue };
                let name = ident(&format!("case_{i}_as_{}", heck::ToSnakeCase::to_snake_case(input.operation.as_str())));
                let doc = format!(" Case {i} as a call of `{}` (its operation input {j}).", input.operation);
                tests.push(quote! {
                    #[doc = #doc]
                    #[cfg(feature = #feature)]
                    #[test]
                    fn #name() {
                        #call
                        #check
                    }
                });
            }
            Ok(quote!(#(#tests)*))
        })
        .collect::<Emitted<Vec<_>>>()?;
    // Cases given as operation calls call `endpoint_params`, a method of the trait.
    let mut calls = false;
    for input in set.tests.iter().flat_map(|t| &t.operation_inputs) {
        calls |= operation_call(krate, set, input)?.is_some();
    }
    let operation_trait = if calls {
        quote! {
            #[allow(unused_imports, reason = "with an operation's feature off, its cases are left out")]
            use #lib::operation::Operation as _;
        }
    } else {
        TokenStream::new()
    };
    let doc = format!(
        " The endpoint rule set's own test cases (`smithy.rules#endpointTests` of {}), one test each.",
        krate.service.shape_id
    );
    Ok(quote! {
        #![doc = #doc]

        use #lib::endpoint::*;
        #operation_trait

        #(#cases)*
    })
}

/// The `Params` setter calls (`.with_region("us-west-2")`) of SDK settings given as the rules'
/// built-ins they set (`AWS::Region`); `None` when the rules have no parameter for one.
pub(crate) fn built_in_settings(set: &RuleSet, built_ins: &[(String, Value)]) -> Emitted<Option<Vec<TokenStream>>> {
    let mut settings = Vec::new();
    for (built_in, v) in built_ins {
        let Some(p) = set.params.iter().find(|p| p.built_in.as_deref() == Some(built_in.as_str())) else { return Ok(None) };
        let setter = ident(&format!("with_{}", field_name(&p.name, &[])));
        let value = match v {
            Value::Str(s) => quote!(#s),
            other => value_of(other)?,
        };
        settings.push(quote!(.#setter(#value)));
    }
    Ok(Some(settings))
}

/// `let params = ...;` and the operation's feature, for a case given as an operation call: the built-in settings, then the
/// input's `endpoint_params`. `None` (no test) when the crate lacks the operation or a setting,
/// or the case's input does not fit the input's types.
fn operation_call(krate: &Crate, set: &RuleSet, input: &crate::rules::OperationInput) -> Emitted<Option<(TokenStream, String)>> {
    let Some(op) = krate.operations.iter().find(|o| o.name == input.operation) else { return Ok(None) };
    let Some(settings) = built_in_settings(set, &input.built_ins)? else { return Ok(None) };
    let def = super::common::def(krate, op.input)?;
    let s = super::common::structure(krate, op.input)?;
    let lib = ident(&krate.package_name.replace('-', "_"));
    let mut setters = Vec::new();
    let mut simple = true;
    for (name, v) in &input.members {
        let Some(m) = s.members.iter().find(|m| m.name == *name) else { return Ok(None) };
        let setter = ident(&m.setter);
        match (v, &m.ty) {
            (Value::Str(text), crate::ir::Type::String) => setters.push(quote!(.#setter(#text))),
            (Value::Bool(b), crate::ir::Type::Bool) => setters.push(quote!(.#setter(#b))),
            (Value::Str(text), crate::ir::Type::Def { id, .. })
                if matches!(super::common::def(krate, *id)?.kind, crate::ir::DefKind::Enum(_)) =>
            {
                let path = super::common::def_path_in(krate, *id, &quote!(#lib))?;
                setters.push(quote!(.#setter(#path::from(#text))));
            }
            _ => simple = false,
        }
    }
    let module = ident(&op.module);
    let ty = ident(&def.rust_name);
    let input_value = if simple {
        let build = if s.build_is_fallible() { quote!(.build().unwrap_or_else(|e| panic!("{e}"))) } else { quote!(.build()) };
        quote!(#lib::operation::#module::#ty::builder() #(#setters)* #build)
    } else {
        // Nested members: built from the case's JSON as the protocol tests build theirs; a
        // case whose JSON does not fit the input's types is left out.
        let json = crate::json::Json::Object(input.members.iter().map(|(k, v)| (k.clone(), to_json(v))).collect());
        let Ok(value) = crate::lower::protocol_tests::struct_value(krate, op.input, &json, "endpoint test") else {
            return Ok(None);
        };
        super::protocol_tests::value_expr(krate, &value, &quote!(#lib))?
    };
    let feature = super::common::feature_name(op);
    Ok(Some((quote! {
        let params = #input_value.endpoint_params(Params::default() #(#settings)*);
    }, feature)))
}

/// A case's value as JSON.
fn to_json(v: &Value) -> crate::json::Json {
    use crate::json::Json;
    match v {
        Value::Str(s) => Json::String(s.clone()),
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(n) => Json::Number(serde_json::Number::from(*n)),
        Value::Array(items) => Json::Array(items.iter().map(to_json).collect()),
        Value::Object(entries) => Json::Object(entries.iter().map(|(k, v)| (k.clone(), to_json(v))).collect()),
    }
}

/// An expected property.
fn property(v: &Value) -> TokenStream {
    match v {
        Value::Str(s) => quote!(Property::from(#s)),
        Value::Bool(b) => quote!(Property::Bool(#b)),
        Value::Int(n) => quote!(Property::Int(#n)),
        Value::Array(items) => {
            let items = items.iter().map(property);
            quote!(Property::Array(vec![#(#items),*]))
        }
        Value::Object(entries) => {
            let entries = entries.iter().map(|(k, v)| {
                let v = property(v);
                quote!((#k, #v))
            });
            quote!(Property::object(vec![#(#entries),*]))
        }
    }
}
