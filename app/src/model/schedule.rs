//! "Frequency" ⇄ the cluster's `schedule` and the Dashboards' `ui_metadata.schedule`, and a
//! schedule in words.
//!
//! The cron expressions are the Dashboards' (`buildSchedule`): daily `0 H * * *`, weekly
//! `0 H * * MON,FRI`, monthly `0 H N */1 *`. Two upstream quirks are fixed here
//! (`alerting-ui-flow.md` §7): Thursday is written `THU` (the Dashboards can emit `THUR`,
//! which is not a cron day name), and a cron schedule reopens as Daily/Weekly/Monthly when
//! `ui_metadata.schedule` says so instead of always as a custom expression.
//!
//! Next-run times and strict cron parsing happen server-side (`croner`), not here.

use serde_json::{Map, Value, json};

use super::draft::{Frequency, FrequencyKind, IntervalUnit, Weekday};
use super::monitor::{Cron, Period, Schedule, lenient};

/// The default of "Custom cron expression" (`FORMIK_INITIAL_VALUES.cronExpression`).
pub const DEFAULT_CRON_EXPRESSION: &str = "0 */1 * * *";

/// The typed `schedule` of a monitor.
pub fn to_schedule(freq: &Frequency) -> Schedule {
    match freq {
        Frequency::Interval { interval, unit } => {
            Schedule { period: Some(Period { interval: *interval, unit: *unit }), cron: None }
        }
        other => Schedule {
            period: None,
            cron: Some(Cron {
                expression: cron_expression(other).unwrap_or_default(),
                timezone: other.timezone().unwrap_or_default().to_owned(),
            }),
        },
    }
}

/// `{"period":{"interval":1,"unit":"MINUTES"}}` or `{"cron":{"expression","timezone"}}`.
pub fn to_api_schedule(freq: &Frequency) -> Value {
    serde_json::to_value(to_schedule(freq)).unwrap_or(Value::Null)
}

/// The cron expression of a cron-based frequency; `None` for intervals.
pub fn cron_expression(freq: &Frequency) -> Option<String> {
    match freq {
        Frequency::Interval { .. } => None,
        Frequency::Daily { hour, .. } => Some(format!("0 {hour} * * *")),
        Frequency::Weekly { days, hour, .. } => Some(format!("0 {hour} * * {}", weekday_list(days))),
        Frequency::Monthly { day, hour, .. } => Some(format!("0 {hour} {day} */1 *")),
        Frequency::CustomCron { expression, .. } => Some(expression.clone()),
    }
}

/// `MON,FRI`: week order, each day once, whatever order they were ticked in.
fn weekday_list(days: &[Weekday]) -> String {
    Weekday::ALL.into_iter().filter(|d| days.contains(d)).map(Weekday::cron_name).collect::<Vec<_>>().join(",")
}

/// `ui_metadata.schedule` as the Dashboards write it (`formikToUiSchedule`): every key is
/// present, the inactive ones at the form's defaults, so the Dashboards reopen it intact.
/// `weekly` keeps the initial state's stray `thur:false`; `thu` (what the checkbox reads)
/// is present only when Thursday is ticked.
pub fn to_ui_schedule(freq: &Frequency) -> Value {
    let initial_period = json!({"interval": 1, "unit": IntervalUnit::Minutes.api_name()});
    let (mut period, mut daily, mut days, mut day, mut cron) =
        (initial_period, 0u8, Vec::new(), 1u8, DEFAULT_CRON_EXPRESSION.to_owned());
    match freq {
        Frequency::Interval { interval, unit } => period = json!({"interval": interval, "unit": unit.api_name()}),
        Frequency::Daily { hour, .. } => daily = *hour,
        Frequency::Weekly { days: d, hour, .. } => {
            daily = *hour;
            days = d.clone();
        }
        Frequency::Monthly { day: n, hour, .. } => {
            daily = *hour;
            day = *n;
        }
        Frequency::CustomCron { expression, .. } => cron = expression.clone(),
    }
    // The form's initial state has `thur:false`; the Thursday checkbox writes `thu`, so
    // that key only exists once Thursday was ticked.
    let mut weekly = Map::new();
    for d in Weekday::ALL.into_iter().filter(|d| *d != Weekday::Thu || days.contains(d)) {
        weekly.insert(ui_day_key(d), Value::Bool(days.contains(&d)));
    }
    weekly.insert("thur".to_owned(), Value::Bool(false));
    json!({
        "timezone": freq.timezone().map_or(Value::Null, |tz| Value::String(tz.to_owned())),
        "frequency": freq.kind(),
        "period": period,
        "daily": daily,
        "weekly": weekly,
        "monthly": {"type": "day", "day": day},
        "cronExpression": cron,
    })
}

