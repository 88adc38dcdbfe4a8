//! XML for the XML protocols (awsQuery, ec2Query, restXml), written for this crate so it needs
//! no dependencies: a pull reader over the body (`read`), the readers of the protocols'
//! response envelopes (`response`), the shapes of lists and maps that the generated readers
//! share, and a writer (`write`: restXml's request bodies, and the round-trip tests' responses).
//! Failures are the JSON reader's errors, with the same member paths.

pub(crate) mod read;
pub(crate) mod response;
pub(crate) mod write;

pub(crate) use read::{Element, Reader};

use std::collections::BTreeMap;

use crate::json::read::Locate;
use crate::json::{Error, Result};

/// A wrapped list: the `item`-named children of `element`, each read with `read`; other
/// children are skipped.
#[allow(dead_code, reason = "only models with lists in responses read them")]
pub(crate) fn list<'a, T>(
    reader: &mut Reader<'a>,
    element: &Element<'a>,
    item: &str,
    mut read: impl FnMut(&mut Reader<'a>, &Element<'a>) -> Result<T>,
) -> Result<Vec<T>> {
    let mut items = Vec::new();
    let names = [item];
    while let Some((_, child)) = reader.next_member(element, &names)? {
        let index = items.len();
        items.push(read(reader, &child).at_index(index)?);
    }
    Ok(items)
}

/// One item of a flattened list (the member's element itself), appended to the member's list.
#[allow(dead_code, reason = "only models with flattened lists in responses read them")]
pub(crate) fn push_item<'a, T>(
    slot: &mut Option<Vec<T>>,
    reader: &mut Reader<'a>,
    element: &Element<'a>,
    read: impl FnOnce(&mut Reader<'a>, &Element<'a>) -> Result<T>,
) -> Result<()> {
    let items = slot.get_or_insert_with(Vec::new);
    let index = items.len();
    items.push(read(reader, element).at_index(index)?);
    Ok(())
}

/// A wrapped map: its `entry` children, each read by [`entry_into`].
#[allow(dead_code, reason = "only models with maps in responses read them")]
pub(crate) fn map<'a, K: Ord, V>(
    reader: &mut Reader<'a>,
    element: &Element<'a>,
    names: [&str; 2],
    key: impl Fn(String) -> K,
    mut read: impl FnMut(&mut Reader<'a>, &Element<'a>) -> Result<V>,
) -> Result<BTreeMap<K, V>> {
    let mut map = BTreeMap::new();
    while let Some((_, entry)) = reader.next_member(element, &["entry"])? {
        entry_into(&mut map, reader, &entry, names, &key, &mut read)?;
    }
    Ok(map)
}

/// One entry of a map (an `<entry>`, or a flattened map's member element): its `names[0]`
/// child is the key, its `names[1]` child the value. An entry without a value is left out; one
/// without a key is an error.
#[allow(dead_code, reason = "only models with maps in responses read them")]
pub(crate) fn entry_into<'a, K: Ord, V>(
    map: &mut BTreeMap<K, V>,
    reader: &mut Reader<'a>,
    entry: &Element<'a>,
    names: [&str; 2],
    key: impl Fn(String) -> K,
    mut read: impl FnMut(&mut Reader<'a>, &Element<'a>) -> Result<V>,
) -> Result<()> {
    let mut found_key = None;
    let mut value = None;
    let mut value_at = None;
    while let Some((index, child)) = reader.next_member(entry, &names)? {
        if index == 0 {
            found_key = Some(reader.string(&child)?);
        } else if let Some(key) = &found_key {
            value = Some(read(reader, &child).at_key(key)?);
        } else {
            // The value came first: read it now, name it by its key once that is known.
            value_at = Some(read(reader, &child));
        }
    }
    let Some(found_key) = found_key else {
        return Err(Error::new(crate::error::ParseErrorKind::MalformedXml("a map entry has no key"), entry.offset()));
    };
    let value = match value_at {
        Some(result) => Some(result.at_key(&found_key)?),
        None => value,
    };
    if let Some(value) = value {
        map.insert(key(found_key), value);
    }
    Ok(())
}

/// A flattened map's entry (the member's element itself), added to the member's map.
#[allow(dead_code, reason = "only models with flattened maps in responses read them")]
pub(crate) fn entry_into_slot<'a, K: Ord, V>(
    slot: &mut Option<BTreeMap<K, V>>,
    reader: &mut Reader<'a>,
    entry: &Element<'a>,
    names: [&str; 2],
    key: impl Fn(String) -> K,
    read: impl FnMut(&mut Reader<'a>, &Element<'a>) -> Result<V>,
) -> Result<()> {
    entry_into(slot.get_or_insert_with(BTreeMap::new), reader, entry, names, key, read)
}

/// Sets a member's slot from its element (a repeated element: the last one counts).
#[allow(dead_code, reason = "only models with structures in responses read them")]
pub(crate) fn member_into<'a, T>(
    slot: &mut Option<T>,
    reader: &mut Reader<'a>,
    element: &Element<'a>,
    read: impl FnOnce(&mut Reader<'a>, &Element<'a>) -> Result<T>,
) -> Result<()> {
    *slot = Some(read(reader, element)?);
    Ok(())
}

/// A timestamp member declared (or defaulting to) date-time.
#[allow(dead_code, reason = "only models with date-time timestamps in responses read them")]
pub(crate) fn date_time<'a>(reader: &mut Reader<'a>, element: &Element<'a>) -> Result<crate::primitives::Timestamp> {
    reader.timestamp(element, crate::primitives::TimestampFormat::DateTime)
}

/// A timestamp member declared epoch-seconds.
#[allow(dead_code, reason = "only models with epoch-seconds timestamps in responses read them")]
pub(crate) fn epoch_seconds<'a>(reader: &mut Reader<'a>, element: &Element<'a>) -> Result<crate::primitives::Timestamp> {
    reader.timestamp(element, crate::primitives::TimestampFormat::EpochSeconds)
}

/// A timestamp member declared http-date.
#[allow(dead_code, reason = "only models with http-date timestamps in responses read them")]
pub(crate) fn http_date<'a>(reader: &mut Reader<'a>, element: &Element<'a>) -> Result<crate::primitives::Timestamp> {
    reader.timestamp(element, crate::primitives::TimestampFormat::HttpDate)
}
