//! The local OIDC provider the sign-in tests use: `scripts/keycloak` (Keycloak in dev mode on
//! 127.0.0.1) with the realm imported from `scripts/keycloak.d/realm-monitor-studio.json`.
//! These tests pin what Monitor Studio's OIDC sign-in relies on: discovery, the confidential
//! client `monitor-studio` with PKCE S256 required and loopback redirect URIs only, and the
//! `groups` claim of alice and bob in the ID token and userinfo.
//!
//! `scripts/test` starts Keycloak and sets `MONITOR_STUDIO_TEST_OIDC_ISSUER`, `_CLIENT_ID`,
//! `_CLIENT_SECRET` and `_REALM_FILE`; when Keycloak could not start it says so loudly and
//! these tests only report that they had no provider.

use std::collections::BTreeMap;

use reqwest::{StatusCode, header};
use serde_json::Value;

struct Provider {
    issuer: String,
    client_id: String,
    client_secret: String,
    passwords: BTreeMap<String, String>,
    http: reqwest::Client,
    discovery: Value,
}

impl Provider {
    /// `None` (and a loud line) when scripts/test had no Keycloak to offer.
    async fn from_env() -> Option<Provider> {
        let Ok(issuer) = std::env::var("MONITOR_STUDIO_TEST_OIDC_ISSUER") else {
            eprintln!("!! MONITOR_STUDIO_TEST_OIDC_ISSUER is not set: no OIDC provider (scripts/keycloak start; scripts/test sets it)");
            return None;
        };
        let var = |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set (scripts/keycloak env prints it)"));
        let realm_file = var("MONITOR_STUDIO_TEST_OIDC_REALM_FILE");
        let realm: Value = serde_json::from_str(&std::fs::read_to_string(&realm_file).unwrap()).unwrap();
        let passwords = realm["users"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| (u["username"].as_str().unwrap().to_owned(), u["credentials"][0]["value"].as_str().unwrap().to_owned()))
            .collect();
        // No redirects followed: every hop of the code flow is looked at.
        let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let discovery: Value = http
            .get(format!("{issuer}/.well-known/openid-configuration"))
            .send()
            .await
            .expect("Keycloak answers")
            .json()
            .await
            .expect("a discovery document");
        Some(Provider {
            issuer,
            client_id: var("MONITOR_STUDIO_TEST_OIDC_CLIENT_ID"),
            client_secret: var("MONITOR_STUDIO_TEST_OIDC_CLIENT_SECRET"),
            passwords,
            http,
            discovery,
        })
    }

    fn endpoint(&self, name: &str) -> String {
        self.discovery[name].as_str().unwrap_or_else(|| panic!("no {name} in {}", self.discovery)).to_owned()
    }

    fn authorize_url(&self, redirect_uri: &str, challenge: Option<&str>) -> reqwest::Url {
        let mut url = reqwest::Url::parse(&self.endpoint("authorization_endpoint")).unwrap();
        url.query_pairs_mut()
            .append_pair("client_id", &self.client_id)
            .append_pair("response_type", "code")
            .append_pair("scope", "openid email profile")
            .append_pair("redirect_uri", redirect_uri)
            .append_pair("state", "state-123")
            .append_pair("nonce", "nonce-456");
        if let Some(challenge) = challenge {
            url.query_pairs_mut().append_pair("code_challenge", challenge).append_pair("code_challenge_method", "S256");
        }
        url
    }

