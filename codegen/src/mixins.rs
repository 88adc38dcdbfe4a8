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
    let mut errors: Vec<Error> = Vec::new();
    for id in &users {
        // A cycle is found from each of its shapes and from each shape using one of them:
        // reported once, at the cycle's first shape.
        if let Err(e) = resolve(model, id, &mut done)
            && !errors.contains(&e)
        {
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

/// Resolves `id` and every mixin it uses, depth first with an explicit stack (mixin chains can
/// be thousands long), memoising each flattened shape in `done`.
fn resolve(model: &Model, id: &ShapeId, done: &mut BTreeMap<ShapeId, (Vec<Member>, Traits)>) -> Result<(), Error> {
    // Each frame: a shape, and how many of its mixins have been looked at; `on_stack` finds a
    // cycle without a scan of the stack.
    let mut stack: Vec<(ShapeId, usize)> = vec![(id.clone(), 0)];
    let mut on_stack: std::collections::BTreeSet<ShapeId> = std::collections::BTreeSet::from([id.clone()]);
    while let Some((current, next)) = stack.last().cloned() {
        if done.contains_key(&current) {
            on_stack.remove(&current);
            stack.pop();
            continue;
        }
        let Some(shape) = model.shape(&current) else {
            let user = stack.iter().rev().nth(1).map_or_else(|| current.to_string(), |(u, _)| u.to_string());
            return Err(Error::new(user, ErrorKind::DanglingTarget { target: current.to_string() }));
        };
        match shape.mixins.get(next) {
            Some(mixin) => {
                if let Some(top) = stack.last_mut() {
                    top.1 = next.saturating_add(1);
                }
                if done.contains_key(mixin) {
                    continue;
                }
                if on_stack.contains(mixin) {
                    let start = stack.iter().position(|(s, _)| s == mixin).unwrap_or(0);
                    let cycle: Vec<&ShapeId> = stack.get(start..).unwrap_or_default().iter().map(|(s, _)| s).collect();
                    return Err(cycle_error(&cycle));
                }
                on_stack.insert(mixin.clone());
                stack.push((mixin.clone(), 0));
            }
            None => {
                let flat = merge(model, &current, done)?;
                on_stack.remove(&current);
                done.insert(current, flat);
                stack.pop();
            }
        }
    }
    Ok(())
}

/// A mixin cycle, told from its smallest shape id, so every way into it reads the same.
fn cycle_error(cycle: &[&ShapeId]) -> Error {
    let first = cycle.iter().enumerate().min_by(|a, b| a.1.cmp(b.1)).map_or(0, |(i, _)| i);
    let mut names: Vec<String> = cycle.iter().cycle().skip(first).take(cycle.len()).map(ToString::to_string).collect();
    let head = names.first().cloned().unwrap_or_default();
    names.push(head.clone());
    Error::new(head, ErrorKind::Unsupported { what: format!("mixin cycle {}", names.join(" -> ")) })
}

/// The flattened members and traits of `id`, whose mixins are all in `done` already.
fn merge(
    model: &Model,
    id: &ShapeId,
    done: &BTreeMap<ShapeId, (Vec<Member>, Traits)>,
) -> Result<(Vec<Member>, Traits), Error> {
    let Some(shape) = model.shape(id) else {
        return Err(Error::new(id.to_string(), ErrorKind::DanglingTarget { target: id.to_string() }));
    };
    let mut members: Vec<Member> = Vec::new();
    // Where each member name sits in `members`: long mixin chains bring thousands.
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    let mut inherited = Traits::new();
    for mixin_id in &shape.mixins {
        let Some((mixin_members, mixin_traits)) = done.get(mixin_id).cloned() else {
            return Err(Error::new(id.to_string(), ErrorKind::DanglingTarget { target: mixin_id.to_string() }));
        };
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
            match index.get(&member.name).and_then(|&i| members.get_mut(i)) {
                Some(existing) => *existing = member,
                None => {
                    index.insert(member.name.clone(), members.len());
                    members.push(member);
                }
            }
        }
    }
    for member in &shape.members {
        match index.get(&member.name).and_then(|&i| members.get_mut(i)) {
            Some(existing) => {
                existing.traits.extend(member.traits.clone());
                existing.target = member.target.clone();
            }
            None => {
                index.insert(member.name.clone(), members.len());
                members.push(member.clone());
            }
        }
    }
    inherited.extend(shape.traits.clone());
    Ok((members, inherited))
}
