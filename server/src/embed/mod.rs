//! Embedding: the service that alone owns the `embed_apps` table, and the check of signed
//! embed links. An administrator registers an application (its framing origins, the teams
//! and grants its links may name, and an HS256 secret made here or an Ed25519 public key);
//! the application's backend signs short-lived JWTs ([`EmbedClaims`]) and puts them in the
//! iframe's URL. [`EmbedService::verify`] turns a token into an [`EmbedAccess`] or a
//! [`Refusal`] that says exactly why (expired, tampered, wrongly signed, over-scoped).
//! What an accepted link may then do is checked per operation from the route list
//! (`EMBED`), in [`crate::auth::authorize_operation`]; its locked parameters in [`locks`].

pub mod locks;
pub mod pages;
pub mod routes;

use app::api::{CreatedEmbedApp, EmbedAlgorithm, EmbedApp, EmbedClaims, EmbedGrant, EmbedPage, EmbedView, LOCKABLE, NewEmbedApp};
use base64::Engine;
use jsonwebtoken::{Algorithm, DecodingKey, Validation, errors::ErrorKind};
use sqlx::SqlitePool;
use std::{
    sync::{Arc, RwLock},
    time::{Duration, Instant},
};

use crate::{
    db::now,
    error::{ApiError, ApiResult},
    secrets::SecretBox,
};

/// The longest a link may live: from its `iat`, and from now.
pub const MAX_LIFETIME_SECONDS: i64 = 3600;
/// Clock skew tolerated between the host's backend and this server.
const LEEWAY_SECONDS: u64 = 30;

/// An accepted link: which application, what it names, and the token itself (the page's
/// own API calls send it back).
#[derive(Clone, Debug)]
pub struct EmbedAccess {
    pub app_id: String,
    pub app_name: String,
    pub origins: Vec<String>,
    pub claims: EmbedClaims,
    pub token: String,
}

impl EmbedAccess {
    pub fn grants(&self, grant: EmbedGrant) -> bool {
        grant == EmbedGrant::Read || self.claims.grants.contains(&grant)
    }

    pub fn view(&self) -> EmbedView {
        EmbedView {
            app: self.app_name.clone(),
            origins: self.origins.clone(),
            page: self.claims.page,
            monitor_id: self.claims.monitor_id.clone(),
            params: self.claims.params.clone(),
            locked: self.claims.locked.clone(),
            grants: self.claims.grants.clone(),
            token: self.token.clone(),
        }
    }
}

/// Why a link is refused, in words for the refusal page, with the origins that may frame
/// that page (the named application's, when it is known).
#[derive(Clone, Debug)]
pub struct Refusal {
    pub status: u16,
    pub message: String,
    pub origins: Vec<String>,
}

impl Refusal {
    fn new(status: u16, message: impl Into<String>, origins: &[String]) -> Refusal {
        Refusal { status, message: message.into(), origins: origins.to_vec() }
    }
}

/// A registered application with its key material (the secret still sealed).
#[derive(Clone)]
struct Registered {
    app: EmbedApp,
    secret: Option<Vec<u8>>,
    public_key: Option<String>,
}

/// How long the applications read from the table serve embed links before they are read
/// again. Changes made through this process take effect at once; another process's (several
/// servers on one database) within this time.
const CACHE_FOR: Duration = Duration::from_secs(5);

#[derive(Clone)]
pub struct EmbedService {
    db: SqlitePool,
    /// Every registered application and when it was read: each embed page and API call
    /// needs one, so they are not read from the table every time.
    cache: Arc<RwLock<Option<Snapshot>>>,
}

/// The table as read at a time.
type Snapshot = (Instant, Arc<Vec<Registered>>);

type Row = (String, String, String, String, String, String, Option<Vec<u8>>, Option<String>, String, String);

macro_rules! columns {
    () => {
        "id, name, origins, teams, grants, algorithm, secret, public_key, created_by, created_at"
    };
}

impl EmbedService {
    pub fn new(db: SqlitePool) -> Self {
        EmbedService { db, cache: Arc::default() }
    }

    /// Every registered application, by name.
    async fn all(&self) -> ApiResult<Arc<Vec<Registered>>> {
        if let Some((read_at, all)) = self.cache.read().unwrap_or_else(|e| e.into_inner()).as_ref()
            && read_at.elapsed() < CACHE_FOR
        {
            return Ok(all.clone());
        }
        let rows: Vec<Row> = sqlx::query_as(concat!("SELECT ", columns!(), " FROM embed_apps ORDER BY name")).fetch_all(&self.db).await?;
        let all = Arc::new(rows.into_iter().map(registered).collect::<ApiResult<Vec<_>>>()?);
        *self.cache.write().unwrap_or_else(|e| e.into_inner()) = Some((Instant::now(), all.clone()));
        Ok(all)
    }

    /// After a change to the table: the next read sees it.
    fn forget(&self) {
        *self.cache.write().unwrap_or_else(|e| e.into_inner()) = None;
    }

    pub async fn list(&self) -> ApiResult<Vec<EmbedApp>> {
        Ok(self.all().await?.iter().map(|r| r.app.clone()).collect())
    }