    /// Signs `user` in through the login form; returns the authorization code, the verifier
    /// and the redirect URI it was issued for.
    async fn sign_in(&self, user: &str) -> (String, String, String) {
        let verifier = format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple());
        let challenge = base64url(&sha256(verifier.as_bytes()));
        let redirect_uri = "http://127.0.0.1:43117/auth/oidc/callback".to_owned();
        let page = self.http.get(self.authorize_url(&redirect_uri, Some(&challenge))).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::OK, "the login page");
        let cookies: Vec<String> = page
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok()?.split(';').next().map(str::to_owned))
            .collect();
        let html = page.text().await.unwrap();
        let action = html
            .split("action=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_else(|| panic!("no login form in {html}"))
            .replace("&amp;", "&");
        let password = &self.passwords[user];
        let posted = self
            .http
            .post(&action)
            .header(header::COOKIE, cookies.join("; "))
            .form(&[("username", user), ("password", password.as_str()), ("credentialId", "")])
            .send()
            .await
            .unwrap();
        assert_eq!(posted.status(), StatusCode::FOUND, "signing in as {user}: {}", posted.text().await.unwrap_or_default());
        let location = reqwest::Url::parse(posted.headers()[header::LOCATION].to_str().unwrap()).unwrap();
        assert!(location.as_str().starts_with(&redirect_uri), "{location}");
        let query: BTreeMap<String, String> = location.query_pairs().into_owned().collect();
        assert_eq!(query.get("state").map(String::as_str), Some("state-123"), "{location}");
        let code = query.get("code").unwrap_or_else(|| panic!("no code in {location}")).clone();
        (code, verifier, redirect_uri)
    }

    async fn exchange(&self, code: &str, verifier: &str, redirect_uri: &str, secret: &str) -> (StatusCode, Value) {
        let response = self
            .http
            .post(self.endpoint("token_endpoint"))
            .basic_auth(&self.client_id, Some(secret))
            .form(&[("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirect_uri), ("code_verifier", verifier)])
            .send()
            .await
            .unwrap();
        (response.status(), response.json().await.unwrap_or(Value::Null))
    }

    /// The ID token's claims and userinfo's answer for `user`.
    async fn claims_of(&self, user: &str) -> (Value, Value) {
        let (code, verifier, redirect_uri) = self.sign_in(user).await;
        let (status, tokens) = self.exchange(&code, &verifier, &redirect_uri, &self.client_secret).await;
        assert_eq!(status, StatusCode::OK, "{tokens}");
        let payload = tokens["id_token"].as_str().unwrap().split('.').nth(1).unwrap();
        let claims: Value = serde_json::from_slice(&base64url_decode(payload)).unwrap();
        let userinfo: Value = self
            .http
            .get(self.endpoint("userinfo_endpoint"))
            .bearer_auth(tokens["access_token"].as_str().unwrap())
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        (claims, userinfo)
    }
}

fn groups(v: &Value) -> Vec<String> {
    let mut g: Vec<String> = v["groups"].as_array().unwrap_or_else(|| panic!("no groups claim in {v}")).iter().map(|g| g.as_str().unwrap().to_owned()).collect();
    g.sort();
    g
}

#[tokio::test]
#[ignore = "needs the local Keycloak (scripts/test starts it)"]
async fn the_realm_signs_alice_and_bob_in_with_their_groups() {
    let Some(provider) = Provider::from_env().await else { return };
    assert_eq!(provider.discovery["issuer"], provider.issuer.as_str());
    assert!(provider.discovery["code_challenge_methods_supported"].as_array().unwrap().iter().any(|m| m == "S256"));

    let (alice, alice_info) = provider.claims_of("alice").await;
    assert_eq!(alice["iss"], provider.issuer.as_str());
    assert_eq!(alice["aud"], "monitor-studio", "{alice}");
    assert_eq!(alice["nonce"], "nonce-456");
    assert_eq!(alice["preferred_username"], "alice");
    assert_eq!(alice["email_verified"], true);
    assert_eq!(groups(&alice), ["monitor-studio-admins", "team-a"], "group names, not paths: {alice}");
    assert_eq!(groups(&alice_info), ["monitor-studio-admins", "team-a"], "{alice_info}");
    assert_eq!(alice_info["sub"], alice["sub"]);

    let (bob, bob_info) = provider.claims_of("bob").await;
    assert_eq!(groups(&bob), ["team-b"], "{bob}");
    assert_eq!(groups(&bob_info), ["team-b"], "{bob_info}");
    assert_eq!(bob["email"], "bob@example.test");
}

#[tokio::test]
#[ignore = "needs the local Keycloak (scripts/test starts it)"]
async fn the_client_requires_pkce_its_secret_and_a_loopback_redirect() {
    let Some(provider) = Provider::from_env().await else { return };
    let redirect_uri = "http://localhost:50999/auth/oidc/callback";

    // Any loopback port is accepted (RFC 8252); the login page is shown.
    let challenge = base64url(&sha256(b"a-verifier-that-is-long-enough-for-the-rules-of-pkce"));
    let ok = provider.http.get(provider.authorize_url(redirect_uri, Some(&challenge))).send().await.unwrap();
    assert_eq!(ok.status(), StatusCode::OK);

    // Without a code challenge: refused, back to the client with invalid_request.
    let no_pkce = provider.http.get(provider.authorize_url(redirect_uri, None)).send().await.unwrap();
    assert_eq!(no_pkce.status(), StatusCode::FOUND);
    let location = no_pkce.headers()[header::LOCATION].to_str().unwrap().to_owned();
    assert!(location.starts_with(redirect_uri) && location.contains("error=invalid_request"), "{location}");

    // Another host, or another path, is never redirected to.
    for foreign in ["http://attacker.example/auth/oidc/callback", "http://127.0.0.1:50999/elsewhere", "https://127.0.0.1.attacker.example/auth/oidc/callback"] {
        let refused = provider.http.get(provider.authorize_url(foreign, Some(&challenge))).send().await.unwrap();
        assert_eq!(refused.status(), StatusCode::BAD_REQUEST, "{foreign}");
        assert!(refused.headers().get(header::LOCATION).is_none(), "{foreign}");
    }

    // The code is worth nothing without the client's secret, or without the verifier.
    let (code, verifier, redirect_uri) = provider.sign_in("alice").await;
    let (status, body) = provider.exchange(&code, &verifier, &redirect_uri, "not-the-secret").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    let (code, _, redirect_uri) = provider.sign_in("alice").await;
    let (status, body) = provider.exchange(&code, "a-different-verifier-of-sufficient-length-0123456789", &redirect_uri, &provider.client_secret).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"], "invalid_grant", "{body}");
}

/// SHA-256 (FIPS 180-4), for the PKCE challenge.
fn sha256(data: &[u8]) -> [u8; 32] {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
        0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
        0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
        0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ];
    let mut h: [u32; 8] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    let mut message = data.to_vec();
    message.push(0x80);
    while message.len() % 64 != 56 {
        message.push(0);
    }
    message.extend_from_slice(&((data.len() as u64) * 8).to_be_bytes());
    for block in message.chunks(64) {
        let mut w = [0u32; 64];
        for (i, word) in block.chunks(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16].wrapping_add(s0).wrapping_add(w[i - 7]).wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = h;
        for i in 0..64 {
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let ch = (e & f) ^ (!e & g);
            let t1 = hh.wrapping_add(s1).wrapping_add(ch).wrapping_add(K[i]).wrapping_add(w[i]);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(maj);
            hh = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (slot, v) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
            *slot = slot.wrapping_add(v);
        }
    }
    let mut out = [0u8; 32];
    for (i, v) in h.iter().enumerate() {
        out[i * 4..i * 4 + 4].copy_from_slice(&v.to_be_bytes());
    }
    out
}

const B64URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Base64url without padding (RFC 7636's `BASE64URL-ENCODE`).
fn base64url(bytes: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16) | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8) | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..=chunk.len() {
            out.push(B64URL[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

fn base64url_decode(text: &str) -> Vec<u8> {
    let values: Vec<u32> = text.bytes().filter(|&b| b != b'=').map(|b| B64URL.iter().position(|&c| c == b).expect("base64url") as u32).collect();
    let mut out = Vec::new();
    for chunk in values.chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, v)| n | (v << (18 - 6 * i)));
        for i in 0..chunk.len().saturating_sub(1) {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    out
}

#[test]
fn sha256_and_base64url_match_the_pkce_example() {
    // RFC 7636, appendix B.
    assert_eq!(base64url(&sha256(b"dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    assert_eq!(base64url_decode(&base64url(b"any carnal pleas")), b"any carnal pleas");
    assert_eq!(base64url_decode(&base64url(b"any carnal pleasu")), b"any carnal pleasu");
}
