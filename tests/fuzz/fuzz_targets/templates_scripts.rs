//! The mustache and painless inputs: message and subject templates, trigger conditions,
//! the extraction query text and the visual threshold, as raw bytes a person could type.
//! A draft holding them validates, converts to the cluster's JSON and passes (or is
//! refused by) the cluster boundary without panicking; the condition built from a finite visual
//! threshold ends in that number, written so it reads back the same.
#![no_main]

use app::model::{ThresholdEnum, convert, query, validate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.splitn(4, '\u{1f}');
    let (message, subject, script, extraction) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""), parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let mut draft = app::model::MonitorDraft::default();
    draft.name = "fuzz".into();
    draft.indices = vec!["logs".into()];
    draft.extraction_query = extraction.to_owned();
    draft.defining_method = if data.first().is_some_and(|b| b % 2 == 0) { app::model::DefiningMethod::ExtractionQuery } else { app::model::DefiningMethod::Visual };
    let mut trigger = app::model::TriggerDraft::default();
    trigger.name = "t".into();
    trigger.script = script.to_owned();
    let threshold = data.get(..8).map(|b| f64::from_le_bytes(b.try_into().unwrap())).unwrap_or(1.0);
    trigger.threshold_value = threshold;
    let mut action = app::model::ActionDraft::default();
    action.name = "a".into();
    action.destination_id = "d".into();
    action.message = message.to_owned();
    action.subject = subject.to_owned();
    trigger.actions.push(action);
    draft.triggers.push(trigger);
    let _ = validate::validate_for_publish(&draft);
    if let Ok(body) = convert::to_monitor_json(&draft) {
        let boundary = monitor_studio::cluster::boundary::Boundary::new(Vec::new(), Vec::new(), "http://127.0.0.1:9200");
        let _ = boundary.check_monitor(body, false);
    }
    for op in [ThresholdEnum::Above, ThresholdEnum::Below, ThresholdEnum::Exactly] {
        let condition = query::trigger_condition_script(&draft.visual, op, threshold);
        if threshold.is_finite() {
            let number = condition.rsplit(' ').next().unwrap_or_default();
            assert!(number.parse::<f64>().is_ok_and(|n| n == threshold || (n - threshold).abs() <= threshold.abs() * 1e-15), "{condition}");
        }
    }
});
