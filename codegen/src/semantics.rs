//! Smithy semantics that both `validate` and `lower` need: how a structure member's absence is
//! represented (optionality and defaults, Smithy 2.0 "structure member optionality").

use crate::ast::{Member, Model, Shape, ShapeType};
use crate::error::ErrorKind;
use crate::ir::{DefaultValue, Presence};
use crate::json::Json;
use crate::traits;

/// How a structure member's absence is represented.
///
/// - Members of `@input` structures are always optional: Smithy treats them as `@clientOptional`,
///   so a service may relax `@required` or add a default without breaking clients.
/// - `@clientOptional` members are optional.
/// - `@default` members (with a non-null default) are plain values, filled when absent.
/// - `@required` members are plain values.
/// - Everything else is optional.
pub fn presence(model: &Model, structure: &Shape, member: &Member) -> Result<Presence, ErrorKind> {
    let default = default_value(model, member)?;
    if traits::has(&structure.traits, traits::INPUT) || traits::has(&member.traits, traits::CLIENT_OPTIONAL) {
        return Ok(Presence::Optional);
    }
    if let Some(value) = default {
        return Ok(Presence::Default(value));
    }
    if traits::has(&member.traits, traits::REQUIRED) {
        return Ok(Presence::Required);
    }
    Ok(Presence::Optional)
}

/// The member's `@default`, checked against its target type. `null` means no default.
pub fn default_value(model: &Model, member: &Member) -> Result<Option<DefaultValue>, ErrorKind> {
    let Some(value) = member.traits.get(traits::DEFAULT) else {
        return Ok(None);
    };
    if *value == Json::Null {
        return Ok(None);
    }
    let Some(target) = model.shape(&member.target) else {
        return Ok(None); // reported as a dangling target
    };
    let bad = |expected: &str| ErrorKind::InvalidTraitValue {
        trait_id: traits::DEFAULT.into(),
        reason: format!("expected {expected} for {} member, found {value}", target.kind.with_article()),
    };
    let int_in = |min: i64, max: i64| -> Result<DefaultValue, ErrorKind> {
        value
            .as_number()
            .and_then(serde_json::Number::as_i64)
            .filter(|n| (min..=max).contains(n))
            .map(DefaultValue::Int)
            .ok_or_else(|| bad(&format!("an integer from {min} to {max}")))
    };
    let parsed = match target.kind {
        ShapeType::Boolean => value.as_bool().map(DefaultValue::Bool).ok_or_else(|| bad("a boolean"))?,
        ShapeType::Byte => int_in(i8::MIN.into(), i8::MAX.into())?,
        ShapeType::Short => int_in(i16::MIN.into(), i16::MAX.into())?,
        ShapeType::Integer => int_in(i32::MIN.into(), i32::MAX.into())?,
        ShapeType::Long => int_in(i64::MIN, i64::MAX)?,
        ShapeType::Float | ShapeType::Double => {
            let single = target.kind == ShapeType::Float;
            value
                .as_number()
                .and_then(serde_json::Number::as_f64)
                .filter(|f| if single { (*f as f32).is_finite() } else { f.is_finite() })
                .map(DefaultValue::Float)
                .ok_or_else(|| bad(if single { "a number a 32-bit float holds" } else { "a number a 64-bit float holds" }))?
        }
        ShapeType::BigInteger | ShapeType::BigDecimal => match value {
            Json::Number(n) => DefaultValue::BigNumber(n.to_string()),
            _ => return Err(bad("a number")),
        },
        ShapeType::String => {
            let text = value.as_str().ok_or_else(|| bad("a string"))?;
            if let Ok(Some(values)) = traits::legacy_enum(&target.traits)
                && !values.iter().any(|v| v.value == text)
            {
                return Err(bad("one of the enum's values"));
            }
            DefaultValue::String(text.to_owned())
        }
        ShapeType::Enum => {
            let text = value.as_str().ok_or_else(|| bad("a string"))?;
            let known = target.members.iter().any(|m| {
                traits::enum_value_string(&m.traits).ok().flatten().unwrap_or(&m.name) == text
            });
            if !known {
                return Err(bad("one of the enum's values"));
            }
            DefaultValue::String(text.to_owned())
        }
        ShapeType::IntEnum => {
            let n = value
                .as_number()
                .and_then(serde_json::Number::as_i64)
                .and_then(|n| i32::try_from(n).ok())
                .ok_or_else(|| bad("a 32-bit integer"))?;
            let known = target.members.iter().any(|m| traits::enum_value_int(&m.traits) == Ok(Some(n)));
            if !known {
                return Err(bad("one of the intEnum's values"));
            }
            DefaultValue::IntEnum(n)
        }
        ShapeType::Blob => {
            let text = value.as_str().ok_or_else(|| bad("a base64 string"))?;
            DefaultValue::Blob(decode_base64(text).ok_or_else(|| bad("a base64 string"))?)
        }
        ShapeType::Timestamp => value
            .as_number()
            .and_then(serde_json::Number::as_i64)
            .map(DefaultValue::Timestamp)
            .ok_or_else(|| bad("whole epoch seconds"))?,
        ShapeType::Document => DefaultValue::Document(value.clone()),
        ShapeType::List => match value {
            Json::Array(items) if items.is_empty() => DefaultValue::EmptyList,
            _ => return Err(bad("an empty list")),
        },
        ShapeType::Map => match value {
            Json::Object(entries) if entries.is_empty() => DefaultValue::EmptyMap,
            _ => return Err(bad("an empty map")),
        },
        ShapeType::Structure
        | ShapeType::Union
        | ShapeType::Service
        | ShapeType::Operation
        | ShapeType::Resource => return Err(bad("no default at all (only simple types, lists and maps have defaults)")),
    };
    Ok(Some(parsed))
}

/// Standard base64 with padding, as Smithy writes blob defaults.
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    fn value(c: u8) -> Option<u32> {
        match c {
            // Each arm's range keeps the subtraction small: wrapping never wraps.
            b'A'..=b'Z' => Some(u32::from(c.wrapping_sub(b'A'))),
            b'a'..=b'z' => Some(u32::from(c.wrapping_sub(b'a')).wrapping_add(26)),
            b'0'..=b'9' => Some(u32::from(c.wrapping_sub(b'0')).wrapping_add(52)),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    }
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(4) {
        return None;
    }
    let mut out = Vec::with_capacity((bytes.len() / 4).saturating_mul(3));
    for chunk in bytes.chunks(4) {
        let padding = chunk.iter().rev().take_while(|&&c| c == b'=').count();
        if padding > 2 {
            return None;
        }
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            let v = if i.saturating_add(padding) >= 4 { 0 } else { value(c)? };
            n = (n << 6) | v;
        }
        let [_, a, b, c] = n.to_be_bytes();
        out.extend_from_slice([a, b, c].get(..3usize.saturating_sub(padding)).unwrap_or_default());
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::decode_base64;

    #[test]
    fn base64_defaults_decode() {
        assert_eq!(decode_base64("YWJj").as_deref(), Some(&b"abc"[..]));
        assert_eq!(decode_base64("YmxvYg==").as_deref(), Some(&b"blob"[..]));
        assert_eq!(decode_base64("").as_deref(), Some(&b""[..]));
        assert_eq!(decode_base64("YW=j"), None);
        assert_eq!(decode_base64("abc"), None);
    }
}
