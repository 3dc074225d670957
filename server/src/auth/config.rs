//! How people sign in, and where the server is reached from: read with the rest of the
//! configuration (TOML `[auth]`, then `MONITOR_STUDIO_*` variables).
//!
//! | variable | meaning | default |
//! |---|---|---|
//! | `MONITOR_STUDIO_PUBLIC_URL` | the URL people open; requests for another host are refused, cookies are `Secure` when it is https | `http://` + the listen address |
//! | `MONITOR_STUDIO_SESSION_IDLE_MINUTES` / `_ABSOLUTE_HOURS` | session expiry | 480 / 168 |
//! | `MONITOR_STUDIO_OIDC_ISSUER` / `_CLIENT_ID` / `_CLIENT_SECRET` | OIDC sign-in (discovery from the issuer) | off |
//! | `MONITOR_STUDIO_OIDC_GROUPS_CLAIM` / `_ADMIN_GROUP` / `_LABEL` | the groups claim, the group of administrators, the button's label | `groups` / none / `Single sign-on` |
//! | `MONITOR_STUDIO_PROXY_USER_HEADER` / `_GROUPS_HEADER` / `_TRUSTED` | trusted proxy headers, only from these addresses (comma-separated CIDRs) | off |
//! | `MONITOR_STUDIO_CORS_ORIGINS` | origins allowed to call the API from a browser (comma-separated) | none |

use std::{net::IpAddr, time::Duration};

use serde::Deserialize;

use super::identity::SessionLimits;

#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuthConfig {
    /// `None`: `http://` and the listen address.
    pub public_url: Option<String>,
    pub session_idle_minutes: u64,
    pub session_absolute_hours: u64,
    pub oidc: Option<OidcConfig>,
    pub proxy: Option<ProxyConfig>,
    pub cors_origins: Vec<String>,
}

impl Default for AuthConfig {
    fn default() -> Self {
        AuthConfig { public_url: None, session_idle_minutes: 8 * 60, session_absolute_hours: 7 * 24, oidc: None, proxy: None, cors_origins: Vec::new() }
    }
}

#[derive(Clone, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct OidcConfig {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: Option<String>,
    pub groups_claim: Option<String>,
    pub admin_group: Option<String>,
    pub label: Option<String>,
}

impl std::fmt::Debug for OidcConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcConfig")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret.as_ref().map(|_| "<redacted>"))
            .field("admin_group", &self.admin_group)
            .finish()
    }
}

#[derive(Clone, Debug, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct ProxyConfig {
    pub user_header: String,
    pub groups_header: Option<String>,
    /// The proxies' addresses (CIDRs); headers from anywhere else are ignored.
    pub trusted: Vec<String>,
}

impl ProxyConfig {
    pub fn trusts(&self, peer: IpAddr) -> bool {
        self.trusted.iter().filter_map(|n| n.parse::<ipnet::IpNet>().ok().or_else(|| n.parse::<IpAddr>().ok().map(ipnet::IpNet::from))).any(|n| n.contains(&peer))
    }
}

impl AuthConfig {
    pub fn session_limits(&self) -> SessionLimits {
        SessionLimits { idle: Duration::from_secs(self.session_idle_minutes * 60), absolute: Duration::from_secs(self.session_absolute_hours * 3600) }
    }

    /// Reads the `MONITOR_STUDIO_*` variables over what the file said.
    pub fn apply_env(&mut self, var: impl Fn(&str) -> Option<String>) -> Result<(), (&'static str, String)> {
        if let Some(v) = var("PUBLIC_URL") {
            self.public_url = Some(v);
        }
        let number = |name: &'static str| var(name).map(|v| v.parse::<u64>().map_err(|e| (name, e.to_string()))).transpose();
        if let Some(v) = number("SESSION_IDLE_MINUTES")? {
            self.session_idle_minutes = v;
        }
        if let Some(v) = number("SESSION_ABSOLUTE_HOURS")? {
            self.session_absolute_hours = v;
        }
        if let Some(issuer) = var("OIDC_ISSUER") {
            let oidc = self.oidc.get_or_insert_with(OidcConfig::default);
            oidc.issuer = issuer;
        }
        if let Some(oidc) = self.oidc.as_mut() {
            if let Some(v) = var("OIDC_CLIENT_ID") {
                oidc.client_id = v;
            }
            for (slot, name) in [(&mut oidc.client_secret, "OIDC_CLIENT_SECRET"), (&mut oidc.groups_claim, "OIDC_GROUPS_CLAIM"), (&mut oidc.admin_group, "OIDC_ADMIN_GROUP"), (&mut oidc.label, "OIDC_LABEL")] {
                if let Some(v) = var(name) {
                    *slot = Some(v);
                }
            }
            if oidc.client_id.is_empty() {
                return Err(("MONITOR_STUDIO_OIDC_CLIENT_ID", "is required with an OIDC issuer".into()));
            }
        }
        if let Some(header) = var("PROXY_USER_HEADER") {
            let proxy = self.proxy.get_or_insert_with(ProxyConfig::default);
            proxy.user_header = header;
        }
        if let Some(proxy) = self.proxy.as_mut() {
            if let Some(v) = var("PROXY_GROUPS_HEADER") {
                proxy.groups_header = Some(v);
            }
            if let Some(v) = var("PROXY_TRUSTED") {
                proxy.trusted = v.split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect();
            }
            if proxy.trusted.is_empty() {
                return Err(("MONITOR_STUDIO_PROXY_TRUSTED", "must name the proxies' addresses when proxy headers are configured".into()));
            }
            if let Some(bad) = proxy.trusted.iter().find(|n| n.parse::<ipnet::IpNet>().is_err() && n.parse::<IpAddr>().is_err()) {
                return Err(("MONITOR_STUDIO_PROXY_TRUSTED", format!("{bad:?} is not an address or CIDR")));
            }
        }
        if let Some(v) = var("CORS_ORIGINS") {
            self.cors_origins = v.split(',').map(|s| s.trim().trim_end_matches('/').to_owned()).filter(|s| !s.is_empty()).collect();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proxies_are_trusted_only_by_address() {
        let proxy = ProxyConfig { user_header: "X-Forwarded-User".into(), groups_header: None, trusted: vec!["10.0.0.0/8".into(), "127.0.0.1".into()] };
        assert!(proxy.trusts("10.1.2.3".parse().unwrap()));
        assert!(proxy.trusts("127.0.0.1".parse().unwrap()));
        assert!(!proxy.trusts("127.0.0.2".parse().unwrap()));
    }

    #[test]
    fn proxy_headers_need_trusted_addresses() {
        let mut auth = AuthConfig::default();
        let err = auth.apply_env(|n| (n == "PROXY_USER_HEADER").then(|| "X-User".to_owned())).unwrap_err();
        assert_eq!(err.0, "MONITOR_STUDIO_PROXY_TRUSTED");
    }
}
