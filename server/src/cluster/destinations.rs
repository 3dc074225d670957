//! Where a channel may make the cluster send: the other half of the boundary. A channel URL
//! is http(s), names a public host, and is sent to the cluster in the normalized form that
//! was checked (so `http://2130706433/` is `http://127.0.0.1/` here and there). Loopback,
//! link-local, private, shared, multicast and reserved addresses, names that resolve to
//! them, metadata names and the cluster's own host are refused unless an administrator
//! allow-listed the host (`MONITOR_STUDIO_CHANNEL_HOSTS`). A name that does not resolve
//! here is left to the cluster, whose own `plugins.destination.host.deny_list` is the
//! second line (see the README).
//!
//! Secrets a channel holds (URL tokens, passwords, auth headers) are masked in every answer
//! ([`mask_url`], [`mask_header`]); an update that sends a mask back keeps the secret.

use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

use super::boundary::Boundary;

/// What an answer shows in place of a secret.
pub const MASK: &str = "********";

/// Longest channel URL accepted.
const MAX_URL_LEN: usize = 2048;

/// Names that reach the machine itself or a cloud metadata service whatever DNS says.
fn internal_name(host: &str) -> bool {
    let host = host.trim_end_matches('.');
    host == "localhost" || host.ends_with(".localhost") || host.ends_with(".internal") || host == "metadata" || host.ends_with(".local")
}

/// Addresses a channel may never send to (unless allow-listed).
pub fn blocked(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => blocked_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return blocked_v4(v4);
            }
            let s = v6.segments();
            // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) carry an IPv4 address.
            if s[0] == 0x64 && s[1] == 0xff9b && s[2..6] == [0, 0, 0, 0] {
                return blocked_v4(Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8));
            }
            if s[0] == 0x2002 {
                return blocked_v4(Ipv4Addr::new((s[1] >> 8) as u8, s[1] as u8, (s[2] >> 8) as u8, s[2] as u8));
            }
            v6.is_unspecified()
                || v6.is_loopback()
                || v6.is_multicast()
                || (s[0] & 0xfe00) == 0xfc00 // unique local
                || (s[0] & 0xffc0) == 0xfe80 // link-local
                || (s[0] & 0xffc0) == 0xfec0 // site-local (deprecated)
                || (s[0] == 0 && s[1] == 0 && s[2] == 0 && s[3] == 0 && s[4] == 0 && s[5] == 0) // IPv4-compatible
                || (s[0] == 0x2001 && s[1] == 0x0db8) // documentation
        }
    }
}

fn blocked_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0
        || a >= 240
        || (a == 100 && (64..128).contains(&b)) // shared address space
        || (a == 192 && b == 0 && c == 0)
        || (a == 198 && (18..20).contains(&b)) // benchmarking
}

impl Boundary {
    /// The URL to store, normalized, or why it cannot be a channel's.
    pub async fn check_channel_url(&self, url: &str) -> Result<String, String> {
        let url = url.trim();
        if url.is_empty() {
            return Err("Required.".to_owned());
        }
        if url.len() > MAX_URL_LEN {
            return Err(format!("At most {MAX_URL_LEN} characters."));
        }
        if url.chars().any(|c| c.is_control()) {
            return Err("A URL cannot hold control characters.".to_owned());
        }
        let parsed = reqwest::Url::parse(url).map_err(|e| format!("Not a URL ({e}); use http:// or https://."))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(format!("Must be an http:// or https:// URL, not {}://.", parsed.scheme()));
        }
        let host = match parsed.host() {
            Some(url::Host::Domain(d)) if !d.is_empty() => d.to_ascii_lowercase(),
            Some(url::Host::Ipv4(ip)) => ip.to_string(),
            Some(url::Host::Ipv6(ip)) => ip.to_string(),
            _ => return Err("Must name a host.".to_owned()),
        };
        if self.channel_hosts.iter().any(|allowed| *allowed == host || allowed.trim_matches(['[', ']']) == host) {
            return Ok(parsed.to_string());
        }
        let refuse = |why: &str| Err(format!("{host} {why}; channels send only to public hosts unless an administrator allows this one."));
        if self.cluster_host.as_deref() == Some(host.as_str()) {
            return refuse("is the cluster itself");
        }
        match parsed.host() {
            Some(url::Host::Ipv4(ip)) if blocked(IpAddr::V4(ip)) => return refuse("is a loopback, private or reserved address"),
            Some(url::Host::Ipv6(ip)) if blocked(IpAddr::V6(ip)) => return refuse("is a loopback, private or reserved address"),
            Some(url::Host::Domain(_)) => {
                if internal_name(&host) {
                    return refuse("is an internal name");
                }
                let port = parsed.port_or_known_default().unwrap_or(443);
                let lookup = tokio::time::timeout(Duration::from_secs(2), tokio::net::lookup_host((host.as_str(), port))).await;
                if let Ok(Ok(addrs)) = lookup {
                    for addr in addrs {
                        if blocked(addr.ip()) {
                            return refuse(&format!("resolves to {}, a loopback, private or reserved address", addr.ip()));
                        }
                        if self.cluster_host.as_deref() == Some(addr.ip().to_string().as_str()) {
                            return refuse("resolves to the cluster itself");
                        }
                    }
                }
            }
            _ => {}
        }
        Ok(parsed.to_string())
    }
}