    async fn get(&self, id: &str) -> ApiResult<Option<Registered>> {
        Ok(self.all().await?.iter().find(|r| r.app.id == id).cloned())
    }

    /// Registers an application; `known_teams` are the ids its teams must be among.
    pub async fn create(&self, request: &NewEmbedApp, created_by: &str, secrets: &SecretBox, known_teams: &[String]) -> ApiResult<CreatedEmbedApp> {
        let name = request.name.trim();
        if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
            return Err(ApiError::field("name", "Give the application a name of 1 to 100 characters."));
        }
        let origins = check_origins(&request.origins)?;
        if request.teams.is_empty() {
            return Err(ApiError::field("teams", "Name at least one team the application's links may act in."));
        }
        if let Some(unknown) = request.teams.iter().find(|t| !known_teams.contains(t)) {
            return Err(ApiError::field("teams", format!("No team with id {unknown:?}.")));
        }
        let mut grants = request.grants.clone();
        grants.sort();
        grants.dedup();
        let id = uuid::Uuid::new_v4().simple().to_string();
        let (secret, sealed, public_key) = match request.algorithm {
            EmbedAlgorithm::HS256 => {
                if request.public_key.is_some() {
                    return Err(ApiError::field("public_key", "HS256 applications get a secret from Monitor Studio; a public key is for EdDSA."));
                }
                let mut bytes = [0u8; 32];
                getrandom::fill(&mut bytes).map_err(ApiError::internal)?;
                let secret = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
                let sealed = secrets.seal(secret.as_bytes(), &format!("embed:{id}"))?;
                (Some(secret), Some(sealed), None)
            }
            EmbedAlgorithm::EdDSA => {
                let pem = request.public_key.as_deref().map(str::trim).unwrap_or_default();
                if DecodingKey::from_ed_pem(pem.as_bytes()).is_err() {
                    return Err(ApiError::field("public_key", "An Ed25519 public key in PEM (-----BEGIN PUBLIC KEY-----) is needed for EdDSA."));
                }
                (None, None, Some(pem.to_owned()))
            }
        };
        let result = sqlx::query(concat!("INSERT INTO embed_apps (", columns!(), ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"))
            .bind(&id)
            .bind(name)
            .bind(json(&origins))
            .bind(json(&request.teams))
            .bind(json(&grants))
            .bind(<&str>::from(request.algorithm))
            .bind(sealed)
            .bind(public_key)
            .bind(created_by)
            .bind(now())
            .execute(&self.db)
            .await;
        match result {
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => return Err(ApiError::field("name", "An application with this name is registered already.")),
            other => other?,
        };
        self.forget();
        let app = self.get(&id).await?.ok_or_else(|| ApiError::internal("the application just registered is gone"))?.app;
        Ok(CreatedEmbedApp { app, secret })
    }

    pub async fn delete(&self, id: &str) -> ApiResult<()> {
        let done = sqlx::query("DELETE FROM embed_apps WHERE id = ?").bind(id).execute(&self.db).await?;
        self.forget();
        if done.rows_affected() == 0 { Err(ApiError::not_found(format!("No embedding application {id:?}."))) } else { Ok(()) }
    }

    /// Every origin some application may frame the embed pages from (for pages opened
    /// with the person's own session).
    pub async fn all_origins(&self) -> ApiResult<Vec<String>> {
        let mut all: Vec<String> = self.list().await?.into_iter().flat_map(|a| a.origins).collect();
        all.sort();
        all.dedup();
        Ok(all)
    }

    /// Checks a link's token: signature, expiry, lifetime, and that it asks no more than its
    /// application may grant.
    pub async fn verify(&self, token: &str, secrets: &SecretBox) -> Result<EmbedAccess, Refusal> {
        let refuse = |message: &str| Refusal::new(401, message, &[]);
        let header = jsonwebtoken::decode_header(token).map_err(|_| refuse("This embed link's token is not a signed token (JWT)."))?;
        let iss = unverified_issuer(token).ok_or_else(|| refuse("This embed link's token names no application (iss)."))?;
        let registered = match self.get(&iss).await {
            Ok(Some(r)) => r,
            Ok(None) => return Err(refuse("This embed link was made by an application that is not registered here.")),
            Err(e) => return Err(Refusal::new(503, format!("Embed links cannot be checked right now: {e}"), &[])),
        };
        let origins = registered.app.origins.clone();
        let refuse = |status: u16, message: &str| Refusal::new(status, message, &origins);
        let (algorithm, key) = match (registered.app.algorithm, &registered.secret, &registered.public_key) {
            (EmbedAlgorithm::HS256, Some(sealed), _) => {
                let secret = secrets.open(sealed, &format!("embed:{}", registered.app.id)).map_err(|e| refuse(503, &e.to_string()))?;
                (Algorithm::HS256, DecodingKey::from_secret(&secret))
            }
            (EmbedAlgorithm::EdDSA, _, Some(pem)) => (Algorithm::EdDSA, DecodingKey::from_ed_pem(pem.as_bytes()).map_err(|e| refuse(503, &e.to_string()))?),
            _ => return Err(refuse(503, "The application's key is missing: register it again.")),
        };
        if header.alg != algorithm {
            return Err(refuse(401, &format!("This embed link is signed with {:?}; its application signs with {}.", header.alg, <&str>::from(registered.app.algorithm))));
        }
        let mut validation = Validation::new(algorithm);
        validation.set_issuer(&[&registered.app.id]);
        validation.set_required_spec_claims(&["exp", "iss"]);
        validation.validate_aud = false;
        validation.leeway = LEEWAY_SECONDS;
        let claims = match jsonwebtoken::decode::<EmbedClaims>(token, &key, &validation) {
            Ok(data) => data.claims,
            Err(e) => {
                return Err(match e.kind() {
                    ErrorKind::ExpiredSignature => refuse(401, "This embed link has expired: the page that shows it must make a new one."),
                    ErrorKind::InvalidSignature => refuse(401, "This embed link's signature is wrong: it was changed, or signed with another key."),
                    _ => refuse(401, &format!("This embed link's token cannot be read: {e}.")),
                });
            }
        };
        let now = chrono::Utc::now().timestamp();
        if claims.exp - now > MAX_LIFETIME_SECONDS + LEEWAY_SECONDS as i64 || claims.iat.is_some_and(|iat| claims.exp - iat > MAX_LIFETIME_SECONDS) {
            return Err(refuse(403, "This embed link lives longer than an hour: make short-lived links."));
        }
        if !registered.app.teams.contains(&claims.team) {
            return Err(refuse(403, "This embed link names a team its application may not act in."));
        }
        if let Some(grant) = claims.grants.iter().find(|g| **g != EmbedGrant::Read && !registered.app.grants.contains(g)) {
            return Err(refuse(403, &format!("This embed link grants {:?}, which its application may not grant.", <&str>::from(*grant))));
        }
        if let Some(unknown) = claims.locked.iter().find(|l| !LOCKABLE.contains(&l.as_str())) {
            return Err(refuse(403, &format!("This embed link locks {unknown:?}, which is no parameter.")));
        }
        if (claims.page == EmbedPage::Monitor) != claims.monitor_id.is_some() {
            return Err(refuse(403, "A status card's link names its monitor (monitor_id), and only a status card's does."));
        }
        Ok(EmbedAccess { app_id: registered.app.id, app_name: registered.app.name, origins, claims, token: token.to_owned() })
    }
}

/// The `iss` of a token before its signature is checked: which key to check it with.
fn unverified_issuer(token: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Iss {
        iss: String,
    }
    let payload = token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload).ok()?;
    serde_json::from_slice::<Iss>(&bytes).ok().map(|c| c.iss)
}

