//! Schedules: any frequency the API is sent (intervals at every size, hours, days, cron
//! text, timezones) and any schedule a cluster answers. The preview answers or names the
//! field; never a panic (overflowing date arithmetic was one).
#![no_main]

use app::model::{Frequency, schedule, validate};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Ok(value) = serde_json::from_slice::<Value>(data) else { return };
    if let Ok(frequency) = serde_json::from_value::<Frequency>(value.clone()) {
        let now = chrono::DateTime::from_timestamp(1_764_547_200, 0).unwrap();
        let _ = monitor_studio::schedule::preview(&frequency, now);
        let _ = schedule::describe(&frequency);
        let _ = schedule::to_api_schedule(&frequency);
        let _ = schedule::to_ui_schedule(&frequency);
        let _ = schedule::cron_expression(&frequency);
        let _ = validate::validate(&app::model::MonitorDraft { schedule: frequency, ..Default::default() });
    }
    let _ = schedule::from_api_schedule(&value, value.get("ui").filter(|v| v.is_object()));
    if let Some(text) = value.as_str() {
        let _ = monitor_studio::schedule::parse_cron(text);
        let _ = monitor_studio::schedule::parse_timezone(text);
    }
});