/// The day's key in `ui_metadata.schedule.weekly`: its cron name in lower case (`mon`).
fn ui_day_key(d: Weekday) -> String {
    d.cron_name().to_ascii_lowercase()
}

/// Reads a monitor's `schedule` back into a frequency.
///
/// `schedule` is the source of truth. With a cron schedule, `ui_schedule`
/// (`ui_metadata.schedule`) may name the friendlier frequency it was made from; that is
/// used only when it reproduces the very same cron (same fields; weekdays compared as a
/// set, `THUR` = `THU`), so a schedule changed through the API never reopens wrong.
/// Otherwise cron schedules come back as [`Frequency::CustomCron`].
pub fn from_api_schedule(schedule: &Value, ui_schedule: Option<&Value>) -> Result<Frequency, String> {
    let obj = schedule.as_object().ok_or("The schedule must be an object with a period or a cron.")?;
    match (obj.get("period").filter(|v| !v.is_null()), obj.get("cron").filter(|v| !v.is_null())) {
        (Some(_), Some(_)) => Err("You can only specify one type of schedule.".to_owned()),
        (None, None) => Err("The schedule needs a period or a cron expression.".to_owned()),
        (Some(period), None) => {
            let interval = period
                .get("interval")
                .and_then(lenient::u64_value)
                .and_then(|n| u32::try_from(n).ok())
                .ok_or("The interval must be a positive whole number.")?;
            let unit_text = period.get("unit").and_then(lenient::string_value).unwrap_or_default();
            let unit = IntervalUnit::from_api_name(unit_text.trim())
                .ok_or_else(|| format!("Unknown interval unit: {unit_text}. Use {}.", IntervalUnit::choices()))?;
            Ok(Frequency::Interval { interval, unit })
        }
        (None, Some(cron)) => {
            let expression = cron
                .get("expression")
                .and_then(Value::as_str)
                .ok_or("The cron schedule needs an expression.")?
                .trim()
                .to_owned();
            let timezone = cron.get("timezone").and_then(Value::as_str).unwrap_or_default().to_owned();
            if let Some(friendly) = ui_schedule.and_then(|ui| from_ui_schedule(ui, &timezone))
                && cron_equivalent(cron_expression(&friendly).as_deref().unwrap_or_default(), &expression)
            {
                return Ok(friendly);
            }
            Ok(Frequency::CustomCron { expression, timezone })
        }
    }
}

/// The Daily/Weekly/Monthly frequency `ui_metadata.schedule` describes, if any.
fn from_ui_schedule(ui: &Value, timezone: &str) -> Option<Frequency> {
    let hour = ui.get("daily").map_or(Some(0), lenient::u64_value).and_then(|h| u8::try_from(h).ok())?;
    let timezone = timezone.to_owned();
    match FrequencyKind::parse(ui.get("frequency")?.as_str()?)? {
        FrequencyKind::Daily => Some(Frequency::Daily { hour, timezone }),
        FrequencyKind::Weekly => {
            let weekly = ui.get("weekly")?.as_object()?;
            let ticked = |key: &str| weekly.get(key).and_then(lenient::bool_value).unwrap_or(false);
            let days = Weekday::ALL
                .into_iter()
                .filter(|d| ticked(&ui_day_key(*d)) || (*d == Weekday::Thu && ticked("thur")))
                .collect();
            Some(Frequency::Weekly { days, hour, timezone })
        }
        FrequencyKind::Monthly => {
            let day = ui.get("monthly")?.get("day").and_then(lenient::u64_value).and_then(|d| u8::try_from(d).ok())?;
            Some(Frequency::Monthly { day, hour, timezone })
        }
        FrequencyKind::Interval | FrequencyKind::CustomCron => None,
    }
}

/// Whether two five-field crons are the same, treating the day-of-week list as a set.
fn cron_equivalent(a: &str, b: &str) -> bool {
    let fa: Vec<&str> = a.split_whitespace().collect();
    let fb: Vec<&str> = b.split_whitespace().collect();
    if fa.len() != 5 || fb.len() != 5 || fa[..4] != fb[..4] {
        return false;
    }
    let days = |f: &str| {
        let mut v: Vec<String> = f.split(',').map(|d| d.trim().to_ascii_uppercase().replace("THUR", "THU")).collect();
        v.sort();
        v.dedup();
        v
    };
    days(fa[4]) == days(fb[4])
}

