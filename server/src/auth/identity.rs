//! The identity service: it alone owns the `users`, `sessions` and `api_tokens` tables.
//! Sign-in checks, session lookups (idle and absolute expiry), API tokens (named, expiring,
//! revocable, hashed at rest) and accounts from an identity provider all go through here.

use std::time::Duration;

use app::api::{ApiToken, NewApiToken};
use chrono::Utc;
use sqlx::SqlitePool;

use super::{User, passwords, secret};
use crate::{
    db::{now, timestamp},
    error::{ApiError, ApiResult},
};

/// How long sessions live.
#[derive(Clone, Copy, Debug)]
pub struct SessionLimits {
    /// Signed out after this long without a request.
    pub idle: Duration,
    /// Signed out after this long whatever happens.
    pub absolute: Duration,
}

impl Default for SessionLimits {
    fn default() -> Self {
        SessionLimits { idle: Duration::from_secs(8 * 3600), absolute: Duration::from_secs(7 * 24 * 3600) }
    }
}

/// A session found by its cookie.
pub struct LiveSession {
    pub user: User,
    pub csrf: String,
    /// The team it acts in, when one was chosen.
    pub team: Option<String>,
    /// The stored (hashed) id, to change the session by.
    pub id_hash: String,
}

/// A new session: the cookie's secret (never stored) and the session's CSRF token.
pub struct NewSession {
    pub secret: String,
    pub csrf: String,
}

#[derive(Clone)]
pub struct IdentityService {
    db: SqlitePool,
    limits: SessionLimits,
}

#[derive(sqlx::FromRow)]
struct UserRow {
    id: String,
    username: String,
    display_name: String,
    password_hash: Option<String>,
    provider: String,
    groups: String,
    is_admin: bool,
    disabled: bool,
}

impl From<UserRow> for User {
    fn from(r: UserRow) -> User {
        User {
            id: r.id,
            username: r.username,
            display_name: r.display_name,
            provider: r.provider,
            groups: serde_json::from_str(&r.groups).unwrap_or_default(),
            is_admin: r.is_admin,
        }
    }
}

/// `SELECT` of a user row, with a `WHERE` clause.
macro_rules! select_user {
    ($filter:literal) => {
        concat!("SELECT id, username, display_name, password_hash, provider, groups, is_admin, disabled FROM users WHERE ", $filter)
    };
}

/// User names: what people type to sign in, and what lists show.
pub fn check_username(name: &str) -> ApiResult<()> {
    let ok_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@');
    if name.is_empty() || name.len() > 64 || !name.chars().all(ok_char) {
        return Err(ApiError::field("username", "Must be 1 to 64 letters, digits, '.', '_', '-' or '@'."));
    }
    Ok(())
}

impl IdentityService {
    pub fn new(db: SqlitePool, limits: SessionLimits) -> Self {
        IdentityService { db, limits }
    }

