//! The cluster boundary over any monitor JSON and index name, and channel URL masking over
//! any text: refusals name a field, a passing monitor names only allowed indices, a masked
//! URL never holds the secret it masked.
#![no_main]

use libfuzzer_sys::fuzz_target;
use monitor_studio::cluster::{boundary::Boundary, destinations};
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let boundary = Boundary::new(vec!["logs-*".into(), "orders".into()], Vec::new(), "http://127.0.0.1:9200");
    if let Ok(monitor) = serde_json::from_slice::<Value>(data) {
        match boundary.check_monitor(monitor.clone(), data.len() % 2 == 0) {
            Ok(_) => {
                for input in monitor["inputs"].as_array().into_iter().flatten() {
                    for kind in ["search", "doc_level_input"] {
                        for index in input[kind]["indices"].as_array().into_iter().flatten() {
                            let name = index.as_str().expect("passing indices are strings");
                            assert!(!name.trim().starts_with('.') && boundary.check_index(name).is_ok(), "{name}");
                        }
                    }
                }
            }
            Err(err) => assert!(!err.field_errors().is_empty(), "a refusal names its field"),
        }
    }
    let text = String::from_utf8_lossy(data);
    let _ = boundary.check_index(&text);
    let masked = destinations::mask_url(&text);
    if let Ok(url) = url::Url::parse(&text) {
        if let Some(password) = url.password().filter(|p| p.len() > 8 && !p.contains('*')) {
            assert!(!masked.contains(&format!(":{password}@")), "{masked}");
        }
    }
});
