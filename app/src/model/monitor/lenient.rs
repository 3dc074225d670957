//! Deserializers that accept the loose spellings other tools write: `"true"` for `true`,
//! `"5"` for `5`, `1` for `"1"`, `minutes` for `MINUTES`. Also used by the importer, which
//! reads raw JSON field by field.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::super::draft::IntervalUnit;

/// A boolean from `true`, `"true"`, `"TRUE"`, `1`, `"1"` (and the false forms).
pub fn bool_value(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        },
        Value::Number(n) => n.as_f64().and_then(|f| match f {
            1.0 => Some(true),
            0.0 => Some(false),
            _ => None,
        }),
        _ => None,
    }
}

/// A number from a JSON number or numeric text (`"1"`, `" 2.5 "`).
pub fn f64_value(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok().filter(|f| f.is_finite()),
        _ => None,
    }
}

/// A non-negative whole number from a JSON number (`1`, `1.0`) or text (`"1"`).
pub fn u64_value(v: &Value) -> Option<u64> {
    f64_value(v).filter(|f| *f >= 0.0 && f.fract() == 0.0 && *f <= u64::MAX as f64).map(|f| f as u64)
}

/// Text from a string, or a number/boolean written as text (severity `1` → `"1"`).
pub fn string_value(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(match n.as_f64() {
            Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 9.0e15 => format!("{}", f as i64),
            _ => n.to_string(),
        }),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

pub fn bool<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    let v = Value::deserialize(d)?;
    bool_value(&v).ok_or_else(|| D::Error::custom(format!("expected a boolean, found {v}")))
}

pub fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    let v = Value::deserialize(d)?;
    if v.is_null() {
        return Ok(None);
    }
    bool_value(&v).map(Some).ok_or_else(|| D::Error::custom(format!("expected a boolean, found {v}")))
}

pub fn u32<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    let v = Value::deserialize(d)?;
    u64_value(&v)
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| D::Error::custom(format!("expected a positive whole number, found {v}")))
}

pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let v = Value::deserialize(d)?;
    string_value(&v).ok_or_else(|| D::Error::custom(format!("expected text, found {v}")))
}

pub fn upper<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    string(d).map(|s| s.trim().to_ascii_uppercase())
}

pub fn interval_unit<'de, D: Deserializer<'de>>(d: D) -> Result<IntervalUnit, D::Error> {
    let s = string(d)?;
    IntervalUnit::from_api_name(s.trim())
        .ok_or_else(|| D::Error::custom(format!("unknown interval unit {s}; expected {}", IntervalUnit::choices())))
}
