//! Configuration: defaults, then an optional TOML file, then environment variables, so the
//! same binary runs with no setup at all and is still configurable in production.
//!
//! | variable | meaning | default |
//! |---|---|---|
//! | `MONITOR_STUDIO_CONFIG` | path of a TOML file with the keys below | none |
//! | `MONITOR_STUDIO_LISTEN` | listen address | `127.0.0.1:3000` |
//! | `MONITOR_STUDIO_DATABASE_URL` | SQLite URL | `sqlite://monitor-studio.db` in the data dir |
//! | `MONITOR_STUDIO_SITE_ROOT` | development: serve the bundle in this folder's `pkg/` instead of the embedded one | none |
//! | `MONITOR_STUDIO_CLUSTER_URL` | OpenSearch URL; unset = no cluster | none |
//! | `MONITOR_STUDIO_CLUSTER_USERNAME` / `_PASSWORD` | basic auth | none |
//! | `MONITOR_STUDIO_CLUSTER_API_KEY` | `Authorization: ApiKey …` | none |
//! | `MONITOR_STUDIO_CLUSTER_BEARER_TOKEN` | `Authorization: Bearer …` | none |
//! | `MONITOR_STUDIO_CLUSTER_CA_FILE` | PEM file of a custom CA | none |
//! | `MONITOR_STUDIO_CLUSTER_INSECURE` | `true` skips TLS verification (explicit only) | false |
//! | `MONITOR_STUDIO_CLUSTER_CONNECT_TIMEOUT_MS` / `_REQUEST_TIMEOUT_MS` | timeouts | 3000 / 30000 |
//! | `MONITOR_STUDIO_CLUSTER_INDICES` | comma-separated index names or `prefix*` patterns that previews, lookups and monitors may read; `*` is every index not starting with `.` | `*` |
//! | `MONITOR_STUDIO_CHANNEL_HOSTS` | comma-separated hosts channels may send to although they are loopback, private or the cluster's own | none |
//! | `MONITOR_STUDIO_AUDIT_TO_CLUSTER` | `true` also copies the portal's audit log into the cluster's `monitor-studio-audit-*` indices | false |
//! | `MONITOR_STUDIO_SECRET_KEY_FILE` | the 32-byte key sealing secrets at rest (made on first start) | `secret.key` beside the database |
//! | `MONITOR_STUDIO_LOG_FORMAT` | `text` or `json` | `text` |
//! | `MONITOR_STUDIO_MAX_BODY_BYTES` | request body limit (413 above) | 1 MiB |

use std::{fmt, net::SocketAddr, path::PathBuf, time::Duration};

use serde::Deserialize;

#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub listen: SocketAddr,
    pub database_url: String,
    pub site_root: PathBuf,
    pub log_format: String,
    pub max_body_bytes: usize,
    pub cluster: Option<ClusterConfig>,
    pub auth: crate::auth::config::AuthConfig,
    /// The key that seals secrets at rest (default: `secret.key` beside the database).
    pub secret_key_file: Option<PathBuf>,
}

/// How to reach the cluster. Credentials live only here: they are never logged (see the
/// `Debug` impl) and never sent to the browser.
#[derive(Clone, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct ClusterConfig {
    pub url: String,
    pub username: Option<String>,
    pub password: Option<String>,
    pub api_key: Option<String>,
    pub bearer_token: Option<String>,
    pub ca_file: Option<PathBuf>,
    pub insecure: bool,
    pub connect_timeout_ms: Option<u64>,
    pub request_timeout_ms: Option<u64>,
    /// Index names or `prefix*` patterns that may be read (empty: every non-system index).
    pub indices: Vec<String>,
    /// Channel hosts an administrator allows although they are internal.
    pub channel_hosts: Vec<String>,
    /// Copy the portal's audit log into `monitor-studio-audit-*` (see `audit::to_cluster`).
    pub audit_to_cluster: bool,
}

impl ClusterConfig {
    pub fn connect_timeout(&self) -> Duration {
        Duration::from_millis(self.connect_timeout_ms.unwrap_or(3_000))
    }
    pub fn request_timeout(&self) -> Duration {
        Duration::from_millis(self.request_timeout_ms.unwrap_or(30_000))
    }
}

impl fmt::Debug for ClusterConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let redact = |v: &Option<String>| v.as_ref().map(|_| "<redacted>");
        f.debug_struct("ClusterConfig")
            .field("url", &self.url)
            .field("username", &self.username)
            .field("password", &redact(&self.password))
            .field("api_key", &redact(&self.api_key))
            .field("bearer_token", &redact(&self.bearer_token))
            .field("ca_file", &self.ca_file)
            .field("insecure", &self.insecure)
            .finish()
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 3000)),
            database_url: format!("sqlite://{}", default_data_dir().join("monitor-studio.db").display()),
            site_root: PathBuf::new(),
            log_format: "text".to_owned(),
            max_body_bytes: 1024 * 1024,
            cluster: None,
            auth: Default::default(),
            secret_key_file: None,
        }
    }
}