    pub async fn count_users(&self) -> ApiResult<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&self.db).await?)
    }

    /// A local account with a password.
    pub async fn create_local(&self, username: &str, password: &str, is_admin: bool) -> ApiResult<User> {
        check_username(username)?;
        let hash = passwords::hash(password)?;
        let id = uuid::Uuid::new_v4().simple().to_string();
        let inserted = sqlx::query(
            "INSERT INTO users (id, username, display_name, password_hash, provider, is_admin, created_at) \
             VALUES (?, ?, ?, ?, 'local', ?, ?) ON CONFLICT (username) DO NOTHING",
        )
        .bind(&id)
        .bind(username)
        .bind(username)
        .bind(&hash)
        .bind(is_admin)
        .bind(now())
        .execute(&self.db)
        .await?;
        if inserted.rows_affected() == 0 {
            return Err(ApiError::Conflict { message: format!("A user named {username:?} exists already."), errors: [("username".to_owned(), "Taken.".to_owned())].into() });
        }
        self.user(&id).await?.ok_or_else(|| ApiError::internal("user vanished after insert"))
    }

    /// The enabled account named `username`, or without a name the first administrator
    /// (whom `monitor-studio admin token` issues tokens for by default).
    pub async fn user_named(&self, username: Option<&str>) -> ApiResult<Option<User>> {
        let row = match username {
            Some(name) => sqlx::query_as::<_, UserRow>(select_user!("username = ? AND disabled = 0")).bind(name).fetch_optional(&self.db).await?,
            None => sqlx::query_as::<_, UserRow>(select_user!("is_admin = 1 AND disabled = 0 ORDER BY created_at LIMIT 1")).fetch_optional(&self.db).await?,
        };
        Ok(row.map(User::from))
    }

    pub async fn user(&self, id: &str) -> ApiResult<Option<User>> {
        let row = sqlx::query_as::<_, UserRow>(select_user!("id = ? AND disabled = 0"))
            .bind(id)
            .fetch_optional(&self.db)
            .await?;
        Ok(row.map(User::from))
    }

    /// The account a user name and password sign in to. A wrong name costs the same time
    /// as a wrong password, so answers do not tell which accounts exist.
    pub async fn check_password(&self, username: &str, password: &str) -> ApiResult<Option<User>> {
        let row = sqlx::query_as::<_, UserRow>(select_user!("username = ? AND provider = 'local'"))
            .bind(username)
            .fetch_optional(&self.db)
            .await?;
        let stored = row.as_ref().and_then(|r| r.password_hash.clone());
        let password = password.to_owned();
        let matches = tokio::task::spawn_blocking(move || passwords::verify(&password, stored.as_deref().unwrap_or(passwords::decoy())))
            .await
            .map_err(ApiError::internal)?;
        Ok(row.filter(|r| matches && r.password_hash.is_some() && !r.disabled).map(User::from))
    }

    /// The account of a person an identity provider vouches for, created on first sign-in
    /// and updated (name, groups, administrator) on every one after.
    pub async fn external_user(&self, provider: &str, subject: &str, username: &str, display_name: &str, groups: &[String], is_admin: bool) -> ApiResult<User> {
        check_username(username)?;
        let groups_json = serde_json::to_string(groups).map_err(ApiError::internal)?;
        let mut tx = self.db.begin_with("BEGIN IMMEDIATE").await?;
        let existing: Option<String> = sqlx::query_scalar("SELECT id FROM users WHERE provider = ? AND subject = ?")
            .bind(provider)
            .bind(subject)
            .fetch_optional(&mut *tx)
            .await?;
        let id = match existing {
            Some(id) => {
                sqlx::query("UPDATE users SET display_name = ?, groups = ?, is_admin = ? WHERE id = ?")
                    .bind(display_name)
                    .bind(&groups_json)
                    .bind(is_admin)
                    .bind(&id)
                    .execute(&mut *tx)
                    .await?;
                id
            }
            None => {
                let id = uuid::Uuid::new_v4().simple().to_string();
                // A local account of the same name is someone else: never merged.
                let taken: Option<String> = sqlx::query_scalar("SELECT id FROM users WHERE username = ?").bind(username).fetch_optional(&mut *tx).await?;
                let username = if taken.is_some() { format!("{username}@{provider}") } else { username.to_owned() };
                sqlx::query(
                    "INSERT INTO users (id, username, display_name, provider, subject, groups, is_admin, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                )
                .bind(&id)
                .bind(&username)
                .bind(display_name)
                .bind(provider)
                .bind(subject)
                .bind(&groups_json)
                .bind(is_admin)
                .bind(now())
                .execute(&mut *tx)
                .await?;
                id
            }
        };
        tx.commit().await?;
        self.user(&id).await?.ok_or_else(|| ApiError::Invalid { message: "This account is disabled.".into(), errors: Default::default() })
    }

    // ---- sessions

    pub async fn create_session(&self, user: &User) -> ApiResult<NewSession> {
        let session = NewSession { secret: secret::random(), csrf: secret::random() };
        let now = Utc::now();
        let expires = now + chrono::Duration::from_std(self.limits.absolute).map_err(ApiError::internal)?;
        sqlx::query("INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)")
            .bind(secret::hash(&session.secret))
            .bind(&user.id)
            .bind(&session.csrf)
            .bind(timestamp(now))
            .bind(timestamp(now))
            .bind(timestamp(expires))
            .execute(&self.db)
            .await?;
        sqlx::query("UPDATE users SET last_sign_in_at = ? WHERE id = ?").bind(timestamp(now)).bind(&user.id).execute(&self.db).await?;
        Ok(session)
    }

    /// A live session: its user, CSRF token and the team it acts in (`None`: the user's
    /// first); an expired one is deleted on the way.
    pub async fn session(&self, secret_value: &str) -> ApiResult<Option<LiveSession>> {
        let id_hash = secret::hash(secret_value);
        let row: Option<(String, String, String, String, Option<String>)> =
            sqlx::query_as("SELECT user_id, csrf_token, last_seen_at, expires_at, team_id FROM sessions WHERE id_hash = ?").bind(&id_hash).fetch_optional(&self.db).await?;
        let Some((user_id, csrf, last_seen, expires, team)) = row else { return Ok(None) };
        let now = Utc::now();
        let idle_limit = timestamp(now - chrono::Duration::from_std(self.limits.idle).map_err(ApiError::internal)?);
        if expires <= timestamp(now) || last_seen <= idle_limit {
            sqlx::query("DELETE FROM sessions WHERE id_hash = ?").bind(&id_hash).execute(&self.db).await?;
            return Ok(None);
        }
        // Idle time counts from the last request; writing at most once a minute keeps reads cheap.
        if last_seen <= timestamp(now - chrono::Duration::seconds(60)) {
            sqlx::query("UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?").bind(timestamp(now)).bind(&id_hash).execute(&self.db).await?;
        }
        Ok(self.user(&user_id).await?.map(|user| LiveSession { user, csrf, team, id_hash }))
    }

    /// The team the session acts in from now on.
    pub async fn set_session_team(&self, id_hash: &str, team_id: &str) -> ApiResult<()> {
        sqlx::query("UPDATE sessions SET team_id = ? WHERE id_hash = ?").bind(team_id).bind(id_hash).execute(&self.db).await?;
        Ok(())
    }

    /// The team a person without a session (a proxy's) last switched to.
    pub async fn user_team(&self, user_id: &str) -> ApiResult<Option<String>> {
        Ok(sqlx::query_scalar::<_, Option<String>>("SELECT team_id FROM users WHERE id = ?").bind(user_id).fetch_optional(&self.db).await?.flatten())
    }

    /// The team a person without a session acts in from now on.
    pub async fn set_user_team(&self, user_id: &str, team_id: &str) -> ApiResult<()> {
        sqlx::query("UPDATE users SET team_id = ? WHERE id = ?").bind(team_id).bind(user_id).execute(&self.db).await?;
        Ok(())
    }

    pub async fn end_session(&self, secret_value: &str) -> ApiResult<()> {
        sqlx::query("DELETE FROM sessions WHERE id_hash = ?").bind(secret::hash(secret_value)).execute(&self.db).await?;
        Ok(())
    }

    /// Signs the user out of every browser; answers how many sessions ended.
    pub async fn end_all_sessions(&self, user_id: &str) -> ApiResult<u64> {
        Ok(sqlx::query("DELETE FROM sessions WHERE user_id = ?").bind(user_id).execute(&self.db).await?.rows_affected())
    }

    // ---- API tokens

    /// A new token for `user`, acting in `team` (`None`: the user's first team): its secret
    /// is in the answer, once, and never again.
    pub async fn create_token(&self, user: &User, team: Option<&str>, request: &NewApiToken) -> ApiResult<(ApiToken, String)> {
        let name = request.name.trim();
        if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
            return Err(ApiError::field("name", "Must be 1 to 100 characters, without control characters."));
        }
        let expires_at = match request.expires_in_days {
            None => None,
            Some(days @ 1..=366) => Some(timestamp(Utc::now() + chrono::Duration::days(i64::from(days)))),
            Some(_) => return Err(ApiError::field("expires_in_days", "Must be between 1 and 366 days, or left out for no expiry.")),
        };
        let token = format!("ms_{}", secret::random());
        let id = uuid::Uuid::new_v4().simple().to_string();
        let prefix = token[..10].to_owned();
        let created_at = now();
        sqlx::query("INSERT INTO api_tokens (id, user_id, name, token_hash, prefix, created_at, expires_at, team_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
            .bind(&id)
            .bind(&user.id)
            .bind(name)
            .bind(secret::hash(&token))
            .bind(&prefix)
            .bind(&created_at)
            .bind(&expires_at)
            .bind(team)
            .execute(&self.db)
            .await?;
        let info = ApiToken { id, name: name.to_owned(), prefix, created_at: created_at.clone(), expires_at, last_used_at: None, revoked_at: None };
        Ok((info, token))
    }

    pub async fn tokens(&self, user: &User) -> ApiResult<Vec<ApiToken>> {
        let rows: Vec<(String, String, String, String, Option<String>, Option<String>, Option<String>)> = sqlx::query_as(
            "SELECT id, name, prefix, created_at, expires_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = ? ORDER BY created_at DESC",
        )
        .bind(&user.id)
        .fetch_all(&self.db)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, name, prefix, created_at, expires_at, last_used_at, revoked_at)| ApiToken { id, name, prefix, created_at, expires_at, last_used_at, revoked_at })
            .collect())
    }

    /// Revokes one of the user's own tokens; another user's token is "not found".
    pub async fn revoke_token(&self, user: &User, id: &str) -> ApiResult<()> {
        let done = sqlx::query("UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ? AND user_id = ?")
            .bind(now())
            .bind(id)
            .bind(&user.id)
            .execute(&self.db)
            .await?;
        if done.rows_affected() == 0 {
            return Err(ApiError::not_found("No such API token."));
        }
        Ok(())
    }

    /// The owner of a live token and the team it acts in (never more than the owner may
    /// do: the token *is* the owner, in one of the owner's teams).
    pub async fn token_user(&self, token: &str) -> ApiResult<Option<(User, Option<String>)>> {
        let row: Option<(String, String, Option<String>, Option<String>, Option<String>, Option<String>)> =
            sqlx::query_as("SELECT id, user_id, expires_at, revoked_at, last_used_at, team_id FROM api_tokens WHERE token_hash = ?")
                .bind(secret::hash(token))
                .fetch_optional(&self.db)
                .await?;
        let Some((id, user_id, expires_at, revoked_at, last_used, team)) = row else { return Ok(None) };
        let now = Utc::now();
        if revoked_at.is_some() || expires_at.is_some_and(|e| e <= timestamp(now)) {
            return Ok(None);
        }
        // Last use to the minute: a tool's every request must not be a disk write.
        if last_used.is_none_or(|t| t <= timestamp(now - chrono::Duration::seconds(60))) {
            sqlx::query("UPDATE api_tokens SET last_used_at = ? WHERE id = ?").bind(timestamp(now)).bind(&id).execute(&self.db).await?;
        }
        Ok(self.user(&user_id).await?.map(|user| (user, team)))
    }
}
