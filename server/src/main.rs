//! `monitor-studio`: read the configuration, open the database, serve.

use monitor_studio::{Config, serve};

#[tokio::main]
async fn main() {
    let config = match Config::load() {
        Ok(config) => config,
        Err(err) => {
            eprintln!("monitor-studio: {err}");
            std::process::exit(2);
        }
    };
    monitor_studio::telemetry::init(&config.log_format);
    if let Err(err) = serve(config).await {
        tracing::error!(error = %err, "monitor-studio stopped");
        std::process::exit(1);
    }
}
