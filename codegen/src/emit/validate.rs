//! Stage 4 (emit): client-side validation, `src/validate.rs`: `validate()` on every operation
//! input and on every structure and union a request can hold that the model constrains (or that
//! holds one that is), checking `@required`, `@length`, `@range`, `@pattern` and `@uniqueItems`
//! recursively and reporting every violation with its path; for the REST protocols also what
//! HTTP forbids where a member is bound (an empty label, a control character in a header).
//! Patterns come compiled (see
//! `crate::pattern`); one the matcher cannot honour is left out and said so in the docs.
//! Responses are not checked: a service may send what it would no longer accept.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::common::{Broken, Emitted, collection, def, def_path, rust_type};
use crate::ir::{CollectionKind, Constraints, Crate, DefKind, Member, Presence, StructRole, Type};
use crate::names::{self, ident};
use crate::pattern::Inst;

/// A type that may need checking.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Node {
    Def(usize),
    Collection(usize),
}

/// The checkable constraints of a value of type `ty`: those its type can have.
fn applies(ty: &Type, constraints: &Constraints) -> bool {
    let string = matches!(ty, Type::String);
    let sized = matches!(ty, Type::String | Type::Blob | Type::Collection(_));
    let number = matches!(
        ty,
        Type::Byte | Type::Short | Type::Integer | Type::Long | Type::Float | Type::Double | Type::BigInteger | Type::BigDecimal
    );
    (sized && constraints.length.is_some())
        || (number && constraints.range.is_some())
        || (string
            && constraints
                .pattern
                .as_ref()
                .is_some_and(|p| p.program.as_ref().is_ok_and(|program| !crate::pattern::matches_everything(program))))
        || (matches!(ty, Type::Collection(_)) && constraints.unique_items)
}

/// Which types need checking: those with a constraint of their own, inputs with required
/// members, and (propagated backwards, without recursion) everything that holds one of them.
fn needing(krate: &Crate) -> BTreeSet<Node> {
    let mut users: BTreeMap<Node, Vec<Node>> = BTreeMap::new();
    let mut need: BTreeSet<Node> = BTreeSet::new();
    let refs = |ty: &Type| match ty {
        Type::Def { id, .. } => Some(Node::Def(*id)),
        Type::Collection(id) => Some(Node::Collection(*id)),
        _ => None,
    };
    for (id, def) in krate.defs.iter().enumerate().filter(|(_, d)| d.in_request) {
        let node = Node::Def(id);
        let members: Vec<(&Type, &Constraints, bool)> = match &def.kind {
            DefKind::Struct(s) => s
                .members
                .iter()
                .map(|m| (&m.ty, &m.constraints, s.role == StructRole::Input && m.required && m.presence == Presence::Optional))
                .collect(),
            DefKind::Union(u) => u.variants.iter().filter_map(|v| Some((v.ty.as_ref()?, &v.constraints, false))).collect(),
            DefKind::Enum(_) | DefKind::IntEnum(_) => Vec::new(),
        };
        let bound: bool = match &def.kind {
            DefKind::Struct(s) if s.role == StructRole::Input => s.members.iter().any(|m| binding_checked(krate, m)),
            _ => false,
        };
        if bound {
            need.insert(node);
        }
        for (ty, constraints, required) in members {
            if required || applies(ty, constraints) {
                need.insert(node);
            }
            if let Some(target) = refs(ty) {
                users.entry(target).or_default().push(node);
            }
        }
    }
    for (id, c) in krate.collections.iter().enumerate().filter(|(_, c)| c.in_request) {
        let node = Node::Collection(id);
        let elements: Vec<(&Type, &Constraints)> = match &c.kind {
            CollectionKind::List { member, .. } => vec![(member, &c.item_constraints)],
            CollectionKind::Map { key, value, .. } => vec![(key, &c.key_constraints), (value, &c.item_constraints)],
        };
        for (ty, constraints) in elements {
            if applies(ty, constraints) {
                need.insert(node);
            }
            if let Some(target) = refs(ty) {
                users.entry(target).or_default().push(node);
            }
        }
    }
    let mut queue: VecDeque<Node> = need.iter().copied().collect();
    while let Some(node) = queue.pop_front() {
        for user in users.get(&node).map_or(&[][..], Vec::as_slice) {
            if need.insert(*user) {
                queue.push_back(*user);
            }
        }
    }
    need
}

