//! `monitor-studio`: read the configuration, then serve, or run an `admin` command.

use clap::Parser;
use monitor_studio::{
    Config,
    cli::{Cli, Command},
    serve,
};

/// Rendering a page allocates and frees many small strings and views; mimalloc serves
/// them without glibc's consolidation passes (measured with `scripts/bench`: see the README).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() {
    let cli = Cli::parse();
    let config = match Config::load() {
        Ok(config) => config,
        Err(err) => {
            eprintln!("monitor-studio: {err}");
            std::process::exit(2);
        }
    };
    match cli.command.unwrap_or(Command::Serve) {
        Command::Admin(command) => match monitor_studio::cli::admin(&config, command).await {
            Ok(output) => println!("{output}"),
            Err(err) => {
                eprintln!("monitor-studio: {err}");
                std::process::exit(1);
            }
        },
        Command::Serve => {
            monitor_studio::telemetry::init(&config.log_format);
            if let Err(err) = serve(config).await {
                tracing::error!(error = %err, "monitor-studio stopped");
                std::process::exit(1);
            }
        }
    }
}