/// The URL a server-sent webhook (a team's review webhook) may use: the channel rules of
/// `cluster`'s boundary, or with no cluster configured the same rules without allowed hosts.
pub async fn check_webhook_url(cluster: Option<&super::ClusterClient>, url: &str) -> Result<String, String> {
    match cluster {
        Some(cluster) => cluster.boundary().check_channel_url(url).await,
        None => Boundary::new(Vec::new(), Vec::new(), "").check_channel_url(url).await,
    }
}

/// A path segment or value that looks like a token rather than a word.
fn secret_like(s: &str) -> bool {
    let digits = s.bytes().filter(u8::is_ascii_digit).count();
    let letters = s.bytes().filter(u8::is_ascii_alphabetic).count();
    s.len() >= 32 || (s.len() >= 8 && digits > 0 && letters > 0)
}

/// The URL as answers show it: password, query values and token-like path segments masked.
pub fn mask_url(url: &str) -> String {
    let Ok(mut parsed) = reqwest::Url::parse(url) else { return MASK.to_owned() };
    let password = parsed.password().filter(|p| !p.is_empty()).map(str::to_owned);
    // A URL whose password cannot be replaced (the `url` crate refuses for some odd URLs)
    // is shown as the mask alone rather than with its password.
    if parsed.password().is_some() && parsed.set_password(Some(MASK)).is_err() {
        return MASK.to_owned();
    }
    // A fragment never reaches the receiver, but may hold a token all the same.
    if parsed.fragment().is_some() {
        parsed.set_fragment(Some(MASK));
    }
    let pairs: Vec<(String, String)> = parsed.query_pairs().map(|(k, _)| (k.into_owned(), MASK.to_owned())).collect();
    if !pairs.is_empty() {
        parsed.query_pairs_mut().clear().extend_pairs(pairs);
    }
    if let Some(segments) = parsed.path_segments() {
        let masked: Vec<String> = segments.map(|s| if secret_like(s) { MASK.to_owned() } else { s.to_owned() }).collect();
        parsed.set_path(&masked.join("/"));
    }
    // The mask's `*` would be percent-encoded in a password, path or query; show it plainly.
    let masked = parsed.to_string().replace("%2A", "*").replace("%2a", "*");
    // Wherever else the password is written (a path or fragment repeating it), it is masked too.
    match password {
        Some(password) => masked.replace(&password, MASK),
        None => masked,
    }
}

/// Whether a header's value is a credential (and so masked in answers).
pub fn sensitive_header(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    ["auth", "token", "secret", "key", "password", "cookie", "signature", "session", "credential"].iter().any(|word| name.contains(word))
}

/// A header value as answers show it.
pub fn mask_header(name: &str, value: &str) -> String {
    if sensitive_header(name) { MASK.to_owned() } else { value.to_owned() }
}

