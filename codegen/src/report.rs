//! What `validate()` checks of a model's constraint traits: for each of `@length`, `@range`,
//! `@pattern` and `@uniqueItems`, every place the model writes it (a shape, or a member), and
//! whether the generated crate checks it, only sees it in responses (which are never validated),
//! cannot honour it (a pattern, with the reason), or never uses it.

use std::collections::BTreeSet;
use std::fmt;

use crate::ast::{Model, ShapeType};
use crate::ir::{CollectionKind, Constraints, Crate, DefKind, Type};
use crate::traits;

/// The four constraint traits, as the report lists them.
pub const TRAITS: [&str; 4] = [traits::LENGTH, traits::RANGE, traits::PATTERN, traits::UNIQUE_ITEMS];

/// Counts for one trait.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TraitCount {
    /// The trait id.
    pub trait_id: &'static str,
    /// Places the whole model writes it.
    pub in_model: usize,
    /// Checked by `validate()` on what requests hold.
    pub checked: usize,
    /// Used only by responses.
    pub response_only: usize,
    /// On request values, but not checked: patterns the matcher cannot honour, and constraints
    /// with a property this generator does not know.
    pub skipped: usize,
    /// On a shape of a kind the trait cannot constrain (`@range` on an intEnum member, say).
    pub inapplicable: usize,
    /// Applied nowhere the operations reach: on a shape no operation uses, or on a target
    /// every member that uses it overrides.
    pub unused: usize,
}

/// The whole report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConstraintReport {
    /// One entry per trait, in `TRAITS` order.
    pub counts: Vec<TraitCount>,
    /// The patterns not checked: where, the pattern, why.
    pub skipped_patterns: Vec<(String, String, String)>,
}

impl fmt::Display for ConstraintReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in &self.counts {
            write!(f, "{}: {} in the model, {} checked by validate()", c.trait_id, c.in_model, c.checked)?;
            if c.skipped > 0 {
                write!(f, ", {} not honoured (skipped)", c.skipped)?;
            }
            if c.response_only > 0 {
                write!(f, ", {} on responses only", c.response_only)?;
            }
            if c.inapplicable > 0 {
                write!(f, ", {} on shapes the trait cannot constrain", c.inapplicable)?;
            }
            if c.unused > 0 {
                write!(f, ", {} applied nowhere the operations reach", c.unused)?;
            }
            writeln!(f)?;
        }
        for (place, pattern, reason) in &self.skipped_patterns {
            writeln!(f, "not checked: {place}: pattern `{pattern}`: {reason}")?;
        }
        Ok(())
    }
}

/// Whether a value of type `ty` gets a check for `trait_id`.
fn checkable(trait_id: &str, ty: &Type, krate: &Crate) -> bool {
    match trait_id {
        traits::LENGTH => matches!(ty, Type::String | Type::Blob | Type::Collection(_)),
        traits::RANGE => matches!(
            ty,
            Type::Byte | Type::Short | Type::Integer | Type::Long | Type::Float | Type::Double | Type::BigInteger | Type::BigDecimal
        ),
        traits::PATTERN => matches!(ty, Type::String),
        traits::UNIQUE_ITEMS => matches!(ty, Type::Collection(id)
            if matches!(krate.collections.get(*id).map(|c| &c.kind), Some(CollectionKind::List { .. }))),
        _ => false,
    }
}

/// Whether the trait can constrain a shape of this kind at all (Smithy's rules, as checked).
fn applicable(trait_id: &str, kind: ShapeType) -> bool {
    use ShapeType::*;
    match trait_id {
        traits::LENGTH => matches!(kind, String | Blob | List | Map),
        traits::RANGE => matches!(kind, Byte | Short | Integer | Long | Float | Double | BigInteger | BigDecimal),
        traits::PATTERN => kind == String,
        traits::UNIQUE_ITEMS => kind == List,
        _ => false,
    }
}

/// Every constrained value of the crate: type, constraints, and whether requests hold it.
fn values(krate: &Crate) -> Vec<(&Type, &Constraints, bool)> {
    let mut out = Vec::new();
    for def in &krate.defs {
        match &def.kind {
            DefKind::Struct(s) => out.extend(s.members.iter().map(|m| (&m.ty, &m.constraints, def.in_request))),
            DefKind::Union(u) => {
                out.extend(u.variants.iter().filter_map(|v| Some((v.ty.as_ref()?, &v.constraints, def.in_request))));
            }
            _ => {}
        }
    }
    for c in &krate.collections {
        match &c.kind {
            CollectionKind::List { member, .. } => out.push((member, &c.item_constraints, c.in_request)),
            CollectionKind::Map { key, value, .. } => {
                out.push((key, &c.key_constraints, c.in_request));
                out.push((value, &c.item_constraints, c.in_request));
            }
        }
    }
    out
}

/// The report for a model and the crate lowered from it.
pub fn report(model: &Model, krate: &Crate) -> ConstraintReport {
    let mut request: BTreeSet<(&str, String)> = BTreeSet::new();
    let mut response: BTreeSet<(&str, String)> = BTreeSet::new();
    let mut skipped_here: BTreeSet<(&str, String)> = BTreeSet::new();
    for (ty, constraints, ser) in values(krate) {
        for (trait_id, source) in &constraints.sources {
            if !checkable(trait_id, ty, krate) {
                continue;
            }
            if ser {
                request.insert((trait_id, source.clone()));
                let pattern_skipped =
                    *trait_id == traits::PATTERN && constraints.pattern.as_ref().is_some_and(|p| p.program.is_err());
                if pattern_skipped || constraints.unchecked.contains(trait_id) {
                    skipped_here.insert((trait_id, source.clone()));
                }
            } else {
                response.insert((trait_id, source.clone()));
            }
        }
    }
    let mut report = ConstraintReport::default();
    for trait_id in TRAITS {
        let mut count = TraitCount { trait_id, ..TraitCount::default() };
        // Mixins are templates: their traits are counted where they are mixed in.
        for shape in model.shapes.values().filter(|s| !s.traits.contains_key(traits::MIXIN)) {
            let places = std::iter::once((shape.id.to_string(), &shape.traits, shape.kind))
                .chain(shape.members.iter().map(|m| {
                    let kind = model.shape(&m.target).map_or(shape.kind, |t| t.kind);
                    (shape.id.member_path(&m.name), &m.traits, kind)
                }));
            for (place, place_traits, kind) in places {
                if !place_traits.contains_key(trait_id) {
                    continue;
                }
                count.in_model = count.in_model.saturating_add(1);
                let key = (trait_id, place.clone());
                if request.contains(&key) {
                    if trait_id == traits::PATTERN && skipped_here.contains(&key) {
                        count.skipped = count.skipped.saturating_add(1);
                        let pattern = traits::pattern(place_traits).ok().flatten().unwrap_or_default();
                        let reason = crate::pattern::compile(pattern).err().map(|e| e.0).unwrap_or_default();
                        report.skipped_patterns.push((place, pattern.to_owned(), reason));
                    } else if skipped_here.contains(&key) {
                        // Warned of, with the property, by `validate`.
                        count.skipped = count.skipped.saturating_add(1);
                    } else {
                        count.checked = count.checked.saturating_add(1);
                    }
                } else if response.contains(&key) {
                    count.response_only = count.response_only.saturating_add(1);
                } else if !applicable(trait_id, kind) {
                    count.inapplicable = count.inapplicable.saturating_add(1);
                } else {
                    count.unused = count.unused.saturating_add(1);
                }
            }
        }
        report.counts.push(count);
    }
    report
}
