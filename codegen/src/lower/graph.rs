//! Graph passes over the lowered types: boxing recursion, which types requests and responses
//! reach, and which structures need an error-corrected empty value. All iterative, so a chain of
//! thousands of nested shapes cannot overflow the stack.

use crate::ir::{Binding, CollectionKind, Crate, DefKind, Needed, Presence, Type};

/// The generated type or collection a type names, if any.
fn type_refs(ty: &Type, out: &mut Vec<Ref>) {
    match ty {
        Type::Def { id, .. } => out.push(Ref::Def(*id)),
        Type::Collection(id) => out.push(Ref::Collection(*id)),
        _ => {}
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Ref {
    Def(usize),
    Collection(usize),
}

fn def_refs(krate: &Crate, id: usize) -> Vec<Ref> {
    let mut out = Vec::new();
    match krate.defs.get(id).map(|d| &d.kind) {
        Some(DefKind::Struct(s)) => s.members.iter().for_each(|m| type_refs(&m.ty, &mut out)),
        Some(DefKind::Union(u)) => u.variants.iter().filter_map(|v| v.ty.as_ref()).for_each(|t| type_refs(t, &mut out)),
        _ => {}
    }
    out
}

fn collection_refs(krate: &Crate, id: usize) -> Vec<Ref> {
    let mut out = Vec::new();
    match krate.collections.get(id).map(|c| &c.kind) {
        Some(CollectionKind::List { member, .. }) => type_refs(member, &mut out),
        Some(CollectionKind::Map { key, value, .. }) => {
            type_refs(key, &mut out);
            type_refs(value, &mut out);
        }
        None => {}
    }
    out
}

/// Boxes every direct reference between structures and unions of the same strongly connected
/// component, so recursive types have a finite size. References through lists and maps already
/// live on the heap and stay unboxed.
pub fn box_recursion(krate: &mut Crate) {
    let n = krate.defs.len();
    let edges: Vec<Vec<usize>> = (0..n)
        .map(|id| {
            def_refs(krate, id)
                .into_iter()
                .filter_map(|r| match r {
                    Ref::Def(target) => Some(target),
                    Ref::Collection(_) => None,
                })
                .collect()
        })
        .collect();
    let component = strongly_connected(&edges);
    for (id, def) in krate.defs.iter_mut().enumerate() {
        let own = component.get(id).copied();
        let mark = |ty: &mut Type| {
            if let Type::Def { id: target, boxed } = ty
                && own.is_some()
                && component.get(*target).copied() == own
            {
                *boxed = true;
            }
        };
        match &mut def.kind {
            DefKind::Struct(s) => s.members.iter_mut().for_each(|m| mark(&mut m.ty)),
            DefKind::Union(u) => u.variants.iter_mut().filter_map(|v| v.ty.as_mut()).for_each(mark),
            _ => {}
        }
    }
}

/// Boxes every union variant that holds a structure or a union, whatever its size, so a union
/// is as small as its other variants (a few words) and its type does not depend on how many
/// members a structure has: boxing only the large ones would make a model change that adds a
/// member a breaking change of the union. Measured in BENCHMARKS.md ("Unions").
pub fn box_union_structures(krate: &mut Crate) {
    let is_aggregate: Vec<bool> =
        krate.defs.iter().map(|d| matches!(d.kind, DefKind::Struct(_) | DefKind::Union(_))).collect();
    for def in &mut krate.defs {
        if let DefKind::Union(u) = &mut def.kind {
            for ty in u.variants.iter_mut().filter_map(|v| v.ty.as_mut()) {
                if let Type::Def { id, boxed } = ty
                    && is_aggregate.get(*id).copied().unwrap_or(false)
                {
                    *boxed = true;
                }
            }
        }
    }
}

/// Tarjan's algorithm with an explicit stack; returns a component number per node. Nodes in a
/// cycle (including a self-loop) share a number with it; a node outside any cycle gets a number
/// of its own unless it has a self-loop, which is handled by the caller seeing equal numbers.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0usize; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![usize::MAX; n];
    let mut stack: Vec<usize> = Vec::new();
    let mut next_index = 0usize;
    let mut next_component = 0usize;
    for root in 0..n {
        if index.get(root) != Some(&usize::MAX) {
            continue;
        }
        // Call stack of (node, next edge position).
        let mut calls: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&(node, pos)) = calls.last() {
            if pos == 0 && index.get(node) == Some(&usize::MAX) {
                set(&mut index, node, next_index);
                set(&mut low, node, next_index);
                next_index = next_index.saturating_add(1);
                stack.push(node);
                set(&mut on_stack, node, true);
            }
            let next = edges.get(node).and_then(|e| e.get(pos)).copied();
            if let Some(top) = calls.last_mut() {
                top.1 = top.1.saturating_add(1);
            }
            match next {
                Some(target) if index.get(target) == Some(&usize::MAX) => calls.push((target, 0)),
                Some(target) => {
                    if on_stack.get(target) == Some(&true) {
                        let v = get(&low, node).min(get(&index, target));
                        set(&mut low, node, v);
                    }
                }
                None => {
                    calls.pop();
                    if let Some(&(parent, _)) = calls.last() {
                        let v = get(&low, parent).min(get(&low, node));
                        set(&mut low, parent, v);
                    }
                    if get(&low, node) == get(&index, node) {
                        while let Some(member) = stack.pop() {
                            set(&mut on_stack, member, false);
                            set(&mut component, member, next_component);
                            if member == node {
                                break;
                            }
                        }
                        next_component = next_component.saturating_add(1);
                    }
                }
            }
        }
    }
    component
}

