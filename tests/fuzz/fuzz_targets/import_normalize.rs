//! Monitor import and normalization: any JSON a person pastes or a cluster answers. Import
//! either names what is wrong or gives a draft; a draft converts back, validates and
//! normalizes without panicking, and normalizing is idempotent.
#![no_main]

use app::model::{convert, validate};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Ok(monitor) = serde_json::from_slice::<Value>(data) else { return };
    if let Ok(once) = convert::normalize_monitor_json(&monitor) {
        let twice = convert::normalize_monitor_json(&once).expect("a normalized monitor normalizes again");
        assert_eq!(once, twice, "normalizing is idempotent");
    }
    let Ok(draft) = convert::from_monitor_json(&monitor) else { return };
    let _ = validate::validate(&draft);
    let _ = validate::validate_for_publish(&draft);
    if let Ok(body) = convert::to_monitor_json(&draft) {
        let _ = convert::normalize_monitor_json(&body);
        let _ = convert::from_monitor_json(&body);
    }
});
