//! Stage 1 (load), last step: mixins flattened into the shapes that use them.
//!
//! Smithy 2.0 mixins copy members and traits into a shape: the mixins' members come first, in
//! mixin order, then the shape's own; a member the shape redeclares keeps its place and takes the
//! shape's traits on top of the mixin's. Traits are inherited except `smithy.api#mixin` itself and
//! the mixin's `localTraits`. After this step no shape has mixins.

use std::collections::BTreeMap;

use crate::ast::{Member, Model, ShapeId, Traits};
use crate::error::{Error, ErrorKind, Errors};
use crate::traits;

/// Flattens every mixin application in the model.
pub fn flatten(model: &mut Model) -> Result<(), Errors> {
    let users: Vec<ShapeId> =
        model.shapes.values().filter(|s| !s.mixins.is_empty()).map(|s| s.id.clone()).collect();
    if users.is_empty() {
        return Ok(());
    }
    let mut done: BTreeMap<ShapeId, (Vec<Member>, Traits)> = BTreeMap::new();
    let mut errors = Vec::new();
    for id in &users {
        let mut stack = Vec::new();
        if let Err(e) = resolve(model, id, &mut done, &mut stack) {
            errors.push(e);
        }
    }
    if !errors.is_empty() {
        return Err(Errors::new(errors));
    }
    for (id, (members, traits)) in done {
        if let Some(shape) = model.shapes.get_mut(&id) {
            shape.members = members;
            shape.traits = traits;
            shape.mixins.clear();
        }
    }
    Ok(())
}

/// The flattened members and traits of `id`, memoised in `done`.
fn resolve(
    model: &Model,
    id: &ShapeId,
    done: &mut BTreeMap<ShapeId, (Vec<Member>, Traits)>,
    stack: &mut Vec<ShapeId>,
) -> Result<(Vec<Member>, Traits), Error> {
    if let Some(flat) = done.get(id) {
        return Ok(flat.clone());
    }
    let Some(shape) = model.shape(id) else {
        let user = stack.last().map_or_else(|| id.to_string(), ToString::to_string);
        return Err(Error::new(user, ErrorKind::DanglingTarget { target: id.to_string() }));
    };
    if stack.contains(id) {
        let mut cycle: Vec<String> = stack.iter().map(ToString::to_string).collect();
        cycle.push(id.to_string());
        return Err(Error::new(id.to_string(), ErrorKind::Unsupported { what: format!("mixin cycle {}", cycle.join(" -> ")) }));
    }
    if shape.mixins.is_empty() {
        return Ok((shape.members.clone(), shape.traits.clone()));
    }
    stack.push(id.clone());
    let mut members: Vec<Member> = Vec::new();
    let mut inherited = Traits::new();
    for mixin_id in &shape.mixins {
        let (mixin_members, mixin_traits) = resolve(model, mixin_id, done, stack)?;
        let Some(mixin) = model.shape(mixin_id) else {
            return Err(Error::new(id.to_string(), ErrorKind::DanglingTarget { target: mixin_id.to_string() }));
        };
        let Some(mixin_trait) = mixin.traits.get(traits::MIXIN) else {
            return Err(Error::new(
                id.to_string(),
                ErrorKind::WrongTargetType {
                    role: "mixin",
                    target: mixin_id.to_string(),
                    expected: "a shape with the smithy.api#mixin trait",
                    found: mixin.kind.as_str(),
                },
            ));
        };
        let local: Vec<&str> = mixin_trait
            .get("localTraits")
            .and_then(|l| l.as_array())
            .map(|l| l.iter().filter_map(|t| t.as_str()).collect())
            .unwrap_or_default();
        for (trait_id, value) in mixin_traits {
            if trait_id != traits::MIXIN && !local.contains(&trait_id.as_str()) {
                inherited.insert(trait_id, value);
            }
        }
        for member in mixin_members {
            match members.iter_mut().find(|m| m.name == member.name) {
                Some(existing) => *existing = member,
                None => members.push(member),
            }
        }
    }
    for member in &shape.members {
        match members.iter_mut().find(|m| m.name == member.name) {
            Some(existing) => {
                existing.traits.extend(member.traits.clone());
                existing.target = member.target.clone();
            }
            None => members.push(member.clone()),
        }
    }
    inherited.extend(shape.traits.clone());
    stack.pop();
    let flat = (members, inherited);
    done.insert(id.clone(), flat.clone());
    Ok(flat)
}