/// The schedule in words, for lists and the details page: "Every 2 hours",
/// "Every Monday, Friday around 9:00 am Europe/Berlin", "Cron: 0 */1 * * * (UTC)".
pub fn describe(freq: &Frequency) -> String {
    let around = |hour: u8, tz: &str| {
        let at = format!("around {}", hour_text(hour));
        if tz.is_empty() { at } else { format!("{at} {tz}") }
    };
    match freq {
        Frequency::Interval { interval, unit } => {
            format!("Every {interval} {}{}", unit.singular(), if *interval == 1 { "" } else { "s" })
        }
        Frequency::Daily { hour, timezone } => format!("Every day {}", around(*hour, timezone)),
        Frequency::Weekly { days, hour, timezone } => {
            let names: Vec<&str> = Weekday::ALL.into_iter().filter(|d| days.contains(d)).map(Weekday::label).collect();
            let names = if names.is_empty() { "week (no day chosen)".to_owned() } else { names.join(", ") };
            format!("Every {names} {}", around(*hour, timezone))
        }
        Frequency::Monthly { day, hour, timezone } => {
            format!("Every month on day {day} {}", around(*hour, timezone))
        }
        Frequency::CustomCron { expression, timezone } => {
            if timezone.is_empty() {
                format!("Cron: {expression}")
            } else {
                format!("Cron: {expression} ({timezone})")
            }
        }
    }
}

/// `h:mm a` of a whole hour: 0 → "12:00 am", 13 → "1:00 pm".
fn hour_text(hour: u8) -> String {
    let h12 = match hour % 12 {
        0 => 12,
        h => h,
    };
    format!("{h12}:00 {}", if hour % 24 < 12 { "am" } else { "pm" })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tz() -> String {
        "Europe/Berlin".to_owned()
    }

    #[test]
    fn describes_every_frequency() {
        let i = |interval, unit| Frequency::Interval { interval, unit };
        assert_eq!(describe(&i(1, IntervalUnit::Minutes)), "Every 1 minute");
        assert_eq!(describe(&i(2, IntervalUnit::Hours)), "Every 2 hours");
        assert_eq!(describe(&i(3, IntervalUnit::Days)), "Every 3 days");
        assert_eq!(describe(&Frequency::Daily { hour: 9, timezone: tz() }), "Every day around 9:00 am Europe/Berlin");
        assert_eq!(
            describe(&Frequency::Weekly { days: vec![Weekday::Fri, Weekday::Mon], hour: 0, timezone: "UTC".into() }),
            "Every Monday, Friday around 12:00 am UTC"
        );
        assert_eq!(
            describe(&Frequency::Monthly { day: 5, hour: 13, timezone: tz() }),
            "Every month on day 5 around 1:00 pm Europe/Berlin"
        );
        assert_eq!(
            describe(&Frequency::CustomCron { expression: "0 */1 * * *".into(), timezone: "UTC".into() }),
            "Cron: 0 */1 * * * (UTC)"
        );
        assert_eq!(describe(&Frequency::Daily { hour: 12, timezone: String::new() }), "Every day around 12:00 pm");
    }

    #[test]
    fn hand_edited_cron_with_stale_ui_metadata_reopens_as_custom() {
        let ui = to_ui_schedule(&Frequency::Daily { hour: 9, timezone: tz() });
        let changed = json!({"cron":{"expression":"30 9 * * *","timezone":"Europe/Berlin"}});
        assert_eq!(
            from_api_schedule(&changed, Some(&ui)).unwrap(),
            Frequency::CustomCron { expression: "30 9 * * *".into(), timezone: tz() }
        );
    }

    #[test]
    fn dashboards_thur_and_day_order_still_reopen_as_weekly() {
        // The Dashboards append a ticked `thu` after `sun`: Thursday+Friday → "FRI,THU".
        let ui = json!({"frequency":"weekly","daily":7,"timezone":"UTC",
            "weekly":{"mon":false,"tue":false,"wed":false,"thur":false,"fri":true,"sat":false,"sun":false,"thu":true}});
        let schedule = json!({"cron":{"expression":"0 7 * * FRI,THU","timezone":"UTC"}});
        assert_eq!(
            from_api_schedule(&schedule, Some(&ui)).unwrap(),
            Frequency::Weekly { days: vec![Weekday::Thu, Weekday::Fri], hour: 7, timezone: "UTC".into() }
        );
    }

    #[test]
    fn schedule_errors() {
        assert!(
            from_api_schedule(&json!({"period":{"interval":1,"unit":"SECONDS"}}), None)
                .unwrap_err()
                .contains("SECONDS")
        );
        assert_eq!(
            from_api_schedule(
                &json!({"period":{"interval":1,"unit":"MINUTES"},"cron":{"expression":"* * * * *"}}),
                None
            )
            .unwrap_err(),
            "You can only specify one type of schedule."
        );
        assert_eq!(
            from_api_schedule(&json!({"period":{"interval":"2","unit":"hours"}}), None).unwrap(),
            Frequency::Interval { interval: 2, unit: IntervalUnit::Hours }
        );
    }
}