/// True when an input member's binding puts it where HTTP limits what it can hold: a string
/// label, a header of text, `@httpPrefixHeaders`.
fn binding_checked(krate: &Crate, m: &Member) -> bool {
    binding_checks(krate, m).is_ok_and(|checks| !checks.is_empty())
}

/// The checks of what HTTP forbids where an input member's binding puts it (`x`, a reference
/// to the value): an empty label, a control character in a header's text, a prefix-headers key
/// that is no header name. Base64 text (a `@mediaType` string) is always fine.
fn binding_checks(krate: &Crate, m: &Member) -> Emitted {
    use crate::ir::Binding;
    let text = |ty: &Type, value: &TokenStream| -> Emitted<Option<TokenStream>> {
        Ok(match ty {
            Type::String => Some(quote!(#value.as_str())),
            Type::Def { id, .. } if matches!(def(krate, *id)?.kind, DefKind::Enum(_)) => Some(quote!(#value.as_str())),
            _ => None,
        })
    };
    Ok(match &m.binding {
        Binding::Label => match text(&m.ty, &quote!(x))? {
            Some(t) => quote!(v.label(#t);),
            None => TokenStream::new(),
        },
        Binding::Header(_) if m.media_type.is_none() => match &m.ty {
            Type::Collection(id) => match &collection(krate, *id)?.kind {
                CollectionKind::List { member, .. } => match text(member, &quote!(item))? {
                    Some(t) => quote! {
                        for item in x {
                            v.header_text(#t);
                        }
                    },
                    None => TokenStream::new(),
                },
                CollectionKind::Map { .. } => TokenStream::new(),
            },
            ty => match text(ty, &quote!(x))? {
                Some(t) => quote!(v.header_text(#t);),
                None => TokenStream::new(),
            },
        },
        Binding::PrefixHeaders(_) => quote! {
            for (key, item) in x {
                v.enter_key(key);
                v.header_name(key);
                v.header_text(item);
                v.leave();
            }
        },
        _ => TokenStream::new(),
    })
}

/// The patterns the crate checks, each once, by source.
fn patterns(krate: &Crate) -> BTreeMap<String, Vec<Inst>> {
    let mut out = BTreeMap::new();
    let mut add = |ty: Option<&Type>, c: &Constraints| {
        if let (Some(Type::String), Some(p)) = (ty, &c.pattern)
            && let Ok(program) = &p.program
            && !crate::pattern::matches_everything(program)
        {
            out.entry(p.source.clone()).or_insert_with(|| program.clone());
        }
    };
    for def in krate.defs.iter().filter(|d| d.in_request) {
        match &def.kind {
            DefKind::Struct(s) => s.members.iter().for_each(|m| add(Some(&m.ty), &m.constraints)),
            DefKind::Union(u) => u.variants.iter().for_each(|v| add(v.ty.as_ref(), &v.constraints)),
            _ => {}
        }
    }
    for c in krate.collections.iter().filter(|c| c.in_request) {
        match &c.kind {
            CollectionKind::List { member, .. } => add(Some(member), &c.item_constraints),
            CollectionKind::Map { key, value, .. } => {
                add(Some(key), &c.key_constraints);
                add(Some(value), &c.item_constraints);
            }
        }
    }
    out
}

/// True when `validate()` checks some pattern, so the crate needs the matcher.
pub fn uses_patterns(krate: &Crate) -> bool {
    !patterns(krate).is_empty()
}

struct Emitter<'a> {
    krate: &'a Crate,
    need: BTreeSet<Node>,
    /// Static name of each pattern, by source.
    patterns: BTreeMap<String, proc_macro2::Ident>,
}

/// `src/validate.rs`.
pub fn emit(krate: &Crate) -> Emitted {
    let compiled = patterns(krate);
    let mut statics = Vec::new();
    for (i, (source, program)) in compiled.iter().enumerate() {
        let name = ident(&format!("PATTERN_{i}"));
        let encoded = crate::pattern::encode(program)
            .map_err(|why| Broken(format!("the compiled pattern `{source}` cannot be encoded: {why}")))?;
        let program = Literal::byte_string(&encoded.program);
        let ranges = Literal::byte_string(&encoded.ranges);
        let doc = format!(" `{}`", source.replace('`', "'"));
        statics.push(quote! {
            #[doc = #doc]
            static #name: Pattern = Pattern { source: #source, program: #program, ranges: #ranges };
        });
    }
    let emitter = Emitter {
        krate,
        need: needing(krate),
        patterns: compiled.keys().enumerate().map(|(i, s)| (s.clone(), ident(&format!("PATTERN_{i}")))).collect(),
    };
    let inputs: BTreeSet<usize> = krate.operations.iter().map(|op| op.input).collect();
    let mut methods = Vec::new();
    for (id, def) in krate.defs.iter().enumerate() {
        let node = Node::Def(id);
        if !emitter.need.contains(&node) && !inputs.contains(&id) {
            continue;
        }
        let path = def_path(krate, id)?;
        let name = &def.rust_name;
        let (binding, check) = if emitter.need.contains(&node) {
            let f = check_fn(krate, node)?;
            (quote!(let mut validator), quote!(#f(self, &mut validator);))
        } else {
            (quote!(let validator), TokenStream::new())
        };
        let doc = format!(
            " Checks this `{name}`, and everything it holds, against the model's constraints (`@required`, `@length`, `@range`, `@pattern`, `@uniqueItems`)."
        );
        let cfg = super::common::def_cfg(krate, id)?;
        methods.push(quote! {
            #cfg
            impl #path {
                #[doc = #doc]
                ///
                /// Building a value never checks `@length`, `@range`, `@pattern` or
                /// `@uniqueItems`, so a service that relaxes a limit never breaks an old client;
                /// call this when you want to know before sending. (`build()` refuses an unset
                /// `@required` member, so that one check is made when building too.)
                ///
                /// # Errors
                ///
                /// Every violation at once, each with its path, the constraint and the measure.
                pub fn validate(&self) -> Result<(), ValidationError> {
                    #binding = Validator::new(#name);
                    #check
                    validator.finish()
                }
            }
        });
    }
    let checks = emitter
        .need
        .iter()
        .map(|node| {
            let cfg = match node {
                Node::Def(id) => super::common::def_cfg(krate, *id)?,
                Node::Collection(id) => super::common::collection_cfg(krate, *id)?,
            };
            Ok(super::common::gate(&cfg, emitter.check(*node)?))
        })
        .collect::<Emitted<Vec<_>>>()?;
    let uses_patterns = if compiled.is_empty() { TokenStream::new() } else { quote!(use crate::pattern::Pattern;) };
    Ok(quote! {
        //! Client-side validation: `validate()` on every operation input and on every type the
        //! model constrains. See [`crate::validation`].

        #uses_patterns
        use crate::validation::{ValidationError, Validator};

        #(#statics)*
        #(#methods)*
        #(#checks)*
    })
}

fn check_fn(krate: &Crate, node: Node) -> Emitted<proc_macro2::Ident> {
    let ser = match node {
        Node::Def(id) => &def(krate, id)?.ser_fn,
        Node::Collection(id) => &collection(krate, id)?.ser_fn,
    };
    Ok(ident(&names::check_fn(ser)))
}

impl Emitter<'_> {
    /// Statements checking the value `value` (a reference) of type `ty`.
    fn value(&self, ty: &Type, constraints: &Constraints, value: &TokenStream) -> Emitted {
        let mut out = TokenStream::new();
        let bound = |b: Option<u64>| match b {
            Some(n) => quote!(Some(#n)),
            None => quote!(None),
        };
        if let Some((min, max)) = constraints.length {
            let (min, max) = (bound(min), bound(max));
            match ty {
                Type::String => out.extend(quote!(v.chars(#value, #min, #max);)),
                Type::Blob => out.extend(quote!(v.length(#value.len(), #min, #max, "bytes");)),
                Type::Collection(id) => {
                    let unit = match collection(self.krate, *id)?.kind {
                        CollectionKind::Map { .. } => "entries",
                        CollectionKind::List { .. } => "items",
                    };
                    out.extend(quote!(v.length(#value.len(), #min, #max, #unit);));
                }
                _ => {}
            }
        }
        if let Some((min, max)) = &constraints.range {
            let bound = |t: &Option<String>| match t {
                Some(t) => quote!(Some(#t)),
                None => quote!(None),
            };
            let (lo, hi) = (bound(min), bound(max));
            // The number as the wire has it, compared exactly with the bounds' text.
            let text = match ty {
                Type::Byte | Type::Short | Type::Integer | Type::Long => Some(quote!(&#value.to_string())),
                Type::Float | Type::Double => Some(quote!(&format!("{:?}", #value))),
                Type::BigInteger | Type::BigDecimal => Some(quote!(#value.as_str())),
                _ => None,
            };
            if let Some(text) = text {
                out.extend(quote!(v.number(#text, #lo, #hi);));
            }
        }
        if let (Type::String, Some(pattern)) = (ty, &constraints.pattern)
            && let Some(name) = self.patterns.get(&pattern.source)
        {
            out.extend(quote!(v.pattern(#name.is_match(#value), #name.source);));
        }
        if constraints.unique_items
            && let Type::Collection(id) = ty
            && matches!(collection(self.krate, *id)?.kind, CollectionKind::List { .. })
        {
            out.extend(quote!(v.unique(#value);));
        }
        let nested = match ty {
            Type::Def { id, .. } => Some(Node::Def(*id)),
            Type::Collection(id) => Some(Node::Collection(*id)),
            _ => None,
        };
        if let Some(node) = nested
            && self.need.contains(&node)
        {
            let f = check_fn(self.krate, node)?;
            out.extend(quote!(#f(#value, v);));
        }
        Ok(out)
    }

    fn member(&self, m: &Member, input: bool) -> Emitted {
        let field = ident(&m.field);
        let name = m.field.trim_start_matches("r#");
        let x = quote!(x);
        let mut checks = self.value(&m.ty, &m.constraints, &x)?;
        if input {
            checks.extend(binding_checks(self.krate, m)?);
        }
        let required = input && m.required && m.presence == Presence::Optional;
        Ok(match m.presence {
            Presence::Optional => {
                let missing = if required { quote!(else { v.missing(#name); }) } else { TokenStream::new() };
                if checks.is_empty() && !required {
                    return Ok(TokenStream::new());
                }
                if checks.is_empty() {
                    quote! {
                        if value.#field.is_none() {
                            v.missing(#name);
                        }
                    }
                } else {
                    quote! {
                        if let Some(x) = &value.#field {
                            v.enter_field(#name);
                            #checks
                            v.leave();
                        } #missing
                    }
                }
            }
            Presence::Required | Presence::Default(_) => {
                if checks.is_empty() {
                    return Ok(TokenStream::new());
                }
                quote! {
                    let x = &value.#field;
                    v.enter_field(#name);
                    #checks
                    v.leave();
                }
            }
        })
    }

    fn check(&self, node: Node) -> Emitted {
        let name = check_fn(self.krate, node)?;
        Ok(match node {
            Node::Def(id) => {
                let d = def(self.krate, id)?;
                let path = def_path(self.krate, id)?;
                let doc = format!(" Checks a `{}`.", d.rust_name);
                let body = match &d.kind {
                    DefKind::Struct(s) => {
                        let input = s.role == StructRole::Input;
                        let members = s.members.iter().map(|m| self.member(m, input)).collect::<Emitted<Vec<_>>>()?;
                        quote!(#(#members)*)
                    }
                    DefKind::Union(u) => {
                        let arms: Vec<(TokenStream, TokenStream)> = u
                            .variants
                            .iter()
                            .filter_map(|variant| {
                                let ty = variant.ty.as_ref()?;
                                let checks = match self.value(ty, &variant.constraints, &quote!(x)) {
                                    Ok(checks) if checks.is_empty() => return None,
                                    Ok(checks) => checks,
                                    Err(broken) => return Some(Err(broken)),
                                };
                                let rust = ident(&variant.rust_name);
                                let field = names::field_name(&variant.name, &[]);
                                let field = field.trim_start_matches("r#");
                                Some(Ok((quote!(#path::#rust(x)), quote!({ v.enter_field(#field); #checks v.leave(); }))))
                            })
                            .collect::<Emitted<_>>()?;
                        match arms.as_slice() {
                            // One variant to check reads better (and passes clippy) as `if let`.
                            [(pattern, check)] => quote! {
                                if let #pattern = value {
                                    #check
                                }
                            },
                            _ => {
                                let arms = arms.iter().map(|(pattern, check)| quote!(#pattern => #check,));
                                quote! {
                                    match value {
                                        #(#arms)*
                                        _ => {}
                                    }
                                }
                            }
                        }
                    }
                    _ => TokenStream::new(),
                };
                quote! {
                    #[doc = #doc]
                    fn #name(value: &#path, v: &mut Validator) {
                        #body
                    }
                }
            }
            Node::Collection(id) => {
                let c = collection(self.krate, id)?;
                let ty = rust_type(self.krate, &Type::Collection(id))?;
                let doc = format!(" Checks the items of a `{}`.", c.shape_id);
                let body = match &c.kind {
                    CollectionKind::List { member, sparse } => {
                        let checks = self.value(member, &c.item_constraints, &quote!(x))?;
                        let item = if *sparse {
                            quote!(if let Some(x) = x { v.enter_index(i); #checks v.leave(); })
                        } else {
                            quote!(v.enter_index(i); #checks v.leave();)
                        };
                        quote! {
                            for (i, x) in value.iter().enumerate() {
                                #item
                            }
                        }
                    }
                    CollectionKind::Map { key, value: value_ty, sparse } => {
                        let key_checks = self.value(key, &c.key_constraints, &quote!(k))?;
                        let value_checks = self.value(value_ty, &c.item_constraints, &quote!(x))?;
                        let value_checks = if *sparse && !value_checks.is_empty() {
                            quote!(if let Some(x) = x { #value_checks })
                        } else {
                            value_checks
                        };
                        let key_text = if matches!(key, Type::String) { quote!(k) } else { quote!(k.as_str()) };
                        if value_checks.is_empty() {
                            // Only the keys are constrained.
                            quote! {
                                for k in value.keys() {
                                    v.enter_key(#key_text); #key_checks v.leave();
                                }
                            }
                        } else {
                            quote! {
                                for (k, x) in value {
                                    v.enter_key(#key_text); #key_checks #value_checks v.leave();
                                }
                            }
                        }
                    }
                };
                let ty = match &c.kind {
                    CollectionKind::List { member, sparse } => {
                        let item = rust_type(self.krate, member)?;
                        if *sparse { quote!([Option<#item>]) } else { quote!([#item]) }
                    }
                    CollectionKind::Map { .. } => ty,
                };
                quote! {
                    #[doc = #doc]
                    fn #name(value: &#ty, v: &mut Validator) {
                        #body
                    }
                }
            }
        })
    }
}