fn get(v: &[usize], i: usize) -> usize {
    v.get(i).copied().unwrap_or(usize::MAX)
}

fn set<T>(v: &mut [T], i: usize, value: T) {
    if let Some(slot) = v.get_mut(i) {
        *slot = value;
    }
}

/// Marks what requests reach (`in_request`, `ser`) from the operation inputs and what responses
/// reach (`de`) from the outputs and errors. The JSON writers and readers follow only members
/// in the body (or the payload): a member the HTTP bindings put in a header or the URI needs no
/// JSON code. Whatever only one side reaches gets the other direction for the crate's round-trip
/// tests only (`Needed::Tests`), so every type can be written and read back there: outputs and
/// errors are written, inputs read. Under a REST protocol an operation's input and output are
/// not one JSON object, so their own writer and reader exist only where the body is theirs.
pub fn mark_directions(krate: &mut Crate) {
    let inputs: Vec<Ref> = krate.operations.iter().map(|op| Ref::Def(op.input)).collect();
    let mut outputs: Vec<Ref> = krate.operations.iter().map(|op| Ref::Def(op.output)).collect();
    outputs.extend(krate.operations.iter().flat_map(|op| op.errors.iter().map(|e| Ref::Def(e.def))));
    let in_request = reach(krate, inputs.clone(), false);
    let ser = reach(krate, inputs, true);
    let de = reach(krate, outputs, true);
    // What one direction reaches, the library needs; the other direction of it, only the
    // round-trip tests.
    let needed = |r: &Ref, this: &std::collections::BTreeSet<Ref>, other: &std::collections::BTreeSet<Ref>| {
        if this.contains(r) {
            Needed::Library
        } else if other.contains(r) {
            Needed::Tests
        } else {
            Needed::No
        }
    };
    for (id, d) in krate.defs.iter_mut().enumerate() {
        d.in_request = in_request.contains(&Ref::Def(id));
        d.ser = needed(&Ref::Def(id), &ser, &de);
        d.de = needed(&Ref::Def(id), &de, &ser);
    }
    for (id, c) in krate.collections.iter_mut().enumerate() {
        c.in_request = in_request.contains(&Ref::Collection(id));
        c.ser = needed(&Ref::Collection(id), &ser, &de);
        c.de = needed(&Ref::Collection(id), &de, &ser);
    }
    if krate.service.protocol.is_rpc() {
        return;
    }
    let json_body = |krate: &Crate, id: usize| match krate.defs.get(id).map(|d| &d.kind) {
        Some(DefKind::Struct(s)) => {
            s.members.iter().any(|m| m.binding == Binding::Body) && !s.members.iter().any(|m| m.binding == Binding::Payload)
        }
        _ => false,
    };
    // An error some of whose members are in headers is not one JSON object either: the
    // round trips (the one user of an error's writer) leave it out.
    for d in &mut krate.defs {
        if let DefKind::Struct(s) = &d.kind
            && matches!(s.role, crate::ir::StructRole::Error { .. })
            && s.members.iter().any(|m| m.binding != Binding::Body)
        {
            d.ser = Needed::No;
        }
    }
    let ios: Vec<(usize, usize)> = krate.operations.iter().map(|op| (op.input, op.output)).collect();
    for (input, output) in ios {
        let (input_body, output_body) = (json_body(krate, input), json_body(krate, output));
        // The round trips read requests back and write responses, through the JSON body.
        if let Some(d) = krate.defs.get_mut(input) {
            (d.ser, d.de) = if input_body { (Needed::Library, Needed::Tests) } else { (Needed::No, Needed::No) };
        }
        if let Some(d) = krate.defs.get_mut(output) {
            (d.de, d.ser) = if output_body { (Needed::Library, Needed::Tests) } else { (Needed::No, Needed::No) };
        }
    }
}

