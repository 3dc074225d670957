//! The portal's own audit log: the service that alone owns the `audit_log` table. Every
//! state-changing API call is appended by [`crate::api`] (the one place every operation
//! passes through, so a new route cannot forget it), and every sign-in, successful or not,
//! by [`crate::auth`]. Nothing updates or deletes an entry; the table refuses it too.

use app::api::{AuditEntry, AuditList, AuditQuery};
use sqlx::SqlitePool;

use crate::{
    db::now,
    error::{ApiError, ApiResult},
};

/// What one entry records; the time is added when it is appended.
pub struct Event<'a> {
    pub actor: &'a str,
    pub team_id: Option<&'a str>,
    pub action: &'a str,
    pub target: &'a str,
    pub address: Option<std::net::IpAddr>,
    pub outcome: u16,
}

#[derive(Clone)]
pub struct AuditService {
    db: SqlitePool,
}

impl AuditService {
    pub fn new(db: SqlitePool) -> Self {
        AuditService { db }
    }

    /// Appends an entry. The action it records has happened already, so a failure to write
    /// is logged loudly rather than answered.
    pub async fn append(&self, event: Event<'_>) {
        let result = sqlx::query("INSERT INTO audit_log (at, actor, team_id, action, target, address, outcome) VALUES (?, ?, ?, ?, ?, ?, ?)")
            .bind(now())
            .bind(event.actor)
            .bind(event.team_id)
            .bind(event.action)
            .bind(event.target)
            .bind(event.address.map(|a| a.to_string()))
            .bind(i64::from(event.outcome))
            .execute(&self.db)
            .await;
        if let Err(error) = result {
            tracing::error!(%error, actor = event.actor, action = event.action, target = event.target, "could not append to the audit log");
        }
    }

    /// Entries matching `q`, newest first.
    pub async fn list(&self, q: &AuditQuery) -> ApiResult<AuditList> {
        let limit = q.limit.unwrap_or(100);
        if !(1..=1000).contains(&limit) {
            return Err(ApiError::field("limit", "Must be between 1 and 1000."));
        }
        let offset = q.offset.unwrap_or(0);
        if offset < 0 {
            return Err(ApiError::field("offset", "Must not be negative."));
        }
        macro_rules! filtered {
            ($select:literal, $rest:literal) => {
                concat!($select, " FROM audit_log WHERE (?1 IS NULL OR actor = ?1) AND (?2 IS NULL OR action = ?2) AND (?3 = 0 OR outcome >= 400)", $rest)
            };
        }
        let failed = q.failed.unwrap_or(false);
        let rows: Vec<(i64, String, String, Option<String>, String, String, Option<String>, i64)> = sqlx::query_as(filtered!(
            "SELECT id, at, actor, team_id, action, target, address, outcome",
            " ORDER BY id DESC LIMIT ?4 OFFSET ?5"
        ))
        .bind(&q.actor)
        .bind(&q.action)
        .bind(failed)
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.db)
        .await?;
        let total: i64 = sqlx::query_scalar(filtered!("SELECT COUNT(*)", ""))
            .bind(&q.actor)
            .bind(&q.action)
            .bind(failed)
            .fetch_one(&self.db)
            .await?;
        let entries = rows
            .into_iter()
            .map(|(id, at, actor, team_id, action, target, address, outcome)| AuditEntry { id, at, actor, team_id, action, target, address, outcome: outcome as u16 })
            .collect();
        Ok(AuditList { entries, total })
    }
}

pub mod routes {
    //! `GET /api/v1/audit` (administrators).
    use app::api::{AuditList, Call, ops};

    use crate::{api::Ctx, error::ApiResult};

    pub async fn list_audit(cx: Ctx, call: Call<ops::ListAudit>) -> ApiResult<AuditList> {
        cx.audit.list(&call.query).await
    }
}
