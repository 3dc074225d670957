//! Schedules: strict checking of what the cluster will accept, the schedule in words and its
//! next run times. The Dashboards leave custom cron unchecked until the cluster refuses it;
//! here a bad expression or timezone is named before anything is published.

use std::str::FromStr;

use app::{
    api::{Call, SchedulePreview, TemplateInfo, ops},
    model::{self, Frequency},
};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use croner::{Cron, parser::{CronParser, Seconds}};

use crate::{api::Ctx, error::{ApiError, ApiResult}};

/// How many upcoming runs a preview lists.
pub const NEXT_RUNS: usize = 5;

pub async fn preview_schedule(_: Ctx, call: Call<ops::PreviewSchedule>) -> ApiResult<SchedulePreview> {
    preview(&call.body, Utc::now())
}

pub async fn list_timezones(_: Ctx, _: Call<ops::ListTimezones>) -> ApiResult<Vec<String>> {
    Ok(chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name().to_owned()).collect())
}

pub async fn list_templates(cx: Ctx, _: Call<ops::ListTemplates>) -> ApiResult<Vec<TemplateInfo>> {
    let mut templates: Vec<TemplateInfo> = match cx.caller()?.team.as_ref() {
        Some(team) => cx.teams.templates(&team.current.id).await?,
        None => Vec::new(),
    };
    templates.extend(
        model::templates::all().into_iter().map(|t| TemplateInfo { id: t.id.into(), title: t.title.into(), description: t.description.into(), category: t.category.into() }),
    );
    Ok(templates)
}

/// The schedule in words and its next runs after `now`; field errors name
/// `schedule.expression`, `schedule.timezone` or `schedule.interval`.
pub fn preview(frequency: &Frequency, now: DateTime<Utc>) -> ApiResult<SchedulePreview> {
    let description = model::schedule::describe(frequency);
    let next_runs = match frequency {
        Frequency::Interval { interval, unit } => {
            if *interval == 0 || *interval > model::validate::MAX_INTERVAL {
                return Err(ApiError::field("schedule.interval", format!("Must be a whole number from 1 to {}.", model::validate::MAX_INTERVAL)));
            }
            let minutes = i64::from(*interval) * match unit {
                model::IntervalUnit::Minutes => 1,
                model::IntervalUnit::Hours => 60,
                model::IntervalUnit::Days => 24 * 60,
            };
            // The cluster counts intervals from when the monitor was enabled; from now is
            // the honest approximation before publishing. Runs past the calendar's end are
            // not listed (a huge interval of days reaches them).
            let step = chrono::Duration::try_minutes(minutes);
            (1..=NEXT_RUNS as i32)
                .map_while(|i| now.checked_add_signed(step?.checked_mul(i)?))
                .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
                .collect()
        }
        _ => {
            let expression = model::schedule::to_api_schedule(frequency)["cron"]["expression"].as_str().unwrap_or_default().to_owned();
            let timezone = frequency.timezone().unwrap_or_default();
            let tz = parse_timezone(timezone)?;
            let cron = parse_cron(&expression)?;
            let mut runs = Vec::with_capacity(NEXT_RUNS);
            let mut after = now.with_timezone(&tz);
            for _ in 0..NEXT_RUNS {
                after = cron
                    .find_next_occurrence(&after, false)
                    .map_err(|e| ApiError::field("schedule.expression", format!("This expression never runs: {e}")))?;
                runs.push(after.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
            }
            runs
        }
    };
    Ok(SchedulePreview { description, next_runs })
}

/// An IANA timezone id, as the cluster requires for cron schedules.
pub fn parse_timezone(timezone: &str) -> ApiResult<Tz> {
    if timezone.trim().is_empty() {
        return Err(ApiError::field("schedule.timezone", "Select a timezone."));
    }
    Tz::from_str(timezone).map_err(|_| ApiError::field("schedule.timezone", format!("Unknown timezone: {timezone}")))
}

/// A five-field UNIX cron expression of the kind the alerting plugin accepts (minute, hour,
/// day of month, month, day of week; numbers, names, `*`, ranges, lists and steps).
pub fn parse_cron(expression: &str) -> ApiResult<Cron> {
    let field = "schedule.expression";
    let fields = expression.split_whitespace().count();
    if fields != 5 {
        return Err(ApiError::field(field, format!("A cron expression has 5 fields (minute hour day-of-month month day-of-week); this one has {fields}.")));
    }
    if let Some(bad) = expression.chars().find(|c| matches!(c, '@' | 'L' | 'W' | '#' | '?')) {
        return Err(ApiError::field(field, format!("OpenSearch cron expressions do not support \"{bad}\".")));
    }
    CronParser::builder()
        .seconds(Seconds::Disallowed)
        .build()
        .parse(expression)
        .map_err(|e| ApiError::field(field, format!("Invalid cron expression: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::model::{IntervalUnit, Weekday};

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn interval_runs_step_from_now() {
        let p = preview(&Frequency::Interval { interval: 15, unit: IntervalUnit::Minutes }, at("2026-01-01T00:00:00Z")).unwrap();
        assert_eq!(p.next_runs[0], "2026-01-01T00:15:00Z");
        assert_eq!(p.next_runs[4], "2026-01-01T01:15:00Z");
    }

    #[test]
    fn weekly_runs_in_the_schedule_timezone() {
        let freq = Frequency::Weekly { days: vec![Weekday::Mon, Weekday::Fri], hour: 9, timezone: "Europe/Berlin".into() };
        // 2026-01-01 is a Thursday.
        let p = preview(&freq, at("2026-01-01T00:00:00Z")).unwrap();
        assert_eq!(p.next_runs[..3], ["2026-01-02T09:00:00+01:00", "2026-01-05T09:00:00+01:00", "2026-01-09T09:00:00+01:00"]);
    }

    #[test]
    fn custom_cron_is_checked() {
        let bad = |expr: &str| {
            let freq = Frequency::CustomCron { expression: expr.into(), timezone: "UTC".into() };
            match preview(&freq, Utc::now()) {
                Err(ApiError::Invalid { errors, .. }) => errors["schedule.expression"].clone(),
                other => panic!("expected a field error for {expr:?}, got {other:?}"),
            }
        };
        assert!(bad("0 */1 * *").contains("5 fields"));
        assert!(bad("0 0 * * * *").contains("5 fields"));
        assert!(bad("61 * * * *").contains("Invalid cron"));
        assert!(bad("0 0 L * *").contains("\"L\""));
        let ok = Frequency::CustomCron { expression: "0 */1 * * *".into(), timezone: "UTC".into() };
        assert_eq!(preview(&ok, at("2026-01-01T00:30:00Z")).unwrap().next_runs[0], "2026-01-01T01:00:00Z");
    }

    #[test]
    fn unknown_timezone_is_named() {
        let freq = Frequency::Daily { hour: 9, timezone: "Mars/Olympus".into() };
        match preview(&freq, Utc::now()) {
            Err(ApiError::Invalid { errors, .. }) => assert_eq!(errors["schedule.timezone"], "Unknown timezone: Mars/Olympus"),
            other => panic!("unexpected {other:?}"),
        }
    }
}