/// `$XDG_DATA_HOME/monitor-studio` or `~/.local/share/monitor-studio`, else the working dir.
fn default_data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("XDG_DATA_HOME") {
        return PathBuf::from(dir).join("monitor-studio");
    }
    match std::env::var_os("HOME") {
        Some(home) => PathBuf::from(home).join(".local/share/monitor-studio"),
        None => PathBuf::from("."),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("config file {path}: {source}")]
    Parse { path: String, source: toml::de::Error },
    #[error("{name}: {message}")]
    Invalid { name: &'static str, message: String },
}

impl Config {
    /// Defaults, then `MONITOR_STUDIO_CONFIG` (TOML), then the environment.
    pub fn load() -> Result<Config, ConfigError> {
        Self::from_sources(|name| std::env::var(name).ok())
    }

    /// The same as [`Config::load`] with the environment given as a function, for tests.
    pub fn from_sources(env: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let mut config = match env("MONITOR_STUDIO_CONFIG") {
            Some(path) => {
                let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Read { path: path.clone(), source })?;
                toml::from_str(&text).map_err(|source| ConfigError::Parse { path, source })?
            }
            None => Config::default(),
        };
        let var = |name: &str| env(&format!("MONITOR_STUDIO_{name}")).filter(|v| !v.is_empty());
        if let Some(v) = var("LISTEN") {
            config.listen = v.parse().map_err(|e| ConfigError::Invalid { name: "MONITOR_STUDIO_LISTEN", message: format!("{e}") })?;
        }
        if let Some(v) = var("DATABASE_URL") {
            config.database_url = v;
        }
        if let Some(v) = var("SITE_ROOT") {
            config.site_root = v.into();
        }
        if let Some(v) = var("SECRET_KEY_FILE") {
            config.secret_key_file = Some(v.into());
        }
        if let Some(v) = var("LOG_FORMAT") {
            config.log_format = v;
        }
        if let Some(v) = var("MAX_BODY_BYTES") {
            config.max_body_bytes =
                v.parse().map_err(|e| ConfigError::Invalid { name: "MONITOR_STUDIO_MAX_BODY_BYTES", message: format!("{e}") })?;
        }
        if let Some(url) = var("CLUSTER_URL") {
            let cluster = config.cluster.get_or_insert_with(ClusterConfig::default);
            cluster.url = url;
        }
        if let Some(cluster) = config.cluster.as_mut() {
            let set = |slot: &mut Option<String>, name: &str| {
                if let Some(v) = var(name) {
                    *slot = Some(v);
                }
            };
            set(&mut cluster.username, "CLUSTER_USERNAME");
            set(&mut cluster.password, "CLUSTER_PASSWORD");
            set(&mut cluster.api_key, "CLUSTER_API_KEY");
            set(&mut cluster.bearer_token, "CLUSTER_BEARER_TOKEN");
            if let Some(v) = var("CLUSTER_CA_FILE") {
                cluster.ca_file = Some(v.into());
            }
            if let Some(v) = var("CLUSTER_INSECURE") {
                cluster.insecure = matches!(v.as_str(), "1" | "true" | "yes");
            }
            if let Some(v) = var("AUDIT_TO_CLUSTER") {
                cluster.audit_to_cluster = matches!(v.as_str(), "1" | "true" | "yes");
            }
            let millis = |name: &'static str| -> Result<Option<u64>, ConfigError> {
                var(name)
                    .map(|v| v.parse().map_err(|e| ConfigError::Invalid { name, message: format!("{e}") }))
                    .transpose()
            };
            let list = |v: String| v.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect::<Vec<_>>();
            if let Some(v) = var("CLUSTER_INDICES") {
                cluster.indices = list(v);
            }
            if let Some(v) = var("CHANNEL_HOSTS") {
                cluster.channel_hosts = list(v);
            }
            if let Some(ms) = millis("CLUSTER_CONNECT_TIMEOUT_MS")? {
                cluster.connect_timeout_ms = Some(ms);
            }
            if let Some(ms) = millis("CLUSTER_REQUEST_TIMEOUT_MS")? {
                cluster.request_timeout_ms = Some(ms);
            }
            if cluster.url.trim().is_empty() {
                config.cluster = None;
            }
        }
        config.auth.apply_env(&var).map_err(|(name, message)| ConfigError::Invalid { name, message })?;
        if !matches!(config.log_format.as_str(), "text" | "json") {
            return Err(ConfigError::Invalid { name: "log_format", message: "must be \"text\" or \"json\"".into() });
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_overrides_defaults() {
        let config = Config::from_sources(|name| match name {
            "MONITOR_STUDIO_LISTEN" => Some("127.0.0.1:4000".into()),
            "MONITOR_STUDIO_CLUSTER_URL" => Some("https://127.0.0.1:9200".into()),
            "MONITOR_STUDIO_CLUSTER_PASSWORD" => Some("s3cret".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(config.listen.port(), 4000);
        let cluster = config.cluster.unwrap();
        assert_eq!(cluster.url, "https://127.0.0.1:9200");
        assert!(!format!("{cluster:?}").contains("s3cret"), "credentials must not reach logs");
    }

    #[test]
    fn bad_listen_address_names_the_variable() {
        let err = Config::from_sources(|name| (name == "MONITOR_STUDIO_LISTEN").then(|| "nope".into())).unwrap_err();
        assert!(err.to_string().starts_with("MONITOR_STUDIO_LISTEN"));
    }
}