/// Headers a channel may not set: they frame the request or route it.
pub fn forbidden_header(name: &str) -> bool {
    matches!(
        name.to_ascii_lowercase().as_str(),
        "host" | "content-length" | "transfer-encoding" | "connection" | "upgrade" | "te" | "trailer" | "keep-alive" | "proxy-connection" | "expect" | "forwarded" | "x-forwarded-for" | "x-forwarded-host"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_never_reappears_in_the_masked_url() {
        // Found by the `boundary` fuzz target (tests/fuzz): the password reappeared in the
        // URL's fragment, which was shown as it was.
        let bytes = b"K://\xaa\xc6\xc5\xc5,\xc5\xc5\xc5\xda$\x00\x00\x00\x00\x00\x00\x00\x80:\xd20@\x85....#\x85K://\xaa:::\xd3:::%$\x00\x00\x00\x00\x00\x00\x00\x80:\xd20@\x85..\x80";
        let text = String::from_utf8_lossy(bytes);
        let password = reqwest::Url::parse(&text).ok().and_then(|u| u.password().map(str::to_owned));
        let masked = mask_url(&text);
        if let Some(password) = password {
            assert!(!masked.contains(&format!(":{password}@")), "{masked}");
        }
        assert_eq!(mask_url("https://bot:hunter2hunter2@hooks.example.com/x#t0ken"), "https://bot:********@hooks.example.com/x#********");
        // The second find: the password written again in the path.
        let text = String::from_utf8_lossy(b"KK10\x0a0://:\xe3\x80@10\x0a0://:\xe3\x80@\x85");
        let password = reqwest::Url::parse(&text).ok().and_then(|u| u.password().map(str::to_owned)).expect("the URL has a password");
        assert!(!mask_url(&text).contains(&password), "{}", mask_url(&text));
        assert_eq!(mask_url("https://u:s3cr3tvalue@example.com/copy/s3cr3tvalue"), "https://u:********@example.com/copy/********");
    }

    fn boundary(allowed: &[&str]) -> Boundary {
        Boundary::new(Vec::new(), allowed.iter().map(|s| s.to_string()).collect(), "http://search.example.net:9200")
    }

    #[tokio::test]
    async fn internal_and_encoded_addresses_are_refused() {
        let b = boundary(&[]);
        for bad in [
            "http://127.0.0.1:9200/_cluster/settings",
            "http://2130706433/",
            "http://0x7f.1/",
            "http://0/",
            "http://[::1]/",
            "http://[::ffff:127.0.0.1]/",
            "http://[::ffff:a9fe:a9fe]/",
            "http://[64:ff9b::a9fe:a9fe]/",
            "http://[2002:a00:1::]/",
            "http://[fd00::1]/",
            "http://[fe80::1]/",
            "http://169.254.169.254/latest/meta-data/",
            "http://10.0.0.5/",
            "http://172.16.1.1/",
            "http://192.168.1.1/",
            "http://100.64.0.1/",
            "http://localhost:9200/",
            "http://api.localhost/",
            "http://metadata.google.internal/",
            "http://search.example.net:9200/_bulk",
            "file:///etc/passwd",
            "gopher://example.com/",
            "http://exa\nmple.com/",
            "",
        ] {
            assert!(b.check_channel_url(bad).await.is_err(), "{bad:?}");
        }
        assert_eq!(b.check_channel_url(" https://hooks.slack.com/services/T1/B2/x ").await.unwrap(), "https://hooks.slack.com/services/T1/B2/x");
        assert_eq!(b.check_channel_url("http://8.8.8.8/hook").await.unwrap(), "http://8.8.8.8/hook");
    }

    #[tokio::test]
    async fn an_allow_listed_host_is_let_through() {
        let b = boundary(&["127.0.0.1", "[::1]"]);
        assert_eq!(b.check_channel_url("http://127.0.0.1:18099/hook").await.unwrap(), "http://127.0.0.1:18099/hook");
        assert!(b.check_channel_url("http://[::1]:1/").await.is_ok());
        assert!(b.check_channel_url("http://127.0.0.2/").await.is_err());
    }

    #[test]
    fn secrets_are_masked() {
        assert_eq!(mask_url("https://hooks.slack.com/services/T0123ABCD/B0456EFGH/abcdefgh1jklmnopqrstuvwx"), "https://hooks.slack.com/services/********/********/********");
        assert_eq!(mask_url("https://hooks.chime.aws/incomingwebhooks/abc?token=s3cr3t"), "https://hooks.chime.aws/incomingwebhooks/abc?token=********");
        assert_eq!(mask_url("https://user:pw@example.com/hook"), "https://user:********@example.com/hook");
        assert_eq!(mask_url("http://127.0.0.1:18099/hook"), "http://127.0.0.1:18099/hook");
        assert_eq!(mask_header("Authorization", "Bearer x"), MASK);
        assert_eq!(mask_header("X-Api-Key", "x"), MASK);
        assert_eq!(mask_header("Content-Type", "application/json"), "application/json");
        assert!(forbidden_header("Host") && forbidden_header("transfer-encoding") && !forbidden_header("X-Team"));
    }
}
