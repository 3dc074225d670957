//! Reading the model's two internally tagged enums, [`Frequency`] (`"frequency"`) and
//! [`ActionScope`] (`"scope"`), in one pass over their fields. serde's derived reader for
//! such enums first copies the whole object into a buffer and reads it again, code that
//! weighs several kilobytes in every page's browser bundle; this reads the same JSON with
//! the same refusals (a missing tag or field, an unknown variant, a wrong type). Writing
//! stays derived.

use serde::{Deserialize, Deserializer, de::Error};

use super::{
    bucket::{ActionScope, ActionableAlert},
    draft::{Frequency, IntervalUnit, Weekday},
};

/// A field the tag's variant needs.
fn need<T, E: Error>(value: Option<T>, field: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(field))
}

const FREQUENCIES: &[&str] = &["interval", "daily", "weekly", "monthly", "custom_cron"];

impl<'de> Deserialize<'de> for Frequency {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Fields {
            frequency: Option<String>,
            interval: Option<u32>,
            unit: Option<IntervalUnit>,
            days: Option<Vec<Weekday>>,
            day: Option<u8>,
            hour: Option<u8>,
            expression: Option<String>,
            timezone: Option<String>,
        }
        let f = Fields::deserialize(deserializer)?;
        let tag = need(f.frequency, "frequency")?;
        Ok(match tag.as_str() {
            "interval" => Frequency::Interval { interval: need(f.interval, "interval")?, unit: need(f.unit, "unit")? },
            "daily" => Frequency::Daily { hour: need(f.hour, "hour")?, timezone: need(f.timezone, "timezone")? },
            "weekly" => Frequency::Weekly {
                days: need(f.days, "days")?,
                hour: need(f.hour, "hour")?,
                timezone: need(f.timezone, "timezone")?,
            },
            "monthly" => Frequency::Monthly {
                day: need(f.day, "day")?,
                hour: need(f.hour, "hour")?,
                timezone: need(f.timezone, "timezone")?,
            },
            "custom_cron" => {
                Frequency::CustomCron { expression: need(f.expression, "expression")?, timezone: need(f.timezone, "timezone")? }
            }
            other => return Err(D::Error::unknown_variant(other, FREQUENCIES)),
        })
    }
}

const SCOPES: &[&str] = &["per_alert", "per_execution"];

impl<'de> Deserialize<'de> for ActionScope {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Fields {
            scope: Option<String>,
            actionable_alerts: Option<Vec<ActionableAlert>>,
        }
        let f = Fields::deserialize(deserializer)?;
        let tag = need(f.scope, "scope")?;
        Ok(match tag.as_str() {
            "per_alert" => ActionScope::PerAlert { actionable_alerts: need(f.actionable_alerts, "actionable_alerts")? },
            "per_execution" => ActionScope::PerExecution,
            other => return Err(D::Error::unknown_variant(other, SCOPES)),
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, from_str, json, to_value};

    use super::*;

    fn every_frequency() -> Vec<Frequency> {
        let tz = || "Europe/Berlin".to_owned();
        vec![
            Frequency::Interval { interval: 5, unit: IntervalUnit::Hours },
            Frequency::Daily { hour: 9, timezone: tz() },
            Frequency::Weekly { days: vec![Weekday::Mon, Weekday::Fri], hour: 7, timezone: tz() },
            Frequency::Monthly { day: 31, hour: 0, timezone: tz() },
            Frequency::CustomCron { expression: "*/5 * * * *".into(), timezone: tz() },
        ]
    }

    #[test]
    fn every_variant_reads_back_what_is_written() {
        for f in every_frequency() {
            let text = serde_json::to_string(&f).unwrap();
            assert_eq!(from_str::<Frequency>(&text).unwrap(), f, "{text}");
            // From a JSON value too (the server reads documents that way).
            assert_eq!(serde_json::from_value::<Frequency>(to_value(&f).unwrap()).unwrap(), f);
        }
        for s in [ActionScope::default(), ActionScope::PerExecution, ActionScope::PerAlert { actionable_alerts: vec![] }] {
            assert_eq!(from_str::<ActionScope>(&serde_json::to_string(&s).unwrap()).unwrap(), s);
        }
        // The names written are the ones read.
        let written: Vec<Value> = every_frequency().iter().map(|f| to_value(f).unwrap()["frequency"].clone()).collect();
        assert_eq!(written, FREQUENCIES.iter().map(|&n| Value::from(n)).collect::<Vec<_>>());
    }

    #[test]
    fn other_fields_are_ignored_as_before() {
        let f: Frequency = serde_json::from_value(json!({"frequency": "daily", "hour": 3, "timezone": "UTC", "interval": 9, "x": [1]})).unwrap();
        assert_eq!(f, Frequency::Daily { hour: 3, timezone: "UTC".into() });
    }

    #[test]
    fn refusals_name_what_is_wrong() {
        let err = |v: Value| serde_json::from_value::<Frequency>(v).unwrap_err().to_string();
        assert_eq!(err(json!({"interval": 1, "unit": "MINUTES"})), "missing field `frequency`");
        assert_eq!(err(json!({"frequency": "interval", "unit": "MINUTES"})), "missing field `interval`");
        assert_eq!(err(json!({"frequency": "weekly", "hour": 1, "timezone": "UTC"})), "missing field `days`");
        assert!(err(json!({"frequency": "hourly"})).starts_with("unknown variant `hourly`, expected one of `interval`"));
        assert!(err(json!({"frequency": "daily", "hour": 300, "timezone": "UTC"})).contains("300"), "out of range for u8");
        assert!(err(json!({"frequency": "interval", "interval": 1, "unit": "FORTNIGHTS"})).starts_with("unknown variant `FORTNIGHTS`"));
        assert!(err(json!("daily")).starts_with("invalid type: string"));
        let scope = |v: Value| serde_json::from_value::<ActionScope>(v).unwrap_err().to_string();
        assert_eq!(scope(json!({"scope": "per_alert"})), "missing field `actionable_alerts`");
        assert!(scope(json!({"scope": "sometimes"})).starts_with("unknown variant `sometimes`"));
    }
}
