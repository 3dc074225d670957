//! Logging set-up: human-readable by default, JSON lines when `log_format = "json"` so a log
//! shipper can read them. Filters come from `RUST_LOG`.

use tracing_subscriber::EnvFilter;

pub fn init(format: &str) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    let result = if format == "json" { builder.json().try_init() } else { builder.try_init() };
    // A second init (tests) is harmless.
    let _ = result;
}