/// Origins as browsers send them: `scheme://host[:port]`, http(s) only, no path.
fn check_origins(origins: &[String]) -> ApiResult<Vec<String>> {
    if origins.is_empty() || origins.len() > 20 {
        return Err(ApiError::field("origins", "Name 1 to 20 origins that may frame the embed pages."));
    }
    origins
        .iter()
        .map(|o| {
            let o = o.trim().trim_end_matches('/');
            let url = url::Url::parse(o).map_err(|_| ApiError::field("origins", format!("{o:?} is not an origin (https://tool.example.com).")))?;
            let origin = url.origin().ascii_serialization();
            if !matches!(url.scheme(), "http" | "https") || origin != o || o.contains('*') {
                return Err(ApiError::field("origins", format!("{o:?} is not an origin: scheme, host and port only (https://tool.example.com).")));
            }
            Ok(origin)
        })
        .collect()
}

fn registered((id, name, origins, teams, grants, algorithm, secret, public_key, created_by, created_at): Row) -> ApiResult<Registered> {
    let list = |text: &str| serde_json::from_str::<Vec<String>>(text).map_err(ApiError::internal);
    Ok(Registered {
        app: EmbedApp {
            id,
            name,
            origins: list(&origins)?,
            teams: list(&teams)?,
            grants: serde_json::from_str(&grants).map_err(ApiError::internal)?,
            algorithm: algorithm.parse().map_err(ApiError::internal)?,
            created_by,
            created_at,
        },
        secret,
        public_key,
    })
}

/// JSON text of a list kept in one column.
fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "[]".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_scheme_host_and_port_only() {
        assert_eq!(check_origins(&["https://tool.example.com/".into(), "http://127.0.0.1:8080".into()]).unwrap(), ["https://tool.example.com", "http://127.0.0.1:8080"]);
        for bad in ["tool.example.com", "https://tool.example.com/path", "javascript:alert(1)", "file:///etc", "*", "https://*.example.com"] {
            assert!(check_origins(&[bad.into()]).is_err(), "{bad}");
        }
        assert!(check_origins(&[]).is_err());
    }

    #[test]
    fn the_issuer_is_read_before_the_signature() {
        let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(br#"{"iss":"app1","exp":1}"#);
        assert_eq!(unverified_issuer(&format!("e30.{payload}.sig")).as_deref(), Some("app1"));
        assert_eq!(unverified_issuer("garbage"), None);
    }
}
