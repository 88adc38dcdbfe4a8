//! `src/waiter.rs`: one type per `smithy.waiters#waitable` waiter, its acceptors as static data
//! for the runtime's evaluator (`src/waiter/engine.rs`), and the field access the acceptors'
//! paths need on the types an output (or, for `inputOutput`, an input) reaches.

use std::collections::BTreeSet;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::common::{Emitted, collection, def, def_cfg, def_path, doc_attrs, op_cfg};
use crate::ir::{CollectionKind, Crate, DefKind, Type};
use crate::names::ident;
use crate::waiters::{Cmp, Comparator, Expr, Literal as Lit, Matcher, State};

/// True when some operation of the crate has a waiter.
pub fn has_waiters(krate: &Crate) -> bool {
    krate.operations.iter().any(|op| !op.waiter_specs.is_empty())
}

/// The names the `waiter` module has of its own, which no waiter's type may take.
const MODULE_NAMES: &[&str] = &[
    "Acceptor", "Backoff", "Cmp", "Comparator", "Empty", "Expr", "Fields", "Key", "Matcher", "Operation",
    "ProvideErrorMetadata", "State", "ToValue", "Value", "WaitError", "WaitResult", "Waited", "Waiter",
];

/// The type of the waiter `name`: the name, or `<name>Waiter` where the module has that name.
pub fn type_name(name: &str) -> String {
    if MODULE_NAMES.contains(&name) { format!("{name}Waiter") } else { name.to_owned() }
}

/// The method of `Client` that waits with the waiter `name`: `wait_until_<snake case>`.
pub fn method_name(name: &str) -> String {
    format!("wait_until_{}", crate::names::module_name(name).trim_start_matches("r#"))
}