/// Everything `roots` reach; with `body_only`, through the members of structures in the body
/// (or the payload) alone.
/// Notes on every type and collection the operations that reach it (through the input, the
/// output or an error, in any member), which are the Cargo features that compile it.
pub fn mark_operations(krate: &mut Crate) {
    for index in 0..krate.operations.len() {
        let Some(op) = krate.operations.get(index) else { continue };
        let mut roots = vec![Ref::Def(op.input), Ref::Def(op.output)];
        roots.extend(op.errors.iter().map(|e| Ref::Def(e.def)));
        for r in reach(krate, roots, false) {
            let operations = match r {
                Ref::Def(id) => krate.defs.get_mut(id).map(|d| &mut d.operations),
                Ref::Collection(id) => krate.collections.get_mut(id).map(|c| &mut c.operations),
            };
            if let Some(operations) = operations {
                operations.push(index);
            }
        }
    }
}

fn reach(krate: &Crate, roots: Vec<Ref>, body_only: bool) -> std::collections::BTreeSet<Ref> {
    let mut seen = std::collections::BTreeSet::new();
    let mut stack = roots;
    while let Some(r) = stack.pop() {
        if !seen.insert(r) {
            continue;
        }
        match r {
            Ref::Def(id) if body_only => {
                if let Some(DefKind::Struct(s)) = krate.defs.get(id).map(|d| &d.kind) {
                    for m in s.members.iter().filter(|m| matches!(m.binding, Binding::Body | Binding::Payload)) {
                        type_refs(&m.ty, &mut stack);
                    }
                } else {
                    stack.extend(def_refs(krate, id));
                }
            }
            Ref::Def(id) => stack.extend(def_refs(krate, id)),
            Ref::Collection(id) => stack.extend(collection_refs(krate, id)),
        }
    }
    seen
}

/// Marks the structures whose error-corrected empty value a response parser may need: those a
/// required member of a parsed structure targets, transitively; then those only the round-trip
/// tests' readers may need.
pub fn mark_needs_empty(krate: &mut Crate) {
    for test in [false, true] {
        let mut stack: Vec<usize> = Vec::new();
        for def in &krate.defs {
            if let DefKind::Struct(s) = &def.kind
                && def.de.at(test)
            {
                stack.extend(required_struct_targets(krate, s));
            }
        }
        // An output whose payload is a structure is read by its operation's parser, not as a
        // body: a required payload missing from the response is its empty value too.
        if !test {
            for op in &krate.operations {
                if let Some(DefKind::Struct(s)) = krate.defs.get(op.output).map(|d| &d.kind) {
                    stack.extend(required_struct_targets(krate, s).into_iter().filter(|id| {
                        s.members.iter().any(|m| m.binding == Binding::Payload && matches!(m.ty, Type::Def { id: t, .. } if t == *id))
                    }));
                }
            }
        }
        while let Some(id) = stack.pop() {
            let Some(def) = krate.defs.get_mut(id) else { continue };
            if def.empty.any() {
                continue;
            }
            def.empty = if test { Needed::Tests } else { Needed::Library };
            if let Some(DefKind::Struct(s)) = krate.defs.get(id).map(|d| &d.kind) {
                stack.extend(required_struct_targets(krate, s));
            }
        }
    }
}

fn required_struct_targets(krate: &Crate, s: &crate::ir::Struct) -> Vec<usize> {
    s.members
        .iter()
        .filter(|m| m.presence == Presence::Required)
        .filter_map(|m| match m.ty {
            Type::Def { id, .. } if matches!(krate.defs.get(id).map(|d| &d.kind), Some(DefKind::Struct(_))) => Some(id),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::strongly_connected;

    #[test]
    fn components_group_cycles() {
        // 0 -> 1 -> 2 -> 0, 3 -> 3, 4 -> 0
        let c = strongly_connected(&[vec![1], vec![2], vec![0], vec![3], vec![0]]);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[0], c[3]);
        assert_ne!(c[4], c[0]);
    }
}