/// The module.
pub fn module(krate: &Crate) -> Emitted {
    let mut waiters = Vec::new();
    // The types whose fields a path may read, and where each path starts.
    let mut roots = BTreeSet::new();
    for op in &krate.operations {
        for w in &op.waiter_specs {
            let reads_input = w.acceptors.iter().any(|a| matches!(a.matcher, Matcher::InputOutput(_)));
            roots.insert(op.output);
            if reads_input {
                roots.insert(op.input);
            }
            waiters.push(waiter(krate, op, w, reads_input)?);
        }
    }
    let (defs, _) = reachable(krate, &roots)?;
    let access = defs.iter().map(|&id| access(krate, id)).collect::<Emitted<Vec<_>>>()?;
    let (client, driven) = if krate.service.endpoint.is_some() {
        let client = quote! {
            mod client;
            pub use client::{WaitError, WaitResult, Waited};
        };
        let example = roots_example(krate);
        let driven = format!(" sync or async, can drive it. [`Client`](crate::Client) drives it for you\n ({example}), sleeping between calls.");
        (client, driven)
    } else {
        (TokenStream::new(), " sync or async, can drive it, sleeping between calls as the backoff says.".to_owned())
    };
    let driven = driven.lines().map(|line| quote!(#![doc = #line]));
    Ok(quote! {
        //! Waiters: poll an operation until the resource it describes is in the state wanted, as
        //! the model's `smithy.waiters#waitable` acceptors decide. Each waiter is a type
        //! implementing [`Waiter`]:
        //! [`Waiter::state`] says what one call's output or error means (success, failure, or
        //! retry), and [`Waiter::backoff`] how long to wait before the next call, so any code,
        #(#driven)*
        //!
        //! The delays follow Smithy's waiter rules: before retry `n` (1 for the first) a random
        //! time between the waiter's minimum delay and `min_delay * 2^(n - 1)`, capped at its
        //! maximum delay; never past the longest wait the caller allows, the last call a
        //! minimum delay before it.

        mod engine;
        #client
        pub use engine::{Backoff, State, Waiter};
        #[allow(unused_imports, reason = "each waiter uses what its acceptors need")]
        use engine::{Acceptor, Cmp, Comparator, Empty, Expr, Fields, Key, Matcher, ToValue, Value};
        use crate::error::ProvideErrorMetadata;
        use crate::operation::Operation;

        #(#waiters)*
        #(#access)*
    })
}

fn waiter(krate: &Crate, op: &crate::ir::Operation, w: &crate::waiters::Waiter, reads_input: bool) -> Emitted {
    let name = ident(&type_name(&w.name));
    let cfg = op_cfg(op);
    let input = def_path(krate, op.input)?;
    let mut lines = match &w.docs {
        Some(docs) => crate::docs::documentation(docs),
        None => vec![format!("Waits on `{}`.", op.name)],
    };
    lines.push(String::new());
    lines.push(format!(
        "Calls [`{}`](crate::operation::{}) every {} to {} seconds; its acceptors, first match wins:",
        op.name, op.module, w.min_delay, w.max_delay
    ));
    lines.push(String::new());
    for a in &w.acceptors {
        lines.push(format!("- {}: {}", state_word(a.state), matcher_words(&a.matcher)));
    }
    let docs = doc_attrs(&lines);
    let deprecated = if w.deprecated { quote!(#[deprecated(note = "the model deprecates this waiter")]) } else { TokenStream::new() };
    let acceptors = w.acceptors.iter().map(|a| {
        let state = state_tokens(a.state);
        let matcher = match &a.matcher {
            Matcher::Output(m) | Matcher::InputOutput(m) => {
                let path = expr(&m.path);
                let comparator = match m.comparator {
                    Comparator::StringEquals => quote!(Comparator::Str),
                    Comparator::BooleanEquals => quote!(Comparator::Bool),
                    Comparator::AllStringEquals => quote!(Comparator::AllStr),
                    Comparator::AnyStringEquals => quote!(Comparator::AnyStr),
                };
                let expected = &m.expected;
                if matches!(a.matcher, Matcher::Output(_)) {
                    quote!(Matcher::Output(&#path, #comparator, #expected))
                } else {
                    quote!(Matcher::InputOutput(&#path, #comparator, #expected))
                }
            }
            Matcher::Success(b) => quote!(Matcher::Success(#b)),
            Matcher::ErrorType(code) => quote!(Matcher::ErrorType(#code)),
        };
        quote!(Acceptor { state: #state, matcher: #matcher },)
    });
    let (min, max) = (w.min_delay, w.max_delay);
    let waiter_name = &w.name;
    let input_arg = if reads_input { quote!(Some(input as &dyn Fields)) } else { quote!({ let _ = input; None }) };
    Ok(quote! {
        #cfg
        #docs
        #deprecated
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        pub struct #name;

        #cfg
        impl Waiter for #name {
            type Input = #input;
            const NAME: &'static str = #waiter_name;
            const MIN_DELAY: std::time::Duration = std::time::Duration::from_secs(#min);
            const MAX_DELAY: std::time::Duration = std::time::Duration::from_secs(#max);

            fn state(
                input: &Self::Input,
                result: Result<&<Self::Input as Operation>::Output, &<Self::Input as Operation>::Error>,
            ) -> State {
                static ACCEPTORS: &[Acceptor] = &[#(#acceptors)*];
                let result = match result {
                    Ok(output) => Ok(output as &dyn Fields),
                    Err(error) => Err(error as &dyn ProvideErrorMetadata),
                };
                engine::decide(ACCEPTORS, #input_arg, result)
            }
        }
    })
}

/// `client.wait_until_<first waiter>(&input, max_wait)`, for the module docs.
fn roots_example(krate: &Crate) -> String {
    let first = krate.operations.iter().flat_map(|op| op.waiter_specs.iter()).next();
    first.map_or_else(String::new, |w| format!("`client.{}(&input, max_wait)`", method_name(&w.name)))
}

fn state_word(state: State) -> &'static str {
    match state {
        State::Success => "success",
        State::Failure => "failure",
        State::Retry => "retry",
    }
}

fn state_tokens(state: State) -> TokenStream {
    match state {
        State::Success => quote!(State::Success),
        State::Failure => quote!(State::Failure),
        State::Retry => quote!(State::Retry),
    }
}

fn matcher_words(matcher: &Matcher) -> String {
    let path = |m: &crate::waiters::PathMatcher, on: &str| {
        let how = match m.comparator {
            Comparator::StringEquals => "is",
            Comparator::BooleanEquals => "is",
            Comparator::AllStringEquals => "is, for every item,",
            Comparator::AnyStringEquals => "is, for some item,",
        };
        format!("`{}` of the {on} {how} `{}`", m.text.replace('`', "'"), m.expected)
    };
    match matcher {
        Matcher::Output(m) => path(m, "output"),
        Matcher::InputOutput(m) => path(m, "input and output"),
        Matcher::Success(true) => "the call succeeds".to_owned(),
        Matcher::Success(false) => "the call fails".to_owned(),
        Matcher::ErrorType(code) => format!("the call fails with `{code}`"),
    }
}

/// A path as a constant expression of the runtime's `Expr`.
fn expr(e: &Expr) -> TokenStream {
    let boxed = |e: &Expr| {
        let inner = expr(e);
        quote!(&#inner)
    };
    match e {
        Expr::Current => quote!(Expr::Current),
        Expr::Field(name) => quote!(Expr::Field(#name)),
        Expr::Sub(a, b) => {
            let (a, b) = (boxed(a), boxed(b));
            quote!(Expr::Sub(#a, #b))
        }
        Expr::Index(a, n) => {
            let a = boxed(a);
            let n = Literal::i64_unsuffixed(*n);
            quote!(Expr::Index(#a, #n))
        }
        Expr::Flatten(a) => {
            let a = boxed(a);
            quote!(Expr::Flatten(#a))
        }
        Expr::Project(a, b) => {
            let (a, b) = (boxed(a), boxed(b));
            quote!(Expr::Project(#a, #b))
        }
        Expr::Filter(a, c, b) => {
            let (a, c, b) = (boxed(a), boxed(c), boxed(b));
            quote!(Expr::Filter(#a, #c, #b))
        }
        Expr::Compare(cmp, a, b) => {
            let cmp = match cmp {
                Cmp::Eq => quote!(Cmp::Eq),
                Cmp::Ne => quote!(Cmp::Ne),
                Cmp::Lt => quote!(Cmp::Lt),
                Cmp::Le => quote!(Cmp::Le),
                Cmp::Gt => quote!(Cmp::Gt),
                Cmp::Ge => quote!(Cmp::Ge),
            };
            let (a, b) = (boxed(a), boxed(b));
            quote!(Expr::Compare(#cmp, #a, #b))
        }
        Expr::And(a, b) => {
            let (a, b) = (boxed(a), boxed(b));
            quote!(Expr::And(#a, #b))
        }
        Expr::Or(a, b) => {
            let (a, b) = (boxed(a), boxed(b));
            quote!(Expr::Or(#a, #b))
        }
        Expr::Not(a) => {
            let a = boxed(a);
            quote!(Expr::Not(#a))
        }
        Expr::Literal(Lit::Null) => quote!(Expr::Null),
        Expr::Literal(Lit::Bool(b)) => quote!(Expr::Bool(#b)),
        Expr::Literal(Lit::Number(n)) => {
            let n = Literal::f64_unsuffixed(*n);
            quote!(Expr::Number(#n))
        }
        Expr::Literal(Lit::Str(s)) => quote!(Expr::Str(#s)),
        Expr::Length(a) => {
            let a = boxed(a);
            quote!(Expr::Length(#a))
        }
        Expr::Contains(a, b) => {
            let (a, b) = (boxed(a), boxed(b));
            quote!(Expr::Contains(#a, #b))
        }
        Expr::Keys(a) => {
            let a = boxed(a);
            quote!(Expr::Keys(#a))
        }
        Expr::MultiList(items) => {
            let items = items.iter().map(expr);
            quote!(Expr::List(&[#(#items),*]))
        }
    }
}

/// The generated types reachable from `roots` through members, list items and map values (and
/// map keys, for the `Key` of string enums), in id order.
fn reachable(krate: &Crate, roots: &BTreeSet<usize>) -> Emitted<(BTreeSet<usize>, BTreeSet<usize>)> {
    let (mut defs, mut colls) = (BTreeSet::new(), BTreeSet::new());
    let mut stack: Vec<Type> = roots.iter().map(|&id| Type::Def { id, boxed: false }).collect();
    while let Some(ty) = stack.pop() {
        match ty {
            Type::Def { id, .. } => {
                if !defs.insert(id) {
                    continue;
                }
                match &def(krate, id)?.kind {
                    DefKind::Struct(s) => stack.extend(s.members.iter().map(|m| m.ty.clone())),
                    DefKind::Union(u) => stack.extend(u.variants.iter().filter_map(|v| v.ty.clone())),
                    DefKind::Enum(_) | DefKind::IntEnum(_) => {}
                }
            }
            Type::Collection(id) => {
                if !colls.insert(id) {
                    continue;
                }
                match &collection(krate, id)?.kind {
                    CollectionKind::List { member, .. } => stack.push(member.clone()),
                    CollectionKind::Map { key, value, .. } => {
                        stack.push(key.clone());
                        stack.push(value.clone());
                    }
                }
            }
            _ => {}
        }
    }
    Ok((defs, colls))
}

/// `ToValue` (and `Fields`, `Key`) for the type `id`.
fn access(krate: &Crate, id: usize) -> Emitted {
    let d = def(krate, id)?;
    let path = def_path(krate, id)?;
    let cfg = def_cfg(krate, id)?;
    let items = match &d.kind {
        DefKind::Struct(s) => {
            let arms = s.members.iter().map(|m| {
                let (name, field) = (&m.name, ident(&m.field));
                quote!(#name => self.#field.to_value(),)
            });
            let entries = s.members.iter().map(|m| {
                let (name, field) = (&m.name, ident(&m.field));
                quote!((#name, self.#field.to_value()),)
            });
            let (arms_empty, name_arg) = if s.members.is_empty() { (true, quote!(_name)) } else { (false, quote!(name)) };
            let body = if arms_empty {
                quote!(Value::Null)
            } else {
                quote! {
                    match name {
                        #(#arms)*
                        _ => Value::Null,
                    }
                }
            };
            quote! {
                impl ToValue for #path {
                    fn to_value(&self) -> Value<'_> {
                        Value::Object(self)
                    }
                }

                impl Fields for #path {
                    fn field(&self, #name_arg: &str) -> Value<'_> {
                        #body
                    }

                    fn entries(&self) -> Vec<(&str, Value<'_>)> {
                        vec![#(#entries)*]
                    }
                }
            }
        }
        DefKind::Union(u) => {
            let arms = u.variants.iter().map(|v| {
                let (name, variant) = (&v.name, ident(&v.rust_name));
                match &v.ty {
                    Some(_) => quote!(Self::#variant(value) => (#name, value.to_value()),),
                    None => quote!(Self::#variant => (#name, Value::Object(&Empty)),),
                }
            });
            quote! {
                impl ToValue for #path {
                    fn to_value(&self) -> Value<'_> {
                        Value::Object(self)
                    }
                }

                impl Fields for #path {
                    fn field(&self, name: &str) -> Value<'_> {
                        self.entries().into_iter().find(|(n, _)| *n == name).map_or(Value::Null, |(_, v)| v)
                    }

                    fn entries(&self) -> Vec<(&str, Value<'_>)> {
                        let entry = match self {
                            #(#arms)*
                            Self::Unknown(_) => return Vec::new(),
                        };
                        vec![entry]
                    }
                }
            }
        }
        DefKind::Enum(_) => quote! {
            impl ToValue for #path {
                fn to_value(&self) -> Value<'_> {
                    Value::Str(std::borrow::Cow::Borrowed(self.as_str()))
                }
            }

            impl Key for #path {
                fn key(&self) -> &str {
                    self.as_str()
                }
            }
        },
        DefKind::IntEnum(_) => quote! {
            impl ToValue for #path {
                fn to_value(&self) -> Value<'_> {
                    Value::Number(f64::from(self.value()))
                }
            }
        },
    };
    Ok(super::common::gate(&cfg, items))
}
